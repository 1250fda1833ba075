//! Population synthesis: the people at the start month, and 16-year-olds entering later.
//!
//! Ages are uniform over 16–64; areas by share; a condition with probability rising with age,
//! its kind from the prevalence mix and severity from the kind's Beta distribution; barriers
//! correlated with severity and with each other. Employment status is drawn from the model's own
//! flows (the share employed at each distance where finding and losing jobs balance), shifted by
//! one offset for disabled and one for non-disabled people, solved so that the starting
//! employment rates equal the scenario's targets (`docs/published-figures.md` for the start year).

use crate::benefit;
use crate::cancel::{Cancel, Interrupted};
use crate::health::Health;
use crate::labour::{self, DistanceWeights, logistic};
use crate::person::{Benefit, Person, Status, from_unit};
use crate::rng::{MonthKey, PersonKey, Purpose, ReplicationKey, Stream};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// Fixed chunk size for parallel passes: results never depend on how rayon splits work.
pub const CHUNK: usize = 4096;

/// Everything needed to create people, at the start and as later entrants.
pub struct Synthesiser<'a> {
    s: &'a Scenario,
    health: &'a Health,
    weights: &'a DistanceWeights,
    area_cdf: Vec<f64>,
    spells: &'a SpellTable,
    /// The benefit system by month (for the claims of people who start out of work).
    calendar: &'a benefit::Calendar,
    /// Log-odds offsets on the employment probability: [non-disabled, disabled].
    pub offsets: [f64; 2],
    /// The replication's key (for life keys: [`crate::rng::life_key`]).
    key: ReplicationKey,
}

impl<'a> Synthesiser<'a> {
    pub fn new(
        s: &'a Scenario,
        health: &'a Health,
        weights: &'a DistanceWeights,
        spells: &'a SpellTable,
        calendar: &'a benefit::Calendar,
        key: ReplicationKey,
    ) -> Self {
        let mut acc = 0.0;
        let area_cdf = s
            .areas
            .iter()
            .map(|a| {
                acc += a.share;
                acc
            })
            .collect();
        Self {
            s,
            health,
            weights,
            area_cdf,
            spells,
            calendar,
            offsets: [0.0; 2],
            key,
        }
    }

    /// A person's age, area, health and barriers (status comes later).
    fn draw_traits(&self, age_months: i32, born: i32, rng: &mut Stream) -> Person {
        let mut p = Person {
            born: born as i16,
            ..Person::default()
        };
        let u = rng.uniform();
        p.area = self
            .area_cdf
            .iter()
            .position(|c| u < *c)
            .unwrap_or(self.area_cdf.len() - 1) as u8;
        if rng.uniform() < self.health.prevalence(age_months) {
            self.health.draw_existing(&mut p, rng);
        }
        let b = &self.s.barriers;
        let common = b.common_sd * rng.normal();
        for (i, spec) in b.all().iter().enumerate() {
            let x =
                spec.mean + spec.health_loading * p.severity() + spec.sd * rng.normal() + common;
            p.barriers[i] = from_unit(x);
        }
        p
    }

    /// The traits drawn from `p`'s own keyed streams once its other traits are drawn: readiness
    /// for work and the match of a job (`Person::readiness`, `Person::job_match`); the same for
    /// the starting population and for entrants.
    ///
    /// Also the pay of a job (`Person::wage`), whether a Universal Credit award would carry
    /// other elements (housing costs, children: for life), and a DLA award at the start
    /// ([`benefit::pip::at_start`]; an entrant of 16 with one is reassessed under PIP like any
    /// DLA award).
    fn draw_keyed(&self, p: &mut Person, pk: PersonKey, idx: u32) {
        p.readiness = self.readiness(p, pk.stream(Purpose::Readiness).normal());
        let mut job = pk.stream(Purpose::JobMatch);
        p.job_match = labour::percentile_byte(job.normal());
        crate::employer::draw_job(p, false, &mut job);
        let mut pay = pk.stream(Purpose::Earnings);
        draw_pay(self.s, p, &mut pay);
        if pay.uniform() < self.s.benefits.universal_credit.other_elements_share {
            p.benefit_history |= crate::person::history::OTHER_ELEMENTS;
        }
        let life = crate::rng::life_key(self.key, idx, p.born);
        benefit::pip::at_start(&self.s.benefits.pip, p, life, &mut pk.stream(Purpose::Pip));
    }

