//! Fee for service: the provider is paid for every adviser hour it delivers, whoever gets it.

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::FundingConfig;

#[derive(Clone, Debug)]
pub struct FeeForService {
    /// [£ per hour].
    fee_per_hour: f64,
}

impl FeeForService {
    pub fn new(f: &FundingConfig) -> Self {
        Self {
            fee_per_hour: f.fee_per_hour,
        }
    }
}

impl PaymentModel for FeeForService {
    fn name(&self) -> &'static str {
        "fee for service"
    }

    fn pays_nothing(&self) -> bool {
        self.fee_per_hour == 0.0
    }

    /// Nothing: paid on hours only.
    fn on_start(&self, _group: usize) -> f64 {
        0.0
    }

    fn on_hours(&self, hours: f64) -> f64 {
        self.fee_per_hour * hours
    }

    /// Nothing: paid on hours only.
    fn each_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid on hours only.
    fn per_participant_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid on hours only.
    fn on_event(&self, _: Event, _: usize, _: &Record) -> f64 {
        0.0
    }

    /// Nothing: the fee is the same whoever gets the hour, so it favours nobody.
    fn job_value(&self, _: f64, _: usize, _: &Record, _: f64) -> f64 {
        0.0
    }

    /// Nothing, as for [`Self::job_value`].
    fn progress_value(&self, _: f64, _: &Record, _: f64, _: f64) -> f64 {
        0.0
    }

    /// Nothing reserved: hours are bounded by the provider's staffing, not by the participant.
    fn max_price(&self, _group: usize, _supported_months: u32) -> MaxPrice {
        MaxPrice::default()
    }
}
