//! Ctrl-C (SIGINT) and SIGTERM: stop promptly and leave the disk as it was.
//!
//! The first signal cancels the process's run token ([`token`], a [`Cancel`]): the commands
//! hand it to the engine, whose month loops and replication drivers check it once per
//! simulated month and return `Err(Interrupted)`, never a short result; the command then
//! writes nothing, the output staging folder is removed by its `Drop`, and
//! gapsim exits with code 130. A second signal exits at once, after removing the folders
//! registered with [`guard_path`] (temporary output folders and lock files), so even an
//! impatient user is left with nothing half-written.
//!
//! Nothing here is active until [`install`] is called (the binary does; library users and
//! tests that never install it are unaffected).

use crate::cancel::Cancel;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

static TOKEN: LazyLock<Cancel> = LazyLock::new(Cancel::new);
static GUARDED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code of a run stopped by a signal (128 + SIGINT, as shells report it).
pub const EXIT_CODE: u8 = 130;

/// Installs the SIGINT/SIGTERM handler (once; later calls do nothing).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if TOKEN.is_cancelled() {
                remove_guarded();
                let _ = writeln!(std::io::stderr(), "\ninterrupted again: stopped at once");
                std::process::exit(EXIT_CODE as i32);
            }
            TOKEN.cancel();
            let _ = writeln!(std::io::stderr(), "\ninterrupted: stopping (press Ctrl-C again to stop at once)");
        });
        if let Err(e) = installed {
            let _ = writeln!(std::io::stderr(), "warning: cannot handle Ctrl-C ({e}); an interrupted run may leave a temporary folder");
        }
    });
}

/// The token of this process's runs, cancelled by the first Ctrl-C or SIGTERM.
pub fn token() -> Cancel {
    TOKEN.clone()
}

/// Whether a stop has been asked for.
#[inline]
pub fn requested() -> bool {
    TOKEN.is_cancelled()
}

/// Registers a path to remove if gapsim is stopped at once; unregistered when the guard drops.
pub fn guard_path(path: &Path) -> PathGuard {
    if let Ok(mut g) = GUARDED.lock() {
        g.push(path.to_path_buf());
    }
    PathGuard(path.to_path_buf())
}

/// See [`guard_path`].
pub struct PathGuard(PathBuf);

impl Drop for PathGuard {
    fn drop(&mut self) {
        if let Ok(mut g) = GUARDED.lock()
            && let Some(i) = g.iter().rposition(|p| *p == self.0)
        {
            g.remove(i);
        }
    }
}

fn remove_guarded() {
    // `try_lock`: the main thread may hold the lock at the moment of the signal; then a folder
    // may be left, but gapsim never blocks on exit.
    if let Ok(g) = GUARDED.try_lock() {
        for p in g.iter() {
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
        }
    }
}
