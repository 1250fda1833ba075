//! `gapsim calibration-report`: the baseline run beside every published figure it is
//! calibrated against, with sources, so a reader can see how far to trust it.

use super::{AppError, Progress, RunConfig, commit, guard, load_models, simulate, thread_pool};
use crate::calibration;
use crate::output::{self, Staging};
use crate::results::Checked;
use std::path::PathBuf;

/// What the report found.
pub struct Report {
    pub out: PathBuf,
    pub checked: Vec<Checked>,
    /// What a reader must see, as on the run's page.
    pub warnings: Vec<String>,
}

impl Report {
    /// "14 of 19 tested figures within tolerance (checks kept out of the fit: 3 of 5)".
    pub fn summary(&self) -> String {
        let within = |keep: &dyn Fn(&Checked) -> bool| {
            let all: Vec<&Checked> = self.checked.iter().filter(|c| keep(c)).collect();
            let ok = all.iter().filter(|c| c.within() == Some(true)).count();
            (ok, all.len())
        };
        let (ok, tested) = within(&|c| c.target.tested());
        let (held, checks) = within(&|c| c.target.role == calibration::Role::Check);
        format!(
            "{ok} of {tested} tested figures within tolerance (checks kept out of the fit: \
             {held} of {checks})"
        )
    }
}

/// The page's answer: how many tested figures are within tolerance (an in-sample result:
/// they were fitted), which are not, and how the out-of-sample checks stand.
fn calibration_answer(report: &Report) -> Vec<String> {
    let named = |keep: &dyn Fn(&Checked) -> bool| -> Vec<String> {
        report
            .checked
            .iter()
            .filter(|c| keep(c))
            .map(|c| {
                let m = c
                    .model
                    .map_or("not simulated".into(), |b| format!("{:.1}", b.mean));
                format!(
                    "{} in {} (published {:.1}, model {m})",
                    c.target.name,
                    output::calibration::when(&c.target),
                    c.target.published
                )
            })
            .collect()
    };
    let mut out = vec![format!(
        "{}. The tested figures were fitted (or are inputs), so this is an in-sample result, \
         not a test of the model.",
        report.summary()
    )];
    let missed = named(&|c| c.target.tested() && c.within() != Some(true));
    if !missed.is_empty() {
        out.push(format!("Outside tolerance: {}.", missed.join("; ")));
    }
    let checks = named(&|c| c.target.role == calibration::Role::Check && c.within() != Some(true));
    let total = report
        .checked
        .iter()
        .filter(|c| c.target.role == calibration::Role::Check)
        .count();
    if total > 0 {
        out.push(if checks.is_empty() {
            format!("All {total} out-of-sample checks are within 1.5 points.")
        } else {
            format!(
                "Out-of-sample checks (not fitted) outside their tolerance: {}.",
                checks.join("; ")
            )
        });
    }
    out
}

/// Runs the scenario and writes its usual outputs plus calibration.csv and calibration.md.
pub fn calibration_report(cfg: &RunConfig, progress: &dyn Progress) -> Result<Report, AppError> {
    let (resolved, models) = load_models(&cfg.scenario, &cfg.overrides)?;
    let s = &models.central.scenario;
    if !s.stands_for_uk() {
        return Err(AppError::BadArgument(format!(
            "calibration-report compares the run with published national counts (the claimant \
             count, benefit caseloads) as well as rates, so its people must stand for the UK's \
             {} working-age people; {} agents at population.scale {} stand for {}: give \
             --set population.scale={} with --people {}",
            output::people_count(crate::scenario::UK_WORKING_AGE_PEOPLE),
            output::people_count(s.population.n_people as f64),
            s.population.scale,
            output::people_count(s.represented()),
            format!("{:.2}", s.uk_scale())
                .trim_end_matches('0')
                .trim_end_matches('.'),
            s.population.n_people,
        )));
    }
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
        warnings: Vec::new(),
    };
    let warnings = super::warnings(&model.scenario, &super::Overrides::for_notes(&given))
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
            command: Some(format!(
                "gapsim calibration-report {}{}",
                cfg.scenario.display(),
                super::report::flags_text(&given)
            )),
            answer: calibration_answer(&report),
            lead_tables: vec![(
                "calibration.csv",
                "Published figures and the model",
                "Each published figure with its source, the model's mean and 5–95% band, and whether it is within tolerance; `role` says whether it is an input, fitted (in-sample), shown, or a check kept out of the fit. Every column is in calibration.csv.",
                &[
                    "figure",
                    "when",
                    "published",
                    "model_mean",
                    "model_p05",
                    "model_p95",
                    "tolerance",
                    "within_tolerance",
                    "role",
                    "source",
                ],
            )],
        },
    )?;
    report.out = commit(staging, cfg.force)?;
    report.warnings = warnings;
    Ok(report)
}
