//! The one owner of an output folder: [`Staging`].
//!
//! gapsim changes or deletes only what it can prove it made:
//! - **The lock** (`.<name>.lock` beside the output folder) is created exclusively and never
//!   opened through a symbolic link (`O_NOFOLLOW`). It holds an OS lock for the run and says
//!   whose it is: [`LOCK_HEADER`], the process id and a token. A lock file that is not
//!   gapsim's (no header), or that is not a regular file, is refused and left as it is.
//! - **The temporary folder** (`.<name>.tmp-<pid>`) is created exclusively and marked inside
//!   (`.gapsim-output`, with the lock's token), and every file in it is created exclusively.
//!   A leftover of a run that was killed outright is removed only when its lock is found free
//!   (so its process is gone) and the leftover's marker carries that lock's token.
//! - **A finished run folder** keeps the marker ([`MARKER`]: [`MARKER_HEADER`] and the list of
//!   the files gapsim wrote). `--force` replaces only a folder (not a link, not a file) whose
//!   marker is gapsim's and which holds nothing but the files its marker lists; anything else
//!   is refused with exit 2 and left untouched.
//! - **The commit** swaps the new run and the old one in one step (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux), so at every instant one of them is in place; only then is the
//!   old run deleted. Where the exchange is not available (another system, a file system that
//!   refuses it) the old run is renamed aside first and put back if the second rename fails.

use super::{OutputError, io};
use crate::interrupt::{self, PathGuard};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The file inside every folder gapsim writes (temporary and finished) that says so.
pub const MARKER: &str = ".gapsim-output";
/// The first line of [`MARKER`].
pub const MARKER_HEADER: &str = "gapsim output folder";
/// The first line of a lock file.
pub const LOCK_HEADER: &str = "gapsim output lock";
/// The most gapsim reads of a lock or marker file [bytes]: they are a few lines.
const SMALL_FILE: u64 = 1 << 20;

/// A run folder being written: files go into a temporary folder until [`Staging::commit`].
///
/// While it lives it holds a lock on the target, so two runs into the same folder cannot both
/// write it: the second is refused at once with [`OutputError::Busy`].
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
    _tmp_guard: PathGuard,
    _lock: OutputLock,
}

impl Staging {
    /// Checks, before any work starts, that a run may be written to `target` (it does not
    /// exist, or `force` and it is a run folder gapsim wrote with nothing else in it; no other
    /// run is writing it; the folder beside it is writable), then locks it and creates the
    /// temporary folder. The temporary folder of a run that was killed outright is removed if
    /// its lock proves it was that run's.
    pub fn begin(target: &Path, force: bool) -> Result<Self, OutputError> {
        check_replaceable(target, force)?;
        let parent = parent_of(target);
        if parent.exists() && !parent.is_dir() {
            let e = std::io::Error::from(std::io::ErrorKind::NotADirectory);
            return Err(io(parent, "cannot create output parent folder")(e));
        }
        std::fs::create_dir_all(parent)
            .map_err(io(parent, "cannot create output parent folder"))?;
        let name = name_of(target);
        let token = new_token();
        let (lock, stale) =
            OutputLock::acquire(target, &parent.join(format!(".{name}.lock")), &token)?;
        if let Some((pid, stale_token)) = stale {
            remove_leftover(&parent.join(format!(".{name}.tmp-{pid}")), &stale_token);
        }
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        match std::fs::create_dir(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(OutputError::NotOurs {
                    path: tmp,
                    why: "something is already at gapsim's temporary folder name for this run"
                        .into(),
                });
            }
            Err(e) => return Err(io(&tmp, "cannot create temporary output folder")(e)),
        }
        let staging = Self {
            _tmp_guard: interrupt::guard_path(&tmp),
            tmp,
            target: target.to_path_buf(),
            committed: false,
            _lock: lock,
        };
        staging.write(
            MARKER,
            format!("{MARKER_HEADER}\ntoken {token}\n").as_bytes(),
        )?;
        Ok(staging)
    }

    /// The temporary folder (for writers that need a path, such as the PNG encoder).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Writes a new file `name` into the run; a file of that name already written, or
    /// planted, is an error (it is never overwritten or followed).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.tmp.join(name);
        let mut f = create_new(&path).map_err(io(&path, "cannot write output file"))?;
        f.write_all(bytes)
            .map_err(io(&path, "cannot write output file"))
    }

    /// A file this run has written, read back (the report is made from the files it shows,
    /// so its numbers are the files' numbers).
    pub fn read(&self, name: &str) -> Result<Vec<u8>, OutputError> {
        let path = self.tmp.join(name);
        std::fs::read(&path).map_err(io(&path, "cannot read back output file"))
    }

    /// The names of the files written so far, sorted (without the folder marker).
    pub fn names(&self) -> Result<Vec<String>, OutputError> {
        let mut names: Vec<String> = std::fs::read_dir(&self.tmp)
            .map_err(io(&self.tmp, "cannot list temporary output folder"))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != MARKER)
            .collect();
        names.sort();
        Ok(names)
    }

    /// Moves the finished run into place, replacing an earlier run only now that it is done,
    /// and only if it is still a run folder gapsim wrote with nothing else in it.
    pub fn commit(mut self, force: bool) -> Result<PathBuf, OutputError> {
        let target = self.target.clone();
        // The marker of the finished folder: its header and every file in it.
        let names = self.names()?;
        let marker = self.tmp.join(MARKER);
        std::fs::remove_file(&marker).map_err(io(&marker, "cannot rewrite the folder marker"))?;
        self.write(MARKER, marker_text(&names).as_bytes())?;

        if std::fs::symlink_metadata(&target).is_ok() {
            check_replaceable(&target, force)?;
            match exchange(&self.tmp, &target) {
                Ok(()) => {
                    // The old run is now at the temporary path; the new one is in place.
                    self.committed = true;
                    let _ = std::fs::remove_dir_all(&self.tmp);
                }
                Err(_) => {
                    let old = self.tmp.with_file_name(format!(
                        ".{}.old-{}",
                        name_of(&target),
                        std::process::id()
                    ));
                    std::fs::rename(&target, &old)
                        .map_err(io(&target, "cannot move earlier run aside"))?;
                    if let Err(e) = std::fs::rename(&self.tmp, &target) {
                        // Put the earlier run back: a failed replacement must not lose it.
                        let _ = std::fs::rename(&old, &target);
                        return Err(io(&target, "cannot move run into place")(e));
                    }
                    self.committed = true;
                    let _ = std::fs::remove_dir_all(&old);
                }
            }
        } else {
            std::fs::rename(&self.tmp, &target)
                .map_err(io(&target, "cannot move run into place"))?;
            self.committed = true;
        }
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

fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map_or("run".into(), |n| n.to_string_lossy().into_owned())
}

