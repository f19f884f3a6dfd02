//! The hasher of the workspace's id maps: one multiply per id, keyed per map.
//!
//! Every id is a `u128`, and a decision by id looks up two of them (the member and the chat
//! or account). With std's default SipHash-1-3 those two lookups cost several times the
//! decision itself; this hasher folds the id's two halves into one 64×64→128-bit multiply,
//! as foldhash and aHash do, which hashbrown's use of both the high and the low bits of a
//! hash needs.
//!
//! **Keyed on both halves.** Each map draws two random 64-bit keys from std's `RandomState`
//! (randomly seeded once per process, then varied per map), and the id is folded as
//! `fold((low ^ key₀) × (high ^ key₁))`, then folded once more with `key₁` so every bit of the
//! product reaches the bucket bits. Both factors depend on a key nobody outside the
//! process sees, so no family of ids collides whatever the key: the factor that an id could
//! zero is `high ^ key₁` or `low ^ key₀`, which takes knowing the key. (The hasher this
//! replaces multiplied by `high ^ MULTIPLIER`, a public constant: every id whose high half
//! was that constant hashed to the same value, 2⁶⁴ ready-made collisions.) It is still not a
//! PRF like SipHash: someone who can time lookups and choose very many ids could in principle
//! learn something of a key; the ids of a workspace are chosen by the service (database keys,
//! UUIDs it generates), not by the members being authorized. `tests/hashdos.rs` receives
//! 80,000 chats of the old attacking family and of others against this hasher and checks the
//! table stays balanced.

use core::hash::{BuildHasher, Hasher};
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};

/// A map keyed by ids, with [`IdHasher`].
pub(super) type IdMap<K, V> = HashMap<K, V, BuildIdHasher>;
/// A set of ids, with [`IdHasher`].
pub(super) type IdSet<K> = HashSet<K, BuildIdHasher>;

/// Multiplies `a` by `b` to 128 bits and folds the halves together: every bit of either
/// input reaches both the high and the low bits of the result.
const fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = (a as u128).wrapping_mul(b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

/// Builds [`IdHasher`]s with one seed, drawn from std's `RandomState` when the map is made.
#[derive(Debug, Clone, Copy)]
pub(super) struct BuildIdHasher {
    /// Mixed into an id's low half (and the start of any other input).
    low_key: u64,
    /// Mixed into an id's high half (and every word of any other input).
    high_key: u64,
}

impl Default for BuildIdHasher {
    fn default() -> Self {
        let random = RandomState::new();
        Self {
            low_key: random.hash_one(0_u8),
            high_key: random.hash_one(1_u8),
        }
    }
}

impl BuildHasher for BuildIdHasher {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher {
            state: self.low_key,
            key: self.high_key,
        }
    }
}

