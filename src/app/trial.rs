//! `gapsim trial`: a randomised trial of one programme inside the model (`engine::trial`),
//! reported as a trial report would be: trial.csv, trial.md, the employment curve of both
//! arms, the manifest and the page.

use super::*;
use crate::engine::World;
use crate::engine::trial::{Population, TrialReplication, TrialSpec};
use crate::metrics::GROUP_KINDS;
use crate::output::trial as files;
use rayon::prelude::*;

/// What to randomise and follow.
#[derive(Clone, Debug)]
pub struct TrialConfig {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    /// The programme's `name`.
    pub programme: String,
    /// The month of referral and randomisation, `YYYY-MM`.
    pub cohort: String,
    /// Months followed from referral.
    pub follow_up: u32,
    /// `KEY=VALUE` conditions on who is randomised ([`population`]).
    pub wheres: Vec<String>,
    pub max_memory: Option<u64>,
}

/// What `gapsim trial` found.
pub struct TrialOutcome {
    pub out: PathBuf,
    /// The headline, one line per outcome, for the terminal.
    pub message: String,
}

/// The keys `--where` knows, with what each takes.
const WHERE_KEYS: &str = "condition=NAME[,NAME…] (none, mental, musculoskeletal, other_physical, \
     learning, multiple), benefit=NAME[,NAME…] (none, jsa, esa_wrag, esa_support, incapacity, uc_searching, uc_lcw, uc_lcwra), \
     area=NAME[,NAME…], disabled=true|false, severity=FROM..TO (0 to 1), age=FROM..TO (years), \
     months_out_of_work=FROM..TO";

/// The trial population from `--where KEY=VALUE` conditions, all of which must hold.
///
/// # Errors
/// A condition that is not `KEY=VALUE`, an unknown key, or a value the key does not take,
/// naming the condition and what was expected.
pub fn population(wheres: &[String], s: &Scenario) -> Result<Population, AppError> {
    let mut pop = Population::default();
    let mut seen: Vec<&str> = Vec::new();
    for w in wheres {
        let bad = |what: String| AppError::BadArgument(format!("--where {w}: {what}"));
        let (key, value) = w
            .split_once('=')
            .ok_or_else(|| bad(format!("expected KEY=VALUE, one of {WHERE_KEYS}")))?;
        let (key, value) = (key.trim(), value.trim());
        if seen.contains(&key) {
            return Err(bad(format!(
                "`{key}` is given twice; give each key once (a list, as in condition=mental,learning, or one range)"
            )));
        }
        seen.push(key);
        if value.is_empty() {
            return Err(bad("expected a value after `=`".into()));
        }
        let names = |all: &[&str]| -> Result<Vec<usize>, AppError> {
            value
                .split(',')
                .map(|v| {
                    let v = v.trim();
                    all.iter().position(|n| *n == v).ok_or_else(|| {
                        bad(format!("unknown {key} `{v}`; expected {}", all.join(", ")))
                    })
                })
                .collect()
        };
        let range = |lo: f64, hi: f64| -> Result<(f64, f64), AppError> {
            let expected = || bad(format!("expected FROM..TO with {lo} <= FROM <= TO <= {hi}"));
            let (a, b) = value.split_once("..").ok_or_else(expected)?;
            let (a, b): (f64, f64) = (
                a.trim().parse().map_err(|_| expected())?,
                b.trim().parse().map_err(|_| expected())?,
            );
            if !(lo <= a && a <= b && b <= hi) {
                return Err(expected());
            }
            Ok((a, b))
        };
        let whole = |(a, b): (f64, f64)| -> Result<(i32, i32), AppError> {
            if a.fract() != 0.0 || b.fract() != 0.0 {
                return Err(bad("expected whole numbers, e.g. 25..49".into()));
            }
            Ok((a as i32, b as i32))
        };
        match key {
            // The groups of `groups.csv`, by the same names (an area by its name).
            "condition" | "benefit" | "area" => {
                let (kind, all): (usize, Vec<&str>) = match key {
                    "condition" => (0, GROUP_KINDS[0].1.to_vec()),
                    "benefit" => (3, GROUP_KINDS[3].1.to_vec()),
                    _ => (4, s.areas.iter().map(|a| a.name.as_str()).collect()),
                };
                pop.groups.push((kind, names(&all)?));
            }
            "disabled" => {
                pop.disabled = Some(match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(bad("expected true or false".into())),
                })
            }
            "severity" => pop.severity = Some(range(0.0, 1.0)?),
            "age" => pop.age = Some(whole(range(16.0, 64.0)?)?),
            "months_out_of_work" => pop.months_out_of_work = Some(whole(range(0.0, 1200.0)?)?),
            _ => {
                return Err(bad(format!(
                    "unknown key `{key}`; expected one of {WHERE_KEYS}"
                )));
            }
        }
    }
    Ok(pop)
}

