//! `gapsim sweep` and `gapsim target` outputs: `sweep.csv`, `sweep_trajectories.csv` and the
//! sweep's `manifest.json`; `target.csv`, `target_evaluations.csv` and `target.txt`. Results
//! in, bytes out; no file system access here.

use super::export::trajectories_csv;
use super::table::{self, cell, dynamic, num};
use crate::batch::Band;
use crate::engine::{Model, ReplicationResult};
use crate::results::{Sweep, TargetSearch};
use serde::Serialize;
use toml::Value;

/// An axis value as a table cell: a float as Rust prints it (`0.5`, `100000000`), anything
/// else as TOML writes it.
pub fn axis_value(v: &Value) -> String {
    match v {
        Value::Float(x) => format!("{x}"),
        other => other.to_string(),
    }
}

/// Which gap a sweep reports, as its columns and manifest name it: `horizon` (the last 12
/// months) or `in_YEAR`.
pub fn gap_label(year: Option<i32>) -> String {
    year.map_or("horizon".to_string(), |y| format!("in_{y}"))
}

/// `sweep.csv`: one row per point: its number and the value of each axis, then the gap
/// reported and the programme spend (mean and 5–95% band), and when the gap is halved.
///
/// The header depends on the sweep (one column per axis, the gap's columns named after the
/// year reported), so the rows are written as cells.
pub fn sweep_csv(sweep: &Sweep) -> Vec<u8> {
    let label = gap_label(sweep.year);
    let mut header = vec!["point".to_string()];
    header.extend(sweep.axes.iter().map(|a| a.key.clone()));
    header.extend([
        format!("gap_pp_{label}_mean"),
        format!("gap_pp_{label}_p05"),
        format!("gap_pp_{label}_p95"),
        "spend_gbp_mean".into(),
        "spend_gbp_p05".into(),
        "spend_gbp_p95".into(),
        "base_year".into(),
        "halved_in_year".into(),
        "halved_at_trend_year".into(),
    ]);
    let rows = sweep.points.iter().enumerate().map(|(i, p)| {
        let h = p.halving.as_ref();
        let mut row = vec![i.to_string()];
        row.extend(p.values.iter().map(axis_value));
        row.extend([
            num(p.gap.mean),
            num(p.gap.p05),
            num(p.gap.p95),
            num(p.spend.mean),
            num(p.spend.p05),
            num(p.spend.p95),
            h.map_or(String::new(), |h| h.base_year.to_string()),
            h.and_then(|h| h.within_run)
                .map_or(String::new(), |y| y.to_string()),
            h.and_then(|h| h.at_trend)
                .map_or(String::new(), table::year),
        ]);
        row
    });
    dynamic(&header, rows)
}

/// `sweep_trajectories.csv`: for each point, the rows `gapsim run --set …` writes to
/// `trajectories.csv`, after the point's number and axis values. `runs` holds each point's
/// model and results, in the order of `sweep.points`.
pub fn sweep_trajectories_csv(sweep: &Sweep, runs: &[(&Model, &[ReplicationResult])]) -> Vec<u8> {
    let keys: Vec<&str> = sweep.axes.iter().map(|a| a.key.as_str()).collect();
    let tables = sweep
        .points
        .iter()
        .zip(runs)
        .map(|(p, (model, reps))| (p.values.as_slice(), trajectories_csv(model, reps)));
    prefixed(&keys, tables)
}

/// Tables of one header, one per point, as one table: the first table's header after
/// `point` and the axis `keys`, then every table's rows after the point's number and values.
///
/// The axis values are numbers, so the lines are joined as text rather than re-read as CSV.
fn prefixed<'a>(keys: &[&str], tables: impl Iterator<Item = (&'a [Value], Vec<u8>)>) -> Vec<u8> {
    let mut out = String::new();
    for (i, (values, body)) in tables.enumerate() {
        let body = String::from_utf8(body).expect("UTF-8");
        let mut lines = body.lines();
        let head = lines.next().unwrap_or_default();
        if i == 0 {
            out.push_str(&format!("point,{},{head}\n", keys.join(",")));
        }
        let prefix: Vec<String> = values.iter().map(axis_value).collect();
        for l in lines {
            out.push_str(&format!("{i},{},{l}\n", prefix.join(",")));
        }
    }
    out.into_bytes()
}

