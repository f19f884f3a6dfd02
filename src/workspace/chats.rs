//! The chat table: each chat's account and assignees, in as few bytes as one lookup allows.
//!
//! A chat is one 24-byte entry of a hash map: its 16-byte id (kept 8-byte aligned, where a
//! `u128` would make the entry 16-byte aligned and 32 bytes long), its account and its
//! assignee, both by index. Most chats have at most one assignee, which the entry holds; a
//! chat with two or more keeps them, sorted by member index (so that finding one is a binary
//! search, and assigning one never copies the list), in a second map, and its entry says so. With the map's control byte and spare room a chat costs 28 to 57 bytes, plus
//! one more map entry of 32 bytes (with its share of spare room) and 4 bytes per assignee for
//! a chat with several.

use core::hash::{Hash, Hasher};
use core::slice;
use std::collections::hash_map::Entry::{Occupied, Vacant};
use std::vec::Vec;

use super::hash::IdMap;
use crate::ChatId;

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

/// Every chat of a workspace, by id.
#[derive(Debug, Clone, Default)]
pub(super) struct ChatTable {
    entries: IdMap<Key, Entry>,
    /// The assignees of the chats that have two or more.
    shared: IdMap<Key, Vec<u32>>,
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

/// One chat as the table holds it: its id, its account's index and its assignees' indices
/// in the order they were assigned.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChatRef<'t> {
    pub(super) id: ChatId,
    pub(super) account: u32,
    pub(super) assignees: &'t [u32],
}

impl ChatTable {
    /// Whether the table holds `id`.
    pub(super) fn contains(&self, id: ChatId) -> bool {
        self.entries.contains_key(&Key::from(id))
    }

    /// Adds chat `id` on the account at index `account`, with no assignees; `false` (and
    /// nothing changed) when the table holds `id` already.
    pub(super) fn insert(&mut self, id: ChatId, account: u32) -> bool {
        match self.entries.entry(Key::from(id)) {
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

    /// The chat `id`, or `None` when the table does not hold it.
    #[inline]
    pub(super) fn get(&self, id: ChatId) -> Option<ChatRef<'_>> {
        let key = Key::from(id);
        self.entries
            .get_key_value(&key)
            .map(|(key, entry)| self.chat(*key, entry))
    }

    /// Every chat, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = ChatRef<'_>> + '_ {
        self.entries
            .iter()
            .map(|(key, entry)| self.chat(*key, entry))
    }

    /// Assigns the chat `id` to the member at index `member` (nothing changes if they are
    /// assigned already); `false` when the table does not hold `id`.
    pub(super) fn assign(&mut self, id: ChatId, member: u32) -> bool {
        let key = Key::from(id);
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

    /// Unassigns the member at index `member` from chat `id` (nothing changes if they were
    /// not assigned); `false` when the table does not hold `id`. A list left with one
    /// assignee moves back into the entry.
    pub(super) fn unassign(&mut self, id: ChatId, member: u32) -> bool {
        let key = Key::from(id);
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

    fn chat<'t>(&'t self, key: Key, entry: &'t Entry) -> ChatRef<'t> {
        let assignees = match entry.assignee {
            NOBODY => &[],
            SEVERAL => self.shared.get(&key).map_or(&[][..], |list| &list[..]),
            _ => slice::from_ref(&entry.assignee),
        };
        ChatRef {
            id: key.id(),
            account: entry.account,
            assignees,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignees(table: &ChatTable, id: u128) -> Vec<u32> {
        table
            .get(ChatId::new(id))
            .map_or(Vec::new(), |chat| chat.assignees.to_vec())
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
        assert!(table.shared.is_empty());
        table.unassign(ChatId::new(1), 9);
        assert!(assignees(&table, 1).is_empty());
        assert!(!table.assign(ChatId::new(2), 1));
        assert!(!table.unassign(ChatId::new(2), 1));
    }

    #[test]
    fn member_indices_stop_before_the_reserved_slots() {
        assert_eq!(member_index(0), Some(0));
        assert_eq!(member_index(SEVERAL as usize - 1), Some(SEVERAL - 1));
        assert_eq!(member_index(SEVERAL as usize), None);
        assert_eq!(member_index(usize::MAX), None);
    }
}
