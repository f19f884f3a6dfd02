//! Revisions: every recorded event makes the next one, and an event recorded by one
//! workspace replays on another at the same revision, so that several instances of a
//! service over one journal hold the same state.
//!
//! Replaying takes the path of every change (plan.rs) without the two steps that judge the
//! actor — authorization and the escalation rule, already passed where the event was
//! recorded — and keeps every other: the ids it names, the Owner's protection, the
//! invariants. What the replay finds it replaces must be what the event recorded; anything
//! else is an [`ApplyError`], and nothing is changed.

use std::boxed::Box;

use super::plan::Acting;
use super::{Before, Event, Workspace, WorkspaceError};

/// Why an event could not be [applied](Workspace::apply) or
/// [committed](Workspace::commit). Nothing was changed.
///
/// # Example
///
/// ```
/// use chatgate::{ApplyError, Change, MemberId, Role, Workspace};
/// let owner = MemberId::new(1);
/// let mut writer = Workspace::new(owner);
/// writer.add_member(owner, MemberId::new(2), Role::Agent)?;
/// let second = writer.remove_member(owner, MemberId::new(2))?.expect("an active member");
///
/// // Revision 2 on a workspace at revision 0: the first event is missing.
/// let mut reader = Workspace::new(owner);
/// let error = reader.apply(&second).unwrap_err();
/// assert_eq!(error, ApplyError::Gap { revision: 2, current: 0 });
/// assert_eq!(error.to_string(), "event 2 does not follow revision 0: events 1 to 1 are missing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// The event's revision is beyond the next one: the events between are missing.
    #[error(
        "event {revision} does not follow revision {current}: events {} to {} are missing",
        current + 1,
        revision - 1
    )]
    Gap {
        /// The event's revision.
        revision: u64,
        /// The workspace's.
        current: u64,
    },
    /// [`commit`](Workspace::commit): the workspace has moved past the revision the event
    /// was decided on (another change came first, or this one was committed already).
    #[error("event {revision} is stale: the workspace is at revision {current}; decide again")]
    Stale {
        /// The event's revision.
        revision: u64,
        /// The workspace's.
        current: u64,
    },
    /// The event's change cannot be made on this state: it names what does not exist, or
    /// breaks an invariant. The journal and this workspace disagree.
    #[error("event {revision} does not apply: {reason}")]
    Inapplicable {
        /// The event's revision.
        revision: u64,
        /// What the change runs into here.
        reason: WorkspaceError,
    },
    /// The event's change would change nothing here (an event records only changes).
    #[error("event {revision} does not apply: it would change nothing here")]
    Unchanged {
        /// The event's revision.
        revision: u64,
    },
    /// What the event replaced is not what this workspace holds.
    #[error(
        "event {revision} does not apply: it records \"{recorded}\", but here it finds \"{found}\""
    )]
    BeforeDiffers {
        /// The event's revision.
        revision: u64,
        /// What the event recorded.
        recorded: Box<Before>,
        /// What this workspace holds.
        found: Box<Before>,
    },
}

