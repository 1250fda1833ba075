//! Referral across several programmes: someone eligible for more than one is offered each in
//! turn (by `priority`, then file order), with a take-up draw of their own for each, and
//! declining one, or finding it full or out of money, never keeps them from the next.

use gapsim::cancel::Cancel;
use gapsim::engine::{Model, run_replication};
use gapsim::scenario::load_str;
use std::path::Path;

/// Two programmes for disabled people out of work, over the same months: `first` (written
/// by each test) and a voluntary `second` with take-up 0.5.
fn world(first: &str, second_priority: u32) -> String {
    world_with(
        first,
        "start = \"2013-04\"\nend = \"2014-03\"",
        second_priority,
    )
}

/// [`world`] with `programme` written among the first programme's own keys.
fn world_where(first: &str, programme: &str) -> String {
    world_with(
        first,
        &format!("start = \"2013-04\"\nend = \"2014-03\"\n{programme}"),
        0,
    )
}

/// [`world`] with the first programme's referral window `window`.
fn world_with(first: &str, window: &str, second_priority: u32) -> String {
    format!(
        r#"
name = "two programmes"
start = "2013-04"
months = 12
replications = 1
seed = 11

[population]
n_people = 6000
scale = 1000.0

[[programmes]]
name = "First"
{window}
duration_months = 6

[[programmes.payment_groups]]
name = "Disabled, out of work"
benefits = ["none", "jsa", "esa_wrag", "esa_support", "incapacity"]
disabled_only = true
job_outcome_fee = 1000.0
{first}

[[programmes.providers]]
name = "First provider"
share = 1.0
hours_per_participant = 2.0
never_hands_back = true

[[programmes]]
name = "Second"
start = "2013-04"
end = "2014-03"
duration_months = 6
priority = {second_priority}

[[programmes.payment_groups]]
name = "Disabled, out of work"
benefits = ["none", "jsa", "esa_wrag", "esa_support", "incapacity"]
disabled_only = true
entry = "voluntary"
voluntary_take_up = 0.5
job_outcome_fee = 1000.0

[[programmes.providers]]
name = "Second provider"
share = 1.0
hours_per_participant = 2.0
never_hands_back = true
"#
    )
}

/// Starts on each programme over the run (spells begun, ended or not).
fn starts(text: &str) -> [usize; 2] {
    starts_from(text, 0)
}

