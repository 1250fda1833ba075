//! `gapsim sweep` and `gapsim target`: the scenario run at many values of one or more keys,
//! every point on the same seeds (common random numbers), so differences between points are
//! the keys' doing, not luck.

use super::{
    AppError, Overrides, Progress, check_interrupt, commit, guard, load_models, put, thread_pool,
};
use crate::batch::{Band, Models};
use crate::engine::{Model, ReplicationResult, run_replication};
use crate::goal;
use crate::output::{Staging, export};
use crate::plot::{self, BandSeries, TimeChart};
use crate::scenario::Setting;
use rayon::prelude::*;
use std::path::PathBuf;
use toml::Value;

/// One swept key and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<Value>,
}

impl Axis {
    /// An axis from `KEY=FROM..TO/STEPS` (STEPS points from FROM to TO inclusive; whole
    /// numbers stay whole); `None` for a plain setting.
    pub fn from_setting(s: &Setting) -> Result<Option<Axis>, String> {
        let Value::String(text) = &s.value else {
            return Ok(None);
        };
        let Some((range, steps)) = text.split_once('/') else {
            return Ok(None);
        };
        let Some((from, to)) = range.split_once("..") else {
            return Ok(None);
        };
        let bad = || {
            format!(
                "--set {}: expected FROM..TO/STEPS, e.g. 1e8..5e8/5, got {text:?}",
                s.key
            )
        };
        let steps: usize = steps.trim().parse().map_err(|_| bad())?;
        if !(2..=1000).contains(&steps) {
            return Err(format!(
                "--set {}: expected 2 to 1000 steps, got {steps}",
                s.key
            ));
        }
        let whole = |x: &str| x.trim().parse::<i64>().ok();
        let values = match (whole(from), whole(to)) {
            (Some(a), Some(b)) if (b - a) % (steps as i64 - 1) == 0 => (0..steps as i64)
                .map(|i| Value::Integer(a + i * (b - a) / (steps as i64 - 1)))
                .collect(),
            _ => {
                let a: f64 = from.trim().parse().map_err(|_| bad())?;
                let b: f64 = to.trim().parse().map_err(|_| bad())?;
                (0..steps)
                    .map(|i| Value::Float(a + (b - a) * i as f64 / (steps - 1) as f64))
                    .collect()
            }
        };
        Ok(Some(Axis {
            key: s.key.clone(),
            values,
        }))
    }
}

/// A number as a table cell.
fn cell(v: &Value) -> String {
    match v {
        Value::Float(x) => format!("{x}"),
        other => other.to_string(),
    }
}

/// Runs every replication of every point in one parallel pass; results by point, in
/// replication order.
fn run_points(points: &[Models], on_month: &(dyn Fn() + Sync)) -> Vec<Vec<ReplicationResult>> {
    let tasks: Vec<(usize, u32)> = points
        .iter()
        .enumerate()
        .flat_map(|(p, m)| (0..m.replications()).map(move |r| (p, r)))
        .collect();
    let done: Vec<(usize, ReplicationResult)> = tasks
        .par_iter()
        .filter(|_| !crate::interrupt::requested())
        .map(|&(p, r)| (p, run_replication(points[p].get(r), r, on_month)))
        .collect();
    let mut out: Vec<Vec<ReplicationResult>> = points.iter().map(|_| Vec::new()).collect();
    for (p, r) in done {
        out[p].push(r);
    }
    out
}

/// Total programme spend over the run, per replication, in £.
fn spend(model: &Model, reps: &[ReplicationResult]) -> Band {
    let scale = model.scenario.population.scale;
    let per_rep: Vec<f64> = reps
        .iter()
        .map(|r| r.months.iter().map(|c| c.spend).sum::<f64>() * scale)
        .collect();
    Band::of(&per_rep)
}

