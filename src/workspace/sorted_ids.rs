//! Chat ids in ascending order: the index from an account, and from a member's assignments,
//! to their chats, so that a listing reads only the chats the member sees, in id order, from
//! any cursor.
//!
//! A set is a list of chunks of at most [`CHUNK`] ids, each behind an `Arc`, so that a change
//! to a clone copies the list (one pointer per chunk) and the one chunk it touches. A chunk
//! holds its ids as 4-byte offsets from its base while they fit (ids that a database hands
//! out in sequence always do), else as whole 16-byte ids. Ids that arrive in ascending order
//! fill every chunk but the last; a chunk that fills up in the middle splits in two halves.
//! A chunk that a removal leaves under a quarter full merges with the next one when both fit
//! in half a chunk.
//!
//! [`Index`] keeps a set per account or per member, in groups of [`GROUP`] behind `Arc`s, so
//! that a change to a clone copies one pointer per group and one group, never one set per
//! member. [`Union`] walks several sets at once, in id order, each id once.

use alloc::collections::BinaryHeap;
use core::cmp::Reverse;
use smallvec::SmallVec;
use std::sync::Arc;
use std::vec::Vec;

use crate::ChatId;

/// The most ids a chunk holds: a change to a shared set copies at most this many.
pub(super) const CHUNK: usize = 512;

/// Chat ids in ascending order, each once.
#[derive(Debug, Clone, Default)]
pub(super) struct SortedIds {
    /// The chunks, in id order, none empty; `None` for an empty set, which then costs no
    /// allocation (most members have no assignments).
    chunks: Option<Arc<Vec<Arc<Chunk>>>>,
    len: usize,
}

/// Some ids of a set, all above those of the chunks before it and below those after.
#[derive(Debug, Clone)]
struct Chunk {
    /// A narrow chunk's ids are offsets from it (so it is at most the first); a wide chunk
    /// does not use it.
    base: u128,
    ids: Ids,
}

/// A chunk's ids, ascending.
#[derive(Debug, Clone)]
enum Ids {
    /// `base` + each offset.
    Narrow(Vec<u32>),
    /// The ids themselves.
    Wide(Vec<u128>),
}

impl Chunk {
    fn new(id: u128) -> Self {
        Self {
            base: id,
            ids: Ids::Narrow(std::vec![0]),
        }
    }

    fn len(&self) -> usize {
        match &self.ids {
            Ids::Narrow(offsets) => offsets.len(),
            Ids::Wide(ids) => ids.len(),
        }
    }

    fn get(&self, at: usize) -> Option<u128> {
        match &self.ids {
            Ids::Narrow(offsets) => offsets
                .get(at)
                .map(|offset| self.base + u128::from(*offset)),
            Ids::Wide(ids) => ids.get(at).copied(),
        }
    }

    /// The chunk's first id (a chunk is never empty while a set holds it).
    fn first(&self) -> u128 {
        self.get(0).unwrap_or(self.base)
    }

    /// Where `id` is (`Ok`) or would go (`Err`).
    fn position(&self, id: u128) -> Result<usize, usize> {
        match &self.ids {
            Ids::Narrow(offsets) => match id.checked_sub(self.base) {
                None => Err(0),
                Some(offset) => match u32::try_from(offset) {
                    Ok(offset) => offsets.binary_search(&offset),
                    Err(_) => Err(offsets.len()),
                },
            },
            Ids::Wide(ids) => ids.binary_search(&id),
        }
    }

    /// Puts `id` at `at`, its place in the order, widening the chunk if its offset does not
    /// fit (or moving the base down to `id` when every offset still fits).
    fn insert(&mut self, at: usize, id: u128) {
        if let Ids::Narrow(offsets) = &mut self.ids {
            if let Some(offset) = id
                .checked_sub(self.base)
                .and_then(|offset| u32::try_from(offset).ok())
            {
                offsets.insert(at, offset);
                return;
            }
            let shift = self.base.checked_sub(id).and_then(|shift| {
                let last = offsets.last().copied().unwrap_or(0);
                u32::try_from(shift)
                    .ok()
                    .filter(|shift| last.checked_add(*shift).is_some())
            });
            if let Some(shift) = shift {
                for offset in offsets.iter_mut() {
                    *offset += shift;
                }
                offsets.insert(at, 0);
                self.base = id;
                return;
            }
            let base = self.base;
            self.ids = Ids::Wide(
                offsets
                    .iter()
                    .map(|offset| base + u128::from(*offset))
                    .collect(),
            );
        }
        if let Ids::Wide(ids) = &mut self.ids {
            ids.insert(at, id);
        }
    }

    fn remove(&mut self, at: usize) {
        match &mut self.ids {
            Ids::Narrow(offsets) => {
                offsets.remove(at);
            }
            Ids::Wide(ids) => {
                ids.remove(at);
            }
        }
    }

