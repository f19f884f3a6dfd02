//! `Serialize` and `Deserialize` for the public data types (the `serde` feature).
//!
//! The formats, chosen so that a file a person writes reads like the policy:
//!
//! - [`Role`], [`Action`], [`Reason`], [`Category`]: their lowercase snake_case names, as
//!   their `name()` spells them (`"teammate"`, `"send_from"`, `"out_of_scope"`, `"own"`);
//!   [`ResourceKind`]: `"workspace"`, `"account"`, `"chat"`.
//! - [`Permission`], [`Categories`], [`Capabilities`]: a list of single names
//!   (`["reply", "delete"]`; `[]` is the empty set; a capability set may name `assign`:
//!   `["view", "reply", "assign"]`).
//! - Ids: in a human-readable format (JSON), a string of decimal digits (`"42"`), because
//!   JSON readers lose precision on integers past 2⁵³ and an id holds 128 bits; an unsigned
//!   integer is accepted too. In a binary format, the `u128` itself.
//! - [`Target`] and [`Scope`]: `"workspace"`, `{"account": "10"}`, `{"chat": "7"}`
//!   (a scope's account or chat holds its categories: `{"chat": ["own", "assigned"]}`).
//! - [`Denied`]: an object tagged by its reason:
//!   `{"reason": "missing_permission", "action": "reply", "required": ["reply"], "held": ["view"]}`.
//! - [`ChangeKind`](crate::ChangeKind): its snake_case name (`"set_role"`).
//!   [`Change`](crate::Change): a flat object, `"change"` and exactly its variant's fields by
//!   name (`{"change": "set_role", "member": "4", "role": "agent"}`); `permissions` is a list
//!   of names or `"default"` (the role's default), and `add_member` may leave it out.
//!   [`Event`](crate::Event): the change's object with `"actor"` (absent for a chat from the
//!   network) and `"before"` (absent for [`Before::Nothing`](crate::Before::Nothing)), an
//!   object with one key, the variant's name: `{"owner": "1"}`,
//!   `{"dropped": {"teams": ["7"], "assignments": []}}`. Both are read from objects only
//!   (never from an array of their fields), `null` is refused everywhere, and an event's
//!   actor and `before` must fit its change, reading and writing.
//!
//! Deserializing is exact: an unknown name is an error naming it (`unknown role
//! `superadmin``), never a guess, and unknown fields are rejected, so a typo can neither widen
//! nor narrow access.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use ::serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use ::serde::{Deserialize, Serialize, Serializer};

use crate::names::{self, FlagNames};
use crate::{
    AccountId, Action, Capabilities, Categories, Category, ChatId, Denied, MemberId, Permission,
    Reason, ResourceKind, Role, Scope, TeamId, UnknownName, WorkspaceId,
};
#[cfg(feature = "std")]
use crate::{ChangeKind, Target};

/// Reads one name with `T`'s `FromStr`, the same parser as `"…".parse()`.
struct NameVisitor<T>(PhantomData<T>);

impl<T: FromStr<Err = UnknownName>> Visitor<'_> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        name.parse().map_err(E::custom)
    }
}

/// Reads one flag's name, for [`SetVisitor`].
struct FlagSeed<T>(PhantomData<T>);

impl<'de, T: FlagNames> DeserializeSeed<'de> for FlagSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T: FlagNames> Visitor<'_> for FlagSeed<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} name", T::KIND)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        names::flag_named(name).ok_or_else(|| E::custom(UnknownName::new(T::KIND, name)))
    }
}

/// Reads a list of single flag names into their set.
pub(crate) struct SetVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: FlagNames> Visitor<'de> for SetVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {} names", T::KIND)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut names: A) -> Result<T, A::Error> {
        let mut set = T::empty();
        while let Some(flag) = names.next_element_seed(FlagSeed(PhantomData))? {
            set = set.union(flag);
        }
        Ok(set)
    }
}

