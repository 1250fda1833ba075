//! Distance from work and the monthly hazards of finding and losing a job.
//!
//! Pure functions of a person's state and the scenario's coefficients; the engine draws.

use crate::person::Person;
use crate::scenario::{AbsenceConfig, ApproachConfig, LabourConfig, Scenario};

/// Barrier index of skills in `Person::barriers`.
pub const SKILLS: usize = 0;
/// Barrier index of isolation in `Person::barriers`.
pub const ISOLATION: usize = 2;
/// Barrier index of confidence.
pub const CONFIDENCE: usize = 1;
/// Barrier index of caring responsibilities.
pub const CARING: usize = 3;

#[inline(always)]
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[inline]
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    (p / (1.0 - p)).ln()
}

/// Weights that turn health and barriers into distance from work.
#[derive(Clone, Debug)]
pub struct DistanceWeights {
    /// Indexed by `Condition as usize` (0 = none, weight 0).
    pub severity: [f64; 6],
    pub barriers: [f64; 5],
}

impl DistanceWeights {
    pub fn new(s: &Scenario) -> Self {
        let mut severity = [0.0; 6];
        for (i, c) in s.health.conditions.all().iter().enumerate() {
            severity[i + 1] = c.distance_weight;
        }
        let mut barriers = [0.0; 5];
        for (i, b) in s.barriers.all().iter().enumerate() {
            barriers[i] = b.distance_weight;
        }
        Self { severity, barriers }
    }

    /// Distance from work in [0, 1]: weighted severity plus weighted barriers.
    #[inline]
    pub fn distance(&self, p: &Person) -> f64 {
        let mut d = self.severity[p.condition as usize] * p.severity();
        for b in 0..5 {
            d += self.barriers[b] * p.barrier(b);
        }
        d.min(1.0)
    }
}

/// Age group effects: 16–19 (in education) and 60–64 (retiring).
#[inline]
fn age_effect(age_months: i32, young: f64, old: f64) -> f64 {
    if age_months < 20 * 12 {
        young
    } else if age_months >= 60 * 12 {
        old
    } else {
        0.0
    }
}

/// Log-odds of finding a job this month, before support. `readiness` is the person's readiness
/// for work as a standard normal value ([`percentile_z`]).
#[inline]
#[allow(clippy::too_many_arguments)] // one argument per term of the model's equation
pub fn find_logodds(
    c: &LabourConfig,
    distance: f64,
    months_out: i32,
    demand: f64,
    isolation: f64,
    readiness: f64,
    age_months: i32,
    inactive: bool,
) -> f64 {
    c.find_intercept
        + c.find_distance * distance
        + scarring(c, months_out)
        + c.find_demand * demand
        + c.find_isolation * isolation
        + c.find_readiness * readiness
        + if inactive { c.find_inactive } else { 0.0 }
        + age_effect(age_months, c.find_young, c.find_old)
}

/// The duration term of job finding after `months_out` months out of work: `find_duration ·
/// ln(1 + months)`, deepening no further after `find_duration_max_months`.
#[inline]
pub fn scarring(c: &LabourConfig, months_out: i32) -> f64 {
    c.find_duration * ln_1p_months(months_out.min(c.find_duration_max_months as i32))
}

/// Log-odds of losing a job this month, before in-work support. `job_match` is the job's
/// match quality as a standard normal value (`Person::job_match`, [`percentile_z`]).
#[inline]
pub fn loss_logodds(
    c: &LabourConfig,
    distance: f64,
    tenure: i32,
    demand: f64,
    age_months: i32,
    job_match: f64,
) -> f64 {
    c.loss_intercept
        + c.loss_distance * distance
        + c.loss_match * job_match
        + if tenure < 12 { c.loss_new_job } else { 0.0 }
        + c.loss_demand * demand
        + age_effect(age_months, c.loss_young, c.loss_old)
}

/// Probability that an employee at distance `distance` begins a long-term sickness absence
/// this month, besides the onset of a condition ([`AbsenceConfig`]). It is drawn with job loss
/// on one uniform (competing risks: a job lost is not an absence begun).
#[inline]
pub fn absence_entry(a: &AbsenceConfig, distance: f64) -> f64 {
    logistic(a.entry_intercept + a.entry_distance * distance)
}

/// Log-odds of returning to work in month `month` (1, 2, …) of a long-term sickness absence,
/// before in-work support.
#[inline]
pub fn absence_return_logodds(a: &AbsenceConfig, distance: f64, month: u8) -> f64 {
    a.return_intercept
        + a.return_duration * (month.saturating_sub(1)) as f64
        + a.return_distance * distance
}

