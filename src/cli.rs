//! The command line: turns flags into the validated configuration of `app`. The only module
//! that knows clap.

use crate::app::{self, AppError, Overrides, Progress, RunConfig};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write as _;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "gapsim",
    version,
    about = "Agent-based simulator of the disability employment gap"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by the commands that simulate; the overrides and `--set`s apply to every
/// scenario read (baselines included, so paired worlds stay pairable and share a world), the
/// `--policy`s to the scenario under study only.
#[derive(Args, Debug)]
pub struct Shared {
    /// Replications (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    replications: Option<u32>,
    /// Master seed (overrides the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads [default: one per core]; results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    threads: Option<u32>,
    /// Number of simulated people (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    people: Option<u32>,
    /// Set a scenario key as an assumption about the world, e.g.
    /// `--set outputs.sustained_job_months=6` or
    /// `--set 'labour.find_demand={ normal = [0.6, 0.1] }'`: applies to the scenario and, in a
    /// paired run or comparison, to its baseline alike (repeatable; the value is read as TOML).
    /// `baseline` and `extends` cannot be set.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<crate::scenario::Setting>,
    /// Set a scenario key as a policy, e.g. `--policy programmes[0].funding.budget=2e8`:
    /// applies to the scenario only, never to its baseline (repeatable; read as --set is).
    #[arg(long = "policy", value_name = "KEY=VALUE")]
    policies: Vec<crate::scenario::Setting>,
    /// Months to simulate (overrides the scenario).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1200))]
    months: Option<u32>,
    /// Replace an existing output folder (only once the new results are complete).
    #[arg(long)]
    force: bool,
    /// Refuse a run estimated to need more memory than this, e.g. 8G [default: the memory
    /// available now, within any container or Slurm limit].
    #[arg(long, value_name = "SIZE", value_parser = crate::resources::parse_size)]
    max_memory: Option<u64>,
}

impl Shared {
    fn overrides(&self) -> Overrides {
        Overrides {
            replications: self.replications,
            seed: self.seed,
            people: self.people,
            months: self.months,
            sets: self.sets.clone(),
            policies: self.policies.clone(),
        }
    }

    fn threads(&self) -> Option<usize> {
        self.threads.map(|t| t as usize)
    }
}

fn progress_bar() -> Bar {
    Bar(ProgressBar::with_draw_target(
        Some(0),
        ProgressDrawTarget::stderr(),
    ))
}

use crate::output::report::files_help;

/// The files of every run, in the order `--help` lists them.
const RUN_FILES: &[&str] = &[
    "report.html",
    "summary.csv",
    "trajectories.csv",
    "metrics_long.csv",
    "halving.csv",
    "programmes.csv",
    "providers.csv",
    "events.csv",
    "areas.csv",
    "groups.csv",
    "decomposition.csv",
    "spending.csv",
    "parking.csv",
    "manifest.json",
    "gap.png",
    "employment_rates.png",
    "status_by_disability.png",
    "caseloads.png",
    "decomposition.png",
    "parking_curve.png",
];
/// What a run paired with a baseline adds.
const PAIRED_FILES: &[&str] = &[
    "impact.csv",
    "impact_summary.csv",
    "impact_breakdown.csv",
    "baseline_summary.csv",
    "impact_decomposition.csv",
    "trial.csv",
    "impact_gap.png",
    "impact_caseloads.png",
    "trial_employment.png",
];
/// What a run with uncertain inputs adds.
const UNCERTAIN_FILES: &[&str] = &["parameters.csv", "tornado.csv", "tornado.png"];
const COMPARE_FILES: &[&str] = &[
    "report.html",
    "comparison.csv",
    "comparison.md",
    "parking.csv",
    "areas.csv",
    "events.csv",
    "manifest.json",
    "gap.png",
    "gap_change.png",
    "cost_per_additional_job.png",
    "parking_curve.png",
];
const TRIAL_FILES: &[&str] = &[
    "report.html",
    "trial.csv",
    "trial.md",
    "manifest.json",
    "trial.png",
];
const VALIDATION_FILES: &[&str] = &[
    "report.html",
    "validation.csv",
    "validation.md",
    "studies.toml",
    "validation_ratios.png",
    "validation_differences.png",
];
const SWEEP_FILES: &[&str] = &[
    "report.html",
    "sweep.csv",
    "sweep_trajectories.csv",
    "manifest.json",
    "sweep_gap.png",
];
const TARGET_FILES: &[&str] = &[
    "report.html",
    "target.csv",
    "target.txt",
    "target_evaluations.csv",
    "target.png",
    "package.csv",
    "package.txt",
    "package_evaluations.csv",
    "package.png",
];

