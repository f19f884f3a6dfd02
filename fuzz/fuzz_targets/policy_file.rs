//! Arbitrary bytes into the policy-file reader (`chatgate::policy_file`): it must answer
//! with a policy or with problems, never panic.

#![no_main]

use chatgate::policy_file::PolicyFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = PolicyFile::parse(text);
    }
});
