//! The screen in front of the monthly step (`engine::screen`): its bounds hold, and the
//! engine that uses it draws the same world, in distribution, as the reference engine that
//! steps every person every month.

use crate::common::root;
use gapsim::engine::{Model, World};
use gapsim::metrics::MonthCounts;
use gapsim::scenario::{Scenario, load};

/// Every month of replication `rep`, and the hazards found above their screening bounds.
fn run(s: &Scenario, rep: u32, screening: bool) -> (Vec<MonthCounts>, u64) {
    let mut model = Model::new(s.clone());
    model.screening = screening;
    let mut w = World::new(&model, rep);
    while w.t < s.months as i32 {
        w.step();
    }
    (w.months.clone(), w.screen_violations)
}

fn bundled() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["scenarios", "scenarios/funding_models", "scenarios/library"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn no_hazard_exceeds_its_screening_bound_in_any_bundled_scenario() {
    let files = bundled();
    assert!(files.len() >= 15, "{files:?}");
    for path in files {
        let mut s = load(&path).unwrap();
        s.population.n_people = 5000;
        let (_, violations) = run(&s, 0, true);
        assert_eq!(violations, 0, "{}", path.display());
    }
}

#[test]
fn bounds_hold_when_every_hazard_runs_the_other_way() {
    // Each time-varying term with the sign flipped from the baseline's: the bound must take
    // its largest value at the other end of each block.
    let mut s = load(&root().join("scenarios/baseline.toml")).unwrap();
    s.population.n_people = 5000;
    s.months = 120;
    let c = &mut s.labour;
    c.find_duration = -c.find_duration;
    c.find_demand = -c.find_demand;
    c.loss_demand = -c.loss_demand;
    c.loss_new_job = -c.loss_new_job;
    c.find_young = -1.5;
    c.find_old = 1.0;
    c.loss_young = -1.0;
    c.loss_old = 1.5;
    c.u_to_i_duration = -c.u_to_i_duration;
    let h = &mut s.health;
    std::mem::swap(&mut h.onset_at_16, &mut h.onset_at_64);
    h.conditions.mental.onset_trend_per_year = -0.05;
    h.conditions.musculoskeletal.onset_trend_per_year = 0.08;
    s.benefits.sanction_rate = 0.05;
    let (_, violations) = run(&s, 0, true);
    assert_eq!(violations, 0);
}

/// Employment rates of disabled and non-disabled people and disability prevalence [%].
fn rates(c: &MonthCounts) -> [f64; 3] {
    let all = (c.people[0] + c.people[1]) as f64;
    [
        100.0 * c.employed[1] as f64 / c.people[1] as f64,
        100.0 * c.employed[0] as f64 / c.people[0] as f64,
        100.0 * c.people[1] as f64 / all,
    ]
}

#[test]
fn the_screened_engine_draws_the_reference_world_in_distribution() {
    // Same seeds, so both start from the same population; after five years the pooled rates
    // of 4 × 150,000 people must agree within about four standard errors of their difference
    // (0.2, 0.08 and 0.06 pp). A bound applied wrongly, or a conditional draw with the wrong
    // law, moves them by far more.
    let mut s = load(&root().join("scenarios/baseline.toml")).unwrap();
    s.population.n_people = 150_000;
    s.months = 60;
    let pooled = |screening: bool| {
        let mut sum = MonthCounts::default();
        for rep in 0..4 {
            let (months, _) = run(&s, rep, screening);
            sum.merge(months.last().unwrap());
        }
        rates(&sum)
    };
    let (screened, reference) = (pooled(true), pooled(false));
    for (i, (tol, name)) in [
        (0.8, "disabled"),
        (0.3, "non-disabled"),
        (0.25, "prevalence"),
    ]
    .iter()
    .enumerate()
    {
        assert!(
            (screened[i] - reference[i]).abs() < *tol,
            "{name}: screened {:.3} reference {:.3}",
            screened[i],
            reference[i]
        );
    }
}
