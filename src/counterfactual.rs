//! Paired counterfactuals with common random numbers.
//!
//! A scenario and its baseline are stepped month by month side by side, replication by
//! replication, from the same seed. Every draw is keyed by (seed, replication, month, person,
//! purpose), so the same person meets the same luck in both worlds: whatever differs between
//! them is caused by the policy difference, person by person, not by sampling noise.
//!
//! Two yardsticks, the same in both worlds:
//! - **Population**: jobs of anyone that reach `outputs.sustained_job_months` of tenure in a
//!   month (`MonthCounts::jobs_reaching_sustained`); the difference summed over the run is the
//!   net additional sustained jobs.
//! - **Participants**: for every programme spell in the scenario, whether the person had a job
//!   *starting within the spell's programme months* that lasted `sustained_job_months`, in the
//!   scenario world and in the baseline world. Both → deadweight (it would have happened
//!   anyway); scenario only → additional; baseline only → a job the programme cost them
//!   (lock-in).
//!
//! Paired against itself a scenario gives exactly zero impact: both worlds are the same
//! computation.

use crate::cancel::{Cancel, Interrupted};
use crate::engine::trial::{Arm, FollowUp};
use crate::engine::{Model, ReplicationResult, World};
use crate::metrics::Participation;
use rayon::prelude::*;

/// Why two scenarios cannot be paired.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot pair `{scenario}` with baseline `{baseline}`: {what} differ ({a} against {b}); paired worlds need the same start, months, replications, seed and number of people"
)]
pub struct PairError {
    pub scenario: String,
    pub baseline: String,
    pub what: &'static str,
    pub a: String,
    pub b: String,
}

/// Checks that two scenarios describe the same people over the same months.
pub fn check_pairable(s: &Model, b: &Model) -> Result<(), PairError> {
    let (s, b) = (&s.scenario, &b.scenario);
    let err = |what, a: String, bb: String| PairError {
        scenario: s.name.clone(),
        baseline: b.name.clone(),
        what,
        a,
        b: bb,
    };
    if s.start != b.start {
        return Err(err(
            "start months",
            s.start.to_string(),
            b.start.to_string(),
        ));
    }
    if s.months != b.months {
        return Err(err("months", s.months.to_string(), b.months.to_string()));
    }
    if s.replications != b.replications {
        return Err(err(
            "replications",
            s.replications.to_string(),
            b.replications.to_string(),
        ));
    }
    if s.seed != b.seed {
        return Err(err("seeds", s.seed.to_string(), b.seed.to_string()));
    }
    if s.population.n_people != b.population.n_people {
        return Err(err(
            "numbers of people",
            s.population.n_people.to_string(),
            b.population.n_people.to_string(),
        ));
    }
    if s.population.scale != b.population.scale {
        return Err(err(
            "scales",
            s.population.scale.to_string(),
            b.population.scale.to_string(),
        ));
    }
    Ok(())
}

/// The paired outcome of one programme spell of the scenario world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpellPair {
    /// A sustained job starting within the spell's programme months, in the scenario world;
    /// for a retention spell (a `sickness_absence` payment group), in work
    /// `outputs.sustained_job_months` after referral.
    pub scenario: bool,
    /// The same, for the same person in the baseline world.
    pub baseline: bool,
}

/// One replication run in both worlds.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PairedReplication {
    pub scenario: ReplicationResult,
    pub baseline: ReplicationResult,
    /// One entry per `scenario.participations`, in the same order.
    pub spells: Vec<SpellPair>,
    /// The participants of each programme that differs between the worlds, by payment group
    /// and month of referral, followed for [`FOLLOW_UP`] months in both worlds, in
    /// (programme, group, month) order.
    #[serde(default)]
    pub followed: Vec<FollowedCohort>,
}

/// Months a paired run follows each participant from referral, in both worlds.
pub const FOLLOW_UP: u32 = 24;

/// The participants a programme started in one payment group and month, followed in both
/// worlds: trial-style outcomes with the baseline world as the control.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FollowedCohort {
    pub programme: u8,
    pub group: u8,
    /// Model month of referral.
    pub start: i32,
    pub scenario: Arm,
    pub baseline: Arm,
}

