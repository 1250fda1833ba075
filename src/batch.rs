//! Batches: replications in parallel, and the statistics across them.
//!
//! A replication *is* a seed: replication `r` draws from keys rooted at `(seed, r)`. Results
//! are collected in replication order, whatever order rayon finishes them in.

use crate::cancel::{Cancel, Interrupted};
use crate::engine::{Model, ReplicationResult, run_replication};
use crate::metrics::{METRIC_NAMES, metrics};
use crate::scenario::{Invalid, Scenario, Valid};
use rayon::prelude::*;

/// The models of a run: one shared by every replication, or one per replication when some
/// scenario inputs are uncertain (each replication then runs its own draw of them).
#[derive(Clone)]
pub struct Models {
    /// The scenario at the central value of every input: names, dates and scale for outputs.
    pub central: Model,
    /// One per replication, or empty when every replication runs `central`.
    pub drawn: Vec<Model>,
}

impl Models {
    pub fn fixed(model: Model) -> Self {
        Models {
            central: model,
            drawn: Vec::new(),
        }
    }

    /// The model replication `r` runs.
    pub fn get(&self, r: u32) -> &Model {
        self.drawn.get(r as usize).unwrap_or(&self.central)
    }

    pub fn replications(&self) -> u32 {
        self.central.scenario.replications
    }

    /// The same models with every scenario changed by `f` (e.g. a counterfactual without
    /// programmes).
    ///
    /// # Errors
    /// The problems of a changed scenario that fails validation.
    pub fn map(&self, f: impl Fn(&Scenario) -> Scenario) -> Result<Models, Vec<Invalid>> {
        Ok(Models {
            central: Model::new(Valid::new(f(&self.central.scenario))?),
            drawn: self
                .drawn
                .iter()
                .map(|m| Ok(Model::new(Valid::new(f(&m.scenario))?)))
                .collect::<Result<_, Vec<Invalid>>>()?,
        })
    }
}

/// Runs every replication of the model's scenario. `on_month` is called after each simulated
/// month of any replication (from worker threads).
///
/// # Errors
/// [`Interrupted`] if `cancel` is cancelled before every replication has finished.
pub fn run(
    model: &Model,
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<Vec<ReplicationResult>, Interrupted> {
    let all: Vec<u32> = (0..model.scenario.replications).collect();
    run_each(&all, &|_| model, cancel, on_month)
}

/// Runs replications `which` (in that order), replication `r` running `model_for(r)`.
///
/// # Errors
/// [`Interrupted`] as for [`run`].
pub fn run_each<'m>(
    which: &[u32],
    model_for: &(dyn Fn(u32) -> &'m Model + Sync),
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<Vec<ReplicationResult>, Interrupted> {
    which
        .par_iter()
        .map(|&r| run_replication(model_for(r), r, cancel, on_month))
        .collect()
}

/// Mean, 5th and 95th percentile across replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub mean: f64,
    pub p05: f64,
    pub p95: f64,
}

impl Band {
    pub fn of(values: &[f64]) -> Self {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let mean = if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        };
        Band {
            mean,
            p05: quantile(&v, 0.05),
            p95: quantile(&v, 0.95),
        }
    }

    /// The band in other units: each value divided by `d` (1e6 for millions).
    pub fn divided_by(self, d: f64) -> Self {
        Band {
            mean: self.mean / d,
            p05: self.p05 / d,
            p95: self.p95 / d,
        }
    }
}

/// Linear-interpolation quantile of sorted values (type 7, as R and numpy default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Every metric of every month of every replication: `[replication][month][metric]`.
pub fn metric_table(
    model: &Model,
    reps: &[ReplicationResult],
) -> Vec<Vec<[f64; METRIC_NAMES.len()]>> {
    let scale = model.scenario.population.scale;
    reps.iter()
        .map(|r| r.months.iter().map(|c| metrics(c, scale)).collect())
        .collect()
}

/// The band of each metric in each month: `[month][metric]`.
pub fn summary(table: &[Vec<[f64; METRIC_NAMES.len()]>]) -> Vec<Vec<Band>> {
    let months = table.first().map_or(0, |r| r.len());
    (0..months)
        .map(|t| {
            (0..METRIC_NAMES.len())
                .map(|k| Band::of(&table.iter().map(|r| r[t][k]).collect::<Vec<_>>()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.05) - 1.2).abs() < 1e-12);
        assert_eq!(Band::of(&[2.0]).p95, 2.0);
    }
}
