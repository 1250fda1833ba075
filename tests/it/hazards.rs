//! Each mechanism against its own parameter: on a constructed population of identical people,
//! one month of the engine moves the share of them that the scenario's coefficients imply,
//! computed with the library's own hazard functions.
//!
//! Method: a small scenario, the reference engine (`Model::screening` off, so every person is
//! stepped in full and the screening column built for the synthesised people does not matter;
//! only the referral phase reads it, see the take-up test), the synthesised people replaced by
//! copies of one `Person` in a chosen state (or two, each filling half), one `World::step`, and
//! the observed share compared with the expected probability: within 4 standard errors,
//! `sqrt(p (1 − p) / n)`. The other processes of the month are made quiet by scenario keys
//! where they could change the state the hazard reads (the month's order is health, barriers,
//! then work and benefits: `MonthCtx::events`), and accounted for where they come first in the
//! same branch (job finding before the moves between unemployment and inactivity). Every
//! expected probability is checked to be well inside (0, 1), so each test can fail.

use gapsim::benefit;
use gapsim::engine::{Model, World};
use gapsim::labour::{self, logistic};
use gapsim::person::{Benefit, Condition, Person, Status, from_unit};
use gapsim::scenario::load_str;
use std::path::Path;

/// People in each constructed population.
const N: usize = 100_000;
/// Age of the constructed people [months]: 40, outside the young and old age effects.
const AGE: i32 = 40 * 12;
/// Their area's demand index in month 0.
const DEMAND: f64 = 0.5;

/// The scenario every test starts from: one area with demand 0.5 and `N` people, for the
/// reference engine; `sections` adds the test's own tables (each table once).
fn model(sections: &str) -> Model {
    let text = format!(
        r#"
name = "hazards"
start = "2013-04"
months = 3
replications = 1
seed = 11

[population]
n_people = {N}

[[areas]]
name = "A"
share = 1.0
demand = [{{ date = "2013-04", index = {DEMAND} }}]

{sections}
"#
    );
    let mut m = Model::new(load_str(&text, Path::new("hazards.toml")).expect("valid scenario"));
    m.set_screening(false, false);
    assert_eq!(m.demand[0][0], DEMAND);
    m
}

/// A person aged [`AGE`] in month 0 in `status` since `months` ago, with no condition, no
/// benefit and these barriers (skills, confidence, isolation, caring, chaotic).
fn person(status: Status, months: i32, barriers: [f64; 5]) -> Person {
    Person {
        born: -AGE as i16,
        since: -months as i16,
        status,
        barriers: barriers.map(from_unit),
        ..Person::default()
    }
}

const BARRIERS: [f64; 5] = [0.3, 0.2, 0.25, 0.1, 0.1];

/// Replaces the people of a new world with copies of `people`, each `people[k]` filling the
/// `k`th equal block, steps month 0 and returns the people at its end, in blocks.
fn one_month(m: &Model, people: &[Person]) -> Vec<Vec<Person>> {
    let mut w = World::new(m, 0);
    let per = w.people.len() / people.len();
    for (i, p) in w.people.iter_mut().enumerate() {
        *p = people[(i / per).min(people.len() - 1)];
    }
    w.step();
    w.people
        .chunks(per)
        .take(people.len())
        .map(<[_]>::to_vec)
        .collect()
}

/// Asserts that `hits` of `n` is within 4 standard errors of the probability `p`, which must
/// be far enough from 0 and 1 for the check to be able to fail.
fn check(what: &str, hits: usize, n: usize, p: f64) {
    assert!(
        (0.02..=0.6).contains(&p),
        "{what}: expected probability {p} is too close to 0 or 1 to test"
    );
    let observed = hits as f64 / n as f64;
    let se = (p * (1.0 - p) / n as f64).sqrt();
    eprintln!(
        "{what}: observed {observed:.5} ({hits} of {n}), expected {p:.5}, {:+.2} standard errors",
        (observed - p) / se
    );
    assert!(
        (observed - p).abs() <= 4.0 * se,
        "{what}: observed {observed:.5} ({hits} of {n}), expected {p:.5}: more than 4 standard \
         errors ({se:.5} each) apart"
    );
}

