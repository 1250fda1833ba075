//! The files of a run: results in, bytes out. No file system access here.
//!
//! Tables are written as [`super::table`] describes: row structs where the columns are fixed,
//! [`dynamic`] rows where there is one column per metric.

use super::table::{self, cell, dynamic, num};
use crate::batch::{Band, metric_table, summary};
use crate::engine::{Model, ReplicationResult};
use crate::goal::Halving;
use crate::metrics::{METRIC_NAMES, Participation};
use crate::results::Swing;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// `summary.csv`: one row per month, mean and 5–95% band of every metric across replications
/// (three columns per metric of `METRIC_NAMES`, so the rows are written as cells).
pub fn summary_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let bands = summary(&metric_table(model, reps));
    let mut header = vec!["month".to_string(), "date".to_string()];
    for m in METRIC_NAMES {
        header.extend([format!("{m}_mean"), format!("{m}_p05"), format!("{m}_p95")]);
    }
    let rows = bands.iter().enumerate().map(|(t, row)| {
        let mut r = vec![t.to_string(), model.scenario.date(t as i32).to_string()];
        for b in row {
            r.extend([num(b.mean), num(b.p05), num(b.p95)]);
        }
        r
    });
    dynamic(&header, rows)
}

/// `areas.csv`: one row per area and month: the gap and both employment rates [%, pp], the
/// programme starts made to the area's residents and the payments for them [real people, £]
/// (block funding spread over the areas a programme serves by their shares of the
/// population), each as the mean and 5th and 95th percentiles over replications. A world of
/// one area has one area whose rows are the national totals.
pub fn areas_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let (header, rows) = area_table(model, reps);
    dynamic(&header, rows)
}

/// The header and rows of [`areas_csv`] (for `compare`'s table of several scenarios).
pub fn area_table(model: &Model, reps: &[ReplicationResult]) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::metrics::AreaMonth;
    let s = &model.scenario;
    let scale = s.population.scale;
    const COLUMNS: [&str; 5] = [
        "gap_pp",
        "employment_rate_disabled",
        "employment_rate_non_disabled",
        "programme_starts",
        "spend_gbp",
    ];
    let mut header = vec!["area".to_string(), "month".to_string(), "date".to_string()];
    for c in COLUMNS {
        header.extend([format!("{c}_mean"), format!("{c}_p05"), format!("{c}_p95")]);
    }
    let area_of = |r: &ReplicationResult, t: usize, a: usize| -> AreaMonth {
        match r.areas.get(t) {
            Some(row) => row[a],
            None => {
                let c = &r.months[t];
                AreaMonth {
                    people: c.people,
                    employed: c.employed,
                    starts: c.starts,
                    spend: c.spend,
                }
            }
        }
    };
    let rate = |e: u64, n: u64| {
        if n == 0 {
            0.0
        } else {
            100.0 * e as f64 / n as f64
        }
    };
    let mut rows = Vec::new();
    for (a, area) in s.areas.iter().enumerate() {
        for t in 0..s.months as usize {
            let values: Vec<[f64; 5]> = reps
                .iter()
                .map(|r| {
                    let m = area_of(r, t, a);
                    let (d, n) = (
                        rate(m.employed[1], m.people[1]),
                        rate(m.employed[0], m.people[0]),
                    );
                    let gap = if m.people[0] == 0 || m.people[1] == 0 {
                        0.0
                    } else {
                        n - d
                    };
                    [gap, d, n, m.starts as f64 * scale, m.spend * scale]
                })
                .collect();
            let mut row = vec![
                table::text(&area.name).into_owned(),
                t.to_string(),
                s.date(t as i32).to_string(),
            ];
            for k in 0..COLUMNS.len() {
                let b = crate::batch::Band::of(&values.iter().map(|v| v[k]).collect::<Vec<_>>());
                row.extend([num(b.mean), num(b.p05), num(b.p95)]);
            }
            rows.push(row);
        }
    }
    (header, rows)
}

/// A row of `metrics_long.csv`.
#[derive(Serialize, Default)]
struct LongRow {
    month: usize,
    date: String,
    /// `replication` (one replication's value, numbered in `replication`), `mean`, `p05` or
    /// `p95` (across replications).
    statistic: &'static str,
    /// Blank for the statistics across replications.
    replication: Option<u32>,
    /// The metric without its group: `employment_rate`, `exit_rate`, …
    metric: String,
    /// `disabled`, `non_disabled`, or `all` for a metric of everyone.
    group: &'static str,
    #[serde(serialize_with = "cell::num")]
    value: f64,
}

/// A metric's name split into the metric and the group it is of: `employment_rate_disabled`
/// → (`employment_rate`, `disabled`); `entry_rate_disabled_recent` →
/// (`entry_rate_recent`, `disabled`); `gap_pp` → (`gap_pp`, `all`).
fn metric_and_group(name: &str) -> (String, &'static str) {
    for (tag, group) in [("_non_disabled", "non_disabled"), ("_disabled", "disabled")] {
        if let Some(i) = name.find(tag) {
            return (format!("{}{}", &name[..i], &name[i + tag.len()..]), group);
        }
    }
    (name.to_string(), "all")
}

/// `metrics_long.csv`: every metric of `summary.csv` and `trajectories.csv` in long ("tidy")
/// form for R and pandas, one value a row: `month`, `date`, `statistic` (`replication`, `mean`,
/// `p05`, `p95`), `replication` (for a replication's own value), `metric`, `group`
/// (`disabled`, `non_disabled` or `all`) and `value`.
pub fn metrics_long_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let table = metric_table(model, reps);
    let bands = summary(&table);
    let names: Vec<(String, &'static str)> =
        METRIC_NAMES.iter().map(|m| metric_and_group(m)).collect();
    let mut rows = Vec::new();
    for t in 0..model.scenario.months as usize {
        let date = model.scenario.date(t as i32).to_string();
        for (k, (metric, group)) in names.iter().enumerate() {
            let b = &bands[t][k];
            for (statistic, value) in [("mean", b.mean), ("p05", b.p05), ("p95", b.p95)] {
                rows.push(LongRow {
                    month: t,
                    date: date.clone(),
                    statistic,
                    replication: None,
                    metric: metric.clone(),
                    group,
                    value,
                });
            }
            for (r, months) in reps.iter().zip(&table) {
                rows.push(LongRow {
                    month: t,
                    date: date.clone(),
                    statistic: "replication",
                    replication: Some(r.replication),
                    metric: metric.clone(),
                    group,
                    value: months[t][k],
                });
            }
        }
    }
    table::rows(rows)
}

