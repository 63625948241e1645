//! Security finding 3: versions are published from a running commitment kept at each approval.
//! For random sequences of contributions, approvals, rejections and publications, every
//! published version must equal what a third party recomputes from scratch: the Merkle root
//! over the approved contributions in approval order, their count and bytes, and each
//! contributor's bytes; and versions already published never change.

mod common;

use std::collections::BTreeMap;

use common::*;
use openledger_datanets::*;
use openledger_framework::delta::MemState;
use openledger_framework::{Address, StateRead};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// A contribution of `size` bytes by account `who`.
    Contribute {
        who: u8,
        size: u64,
    },
    /// Approve the pending contribution picked by `pick`.
    Approve {
        pick: usize,
    },
    /// Reject the pending contribution picked by `pick`.
    Reject {
        pick: usize,
    },
    Publish,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (3u8..=9, 1u64..5_000).prop_map(|(who, size)| Op::Contribute { who, size }),
        4 => any::<usize>().prop_map(|pick| Op::Approve { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Reject { pick }),
        2 => Just(Op::Publish),
    ]
}

/// What a third party computes from the approved contributions, in approval order.
struct Expected {
    root: [u8; 32],
    count: u64,
    total_bytes: u128,
    max_id: u64,
    by_contributor: BTreeMap<Address, u128>,
}

fn from_scratch(s: &MemState, approved: &[u64]) -> Expected {
    let mut leaves = Vec::new();
    let mut e = Expected {
        root: [0; 32],
        count: 0,
        total_bytes: 0,
        max_id: 0,
        by_contributor: BTreeMap::new(),
    };
    for (i, id) in approved.iter().enumerate() {
        let c = s.contribution(*id).unwrap().unwrap();
        assert_eq!(c.approval_seq, i as u64 + 1, "approval_seq of {id}");
        leaves.push(leaf_hash(
            c.id,
            &c.content_hash,
            c.size_bytes,
            &c.contributor,
        ));
        e.total_bytes += u128::from(c.size_bytes);
        e.max_id = e.max_id.max(c.id);
        *e.by_contributor.entry(c.contributor).or_default() += u128::from(c.size_bytes);
    }
    e.root = merkle_root(&leaves);
    e.count = approved.len() as u64;
    e
}

fn check_version(s: &MemState, d: u64, number: u64, e: &Expected) {
    let v = s.version(d, number).unwrap().unwrap();
    assert_eq!(v.root, e.root, "root of version {number}");
    assert_eq!(v.contribution_count, e.count);
    assert_eq!(v.total_bytes, e.total_bytes);
    assert_eq!(v.max_contribution_id, e.max_id);
    for who in 3u8..=9 {
        let a = addr(who);
        assert_eq!(
            s.version_contributor_bytes(d, number, &a).unwrap(),
            e.by_contributor.get(&a).copied().unwrap_or(0),
            "bytes of {who} in version {number}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_version_equals_the_from_scratch_commitment(ops in prop::collection::vec(op(), 1..80)) {
        let mut s = setup();
        let d = public_datanet(&mut s);
        let mut next_content = 1u64;
        let mut pending: Vec<u64> = Vec::new();
        let mut approved: Vec<u64> = Vec::new();
        let mut published: Vec<Expected> = Vec::new();
        for op in ops {
            match op {
                Op::Contribute { who, size } => {
                    let id = contribute(&mut s, who, d, next_content, size).unwrap();
                    next_content += 1;
                    pending.push(id);
                }
                Op::Approve { pick } | Op::Reject { pick } if pending.is_empty() => {
                    let _ = pick;
                }
                Op::Approve { pick } => {
                    let id = pending.remove(pick % pending.len());
                    approve(&mut s, 1, id).unwrap();
                    approved.push(id);
                }
                Op::Reject { pick } => {
                    let id = pending.remove(pick % pending.len());
                    reject(&mut s, 1, id, CurationReason::LowQuality).unwrap();
                }
                Op::Publish => {
                    let new = approved.len() as u64 > published.last().map_or(0, |e| e.count);
                    match publish(&mut s, 1, d) {
                        Ok((number, root)) => {
                            prop_assert!(new);
                            prop_assert_eq!(number, published.len() as u64 + 1);
                            let e = from_scratch(&s, &approved);
                            prop_assert_eq!(root, e.root);
                            check_version(&s, d, number, &e);
                            published.push(e);
                        }
                        Err(e) => {
                            prop_assert!(!new);
                            prop_assert_eq!(code(&e), ("datanets", 15));
                        }
                    }
                }
            }
        }
        // versions already published are unchanged by everything that came after them
        for (i, e) in published.iter().enumerate() {
            check_version(&s, d, i as u64 + 1, e);
        }
    }
}

/// Approvals not yet in a version survive a genesis export and import: the running commitment
/// and the contributor checkpoints are rebuilt, so the next version is the same on both.
#[test]
fn approvals_awaiting_a_version_survive_genesis_and_publish_the_same() {
    let mut s = setup();
    let d = public_datanet(&mut s);
    let mut approved = Vec::new();
    for n in 1..=5u64 {
        let id = contribute(&mut s, 3 + (n % 3) as u8, d, n, 10 * n).unwrap();
        approve(&mut s, 1, id).unwrap();
        approved.push(id);
    }
    publish(&mut s, 1, d).unwrap();
    for n in 6..=9u64 {
        let id = contribute(&mut s, 3 + (n % 4) as u8, d, n, 7 * n).unwrap();
        approve(&mut s, 1, id).unwrap();
        approved.push(id);
    }
    let _pending = contribute(&mut s, 9, d, 10, 1).unwrap();

    let bank = openledger_bank::GenesisState::export(&s).unwrap();
    let g = GenesisState::export(&s).unwrap();
    let json = serde_json::to_string(&g).unwrap();
    let parsed: GenesisState = serde_json::from_str(&json).unwrap();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    parsed.init(&mut fresh).unwrap();
    invariants::check_all(&fresh).unwrap();
    let keys = |m: &MemState| -> Vec<(Vec<u8>, Vec<u8>)> {
        m.prefix_raw(b"datanets/", None)
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(keys(&fresh), keys(&s));

    let (n1, root1) = publish(&mut s, 1, d).unwrap();
    let (n2, root2) = publish(&mut fresh, 1, d).unwrap();
    assert_eq!((n1, root1), (n2, root2));
    assert_eq!(n1, 2);
    let e = from_scratch(&s, &approved);
    assert_eq!(root1, e.root);
    check_version(&s, d, 2, &e);
    check_version(&fresh, d, 2, &e);
    assert_eq!(keys(&fresh), keys(&s));
}
