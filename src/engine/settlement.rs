//! Payments and settlement: every payment goes through a programme's [`Budget`] (paid in full
//! while the money lasts, else every payment falling due together scaled down alike), block
//! funding is paid each month, and a provider whose losses exceed its reserves hands its
//! contract back ([`World::hand_back`]). Amounts are in £ per agent (see `programme`).

use super::{World, participation};
use crate::metrics::MonthCounts;
use crate::person::{Spell, hot};
use crate::programme::Programme;
use crate::rng::{MonthKey, Purpose};
use crate::scenario::{BudgetRule, HandBack};

/// What is left of a programme's budget, and what the current month may still spend
/// [£ per agent-scaled unit]. Without a cap both are infinite.
#[derive(Clone, Debug)]
pub struct Budget {
    pub remaining: f64,
    allowance: f64,
    /// The model month in which the budget was all spent; `None` while money is left.
    pub ran_out: Option<i32>,
}

impl Budget {
    pub(super) fn new(prog: &Programme) -> Self {
        let remaining = prog.budget.unwrap_or(f64::INFINITY);
        Self {
            remaining,
            allowance: remaining,
            ran_out: None,
        }
    }

    /// Sets what month `t` may spend: everything left, or, when pro-rating, an even share of
    /// what is left over the months in which payments can still fall due.
    pub(super) fn open_month(&mut self, prog: &Programme, t: i32) {
        self.allowance = match prog.budget_rule {
            BudgetRule::StopReferrals => self.remaining,
            BudgetRule::ProRate => self.remaining / (prog.payment_end - t + 1).max(1) as f64,
        };
    }

