//! Outputs pinned across builds: a small run of every bundled scenario (3,000 people, 2
//! replications, the whole horizon), one paired run, one
//! sweep and one run with uncertain inputs, each reduced to its halving table and the SHA-256
//! of every CSV it wrote, and compared with the snapshot under `tests/it/snapshots/`.
//!
//! "Byte-identical" is otherwise checked only within one build; these pins catch a change of
//! results between commits. A commit that changes results on purpose updates the pins
//! (`INSTA_UPDATE=always cargo test --release --test it pins`, then review the diff of the
//! `.snap` files) and says why in its message. Plots are not pinned (they change with styling,
//! not results); `manifest.json` is, less its version and source revision lines.

use crate::common::{gapsim, root, stderr};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A few thousand people and 2 replications over each scenario's whole horizon, so that
/// every policy a scenario dates (a programme from 2025, a recession in 2026) is in the pin.
const SMALL: [&str; 4] = ["--people", "3000", "--replications", "2"];

/// The halving table, then one `sha256  file` line per CSV and for the manifest.
fn digest(dir: &Path) -> String {
    let mut out = String::new();
    if let Ok(h) = std::fs::read_to_string(dir.join("halving.csv")) {
        out.push_str(&h);
        out.push('\n');
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") || n == "manifest.json")
        .collect();
    names.sort();
    for n in names {
        let mut bytes = std::fs::read(dir.join(&n)).expect("readable");
        if n == "manifest.json" {
            // The version is not a result.
            let text = String::from_utf8(bytes).expect("utf-8");
            bytes = text
                .lines()
                .filter(|l| !l.contains("\"gapsim_version\"") && !l.contains("\"source_revision\""))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes();
        }
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.push_str(&format!("{hash}  {n}\n"));
    }
    out
}

fn run_pinned(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--out", out.to_str().expect("utf-8 path")]);
    let o = gapsim(&all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    digest(&out)
}

fn bundled() -> Vec<String> {
    crate::common::bundled_files()
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .expect("under the repository")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn every_bundled_scenario_is_pinned() {
    let files = bundled();
    assert!(files.len() >= 17, "{files:?}");
    for f in files {
        let mut args = vec!["run", f.as_str()];
        args.extend(SMALL);
        let name = f.trim_end_matches(".toml").replace('/', "__");
        insta::assert_snapshot!(name, run_pinned(&args));
    }
}

#[test]
fn a_paired_run_is_pinned() {
    let mut args = vec![
        "run",
        "scenarios/library/ips_mental_health_national.toml",
        "--against",
        "scenarios/baseline.toml",
    ];
    args.extend(SMALL);
    insta::assert_snapshot!(run_pinned(&args));
}

#[test]
fn a_sweep_is_pinned() {
    let mut args = vec![
        "sweep",
        "scenarios/funding_models/cohort.toml",
        "--set",
        "programmes[0].providers[0].hours_per_participant=1..4/2",
    ];
    args.extend(SMALL);
    insta::assert_snapshot!(run_pinned(&args));
}

#[test]
fn a_run_with_uncertain_inputs_is_pinned() {
    let mut args = vec![
        "run",
        "scenarios/baseline.toml",
        "--set",
        "labour.find_demand={ normal = [0.6, 0.1] }",
    ];
    args.extend(SMALL);
    insta::assert_snapshot!(run_pinned(&args));
}
