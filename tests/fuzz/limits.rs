//! Counts and money at their limits: no overflow, no NaN, and requests too big for the
//! machine refused before anything is allocated.

use crate::support::{full_table, load_text, non_finite_output, set};
use gapsim::engine::Model;
use gapsim::resources;
use gapsim::scenario::{self, MAX_MONEY};
use std::process::Command;
use toml::Value;

#[test]
fn money_and_scale_at_their_limits_stay_finite_and_within_budget() {
    let mut t = full_table();
    set(&mut t, "population.scale", Value::Float(1.0e8));
    for p in 0..2 {
        set(
            &mut t,
            &format!("programmes[{p}].funding.budget"),
            Value::Float(MAX_MONEY),
        );
        for g in 0..2 {
            for fee in ["attachment_fee", "job_outcome_fee", "sustainment_fee"] {
                set(
                    &mut t,
                    &format!("programmes[{p}].payment_groups[{g}].{fee}"),
                    Value::Float(MAX_MONEY),
                );
            }
        }
        for v in 0..2 {
            set(
                &mut t,
                &format!("programmes[{p}].providers[{v}].reserves"),
                Value::Float(MAX_MONEY),
            );
            set(
                &mut t,
                &format!("programmes[{p}].providers[{v}].cost_per_hour"),
                Value::Float(MAX_MONEY),
            );
        }
    }
    set(
        &mut t,
        "programmes[0].funding.fee_per_hour",
        Value::Float(MAX_MONEY),
    );
    set(
        &mut t,
        "programmes[0].funding.block_per_month",
        Value::Float(MAX_MONEY),
    );
    set(
        &mut t,
        "programmes[0].funding.progress_fee",
        Value::Float(MAX_MONEY),
    );
    set(
        &mut t,
        "programmes[0].funding.personal_budget_per_month",
        Value::Float(MAX_MONEY),
    );
    set(
        &mut t,
        "programmes[0].funding.needs_max_multiplier",
        Value::Float(20.0),
    );
    set(
        &mut t,
        "programmes[0].funding.needs_elasticity",
        Value::Float(4.0),
    );
    let dir = tempfile::tempdir().unwrap();
    let s = load_text(dir.path(), &toml::to_string(&t).unwrap()).expect("valid at the limits");

    let model = Model::new(gapsim::scenario::Valid::new(s.clone()).expect("valid scenario"));
    let r = gapsim::batch::run(&model, &gapsim::cancel::Cancel::never(), &|| {})
        .expect("never cancelled");
    for (pi, _) in model.programmes.iter().enumerate() {
        let paid: f64 =
            r[0].programme_spend.iter().map(|m| m[pi]).sum::<f64>() * s.population.scale;
        assert!(
            paid.is_finite() && paid >= 0.0,
            "programme {pi} paid {paid}"
        );
        assert!(
            paid <= MAX_MONEY * (1.0 + 1e-9),
            "programme {pi} paid {paid} over its budget"
        );
    }
    assert!(
        paid_something(&r[0]),
        "the limits were not exercised: nothing was paid"
    );
    assert_eq!(non_finite_output(s), None);
}

fn paid_something(r: &gapsim::engine::ReplicationResult) -> bool {
    r.programme_spend.iter().flatten().any(|&x| x > 0.0)
}

#[test]
fn the_estimate_at_every_count_limit_is_finite_and_refused() {
    let mut s = scenario::load(&crate::support::corpus("kitchen_sink.toml"))
        .unwrap()
        .into_inner();
    s.population.n_people = 100_000_000;
    s.replications = 10_000;
    s.months = 1200;
    for p in &mut s.programmes {
        p.starts_per_year = None;
        p.max_caseload = None;
    }
    scenario::validate(&s).expect("every count at its limit is valid");
    let m = Model::new(gapsim::scenario::Valid::new(s).expect("valid scenario"));
    let e = resources::estimate(&[(&m, Some(&m))], 1024);
    assert!(e.memory > 1 << 40, "{e:?}");
    assert!(e.seconds.is_finite() && e.seconds > 0.0);
    assert_eq!(e.people_at_once, 2 * 1024 * 100_000_000);
}

#[test]
fn the_estimate_grows_with_people_replications_and_threads() {
    let s = scenario::load(&crate::support::corpus("kitchen_sink.toml")).unwrap();
    let at = |people: u32, reps: u32, threads: usize| {
        let mut s = s.clone().into_inner();
        s.population.n_people = people;
        s.replications = reps;
        resources::estimate(
            &[(
                &Model::new(gapsim::scenario::Valid::new(s).expect("valid scenario")),
                None,
            )],
            threads,
        )
    };
    let person = std::mem::size_of::<gapsim::person::Person>() as u64;
    let small = at(1_000_000, 2, 2);
    let big = at(10_000_000, 2, 2);
    assert!(
        big.memory - small.memory >= 2 * 9_000_000 * person,
        "{small:?} {big:?}"
    );
    assert!(at(1_000_000, 2, 1).memory < small.memory);
    assert!(at(1_000_000, 8, 2).memory > small.memory);
    assert!((big.seconds / small.seconds - 10.0).abs() < 1e-9);
}

#[test]
fn a_run_too_big_for_the_memory_is_refused_at_once_with_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "scenarios/baseline.toml",
            "--people",
            "100000000",
            "--replications",
            "10000",
            "--max-memory",
            "4G",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let msg = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    for f in [
        "needs about",
        "GiB of memory",
        "4.0 GiB is allowed by --max-memory",
        "--people",
        "--replications",
        "--threads",
    ] {
        assert!(msg.contains(f), "message lacks {f:?}: {msg}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );

    let o = Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "scenarios/baseline.toml", "--max-memory", "lots"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("512M or 8G"));
}
