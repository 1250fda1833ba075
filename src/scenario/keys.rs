//! One definition per numeric scenario key: its unit, valid range and provenance, stated once
//! in [`KEYS`]. The validator checks every value against this table (so a range cannot drift
//! from its check), `gapsim validate --ranges` lists it, `docs/parameters.md` and the range
//! comments of `scenarios/example.toml` are generated from it, and tests fail when the table,
//! the scenario structs, the example file or the docs disagree (`tests/it/keys.rs`).
//!
//! Defaults are stated once too, in the `Default` implementations of the scenario structs (and
//! serde's default functions); the docs read them from there. The field docs of the structs
//! describe what a key means.
//!
//! A key pattern is the key path with every list index written `[]` and every name in a table
//! of names written `*`: `programmes[].providers[].share`, `health.conditions.*.recovery`.

use std::fmt;

/// A key's valid range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// `lo ≤ v ≤ hi`.
    Closed { lo: f64, hi: f64 },
    /// A probability (or share) in [0, 1].
    Probability,
    /// A non-negative amount of money, at most [`super::MAX_MONEY`].
    Money,
    /// `0 < v ≤ hi`.
    AboveZero { hi: f64 },
    /// A whole number in `[lo, hi]`.
    Whole { lo: u64, hi: u64 },
}

impl Range {
    /// Lowest and highest value, whether the lowest is excluded, and whether only whole
    /// numbers are allowed.
    pub fn bounds(self) -> (f64, f64, bool, bool) {
        match self {
            Range::Closed { lo, hi } => (lo, hi, false, false),
            Range::Probability => (0.0, 1.0, false, false),
            Range::Money => (0.0, super::MAX_MONEY, false, false),
            Range::AboveZero { hi } => (0.0, hi, true, false),
            Range::Whole { lo, hi } => (lo as f64, hi as f64, false, true),
        }
    }

    /// Whether `v` is in range (NaN and infinity never are).
    pub fn admits(self, v: f64) -> bool {
        let (lo, hi, open, whole) = self.bounds();
        v.is_finite() && (v > lo || (!open && v == lo)) && v <= hi && (!whole || v.fract() == 0.0)
    }

    /// Whether the whole number `v` is in range, compared exactly (no rounding through `f64`,
    /// which cannot tell 2⁶³ − 1 from 2⁶³).
    pub fn admits_whole(self, v: u64) -> bool {
        match self {
            Range::Whole { lo, hi } => (lo..=hi).contains(&v),
            other => other.admits(v as f64),
        }
    }

    /// What the validator says was expected, given the value it got.
    pub fn expected(self, got: f64) -> String {
        self.expected_shown(&shown(got))
    }

    /// As [`Self::expected`], with the value as already written (a whole number exactly).
    pub fn expected_shown(self, got: &str) -> String {
        match self {
            Range::Closed { lo, hi } => format!("expected a number in [{lo}, {hi}], got {got}"),
            Range::Probability => format!("expected a probability in [0, 1], got {got}"),
            Range::Money => format!(
                "expected a non-negative amount of money in £, at most {:e}, got {got}",
                super::MAX_MONEY
            ),
            Range::AboveZero { hi } => {
                format!("expected a number above 0 and at most {hi}, got {got}")
            }
            Range::Whole { lo, hi } => {
                format!("expected a whole number in [{lo}, {hi}], got {got}")
            }
        }
    }
}

impl fmt::Display for Range {
    /// `[0, 1]`, `(0, 200]`, `whole number in [1, 1200]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Range::Whole { lo, hi } = *self {
            // Exactly: `f64` cannot write 2⁶³ − 1.
            return write!(f, "whole number in [{lo}, {hi}]");
        }
        let (lo, hi, open, whole) = self.bounds();
        let open = if open { '(' } else { '[' };
        if whole {
            write!(f, "whole number in {open}{lo}, {hi}]")
        } else {
            write!(f, "{open}{lo}, {hi}]")
        }
    }
}

