//! The chat table: each chat's account and assignees, in as few bytes as one lookup allows,
//! in shards that a change copies one at a time.
//!
//! A chat is one 24-byte entry of a hash map: its 16-byte id (kept 8-byte aligned, where a
//! `u128` would make the entry 16-byte aligned and 32 bytes long), its account and its
//! assignee, both by index. Most chats have at most one assignee, which the entry holds; a
//! chat with two or more keeps them, sorted by member index (so that finding one is a binary
//! search, and assigning one never copies the list), in a second map, and its entry says so.
//! With the map's control byte and spare room a chat costs 28 to 57 bytes, plus one more map
//! entry of 32 bytes (with its share of spare room) and 4 bytes per assignee for a chat with
//! several.
//!
//! **Shards.** The maps are split into shards of at most [`SHARD_CHATS`] chats, each behind
//! an `Arc`, found through a directory indexed by bits 32 and up of the chat id's keyed hash
//! (extendible hashing); each directory entry is the shard itself, so a lookup reads one
//! entry and goes straight to the shard's map. That map takes its bucket from the low bits
//! of the same hash and its control byte from the top seven, bits the route never uses, so
//! a lookup hashes the id once. Cloning the table clones two `Arc`s; changing a clone
//! copies the directory (one pointer per entry: 1,024 entries for a million sequential ids)
//! and the one shard the change touches, never the other chats. A full shard splits in two
//! by one more bit of that hash, so the table grows a shard at a time, with no rehash of
//! the whole; when the splitting shard already uses every bit the directory does, the
//! directory doubles.
//!
//! **Spares.** A shard no state holds any more gives its map of entries to a few
//! [`Spares`] shared by the table and its clones, and the next copy of a shard is made into
//! one of them, reusing its memory. Without them each copy is a fresh allocation, and with
//! writers on several threads the allocator's per-thread pools kept the freed copies apart
//! from the new ones: the process grew by the whole table under a flood of changes.
//!
//! **Index.** Beside the shards the table keeps each account's chats and each member's
//! assignments in id order ([`SortedIds`], 4 to 23 bytes per chat and per assignment), kept
//! by the same four changes that keep the shards, so a listing reads only the chats a member
//! sees, and a member's assignments are found without reading every chat.
//!
//! **Retired members.** Removing a member unassigns them from every chat at once by putting
//! their index in a sorted list of retired indices, which every read of a chat's assignees
//! leaves out ([`Assignees`]): their entries keep the index, unseen, so that no shard is
//! copied (unassigning chat by chat copied one shard per assignment, 1.4 ms for 250 at a
//! million chats). The index of their assignments stays, to find those entries: a removed
//! member added again is first unassigned for real ([`ChatTable::reinstate`]), and only then
//! is their index in use again.

use core::hash::{BuildHasher, Hash, Hasher};
use core::slice;
use hashbrown::hash_map::Entry::{Occupied, Vacant};
use smallvec::SmallVec;
use std::sync::{Arc, Mutex};
use std::vec::Vec;

use super::hash::{BuildIdHasher, IdMap};
use super::sorted_ids::{Index, SortedIds};

/// A shard's map of entries: hashbrown's, for `raw_entry`, hashed by the table's hasher.
type Entries = hashbrown::HashMap<Key, Entry, BuildIdHasher>;
use crate::ChatId;

/// The most chats a shard holds before it splits: 7/8 of 2,048 buckets, the most a map of
/// that size holds before it would double. A change copies at most one shard of this many.
pub(super) const SHARD_CHATS: usize = 1_792;

/// The most maps of entries kept for reuse, at about 50 KiB each: enough for the shards of
/// the few states readers hold at once. A table keeps at most one per [`SHARDS_PER_SPARE`]
/// shards (and at least one), so its spares never pass a sixteenth of it.
const MAX_SPARES: usize = 8;

/// A table keeps one spare per this many shards (see [`MAX_SPARES`]).
const SHARDS_PER_SPARE: usize = 16;

/// The route is the chat id's hash from this bit up: above the bits of any shard's bucket
/// (2,048 buckets take 11), below its control byte (the top 7).
const ROUTE_SHIFT: u32 = 32;

/// The most bits of the route the directory uses (2²⁴ entries, far past any workspace); a
/// shard at this depth grows instead of splitting.
const MAX_DEPTH: u32 = 24;

