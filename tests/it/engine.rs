//! Properties of the monthly engine.

use crate::common::FLAT_PBR;
use gapsim::engine::{Model, World};
use gapsim::labour::DistanceWeights;
use gapsim::scenario::load_str;
use std::path::Path;

fn model(text: &str) -> Model {
    Model::new(load_str(text, Path::new("test.toml")).expect("valid scenario"))
}

#[test]
fn everyone_is_accounted_for_every_month_and_caseload_stays_within_capacity() {
    let m = model(FLAT_PBR);
    let mut w = World::new(&m, 0);
    let cap = (300_000.0f64 / 1000.0).round() as u64;
    let mut saw_caseload = false;
    for _ in 0..m.scenario.months {
        let c = w.step().clone();
        let n = c.people[0] + c.people[1];
        assert_eq!(n, 6000, "population size changed");
        assert_eq!(
            c.employed[0]
                + c.employed[1]
                + c.unemployed[0]
                + c.unemployed[1]
                + c.inactive[0]
                + c.inactive[1],
            n
        );
        assert!(
            c.caseload <= cap,
            "caseload {} above capacity {cap}",
            c.caseload
        );
        // Participants at the end of the person pass; a provider handing back its contract
        // afterwards (its losses beyond its reserves) may drop its participants that month.
        let handed_back_now = w
            .providers
            .iter()
            .flatten()
            .any(|v| v.handed_back == Some(w.t - 1));
        if !handed_back_now {
            assert_eq!(
                c.caseload,
                w.people.iter().filter(|p| p.on_programme()).count() as u64,
                "caseload count matches the people on programme"
            );
        }
        saw_caseload |= c.caseload == cap;
    }
    assert!(
        saw_caseload,
        "the capacity bound was reached in the test, so it was tested"
    );
}

#[test]
fn under_flat_pbr_providers_give_more_hours_to_those_they_see_closest_to_work() {
    let m = model(FLAT_PBR);
    let mut w = World::new(&m, 0);
    for _ in 0..4 {
        w.step();
    }
    // Hours allocated for the coming month, by assessed distance at referral (accuracy 1).
    let mut seen: Vec<(u8, u8)> = w
        .people
        .iter()
        .filter(|p| p.on_programme() && !p.employed())
        .map(|p| (p.spell.assessed_at_referral, p.spell.hours_month))
        .collect();
    assert!(seen.len() > 200, "enough participants: {}", seen.len());
    seen.sort();
    let q = seen.len() / 4;
    let mean = |s: &[(u8, u8)]| s.iter().map(|x| x.1 as f64 / 4.0).sum::<f64>() / s.len() as f64;
    let closest = mean(&seen[..q]);
    let furthest = mean(&seen[seen.len() - q..]);
    assert!(
        closest > 2.0 * furthest,
        "closest quarter {closest:.2} h, furthest quarter {furthest:.2} h"
    );
}

#[test]
fn starting_employment_rates_match_the_targets() {
    let m = model(&FLAT_PBR.replace("n_people = 6000", "n_people = 40000"));
    let w = World::new(&m, 0);
    let mut emp = [0u64; 2];
    let mut n = [0u64; 2];
    for p in &w.people {
        let g = m.health.disabled(p) as usize;
        n[g] += 1;
        emp[g] += p.employed() as u64;
    }
    let rate = |g: usize| emp[g] as f64 / n[g] as f64;
    assert!((rate(1) - 0.436).abs() < 0.015, "disabled {}", rate(1));
    assert!((rate(0) - 0.768).abs() < 0.01, "non-disabled {}", rate(0));
    // Distances are in range and disabled people are further from work on average.
    let weights = DistanceWeights::new(&m.scenario);
    let mean_d = |g: bool| {
        let ds: Vec<f64> = w
            .people
            .iter()
            .filter(|p| m.health.disabled(p) == g)
            .map(|p| weights.distance(p))
            .collect();
        assert!(ds.iter().all(|d| (0.0..=1.0).contains(d)));
        ds.iter().sum::<f64>() / ds.len() as f64
    };
    assert!(mean_d(true) > mean_d(false) + 0.1);
}

