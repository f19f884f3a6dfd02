//! Names: every named type's names are one table, and `name()`, `Display`, `FromStr` and
//! serde all read that table.
//!
//! - A named enum ([`Role`](crate::Role), [`Action`](crate::Action), …) declares its names
//!   with [`named!`], which writes its `ALL` list, its `const fn name`, `Display` and
//!   `FromStr` from one list of `Variant = "name"` pairs.
//! - A set of flags ([`Permission`](crate::Permission), [`Categories`](crate::Categories),
//!   [`Capabilities`](crate::Capabilities)) implements [`FlagNames`] with one table of its
//!   single flags and their names; [`write_set`] and [`parse_set`] are its `Display` and
//!   `FromStr`.

use alloc::string::String;
use core::fmt;

/// A role, action, permission, reason or category name that is not one of the known names.
///
/// Names are matched exactly (lowercase, snake_case): an unknown name is an error, never a
/// guess, so a typo cannot silently widen or narrow access.
///
/// # Example
///
/// ```
/// use chatgate::Role;
///
/// let error = "superadmin".parse::<Role>().unwrap_err();
/// assert_eq!(error.to_string(), "unknown role `superadmin`");
/// assert_eq!(error.kind(), "role");
/// assert_eq!(error.name(), "superadmin");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{}`", name.escape_debug())]
pub struct UnknownName {
    kind: &'static str,
    name: String,
}

impl UnknownName {
    pub(crate) fn new(kind: &'static str, name: &str) -> Self {
        Self {
            kind,
            name: String::from(name),
        }
    }

    /// What kind of name was expected: `"role"`, `"action"`, `"permission"`, `"reason"`,
    /// `"category"`, `"resource kind"` or `"chat capability"`.
    ///
    /// # Example
    ///
    /// ```
    /// let error = "write".parse::<chatgate::Action>().unwrap_err();
    /// assert_eq!(error.kind(), "action");
    /// ```
    #[must_use]
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The name that was given, as given.
    ///
    /// # Example
    ///
    /// ```
    /// let error = "write".parse::<chatgate::Action>().unwrap_err();
    /// assert_eq!(error.name(), "write");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Declares a named enum's names: `named!(Role, "role", Owner = "owner", …)` writes
/// `Role::ALL` (every variant, in the order given), `const fn name`, `Display` (the name) and
/// `FromStr` (the exact name, else [`UnknownName`]).
macro_rules! named {
    ($type:ident, $kind:literal, $first:ident = $first_name:literal $(, $variant:ident = $name:literal)* $(,)?) => {
        impl $type {
            #[doc = concat!("Every ", $kind, ", in the order of the policy's tables.")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use chatgate::", stringify!($type), ";")]
            #[doc = concat!("assert_eq!(", stringify!($type), "::ALL.first(), Some(&", stringify!($type), "::", stringify!($first), "));")]
            /// ```
            pub const ALL: [$type; [stringify!($first) $(, stringify!($variant))*].len()] =
                [$type::$first $(, $type::$variant)*];

            #[doc = concat!("The ", $kind, "'s lowercase snake_case name, as files and serde spell it.")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("assert_eq!(chatgate::", stringify!($type), "::", stringify!($first), ".name(), \"", $first_name, "\");")]
            /// ```
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $type::$first => $first_name,
                    $($type::$variant => $name,)*
                }
            }
        }

        #[doc = concat!("The name, as [`", stringify!($type), "::name`].")]
        impl core::fmt::Display for $type {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }

        #[doc = concat!("Parses the exact name, as [`", stringify!($type), "::name`] spells it.")]
        ///
        /// # Errors
        ///
        /// [`UnknownName`](crate::UnknownName) for any other text: a name in another case, a
        /// misspelling, the empty string.
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use chatgate::", stringify!($type), ";")]
        ///
        #[doc = concat!("assert_eq!(\"", $first_name, "\".parse::<", stringify!($type), ">()?, ", stringify!($type), "::", stringify!($first), ");")]
        #[doc = concat!("assert!(\"nonsense\".parse::<", stringify!($type), ">().is_err());")]
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        impl core::str::FromStr for $type {
            type Err = crate::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                $type::ALL
                    .into_iter()
                    .find(|value| value.name() == name)
                    .ok_or_else(|| crate::UnknownName::new($kind, name))
            }
        }
    };
}
pub(crate) use named;

/// A set type whose single flags are named by one table.
pub(crate) trait FlagNames: bitflags::Flags + Copy + 'static {
    /// What a single flag's name names, for errors: `"permission"`.
    const KIND: &'static str;
    /// Every single flag with its name, in the order sets are written.
    const NAMES: &'static [(Self, &'static str)];
}

/// The name of the single flag `flag`, if it is one.
pub(crate) fn name_of<T: FlagNames>(flag: T) -> Option<&'static str> {
    T::NAMES
        .iter()
        .find(|(known, _)| known.bits() == flag.bits())
        .map(|(_, name)| *name)
}

/// The single flag called `name`, if any.
pub(crate) fn flag_named<T: FlagNames>(name: &str) -> Option<T> {
    T::NAMES
        .iter()
        .find(|(_, known)| *known == name)
        .map(|(flag, _)| *flag)
}

/// The names of the flags in `set`, in table order.
pub(crate) fn names_in<T: FlagNames>(set: T) -> impl Iterator<Item = &'static str> {
    T::NAMES
        .iter()
        .filter(move |(flag, _)| set.contains(*flag))
        .map(|(_, name)| *name)
}

/// Writes the names in `set` separated by `", "`, or `none` for the empty set.
pub(crate) fn write_set<T: FlagNames>(f: &mut fmt::Formatter<'_>, set: T) -> fmt::Result {
    let mut names = names_in(set);
    match names.next() {
        None => f.write_str("none"),
        Some(first) => {
            f.write_str(first)?;
            names.try_for_each(|name| write!(f, ", {name}"))
        }
    }
}

/// Parses one flag name or a list of them separated by `,`, `|` or `+` (spaces allowed);
/// `none` and the empty string are the empty set; a repeated name counts once.
pub(crate) fn parse_set<T: FlagNames>(text: &str) -> Result<T, UnknownName> {
    let text = text.trim();
    if text.is_empty() || text == "none" {
        return Ok(T::empty());
    }
    text.split([',', '|', '+'])
        .map(str::trim)
        .try_fold(T::empty(), |set, name| {
            flag_named::<T>(name)
                .map(|flag| set.union(flag))
                .ok_or_else(|| UnknownName::new(T::KIND, name))
        })
}
