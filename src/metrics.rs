//! What is measured each month and per programme spell: counts gathered in the parallel
//! person pass (one accumulator per fixed chunk, merged in chunk order) and the metrics
//! derived from them.

use crate::person::Person;

/// Raw counts of one month in agents (not yet scaled to real people).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonthCounts {
    /// People by group: [non-disabled, disabled].
    pub people: [u64; 2],
    pub employed: [u64; 2],
    /// Unemployed and inactive people by group [non-disabled, disabled].
    pub unemployed: [u64; 2],
    pub inactive: [u64; 2],
    /// On legacy JSA and ESA.
    pub jsa: u64,
    pub esa: u64,
    pub incapacity: u64,
    /// On new-style ESA beside a UC health claim (`benefit::new_style_esa`).
    #[serde(default)]
    pub new_style_esa: u64,
    /// Qualifying for new-style JSA beside a UC claim searching for work
    /// (`benefit::new_style_jsa`), before take-up.
    #[serde(default)]
    pub new_style_jsa: u64,
    /// People on a programme at the end of the month, and of them those on two at once
    /// (`programmes[].combinable`).
    pub caseload: u64,
    #[serde(default)]
    pub caseload_on_two: u64,
    /// Programme spells begun (a person starting two programmes in a month counts twice).
    pub starts: u64,
    pub job_outcomes: u64,
    pub sustained_outcomes: u64,
    /// Payments to providers [£ per agent-scaled unit; multiply by scale for real £].
    pub spend: f64,
    pub support_hours: f64,
    /// Jobs of anyone, on a programme or not, that reached `sustained_job_months` of tenure
    /// this month, by group [non-disabled, disabled] (the yardstick of paired net impact).
    pub jobs_reaching_sustained: [u64; 2],
    /// People who took up a voluntary referral this month and started no programme (every
    /// programme they took up was full or out of money).
    #[serde(default)]
    pub turned_away: u64,
    pub flows: Flows,
    /// Long-term sickness absence this month.
    #[serde(default)]
    pub absence: AbsenceCounts,
    /// Where the month's change in each group's employment rate came from
    /// (`decomposition.csv`).
    #[serde(default)]
    pub composition: Composition,
    /// Hiring and employers this month (`crate::employer`).
    #[serde(default)]
    pub hiring: HiringCounts,
    /// Jobs by their quality at the end of the month.
    #[serde(default)]
    pub jobs: JobCounts,
    /// People on Universal Credit at the end of the month by conditionality group [searching
    /// for work, limited capability for work, limited capability for work and work-related
    /// activity] × [out of work, in work].
    #[serde(default)]
    pub uc: [[u64; 2]; 3],
    /// The benefit stocks at the end of the month.
    #[serde(default)]
    pub benefits: BenefitCounts,
    /// PIP decisions this month.
    #[serde(default)]
    pub pip: PipCounts,
}

/// PIP decisions made in a month [agents]: on new claims, and on reviews of PIP awards (not
/// the reassessment of DLA awards).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PipCounts {
    /// New claims decided, and of them those with an award.
    pub claims: u64,
    pub claim_awards: u64,
    /// Awards reviewed, and of them those kept at the same rate or raised.
    pub reviews: u64,
    pub reviews_kept: u64,
}

impl PipCounts {
    /// Records a PIP decision that took the award from `before` to `after` ([`crate::person::pip`]
    /// codes).
    pub fn record(&mut self, before: u8, after: u8) {
        use crate::person::pip;
        match before {
            pip::NONE => {
                self.claims += 1;
                self.claim_awards += (after != pip::NONE) as u64;
            }
            pip::DLA => {}
            _ => {
                self.reviews += 1;
                self.reviews_kept += (after >= before) as u64;
            }
        }
    }

    fn merge(&mut self, o: &PipCounts) {
        self.claims += o.claims;
        self.claim_awards += o.claim_awards;
        self.reviews += o.reviews;
        self.reviews_kept += o.reviews_kept;
    }
}

/// The benefit stocks at the end of the month (`World::benefit_stocks`): in-work UC claimants
/// by regime, PIP and DLA, and this month's awards [agents; £ per agent-scaled unit].
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BenefitCounts {
    /// In work on UC searching for work, earning under the administrative earnings threshold
    /// (in the claimant count).
    pub in_work_searching: u64,
    pub pip_standard: u64,
    pub pip_enhanced: u64,
    pub dla: u64,
    pub uc_spend: f64,
    pub uc_health_spend: f64,
    pub jsa_spend: f64,
    pub esa_spend: f64,
    pub incapacity_spend: f64,
    pub pip_spend: f64,
    /// On new-style JSA beside a UC claim: those who qualify times the take-up
    /// (`benefit::new_style_jsa`) [agents, fractional].
    #[serde(default)]
    pub new_style_jsa: f64,
    /// Sum over jobs of log hourly pay relative to the median [log points], by group.
    pub log_pay: [f64; 2],
}

