//! Why a policy file cannot be used: each problem with its line, column and entry.
//!
//! While a file is read, a problem knows only the byte offset where it is; lines and columns
//! are worked out once, for all problems together, in one pass over the text
//! ([`locate`]). Reading a file is therefore linear in its size however many entries it has
//! (the reader this replaces counted the lines before every entry: quadratic).

use std::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

use serde_json::value::RawValue;

use super::printable::Printable;

/// Where a problem is: a line and a column, both counted from 1 (columns in bytes, as
/// serde_json counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in bytes, from 1.
    pub column: usize,
}

/// One reason a policy file cannot be used: what is wrong, in which entry, and where.
///
/// Its `Display` is `line:column: entry: message` (each part when known), with every control
/// character of the file's own text escaped, so a file cannot write to a terminal or a log
/// anything but this one line.
///
/// # Example
///
/// ```
/// use chatgate::policy_file::PolicyFile;
///
/// let text = r#"{"members": [{"id": "olga", "role": "owner"}, {"id": "sam", "role": "superadmin"}]}"#;
/// let problems = PolicyFile::parse(text).unwrap_err();
/// let problem = &problems.as_slice()[0];
/// assert_eq!(problem.entry(), Some(r#"members[1] ("sam")"#));
/// assert_eq!(problem.message(), "unknown role `superadmin`");
/// assert_eq!(problem.to_string(), r#"1:47: members[1] ("sam"): unknown role `superadmin`"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    position: Option<Position>,
    entry: Option<String>,
    message: String,
}

impl Problem {
    /// Where in the file, when the problem has a place (a file that cannot be read has none).
    #[must_use]
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The entry, as `members[2] ("bea")` or `checks[0]`, when the problem is in one.
    #[must_use]
    pub fn entry(&self) -> Option<&str> {
        self.entry.as_deref()
    }

    /// What is wrong, as written from the file (not yet escaped: `Display` escapes it).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The problem as one line naming `file`: `file:line:column: entry: message`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// let problems = PolicyFile::parse("{\"members\": [}").unwrap_err();
    /// let line = problems.as_slice()[0].in_file("team.json").to_string();
    /// assert!(line.starts_with("team.json:1:14: invalid JSON: "), "{line}");
    /// ```
    #[must_use]
    pub fn in_file<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        InFile {
            file,
            problem: self,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(Position { line, column }) = self.position {
            write!(f, "{line}:{column}: ")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, "{}: ", Printable(entry))?;
        }
        write!(f, "{}", Printable(&self.message))
    }
}

impl std::error::Error for Problem {}

/// [`Problem::in_file`].
struct InFile<'a> {
    file: &'a str,
    problem: &'a Problem,
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `file:line:column: …`, or `file: …` for a problem with no place.
        let between = if self.problem.position.is_some() {
            ":"
        } else {
            ": "
        };
        write!(f, "{}{between}{}", Printable(self.file), self.problem)
    }
}

/// Every problem that makes a policy file unusable, in the order of the file (a problem of
/// the whole workspace, such as a missing owner, last). Never empty.
///
/// # Example
///
/// ```
/// use chatgate::policy_file::PolicyFile;
///
/// let problems = PolicyFile::parse(r#"{"members": [{"id": "ana", "role": "agent"}]}"#).unwrap_err();
/// assert_eq!(problems.len(), 1);
/// assert!(problems.to_string().contains("no member has the role `owner`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// The problems, in the order of the file.
    #[must_use]
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// How many problems there are (at least one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a file with no problem is usable. (For clippy's `len_without_is_empty`.)
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// One problem with no place in the file.
    pub(super) fn one(message: impl Into<String>) -> Self {
        Self(std::vec![Problem {
            position: None,
            entry: None,
            message: message.into(),
        }])
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// One problem per line.
impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// A problem found while reading, placed by a byte offset until [`locate`] turns every
/// offset into a line and a column.
#[derive(Debug)]
pub(super) struct Found {
    at: Place,
    entry: Option<String>,
    message: String,
}

/// Where a found problem is.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Nowhere in particular (the workspace as a whole).
    Nowhere,
    /// A byte offset in the file.
    Offset(usize),
    /// A line and a column, as serde_json reported them for the whole file.
    Known(Position),
}

