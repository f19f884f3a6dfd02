//! Proves every public type of chatgate, the borrowed views included, is `Send + Sync` (so
//! a decision or a workspace can be shared across threads), and that the errors are
//! `std::error::Error + 'static`.

use chatgate::{
    Account, AccountId, Action, Capabilities, Categories, Category, Chat, ChatId, Connector,
    Denied, MemberId, Permission, Reason, Resource, ResourceKind, Role, Scope, Subject, TeamId,
    UnknownName,
};

fn send_sync<T: Send + Sync>() {}

fn error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn value_types_are_send_and_sync() {
    send_sync::<Role>();
    send_sync::<Permission>();
    send_sync::<Category>();
    send_sync::<Categories>();
    send_sync::<Action>();
    send_sync::<ResourceKind>();
    send_sync::<Scope>();
    send_sync::<Capabilities>();
    send_sync::<Denied>();
    send_sync::<Reason>();
    send_sync::<UnknownName>();
    send_sync::<MemberId>();
    send_sync::<TeamId>();
    send_sync::<AccountId>();
    send_sync::<ChatId>();
}

#[test]
fn borrowed_views_are_send_and_sync() {
    // Any lifetime: the views hold only shared borrows of ids.
    send_sync::<Connector<'_>>();
    send_sync::<Account<'_>>();
    send_sync::<Chat<'_>>();
    send_sync::<Subject<'_>>();
    send_sync::<Resource<'_>>();
}

#[test]
fn filters_and_sql_are_send_and_sync() {
    send_sync::<chatgate::Filter<'_>>();
    send_sync::<chatgate::FilteredChats<'_, std::vec::IntoIter<Chat<'_>>>>();
    send_sync::<chatgate::Schema<'_>>();
    send_sync::<chatgate::Placeholders>();
    send_sync::<chatgate::Sql>();
    send_sync::<chatgate::SqlError>();
    error::<chatgate::SqlError>();
}

#[cfg(feature = "std")]
#[test]
fn workspace_types_are_send_and_sync() {
    send_sync::<chatgate::Workspace>();
    send_sync::<chatgate::SharedWorkspace>();
    send_sync::<chatgate::Event>();
    send_sync::<chatgate::Change>();
    send_sync::<chatgate::WorkspaceSnapshot>();
    send_sync::<chatgate::Target>();
    send_sync::<chatgate::WorkspaceError>();
    send_sync::<chatgate::WorkspaceSnapshot>();
    send_sync::<chatgate::MemberSnapshot>();
    send_sync::<chatgate::AccountSnapshot>();
    send_sync::<chatgate::ChatSnapshot>();
    send_sync::<chatgate::Access>();
    send_sync::<chatgate::HeldPermission>();
    send_sync::<chatgate::PermissionSource>();
    error::<chatgate::WorkspaceError>();
}

#[test]
fn errors_are_std_errors() {
    error::<Denied>();
    error::<UnknownName>();
}

#[cfg(feature = "std")]
#[test]
fn a_workspace_decides_from_another_thread() {
    let owner = MemberId::new(1);
    let ws = chatgate::Workspace::new(owner);
    std::thread::scope(|scope| {
        let handle =
            scope.spawn(|| ws.authorize(owner, Action::ManageBilling, chatgate::Target::Workspace));
        assert_eq!(handle.join().ok(), Some(Ok(())));
    });
}
