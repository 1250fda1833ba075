//! `gapsim validation-report`: every published programme study of a studies file
//! (`validation/studies.toml`) beside the model's emulation of it by a trial inside
//! the model, kept apart from `calibration-report`: studies used to set a parameter are marked
//! `fitted`, the others are `check`s the model can fail.

use super::trial::{TrialConfig, hand_back_warnings, run_trials, spec};
use super::*;
use crate::engine::trial::TrialSpec;
use crate::output::trial as trial_files;
use crate::output::validation::{self as files, StudyRole, ValidationRow};
use serde::Deserialize;

/// The studies file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StudiesFile {
    /// Replications of every study's trial, unless `--replications` says otherwise (a trial's
    /// cohort is about 160 people a replication in `ips_trials.toml`, fewer in a study's
    /// population).
    #[serde(default)]
    replications: Option<u32>,
    study: Vec<Study>,
}

/// One published study and how the model emulates it (see `validation/studies.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Study {
    name: String,
    source: String,
    role: StudyRole,
    #[serde(default)]
    note: String,
    /// Relative to the studies file.
    scenario: PathBuf,
    programme: String,
    cohort: String,
    follow_up: u32,
    #[serde(default)]
    population: Vec<String>,
    /// A measure of trial.csv ([`trial_files::MEASURES`]).
    measure: String,
    #[serde(default)]
    months_after_referral: Option<u32>,
    statistic: Statistic,
    published: f64,
    #[serde(default)]
    published_low: Option<f64>,
    #[serde(default)]
    published_high: Option<f64>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Statistic {
    /// Offered minus control [percentage points, or months].
    Difference,
    /// Offered over control.
    Ratio,
}

impl Statistic {
    fn as_str(self) -> &'static str {
        match self {
            Statistic::Difference => "difference",
            Statistic::Ratio => "ratio",
        }
    }
}

/// What to validate and where to write it.
#[derive(Clone, Debug)]
pub struct ValidationConfig {
    pub studies: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    pub max_memory: Option<u64>,
}

/// What `gapsim validation-report` found.
pub struct ValidationOutcome {
    pub out: PathBuf,
    /// One line per study and a summary, for the terminal.
    pub message: String,
}

