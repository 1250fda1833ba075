//! Every bundled scenario loads and runs with a small population, to outputs without NaN or
//! infinity.

use crate::common::{bundled_files, gapsim, root, stderr};
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
    let files = bundled_files();
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

/// Issue 15: `extends` dropped the keys of tables inside tables (`[approaches.specialist]`
/// written to add `health_effect` reset the specialist's condition effects to 1). Each bundled
/// scenario, resolved, differs from its parent (its `extends` target resolved, or the
/// built-in defaults) only in keys the file itself writes.
#[test]
fn every_bundled_scenario_differs_from_its_parent_only_in_keys_it_writes() {
    use gapsim::scenario::{Base, comparable, defaults, diff, load_resolved};
    let files = bundled_files();
    assert!(files.len() >= 20, "only {} bundled scenarios", files.len());
    let mut with_parent = 0;
    for path in files {
        let child = load_resolved(&path).unwrap_or_else(|e| panic!("{e}"));
        let own: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (parent, base) = match child.files.get(1) {
            Some(p) => {
                with_parent += 1;
                let p = load_resolved(p).unwrap_or_else(|e| panic!("{e}"));
                (comparable(&p), Base::File)
            }
            None => (defaults(), Base::Defaults),
        };
        let differences = diff(&parent, &comparable(&child));
        assert!(
            !differences.is_empty(),
            "{}: no difference from its parent",
            path.display()
        );
        let unwritten: Vec<String> = differences
            .iter()
            .filter(|d| !d.written_in(&own, base))
            .map(|d| d.to_string())
            .collect();
        assert!(
            unwritten.is_empty(),
            "{} differs from its parent in keys it does not write:\n{}",
            path.display(),
            unwritten.join("\n")
        );
    }
    assert!(
        with_parent >= 10,
        "only {with_parent} scenarios extend another"
    );
}

/// One key written in a nested table keeps every other key of that table's default, with or
/// without `extends`: the specialist approach's condition effects (1.3 for learning
/// disabilities, 1.1 for multiple conditions) and a condition's other parameters.
#[test]
fn one_key_of_a_nested_table_keeps_the_others_at_their_defaults() {
    use crate::common::write;
    use gapsim::scenario::{load_resolved, load_str};
    let text = "name = \"n\"\nstart = \"2013-04\"\nmonths = 12\n\
                [approaches.specialist]\nhealth_effect = 0.03\n\
                [health.conditions.mental]\nrecovery = 0.01\n";
    let plain = load_str(text, Path::new("n.toml")).unwrap_or_else(|e| panic!("{e}"));
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(root().join("scenarios/baseline.toml")).unwrap();
    let child = write(
        tmp.path(),
        "c.toml",
        &format!(
            "extends = {:?}\n[approaches.specialist]\nhealth_effect = 0.03\n\
             [health.conditions.mental]\nrecovery = 0.01\n",
            base.display()
        ),
    );
    let extended = load_resolved(&child)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    for s in [&*plain, &extended] {
        let sp = &s.approaches.specialist;
        assert_eq!(sp.health_effect, 0.03);
        assert_eq!(sp.find_effect, 0.8);
        assert_eq!(sp.condition_effect.learning, 1.3);
        assert_eq!(sp.condition_effect.multiple, 1.1);
        assert_eq!(s.approaches.ips.condition_effect.mental, 1.4);
        let mental = &s.health.conditions.mental;
        assert_eq!(mental.recovery, 0.01);
        assert_eq!(mental.prevalence_share, 0.30);
        assert_eq!(mental.severity, [2.0, 2.6]);
    }
}

/// `gapsim diff CHILD` compares with the file CHILD extends; `gapsim diff CHILD PARENT` with
/// any file; a file that extends nothing with the built-in defaults. One line per key.
#[test]
fn diff_prints_each_differing_key_with_both_values() {
    let o = gapsim(&["diff", "scenarios/library/gm_working_well.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        out.lines()
            .any(|l| l == "approaches.specialist.health_effect: 0.0 → 0.03"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l == "programmes[0].starts_per_year: 12000.0 → 5000.0"),
        "{out}"
    );
    // Inherited and unchanged, so not listed: the condition effects, the baseline file
    // (named from two folders).
    assert!(
        !out.contains("condition_effect") && !out.contains("baseline"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("differs from scenarios/funding_models/cohort.toml in 11 keys"),
        "{}",
        stderr(&o)
    );

    let o = gapsim(&[
        "diff",
        "scenarios/library/whp_wp_funding.toml",
        "scenarios/library/whp_real_funding.toml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(out.lines().any(|l| l.starts_with("name: ")), "{out}");

    let o = gapsim(&["diff", "scenarios/baseline.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        out.lines().any(|l| l.starts_with("name: (none) → ")),
        "{out}"
    );
    assert!(
        stderr(&o).contains("the built-in defaults"),
        "{}",
        stderr(&o)
    );

    let o = gapsim(&["diff", "scenarios/nope.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The commissioner's question runs in one command, and the programme reaches only the area
/// it is commissioned for (`areas.csv`: starts in Greater Manchester, none elsewhere).
#[test]
fn the_local_commissioning_comparison_runs_in_one_command_and_stays_in_its_area() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("lc");
    let mut args: Vec<String> = vec!["compare".into()];
    let dir = root().join("scenarios/local_commissioning");
    let mut paid: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("paid_")
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    paid.sort();
    assert_eq!(paid.len(), 4, "four ways of paying");
    args.extend(paid);
    args.extend(
        ["--people", "5000", "--replications", "2", "--out"]
            .iter()
            .map(|s| s.to_string()),
    );
    args.push(out.to_string_lossy().into_owned());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = gapsim(&refs);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(out.join("areas.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (area, starts) = (col("area"), col("programme_starts_mean"));
    let mut by_area = std::collections::BTreeMap::<String, f64>::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        *by_area.entry(rec[area].to_string()).or_default() += rec[starts].parse::<f64>().unwrap();
    }
    assert!(by_area["Greater Manchester"] > 0.0, "{by_area:?}");
    assert_eq!(by_area["Rest of the North"], 0.0, "{by_area:?}");
}
