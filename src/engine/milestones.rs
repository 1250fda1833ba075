//! A participant's programme month, after the person's own events: support hours are added
//! up, the milestones of the spell are detected ([`crate::payment::Event`]: a step of
//! distance travelled, a gain in skills, a job start, the job outcome, sustainment months, 13
//! and 26 weeks in work, a sustained job), each milestone is priced by the programme's
//! payment models, and the participant leaves when nothing more can come of the spell.
//!
//! The milestones are recorded in the person's programme record whatever the payment models,
//! so a model only prices them (see `payment`).

use super::settlement::Due;
use super::{ChunkAcc, person_step::MonthCtx, spell};
use crate::labour;
use crate::payment::{Event, SKILLS_GAIN_LEVEL};
use crate::person::{Person, flags, from_unit};
use crate::programme::{self, Programme};

/// Months in a programme job that count as 13 and 26 weeks in work.
const WEEKS_13_MONTHS: u32 = 3;
const WEEKS_26_MONTHS: u32 = 6;

impl MonthCtx<'_> {
    /// The programme part of person `idx`'s month on programme `pr`: `d` is their true
    /// distance from work before this month's work transitions, `skills_before` their skills
    /// barrier before this month's support.
    pub(super) fn programme_month(
        &self,
        idx: u32,
        p: &mut Person,
        pr: &Programme,
        d: f64,
        skills_before: u16,
        acc: &mut ChunkAcc,
    ) {
        let t = self.t;
        let s = &self.model.scenario;
        p.hours_total = p.hours_total.saturating_add(p.hours_month as u16);
        let group = p.group as usize;
        let g = &pr.groups[group];
        let multiplier = pr
            .payments
            .needs
            .multiplier(p.assessed_at_referral as f64 / 255.0);
        // Prices the milestone against the record before it, then records it with `mark`.
        let mut reach = |p: &mut Person, event: Event, mark: &dyn Fn(&mut Person)| {
            let amount = pr.payments.on_event(event, group, &programme::record(p));
            mark(p);
            if amount > 0.0 {
                acc.payments.push(Due {
                    programme: p.programme - 1,
                    provider: p.provider,
                    area: p.area,
                    cell: pr.cell(p.provider, p.group) as u32,
                    amount: amount * multiplier,
                });
            }
        };
        // A further step of distance travelled since referral, within the programme months.
        if (p.progress_steps as u32) < pr.progress_max_steps
            && t - (p.programme_start as i32) < pr.duration
        {
            let travelled = p.true_at_referral as f64 / 255.0 - d;
            if travelled >= (p.progress_steps as f64 + 1.0) * pr.progress_step {
                let step = p.progress_steps as u32 + 1;
                reach(p, Event::Progress { step }, &|p| p.progress_steps += 1);
            }
        }
        // A gain in skills: the skills barrier crossed the level this month.
        let level = from_unit(SKILLS_GAIN_LEVEL);
        if !p.has_flag(flags::SKILLS_GAINED)
            && skills_before >= level
            && p.barriers[labour::SKILLS] < level
        {
            reach(p, Event::SkillsGain, &|p| {
                p.programme_flags |= flags::SKILLS_GAINED
            });
        }
        if p.employed() && p.has_flag(flags::PROGRAMME_JOB) {
            if !p.has_flag(flags::JOB_STARTED) {
                reach(p, Event::JobStart, &|p| {
                    p.programme_flags |= flags::JOB_STARTED
                });
            }
            let tenure = p.months_in_spell(t) as u32;
            if !p.has_flag(flags::JOB_OUTCOME) && tenure >= g.outcome_after {
                acc.counts.job_outcomes += 1;
                reach(p, Event::JobOutcome, &|p| {
                    p.programme_flags |= flags::JOB_OUTCOME
                });
            } else if p.has_flag(flags::JOB_OUTCOME)
                && (p.sustainment_months as u32) < g.sustainment_max
                && tenure > g.outcome_after
            {
                reach(p, Event::Sustainment, &|p| p.sustainment_months += 1);
            }
            if !p.has_flag(flags::WEEKS_13) && tenure >= WEEKS_13_MONTHS {
                reach(p, Event::InWork13Weeks, &|p| {
                    p.programme_flags |= flags::WEEKS_13
                });
            }
            if !p.has_flag(flags::WEEKS_26) && tenure >= WEEKS_26_MONTHS {
                reach(p, Event::InWork26Weeks, &|p| {
                    p.programme_flags |= flags::WEEKS_26
                });
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
}
