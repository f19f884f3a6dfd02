//! Events and changes in JSON (the `serde` feature), flat and in the change vocabulary:
//! `{"revision": 9, "actor": "1", "change": "set_role", "member": "4", "role": "agent", "before": {…}}`.
//!
//! Both are read and written through one private object, [`Fields`]: the `change` name and
//! every field any change has, each optional, so that the field names exist once. Writing
//! fills in exactly the fields of the change's variant; reading takes exactly those, and
//! names the missing one or the one left over. Reading is exact and fails closed, as
//! snapshot_serde.rs explains: objects only (serde's derive also reads a struct from a
//! sequence of its fields, which would bypass the field names, so [`Object`] reads a map and
//! nothing else), no `null` (an absent field and a `null` one are not the same thing, and
//! only absence is ever meant), and what an event records must fit its change ([`fits`]).

use core::fmt;
use core::marker::PhantomData;
use std::borrow::Cow;
use std::string::String;

use ::serde::de::value::MapAccessDeserializer;
use ::serde::de::{self, Deserializer, MapAccess, Visitor};
use ::serde::{ser, Deserialize, Serialize, Serializer};

use super::event::{Before, Change, ChangeFields, ChangeKind, Event};
use super::snapshot_serde::grants;
use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

/// What an event of each kind of change records, stated once: an actor for every change but
/// `receive_chat` (a chat comes from the messaging network), and the [`Before`] that its
/// change replaced or dropped.
fn fits(event: &Event) -> Result<(), Misfit<'_>> {
    let kind = event.change.kind();
    match (kind, event.actor) {
        (ChangeKind::ReceiveChat, Some(_)) => return Err(Misfit::ActorOnReceive),
        (ChangeKind::ReceiveChat, None) | (_, Some(_)) => {}
        (_, None) => return Err(Misfit::NoActor(kind)),
    }
    let before = &event.before;
    let fitting = match kind {
        ChangeKind::AddMember => matches!(before, Before::Nothing | Before::Removed { .. }),
        ChangeKind::SetRole | ChangeKind::SetPermissions => matches!(before, Before::Member { .. }),
        ChangeKind::RemoveMember => matches!(before, Before::Dropped { .. }),
        ChangeKind::DeleteTeam => matches!(before, Before::TeamMembers(_)),
        ChangeKind::TransferOwnership => matches!(before, Before::Owner(_)),
        ChangeKind::TransferAccount => matches!(before, Before::Connector(_)),
        ChangeKind::DeleteChat => matches!(before, Before::Chat { .. }),
        ChangeKind::CreateTeam
        | ChangeKind::JoinTeam
        | ChangeKind::LeaveTeam
        | ChangeKind::ConnectAccount
        | ChangeKind::ReceiveChat
        | ChangeKind::Assign
        | ChangeKind::Unassign => matches!(before, Before::Nothing),
    };
    if fitting {
        Ok(())
    } else {
        Err(Misfit::Before(kind, before))
    }
}

/// Why an event cannot have revision `0`.
const REVISION_ZERO: &str =
    "an event's `revision` is at least 1: revision 0 is the workspace before any change";

/// An event whose actor or `before` does not fit its change.
enum Misfit<'a> {
    /// A member's change without an actor.
    NoActor(ChangeKind),
    /// A `receive_chat` with an actor.
    ActorOnReceive,
    /// A `before` the change does not record.
    Before(ChangeKind, &'a Before),
}

impl fmt::Display for Misfit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Misfit::NoActor(kind) => write!(
                f,
                "missing field `actor` of change `{}`: every change but `receive_chat` has one",
                kind.name()
            ),
            Misfit::ActorOnReceive => f.write_str(
                "a `receive_chat` event has no `actor`: a chat comes from the messaging network",
            ),
            Misfit::Before(kind, before) => write!(
                f,
                "`before` does not fit change `{}`: {before}",
                kind.name()
            ),
        }
    }
}

/// The object of an event or a change: `change` and every field any change has, in the
/// order they are written (which is each variant's own order). Absent fields are `None`;
/// `null` is refused ([`present`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields<'a> {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    revision: Option<u64>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    actor: Option<MemberId>,
    change: ChangeKind,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    chat: Option<ChatId>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    account: Option<AccountId>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    member: Option<MemberId>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    role: Option<Role>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    permissions: Option<Grants>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    team: Option<TeamId>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    before: Option<Object<BeforeForm<'a>>>,
}

