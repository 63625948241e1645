//! Property: any sequence of model operations, successful or not, keeps every models invariant
//! (escrow = bonds of live models, indexes, records, datanet references) and bank's supply
//! invariant, leaves no trace of a refused message (`run` asserts it), moves stages only along
//! legal edges, and never changes the pricing in effect at a height already reached.

mod common;

use common::*;
use openledger_framework::Address;
use openledger_models::{Evidence, ModelsRead, Stage};
use proptest::prelude::*;

const N: u8 = 4;
const MAX_ID: u64 = 5;

#[derive(Debug, Clone)]
enum Op {
    Propose {
        who: u8,
        bond_ok: bool,
        bad_ref: bool,
    },
    Approve {
        id: u64,
        as_gov: bool,
    },
    Reject {
        id: u64,
    },
    SubmitApproval {
        id: u64,
        proposal: u64,
        as_creator: bool,
        bundled: bool,
    },
    ApprovalFailed {
        id: u64,
        proposal: u64,
        burn: bool,
    },
    Withdraw {
        id: u64,
        as_creator: bool,
    },
    Advance {
        id: u64,
        actor: u8,
        to: usize,
        training: bool,
        adapter: bool,
    },
    Publish {
        id: u64,
        publisher: u8,
        parent: u64,
        new_refs: u8,
    },
    SetPricing {
        id: u64,
        as_creator: bool,
        rate: u128,
    },
    NextHeight,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (1..=N, proptest::bool::weighted(0.85), proptest::bool::weighted(0.1))
            .prop_map(|(who, bond_ok, bad_ref)| Op::Propose { who, bond_ok, bad_ref }),
        6 => (1..=MAX_ID, proptest::bool::weighted(0.9))
            .prop_map(|(id, as_gov)| Op::Approve { id, as_gov }),
        1 => (1..=MAX_ID).prop_map(|id| Op::Reject { id }),
        3 => (1..=MAX_ID, 1u64..4, proptest::bool::weighted(0.8), proptest::bool::weighted(0.2))
            .prop_map(|(id, proposal, as_creator, bundled)| Op::SubmitApproval { id, proposal, as_creator, bundled }),
        2 => (1..=MAX_ID, 1u64..4, any::<bool>())
            .prop_map(|(id, proposal, burn)| Op::ApprovalFailed { id, proposal, burn }),
        1 => (1..=MAX_ID, proptest::bool::weighted(0.8))
            .prop_map(|(id, as_creator)| Op::Withdraw { id, as_creator }),
        16 => (1..=MAX_ID, 0u8..8, 0usize..32, proptest::bool::weighted(0.8), proptest::bool::weighted(0.8))
            .prop_map(|(id, actor, to, training, adapter)| Op::Advance { id, actor, to, training, adapter }),
        6 => (1..=MAX_ID, 0u8..10, 0u64..4, 0u8..3)
            .prop_map(|(id, publisher, parent, new_refs)| Op::Publish { id, publisher, parent, new_refs }),
        4 => (1..=MAX_ID, proptest::bool::weighted(0.9), 0u128..50)
            .prop_map(|(id, as_creator, rate)| Op::SetPricing { id, as_creator, rate }),
        4 => Just(Op::NextHeight),
    ]
}

/// `to` below 8 picks any stage; above, the model's next lifecycle stage (so that sequences
/// reach deployment and versions often).
fn target(s: &openledger_framework::delta::MemState, id: u64, to: usize) -> Stage {
    if let Some(stage) = Stage::ALL.get(to) {
        return *stage;
    }
    match s.model(id).unwrap().map(|m| m.stage) {
        Some(Stage::Approved) => Stage::DataCollection,
        Some(Stage::DataCollection) => Stage::FineTuning,
        Some(Stage::FineTuning) => Stage::Alignment,
        Some(Stage::Alignment) => Stage::Deployed,
        _ => Stage::Retired,
    }
}

