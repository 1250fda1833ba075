//! Employment programmes of a scenario: delivery approaches, eligibility by payment group,
//! providers, assessment and funding (every payment model's keys).

use super::*;
/// Delivery approaches: how support hours change job finding, barriers and job retention.
///
/// Support works through an effect curve with diminishing returns:
/// `effect(h) = 1 − exp(−h / hours_scale)`, from 0 (no hours) towards 1.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApproachTable {
    pub work_first: ApproachConfig,
    pub specialist: ApproachConfig,
    pub ips: ApproachConfig,
}

impl ApproachTable {
    pub fn get(&self, kind: ApproachKind) -> &ApproachConfig {
        match kind {
            ApproachKind::WorkFirst => &self.work_first,
            ApproachKind::Specialist => &self.specialist,
            ApproachKind::Ips => &self.ips,
        }
    }
}

impl Default for ApproachTable {
    fn default() -> Self {
        Self {
            // Generalist job search: strong near the labour market, weak far from it. The size
            // is fitted (Work Programme job outcome rates): almost no effect on job entry, so
            // its outcomes are mostly what participants would have achieved anyway.
            work_first: ApproachConfig {
                find_effect: 0.0214,
                hours_scale: 5.0,
                distance_fade: 0.8,
                barrier_reduction: 0.01,
                retention_effect: 0.2,
                match_effect: 0.0,
                health_effect: 0.0,
                condition_effect: ConditionEffects::default(),
                severity_effect: SeverityEffect::default(),
            },
            // Specialist disability employment support (Work Choice, supported employment):
            // slower, less sensitive to distance, strongest for learning disabilities.
            specialist: ApproachConfig {
                find_effect: 0.8,
                hours_scale: 8.0,
                distance_fade: 0.2,
                barrier_reduction: 0.03,
                retention_effect: 0.4,
                match_effect: 0.0,
                health_effect: 0.0,
                condition_effect: ConditionEffects {
                    learning: 1.3,
                    multiple: 1.1,
                    ..ConditionEffects::default()
                },
                severity_effect: SeverityEffect::default(),
            },
            // Place then train with in-work support: IPS trials show about 2.5× the job entry of
            // conventional services for severe mental illness (Bond, Drake & Becker 2008); for
            // other conditions the effects are far smaller.
            ips: ApproachConfig {
                find_effect: 1.3,
                hours_scale: 8.0,
                distance_fade: 0.0,
                barrier_reduction: 0.02,
                retention_effect: 0.8,
                // IPS places people in jobs that match their preferences (a fidelity item);
                // those in preferred jobs kept them about twice as long (Mueser, Becker & Wolfe
                // 2001). Set by hand.
                match_effect: 0.5,
                health_effect: 0.0,
                condition_effect: ConditionEffects {
                    none: 0.5,
                    mental: 1.4,
                    musculoskeletal: 0.6,
                    other_physical: 0.6,
                    learning: 0.8,
                    multiple: 1.0,
                },
                // No effect at the mildest, full at the most severe: fitted so that the model's
                // trials give the risk ratio of the IPS meta-analysis for severe mental illness
                // (1.63, Frederick & VanderWeele 2019) and the 4-point effect of the Health-led
                // Employment Trial in the West Midlands for mild to moderate conditions (DWP
                // research report 1034, 2023); `gapsim validation-report` shows both, and the
                // studies it checks against.
                severity_effect: SeverityEffect {
                    mild: 0.0,
                    severe: 1.0,
                },
            },
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproachConfig {
    /// Added log-odds of job finding at full effect for someone at distance 0.
    pub find_effect: f64,
    /// Support hours in a month at which 63% of the full effect is reached [hours].
    pub hours_scale: f64,
    /// Share of the job-finding effect lost per unit of distance from work.
    pub distance_fade: f64,
    /// Share of each barrier removed per month at full effect ("distance travelled").
    pub barrier_reduction: f64,
    /// Log-odds reduction in job loss at full effect of in-work support.
    pub retention_effect: f64,
    /// Shift in the match quality of a job found on the programme at full effect [standard
    /// deviations of `Person::job_match`]: finding a job that fits the hours wanted and the
    /// condition, and arranging adjustments. It lasts as long as the job, after support ends
    /// (`labour.loss_match` turns it into fewer job losses); default 0.
    #[serde(default)]
    pub match_effect: f64,
    /// Integrated health support (talking therapies, physiotherapy, a health-led keyworker, as
    /// in Greater Manchester's Working Well): share of a participant's health-condition
    /// severity removed per month at full effect; 0 = none.
    #[serde(default)]
    pub health_effect: f64,
    /// Multipliers on `find_effect` and `retention_effect` by the participant's main health
    /// condition; default 1 for every condition.
    #[serde(default)]
    pub condition_effect: ConditionEffects,
    /// Multipliers on `find_effect` and `retention_effect` by the severity of the
    /// participant's main condition: `mild` at severity 0, `severe` at 1, a straight line
    /// between; default 1 at every severity.
    #[serde(default)]
    pub severity_effect: SeverityEffect,
}

/// A multiplier that changes with severity: `mild` at severity 0, `severe` at severity 1,
/// a straight line between (people without a condition have severity 0).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeverityEffect {
    pub mild: f64,
    pub severe: f64,
}

impl Default for SeverityEffect {
    fn default() -> Self {
        Self {
            mild: 1.0,
            severe: 1.0,
        }
    }
}

impl SeverityEffect {
    /// The multiplier at `severity` [0–1].
    #[inline]
    pub fn at(&self, severity: f64) -> f64 {
        self.mild + (self.severe - self.mild) * severity
    }
}

/// A multiplier per main health condition (`none` for people without one).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConditionEffects {
    pub none: f64,
    pub mental: f64,
    pub musculoskeletal: f64,
    pub other_physical: f64,
    pub learning: f64,
    pub multiple: f64,
}

impl ConditionEffects {
    /// The multiplier for `Condition as usize` (0 = none).
    #[inline]
    pub fn at(&self, condition: usize) -> f64 {
        match condition {
            1 => self.mental,
            2 => self.musculoskeletal,
            3 => self.other_physical,
            4 => self.learning,
            5 => self.multiple,
            _ => self.none,
        }
    }
}

impl Default for ConditionEffects {
    fn default() -> Self {
        Self {
            none: 1.0,
            mental: 1.0,
            musculoskeletal: 1.0,
            other_physical: 1.0,
            learning: 1.0,
            multiple: 1.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproachKind {
    WorkFirst,
    Specialist,
    Ips,
}

/// An employment programme: who is referred, for how long, with what support and prices.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeConfig {
    pub name: String,
    /// First month referrals are made.
    pub start: YearMonth,
    /// Last month referrals are made (participants already on it carry on).
    pub end: YearMonth,
    /// Months a participant stays on the programme.
    pub duration_months: u32,
    /// Months of in-work support after a participant starts a job, while attached.
    #[serde(default = "default_in_work_support")]
    pub in_work_support_months: u32,
    /// Programme starts allowed per year [real people]; omitted: no cap.
    #[serde(default)]
    pub starts_per_year: Option<f64>,
    /// Places: most participants on the programme at once [real people]; omitted: no cap.
    #[serde(default)]
    pub max_caseload: Option<f64>,
    /// Plan the programme's starts from its budget (`funding.budget`) rather than
    /// `starts_per_year`, re-planned each programme year (`engine::planning`); omitted: true
    /// exactly when there is a budget and no `starts_per_year`. With `true`, an inherited
    /// `starts_per_year` is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places_from_budget: Option<bool>,
    /// Order in which programmes are offered to someone eligible for several: higher first,
    /// ties in file order. Declining a programme, or finding it full or out of money, never
    /// keeps anyone from the next.
    #[serde(default)]
    pub priority: u32,
    /// Whether the programme can be combined with others: a participant of another programme
    /// may start it, and its participants may start another, so that one person is on two
    /// programmes at once (say, an in-work health service beside the Work and Health
    /// Programme). Two at most, never two spells of one programme. The two programmes'
    /// support adds up in the log-odds of finding and keeping work, their effects on
    /// barriers and health compound, and each pays its own provider for its own milestones
    /// (a job found on both counts as a job outcome of both). Omitted: false, a person is on
    /// at most one programme at a time.
    #[serde(default)]
    pub combinable: bool,
    /// Names of the areas whose residents may be referred; omitted or empty: every area.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Delivery approach: `work_first`, `specialist` or `ips`.
    #[serde(default = "default_approach")]
    pub approach: ApproachKind,
    #[serde(default)]
    pub assessment: AssessmentConfig,
    /// How providers are paid beyond the payment groups' prices, and the money there is.
    #[serde(default)]
    pub funding: FundingConfig,
    /// What happens to the participants of a provider that hands back its contract:
    /// `transfer` (to the remaining providers, by share) or `drop_out`.
    #[serde(default)]
    pub on_hand_back: HandBack,
    /// Who may be referred and what providers are paid for them; a person belongs to the first
    /// group that matches.
    pub payment_groups: Vec<PaymentGroupConfig>,
    /// Providers holding the contract; referrals are shared out by `share`.
    pub providers: Vec<ProviderConfig>,
}

fn default_in_work_support() -> u32 {
    6
}
fn default_approach() -> ApproachKind {
    ApproachKind::WorkFirst
}

/// How providers see their participants' distance from work.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssessmentConfig {
    /// `benefit_group` (only the benefit is known), `day_one_tool` (a one-off segmentation at
    /// referral) or `ongoing` (assessment improving with months of contact).
    pub mode: AssessmentMode,
    /// Accuracy of the tool at referral: perceived distance is
    /// `accuracy·true + (1 − accuracy)·(benefit-group mean + population sd · ε)`.
    pub accuracy: f64,
    /// For `ongoing`: months of contact over which the remaining error shrinks by 63%.
    pub learning_months: f64,
}

impl Default for AssessmentConfig {
    fn default() -> Self {
        Self {
            mode: AssessmentMode::DayOneTool,
            accuracy: 0.6,
            learning_months: 6.0,
        }
    }
}

/// Payment models beside payment by results, which are combined by adding them up, and the
/// programme's budget. Every per-participant price (the payment groups' fees and progress
/// payments) is multiplied by the needs multiplier
/// `min((assessed distance / needs_reference_distance)^needs_elasticity, needs_max_multiplier)`,
/// which is 1 for every participant when `needs_elasticity = 0` (flat prices).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FundingConfig {
    /// Total money the programme may pay over the run, all payment models together [£];
    /// omitted: no cap. Payments never exceed it.
    pub budget: Option<f64>,
    /// What happens as the budget runs out: `stop_referrals` (no referrals once what is left
    /// would not pay one participant's full price; payments falling due after the money has
    /// gone are not made) or `pro_rate` (each month may spend what is left divided by the
    /// months of payments still to come; payments due beyond that are scaled down alike).
    pub when_budget_runs_out: BudgetRule,
    /// Fee for service: paid to the provider for every adviser hour delivered [£ per hour].
    pub fee_per_hour: f64,
    /// Block (cohort) funding: paid to the providers, by share, every month from the
    /// programme's start until its last referrals finish their programme months, whatever the
    /// outcomes [£ per month, all providers together].
    pub block_per_month: f64,
    /// Needs-based prices: elasticity of every per-participant price to the distance from work
    /// assessed at referral; 0 = flat prices.
    pub needs_elasticity: f64,
    /// Assessed distance at which the needs multiplier is 1.
    pub needs_reference_distance: f64,
    /// Largest needs multiplier.
    pub needs_max_multiplier: f64,
    /// Progress payment: paid each time a participant's true distance from work has fallen by a
    /// further `progress_step` below its level at referral (fewer or smaller barriers, lower
    /// severity), while on the programme [£ per payment].
    pub progress_fee: f64,
    /// Fall in distance from work that counts as one step of progress.
    pub progress_step: f64,
    /// Most progress payments per participant.
    pub progress_max_payments: u32,
    /// Personal budget: money each participant controls every month while out of work on the
    /// programme (and during in-work support), spent on adviser hours at their provider's
    /// `cost_per_hour`; the provider cannot redirect it [£ per participant per month].
    pub personal_budget_per_month: f64,
    /// An outcomes rate card, as in UK social impact bonds (`payment::RateCard`); omitted:
    /// none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_card: Option<RateCardConfig>,
}

/// An outcomes rate card: a price for each outcome on a menu, paid the first time a
/// participant achieves it, up to a cap per participant [£ per participant, before the
/// needs multiplier]. Every price defaults to 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateCardConfig {
    /// The first job that starts while on the programme [£].
    pub job_start: f64,
    /// 13 weeks (3 months) in a programme job [£].
    pub weeks_13: f64,
    /// 26 weeks (6 months) in a programme job [£].
    pub weeks_26: f64,
    /// A fall in true distance from work of `progress_step` below its level at referral [£].
    pub distance_fall: f64,
    /// A gain in skills: the skills barrier falls below 0.5 on the programme [£].
    pub skills_gain: f64,
    /// The most one participant can earn from the card [£].
    pub cap_per_participant: f64,
}