    /// Readiness for work of `p` (traits drawn) from `eps`, a standard normal draw of its own
    /// stream ([`crate::scenario::ReadinessConfig`]).
    fn readiness(&self, p: &Person, eps: f64) -> u8 {
        let rho = self.s.readiness.confidence_correlation;
        let b = &self.s.barriers;
        let spread = b.confidence.sd.hypot(b.common_sd);
        let c = if spread > 0.0 {
            (p.barrier(labour::CONFIDENCE) - b.confidence.mean) / spread
        } else {
            0.0
        };
        labour::percentile_byte(-rho * c + (1.0 - rho * rho).sqrt() * eps)
    }

    /// Log-odds of job finding for someone out of work, without the duration term, with
    /// inactivity weighted by the share of time out of work spent inactive.
    fn out_of_work_logodds(&self, p: &Person, age_months: i32, demand: f64) -> (f64, f64) {
        let c = &self.s.labour;
        let d = self.weights.distance(p);
        let iso = p.barrier(labour::ISOLATION);
        let stage = labour::life_stage(c, age_months, p.barrier(labour::CARING));
        let to_u = labour::i_to_u(c, d, stage);
        let share_u = to_u / (to_u + labour::u_to_i(c, d, 12, stage));
        let ready = labour::percentile_z(p.readiness);
        let x_u = labour::find_logodds(c, d, 0, demand, iso, ready, age_months, false);
        (x_u + (1.0 - share_u) * c.find_inactive, share_u)
    }

    /// Monthly job-loss probabilities in the first year of a job and after it.
    fn loss_rates(&self, p: &Person, age_months: i32, demand: f64) -> (f64, f64) {
        let c = &self.s.labour;
        let d = self.weights.distance(p);
        let fit = labour::percentile_z(p.job_match);
        (
            logistic(labour::loss_logodds(c, d, 0, demand, age_months, fit)),
            logistic(labour::loss_logodds(c, d, 24, demand, age_months, fit)),
        )
    }

    /// Odds against being in work where the model's own flows balance (renewal theory: the
    /// share of time in work is E[job spell] / (E[job spell] + E[spell out of work]), so the
    /// odds against are E[spell out of work] / E[job spell]), kept within 1e±12.
    fn equilibrium_odds_against(&self, p: &Person, age_months: i32, demand: f64) -> f64 {
        let (x_out, _) = self.out_of_work_logodds(p, age_months, demand);
        let (l1, l2) = self.loss_rates(p, age_months, demand);
        let first_year = (1.0 - (1.0 - l1).powi(12)) / l1;
        let in_work = first_year + (1.0 - l1).powi(12) / l2;
        let out_of_work = self.spells.mean(x_out);
        (out_of_work / in_work).clamp(1e-12, 1e12)
    }

