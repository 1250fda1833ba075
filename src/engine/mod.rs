//! The monthly step of one replication.
//!
//! A month runs in four phases (DESIGN §4):
//! 1. **Referral** (serial over programmes): block funding is paid; people out of work who
//!    qualify for a payment group are collected in parallel from the candidates the previous
//!    month's pass listed (or a scan of everyone, in the first month and after a hand-back),
//!    ordered by a keyed random priority, and started while places, the starts allowance and
//!    the budget last; attachment fees fall due.
//! 2. **Allocation** (per provider): personal budgets buy their holders' hours; each provider
//!    splits its own adviser hours across its caseload by the value it perceives (see
//!    `provider`); fee-for-service payments fall due.
//! 3. **Person pass** (parallel, fixed chunks): ageing and cohort replacement, health, barriers,
//!    job finding and loss with the month's support, moves between unemployment and
//!    inactivity, benefits, programme outcomes, payments and exits. Only for the people to
//!    whom something may happen: the pass streams through each person's 12-byte [`Hot`]
//!    column, counts the quiet ones by class, and steps the others — participants, people
//!    ageing out or changing count class or whose limits ran out, and those with a process
//!    whose uniform's top byte is below its limit ([`screen`]; byte-identical to stepping
//!    everyone). It also lists next month's referral candidates (`may_refer`).
//! 4. **Aggregation**: chunk accumulators merged in chunk order; outcome and progress payments
//!    settled; providers whose losses exceed their reserves hand back their contracts.
//!
//! Every payment goes through [`Budget`]: payments falling due together in one phase are paid
//! in full or scaled down alike, so a programme never pays more than its budget.
//!
//! Every draw comes from a key of (seed, replication, person, month, purpose), so the result
//! does not depend on the number of threads. The engine does no I/O.

mod screen;

use crate::assessment::{self, Prior};
use crate::benefit;
use crate::health::Health;
use crate::labour::{self, DistanceWeights, find_boost, logistic, retention_boost, support_effect};
use crate::metrics::{CellTotals, MonthCounts, Participation};
use crate::payment::needs_multiplier;
use crate::person::{Benefit, Hot, Person, Status, flags, hot};
use crate::population::{self, CHUNK, Synthesiser};
use crate::programme::{self, Programme};
use crate::provider::{self, ProviderState};
use crate::rng::{
    ACTIVITY, BARRIER, BENEFIT, Draws, JOB_FIND, JOB_LOSS, MonthKey, Purpose, REFERRAL,
    ReplicationKey, SANCTION,
};
use crate::scenario::{BudgetRule, Entry, HandBack, ProviderConfig, Scenario};
use rayon::prelude::*;

/// Everything shared by the replications of one scenario (read-only while running).
#[derive(Clone)]
pub struct Model {
    pub scenario: Scenario,
    pub health: Health,
    pub weights: DistanceWeights,
    /// Demand index by area and model month.
    pub demand: Vec<Vec<f64>>,
    pub programmes: Vec<Programme>,
    pub n_cells: usize,
    /// Health onset growth factors by model month ([`Health::growth`]).
    pub growth: Vec<[f64; 5]>,
    /// [`Health::onset_mix`] by model month, [in work, out of work].
    pub onset_mix: Vec<[f64; 2]>,
    /// Lowest and highest demand index by area over the screening window
    /// ([`screen::WINDOW`]) from each model month.
    pub demand_range: Vec<Vec<(f64, f64)>>,
    /// Spells out of work by job-finding log-odds, for synthesis and entrants.
    pub spells: population::SpellTable,
    /// Screen people before stepping them (DESIGN §4, [`screen`]); on by default. Off, every
    /// person gets the full step every month: the reference engine, whose results the screen
    /// reproduces byte for byte, kept for tests.
    pub screening: bool,
    /// Compute every hazard of a screened person's step and count those above their limits
    /// (`World::screen_violations`), instead of skipping the ones whose top byte rules them
    /// out; and check each month's referral list against a scan of everyone. Off by default;
    /// the tests turn it on to hold the bounds and the listing to account.
    pub check_limits: bool,
}

