//! Outputs: exporters that turn results into bytes, and the one type that owns the output
//! folder ([`Staging`]).
//!
//! Every table, manifest and text file a command writes is made here, by a function that
//! takes result values (from `engine`, `batch`, `counterfactual`, `goal` and `results`) and
//! returns its bytes; the commands in `app` only call them and hand the bytes to their
//! `Staging`. (Plots are drawn by `plot`; the shard files that `gapsim merge` reads back are
//! `app`'s own.) Nothing here imports `app`, `cli` or `plot`. Tables are written as [`table`]
//! describes.
//!
//! A run is written into a temporary sibling folder and renamed into place only when every
//! file is complete, so a failed or interrupted run never leaves half-written results and never
//! clobbers an earlier run unless `--force` was given (and even then the old run is only
//! removed once the new one is in place).

pub mod calibration;
pub mod comparison;
pub mod explore;
pub mod export;
pub mod impact;
pub(crate) mod table;

use crate::interrupt::{self, PathGuard};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Errors about the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: output folder already exists (use --force to replace it, or --out to choose another)", .0.display())]
    Exists(PathBuf),
    #[error("{}: another gapsim run{} is writing this output folder; wait for it to finish or choose another --out", target.display(), holder.map_or(String::new(), |p| format!(" (process {p})")))]
    Busy {
        target: PathBuf,
        holder: Option<u32>,
    },
    #[error("{}: {what}: {source}{}", path.display(), hint(source))]
    Io {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
}

impl OutputError {
    /// Whether the user can resolve it by choosing differently (exit code 2) rather than it
    /// being a failure of the machine (exit code 1).
    pub fn is_users(&self) -> bool {
        !matches!(self, OutputError::Io { .. })
    }
}

/// What to do about the common I/O failures.
fn hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded => {
            " — the disk is full: free some space or write elsewhere with --out (nothing was kept)"
        }
        K::FileTooLarge => {
            " — a file-size limit was reached (ulimit -f): raise it or write elsewhere with --out (nothing was kept)"
        }
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            " — this folder cannot be written: choose another with --out"
        }
        K::NotADirectory => {
            " — part of the output path is a file, not a folder: choose another --out"
        }
        _ => "",
    }
}

fn io(path: &Path, what: &'static str) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, what, source }
}

/// A run folder being written: files go into a temporary folder until [`Staging::commit`].
///
/// While it lives it holds a lock on the target (`.<name>.lock` beside it, an OS file lock
/// that dies with the process), so two runs into the same folder cannot both write it: the
/// second is refused at once with [`OutputError::Busy`].
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
    _tmp_guard: PathGuard,
    _lock: OutputLock,
}

impl Staging {
    /// Checks, before any work starts, that a run may be written to `target` (it does not
    /// exist, or `force`; no other run is writing it; the folder beside it is writable), then
    /// locks it and creates the temporary folder. Leftovers of runs that were killed outright
    /// (their temporary folders) are removed now that no other run can own them.
    pub fn begin(target: &Path, force: bool) -> Result<Self, OutputError> {
        if target.exists() && !force {
            return Err(OutputError::Exists(target.to_path_buf()));
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if parent.exists() && !parent.is_dir() {
            let e = std::io::Error::from(std::io::ErrorKind::NotADirectory);
            return Err(io(parent, "cannot create output parent folder")(e));
        }
        std::fs::create_dir_all(parent)
            .map_err(io(parent, "cannot create output parent folder"))?;
        let name = target
            .file_name()
            .map_or("run".into(), |n| n.to_string_lossy().into_owned());
        let lock = OutputLock::acquire(target, &parent.join(format!(".{name}.lock")))?;
        for e in
            std::fs::read_dir(parent).map_err(io(parent, "cannot list output parent folder"))?
        {
            let Ok(e) = e else { continue };
            let n = e.file_name().to_string_lossy().into_owned();
            let stale = [".tmp-", ".old-"].iter().any(|kind| {
                n.strip_prefix(&format!(".{name}{kind}"))
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            });
            if stale {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::create_dir(&tmp).map_err(io(&tmp, "cannot create temporary output folder"))?;
        Ok(Self {
            _tmp_guard: interrupt::guard_path(&tmp),
            tmp,
            target: target.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    /// The temporary folder (for writers that need a path, such as the PNG encoder).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.tmp.join(name);
        std::fs::write(&path, bytes).map_err(io(&path, "cannot write output file"))
    }

    /// Moves the finished run into place, replacing an earlier run only now that it is done.
    pub fn commit(mut self, force: bool) -> Result<PathBuf, OutputError> {
        let target = self.target.clone();
        if target.exists() {
            if !force {
                return Err(OutputError::Exists(target));
            }
            let old = self.tmp.with_file_name(format!(
                ".{}.old-{}",
                target
                    .file_name()
                    .map_or("run".into(), |n| n.to_string_lossy()),
                std::process::id()
            ));
            std::fs::rename(&target, &old).map_err(io(&target, "cannot move earlier run aside"))?;
            if let Err(e) = std::fs::rename(&self.tmp, &target) {
                // Put the earlier run back: a failed replacement must not lose it.
                let _ = std::fs::rename(&old, &target);
                return Err(io(&target, "cannot move run into place")(e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.tmp, &target)
                .map_err(io(&target, "cannot move run into place"))?;
        }
        self.committed = true;
        Ok(target)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// An exclusive OS lock on `.<name>.lock`, removed when dropped.
struct OutputLock {
    path: PathBuf,
    _file: File,
    _guard: PathGuard,
}

impl OutputLock {
    fn acquire(target: &Path, path: &Path) -> Result<Self, OutputError> {
        use std::fs::TryLockError;
        use std::io::Write;
        loop {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(path)
                .map_err(io(path, "cannot create the output lock file"))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let holder = std::fs::read_to_string(path)
                        .ok()
                        .and_then(|s| s.trim().parse().ok());
                    return Err(OutputError::Busy {
                        target: target.to_path_buf(),
                        holder,
                    });
                }
                Err(TryLockError::Error(e)) => {
                    return Err(io(path, "cannot lock the output folder")(e));
                }
            }
            // The run that held the lock removes the file as it finishes; if it did so after
            // we opened it, we hold a lock on a file nobody else can see: try again.
            if !same_file(&file, path) {
                continue;
            }
            file.set_len(0)
                .and_then(|_| writeln!(file, "{}", std::process::id()))
                .map_err(io(path, "cannot write the output lock file"))?;
            return Ok(Self {
                path: path.to_path_buf(),
                _file: file,
                _guard: interrupt::guard_path(path),
            });
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked (the file is closed, and unlocked, after this).
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}
