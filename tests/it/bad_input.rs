//! Bad input: exit code 2, a message naming the file, line and key, and nothing written.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

/// A bad scenario: its name, the text, and fragments the message must contain.
type Case = (&'static str, String, Vec<&'static str>);

fn edit(from: &str, to: &str) -> String {
    assert!(FLAT_PBR.contains(from), "{from:?} is in FLAT_PBR");
    FLAT_PBR.replacen(from, to, 1)
}

/// Bad scenario files: each must exit 2, name the file and line, and write nothing.
fn cases() -> Vec<Case> {
    let provider2 = "\n[[programmes.providers]]\nname = \"Provider\"\nshare = 0.0\nhours_per_participant = 1.0\n";
    vec![
        (
            "unknown key",
            edit("seed = 7", "seed = 7\nseeed = 8"),
            vec!["s.toml:7:", "seeed", "did you mean `seed`?"],
        ),
        (
            "unknown nested key",
            edit("n_people = 6000", "n_peeple = 6000"),
            vec![
                "s.toml:9:",
                "population.n_peeple",
                "did you mean `n_people`?",
            ],
        ),
        (
            "unknown value",
            edit(
                "duration_months = 12",
                "duration_months = 12\napproach = \"IPS\"",
            ),
            vec!["s.toml:17:", "approach", "did you mean `ips`?"],
        ),
        (
            "unknown benefit",
            edit("\"none\", \"jsa\"", "\"none\", \"jsaa\""),
            vec!["s.toml:22:", "benefits", "did you mean `jsa`?"],
        ),
        (
            "unknown section",
            format!("{FLAT_PBR}\n[labor]\nfind_intercept = 1.0\n"),
            vec!["s.toml:35:", "did you mean `labour`?"],
        ),
        (
            "wrong type",
            edit("seed = 7", "seed = \"seven\""),
            vec!["s.toml:6:", "`seed`"],
        ),
        (
            "table expected",
            edit(
                "[population]\nn_people = 6000\nscale = 1000.0",
                "population = 5",
            ),
            vec!["s.toml:8:", "population"],
        ),
        (
            "probability outside [0, 1]",
            edit("share = 1.0\nhours", "share = 1.5\nhours"),
            vec![
                "s.toml:32:",
                "programmes[0].providers[0].share",
                "probability in [0, 1]",
            ],
        ),
        (
            "negative money",
            edit("job_outcome_fee = 2000.0", "job_outcome_fee = -5.0"),
            vec![
                "s.toml:25:",
                "programmes[0].payment_groups[0].job_outcome_fee",
                "non-negative",
            ],
        ),
        (
            "negative budget",
            edit(
                "max_caseload = 300000",
                "max_caseload = 300000\nfunding = { budget = -1.0 }",
            ),
            vec!["s.toml:18:", "programmes[0].funding.budget", "non-negative"],
        ),
        (
            "money beyond the limit",
            edit("job_outcome_fee = 2000.0", "job_outcome_fee = 1e14"),
            vec!["s.toml:25:", "job_outcome_fee", "at most 1e13"],
        ),
        (
            "end before start",
            edit("end = \"2014-09\"", "end = \"2012-09\""),
            vec!["s.toml:15:", "programmes[0].end", "no earlier than start"],
        ),
        (
            "bad month",
            edit("start = \"2013-04\"\nmonths", "start = \"2013-4\"\nmonths"),
            vec!["s.toml:3:", "`start`", "YYYY-MM"],
        ),
        (
            "month out of range",
            edit("start = \"2013-04\"\nmonths", "start = \"1850-04\"\nmonths"),
            vec!["s.toml:3:", "between 1900-01 and 2200-12"],
        ),
        (
            "demand dates out of order",
            format!(
                "{FLAT_PBR}\n[[areas]]\nname = \"UK\"\nshare = 1.0\ndemand = [{{ date = \"2014-01\", index = 0.0 }}, {{ date = \"2013-01\", index = 0.5 }}]\n"
            ),
            vec!["areas[0].demand[1].date", "increasing order"],
        ),
        (
            "not TOML",
            "name = \"x\"\nstart = [".to_string(),
            vec!["s.toml:2:", "invalid TOML"],
        ),
        (
            "duplicate key",
            edit("seed = 7", "seed = 7\nseed = 8"),
            vec!["s.toml:7:", "invalid TOML", "duplicate"],
        ),
        (
            "empty file",
            String::new(),
            vec!["s.toml", "missing field `name`"],
        ),
        (
            "missing required key",
            edit("months = 18\n", ""),
            vec!["s.toml", "months"],
        ),
        (
            "nan",
            edit("scale = 1000.0", "scale = nan"),
            vec!["s.toml:10:", "population.scale"],
        ),
        (
            "infinity",
            edit("scale = 1000.0", "scale = inf"),
            vec!["s.toml:10:", "population.scale", "got inf"],
        ),
        (
            "integer too large",
            edit("n_people = 6000", "n_people = 5000000000"),
            vec!["s.toml:9:", "population.n_people"],
        ),
        (
            "negative count",
            edit("months = 18", "months = -3"),
            vec!["s.toml:4:", "months"],
        ),
        (
            "zero months",
            edit("months = 18", "months = 0"),
            vec!["s.toml:4:", "months", "[1, 1200]"],
        ),
        (
            "too many replications",
            edit("replications = 2", "replications = 20000"),
            vec!["s.toml:5:", "replications", "[1, 10000]"],
        ),
        (
            "empty name",
            edit("name = \"flat pbr\"", "name = \"  \""),
            vec!["s.toml:2:", "`name`", "non-empty name"],
        ),
        (
            "no payment groups",
            format!(
                "{}\n[[programmes.providers]]\nname = \"Provider\"\nshare = 1.0\nhours_per_participant = 1.0\n",
                &FLAT_PBR[..FLAT_PBR.find("[[programmes.payment_groups]]").unwrap()]
                    .replace("assessment", "payment_groups = []\nassessment")
            ),
            vec![
                "programmes[0].payment_groups",
                "between 1 and 250 payment groups",
            ],
        ),
        (
            "shares not summing to one",
            edit("share = 1.0\nhours", "share = 0.5\nhours"),
            vec!["programmes[0].providers", "sum to 1"],
        ),
        (
            "duplicate provider names",
            format!("{FLAT_PBR}{provider2}"),
            vec!["programmes[0].providers[1].name", "not used earlier"],
        ),
        (
            "ages reversed",
            edit(
                "entry = \"mandatory\"",
                "entry = \"mandatory\"\nmin_age = 50\nmax_age = 30",
            ),
            vec!["s.toml:25:", "max_age", "no lower than min_age"],
        ),
        (
            "age out of range",
            edit(
                "entry = \"mandatory\"",
                "entry = \"mandatory\"\nmin_age = 10",
            ),
            vec!["s.toml:24:", "min_age", "[16, 64]"],
        ),
        (
            "prognosis limits no WCA outcome meets",
            edit(
                "entry = \"mandatory\"",
                "entry = \"mandatory\"\nmin_prognosis_months = 25",
            ),
            vec!["s.toml:24:", "min_prognosis_months", "3, 6, 12, 18 or 24"],
        ),
        (
            "prognosis limits reversed",
            edit(
                "entry = \"mandatory\"",
                "entry = \"mandatory\"\nmin_prognosis_months = 12\nmax_prognosis_months = 6",
            ),
            vec!["min_prognosis_months", "from 12 to 6"],
        ),
        (
            "severity of wrong length",
            format!(
                "{FLAT_PBR}\n[health.conditions.mental]\nprevalence_share = 0.3\nonset_share = 0.4\nseverity = [2.0]\nrecovery = 0.01\ndistance_weight = 0.7\nonset_trend_per_year = 0.0\n"
            ),
            vec!["health.conditions.mental.severity"],
        ),
        (
            "cut-offs out of order",
            format!("{FLAT_PBR}\n[benefits]\nwca_wrag_cut = 0.9\nwca_support_cut = 0.5\n"),
            vec!["benefits.wca_wrag_cut", "no higher than"],
        ),
        (
            "assessment never learning",
            edit(
                "accuracy = 1.0 }",
                "accuracy = 1.0, learning_months = 0.0 }",
            ),
            vec!["s.toml:18:", "assessment.learning_months", "above 0"],
        ),
        (
            "extends not a file name",
            format!("extends = 5\n{FLAT_PBR}"),
            vec!["s.toml:1:", "extends", "expected a file name"],
        ),
        (
            "a scale that cannot hold a person",
            edit("scale = 1000.0", "scale = 5e-324"),
            vec![
                "s.toml:10:",
                "population.scale",
                "[0.001, 100000000]",
                "5e-324",
            ],
        ),
        (
            "a negative rate-card price",
            edit(
                "max_caseload = 300000",
                "max_caseload = 300000\nfunding = { rate_card = { weeks_13 = -5.0 } }",
            ),
            vec![
                "s.toml:",
                "funding.rate_card.weeks_13",
                "non-negative amount",
            ],
        ),
        (
            "a whole-number key made uncertain",
            edit("months = 18", "months = { uniform = [10, 20] }"),
            vec!["s.toml:", "`months` cannot be uncertain"],
        ),
        (
            "a name repeated but for an invisible character",
            format!(
                "{FLAT_PBR}\n[[programmes]]\nname = \"Flat\u{200B} PbR\"\nstart = \"2013-04\"\n\
                 end = \"2013-05\"\nduration_months = 6\n[[programmes.payment_groups]]\n\
                 name = \"G\"\nbenefits = [\"jsa\"]\nentry = \"mandatory\"\n\
                 [[programmes.providers]]\nname = \"P\"\nshare = 1.0\nhours_per_participant = 1.0\n"
            ),
            vec!["s.toml:", "programmes[1].name", "not used earlier"],
        ),
    ]
}