    /// The ids from `at` on, as a chunk of their own (same base).
    fn split_off(&mut self, at: usize) -> Self {
        let ids = match &mut self.ids {
            Ids::Narrow(offsets) => Ids::Narrow(offsets.split_off(at)),
            Ids::Wide(ids) => Ids::Wide(ids.split_off(at)),
        };
        Self {
            base: self.base,
            ids,
        }
    }

    /// Appends the ids of `next`, the chunk after this one.
    fn append(&mut self, next: &Self) {
        for at in 0..next.len() {
            if let Some(id) = next.get(at) {
                self.insert(self.len(), id);
            }
        }
    }
}

impl SortedIds {
    /// How many ids the set holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    fn chunks(&self) -> &[Arc<Chunk>] {
        self.chunks.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The chunk `id` belongs in: the last whose first id is at most `id`, or the first.
    fn chunk_of(&self, id: u128) -> usize {
        let chunks = self.chunks();
        match chunks.last() {
            Some(last) if last.first() <= id => chunks.len() - 1,
            _ => chunks
                .partition_point(|chunk| chunk.first() <= id)
                .saturating_sub(1),
        }
    }

    /// Adds `id`; `false` (and nothing changed) when the set holds it already.
    pub(super) fn insert(&mut self, id: ChatId) -> bool {
        let id = id.get();
        let at = self.chunk_of(id);
        let found = self
            .chunks()
            .get(at)
            .map(|chunk| (chunk.position(id), chunk.len()));
        let chunks = Arc::make_mut(self.chunks.get_or_insert_with(Arc::default));
        match found {
            None => chunks.push(Arc::new(Chunk::new(id))),
            Some((Ok(_), _)) => return false,
            Some((Err(place), len)) if len >= CHUNK => {
                if place == len && at + 1 == chunks.len() {
                    // Ids arriving in order start a new chunk and leave this one full.
                    chunks.push(Arc::new(Chunk::new(id)));
                } else if let Some(chunk) = chunks.get_mut(at) {
                    let chunk = Arc::make_mut(chunk);
                    let mut high = chunk.split_off(CHUNK / 2);
                    if place <= CHUNK / 2 {
                        chunk.insert(place, id);
                    } else {
                        high.insert(place - CHUNK / 2, id);
                    }
                    chunks.insert(at + 1, Arc::new(high));
                }
            }
            Some((Err(place), _)) => {
                if let Some(chunk) = chunks.get_mut(at) {
                    Arc::make_mut(chunk).insert(place, id);
                }
            }
        }
        self.len += 1;
        true
    }

    /// Whether the set holds `id`.
    pub(super) fn contains(&self, id: ChatId) -> bool {
        let id = id.get();
        self.chunks()
            .get(self.chunk_of(id))
            .is_some_and(|chunk| chunk.position(id).is_ok())
    }

    /// Removes `id`; `false` when the set does not hold it.
    pub(super) fn remove(&mut self, id: ChatId) -> bool {
        let id = id.get();
        let at = self.chunk_of(id);
        let Some(Ok(place)) = self.chunks().get(at).map(|chunk| chunk.position(id)) else {
            return false;
        };
        let Some(chunks) = self.chunks.as_mut().map(Arc::make_mut) else {
            return false;
        };
        let Some(chunk) = chunks.get_mut(at).map(Arc::make_mut) else {
            return false;
        };
        chunk.remove(place);
        let len = chunk.len();
        if len == 0 {
            chunks.remove(at);
        } else if len < CHUNK / 4 {
            let next = chunks
                .get(at + 1)
                .filter(|next| len + next.len() <= CHUNK / 2);
            if let Some(next) = next.map(Arc::clone) {
                if let Some(chunk) = chunks.get_mut(at).map(Arc::make_mut) {
                    chunk.append(&next);
                }
                chunks.remove(at + 1);
            }
        }
        self.len -= 1;
        if self.len == 0 {
            self.chunks = None;
        }
        true
    }

    /// The ids above `after` (every id for `None`), ascending.
    pub(super) fn after(&self, after: Option<ChatId>) -> Ascending<'_> {
        let chunks = self.chunks();
        let Some(after) = after.map(ChatId::get) else {
            return Ascending {
                chunks,
                chunk: 0,
                at: 0,
            };
        };
        let chunk = self.chunk_of(after);
        let at = chunks
            .get(chunk)
            .map_or(0, |held| match held.position(after) {
                Ok(at) => at + 1,
                Err(at) => at,
            });
        let mut ascending = Ascending { chunks, chunk, at };
        ascending.settle();
        ascending
    }
}

/// How many sets of an [`Index`] share one `Arc`.
pub(super) const GROUP: usize = 64;

/// A [`SortedIds`] for each slot (an account's or a member's index), empty until given ids.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    groups: Arc<Vec<Arc<Vec<SortedIds>>>>,
}