/// An entry's assignee slot: no assignee.
const NOBODY: u32 = u32::MAX;
/// An entry's assignee slot: several assignees, listed in [`ChatTable::shared`].
const SEVERAL: u32 = u32::MAX - 1;

/// The index of the member at `position` of the member list, or `None` when there is none
/// the chat table can tell from its two reserved slot values (the workspace is full).
pub(super) fn member_index(position: usize) -> Option<u32> {
    u32::try_from(position)
        .ok()
        .filter(|index| *index < SEVERAL)
}

/// A chat's key in the table, for the hasher's tests.
#[cfg(test)]
pub(super) fn key_of(id: ChatId) -> impl Hash {
    Key::from(id)
}

/// Every chat of a workspace, by id, in shards.
#[derive(Debug, Clone)]
pub(super) struct ChatTable {
    /// The hasher of chat ids, for the route and for every shard's map alike.
    router: BuildIdHasher,
    /// The directory: entry `i` is the shard of the chats whose route ends in the bits of
    /// `i`. It has 2^`depth` entries, and a shard of depth `d` is at every entry whose low
    /// `d` bits are its own, 2^(`depth` − `d`) of them; a lookup reads one entry. An entry
    /// is `None` only while a change holds its shard alone, never where a lookup can see it.
    directory: Arc<[Option<Arc<Shard>>]>,
    /// How many low bits of the route the directory uses.
    depth: u32,
    /// Maps of entries to copy shards into, shared with every clone of the table.
    spares: Arc<Spares>,
    /// The chats of each account, by the account's index, in id order.
    by_account: Index,
    /// The chats assigned to each member, by the member's index, in id order; a retired
    /// member's still, so that [`ChatTable::reinstate`] finds them.
    by_assignee: Index,
    /// The indices of members removed with their assignments left in place, sorted: no
    /// chat lists them (see [`ChatTable::retire`]).
    retired: Arc<Vec<u32>>,
}

impl Default for ChatTable {
    fn default() -> Self {
        let router = BuildIdHasher::default();
        let spares = Arc::new(Spares::default());
        let shard = Shard {
            depth: 0,
            entries: Entries::with_hasher(router),
            shared: IdMap::default(),
            spares: Arc::clone(&spares),
        };
        Self {
            router,
            directory: Arc::new([Some(Arc::new(shard))]),
            depth: 0,
            spares,
            by_account: Index::default(),
            by_assignee: Index::default(),
            retired: Arc::default(),
        }
    }
}

/// Some chats of a workspace: those whose route ends in the shard's `depth` bits.
#[derive(Debug)]
struct Shard {
    /// How many low bits of the route its chats share.
    depth: u32,
    entries: Entries,
    /// The assignees of the chats that have two or more.
    shared: IdMap<Key, Vec<u32>>,
    /// Where its map of entries goes when no state holds the shard any more.
    spares: Arc<Spares>,
}

/// Maps of entries of full size (room for [`SHARD_CHATS`]) that no shard uses. Taking and
/// giving never wait: when another thread holds the list, a copy allocates and a freed map
/// is freed, as they would be without spares.
#[derive(Debug, Default)]
struct Spares(Mutex<SpareList>);

/// The spare maps and how many the table may keep.
#[derive(Debug, Default)]
struct SpareList {
    maps: Vec<Entries>,
    room: usize,
}

impl Spares {
    /// A spare map, if there is one and no other thread holds the list.
    fn take(&self) -> Option<Entries> {
        self.0.try_lock().ok()?.maps.pop()
    }

    /// An empty map with room for [`SHARD_CHATS`] entries, a spare if there is one (the
    /// spares of a table all hash with its `hasher`).
    fn empty(&self, hasher: BuildIdHasher) -> Entries {
        let spare = self.take();
        spare.map_or_else(
            || Entries::with_capacity_and_hasher(SHARD_CHATS, hasher),
            |mut map| {
                map.clear();
                map
            },
        )
    }

    /// A copy of `entries`, made into a spare of the same size if there is one.
    fn copy(&self, entries: &Entries) -> Entries {
        let spare = (entries.capacity() == SHARD_CHATS)
            .then(|| self.take())
            .flatten();
        match spare {
            Some(mut map) => {
                map.clone_from(entries);
                map
            }
            None => entries.clone(),
        }
    }

