//! `chatgate access`: a member's access level, as their Settings page shows it, by the
//! file's names.

use std::io::{self, Write};

use chatgate::policy_file::PolicyFile;
use chatgate::MemberId;

/// Writes the access summary of `member` ([`chatgate::Workspace::access`]), every id by the
/// file's name (quoted and escaped); for a removed member, that they have no access.
pub fn access(out: &mut impl Write, policy: &PolicyFile, member: MemberId) -> io::Result<()> {
    let names = policy.names();
    match policy.workspace().access(member) {
        Some(access) => writeln!(out, "{}", names.access(&access)),
        None => writeln!(
            out,
            "{} was removed from the workspace: they have no access, and every request of \
             theirs is denied (inactive).",
            names.member(member)
        ),
    }
}
