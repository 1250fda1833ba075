//! Employers (`[employers]`, `gapsim::employer`): the hiring levers raise disabled people's
//! hiring, the job-quality stocks the world keeps are the people's, a wage subsidy's spend is
//! what its jobs lasted, and a vacancy constraint takes added hires from other people.

use gapsim::engine::{Model, World};
use gapsim::metrics::MonthCounts;
use gapsim::scenario::load;

fn model(file: &str, sets: &[(&str, toml::Value)], people: u32) -> Model {
    let path = crate::common::root().join(file);
    let mut s = load(&path).unwrap().into_inner();
    s.population.n_people = people;
    let mut t = toml::Table::try_from(&s).expect("serialises");
    for (k, v) in sets {
        gapsim::scenario::set_path(&mut t, k, v.clone()).expect("a key");
    }
    let s: gapsim::scenario::Scenario = t.try_into().expect("still a scenario");
    Model::new(gapsim::scenario::Valid::new(s).expect("valid"))
}

fn months(m: &Model, n: i32) -> (Vec<MonthCounts>, World<'_>) {
    let mut w = World::new(m, 0);
    while w.t < n {
        w.step();
    }
    (w.months.clone(), w)
}

fn f(v: f64) -> toml::Value {
    toml::Value::Float(v)
}

#[test]
fn the_job_quality_stocks_are_the_peoples_every_month() {
    // Kept as stocks and moved only by the people stepped; counted afresh here. Access to Work
    // from a date: a regime change re-counts which jobs are adjusted.
    let m = model(
        "scenarios/library/employers/access_to_work.toml",
        &[],
        10_000,
    );
    let mut w = World::new(&m, 0);
    let e = &m.scenario.employers;
    while w.t < 160 {
        let t = w.t;
        let jobs = w.step().jobs;
        let e_now = &m.at(t).scenario.employers;
        let mut fresh = [0u64; 6];
        for p in &w.people {
            let s = gapsim::employer::job_slots(e_now, p, m.health.disabled(p));
            fresh.iter_mut().zip(s).for_each(|(a, b)| *a += b as u64);
        }
        assert_eq!(
            [
                jobs.part_time[0],
                jobs.part_time[1],
                jobs.underemployed[0],
                jobs.underemployed[1],
                jobs.adjusted,
                jobs.funded
            ],
            fresh,
            "month {t}"
        );
    }
    assert_eq!(e.access_to_work, 0.0);
    assert!(w.months.last().unwrap().jobs.funded > 0);
}

#[test]
fn each_hiring_lever_raises_disabled_hiring_and_only_theirs() {
    let base = model("scenarios/baseline.toml", &[], 20_000);
    let (b, _) = months(&base, 36);
    let entered =
        |ms: &[MonthCounts], g: usize| -> u64 { ms.iter().map(|c| c.composition.entered[g]).sum() };
    for (key, value) in [
        ("employers.attitude_change", 1.0),
        ("employers.wage_subsidy", 2000.0),
        ("employers.quota", 0.5),
    ] {
        let m = model("scenarios/baseline.toml", &[(key, f(value))], 20_000);
        let (s, _) = months(&m, 36);
        assert!(
            entered(&s, 1) as f64 > 1.05 * entered(&b, 1) as f64,
            "{key}: disabled entries {} against {}",
            entered(&s, 1),
            entered(&b, 1)
        );
        let added: u64 = s.iter().map(|c| c.hiring.added).sum();
        let added_before: u64 = b.iter().map(|c| c.hiring.added).sum();
        assert!(added > added_before, "{key}");
    }
}

#[test]
fn a_wage_subsidy_costs_what_its_jobs_lasted() {
    // Committed at the hire, returned for months a job did not last: over a run, the spend is
    // the subsidy times the months each subsidised job lasted within its subsidy (counted here
    // from the people at the end of every month).
    let m = model(
        "scenarios/baseline.toml",
        &[
            ("employers.wage_subsidy", f(300.0)),
            ("employers.wage_subsidy_months", toml::Value::Integer(6)),
        ],
        5_000,
    );
    let mut w = World::new(&m, 0);
    let mut paid_months = 0u64;
    while w.t < m.scenario.months as i32 {
        let t = w.t;
        w.step();
        for p in &w.people {
            if p.employed()
                && p.job & gapsim::person::job::SUBSIDISED != 0
                && (t - p.since as i32) < 6
            {
                paid_months += 1;
            }
        }
    }
    let spend: f64 = w.months.iter().map(|c| c.hiring.wage_subsidy_spend).sum();
    let hires: u64 = w.months.iter().map(|c| c.hiring.subsidised).sum();
    assert!(hires > 100, "{hires}");
    assert!(
        (spend - 300.0 * paid_months as f64).abs() < 1e-6 * spend,
        "{spend} against {paid_months} months paid"
    );
}

#[test]
fn a_vacancy_constraint_changes_nothing_until_hires_are_added() {
    // No programme and no sanctions: nothing adds hires, so every would-be hire is taken and
    // the constrained world is the unconstrained one, month by month.
    let quiet = [
        ("benefits.sanction_rate", f(0.0)),
        ("programmes", toml::Value::Array(vec![])),
    ];
    let free = model("scenarios/baseline.toml", &quiet, 5_000);
    let mut sets = quiet.to_vec();
    sets.push(("employers.vacancy_constrained", toml::Value::Boolean(true)));
    let constrained = model("scenarios/baseline.toml", &sets, 5_000);
    let (a, _) = months(&free, 60);
    let (b, _) = months(&constrained, 60);
    assert_eq!(a, b);
    assert!(b.iter().all(|c| c.hiring.displaced == 0));
}

#[test]
fn where_vacancies_are_constrained_a_subsidy_mostly_moves_jobs_between_people() {
    let subsidy = [("employers.wage_subsidy", f(5000.0))];
    let employed_at_end = |file: &str, sets: &[(&str, toml::Value)]| {
        let m = model(file, sets, 20_000);
        let (ms, _) = months(&m, 48);
        let last = ms.last().unwrap().clone();
        let displaced: u64 = ms.iter().map(|c| c.hiring.displaced).sum();
        (last.employed, displaced)
    };
    let free = "scenarios/baseline.toml";
    let world = "scenarios/library/employers/vacancies/world.toml";
    let (free_b, _) = employed_at_end(free, &[]);
    let (free_s, _) = employed_at_end(free, &subsidy);
    let (con_b, _) = employed_at_end(world, &[]);
    let (con_s, displaced) = employed_at_end(world, &subsidy);
    let total = |e: [u64; 2]| (e[0] + e[1]) as i64;
    let gain_free = total(free_s) - total(free_b);
    let gain_con = total(con_s) - total(con_b);
    assert!(displaced > 0);
    assert!(
        gain_free > 100 && gain_con < gain_free / 2,
        "employment gained: {gain_free} unconstrained, {gain_con} constrained"
    );
    // Disabled people still gain: hired in others' place.
    assert!(
        con_s[1] > con_b[1] + 100,
        "disabled in work {} against {}",
        con_s[1],
        con_b[1]
    );
}
