//! Phase 4, aggregation: what each person adds to the month's counts (stock by status and
//! benefit, flows into and out of work by disability). The chunks' counts are merged in chunk
//! order by the person pass, and the month's payments settled (`settlement`).

use super::ChunkAcc;
use super::person_step::MonthCtx;
use crate::person::{Benefit, Person, Status};

impl MonthCtx<'_> {
    /// Adds the person's state at the end of the month to the counts; `before` is what
    /// [`Self::events`] returned (or the state itself when nothing happened).
    pub(super) fn count(&self, p: &Person, before: (bool, i32, usize), acc: &mut ChunkAcc) {
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
        c.absence.people[g] += p.absent() as u64;
        match p.status {
            Status::Employed => c.employed[g] += 1,
            Status::Unemployed => c.unemployed[g] += 1,
            Status::Inactive => c.inactive[g] += 1,
        }
        match p.benefit {
            Benefit::Jsa => c.jsa += 1,
            Benefit::EsaWrag | Benefit::EsaSupport => c.esa += 1,
            Benefit::Incapacity => c.incapacity += 1,
            Benefit::None => {}
            b => c.uc[b as usize - Benefit::UcSearching as usize][p.employed() as usize] += 1,
        }
        c.new_style_esa += crate::benefit::new_style_esa(p, t) as u64;
        c.new_style_jsa += crate::benefit::new_style_jsa(p, t) as u64;
    }
}