/// `Serialize` as the name and `Deserialize` through `FromStr`, for the named enums.
macro_rules! by_name {
    ($type:ident, $value:expr, $name:literal) => {
        #[doc = concat!("The name, as [`", stringify!($type), "::name`] spells it; ")]
        #[doc = "deserializing any other name is an error that names it."]
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use chatgate::", stringify!($type), ";")]
        ///
        #[doc = concat!("let value = ", stringify!($value), ";")]
        #[doc = concat!("assert_eq!(serde_json::to_string(&value)?, r#\"\"", $name, "\"\"#);")]
        #[doc = concat!("assert_eq!(serde_json::from_str::<", stringify!($type), ">(r#\"\"", $name, "\"\"#)?, value);")]
        #[doc = concat!("assert!(serde_json::from_str::<", stringify!($type), ">(r#\"\"nonsense\"\"#).is_err());")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(NameVisitor(PhantomData))
            }
        }
    };
}

by_name!(Role, Role::Teammate, "teammate");
by_name!(Action, Action::SendFrom, "send_from");
by_name!(Reason, Reason::OutOfScope, "out_of_scope");
by_name!(Category, Category::SameTeam, "same_team");
by_name!(ResourceKind, ResourceKind::Chat, "chat");
#[cfg(feature = "std")]
by_name!(ChangeKind, ChangeKind::SetRole, "set_role");

/// `Serialize` as the list of the single flags' names, `Deserialize` from such a list, for
/// the flag sets.
macro_rules! by_names {
    ($type:ident, $value:expr, $json:literal, $unknown:literal) => {
        #[doc = concat!("A list of the single flags' names, as [`", stringify!($type), "`]'s `Display` names them; ")]
        #[doc = "`[]` is the empty set, and deserializing an unknown name is an error that names it."]
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use chatgate::", stringify!($type), ";")]
        ///
        #[doc = concat!("let set = ", stringify!($value), ";")]
        #[doc = concat!("assert_eq!(serde_json::to_string(&set)?, r#\"", $json, "\"#);")]
        #[doc = concat!("assert_eq!(serde_json::from_str::<", stringify!($type), ">(r#\"", $json, "\"#)?, set);")]
        #[doc = concat!("assert_eq!(serde_json::from_str::<", stringify!($type), ">(\"[]\")?, ", stringify!($type), "::empty());")]
        #[doc = concat!("let typo = serde_json::from_str::<", stringify!($type), ">(r#\"[\"", $unknown, "\"]\"#).unwrap_err();")]
        #[doc = concat!("assert!(typo.to_string().contains(\"`", $unknown, "`\"));")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(names::names_in(*self))
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_seq(SetVisitor(PhantomData))
            }
        }
    };
}

by_names!(
    Permission,
    Permission::REPLY | Permission::DELETE,
    r#"["reply","delete"]"#,
    "delte"
);
by_names!(
    Categories,
    Categories::SAME_TEAM | Categories::ASSIGNED,
    r#"["same_team","assigned"]"#,
    "mine"
);
by_names!(
    Capabilities,
    Capabilities::VIEW | Capabilities::REPLY | Capabilities::ASSIGN,
    r#"["view","reply","assign"]"#,
    "manage_team"
);

/// Reads an id: a string of decimal digits, or an unsigned integer.
struct IdVisitor<T>(PhantomData<T>);

impl<T: From<u128>> Visitor<'_> for IdVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id: a string of decimal digits, such as \"42\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        // `u128::from_str` also takes a leading `+`: an id is digits only.
        if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(E::invalid_value(de::Unexpected::Str(text), &self));
        }
        text.parse::<u128>()
            .map(T::from)
            .map_err(|_| E::custom(format_args!("id `{text}` does not fit in 128 bits")))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        Ok(T::from(u128::from(value)))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        u128::try_from(value)
            .map(T::from)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }
}

