//! `gapsim sweep` and `gapsim target`.

use crate::common::{FLAT_PBR, gapsim, stderr, write};

/// Keys held fixed in the sweep test, and given to each point's own run: support that works
/// (the calibrated work-first effect is nearly nil), and reserves deep enough that the provider,
/// paying for hours months before its first outcome fee, does not hand the contract back (it
/// did within three months, ending the programme at every point with hours).
const FIXED: [&str; 6] = [
    "--set",
    "labour.find_demand=0.3",
    "--set",
    "approaches.work_first.find_effect=1.0",
    "--set",
    "programmes[0].providers[0].reserves=1e12",
];

#[test]
fn sweep_points_are_byte_identical_to_the_same_points_run_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let s = s.to_str().unwrap();
    let out = tmp.path().join("sweep");
    let mut args = vec![
        "sweep",
        s,
        "--set",
        "programmes[0].providers[0].hours_per_participant=0..4/3",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(FIXED);
    let o = gapsim(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(out.join("sweep_gap.png").exists());
    let traj = std::fs::read_to_string(out.join("sweep_trajectories.csv")).unwrap();
    for (point, hours) in ["0", "2", "4"].iter().enumerate() {
        let alone = tmp.path().join(format!("alone{point}"));
        let set = format!("programmes[0].providers[0].hours_per_participant={hours}");
        let mut args = vec!["run", s, "--set", &set, "--out", alone.to_str().unwrap()];
        args.extend(FIXED);
        let o = gapsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let want = std::fs::read_to_string(alone.join("trajectories.csv")).unwrap();
        let prefix = format!("{point},{hours},");
        let got: Vec<&str> = traj
            .lines()
            .filter_map(|l| l.strip_prefix(prefix.as_str()))
            .collect();
        let want: Vec<&str> = want.lines().skip(1).collect();
        assert_eq!(got, want, "point {point}");
    }
    // More support hours, more jobs, with diminishing returns: the programme's job outcomes
    // over the run (both replications, same seeds) rise by at least a tenth from 0 to 2 hours a
    // participant a month and by at least 3% from 2 to 4 (about 99, 153 and 162 thousand when
    // written).
    let head: Vec<&str> = traj.lines().next().unwrap().split(',').collect();
    let col = head.iter().position(|c| *c == "job_outcomes").unwrap();
    let mut outcomes = [0.0; 3];
    for l in traj.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        outcomes[f[0].parse::<usize>().unwrap()] += f[col].parse::<f64>().unwrap();
    }
    assert!(
        outcomes[1] >= 1.1 * outcomes[0] && outcomes[2] >= 1.03 * outcomes[1],
        "job outcomes by point {outcomes:?}"
    );
}

