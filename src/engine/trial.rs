//! A randomised trial inside the model (`gapsim trial`).
//!
//! In the cohort month, each person the trial programme would start who belongs to the trial
//! population ([`Population`]) is randomised by a keyed draw ([`Purpose::TrialArm`]): half
//! are started as usual (the offered arm), half are not (the control arm) and are barred from
//! that programme for the rest of the run; a control never takes a place, so the programme's
//! places go to further candidates, who are randomised in turn. Everyone else meets the world
//! as it is: other programmes, the benefit system, and the trial programme's other referrals
//! in other months ("treatment as usual", as in a pragmatic trial). Both arms are then
//! followed month by month.
//!
//! As in a trial, the outcome is measured on intention to treat: an offered person counts in
//! the offered arm whether they stay on the programme or leave it. A person who reaches 65
//! within the follow-up leaves the trial (attrition): they count in the months before.

use super::{SecondSpells, World};
use crate::health::Health;
use crate::person::{Benefit, Person, Spell};
use crate::rng::{MonthKey, Purpose};
use serde::{Deserialize, Serialize};

/// Who is randomised: the people the trial programme starts in the cohort month who meet every
/// condition given (`None`: any).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Population {
    /// Groups a person must be in, one list per kind: `(kind, groups)`, a kind and its groups
    /// as [`crate::metrics::group_of`] numbers them (the condition, the benefit, the area).
    pub groups: Vec<(usize, Vec<usize>)>,
    /// Counted as disabled (`Health::disabled`).
    pub disabled: Option<bool>,
    /// Severity of the main condition, inclusive range [0–1].
    pub severity: Option<(f64, f64)>,
    /// Age in whole years at referral, inclusive range.
    pub age: Option<(i32, i32)>,
    /// Whole months out of work at referral, inclusive range.
    pub months_out_of_work: Option<(i32, i32)>,
}

impl Population {
    /// Whether person `p` belongs to the trial population in month `t`.
    pub fn admits(&self, p: &Person, t: i32, health: &Health) -> bool {
        let within = |r: Option<(f64, f64)>, x: f64| r.is_none_or(|(a, b)| a <= x && x <= b);
        let within_i = |r: Option<(i32, i32)>, x: i32| r.is_none_or(|(a, b)| a <= x && x <= b);
        self.groups
            .iter()
            .all(|(kind, groups)| groups.contains(&crate::metrics::group_of(p, *kind, t)))
            && self.disabled.is_none_or(|d| d == health.disabled(p))
            && within(self.severity, p.severity())
            && within_i(self.age, p.age_months(t) / 12)
            && within_i(self.months_out_of_work, p.months_in_spell(t))
    }
}

/// What a trial randomises and how long it follows its arms.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialSpec {
    /// Programme index.
    pub programme: usize,
    /// Model month of referral and randomisation.
    pub cohort: i32,
    /// Months followed after referral (the cohort month is month 1).
    pub follow_up: u32,
    pub population: Population,
}

impl TrialSpec {
    /// The months a replication must run: through the last month of follow-up.
    pub fn months_needed(&self) -> i32 {
        self.cohort + self.follow_up as i32
    }
}

/// One arm's outcomes in one replication. Counts are of agents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Arm {
    /// People randomised to the arm.
    pub randomised: u64,
    /// Of them, people seen on the trial programme at the end of a month of the follow-up
    /// (every one of the offered arm who started; none of the control arm, who are barred).
    pub received: u64,
    /// `followed[k - 1]`: people still followed at the end of month `k` after referral.
    pub followed: Vec<u64>,
    /// `employed[k - 1]`: of them, in work then.
    pub employed: Vec<u64>,
    /// People followed for the whole follow-up: the denominator of the measures below.
    pub complete: u64,
    /// Of them, with a job starting within 12 months of referral (only if the follow-up is
    /// at least 12 months).
    pub job_start_12: u64,
    /// Of them, with a job starting at any time in the follow-up.
    pub job_start: u64,
    /// With a job that began after referral and lasted 13 weeks (3 months) within the
    /// follow-up.
    pub lasting_13_weeks: u64,
    /// The same, 26 weeks (6 months).
    pub lasting_26_weeks: u64,
    /// Months in work over the follow-up: sum and sum of squares over people [months].
    pub months_in_work: [u64; 2],
    /// Months on no out-of-work benefit over the follow-up: sum and sum of squares [months].
    pub months_off_benefit: [u64; 2],
}

