//! Work only where something happens (DESIGN §4): the screen in front of the monthly step.
//!
//! In a typical month nothing happens to most people: no onset or recovery, no job found or
//! lost, no reassessment. For everyone outside a programme the engine keeps one number,
//! [`Person::screen`]: an upper bound on the probability that *any* of the month's random
//! processes ([`crate::rng::Process`]) fires, valid for every month of the current block of
//! [`BLOCK`] months while the person's state does not change. Each month one hash of
//! (month, person) is compared with it; only the few people it selects get the full step.
//!
//! The result is exact, not an approximation. With bounds `b[i]` for the processes and
//! `B = 1 − Π(1 − b[i])`, a person is selected with probability `B` (the stored value is `B`
//! rounded up to 1/65536; the selected draw is checked against `B` itself, so rounding only
//! costs time). A selected person's uniforms are drawn given that at least one process falls
//! below its bound ([`Draws::given`]), so each process fires with its own hazard, as in the
//! reference step that draws every uniform for every person ([`super::Model::screening`] off).
//! What this needs is that the bounds hold: each is the hazard's largest value over the block,
//! taken at the block's first and last month (every hazard is monotone in age, time out of work
//! or in work, demand and calendar time over a block), and the step counts any hazard it finds
//! above its bound (`World::screen_violations`; the tests require none).
//!
//! People on a programme or ageing out this month always get the full step with plain draws; a
//! person whose state changed is marked [`ALWAYS`] so their bound is recomputed next month, and
//! every bound is recomputed at the start of each block.

use super::Model;
use crate::benefit;
use crate::labour::{self, logistic};
use crate::metrics::MonthCounts;
use crate::person::{Benefit, Person, Status};
use crate::rng::{
    ACTIVITY, BARRIER, BENEFIT, HEALTH, JOB_FIND, JOB_LOSS, PROCESSES, SANCTION, SEVERITY,
};

/// Months in a screening block (from month 0): a bound holds for every month of its block.
pub const BLOCK: i32 = 24;

/// Stored screen meaning "always select": the bound is unknown (state just changed, or a new
/// block) or an event is nearly certain.
pub const ALWAYS: u16 = u16::MAX;

/// The stored screen for a bound `any` on the probability that anything happens: `any`
/// rounded up to a multiple of 1/65536, or [`ALWAYS`].
#[inline]
pub fn quantize(any: f64) -> u16 {
    // One more than the integer part: at least `any · 65536` rounded up, without a libm call.
    let q = (any.max(0.0) * 65536.0) as u32 + 1;
    if q >= ALWAYS as u32 { ALWAYS } else { q as u16 }
}

/// Whether the month's screening bits select a person whose stored screen is `q`: with
/// probability `q / 65536` (the top 16 bits, so exactly when `to_unit(bits) < q / 65536`).
#[inline(always)]
pub fn selected(bits: u64, q: u16) -> bool {
    q == ALWAYS || ((bits >> 48) as u16) < q
}

/// The bounds of one person's processes over a block, and the probability that any fires.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub each: [f64; PROCESSES],
    pub any: f64,
}

/// The first and last month of the block holding month `t`.
#[inline]
pub fn block(m: &Model, t: i32) -> (i32, i32) {
    let t0 = t - t.rem_euclid(BLOCK);
    (
        t0,
        (t0 + BLOCK - 1).min(m.scenario.months as i32 - 1).max(t0),
    )
}

/// Upper bounds on the monthly hazard of each process for person `p`, outside any programme
/// and with their state unchanged, in every month of the block holding `t`. They mirror the
/// step in `super::MonthCtx::events`: the same functions, evaluated where they are largest.
pub fn bounds(m: &Model, p: &Person, t: i32) -> Bounds {
    let s = &m.scenario;
    let (t0, t1) = block(m, t);
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
    let (lo, hi) = m.demand_range[p.area as usize][(t0 / BLOCK) as usize];
    if !workless {
        each[JOB_LOSS.index()] = most(spells, (lo, hi), ages, |tenure, demand, age| {
            labour::loss_logodds(c, d, tenure, demand, age)
        });
    } else {
        let bf = &s.benefits;
        if bf.sanction_rate > 0.0 && p.benefit == Benefit::Jsa {
            each[SANCTION.index()] = bf.sanction_rate;
        }
        let inactive = p.status == Status::Inactive;
        let iso = p.barrier(labour::ISOLATION);
        each[JOB_FIND.index()] = most(spells, (lo, hi), ages, |months_out, demand, age| {
            labour::find_logodds(c, d, months_out, demand, iso, age, inactive)
        });
        each[ACTIVITY.index()] = if inactive {
            logistic_above(labour::i_to_u_logodds(c, d))
        } else {
            let x = spells.map(|m| labour::u_to_i_logodds(c, d, m));
            logistic_above(x[0].max(x[1]))
        };
        each[BENEFIT.index()] = benefit::monthly_rate(bf, p);
    }
    let none: f64 = each.iter().map(|b| 1.0 - b).product();
    Bounds {
        each,
        any: 1.0 - none,
    }
}

/// The largest value of a log-odds `f(spell, demand, age)` over the corners of a block, as a
/// probability bound. Each argument enters through its own term, monotone in it (or a step
/// that the two ends of a block straddle at most once), so the largest sum is at the corner
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
    pub const REACHING_SUSTAINED: u8 = 1 << 7;
}

/// What person `p` adds to the counts of month `t` if nothing happens to them: disabled or
/// not, status, benefit, out of work over 12 months, and a job reaching sustained this month.
pub fn class_at(m: &Model, p: &Person, t: i32) -> u8 {
    let spell = p.months_in_spell(t);
    let mut c = m.health.disabled(p) as u8
        | (p.status as u8) << class::STATUS_SHIFT
        | (p.benefit as u8) << class::BENEFIT_SHIFT;
    if p.employed() {
        if spell == m.scenario.outputs.sustained_job_months as i32 {
            c |= class::REACHING_SUSTAINED;
        }
    } else if spell > 12 {
        c |= class::LONG_OUT;
    }
    c
}

/// The first month after `t` in which [`class_at`] changes with time alone, or in which the
/// person ages out (both need a look at the person).
pub fn next_change(m: &Model, p: &Person, t: i32) -> i16 {
    let since = p.since as i32;
    let spell = t - since;
    let sustained = m.scenario.outputs.sustained_job_months as i32;
    let change = if p.employed() {
        match spell.cmp(&sustained) {
            std::cmp::Ordering::Less => since + sustained,
            std::cmp::Ordering::Equal => since + sustained + 1,
            std::cmp::Ordering::Greater => i32::MAX,
        }
    } else if spell <= 12 {
        since + 13
    } else {
        i32::MAX
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
                counts.unemployed += n;
            } else {
                counts.inactive += n;
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
