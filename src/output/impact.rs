//! Net impact of a scenario against its baseline: the headline numbers per replication and
//! their exporters (`impact.csv`, `impact_summary.csv`, `impact_breakdown.csv`). No file
//! system access here.

use super::export::by_decile;
use super::table::{self, cell, dynamic, num};
use crate::batch::Band;
use crate::counterfactual::{PairTotals, PairedReplication};
use crate::engine::Model;
use crate::metrics::{MonthCounts, idx, metrics};
use serde::Serialize;

/// The numbers a commissioner compares, for one replication [real people and £].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Headline {
    /// Public money spent over the run, scenario world: programme payments and what the
    /// employer levers cost (`MonthCounts::public_spend`).
    pub spend_gbp: f64,
    pub job_outcomes: f64,
    pub sustained_outcomes: f64,
    /// Jobs reaching the sustained tenure, scenario minus baseline, summed over the run.
    pub net_additional_sustained_jobs: f64,
    /// Participants' sustained jobs that the same people also had in the baseline world, over
    /// the spells of the programmes that differ between the worlds
    /// ([`crate::counterfactual::differing_programmes`]) only.
    /// `None` when no programme differs between the worlds.
    pub deadweight_share: Option<f64>,
    /// Scenario spend minus baseline spend (both as `spend_gbp`).
    pub additional_spend_gbp: f64,
    /// `additional_spend_gbp / net_additional_sustained_jobs`; `None` unless the net, the
    /// additional spend and the change in people in work at the end are positive (or the last
    /// zero).
    pub cost_per_additional_sustained_job_gbp: Option<f64>,
    /// Share of participants whose mean support was below `outputs.parked_threshold_hours`.
    pub parked_share: f64,
    pub gap_pp_at_end: f64,
    /// Gap in the scenario minus gap in the baseline, in the last month.
    pub gap_change_pp_at_end: f64,
    /// Additional people in work in the last month (scenario minus baseline).
    pub additional_employed_at_end: f64,
    /// Of `additional_spend_gbp`, what the employer levers cost (wage subsidies, Access to
    /// Work), scenario minus baseline.
    pub additional_employer_spend_gbp: f64,
    /// Would-be hires not taken for want of a vacancy, scenario minus baseline, over the run
    /// (0 unless vacancies are constrained).
    pub additional_hires_displaced: f64,
    /// Additional disabled people in work in the last month (scenario minus baseline).
    pub additional_employed_disabled_at_end: f64,
    /// Spending on benefits (UC, JSA, ESA, incapacity benefit, PIP and DLA at their rates),
    /// scenario minus baseline, over the run [£].
    pub additional_benefit_spend_gbp: f64,
    /// `additional_spend_gbp + additional_benefit_spend_gbp`: what the scenario costs the
    /// Exchequer in public spending and benefits over the run [£]; tax and National Insurance
    /// on the earnings it adds are not counted.
    pub net_exchequer_cost_gbp: f64,
    /// The claimant count and the UC health caseload (LCW and LCWRA), scenario minus baseline,
    /// in the last month [people].
    pub claimant_count_change_at_end: f64,
    pub uc_health_change_at_end: f64,
}

/// Reads one headline number; `None` where it is undefined.
pub type Getter = fn(&Headline) -> Option<f64>;

/// Names and getters of the headline columns, in output order.
pub const HEADLINE: [(&str, Getter); 18] = [
    ("spend_gbp", |h| Some(h.spend_gbp)),
    ("job_outcomes", |h| Some(h.job_outcomes)),
    ("sustained_outcomes", |h| Some(h.sustained_outcomes)),
    ("net_additional_sustained_jobs", |h| {
        Some(h.net_additional_sustained_jobs)
    }),
    ("deadweight_share", |h| h.deadweight_share),
    ("additional_spend_gbp", |h| Some(h.additional_spend_gbp)),
    ("cost_per_additional_sustained_job_gbp", |h| {
        h.cost_per_additional_sustained_job_gbp
    }),
    ("parked_share", |h| Some(h.parked_share)),
    ("gap_pp_at_end", |h| Some(h.gap_pp_at_end)),
    ("gap_change_pp_at_end", |h| Some(h.gap_change_pp_at_end)),
    ("additional_employed_at_end", |h| {
        Some(h.additional_employed_at_end)
    }),
    ("additional_employer_spend_gbp", |h| {
        Some(h.additional_employer_spend_gbp)
    }),
    ("additional_hires_displaced", |h| {
        Some(h.additional_hires_displaced)
    }),
    ("additional_employed_disabled_at_end", |h| {
        Some(h.additional_employed_disabled_at_end)
    }),
    ("additional_benefit_spend_gbp", |h| {
        Some(h.additional_benefit_spend_gbp)
    }),
    ("net_exchequer_cost_gbp", |h| Some(h.net_exchequer_cost_gbp)),
    ("claimant_count_change_at_end", |h| {
        Some(h.claimant_count_change_at_end)
    }),
    ("uc_health_change_at_end", |h| {
        Some(h.uc_health_change_at_end)
    }),
];

