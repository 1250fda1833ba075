//! Personal Independence Payment, and Disability Living Allowance before it: the extra-costs
//! benefit, paid in or out of work (`scenario::PipConfig`).
//!
//! Someone whose condition reaches `claim_severity` claims at `claim_rate`; the assessment
//! sees severity through noise and awards the daily living component at the standard or
//! enhanced rate, or nothing (they may claim again). Awards are reviewed at `review_rate`
//! and can be lost on review; working-age DLA awards are reassessed under PIP at the dated
//! `dla_reassessment` hazard. An award does not end when a condition eases: only a review
//! ends it, as only the system's knowledge changes the award.

use crate::person::{Person, pip};
use crate::rng::Stream;
use crate::scenario::PipConfig;

/// The award an assessment of someone of this severity makes ([`pip`] code).
pub fn assess(c: &PipConfig, severity: f64, rng: &mut Stream) -> u8 {
    let assessed = severity + c.assessment_noise_sd * rng.normal();
    if assessed >= c.enhanced_cut {
        pip::ENHANCED
    } else if assessed >= c.standard_cut {
        pip::STANDARD
    } else {
        pip::NONE
    }
}

/// The monthly probability of a PIP event for `p` when DLA awards are reassessed at
/// `dla_reassessment`: a claim, a reassessment of DLA, or a review of a PIP award.
#[inline]
pub fn rate(c: &PipConfig, dla_reassessment: f64, p: &Person) -> f64 {
    match p.pip() {
        pip::NONE if p.severity() >= c.claim_severity => c.claim_rate,
        pip::NONE => 0.0,
        pip::DLA => dla_reassessment,
        _ => c.review_rate,
    }
}

/// This month's PIP event for `p` ([`rate`]): the award after the claim, the reassessment or
/// the review.
#[inline]
pub fn event(c: &PipConfig, p: &mut Person, rng: &mut Stream) {
    let award = assess(c, p.severity(), rng);
    p.set_pip(award);
}

/// The award of someone at the start of a run (April 2013): DLA, with probability
/// `dla_share_at_start`, for those whose assessed severity reaches the standard rate.
pub fn at_start(c: &PipConfig, p: &mut Person, rng: &mut Stream) {
    if p.severity() >= c.claim_severity
        && rng.uniform() < c.dla_share_at_start
        && assess(c, p.severity(), rng) != pip::NONE
    {
        p.set_pip(pip::DLA);
    }
}