/// `trajectories.csv`: one row per replication and month (a column per metric of
/// `METRIC_NAMES`, so the rows are written as cells).
pub fn trajectories_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let table = metric_table(model, reps);
    let mut header = vec![
        "replication".to_string(),
        "month".to_string(),
        "date".to_string(),
    ];
    header.extend(METRIC_NAMES.iter().map(|m| m.to_string()));
    let mut rows = Vec::new();
    for (r, months) in reps.iter().zip(&table) {
        for (t, values) in months.iter().enumerate() {
            let mut row = vec![
                r.replication.to_string(),
                t.to_string(),
                model.scenario.date(t as i32).to_string(),
            ];
            row.extend(values.iter().map(|v| num(*v)));
            rows.push(row);
        }
    }
    dynamic(&header, rows)
}

/// Totals of a set of programme spells.
#[derive(Clone, Debug, Default)]
pub struct SpellStats {
    pub spells: u64,
    pub job_outcomes: u64,
    pub sustained: u64,
    pub hours: f64,
    pub months: u64,
    pub parked: u64,
    pub assessed: f64,
    pub true_distance: f64,
}

impl SpellStats {
    pub fn add(&mut self, p: &Participation, parked_threshold: f64) {
        self.spells += 1;
        self.job_outcomes += p.job_outcome as u64;
        self.sustained += p.sustained as u64;
        self.hours += p.hours as f64;
        self.months += p.months as u64;
        self.parked += (p.mean_hours() < parked_threshold) as u64;
        self.assessed += p.assessed_distance as f64;
        self.true_distance += p.true_distance as f64;
    }

    /// Support hours per participant-month.
    pub fn mean_hours(&self) -> f64 {
        if self.months == 0 {
            0.0
        } else {
            self.hours / self.months as f64
        }
    }

    pub fn share(&self, n: u64) -> f64 {
        if self.spells == 0 {
            0.0
        } else {
            n as f64 / self.spells as f64
        }
    }

    /// Mean per spell of a total over the spells; 0 without spells.
    pub fn mean(&self, total: f64) -> f64 {
        if self.spells == 0 {
            0.0
        } else {
            total / self.spells as f64
        }
    }
}

/// A row of `programmes.csv`.
#[derive(Serialize, Default)]
struct ProgrammeRow<'a> {
    #[serde(serialize_with = "cell::text")]
    programme: &'a str,
    #[serde(serialize_with = "cell::text")]
    provider: &'a str,
    #[serde(serialize_with = "cell::text")]
    payment_group: &'a str,
    #[serde(serialize_with = "cell::num")]
    starts: f64,
    #[serde(serialize_with = "cell::num")]
    job_outcomes: f64,
    #[serde(serialize_with = "cell::num")]
    sustained_outcomes: f64,
    #[serde(serialize_with = "cell::num")]
    payments_gbp: f64,
    /// Blank without sustained outcomes.
    #[serde(serialize_with = "cell::opt_num")]
    cost_per_sustained_outcome_gbp: Option<f64>,
    #[serde(serialize_with = "cell::num")]
    mean_support_hours: f64,
    #[serde(serialize_with = "cell::num")]
    parked_share: f64,
    #[serde(serialize_with = "cell::num")]
    job_outcome_rate: f64,
    #[serde(serialize_with = "cell::num")]
    mean_assessed_distance: f64,
    #[serde(serialize_with = "cell::num")]
    mean_true_distance: f64,
}

/// `programmes.csv`: one row per programme, provider and payment group. Counts and money are
/// totals over the run, averaged over replications and scaled to real people; hours and
/// shares are over all spells of all replications.
pub fn programmes_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let per_rep = s.population.scale / reps.len().max(1) as f64;
    let threshold = s.outputs.parked_threshold_hours;
    let mut stats = vec![SpellStats::default(); model.n_cells];
    let mut payments = vec![0.0; model.n_cells];
    for r in reps {
        for p in &r.participations {
            let prog = &model.programmes[p.programme as usize];
            stats[prog.cell(p.provider, p.group)].add(p, threshold);
        }
        for (total, c) in payments.iter_mut().zip(&r.cells) {
            *total += c.payments;
        }
    }
    let mut rows = Vec::new();
    for prog in &model.programmes {
        for (vi, provider) in prog.provider_names.iter().enumerate() {
            for (gi, group) in prog.groups.iter().enumerate() {
                let cell = prog.cell(vi as u8, gi as u8);
                let st = &stats[cell];
                let paid = payments[cell] * per_rep;
                let sustained = st.sustained as f64 * per_rep;
                rows.push(ProgrammeRow {
                    programme: &prog.name,
                    provider,
                    payment_group: &group.name,
                    starts: st.spells as f64 * per_rep,
                    job_outcomes: st.job_outcomes as f64 * per_rep,
                    sustained_outcomes: sustained,
                    payments_gbp: paid,
                    cost_per_sustained_outcome_gbp: (sustained > 0.0).then(|| paid / sustained),
                    mean_support_hours: st.mean_hours(),
                    parked_share: st.share(st.parked),
                    job_outcome_rate: st.share(st.job_outcomes),
                    mean_assessed_distance: st.mean(st.assessed),
                    mean_true_distance: st.mean(st.true_distance),
                });
            }
        }
    }
    table::rows(rows)
}

