//! Shared by the `fuzz_*` tests: a seeded byte mutator and "valid-ish" protobuf encodings of
//! any message the chain knows, built from the generated descriptor set (every field set to a
//! plausible value: the signer's address in strings, small numbers, nested messages), so the
//! fuzzed inputs get past the outer decoding and reach the handlers.

#![allow(dead_code)]

use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MessageDescriptor, Value};

/// The number of proptest cases: `PROPTEST_CASES` when set (on-demand runs), else `ci`.
pub fn cases(ci: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci)
}

/// A proptest runner of `n` cases whose random stream follows `FUZZ_SEED`
/// (default 0): CI runs the same cases every time; on-demand runs pick other seeds.
pub fn runner(n: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRunner::new_with_rng(
        Config {
            cases: n,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    )
}

/// splitmix64, seeded by proptest.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    pub fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    pub fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.idx(max + 1);
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// One to four random edits of `data`: bit flips, byte changes, insertions, deletions,
/// truncation, duplicated or appended chunks, and varint-length bombs.
pub fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut d = data.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = d.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.idx(len);
                d[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.idx(len);
                d[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.idx(len + 1);
                d.insert(i, rng.next() as u8);
            }
            3 if len > 0 => {
                let i = rng.idx(len);
                let n = rng.idx(len - i) + 1;
                d.drain(i..i + n);
            }
            4 => d.truncate(rng.idx(len + 1)),
            5 if len > 0 => {
                let i = rng.idx(len);
                let n = (rng.idx(len - i) + 1).min(256);
                let chunk = d[i..i + n].to_vec();
                let at = rng.idx(len + 1);
                d.splice(at..at, chunk);
            }
            6 => {
                // a field whose varint length claims far more than there is
                let i = rng.idx(len + 1);
                let field = (1 + rng.below(15) as u8) << 3 | 2;
                let bomb = [field, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
                d.splice(i..i, bomb);
            }
            _ => {
                let extra = rng.bytes(32);
                d.extend_from_slice(&extra);
            }
        }
    }
    d
}

/// The descriptor set the node serves (Cosmos SDK types included).
pub fn pool() -> DescriptorPool {
    DescriptorPool::decode(openledger_proto::FILE_DESCRIPTOR_SET).expect("descriptor set")
}

/// A plausible encoding of message `desc`: most fields set, strings mostly `addresses[..]`;
/// the first string field (a Msg's signer, by Cosmos convention) mostly `addresses[0]`.
pub fn valid_ish(desc: &MessageDescriptor, rng: &mut Rng, addresses: &[String]) -> Vec<u8> {
    let mut m = fill(desc, rng, addresses, 0);
    if let (Some(f), Some(a)) = (
        desc.fields()
            .find(|f| f.kind() == Kind::String && !f.is_list()),
        addresses.first(),
    ) {
        if rng.chance(90) {
            m.set_field(&f, Value::String(a.clone()));
        }
    }
    m.encode_to_vec()
}

fn fill(
    desc: &MessageDescriptor,
    rng: &mut Rng,
    addresses: &[String],
    depth: u32,
) -> DynamicMessage {
    let mut m = DynamicMessage::new(desc.clone());
    if depth > 3 {
        return m;
    }
    for f in desc.fields() {
        if f.is_map() || rng.chance(15) {
            continue;
        }
        let v = if f.kind() == Kind::String {
            Value::String(string_for(f.name(), rng, addresses))
        } else if let Some(v) = value(&f.kind(), rng, addresses, depth) {
            v
        } else {
            continue;
        };
        if f.is_list() {
            let n = 1 + rng.below(3) as usize;
            let mut items = vec![v];
            for _ in 1..n {
                if f.kind() == Kind::String {
                    items.push(Value::String(string_for(f.name(), rng, addresses)));
                } else if let Some(x) = value(&f.kind(), rng, addresses, depth) {
                    items.push(x);
                }
            }
            m.set_field(&f, Value::List(items));
        } else {
            m.set_field(&f, v);
        }
    }
    m
}

/// A string for a field called `name`: an address, a denom, an amount or a hash as the name
/// suggests, else anything.
fn string_for(name: &str, rng: &mut Rng, addresses: &[String]) -> String {
    const ADDRESS: &[&str] = &[
        "address",
        "owner",
        "creator",
        "operator",
        "validator",
        "delegat",
        "user",
        "provider",
        "voter",
        "proposer",
        "authority",
        "buyer",
        "contributor",
        "curator",
        "challenger",
        "claimant",
        "depositor",
        "grante",
        "sender",
        "actor",
        "signer",
    ];
    const NUMBER: &[&str] = &[
        "amount",
        "price",
        "rate",
        "fee",
        "bond",
        "limit",
        "budget",
        "fraction",
        "delegation",
        "reward",
        "ceiling",
    ];
    if rng.chance(85) {
        if name == "denom" {
            return "aopen".into();
        }
        if NUMBER.iter().any(|n| name.contains(n)) && !name.ends_with("address") {
            return format!("{}", rng.below(1_000_000_000_000_000_000));
        }
        if ADDRESS.iter().any(|n| name.contains(n)) && !addresses.is_empty() {
            return addresses[rng.idx(addresses.len())].clone();
        }
        if name.contains("hash") || name.contains("commitment") || name.contains("salt") {
            return hex::encode(rng.bytes(32));
        }
        if name == "to" || name == "from" {
            return addresses.first().cloned().unwrap_or_default();
        }
    }
    match rng.below(4) {
        0 if !addresses.is_empty() => addresses[rng.idx(addresses.len())].clone(),
        1 => format!("{}", rng.below(1_000_000)),
        _ => (0..1 + rng.below(12))
            .map(|_| char::from(b'a' + rng.below(26) as u8))
            .collect(),
    }
}

fn value(kind: &Kind, rng: &mut Rng, addresses: &[String], depth: u32) -> Option<Value> {
    let small = |rng: &mut Rng| match rng.below(6) {
        0 => 0,
        1 => u64::MAX,
        _ => rng.below(20),
    };
    Some(match kind {
        Kind::String => Value::String(match rng.below(8) {
            0..=3 if !addresses.is_empty() => addresses[rng.idx(addresses.len())].clone(),
            4 => "aopen".into(),
            5 => format!("{}", rng.below(1_000_000_000_000_000_000)),
            6 => hex::encode(rng.bytes(32)),
            _ => String::from_utf8_lossy(&rng.bytes(12)).into_owned(),
        }),
        Kind::Bytes => Value::Bytes(rng.bytes(40).into()),
        Kind::Bool => Value::Bool(rng.chance(50)),
        Kind::Uint64 | Kind::Fixed64 => Value::U64(small(rng)),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(small(rng) as i64),
        Kind::Uint32 | Kind::Fixed32 => Value::U32(small(rng) as u32),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(small(rng) as i32),
        Kind::Float => Value::F32(rng.below(100) as f32),
        Kind::Double => Value::F64(rng.below(100) as f64),
        Kind::Enum(e) => {
            let values: Vec<i32> = e.values().map(|v| v.number()).collect();
            Value::EnumNumber(values.get(rng.idx(values.len())).copied().unwrap_or(0))
        }
        Kind::Message(d) => {
            if d.full_name() == "google.protobuf.Any" {
                return None;
            }
            Value::Message(fill(d, rng, addresses, depth + 1))
        }
    })
}
