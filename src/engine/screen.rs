//! Work only where something happens (ARCHITECTURE.md, "The monthly step"): the screen in front of the monthly step.
//!
//! In a typical month nothing happens to most people: no onset or recovery, no job found or
//! lost, no reassessment. Every random process of a person's month ([`crate::rng::Process`])
//! fires when its uniform is below its hazard, and the top byte of each uniform is a byte of
//! one hash of (month, person) ([`crate::rng::Draws`]). For everyone outside a programme the
//! engine keeps, per process, a coarse limit ([`Hot::limits`]): an upper bound on the hazard
//! over a window of [`WINDOW`] months from when it was set, rounded up to a multiple of 1/256,
//! valid while the person's state does not change. A process whose top byte is at or above its limit
//! cannot fire; a person with every byte at or above its limit has nothing happen this month,
//! and the pass counts them by class without reading their `Person`. Only the few people with
//! some byte below its limit get the full step, with the very uniforms the full step would
//! have drawn anyway.
//!
//! So the screen changes how much work is done, never what happens: the screened engine is
//! byte-identical to the reference engine that steps everyone every month
//! ([`super::Model::screening`] off), and a scenario and its baseline keep common random
//! numbers person by person. What this needs is that the bounds hold: each is the hazard's
//! largest value over the window, taken at its first and last month (every hazard is monotone
//! in age, time out of work or in work, and calendar time, and demand enters through its
//! range over the window), and
//! the step counts any hazard it finds above its limit before anything has happened to the
//! person that month (`World::screen_violations`; the tests require none).
//!
//! People on a programme or a long-term sickness absence, or ageing out this month, always get
//! the full step. A person's limits
//! are set again when something happens to them (from the next month), and otherwise when
//! their window ends ([`Hot::touch`]): each person on their own clock, so the work of renewing
//! limits is spread over the months and skipped for anyone whose state keeps changing anyway.
//! A look at someone to whom, in the end, nothing happened leaves their limits as they were.

use super::Model;
use crate::benefit;
use crate::labour::{self, logistic};
use crate::metrics::MonthCounts;
use crate::person::{Benefit, Hot, Person, Status, hot};
use crate::rng::{
    ACTIVITY, BARRIER, BENEFIT, HEALTH, JOB_FIND, JOB_LOSS, PROCESSES, SANCTION, SEVERITY,
};

/// Whether an easing of confidence and isolation in work can only lower every hazard of the
/// person now and later in their window, so that their limits still hold after it
/// ([`crate::rng::Draws::fires_lowering`]). An easing lowers the distance from work (if
/// neither barrier weighs against it), and of an employee's hazards only job loss and the
/// start of a long-term sickness absence read the distance (rising with it if their
/// coefficients are not negative); the easing's own hazard is the same or, once nothing is
/// left to ease, nothing. A scenario with a negative weight or coefficient here is screened
/// afresh after each easing, as after any other event.
pub fn easing_lowers_hazards(s: &crate::scenario::Scenario, w: &labour::DistanceWeights) -> bool {
    w.barriers[labour::CONFIDENCE] >= 0.0
        && w.barriers[labour::ISOLATION] >= 0.0
        && s.labour.loss_distance >= 0.0
        && s.absence.entry_distance >= 0.0
}

/// Months a person's limits hold for, from the month they are set: a bound holds for every
/// month of its window while the person's state is unchanged.
pub const WINDOW: i32 = 36;

/// The coarse limits of bounds `each`: each rounded up to a multiple of 1/256, or `None` if
/// one is above 255/256 (an event that nearly certain is looked at every month).
#[inline]
pub fn limits(each: &[f64; PROCESSES]) -> Option<[u8; PROCESSES]> {
    let mut out = [0u8; PROCESSES];
    let mut fits = true;
    for (l, b) in out.iter_mut().zip(each) {
        // One more than the integer part: at least b · 256 rounded up, without a libm call.
        // Bounds are probabilities: clamped to 1, the cast needs no saturation.
        let q = if *b > 0.0 {
            (b * 256.0).min(256.0) as i32 + 1
        } else {
            0
        };
        fits &= q <= 255;
        *l = q as u8;
    }
    fits.then_some(out)
}

/// Whether the screening bits let any process fire: some top byte below its limit. Byte `i`
/// of `limits` is process `i`'s limit ([`Hot::limit_word`]); bytes beyond the processes are
/// ignored. The bytes are compared all at once (SWAR): per byte, the low seven bits are
/// compared by a subtraction that cannot borrow across bytes, and the top bits decide where
/// they differ.
#[inline(always)]
pub fn selected(bits: u64, limits: u64) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SLOTS: u64 = HIGH >> (8 * (8 - PROCESSES));
    let low = (bits | HIGH).wrapping_sub(limits & !HIGH);
    let at_least = (bits & !limits) | (!(bits ^ limits) & low);
    !at_least & SLOTS != 0
}

