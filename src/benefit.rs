//! Benefit rules: who claims what when their status or health changes.
//!
//! Benefit is what the system knows, not need: a person recovers but stays on ESA until
//! reassessed; the Work Capability Assessment (WCA) sees severity through noise.

use crate::person::{Benefit, Person, Status};
use crate::rng::Stream;
use crate::scenario::BenefitConfig;

/// The outcome of a Work Capability Assessment for someone with this severity.
pub fn wca(c: &BenefitConfig, severity: f64, rng: &mut Stream) -> Benefit {
    let assessed = severity + c.wca_noise_sd * rng.normal();
    if assessed >= c.wca_support_cut {
        Benefit::EsaSupport
    } else if assessed >= c.wca_wrag_cut {
        Benefit::EsaWrag
    } else {
        Benefit::None
    }
}

/// The benefit of someone out of work who is (re)claiming: ESA through the WCA if their
/// health qualifies and they claim, otherwise JSA if unemployed and claiming, otherwise none.
pub fn claim_out_of_work(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Benefit {
    if p.severity() >= c.esa_claim_severity && rng.uniform() < c.esa_take_up {
        return assess(c, p, rng);
    }
    jsa_or_none(c, p.status, rng)
}

/// A Work Capability Assessment: an ESA group, or if found fit for work, JSA or nothing.
fn assess(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Benefit {
    match wca(c, p.severity(), rng) {
        Benefit::None => jsa_or_none(c, p.status, rng),
        outcome => outcome,
    }
}

/// JSA for an unemployed claimant (with take-up), nothing otherwise.
pub fn jsa_or_none(c: &BenefitConfig, status: Status, rng: &mut Stream) -> Benefit {
    if status == Status::Unemployed && rng.uniform() < c.jsa_take_up {
        Benefit::Jsa
    } else {
        Benefit::None
    }
}

/// Monthly rate of a benefit event for someone out of work: a reassessment of a
/// health-related claim, or a new ESA claim by someone whose health has worsened (at the rate
/// claims are assessed). 0 when nothing can happen.
pub fn monthly_rate(c: &BenefitConfig, p: &Person) -> f64 {
    match p.benefit {
        Benefit::Incapacity => c.incapacity_reassessment,
        Benefit::EsaWrag | Benefit::EsaSupport => c.esa_reassessment,
        Benefit::None | Benefit::Jsa if p.severity() >= c.esa_claim_severity => c.esa_reassessment,
        _ => 0.0,
    }
}

/// The benefit after this month's benefit event ([`monthly_rate`]) for someone out of work.
pub fn monthly_event(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Benefit {
    match p.benefit {
        Benefit::Incapacity | Benefit::EsaWrag | Benefit::EsaSupport => assess(c, p, rng),
        Benefit::None | Benefit::Jsa => claim_out_of_work(c, p, rng),
    }
}
