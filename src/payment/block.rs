//! Block (cohort) funding: a fixed sum each month to the providers holding the contract, by
//! share, whatever their participants do.

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::FundingConfig;

#[derive(Clone, Debug)]
pub struct BlockFunding {
    /// [£ per agent-scaled unit per month]: the scenario's real £ per month divided by
    /// `population.scale`.
    per_month: f64,
}

impl BlockFunding {
    /// `scale` is `population.scale` [people per agent].
    pub fn new(f: &FundingConfig, scale: f64) -> Self {
        Self {
            per_month: f.block_per_month / scale,
        }
    }
}

impl PaymentModel for BlockFunding {
    fn name(&self) -> &'static str {
        "block funding"
    }

    fn pays_nothing(&self) -> bool {
        self.per_month == 0.0
    }

    /// Nothing: paid by the month only.
    fn on_start(&self, _group: usize) -> f64 {
        0.0
    }

    /// Nothing: paid by the month only.
    fn on_hours(&self, _hours: f64) -> f64 {
        0.0
    }

    fn each_month(&self) -> f64 {
        self.per_month
    }

    /// Nothing: paid to the providers, not per participant.
    fn per_participant_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid by the month only.
    fn on_event(&self, _: Event, _: usize, _: &Record) -> f64 {
        0.0
    }

    /// Nothing: no participant brings more than another.
    fn job_value(&self, _: f64, _: usize, _: &Record, _: f64) -> f64 {
        0.0
    }

    /// Nothing, as for [`Self::job_value`].
    fn progress_value(&self, _: f64, _: &Record, _: f64, _: f64) -> f64 {
        0.0
    }

    /// Nothing per participant: the block is owed whoever is referred.
    fn max_price(&self, _group: usize, _supported_months: u32) -> MaxPrice {
        MaxPrice::default()
    }
}
