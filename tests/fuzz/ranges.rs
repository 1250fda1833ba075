//! Every numeric key, taken one at a time to the ends and middle of its documented range,
//! is accepted and runs to finite outputs; just outside its range, and at NaN and infinity,
//! it is rejected with exit code 2 and a message naming the key.

use crate::support::{full_table, load_text, non_finite_output, set};
use gapsim::scenario::{self, KeyRange};
use rayon::prelude::*;
use toml::Value;

fn value(r: &KeyRange, x: f64) -> Value {
    if r.integer {
        Value::Integer(x as i64)
    } else {
        Value::Float(x)
    }
}

fn inside(r: &KeyRange) -> Vec<f64> {
    let lo = if r.lo_open {
        r.lo + (r.hi - r.lo) * 1e-6
    } else {
        r.lo
    };
    let mid = if r.integer {
        ((r.lo + r.hi) / 2.0).floor()
    } else {
        (r.lo + r.hi) / 2.0
    };
    vec![lo, mid, r.hi]
}

fn outside(r: &KeyRange) -> Vec<Value> {
    let step = r.hi.abs().max(1.0);
    // A whole number above a TOML integer (the seed's bound is i64::MAX) cannot be written in
    // a file at all; `tests/it/streams.rs` tries it on the command line.
    let mut v = if r.integer && r.hi + step >= i64::MAX as f64 {
        Vec::new()
    } else {
        vec![value(r, r.hi + step)]
    };
    if r.lo_open {
        v.push(value(r, r.lo));
    } else {
        v.push(value(r, r.lo - step));
    }
    if !r.integer {
        v.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY].map(Value::Float));
    }
    v
}

/// When `key` is one of a set of shares that must sum to one, spreads `1 − x` evenly over
/// the others so the value can be tried on its own.
fn share_the_rest(t: &mut toml::Table, key: &str, x: f64) {
    const CONDITIONS: [&str; 5] = [
        "mental",
        "musculoskeletal",
        "other_physical",
        "learning",
        "multiple",
    ];
    let siblings: Vec<String> = if let Some(rest) = key.strip_prefix("health.conditions.") {
        let (cond, field) = rest.split_once('.').unwrap();
        if !field.ends_with("_share") {
            return;
        }
        CONDITIONS
            .iter()
            .filter(|c| **c != cond)
            .map(|c| format!("health.conditions.{c}.{field}"))
            .collect()
    } else if key.ends_with("].share") {
        let (list, _) = key.rsplit_once('[').unwrap();
        (0..2)
            .map(|i| format!("{list}[{i}].share"))
            .filter(|k| k != key)
            .collect()
    } else {
        return;
    };
    let each = (1.0 - x) / siblings.len() as f64;
    for k in siblings {
        set(t, &k, Value::Float(each));
    }
}

fn all_ranges() -> Vec<KeyRange> {
    let s = scenario::load(&crate::support::corpus("kitchen_sink.toml")).unwrap();
    scenario::ranges(&s)
}

#[test]
fn the_sweep_reaches_every_section() {
    let keys: Vec<String> = all_ranges().into_iter().map(|r| r.key).collect();
    assert!(keys.len() > 150, "only {} numeric keys", keys.len());
    for section in [
        "months",
        "population.scale",
        "areas[0].demand[1].index",
        "health.conditions.multiple.severity[1]",
        "barriers.chaotic.sd",
        "labour.find_demand",
        "benefits.wca_noise_sd",
        "approaches.ips.condition_effect.mental",
        "programmes[1].funding.budget",
        "programmes[0].payment_groups[1].sustainment_max_months",
        "programmes[1].providers[1].reserves",
        "outputs.sustained_job_months",
    ] {
        assert!(keys.iter().any(|k| k == section), "no range for {section}");
    }
}

#[test]
fn every_value_in_range_runs_to_finite_outputs() {
    let ranges = all_ranges();
    let cases: Vec<(String, f64, bool)> = ranges
        .iter()
        .flat_map(|r| {
            inside(r)
                .into_iter()
                .map(move |x| (r.key.clone(), x, r.integer))
        })
        .collect();
    let results: Vec<Result<(), String>> = cases
        .par_iter()
        .map(|(key, x, integer)| {
            let mut t = full_table();
            let v = if *integer {
                Value::Integer(*x as i64)
            } else {
                Value::Float(*x)
            };
            assert!(set(&mut t, key, v), "{key} is in the table");
            share_the_rest(&mut t, key, *x);
            let dir = tempfile::tempdir().unwrap();
            match load_text(dir.path(), &toml::to_string(&t).unwrap()) {
                // Another rule may object (shares no longer summing to one, cut-offs out of
                // order, a count the small-run overrides conflict with): it must say so.
                Err(e) => {
                    assert_eq!(e.exit_code(), 2, "{key} = {x}: {e}");
                    assert!(!e.to_string().is_empty());
                    Err(format!("{key} = {x}: {e}"))
                }
                Ok(s) => match non_finite_output(s) {
                    None => Ok(()),
                    Some(bad) => panic!("{key} = {x} wrote a non-finite number: {bad}"),
                },
            }
        })
        .collect();
    let rejected: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        rejected.len() * 10 < cases.len(),
        "{} of {} in-range values were rejected, e.g. {:?}",
        rejected.len(),
        cases.len(),
        &rejected[..rejected.len().min(5)]
    );
}

#[test]
fn every_value_outside_its_range_is_rejected_naming_the_key() {
    let failures: Vec<String> = all_ranges()
        .par_iter()
        .flat_map(|r| {
            outside(r)
                .into_iter()
                .map(|v| (r.key.clone(), v))
                .collect::<Vec<_>>()
        })
        .filter_map(|(key, v)| {
            let mut t = full_table();
            set(&mut t, &key, v.clone());
            let dir = tempfile::tempdir().unwrap();
            let shown = v.to_string();
            match load_text(dir.path(), &toml::to_string(&t).unwrap()) {
                Ok(_) => Some(format!("{key} = {shown} was accepted")),
                Err(e) if e.exit_code() != 2 => {
                    Some(format!("{key} = {shown}: exit {}", e.exit_code()))
                }
                Err(e) => {
                    let msg = e.to_string();
                    // The overridden keys are reported against the override, not the file.
                    let top = key.split(['.', '[']).next().unwrap();
                    (!msg.contains(&key) && !msg.contains(top))
                        .then(|| format!("{key} = {shown}: message does not name the key: {msg}"))
                }
            }
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