#[test]
fn the_same_seed_gives_the_same_world_and_another_seed_does_not() {
    let m = model(FLAT_PBR);
    let run = |rep| {
        let mut w = World::new(&m, rep);
        (0..6).map(|_| w.step().clone()).collect::<Vec<_>>()
    };
    assert_eq!(run(0), run(0));
    assert_ne!(run(0), run(1));
}

#[test]
fn a_cancelled_replication_is_an_error_never_a_short_result() {
    use gapsim::cancel::{Cancel, Interrupted};
    let m = Model::new(load_str(FLAT_PBR, Path::new("test.toml")).expect("valid scenario"));
    // Cancelled after the third month, from the progress callback as a signal would be.
    let cancel = Cancel::new();
    let months = std::sync::atomic::AtomicU32::new(0);
    let r = gapsim::engine::run_replication(&m, 0, &cancel, &|| {
        if months.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 2 {
            cancel.cancel();
        }
    });
    assert_eq!(r.err(), Some(Interrupted));
    assert_eq!(months.into_inner(), 3, "no month runs after the cancel");
    // Cancelled before it starts: not even the population is drawn.
    let r = gapsim::batch::run(&m, &cancel, &|| panic!("no month may run"));
    assert_eq!(r.err(), Some(Interrupted));
    // A pair too.
    let r = gapsim::counterfactual::run_pair(&m, &m, 0, &cancel, &|| {});
    assert!(matches!(r, Err(Interrupted)));
}

/// In-work support lasts `in_work_support_months` from the start of a programme job whatever
/// the payment rules: attachment once ended when the last payment was made.
#[test]
fn in_work_support_lasts_its_months_after_the_payments_are_done() {
    use gapsim::person::flags;
    let text = FLAT_PBR
        .replace("months = 18", "months = 30")
        .replace(
            "duration_months = 12",
            "duration_months = 3\nin_work_support_months = 12",
        )
        .replace(
            "job_outcome_after_months = 3",
            "job_outcome_after_months = 1",
        )
        .replace("sustainment_max_months = 6", "sustainment_max_months = 0")
        // A contract handed back would end support early for a reason of its own.
        .replace(
            "hours_per_participant = 1.0\n",
            "hours_per_participant = 1.0\nnever_hands_back = true\n",
        )
        + "\n[outputs]\nsustained_job_months = 2\n";
    let m = model(&text);
    let mut w = World::new(&m, 0);
    let mut kept = 0;
    for _ in 0..m.scenario.months {
        let before = w.people.clone();
        w.step();
        let t = w.t - 1;
        for (p0, p1) in before.iter().zip(&w.people) {
            let in_support = p0.on_programme()
                && p0.employed()
                && p0.spell.has_flag(flags::PROGRAMME_JOB)
                && p0.months_in_spell(t) + 1 < 12;
            if in_support && p1.employed() && p1.since == p0.since {
                assert!(
                    p1.on_programme(),
                    "a participant in a programme job left in-work support after {} months",
                    p0.months_in_spell(t) + 1
                );
                kept += (p0.months_in_spell(t) >= 3) as u32;
            }
        }
    }
    assert!(
        kept > 0,
        "some participants were supported past their payments"
    );
}

