//! `gapsim target` with several levers: the cheapest package that halves the gap by a year,
//! or, when none in the ranges does, the frontier of cost against the gap reached.
//!
//! Every package is run on the same seeds (common random numbers), so two packages differ by
//! their levers, not by luck, and the objective is a deterministic (if rough) function of the
//! levers. The search has two stages:
//!
//! 1. **Design**: a grid over the levers' ranges (3 values each for up to three levers, their
//!    two ends for four to six), every package of it run in one parallel pass.
//! 2. **Search**: if some package of the grid meets the goal, a Nelder–Mead simplex search
//!    (the `argmin` crate) from the cheapest of them, on the levers scaled to [0, 1], minimising
//!    the cost plus a penalty for every point of gap above the goal large enough that no
//!    package short of the goal is preferred (`PENALTY_PER_PP`), for at most
//!    [`SEARCH_ITERATIONS`] iterations; then, as the penalty's edge is a kink a simplex
//!    approaches slowly, [`POLISH_STEPS`] bisection steps on the line from the cheapest package
//!    meeting the goal towards every lever at its lowest. Each package either stage tries runs
//!    its replications in parallel.
//!
//! The answer is the cheapest package tried that meets the goal (the mean gap over
//! replications at most the mean goal), with its gap, cost and the number of replications in
//! which it meets the goal as its uncertainty. A package's cost is the run's public spend
//! (programme payments and the employer levers' cost) plus, for each lever given a cost per
//! unit, its value times that cost.

use super::explore::{LeverRuns, check_years, lever_range};
use super::{
    AppError, Overrides, Progress, TargetOutcome, commit, guard, load_models, put, thread_pool,
};
use crate::batch::Band;
use crate::output::Staging;
use crate::output::package::{self as files, Lever, Package, PackageSearch};
use crate::plot::{self, BandSeries, TimeChart};
use std::cell::RefCell;
use std::path::PathBuf;

/// One `--lever` of a package search: `KEY`, `KEY=FROM..TO`, and either with `@COST`.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverSpec {
    pub key: String,
    pub range: Option<(f64, f64)>,
    /// Cost per unit of the key over the run [£ per unit]; 0 when not given.
    pub cost_per_unit: f64,
}

impl LeverSpec {
    /// Parses `KEY[=FROM..TO][@COST]`.
    ///
    /// # Errors
    /// A range or cost that is not a number, or a range whose end is below its start.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (rest, cost) = match text.rsplit_once('@') {
            Some((r, c)) => (
                r,
                c.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|c| c.is_finite() && *c >= 0.0)
                    .ok_or_else(|| {
                        format!(
                            "--lever {text}: expected a cost per unit in £ after @, e.g. @2e9, got {c:?}"
                        )
                    })?,
            ),
            None => (text, 0.0),
        };
        let (key, range) = match rest.split_once('=') {
            Some((k, r)) => {
                let bad = || format!("--lever {text}: expected KEY=FROM..TO, got {r:?}");
                let (a, b) = r.split_once("..").ok_or_else(bad)?;
                let (a, b) = (
                    a.trim().parse::<f64>().map_err(|_| bad())?,
                    b.trim().parse::<f64>().map_err(|_| bad())?,
                );
                if !(a.is_finite() && b.is_finite() && a < b) {
                    return Err(format!(
                        "--lever {text}: expected FROM below TO, both numbers, got {a}..{b}"
                    ));
                }
                (k.trim(), Some((a, b)))
            }
            None => (rest.trim(), None),
        };
        Ok(Self {
            key: key.to_string(),
            range,
            cost_per_unit: cost,
        })
    }
}

/// How to search for a package.
#[derive(Clone, Debug)]
pub struct PackageConfig {
    pub scenario: PathBuf,
    pub out: PathBuf,
    pub force: bool,
    pub threads: Option<usize>,
    pub overrides: Overrides,
    pub levers: Vec<LeverSpec>,
    /// The goal: the gap in this calendar year is at most half the base year's.
    pub by: i32,
    pub base_year: i32,
    pub max_memory: Option<u64>,
}

/// Iterations of the simplex search at most.
pub const SEARCH_ITERATIONS: u64 = 12;
/// Bisection steps of the polish after the simplex search.
pub const POLISH_STEPS: usize = 6;
/// The most levers a package search takes.
pub const MAX_LEVERS: usize = 6;
/// The penalty per point of gap above the goal, as a multiple of the dearest design
/// package's cost: a package a tenth of a point short costs more than any in the grid.
const PENALTY_PER_PP: f64 = 10.0;