impl BenefitCounts {
    /// The month's benefit counts and spending from the world's stocks
    /// ([`crate::benefit::slot`]), the month's counts by benefit `c`, its amounts `r`, and the
    /// take-up of new-style JSA by those who qualify (`new_style_jsa_take_up`, a share).
    pub fn from_stocks(
        x: &[i64; crate::benefit::slot::COUNT],
        c: &MonthCounts,
        r: &crate::benefit::rates::Rates,
        new_style_jsa_take_up: f64,
    ) -> Self {
        use crate::benefit::slot;
        let n = |i: usize| x[i].max(0) as u64;
        let gbp = |i: usize| x[i] as f64 / 100.0;
        let (support, no_component) = (n(slot::ESA_SUPPORT), n(slot::ESA_WRAG_NO_COMPONENT));
        let wrag = c.esa.saturating_sub(support + no_component);
        let (standard, enhanced, dla) =
            (n(slot::PIP_STANDARD), n(slot::PIP_ENHANCED), n(slot::DLA));
        Self {
            in_work_searching: n(slot::IN_WORK_SEARCHING),
            pip_standard: standard,
            pip_enhanced: enhanced,
            dla,
            uc_spend: gbp(slot::UC_PENCE),
            uc_health_spend: gbp(slot::UC_HEALTH_PENCE),
            jsa_spend: c.jsa as f64 * r.jsa,
            esa_spend: c.esa as f64 * r.jsa
                + wrag as f64 * r.esa_wrag_component
                + support as f64 * r.esa_support_component,
            // Legacy incapacity benefit at the ESA support group's rate.
            incapacity_spend: c.incapacity as f64 * (r.jsa + r.esa_support_component),
            pip_spend: (standard + dla) as f64 * r.pip[1] + enhanced as f64 * r.pip[2],
            new_style_jsa: c.new_style_jsa as f64 * new_style_jsa_take_up,
            log_pay: slot::LOG_PAY.map(|i| x[i] as f64 / 1000.0),
        }
    }

    /// Spending on the benefits this month: UC, JSA, ESA, incapacity benefit, PIP and DLA
    /// [£ per agent-scaled unit].
    pub fn spend(&self) -> f64 {
        self.uc_spend + self.jsa_spend + self.esa_spend + self.incapacity_spend + self.pip_spend
    }
}

/// The month's hiring and what the employer levers paid [agents; £ per agent-scaled unit].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HiringCounts {
    /// Would-be hires the support, sanctions and levers of the month added to those the
    /// calibrated hazards alone would make (`crate::employer`), and of all would-be hires those
    /// not taken for want of a vacancy (only in a vacancy-constrained world).
    pub added: u64,
    pub displaced: u64,
    /// Disabled people hired with a wage subsidy.
    pub subsidised: u64,
    /// Wage subsidy committed this month (each subsidised hire's months to come, less what a
    /// job that ended early will not be paid) and Access to Work paid for the adjustments it
    /// funds beyond today's.
    pub wage_subsidy_spend: f64,
    pub access_to_work_spend: f64,
}

/// Jobs at the end of the month by quality, by group [non-disabled, disabled] [agents]: kept
/// as stocks by the world (`World::jobs`), moved by the people stepped.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JobCounts {
    pub part_time: [u64; 2],
    /// Part-time and wanting more hours.
    pub underemployed: [u64; 2],
    /// Disabled employees whose job is adjusted, and of them those whose adjustment Access to
    /// Work funds beyond today's.
    pub adjusted: u64,
    pub funded: u64,
}

/// The month's moves that change each group's employment rate, person by person from the
/// start of the month to its end: into and out of work within a group, and between the groups
/// by a change of health or by age. Someone who changes group and work in the same month
/// counts as a change of group.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Composition {
    /// People in the same group at the start and the end of the month who entered work, and
    /// who left it, by group [non-disabled, disabled].
    pub entered: [u64; 2],
    pub left: [u64; 2],
    /// People who changed group through their health, [onset (non-disabled to disabled),
    /// recovery (disabled to non-disabled)] × [people, in work at the start of the month, in
    /// work at its end].
    pub moved: [[u64; 3]; 2],
    /// People who reached 65 and left, by their group at the start of the month [people, in
    /// work]; the 16-year-olds who took their places, by their group at the end of the month.
    pub aged_out: [[u64; 2]; 2],
    pub aged_in: [[u64; 2]; 2],
}

