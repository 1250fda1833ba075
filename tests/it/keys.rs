//! One definition per scenario key: the key table (`gapsim::scenario::keys::KEYS`), the
//! scenario structs, the validator, `scenarios/example.toml` and `docs/parameters.md` agree.
//!
//! `GAPSIM_UPDATE_KEYS=1 cargo test --release --test it keys` rewrites the example's range
//! comments and the parameter docs from the table; otherwise a difference fails.

use crate::common::root;
use gapsim::scenario::{self, keys};
use serde_json::Value;
use std::collections::BTreeSet;

/// Every numeric leaf of a JSON value, as key paths (`a.b[0].c`).
fn numeric_leaves(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Number(_) => {
            out.insert(path.to_string());
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                numeric_leaves(x, &p, out);
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                numeric_leaves(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The numeric keys of the example and the kitchen-sink corpus file (together they hold every
/// key), and what the validator checked in them.
fn leaves_and_checked() -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut leaves, mut checked) = (BTreeSet::new(), BTreeSet::new());
    for f in ["scenarios/example.toml", "tests/corpus/kitchen_sink.toml"] {
        let s = scenario::load(&root().join(f)).expect("valid scenario");
        let v = serde_json::to_value(&s).expect("serialisable");
        let mut mine = BTreeSet::new();
        numeric_leaves(&v, "", &mut mine);
        // A dated change's values are keys of the scenario it makes, checked there.
        leaves.extend(mine.into_iter().filter(|k| !k.starts_with("changes")));
        checked.extend(scenario::ranges(&s).into_iter().map(|r| r.key));
    }
    (leaves, checked)
}

#[test]
fn every_numeric_key_of_the_structs_is_in_the_table_once_and_every_entry_is_a_key() {
    let (leaves, _) = leaves_and_checked();
    let mut used = BTreeSet::new();
    for leaf in &leaves {
        let def = keys::lookup(leaf).unwrap_or_else(|| panic!("{leaf} has no entry in KEYS"));
        used.insert(def.key);
    }
    for k in keys::KEYS {
        assert!(
            used.contains(k.key),
            "KEYS has {} but no scenario key matches it (example.toml and kitchen_sink.toml \
             between them must hold every key)",
            k.key
        );
    }
}

#[test]
fn the_validator_checks_every_numeric_key_against_the_table() {
    let (leaves, checked) = leaves_and_checked();
    let missing: Vec<&String> = leaves.difference(&checked).collect();
    assert!(missing.is_empty(), "not range-checked: {missing:?}");
    let extra: Vec<&String> = checked.difference(&leaves).collect();
    assert!(extra.is_empty(), "checked but not a key: {extra:?}");
}

/// A scenario whose every key takes its default, with one programme, payment group, provider
/// and an empty rate card, so that those keys have defaults to read.
const DEFAULTS: &str = r#"
name = "defaults"
start = "2013-04"
months = 1

[[programmes]]
name = "P"
start = "2013-04"
end = "2013-04"
duration_months = 6

[programmes.funding.rate_card]

[[programmes.payment_groups]]
name = "G"
benefits = ["jsa"]
entry = "mandatory"

[[programmes.providers]]
name = "V"
share = 1.0
hours_per_participant = 1.0
"#;

/// Numeric keys a scenario must give (the defaults scenario gives them, so they must not be
/// shown as defaults).
const REQUIRED: [&str; 4] = [
    "months",
    "programmes[].duration_months",
    "programmes[].providers[].share",
    "programmes[].providers[].hours_per_participant",
];

fn expected_docs() -> String {
    let s = scenario::load_str(DEFAULTS, std::path::Path::new("defaults.toml")).expect("valid");
    let v = serde_json::to_value(&s).expect("serialisable");
    let mut leaves = BTreeSet::new();
    numeric_leaves(&v, "", &mut leaves);
    let at = |path: &str| -> Option<&Value> {
        let mut x = &v;
        for seg in path.split('.') {
            let (name, idx) = match seg.split_once('[') {
                Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            x = x.get(name)?;
            if let Some(i) = idx {
                x = x.get(i)?;
            }
        }
        Some(x)
    };
    keys::markdown(&|pattern| {
        if REQUIRED.contains(&pattern) {
            return Some("required".into());
        }
        // Every concrete key of the pattern in the defaults scenario: one value, or one per
        // name of a condition, barrier or approach.
        let found: Vec<(String, String)> = leaves
            .iter()
            .filter(|l| keys::lookup(l).is_some_and(|d| d.key == pattern))
            .map(|l| {
                let name: Vec<&str> = pattern
                    .split('.')
                    .zip(l.split('.'))
                    .filter(|(p, _)| *p == "*" || p.ends_with("[]") && !p.starts_with("programmes"))
                    .map(|(_, seg)| seg)
                    .collect();
                (
                    name.join("."),
                    at(l).map_or(String::new(), |x| x.to_string()),
                )
            })
            .collect();
        match found.as_slice() {
            [] => None,
            [(_, v)] => Some(v.clone()),
            many => Some(
                many.iter()
                    .map(|(n, v)| format!("{n}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    })
}

fn check_or_update(path: &str, expected: &str) {
    let file = root().join(path);
    if std::env::var_os("GAPSIM_UPDATE_KEYS").is_some() {
        std::fs::write(&file, expected).expect("writable");
        return;
    }
    let actual = std::fs::read_to_string(&file).unwrap_or_default();
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or(actual.lines().count().min(expected.lines().count()));
        panic!(
            "{path} differs from the key table at line {} (run `GAPSIM_UPDATE_KEYS=1 cargo \
             test --release --test it keys` and review the diff):\n  file: {:?}\n  table: {:?}",
            first + 1,
            actual.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

#[test]
fn example_toml_states_each_range_as_the_table_does() {
    let text = std::fs::read_to_string(root().join("scenarios/example.toml")).expect("readable");
    check_or_update("scenarios/example.toml", &keys::annotate(&text));
}

#[test]
fn the_parameter_docs_are_generated_from_the_table() {
    check_or_update("docs/parameters.md", &expected_docs());
}

#[test]
fn validate_ranges_prints_each_range_as_the_table_states_it() {
    let o = crate::common::gapsim(&["validate", "scenarios/baseline.toml", "--ranges"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    let seed = out
        .lines()
        .find(|l| l.starts_with("seed "))
        .expect("seed listed");
    assert!(
        seed.ends_with("whole number in [0, 9223372036854775807]"),
        "{seed}"
    );
}
