//! Benefit rules: who claims what when their status or health changes, and under which
//! system (legacy JSA and ESA, or Universal Credit: [`uc`]); PIP ([`pip`]); the legislated
//! amounts ([`rates`]).
//!
//! Benefit is what the system knows, not need: a person recovers but stays on ESA until
//! reassessed; the Work Capability Assessment (WCA) sees severity through noise. Under
//! Universal Credit the same WCA decides limited capability for work (LCW, preparing for
//! work) and for work-related activity (LCWRA, the health element, no work requirements).
//!
//! A new claim goes to UC with the month's rollout share (`universal_credit.new_claims`): the
//! route is drawn from its own stream (`Purpose::Rollout`), so the other draws of a claim are
//! those the legacy system would make. Someone on UC stays on UC.

pub mod pip;
pub mod rates;
pub mod uc;

pub use uc::{Calendar, MonthRules};

use crate::person::{Benefit, Person, Status};
use crate::rng::Stream;
use crate::scenario::{BenefitConfig, Scenario};

/// The rules in force for one person-month: the scenario's and the month's.
#[derive(Clone, Copy)]
pub struct System<'a> {
    pub s: &'a Scenario,
    pub cal: &'a Calendar,
    pub m: &'a MonthRules,
}

impl System<'_> {
    #[inline]
    fn c(&self) -> &BenefitConfig {
        &self.s.benefits
    }
}

/// What a claim or an assessment awards: the benefit, and the prognosis code
/// (`person::history`) of the Work Capability Assessment that decided it, if one did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Award {
    pub benefit: Benefit,
    pub prognosis: Option<u8>,
}

impl Award {
    fn without_wca(benefit: Benefit) -> Self {
        Self {
            benefit,
            prognosis: None,
        }
    }

    /// Gives `p` the award in month `t` (`Person::set_benefit`).
    #[inline]
    pub fn apply(self, p: &mut Person, t: i32) {
        p.set_benefit(self.benefit, t, self.prognosis);
    }
}

/// The outcome of a Work Capability Assessment for someone with this severity, with its
/// prognosis: the support group gets the longest (code 5, 24 months, standing for its longer
/// or indefinite prognoses); the
/// work-related activity group gets 3, 6, 12 or 18 months by the quarter of the band between
/// `wca_wrag_cut` and `wca_support_cut` its assessed severity falls in (set by hand: the
/// closer to the line, the sooner a claimant is expected to be fit for work); found fit for
/// work, none (code 0). Under UC (`uc`), the groups are LCWRA, from
/// `universal_credit.lcwra_cut`, and LCW.
pub fn wca(c: &BenefitConfig, severity: f64, uc: bool, rng: &mut Stream) -> Award {
    let assessed = severity + c.wca_noise_sd * rng.normal();
    // Under UC the line of the top group is UC's own (`universal_credit.lcwra_cut`).
    let top = if uc {
        c.universal_credit.lcwra_cut.max(c.wca_wrag_cut)
    } else {
        c.wca_support_cut
    };
    let (benefit, prognosis) = if assessed >= top {
        (Benefit::EsaSupport, 5)
    } else if assessed >= c.wca_wrag_cut {
        let f = (assessed - c.wca_wrag_cut) / (top - c.wca_wrag_cut);
        (
            Benefit::EsaWrag,
            1 + (f * 4.0).floor().clamp(0.0, 3.0) as u8,
        )
    } else {
        (Benefit::None, 0)
    };
    Award {
        benefit: if uc { benefit.uc_equivalent() } else { benefit },
        prognosis: Some(prognosis),
    }
}

/// Whether a new claim of kind `k` (0 jobseeker, 1 health) by `p` goes to UC: always if
/// they are on UC already, else with the month's rollout share, drawn from `route`.
#[inline]
fn to_uc(sys: System, p: &Person, k: usize, route: &mut Stream) -> bool {
    let share = sys.m.uc_share[k];
    p.benefit.is_uc() || share >= 1.0 || (share > 0.0 && route.uniform() < share)
}

/// The benefit of someone out of work who is (re)claiming: a health claim through the WCA if
/// their health qualifies and they claim, otherwise a jobseeker's claim if unemployed and
/// claiming, otherwise none; under UC or the legacy system by [`to_uc`].
pub fn claim_out_of_work(sys: System, p: &Person, rng: &mut Stream, route: &mut Stream) -> Award {
    let c = sys.c();
    if p.severity() >= c.esa_claim_severity && rng.uniform() < c.esa_take_up {
        let uc = to_uc(sys, p, 1, route);
        return assess(sys, p, uc, rng, route);
    }
    Award::without_wca(jobseeker(sys, p, rng, route))
}

