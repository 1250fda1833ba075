//! `gapsim sweep` and `gapsim target`: the scenario run at many values of one or more keys,
//! every point on the same seeds (common random numbers), so differences between points are
//! the keys' doing, not luck.

use super::{
    AppError, Overrides, Progress, commit, guard, load_models, load_models_with, put, thread_pool,
};
use crate::batch::{Band, Models};
use crate::cancel::Interrupted;
use crate::engine::{Model, ReplicationResult, run_replication};
use crate::goal;
use crate::output::explore::{self as files, axis_value};
use crate::output::{Staging, export};
use crate::plot::{self, BandSeries, TimeChart};
use crate::results::{Axis, Evaluation, Sweep, SweepPoint, TargetSearch};
use crate::scenario::{Flag, Given, Setting};
use rayon::prelude::*;
use std::path::PathBuf;
use toml::Value;

impl Axis {
    /// An axis from `KEY=FROM..TO/STEPS` (STEPS points from FROM to TO inclusive; whole
    /// numbers stay whole); `None` for a plain setting. Errors name the flag that gave it.
    pub fn from_setting(g: &Given) -> Result<Option<Axis>, String> {
        let (s, flag) = (&g.setting, g.flag);
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
                "{flag} {}: expected FROM..TO/STEPS, e.g. 1e8..5e8/5, got {text:?}",
                s.key
            )
        };
        let steps: usize = steps.trim().parse().map_err(|_| bad())?;
        if !(2..=1000).contains(&steps) {
            return Err(format!(
                "{flag} {}: expected 2 to 1000 steps, got {steps}",
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
                    .map(|i| Value::Float(grid_point(a, b, i, steps)))
                    .collect()
            }
        };
        Ok(Some(Axis {
            key: s.key.clone(),
            values,
        }))
    }
}

/// Point `i` of `steps` from `a` to `b`: the ends exactly as given, the points between rounded
/// to 15 significant digits, so `0..0.3/4` gives 0, 0.1, 0.2, 0.3 (not 0.09999999999999999)
/// and a grid is the same however its values travel (a shard's JSON, a manifest).
fn grid_point(a: f64, b: f64, i: usize, steps: usize) -> f64 {
    if i == 0 {
        return a;
    }
    if i + 1 == steps {
        return b;
    }
    let v = a + (b - a) * i as f64 / (steps - 1) as f64;
    format!("{v:.14e}").parse().unwrap_or(v)
}