/// What the employer levers cost in a month [£ per agent].
fn employer_spend(c: &MonthCounts) -> f64 {
    c.hiring.wage_subsidy_spend + c.hiring.access_to_work_spend
}

fn sum_months(months: &[MonthCounts], f: impl Fn(&MonthCounts) -> f64) -> f64 {
    months.iter().map(f).sum()
}

/// The headline of one paired replication; `differs` marks the programmes that differ between
/// the worlds ([`crate::counterfactual::differing_programmes`]): only their spells count
/// towards the deadweight.
pub fn headline(model: &Model, differs: &[bool], pair: &PairedReplication) -> Headline {
    let s = &model.scenario;
    let scale = s.population.scale;
    let (ms, mb) = (&pair.scenario.months, &pair.baseline.months);
    let reached =
        |c: &MonthCounts| (c.jobs_reaching_sustained[0] + c.jobs_reaching_sustained[1]) as f64;
    let net = (sum_months(ms, reached) - sum_months(mb, reached)) * scale;
    let spend = sum_months(ms, MonthCounts::public_spend) * scale;
    let extra = spend - sum_months(mb, MonthCounts::public_spend) * scale;
    let totals =
        crate::counterfactual::together(differs, &pair.scenario.participations, &pair.spells);
    let threshold = s.outputs.parked_threshold_hours;
    // Parking, like the deadweight, of the programmes that differ.
    let spells: Vec<&crate::metrics::Participation> = pair
        .scenario
        .participations
        .iter()
        .filter(|p| differs.get(p.programme as usize).copied().unwrap_or(true))
        .collect();
    let parked = spells.iter().filter(|p| p.mean_hours() < threshold).count();
    let (last_s, last_b) = (
        ms.last().map(|c| metrics(c, scale)),
        mb.last().map(|c| metrics(c, scale)),
    );
    let employed =
        |c: Option<&MonthCounts>| c.map_or(0.0, |c| (c.employed[0] + c.employed[1]) as f64 * scale);
    let additional_employed = employed(ms.last()) - employed(mb.last());
    let benefit_spend = |c: &MonthCounts| c.benefits.spend();
    let benefits = (sum_months(ms, benefit_spend) - sum_months(mb, benefit_spend)) * scale;
    let at_end = |k: usize| match (last_s, last_b) {
        (Some(a), Some(b)) => a[k] - b[k],
        _ => 0.0,
    };
    Headline {
        spend_gbp: spend,
        job_outcomes: sum_months(ms, |c| c.job_outcomes as f64) * scale,
        sustained_outcomes: sum_months(ms, |c| c.sustained_outcomes as f64) * scale,
        net_additional_sustained_jobs: net,
        deadweight_share: differs
            .iter()
            .any(|&d| d)
            .then(|| totals.deadweight_share()),
        additional_spend_gbp: extra,
        // Net additional sustained jobs count new jobs reaching their tenure: a scenario that
        // pushes people out of work can add them through churn while employment falls, so no
        // cost per job is given then.
        // Nor when nothing more was spent: a "cost" of £0 or less per job is no cost.
        cost_per_additional_sustained_job_gbp: (net > 0.0
            && additional_employed >= 0.0
            && extra > 0.0)
            .then(|| extra / net),
        parked_share: if spells.is_empty() {
            0.0
        } else {
            parked as f64 / spells.len() as f64
        },
        gap_pp_at_end: last_s.map_or(0.0, |m| m[idx::GAP]),
        gap_change_pp_at_end: match (last_s, last_b) {
            (Some(a), Some(b)) => a[idx::GAP] - b[idx::GAP],
            _ => 0.0,
        },
        additional_employed_at_end: additional_employed,
        additional_employer_spend_gbp: (sum_months(ms, employer_spend)
            - sum_months(mb, employer_spend))
            * scale,
        additional_hires_displaced: (sum_months(ms, |c| c.hiring.displaced as f64)
            - sum_months(mb, |c| c.hiring.displaced as f64))
            * scale,
        additional_employed_disabled_at_end: (ms.last().map_or(0.0, |c| c.employed[1] as f64)
            - mb.last().map_or(0.0, |c| c.employed[1] as f64))
            * scale,
        additional_benefit_spend_gbp: benefits,
        net_exchequer_cost_gbp: extra + benefits,
        claimant_count_change_at_end: at_end(idx::CLAIMANT_COUNT),
        uc_health_change_at_end: at_end(idx::UC_HEALTH),
    }
}