/// A Work Capability Assessment under UC or ESA: a group, or if found fit for work, a
/// jobseeker's claim or nothing. Under the proposed PIP gateway (`reforms.pip_gateway`), a
/// new UC health claim has no WCA: the health element (LCWRA) goes to those on the PIP daily
/// living component; those a WCA would have found to have limited capability keep a UC claim,
/// searching for work (in or out of the labour force); the others are found fit for work as
/// under the WCA.
fn assess(sys: System, p: &Person, uc: bool, rng: &mut Stream, route: &mut Stream) -> Award {
    let c = sys.c();
    let new_health_claim = !matches!(p.benefit, Benefit::UcLcw | Benefit::UcLcwra);
    let mut award = wca(c, p.severity(), uc, rng);
    if uc && c.reforms.pip_gateway && new_health_claim {
        // No WCA decides the claim: the health element goes with PIP's daily living
        // component. The assessment drawn above is what a WCA would have found: a claimant it
        // finds to have limited capability and the gateway turns away is marked
        // (`history::GATEWAY_LIMITED`), so that their work incentive is measured against ESA
        // (`uc::kind_of`).
        if p.pip() >= crate::person::pip::STANDARD {
            award.benefit = Benefit::UcLcwra;
        } else if award.benefit != Benefit::None {
            // Turned away, a claimant the WCA would have found to have limited capability
            // keeps their UC claim, searching for work whether or not they are looking
            // (UC is means-tested: the claim was made).
            return Award {
                benefit: Benefit::UcSearching,
                prognosis: Some(crate::person::history::GATEWAY_LIMITED),
            };
        }
    }
    match award.benefit {
        Benefit::None => Award {
            benefit: jobseeker(sys, p, rng, route),
            ..award
        },
        _ => award,
    }
}

/// A jobseeker's claim for an unemployed person: UC searching for work or JSA by
/// [`to_uc`], each with its take-up; nothing otherwise.
pub fn jobseeker(sys: System, p: &Person, rng: &mut Stream, route: &mut Stream) -> Benefit {
    if p.status != Status::Unemployed {
        return Benefit::None;
    }
    let c = sys.c();
    let (benefit, take_up) = if to_uc(sys, p, 0, route) {
        (Benefit::UcSearching, c.universal_credit.jobseeker_take_up)
    } else {
        (Benefit::Jsa, c.jsa_take_up)
    };
    if rng.uniform() < take_up {
        benefit
    } else {
        Benefit::None
    }
}

/// The benefit events that can happen to someone in a month and their probabilities, in the
/// order they share the `BENEFIT` process's uniform: a WCA (a reassessment, or a new health
/// claim), the migration of a legacy claim to UC, an in-work UC claim or its review, and a
/// PIP event ([`pip::rate`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Hazards {
    pub assessment: f64,
    pub migration: f64,
    pub in_work: f64,
    pub pip: f64,
}

impl Hazards {
    /// The probability that one of them happens (they are exclusive; capped at 1).
    #[inline]
    pub fn total(&self) -> f64 {
        (self.assessment + self.migration + self.in_work + self.pip).min(1.0)
    }
}

/// Monthly rate of a WCA for someone out of work: a reassessment of a health-related claim,
/// or a new health claim by someone whose health has worsened (at the rate claims are
/// assessed). 0 when nothing can happen, and in work.
#[inline]
pub fn assessment_rate(c: &BenefitConfig, p: &Person) -> f64 {
    if p.employed() {
        return 0.0;
    }
    match p.benefit {
        Benefit::Incapacity => c.incapacity_reassessment,
        Benefit::EsaWrag | Benefit::EsaSupport | Benefit::UcLcw | Benefit::UcLcwra => {
            c.esa_reassessment
        }
        Benefit::None | Benefit::Jsa | Benefit::UcSearching
            if p.severity() >= c.esa_claim_severity =>
        {
            c.esa_reassessment
        }
        _ => 0.0,
    }
}

/// Months before a UC health claim within which someone who left work is taken to meet the
/// contribution conditions of new-style ESA (Class 1 contributions paid in one of the last two
/// complete tax years: set by hand as two years back from the claim).
pub const NEW_STYLE_ESA_CONTRIBUTION_MONTHS: i32 = 24;

