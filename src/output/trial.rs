//! The outcomes of a trial inside the model (`gapsim trial`, `engine::trial`) as a trial
//! report gives them: each arm's outcome, the difference and the ratio with 95% confidence
//! intervals, and the spread of the difference across replications.
//!
//! The arms of every replication are pooled into one trial (a replication is a fresh draw of
//! the population, so pooling is a bigger trial of the same design). Confidence intervals are
//! the textbook large-sample ones: Wald for a difference of proportions, Katz's log method for
//! a risk ratio (Altman et al., *Statistics with Confidence*, 2nd ed., 2000, ch. 6 and 7), and
//! Welch's t for a difference of means. They describe sampling error only; the model's own
//! uncertainty (uncertain inputs, different populations) is the 5th–95th percentile of the
//! difference across replications, beside them.

use super::table::{self, cell, fixed};
use crate::engine::trial::{Arm, TrialReplication};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// The measures of `trial.csv`, in order, and what each is.
pub const MEASURES: &[(&str, &str)] = &[
    (
        "employed",
        "share in work at the end of month `months_after_referral` (the referral month is month 1)",
    ),
    (
        "job_start_within_12_months",
        "share with a job starting within 12 months of referral",
    ),
    (
        "job_start",
        "share with a job starting at any time in the follow-up",
    ),
    (
        "job_lasting_13_weeks",
        "share with a job begun after referral that lasted 13 weeks (3 months) within the follow-up",
    ),
    (
        "job_lasting_26_weeks",
        "share with a job begun after referral that lasted 26 weeks (6 months) within the follow-up",
    ),
    ("months_in_work", "mean months in work over the follow-up"),
    (
        "months_off_benefit",
        "mean months on no out-of-work benefit over the follow-up",
    ),
];

/// One row of `trial.csv`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TrialRow {
    pub measure: &'static str,
    /// For `employed`, months after referral; blank for the whole-follow-up measures.
    #[serde(serialize_with = "opt_whole")]
    pub months_after_referral: Option<u32>,
    /// People (agents) measured in each arm.
    pub offered_n: u64,
    /// The offered arm's value: a share in per cent, or a mean in months (`months_*`).
    #[serde(serialize_with = "cell::num")]
    pub offered: f64,
    pub control_n: u64,
    #[serde(serialize_with = "cell::num")]
    pub control: f64,
    /// Offered minus control, pooled over replications [percentage points, or months].
    #[serde(serialize_with = "cell::num")]
    pub difference: f64,
    /// 95% confidence interval of the difference.
    #[serde(serialize_with = "cell::opt_num")]
    pub difference_low: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub difference_high: Option<f64>,
    /// Offered over control (a risk ratio for shares, a ratio of means otherwise); blank when
    /// the control's value is 0.
    #[serde(serialize_with = "cell::opt_num")]
    pub ratio: Option<f64>,
    /// 95% confidence interval of the risk ratio (shares only).
    #[serde(serialize_with = "cell::opt_num")]
    pub ratio_low: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub ratio_high: Option<f64>,
    /// 5th and 95th percentiles of the difference across replications (blank with one).
    #[serde(serialize_with = "cell::opt_num")]
    pub difference_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    pub difference_p95: Option<f64>,
}

fn opt_whole<S: serde::Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.map_or(String::new(), |m| m.to_string()))
}

/// The z of a two-sided 95% interval.
fn z95() -> f64 {
    Normal::standard().inverse_cdf(0.975)
}

/// The 95% Wald interval of a share `p` [per cent] measured on `n` people [per cent].
pub fn share_interval(p: f64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (p, p);
    }
    let q = p / 100.0;
    let half = 100.0 * z95() * (q * (1.0 - q) / n as f64).sqrt();
    (p - half, p + half)
}

/// A share `x / n` (0 when `n` is 0).
fn share(x: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { x as f64 / n as f64 }
}