impl Index {
    /// The set of `slot`, `None` when it is empty.
    pub(super) fn get(&self, slot: u32) -> Option<&SortedIds> {
        let slot = usize::try_from(slot).ok()?;
        self.groups
            .get(slot / GROUP)?
            .get(slot % GROUP)
            .filter(|set| set.len() > 0)
    }

    /// Adds `id` to the set of `slot`; `false` when it holds `id` already.
    pub(super) fn insert(&mut self, slot: u32, id: ChatId) -> bool {
        // Checked first, so that adding what is there copies nothing.
        if self.get(slot).is_some_and(|set| set.contains(id)) {
            return false;
        }
        let Ok(slot) = usize::try_from(slot) else {
            return false;
        };
        let groups = Arc::make_mut(&mut self.groups);
        if groups.len() <= slot / GROUP {
            groups.resize_with(slot / GROUP + 1, Arc::default);
        }
        let Some(group) = groups.get_mut(slot / GROUP).map(Arc::make_mut) else {
            return false;
        };
        if group.len() <= slot % GROUP {
            group.resize_with(slot % GROUP + 1, SortedIds::default);
        }
        group
            .get_mut(slot % GROUP)
            .is_some_and(|set| set.insert(id))
    }

    /// Takes the set of `slot` out, leaving it empty.
    pub(super) fn take(&mut self, slot: u32) -> SortedIds {
        if self.get(slot).is_none() {
            return SortedIds::default();
        }
        let Ok(slot) = usize::try_from(slot) else {
            return SortedIds::default();
        };
        Arc::make_mut(&mut self.groups)
            .get_mut(slot / GROUP)
            .map(Arc::make_mut)
            .and_then(|group| group.get_mut(slot % GROUP))
            .map(core::mem::take)
            .unwrap_or_default()
    }

    /// Removes `id` from the set of `slot`; `false` when it does not hold `id`.
    pub(super) fn remove(&mut self, slot: u32, id: ChatId) -> bool {
        // Checked first, so that removing what is not there copies nothing.
        if !self.get(slot).is_some_and(|set| set.contains(id)) {
            return false;
        }
        let Ok(slot) = usize::try_from(slot) else {
            return false;
        };
        Arc::make_mut(&mut self.groups)
            .get_mut(slot / GROUP)
            .map(Arc::make_mut)
            .and_then(|group| group.get_mut(slot % GROUP))
            .is_some_and(|set| set.remove(id))
    }
}

/// The ids of one set from a point on, ascending.
#[derive(Debug, Clone)]
pub(super) struct Ascending<'s> {
    chunks: &'s [Arc<Chunk>],
    chunk: usize,
    at: usize,
}

impl Ascending<'_> {
    /// The next id, without moving past it.
    fn peek(&self) -> Option<u128> {
        self.chunks.get(self.chunk)?.get(self.at)
    }

    /// Moves to the next chunk when this one is done.
    fn settle(&mut self) {
        if self
            .chunks
            .get(self.chunk)
            .is_some_and(|chunk| self.at >= chunk.len())
        {
            self.chunk += 1;
            self.at = 0;
        }
    }
}

impl Iterator for Ascending<'_> {
    type Item = ChatId;

    fn next(&mut self) -> Option<ChatId> {
        let id = self.peek()?;
        self.at += 1;
        self.settle();
        Some(ChatId::new(id))
    }
}

/// The ids of several sets, ascending, each once: a merge that keeps the next id of every
/// set in a heap, so each id costs a step of the heap (log of the number of sets).
#[derive(Debug, Clone)]
pub(super) struct Union<'s> {
    sets: SmallVec<[Ascending<'s>; 4]>,
    /// The next id of each set that has one, with the set's place in `sets`.
    next: BinaryHeap<Reverse<(u128, usize)>>,
    last: Option<u128>,
}

impl<'s> Union<'s> {
    /// The union of `sets`.
    pub(super) fn new(sets: impl IntoIterator<Item = Ascending<'s>>) -> Self {
        let sets: SmallVec<[Ascending<'s>; 4]> = sets.into_iter().collect();
        let next = sets
            .iter()
            .enumerate()
            .filter_map(|(at, set)| set.peek().map(|id| Reverse((id, at))))
            .collect();
        Self {
            sets,
            next,
            last: None,
        }
    }
}

impl Iterator for Union<'_> {
    type Item = ChatId;