/// The gap "at the horizon": in calendar year `year` if given, else over the last 12 months.
fn gap_at(model: &Model, reps: &[ReplicationResult], year: Option<i32>) -> Result<Band, AppError> {
    match year {
        None => Ok(goal::horizon_gap(model, reps)),
        Some(y) => goal::gap_in_year(model, reps, y).ok_or_else(|| {
            AppError::BadArgument(format!(
                "{y} is not simulated ({} to {})",
                model.scenario.start,
                model.scenario.end()
            ))
        }),
    }
}

/// How to sweep.
#[derive(Clone, Debug)]
pub struct SweepConfig {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    /// Its `sets` hold both fixed settings and axes (`KEY=FROM..TO/STEPS`).
    pub overrides: Overrides,
    /// Calendar year of the gap reported; `None`: the last 12 months.
    pub year: Option<i32>,
    pub max_memory: Option<u64>,
}

/// `gapsim sweep`: writes sweep.csv, sweep_trajectories.csv, manifest.json and sweep_gap.
pub fn sweep(cfg: &SweepConfig, progress: &dyn Progress) -> Result<PathBuf, AppError> {
    let mut axes = Vec::new();
    let mut fixed = Vec::new();
    for s in &cfg.overrides.sets {
        match Axis::from_setting(s).map_err(AppError::BadArgument)? {
            Some(a) => axes.push(a),
            None => fixed.push(s.clone()),
        }
    }
    if axes.is_empty() {
        return Err(AppError::BadArgument(
            "sweep: expected at least one --set KEY=FROM..TO/STEPS".into(),
        ));
    }
    // Every point, loaded and checked before any work starts.
    let mut grid: Vec<Vec<Value>> = vec![Vec::new()];
    for a in &axes {
        grid = grid
            .into_iter()
            .flat_map(|p| {
                a.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(v.clone());
                    q
                })
            })
            .collect();
    }
    if grid.len() > 10_000 {
        return Err(AppError::BadArgument(format!(
            "sweep: {} points; expected at most 10000",
            grid.len()
        )));
    }
    let mut points = Vec::new();
    for values in &grid {
        let mut o = cfg.overrides.clone();
        o.sets = fixed.clone();
        o.sets.extend(axes.iter().zip(values).map(|(a, v)| Setting {
            key: a.key.clone(),
            value: v.clone(),
        }));
        points.push(load_models(&cfg.scenario, &o)?.1);
    }
    let pool = thread_pool(cfg.threads)?;
    let runs: Vec<(&Model, Option<&Model>)> = points.iter().map(|m| (&m.central, None)).collect();
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    let total: u64 = points
        .iter()
        .map(|m| m.replications() as u64 * m.central.scenario.months as u64)
        .sum();
    progress.start(total);
    let results = pool.install(|| run_points(&points, &|| progress.tick()));
    progress.finish();
    check_interrupt()?;

    let mut table = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["point".to_string()];
    header.extend(axes.iter().map(|a| a.key.clone()));
    let label = cfg
        .year
        .map_or("horizon".to_string(), |y| format!("in_{y}"));
    for col in [
        format!("gap_pp_{label}_mean"),
        format!("gap_pp_{label}_p05"),
        format!("gap_pp_{label}_p95"),
        "spend_gbp_mean".into(),
        "spend_gbp_p05".into(),
        "spend_gbp_p95".into(),
        "base_year".into(),
        "halved_in_year".into(),
        "halved_at_trend_year".into(),
    ] {
        header.push(col);
    }
    table.write_record(&header).expect("in-memory CSV");
    let mut trajectories = String::new();
    let mut gaps = Vec::new();
    for (i, ((m, reps), values)) in points.iter().zip(&results).zip(&grid).enumerate() {
        let model = &m.central;
        let gap = gap_at(model, reps, cfg.year)?;
        let cost = spend(model, reps);
        let h = goal::halving(model, reps, goal::default_base_year(model));
        let mut row = vec![i.to_string()];
        row.extend(values.iter().map(cell));
        row.extend([
            export::num(gap.mean),
            export::num(gap.p05),
            export::num(gap.p95),
            export::num(cost.mean),
            export::num(cost.p05),
            export::num(cost.p95),
            h.as_ref()
                .map_or(String::new(), |h| h.base_year.to_string()),
            h.as_ref()
                .and_then(|h| h.within_run)
                .map_or(String::new(), |y| y.to_string()),
            h.as_ref()
                .and_then(|h| h.at_trend)
                .map_or(String::new(), |y| format!("{y:.1}")),
        ]);
        table.write_record(&row).expect("in-memory CSV");
        // The same rows `gapsim run --set …` writes to trajectories.csv, after the point.
        let body = String::from_utf8(export::trajectories_csv(model, reps)).expect("UTF-8");
        let mut lines = body.lines();
        let head = lines.next().unwrap_or_default();
        if i == 0 {
            let keys: Vec<&str> = axes.iter().map(|a| a.key.as_str()).collect();
            trajectories.push_str(&format!("point,{},{head}\n", keys.join(",")));
        }
        let prefix: Vec<String> = values.iter().map(cell).collect();
        for l in lines {
            trajectories.push_str(&format!("{i},{},{l}\n", prefix.join(",")));
        }
        gaps.push((values.clone(), gap, h.map(|h| h.target)));
    }
    staging.write("sweep.csv", &table.into_inner().expect("in-memory CSV"))?;
    staging.write("sweep_trajectories.csv", trajectories.as_bytes())?;
    let manifest = serde_json::json!({
        "gapsim_version": env!("CARGO_PKG_VERSION"),
        "scenario": cfg.scenario.display().to_string(),
        "seed": points[0].central.scenario.seed,
        "replications": points[0].replications(),
        "axes": axes.iter().map(|a| serde_json::json!({
            "key": a.key,
            "values": a.values.iter().map(cell).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "settings": fixed.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        "gap_at": label,
    });
    staging.write(
        "manifest.json",
        serde_json::to_string_pretty(&manifest)
            .expect("JSON")
            .as_bytes(),
    )?;
    let groups = sweep_groups(&axes, &gaps);
    let half = gaps.first().and_then(|g| g.2);
    put(
        &staging,
        plot::time_chart("sweep_gap", &sweep_plot(&axes, &groups, half, cfg.year)),
    )?;
    commit(staging, cfg.force)
}

/// The gap at the horizon against the first axis: one line per value of the second.
fn sweep_groups(
    axes: &[Axis],
    gaps: &[(Vec<Value>, Band, Option<f64>)],
) -> Vec<(String, Vec<(f64, Band)>)> {
    let num = |v: &Value| {
        v.as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .unwrap_or(0.0)
    };
    let mut groups: Vec<(String, Vec<(f64, Band)>)> = Vec::new();
    for (values, band, _) in gaps {
        let name = values.get(1).map_or("gap".to_string(), |v| {
            format!("{} = {}", axes[1].key, cell(v))
        });
        let x = num(&values[0]);
        match groups.iter_mut().find(|g| g.0 == name) {
            Some(g) => g.1.push((x, *band)),
            None => groups.push((name, vec![(x, *band)])),
        }
    }
    groups
}

fn sweep_plot<'a>(
    axes: &[Axis],
    groups: &'a [(String, Vec<(f64, Band)>)],
    half: Option<f64>,
    year: Option<i32>,
) -> TimeChart<'a> {
    TimeChart {
        title: format!(
            "Gap {} by {}",
            year.map_or("over the last 12 months".to_string(), |y| format!("in {y}")),
            axes[0].key
        ),
        x_label: axes[0].key.clone(),
        y_label: "gap (pp), mean and 5–95% band".into(),
        series: groups
            .iter()
            .enumerate()
            .map(|(i, (label, points))| BandSeries {
                label: label.clone(),
                color: plot::color(i),
                points,
            })
            .collect(),
        references: half
            .map(|h| vec![(h, format!("half the base-year gap ({h:.1} pp)"))])
            .unwrap_or_default(),
        published: vec![],
        published_label: String::new(),
        legend: plot::SeriesLabelPosition::UpperRight,
    }
}
