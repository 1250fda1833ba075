//! Employers: whom they hire, the jobs they offer (hours, adjustments), the vacancies they
//! fill, and the levers that act on them (`scenario::EmployerConfig`).
//!
//! Pure functions of a person's state, the scenario and last month's market ([`Market`]); the
//! engine draws. Three places in a person's month:
//!
//! - **Hiring.** A disabled applicant's log-odds of finding work gain [`hiring_boost`]: the
//!   share of the measured hiring penalty employers stop applying, a wage subsidy, and a
//!   quota's pull while last month's disabled share of employment is below it.
//! - **The job.** When a job starts ([`draw_job`]) two percentiles are drawn: its hours
//!   (part-time below the part-time share of the person's group *now*, so hours follow a
//!   condition that begins in work; underemployed, part-time and wanting more hours, below
//!   that share times the share of part-timers who want more), and its adjustment (adjusted to
//!   a condition below the share adjusted today plus what Access to Work adds, so funding more
//!   adjustments reaches jobs already held: [`adjusted`]). Adjusted and underemployed jobs are
//!   lost at other rates ([`loss_term`]), centred on the shares drawn so that the default world
//!   is close to the calibrated one.
//! - **Vacancies.** In a vacancy-constrained world ([`Market::acceptance`]), each area's
//!   employers fill as many vacancies a month as the calibrated hazards alone would: a would-be
//!   hire that support, a sanction or a lever adds (an "added" hire: the person's uniform is
//!   between the calibrated hazard and the boosted one) competes for the same vacancies, and
//!   every would-be hire is taken with probability `(calibrated + s·added) / (calibrated +
//!   added)`, where `s` is `new_vacancy_share`. The ratio is last month's (the engine steps
//!   people in parallel and cannot know this month's total before deciding), which moves
//!   slowly because the people waiting change slowly. Those not taken stay out of work:
//!   displaced. With nothing added the ratio is 1 and the world is the unconstrained one.

use crate::person::{Person, job};
use crate::rng::Stream;
use crate::scenario::EmployerConfig;

/// What the month's hiring knows of the month before: the same for every person, so it
/// cannot depend on the order they are stepped in.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    /// Disabled people's share of employment last month (for a quota's pull).
    pub disabled_share: f64,
    /// Per area, the probability that a would-be hire is taken (1 without a vacancy
    /// constraint, and in the first month).
    pub acceptance: Vec<f64>,
}

impl Market {
    /// The market of a run's first month: no quota pull known yet, everyone taken.
    pub fn opening(areas: usize) -> Self {
        Self {
            disabled_share: 1.0,
            acceptance: vec![1.0; areas],
        }
    }

    /// The market of the month after one with `employed` [non-disabled, disabled] in work and,
    /// per area, `hires` would-be hires [calibrated, added] (ignored when not constrained).
    pub fn after(e: &EmployerConfig, employed: [u64; 2], hires: &[[u64; 2]]) -> Self {
        let total = employed[0] + employed[1];
        Self {
            disabled_share: if total > 0 {
                employed[1] as f64 / total as f64
            } else {
                1.0
            },
            acceptance: hires
                .iter()
                .map(|&[base, added]| {
                    if !e.vacancy_constrained || added == 0 {
                        1.0
                    } else {
                        let (b, a) = (base as f64, added as f64);
                        (b + e.new_vacancy_share * a) / (b + a)
                    }
                })
                .collect(),
        }
    }
}

/// A quota's pull on hiring this month: the quota's effect at covered employers, shrinking
/// linearly to 0 as last month's disabled share of employment reaches the quota [log-odds].
#[inline]
fn quota_pull(e: &EmployerConfig, disabled_share: f64) -> f64 {
    if e.quota <= 0.0 {
        return 0.0;
    }
    let shortfall = ((e.quota - disabled_share) / e.quota).clamp(0.0, 1.0);
    e.quota_coverage * e.quota_effect * shortfall
}

/// The added log-odds of a disabled applicant being hired this month from the employer
/// levers: attitude, wage subsidy and quota (0 for a non-disabled applicant).
#[inline]
pub fn hiring_boost(e: &EmployerConfig, market: &Market, disabled: bool) -> f64 {
    if !disabled {
        return 0.0;
    }
    e.attitude_change * e.hiring_penalty + subsidy_boost(e) + quota_pull(e, market.disabled_share)
}

/// The largest [`hiring_boost`] any month of the regime can give (the quota's pull at its
/// largest), for the screen's bounds.
#[inline]
pub fn most_hiring_boost(e: &EmployerConfig, disabled: bool) -> f64 {
    if !disabled {
        return 0.0;
    }
    let quota = if e.quota > 0.0 {
        e.quota_coverage * e.quota_effect
    } else {
        0.0
    };
    e.attitude_change * e.hiring_penalty + subsidy_boost(e) + quota
}