    /// Sets status, spell start and benefit. `u` is the person's status uniform.
    /// `employed` is the chance of being in work: the equilibrium share shifted by the
    /// group's offset ([`Synthesiser::employed_chance`]). Only the population at the start
    /// (`at_start`) holds legacy incapacity benefit, closed to new claims since 2008: an
    /// entrant's health claim stays the one its claim gave.
    #[allow(clippy::too_many_arguments)]
    fn draw_status(
        &self,
        p: &mut Person,
        age_months: i32,
        t: i32,
        demand: f64,
        employed: f64,
        u: f64,
        rng: &mut Stream,
        route: &mut Stream,
        at_start: bool,
    ) {
        let working_life = (age_months - 16 * 12).max(0);
        if u < employed {
            p.status = Status::Employed;
            // Elapsed tenure in the stock of jobs: density proportional to survival.
            let (l1, l2) = self.loss_rates(p, age_months, demand);
            let first_year = (1.0 - (1.0 - l1).powi(12)) / l1;
            let later = (1.0 - l1).powi(12) / l2;
            let v = rng.uniform() * (first_year + later);
            let tenure = if v < first_year {
                ((1.0 - v * l1).ln() / (1.0 - l1).ln()).max(0.0)
            } else {
                12.0 + ((1.0 - (v - first_year) * l2 / (1.0 - l1).powi(12))
                    .max(1e-300)
                    .ln()
                    / (1.0 - l2).ln())
            };
            p.since = (t - (tenure as i32).min(working_life)) as i16;
            p.benefit = Benefit::None;
        } else {
            let (x_out, share_u) = self.out_of_work_logodds(p, age_months, demand);
            p.status = if rng.uniform() < share_u {
                Status::Unemployed
            } else {
                Status::Inactive
            };
            let out = self.spells.draw_elapsed(x_out, rng.uniform());
            p.since = (t - out.min(working_life)) as i16;
            // Claims held at the start began when the person last left work.
            let sys = benefit::System {
                s: self.s,
                cal: self.calendar,
                m: &self.calendar.months[t as usize],
            };
            benefit::claim_out_of_work(sys, p, rng, route).apply(p, p.since as i32);
            // The uniform is drawn for entrants too, so the draws after it are the same.
            if p.benefit.is_health()
                && rng.uniform() < self.s.benefits.incapacity_share_at_start
                && at_start
            {
                p.set_benefit(Benefit::Incapacity, p.since as i32, Some(0));
            }
        }
    }

    /// A 16-year-old entering the population in month `t` at index `person_idx`.
    pub fn entrant(&self, key: MonthKey, person_idx: u32, t: i32, demand: &[f64]) -> Person {
        let pk = key.person(person_idx);
        let mut rng = pk.stream(Purpose::Replacement);
        let age = 16 * 12;
        let mut p = self.draw_traits(age, t - age, &mut rng);
        self.draw_keyed(&mut p, pk, person_idx);
        let (u, area_demand) = (rng.uniform(), demand[p.area as usize]);
        let odds_against = self.equilibrium_odds_against(&p, age, area_demand);
        let employed = self.employed_chance(odds_against, self.health.disabled(&p));
        let mut route = pk.stream(Purpose::Rollout);
        self.draw_status(
            &mut p,
            age,
            t,
            area_demand,
            employed,
            u,
            &mut rng,
            &mut route,
            false,
        );
        p
    }

    /// The chance of being in work for someone whose equilibrium odds against work are
    /// `odds_against`: `logistic(equilibrium log-odds + the group's offset)`.
    #[inline]
    fn employed_chance(&self, odds_against: f64, disabled: bool) -> f64 {
        1.0 / (1.0 + odds_against * (-self.offsets[disabled as usize]).exp())
    }
}

/// Draws the pay of `p`'s job (`Person::wage`) from `rng`: by the worker's readiness
/// ([`benefit::uc::pay_z`]).
pub fn draw_pay(s: &Scenario, p: &mut Person, rng: &mut Stream) {
    let z = benefit::uc::pay_z(s, labour::percentile_z(p.readiness), rng.normal());
    p.wage = benefit::uc::wage_byte(z);
}

/// Spells out of work under duration dependence, tabulated by the log-odds of job finding
/// without the duration term (`x0`): the monthly hazard at elapsed duration τ is
/// `logistic(x0 + labour::scarring(τ))`. Built once per model (it depends only on the
/// labour coefficients), not per replication.
#[derive(Clone, Debug)]
pub struct SpellTable {
    x_min: f64,
    step: f64,
    /// Mean spell length [months] at each grid point.
    means: Vec<f64>,
    /// Cumulative distribution of elapsed duration in the stock (∝ survival) at each point.
    cdfs: Vec<Vec<f32>>,
}

const MAX_SPELL: usize = 600;

impl SpellTable {
    /// The heap memory the table holds [bytes].
    pub fn heap_bytes(&self) -> usize {
        self.means.len() * 8 + self.cdfs.iter().map(|c| c.len() * 4 + 24).sum::<usize>()
    }
}

