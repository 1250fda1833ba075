//! Programmes as the engine sees them: referral windows in model months, eligibility per
//! payment group, capacity in agents, the milestones a spell is measured by, the payment
//! models ([`Payments`]), and the index of each (programme, provider, payment group) cell
//! that results are collected in.
//!
//! **Money here is in the engine's one unit, £ per agent**: a per-participant price is paid
//! once per agent participant, and every sum of real money in the scenario (a budget, block
//! funding, a provider's reserves) is divided by `population.scale` once, in
//! [`Programme::new`]. A `Programme` keeps no copy of the scenario's funding in real pounds,
//! so the engine cannot read the wrong unit; outputs multiply by the scale again.

use crate::health::Health;
use crate::payment::{Payments, Record};
use crate::person::{Benefit, Person, Spell};
use crate::scenario::{
    ApproachConfig, AssessmentConfig, BudgetRule, Entry, HandBack, ProgrammeConfig, Scenario,
};

/// Eligibility and prices of one payment group.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    /// Bit `b` set: benefit `b` qualifies.
    benefit_mask: u8,
    disabled_only: bool,
    /// Bit `c` set: main condition `c` qualifies; 0: any.
    condition_mask: u8,
    min_age_months: i32,
    /// Exclusive upper bound: the month of the (max_age + 1)th birthday.
    max_age_months: i32,
    min_months_out: i32,
    /// Only people whose claim began the month before (`ReferralFrom::Flow`); they are
    /// offered places before the stock.
    pub flow: bool,
    /// A retention group: employees on a long-term sickness absence, not people out of work
    /// (`PaymentGroupConfig::sickness_absence`).
    pub sickness_absence: bool,
    ever_incapacity: Option<bool>,
    /// Prognosis months admitted, inclusive; `None`: any, with or without a prognosis.
    prognosis: Option<(u32, u32)>,
    pub entry: Entry,
    pub take_up: f64,
    /// Months in a programme job before the job outcome [months].
    pub outcome_after: u32,
    /// Sustainment months counted after the job outcome [months].
    pub sustainment_max: u32,
}

impl Group {
    /// Whether someone on benefit `benefit` (`Benefit as u8`), disabled or not, in work or
    /// not, could qualify at some age and time: what the referral scan can rule out from the
    /// `Hot` column alone.
    #[inline]
    pub fn may_admit(&self, benefit: u8, disabled: bool, employed: bool) -> bool {
        employed == self.sickness_absence
            && self.benefit_mask & (1 << benefit) != 0
            && (!self.disabled_only || disabled)
    }

    /// Whether this person qualifies in month `t`: out of work, or for a retention group on a
    /// long-term sickness absence (begun the month before, for its flow).
    #[inline]
    pub fn admits(&self, p: &Person, t: i32, health: &Health) -> bool {
        let age = p.age_months(t);
        let situation = if self.sickness_absence {
            p.absent() && (!self.flow || p.absence == 1)
        } else {
            !p.employed()
                && p.months_in_spell(t) >= self.min_months_out
                // Someone on no benefit has no claim: a flow group never takes them.
                && (!self.flow || (p.benefit != Benefit::None && p.claim_start as i32 == t - 1))
        };
        situation
            && self.benefit_mask & (1 << p.benefit as u8) != 0
            && age >= self.min_age_months
            && age < self.max_age_months
            && (!self.disabled_only || health.disabled(p))
            && (self.condition_mask == 0 || self.condition_mask & (1 << p.condition as u8) != 0)
            && self
                .ever_incapacity
                .is_none_or(|e| p.ever_incapacity() == e)
            && self
                .prognosis
                .is_none_or(|(lo, hi)| p.prognosis_months().is_some_and(|m| (lo..=hi).contains(&m)))
    }
}

/// What the engine needs of a provider's terms [money in £ per agent].
#[derive(Clone, Debug)]
pub struct ProviderTerms {
    /// Share of referrals [0–1].
    pub share: f64,
    /// Adviser hours staffed per participant per month [hours].
    pub hours_per_participant: f64,
    /// Most hours one participant can get in a month [hours].
    pub max_hours_per_participant: f64,
    /// [£ per hour].
    pub cost_per_hour: f64,
    /// Weight on social mission [0–1].
    pub social_weight: f64,
    /// [£ per job].
    pub social_value_per_job: f64,
    /// The most the provider will lose on the contract [£ per agent-scaled unit].
    pub reserves: f64,
    /// Never hands the contract back, whatever its losses.
    pub never_hands_back: bool,
}

