//! `gapsim calibration-report` outputs: `calibration.csv` and `calibration.md`, the model
//! beside every published figure it is checked against. Results in, bytes out; no file
//! system access here.

use super::table::{self, cell};
use crate::calibration::{Measure, Target};
use crate::results::Checked;
use serde::Serialize;

/// When a target's figure was measured: a month, a span of years, or a cohort of referrals.
pub fn when(t: &Target) -> String {
    match t.measure {
        Measure::Metric { year, month, .. } => format!("{year}-{month:02}"),
        Measure::MetricMean { from, to, .. } | Measure::Ratio { from, to, .. } => {
            format!("{from}-{to}")
        }
        Measure::JobOutcomeRate { .. } => "2013-2017 referrals".into(),
    }
}

/// A row of `calibration.csv`. Numbers are in the target's units.
#[derive(Serialize, Default)]
struct CalibrationRow<'a> {
    figure: &'a str,
    when: String,
    #[serde(serialize_with = "cell::num")]
    published: f64,
    /// This and the next three are blank when the run does not cover the figure.
    #[serde(serialize_with = "cell::opt_num")]
    model_mean: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    model_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    model_p95: Option<f64>,
    /// Model mean minus published.
    #[serde(serialize_with = "cell::opt_num")]
    difference: Option<f64>,
    #[serde(serialize_with = "cell::num")]
    tolerance: f64,
    tested: bool,
    /// `input`, `fitted`, `shown` or `check` ([`crate::calibration::Role`]).
    role: &'static str,
    within_tolerance: Option<bool>,
    source: &'a str,
}

/// `calibration.csv`: one row per target: the published figure, the model's mean and 5–95%
/// band, the difference, the tolerance and whether the model is within it.
pub fn calibration_csv(checked: &[Checked]) -> Vec<u8> {
    table::rows(checked.iter().map(|c| {
        let (t, m) = (&c.target, c.model);
        CalibrationRow {
            figure: t.name,
            when: when(t),
            published: t.published,
            model_mean: m.map(|b| b.mean),
            model_p05: m.map(|b| b.p05),
            model_p95: m.map(|b| b.p95),
            difference: m.map(|b| b.mean - t.published),
            tolerance: t.tolerance,
            tested: t.tested(),
            role: t.role.name(),
            within_tolerance: c.within(),
            source: t.source,
        }
    }))
}

/// Decimals to show a figure's values with, by its published value: shares and ratios to
/// three, counts whole, the rest (percentages, points) to one (`calibration.md` and the
/// report's calibration table).
pub fn decimals(published: f64) -> usize {
    match published.abs() {
        x if x < 2.0 => 3,
        x if x >= 1000.0 => 0,
        _ => 1,
    }
}