    /// Keeps `entries` for reuse if it is of full size and there is room.
    fn give(&self, entries: Entries) {
        if entries.capacity() != SHARD_CHATS {
            return;
        }
        if let Ok(mut spares) = self.0.try_lock() {
            if spares.maps.len() < spares.room {
                spares.maps.push(entries);
            }
        }
    }

    /// Lets a table of `shards` shards keep its share of spares.
    fn fit(&self, shards: usize) {
        if let Ok(mut spares) = self.0.try_lock() {
            spares.room = (shards / SHARDS_PER_SPARE).clamp(1, MAX_SPARES);
            let room = spares.room;
            spares.maps.truncate(room);
        }
    }
}

impl Shard {
    /// A copy of the shard for a change, its entries copied into a spare if there is one.
    fn copy(&self) -> Self {
        Self {
            depth: self.depth,
            entries: self.spares.copy(&self.entries),
            shared: self.shared.clone(),
            spares: Arc::clone(&self.spares),
        }
    }
}

/// The shard's map of entries becomes a spare.
impl Drop for Shard {
    fn drop(&mut self) {
        self.spares.give(core::mem::take(&mut self.entries));
    }
}

/// A chat id, stored as two `u64` halves so that the entry is 8-byte aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key([u64; 2]);

impl From<ChatId> for Key {
    fn from(id: ChatId) -> Self {
        let id = id.get();
        Key([(id >> 64) as u64, id as u64])
    }
}

impl Key {
    fn id(self) -> ChatId {
        let [high, low] = self.0;
        ChatId::new((u128::from(high) << 64) | u128::from(low))
    }
}

/// Hashes as the `ChatId` it holds: one `u128`.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u128(self.id().get());
    }
}

/// One chat: the index of its account, and its assignee slot (a member index, [`NOBODY`]
/// or [`SEVERAL`]).
#[derive(Debug, Clone, Copy)]
struct Entry {
    account: u32,
    assignee: u32,
}

/// One chat as the table holds it: its id, its account's index and its assignees.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChatRef<'t> {
    pub(super) id: ChatId,
    pub(super) account: u32,
    pub(super) assignees: Assignees<'t>,
}

/// A chat's assignees: the indices of its assigned members, ascending, without the retired
/// members its entry may still hold.
#[derive(Debug, Clone, Copy)]
pub(super) struct Assignees<'t> {
    /// Every index the chat's entry holds, ascending, retired ones too.
    held: &'t [u32],
    /// The table's retired indices, ascending.
    retired: &'t [u32],
}

impl<'t> Assignees<'t> {
    /// Whether the member at index `member` is assigned (a retired one never is).
    #[inline]
    pub(super) fn contains(self, member: u32) -> bool {
        self.held.binary_search(&member).is_ok() && self.retired.binary_search(&member).is_err()
    }

    /// The assigned members' indices, ascending.
    pub(super) fn iter(self) -> impl Iterator<Item = u32> + 't {
        self.held
            .iter()
            .copied()
            .filter(move |member| self.retired.binary_search(member).is_err())
    }

    /// How many members are assigned.
    pub(super) fn len(self) -> usize {
        if self.retired.is_empty() {
            self.held.len()
        } else {
            self.iter().count()
        }
    }
}

impl ChatTable {
    /// Whether the table holds `id`.
    pub(super) fn contains(&self, id: ChatId) -> bool {
        self.get(id).is_some()
    }

    /// Adds chat `id` on the account at index `account`, with no assignees; `false` (and
    /// nothing changed) when the table holds `id` already.
    pub(super) fn insert(&mut self, id: ChatId, account: u32) -> bool {
        let (key, route) = self.route(id);
        let Some(shard) = self.shard(route) else {
            return false;
        };
        if shard.entries.contains_key(&key) {
            return false;
        }
        if shard.entries.len() >= SHARD_CHATS && shard.depth < MAX_DEPTH {
            self.split(route);
        }
        let inserted = self
            .change(route, |shard| shard.insert(key, account))
            .unwrap_or(false);
        if inserted {
            self.by_account.insert(account, id);
        }
        inserted
    }