/// Log-odds of leaving work in month `month` of a long-term sickness absence (if not
/// returning), before in-work support: higher once statutory sick pay has run out.
#[inline]
pub fn absence_exit_logodds(a: &AbsenceConfig, distance: f64, month: u8) -> f64 {
    a.exit_intercept
        + a.exit_distance * distance
        + if month as u32 > a.sick_pay_months {
            a.sick_pay_end_exit
        } else {
            0.0
        }
}

/// The pull of a person's stage of life out of the labour force, in log-odds: study at ages
/// 16–24 (`inactive_study`), early retirement at 55–64 (`inactive_retirement`), and caring
/// (`inactive_caring` per unit of the caring barrier). It is added to the log-odds of giving up
/// searching ([`u_to_i`]) and of leaving work for inactivity ([`exit_inactive`]), and taken
/// from the log-odds of starting to search ([`i_to_u`]), so that students, the early retired
/// and carers are more often inactive than unemployed whether or not they are disabled (the
/// Labour Force Survey's main reasons for inactivity besides sickness: ONS, INAC01).
#[inline]
pub fn life_stage(c: &LabourConfig, age_months: i32, caring: f64) -> f64 {
    let age = if age_months < 25 * 12 {
        c.inactive_study
    } else if age_months >= 55 * 12 {
        c.inactive_retirement
    } else {
        0.0
    };
    age + c.inactive_caring * caring
}

/// Monthly probability that an unemployed person stops searching. `stage` is their
/// [`life_stage`] pull.
#[inline]
pub fn u_to_i(c: &LabourConfig, distance: f64, months_out: i32, stage: f64) -> f64 {
    logistic(u_to_i_logodds(c, distance, months_out, stage))
}

/// Log-odds of [`u_to_i`].
#[inline]
pub fn u_to_i_logodds(c: &LabourConfig, distance: f64, months_out: i32, stage: f64) -> f64 {
    c.u_to_i_intercept
        + c.u_to_i_distance * distance
        + c.u_to_i_duration * ln_1p_months(months_out)
        + stage
}

/// Monthly probability that an inactive person starts searching. `stage` is their
/// [`life_stage`] pull.
#[inline]
pub fn i_to_u(c: &LabourConfig, distance: f64, stage: f64) -> f64 {
    logistic(i_to_u_logodds(c, distance, stage))
}

/// Log-odds of [`i_to_u`].
#[inline]
pub fn i_to_u_logodds(c: &LabourConfig, distance: f64, stage: f64) -> f64 {
    c.i_to_u_intercept + c.i_to_u_distance * distance - stage
}

/// Probability that someone who loses a job becomes inactive rather than unemployed. `stage`
/// is their [`life_stage`] pull.
#[inline]
pub fn exit_inactive(c: &LabourConfig, distance: f64, stage: f64) -> f64 {
    logistic(c.exit_inactive_intercept + c.exit_inactive_distance * distance + stage)
}

/// Share of the full effect reached with `hours` of support in a month (diminishing returns).
#[inline]
pub fn support_effect(a: &ApproachConfig, hours: f64) -> f64 {
    if hours <= 0.0 {
        0.0
    } else {
        1.0 - (-hours / a.hours_scale).exp()
    }
}

/// Added log-odds of job finding at full support effect for `p` at `distance`: graded by the
/// main condition and its severity (`condition_effect`, `severity_effect`).
#[inline]
pub fn find_boost(a: &ApproachConfig, distance: f64, p: &Person) -> f64 {
    a.find_effect * grade(a, p) * (1.0 - a.distance_fade * distance).max(0.0)
}

/// The shift in the match quality of a job found at full effect of the approach's support
/// for `p` [standard deviations of match quality].
#[inline]
pub fn match_shift(a: &ApproachConfig, p: &Person) -> f64 {
    a.match_effect * grade(a, p)
}

/// Log-odds reduction in job loss at full effect of in-work support for `p`.
#[inline]
pub fn retention_boost(a: &ApproachConfig, p: &Person) -> f64 {
    a.retention_effect * grade(a, p)
}

/// The approach's multiplier for `p`'s main condition and its severity.
#[inline]
fn grade(a: &ApproachConfig, p: &Person) -> f64 {
    a.condition_effect.at(p.condition as usize) * a.severity_effect.at(p.severity())
}

/// A standard normal value from its percentile byte (`Person::readiness`,
/// `Person::job_match`): the middle of the byte's 1/256 slice of the normal.
#[inline]
pub fn percentile_z(byte: u8) -> f64 {
    static TABLE: std::sync::LazyLock<[f64; 256]> = std::sync::LazyLock::new(|| {
        use statrs::distribution::{ContinuousCDF, Normal};
        let n = Normal::standard();
        std::array::from_fn(|b| n.inverse_cdf((b as f64 + 0.5) / 256.0))
    });
    TABLE[byte as usize]
}