/// The `--help` list of the files of `run` (and `rerun`).
fn run_files_help() -> String {
    files_help("Writes into the output folder:", RUN_FILES)
        + &files_help(
            "Paired with a baseline (--against, or the scenario's `baseline` key), also:",
            PAIRED_FILES,
        )
        + &files_help(
            "With uncertain inputs (a key given as a distribution), also:",
            UNCERTAIN_FILES,
        )
        + "With --shard K/N, a shard folder instead: manifest.json and shard.json.\n"
}

/// The `--help` list of the files of `merge`: a whole run's, or a whole sweep's.
fn merge_files_help() -> String {
    format!(
        "The files of the whole run or of the whole sweep.\n\nA run's:\n{}A sweep's:\n{}",
        run_files_help(),
        files_help("", SWEEP_FILES)
    )
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario and write report.html, the CSV tables, manifest.json and the plots into
    /// the output folder (every file is listed below).
    #[command(after_help = run_files_help())]
    Run {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Output folder [default: output/<scenario file stem>].
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        shared: Shared,
        /// Baseline scenario to pair against with common random numbers (overrides the
        /// scenario's `baseline` key); adds impact.csv, impact_summary.csv and
        /// impact_breakdown.csv.
        #[arg(long)]
        against: Option<PathBuf>,
        /// Run only shard K of N (every N-th replication, starting with replication K-1) into a
        /// shard folder; `gapsim merge` combines the shards into the whole run's files.
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<(u32, u32)>,
    },
    /// Repeat a run from its output folder's manifest.json alone: the resolved scenario and
    /// baseline it records, with the same settings; every file comes out byte for byte as
    /// before when the gapsim version and source revision are the same. Refuses the folder of
    /// a run with uncertain inputs and of a calibration-report (their pages give the command).
    #[command(after_help = format!(
        "The files of the run it repeats, as `gapsim run --help` lists them (the paired \
         run's too, when it was paired):\n{}",
        run_files_help()
    ))]
    Rerun {
        /// Output folder of the run to repeat (it holds manifest.json).
        from: PathBuf,
        /// Output folder [default: <FROM>-rerun].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing output folder that gapsim wrote (only once the run is complete).
        #[arg(long)]
        force: bool,
        /// Worker threads [default: one per core]; results do not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
        threads: Option<u32>,
        /// Refuse runs estimated to need more memory than this (e.g. 8G).
        #[arg(long, value_name = "SIZE", value_parser = crate::resources::parse_size)]
        max_memory: Option<u64>,
    },
    /// Combine the folders of `gapsim run --shard K/N` into exactly the files one whole run
    /// would have written; a missing or duplicated shard is an error.
    #[command(after_help = merge_files_help())]
    Merge {
        /// Shard folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing output folder (only once the merged results are complete).
        #[arg(long)]
        force: bool,
    },
    /// Run several scenarios, each paired against its baseline, and write comparison.csv,
    /// comparison.md, parking.csv and plots of the gap, its change against each baseline, the
    /// cost per additional sustained job and the parking curve into one folder.
    #[command(after_help = files_help("Writes into the output folder:", COMPARE_FILES))]
    Compare {
        /// Scenario files (TOML).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// One baseline for every scenario [default: each scenario's `baseline` key, else the
        /// scenario without its programmes].
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "output/comparison")]
        out: PathBuf,
        #[command(flatten)]
        shared: Shared,
    },
    /// Run a scenario over a grid of values of one or more keys, every point on the same seeds,
    /// and write sweep.csv (the gap at the horizon, spend and the halving year per point),
    /// sweep_trajectories.csv and a plot of the gap against the swept values. Axes are
    /// `--set KEY=FROM..TO/STEPS` (or `--policy`: a sweep has no baseline, so the two act
    /// alike); other `--set`s and `--policy`s are fixed.
    #[command(after_help = files_help("Writes into the output folder:", SWEEP_FILES) + "With --shard K/N, a shard folder instead: sweep_shard.json.\n")]
    Sweep {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Output folder [default: output/<scenario file stem>_sweep].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Report the gap in this calendar year [default: over the last 12 simulated months].
        #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2300))]
        year: Option<i32>,
        /// Run only shard K of N (every N-th point, starting with point K-1) into a shard
        /// folder; `gapsim merge` combines the shards into the whole sweep's files.
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<(u32, u32)>,
        #[command(flatten)]
        shared: Shared,
    },
    /// Find the value of one key (the lever) that halves the gap by a year, relative to a
    /// base year, with its uncertainty across replications and its cost; or say that no value
    /// in the range does. Writes report.html, target.csv, target.txt, target_evaluations.csv
    /// and a plot. With several levers (`--lever KEY=FROM..TO[@COST]`, repeated), the
    /// cheapest package that halves the gap, or the frontier of cost against the gap reached:
    /// package.csv, package.txt, package_evaluations.csv and a plot.
    #[command(after_help = files_help("Writes into the output folder:", TARGET_FILES))]
    Target {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// The key to move, e.g. `programmes[0].funding.budget`. Repeat it for a package:
        /// `--lever KEY=FROM..TO[@COST]` each, COST in £ per unit of the key over the run
        /// (added to the run's own spend; 0 if left out).
        #[arg(long, required = true)]
        lever: Vec<String>,
        /// Values to search, FROM..TO [default: 0 to four times the scenario's value].
        #[arg(long, value_parser = parse_range, allow_hyphen_values = true)]
        range: Option<(f64, f64)>,
        /// The goal: `halve`, the gap in the --by year at most half the --base-year gap.
        #[arg(long, value_enum, default_value = "halve")]
        goal: Goal,
        /// The year by which the goal is to be met (the gap's mean over that year).
        #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2300))]
        by: i32,
        /// The year whose gap is to be halved.
        #[arg(long, default_value_t = 2015, value_parser = clap::value_parser!(i32).range(1900..=2300))]
        base_year: i32,
        /// Output folder [default: output/<scenario file stem>_target].
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        shared: Shared,
    },
    /// Run the baseline and compare it with every published figure it is calibrated against
    /// (`docs/published-figures.md`): calibration.csv and calibration.md with sources, plus
    /// the run's usual files and plots.
    #[command(after_help = files_help("Writes into the output folder:", &[&["calibration.csv", "calibration.md"], RUN_FILES].concat()))]
    CalibrationReport {
        /// Scenario file.
        #[arg(default_value = "scenarios/baseline.toml")]
        scenario: PathBuf,
        /// Output folder.
        #[arg(long, default_value = "output/calibration")]
        out: PathBuf,
        #[command(flatten)]
        shared: Shared,
    },
    /// Run a randomised trial of one programme inside the model: the people it would start
    /// in the cohort month (those meeting every --where) are split by a keyed draw into an
    /// offered arm, started as usual, and a control arm, barred from it; both are followed
    /// from referral. Writes each arm's outcomes with 95% confidence intervals (trial.csv,
    /// trial.md), a plot of both arms in work by months since referral, and report.html.
    #[command(after_help = files_help("Writes into the output folder:", TRIAL_FILES))]
    Trial {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// The programme's `name` in the scenario.
        #[arg(long)]
        programme: String,
        /// The month of referral and randomisation, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        cohort: String,
        /// Months to follow both arms from referral (the referral month is month 1).
        #[arg(long, default_value_t = 24)]
        follow_up: u32,
        /// Who is randomised, all conditions together (repeatable): condition=mental[,…],
        /// benefit=esa_wrag[,…], area=NAME[,…], disabled=true|false, severity=0.6..1,
        /// age=25..49, months_out_of_work=0..11.
        #[arg(long = "where", value_name = "KEY=VALUE")]
        wheres: Vec<String>,
        /// Output folder [default: output/<scenario file stem>_trial].
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        shared: Shared,
    },
    /// Run every published programme study of a studies file as a trial inside the model and
    /// set the model's effect beside the published one: validation.csv, validation.md, plots
    /// and report.html. Kept apart from calibration-report: studies used to set a parameter
    /// are marked `fitted`, the others are checks the model can fail.
    #[command(after_help = files_help("Writes into the output folder:", VALIDATION_FILES))]
    ValidationReport {
        /// Studies file (TOML).
        #[arg(default_value = "validation/studies.toml")]
        studies: PathBuf,
        /// Output folder.
        #[arg(long, default_value = "output/validation")]
        out: PathBuf,
        #[command(flatten)]
        shared: Shared,
    },
    /// Print each key in which a scenario differs from its parent, one per line:
    /// `key: parent value → child value` (`(none)` where a side lacks the key), both as read
    /// (every default written out, each uncertain input as its distribution).
    Diff {
        /// Scenario file (TOML).
        child: PathBuf,
        /// Scenario file to compare with [default: CHILD's `extends` target, else the
        /// built-in defaults].
        parent: Option<PathBuf>,
    },
    /// Check a scenario file without running it.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
        /// Also print every numeric key of the scenario with its valid range (to stdout).
        #[arg(long)]
        ranges: bool,
    },
}