/// Months new-style ESA is paid to a claimant with limited capability for work who is not in
/// the support group (LCWRA): 365 days from 30 April 2012 (Welfare Reform Act 2012, s.51);
/// without limit in the support group.
pub const NEW_STYLE_ESA_LCW_MONTHS: i32 = 12;

/// Whether `p` in month `t` is on new-style (contribution-based) ESA beside their UC health
/// claim: out of work, on a claim begun within [`NEW_STYLE_ESA_CONTRIBUTION_MONTHS`] of
/// leaving work, for [`NEW_STYLE_ESA_LCW_MONTHS`] with LCW and without limit with LCWRA; all
/// who qualify are taken to claim it. The DWP's ESA caseload counts them (the health caseload
/// counts a person once); UC deducts it pound for pound as unearned income, so the UC award
/// the model computes is what the two pay together (no household has other income in the
/// model), and spending counts it under UC. New-style JSA: [`new_style_jsa`].
#[inline]
pub fn new_style_esa(p: &Person, t: i32) -> bool {
    let start = p.claim_start as i32;
    !p.employed()
        && t - start < new_style_esa_months(p)
        && start - p.since as i32 <= NEW_STYLE_ESA_CONTRIBUTION_MONTHS
}

/// Months from its claim's start that `p`'s new-style ESA can last: 0 without a UC health
/// claim.
#[inline]
fn new_style_esa_months(p: &Person) -> i32 {
    match p.benefit {
        Benefit::UcLcwra => i32::MAX,
        Benefit::UcLcw => NEW_STYLE_ESA_LCW_MONTHS,
        _ => 0,
    }
}

/// Months new-style (contribution-based) JSA is paid: 182 days (Jobseekers Act 1995, s.5(1)).
pub const NEW_STYLE_JSA_MONTHS: i32 = 6;

/// Whether `p` in month `t` would qualify for new-style JSA beside a UC claim searching for
/// work: out of work, in the first [`NEW_STYLE_JSA_MONTHS`] of a claim begun within
/// [`NEW_STYLE_ESA_CONTRIBUTION_MONTHS`] of leaving work (the same contribution conditions as
/// new-style ESA's, Jobseekers Act 1995 s.2). Not everyone who qualifies claims it: beside UC
/// it pays nothing more (UC deducts it pound for pound), so the DWP's JSA caseload counts
/// those who qualify times `benefits.universal_credit.new_style_jsa_take_up`, a share fitted
/// to that caseload (August 2022, when almost all of it was new-style). Nothing else in the
/// model reads it: the UC award already pays what the two pay together, and the claimant
/// count counts a person once.
#[inline]
pub fn new_style_jsa(p: &Person, t: i32) -> bool {
    let start = p.claim_start as i32;
    p.benefit == Benefit::UcSearching
        && !p.employed()
        && t - start < NEW_STYLE_JSA_MONTHS
        && start - p.since as i32 <= NEW_STYLE_ESA_CONTRIBUTION_MONTHS
}

/// The month in which `p`'s new-style ESA or JSA (on it, or qualifying for it, in month `t`)
/// ends with its time limit (`i32::MAX`: neither, or no limit).
#[inline]
pub fn new_style_end(p: &Person, t: i32) -> i32 {
    if new_style_jsa(p, t) {
        return p.claim_start as i32 + NEW_STYLE_JSA_MONTHS;
    }
    match new_style_esa_months(p) {
        i32::MAX => i32::MAX,
        m if new_style_esa(p, t) => p.claim_start as i32 + m,
        _ => i32::MAX,
    }
}

/// Whether `p` in work is entitled to UC this month (an award above nothing at their
/// earnings).
#[inline]
pub fn entitled_in_work(sys: System, p: &Person, disabled: bool) -> bool {
    let e = uc::earnings(sys, p, disabled);
    uc::award(sys.s, sys.m, p, e) > 0.0
}

