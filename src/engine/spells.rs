//! Programme spells: the record of a spell that ends, and the store of second spells.
//!
//! A person's first programme spell lives in the person ([`Person::spell`]). A programme that
//! can be combined with others (`programmes[].combinable`) lets a participant hold a second
//! spell at once; those are few, so they are kept outside the 42-byte person, in
//! [`SecondSpells`]: per chunk of [`CHUNK`] people, a short list sorted by person, which the
//! person pass walks chunk by chunk beside the people. A second spell exists only beside a
//! first: when the first ends, the second takes its place in the person.

use crate::metrics::Participation;
use crate::person::{Person, Spell, flags};
use crate::population::CHUNK;

/// The record of person `idx`'s spell `sp` ending (or still open) in month `t`.
pub(super) fn participation(idx: u32, sp: &Spell, t: i32) -> Participation {
    Participation {
        person: idx,
        start: sp.start,
        programme: sp.programme - 1,
        provider: sp.provider,
        group: sp.group,
        assessed_distance: sp.assessed_at_referral as f32 / 255.0,
        true_distance: sp.true_at_referral as f32 / 255.0,
        hours: sp.hours_total as f32 / 4.0,
        months: (t - sp.start as i32 + 1).max(1) as u16,
        job_outcome: sp.has_flag(flags::JOB_OUTCOME),
        sustained: sp.has_flag(flags::SUSTAINED),
    }
}

/// Second programme spells, by chunk of [`CHUNK`] people: `(person, spell)` sorted by person
/// within each chunk [20 bytes per second spell; nothing per person otherwise].
#[derive(Clone, Debug, Default)]
pub struct SecondSpells {
    pub(super) chunks: Vec<Vec<(u32, Spell)>>,
}

impl SecondSpells {
    /// An empty store for `people` people.
    pub fn new(people: usize) -> Self {
        Self {
            chunks: vec![Vec::new(); people.div_ceil(CHUNK)],
        }
    }

    /// Person `idx`'s second spell, if they have one.
    pub fn get(&self, idx: u32) -> Option<&Spell> {
        let chunk = &self.chunks[idx as usize / CHUNK];
        find(chunk, idx).map(|i| &chunk[i].1)
    }

    pub(super) fn get_mut(&mut self, idx: u32) -> Option<&mut Spell> {
        let chunk = &mut self.chunks[idx as usize / CHUNK];
        find(chunk, idx).map(|i| &mut chunk[i].1)
    }

    /// Gives person `idx` the second spell `sp` (they must have a first and no second).
    pub(super) fn insert(&mut self, idx: u32, sp: Spell) {
        let chunk = &mut self.chunks[idx as usize / CHUNK];
        let at = chunk.partition_point(|e| e.0 < idx);
        debug_assert!(chunk.get(at).is_none_or(|e| e.0 != idx), "one second spell");
        chunk.insert(at, (idx, sp));
    }

    /// Takes person `idx`'s second spell away, if they have one.
    pub(super) fn remove(&mut self, idx: u32) -> Option<Spell> {
        let chunk = &mut self.chunks[idx as usize / CHUNK];
        find(chunk, idx).map(|i| chunk.remove(i).1)
    }

    /// Every second spell, in person order.
    pub fn iter(&self) -> impl Iterator<Item = &(u32, Spell)> {
        self.chunks.iter().flatten()
    }

    /// How many people are on two programmes.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.iter().all(Vec::is_empty)
    }
}

/// Where person `idx`'s entry is in a chunk's list.
pub(super) fn find(chunk: &[(u32, Spell)], idx: u32) -> Option<usize> {
    // Most chunks hold none or a handful: a scan beats a binary search there.
    if chunk.len() <= 16 {
        chunk.iter().position(|e| e.0 == idx)
    } else {
        chunk.binary_search_by_key(&idx, |e| e.0).ok()
    }
}

/// A person's open spells: the first, then the second if any.
pub(super) fn open<'a>(
    p: &'a Person,
    second: Option<&'a Spell>,
) -> impl Iterator<Item = &'a Spell> {
    p.on_programme()
        .then_some(&p.spell)
        .into_iter()
        .chain(second)
}
