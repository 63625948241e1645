//! Property: any sequence of datanets operations, successful or not, keeps every invariant
//! (module balance = pending bonds + unclaimed revenue, version roots recomputable, hash index,
//! counters, and paid = claimed + claimable + dust for every version), keeps bank's supply
//! invariant, leaves no trace of a refused message, and exports a genesis that imports to the
//! same state.

mod common;

use common::*;
use openledger_datanets::{
    invariants, CurationReason, DatanetsRead, GenesisState, MsgCreateDatanet, MsgUpdateDatanet,
    Visibility,
};
use openledger_framework::delta::MemState;
use openledger_framework::StateRead;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Create(u8, bool),
    Contribute(u8, u64, u64, u64),
    Curate(u8, u64, u8),
    Publish(u8, u64),
    SetPrice(u64, u128),
    Purchase(u8, u64, u64),
    /// The n-th contributor of the version (any account if it has none) claims.
    Claim(u8, u64, u64),
}

/// The owner (1) and curator (4) of the first datanets most of the time, anyone otherwise.
fn curator() -> impl Strategy<Value = u8> {
    prop_oneof![2 => Just(1u8), 2 => Just(4u8), 1 => 1u8..=9]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (1u8..=3, any::<bool>()).prop_map(|(o, p)| Op::Create(o, p)),
        6 => (prop_oneof![Just(5u8), Just(6u8), 1u8..=9], 1u64..=2, 0u64..16, 1u64..5_000).prop_map(|(w, d, n, z)| Op::Contribute(w, d, n, z)),
        8 => (curator(), 1u64..=10, 0u8..8).prop_map(|(w, c, r)| Op::Curate(w, c, r)),
        3 => (curator(), 1u64..=3).prop_map(|(w, d)| Op::Publish(w, d)),
        1 => (1u64..=3, prop_oneof![0u128..1_000, Just(7 * OPEN)]).prop_map(|(d, p)| Op::SetPrice(d, p)),
        4 => (1u8..=9, prop_oneof![3 => Just(2u64), 1 => 1u64..=3], 1u64..=2).prop_map(|(w, d, v)| Op::Purchase(w, d, v)),
        6 => (any::<u8>(), prop_oneof![3 => Just(2u64), 1 => 1u64..=3], 1u64..=2).prop_map(|(w, d, v)| Op::Claim(w, d, v)),
    ]
}

fn create_op(s: &mut MemState, owner: u8, permissioned: bool) {
    let visibility = if permissioned {
        Visibility::Permissioned
    } else {
        Visibility::Public
    };
    let msg = MsgCreateDatanet {
        owner: addr(owner),
        name: "d".into(),
        summary: String::new(),
        description: String::new(),
        tags: vec![format!("t{owner}")],
        licence: String::new(),
        visibility,
        curators: vec![addr(4)],
        allow_list: if permissioned {
            vec![addr(5), addr(6)]
        } else {
            vec![]
        },
        contribution_bond: OPEN,
        fee_per_byte: 1_000,
        access_price: if permissioned { 101 } else { 0 },
    };
    let _ = create(s, &msg);
}

fn set_price(s: &mut MemState, d: u64, price: u128) {
    let Some(dn) = s.datanet(d).unwrap() else {
        return;
    };
    let msg = MsgUpdateDatanet {
        owner: dn.owner,
        datanet_id: d,
        summary: String::new(),
        description: String::new(),
        tags: dn.tags.clone(),
        licence: String::new(),
        curators: dn.curators.clone(),
        allow_list: s.allow_list(d, 100).unwrap(),
        access_price: price,
    };
    let _ = update(s, &msg);
}

fn reason(r: u8) -> (bool, CurationReason) {
    match r {
        0 => (false, CurationReason::LowQuality),
        1 => (false, CurationReason::Duplicate),
        2 => (false, CurationReason::Adversarial),
        3 => (false, CurationReason::Spam),
        _ => (true, CurationReason::None),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_sequence(ops in proptest::collection::vec(op(), 1..120)) {
        let mut s = setup();
        create_op(&mut s, 1, false);
        create_op(&mut s, 1, true);
        let supply_start = supply(&s);
        let mut burned_expected: u128 = 0;
        for op in ops {
            // `run` applies successes, asserts refusals changed nothing and checks invariants.
            match op {
                Op::Create(o, p) => create_op(&mut s, o, p),
                Op::Contribute(w, d, n, z) => { let _ = contribute(&mut s, w, d, n, z); }
                Op::Curate(w, c, r) => {
                    let (ok, why) = reason(r);
                    if let Ok(res) = curate(&mut s, w, c, ok, why) {
                        burned_expected += res.bond_burned;
                        prop_assert_eq!(res.bond_returned + res.bond_burned, OPEN);
                    }
                }
                Op::Publish(w, d) => {
                    if let Ok((n, root)) = publish(&mut s, w, d) {
                        let v = s.version(d, n).unwrap().unwrap();
                        prop_assert_eq!(v.root, root);
                        prop_assert_eq!(v.contribution_count, s.datanet_stats(d).unwrap().approved);
                    }
                }
                Op::SetPrice(d, p) => set_price(&mut s, d, p),
                Op::Purchase(w, d, v) => { let _ = purchase(&mut s, w, d, v); }
                Op::Claim(n, d, v) => {
                    let holders = s.version_contributors(d, v, None, 100).unwrap();
                    let who = match holders.len() {
                        0 => n % 9 + 1,
                        len => holders[usize::from(n) % len].0 .0[0],
                    };
                    let _ = claim(&mut s, who, d, v);
                }
            }
        }
        // Only adversarial and spam rejections destroy OPEN.
        prop_assert_eq!(supply(&s) + burned_expected, supply_start);
        invariants::check_all(&s).unwrap();

        // Genesis export imports to the same keys.
        let bank = openledger_bank::GenesisState::export(&s).unwrap();
        let g = GenesisState::export(&s).unwrap();
        let mut fresh = MemState::empty();
        bank.init(&mut fresh).unwrap();
        g.init(&mut fresh).unwrap();
        let keys = |m: &MemState| -> Vec<(Vec<u8>, Vec<u8>)> {
            m.prefix_raw(b"datanets/", None).collect::<Result<_, _>>().unwrap()
        };
        prop_assert_eq!(keys(&fresh), keys(&s));
    }
}