/// Ids as strings of decimal digits in a human-readable format, as `u128` otherwise.
macro_rules! id {
    ($type:ident) => {
        /// In JSON (any human-readable format) a string of decimal digits, since JSON readers
        /// lose precision past 2⁵³ and an id holds 128 bits; an unsigned integer is read too.
        /// In a binary format, the `u128`.
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use chatgate::", stringify!($type), ";")]
        ///
        #[doc = concat!("let id = ", stringify!($type), "::new(u128::MAX);")]
        /// let json = serde_json::to_string(&id)?;
        /// assert_eq!(json, r#""340282366920938463463374607431768211455""#);
        #[doc = concat!("assert_eq!(serde_json::from_str::<", stringify!($type), ">(&json)?, id);")]
        #[doc = concat!("assert_eq!(serde_json::from_str::<", stringify!($type), ">(\"7\")?, ", stringify!($type), "::new(7));")]
        #[doc = concat!("assert!(serde_json::from_str::<", stringify!($type), ">(r#\"\"+7\"\"#).is_err());")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    serializer.collect_str(&self.get())
                } else {
                    serializer.serialize_u128(self.get())
                }
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    deserializer.deserialize_any(IdVisitor(PhantomData))
                } else {
                    deserializer.deserialize_u128(IdVisitor(PhantomData))
                }
            }
        }
    };
}

id!(MemberId);
id!(TeamId);
id!(AccountId);
id!(ChatId);
id!(WorkspaceId);

/// The shape of [`Target`] in serde: `"workspace"`, `{"account": id}`, `{"chat": id}`.
#[cfg(feature = "std")]
#[derive(Serialize, Deserialize)]
#[serde(remote = "Target", rename_all = "snake_case", deny_unknown_fields)]
enum TargetDef {
    Workspace,
    Account(AccountId),
    Chat(ChatId),
}

/// `"workspace"`, `{"account": "10"}` or `{"chat": "7"}`.
///
/// # Example
///
/// ```
/// use chatgate::{ChatId, Target};
///
/// assert_eq!(serde_json::to_string(&Target::Chat(ChatId::new(7)))?, r#"{"chat":"7"}"#);
/// assert_eq!(serde_json::from_str::<Target>(r#""workspace""#)?, Target::Workspace);
/// assert!(serde_json::from_str::<Target>(r#"{"team":"1"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "std")]
impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TargetDef::serialize(self, serializer)
    }
}

#[cfg(feature = "std")]
impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TargetDef::deserialize(deserializer)
    }
}

/// The shape of [`Scope`] in serde: `"workspace"`, `{"account": [..]}`, `{"chat": [..]}`.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Scope", rename_all = "snake_case", deny_unknown_fields)]
enum ScopeDef {
    Workspace,
    Account(Categories),
    Chat(Categories),
}

/// `"workspace"`, or the kind with its categories: `{"chat": ["own", "assigned"]}`.
///
/// # Example
///
/// ```
/// use chatgate::{Categories, Scope};
///
/// let scope = Scope::Chat(Categories::OWN | Categories::ASSIGNED);
/// assert_eq!(serde_json::to_string(&scope)?, r#"{"chat":["own","assigned"]}"#);
/// assert_eq!(serde_json::from_str::<Scope>(r#"{"chat":["own","assigned"]}"#)?, scope);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ScopeDef::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ScopeDef::deserialize(deserializer)
    }
}

/// The shape of [`Denied`] in serde: an object tagged by its reason.
#[derive(Serialize, Deserialize)]
#[serde(
    remote = "Denied",
    tag = "reason",
    rename_all = "snake_case",
    deny_unknown_fields
)]
enum DeniedDef {
    WrongResource {
        action: Action,
        resource: ResourceKind,
    },
    // Braced, so that unknown fields next to the tag are rejected here too.
    Inactive {},
    OutOfScope {
        action: Action,
        role: Role,
        resource: ResourceKind,
    },
    MissingPermission {
        action: Action,
        required: Permission,
        held: Permission,
    },
}

