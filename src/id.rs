//! Typed identifiers for members, teams, accounts, chats and workspaces.
//!
//! Every id is a `u128` under a distinct type, so a member id can never be passed where a
//! chat id is expected. 128 bits hold a UUID exactly and any integer key, so a service keyed
//! by either uses its own keys directly, with no side table:
//!
//! - integers: `MemberId::new(42)` or `MemberId::from(42_u64)`;
//! - UUIDs: `MemberId::from_bytes(*uuid.as_bytes())` (big-endian, as RFC 9562 writes them),
//!   and back with [`MemberId::to_bytes`].

use core::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u128);

        impl $name {
            #[doc = concat!("The ", $what, " id with this numeric value.")]
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("let id = chatgate::", stringify!($name), "::new(7);")]
            /// assert_eq!(id.get(), 7);
            /// ```
            #[must_use]
            pub const fn new(value: u128) -> Self {
                Self(value)
            }

            #[doc = concat!("The ", $what, " id made of 16 big-endian bytes, such as a UUID's.")]
            ///
            /// # Example
            ///
            /// ```
            /// let bytes = [0x67, 0xe5, 0x50, 0x44, 0x10, 0xb1, 0x42, 0x6f,
            ///              0x92, 0x47, 0xbb, 0x68, 0x0e, 0x5f, 0xe0, 0xc8];
            #[doc = concat!("let id = chatgate::", stringify!($name), "::from_bytes(bytes);")]
            /// assert_eq!(id.to_bytes(), bytes);
            /// assert_eq!(id.get(), 0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
            /// ```
            #[must_use]
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(u128::from_be_bytes(bytes))
            }

            /// The numeric value.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("assert_eq!(chatgate::", stringify!($name), "::from(3_u32).get(), 3);")]
            /// ```
            #[must_use]
            pub const fn get(self) -> u128 {
                self.0
            }

            /// The 16 big-endian bytes, the inverse of `from_bytes`.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("let id = chatgate::", stringify!($name), "::new(1);")]
            /// assert_eq!(id.to_bytes()[15], 1);
            /// ```
            #[must_use]
            pub const fn to_bytes(self) -> [u8; 16] {
                self.0.to_be_bytes()
            }
        }

        impl From<u128> for $name {
            fn from(value: u128) -> Self {
                Self(value)
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                Self(u128::from(value))
            }
        }

        impl From<u32> for $name {
            fn from(value: u32) -> Self {
                Self(u128::from(value))
            }
        }

        impl From<[u8; 16]> for $name {
            fn from(bytes: [u8; 16]) -> Self {
                Self::from_bytes(bytes)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        /// The decimal value.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

id_type!(
    /// Identifies a member of a workspace.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::MemberId;
    /// assert_ne!(MemberId::new(1), MemberId::new(2));
    /// assert_eq!(MemberId::from(1_u64).to_string(), "1");
    /// ```
    MemberId,
    "member"
);

id_type!(
    /// Identifies a team within a workspace.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::TeamId;
    /// assert_eq!(TeamId::new(5).get(), 5);
    /// ```
    TeamId,
    "team"
);

id_type!(
    /// Identifies a connected messaging account (a WhatsApp number, say).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::AccountId;
    /// assert_eq!(AccountId::new(9).to_string(), "9");
    /// ```
    AccountId,
    "account"
);

id_type!(
    /// Identifies a chat (one conversation with a customer).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::ChatId;
    /// assert!(ChatId::new(1) < ChatId::new(2));
    /// ```
    ChatId,
    "chat"
);

id_type!(
    /// Identifies a workspace (a tenant) in a journal that holds many.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::WorkspaceId;
    /// assert_eq!(WorkspaceId::new(3).to_string(), "3");
    /// ```
    WorkspaceId,
    "workspace"
);
