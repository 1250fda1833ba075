//! Scenario files: the single source of every parameter value. Units, valid ranges and
//! provenance of the numeric keys are stated once, in [`keys::KEYS`] (rendered in
//! `docs/parameters.md`); defaults once, in the `Default` implementations below.
//!
//! A scenario is a TOML file deserialised into these structs (`deny_unknown_fields`), with the
//! defaults defined once, in the `Default` impls below, and checked by [`validate`] before any
//! work starts. Field docs give units and valid ranges; `scenarios/example.toml` shows every key.
//!
//! Money is in pounds (£), time in months, rates in probability per month unless said otherwise.
//! "Log-odds" coefficients enter a logistic function: `p = 1 / (1 + exp(-x))`.
//!
//! This module does no I/O except in [`load`], which reads the file and turns parse and
//! validation failures into [`ScenarioError`]s that carry the file, line, column and key.

pub mod keys;
mod load;
mod uncertain;
mod validate;

pub use load::{Resolved, ScenarioError, load, load_resolved, load_resolved_with, load_str};
pub use uncertain::{Dist, Setting, Uncertain, raw_at, set_path, value_at};
pub use validate::{Invalid, KeyRange, MAX_MONEY, Valid, describe, ranges, validate};

use crate::calendar::YearMonth;
use serde::{Deserialize, Serialize};

/// A whole scenario: the world, its programmes and the run settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name shown in plots and tables.
    pub name: String,
    /// Free text: the question this scenario answers and where its numbers come from.
    #[serde(default)]
    pub description: String,
    /// First simulated month, `"YYYY-MM"`; the population is synthesised for this month.
    pub start: YearMonth,
    /// Number of months to simulate.
    pub months: u32,
    /// Independent replications (each a different draw of people and luck).
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Master seed; with the scenario it fixes every result.
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default)]
    pub population: PopulationConfig,
    /// Local labour markets; default: one area covering the whole country with demand 0.
    #[serde(default = "default_areas")]
    pub areas: Vec<AreaConfig>,
    #[serde(default)]
    pub health: HealthConfig,
    #[serde(default)]
    pub barriers: BarrierConfig,
    #[serde(default)]
    pub labour: LabourConfig,
    #[serde(default)]
    pub benefits: BenefitConfig,
    #[serde(default)]
    pub approaches: ApproachTable,
    #[serde(default)]
    pub programmes: Vec<ProgrammeConfig>,
    #[serde(default)]
    pub outputs: OutputConfig,
    /// The counterfactual this scenario is measured against: a scenario file, relative to the
    /// file that names it. `gapsim run` then runs both worlds with the same people and the
    /// same luck and reports net impact (`--against` on the command line takes precedence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
}

fn default_replications() -> u32 {
    8
}
fn default_seed() -> u64 {
    1
}
fn default_areas() -> Vec<AreaConfig> {
    vec![AreaConfig::default()]
}

impl Scenario {
    /// The calendar month of model month `t` (0 = start).
    pub fn date(&self, t: i32) -> YearMonth {
        self.start.plus(t)
    }

    /// Last simulated month.
    pub fn end(&self) -> YearMonth {
        self.start.plus(self.months as i32 - 1)
    }
}

/// The synthetic population and how it is set up at the start month.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PopulationConfig {
    /// Number of simulated people (agents).
    pub n_people: u32,
    /// Real people each agent stands for. 41.5 million 16–64s / 100 000 agents = 415.
    pub scale: f64,
    /// Employment rate of disabled people at the start month [share]. LFS Q2 2013: 0.436.
    pub start_employment_rate_disabled: f64,
    /// Employment rate of non-disabled people at the start month [share]. LFS Q2 2013: 0.768.
    pub start_employment_rate_non_disabled: f64,
}

impl Default for PopulationConfig {
    fn default() -> Self {
        Self {
            n_people: 100_000,
            scale: 415.0,
            start_employment_rate_disabled: 0.436,
            start_employment_rate_non_disabled: 0.768,
        }
    }
}

