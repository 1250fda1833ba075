//! The world of a scenario: its population, areas and labour demand, health conditions,
//! barriers to work, labour-market flows and benefits.

use super::*;
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
            mental: c(0.30, 0.40, [2.0, 2.6], 0.008, 0.70, 0.1385),
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

/// Readiness for work: how much a person wants work and believes they can get it (motivation,
/// self-efficacy), fixed for life and held as their percentile in the population
/// (`Person::readiness`). It is a standard normal `r = −ρ·c + √(1 − ρ²)·ε`, where `c` is the
/// confidence barrier standardised by its spread (so it is lower for people with low confidence
/// and, through confidence's health loading, for people with more severe conditions). It
/// raises job finding (`labour.find_readiness`) and voluntary take-up (`take_up_effect`), so
/// volunteers for a programme are not a random draw of the people it admits.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReadinessConfig {
    /// ρ: the correlation of readiness with confidence (low confidence, low readiness).
    pub confidence_correlation: f64,
    /// How far voluntary take-up leans towards the ready: a person at readiness percentile `q`
    /// takes up a voluntary place with probability `take_up × (1 + take_up_effect·(2q − 1))`,
    /// whose mean over everyone is `take_up`. 0: take-up is a random draw; 1: the least ready
    /// never volunteer and the most ready do twice as often as the average.
    pub take_up_effect: f64,
}

