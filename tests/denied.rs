//! Proves the texts a member reads: every `Denied`, `WorkspaceError` and `UnknownName`
//! message is lowercase with no final period, a missing-permission denial names the flag
//! and what is held, and the names of roles, actions, reasons and permissions round-trip
//! through `FromStr` while unknown names are rejected.

#![allow(
    clippy::expect_used,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod util;

use chatgate::{
    authorize_scope, Action, Categories, Denied, MemberId, Permission, Reason, ResourceKind, Role,
    Scope, Subject, UnknownName,
};
use util::{action_name, assert_message_style, grant_set, role_name, FLAGS, FLAG_NAMES, ROLES};

/// Every denial the engine gives, for every role × a spread of grants × action × scope.
fn every_denial() -> Vec<Denied> {
    let mut denials = Vec::new();
    for role in ROLES {
        for g in (0..util::GRANT_SETS).step_by(37) {
            let base = Subject::new(MemberId::new(1), role).with_grants(grant_set(g));
            for subject in [base, base.removed()] {
                for action in util::actions() {
                    for bits in 0..16 {
                        let c = util::category_set(bits);
                        for scope in [Scope::Workspace, Scope::Account(c), Scope::Chat(c)] {
                            if let Err(denied) = authorize_scope(&subject, action, scope) {
                                denials.push(denied);
                            }
                        }
                    }
                }
            }
        }
    }
    denials
}

#[test]
fn every_denial_reads_as_a_lowercase_sentence_without_a_period() {
    let denials = every_denial();
    for reason in Reason::ALL {
        assert!(
            denials.iter().any(|denied| denied.reason() == reason),
            "no denial for {reason:?} in the sweep"
        );
    }
    for denied in denials {
        assert_message_style(&denied.to_string());
    }
}

#[test]
fn a_missing_permission_names_the_flag_and_what_is_held() {
    let mut seen = 0;
    for denied in every_denial() {
        if let Denied::MissingPermission {
            action,
            required,
            held,
        } = denied
        {
            let text = denied.to_string();
            let required_name = FLAG_NAMES[FLAGS.iter().position(|f| *f == required).unwrap()];
            assert!(
                text.contains(&format!("`{}`", action_name(action))),
                "{text}"
            );
            assert!(
                text.contains(&format!("the {required_name} permission")),
                "{text}"
            );
            let (_, held_text) = text.split_once("you hold: ").unwrap();
            let expected_held: Vec<&str> = FLAGS
                .iter()
                .zip(FLAG_NAMES)
                .filter(|(flag, _)| held.contains(**flag))
                .map(|(_, name)| name)
                .collect();
            if expected_held.is_empty() {
                assert_eq!(held_text, "none", "{text}");
            } else {
                assert_eq!(held_text, expected_held.join(", "), "{text}");
            }
            seen += 1;
        }
    }
    assert!(seen > 1000, "only {seen} missing-permission denials");
}

#[test]
fn denial_texts_from_the_readme() {
    let eve = Subject::new(MemberId::new(5), Role::Teammate).with_grants(Permission::VIEW);
    let denied = authorize_scope(&eve, Action::Reply, Scope::Chat(Categories::OWN)).unwrap_err();
    assert_eq!(
        denied.to_string(),
        "`reply` needs the reply permission; you hold: view"
    );

    let analyst = Subject::new(MemberId::new(5), Role::Admin).with_grants(Permission::VIEW_STATS);
    let denied = authorize_scope(&analyst, Action::ManageTeam, Scope::Workspace).unwrap_err();
    assert_eq!(
        denied.to_string(),
        "`manage_team` needs the manage_team permission; you hold: view_stats"
    );

    let nobody = Subject::new(MemberId::new(5), Role::Agent).with_grants(Permission::empty());
    let denied = authorize_scope(&nobody, Action::View, Scope::Chat(Categories::OWN)).unwrap_err();
    assert_eq!(
        denied.to_string(),
        "`view` needs the view permission; you hold: none"
    );
}

#[test]
fn out_of_scope_and_inactive_texts_name_the_action_and_role() {
    let agent = Subject::new(MemberId::new(5), Role::Agent);
    let denied =
        authorize_scope(&agent, Action::View, Scope::Chat(Categories::SAME_TEAM)).unwrap_err();
    let text = denied.to_string();
    assert!(text.contains("`view`") && text.contains("agent"), "{text}");

    let cleo = Subject::new(MemberId::new(5), Role::Collaborator);
    for (action, scope) in [
        (Action::ConnectAccount, Scope::Workspace),
        (Action::SendFrom, Scope::Account(Categories::OWN)),
    ] {
        let text = authorize_scope(&cleo, action, scope)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains(&format!("`{}`", action_name(action))),
            "{text}"
        );
        assert!(text.contains("collaborator"), "{text}");
    }

    let gone = agent.removed();
    let text = authorize_scope(&gone, Action::View, Scope::Chat(Categories::OWN))
        .unwrap_err()
        .to_string();
    assert!(text.contains("not an active member"), "{text}");
}