#[test]
fn the_bad_input_table_is_long_and_distinct() {
    let c = cases();
    let mut names: Vec<&str> = c.iter().map(|x| x.0).collect();
    names.sort();
    names.dedup();
    assert!(
        names.len() >= 30 && names.len() == c.len(),
        "{} cases",
        c.len()
    );
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
fn bad_arguments_exit_2_with_what_was_expected() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let taken = tmp.path().join("taken");
    std::fs::create_dir(&taken).unwrap();
    let taken = taken.to_str().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "missing scenario file",
            vec!["run", "no/such/scenario.toml"],
            "no/such/scenario.toml: cannot read",
        ),
        ("scenario is a folder", vec!["validate", dir], "cannot read"),
        ("no people", vec!["run", s, "--people", "0"], "--people"),
        ("no threads", vec!["run", s, "--threads", "0"], "--threads"),
        (
            "replications not a number",
            vec!["run", s, "--replications", "many"],
            "--replications",
        ),
        (
            "too many months",
            vec!["run", s, "--months", "5000"],
            "--months",
        ),
        ("unknown command", vec!["frobnicate"], "frobnicate"),
        ("unknown flag", vec!["run", s, "--peeple", "5"], "--people"),
        (
            "output folder taken",
            vec!["run", s, "--out", taken],
            "already exists",
        ),
        (
            "missing baseline",
            vec!["run", s, "--against", "gone.toml"],
            "gone.toml: cannot read",
        ),
        ("compare with no scenarios", vec!["compare"], "SCENARIOS"),
    ];
    for (case, args, fragment) in cases {
        let o = gapsim(&args);
        let msg = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{case}: {msg}");
        assert!(
            msg.contains(fragment),
            "{case}: message lacks {fragment:?}:\n{msg}"
        );
    }
    // Nothing was written beside the scenario, and the taken folder is as it was.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    assert_eq!(std::fs::read_dir(taken).unwrap().count(), 0);
}