impl Composition {
    /// Records one person's month: their group (disabled) and work at its start and end, and
    /// whether they aged out (and were replaced).
    #[inline]
    pub fn record(&mut self, start: (usize, bool), end: (usize, bool), aged_out: bool) {
        let ((g0, e0), (g1, e1)) = (start, end);
        if aged_out {
            self.aged_out[g0][0] += 1;
            self.aged_out[g0][1] += e0 as u64;
            self.aged_in[g1][0] += 1;
            self.aged_in[g1][1] += e1 as u64;
        } else if g0 == g1 {
            self.entered[g0] += (!e0 && e1) as u64;
            self.left[g0] += (e0 && !e1) as u64;
        } else {
            let m = &mut self.moved[(g1 == 0) as usize];
            m[0] += 1;
            m[1] += e0 as u64;
            m[2] += e1 as u64;
        }
    }

    fn merge(&mut self, o: &Composition) {
        for g in 0..2 {
            self.entered[g] += o.entered[g];
            self.left[g] += o.left[g];
            for k in 0..3 {
                self.moved[g][k] += o.moved[g][k];
            }
            for k in 0..2 {
                self.aged_out[g][k] += o.aged_out[g][k];
                self.aged_in[g][k] += o.aged_in[g][k];
            }
        }
    }
}

/// Long-term sickness absences, by group [non-disabled, disabled] (the group at the time of
/// the event; for the stock, at the end of the month) [agents].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AbsenceCounts {
    /// On a long-term sickness absence at the end of the month.
    pub people: [u64; 2],
    /// Absences begun this month, and of them by people with a long-term condition.
    pub starts: [u64; 2],
    pub starts_with_condition: u64,
    /// Absences ended by a return to work.
    pub returns: [u64; 2],
    /// Absences ended by leaving work, and of those leavers the ones who became inactive and
    /// the ones who claimed a health-related benefit.
    pub exits: [u64; 2],
    pub exits_inactive: u64,
    pub exits_health_benefit: u64,
    /// Everyone who left work this month and claimed a health-related benefit (ESA or
    /// incapacity benefit), from an absence or not.
    #[serde(default)]
    pub work_to_health_benefit: u64,
}

impl AbsenceCounts {
    fn merge(&mut self, o: &AbsenceCounts) {
        for g in 0..2 {
            self.people[g] += o.people[g];
            self.starts[g] += o.starts[g];
            self.returns[g] += o.returns[g];
            self.exits[g] += o.exits[g];
        }
        self.starts_with_condition += o.starts_with_condition;
        self.exits_inactive += o.exits_inactive;
        self.exits_health_benefit += o.exits_health_benefit;
        self.work_to_health_benefit += o.work_to_health_benefit;
    }
}

/// One area's month: its people and employed at the end of the month by group
/// [non-disabled, disabled], and the programme starts and payments made there [agents; £ per
/// agent-scaled unit]. Kept only for worlds of more than one area.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AreaMonth {
    pub people: [u64; 2],
    pub employed: [u64; 2],
    pub starts: u64,
    pub spend: f64,
}

/// Moves into and out of work this month (`docs/published-figures.md`, flows into and out of work).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Flows {
    /// In work at the start of the month, by group [non-disabled, disabled].
    pub employed: [u64; 2],
    /// Of those, left work this month.
    pub left: [u64; 2],
    /// Disabled people out of work at the start of the month: [out 12 months or less, longer].
    pub out: [u64; 2],
    /// Of those, entered work this month.
    pub entered: [u64; 2],
}

impl MonthCounts {
    /// Public money spent this month: programme payments and what the employer levers cost
    /// (wage subsidies committed, Access to Work) [£ per agent-scaled unit].
    pub fn public_spend(&self) -> f64 {
        self.spend + self.hiring.wage_subsidy_spend + self.hiring.access_to_work_spend
    }