/// The paired run's result in one sentence for the terminal: the programmes it covers
/// ([`crate::counterfactual::differing_programmes`]), the net additional sustained jobs, the
/// deadweight, the cost per additional sustained job and the change in the gap at the end, each
/// with its 5–95% band across replications.
pub fn describe(model: &Model, baseline: &Model, pairs: &[PairedReplication]) -> String {
    let differs = crate::counterfactual::differing_programmes(model, baseline);
    let heads: Vec<Headline> = pairs.iter().map(|p| headline(model, &differs, p)).collect();
    let band = |get: Getter| headline_band(&heads, get);
    let count = |b: Band| {
        format!(
            "{} ({} to {})",
            crate::output::people_count(b.mean),
            crate::output::people_count(b.p05),
            crate::output::people_count(b.p95)
        )
    };
    let pct = |b: Band| {
        format!(
            "{}% ({}% to {}%)",
            table::fixed(100.0 * b.mean, 0),
            table::fixed(100.0 * b.p05, 0),
            table::fixed(100.0 * b.p95, 0)
        )
    };
    let pp = |b: Band| {
        format!(
            "{} pp ({} to {})",
            table::fixed(b.mean, 2),
            table::fixed(b.p05, 2),
            table::fixed(b.p95, 2)
        )
    };
    let net = band(HEADLINE[3].1).map_or("n/a".into(), count);
    let covered = crate::counterfactual::covered_names(model, &differs);
    let deadweight = if covered == "none" {
        "no programme differs from the baseline's".to_string()
    } else {
        format!(
            "deadweight of {covered} {}",
            band(HEADLINE[4].1).map_or("n/a".into(), pct)
        )
    };
    let money = |x: f64| format!("£{}", crate::output::people_count(x));
    // Why there is no cost per job, the first reason that holds: a cost needs more spent on
    // programmes, more sustained jobs and no fewer people in work, in every replication.
    let why = if heads.iter().all(|h| h.additional_spend_gbp <= 0.0) {
        "the scenario spends no more on programmes than its baseline"
    } else if heads.iter().any(|h| h.additional_spend_gbp <= 0.0) {
        "some replication spends no more on programmes"
    } else if heads.iter().any(|h| h.net_additional_sustained_jobs <= 0.0) {
        "some replication has no additional sustained job"
    } else {
        "some replication has fewer people in work at the end"
    };
    let cost = band(HEADLINE[6].1).map_or(
        format!("no cost per additional sustained job ({why})"),
        |b| {
            format!(
                "{} ({} to {}) per additional sustained job",
                money(b.mean),
                money(b.p05),
                money(b.p95)
            )
        },
    );
    let in_work = band(HEADLINE[10].1).map_or("n/a".into(), count);
    // Benefit spending where the scenario changes it (a reform of the benefit system, or a
    // programme that moves people off benefit).
    let bn = |x: f64| {
        let sign = if x < 0.0 { "−" } else { "+" };
        format!("{sign}£{:.2}bn", x.abs() / 1e9)
    };
    let benefits = HEADLINE
        .iter()
        .find(|(name, _)| *name == "additional_benefit_spend_gbp")
        .and_then(|(_, get)| band(*get))
        .filter(|b| b.mean != 0.0)
        .map_or(String::new(), |b| {
            format!(
                "; benefit spending over the run {} ({} to {})",
                bn(b.mean),
                bn(b.p05),
                bn(b.p95)
            )
        });
    format!(
        "against `{}`: {net} net additional sustained jobs; {deadweight}; {cost}; change in \
         people in work at the end {in_work}; gap change at the end {}{benefits}",
        baseline.scenario.name.escape_debug(),
        band(HEADLINE[9].1).map_or("n/a".into(), pp)
    )
}