impl Model {
    /// Prepares a validated scenario for running.
    pub fn new(scenario: Scenario) -> Self {
        let health = Health::new(&scenario);
        let weights = DistanceWeights::new(&scenario);
        let demand: Vec<Vec<f64>> = scenario
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
        let growth: Vec<[f64; 5]> = (0..scenario.months as i32)
            .map(|t| health.growth(t as f64 / 12.0))
            .collect();
        let onset_mix = growth
            .iter()
            .map(|g| [health.onset_mix(g, false), health.onset_mix(g, true)])
            .collect();
        let demand_range = demand
            .iter()
            .map(|d| {
                (0..d.len())
                    .map(|t| {
                        let w = &d[t..(t + screen::WINDOW as usize).min(d.len())];
                        let lo = w.iter().copied().fold(f64::INFINITY, f64::min);
                        let hi = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        (lo, hi)
                    })
                    .collect()
            })
            .collect();
        Self {
            spells: population::SpellTable::new(&scenario.labour),
            scenario,
            health,
            weights,
            demand,
            programmes,
            n_cells,
            growth,
            onset_mix,
            demand_range,
            screening: true,
            check_limits: false,
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
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    /// Provider ledgers at the end, indexed `[programme][provider]`.
    pub providers: Vec<Vec<ProviderState>>,
    /// Money paid by each programme in each month: `[month][programme]`.
    pub programme_spend: Vec<Vec<f64>>,
}

/// What is left of a programme's budget, and what the current month may still spend
/// [£ per agent-scaled unit]. Without a cap both are infinite.
#[derive(Clone, Debug)]
pub struct Budget {
    pub remaining: f64,
    allowance: f64,
}

impl Budget {
    fn new(prog: &Programme) -> Self {
        let remaining = prog.budget.unwrap_or(f64::INFINITY);
        Self {
            remaining,
            allowance: remaining,
        }
    }

    /// Sets what month `t` may spend: everything left, or, when pro-rating, an even share of
    /// what is left over the months in which payments can still fall due.
    fn open_month(&mut self, prog: &Programme, t: i32) {
        self.allowance = match prog.funding().when_budget_runs_out {
            BudgetRule::StopReferrals => self.remaining,
            BudgetRule::ProRate => self.remaining / (prog.payment_end - t + 1).max(1) as f64,
        };
    }

    /// The share of `due` that is paid (1 while money lasts), taken from the budget.
    fn draw(&mut self, due: f64) -> f64 {
        if due <= 0.0 {
            return 1.0;
        }
        let f = (self.allowance / due).clamp(0.0, 1.0);
        let paid = due * f;
        self.allowance = (self.allowance - paid).max(0.0);
        self.remaining = (self.remaining - paid).max(0.0);
        f
    }
}

/// A payment falling due to a provider; `cell` is `NO_CELL` for payments not tied to a
/// payment group (block funding).
#[derive(Clone, Copy, Debug)]
struct Due {
    programme: u8,
    provider: u8,
    cell: u32,
    amount: f64,
}

const NO_CELL: u32 = u32::MAX;

/// What came of trying to start someone on a programme.
enum Start {
    Started { due: Option<Due>, full_price: f64 },
    NoProvider,
    OverBudget,
}

/// The state of one replication as it runs.
pub struct World<'m> {
    model: &'m Model,
    key: ReplicationKey,
    replication: u32,
    /// The next month to simulate.
    pub t: i32,
    pub people: Vec<Person>,
    /// What the monthly pass reads for everyone, one per person ([`Hot`], [`screen`]).
    pub hot: Vec<Hot>,
    /// Provider states, indexed `[programme][provider]`.
    pub providers: Vec<Vec<ProviderState>>,
    allowance: Vec<f64>,
    caseload: Vec<u64>,
    pub budgets: Vec<Budget>,
    /// Paid by each programme in each month so far: `[month][programme]`.
    pub programme_spend: Vec<Vec<f64>>,
    prior: Prior,
    synth: Synthesiser<'m>,
    pub months: Vec<MonthCounts>,
    pub participations: Vec<Participation>,
    pub cells: Vec<CellTotals>,
    /// Hazards the step found above their screening limits so far, and people a full scan
    /// would have passed to the referral phase but the previous month's pass did not list
    /// (both counted only with [`Model::check_limits`]): 0 unless a bound or the listing is
    /// wrong (see [`screen`]); the tests hold every bundled scenario to 0.
    pub screen_violations: u64,
    /// The people this month's referral phase must look at ([`may_refer`]), listed by the
    /// previous month's pass; `None` when there is no such list (the first month, after a
    /// hand-back), and the phase scans everyone.
    referral_list: Option<Vec<u32>>,
}

/// Per-chunk results of the person pass.
#[derive(Default)]
struct ChunkAcc {
    counts: MonthCounts,
    payments: Vec<Due>,
    participations: Vec<Participation>,
    caseload: Vec<u64>,
    violations: u64,
    /// Next month's referral candidates ([`may_refer`]).
    referrals: Vec<u32>,
}

impl<'m> World<'m> {
    /// Synthesises the starting population of replication `replication`.
    pub fn new(model: &'m Model, replication: u32) -> Self {
        let s = &model.scenario;
        let key = ReplicationKey::new(s.seed, replication);
        let pop = population::synthesise(
            s,
            &model.health,
            &model.weights,
            &model.spells,
            key,
            &model.demand_at(0),
        );
        let providers = s
            .programmes
            .iter()
            .map(|p| {
                p.providers
                    .iter()
                    .map(|_| ProviderState::default())
                    .collect()
            })
            .collect();
        let hot = pop
            .people
            .par_iter()
            .map(|p| Hot {
                limits: [0; 8],
                flags: hot::LOOK,
                class: screen::class_at(model, p, 0),
                touch: screen::next_change(model, p, 0),
            })
            .collect();
        Self {
            model,
            key,
            replication,
            t: 0,
            people: pop.people,
            hot,
            providers,
            allowance: vec![0.0; model.programmes.len()],
            caseload: vec![0; model.programmes.len()],
            budgets: model.programmes.iter().map(Budget::new).collect(),
            programme_spend: Vec::with_capacity(s.months as usize),
            prior: Prior {
                benefit_mean: pop.benefit_mean_distance,
                sd: pop.distance_sd,
            },
            synth: {
                let mut synth = Synthesiser::new(s, &model.health, &model.weights, &model.spells);
                synth.offsets = pop.offsets;
                synth
            },
            months: Vec::with_capacity(s.months as usize),
            participations: Vec::new(),
            cells: vec![CellTotals::default(); model.n_cells],
            screen_violations: 0,
            referral_list: None,
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
        self.programme_spend
            .push(vec![0.0; self.model.programmes.len()]);
        for (b, prog) in self.budgets.iter_mut().zip(&self.model.programmes) {
            b.open_month(prog, t);
        }
        self.pay_block(t, &mut counts);
        self.refer(t, mk, &mut counts);
        self.allocate(t, &mut counts);
        self.person_pass(t, mk, &mut counts);
        self.hand_back(t, mk);
        self.months.push(counts);
        self.t += 1;
        self.months.last().expect("just pushed")
    }

    /// Runs the remaining months and closes the open programme spells. Stops early, with
    /// fewer months than the scenario asks for, when an interrupt was requested
    /// ([`crate::interrupt`]); the caller discards such a result.
    pub fn finish(mut self, on_month: &(dyn Fn() + Sync)) -> ReplicationResult {
        while self.t < self.model.scenario.months as i32 && !crate::interrupt::requested() {
            self.step();
            on_month();
        }
        let t = self.t - 1;
        for (idx, p) in self.people.iter().enumerate() {
            if p.on_programme() {
                self.participations.push(spell(idx as u32, p, t));
            }
        }
        ReplicationResult {
            replication: self.replication,
            months: self.months,
            participations: self.participations,
            cells: self.cells,
            offsets: self.synth.offsets,
            providers: self.providers,
            programme_spend: self.programme_spend,
        }
    }

    /// Pays what fell due in one phase of programme `pi`: in full while the budget allows,
    /// else every payment scaled down alike. Returns the share paid.
    fn settle(&mut self, pi: usize, dues: &[Due], counts: &mut MonthCounts) -> f64 {
        let total: f64 = dues.iter().map(|d| d.amount).sum();
        if total <= 0.0 {
            return 1.0;
        }
        let f = self.budgets[pi].draw(total);
        let mut paid_total = 0.0;
        for d in dues {
            debug_assert_eq!(d.programme as usize, pi);
            let paid = d.amount * f;
            if d.cell != NO_CELL {
                self.cells[d.cell as usize].payments += paid;
            }
            let v = &mut self.providers[pi][d.provider as usize];
            v.income += paid;
            v.unpaid += d.amount - paid;
            paid_total += paid;
        }
        counts.spend += paid_total;
        self.programme_spend.last_mut().expect("month row")[pi] += paid_total;
        f
    }

    /// Block funding: paid to the providers still holding the contract, by share.
    fn pay_block(&mut self, t: i32, counts: &mut MonthCounts) {
        let model = self.model;
        for (pi, prog) in model.programmes.iter().enumerate() {
            if prog.block_per_month <= 0.0 || t < prog.first_month || t > prog.block_end {
                continue;
            }
            let active: Vec<usize> = (0..prog.provider_names.len())
                .filter(|&v| self.providers[pi][v].active())
                .collect();
            let total_share: f64 = active.iter().map(|&v| prog.config.providers[v].share).sum();
            if total_share <= 0.0 {
                continue;
            }
            let dues: Vec<Due> = active
                .iter()
                .map(|&v| Due {
                    programme: pi as u8,
                    provider: v as u8,
                    cell: NO_CELL,
                    amount: prog.block_per_month * prog.config.providers[v].share / total_share,
                })
                .collect();
            self.settle(pi, &dues, counts);
        }
    }

    /// Providers whose losses exceed their reserves hand back their contracts; their
    /// participants move to the remaining providers or drop out, as the scenario says.
    fn hand_back(&mut self, t: i32, mk: MonthKey) {
        let model = self.model;
        let scale = model.scenario.population.scale;
        let mut leaving: Vec<(usize, usize)> = Vec::new();
        for (pi, prog) in model.programmes.iter().enumerate() {
            for (vi, cfg) in prog.config.providers.iter().enumerate() {
                let v = &mut self.providers[pi][vi];
                if v.active() && v.balance() < -cfg.reserves / scale {
                    v.handed_back = Some(t);
                    leaving.push((pi, vi));
                }
            }
        }
        if leaving.is_empty() {
            return;
        }
        // Those dropped from a programme may be referred next month: not on the pass's list.
        self.referral_list = None;
        for idx in 0..self.people.len() {
            if !self.hot[idx].on_programme() {
                continue;
            }
            let p = self.people[idx];
            let pi = p.programme as usize - 1;
            if !leaving.contains(&(pi, p.provider as usize)) {
                continue;
            }
            let prog = &model.programmes[pi];
            let to = match prog.config.on_hand_back {
                HandBack::Transfer => {
                    let u = mk.person(idx as u32).uniform(Purpose::HandBack);
                    prog.pick_provider(u, |v| self.providers[pi][v].active())
                }
                HandBack::DropOut => None,
            };
            let p = &mut self.people[idx];
            match to {
                Some(v) => p.provider = v,
                None => {
                    self.participations.push(spell(idx as u32, p, t));
                    p.programme = 0;
                    p.programme_flags = 0;
                    p.hours_month = 0;
                    self.hot[idx].flags = hot::LOOK;
                    self.caseload[pi] = self.caseload[pi].saturating_sub(1);
                }
            }
        }
    }

    /// Phase 1: referrals within eligibility and capacity.
    fn refer(&mut self, t: i32, mk: MonthKey, counts: &mut MonthCounts) {
        let model = self.model;
        let listed = self.referral_list.take();
        let active: Vec<usize> = (0..model.programmes.len())
            .filter(|&i| {
                model.programmes[i].referring(t)
                    && self.budgets[i].remaining > 0.0
                    && self.providers[i].iter().any(ProviderState::active)
            })
            .collect();
        if active.is_empty() {
            return;
        }
        // People in work or on a benefit no group takes are passed over without reading their
        // `Person`; so is anyone only voluntary groups could take whose take-up draw is above
        // every such take-up (the same draw the full check makes, so the outcome is the same).
        // The previous month's pass listed them already, with the programmes that would be
        // referring now whatever their budget (the same people or more); without such a list
        // (the first month, after a hand-back) everyone is scanned.
        let thresholds = referral_thresholds(model, &active);
        let previous = self.key.month(t - 1);
        let scan = || -> Vec<u32> {
            self.hot
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(ci, hs)| {
                    let mut out = Vec::new();
                    for (j, h) in hs.iter().enumerate() {
                        let idx = (ci * CHUNK + j) as u32;
                        if may_refer(&thresholds, h, previous.screen_bits(idx)) {
                            out.push(idx);
                        }
                    }
                    out
                })
                .collect::<Vec<_>>()
                .concat()
        };
        let listed = match listed {
            Some(mut list) => {
                if model.check_limits {
                    // Held to account like the bounds: anyone the scan finds must be listed.
                    list.sort_unstable();
                    let missing = scan()
                        .iter()
                        .filter(|i| list.binary_search(i).is_err())
                        .count();
                    self.screen_violations += missing as u64;
                }
                list
            }
            None => scan(),
        };
        // Candidates: (priority, person, programme, group), found in parallel. Their order
        // does not matter: the queue below is ordered by the whole tuple.
        let (people, hot) = (&self.people, &self.hot);
        let found: Vec<Vec<(u64, u32, u8, u8)>> = listed
            .par_chunks(CHUNK)
            .map(|idxs| {
                let mut out = Vec::new();
                for &idx in idxs {
                    let bits = previous.screen_bits(idx);
                    if !may_refer(&thresholds, &hot[idx as usize], bits) {
                        continue;
                    }
                    let p = &people[idx as usize];
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
                            && crate::rng::uniform(bits, pk, REFERRAL) >= group.take_up
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
        let mut by_programme: Vec<Vec<(u64, u32, u8, u8)>> =
            vec![Vec::new(); model.programmes.len()];
        for c in found.into_iter().flatten() {
            by_programme[c.2 as usize].push(c);
        }

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
            let stop_when_short = prog.budget.is_some()
                && prog.funding().when_budget_runs_out == BudgetRule::StopReferrals;
            // Only the `room` first by priority can start: select them, then order only those
            // (a mandatory group can put a large share of everyone out of work in the queue).
            let candidates = &mut by_programme[pi];
            if let Ok(room) = usize::try_from(room)
                && room < candidates.len()
            {
                if room == 0 {
                    candidates.clear();
                } else {
                    candidates.select_nth_unstable(room - 1);
                    candidates.truncate(room);
                }
            }
            candidates.sort_unstable();
            let candidates = std::mem::take(candidates);
            let mut started = 0u64;
            let mut dues = Vec::new();
            let mut committed = 0.0;
            for &(_, idx, cpi, g) in &candidates {
                if started >= room {
                    break;
                }
                debug_assert_eq!(cpi as usize, pi);
                let limit = if stop_when_short {
                    self.budgets[pi].remaining - committed
                } else {
                    f64::INFINITY
                };
                match self.start(t, mk, idx, pi, g, limit, counts) {
                    Start::Started { due, full_price } => {
                        dues.extend(due);
                        committed += full_price;
                        started += 1;
                    }
                    Start::NoProvider | Start::OverBudget => break,
                }
            }
            self.settle(pi, &dues, counts);
            if prog.starts_per_month.is_some() {
                self.allowance[pi] -= started as f64;
            }
            self.caseload[pi] += started;
        }
    }

    /// Starts person `idx` on programme `pi` in payment group `g`, unless the most the
    /// programme could pay for them exceeds `limit`.
    #[allow(clippy::too_many_arguments)]
    fn start(
        &mut self,
        t: i32,
        mk: MonthKey,
        idx: u32,
        pi: usize,
        g: u8,
        limit: f64,
        counts: &mut MonthCounts,
    ) -> Start {
        let model = self.model;
        let prog = &model.programmes[pi];
        let pk = mk.person(idx);
        let Some(provider) = prog.pick_provider(pk.uniform(Purpose::ProviderChoice), |v| {
            self.providers[pi][v].active()
        }) else {
            return Start::NoProvider;
        };
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
        let assessed_q = (assessed * 255.0).round() as u8;
        let multiplier = needs_multiplier(prog.funding(), assessed_q as f64 / 255.0);
        let full_price = prog.full_price(g as usize, multiplier);
        if full_price > limit || limit <= 0.0 {
            return Start::OverBudget;
        }
        p.programme = pi as u8 + 1;
        p.provider = provider;
        p.group = g;
        p.programme_start = t as i16;
        p.hours_total = 0;
        p.hours_month = 0;
        p.assessment_noise = (noise * 32.0).round().clamp(-127.0, 127.0) as i8;
        p.assessed_at_referral = assessed_q;
        p.true_at_referral = (d * 255.0).round() as u8;
        p.sustainment_paid = 0;
        p.progress_paid = 0;
        p.programme_flags = 0;
        self.hot[idx as usize].flags |= hot::ON_PROGRAMME;
        counts.starts += 1;
        let fee = prog.groups[g as usize].prices.attachment * multiplier;
        Start::Started {
            due: (fee > 0.0).then_some(Due {
                programme: pi as u8,
                provider,
                cell: prog.cell(provider, g) as u32,
                amount: fee,
            }),
            full_price,
        }
    }

    /// Phase 2: personal budgets buy their holders' hours, then each provider allocates its
    /// own adviser hours over its caseload; fee-for-service payments fall due on the latter.
    fn allocate(&mut self, t: i32, counts: &mut MonthCounts) {
        let model = self.model;
        if model.programmes.is_empty() {
            return;
        }
        let found: Vec<Vec<u32>> = self
            .hot
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(ci, hs)| {
                hs.iter()
                    .enumerate()
                    .filter(|(_, h)| h.on_programme())
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
        let (mut gains, mut caps, mut hours) = (Vec::new(), Vec::new(), Vec::new());
        for (pi, prog) in model.programmes.iter().enumerate() {
            let funding = prog.funding();
            // Personal budgets: every holder still being supported gets the same money.
            let budget_share = if funding.personal_budget_per_month > 0.0 {
                let dues: Vec<Due> = buckets[pi]
                    .iter()
                    .flatten()
                    .filter(|&&i| self.supported(t, prog, &self.people[i as usize]))
                    .map(|&i| {
                        let p = &self.people[i as usize];
                        Due {
                            programme: pi as u8,
                            provider: p.provider,
                            cell: prog.cell(p.provider, p.group) as u32,
                            amount: funding.personal_budget_per_month,
                        }
                    })
                    .collect();
                self.settle(pi, &dues, counts)
            } else {
                0.0
            };
            let mut fees = Vec::new();
            for (vi, caseload) in buckets[pi].iter().enumerate() {
                if caseload.is_empty() {
                    continue;
                }
                let cfg = &prog.config.providers[vi];
                let max = cfg.max_hours_per_participant;
                let scale = prog.approach.hours_scale;
                let own: Vec<f64> = caseload
                    .iter()
                    .map(|&i| {
                        let p = &self.people[i as usize];
                        if budget_share > 0.0 && self.supported(t, prog, p) {
                            let money = funding.personal_budget_per_month * budget_share;
                            if cfg.cost_per_hour > 0.0 {
                                (money / cfg.cost_per_hour).min(max)
                            } else {
                                max
                            }
                        } else {
                            0.0
                        }
                    })
                    .collect();
                gains.clear();
                caps.clear();
                for (&i, &h0) in caseload.iter().zip(&own) {
                    // Hours already bought by the participant's budget lower what the
                    // provider's next hour adds (diminishing returns).
                    gains.push(self.perceived_gain(t, prog, cfg, i) * (-h0 / scale).exp());
                    caps.push(max - h0);
                }
                let staffed = caseload.len() as f64 * cfg.hours_per_participant;
                provider::allocate(&gains, &caps, staffed, scale, &mut hours);
                let mut used = 0.0;
                for ((&i, &h), &h0) in caseload.iter().zip(&hours).zip(&own) {
                    let q = ((h + h0) * 4.0).round().clamp(0.0, 255.0) as u8;
                    let p = &mut self.people[i as usize];
                    p.hours_month = q;
                    let total = q as f64 / 4.0;
                    used += total;
                    let cell = prog.cell(vi as u8, p.group);
                    self.cells[cell].hours += total;
                    if funding.fee_per_hour > 0.0 && total > h0 {
                        fees.push(Due {
                            programme: pi as u8,
                            provider: vi as u8,
                            cell: cell as u32,
                            amount: funding.fee_per_hour * (total - h0),
                        });
                    }
                }
                let v = &mut self.providers[pi][vi];
                v.costs += used * cfg.cost_per_hour;
                counts.support_hours += used;
            }
            self.settle(pi, &fees, counts);
        }
    }

    /// Whether a participant is in the part of the programme that gets support: out of work
    /// within the programme's duration, or in a programme job within the in-work support.
    fn supported(&self, t: i32, prog: &Programme, p: &Person) -> bool {
        if p.employed() {
            p.has_flag(flags::PROGRAMME_JOB) && p.months_in_spell(t) < prog.in_work_support
        } else {
            t - (p.programme_start as i32) < prog.duration
        }
    }

    /// What one more hour at zero hours is worth to the provider, as it sees the participant:
    /// the expected payments (PbR and progress, at the participant's needs multiplier) that
    /// the hour brings closer, weighted against the provider's social mission.
    fn perceived_gain(&self, t: i32, prog: &Programme, cfg: &ProviderConfig, i: u32) -> f64 {
        let model = self.model;
        let c = &model.scenario.labour;
        let p = &self.people[i as usize];
        if !self.supported(t, prog, p) {
            return 0.0;
        }
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
        let funding = prog.funding();
        let multiplier = needs_multiplier(funding, p.assessed_at_referral as f64 / 255.0);
        let demand = model.demand[p.area as usize][t as usize];
        let age = p.age_months(t);
        let prices = &prog.groups[p.group as usize].prices;
        let condition = p.condition as usize;
        let w = cfg.social_weight;
        // What a job (kept with monthly loss probability q) is worth to this provider: the
        // payments still to come, weighted against its social mission.
        let job_worth = |q: f64| {
            (1.0 - w)
                * multiplier
                * prices.job_value(
                    p.has_flag(flags::OUTCOME_PAID),
                    p.sustainment_paid as u32,
                    q,
                )
                + w * cfg.social_value_per_job
        };
        let scale = prog.approach.hours_scale;
        if p.employed() {
            let q = logistic(labour::loss_logodds(
                c,
                d,
                p.months_in_spell(t),
                demand,
                age,
            ));
            let value = job_worth(q);
            value * q * (1.0 - q) * retention_boost(&prog.approach, condition) / scale
        } else {
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
            let job = job_worth(q) * f * (1.0 - f) * find_boost(&prog.approach, d, condition);
            // Progress payments: support removes a share of the barriers each month, so an
            // hour moves the participant `barrier_reduction · d / progress_step` of a step.
            let progress = if (p.progress_paid as u32) < funding.progress_max_payments {
                (1.0 - w) * multiplier * funding.progress_fee * prog.approach.barrier_reduction * d
                    / funding.progress_step
            } else {
                0.0
            };
            (job + progress) / scale
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
            growth: &model.growth[t as usize],
        };
        // Next month's referral candidates ([`may_refer`]), listed from the screening bits the
        // pass computes anyway: with the programmes that will be referring then, before their
        // budgets and providers are known.
        let referring: Vec<usize> = (0..model.programmes.len())
            .filter(|&i| model.programmes[i].referring(t + 1))
            .collect();
        let listing = t + 1 < model.scenario.months as i32 && !referring.is_empty();
        let thresholds = referral_thresholds(model, &referring);
        let accs: Vec<ChunkAcc> = self
            .people
            .par_chunks_mut(CHUNK)
            .zip(self.hot.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(ci, (ps, hs))| {
                let mut acc = ChunkAcc {
                    caseload: vec![0; model.programmes.len()],
                    ..Default::default()
                };
                // People nothing happens to, by count class: most people, most months. The
                // others are listed and their `Person` fetched ahead (they are scattered, and a
                // fetch from memory costs more than their step), then stepped in order.
                let mut quiet = [0u64; 256];
                let mut look: Vec<u32> = Vec::new();
                for (j, h) in hs.iter().enumerate() {
                    let idx = (ci * CHUNK + j) as u32;
                    let bits = mk.screen_bits(idx);
                    if model.screening
                        && h.flags == 0
                        && t < h.touch as i32
                        && !screen::selected(bits, h.limit_word())
                    {
                        quiet[h.class as usize] += 1;
                        if listing && may_refer(&thresholds, h, bits) {
                            acc.referrals.push(idx);
                        }
                    } else {
                        prefetch(&ps[j]);
                        look.push(j as u32);
                    }
                }
                for &j in &look {
                    let j = j as usize;
                    let idx = (ci * CHUNK + j) as u32;
                    // Hashed again rather than kept from the loop above: a list of bare
                    // indices was measured faster than one carrying the bits.
                    let bits = mk.screen_bits(idx);
                    ctx.step_person(idx, bits, &mut ps[j], &mut hs[j], &mut acc);
                    if listing && may_refer(&thresholds, &hs[j], bits) {
                        acc.referrals.push(idx);
                    }
                }
                for (c, &n) in quiet.iter().enumerate() {
                    if n > 0 {
                        screen::add_class(&mut acc.counts, c as u8, n);
                    }
                }
                acc
            })
            .collect();
        self.caseload.iter_mut().for_each(|c| *c = 0);
        let mut dues: Vec<Vec<Due>> = vec![Vec::new(); model.programmes.len()];
        let mut referrals = Vec::new();
        for acc in accs {
            counts.merge(&acc.counts);
            referrals.extend(acc.referrals);
            for d in acc.payments {
                dues[d.programme as usize].push(d);
            }
            self.participations.extend(acc.participations);
            for (c, n) in self.caseload.iter_mut().zip(acc.caseload) {
                *c += n;
            }
            self.screen_violations += acc.violations;
        }
        self.referral_list = listing.then_some(referrals);
        for (pi, d) in dues.iter().enumerate() {
            self.settle(pi, d, counts);
        }
    }
}

/// What a person's count class alone says about their referral by `programmes`: for each
/// class, the referral draw's top bytes (as in [`REFERRAL`]) below which some group of theirs
/// could take them. 256 if a mandatory group could admit the class (any byte), 0 if no group
/// could, else the most generous voluntary take-up in 256ths, rounded up (a byte `b` is below
/// it exactly when `b / 256` is below the take-up).
fn referral_thresholds(model: &Model, programmes: &[usize]) -> Vec<u16> {
    (0..=u8::MAX)
        .map(|c| {
            let (benefit, disabled) = screen::benefit_and_disabled(c);
            let mut most = 0.0f64;
            if !screen::employed(c) {
                for &pi in programmes {
                    for g in &model.programmes[pi].groups {
                        if g.may_admit(benefit, disabled) {
                            most = most.max(match g.entry {
                                Entry::Mandatory => f64::INFINITY,
                                Entry::Voluntary => g.take_up,
                            });
                        }
                    }
                }
            }
            (most * 256.0).ceil().clamp(0.0, 256.0) as u16
        })
        .collect()
}

/// Whether the referral phase must read the state of a person with column `h` whose
/// screening bits of the month before are `bits`: off any programme, and their referral
/// draw's top byte below their class's threshold ([`referral_thresholds`]).
#[inline(always)]
fn may_refer(thresholds: &[u16], h: &Hot, bits: u64) -> bool {
    !h.on_programme()
        && (crate::rng::coarse(bits, REFERRAL.index()) as u16) < thresholds[h.class as usize]
}

/// What the person pass needs to know about the month.
struct MonthCtx<'a> {
    model: &'a Model,
    t: i32,
    mk: MonthKey,
    demand: &'a [f64],
    synth: &'a Synthesiser<'a>,
    /// Health onset growth factors this month ([`Health::growth`]).
    growth: &'a [f64; 5],
}

/// The record of person `idx`'s spell ending (or still open) in month `t`.
fn spell(idx: u32, p: &Person, t: i32) -> Participation {
    Participation {
        person: idx,
        start: p.programme_start,
        programme: p.programme - 1,
        provider: p.provider,
        group: p.group,
        assessed_distance: p.assessed_at_referral as f32 / 255.0,
        true_distance: p.true_at_referral as f32 / 255.0,
        hours: p.hours_total as f32 / 4.0,
        months: (t - p.programme_start as i32 + 1).max(1) as u16,
        job_outcome: p.has_flag(flags::OUTCOME_PAID),
        sustained: p.has_flag(flags::SUSTAINED),
    }
}

impl MonthCtx<'_> {
    /// The month of a person the pass looks at: on a programme, ageing out, at a change of
    /// count class or the end of their limits' window ([`Hot::touch`]), or selected by the
    /// screen ([`screen`]). The full step runs if the person is on a programme or ageing out,
    /// or if a process's top byte is below its limit; then the counts, and the person's [`Hot`]
    /// column for the months ahead. `bits` are the person's screening bits this month
    /// (`MonthKey::screen_bits`).
    fn step_person(&self, idx: u32, bits: u64, p: &mut Person, h: &mut Hot, acc: &mut ChunkAcc) {
        let m = self.model;
        let t = self.t;
        let full = !m.screening || p.on_programme() || p.age_months(t) >= 65 * 12;
        // The limits hold until `expiry` at least (`touch` is at or before the window's end).
        let mut expiry = h.touch as i32;
        let limits = if full {
            None
        } else {
            if t >= expiry || h.flags & hot::LOOK != 0 {
                expiry = screen::set_limits(m, p, t, h);
            }
            (h.flags & hot::LOOK == 0).then_some(h.process_limits())
        };
        let run = full || limits.is_none() || screen::selected(bits, h.limit_word());
        let before = if run {
            let mut draws = Draws::new(self.mk.person(idx), bits, limits, m.check_limits);
            let before = self.events(idx, p, &mut draws, acc);
            acc.violations += draws.violations() as u64;
            // New limits from next month if anything happened (else the old ones still hold).
            if !draws.unchanged() {
                if p.on_programme() {
                    h.flags |= hot::LOOK;
                } else if t + 1 < m.scenario.months as i32 {
                    expiry = screen::set_limits(m, p, t + 1, h);
                }
            }
            before
        } else {
            (
                p.employed(),
                p.months_in_spell(t),
                m.health.disabled(p) as usize,
            )
        };
        self.count(p, before, acc);
        h.class = screen::class_at(m, p, t + 1);
        h.touch = (screen::next_change(m, p, t + 1) as i32).min(expiry) as i16;
        if p.on_programme() {
            h.flags |= hot::ON_PROGRAMME;
        } else {
            h.flags &= !hot::ON_PROGRAMME;
        }
    }

    /// The full step of one person's month on `draws`: ageing and replacement, health,
    /// barriers, work, benefits and the programme. Returns the person's state just before the
    /// work transitions (in work, months in the spell, disabled), for the flow counts.
    fn events(
        &self,
        idx: u32,
        p: &mut Person,
        draws: &mut Draws,
        acc: &mut ChunkAcc,
    ) -> (bool, i32, usize) {
        let m = self.model;
        let s = &m.scenario;
        let t = self.t;
        let pk = self.mk.person(idx);

        // Ageing: at 65 a person leaves and a 16-year-old takes their place.
        if p.age_months(t) >= 65 * 12 {
            if p.on_programme() {
                acc.participations.push(spell(idx, p, t));
            }
            *p = self.synth.entrant(self.mk, idx, t, self.demand);
        }
        let age = p.age_months(t);

        // Health.
        let mut rng = pk.stream(Purpose::HealthRecovery);
        m.health.step(p, age, self.growth, draws, &mut rng);

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
            if pr.approach.health_effect > 0.0 && p.condition != crate::person::Condition::None {
                let keep = 1.0 - pr.approach.health_effect * effect;
                p.severity = (p.severity as f64 * keep) as u16;
            }
        }
        let b = &s.barriers;
        let step = (b.worsening_step * crate::person::UNIT) as u16;
        if p.employed() {
            // Only drawn when there is something to ease (the screen's bound is 0 otherwise).
            let easable = p.barriers[labour::CONFIDENCE] > 0 || p.barriers[labour::ISOLATION] > 0;
            if easable && draws.fires(BARRIER, b.in_work_easing) {
                for k in [labour::CONFIDENCE, labour::ISOLATION] {
                    p.barriers[k] = p.barriers[k].saturating_sub(step);
                }
            }
        } else if p.months_in_spell(t) > 12 && draws.fires(BARRIER, b.long_workless_worsening) {
            for k in [labour::CONFIDENCE, labour::ISOLATION] {
                p.barriers[k] = p.barriers[k].saturating_add(step);
            }
        }

        // Work. Status before it, for the flow counts.
        let before = (
            p.employed(),
            p.months_in_spell(t),
            m.health.disabled(p) as usize,
        );
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
                    x -= retention_boost(&pr.approach, p.condition as usize) * effect;
                }
                if draws.fires_with(JOB_LOSS, || logistic(x)) {
                    let to_inactive =
                        logistic(c.exit_inactive_intercept + c.exit_inactive_distance * d);
                    p.status = if draws.uniform(ACTIVITY) < to_inactive {
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
                    x += find_boost(&pr.approach, d, p.condition as usize) * effect;
                }
                let bf = &s.benefits;
                let sanctioned = bf.sanction_rate > 0.0
                    && (p.benefit == Benefit::Jsa
                        || (p.benefit == Benefit::EsaWrag && prog.is_some()))
                    && draws.fires(SANCTION, bf.sanction_rate);
                if sanctioned {
                    x += bf.sanction_find_effect;
                    if p.condition != crate::person::Condition::None {
                        p.severity =
                            crate::person::from_unit(p.severity() + bf.sanction_health_harm);
                    }
                }
                if draws.fires_with(JOB_FIND, || logistic(x)) {
                    p.status = Status::Employed;
                    p.since = t as i16;
                    p.benefit = Benefit::None;
                    if prog.is_some() && !p.has_flag(flags::OUTCOME_PAID) {
                        p.programme_flags |= flags::PROGRAMME_JOB;
                    }
                } else if sanctioned && draws.uniform(ACTIVITY) < bf.sanction_off_benefit {
                    p.status = Status::Inactive;
                    p.benefit = Benefit::None;
                } else {
                    let moves = || {
                        if inactive {
                            labour::i_to_u(c, d)
                        } else {
                            labour::u_to_i(c, d, months_out)
                        }
                    };
                    if draws.fires_with(ACTIVITY, moves) {
                        if inactive {
                            p.status = Status::Unemployed;
                            if p.benefit == Benefit::None {
                                p.benefit = benefit::jsa_or_none(&s.benefits, p.status, &mut brng);
                            }
                        } else {
                            p.status = Status::Inactive;
                            if p.benefit == Benefit::Jsa {
                                p.benefit = Benefit::None;
                            }
                        }
                    }
                    if draws.fires(BENEFIT, benefit::monthly_rate(&s.benefits, p)) {
                        p.benefit = benefit::monthly_event(&s.benefits, p, &mut brng);
                    }
                }
            }
        }