    pub fn merge(&mut self, o: &MonthCounts) {
        self.pip.merge(&o.pip);
        for g in 0..2 {
            self.people[g] += o.people[g];
            self.employed[g] += o.employed[g];
            self.unemployed[g] += o.unemployed[g];
            self.inactive[g] += o.inactive[g];
            self.jobs_reaching_sustained[g] += o.jobs_reaching_sustained[g];
            self.flows.employed[g] += o.flows.employed[g];
            self.flows.left[g] += o.flows.left[g];
            self.flows.out[g] += o.flows.out[g];
            self.flows.entered[g] += o.flows.entered[g];
        }
        self.jsa += o.jsa;
        self.esa += o.esa;
        self.new_style_esa += o.new_style_esa;
        self.new_style_jsa += o.new_style_jsa;
        self.incapacity += o.incapacity;
        for (a, b) in self.uc.iter_mut().zip(&o.uc) {
            a[0] += b[0];
            a[1] += b[1];
        }
        self.caseload += o.caseload;
        self.caseload_on_two += o.caseload_on_two;
        self.starts += o.starts;
        self.job_outcomes += o.job_outcomes;
        self.sustained_outcomes += o.sustained_outcomes;
        self.spend += o.spend;
        self.support_hours += o.support_hours;
        self.turned_away += o.turned_away;
        self.composition.merge(&o.composition);
        self.absence.merge(&o.absence);
        let (h, oh) = (&mut self.hiring, &o.hiring);
        h.added += oh.added;
        h.displaced += oh.displaced;
        h.subsidised += oh.subsidised;
        h.wage_subsidy_spend += oh.wage_subsidy_spend;
        h.access_to_work_spend += oh.access_to_work_spend;
    }
}

/// Names of the monthly metrics, in output column order. Each is documented in the README.
pub const METRIC_NAMES: [&str; 68] = [
    "gap_pp",
    "employment_rate_disabled",
    "employment_rate_non_disabled",
    "disability_prevalence",
    "unemployment_rate",
    "programme_starts",
    "programme_caseload",
    "job_outcomes",
    "sustained_outcomes",
    "spend_gbp",
    "support_hours",
    "jsa_claimants",
    "esa_claimants",
    "incapacity_claimants",
    "jobs_reaching_sustained",
    "entry_rate_disabled_recent",
    "entry_rate_disabled_long",
    "exit_rate_disabled",
    "exit_rate_non_disabled",
    "referrals_turned_away",
    "unemployment_rate_disabled",
    "unemployment_rate_non_disabled",
    "inactivity_rate_disabled",
    "inactivity_rate_non_disabled",
    "programme_caseload_on_two",
    "ltsa_disabled",
    "ltsa_non_disabled",
    "ltsa_starts",
    "ltsa_starts_condition_share",
    "ltsa_returns",
    "ltsa_exits",
    "ltsa_exit_rate_disabled",
    "ltsa_exit_rate_non_disabled",
    "ltsa_exits_inactive_share",
    "ltsa_exits_health_benefit_share",
    "work_to_health_benefit",
    "part_time_share_disabled",
    "part_time_share_non_disabled",
    "underemployed_share_disabled",
    "underemployed_share_non_disabled",
    "adjusted_share_disabled",
    "hires_added",
    "hires_displaced",
    "wage_subsidy_hires",
    "employer_spend_gbp",
    "uc_claimants",
    "uc_searching",
    "uc_working",
    "uc_preparing_for_work",
    "uc_no_work_requirements",
    "uc_health",
    "claimant_count",
    "health_benefit_caseload",
    "pip_claimants",
    "dla_claimants",
    "uc_spend_gbp",
    "uc_health_element_spend_gbp",
    "jsa_spend_gbp",
    "esa_spend_gbp",
    "pip_spend_gbp",
    "benefit_spend_gbp",
    "disability_pay_gap",
    "new_style_esa_claimants",
    "pip_new_claims",
    "pip_new_claim_awards",
    "pip_reviews",
    "pip_reviews_kept",
    "new_style_jsa_claimants",
];

