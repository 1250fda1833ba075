//! Personal Independence Payment, and Disability Living Allowance before it: the extra-costs
//! benefit, paid in or out of work (`scenario::PipConfig`).
//!
//! Someone whose condition reaches `claim_severity` claims at `claim_rate`; the assessment
//! sees severity through noise and awards the daily living component at the standard or
//! enhanced rate, or nothing (they may claim again). Part of the noise is the person's own,
//! the same at every assessment of their life (how their condition presents against the
//! descriptors: `assessment_persistence`), the rest fresh at each. Awards are reviewed at `review_rate`
//! and can be lost on review; working-age DLA awards are reassessed under PIP at the dated
//! `dla_reassessment` hazard. An award does not end when a condition eases: only a review
//! ends it, as only the system's knowledge changes the award.

use crate::person::{Person, pip};
use crate::rng::{PersonKey, Purpose, Stream};
use crate::scenario::PipConfig;

/// How the condition of the person whose life key is `life` ([`crate::rng::life_key`])
/// presents to a PIP assessment: a standard normal, the same at each of their assessments.
#[inline]
pub fn presentation(life: PersonKey) -> f64 {
    life.stream(Purpose::PipPresentation).normal()
}

/// The award an assessment of someone of this severity and [`presentation`] makes ([`pip`]
/// code): the assessed severity is the severity plus noise of sd `assessment_noise_sd`, a
/// share `assessment_persistence` of whose variance is the person's own.
pub fn assess(c: &PipConfig, severity: f64, presentation: f64, rng: &mut Stream) -> u8 {
    let rho = c.assessment_persistence;
    let noise = rho.sqrt() * presentation + (1.0 - rho).sqrt() * rng.normal();
    let assessed = severity + c.assessment_noise_sd * noise;
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

/// This month's PIP event for `p`, whose life key is `life` ([`rate`]): the award after the
/// claim, the reassessment or the review. Returns the award before and after ([`pip`] codes).
#[inline]
pub fn event(c: &PipConfig, p: &mut Person, life: PersonKey, rng: &mut Stream) -> (u8, u8) {
    let before = p.pip();
    let award = assess(c, p.severity(), presentation(life), rng);
    p.set_pip(award);
    (before, award)
}

/// The award of someone at the start of a run (April 2013), whose life key is `life`: DLA, with probability
/// `dla_share_at_start`, for those whose assessed severity reaches the standard rate.
pub fn at_start(c: &PipConfig, p: &mut Person, life: PersonKey, rng: &mut Stream) {
    if p.severity() >= c.claim_severity
        && rng.uniform() < c.dla_share_at_start
        && assess(c, p.severity(), presentation(life), rng) != pip::NONE
    {
        p.set_pip(pip::DLA);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{ReplicationKey, life_key};

    #[test]
    fn a_persistent_assessment_error_repeats_and_a_fresh_one_does_not() {
        let key = ReplicationKey::new(7, 0);
        // A life's presentation is the same whenever it is read, and differs between lives.
        let life = life_key(key, 42, -300);
        assert_eq!(presentation(life), presentation(life_key(key, 42, -300)));
        assert_ne!(presentation(life), presentation(life_key(key, 42, 120)));
        assert_ne!(presentation(life), presentation(life_key(key, 43, -300)));
        // Severity at the standard rate's cut, so that the error alone decides the award.
        let awards = |persistence: f64| -> Vec<u8> {
            let c = PipConfig {
                assessment_persistence: persistence,
                ..PipConfig::default()
            };
            (0..200)
                .map(|m| {
                    let mut rng = key.month(m).person(42).stream(crate::rng::Purpose::Pip);
                    assess(&c, c.standard_cut, presentation(life), &mut rng)
                })
                .collect()
        };
        let all_same = |a: &[u8]| a.iter().all(|&x| x == a[0]);
        assert!(
            all_same(&awards(1.0)),
            "the person's own error decides every assessment"
        );
        assert!(!all_same(&awards(0.0)), "fresh errors decide differently");
    }
}