/// Monthly probability that a worker entitled to UC and not on it claims: at `rate` where UC
/// takes claims from people in work (`full_service`: the full service's share, as the Live
/// Service took only single jobseekers), and when managed migration reaches the tax credits
/// such a worker would otherwise be on (`migration`: `MonthRules::tax_credit_migration`),
/// less the notices closed without a claim, if they stand for someone on them
/// (`on_tax_credits`, from [`on_tax_credits`]). The model has no tax credits: a worker entitled to UC who has not
/// claimed it stands for one on them (or entitled to them and not claiming) if they would meet
/// their conditions.
#[inline]
pub fn in_work_claim(
    u: &crate::scenario::UniversalCreditConfig,
    rate: f64,
    full_service: f64,
    migration: f64,
    on_tax_credits: bool,
) -> f64 {
    let tax_credits = if on_tax_credits {
        migration * (1.0 - u.migration_non_claim)
    } else {
        0.0
    };
    rate * full_service + tax_credits
}

/// Whether a worker entitled to UC and not on it, aged `age_months`, in a job of `hours` a
/// week, stands for someone on tax credits (or on housing benefit), whom managed migration
/// reaches: with the elements the model does not simulate (children, housing costs:
/// [`uc::other_elements`]), at any hours, as Child Tax Credit and housing benefit had no hours
/// condition; otherwise by Working Tax Credit's hours condition, `tax_credit_hours` (16) for a
/// disabled worker or one aged 60 or over, `tax_credit_hours_others` (30) for others aged 25
/// or over, and none under 25 (the Working Tax Credit (Entitlement and Maximum Rate)
/// Regulations 2002, reg. 4; gov.uk, *Working Tax Credit: eligibility*). Increasing in age and
/// hours, so the screen bounds it at a window's oldest age.
#[inline]
pub fn on_tax_credits(
    u: &crate::scenario::UniversalCreditConfig,
    p: &Person,
    disabled: bool,
    age_months: i32,
    hours: f64,
) -> bool {
    uc::other_elements(p)
        || if disabled || age_months >= 60 * 12 {
            hours >= u.tax_credit_hours
        } else {
            age_months >= 25 * 12 && hours >= u.tax_credit_hours_others
        }
}

/// This month's [`Hazards`] for `p`.
#[inline]
pub fn hazards(sys: System, p: &Person, disabled: bool, t: i32) -> Hazards {
    let c = sys.c();
    let u = &c.universal_credit;
    let in_work = if !p.employed() {
        0.0
    } else if p.benefit.is_uc() {
        u.in_work_review_rate
    } else if (sys.m.uc_share[1] > 0.0 || sys.m.tax_credit_migration > 0.0)
        && entitled_in_work(sys, p, disabled)
    {
        let rate = if uc::collapsed(sys.m, p) {
            u.collapse_claim_rate
        } else {
            u.in_work_claim_rate
        };
        // Who stands for a tax-credit claimant matters only while tax credits migrate.
        let reached = sys.m.tax_credit_migration > 0.0 && {
            let hours = uc::weekly_hours(sys.s, p, disabled);
            on_tax_credits(u, p, disabled, p.age_months(t), hours)
        };
        in_work_claim(
            u,
            rate,
            sys.m.uc_share[1],
            sys.m.tax_credit_migration,
            reached,
        )
    } else {
        0.0
    };
    Hazards {
        assessment: assessment_rate(c, p),
        migration: if !p.employed() && p.benefit.is_legacy() {
            sys.m.migration
        } else {
            0.0
        },
        in_work,
        pip: pip::rate(&c.pip, sys.m.dla_reassessment, p),
    }
}

/// The event of `h` that the `BENEFIT` uniform `u` (below `h.total()`) picks, applied to `p`
/// in month `t` (`life`: their life key, [`crate::rng::life_key`]); a legacy claim in the month
/// the legacy benefits close (migration 1) migrates. Returns a PIP decision's award before and
/// after ([`pip::event`]), if the event was one.
#[allow(clippy::too_many_arguments)]
pub fn event(
    sys: System,
    h: &Hazards,
    u: f64,
    p: &mut Person,
    t: i32,
    disabled: bool,
    rng: &mut Stream,
    route: &mut Stream,
    life: crate::rng::PersonKey,
) -> Option<(u8, u8)> {
    let c = sys.c();
    // When the legacy benefits close (a migration hazard of 1), every legacy claim moves,
    // whatever else the uniform would have picked.
    if h.migration >= 1.0 {
        migrate(c, p, t, rng);
        return None;
    }
    let mut edge = h.assessment;
    if u < edge {
        let award = match p.benefit {
            Benefit::Incapacity | Benefit::EsaWrag | Benefit::EsaSupport => {
                assess(sys, p, false, rng, route)
            }
            Benefit::UcLcw | Benefit::UcLcwra => assess(sys, p, true, rng, route),
            Benefit::None | Benefit::Jsa | Benefit::UcSearching => {
                claim_out_of_work(sys, p, rng, route)
            }
        };
        award.apply(p, t);
        return None;
    }
    edge += h.migration;
    if u < edge {
        migrate(c, p, t, rng);
        return None;
    }
    edge += h.in_work;
    if u < edge {
        if !p.benefit.is_uc() {
            // A claim in work: searching for work, or working, by earnings.
            p.set_benefit(Benefit::UcSearching, t, None);
        } else if !entitled_in_work(sys, p, disabled) {
            p.set_benefit(Benefit::None, t, None);
        }
        return None;
    }
    Some(pip::event(&c.pip, p, life, rng))
}