impl Default for FundingConfig {
    fn default() -> Self {
        Self {
            budget: None,
            when_budget_runs_out: BudgetRule::StopReferrals,
            fee_per_hour: 0.0,
            block_per_month: 0.0,
            needs_elasticity: 0.0,
            needs_reference_distance: 0.35,
            needs_max_multiplier: 5.0,
            progress_fee: 0.0,
            progress_step: 0.05,
            progress_max_payments: 3,
            personal_budget_per_month: 0.0,
            rate_card: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetRule {
    StopReferrals,
    ProRate,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandBack {
    #[default]
    Transfer,
    DropOut,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentMode {
    BenefitGroup,
    DayOneTool,
    Ongoing,
}

/// Mandatory referral (everyone eligible is referred while places last) or voluntary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    Mandatory,
    Voluntary,
}

/// The Work Capability Assessment's prognoses, months to the expected return to fitness for
/// work: the DWP's bands of 3, 6, 12 and 18 months for the work-related activity group, and 24
/// standing for the support group's longer or indefinite prognoses (`Person::prognosis_months`;
/// what `min_prognosis_months` and `max_prognosis_months` select on).
pub const PROGNOSIS_MONTHS: [u32; 5] = [3, 6, 12, 18, 24];

/// Whom a payment group refers (`PaymentGroupConfig::referral`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralFrom {
    /// Everyone who qualifies, in any month.
    #[default]
    Stock,
    /// Only people whose claim began the month before.
    Flow,
}

/// A main health condition, as payment groups name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionKind {
    None,
    Mental,
    Musculoskeletal,
    OtherPhysical,
    Learning,
    Multiple,
}

/// Benefit as the system records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BenefitKind {
    None,
    Jsa,
    EsaWrag,
    EsaSupport,
    Incapacity,
    /// Universal Credit, searching for work.
    UcSearching,
    /// Universal Credit, limited capability for work (preparing for work).
    UcLcw,
    /// Universal Credit, limited capability for work and work-related activity (the health
    /// element; no work-related requirements).
    UcLcwra,
}

/// A payment group: eligibility and the payment-by-results prices for the people in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentGroupConfig {
    pub name: String,
    /// Benefits that qualify (any of them): `none`, the legacy benefits (`jsa`, `esa_wrag`,
    /// `esa_support`, `incapacity`) and the Universal Credit regimes that replace them
    /// (`uc_searching`, `uc_lcw`, `uc_lcwra`). A group meant to run past the rollout of UC
    /// (new legacy claims end in December 2018) names both.
    pub benefits: Vec<BenefitKind>,
    /// Only disabled people qualify.
    #[serde(default)]
    pub disabled_only: bool,
    /// Only people whose main health condition is one of these qualify (`mental`,
    /// `musculoskeletal`, `other_physical`, `learning`, `multiple`, `none`); empty: any.
    #[serde(default)]
    pub conditions: Vec<ConditionKind>,
    /// Age range that qualifies.
    #[serde(default = "default_min_age")]
    pub min_age: u32,
    #[serde(default = "default_max_age")]
    pub max_age: u32,
    /// Months out of work before referral.
    #[serde(default)]
    pub min_months_out: u32,
    /// Whom the group refers: `stock` (default), everyone who qualifies, in any month;
    /// `flow`, only people whose current benefit claim began the month before
    /// (`Person::claim_start`): new claims, a WCA outcome that moves a claimant between JSA
    /// and ESA, and conversions from incapacity benefit to ESA. People on no benefit have no
    /// claim, so a flow group never takes them.
    #[serde(default)]
    pub referral: ReferralFrom,
    /// `true`: a retention (early-intervention) group, for employees on a long-term sickness
    /// absence (`[absence]`), not for people out of work; `benefits` must include `"none"`
    /// (people in work claim no out-of-work benefit). Its `flow` is the absences begun the
    /// month before (referral as the absence begins), its stock every absence. Its job outcome
    /// is the job kept: `job_outcome_after_months` after referral, in work and back from the
    /// absence; its in-work support months count from referral. Omitted: false.
    #[serde(default)]
    pub sickness_absence: bool,
    /// `true`: only people who were ever on a legacy incapacity benefit (the Work
    /// Programme's "ESA ex-IB" groups); `false`: only people who never were; unset: either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ever_incapacity: Option<bool>,
    /// Only people whose last Work Capability Assessment expected them to be fit for work
    /// within this many months at most, or at least (`Person::prognosis_months`: 3, 6, 12 or
    /// 18 months in the work-related activity group, 24 standing for the support group's
    /// longer or indefinite prognoses); people without a prognosis (never assessed, or found
    /// fit for work) never qualify when either is set, even `min_prognosis_months = 0`. The
    /// range must hold at least one of 3, 6, 12, 18 and 24 [months].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_prognosis_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_prognosis_months: Option<u32>,
    pub entry: Entry,
    /// For voluntary entry: chance an eligible person volunteers in a month [probability per month].
    #[serde(default = "default_take_up")]
    pub voluntary_take_up: f64,
    /// Paid when a participant starts [£].
    #[serde(default)]
    pub attachment_fee: f64,
    /// Paid when a participant has been in work `job_outcome_after_months` [£].
    #[serde(default)]
    pub job_outcome_fee: f64,
    /// Months in work before the job outcome fee is paid.
    #[serde(default = "default_outcome_after")]
    pub job_outcome_after_months: u32,
    /// Paid for each further month in work after the job outcome [£ per month].
    #[serde(default)]
    pub sustainment_fee: f64,
    /// Most sustainment months paid.
    #[serde(default)]
    pub sustainment_max_months: u32,
}