#[test]
fn a_sweep_needs_an_axis_and_checks_every_point_first() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "s.toml", FLAT_PBR);
    let out = tmp.path().join("sweep");
    let o = gapsim(&["sweep", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("FROM..TO/STEPS"));
    // The last point is invalid (a probability of 2): refused before any work.
    let o = gapsim(&[
        "sweep",
        s.to_str().unwrap(),
        "--set",
        "programmes[0].providers[0].social_weight=0..2/3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("social_weight"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// A small world in which faster job loss for everyone (the lever) narrows the gap, with a
/// root between −3 and −2.
const TARGET_WORLD: &str = r#"
name = "target test"
start = "2013-01"
months = 60
replications = 4
seed = 3

[population]
n_people = 6000
scale = 1000.0
"#;

/// Mean gap over a year's months and the replications, per sweep point, from
/// sweep_trajectories.csv (point, lever, replication, month, date, gap_pp, …).
fn annual_gap_by_point(traj: &str, year: &str) -> Vec<(f64, f64)> {
    let mut acc: Vec<(f64, f64, u32)> = Vec::new();
    for l in traj.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if !f[4].starts_with(year) {
            continue;
        }
        let (p, v, g): (usize, f64, f64) = (
            f[0].parse().unwrap(),
            f[1].parse().unwrap(),
            f[5].parse().unwrap(),
        );
        if acc.len() <= p {
            acc.resize(p + 1, (0.0, 0.0, 0));
        }
        acc[p] = (v, acc[p].1 + g, acc[p].2 + 1);
    }
    acc.into_iter().map(|(v, s, n)| (v, s / n as f64)).collect()
}

#[test]
fn target_finds_the_root_a_fine_sweep_finds_and_says_when_there_is_none() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "t.toml", TARGET_WORLD);
    let s = s.to_str().unwrap();
    let out = tmp.path().join("target");
    let o = gapsim(&[
        "target",
        s,
        "--lever",
        "labour.loss_intercept",
        "--range",
        "-3..-2",
        "--by",
        "2017",
        "--base-year",
        "2013",
        "--out",
        out.to_str().unwrap(),
    ]);
    let msg = stderr(&o);
    assert!(o.status.success(), "{msg}");
    assert!(msg.contains("halves the 2013 gap"), "{msg}");
    let table = std::fs::read_to_string(out.join("target.csv")).unwrap();
    let row: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[6], "true", "{table}");
    let found: f64 = row[7].parse().unwrap();
    let (p05, p95): (f64, f64) = (row[8].parse().unwrap(), row[9].parse().unwrap());
    assert!(p05 <= found + 0.05 && found <= p95 + 0.05, "{table}");
    assert!(out.join("target.png").exists());

    // The same root, found independently from a fine sweep on the same seeds.
    let sweep = tmp.path().join("sweep");
    let o = gapsim(&[
        "sweep",
        s,
        "--set",
        "labour.loss_intercept=-3..-2/21",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let traj = std::fs::read_to_string(sweep.join("sweep_trajectories.csv")).unwrap();
    let base = annual_gap_by_point(&traj, "2013");
    let by = annual_gap_by_point(&traj, "2017");
    let f: Vec<(f64, f64)> = base
        .iter()
        .zip(&by)
        .map(|(b, g)| (b.0, g.1 - b.1 / 2.0))
        .collect();
    let root = f
        .windows(2)
        .find(|w| (w[0].1 > 0.0) != (w[1].1 > 0.0))
        .map(|w| w[0].0 + (w[1].0 - w[0].0) * w[0].1 / (w[0].1 - w[1].1))
        .expect("the sweep crosses the goal");
    assert!((found - root).abs() < 0.05, "target {found}, sweep {root}");

    // A range that cannot reach the goal says so, and still writes its evidence.
    let none = tmp.path().join("none");
    let o = gapsim(&[
        "target",
        s,
        "--lever",
        "labour.loss_intercept",
        "--range",
        "-6..-5",
        "--by",
        "2017",
        "--base-year",
        "2013",
        "--out",
        none.to_str().unwrap(),
    ]);
    let msg = stderr(&o);
    assert!(o.status.success(), "{msg}");
    assert!(
        msg.contains("no value of labour.loss_intercept from -6 to -5 halves"),
        "{msg}"
    );
    let table = std::fs::read_to_string(none.join("target.csv")).unwrap();
    assert!(table.lines().nth(1).unwrap().contains(",false,"), "{table}");
}

/// A budget the scenario leaves out can be a lever (from a given range), and it moves spend
/// once it buys places; without that, the run says the budget is only a cap.
#[test]
fn a_budget_lever_on_a_programme_without_a_budget_moves_spend_when_it_buys_places() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = tmp.path().join("t");
        let mut args = vec![
            "target",
            "scenarios/baseline.toml",
            "--lever",
            "programmes[1].funding.budget",
            "--range",
            "0..2e9",
            "--base-year",
            "2015",
            "--by",
            "2020",
            "--months",
            "96",
            "--people",
            "3000",
            "--replications",
            "1",
            "--force",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = gapsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(out.join("target_evaluations.csv")).unwrap();
        let spend: Vec<f64> = text
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
            .collect();
        (spend, stderr(&o) + &String::from_utf8_lossy(&o.stdout))
    };
    let (spend, said) = run(&[]);
    assert!(said.contains("its budget is only a cap"), "{said}");
    assert!(spend.len() >= 5, "{spend:?}");
    let (spend, said) = run(&["--set", "programmes[1].places_from_budget=true"]);
    assert!(!said.contains("only a cap"), "{said}");
    assert!(
        spend.last().unwrap() > &(spend[0] + 1e6),
        "more budget, more spend: {spend:?}"
    );
}

/// The answer of a package search: `package.csv`'s second line, split.
fn package_row(out: &std::path::Path) -> Vec<String> {
    let t = std::fs::read_to_string(out.join("package.csv")).unwrap();
    t.lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(String::from)
        .collect()
}

