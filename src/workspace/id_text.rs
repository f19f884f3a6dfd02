//! How a line writes ids: in backquotes in the crate's own `Display`s (`` `4` ``), by the
//! names a policy file gives ([`Names`](crate::policy_file::Names)) in the `chatgate`
//! binary's lines. The texts that name ids (a change, an access summary) are written once,
//! over [`IdText`].

use core::fmt;

use crate::{AccountId, ChatId, MemberId, TeamId};

/// Writes each kind of id.
pub(crate) trait IdText {
    /// Writes `member`.
    fn member(&self, f: &mut fmt::Formatter<'_>, member: MemberId) -> fmt::Result;
    /// Writes `team`.
    fn team(&self, f: &mut fmt::Formatter<'_>, team: TeamId) -> fmt::Result;
    /// Writes `account`.
    fn account(&self, f: &mut fmt::Formatter<'_>, account: AccountId) -> fmt::Result;
    /// Writes `chat`.
    fn chat(&self, f: &mut fmt::Formatter<'_>, chat: ChatId) -> fmt::Result;
}

/// Ids in backquotes, as the crate's `Display`s write them: `` `4` ``.
pub(crate) struct Backquoted;

impl IdText for Backquoted {
    fn member(&self, f: &mut fmt::Formatter<'_>, member: MemberId) -> fmt::Result {
        write!(f, "`{member}`")
    }
    fn team(&self, f: &mut fmt::Formatter<'_>, team: TeamId) -> fmt::Result {
        write!(f, "`{team}`")
    }
    fn account(&self, f: &mut fmt::Formatter<'_>, account: AccountId) -> fmt::Result {
        write!(f, "`{account}`")
    }
    fn chat(&self, f: &mut fmt::Formatter<'_>, chat: ChatId) -> fmt::Result {
        write!(f, "`{chat}`")
    }
}