/// The wage subsidy's pull: its effect per £12,000 of subsidy over a job (£1,000 a month for a
/// year), so that a longer subsidy at the same monthly rate pulls more.
#[inline]
fn subsidy_boost(e: &EmployerConfig) -> f64 {
    e.wage_subsidy_effect * e.wage_subsidy * e.wage_subsidy_months as f64 / 12_000.0
}

/// Draws the parts of a job starting now for `p` from `rng` (the job's own stream, after its
/// match): its hours percentile and adjustment percentile; and whether a wage subsidy is paid
/// for it (`subsidised`).
pub fn draw_job(p: &mut Person, subsidised: bool, rng: &mut Stream) {
    let bits = rng.next_bits();
    p.job = (((bits >> 57) as u8) << job::HOURS_SHIFT) | (subsidised as u8 * job::SUBSIDISED);
    p.adjust = (bits >> 8) as u8;
}

/// The job's hours percentile as a share in (0, 1).
#[inline]
fn hours_u(p: &Person) -> f64 {
    ((p.job >> job::HOURS_SHIFT) as f64 + 0.5) / 128.0
}

#[inline]
fn part_time_share(e: &EmployerConfig, disabled: bool) -> f64 {
    if disabled {
        e.part_time_share_disabled
    } else {
        e.part_time_share_non_disabled
    }
}

/// Whether `p`'s job is part-time (meaningful in work).
#[inline]
pub fn part_time(e: &EmployerConfig, p: &Person, disabled: bool) -> bool {
    hours_u(p) < part_time_share(e, disabled)
}

/// Where `p`'s job lies among part-time jobs, from the shortest (0) to the longest (1), or
/// `None` if it is full-time.
#[inline]
pub fn part_time_position(e: &EmployerConfig, p: &Person, disabled: bool) -> Option<f64> {
    let share = part_time_share(e, disabled);
    let u = hours_u(p);
    (u < share).then(|| u / share)
}

/// Whether `p`'s job is part-time and they want more hours: underemployed.
#[inline]
pub fn underemployed(e: &EmployerConfig, p: &Person, disabled: bool) -> bool {
    hours_u(p) < part_time_share(e, disabled) * e.wants_more_hours
}

/// The share of disabled employees whose job is adjusted under `e`: today's plus what Access
/// to Work adds, at most 1.
#[inline]
pub fn adjusted_share(e: &EmployerConfig) -> f64 {
    (e.adjusted_share + e.access_to_work).min(1.0)
}

/// Whether `p`'s job is adjusted to a condition under `e` (meaningful in work).
#[inline]
pub fn adjusted(e: &EmployerConfig, p: &Person) -> bool {
    (p.adjust as f64 + 0.5) / 256.0 < adjusted_share(e)
}

/// Whether `p`'s adjustment is one Access to Work funds beyond today's (paid for by the lever).
#[inline]
pub fn funded_by_access_to_work(e: &EmployerConfig, p: &Person) -> bool {
    let u = (p.adjust as f64 + 0.5) / 256.0;
    u >= e.adjusted_share && u < adjusted_share(e)
}

/// Added log-odds of `p` losing their job this month from its quality: adjusted (for a
/// disabled employee) and underemployed, each centred on the share drawn.
#[inline]
pub fn loss_term(e: &EmployerConfig, p: &Person, disabled: bool) -> f64 {
    let under = underemployed(e, p, disabled) as u8 as f64;
    let mut x =
        e.underemployed_loss_effect * (under - part_time_share(e, disabled) * e.wants_more_hours);
    if disabled {
        let a = adjusted(e, p) as u8 as f64;
        x += e.adjusted_loss_effect * (a - e.adjusted_share);
    }
    x
}

/// Slots of a person's job in the world's job-quality stocks: part-time [non-disabled,
/// disabled], underemployed [non-disabled, disabled], adjusted (disabled), funded by Access to
/// Work (disabled).
pub const JOB_SLOTS: usize = 6;

/// What `p` adds to the job-quality stocks under `e` ([`JOB_SLOTS`]; nothing out of work).
#[inline]
pub fn job_slots(e: &EmployerConfig, p: &Person, disabled: bool) -> [i64; JOB_SLOTS] {
    let mut s = [0; JOB_SLOTS];
    if p.employed() {
        let g = disabled as usize;
        s[g] = part_time(e, p, disabled) as i64;
        s[2 + g] = underemployed(e, p, disabled) as i64;
        if disabled {
            s[4] = adjusted(e, p) as i64;
            s[5] = funded_by_access_to_work(e, p) as i64;
        }
    }
    s
}