/// A local labour market.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AreaConfig {
    pub name: String,
    /// Share of the population living here; shares of all areas sum to 1.
    pub share: f64,
    /// Labour demand index over time: points joined by straight lines, flat before the first
    /// and after the last. 0 is a normal labour market, +1 a very tight one, −1 a deep
    /// recession. Enters job finding and job loss through `labour.find_demand`/`loss_demand`.
    pub demand: Vec<DemandPoint>,
}

impl Default for AreaConfig {
    fn default() -> Self {
        Self {
            name: "UK".into(),
            share: 1.0,
            demand: vec![],
        }
    }
}

/// One point of a demand path.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandPoint {
    pub date: YearMonth,
    /// Demand index.
    pub index: f64,
}

/// Long-term health conditions: prevalence, onset, recovery and severity.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthConfig {
    /// Severity above which a condition substantially limits daily life, i.e. the
    /// person counts as disabled (Equality Act / LFS definition).
    pub disability_threshold: f64,
    /// Share of 16-year-olds with a long-term condition at the start.
    pub prevalence_at_16: f64,
    /// Share of 64-year-olds with a long-term condition at the start; ages between are
    /// interpolated on the log-odds scale.
    pub prevalence_at_64: f64,
    /// Hazard of a new condition at age 16 for someone in work [probability per month].
    pub onset_at_16: f64,
    /// Hazard of a new condition at age 64 for someone in work [probability per month].
    pub onset_at_64: f64,
    /// Multiplier on the onset of mental health conditions while out of work.
    pub workless_mental_onset_factor: f64,
    /// Hazard that a past condition returns [probability per month].
    pub relapse: f64,
    /// Rate of severity-change events for people with a condition [probability per month].
    pub severity_change_rate: f64,
    /// Standard deviation of a severity change at an event [severity units].
    pub severity_change_sd: f64,
    /// Mean severity change at an event for someone in work with a mental health
    /// condition (negative: good work helps mental health) [severity units].
    pub in_work_mental_drift: f64,
    /// Mean severity change at an event for someone out of work with a mental health
    /// condition [severity units].
    pub workless_mental_drift: f64,
    /// Mean severity change at an event for physical conditions [severity units].
    pub physical_drift: f64,
    pub conditions: ConditionTable,
}

impl Default for HealthConfig {
    fn default() -> Self {
        Self {
            disability_threshold: 0.3,
            prevalence_at_16: 0.09,
            prevalence_at_64: 0.38,
            onset_at_16: 0.0011,
            onset_at_64: 0.0038,
            workless_mental_onset_factor: 1.8,
            relapse: 0.006,
            severity_change_rate: 0.05,
            severity_change_sd: 0.08,
            in_work_mental_drift: -0.03,
            workless_mental_drift: 0.03,
            physical_drift: 0.01,
            conditions: ConditionTable::default(),
        }
    }
}

/// Parameters of each kind of condition.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConditionTable {
    pub mental: ConditionConfig,
    pub musculoskeletal: ConditionConfig,
    pub other_physical: ConditionConfig,
    pub learning: ConditionConfig,
    pub multiple: ConditionConfig,
}

impl ConditionTable {
    /// The five conditions in the order of [`crate::person::Condition`] (1..=5).
    pub fn all(&self) -> [&ConditionConfig; 5] {
        [
            &self.mental,
            &self.musculoskeletal,
            &self.other_physical,
            &self.learning,
            &self.multiple,
        ]
    }
}

