//! Batches: replications in parallel, and the statistics across them.
//!
//! A replication *is* a seed: replication `r` draws from keys rooted at `(seed, r)`. Results
//! are collected in replication order, whatever order rayon finishes them in.

use crate::engine::{Model, ReplicationResult, run_replication};
use crate::metrics::{METRIC_NAMES, metrics};
use rayon::prelude::*;

/// Runs every replication of the model's scenario. `on_month` is called after each simulated
/// month of any replication (from worker threads). After an interrupt no more replications
/// start (the result is then incomplete and discarded by the caller).
pub fn run(model: &Model, on_month: &(dyn Fn() + Sync)) -> Vec<ReplicationResult> {
    (0..model.scenario.replications)
        .into_par_iter()
        .filter(|_| !crate::interrupt::requested())
        .map(|r| run_replication(model, r, on_month))
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