/// Sets person `p`'s limits in `h` for the window from month `t` (or marks them to be
/// looked at every month); returns the first month after the window.
pub fn set_limits(m: &Model, p: &Person, t: i32, h: &mut Hot) -> i32 {
    match limits(&bounds(m, p, t)) {
        Some(l) => {
            h.limits[..PROCESSES].copy_from_slice(&l);
            h.flags &= !hot::LOOK;
        }
        None => h.flags |= hot::LOOK,
    }
    t + WINDOW
}

/// Whether a look at person `p` in month `t`, at a change of their count class with time
/// alone ([`next_change`]) before their window ends, must set their limits again: only when
/// the hours of their job collapse this month, which the bounds leave to this look (see
/// [`bounds`]). The other changes of class are in the bounds already: a spell passing 12
/// months or a job reaching sustained (the bounds take each hazard at both ends of the
/// window's spells), the end of new-style ESA or JSA (no hazard reads it); ageing out is a full
/// step.
#[inline]
pub fn renews_limits(m: &Model, p: &Person, t: i32) -> bool {
    p.employed()
        && !p.benefit.is_uc()
        && benefit::uc::next_collapse_onset(&m.benefits, p, t) == Some(t)
}

/// The first and last month of the window from month `t`.
#[inline]
pub fn window(m: &Model, t: i32) -> (i32, i32) {
    (t, (t + WINDOW - 1).min(m.scenario.months as i32 - 1).max(t))
}

/// Upper bounds on the monthly hazard of each process for person `p`, outside any programme
/// and with their state unchanged, in every month of the window from month `t`. They mirror the
/// step in `super::MonthCtx::events`: the same functions, evaluated where they are largest.
pub fn bounds(m: &Model, p: &Person, t: i32) -> [f64; PROCESSES] {
    let s = &m.scenario;
    let (t0, t1) = window(m, t);
    let ages = [p.age_months(t0), p.age_months(t1)];
    let spells = [p.months_in_spell(t0), p.months_in_spell(t1)];
    let workless = !p.employed();
    let mut each = [0.0; PROCESSES];
    let w = workless as usize;
    let mixes = [m.onset_mix[t0 as usize][w], m.onset_mix[t1 as usize][w]];
    let (health, severity) = m.health.bounds(p, workless, ages, mixes);
    each[HEALTH.index()] = health;
    each[SEVERITY.index()] = severity;

    let b = &s.barriers;
    each[BARRIER.index()] = if !workless {
        let easable = p.barriers[labour::CONFIDENCE] > 0 || p.barriers[labour::ISOLATION] > 0;
        if easable { b.in_work_easing } else { 0.0 }
    } else if spells[1] > 12 {
        b.long_workless_worsening
    } else {
        0.0
    };

    let c = &s.labour;
    let d = m.weights.distance(p);
    let (lo, hi) = m.demand_range[p.area as usize][t0 as usize];
    let disabled = m.health.disabled(p);
    let cal = &m.benefits;
    let peak = &cal.most_hazards[t0 as usize];
    // Benefit events (they share one uniform, so their bounds add): a WCA, which the state
    // alone decides; migration at its largest over the window; PIP with DLA reassessment at
    // its largest; in work, a review of a UC claim, or a claim if the person is entitled in
    // some month of the window (and UC takes new claims then).
    let pip = benefit::pip::rate(&s.benefits.pip, peak[1], p);
    let migration = if workless && p.benefit.is_legacy() {
        peak[0]
    } else {
        0.0
    };
    let uc = &s.benefits.universal_credit;
    let in_work = if workless {
        0.0
    } else if p.benefit.is_uc() {
        uc.in_work_review_rate
    } else {
        // Hours that collapse later in the window do so at a look (`next_change`): until
        // then only a collapse now counts.
        let collapse = benefit::uc::collapsed(&cal.months[t0 as usize], p);
        let g = &cal.generous[t0 as usize];
        if (peak[2] > 0.0 || peak[3] > 0.0)
            && benefit::uc::may_be_entitled(s, cal, g, p, disabled, collapse)
        {
            let rate = if collapse {
                uc.in_work_claim_rate.max(uc.collapse_claim_rate)
            } else {
                uc.in_work_claim_rate
            };
            // Whether they stand for someone on tax credits rises with age: the oldest (it
            // matters only while tax credits migrate).
            let reached = peak[3] > 0.0 && {
                let hours = benefit::uc::weekly_hours(s, p, disabled);
                benefit::on_tax_credits(uc, p, disabled, ages[1], hours)
            };
            benefit::in_work_claim(uc, rate, peak[2], peak[3], reached)
        } else {
            0.0
        }
    };
    each[BENEFIT.index()] =
        (benefit::assessment_rate(&s.benefits, p) + migration + in_work + pip).min(1.0);
    if !workless {
        let fit = labour::percentile_z(p.job_match);
        // Job loss and the start of a long-term sickness absence share one uniform (the
        // absent are stepped in full every month and have no limits).
        // The job's quality is fixed for the job, and disability changes only with an event.
        let quality = crate::employer::loss_term(&s.employers, p, m.health.disabled(p));
        each[JOB_LOSS.index()] = most(spells, (lo, hi), ages, |tenure, demand, age| {
            labour::loss_logodds(c, d, tenure, demand, age, fit) + quality
        }) + labour::absence_entry(&s.absence, d);
    } else {
        let bf = &s.benefits;
        if bf.sanction_rate > 0.0 && matches!(p.benefit, Benefit::Jsa | Benefit::UcSearching) {
            each[SANCTION.index()] = bf.sanction_rate;
        }
        let inactive = p.status == Status::Inactive;
        let iso = p.barrier(labour::ISOLATION);
        let ready = labour::percentile_z(p.readiness);
        // The employer levers at their largest (a quota's pull moves month by month).
        // The levers and the work incentive at their largest (a quota's pull moves month by
        // month, the incentive with the rules).
        let levers = crate::employer::most_hiring_boost(&s.employers, disabled)
            + cal.most_incentive[t0 as usize]
                [benefit::uc::kind_of(&cal.months[t0 as usize], p, disabled)];
        each[JOB_FIND.index()] = most(spells, (lo, hi), ages, |months_out, demand, age| {
            labour::find_logodds(c, d, months_out, demand, iso, ready, age, inactive) + levers
        });
        // The life-stage pull is a step in age that a window's ends straddle at most once.
        let caring = p.barrier(labour::CARING);
        let stages = ages.map(|a| labour::life_stage(c, a, caring));
        each[ACTIVITY.index()] = if inactive {
            let x = stages.map(|s| labour::i_to_u_logodds(c, d, s));
            logistic_above(x[0].max(x[1]))
        } else {
            let mut x = f64::NEG_INFINITY;
            for m in spells {
                for s in stages {
                    x = x.max(labour::u_to_i_logodds(c, d, m, s));
                }
            }
            logistic_above(x)
        };
    }
    each
}

