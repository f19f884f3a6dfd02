//! Writing a set as a list of names.

use core::fmt;

/// Writes `names` separated by `", "`, or `none` when there are none.
pub(crate) fn write_names<'a>(
    f: &mut fmt::Formatter<'_>,
    mut names: impl Iterator<Item = &'a str>,
) -> fmt::Result {
    match names.next() {
        None => f.write_str("none"),
        Some(first) => {
            f.write_str(first)?;
            names.try_for_each(|name| write!(f, ", {name}"))
        }
    }
}