/// The grid of the design stage, as shares of each lever's range.
fn design(k: usize) -> Vec<Vec<f64>> {
    let levels: &[f64] = if k <= 3 {
        &[0.0, 0.5, 1.0]
    } else {
        &[0.0, 1.0]
    };
    let mut out = vec![Vec::new()];
    for _ in 0..k {
        out = out
            .into_iter()
            .flat_map(|p| {
                levels.iter().map(move |&l| {
                    let mut q = p.clone();
                    q.push(l);
                    q
                })
            })
            .collect();
    }
    out
}

/// The levers' values at shares `u` of their ranges (clamped to them; whole numbers rounded).
fn values_at(levers: &[Lever], u: &[f64]) -> Vec<f64> {
    levers
        .iter()
        .zip(u)
        .map(|(l, &x)| {
            let v = l.range.0 + (l.range.1 - l.range.0) * x.clamp(0.0, 1.0);
            if l.whole { v.round() } else { v }
        })
        .collect()
}

/// Runs packages (their levers' values), all in one parallel pass.
type Evaluate<'a> = dyn Fn(&[Vec<f64>]) -> Result<Vec<Package>, AppError> + 'a;

/// The simplex search's objective: the package's cost, plus the penalty for a gap above the
/// goal and for leaving the levers' ranges. Every package it runs is kept.
struct Objective<'a> {
    levers: &'a [Lever],
    evaluate: &'a Evaluate<'a>,
    tried: &'a RefCell<Vec<Package>>,
    failed: &'a RefCell<Option<AppError>>,
    penalty: f64,
}

impl Objective<'_> {
    fn score(&self, p: &Package, u: &[f64]) -> f64 {
        let outside: f64 = u.iter().map(|x| (x - x.clamp(0.0, 1.0)).abs()).sum();
        let short = (p.gap().mean - p.goal_mean()).max(0.0);
        p.cost_band().mean + self.penalty * (short + outside)
    }
}

impl argmin::core::CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, u: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        let values = values_at(self.levers, u);
        if let Some(p) = self.tried.borrow().iter().find(|p| p.values == values) {
            return Ok(self.score(p, u));
        }
        match (self.evaluate)(&[values]) {
            Ok(mut ps) => {
                let mut p = ps.pop().expect("one package");
                p.stage = "search";
                let score = self.score(&p, u);
                self.tried.borrow_mut().push(p);
                Ok(score)
            }
            Err(e) => {
                *self.failed.borrow_mut() = Some(e);
                Err(argmin::core::Error::msg("a package could not be run"))
            }
        }
    }
}

