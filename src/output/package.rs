//! The files of a package search (`gapsim target` with several levers): `package.csv` (the
//! answer), `package_evaluations.csv` (every package tried) and `package.txt`. No file system
//! access here.

use super::table::{dynamic, num};
use crate::batch::Band;

/// One lever of a package search.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    /// The scenario key, e.g. `employers.attitude_change`.
    pub key: String,
    /// Values searched, from and to.
    pub range: (f64, f64),
    /// Whole numbers only.
    pub whole: bool,
    /// Cost per unit of the key over the run, added to the run's own spend [£ per unit].
    pub cost_per_unit: f64,
}

/// One package tried: the levers' values and, per replication, the gap in the goal year, the
/// goal (half the base year's gap) and the cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    pub values: Vec<f64>,
    /// Where it came from: `design` (the grid), `search` (the simplex search) or `polish`
    /// (the bisection after it).
    pub stage: &'static str,
    /// Per replication [pp].
    pub gap_by: Vec<f64>,
    pub goal: Vec<f64>,
    /// Per replication: the run's public spend (programmes and employer levers) plus each
    /// lever's value times its cost per unit [£].
    pub cost: Vec<f64>,
}

impl Package {
    pub fn gap(&self) -> Band {
        Band::of(&self.gap_by)
    }
    pub fn goal_mean(&self) -> f64 {
        Band::of(&self.goal).mean
    }
    pub fn cost_band(&self) -> Band {
        Band::of(&self.cost)
    }
    /// Meets the goal on average over replications.
    pub fn meets_goal(&self) -> bool {
        self.gap().mean <= self.goal_mean()
    }
    /// Replications in which it meets the goal.
    pub fn replications_meeting(&self) -> usize {
        self.gap_by
            .iter()
            .zip(&self.goal)
            .filter(|(g, h)| g <= h)
            .count()
    }
}

/// What a package search found.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageSearch {
    pub levers: Vec<Lever>,
    pub base_year: i32,
    pub by: i32,
    /// Every package tried, in the order tried.
    pub packages: Vec<Package>,
    /// Index of the cheapest package that meets the goal, if any does.
    pub answer: Option<usize>,
}

impl PackageSearch {
    /// What a package's cost is made of, in words: public spending, and the costs given with
    /// the levers (`@COST`) when any was.
    pub fn cost_words(&self) -> &'static str {
        if self.levers.iter().any(|l| l.cost_per_unit > 0.0) {
            "of public spending and the levers' given costs"
        } else {
            "of public spending"
        }
    }

    /// What package `p` costs more than the first package tried, every lever at the low end of
    /// its range, replication by replication [£]: the package's own cost, without the spending
    /// the scenario makes anyway.
    pub fn added_cost(&self, p: &Package) -> Band {
        let lowest = &self.packages[0].cost;
        let d: Vec<f64> = p.cost.iter().zip(lowest).map(|(a, b)| a - b).collect();
        Band::of(&d)
    }

    /// The frontier of cost against the gap reached: the packages no other package beats on
    /// both (cheaper or as cheap, and a gap as low or lower), by increasing cost. Indices.
    pub fn frontier(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.packages.len()).collect();
        let key = |i: &usize| {
            let p = &self.packages[*i];
            (p.cost_band().mean, p.gap().mean)
        };
        order.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        let mut best = f64::INFINITY;
        order
            .into_iter()
            .filter(|i| {
                let gap = key(i).1;
                let keep = gap < best;
                best = best.min(gap);
                keep
            })
            .collect()
    }

    /// The package with the lowest mean gap.
    pub fn closest(&self) -> usize {
        (0..self.packages.len())
            .min_by(|&a, &b| {
                let (pa, pb) = (&self.packages[a], &self.packages[b]);
                (pa.gap().mean - pa.goal_mean()).total_cmp(&(pb.gap().mean - pb.goal_mean()))
            })
            .expect("a search tries at least one package")
    }
}

fn band_cells(b: Band) -> [String; 3] {
    [num(b.mean), num(b.p05), num(b.p95)]
}

/// `package.csv`: one row, the answer (the cheapest package meeting the goal) or, when none
/// does, the package closest to it, with `meets_goal` saying which.
pub fn package_csv(s: &PackageSearch) -> Vec<u8> {
    let i = s.answer.unwrap_or_else(|| s.closest());
    let p = &s.packages[i];
    let mut header: Vec<String> = s.levers.iter().map(|l| l.key.clone()).collect();
    header.extend(
        [
            "base_year",
            "by_year",
            "meets_goal",
            "goal_gap_pp_mean",
            "gap_pp_by_mean",
            "gap_pp_by_p05",
            "gap_pp_by_p95",
            "cost_gbp_mean",
            "cost_gbp_p05",
            "cost_gbp_p95",
            "added_cost_gbp_mean",
            "added_cost_gbp_p05",
            "added_cost_gbp_p95",
            "replications_meeting",
            "replications",
        ]
        .map(String::from),
    );
    let mut row: Vec<String> = p.values.iter().map(|v| num(*v)).collect();
    row.extend([
        s.base_year.to_string(),
        s.by.to_string(),
        s.answer.is_some().to_string(),
        num(p.goal_mean()),
    ]);
    row.extend(band_cells(p.gap()));
    row.extend(band_cells(p.cost_band()));
    row.extend(band_cells(s.added_cost(p)));
    row.extend([
        p.replications_meeting().to_string(),
        p.gap_by.len().to_string(),
    ]);
    dynamic(&header, [row])
}

