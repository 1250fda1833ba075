//! Interruptions, failed re-runs, full disks and concurrent runs never lose or half-write a
//! result.

use crate::common::{FLAT_PBR, gapsim, root, stderr, write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .args(args)
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gapsim starts")
}

/// Everything under `dir`, as (relative path, bytes), sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Waits until a file whose name starts with `prefix` appears in `dir` (the run has passed its
/// checks and started simulating).
fn wait_for(dir: &Path, prefix: &str) {
    let t = Instant::now();
    while !names(dir).iter().any(|n| n.starts_with(prefix)) {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "{prefix} never appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run long enough to be interrupted in the middle (several seconds).
fn long_run(out: &Path, force: bool) -> Vec<String> {
    let mut v: Vec<String> = [
        "run",
        "scenarios/baseline.toml",
        "--replications",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec();
    if force {
        v.push("--force".into());
    }
    v
}

fn earlier_run(dir: &Path) -> (PathBuf, Vec<(PathBuf, Vec<u8>)>) {
    let s = write(dir, "s.toml", FLAT_PBR);
    let out = dir.join("out");
    let o = gapsim(&["run", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let snap = snapshot(&out);
    assert!(snap.len() > 5);
    (out, snap)
}

#[test]
fn sigint_and_sigterm_stop_promptly_leave_nothing_behind_and_keep_the_earlier_run() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let tmp = tempfile::tempdir().unwrap();
        let (out, before) = earlier_run(tmp.path());
        let args = long_run(&out, true);
        let child = spawn(&args.iter().map(String::as_str).collect::<Vec<_>>());
        wait_for(tmp.path(), ".out.tmp-");
        std::thread::sleep(Duration::from_millis(300));
        let sent = Instant::now();
        unsafe { libc::kill(child.id() as i32, signal) };
        let o = child.wait_with_output().unwrap();
        let msg = stderr(&o);
        assert!(
            sent.elapsed() < Duration::from_secs(10),
            "took {:?} to stop",
            sent.elapsed()
        );
        assert_eq!(o.status.code(), Some(130), "{msg}");
        assert!(msg.contains("interrupted"), "{msg}");
        assert_eq!(
            names(tmp.path()),
            ["out", "s.toml"],
            "signal {signal}: leftovers"
        );
        assert!(
            snapshot(&out) == before,
            "signal {signal}: the earlier run changed"
        );
    }
}

#[test]
fn a_second_sigint_stops_at_once_and_still_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = long_run(&out, false);
    let child = spawn(&args.iter().map(String::as_str).collect::<Vec<_>>());
    wait_for(tmp.path(), ".out.tmp-");
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(names(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
}

#[test]
fn a_failed_rerun_into_the_same_folder_keeps_the_earlier_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, before) = earlier_run(tmp.path());
    let s = tmp.path().join("s.toml");
    // A full disk, for real: the kernel refuses writes past 64 KiB (RLIMIT_FSIZE), with
    // SIGXFSZ ignored so the write fails with an error instead of killing the process.
    let o = unsafe {
        Command::new(env!("CARGO_BIN_EXE_gapsim"))
            .args([
                "run",
                s.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--force",
            ])
            .pre_exec(|| {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let lim = libc::rlimit {
                    rlim_cur: 64 << 10,
                    rlim_max: 64 << 10,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            })
            .output()
            .unwrap()
    };
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("cannot write output file") && msg.contains("file-size limit"),
        "{msg}"
    );
    assert_eq!(names(tmp.path()), ["out", "s.toml"]);
    assert!(snapshot(&out) == before, "the earlier run changed");

    // Without --force the earlier run is refused before any work, and kept.
    let o = gapsim(&["run", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert!(snapshot(&out) == before);
}

#[test]
fn an_unwritable_output_folder_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let file = write(tmp.path(), "a-file", "not a folder");
    let out = file.join("out");
    let t = Instant::now();
    let o = gapsim(&["run", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("a-file") && msg.contains("is a file, not a folder"),
        "{msg}"
    );
    assert!(t.elapsed() < Duration::from_secs(5), "it simulated first");
    assert_eq!(names(tmp.path()), ["a-file", "s.toml"]);
}

#[test]
fn two_runs_into_one_folder_cannot_both_write_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = long_run(&out, false);
    let first = spawn(&args.iter().map(String::as_str).collect::<Vec<_>>());
    wait_for(tmp.path(), ".out.lock");
    let o = gapsim(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    assert!(
        msg.contains("another gapsim run") && msg.contains(&format!("process {}", first.id())),
        "{msg}"
    );
    let done = first.wait_with_output().unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(
        names(tmp.path()),
        ["out"],
        "lock and temporary folders removed"
    );
    assert!(out.join("summary.csv").exists());
}