/// Index of `gap_pp` etc. in [`METRIC_NAMES`].
pub mod idx {
    pub const GAP: usize = 0;
    pub const RATE_DISABLED: usize = 1;
    pub const RATE_NON_DISABLED: usize = 2;
    pub const PREVALENCE: usize = 3;
    pub const SPEND: usize = 9;
    pub const JSA_CLAIMANTS: usize = 11;
    pub const ESA_CLAIMANTS: usize = 12;
    pub const JOB_OUTCOMES: usize = 7;
    pub const SUSTAINED_OUTCOMES: usize = 8;
    pub const JOBS_REACHING_SUSTAINED: usize = 14;
    pub const ENTRY_RECENT: usize = 15;
    pub const ENTRY_LONG: usize = 16;
    pub const EXIT_DISABLED: usize = 17;
    pub const EXIT_NON_DISABLED: usize = 18;
    pub const TURNED_AWAY: usize = 19;
    pub const UNEMPLOYMENT_DISABLED: usize = 20;
    pub const UNEMPLOYMENT_NON_DISABLED: usize = 21;
    pub const INACTIVITY_DISABLED: usize = 22;
    pub const INACTIVITY_NON_DISABLED: usize = 23;
    pub const LTSA_DISABLED: usize = 25;
    pub const LTSA_NON_DISABLED: usize = 26;
    pub const LTSA_STARTS: usize = 27;
    pub const LTSA_STARTS_CONDITION: usize = 28;
    pub const LTSA_RETURNS: usize = 29;
    pub const LTSA_EXITS: usize = 30;
    pub const LTSA_EXIT_RATE_DISABLED: usize = 31;
    pub const LTSA_EXIT_RATE_NON_DISABLED: usize = 32;
    pub const WORK_TO_HEALTH_BENEFIT: usize = 35;
    pub const HIRES_ADDED: usize = 40;
    pub const HIRES_DISPLACED: usize = 41;
    pub const EMPLOYER_SPEND: usize = 44;
    pub const UC_CLAIMANTS: usize = 45;
    pub const UC_SEARCHING: usize = 46;
    pub const UC_NO_WORK_REQUIREMENTS: usize = 49;
    pub const UC_HEALTH: usize = 50;
    pub const CLAIMANT_COUNT: usize = 51;
    pub const HEALTH_BENEFIT_CASELOAD: usize = 52;
    pub const PIP_CLAIMANTS: usize = 53;
    pub const DLA_CLAIMANTS: usize = 54;
    pub const BENEFIT_SPEND: usize = 60;
    pub const PAY_GAP: usize = 61;
    pub const NEW_STYLE_ESA: usize = 62;
    pub const PIP_NEW_CLAIMS: usize = 63;
    pub const PIP_NEW_CLAIM_AWARDS: usize = 64;
    pub const PIP_REVIEWS: usize = 65;
    pub const PIP_REVIEWS_KEPT: usize = 66;
    pub const NEW_STYLE_JSA: usize = 67;
}

/// Percent, or 0 for an empty group (documented in the README: a population without disabled
/// people has an employment rate of disabled people of 0, never NaN).
fn percent(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        100.0 * num as f64 / den as f64
    }
}

/// The metrics of one month, in real people and £ (counts × scale).
pub fn metrics(c: &MonthCounts, scale: f64) -> [f64; METRIC_NAMES.len()] {
    let a = &c.absence;
    let exits = a.exits[0] + a.exits[1];
    let (uc, b) = (&c.uc, &c.benefits);
    // The claimant count's UC part: searching for work out of work, and in work under the
    // administrative earnings threshold.
    let uc_searching = uc[0][0] + b.in_work_searching;
    let uc_health = uc[1][0] + uc[1][1] + uc[2][0] + uc[2][1];
    // The disability pay gap of geometric mean hourly pay, in percent of non-disabled pay.
    let pay_gap = if c.employed[0] == 0 || c.employed[1] == 0 {
        0.0
    } else {
        let mean = |g: usize| b.log_pay[g] / c.employed[g] as f64;
        100.0 * (1.0 - (mean(1) - mean(0)).exp())
    };
    let rate_d = percent(c.employed[1], c.people[1]);
    let rate_n = percent(c.employed[0], c.people[0]);
    let employed = c.employed[0] + c.employed[1];
    let unemployed = c.unemployed[0] + c.unemployed[1];
    // No gap can be measured when either group is empty: 0, not the other group's rate.
    let gap = if c.people[0] == 0 || c.people[1] == 0 {
        0.0
    } else {
        rate_n - rate_d
    };
    [
        gap,
        rate_d,
        rate_n,
        percent(c.people[1], c.people[0] + c.people[1]),
        percent(unemployed, unemployed + employed),
        c.starts as f64 * scale,
        c.caseload as f64 * scale,
        c.job_outcomes as f64 * scale,
        c.sustained_outcomes as f64 * scale,
        c.spend * scale,
        c.support_hours * scale,
        (c.jsa as f64 + b.new_style_jsa) * scale,
        (c.esa + c.new_style_esa) as f64 * scale,
        c.incapacity as f64 * scale,
        (c.jobs_reaching_sustained[0] + c.jobs_reaching_sustained[1]) as f64 * scale,
        percent(c.flows.entered[0], c.flows.out[0]),
        percent(c.flows.entered[1], c.flows.out[1]),
        percent(c.flows.left[1], c.flows.employed[1]),
        percent(c.flows.left[0], c.flows.employed[0]),
        c.turned_away as f64 * scale,
        percent(c.unemployed[1], c.unemployed[1] + c.employed[1]),
        percent(c.unemployed[0], c.unemployed[0] + c.employed[0]),
        percent(c.inactive[1], c.people[1]),
        percent(c.inactive[0], c.people[0]),
        c.caseload_on_two as f64 * scale,
        a.people[1] as f64 * scale,
        a.people[0] as f64 * scale,
        (a.starts[0] + a.starts[1]) as f64 * scale,
        percent(a.starts_with_condition, a.starts[0] + a.starts[1]),
        (a.returns[0] + a.returns[1]) as f64 * scale,
        exits as f64 * scale,
        percent(a.exits[1], a.people[1] + a.returns[1] + a.exits[1]),
        percent(a.exits[0], a.people[0] + a.returns[0] + a.exits[0]),
        percent(a.exits_inactive, exits),
        percent(a.exits_health_benefit, exits),
        a.work_to_health_benefit as f64 * scale,
        percent(c.jobs.part_time[1], c.employed[1]),
        percent(c.jobs.part_time[0], c.employed[0]),
        percent(c.jobs.underemployed[1], c.employed[1]),
        percent(c.jobs.underemployed[0], c.employed[0]),
        percent(c.jobs.adjusted, c.employed[1]),
        c.hiring.added as f64 * scale,
        c.hiring.displaced as f64 * scale,
        c.hiring.subsidised as f64 * scale,
        (c.hiring.wage_subsidy_spend + c.hiring.access_to_work_spend) * scale,
        uc.iter().map(|r| r[0] + r[1]).sum::<u64>() as f64 * scale,
        uc_searching as f64 * scale,
        (uc[0][1] - b.in_work_searching.min(uc[0][1])) as f64 * scale,
        (uc[1][0] + uc[1][1]) as f64 * scale,
        (uc[2][0] + uc[2][1]) as f64 * scale,
        uc_health as f64 * scale,
        (c.jsa + uc_searching) as f64 * scale,
        (c.esa + c.incapacity + uc_health) as f64 * scale,
        (b.pip_standard + b.pip_enhanced) as f64 * scale,
        b.dla as f64 * scale,
        b.uc_spend * scale,
        b.uc_health_spend * scale,
        b.jsa_spend * scale,
        (b.esa_spend + b.incapacity_spend) * scale,
        b.pip_spend * scale,
        b.spend() * scale,
        pay_gap,
        c.new_style_esa as f64 * scale,
        c.pip.claims as f64 * scale,
        c.pip.claim_awards as f64 * scale,
        c.pip.reviews as f64 * scale,
        c.pip.reviews_kept as f64 * scale,
        b.new_style_jsa * scale,
    ]
}