impl Default for ReadinessConfig {
    fn default() -> Self {
        Self {
            confidence_correlation: 0.5,
            take_up_effect: 0.6,
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
    /// Added log-odds of job finding per standard deviation of readiness for work
    /// (`Person::readiness`): the ready search harder and are hired sooner.
    #[serde(default)]
    pub find_readiness: f64,
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
    /// Added log-odds of job loss per standard deviation of the job's match quality
    /// (`Person::job_match`: how well the job fits the hours the person wants, their
    /// condition and the adjustments they need). Negative: well-matched jobs last. Set by
    /// hand: workers in jobs that matched their preferences kept them about twice as long
    /// (Mueser, Becker & Wolfe 2001, Journal of Mental Health 10(4)), which -0.3 per standard
    /// deviation gives between the best and worst matched fifths.
    #[serde(default)]
    pub loss_match: f64,
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
    /// Life-stage pulls out of the labour force (`labour::life_stage`), added log-odds of
    /// leaving the labour force rather than searching: at ages 16–24 (study), at 55–64 (early
    /// retirement), and per unit of the caring barrier. Set by hand so that inactivity rises
    /// at both ends of working life as in the Labour Force Survey; the intercepts of the moves
    /// are fitted with them.
    #[serde(default)]
    pub inactive_study: f64,
    #[serde(default)]
    pub inactive_retirement: f64,
    #[serde(default)]
    pub inactive_caring: f64,
}

impl Default for LabourConfig {
    fn default() -> Self {
        Self {
            // Fitted to the published figures (docs/published-figures.md) by
            // `cargo run --release --example calibrate` (docs/calibration.md): job finding, scarring and distance. Scarring stops deepening after
            // seven years out of work: the Work Programme's older long-term claimants found
            // work nearly as often as its young ones (the cap was chosen among 48, 84 and 120
            // months by the fit's objective).
            find_intercept: 0.0566,
            find_distance: -0.9784,
            find_duration: -0.7527,
            find_duration_max_months: 84,
            find_demand: 0.6,
            find_isolation: -0.8,
            find_readiness: 0.35,
            find_inactive: -1.7,
            find_young: -0.9,
            find_old: -0.9,
            loss_intercept: -5.5,
            loss_distance: 2.5283,
            loss_new_job: 1.0,
            loss_demand: -0.4,
            loss_match: -0.3,
            loss_old: 0.9,
            loss_young: 0.8,
            exit_inactive_intercept: -0.6,
            exit_inactive_distance: 2.5,
            u_to_i_intercept: -3.7939,
            u_to_i_distance: 2.6961,
            u_to_i_duration: 0.15,
            i_to_u_intercept: -3.0932,
            i_to_u_distance: -1.5,
            inactive_study: 0.6996,
            inactive_retirement: 0.3274,
            inactive_caring: 0.5,
        }
    }
}

/// Long-term sickness absence (`[absence]`): a spell of four weeks or more off sick from a job
/// that the person keeps while it lasts (the Labour Force Survey counts them in work), from
/// which they return to work or leave it (`labour::absence_*`). Employees begin one with a
/// monthly hazard that rises with distance from work, and at once, with a set probability,
/// when their condition begins, returns or worsens. Each month of the absence they return, or
/// leave work (to unemployment or inactivity, claiming as anyone leaving work does), or stay
/// off; leaving is likelier once statutory sick pay has run out. Published figures:
/// `docs/published-figures.md`, long-term sickness absence.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AbsenceConfig {
    /// Log-odds per month that an employee at distance 0 begins a long-term sickness absence.
    /// Fitted to about 960,000 such spells a year (LFS, October 2010 to September 2013; DWP
    /// analysis reported by Employee Benefits and HR Review, February 2014).
    pub entry_intercept: f64,
    /// Added log-odds of beginning one per unit of distance from work. Set by hand; checked
    /// against the share of long-term absentees with a long-term condition (62%, same
    /// source).
    pub entry_distance: f64,
    /// Probability that an employee whose condition begins or returns this month, or whose
    /// severity rises by at least `worsening` in it, begins a long-term sickness absence at
    /// once. Set by hand; checked against one in six losing their job within a year of
    /// becoming disabled (Burchardt 2000, JRF/CASE).
    pub onset_entry: f64,
    /// A rise in severity that counts as a worsening [severity units, 0–1].
    pub worsening: f64,
    /// Log-odds of returning to work in a month of the absence, at distance 0, in its first
    /// month; added log-odds per further month (negative: the longer off, the less likely to
    /// return) and per unit of distance. Set by hand so that most absences end within a few
    /// months.
    pub return_intercept: f64,
    pub return_duration: f64,
    pub return_distance: f64,
    /// Log-odds of leaving work in a month of the absence at distance 0, and per unit of
    /// distance. The intercept is fitted to over 100,000 people a year leaving work after a
    /// long-term sickness absence (DWP, Health in the workplace, July 2019); the distance
    /// term is set by hand.
    pub exit_intercept: f64,
    pub exit_distance: f64,
    /// Months of long-term absence that statutory sick pay covers, and the added log-odds of
    /// leaving work in the months after it ends (set by hand). Sick pay lasts 28 weeks (since
    /// 1986) from the first day off; a long-term absence is counted from its fourth week, so
    /// it covers about five and a half of the absence's months: 5 (the cliff in the sixth).
    pub sick_pay_months: u32,
    pub sick_pay_end_exit: f64,
}

impl Default for AbsenceConfig {
    fn default() -> Self {
        Self {
            entry_intercept: -6.7034,
            entry_distance: 3.0,
            onset_entry: 0.25,
            worsening: 0.1,
            return_intercept: 0.4,
            return_duration: -0.15,
            return_distance: -2.0,
            exit_intercept: -3.4682,
            exit_distance: 3.0,
            sick_pay_months: 5,
            sick_pay_end_exit: 1.0,
        }
    }
}

/// Employers: their preferences in hiring, the adjustments they make, the hours of the jobs
/// they offer, the vacancies they fill, and the levers that act on them (`[employers]`; every
/// key can change at a date through `[[changes]]`). `crate::employer` holds the equations.
///
/// The calibrated hazards of finding and losing work already contain employers as they were
/// (their preferences, the adjustments they made, the hours they offered): the hiring penalty
/// is not added to them, and the terms for adjusted and part-time jobs are centred on the
/// shares drawn, so that the default world is the calibrated one. A lever moves a person's
/// hazard away from it: removing a share of the measured penalty, a wage subsidy, a quota, or
/// funding more adjustments. Every effect size of a lever is set by hand: no counterfactual
/// estimate exists for any of them in the UK (`docs/published-figures.md`, employers); expose
/// them as uncertain inputs (`{ triangular = […] }`) when a result leans on one.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmployerConfig {
    /// The measured penalty disabled applicants face in hiring [log-odds]: ln(1/0.85), a 15%
    /// relative shortfall in employer callbacks in the UK field experiment of Antinyan, Burn
    /// & Jones (2024, IZA DP 17290; about 4,000 vacancies). Nordic experiments find 45–55%.
    /// Part of the calibrated hazard, so only `attitude_change` acts on it.
    pub hiring_penalty: f64,
    /// Share of `hiring_penalty` employers stop applying [0–1] (a Disability Confident-style
    /// change of attitude that works; the scheme as it is shows no effect in the same
    /// experiment, so the baseline is 0).
    pub attitude_change: f64,
    /// Wage subsidy paid to the employer of a disabled person hired from out of work [£ a
    /// month]; 0: none.
    pub wage_subsidy: f64,
    /// Months for which each subsidised hire is paid.
    pub wage_subsidy_months: u32,
    /// Added log-odds of hiring a disabled applicant per £12,000 of subsidy over a job (£1,000 a
    /// month for 12 months; a subsidy's pull grows with its months as with its rate). Set by
    /// hand: a field experiment in Canada found that mentioning a subsidy did not raise
    /// callbacks at all (Bellemare et al. 2018, CIRANO 2018s-15).
    pub wage_subsidy_effect: f64,
    /// Share of employees at the employers it covers who must be disabled people [0–1]; 0: no
    /// quota. Germany's is 5% of *recognised severe* disability; the model's disabled share of
    /// employment (Equality Act definition) is about 16.5% in 2024 and rises with prevalence, so a
    /// quota bites only above that.
    pub quota: f64,
    /// Share of employment at the employers a quota covers (large employers) [0–1].
    pub quota_coverage: f64,
    /// Added log-odds of hiring a disabled applicant at covered employers when no quota place
    /// is filled, shrinking linearly as last month's disabled share of employment approaches
    /// the quota. Set by hand.
    pub quota_effect: f64,
    /// Share of disabled employees whose job is adjusted to their condition [0–1]: 45% have
    /// all the adjustments they need (Business Disability Forum survey 2023, about 1,500
    /// disabled employees).
    pub adjusted_share: f64,
    /// Added share of disabled employees whose adjustments Access to Work funds beyond today's
    /// [0–1] (about 75,000 payees in 2024/25, 1.4% of disabled employees; DWP Access to Work
    /// statistics to March 2025): the lever. Acts on jobs held and jobs begun.
    pub access_to_work: f64,
    /// What Access to Work pays for each person it funds [£ a year]: about £4,000 (DWP Access to
    /// Work statistics, 2024/25).
    pub access_to_work_cost: f64,
    /// Added log-odds of a disabled employee leaving their job when it is adjusted, against
    /// the average job (centred on `adjusted_share`). Set by hand: Access to Work's only
    /// evaluation is qualitative (IES 2009, DWP RR619), reporting better retention.
    pub adjusted_loss_effect: f64,
    /// Shares of jobs that are part-time, for non-disabled and for disabled workers [0–1]:
    /// about a third of disabled workers work part-time (PQ 118629, LFS Q2 2017); 21.6% of
    /// non-disabled workers (derived from the same answer: disabled people are 16.3% of
    /// part-time and 9.7% of full-time workers).
    pub part_time_share_non_disabled: f64,
    pub part_time_share_disabled: f64,
    /// Share of part-time workers who want more hours (underemployed) [0–1]. Set by hand.
    pub wants_more_hours: f64,
    /// Added log-odds of leaving a job in which one is underemployed (centred on the share
    /// drawn). Set by hand.
    pub underemployed_loss_effect: f64,
    /// Constrain hires by vacancies: each month and area, employers fill as many vacancies as
    /// the calibrated hazards alone would fill, so a hire that support, a sanction or a lever
    /// adds takes a vacancy someone else would have filled (displacement; `crate::employer`).
    pub vacancy_constrained: bool,
    /// In a vacancy-constrained world, the share of those added hires for which employers open
    /// new vacancies [0–1]: 0 is full displacement, 1 is none.
    pub new_vacancy_share: f64,
}