/// The largest value of a log-odds `f(spell, demand, age)` over the corners of a window, as a
/// probability bound. Each argument enters through its own term, monotone in it (or a step
/// that the two ends of a window straddle at most once), so the largest sum is at the corner
/// where each term is largest; each term's best end is found by varying it alone, and since
/// floating-point addition is monotone, the same function evaluated there bounds every month
/// exactly. Four evaluations instead of eight.
#[inline]
fn most(
    spells: [i32; 2],
    (lo, hi): (f64, f64),
    ages: [i32; 2],
    f: impl Fn(i32, f64, i32) -> f64,
) -> f64 {
    let base = f(spells[0], lo, ages[0]);
    let spell = if f(spells[1], lo, ages[0]) > base {
        spells[1]
    } else {
        spells[0]
    };
    let demand = if f(spells[0], hi, ages[0]) > base {
        hi
    } else {
        lo
    };
    let age = if f(spells[0], lo, ages[1]) > base {
        ages[1]
    } else {
        ages[0]
    };
    logistic_above(f(spell, demand, age))
}

/// An upper bound on `logistic(x)` from a table: `x` rounded up to a grid of 1/64 (logistic
/// is increasing), 1 above the grid and the grid's lowest value below it.
#[inline]
fn logistic_above(x: f64) -> f64 {
    const LO: f64 = -24.0;
    const STEPS: f64 = 64.0;
    const N: usize = 48 * 64 + 1;
    static TABLE: std::sync::LazyLock<Vec<f64>> = std::sync::LazyLock::new(|| {
        (0..N)
            .map(|i| (logistic(LO + i as f64 / STEPS) * (1.0 + 1e-12)).min(1.0))
            .collect()
    });
    if x.is_nan() {
        return 1.0;
    }
    // The grid point at or above x: truncation + 1 (x − LO is positive there), no libm call.
    let i = (x - LO) * STEPS;
    if i >= (N - 2) as f64 {
        1.0
    } else if i < 0.0 {
        TABLE[0]
    } else {
        TABLE[i as usize + 1]
    }
}

