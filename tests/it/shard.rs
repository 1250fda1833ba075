//! Scale-out: a run split into shards and merged equals the same run done whole.

use crate::common::{FLAT_PBR, files, gapsim, stderr, write};

#[test]
fn three_shards_merged_equal_the_whole_run_and_gaps_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let base = write(tmp.path(), "base.toml", FLAT_PBR);
    let text = format!(
        "baseline = \"base.toml\"\n{}",
        FLAT_PBR.replace("replications = 2", "replications = 5")
    );
    write(
        tmp.path(),
        "base.toml",
        &std::fs::read_to_string(&base)
            .unwrap()
            .replace("replications = 2", "replications = 5")
            .replace("job_outcome_fee = 2000.0", "job_outcome_fee = 0.0"),
    );
    let s = write(tmp.path(), "s.toml", &text);
    let s = s.to_str().unwrap();
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let o = gapsim(&["run", s, "--out", &dir("whole")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said_whole = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    for k in 1..=3 {
        let o = gapsim(&[
            "run",
            s,
            "--shard",
            &format!("{k}/3"),
            "--out",
            &dir(&format!("s{k}")),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = gapsim(&[
        "merge",
        &dir("s1"),
        &dir("s2"),
        &dir("s3"),
        "--out",
        &dir("merged"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The merge says what the whole run said: its impact and when the gap halves.
    let said_merged = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    for line in said_whole
        .lines()
        .filter(|l| l.starts_with("impact") || l.contains("gap of"))
    {
        assert!(said_merged.contains(line), "{line} not in {said_merged}");
    }
    assert!(said_merged.contains("impact against"), "{said_merged}");
    let whole = files(&tmp.path().join("whole"));
    assert!(
        whole.iter().any(|f| f.0 == "impact_summary.csv"),
        "a paired run"
    );
    assert!(
        whole == files(&tmp.path().join("merged")),
        "merged differs from whole"
    );

    // A missing shard and a duplicated one are refused, naming them; nothing is written.
    let o = gapsim(&["merge", &dir("s1"), &dir("s3"), "--out", &dir("m2")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shard(s) {2} of 3 not given"),
        "{}",
        stderr(&o)
    );
    let o = gapsim(&[
        "merge",
        &dir("s1"),
        &dir("s2"),
        &dir("s2"),
        &dir("s3"),
        "--out",
        &dir("m3"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("in two shards"), "{}", stderr(&o));
    // Shards of another run (another seed) are refused.
    let o = gapsim(&[
        "run",
        s,
        "--shard",
        "2/3",
        "--seed",
        "99",
        "--out",
        &dir("other"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gapsim(&[
        "merge",
        &dir("s1"),
        &dir("other"),
        &dir("s3"),
        "--out",
        &dir("m4"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different runs"), "{}", stderr(&o));
    for m in ["m2", "m3", "m4"] {
        assert!(!tmp.path().join(m).exists());
    }
    // The refusal is the seed's doing: the same shard rerun with the run's own seed (FLAT_PBR's
    // 7) given explicitly merges with the others into the whole run.
    let o = gapsim(&[
        "run",
        s,
        "--shard",
        "2/3",
        "--seed",
        "7",
        "--out",
        &dir("same_seed"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gapsim(&[
        "merge",
        &dir("s1"),
        &dir("same_seed"),
        &dir("s3"),
        "--out",
        &dir("m5"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        whole == files(&tmp.path().join("m5")),
        "merged differs from whole"
    );
    let o = gapsim(&["run", s, "--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sweep_shards_merged_equal_the_whole_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let axis = "programmes[0].providers[0].hours_per_participant=0..4/5";
    // Without and with an uncertain input (drawn per replication at every point).
    let uncertain = ["--set", "labour.loss_intercept={ uniform = [-5.8, -5.2] }"];
    for (tag, extra) in [("plain", &[][..]), ("uncertain", &uncertain[..])] {
        let sweep = |more: &[&str], out: &str| {
            let mut args = vec!["sweep", s, "--set", axis, "--out", out];
            args.extend_from_slice(extra);
            args.extend_from_slice(more);
            let o = gapsim(&args);
            assert!(o.status.success(), "{}", stderr(&o));
        };
        let d = |name: &str| dir(&format!("{tag}-{name}"));
        sweep(&[], &d("whole"));
        for k in 1..=3 {
            sweep(&["--shard", &format!("{k}/3")], &d(&format!("s{k}")));
        }
        let o = gapsim(&["merge", &d("s3"), &d("s1"), &d("s2"), "--out", &d("merged")]);
        assert!(o.status.success(), "{}", stderr(&o));
        let whole = files(&tmp.path().join(format!("{tag}-whole")));
        assert!(
            whole == files(&tmp.path().join(format!("{tag}-merged"))),
            "{tag}"
        );
        let o = gapsim(&["merge", &d("s1"), &d("s2"), "--out", &d("m2")]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("shard(s) {3} of 3 not given"),
            "{}",
            stderr(&o)
        );
    }
    // The uncertain input did change the sweep.
    let sweep_csv = |tag: &str| std::fs::read(tmp.path().join(tag).join("sweep.csv")).unwrap();
    assert_ne!(sweep_csv("plain-whole"), sweep_csv("uncertain-whole"));
}

/// Runs a command whole into `dir/whole` and in `n` shards into `dir/s1` … `dir/sN` with
/// `run(extra flags, output folder)`, merges the shards given out of order (the last first)
/// into `dir/merged`, and returns the files of the whole run and of the merge.
fn whole_and_merged(
    dir: &std::path::Path,
    n: u32,
    run: &dyn Fn(&[&str], &str),
) -> [Vec<(String, Vec<u8>)>; 2] {
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    run(&[], &path("whole"));
    for k in 1..=n {
        run(&["--shard", &format!("{k}/{n}")], &path(&format!("s{k}")));
    }
    let shards: Vec<String> = std::iter::once(n)
        .chain(1..n)
        .map(|k| path(&format!("s{k}")))
        .collect();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    let merged = path("merged");
    args.extend(["--out", &merged]);
    let o = gapsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    [files(&dir.join("whole")), files(&dir.join("merged"))]
}

#[test]
fn a_run_with_uncertain_inputs_sharded_and_merged_equals_the_whole_run() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(
        tmp.path(),
        "s.toml",
        &FLAT_PBR.replace("replications = 2", "replications = 4"),
    );
    let s = s.to_str().unwrap();
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let run = |extra: &[&str], out: &str| {
        let mut args = vec![
            "run",
            s,
            "--set",
            "labour.find_demand={ normal = [0.6, 0.2] }",
            "--set",
            "labour.loss_intercept={ uniform = [-5.8, -5.2] }",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        let o = gapsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let [whole, merged] = whole_and_merged(tmp.path(), 3, &run);
    for name in ["parameters.csv", "tornado.csv", "tornado.png"] {
        assert!(
            whole.iter().any(|f| f.0 == name),
            "the whole run has {name}"
        );
    }
    assert!(whole == merged, "merged differs from whole");
    // A shard of the same scenario without the uncertain inputs is another run.
    let o = gapsim(&["run", s, "--shard", "2/3", "--out", &dir("plain")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = gapsim(&[
        "merge",
        &dir("s1"),
        &dir("plain"),
        &dir("s3"),
        "--out",
        &dir("m"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different runs"), "{}", stderr(&o));
}

/// A float axis whose points are not exact in binary (0.1, 0.2) gives the same files sharded
/// and merged as whole, and its points are written as the decimals a reader expects; a
/// 17-significant-digit end point survives the shard's JSON unchanged.
#[test]
fn a_sweep_of_decimal_points_merges_byte_identically_to_the_whole_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    for (tag, axis) in [
        ("tenths", "labour.find_demand=0..0.3/4"),
        ("digits", "labour.find_demand=0.12345678901234567..0.3/2"),
    ] {
        let d = |name: &str| dir(&format!("{tag}-{name}"));
        let sweep = |more: &[&str], out: &str| {
            let mut args = vec!["sweep", s, "--set", axis, "--months", "6", "--out", out];
            args.extend_from_slice(more);
            let o = gapsim(&args);
            assert!(o.status.success(), "{}", stderr(&o));
        };
        sweep(&[], &d("whole"));
        sweep(&["--shard", "1/2"], &d("s1"));
        sweep(&["--shard", "2/2"], &d("s2"));
        let o = gapsim(&["merge", &d("s1"), &d("s2"), "--out", &d("merged")]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            files(&tmp.path().join(format!("{tag}-whole")))
                == files(&tmp.path().join(format!("{tag}-merged"))),
            "{tag}: merged differs from whole"
        );
        let csv =
            std::fs::read_to_string(tmp.path().join(format!("{tag}-whole/sweep.csv"))).unwrap();
        assert!(!csv.contains("0.0999999"), "{csv}");
    }
}

/// `merge` trusts nothing it reads: every way of editing a shard or its manifest below ends
/// with exit 2 and a message naming the shard, and nothing is written.
#[test]
fn merge_refuses_edited_shards_and_manifests() {
    use serde_json::{Value, json};
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let dir = |name: &str| tmp.path().join(name);
    for k in 1..=2 {
        let o = gapsim(&[
            "run",
            s.to_str().unwrap(),
            "--months",
            "6",
            "--replications",
            "4",
            "--shard",
            &format!("{k}/2"),
            "--out",
            dir(&format!("s{k}")).to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let read = |d: &str, f: &str| -> Value {
        serde_json::from_slice(&std::fs::read(dir(d).join(f)).unwrap()).unwrap()
    };
    let shard = read("s1", "shard.json");
    let manifest = read("s1", "manifest.json");
    type Edit = Box<dyn Fn(&mut Value, &mut Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "huge spend",
            Box::new(|s, _| s["reps"][0]["months"][0]["spend"] = json!(1.7e308)),
            "expected finite numbers",
        ),
        (
            "truncated",
            Box::new(|s, _| {
                s["reps"][0]["months"].as_array_mut().unwrap().truncate(5);
            }),
            "has 5 months",
        ),
        (
            "claims more",
            Box::new(|s, _| s["covers"] = json!([0, 2, 1])),
            "claims replications",
        ),
        (
            "holds twice",
            Box::new(|s, _| {
                let r = s["reps"][0].clone();
                s["reps"].as_array_mut().unwrap()[1] = r;
            }),
            "claims replications",
        ),
        (
            "huge count",
            Box::new(|s, _| s["replications"] = json!(4294967295u32)),
            "replications",
        ),
        (
            "of zero",
            Box::new(|s, _| s["of"] = json!(0)),
            "expected 1 ≤ shard ≤ of",
        ),
        (
            "scale",
            Box::new(|_, m| m["scenario"]["population"]["scale"] = json!(415000.0)),
            "scenario_sha256",
        ),
        (
            "negative scale",
            Box::new(|_, m| {
                m["scenario"]["population"]["scale"] = json!(-1.0);
                m["scenario"]["months"] = json!(0);
            }),
            "manifest.json",
        ),
    ];
    for (what, edit, says) in cases {
        let bad = dir(&format!("bad-{}", what.replace(' ', "-")));
        let other = dir(&format!("other-{}", what.replace(' ', "-")));
        for (from, to) in [("s1", &bad), ("s2", &other)] {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(dir(from)).unwrap() {
                let e = e.unwrap();
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
        let (mut sh, mut ma) = (shard.clone(), manifest.clone());
        edit(&mut sh, &mut ma);
        std::fs::write(bad.join("shard.json"), serde_json::to_vec(&sh).unwrap()).unwrap();
        // Both manifests edited alike, as a careful forger would.
        for d in [&bad, &other] {
            std::fs::write(
                d.join("manifest.json"),
                serde_json::to_vec_pretty(&ma).unwrap(),
            )
            .unwrap();
        }
        let out = dir(&format!("merged-{}", what.replace(' ', "-")));
        let o = gapsim(&[
            "merge",
            bad.to_str().unwrap(),
            other.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{what}: {}", stderr(&o));
        assert!(!out.exists(), "{what}: nothing written");
    }
}

#[test]
fn merge_refuses_a_sweep_shard_without_points_or_with_short_results() {
    use serde_json::json;
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let d = tmp.path().join("s1");
    let o = gapsim(&[
        "sweep",
        s.to_str().unwrap(),
        "--set",
        "labour.find_demand=0..0.3/2",
        "--months",
        "3",
        "--shard",
        "1/1",
        "--out",
        d.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("sweep_shard.json")).unwrap()).unwrap();
    for (what, path, value) in [
        ("no points", "points", json!([])),
        ("of zero", "of", json!(0)),
    ] {
        let mut v = original.clone();
        if path == "of" {
            v["of"] = value;
        } else {
            v["sweep"][path] = value;
        }
        std::fs::write(d.join("sweep_shard.json"), serde_json::to_vec(&v).unwrap()).unwrap();
        let out = tmp.path().join(format!("m-{}", what.replace(' ', "-")));
        let o = gapsim(&["merge", d.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(!out.exists());
    }
}

#[test]
fn a_paired_run_with_uncertain_inputs_sharded_and_merged_equals_the_whole_run() {
    // The tornado of a paired run carries the baseline's runs too; shards carry them and the
    // merge ranks by the effect exactly as the whole run does.
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str], out: &str| {
        let mut args = vec![
            "run",
            "scenarios/library/benefit_reforms/health_element_2026.toml",
            "--people",
            "2000",
            "--replications",
            "3",
            "--set",
            "labour.find_intercept={ uniform = [-2.0, -0.5] }",
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        let o = gapsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let [whole, merged] = whole_and_merged(tmp.path(), 2, &run);
    let tornado = whole.iter().find(|f| f.0 == "tornado.csv").unwrap();
    let text = String::from_utf8(tornado.1.clone()).unwrap();
    assert!(!text.lines().nth(1).unwrap().ends_with(",,,,"), "{text}");
    assert!(whole == merged, "merged differs from whole");
}