/// Offered against control for `x` of `n` in each arm: (difference, its interval, ratio, its
/// interval).
#[allow(clippy::type_complexity)] // four named results, documented above
fn proportions(
    (x1, n1): (u64, u64),
    (x0, n0): (u64, u64),
) -> (f64, Option<(f64, f64)>, Option<f64>, Option<(f64, f64)>) {
    let (p1, p0) = (share(x1, n1), share(x0, n0));
    let d = p1 - p0;
    let z = z95();
    let ci = (n1 > 0 && n0 > 0).then(|| {
        let se = (p1 * (1.0 - p1) / n1 as f64 + p0 * (1.0 - p0) / n0 as f64).sqrt();
        (d - z * se, d + z * se)
    });
    let ratio = (p0 > 0.0).then(|| p1 / p0);
    let ratio_ci = (x1 > 0 && x0 > 0).then(|| {
        let se = (1.0 / x1 as f64 - 1.0 / n1 as f64 + 1.0 / x0 as f64 - 1.0 / n0 as f64).sqrt();
        let r = p1 / p0;
        ((r.ln() - z * se).exp(), (r.ln() + z * se).exp())
    });
    (d, ci, ratio, ratio_ci)
}

/// Mean and variance from a sum and a sum of squares over `n`.
fn moments([sum, squares]: [u64; 2], n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = sum as f64 / n as f64;
    let var = if n > 1 {
        ((squares as f64 - n as f64 * mean * mean) / (n - 1) as f64).max(0.0)
    } else {
        0.0
    };
    (mean, var)
}

/// Welch's interval for the difference of two means.
fn welch((m1, v1, n1): (f64, f64, u64), (m0, v0, n0): (f64, f64, u64)) -> Option<(f64, f64)> {
    if n1 < 2 || n0 < 2 {
        return None;
    }
    let (a, b) = (v1 / n1 as f64, v0 / n0 as f64);
    let se = (a + b).sqrt();
    let d = m1 - m0;
    if se == 0.0 {
        return Some((d, d));
    }
    let df = (a + b).powi(2) / (a * a / (n1 - 1) as f64 + b * b / (n0 - 1) as f64);
    let t = StudentsT::new(0.0, 1.0, df)
        .map(|t| t.inverse_cdf(0.975))
        .unwrap_or_else(|_| z95());
    Some((d - t * se, d + t * se))
}

/// A measure of one arm: a count over a denominator, or a sum and sum of squares over one.
#[derive(Clone, Copy)]
enum Measure {
    Share(u64, u64),
    Mean([u64; 2], u64),
}

impl Measure {
    fn value(self) -> f64 {
        match self {
            Measure::Share(x, n) => share(x, n),
            Measure::Mean(s, n) => moments(s, n).0,
        }
    }

    /// The people it is measured on.
    fn people(self) -> u64 {
        match self {
            Measure::Share(_, n) | Measure::Mean(_, n) => n,
        }
    }

    /// What a value is multiplied by as written: shares in per cent, means as they are.
    fn unit(self) -> f64 {
        match self {
            Measure::Share(..) => 100.0,
            Measure::Mean(..) => 1.0,
        }
    }
}