/// A sweep's `manifest.json`: what it swept, over what, and which gap it reports.
pub fn sweep_manifest_json(sweep: &Sweep) -> Vec<u8> {
    /// The fields in alphabetical order, the order of every manifest written so far.
    #[derive(Serialize)]
    struct Manifest<'a> {
        axes: Vec<AxisEntry<'a>>,
        gap_at: String,
        gapsim_version: &'static str,
        source_revision: &'static str,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        policies: &'a [String],
        replications: u32,
        scenario: &'a str,
        seed: u64,
        settings: &'a [String],
    }
    #[derive(Serialize)]
    struct AxisEntry<'a> {
        key: &'a str,
        values: Vec<String>,
    }
    let m = Manifest {
        axes: sweep
            .axes
            .iter()
            .map(|a| AxisEntry {
                key: &a.key,
                values: a.values.iter().map(axis_value).collect(),
            })
            .collect(),
        gap_at: gap_label(sweep.year),
        gapsim_version: env!("CARGO_PKG_VERSION"),
        source_revision: env!("GAPSIM_REVISION"),
        policies: &sweep.policies,
        replications: sweep.replications,
        scenario: &sweep.scenario,
        seed: sweep.seed,
        settings: &sweep.settings,
    };
    serde_json::to_vec_pretty(&m).expect("manifests serialise")
}

/// The row of `target.csv`.
#[derive(Serialize, Default)]
struct TargetRow<'a> {
    lever: &'a str,
    #[serde(serialize_with = "cell::num")]
    range_from: f64,
    #[serde(serialize_with = "cell::num")]
    range_to: f64,
    base_year: i32,
    by_year: i32,
    #[serde(serialize_with = "cell::num")]
    goal_gap_pp_mean: f64,
    reached: bool,
    /// This and the columns after it but one are blank when no value in the range is the
    /// answer.
    #[serde(serialize_with = "cell::opt_num")]
    value: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    value_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    value_p95: Option<f64>,
    replications_reaching: usize,
    #[serde(serialize_with = "cell::opt_num")]
    gap_pp_by_mean: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    gap_pp_by_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    gap_pp_by_p95: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    spend_gbp_mean: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    spend_gbp_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    spend_gbp_p95: Option<f64>,
}

/// `target.csv`: the search and its answer, with the answer's spread across replications
/// (each replication's own crossing), the gap there and the spend.
pub fn target_csv(t: &TargetSearch) -> Vec<u8> {
    let found = t.found();
    let crossing = found.map(|_| Band::of(&t.crossings));
    // Met across the whole range: its low end; not reached: the value tried that comes
    // closest, as `target.txt` gives them (their spread across replications is blank).
    let shown = found.unwrap_or_else(|| {
        if t.reached_at_start {
            &t.evaluations[0]
        } else {
            t.best()
        }
    });
    let gap = Some(Band::of(&shown.gap_by));
    let spend = Some(Band::of(&shown.spend));
    table::rows([TargetRow {
        lever: &t.lever,
        range_from: t.range.0,
        range_to: t.range.1,
        base_year: t.base_year,
        by_year: t.by,
        goal_gap_pp_mean: t.goal().mean,
        reached: t.reached(),
        value: Some(shown.value),
        value_p05: crossing.map(|c| c.p05),
        value_p95: crossing.map(|c| c.p95),
        replications_reaching: t.crossings.len(),
        gap_pp_by_mean: gap.map(|b| b.mean),
        gap_pp_by_p05: gap.map(|b| b.p05),
        gap_pp_by_p95: gap.map(|b| b.p95),
        spend_gbp_mean: spend.map(|b| b.mean),
        spend_gbp_p05: spend.map(|b| b.p05),
        spend_gbp_p95: spend.map(|b| b.p95),
    }])
}