/// One programme, prepared for the engine.
#[derive(Clone, Debug)]
pub struct Programme {
    pub name: String,
    /// Offered before programmes of lower priority (then in file order).
    pub priority: u32,
    /// Can be combined with other programmes (`ProgrammeConfig::combinable`).
    pub combinable: bool,
    /// Bit `a` set: residents of area `a` may be referred.
    area_mask: [u64; 4],
    /// Referral window [model months, inclusive].
    pub first_month: i32,
    pub last_month: i32,
    pub duration: i32,
    pub in_work_support: i32,
    pub groups: Vec<Group>,
    pub provider_names: Vec<String>,
    provider_cdf: Vec<f64>,
    pub approach: ApproachConfig,
    /// Starts allowed per month [agents]; `None`: no cap (or planned from the budget).
    pub starts_per_month: Option<f64>,
    /// Starts are planned from the budget each programme year (`engine::planning`).
    pub places_from_budget: bool,
    /// Most participants at once [agents]; `None`: no cap.
    pub max_caseload: Option<u64>,
    /// Index of this programme's first (provider, group) cell.
    pub cell_base: usize,
    /// Last model month in which block funding is paid: the last referrals' programme months.
    pub block_end: i32,
    /// Last model month in which any payment can fall due (the end of the longest possible
    /// attachment of the last referrals); pro-rating spreads the budget up to it.
    pub payment_end: i32,
    /// Budget [£ per agent-scaled unit]; `None`: no cap.
    pub budget: Option<f64>,
    pub budget_rule: BudgetRule,
    /// How providers are paid.
    pub payments: Payments,
    /// Fall in true distance from work that counts as a step of progress [(0, 1]], and the
    /// most steps counted ([`crate::payment::Event::Progress`]).
    pub progress_step: f64,
    pub progress_max_steps: u32,
    pub providers: Vec<ProviderTerms>,
    pub assessment: AssessmentConfig,
    pub on_hand_back: HandBack,
}

impl Programme {
    pub fn new(s: &Scenario, cfg: &ProgrammeConfig, cell_base: usize) -> Self {
        let scale = s.population.scale;
        let groups = cfg
            .payment_groups
            .iter()
            .map(|g| Group {
                name: g.name.clone(),
                benefit_mask: g
                    .benefits
                    .iter()
                    .fold(0, |m, b| m | 1 << Benefit::from_kind(*b) as u8),
                disabled_only: g.disabled_only,
                condition_mask: g
                    .conditions
                    .iter()
                    .fold(0, |m, c| m | 1 << condition_index(*c)),
                min_age_months: g.min_age as i32 * 12,
                max_age_months: (g.max_age as i32 + 1) * 12,
                min_months_out: g.min_months_out as i32,
                flow: g.referral == crate::scenario::ReferralFrom::Flow,
                sickness_absence: g.sickness_absence,
                ever_incapacity: g.ever_incapacity,
                prognosis: g.prognosis_range(),
                entry: g.entry,
                take_up: g.voluntary_take_up,
                outcome_after: g.job_outcome_after_months,
                sustainment_max: g.sustainment_max_months,
            })
            .collect();
        let mut acc = 0.0;
        let provider_cdf = cfg
            .providers
            .iter()
            .map(|p| {
                acc += p.share;
                acc
            })
            .collect();
        let first_month = cfg.start.months_since(s.start);
        let last_month = cfg.end.months_since(s.start);
        let duration = cfg.duration_months as i32;
        let longest_tail = cfg
            .payment_groups
            .iter()
            .map(|g| g.job_outcome_after_months + g.sustainment_max_months)
            .max()
            .unwrap_or(0)
            + s.outputs.sustained_job_months;
        let from_budget = cfg.funding.budget.is_some()
            && cfg
                .places_from_budget
                .unwrap_or(cfg.starts_per_year.is_none());
        let mut area_mask = [0u64; 4];
        for (a, area) in s.areas.iter().enumerate() {
            if cfg.areas.is_empty() || cfg.areas.contains(&area.name) {
                area_mask[a / 64] |= 1 << (a % 64);
            }
        }
        Self {
            name: cfg.name.clone(),
            priority: cfg.priority,
            combinable: cfg.combinable,
            area_mask,
            first_month,
            last_month,
            block_end: last_month + duration - 1,
            payment_end: last_month
                + duration
                + (longest_tail as i32).max(cfg.in_work_support_months as i32),
            budget: cfg.funding.budget.map(|b| b / scale),
            budget_rule: cfg.funding.when_budget_runs_out,
            payments: Payments::new(cfg, scale),
            progress_step: cfg.funding.progress_step,
            progress_max_steps: cfg.funding.progress_max_payments,
            providers: cfg
                .providers
                .iter()
                .map(|p| ProviderTerms {
                    share: p.share,
                    hours_per_participant: p.hours_per_participant,
                    max_hours_per_participant: p.max_hours_per_participant,
                    cost_per_hour: p.cost_per_hour,
                    social_weight: p.social_weight,
                    social_value_per_job: p.social_value_per_job,
                    reserves: p.reserves / scale,
                    never_hands_back: p.never_hands_back,
                })
                .collect(),
            assessment: cfg.assessment.clone(),
            on_hand_back: cfg.on_hand_back,
            duration: cfg.duration_months as i32,
            in_work_support: cfg.in_work_support_months as i32,
            groups,
            provider_names: cfg.providers.iter().map(|p| p.name.clone()).collect(),
            provider_cdf,
            approach: s.approaches.get(cfg.approach).clone(),
            starts_per_month: if from_budget {
                None
            } else {
                cfg.starts_per_year.map(|y| y / 12.0 / scale)
            },
            places_from_budget: from_budget,
            max_caseload: cfg.max_caseload.map(|c| (c / scale).round() as u64),
            cell_base,
        }
    }

