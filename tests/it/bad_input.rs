//! Bad input: exit code 2, a message naming the file, line and key, and nothing written.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

/// (case, scenario text, fragments the message must contain)
fn cases() -> Vec<(&'static str, String, Vec<&'static str>)> {
    vec![
        (
            "unknown key",
            FLAT_PBR.replace("seed = 7", "seed = 7\nseeed = 8"),
            vec!["s.toml:7:", "seeed", "unknown field"],
        ),
        (
            "wrong type",
            FLAT_PBR.replace("seed = 7", "seed = \"seven\""),
            vec!["s.toml:6:", "`seed`"],
        ),
        (
            "probability outside [0, 1]",
            FLAT_PBR.replace("share = 1.0\nhours", "share = 1.5\nhours"),
            vec![
                "s.toml:32:",
                "programmes[0].providers[0].share",
                "probability in [0, 1]",
            ],
        ),
        (
            "negative money",
            FLAT_PBR.replace("job_outcome_fee = 2000.0", "job_outcome_fee = -5.0"),
            vec![
                "s.toml:25:",
                "programmes[0].payment_groups[0].job_outcome_fee",
                "non-negative",
            ],
        ),
        (
            "end before start",
            FLAT_PBR.replace("end = \"2014-09\"", "end = \"2012-09\""),
            vec!["s.toml:15:", "programmes[0].end", "no earlier than start"],
        ),
        (
            "bad month",
            FLAT_PBR.replace("start = \"2013-04\"\nmonths", "start = \"2013-4\"\nmonths"),
            vec!["s.toml:3:", "`start`", "YYYY-MM"],
        ),
        (
            "not TOML",
            "name = \"x\"\nstart = [".to_string(),
            vec!["s.toml:2:", "invalid TOML"],
        ),
        (
            "missing required key",
            FLAT_PBR.replace("months = 18\n", ""),
            vec!["s.toml", "months"],
        ),
        (
            "nan",
            FLAT_PBR.replace("scale = 1000.0", "scale = nan"),
            vec!["s.toml:10:", "population.scale"],
        ),
    ]
}

#[test]
fn each_bad_scenario_exits_2_with_file_line_and_key_and_writes_nothing() {
    for (case, text, fragments) in cases() {
        let tmp = tempfile::tempdir().unwrap();
        let path = write(tmp.path(), "s.toml", &text);
        let out = tmp.path().join("out");
        for args in [
            vec![
                "run",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            vec!["validate", path.to_str().unwrap()],
        ] {
            let o = gapsim(&args);
            let msg = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{case}: {msg}");
            for f in &fragments {
                assert!(msg.contains(f), "{case}: message lacks {f:?}:\n{msg}");
            }
            assert!(!out.exists(), "{case}: an output folder was written");
            let entries = std::fs::read_dir(tmp.path()).unwrap().count();
            assert_eq!(
                entries, 1,
                "{case}: only the scenario file is in the folder"
            );
        }
    }
}

#[test]
fn a_missing_file_or_bad_flag_exits_2() {
    let o = gapsim(&["run", "no/such/scenario.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/scenario.toml"),
        "{}",
        stderr(&o)
    );
    let o = gapsim(&["run", "scenarios/baseline.toml", "--people", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--people"));
    let o = gapsim(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_valid_scenario_validates() {
    let o = gapsim(&["validate", "scenarios/baseline.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("valid scenario"));
}

#[test]
fn extends_loops_missing_parents_and_unpairable_baselines_exit_2_with_the_chain() {
    let tmp = tempfile::tempdir().unwrap();
    let a = write(tmp.path(), "a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
    write(tmp.path(), "b.toml", "extends = \"a.toml\"\n");
    let o = gapsim(&["validate", a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(
        msg.contains("loops") && msg.contains("a.toml → ") && msg.contains("b.toml"),
        "{msg}"
    );

    let m = write(tmp.path(), "m.toml", "extends = \"gone.toml\"\n");
    let o = gapsim(&["validate", m.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(
        msg.contains("m.toml:1:1") && msg.contains("gone.toml") && msg.contains("chain"),
        "{msg}"
    );

    // A baseline over different months cannot be paired: refused before any work.
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let b = write(
        tmp.path(),
        "base.toml",
        &FLAT_PBR.replace("months = 18", "months = 24"),
    );
    let out = tmp.path().join("out");
    let o = gapsim(&[
        "run",
        s.to_str().unwrap(),
        "--against",
        b.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let msg = stderr(&o);
    assert!(
        msg.contains("cannot pair") && msg.contains("months"),
        "{msg}"
    );
    assert!(!out.exists());
}