/// Bits of a count class ([`class_at`]).
mod class {
    pub const DISABLED: u8 = 1;
    pub const STATUS_SHIFT: u8 = 1; // 2 bits: `Status as u8`
    pub const BENEFIT_SHIFT: u8 = 3; // 3 bits: `Benefit as u8`
    pub const LONG_OUT: u8 = 1 << 6;
    /// In work: a job reaching sustained; out of work: on new-style ESA
    /// (`benefit::new_style_esa`), or, on UC searching for work, qualifying for new-style JSA
    /// (`benefit::new_style_jsa`).
    pub const REACHING_SUSTAINED: u8 = 1 << 7;
    pub const NEW_STYLE: u8 = 1 << 7;
}

/// What person `p` adds to the counts of month `t` if nothing happens to them: disabled or
/// not, status, benefit, out of work over 12 months or on new-style ESA, and a job reaching
/// sustained this month.
pub fn class_at(m: &Model, p: &Person, t: i32) -> u8 {
    let spell = p.months_in_spell(t);
    let mut c = m.health.disabled(p) as u8
        | (p.status as u8) << class::STATUS_SHIFT
        | (p.benefit as u8) << class::BENEFIT_SHIFT;
    if p.employed() {
        if spell == m.scenario.outputs.sustained_job_months as i32 {
            c |= class::REACHING_SUSTAINED;
        }
    } else {
        if spell > 12 {
            c |= class::LONG_OUT;
        }
        if benefit::new_style_esa(p, t) || benefit::new_style_jsa(p, t) {
            c |= class::NEW_STYLE;
        }
    }
    c
}

/// The first month after `t` in which [`class_at`] changes with time alone, or in which the
/// person ages out, or the first from `t` on in which the hours of their job collapse while
/// they are not on UC (each needs a look at the person).
pub fn next_change(m: &Model, p: &Person, t: i32) -> i16 {
    let since = p.since as i32;
    let spell = t - since;
    let sustained = m.scenario.outputs.sustained_job_months as i32;
    let change = if p.employed() {
        let class = match spell.cmp(&sustained) {
            std::cmp::Ordering::Less => since + sustained,
            std::cmp::Ordering::Equal => since + sustained + 1,
            std::cmp::Ordering::Greater => i32::MAX,
        };
        let onset = if p.benefit.is_uc() {
            None
        } else {
            benefit::uc::next_collapse_onset(&m.benefits, p, t)
        };
        class.min(onset.unwrap_or(i32::MAX))
    } else {
        let long_out = if spell <= 12 { since + 13 } else { i32::MAX };
        long_out.min(benefit::new_style_end(p, t))
    };
    change.min(p.born as i32 + 65 * 12).min(i16::MAX as i32) as i16
}

/// Adds `n` people of count class `c` to `counts`: what `MonthCtx::count` adds for each of
/// them when nothing happened to them this month.
pub fn add_class(counts: &mut MonthCounts, c: u8, n: u64) {
    let g = (c & class::DISABLED) as usize;
    counts.people[g] += n;
    let f = &mut counts.flows;
    match (c >> class::STATUS_SHIFT) & 3 {
        s if s == Status::Employed as u8 => {
            counts.employed[g] += n;
            f.employed[g] += n;
            if c & class::REACHING_SUSTAINED != 0 {
                counts.jobs_reaching_sustained[g] += n;
            }
        }
        s => {
            if s == Status::Unemployed as u8 {
                counts.unemployed[g] += n;
            } else {
                counts.inactive[g] += n;
            }
            if c & class::NEW_STYLE != 0 {
                if (c >> class::BENEFIT_SHIFT) & 7 == Benefit::UcSearching as u8 {
                    counts.new_style_jsa += n;
                } else {
                    counts.new_style_esa += n;
                }
            }
            if g == 1 {
                f.out[(c & class::LONG_OUT != 0) as usize] += n;
            }
        }
    }
    match (c >> class::BENEFIT_SHIFT) & 7 {
        b if b == Benefit::Jsa as u8 => counts.jsa += n,
        b if b == Benefit::EsaWrag as u8 || b == Benefit::EsaSupport as u8 => counts.esa += n,
        b if b == Benefit::Incapacity as u8 => counts.incapacity += n,
        b if b >= Benefit::UcSearching as u8 => {
            let employed = employed(c) as usize;
            counts.uc[(b - Benefit::UcSearching as u8) as usize][employed] += n;
        }
        _ => {}
    }
}