/// Both arms of one replication.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialReplication {
    pub offered: Arm,
    pub control: Arm,
    /// Per provider of the trial programme, the model month it handed its contract back by
    /// the end of the follow-up, if it did: the offered arm's support is not what the
    /// scenario describes after it.
    #[serde(default)]
    pub hand_backs: Vec<Option<i32>>,
}

/// One person as a [`FollowUp`] follows them.
#[derive(Clone, Copy, Debug)]
struct Member {
    person: u32,
    /// Month of birth when the follow-up began: a different one in the same slot later means
    /// the person aged out and was replaced.
    born: i16,
    lost: bool,
    received: bool,
    first_job: Option<i32>,
    lasted_3: bool,
    lasted_6: bool,
    in_work: u16,
    off_benefit: u16,
}

/// People referred in month `start`, followed for `follow_up` months in one world: the
/// outcomes of a trial arm ([`Arm`]). A trial follows its offered and its control arm this
/// way; a paired run follows a programme's participants in both worlds.
#[derive(Clone, Debug)]
pub struct FollowUp {
    /// Model month of referral (month 1 of the follow-up).
    pub start: i32,
    pub follow_up: u32,
    /// The programme whose participation `Arm::received` counts, if any.
    programme: Option<usize>,
    members: Vec<Member>,
    pub arm: Arm,
}

impl FollowUp {
    pub fn new(start: i32, follow_up: u32, programme: Option<usize>) -> Self {
        let f = follow_up as usize;
        Self {
            start,
            follow_up,
            programme,
            members: Vec::new(),
            arm: Arm {
                followed: vec![0; f],
                employed: vec![0; f],
                ..Arm::default()
            },
        }
    }

    /// Adds person `idx` (now `p`).
    pub fn add(&mut self, idx: u32, p: &Person) {
        self.members.push(Member {
            person: idx,
            born: p.born,
            lost: false,
            received: false,
            first_job: None,
            lasted_3: false,
            lasted_6: false,
            in_work: 0,
            off_benefit: 0,
        });
        self.arm.randomised += 1;
    }

    /// Whether month `t` is in the follow-up.
    pub fn follows(&self, t: i32) -> bool {
        t >= self.start && t < self.start + self.follow_up as i32
    }

    /// Follows every member at the end of month `t` (nothing outside the follow-up). Only a
    /// job that began in the follow-up counts as a job start or a lasting job.
    pub fn observe(&mut self, t: i32, people: &[Person], second: &SecondSpells) {
        if !self.follows(t) {
            return;
        }
        let k = (t - self.start) as usize;
        let arm = &mut self.arm;
        for m in &mut self.members {
            let p = &people[m.person as usize];
            if m.lost || p.born != m.born {
                m.lost = true;
                continue;
            }
            arm.followed[k] += 1;
            m.received |= self.programme.is_some_and(|pi| {
                let on = |sp: &Spell| sp.programme as usize == pi + 1;
                on(&p.spell) || second.get(m.person).is_some_and(on)
            });
            if p.employed() {
                arm.employed[k] += 1;
                m.in_work += 1;
                let began = p.since as i32;
                if began >= self.start {
                    m.first_job.get_or_insert(began);
                    let tenure = p.months_in_spell(t);
                    m.lasted_3 |= tenure >= 3;
                    m.lasted_6 |= tenure >= 6;
                }
            }
            if p.benefit == Benefit::None {
                m.off_benefit += 1;
            }
        }
        if k + 1 == self.follow_up as usize {
            for m in &self.members {
                arm.received += m.received as u64;
                if m.lost {
                    continue;
                }
                arm.complete += 1;
                if self.follow_up >= 12 {
                    arm.job_start_12 += m.first_job.is_some_and(|j| j < self.start + 12) as u64;
                }
                arm.job_start += m.first_job.is_some() as u64;
                arm.lasting_13_weeks += m.lasted_3 as u64;
                arm.lasting_26_weeks += m.lasted_6 as u64;
                let (w, b) = (m.in_work as u64, m.off_benefit as u64);
                arm.months_in_work[0] += w;
                arm.months_in_work[1] += w * w;
                arm.months_off_benefit[0] += b;
                arm.months_off_benefit[1] += b * b;
            }
        }
    }
}

