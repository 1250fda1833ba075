//! The commands, as one pipeline each: load → check output → run → export → commit.
//!
//! Knows nothing of clap (see `cli`); reports progress only through the `Progress` it is given.

mod calibrate;
mod explore;
mod shard;

pub use calibrate::{Report, calibration_report};
pub use explore::{SweepConfig, TargetConfig, TargetOutcome, sweep, target};
pub use shard::merge;

use crate::batch::{self, Models};
use crate::counterfactual::{self, PairedReplication};
use crate::engine::{Model, ReplicationResult};
use crate::goal;
use crate::metrics::idx;
use crate::output::impact;
use crate::output::{self, Staging, export};
use crate::plot::{self, BandSeries, CategoryChart, TimeChart};
use crate::results::Swing;
use crate::scenario::{self, Resolved, Scenario, ScenarioError};
use std::path::{Path, PathBuf};

/// Whether a failure was the user's input (exit code 2) or something else (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("{0}")]
    BadArgument(String),
    #[error("interrupted: nothing was written and any earlier run was left as it was")]
    Interrupted,
    #[error("{0}")]
    TooBig(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl AppError {
    /// 0 success, 2 the user's input or choice (scenario, arguments, output folder taken),
    /// 130 stopped by Ctrl-C or SIGTERM, 1 anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Other(_) => 1,
            AppError::Output(e) if !e.is_users() => 1,
            AppError::Interrupted => crate::interrupt::EXIT_CODE,
            _ => 2,
        }
    }
}

impl From<crate::cancel::Interrupted> for AppError {
    fn from(_: crate::cancel::Interrupted) -> Self {
        AppError::Interrupted
    }
}

/// Turns an interrupt request into the error that unwinds the command.
fn check_interrupt() -> Result<(), AppError> {
    if crate::interrupt::requested() {
        Err(AppError::Interrupted)
    } else {
        Ok(())
    }
}

/// Values given on the command line that replace the scenario's.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub people: Option<u32>,
    pub months: Option<u32>,
    /// `--set KEY=VALUE`, applied over the merged scenario file before it is read.
    pub sets: Vec<scenario::Setting>,
}

impl Overrides {
    /// The overrides for a baseline: the same run settings (so the worlds stay pairable), but
    /// not the `--set`s, which change the scenario under study.
    pub fn for_baseline(&self) -> Overrides {
        Overrides {
            sets: Vec::new(),
            ..self.clone()
        }
    }

    fn apply(&self, s: &mut Scenario) {
        if let Some(r) = self.replications {
            s.replications = r;
        }
        if let Some(seed) = self.seed {
            s.seed = seed;
        }
        if let Some(n) = self.people {
            s.population.n_people = n;
        }
        if let Some(m) = self.months {
            s.months = m;
        }
    }
}