fn count(people: &[Person], f: impl Fn(&Person) -> bool) -> usize {
    people.iter().filter(|p| f(p)).count()
}

/// No onset, relapse, severity changes or barrier changes: the state the labour hazards read
/// stays as constructed through the month's health and barrier steps.
const QUIET_HEALTH: &str = r#"
[health]
onset_at_16 = 0.0
onset_at_64 = 0.0
relapse = 0.0
severity_change_rate = 0.0

[barriers]
long_workless_worsening = 0.0
in_work_easing = 0.0
"#;

/// Job finding (`labour::find_logodds`): an unemployed person 6 months out of work at 40, and
/// an inactive person 30 months out at 62 (the inactive and old terms, deeper scarring); the
/// share in work after the month is the logistic of the log-odds, within 4 standard errors.
#[test]
fn job_finding_happens_at_the_rate_find_logodds_implies() {
    let m = model(&format!(
        "{QUIET_HEALTH}\n[labour]\nfind_intercept = 1.0\nfind_inactive = -0.5\nfind_old = -0.3\n"
    ));
    let c = &m.scenario.labour;
    let a = person(Status::Unemployed, 6, BARRIERS);
    let b = Person {
        born: -(62 * 12),
        ..person(Status::Inactive, 30, [0.5, 0.3, 0.4, 0.2, 0.1])
    };
    let after = one_month(&m, &[a, b]);
    for (p, people, months, age) in [(a, &after[0], 6, AGE), (b, &after[1], 30, 62 * 12)] {
        let d = m.weights.distance(&p);
        let iso = p.barrier(labour::ISOLATION);
        let inactive = p.status == Status::Inactive;
        let f = logistic(labour::find_logodds(
            c,
            d,
            months,
            DEMAND,
            iso,
            labour::percentile_z(p.readiness),
            age,
            inactive,
        ));
        let found = count(people, |q| q.employed() && q.since == 0);
        check(
            &format!("job finding, {:?}", p.status),
            found,
            people.len(),
            f,
        );
    }
}

/// Job loss (`labour::loss_logodds`): in work for 24 months at 40, and for 3 months at 62 (the
/// new-job and old terms); the share out of work after the month is the logistic of the
/// log-odds, and of those, the share inactive is `labour::exit_inactive` (with the life-stage
/// pull), each within 4 standard errors.
#[test]
fn job_loss_happens_at_the_rate_loss_logodds_implies() {
    let m = model(&format!(
        "{QUIET_HEALTH}\n[labour]\nloss_intercept = -3.5\n"
    ));
    let c = &m.scenario.labour;
    let a = person(Status::Employed, 24, BARRIERS);
    let b = Person {
        born: -(62 * 12),
        ..person(Status::Employed, 3, [0.4, 0.3, 0.3, 0.2, 0.2])
    };
    let after = one_month(&m, &[a, b]);
    for (p, people, tenure, age) in [(a, &after[0], 24, AGE), (b, &after[1], 3, 62 * 12)] {
        let d = m.weights.distance(&p);
        let fit = labour::percentile_z(p.job_match);
        // With the job's quality: these people's jobs are part-time and underemployed (hours
        // percentile 0).
        let quality = gapsim::employer::loss_term(&m.scenario.employers, &p, false);
        assert!(quality > 0.0);
        let q = logistic(labour::loss_logodds(c, d, tenure, DEMAND, age, fit) + quality);
        let lost: Vec<Person> = people.iter().filter(|x| !x.employed()).copied().collect();
        check(
            &format!("job loss, tenure {tenure}"),
            lost.len(),
            people.len(),
            q,
        );
        let stage = labour::life_stage(c, age, p.barrier(labour::CARING));
        let to_inactive = labour::exit_inactive(c, d, stage);
        check(
            &format!("job loss to inactivity, tenure {tenure}"),
            count(&lost, |x| x.status == Status::Inactive),
            lost.len(),
            to_inactive,
        );
    }
}

