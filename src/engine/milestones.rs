//! A participant's programme month, after the person's own events: support hours are added
//! up, the milestones of the spell are detected ([`crate::payment::Event`]: a step of
//! distance travelled, a gain in skills, a job start, the job outcome, sustainment months, 13
//! and 26 weeks in work, a sustained job), each milestone is priced by the programme's
//! payment models, and the participant leaves when nothing more can come of the spell.
//!
//! The milestones are recorded in the person's programme record whatever the payment models,
//! so a model only prices them (see `payment`).

use super::settlement::Due;
use super::{ChunkAcc, participation, person_step::MonthCtx};
use crate::labour;
use crate::payment::{Event, SKILLS_GAIN_LEVEL};
use crate::person::{Person, Spell, flags, from_unit};
use crate::programme::{self, Programme};

/// Months in a programme job that count as 13 and 26 weeks in work.
const WEEKS_13_MONTHS: u32 = 3;
const WEEKS_26_MONTHS: u32 = 6;

impl MonthCtx<'_> {
    /// The programme part of person `idx`'s month on spell `sp` of programme `pr`: `d` is
    /// their true distance from work before this month's work transitions, `skills_before`
    /// their skills barrier before this month's support. Returns whether the spell goes on;
    /// a spell that ends is recorded, and the caller takes it away.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn programme_month(
        &self,
        idx: u32,
        p: &Person,
        sp: &mut Spell,
        pr: &Programme,
        d: f64,
        skills_before: u16,
        acc: &mut ChunkAcc,
    ) -> bool {
        let t = self.t;
        let s = &self.model.scenario;
        sp.hours_total = sp.hours_total.saturating_add(sp.hours_month as u16);
        let group = sp.group as usize;
        let g = &pr.groups[group];
        let multiplier = pr
            .payments
            .needs
            .multiplier(sp.assessed_at_referral as f64 / 255.0);
        // Prices the milestone against the record before it, then records it with `mark`.
        let mut reach = |sp: &mut Spell, event: Event, mark: &dyn Fn(&mut Spell)| {
            let amount = pr.payments.on_event(event, group, &programme::record(sp));
            mark(sp);
            if amount > 0.0 {
                acc.payments.push(Due {
                    programme: sp.programme - 1,
                    provider: sp.provider,
                    area: p.area,
                    cell: pr.cell(sp.provider, sp.group) as u32,
                    amount: amount * multiplier,
                });
            }
        };
        // A further step of distance travelled since referral, within the programme months.
        if (sp.progress_steps as u32) < pr.progress_max_steps && t - (sp.start as i32) < pr.duration
        {
            let travelled = sp.true_at_referral as f64 / 255.0 - d;
            if travelled >= (sp.progress_steps as f64 + 1.0) * pr.progress_step {
                let step = sp.progress_steps as u32 + 1;
                reach(sp, Event::Progress { step }, &|sp| sp.progress_steps += 1);
            }
        }
        // A gain in skills: the skills barrier crossed the level this month.
        let level = from_unit(SKILLS_GAIN_LEVEL);
        if !sp.has_flag(flags::SKILLS_GAINED)
            && skills_before >= level
            && p.barriers[labour::SKILLS] < level
        {
            reach(sp, Event::SkillsGain, &|sp| {
                sp.flags |= flags::SKILLS_GAINED
            });
        }
        if p.employed() && sp.has_flag(flags::PROGRAMME_JOB) {
            // A retention spell's job is the one the person had: no job start; its outcome is
            // the job kept, counted from referral and reached back at work.
            let retention = sp.has_flag(flags::RETENTION);
            if !retention && !sp.has_flag(flags::JOB_STARTED) {
                reach(sp, Event::JobStart, &|sp| sp.flags |= flags::JOB_STARTED);
            }
            let tenure = sp.months_in_work(p, t) as u32;
            let at_work = !(retention && p.absent());
            if !sp.has_flag(flags::JOB_OUTCOME) && tenure >= g.outcome_after && at_work {
                acc.counts.job_outcomes += 1;
                reach(sp, Event::JobOutcome, &|sp| sp.flags |= flags::JOB_OUTCOME);
            } else if sp.has_flag(flags::JOB_OUTCOME)
                && (sp.sustainment_months as u32) < g.sustainment_max
                && tenure > g.outcome_after
            {
                reach(sp, Event::Sustainment, &|sp| sp.sustainment_months += 1);
            }
            if !sp.has_flag(flags::WEEKS_13) && tenure >= WEEKS_13_MONTHS {
                reach(sp, Event::InWork13Weeks, &|sp| sp.flags |= flags::WEEKS_13);
            }
            if !sp.has_flag(flags::WEEKS_26) && tenure >= WEEKS_26_MONTHS {
                reach(sp, Event::InWork26Weeks, &|sp| sp.flags |= flags::WEEKS_26);
            }
            if !sp.has_flag(flags::SUSTAINED) && tenure >= s.outputs.sustained_job_months && at_work
            {
                sp.flags |= flags::SUSTAINED;
                acc.counts.sustained_outcomes += 1;
            }
        }
        let attached = pr.still_attached(p, sp, t, s.outputs.sustained_job_months);
        if attached {
            acc.caseload[sp.programme_index()] += 1;
        } else {
            acc.participations.push(participation(idx, sp, t));
        }
        attached
    }
}
