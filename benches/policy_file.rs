//! Reading a policy file (`PolicyFile::parse`: JSON, every entry checked, the workspace
//! built) at 10k, 100k and 1M chats: the time must grow linearly with the file. (The reader
//! this replaced counted lines from the file's start for every entry: 80k chats took 35 s.)

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "bench setup: a fixture that fails is a bug"
)]

use std::fmt::Write;
use std::hint::black_box;

use chatgate::policy_file::PolicyFile;
use criterion::{criterion_group, criterion_main, Criterion};

/// A file of 40 members in 4 teams (one owner, one removed agent), one account each, `chats`
/// chats spread over the accounts (every third assigned to a member), and 100 checks; one
/// entry per line, as people write them.
fn file(chats: usize) -> String {
    const MEMBERS: usize = 40;
    let roles = ["admin", "teammate", "agent", "collaborator"];
    let mut text = String::from(
        "{\n\"members\": [\n  {\"id\": \"m0\", \"role\": \"owner\", \"teams\": [\"t0\"]}",
    );
    for m in 1..MEMBERS {
        let removed = if m == 7 { ", \"removed\": true" } else { "" };
        write!(
            text,
            ",\n  {{\"id\": \"m{m}\", \"role\": \"{}\", \"teams\": [\"t{}\"]{removed}}}",
            roles[m % 4],
            m % 4
        )
        .unwrap();
    }
    text.push_str("\n],\n\"accounts\": [\n");
    // Collaborators (every fourth member) connect no account.
    let connectors: Vec<usize> = (0..MEMBERS).filter(|m| m % 4 != 3).collect();
    for (index, m) in connectors.iter().enumerate() {
        let comma = if index == 0 { "" } else { ",\n" };
        write!(
            text,
            "{comma}  {{\"id\": \"a{m}\", \"connected_by\": \"m{m}\"}}"
        )
        .unwrap();
    }
    text.push_str("\n],\n\"chats\": [\n");
    for c in 0..chats {
        let comma = if c == 0 { "" } else { ",\n" };
        let account = connectors[c % connectors.len()];
        let assignees = if c % 3 == 0 {
            format!(", \"assignees\": [\"m{}\"]", c % MEMBERS)
        } else {
            String::new()
        };
        write!(
            text,
            "{comma}  {{\"id\": \"c{c}\", \"account\": \"a{account}\"{assignees}}}"
        )
        .unwrap();
    }
    text.push_str("\n],\n\"checks\": [\n");
    for k in 0..100 {
        let comma = if k == 0 { "" } else { ",\n" };
        write!(
            text,
            "{comma}  {{\"subject\": \"m0\", \"action\": \"view\", \"chat\": \"c{}\", \"expect\": \"allow\"}}",
            k * (chats / 100)
        )
        .unwrap();
    }
    text.push_str("\n]\n}\n");
    text
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("policy_file");
    group.sample_size(10);
    for (label, chats) in [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)] {
        let text = file(chats);
        assert!(PolicyFile::parse(&text).unwrap().run().all(|o| o.passed()));
        group.bench_function(format!("parse_{label}"), |b| {
            b.iter(|| PolicyFile::parse(black_box(&text)).unwrap());
        });
    }
    group.finish();
}

criterion_group!(policy_file_benches, benches);
criterion_main!(policy_file_benches);