impl Default for EmployerConfig {
    fn default() -> Self {
        Self {
            hiring_penalty: 0.1625,
            attitude_change: 0.0,
            wage_subsidy: 0.0,
            wage_subsidy_months: 12,
            wage_subsidy_effect: 0.1,
            quota: 0.0,
            quota_coverage: 0.4,
            quota_effect: 0.5,
            adjusted_share: 0.45,
            access_to_work: 0.0,
            access_to_work_cost: 4000.0,
            adjusted_loss_effect: -0.4,
            part_time_share_non_disabled: 0.216,
            part_time_share_disabled: 0.333,
            wants_more_hours: 0.3,
            underemployed_loss_effect: 0.3,
            vacancy_constrained: false,
            new_vacancy_share: 0.0,
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
    /// Sanctions: chance a claimant under conditionality (JSA and UC searching for work, and
    /// ESA work-related activity group and UC LCW claimants while on a programme) is sanctioned
    /// in a month [probability per month];
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
    /// Yearly uprating of the benefit amounts from April 2027, beyond the last legislated year
    /// (2026-27), by the consumer price index of the September before [fraction a year]:
    /// UC's standard allowance (with the Universal Credit Act 2025's real rises to 2029-30),
    /// work allowances, JSA and PIP each April; the health and LCW elements are frozen to
    /// 2029-30 by the Act and uprated from April 2030 (`benefit::rates`). Set by hand: the
    /// Bank of England's 2% target, near which the OBR forecasts CPI from 2027.
    pub uprating_after_2026: f64,
    /// Universal Credit: rollout, migration, in-work claims, incentives.
    pub universal_credit: super::UniversalCreditConfig,
    /// PIP and DLA.
    pub pip: super::PipConfig,
    /// The reforms of 2017–2026 as switches.
    pub reforms: super::ReformConfig,
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
            uprating_after_2026: 0.02,
            universal_credit: Default::default(),
            pip: Default::default(),
            reforms: Default::default(),
        }
    }
}