        // Programme: hours, outcomes, payments, exit.
        if let Some(pr) = prog {
            p.hours_total = p.hours_total.saturating_add(p.hours_month as u16);
            let prices = &pr.groups[p.group as usize].prices;
            let funding = pr.funding();
            let multiplier = needs_multiplier(funding, p.assessed_at_referral as f64 / 255.0);
            let mut due = |amount: f64| {
                acc.payments.push(Due {
                    programme: p.programme - 1,
                    provider: p.provider,
                    cell: pr.cell(p.provider, p.group) as u32,
                    amount: amount * multiplier,
                })
            };
            // Progress: a further step of distance travelled since referral.
            if funding.progress_fee > 0.0
                && (p.progress_paid as u32) < funding.progress_max_payments
                && t - (p.programme_start as i32) < pr.duration
            {
                let travelled = p.true_at_referral as f64 / 255.0 - d;
                if travelled >= (p.progress_paid as f64 + 1.0) * funding.progress_step {
                    p.progress_paid += 1;
                    due(funding.progress_fee);
                }
            }
            if p.employed() && p.has_flag(flags::PROGRAMME_JOB) {
                let tenure = p.months_in_spell(t) as u32;
                if !p.has_flag(flags::OUTCOME_PAID) && tenure >= prices.outcome_after {
                    p.programme_flags |= flags::OUTCOME_PAID;
                    acc.counts.job_outcomes += 1;
                    due(prices.outcome);
                } else if p.has_flag(flags::OUTCOME_PAID)
                    && (p.sustainment_paid as u32) < prices.sustainment_max
                    && tenure > prices.outcome_after
                {
                    p.sustainment_paid += 1;
                    due(prices.sustainment);
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
                acc.participations.push(spell(idx, p, t));
                p.programme = 0;
                p.programme_flags = 0;
                p.hours_month = 0;
            }
        }
        before
    }

    /// Adds the person's state at the end of the month to the counts; `before` is what
    /// [`Self::events`] returned (or the state itself when nothing happened).
    fn count(&self, p: &Person, before: (bool, i32, usize), acc: &mut ChunkAcc) {
        let s = &self.model.scenario;
        let m = self.model;
        let t = self.t;
        let c = &mut acc.counts;
        let g = m.health.disabled(p) as usize;
        c.people[g] += 1;
        if p.employed() && p.months_in_spell(t) == s.outputs.sustained_job_months as i32 {
            c.jobs_reaching_sustained[g] += 1;
        }
        let (was_employed, spell, g0) = before;
        let f = &mut c.flows;
        if was_employed {
            f.employed[g0] += 1;
            f.left[g0] += !p.employed() as u64;
        } else if g0 == 1 {
            let long = (spell > 12) as usize;
            f.out[long] += 1;
            f.entered[long] += p.employed() as u64;
        }
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

/// Asks the CPU to start fetching `x`'s cache line (a hint; nothing on other targets).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint that never faults nor reads into the program (any
        // address is allowed), and SSE is part of every x86-64 CPU.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