#[test]
fn a_package_search_finds_the_cheapest_mix_that_halves_the_gap_on_any_thread_count() {
    // Two levers: removing a (deliberately large) hiring penalty, with a cost per unit given,
    // and a wage subsidy, which costs what the run pays. The cheapest package meeting the goal
    // is on the goal's edge, found by the simplex search and its polish; the same on 1 and 2
    // threads, byte for byte.
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "t.toml", TARGET_WORLD);
    let run = |threads: &str, out: &std::path::Path| {
        let o = gapsim(&[
            "target",
            s.to_str().unwrap(),
            "--lever",
            "employers.attitude_change=0..1@1e9",
            "--lever",
            "employers.wage_subsidy=0..3000",
            "--set",
            "employers.hiring_penalty=5",
            "--by",
            "2017",
            "--base-year",
            "2013",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
        ]);
        let msg = stderr(&o);
        assert!(o.status.success(), "{msg}");
        assert!(
            msg.contains("the cheapest package tried that halves"),
            "{msg}"
        );
    };
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    run("1", &one);
    run("2", &two);
    let evals = std::fs::read_to_string(one.join("package_evaluations.csv")).unwrap();
    assert_eq!(
        evals,
        std::fs::read_to_string(two.join("package_evaluations.csv")).unwrap()
    );
    for stage in [",design,", ",search,", ",polish,"] {
        assert!(evals.contains(stage), "{stage}: {evals}");
    }
    let answer = package_row(&one);
    assert_eq!(answer[4], "true", "meets_goal: {answer:?}");
    let cost: f64 = answer[9].parse().unwrap();
    // Every package tried that meets the goal costs at least as much (columns: package,
    // stage, the two levers, gap ×3, goal, cost ×3, added cost, meets_goal, on_frontier).
    for l in evals.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if f[12] == "true" {
            assert!(f[8].parse::<f64>().unwrap() >= cost - 1e-6, "{l}");
        }
    }
    // The polish brings the answer close to the edge: less than half the all-in price.
    assert!(answer[0].parse::<f64>().unwrap() < 0.5, "{answer:?}");
    assert!(one.join("package.png").exists() && one.join("report.html").exists());
}

#[test]
fn a_package_search_that_cannot_reach_the_goal_gives_the_frontier_and_bad_levers_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let s = write(tmp.path(), "t.toml", TARGET_WORLD);
    let s = s.to_str().unwrap();
    let out = tmp.path().join("none");
    let o = gapsim(&[
        "target",
        s,
        "--lever",
        "employers.attitude_change=0..0.1",
        "--lever",
        "employers.access_to_work=0..0.1",
        "--by",
        "2017",
        "--base-year",
        "2013",
        "--out",
        out.to_str().unwrap(),
    ]);
    let msg = stderr(&o);
    assert!(o.status.success(), "{msg}");
    assert!(
        msg.contains("no package tried halves the 2013 gap by 2017"),
        "{msg}"
    );
    let evals = std::fs::read_to_string(out.join("package_evaluations.csv")).unwrap();
    assert_eq!(evals.lines().count(), 10, "the 3 × 3 grid only: {evals}");
    assert!(evals.contains(",true\n"), "some package is on the frontier");
    assert_eq!(package_row(&out)[4], "false");

    for (args, expected) in [
        (
            vec!["--lever", "employers.quota=0.5..0.1"],
            "expected FROM below TO",
        ),
        (
            vec![
                "--lever",
                "employers.quota=0..1",
                "--lever",
                "employers.quota=0..0.5",
            ],
            "given twice",
        ),
        (
            vec![
                "--lever",
                "employers.quota",
                "--lever",
                "employers.wage_subsidy=0..1",
                "--range",
                "0..1",
            ],
            "--range is for the search of one lever",
        ),
        (
            vec!["--lever", "employers.no_such_key=0..1@5"],
            "employers.no_such_key",
        ),
    ] {
        let mut all = vec!["target", s, "--by", "2017", "--base-year", "2013"];
        all.extend(args);
        let o = gapsim(&all);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(expected), "{expected}: {}", stderr(&o));
    }
}

#[test]
fn a_lever_that_a_dated_change_would_override_is_refused_with_the_path_that_works() {
    let o = gapsim(&[
        "target",
        "scenarios/library/employers/wage_subsidy.toml",
        "--lever",
        "employers.wage_subsidy",
        "--range",
        "0..2000",
        "--by",
        "2030",
        "--people",
        "1000",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let msg = stderr(&o);
    assert!(
        msg.contains("changes[0] of") && msg.contains("changes[0].set.employers.wage_subsidy"),
        "{msg}"
    );
}