/// One completed (or, at the end of the run, ongoing) programme spell.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Participation {
    /// The person's index (their slot in the population).
    pub person: u32,
    /// Model month the spell began.
    pub start: i16,
    pub programme: u8,
    pub provider: u8,
    pub group: u8,
    /// Distance from work as the provider assessed it at referral [0–1].
    pub assessed_distance: f32,
    /// True distance from work at referral [0–1].
    pub true_distance: f32,
    /// Support hours received over the spell.
    pub hours: f32,
    /// Months attached, including in-work months after the programme's duration.
    pub months: u16,
    pub job_outcome: bool,
    pub sustained: bool,
}

impl Participation {
    pub fn mean_hours(&self) -> f64 {
        self.hours as f64 / self.months.max(1) as f64
    }
}

/// Payments and hours per (programme, provider, payment group) cell over a run [agent units].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CellTotals {
    /// Paid, after any budget cap (what went unpaid is in `ProviderState::unpaid`).
    pub payments: f64,
    pub hours: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_decisions_are_counted_as_claims_or_reviews_and_dla_reassessments_as_neither() {
        use crate::person::pip::{DLA, ENHANCED, NONE, STANDARD};
        let mut c = MonthCounts::default();
        for (before, after) in [
            (NONE, NONE),
            (NONE, STANDARD),
            (NONE, ENHANCED),
            (STANDARD, NONE),
            (STANDARD, STANDARD),
            (STANDARD, ENHANCED),
            (ENHANCED, STANDARD),
            (ENHANCED, ENHANCED),
            (DLA, STANDARD),
            (DLA, NONE),
        ] {
            c.pip.record(before, after);
        }
        let m = metrics(&c, 2.0);
        assert_eq!(m[idx::PIP_NEW_CLAIMS], 6.0);
        assert_eq!(m[idx::PIP_NEW_CLAIM_AWARDS], 4.0);
        // A review keeps an award at its rate or raises it; a cut or an end is not kept.
        assert_eq!(m[idx::PIP_REVIEWS], 10.0);
        assert_eq!(m[idx::PIP_REVIEWS_KEPT], 6.0);
        let mut merged = MonthCounts::default();
        merged.merge(&c);
        merged.merge(&c);
        assert_eq!(merged.pip.reviews_kept, 6);
    }

    #[test]
    fn empty_groups_give_zero_rates_and_no_gap() {
        let c = MonthCounts {
            people: [100, 0],
            employed: [70, 0],
            ..MonthCounts::default()
        };
        let m = metrics(&c, 10.0);
        assert_eq!(m[idx::GAP], 0.0);
        assert_eq!(m[idx::RATE_DISABLED], 0.0);
        assert_eq!(m[idx::RATE_NON_DISABLED], 70.0);
        let empty = metrics(&MonthCounts::default(), 10.0);
        assert!(empty.iter().all(|v| *v == 0.0));
        let both = MonthCounts {
            people: [100, 50],
            employed: [70, 20],
            ..MonthCounts::default()
        };
        assert_eq!(metrics(&both, 1.0)[idx::GAP], 30.0);
    }
}