/// `package_evaluations.csv`: every package tried, in the order tried, with the gap in the
/// goal year, the goal, the cost, whether it meets the goal and whether it is on the frontier.
pub fn package_evaluations_csv(s: &PackageSearch) -> Vec<u8> {
    let frontier = s.frontier();
    let mut header: Vec<String> = vec!["package".into(), "stage".into()];
    header.extend(s.levers.iter().map(|l| l.key.clone()));
    header.extend(
        [
            "gap_pp_by_mean",
            "gap_pp_by_p05",
            "gap_pp_by_p95",
            "goal_gap_pp_mean",
            "cost_gbp_mean",
            "cost_gbp_p05",
            "cost_gbp_p95",
            "added_cost_gbp_mean",
            "meets_goal",
            "on_frontier",
        ]
        .map(String::from),
    );
    let rows = s.packages.iter().enumerate().map(|(i, p)| {
        let mut row = vec![(i + 1).to_string(), p.stage.to_string()];
        row.extend(p.values.iter().map(|v| num(*v)));
        row.extend(band_cells(p.gap()));
        row.push(num(p.goal_mean()));
        row.extend(band_cells(p.cost_band()));
        row.push(num(s.added_cost(p).mean));
        row.push(p.meets_goal().to_string());
        row.push(frontier.contains(&i).to_string());
        row
    });
    dynamic(&header, rows)
}

/// A package in words: `key = value, key = value`.
pub fn describe(s: &PackageSearch, p: &Package) -> String {
    s.levers
        .iter()
        .zip(&p.values)
        .map(|(l, v)| format!("{} = {}", l.key, super::explore::lever_value(&l.key, *v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the search found, in one paragraph for people.
pub fn package_message(s: &PackageSearch) -> String {
    let money = |v: f64| super::report::Unit::Pounds.format(v);
    match s.answer {
        Some(i) => {
            let p = &s.packages[i];
            let (g, c) = (p.gap(), p.cost_band());
            format!(
                "the cheapest package tried that halves the {} gap by {} is {}: a gap of {:.1} pp \
                 [{:.1} to {:.1}] in {} against a goal of {:.1} pp, met in {} of {} \
                 replications, for {} [{} to {}] {} over the run, {} more than with every lever at \
                 its lowest ({} packages tried)",
                s.base_year,
                s.by,
                describe(s, p),
                g.mean,
                g.p05,
                g.p95,
                s.by,
                p.goal_mean(),
                p.replications_meeting(),
                p.gap_by.len(),
                money(c.mean),
                money(c.p05),
                money(c.p95),
                s.cost_words(),
                money(s.added_cost(p).mean),
                s.packages.len()
            )
        }
        None => {
            let p = &s.packages[s.closest()];
            let (g, c) = (p.gap(), p.cost_band());
            format!(
                "no package tried halves the {} gap by {}: the closest is {}, with a gap of {:.1} \
                 pp [{:.1} to {:.1}] in {} against a goal of {:.1} pp (met in {}), for {} [{} to {}] {} \
                 over the run, {} more than with every lever at its lowest; \
                 package_evaluations.csv gives the frontier of cost against the gap reached ({} \
                 packages tried, {} on the frontier)",
                s.base_year,
                s.by,
                describe(s, p),
                g.mean,
                g.p05,
                g.p95,
                s.by,
                p.goal_mean(),
                super::share_of(p.replications_meeting(), p.gap_by.len(), "replication"),
                money(c.mean),
                money(c.p05),
                money(c.p95),
                s.cost_words(),
                money(s.added_cost(p).mean),
                s.packages.len(),
                s.frontier().len()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(values: f64, gap: f64, cost: f64) -> Package {
        Package {
            values: vec![values],
            stage: "design",
            gap_by: vec![gap, gap],
            goal: vec![10.0, 10.0],
            cost: vec![cost, cost],
        }
    }

    #[test]
    fn the_frontier_keeps_only_packages_nothing_beats_on_both_cost_and_gap() {
        let s = PackageSearch {
            levers: vec![Lever {
                key: "k".into(),
                range: (0.0, 1.0),
                whole: false,
                cost_per_unit: 0.0,
            }],
            base_year: 2015,
            by: 2030,
            packages: vec![
                package(0.0, 20.0, 0.0),
                package(0.5, 15.0, 5.0),
                package(0.6, 16.0, 6.0), // dearer and worse than the one before
                package(1.0, 9.0, 10.0),
            ],
            answer: Some(3),
        };
        assert_eq!(s.frontier(), vec![0, 1, 3]);
        assert_eq!(s.closest(), 3);
        let csv = String::from_utf8(package_evaluations_csv(&s)).unwrap();
        assert_eq!(csv.lines().count(), 5);
        assert!(csv.lines().nth(3).unwrap().ends_with("6.0000,false,false"));
        assert!(package_message(&s).contains("k = 1"));
    }
}