impl Default for ConditionTable {
    fn default() -> Self {
        let c = |prevalence_share, onset_share, severity, recovery, distance_weight, trend| {
            ConditionConfig {
                prevalence_share,
                onset_share,
                severity,
                recovery,
                distance_weight,
                onset_trend_per_year: trend,
            }
        };
        Self {
            // About a third of disabled adults report a mental health impairment (FRS 2015/16).
            // The onset trend is fitted: reported mental ill-health grew fast after 2013.
            mental: c(0.30, 0.40, [2.0, 2.6], 0.008, 0.70, 0.1357),
            musculoskeletal: c(0.27, 0.27, [2.2, 2.8], 0.005, 0.48, 0.0),
            other_physical: c(0.25, 0.25, [2.2, 2.8], 0.004, 0.52, 0.0),
            learning: c(0.05, 0.0, [2.6, 2.0], 0.0, 0.85, 0.0),
            multiple: c(0.13, 0.08, [3.0, 2.2], 0.002, 0.78, 0.0),
        }
    }
}

/// One kind of long-term condition.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionConfig {
    /// Share of existing conditions at the start that are of this kind; the five sum to 1.
    pub prevalence_share: f64,
    /// Share of new onsets that are of this kind; the five sum to 1.
    pub onset_share: f64,
    /// Beta(α, β) distribution of severity at onset and at the start.
    pub severity: [f64; 2],
    /// Hazard of recovery [probability per month].
    pub recovery: f64,
    /// Weight of severity in distance from work.
    pub distance_weight: f64,
    /// Growth of the onset hazard per calendar year after the start, e.g. 0.03 = +3% a year
    /// (rising reported mental ill-health).
    pub onset_trend_per_year: f64,
}

/// The five barriers to work, their distributions and how they change.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BarrierConfig {
    pub skills: BarrierSpec,
    pub confidence: BarrierSpec,
    pub isolation: BarrierSpec,
    pub caring: BarrierSpec,
    pub chaotic: BarrierSpec,
    /// Standard deviation of a factor shared by all five barriers of a person (their
    /// correlation with each other beyond health).
    pub common_sd: f64,
    /// Rate at which confidence and isolation worsen by `worsening_step` while out of work
    /// for over a year [probability per month].
    pub long_workless_worsening: f64,
    /// Rate at which confidence and isolation ease by `worsening_step` while in work
    /// [probability per month].
    pub in_work_easing: f64,
    /// Size of one worsening or easing step [barrier units].
    pub worsening_step: f64,
}

impl BarrierConfig {
    /// The five barriers in the order of `Person::barriers`.
    pub fn all(&self) -> [&BarrierSpec; 5] {
        [
            &self.skills,
            &self.confidence,
            &self.isolation,
            &self.caring,
            &self.chaotic,
        ]
    }
}

impl Default for BarrierConfig {
    fn default() -> Self {
        let b = |mean, sd, health_loading, distance_weight| BarrierSpec {
            mean,
            sd,
            health_loading,
            distance_weight,
        };
        Self {
            skills: b(0.18, 0.14, 0.15, 0.16),
            confidence: b(0.15, 0.12, 0.30, 0.12),
            isolation: b(0.14, 0.12, 0.25, 0.12),
            caring: b(0.10, 0.12, 0.05, 0.08),
            chaotic: b(0.06, 0.08, 0.20, 0.14),
            common_sd: 0.08,
            long_workless_worsening: 0.03,
            in_work_easing: 0.03,
            worsening_step: 0.04,
        }
    }
}

/// One barrier: `clamp(mean + health_loading·severity + sd·ε + common_sd·ε_common, 0, 1)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarrierSpec {
    /// Mean level without a health condition.
    pub mean: f64,
    /// Person-to-person spread.
    pub sd: f64,
    /// Added per unit of health-condition severity.
    pub health_loading: f64,
    /// Weight in distance from work.
    pub distance_weight: f64,
}

