//! Phase 1, referral: people out of work who qualify for a payment group are collected in
//! parallel from the candidates the previous month's pass listed (or a scan of everyone),
//! ordered by a keyed random priority, and started while places, the starts allowance and
//! the budget last; attachment fees fall due.

use super::screen;
use super::settlement::Due;
use super::trial::Assignment;
use super::{Model, SecondSpells, World};
use crate::assessment;
use crate::labour::take_up_lean;
use crate::metrics::MonthCounts;
use crate::person::{Hot, Person, Spell, flags, hot};
use crate::population::CHUNK;
use crate::provider::ProviderState;
use crate::rng::{MonthKey, Purpose};
use crate::scenario::{BudgetRule, Entry};
use rayon::prelude::*;

/// What came of trying to start someone on a programme.
enum Start {
    Started { due: Option<Due>, full_price: f64 },
    NoProvider,
    OverBudget,
}

impl World<'_> {
    /// Phase 1: referrals within eligibility and capacity.
    pub(super) fn refer(&mut self, t: i32, mk: MonthKey, counts: &mut MonthCounts) {
        let model = self.model;
        let listed = self.referral_list.take();
        let active: Vec<usize> = offer_order(model, t)
            .into_iter()
            .filter(|&i| {
                self.budgets[i].remaining > 0.0
                    && self.providers[i].iter().any(ProviderState::active)
            })
            .collect();
        if active.is_empty() {
            return;
        }
        // People in work or on a benefit no group takes are passed over without reading their
        // `Person`; so is anyone only voluntary groups could take whose take-up draws are above
        // every such take-up (the same draws the full check makes, so the outcome is the same).
        // The previous month's pass listed them already, with the programmes that would be
        // referring now whatever their budget (the same people or more); without such a list
        // (the first month, after a hand-back) everyone is scanned.
        let screen = ReferralScreen::new(model, &active);
        let lean = model.scenario.readiness.take_up_effect;
        let previous = self.key.month(t - 1);
        let scan = || -> Vec<u32> {
            self.hot
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(ci, hs)| {
                    let mut out = Vec::new();
                    for (j, h) in hs.iter().enumerate() {
                        let idx = (ci * CHUNK + j) as u32;
                        if screen.may_refer(h, previous.screen_bits(idx)) {
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
        // Candidates: (priority, person, programme, group), found in parallel: a person is a
        // candidate of every referring programme that admits them and whose take-up draw
        // (their own for each programme) they pass. Their order does not matter: each
        // programme's queue below is ordered by the whole tuple.
        let (people, hot, second) = (&self.people, &self.hot, &self.second);
        let found: Vec<Vec<(u64, u32, u8, u8)>> = listed
            .par_chunks(CHUNK)
            .map(|idxs| {
                let mut out = Vec::new();
                for &idx in idxs {
                    let bits = previous.screen_bits(idx);
                    if !screen.may_refer(&hot[idx as usize], bits) {
                        continue;
                    }
                    let p = &people[idx as usize];
                    let pk = mk.person(idx);
                    for &pi in &active {
                        let prog = &model.programmes[pi];
                        if !prog.serves(p.area) || !may_join(model, p, second, idx, pi) {
                            continue;
                        }
                        let Some(g) = prog
                            .groups
                            .iter()
                            .position(|g| g.admits(p, t, &model.health))
                        else {
                            continue;
                        };
                        let group = &prog.groups[g];
                        if group.entry == Entry::Voluntary
                            && crate::rng::take_up(bits, pk, pi)
                                >= group.take_up * take_up_lean(lean, p.readiness)
                        {
                            continue;
                        }
                        // A flow referral is made when the claim begins, so it comes before
                        // the stock in the queue (its one month of eligibility is not lost to
                        // a stock that fills the places every month); within each, the keyed
                        // random order.
                        let place = crate::rng::queue_place(pk, pi) >> 1;
                        let stock = (!group.flow as u64) << 63;
                        out.push((place | stock, idx, pi as u8, g as u8));
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

        // Who took up a voluntary referral this month: counted below if they start nothing.
        let mut volunteered: Vec<u32> = by_programme
            .iter()
            .flatten()
            .filter(|c| {
                model.programmes[c.2 as usize].groups[c.3 as usize].entry == Entry::Voluntary
            })
            .map(|c| c.1)
            .collect();
        // Who started a programme this month.
        let mut started_now: Vec<u32> = Vec::new();
        for &pi in &active {
            let prog = &model.programmes[pi];
            let mut room = u64::MAX;
            let per_month = prog
                .starts_per_month
                .or(self.planned[pi].filter(|p| p.is_finite()));
            if let Some(per_month) = per_month {
                self.allowance[pi] = (self.allowance[pi] + per_month).min(per_month + 1.0);
                room = self.allowance[pi].floor() as u64;
            }
            if let Some(max) = prog.max_caseload {
                room = room.min(max.saturating_sub(self.caseload[pi]));
            }
            let stop_when_short =
                prog.budget.is_some() && prog.budget_rule == BudgetRule::StopReferrals;
            // Anyone a programme offered first has started is no longer a candidate. Only the
            // `room` first by priority can start: select them, then order only those (a
            // mandatory group can put a large share of everyone out of work in the queue).
            let candidates = &mut by_programme[pi];
            let trial = self.trial.as_ref();
            let (people, hot, second) = (&self.people, &self.hot, &self.second);
            candidates.retain(|c| {
                let idx = c.1;
                let free = !hot[idx as usize].on_programme()
                    || (screen.combining
                        && may_join(model, &people[idx as usize], second, idx, pi));
                free && !trial.is_some_and(|x| x.bars(pi, idx))
            });
            // In a trial's cohort month, controls take no place: every candidate stays in the
            // queue, so that the places go to further candidates, randomised in turn.
            let randomising = trial.is_some_and(|x| x.randomises(pi, t));
            if let Ok(room) = usize::try_from(room)
                && room < candidates.len()
                && !randomising
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
            let mut starters = Vec::new();
            let mut committed = 0.0;
            for &(_, idx, cpi, g) in &candidates {
                if started >= room {
                    break;
                }
                debug_assert_eq!(cpi as usize, pi);
                // In a trial's cohort month, its population is randomised first: a control
                // takes no place and is never started.
                let assignment = self
                    .trial
                    .as_ref()
                    .map(|x| x.assign(pi, t, mk, idx, &self.people[idx as usize], &model.health));
                if let Some(Assignment::Control) = assignment {
                    let p = self.people[idx as usize];
                    self.trial.as_mut().expect("assigned").enrol(idx, &p, false);
                    continue;
                }
                let limit = if stop_when_short {
                    self.budgets[pi].remaining - committed
                } else {
                    f64::INFINITY
                };
                match self.start_participant(t, mk, idx, pi, g, limit, counts) {
                    Start::Started { due, full_price } => {
                        if let Some(Assignment::Offered) = assignment {
                            let p = self.people[idx as usize];
                            self.trial.as_mut().expect("assigned").enrol(idx, &p, true);
                        }
                        dues.extend(due);
                        committed += full_price;
                        started += 1;
                        starters.push(idx);
                    }
                    Start::NoProvider | Start::OverBudget => break,
                }
            }
            self.settle(pi, &dues, counts);
            if per_month.is_some() {
                self.allowance[pi] -= started as f64;
            }
            if started > 0 {
                self.start_log[pi].push((t, started));
            }
            self.caseload[pi] += started;
            started_now.extend(starters);
        }
        volunteered.sort_unstable();
        volunteered.dedup();
        started_now.sort_unstable();
        counts.turned_away += volunteered
            .iter()
            .filter(|idx| started_now.binary_search(idx).is_err())
            .count() as u64;
    }

    /// Starts person `idx` on programme `pi` in payment group `g`, unless the most the
    /// programme could pay for them exceeds `limit`.
    #[allow(clippy::too_many_arguments)]
    fn start_participant(
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
        // A second spell (the person is on a programme already) draws from streams of its own.
        let second = self.people[idx as usize].on_programme();
        let u = if second {
            pk.stream(Purpose::ProviderChoice).uniform()
        } else {
            pk.uniform(Purpose::ProviderChoice)
        };
        let Some(provider) = prog.pick_provider(u, |v| self.providers[pi][v].active()) else {
            return Start::NoProvider;
        };
        let mut noises = pk.stream(Purpose::Assessment);
        if second {
            noises.normal();
            noises.normal();
        }
        let noise = noises.normal();
        let p = &self.people[idx as usize];
        let d = model.weights.distance(p);
        let assessed = assessment::perceived(
            &prog.assessment,
            &self.prior,
            p.benefit as usize,
            d,
            noise,
            0,
        );
        let assessed_q = (assessed * 255.0).round() as u8;
        let multiplier = prog.payments.needs.multiplier(assessed_q as f64 / 255.0);
        let full_price = prog.full_price(g as usize, multiplier);
        if full_price > limit || limit <= 0.0 {
            return Start::OverBudget;
        }
        // Someone referred from a sickness absence is supported in the job they have.
        let retention = p.employed();
        let spell = Spell {
            flags: if retention {
                flags::RETENTION | flags::PROGRAMME_JOB
            } else {
                0
            },
            programme: pi as u8 + 1,
            provider,
            group: g,
            start: t as i16,
            assessment_noise: (noise * 32.0).round().clamp(-127.0, 127.0) as i8,
            assessed_at_referral: assessed_q,
            true_at_referral: (d * 255.0).round() as u8,
            ..Spell::default()
        };
        let area = p.area;
        if second {
            self.second.insert(idx, spell);
        } else {
            self.people[idx as usize].spell = spell;
        }
        self.hot[idx as usize].flags |= hot::ON_PROGRAMME;
        counts.starts += 1;
        if let Some(row) = self.area_month.as_mut() {
            row[area as usize].starts += 1;
        }
        let fee = prog.payments.on_start(g as usize) * multiplier;
        Start::Started {
            due: (fee > 0.0).then_some(Due {
                programme: pi as u8,
                provider,
                area,
                cell: prog.cell(provider, g) as u32,
                amount: fee,
            }),
            full_price,
        }
    }
}

/// Whether person `idx` (`p`), as their spells stand, may start programme `pi`: off any
/// programme, or on one other programme and on no second, when either programme can be
/// combined with others.
fn may_join(model: &Model, p: &Person, second: &SecondSpells, idx: u32, pi: usize) -> bool {
    if !p.on_programme() {
        return true;
    }
    let current = p.spell.programme_index();
    current != pi
        && (model.programmes[pi].combinable || model.programmes[current].combinable)
        && second.get(idx).is_none()
}

/// The programmes referring in month `t`, in the order they are offered to someone eligible
/// for several: higher `priority` first, then file order.
pub(super) fn offer_order(model: &Model, t: i32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..model.programmes.len())
        .filter(|&i| model.programmes[i].referring(t))
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(model.programmes[i].priority), i));
    order
}

/// What a person's count class alone says about their referral by a set of programmes, so
/// that the referral phase reads only the people it may start ([`ReferralScreen::may_refer`]).
pub(super) struct ReferralScreen {
    /// Per count class: [`NONE`] if no payment group of the programmes could admit the class,
    /// [`ANY`] if a mandatory one could (whatever the draws), else 1.
    class: Vec<u16>,
    /// Per programme with a voluntary group: its index and, per count class, the take-up
    /// draw's top bytes ([`crate::rng::take_up_byte`]) below which one of its voluntary
    /// groups could take the class: the most generous such take-up in 256ths, rounded up (a
    /// byte `b` is below it exactly when `b / 256` is below the take-up).
    voluntary: Vec<(usize, Vec<u16>)>,
    /// Some programme can be combined with others: people on a programme may be referred.
    pub(super) combining: bool,
}

const NONE: u16 = 0;
const ANY: u16 = 256;

impl ReferralScreen {
    pub(super) fn new(model: &Model, programmes: &[usize]) -> Self {
        let lean = model.scenario.readiness.take_up_effect;
        let mut class = vec![NONE; 256];
        let mut voluntary = Vec::new();
        for &pi in programmes {
            let mut thresholds = vec![NONE; 256];
            for (c, threshold) in thresholds.iter_mut().enumerate() {
                let (benefit, disabled) = screen::benefit_and_disabled(c as u8);
                let employed = screen::employed(c as u8);
                for g in &model.programmes[pi].groups {
                    if g.may_admit(benefit, disabled, employed) {
                        let t = match g.entry {
                            Entry::Mandatory => ANY,
                            // The most a person's readiness can raise it to.
                            Entry::Voluntary => (g.take_up * take_up_lean(lean, u8::MAX) * 256.0)
                                .ceil()
                                .clamp(0.0, 256.0)
                                as u16,
                        };
                        *threshold = (*threshold).max(t);
                    }
                }
                class[c] = class[c].max(match *threshold {
                    NONE => NONE,
                    ANY => ANY,
                    _ => 1,
                });
            }
            if thresholds.iter().any(|&t| t != NONE && t != ANY) {
                voluntary.push((pi, thresholds));
            }
        }
        let combining = model.programmes.iter().any(|p| p.combinable);
        Self {
            class,
            voluntary,
            combining,
        }
    }

    /// Whether the referral phase must read the state of a person with column `h` whose
    /// screening bits of the month before are `bits`: off any programme (unless a programme
    /// can be combined with others), and some programme's take-up draw below their class's
    /// threshold for it (or a mandatory group that could take them).
    #[inline(always)]
    pub(super) fn may_refer(&self, h: &Hot, bits: u64) -> bool {
        if h.on_programme() && !self.combining {
            return false;
        }
        let c = h.class as usize;
        match self.class[c] {
            NONE => false,
            ANY => true,
            _ => self
                .voluntary
                .iter()
                .any(|(pi, t)| (crate::rng::take_up_byte(bits, *pi) as u16) < t[c]),
        }
    }
}