/// Starts on each programme in the run's first `months` months (0: all).
fn starts_from(text: &str, months: i16) -> [usize; 2] {
    let model =
        Model::new(load_str(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}")));
    let r = run_replication(&model, 0, &Cancel::never(), &|| {}).expect("not cancelled");
    let mut n = [0; 2];
    for p in &r.participations {
        if months == 0 || p.start < months {
            n[p.programme as usize] += 1;
        }
    }
    n
}

#[test]
fn the_second_programme_receives_the_overlap_when_the_first_has_no_take_up_places_or_money() {
    // The first refers nobody in the run: the reference for the second programme on its own.
    let alone = starts(&world_with(
        "entry = \"mandatory\"",
        "start = \"2015-01\"\nend = \"2015-12\"",
        0,
    ));
    let [_, second_alone] = alone;
    assert!(
        second_alone > 100,
        "the second programme starts people: {alone:?}"
    );
    for (why, first, programme) in [
        (
            "declined",
            "entry = \"voluntary\"\nvoluntary_take_up = 0.0",
            "",
        ),
        ("no places", "entry = \"mandatory\"", "starts_per_year = 0"),
        (
            "no money",
            "entry = \"mandatory\"",
            "funding = { budget = 1.0 }",
        ),
    ] {
        let got = starts(&world_where(first, programme));
        assert_eq!(got[0], 0, "{why}: the first programme starts nobody");
        assert_eq!(
            got[1], second_alone,
            "{why}: the second programme receives everyone it would have on its own"
        );
    }
    // With places, money and mandatory entry, the first programme takes the overlap first.
    let both = starts(&world("entry = \"mandatory\"", 0));
    assert!(both[0] > 100, "{both:?}");
    assert!(
        both[1] < second_alone / 2,
        "the first programme, offered first, took most of the overlap: {both:?} against {second_alone}"
    );
    // Offered the second first (a higher priority), it starts in the first month exactly
    // whom it would start alone, and the first takes those who declined it.
    let mandatory_first = world("entry = \"mandatory\"", 5);
    let month_one_alone = starts_from(
        &world_with(
            "entry = \"mandatory\"",
            "start = \"2015-01\"\nend = \"2015-12\"",
            0,
        ),
        1,
    );
    let month_one = starts_from(&mandatory_first, 1);
    assert_eq!(month_one[1], month_one_alone[1], "{month_one:?}");
    assert!(month_one[0] > 0, "{month_one:?}");
    let second_first = starts(&mandatory_first);
    assert!(
        second_first[1] > both[1] * 2,
        "offered first, the second programme starts more: {second_first:?} against {both:?}"
    );
}

/// A world of one mandatory programme for claimants of any benefit whose payment group also
/// has `filters`, with room for everyone; returns, for each start, the starter's state at the
/// end of the month they started and the month.
fn starters(filters: &str) -> Vec<(gapsim::person::Person, i32)> {
    let text = format!(
        r#"
name = "benefit history"
start = "2013-04"
months = 24
replications = 1
seed = 5

[population]
n_people = 20000
scale = 1000.0

[[programmes]]
name = "Claimants"
start = "2013-04"
end = "2015-03"
duration_months = 1
max_caseload = 100000000

[[programmes.payment_groups]]
name = "Claimants"
benefits = ["jsa", "esa_wrag", "esa_support", "incapacity"]
entry = "mandatory"
job_outcome_fee = 1000.0
{filters}

[[programmes.providers]]
name = "Provider"
share = 1.0
hours_per_participant = 1.0
never_hands_back = true
"#
    );
    let model =
        Model::new(load_str(&text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}")));
    let mut w = gapsim::engine::World::new(&model, 0);
    let mut out = Vec::new();
    for _ in 0..24 {
        let t = w.t;
        w.step();
        out.extend(
            w.people
                .iter()
                .filter(|p| p.spell.programme != 0 && p.spell.start as i32 == t)
                .map(|p| (*p, t)),
        );
    }
    out
}

#[test]
fn a_flow_group_refers_claims_begun_the_month_before_and_the_stock_group_any_claim() {
    let stock = starters("");
    let flow = starters("referral = \"flow\"");
    assert!(
        !flow.is_empty() && stock.len() > 3 * flow.len(),
        "{} {}",
        stock.len(),
        flow.len()
    );
    // The claim may begin again within the month of the start (a benefit event after the
    // referral phase), never earlier than the month before.
    assert!(flow.iter().all(|(p, t)| p.claim_start as i32 >= t - 1));
    let begun_before = flow
        .iter()
        .filter(|(p, t)| p.claim_start as i32 == t - 1)
        .count();
    assert!(
        begun_before * 10 >= flow.len() * 9,
        "{begun_before} of {}",
        flow.len()
    );
    // The stock's claims began at any time, many of them over a year before.
    let old = stock
        .iter()
        .filter(|(p, t)| (p.claim_start as i32) < t - 12)
        .count();
    assert!(old * 10 > stock.len(), "{old} of {}", stock.len());
}

#[test]
fn payment_groups_select_on_incapacity_history_and_wca_prognosis() {
    let ex_ib = starters("ever_incapacity = true");
    assert!(!ex_ib.is_empty() && ex_ib.iter().all(|(p, _)| p.ever_incapacity()));
    let never = starters("ever_incapacity = false");
    assert!(!never.is_empty() && never.iter().all(|(p, _)| !p.ever_incapacity()));
    // The prognosis is the one at referral; a reassessment later in the month may change it,
    // so nearly all, not all, of the starters still hold a short one.
    let short = starters("max_prognosis_months = 6");
    let held = short
        .iter()
        .filter(|(p, _)| p.prognosis_months().is_some_and(|m| m <= 6))
        .count();
    assert!(
        !short.is_empty() && held * 20 >= short.len() * 19,
        "{held} of {}",
        short.len()
    );
    let long = starters("min_prognosis_months = 24");
    assert!(
        !long.is_empty()
            && long
                .iter()
                .filter(|(p, _)| p.prognosis_months() == Some(24))
                .count()
                * 20
                >= long.len() * 19
    );
}

#[test]
fn a_combinable_programme_is_held_beside_another_and_each_pays_its_own() {
    // The second programme, voluntary, either cannot or can be combined with the first,
    // mandatory one: first-come places for the same people.
    let apart = world("entry = \"mandatory\"", 0);
    let together = apart.replacen("priority = 0", "priority = 0\ncombinable = true", 1);
    assert_ne!(apart, together);
    let on_both = |text: &str| {
        let model =
            Model::new(load_str(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}")));
        let mut w = gapsim::engine::World::new(&model, 0);
        let (mut both, mut both_supported) = (0usize, 0usize);
        for _ in 0..12 {
            w.step();
            for (idx, sp) in w.second.iter() {
                let first = &w.people[*idx as usize].spell;
                assert!(first.programme != 0, "a second spell only beside a first");
                assert_ne!(
                    first.programme, sp.programme,
                    "never twice on one programme"
                );
                both += 1;
                both_supported += (first.hours_month > 0 && sp.hours_month > 0) as usize;
            }
        }
        let r = w.finish(&Cancel::never(), &|| {}).expect("not cancelled");
        (both, both_supported, r)
    };
    let (both, _, r_apart) = on_both(&apart);
    assert_eq!(both, 0, "without `combinable`, one programme at a time");
    let (both, both_supported, r) = on_both(&together);
    assert!(both > 100, "people on both programmes: {both}");
    // Each programme's provider gives the person its own hours (not every month: a
    // provider spreads its hours by the value it sees, and may give someone none).
    assert!(
        both_supported > 100,
        "months with hours from both providers: {both_supported} of {both}"
    );
    // Spells of one person overlap only across the two programmes, at most two at once.
    let mut by_person: std::collections::BTreeMap<u32, Vec<(u8, i32, i32)>> = Default::default();
    for p in &r.participations {
        let end = p.start as i32 + p.months as i32;
        by_person
            .entry(p.person)
            .or_default()
            .push((p.programme, p.start as i32, end));
    }
    let mut overlapping_outcomes = 0;
    for spells in by_person.values() {
        for (i, a) in spells.iter().enumerate() {
            for b in &spells[i + 1..] {
                if a.1 < b.2 && b.1 < a.2 {
                    assert_ne!(a.0, b.0, "two spells of one programme at once: {spells:?}");
                }
            }
        }
    }
    for p in &r.participations {
        overlapping_outcomes += (p.programme == 1 && p.job_outcome) as usize;
    }
    // The second programme starts the people the first holds too, and pays for their
    // outcomes: more starts and more outcome payments than when it cannot be combined.
    let count = |r: &gapsim::engine::ReplicationResult, pi: u8| {
        r.participations
            .iter()
            .filter(|p| p.programme == pi)
            .count()
    };
    assert!(
        count(&r, 1) > count(&r_apart, 1) * 3 / 2,
        "{} against {}",
        count(&r, 1),
        count(&r_apart, 1)
    );
    // In the first month, before support changes who is out of work, the first programme,
    // offered first, starts the same people either way.
    let first_month = |r: &gapsim::engine::ReplicationResult| {
        let mut v: Vec<u32> = r
            .participations
            .iter()
            .filter(|p| p.programme == 0 && p.start == 0)
            .map(|p| p.person)
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(first_month(&r), first_month(&r_apart));
    assert!(overlapping_outcomes > 0);
    let paid = |r: &gapsim::engine::ReplicationResult| -> f64 {
        r.programme_spend.iter().map(|m| m[1]).sum()
    };
    assert!(
        paid(&r) > paid(&r_apart) * 1.2,
        "{} {}",
        paid(&r),
        paid(&r_apart)
    );
}

#[test]
fn the_bundled_alongside_scenario_puts_people_on_ips_and_another_programme() {
    let path = crate::common::root().join("scenarios/library/ips_alongside_whp.toml");
    let mut s = gapsim::scenario::load(&path).unwrap().into_inner();
    s.population.n_people = 20_000;
    s.months = 12 * 13; // to 2026-03: a year of IPS
    let model = Model::new(gapsim::scenario::Valid::new(s).expect("valid"));
    let mut w = gapsim::engine::World::new(&model, 0);
    let mut most = 0;
    while w.t < model.scenario.months as i32 {
        w.step();
        most = most.max(w.second.len());
    }
    let names: Vec<&str> = w
        .second
        .iter()
        .map(|(idx, sp)| {
            let first = w.people[*idx as usize].spell.programme_index();
            assert!(
                first == 2 || sp.programme_index() == 2,
                "IPS is one of the two"
            );
            model.programmes[first].name.as_str()
        })
        .collect();
    assert!(most > 10, "{most} people on two programmes at most");
    assert!(names.contains(&"Work and Health Programme"), "{names:?}");
}

#[test]
fn a_programme_the_same_in_both_worlds_differs_when_a_combinable_one_can_join_it() {
    let load = |f: &str| {
        let path = crate::common::root().join(f);
        Model::new(gapsim::scenario::load(&path).unwrap_or_else(|e| panic!("{e}")))
    };
    let alongside = load("scenarios/library/ips_alongside_whp.toml");
    let alone = load("scenarios/library/ips_mental_health_national.toml");
    let baseline = load("scenarios/baseline.toml");
    // IPS alone against the baseline: only IPS differs.
    assert_eq!(
        gapsim::counterfactual::differing_programmes(&alone, &baseline),
        [false, false, true]
    );
    // IPS that WHP participants can take: the WHP's participants meet different support, the
    // Work Programme (over before IPS begins) does not.
    assert_eq!(
        gapsim::counterfactual::differing_programmes(&alongside, &alone),
        [false, true, true]
    );
}