/// A field that is there: its value, never `null` (which `Option`'s own `Deserialize` would
/// read as absent).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl<'a> Fields<'a> {
    /// The fields of `change` (no actor, no `before`).
    fn of(change: &Change) -> Self {
        let fields = ChangeFields::of(change);
        Fields {
            revision: None,
            actor: None,
            change: change.kind(),
            chat: fields.chat,
            account: fields.account,
            member: fields.member,
            role: fields.role,
            permissions: fields.permissions.map(Grants),
            team: fields.team,
            before: None,
        }
    }

    /// The change these fields make: exactly the fields of its kind, the missing one and
    /// the one left over (another change's, or an event's `actor` or `before`) named.
    fn into_change<E: de::Error>(self) -> Result<Change, E> {
        let kind = self.change;
        let fields = ChangeFields {
            member: self.member,
            role: self.role,
            permissions: self.permissions.map(|Grants(grants)| grants),
            team: self.team,
            account: self.account,
            chat: self.chat,
        };
        let change = fields.into_change(kind).map_err(E::missing_field)?;
        let left_over = match (self.revision, self.actor, fields.extra(kind), self.before) {
            (Some(_), _, _, _) => Some("revision"),
            (None, Some(_), _, _) => Some("actor"),
            (None, None, Some(extra), _) => Some(extra),
            (None, None, None, Some(_)) => Some("before"),
            (None, None, None, None) => None,
        };
        match left_over {
            None => Ok(change),
            Some(name) => Err(E::custom(format_args!(
                "change `{}` has no field `{name}`",
                kind.name()
            ))),
        }
    }
}

/// A member's grants as snapshots write them: a list of permission names, or `"default"` for
/// `None`, the role's default.
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
struct Grants(#[serde(with = "grants")] Option<Permission>);

/// A `T` read from an object and nothing else, which refuses a key left over after `T` (the
/// second key of `before`'s one-key object).
#[derive(Serialize)]
#[serde(transparent)]
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

/// Reads an [`Object`] from a map; anything else is "expected an object".
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with named fields")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Object<T>, M::Error> {
        let value = T::deserialize(MapAccessDeserializer::new(&mut map))?;
        match map.next_key::<String>()? {
            None => Ok(Object(value)),
            Some(key) => Err(de::Error::custom(format_args!(
                "`{key}` is one key too many: `before` has one key"
            ))),
        }
    }
}

/// `before` in JSON: an object with one key, the variant's snake_case name. There is no form
/// of [`Before::Nothing`]: an event writes it by leaving `before` out.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum BeforeForm<'a> {
    Removed(Object<RoleAndGrants>),
    Member(Object<RoleAndGrants>),
    Dropped(Object<Dropped<'a>>),
    TeamMembers(Cow<'a, [MemberId]>),
    Owner(MemberId),
    Connector(MemberId),
    Chat(Object<ChatBefore<'a>>),
}

/// The body of `removed` and `member`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleAndGrants {
    role: Role,
    permissions: Grants,
}

/// The body of `dropped`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Dropped<'a> {
    teams: Cow<'a, [TeamId]>,
    assignments: Cow<'a, [ChatId]>,
}

/// The body of `chat`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChatBefore<'a> {
    account: AccountId,
    assignees: Cow<'a, [MemberId]>,
}

impl<'a> BeforeForm<'a> {
    /// The form of `before`, borrowing its lists; `None` for [`Before::Nothing`].
    fn of(before: &'a Before) -> Option<Self> {
        Some(match before {
            Before::Nothing => return None,
            Before::Removed { role, permissions } => BeforeForm::Removed(Object(RoleAndGrants {
                role: *role,
                permissions: Grants(*permissions),
            })),
            Before::Member { role, permissions } => BeforeForm::Member(Object(RoleAndGrants {
                role: *role,
                permissions: Grants(*permissions),
            })),
            Before::Dropped { teams, assignments } => BeforeForm::Dropped(Object(Dropped {
                teams: Cow::Borrowed(teams),
                assignments: Cow::Borrowed(assignments),
            })),
            Before::TeamMembers(members) => BeforeForm::TeamMembers(Cow::Borrowed(members)),
            Before::Owner(owner) => BeforeForm::Owner(*owner),
            Before::Connector(connector) => BeforeForm::Connector(*connector),
            Before::Chat { account, assignees } => BeforeForm::Chat(Object(ChatBefore {
                account: *account,
                assignees: Cow::Borrowed(assignees),
            })),
        })
    }

    /// The [`Before`] this form writes.
    fn into_before(self) -> Before {
        match self {
            BeforeForm::Removed(Object(RoleAndGrants { role, permissions })) => Before::Removed {
                role,
                permissions: permissions.0,
            },
            BeforeForm::Member(Object(RoleAndGrants { role, permissions })) => Before::Member {
                role,
                permissions: permissions.0,
            },
            BeforeForm::Dropped(Object(Dropped { teams, assignments })) => Before::Dropped {
                teams: teams.into_owned(),
                assignments: assignments.into_owned(),
            },
            BeforeForm::TeamMembers(members) => Before::TeamMembers(members.into_owned()),
            BeforeForm::Owner(owner) => Before::Owner(owner),
            BeforeForm::Connector(connector) => Before::Connector(connector),
            BeforeForm::Chat(Object(ChatBefore { account, assignees })) => Before::Chat {
                account,
                assignees: assignees.into_owned(),
            },
        }
    }
}