/// The wage subsidy committed when a job starts in month `t` of a run of `months` months:
/// `wage_subsidy_months` months, or those left in the run [£ per agent].
#[inline]
pub fn subsidy_committed(e: &EmployerConfig, t: i32, months: u32) -> f64 {
    let left = (months as i32 - t).max(0) as u32;
    e.wage_subsidy * e.wage_subsidy_months.min(left) as f64
}

/// What a subsidised job begun in month `since` and ended in month `t` was committed but will
/// not be paid [£ per agent]: the months committed less those worked (`t − since`).
#[inline]
pub fn subsidy_unpaid(e: &EmployerConfig, since: i32, t: i32, months: u32) -> f64 {
    let left = (months as i32 - since).max(0) as u32;
    let committed = e.wage_subsidy_months.min(left);
    let worked = (t - since).max(0) as u32;
    e.wage_subsidy * committed.saturating_sub(worked) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terms_of_job_quality_average_to_nothing_over_the_jobs_drawn() {
        let e = EmployerConfig::default();
        // Adjusted: over every percentile, the centred term averages to (almost) 0.
        let mean: f64 = (0..=255u8)
            .map(|a| {
                let p = Person {
                    adjust: a,
                    ..Person::default()
                };
                e.adjusted_loss_effect * ((adjusted(&e, &p) as u8 as f64) - e.adjusted_share)
            })
            .sum::<f64>()
            / 256.0;
        assert!(mean.abs() < 0.01 * e.adjusted_loss_effect.abs(), "{mean}");
    }

    #[test]
    fn access_to_work_adds_adjusted_jobs_and_pays_only_for_those_it_adds() {
        let mut e = EmployerConfig::default();
        let count = |e: &EmployerConfig, f: fn(&EmployerConfig, &Person) -> bool| {
            (0..=255u8)
                .filter(|&a| {
                    f(
                        e,
                        &Person {
                            adjust: a,
                            ..Person::default()
                        },
                    )
                })
                .count()
        };
        assert_eq!(count(&e, funded_by_access_to_work), 0);
        let before = count(&e, adjusted);
        e.access_to_work = 0.25;
        assert_eq!(
            count(&e, adjusted) - before,
            count(&e, funded_by_access_to_work)
        );
        assert_eq!(count(&e, funded_by_access_to_work), 64);
    }

    #[test]
    fn a_quota_pulls_until_it_is_met_and_the_screen_bound_covers_it() {
        let e = EmployerConfig {
            quota: 0.2,
            attitude_change: 0.5,
            wage_subsidy: 500.0,
            ..EmployerConfig::default()
        };
        let market = |share| Market {
            disabled_share: share,
            acceptance: vec![1.0],
        };
        let most = most_hiring_boost(&e, true);
        let mut last = f64::MAX;
        for share in [0.0, 0.1, 0.15, 0.2, 0.3] {
            let b = hiring_boost(&e, &market(share), true);
            assert!(b <= most && b <= last, "{share}: {b}");
            last = b;
        }
        assert_eq!(
            hiring_boost(&e, &market(0.2), true),
            hiring_boost(&e, &market(0.3), true)
        );
        assert_eq!(hiring_boost(&e, &market(0.0), false), 0.0);
    }

    #[test]
    fn a_subsidy_is_committed_for_its_months_within_the_run_and_what_is_not_worked_comes_back() {
        let e = EmployerConfig {
            wage_subsidy: 100.0,
            wage_subsidy_months: 12,
            ..EmployerConfig::default()
        };
        assert_eq!(subsidy_committed(&e, 10, 100), 1200.0);
        assert_eq!(subsidy_committed(&e, 95, 100), 500.0);
        // Worked months 10..14: 4 paid, 8 not.
        assert_eq!(subsidy_unpaid(&e, 10, 14, 100), 800.0);
        assert_eq!(subsidy_unpaid(&e, 10, 40, 100), 0.0);
        assert_eq!(subsidy_unpaid(&e, 95, 97, 100), 300.0);
    }

    #[test]
    fn vacancies_take_every_hire_unless_constrained_and_added_to() {
        let mut e = EmployerConfig::default();
        let m = Market::after(&e, [10, 5], &[[100, 50]]);
        assert_eq!(m.acceptance, vec![1.0]);
        e.vacancy_constrained = true;
        assert_eq!(
            Market::after(&e, [10, 5], &[[100, 0]]).acceptance,
            vec![1.0]
        );
        let m = Market::after(&e, [10, 5], &[[100, 25]]);
        assert_eq!(m.acceptance, vec![0.8]);
        e.new_vacancy_share = 1.0;
        assert_eq!(
            Market::after(&e, [10, 5], &[[100, 25]]).acceptance,
            vec![1.0]
        );
        assert!((m.disabled_share - 1.0 / 3.0).abs() < 1e-12);
    }
}