/// `gapsim target` with several levers (or one with a cost): the cheapest package that halves
/// the gap by `cfg.by`, or the frontier of cost against the gap when none does.
///
/// # Errors
/// Bad levers (unknown, not numbers, repeated, more than [`MAX_LEVERS`]), years not simulated,
/// a request too big for the machine, the output folder, or an interrupted run.
pub fn package(cfg: &PackageConfig, progress: &dyn Progress) -> Result<TargetOutcome, AppError> {
    let (resolved, central) = load_models(&cfg.scenario, &cfg.overrides)?;
    let model = &central.central;
    check_years(model, cfg.by, cfg.base_year)?;
    if cfg.levers.len() > MAX_LEVERS {
        return Err(AppError::BadArgument(format!(
            "--lever given {} times: a package search takes at most {MAX_LEVERS} levers",
            cfg.levers.len()
        )));
    }
    let mut levers = Vec::new();
    for (i, spec) in cfg.levers.iter().enumerate() {
        if cfg.levers[..i].iter().any(|o| o.key == spec.key) {
            return Err(AppError::BadArgument(format!(
                "--lever {}: given twice",
                spec.key
            )));
        }
        let (lo, hi, whole) = lever_range(&resolved, &cfg.scenario, &spec.key, spec.range)?;
        levers.push(Lever {
            key: spec.key.clone(),
            range: (lo, hi),
            whole,
            cost_per_unit: spec.cost_per_unit,
        });
    }
    let pool = thread_pool(cfg.threads)?;
    let grid = design(levers.len());
    let most_runs = grid.len() + levers.len() + 1 + 2 * SEARCH_ITERATIONS as usize + POLISH_STEPS;
    guard(
        &vec![(model, None); most_runs],
        &pool,
        &cfg.out,
        cfg.max_memory,
        progress,
    )?;
    let staging = Staging::begin(&cfg.out, cfg.force)?;
    let months = model.scenario.replications as u64 * model.scenario.months as u64;
    progress.start(months * most_runs as u64);

    let runs = LeverRuns::new(
        (&cfg.scenario, &cfg.overrides),
        (cfg.by, cfg.base_year),
        levers.iter().map(|l| (l.key.clone(), l.whole)).collect(),
        &pool,
        progress,
    );
    let evaluate = |points: &[Vec<f64>]| -> Result<Vec<Package>, AppError> {
        Ok(runs
            .run(points)?
            .into_iter()
            .zip(points)
            .map(|(p, values)| {
                let levies: f64 = levers
                    .iter()
                    .zip(values)
                    .map(|(l, v)| l.cost_per_unit * v)
                    .sum();
                Package {
                    values: values.clone(),
                    stage: "design",
                    gap_by: p.gap_by,
                    goal: p.goal,
                    cost: p.spend.into_iter().map(|c| c + levies).collect(),
                }
            })
            .collect())
    };

    let design_points: Vec<Vec<f64>> = grid.iter().map(|u| values_at(&levers, u)).collect();
    let mut packages = evaluate(&design_points)?;
    let cheapest_meeting = |ps: &[Package]| {
        (0..ps.len())
            .filter(|&i| ps[i].meets_goal())
            .min_by(|&a, &b| ps[a].cost_band().mean.total_cmp(&ps[b].cost_band().mean))
    };
    if let Some(start) = cheapest_meeting(&packages) {
        let dearest = packages
            .iter()
            .map(|p| p.cost_band().mean.abs())
            .fold(1e6, f64::max);
        let tried = RefCell::new(packages.clone());
        let failed = RefCell::new(None);
        let objective = Objective {
            levers: &levers,
            evaluate: &evaluate,
            tried: &tried,
            failed: &failed,
            penalty: PENALTY_PER_PP * dearest,
        };
        // The simplex: the cheapest package meeting the goal and one step of a quarter of each
        // lever's range from it, towards the range's middle.
        let u0 = grid[start].clone();
        let mut simplex = vec![u0.clone()];
        for i in 0..u0.len() {
            let mut u = u0.clone();
            u[i] += if u0[i] >= 0.5 { -0.25 } else { 0.25 };
            simplex.push(u);
        }
        let solver = argmin::solver::neldermead::NelderMead::new(simplex)
            .with_sd_tolerance(1e-6)
            .expect("a positive tolerance");
        let run = argmin::core::Executor::new(objective, solver)
            .configure(|s| s.max_iters(SEARCH_ITERATIONS))
            .run();
        if let Some(e) = failed.take() {
            return Err(e);
        }
        if let Err(e) = run {
            return Err(AppError::BadArgument(format!(
                "the package search failed: {e}"
            )));
        }
        packages = tried.into_inner();
        // A penalty's edge is a kink the simplex approaches slowly: from the cheapest package
        // meeting the goal, bisect towards every lever at its lowest for where the goal starts
        // to be met.
        let best = cheapest_meeting(&packages).expect("the search starts from one");
        let u_best: Vec<f64> = levers
            .iter()
            .zip(&packages[best].values)
            .map(|(l, v)| (v - l.range.0) / (l.range.1 - l.range.0))
            .collect();
        let (mut short, mut meets) = (0.0, 1.0);
        if !packages[0].meets_goal() {
            for _ in 0..POLISH_STEPS {
                let mid = 0.5 * (short + meets);
                let u: Vec<f64> = u_best.iter().map(|x| x * mid).collect();
                let values = values_at(&levers, &u);
                if packages.iter().any(|p| p.values == values) {
                    break;
                }
                let mut p = evaluate(&[values])?.pop().expect("one package");
                p.stage = "polish";
                if p.meets_goal() {
                    meets = mid;
                } else {
                    short = mid;
                }
                packages.push(p);
            }
        }
    }
    progress.finish();
    let answer = cheapest_meeting(&packages);
    let search = PackageSearch {
        levers: levers.clone(),
        base_year: cfg.base_year,
        by: cfg.by,
        packages,
        answer,
    };
    staging.write("package.csv", &files::package_csv(&search))?;
    staging.write(
        "package_evaluations.csv",
        &files::package_evaluations_csv(&search),
    )?;
    let mut message = files::package_message(&search);
    staging.write("package.txt", format!("{message}\n").as_bytes())?;
    let frontier: Vec<(f64, Band)> = search
        .frontier()
        .into_iter()
        .map(|i| {
            (
                search.packages[i].cost_band().mean,
                search.packages[i].gap(),
            )
        })
        .collect();
    put(
        &staging,
        plot::time_chart("package", &frontier_chart(&search, &frontier)),
    )?;
    if let Some(note) = runs.hand_backs.borrow().first() {
        message.push('\n');
        message.push_str(note);
    }
    for note in super::summarise_notes(&runs.notes.borrow(), search.packages.len()) {
        message.push('\n');
        message.push_str(&note);
    }
    for note in super::warnings(&model.scenario, &cfg.overrides) {
        message.push('\n');
        message.push_str(&note);
    }
    let given = cfg.overrides.recorded_for(&resolved);
    let command = format!(
        "gapsim target {}{} --by {} --base-year {}{}",
        cfg.scenario.display(),
        levers
            .iter()
            .map(|l| {
                let cost = if l.cost_per_unit > 0.0 {
                    format!("@{}", l.cost_per_unit)
                } else {
                    String::new()
                };
                format!(" --lever '{}={}..{}{cost}'", l.key, l.range.0, l.range.1)
            })
            .collect::<String>(),
        cfg.by,
        cfg.base_year,
        super::report::flags_text(&cfg.overrides.recorded()),
    );
    super::report::package_page(&staging, model, &given, &message, command)?;
    let out = commit(staging, cfg.force)?;
    Ok(TargetOutcome { out, message })
}

