//! Revisions and replay (issue 15, items 1 and 2): every recorded event makes the next
//! revision; replaying a journal on an empty workspace or on any snapshot it passed gives
//! the writer's state and decisions; `prepare` decides without changing anything and
//! `commit` makes the prepared event once, as a compare-and-swap on the revision; an event
//! that does not follow or does not fit is a typed error that changes nothing.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod journal_util;

use chatgate::{
    AccountId, ApplyError, Before, Change, ChatId, Event, MemberId, Role, TeamId, Workspace,
    WorkspaceError, WorkspaceSnapshot,
};
use journal_util::{acted, decisions, OWNER};
use proptest::prelude::*;

/// The writer's run: every event it recorded, and its snapshot after each (index `k` is
/// the state at revision `k`).
fn record(changes: &[(Option<MemberId>, Change)]) -> (Vec<Event>, Vec<WorkspaceSnapshot>) {
    let mut ws = Workspace::new(OWNER);
    let mut events = Vec::new();
    let mut states = vec![ws.snapshot()];
    for (actor, change) in changes {
        if let Ok(Some(event)) = ws.change(*actor, *change) {
            events.push(event);
            states.push(ws.snapshot());
        }
    }
    (events, states)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// From the empty workspace or any snapshot the writer passed, applying the rest of the
    /// journal gives the writer's state, with identical decisions, at every step.
    #[test]
    fn replaying_from_any_snapshot_reaches_the_writers_state(
        changes in prop::collection::vec(acted(), 1..80),
        cut in any::<prop::sample::Index>(),
    ) {
        let (events, states) = record(&changes);
        let revisions: Vec<u64> = events.iter().map(|event| event.revision).collect();
        prop_assert_eq!(revisions, (1..=events.len() as u64).collect::<Vec<_>>());
        let from = cut.index(states.len());
        let mut replica = Workspace::from_snapshot(states[from].clone()).unwrap();
        prop_assert_eq!(replica.revision(), from as u64);
        // What it holds already is skipped.
        for event in &events[..from] {
            prop_assert_eq!(replica.apply(event), Ok(false));
        }
        for event in &events[from..] {
            prop_assert_eq!(replica.apply(event), Ok(true));
            let state = &states[event.revision as usize];
            prop_assert_eq!(&replica.snapshot(), state);
            let writer = Workspace::from_snapshot(state.clone()).unwrap();
            prop_assert_eq!(decisions(&replica), decisions(&writer));
        }
        prop_assert_eq!(replica.snapshot(), states.last().unwrap().clone());
    }

    /// `prepare` changes nothing and yields the event `change` records; `commit` makes it.
    #[test]
    fn prepare_then_commit_is_change(changes in prop::collection::vec(acted(), 1..80)) {
        let mut direct = Workspace::new(OWNER);
        let mut staged = Workspace::new(OWNER);
        for (actor, change) in changes {
            let before = staged.snapshot();
            let prepared = staged.prepare(actor, change);
            prop_assert_eq!(&staged.snapshot(), &before, "prepare changed the workspace");
            let made = direct.change(actor, change);
            prop_assert_eq!(&prepared, &made);
            if let Ok(Some(event)) = prepared {
                prop_assert_eq!(staged.commit(&event), Ok(()));
                // Once only: the workspace has moved past the revision it was decided on.
                let again = staged.commit(&event);
                prop_assert_eq!(again, Err(ApplyError::Stale {
                    revision: event.revision,
                    current: event.revision,
                }));
            }
            prop_assert_eq!(staged.snapshot(), direct.snapshot());
        }
    }

    /// Events replayed on a state they were not recorded on: each applies, or is refused
    /// as not fitting and changes nothing.
    #[test]
    fn an_event_on_another_state_applies_exactly_or_not_at_all(
        changes in prop::collection::vec(acted(), 1..60),
        others in prop::collection::vec(acted(), 1..60),
    ) {
        let (events, _) = record(&changes);
        let (_, other_states) = record(&others);
        let mut other = Workspace::from_snapshot(other_states.last().unwrap().clone()).unwrap();
        for event in &events {
            // Renumbered to follow the other workspace's revision.
            let event = Event { revision: other.revision() + 1, ..event.clone() };
            let before = other.snapshot();
            match other.apply(&event) {
                Ok(applied) => prop_assert!(applied),
                Err(error) => {
                    prop_assert!(
                        matches!(
                            error,
                            ApplyError::Inapplicable { .. }
                                | ApplyError::Unchanged { .. }
                                | ApplyError::BeforeDiffers { .. }
                        ),
                        "{:?}", error
                    );
                    prop_assert_eq!(other.snapshot(), before);
                }
            }
        }
    }
}

/// Owner 1 with agent 2 connecting account 10 and receiving chat 100, assigned to 2.
fn writer() -> (Workspace, Vec<Event>) {
    let mut ws = Workspace::new(OWNER);
    let agent = MemberId::new(2);
    let events = vec![
        ws.add_member(OWNER, agent, Role::Agent).unwrap().unwrap(),
        ws.connect_account(agent, AccountId::new(10))
            .unwrap()
            .unwrap(),
        ws.receive_chat(ChatId::new(100), AccountId::new(10))
            .unwrap()
            .unwrap(),
        ws.assign(OWNER, ChatId::new(100), agent).unwrap().unwrap(),
    ];
    (ws, events)
}

#[test]
fn a_gap_is_refused_and_names_the_missing_events() {
    let (_, events) = writer();
    let mut replica = Workspace::new(OWNER);
    replica.apply(&events[0]).unwrap();
    let before = replica.snapshot();
    let error = replica.apply(&events[3]).unwrap_err();
    assert_eq!(
        error,
        ApplyError::Gap {
            revision: 4,
            current: 1
        }
    );
    assert_eq!(
        error.to_string(),
        "event 4 does not follow revision 1: events 2 to 3 are missing"
    );
    assert_eq!(
        replica.commit(&events[3]),
        Err(ApplyError::Gap {
            revision: 4,
            current: 1
        })
    );
    assert_eq!(replica.snapshot(), before);
}

