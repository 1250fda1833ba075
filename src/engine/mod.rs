//! The monthly step of one replication.
//!
//! A month runs in four phases (ARCHITECTURE.md, "The monthly step"):
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
//!    everyone). It also lists next month's referral candidates (`ReferralScreen::may_refer`).
//! 4. **Aggregation**: chunk accumulators merged in chunk order; outcome and progress payments
//!    settled; providers whose losses exceed their reserves hand back their contracts.
//!
//! Every payment goes through [`Budget`]: payments falling due together in one phase are paid
//! in full or scaled down alike, so a programme never pays more than its budget.
//!
//! Every draw comes from a key of (seed, replication, person, month, purpose), so the result
//! does not depend on the number of threads. The engine does no I/O.

mod aggregation;
mod allocation;
mod milestones;
mod person_step;
mod planning;
mod referral;
pub mod screen;
mod settlement;
mod spells;
pub mod trial;

pub use settlement::Budget;
pub use spells::SecondSpells;
use spells::participation;

use crate::assessment::Prior;
use crate::cancel::{Cancel, Interrupted};
use crate::health::Health;
use crate::labour::DistanceWeights;
use crate::metrics::{AreaMonth, CellTotals, GroupCensus, MonthCounts, Participation};
use crate::person::{Benefit, Hot, Person, hot};
use crate::population::{self, Synthesiser};
use crate::programme::{self, Programme};
use crate::provider::ProviderState;
use crate::rng::ReplicationKey;
use crate::scenario::{Scenario, Valid};
use rayon::prelude::*;
use settlement::Due;

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
    /// The benefit system by model month ([`crate::benefit::Calendar`]).
    pub benefits: crate::benefit::Calendar,
    /// Screen people before stepping them ([`screen`]); on by default. Off, every
    /// person gets the full step every month: the reference engine, whose results the screen
    /// reproduces byte for byte, kept for tests.
    pub screening: bool,
    /// Compute every hazard of a screened person's step and count those above their limits
    /// (`World::screen_violations`), instead of skipping the ones whose top byte rules them
    /// out; and check each month's referral list against a scan of everyone. Off by default;
    /// the tests turn it on to hold the bounds and the listing to account.
    pub check_limits: bool,
    /// Whether an easing of barriers in work lowers every hazard of the person
    /// ([`screen::easing_lowers_hazards`]), so that it keeps their screening limits.
    pub easing_lowers_hazards: bool,
    /// The models in force from the scenario's dated changes on: `(first model month, model)`,
    /// in month order ([`Scenario::regimes`]); empty without changes.
    pub regimes: Vec<(i32, Model)>,
}

impl Model {
    /// Prepares a validated scenario for running (only a [`Valid`] one: see
    /// [`crate::scenario::Valid`]).
    pub fn new(scenario: Valid) -> Self {
        let scenario = scenario.into_inner();
        let regimes = scenario
            .regimes()
            .expect("a valid scenario's changes apply")
            .into_iter()
            .map(|(from, s)| {
                let from = from.months_since(scenario.start);
                let s = Valid::new(s).expect("a valid scenario's regimes are valid");
                (from, Model::new(s))
            })
            .collect();
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
                    .map(|t| crate::calendar::interpolate(&points, t))
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
        let easing_lowers_hazards = screen::easing_lowers_hazards(&scenario, &weights);
        Self {
            spells: population::SpellTable::new(&scenario.labour),
            benefits: crate::benefit::Calendar::new(&scenario, screen::WINDOW as usize),
            scenario,
            health,
            weights,
            demand,
            programmes,
            n_cells,
            growth,
            onset_mix,
            demand_range,
            easing_lowers_hazards,
            screening: true,
            check_limits: false,
            regimes,
        }
    }

    /// The model in force in month `t`: the last regime begun by then, else this one.
    pub fn at(&self, t: i32) -> &Model {
        self.regimes
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .map_or(self, |(_, m)| m)
    }

    /// The benefit system in force in month `t` of this model (clamped to the run).
    #[inline]
    pub fn benefit_system(&self, t: i32) -> crate::benefit::System<'_> {
        let last = self.benefits.months.len().saturating_sub(1);
        crate::benefit::System {
            s: &self.scenario,
            cal: &self.benefits,
            m: &self.benefits.months[(t.max(0) as usize).min(last)],
        }
    }

    /// Sets the reference-engine switches on this model and every regime.
    pub fn set_screening(&mut self, screening: bool, check_limits: bool) {
        self.screening = screening;
        self.check_limits = check_limits;
        for (_, m) in &mut self.regimes {
            m.set_screening(screening, check_limits);
        }
    }

    fn demand_at(&self, t: i32) -> Vec<f64> {
        self.demand.iter().map(|d| d[t as usize]).collect()
    }
}

