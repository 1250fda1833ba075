//! No input and no closed or full output stream makes gapsim panic (exit 101): seeds beyond
//! what a TOML manifest can hold are refused up front, and standard output that goes away or
//! fills up ends the output quietly or with exit 1.

use crate::common::{gapsim, stderr};
use std::process::{Command, Stdio};

#[test]
fn a_seed_a_manifest_cannot_hold_is_refused_before_any_work_not_a_panic() {
    for (cmd, seed) in [
        ("run", "9223372036854775808"),
        ("run", "18446744073709551615"),
        ("target", "18446744073709551615"),
    ] {
        let mut args = vec![cmd, "scenarios/baseline.toml", "--seed", seed];
        if cmd == "target" {
            args.extend(["--lever", "labour.find_demand", "--by", "2030"]);
        } else {
            args.extend(["--set", "labour.find_demand={ normal = [0.6, 0.1] }"]);
        }
        args.extend(["--people", "300", "--replications", "1", "--months", "12"]);
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("o");
        args.extend(["--out", dir.to_str().unwrap()]);
        let o = gapsim(&args);
        assert_eq!(o.status.code(), Some(2), "{cmd} {seed}: {}", stderr(&o));
        assert!(stderr(&o).contains("seed"), "{}", stderr(&o));
        assert!(!dir.exists());
    }
    // The largest seed a manifest can hold runs.
    let out = tempfile::tempdir().unwrap();
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--seed",
        "9223372036854775807",
        "--people",
        "300",
        "--replications",
        "1",
        "--months",
        "3",
        "--out",
        out.path().join("o").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly_and_a_full_disk_is_exit_1() {
    // `gapsim validate … --ranges | head -0`: the pipe is closed before gapsim writes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .args(["validate", "scenarios/baseline.toml", "--ranges"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));

    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .args(["validate", "scenarios/baseline.toml", "--ranges"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
}
