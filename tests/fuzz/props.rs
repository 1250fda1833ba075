//! Property-based fuzzing of scenario parsing, inheritance and validation.
//!
//! Three generators, seeded from the bundled scenarios and `tests/corpus/`:
//! - any key of a complete scenario replaced by any TOML value (wrong types, NaN, huge
//!   integers, odd strings), and unknown keys inserted anywhere;
//! - byte-level mutations of the seed files' text;
//! - `extends` chains over several files, with loops, missing parents and conflicting values.
//!
//! The property is the same for all: loading never panics, hangs or allocates without bound;
//! a rejection is exit code 2 with a message that names the file; an accepted scenario runs
//! (small) to outputs without NaN or infinity.

use crate::alloc::peak_during;
use crate::support::{full_table, non_finite_output, seed_files, set, small};
use gapsim::app;
use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use toml::Value;

/// Most a scenario load may allocate at its peak: far above a real scenario's needs, far below
/// what an unbounded allocation would reach.
const MAX_LOAD_BYTES: usize = 64 << 20;
/// Longest a load plus a small run may take before it counts as a hang.
const MAX_CASE: Duration = Duration::from_secs(20);

/// The property shared by every generator.
fn check(dir: &Path, file: &str) -> Result<(), TestCaseError> {
    let path = dir.join(file);
    let began = Instant::now();
    let (loaded, peak) = peak_during(|| app::load_scenario(&path, &small()));
    prop_assert!(peak < MAX_LOAD_BYTES, "loading allocated {peak} bytes");
    match loaded {
        Err(e) => {
            let msg = e.to_string();
            prop_assert_eq!(e.exit_code(), 2, "{}", msg);
            prop_assert!(
                msg.contains(".toml") && msg.len() > 20,
                "message names no file: {}",
                msg
            );
            if msg.contains("loops") {
                prop_assert!(msg.contains('→'), "a loop without its chain: {}", msg);
            }
        }
        Ok(r) => {
            let bad = non_finite_output(r.scenario);
            prop_assert!(bad.is_none(), "non-finite output: {:?}", bad);
        }
    }
    prop_assert!(began.elapsed() < MAX_CASE, "took {:?}", began.elapsed());
    Ok(())
}

/// Any TOML value, biased towards the awkward ones.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Value::Integer),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(255),
            Just(256),
            Just(65_536),
            Just(u32::MAX as i64 + 1),
            Just(i64::MAX),
            Just(i64::MIN)
        ]
        .prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(1e308),
            Just(5e-324),
            Just(0.5),
            Just(1.0 + 1e-9)
        ]
        .prop_map(Value::Float),
        any::<bool>().prop_map(Value::Boolean),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("2013-04"),
            Just("1899-12"),
            Just("2201-01"),
            Just("2013-00"),
            Just(""),
            Just("stop_referrals"),
            Just("ips"),
            Just("mandatory"),
            Just("jsa"),
            Just("../../etc/passwd"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Table(m.into_iter().collect())),
        ]
    })
}

/// Every leaf path of a table: `a.b`, `a.list[2]`, `programmes[0].providers[1].share`.
fn leaves(t: &toml::Table, at: &str, out: &mut Vec<String>) {
    for (k, v) in t {
        let key = if at.is_empty() {
            k.clone()
        } else {
            format!("{at}.{k}")
        };
        walk(v, key, out);
    }
}

fn walk(v: &Value, key: String, out: &mut Vec<String>) {
    match v {
        Value::Table(t) => {
            out.push(key.clone());
            leaves(t, &key, out);
        }
        Value::Array(a) => {
            out.push(key.clone());
            for (i, x) in a.iter().enumerate() {
                walk(x, format!("{key}[{i}]"), out);
            }
        }
        _ => out.push(key),
    }
}

