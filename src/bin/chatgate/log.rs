//! `chatgate log FILE [WORKSPACE] [--after REVISION] [--limit N]`: a journal's events in
//! the change vocabulary, one line each with its revision and actor (the audit trail), or,
//! without a workspace, the workspaces it holds.

use std::io::{self, Write};
use std::path::Path;

use chatgate::policy_file::Printable;
use chatgate::{Durability, Journal, JournalError, SqliteJournal, WorkspaceId};

use crate::{PASSED, UNUSABLE};

/// Events read from the journal at a time.
const PAGE: usize = 1_024;

/// What to print.
pub(crate) struct Wanted {
    /// The workspace whose events to print; `None`: list the workspaces.
    pub(crate) workspace: Option<WorkspaceId>,
    /// Print the events after this revision.
    pub(crate) after: u64,
    /// Print at most this many events.
    pub(crate) limit: usize,
}

/// Prints what `wanted` asks of the journal at `path`; exit 2 when it cannot be read.
pub(crate) fn run(
    out: &mut impl Write,
    err: &mut impl Write,
    path: &Path,
    shown: &str,
    wanted: &Wanted,
) -> io::Result<u8> {
    // Opening creates a missing file: a log reads only one that is there.
    if !path.is_file() {
        writeln!(err, "chatgate: {}: no such journal file", Printable(shown))?;
        return Ok(UNUSABLE);
    }
    let printed =
        SqliteJournal::open(path, Durability::Full).and_then(|journal| match wanted.workspace {
            None => list(out, &journal),
            Some(workspace) => events(out, &journal, workspace, wanted),
        });
    match printed {
        Ok(Ok(())) => Ok(PASSED),
        Ok(Err(closed)) => Err(closed),
        Err(error) => {
            writeln!(err, "chatgate: {}: {error}", Printable(shown))?;
            Ok(UNUSABLE)
        }
    }
}

/// One line per workspace: its id, last revision and latest snapshot's.
fn list(out: &mut impl Write, journal: &SqliteJournal) -> Result<io::Result<()>, JournalError> {
    for workspace in journal.workspaces()? {
        let last = journal.last_revision(workspace)?;
        let snapshot = journal.latest_snapshot(workspace)?.revision;
        if let Err(closed) = writeln!(
            out,
            "workspace `{workspace}`: revision {last}, latest snapshot at {snapshot}"
        ) {
            return Ok(Err(closed));
        }
    }
    Ok(Ok(()))
}

/// The workspace's events after `wanted.after`, one line each.
fn events(
    out: &mut impl Write,
    journal: &SqliteJournal,
    workspace: WorkspaceId,
    wanted: &Wanted,
) -> Result<io::Result<()>, JournalError> {
    let mut after = wanted.after;
    let mut left = wanted.limit;
    let mut first = match journal.read_after(workspace, after, PAGE.min(left)) {
        Err(JournalError::Compacted { through, .. }) => {
            if let Err(closed) = writeln!(
                out,
                "(revisions up to {through} are compacted into the latest snapshot)"
            ) {
                return Ok(Err(closed));
            }
            after = through;
            None
        }
        read => Some(read?),
    };
    while left > 0 {
        let page = match first.take() {
            Some(page) => page,
            None => journal.read_after(workspace, after, PAGE.min(left))?,
        };
        let Some(last) = page.last() else { break };
        after = last.revision;
        left = left.saturating_sub(page.len());
        for event in &page {
            if let Err(closed) = writeln!(out, "{:>8}  {event}", event.revision) {
                return Ok(Err(closed));
            }
        }
    }
    Ok(Ok(()))
}