/// `output/<scenario file stem><suffix>`: the default folder of a command beside `run`'s.
fn out_with_suffix(scenario: &std::path::Path, suffix: &str) -> PathBuf {
    let mut o = app::default_out(scenario).into_os_string();
    o.push(suffix);
    o.into()
}

/// What `target` aims for.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Goal {
    /// The gap in `--by` is at most half the gap in `--base-year`.
    Halve,
}

/// `K/N` with 1 ≤ K ≤ N ≤ 10000.
fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected K/N with 1 <= K <= N, e.g. 2/8, got {s:?}");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || k > n || n > 10_000 {
        return Err(bad());
    }
    Ok((k, n))
}

/// `FROM..TO`, two numbers, FROM below TO.
fn parse_range(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("expected FROM..TO, e.g. 0..2e8, got {s:?}"))?;
    let num = |x: &str| {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("expected FROM..TO with numbers, got {s:?}"))
    };
    let (a, b) = (num(a)?, num(b)?);
    if a >= b {
        return Err(format!("expected FROM below TO, got {s:?}"));
    }
    Ok((a, b))
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
struct Bar(ProgressBar);

impl Progress for Bar {
    fn note(&self, message: &str) {
        self.0.suspend(|| {
            let _ = writeln!(std::io::stderr(), "{message}");
        });
    }
    fn start(&self, total: u64) {
        self.0.set_length(total);
        self.0.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} replication-months (eta {eta})")
                .expect("valid template"),
        );
    }
    fn tick(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Runs the parsed command; returns what to print on success.
pub fn execute(cli: Cli) -> Result<String, AppError> {
    match cli.command {
        Command::Run {
            scenario,
            out,
            shared,
            against,
            shard,
        } => {
            let cfg = RunConfig {
                scenario,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                against,
                max_memory: shared.max_memory,
                shard,
                recorded: None,
            };
            let done = app::run(&cfg, &progress_bar())?;
            Ok(format!(
                "{}wrote {} ({} × {} × {}{}){}{}",
                done.warnings
                    .iter()
                    .map(|w| format!("{w}\n"))
                    .collect::<String>(),
                done.out.display(),
                count(done.scenario.replications as u64, "replication"),
                count(done.scenario.months as u64, "month"),
                count(done.scenario.population.n_people as u64, "person"),
                done.baseline
                    .map_or(String::new(), |b| format!(", paired against `{b}`")),
                done.impact
                    .map_or(String::new(), |i| format!("\nimpact {i}")),
                done.halving.map_or(String::new(), |h| format!("\n{h}"))
            ))
        }
        Command::Compare {
            scenarios,
            baseline,
            out,
            shared,
        } => {
            let n = scenarios.len();
            let cfg = app::CompareConfig {
                scenarios,
                baseline,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                max_memory: shared.max_memory,
            };
            let (out, notes) = app::compare(&cfg, &progress_bar())?;
            Ok(format!(
                "{}wrote {} ({} compared)",
                notes.iter().map(|w| format!("{w}\n")).collect::<String>(),
                out.display(),
                count(n as u64, "scenario")
            ))
        }
        Command::Sweep {
            scenario,
            out,
            year,
            shard,
            shared,
        } => {
            let out = out.unwrap_or_else(|| out_with_suffix(&scenario, "_sweep"));
            let cfg = app::SweepConfig {
                scenario,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                year,
                max_memory: shared.max_memory,
                shard,
            };
            let (out, notes) = app::sweep(&cfg, &progress_bar())?;
            Ok(format!(
                "{}wrote {}",
                notes.iter().map(|n| format!("{n}\n")).collect::<String>(),
                out.display()
            ))
        }
        Command::Target {
            scenario,
            lever,
            range,
            goal: Goal::Halve,
            by,
            base_year,
            out,
            shared,
        } => {
            let out = out.unwrap_or_else(|| out_with_suffix(&scenario, "_target"));
            let specs = lever
                .iter()
                .map(|l| app::LeverSpec::parse(l))
                .collect::<Result<Vec<_>, _>>()
                .map_err(app::AppError::BadArgument)?;
            // One lever without a cost is the one-key search; anything else is a package.
            if specs.len() > 1 || specs[0].cost_per_unit > 0.0 {
                if range.is_some() {
                    return Err(app::AppError::BadArgument(
                        "--range is for the search of one lever without a cost: with several \
                         levers, or a cost (@COST), give each lever its range as \
                         --lever KEY=FROM..TO"
                            .into(),
                    ));
                }
                let cfg = app::PackageConfig {
                    scenario,
                    out,
                    force: shared.force,
                    threads: shared.threads(),
                    overrides: shared.overrides(),
                    levers: specs,
                    by,
                    base_year,
                    max_memory: shared.max_memory,
                };
                let done = app::package(&cfg, &progress_bar())?;
                return Ok(format!("wrote {}\n{}", done.out.display(), done.message));
            }
            let spec = specs.into_iter().next().expect("one lever");
            if spec.range.is_some() && range.is_some() {
                return Err(app::AppError::BadArgument(format!(
                    "--lever {}: a range given twice (in --lever and --range)",
                    spec.key
                )));
            }
            let (lever, range) = (spec.key, spec.range.or(range));
            let cfg = app::TargetConfig {
                scenario,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                lever,
                range,
                by,
                base_year,
                max_memory: shared.max_memory,
            };
            let done = app::target(&cfg, &progress_bar())?;
            Ok(format!("wrote {}\n{}", done.out.display(), done.message))
        }
        Command::Trial {
            scenario,
            programme,
            cohort,
            follow_up,
            wheres,
            out,
            shared,
        } => {
            let out = out.unwrap_or_else(|| out_with_suffix(&scenario, "_trial"));
            let cfg = app::TrialConfig {
                scenario,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                programme,
                cohort,
                follow_up,
                wheres,
                max_memory: shared.max_memory,
            };
            let done = app::trial(&cfg, &progress_bar())?;
            Ok(format!(
                "{}
wrote {}",
                done.message,
                done.out.display()
            ))
        }
        Command::ValidationReport {
            studies,
            out,
            shared,
        } => {
            let cfg = app::ValidationConfig {
                studies,
                out,
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                max_memory: shared.max_memory,
            };
            let done = app::validation_report(&cfg, &progress_bar())?;
            Ok(format!("{}\nwrote {}", done.message, done.out.display()))
        }
        Command::CalibrationReport {
            scenario,
            out,
            shared,
        } => {
            let cfg = RunConfig {
                scenario,
                out: Some(out),
                force: shared.force,
                threads: shared.threads(),
                overrides: shared.overrides(),
                against: None,
                max_memory: shared.max_memory,
                shard: None,
                recorded: None,
            };
            let report = app::calibration_report(&cfg, &progress_bar())?;
            let md = std::fs::read_to_string(report.out.join("calibration.md")).unwrap_or_default();
            to_stdout(&format!("{md}\n"))?;
            let mut said: Vec<String> = report.warnings.clone();
            said.push(format!(
                "wrote {}: {}",
                report.out.display(),
                report.summary()
            ));
            Ok(said.join("\n"))
        }
        Command::Rerun {
            from,
            out,
            force,
            threads,
            max_memory,
        } => {
            let done = app::rerun(
                &app::RerunConfig {
                    from: from.clone(),
                    out,
                    force,
                    threads: threads.map(|t| t as usize),
                    max_memory,
                },
                &progress_bar(),
            )?;
            Ok(format!(
                "{}wrote {} (the run of {} again){}",
                done.warnings
                    .iter()
                    .map(|w| format!("{w}\n"))
                    .collect::<String>(),
                done.out.display(),
                from.display(),
                done.halving.map_or(String::new(), |h| format!("\n{h}"))
            ))
        }
        Command::Merge { shards, out, force } => {
            let (out, notes) = app::merge(&shards, &out, force)?;
            Ok(format!(
                "wrote {} (merged {} shards){}",
                out.display(),
                shards.len(),
                notes.iter().map(|n| format!("\n{n}")).collect::<String>()
            ))
        }
        Command::Diff { child, parent } => {
            let d = app::diff(&child, parent.as_deref())?;
            let text: String = d.differences.iter().map(|x| format!("{x}\n")).collect();
            to_stdout(&text)?;
            Ok(format!(
                "{} differs from {} in {}",
                child.display(),
                d.parent,
                count(d.differences.len() as u64, "key")
            ))
        }
        Command::Validate { scenario, ranges } => {
            let s = app::validate(&scenario)?;
            if ranges {
                let text: String = crate::scenario::ranges(&s)
                    .iter()
                    .map(|r| format!("{:<60} {r}\n", r.key))
                    .collect();
                to_stdout(&text)?;
            }
            // Valid, but what a run would warn about is said here too.
            let notes: String = app::warnings(&s, &app::Overrides::default())
                .iter()
                .map(|w| format!("{w}\n"))
                .collect();
            Ok(format!(
                "{notes}{}: valid scenario `{}` ({} to {}, {})",
                scenario.display(),
                s.name.escape_debug(),
                s.start,
                s.end(),
                count(s.programmes.len() as u64, "programme")
            ))
        }
    }
}

/// Writes `text` to standard output. A reader that went away (`| head`) ends the output
/// quietly; any other failure (`> /dev/full`) is an error (exit 1), never a panic.
fn to_stdout(text: &str) -> Result<(), AppError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(AppError::Other(anyhow::anyhow!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// `n` and the noun, plural when `n` is not 1: "1 replication", "8 replications",
/// "1 person", "100000 people".
fn count(n: u64, noun: &str) -> String {
    match (n, noun) {
        (1, _) => format!("1 {noun}"),
        (_, "person") => format!("{n} people"),
        _ => format!("{n} {noun}s"),
    }
}
