//! An outcomes rate card, as in UK social impact bonds (the DWP Innovation Fund, the Youth
//! Engagement Fund, the Fair Chance Fund): a price for each outcome on a menu, paid the first
//! time a participant achieves it, with a cap on what one participant can earn.
//!
//! The menu: a job start, 13 and 26 weeks in work, a fall in distance from work (the first
//! step of `progress_step`), and a gain in skills (the skills barrier falling below
//! [`super::SKILLS_GAIN_LEVEL`]). The prices are the scenario's (`programmes.funding.rate_card`).

use super::{Event, MaxPrice, PaymentModel, Record};
use crate::scenario::{FundingConfig, RateCardConfig};

#[derive(Clone, Debug)]
pub struct RateCard {
    card: RateCardConfig,
    /// The programme's step of distance travelled [(0, 1]].
    progress_step: f64,
}

impl RateCard {
    pub fn new(card: &RateCardConfig, f: &FundingConfig) -> Self {
        Self {
            card: card.clone(),
            progress_step: f.progress_step,
        }
    }

    /// The price of an outcome on the menu, before the cap [£].
    fn menu_price(&self, event: Event) -> f64 {
        let c = &self.card;
        match event {
            Event::JobStart => c.job_start,
            Event::InWork13Weeks => c.weeks_13,
            Event::InWork26Weeks => c.weeks_26,
            Event::Progress { step: 1 } => c.distance_fall,
            Event::SkillsGain => c.skills_gain,
            Event::Progress { .. } | Event::JobOutcome | Event::Sustainment => 0.0,
        }
    }

    /// What a participant with `record` has earned so far [£, before the cap].
    fn earned(&self, r: &Record) -> f64 {
        let c = &self.card;
        let mut sum = 0.0;
        for (reached, price) in [
            (r.job_started, c.job_start),
            (r.weeks_13, c.weeks_13),
            (r.weeks_26, c.weeks_26),
            (r.progress_steps >= 1, c.distance_fall),
            (r.skills_gain, c.skills_gain),
        ] {
            if reached {
                sum += price;
            }
        }
        sum
    }

    /// What `event` pays a participant with `record`: its price, up to what the cap leaves.
    fn capped(&self, event: Event, r: &Record) -> f64 {
        let left = (self.card.cap_per_participant - self.earned(r)).max(0.0);
        self.menu_price(event).min(left)
    }
}

impl PaymentModel for RateCard {
    fn name(&self) -> &'static str {
        "outcomes rate card"
    }

    fn pays_nothing(&self) -> bool {
        let c = &self.card;
        c.cap_per_participant == 0.0
            || [
                c.job_start,
                c.weeks_13,
                c.weeks_26,
                c.distance_fall,
                c.skills_gain,
            ]
            .iter()
            .all(|&p| p == 0.0)
    }

    /// Nothing: the menu has no price on starting.
    fn on_start(&self, _group: usize) -> f64 {
        0.0
    }

    /// Nothing: paid on outcomes only.
    fn on_hours(&self, _hours: f64) -> f64 {
        0.0
    }

    /// Nothing: paid on outcomes only.
    fn each_month(&self) -> f64 {
        0.0
    }

    /// Nothing: paid on outcomes only.
    fn per_participant_month(&self) -> f64 {
        0.0
    }

    fn on_event(&self, event: Event, _group: usize, record: &Record) -> f64 {
        self.capped(event, record)
    }

    /// The in-work outcomes still to come from a job, each weighted by the chance the job
    /// lasts to it, and the job start if it is still to come and the job has just begun
    /// (out of work: `record.job_started` false); within the cap.
    fn job_value(&self, weight: f64, _group: usize, record: &Record, monthly_loss: f64) -> f64 {
        let stay = (1.0 - monthly_loss).clamp(0.0, 1.0);
        let mut r = *record;
        let mut value = 0.0;
        if !r.job_started {
            value += self.capped(Event::JobStart, &r);
            r.job_started = true;
        }
        if !r.weeks_13 {
            value += self.capped(Event::InWork13Weeks, &r) * stay.powi(3);
            r.weeks_13 = true;
        }
        if !r.weeks_26 {
            value += self.capped(Event::InWork26Weeks, &r) * stay.powi(6);
        }
        weight * value
    }

    /// The distance-fall outcome, if it is still to come: one hour moves the participant about
    /// `barrier_reduction · distance` closer to work, against a step of
    /// `progress_step`; taken as one step's price times that share, as for progress payments.
    /// The skills gain is not valued (its timing depends on the skills barrier alone).
    fn progress_value(
        &self,
        weight: f64,
        record: &Record,
        distance: f64,
        barrier_reduction: f64,
    ) -> f64 {
        if record.progress_steps >= 1 {
            return 0.0;
        }
        weight * self.capped(Event::Progress { step: 1 }, record) * barrier_reduction * distance
            / self.progress_step
    }

    /// Every outcome on the menu, up to the cap.
    fn max_price(&self, _group: usize, _supported_months: u32) -> MaxPrice {
        let c = &self.card;
        let menu = c.job_start + c.weeks_13 + c.weeks_26 + c.distance_fall + c.skills_gain;
        MaxPrice {
            scaled: menu.min(c.cap_per_participant),
            flat: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> RateCard {
        RateCard::new(
            &RateCardConfig {
                job_start: 1000.0,
                weeks_13: 1500.0,
                weeks_26: 2000.0,
                distance_fall: 300.0,
                skills_gain: 500.0,
                cap_per_participant: 4000.0,
            },
            &FundingConfig::default(),
        )
    }

    #[test]
    fn each_outcome_pays_its_price_until_the_cap() {
        let c = card();
        let mut r = Record::default();
        assert_eq!(c.on_event(Event::SkillsGain, 0, &r), 500.0);
        r.skills_gain = true;
        assert_eq!(c.on_event(Event::JobStart, 0, &r), 1000.0);
        r.job_started = true;
        assert_eq!(c.on_event(Event::InWork13Weeks, 0, &r), 1500.0);
        r.weeks_13 = true;
        // 3,000 earned: the 26-week outcome pays only the 1,000 the cap leaves.
        assert_eq!(c.on_event(Event::InWork26Weeks, 0, &r), 1000.0);
        r.weeks_26 = true;
        assert_eq!(c.on_event(Event::Progress { step: 1 }, 0, &r), 0.0);
        assert_eq!(c.max_price(0, 12).scaled, 4000.0);
    }

    #[test]
    fn later_steps_and_other_milestones_pay_nothing() {
        let c = card();
        let r = Record::default();
        assert_eq!(c.on_event(Event::Progress { step: 1 }, 0, &r), 300.0);
        assert_eq!(c.on_event(Event::Progress { step: 2 }, 0, &r), 0.0);
        assert_eq!(c.on_event(Event::JobOutcome, 0, &r), 0.0);
        assert_eq!(c.on_event(Event::Sustainment, 0, &r), 0.0);
    }

    #[test]
    fn a_job_is_worth_less_when_it_is_riskier_or_partly_paid() {
        let c = card();
        let r = Record::default();
        let safe = c.job_value(1.0, 0, &r, 0.0);
        assert_eq!(safe, 4000.0, "capped: 1,000 + 1,500 + 1,500 of the 2,000");
        assert!(c.job_value(1.0, 0, &r, 0.2) < safe);
        let started = Record {
            job_started: true,
            ..r
        };
        assert!(c.job_value(1.0, 0, &started, 0.0) < safe);
    }
}
