//! Run outputs: exporters that turn results into bytes, and the one function that owns the
//! output folder.
//!
//! A run is written into a temporary sibling folder and renamed into place only when every
//! file is complete, so a failed or interrupted run never leaves half-written results and never
//! clobbers an earlier run unless `--force` was given (and even then the old run is only
//! removed once the new one is in place).

pub mod comparison;
pub mod export;
pub mod impact;

use std::path::{Path, PathBuf};

/// Errors about the output folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: output folder already exists (use --force to replace it, or --out to choose another)", .0.display())]
    Exists(PathBuf),
    #[error("{}: {what}: {source}", path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
}

fn io(path: &Path, what: &'static str) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { path, what, source }
}

/// Checks, before any work starts, that a run may be written to `out`.
pub fn check_target(out: &Path, force: bool) -> Result<(), OutputError> {
    if out.exists() && !force {
        return Err(OutputError::Exists(out.to_path_buf()));
    }
    Ok(())
}

/// A run folder being written: files go into a temporary folder until [`Staging::commit`].
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder beside `target`.
    pub fn new(target: &Path) -> Result<Self, OutputError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(io(parent, "cannot create output parent folder"))?;
        let name = target
            .file_name()
            .map_or("run".into(), |n| n.to_string_lossy().into_owned());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)
                .map_err(io(&tmp, "cannot clear stale temporary folder"))?;
        }
        std::fs::create_dir(&tmp).map_err(io(&tmp, "cannot create temporary output folder"))?;
        Ok(Self {
            tmp,
            target: target.to_path_buf(),
            committed: false,
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
            std::fs::rename(&self.tmp, &target)
                .map_err(io(&target, "cannot move run into place"))?;
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