/// A row of `providers.csv`.
#[derive(Serialize, Default)]
struct ProviderRow<'a> {
    #[serde(serialize_with = "cell::text")]
    programme: &'a str,
    #[serde(serialize_with = "cell::text")]
    provider: &'a str,
    #[serde(serialize_with = "cell::num")]
    income_gbp: f64,
    #[serde(serialize_with = "cell::num")]
    costs_gbp: f64,
    #[serde(serialize_with = "cell::num")]
    balance_gbp: f64,
    #[serde(serialize_with = "cell::num")]
    unpaid_gbp: f64,
    #[serde(serialize_with = "cell::num")]
    reserves_gbp: f64,
    #[serde(serialize_with = "cell::num")]
    handed_back_share: f64,
    /// The earliest month any replication handed the contract back; blank if none did.
    first_hand_back: Option<String>,
}

/// `providers.csv`: one row per programme and provider: its income, costs and balance on the
/// contract (means over replications, real £) and how often and when it handed the contract
/// back.
pub fn providers_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let scale = s.population.scale;
    let n = reps.len().max(1) as f64;
    let mut rows = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        for (vi, name) in prog.provider_names.iter().enumerate() {
            let states = reps.iter().map(|r| &r.providers[pi][vi]);
            let mean = |f: fn(&crate::provider::ProviderState) -> f64| {
                states.clone().map(f).sum::<f64>() * scale / n
            };
            let handed: Vec<i32> = states.clone().filter_map(|v| v.handed_back).collect();
            rows.push(ProviderRow {
                programme: &prog.name,
                provider: name,
                income_gbp: mean(|v| v.income),
                costs_gbp: mean(|v| v.costs),
                balance_gbp: mean(|v| v.balance()),
                unpaid_gbp: mean(|v| v.unpaid),
                reserves_gbp: s.programmes[pi].providers[vi].reserves,
                handed_back_share: handed.len() as f64 / n,
                first_hand_back: handed.iter().min().map(|t| s.date(*t).to_string()),
            });
        }
    }
    table::rows(rows)
}

/// A row of `events.csv`.
#[derive(Serialize, Default)]
pub(crate) struct EventRow<'a> {
    /// The scenario's label, in `compare`'s table of several scenarios only.
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<String>,
    replication: u32,
    month: i32,
    date: String,
    #[serde(serialize_with = "cell::text")]
    programme: &'a str,
    /// Blank for an event of the whole programme.
    #[serde(serialize_with = "cell::text")]
    provider: &'a str,
    event: &'static str,
    /// At a hand-back: the provider's participants then; for a plan, the starts a year
    /// planned [real people]; blank otherwise.
    #[serde(serialize_with = "cell::opt_num")]
    participants: Option<f64>,
    /// Of those, moved to the remaining providers, and whose spell ended [real people].
    #[serde(serialize_with = "cell::opt_num")]
    participants_moved: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    participants_dropped: Option<f64>,
}

/// `events.csv`: one row per event that changes what a programme is, in each replication, in
/// order of replication and month: `contract_handed_back` (a provider's losses passed its
/// reserves; how many participants moved or were dropped) and `budget_spent` (the last of a
/// programme's budget was paid: no more referrals under `stop_referrals`) and
/// `places_planned` (starts a year planned from a budget, in `participants`; blank when the
/// payments are not per participant and starts are not capped).
pub fn events_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    table::rows(event_rows(model, reps, None))
}

/// An empty row of `compare`'s `events.csv`, whose header has the scenario column.
pub(crate) fn event_row_with_scenario() -> EventRow<'static> {
    EventRow {
        scenario: Some(String::new()),
        ..EventRow::default()
    }
}

/// The rows of [`events_csv`], each with the scenario label `scenario` when given.
pub(crate) fn event_rows<'a>(
    model: &'a Model,
    reps: &[ReplicationResult],
    scenario: Option<&str>,
) -> Vec<EventRow<'a>> {
    let s = &model.scenario;
    let scale = s.population.scale;
    let label = scenario.map(|l| table::text(l).into_owned());
    let mut rows = Vec::new();
    for r in reps {
        // An event of programme `programme` (and provider `provider`, blank for the whole
        // programme) in month `t`, without participants.
        let event = |t: i32, programme: &'a str, provider: &'a str, event: &'static str| EventRow {
            scenario: label.clone(),
            replication: r.replication,
            month: t,
            date: s.date(t).to_string(),
            programme,
            provider,
            event,
            ..EventRow::default()
        };
        let mut events: Vec<EventRow> = Vec::new();
        for (pi, prog) in model.programmes.iter().enumerate() {
            for (vi, name) in prog.provider_names.iter().enumerate() {
                let v = &r.providers[pi][vi];
                if let Some(t) = v.handed_back {
                    events.push(EventRow {
                        participants: Some((v.moved + v.dropped) as f64 * scale),
                        participants_moved: Some(v.moved as f64 * scale),
                        participants_dropped: Some(v.dropped as f64 * scale),
                        ..event(t, &prog.name, name, "contract_handed_back")
                    });
                }
            }
            for &(_, t, per_year) in r.plans.iter().filter(|p| p.0 == pi) {
                events.push(EventRow {
                    participants: per_year.is_finite().then_some(per_year * scale),
                    ..event(t, &prog.name, "", "places_planned")
                });
            }
            if let Some(&Some(t)) = r.budget_ran_out.get(pi) {
                events.push(event(t, &prog.name, "", "budget_spent"));
            }
        }
        events.sort_by_key(|e| e.month);
        rows.extend(events);
    }
    rows
}

