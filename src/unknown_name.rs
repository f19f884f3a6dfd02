//! The error for a name that names nothing.

use alloc::string::String;

/// A role, action, permission or reason name that is not one of the known names.
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
#[error("unknown {kind} `{name}`")]
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

    /// What kind of name was expected: `"role"`, `"action"`, `"permission"` or `"reason"`.
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

    /// The name that was given.
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