/// The benefit stocks of `people` in month `t` under `model`
/// ([`crate::benefit::stock_slots`]), counted in parallel.
pub fn benefit_stocks(
    model: &Model,
    people: &[Person],
    t: i32,
) -> [i64; crate::benefit::slot::COUNT] {
    use crate::benefit::slot::COUNT;
    let sys = model.benefit_system(t);
    sum_slots(people.par_chunks(crate::population::CHUNK).map(|ps| {
        let mut s = [0i64; COUNT];
        for p in ps {
            let d = crate::benefit::stock_slots(sys, p, model.health.disabled(p));
            s.iter_mut().zip(d).for_each(|(a, b)| *a += b);
        }
        s
    }))
}

/// `stocks` with the slots that depend on the month's rules ([`crate::benefit::uc_slots`])
/// counted afresh for month `t`. Only UC claimants have them: the count class in `hot` says
/// who they are ([`screen::benefit_and_disabled`]), so the others' `Person` is not read.
pub fn recount_uc_stocks(
    model: &Model,
    people: &[Person],
    hot: &[Hot],
    t: i32,
    stocks: &[i64; crate::benefit::slot::COUNT],
) -> [i64; crate::benefit::slot::COUNT] {
    use crate::benefit::slot::{COUNT, UC};
    let sys = model.benefit_system(t);
    let chunk = crate::population::CHUNK;
    let mut out = sum_slots(
        people
            .par_chunks(chunk)
            .zip(hot.par_chunks(chunk))
            .map(|(ps, hs)| {
                let mut s = [0i64; COUNT];
                for (p, h) in ps.iter().zip(hs) {
                    if screen::benefit_and_disabled(h.class).0 >= Benefit::UcSearching as u8 {
                        let d = crate::benefit::uc_slots(sys, p, model.health.disabled(p));
                        s.iter_mut().zip(d).for_each(|(a, b)| *a += b);
                    }
                }
                s
            }),
    );
    out[UC..].copy_from_slice(&stocks[UC..]);
    out
}

/// The sum of per-chunk stock slots: whole numbers, so the same on any thread count.
fn sum_slots<I>(chunks: I) -> [i64; crate::benefit::slot::COUNT]
where
    I: ParallelIterator<Item = [i64; crate::benefit::slot::COUNT]>,
{
    chunks.reduce(
        || [0; crate::benefit::slot::COUNT],
        |mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        },
    )
}

