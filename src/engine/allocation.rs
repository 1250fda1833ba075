//! Phase 2, allocation: personal budgets buy their holders' hours, then each provider splits
//! its own adviser hours across its caseload by the value it perceives ([`World::perceived_gain`],
//! the provider's valuation of an hour, which asks the programme's payment models what a job
//! or progress would bring) with the water-filling of [`provider::allocate`]; payments on hours
//! delivered (fee for service) fall due.

use super::World;
use super::settlement::Due;
use crate::assessment;
use crate::labour::{self, find_boost, logistic, retention_boost};
use crate::metrics::MonthCounts;
use crate::person::{Spell, Status, flags};
use crate::population::CHUNK;
use crate::programme::{self, Programme, ProviderTerms};
use crate::provider;
use rayon::prelude::*;

impl World<'_> {
    /// Phase 2: personal budgets buy their holders' hours, then each provider allocates its
    /// own adviser hours over its caseload; fee-for-service payments fall due on the latter.
    pub(super) fn allocate(&mut self, t: i32, counts: &mut MonthCounts) {
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
        // Each provider's caseload: (person, second spell?), first spells in person order,
        // then second spells in person order.
        let mut buckets: Vec<Vec<Vec<(u32, bool)>>> = model
            .programmes
            .iter()
            .map(|p| vec![Vec::new(); p.provider_names.len()])
            .collect();
        for idx in found.into_iter().flatten() {
            let sp = &self.people[idx as usize].spell;
            buckets[sp.programme_index()][sp.provider as usize].push((idx, false));
        }
        for (idx, sp) in self.second.iter() {
            buckets[sp.programme_index()][sp.provider as usize].push((*idx, true));
        }
        let (mut gains, mut caps, mut hours) = (Vec::new(), Vec::new(), Vec::new());
        for (pi, prog) in model.programmes.iter().enumerate() {
            // Personal budgets: every holder still being supported gets the same money.
            let per_holder = prog.payments.per_participant_month();
            let budget_share = if per_holder > 0.0 {
                let dues: Vec<Due> = buckets[pi]
                    .iter()
                    .flatten()
                    .filter(|&&i| self.supported(t, prog, i))
                    .map(|&i| {
                        let sp = self.spell(i);
                        Due {
                            programme: pi as u8,
                            provider: sp.provider,
                            area: self.people[i.0 as usize].area,
                            cell: prog.cell(sp.provider, sp.group) as u32,
                            amount: per_holder,
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
                let cfg = &prog.providers[vi];
                let max = cfg.max_hours_per_participant;
                let scale = prog.approach.hours_scale;
                let own: Vec<f64> = caseload
                    .iter()
                    .map(|&i| {
                        if budget_share > 0.0 && self.supported(t, prog, i) {
                            let money = per_holder * budget_share;
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
                let mut supported = 0usize;
                for (&i, &h0) in caseload.iter().zip(&own) {
                    // Hours already bought by the participant's budget lower what the
                    // provider's next hour adds (diminishing returns). Only those still
                    // supported get hours, and only they are staffed for.
                    let on = self.supported(t, prog, i);
                    supported += on as usize;
                    gains.push(self.perceived_gain(t, prog, cfg, i) * (-h0 / scale).exp());
                    caps.push(if on { max - h0 } else { 0.0 });
                }
                let staffed = supported as f64 * cfg.hours_per_participant;
                provider::allocate(&gains, &caps, staffed, scale, &mut hours);
                let mut used = 0.0;
                for ((&i, &h), &h0) in caseload.iter().zip(&hours).zip(&own) {
                    let q = ((h + h0) * 4.0).round().clamp(0.0, 255.0) as u8;
                    let sp = self.spell_mut(i);
                    sp.hours_month = q;
                    let group = sp.group;
                    let area = self.people[i.0 as usize].area;
                    let total = q as f64 / 4.0;
                    used += total;
                    let cell = prog.cell(vi as u8, group);
                    self.cells[cell].hours += total;
                    if total > h0 {
                        let fee = prog.payments.on_hours(total - h0);
                        if fee > 0.0 {
                            fees.push(Due {
                                programme: pi as u8,
                                provider: vi as u8,
                                area,
                                cell: cell as u32,
                                amount: fee,
                            });
                        }
                    }
                }
                let v = &mut self.providers[pi][vi];
                v.costs += used * cfg.cost_per_hour;
                counts.support_hours += used;
            }
            self.settle(pi, &fees, counts);
        }
    }

    /// Spell `i` (person, second spell?): the person's first spell or their second.
    fn spell(&self, i: (u32, bool)) -> &Spell {
        if i.1 {
            self.second.get(i.0).expect("a listed second spell")
        } else {
            &self.people[i.0 as usize].spell
        }
    }

    fn spell_mut(&mut self, i: (u32, bool)) -> &mut Spell {
        if i.1 {
            self.second.get_mut(i.0).expect("a listed second spell")
        } else {
            &mut self.people[i.0 as usize].spell
        }
    }

    /// Whether participant spell `i` (person, second spell?) is in the part of the programme
    /// that gets support: out of work within the programme's duration, or in a programme job
    /// within the in-work support.
    pub(super) fn supported(&self, t: i32, prog: &Programme, i: (u32, bool)) -> bool {
        let p = &self.people[i.0 as usize];
        let sp = self.spell(i);
        if p.employed() {
            sp.has_flag(flags::PROGRAMME_JOB) && sp.months_in_work(p, t) < prog.in_work_support
        } else {
            t - (sp.start as i32) < prog.duration
        }
    }

    /// The provider's valuation: what one more hour at zero hours is worth to the provider, as
    /// it sees the participant: the expected payments that the hour brings closer (every
    /// payment model's [`crate::payment::PaymentModel::job_value`] and
    /// [`crate::payment::PaymentModel::progress_value`], at the participant's needs
    /// multiplier), weighted against the provider's social mission [£ per hour].
    fn perceived_gain(&self, t: i32, prog: &Programme, cfg: &ProviderTerms, i: (u32, bool)) -> f64 {
        let model = self.model;
        let c = &model.scenario.labour;
        let p = &self.people[i.0 as usize];
        let sp = self.spell(i);
        if !self.supported(t, prog, i) {
            return 0.0;
        }
        let a = &prog.assessment;
        let months_contact = t - sp.start as i32;
        let base_distance = match a.mode {
            crate::scenario::AssessmentMode::Ongoing => model.weights.distance(p),
            _ => sp.true_at_referral as f64 / 255.0,
        };
        let d = assessment::perceived(
            a,
            &self.prior,
            p.benefit as usize,
            base_distance,
            sp.assessment_noise as f64 / 32.0,
            months_contact,
        );
        let multiplier = prog
            .payments
            .needs
            .multiplier(sp.assessed_at_referral as f64 / 255.0);
        let record = programme::record(sp);
        let demand = model.demand[p.area as usize][t as usize];
        let age = p.age_months(t);
        let group = sp.group as usize;
        let w = cfg.social_weight;
        // What a pound of the participant's prices is worth to this provider.
        let weight = (1.0 - w) * multiplier;
        // What a job (kept with monthly loss probability q) is worth to this provider: the
        // payments still to come, weighted against its social mission.
        let job_worth = |q: f64| {
            prog.payments.job_value(weight, group, &record, q) + w * cfg.social_value_per_job
        };
        let scale = prog.approach.hours_scale;
        if p.employed() {
            let q = logistic(labour::loss_logodds(
                c,
                d,
                p.months_in_spell(t),
                demand,
                age,
                labour::percentile_z(p.job_match),
            ));
            let value = job_worth(q);
            value * q * (1.0 - q) * retention_boost(&prog.approach, p) / scale
        } else {
            let inactive = p.status == Status::Inactive;
            let f = logistic(labour::find_logodds(
                c,
                d,
                p.months_in_spell(t),
                demand,
                0.0,
                0.0,
                age,
                inactive,
            ));
            // A job yet to be found: of middling match, before the approach's shift.
            let q = logistic(labour::loss_logodds(c, d, 0, demand, age, 0.0));
            let job = job_worth(q) * f * (1.0 - f) * find_boost(&prog.approach, d, p);
            let progress =
                prog.payments
                    .progress_value(weight, &record, d, prog.approach.barrier_reduction);
            (job + progress) / scale
        }
    }
}