/// A row of `spending.csv`.
#[derive(Serialize, Default)]
struct SpendingRow<'a> {
    month: usize,
    date: String,
    #[serde(serialize_with = "cell::text")]
    programme: &'a str,
    #[serde(serialize_with = "cell::num")]
    spend_gbp_mean: f64,
    #[serde(serialize_with = "cell::num")]
    spend_gbp_p05: f64,
    #[serde(serialize_with = "cell::num")]
    spend_gbp_p95: f64,
    #[serde(serialize_with = "cell::num")]
    cumulative_spend_gbp_mean: f64,
    /// Blank for a programme without a budget.
    #[serde(serialize_with = "cell::opt_num")]
    budget_gbp: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    budget_left_gbp_mean: Option<f64>,
}

/// `spending.csv`: one row per month and programme: what it paid (mean and 5–95% band over
/// replications, real £), cumulative spend, the budget in force that month (dated changes
/// included) and what is left of it (never below 0).
pub fn spending_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let scale = s.population.scale;
    let mut rows = Vec::new();
    let mut cumulative = vec![vec![0.0; model.programmes.len()]; reps.len()];
    for t in 0..s.months as usize {
        for (pi, prog) in model.programmes.iter().enumerate() {
            let month: Vec<f64> = reps
                .iter()
                .map(|r| r.programme_spend[t][pi] * scale)
                .collect();
            for (c, m) in cumulative.iter_mut().zip(&month) {
                c[pi] += m;
            }
            let b = Band::of(&month);
            let cum = cumulative.iter().map(|c| c[pi]).sum::<f64>() / reps.len().max(1) as f64;
            // The budget in force this month (a dated change may set another).
            let budget = model.at(t as i32).scenario.programmes[pi].funding.budget;
            rows.push(SpendingRow {
                month: t,
                date: s.date(t as i32).to_string(),
                programme: &prog.name,
                spend_gbp_mean: b.mean,
                spend_gbp_p05: b.p05,
                spend_gbp_p95: b.p95,
                cumulative_spend_gbp_mean: cum,
                budget_gbp: budget,
                budget_left_gbp_mean: budget.map(|b| (b - cum).max(0.0)),
            });
        }
    }
    table::rows(rows)
}

/// Sorts `items` by `key` and folds each tenth of them, in order, into its own accumulator.
/// The sort is stable, so ties keep their original order and the split is deterministic.
pub fn by_decile<T, A: Default + Clone>(
    items: &mut [T],
    key: impl Fn(&T) -> f32,
    mut add: impl FnMut(&mut A, &T),
) -> Vec<A> {
    items.sort_by(|a, b| key(a).total_cmp(&key(b)));
    let n = items.len();
    let mut out = vec![A::default(); 10];
    for (i, item) in items.iter().enumerate() {
        add(&mut out[(i * 10 / n.max(1)).min(9)], item);
    }
    out
}

/// Spells split into deciles of a distance (`key`), pooled over replications; only those of
/// `programme` if given.
pub fn deciles(
    model: &Model,
    reps: &[ReplicationResult],
    programme: Option<usize>,
    key: fn(&Participation) -> f32,
) -> Vec<SpellStats> {
    let mut spells: Vec<&Participation> = reps
        .iter()
        .flat_map(|r| r.participations.iter())
        .filter(|p| programme.is_none_or(|pi| p.programme as usize == pi))
        .collect();
    let threshold = model.scenario.outputs.parked_threshold_hours;
    by_decile(
        &mut spells,
        |p| key(p),
        |st: &mut SpellStats, p| st.add(p, threshold),
    )
}

/// Which distance from work the spells of a parking curve are cut into deciles by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DistanceKind {
    /// The distance the provider assessed at referral: what it sees and rations support on.
    Assessed,
    /// The person's true distance at referral: what the support was worth to them.
    True,
}

impl DistanceKind {
    pub const BOTH: [DistanceKind; 2] = [DistanceKind::Assessed, DistanceKind::True];

    /// The column value in `parking.csv`.
    pub fn name(self) -> &'static str {
        match self {
            DistanceKind::Assessed => "assessed_distance",
            DistanceKind::True => "true_distance",
        }
    }

    fn of(self) -> fn(&Participation) -> f32 {
        match self {
            DistanceKind::Assessed => |p| p.assessed_distance,
            DistanceKind::True => |p| p.true_distance,
        }
    }
}

/// One decile of a parking curve: the pooled means over every replication's spells, and
/// 5–95% bands across replications, each replication's spells cut into its own deciles.
#[derive(Clone, Debug)]
pub struct ParkingDecile {
    pub pooled: SpellStats,
    /// Support hours per participant-month.
    pub hours: Band,
    /// Share of spells parked (below the parking threshold).
    pub parked: Band,
    /// Share of spells with a job outcome.
    pub job_outcomes: Band,
}

/// The parking curve of `programme` (all programmes if `None`) by deciles of `by`: ten
/// deciles, 1 = closest to work. A replication with no spells in a decile adds nothing to its
/// bands.
pub fn parking_curve(
    model: &Model,
    reps: &[ReplicationResult],
    programme: Option<usize>,
    by: DistanceKind,
) -> Vec<ParkingDecile> {
    let pooled = deciles(model, reps, programme, by.of());
    let each: Vec<Vec<SpellStats>> = reps
        .iter()
        .map(|r| deciles(model, std::slice::from_ref(r), programme, by.of()))
        .collect();
    pooled
        .into_iter()
        .enumerate()
        .map(|(d, pooled)| {
            let band = |f: &dyn Fn(&SpellStats) -> f64| {
                let v: Vec<f64> = each
                    .iter()
                    .map(|e| &e[d])
                    .filter(|st| st.spells > 0)
                    .map(f)
                    .collect();
                if v.is_empty() {
                    Band::of(&[0.0])
                } else {
                    Band::of(&v)
                }
            };
            ParkingDecile {
                hours: band(&|st| st.mean_hours()),
                parked: band(&|st| st.share(st.parked)),
                job_outcomes: band(&|st| st.share(st.job_outcomes)),
                pooled,
            }
        })
        .collect()
}

