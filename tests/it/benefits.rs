//! The benefit system after 2013: Universal Credit's rollout and migration, the claimant
//! count, in-work claims, PIP, and the reforms as switches (`src/benefit/`).

use crate::common::{gapsim, stderr};
use std::collections::HashMap;

/// `summary.csv` of a run: date → column → mean.
fn summary(dir: &std::path::Path, file: &str) -> HashMap<String, HashMap<String, f64>> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let row = header
                .iter()
                .zip(r.iter())
                .skip(2)
                .filter_map(|(h, v)| {
                    Some((h.trim_end_matches("_mean").to_string(), v.parse().ok()?))
                })
                .collect();
            (r[1].to_string(), row)
        })
        .collect()
}

fn run(args: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "--out",
        out.to_str().unwrap(),
        "--people",
        "20000",
        "--replications",
        "2",
    ]);
    let o = gapsim(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    tmp
}

#[test]
fn universal_credit_replaces_the_legacy_benefits_by_its_dates() {
    let tmp = run(&["scenarios/baseline.toml"]);
    let s = summary(&tmp.path().join("out"), "summary.csv");
    let at = |d: &str, c: &str| s[d][c];
    // Nobody on UC at the start; legacy claims only.
    assert_eq!(at("2013-04", "uc_claimants"), 0.0);
    assert!(at("2013-04", "jsa_claimants") > 0.0 && at("2013-04", "esa_claimants") > 0.0);
    // By 2020, new claims all go to UC: legacy JSA has almost drained, UC has grown.
    let legacy_jsa = |d: &str| at(d, "jsa_claimants") - at(d, "new_style_jsa_claimants");
    assert!(legacy_jsa("2020-01") < 0.1 * legacy_jsa("2016-01"));
    assert!(at("2020-01", "uc_claimants") > at("2016-01", "uc_claimants"));
    // Managed migration completes in March 2026: no legacy claims after it. ESA goes on as
    // new-style ESA beside UC health claims, counted once in the health caseload; JSA as
    // new-style JSA beside UC claims searching for work, a fraction of them.
    assert_eq!(at("2026-06", "incapacity_claimants"), 0.0);
    assert!(legacy_jsa("2026-06").abs() < 1e-6);
    assert_eq!(at("2013-04", "new_style_jsa_claimants"), 0.0);
    for d in ["2019-02", "2026-06", "2030-01"] {
        let new_style = at(d, "new_style_jsa_claimants");
        assert!(
            new_style > 0.0 && new_style < 0.2 * at(d, "uc_searching"),
            "{d}"
        );
    }
    assert_eq!(at("2013-04", "new_style_esa_claimants"), 0.0);
    for d in ["2020-01", "2026-06", "2030-01"] {
        let new_style = at(d, "new_style_esa_claimants");
        assert!(new_style > 0.0 && new_style < at(d, "uc_health"), "{d}");
        let legacy = at(d, "esa_claimants") - new_style;
        let health = legacy + at(d, "incapacity_claimants") + at(d, "uc_health");
        assert!(
            (at(d, "health_benefit_caseload") - health).abs() < 1.0,
            "{d}"
        );
    }
    let mut dates: Vec<&String> = s.keys().collect();
    dates.sort();
    for (a, b) in dates.iter().zip(dates.iter().skip(1)) {
        // Legacy incapacity benefit has been closed to new claims since 2008: its caseload
        // only falls (no entrant, no reassessment, puts anyone on it).
        let (was, now) = (at(a, "incapacity_claimants"), at(b, "incapacity_claimants"));
        assert!(
            now <= was,
            "incapacity benefit rose from {a} to {b}: {was} -> {now}"
        );
        // From March 2026, when the legacy benefits close, nobody is on them.
        if b.as_str() >= "2026-03" {
            assert_eq!(at(b, "incapacity_claimants"), 0.0, "{b}");
            assert_eq!(
                at(b, "jsa_claimants"),
                at(b, "new_style_jsa_claimants"),
                "{b}"
            );
            assert_eq!(
                at(b, "esa_claimants"),
                at(b, "new_style_esa_claimants"),
                "{b}"
            );
        }
    }
    // The claimant count is legacy JSA plus UC searching for work (with those in work under
    // the administrative earnings threshold): new-style JSA claimants are on UC, counted once.
    for d in ["2015-01", "2020-05", "2028-01"] {
        let cc = at(d, "claimant_count");
        assert!(
            (cc - legacy_jsa(d) - at(d, "uc_searching")).abs() < 1.0,
            "{d}"
        );
    }
    // The 2020 route onto UC: the claimant count jumps in May 2020.
    assert!(at("2020-05", "claimant_count") > 1.5 * at("2020-03", "claimant_count"));
    // UC health is the two limited-capability groups; PIP replaces DLA.
    let d = "2024-01";
    let health = at(d, "uc_preparing_for_work") + at(d, "uc_no_work_requirements");
    assert!((at(d, "uc_health") - health).abs() < 1.0);
    assert!(at("2024-01", "pip_claimants") > at("2024-01", "dla_claimants"));
    assert!(at("2013-04", "dla_claimants") > at("2013-04", "pip_claimants"));
    // Spending on benefits is the sum of its parts (ESA with incapacity benefit).
    let parts: f64 = [
        "uc_spend_gbp",
        "jsa_spend_gbp",
        "esa_spend_gbp",
        "pip_spend_gbp",
    ]
    .iter()
    .map(|c| at(d, c))
    .sum();
    assert!((at(d, "benefit_spend_gbp") - parts).abs() < 1.0);
    assert!(at(d, "disability_pay_gap") > 0.0);
}

