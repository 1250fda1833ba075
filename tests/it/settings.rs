//! `--set` and `--policy` (issue 15): a `--set` is an assumption about the world, applied to a
//! scenario and its baseline alike; a `--policy` is a change the scenario makes, applied to the
//! scenario only. Both are recorded in the manifest; `baseline` and `extends` cannot be given
//! by either; every error names the flag at fault.

use crate::common::{gapsim, stderr};
use std::path::Path;

/// A few hundred people for a year or two: enough to tell a shared world from a policy.
const SMALL: [&str; 6] = ["--people", "2000", "--months", "24", "--replications", "1"];

fn ok(args: &[&str]) {
    let o = gapsim(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

fn refused(args: &[&str], says: &[&str]) {
    let o = gapsim(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    for s in says {
        assert!(
            stderr(&o).contains(s),
            "{args:?} lacks {s:?}: {}",
            stderr(&o)
        );
    }
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The mean of `metric` in `impact_summary.csv`.
fn impact(dir: &Path, metric: &str) -> f64 {
    let text = std::fs::read_to_string(dir.join("impact_summary.csv")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{metric},")))
        .unwrap_or_else(|| panic!("no {metric} in {text}"));
    line.split(',').nth(1).unwrap().parse().unwrap()
}

/// Regression: `--set` changed a paired scenario but not its baseline, so an assumption about
/// the world showed up as the scenario's impact.
#[test]
fn a_set_changes_both_worlds_and_a_policy_only_the_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let base = "scenarios/baseline.toml";
    let run = |flag: &str, out: &str| {
        let out = tmp.path().join(out);
        let mut args = vec!["run", base, "--against", base];
        args.extend(SMALL);
        args.extend([flag, "labour.find_intercept=-1.0", "--out"]);
        args.push(out.to_str().unwrap());
        ok(&args);
        out
    };
    let set = run("--set", "set");
    for metric in ["gap_change_pp_at_end", "additional_employed_at_end"] {
        assert_eq!(impact(&set, metric), 0.0, "--set: {metric}");
    }
    let m = manifest(&set);
    assert_eq!(
        m["settings"],
        serde_json::json!(["labour.find_intercept=-1.0"])
    );
    assert!(m.get("policies").is_none(), "{m}");
    assert_eq!(m["scenario"]["labour"]["find_intercept"], -1.0);
    assert_eq!(m["baseline"]["labour"]["find_intercept"], -1.0);

    let policy = run("--policy", "policy");
    assert!(impact(&policy, "gap_change_pp_at_end").abs() > 0.5);
    assert!(impact(&policy, "additional_employed_at_end") < 0.0);
    let m = manifest(&policy);
    assert_eq!(
        m["policies"],
        serde_json::json!(["labour.find_intercept=-1.0"])
    );
    assert!(m.get("settings").is_none(), "{m}");
    assert_eq!(m["scenario"]["labour"]["find_intercept"], -1.0);
    assert_eq!(
        m["baseline"]["labour"]["find_intercept"],
        default_intercept()
    );
}

/// In `compare`, a `--set` reaches the baseline named in the file and the baseline made by
/// removing the programmes; a `--policy` reaches neither.
#[test]
fn compare_applies_a_set_to_every_baseline_and_a_policy_to_none() {
    let tmp = tempfile::tempdir().unwrap();
    let compare = |scenario: &str, flag: &str, setting: &str, out: &str| {
        let out = tmp.path().join(out);
        let mut args = vec!["compare", scenario];
        args.extend(SMALL);
        args.extend([flag, setting, "--out", out.to_str().unwrap()]);
        ok(&args);
        manifest(&out)
    };
    let gm = "scenarios/library/gm_working_well.toml";
    let m = compare(gm, "--set", "outputs.sustained_job_months=6", "gm_set");
    let row = &m["scenarios"][0];
    assert_eq!(row["scenario"]["outputs"]["sustained_job_months"], 6);
    assert_eq!(
        row["baseline_scenario"]["outputs"]["sustained_job_months"],
        6
    );
    assert_eq!(
        m["settings"],
        serde_json::json!(["outputs.sustained_job_months=6"])
    );
    let m = compare(
        gm,
        "--policy",
        "outputs.sustained_job_months=6",
        "gm_policy",
    );
    let row = &m["scenarios"][0];
    assert_eq!(row["scenario"]["outputs"]["sustained_job_months"], 6);
    assert_eq!(
        row["baseline_scenario"]["outputs"]["sustained_job_months"],
        12
    );
    assert_eq!(
        m["policies"],
        serde_json::json!(["outputs.sustained_job_months=6"])
    );

    // No `baseline` key: the baseline is the scenario without its programmes, and without
    // its policies.
    let ips = "scenarios/library/ips_mental_health_national.toml";
    let m = compare(ips, "--policy", "labour.find_intercept=-1.0", "ips_policy");
    let row = &m["scenarios"][0];
    assert_eq!(row["scenario"]["labour"]["find_intercept"], -1.0);
    assert_eq!(
        row["baseline_scenario"]["labour"]["find_intercept"],
        default_intercept()
    );
    assert_eq!(
        row["baseline_scenario"]["programmes"],
        serde_json::json!([])
    );
    let m = compare(ips, "--set", "labour.find_intercept=-1.0", "ips_set");
    assert_eq!(
        m["scenarios"][0]["baseline_scenario"]["labour"]["find_intercept"],
        -1.0
    );
}

#[test]
fn baseline_and_extends_are_refused_by_either_flag_naming_it() {
    let base = "scenarios/baseline.toml";
    for flag in ["--set", "--policy"] {
        refused(
            &["run", base, flag, "baseline=x.toml"],
            &[&format!("cannot be set with {flag}"), "--against"],
        );
        refused(
            &["compare", base, flag, "extends=x.toml"],
            &[&format!("cannot be set with {flag}"), "scenario file"],
        );
    }
    refused(
        &[
            "run",
            base,
            "--set",
            "labour.find_demand=0.5",
            "--policy",
            "labour.find_demand=0.6",
        ],
        &["got --set labour.find_demand=0.5 and --policy labour.find_demand=0.6"],
    );
}

/// A `--set` the baseline cannot take (a programme only the scenario has) is refused naming
/// the baseline file and `--set`, and points to `--policy`, which the run then accepts.
#[test]
fn a_set_the_baseline_cannot_take_points_to_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let ips = "scenarios/library/ips_mental_health_national.toml";
    let key = "programmes[2].starts_per_year=1000";
    let against = ["--against", "scenarios/baseline.toml"];
    let mut args = vec!["run", ips, "--set", key];
    args.extend(against);
    args.extend(SMALL);
    refused(
        &args,
        &[
            "scenarios/baseline.toml",
            "(from --set programmes[2]",
            "use --policy",
        ],
    );
    let out = tmp.path().join("o");
    let mut args = vec!["run", ips, "--policy", key, "--out", out.to_str().unwrap()];
    args.extend(against);
    args.extend(SMALL);
    ok(&args);
    let m = manifest(&out);
    assert_eq!(m["scenario"]["programmes"][2]["starts_per_year"], 1000.0);
    // An invalid value is blamed on the flag that gave it.
    let mut args = vec!["run", ips, "--policy", "programmes[2].starts_per_year=-5"];
    args.extend(SMALL);
    refused(&args, &["(from --policy programmes[2].starts_per_year=-5)"]);
}

/// `sweep` and `target` have no baseline: a `--policy` acts as a `--set` there (an axis too),
/// is recorded as a policy, and an error names `--policy` or `--lever`.
#[test]
fn sweep_and_target_take_policies_and_name_the_flag_at_fault() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sweep");
    let mut args = vec![
        "sweep",
        "scenarios/baseline.toml",
        "--policy",
        "labour.find_intercept=-0.2..0/2",
        "--policy",
        "labour.find_demand=0.5",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(SMALL);
    ok(&args);
    let m = manifest(&out);
    assert_eq!(m["policies"], serde_json::json!(["labour.find_demand=0.5"]));
    assert_eq!(m["axes"][0]["key"], "labour.find_intercept");
    let sweep = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(sweep.lines().count(), 3, "{sweep}");

    let mut args = vec![
        "sweep",
        "scenarios/baseline.toml",
        "--policy",
        "labour.find_intercept=0..1/1",
    ];
    args.extend(SMALL);
    refused(
        &args,
        &["--policy labour.find_intercept: expected 2 to 1000 steps"],
    );

    let mut args = vec![
        "target",
        "scenarios/baseline.toml",
        "--lever",
        "population.start_employment_rate_disabled",
        "--range",
        "2..3",
        "--by",
        "2014",
        "--base-year",
        "2013",
        "--out",
    ];
    let out = tmp.path().join("target");
    args.push(out.to_str().unwrap());
    args.extend(SMALL);
    refused(
        &args,
        &["(from --lever population.start_employment_rate_disabled=2"],
    );
}

/// The default job-finding intercept (the baseline does not write it).
fn default_intercept() -> f64 {
    gapsim::scenario::LabourConfig::default().find_intercept
}