/// Whether count class `c` is of someone in work.
#[inline]
pub fn employed(c: u8) -> bool {
    (c >> class::STATUS_SHIFT) & 3 == Status::Employed as u8
}

/// The benefit (`Benefit as u8`) and disability of count class `c`.
#[inline]
pub fn benefit_and_disabled(c: u8) -> (u8, bool) {
    ((c >> class::BENEFIT_SHIFT) & 7, c & class::DISABLED != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(l: [u8; PROCESSES]) -> u64 {
        let h = Hot {
            limits: std::array::from_fn(|i| if i < PROCESSES { l[i] } else { 0xff }),
            ..Default::default()
        };
        h.limit_word()
    }

    /// The byte-at-a-time screen that [`selected`] does all at once.
    fn selected_bytewise(bits: u64, limits: &[u8; PROCESSES]) -> bool {
        (0..PROCESSES).any(|i| crate::rng::coarse(bits, i) < limits[i])
    }

    #[test]
    fn selected_compares_every_byte_as_the_bytewise_screen_does() {
        let mut z = 1u64;
        let mut next = || {
            z = crate::rng::mix(z);
            z
        };
        let edges = [0u8, 1, 0x7f, 0x80, 0x81, 0xfe, 0xff];
        for _ in 0..200_000 {
            let r = next();
            // Random limits, some with every byte at an edge, against random bits.
            let mut l: [u8; PROCESSES] = std::array::from_fn(|i| (r >> (8 * i)) as u8);
            if r & 1 == 0 {
                l = l.map(|b| edges[b as usize % edges.len()]);
            }
            let mut bits = next();
            if r & 2 == 0 {
                bits = u64::from_le_bytes(std::array::from_fn(|i| {
                    edges[(bits >> (8 * i)) as usize % edges.len()]
                }));
            }
            assert_eq!(
                selected(bits, word(l)),
                selected_bytewise(bits, &l),
                "bits {bits:016x} limits {l:?}"
            );
        }
    }

    /// Hazards the checking step (`Model::check_limits`) finds above their limits over three
    /// months of the baseline (with sanctions, so that every process has a bound), when
    /// before each month every screened person's limits are made from [`bounds`] with the bound
    /// of process slot `slot` multiplied by `factor`.
    fn violations_with_bound_scaled(slot: usize, factor: f64) -> u64 {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/baseline.toml");
        let mut s = crate::scenario::load(std::path::Path::new(path))
            .expect("bundled scenario")
            .into_inner();
        s.population.n_people = 20_000;
        s.benefits.sanction_rate = 0.05;
        let mut m = Model::new(crate::scenario::Valid::new(s).expect("still valid"));
        m.check_limits = true;
        let mut w = super::super::World::new(&m, 0);
        // Month 0 looks at everyone and sets their limits.
        w.step();
        for _ in 0..3 {
            let t = w.t;
            for (p, h) in w.people.iter().zip(w.hot.iter_mut()) {
                // Participants and people looked at every month have no limits.
                if h.flags != 0 {
                    continue;
                }
                let mut each = bounds(&m, p, t);
                each[slot] *= factor;
                match limits(&each) {
                    Some(l) => h.limits[..PROCESSES].copy_from_slice(&l),
                    None => h.flags |= hot::LOOK,
                }
            }
            w.step();
        }
        w.screen_violations
    }

    #[test]
    fn a_halved_bound_is_caught_and_the_true_bounds_are_not() {
        // The tests that hold every bundled scenario to no violations
        // (`tests/it/screen.rs`) would fail if any one process's bound were half what it is:
        // the check finds hazards above the halved limits. Every process slot is tried,
        // among them onset, recovery and relapse (`HEALTH`) and job loss and finding (one slot).
        assert_eq!(violations_with_bound_scaled(0, 1.0), 0);
        for slot in [
            HEALTH, SEVERITY, BARRIER, SANCTION, JOB_FIND, ACTIVITY, BENEFIT,
        ] {
            let caught = violations_with_bound_scaled(slot.index(), 0.5);
            assert!(caught > 0, "{slot:?}: a halved bound went unnoticed");
        }
    }

    #[test]
    fn limits_round_up_to_the_next_256th() {
        let l = limits(&[0.0, 1.0 / 256.0, 0.5, 0.001, 254.5 / 256.0, -1.0, f64::NAN]);
        assert_eq!(l, Some([0, 2, 129, 1, 255, 0, 0]));
        assert_eq!(limits(&[0.0, 0.0, 0.0, 0.0, 255.0 / 256.0, 0.0, 0.0]), None);
        assert_eq!(limits(&[0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]), None);
    }
}