impl Workspace {
    /// The number of events this workspace has recorded or applied: `0` for a new one,
    /// one more with each event. An event carries the revision it made, so a revision is
    /// a **consistency token**: a workspace at revision `r` or later holds every change up
    /// to the one that returned `r`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// assert_eq!(ws.revision(), 0);
    /// let event = ws.add_member(owner, MemberId::new(2), Role::Agent)?.expect("a new member");
    /// assert_eq!((event.revision, ws.revision()), (1, 1));
    /// // Refused, or accepted with nothing to change: no event, no new revision.
    /// assert!(ws.add_member(owner, MemberId::new(2), Role::Agent).is_err());
    /// assert_eq!(ws.set_role(owner, MemberId::new(2), Role::Agent)?, None);
    /// assert_eq!(ws.revision(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn revision(&self) -> u64 {
        self.revision
    }

    /// Replays `event`, recorded by another workspace (through a journal): makes exactly
    /// the change it records, without authorizing it again, and checks every invariant.
    /// `Ok(true)`: applied, the workspace is at `event.revision`; `Ok(false)`: the
    /// workspace is past it already, nothing done (so replaying a journal from any
    /// revision up to the current one is safe).
    ///
    /// # Errors
    ///
    /// [`ApplyError::Gap`] when events are missing before it; [`ApplyError::Inapplicable`],
    /// [`ApplyError::Unchanged`] or [`ApplyError::BeforeDiffers`] when this workspace's state
    /// is not the one the event was recorded on. Nothing is changed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, ApplyError, MemberId, Role, Target, Workspace};
    /// let owner = MemberId::new(1);
    /// let (mut writer, mut reader) = (Workspace::new(owner), Workspace::new(owner));
    /// let added = writer.add_member(owner, MemberId::new(2), Role::Teammate)?.expect("new");
    /// let removed = writer.remove_member(owner, MemberId::new(2))?.expect("active");
    ///
    /// assert_eq!(reader.apply(&added), Ok(true));
    /// assert_eq!(reader.apply(&added), Ok(false)); // already applied
    /// assert_eq!(reader.apply(&removed), Ok(true));
    /// assert!(reader.authorize(MemberId::new(2), Action::View, Target::Workspace).is_err());
    /// assert_eq!(reader.snapshot(), writer.snapshot());
    ///
    /// // Not the state it was recorded on: refused, nothing changed.
    /// let mut other = Workspace::new(MemberId::new(9));
    /// assert!(matches!(other.apply(&added), Err(ApplyError::Inapplicable { revision: 1, .. })));
    /// assert_eq!(other.revision(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(&mut self, event: &Event) -> Result<bool, ApplyError> {
        if event.revision <= self.revision {
            return Ok(false);
        }
        self.replay(event).map(|()| true)
    }

    /// Makes an event [prepared](Workspace::prepare) on this workspace: the second half of
    /// a change, a compare-and-swap on the revision. It takes effect only if the workspace
    /// is still at the revision the event was decided on; the event's change is checked as
    /// [`apply`](Workspace::apply) checks it, without deciding it again.
    ///
    /// # Errors
    ///
    /// [`ApplyError::Stale`] when the workspace has moved on since (decide again on the new
    /// state); otherwise as [`apply`](Workspace::apply). Nothing is changed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{ApplyError, Change, MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// let add = |id| Change::AddMember { member: MemberId::new(id), role: Role::Agent, permissions: None };
    /// let first = ws.prepare(Some(owner), add(2))?.expect("new");
    /// let second = ws.prepare(Some(owner), add(3))?.expect("new");
    /// ws.commit(&first)?;
    /// // Both were decided on revision 0: the second lost the race.
    /// assert_eq!(ws.commit(&second), Err(ApplyError::Stale { revision: 1, current: 1 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(&mut self, event: &Event) -> Result<(), ApplyError> {
        if event.revision <= self.revision {
            return Err(ApplyError::Stale {
                revision: event.revision,
                current: self.revision,
            });
        }
        self.replay(event)
    }

    /// Replays the event that makes the next revision.
    fn replay(&mut self, event: &Event) -> Result<(), ApplyError> {
        let revision = event.revision;
        if revision.checked_sub(1) != Some(self.revision) {
            return Err(ApplyError::Gap {
                revision,
                current: self.revision,
            });
        }
        let plan = self
            .plan(Acting::Replay, event.actor, event.change)
            .map_err(|reason| ApplyError::Inapplicable { revision, reason })?
            .ok_or(ApplyError::Unchanged { revision })?;
        if plan.before != event.before {
            return Err(ApplyError::BeforeDiffers {
                revision,
                recorded: Box::new(event.before.clone()),
                found: Box::new(plan.before),
            });
        }
        self.write(event.actor, plan);
        Ok(())
    }
}