/// `calibration.md`: the same as a table for people, with ✔ within tolerance and ✘ outside
/// for the tested figures (held to their tolerance), "check ✔" and "check ✘" for the checks
/// kept out of the fit, and · for figures shown for information only.
pub fn calibration_md(checked: &[Checked], scenario_name: &str) -> Vec<u8> {
    let scenario_name = super::comparison::md_text(scenario_name);
    let mut s = format!(
        "# Calibration of {scenario_name}\n\nModel (mean and 5–95% band across replications) against the published figures of gapsim's `docs/published-figures.md`. Tested figures (inputs and fitted figures, held to their tolerance): ✔ within it, ✘ outside. Checks, kept out of the fit: check ✔ within the tolerance, check ✘ outside. · shown for information.\n\n| figure | when | published | model [5–95%] | tolerance | | source |\n|---|---|---|---|---|---|---|\n"
    );
    for c in checked {
        let mark = match (c.target.tested(), c.target.role, c.within()) {
            (true, _, Some(true)) => "✔",
            (true, _, _) => "✘",
            (false, crate::calibration::Role::Check, Some(true)) => "check ✔",
            (false, crate::calibration::Role::Check, _) => "check ✘",
            (false, _, _) => "·",
        };
        let decimals = decimals(c.target.published);
        let n = |x: f64| format!("{x:.decimals$}");
        let model = c.model.map_or("not simulated".to_string(), |b| {
            format!("{} [{}–{}]", n(b.mean), n(b.p05), n(b.p95))
        });
        s.push_str(&format!(
            "| {} | {} | {} | {} | ±{} | {} | {} |\n",
            c.target.name,
            when(&c.target),
            n(c.target.published),
            model,
            n(c.target.tolerance),
            mark,
            c.target.source
        ));
    }
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::Band;
    use crate::metrics::idx;

    /// Within tolerance, outside it, shown for information, not simulated, and two checks (one
    /// a count, one a share), outside and within.
    fn checked() -> Vec<Checked> {
        let band = |mean, p05, p95| Some(Band { mean, p05, p95 });
        vec![
            Checked {
                target: Target {
                    name: "disability employment gap (pp)",
                    measure: Measure::Metric {
                        metric: idx::GAP,
                        year: 2013,
                        month: 5,
                    },
                    published: 33.1,
                    tolerance: 1.5,
                    role: crate::calibration::Role::Fitted,
                    source: "UK Parliament written question 171400 (Sept 2018)",
                },
                model: band(32.41234, 31.9, 33.05),
            },
            Checked {
                target: Target {
                    name: "exit ratio, disabled to non-disabled",
                    measure: Measure::Ratio {
                        num: crate::metrics::idx::EXIT_DISABLED,
                        den: crate::metrics::idx::EXIT_NON_DISABLED,
                        from: 2014,
                        to: 2016,
                    },
                    published: 2.0,
                    tolerance: 0.3,
                    role: crate::calibration::Role::Fitted,
                    source: "Jones, Davies & Drake, \"a source, with a comma\"",
                },
                model: band(1.55, 1.4, 1.7),
            },
            Checked {
                target: Target {
                    name: "job outcome rate, Work Programme (%)",
                    measure: Measure::JobOutcomeRate {
                        programme: "Work Programme",
                        group: None,
                    },
                    published: 12.5,
                    tolerance: 5.0,
                    role: crate::calibration::Role::Shown,
                    source: "DWP statistics",
                },
                model: band(14.0, 12.0, 16.0),
            },
            Checked {
                target: Target {
                    name: "disability prevalence, 16-64 (%)",
                    measure: Measure::MetricMean {
                        metric: idx::PREVALENCE,
                        from: 2030,
                        to: 2031,
                    },
                    published: 24.0,
                    tolerance: 2.0,
                    role: crate::calibration::Role::Fitted,
                    source: "Commons Library CBP-7540",
                },
                model: None,
            },
            Checked {
                target: Target {
                    name: "people on PIP",
                    measure: Measure::Metric {
                        metric: idx::PIP_CLAIMANTS,
                        year: 2025,
                        month: 1,
                    },
                    published: 3_660_000.0,
                    tolerance: 549_000.0,
                    role: crate::calibration::Role::Check,
                    source: "DWP PIP statistics",
                },
                model: band(2_711_506.2, 2_678_161.0, 2_743_108.5),
            },
            Checked {
                target: Target {
                    name: "PIP reviews keeping the award (share)",
                    measure: Measure::Ratio {
                        num: idx::PIP_REVIEWS_KEPT,
                        den: idx::PIP_REVIEWS,
                        from: 2020,
                        to: 2024,
                    },
                    published: 0.76,
                    tolerance: 0.03,
                    role: crate::calibration::Role::Check,
                    source: "DWP PIP statistics",
                },
                model: band(0.7727, 0.7686, 0.7769),
            },
        ]
    }

    #[test]
    fn calibration_csv_has_one_row_per_figure_and_blanks_one_not_simulated() {
        insta::assert_snapshot!(String::from_utf8(calibration_csv(&checked())).unwrap());
    }

    #[test]
    fn calibration_md_marks_each_figure() {
        insta::assert_snapshot!(String::from_utf8(calibration_md(&checked(), "Baseline")).unwrap());
    }
}