/// An object tagged by the reason, with the denial's details: what a log or an API
/// response carries.
///
/// # Example
///
/// ```
/// use chatgate::{Action, Denied, Permission};
///
/// let denied = Denied::MissingPermission {
///     action: Action::Reply,
///     required: Permission::REPLY,
///     held: Permission::VIEW,
/// };
/// let json = serde_json::to_string(&denied)?;
/// assert_eq!(
///     json,
///     r#"{"reason":"missing_permission","action":"reply","required":["reply"],"held":["view"]}"#
/// );
/// assert_eq!(serde_json::from_str::<Denied>(&json)?, denied);
/// assert_eq!(serde_json::from_str::<Denied>(r#"{"reason":"inactive"}"#)?, Denied::Inactive);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Denied {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DeniedDef::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Denied {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        DeniedDef::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn names_roundtrip_for_every_value() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.name()));
            assert_eq!(serde_json::from_str::<Role>(&json).unwrap(), role);
        }
        for action in Action::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(serde_json::from_str::<Action>(&json).unwrap(), action);
        }
        for reason in Reason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), reason);
        }
        for (kind, name) in [
            (ResourceKind::Workspace, "workspace"),
            (ResourceKind::Account, "account"),
            (ResourceKind::Chat, "chat"),
        ] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<ResourceKind>(&json).unwrap(), kind);
        }
        for bits in 0..=Permission::all().bits() {
            let set = Permission::from_bits_truncate(bits);
            let json = serde_json::to_string(&set).unwrap();
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), set);
        }
    }

    #[test]
    fn unknown_names_are_named() {
        let error = serde_json::from_str::<Role>("\"superadmin\"").unwrap_err();
        assert!(error.to_string().starts_with("unknown role `superadmin`"));
        let error = serde_json::from_str::<Action>("\"Reply\"").unwrap_err();
        assert!(error.to_string().starts_with("unknown action `Reply`"));
    }

    #[test]
    fn ids_are_decimal_strings() {
        let id = MemberId::new(u128::MAX);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", u128::MAX));
        assert_eq!(serde_json::from_str::<MemberId>(&json).unwrap(), id);
        assert_eq!(
            serde_json::from_str::<ChatId>("42").unwrap(),
            ChatId::new(42)
        );
        for bad in ["\"+1\"", "\"\"", "\"1.5\"", "\"-1\"", "-1", "1.5", "\" 1\""] {
            assert!(serde_json::from_str::<TeamId>(bad).is_err(), "{bad}");
        }
        let too_big = format!("\"{}0\"", u128::MAX);
        assert!(serde_json::from_str::<AccountId>(&too_big).is_err());
    }

    #[cfg(feature = "std")]
    #[test]
    fn targets_name_one_resource() {
        let target = Target::Account(AccountId::new(10));
        let json = serde_json::to_string(&target).unwrap();
        assert_eq!(json, r#"{"account":"10"}"#);
        assert_eq!(serde_json::from_str::<Target>(&json).unwrap(), target);
        for bad in [
            r#"{"account":"10","chat":"1"}"#,
            r#""chat""#,
            r#"{"workspace":"1"}"#,
        ] {
            assert!(serde_json::from_str::<Target>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_denial_roundtrips() {
        let denials = [
            Denied::WrongResource {
                action: Action::View,
                resource: ResourceKind::Workspace,
            },
            Denied::Inactive,
            Denied::OutOfScope {
                action: Action::SendFrom,
                role: Role::Agent,
                resource: ResourceKind::Account,
            },
            Denied::MissingPermission {
                action: Action::ManageTeam,
                required: Permission::MANAGE_TEAM,
                held: Permission::VIEW,
            },
        ];
        for denied in denials {
            let json = serde_json::to_string(&denied).unwrap();
            assert!(json.starts_with(&format!(r#"{{"reason":"{}""#, denied.reason())));
            assert_eq!(serde_json::from_str::<Denied>(&json).unwrap(), denied);
        }
        let scope = Scope::Account(Categories::SAME_TEAM);
        let json = serde_json::to_string(&scope).unwrap();
        assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
    }

    #[test]
    fn denials_reject_unknown_fields() {
        for json in [
            r#"{"reason":"inactive","extra":1}"#,
            r#"{"reason":"out_of_scope","action":"view","role":"agent","resource":"chat","x":0}"#,
        ] {
            assert!(serde_json::from_str::<Denied>(json).is_err(), "{json}");
        }
    }
}