/// Runs every replication of every point in one parallel pass; results by point, in
/// replication order.
pub(super) fn run_points(
    points: &[Models],
    on_month: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<ReplicationResult>>, Interrupted> {
    let cancel = crate::interrupt::token();
    let tasks: Vec<(usize, u32)> = points
        .iter()
        .enumerate()
        .flat_map(|(p, m)| (0..m.replications()).map(move |r| (p, r)))
        .collect();
    let done: Vec<(usize, ReplicationResult)> = tasks
        .par_iter()
        .map(|&(p, r)| Ok((p, run_replication(points[p].get(r), r, &cancel, on_month)?)))
        .collect::<Result<_, Interrupted>>()?;
    let mut out: Vec<Vec<ReplicationResult>> = points.iter().map(|_| Vec::new()).collect();
    for (p, r) in done {
        out[p].push(r);
    }
    Ok(out)
}

/// Total programme spend over the run, per replication, in £.
fn spend(model: &Model, reps: &[ReplicationResult]) -> Band {
    Band::of(&goal::spend_per_rep(model, reps))
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
    /// Its `sets` and `policies` hold both fixed settings and axes (`KEY=FROM..TO/STEPS`).
    /// A sweep has no baseline, so the two act alike; the manifest records which was which.
    pub overrides: Overrides,
    /// Calendar year of the gap reported; `None`: the last 12 months.
    pub year: Option<i32>,
    pub max_memory: Option<u64>,
    /// Run only shard `(k, n)`: every `n`-th point, starting with point `k - 1`.
    pub shard: Option<(u32, u32)>,
}

/// `gapsim sweep`: writes sweep.csv, sweep_trajectories.csv, manifest.json and sweep_gap.
pub fn sweep(
    cfg: &SweepConfig,
    progress: &dyn Progress,
) -> Result<(PathBuf, Vec<String>), AppError> {
    let mut axes = Vec::new();
    let mut axis_flags = Vec::new();
    let (mut fixed, mut fixed_policies) = (Vec::new(), Vec::new());
    for g in cfg.overrides.given() {
        match Axis::from_setting(&g).map_err(AppError::BadArgument)? {
            Some(a) => {
                axes.push(a);
                axis_flags.push(g.flag);
            }
            None if g.flag == Flag::Policy => fixed_policies.push(g.setting),
            None => fixed.push(g.setting),
        }
    }
    if axes.is_empty() {
        return Err(AppError::BadArgument(
            "sweep: expected at least one --set (or --policy) KEY=FROM..TO/STEPS".into(),
        ));
    }
    // The grid's size from the axes' lengths (checked arithmetic), before it is built.
    let size = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .filter(|&n| n <= 10_000);
    if size.is_none() {
        let lengths: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        return Err(AppError::BadArgument(format!(
            "sweep: {} points along the axes; expected at most 10000",
            lengths.join(" × ")
        )));
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
        o.policies = fixed_policies.clone();
        for ((a, v), flag) in axes.iter().zip(values).zip(&axis_flags) {
            let s = Setting {
                key: a.key.clone(),
                value: v.clone(),
            };
            match flag {
                Flag::Policy => o.policies.push(s),
                _ => o.sets.push(s),
            }
        }
        points.push(load_models(&cfg.scenario, &o)?.1);
    }
    let pool = thread_pool(cfg.threads)?;
    let runs: Vec<(&Model, Option<&Model>)> = points.iter().map(|m| (&m.central, None)).collect();
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    // A shard runs every N-th point; the others are kept as empty results.
    let covers: Vec<usize> = match cfg.shard {
        // Each point's replications draw their uncertain inputs from keyed streams, so a
        // shard runs them as the whole sweep would; the files are written from the points'
        // central scenarios, which merge rebuilds.
        Some((k, n)) => (0..points.len())
            .filter(|p| *p as u32 % n == k - 1)
            .collect(),
        None => (0..points.len()).collect(),
    };
    let total: u64 = covers
        .iter()
        .map(|&p| points[p].replications() as u64 * points[p].central.scenario.months as u64)
        .sum();
    progress.start(total);
    let mine: Vec<Models> = covers.iter().map(|&p| points[p].clone()).collect();
    let ran = pool.install(|| run_points(&mine, &|| progress.tick()))?;
    progress.finish();
    let text = |list: &[Setting]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let spec = SweepSpec {
        scenario: cfg.scenario.display().to_string(),
        question: crate::scenario::load_resolved(&cfg.scenario)
            .ok()
            .and_then(|r| crate::scenario::question(&r.files)),
        year: cfg.year,
        axes,
        fixed: text(&fixed),
        policies: text(&fixed_policies),
        grid,
        flags: cfg.overrides.recorded().flags,
    };
    if let Some((k, n)) = cfg.shard {
        let file = super::shard::SweepShard {
            spec,
            points: points.iter().map(|m| m.central.scenario.clone()).collect(),
            covers: covers.iter().map(|&p| p as u32).collect(),
            results: ran,
        };
        super::shard::write_sweep_shard(&staging, k, n, &file)?;
        return Ok((commit(staging, cfg.force)?, Vec::new()));
    }
    let notes = write_sweep(&staging, &spec, &points, &ran)?;
    Ok((commit(staging, cfg.force)?, notes))
}

/// What a sweep was asked: everything but its points' scenarios and results (which a shard
/// also carries).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct SweepSpec {
    /// The scenario file, as given.
    pub scenario: String,
    /// The `# Question:` paragraph of its header, if any.
    #[serde(default)]
    pub question: Option<String>,
    pub year: Option<i32>,
    pub axes: Vec<Axis>,
    /// The fixed `--set`s, as `KEY=VALUE`.
    pub fixed: Vec<String>,
    /// The fixed `--policy`s, as `KEY=VALUE`.
    #[serde(default)]
    pub policies: Vec<String>,
    /// The axes' values at every point, the first axis varying slowest.
    pub grid: Vec<Vec<Value>>,
    /// The run-size flags given (`--people` and the like), for the page and its notes.
    #[serde(default)]
    pub flags: export::RunFlags,
}

