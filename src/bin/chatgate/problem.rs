//! Why a policy file cannot be used: each problem with its line, column and entry.

use std::path::Path;

use serde_json::value::RawValue;

/// Why a file cannot be used: one problem, with where it is.
#[derive(Debug)]
pub struct Problem {
    /// Line and column in the file, when known.
    at: Option<(usize, usize)>,
    /// The entry, as `members[2] ("bea")`, when the problem is in one.
    entry: Option<String>,
    /// What is wrong.
    message: String,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            at: None,
            entry: None,
            message: message.into(),
        }
    }

    /// A problem at `line` and `column` of the file, in no entry.
    pub fn at(line: usize, column: usize, message: String) -> Self {
        Self {
            at: Some((line, column)),
            entry: None,
            message,
        }
    }

    pub fn in_entry(entry: &Entry, message: impl Into<String>) -> Self {
        Self {
            at: entry.at,
            entry: Some(entry.label.clone()),
            message: message.into(),
        }
    }

    /// The problem as one line for `file`: `file:line:column: entry: message`.
    pub fn line(&self, file: &Path) -> String {
        let mut line = file.display().to_string();
        if let Some((row, column)) = self.at {
            line.push_str(&format!(":{row}:{column}"));
        }
        if let Some(entry) = &self.entry {
            line.push_str(&format!(": {entry}"));
        }
        line.push_str(&format!(": {}", self.message));
        line
    }
}

/// One entry of an array: its label (`members[2] ("bea")`) and where it starts.
#[derive(Debug, Clone)]
pub struct Entry {
    label: String,
    at: Option<(usize, usize)>,
}

impl Entry {
    pub fn new(text: &str, array: &str, index: usize, raw: &RawValue, id: Option<&str>) -> Self {
        let label = match id {
            Some(id) => format!("{array}[{index}] ({:?})", id),
            None => format!("{array}[{index}]"),
        };
        Self {
            label,
            at: position(text, raw.get()),
        }
    }

    /// `error` while reading this entry, placed at its line and column in the whole file.
    pub fn serde_problem(&self, error: &serde_json::Error) -> Problem {
        let at = self.at.map(|(line, column)| {
            if error.line() <= 1 {
                (line, column + error.column().saturating_sub(1))
            } else {
                (line + error.line() - 1, error.column())
            }
        });
        Problem {
            at,
            entry: Some(self.label.clone()),
            message: message_of(error),
        }
    }
}

/// The line and column (both from 1; columns in bytes, as serde_json counts them) where
/// `fragment`, a slice of `text`, starts.
fn position(text: &str, fragment: &str) -> Option<(usize, usize)> {
    let offset = (fragment.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, str::len) + 1;
    Some((line, column))
}

/// serde_json's message without its " at line L column C" (the caller places it).
pub fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The `"id"` of a raw entry that could not be read, if it has a string one.
pub fn raw_id(raw: &RawValue) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
    value.get("id")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_columns_from_one() {
        let text = "ab\ncd";
        assert_eq!(position(text, text.get(4..).unwrap()), Some((2, 2)));
        assert_eq!(position(text, text), Some((1, 1)));
        assert_eq!(position(text, "elsewhere"), None);
    }
}
