//! Phase 3, the person pass: every person's month, in parallel fixed chunks, for the people to
//! whom something may happen (see [`super::screen`]): ageing and cohort replacement, health,
//! barriers, job finding and loss with the month's support, moves between unemployment and
//! inactivity, benefits, and the programme month ([`super::milestones`]). It also lists next
//! month's referral candidates; the chunks' results are merged in chunk order
//! ([`super::aggregation`]).

use super::referral::{ReferralScreen, offer_order};
use super::settlement::Due;
use super::{ChunkAcc, Model, World, participation, prefetch, screen, spells};
use crate::benefit;
use crate::employer;
use crate::labour::{self, find_boost, logistic, match_shift, retention_boost, support_effect};
use crate::metrics::MonthCounts;
use crate::person::{Benefit, Hot, Person, Spell, Status, flags, hot};
use crate::population::{CHUNK, Synthesiser};
use crate::programme::Programme;
use crate::rng::{
    ACTIVITY, BARRIER, BENEFIT, Draws, JOB_FIND, JOB_LOSS, MonthKey, Purpose, SANCTION,
};
use rayon::prelude::*;

impl World<'_> {
    /// Phase 3 and 4: every person's month, in parallel chunks, then the merge.
    pub(super) fn person_pass(&mut self, t: i32, mk: MonthKey, counts: &mut MonthCounts) {
        let model = self.model;
        let demand = model.demand_at(t);
        let ctx = MonthCtx {
            model,
            t,
            mk,
            key: self.key,
            demand: &demand,
            market: &self.market,
            synth: &self.synth,
            growth: &model.growth[t as usize],
        };
        // Next month's referral candidates ([`may_refer`]), listed from the screening bits the
        // pass computes anyway: with the programmes that will be referring then, before their
        // budgets and providers are known.
        let referring = offer_order(model, t + 1);
        let listing = t + 1 < model.scenario.months as i32 && !referring.is_empty();
        let referral_screen = ReferralScreen::new(model, &referring);
        let areas = if self.area_month.is_some() {
            model.scenario.areas.len()
        } else {
            0
        };
        let accs: Vec<ChunkAcc> = self
            .people
            .par_chunks_mut(CHUNK)
            .zip(self.hot.par_chunks_mut(CHUNK))
            .zip(self.second.chunks.par_iter_mut())
            .enumerate()
            .map(|(ci, ((ps, hs), second))| {
                let mut acc = ChunkAcc {
                    caseload: vec![0; model.programmes.len()],
                    area_delta: vec![[0; 4]; areas],
                    hires: vec![[0; 2]; model.scenario.areas.len()],
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
                        if listing && referral_screen.may_refer(h, bits) {
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
                    ctx.step_person(idx, bits, &mut ps[j], &mut hs[j], second, &mut acc);
                    if listing && referral_screen.may_refer(&hs[j], bits) {
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
        self.hires = vec![[0; 2]; model.scenario.areas.len()];
        for acc in accs {
            counts.merge(&acc.counts);
            for (h, a) in self.hires.iter_mut().zip(&acc.hires) {
                h[0] += a[0];
                h[1] += a[1];
            }
            for (j, d) in self.jobs.iter_mut().zip(acc.job_delta) {
                *j += d;
            }
            for (j, d) in self.benefit_stocks.iter_mut().zip(acc.benefit_delta) {
                *j += d;
            }
            referrals.extend(acc.referrals);
            for d in acc.payments {
                dues[d.programme as usize].push(d);
            }
            self.participations.extend(acc.participations);
            for (c, n) in self.caseload.iter_mut().zip(acc.caseload) {
                *c += n;
            }
            self.screen_violations += acc.violations;
            if let Some(row) = &mut self.area_month {
                for (a, d) in row.iter_mut().zip(&acc.area_delta) {
                    for g in 0..2 {
                        a.people[g] = a.people[g].wrapping_add_signed(d[g]);
                        a.employed[g] = a.employed[g].wrapping_add_signed(d[2 + g]);
                    }
                }
            }
        }
        self.referral_list = listing.then_some(referrals);
        for (pi, d) in dues.iter().enumerate() {
            self.settle(pi, d, counts);
        }
    }
}

impl MonthCtx<'_> {
    /// The month's benefit event of `p` (index `idx`), if the `BENEFIT` uniform picks one
    /// ([`benefit::hazards`], [`benefit::event`]) with the person's `Benefit` and `Rollout`
    /// streams `rngs`; a PIP decision is counted.
    #[allow(clippy::too_many_arguments)]
    fn benefit_event(
        &self,
        sys: benefit::System,
        p: &mut Person,
        idx: u32,
        disabled: bool,
        draws: &mut Draws,
        (brng, route): (&mut crate::rng::Stream, &mut crate::rng::Stream),
        acc: &mut ChunkAcc,
    ) {
        // The hazards (an in-work entitlement among them) are worked out only if the process
        // could fire.
        let fired = draws.below_with(BENEFIT, || {
            let h = benefit::hazards(sys, p, disabled, self.t);
            (h.total(), h)
        });
        if let Some((u, h)) = fired {
            let life = crate::rng::life_key(self.key, idx, p.born);
            let decision = benefit::event(sys, &h, u, p, self.t, disabled, brng, route, life);
            if let Some((before, after)) = decision {
                acc.counts.pip.record(before, after);
            }
        }
    }

    /// `p`'s job ends this month: a wage subsidy committed for months it will not last comes
    /// back.
    fn end_job(&self, p: &Person, acc: &mut ChunkAcc) {
        if p.job & crate::person::job::SUBSIDISED != 0 {
            let s = &self.model.scenario;
            acc.counts.hiring.wage_subsidy_spend -=
                employer::subsidy_unpaid(&s.employers, p.since as i32, self.t, s.months);
        }
    }
}

/// Begins a long-term sickness absence for `p`, of group `g`.
fn begin_absence(p: &mut Person, g: usize, counts: &mut crate::metrics::AbsenceCounts) {
    p.absence = 1;
    counts.starts[g] += 1;
    counts.starts_with_condition += (p.condition != crate::person::Condition::None) as u64;
}

/// What the person pass needs to know about the month.
pub(super) struct MonthCtx<'a> {
    pub model: &'a Model,
    pub t: i32,
    pub mk: MonthKey,
    /// The replication's key (for life keys: [`crate::rng::life_key`]).
    pub key: crate::rng::ReplicationKey,
    demand: &'a [f64],
    /// What hiring knows of last month ([`crate::employer::Market`]).
    market: &'a crate::employer::Market,
    synth: &'a Synthesiser<'a>,
    /// Health onset growth factors this month ([`Health::growth`]).
    growth: &'a [f64; 5],
}

impl MonthCtx<'_> {
    /// The month of a person the pass looks at: on a programme, ageing out, at a change of
    /// count class or the end of their limits' window ([`Hot::touch`]), or selected by the
    /// screen ([`screen`]). The full step runs if the person is on a programme, on a long-term
    /// sickness absence or ageing out,
    /// or if a process's top byte is below its limit; then the counts, and the person's [`Hot`]
    /// column for the months ahead. `bits` are the person's screening bits this month
    /// (`MonthKey::screen_bits`); `second` the second spells of the person's chunk.
    fn step_person(
        &self,
        idx: u32,
        bits: u64,
        p: &mut Person,
        h: &mut Hot,
        second: &mut Vec<(u32, Spell)>,
        acc: &mut ChunkAcc,
    ) {
        let m = self.model;
        let t = self.t;
        // Where the person counted at the end of last month (group, in work): for the gap's
        // decomposition, and with their area for the areas' counts.
        let start = (m.health.disabled(p) as usize, p.employed());
        let counted = (!acc.area_delta.is_empty()).then_some((p.area as usize, start.0, start.1));
        let aging_out = p.age_months(t) >= 65 * 12;
        let full = !m.screening || p.on_programme() || p.absent() || aging_out;
        // The limits hold until the window's end, `expiry`, unless what changes the person's
        // class this month is one the bounds leave to a look ([`screen::renews_limits`]).
        let mut expiry = h.window_end();
        let limits = if full {
            None
        } else {
            if t >= expiry
                || h.flags & hot::LOOK != 0
                || (t >= h.touch as i32 && screen::renews_limits(m, p, t))
            {
                expiry = screen::set_limits(m, p, t, h);
            }
            (h.flags & hot::LOOK == 0).then_some(h.process_limits())
        };
        let run = full || limits.is_none() || screen::selected(bits, h.limit_word());
        let before = if run {
            let e = &m.scenario.employers;
            let job_before = employer::job_slots(e, p, start.0 == 1);
            let was = *p;
            let mut draws = Draws::new(self.mk.person(idx), bits, limits, m.check_limits);
            let before = self.events(idx, p, second, &mut draws, acc);
            let disabled = m.health.disabled(p);
            let job_after = employer::job_slots(e, p, disabled);
            for ((d, a), b) in acc.job_delta.iter_mut().zip(job_after).zip(job_before) {
                *d += a - b;
            }
            // The benefit stocks move only if what they read changed (most steps change
            // none of it).
            if crate::benefit::stocks_differ(&was, p) || start.0 != disabled as usize {
                let sys = m.benefit_system(t);
                let benefit_before = crate::benefit::stock_slots(sys, &was, start.0 == 1);
                let benefit_after = crate::benefit::stock_slots(sys, p, disabled);
                for ((d, a), b) in acc
                    .benefit_delta
                    .iter_mut()
                    .zip(benefit_after)
                    .zip(benefit_before)
                {
                    *d += a - b;
                }
            }
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
        let end = (m.health.disabled(p) as usize, p.employed());
        acc.counts.composition.record(start, end, aging_out);
        if let Some((a, g, employed)) = counted {
            let d = &mut acc.area_delta;
            d[a][g] -= 1;
            d[a][2 + g] -= employed as i64;
            let g = m.health.disabled(p) as usize;
            d[p.area as usize][g] += 1;
            d[p.area as usize][2 + g] += p.employed() as i64;
        }
        h.class = screen::class_at(m, p, t + 1);
        let touch = (screen::next_change(m, p, t + 1) as i32).min(expiry);
        h.set_touch(touch, expiry);
        for (flag, on) in [
            (hot::ON_PROGRAMME, p.on_programme()),
            (hot::ABSENT, p.absent()),
        ] {
            if on {
                h.flags |= flag;
            } else {
                h.flags &= !flag;
            }
        }
    }

    /// The full step of one person's month on `draws`: ageing and replacement, health,
    /// barriers, work, benefits and the programmes. `second` holds the second spells of the
    /// person's chunk. Returns the person's state just before the work transitions (in work,
    /// months in the spell, disabled), for the flow counts.
    fn events(
        &self,
        idx: u32,
        p: &mut Person,
        second: &mut Vec<(u32, Spell)>,
        draws: &mut Draws,
        acc: &mut ChunkAcc,
    ) -> (bool, i32, usize) {
        let m = self.model;
        let s = &m.scenario;
        let t = self.t;
        let pk = self.mk.person(idx);

        // The person's open spells, worked on as copies and put back at the end: the first,
        // then a second if they are on two programmes.
        let at = if p.on_programme() && !second.is_empty() {
            spells::find(second, idx)
        } else {
            None
        };
        let mut spells = [p.spell, at.map_or_else(Spell::default, |i| second[i].1)];
        let mut n = p.on_programme() as usize + at.is_some() as usize;

        // Ageing: at 65 a person leaves and a 16-year-old takes their place.
        if p.age_months(t) >= 65 * 12 {
            for sp in &spells[..n] {
                acc.participations.push(participation(idx, sp, t));
            }
            if p.employed() {
                self.end_job(p, acc);
            }
            n = 0;
            *p = self.synth.entrant(self.mk, idx, t, self.demand);
        }
        let age = p.age_months(t);

        // Health; whether a condition began, returned or worsened this month.
        let mut rng = pk.stream(Purpose::HealthRecovery);
        let (condition, severity) = (p.condition, p.severity());
        let worsened = m.health.step(p, age, self.growth, draws, &mut rng)
            && p.condition != crate::person::Condition::None
            && (condition == crate::person::Condition::None
                || p.severity() >= severity + s.absence.worsening);

        // Support received this month on each spell and its effect on barriers ("distance
        // travelled"); the programmes of two spells compound.
        let support: [(Option<&Programme>, f64); 2] = std::array::from_fn(|i| {
            if i < n {
                let pr = &m.programmes[spells[i].programme_index()];
                let hours = spells[i].hours_month as f64 / 4.0;
                (Some(pr), support_effect(&pr.approach, hours))
            } else {
                (None, 0.0)
            }
        });
        let on = || support.iter().filter_map(|&(pr, e)| pr.map(|pr| (pr, e)));
        let skills_before = p.barriers[labour::SKILLS];
        for (pr, effect) in on().filter(|&(_, e)| e > 0.0) {
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
            let eased = easable
                && if m.easing_lowers_hazards {
                    draws.fires_lowering(BARRIER, b.in_work_easing)
                } else {
                    draws.fires(BARRIER, b.in_work_easing)
                };
            if eased {
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
        let mut route = pk.stream(Purpose::Rollout);
        let sys = m.benefit_system(t);
        match p.status {
            Status::Employed => {
                let tenure = p.months_in_spell(t);
                let g = m.health.disabled(p) as usize;
                // In-work support of the programme jobs within their in-work support months,
                // in log-odds: it lowers the odds of losing the job (or of leaving it from a
                // sickness absence) and raises those of returning from one.
                let mut retention = 0.0;
                for (sp, (pr, effect)) in spells.iter().zip(on()) {
                    if sp.has_flag(flags::PROGRAMME_JOB)
                        && sp.months_in_work(p, t) < pr.in_work_support
                    {
                        retention += retention_boost(&pr.approach, p) * effect;
                    }
                }
                let a = &s.absence;
                let leaves = if p.absent() {
                    let mut arng = pk.stream(Purpose::Absence);
                    // A month of long-term sickness absence: return, leave work, or stay off.
                    let month = p.absence;
                    let back = logistic(labour::absence_return_logodds(a, d, month) + retention);
                    let out = logistic(labour::absence_exit_logodds(a, d, month) - retention);
                    let u = arng.uniform();
                    if u < back {
                        p.absence = 0;
                        acc.counts.absence.returns[g] += 1;
                        false
                    } else if arng.uniform() < out {
                        acc.counts.absence.exits[g] += 1;
                        true
                    } else {
                        p.absence = p.absence.saturating_add(1);
                        false
                    }
                } else if worsened && pk.stream(Purpose::Absence).uniform() < a.onset_entry {
                    // A condition that begins, returns or worsens in work: off sick at once.
                    begin_absence(p, g, &mut acc.counts.absence);
                    false
                } else {
                    let fit = labour::percentile_z(p.job_match);
                    let x = labour::loss_logodds(c, d, tenure, demand, age, fit)
                        + employer::loss_term(&s.employers, p, g == 1)
                        - retention;
                    // Job loss and the start of a sickness absence on one uniform: the job is
                    // lost below the loss hazard, the absence begins in the band above it.
                    match draws.below_with(JOB_LOSS, || {
                        let loss = logistic(x);
                        (loss + labour::absence_entry(a, d), loss)
                    }) {
                        Some((u, loss)) if u < loss => true,
                        Some(_) => {
                            begin_absence(p, g, &mut acc.counts.absence);
                            false
                        }
                        None => false,
                    }
                };
                if leaves {
                    self.end_job(p, acc);
                    let from_absence = p.absent();
                    let stage = labour::life_stage(c, age, p.barrier(labour::CARING));
                    let to_inactive = labour::exit_inactive(c, d, stage);
                    p.status = if draws.uniform(ACTIVITY) < to_inactive {
                        Status::Inactive
                    } else {
                        Status::Unemployed
                    };
                    p.since = t as i16;
                    p.absence = 0;
                    for sp in &mut spells[..n] {
                        sp.flags &= !(flags::PROGRAMME_JOB | flags::RETENTION);
                    }
                    // A UC claim with limited capability carries on out of work; anyone else
                    // claims (or not) afresh.
                    if !matches!(p.benefit, Benefit::UcLcw | Benefit::UcLcwra) {
                        benefit::claim_out_of_work(sys, p, &mut brng, &mut route).apply(p, t);
                    }
                    acc.counts.absence.work_to_health_benefit += p.benefit.is_health() as u64;
                    if from_absence {
                        let ab = &mut acc.counts.absence;
                        ab.exits_inactive += (p.status == Status::Inactive) as u64;
                        ab.exits_health_benefit += p.benefit.is_health() as u64;
                    }
                } else {
                    // In work: an in-work UC claim or its review, or a PIP event.
                    let disabled = g == 1;
                    self.benefit_event(sys, p, idx, disabled, draws, (&mut brng, &mut route), acc);
                }
            }
            status => {
                let inactive = status == Status::Inactive;
                let months_out = p.months_in_spell(t);
                let iso = p.barrier(labour::ISOLATION);
                let ready = labour::percentile_z(p.readiness);
                let disabled = m.health.disabled(p);
                let e = &s.employers;
                // The calibrated hazard, then what support, a sanction and the employer levers
                // add to it (the added hires compete for vacancies: `crate::employer`).
                // The work incentive of the claimant's benefit is part of the system, not a
                // lever: it is in the base.
                let incentive = sys.m.incentive[benefit::uc::kind_of(sys.m, p, disabled)];
                let base =
                    labour::find_logodds(c, d, months_out, demand, iso, ready, age, inactive)
                        + incentive;
                let mut x = base + employer::hiring_boost(e, self.market, disabled);
                for (pr, effect) in on() {
                    x += find_boost(&pr.approach, d, p) * effect;
                }
                let bf = &s.benefits;
                let sanctioned = bf.sanction_rate > 0.0
                    && (matches!(p.benefit, Benefit::Jsa | Benefit::UcSearching)
                        || (matches!(p.benefit, Benefit::EsaWrag | Benefit::UcLcw) && n > 0))
                    && draws.fires(SANCTION, bf.sanction_rate);
                if sanctioned {
                    x += bf.sanction_find_effect;
                    if p.condition != crate::person::Condition::None {
                        p.severity =
                            crate::person::from_unit(p.severity() + bf.sanction_health_harm);
                    }
                }
                let hired = draws
                    .below_with(JOB_FIND, || (logistic(x), ()))
                    .is_some_and(|(u, ())| {
                        let added = x > base && u >= logistic(base);
                        let area = p.area as usize;
                        acc.hires[area][added as usize] += 1;
                        acc.counts.hiring.added += added as u64;
                        let r = self.market.acceptance[area];
                        let taken = r >= 1.0 || pk.stream(Purpose::Vacancy).uniform() < r;
                        acc.counts.hiring.displaced += !taken as u64;
                        taken
                    });
                if hired {
                    p.status = Status::Employed;
                    p.since = t as i16;
                    let shift = on().fold(0.0, |z, (pr, effect)| {
                        z + match_shift(&pr.approach, p) * effect
                    });
                    let mut job = pk.stream(Purpose::JobMatch);
                    let z = job.normal() + shift;
                    p.job_match = labour::percentile_byte(z);
                    let subsidised = disabled && e.wage_subsidy > 0.0;
                    employer::draw_job(p, subsidised, &mut job);
                    crate::population::draw_pay(s, p, &mut pk.stream(Purpose::Earnings));
                    // A UC claim carries on in work while the award is above nothing; any
                    // other benefit ends.
                    if !(p.benefit.is_uc() && benefit::entitled_in_work(sys, p, disabled)) {
                        p.set_benefit(Benefit::None, t, None);
                    }
                    if subsidised {
                        let h = &mut acc.counts.hiring;
                        h.subsidised += 1;
                        h.wage_subsidy_spend += employer::subsidy_committed(e, t, s.months);
                    }
                    for sp in &mut spells[..n] {
                        if !sp.has_flag(flags::JOB_OUTCOME) {
                            sp.flags |= flags::PROGRAMME_JOB;
                        }
                    }
                } else if sanctioned && draws.uniform(ACTIVITY) < bf.sanction_off_benefit {
                    p.status = Status::Inactive;
                    p.set_benefit(Benefit::None, t, None);
                } else {
                    let moves = || {
                        let stage = labour::life_stage(c, age, p.barrier(labour::CARING));
                        if inactive {
                            labour::i_to_u(c, d, stage)
                        } else {
                            labour::u_to_i(c, d, months_out, stage)
                        }
                    };
                    let moved = if sanctioned {
                        // The activity uniform is at or above `sanction_off_benefit` here;
                        // rescaled, it is a fresh uniform for the move, independent of the
                        // sanction's outcome (it was compared with the move's hazard unscaled,
                        // so a sanctioned claimant whose give-up hazard was below
                        // `sanction_off_benefit` could never give up). A sanction fired, so
                        // the person is stepped in full and their limits are renewed.
                        let off = bf.sanction_off_benefit;
                        (draws.uniform(ACTIVITY) - off) / (1.0 - off) < moves()
                    } else {
                        draws.fires_with(ACTIVITY, moves)
                    };
                    if moved {
                        if inactive {
                            p.status = Status::Unemployed;
                            if p.benefit == Benefit::None {
                                let b = benefit::jobseeker(sys, p, &mut brng, &mut route);
                                p.set_benefit(b, t, None);
                            }
                        } else {
                            p.status = Status::Inactive;
                            if matches!(p.benefit, Benefit::Jsa | Benefit::UcSearching) {
                                p.set_benefit(Benefit::None, t, None);
                            }
                        }
                    }
                    self.benefit_event(sys, p, idx, disabled, draws, (&mut brng, &mut route), acc);
                }
            }
        }

        // Programmes: hours, milestones and their payments, exit. A spell that ends is taken
        // away; a second spell whose first ended takes its place in the person.
        let mut kept = 0;
        for i in 0..n {
            let pr = support[i].0.expect("an open spell");
            let mut sp = spells[i];
            if self.programme_month(idx, p, &mut sp, pr, d, skills_before, acc) {
                spells[kept] = sp;
                kept += 1;
            }
        }
        if n > 0 {
            acc.counts.caseload += (kept > 0) as u64;
            acc.counts.caseload_on_two += (kept == 2) as u64;
            p.spell = if kept > 0 {
                spells[0]
            } else {
                Spell::default()
            };
        }
        // (A person who aged out left their second spell too.)
        match at {
            Some(i) if kept == 2 => second[i].1 = spells[1],
            Some(i) => {
                second.remove(i);
            }
            None => {}
        }
        before
    }
}
