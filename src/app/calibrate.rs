//! `gapsim calibration-report`: the baseline run beside every published figure it is
//! calibrated against, with sources, so a reader can see how far to trust it.

use super::{
    AppError, Progress, RunConfig, commit, guard, load_models, simulate, thread_pool, write_outputs,
};
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
    let (_, models) = load_models(&cfg.scenario, &cfg.overrides)?;
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
    write_outputs(
        &staging,
        model,
        &results.reps,
        None,
        &cfg.overrides.recorded(),
    )?;
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
    let out = commit(staging, cfg.force)?;
    Ok(Report { out, checked })
}
