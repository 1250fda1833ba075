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
    let gap = found.map(|e| Band::of(&e.gap_by));
    let spend = found.map(|e| Band::of(&e.spend));
    table::rows([TargetRow {
        lever: &t.lever,
        range_from: t.range.0,
        range_to: t.range.1,
        base_year: t.base_year,
        by_year: t.by,
        goal_gap_pp_mean: t.goal().mean,
        reached: t.reached(),
        value: found.map(|e| e.value),
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
                "{} = {} halves the {} gap (to {:.1} pp) by {}: gap {:.1} pp [{:.1} to {:.1}]; across replications the value is {} [{} to {}] ({} of {} replications reach the goal in the range); total programme spend £{:.1}m [{:.1} to {:.1}m]",
                t.lever,
                lever_value(e.value),
                t.base_year,
                band(&e.target).mean,
                t.by,
                band(&e.gap_by).mean,
                band(&e.gap_by).p05,
                band(&e.gap_by).p95,
                lever_value(c.mean),
                lever_value(c.p05),
                lever_value(c.p95),
                t.crossings.len(),
                t.replications(),
                s.mean / 1e6,
                s.p05 / 1e6,
                s.p95 / 1e6
            )
        }
        (None, true) => {
            let first = &t.evaluations[0];
            format!(
                "the goal is met across the whole range: even {} = {} halves the {} gap by {} (gap {:.1} pp against a goal of {:.1} pp); try a lower --range",
                t.lever,
                lever_value(lo),
                t.base_year,
                t.by,
                band(&first.gap_by).mean,
                band(&first.target).mean
            )
        }
        (None, false) => {
            let best = t.best();
            format!(
                "no value of {} in {}..{} halves the {} gap by {}: the closest is {} = {}, with a gap of {:.1} pp against a goal of {:.1} pp",
                t.lever,
                lever_value(lo),
                lever_value(hi),
                t.base_year,
                t.by,
                t.lever,
                lever_value(best.value),
                band(&best.gap_by).mean,
                band(&best.target).mean
            )
        }
    }
}

/// `target.txt`: [`target_message`] and a newline.
pub fn target_txt(t: &TargetSearch) -> Vec<u8> {
    format!("{}\n", target_message(t)).into_bytes()
}

/// A lever value for people: plain for ordinary numbers, `2.5e8` for large ones.
fn lever_value(v: f64) -> String {
    if v.abs() >= 1e5 {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}
