//! Authorization for shared chat inboxes: who sees which chat, who may reply, delete, send
//! from an account, or manage the team, billing and integrations.
//!
//! chatgate implements one policy exactly, written out in [`policy`]:
//! five [`Role`]s decide which chat [`Category`]s a member sees, stackable [`Permission`]
//! flags with their closure decide what they may do, and each role caps the permissions.
//! One function decides, [`authorize`]; every denial carries its reason, [`Denied`].
//!
//! ```
//! use chatgate::{authorize, Account, AccountId, Action, Chat, ChatId, Connector, Denied,
//!                MemberId, Resource, Role, Subject, TeamId};
//!
//! let sales = [TeamId::new(1)];
//! let ana = Connector::new(MemberId::new(1)).with_teams(&sales);
//! let chat = Chat::new(ChatId::new(7), Account::new(AccountId::new(1), ana));
//!
//! let bea = Subject::new(MemberId::new(2), Role::Teammate).with_teams(&sales);
//! authorize(&bea, Action::Reply, Resource::Chat(chat))?;
//!
//! let cleo = Subject::new(MemberId::new(3), Role::Collaborator);
//! let denied = authorize(&cleo, Action::View, Resource::Chat(chat)).unwrap_err();
//! assert!(matches!(denied, Denied::OutOfScope { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For a service that keeps its state in memory, [`Workspace`] holds members, teams,
//! accounts, chats and assignments, answers decisions by id, and authorizes its own
//! changes through the same engine; [`Workspace::access`] is one member's access level, as
//! their Settings page shows it.
//!
//! # Crate features
//!
//! - `std` (default): the [`Workspace`]. Without it the crate is `no_std` + `alloc` (for
//!   the text of errors and SQL); the decision itself never allocates.
//!   [`SharedWorkspace`] shares one between threads: readers decide on immutable snapshots
//!   without waiting on a lock, writers swap in changed copies.
//! - `serde`: `Serialize`/`Deserialize` for the public data types, the lossless
//!   `WorkspaceSnapshot` and the events (`Event`, `Change`, in the change vocabulary);
//!   unknown fields and names are rejected.
//! - `policy-file`: [`policy_file`], policy files read and checked as a library (a
//!   workspace and the decisions expected of it, in JSON, with typed problems placed by line
//!   and column).
//! - `journal`: [`Journal`] (each workspace's log of events, with optimistic concurrency and
//!   snapshots), [`MemoryJournal`], and [`Replica`], one workspace kept in memory in front
//!   of a journal, with consistency tokens.
//! - `tokio`: [`Replica`]'s async methods, which run the journal's I/O on tokio's blocking
//!   pool.
//! - `sqlite`: `SqliteJournal`, a journal in one SQLite file.
//! - `cli`: the `chatgate` binary over [`policy_file`], which runs policy files
//!   (`chatgate test FILE...`), explains one decision (`chatgate explain`) and shows a
//!   member's access level (`chatgate access`).

#![no_std]
// docs.rs builds with `--cfg docsrs` (Cargo.toml): label each feature-gated item.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Forbidden here, in the library; Cargo.toml only denies it, so that the one test that
// needs it (tests/alloc.rs, a counting global allocator) can allow it.
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod action;
mod authorize;
mod categories;
mod chat;
mod denied;
mod filter;
mod id;
#[cfg(feature = "journal")]
mod journal;
mod names;
mod permission;
#[cfg(feature = "policy-file")]
pub mod policy_file;
#[cfg(feature = "journal")]
mod replica;
mod resource;
mod role;
#[cfg(feature = "serde")]
mod serde;
#[cfg(feature = "std")]
mod shared;
mod sql;
mod subject;
#[cfg(feature = "std")]
mod workspace;

pub use action::{Action, ResourceKind};
pub use authorize::{authorize, authorize_scope, capabilities, Capabilities};
pub use categories::{Categories, Category};
pub use chat::{Account, Chat, Connector};
pub use denied::{Denied, Reason};
pub use filter::{Filter, FilteredChats};
pub use id::{AccountId, ChatId, MemberId, TeamId, WorkspaceId};
#[cfg(feature = "sqlite")]
pub use journal::{Durability, SqliteJournal};
#[cfg(feature = "journal")]
pub use journal::{Journal, JournalError, MemoryJournal};
pub use names::UnknownName;
pub use permission::Permission;
#[cfg(feature = "journal")]
pub use replica::{Follower, FreshError, Replica, ReplicaError};
pub use resource::{Resource, Scope};
pub use role::Role;
#[cfg(feature = "std")]
pub use shared::SharedWorkspace;
pub use sql::{IdType, Page, Placeholders, Schema, Sql, SqlError, SqlParam};
pub use subject::Subject;
#[cfg(feature = "std")]
pub use workspace::{
    Access, ApplyError, Authority, Before, Change, ChangeErrorKind, ChangeKind, Event,
    HeldPermission, PermissionSource, Remedy, Target, Workspace, WorkspaceError,
};
#[cfg(feature = "std")]
pub use workspace::{
    AccountSnapshot, ChatSnapshot, MemberSnapshot, SnapshotError, WorkspaceSnapshot,
};

#[doc = include_str!("policy.md")]
pub mod policy {}

/// The README's code blocks, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