/// The text of a finished folder's marker.
fn marker_text(names: &[String]) -> String {
    let mut s = format!("{MARKER_HEADER}\nfiles:\n");
    for n in names {
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// A token for this run: unique enough to tell its temporary folder from any other
/// (process id, time and the address of a local, mixed).
fn new_token() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let local = 0u8;
    let mix = crate::rng::mix(
        now ^ (std::process::id() as u64).rotate_left(32) ^ (&local as *const u8 as u64),
    );
    format!("{mix:016x}")
}

/// Creates `path` as a new file: never opens an existing file or follows a link.
fn create_new(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Opens an existing file for reading and writing without following a symbolic link.
fn open_existing_nofollow(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path)
}

/// At most [`SMALL_FILE`] bytes of a small file gapsim wrote (a lock or a marker).
fn read_small(f: &mut File) -> String {
    let mut s = String::new();
    let _ = f.take(SMALL_FILE).read_to_string(&mut s);
    s
}

/// The text of the [`MARKER`] in `dir` (at most [`SMALL_FILE`] bytes); empty if there is
/// none, or if it is not a regular file (a link is never followed).
fn marker_in(dir: &Path) -> String {
    let marker = dir.join(MARKER);
    match std::fs::symlink_metadata(&marker) {
        Ok(m) if m.is_file() => OpenOptions::new()
            .read(true)
            .open(&marker)
            .map(|mut f| read_small(&mut f))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether `target` may be written: it does not exist, or `force` and it is a folder that
/// gapsim wrote (its marker says so) holding nothing but the files the marker lists.
fn check_replaceable(target: &Path, force: bool) -> Result<(), OutputError> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return Ok(());
    };
    if !force {
        return Err(OutputError::Exists(target.to_path_buf()));
    }
    let refuse = |why: &str| OutputError::NotOurs {
        path: target.to_path_buf(),
        why: why.to_string(),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            "--force replaces only a run folder gapsim wrote, and this is a symbolic link",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            "--force replaces only a run folder gapsim wrote, and this is a file",
        ));
    }
    let text = marker_in(target);
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_HEADER) || lines.next() != Some("files:") {
        return Err(refuse(&format!(
            "--force replaces only a run folder gapsim wrote, and this folder has no `{MARKER}` \
             marker of a finished run (it was not written by this version of gapsim, or not by \
             gapsim at all)"
        )));
    }
    let listed: std::collections::BTreeSet<&str> = lines.collect();
    let entries = std::fs::read_dir(target).map_err(io(target, "cannot list the earlier run"))?;
    for e in entries {
        let e = e.map_err(io(target, "cannot list the earlier run"))?;
        let n = e.file_name().to_string_lossy().into_owned();
        if n == MARKER {
            continue;
        }
        let is_file = e.file_type().is_ok_and(|t| t.is_file());
        if !listed.contains(n.as_str()) || !is_file {
            return Err(refuse(&format!(
                "--force replaces only a run folder gapsim wrote with nothing else in it, and \
                 `{n}` was not written by gapsim"
            )));
        }
    }
    Ok(())
}

