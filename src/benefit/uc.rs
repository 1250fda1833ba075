//! Universal Credit month by month: where new claims go, the award of a claim in or out of
//! work, the earnings it is tapered against, and the work incentive that shifts job finding.
//!
//! Everything that varies with the calendar is worked out once per model month when the
//! model is prepared ([`Calendar`]): the legislated amounts ([`super::rates`]), the rollout
//! shares, the migration and reassessment hazards, the share of workers whose hours
//! collapsed, the median wage, and the work-incentive term of job finding for every kind of
//! claimant. A person's award is computed only when something happens to them, or when the
//! month's amounts change (`World`'s benefit stocks are then recounted).

use super::rates::Rates;
use crate::calendar::YearMonth;
use crate::employer;
use crate::person::{Benefit, Person, history};
use crate::scenario::{DatedValue, Scenario};

/// Weeks in a month.
const WEEKS: f64 = super::rates::WEEKS_PER_MONTH;

/// Kinds of claimant for the work-incentive table: the benefit (`Benefit as usize`), whether
/// the award carries other elements, whether disabled, and whether a new claim under the
/// month's rules for new claims.
pub const INCENTIVE_KINDS: usize = Benefit::COUNT * 8;

/// The benefit system in one model month.
#[derive(Clone, Debug)]
pub struct MonthRules {
    pub rates: Rates,
    /// Share of new claims made to UC: [jobseekers, health].
    pub uc_share: [f64; 2],
    /// Monthly probability a legacy claim is migrated to UC.
    pub migration: f64,
    /// Monthly probability that managed migration reaches a worker entitled to UC who is not
    /// on it (standing for tax credits, `super::in_work_claim`): the migration hazard before
    /// `universal_credit.tax_credit_closure`, 1 in its month, nothing after (nobody has been on
    /// tax credits since).
    pub tax_credit_migration: f64,
    /// Monthly probability a DLA award is reassessed under PIP.
    pub dla_reassessment: f64,
    /// Share of workers whose hours collapsed ([`collapsed`]).
    pub hours_collapse: f64,
    /// Median hourly pay of non-disabled employees this benefit year [£ an hour].
    pub median_hourly: f64,
    /// Model month from which a health claim is new for the 2026 element, and from which new
    /// claims get no LCW element (`i32::MAX`: never).
    pub lcwra_new_from: i32,
    pub lcw_removed_from: i32,
    /// Job finding's log-odds term from work incentives by [`incentive_kind`].
    pub incentive: [f64; INCENTIVE_KINDS],
}

/// The benefit system of every month of a run, with the largest values of its time-varying
/// hazards and incentive terms over each screening window (`engine::screen`).
#[derive(Clone, Debug)]
pub struct Calendar {
    pub months: Vec<MonthRules>,
    /// Per month: the largest migration hazard, DLA reassessment hazard, full-service share
    /// (the share of new health claims made to UC, which also takes claims in work:
    /// `super::in_work_claim`) and tax-credit migration hazard over the window from that month.
    pub most_hazards: Vec<[f64; 4]>,
    /// Per month: the largest incentive term of each kind over the window from that month.
    pub most_incentive: Vec<[f64; INCENTIVE_KINDS]>,
    /// Per month: the most generous terms of an in-work claim over the window from that month
    /// ([`Generous`]).
    pub generous: Vec<Generous>,
    /// Per month: whether the benefit stocks must be recounted at its start (its rules,
    /// median wage or hours collapse differ from the month before's).
    pub recount: Vec<bool>,
    /// exp(`earnings.log_sd` × [`wage_z`]) by wage byte: a job's pay over the median before
    /// the penalty of a condition.
    pub pay_factor: [f64; 256],
    /// The months with a share of collapsed hours above nothing, in order.
    pub collapse_months: Vec<i32>,
    /// The largest share of collapsed hours in any month (0: none ever).
    pub collapse_peak: f64,
}

