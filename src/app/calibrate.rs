//! `gapsim calibration-report`: the baseline run beside every published figure it is
//! calibrated against, with sources, so a reader can see how far to trust it.

use super::{AppError, Progress, RunConfig, commit, guard, load_models, simulate, thread_pool};
// `Report` here is the calibration's findings; the page is `super::report`.
use crate::calibration;
use crate::output::{self, Staging};
use crate::results::Checked;
use std::path::PathBuf;

/// What the report found.
pub struct Report {
    pub out: PathBuf,
    pub checked: Vec<Checked>,
}

impl Report {
    /// "14 of 19 tested figures within tolerance".
    pub fn summary(&self) -> String {
        let tested: Vec<&Checked> = self.checked.iter().filter(|c| c.target.tested).collect();
        let ok = tested.iter().filter(|c| c.within() == Some(true)).count();
        format!("{ok} of {} tested figures within tolerance", tested.len())
    }
}

/// Runs the scenario and writes its usual outputs plus calibration.csv and calibration.md.
pub fn calibration_report(cfg: &RunConfig, progress: &dyn Progress) -> Result<Report, AppError> {
    let (resolved, models) = load_models(&cfg.scenario, &cfg.overrides)?;
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output/calibration"));
    let pool = thread_pool(cfg.threads)?;
    guard(
        &[(&models.central, None)],
        &pool,
        &out,
        cfg.max_memory,
        progress,
    )?;
    let staging = Staging::begin(&out, cfg.force)?;
    let model = &models.central;
    progress.start(model.scenario.replications as u64 * model.scenario.months as u64);
    let results = pool.install(|| simulate(&models, None, &|| progress.tick()));
    progress.finish();
    let results = results?;
    let given = cfg.overrides.recorded_for(&resolved);
    // The run's usual files, `halving.csv` included.
    super::write_run(&staging, model, None, &results, &given)?;
    let checked: Vec<Checked> = calibration::targets()
        .into_iter()
        .map(|target| Checked {
            model: calibration::evaluate(model, &results.reps, &target),
            target,
        })
        .collect();
    staging.write(
        "calibration.csv",
        &output::calibration::calibration_csv(&checked),
    )?;
    staging.write(
        "calibration.md",
        &output::calibration::calibration_md(&checked, &model.scenario.name),
    )?;
    let mut report = Report {
        out: PathBuf::new(),
        checked,
    };
    let warnings = super::warnings(&model.scenario, &super::Overrides::from_flags(&given.flags))
        .into_iter()
        .chain(super::result_warnings(model, &results.reps))
        .collect::<Vec<_>>();
    super::report::run_page(
        &staging,
        super::report::RunPage {
            kind: "Calibration report",
            model,
            baseline: None,
            given: &given,
            warnings: &warnings,
            answer: vec![format!(
                "{}: the model beside every published figure it is calibrated against \
                 (calibration.csv; figures marked tested are also in the calibration's \
                 objective, so this is an in-sample check)",
                report.summary()
            )],
            lead_tables: vec![(
                "calibration.csv",
                "Published figures and the model",
                "Each published figure with its source, the model's value and whether it is within tolerance.",
            )],
        },
    )?;
    report.out = commit(staging, cfg.force)?;
    Ok(report)
}
