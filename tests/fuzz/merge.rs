//! Hostile shards: `gapsim merge` given shard folders whose `shard.json` or `manifest.json`
//! was mutated (bytes flipped, inserted or cut; a value anywhere replaced by an awkward one)
//! must end with exit 0 or exit 2, never a panic, a hang or another code; on exit 2 it writes
//! nothing, and on exit 0 it writes a complete run folder.

use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SCENARIO: &str = r#"
name = "shards"
start = "2013-04"
months = 6
replications = 4
seed = 3

[population]
n_people = 400
scale = 1000.0
"#;

/// Two shards of one small run, made once.
fn shards() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static SHARDS: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    SHARDS.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let s = tmp.path().join("s.toml");
        std::fs::write(&s, SCENARIO).expect("write");
        let mut dirs = Vec::new();
        for k in 1..=2 {
            let d = tmp.path().join(format!("s{k}"));
            let o = gapsim(&[
                "run",
                s.to_str().expect("utf-8"),
                "--shard",
                &format!("{k}/2"),
                "--out",
                d.to_str().expect("utf-8"),
            ]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            dirs.push(d);
        }
        let (b, a) = (dirs.pop().expect("two"), dirs.pop().expect("two"));
        (tmp, a, b)
    })
}

fn gapsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gapsim"))
        .args(args)
        .output()
        .expect("gapsim runs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
    }
}

/// Every path to a leaf of a JSON value, as (object keys and array indices).
fn leaf_paths(v: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                at.push(k.clone());
                leaf_paths(x, at, out);
                at.pop();
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate().take(8) {
                at.push(i.to_string());
                leaf_paths(x, at, out);
                at.pop();
            }
        }
        _ => out.push(at.clone()),
    }
}

fn set_path(v: &mut Value, path: &[String], new: Value) {
    let mut cur = v;
    for seg in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(seg).expect("path exists"),
            Value::Array(xs) => &mut xs[seg.parse::<usize>().expect("index")],
            _ => return,
        };
    }
    *cur = new;
}

fn awkward() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(4294967295u32)),
        Just(serde_json::json!(1.7e308)),
        Just(serde_json::json!(-1.7e308)),
        Just(serde_json::json!("x")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        any::<i64>().prop_map(|x| serde_json::json!(x)),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| serde_json::json!(x)),
    ]
}

/// The property: exit 0 with a complete folder, or exit 2 with nothing written; in time.
fn check(a: &Path, b: &Path, out: &Path) -> Result<(), TestCaseError> {
    let began = Instant::now();
    let o = gapsim(&[
        "merge",
        a.to_str().expect("utf-8"),
        b.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let code = o.status.code();
    let err = String::from_utf8_lossy(&o.stderr);
    prop_assert!(code == Some(0) || code == Some(2), "exit {code:?}: {err}");
    if code == Some(2) {
        prop_assert!(!out.exists(), "a refused merge wrote {}", out.display());
        prop_assert!(err.len() > 10, "no message");
    } else {
        prop_assert!(
            out.join("summary.csv").exists(),
            "an accepted merge without its files"
        );
    }
    prop_assert!(
        began.elapsed() < Duration::from_secs(20),
        "took {:?}",
        began.elapsed()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_shard_with_a_value_replaced_anywhere_is_merged_or_refused_cleanly(
        which in 0usize..2,
        pick in any::<prop::sample::Index>(),
        value in awkward(),
    ) {
        let (_tmp, s1, s2) = shards();
        let case = tempfile::tempdir().expect("tempdir");
        let (a, b) = (case.path().join("a"), case.path().join("b"));
        copy_dir(s1, &a);
        copy_dir(s2, &b);
        let file = ["shard.json", "manifest.json"][which];
        let mut v: Value =
            serde_json::from_slice(&std::fs::read(a.join(file)).expect("read")).expect("json");
        let mut paths = Vec::new();
        leaf_paths(&v, &mut Vec::new(), &mut paths);
        let path = pick.get(&paths).clone();
        set_path(&mut v, &path, value);
        std::fs::write(a.join(file), serde_json::to_vec(&v).expect("json")).expect("write");
        if file == "manifest.json" {
            std::fs::copy(a.join(file), b.join(file)).expect("copy");
        }
        check(&a, &b, &case.path().join("out"))?;
    }

    #[test]
    fn a_shard_with_mutated_bytes_is_merged_or_refused_cleanly(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let (_tmp, s1, s2) = shards();
        let case = tempfile::tempdir().expect("tempdir");
        let (a, b) = (case.path().join("a"), case.path().join("b"));
        copy_dir(s1, &a);
        copy_dir(s2, &b);
        let mut bytes = std::fs::read(a.join("shard.json")).expect("read");
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        std::fs::write(a.join("shard.json"), &bytes).expect("write");
        check(&a, &b, &case.path().join("out"))?;
    }
}