/// Hashes ids: each 64-bit word costs one folded multiply with the running state, and the
/// finish one more.
#[derive(Debug, Clone, Copy)]
pub(super) struct IdHasher {
    state: u64,
    key: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Not taken by the ids (they hash through `write_u128`); correct for anything else.
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = *from;
            }
            self.state = folded_multiply(self.state ^ u64::from_le_bytes(word), self.key);
        }
    }

    #[inline]
    fn write_u128(&mut self, id: u128) {
        let (low, high) = (id as u64, (id >> 64) as u64);
        self.state = folded_multiply(self.state ^ low, self.key ^ high);
    }

    /// One more folded multiply: without it the low bits (hashbrown's bucket) of ids that
    /// differ only in their top bits took too few values for some keys.
    #[inline]
    fn finish(&self) -> u64 {
        folded_multiply(self.state, self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn hash(build: &BuildIdHasher, id: u128) -> u64 {
        build.hash_one(id)
    }

    #[test]
    fn equal_ids_hash_equal_and_near_ids_apart() {
        let build = BuildIdHasher::default();
        assert_eq!(hash(&build, 7), hash(&build, 7));
        let hashes: HashSet<u64> = (0..10_000_u128).map(|id| hash(&build, id)).collect();
        assert_eq!(hashes.len(), 10_000);
        // Ids differing only in their high half (UUIDs sharing a low half) differ too.
        let high: HashSet<u64> = (0..10_000_u128).map(|id| hash(&build, id << 64)).collect();
        assert_eq!(high.len(), 10_000);
    }

    #[test]
    fn other_keys_hash_by_every_byte() {
        // Not taken by the ids, but a `Hasher` must be correct for any key: integers and
        // byte strings that differ anywhere hash apart.
        let build = BuildIdHasher::default();
        let words: HashSet<u64> = (0..10_000_u64)
            .flat_map(|n| [n, (n + 1) << 40])
            .map(|n| build.hash_one(n))
            .collect();
        assert_eq!(words.len(), 20_000);
        let texts: HashSet<u64> = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
        ]
        .iter()
        .map(|text| build.hash_one(text))
        .collect();
        assert_eq!(texts.len(), 8);
    }

    #[test]
    fn sequential_ids_spread_over_buckets_and_tags() {
        // hashbrown takes the bucket from the low bits and a 7-bit tag from the top ones.
        let build = BuildIdHasher::default();
        let mut low = [0_u32; 64];
        let mut top = [0_u32; 128];
        for id in 0..64_000_u128 {
            let h = hash(&build, id);
            low[(h % 64) as usize] += 1;
            top[(h >> 57) as usize] += 1;
        }
        assert!(low.iter().all(|n| (700..1300).contains(n)), "{low:?}");
        assert!(top.iter().all(|n| (300..700).contains(n)), "{top:?}");
    }

    /// A family of ids: its name, and its `i`-th id.
    type Family = (&'static str, fn(u128) -> u128);

    /// How many distinct buckets of a 2¹⁷-bucket table (hashbrown's bucket: the low bits)
    /// and how many distinct 7-bit tags (the top bits) `ids` fall in.
    fn spread(build: &BuildIdHasher, ids: impl Iterator<Item = u128>) -> (usize, usize) {
        let hashes: Vec<u64> = ids.map(|id| hash(build, id)).collect();
        let buckets: HashSet<u64> = hashes.iter().map(|h| h & ((1 << 17) - 1)).collect();
        let tags: HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        (buckets.len(), tags.len())
    }

    #[test]
    fn no_family_of_ids_collides_whatever_the_key() {
        // 80,000 ids into 131,072 buckets: random hashes fill about 59,000 of them. The old
        // hasher put every id of the first family in one bucket.
        const N: u128 = 80_000;
        let old_multiplier: u128 = 0x243f_6a88_85a3_08d3;
        let families: [Family; 6] = [
            (
                "the old attack: high half = the old public multiplier",
                |i| (0x243f_6a88_85a3_08d3 << 64) | i,
            ),
            ("low half zero, high half counting", |i| i << 64),
            ("both halves equal", |i| (i << 64) | i),
            ("high half = low half xor a constant", |i| {
                ((i ^ 0xffff) << 64) | i
            }),
            ("multiples of 2^40 in each half", |i| (i << 104) | (i << 40)),
            ("counting in the top bits only", |i| i << 111),
        ];
        assert_eq!(families[0].1(5) >> 64, old_multiplier);
        // Sixteen keys: a family that collides for even a few keys in a hundred fails here.
        for _ in 0..16 {
            let build = BuildIdHasher::default();
            for (name, family) in families {
                let (buckets, tags) = spread(&build, (0..N).map(family));
                assert!(buckets > 50_000, "{name}: {buckets} buckets");
                assert_eq!(tags, 128, "{name}: {tags} tags");
            }
        }
    }

    #[test]
    fn every_key_kind_spreads_over_the_buckets() {
        // 10,000 distinct keys of each kind the workspace hashes: member, team and account
        // ids, and chat keys, through the maps' own `Hash` impls.
        use crate::{AccountId, MemberId, TeamId};
        let build = BuildIdHasher::default();
        let count = |hashes: Vec<u64>| -> usize {
            hashes
                .iter()
                .map(|h| h & ((1 << 14) - 1))
                .collect::<HashSet<_>>()
                .len()
        };
        let members = count(
            (0..10_000)
                .map(|i| build.hash_one(MemberId::new(i)))
                .collect(),
        );
        let teams = count(
            (0..10_000)
                .map(|i| build.hash_one(TeamId::new(i << 64)))
                .collect(),
        );
        let accounts = count(
            (0..10_000)
                .map(|i| build.hash_one(AccountId::new(i)))
                .collect(),
        );
        let chats = count(
            (0..10_000)
                .map(|i| build.hash_one(super::super::chats::key_of(crate::ChatId::new(i))))
                .collect(),
        );
        // 10,000 keys into 16,384 buckets: random hashes fill about 7,300.
        for (kind, buckets) in [
            ("members", members),
            ("teams", teams),
            ("accounts", accounts),
            ("chats", chats),
        ] {
            assert!(buckets > 6_500, "{kind}: {buckets} buckets");
        }
    }

    #[test]
    fn bytes_hash_as_words() {
        let build = BuildIdHasher::default();
        let mut one = build.build_hasher();
        one.write(&[1, 0, 0, 0, 0, 0, 0, 0, 2]);
        let mut two = build.build_hasher();
        two.write_u64(1);
        two.write_u64(2);
        assert_eq!(one.finish(), two.finish());
    }
}
