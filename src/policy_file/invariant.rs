//! A workspace invariant a policy file breaks, as a problem placed at the entry that breaks
//! it.

use std::string::ToString;

use super::names::Names;
use super::problem::{Entry, Found};
use crate::{AccountSnapshot, ChatSnapshot, MemberId, MemberSnapshot, SnapshotError};

/// The entries read, with their places, for placing an invariant's problem.
pub(super) struct Entries<'a> {
    pub(super) members: &'a [(Entry, MemberSnapshot)],
    pub(super) accounts: &'a [(Entry, AccountSnapshot)],
    pub(super) chats: &'a [(Entry, ChatSnapshot)],
}

/// The problem for `error`, in the words of the file, at the entry that breaks it.
pub(super) fn problem(error: &SnapshotError, names: &Names, entries: &Entries<'_>) -> Found {
    let member = |id: MemberId| entries.members.iter().find(|(_, m)| m.id == id);
    let placed = match *error {
        SnapshotError::NoOwner => {
            return Found::new(
                "no member has the role `owner`: a workspace has exactly one owner (a removed \
                 one included)",
            )
        }
        SnapshotError::InactiveOwner(owner) => member(owner).map(|(entry, _)| {
            Found::in_entry(
                entry,
                "the owner is removed: a workspace's owner is always active (transfer \
                 ownership first)",
            )
        }),
        SnapshotError::TwoOwners { owner, second } => member(second).map(|(entry, _)| {
            Found::in_entry(
                entry,
                std::format!(
                    "a second owner: {} is the owner already, and a workspace has exactly one \
                     (a removed owner included)",
                    names.member(owner)
                ),
            )
        }),
        SnapshotError::DuplicateMembership { member: id, team } => member(id).map(|(entry, _)| {
            Found::in_entry(
                entry,
                std::format!("team {} is listed twice", names.team(team)),
            )
        }),
        SnapshotError::CollaboratorConnector {
            member: id,
            account,
        } => entries
            .accounts
            .iter()
            .find(|(_, a)| a.id == account)
            .map(|(entry, _)| {
                Found::in_entry(
                    entry,
                    std::format!(
                        "connected by {}, a collaborator: collaborators cannot connect accounts",
                        names.member(id)
                    ),
                )
            }),
        SnapshotError::DuplicateAssignee { chat, member: id } => entries
            .chats
            .iter()
            .find(|(_, c)| c.id == chat)
            .map(|(entry, _)| {
                Found::in_entry(
                    entry,
                    std::format!("assignee {} is listed twice", names.member(id)),
                )
            }),
        SnapshotError::TooManyTeams { member: id, .. } => {
            member(id).map(|(entry, _)| Found::in_entry(entry, error.to_string()))
        }
        SnapshotError::TooManyAssignees { chat, .. } => entries
            .chats
            .iter()
            .find(|(_, c)| c.id == chat)
            .map(|(entry, _)| Found::in_entry(entry, error.to_string())),
        _ => None,
    };
    placed.unwrap_or_else(|| Found::new(error.to_string()))
}