fn path(points: &[DatedValue], start: YearMonth, t: i32) -> f64 {
    let pts: Vec<(i32, f64)> = points
        .iter()
        .map(|p| (p.date.months_since(start), p.value))
        .collect();
    crate::calendar::interpolate(&pts, t)
}

/// The first April at or before calendar month `d`: the benefit year's start.
fn benefit_year(d: YearMonth) -> YearMonth {
    let y = if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    };
    YearMonth::new(y, 4).expect("a valid month")
}

impl Calendar {
    /// The calendar of scenario `s`, with screening windows of `window` months.
    pub fn new(s: &Scenario, window: usize) -> Self {
        let uc = &s.benefits.universal_credit;
        let r = &s.benefits.reforms;
        let n = s.months as usize;
        let since = |d: Option<YearMonth>| d.map_or(i32::MAX, |d| d.months_since(s.start));
        let rollout: Vec<[(i32, f64); 2]> = uc
            .new_claims
            .iter()
            .map(|p| {
                let t = p.date.months_since(s.start);
                [(t, p.jobseekers), (t, p.health)]
            })
            .collect();
        let months: Vec<MonthRules> = (0..n as i32)
            .map(|t| {
                let d = s.date(t);
                let mut rates = Rates::at(d, r, s.benefits.uprating_after_2026);
                let share = |k: usize| {
                    let pts: Vec<(i32, f64)> = rollout.iter().map(|p| p[k]).collect();
                    crate::calendar::interpolate(&pts, t)
                };
                let year = benefit_year(d).months_since(s.start);
                // From April 2027, beyond the legislated rates, the National Living Wage (and
                // the earnings threshold set in its hours) keeps its ratio to median pay.
                let april_2026 = YearMonth::new(2026, 4).expect("a valid month");
                if benefit_year(d) > april_2026 {
                    let median = |t| path(&s.earnings.median_hourly, s.start, t);
                    let growth = median(year) / median(april_2026.months_since(s.start));
                    rates.national_living_wage *= growth;
                    rates.aet *= growth;
                }
                // From the legacy benefits' closure every new claim is to UC and every legacy
                // claim moves; from tax credits' closure no worker is on them.
                let closed = t >= uc.legacy_closure.months_since(s.start);
                let notices = path(&uc.managed_migration, s.start, t);
                let migration = if closed { 1.0 } else { notices };
                let tax_credits = t.cmp(&uc.tax_credit_closure.months_since(s.start));
                let mut m = MonthRules {
                    uc_share: if closed {
                        [1.0, 1.0]
                    } else {
                        [share(0), share(1)]
                    },
                    migration,
                    tax_credit_migration: match tax_credits {
                        std::cmp::Ordering::Less => path(&uc.tax_credit_migration, s.start, t),
                        std::cmp::Ordering::Equal => 1.0,
                        std::cmp::Ordering::Greater => 0.0,
                    },
                    dla_reassessment: path(&s.benefits.pip.dla_reassessment, s.start, t),
                    hours_collapse: path(&uc.hours_collapse, s.start, t),
                    median_hourly: path(&s.earnings.median_hourly, s.start, year),
                    lcwra_new_from: since(rates.lcwra_new_from),
                    lcw_removed_from: since(rates.lcw_removed_from),
                    rates,
                    incentive: [0.0; INCENTIVE_KINDS],
                };
                m.incentive = incentives(s, &m);
                m
            })
            .collect();
        // The reference of the incentive terms: the legacy system of the run's first month.
        let most = |f: &dyn Fn(&MonthRules) -> f64, t: usize| {
            months[t..(t + window).min(n)]
                .iter()
                .map(f)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let most_hazards = (0..n)
            .map(|t| {
                [
                    most(&|m| m.migration, t),
                    most(&|m| m.dla_reassessment, t),
                    most(&|m| m.uc_share[1], t),
                    most(&|m| m.tax_credit_migration, t),
                ]
            })
            .collect();
        let most_incentive = (0..n)
            .map(|t| std::array::from_fn(|k| most(&|m| m.incentive[k], t)))
            .collect();
        let generous = (0..n)
            .map(|t| {
                let w = &months[t..(t + window).min(n)];
                let hi = |f: &dyn Fn(&MonthRules) -> f64| w.iter().map(f).fold(f64::MIN, f64::max);
                let lo = |f: &dyn Fn(&MonthRules) -> f64| w.iter().map(f).fold(f64::MAX, f64::min);
                Generous {
                    standard_allowance: hi(&|m| m.rates.standard_allowance),
                    work_allowance: hi(&|m| m.rates.work_allowance[0]),
                    taper: lo(&|m| m.rates.taper),
                    median_hourly: lo(&|m| m.median_hourly),
                    national_living_wage: lo(&|m| m.rates.national_living_wage),
                    hours_collapse: hi(&|m| m.hours_collapse),
                }
            })
            .collect();
        let collapse_peak = months.iter().map(|m| m.hours_collapse).fold(0.0, f64::max);
        let collapse_months = (0..n as i32)
            .filter(|&t| months[t as usize].hours_collapse > 0.0)
            .collect();
        let recount = (0..n)
            .map(|t| {
                t > 0 && {
                    let (a, b) = (&months[t - 1], &months[t]);
                    a.rates != b.rates
                        || a.median_hourly != b.median_hourly
                        || a.hours_collapse != b.hours_collapse
                }
            })
            .collect();
        Self {
            months,
            most_hazards,
            most_incentive,
            generous,
            recount,
            pay_factor: std::array::from_fn(|b| (s.earnings.log_sd * wage_z(b as u8)).exp()),
            collapse_peak,
            collapse_months,
        }
    }
}

/// The most generous terms of an in-work UC claim over a screening window: the largest
/// standard allowance and work allowance (with housing costs), the lowest taper, median wage
/// and minimum wage, and the largest share of collapsed hours. An award is increasing in the
/// first two and in the share of collapsed hours and decreasing in the others, so an award
/// worked out on these bounds every month's award in the window.
#[derive(Clone, Copy, Debug)]
pub struct Generous {
    pub standard_allowance: f64,
    pub work_allowance: f64,
    pub taper: f64,
    pub median_hourly: f64,
    pub national_living_wage: f64,
    pub hours_collapse: f64,
}

/// Whether `p` in work, not on UC, could be entitled to UC (as a claimant searching for work)
/// in some month of a window whose most generous terms are `g`, with their hours collapsed
/// (`collapse`) or not: a bound, true whenever some such month's [`award`] is above nothing.
pub fn may_be_entitled(
    s: &Scenario,
    cal: &Calendar,
    g: &Generous,
    p: &Person,
    disabled: bool,
    collapse: bool,
) -> bool {
    let uc = &s.benefits.universal_credit;
    let other = other_elements(p);
    let earnings = if collapse {
        0.0
    } else {
        monthly_pay(s, cal, g.median_hourly, g.national_living_wage, p, disabled)
    };
    let (allowance, extra) = if other {
        (g.work_allowance, uc.other_elements_amount)
    } else {
        (0.0, 0.0)
    };
    g.standard_allowance + extra - g.taper * (earnings - allowance).max(0.0) > 0.0
}

/// Whether `p`'s award carries elements the model does not simulate (housing costs,
/// children): drawn for life (`history::OTHER_ELEMENTS`).
#[inline]
pub fn other_elements(p: &Person) -> bool {
    p.benefit_history & history::OTHER_ELEMENTS != 0
}

/// Whether `p`'s claim counts as new for the month's new-claim rules from model month `from`.
#[inline]
fn new_claim(p: &Person, from: i32) -> bool {
    p.claim_start as i32 >= from
}

/// The health element of `p`'s UC claim this month [£ a month]: LCWRA at the rate of its
/// claim's date, LCW unless removed for claims of its date, nothing otherwise.
#[inline]
pub fn health_element(m: &MonthRules, p: &Person) -> f64 {
    let new = match p.benefit {
        Benefit::UcLcwra => new_claim(p, m.lcwra_new_from),
        Benefit::UcLcw => new_claim(p, m.lcw_removed_from),
        _ => false,
    };
    element(&m.rates, p.benefit, new)
}

/// The health element of a UC claim of benefit `b` under rates `r` [£ a month], for a claim
/// that is new under the month's rules for new claims (`new`) or not.
#[inline]
fn element(r: &Rates, b: Benefit, new: bool) -> f64 {
    match b {
        Benefit::UcLcwra if new => r.lcwra_new,
        Benefit::UcLcwra => r.lcwra,
        Benefit::UcLcw if new => 0.0,
        Benefit::UcLcw => r.lcw,
        _ => 0.0,
    }
}

/// The UC award of a claimant of benefit `b` with these elements and `earnings` [£ a month].
#[inline]
fn award_of(
    s: &Scenario,
    m: &MonthRules,
    b: Benefit,
    other: bool,
    element: f64,
    earnings: f64,
) -> f64 {
    let uc = &s.benefits.universal_credit;
    let r = &m.rates;
    let health = matches!(b, Benefit::UcLcw | Benefit::UcLcwra);
    let allowance = if other {
        r.work_allowance[0]
    } else if health {
        r.work_allowance[1]
    } else {
        0.0
    };
    let max = r.standard_allowance + element + if other { uc.other_elements_amount } else { 0.0 };
    (max - r.taper * (earnings - allowance).max(0.0)).max(0.0)
}

/// `p`'s UC award this month if on UC (or as if on UC searching for work if not) with
/// `earnings` [£ a month].
#[inline]
pub fn award(s: &Scenario, m: &MonthRules, p: &Person, earnings: f64) -> f64 {
    let b = if p.benefit.is_uc() {
        p.benefit
    } else {
        Benefit::UcSearching
    };
    award_of(s, m, b, other_elements(p), health_element(m, p), earnings)
}

/// A uniform fixed for `p`'s job, from its wage and adjustment bytes: the job's hours have
/// collapsed in a month whose share of collapsed hours is above it.
#[inline]
fn collapse_uniform(p: &Person) -> f64 {
    let z = crate::rng::mix(((p.wage as u64) << 8 | p.adjust as u64) ^ 0x00C0_11A9_5E00_0000);
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Whether `p`'s job is one whose hours collapsed this month (while they kept it).
#[inline]
pub fn collapsed(m: &MonthRules, p: &Person) -> bool {
    m.hours_collapse > 0.0 && collapse_uniform(p) < m.hours_collapse
}

/// The first month from `t` on in which `p`'s job's hours collapse having not been collapsed
/// the month before, if any: the screen looks at the person then (`engine::screen`), so that
/// the chance of a claim while collapsed need not be allowed for in the months before.
pub fn next_collapse_onset(cal: &Calendar, p: &Person, t: i32) -> Option<i32> {
    let u = collapse_uniform(p);
    // Most jobs never collapse: their uniform is above every month's share.
    if u >= cal.collapse_peak {
        return None;
    }
    let from = cal.collapse_months.partition_point(|&m| m < t);
    cal.collapse_months[from..].iter().copied().find(|&m| {
        u < cal.months[m as usize].hours_collapse
            && (m == 0 || u >= cal.months[m as usize - 1].hours_collapse)
    })
}

/// Standard deviations of pay a step of `Person::wage` stands for: the byte is the job's pay
/// (a standard normal value) on a grid of 1/32 from −4 to +4.
const WAGE_STEP: f64 = 8.0 / 255.0;

/// The standard normal value of pay a wage byte stands for.
#[inline]
pub fn wage_z(byte: u8) -> f64 {
    byte as f64 * WAGE_STEP - 4.0
}

/// The wage byte of a standard normal value of pay `z` (the nearest point of the grid, within
/// ±4 standard deviations).
#[inline]
pub fn wage_byte(z: f64) -> u8 {
    ((z + 4.0) / WAGE_STEP + 0.5).clamp(0.0, 255.0) as u8
}

/// Log hourly pay of `p`'s job relative to the month's median [log points]: the job's pay,
/// less the penalty of the worker's condition now.
#[inline]
pub fn log_pay(s: &Scenario, p: &Person) -> f64 {
    let e = &s.earnings;
    e.log_sd * wage_z(p.wage) - e.severity_pay_penalty * p.severity()
}

/// The gross monthly earnings of `p`'s job at median hourly pay `median` and minimum wage
/// `floor` [£ a month]: the median times exp([`log_pay`]), at least the minimum wage, times
/// the job's weekly hours. The job's factor comes from a table by wage byte
/// ([`Calendar::pay_factor`]); the condition's only for someone with one.
#[inline]
fn monthly_pay(
    s: &Scenario,
    cal: &Calendar,
    median: f64,
    floor: f64,
    p: &Person,
    disabled: bool,
) -> f64 {
    (median * pay_factor(s, cal, p)).max(floor) * weekly_hours(s, p, disabled) * WEEKS
}

/// exp([`log_pay`]) of `p`'s job, from the table by wage byte and, for someone with a
/// condition, its penalty.
#[inline]
fn pay_factor(s: &Scenario, cal: &Calendar, p: &Person) -> f64 {
    let e = &s.earnings;
    let f = cal.pay_factor[p.wage as usize];
    if p.severity != 0 && e.severity_pay_penalty != 0.0 {
        f * (-e.severity_pay_penalty * p.severity()).exp()
    } else {
        f
    }
}

/// The weekly hours of `p`'s job: full-time, or a part-time job's hours spread between the
/// shortest and longest by its hours percentile.
#[inline]
pub fn weekly_hours(s: &Scenario, p: &Person, disabled: bool) -> f64 {
    let e = &s.earnings;
    match employer::part_time_position(&s.employers, p, disabled) {
        Some(f) => e.part_time_hours_min + (e.part_time_hours_max - e.part_time_hours_min) * f,
        None => e.full_time_hours,
    }
}

/// `p`'s gross monthly earnings this month [£ a month]; nothing out of work or while their
/// hours have collapsed.
#[inline]
pub fn earnings(sys: super::System, p: &Person, disabled: bool) -> f64 {
    let m = sys.m;
    if !p.employed() || collapsed(m, p) {
        return 0.0;
    }
    monthly_pay(
        sys.s,
        sys.cal,
        m.median_hourly,
        m.rates.national_living_wage,
        p,
        disabled,
    )
}

/// The pay percentile (as a standard normal value) of a job begun by someone of readiness
/// `ready` (standard normal), with a fresh standard normal `fresh`.
#[inline]
pub fn pay_z(s: &Scenario, ready: f64, fresh: f64) -> f64 {
    let l = s.earnings.readiness_loading;
    l * ready + (1.0 - l * l).sqrt() * fresh
}

/// Index of the incentive table for benefit `b`, other elements, disability and whether the
/// claim is new under the month's rules.
#[inline]
pub fn incentive_kind(b: Benefit, other: bool, disabled: bool, new: bool) -> usize {
    (b as usize) << 3 | (other as usize) << 2 | (disabled as usize) << 1 | new as usize
}

/// `p`'s kind for the incentive table in month `m`: a claim with limited capability for
/// work (ESA work-related activity group, UC LCW) is new if made after the LCW element's
/// removal, a UC health element claim if made after the 2026 rules.
#[inline]
pub fn kind_of(m: &MonthRules, p: &Person, disabled: bool) -> usize {
    let new = match p.benefit {
        Benefit::UcLcw | Benefit::EsaWrag => new_claim(p, m.lcw_removed_from),
        Benefit::UcLcwra => new_claim(p, m.lcwra_new_from),
        // A claimant the PIP gateway turned away whom a WCA would have found to have limited
        // capability is measured against ESA, not JSA or no benefit.
        Benefit::UcSearching | Benefit::None => {
            p.prognosis_code() == crate::person::history::GATEWAY_LIMITED
        }
        _ => false,
    };
    incentive_kind(p.benefit, other_elements(p), disabled, new)
}

/// The share of earnings kept on taking a typical job (1 − the participation tax rate) for
/// each kind of claimant under `m`: the gain in net income over the job's gross earnings,
/// averaged over a full-time and a part-time job in the proportions of the person's group, at
/// the group's typical pay (the median, less the severity penalty at severity 0.5 for
/// disabled people). Legacy claimants lose their benefit in full and keep the other elements
/// (housing benefit, child tax credit) tapered at 65%.
fn kept_shares(s: &Scenario, m: &MonthRules) -> [f64; INCENTIVE_KINDS] {
    let r = &m.rates;
    let uc = &s.benefits.universal_credit;
    let e = &s.earnings;
    std::array::from_fn(|k| {
        let b = benefit_from_index(k >> 3);
        let other = k & 4 != 0;
        let disabled = k & 2 != 0;
        let new = k & 1 != 0;
        let pay = (m.median_hourly
            * if disabled {
                (-e.severity_pay_penalty * 0.5).exp()
            } else {
                1.0
            })
        .max(r.national_living_wage);
        let part = if disabled {
            s.employers.part_time_share_disabled
        } else {
            s.employers.part_time_share_non_disabled
        };
        let part_hours = 0.5 * (e.part_time_hours_min + e.part_time_hours_max);
        let extra = if other { uc.other_elements_amount } else { 0.0 };
        let mut kept = 0.0;
        for (hours, weight) in [(e.full_time_hours, 1.0 - part), (part_hours, part)] {
            let gross = pay * hours * WEEKS;
            let gain = if b.is_uc() {
                let element = element(r, b, new);
                gross + award_of(s, m, b, other, element, gross)
                    - award_of(s, m, b, other, element, 0.0)
            } else {
                let out = match b {
                    Benefit::None => 0.0,
                    Benefit::Jsa => r.jsa,
                    Benefit::EsaWrag if new => r.jsa,
                    Benefit::EsaWrag => r.jsa + r.esa_wrag_component,
                    _ => r.jsa + r.esa_support_component,
                };
                gross + (extra - 0.65 * gross).max(0.0) - out - extra
            };
            kept += weight * (gain / gross).max(0.01);
        }
        kept
    })
}

fn benefit_from_index(i: usize) -> Benefit {
    [
        Benefit::None,
        Benefit::Jsa,
        Benefit::EsaWrag,
        Benefit::EsaSupport,
        Benefit::Incapacity,
        Benefit::UcSearching,
        Benefit::UcLcw,
        Benefit::UcLcwra,
    ][i]
}

/// The kind whose incentive is `k`'s reference: the legacy benefit a UC claim replaces, as an
/// old claim (before any rule for new claims); for a jobseeker's claim flagged as a health
/// claim under the PIP gateway, ESA's work-related activity group.
fn reference_kind(k: usize) -> usize {
    let b = benefit_from_index(k >> 3);
    let legacy = match b {
        // A health claim the PIP gateway turned away (`kind_of`).
        Benefit::UcSearching | Benefit::None if k & 1 != 0 => Benefit::EsaWrag,
        Benefit::UcSearching => Benefit::Jsa,
        Benefit::UcLcw => Benefit::EsaWrag,
        Benefit::UcLcwra => Benefit::EsaSupport,
        b => b,
    };
    (legacy as usize) << 3 | (k & 0b110)
}

/// The work-incentive term of job finding for every kind under `m`: the elasticity times the
/// log of the share of earnings kept on taking a typical job against the share kept under
/// the legacy benefit it replaces, as the legacy system stood in April 2013 (no rule for new
/// claims), at this month's amounts and pay. So the term is 0 for legacy claimants under the
/// 2013 rules and for people on no benefit, and it measures what the rules changed: Universal
/// Credit's taper and work allowances against the legacy benefits' full withdrawal, the taper
/// cut of 2021, and the lower amounts for new claims of 2017 and 2026. The drift of benefits
/// against wages (the freeze of 2016-2020, say) is not in it: it moves the reference too.
fn incentives(s: &Scenario, m: &MonthRules) -> [f64; INCENTIVE_KINDS] {
    let eps = s.benefits.universal_credit.incentive_elasticity;
    if eps == 0.0 {
        return [0.0; INCENTIVE_KINDS];
    }
    let kept = kept_shares(s, m);
    std::array::from_fn(|k| eps * (kept[k] / kept[reference_kind(k)]).ln())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Managed migration reaches the workers who stand for tax credits until tax credits
    /// close (April 2025), all of them in that month, and never after; the legacy benefits
    /// close in March 2026: every claim is to UC and every legacy claim moves, whatever the
    /// paths say.
    #[test]
    fn the_legacy_benefits_and_tax_credits_close_on_their_dates() {
        let s: Scenario =
            toml::from_str("name = \"\"\nstart = \"2024-01\"\nmonths = 36\n").expect("parses");
        let cal = Calendar::new(&s, 6);
        let at = |y, m| {
            let t = YearMonth::new(y, m).unwrap().months_since(s.start) as usize;
            &cal.months[t]
        };
        // Tax credits' migration runs on its own path, from April 2023, before the legacy
        // benefits' begins (September 2024).
        assert_eq!(at(2024, 8).tax_credit_migration, 0.06);
        assert_eq!(at(2024, 8).migration, 0.0);
        assert_eq!(at(2025, 3).tax_credit_migration, 0.06);
        assert!(at(2025, 3).migration > 0.0 && at(2025, 3).migration < 1.0);
        assert_eq!(at(2025, 4).tax_credit_migration, 1.0);
        for m in 5..=12 {
            assert_eq!(at(2025, m).tax_credit_migration, 0.0, "2025-{m}");
        }
        assert!(at(2026, 2).migration < 1.0);
        for m in 3..=12 {
            assert_eq!(at(2026, m).migration, 1.0);
            assert_eq!(at(2026, m).uc_share, [1.0, 1.0]);
            assert_eq!(at(2026, m).tax_credit_migration, 0.0, "2026-{m}");
        }
        // The closure holds whatever the paths say: a migration path that stops short of 1
        // and a rollout that never completes.
        let s: Scenario = toml::from_str(
            "name = \"\"\nstart = \"2024-01\"\nmonths = 36\n\
             [benefits.universal_credit]\n\
             new_claims = [{ date = \"2024-01\", jobseekers = 0.5, health = 0.2 }]\n\
             managed_migration = [{ date = \"2024-01\", value = 0.5 }]\n\
             tax_credit_migration = [{ date = \"2024-01\", value = 0.5 }]\n",
        )
        .expect("parses");
        let cal = Calendar::new(&s, 6);
        let t = |y, m| YearMonth::new(y, m).unwrap().months_since(s.start) as usize;
        assert_eq!(cal.months[t(2026, 2)].uc_share, [0.5, 0.2]);
        assert_eq!(cal.months[t(2026, 2)].migration, 0.5);
        assert_eq!(cal.months[t(2026, 3)].uc_share, [1.0, 1.0]);
        assert_eq!(cal.months[t(2026, 3)].migration, 1.0);
        assert_eq!(cal.months[t(2025, 3)].tax_credit_migration, 0.5);
        assert_eq!(cal.months[t(2025, 5)].tax_credit_migration, 0.0);
    }
}
