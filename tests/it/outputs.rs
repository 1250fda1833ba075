//! What `gapsim run` writes, and that it is reproducible.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

fn read(dir: &std::path::Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

#[test]
fn outputs_are_byte_identical_on_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = scenario.to_str().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        let o = gapsim(&[
            "run",
            s,
            "--out",
            out.to_str().unwrap(),
            "--threads",
            threads,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for f in [
        "summary.csv",
        "trajectories.csv",
        "programmes.csv",
        "parking.csv",
        "manifest.json",
    ] {
        assert_eq!(
            read(&a, f),
            read(&b, f),
            "{f} differs between thread counts"
        );
    }
}

#[test]
fn run_writes_every_output_with_the_documented_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("run");
    let o = gapsim(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--months",
        "14",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in [
        "gap.png",
        "gap.svg",
        "employment_rates.png",
        "employment_rates.svg",
        "parking_curve.png",
        "parking_curve.svg",
    ] {
        assert!(
            std::fs::metadata(out.join(f)).unwrap().len() > 1000,
            "{f} is written"
        );
    }
    let svg = read(&out, "gap.svg");
    assert!(
        svg.contains("Disability employment gap"),
        "the title is drawn"
    );

    let summary = read(&out, "summary.csv");
    let header: Vec<&str> = summary.lines().next().unwrap().split(',').collect();
    for col in [
        "month",
        "date",
        "gap_pp_mean",
        "gap_pp_p05",
        "gap_pp_p95",
        "employment_rate_disabled_mean",
        "employment_rate_non_disabled_mean",
        "programme_starts_mean",
        "job_outcomes_mean",
        "sustained_outcomes_mean",
        "spend_gbp_mean",
    ] {
        assert!(header.contains(&col), "summary.csv has {col}");
    }
    assert_eq!(
        summary.lines().count(),
        1 + 14,
        "one row per month (--months override)"
    );
    let first: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((first[0], first[1]), ("0", "2013-04"));
    // The gap is the difference of the two rates in every row.
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in summary.lines().skip(1) {
        let v: Vec<f64> = line
            .split(',')
            .skip(2)
            .map(|x| x.parse().unwrap())
            .collect();
        let get = |n: &str| v[col(n) - 2];
        assert!(!v.iter().any(|x| !x.is_finite()));
        assert!(
            get("gap_pp_p05") <= get("gap_pp_mean") + 1e-9
                && get("gap_pp_mean") <= get("gap_pp_p95") + 1e-9
        );
    }

    let traj = read(&out, "trajectories.csv");
    assert!(traj.starts_with("replication,month,date,gap_pp,"));
    assert_eq!(
        traj.lines().count(),
        1 + 2 * 14,
        "one row per replication and month"
    );

    let prog = read(&out, "programmes.csv");
    assert!(prog.starts_with(
        "programme,provider,payment_group,starts,job_outcomes,sustained_outcomes,payments_gbp,"
    ));
    assert!(prog.contains("mean_support_hours") && prog.contains("parked_share"));
    let row: Vec<&str> = prog.lines().nth(1).unwrap().split(',').collect();
    assert!(
        row[3].parse::<f64>().unwrap() > 0.0,
        "the programme had starts"
    );

    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert_eq!(manifest["seed"], 7);
    assert_eq!(
        manifest["scenario"]["months"], 14,
        "the resolved scenario has the override"
    );
    assert_eq!(
        manifest["scenario"]["outputs"]["sustained_job_months"], 12,
        "defaults are filled in"
    );
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn an_existing_run_is_kept_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("run");
    let args = [
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--months",
        "3",
    ];
    // The earlier run: 2 months, so its summary differs from the forced one's.
    let mut first = args.to_vec();
    first[5] = "2";
    assert!(gapsim(&first).status.success());
    let earlier = read(&out, "summary.csv");
    let o = gapsim(&args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(read(&out, "summary.csv"), earlier);

    // A failing run (bad scenario) with --force leaves the earlier run alone too.
    let bad = write(
        tmp.path(),
        "bad.toml",
        &FLAT_PBR.replace("seed = 7", "seed = \"x\""),
    );
    let o = gapsim(&[
        "run",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(read(&out, "summary.csv"), earlier);

    let mut forced = args.to_vec();
    forced.push("--force");
    let o = gapsim(&forced);
    assert!(o.status.success(), "{}", stderr(&o));
    let forced_summary = read(&out, "summary.csv");
    assert!(forced_summary.starts_with("month,date,") && forced_summary != earlier);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders are left behind");
}

/// The trend in `halving.csv` is fitted to full calendar years only: a run that ends a month
/// or two into a year has the same trend as one that ends in December (it was +0.14, −0.004
/// and +0.008 pp a year for 213, 214 and 215 months).
#[test]
fn a_part_year_at_the_end_does_not_bend_the_halving_trend() {
    let tmp = tempfile::tempdir().unwrap();
    let trends: Vec<String> = ["213", "214", "215"]
        .iter()
        .map(|m| {
            let out = tmp.path().join(m);
            let o = gapsim(&[
                "run",
                "scenarios/baseline.toml",
                "--people",
                "3000",
                "--replications",
                "2",
                "--months",
                m,
                "--out",
                out.to_str().unwrap(),
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let h = std::fs::read_to_string(out.join("halving.csv")).unwrap();
            h.lines()
                .nth(1)
                .unwrap()
                .split(',')
                .nth(5)
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(trends.iter().all(|t| *t == trends[0]), "{trends:?}");
}

/// `metrics_long.csv` holds the same numbers as `summary.csv` and `trajectories.csv`, one a row.
#[test]
fn the_long_metrics_table_holds_the_wide_tables_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--people",
        "2000",
        "--replications",
        "3",
        "--months",
        "14",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let long = std::fs::read_to_string(out.join("metrics_long.csv")).unwrap();
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let traj = std::fs::read_to_string(out.join("trajectories.csv")).unwrap();
    // 14 months × every metric × (3 statistics + 3 replications), and a header.
    let metrics = gapsim::metrics::METRIC_NAMES.len();
    assert_eq!(long.lines().count(), 14 * metrics * 6 + 1);
    let cell = |text: &str, row: usize, col: &str| -> String {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = header.iter().position(|h| *h == col).unwrap();
        lines
            .nth(row)
            .unwrap()
            .split(',')
            .nth(i)
            .unwrap()
            .to_string()
    };
    let find = |pattern: &str| -> String {
        long.lines()
            .find(|l| l.contains(pattern))
            .unwrap_or_else(|| panic!("{pattern}"))
            .rsplit(',')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        find("13,2014-05,mean,,employment_rate,disabled,"),
        cell(&summary, 13, "employment_rate_disabled_mean")
    );
    assert_eq!(
        find("5,2013-09,replication,2,exit_rate,non_disabled,"),
        cell(&traj, 2 * 14 + 5, "exit_rate_non_disabled")
    );
}

#[test]
fn groups_csv_breaks_every_person_down_once_by_each_kind_of_group() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("groups");
    let o = gapsim(&[
        "run",
        "scenarios/baseline.toml",
        "--people",
        "20000",
        "--replications",
        "2",
        "--months",
        "30",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(out.join("groups.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    // Each December and the last month: 2013-12, 2014-12, 2015-09.
    let dates: std::collections::BTreeSet<&str> = rows.iter().map(|x| &x[0]).collect();
    assert_eq!(
        dates.into_iter().collect::<Vec<_>>(),
        ["2013-12", "2014-12", "2015-09"]
    );
    let people = |date: &str, kind: &str| -> f64 {
        rows.iter()
            .filter(|x| &x[0] == date && &x[1] == kind && &x[3] == "people")
            .map(|x| x[4].parse::<f64>().unwrap())
            .sum()
    };
    // Everyone is in one group of each kind: the same total whichever way it is cut.
    let whole = people("2014-12", "area");
    assert!((whole - 20000.0 * 415.0).abs() < 1.0, "{whole}");
    for kind in ["condition", "severity", "age", "benefit"] {
        assert!((people("2014-12", kind) - whole).abs() < 1.0, "{kind}");
    }
    // Nobody without a condition is disabled.
    let none = rows
        .iter()
        .find(|x| &x[1] == "condition" && &x[2] == "none" && &x[3] == "prevalence")
        .unwrap();
    assert_eq!(&none[4], "0.0000");
}