/// Unemployment to inactivity (`labour::u_to_i`): an unemployed person 8 months out of work
/// who does not find a job gives up searching at `u_to_i(d, 8)`; job finding comes first in
/// the month, so the expected share is `(1 − find) · u_to_i` (job finding is made negligible by
/// its intercept, and accounted for anyway). Within 4 standard errors.
#[test]
fn unemployed_people_become_inactive_at_the_rate_u_to_i_implies() {
    let m = model(&format!(
        "{QUIET_HEALTH}\n[labour]\nfind_intercept = -20.0\n"
    ));
    let c = &m.scenario.labour;
    let p = Person {
        benefit: Benefit::Jsa,
        ..person(Status::Unemployed, 8, BARRIERS)
    };
    let people = &one_month(&m, &[p])[0];
    let d = m.weights.distance(&p);
    let iso = p.barrier(labour::ISOLATION);
    let f = logistic(labour::find_logodds(
        c,
        d,
        8,
        DEMAND,
        iso,
        labour::percentile_z(p.readiness),
        AGE,
        false,
    ));
    assert!(f < 1e-6);
    let stage = labour::life_stage(c, AGE, p.barrier(labour::CARING));
    let expected = (1.0 - f) * labour::u_to_i(c, d, 8, stage);
    let moved = count(people, |q| q.status == Status::Inactive);
    check("unemployment to inactivity", moved, people.len(), expected);
    // Giving up searching ends a JSA claim.
    assert_eq!(
        count(people, |q| q.status == Status::Inactive
            && q.benefit == Benefit::Jsa),
        0
    );
}

/// Inactivity to unemployment (`labour::i_to_u`): an inactive person who does not find a job
/// starts searching at `i_to_u(d)`; expected `(1 − find) · i_to_u`, within 4 standard errors.
#[test]
fn inactive_people_start_searching_at_the_rate_i_to_u_implies() {
    let m = model(&format!(
        "{QUIET_HEALTH}\n[labour]\nfind_intercept = -20.0\ni_to_u_intercept = -2.5\n"
    ));
    let c = &m.scenario.labour;
    let p = person(Status::Inactive, 20, BARRIERS);
    let people = &one_month(&m, &[p])[0];
    let d = m.weights.distance(&p);
    let iso = p.barrier(labour::ISOLATION);
    let f = logistic(labour::find_logodds(
        c,
        d,
        20,
        DEMAND,
        iso,
        labour::percentile_z(p.readiness),
        AGE,
        true,
    ));
    assert!(f < 1e-6);
    let stage = labour::life_stage(c, AGE, p.barrier(labour::CARING));
    let expected = (1.0 - f) * labour::i_to_u(c, d, stage);
    let moved = count(people, |q| q.status == Status::Unemployed);
    check("inactivity to unemployment", moved, people.len(), expected);
}