/// The band of a headline column across replications; `None` when any replication has no
/// value (e.g. no additional jobs, so no cost per additional job).
pub fn headline_band(heads: &[Headline], get: Getter) -> Option<Band> {
    let values: Option<Vec<f64>> = heads.iter().map(get).collect();
    values.filter(|v| !v.is_empty()).map(|v| Band::of(&v))
}

/// A row of `impact_summary.csv`: one headline number; blank where it is undefined in any
/// replication.
#[derive(Serialize, Default)]
struct SummaryRow<'a> {
    metric: &'a str,
    #[serde(serialize_with = "cell::opt_num")]
    mean: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    p95: Option<f64>,
}

/// `impact_summary.csv`: one row per headline number, with its 5–95% band.
pub fn summary_csv(heads: &[Headline]) -> Vec<u8> {
    table::rows(HEADLINE.iter().map(|(name, get)| {
        let b = headline_band(heads, *get);
        SummaryRow {
            metric: name,
            mean: b.map(|b| b.mean),
            p05: b.map(|b| b.p05),
            p95: b.map(|b| b.p95),
        }
    }))
}

/// Monthly differences, scenario minus baseline, per replication: `[rep][month][k]`.
const MONTHLY: [&str; 5] = [
    "additional_employed",
    "additional_employed_disabled",
    "gap_change_pp",
    "cumulative_additional_sustained_jobs",
    "cumulative_additional_spend_gbp",
];

fn monthly(model: &Model, pairs: &[PairedReplication]) -> Vec<Vec<[f64; MONTHLY.len()]>> {
    let scale = model.scenario.population.scale;
    pairs
        .iter()
        .map(|pair| {
            let (mut jobs, mut spend) = (0.0, 0.0);
            pair.scenario
                .months
                .iter()
                .zip(&pair.baseline.months)
                .map(|(a, b)| {
                    let (ma, mb) = (metrics(a, scale), metrics(b, scale));
                    jobs += ma[idx::JOBS_REACHING_SUSTAINED] - mb[idx::JOBS_REACHING_SUSTAINED];
                    spend += (a.public_spend() - b.public_spend()) * scale;
                    [
                        (a.employed[0] + a.employed[1]) as f64 * scale
                            - (b.employed[0] + b.employed[1]) as f64 * scale,
                        (a.employed[1] as f64 - b.employed[1] as f64) * scale,
                        ma[idx::GAP] - mb[idx::GAP],
                        jobs,
                        spend,
                    ]
                })
                .collect()
        })
        .collect()
}

/// The band of one monthly difference over months, for plots: `(decimal year, band)`.
pub fn monthly_series(model: &Model, pairs: &[PairedReplication], k: usize) -> Vec<(f64, Band)> {
    let table = monthly(model, pairs);
    let months = table.first().map_or(0, |r| r.len());
    (0..months)
        .map(|t| {
            let v: Vec<f64> = table.iter().map(|r| r[t][k]).collect();
            (model.scenario.date(t as i32).decimal_year(), Band::of(&v))
        })
        .collect()
}

/// The band over pairs of a monthly metric's difference, scenario minus baseline (`metric`: an
/// index of `METRIC_NAMES`), for plots: `(decimal year, band)`.
pub fn metric_difference_series(
    model: &Model,
    pairs: &[PairedReplication],
    metric: usize,
) -> Vec<(f64, Band)> {
    let scale = model.scenario.population.scale;
    let months = pairs.first().map_or(0, |p| p.scenario.months.len());
    (0..months)
        .map(|t| {
            let v: Vec<f64> = pairs
                .iter()
                .map(|p| {
                    metrics(&p.scenario.months[t], scale)[metric]
                        - metrics(&p.baseline.months[t], scale)[metric]
                })
                .collect();
            (model.scenario.date(t as i32).decimal_year(), Band::of(&v))
        })
        .collect()
}

/// Index of `gap_change_pp` in the monthly differences.
pub const GAP_CHANGE: usize = 2;