    /// The share of `due` that is paid (1 while money lasts), taken from the budget.
    pub(super) fn draw(&mut self, due: f64) -> f64 {
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
pub(super) struct Due {
    pub programme: u8,
    pub provider: u8,
    /// The participant's area; [`NO_AREA`] for block funding.
    pub area: u8,
    pub cell: u32,
    /// [£ per agent].
    pub amount: f64,
}

pub(super) const NO_CELL: u32 = u32::MAX;
pub(super) const NO_AREA: u8 = u8::MAX;

impl World<'_> {
    /// Pays what fell due in one phase of programme `pi`: in full while the budget allows,
    /// else every payment scaled down alike. Returns the share paid.
    pub(super) fn settle(&mut self, pi: usize, dues: &[Due], counts: &mut MonthCounts) -> f64 {
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
            } else {
                self.block_paid.push((pi, d.provider, paid));
            }
            self.area_spend(pi, d.area, paid);
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
    pub(super) fn pay_block(&mut self, t: i32, counts: &mut MonthCounts) {
        let model = self.model;
        for (pi, prog) in model.programmes.iter().enumerate() {
            let block = prog.payments.each_month();
            if block <= 0.0 || t < prog.first_month || t > prog.block_end {
                continue;
            }
            let active: Vec<usize> = (0..prog.provider_names.len())
                .filter(|&v| self.providers[pi][v].active())
                .collect();
            let total_share: f64 = active.iter().map(|&v| prog.providers[v].share).sum();
            if total_share <= 0.0 {
                continue;
            }
            let dues: Vec<Due> = active
                .iter()
                .map(|&v| Due {
                    programme: pi as u8,
                    provider: v as u8,
                    area: NO_AREA,
                    cell: NO_CELL,
                    amount: block * prog.providers[v].share / total_share,
                })
                .collect();
            self.settle(pi, &dues, counts);
        }
    }

    /// Adds `paid` by programme `pi` to this month's spend in `area`; a payment of no one
    /// area (block funding) is spread over the areas the programme serves by their shares of
    /// the population.
    fn area_spend(&mut self, pi: usize, area: u8, paid: f64) {
        let Some(row) = self.area_month.as_mut() else {
            return;
        };
        if area != NO_AREA {
            row[area as usize].spend += paid;
            return;
        }
        let prog = &self.model.programmes[pi];
        let areas = &self.model.scenario.areas;
        let served: f64 = (0..areas.len())
            .filter(|&a| prog.serves(a as u8))
            .map(|a| areas[a].share)
            .sum();
        for (a, cfg) in areas.iter().enumerate() {
            if prog.serves(a as u8) && served > 0.0 {
                row[a].spend += paid * cfg.share / served;
            }
        }
    }

    /// Puts the block funding paid this month ([`World::pay_block`]) into the provider's
    /// (programme, provider, payment group) cells, in proportion to the adviser hours each
    /// cell received this month (equally when it received none), so that every payment
    /// appears in the results by payment group. Called after the allocation phase.
    pub(super) fn attribute_block(&mut self, hours_before: &[f64]) {
        for (pi, provider, paid) in std::mem::take(&mut self.block_paid) {
            let prog = &self.model.programmes[pi];
            let cells: Vec<usize> = (0..prog.groups.len())
                .map(|g| prog.cell(provider, g as u8))
                .collect();
            let hours: Vec<f64> = cells
                .iter()
                .map(|&c| (self.cells[c].hours - hours_before[c]).max(0.0))
                .collect();
            let total: f64 = hours.iter().sum();
            for (&c, h) in cells.iter().zip(hours) {
                self.cells[c].payments += if total > 0.0 {
                    paid * h / total
                } else {
                    paid / cells.len() as f64
                };
            }
        }
    }

    /// Providers whose losses exceed their reserves hand back their contracts; their
    /// participants move to the remaining providers or drop out, as the scenario says.
    pub(super) fn hand_back(&mut self, t: i32, mk: MonthKey) {
        let model = self.model;
        let mut leaving: Vec<(usize, usize)> = Vec::new();
        for (pi, prog) in model.programmes.iter().enumerate() {
            for (vi, terms) in prog.providers.iter().enumerate() {
                let v = &mut self.providers[pi][vi];
                if v.active() && !terms.never_hands_back && v.balance() < -terms.reserves {
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
        // Every spell with a leaving provider, (person, second spell?), in person order with
        // a person's first spell before their second.
        let mut affected: Vec<(u32, bool)> = Vec::new();
        let leaves = |sp: &Spell| leaving.contains(&(sp.programme_index(), sp.provider as usize));
        for (idx, h) in self.hot.iter().enumerate() {
            if h.on_programme() && leaves(&self.people[idx].spell) {
                affected.push((idx as u32, false));
            }
        }
        affected.extend(
            self.second
                .iter()
                .filter(|e| leaves(&e.1))
                .map(|e| (e.0, true)),
        );
        // A person's second spell first, so that a first spell that ends can hand its place
        // to the second as it now stands.
        affected.sort_unstable_by_key(|&(idx, second)| (idx, !second));
        for (idx, second) in affected {
            let sp = if second {
                *self.second.get(idx).expect("listed")
            } else {
                self.people[idx as usize].spell
            };
            let pi = sp.programme_index();
            let prog = &model.programmes[pi];
            let from = sp.provider as usize;
            let to = match prog.on_hand_back {
                HandBack::Transfer => {
                    // A second spell draws from its own stream.
                    let pk = mk.person(idx);
                    let u = if second {
                        pk.stream(Purpose::HandBack).uniform()
                    } else {
                        pk.uniform(Purpose::HandBack)
                    };
                    prog.pick_provider(u, |v| self.providers[pi][v].active())
                }
                HandBack::DropOut => None,
            };
            match to {
                Some(v) => {
                    let moved = if second {
                        self.second.get_mut(idx).expect("listed")
                    } else {
                        &mut self.people[idx as usize].spell
                    };
                    moved.provider = v;
                    self.providers[pi][from].moved += 1;
                }
                None => {
                    self.providers[pi][from].dropped += 1;
                    self.participations.push(participation(idx, &sp, t));
                    let promoted = self.second.remove(idx);
                    if !second {
                        // A second spell takes the first's place.
                        self.people[idx as usize].spell = promoted.unwrap_or_default();
                    }
                    let h = &mut self.hot[idx as usize];
                    h.flags |= hot::LOOK;
                    if !self.people[idx as usize].on_programme() {
                        h.flags &= !hot::ON_PROGRAMME;
                    }
                    self.caseload[pi] = self.caseload[pi].saturating_sub(1);
                }
            }
        }
    }
}