/// Loads a scenario (following `extends`, applying `--set`s) and applies command-line
/// overrides, then validates the result.
pub fn load_scenario(path: &Path, o: &Overrides) -> Result<Resolved, AppError> {
    let mut resolved = scenario::load_resolved_with(path, &o.sets)?;
    o.apply(&mut resolved.scenario);
    if let Err(errors) = scenario::validate(&resolved.scenario) {
        let msg = errors
            .iter()
            .map(|e| {
                format!(
                    "{}: after command-line overrides: key `{}`: {}",
                    path.display(),
                    e.key,
                    e.expected
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        return Err(AppError::BadArgument(msg));
    }
    Ok(resolved)
}

/// The models of a loaded scenario: its central model, and, if some inputs are uncertain,
/// one model per replication with that replication's draw, every draw checked now.
pub fn build_models(resolved: &Resolved, o: &Overrides, path: &Path) -> Result<Models, AppError> {
    let central = Model::new(valid(resolved.scenario.clone(), path)?);
    if resolved.uncertain.is_empty() {
        return Ok(Models::fixed(central));
    }
    let seed = resolved.scenario.seed;
    let drawn = (0..resolved.scenario.replications)
        .map(|r| {
            let values = resolved.draws(seed, r);
            model_with(resolved, &values, o).map_err(|e| {
                let drew = resolved
                    .uncertain
                    .iter()
                    .zip(&values)
                    .map(|(u, v)| format!("{} = {v:.6}", u.key))
                    .collect::<Vec<_>>()
                    .join(", ");
                AppError::BadArgument(format!(
                    "{}: replication {r} drew {drew}, which is invalid: {e}; narrow the distribution",
                    path.display()
                ))
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Models { central, drawn })
}

/// The model of a loaded scenario with `values` for its uncertain inputs and the
/// command-line overrides applied; an error names what made it invalid.
fn model_with(resolved: &Resolved, values: &[f64], o: &Overrides) -> Result<Model, String> {
    let mut s = resolved.with_values(values)?;
    o.apply(&mut s);
    Ok(Model::new(
        scenario::Valid::new(s).map_err(|e| scenario::describe(&e))?,
    ))
}

/// `s` checked for the engine; an error names the file and every problem.
fn valid(s: Scenario, path: &Path) -> Result<scenario::Valid, AppError> {
    scenario::Valid::new(s).map_err(|e| {
        AppError::BadArgument(format!("{}: {}", path.display(), scenario::describe(&e)))
    })
}

/// Loads a scenario and builds its models.
fn load_models(path: &Path, o: &Overrides) -> Result<(Resolved, Models), AppError> {
    let r = load_scenario(path, o)?;
    let m = build_models(&r, o, path)?;
    Ok((r, m))
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub scenario: PathBuf,
    pub out: Option<PathBuf>,
    pub force: bool,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
    pub overrides: Overrides,
    /// Baseline to pair against (overrides the scenario's `baseline` key).
    pub against: Option<PathBuf>,
    /// Refuse runs estimated to need more memory than this [bytes]; `None`: what the machine
    /// has available now.
    pub max_memory: Option<u64>,
    /// Run only shard `(k, n)` (1-based `k` of `n`): replications `r` with `r % n == k - 1`,
    /// into a shard folder for `gapsim merge`.
    pub shard: Option<(u32, u32)>,
}

/// Reports progress in simulated months.
pub trait Progress: Sync {
    /// A line for the user (estimates, warnings), printed without disturbing the bar.
    fn note(&self, message: &str);
    fn start(&self, total_months: u64);
    fn tick(&self);
    fn finish(&self);
}

/// A run that has finished and been written.
pub struct RunSummary {
    pub out: PathBuf,
    pub scenario: Scenario,
    /// The baseline it was paired against, if any.
    pub baseline: Option<String>,
    /// When the gap is halved (see [`goal::Halving::describe`]).
    pub halving: Option<String>,
}

/// A rayon pool with `threads` workers (`None`: one per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, AppError> {
    if threads == Some(0) {
        return Err(AppError::BadArgument(
            "--threads: expected at least 1".into(),
        ));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| AppError::Other(anyhow::anyhow!("cannot start worker threads: {e}")))
}

/// Refuses, before anything is allocated, a request that cannot fit in memory (`max_memory`,
/// else what the machine has available) or on the output disk, saying how to shrink it; notes
/// the estimate of a long run.
fn guard(
    runs: &[(&Model, Option<&Model>)],
    pool: &rayon::ThreadPool,
    out: &Path,
    max_memory: Option<u64>,
    progress: &dyn Progress,
) -> Result<(), AppError> {
    use crate::resources::{self, human, human_time};
    let threads = pool.current_num_threads();
    let est = resources::estimate(runs, threads);
    if let Some(limit) = max_memory.or_else(resources::available_memory)
        && est.memory > limit
    {
        return Err(AppError::TooBig(format!(
            "this request needs about {} of memory ({} people held at once on {threads} threads,              plus the results of every replication), but {} {}. Shrink it: fewer people              (--people, with a larger population.scale), fewer replications (--replications, or              several runs with different --seed values), fewer threads (--threads; each holds a              population), or fewer months (--months)",
            human(est.memory),
            est.people_at_once,
            human(limit),
            if max_memory.is_some() {
                "is allowed by --max-memory"
            } else {
                "is available on this machine (set --max-memory to override)"
            },
        )));
    }
    let parent = out.parent().unwrap_or(Path::new("."));
    if let Some(free) = resources::free_disk(parent)
        && est.output > free
    {
        return Err(AppError::TooBig(format!(
            "{}: the output needs about {} of disk, but only {} is free there; free some space or              write elsewhere with --out",
            out.display(),
            human(est.output),
            human(free)
        )));
    }
    if est.seconds > 30.0 {
        progress.note(&format!(
            "estimated: {} of memory, {} of output, about {} on {threads} threads",
            human(est.memory),
            human(est.output),
            human_time(est.seconds)
        ));
    }
    Ok(())
}

/// Checks that a scenario and, if given, its baseline can be paired.
pub fn prepare_pair(
    models: Models,
    baseline: Option<Models>,
) -> Result<(Models, Option<Models>), AppError> {
    if let Some(b) = &baseline {
        counterfactual::check_pairable(&models.central, &b.central)
            .map_err(|e| AppError::BadArgument(e.to_string()))?;
    }
    Ok((models, baseline))
}

/// The results of a run, paired or not.
pub struct Results {
    pub reps: Vec<ReplicationResult>,
    pub pairs: Option<Vec<PairedReplication>>,
}

pub fn simulate(
    models: &Models,
    baseline: Option<&Models>,
    on_month: &(dyn Fn() + Sync),
) -> Result<Results, AppError> {
    let all: Vec<u32> = (0..models.replications()).collect();
    simulate_some(models, baseline, &all, on_month)
}

/// As [`simulate`], for replications `which` only (a shard of a run).
pub fn simulate_some(
    models: &Models,
    baseline: Option<&Models>,
    which: &[u32],
    on_month: &(dyn Fn() + Sync),
) -> Result<Results, AppError> {
    let cancel = crate::interrupt::token();
    let results = match baseline {
        None => Results {
            reps: batch::run_each(which, &|r| models.get(r), &cancel, on_month)?,
            pairs: None,
        },
        Some(b) => {
            let pairs =
                counterfactual::run_each(which, &|r| (models.get(r), b.get(r)), &cancel, on_month)?;
            Results {
                reps: pairs.iter().map(|p| p.scenario.clone()).collect(),
                pairs: Some(pairs),
            }
        }
    };
    Ok(results)
}

/// Default output folder: `output/<scenario file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or("run".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("output").join(stem)
}

/// `gapsim run`: everything checked before any work starts; outputs appear all at once.
pub fn run(cfg: &RunConfig, progress: &dyn Progress) -> Result<RunSummary, AppError> {
    let (resolved, models) = load_models(&cfg.scenario, &cfg.overrides)?;
    let baseline_path = cfg.against.clone().or(resolved.baseline.clone());
    let baseline = baseline_path
        .as_deref()
        .map(|p| load_models(p, &cfg.overrides.for_baseline()).map(|(_, m)| m))
        .transpose()?;
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| default_out(&cfg.scenario));
    let pool = thread_pool(cfg.threads)?;
    let (models, baseline) = prepare_pair(models, baseline)?;
    guard(
        &[(&models.central, baseline.as_ref().map(|b| &b.central))],
        &pool,
        &out,
        cfg.max_memory,
        progress,
    )?;
    if let Some(shard) = cfg.shard {
        let uncertain = (!resolved.uncertain.is_empty()).then_some(shard::Uncertainty {
            resolved: &resolved,
            overrides: &cfg.overrides,
            path: &cfg.scenario,
        });
        return shard::run_shard(
            &models,
            baseline.as_ref(),
            shard,
            uncertain,
            &out,
            cfg.force,
            &pool,
            progress,
        );
    }
    let staging = Staging::begin(&out, cfg.force)?;

    let model = &models.central;
    // The tornado, if any, runs the scenario once centrally and twice per uncertain input.
    let runs = 1 + if resolved.uncertain.is_empty() {
        0
    } else {
        1 + 2 * resolved.uncertain.len() as u64
    };
    progress.start(runs * model.scenario.replications as u64 * model.scenario.months as u64);
    let results = pool.install(|| simulate(&models, baseline.as_ref(), &|| progress.tick()));
    let results = results?;

    let base = baseline.as_ref().map(|b| &b.central);
    let halving = write_run(&staging, model, base, &results)?;
    if !resolved.uncertain.is_empty() {
        let all: Vec<u32> = (0..models.replications()).collect();
        let gaps = pool
            .install(|| tornado_gaps(&resolved, &cfg.overrides, &cfg.scenario, &all, progress))?;
        write_uncertain(
            &staging,
            model,
            &export::parameters_csv(&resolved.uncertain, &models),
            &swings(&resolved.uncertain, &gaps),
        )?;
    }
    progress.finish();
    let out = commit(staging, cfg.force)?;
    Ok(RunSummary {
        out,
        scenario: models.central.scenario,
        baseline: baseline.map(|b| b.central.scenario.name),
        halving: halving.map(|h| h.describe()),
    })
}

/// The files of a finished run (or of merged shards): the standard outputs, the net impact if
/// paired, and `halving.csv`. Returns when the gap is halved.
fn write_run(
    staging: &Staging,
    model: &Model,
    base: Option<&Model>,
    results: &Results,
) -> Result<Option<goal::Halving>, AppError> {
    write_outputs(staging, model, &results.reps, base)?;
    if let (Some(b), Some(pairs)) = (base, &results.pairs) {
        write_impact(staging, model, b, pairs)?;
    }
    let halving = goal::halving(model, &results.reps, goal::default_base_year(model));
    staging.write(
        "halving.csv",
        &export::halving_csv(halving.as_ref(), &goal::horizon_gap(model, &results.reps)),
    )?;
    Ok(halving)
}

/// The tornado's runs over replications `which`: the horizon gap of each of them (in that
/// order), first with every uncertain input central, then with each input in turn at its 5th
/// and at its 95th percentile. 1 + 2 × inputs batches.
fn tornado_gaps(
    resolved: &Resolved,
    o: &Overrides,
    path: &Path,
    which: &[u32],
    progress: &dyn Progress,
) -> Result<Vec<Vec<f64>>, AppError> {
    let central: Vec<f64> = resolved
        .uncertain
        .iter()
        .map(|u| u.dist.central())
        .collect();
    let gaps_with = |values: &[f64]| -> Result<Vec<f64>, AppError> {
        let m = model_with(resolved, values, o)
            .map_err(|e| AppError::BadArgument(format!("{}: {e}", path.display())))?;
        let reps = batch::run_each(which, &|_| &m, &crate::interrupt::token(), &|| {
            progress.tick()
        })?;
        Ok(goal::horizon_gaps(&m, &reps))
    };
    let mut gaps = vec![gaps_with(&central)?];
    for (i, u) in resolved.uncertain.iter().enumerate() {
        let mut v = central.clone();
        for q in [0.05, 0.95] {
            v[i] = u.dist.quantile(q);
            gaps.push(gaps_with(&v)?);
        }
    }
    Ok(gaps)
}

/// The tornado from [`tornado_gaps`] over every replication: the inputs ranked by how far
/// they move the mean gap at the horizon.
fn swings(uncertain: &[scenario::Uncertain], gaps: &[Vec<f64>]) -> Vec<Swing> {
    let mean = |g: &[f64]| batch::Band::of(g).mean;
    let gap_central = mean(&gaps[0]);
    let mut swings: Vec<Swing> = uncertain
        .iter()
        .enumerate()
        .map(|(i, u)| Swing {
            key: u.key.clone(),
            dist: u.dist,
            low: u.dist.quantile(0.05),
            high: u.dist.quantile(0.95),
            gap_central,
            gap_at_low: mean(&gaps[1 + 2 * i]),
            gap_at_high: mean(&gaps[2 + 2 * i]),
        })
        .collect();
    swings.sort_by(|a, b| {
        b.size()
            .total_cmp(&a.size())
            .then_with(|| a.key.cmp(&b.key))
    });
    swings
}

/// Writes `parameters.csv` and the tornado (`tornado.csv`, its plot) of a run with uncertain
/// inputs.
fn write_uncertain(
    staging: &Staging,
    model: &Model,
    parameters_csv: &[u8],
    swings: &[Swing],
) -> Result<(), AppError> {
    staging.write("parameters.csv", parameters_csv)?;
    staging.write("tornado.csv", &export::tornado_csv(swings))?;
    put(
        staging,
        plot::tornado_chart("tornado", &tornado_plot(model, swings)),
    )
}

fn tornado_plot(model: &Model, swings: &[Swing]) -> plot::Tornado {
    plot::Tornado {
        title: format!(
            "What moves the gap at {}: {}",
            model.scenario.end(),
            model.scenario.name
        ),
        x_label: "gap over the last 12 months (pp), input at its 5th / 95th percentile".into(),
        centre: swings.first().map_or(0.0, |s| s.gap_central),
        bars: swings
            .iter()
            .map(|s| (s.key.clone(), s.gap_at_low, s.gap_at_high))
            .collect(),
    }
}

/// The net-impact files of a paired run, by name.
pub fn impact_files(
    model: &Model,
    baseline: &Model,
    pairs: &[PairedReplication],
) -> Vec<(&'static str, Vec<u8>)> {
    let heads: Vec<impact::Headline> = pairs.iter().map(|p| impact::headline(model, p)).collect();
    let base_reps: Vec<ReplicationResult> = pairs.iter().map(|p| p.baseline.clone()).collect();
    vec![
        ("impact.csv", impact::monthly_csv(model, pairs)),
        ("impact_summary.csv", impact::summary_csv(&heads)),
        ("impact_breakdown.csv", impact::breakdown_csv(model, pairs)),
        (
            "baseline_summary.csv",
            export::summary_csv(baseline, &base_reps),
        ),
    ]
}

/// The net-impact files and plot of a paired run.
fn write_impact(
    staging: &Staging,
    model: &Model,
    baseline: &Model,
    pairs: &[PairedReplication],
) -> Result<(), AppError> {
    for (name, bytes) in impact_files(model, baseline, pairs) {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    let change = impact::monthly_series(model, pairs, impact::GAP_CHANGE);
    let chart = plot::time_chart(
        "impact_gap",
        &TimeChart {
            x_label: "year".into(),
            title: format!(
                "Change in the gap: {} against {}",
                model.scenario.name, baseline.scenario.name
            ),
            y_label: "gap, scenario minus baseline (pp)".into(),
            series: vec![BandSeries {
                label: "net change in the gap".into(),
                color: plot::color(2),
                points: &change,
            }],
            references: vec![(0.0, "no change".into())],
            published: vec![],
            published_label: String::new(),
            legend: plot::SeriesLabelPosition::LowerLeft,
        },
    );
    put(staging, chart)
}

/// Writes a drawn chart's files.
fn put(staging: &Staging, drawn: Result<plot::Rendered, String>) -> Result<(), AppError> {
    let files = drawn.map_err(|e| AppError::Other(anyhow::anyhow!("cannot draw plots: {e}")))?;
    for (name, bytes) in files {
        check_interrupt()?;
        staging.write(&name, &bytes)?;
    }
    Ok(())
}

/// The standard files of a run, by name (the plots are drawn separately).
pub fn output_files(
    model: &Model,
    reps: &[ReplicationResult],
    baseline: Option<&Model>,
) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("summary.csv", export::summary_csv(model, reps)),
        ("trajectories.csv", export::trajectories_csv(model, reps)),
        ("programmes.csv", export::programmes_csv(model, reps)),
        ("providers.csv", export::providers_csv(model, reps)),
        ("spending.csv", export::spending_csv(model, reps)),
        ("parking.csv", export::parking_csv(model, reps)),
        ("manifest.json", export::manifest_json(model, baseline)),
    ]
}

fn write_outputs(
    staging: &Staging,
    model: &Model,
    reps: &[ReplicationResult],
    baseline: Option<&Model>,
) -> Result<(), AppError> {
    for (name, bytes) in output_files(model, reps, baseline) {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    plots(staging, model, reps)
}

fn plots(staging: &Staging, model: &Model, reps: &[ReplicationResult]) -> Result<(), AppError> {
    let s = &model.scenario;
    let gap = export::metric_series(model, reps, idx::GAP);
    let half = gap.first().map_or(0.0, |g| g.1.mean / 2.0);
    put(
        staging,
        plot::time_chart(
            "gap",
            &TimeChart {
                x_label: "year".into(),
                title: format!("Disability employment gap — {}", s.name),
                y_label: "gap (percentage points)".into(),
                series: vec![BandSeries {
                    label: "modelled gap".into(),
                    color: plot::color(0),
                    points: &gap,
                }],
                references: vec![(half, format!("half the starting gap ({half:.1} pp)"))],
                published: plot::published_gap(),
                published_label: "published (LFS)".into(),
                legend: plot::SeriesLabelPosition::UpperRight,
            },
        ),
    )?;
    let dis = export::metric_series(model, reps, idx::RATE_DISABLED);
    let non = export::metric_series(model, reps, idx::RATE_NON_DISABLED);
    let mut published: Vec<(f64, f64)> = crate::calibration::EMPLOYMENT_GAP
        .iter()
        .flat_map(|p| {
            [
                (p.decimal_year(), p.rate_disabled),
                (p.decimal_year(), p.rate_non_disabled),
            ]
        })
        .collect();
    published.sort_by(|a, b| a.0.total_cmp(&b.0));
    put(
        staging,
        plot::time_chart(
            "employment_rates",
            &TimeChart {
                x_label: "year".into(),
                title: format!("Employment rates, ages 16–64 — {}", s.name),
                y_label: "employment rate (%)".into(),
                series: vec![
                    BandSeries {
                        label: "disabled".into(),
                        color: plot::color(1),
                        points: &dis,
                    },
                    BandSeries {
                        label: "non-disabled".into(),
                        color: plot::color(0),
                        points: &non,
                    },
                ],
                references: vec![],
                published,
                published_label: "published (LFS)".into(),
                legend: plot::SeriesLabelPosition::UpperRight,
            },
        ),
    )?;
    let lines = model
        .programmes
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let d = export::deciles(model, reps, Some(pi), |x| x.assessed_distance);
            (p.name.clone(), d.iter().map(|st| st.mean_hours()).collect())
        })
        .collect();
    put(
        staging,
        plot::category_chart(
            "parking_curve",
            &CategoryChart {
                title: format!("Support by assessed distance from work — {}", s.name),
                x_label: "decile of assessed distance from work (1 = closest)".into(),
                y_label: "support hours per participant-month".into(),
                lines,
            },
        ),
    )
}

/// How to compare.
#[derive(Clone, Debug)]
pub struct CompareConfig {
    pub scenarios: Vec<PathBuf>,
    /// One baseline for all; `None`: each scenario's `baseline` key, else the scenario
    /// without its programmes.
    pub baseline: Option<PathBuf>,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    /// As for [`RunConfig::max_memory`].
    pub max_memory: Option<u64>,
}

/// The counterfactual of a scenario that names none: the same world with no programmes.
pub fn without_programmes(s: &Scenario) -> Scenario {
    let mut b = s.clone();
    b.name = format!("{} without programmes", s.name);
    b.programmes.clear();
    b.baseline = None;
    b
}

/// `gapsim compare`: several scenarios, each paired against its baseline, side by side.
pub fn compare(cfg: &CompareConfig, progress: &dyn Progress) -> Result<PathBuf, AppError> {
    use crate::output::comparison::{self, Compared};
    if cfg.scenarios.is_empty() {
        return Err(AppError::BadArgument(
            "compare: expected at least one scenario file".into(),
        ));
    }
    // Everything is loaded and checked before any work starts.
    let base_overrides = cfg.overrides.for_baseline();
    let shared = cfg
        .baseline
        .as_deref()
        .map(|p| load_models(p, &base_overrides).map(|(_, m)| m))
        .transpose()?;
    let mut models = Vec::new();
    for path in &cfg.scenarios {
        let (r, m) = load_models(path, &cfg.overrides)?;
        let baseline = match (&shared, &r.baseline) {
            (Some(b), _) => b.clone(),
            (None, Some(p)) => load_models(p, &base_overrides)?.1,
            (None, None) => m.map(without_programmes).map_err(|e| {
                AppError::BadArgument(format!("{}: {}", path.display(), scenario::describe(&e)))
            })?,
        };
        let (m, b) = prepare_pair(m, Some(baseline))?;
        models.push((path.clone(), m, b.expect("baseline given")));
    }
    let pool = thread_pool(cfg.threads)?;
    let runs: Vec<(&Model, Option<&Model>)> = models
        .iter()
        .map(|(_, m, b)| (&m.central, Some(&b.central)))
        .collect();
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    let total: u64 = models
        .iter()
        .map(|(_, m, _)| m.replications() as u64 * m.central.scenario.months as u64)
        .sum();
    progress.start(total);
    let mut rows: Vec<Compared> = Vec::new();
    for (path, models, baselines) in &models {
        let pairs = pool.install(|| {
            let all: Vec<u32> = (0..models.replications()).collect();
            counterfactual::run_each(
                &all,
                &|r| (models.get(r), baselines.get(r)),
                &crate::interrupt::token(),
                &|| progress.tick(),
            )
        })?;
        let (model, baseline) = (&models.central, &baselines.central);
        let mut label = model.scenario.name.clone();
        if rows.iter().any(|r| r.label == label) {
            label = format!("{label} ({})", path.display());
        }
        rows.push(Compared {
            label,
            file: path.display().to_string(),
            model,
            baseline,
            heads: pairs.iter().map(|p| impact::headline(model, p)).collect(),
            gap_change: impact::monthly_series(model, &pairs, impact::GAP_CHANGE),
            reps: pairs.into_iter().map(|p| p.scenario).collect(),
        });
    }
    progress.finish();

    let title = format!(
        "Comparison: {}",
        rows.iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let files = [
        ("comparison.csv", comparison::comparison_csv(&rows)),
        ("comparison.md", comparison::comparison_md(&rows, &title)),
        ("parking.csv", comparison::parking_csv(&rows)),
        ("manifest.json", comparison::manifest_json(&rows)),
    ];
    for (name, bytes) in files {
        check_interrupt()?;
        staging.write(name, &bytes)?;
    }
    comparison_plots(&staging, &rows)?;
    commit(staging, cfg.force)
}

/// Moves finished outputs into place, unless a stop was asked for meanwhile.
fn commit(staging: Staging, force: bool) -> Result<PathBuf, AppError> {
    check_interrupt()?;
    Ok(staging.commit(force)?)
}

fn comparison_plots(
    staging: &Staging,
    rows: &[crate::output::comparison::Compared],
) -> Result<(), AppError> {
    let gaps: Vec<Vec<(f64, crate::batch::Band)>> = rows
        .iter()
        .map(|c| export::metric_series(c.model, &c.reps, idx::GAP))
        .collect();
    let half = gaps
        .first()
        .and_then(|g| g.first())
        .map_or(0.0, |g| g.1.mean / 2.0);
    put(
        staging,
        plot::time_chart(
            "gap",
            &TimeChart {
                x_label: "year".into(),
                title: "Disability employment gap by scenario".into(),
                y_label: "gap (percentage points)".into(),
                series: rows
                    .iter()
                    .zip(&gaps)
                    .enumerate()
                    .map(|(i, (c, g))| BandSeries {
                        label: c.label.clone(),
                        color: plot::color(i),
                        points: g,
                    })
                    .collect(),
                references: vec![(half, format!("half the starting gap ({half:.1} pp)"))],
                published: plot::published_gap(),
                published_label: "published (LFS)".into(),
                legend: plot::SeriesLabelPosition::LowerLeft,
            },
        ),
    )?;
    put(
        staging,
        plot::time_chart(
            "gap_change",
            &TimeChart {
                x_label: "year".into(),
                title: "Change in the gap against each scenario's baseline".into(),
                y_label: "gap, scenario minus baseline (pp)".into(),
                series: rows
                    .iter()
                    .enumerate()
                    .map(|(i, c)| BandSeries {
                        label: c.label.clone(),
                        color: plot::color(i),
                        points: &c.gap_change,
                    })
                    .collect(),
                references: vec![(0.0, "no change".into())],
                published: vec![],
                published_label: String::new(),
                legend: plot::SeriesLabelPosition::LowerRight,
            },
        ),
    )?;
    let cost = impact::HEADLINE
        .iter()
        .find(|(k, _)| *k == "cost_per_additional_sustained_job_gbp")
        .map(|(_, g)| *g)
        .expect("known column");
    put(
        staging,
        plot::bar_chart(
            "cost_per_additional_job",
            &plot::BarChart {
                title: "Cost per additional sustained job (mean, 5–95%)".into(),
                y_label: "£ per additional sustained job".into(),
                bars: rows
                    .iter()
                    .map(|c| (c.label.clone(), impact::headline_band(&c.heads, cost)))
                    .collect(),
            },
        ),
    )?;
    put(
        staging,
        plot::category_chart(
            "parking_curve",
            &CategoryChart {
                title: "Support by true distance from work".into(),
                x_label: "decile of true distance from work at referral (1 = closest)".into(),
                y_label: "support hours per participant-month".into(),
                lines: rows
                    .iter()
                    .map(|c| {
                        (
                            c.label.clone(),
                            crate::output::comparison::true_distance_deciles(c)
                                .iter()
                                .map(|s| s.mean_hours())
                                .collect(),
                        )
                    })
                    .collect(),
            },
        ),
    )
}

/// `gapsim validate`: load and check a scenario (and the baseline it names) without running it.
pub fn validate(path: &Path) -> Result<Scenario, AppError> {
    let (r, m) = load_models(path, &Overrides::default())?;
    if let Some(b) = &r.baseline {
        let (_, base) = load_models(b, &Overrides::default())?;
        prepare_pair(m, Some(base))?;
    }
    Ok(r.scenario)
}