/// Both parking curves of one programme (or of all), in the order of [`DistanceKind::BOTH`]:
/// computed once for the CSV and the plot alike.
pub type ParkingCurves = [Vec<ParkingDecile>; 2];

/// [`parking_curve`] by assessed and by true distance.
pub fn parking_curves(
    model: &Model,
    reps: &[ReplicationResult],
    programme: Option<usize>,
) -> ParkingCurves {
    DistanceKind::BOTH.map(|by| parking_curve(model, reps, programme, by))
}

/// Each programme's [`parking_curves`], in the model's order (what [`parking_csv`] takes).
pub fn programme_parking_curves(model: &Model, reps: &[ReplicationResult]) -> Vec<ParkingCurves> {
    (0..model.programmes.len())
        .map(|pi| parking_curves(model, reps, Some(pi)))
        .collect()
}

/// A row of `parking.csv` (a run's, keyed by programme, or a comparison's, by scenario).
#[derive(Serialize, Default)]
pub(super) struct ParkingRow<'a> {
    /// The programme (in a run) or scenario (in a comparison): its column is named by
    /// [`parking_table`].
    #[serde(serialize_with = "cell::text")]
    pub key: &'a str,
    /// `assessed_distance` or `true_distance`.
    pub by: &'static str,
    /// 1 = closest to work.
    pub decile: usize,
    #[serde(serialize_with = "cell::num")]
    pub mean_assessed_distance: f64,
    #[serde(serialize_with = "cell::num")]
    pub mean_true_distance: f64,
    #[serde(serialize_with = "cell::num")]
    pub mean_support_hours: f64,
    #[serde(serialize_with = "cell::num")]
    pub mean_support_hours_p05: f64,
    #[serde(serialize_with = "cell::num")]
    pub mean_support_hours_p95: f64,
    #[serde(serialize_with = "cell::num")]
    pub parked_share: f64,
    #[serde(serialize_with = "cell::num")]
    pub parked_share_p05: f64,
    #[serde(serialize_with = "cell::num")]
    pub parked_share_p95: f64,
    #[serde(serialize_with = "cell::num")]
    pub job_outcome_rate: f64,
    #[serde(serialize_with = "cell::num")]
    pub job_outcome_rate_p05: f64,
    #[serde(serialize_with = "cell::num")]
    pub job_outcome_rate_p95: f64,
    pub spells: u64,
}

impl<'a> ParkingRow<'a> {
    /// The rows of both parking `curves`, keyed `key`.
    pub fn both(key: &'a str, curves: &ParkingCurves) -> Vec<ParkingRow<'a>> {
        let mut out = Vec::new();
        for (by, curve) in DistanceKind::BOTH.iter().zip(curves) {
            for (d, p) in curve.iter().enumerate() {
                let st = &p.pooled;
                out.push(ParkingRow {
                    key,
                    by: by.name(),
                    decile: d + 1,
                    mean_assessed_distance: st.mean(st.assessed),
                    mean_true_distance: st.mean(st.true_distance),
                    mean_support_hours: st.mean_hours(),
                    mean_support_hours_p05: p.hours.p05,
                    mean_support_hours_p95: p.hours.p95,
                    parked_share: st.share(st.parked),
                    parked_share_p05: p.parked.p05,
                    parked_share_p95: p.parked.p95,
                    job_outcome_rate: st.share(st.job_outcomes),
                    job_outcome_rate_p05: p.job_outcomes.p05,
                    job_outcome_rate_p95: p.job_outcomes.p95,
                    spells: st.spells,
                });
            }
        }
        out
    }
}

/// `parking.csv`: per programme, for deciles of assessed distance and then of true distance,
/// the support received: pooled means over replications with 5–95% bands across them;
/// `curves` are [`programme_parking_curves`].
pub fn parking_csv(model: &Model, curves: &[ParkingCurves]) -> Vec<u8> {
    let rows = model
        .programmes
        .iter()
        .zip(curves)
        .flat_map(|(prog, c)| ParkingRow::both(&prog.name, c));
    parking_table("programme", rows)
}

/// A parking table whose first column (each row's key) is named `key_column`.
pub(super) fn parking_table<'a>(
    key_column: &str,
    rows: impl IntoIterator<Item = ParkingRow<'a>>,
) -> Vec<u8> {
    let header = table::header_like(ParkingRow::default());
    let header = String::from_utf8(header).expect("field names are UTF-8");
    let mut names: Vec<&str> = header.trim_end().split(',').collect();
    names[0] = key_column;
    table::rows_under(&names, rows)
}

#[derive(Serialize)]
struct Manifest<'a> {
    gapsim_version: &'static str,
    /// The git commit gapsim was built from (`-modified` if the tree differed), or `unknown`.
    source_revision: &'static str,
    scenario_sha256: String,
    seed: u64,
    replications: u32,
    start: String,
    months: u32,
    n_people: u32,
    scale: f64,
    scenario: &'a crate::scenario::Scenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_sha256: Option<String>,
    /// The baseline the run was paired against, resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a crate::scenario::Scenario>,
    #[serde(flatten)]
    given: &'a CommandLine,
}

/// What a manifest records of how a run was asked for, besides its resolved scenarios: the
/// settings given on the command line (`KEY=VALUE` each, in the order given; absent when there
/// are none), the question the scenario's header asks and the keys in which it differs from
/// its parent file. The resolved scenarios already hold the values; these say which were
/// assumptions and which policies, and keep what `report.html` shows of the scenario files
/// (a manifest's scenario has no header and no parent), so `gapsim rerun` remakes the page too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct CommandLine {
    /// `--set`s: assumptions about the world, applied to the scenario and its baseline alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<String>,
    /// `--policy`s: changes the scenario makes, applied to the scenario only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// `--replications`, `--seed`, `--people` and `--months` as given (the scenario holds
    /// their values; these say that the command line set them, which the run's notes and
    /// report mention, so `gapsim rerun` gives them again).
    #[serde(default, skip_serializing_if = "RunFlags::is_empty")]
    pub flags: RunFlags,
    /// The `# Question:` paragraph of the scenario's header ([`crate::scenario::question`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The keys in which the scenario as run differs from the file it `extends` (or from the
    /// built-in defaults), with where each value was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_parent: Option<super::report::Differences>,
    /// The trial `gapsim trial` ran; `None` for every other command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<TrialCommand>,
}

