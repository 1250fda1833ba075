//! Payment by results per payment group, as in the Work Programme and the Work and Health
//! Programme: an attachment fee when a participant starts, a job outcome fee once they have
//! been in work `job_outcome_after_months`, then a sustainment fee for each further month in
//! work, up to `sustainment_max_months`.

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::PaymentGroupConfig;

/// The prices of one payment group [£ per participant, before the needs multiplier].
#[derive(Clone, Debug, PartialEq)]
pub struct Prices {
    pub attachment: f64,
    pub outcome: f64,
    /// Months in work before the job outcome [months].
    pub outcome_after: u32,
    /// [£ per month].
    pub sustainment: f64,
    /// [months].
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
    pub fn job_value(&self, outcome_paid: bool, sustainment_months: u32, monthly_loss: f64) -> f64 {
        let stay = (1.0 - monthly_loss).clamp(0.0, 1.0);
        let (mut value, mut survive) = (0.0, 1.0);
        if !outcome_paid {
            survive = stay.powi(self.outcome_after as i32);
            value += self.outcome * survive;
        }
        for _ in sustainment_months..self.sustainment_max {
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

/// Payment by results: [`Prices`] for each payment group.
#[derive(Clone, Debug)]
pub struct ByResults {
    groups: Vec<Prices>,
}

impl ByResults {
    pub fn new(groups: &[PaymentGroupConfig]) -> Self {
        Self {
            groups: groups.iter().map(Prices::new).collect(),
        }
    }
}

impl PaymentModel for ByResults {
    fn name(&self) -> &'static str {
        "payment by results"
    }

    fn pays_nothing(&self) -> bool {
        self.groups
            .iter()
            .all(|g| g.attachment == 0.0 && g.outcome == 0.0 && g.sustainment == 0.0)
    }

    fn on_start(&self, group: usize) -> f64 {
        self.groups[group].attachment
    }

    /// Nothing: hours are a cost to the provider, not a result.
    fn on_hours(&self, _hours: f64) -> f64 {
        0.0
    }

    /// Nothing: paid per participant only.
    fn each_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid per participant only.
    fn per_participant_month(&self) -> f64 {
        0.0
    }

    fn on_event(&self, event: Event, group: usize, _record: &Record) -> f64 {
        match event {
            Event::JobOutcome => self.groups[group].outcome,
            Event::Sustainment => self.groups[group].sustainment,
            Event::JobStart
            | Event::InWork13Weeks
            | Event::InWork26Weeks
            | Event::Progress { .. }
            | Event::SkillsGain => 0.0,
        }
    }

    fn job_value(&self, weight: f64, group: usize, record: &Record, monthly_loss: f64) -> f64 {
        weight
            * self.groups[group].job_value(
                record.job_outcome,
                record.sustainment_months,
                monthly_loss,
            )
    }

    /// Nothing: distance travelled is not a result here.
    fn progress_value(&self, _: f64, _: &Record, _: f64, _: f64) -> f64 {
        0.0
    }

    fn max_price(&self, group: usize, _supported_months: u32) -> MaxPrice {
        MaxPrice {
            scaled: self.groups[group].maximum(),
            flat: 0.0,
        }
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

    #[test]
    fn only_the_outcome_and_sustainment_months_are_paid_on_events() {
        let m = ByResults {
            groups: vec![wp_jsa()],
        };
        let r = Record::default();
        assert_eq!(m.on_event(Event::JobOutcome, 0, &r), 1200.0);
        assert_eq!(m.on_event(Event::Sustainment, 0, &r), 170.0);
        assert_eq!(m.on_event(Event::JobStart, 0, &r), 0.0);
        assert_eq!(m.on_start(0), 400.0);
    }
}