/// Every measure of an arm, as (measure, months after referral, value), in table order.
fn measures(a: &Arm, follow_up: usize) -> Vec<(&'static str, Option<u32>, Measure)> {
    let mut out: Vec<(&'static str, Option<u32>, Measure)> = (0..follow_up)
        .map(|k| {
            (
                "employed",
                Some(k as u32 + 1),
                // An arm of no one (a replication without such participants) has no months.
                Measure::Share(
                    a.employed.get(k).copied().unwrap_or(0),
                    a.followed.get(k).copied().unwrap_or(0),
                ),
            )
        })
        .collect();
    if follow_up >= 12 {
        out.push((
            "job_start_within_12_months",
            None,
            Measure::Share(a.job_start_12, a.complete),
        ));
    }
    out.extend([
        ("job_start", None, Measure::Share(a.job_start, a.complete)),
        (
            "job_lasting_13_weeks",
            None,
            Measure::Share(a.lasting_13_weeks, a.complete),
        ),
        (
            "job_lasting_26_weeks",
            None,
            Measure::Share(a.lasting_26_weeks, a.complete),
        ),
        (
            "months_in_work",
            None,
            Measure::Mean(a.months_in_work, a.complete),
        ),
        (
            "months_off_benefit",
            None,
            Measure::Mean(a.months_off_benefit, a.complete),
        ),
    ]);
    out
}

/// The arms of every replication added together.
pub fn pooled(reps: &[TrialReplication]) -> TrialReplication {
    let add = |into: &mut Arm, a: &Arm| {
        into.randomised += a.randomised;
        into.received += a.received;
        into.complete += a.complete;
        into.job_start_12 += a.job_start_12;
        into.job_start += a.job_start;
        into.lasting_13_weeks += a.lasting_13_weeks;
        into.lasting_26_weeks += a.lasting_26_weeks;
        for i in 0..2 {
            into.months_in_work[i] += a.months_in_work[i];
            into.months_off_benefit[i] += a.months_off_benefit[i];
        }
        if into.followed.is_empty() {
            into.followed = vec![0; a.followed.len()];
            into.employed = vec![0; a.employed.len()];
        }
        for (x, y) in into.followed.iter_mut().zip(&a.followed) {
            *x += y;
        }
        for (x, y) in into.employed.iter_mut().zip(&a.employed) {
            *x += y;
        }
    };
    let mut out = TrialReplication::default();
    for r in reps {
        add(&mut out.offered, &r.offered);
        add(&mut out.control, &r.control);
    }
    out
}

/// The rows of `trial.csv` for the replications of one trial followed for `follow_up` months.
pub fn trial_rows(reps: &[TrialReplication], follow_up: usize) -> Vec<TrialRow> {
    let all = pooled(reps);
    let offered = measures(&all.offered, follow_up);
    let control = measures(&all.control, follow_up);
    let per_rep: Vec<Vec<f64>> = reps
        .iter()
        .map(|r| {
            measures(&r.offered, follow_up)
                .iter()
                .zip(measures(&r.control, follow_up))
                .map(|(o, c)| o.2.value() - c.2.value())
                .collect()
        })
        .collect();
    offered
        .iter()
        .zip(&control)
        .enumerate()
        .map(|(i, (&(measure, months, o), &(_, _, c)))| {
            let (difference, ci, ratio, ratio_ci) = match (o, c) {
                (Measure::Share(x1, n1), Measure::Share(x0, n0)) => proportions((x1, n1), (x0, n0)),
                (Measure::Mean(s1, n1), Measure::Mean(s0, n0)) => {
                    let ((m1, v1), (m0, v0)) = (moments(s1, n1), moments(s0, n0));
                    (
                        m1 - m0,
                        welch((m1, v1, n1), (m0, v0, n0)),
                        (m0 > 0.0).then(|| m1 / m0),
                        None,
                    )
                }
                _ => unreachable!("both arms have the same measures"),
            };
            let n = Measure::people;
            let spread = (reps.len() > 1).then(|| {
                let band =
                    crate::batch::Band::of(&per_rep.iter().map(|d| d[i]).collect::<Vec<_>>());
                (band.p05, band.p95)
            });
            // Shares are written in per cent and their differences in percentage points.
            let k = o.unit();
            TrialRow {
                measure,
                months_after_referral: months,
                offered_n: n(o),
                offered: k * o.value(),
                control_n: n(c),
                control: k * c.value(),
                difference: k * difference,
                difference_low: ci.map(|c| k * c.0),
                difference_high: ci.map(|c| k * c.1),
                ratio,
                ratio_low: ratio_ci.map(|c| c.0),
                ratio_high: ratio_ci.map(|c| c.1),
                difference_p05: spread.map(|s| k * s.0),
                difference_p95: spread.map(|s| k * s.1),
            }
        })
        .collect()
}

/// `trial.csv`.
pub fn trial_csv(rows: &[TrialRow]) -> Vec<u8> {
    table::rows(rows.iter().cloned())
}

/// What `trial.md` says of the trial it reports.
pub struct TrialDescription<'a> {
    pub scenario: &'a str,
    pub programme: &'a str,
    pub cohort: String,
    pub follow_up: u32,
    /// The population as the command line gave it (`--where`), one per condition.
    pub population: &'a [String],
    pub replications: u32,
    /// Real people per agent.
    pub scale: f64,
    pub randomised: (u64, u64),
    /// People of each arm seen on the programme (offered, control).
    pub received: (u64, u64),
}

/// A share (in per cent) or a mean in months, with one decimal.
fn shown(measure: &str, v: f64) -> String {
    if measure.starts_with("months_") {
        fixed(v, 1)
    } else {
        format!("{}%", fixed(v, 1))
    }
}

/// A difference in percentage points (shares) or months, signed.
fn shown_difference(measure: &str, v: f64) -> String {
    let s = fixed(v, 1);
    let s = if s.starts_with('-') || s.trim_start_matches(['0', '.']).is_empty() {
        s
    } else {
        format!("+{s}")
    };
    if measure.starts_with("months_") {
        s
    } else {
        format!("{s} pp")
    }
}