/// A job that reached the sustained tenure: (person, month the job began).
type Event = (u32, i16);

/// What one chunk of a month's scan found: sustained jobs in the scenario and in the baseline
/// world, and the month's starts of differing programmes and retention groups (person,
/// programme, group).
type Found = (Vec<Event>, Vec<Event>, Vec<(u32, u8, u8)>);

/// Runs replication `r` of both worlds in lockstep.
///
/// # Errors
/// [`Interrupted`] if `cancel` is cancelled before both worlds have finished.
pub fn run_pair(
    scenario: &Model,
    baseline: &Model,
    r: u32,
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<PairedReplication, Interrupted> {
    let sustained = scenario.scenario.outputs.sustained_job_months as i32;
    let mut ws = World::start(scenario, r, cancel)?;
    let mut wb = World::start(baseline, r, cancel)?;
    let n = ws.people.len();
    // People who have been on a scenario programme: only their jobs need recording.
    let mut tracked = vec![false; n];
    let (mut events_s, mut events_b): (Vec<Event>, Vec<Event>) = (Vec::new(), Vec::new());
    // Participants of the programmes that differ, followed in both worlds, by (programme,
    // group, month of referral).
    let differs = differing_programmes(scenario, baseline);
    let mut followed: std::collections::BTreeMap<(u8, u8, i32), (FollowUp, FollowUp)> =
        std::collections::BTreeMap::new();
    let months = scenario.scenario.months as i32;
    // Retention payment groups ([`crate::programme::Group::sickness_absence`]), by programme;
    // their spells' checks due by month, and what each found: (in work in the scenario, in
    // the baseline), by (person, month of referral).
    // (in any of the scenario's regimes: a dated change can make a group one).
    let retention: Vec<Vec<bool>> = (0..scenario.programmes.len())
        .map(|pi| {
            (0..scenario.programmes[pi].groups.len())
                .map(|g| {
                    std::iter::once(scenario)
                        .chain(scenario.regimes.iter().map(|(_, m)| m))
                        .any(|m| m.programmes[pi].groups[g].sickness_absence)
                })
                .collect()
        })
        .collect();
    let mut kept: std::collections::BTreeMap<i32, Vec<(u32, i16)>> = Default::default();
    let mut in_work: std::collections::HashMap<(u32, i16), (bool, bool)> = Default::default();
    // The spells whose start the month's scan collects: of a programme that differs (to be
    // followed) or of a retention group (to be checked).
    let followed_or_kept = |sp: &crate::person::Spell| {
        differs[sp.programme_index()] || retention[sp.programme_index()][sp.group as usize]
    };
    while ws.t < months {
        cancel.check()?;
        let t = ws.t;
        let seen = ws.participations.len();
        ws.step();
        wb.step();
        on_month();
        // Spells that began and ended within this month are marked here.
        for p in &ws.participations[seen..] {
            tracked[p.person as usize] = true;
        }
        let found: Vec<Found> = tracked
            .par_chunks_mut(crate::population::CHUNK)
            .zip(ws.people.par_chunks(crate::population::CHUNK))
            .zip(wb.people.par_chunks(crate::population::CHUNK))
            .enumerate()
            .map(|(ci, ((tr, ps), pb))| {
                let (mut es, mut eb, mut starts) = (Vec::new(), Vec::new(), Vec::new());
                for (j, ((tracked, s), b)) in tr.iter_mut().zip(ps).zip(pb).enumerate() {
                    *tracked |= s.on_programme();
                    if !*tracked {
                        continue;
                    }
                    let idx = (ci * crate::population::CHUNK + j) as u32;
                    let sp = &s.spell;
                    if s.on_programme() && sp.start as i32 == t && followed_or_kept(sp) {
                        starts.push((idx, sp.programme - 1, sp.group));
                    }
                    if s.employed() && s.months_in_spell(t) == sustained {
                        es.push((idx, s.since));
                    }
                    if b.employed() && b.months_in_spell(t) == sustained {
                        eb.push((idx, b.since));
                    }
                }
                (es, eb, starts)
            })
            .collect();
        // Second spells begun this month (their people are tracked: they are on a programme).
        let second_starts: Vec<(u32, u8, u8)> = ws
            .second
            .iter()
            .filter(|(_, sp)| sp.start as i32 == t && followed_or_kept(sp))
            .map(|(idx, sp)| (*idx, sp.programme - 1, sp.group))
            .collect();
        let found =
            found
                .into_iter()
                .chain(std::iter::once((Vec::new(), Vec::new(), second_starts)));
        for (es, eb, starts) in found {
            events_s.extend(es);
            events_b.extend(eb);
            for (idx, pi, g) in starts {
                // Retention spells begun this month are checked `sustained` months on: in
                // work then, in each world?
                if retention[pi as usize][g as usize] {
                    kept.entry(t + sustained).or_default().push((idx, t as i16));
                }
                if !differs[pi as usize] {
                    continue;
                }
                let (fs, fb) = followed.entry((pi, g, t)).or_insert_with(|| {
                    (
                        FollowUp::new(t, FOLLOW_UP, Some(pi as usize)),
                        FollowUp::new(t, FOLLOW_UP, None),
                    )
                });
                fs.add(idx, &ws.people[idx as usize]);
                fb.add(idx, &wb.people[idx as usize]);
            }
        }
        for (fs, fb) in followed.values_mut() {
            fs.observe(t, &ws.people, &ws.second);
            fb.observe(t, &wb.people, &wb.second);
        }
        if let Some(due) = kept.remove(&t) {
            for (idx, start) in due {
                let i = idx as usize;
                in_work.insert(
                    (idx, start),
                    (ws.people[i].employed(), wb.people[i].employed()),
                );
            }
        }
    }
    let scenario_result = ws.finish(cancel, &|| {})?;
    let baseline_result = wb.finish(cancel, &|| {})?;
    events_s.sort_unstable();
    events_b.sort_unstable();
    let spells = scenario_result
        .participations
        .iter()
        .map(|p| {
            if retention[p.programme as usize][p.group as usize] {
                // A retention spell's outcome is the job kept: in work `sustained` months
                // after referral (not checked if the run ended first).
                let (scenario, baseline) = in_work
                    .get(&(p.person, p.start))
                    .copied()
                    .unwrap_or_default();
                return SpellPair { scenario, baseline };
            }
            let duration = scenario.programmes[p.programme as usize].duration;
            SpellPair {
                scenario: job_in_window(&events_s, p, duration),
                baseline: job_in_window(&events_b, p, duration),
            }
        })
        .collect();
    Ok(PairedReplication {
        scenario: scenario_result,
        baseline: baseline_result,
        spells,
        followed: followed
            .into_iter()
            .map(|((programme, group, start), (s, b))| FollowedCohort {
                programme,
                group,
                start,
                scenario: s.arm,
                baseline: b.arm,
            })
            .collect(),
    })
}

/// Whether a sorted event list has a job of the spell's person starting within its programme
/// months `[start, start + duration)`.
fn job_in_window(events: &[Event], p: &Participation, duration: i32) -> bool {
    let lo = (p.person, p.start);
    let hi_month = (p.start as i32 + duration).min(i16::MAX as i32) as i16;
    let i = events.partition_point(|e| *e < lo);
    events
        .get(i)
        .is_some_and(|e| e.0 == p.person && e.1 < hi_month)
}

/// Runs every replication of both worlds.
///
/// # Errors
/// [`Interrupted`] if `cancel` is cancelled before every pair has finished.
pub fn run(
    scenario: &Model,
    baseline: &Model,
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<Vec<PairedReplication>, Interrupted> {
    let all: Vec<u32> = (0..scenario.scenario.replications).collect();
    run_each(&all, &|_| (scenario, baseline), cancel, on_month)
}

/// Runs replications `which` (in that order) of both worlds, replication `r` running the pair
/// `models_for(r)`.
pub fn run_each<'m>(
    which: &[u32],
    models_for: &(dyn Fn(u32) -> (&'m Model, &'m Model) + Sync),
    cancel: &Cancel,
    on_month: &(dyn Fn() + Sync),
) -> Result<Vec<PairedReplication>, Interrupted> {
    which
        .par_iter()
        .map(|&r| {
            let (s, b) = models_for(r);
            run_pair(s, b, r, cancel, on_month)
        })
        .collect()
}

/// Which of the scenario's programmes differ from the baseline's, by index: a programme the
/// baseline does not have (by name), or has with other settings or another approach's
/// effects at any time of the run (dated changes included). The spells of a programme that is the same in both worlds are the same people
/// meeting the same programme twice, so the deadweight and net impact a reader is shown
/// cover only the programmes that differ (`output::impact`).
pub fn differing_programmes(s: &Model, b: &Model) -> Vec<bool> {
    let json = |v: &dyn erased::Json| v.value();
    // A programme's settings and its approach's effects over the run: from month 0, then from
    // each dated change that alters them.
    let timeline = |m: &Model, name: &str| -> Option<Vec<(i32, serde_json::Value)>> {
        let mut out: Vec<(i32, serde_json::Value)> = Vec::new();
        for (from, regime) in std::iter::once((0, m)).chain(m.regimes.iter().map(|(f, r)| (*f, r)))
        {
            let p = regime.scenario.programmes.iter().find(|p| p.name == name)?;
            let v = serde_json::json!([json(p), json(regime.scenario.approaches.get(p.approach))]);
            if out.last().is_none_or(|(_, last)| *last != v) {
                out.push((from, v));
            }
        }
        Some(out)
    };
    let mut differs: Vec<bool> = s
        .scenario
        .programmes
        .iter()
        .map(|p| timeline(s, &p.name) != timeline(b, &p.name))
        .collect();
    // A programme the same in both worlds whose participants can also be on one that differs
    // (either can be combined with others, at any time in either world) meets different
    // support there: its participants' jobs are not deadweight by construction.
    let combinable = |name: &str| {
        [s, b].iter().any(|m| {
            std::iter::once(*m)
                .chain(m.regimes.iter().map(|(_, r)| r))
                .any(|r| r.programmes.iter().any(|p| p.name == name && p.combinable))
        })
    };
    let names: Vec<&str> = s.programmes.iter().map(|p| p.name.as_str()).collect();
    // Whether someone could be attached to both at once: their months from the first referral
    // to the last payment overlap.
    let meet = |i: usize, j: usize| {
        let (a, b) = (&s.programmes[i], &s.programmes[j]);
        a.first_month <= b.payment_end && b.first_month <= a.payment_end
    };
    let changed: Vec<usize> = (0..names.len()).filter(|&i| differs[i]).collect();
    for i in 0..names.len() {
        if !differs[i]
            && changed
                .iter()
                .any(|&j| meet(i, j) && (combinable(names[i]) || combinable(names[j])))
        {
            differs[i] = true;
        }
    }
    differs
}

/// Serialised values, for comparing settings of any type.
mod erased {
    pub trait Json {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("settings serialise")
        }
    }
}