/// Flows between employment, unemployment and inactivity.
///
/// Distance from work `d` (0 to 1) is derived from severity and barriers; `months_out` is
/// the time since the person last worked.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabourConfig {
    /// Log-odds of finding a job in a month for an unemployed person at distance 0, demand 0,
    /// just out of work.
    pub find_intercept: f64,
    /// Added log-odds of job finding per unit of distance (negative).
    pub find_distance: f64,
    /// Added log-odds per unit of ln(1 + months out of work) (negative: scarring).
    pub find_duration: f64,
    /// Months out of work after which scarring stops deepening: the duration term is taken at
    /// this many months for anyone out longer [months; 1200: it never stops]. Fitted:
    /// 84.
    pub find_duration_max_months: u32,
    /// Added log-odds per unit of the area's demand index.
    pub find_demand: f64,
    /// Added log-odds per unit of the isolation barrier (warm networks: most jobs go to people
    /// the employer already knows), on top of isolation's share of distance.
    pub find_isolation: f64,
    /// Added log-odds for inactive people (not searching) relative to the unemployed.
    pub find_inactive: f64,
    /// Added log-odds of job finding for ages 16–19 (in education) and for ages 60–64.
    pub find_young: f64,
    pub find_old: f64,
    /// Log-odds of losing a job in a month at distance 0, demand 0, after the first year.
    pub loss_intercept: f64,
    /// Added log-odds of job loss per unit of distance.
    pub loss_distance: f64,
    /// Added log-odds of job loss in the first 12 months of a job.
    pub loss_new_job: f64,
    /// Added log-odds of job loss per unit of demand index (negative).
    pub loss_demand: f64,
    /// Added log-odds of leaving work at ages 60–64 (early retirement) and 16–19.
    pub loss_old: f64,
    pub loss_young: f64,
    /// Log-odds that someone leaving work becomes inactive rather than unemployed, at distance 0,
    /// and the added log-odds per unit of distance.
    pub exit_inactive_intercept: f64,
    pub exit_inactive_distance: f64,
    /// Log-odds per month of an unemployed person giving up searching (becoming inactive), at
    /// distance 0, and the added log-odds per unit of distance and of ln(1 + months out).
    pub u_to_i_intercept: f64,
    pub u_to_i_distance: f64,
    pub u_to_i_duration: f64,
    /// Log-odds per month of an inactive person starting to search, at distance 0, and per unit
    /// of distance.
    pub i_to_u_intercept: f64,
    pub i_to_u_distance: f64,
}

impl Default for LabourConfig {
    fn default() -> Self {
        Self {
            // Fitted to the published figures (docs/published-figures.md) by
            // `cargo run --release --example calibrate` (docs/calibration.md): job finding, scarring and distance. Scarring stops deepening after
            // seven years out of work: the Work Programme's older long-term claimants found
            // work nearly as often as its young ones (the cap was chosen among 48, 84 and 120
            // months by the fit's objective).
            find_intercept: -0.0101,
            find_distance: -0.8416,
            find_duration: -0.8003,
            find_duration_max_months: 84,
            find_demand: 0.6,
            find_isolation: -0.8,
            find_inactive: -1.7,
            find_young: -0.9,
            find_old: -0.9,
            loss_intercept: -5.5,
            loss_distance: 2.4957,
            loss_new_job: 1.0,
            loss_demand: -0.4,
            loss_old: 0.9,
            loss_young: 0.8,
            exit_inactive_intercept: -0.6,
            exit_inactive_distance: 2.5,
            u_to_i_intercept: -3.8,
            u_to_i_distance: 2.5,
            u_to_i_duration: 0.15,
            i_to_u_intercept: -3.6,
            i_to_u_distance: -1.5,
        }
    }
}

