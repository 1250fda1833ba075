//! The "halve the gap" questions asked of results: the gap in a calendar year or at the
//! horizon, with its band across replications, and the year in which the gap is halved
//! relative to a base year — within the run, or at the simulated trend beyond it.
//!
//! A year's gap is the mean of the monthly gap over the months of that year that were
//! simulated (the LFS publishes annual figures the same way); "halved" means that mean, over
//! replications, is at most half the base year's.

use crate::batch::Band;
use crate::engine::{Model, ReplicationResult};
use crate::metrics::{idx, metrics};

/// The gap of replication `rep` in each simulated calendar year: (year, mean monthly gap).
pub fn annual_gaps(model: &Model, rep: &ReplicationResult) -> Vec<(i32, f64)> {
    let scale = model.scenario.population.scale;
    let mut out: Vec<(i32, f64, u32)> = Vec::new();
    for (t, c) in rep.months.iter().enumerate() {
        let year = model.scenario.date(t as i32).year();
        let gap = metrics(c, scale)[idx::GAP];
        match out.last_mut() {
            Some(last) if last.0 == year => {
                last.1 += gap;
                last.2 += 1;
            }
            _ => out.push((year, gap, 1)),
        }
    }
    out.into_iter().map(|(y, s, n)| (y, s / n as f64)).collect()
}

/// How many months of calendar year `year` the run simulates.
fn months_in_year(model: &Model, year: i32) -> usize {
    (0..model.scenario.months as i32)
        .filter(|&t| model.scenario.date(t).year() == year)
        .count()
}

/// Each replication's gap in `year`; `None` if the year was not simulated.
pub fn gaps_in_year(model: &Model, reps: &[ReplicationResult], year: i32) -> Option<Vec<f64>> {
    reps.iter()
        .map(|r| {
            annual_gaps(model, r)
                .into_iter()
                .find(|g| g.0 == year)
                .map(|g| g.1)
        })
        .collect()
}

/// The gap in `year` across replications; `None` if the year was not simulated.
pub fn gap_in_year(model: &Model, reps: &[ReplicationResult], year: i32) -> Option<Band> {
    gaps_in_year(model, reps, year)
        .filter(|v| !v.is_empty())
        .map(|v| Band::of(&v))
}

/// Each replication's public spend over the run: programme payments and the employer levers'
/// cost (`MonthCounts::public_spend`) [£].
pub fn spend_per_rep(model: &Model, reps: &[ReplicationResult]) -> Vec<f64> {
    let scale = model.scenario.population.scale;
    reps.iter()
        .map(|r| r.months.iter().map(|c| c.public_spend()).sum::<f64>() * scale)
        .collect()
}

/// The gap over the last 12 simulated months (fewer if the run is shorter), across
/// replications: "the gap at the horizon".
pub fn horizon_gap(model: &Model, reps: &[ReplicationResult]) -> Band {
    Band::of(&horizon_gaps(model, reps))
}

/// Each replication's gap over the last 12 months of the run [pp], in the order of `reps`.
pub fn horizon_gaps(model: &Model, reps: &[ReplicationResult]) -> Vec<f64> {
    let scale = model.scenario.population.scale;
    reps.iter()
        .map(|r| {
            let tail = &r.months[r.months.len().saturating_sub(12)..];
            tail.iter()
                .map(|c| metrics(c, scale)[idx::GAP])
                .sum::<f64>()
                / tail.len().max(1) as f64
        })
        .collect()
}

/// When the gap is halved relative to a base year.
#[derive(Clone, Debug, PartialEq)]
pub struct Halving {
    pub base_year: i32,
    /// Mean gap in the base year [pp].
    pub base_gap: f64,
    /// Half of it [pp].
    pub target: f64,
    /// The first simulated year whose mean gap is at most `target`.
    pub within_run: Option<i32>,
    /// Beyond the run: the year the straight-line trend of the last (up to) five simulated
    /// years reaches `target`, if it is falling and gets there before 2100.
    pub at_trend: Option<f64>,
    /// That trend [pp per year]; `None` with fewer than two full calendar years to draw it
    /// through.
    pub trend_per_year: Option<f64>,
}