/// A value in a message: as written for ordinary numbers, in scientific notation for the very
/// small and very large (a denormal printed in full runs to 330 digits).
fn shown(v: f64) -> String {
    if v != 0.0 && v.is_finite() && (v.abs() < 1e-4 || v.abs() >= 1e16) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Where a key's bundled value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// Fitted to the published figures of the calibration (`examples/calibrate.rs`); the text
    /// says which values.
    Fitted(&'static str),
    /// Taken from a cited published source.
    Source(&'static str),
    /// Set by hand (a judgement from the evidence or a stylised value), not calibrated.
    Hand,
    /// A choice the scenario makes (its policy, size or outputs), not a model parameter.
    Choice,
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::Fitted(what) => write!(f, "fitted: {what}"),
            Provenance::Source(src) => write!(f, "source: {src}"),
            Provenance::Hand => f.write_str("set by hand"),
            Provenance::Choice => f.write_str("scenario choice"),
        }
    }
}

/// One numeric key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyDef {
    /// Key pattern (see the module docs).
    pub key: &'static str,
    pub unit: &'static str,
    pub range: Range,
    pub provenance: Provenance,
}

const fn key(
    key: &'static str,
    unit: &'static str,
    range: Range,
    provenance: Provenance,
) -> KeyDef {
    KeyDef {
        key,
        unit,
        range,
        provenance,
    }
}

/// The definition of the key at `path` (a concrete path such as
/// `programmes[0].providers[1].share`), if it is a numeric key.
pub fn lookup(path: &str) -> Option<&'static KeyDef> {
    let concrete = pattern_of(path);
    KEYS.iter().find(|k| matches(k.key, &concrete))
}

/// `path` with every list index written `[]`.
fn pattern_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Whether a key pattern matches an index-free path (`*` matches one name).
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('.'), path.split('.'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b || (a == "*" && !b.contains('[')) => {}
            _ => return false,
        }
    }
}