/// The flags of `gapsim trial`, as given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct TrialCommand {
    pub programme: String,
    /// `YYYY-MM`.
    pub cohort: String,
    /// Months.
    pub follow_up: u32,
    /// The `--where` conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub population: Vec<String>,
}

/// The run-size flags a command line gave (see [`CommandLine::flags`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RunFlags {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
}

impl RunFlags {
    pub fn is_empty(&self) -> bool {
        *self == RunFlags::default()
    }
}

/// The SHA-256 of the resolved scenario as canonical JSON.
pub fn scenario_hash(s: &crate::scenario::Scenario) -> String {
    let json = serde_json::to_vec(s).expect("scenarios serialise");
    Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `manifest.json`: the resolved scenario and what identifies the run; nothing that varies
/// between identical runs (no times, paths or thread counts).
pub fn manifest_json(model: &Model, baseline: Option<&Model>, given: &CommandLine) -> Vec<u8> {
    let s = &model.scenario;
    let m = Manifest {
        gapsim_version: env!("CARGO_PKG_VERSION"),
        source_revision: env!("GAPSIM_REVISION"),
        scenario_sha256: scenario_hash(s),
        seed: s.seed,
        replications: s.replications,
        start: s.start.to_string(),
        months: s.months,
        n_people: s.population.n_people,
        scale: s.population.scale,
        scenario: s,
        baseline_sha256: baseline.map(|b| scenario_hash(&b.scenario)),
        baseline: baseline.map(|b| &b.scenario),
        given,
    };
    let mut v = serde_json::to_vec_pretty(&m).expect("manifests serialise");
    v.push(b'\n');
    v
}

/// The band of one metric over months, for plots: `(decimal year, band)`.
pub fn metric_series(model: &Model, reps: &[ReplicationResult], metric: usize) -> Vec<(f64, Band)> {
    summary(&metric_table(model, reps))
        .iter()
        .enumerate()
        .map(|(t, row)| (model.scenario.date(t as i32).decimal_year(), row[metric]))
        .collect()
}

/// The one row of `halving.csv`.
#[derive(Serialize, Default)]
struct HalvingRow {
    /// The year the gap is measured against; this and the next five columns are blank when
    /// the run has no year to measure against.
    base_year: Option<i32>,
    #[serde(serialize_with = "cell::opt_num")]
    base_gap_pp: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    half_gap_pp: Option<f64>,
    /// Blank if not halved within the run.
    halved_in_year: Option<i32>,
    /// Blank unless the trend gets there before 2100.
    #[serde(serialize_with = "cell::opt_year")]
    halved_at_trend_year: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    trend_pp_per_year: Option<f64>,
    #[serde(serialize_with = "cell::num")]
    horizon_gap_pp_mean: f64,
    #[serde(serialize_with = "cell::num")]
    horizon_gap_pp_p05: f64,
    #[serde(serialize_with = "cell::num")]
    horizon_gap_pp_p95: f64,
}

/// `halving.csv`: when the gap is halved relative to the base year, and the gap at the horizon.
pub fn halving_csv(h: Option<&Halving>, horizon: &Band) -> Vec<u8> {
    table::rows([HalvingRow {
        base_year: h.map(|h| h.base_year),
        base_gap_pp: h.map(|h| h.base_gap),
        half_gap_pp: h.map(|h| h.target),
        halved_in_year: h.and_then(|h| h.within_run),
        halved_at_trend_year: h.and_then(|h| h.at_trend),
        trend_pp_per_year: h.and_then(|h| h.trend_per_year),
        horizon_gap_pp_mean: horizon.mean,
        horizon_gap_pp_p05: horizon.p05,
        horizon_gap_pp_p95: horizon.p95,
    }])
}

/// A row of `parameters.csv`.
#[derive(Serialize, Default)]
struct ParameterRow<'a> {
    replication: u32,
    key: &'a str,
    distribution: String,
    /// The drawn value; `NaN` if the key is not a number in the drawn scenario.
    #[serde(serialize_with = "cell::num6")]
    value: f64,
}

/// `parameters.csv`: each replication's draw of each uncertain input.
pub fn parameters_csv(
    uncertain: &[crate::scenario::Uncertain],
    models: &crate::batch::Models,
) -> Vec<u8> {
    let mut rows = Vec::new();
    for r in 0..models.replications() {
        let s = &models.get(r).scenario;
        let table = toml::Table::try_from(s).expect("a scenario serialises");
        for u in uncertain {
            rows.push(ParameterRow {
                replication: r,
                key: &u.key,
                distribution: u.dist.to_string(),
                value: crate::scenario::value_at(&table, &u.key).unwrap_or(f64::NAN),
            });
        }
    }
    table::rows(rows)
}

/// A row of `tornado.csv`.
#[derive(Serialize, Default)]
struct TornadoRow<'a> {
    key: &'a str,
    distribution: String,
    #[serde(serialize_with = "cell::num")]
    value_p05: f64,
    #[serde(serialize_with = "cell::num")]
    value_p95: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_central: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_at_p05: f64,
    #[serde(serialize_with = "cell::num")]
    gap_pp_at_p95: f64,
    #[serde(serialize_with = "cell::num")]
    swing_pp: f64,
    /// In a paired run, the effect on the gap (scenario minus baseline); blank unpaired.
    #[serde(serialize_with = "cell::opt_num")]
    effect_pp_central: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    effect_pp_at_p05: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    effect_pp_at_p95: Option<f64>,
    #[serde(serialize_with = "cell::opt_num")]
    effect_swing_pp: Option<f64>,
}