impl PaymentGroupConfig {
    /// The prognosis months the group admits, inclusive, if it selects on the prognosis at
    /// all: `min_prognosis_months` (else 0) to `max_prognosis_months` (else any).
    pub fn prognosis_range(&self) -> Option<(u32, u32)> {
        (self.min_prognosis_months.is_some() || self.max_prognosis_months.is_some()).then(|| {
            (
                self.min_prognosis_months.unwrap_or(0),
                self.max_prognosis_months.unwrap_or(u32::MAX),
            )
        })
    }
}

fn default_min_age() -> u32 {
    16
}
fn default_max_age() -> u32 {
    64
}
fn default_take_up() -> f64 {
    0.0
}
fn default_outcome_after() -> u32 {
    6
}

/// A provider: an agent that allocates adviser hours to its caseload.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    pub name: String,
    /// Share of the programme's referrals; shares sum to 1.
    pub share: f64,
    /// Adviser hours per participant per month that the provider staffs for [hours].
    pub hours_per_participant: f64,
    /// Most hours one participant can get in a month [hours].
    #[serde(default = "default_max_hours")]
    pub max_hours_per_participant: f64,
    /// Fully loaded cost of an adviser hour [£].
    #[serde(default = "default_cost_per_hour")]
    pub cost_per_hour: f64,
    /// Weight on social mission beside income: 0 maximises expected payment only; 1
    /// values every job at `social_value_per_job` whatever it pays.
    #[serde(default)]
    pub social_weight: f64,
    /// The value a mission-driven provider places on a job [£].
    #[serde(default = "default_social_value")]
    pub social_value_per_job: f64,
    /// Reserves: the most the provider will lose on this contract [£]. Its balance starts
    /// at 0 and moves with payments in and adviser hours out; once the loss exceeds the
    /// reserves, the provider hands back its contract (see `on_hand_back`).
    #[serde(default = "default_reserves")]
    pub reserves: f64,
    /// A provider that never hands back its contract whatever its losses (a public service,
    /// or a contract with no exit): its reserves are not checked.
    #[serde(default)]
    pub never_hands_back: bool,
}

fn default_max_hours() -> f64 {
    20.0
}
fn default_cost_per_hour() -> f64 {
    30.0
}
fn default_social_value() -> f64 {
    3000.0
}
fn default_reserves() -> f64 {
    5.0e7
}