    /// The chat `id`, or `None` when the table does not hold it. Always inlined: it is the
    /// chat lookup of every decision by id, which a call would make a third slower.
    #[inline(always)]
    pub(super) fn get(&self, id: ChatId) -> Option<ChatRef<'_>> {
        let (key, route) = self.route(id);
        self.shard(route)?.get(key, route, &self.retired)
    }

    /// Every chat, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = ChatRef<'_>> + '_ {
        self.shards().flat_map(|shard| shard.iter(&self.retired))
    }

    /// Assigns the chat `id` to the member at index `member` (nothing changes if they are
    /// assigned already); `false` when the table does not hold `id`.
    pub(super) fn assign(&mut self, id: ChatId, member: u32) -> bool {
        let (key, route) = self.route(id);
        let held = self.holds(key, route)
            && self
                .change(route, |shard| shard.assign(key, member))
                .unwrap_or(false);
        if held {
            self.by_assignee.insert(member, id);
        }
        held
    }

    /// Unassigns the member at index `member` from chat `id` (nothing changes if they were
    /// not assigned); `false` when the table does not hold `id`. A list left with one
    /// assignee moves back into the entry.
    pub(super) fn unassign(&mut self, id: ChatId, member: u32) -> bool {
        let (key, route) = self.route(id);
        let held = self.holds(key, route)
            && self
                .change(route, |shard| shard.unassign(key, member))
                .unwrap_or(false);
        if held {
            self.by_assignee.remove(member, id);
        }
        held
    }

    /// Deletes chat `id` with its assignments: `true` when the table held it. Its shard keeps
    /// its size (shards never merge), and the id may arrive again.
    pub(super) fn remove(&mut self, id: ChatId) -> bool {
        let Some(chat) = self.get(id) else {
            return false;
        };
        let account = chat.account;
        // Retired members too, so that the index of their assignments stays exact.
        let assignees: SmallVec<[u32; 4]> = chat.assignees.held.iter().copied().collect();
        let (key, route) = self.route(id);
        let removed = self
            .change(route, |shard| {
                shard.shared.remove(&key);
                shard.entries.remove(&key).is_some()
            })
            .unwrap_or(false);
        if removed {
            self.by_account.remove(account, id);
            for member in assignees {
                self.by_assignee.remove(member, id);
            }
        }
        removed
    }

    /// The chats on the account at index `account`, in id order; `None` when it has none.
    pub(super) fn of_account(&self, account: u32) -> Option<&SortedIds> {
        self.by_account.get(account)
    }

    /// The chats assigned to the member at index `member`, in id order; `None` when they
    /// have none (a retired member has none).
    pub(super) fn assigned_to(&self, member: u32) -> Option<&SortedIds> {
        if self.retired.binary_search(&member).is_ok() {
            return None;
        }
        self.by_assignee.get(member)
    }

    /// Unassigns the member at index `member`, who is being removed, from every chat at
    /// once, leaving their index in the chats' entries: from now on no chat lists them and
    /// they have no assignments. The cost is one insert into the sorted retired list, where
    /// unassigning chat by chat copies a shard per assignment (about 50 KiB each, while a
    /// snapshot holds the state); the entries are dropped for real by
    /// [`ChatTable::reinstate`], before the index is in use again.
    pub(super) fn retire(&mut self, member: u32) {
        if self.by_assignee.get(member).is_none() {
            return;
        }
        if let Err(at) = self.retired.binary_search(&member) {
            Arc::make_mut(&mut self.retired).insert(at, member);
        }
    }

    /// Drops a retired member's index from every chat that still holds it, so that the
    /// member at that index starts with no assignments; nothing for one not retired.
    pub(super) fn reinstate(&mut self, member: u32) {
        let Ok(at) = self.retired.binary_search(&member) else {
            return;
        };
        let chats = self.by_assignee.take(member);
        for id in chats.after(None) {
            let (key, route) = self.route(id);
            self.change(route, |shard| shard.unassign(key, member));
        }
        Arc::make_mut(&mut self.retired).remove(at);
    }

    /// The chats assigned to the member at index `member`, in id order.
    pub(super) fn assigned_chats(&self, member: u32) -> impl Iterator<Item = ChatId> + '_ {
        self.assigned_to(member)
            .into_iter()
            .flat_map(|chats| chats.after(None))
    }

    /// Every shard, once each: at its first directory entry, the one below 2^its depth.
    fn shards(&self) -> impl Iterator<Item = &Shard> + '_ {
        self.directory
            .iter()
            .enumerate()
            .filter_map(|(at, shard)| shard.as_deref().filter(|shard| (at >> shard.depth) == 0))
    }

    /// The key of `id` and its hash, whose bits from [`ROUTE_SHIFT`] up pick its shard.
    #[inline]
    fn route(&self, id: ChatId) -> (Key, u64) {
        let key = Key::from(id);
        (key, self.router.hash_one(key))
    }

    /// The directory entry of `route`: its `depth` bits from [`ROUTE_SHIFT`] up (at most 24,
    /// so they fit any `usize`).
    #[inline]
    fn slot(&self, route: u64) -> usize {
        ((route >> ROUTE_SHIFT) & ((1_u64 << self.depth) - 1)) as usize
    }

    /// The shard of `route`. The directory has an entry for every slot, so `None` never
    /// comes; a change then does nothing rather than panic.
    #[inline]
    fn shard(&self, route: u64) -> Option<&Shard> {
        self.directory.get(self.slot(route))?.as_deref()
    }

    /// Whether the shard of `route` holds `key`: checked before a change, so that a change
    /// to an unknown chat copies nothing.
    fn holds(&self, key: Key, route: u64) -> bool {
        self.shard(route)
            .is_some_and(|shard| shard.entries.contains_key(&key))
    }

    /// The directory, made this table's own: copied (one pointer per entry) if a clone
    /// shares it.
    fn own_directory(&mut self) -> Option<&mut [Option<Arc<Shard>>]> {
        if Arc::get_mut(&mut self.directory).is_none() {
            self.directory = self.directory.iter().cloned().collect();
        }
        Arc::get_mut(&mut self.directory)
    }

    /// Applies `change` to the shard of `route`, made this table's own. Its directory
    /// entries are taken out while the change runs, so that the shard is shared only if
    /// another state holds it, and then it is copied first; they are put back after.
    fn change<T>(&mut self, route: u64, change: impl FnOnce(&mut Shard) -> T) -> Option<T> {
        let slot = self.slot(route);
        let directory = self.own_directory()?;
        let mut shard = directory.get_mut(slot)?.take()?;
        let stride = 1_usize << shard.depth;
        let first = slot & (stride - 1);
        for entry in directory.iter_mut().skip(first).step_by(stride) {
            entry.take();
        }
        if Arc::get_mut(&mut shard).is_none() {
            shard = Arc::new(shard.copy());
        }
        let outcome = Arc::get_mut(&mut shard).map(change);
        let mut entries = directory.iter_mut().skip(first).step_by(stride);
        let last = entries.next_back();
        for entry in entries {
            *entry = Some(Arc::clone(&shard));
        }
        if let Some(last) = last {
            *last = Some(shard);
        }
        outcome
    }

    /// Splits the shard of `route` in two by the next bit of the route, doubling the
    /// directory first if that shard uses every bit it does. The entries that named it name
    /// the low half where that bit is clear and the high half where it is set.
    fn split(&mut self, route: u64) {
        let Some(shard) = self.directory.get(self.slot(route)).and_then(Option::clone) else {
            return;
        };
        let depth = shard.depth;
        let bit = 1_u64 << depth;
        let half = || Shard {
            depth: depth + 1,
            entries: self.spares.empty(self.router),
            shared: IdMap::default(),
            spares: Arc::clone(&self.spares),
        };
        let (mut low, mut high) = (half(), half());
        for (key, entry) in &shard.entries {
            let to = if (self.router.hash_one(*key) >> ROUTE_SHIFT) & bit == 0 {
                &mut low
            } else {
                &mut high
            };
            to.entries.insert(*key, *entry);
            if let Some(list) = shard.shared.get(key) {
                to.shared.insert(*key, list.clone());
            }
        }
        let (low, high) = (Arc::new(low), Arc::new(high));
        let mut directory = self.directory.to_vec();
        if depth == self.depth {
            directory.extend_from_within(..);
            self.depth += 1;
        }
        // Of the entries the shard filled (those whose low `depth` bits are the route's),
        // those with the next bit clear now name the low half, the others the high half.
        let first = ((route >> ROUTE_SHIFT) & (bit - 1)) as usize;
        for (at, entry) in directory
            .iter_mut()
            .enumerate()
            .skip(first)
            .step_by(1 << depth)
        {
            *entry = Some(Arc::clone(if (at as u64) & bit == 0 {
                &low
            } else {
                &high
            }));
        }
        self.directory = directory.into();
        self.spares.fit(self.shards().count());
    }
}

