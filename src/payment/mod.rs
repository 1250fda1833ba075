//! How programmes pay providers: one interface, [`PaymentModel`], that every payment model
//! implements in full, and the set of models a programme's funding names ([`Payments`]).
//!
//! A payment model answers four questions, and nothing else in gapsim knows which models
//! exist:
//! - **what falls due** when a participant starts ([`PaymentModel::on_start`]), on adviser
//!   hours delivered ([`PaymentModel::on_hours`]), each month to the providers together
//!   ([`PaymentModel::each_month`]), each month to a supported participant
//!   ([`PaymentModel::per_participant_month`]), and on a milestone ([`PaymentModel::on_event`]:
//!   a job start, a job outcome, each sustainment month, 13 and 26 weeks in work, a step of
//!   distance travelled, a gain in skills);
//! - **what an hour is worth** to a provider on a participant: the expected payments still to
//!   come from a job ([`PaymentModel::job_value`]) and from progress
//!   ([`PaymentModel::progress_value`]), which the provider's valuation (`engine::allocation`)
//!   weighs against its social mission;
//! - **the most a participant can cost** ([`PaymentModel::max_price`]), which a
//!   `stop_referrals` budget reserves at referral.
//!
//! Prices on a participant's milestones are in £ per participant *before* the needs-based
//! multiplier ([`needs_multiplier`]), which the engine applies to every one of them. Money in
//! the engine is in £ per agent: one agent stands for `population.scale` people, so a price
//! per participant is paid once per agent, while sums of real money (block funding, budgets,
//! reserves) are divided by the scale where the programme is prepared ([`Payments::new`]).
//!
//! The milestones are recorded by the engine for every participant whatever the models
//! ([`Record`]); a model reads them and never stores state of its own, so a model is only a
//! set of prices. Adding one means a file here, a line in [`Payments::new`], its scenario
//! keys and its tests (see ARCHITECTURE.md).

mod block;
mod by_results;
mod fee_for_service;
mod personal_budget;
mod progress;
mod rate_card;

pub use block::BlockFunding;
pub use by_results::{ByResults, Prices};
pub use fee_for_service::FeeForService;
pub use personal_budget::PersonalBudget;
pub use progress::ProgressPayments;
pub use rate_card::RateCard;

use crate::scenario::{FundingConfig, ProgrammeConfig};
use std::sync::Arc;

/// A milestone of a participant's programme spell, as the engine detects it. Each fires at
/// most once per spell, except [`Event::Sustainment`] (each sustainment month) and
/// [`Event::Progress`] (each further step of distance travelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The first job that starts while on the programme.
    JobStart,
    /// In a programme job for the payment group's `job_outcome_after_months`.
    JobOutcome,
    /// A further month in work after the job outcome, up to `sustainment_max_months`.
    Sustainment,
    /// In a programme job for 3 months (13 weeks).
    InWork13Weeks,
    /// In a programme job for 6 months (26 weeks).
    InWork26Weeks,
    /// True distance from work has fallen by a further `progress_step` below its level at
    /// referral (during the programme months); `step` is 1 for the first such step.
    Progress { step: u32 },
    /// The skills barrier fell from at or above [`SKILLS_GAIN_LEVEL`] to below it while on the
    /// programme (a qualification or a course completed).
    SkillsGain,
}

/// The level of the skills barrier [0–1] whose crossing from above counts as a gain in skills
/// ([`Event::SkillsGain`]). Set by hand: half-way down the scale, so a participant who starts
/// with a serious skills barrier must lose a real part of it; not calibrated.
pub const SKILLS_GAIN_LEVEL: f64 = 0.5;

/// What the engine has recorded of a participant's spell, which prices may depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Record {
    /// The payment group's job outcome has been reached.
    pub job_outcome: bool,
    /// Sustainment months reached after the job outcome.
    pub sustainment_months: u32,
    /// Steps of distance travelled reached (at most `progress_max_payments`).
    pub progress_steps: u32,
    /// A job started on the programme.
    pub job_started: bool,
    /// 13 and 26 weeks in a programme job reached.
    pub weeks_13: bool,
    pub weeks_26: bool,
    /// A gain in skills reached.
    pub skills_gain: bool,
}