impl SpellTable {
    pub fn new(c: &crate::scenario::LabourConfig) -> Self {
        let (x_min, x_max, step) = (-16.0, 6.0, 0.05);
        let n = ((x_max - x_min) / step) as usize + 1;
        let mut means = Vec::with_capacity(n);
        let mut cdfs = Vec::with_capacity(n);
        for i in 0..n {
            let x0 = x_min + i as f64 * step;
            let mut survive = 1.0;
            let mut acc = 0.0;
            let mut cdf = Vec::with_capacity(MAX_SPELL);
            for tau in 0..MAX_SPELL {
                acc += survive;
                cdf.push(acc as f32);
                survive *= 1.0 - logistic(x0 + crate::labour::scarring(c, tau as i32));
            }
            for v in cdf.iter_mut() {
                *v /= acc as f32;
            }
            means.push(acc);
            cdfs.push(cdf);
        }
        Self {
            x_min,
            step,
            means,
            cdfs,
        }
    }

    fn index(&self, x0: f64) -> usize {
        (((x0 - self.x_min) / self.step).round().max(0.0) as usize).min(self.means.len() - 1)
    }

    fn mean(&self, x0: f64) -> f64 {
        self.means[self.index(x0)]
    }

    fn draw_elapsed(&self, x0: f64, u: f64) -> i32 {
        let cdf = &self.cdfs[self.index(x0)];
        cdf.partition_point(|&c| (c as f64) <= u) as i32
    }
}

/// The synthesised population and what providers can know of it.
pub struct Population {
    pub people: Vec<Person>,
    /// Log-odds offsets that matched the starting employment rates: [non-disabled, disabled].
    pub offsets: [f64; 2],
    /// Mean distance from work of people out of work on each benefit at the start (what a
    /// benefit-group assessment assumes), indexed by `Benefit as usize`.
    pub benefit_mean_distance: [f64; Benefit::COUNT],
    /// Standard deviation of distance among people out of work at the start.
    pub distance_sd: f64,
}