/// The percentile byte of a standard normal value `z` (the inverse of [`percentile_z`]).
pub fn percentile_byte(z: f64) -> u8 {
    use statrs::distribution::{ContinuousCDF, Normal};
    (Normal::standard().cdf(z) * 256.0)
        .floor()
        .clamp(0.0, 255.0) as u8
}

/// The multiplier on a voluntary group's take-up for a person with readiness byte `byte`:
/// `1 + take_up_effect·(2q − 1)` at percentile `q` (mean 1 over everyone).
#[inline]
pub fn take_up_lean(take_up_effect: f64, byte: u8) -> f64 {
    1.0 + take_up_effect * (2.0 * (byte as f64 + 0.5) / 256.0 - 1.0)
}

/// `ln(1 + months)` for months out of work (0 below 0), tabulated for the first 100 years: it was
/// a `ln` per person out of work per month. The same expression fills the table, so results
/// are unchanged.
#[inline]
pub fn ln_1p_months(months: i32) -> f64 {
    static TABLE: std::sync::LazyLock<Vec<f64>> =
        std::sync::LazyLock::new(|| (0..1200).map(|m| (1.0 + m as f64).ln()).collect());
    let m = months.max(0);
    match TABLE.get(m as usize) {
        Some(v) => *v,
        None => (1.0 + m as f64).ln(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_from_absence_fade_and_leaving_jumps_when_sick_pay_ends() {
        let a = AbsenceConfig::default();
        let back: Vec<f64> = (1..=12)
            .map(|m| absence_return_logodds(&a, 0.3, m))
            .collect();
        assert!(back.windows(2).all(|w| w[1] < w[0]), "{back:?}");
        let out = |m| absence_exit_logodds(&a, 0.3, m);
        let paid = a.sick_pay_months as u8;
        assert_eq!(out(1), out(paid));
        assert_eq!(out(paid + 1) - out(paid), a.sick_pay_end_exit);
        // Further from work: likelier to go off sick, and less likely to return.
        assert!(absence_entry(&a, 0.6) > absence_entry(&a, 0.1));
        assert!(absence_return_logodds(&a, 0.6, 1) < absence_return_logodds(&a, 0.1, 1));
    }

    #[test]
    fn scarring_deepens_with_time_out_of_work_until_its_cap() {
        let c = LabourConfig {
            find_duration: -0.8,
            find_duration_max_months: 84,
            ..LabourConfig::default()
        };
        assert_eq!(scarring(&c, 0), 0.0);
        assert_eq!(scarring(&c, 12), -0.8 * 13f64.ln());
        assert!(scarring(&c, 83) > scarring(&c, 84));
        assert_eq!(scarring(&c, 84), scarring(&c, 85));
        assert_eq!(scarring(&c, 84), scarring(&c, 600));
        let uncapped = LabourConfig {
            find_duration_max_months: 1200,
            ..c
        };
        assert!(scarring(&uncapped, 600) < scarring(&c, 600));
    }

    #[test]
    fn study_early_retirement_and_caring_pull_out_of_the_labour_force() {
        let c = LabourConfig::default();
        let stage = |age_years: i32, caring: f64| life_stage(&c, age_years * 12, caring);
        assert_eq!(stage(40, 0.0), 0.0);
        assert_eq!(stage(20, 0.0), c.inactive_study);
        assert_eq!(stage(24, 0.0), c.inactive_study);
        assert_eq!(stage(25, 0.0), 0.0);
        assert_eq!(stage(55, 0.0), c.inactive_retirement);
        assert_eq!(stage(40, 0.5), 0.5 * c.inactive_caring);
        // The young, the old and carers give up searching more often, start searching less
        // often, and more often leave work for inactivity than for unemployment.
        let d = 0.3;
        for (age, caring) in [(20, 0.0), (60, 0.0), (40, 0.8)] {
            let s = stage(age, caring);
            assert!(u_to_i(&c, d, 6, s) > u_to_i(&c, d, 6, 0.0));
            assert!(i_to_u(&c, d, s) < i_to_u(&c, d, 0.0));
            assert!(exit_inactive(&c, d, s) > exit_inactive(&c, d, 0.0));
        }
    }

    #[test]
    fn well_matched_jobs_are_lost_less_often() {
        let c = LabourConfig::default();
        let loss = |fit: f64| loss_logodds(&c, 0.3, 24, 0.0, 40 * 12, fit);
        assert!(loss(1.0) < loss(0.0) && loss(0.0) < loss(-1.0));
        assert!((loss(1.0) - loss(0.0) - c.loss_match).abs() < 1e-12);
        // The percentile byte round-trips through its normal value.
        for b in [0u8, 37, 128, 255] {
            assert_eq!(percentile_byte(percentile_z(b)), b);
        }
    }
}