/// The most one participant can cost a programme, in two parts: prices on their milestones,
/// which the needs multiplier scales, and money that it does not (a personal budget).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MaxPrice {
    /// [£ per participant, before the needs multiplier].
    pub scaled: f64,
    /// [£ per participant].
    pub flat: f64,
}

/// A way of paying providers. Every method is required, so a model cannot be half-wired: a
/// model with nothing to pay at a hook returns 0 there, and says why in its docs.
pub trait PaymentModel: std::fmt::Debug + Send + Sync {
    /// The model's name in the docs and messages, e.g. `"payment by results"`.
    fn name(&self) -> &'static str;

    /// Whether, with these settings, the model pays nothing at any hook and values no hour
    /// (all its prices 0): [`Payments`] then leaves it out, which changes no result and
    /// saves the engine a call per participant and hook.
    fn pays_nothing(&self) -> bool;

    /// Due when a participant of payment group `group` starts [£ per participant, before the
    /// needs multiplier].
    fn on_start(&self, group: usize) -> f64;

    /// Due for `hours` adviser hours the provider delivered (not those a personal budget
    /// bought) [£ per participant].
    fn on_hours(&self, hours: f64) -> f64;

    /// Due each month to the providers still holding the contract, split by their shares,
    /// from the programme's start until its last referrals finish their programme months
    /// [£ per agent-scaled unit per month].
    fn each_month(&self) -> f64;

    /// Money each supported participant controls each month, spent on their provider's hours
    /// [£ per participant per month].
    fn per_participant_month(&self) -> f64;

    /// Due when a participant of group `group` reaches `event`; `record` is their record
    /// *before* it [£ per participant, before the needs multiplier].
    fn on_event(&self, event: Event, group: usize, record: &Record) -> f64;

    /// `weight` × the expected payments still to come from a job that starts (out of work) or
    /// continues (in work) now, for a participant of group `group` who keeps the job each month
    /// with probability `1 − monthly_loss`; `weight` is what a pound of these prices is worth
    /// to the provider (its profit weight times the participant's needs multiplier) and is
    /// multiplied first, so the sum keeps one order of rounding [£ per participant].
    fn job_value(&self, weight: f64, group: usize, record: &Record, monthly_loss: f64) -> f64;

    /// `weight` × the expected progress payments that one hour of support brings closer for a
    /// participant at true distance `distance`, when support removes `barrier_reduction` of
    /// the barriers per unit of effect [£ per participant per unit of support effect].
    fn progress_value(
        &self,
        weight: f64,
        record: &Record,
        distance: f64,
        barrier_reduction: f64,
    ) -> f64;

    /// The most one participant of group `group` can cost over `supported_months` months of
    /// support (programme months plus in-work support).
    fn max_price(&self, group: usize, supported_months: u32) -> MaxPrice;
}

/// Needs-based prices: every per-participant price is multiplied by
/// `min((assessed / reference)^elasticity, max)`, from the distance from work assessed at
/// referral; 1 with flat prices (`elasticity` 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeedsBased {
    /// [0–4]; 0 = flat prices.
    pub elasticity: f64,
    /// Assessed distance at which the multiplier is 1 [(0, 1]].
    pub reference_distance: f64,
    /// Largest multiplier [1–20].
    pub max_multiplier: f64,
}

impl NeedsBased {
    pub fn new(f: &FundingConfig) -> Self {
        Self {
            elasticity: f.needs_elasticity,
            reference_distance: f.needs_reference_distance,
            max_multiplier: f.needs_max_multiplier,
        }
    }

    /// The multiplier for a participant assessed at `assessed` [0–1].
    pub fn multiplier(&self, assessed: f64) -> f64 {
        if self.elasticity == 0.0 {
            return 1.0;
        }
        (assessed.max(0.0) / self.reference_distance)
            .powf(self.elasticity)
            .min(self.max_multiplier)
    }
}