/// The names of the programmes [`differing_programmes`] marks, joined with " + ".
pub fn covered_names(s: &Model, differs: &[bool]) -> String {
    let names: Vec<&str> = s
        .programmes
        .iter()
        .zip(differs)
        .filter(|(_, d)| **d)
        .map(|(p, _)| p.name.as_str())
        .collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(" + ")
    }
}

/// Totals of paired spells.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairTotals {
    pub spells: u64,
    /// Sustained jobs in the scenario world.
    pub outcomes: u64,
    /// Sustained jobs of the same people in the baseline world.
    pub baseline_outcomes: u64,
    /// Both: would have happened anyway.
    pub deadweight: u64,
}

/// The paired outcomes of the spells of the programmes `differs` marks in one replication,
/// each person counted once for spells that overlap in time (someone on two programmes at
/// once, `programmes[].combinable`): one participant, with a sustained job in a world if
/// either spell had one there. `participations` and `spells` are the replication's, in step.
pub fn together(
    differs: &[bool],
    participations: &[Participation],
    spells: &[SpellPair],
) -> PairTotals {
    let mut chosen: Vec<(u32, i32, i32, SpellPair)> = participations
        .iter()
        .zip(spells)
        .filter(|(p, _)| differs.get(p.programme as usize).copied().unwrap_or(true))
        .map(|(p, sp)| {
            (
                p.person,
                p.start as i32,
                p.start as i32 + p.months as i32,
                *sp,
            )
        })
        .collect();
    chosen.sort_unstable_by_key(|c| (c.0, c.1, c.2));
    let mut totals = PairTotals::default();
    let mut open: Option<(u32, i32, SpellPair)> = None;
    for (person, start, end, sp) in chosen {
        match &mut open {
            Some((who, until, merged)) if *who == person && start < *until => {
                *until = (*until).max(end);
                merged.scenario |= sp.scenario;
                merged.baseline |= sp.baseline;
            }
            _ => {
                if let Some((_, _, merged)) = open {
                    totals.add(merged);
                }
                open = Some((person, end, sp));
            }
        }
    }
    if let Some((_, _, merged)) = open {
        totals.add(merged);
    }
    totals
}