/// The files and page of a sweep (or of its merged shards); returns the warnings a reader must
/// see (contract hand-backs at any point).
pub(super) fn write_sweep(
    staging: &Staging,
    spec: &SweepSpec,
    points: &[Models],
    results: &[Vec<ReplicationResult>],
) -> Result<Vec<String>, AppError> {
    let (axes, grid, year) = (&spec.axes, &spec.grid, spec.year);
    let mut swept = Vec::new();
    for ((m, reps), values) in points.iter().zip(results).zip(grid) {
        let model = &m.central;
        swept.push(SweepPoint {
            values: values.clone(),
            gap: gap_at(model, reps, year)?,
            spend: spend(model, reps),
            halving: goal::halving(model, reps, goal::default_base_year(model)),
        });
    }
    let sweep = Sweep {
        scenario: spec.scenario.clone(),
        seed: points[0].central.scenario.seed,
        replications: points[0].replications(),
        axes: axes.to_vec(),
        settings: spec.fixed.clone(),
        policies: spec.policies.clone(),
        year,
        points: swept,
    };
    let runs: Vec<(&Model, &[ReplicationResult])> = points
        .iter()
        .zip(results)
        .map(|(m, reps)| (&m.central, reps.as_slice()))
        .collect();
    staging.write("sweep.csv", &files::sweep_csv(&sweep))?;
    staging.write(
        "sweep_trajectories.csv",
        &files::sweep_trajectories_csv(&sweep, &runs),
    )?;
    staging.write("manifest.json", &files::sweep_manifest_json(&sweep))?;
    let groups = sweep_groups(&sweep);
    let half = sweep
        .points
        .first()
        .and_then(|p| p.halving.as_ref())
        .map(|h| h.target);
    put(
        staging,
        plot::time_chart(
            "sweep_gap",
            &sweep_plot(&points[0].central, axes, &groups, half, year),
        ),
    )?;
    let labelled: Vec<(String, &Model, &[ReplicationResult])> = grid
        .iter()
        .zip(points)
        .zip(results)
        .map(|((values, m), reps)| {
            let label = axes
                .iter()
                .zip(values)
                .map(|(a, v)| format!("{} = {v}", a.key))
                .collect::<Vec<_>>()
                .join(", ");
            (label, &m.central, reps.as_slice())
        })
        .collect();
    // The notes of the fixed settings and of the axes (an axis is a setting of its key).
    let parse =
        |list: &[String]| -> Vec<Setting> { list.iter().filter_map(|s| s.parse().ok()).collect() };
    let mut sets = parse(&spec.fixed);
    sets.extend(spec.axes.iter().map(|a| Setting {
        key: a.key.clone(),
        value: Value::Float(0.0),
    }));
    let mut notes = super::warnings(
        &points[0].central.scenario,
        &Overrides {
            sets,
            policies: parse(&spec.policies),
            ..Overrides::from_flags(&spec.flags)
        },
    );
    notes.extend(super::point_hand_backs(&labelled));
    notes.extend(super::summarise_notes(
        &super::point_notes(&labelled),
        labelled.len(),
    ));
    super::report::sweep_page(staging, spec, &sweep, &points[0].central, &notes)?;
    Ok(notes)
}

