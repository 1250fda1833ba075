//! Dated policy changes (`[[changes]]`): applied in exactly their month, never before, and
//! refused at load, with file, line and key, when they touch what cannot change in a run.

use crate::common::{gapsim, root, stderr, write};

/// The first month (as `YYYY-MM`) in which any column of `impact.csv` is not zero.
fn first_impact(dir: &std::path::Path) -> Option<String> {
    let mut r = csv::Reader::from_path(dir.join("impact.csv")).expect("impact.csv");
    r.records().map(|rec| rec.expect("row")).find_map(|rec| {
        rec.iter()
            .skip(2)
            .any(|v| v.parse::<f64>().expect("number") != 0.0)
            .then(|| rec[1].to_string())
    })
}

#[test]
fn a_dated_change_has_exactly_zero_impact_before_its_month() {
    for (file, from) in [
        ("scenarios/library/tougher_sanctions.toml", "2025-01"),
        ("scenarios/library/recession_2026.toml", "2026-01"),
    ] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("o");
        let o = gapsim(&[
            "run",
            file,
            "--against",
            "scenarios/baseline.toml",
            "--people",
            "5000",
            "--replications",
            "2",
            "--out",
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let first = first_impact(&out).expect("the change has an impact");
        assert!(
            first.as_str() >= from,
            "{file}: the worlds part in {first}, before the change in {from}"
        );
        let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
        assert!(
            manifest.contains("\"changes\"") && manifest.contains(&format!("\"from\": \"{from}\"")),
            "{file}: the manifest records the change"
        );
    }
}

#[test]
fn a_change_that_cannot_apply_is_refused_with_its_line_and_key() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = root().join("scenarios/baseline.toml");
    for (set, from, says) in [
        (
            r#""population.scale" = 3.0"#,
            "2025-01",
            "is fixed for the run",
        ),
        (
            r#""programmes[0].name" = "X""#,
            "2025-01",
            "is fixed for the run",
        ),
        (
            r#""benefits.sanction_rate" = 7.0"#,
            "2025-01",
            "expected a probability",
        ),
        (
            r#""benefits.sanction_rat" = 0.1"#,
            "2025-01",
            "did you mean `sanction_rate`",
        ),
        (
            r#""programmes[9].starts_per_year" = 1.0"#,
            "2025-01",
            "cannot set",
        ),
        (
            r#""benefits.sanction_rate" = 0.1"#,
            "2013-04",
            "after the scenario's start",
        ),
    ] {
        let file = write(
            tmp.path(),
            "c.toml",
            &format!(
                "extends = {base:?}\nname = \"c\"\n\n[[changes]]\nfrom = \"{from}\"\nset = {{ {set} }}\n"
            ),
        );
        let o = gapsim(&["validate", file.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(2), "{set}: {}", stderr(&o));
        let line = if says.contains("start") {
            ":5:1"
        } else {
            ":6:1"
        };
        assert!(
            stderr(&o).contains(&format!("c.toml{line}: key `changes[0]")),
            "{set}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(says), "{set}: {}", stderr(&o));
    }
}

/// A table inside a change sets only the keys it names (it once replaced the whole table).
#[test]
fn a_table_in_a_change_sets_only_its_keys() {
    use gapsim::scenario::load_str;
    let base = std::fs::read_to_string(root().join("scenarios/baseline.toml")).unwrap();
    let nested = load_str(
        &format!("{base}\n[[changes]]\nfrom = \"2020-01\"\nset = {{ benefits = {{ sanction_rate = 0.02 }} }}\n"),
        std::path::Path::new("nested.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dotted = load_str(
        &format!("{base}\n[[changes]]\nfrom = \"2020-01\"\nset = {{ \"benefits.sanction_rate\" = 0.02 }}\n"),
        std::path::Path::new("dotted.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (nested.regimes().unwrap(), dotted.regimes().unwrap());
    let json = |s: &gapsim::scenario::Scenario| serde_json::to_string(s).unwrap();
    assert_eq!(json(&a[0].1), json(&b[0].1));
    assert_eq!(a[0].1.benefits.sanction_rate, 0.02);
}

#[test]
fn only_a_value_a_change_already_sets_as_a_table_can_be_set_from_the_command_line() {
    // The change's keys written as a quoted dotted key: a path into it would be a second
    // value for the same key, so it is refused.
    let o = gapsim(&[
        "run",
        "scenarios/library/tougher_sanctions.toml",
        "--set",
        "changes[0].set.benefits.sanction_rate=0.1",
        "--people",
        "1000",
        "--replications",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("can only replace a value a dated change already sets"),
        "{}",
        stderr(&o)
    );
    // A whole change, or a key of the change itself, cannot be set at all.
    for key in ["changes[0].from=2021-01", "changes=[]"] {
        let o = gapsim(&[
            "run",
            "scenarios/library/tougher_sanctions.toml",
            "--set",
            key,
            "--people",
            "1000",
        ]);
        assert_eq!(o.status.code(), Some(2), "{key}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("write `[[changes]]` in the scenario file"),
            "{key}: {}",
            stderr(&o)
        );
    }
    // Written as tables, a value the change sets can be replaced, and acts from its date:
    // subsidised hires (before 2025, from 2025) follow the value set.
    let hires = |value: &str| -> (f64, f64) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("o");
        let o = gapsim(&[
            "run",
            "scenarios/library/halve_the_gap.toml",
            "--set",
            &format!("changes[0].set.employers.wage_subsidy={value}"),
            "--people",
            "2000",
            "--replications",
            "1",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        let header: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
        let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (date, col) = (at("date"), at("wage_subsidy_hires_mean"));
        let (mut before, mut after) = (0.0, 0.0);
        for l in summary.lines().skip(1) {
            let f: Vec<&str> = l.split(',').collect();
            let n: f64 = f[col].parse().unwrap();
            if f[date] < "2025-01" {
                before += n;
            } else {
                after += n;
            }
        }
        (before, after)
    };
    assert_eq!(hires("0"), (0.0, 0.0));
    let (before, after) = hires("1000");
    assert!(before == 0.0 && after > 0.0, "{before} {after}");
}

/// A programme changed only by a dated change differs from the baseline's; a budget changed
/// at a date shows in spending.csv; a budget all spent is dated in the month it was spent.
#[test]
fn changed_programmes_and_budgets_are_reported_as_changed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = root().join("scenarios/baseline.toml");
    let file = write(
        tmp.path(),
        "c.toml",
        &format!(
            "extends = {base:?}\nname = \"WHP budget from 2020\"\n\n[[changes]]\nfrom = \"2020-01\"\nset = {{ \"programmes[1].funding.budget\" = 1.0 }}\n"
        ),
    );
    let out = tmp.path().join("o");
    let o = gapsim(&[
        "run",
        file.to_str().unwrap(),
        "--against",
        base.to_str().unwrap(),
        "--people",
        "5000",
        "--replications",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    assert!(
        said.contains("deadweight of Work and Health Programme"),
        "{said}"
    );
    let spending = std::fs::read_to_string(out.join("spending.csv")).unwrap();
    let row = |date: &str| {
        spending
            .lines()
            .find(|l| l.contains(&format!(",{date},Work and Health Programme,")))
            .unwrap()
            .to_string()
    };
    assert!(
        row("2019-12").ends_with(",,"),
        "no budget before: {}",
        row("2019-12")
    );
    assert!(
        row("2020-01").contains(",1.0000,"),
        "the budget from 2020: {}",
        row("2020-01")
    );
    let events = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(
        events.contains(",2020-01,Work and Health Programme,,budget_spent,"),
        "{events}"
    );
}

#[test]
fn a_setting_that_a_dated_change_sets_again_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gapsim(&[
        "run",
        "scenarios/library/halve_the_gap.toml",
        "--set",
        "employers.wage_subsidy=1000",
        "--people",
        "1000",
        "--replications",
        "1",
        "--out",
        tmp.path().join("o").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "--set employers.wage_subsidy holds only until 2025-01, when changes[0] of the \
             scenario sets it again"
        ),
        "{}",
        stderr(&o)
    );
}