/// The label of a row in `trial.md`.
fn label(row: &TrialRow) -> String {
    match (row.measure, row.months_after_referral) {
        ("employed", Some(k)) => format!("In work {k} months after referral"),
        ("job_start_within_12_months", _) => "A job start within 12 months".into(),
        ("job_start", _) => "A job start within the follow-up".into(),
        ("job_lasting_13_weeks", _) => "A job lasting 13 weeks".into(),
        ("job_lasting_26_weeks", _) => "A job lasting 26 weeks".into(),
        ("months_in_work", _) => "Months in work over the follow-up (mean)".into(),
        ("months_off_benefit", _) => "Months off out-of-work benefits (mean)".into(),
        (m, _) => m.to_string(),
    }
}

/// The rows a trial report shows: employment at 6, 12, 18 and 24 months (those within the
/// follow-up, and its last month), then the whole-follow-up measures.
pub fn reported(rows: &[TrialRow], follow_up: u32) -> Vec<&TrialRow> {
    rows.iter()
        .filter(|r| match r.months_after_referral {
            Some(k) => (k % 6 == 0 && k <= 24) || k == follow_up,
            None => true,
        })
        .collect()
}

/// `trial.md`: the trial as a report would give it.
pub fn trial_md(d: &TrialDescription, rows: &[TrialRow]) -> Vec<u8> {
    let mut s = format!(
        "# Trial of `{}` in `{}`\n\n\
         People referred to `{}` in {} and randomised by a keyed draw: half offered the \
         programme, half not (a control arm, barred from it, with every other service as \
         usual); both followed for {} months. Population: {}. {} randomised, {} offered and {} \
         control (agents; each stands for {} people), pooled over {}. On the programme during the \
         follow-up: {} of the offered arm, {} of the control arm.\n\n",
        d.programme,
        d.scenario,
        d.programme,
        d.cohort,
        d.follow_up,
        if d.population.is_empty() {
            "everyone the programme started that month".to_string()
        } else {
            d.population.join(", ")
        },
        d.randomised.0 + d.randomised.1,
        d.randomised.0,
        d.randomised.1,
        fixed(d.scale, 0),
        if d.replications == 1 {
            "1 replication".to_string()
        } else {
            format!("{} replications", d.replications)
        },
        d.received.0,
        d.received.1,
    );
    s.push_str(
        "| Outcome | Offered | Control | Difference (95% CI) | Ratio (95% CI) | Difference across replications (5–95%) |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    for r in reported(rows, d.follow_up) {
        let ci = match (r.difference_low, r.difference_high) {
            (Some(a), Some(b)) => format!(
                " ({} to {})",
                shown_difference(r.measure, a),
                shown_difference(r.measure, b)
            ),
            _ => String::new(),
        };
        let ratio = match (r.ratio, r.ratio_low, r.ratio_high) {
            (Some(x), Some(a), Some(b)) => {
                format!("{} ({} to {})", fixed(x, 2), fixed(a, 2), fixed(b, 2))
            }
            (Some(x), _, _) => fixed(x, 2),
            _ => "–".into(),
        };
        let spread = match (r.difference_p05, r.difference_p95) {
            (Some(a), Some(b)) => format!(
                "{} to {}",
                shown_difference(r.measure, a),
                shown_difference(r.measure, b)
            ),
            _ => "–".into(),
        };
        s.push_str(&format!(
            "| {} | {} (n={}) | {} (n={}) | {}{} | {} | {} |\n",
            label(r),
            shown(r.measure, r.offered),
            r.offered_n,
            shown(r.measure, r.control),
            r.control_n,
            shown_difference(r.measure, r.difference),
            ci,
            ratio,
            spread,
        ));
    }
    s.push_str(
        "\nIntention to treat: an offered person counts as offered whether or not they stayed \
         on the programme. People who reached 65 during the follow-up left the trial: they \
         count in the months before. Confidence intervals are for sampling error (Wald for \
         differences of shares, Katz's log method for risk ratios, Welch's t for means); the \
         last column is the model's own spread across replications.\n",
    );
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_match_the_textbook_values() {
        // 60 of 100 against 30 of 100: difference 0.30, SE sqrt(.24/100 + .21/100) = 0.067082.
        let (d, ci, r, rci) = proportions((60, 100), (30, 100));
        assert!((d - 0.30).abs() < 1e-12);
        let (lo, hi) = ci.unwrap();
        assert!((lo - 0.168522).abs() < 1e-5, "{lo}");
        assert!((hi - 0.431478).abs() < 1e-5, "{hi}");
        assert!((r.unwrap() - 2.0).abs() < 1e-12);
        // Katz: SE of ln RR = sqrt(1/60 - 1/100 + 1/30 - 1/100) = sqrt(0.03).
        let (a, b) = rci.unwrap();
        assert!((a - (2f64.ln() - 1.959964 * 0.03f64.sqrt()).exp()).abs() < 1e-3);
        assert!((b - (2f64.ln() + 1.959964 * 0.03f64.sqrt()).exp()).abs() < 1e-3);
    }

    #[test]
    fn welch_falls_back_to_the_point_when_there_is_no_spread() {
        assert_eq!(welch((3.0, 0.0, 10), (1.0, 0.0, 10)), Some((2.0, 2.0)));
        assert_eq!(welch((3.0, 1.0, 1), (1.0, 0.0, 10)), None);
        // Equal variances and sizes: df = 2(n-1), t(18) = 2.1009.
        let (lo, hi) = welch((5.0, 4.0, 10), (3.0, 4.0, 10)).unwrap();
        let half = 2.1009 * (0.8f64).sqrt();
        assert!((lo - (2.0 - half)).abs() < 1e-3 && (hi - (2.0 + half)).abs() < 1e-3);
    }

    #[test]
    fn pooled_arms_add_and_rows_report_both() {
        let arm = |e: u64| Arm {
            randomised: 10,
            followed: vec![10, 10],
            employed: vec![e, e],
            complete: 10,
            months_in_work: [2 * e, 4 * e],
            ..Arm::default()
        };
        let reps = vec![
            TrialReplication {
                offered: arm(4),
                control: arm(2),
                hand_backs: Vec::new(),
            },
            TrialReplication {
                offered: arm(6),
                control: arm(2),
                hand_backs: Vec::new(),
            },
        ];
        let rows = trial_rows(&reps, 2);
        assert_eq!(rows[0].offered_n, 20);
        assert!((rows[0].offered - 50.0).abs() < 1e-9);
        assert!((rows[0].control - 20.0).abs() < 1e-9);
        assert!((rows[0].ratio.unwrap() - 2.5).abs() < 1e-12);
        let p05 = rows[0].difference_p05.unwrap();
        assert!((20.0..=40.0).contains(&p05));
        let months = rows.iter().find(|r| r.measure == "months_in_work").unwrap();
        assert!((months.difference - 0.6).abs() < 1e-12);
        // No job_start_within_12_months row with a follow-up under 12 months.
        assert!(
            rows.iter()
                .all(|r| r.measure != "job_start_within_12_months")
        );
    }
}