/// `impact.csv`: one row per month, mean and 5–95% band of each difference (three columns per
/// difference of `MONTHLY`, so the rows are written as cells).
pub fn monthly_csv(model: &Model, pairs: &[PairedReplication]) -> Vec<u8> {
    let table = monthly(model, pairs);
    let mut header = vec!["month".to_string(), "date".to_string()];
    for m in MONTHLY {
        header.extend([format!("{m}_mean"), format!("{m}_p05"), format!("{m}_p95")]);
    }
    let months = table.first().map_or(0, |r| r.len());
    let rows = (0..months).map(|t| {
        let mut row = vec![t.to_string(), model.scenario.date(t as i32).to_string()];
        for k in 0..MONTHLY.len() {
            let b = Band::of(&table.iter().map(|r| r[t][k]).collect::<Vec<_>>());
            row.extend([num(b.mean), num(b.p05), num(b.p95)]);
        }
        row
    });
    dynamic(&header, rows)
}

/// A row of `impact_breakdown.csv`.
#[derive(Serialize, Default)]
struct BreakdownRow<'a> {
    /// `together` (every programme that differs from the baseline, named in `programme`; a
    /// person on two of them at once counts once),
    /// `total`, `payment_group` or `true_distance_decile`.
    breakdown: &'a str,
    #[serde(serialize_with = "cell::text")]
    programme: &'a str,
    /// Whether the programme differs from the baseline's (absent there, or set otherwise);
    /// the paired outcomes of one that does not are the same programme met twice.
    differs_from_baseline: bool,
    /// `all`, the group's name, or the decile (1 = closest to work).
    #[serde(serialize_with = "cell::text")]
    category: String,
    #[serde(serialize_with = "cell::num")]
    participants: f64,
    #[serde(serialize_with = "cell::num")]
    sustained_jobs: f64,
    #[serde(serialize_with = "cell::num")]
    baseline_sustained_jobs: f64,
    #[serde(serialize_with = "cell::num")]
    deadweight: f64,
    #[serde(serialize_with = "cell::num")]
    net_additional_sustained_jobs: f64,
    #[serde(serialize_with = "cell::num")]
    deadweight_share: f64,
    /// Blank for deciles (payments are by payment group).
    #[serde(serialize_with = "cell::opt_num")]
    payments_gbp: Option<f64>,
    /// Additional payments (the row's payments less those of the same programme and group in
    /// the baseline) over net additional sustained jobs; blank without payments or without a
    /// positive net; negative when the scenario pays less than the baseline for more jobs.
    #[serde(serialize_with = "cell::opt_num")]
    cost_per_additional_sustained_job_gbp: Option<f64>,
}

