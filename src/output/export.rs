//! Exporters: results in, bytes out. No file system access here.

use crate::batch::{Band, metric_table, summary};
use crate::engine::{Model, ReplicationResult};
use crate::metrics::{METRIC_NAMES, Participation};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Numbers are written with 4 decimals: enough for rates in percent and £, and stable.
pub(crate) fn num(v: f64) -> String {
    format!("{v:.4}")
}

pub(crate) fn csv_bytes(header: Vec<String>, rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// `summary.csv`: one row per month, mean and 5–95% band of every metric across replications.
pub fn summary_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let bands = summary(&metric_table(model, reps));
    let mut header = vec!["month".to_string(), "date".to_string()];
    for m in METRIC_NAMES {
        header.extend([format!("{m}_mean"), format!("{m}_p05"), format!("{m}_p95")]);
    }
    let rows = bands
        .iter()
        .enumerate()
        .map(|(t, row)| {
            let mut r = vec![t.to_string(), model.scenario.date(t as i32).to_string()];
            for b in row {
                r.extend([num(b.mean), num(b.p05), num(b.p95)]);
            }
            r
        })
        .collect();
    csv_bytes(header, rows)
}

/// `trajectories.csv`: one row per replication and month.
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
    csv_bytes(header, rows)
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
    let header = [
        "programme",
        "provider",
        "payment_group",
        "starts",
        "job_outcomes",
        "sustained_outcomes",
        "payments_gbp",
        "cost_per_sustained_outcome_gbp",
        "mean_support_hours",
        "parked_share",
        "job_outcome_rate",
        "mean_assessed_distance",
        "mean_true_distance",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for prog in &model.programmes {
        for (vi, provider) in prog.provider_names.iter().enumerate() {
            for (gi, group) in prog.groups.iter().enumerate() {
                let cell = prog.cell(vi as u8, gi as u8);
                let st = &stats[cell];
                let paid = payments[cell] * per_rep;
                let sustained = st.sustained as f64 * per_rep;
                rows.push(vec![
                    prog.name.clone(),
                    provider.clone(),
                    group.name.clone(),
                    num(st.spells as f64 * per_rep),
                    num(st.job_outcomes as f64 * per_rep),
                    num(sustained),
                    num(paid),
                    if sustained > 0.0 {
                        num(paid / sustained)
                    } else {
                        String::new()
                    },
                    num(st.mean_hours()),
                    num(st.share(st.parked)),
                    num(st.share(st.job_outcomes)),
                    num(st.mean(st.assessed)),
                    num(st.mean(st.true_distance)),
                ]);
            }
        }
    }
    csv_bytes(header, rows)
}

/// `providers.csv`: one row per programme and provider: its income, costs and balance on the
/// contract (means over replications, real £) and how often and when it handed the contract
/// back.
pub fn providers_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let scale = s.population.scale;
    let n = reps.len().max(1) as f64;
    let header = [
        "programme",
        "provider",
        "income_gbp",
        "costs_gbp",
        "balance_gbp",
        "unpaid_gbp",
        "reserves_gbp",
        "handed_back_share",
        "first_hand_back",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        for (vi, name) in prog.provider_names.iter().enumerate() {
            let states = reps.iter().map(|r| &r.providers[pi][vi]);
            let mean = |f: fn(&crate::provider::ProviderState) -> f64| {
                states.clone().map(f).sum::<f64>() * scale / n
            };
            let handed: Vec<i32> = states.clone().filter_map(|v| v.handed_back).collect();
            rows.push(vec![
                prog.name.clone(),
                name.clone(),
                num(mean(|v| v.income)),
                num(mean(|v| v.costs)),
                num(mean(|v| v.balance())),
                num(mean(|v| v.unpaid)),
                num(s.programmes[pi].providers[vi].reserves),
                num(handed.len() as f64 / n),
                handed
                    .iter()
                    .min()
                    .map_or(String::new(), |t| s.date(*t).to_string()),
            ]);
        }
    }
    csv_bytes(header, rows)
}

/// `spending.csv`: one row per month and programme: what it paid (mean and 5–95% band over
/// replications, real £), cumulative spend and what is left of its budget.
pub fn spending_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let s = &model.scenario;
    let scale = s.population.scale;
    let header = [
        "month",
        "date",
        "programme",
        "spend_gbp_mean",
        "spend_gbp_p05",
        "spend_gbp_p95",
        "cumulative_spend_gbp_mean",
        "budget_gbp",
        "budget_left_gbp_mean",
    ]
    .map(String::from)
    .to_vec();
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
            let budget = s.programmes[pi].funding.budget;
            rows.push(vec![
                t.to_string(),
                s.date(t as i32).to_string(),
                prog.name.clone(),
                num(b.mean),
                num(b.p05),
                num(b.p95),
                num(cum),
                budget.map_or(String::new(), num),
                budget.map_or(String::new(), |b| num(b - cum)),
            ]);
        }
    }
    csv_bytes(header, rows)
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