/// One row of a paired run's `trial.csv`: a programme's participants (of one payment group
/// or all, referred in one year or any) followed from referral in both worlds, the baseline
/// world standing as the control.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PairedTrialRow {
    #[serde(serialize_with = "cell::text")]
    pub programme: String,
    /// A payment group's name, or `all`.
    #[serde(serialize_with = "cell::text")]
    pub group: String,
    /// The calendar year of referral, or `all`.
    pub cohort: String,
    pub measure: &'static str,
    #[serde(serialize_with = "opt_whole")]
    pub months_after_referral: Option<u32>,
    /// Participants measured, a replication's mean [real people].
    #[serde(serialize_with = "cell::num")]
    pub participants: f64,
    /// Their outcome in the scenario and in the baseline world, means across replications
    /// [per cent for shares, months for `months_*`].
    #[serde(serialize_with = "cell::num")]
    pub scenario: f64,
    #[serde(serialize_with = "cell::num")]
    pub baseline: f64,
    /// Scenario minus baseline: mean and 5–95% band across replications [percentage points,
    /// or months].
    #[serde(serialize_with = "cell::num")]
    pub difference: f64,
    #[serde(serialize_with = "cell::num")]
    pub difference_p05: f64,
    #[serde(serialize_with = "cell::num")]
    pub difference_p95: f64,
}