/// The kinds of group `groups.csv` breaks results down by, with their groups' names; a
/// person belongs to one group of each kind ([`group_of`]). Areas are added per scenario.
pub const GROUP_KINDS: [(&str, &[&str]); 4] = [
    (
        "condition",
        &[
            "none",
            "mental",
            "musculoskeletal",
            "other_physical",
            "learning",
            "multiple",
        ],
    ),
    // Severity of the main condition: none (no condition), mild below 1/3, moderate below
    // 2/3, severe above.
    ("severity", &["none", "mild", "moderate", "severe"]),
    ("age", &["16-24", "25-49", "50-64"]),
    (
        "benefit",
        &[
            "none",
            "jsa",
            "esa_wrag",
            "esa_support",
            "incapacity",
            "uc_searching",
            "uc_lcw",
            "uc_lcwra",
        ],
    ),
];

/// Person `p`'s group of kind `kind` (an index of [`GROUP_KINDS`], then 4 for the area) in
/// month `t`.
pub fn group_of(p: &Person, kind: usize, t: i32) -> usize {
    match kind {
        0 => p.condition as usize,
        1 => {
            if p.condition == crate::person::Condition::None {
                0
            } else {
                1 + ((p.severity() * 3.0) as usize).min(2)
            }
        }
        2 => match p.age_months(t) / 12 {
            ..25 => 0,
            25..50 => 1,
            _ => 2,
        },
        3 => p.benefit as usize,
        _ => p.area as usize,
    }
}

/// Counts of every group of every kind in one month: `[kind][group]`, each cell
/// `[disabled][status]` people plus those on a programme [agents]. Taken each December and
/// in the run's last month (`World::step`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupCensus {
    /// Model month.
    pub month: i32,
    pub cells: Vec<Vec<GroupCell>>,
}

/// One group's people in a month [agents].
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupCell {
    /// `[non-disabled, disabled][employed, unemployed, inactive]`.
    pub status: [[u64; 3]; 2],
    pub on_programme: u64,
}

impl GroupCensus {
    /// Counts `people` at the end of month `t`, in a world of `areas` areas.
    ///
    /// One pass, two counts a person: into the joint cell of their condition, severity band,
    /// age band and benefit (360 cells), and into their area's; each kind's groups are then
    /// the joint cells' sums (measured: counting each kind separately cost a tenth of a whole
    /// run).
    pub fn take(people: &[Person], health: &crate::health::Health, t: i32, areas: usize) -> Self {
        use rayon::prelude::*;
        // Slots of a counted cell: [disabled][status] then on a programme.
        const SLOTS: usize = 7;
        let sizes: Vec<usize> = GROUP_KINDS.iter().map(|(_, g)| g.len()).collect();
        let joint_cells: usize = sizes.iter().product();
        let joint_of = |p: &Person| -> usize {
            (0..GROUP_KINDS.len()).fold(0, |key, kind| key * sizes[kind] + group_of(p, kind, t))
        };
        let empty = || vec![0u64; (joint_cells + areas) * SLOTS];
        let counts = people
            .par_chunks(crate::population::CHUNK)
            .fold(empty, |mut c, ps| {
                for p in ps {
                    let slot = health.disabled(p) as usize * 3 + p.status as usize;
                    let on = p.on_programme() as u64;
                    for cell in [joint_of(p), joint_cells + p.area as usize] {
                        c[cell * SLOTS + slot] += 1;
                        c[cell * SLOTS + 6] += on;
                    }
                }
                c
            })
            // Whole-number sums: the same on any thread count.
            .reduce(empty, |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            });
        let cell_of = |i: usize| -> GroupCell {
            let c = &counts[i * SLOTS..(i + 1) * SLOTS];
            GroupCell {
                status: [[c[0], c[1], c[2]], [c[3], c[4], c[5]]],
                on_programme: c[6],
            }
        };
        let add = |into: &mut GroupCell, c: &GroupCell| {
            for d in 0..2 {
                for s in 0..3 {
                    into.status[d][s] += c.status[d][s];
                }
            }
            into.on_programme += c.on_programme;
        };
        let mut cells: Vec<Vec<GroupCell>> = sizes
            .iter()
            .map(|&n| vec![GroupCell::default(); n])
            .collect();
        for key in 0..joint_cells {
            let c = cell_of(key);
            // The joint key's digits, last kind first.
            let mut rest = key;
            for kind in (0..sizes.len()).rev() {
                add(&mut cells[kind][rest % sizes[kind]], &c);
                rest /= sizes[kind];
            }
        }
        cells.push((0..areas).map(|a| cell_of(joint_cells + a)).collect());
        Self { month: t, cells }
    }
}

