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
pub mod package;
pub mod report;
mod staging;
pub(crate) mod table;
pub mod trial;
pub mod validation;

pub use staging::Staging;

use std::path::{Path, PathBuf};

/// A number of real people (or pounds) for a reader: rounded to a whole one, with thousands
/// separators ("12,340", "-1,200").
pub fn people_count(v: f64) -> String {
    use num_format::{Locale, ToFormattedString};
    // Rounded as the CSVs write it (4 decimals) first, so the terminal and a report that reads
    // the CSV back show one number the same way (100,637.49996 is 100,637.5000 in a CSV).
    let v = format!("{v:.4}").parse::<f64>().unwrap_or(v);
    (v.round() as i64).to_formatted_string(&Locale::en)
}

/// "`k` of `n` {noun}s", with the noun plural when `n` is not 1 ("1 of 1 replication").
pub fn share_of(k: usize, n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{k} of {n} {noun}{s}")
}

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
    #[error("{}: {why}; gapsim leaves it as it is (remove or move it yourself, or choose another --out)", path.display())]
    NotOurs { path: PathBuf, why: String },
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