/// An object: `"change"`, its kind's name, then exactly the fields of its variant, by their
/// names; `permissions` is a list of permission names or `"default"` (the role's default),
/// and may be left out of an `add_member` (= `"default"`).
///
/// # Example
///
/// ```
/// use chatgate::{Change, ChatId, MemberId, Role, AccountId};
///
/// let change = Change::SetRole { member: MemberId::new(4), role: Role::Agent };
/// let json = serde_json::to_string(&change)?;
/// assert_eq!(json, r#"{"change":"set_role","member":"4","role":"agent"}"#);
/// assert_eq!(serde_json::from_str::<Change>(&json)?, change);
///
/// let chat = r#"{"change": "receive_chat", "chat": "9", "account": "10"}"#;
/// assert_eq!(
///     serde_json::from_str::<Change>(chat)?,
///     Change::ReceiveChat { chat: ChatId::new(9), account: AccountId::new(10) }
/// );
///
/// // A field of another change is refused, and so is a missing one.
/// let team = r#"{"change": "set_role", "member": "4", "role": "agent", "team": "1"}"#;
/// let error = serde_json::from_str::<Change>(team).unwrap_err();
/// assert!(error.to_string().starts_with("change `set_role` has no field `team`"));
/// let error = serde_json::from_str::<Change>(r#"{"change": "set_role", "member": "4"}"#);
/// assert!(error.unwrap_err().to_string().starts_with("missing field `role`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Change {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Fields::of(self).serialize(serializer)
    }
}

/// From an object with exactly the fields of its change; an array, an unknown field,
/// another change's field, a missing one, `null`, or an event's `actor` or `before` is an
/// error.
impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Object(fields) = Object::<Fields<'static>>::deserialize(deserializer)?;
        fields.into_change()
    }
}

/// The change's object with `"revision"` first (a number, at least 1), then `"actor"` (left
/// out for `None`, a chat from the network)
/// and `"before"` last (left out for [`Before::Nothing`]): an object with one key, the
/// variant's snake_case name, such as `{"owner": "1"}` or
/// `{"dropped": {"teams": ["7"], "assignments": []}}`.
///
/// Reading refuses an event whose actor or `before` does not fit its change (an actor exactly
/// for every change but `receive_chat`; the `before` that kind of change records), and so
/// does writing, so that what is written can be read back.
///
/// # Example
///
/// ```
/// use chatgate::{Before, Change, Event, MemberId, TeamId};
///
/// let event = Event {
///     revision: 17,
///     actor: Some(MemberId::new(1)),
///     change: Change::RemoveMember { member: MemberId::new(3) },
///     before: Before::Dropped { teams: vec![TeamId::new(7)], assignments: vec![] },
/// };
/// let json = serde_json::to_string(&event)?;
/// assert_eq!(
///     json,
///     r#"{"revision":17,"actor":"1","change":"remove_member","member":"3","before":{"dropped":{"teams":["7"],"assignments":[]}}}"#
/// );
/// assert_eq!(serde_json::from_str::<Event>(&json)?, event);
///
/// // A member's change needs its actor; and the `before` must be the one it records.
/// let no_actor = r#"{"revision": 18, "change": "remove_member", "member": "3", "before": {"dropped": {"teams": [], "assignments": []}}}"#;
/// let error = serde_json::from_str::<Event>(no_actor).unwrap_err();
/// assert!(error.to_string().starts_with("missing field `actor`"));
/// let owner = r#"{"revision": 18, "actor": "1", "change": "remove_member", "member": "3", "before": {"owner": "1"}}"#;
/// let error = serde_json::from_str::<Event>(owner).unwrap_err();
/// assert!(error.to_string().starts_with("`before` does not fit change `remove_member`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fits(self).map_err(ser::Error::custom)?;
        let fields = Fields {
            revision: Some(self.revision),
            actor: self.actor,
            before: BeforeForm::of(&self.before).map(Object),
            ..Fields::of(&self.change)
        };
        fields.serialize(serializer)
    }
}

/// From an object as written; see [`Change`]'s `Deserialize` for the change's fields. An
/// actor or a `before` that does not fit the change is an error.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Object(mut fields) = Object::<Fields<'static>>::deserialize(deserializer)?;
        let revision = match fields.revision.take() {
            None => return Err(de::Error::missing_field("revision")),
            Some(0) => return Err(de::Error::custom(REVISION_ZERO)),
            Some(revision) => revision,
        };
        let actor = fields.actor.take();
        let before = fields
            .before
            .take()
            .map_or(Before::Nothing, |Object(form)| form.into_before());
        let event = Event {
            revision,
            actor,
            change: fields.into_change()?,
            before,
        };
        fits(&event).map_err(de::Error::custom)?;
        Ok(event)
    }
}