    pub fn n_cells(&self) -> usize {
        self.groups.len() * self.provider_names.len()
    }

    #[inline]
    pub fn cell(&self, provider: u8, group: u8) -> usize {
        self.cell_base + provider as usize * self.groups.len() + group as usize
    }

    /// Whether residents of area `area` may be referred.
    #[inline]
    pub fn serves(&self, area: u8) -> bool {
        self.area_mask[area as usize / 64] & (1 << (area % 64)) != 0
    }

    #[inline]
    pub fn referring(&self, t: i32) -> bool {
        (self.first_month..=self.last_month).contains(&t)
    }

    /// The most the programme can pay for one participant of group `g` whose prices carry the
    /// needs multiplier `multiplier`, over every month of support [£ per agent].
    pub fn full_price(&self, g: usize, multiplier: f64) -> f64 {
        self.payments
            .max_price(g, multiplier, (self.duration + self.in_work_support) as u32)
    }

    /// What a start is planned to cost before the programme has a history: the most the
    /// programme can pay for one participant, the mean over its payment groups at needs
    /// multiplier 1 [£ per agent] (a prudent first plan: no outcome is assumed not to happen).
    pub fn first_plan_price(&self) -> f64 {
        let n = self.groups.len().max(1) as f64;
        (0..self.groups.len())
            .map(|g| self.full_price(g, 1.0))
            .sum::<f64>()
            / n
    }

    /// The provider a referral goes to, from a uniform draw, among the providers still holding
    /// the contract (`active`), by their shares; `None` if none is left.
    pub fn pick_provider(&self, u: f64, active: impl Fn(usize) -> bool) -> Option<u8> {
        let shares = || {
            self.provider_cdf
                .iter()
                .scan(0.0, |prev, &c| {
                    let share = c - *prev;
                    *prev = c;
                    Some(share)
                })
                .enumerate()
                .filter(|(i, _)| active(*i))
        };
        let total: f64 = shares().map(|(_, s)| s).sum();
        let mut acc = 0.0;
        let mut last = None;
        for (i, share) in shares() {
            acc += share;
            last = Some(i as u8);
            if u * total < acc {
                return last;
            }
        }
        last
    }

    /// Whether a participant in this state is still attached: on the programme for its
    /// duration, and after it while in a programme job that is still within its in-work
    /// support (`in_work_support_months` from the job's start, whatever the payment rules) or
    /// still has payments or a sustained outcome to come.
    /// `sp` is one of `p`'s spells, of this programme.
    pub fn still_attached(&self, p: &Person, sp: &Spell, t: i32, sustained_months: u32) -> bool {
        use crate::person::flags::*;
        let months_on = t - sp.start as i32 + 1;
        if months_on < self.duration {
            return true;
        }
        if !(p.employed() && sp.has_flag(PROGRAMME_JOB)) {
            return false;
        }
        if sp.months_in_work(p, t) < self.in_work_support {
            return true;
        }
        let prices = &self.groups[sp.group as usize];
        // A retention spell is not kept on for its sustained outcome (a count, not a payment):
        // its job is the one the person had, so waiting for it would only carry them on the
        // caseload after their support and payments are over.
        let pending = !sp.has_flag(JOB_OUTCOME)
            || (sp.sustainment_months as u32) < prices.sustainment_max
            || !(sp.has_flag(SUSTAINED) || sp.has_flag(RETENTION));
        let limit = self.duration
            + (prices.outcome_after + prices.sustainment_max + sustained_months) as i32;
        pending && months_on < limit
    }
}

/// What the engine has recorded of a participant's spell, for the payment models.
pub fn record(sp: &Spell) -> Record {
    use crate::person::flags::*;
    Record {
        job_outcome: sp.has_flag(JOB_OUTCOME),
        sustainment_months: sp.sustainment_months as u32,
        progress_steps: sp.progress_steps as u32,
        job_started: sp.has_flag(JOB_STARTED),
        weeks_13: sp.has_flag(WEEKS_13),
        weeks_26: sp.has_flag(WEEKS_26),
        skills_gain: sp.has_flag(SKILLS_GAINED),
    }
}

/// All programmes of a scenario, with their cells numbered consecutively.
pub fn prepare(s: &Scenario) -> (Vec<Programme>, usize) {
    let mut base = 0;
    let programmes = s
        .programmes
        .iter()
        .map(|cfg| {
            let p = Programme::new(s, cfg, base);
            base += p.n_cells();
            p
        })
        .collect();
    (programmes, base)
}

/// The bit of a condition in a group's mask: `Condition as u8`.
fn condition_index(c: crate::scenario::ConditionKind) -> u8 {
    use crate::person::Condition;
    use crate::scenario::ConditionKind as K;
    (match c {
        K::None => Condition::None,
        K::Mental => Condition::Mental,
        K::Musculoskeletal => Condition::Musculoskeletal,
        K::OtherPhysical => Condition::OtherPhysical,
        K::Learning => Condition::Learning,
        K::Multiple => Condition::Multiple,
    }) as u8
}