/// Every numeric scenario key, in the order of the scenario file: key pattern, unit, valid
/// range, provenance; one line each.
#[rustfmt::skip]
pub static KEYS: &[KeyDef] = {
    use Provenance::*;
    use Range::*;
    &[
        key("months", "months", Whole { lo: 1, hi: 1200 }, Choice),
        key("seed", "seed", Whole { lo: 0, hi: 9223372036854775807 }, Choice),
        key("replications", "replications", Whole { lo: 1, hi: 10000 }, Choice),
        key("population.n_people", "agents", Whole { lo: 1, hi: 100000000 }, Choice),
        key("population.scale", "people per agent", Closed { lo: 0.001, hi: 100000000.0 }, Choice),
        key("population.start_employment_rate_disabled", "share", Closed { lo: 0.01, hi: 0.99 }, Source("LFS Q2 2013, docs/published-figures.md")),
        key("population.start_employment_rate_non_disabled", "share", Closed { lo: 0.01, hi: 0.99 }, Source("LFS Q2 2013, docs/published-figures.md")),
        key("areas[].share", "share", Probability, Choice),
        key("areas[].demand[].index", "demand index (0 normal, +1 very tight, -1 deep recession)", Closed { lo: -3.0, hi: 3.0 }, Fitted("the baseline's 2016, 2019, 2020, 2021, 2022 and 2024 points; other points and scenarios set by hand")),
        key("health.disability_threshold", "severity", Probability, Hand),
        key("health.prevalence_at_16", "share", Probability, Hand),
        key("health.prevalence_at_64", "share", Probability, Hand),
        key("health.onset_at_16", "probability per month", Probability, Hand),
        key("health.onset_at_64", "probability per month", Probability, Hand),
        key("health.workless_mental_onset_factor", "multiplier", Closed { lo: 0.0, hi: 20.0 }, Hand),
        key("health.relapse", "probability per month", Probability, Hand),
        key("health.severity_change_rate", "probability per month", Probability, Hand),
        key("health.severity_change_sd", "severity units", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("health.in_work_mental_drift", "severity units", Closed { lo: -1.0, hi: 1.0 }, Hand),
        key("health.workless_mental_drift", "severity units", Closed { lo: -1.0, hi: 1.0 }, Hand),
        key("health.physical_drift", "severity units", Closed { lo: -1.0, hi: 1.0 }, Hand),
        key("health.conditions.*.prevalence_share", "share", Probability, Hand),
        key("health.conditions.*.onset_share", "share", Probability, Hand),
        key("health.conditions.*.severity[]", "Beta shape parameter", AboveZero { hi: 1000.0 }, Hand),
        key("health.conditions.*.recovery", "probability per month", Probability, Hand),
        key("health.conditions.*.distance_weight", "distance per unit of severity", Probability, Hand),
        key("health.conditions.*.onset_trend_per_year", "growth per year", Closed { lo: -0.5, hi: 0.5 }, Fitted("mental health; the other conditions set by hand")),
        key("barriers.*.mean", "barrier level", Probability, Hand),
        key("barriers.*.sd", "barrier level", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("barriers.*.health_loading", "barrier level per unit of severity", Closed { lo: -1.0, hi: 1.0 }, Hand),
        key("barriers.*.distance_weight", "distance per unit of barrier", Probability, Hand),
        key("barriers.common_sd", "barrier level", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("readiness.confidence_correlation", "correlation", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("readiness.take_up_effect", "lean of take-up", Probability, Hand),
        key("barriers.long_workless_worsening", "probability per month", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("barriers.in_work_easing", "probability per month", Probability, Hand),
        key("barriers.worsening_step", "barrier level", Probability, Hand),
        key("labour.find_intercept", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.find_distance", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.find_duration", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.find_demand", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.find_isolation", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.find_readiness", "log-odds per standard deviation", Closed { lo: -5.0, hi: 5.0 }, Hand),
        key("labour.find_inactive", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.find_young", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.find_old", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.loss_intercept", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.loss_distance", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.loss_new_job", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.loss_demand", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.loss_match", "log-odds per standard deviation", Closed { lo: -5.0, hi: 5.0 }, Hand),
        key("labour.loss_old", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.loss_young", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.exit_inactive_intercept", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.exit_inactive_distance", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.u_to_i_intercept", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.u_to_i_distance", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.u_to_i_duration", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.i_to_u_intercept", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.i_to_u_distance", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("labour.inactive_study", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.inactive_retirement", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs")),
        key("labour.inactive_caring", "log-odds per unit of the caring barrier", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.entry_intercept", "log-odds per month", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs, to about 960,000 long-term sickness absences a year")),
        key("absence.entry_distance", "log-odds per unit of distance", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.onset_entry", "probability", Probability, Hand),
        key("absence.worsening", "severity units", AboveZero { hi: 1.0 }, Hand),
        key("absence.return_intercept", "log-odds per month", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.return_duration", "log-odds per month of absence", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.return_distance", "log-odds per unit of distance", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.exit_intercept", "log-odds per month", Closed { lo: -20.0, hi: 20.0 }, Fitted("baseline, by examples/calibrate.rs, to over 100,000 people a year leaving work after a long-term sickness absence")),
        key("absence.exit_distance", "log-odds per unit of distance", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("absence.sick_pay_months", "months", Whole { lo: 1, hi: 60 }, Source("statutory sick pay: 28 weeks since 1986, from the first day off; the absence is counted from its fourth week")),
        key("absence.sick_pay_end_exit", "log-odds", Closed { lo: -20.0, hi: 20.0 }, Hand),
        key("employers.hiring_penalty", "log-odds", Closed { lo: 0.0, hi: 5.0 }, Source("ln(1/0.85): 15% fewer callbacks for disabled applicants, Antinyan, Burn & Jones 2024 (IZA DP 17290)")),
        key("employers.attitude_change", "share of the hiring penalty", Probability, Choice),
        key("employers.wage_subsidy", "£ a month", Money, Choice),
        key("employers.wage_subsidy_months", "months", Whole { lo: 1, hi: 120 }, Choice),
        key("employers.wage_subsidy_effect", "log-odds per £12,000 of subsidy", Closed { lo: 0.0, hi: 5.0 }, Hand),
        key("employers.quota", "share of employment", Probability, Choice),
        key("employers.quota_coverage", "share of employment", Probability, Hand),
        key("employers.quota_effect", "log-odds", Closed { lo: 0.0, hi: 5.0 }, Hand),
        key("employers.adjusted_share", "share of disabled employees", Probability, Source("45% have all the adjustments they need: Business Disability Forum survey 2023")),
        key("employers.access_to_work", "share of disabled employees", Probability, Choice),
        key("employers.access_to_work_cost", "£ a year", Money, Source("about £4,000 per person a year: DWP Access to Work statistics, 2024/25")),
        key("employers.adjusted_loss_effect", "log-odds", Closed { lo: -5.0, hi: 5.0 }, Hand),
        key("employers.part_time_share_non_disabled", "share of jobs", Probability, Source("21.6%, derived from PQ 118629 (LFS Q2 2017): disabled people are 16.3% of part-time and 9.7% of full-time workers")),
        key("employers.part_time_share_disabled", "share of jobs", Probability, Source("about a third of disabled workers: PQ 118629 (LFS Q2 2017)")),
        key("employers.wants_more_hours", "share of part-time jobs", Probability, Hand),
        key("employers.underemployed_loss_effect", "log-odds", Closed { lo: -5.0, hi: 5.0 }, Hand),
        key("employers.new_vacancy_share", "share of added hires", Probability, Choice),
        key("labour.find_duration_max_months", "months", Whole { lo: 1, hi: 1200 }, Fitted("chosen among 48, 84 and 120 by the fit's objective")),
        key("benefits.jsa_take_up", "share", Probability, Hand),
        key("benefits.esa_claim_severity", "severity", Probability, Hand),
        key("benefits.esa_take_up", "share", Probability, Hand),
        key("benefits.wca_noise_sd", "severity", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("benefits.wca_support_cut", "assessed severity", Probability, Hand),
        key("benefits.wca_wrag_cut", "assessed severity", Probability, Hand),
        key("benefits.incapacity_share_at_start", "share", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("benefits.incapacity_reassessment", "probability per month", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("benefits.esa_reassessment", "probability per month", Probability, Hand),
        key("benefits.sanction_rate", "probability per month", Probability, Hand),
        key("benefits.sanction_find_effect", "log-odds", Closed { lo: -5.0, hi: 5.0 }, Hand),
        key("benefits.sanction_off_benefit", "probability", Probability, Hand),
        key("benefits.sanction_health_harm", "severity units", Probability, Hand),
        key("benefits.uprating_after_2026", "fraction a year", Closed { lo: -0.2, hi: 0.5 }, Hand),
        key("benefits.universal_credit.new_claims[].jobseekers", "share of new jobseeker claims", Probability, Hand),
        key("benefits.universal_credit.new_claims[].health", "share of new health claims", Probability, Hand),
        key("benefits.universal_credit.managed_migration[].value", "probability per month", Probability, Hand),
        key("benefits.universal_credit.tax_credit_migration[].value", "probability per month", Probability, Hand),
        key("benefits.universal_credit.tax_credit_hours", "hours a week", Closed { lo: 0.0, hi: 100.0 }, Source("Working Tax Credit needed at least 16 hours a week of a disabled worker, a lone parent or someone aged 60 or over: Working Tax Credit (Entitlement and Maximum Rate) Regulations 2002, reg. 4; gov.uk, Working Tax Credit: eligibility")),
        key("benefits.universal_credit.tax_credit_hours_others", "hours a week", Closed { lo: 0.0, hi: 100.0 }, Source("Working Tax Credit needed at least 30 hours a week of others aged 25 to 59 without children: Working Tax Credit (Entitlement and Maximum Rate) Regulations 2002, reg. 4; gov.uk, Working Tax Credit: eligibility")),
        key("benefits.universal_credit.migration_non_claim", "share of migration notices", Probability, Source("346,271 of 2,351,438 notices to September 2025 closed without a claim: DWP managed migration statistics (policy-wire.co.uk, secondary), derived")),
        key("benefits.universal_credit.jobseeker_take_up", "share", Probability, Fitted("to the claimant count of March 2020, 1.24 million (ONS)")),
        key("benefits.universal_credit.new_style_jsa_take_up", "share", Probability, Fitted("to the JSA caseload of August 2022, 89,000 (DWP)")),
        key("benefits.universal_credit.lcwra_cut", "assessed severity", Probability, Fitted("to the LCWRA share of the assessed UC health caseload, 79% in September 2023 (DWP UC WCA statistics)")),
        key("benefits.universal_credit.in_work_claim_rate", "probability per month", Probability, Hand),
        key("benefits.universal_credit.collapse_claim_rate", "probability per month", Probability, Hand),
        key("benefits.universal_credit.in_work_review_rate", "probability per month", Probability, Hand),
        key("benefits.universal_credit.other_elements_share", "share of people", Probability, Hand),
        key("benefits.universal_credit.other_elements_amount", "£ a month", Closed { lo: 0.0, hi: 10_000.0 }, Hand),
        key("benefits.universal_credit.incentive_elasticity", "elasticity", Closed { lo: 0.0, hi: 3.0 }, Source("0.25, the steady-state extensive-margin elasticity of the micro meta-analysis of Chetty, Guren, Manoli & Weber (2011), AER 101(3)")),
        key("benefits.universal_credit.hours_collapse[].value", "share of workers", Probability, Fitted("May 2020 to the claimant count of May 2020, 2.8 million (ONS); the other points set by hand")),
        key("benefits.pip.claim_severity", "severity", Probability, Fitted("to the award rate of normal-rules new PIP claims, 43% over the five years to April 2025 (DWP PIP statistics)")),
        key("benefits.pip.claim_rate", "probability per month", Probability, Hand),
        key("benefits.pip.assessment_noise_sd", "severity", Closed { lo: 0.0, hi: 1.0 }, Hand),
        key("benefits.pip.assessment_persistence", "share of variance", Probability, Fitted("to the planned PIP award reviews that kept or raised the award, 76% over the five years to April 2025 (DWP PIP statistics)")),
        key("benefits.pip.standard_cut", "assessed severity", Probability, Hand),
        key("benefits.pip.enhanced_cut", "assessed severity", Probability, Hand),
        key("benefits.pip.review_rate", "probability per month", Probability, Source("130,000 planned award reviews and 24,000 changes of circumstances in the quarter to April 2023 on a caseload of 3.0 million: DWP PIP statistics to April 2023, derived")),
        key("benefits.pip.dla_share_at_start", "share", Probability, Hand),
        key("benefits.pip.dla_reassessment[].value", "probability per month", Probability, Hand),
        key("earnings.median_hourly[].value", "£ an hour", AboveZero { hi: 1000.0 }, Source("£14.03 (2021) and £15.69 (2023), ONS Disability pay gaps in the UK: 2014 to 2023; other points derived or set by hand")),
        key("earnings.log_sd", "log points", Closed { lo: 0.0, hi: 3.0 }, Hand),
        key("earnings.readiness_loading", "correlation", Probability, Hand),
        key("earnings.severity_pay_penalty", "log points per unit of severity", Closed { lo: 0.0, hi: 3.0 }, Fitted("to the disability pay gap of 2023, 12.7% (ONS)")),
        key("earnings.full_time_hours", "hours a week", AboveZero { hi: 100.0 }, Hand),
        key("earnings.part_time_hours_min", "hours a week", AboveZero { hi: 100.0 }, Hand),
        key("earnings.part_time_hours_max", "hours a week", AboveZero { hi: 100.0 }, Hand),
        key("approaches.*.find_effect", "log-odds at full effect", Closed { lo: 0.0, hi: 5.0 }, Fitted("work_first; specialist and ips set by hand from the trial evidence")),
        key("approaches.*.hours_scale", "hours", AboveZero { hi: 200.0 }, Hand),
        key("approaches.*.distance_fade", "share per unit of distance", Probability, Hand),
        key("approaches.*.barrier_reduction", "share per month at full effect", Probability, Hand),
        key("approaches.*.retention_effect", "log-odds at full effect", Closed { lo: 0.0, hi: 5.0 }, Hand),
        key("approaches.*.match_effect", "standard deviations of match quality at full effect", Closed { lo: -3.0, hi: 3.0 }, Hand),
        key("approaches.*.health_effect", "share of severity per month at full effect", Probability, Hand),
        key("approaches.*.condition_effect.*", "multiplier", Closed { lo: 0.0, hi: 5.0 }, Hand),
        key("approaches.*.severity_effect.mild", "multiplier at severity 0", Closed { lo: 0.0, hi: 5.0 }, Fitted("ips: to the Health-led Employment Trial, West Midlands (gapsim validation-report); work_first and specialist 1, set by hand")),
        key("approaches.*.severity_effect.severe", "multiplier at severity 1", Closed { lo: 0.0, hi: 5.0 }, Fitted("ips: to the IPS meta-analysis of Frederick & VanderWeele 2019 (gapsim validation-report); work_first and specialist 1, set by hand")),
        key("programmes[].priority", "rank", Whole { lo: 0, hi: 1000 }, Choice),
        key("programmes[].duration_months", "months", Whole { lo: 1, hi: 120 }, Choice),
        key("programmes[].in_work_support_months", "months", Whole { lo: 0, hi: 60 }, Choice),
        key("programmes[].starts_per_year", "real people", Closed { lo: 0.0, hi: 100000000.0 }, Choice),
        key("programmes[].max_caseload", "real people", Closed { lo: 0.0, hi: 100000000.0 }, Choice),
        key("programmes[].funding.budget", "£", Money, Choice),
        key("programmes[].funding.fee_per_hour", "£ per hour", Money, Choice),
        key("programmes[].funding.block_per_month", "£ per month, all providers together", Money, Choice),
        key("programmes[].funding.needs_elasticity", "elasticity", Closed { lo: 0.0, hi: 4.0 }, Choice),
        key("programmes[].funding.needs_reference_distance", "assessed distance", AboveZero { hi: 1.0 }, Choice),
        key("programmes[].funding.needs_max_multiplier", "multiplier", Closed { lo: 1.0, hi: 20.0 }, Choice),
        key("programmes[].funding.progress_fee", "£ per payment", Money, Choice),
        key("programmes[].funding.progress_step", "distance", AboveZero { hi: 1.0 }, Choice),
        key("programmes[].funding.progress_max_payments", "payments per participant", Whole { lo: 0, hi: 10 }, Choice),
        key("programmes[].funding.personal_budget_per_month", "£ per participant per month", Money, Choice),
        key("programmes[].funding.rate_card.job_start", "£", Money, Choice),
        key("programmes[].funding.rate_card.weeks_13", "£", Money, Choice),
        key("programmes[].funding.rate_card.weeks_26", "£", Money, Choice),
        key("programmes[].funding.rate_card.distance_fall", "£", Money, Choice),
        key("programmes[].funding.rate_card.skills_gain", "£", Money, Choice),
        key("programmes[].funding.rate_card.cap_per_participant", "£", Money, Choice),
        key("programmes[].assessment.accuracy", "weight on true distance", Probability, Choice),
        key("programmes[].assessment.learning_months", "months", AboveZero { hi: 1200.0 }, Choice),
        key("programmes[].payment_groups[].min_age", "years", Whole { lo: 16, hi: 64 }, Choice),
        key("programmes[].payment_groups[].max_age", "years", Whole { lo: 16, hi: 64 }, Choice),
        key("programmes[].payment_groups[].min_months_out", "months", Whole { lo: 0, hi: 600 }, Choice),
        key("programmes[].payment_groups[].max_prognosis_months", "months", Whole { lo: 0, hi: 1200 }, Choice),
        key("programmes[].payment_groups[].min_prognosis_months", "months", Whole { lo: 0, hi: 1200 }, Choice),
        key("programmes[].payment_groups[].voluntary_take_up", "probability per month", Probability, Choice),
        key("programmes[].payment_groups[].attachment_fee", "£", Money, Choice),
        key("programmes[].payment_groups[].job_outcome_fee", "£", Money, Choice),
        key("programmes[].payment_groups[].job_outcome_after_months", "months", Whole { lo: 1, hi: 36 }, Choice),
        key("programmes[].payment_groups[].sustainment_fee", "£ per month", Money, Choice),
        key("programmes[].payment_groups[].sustainment_max_months", "months", Whole { lo: 0, hi: 60 }, Choice),
        key("programmes[].providers[].share", "share", Probability, Choice),
        key("programmes[].providers[].hours_per_participant", "hours", Closed { lo: 0.0, hi: 200.0 }, Choice),
        key("programmes[].providers[].max_hours_per_participant", "hours", AboveZero { hi: 60.0 }, Choice),
        key("programmes[].providers[].cost_per_hour", "£", Money, Choice),
        key("programmes[].providers[].social_weight", "weight", Probability, Choice),
        key("programmes[].providers[].social_value_per_job", "£", Money, Choice),
        key("programmes[].providers[].reserves", "£", Money, Choice),
        key("outputs.parked_threshold_hours", "hours per month", Closed { lo: 0.0, hi: 1000.0 }, Choice),
        key("outputs.sustained_job_months", "months", Whole { lo: 1, hi: 120 }, Choice),
    ]
};

/// The TOML table path of a header line (`[a.b]` or `[[a.b]]`), as a key-pattern prefix:
/// array tables end in `[]`, and their parents too (`[[programmes.providers]]` →
/// `programmes[].providers[]`).
fn header_prefix(line: &str, arrays: &mut Vec<String>) -> Option<String> {
    let t = line.trim();
    let (inner, is_array) = if let Some(x) = t.strip_prefix("[[") {
        (x.strip_suffix("]]")?, true)
    } else {
        (t.strip_prefix('[')?.strip_suffix(']')?, false)
    };
    let inner = inner.trim();
    if is_array && !arrays.iter().any(|a| a == inner) {
        arrays.push(inner.to_string());
    }
    // Every array table that is a prefix of this path gets its `[]`.
    let mut out = String::new();
    let mut so_far = String::new();
    for (i, seg) in inner.split('.').enumerate() {
        if i > 0 {
            so_far.push('.');
            out.push('.');
        }
        so_far.push_str(seg);
        out.push_str(seg);
        if arrays.contains(&so_far) {
            out.push_str("[]");
        }
    }
    Some(out)
}

/// `text` (a scenario file laid out one key to a line, as `scenarios/example.toml` is) with
/// the comment of every numeric key's line made to start with the key's range and unit from
/// [`KEYS`], `# [0, 1], probability per month`, followed by ` — ` and the line's own words if
/// it has any. Lines that are not numeric keys are kept as they are.
pub fn annotate(text: &str) -> String {
    let mut arrays = Vec::new();
    let mut prefix = String::new();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.lines() {
        if let Some(p) = header_prefix(line, &mut arrays) {
            prefix = p;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let annotated = (|| {
            if line.trim_start().starts_with('#') {
                return None;
            }
            let (key, rest) = line.split_once('=')?;
            let key = key.trim();
            let (value, comment) = match rest.split_once('#') {
                Some((v, c)) => (v, Some(c.trim())),
                None => (rest, None),
            };
            let value = value.trim();
            let numeric = value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '[')
                && !value.contains('"');
            if !numeric || key.is_empty() {
                return None;
            }
            let path = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            let path = if value.starts_with('[') {
                format!("{path}[]")
            } else {
                path
            };
            let def = KEYS.iter().find(|k| matches(k.key, &path))?;
            // A comment that starts with a range was written by this function: its words are
            // what follows ` — `, if anything.
            let words = comment.map(|c| {
                let generated =
                    c.starts_with('[') || c.starts_with('(') || c.starts_with("whole number in");
                match (generated, c.split_once(" — ")) {
                    (_, Some((_, words))) => words.trim(),
                    (true, None) => "",
                    (false, None) => c,
                }
            });
            let generated = format!("{}, {}", def.range, def.unit);
            let comment = match words {
                Some(w) if !w.is_empty() => format!("{generated} — {w}"),
                _ => generated,
            };
            let head = format!("{key} = {value}");
            Some(format!("{head:<32} # {comment}"))
        })();
        out.push_str(annotated.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The parameter table of `docs/parameters.md`: every key's unit, range, default and
/// provenance. `defaults` gives the default of a key pattern as text, if it has one.
pub fn markdown(defaults: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::from(
        "# Scenario parameters\n\n\
         Generated from the key table in `src/scenario/keys.rs` by\n\
         `GAPSIM_UPDATE_KEYS=1 cargo test --release --test it keys`; a test fails when it\n\
         differs. Every numeric key of a scenario file, with its unit, the range the validator\n\
         accepts, its default (from the scenario structs' `Default`s; `—` for keys without one)\n\
         and where its bundled value comes from: **fitted** to the published figures by\n\
         `examples/calibrate.rs`, taken from a cited **source**, **set by hand** (a judgement\n\
         from the evidence, not calibrated), or a **scenario choice** (policy, size or outputs).\n\
         `[]` stands for any list index and `*` for any name of a condition, barrier or\n\
         approach. The defaults of an approach's keys hold when the scenario leaves the whole\n\
         approach out; an approach written out must give its keys (`condition_effect` then\n\
         defaults to 1 for every condition). What each key means is in the field docs of `src/scenario/mod.rs` and in\n\
         `scenarios/example.toml`.\n\n\
         | key | unit | valid range | default | provenance |\n|---|---|---|---|---|\n",
    );
    for k in KEYS {
        let default = defaults(k.key).unwrap_or_else(|| "—".to_string());
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            k.key, k.unit, k.range, default, k.provenance
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_find_their_pattern() {
        let k = lookup("programmes[3].providers[12].share").expect("a key");
        assert_eq!(k.key, "programmes[].providers[].share");
        assert_eq!(
            lookup("health.conditions.mental.severity[1]").map(|k| k.key),
            Some("health.conditions.*.severity[]")
        );
        assert_eq!(
            lookup("approaches.ips.condition_effect.mental").map(|k| k.key),
            Some("approaches.*.condition_effect.*")
        );
        assert_eq!(
            lookup("barriers.common_sd").map(|k| k.key),
            Some("barriers.common_sd")
        );
        assert!(lookup("programmes[0].name").is_none());
        assert!(lookup("labour.no_such_key").is_none());
    }

    #[test]
    fn ranges_admit_what_they_say() {
        let r = Range::AboveZero { hi: 2.0 };
        assert!(!r.admits(0.0) && r.admits(1e-9) && r.admits(2.0) && !r.admits(2.1));
        assert!(!Range::Probability.admits(f64::NAN));
        assert!(!Range::Whole { lo: 1, hi: 3 }.admits(1.5));
        assert_eq!(r.to_string(), "(0, 2]");
        assert_eq!(
            Range::Whole { lo: 1, hi: 1200 }.to_string(),
            "whole number in [1, 1200]"
        );
    }

    #[test]
    fn every_pattern_is_stated_once() {
        let mut seen = std::collections::BTreeSet::new();
        for k in KEYS {
            assert!(seen.insert(k.key), "{} twice", k.key);
        }
    }
}
