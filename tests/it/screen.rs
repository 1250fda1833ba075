//! The screen in front of the monthly step (`engine::screen`): its bounds hold, and the
//! engine that uses it gives exactly what the reference engine that steps every person every
//! month gives.

use crate::common::root;
use gapsim::engine::{Model, World};
use gapsim::metrics::MonthCounts;
use gapsim::scenario::{Scenario, load};

/// Every month of replication `rep`, and the hazards found above their screening bounds.
fn run(s: &Scenario, rep: u32, screening: bool) -> (Vec<MonthCounts>, u64) {
    let mut model = Model::new(gapsim::scenario::Valid::new(s.clone()).expect("valid scenario"));
    model.set_screening(screening, true);
    let mut w = World::new(&model, rep);
    while w.t < s.months as i32 {
        w.step();
    }
    (w.months.clone(), w.screen_violations)
}

fn bundled() -> Vec<std::path::PathBuf> {
    crate::common::bundled_files()
}

#[test]
fn no_hazard_exceeds_its_screening_bound_in_any_bundled_scenario() {
    let files = bundled();
    assert!(files.len() >= 15, "{files:?}");
    for path in files {
        let mut s = load(&path).unwrap().into_inner();
        s.population.n_people = 5000;
        let (_, violations) = run(&s, 0, true);
        assert_eq!(violations, 0, "{}", path.display());
    }
}

#[test]
fn bounds_hold_when_every_hazard_runs_the_other_way() {
    // Each time-varying term with the sign flipped from the baseline's: the bound must take
    // its largest value at the other end of each block.
    let mut s = load(&root().join("scenarios/baseline.toml"))
        .unwrap()
        .into_inner();
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

#[test]
fn the_screened_engine_is_the_reference_engine_exactly() {
    // The screen only skips people whose uniforms cannot fire any process, and every uniform
    // is the same however the person is stepped: month by month, every count, spell and
    // payment is the same as when everyone is stepped in full. Scenarios with programmes,
    // sanctions and hand-backs exercise every path.
    for file in [
        "scenarios/baseline.toml",
        "scenarios/library/tougher_sanctions.toml",
        "scenarios/funding_models/personal_budgets.toml",
        "scenarios/library/gm_working_well.toml",
        // People on two programmes at once.
        "scenarios/library/ips_alongside_whp.toml",
        // Referrals of people in work, off sick.
        "scenarios/library/early_intervention_absence.toml",
        // Employer levers: a quota's pull moves month by month; hires taken or not for want
        // of a vacancy.
        "scenarios/library/employers/quota.toml",
        "scenarios/library/employers/vacancies/wage_subsidy.toml",
    ] {
        let mut s = load(&root().join(file)).unwrap().into_inner();
        s.population.n_people = 20_000;
        let result = |screening: bool| {
            let mut model =
                Model::new(gapsim::scenario::Valid::new(s.clone()).expect("valid scenario"));
            model.set_screening(screening, false);
            let r = gapsim::engine::run_replication(
                &model,
                1,
                &gapsim::cancel::Cancel::never(),
                &|| (),
            )
            .expect("never cancelled");
            serde_json::to_string(&r).unwrap()
        };
        assert!(result(true) == result(false), "{file}");
    }
}

#[test]
fn an_easing_in_work_keeps_the_limits_only_where_it_lowers_every_hazard() {
    // In the baseline an easing of barriers lowers the distance from work and with it job loss
    // and the start of a sickness absence, so the limits still hold after it and it needs no
    // new ones. Where job loss falls with distance, an easing raises it: the engine then sets
    // new limits after each easing, and had it kept the old ones the check would find job
    // losses above them.
    let mut s = load(&root().join("scenarios/baseline.toml"))
        .unwrap()
        .into_inner();
    s.population.n_people = 5000;
    s.months = 60;
    let model = |s: &Scenario| Model::new(gapsim::scenario::Valid::new(s.clone()).unwrap());
    assert!(model(&s).easing_lowers_hazards);
    s.labour.loss_distance = -4.0;
    assert!(!model(&s).easing_lowers_hazards);
    let violations = |keep: bool| {
        let mut m = model(&s);
        m.easing_lowers_hazards = keep;
        m.set_screening(true, true);
        let mut w = World::new(&m, 0);
        while w.t < s.months as i32 {
            w.step();
        }
        w.screen_violations
    };
    assert_eq!(violations(false), 0);
    assert!(violations(true) > 0);
}