/// The payment models of one programme, as its funding names them. The engine calls only
/// these sums, never a model by name.
#[derive(Clone, Debug)]
pub struct Payments {
    models: Vec<Arc<dyn PaymentModel>>,
    pub needs: NeedsBased,
}

impl Payments {
    /// The models a programme's funding and payment groups name, in a fixed order (payment by
    /// results, progress, fee for service, block, personal budget, rate card); `scale` is
    /// `population.scale` [people per agent]. This is the one list of models in gapsim.
    pub fn new(cfg: &ProgrammeConfig, scale: f64) -> Self {
        let f = &cfg.funding;
        let mut models: Vec<Arc<dyn PaymentModel>> = vec![
            Arc::new(ByResults::new(&cfg.payment_groups)),
            Arc::new(ProgressPayments::new(f)),
            Arc::new(FeeForService::new(f)),
            Arc::new(BlockFunding::new(f, scale)),
            Arc::new(PersonalBudget::new(f)),
        ];
        if let Some(card) = &f.rate_card {
            models.push(Arc::new(RateCard::new(card, f)));
        }
        models.retain(|m| !m.pays_nothing());
        Self {
            models,
            needs: NeedsBased::new(f),
        }
    }

    /// The models, in order.
    pub fn models(&self) -> impl Iterator<Item = &dyn PaymentModel> {
        self.models.iter().map(|m| m.as_ref())
    }

    /// Sum of [`PaymentModel::on_start`].
    pub fn on_start(&self, group: usize) -> f64 {
        self.models().map(|m| m.on_start(group)).sum()
    }

    /// Sum of [`PaymentModel::on_hours`].
    pub fn on_hours(&self, hours: f64) -> f64 {
        self.models().map(|m| m.on_hours(hours)).sum()
    }

    /// Sum of [`PaymentModel::each_month`].
    pub fn each_month(&self) -> f64 {
        self.models().map(|m| m.each_month()).sum()
    }

    /// Sum of [`PaymentModel::per_participant_month`].
    pub fn per_participant_month(&self) -> f64 {
        self.models().map(|m| m.per_participant_month()).sum()
    }

    /// Sum of [`PaymentModel::on_event`].
    pub fn on_event(&self, event: Event, group: usize, record: &Record) -> f64 {
        self.models()
            .map(|m| m.on_event(event, group, record))
            .sum()
    }

    /// Sum of [`PaymentModel::job_value`].
    pub fn job_value(&self, weight: f64, group: usize, record: &Record, monthly_loss: f64) -> f64 {
        self.models()
            .map(|m| m.job_value(weight, group, record, monthly_loss))
            .sum()
    }

    /// Sum of [`PaymentModel::progress_value`].
    pub fn progress_value(
        &self,
        weight: f64,
        record: &Record,
        distance: f64,
        barrier_reduction: f64,
    ) -> f64 {
        self.models()
            .map(|m| m.progress_value(weight, record, distance, barrier_reduction))
            .sum()
    }

    /// The most one participant of group `group` whose prices carry the needs multiplier
    /// `multiplier` can cost over `supported_months` months of support [£ per participant].
    pub fn max_price(&self, group: usize, multiplier: f64, supported_months: u32) -> f64 {
        let (scaled, flat) = self.models().fold((0.0, 0.0), |(s, f), m| {
            let p = m.max_price(group, supported_months);
            (s + p.scaled, f + p.flat)
        });
        scaled * multiplier + flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_based_prices_rise_with_assessed_distance_up_to_the_cap() {
        let mut f = FundingConfig::default();
        assert_eq!(NeedsBased::new(&f).multiplier(0.9), 1.0, "flat by default");
        f.needs_elasticity = 1.0;
        f.needs_reference_distance = 0.3;
        f.needs_max_multiplier = 2.5;
        let n = NeedsBased::new(&f);
        assert!((n.multiplier(0.3) - 1.0).abs() < 1e-12);
        assert!((n.multiplier(0.15) - 0.5).abs() < 1e-12);
        assert_eq!(n.multiplier(0.9), 2.5);
    }
}