/// In a world of several areas, each month's area counts add up to the month's totals (the
/// areas' people and employed are carried from month to month and moved only by the people
/// stepped, so a person the screen passes over must not change them), and starts and
/// payments made in an area add up to the programme's.
#[test]
fn area_counts_add_up_to_the_totals_every_month() {
    let text = FLAT_PBR.replace(
        "[[programmes]]",
        "[[areas]]\nname = \"North\"\nshare = 0.3\ndemand = [{ date = \"2013-04\", index = -0.5 }]\n\n[[areas]]\nname = \"Middle\"\nshare = 0.5\n\n[[areas]]\nname = \"South\"\nshare = 0.2\ndemand = [{ date = \"2013-04\", index = 0.5 }]\n\n[[programmes]]\nareas = [\"North\", \"South\"]",
    );
    let m = model(&text);
    let r = gapsim::engine::run_replication(&m, 0, &gapsim::cancel::Cancel::never(), &|| {})
        .expect("run");
    assert_eq!(r.areas.len(), r.months.len());
    for (month, (c, areas)) in r.months.iter().zip(&r.areas).enumerate() {
        for g in 0..2 {
            assert_eq!(
                areas.iter().map(|a| a.people[g]).sum::<u64>(),
                c.people[g],
                "month {month}"
            );
            assert_eq!(
                areas.iter().map(|a| a.employed[g]).sum::<u64>(),
                c.employed[g],
                "month {month}"
            );
        }
        assert_eq!(areas.iter().map(|a| a.starts).sum::<u64>(), c.starts);
        let spend: f64 = areas.iter().map(|a| a.spend).sum();
        assert!(
            (spend - c.spend).abs() <= 1e-9 * c.spend.max(1.0),
            "month {month}"
        );
        assert_eq!(
            areas[1].starts, 0,
            "the programme serves North and South only"
        );
        assert_eq!(areas[1].spend, 0.0);
    }
    assert!(r.areas.iter().any(|a| a[0].starts > 0 && a[2].starts > 0));
}

#[test]
fn the_gap_decomposition_adds_up_to_the_change_in_the_gap_exactly() {
    // Thirty years so that onset, recovery, ageing and moves in and out of work all happen.
    let m = model(&FLAT_PBR.replace("months = 18", "months = 360"));
    let mut w = World::new(&m, 0);
    let months: Vec<_> = (0..m.scenario.months).map(|_| w.step().clone()).collect();
    let gap = |t: usize| {
        let c = &months[t];
        let rate = |g: usize| c.employed[g] as f64 / c.people[g] as f64;
        100.0 * (rate(0) - rate(1))
    };
    for (from, to) in [(0, 1), (0, 11), (11, 23), (0, months.len() - 1)] {
        let parts = gapsim::metrics::gap_decomposition(&months, from, to);
        assert!((parts[0] - (gap(to) - gap(from))).abs() < 1e-9, "{parts:?}");
        let sum: f64 = parts[1..].iter().sum();
        assert!((sum - parts[0]).abs() < 1e-9, "{parts:?}");
    }
    // Over thirty years every kind of move has happened, and both groups always had people.
    let all = gapsim::metrics::gap_decomposition(&months, 0, months.len() - 1);
    assert!(all[1..6].iter().all(|p| *p != 0.0), "{all:?}");
    assert_eq!(all[6], 0.0);
}

#[test]
fn months_with_a_group_empty_count_whole_in_the_gap_decomposition() {
    // Almost no one is disabled: in some months no one is, and `gap_pp` is 0 there.
    let m = model(&format!(
        "{}\n[health]\ndisability_threshold = 0.99\n",
        FLAT_PBR
            .replace("months = 18", "months = 36")
            .replace("n_people = 6000", "n_people = 2000")
    ));
    let mut w = World::new(&m, 0);
    let months: Vec<_> = (0..m.scenario.months).map(|_| w.step().clone()).collect();
    assert!(months.iter().any(|c| c.people[1] == 0) && months.iter().any(|c| c.people[1] > 0));
    let gap = |t: usize| gapsim::metrics::metrics(&months[t], 1.0)[gapsim::metrics::idx::GAP];
    let last = months.len() - 1;
    let parts = gapsim::metrics::gap_decomposition(&months, 0, last);
    assert!((parts[0] - (gap(last) - gap(0))).abs() < 1e-9, "{parts:?}");
    assert!(
        (parts[1..].iter().sum::<f64>() - parts[0]).abs() < 1e-9,
        "{parts:?}"
    );
    assert!(parts[6] != 0.0, "{parts:?}");
}
