//! Results that the commands compute and the exporters write: the tornado's swings, a sweep's
//! points, a target search's evaluations, the calibration checks.
//!
//! This module sits below both `app` (which computes these) and `output` (which turns them
//! into bytes), so that neither imports the other's types. It holds plain values and the
//! few facts read straight off them; it must not depend on `app`, `output`, `cli` or `plot`,
//! and does no I/O.

use crate::batch::Band;
use crate::calibration::Target;
use crate::goal::Halving;
use crate::scenario::Dist;
use serde::{Deserialize, Serialize};
use toml::Value;

/// One uncertain input at its 5th and 95th percentiles, every other input central, run on
/// the same seeds: the gap at the horizon each way.
#[derive(Clone, Debug)]
pub struct Swing {
    /// Key path of the input, e.g. `labour.find_demand`.
    pub key: String,
    pub dist: Dist,
    /// The input at its 5th percentile (in the input's units).
    pub low: f64,
    /// The input at its 95th percentile.
    pub high: f64,
    /// Mean gap at the horizon with every uncertain input central [pp].
    pub gap_central: f64,
    /// Mean gap at the horizon with this input at `low` [pp].
    pub gap_at_low: f64,
    /// Mean gap at the horizon with this input at `high` [pp].
    pub gap_at_high: f64,
    /// In a paired run, the mean effect on the gap at the horizon (scenario minus baseline,
    /// replication by replication) with every input central, this one at `low`, at `high`
    /// [pp]; `None` unpaired.
    pub effect: Option<[f64; 3]>,
}

impl Swing {
    /// How far the input moves the gap between its two percentiles, either way [pp].
    pub fn size(&self) -> f64 {
        (self.gap_at_high - self.gap_at_low).abs()
    }

    /// How far the input moves the effect on the gap between its two percentiles, either
    /// way, in a paired run [pp].
    pub fn effect_size(&self) -> Option<f64> {
        self.effect.map(|[_, low, high]| (high - low).abs())
    }

    /// What the tornado ranks by: the effect's swing in a paired run, else the gap's.
    pub fn ranked_size(&self) -> f64 {
        self.effect_size().unwrap_or_else(|| self.size())
    }
}

/// One swept key and its values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    pub key: String,
    pub values: Vec<Value>,
}

/// One point of a sweep, run.
#[derive(Clone, Debug)]
pub struct SweepPoint {
    /// The value of each axis at this point, in the order of [`Sweep::axes`].
    pub values: Vec<Value>,
    /// The gap reported (in [`Sweep::year`], else over the last 12 months) [pp].
    pub gap: Band,
    /// Total programme spend over the run, per replication [£].
    pub spend: Band,
    /// When the gap is halved relative to the point's default base year; `None` when the
    /// run has no year to measure against.
    pub halving: Option<Halving>,
}

/// A sweep: the scenario run at every combination of its axes' values, on the same seeds.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The scenario file, as given.
    pub scenario: String,
    pub seed: u64,
    pub replications: u32,
    pub axes: Vec<Axis>,
    /// The fixed `--set`s, as `KEY=VALUE`.
    pub settings: Vec<String>,
    /// The fixed `--policy`s, as `KEY=VALUE` (a sweep has no baseline: they act as `--set`s).
    pub policies: Vec<String>,
    /// Calendar year of the gap reported; `None`: the last 12 months.
    pub year: Option<i32>,
    /// Every point, the first axis varying slowest.
    pub points: Vec<SweepPoint>,
}

/// A target search's run of the scenario at one lever value.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The lever's value (in the lever's units).
    pub value: f64,
    /// Gap in the goal year, per replication [pp].
    pub gap_by: Vec<f64>,
    /// Half the base-year gap, per replication [pp].
    pub target: Vec<f64>,
    /// Total programme spend over the run, per replication [£].
    pub spend: Vec<f64>,
}

impl Evaluation {
    /// Mean distance above the goal [pp]; negative: reached.
    pub fn shortfall(&self) -> f64 {
        let n = self.gap_by.len().max(1) as f64;
        self.gap_by
            .iter()
            .zip(&self.target)
            .map(|(g, t)| g - t)
            .sum::<f64>()
            / n
    }
}

/// What a target search found: the lever value that halves the gap by a year, if any.
#[derive(Clone, Debug)]
pub struct TargetSearch {
    /// The key moved, e.g. `programmes[0].funding.budget`.
    pub lever: String,
    /// The values searched, from and to.
    pub range: (f64, f64),
    /// The year whose gap is to be halved.
    pub base_year: i32,
    /// The year by which it is to be halved.
    pub by: i32,
    /// Every value tried, in increasing order (a value may appear twice).
    pub evaluations: Vec<Evaluation>,
    /// The value that meets the goal, if the goal starts to be met inside the range; it is
    /// one of the `evaluations`.
    pub answer: Option<f64>,
    /// Whether the goal is already met at the start of the range.
    pub reached_at_start: bool,
    /// Each replication's own crossing (the lever value where its gap meets its goal), for
    /// the replications that reach the goal in the range.
    pub crossings: Vec<f64>,
}

impl TargetSearch {
    /// The evaluation at the answer.
    pub fn found(&self) -> Option<&Evaluation> {
        self.answer
            .and_then(|v| self.evaluations.iter().find(|e| e.value == v))
    }

    /// The value tried that comes closest to the goal (the first, among equals).
    pub fn best(&self) -> &Evaluation {
        self.evaluations
            .iter()
            .min_by(|a, b| a.shortfall().total_cmp(&b.shortfall()))
            .expect("a search evaluates at least one value")
    }

    /// The goal, half the base-year gap, where it matters: at the answer, else at the
    /// closest try (it can move with a lever that acts before the base year) [pp].
    pub fn goal(&self) -> Band {
        Band::of(&self.found().unwrap_or(self.best()).target)
    }

    /// Whether the goal is met somewhere in the range.
    pub fn reached(&self) -> bool {
        self.found().is_some() || self.reached_at_start
    }

    /// Replications in each evaluation.
    pub fn replications(&self) -> usize {
        self.evaluations.first().map_or(0, |e| e.gap_by.len())
    }
}

/// One calibration target with the model's value.
#[derive(Clone, Debug)]
pub struct Checked {
    pub target: Target,
    /// The model's value across replications (in the target's units); `None` when the run
    /// does not cover what the target measures.
    pub model: Option<Band>,
}

impl Checked {
    /// Whether the model's mean is within the target's tolerance; `None` if not simulated.
    pub fn within(&self) -> Option<bool> {
        self.model
            .map(|b| (b.mean - self.target.published).abs() <= self.target.tolerance)
    }
}