#[test]
fn the_out_of_scope_text_for_a_chat_does_not_depend_on_the_chat() {
    // The text never says more than "not yours to see": a chat of another team and a chat
    // in no category at all (unknown) read the same.
    for role in ROLES {
        let s = Subject::new(MemberId::new(1), role);
        let texts: Vec<String> = (0..16)
            .map(util::category_set)
            .filter_map(|c| authorize_scope(&s, Action::View, Scope::Chat(c)).err())
            .map(|denied| denied.to_string())
            .collect();
        assert!(!texts.is_empty(), "{role:?} sees every category set");
        assert!(texts.iter().all(|t| *t == texts[0]), "{role:?}: {texts:?}");
    }
}

#[test]
fn wrong_resource_text_names_both_kinds() {
    let owner = Subject::new(MemberId::new(1), Role::Owner);
    let denied = authorize_scope(&owner, Action::View, Scope::Workspace).unwrap_err();
    assert_eq!(
        denied,
        Denied::WrongResource {
            action: Action::View,
            resource: ResourceKind::Workspace
        }
    );
    let text = denied.to_string();
    assert!(
        text.contains("`view`") && text.contains("chat") && text.contains("workspace"),
        "{text}"
    );
    assert_message_style(&text);
}

#[test]
fn role_names_round_trip() {
    for role in ROLES {
        let name = role_name(role);
        assert_eq!(role.to_string(), name);
        assert_eq!(role.name(), name);
        assert_eq!(name.parse::<Role>(), Ok(role));
    }
}

#[test]
fn action_names_round_trip() {
    assert_eq!(Action::ALL.len(), util::ACTIONS.len());
    for action in util::actions() {
        let name = action_name(action);
        assert_eq!(action.to_string(), name);
        assert_eq!(name.parse::<Action>(), Ok(action));
    }
    for action in Action::ALL {
        assert!(
            util::actions().any(|listed| listed == action),
            "{action:?} not in the policy"
        );
    }
}

#[test]
fn reason_names_round_trip() {
    let names = [
        (Reason::WrongResource, "wrong_resource"),
        (Reason::Inactive, "inactive"),
        (Reason::OutOfScope, "out_of_scope"),
        (Reason::MissingPermission, "missing_permission"),
    ];
    for (reason, name) in names {
        assert_eq!(reason.to_string(), name);
        assert_eq!(name.parse::<Reason>(), Ok(reason));
    }
}

#[test]
fn permission_names_round_trip() {
    for (flag, name) in FLAGS.into_iter().zip(FLAG_NAMES) {
        assert_eq!(flag.name(), Some(name));
        assert_eq!(Permission::named(name), Some(flag));
        assert_eq!(flag.to_string(), name);
        assert_eq!(name.parse::<Permission>(), Ok(flag));
    }
    assert_eq!((Permission::VIEW | Permission::REPLY).name(), None);
    assert_eq!(Permission::empty().name(), None);
}

#[test]
fn every_permission_set_round_trips_through_its_text() {
    for g in 0..util::GRANT_SETS {
        let set = grant_set(g);
        let text = set.to_string();
        assert_message_style(&text);
        assert_eq!(text.parse::<Permission>(), Ok(set), "{text}");
    }
    assert_eq!(Permission::empty().to_string(), "none");
}

#[test]
fn permission_lists_accept_every_separator() {
    let expected = Permission::VIEW | Permission::DELETE | Permission::MANAGE_FORMS;
    for text in [
        "view, delete, manage_forms",
        "view|delete|manage_forms",
        "view + delete + manage_forms",
        " manage_forms,view , delete ",
    ] {
        assert_eq!(text.parse::<Permission>(), Ok(expected), "{text:?}");
    }
    assert_eq!("".parse::<Permission>(), Ok(Permission::empty()));
    assert_eq!("none".parse::<Permission>(), Ok(Permission::empty()));
}

#[track_caller]
fn assert_unknown(error: Result<impl std::fmt::Debug, UnknownName>, kind: &str, name: &str) {
    let error = error.expect_err("an unknown name was accepted");
    assert_eq!(error.kind(), kind);
    assert_eq!(error.name(), name);
    assert_eq!(error.to_string(), format!("unknown {kind} `{name}`"));
    assert_message_style(&error.to_string());
}

#[test]
fn unknown_names_are_rejected() {
    for name in [
        "Owner",
        "OWNER",
        "superadmin",
        "",
        " owner",
        "owner ",
        "member",
    ] {
        assert_unknown(name.parse::<Role>(), "role", name);
    }
    for name in ["View", "send-from", "sendFrom", "read", "", "manage"] {
        assert_unknown(name.parse::<Action>(), "action", name);
    }
    for name in ["forbidden", "Inactive", "out-of-scope", ""] {
        assert_unknown(name.parse::<Reason>(), "reason", name);
    }
    for name in ["superuser", "View", "VIEW", "manage-team", "all"] {
        assert_unknown(name.parse::<Permission>(), "permission", name);
    }
    // In a list, the error names the offending entry.
    assert_unknown("reply, sudo".parse::<Permission>(), "permission", "sudo");
    assert_unknown("view,,reply".parse::<Permission>(), "permission", "");
    assert!(Permission::named("Admin").is_none());
}