/// `impact_breakdown.csv`: participants' paired outcomes by programme and payment group and
/// by decile of true distance from work at referral (pooled over replications; counts are
/// means per replication in real people).
pub fn breakdown_csv(
    model: &Model,
    baseline: &Model,
    differs: &[bool],
    pairs: &[PairedReplication],
) -> Vec<u8> {
    let s = &model.scenario;
    let per_rep = s.population.scale / pairs.len().max(1) as f64;
    // Payments by a programme of the same name in the baseline world [real £ per replication].
    let baseline_paid = |name: &str| -> f64 {
        let Some(bi) = baseline.programmes.iter().position(|p| p.name == name) else {
            return 0.0;
        };
        pairs
            .iter()
            .map(|p| {
                p.baseline
                    .programme_spend
                    .iter()
                    .map(|m| m[bi])
                    .sum::<f64>()
            })
            .sum::<f64>()
            * per_rep
    };
    // Payments for a payment group of a programme of the same names in the baseline world.
    let baseline_group_paid = |name: &str, group: &str| -> f64 {
        let Some(bp) = baseline.programmes.iter().find(|p| p.name == name) else {
            return 0.0;
        };
        let Some(g) = bp.groups.iter().position(|g| g.name == group) else {
            return 0.0;
        };
        pairs
            .iter()
            .map(|p| {
                (0..bp.provider_names.len())
                    .map(|v| p.baseline.cells[bp.cell(v as u8, g as u8)].payments)
                    .sum::<f64>()
            })
            .sum::<f64>()
            * per_rep
    };
    let row = |breakdown,
               programme,
               differs_from_baseline,
               category,
               t: &PairTotals,
               paid: Option<f64>,
               extra: Option<f64>| {
        let net = t.net() * per_rep;
        BreakdownRow {
            breakdown,
            programme,
            differs_from_baseline,
            category,
            participants: t.spells as f64 * per_rep,
            sustained_jobs: t.outcomes as f64 * per_rep,
            baseline_sustained_jobs: t.baseline_outcomes as f64 * per_rep,
            deadweight: t.deadweight as f64 * per_rep,
            net_additional_sustained_jobs: net,
            deadweight_share: t.deadweight_share(),
            payments_gbp: paid,
            // As the headline's: none unless both the jobs and the payments added are positive.
            cost_per_additional_sustained_job_gbp: extra
                .filter(|&p| net > 0.0 && p > 0.0)
                .map(|p| p / net),
        }
    };
    let together_name = crate::counterfactual::covered_names(model, differs);
    let mut together = PairTotals::default();
    for pair in pairs {
        let t =
            crate::counterfactual::together(differs, &pair.scenario.participations, &pair.spells);
        together.spells += t.spells;
        together.outcomes += t.outcomes;
        together.baseline_outcomes += t.baseline_outcomes;
        together.deadweight += t.deadweight;
    }
    let (mut together_paid, mut together_extra) = (0.0, 0.0);
    let mut rows = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        let differs = differs.get(pi).copied().unwrap_or(true);
        let mut by_group = vec![PairTotals::default(); prog.groups.len()];
        let mut total = PairTotals::default();
        let mut spells: Vec<(f32, crate::counterfactual::SpellPair)> = Vec::new();
        let mut paid = vec![0.0; prog.groups.len()];
        for pair in pairs {
            for (p, sp) in pair.scenario.participations.iter().zip(&pair.spells) {
                if p.programme as usize != pi {
                    continue;
                }
                by_group[p.group as usize].add(*sp);
                total.add(*sp);
                spells.push((p.true_distance, *sp));
            }
            for (vi, _) in prog.provider_names.iter().enumerate() {
                for (g, total) in paid.iter_mut().enumerate() {
                    *total += pair.scenario.cells[prog.cell(vi as u8, g as u8)].payments;
                }
            }
        }
        let paid_all: f64 = paid.iter().sum::<f64>() * per_rep;
        // The programme's cost per additional job is its additional spend: what it paid less
        // what the same programme paid in the baseline world.
        let extra = paid_all - baseline_paid(&prog.name);
        if differs {
            together_paid += paid_all;
            together_extra += extra;
        }
        rows.push(row(
            "total",
            &prog.name,
            differs,
            "all".into(),
            &total,
            Some(paid_all),
            Some(extra),
        ));
        for (g, group) in prog.groups.iter().enumerate() {
            rows.push(row(
                "payment_group",
                &prog.name,
                differs,
                group.name.clone(),
                &by_group[g],
                Some(paid[g] * per_rep),
                Some(paid[g] * per_rep - baseline_group_paid(&prog.name, &group.name)),
            ));
        }
        let deciles = by_decile(&mut spells, |s| s.0, |t: &mut PairTotals, s| t.add(s.1));
        for (d, t) in deciles.iter().enumerate() {
            rows.push(row(
                "true_distance_decile",
                &prog.name,
                differs,
                (d + 1).to_string(),
                t,
                None,
                None,
            ));
        }
    }
    rows.insert(
        0,
        row(
            "together",
            &together_name,
            true,
            "all".into(),
            &together,
            Some(together_paid),
            Some(together_extra),
        ),
    );
    table::rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_csv_bands_each_headline_and_blanks_an_undefined_one() {
        let head = |spend_gbp: f64, net: f64, cost: Option<f64>| Headline {
            spend_gbp,
            job_outcomes: 1200.0,
            sustained_outcomes: 800.0,
            net_additional_sustained_jobs: net,
            deadweight_share: Some(0.4),
            additional_spend_gbp: spend_gbp,
            cost_per_additional_sustained_job_gbp: cost,
            parked_share: 0.125,
            gap_pp_at_end: 27.5,
            gap_change_pp_at_end: -0.25,
            additional_employed_at_end: 350.0,
            additional_employer_spend_gbp: 0.0,
            additional_hires_displaced: 0.0,
            additional_employed_disabled_at_end: 120.0,
            additional_benefit_spend_gbp: -2.0e6,
            net_exchequer_cost_gbp: spend_gbp - 2.0e6,
            claimant_count_change_at_end: -90.0,
            uc_health_change_at_end: -15.0,
        };
        // No additional jobs in the second replication, so no cost per additional job.
        let heads = [head(1.0e7, 400.0, Some(25_000.0)), head(1.2e7, 0.0, None)];
        insta::assert_snapshot!(String::from_utf8(summary_csv(&heads)).unwrap());
    }
}