    fn next(&mut self) -> Option<ChatId> {
        loop {
            let Reverse((id, at)) = self.next.pop()?;
            if let Some(set) = self.sets.get_mut(at) {
                set.next();
                if let Some(following) = set.peek() {
                    self.next.push(Reverse((following, at)));
                }
            }
            if self.last != Some(id) {
                self.last = Some(id);
                return Some(ChatId::new(id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(set: &SortedIds, after: Option<u128>) -> Vec<u128> {
        set.after(after.map(ChatId::new)).map(ChatId::get).collect()
    }

    /// Checks the set against a `BTreeSet` after every insertion and removal, and the
    /// chunks' shape.
    fn check(set: &SortedIds, model: &BTreeSet<u128>) {
        assert_eq!(set.len(), model.len());
        assert_eq!(ids(set, None), model.iter().copied().collect::<Vec<_>>());
        for chunk in set.chunks() {
            assert!(chunk.len() > 0 && chunk.len() <= CHUNK);
            if matches!(chunk.ids, Ids::Narrow(_)) {
                assert!(chunk.base <= chunk.first());
            }
        }
        for pair in set.chunks().windows(2) {
            if let [low, high] = pair {
                assert!(low.get(low.len() - 1) < Some(high.first()));
            }
        }
    }

    #[test]
    fn ids_in_order_fill_their_chunks_and_stay_narrow() {
        let mut set = SortedIds::default();
        for id in 1..=5 * CHUNK as u128 {
            assert!(set.insert(ChatId::new(id * 3)));
        }
        assert!(!set.insert(ChatId::new(3)));
        assert_eq!(set.chunks().len(), 5);
        assert!(set
            .chunks()
            .iter()
            .all(|chunk| chunk.len() == CHUNK && matches!(chunk.ids, Ids::Narrow(_))));
        assert_eq!(ids(&set, Some(3 * 600)).first(), Some(&(3 * 601)));
        assert_eq!(ids(&set, Some(3 * 600 + 1)).first(), Some(&(3 * 601)));
        assert_eq!(ids(&set, Some(0)).len(), 5 * CHUNK);
        assert!(ids(&set, Some(u128::MAX)).is_empty());
    }

    #[test]
    fn random_insertions_and_removals_match_a_btree_set() {
        // A fixed pseudo-random walk over small ids, huge ids and ids below the bases.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut step = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut set = SortedIds::default();
        let mut model = BTreeSet::new();
        for round in 0..20_000 {
            let roll = step();
            let id = match roll % 4 {
                0 => u128::from(step() % 3_000),
                1 => u128::from(step()) << 64 | u128::from(step() % 5),
                2 => u128::MAX - u128::from(step() % 100),
                _ => u128::from(step() % 3_000) + (1 << 40),
            };
            if (roll >> 8) % 3 == 0 {
                assert_eq!(set.remove(ChatId::new(id)), model.remove(&id));
            } else {
                assert_eq!(set.insert(ChatId::new(id)), model.insert(id));
            }
            if round % 997 == 0 {
                check(&set, &model);
                for after in [0, 1_500, 1 << 40, u128::MAX - 50] {
                    let expected: Vec<u128> = model.range(after + 1..).copied().collect();
                    assert_eq!(ids(&set, Some(after)), expected);
                }
            }
        }
        check(&set, &model);
        for id in model.clone() {
            assert!(set.remove(ChatId::new(id)));
        }
        assert!(set.chunks.is_none());
        assert_eq!(set.len(), 0);
    }

    #[test]
    fn a_change_to_a_clone_leaves_the_original() {
        let mut set = SortedIds::default();
        for id in 0..2_000 {
            set.insert(ChatId::new(id));
        }
        let before = set.clone();
        set.insert(ChatId::new(10_000));
        set.remove(ChatId::new(5));
        assert_eq!(before.len(), 2_000);
        assert_eq!(ids(&before, Some(4)).first(), Some(&5));
        assert_eq!(ids(&set, Some(4)).first(), Some(&6));
        // The chunks the changes did not touch are shared.
        let shared = set
            .chunks()
            .iter()
            .filter(|now| before.chunks().iter().any(|then| Arc::ptr_eq(now, then)))
            .count();
        assert_eq!(shared, set.chunks().len() - 2);
    }

    #[test]
    fn the_union_lists_each_id_once_in_order() {
        let mut sets = [(); 3].map(|()| SortedIds::default());
        let mut model = BTreeSet::new();
        for id in 0..3_000_u128 {
            for (at, set) in sets.iter_mut().enumerate() {
                if id % (at as u128 + 2) == 0 {
                    set.insert(ChatId::new(id));
                    model.insert(id);
                }
            }
        }
        for after in [None, Some(0), Some(1_001), Some(2_999)] {
            let union: Vec<u128> =
                Union::new(sets.iter().map(|set| set.after(after.map(ChatId::new))))
                    .map(ChatId::get)
                    .collect();
            let expected: Vec<u128> = model
                .iter()
                .copied()
                .filter(|id| after.map_or(true, |after| *id > after))
                .collect();
            assert_eq!(union, expected);
        }
        assert_eq!(Union::new([]).next(), None);
    }
}
