//! The policy file's JSON format: the file and its four kinds of entry, field for field.
//!
//! Two rules serde's derive does not hold by itself, held here:
//! - **Objects only.** A derived struct also reads an array of its fields in order, which
//!   would bypass field names and `deny_unknown_fields`; [`expect_object`] refuses anything
//!   but an object where the format has one.
//! - **No `null`.** A field with a default is absent or has a value: `"permissions": null`
//!   (which read as "the role's default", for an Admin everything under the Admin ceiling)
//!   is refused, as is `null` in any other optional field.

use std::boxed::Box;
use std::string::String;
use std::vec::Vec;

use serde::de::{Deserialize, Deserializer, Error};
use serde_json::value::RawValue;

/// The file as a whole: four arrays, any of them omitted for empty, each entry kept as raw
/// text so that a problem in one entry can name it.
#[derive(serde::Deserialize)]
// `expecting`: the words of `FILE` (serde takes a literal only).
#[serde(
    deny_unknown_fields,
    expecting = "a policy file: an object with the arrays `members`, `teams`, `accounts`, `chats`, `checks`, `steps`"
)]
pub(super) struct RawFile<'a> {
    /// A snapshot's revision (`0` when left out): the file's workspace starts there.
    #[serde(default)]
    pub(super) revision: u64,
    #[serde(borrow, default)]
    pub(super) members: Vec<&'a RawValue>,
    /// Teams by id, for teams no member is in (a snapshot lists every team).
    #[serde(default)]
    pub(super) teams: Vec<String>,
    #[serde(borrow, default)]
    pub(super) accounts: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) chats: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) checks: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) steps: Vec<&'a RawValue>,
}

/// What the whole file must be.
pub(super) const FILE: &str =
    "a policy file: an object with the arrays `members`, `teams`, `accounts`, `chats`, `checks`, `steps`";

/// `{"id", "role", "teams"?, "permissions"?, "removed"?}`
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MemberEntry {
    pub(super) id: String,
    pub(super) role: String,
    #[serde(default)]
    pub(super) teams: Vec<String>,
    /// Absent or `"default"`: the role's default grant; `[]`: no grant; `null`: refused.
    #[serde(default, deserialize_with = "permissions")]
    pub(super) permissions: Option<Vec<String>>,
    #[serde(default)]
    pub(super) removed: bool,
}

/// `{"id", "connected_by"}`
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountEntry {
    pub(super) id: String,
    pub(super) connected_by: String,
}

/// `{"id", "account", "assignees"?}`
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChatEntry {
    pub(super) id: String,
    pub(super) account: String,
    #[serde(default)]
    pub(super) assignees: Vec<String>,
}

/// `{"subject", "action", "chat"?, "account"?, "expect", "reason"?}`
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckEntry {
    pub(super) subject: String,
    pub(super) action: String,
    #[serde(default, deserialize_with = "present")]
    pub(super) chat: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) account: Option<String>,
    pub(super) expect: String,
    #[serde(default, deserialize_with = "present")]
    pub(super) reason: Option<String>,
}

/// `{"check": {…}}`, or `{"actor"?, "change", …its fields…, "expect", "error"?, "reason"?}`:
/// every field a change may have, each checked against the change's own fields by the
/// reader.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepEntry {
    #[serde(default, deserialize_with = "present")]
    pub(super) check: Option<Box<RawValue>>,
    #[serde(default, deserialize_with = "present")]
    pub(super) actor: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) change: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) member: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) role: Option<String>,
    /// Absent: `None`; present: the list, or `None` inside for `"default"`.
    #[serde(default, deserialize_with = "present_permissions")]
    pub(super) permissions: Option<Option<Vec<String>>>,
    #[serde(default, deserialize_with = "present")]
    pub(super) team: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) account: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) chat: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) expect: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) error: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub(super) reason: Option<String>,
}

/// What each kind of entry must be, for [`expect_object`] (which runs before serde reads an
/// entry, so the entries need no `expecting` of their own).
pub(super) const MEMBER: &str = "a member: an object with `id` and `role`";
/// See [`MEMBER`].
pub(super) const ACCOUNT: &str = "an account: an object with `id` and `connected_by`";
/// See [`MEMBER`].
pub(super) const CHAT: &str = "a chat: an object with `id` and `account`";
/// See [`MEMBER`].
pub(super) const CHECK: &str = "a check: an object with `subject`, `action` and `expect`";
/// See [`MEMBER`].
pub(super) const STEP: &str =
    "a step: an object with `change` and `expect`, or an object with `check`";

/// `Ok` when the JSON value `text` (no leading whitespace, as serde_json's raw values are)
/// is an object; else the message of what it is instead.
pub(super) fn expect_object(text: &str, expected: &str) -> Result<(), String> {
    let found = match text.as_bytes().first() {
        Some(b'{') => return Ok(()),
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    };
    Err(std::format!("invalid type: {found}, expected {expected}"))
}

/// A present, non-null list of permission names (`Some`), or the word `"default"` (`None`,
/// as when the field is absent).
pub(super) fn permissions<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    /// The two forms a present value takes.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Given {
        Word(String),
        List(Vec<String>),
    }
    match Option::<Given>::deserialize(deserializer) {
        Ok(Some(Given::List(names))) => Ok(Some(names)),
        Ok(Some(Given::Word(word))) if word == "default" => Ok(None),
        Ok(None) => Err(D::Error::custom(
            "`permissions` is null: leave it out (or write \"default\") for the role's \
             default grant, or list the permissions (`[]` for none)",
        )),
        Ok(Some(Given::Word(_))) | Err(_) => Err(D::Error::custom(
            "`permissions` is a list of permission names, or \"default\" for the role's \
             default grant",
        )),
    }
}

/// [`permissions`] for a field that may be absent (`None`) as well as `"default"`
/// (`Some(None)`).
fn present_permissions<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<Vec<String>>>, D::Error> {
    permissions(deserializer).map(Some)
}

/// A present, non-null value of an optional field.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    match Option::<T>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(D::Error::custom(
            "a field is null: leave it out, or give it a value",
        )),
    }
}