/// The gap at the horizon against the first axis: one line per value of the second.
fn sweep_groups(sweep: &Sweep) -> Vec<(String, Vec<(f64, Band)>)> {
    let num = |v: &Value| {
        v.as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .unwrap_or(0.0)
    };
    let mut groups: Vec<(String, Vec<(f64, Band)>)> = Vec::new();
    for p in &sweep.points {
        let name = p.values.get(1).map_or("gap".to_string(), |v| {
            format!("{} = {}", sweep.axes[1].key, axis_value(v))
        });
        let x = num(&p.values[0]);
        match groups.iter_mut().find(|g| g.0 == name) {
            Some(g) => g.1.push((x, p.gap)),
            None => groups.push((name, vec![(x, p.gap)])),
        }
    }
    groups
}

/// How a plot labels an axis of values of scenario key `key`: in £ when the key is money.
fn axis_format(key: &str) -> plot::XFormat {
    match crate::scenario::keys::lookup(key) {
        Some(k) if k.unit.starts_with('£') => plot::XFormat::Pounds,
        _ => plot::XFormat::Number,
    }
}

/// Key `key` as a reader would name it: `programmes[1].funding.budget` becomes
/// "funding.budget of Work and Health Programme", using the names in `model`.
fn readable(model: &Model, key: &str) -> String {
    if let Some(rest) = key.strip_prefix("programmes[")
        && let Some((i, tail)) = rest.split_once("].")
        && let Some(p) = i
            .parse::<usize>()
            .ok()
            .and_then(|i| model.scenario.programmes.get(i))
    {
        return format!("{tail} of {}", p.name);
    }
    key.to_string()
}

fn sweep_plot<'a>(
    model: &Model,
    axes: &[Axis],
    groups: &'a [(String, Vec<(f64, Band)>)],
    half: Option<f64>,
    year: Option<i32>,
) -> TimeChart<'a> {
    TimeChart {
        title: format!(
            "Gap {} by {}",
            year.map_or("over the last 12 months".to_string(), |y| format!("in {y}")),
            readable(model, &axes[0].key)
        ),
        x_label: axes[0].key.clone(),
        x_format: axis_format(&axes[0].key),
        y_label: "gap (pp), mean and 5–95% band".into(),
        series: groups
            .iter()
            .enumerate()
            .map(|(i, (label, points))| BandSeries {
                label: label.clone(),
                color: plot::color(i),
                points,
                published: vec![],
            })
            .collect(),
        band: "mean, 5–95% band",
        references: half
            .map(|h| vec![(h, format!("half the base-year gap ({h:.1} pp)"))])
            .unwrap_or_default(),
        markers: vec![],
        published: vec![],
        published_label: String::new(),
    }
}

/// A lever of `target`: its range (the one given, else 0 to four times the scenario's value)
/// and whether it takes whole numbers only.
///
/// # Errors
/// A key that is not a number of the scenario (unless a known key with a range given), or a
/// key at 0 without a range.
pub(super) fn lever_range(
    resolved: &crate::scenario::Resolved,
    path: &std::path::Path,
    lever: &str,
    range: Option<(f64, f64)>,
) -> Result<(f64, f64, bool), AppError> {
    // A dated change that sets the same key would override the lever from its month on, and
    // the search would move the value before it only.
    for (i, change) in resolved.scenario.changes.iter().enumerate() {
        if change.set.contains_key(lever) || crate::scenario::value_at(&change.set, lever).is_some()
        {
            return Err(AppError::BadArgument(format!(
                "--lever {lever}: changes[{i}] of {} sets it from {}, which would override the \
                 lever from then on: move the lever there, --lever 'changes[{i}].set.{lever}=FROM..TO' \
                 (the change must write its keys as a table, [changes.set.{}])",
                path.display(),
                change.from,
                lever.rsplit_once('.').map_or(lever, |(t, _)| t)
            )));
        }
    }
    let table = toml::Table::try_from(&resolved.scenario).expect("a scenario serialises");
    // A numeric key the scenario leaves out (a programme without a budget) can still be a
    // lever, from a range the user gives.
    let current = crate::scenario::value_at(&table, lever);
    if lever.starts_with("changes[") && current.is_none() {
        return Err(AppError::BadArgument(format!(
            "--lever {lever}: a lever inside a dated change can only be a value the change already \
             sets in {}, written as a table (`[changes.set.employers]` with `wage_subsidy = 0.0`, \
             not `set = {{ \"employers.wage_subsidy\" = 0.0 }}`)",
            path.display()
        )));
    }
    let known = crate::scenario::keys::lookup(lever).is_some();
    if current.is_none() && !(known && range.is_some()) {
        return Err(AppError::BadArgument(if known {
            format!(
                "--lever {lever}: not set in {}: give --range FROM..TO",
                path.display()
            )
        } else {
            format!(
                "--lever {lever}: not a number in {} (`gapsim validate {} --ranges` lists the numeric keys)",
                path.display(),
                path.display()
            )
        }));
    }
    let whole = matches!(
        crate::scenario::raw_at(&table, lever),
        Some(Value::Integer(_))
    ) || crate::scenario::keys::lookup(lever)
        .is_some_and(|k| matches!(k.range, crate::scenario::keys::Range::Whole { .. }));
    let (lo, hi) = match (range, current) {
        (Some(r), _) => r,
        (None, Some(current)) if current > 0.0 => (0.0, 4.0 * current),
        (None, current) => {
            return Err(AppError::BadArgument(format!(
                "--lever {lever} is {} in the scenario: give --range FROM..TO",
                current.unwrap_or(0.0)
            )));
        }
    };
    Ok((lo, hi, whole))
}