#[cfg(feature = "std")]
#[test]
fn workspace_error_texts_are_lowercase_without_a_period() {
    use chatgate::{AccountId, ChatId, TeamId, WorkspaceError};
    let (m, t, a, c) = (
        MemberId::new(2),
        TeamId::new(3),
        AccountId::new(4),
        ChatId::new(5),
    );
    let errors: [(WorkspaceError, &[&str]); 16] = [
        (WorkspaceError::Denied(Denied::Inactive), &[]),
        (
            WorkspaceError::Denied(Denied::MissingPermission {
                action: Action::ManageTeam,
                required: Permission::MANAGE_TEAM,
                held: Permission::VIEW | Permission::REPLY,
            }),
            &["`manage_team`"],
        ),
        (WorkspaceError::UnknownMember(m), &["`2`"]),
        (WorkspaceError::UnknownTeam(t), &["`3`"]),
        (WorkspaceError::UnknownAccount(a), &["`4`"]),
        (WorkspaceError::DuplicateMember(m), &["`2`"]),
        (WorkspaceError::DuplicateTeam(t), &["`3`"]),
        (WorkspaceError::DuplicateAccount(a), &["`4`"]),
        (WorkspaceError::DuplicateChat(c), &["`5`"]),
        (WorkspaceError::OwnerProtected(MemberId::new(1)), &["`1`"]),
        (WorkspaceError::SecondOwner(m), &["`2`"]),
        (
            WorkspaceError::CollaboratorConnector {
                member: m,
                account: a,
            },
            &["`2`", "`4`"],
        ),
        (
            WorkspaceError::Escalation {
                member: m,
                beyond: Permission::REPLY,
            },
            &["`2`", "reply"],
        ),
        (
            WorkspaceError::ScopeEscalation {
                member: m,
                action: Action::Delete,
                target: chatgate::Target::Chat(c),
            },
            &["`2`", "delete", "chat `5`"],
        ),
        (WorkspaceError::ActorOnReceive, &["receive_chat"]),
        (WorkspaceError::Full, &[]),
    ];
    for (error, quoted) in &errors {
        let text = error.to_string();
        assert_message_style(&text);
        for id in *quoted {
            assert!(text.contains(id), "{text:?} does not quote {id}");
        }
    }
    // A refused change names the denial it wraps.
    let wrapped = WorkspaceError::from(Denied::Inactive);
    assert!(wrapped.to_string().contains(&Denied::Inactive.to_string()));
}

#[cfg(feature = "std")]
#[test]
fn snapshot_error_texts_are_lowercase_without_a_period() {
    use chatgate::{AccountId, ChatId, SnapshotError, TeamId};
    let (m, t, a, c) = (
        MemberId::new(2),
        TeamId::new(3),
        AccountId::new(4),
        ChatId::new(5),
    );
    let errors: [(SnapshotError, &[&str]); 15] = [
        (SnapshotError::DuplicateMember(m), &["`2`"]),
        (SnapshotError::DuplicateTeam(t), &["`3`"]),
        (SnapshotError::DuplicateAccount(a), &["`4`"]),
        (SnapshotError::DuplicateChat(c), &["`5`"]),
        (SnapshotError::NoOwner, &["`owner`"]),
        (
            SnapshotError::TwoOwners {
                owner: MemberId::new(1),
                second: m,
            },
            &["`1`", "`2`"],
        ),
        (SnapshotError::InactiveOwner(m), &["`2`"]),
        (
            SnapshotError::UnknownTeam { member: m, team: t },
            &["`2`", "`3`"],
        ),
        (
            SnapshotError::DuplicateMembership { member: m, team: t },
            &["`2`", "`3`"],
        ),
        (
            SnapshotError::UnknownConnector {
                account: a,
                connector: m,
            },
            &["`4`", "`2`"],
        ),
        (
            SnapshotError::CollaboratorConnector {
                member: m,
                account: a,
            },
            &["`2`", "`4`"],
        ),
        (
            SnapshotError::UnknownAccount {
                chat: c,
                account: a,
            },
            &["`5`", "`4`"],
        ),
        (
            SnapshotError::UnknownAssignee { chat: c, member: m },
            &["`5`", "`2`"],
        ),
        (
            SnapshotError::DuplicateAssignee { chat: c, member: m },
            &["`5`", "`2`"],
        ),
        (SnapshotError::Full, &[]),
    ];
    for (error, quoted) in &errors {
        let text = error.to_string();
        assert_message_style(&text);
        for id in *quoted {
            assert!(text.contains(id), "{text:?} does not quote {id}");
        }
    }
}
