//! The monthly step of one replication.
//!
//! A month runs in four phases (DESIGN §4):
//! 1. **Referral** (serial over programmes): people out of work who qualify for a payment group
//!    are collected in a parallel scan, ordered by a keyed random priority, and started while
//!    places and the starts allowance last; the attachment fee is paid.
//! 2. **Allocation** (per provider): each provider splits its adviser hours across its caseload
//!    by the value it perceives (see `provider`).
//! 3. **Person pass** (parallel, fixed chunks): ageing and cohort replacement, health, barriers,
//!    job finding and loss with the month's support, moves between unemployment and
//!    inactivity, benefits, programme outcomes, payments and exits.
//! 4. **Aggregation**: chunk accumulators merged in chunk order, providers' cash updated.
//!
//! Every draw comes from a key of (seed, replication, person, month, purpose), so the result
//! does not depend on the number of threads. The engine does no I/O.

use crate::assessment::{self, Prior};
use crate::benefit;
use crate::health::Health;
use crate::labour::{self, DistanceWeights, find_boost, logistic, support_effect};
use crate::metrics::{CellTotals, MonthCounts, Participation};
use crate::person::{Benefit, Person, Status, flags};
use crate::population::{self, CHUNK, Synthesiser};
use crate::programme::{self, Programme};
use crate::provider::{self, ProviderState};
use crate::rng::{MonthKey, Purpose, ReplicationKey};
use crate::scenario::{Entry, Scenario};
use rayon::prelude::*;

/// Everything shared by the replications of one scenario (read-only while running).
pub struct Model {
    pub scenario: Scenario,
    pub health: Health,
    pub weights: DistanceWeights,
    /// Demand index by area and model month.
    pub demand: Vec<Vec<f64>>,
    pub programmes: Vec<Programme>,
    pub n_cells: usize,
}

impl Model {
    /// Prepares a validated scenario for running.
    pub fn new(scenario: Scenario) -> Self {
        let health = Health::new(&scenario);
        let weights = DistanceWeights::new(&scenario);
        let demand = scenario
            .areas
            .iter()
            .map(|a| {
                let points: Vec<(i32, f64)> = a
                    .demand
                    .iter()
                    .map(|p| (p.date.months_since(scenario.start), p.index))
                    .collect();
                (0..scenario.months as i32)
                    .map(|t| interpolate(&points, t))
                    .collect()
            })
            .collect();
        let (programmes, n_cells) = programme::prepare(&scenario);
        Self {
            scenario,
            health,
            weights,
            demand,
            programmes,
            n_cells,
        }
    }

    fn demand_at(&self, t: i32) -> Vec<f64> {
        self.demand.iter().map(|d| d[t as usize]).collect()
    }
}

/// Piecewise-linear path through `(month, value)` points, flat outside them; 0 if empty.
fn interpolate(points: &[(i32, f64)], t: i32) -> f64 {
    match points {
        [] => 0.0,
        [first, ..] if t <= first.0 => first.1,
        [.., last] if t >= last.0 => last.1,
        _ => {
            let i = points
                .iter()
                .position(|p| p.0 > t)
                .expect("t is inside the path");
            let (a, b) = (points[i - 1], points[i]);
            a.1 + (b.1 - a.1) * (t - a.0) as f64 / (b.0 - a.0) as f64
        }
    }
}

/// The outcome of one replication.
#[derive(Clone, Debug)]
pub struct ReplicationResult {
    pub replication: u32,
    /// Counts of each month, in order.
    pub months: Vec<MonthCounts>,
    /// Every programme spell that started, completed or still open at the end.
    pub participations: Vec<Participation>,
    /// Payments and hours per (programme, provider, payment group) cell.
    pub cells: Vec<CellTotals>,
    /// Log-odds offsets found when matching the starting employment rates.
    pub offsets: [f64; 2],
}

/// The state of one replication as it runs.
pub struct World<'m> {
    model: &'m Model,
    key: ReplicationKey,
    replication: u32,
    /// The next month to simulate.
    pub t: i32,
    pub people: Vec<Person>,
    /// Provider states, indexed `[programme][provider]`.
    pub providers: Vec<Vec<ProviderState>>,
    allowance: Vec<f64>,
    caseload: Vec<u64>,
    prior: Prior,
    synth: Synthesiser<'m>,
    pub months: Vec<MonthCounts>,
    pub participations: Vec<Participation>,
    pub cells: Vec<CellTotals>,
}