#[test]
fn a_valid_scenario_validates() {
    let o = gapsim(&["validate", "scenarios/baseline.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("valid scenario"));
    let o = gapsim(&["validate", "scenarios/baseline.toml", "--ranges"]);
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", stderr(&o));
    for line in [
        "labour.find_intercept",
        "[-20, 20]",
        "programmes[1].providers[0].share",
        "months ",
        "whole number in [1, 1200]",
    ] {
        assert!(listed.contains(line), "--ranges lacks {line:?}:\n{listed}");
    }
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

#[test]
fn a_bad_value_in_a_scenario_with_dated_changes_is_reported_once_for_the_scenario() {
    // The PIP gateway's file has a dated change that sets another key; a bad value of a key
    // it does not set is wrong in the scenario, not in the change, and is said once.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/library/benefit_reforms/pip_gateway_2028.toml"
    );
    let o = gapsim(&[
        "run",
        file,
        "--out",
        out.to_str().unwrap(),
        "--set",
        "benefits.pip.assessment_persistence=1.5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("benefits.pip.assessment_persistence")
            && err.contains("expected a probability in [0, 1], got 1.5"),
        "{err}"
    );
    assert!(
        !err.contains("changes[0]"),
        "blamed on the dated change: {err}"
    );
    assert!(!out.exists(), "nothing is written");
}
