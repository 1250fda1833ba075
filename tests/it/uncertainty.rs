//! Settings on the command line and parameter uncertainty: distributions drawn once per
//! replication, a zero-spread distribution equal to the plain value, a tornado of inputs.

use crate::common::{FLAT_PBR, files, gapsim, stderr, write};
use std::path::Path;

/// The CSV and JSON files of a run folder; the manifest without the `--set`s it records
/// (their text differs between runs whose scenarios are the same).
fn csvs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = files(dir);
    v.retain(|(n, _)| n.ends_with(".csv") || n.ends_with(".json"));
    for (n, bytes) in &mut v {
        if n == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let given = m.as_object_mut().unwrap().remove("settings");
            assert!(given.is_some(), "the manifest records the --set");
            // So do the differences from the parent, each `--set` as it was given.
            let from_parent = m.as_object_mut().unwrap().remove("from_parent");
            assert!(
                from_parent.is_some(),
                "the manifest records the differences"
            );
            *bytes = serde_json::to_vec(&m).unwrap();
        }
    }
    v
}

fn run(dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let s = dir.join("s.toml");
    if !s.exists() {
        write(dir, "s.toml", FLAT_PBR);
    }
    let out = dir.join(name);
    let mut args = vec!["run", s.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = gapsim(&args);
    assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
    out
}

#[test]
fn a_distribution_with_zero_spread_gives_the_plain_values_result() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = run(tmp.path(), "plain", &["--set", "labour.find_demand=0.9"]);
    let normal = run(
        tmp.path(),
        "normal",
        &["--set", "labour.find_demand={ normal = [0.9, 0.0] }"],
    );
    let tri = run(
        tmp.path(),
        "tri",
        &[
            "--set",
            "labour.find_demand={ triangular = [0.9, 0.9, 0.9] }",
        ],
    );
    let base = csvs(&plain);
    let mut with_draws = csvs(&normal);
    // The uncertain run also lists its (constant) draws and tornado; everything else is equal.
    with_draws.retain(|(n, _)| n != "parameters.csv" && n != "tornado.csv");
    assert_eq!(base.len(), with_draws.len());
    for (a, b) in base.iter().zip(&with_draws) {
        assert!(a == b, "{} differs", a.0);
    }
    let mut t = csvs(&tri);
    t.retain(|(n, _)| n != "parameters.csv" && n != "tornado.csv");
    assert!(base == t);
    // And the plain value really mattered: another value gives another result.
    let other = run(tmp.path(), "other", &["--set", "labour.find_demand=0.1"]);
    assert!(csvs(&other) != base);
}

/// Two uncertain inputs: one that moves the gap a lot, one with almost no spread.
const UNCERTAIN: &[&str] = &[
    "--replications",
    "4",
    "--set",
    "labour.find_intercept={ uniform = [-2.0, -0.5] }",
    "--set",
    "barriers.caring.mean={ normal = [0.10, 0.0001] }",
];

#[test]
fn each_replication_draws_its_own_values_and_the_tornado_ranks_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), "u", UNCERTAIN);
    let params = std::fs::read_to_string(out.join("parameters.csv")).unwrap();
    let draws: Vec<f64> = params
        .lines()
        .filter(|l| l.contains("find_intercept"))
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(draws.len(), 4);
    assert!(draws.iter().all(|d| (-2.0..=-0.5).contains(d)), "{draws:?}");
    assert!(draws.windows(2).all(|w| w[0] != w[1]), "{draws:?}");
    let tornado = std::fs::read_to_string(out.join("tornado.csv")).unwrap();
    let rows: Vec<&str> = tornado.lines().skip(1).collect();
    assert_eq!(rows.len(), 2);
    // Job finding moves the gap far more than a barrier with almost no spread: ranked first.
    assert!(rows[0].starts_with("labour.find_intercept"), "{tornado}");
    assert!(out.join("tornado.png").exists());
    // Same seed, same draws.
    let again = run(tmp.path(), "u2", UNCERTAIN);
    assert!(csvs(&out) == csvs(&again));
}

#[test]
fn bad_settings_and_impossible_draws_are_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["--set", "labour.find_intercep=1"],
            vec!["did you mean `find_intercept`?", "--set"],
        ),
        (
            vec!["--set", "programmes[3].name=x"],
            vec!["programmes[3]", "has 1 elements"],
        ),
        (vec!["--set", "noequals"], vec!["KEY=VALUE"]),
        (
            vec![
                "--set",
                "health.relapse={ normal = [0.006, 1.0] }",
                "--replications",
                "50",
            ],
            vec!["drew", "health.relapse", "narrow the distribution"],
        ),
        (
            vec!["--set", "population.scale={ uniform = [1, 2] }"],
            vec!["population.scale", "cannot be uncertain"],
        ),
        (
            vec!["--set", "labour.find_demand={ uniform = [2, 1] }"],
            vec!["lo ≤ hi"],
        ),
    ];
    for (extra, fragments) in cases {
        let out = tmp.path().join("out");
        let mut args = vec!["run", s, "--out", out.to_str().unwrap()];
        args.extend(extra.iter().copied());
        let o = gapsim(&args);
        let msg = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {msg}");
        for f in fragments {
            assert!(msg.contains(f), "{extra:?}: lacks {f:?}: {msg}");
        }
        assert!(!out.exists());
    }
}

#[test]
fn a_paired_runs_tornado_ranks_inputs_by_their_effect_on_the_reforms_impact() {
    // Job finding's intercept moves the gap's level a great deal, in the reform's world and in
    // its baseline alike; what it does to the reform's effect on the gap is far smaller. The
    // tornado of a paired run runs the baseline at the same values on the same seeds and
    // reports, and ranks by, the effect.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("paired");
    let o = gapsim(&[
        "run",
        "scenarios/library/benefit_reforms/health_element_2026.toml",
        "--people",
        "3000",
        "--replications",
        "2",
        "--set",
        "labour.find_intercept={ uniform = [-2.0, -0.5] }",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tornado = std::fs::read_to_string(out.join("tornado.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(tornado.as_bytes());
    let head = rdr.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let row = rdr.records().next().unwrap().unwrap();
    let num = |name: &str| -> f64 { row[col(name)].parse().unwrap() };
    let (swing, effect_swing) = (num("swing_pp"), num("effect_swing_pp"));
    assert!(swing > 1.0, "{tornado}");
    assert!(effect_swing < swing / 4.0, "{tornado}");
    // The effect is the scenario's gap less the baseline's: small beside the gap itself.
    assert!(num("effect_pp_central").abs() < num("gap_pp_central") / 10.0);
    // Unpaired, the effect columns are blank.
    let single = tmp.path().join("single");
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--people",
        "3000",
        "--replications",
        "2",
        "--months",
        "24",
        "--set",
        "labour.find_intercept={ uniform = [-2.0, -0.5] }",
        "--out",
        single.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = std::fs::read_to_string(single.join("tornado.csv")).unwrap();
    assert!(t.lines().nth(1).unwrap().ends_with(",,,,"), "{t}");
}