/// Removes `dir`, the temporary folder of a run that was killed outright, if its marker
/// carries `token` (the token of that run's lock); anything else is left as it is.
fn remove_leftover(dir: &Path, token: &str) {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    let text = marker_in(dir);
    let mut l = text.lines();
    let ours = l.next() == Some(MARKER_HEADER) && l.next() == Some(&format!("token {token}"));
    if ours {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that live across the call; renameat2 reads
    // them and touches no memory of ours.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// An exclusive OS lock on `.<name>.lock`, removed when dropped.
struct OutputLock {
    path: PathBuf,
    _file: File,
    _guard: PathGuard,
}

impl OutputLock {
    /// Takes the lock at `path`, creating it exclusively. A lock file left by a run that was
    /// killed (gapsim's header, no OS lock held) is taken over, and its process id and token
    /// returned so that run's temporary folder can be removed; any other file at `path` is
    /// refused.
    fn acquire(
        target: &Path,
        path: &Path,
        token: &str,
    ) -> Result<(Self, Option<(u32, String)>), OutputError> {
        use std::fs::TryLockError;
        let refuse = |why: String| OutputError::NotOurs {
            path: path.to_path_buf(),
            why,
        };
        loop {
            let (mut file, created) = match create_new(path) {
                Ok(f) => (f, true),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    match std::fs::symlink_metadata(path) {
                        Ok(m) if m.file_type().is_symlink() => {
                            return Err(refuse(
                                "the output lock file is a symbolic link; gapsim never writes through one".into(),
                            ));
                        }
                        Ok(m) if !m.is_file() => {
                            return Err(refuse(
                                "the output lock file is not a regular file".into(),
                            ));
                        }
                        _ => {}
                    }
                    match open_existing_nofollow(path) {
                        Ok(f) => (f, false),
                        // Removed meanwhile by the run that held it: try again.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(io(path, "cannot open the output lock file")(e)),
                    }
                }
                Err(e) => return Err(io(path, "cannot create the output lock file")(e)),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let holder = read_small(&mut file)
                        .lines()
                        .find_map(|l| l.strip_prefix("pid ").and_then(|p| p.trim().parse().ok()));
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
            let stale = if created {
                None
            } else {
                let text = read_small(&mut file);
                let mut lines = text.lines();
                if lines.next() != Some(LOCK_HEADER) {
                    return Err(refuse(format!(
                        "a file with gapsim's lock name is here but was not written by gapsim \
                         (its first line is not `{LOCK_HEADER}`)"
                    )));
                }
                let (mut pid, mut tok) = (None, None);
                for l in lines {
                    if let Some(p) = l.strip_prefix("pid ") {
                        pid = p.trim().parse::<u32>().ok();
                    } else if let Some(t) = l.strip_prefix("token ") {
                        tok = Some(t.trim().to_string());
                    }
                }
                pid.zip(tok)
            };
            file.set_len(0)
                .and_then(|_| {
                    use std::io::Seek;
                    file.seek(std::io::SeekFrom::Start(0))?;
                    write!(
                        file,
                        "{LOCK_HEADER}\npid {}\ntoken {token}\n",
                        std::process::id()
                    )
                })
                .map_err(io(path, "cannot write the output lock file"))?;
            return Ok((
                Self {
                    path: path.to_path_buf(),
                    _file: file,
                    _guard: interrupt::guard_path(path),
                },
                stale,
            ));
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
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn an_exchange_swaps_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for (d, text) in [(&a, "new"), (&b, "old")] {
            std::fs::create_dir(d).expect("mkdir");
            std::fs::write(d.join("f"), text).expect("write");
        }
        exchange(&a, &b).expect("renameat2 with RENAME_EXCHANGE");
        assert_eq!(std::fs::read_to_string(b.join("f")).expect("read"), "new");
        assert_eq!(std::fs::read_to_string(a.join("f")).expect("read"), "old");
    }

    #[test]
    fn something_at_the_temporary_folder_name_is_refused_and_kept() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let planted = tmp.path().join(format!(".out.tmp-{}", std::process::id()));
        std::fs::create_dir(&planted).expect("mkdir");
        std::fs::write(planted.join("mine"), "keep").expect("write");
        let r = Staging::begin(&tmp.path().join("out"), false);
        assert!(matches!(r, Err(OutputError::NotOurs { .. })));
        assert_eq!(
            std::fs::read_to_string(planted.join("mine")).expect("read"),
            "keep"
        );
        assert!(
            !tmp.path().join(".out.lock").exists(),
            "the lock is released"
        );
    }

    #[test]
    fn a_marker_lists_the_files_and_only_they_pass_the_force_check() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let run = tmp.path().join("run");
        std::fs::create_dir(&run).expect("mkdir");
        std::fs::write(run.join("summary.csv"), "x").expect("write");
        std::fs::write(run.join(MARKER), marker_text(&["summary.csv".into()])).expect("write");
        assert!(check_replaceable(&run, true).is_ok());
        assert!(matches!(
            check_replaceable(&run, false),
            Err(OutputError::Exists(_))
        ));
        std::fs::create_dir(run.join("sub")).expect("mkdir");
        assert!(matches!(
            check_replaceable(&run, true),
            Err(OutputError::NotOurs { .. })
        ));
    }
}