/// Per-chunk results of the person pass.
#[derive(Default)]
struct ChunkAcc {
    counts: MonthCounts,
    payments: Vec<(usize, f64)>,
    participations: Vec<Participation>,
    caseload: Vec<u64>,
}

impl<'m> World<'m> {
    /// Synthesises the starting population of replication `replication`.
    pub fn new(model: &'m Model, replication: u32) -> Self {
        let s = &model.scenario;
        let key = ReplicationKey::new(s.seed, replication);
        let pop =
            population::synthesise(s, &model.health, &model.weights, key, &model.demand_at(0));
        let providers = s
            .programmes
            .iter()
            .map(|p| {
                p.providers
                    .iter()
                    .map(|c| ProviderState {
                        cash: c.initial_cash,
                    })
                    .collect()
            })
            .collect();
        Self {
            model,
            key,
            replication,
            t: 0,
            people: pop.people,
            providers,
            allowance: vec![0.0; model.programmes.len()],
            caseload: vec![0; model.programmes.len()],
            prior: Prior {
                benefit_mean: pop.benefit_mean_distance,
                sd: pop.distance_sd,
            },
            synth: {
                let mut synth = Synthesiser::new(s, &model.health, &model.weights);
                synth.offsets = pop.offsets;
                synth
            },
            months: Vec::with_capacity(s.months as usize),
            participations: Vec::new(),
            cells: vec![CellTotals::default(); model.n_cells],
        }
    }

    /// Log-odds offsets that matched the starting employment rates: [non-disabled, disabled].
    /// Near 0 when the scenario's flows are in balance at the start.
    pub fn offsets(&self) -> [f64; 2] {
        self.synth.offsets
    }

    /// Simulates one month and returns its counts.
    pub fn step(&mut self) -> &MonthCounts {
        let t = self.t;
        let mk = self.key.month(t);
        let mut counts = MonthCounts::default();
        self.refer(t, mk, &mut counts);
        self.allocate(t, &mut counts);
        self.person_pass(t, mk, &mut counts);
        self.months.push(counts);
        self.t += 1;
        self.months.last().expect("just pushed")
    }

    /// Runs the remaining months and closes the open programme spells.
    pub fn finish(mut self, on_month: &(dyn Fn() + Sync)) -> ReplicationResult {
        while self.t < self.model.scenario.months as i32 {
            self.step();
            on_month();
        }
        let t = self.t - 1;
        for p in self.people.iter().filter(|p| p.on_programme()) {
            self.participations.push(spell(p, t));
        }
        ReplicationResult {
            replication: self.replication,
            months: self.months,
            participations: self.participations,
            cells: self.cells,
            offsets: self.synth.offsets,
        }
    }

    /// Phase 1: referrals within eligibility and capacity.
    fn refer(&mut self, t: i32, mk: MonthKey, counts: &mut MonthCounts) {
        let model = self.model;
        let active: Vec<usize> = (0..model.programmes.len())
            .filter(|&i| model.programmes[i].referring(t))
            .collect();
        if active.is_empty() {
            return;
        }
        // Candidates: (priority, person, programme, group), found in parallel, kept in order.
        let found: Vec<Vec<(u64, u32, u8, u8)>> = self
            .people
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(ci, ps)| {
                let mut out = Vec::new();
                for (j, p) in ps.iter().enumerate() {
                    if p.on_programme() || p.employed() {
                        continue;
                    }
                    let idx = (ci * CHUNK + j) as u32;
                    for &pi in &active {
                        let prog = &model.programmes[pi];
                        let Some(g) = prog
                            .groups
                            .iter()
                            .position(|g| g.admits(p, t, &model.health))
                        else {
                            continue;
                        };
                        let group = &prog.groups[g];
                        let pk = mk.person(idx);
                        if group.entry == Entry::Voluntary
                            && pk.uniform(Purpose::Referral) >= group.take_up
                        {
                            break;
                        }
                        out.push((pk.bits(Purpose::ReferralPriority), idx, pi as u8, g as u8));
                        break;
                    }
                }
                out
            })
            .collect();
        let mut candidates: Vec<(u64, u32, u8, u8)> = found.into_iter().flatten().collect();
        candidates.sort_unstable();

