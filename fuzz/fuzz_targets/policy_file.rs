//! Arbitrary bytes into the `chatgate` binary's policy-file parser: it must answer with a
//! policy or with problems, never panic.

#![no_main]
#![allow(
    dead_code,
    reason = "the binary's modules, of which only the parser is driven here"
)]

#[path = "../../src/bin/chatgate/file.rs"]
mod file;
#[path = "../../src/bin/chatgate/names.rs"]
mod names;
#[path = "../../src/bin/chatgate/problem.rs"]
mod problem;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = file::parse(text);
    }
});