fn creator_of(s: &openledger_framework::delta::MemState, id: u64) -> Address {
    s.model(id)
        .unwrap()
        .map(|m| m.creator)
        .unwrap_or_else(|| addr(1))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_any_sequence(ops in proptest::collection::vec(op(), 1..120)) {
        let mut s = setup();
        let mut height: u64 = 1;
        for op in ops {
            let stages_before: Vec<Option<Stage>> =
                (1..=MAX_ID).map(|id| s.model(id).unwrap().map(|m| m.stage)).collect();
            let settled = height;
            let pricing_now: Vec<Option<openledger_models::Pricing>> =
                (1..=MAX_ID).map(|id| s.pricing_at(id, settled).unwrap()).collect();
            let _ = match op {
                Op::Propose { who, bond_ok, bad_ref } => {
                    let mut m = propose_msg(who);
                    if !bond_ok {
                        m.bond = BOND - 1;
                    }
                    if bad_ref {
                        m.datanet_versions.push(dref(9, 9));
                    }
                    propose_at(&mut s, height, &m).map(drop)
                }
                Op::Approve { id, as_gov } => {
                    let who = if as_gov { gov() } else { creator_of(&s, id) };
                    approve_as(&mut s, height, who, id)
                }
                Op::Reject { id } => reject_as(&mut s, height, gov(), id),
                Op::SubmitApproval { id, proposal, as_creator, bundled } => {
                    let who = if as_creator { creator_of(&s, id) } else { addr(N + 1) };
                    let mut msgs = vec![approve_any(id)];
                    if bundled {
                        msgs.push(pool_spend_any(who));
                    }
                    submit_approval(&mut s, &MockProposals::default(), proposal, who, &msgs)
                }
                Op::ApprovalFailed { id, proposal, burn } => {
                    let recorded = s.model(id).unwrap().map(|m| m.approval_proposal_id);
                    let bonds = balance(&s, &openledger_models::models_address());
                    let r = approval_failed(&mut s, height, id, proposal, burn);
                    // only the recorded approval proposal can cost the bond
                    if recorded != Some(proposal) {
                        prop_assert_eq!(balance(&s, &openledger_models::models_address()), bonds);
                    }
                    r
                }
                Op::Withdraw { id, as_creator } => {
                    let who = if as_creator { creator_of(&s, id) } else { addr(N + 1) };
                    withdraw(&mut s, &MockProposals::default(), who, who, id)
                }
                Op::Advance { id, actor, to, training, adapter } => {
                    let who = match actor {
                        0..=4 => creator_of(&s, id),
                        5 | 6 => gov(),
                        _ => addr(N + 1),
                    };
                    let evidence = Evidence {
                        training_run_hash: training.then(|| hash(1)),
                        adapter_hash: adapter.then(|| hash(2)),
                        metrics: String::new(),
                    };
                    let to = target(&s, id, to);
                    advance(&mut s, height, who, id, to, evidence)
                }
                Op::Publish { id, publisher, parent, new_refs } => {
                    let who = match publisher {
                        0..=6 => creator_of(&s, id),
                        7 | 8 => gov(),
                        _ => addr(N + 1),
                    };
                    let mut m = publish_msg(1, id, parent);
                    m.creator = who;
                    match new_refs {
                        1 => m.datanet_versions = vec![dref(2, 1), dref(1, 2)],
                        2 => m.datanet_versions = vec![dref(3, 1), dref(1, 2)],
                        _ => {}
                    }
                    let r = publish_at(&mut s, height, who, &m);
                    // a creator never publishes on a datanet governance did not approve
                    if let Ok(n) = r {
                        if who != gov() {
                            let approved: Vec<u64> = s.model(id).unwrap().unwrap()
                                .datanet_versions.iter().map(|r| r.datanet_id).collect();
                            let v = s.model_version(id, n).unwrap().unwrap();
                            prop_assert!(v.datanet_versions.iter().all(|r| approved.contains(&r.datanet_id)));
                        }
                    }
                    r.map(drop)
                }
                Op::SetPricing { id, as_creator, rate } => {
                    let who = if as_creator { creator_of(&s, id) } else { addr(N + 1) };
                    set_pricing(&mut s, height, who, id, pricing(rate, rate + 1)).map(drop)
                }
                Op::NextHeight => {
                    height += 1;
                    Ok(())
                }
            };
            check_invariants(&s);
            for (i, id) in (1..=MAX_ID).enumerate() {
                let after = s.model(id).unwrap().map(|m| m.stage);
                match (stages_before[i], after) {
                    (Some(a), Some(b)) if a != b => {
                        let legal = a.can_advance_to(b)
                            || (a == Stage::Proposed && matches!(b, Stage::Approved | Stage::Rejected));
                        prop_assert!(legal, "model {} moved from {} to {}", id, a, b);
                    }
                    (Some(_), None) => prop_assert!(false, "model {} disappeared", id),
                    _ => {}
                }
                // the pricing of a height already reached is settled
                if stages_before[i].is_some() {
                    prop_assert_eq!(s.pricing_at(id, settled).unwrap(), pricing_now[i]);
                }
            }
        }
    }
}