/// A measure in the scenario and in the baseline world: (measure, months after referral,
/// scenario, baseline).
type PairedMeasure = (&'static str, Option<u32>, Measure, Measure);

/// The arms of every followed cohort of each replication that `keep` selects, added together:
/// `(scenario, baseline)` per replication.
fn pooled_pairs(
    pairs: &[crate::counterfactual::PairedReplication],
    keep: impl Fn(&crate::counterfactual::FollowedCohort) -> bool,
) -> Vec<(Arm, Arm)> {
    pairs
        .iter()
        .map(|p| {
            let chosen: Vec<TrialReplication> = p
                .followed
                .iter()
                .filter(|c| keep(c))
                .map(|c| TrialReplication {
                    offered: c.scenario.clone(),
                    control: c.baseline.clone(),
                    hand_backs: Vec::new(),
                })
                .collect();
            let all = pooled(&chosen);
            (all.offered, all.control)
        })
        .collect()
}

/// The rows of a paired run's `trial.csv`: for each programme that differs between the worlds
/// and whose participants were followed, by payment group (and all groups) and by year of
/// referral (and all years), every measure in both worlds. Participants referred within
/// [`crate::counterfactual::FOLLOW_UP`] months of the run's end count in the months seen
/// only.
pub fn paired_trial_rows(
    model: &crate::engine::Model,
    pairs: &[crate::counterfactual::PairedReplication],
) -> Vec<PairedTrialRow> {
    use std::collections::BTreeSet;
    let follow_up = crate::counterfactual::FOLLOW_UP as usize;
    let scale = model.scenario.population.scale;
    let cohorts: BTreeSet<(u8, u8, i32)> = pairs
        .iter()
        .flat_map(|p| p.followed.iter())
        .map(|c| (c.programme, c.group, model.scenario.date(c.start).year()))
        .collect();
    let programmes: BTreeSet<u8> = cohorts.iter().map(|c| c.0).collect();
    let mut out = Vec::new();
    for &pi in &programmes {
        let prog = &model.programmes[pi as usize];
        let groups: BTreeSet<u8> = cohorts.iter().filter(|c| c.0 == pi).map(|c| c.1).collect();
        let years: BTreeSet<i32> = cohorts.iter().filter(|c| c.0 == pi).map(|c| c.2).collect();
        let group_choices: Vec<Option<u8>> = std::iter::once(None)
            .chain(groups.iter().map(|&g| Some(g)))
            .collect();
        let year_choices: Vec<Option<i32>> = std::iter::once(None)
            .chain(years.iter().map(|&y| Some(y)))
            .collect();
        for &g in &group_choices {
            for &y in &year_choices {
                let arms = pooled_pairs(pairs, |c| {
                    c.programme == pi
                        && g.is_none_or(|g| c.group == g)
                        && y.is_none_or(|y| model.scenario.date(c.start).year() == y)
                });
                if arms.iter().all(|(s, _)| s.randomised == 0) {
                    continue;
                }
                let per_rep: Vec<Vec<PairedMeasure>> = arms
                    .iter()
                    .map(|(s, b)| {
                        let (ms, mb) = (measures(s, follow_up), measures(b, follow_up));
                        ms.into_iter()
                            .zip(mb)
                            .map(|((m, k, vs), (_, _, vb))| (m, k, vs, vb))
                            .collect()
                    })
                    .collect();
                for i in 0..per_rep[0].len() {
                    let (measure, months, ..) = per_rep[0][i];
                    let k = per_rep[0][i].2.unit();
                    let n = Measure::people;
                    let column = |f: &dyn Fn(&PairedMeasure) -> f64| {
                        per_rep.iter().map(|r| f(&r[i])).collect::<Vec<f64>>()
                    };
                    let participants = column(&|r| n(r.2) as f64 * scale);
                    if participants.iter().all(|&x| x == 0.0) {
                        continue;
                    }
                    let s = crate::batch::Band::of(&column(&|r| k * r.2.value()));
                    let b = crate::batch::Band::of(&column(&|r| k * r.3.value()));
                    let d = crate::batch::Band::of(&column(&|r| k * (r.2.value() - r.3.value())));
                    out.push(PairedTrialRow {
                        programme: prog.name.clone(),
                        group: g.map_or("all".into(), |g| prog.groups[g as usize].name.clone()),
                        cohort: y.map_or("all".into(), |y| y.to_string()),
                        measure,
                        months_after_referral: months,
                        participants: crate::batch::Band::of(&participants).mean,
                        scenario: s.mean,
                        baseline: b.mean,
                        difference: d.mean,
                        difference_p05: d.p05,
                        difference_p95: d.p95,
                    });
                }
            }
        }
    }
    out
}

/// A paired run's `trial.csv`.
pub fn paired_trial_csv(rows: &[PairedTrialRow]) -> Vec<u8> {
    table::rows(rows.iter().cloned())
}