impl Shard {
    /// Adds the chat on the account at index `account`, with no assignees; `false` (and
    /// nothing changed) when the shard holds `id` already.
    fn insert(&mut self, key: Key, account: u32) -> bool {
        match self.entries.entry(key) {
            Occupied(_) => false,
            Vacant(slot) => {
                slot.insert(Entry {
                    account,
                    assignee: NOBODY,
                });
                true
            }
        }
    }

    /// The chat of `key`, whose hash is `route`, or `None` when the shard does not hold it;
    /// its assignees without the `retired` indices.
    #[inline(always)]
    fn get<'t>(&'t self, key: Key, route: u64, retired: &'t [u32]) -> Option<ChatRef<'t>> {
        self.entries
            .raw_entry()
            .from_key_hashed_nocheck(route, &key)
            .map(|(key, entry)| self.chat(*key, entry, retired))
    }

    /// Every chat, in no particular order; their assignees without the `retired` indices.
    fn iter<'t>(&'t self, retired: &'t [u32]) -> impl Iterator<Item = ChatRef<'t>> + 't {
        self.entries
            .iter()
            .map(move |(key, entry)| self.chat(*key, entry, retired))
    }

    /// Assigns the chat to the member at index `member` (nothing changes if they are
    /// assigned already); `false` when the shard does not hold `id`.
    fn assign(&mut self, key: Key, member: u32) -> bool {
        let Some(entry) = self.entries.get_mut(&key) else {
            return false;
        };
        match entry.assignee {
            NOBODY => entry.assignee = member,
            SEVERAL => {
                let list = self.shared.entry(key).or_default();
                if let Err(at) = list.binary_search(&member) {
                    list.insert(at, member);
                }
            }
            one if one == member => {}
            one => {
                entry.assignee = SEVERAL;
                self.shared
                    .insert(key, std::vec![one.min(member), one.max(member)]);
            }
        }
        true
    }

    /// Unassigns the member at index `member` from the chat (nothing changes if they were
    /// not assigned); `false` when the shard does not hold `id`. A list left with one
    /// assignee moves back into the entry.
    fn unassign(&mut self, key: Key, member: u32) -> bool {
        let Some(entry) = self.entries.get_mut(&key) else {
            return false;
        };
        match entry.assignee {
            SEVERAL => {
                let Some(list) = self.shared.get_mut(&key) else {
                    return true;
                };
                if let Ok(at) = list.binary_search(&member) {
                    list.remove(at);
                }
                match list.as_slice() {
                    [] => entry.assignee = NOBODY,
                    [only] => entry.assignee = *only,
                    _ => return true,
                }
                self.shared.remove(&key);
            }
            one if one == member => entry.assignee = NOBODY,
            _ => {}
        }
        true
    }

    #[inline(always)]
    fn chat<'t>(&'t self, key: Key, entry: &'t Entry, retired: &'t [u32]) -> ChatRef<'t> {
        let held = match entry.assignee {
            NOBODY => &[],
            SEVERAL => self.shared.get(&key).map_or(&[][..], |list| &list[..]),
            _ => slice::from_ref(&entry.assignee),
        };
        ChatRef {
            id: key.id(),
            account: entry.account,
            assignees: Assignees { held, retired },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignees(table: &ChatTable, id: u128) -> Vec<u32> {
        table
            .get(ChatId::new(id))
            .map_or(Vec::new(), |chat| chat.assignees.iter().collect())
    }

    #[test]
    fn an_entry_is_24_bytes() {
        assert_eq!(core::mem::size_of::<(Key, Entry)>(), 24);
    }

    #[test]
    fn ids_round_trip_through_keys() {
        for id in [
            0,
            1,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            u128::MAX,
        ] {
            assert_eq!(Key::from(ChatId::new(id)).id(), ChatId::new(id));
        }
    }

    #[test]
    fn assignees_stay_sorted_through_one_several_and_back() {
        let mut table = ChatTable::default();
        assert!(table.insert(ChatId::new(1), 0));
        assert!(!table.insert(ChatId::new(1), 5));
        assert_eq!(table.get(ChatId::new(1)).map(|chat| chat.account), Some(0));
        assert!(assignees(&table, 1).is_empty());
        table.assign(ChatId::new(1), 7);
        table.assign(ChatId::new(1), 7);
        assert_eq!(assignees(&table, 1), [7]);
        table.assign(ChatId::new(1), 3);
        table.assign(ChatId::new(1), 9);
        table.assign(ChatId::new(1), 3);
        assert_eq!(assignees(&table, 1), [3, 7, 9]);
        table.unassign(ChatId::new(1), 3);
        assert_eq!(assignees(&table, 1), [7, 9]);
        table.unassign(ChatId::new(1), 7);
        assert_eq!(assignees(&table, 1), [9]);
        assert!(table.shards().all(|shard| shard.shared.is_empty()));
        table.unassign(ChatId::new(1), 9);
        assert!(assignees(&table, 1).is_empty());
        assert!(!table.assign(ChatId::new(2), 1));
        assert!(!table.unassign(ChatId::new(2), 1));
    }

    #[test]
    fn shards_split_and_every_chat_stays_found() {
        let mut table = ChatTable::default();
        let count: u32 = 20_000;
        for n in 0..count {
            assert!(table.insert(ChatId::new(u128::from(n) << 64 | 3), n));
            if n % 3 == 0 {
                table.assign(ChatId::new(u128::from(n) << 64 | 3), 1);
                table.assign(ChatId::new(u128::from(n) << 64 | 3), 2);
            }
        }
        assert!(table.depth >= 3, "depth {}", table.depth);
        assert_eq!(table.directory.len(), 1 << table.depth);
        // Every chat is in the shard its route's low bits name, and every directory entry
        // names a shard whose bits are the entry's own.
        for (at, shard) in table.directory.iter().enumerate() {
            let shard = shard.as_deref().expect("every entry names a shard");
            let mask = (1_u64 << shard.depth) - 1;
            for key in shard.entries.keys() {
                let route = table.router.hash_one(*key) >> ROUTE_SHIFT;
                assert_eq!(route & mask, at as u64 & mask);
            }
        }
        let sizes: Vec<usize> = table.shards().map(|shard| shard.entries.len()).collect();
        assert!(sizes.iter().all(|size| *size <= SHARD_CHATS), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), count as usize);
        assert_eq!(table.iter().count(), count as usize);
        for n in 0..count {
            let chat = table.get(ChatId::new(u128::from(n) << 64 | 3));
            assert_eq!(chat.map(|chat| chat.account), Some(n));
            let expected: &[u32] = if n % 3 == 0 { &[1, 2] } else { &[] };
            assert_eq!(assignees(&table, u128::from(n) << 64 | 3), expected);
        }
        assert!(!table.contains(ChatId::new(4)));
    }

    #[test]
    fn a_change_to_a_clone_copies_one_shard_and_leaves_the_original() {
        let mut table = ChatTable::default();
        for n in 0..10_000_u32 {
            table.insert(ChatId::new(u128::from(n)), 0);
        }
        let before = table.clone();
        table.assign(ChatId::new(7), 5);
        table.insert(ChatId::new(1_000_000), 1);
        assert_eq!(assignees(&table, 7), [5]);
        assert!(assignees(&before, 7).is_empty());
        assert!(!before.contains(ChatId::new(1_000_000)));
        // The shards the changes did not touch are shared, not copied.
        let shards = table.shards().count();
        let shared = table
            .shards()
            .filter(|now| before.shards().any(|then| core::ptr::eq(*now, then)))
            .count();
        assert!(shards > 2 && shared + 2 >= shards, "{shared} of {shards}");
        // A change to a chat the table does not hold copies nothing at all.
        let untouched = table.clone();
        table.assign(ChatId::new(99_999_999), 1);
        assert!(Arc::ptr_eq(&table.directory, &untouched.directory));
        // With no clone left, a change is made in place.
        drop((before, untouched));
        let shard_of_7 = |table: &ChatTable| {
            table
                .shard(table.route(ChatId::new(7)).1)
                .map(|shard| shard as *const Shard)
        };
        let alone = shard_of_7(&table);
        table.assign(ChatId::new(7), 6);
        assert_eq!(assignees(&table, 7), [5, 6]);
        assert_eq!(shard_of_7(&table), alone);
    }

    /// The indices the entry of chat `id` holds, retired ones too.
    fn held(table: &ChatTable, id: u128) -> Vec<u32> {
        table
            .get(ChatId::new(id))
            .map_or(Vec::new(), |chat| chat.assignees.held.to_vec())
    }

    #[test]
    fn a_retired_member_is_in_no_chat_and_no_shard_is_copied() {
        let mut table = ChatTable::default();
        for n in 0..10_000_u32 {
            table.insert(ChatId::new(u128::from(n)), 0);
            if n % 10 == 0 {
                table.assign(ChatId::new(u128::from(n)), 4);
            }
            if n % 20 == 0 {
                table.assign(ChatId::new(u128::from(n)), 9);
            }
        }
        let before = table.clone();
        table.retire(4);
        table.retire(5); // no assignments: nothing to retire
        assert_eq!(*table.retired, [4]);
        assert!(table.assigned_to(4).is_none());
        assert_eq!(table.assigned_to(9).map(SortedIds::len), Some(500));
        assert!(assignees(&table, 10).is_empty());
        assert_eq!(assignees(&table, 20), [9]);
        let chat = table.get(ChatId::new(20)).expect("chat 20");
        assert!(!chat.assignees.contains(4) && chat.assignees.contains(9));
        assert_eq!(chat.assignees.len(), 1);
        assert!(table.iter().all(|chat| !chat.assignees.contains(4)));
        // The entries still hold the index, and every shard is the clone's.
        assert_eq!(held(&table, 20), [4, 9]);
        let shared = table
            .shards()
            .filter(|now| before.shards().any(|then| core::ptr::eq(*now, then)))
            .count();
        assert_eq!(shared, table.shards().count());
        assert_eq!(assignees(&before, 10), [4]);
        // A chat deleted meanwhile leaves the retired index's list as well.
        assert!(table.remove(ChatId::new(40)));
        // Reinstated, the index holds nothing: not in an entry, not in the index.
        table.reinstate(4);
        assert!(table.retired.is_empty());
        assert!(table.assigned_to(4).is_none());
        assert!(table.iter().all(|chat| !chat.assignees.held.contains(&4)));
        assert_eq!(held(&table, 20), [9]);
        assert_eq!(table.assigned_to(9).map(SortedIds::len), Some(499));
        // Assigned again, the member has only the new assignment.
        table.assign(ChatId::new(11), 4);
        assert_eq!(
            table.assigned_chats(4).collect::<Vec<_>>(),
            [ChatId::new(11)]
        );
        table.reinstate(4); // not retired: nothing changes
        assert_eq!(assignees(&table, 11), [4]);
    }

    fn spare_count(table: &ChatTable) -> usize {
        table.spares.0.lock().map_or(0, |spares| spares.maps.len())
    }

    #[test]
    fn a_shard_no_state_holds_is_reused_by_the_next_copy() {
        let mut table = ChatTable::default();
        for n in 0..10_000_u32 {
            table.insert(ChatId::new(u128::from(n)), 0);
        }
        // The shard the last split replaced is a spare.
        assert_eq!(spare_count(&table), 1);
        let held = table.clone();
        table.assign(ChatId::new(7), 5);
        assert_eq!(spare_count(&table), 0, "the copy was made into the spare");
        drop(held);
        assert_eq!(spare_count(&table), 1, "the replaced shard became a spare");
        let held = table.clone();
        table.assign(ChatId::new(8), 5);
        assert_eq!(spare_count(&table), 0);
        assert_eq!(assignees(&table, 7), [5]);
        assert_eq!(assignees(&table, 8), [5]);
        assert!(assignees(&held, 8).is_empty());
        assert_eq!(table.iter().count(), 10_000);
        // At most one spare per sixteen shards, and at least one: the second is freed.
        let number = |table: &ChatTable, id: u128| {
            table
                .shard(table.route(ChatId::new(id)).1)
                .map(|shard| shard as *const Shard)
        };
        let other = (10..10_000)
            .find(|id| number(&table, *id) != number(&table, 9))
            .unwrap_or_default();
        let before = table.clone();
        table.assign(ChatId::new(9), 5);
        table.assign(ChatId::new(other), 5);
        drop((before, held));
        assert!(table.shards().count() < 2 * SHARDS_PER_SPARE);
        assert_eq!(spare_count(&table), 1);
    }

    #[test]
    fn member_indices_stop_before_the_reserved_slots() {
        assert_eq!(member_index(0), Some(0));
        assert_eq!(member_index(SEVERAL as usize - 1), Some(SEVERAL - 1));
        assert_eq!(member_index(SEVERAL as usize), None);
        assert_eq!(member_index(usize::MAX), None);
    }
}