/// Every path of a table that holds other keys, where an unknown key can be inserted.
fn tables(v: &Value, key: String, out: &mut Vec<String>) {
    match v {
        Value::Table(t) => {
            out.push(key.clone());
            for (k, x) in t {
                let sub = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                tables(x, sub, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                tables(x, format!("{key}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The table at `key` (a path as `tables` writes it).
fn table_at<'a>(t: &'a mut toml::Table, key: &str) -> Option<&'a mut toml::Table> {
    let mut cur = t;
    for seg in key.split('.').filter(|s| !s.is_empty()) {
        let (name, idx) = seg.split_at(seg.find('[').unwrap_or(seg.len()));
        let mut v = cur.get_mut(name)?;
        for i in idx.split(['[', ']']).filter(|s| !s.is_empty()) {
            v = v.as_array_mut()?.get_mut(i.parse::<usize>().ok()?)?;
        }
        cur = v.as_table_mut()?;
    }
    Some(cur)
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_value_at_any_key_is_run_or_rejected_cleanly(
        picks in prop::collection::vec((any::<prop::sample::Index>(), any_value()), 1..6),
        unknown in prop::collection::vec((any::<prop::sample::Index>(), "[a-z_]{1,12}", any_value()), 0..2),
    ) {
        let mut t = full_table();
        let mut paths = Vec::new();
        leaves(&t, "", &mut paths);
        for (i, v) in picks {
            set(&mut t, i.get::<String>(&paths), v);
        }
        let mut holders = Vec::new();
        tables(&Value::Table(t.clone()), String::new(), &mut holders);
        for (i, k, v) in unknown {
            if let Some(tt) = table_at(&mut t, i.get::<String>(&holders)) {
                tt.insert(k, v);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        // NaN and infinity have TOML spellings (`nan`, `inf`), so any value serialises.
        let text = toml::to_string(&t).unwrap();
        std::fs::write(dir.path().join("s.toml"), text).unwrap();
        check(dir.path(), "s.toml")?;
    }

    #[test]
    fn mutated_seed_files_are_run_or_rejected_cleanly(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0usize..4, "[\\[\\]{}=\"'.,#\n a-z0-9_-]{0,6}"),
            1..8,
        ),
    ) {
        let files = seed_files();
        let src = file.get(&files);
        let mut text = std::fs::read_to_string(src).unwrap().into_bytes();
        for (at, op, s) in edits {
            let i = at.index(text.len() + 1);
            match op {
                0 => { text.splice(i..i, s.bytes()); }
                1 => { let j = (i + s.len() + 1).min(text.len()); text.drain(i..j); }
                2 => { let j = (i + s.len()).min(text.len()); text.splice(i..j, s.bytes()); }
                _ => {
                    // Duplicate the line around `i` (duplicate keys, repeated tables).
                    let start = text[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                    let end = text[i..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| i + p + 1);
                    let line = text[start..end].to_vec();
                    text.splice(start..start, line);
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        // Seed files name their parents relatively; but for the kitchen sink the mutated copy
        // has no siblings, so an `extends` pointing at one must be reported, not followed.
        std::fs::write(dir.path().join("s.toml"), &text).unwrap();
        // The corpus's own parent, so a mutated `extends` child can still reach it.
        std::fs::copy(crate::support::corpus("kitchen_sink.toml"), dir.path().join("kitchen_sink.toml")).unwrap();
        check(dir.path(), "s.toml")?;
    }

    #[test]
    fn extends_chains_are_followed_or_rejected_cleanly(
        links in prop::collection::vec(prop::option::of(0usize..6), 1..5),
        fragments in prop::collection::vec(0usize..8, 1..5),
    ) {
        const FRAGMENTS: [&str; 8] = [
            "months = 12\n",
            "name = \"child\"\n",
            "[population]\nn_people = 300\n",
            "[[programmes]]\nname = \"IPS\"\nduration_months = 4\n",
            "programmes = []\n",
            "[[areas]]\nname = \"South\"\nshare = 0.9\n",
            "[[programmes]]\nname = \"New\"\n",
            "replications = \"three\"\n",
        ];
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::read_to_string(crate::support::corpus("kitchen_sink.toml")).unwrap();
        std::fs::write(dir.path().join("root.toml"), base).unwrap();
        for (i, link) in links.iter().enumerate() {
            let parent = match link {
                Some(j) if *j < links.len() => format!("f{j}.toml"),
                Some(_) => "missing.toml".into(),
                None => "root.toml".into(),
            };
            let body = FRAGMENTS[fragments[i % fragments.len()]];
            std::fs::write(
                dir.path().join(format!("f{i}.toml")),
                format!("extends = \"{parent}\"\n{body}"),
            )
            .unwrap();
        }
        check(dir.path(), "f0.toml")?;
    }
}
