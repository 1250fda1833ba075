//! The commands, as one pipeline each: load → check output → run → export → commit.
//!
//! Knows nothing of clap (see `cli`); reports progress only through the `Progress` it is given.

use crate::batch;
use crate::engine::Model;
use crate::metrics::idx;
use crate::output::{self, Staging, export};
use crate::plot::{self, BandSeries, CategoryChart, TimeChart};
use crate::scenario::{self, Scenario, ScenarioError};
use std::path::{Path, PathBuf};

/// Whether a failure was the user's input (exit code 2) or something else (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error(transparent)]
    OutputExists(output::OutputError),
    #[error("{0}")]
    BadArgument(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl AppError {
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Other(_) => 1,
            _ => 2,
        }
    }
}

/// Values given on the command line that replace the scenario's.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub people: Option<u32>,
    pub months: Option<u32>,
}

/// Loads a scenario and applies command-line overrides, then validates the result.
pub fn load_scenario(path: &Path, o: &Overrides) -> Result<Scenario, AppError> {
    let mut s = scenario::load(path)?;
    if let Some(r) = o.replications {
        s.replications = r;
    }
    if let Some(seed) = o.seed {
        s.seed = seed;
    }
    if let Some(n) = o.people {
        s.population.n_people = n;
    }
    if let Some(m) = o.months {
        s.months = m;
    }
    if let Err(errors) = scenario::validate(&s) {
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
    Ok(s)
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
}

/// Reports progress in simulated months.
pub trait Progress: Sync {
    fn start(&self, total_months: u64);
    fn tick(&self);
    fn finish(&self);
}

/// A run that has finished and been written.
pub struct RunSummary {
    pub out: PathBuf,
    pub scenario: Scenario,
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
    let scenario = load_scenario(&cfg.scenario, &cfg.overrides)?;
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| default_out(&cfg.scenario));
    output::check_target(&out, cfg.force).map_err(AppError::OutputExists)?;
    let threads = match cfg.threads {
        Some(0) => {
            return Err(AppError::BadArgument(
                "--threads: expected at least 1".into(),
            ));
        }
        Some(n) => n,
        None => 0,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;

    let model = Model::new(scenario);
    progress.start(model.scenario.replications as u64 * model.scenario.months as u64);
    let reps = pool.install(|| batch::run(&model, &|| progress.tick()));
    progress.finish();

    let staging = Staging::new(&out).map_err(anyhow::Error::new)?;
    write_outputs(&staging, &model, &reps)?;
    let out = staging.commit(cfg.force).map_err(|e| match e {
        output::OutputError::Exists(_) => AppError::OutputExists(e),
        e => AppError::Other(e.into()),
    })?;
    Ok(RunSummary {
        out,
        scenario: model.scenario,
    })
}

fn write_outputs(
    staging: &Staging,
    model: &Model,
    reps: &[crate::engine::ReplicationResult],
) -> Result<(), AppError> {
    let files = [
        ("summary.csv", export::summary_csv(model, reps)),
        ("trajectories.csv", export::trajectories_csv(model, reps)),
        ("programmes.csv", export::programmes_csv(model, reps)),
        ("parking.csv", export::parking_csv(model, reps)),
        ("manifest.json", export::manifest_json(model)),
    ];
    for (name, bytes) in files {
        staging.write(name, &bytes).map_err(anyhow::Error::new)?;
    }
    plots(staging.path(), model, reps).map_err(|e| anyhow::anyhow!("cannot draw plots: {e}"))?;
    Ok(())
}

fn plots(
    dir: &Path,
    model: &Model,
    reps: &[crate::engine::ReplicationResult],
) -> Result<(), String> {
    let s = &model.scenario;
    let gap = export::metric_series(model, reps, idx::GAP);
    let half = gap.first().map_or(0.0, |g| g.1.mean / 2.0);
    plot::time_chart(
        dir,
        "gap",
        &TimeChart {
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
        },
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
    plot::time_chart(
        dir,
        "employment_rates",
        &TimeChart {
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
        },
    )?;
    let lines = model
        .programmes
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let d = export::deciles(model, reps, pi, |x| x.assessed_distance);
            (p.name.clone(), d.iter().map(|st| st.mean_hours()).collect())
        })
        .collect();
    plot::category_chart(
        dir,
        "parking_curve",
        &CategoryChart {
            title: format!("Support by assessed distance from work — {}", s.name),
            x_label: "decile of assessed distance from work (1 = closest)".into(),
            y_label: "support hours per participant-month".into(),
            lines,
        },
    )
}

/// `gapsim validate`: load and check a scenario without running it.
pub fn validate(path: &Path) -> Result<Scenario, AppError> {
    load_scenario(path, &Overrides::default())
}
