//! A snapshot's JSON form (the `serde` feature): only the documented objects are read, and
//! a member's grants say "the role's default" in so many words.
//!
//! serde's derived `Deserialize` for a struct also accepts a sequence of its fields in order,
//! so `[["olga", "owner", "default", [], true]]` would read as a member, bypassing field names
//! and `deny_unknown_fields`. Each snapshot type therefore reads a map and nothing else
//! ([`Object`]), and hands its entries to a derived field reader: a `remote` derive, which the
//! compiler keeps field for field equal to the public struct.

use core::fmt;
use core::marker::PhantomData;
use std::vec::Vec;

use ::serde::de::value::MapAccessDeserializer;
use ::serde::de::{Deserializer, MapAccess, Visitor};
use ::serde::Deserialize;

use super::{AccountSnapshot, ChatSnapshot, MemberSnapshot, WorkspaceSnapshot};
use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

/// A derived reader of one snapshot type's fields.
trait Fields {
    /// The type the fields make.
    type Made;
    /// Reads the fields (serde's `remote` derive).
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self::Made, D::Error>;
}

/// Reads the `F` fields from a map, and refuses anything else ("expected an object").
struct Object<F>(PhantomData<F>);

impl<'de, F: Fields> Visitor<'de> for Object<F> {
    type Value = F::Made;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with named fields")
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<F::Made, M::Error> {
        F::read(MapAccessDeserializer::new(map))
    }
}

/// `Deserialize` for a snapshot type through its `Fields` reader, from an object only.
macro_rules! from_object {
    ($type:ident, $fields:ident) => {
        impl Fields for $fields {
            type Made = $type;
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                $fields::deserialize(deserializer)
            }
        }

        /// From a JSON object with exactly the documented fields; an array in its place, an
        /// unknown field or a missing one is an error.
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(Object::<$fields>(PhantomData))
            }
        }
    };
}

#[derive(Deserialize)]
#[serde(remote = "WorkspaceSnapshot", deny_unknown_fields)]
struct WorkspaceFields {
    #[serde(default)]
    revision: u64,
    members: Vec<MemberSnapshot>,
    teams: Vec<TeamId>,
    accounts: Vec<AccountSnapshot>,
    chats: Vec<ChatSnapshot>,
}

#[derive(Deserialize)]
#[serde(remote = "MemberSnapshot", deny_unknown_fields)]
struct MemberFields {
    id: MemberId,
    role: Role,
    #[serde(rename = "permissions", with = "grants")]
    grants: Option<Permission>,
    teams: Vec<TeamId>,
    #[serde(rename = "removed", with = "removed")]
    active: bool,
}

#[derive(Deserialize)]
#[serde(remote = "AccountSnapshot", deny_unknown_fields)]
struct AccountFields {
    id: AccountId,
    #[serde(rename = "connected_by")]
    connector: MemberId,
}

#[derive(Deserialize)]
#[serde(remote = "ChatSnapshot", deny_unknown_fields)]
struct ChatFields {
    id: ChatId,
    account: AccountId,
    assignees: Vec<MemberId>,
}

from_object!(WorkspaceSnapshot, WorkspaceFields);
from_object!(MemberSnapshot, MemberFields);
from_object!(AccountSnapshot, AccountFields);
from_object!(ChatSnapshot, ChatFields);

/// A member's status in a snapshot, as policy files write it: `"removed": true` for a
/// removed member (the field is `active`, the other way round).
pub(crate) mod removed {
    use ::serde::{Deserialize, Deserializer, Serializer};

    /// `active` as `removed`.
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's serialize_with passes a reference"
    )]
    pub(crate) fn serialize<S: Serializer>(
        active: &bool,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(!*active)
    }

    /// `removed` as `active`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<bool, D::Error> {
        bool::deserialize(deserializer).map(|removed| !removed)
    }
}

/// A member's granted permissions in a snapshot: a list of names for exactly that set
/// (`[]` grants nothing), or the word `"default"` for the role's default grant. There is no
/// third form: `null` and a missing field are refused, so a file can never widen a member's
/// access to the role's default by leaving a value out.
pub(crate) mod grants {
    use core::fmt;
    use core::marker::PhantomData;

    use ::serde::de::{self, Deserializer, SeqAccess, Visitor};
    use ::serde::{Serialize, Serializer};

    use crate::serde::SetVisitor;
    use crate::Permission;

    /// The word that stands for the role's default grant.
    pub(crate) const DEFAULT: &str = "default";

    /// `None` as `"default"`, a set as its list of names.
    pub(crate) fn serialize<S: Serializer>(
        grants: &Option<Permission>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match grants {
            None => serializer.serialize_str(DEFAULT),
            Some(set) => set.serialize(serializer),
        }
    }

    /// `"default"` as `None`, a list of names as that set; anything else is an error.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Permission>, D::Error> {
        deserializer.deserialize_any(GrantsVisitor)
    }

    struct GrantsVisitor;

    impl<'de> Visitor<'de> for GrantsVisitor {
        type Value = Option<Permission>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "a list of permission names, or \"{DEFAULT}\" for the role's default"
            )
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            if text == DEFAULT {
                Ok(None)
            } else {
                Err(E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }

        fn visit_seq<A: SeqAccess<'de>>(self, names: A) -> Result<Self::Value, A::Error> {
            SetVisitor::<Permission>(PhantomData)
                .visit_seq(names)
                .map(Some)
        }
    }
}