/// Both years of a goal are simulated, and the goal's comes after the base.
pub(super) fn check_years(model: &Model, by: i32, base_year: i32) -> Result<(), AppError> {
    for (year, what) in [(base_year, "--base-year"), (by, "--by")] {
        if model.scenario.start.year() > year || model.scenario.end().year() < year {
            return Err(AppError::BadArgument(format!(
                "{what} {year}: not simulated ({} to {})",
                model.scenario.start,
                model.scenario.end()
            )));
        }
    }
    if by <= base_year {
        return Err(AppError::BadArgument(format!(
            "--by {by} must come after --base-year {base_year}"
        )));
    }
    Ok(())
}

/// A point of a lever search, run: per replication, the gap in the goal year, the goal (half
/// the base year's gap) [pp] and the public spend over the run [£].
pub(super) struct LeverPoint {
    pub gap_by: Vec<f64>,
    pub goal: Vec<f64>,
    pub spend: Vec<f64>,
}

/// The runs of a lever search (`target` with one lever or several): each point a value of every
/// lever, set with `--lever` over the scenario and the command line's settings, all the points
/// of a call in one parallel pass on the same seeds; the points' hand-back warnings and other
/// notes are gathered for the search's message.
pub(super) struct LeverRuns<'a> {
    scenario: &'a std::path::Path,
    overrides: &'a Overrides,
    /// The goal: the gap in year `by` at most half the gap in `base_year`.
    by: i32,
    base_year: i32,
    /// Each lever's key, and whether it takes whole numbers only.
    levers: Vec<(String, bool)>,
    pool: &'a rayon::ThreadPool,
    progress: &'a dyn Progress,
    pub hand_backs: std::cell::RefCell<Vec<String>>,
    pub notes: std::cell::RefCell<Vec<super::PointNote>>,
}

impl<'a> LeverRuns<'a> {
    /// The runs of `scenario` with `overrides` at values of `levers`, measured against the
    /// goal of `(by, base_year)`.
    pub fn new(
        (scenario, overrides): (&'a std::path::Path, &'a Overrides),
        (by, base_year): (i32, i32),
        levers: Vec<(String, bool)>,
        pool: &'a rayon::ThreadPool,
        progress: &'a dyn Progress,
    ) -> Self {
        Self {
            scenario,
            overrides,
            by,
            base_year,
            levers,
            pool,
            progress,
            hand_backs: Default::default(),
            notes: Default::default(),
        }
    }