/// `parking.csv`: per programme and decile of assessed distance, the support received.
pub fn parking_csv(model: &Model, reps: &[ReplicationResult]) -> Vec<u8> {
    let header = [
        "programme",
        "assessed_distance_decile",
        "mean_assessed_distance",
        "mean_true_distance",
        "mean_support_hours",
        "parked_share",
        "job_outcome_rate",
        "spells",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for (pi, prog) in model.programmes.iter().enumerate() {
        for (d, st) in deciles(model, reps, Some(pi), |p| p.assessed_distance)
            .iter()
            .enumerate()
        {
            rows.push(vec![
                prog.name.clone(),
                (d + 1).to_string(),
                num(st.mean(st.assessed)),
                num(st.mean(st.true_distance)),
                num(st.mean_hours()),
                num(st.share(st.parked)),
                num(st.share(st.job_outcomes)),
                st.spells.to_string(),
            ]);
        }
    }
    csv_bytes(header, rows)
}

#[derive(Serialize)]
struct Manifest<'a> {
    gapsim_version: &'static str,
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
pub fn manifest_json(model: &Model, baseline: Option<&Model>) -> Vec<u8> {
    let s = &model.scenario;
    let m = Manifest {
        gapsim_version: env!("CARGO_PKG_VERSION"),
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

/// `halving.csv`: when the gap is halved relative to the base year, and the gap at the horizon.
pub fn halving_csv(h: Option<&crate::goal::Halving>, horizon: &Band) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |v: Option<f64>, digits: usize| v.map_or(String::new(), |x| format!("{x:.digits$}"));
    w.write_record([
        "base_year",
        "base_gap_pp",
        "half_gap_pp",
        "halved_in_year",
        "halved_at_trend_year",
        "trend_pp_per_year",
        "horizon_gap_pp_mean",
        "horizon_gap_pp_p05",
        "horizon_gap_pp_p95",
    ])
    .expect("in-memory CSV");
    w.write_record([
        h.map_or(String::new(), |h| h.base_year.to_string()),
        opt(h.map(|h| h.base_gap), 4),
        opt(h.map(|h| h.target), 4),
        h.and_then(|h| h.within_run)
            .map_or(String::new(), |y| y.to_string()),
        opt(h.and_then(|h| h.at_trend), 1),
        opt(h.map(|h| h.trend_per_year), 4),
        num(horizon.mean),
        num(horizon.p05),
        num(horizon.p95),
    ])
    .expect("in-memory CSV");
    w.into_inner().expect("in-memory CSV")
}

/// `parameters.csv`: each replication's draw of each uncertain input.
pub fn parameters_csv(
    uncertain: &[crate::scenario::Uncertain],
    models: &crate::batch::Models,
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["replication", "key", "distribution", "value"])
        .expect("in-memory CSV");
    for r in 0..models.replications() {
        let s = &models.get(r).scenario;
        let table = toml::Table::try_from(s).expect("a scenario serialises");
        for u in uncertain {
            let v = crate::scenario::value_at(&table, &u.key).unwrap_or(f64::NAN);
            w.write_record([
                r.to_string(),
                u.key.clone(),
                u.dist.to_string(),
                format!("{v:.6}"),
            ])
            .expect("in-memory CSV");
        }
    }
    w.into_inner().expect("in-memory CSV")
}

/// `tornado.csv`: the gap at the horizon with each uncertain input at its 5th and 95th
/// percentiles (others central), largest swing first.
pub fn tornado_csv(swings: &[crate::app::Swing]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "key",
        "distribution",
        "value_p05",
        "value_p95",
        "gap_pp_central",
        "gap_pp_at_p05",
        "gap_pp_at_p95",
        "swing_pp",
    ])
    .expect("in-memory CSV");
    for s in swings {
        w.write_record([
            s.key.clone(),
            s.dist.to_string(),
            num(s.low),
            num(s.high),
            num(s.gap_central),
            num(s.gap_at_low),
            num(s.gap_at_high),
            num((s.gap_at_high - s.gap_at_low).abs()),
        ])
        .expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}
