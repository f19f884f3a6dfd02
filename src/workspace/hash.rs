//! The hasher of the workspace's id maps: one multiply per id, keyed per map.
//!
//! Every id is a `u128`, and a decision by id looks up two of them (the member and the chat
//! or account). With std's default SipHash-1-3 those two lookups cost several times the
//! decision itself; this hasher folds the id's two halves into one 64×64→128-bit multiply,
//! as foldhash and aHash do, which hashbrown's use of both the high and the low bits of a
//! hash needs.
//!
//! **The HashDoS trade-off.** SipHash is a keyed PRF: nobody who cannot see the key can
//! make ids collide. This hasher is keyed too (each map draws its seed from std's
//! `RandomState`), but it is not a PRF: someone who can choose many ids and time the
//! workspace could in principle find colliding ones and make lookups slow. The ids of a
//! workspace are chosen by the service (database keys, UUIDs it generates), not by the end
//! users being authorized, so that is the trade taken for a decision in nanoseconds. A
//! service that keys members or chats by ids its users choose should hash them first.

use core::hash::{BuildHasher, Hasher};
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};

/// A map keyed by ids, with [`IdHasher`].
pub(super) type IdMap<K, V> = HashMap<K, V, BuildIdHasher>;
/// A set of ids, with [`IdHasher`].
pub(super) type IdSet<K> = HashSet<K, BuildIdHasher>;

/// An odd constant with well-spread bits (the fractional part of π), the multiplier.
const MULTIPLIER: u64 = 0x243f_6a88_85a3_08d3;

/// Multiplies `a` by `b` to 128 bits and folds the halves together: every bit of either
/// input reaches both the high and the low bits of the result.
const fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = (a as u128).wrapping_mul(b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

/// Builds [`IdHasher`]s with one seed, drawn from std's `RandomState` when the map is made.
#[derive(Debug, Clone, Copy)]
pub(super) struct BuildIdHasher {
    seed: u64,
}

impl Default for BuildIdHasher {
    fn default() -> Self {
        Self {
            seed: RandomState::new().hash_one(MULTIPLIER),
        }
    }
}

impl BuildHasher for BuildIdHasher {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher { state: self.seed }
    }
}

/// Hashes ids: each 64-bit word costs one folded multiply with the running state.
#[derive(Debug, Clone, Copy)]
pub(super) struct IdHasher {
    state: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Not taken by the ids (they hash through `write_u128`); correct for anything else.
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            for (to, from) in word.iter_mut().zip(chunk) {
                *to = *from;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.state = folded_multiply(self.state ^ word, MULTIPLIER);
    }

    fn write_u128(&mut self, id: u128) {
        let (low, high) = (id as u64, (id >> 64) as u64);
        self.state = folded_multiply(self.state ^ low, MULTIPLIER ^ high);
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