/// The job-quality stocks of `people` under `model` ([`employer::job_slots`]), counted in parallel.
pub fn job_stocks(model: &Model, people: &[Person]) -> [i64; crate::employer::JOB_SLOTS] {
    use crate::employer;
    let e = &model.scenario.employers;
    people
        .par_chunks(crate::population::CHUNK)
        .map(|ps| {
            let mut s = [0i64; employer::JOB_SLOTS];
            for p in ps {
                let d = employer::job_slots(e, p, model.health.disabled(p));
                s.iter_mut().zip(d).for_each(|(a, b)| *a += b);
            }
            s
        })
        // Whole-number sums: the same on any thread count.
        .reduce(
            || [0; employer::JOB_SLOTS],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
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
    /// The model month in which each programme's budget was all spent; `None` if it never
    /// was (or the programme has no budget). Indexed by programme.
    #[serde(default)]
    pub budget_ran_out: Vec<Option<i32>>,
    /// Every plan of starts from a budget: (programme, model month, starts per year)
    /// [agents per year] ([`planning`]).
    #[serde(default)]
    pub plans: Vec<(usize, i32, f64)>,
    /// Each area's months, `[month][area]`, for worlds of more than one area; empty for one.
    #[serde(default)]
    pub areas: Vec<Vec<AreaMonth>>,
    /// People by group (condition, severity, age, benefit, area) each December and in the
    /// run's last month (`groups.csv`).
    #[serde(default)]
    pub groups: Vec<GroupCensus>,
}

/// The state of one replication as it runs.
pub struct World<'m> {
    /// The model of the scenario as it starts.
    base: &'m Model,
    /// The model in force this month ([`Model::at`]).
    model: &'m Model,
    key: ReplicationKey,
    replication: u32,
    /// The next month to simulate.
    pub t: i32,
    pub people: Vec<Person>,
    /// Second programme spells of the people on two programmes at once ([`SecondSpells`]).
    pub second: SecondSpells,
    /// Some programme can be combined with others (in any of the scenario's regimes).
    combining: bool,
    /// What the monthly pass reads for everyone, one per person ([`Hot`], [`screen`]).
    pub hot: Vec<Hot>,
    /// Provider states, indexed `[programme][provider]`.
    pub providers: Vec<Vec<ProviderState>>,
    allowance: Vec<f64>,
    /// Starts per month planned from each programme's budget ([`planning`]); `None` until
    /// planned, and for programmes whose places are not planned.
    planned: Vec<Option<f64>>,
    /// Each programme's starts by month: `(month, starts)` for months with starts.
    start_log: Vec<Vec<(i32, u64)>>,
    /// Every plan made: (programme, month, starts per month) [agents].
    plans: Vec<(usize, i32, f64)>,
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
    /// The people this month's referral phase must look at ([`referral::ReferralScreen::may_refer`]), listed by the
    /// previous month's pass; `None` when there is no such list (the first month, after a
    /// hand-back), and the phase scans everyone.
    referral_list: Option<Vec<u32>>,
    /// This month's row of [`ReplicationResult::areas`] as it fills (people and employed
    /// carried from the month before and moved by the person pass); `None` in a world of one
    /// area, whose totals are the area's.
    area_month: Option<Vec<AreaMonth>>,
    /// The area rows of the months so far.
    areas: Vec<Vec<AreaMonth>>,
    /// Block funding paid this month, (programme, provider, £ per agent), until it is put into
    /// cells ([`World::attribute_block`]).
    block_paid: Vec<(usize, u8, f64)>,
    /// A randomised trial running in this world (`gapsim trial`); `None` in every other run.
    trial: Option<trial::Trial>,
    /// The group censuses taken so far ([`ReplicationResult::groups`]).
    groups: Vec<GroupCensus>,
    /// What this month's hiring knows of last month ([`crate::employer::Market`]).
    market: crate::employer::Market,
    /// Jobs by quality now, kept as stocks and moved by the people stepped
    /// ([`crate::employer::job_slots`], [`job_stocks`]).
    jobs: [i64; crate::employer::JOB_SLOTS],
    /// The benefit stocks now (caseloads in and out of work, awards), kept as stocks, moved
    /// by the people stepped and counted afresh when the month's rules change
    /// ([`crate::benefit::stock_slots`], [`benefit_stocks`]).
    benefit_stocks: [i64; crate::benefit::slot::COUNT],
    /// This month's would-be hires by area, [calibrated, added].
    hires: Vec<[u64; 2]>,
}

/// Per-chunk results of the person pass.
#[derive(Default)]
pub(crate) struct ChunkAcc {
    counts: MonthCounts,
    payments: Vec<Due>,
    participations: Vec<Participation>,
    caseload: Vec<u64>,
    violations: u64,
    /// Next month's referral candidates ([`referral::ReferralScreen::may_refer`]).
    referrals: Vec<u32>,
    /// Changes of each area's people and employed by the people stepped, `[area]`:
    /// [people non-disabled, people disabled, employed non-disabled, employed disabled]; empty
    /// in a world of one area.
    area_delta: Vec<[i64; 4]>,
    /// Would-be hires by area, [calibrated, added] ([`crate::employer::Market`]).
    hires: Vec<[u64; 2]>,
    /// Change of the world's job-quality stocks by the people stepped.
    job_delta: [i64; crate::employer::JOB_SLOTS],
    /// Change of the world's benefit stocks by the people stepped.
    benefit_delta: [i64; crate::benefit::slot::COUNT],
}

impl<'m> World<'m> {
    /// Synthesises the starting population of replication `replication` (not cancellable:
    /// for tests and tools that step a world by hand; runs use [`World::start`]).
    pub fn new(model: &'m Model, replication: u32) -> Self {
        match Self::start(model, replication, &Cancel::never()) {
            Ok(w) => w,
            Err(Interrupted) => unreachable!("a token nobody holds is never cancelled"),
        }
    }