/// The standard normal distribution function, by Simpson's rule on the density (to about
/// 1e-12 for |z| < 8).
fn normal_cdf(z: f64) -> f64 {
    let density = |t: f64| (-0.5 * t * t).exp() / std::f64::consts::TAU.sqrt();
    let n = 4000;
    let h = z.abs() / n as f64;
    let mut sum = density(0.0) + density(z.abs());
    for i in 1..n {
        sum += density(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    0.5 + z.signum() * sum * h / 3.0
}

/// Health onset: a person without a condition, out of work, at 40. The onset hazard is the base
/// hazard, log-linear in age between `onset_at_16` and `onset_at_64`, times the conditions'
/// onset shares (with growth, 1 in month 0) and the workless factor for mental health
/// (`Health::onset_mix`); the share with a condition after the month, and the share of those
/// onsets that are mental health conditions, each within 4 standard errors.
#[test]
fn onset_happens_at_the_rate_the_onset_coefficients_imply() {
    let m = model(
        r#"
[health]
onset_at_16 = 0.02
onset_at_64 = 0.08

[barriers]
long_workless_worsening = 0.0
"#,
    );
    let h = &m.scenario.health;
    let p = person(Status::Unemployed, 6, BARRIERS);
    let people = &one_month(&m, &[p])[0];
    let x = (AGE as f64 / 12.0 - 16.0) / 48.0;
    let base = (h.onset_at_16.ln() * (1.0 - x) + h.onset_at_64.ln() * x).exp();
    assert_eq!(m.growth[0], [1.0; 5]);
    let expected = base * m.health.onset_mix(&m.growth[0], true);
    // The engine's own (tabulated) hazard, as its screening bound gives it, is this one.
    let bound = m
        .health
        .bounds(
            &p,
            true,
            [AGE, AGE],
            [m.health.onset_mix(&m.growth[0], true); 2],
        )
        .0;
    assert!(
        (bound / (1.0 + 1e-9) / expected - 1.0).abs() < 1e-12,
        "{bound} {expected}"
    );
    let onsets: Vec<Person> = people
        .iter()
        .filter(|q| q.condition != Condition::None)
        .copied()
        .collect();
    check("onset", onsets.len(), people.len(), expected);
    let c = &h.conditions;
    let mental = c.mental.onset_share * h.workless_mental_onset_factor;
    let mix = mental + c.all()[1..].iter().map(|c| c.onset_share).sum::<f64>();
    check(
        "onset of a mental health condition, share of onsets",
        count(&onsets, |q| q.condition == Condition::Mental),
        onsets.len(),
        mental / mix,
    );
}

/// The conditions table with mental health's recovery set to `recovery` (the table's rows have
/// no defaults of their own, so the whole row is written; the other values are the defaults).
fn mental_recovery(recovery: f64) -> String {
    format!(
        r#"
[health.conditions.mental]
prevalence_share = 0.30
onset_share = 0.40
severity = [2.0, 2.6]
recovery = {recovery}
distance_weight = 0.70
onset_trend_per_year = 0.1357
"#
    )
}

/// Recovery: a person in work with a mental health condition recovers at the condition's
/// `recovery` hazard; the share without a condition (and with mental health as their past
/// condition) after the month, within 4 standard errors.
#[test]
fn recovery_happens_at_the_condition_recovery_rate() {
    let m = model(&format!(
        "[health]\nseverity_change_rate = 0.0\n\n{}\n[barriers]\nin_work_easing = 0.0\n",
        mental_recovery(0.1)
    ));
    let p = Person {
        condition: Condition::Mental,
        severity: from_unit(0.5),
        ..person(Status::Employed, 24, BARRIERS)
    };
    let people = &one_month(&m, &[p])[0];
    let expected = m.scenario.health.conditions.mental.recovery;
    assert_eq!(m.health.bounds(&p, false, [AGE; 2], [1.0; 2]).0, expected);
    let recovered = count(people, |q| {
        q.condition == Condition::None && q.past_condition == Condition::Mental && q.severity == 0
    });
    check("recovery", recovered, people.len(), expected);
}

/// Relapse: a person who recovered from a mental health condition, out of work, relapses at
/// `relapse × workless_mental_onset_factor`; one who recovered from a musculoskeletal
/// condition, in work, at `relapse`. The share with the past condition back after the month,
/// within 4 standard errors.
#[test]
fn relapse_happens_at_the_relapse_rate() {
    let m = model(
        r#"
[health]
relapse = 0.05
onset_at_16 = 0.0
onset_at_64 = 0.0

[barriers]
long_workless_worsening = 0.0
in_work_easing = 0.0
"#,
    );
    let h = &m.scenario.health;
    let a = Person {
        past_condition: Condition::Mental,
        ..person(Status::Unemployed, 6, BARRIERS)
    };
    let b = Person {
        past_condition: Condition::Musculoskeletal,
        ..person(Status::Employed, 24, BARRIERS)
    };
    let after = one_month(&m, &[a, b]);
    for (p, people, workless, expected) in [
        (
            a,
            &after[0],
            true,
            h.relapse * h.workless_mental_onset_factor,
        ),
        (b, &after[1], false, h.relapse),
    ] {
        assert_eq!(
            m.health.bounds(&p, workless, [AGE; 2], [1.0; 2]).0,
            expected
        );
        let back = count(people, |q| {
            q.condition == p.past_condition && q.severity > 0
        });
        check(
            &format!("relapse of {:?}", p.past_condition),
            back,
            people.len(),
            expected,
        );
    }
}

/// The Work Capability Assessment (`benefit::wca`): ESA work-related activity group claimants
/// with severity s, all reassessed this month (`esa_reassessment = 1`), are assessed at
/// `s + wca_noise_sd · Z`: the support group above `wca_support_cut` with probability
/// `1 − Φ((support_cut − s) / sd)`, fit for work below `wca_wrag_cut` with probability
/// `Φ((wrag_cut − s) / sd)` (then off ESA), the work-related activity group between. Each
/// share after the month within 4 standard errors. A learning disability (no recovery) and no
/// severity changes keep s as constructed; job finding and moves into searching are made
/// negligible.
#[test]
fn the_wca_splits_claimants_as_its_cuts_and_noise_imply() {
    let m = model(
        r#"
[health]
severity_change_rate = 0.0

[labour]
find_intercept = -20.0
i_to_u_intercept = -20.0

[benefits]
esa_reassessment = 1.0
wca_noise_sd = 0.2
"#,
    );
    assert_eq!(m.scenario.health.conditions.learning.recovery, 0.0);
    let b = &m.scenario.benefits;
    let p = Person {
        condition: Condition::Learning,
        severity: from_unit(0.6),
        benefit: Benefit::EsaWrag,
        ..person(Status::Inactive, 20, BARRIERS)
    };
    let people = &one_month(&m, &[p])[0];
    assert_eq!(count(people, |q| q.status != Status::Inactive), 0);
    let s = p.severity();
    let support = 1.0 - normal_cdf((b.wca_support_cut - s) / b.wca_noise_sd);
    let fit = normal_cdf((b.wca_wrag_cut - s) / b.wca_noise_sd);
    let n = people.len();
    check(
        "WCA: support group",
        count(people, |q| q.benefit == Benefit::EsaSupport),
        n,
        support,
    );
    check(
        "WCA: work-related activity group",
        count(people, |q| q.benefit == Benefit::EsaWrag),
        n,
        1.0 - support - fit,
    );
    check(
        "WCA: fit for work",
        count(people, |q| q.benefit == Benefit::None),
        n,
        fit,
    );
    // The same function on its own, on the engine's keyed streams, agrees.
    let key = gapsim::rng::ReplicationKey::new(5, 0).month(0);
    let n = 200_000;
    let outcomes: Vec<Benefit> = (0..n)
        .map(|i| {
            let mut rng = key.person(i).stream(gapsim::rng::Purpose::Benefit);
            benefit::wca(b, s, false, &mut rng).benefit
        })
        .collect();
    check(
        "benefit::wca on keyed streams: support group",
        outcomes
            .iter()
            .filter(|&&o| o == Benefit::EsaSupport)
            .count(),
        n as usize,
        support,
    );
    check(
        "benefit::wca on keyed streams: fit for work",
        outcomes.iter().filter(|&&o| o == Benefit::None).count(),
        n as usize,
        fit,
    );
}

/// Sanctions: JSA claimants are sanctioned at `sanction_rate` (seen as the sanction's harm to
/// their health: severity rises by `sanction_health_harm`, and nothing else changes severity
/// here), and a sanctioned claimant who does not find work (at the job-finding log-odds plus
/// `sanction_find_effect`) leaves benefit for inactivity with chance `sanction_off_benefit`.
/// Each share within 4 standard errors. Giving up searching (`u_to_i`) is made negligible: it
/// ends in the same state (inactive, off JSA), and it is decided on the same uniform as
/// leaving benefit after a sanction.
#[test]
fn sanctions_happen_at_the_sanction_rate() {
    let m = model(&format!(
        r#"
{QUIET_HEALTH}
[labour]
u_to_i_intercept = -20.0

[benefits]
sanction_rate = 0.1
sanction_health_harm = 0.05
sanction_off_benefit = 0.4
sanction_find_effect = 1.0
"#
    ));
    let b = &m.scenario.benefits;
    let c = &m.scenario.labour;
    assert_eq!(m.scenario.health.conditions.learning.recovery, 0.0);
    // Severity below `esa_claim_severity` before and after the harm: no claim for ESA.
    let p = Person {
        condition: Condition::Learning,
        severity: from_unit(0.2),
        benefit: Benefit::Jsa,
        ..person(Status::Unemployed, 6, BARRIERS)
    };
    assert!(0.2 + b.sanction_health_harm < b.esa_claim_severity);
    let people = &one_month(&m, &[p])[0];
    let sanctioned: Vec<Person> = people
        .iter()
        .filter(|q| q.severity != p.severity)
        .copied()
        .collect();
    check("sanction", sanctioned.len(), people.len(), b.sanction_rate);
    let harmed = from_unit(p.severity() + b.sanction_health_harm);
    assert!(sanctioned.iter().all(|q| q.severity == harmed));

    let d = m.weights.distance(&p);
    let iso = p.barrier(labour::ISOLATION);
    let x = labour::find_logodds(
        c,
        d,
        6,
        DEMAND,
        iso,
        labour::percentile_z(p.readiness),
        AGE,
        false,
    );
    let found = logistic(x + b.sanction_find_effect);
    check(
        "job finding in the month of a sanction",
        count(&sanctioned, |q| q.employed()),
        sanctioned.len(),
        found,
    );
    let not_found: Vec<Person> = sanctioned
        .iter()
        .filter(|q| !q.employed())
        .copied()
        .collect();
    check(
        "sanctioned and off benefit into inactivity, of those not finding work",
        count(&not_found, |q| {
            q.status == Status::Inactive && q.benefit == Benefit::None
        }),
        not_found.len(),
        b.sanction_off_benefit,
    );
}

/// A sanctioned claimant who neither finds work nor leaves benefit gives up searching at the
/// give-up hazard (`u_to_i`), independently of the sanction: the share becoming inactive among
/// those not finding work is `sanction_off_benefit + (1 − sanction_off_benefit) · u_to_i`,
/// within 4 standard errors. (Both used to be decided on one uniform, so with the give-up
/// hazard below `sanction_off_benefit` no sanctioned claimant who stayed on benefit could give
/// up: the share was the larger of the two.)
#[test]
fn a_sanctioned_claimant_gives_up_searching_independently_of_the_sanction() {
    let m = model(&format!(
        r#"
{QUIET_HEALTH}
[labour]
u_to_i_intercept = -3.0

[benefits]
sanction_rate = 0.5
sanction_health_harm = 0.05
sanction_off_benefit = 0.25
sanction_find_effect = 0.0
"#
    ));
    let b = &m.scenario.benefits;
    let c = &m.scenario.labour;
    let p = Person {
        condition: Condition::Learning,
        severity: from_unit(0.2),
        benefit: Benefit::Jsa,
        ..person(Status::Unemployed, 6, BARRIERS)
    };
    let people = &one_month(&m, &[p])[0];
    let not_found: Vec<Person> = people
        .iter()
        .filter(|q| q.severity != p.severity && !q.employed())
        .copied()
        .collect();
    let d = m.weights.distance(&p);
    let stage = labour::life_stage(c, AGE, p.barrier(labour::CARING));
    let give_up = labour::u_to_i(c, d, 6, stage);
    assert!(
        give_up > 0.1 && give_up < b.sanction_off_benefit,
        "{give_up}"
    );
    let off = b.sanction_off_benefit;
    check(
        "inactive after a sanction, of those not finding work",
        count(&not_found, |q| q.status == Status::Inactive),
        not_found.len(),
        off + (1.0 - off) * give_up,
    );
}

/// Voluntary take-up: a voluntary payment group for JSA claimants opens in month 1; of the
/// people eligible at its first referral, the share who start is the group's
/// `voluntary_take_up`, within 4 standard errors. Month 0 is stepped first so that the pass
/// lists month 1's referral candidates from the constructed people (the referral phase reads
/// the screening column, which the pass writes). Job finding and moves out of searching are
/// negligible, so nearly all stay eligible; capacity and budget are unlimited, and the
/// provider's hours cost nothing (so it never hands the contract back).
#[test]
fn voluntary_take_up_is_the_group_take_up() {
    let m = model(
        r#"
[labour]
find_intercept = -20.0
u_to_i_intercept = -20.0

[[programmes]]
name = "Voluntary"
start = "2013-05"
end = "2013-06"
duration_months = 12
max_caseload = 1e8

[[programmes.payment_groups]]
name = "JSA claimants"
benefits = ["jsa"]
entry = "voluntary"
voluntary_take_up = 0.3
job_outcome_fee = 1000.0

[[programmes.providers]]
name = "Provider"
share = 1.0
hours_per_participant = 1.0
cost_per_hour = 0.0
reserves = 1e12
"#,
    );
    let p = Person {
        benefit: Benefit::Jsa,
        ..person(Status::Unemployed, 6, BARRIERS)
    };
    let mut w = World::new(&m, 0);
    w.people.iter_mut().for_each(|q| *q = p);
    w.step();
    let group = &m.programmes[0].groups[0];
    let eligible: Vec<bool> = w
        .people
        .iter()
        .map(|q| !q.employed() && !q.on_programme() && group.admits(q, 1, &m.health))
        .collect();
    w.step();
    let n = eligible.iter().filter(|&&e| e).count();
    assert!(n > N * 9 / 10, "{n} eligible");
    let started = w
        .people
        .iter()
        .zip(&eligible)
        .filter(|(q, e)| **e && q.on_programme() && q.spell.start == 1)
        .count();
    let others = w
        .people
        .iter()
        .zip(&eligible)
        .filter(|(q, e)| !**e && q.on_programme())
        .count();
    assert_eq!(others, 0);
    // Everyone here has the template's readiness, so take-up leans by its percentile.
    let lean = labour::take_up_lean(m.scenario.readiness.take_up_effect, p.readiness);
    check("voluntary take-up", started, n, group.take_up * lean);
}

#[test]
fn volunteers_are_readier_than_the_people_they_are_drawn_from() {
    // A voluntary programme with room for everyone, in the baseline's world: the people who
    // take it up in its first month are readier for work on average than those it admits.
    let m = model(
        r#"
[[programmes]]
name = "Voluntary"
start = "2013-05"
end = "2013-06"
duration_months = 12
max_caseload = 1e8

[[programmes.payment_groups]]
name = "Everyone out of work"
benefits = ["none", "jsa", "esa_wrag", "esa_support", "incapacity"]
entry = "voluntary"
voluntary_take_up = 0.3
job_outcome_fee = 1000.0

[[programmes.providers]]
name = "Provider"
share = 1.0
hours_per_participant = 1.0
cost_per_hour = 0.0
reserves = 1e12
"#,
    );
    let mut w = World::new(&m, 0);
    w.step();
    let group = &m.programmes[0].groups[0];
    let eligible: Vec<bool> = w
        .people
        .iter()
        .map(|q| !q.employed() && !q.on_programme() && group.admits(q, 1, &m.health))
        .collect();
    w.step();
    let mean = |f: &dyn Fn(&(&Person, &bool)) -> bool| {
        let v: Vec<f64> = w
            .people
            .iter()
            .zip(&eligible)
            .filter(|x| f(x))
            .map(|(q, _)| q.readiness as f64)
            .collect();
        (v.iter().sum::<f64>() / v.len() as f64, v.len())
    };
    let (volunteers, n) = mean(&|(q, e)| **e && q.on_programme() && q.spell.start == 1);
    let (admitted, _) = mean(&|(_, e)| **e);
    assert!(n > 1000, "{n} volunteers");
    // With take_up_effect 0.6, take-up rises linearly with the percentile: volunteers sit
    // about 0.6/6 = 10 percentiles (26 of 256) above the people admitted.
    assert!(
        volunteers > admitted + 15.0,
        "{volunteers} against {admitted}"
    );
}