/// The paired headline of a reform scenario: metric → mean.
fn headline(dir: &std::path::Path) -> HashMap<String, f64> {
    let text = std::fs::read_to_string(dir.join("impact_summary.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .filter_map(|r| {
            let r = r.unwrap();
            Some((r[0].to_string(), r[1].parse().ok()?))
        })
        .collect()
}

#[test]
fn each_reform_moves_spending_and_caseloads_the_way_the_law_does() {
    let h = |f: &str| {
        let tmp = run(&[f]);
        let out = tmp.path().join("out");
        // A paired run plots the caseloads' change, as it does the gap's.
        for plot in ["impact_gap", "impact_caseloads"] {
            for ext in ["png", "svg"] {
                let file = out.join(format!("{plot}.{ext}"));
                assert!(
                    std::fs::metadata(&file).is_ok_and(|m| m.len() > 0),
                    "{file:?}"
                );
            }
        }
        headline(&out)
    };
    // The 2026 health element for new claims saves money on benefits.
    let x = h("scenarios/library/benefit_reforms/health_element_2026.toml");
    assert!(x["additional_benefit_spend_gbp"] < 0.0, "{x:?}");
    // The 2021 taper cut and higher work allowances cost money (larger in-work awards).
    let x = h("scenarios/library/benefit_reforms/taper_cut_2021.toml");
    assert!(x["additional_benefit_spend_gbp"] > 0.0, "{x:?}");
    // The 2017 removal of the LCW money saves money.
    let x = h("scenarios/library/benefit_reforms/lcw_removal_2017.toml");
    assert!(x["additional_benefit_spend_gbp"] < 0.0, "{x:?}");
    // The PIP gateway takes new claimants without PIP out of the UC health caseload.
    let x = h("scenarios/library/benefit_reforms/pip_gateway_2028.toml");
    assert!(x["uc_health_change_at_end"] < 0.0, "{x:?}");
    assert!(
        (x["net_exchequer_cost_gbp"]
            - x["additional_spend_gbp"]
            - x["additional_benefit_spend_gbp"])
            .abs()
            < 1.0
    );
}

#[test]
fn a_reform_switch_a_dated_change_sets_can_be_turned_off_from_the_command_line() {
    // A boolean inside a dated change is replaced like a number: with the gateway switched
    // off again, the scenario is the baseline, and the paired run shows no effect at all.
    let tmp = run(&[
        "scenarios/library/benefit_reforms/pip_gateway_2028.toml",
        "--policy",
        "changes[0].set.benefits.reforms.pip_gateway=false",
    ]);
    let x = headline(&tmp.path().join("out"));
    assert_eq!(x["gap_change_pp_at_end"], 0.0, "{x:?}");
    assert_eq!(x["additional_benefit_spend_gbp"], 0.0, "{x:?}");
    assert_eq!(x["uc_health_change_at_end"], 0.0, "{x:?}");
}

#[test]
fn a_reform_paired_against_the_world_it_already_is_is_warned_of() {
    // The taper cut is law in the baseline: run against the baseline rather than its own
    // counterfactual, every effect is zero, and the run says why.
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = tmp.path().join(format!("r{}", extra.len()));
        let mut args = vec![
            "run",
            "scenarios/library/benefit_reforms/taper_cut_2021.toml",
            "--people",
            "2000",
            "--replications",
            "1",
            "--months",
            "120",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = gapsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    let e = run(&["--against", "scenarios/baseline.toml"]);
    assert!(e.contains("are the same world"), "{e}");
    // Nothing more is spent on programmes in either world, and the run says that is why it
    // gives no cost per job.
    assert!(
        e.contains(
            "no cost per additional sustained job (the scenario spends no more on programmes \
             than its baseline)"
        ),
        "{e}"
    );
    assert!(
        e.contains("--against replaced the scenario's own baseline"),
        "{e}"
    );
    assert!(!run(&[]).contains("same world"));
}

#[test]
fn the_pip_gateway_switched_on_from_the_start_is_warned_of() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--policy",
        "benefits.reforms.pip_gateway=true",
        "--people",
        "2000",
        "--replications",
        "1",
        "--months",
        "12",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("warning: benefits.reforms.pip_gateway is on from the run's start (2013-04)"),
        "{}",
        stderr(&o)
    );
}