/// Synthesises the starting population of one replication. `demand` is each area's demand
/// index in month 0.
///
/// # Errors
/// [`Interrupted`] if `cancel` is cancelled while it runs (the population is dropped).
#[allow(clippy::too_many_arguments)]
pub fn synthesise(
    s: &Scenario,
    health: &Health,
    weights: &DistanceWeights,
    spells: &SpellTable,
    calendar: &benefit::Calendar,
    key: ReplicationKey,
    demand: &[f64],
    cancel: &Cancel,
) -> Result<Population, Interrupted> {
    let n = s.population.n_people as usize;
    let synth_key = key.month(-1);
    let mut synth = Synthesiser::new(s, health, weights, spells, calendar, key);

    // Traits, then each person's equilibrium odds against work, exp(−log-odds), kept for the
    // offset search with the sign bit set for disabled people (so the search reads 8 bytes a
    // person and takes no exp per person per pass).
    let mut people = vec![Person::default(); n];
    let mut base = vec![0.0f64; n];
    people
        .par_chunks_mut(CHUNK)
        .zip(base.par_chunks_mut(CHUNK))
        .enumerate()
        .for_each(|(ci, (ps, bs))| {
            // An interrupted run discards this population: stop drawing it.
            if cancel.is_cancelled() {
                return;
            }
            for (j, (p, b)) in ps.iter_mut().zip(bs.iter_mut()).enumerate() {
                let idx = (ci * CHUNK + j) as u32;
                let mut rng = synth_key.person(idx).stream(Purpose::Synthesis);
                let age = 16 * 12 + (rng.uniform() * 49.0 * 12.0) as i32;
                *p = synth.draw_traits(age, -age, &mut rng);
                synth.draw_keyed(p, synth_key.person(idx), idx);
                let against = synth.equilibrium_odds_against(p, age, demand[p.area as usize]);
                *b = if health.disabled(p) {
                    -against
                } else {
                    against
                };
            }
        });

    // Solve each group's offset so the expected employment rate equals its target: Newton's
    // method on the mean of logistic(base + offset), kept inside a shrinking bracket (a
    // bisection step whenever Newton would leave it). Five or six passes over the population
    // instead of sixty for bisection alone.
    let targets = [
        s.population.start_employment_rate_non_disabled,
        s.population.start_employment_rate_disabled,
    ];
    for (group, target) in targets.iter().enumerate() {
        // Mean over the group of logistic(base + offset) and its derivative, in fixed chunks
        // and order; `None` for an empty group.
        let mean_at = |offset: f64| -> Option<(f64, f64)> {
            let shift = (-offset).exp();
            let (sum, slope, n) = base
                .par_chunks(CHUNK)
                .map(|bs| {
                    let mut acc = (0.0, 0.0, 0u64);
                    for b in bs {
                        if b.is_sign_negative() == (group == 1) {
                            // logistic(log-odds + offset) = 1 / (1 + odds against · e^−offset)
                            let y = 1.0 / (1.0 + b.abs() * shift);
                            acc = (acc.0 + y, acc.1 + y * (1.0 - y), acc.2 + 1);
                        }
                    }
                    acc
                })
                .collect::<Vec<_>>()
                .into_iter()
                .fold((0.0, 0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
            (n > 0).then(|| (sum / n as f64, slope / n as f64))
        };
        let (mut lo, mut hi) = (-15.0, 15.0);
        let mut offset = 0.0;
        for _ in 0..100 {
            cancel.check()?;
            let Some((mean, slope)) = mean_at(offset) else {
                break;
            };
            let miss = mean - target;
            if slope > 0.0 && (miss / slope).abs() < 1e-12 {
                // Converged: the last Newton step is below the precision that matters.
                offset -= miss / slope;
                break;
            }
            if miss < 0.0 {
                lo = offset;
            } else {
                hi = offset;
            }
            let newton = offset - miss / slope;
            offset = if slope > 0.0 && newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
        }
        synth.offsets[group] = offset;
    }

    let status_key = key.month(0);
    people
        .par_chunks_mut(CHUNK)
        .zip(base.par_chunks(CHUNK))
        .enumerate()
        .for_each(|(ci, (ps, bs))| {
            for (j, (p, b)) in ps.iter_mut().zip(bs).enumerate() {
                let idx = (ci * CHUNK + j) as u32;
                let pk = status_key.person(idx);
                let mut rng = pk.stream(Purpose::InitialStatus);
                let age = p.age_months(0);
                let area_demand = demand[p.area as usize];
                let employed = synth.employed_chance(b.abs(), b.is_sign_negative());
                synth.draw_status(
                    p,
                    age,
                    0,
                    area_demand,
                    employed,
                    pk.uniform(Purpose::InitialStatus),
                    &mut rng,
                    &mut pk.stream(Purpose::Rollout),
                    true,
                );
            }
        });

    // What a benefit-group assessment knows: mean distance by benefit among people out of work.
    let mut sum = [0.0f64; Benefit::COUNT];
    let mut cnt = [0u64; Benefit::COUNT];
    let (mut all_sum, mut all_sq, mut all_n) = (0.0, 0.0, 0u64);
    for p in people.iter().filter(|p| !p.employed()) {
        let d = weights.distance(p);
        sum[p.benefit as usize] += d;
        cnt[p.benefit as usize] += 1;
        all_sum += d;
        all_sq += d * d;
        all_n += 1;
    }
    let overall = if all_n > 0 {
        all_sum / all_n as f64
    } else {
        0.0
    };
    // Nobody is on Universal Credit at the start: its regimes take the mean of the legacy
    // benefit each replaces (JSA, the ESA groups).
    let mean = |b: usize| (cnt[b] > 0).then(|| sum[b] / cnt[b] as f64);
    let legacy = [Benefit::Jsa, Benefit::EsaWrag, Benefit::EsaSupport];
    let benefit_mean_distance = std::array::from_fn(|b| {
        let stand_in = b
            .checked_sub(Benefit::UcSearching as usize)
            .and_then(|i| mean(legacy[i] as usize));
        mean(b).or(stand_in).unwrap_or(overall)
    });
    let distance_sd = if all_n > 1 {
        (all_sq / all_n as f64 - overall * overall).max(0.0).sqrt()
    } else {
        0.0
    };
    cancel.check()?;
    Ok(Population {
        people,
        offsets: synth.offsets,
        benefit_mean_distance,
        distance_sd,
    })
}
