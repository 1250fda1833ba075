//! Prices: payment by results per payment group, needs-based multipliers, and what a provider
//! expects a job to earn.
//!
//! An attachment fee when a participant starts; a job outcome fee once they have been in work
//! `job_outcome_after_months`; then a sustainment fee for each further month in work, up to
//! `sustainment_max_months`. The other payment models (fee for service, block funding,
//! progress payments, personal budgets) are paid by the engine from `FundingConfig`; all of
//! them are drawn from the programme's budget (see `engine::Budget`).

use crate::scenario::{FundingConfig, PaymentGroupConfig};

/// The needs-based multiplier on every per-participant price, from the distance from work
/// assessed at referral: `min((assessed / reference)^elasticity, max)`; 1 with flat prices.
pub fn needs_multiplier(f: &FundingConfig, assessed: f64) -> f64 {
    if f.needs_elasticity == 0.0 {
        return 1.0;
    }
    (assessed.max(0.0) / f.needs_reference_distance)
        .powf(f.needs_elasticity)
        .min(f.needs_max_multiplier)
}

/// The prices of one payment group.
#[derive(Clone, Debug, PartialEq)]
pub struct Prices {
    pub attachment: f64,
    pub outcome: f64,
    pub outcome_after: u32,
    pub sustainment: f64,
    pub sustainment_max: u32,
}

impl Prices {
    pub fn new(g: &PaymentGroupConfig) -> Self {
        Self {
            attachment: g.attachment_fee,
            outcome: g.job_outcome_fee,
            outcome_after: g.job_outcome_after_months,
            sustainment: g.sustainment_fee,
            sustainment_max: g.sustainment_max_months,
        }
    }

    /// Expected payments still to come from a job that starts (or continues) now, for a
    /// participant who loses work with probability `monthly_loss` each month, as a provider
    /// reckons it: the outcome fee if it is still to be paid and the job lasts, then the
    /// sustainment fees still to be paid, each weighted by the chance the job lasts to it.
    pub fn job_value(&self, outcome_paid: bool, sustainment_paid: u32, monthly_loss: f64) -> f64 {
        let stay = (1.0 - monthly_loss).clamp(0.0, 1.0);
        let (mut value, mut survive) = (0.0, 1.0);
        if !outcome_paid {
            survive = stay.powi(self.outcome_after as i32);
            value += self.outcome * survive;
        }
        for _ in sustainment_paid..self.sustainment_max {
            survive *= stay;
            value += self.sustainment * survive;
        }
        value
    }

    /// Total paid for a job that lasts through every sustainment month, with attachment.
    pub fn maximum(&self) -> f64 {
        self.attachment + self.outcome + self.sustainment * self.sustainment_max as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wp_jsa() -> Prices {
        Prices {
            attachment: 400.0,
            outcome: 1200.0,
            outcome_after: 6,
            sustainment: 170.0,
            sustainment_max: 13,
        }
    }

    #[test]
    fn a_job_that_never_ends_earns_everything() {
        let p = wp_jsa();
        assert!((p.job_value(false, 0, 0.0) - (1200.0 + 13.0 * 170.0)).abs() < 1e-9);
        assert!((p.maximum() - 3810.0).abs() < 1e-9);
    }

    #[test]
    fn needs_based_prices_rise_with_assessed_distance_up_to_the_cap() {
        let mut f = FundingConfig::default();
        assert_eq!(needs_multiplier(&f, 0.9), 1.0, "flat by default");
        f.needs_elasticity = 1.0;
        f.needs_reference_distance = 0.3;
        f.needs_max_multiplier = 2.5;
        assert!((needs_multiplier(&f, 0.3) - 1.0).abs() < 1e-12);
        assert!((needs_multiplier(&f, 0.15) - 0.5).abs() < 1e-12);
        assert_eq!(needs_multiplier(&f, 0.9), 2.5);
    }

    #[test]
    fn riskier_jobs_and_paid_fees_are_worth_less() {
        let p = wp_jsa();
        assert!(p.job_value(false, 0, 0.1) < p.job_value(false, 0, 0.01));
        assert!(p.job_value(true, 5, 0.01) < p.job_value(true, 0, 0.01));
        assert_eq!(p.job_value(true, 13, 0.0), 0.0);
    }
}