    /// Runs every point (one value per lever, in the levers' order).
    ///
    /// # Errors
    /// A point's scenario that does not load or validate, an interrupted run, or a goal year
    /// the run does not simulate.
    pub fn run(&self, points: &[Vec<f64>]) -> Result<Vec<LeverPoint>, AppError> {
        let mut models = Vec::new();
        for values in points {
            let mut given = self.overrides.given();
            for ((key, whole), &v) in self.levers.iter().zip(values) {
                given.push(Given {
                    flag: Flag::Lever,
                    setting: Setting {
                        key: key.clone(),
                        value: if *whole {
                            Value::Integer(v as i64)
                        } else {
                            Value::Float(v)
                        },
                    },
                });
            }
            models.push(load_models_with(self.scenario, self.overrides, &given)?.1);
        }
        let results = self
            .pool
            .install(|| run_points(&models, &|| self.progress.tick()))?;
        let labelled: Vec<(String, &Model, &[ReplicationResult])> = models
            .iter()
            .zip(&results)
            .zip(points)
            .map(|((m, reps), values)| {
                let label = self
                    .levers
                    .iter()
                    .zip(values)
                    .map(|((key, _), v)| format!("{key} = {v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                (label, &m.central, reps.as_slice())
            })
            .collect();
        if let Some(note) = super::point_hand_backs(&labelled) {
            self.hand_backs.borrow_mut().push(note);
        }
        self.notes
            .borrow_mut()
            .extend(super::point_notes(&labelled));
        models
            .iter()
            .zip(&results)
            .map(|(m, reps)| {
                let m = &m.central;
                let per_rep = |year: i32| {
                    goal::gaps_in_year(m, reps, year)
                        .ok_or_else(|| AppError::BadArgument(format!("{year} is not simulated")))
                };
                Ok(LeverPoint {
                    gap_by: per_rep(self.by)?,
                    goal: per_rep(self.base_year)?.iter().map(|g| g / 2.0).collect(),
                    spend: goal::spend_per_rep(m, reps),
                })
            })
            .collect()
    }
}

/// How to search for a lever value.
#[derive(Clone, Debug)]
pub struct TargetConfig {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    /// The key to move, e.g. `programmes[0].funding.budget`.
    pub lever: String,
    /// Values to search; `None`: from 0 to four times the scenario's value.
    pub range: Option<(f64, f64)>,
    /// The goal: the gap in this calendar year is at most half the base year's.
    pub by: i32,
    pub base_year: i32,
    pub max_memory: Option<u64>,
}

/// What `gapsim target` found.
pub struct TargetOutcome {
    pub out: PathBuf,
    /// One paragraph for people.
    pub message: String,
}

/// Grid points tried before bisection, and bisection steps after.
const TARGET_GRID: usize = 5;
const TARGET_BISECTIONS: usize = 6;

/// `gapsim target`: the lever value that halves the gap by a year, with its uncertainty across
/// replications and its cost; or a clear statement that no value in the range does.
pub fn target(cfg: &TargetConfig, progress: &dyn Progress) -> Result<TargetOutcome, AppError> {
    let (resolved, central) = load_models(&cfg.scenario, &cfg.overrides)?;
    let (lo, hi, whole) = lever_range(&resolved, &cfg.scenario, &cfg.lever, cfg.range)?;
    let model = &central.central;
    check_years(model, cfg.by, cfg.base_year)?;
    let pool = thread_pool(cfg.threads)?;
    // Budget the whole search: the grid, every bisection step and the final run (the time of
    // each; the memory as if all were kept, which errs high).
    let runs: Vec<(&Model, Option<&Model>)> =
        vec![(model, None); TARGET_GRID + TARGET_BISECTIONS + 1];
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    let at = |v: f64| if whole { v.round() } else { v };
    let runs = LeverRuns::new(
        (&cfg.scenario, &cfg.overrides),
        (cfg.by, cfg.base_year),
        vec![(cfg.lever.clone(), whole)],
        &pool,
        progress,
    );
    let evaluate = |values: &[f64]| -> Result<Vec<Evaluation>, AppError> {
        let points: Vec<Vec<f64>> = values.iter().map(|&v| vec![v]).collect();
        Ok(runs
            .run(&points)?
            .into_iter()
            .zip(values)
            .map(|(p, &value)| Evaluation {
                value,
                gap_by: p.gap_by,
                target: p.goal,
                spend: p.spend,
            })
            .collect())
    };
    let months = model.scenario.replications as u64 * model.scenario.months as u64;
    progress.start(months * (TARGET_GRID + TARGET_BISECTIONS + 1) as u64);

    let grid: Vec<f64> = (0..TARGET_GRID)
        .map(|i| at(lo + (hi - lo) * i as f64 / (TARGET_GRID - 1) as f64))
        .collect();
    let mut evals = evaluate(&grid)?;
    // The first bracket in which the goal starts to be met, searching from `lo`.
    let bracket = evals
        .windows(2)
        .position(|w| (w[0].shortfall() > 0.0) != (w[1].shortfall() > 0.0));
    let reached_at_lo = evals[0].shortfall() <= 0.0;
    let mut answer = None;
    if let Some(i) = bracket {
        let (mut a, mut b) = (evals[i].value, evals[i + 1].value);
        let (mut fa, mut fb) = (evals[i].shortfall(), evals[i + 1].shortfall());
        for _ in 0..TARGET_BISECTIONS {
            let mid = at(0.5 * (a + b));
            if mid == a || mid == b {
                break;
            }
            let e = evaluate(&[mid])?.pop().expect("one");
            let fm = e.shortfall();
            if (fm > 0.0) == (fa > 0.0) {
                (a, fa) = (mid, fm);
            } else {
                (b, fb) = (mid, fm);
            }
            evals.push(e);
        }
        // Straight line between the last bracket's ends.
        let v = if fa == fb {
            b
        } else {
            a + (b - a) * fa / (fa - fb)
        };
        let v = at(v);
        let e = evaluate(&[v])?.pop().expect("one");
        // The straight line is a guess: if its value misses the goal, the bracket's end that
        // meets it is the answer (a value called an answer meets the goal by its own numbers).
        answer = Some(if e.shortfall() > 0.0 {
            if fb <= 0.0 { b } else { a }
        } else {
            v
        });
        evals.push(e);
    }
    progress.finish();
    evals.sort_by(|x, y| x.value.total_cmp(&y.value));

    // Each replication's own crossing, for the uncertainty of the answer.
    let reps = evals[0].gap_by.len();
    let crossings: Vec<f64> = (0..reps)
        .filter_map(|r| {
            let f = |e: &Evaluation| e.gap_by[r] - e.target[r];
            evals
                .windows(2)
                .find_map(|w| {
                    let (fa, fb) = (f(&w[0]), f(&w[1]));
                    ((fa > 0.0) != (fb > 0.0))
                        .then(|| w[0].value + (w[1].value - w[0].value) * fa / (fa - fb))
                })
                .or_else(|| (f(&evals[0]) <= 0.0).then_some(evals[0].value))
        })
        .collect();

    let search = TargetSearch {
        lever: cfg.lever.clone(),
        range: (lo, hi),
        base_year: cfg.base_year,
        by: cfg.by,
        evaluations: evals,
        answer,
        reached_at_start: reached_at_lo,
        crossings,
    };
    staging.write("target.csv", &files::target_csv(&search))?;
    staging.write(
        "target_evaluations.csv",
        &files::target_evaluations_csv(&search),
    )?;
    staging.write("target.txt", &files::target_txt(&search))?;

    let target_band = search.goal();
    let points: Vec<(f64, Band)> = search
        .evaluations
        .iter()
        .map(|e| (e.value, Band::of(&e.gap_by)))
        .collect();
    // A lever that changes the world (not only a programme) changes the base year's gap, and
    // so the goal: then the goal is a line of its own, at each value tried.
    let goals: Vec<(f64, Band)> = search
        .evaluations
        .iter()
        .map(|e| (e.value, Band::of(&e.target)))
        .collect();
    let (gmin, gmax) = goals.iter().fold((f64::MAX, f64::MIN), |(a, b), g| {
        (a.min(g.1.mean), b.max(g.1.mean))
    });
    let moving_goal = gmax - gmin > 0.05;
    let mut series = vec![BandSeries {
        label: format!("gap in {}", cfg.by),
        color: plot::color(0),
        points: &points,
        published: vec![],
    }];
    if moving_goal {
        series.push(BandSeries {
            label: format!("half the {} gap, which the lever moves", cfg.base_year),
            color: plot::color(3),
            points: &goals,
            published: vec![],
        });
    }
    let chart = TimeChart {
        title: format!("Gap in {} by {}", cfg.by, readable(model, &cfg.lever)),
        x_label: cfg.lever.clone(),
        x_format: axis_format(&cfg.lever),
        y_label: format!("gap in {} (pp), mean and 5–95% band", cfg.by),
        series,
        markers: vec![],
        band: "mean, 5–95% band",
        references: if moving_goal {
            vec![]
        } else {
            vec![(
                target_band.mean,
                format!(
                    "half the {} gap ({:.1} pp)",
                    cfg.base_year, target_band.mean
                ),
            )]
        },
        published: vec![],
        published_label: String::new(),
    };
    put(&staging, plot::time_chart("target", &chart))?;
    let mut message = files::target_message(&search);
    // One hand-back warning for the whole search (the first evaluation that had one).
    if let Some(note) = runs.hand_backs.borrow().first() {
        message.push('\n');
        message.push_str(note);
    }
    // A budget is only a cap on a programme whose places are fixed: say so where it matters.
    if let Some(pi) = cfg
        .lever
        .strip_prefix("programmes[")
        .and_then(|r| r.strip_suffix("].funding.budget"))
        .and_then(|i| i.parse::<usize>().ok())
        && let Some(prog) = model.scenario.programmes.get(pi)
        && !prog
            .places_from_budget
            .unwrap_or(prog.starts_per_year.is_none())
    {
        message.push_str(&format!(
            "\nnote: `{}` takes its starts from starts_per_year, so its budget is only a cap and \
             more money buys no places; add --set 'programmes[{pi}].places_from_budget=true' \
             for the budget to buy them",
            prog.name.escape_debug()
        ));
    }
    // The points' other notes (budgets, referrals turned away), one line per kind.
    for note in super::summarise_notes(&runs.notes.borrow(), search.evaluations.len()) {
        message.push('\n');
        message.push_str(&note);
    }
    // What the command line changed (a smaller --people world) is a note too.
    for note in super::warnings(&model.scenario, &cfg.overrides) {
        message.push('\n');
        message.push_str(&note);
    }
    let given = cfg.overrides.recorded_for(&resolved);
    let command = format!(
        "gapsim target {} --lever '{}' --range {lo}..{hi} --by {} --base-year {}{}",
        cfg.scenario.display(),
        cfg.lever,
        cfg.by,
        cfg.base_year,
        super::report::flags_text(&cfg.overrides.recorded()),
    );
    super::report::target_page(
        &staging,
        model,
        &given,
        &cfg.lever,
        axis_format(&cfg.lever) == plot::XFormat::Pounds,
        &message,
        command,
    )?;
    let out = commit(staging, cfg.force)?;
    Ok(TargetOutcome { out, message })
}

#[cfg(test)]
mod tests {
    use super::grid_point;

    #[test]
    fn grid_points_are_the_decimal_values_a_reader_expects() {
        let g: Vec<f64> = (0..4).map(|i| grid_point(0.0, 0.3, i, 4)).collect();
        assert_eq!(g, vec![0.0, 0.1, 0.2, 0.3]);
        let g: Vec<f64> = (0..3).map(|i| grid_point(0.1, 0.7, i, 3)).collect();
        assert_eq!(g, vec![0.1, 0.4, 0.7]);
        // Ends with 17 significant digits are kept exactly.
        let (a, b) = (0.123_456_789_012_345_67, 0.987_654_321_098_765_4);
        assert_eq!(grid_point(a, b, 0, 5), a);
        assert_eq!(grid_point(a, b, 4, 5), b);
    }
}
