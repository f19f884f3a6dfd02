//! A policy file's steps: changes made in order after its checks, each with what it is
//! expected to do, and checks decided on the state reached so far.

use std::fmt;
use std::string::String;

use super::{Check, Outcome};
use crate::{Change, ChangeErrorKind, Event, MemberId, Reason, WorkspaceError};

/// One step of a file, resolved to the workspace's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// A change, and what it is expected to do.
    Change(ChangeStep),
    /// A check, decided on the state the steps before it reached (its `index` is the
    /// step's).
    Check(Check),
}

/// A change step: who makes which change, and what it is expected to do.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChangeStep {
    /// Its index in `steps`.
    pub index: usize,
    /// The actor's id in the file; `None` for `receive_chat`.
    pub actor_name: Option<String>,
    /// The actor; `None` for `receive_chat`.
    pub actor: Option<MemberId>,
    /// The change.
    pub change: Change,
    /// What it is expected to do.
    pub expect: Effect,
}

/// What a change did, or what a step expects it to do: `ok` (accepted, the state changed),
/// `unchanged` (accepted, nothing to change) or `refused`, with the kind of error and, for
/// `denied`, the reason.
///
/// # Example
///
/// ```
/// use chatgate::policy_file::Effect;
/// use chatgate::{ChangeErrorKind, Denied, Reason, WorkspaceError};
///
/// let refused = Err(WorkspaceError::Denied(Denied::Inactive));
/// let happened = Effect::of(&refused);
/// assert_eq!(happened.to_string(), "refused (denied: inactive)");
/// assert!(Effect::Refused { error: None, reason: None }.admits(happened));
/// assert!(Effect::Refused { error: Some(ChangeErrorKind::Denied), reason: None }.admits(happened));
///
/// // The failing case: another kind, another reason, or an acceptance.
/// let escalation = Effect::Refused { error: Some(ChangeErrorKind::Escalation), reason: None };
/// assert!(!escalation.admits(happened));
/// let out_of_scope = Effect::Refused {
///     error: Some(ChangeErrorKind::Denied),
///     reason: Some(Reason::OutOfScope),
/// };
/// assert!(!out_of_scope.admits(happened));
/// assert!(!Effect::Ok.admits(happened));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Accepted, and the state changed (the change recorded an event).
    Ok,
    /// Accepted, and there was nothing to change.
    Unchanged,
    /// Refused.
    Refused {
        /// The kind of error; `None` in an expectation for any kind.
        error: Option<ChangeErrorKind>,
        /// For `denied`, the reason; `None` in an expectation for any reason.
        reason: Option<Reason>,
    },
}

impl Effect {
    /// What the change whose result is `result` did.
    #[must_use]
    pub fn of(result: &Result<Option<Event>, WorkspaceError>) -> Self {
        match result {
            Ok(Some(_)) => Effect::Ok,
            Ok(None) => Effect::Unchanged,
            Err(error) => Effect::Refused {
                error: Some(error.kind()),
                reason: match error {
                    WorkspaceError::Denied(denied) => Some(denied.reason()),
                    _ => None,
                },
            },
        }
    }

    /// Whether `happened` (an [`Effect::of`] a result) is what this expects: the same
    /// effect, where an expectation's `None` stands for anything.
    #[must_use]
    pub fn admits(self, happened: Effect) -> bool {
        match (self, happened) {
            (Effect::Ok, Effect::Ok) | (Effect::Unchanged, Effect::Unchanged) => true,
            (
                Effect::Refused { error, reason },
                Effect::Refused {
                    error: happened_error,
                    reason: happened_reason,
                },
            ) => {
                error.map_or(true, |error| Some(error) == happened_error)
                    && reason.map_or(true, |reason| Some(reason) == happened_reason)
            }
            _ => false,
        }
    }
}

/// `ok`, `unchanged`, `refused`, `refused (escalation)`, `refused (denied: out_of_scope)`.
impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Ok => f.write_str("ok"),
            Effect::Unchanged => f.write_str("unchanged"),
            Effect::Refused { error, reason } => {
                f.write_str("refused")?;
                match (error, reason) {
                    (_, Some(reason)) => write!(f, " ({}: {reason})", ChangeErrorKind::Denied),
                    (Some(error), None) => write!(f, " ({error})"),
                    (None, None) => Ok(()),
                }
            }
        }
    }
}

/// A step and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome<'a> {
    /// A change step and the change's result.
    Change {
        /// The step.
        step: &'a ChangeStep,
        /// What the workspace answered.
        result: Result<Option<Event>, WorkspaceError>,
    },
    /// A check step and its decision.
    Check(Outcome<'a>),
}

impl StepOutcome<'_> {
    /// Whether the step did what it expects.
    #[must_use]
    pub fn passed(&self) -> bool {
        match self {
            StepOutcome::Change { step, result } => step.expect.admits(Effect::of(result)),
            StepOutcome::Check(outcome) => outcome.passed(),
        }
    }

    /// The step's index in `steps`.
    #[must_use]
    pub fn index(&self) -> usize {
        match self {
            StepOutcome::Change { step, .. } => step.index,
            StepOutcome::Check(outcome) => outcome.check.index,
        }
    }
}