/// Managed migration of `p`'s legacy claim in month `t`: a share of notices are closed
/// without a claim (the claimant leaves benefit); the rest move to the UC equivalent, the
/// claim continuing (transitional protection). Legacy incapacity benefit is assessed by the
/// WCA under UC.
fn migrate(c: &BenefitConfig, p: &mut Person, t: i32, rng: &mut Stream) {
    if rng.uniform() < c.universal_credit.migration_non_claim {
        p.set_benefit(Benefit::None, t, None);
        return;
    }
    match p.benefit {
        Benefit::Incapacity => {
            let award = wca(c, p.severity(), true, rng);
            let b = if award.benefit == Benefit::None {
                Benefit::UcSearching
            } else {
                award.benefit
            };
            p.set_benefit(b, t, award.prognosis);
        }
        b => p.set_benefit(b.uc_equivalent(), t, None),
    }
}

/// What each person adds to the world's benefit stocks ([`stock_slots`]), by slot. The first
/// [`slot::UC`] slots change with the month's rules (they are counted afresh when the rules
/// change: `Calendar::recount`); the others only when something happens to the person.
pub mod slot {
    /// In work on UC searching for work, earning under the administrative earnings threshold
    /// (in the claimant count).
    pub const IN_WORK_SEARCHING: usize = 0;
    /// This month's UC awards, and the UC health elements within them [pence].
    pub const UC_PENCE: usize = 1;
    pub const UC_HEALTH_PENCE: usize = 2;
    /// The slots that depend on the month's rules.
    pub const UC: usize = 3;
    /// On PIP at the standard and enhanced rates, and on DLA.
    pub const PIP_STANDARD: usize = 3;
    pub const PIP_ENHANCED: usize = 4;
    pub const DLA: usize = 5;
    /// Sum over jobs of log hourly pay relative to the month's median [thousandths of a log
    /// point], by group.
    pub const LOG_PAY: [usize; 2] = [6, 7];
    /// ESA claims in the support group, and in the work-related activity group made after the
    /// component was removed (paid at the JSA rate).
    pub const ESA_SUPPORT: usize = 8;
    pub const ESA_WRAG_NO_COMPONENT: usize = 9;
    pub const COUNT: usize = 10;
}

/// An amount in whole pence, truncated (no libm call: the stocks need the same number from the
/// same amount, not the nearest).
#[inline]
fn pence(x: f64) -> i64 {
    (x * 100.0) as i64
}

/// What `p` (disabled or not) adds to the benefit stocks in the month of `sys`: counts, UC
/// awards in pence, and pay. A pure function of the person and the month's rules, so a stock
/// moved by the people stepped stays exact while the rules hold; the slots that depend on the
/// rules ([`uc_slots`]) are counted afresh when they change (`Calendar::recount`).
#[inline]
pub fn stock_slots(sys: System, p: &Person, disabled: bool) -> [i64; slot::COUNT] {
    let mut s = [0i64; slot::COUNT];
    if p.benefit.is_uc() {
        s[..slot::UC].copy_from_slice(&uc_slots(sys, p, disabled));
    }
    match p.pip() {
        crate::person::pip::STANDARD => s[slot::PIP_STANDARD] = 1,
        crate::person::pip::ENHANCED => s[slot::PIP_ENHANCED] = 1,
        crate::person::pip::DLA => s[slot::DLA] = 1,
        _ => {}
    }
    if p.employed() {
        let z = uc::log_pay(sys.s, p);
        s[slot::LOG_PAY[disabled as usize]] = (z * 1000.0) as i64;
    }
    match p.benefit {
        Benefit::EsaSupport => s[slot::ESA_SUPPORT] = 1,
        Benefit::EsaWrag if p.claim_start as i32 >= sys.m.lcw_removed_from => {
            s[slot::ESA_WRAG_NO_COMPONENT] = 1;
        }
        _ => {}
    }
    s
}