impl PairTotals {
    pub fn add(&mut self, s: SpellPair) {
        self.spells += 1;
        self.outcomes += s.scenario as u64;
        self.baseline_outcomes += s.baseline as u64;
        self.deadweight += (s.scenario && s.baseline) as u64;
    }

    /// Additional sustained jobs: scenario minus baseline [agents].
    pub fn net(&self) -> f64 {
        self.outcomes as f64 - self.baseline_outcomes as f64
    }

    /// Share of the scenario's sustained jobs that would have happened anyway; 0 without any.
    pub fn deadweight_share(&self) -> f64 {
        if self.outcomes == 0 {
            0.0
        } else {
            self.deadweight as f64 / self.outcomes as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn together_counts_a_person_on_two_programmes_at_once_once() {
        let on = |person, programme, start, months| Participation {
            programme,
            months,
            ..spell(person, start)
        };
        let pair = |scenario, baseline| SpellPair { scenario, baseline };
        // Person 1 on programmes 0 and 1 at once (a job in the scenario on the second only),
        // then on programme 0 again later; person 2 on programme 1 alone.
        let parts = [
            on(1, 0, 0, 6),
            on(1, 1, 3, 6),
            on(1, 0, 20, 6),
            on(2, 1, 0, 6),
        ];
        let spells = [
            pair(false, false),
            pair(true, false),
            pair(true, true),
            pair(false, true),
        ];
        let t = together(&[true, true], &parts, &spells);
        assert_eq!(
            (t.spells, t.outcomes, t.baseline_outcomes, t.deadweight),
            (3, 2, 2, 1)
        );
        // Only programme 0 differs: nothing overlaps.
        let t = together(&[true, false], &parts, &spells);
        assert_eq!((t.spells, t.outcomes), (2, 1));
    }

    fn spell(person: u32, start: i16) -> Participation {
        Participation {
            person,
            start,
            programme: 0,
            provider: 0,
            group: 0,
            assessed_distance: 0.0,
            true_distance: 0.0,
            hours: 0.0,
            months: 1,
            job_outcome: false,
            sustained: false,
        }
    }

    #[test]
    fn only_jobs_starting_within_the_programme_months_count() {
        let events = vec![(1, 3), (1, 20), (2, 9), (4, 10)];
        assert!(
            !job_in_window(&events, &spell(1, 5), 12),
            "3 is before, 20 after"
        );
        assert!(job_in_window(&events, &spell(1, 10), 12));
        assert!(job_in_window(&events, &spell(2, 9), 1));
        assert!(!job_in_window(&events, &spell(3, 0), 100));
        assert!(!job_in_window(&events, &spell(4, 11), 12));
    }

    #[test]
    fn deadweight_is_the_share_that_happened_anyway() {
        let mut t = PairTotals::default();
        for (s, b) in [(true, true), (true, false), (false, true), (true, false)] {
            t.add(SpellPair {
                scenario: s,
                baseline: b,
            });
        }
        assert_eq!(t.net(), 1.0);
        assert!((t.deadweight_share() - 1.0 / 3.0).abs() < 1e-12);
    }
}