    /// Synthesises the starting population of replication `replication`.
    ///
    /// # Errors
    /// [`Interrupted`] if `cancel` is cancelled during the synthesis.
    pub fn start(model: &'m Model, replication: u32, cancel: &Cancel) -> Result<Self, Interrupted> {
        let s = &model.scenario;
        let key = ReplicationKey::new(s.seed, replication);
        let pop = population::synthesise(
            s,
            &model.health,
            &model.weights,
            &model.spells,
            &model.benefits,
            key,
            &model.demand_at(0),
            cancel,
        )?;
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
        let area_month = (s.areas.len() > 1).then(|| {
            let mut row = vec![AreaMonth::default(); s.areas.len()];
            for p in &pop.people {
                let a = &mut row[p.area as usize];
                let g = model.health.disabled(p) as usize;
                a.people[g] += 1;
                a.employed[g] += p.employed() as u64;
            }
            row
        });
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
        let jobs = job_stocks(model, &pop.people);
        let benefit_stocks = benefit_stocks(model, &pop.people, 0);
        Ok(Self {
            base: model,
            model,
            key,
            replication,
            t: 0,
            second: SecondSpells::new(pop.people.len()),
            combining: std::iter::once(model)
                .chain(model.regimes.iter().map(|(_, m)| m))
                .any(|m| m.programmes.iter().any(|p| p.combinable)),
            people: pop.people,
            hot,
            providers,
            allowance: vec![0.0; model.programmes.len()],
            planned: vec![None; model.programmes.len()],
            start_log: vec![Vec::new(); model.programmes.len()],
            plans: Vec::new(),
            caseload: vec![0; model.programmes.len()],
            budgets: model.programmes.iter().map(Budget::new).collect(),
            programme_spend: Vec::with_capacity(s.months as usize),
            prior: Prior {
                benefit_mean: pop.benefit_mean_distance,
                sd: pop.distance_sd,
            },
            synth: {
                let mut synth = Synthesiser::new(
                    s,
                    &model.health,
                    &model.weights,
                    &model.spells,
                    &model.benefits,
                    key,
                );
                synth.offsets = pop.offsets;
                synth
            },
            months: Vec::with_capacity(s.months as usize),
            participations: Vec::new(),
            cells: vec![CellTotals::default(); model.n_cells],
            screen_violations: 0,
            referral_list: None,
            block_paid: Vec::new(),
            trial: None,
            groups: Vec::new(),
            market: crate::employer::Market::opening(s.areas.len()),
            jobs,
            benefit_stocks,
            hires: vec![[0; 2]; s.areas.len()],
            area_month,
            areas: Vec::with_capacity(if s.areas.len() > 1 {
                s.months as usize
            } else {
                0
            }),
        })
    }

    /// Log-odds offsets that matched the starting employment rates: [non-disabled, disabled].
    /// Near 0 when the scenario's flows are in balance at the start.
    pub fn offsets(&self) -> [f64; 2] {
        self.synth.offsets
    }

    /// Simulates one month and returns its counts.
    pub fn step(&mut self) -> &MonthCounts {
        let t = self.t;
        let regime = self.base.at(t);
        if !std::ptr::eq(regime, self.model) {
            self.enter(regime);
        }
        if self.model.benefits.recount[t as usize] {
            let kept = self.benefit_stocks;
            self.benefit_stocks = recount_uc_stocks(self.model, &self.people, &self.hot, t, &kept);
        }
        let mk = self.key.month(t);
        let mut counts = MonthCounts::default();
        self.programme_spend
            .push(vec![0.0; self.model.programmes.len()]);
        for (b, prog) in self.budgets.iter_mut().zip(&self.model.programmes) {
            b.open_month(prog, t);
        }
        self.pay_block(t, &mut counts);
        self.plan_places(t);
        self.refer(t, mk, &mut counts);
        // Block funding paid this month goes into cells by this month's hours: only then are
        // the hours before allocation needed.
        let hours_before: Option<Vec<f64>> =
            (!self.block_paid.is_empty()).then(|| self.cells.iter().map(|c| c.hours).collect());
        self.allocate(t, &mut counts);
        if let Some(before) = hours_before {
            self.attribute_block(&before);
        }
        self.person_pass(t, mk, &mut counts);
        self.close_hiring(&mut counts);
        if let Some(trial) = &mut self.trial {
            trial.observe(t, &self.people, &self.second);
        }
        self.hand_back(t, mk);
        // The groups each December and in the run's last month (not in a trial, which reads
        // none of them).
        let s = &self.base.scenario;
        if self.trial.is_none() && (s.date(t).month() == 12 || t + 1 == s.months as i32) {
            let areas = self.base.scenario.areas.len();
            let census = GroupCensus::take(&self.people, &self.model.health, t, areas);
            self.groups.push(census);
        }
        for b in &mut self.budgets {
            if b.ran_out.is_none() && b.remaining <= 0.0 {
                b.ran_out = Some(t);
            }
        }
        if let Some(row) = &mut self.area_month {
            self.areas.push(row.clone());
            for a in row.iter_mut() {
                a.starts = 0;
                a.spend = 0.0;
            }
        }
        self.months.push(counts);
        self.t += 1;
        self.months.last().expect("just pushed")
    }

