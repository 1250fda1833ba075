//! Personal budgets: money each participant controls every month while supported (out of work
//! within the programme months, or in a programme job within the in-work support), spent on
//! adviser hours at their provider's `cost_per_hour`; the provider cannot redirect it.

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::FundingConfig;

#[derive(Clone, Debug)]
pub struct PersonalBudget {
    /// [£ per participant per month].
    per_month: f64,
}

impl PersonalBudget {
    pub fn new(f: &FundingConfig) -> Self {
        Self {
            per_month: f.personal_budget_per_month,
        }
    }
}

impl PaymentModel for PersonalBudget {
    fn name(&self) -> &'static str {
        "personal budgets"
    }

    fn pays_nothing(&self) -> bool {
        self.per_month == 0.0
    }

    /// Nothing: the budget comes month by month.
    fn on_start(&self, _group: usize) -> f64 {
        0.0
    }

    /// Nothing: the hours it buys are paid from the budget itself.
    fn on_hours(&self, _hours: f64) -> f64 {
        0.0
    }

    /// Nothing: paid per participant.
    fn each_month(&self) -> f64 {
        0.0
    }

    fn per_participant_month(&self) -> f64 {
        self.per_month
    }

    /// Nothing: the budget comes month by month.
    fn on_event(&self, _: Event, _: usize, _: &Record) -> f64 {
        0.0
    }

    /// Nothing: the provider earns the same from a budget holder whatever comes of it.
    fn job_value(&self, _: f64, _: usize, _: &Record, _: f64) -> f64 {
        0.0
    }

    /// Nothing, as for [`Self::job_value`].
    fn progress_value(&self, _: f64, _: &Record, _: f64, _: f64) -> f64 {
        0.0
    }

    /// Every supported month's budget, not scaled by need.
    fn max_price(&self, _group: usize, supported_months: u32) -> MaxPrice {
        MaxPrice {
            scaled: 0.0,
            flat: self.per_month * supported_months as f64,
        }
    }
}
