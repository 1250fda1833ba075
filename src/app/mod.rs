//! The commands, as one pipeline each: load → check output → run → export → commit.
//!
//! Knows nothing of clap (see `cli`); reports progress only through the `Progress` it is given.

mod calibrate;
mod compare;
mod explore;
mod package;
mod report;
mod rerun;
mod run;
mod shard;
mod trial;
mod validation;

pub use calibrate::{Report, calibration_report};
pub use explore::{SweepConfig, TargetConfig, TargetOutcome, sweep, target};
pub use package::{LeverSpec, PackageConfig, package};
pub use shard::merge;
pub use trial::{TrialConfig, TrialOutcome, trial};
pub use validation::{ValidationConfig, ValidationOutcome, validation_report};

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
use std::borrow::Borrow;
use std::path::{Path, PathBuf};

pub use compare::{CompareConfig, compare, without_programmes};
pub use rerun::{RerunConfig, rerun};
pub use run::{default_out, impact_files, output_files, run};
use run::{put, swings, tornado_gaps, write_run, write_uncertain};

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
    /// `--set KEY=VALUE`: an assumption about the world, applied over the merged scenario
    /// file and over its baseline's alike.
    pub sets: Vec<scenario::Setting>,
    /// `--policy KEY=VALUE`: a change the scenario makes, applied over the merged scenario
    /// file after the `--set`s, never to its baseline.
    pub policies: Vec<scenario::Setting>,
}

impl Overrides {
    /// The overrides for a baseline: the same run settings (so the worlds stay pairable) and
    /// the same `--set`s (the same world), but not the `--policy`s, which are what the
    /// scenario under study changes.
    pub fn for_baseline(&self) -> Overrides {
        Overrides {
            policies: Vec::new(),
            ..self.clone()
        }
    }

    /// The settings with their flags, `--set`s first.
    pub fn given(&self) -> Vec<scenario::Given> {
        let with = |flag, list: &[scenario::Setting]| {
            list.iter()
                .map(|s| scenario::Given {
                    flag,
                    setting: s.clone(),
                })
                .collect::<Vec<_>>()
        };
        let mut out = with(scenario::Flag::Set, &self.sets);
        out.extend(with(scenario::Flag::Policy, &self.policies));
        out
    }

    /// The settings as a manifest records them.
    pub fn recorded(&self) -> export::CommandLine {
        let text = |list: &[scenario::Setting]| list.iter().map(|s| s.to_string()).collect();
        export::CommandLine {
            settings: text(&self.sets),
            policies: text(&self.policies),
            flags: export::RunFlags {
                replications: self.replications,
                seed: self.seed,
                people: self.people,
                months: self.months,
            },
            ..Default::default()
        }
    }

    /// The run-size flags a manifest recorded, as overrides (no settings: the recorded
    /// scenario already holds them).
    /// The overrides a recorded command line stands for, for its notes ([`warnings`]): its run
    /// flags, `--set`s and `--policy`s (a setting that no longer parses is left out).
    pub fn for_notes(given: &export::CommandLine) -> Overrides {
        let parse = |list: &[String]| list.iter().filter_map(|s| s.parse().ok()).collect();
        Overrides {
            sets: parse(&given.settings),
            policies: parse(&given.policies),
            ..Overrides::from_flags(&given.flags)
        }
    }

    pub fn from_flags(f: &export::RunFlags) -> Overrides {
        Overrides {
            replications: f.replications,
            seed: f.seed,
            people: f.people,
            months: f.months,
            ..Overrides::default()
        }
    }