    /// Switches to the rules of a dated change at the start of its month: every person is
    /// looked at again (their screening limits and listing were set under the old rules),
    /// each programme's budget is what the new rules give less what was spent so far, and
    /// places bought by a budget are planned again.
    /// After the person pass: the job-quality stocks and what Access to Work pays for them
    /// into the month's counts, and the market that next month's hiring will know.
    fn close_hiring(&mut self, counts: &mut MonthCounts) {
        let e = &self.model.scenario.employers;
        let j = self.jobs.map(|x| x.max(0) as u64);
        counts.jobs = crate::metrics::JobCounts {
            part_time: [j[0], j[1]],
            underemployed: [j[2], j[3]],
            adjusted: j[4],
            funded: j[5],
        };
        counts.hiring.access_to_work_spend = j[5] as f64 * e.access_to_work_cost / 12.0;
        let rates = &self.model.benefit_system(self.t).m.rates;
        let take_up = self
            .model
            .scenario
            .benefits
            .universal_credit
            .new_style_jsa_take_up;
        counts.benefits = crate::metrics::BenefitCounts::from_stocks(
            &self.benefit_stocks,
            counts,
            rates,
            take_up,
        );
        self.market = crate::employer::Market::after(e, counts.employed, &self.hires);
    }

    fn enter(&mut self, regime: &'m Model) {
        for h in &mut self.hot {
            h.flags |= hot::LOOK;
        }
        self.referral_list = None;
        for (pi, (b, prog)) in self.budgets.iter_mut().zip(&regime.programmes).enumerate() {
            let spent: f64 = self.programme_spend.iter().map(|m| m[pi]).sum();
            // The first month the budget was all spent stays on record, even if a change
            // brings more money.
            let ran_out = b.ran_out;
            *b = Budget::new(prog);
            b.remaining = (b.remaining - spent).max(0.0);
            b.ran_out = ran_out;
        }
        // Places bought by a budget are planned again under the new rules.
        self.planned.iter_mut().for_each(|p| *p = None);
        self.model = regime;
        // Access to Work's reach decides which jobs are adjusted: count them again; and the
        // benefit stocks under the new rules.
        self.jobs = job_stocks(regime, &self.people);
        self.benefit_stocks = benefit_stocks(regime, &self.people, self.t);
    }

    /// Runs the remaining months and closes the open programme spells.
    ///
    /// # Errors
    /// [`Interrupted`] if `cancel` is cancelled before the last month (checked before each
    /// month): never a result with fewer months than the scenario asks for.
    pub fn finish(
        mut self,
        cancel: &Cancel,
        on_month: &(dyn Fn() + Sync),
    ) -> Result<ReplicationResult, Interrupted> {
        while self.t < self.model.scenario.months as i32 {
            cancel.check()?;
            self.step();
            on_month();
        }
        let t = self.t - 1;
        for (idx, p) in self.people.iter().enumerate() {
            let second = self
                .combining
                .then(|| self.second.get(idx as u32))
                .flatten();
            for sp in spells::open(p, second) {
                self.participations.push(participation(idx as u32, sp, t));
            }
        }
        Ok(ReplicationResult {
            replication: self.replication,
            months: self.months,
            participations: self.participations,
            cells: self.cells,
            offsets: self.synth.offsets,
            providers: self.providers,
            programme_spend: self.programme_spend,
            budget_ran_out: self.budgets.iter().map(|b| b.ran_out).collect(),
            areas: self.areas,
            groups: self.groups,
            plans: self
                .plans
                .iter()
                .map(|&(pi, t, per_month)| (pi, t, per_month * 12.0))
                .collect(),
        })
    }
}

/// Runs one whole replication; `on_month` is called after each month (for progress).
///
/// # Errors
/// [`Interrupted`] if `cancel` is cancelled before it finishes.
pub fn run_replication(
    model: &Model,
    replication: u32,
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<ReplicationResult, Interrupted> {
    World::start(model, replication, cancel)?.finish(cancel, on_month)
}

/// Asks the CPU to start fetching `x`'s cache line (a hint; nothing on other targets).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // A value may straddle two cache lines (a `Person` is 46 bytes): fetch both ends.
        let first = (x as *const T).cast::<i8>();
        // SAFETY: a prefetch is a hint that never faults nor reads into the program (any
        // address is allowed), and SSE is part of every x86-64 CPU.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(first);
            _mm_prefetch::<_MM_HINT_T0>(first.wrapping_add(std::mem::size_of::<T>() - 1));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