        for &pi in &active {
            let prog = &model.programmes[pi];
            let mut room = u64::MAX;
            if let Some(per_month) = prog.starts_per_month {
                self.allowance[pi] = (self.allowance[pi] + per_month).min(per_month + 1.0);
                room = self.allowance[pi].floor() as u64;
            }
            if let Some(max) = prog.max_caseload {
                room = room.min(max.saturating_sub(self.caseload[pi]));
            }
            let mut started = 0u64;
            for &(_, idx, cpi, g) in candidates.iter().filter(|c| c.2 as usize == pi) {
                if started >= room {
                    break;
                }
                debug_assert_eq!(cpi as usize, pi);
                self.start(t, mk, idx, pi, g, counts);
                started += 1;
            }
            if prog.starts_per_month.is_some() {
                self.allowance[pi] -= started as f64;
            }
            self.caseload[pi] += started;
        }
    }

    fn start(
        &mut self,
        t: i32,
        mk: MonthKey,
        idx: u32,
        pi: usize,
        g: u8,
        counts: &mut MonthCounts,
    ) {
        let model = self.model;
        let prog = &model.programmes[pi];
        let pk = mk.person(idx);
        let provider = prog.pick_provider(pk.uniform(Purpose::ProviderChoice));
        let noise = pk.stream(Purpose::Assessment).normal();
        let p = &mut self.people[idx as usize];
        let d = model.weights.distance(p);
        let assessed = assessment::perceived(
            &prog.config.assessment,
            &self.prior,
            p.benefit as usize,
            d,
            noise,
            0,
        );
        p.programme = pi as u8 + 1;
        p.provider = provider;
        p.group = g;
        p.programme_start = t as i16;
        p.hours_total = 0.0;
        p.hours_month = 0;
        p.assessment_noise = (noise * 32.0).round().clamp(-127.0, 127.0) as i8;
        p.assessed_at_referral = (assessed * 255.0).round() as u8;
        p.true_at_referral = (d * 255.0).round() as u8;
        p.sustainment_paid = 0;
        p.programme_flags = 0;
        let fee = prog.groups[g as usize].prices.attachment;
        self.cells[prog.cell(provider, g)].payments += fee;
        self.providers[pi][provider as usize].cash += fee;
        counts.spend += fee;
        counts.starts += 1;
    }

    /// Phase 2: each provider allocates its adviser hours over its caseload.
    fn allocate(&mut self, t: i32, counts: &mut MonthCounts) {
        let model = self.model;
        if model.programmes.is_empty() {
            return;
        }
        let found: Vec<Vec<u32>> = self
            .people
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(ci, ps)| {
                ps.iter()
                    .enumerate()
                    .filter(|(_, p)| p.on_programme())
                    .map(|(j, _)| (ci * CHUNK + j) as u32)
                    .collect()
            })
            .collect();
        let mut buckets: Vec<Vec<Vec<u32>>> = model
            .programmes
            .iter()
            .map(|p| vec![Vec::new(); p.provider_names.len()])
            .collect();
        for idx in found.into_iter().flatten() {
            let p = &self.people[idx as usize];
            buckets[p.programme as usize - 1][p.provider as usize].push(idx);
        }
        let (mut gains, mut hours) = (Vec::new(), Vec::new());
        for (pi, prog) in model.programmes.iter().enumerate() {
            for (vi, caseload) in buckets[pi].iter().enumerate() {
                if caseload.is_empty() {
                    continue;
                }
                let cfg = &prog.config.providers[vi];
                gains.clear();
                gains.extend(
                    caseload
                        .iter()
                        .map(|&i| self.perceived_gain(t, prog, cfg, i)),
                );
                let staffed = caseload.len() as f64 * cfg.hours_per_participant;
                let affordable = if cfg.cost_per_hour > 0.0 {
                    (self.providers[pi][vi].cash + cfg.credit).max(0.0) / cfg.cost_per_hour
                } else {
                    f64::INFINITY
                };
                let budget = staffed.min(affordable);
                provider::allocate(
                    &gains,
                    budget,
                    prog.approach.hours_scale,
                    cfg.max_hours_per_participant,
                    &mut hours,
                );
                let mut used = 0.0;
                for (&i, &h) in caseload.iter().zip(&hours) {
                    let q = (h * 4.0).round().clamp(0.0, 255.0) as u8;
                    let p = &mut self.people[i as usize];
                    p.hours_month = q;
                    let h = q as f64 / 4.0;
                    used += h;
                    self.cells[prog.cell(vi as u8, p.group)].hours += h;
                }
                self.providers[pi][vi].cash -= used * cfg.cost_per_hour;
                counts.support_hours += used;
            }
        }
    }

    /// What one more hour at zero hours is worth to the provider, as it sees the participant.
    fn perceived_gain(
        &self,
        t: i32,
        prog: &Programme,
        cfg: &crate::scenario::ProviderConfig,
        i: u32,
    ) -> f64 {
        let model = self.model;
        let c = &model.scenario.labour;
        let p = &self.people[i as usize];
        let a = &prog.config.assessment;
        let months_contact = t - p.programme_start as i32;
        let base_distance = match a.mode {
            crate::scenario::AssessmentMode::Ongoing => model.weights.distance(p),
            _ => p.true_at_referral as f64 / 255.0,
        };
        let d = assessment::perceived(
            a,
            &self.prior,
            p.benefit as usize,
            base_distance,
            p.assessment_noise as f64 / 32.0,
            months_contact,
        );
        let demand = model.demand[p.area as usize][t as usize];
        let age = p.age_months(t);
        let prices = &prog.groups[p.group as usize].prices;
        // What a job (kept with monthly loss probability q) is worth to this provider: the
        // payments still to come, weighted against its social mission.
        let job_worth = |q: f64| {
            (1.0 - cfg.social_weight)
                * prices.job_value(
                    p.has_flag(flags::OUTCOME_PAID),
                    p.sustainment_paid as u32,
                    q,
                )
                + cfg.social_weight * cfg.social_value_per_job
        };
        let scale = prog.approach.hours_scale;
        if p.employed() {
            let tenure = p.months_in_spell(t);
            if !p.has_flag(flags::PROGRAMME_JOB) || tenure >= prog.in_work_support {
                return 0.0;
            }
            let q = logistic(labour::loss_logodds(c, d, tenure, demand, age));
            let value = job_worth(q);
            value * q * (1.0 - q) * prog.approach.retention_effect / scale
        } else {
            if months_contact >= prog.duration {
                return 0.0;
            }
            let inactive = p.status == Status::Inactive;
            let f = logistic(labour::find_logodds(
                c,
                d,
                p.months_in_spell(t),
                demand,
                0.0,
                age,
                inactive,
            ));
            let q = logistic(labour::loss_logodds(c, d, 0, demand, age));
            let value = job_worth(q);
            value * f * (1.0 - f) * find_boost(&prog.approach, d) / scale
        }
    }

    /// Phase 3 and 4: every person's month, in parallel chunks, then the merge.
    fn person_pass(&mut self, t: i32, mk: MonthKey, counts: &mut MonthCounts) {
        let model = self.model;
        let demand = model.demand_at(t);
        let ctx = MonthCtx {
            model,
            t,
            mk,
            demand: &demand,
            synth: &self.synth,
            years: t as f64 / 12.0,
        };
        let accs: Vec<ChunkAcc> = self
            .people
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(ci, ps)| {
                let mut acc = ChunkAcc {
                    caseload: vec![0; model.programmes.len()],
                    ..Default::default()
                };
                for (j, p) in ps.iter_mut().enumerate() {
                    ctx.step_person((ci * CHUNK + j) as u32, p, &mut acc);
                }
                acc
            })
            .collect();
        self.caseload.iter_mut().for_each(|c| *c = 0);
        for acc in accs {
            counts.merge(&acc.counts);
            for (cell, amount) in acc.payments {
                self.cells[cell].payments += amount;
                let (pi, vi) = self.cell_owner(cell);
                self.providers[pi][vi].cash += amount;
            }
            self.participations.extend(acc.participations);
            for (c, n) in self.caseload.iter_mut().zip(acc.caseload) {
                *c += n;
            }
        }
    }

    fn cell_owner(&self, cell: usize) -> (usize, usize) {
        let pi = self
            .model
            .programmes
            .iter()
            .rposition(|p| p.cell_base <= cell)
            .expect("cells belong to programmes");
        let prog = &self.model.programmes[pi];
        (pi, (cell - prog.cell_base) / prog.groups.len())
    }
}