    /// What a run's manifest records of how it was asked for: the settings, and the question
    /// and differences from its parent of the scenario `resolved` (loaded with these overrides).
    ///
    /// A run-size flag is recorded only where it changes the scenario's own value, so one run
    /// asked for in two ways (`--seed 7` on a scenario whose seed is 7) has one manifest.
    pub fn recorded_for(&self, resolved: &Resolved) -> export::CommandLine {
        let o = match resolved.as_written() {
            Ok(w) => Overrides {
                replications: self.replications.filter(|&r| r != w.replications),
                seed: self.seed.filter(|&s| s != w.seed),
                people: self.people.filter(|&n| n != w.population.n_people),
                months: self.months.filter(|&m| m != w.months),
                ..self.clone()
            },
            Err(_) => self.clone(),
        };
        export::CommandLine {
            question: scenario::question(&resolved.files),
            from_parent: Some(o.differences_from_parent(resolved)),
            ..o.recorded()
        }
    }

    /// The keys in which `resolved` (as run, with these overrides) differs from the file it
    /// `extends` as read (or from the built-in defaults), each with where it was set: a flag,
    /// else the scenario file. A parent that cannot be read again (moved since) gives the
    /// differences from the defaults.
    fn differences_from_parent(&self, resolved: &Resolved) -> output::report::Differences {
        let parent = resolved.files.get(1).and_then(|p| {
            let r = scenario::load_resolved(p).ok()?;
            Some((
                scenario::folded(p).display().to_string(),
                scenario::comparable(&r),
            ))
        });
        let (against, table) =
            parent.unwrap_or_else(|| ("the built-in defaults".into(), scenario::defaults()));
        let file = resolved
            .files
            .first()
            .and_then(|p| p.file_name())
            .map_or("the scenario file".into(), |n| {
                format!("scenario file `{}`", n.to_string_lossy())
            });
        let flags = [
            (
                "replications",
                self.replications.is_some(),
                "--replications",
            ),
            ("seed", self.seed.is_some(), "--seed"),
            ("population.n_people", self.people.is_some(), "--people"),
            ("months", self.months.is_some(), "--months"),
        ];
        let rows = scenario::diff(&table, &scenario::comparable(resolved))
            .into_iter()
            .map(|d| {
                let key = d.key();
                let under = |k: &str| {
                    key == k
                        || key.starts_with(&format!("{k}."))
                        || key.starts_with(&format!("{k}["))
                };
                let by_setting = self
                    .given()
                    .into_iter()
                    .rev()
                    .find(|g| under(&g.setting.key))
                    .map(|g| g.to_string());
                let by_flag = flags
                    .iter()
                    .find(|(k, given, _)| *given && key == *k)
                    .map(|(_, _, flag)| flag.to_string());
                let show =
                    |v: &Option<toml::Value>| v.as_ref().map_or("(none)".into(), scenario::inline);
                output::report::DifferenceRow {
                    from: show(&d.parent),
                    to: show(&d.child),
                    provenance: by_setting.or(by_flag).unwrap_or_else(|| file.clone()),
                    key,
                }
            })
            .collect();
        output::report::Differences {
            against: format!("its parent `{against}`"),
            rows,
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

/// Loads a scenario (following `extends`, applying `--set`s and `--policy`s) and applies
/// command-line overrides, then validates the result.
pub fn load_scenario(path: &Path, o: &Overrides) -> Result<Resolved, AppError> {
    load_scenario_with(path, o, &o.given())
}

/// As [`load_scenario`], with the settings `given` (which may add a `--lever`).
fn load_scenario_with(
    path: &Path,
    o: &Overrides,
    given: &[scenario::Given],
) -> Result<Resolved, AppError> {
    let mut resolved = scenario::load_resolved_with(path, given)?;
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
    // One model per replication is about to be built: check it fits first.
    let need = crate::resources::model_bytes(&central) * resolved.scenario.replications as u64;
    if let Some(room) = crate::resources::available_memory()
        && need > room
    {
        return Err(AppError::TooBig(format!(
            "{}: with uncertain inputs each of the {} replications has its own model, about {} \
             in all, but {} is available; use fewer --replications (or several runs with \
             different --seed values)",
            path.display(),
            resolved.scenario.replications,
            crate::resources::human(need),
            crate::resources::human(room)
        )));
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
    load_models_with(path, o, &o.given())
}

/// As [`load_models`], with the settings `given`.
fn load_models_with(
    path: &Path,
    o: &Overrides,
    given: &[scenario::Given],
) -> Result<(Resolved, Models), AppError> {
    let r = load_scenario_with(path, o, given)?;
    let m = build_models(&r, o, path)?;
    Ok((r, m))
}

/// Loads the baseline of a paired run with `o.for_baseline()`: the `--set`s apply to it as
/// to the scenario. A `--set` the baseline cannot take is refused naming the baseline file
/// and the flag, and says how to set the scenario alone.
fn load_baseline(path: &Path, o: &Overrides) -> Result<(Resolved, Models), AppError> {
    load_models(path, &o.for_baseline()).map_err(|e| match e {
        AppError::Scenario(ScenarioError::Invalid { path, mut errors }) => {
            for l in &mut errors {
                if l.message.contains("(from --set ") {
                    l.message.push_str(
                        "; --set applies to a scenario and its baseline alike (an assumption \
                         about the world): to change the scenario only, use --policy",
                    );
                }
            }
            AppError::Scenario(ScenarioError::Invalid { path, errors })
        }
        other => other,
    })
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
    /// The command-line settings the manifest records; `None`: those of `overrides` (`Some`
    /// for `gapsim rerun`, whose scenarios already hold them).
    pub recorded: Option<crate::output::export::CommandLine>,
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
    /// The net impact against the baseline in one sentence, if paired
    /// ([`crate::output::impact::describe`]).
    pub impact: Option<String>,
    /// What a reader of the run should know that is not an error ([`warnings`]).
    pub warnings: Vec<String>,
}

/// What a reader must know about a run's results before quoting them: every provider that
/// handed its contract back (its losses passed its reserves), in how many replications and
/// from when, and where its participants went. `reps` may be owned results or references to
/// them (a paired run's baseline results, without copying them).
pub fn result_warnings<R: Borrow<ReplicationResult>>(model: &Model, reps: &[R]) -> Vec<String> {
    let reps: Vec<&ReplicationResult> = reps.iter().map(Borrow::borrow).collect();
    let s = &model.scenario;
    let n = reps.len().max(1) as f64;
    let people = |agents: u64| crate::output::people_count(agents as f64 * s.population.scale / n);
    let mut out = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        for (vi, name) in prog.provider_names.iter().enumerate() {
            let states: Vec<&crate::provider::ProviderState> = reps
                .iter()
                .filter_map(|r| r.providers.get(pi)?.get(vi))
                .filter(|v| v.handed_back.is_some())
                .collect();
            let Some(first) = states.iter().filter_map(|v| v.handed_back).min() else {
                continue;
            };
            let moved: u64 = states.iter().map(|v| v.moved).sum();
            let dropped: u64 = states.iter().map(|v| v.dropped).sum();
            out.push(format!(
                "warning: provider `{}` of `{}` handed its contract back in {} (first in {}): its \
                 losses passed its reserves; on average {} of its participants moved to other \
                 providers and {} left the programme. The programme's results after that are \
                 not what its scenario describes (events.csv)",
                name.escape_debug(),
                prog.name.escape_debug(),
                crate::output::share_of(states.len(), reps.len(), "replication"),
                s.date(first),
                people(moved),
                people(dropped),
            ));
        }
        // A budget that never bound (starts came from starts_per_year), or that buys places
        // but is mostly left (take-up, not money, limited the starts).
        if let Some(budget) = s.programmes[pi].funding.budget
            && !reps.is_empty()
        {
            let spend = |r: &ReplicationResult| -> f64 {
                r.programme_spend.iter().map(|m| m[pi]).sum::<f64>() * s.population.scale
            };
            let unpaid = |r: &ReplicationResult| -> f64 {
                r.providers[pi].iter().map(|v| v.unpaid).sum::<f64>()
            };
            let mean = reps.iter().map(|r| spend(r)).sum::<f64>() / n;
            let (mean_text, budget_text) = (
                crate::output::people_count(mean),
                crate::output::people_count(budget),
            );
            if !prog.places_from_budget
                && reps
                    .iter()
                    .all(|r| spend(r) < 0.999 * budget && unpaid(r) == 0.0)
            {
                out.push(format!(
                    "note: the budget of `{}` never bound: on average £{mean_text} of its \
                     £{budget_text} was spent; its starts came from starts_per_year (set \
                     places_from_budget = true for the budget to buy places)",
                    prog.name.escape_debug(),
                ));
            }
            if prog.places_from_budget && mean < 0.5 * budget {
                // Places planned (each plan holding until the next, within the referral
                // months) against starts made, per replication.
                let planned = |r: &ReplicationResult| -> f64 {
                    let plans: Vec<(i32, f64)> = r
                        .plans
                        .iter()
                        .filter(|p| p.0 == pi)
                        .map(|p| (p.1, p.2))
                        .collect();
                    plans
                        .iter()
                        .enumerate()
                        .map(|(k, &(from, per_year))| {
                            let to = plans.get(k + 1).map_or(prog.last_month + 1, |p| p.0);
                            per_year / 12.0 * (to - from).max(0) as f64
                        })
                        .sum::<f64>()
                        * s.population.scale
                };
                let started = |r: &ReplicationResult| {
                    r.participations
                        .iter()
                        .filter(|p| p.programme as usize == pi)
                        .count() as f64
                        * s.population.scale
                };
                let planned_mean = reps.iter().map(|r| planned(r)).sum::<f64>() / n;
                let started_mean = reps.iter().map(|r| started(r)).sum::<f64>() / n;
                let why = if started_mean < 0.9 * planned_mean {
                    "its planned places were not all taken up (voluntary take-up or \
                     eligibility, not money, limited its starts)"
                } else {
                    "its places were filled, but its plans priced a start above what starts came \
                     to cost (a prudent first-year price and outcome payments still to come), \
                     so they bought fewer places than the money allowed"
                };
                out.push(format!(
                    "note: `{}` spent on average £{mean_text} of its £{budget_text} budget, \
                     with {} starts against about {} places planned: {why} (events.csv has the \
                     plans)",
                    prog.name.escape_debug(),
                    crate::output::people_count(started_mean),
                    crate::output::people_count(planned_mean),
                ));
            }
        }
        let spent: Vec<i32> = reps
            .iter()
            .filter_map(|r| r.budget_ran_out.get(pi).copied().flatten())
            .collect();
        if let Some(&first) = spent.iter().min() {
            let then = match s.programmes[pi].funding.when_budget_runs_out {
                crate::scenario::BudgetRule::StopReferrals => "referrals stopped",
                crate::scenario::BudgetRule::ProRate => "later payments went unpaid",
            };
            out.push(format!(
                "note: the budget of `{}` was all spent in {} (first in {}); {then} (events.csv)",
                prog.name.escape_debug(),
                crate::output::share_of(spent.len(), reps.len(), "replication"),
                s.date(first),
            ));
        }
    }
    // The goal's base year: 2015 when the run holds all of it, else another, which a reader
    // comparing with the published halving goal must know.
    let base = goal::default_base_year(model);
    if base != 2015 {
        out.push(format!(
            "note: the run does not hold all of 2015, so the gap is measured against {base}{} \
             (halving.csv), not the 2015 gap of the published goal",
            if s.date(0).year() == base && s.date(0).month() != 1 {
                format!(", of which it holds only the months from {}", s.date(0))
            } else {
                String::new()
            }
        ));
    }
    // Referrals turned away: people who took up a voluntary referral and found no place.
    let turned_away: u64 = reps
        .iter()
        .flat_map(|r| r.months.iter().map(|m| m.turned_away))
        .sum();
    if turned_away > 0 {
        let months = reps
            .iter()
            .map(|r| r.months.iter().filter(|m| m.turned_away > 0).count());
        let months = months.sum::<usize>() as f64 / n;
        out.push(format!(
            "note: {} voluntary referrals a replication were turned away (the person took up a \
             referral, and every programme they took up was full or out of money), over {:.0} \
             months of the run; a person turned away may take one up again later \
             (referrals_turned_away in summary.csv)",
            people(turned_away),
            months
        ));
    }
    out
}

/// A point's note of a sweep or a target search: (its kind, the note, the point's label).
pub type PointNote = (String, String, String);

/// The notes of a sweep's or a target search's points other than hand-backs (which are
/// [`point_hand_backs`]'s): budgets that never bind or are spent, referrals turned away, a
/// moved base year; one per point and note, each with its kind (its text without numbers
/// and names), for [`summarise_notes`].
pub fn point_notes(points: &[(String, &Model, &[ReplicationResult])]) -> Vec<PointNote> {
    let kind = |note: &str| -> String {
        note.split('`')
            .step_by(2)
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, ',' | '.' | '£' | '%'))
            .collect()
    };
    let mut out = Vec::new();
    for (label, model, reps) in points {
        for note in result_warnings(model, reps) {
            if !note.starts_with("warning: provider") {
                out.push((kind(&note), note, label.clone()));
            }
        }
    }
    out
}

/// One line per kind of note among `notes` of a search over `points` points: the note as the
/// first point that gives it says it, and at how many points it comes up.
pub fn summarise_notes(notes: &[PointNote], points: usize) -> Vec<String> {
    let mut kinds: Vec<(&PointNote, usize)> = Vec::new();
    for n in notes {
        match kinds.iter_mut().find(|k| k.0.0 == n.0) {
            Some(k) => k.1 += 1,
            None => kinds.push((n, 1)),
        }
    }
    kinds
        .into_iter()
        .map(|((_, note, label), count)| {
            format!("{note} [first at {label}; at {count} of {points} points]")
        })
        .collect()
}

/// The contract hand-backs of a sweep or a target search, in one warning: at how many of its
/// points a provider handed its contract back, and the first such point (`label`, its
/// values) with its providers. `None` when no point had one.
pub fn point_hand_backs(points: &[(String, &Model, &[ReplicationResult])]) -> Option<String> {
    let with: Vec<(&String, Vec<String>)> = points
        .iter()
        .filter_map(|(label, model, reps)| {
            let mut who = Vec::new();
            for (pi, prog) in model.programmes.iter().enumerate() {
                for (vi, name) in prog.provider_names.iter().enumerate() {
                    let k = reps
                        .iter()
                        .filter(|r| r.providers[pi][vi].handed_back.is_some())
                        .count();
                    if k > 0 {
                        who.push(format!(
                            "`{}` of `{}` in {}",
                            name.escape_debug(),
                            prog.name.escape_debug(),
                            crate::output::share_of(k, reps.len(), "replication")
                        ));
                    }
                }
            }
            (!who.is_empty()).then_some((label, who))
        })
        .collect();
    let (first, who) = with.first()?;
    Some(format!(
        "warning: a provider handed its contract back at {} (first at {first}: {}); the \
         results of those points are not what the scenario describes",
        crate::output::share_of(with.len(), points.len(), "point"),
        who.join(", ")
    ))
}

/// The warnings of a paired run's baseline world ([`result_warnings`]), each naming it: what
/// happened there shapes the impact too.
pub fn baseline_warnings(base: &Model, pairs: &[PairedReplication]) -> Vec<String> {
    let reps: Vec<&ReplicationResult> = pairs.iter().map(|p| &p.baseline).collect();
    result_warnings(base, &reps)
        .into_iter()
        .map(|w| format!("baseline `{}`: {w}", base.scenario.name.escape_debug()))
        .collect()
}

/// Every key in which `scenario`'s world differs from `baseline`'s: their difference
/// ([`scenario::diff`]) but for the keys that name a scenario rather than describe its world
/// (`name`, `description`, `baseline`). Empty: the same world.
pub(super) fn world_differences(
    baseline: &Scenario,
    scenario: &Scenario,
) -> Vec<scenario::Difference> {
    let table = |s: &Scenario| toml::Table::try_from(s).expect("a scenario serialises");
    scenario::diff(&table(baseline), &table(scenario))
        .into_iter()
        .filter(|d| !matches!(d.key().as_str(), "name" | "description" | "baseline"))
        .collect()
}

/// The goal line of a gap plot: half the base year's gap, labelled with the year (the goal
/// of `halving.csv`); none when the run has no base year.
pub fn goal_line(goal: Option<&crate::goal::Halving>) -> Vec<(f64, String)> {
    goal.map(|h| {
        let label = format!("half the {} gap ({:.1} pp)", h.base_year, h.target);
        (h.target, label)
    })
    .into_iter()
    .collect()
}

/// Things about a scenario that are valid but almost certainly not what was meant: a programme
/// whose referral window lies wholly outside the run does nothing. `o` names the flag to
/// blame when a command-line override shortened the run.
pub fn warnings(s: &Scenario, o: &Overrides) -> Vec<String> {
    let mut out = Vec::new();
    let (first, last) = (s.start, s.end());
    let blame = if o.months.is_some() {
        " (the run was shortened with --months)"
    } else {
        ""
    };
    // The PIP gateway has no statutory date: set outside a dated change it holds from the
    // run's first month, in 2013 for the bundled scenarios.
    if s.benefits.reforms.pip_gateway {
        out.push(format!(
            "warning: benefits.reforms.pip_gateway is on from the run's start ({first}), years before \
             it was proposed: to start it at a date, set it in a [[changes]] entry (as \
             scenarios/library/benefit_reforms/pip_gateway_2028.toml does)"
        ));
    }
    // With the scale given too, the user chose what the run stands for (where the settings
    // are known, and whenever the run still stands for the whole country): nothing to say.
    let scale_given = o
        .sets
        .iter()
        .chain(&o.policies)
        .any(|g| g.key == "population.scale");
    if let Some(n) = o.people.filter(|_| !scale_given && !s.stands_for_uk()) {
        out.push(format!(
            "note: --people {n} keeps population.scale at {}, so the run stands for {} real people{}; \
             programme capacities and budgets are in real people, so to keep the scenario's \
             population give population.scale too (--set population.scale=…)",
            s.population.scale,
            crate::output::people_count(s.represented()),
            if s.is_national() {
                " (its counts of people, caseloads among them, are of that population: the \
                 caseload plot shows no published counts)"
            } else {
                " (a local world: no national survey figures on its plots)"
            }
        ));
    }
    // A setting of a key a dated change also sets holds only until that change's month.
    for (i, c) in s.changes.iter().enumerate() {
        for (flag, g) in o
            .sets
            .iter()
            .map(|g| ("--set", g))
            .chain(o.policies.iter().map(|g| ("--policy", g)))
        {
            let key = g.key.as_str();
            if c.set.contains_key(key) || crate::scenario::value_at(&c.set, key).is_some() {
                out.push(format!(
                    "warning: {flag} {key} holds only until {}, when changes[{i}] of the scenario \
                     sets it again; to change the value from then, set \
                     'changes[{i}].set.{key}' (the change must write its keys as a table)",
                    c.from
                ));
            }
        }
    }
    for c in &s.changes {
        if c.from > last {
            out.push(format!(
                "warning: the change from {} comes after the run's last month ({last}){blame}: it does nothing",
                c.from
            ));
        }
    }
    for p in &s.programmes {
        if p.places_from_budget == Some(true) && p.funding.budget.is_none() {
            out.push(format!(
                "warning: programme `{}` has places_from_budget = true but no funding.budget: \
                 its starts are not planned from a budget{}",
                p.name.escape_debug(),
                if p.starts_per_year.is_some() {
                    " (they come from starts_per_year)"
                } else {
                    " (they are not capped)"
                }
            ));
        }
        if p.start > last || p.end < first {
            out.push(format!(
                "warning: programme `{}` refers people from {} to {}, wholly outside the run ({first} to {last}){blame}: it does nothing",
                p.name.escape_debug(),
                p.start,
                p.end
            ));
        }
    }
    out
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

/// Peak memory of parsing a TOML scenario, per byte of the file (measured: a 1.65 MB file of
/// 250 areas peaks at about 100 MB).
const PARSE_BYTES_PER_BYTE: u64 = 64;

/// Refuses, before the file is parsed, a scenario file whose parsing would need more memory
/// than `max_memory` (else what the machine has available) allows.
fn parse_guard(path: &Path, max_memory: Option<u64>) -> Result<(), AppError> {
    use crate::resources::{self, human};
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // the loader says what is wrong with the path
    };
    let need = meta.len().saturating_mul(PARSE_BYTES_PER_BYTE);
    if let Some(limit) = max_memory.or_else(resources::available_memory)
        && meta.is_file()
        && need > limit
    {
        return Err(AppError::TooBig(format!(
            "{}: reading this {} scenario file needs about {} of memory, but {} {}; a scenario \
             is normally a few kB",
            path.display(),
            human(meta.len()),
            human(need),
            human(limit),
            if max_memory.is_some() {
                "is allowed by --max-memory"
            } else {
                "is available on this machine"
            },
        )));
    }
    Ok(())
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
            "this request needs about {} of memory ({} people held at once on {threads} threads, plus the results of every replication), but {} {}. Shrink it: fewer people (--people, with a larger population.scale), fewer replications (--replications, or several runs with different --seed values), fewer threads (--threads; each holds a population), or fewer months (--months)",
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
            "{}: the output needs about {} of disk, but only {} is free there; free some space or write elsewhere with --out",
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

/// Moves finished outputs into place, unless a stop was asked for meanwhile.
fn commit(staging: Staging, force: bool) -> Result<PathBuf, AppError> {
    check_interrupt()?;
    Ok(staging.commit(force)?)
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

/// What `gapsim diff` found.
pub struct Diff {
    /// What the child was compared with: a file, or "the built-in defaults".
    pub parent: String,
    pub differences: Vec<scenario::Difference>,
}

/// `gapsim diff`: every key in which scenario `child` differs from `parent` (default: the
/// file it `extends`, else the built-in defaults), both resolved as a run would read them.
pub fn diff(child: &Path, parent: Option<&Path>) -> Result<Diff, AppError> {
    let c = scenario::load_resolved(child)?;
    let parent = parent.or_else(|| c.files.get(1).map(PathBuf::as_path));
    let (name, table) = match parent {
        Some(p) => (
            scenario::folded(p).display().to_string(),
            scenario::comparable(&scenario::load_resolved(p)?),
        ),
        None => ("the built-in defaults".to_string(), scenario::defaults()),
    };
    Ok(Diff {
        parent: name,
        differences: scenario::diff(&table, &scenario::comparable(&c)),
    })
}

#[cfg(test)]
mod tests {
    use super::summarise_notes;

    #[test]
    fn point_notes_of_one_kind_make_one_line_that_counts_the_points() {
        let note = |n: &str, at: &str| {
            (
                "note: voluntary referrals were turned away".to_string(),
                format!("note: {n} voluntary referrals were turned away"),
                at.to_string(),
            )
        };
        let notes = [note("40,670", "x = 1"), note("12,000", "x = 2")];
        assert_eq!(
            summarise_notes(&notes, 5),
            [
                "note: 40,670 voluntary referrals were turned away [first at x = 1; at 2 of 5 points]"
            ]
        );
        assert!(summarise_notes(&[], 5).is_empty());
    }
}