/// `tornado.csv`: the gap at the horizon with each uncertain input at its 5th and 95th
/// percentiles (others central), in the order given (largest swing first).
pub fn tornado_csv(swings: &[Swing]) -> Vec<u8> {
    table::rows(swings.iter().map(|s| TornadoRow {
        key: &s.key,
        distribution: s.dist.to_string(),
        value_p05: s.low,
        value_p95: s.high,
        gap_pp_central: s.gap_central,
        gap_pp_at_p05: s.gap_at_low,
        gap_pp_at_p95: s.gap_at_high,
        swing_pp: s.size(),
        effect_pp_central: s.effect.map(|e| e[0]),
        effect_pp_at_p05: s.effect.map(|e| e[1]),
        effect_pp_at_p95: s.effect.map(|e| e[2]),
        effect_swing_pp: s.effect_size(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Dist;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn tornado_csv_has_one_row_per_swing_in_the_order_given() {
        let swing = |key: &str, dist: Dist, gap_at_low: f64, gap_at_high: f64| Swing {
            key: key.into(),
            dist,
            low: dist.quantile(0.05),
            high: dist.quantile(0.95),
            gap_central: 24.5,
            gap_at_low,
            gap_at_high,
            effect: None,
        };
        let swings = [
            swing(
                "labour.find_demand",
                Dist::Normal { mean: 0.6, sd: 0.1 },
                26.25,
                22.875,
            ),
            swing(
                "approaches.ips.find_effect",
                Dist::Triangular {
                    lo: 0.2,
                    mode: 0.5,
                    hi: 0.9,
                },
                24.0,
                25.0,
            ),
            swing(
                "health.relapse",
                Dist::Uniform { lo: 0.01, hi: 0.03 },
                24.5,
                24.5,
            ),
        ];
        insta::assert_snapshot!(text(tornado_csv(&swings)));
        // In a paired run each row carries the effect on the gap too.
        let mut paired = swings[0].clone();
        paired.effect = Some([-0.5, -0.75, -0.125]);
        let csv = text(tornado_csv(&[paired]));
        assert!(csv.lines().next().unwrap().ends_with(
            "swing_pp,effect_pp_central,effect_pp_at_p05,effect_pp_at_p95,effect_swing_pp"
        ));
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .ends_with(",-0.5000,-0.7500,-0.1250,0.6250"),
            "{csv}"
        );
    }

    #[test]
    fn halving_csv_says_when_the_gap_is_halved_and_is_blank_where_it_cannot() {
        let horizon = Band {
            mean: 21.04321,
            p05: 19.5,
            p95: 22.99999,
        };
        let halving = |within_run, at_trend| Halving {
            base_year: 2015,
            base_gap: 33.1,
            target: 16.55,
            within_run,
            at_trend,
            trend_per_year: Some(-0.61875),
        };
        insta::assert_snapshot!(
            "halving_within_the_run",
            text(halving_csv(Some(&halving(Some(2029), None)), &horizon))
        );
        insta::assert_snapshot!(
            "halving_at_the_trend",
            text(halving_csv(Some(&halving(None, Some(2041.26))), &horizon))
        );
        insta::assert_snapshot!(
            "halving_without_a_base_year",
            text(halving_csv(None, &horizon))
        );
    }
}

/// One row of `groups.csv`: a metric of one group in one month, across replications.
#[derive(Clone, Debug, Default, Serialize)]
struct GroupRow<'a> {
    date: String,
    group_type: &'a str,
    #[serde(serialize_with = "cell::text")]
    group: &'a str,
    metric: &'static str,
    #[serde(serialize_with = "cell::num")]
    mean: f64,
    #[serde(serialize_with = "cell::num")]
    p05: f64,
    #[serde(serialize_with = "cell::num")]
    p95: f64,
}

/// The metrics of `groups.csv`, each from one group's cell in one replication: people [real
/// people]; prevalence [% disabled]; employment rates of disabled and non-disabled people and
/// the gap between them [%, pp]; unemployment rates (unemployed over economically active) and
/// inactivity rates (inactive over people) of both [%]; the share on a programme [%]. A rate
/// of a group with nobody in its denominator is blank in no replication: it is left out.
const GROUP_METRICS: [&str; 10] = [
    "people",
    "prevalence",
    "employment_rate_disabled",
    "employment_rate_non_disabled",
    "gap_pp",
    "unemployment_rate_disabled",
    "unemployment_rate_non_disabled",
    "inactivity_rate_disabled",
    "inactivity_rate_non_disabled",
    "on_programme",
];

/// A group metric from one cell, `None` when its denominator is empty.
fn group_metric(c: &crate::metrics::GroupCell, metric: usize, scale: f64) -> Option<f64> {
    let people = |d: usize| c.status[d].iter().sum::<u64>() as f64;
    let pct = |x: f64, n: f64| (n > 0.0).then(|| 100.0 * x / n);
    let emp = |d: usize| pct(c.status[d][0] as f64, people(d));
    let total = people(0) + people(1);
    match metric {
        0 => Some(total * scale),
        1 => pct(people(1), total),
        2 => emp(1),
        3 => emp(0),
        4 => Some(emp(0)? - emp(1)?),
        5 | 6 => {
            let d = (metric == 5) as usize;
            pct(
                c.status[d][1] as f64,
                (c.status[d][0] + c.status[d][1]) as f64,
            )
        }
        7 | 8 => {
            let d = (metric == 7) as usize;
            pct(c.status[d][2] as f64, people(d))
        }
        _ => pct(c.on_programme as f64, total),
    }
}

/// `groups.csv`: every [`GROUP_METRICS`] of every group (condition, severity band, age band,
/// benefit, area) each December and in the run's last month, mean and 5–95% band across
/// replications; one tidy row per date, group and metric.
pub fn groups_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let areas: Vec<&str> = s.areas.iter().map(|a| a.name.as_str()).collect();
    let kinds: Vec<(&str, Vec<&str>)> = crate::metrics::GROUP_KINDS
        .iter()
        .map(|(k, g)| (*k, g.to_vec()))
        .chain(std::iter::once(("area", areas)))
        .collect();
    let mut rows = Vec::new();
    let Some(first) = reps.first() else {
        return table::rows(rows);
    };
    for (ci, census) in first.groups.iter().enumerate() {
        let date = s.date(census.month).to_string();
        for (ki, (kind, names)) in kinds.iter().enumerate() {
            for (gi, name) in names.iter().enumerate() {
                for (mi, metric) in GROUP_METRICS.iter().enumerate() {
                    let values: Vec<f64> = reps
                        .iter()
                        .filter_map(|r| {
                            group_metric(&r.groups.get(ci)?.cells[ki][gi], mi, s.population.scale)
                        })
                        .collect();
                    if values.len() < reps.len() {
                        continue;
                    }
                    let b = crate::batch::Band::of(&values);
                    rows.push(GroupRow {
                        date: date.clone(),
                        group_type: kind,
                        group: name,
                        metric,
                        mean: b.mean,
                        p05: b.p05,
                        p95: b.p95,
                    });
                }
            }
        }
    }
    table::rows(rows)
}

/// One row of `decomposition.csv`: a part of the change in the gap between two months, across
/// replications [pp].
#[derive(Clone, Debug, Default, Serialize)]
struct DecompositionRow {
    from: String,
    to: String,
    part: &'static str,
    #[serde(serialize_with = "cell::num")]
    mean: f64,
    #[serde(serialize_with = "cell::num")]
    p05: f64,
    #[serde(serialize_with = "cell::num")]
    p95: f64,
}

/// The windows of `decomposition.csv` as (from, to) model months: each calendar year, from the
/// end of the year before (or of the run's first month) to the end of the year (or the run's
/// last month), then the whole run if it spans more than one window. Month 0's counts are
/// taken after its step, so its own change is not decomposed; a run of one month has no window.
pub fn decomposition_windows(model: &Model) -> Vec<(usize, usize)> {
    let s = &model.scenario;
    let last = s.months as usize - 1;
    let mut windows = Vec::new();
    let mut from = 0;
    for t in 0..=last {
        if t == last || s.date(t as i32 + 1).year() != s.date(t as i32).year() {
            if t > from {
                windows.push((from, t));
            }
            from = t;
        }
    }
    // The whole run, unless it is one window already.
    if last > 0 && windows.len() > 1 {
        windows.push((0, last));
    }
    windows
}

/// The parts of the change in the gap (`metrics::DECOMPOSITION_PARTS`) over each window of
/// [`decomposition_windows`], each a mean and 5–95% band across replications [pp].
pub fn decomposition_bands(
    model: &Model,
    reps: &[ReplicationResult],
) -> Vec<((usize, usize), [crate::batch::Band; 7])> {
    bands_of_parts(model, reps.len(), |i, from, to| {
        crate::metrics::gap_decomposition(&reps[i].months, from, to)
    })
}

/// Each window's parts from `parts(replication, from, to)` over `n` replications, banded.
fn bands_of_parts(
    model: &Model,
    n: usize,
    parts: impl Fn(usize, usize, usize) -> [f64; 7],
) -> Vec<((usize, usize), [crate::batch::Band; 7])> {
    decomposition_windows(model)
        .into_iter()
        .map(|(from, to)| {
            let each: Vec<[f64; 7]> = (0..n).map(|i| parts(i, from, to)).collect();
            let band = |k: usize| {
                let values: Vec<f64> = each.iter().map(|p| p[k]).collect();
                crate::batch::Band::of(&values)
            };
            ((from, to), std::array::from_fn(band))
        })
        .collect()
}

/// The rows of a decomposition file from its windows' bands.
fn decomposition_rows(
    model: &Model,
    bands: Vec<((usize, usize), [crate::batch::Band; 7])>,
) -> Vec<u8> {
    let s = &model.scenario;
    let mut rows = Vec::new();
    for ((from, to), bands) in bands {
        for (part, b) in crate::metrics::DECOMPOSITION_PARTS.iter().zip(bands) {
            rows.push(DecompositionRow {
                from: s.date(from as i32).to_string(),
                to: s.date(to as i32).to_string(),
                part,
                mean: b.mean,
                p05: b.p05,
                p95: b.p95,
            });
        }
    }
    table::rows(rows)
}

/// `decomposition.csv`: where the change in the gap comes from, each calendar year and over
/// the whole run (`metrics::gap_decomposition`): moves into work, moves out of work, onset,
/// recovery and ageing, which add up to the change in the gap; mean and 5–95% band across
/// replications, one tidy row per window and part.
pub fn decomposition_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    decomposition_rows(model, decomposition_bands(model, reps))
}

/// `impact_decomposition.csv` of a paired run: each part of `decomposition.csv` in the scenario
/// minus the same part in its baseline, replication by replication (the same people and luck
/// in both), so a reader sees whether a policy moved the gap by moving people into work or by
/// changing who counts as disabled. The parts add up to the change in the gap's impact.
pub fn impact_decomposition_csv(
    model: &Model,
    pairs: &[crate::counterfactual::PairedReplication],
) -> Vec<u8> {
    let bands = bands_of_parts(model, pairs.len(), |i, from, to| {
        let part = |r: &ReplicationResult| crate::metrics::gap_decomposition(&r.months, from, to);
        let (a, b) = (part(&pairs[i].scenario), part(&pairs[i].baseline));
        std::array::from_fn(|k| a[k] - b[k])
    });
    decomposition_rows(model, bands)
}