impl Halving {
    /// One line for people: "halved in 2029", "halved around 2041 at the simulated trend",
    /// "not halved … nor before 2100 at the simulated trend", or "… the trend is not falling".
    pub fn describe(&self) -> String {
        match (self.within_run, self.at_trend) {
            (Some(y), _) => format!(
                "the {} gap of {:.1} pp is halved in {y}",
                self.base_year, self.base_gap
            ),
            (None, Some(y)) => format!(
                "the {} gap of {:.1} pp is not halved within the horizon; at the simulated trend ({:+.2} pp a year) it would be around {:.0}",
                self.base_year,
                self.base_gap,
                self.trend_per_year.unwrap_or(0.0),
                y
            ),
            (None, None) => match self.trend_per_year {
                None => format!(
                    "the {} gap of {:.1} pp is not halved within the horizon, which has fewer than two full calendar years: too few for a trend",
                    self.base_year, self.base_gap
                ),
                Some(t) if t < 0.0 => format!(
                    "the {} gap of {:.1} pp is not halved within the horizon, nor before 2100 at the simulated trend ({t:+.2} pp a year)",
                    self.base_year, self.base_gap
                ),
                Some(t) => format!(
                    "the {} gap of {:.1} pp is not halved within the horizon, nor at the simulated trend ({t:+.2} pp a year), which is not falling",
                    self.base_year, self.base_gap
                ),
            },
        }
    }
}

/// The year the gap (mean over replications) is halved relative to `base_year`; `None` if the
/// base year was not simulated.
pub fn halving(model: &Model, reps: &[ReplicationResult], base_year: i32) -> Option<Halving> {
    let per_rep: Vec<Vec<(i32, f64)>> = reps.iter().map(|r| annual_gaps(model, r)).collect();
    let years: Vec<i32> = per_rep.first()?.iter().map(|g| g.0).collect();
    let mean: Vec<(i32, f64)> = years
        .iter()
        .enumerate()
        .map(|(i, &y)| {
            let v: f64 = per_rep.iter().map(|r| r[i].1).sum::<f64>() / per_rep.len() as f64;
            (y, v)
        })
        .collect();
    let base_gap = mean.iter().find(|g| g.0 == base_year)?.1;
    let target = base_gap / 2.0;
    let within_run = mean
        .iter()
        .find(|g| g.0 > base_year && g.1 <= target)
        .map(|g| g.0);
    // Straight-line trend through the last five annual means of full calendar years (least
    // squares): a part year's mean is of other months, so it would bend the line (a run ending
    // in March took its last "year" from three winter months).
    let full: Vec<(i32, f64)> = mean
        .iter()
        .copied()
        .filter(|g| months_in_year(model, g.0) == 12)
        .collect();
    let tail = &full[full.len().saturating_sub(5)..];
    if tail.is_empty() {
        return Some(Halving {
            base_year,
            base_gap,
            target,
            within_run,
            at_trend: None,
            trend_per_year: None,
        });
    }
    let n = tail.len() as f64;
    let (mx, my) = (
        tail.iter().map(|g| g.0 as f64).sum::<f64>() / n,
        tail.iter().map(|g| g.1).sum::<f64>() / n,
    );
    let sxx: f64 = tail.iter().map(|g| (g.0 as f64 - mx).powi(2)).sum();
    let sxy: f64 = tail.iter().map(|g| (g.0 as f64 - mx) * (g.1 - my)).sum();
    // One full year draws no line.
    let slope = (sxx > 0.0).then(|| sxy / sxx);
    let at_trend = slope
        .filter(|&s| within_run.is_none() && s < 0.0)
        .map(|s| mx + (target - my) / s)
        .filter(|y| *y < 2100.0);
    Some(Halving {
        base_year,
        base_gap,
        target,
        within_run,
        at_trend,
        trend_per_year: slope,
    })
}

/// The base year a run is measured against: 2015 (the year of the "halve the gap" pledge) if
/// it was simulated in full, else the first full simulated year, else the first year.
pub fn default_base_year(model: &Model) -> i32 {
    let s = &model.scenario;
    let first_full = if s.start.month() == 1 {
        s.start.year()
    } else {
        s.start.year() + 1
    };
    let last_full = if s.end().month() == 12 {
        s.end().year()
    } else {
        s.end().year() - 1
    };
    if (first_full..=last_full).contains(&2015) {
        2015
    } else if first_full <= last_full {
        first_full
    } else {
        s.start.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_halving_line_says_when_and_why_not() {
        let h = |within_run, at_trend, trend_per_year| {
            Halving {
                base_year: 2015,
                base_gap: 33.0,
                target: 16.5,
                within_run,
                at_trend,
                trend_per_year,
            }
            .describe()
        };
        assert!(h(Some(2029), None, Some(-1.5)).ends_with("is halved in 2029"));
        assert!(h(None, Some(2041.2), Some(-0.6)).ends_with("it would be around 2041"));
        assert!(
            h(None, None, Some(-0.1)).contains("nor before 2100 at the simulated trend (-0.10")
        );
        assert!(h(None, None, Some(0.2)).ends_with("(+0.20 pp a year), which is not falling"));
        assert!(h(None, None, None).ends_with("too few for a trend"));
    }
}