#[test]
fn an_event_whose_before_differs_is_refused() {
    let mut ws = Workspace::new(OWNER);
    let bea = MemberId::new(2);
    ws.add_member(OWNER, bea, Role::Teammate).unwrap();
    let mut replica = ws.clone();
    let event = ws.set_role(OWNER, bea, Role::Agent).unwrap().unwrap();
    assert_eq!(
        event.before,
        Before::Member {
            role: Role::Teammate,
            permissions: None
        }
    );
    let tampered = Event {
        before: Before::Member {
            role: Role::Admin,
            permissions: None,
        },
        ..event.clone()
    };
    let before = replica.snapshot();
    let error = replica.apply(&tampered).unwrap_err();
    assert!(
        matches!(&error, ApplyError::BeforeDiffers { revision: 2, recorded, found }
            if **recorded == tampered.before && **found == event.before),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        r#"event 2 does not apply: it records "was role admin, permissions default", but here it finds "was role teammate, permissions default""#
    );
    assert_eq!(replica.snapshot(), before);
    assert_eq!(replica.apply(&event), Ok(true));
    assert_eq!(replica.snapshot(), ws.snapshot());
}

#[test]
fn an_event_that_would_change_nothing_or_cannot_be_made_is_refused() {
    let (ws, events) = writer();
    let mut replica = ws.clone();
    // The assignment again, as the next revision: it is there already.
    let again = Event {
        revision: 5,
        ..events[3].clone()
    };
    assert_eq!(
        replica.apply(&again),
        Err(ApplyError::Unchanged { revision: 5 })
    );
    // A chat that does not exist here: named, as only a replay may.
    let unknown = Event {
        revision: 5,
        actor: Some(OWNER),
        change: Change::Assign {
            chat: ChatId::new(999),
            member: MemberId::new(2),
        },
        before: Before::Nothing,
    };
    assert_eq!(
        replica.apply(&unknown),
        Err(ApplyError::Inapplicable {
            revision: 5,
            reason: WorkspaceError::UnknownChat(ChatId::new(999))
        })
    );
    // An actor who is not an active member here.
    let stranger = Event {
        revision: 5,
        actor: Some(MemberId::new(9)),
        change: Change::CreateTeam {
            team: TeamId::new(1),
        },
        before: Before::Nothing,
    };
    assert_eq!(
        replica.apply(&stranger),
        Err(ApplyError::Inapplicable {
            revision: 5,
            reason: WorkspaceError::UnknownMember(MemberId::new(9))
        })
    );
    // A member's change without an actor, and an arriving chat with one.
    let unacted = Event {
        actor: None,
        ..stranger.clone()
    };
    assert!(matches!(
        replica.apply(&unacted),
        Err(ApplyError::Inapplicable { revision: 5, .. })
    ));
    assert_eq!(replica.snapshot(), ws.snapshot());
}

#[test]
fn a_replay_does_not_authorize_again_but_keeps_the_invariants() {
    // The agent may not manage the team; an event recorded elsewhere says they created a
    // team (a journal is trusted for authorization, and only for that).
    let (ws, _) = writer();
    let mut replica = ws.clone();
    let agent = MemberId::new(2);
    let by_agent = Event {
        revision: 5,
        actor: Some(agent),
        change: Change::CreateTeam {
            team: TeamId::new(1),
        },
        before: Before::Nothing,
    };
    assert!(ws.clone().change(Some(agent), by_agent.change).is_err());
    assert_eq!(replica.apply(&by_agent), Ok(true));
    // An invariant holds all the same: a Collaborator never connects an account.
    let mut replica = ws.clone();
    let collaborator = MemberId::new(3);
    replica
        .add_member(OWNER, collaborator, Role::Collaborator)
        .unwrap();
    let connects = Event {
        revision: 6,
        actor: Some(collaborator),
        change: Change::ConnectAccount {
            account: AccountId::new(11),
        },
        before: Before::Nothing,
    };
    assert_eq!(
        replica.apply(&connects),
        Err(ApplyError::Inapplicable {
            revision: 6,
            reason: WorkspaceError::CollaboratorConnector {
                member: collaborator,
                account: AccountId::new(11)
            }
        })
    );
}

#[test]
fn a_snapshot_carries_its_revision() {
    let (ws, _) = writer();
    let snapshot = ws.snapshot();
    assert_eq!(snapshot.revision, 4);
    assert_eq!(Workspace::from_snapshot(snapshot).unwrap().revision(), 4);
}

#[cfg(feature = "serde")]
#[test]
fn a_snapshots_json_holds_its_revision_and_zero_may_be_left_out() {
    let (ws, _) = writer();
    let json = serde_json::to_string(&ws.snapshot()).unwrap();
    assert!(json.starts_with(r#"{"revision":4,"members":"#), "{json}");
    let read: WorkspaceSnapshot = serde_json::from_str(&json).unwrap();
    assert_eq!(read.revision, 4);
    let fresh = serde_json::to_string(&Workspace::new(OWNER).snapshot()).unwrap();
    assert!(!fresh.contains("revision"), "{fresh}");
    let read: WorkspaceSnapshot = serde_json::from_str(&fresh).unwrap();
    assert_eq!(read.revision, 0);
    let negative = fresh.replacen('{', r#"{"revision":-1,"#, 1);
    assert!(serde_json::from_str::<WorkspaceSnapshot>(&negative).is_err());
}