/// The frontier of cost against the gap reached, with every package tried as a point and the
/// goal as a line.
fn frontier_chart<'a>(s: &PackageSearch, frontier: &'a [(f64, Band)]) -> TimeChart<'a> {
    let goal = s.packages[0].goal_mean();
    TimeChart {
        title: format!("Cost and the gap in {}: every package tried", s.by),
        x_label: "cost over the run (£)".into(),
        x_format: plot::XFormat::Pounds,
        y_label: format!("gap in {} (pp), mean and 5–95% band", s.by),
        series: vec![BandSeries {
            label: "frontier: cheapest for its gap".into(),
            color: plot::color(0),
            points: frontier,
            published: vec![],
        }],
        band: "mean, 5–95% band",
        references: vec![(goal, {
            // Levers that act before the base year move the goal: say so on the line.
            let moves = s
                .packages
                .iter()
                .any(|p| (p.goal_mean() - goal).abs() > 0.05);
            if moves {
                format!(
                    "half the {} gap with every lever at its lowest ({goal:.1} pp; the levers move it)",
                    s.base_year
                )
            } else {
                format!("half the {} gap ({goal:.1} pp)", s.base_year)
            }
        })],
        // The answer's cost, or the closest package's when none meets the goal.
        markers: vec![match s.answer {
            Some(i) => (
                s.packages[i].cost_band().mean,
                "the cheapest package meeting the goal".into(),
            ),
            None => (
                s.packages[s.closest()].cost_band().mean,
                "the package closest to the goal".into(),
            ),
        }],
        published: s
            .packages
            .iter()
            .map(|p| (p.cost_band().mean, p.gap().mean))
            .collect(),
        published_label: "packages tried".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lever_reads_its_key_range_and_cost() {
        let l = LeverSpec::parse("employers.attitude_change=0..1@2e9").unwrap();
        assert_eq!(l.key, "employers.attitude_change");
        assert_eq!(l.range, Some((0.0, 1.0)));
        assert_eq!(l.cost_per_unit, 2e9);
        let l = LeverSpec::parse("programmes[2].starts_per_year").unwrap();
        assert_eq!((l.range, l.cost_per_unit), (None, 0.0));
        for bad in ["k=1..0", "k=a..1", "k=0..1@x", "k=0..1@-5", "k=0-1"] {
            assert!(LeverSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_design_covers_every_combination_of_levels() {
        assert_eq!(design(1), vec![vec![0.0], vec![0.5], vec![1.0]]);
        assert_eq!(design(3).len(), 27);
        assert_eq!(design(4).len(), 16);
        let l = Lever {
            key: "k".into(),
            range: (10.0, 20.0),
            whole: true,
            cost_per_unit: 0.0,
        };
        assert_eq!(values_at(std::slice::from_ref(&l), &[0.33]), vec![13.0]);
        assert_eq!(values_at(&[l], &[1.7]), vec![20.0]);
    }
}