/// The trial a configuration asks for, checked against the scenario.
pub(super) fn spec(cfg: &TrialConfig, model: &Model) -> Result<TrialSpec, AppError> {
    let s = &model.scenario;
    let programme = s
        .programmes
        .iter()
        .position(|p| p.name == cfg.programme)
        .ok_or_else(|| {
            AppError::BadArgument(format!(
                "--programme {}: no programme of that name in {}; it has {}",
                cfg.programme,
                cfg.scenario.display(),
                if s.programmes.is_empty() {
                    "none".to_string()
                } else {
                    s.programmes
                        .iter()
                        .map(|p| format!("`{}`", p.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))
        })?;
    let month: crate::calendar::YearMonth = cfg.cohort.parse().map_err(|e| {
        AppError::BadArgument(format!("--cohort {}: {e}; expected YYYY-MM", cfg.cohort))
    })?;
    let cohort = month.months_since(s.start);
    if cohort < 0 || cohort >= s.months as i32 {
        return Err(AppError::BadArgument(format!(
            "--cohort {month}: not simulated ({} to {})",
            s.start,
            s.end()
        )));
    }
    if cohort + cfg.follow_up as i32 > s.months as i32 {
        return Err(AppError::BadArgument(format!(
            "--cohort {month} with --follow-up {}: the follow-up runs past the scenario's last \
             month ({}); choose an earlier cohort or a shorter follow-up",
            cfg.follow_up,
            s.end()
        )));
    }
    if !model.at(cohort).programmes[programme].referring(cohort) {
        return Err(AppError::BadArgument(format!(
            "--cohort {month}: `{}` refers nobody that month (its start and end in {})",
            cfg.programme,
            cfg.scenario.display()
        )));
    }
    Ok(TrialSpec {
        programme,
        cohort,
        follow_up: cfg.follow_up,
        population: population(&cfg.wheres, s)?,
    })
}

/// A warning per provider of the trial programme that handed its contract back during the
/// trial in any replication: its participants, the offered arm among them, lost its support.
pub(super) fn hand_back_warnings(
    model: &Model,
    spec: &TrialSpec,
    results: &[TrialReplication],
) -> Vec<String> {
    let prog = &model.programmes[spec.programme];
    prog.provider_names
        .iter()
        .enumerate()
        .filter_map(|(vi, name)| {
            let months: Vec<i32> = results
                .iter()
                .filter_map(|r| r.hand_backs.get(vi).copied().flatten())
                .collect();
            let first = *months.iter().min()?;
            Some(format!(
                "warning: provider `{}` of `{}` handed its contract back during the trial in {} \
                 (first in {}): its participants, the offered arm among them, lost its \
                 support then, so the trial measures that, not the programme as described \
                 (its losses passed its reserves: see `gapsim run` on the scenario)",
                name.escape_debug(),
                prog.name.escape_debug(),
                crate::output::share_of(months.len(), results.len(), "replication"),
                model.scenario.date(first)
            ))
        })
        .collect()
}

/// Every replication of `models` run with the trial `spec`, on `pool`; each month ticks
/// `progress`.
pub(super) fn run_trials(
    models: &crate::batch::Models,
    spec: &TrialSpec,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Result<Vec<TrialReplication>, AppError> {
    let cancel = crate::interrupt::token();
    let results = pool.install(|| {
        (0..models.replications())
            .into_par_iter()
            .map(|r| {
                World::start(models.get(r), r, &cancel)?
                    .run_trial(spec.clone(), &cancel, &|| progress.tick())
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(results)
}

/// `gapsim trial`: everything checked before any work starts; the folder appears all at once.
pub fn trial(cfg: &TrialConfig, progress: &dyn Progress) -> Result<TrialOutcome, AppError> {
    parse_guard(&cfg.scenario, cfg.max_memory)?;
    if !(1..=240).contains(&cfg.follow_up) {
        return Err(AppError::BadArgument(format!(
            "--follow-up {}: expected 1 to 240 months",
            cfg.follow_up
        )));
    }
    let (resolved, models) = load_models(&cfg.scenario, &cfg.overrides)?;
    let model = &models.central;
    let spec = spec(cfg, model)?;
    let pool = thread_pool(cfg.threads)?;
    guard(&[(model, None)], &pool, &cfg.out, cfg.max_memory, progress)?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;

    let reps = models.replications();
    progress.start(reps as u64 * spec.months_needed() as u64);
    let results = run_trials(&models, &spec, &pool, progress)?;
    progress.finish();

    let all = files::pooled(&results);
    if all.offered.randomised == 0 || all.control.randomised == 0 {
        return Err(AppError::BadArgument(format!(
            "the trial randomised {} people to the offered arm and {} to the control arm: `{}` \
             started nobody{} in {} in any replication, so there is nothing to compare; choose \
             a month it refers people in, widen --where, or raise --people or --replications",
            all.offered.randomised,
            all.control.randomised,
            cfg.programme,
            if cfg.wheres.is_empty() {
                ""
            } else {
                " matching --where"
            },
            cfg.cohort
        )));
    }
    let rows = files::trial_rows(&results, spec.follow_up as usize);
    let s = &model.scenario;
    let programme = &s.programmes[spec.programme].name;
    let description = files::TrialDescription {
        scenario: &s.name,
        programme,
        cohort: cfg.cohort.clone(),
        follow_up: spec.follow_up,
        population: &cfg.wheres,
        replications: reps,
        scale: s.population.scale,
        randomised: (all.offered.randomised, all.control.randomised),
        received: (all.offered.received, all.control.received),
    };
    staging.write("trial.csv", &files::trial_csv(&rows))?;
    staging.write("trial.md", &files::trial_md(&description, &rows))?;
    let curves = [arm_curve(&rows, true), arm_curve(&rows, false)];
    put(
        &staging,
        plot::time_chart("trial", &curve_chart(programme, &curves)),
    )?;
    let mut given = cfg.overrides.recorded_for(&resolved);
    given.trial = Some(export::TrialCommand {
        programme: cfg.programme.clone(),
        cohort: cfg.cohort.clone(),
        follow_up: cfg.follow_up,
        population: cfg.wheres.clone(),
    });
    staging.write("manifest.json", &export::manifest_json(model, None, &given))?;

    let mut notes = warnings(s, &Overrides::for_notes(&given));
    notes.extend(hand_back_warnings(model, &spec, &results));
    let (offered, control) = (all.offered.randomised, all.control.randomised);
    if offered + control < 200 {
        notes.push(format!(
            "warning: only {} people were randomised ({offered} offered, {control} control), so \
             the confidence intervals are wide; raise --people or --replications, or widen \
             --where",
            offered + control
        ));
    }
    let message = answer(programme, &rows, spec.follow_up);
    let command = format!(
        "gapsim trial {} --programme '{}' --cohort {} --follow-up {}{}{}",
        cfg.scenario.display(),
        cfg.programme,
        cfg.cohort,
        cfg.follow_up,
        cfg.wheres
            .iter()
            .map(|w| format!(" --where '{w}'"))
            .collect::<String>(),
        super::report::flags_text(&cfg.overrides.recorded()),
    );
    super::report::trial_page(&staging, model, &given, &notes, &message, command)?;
    let out = commit(staging, cfg.force)?;
    let mut said = notes;
    said.extend(message);
    Ok(TrialOutcome {
        out,
        message: said.join("\n"),
    })
}

/// One arm's employment by months since referral, with its own 95% confidence interval.
fn arm_curve(rows: &[files::TrialRow], offered: bool) -> Vec<(f64, crate::batch::Band)> {
    rows.iter()
        .filter(|r| r.measure == "employed")
        .map(|r| {
            let (p, n) = if offered {
                (r.offered, r.offered_n)
            } else {
                (r.control, r.control_n)
            };
            let (lo, hi) = files::share_interval(p, n);
            let k = r.months_after_referral.unwrap_or(0) as f64;
            (
                k,
                crate::batch::Band {
                    mean: p,
                    p05: lo,
                    p95: hi,
                },
            )
        })
        .collect()
}

/// The employment of both arms by months since referral (`curves`: offered, control).
fn curve_chart<'a>(
    programme: &str,
    curves: &'a [Vec<(f64, crate::batch::Band)>; 2],
) -> TimeChart<'a> {
    TimeChart {
        title: format!("In work by months since referral: {programme}"),
        x_label: "months since referral".into(),
        x_format: plot::XFormat::Number,
        y_label: "in work (%)".into(),
        series: ["offered", "control"]
            .iter()
            .zip(curves)
            .enumerate()
            .map(|(i, (label, points))| BandSeries {
                label: label.to_string(),
                color: plot::color(i),
                points,
                published: vec![],
            })
            .collect(),
        band: "95% confidence interval",
        references: vec![],
        markers: vec![],
        published: vec![],
        published_label: String::new(),
    }
}

/// "1 month", "12 months".
fn months(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

/// The answer in words: employment at 12 months (or the follow-up's end), lasting jobs and
/// months in work, each offered against control with its 95% interval.
fn answer(programme: &str, rows: &[files::TrialRow], follow_up: u32) -> Vec<String> {
    let at = follow_up.min(12);
    let mut out = Vec::new();
    let ci = |r: &files::TrialRow, unit: &str| match (r.difference_low, r.difference_high) {
        (Some(a), Some(b)) => format!("{:+.1}{unit} (95% CI {a:+.1} to {b:+.1})", r.difference),
        _ => format!("{:+.1}{unit}", r.difference),
    };
    if let Some(r) = rows
        .iter()
        .find(|r| r.measure == "employed" && r.months_after_referral == Some(at))
    {
        out.push(format!(
            "{} after referral, {:.1}% of the people offered `{programme}` were in work \
             against {:.1}% of the control arm: {}{}.",
            months(at),
            r.offered,
            r.control,
            ci(r, " pp"),
            r.ratio
                .map_or(String::new(), |x| format!(", a ratio of {x:.2}"))
        ));
    }
    if let Some(r) = rows
        .iter()
        .find(|r| r.measure == "job_lasting_26_weeks")
        .filter(|_| follow_up >= 6)
    {
        out.push(format!(
            "A job lasting 26 weeks within the {}: {:.1}% against {:.1}%, {}.",
            months(follow_up),
            r.offered,
            r.control,
            ci(r, " pp")
        ));
    }
    if let Some(r) = rows.iter().find(|r| r.measure == "months_in_work") {
        out.push(format!(
            "Months in work over the {}: {:.1} against {:.1}, {}.",
            months(follow_up),
            r.offered,
            r.control,
            ci(r, " months")
        ));
    }
    out
}