impl Found {
    /// A problem of the whole file, at no place.
    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            at: Place::Nowhere,
            entry: None,
            message: message.into(),
        }
    }

    /// A problem serde_json found in the whole file, at its line and column.
    pub(super) fn at(line: usize, column: usize, message: String) -> Self {
        Self {
            at: Place::Known(Position { line, column }),
            entry: None,
            message,
        }
    }

    /// A problem at byte `offset` of the file, in no entry.
    pub(super) fn at_offset(offset: usize, message: String) -> Self {
        Self {
            at: Place::Offset(offset),
            entry: None,
            message,
        }
    }

    /// A problem at the start of `entry`.
    pub(super) fn in_entry(entry: &Entry, message: impl Into<String>) -> Self {
        Self {
            at: Place::Offset(entry.offset),
            entry: Some(entry.label.clone()),
            message: message.into(),
        }
    }
}

/// One entry of an array: its label (`members[2] ("bea")`) and the byte offset where it
/// starts.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    label: String,
    offset: usize,
}

impl Entry {
    /// Entry `index` of `array`, whose raw text `raw` is a slice of the file `text`, with
    /// the id it gives, if any.
    pub(super) fn new(
        text: &str,
        array: &str,
        index: usize,
        raw: &RawValue,
        id: Option<&str>,
    ) -> Self {
        let label = match id {
            Some(id) => std::format!("{array}[{index}] ({id:?})"),
            None => std::format!("{array}[{index}]"),
        };
        // `raw` is a slice of `text`: its start's distance from the text's start.
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        Self { label, offset }
    }

    /// `error` while reading this entry (whose raw text is `raw`), placed in the whole file.
    pub(super) fn serde_problem(&self, raw: &str, error: &serde_json::Error) -> Found {
        let within = offset_of(raw, error.line(), error.column());
        Found {
            at: Place::Offset(self.offset + within),
            entry: Some(self.label.clone()),
            message: message_of(error),
        }
    }
}

/// The byte offset in `text` of `line` and `column` (from 1; a column of 0 is the line's
/// start), or the text's end when it has fewer.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Turns the found problems into problems with lines and columns: one pass over `text`
/// for all of them.
pub(super) fn locate(text: &str, found: Vec<Found>) -> Problems {
    let mut offsets: Vec<usize> = found
        .iter()
        .filter_map(|problem| match problem.at {
            Place::Offset(offset) => Some(offset),
            Place::Nowhere | Place::Known(_) => None,
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    // Walk the text once, noting the position of each offset in order.
    let mut positions = Vec::with_capacity(offsets.len());
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    for &offset in &offsets {
        let offset = offset.min(text.len());
        let between = text.as_bytes().get(scanned..offset).unwrap_or_default();
        for (at, byte) in between.iter().enumerate() {
            if *byte == b'\n' {
                line += 1;
                line_start = scanned + at + 1;
            }
        }
        scanned = offset.max(scanned);
        positions.push(Position {
            line,
            column: offset - line_start.min(offset) + 1,
        });
    }
    let position_of = |offset: usize| {
        offsets
            .binary_search(&offset)
            .ok()
            .and_then(|index| positions.get(index).copied())
    };
    Problems(
        found
            .into_iter()
            .map(|problem| Problem {
                position: match problem.at {
                    Place::Nowhere => None,
                    Place::Known(position) => Some(position),
                    Place::Offset(offset) => position_of(offset),
                },
                entry: problem.entry,
                message: problem.message,
            })
            .collect(),
    )
}

/// serde_json's message without its " at line L column C" (the caller places it).
pub(super) fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = std::format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(text: &str, offsets: &[usize]) -> Vec<Option<Position>> {
        let found = offsets
            .iter()
            .map(|&offset| Found {
                at: Place::Offset(offset),
                entry: None,
                message: String::new(),
            })
            .collect();
        locate(text, found)
            .into_iter()
            .map(|problem| problem.position)
            .collect()
    }

    #[test]
    fn positions_count_lines_and_columns_from_one_in_any_order() {
        let at = |line, column| Some(Position { line, column });
        assert_eq!(
            positions("ab\ncd\n\nef", &[4, 0, 7, 3, 4]),
            [at(2, 2), at(1, 1), at(4, 1), at(2, 1), at(2, 2)]
        );
    }

    #[test]
    fn offsets_within_an_entry_follow_its_lines() {
        assert_eq!(offset_of("ab\ncd", 1, 2), 1);
        assert_eq!(offset_of("ab\ncd", 2, 1), 3);
        assert_eq!(offset_of("ab\ncd", 2, 0), 3);
        assert_eq!(offset_of("ab\ncd", 9, 9), 5);
    }
}