/// A row of `target_evaluations.csv`: one value tried.
#[derive(Serialize)]
struct EvaluationRow {
    #[serde(serialize_with = "cell::num")]
    value: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_by_mean: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_by_p05: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_by_p95: f64,
    #[serde(serialize_with = "cell::num")]
    goal_gap_pp_mean: f64,
    #[serde(serialize_with = "cell::num")]
    spend_gbp_mean: f64,
}

/// `target_evaluations.csv`: every lever value tried, in increasing order, with the gap in
/// the goal year, the goal and the spend there. The first column is named after the lever.
pub fn target_evaluations_csv(t: &TargetSearch) -> Vec<u8> {
    let header = [
        t.lever.as_str(),
        "gap_pp_by_mean",
        "gap_pp_by_p05",
        "gap_pp_by_p95",
        "goal_gap_pp_mean",
        "spend_gbp_mean",
    ];
    table::rows_under(
        &header,
        t.evaluations.iter().map(|e| {
            let g = Band::of(&e.gap_by);
            EvaluationRow {
                value: e.value,
                gap_pp_by_mean: g.mean,
                gap_pp_by_p05: g.p05,
                gap_pp_by_p95: g.p95,
                goal_gap_pp_mean: Band::of(&e.target).mean,
                spend_gbp_mean: Band::of(&e.spend).mean,
            }
        }),
    )
}

/// What a target search found, in one paragraph for people: the answer with its spread and
/// cost; or that the goal is met across the whole range; or the closest value tried.
pub fn target_message(t: &TargetSearch) -> String {
    let band = |v: &[f64]| Band::of(v);
    let (lo, hi) = t.range;
    match (t.found(), t.reached_at_start) {
        (Some(e), _) => {
            let c = band(&t.crossings);
            let s = band(&e.spend);
            format!(
                "{} = {} halves the {} gap (to {:.1} pp) by {}: gap {:.1} pp [{:.1} to {:.1}]; across replications the value is {} [{} to {}] ({} of {} replications reach the goal in the range); public spending (every programme and employer lever, not only what the lever adds) is {} [{} to {}] over the run",
                t.lever,
                lever_value(&t.lever, e.value),
                t.base_year,
                band(&e.target).mean,
                t.by,
                band(&e.gap_by).mean,
                band(&e.gap_by).p05,
                band(&e.gap_by).p95,
                lever_value(&t.lever, c.mean),
                lever_value(&t.lever, c.p05),
                lever_value(&t.lever, c.p95),
                t.crossings.len(),
                t.replications(),
                super::report::Unit::Pounds.format(s.mean),
                super::report::Unit::Pounds.format(s.p05),
                super::report::Unit::Pounds.format(s.p95),
            )
        }
        (None, true) => {
            let first = &t.evaluations[0];
            format!(
                "the goal is met across the whole range: even {} = {} halves the {} gap by {} (gap {:.1} pp against a goal of {:.1} pp); try a lower --range",
                t.lever,
                lever_value(&t.lever, lo),
                t.base_year,
                t.by,
                band(&first.gap_by).mean,
                band(&first.target).mean
            )
        }
        (None, false) => {
            let best = t.best();
            let (gap, spend) = (band(&best.gap_by), band(&best.spend));
            format!(
                "no value of {} from {} to {} halves the {} gap by {}: the closest is {} = {}, with a gap of {:.1} pp [{:.1} to {:.1}] against a goal of {:.1} pp ({} reach it on their own within the range); public spending (every programme and employer lever, not only what the lever adds) is {} [{} to {}] over the run there",
                t.lever,
                lever_value(&t.lever, lo),
                lever_value(&t.lever, hi),
                t.base_year,
                t.by,
                t.lever,
                lever_value(&t.lever, best.value),
                gap.mean,
                gap.p05,
                gap.p95,
                band(&best.target).mean,
                super::share_of(t.crossings.len(), t.replications(), "replication"),
                super::report::Unit::Pounds.format(spend.mean),
                super::report::Unit::Pounds.format(spend.p05),
                super::report::Unit::Pounds.format(spend.p95),
            )
        }
    }
}