/// What the person pass needs to know about the month.
struct MonthCtx<'a> {
    model: &'a Model,
    t: i32,
    mk: MonthKey,
    demand: &'a [f64],
    synth: &'a Synthesiser<'a>,
    years: f64,
}

/// The record of a spell ending (or still open) in month `t`.
fn spell(p: &Person, t: i32) -> Participation {
    Participation {
        programme: p.programme - 1,
        provider: p.provider,
        group: p.group,
        assessed_distance: p.assessed_at_referral as f32 / 255.0,
        true_distance: p.true_at_referral as f32 / 255.0,
        hours: p.hours_total,
        months: (t - p.programme_start as i32 + 1).max(1) as u16,
        job_outcome: p.has_flag(flags::OUTCOME_PAID),
        sustained: p.has_flag(flags::SUSTAINED),
    }
}

impl MonthCtx<'_> {
    fn step_person(&self, idx: u32, p: &mut Person, acc: &mut ChunkAcc) {
        let m = self.model;
        let s = &m.scenario;
        let t = self.t;
        let pk = self.mk.person(idx);

        // Ageing: at 65 a person leaves and a 16-year-old takes their place.
        if p.age_months(t) >= 65 * 12 {
            if p.on_programme() {
                acc.participations.push(spell(p, t));
            }
            *p = self.synth.entrant(self.mk, idx, t, self.demand);
        }
        let age = p.age_months(t);

        // Health.
        let mut rng = pk.stream(Purpose::HealthRecovery);
        m.health.step(
            p,
            age,
            self.years,
            pk.uniform(Purpose::HealthOnset),
            pk.uniform(Purpose::HealthSeverity),
            &mut rng,
        );

        // Support received this month and its effect on barriers ("distance travelled").
        let prog = if p.on_programme() {
            Some(&m.programmes[p.programme as usize - 1])
        } else {
            None
        };
        let hours = p.hours_month as f64 / 4.0;
        let effect = prog.map_or(0.0, |pr| support_effect(&pr.approach, hours));
        if let Some(pr) = prog
            && effect > 0.0
        {
            let keep = 1.0 - pr.approach.barrier_reduction * effect;
            for b in p.barriers.iter_mut() {
                *b = (*b as f64 * keep) as u16;
            }
        }
        let b = &s.barriers;
        let u_b = pk.uniform(Purpose::Barrier);
        let step = (b.worsening_step * crate::person::UNIT) as u16;
        if p.employed() {
            if u_b < b.in_work_easing {
                for k in [labour::CONFIDENCE, labour::ISOLATION] {
                    p.barriers[k] = p.barriers[k].saturating_sub(step);
                }
            }
        } else if p.months_in_spell(t) > 12 && u_b < b.long_workless_worsening {
            for k in [labour::CONFIDENCE, labour::ISOLATION] {
                p.barriers[k] = p.barriers[k].saturating_add(step);
            }
        }

        // Work.
        let c = &s.labour;
        let d = m.weights.distance(p);
        let demand = self.demand[p.area as usize];
        let mut brng = pk.stream(Purpose::Benefit);
        match p.status {
            Status::Employed => {
                let tenure = p.months_in_spell(t);
                let mut x = labour::loss_logodds(c, d, tenure, demand, age);
                if let Some(pr) = prog
                    && p.has_flag(flags::PROGRAMME_JOB)
                    && tenure < pr.in_work_support
                {
                    x -= pr.approach.retention_effect * effect;
                }
                if pk.uniform(Purpose::JobLoss) < logistic(x) {
                    let to_inactive =
                        logistic(c.exit_inactive_intercept + c.exit_inactive_distance * d);
                    p.status = if pk.uniform(Purpose::Activity) < to_inactive {
                        Status::Inactive
                    } else {
                        Status::Unemployed
                    };
                    p.since = t as i16;
                    p.programme_flags &= !flags::PROGRAMME_JOB;
                    p.benefit = benefit::claim_out_of_work(&s.benefits, p, &mut brng);
                }
            }
            status => {
                let inactive = status == Status::Inactive;
                let months_out = p.months_in_spell(t);
                let iso = p.barrier(labour::ISOLATION);
                let mut x = labour::find_logodds(c, d, months_out, demand, iso, age, inactive);
                if let Some(pr) = prog {
                    x += find_boost(&pr.approach, d) * effect;
                }
                if pk.uniform(Purpose::JobFind) < logistic(x) {
                    p.status = Status::Employed;
                    p.since = t as i16;
                    p.benefit = Benefit::None;
                    if prog.is_some() && !p.has_flag(flags::OUTCOME_PAID) {
                        p.programme_flags |= flags::PROGRAMME_JOB;
                    }
                } else {
                    let u = pk.uniform(Purpose::Activity);
                    if !inactive && u < labour::u_to_i(c, d, months_out) {
                        p.status = Status::Inactive;
                        if p.benefit == Benefit::Jsa {
                            p.benefit = Benefit::None;
                        }
                    } else if inactive && u < labour::i_to_u(c, d) {
                        p.status = Status::Unemployed;
                        if p.benefit == Benefit::None {
                            p.benefit = benefit::jsa_or_none(&s.benefits, p.status, &mut brng);
                        }
                    }
                    p.benefit =
                        benefit::monthly(&s.benefits, p, pk.uniform(Purpose::Benefit), &mut brng);
                }
            }
        }

        // Programme: hours, outcomes, payments, exit.
        if let Some(pr) = prog {
            p.hours_total += hours as f32;
            let prices = &pr.groups[p.group as usize].prices;
            let cell = pr.cell(p.provider, p.group);
            if p.employed() && p.has_flag(flags::PROGRAMME_JOB) {
                let tenure = p.months_in_spell(t) as u32;
                if !p.has_flag(flags::OUTCOME_PAID) && tenure >= prices.outcome_after {
                    p.programme_flags |= flags::OUTCOME_PAID;
                    acc.counts.job_outcomes += 1;
                    acc.counts.spend += prices.outcome;
                    acc.payments.push((cell, prices.outcome));
                } else if p.has_flag(flags::OUTCOME_PAID)
                    && (p.sustainment_paid as u32) < prices.sustainment_max
                    && tenure > prices.outcome_after
                {
                    p.sustainment_paid += 1;
                    acc.counts.spend += prices.sustainment;
                    acc.payments.push((cell, prices.sustainment));
                }
                if !p.has_flag(flags::SUSTAINED) && tenure >= s.outputs.sustained_job_months {
                    p.programme_flags |= flags::SUSTAINED;
                    acc.counts.sustained_outcomes += 1;
                }
            }
            if pr.still_attached(p, t, s.outputs.sustained_job_months) {
                acc.caseload[p.programme as usize - 1] += 1;
                acc.counts.caseload += 1;
            } else {
                acc.participations.push(spell(p, t));
                p.programme = 0;
                p.programme_flags = 0;
                p.hours_month = 0;
            }
        }

        // Counts.
        let c = &mut acc.counts;
        let g = m.health.disabled(p) as usize;
        c.people[g] += 1;
        match p.status {
            Status::Employed => c.employed[g] += 1,
            Status::Unemployed => c.unemployed += 1,
            Status::Inactive => c.inactive += 1,
        }
        match p.benefit {
            Benefit::Jsa => c.jsa += 1,
            Benefit::EsaWrag | Benefit::EsaSupport => c.esa += 1,
            Benefit::Incapacity => c.incapacity += 1,
            Benefit::None => {}
        }
    }
}

/// Runs one whole replication; `on_month` is called after each month (for progress).
pub fn run_replication(
    model: &Model,
    replication: u32,
    on_month: &(dyn Fn() + Sync),
) -> ReplicationResult {
    World::new(model, replication).finish(on_month)
}
