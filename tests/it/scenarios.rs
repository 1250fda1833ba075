//! Every bundled scenario loads and runs with a small population, to outputs without NaN or
//! infinity.

use crate::common::{gapsim, root, stderr};
use std::path::Path;

/// No field of any CSV file in `dir` is NaN or infinite.
fn assert_all_finite(dir: &Path) {
    let mut files = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "csv") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&p).unwrap();
        for line in text.lines() {
            for f in line.split(',') {
                let f = f
                    .trim_matches('"')
                    .trim_start_matches('-')
                    .to_ascii_lowercase();
                assert!(
                    !matches!(f.as_str(), "nan" | "inf" | "infinity"),
                    "{}: {line}",
                    p.display()
                );
            }
        }
    }
    assert!(files >= 6, "{}: only {files} CSV files", dir.display());
}

#[test]
fn every_bundled_scenario_smoke_runs() {
    let mut found = 0;
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["scenarios", "scenarios/funding_models", "scenarios/library"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    for path in files {
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        found += 1;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let o = gapsim(&[
            "run",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--people",
            "3000",
            "--months",
            "60",
            "--replications",
            "2",
        ]);
        assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
        let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        assert_eq!(summary.lines().count(), 61, "{}", path.display());
        assert_all_finite(&out);
    }
    assert!(
        found >= 18,
        "baseline, example and the funding models are bundled"
    );
}

#[test]
fn the_baseline_starts_near_the_published_2013_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--out",
        out.to_str().unwrap(),
        "--people",
        "30000",
        "--months",
        "1",
        "--replications",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let row: Vec<f64> = summary
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .skip(2)
        .map(|x| x.parse().unwrap())
        .collect();
    // gap_pp_mean, then employment_rate_disabled_mean, employment_rate_non_disabled_mean.
    assert!((row[0] - 33.1).abs() < 1.5, "gap {}", row[0]);
    assert!((row[3] - 43.6).abs() < 1.5, "disabled rate {}", row[3]);
    assert!((row[6] - 76.8).abs() < 1.5, "non-disabled rate {}", row[6]);
}

/// Every scenario file under `scenarios/`, at any depth, sorted.
fn bundled_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("scenarios"), &mut files);
    files.sort();
    files
}

/// A contract hand-back changes what a scenario's results mean, so a bundled scenario whose
/// provider hands its contract back (at the scenario's own size) says so in its header.
#[test]
fn no_bundled_scenario_hands_a_contract_back_unless_its_header_says_so() {
    for path in bundled_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#') || l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let says = header.contains("hand back") || header.contains("hands back");
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let o = gapsim(&[
            "run",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--replications",
            "2",
        ]);
        assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
        let hands_back = stderr(&o).contains("handed its contract back");
        assert!(
            !hands_back || says,
            "{}: a provider hands its contract back, and the header does not say so: {}",
            path.display(),
            stderr(&o)
        );
    }
}