/// `target.txt`: [`target_message`] and a newline.
pub fn target_txt(t: &TargetSearch) -> Vec<u8> {
    format!("{}\n", target_message(t)).into_bytes()
}

/// A value of `lever` for people: money as "£250m" or "£1.50bn" (when the key's unit is £),
/// other numbers of a thousand or more with thousands separators ("250,000"), smaller ones to
/// at most 4 decimals ("0.05").
pub fn lever_value(lever: &str, v: f64) -> String {
    // A value a dated change sets (`changes[0].set.employers.wage_subsidy`) has its key's unit.
    let key = lever
        .strip_prefix("changes[")
        .and_then(|r| r.split_once("].set."))
        .map_or(lever, |(_, k)| k);
    let money = crate::scenario::keys::lookup(key).is_some_and(|k| k.unit.starts_with('£'));
    if money {
        return super::report::Unit::Pounds.format(v);
    }
    if v.abs() >= 1000.0 {
        return super::people_count(v);
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::Halving;
    use crate::results::{Axis, Evaluation, SweepPoint};

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    fn band(mean: f64, p05: f64, p95: f64) -> Band {
        Band { mean, p05, p95 }
    }

    /// Three points of one whole-number axis against one value of a float axis: the first
    /// not halved and no trend, the second halved in the run, the third at the trend.
    fn sweep(year: Option<i32>) -> Sweep {
        let halving = |within_run, at_trend| Halving {
            base_year: 2018,
            base_gap: 31.25,
            target: 15.625,
            within_run,
            at_trend,
            trend_per_year: Some(-0.5),
        };
        let point = |hours: i64, gap: Band, spend: Band, halving: Option<Halving>| SweepPoint {
            values: vec![Value::Integer(hours), Value::Float(0.6)],
            gap,
            spend,
            halving,
        };
        Sweep {
            scenario: "scenarios/funding_models/cohort.toml".into(),
            seed: 20170401,
            replications: 2,
            axes: vec![
                Axis {
                    key: "programmes[0].providers[0].hours_per_participant".into(),
                    values: vec![Value::Integer(1), Value::Integer(2), Value::Integer(4)],
                },
                Axis {
                    key: "labour.find_demand".into(),
                    values: vec![Value::Float(0.6)],
                },
            ],
            settings: vec!["replications=2".into()],
            policies: vec![],
            year,
            points: vec![
                point(
                    1,
                    band(31.618, 30.61549, 32.62051),
                    band(0.0, 0.0, 0.0),
                    None,
                ),
                point(
                    2,
                    band(16.0, 15.25, 16.75),
                    band(1.5e8, 1.45e8, 1.55e8),
                    Some(halving(Some(2029), None)),
                ),
                point(
                    4,
                    band(20.5, 19.0, 22.0),
                    band(3.0e8, 2.9e8, 3.1e8),
                    Some(halving(None, Some(2041.26))),
                ),
            ],
        }
    }

    #[test]
    fn sweep_csv_has_a_column_per_axis_and_names_the_gap_reported() {
        insta::assert_snapshot!("sweep_in_a_year", text(sweep_csv(&sweep(Some(2020)))));
        insta::assert_snapshot!("sweep_at_the_horizon", text(sweep_csv(&sweep(None))));
    }

    #[test]
    fn sweep_trajectories_put_each_point_before_its_runs_rows() {
        let s = sweep(None);
        let table = |rows: &str| format!("replication,month,date,gap_pp\n{rows}").into_bytes();
        let tables = [
            (
                s.points[0].values.as_slice(),
                table("0,0,2017-04,34.6710\n0,1,2017-05,35.6874\n"),
            ),
            (
                s.points[1].values.as_slice(),
                table("0,0,2017-04,34.6710\n1,0,2017-04,33.9000\n"),
            ),
        ];
        let keys = [
            "programmes[0].providers[0].hours_per_participant",
            "labour.find_demand",
        ];
        insta::assert_snapshot!(text(prefixed(&keys, tables.into_iter())));
    }

    #[test]
    fn sweep_manifest_names_the_axes_settings_and_gap() {
        // The version is not a result (as in the pins).
        let json = text(sweep_manifest_json(&sweep(Some(2020))))
            .lines()
            .filter(|l| !l.contains("\"gapsim_version\"") && !l.contains("\"source_revision\""))
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(json);
    }

    fn evaluation(value: f64, gap_by: [f64; 2], target: [f64; 2], spend: [f64; 2]) -> Evaluation {
        Evaluation {
            value,
            gap_by: gap_by.to_vec(),
            target: target.to_vec(),
            spend: spend.to_vec(),
        }
    }

    /// A search over starts per year in which the goal is met from 250,000 starts.
    fn found() -> TargetSearch {
        let goal = [16.0, 16.5];
        TargetSearch {
            lever: "programmes[1].starts_per_year".into(),
            range: (0.0, 400_000.0),
            base_year: 2015,
            by: 2030,
            evaluations: vec![
                evaluation(0.0, [30.0, 31.0], goal, [0.0, 0.0]),
                evaluation(200_000.0, [17.0, 18.0], goal, [1.0e8, 1.1e8]),
                evaluation(250_000.0, [15.5, 16.25], [16.0, 16.375], [1.3e8, 1.35e8]),
                evaluation(400_000.0, [12.0, 13.0], goal, [2.0e8, 2.1e8]),
            ],
            answer: Some(250_000.0),
            reached_at_start: false,
            crossings: vec![240_000.0, 246_000.0],
        }
    }

    /// No value in the range meets the goal; 10 comes closest.
    fn not_found() -> TargetSearch {
        let goal = [14.5, 14.5];
        TargetSearch {
            lever: "programmes[1].starts_per_year".into(),
            range: (0.0, 10.0),
            base_year: 2015,
            by: 2030,
            evaluations: vec![
                evaluation(0.0, [26.0, 25.75], goal, [0.0, 0.0]),
                evaluation(10.0, [25.5, 25.25], goal, [1000.0, 1200.0]),
            ],
            answer: None,
            reached_at_start: false,
            crossings: vec![],
        }
    }

    /// The goal is met at the start of the range already.
    fn met_at_start() -> TargetSearch {
        let goal = [16.5, 16.5];
        TargetSearch {
            lever: "health.disability_threshold".into(),
            range: (0.99, 1.0),
            base_year: 2015,
            by: 2030,
            evaluations: vec![
                evaluation(0.99, [10.0, 11.0], goal, [5.0e8, 5.1e8]),
                evaluation(1.0, [0.0, 0.0], goal, [5.05e8, 5.11e8]),
            ],
            answer: None,
            reached_at_start: true,
            crossings: vec![0.99, 0.99],
        }
    }

    #[test]
    fn target_csv_gives_the_answer_or_blanks() {
        insta::assert_snapshot!("target_found", text(target_csv(&found())));
        insta::assert_snapshot!("target_not_found", text(target_csv(&not_found())));
        insta::assert_snapshot!("target_met_at_start", text(target_csv(&met_at_start())));
    }

    #[test]
    fn target_evaluations_csv_lists_every_value_tried_under_the_levers_name() {
        insta::assert_snapshot!(text(target_evaluations_csv(&found())));
    }

    #[test]
    fn target_txt_says_what_was_found() {
        let all = [found(), not_found(), met_at_start()]
            .iter()
            .map(|t| text(target_txt(t)))
            .collect::<String>();
        insta::assert_snapshot!(all);
    }
}
