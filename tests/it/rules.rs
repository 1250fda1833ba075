//! Scenario rules that used to be bent silently, and inputs that used to be read without a
//! bound (issue: reliability): each is refused with exit 2 and a message that names the flag,
//! file or key to blame, before any work starts.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

fn refused(args: &[&str], says: &str) {
    let o = gapsim(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
}

#[test]
fn set_baseline_or_extends_is_refused_with_a_pointer_to_the_right_way() {
    let base = "scenarios/baseline.toml";
    refused(&["run", base, "--set", "baseline=x.toml"], "--against");
    refused(&["run", base, "--set", "extends=x.toml"], "scenario file");
}

#[test]
fn a_key_set_twice_or_swept_and_fixed_is_refused_naming_both_flags() {
    let base = "scenarios/baseline.toml";
    refused(
        &[
            "run",
            base,
            "--set",
            "labour.find_demand=0.5",
            "--set",
            "labour.find_demand=0.6",
        ],
        "--set labour.find_demand=0.5 and --set labour.find_demand=0.6",
    );
    refused(
        &[
            "sweep",
            base,
            "--set",
            "labour.find_demand=0..0.3/4",
            "--set",
            "labour.find_demand=0.5",
            "--people",
            "300",
        ],
        "expected each key once",
    );
}

#[test]
fn a_sweep_grid_too_large_is_refused_before_it_is_built() {
    let o = gapsim(&[
        "sweep",
        "scenarios/baseline.toml",
        "--set",
        "labour.find_demand=0..1/1000",
        "--set",
        "labour.loss_demand=-1..0/1000",
        "--set",
        "labour.find_inactive=-2..0/1000",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("1000 × 1000 × 1000"), "{}", stderr(&o));
}

#[test]
fn a_name_repeated_in_an_extends_child_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "base.toml", FLAT_PBR);
    let programme = "[[programmes]]\nname = \"Flat PbR\"\nduration_months = 6\n";
    let child = format!("extends = \"base.toml\"\nname = \"child\"\n\n{programme}\n{programme}");
    let c = write(tmp.path(), "child.toml", &child);
    let o = gapsim(&["validate", c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("child.toml:9"), "{}", stderr(&o));
    assert!(stderr(&o).contains("programmes[1].name"), "{}", stderr(&o));
    // Names that differ only by an invisible character are the same name.
    let sneaky = FLAT_PBR.to_string()
        + "\n[[programmes]]\nname = \"Flat\u{200B}PbR\"\nstart = \"2013-04\"\nend = \"2013-05\"\n\
           duration_months = 6\n[[programmes.payment_groups]]\nname = \"G\"\nbenefits = [\"jsa\"]\n\
           entry = \"mandatory\"\n[[programmes.providers]]\nname = \"P\"\nshare = 1.0\n\
           hours_per_participant = 1.0\n";
    let s = write(
        tmp.path(),
        "sneaky.toml",
        &sneaky.replace("Flat PbR\"", "FlatPbR\""),
    );
    let o = gapsim(&["validate", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not used earlier"), "{}", stderr(&o));
}

#[test]
fn inputs_that_are_not_regular_files_are_refused_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A named pipe nobody writes to would block a reader for ever.
    refused(&["validate", fifo.to_str().unwrap()], "regular file");
    refused(&["validate", "/dev/urandom"], "regular file");
    let z = write(
        tmp.path(),
        "z.toml",
        "extends = \"/dev/zero\"\nname = \"z\"\nstart = \"2013-04\"\nmonths = 2\n",
    );
    refused(&["validate", z.to_str().unwrap()], "regular file");
    // Too big: a file of 65 MiB, and a scenario of 5 MiB (a scenario is capped lower than a
    // shard file, so that parsing one stays within a modest memory limit).
    let big = tmp.path().join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(65 << 20).unwrap();
    refused(&["validate", big.to_str().unwrap()], "at most 4 MiB");
    let five = tmp.path().join("five.toml");
    std::fs::write(&five, "#".repeat(5 << 20)).unwrap();
    refused(&["validate", five.to_str().unwrap()], "at most 4 MiB");
    // Under a memory limit, a scenario whose parsing would need more is refused before it is
    // parsed (a 10 MB scenario once reached 650 MB while being parsed under --max-memory 100M).
    let three = tmp.path().join("three.toml");
    std::fs::write(&three, format!("name = \"x\"\n{}", "#".repeat(3 << 20))).unwrap();
    refused(
        &["run", three.to_str().unwrap(), "--max-memory", "100M"],
        "needs about",
    );
}

#[test]
fn a_programme_wholly_outside_the_run_is_warned_about_naming_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = gapsim(&[
        "run",
        "scenarios/library/ips_mental_health_national.toml",
        "--months",
        "12",
        "--people",
        "300",
        "--replications",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning: programme `IPS national`") && e.contains("--months"),
        "{e}"
    );
    assert!(!e.contains("   "), "no runs of spaces in messages: {e}");
}

/// The memory estimate counts the results of every (programme, provider, payment group) cell:
/// a scenario of many groups and providers is refused up front rather than aborting midway.
#[test]
fn the_memory_estimate_counts_every_result_cell() {
    use gapsim::engine::Model;
    use gapsim::scenario::load_str;
    let mut text = String::from(
        "name = \"cells\"\nstart = \"2013-04\"\nmonths = 12\nreplications = 1000\n\
         [population]\nn_people = 1000\n\n[[programmes]]\nname = \"P\"\nstart = \"2013-04\"\n\
         end = \"2013-05\"\nduration_months = 6\n",
    );
    for g in 0..100 {
        text += &format!(
            "[[programmes.payment_groups]]\nname = \"G{g}\"\nbenefits = [\"jsa\"]\n\
             entry = \"mandatory\"\n"
        );
    }
    for v in 0..100 {
        text += &format!(
            "[[programmes.providers]]\nname = \"V{v}\"\nshare = 0.01\nhours_per_participant = 1.0\n"
        );
    }
    let m = Model::new(load_str(&text, std::path::Path::new("cells.toml")).expect("valid"));
    assert_eq!(m.n_cells, 10_000);
    let est = gapsim::resources::estimate(&[(&m, None)], 2);
    let cells = 1000.0 * 10_000.0 * 16.0;
    assert!(est.memory as f64 > cells, "{} bytes estimated", est.memory);
}

/// An error in an `extends` child points at the line of the value, not at its `[[programmes]]`
/// header or at another programme's line (the merged list's index is not the child's).
#[test]
fn an_error_in_an_extends_child_points_at_the_value_line() {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize("scenarios/baseline.toml").unwrap();
    // The Work and Health Programme is programmes[1] in the merged scenario, [0] here.
    let child = |line: &str| {
        format!(
            "extends = {:?}\nname = \"c\"\n\n[[programmes]]\nname = \"Work and Health Programme\"\n\
             starts_per_year = 1000\n\n[programmes.funding.rate_card]\n{line}\n\n\
             [[programmes]]\nname = \"Work Programme\"\nstarts_per_year = 2000\n",
            base.to_str().unwrap()
        )
    };
    for (line, says) in [
        ("weeks_13 = -1000.0", "weeks_13"),
        ("weeks_31 = 1000.0", "did you mean `weeks_13`"),
    ] {
        let c = write(tmp.path(), "c.toml", &child(line));
        let o = gapsim(&["validate", c.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("c.toml:9:1"), "{line}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
}

/// A contract hand-back changes what a run's results mean: the terminal says so.
#[test]
fn a_contract_hand_back_is_never_silent() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = gapsim(&[
        "run",
        "scenarios/library/ips_mental_health_national.toml",
        "--set",
        "programmes[2].providers[0].never_hands_back=false",
        "--people",
        "5000",
        "--replications",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let providers = std::fs::read_to_string(out.join("providers.csv")).unwrap();
    let handed = providers
        .lines()
        .any(|l| l.starts_with("IPS national") && !l.ends_with(','));
    assert!(
        handed,
        "the scenario's IPS provider hands back: {providers}"
    );
    assert!(
        stderr(&o).contains(
            "warning: provider `NHS IPS services` of `IPS national` handed its contract back"
        ),
        "{}",
        stderr(&o)
    );
    // And when compared.
    let o = gapsim(&[
        "compare",
        "scenarios/library/ips_mental_health_national.toml",
        "--policy",
        "programmes[2].providers[0].never_hands_back=false",
        "--baseline",
        "scenarios/baseline.toml",
        "--people",
        "5000",
        "--replications",
        "2",
        "--out",
        tmp.path().join("c").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("IPS for mental health, national: warning: provider"),
        "{}",
        stderr(&o)
    );
}

/// With uncertain inputs every replication gets its own model: a request for more than the
/// memory allows (here `ulimit -v`) is refused before the models are built, not aborted.
#[test]
fn per_replication_models_that_cannot_fit_are_refused_before_they_are_built() {
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 600000; exec {} run scenarios/baseline.toml --replications 10000 \
             --people 100 --months 12 --set 'labour.find_demand={{ normal = [0.6, 0.1] }}' \
             --out {}",
            env!("CARGO_BIN_EXE_gapsim"),
            tempfile::tempdir().unwrap().path().join("o").display()
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("its own model"), "{}", stderr(&o));
}

/// An uncertain input is checked over everything it can draw, and an error about it says it is
/// about a distribution (not "got 1.0005" for a value nobody wrote); a whole-number key says
/// it cannot be uncertain.
#[test]
fn an_uncertain_input_is_checked_over_what_it_can_draw() {
    let base = "scenarios/baseline.toml";
    refused(
        &[
            "run",
            base,
            "--set",
            "health.relapse={ uniform = [0.001, 1.5] }",
        ],
        "expected every value `uniform(0.001, 1.5)` can draw to be in [0, 1]; it can draw 1.5",
    );
    refused(
        &["run", base, "--set", "months={ uniform = [10, 20] }"],
        "`months` cannot be uncertain",
    );
}

/// A rule between keys broken by a --set of another key names that flag, not only the file.
#[test]
fn a_rule_broken_by_a_set_of_another_key_names_the_flag() {
    refused(
        &[
            "run",
            "scenarios/baseline.toml",
            "--set",
            "benefits.wca_support_cut=0.3",
        ],
        "(with --set benefits.wca_support_cut=0.3)",
    );
    refused(
        &[
            "run",
            "scenarios/example.toml",
            "--set",
            "areas[0].share=0.5",
        ],
        "(with --set areas[0].share=0.5)",
    );
}

/// Sweeps and target searches say when a provider handed its contract back at any point.
#[test]
fn a_sweep_and_a_target_say_when_a_contract_was_handed_back() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gapsim(&[
        "sweep",
        "scenarios/funding_models/cohort.toml",
        "--set",
        "programmes[0].providers[0].hours_per_participant=1..8/2",
        "--replications",
        "1",
        "--out",
        tmp.path().join("s").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(
        said.contains("warning: a provider handed its contract back at 2 of 2 points"),
        "{said}"
    );
    let o = gapsim(&[
        "target",
        "scenarios/funding_models/cohort.toml",
        "--lever",
        "programmes[0].providers[0].hours_per_participant",
        "--range",
        "1..8",
        "--base-year",
        "2018",
        "--by",
        "2022",
        "--replications",
        "1",
        "--out",
        tmp.path().join("t").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(said.contains("handed its contract back at"), "{said}");
}
