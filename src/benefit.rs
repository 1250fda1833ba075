//! Benefit rules: who claims what when their status or health changes.
//!
//! Benefit is what the system knows, not need: a person recovers but stays on ESA until
//! reassessed; the Work Capability Assessment (WCA) sees severity through noise.

use crate::person::{Benefit, Person, Status};
use crate::rng::Stream;
use crate::scenario::BenefitConfig;

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
/// work, none (code 0).
pub fn wca(c: &BenefitConfig, severity: f64, rng: &mut Stream) -> Award {
    let assessed = severity + c.wca_noise_sd * rng.normal();
    let (benefit, prognosis) = if assessed >= c.wca_support_cut {
        (Benefit::EsaSupport, 5)
    } else if assessed >= c.wca_wrag_cut {
        let f = (assessed - c.wca_wrag_cut) / (c.wca_support_cut - c.wca_wrag_cut);
        (
            Benefit::EsaWrag,
            1 + (f * 4.0).floor().clamp(0.0, 3.0) as u8,
        )
    } else {
        (Benefit::None, 0)
    };
    Award {
        benefit,
        prognosis: Some(prognosis),
    }
}

/// The benefit of someone out of work who is (re)claiming: ESA through the WCA if their
/// health qualifies and they claim, otherwise JSA if unemployed and claiming, otherwise none.
pub fn claim_out_of_work(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Award {
    if p.severity() >= c.esa_claim_severity && rng.uniform() < c.esa_take_up {
        return assess(c, p, rng);
    }
    Award::without_wca(jsa_or_none(c, p.status, rng))
}

/// A Work Capability Assessment: an ESA group, or if found fit for work, JSA or nothing.
fn assess(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Award {
    let award = wca(c, p.severity(), rng);
    match award.benefit {
        Benefit::None => Award {
            benefit: jsa_or_none(c, p.status, rng),
            ..award
        },
        _ => award,
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
pub fn monthly_event(c: &BenefitConfig, p: &Person, rng: &mut Stream) -> Award {
    match p.benefit {
        Benefit::Incapacity | Benefit::EsaWrag | Benefit::EsaSupport => assess(c, p, rng),
        Benefit::None | Benefit::Jsa => claim_out_of_work(c, p, rng),
    }
}
