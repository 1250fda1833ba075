//! Payment by results: prices per payment group, and what a provider expects a job to earn.
//!
//! An attachment fee when a participant starts; a job outcome fee once they have been in work
//! `job_outcome_after_months`; then a sustainment fee for each further month in work, up to
//! `sustainment_max_months`.

use crate::scenario::PaymentGroupConfig;

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
    fn riskier_jobs_and_paid_fees_are_worth_less() {
        let p = wp_jsa();
        assert!(p.job_value(false, 0, 0.1) < p.job_value(false, 0, 0.01));
        assert!(p.job_value(true, 5, 0.01) < p.job_value(true, 0, 0.01));
        assert_eq!(p.job_value(true, 13, 0.0), 0.0);
    }
}