/// The parts of the change in the gap ([`DECOMPOSITION_PARTS`]) over months `from` (exclusive)
/// to `to` (inclusive) of one replication's counts, in percentage points, summed month by
/// month. Each month, for each group with `E0` of `N0` in work at its start and `N1` people at
/// its end, the change in the employment rate `r1 − r0` is exactly `(entered − left) / N1`
/// plus, for each kind of move between groups (onset, recovery, ageing), `(E_in − r0·N_in −
/// E_out + r0·N_out) / N1`: people arriving with a higher employment rate than the group's
/// raise it, people leaving with one lower it. The gap's parts are the non-disabled group's
/// minus the disabled group's, so they add up to the change in `gap_pp` exactly (tested); a
/// month that begins or ends with either group empty counts whole in the last part.
///
/// # Panics
/// If `to` is not a month of `months` or `from > to`.
pub fn gap_decomposition(months: &[MonthCounts], from: usize, to: usize) -> [f64; 7] {
    assert!(from <= to && to < months.len());
    let mut parts = [0.0; 7];
    for t in from + 1..=to {
        let (before, now) = (&months[t - 1], &months[t]);
        // No gap can be measured in a month that ends or begins with a group empty (`gap_pp`
        // is 0 then): the whole change is that, not a move of anyone's.
        if before.people.contains(&0) || now.people.contains(&0) {
            let change = metrics(now, 1.0)[idx::GAP] - metrics(before, 1.0)[idx::GAP];
            parts[0] += change;
            parts[6] += change;
            continue;
        }
        let c = &now.composition;
        for g in 0..2 {
            let n0 = before.people[g] as f64;
            let n1 = now.people[g] as f64;
            let r0 = before.employed[g] as f64 / n0;
            // What a move brings into the group and takes out of it, each as (people, in
            // work): those arriving count in work at the month's end, those leaving at its
            // start.
            let moves = |into: [u64; 2], out: [u64; 2]| {
                (into[1] as f64 - r0 * into[0] as f64 - out[1] as f64 + r0 * out[0] as f64) / n1
            };
            let arriving = |m: [u64; 3]| [m[0], m[2]];
            let leaving = |m: [u64; 3]| [m[0], m[1]];
            let (onset, recovery) = (c.moved[0], c.moved[1]);
            // Onset moves people from the non-disabled group into the disabled one; recovery
            // the other way.
            let (by_onset, by_recovery) = if g == 1 {
                (
                    moves(arriving(onset), [0, 0]),
                    moves([0, 0], leaving(recovery)),
                )
            } else {
                (
                    moves([0, 0], leaving(onset)),
                    moves(arriving(recovery), [0, 0]),
                )
            };
            // The gap is the non-disabled rate minus the disabled rate.
            let sign = if g == 0 { 100.0 } else { -100.0 };
            let own = [
                now.employed[g] as f64 / n1 - r0,
                c.entered[g] as f64 / n1,
                -(c.left[g] as f64) / n1,
                by_onset,
                by_recovery,
                moves(c.aged_in[g], c.aged_out[g]),
            ];
            for (p, v) in parts.iter_mut().zip(own) {
                *p += sign * v;
            }
        }
    }
    parts
}

/// The parts of [`gap_decomposition`], in its order: the change in the gap, then what
/// moves into work, moves out of work, onset, recovery and ageing contributed to it, and the
/// change over months in which either group was empty at the start or the end (`gap_pp` is 0
/// while no gap can be measured) [pp].
pub const DECOMPOSITION_PARTS: [&str; 7] = [
    "gap_change_pp",
    "job_entry_pp",
    "job_exit_pp",
    "onset_pp",
    "recovery_pp",
    "ageing_pp",
    "no_gap_measured_pp",
];
