//! Progress payments: paid each time a participant's true distance from work has fallen by a
//! further `progress_step` below its level at referral, during the programme months, up to
//! `progress_max_payments` times.

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::FundingConfig;

#[derive(Clone, Debug)]
pub struct ProgressPayments {
    /// [£ per payment, before the needs multiplier].
    fee: f64,
    /// Fall in distance from work per step [(0, 1]].
    step: f64,
    max_payments: u32,
}

impl ProgressPayments {
    pub fn new(f: &FundingConfig) -> Self {
        Self {
            fee: f.progress_fee,
            step: f.progress_step,
            max_payments: f.progress_max_payments,
        }
    }
}

impl PaymentModel for ProgressPayments {
    fn name(&self) -> &'static str {
        "progress payments"
    }

    fn pays_nothing(&self) -> bool {
        self.fee == 0.0 || self.max_payments == 0
    }

    /// Nothing: paid on progress only.
    fn on_start(&self, _group: usize) -> f64 {
        0.0
    }

    /// Nothing: paid on progress only.
    fn on_hours(&self, _hours: f64) -> f64 {
        0.0
    }

    /// Nothing: paid on progress only.
    fn each_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid on progress only.
    fn per_participant_month(&self) -> f64 {
        0.0
    }

    fn on_event(&self, event: Event, _group: usize, _record: &Record) -> f64 {
        match event {
            Event::Progress { step } if step <= self.max_payments => self.fee,
            _ => 0.0,
        }
    }

    /// Nothing: a job does not pay progress.
    fn job_value(&self, _: f64, _: usize, _: &Record, _: f64) -> f64 {
        0.0
    }

    /// Support removes `barrier_reduction · effect` of the barriers each month, so an hour
    /// moves the participant about `barrier_reduction · distance / progress_step` of a step.
    fn progress_value(
        &self,
        weight: f64,
        record: &Record,
        distance: f64,
        barrier_reduction: f64,
    ) -> f64 {
        if record.progress_steps < self.max_payments {
            weight * self.fee * barrier_reduction * distance / self.step
        } else {
            0.0
        }
    }

    fn max_price(&self, _group: usize, _supported_months: u32) -> MaxPrice {
        MaxPrice {
            scaled: self.fee * self.max_payments as f64,
            flat: 0.0,
        }
    }
}