/// Reads and checks the studies file: its TOML, and each study's outcome.
fn read_studies(path: &Path) -> Result<StudiesFile, AppError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::BadArgument(format!("{}: cannot read: {e}", path.display())))?;
    let file: StudiesFile = toml::from_str(&text)
        .map_err(|e| AppError::BadArgument(format!("{}: {e}", path.display())))?;
    for (i, s) in file.study.iter().enumerate() {
        let at = |what: String| {
            AppError::BadArgument(format!(
                "{}: study[{i}] `{}`: {what}",
                path.display(),
                s.name
            ))
        };
        if !trial_files::MEASURES.iter().any(|(m, _)| *m == s.measure) {
            return Err(at(format!(
                "key `measure`: unknown measure `{}`; expected one of {}",
                s.measure,
                trial_files::MEASURES
                    .iter()
                    .map(|(m, _)| *m)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        match (s.measure.as_str(), s.months_after_referral) {
            ("employed", None) => {
                return Err(at(
                    "key `months_after_referral`: `employed` needs the month it is measured at"
                        .into(),
                ));
            }
            ("employed", Some(k)) if k == 0 || k > s.follow_up => {
                return Err(at(format!(
                    "key `months_after_referral`: expected 1 to the follow-up ({}), got {k}",
                    s.follow_up
                )));
            }
            (m, Some(_)) if m != "employed" => {
                return Err(at(format!(
                    "key `months_after_referral`: only `employed` has one, not `{m}`"
                )));
            }
            _ => {}
        }
        if !(1..=240).contains(&s.follow_up) {
            return Err(at(format!(
                "key `follow_up`: expected 1 to 240 months, got {}",
                s.follow_up
            )));
        }
        // The months a measure needs: a job lasting 26 weeks cannot be seen in 3 months.
        let needs = match s.measure.as_str() {
            "job_start_within_12_months" => 12,
            "job_lasting_26_weeks" => 6,
            "job_lasting_13_weeks" => 3,
            _ => 1,
        };
        if s.follow_up < needs {
            return Err(at(format!(
                "key `follow_up`: `{}` needs a follow-up of at least {needs} months, got {}",
                s.measure, s.follow_up
            )));
        }
        if s.statistic == Statistic::Ratio && s.measure.starts_with("months_") {
            return Err(at(format!(
                "key `statistic`: a ratio is for shares; `{}` is a mean in months: use \
                 `difference`",
                s.measure
            )));
        }
        for (key, v) in [
            ("published", Some(s.published)),
            ("published_low", s.published_low),
            ("published_high", s.published_high),
        ] {
            if let Some(v) = v
                && (!v.is_finite() || v.abs() > 1e6)
            {
                return Err(at(format!(
                    "key `{key}`: expected a finite number of at most 1e6 in size, got {v}"
                )));
            }
            if s.statistic == Statistic::Ratio && v.is_some_and(|v| v <= 0.0) {
                return Err(at(format!(
                    "key `{key}`: a ratio is above 0, got {}",
                    v.unwrap_or_default()
                )));
            }
        }
        if s.published_low.is_some() != s.published_high.is_some() {
            return Err(at(
                "keys `published_low`/`published_high`: give both ends of the interval, or neither"
                    .into(),
            ));
        }
        if file.study[..i].iter().any(|o| o.name == s.name) {
            return Err(at(
                "key `name`: another study has this name; names must differ".into(),
            ));
        }
        if let (Some(a), Some(b)) = (s.published_low, s.published_high)
            && !(a <= s.published && s.published <= b)
        {
            return Err(at(format!(
                "keys `published_low`/`published_high`: expected an interval around published \
                 ({}), got {a} to {b}",
                s.published
            )));
        }
    }
    if file.replications == Some(0) {
        return Err(AppError::BadArgument(format!(
            "{}: key `replications`: expected a whole number from 1, got 0",
            path.display()
        )));
    }
    if file.study.is_empty() {
        return Err(AppError::BadArgument(format!(
            "{}: no [[study]] to validate",
            path.display()
        )));
    }
    Ok(file)
}

/// `gapsim validation-report`: every study checked and its scenario loaded before any runs.
pub fn validation_report(
    cfg: &ValidationConfig,
    progress: &dyn Progress,
) -> Result<ValidationOutcome, AppError> {
    let file = read_studies(&cfg.studies)?;
    let studies = &file.study;
    let overrides = Overrides {
        replications: cfg.overrides.replications.or(file.replications),
        ..cfg.overrides.clone()
    };
    let dir = cfg.studies.parent().unwrap_or(Path::new("."));
    let mut prepared: Vec<(crate::batch::Models, TrialSpec)> = Vec::new();
    for s in studies {
        let path = dir.join(&s.scenario);
        if !path.is_file() {
            return Err(AppError::BadArgument(format!(
                "{}: study `{}`: key `scenario`: no such file {} (a scenario path is relative \
                 to the studies file)",
                cfg.studies.display(),
                s.name,
                path.display()
            )));
        }
        parse_guard(&path, cfg.max_memory)?;
        let (_, models) = load_models(&path, &overrides)?;
        let trial = TrialConfig {
            scenario: path.clone(),
            out: cfg.out.clone(),
            force: cfg.force,
            threads: cfg.threads,
            overrides: overrides.clone(),
            programme: s.programme.clone(),
            cohort: s.cohort.clone(),
            follow_up: s.follow_up,
            wheres: s.population.clone(),
            max_memory: cfg.max_memory,
        };
        let spec = spec(&trial, &models.central).map_err(|e| {
            // The study's keys, not the flags of `gapsim trial` they stand for.
            let said = e
                .to_string()
                .replace("--programme ", "key `programme`: ")
                .replace("--cohort ", "key `cohort`: ")
                .replace("--follow-up ", "key `follow_up`: ")
                .replace("--where ", "key `population`: ");
            AppError::BadArgument(format!(
                "{}: study `{}`: {said}",
                cfg.studies.display(),
                s.name
            ))
        })?;
        prepared.push((models, spec));
    }
    let pool = thread_pool(cfg.threads)?;
    let runs: Vec<(&Model, Option<&Model>)> =
        prepared.iter().map(|(m, _)| (&m.central, None)).collect();
    guard(&runs, &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;
    progress.start(
        prepared
            .iter()
            .map(|(m, spec)| m.replications() as u64 * spec.months_needed() as u64)
            .sum(),
    );
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (s, (models, spec)) in studies.iter().zip(&prepared) {
        let reps = run_trials(models, spec, &pool, progress)?;
        notes.extend(
            hand_back_warnings(&models.central, spec, &reps)
                .into_iter()
                .map(|w| format!("{w} (study `{}`)", s.name)),
        );
        let pooled = trial_files::pooled(&reps);
        let randomised = pooled.offered.randomised + pooled.control.randomised;
        if randomised < 200 {
            notes.push(format!(
                "warning: study `{}`: only {} randomised in {}, so its interval is wide and \
                 its verdict can swing from run to run; raise --replications (the studies \
                 file asks for {})",
                s.name,
                if randomised == 1 {
                    "1 person was".to_string()
                } else {
                    format!("{randomised} people were")
                },
                match reps.len() {
                    1 => "1 replication".to_string(),
                    n => format!("{n} replications"),
                },
                file.replications
                    .map_or("the scenario's".to_string(), |r| r.to_string())
            ));
        }
        let table = trial_files::trial_rows(&reps, spec.follow_up as usize);
        let all = trial_files::pooled(&reps);
        let r = table
            .iter()
            .find(|r| r.measure == s.measure && r.months_after_referral == s.months_after_referral)
            .expect("a checked measure is in the trial's table");
        let (model, low, high) = match s.statistic {
            Statistic::Difference => (Some(r.difference), r.difference_low, r.difference_high),
            Statistic::Ratio => (r.ratio, r.ratio_low, r.ratio_high),
        };
        let mut row = ValidationRow {
            study: s.name.clone(),
            role: s.role.as_str(),
            outcome: match s.months_after_referral {
                Some(k) => format!("{} at {k} months", s.measure),
                None => s.measure.clone(),
            },
            statistic: s.statistic.as_str(),
            published: s.published,
            published_low: s.published_low,
            published_high: s.published_high,
            model,
            model_low: low,
            model_high: high,
            model_offered: r.offered,
            model_control: r.control,
            model_randomised: all.offered.randomised + all.control.randomised,
            consistent: false,
            source: if s.note.is_empty() {
                s.source.clone()
            } else {
                format!("{} (note: {})", s.source, s.note)
            },
        };
        row.consistent = row.agrees();
        rows.push(row);
    }
    progress.finish();
    staging.write("validation.csv", &files::validation_csv(&rows))?;
    staging.write("validation.md", &files::validation_md(&rows))?;
    staging.write(
        "studies.toml",
        &std::fs::read(&cfg.studies)
            .map_err(|e| AppError::Other(anyhow::anyhow!("{}: {e}", cfg.studies.display())))?,
    )?;
    for (statistic, stem, y) in [
        (
            "difference",
            "validation_differences",
            "offered minus control (pp), with 95% interval",
        ),
        (
            "ratio",
            "validation_ratios",
            "offered over control, with 95% interval",
        ),
    ] {
        let bars: Vec<(String, Option<crate::batch::Band>)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.statistic == statistic)
            .flat_map(|(i, r)| {
                let band = |v: f64, lo: Option<f64>, hi: Option<f64>| crate::batch::Band {
                    mean: v,
                    p05: lo.unwrap_or(v),
                    p95: hi.unwrap_or(v),
                };
                [
                    (
                        format!("{}: published", i + 1),
                        Some(band(r.published, r.published_low, r.published_high)),
                    ),
                    (
                        format!("{}: model", i + 1),
                        r.model.map(|m| band(m, r.model_low, r.model_high)),
                    ),
                ]
            })
            .collect();
        if !bars.is_empty() {
            put(
                &staging,
                plot::bar_chart(
                    stem,
                    &plot::BarChart {
                        value: plot::BarValue::Estimate {
                            decimals: if statistic == "ratio" { 2 } else { 1 },
                        },
                        title: format!(
                            "Published and modelled effects ({statistic}), study by study"
                        ),
                        y_label: y.to_string(),
                        bars,
                    },
                ),
            )?;
        }
    }
    let checks = rows.iter().filter(|r| r.role == "check").count();
    let agree = rows
        .iter()
        .filter(|r| r.role == "check" && r.consistent)
        .count();
    let mut lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{}. {} ({}): published {}{}, model {}{} — {}",
                i + 1,
                r.study,
                r.role,
                r.published,
                match (r.published_low, r.published_high) {
                    (Some(a), Some(b)) => format!(" ({a} to {b})"),
                    _ => String::new(),
                },
                r.model
                    .map_or("not estimable".to_string(), |m| format!("{m:.2}")),
                match (r.model_low, r.model_high) {
                    (Some(a), Some(b)) => format!(" ({a:.2} to {b:.2})"),
                    _ => String::new(),
                },
                if r.consistent {
                    "agrees"
                } else {
                    "does not agree"
                }
            )
        })
        .collect();
    lines.push(format!(
        "{agree} of {checks} checks agree with the model's emulation (fitted studies agree by \
         construction and are not counted)"
    ));
    let command = format!(
        "gapsim validation-report {}{}",
        cfg.studies.display(),
        super::report::flags_text(&cfg.overrides.recorded()),
    );
    super::report::validation_page(&staging, &rows, &lines, &notes, command)?;
    let out = commit(staging, cfg.force)?;
    notes.extend(lines);
    Ok(ValidationOutcome {
        out,
        message: notes.join("\n"),
    })
}