/// Who claims which benefit. Benefit is what the system knows, not need.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BenefitConfig {
    /// Share of unemployed people without a health-related benefit who claim JSA.
    pub jsa_take_up: f64,
    /// Severity above which a person out of work with a condition claims ESA.
    pub esa_claim_severity: f64,
    /// Share of those who qualify by severity that claim ESA.
    pub esa_take_up: f64,
    /// Noise in the Work Capability Assessment: sd of the error added to severity.
    pub wca_noise_sd: f64,
    /// Assessed severity above which the WCA puts a claimant in the support group.
    pub wca_support_cut: f64,
    /// Assessed severity above which the WCA puts a claimant in the work-related activity
    /// group (below: fit for work, onto JSA or off benefit); no higher than `wca_support_cut`.
    pub wca_wrag_cut: f64,
    /// Share of health-related claimants still on legacy incapacity benefits at the start.
    pub incapacity_share_at_start: f64,
    /// Monthly rate at which legacy incapacity benefit claims are reassessed through the WCA
    /// [probability per month].
    pub incapacity_reassessment: f64,
    /// Monthly rate of WCA repeat assessments for ESA claimants [probability per month].
    pub esa_reassessment: f64,
    /// Sanctions: chance a claimant under conditionality (JSA, and ESA work-related activity
    /// group claimants while on a programme) is sanctioned in a month [probability per month];
    /// 0 = no sanctions modelled. About 24% of JSA claimants were sanctioned at least once in
    /// 2010–2015 (NAO 2016): roughly 0.005 a month.
    pub sanction_rate: f64,
    /// Added log-odds of finding work in the month of a sanction (pressure to take any job).
    pub sanction_find_effect: f64,
    /// Chance a sanctioned claimant who does not find work leaves benefit and stops searching
    /// (becomes inactive): sanctions shorten claims but reduce moves into earnings (DWP 2023).
    pub sanction_off_benefit: f64,
    /// Severity added to a sanctioned claimant's health condition (hardship worsens mental
    /// and physical health) [severity units].
    pub sanction_health_harm: f64,
}

impl Default for BenefitConfig {
    fn default() -> Self {
        Self {
            jsa_take_up: 0.62,
            esa_claim_severity: 0.35,
            esa_take_up: 0.8,
            wca_noise_sd: 0.15,
            wca_support_cut: 0.72,
            wca_wrag_cut: 0.5,
            incapacity_share_at_start: 0.25,
            incapacity_reassessment: 0.02,
            esa_reassessment: 0.03,
            sanction_rate: 0.0,
            sanction_find_effect: 0.3,
            sanction_off_benefit: 0.25,
            sanction_health_harm: 0.03,
        }
    }
}

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
                find_effect: 0.0227,
                hours_scale: 5.0,
                distance_fade: 0.8,
                barrier_reduction: 0.01,
                retention_effect: 0.2,
                health_effect: 0.0,
                condition_effect: ConditionEffects::default(),
            },
            // Specialist disability employment support (Work Choice, supported employment):
            // slower, less sensitive to distance, strongest for learning disabilities.
            specialist: ApproachConfig {
                find_effect: 0.8,
                hours_scale: 8.0,
                distance_fade: 0.2,
                barrier_reduction: 0.03,
                retention_effect: 0.4,
                health_effect: 0.0,
                condition_effect: ConditionEffects {
                    learning: 1.3,
                    multiple: 1.1,
                    ..ConditionEffects::default()
                },
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
                health_effect: 0.0,
                condition_effect: ConditionEffects {
                    none: 0.5,
                    mental: 1.4,
                    musculoskeletal: 0.6,
                    other_physical: 0.6,
                    learning: 0.8,
                    multiple: 1.0,
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
    /// Integrated health support (talking therapies, physiotherapy, a health-led keyworker, as
    /// in Greater Manchester's Working Well): share of a participant's health-condition
    /// severity removed per month at full effect; 0 = none.
    #[serde(default)]
    pub health_effect: f64,
    /// Multipliers on `find_effect` and `retention_effect` by the participant's main health
    /// condition; default 1 for every condition.
    #[serde(default)]
    pub condition_effect: ConditionEffects,
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
}

/// A payment group: eligibility and the payment-by-results prices for the people in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentGroupConfig {
    pub name: String,
    /// Benefits that qualify (any of them).
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

/// Output definitions that change what is counted, not the world.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// A participant is "parked" if their mean support over their months on the programme is
    /// below this [hours per month].
    pub parked_threshold_hours: f64,
    /// A programme job counts as a sustained outcome once it has lasted this long [months].
    pub sustained_job_months: u32,
}

impl Default for OutputConfig {
    fn default() -> Self {
        Self {
            parked_threshold_hours: 1.0,
            sustained_job_months: 12,
        }
    }
}
