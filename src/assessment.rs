//! Assessment: how a provider sees a participant's distance from work.
//!
//! Providers rank and support people by what they see, not by the truth. With accuracy `a`,
//! perceived distance is `a·true + (1 − a)·(m + sd·ε)`, where `m` is the mean distance of the
//! participant's benefit group, `sd` the spread of distance among people out of work and `ε` a
//! standard normal error drawn once at referral. `benefit_group` sees only `m`; `day_one_tool`
//! fixes the view at referral; `ongoing` lets the error shrink with months of contact.

use crate::scenario::{AssessmentConfig, AssessmentMode};

/// What the assessor knows of the population: mean distance by benefit and its spread.
#[derive(Clone, Debug)]
pub struct Prior {
    pub benefit_mean: [f64; crate::person::Benefit::COUNT],
    pub sd: f64,
}

/// Perceived distance from work.
///
/// `true_distance` is the participant's distance now (ongoing) or at referral (day one);
/// `months_contact` the months since referral.
pub fn perceived(
    c: &AssessmentConfig,
    prior: &Prior,
    benefit: usize,
    true_distance: f64,
    noise: f64,
    months_contact: i32,
) -> f64 {
    let m = prior.benefit_mean[benefit];
    let a = match c.mode {
        AssessmentMode::BenefitGroup => return m,
        AssessmentMode::DayOneTool => c.accuracy,
        AssessmentMode::Ongoing => {
            1.0 - (1.0 - c.accuracy) * (-(months_contact.max(0) as f64) / c.learning_months).exp()
        }
    };
    (a * true_distance + (1.0 - a) * (m + prior.sd * noise)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prior() -> Prior {
        Prior {
            benefit_mean: [0.2, 0.3, 0.5, 0.6, 0.55, 0.3, 0.5, 0.6],
            sd: 0.15,
        }
    }

    #[test]
    fn full_accuracy_sees_the_truth() {
        let c = AssessmentConfig {
            mode: AssessmentMode::DayOneTool,
            accuracy: 1.0,
            learning_months: 6.0,
        };
        for d in [0.0, 0.3, 0.9] {
            assert_eq!(perceived(&c, &prior(), 2, d, 1.7, 0), d);
        }
    }

    #[test]
    fn benefit_group_sees_only_the_group_mean() {
        let c = AssessmentConfig {
            mode: AssessmentMode::BenefitGroup,
            accuracy: 0.9,
            learning_months: 6.0,
        };
        assert_eq!(perceived(&c, &prior(), 2, 0.05, 0.0, 10), 0.5);
    }

    #[test]
    fn ongoing_assessment_converges_on_the_truth() {
        let c = AssessmentConfig {
            mode: AssessmentMode::Ongoing,
            accuracy: 0.3,
            learning_months: 3.0,
        };
        let early = (perceived(&c, &prior(), 1, 0.8, -1.0, 0) - 0.8).abs();
        let late = (perceived(&c, &prior(), 1, 0.8, -1.0, 24) - 0.8).abs();
        assert!(late < early / 100.0, "{early} {late}");
    }
}