/// Whether `a` and `b` may differ in [`stock_slots`] (with the same disability): they differ
/// in a field it reads.
#[inline]
pub fn stocks_differ(a: &Person, b: &Person) -> bool {
    a.benefit != b.benefit
        || a.status != b.status
        || a.benefit_history != b.benefit_history
        || a.claim_start != b.claim_start
        || a.severity != b.severity
        || a.wage != b.wage
        || a.job != b.job
        || a.adjust != b.adjust
}

/// The slots of [`stock_slots`] that depend on the month's rules, for someone on UC: the award
/// at their earnings and its health element, and in work whether they are in the claimant count.
#[inline]
pub fn uc_slots(sys: System, p: &Person, disabled: bool) -> [i64; slot::UC] {
    let mut s = [0i64; slot::UC];
    let m = sys.m;
    let earnings = uc::earnings(sys, p, disabled);
    let award = uc::award(sys.s, m, p, earnings);
    s[slot::UC_PENCE] = pence(award);
    s[slot::UC_HEALTH_PENCE] = pence(uc::health_element(m, p).min(award));
    if p.employed() && p.benefit == Benefit::UcSearching {
        s[slot::IN_WORK_SEARCHING] = (earnings < m.rates.aet) as i64;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_style_jsa_lasts_six_months_of_a_claim_begun_within_two_years_of_leaving_work() {
        let mut p = Person {
            status: Status::Unemployed,
            benefit: Benefit::UcSearching,
            since: 100,
            claim_start: 110,
            ..Person::default()
        };
        assert!(new_style_jsa(&p, 110) && new_style_jsa(&p, 115));
        assert!(!new_style_jsa(&p, 116));
        assert_eq!(new_style_end(&p, 112), 116);
        // A claim begun more than two years after the last job: no contributions.
        p.claim_start = 124;
        assert!(new_style_jsa(&p, 124));
        p.claim_start = 125;
        assert!(!new_style_jsa(&p, 125));
        assert_eq!(new_style_end(&p, 125), i32::MAX);
        // Only beside a UC claim searching for work, and out of work.
        p.since = 120;
        assert!(new_style_jsa(&p, 125));
        p.benefit = Benefit::Jsa;
        assert!(!new_style_jsa(&p, 125));
        p.benefit = Benefit::UcSearching;
        p.status = Status::Employed;
        assert!(!new_style_jsa(&p, 125));
    }

    #[test]
    fn migration_reaches_only_workers_who_could_be_on_tax_credits() {
        let u = crate::scenario::UniversalCreditConfig::default();
        assert_eq!(
            (u.tax_credit_hours, u.tax_credit_hours_others),
            (16.0, 30.0)
        );
        // The month tax credits close: a worker who could be on them is swept (less the
        // notices closed without a claim); one who could not claims only of their own accord.
        let rate = u.in_work_claim_rate;
        let swept = in_work_claim(&u, rate, 1.0, 1.0, true);
        assert!((swept - (rate + 1.0 - u.migration_non_claim)).abs() < 1e-12);
        assert_eq!(in_work_claim(&u, rate, 1.0, 1.0, false), rate);
        assert_eq!(in_work_claim(&u, rate, 0.0, 0.06, false), 0.0);
        // Working Tax Credit's hours: 16 for a disabled worker or one over 60, 30 for others
        // aged 25 or over, none under 25; any hours with children or housing costs.
        let p = Person::default();
        let (y, y30, y61) = (20 * 12, 30 * 12, 61 * 12);
        assert!(on_tax_credits(&u, &p, true, y, 16.0));
        assert!(!on_tax_credits(&u, &p, true, y, 15.9));
        assert!(on_tax_credits(&u, &p, false, y61, 16.0));
        assert!(!on_tax_credits(&u, &p, false, y30, 29.0));
        assert!(on_tax_credits(&u, &p, false, y30, 30.0));
        assert!(!on_tax_credits(&u, &p, false, y, 37.5));
        let mut parent = Person::default();
        parent.benefit_history |= crate::person::history::OTHER_ELEMENTS;
        assert!(on_tax_credits(&u, &parent, false, y, 8.0));
    }
}
