//! `gapsim calibration-report`: the baseline run beside every published figure it is
//! calibrated against, with sources, so a reader can see how far to trust it.

use super::{
    AppError, Progress, RunConfig, commit, guard, load_models, simulate, thread_pool, write_outputs,
};
use crate::calibration::{self, Target};
use crate::output::{Staging, export};
use std::path::PathBuf;

/// One target with the model's value.
pub struct Checked {
    pub target: Target,
    pub model: Option<crate::batch::Band>,
}

impl Checked {
    pub fn within(&self) -> Option<bool> {
        self.model
            .map(|b| (b.mean - self.target.published).abs() <= self.target.tolerance)
    }
}

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
    write_outputs(&staging, model, &results.reps, None)?;
    let checked: Vec<Checked> = calibration::targets()
        .into_iter()
        .map(|target| Checked {
            model: calibration::evaluate(model, &results.reps, &target),
            target,
        })
        .collect();
    staging.write("calibration.csv", &calibration_csv(&checked))?;
    staging.write(
        "calibration.md",
        calibration_md(&checked, &model.scenario.name).as_bytes(),
    )?;
    let out = commit(staging, cfg.force)?;
    Ok(Report { out, checked })
}

fn calibration_csv(rows: &[Checked]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "figure",
        "when",
        "published",
        "model_mean",
        "model_p05",
        "model_p95",
        "difference",
        "tolerance",
        "tested",
        "within_tolerance",
        "source",
    ])
    .expect("in-memory CSV");
    for c in rows {
        let m = c.model;
        w.write_record([
            c.target.name.to_string(),
            when(&c.target),
            export::num(c.target.published),
            m.map_or(String::new(), |b| export::num(b.mean)),
            m.map_or(String::new(), |b| export::num(b.p05)),
            m.map_or(String::new(), |b| export::num(b.p95)),
            m.map_or(String::new(), |b| export::num(b.mean - c.target.published)),
            export::num(c.target.tolerance),
            c.target.tested.to_string(),
            c.within().map_or(String::new(), |w| w.to_string()),
            c.target.source.to_string(),
        ])
        .expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}

fn when(t: &Target) -> String {
    use crate::calibration::Measure;
    match t.measure {
        Measure::Metric { year, month, .. } => format!("{year}-{month:02}"),
        Measure::MetricMean { from, to, .. } | Measure::ExitRatio { from, to } => {
            format!("{from}-{to}")
        }
        Measure::JobOutcomeRate { .. } => "2013-2017 referrals".into(),
    }
}

fn calibration_md(rows: &[Checked], name: &str) -> String {
    let mut s = format!(
        "# Calibration of `{name}`\n\nModel (mean and 5–95% band across replications) against the published figures of CALIBRATION.md. ✔ within tolerance, ✘ outside, · shown for information.\n\n| figure | when | published | model [5–95%] | tolerance | | source |\n|---|---|---|---|---|---|---|\n"
    );
    for c in rows {
        let mark = match (c.target.tested, c.within()) {
            (false, _) => "·",
            (true, Some(true)) => "✔",
            _ => "✘",
        };
        let model = c.model.map_or("not simulated".to_string(), |b| {
            format!("{:.1} [{:.1}–{:.1}]", b.mean, b.p05, b.p95)
        });
        s.push_str(&format!(
            "| {} | {} | {:.1} | {} | ±{} | {} | {} |\n",
            c.target.name,
            when(&c.target),
            c.target.published,
            model,
            c.target.tolerance,
            mark,
            c.target.source
        ));
    }
    s
}
