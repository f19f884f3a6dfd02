//! Text from a file, made safe to print: control characters escaped.

use core::fmt::{self, Write};

/// Text as it can go to a terminal or a log: every control character (and every Unicode
/// bidirectional override) written as its escape, `\n` as `\n`, ESC as `\u{1b}`; all other
/// text as it is.
///
/// A policy file's ids, names and field names reach problems and check lines; without this
/// a file could end a line early (`0 passed, 0 failed` on a line of its own, in a CI log),
/// move the cursor or set a terminal's title.
///
/// # Example
///
/// ```
/// use chatgate::policy_file::Printable;
///
/// assert_eq!(Printable("bea").to_string(), "bea");
/// assert_eq!(Printable("a\nb\u{1b}]0;x\u{7}").to_string(), "a\\nb\\u{1b}]0;x\\u{7}");
/// assert_eq!(Printable("ok \u{202e}txt").to_string(), "ok \\u{202e}txt");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() || is_bidi_control(c) {
                write!(f, "{}", c.escape_debug())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// The Unicode bidirectional controls, which reorder what a terminal shows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