/// A trial as a replication runs ([`World::trial`]).
pub(super) struct Trial {
    spec: TrialSpec,
    /// One bit per person: randomised to control, barred from the trial programme.
    barred: Vec<u64>,
    offered: FollowUp,
    control: FollowUp,
}

/// Which arm randomisation puts a person in.
pub(super) enum Assignment {
    /// Not in the trial: started as usual.
    Outside,
    Offered,
    Control,
}

impl Trial {
    pub(super) fn new(spec: TrialSpec, people: usize) -> Self {
        let arm = || FollowUp::new(spec.cohort, spec.follow_up, Some(spec.programme));
        Self {
            offered: arm(),
            control: arm(),
            barred: vec![0; people.div_ceil(64)],
            spec,
        }
    }

    /// Whether person `idx` was randomised to control by the trial of programme `pi`.
    #[inline]
    pub(super) fn bars(&self, pi: usize, idx: u32) -> bool {
        pi == self.spec.programme && self.barred[idx as usize / 64] >> (idx % 64) & 1 != 0
    }

    /// Whether the trial randomises programme `pi`'s starts in month `t`.
    pub(super) fn randomises(&self, pi: usize, t: i32) -> bool {
        pi == self.spec.programme && t == self.spec.cohort
    }

    /// Randomises person `idx` if programme `pi` is about to start them in the trial's
    /// cohort month and they belong to its population.
    pub(super) fn assign(
        &self,
        pi: usize,
        t: i32,
        mk: MonthKey,
        idx: u32,
        p: &Person,
        health: &Health,
    ) -> Assignment {
        if pi != self.spec.programme
            || t != self.spec.cohort
            || !self.spec.population.admits(p, t, health)
        {
            return Assignment::Outside;
        }
        if mk.person(idx).uniform(Purpose::TrialArm) < 0.5 {
            Assignment::Offered
        } else {
            Assignment::Control
        }
    }

    /// Records person `idx` in an arm (after the offered are started).
    pub(super) fn enrol(&mut self, idx: u32, p: &Person, offered: bool) {
        if offered {
            self.offered.add(idx, p);
        } else {
            self.barred[idx as usize / 64] |= 1 << (idx % 64);
            self.control.add(idx, p);
        }
    }

    /// Follows both arms at the end of month `t`.
    pub(super) fn observe(&mut self, t: i32, people: &[Person], second: &SecondSpells) {
        self.offered.observe(t, people, second);
        self.control.observe(t, people, second);
    }

    pub(super) fn into_result(self) -> TrialReplication {
        TrialReplication {
            offered: self.offered.arm,
            control: self.control.arm,
            hand_backs: Vec::new(),
        }
    }
}

impl World<'_> {
    /// Runs replication's months through the trial's follow-up with `spec`'s randomisation,
    /// and returns both arms' outcomes.
    ///
    /// # Errors
    /// [`crate::cancel::Interrupted`] if `cancel` is cancelled first.
    pub fn run_trial(
        mut self,
        spec: TrialSpec,
        cancel: &crate::cancel::Cancel,
        on_month: &(dyn Fn() + Sync),
    ) -> Result<TrialReplication, crate::cancel::Interrupted> {
        let until = spec.months_needed();
        self.trial = Some(Trial::new(spec, self.people.len()));
        while self.t < until {
            cancel.check()?;
            self.step();
            on_month();
        }
        let programme = self.trial.as_ref().expect("set above").spec.programme;
        let mut result = self.trial.take().expect("set above").into_result();
        result.hand_backs = self.providers[programme]
            .iter()
            .map(|v| v.handed_back)
            .collect();
        Ok(result)
    }
}
