//! Slashing through the ABCI surface: a validator missing from the commits is jailed and
//! slashed 1% while the others keep the chain going, then unjails; double-sign evidence slashes
//! 5% and tombstones.

use cosmos_sdk_proto::cosmos::slashing::v1beta1 as pb;
use openledger_app::genesis::AppGenesis;
use openledger_framework::{consensus_address, Dec, Misbehavior, MisbehaviorKind, VALOPER_PREFIX};
use openledger_slashing::SlashingRead;
use openledger_staking::StakingRead;
use openledger_testkit::{any, consensus_key, genesis_with_validators, TestKey, TestNode};

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

fn setup() -> (tempfile::TempDir, TestNode, Vec<TestKey>) {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<TestKey> = (0..4).map(TestKey::from_seed).collect();
    let mut genesis: AppGenesis =
        genesis_with_validators(&keys, 1_000 * OPEN, 4, 100 * OPEN).unwrap();
    genesis
        .edit("slashing", |g: &mut openledger_slashing::GenesisState| {
            g.params.signed_blocks_window = 10;
            g.params.min_signed_per_window = Dec::percent(50);
            g.params.downtime_jail_duration_secs = 30;
        })
        .unwrap();
    let node = TestNode::new(&dir.path().join("db"), CHAIN, &genesis).unwrap();
    (dir, node, keys)
}

#[test]
fn an_offline_validator_is_jailed_and_slashed_then_unjails() {
    let (_dir, mut node, keys) = setup();
    node.advance_to(3).unwrap();
    let down = &keys[2];
    let cons = consensus_address(&consensus_key(2));
    node.offline.insert(cons);
    let mut jailed_at = None;
    for _ in 0..40 {
        node.block(vec![]).unwrap();
        if node
            .state()
            .validator(&down.address)
            .unwrap()
            .unwrap()
            .jailed
        {
            jailed_at = Some(node.height);
            break;
        }
    }
    let h = jailed_at.expect("validator was never jailed");
    let v = node.state().validator(&down.address).unwrap().unwrap();
    assert_eq!(v.tokens, 99 * OPEN, "1% slashed");
    assert!(node
        .last_updates
        .iter()
        .any(|u| u.ed25519_pubkey == consensus_key(2) && u.power == 0));
    node.advance_to(h + 2).unwrap();
    assert_eq!(node.validator_set(node.height).unwrap().len(), 3);
    let info = node.state().signing_info(&cons).unwrap().unwrap();
    assert!(!info.tombstoned);

    // too early: refused with the SDK's code, nothing changes
    node.offline.remove(&cons);
    let unjail = || {
        any(&pb::MsgUnjail {
            validator_addr: down.address.to_bech32(VALOPER_PREFIX),
        })
    };
    let out = node.exec(down, vec![unjail()]).unwrap();
    let err = out.result.unwrap_err();
    assert_eq!((err.codespace, err.code), ("slashing", 4), "{}", err.log);
    assert!(
        node.state()
            .validator(&down.address)
            .unwrap()
            .unwrap()
            .jailed
    );

    // after the jail time it comes back with its reduced power
    node.block_secs = 40;
    node.block(vec![]).unwrap();
    node.block_secs = 1;
    let out = node.exec(down, vec![unjail()]).unwrap();
    assert!(out.result.is_ok(), "{:?}", out.result);
    assert!(node
        .last_updates
        .iter()
        .any(|u| u.ed25519_pubkey == consensus_key(2) && u.power == 99));
}

#[test]
fn double_sign_evidence_slashes_five_percent_and_tombstones() {
    let (_dir, mut node, keys) = setup();
    node.advance_to(5).unwrap();
    let cons = consensus_address(&consensus_key(1));
    node.evidence.push(Misbehavior {
        kind: MisbehaviorKind::DuplicateVote,
        consensus_address: cons,
        height: 4,
        power: 100,
        time_unix_secs: node.time,
    });
    node.block(vec![]).unwrap();
    let v = node.state().validator(&keys[1].address).unwrap().unwrap();
    assert!(v.jailed);
    assert_eq!(v.tokens, 95 * OPEN);
    let info = node.state().signing_info(&cons).unwrap().unwrap();
    assert!(info.tombstoned);
    // a tombstoned validator never unjails
    node.block_secs = 100_000;
    node.block(vec![]).unwrap();
    let out = node
        .exec(
            &keys[1],
            vec![any(&pb::MsgUnjail {
                validator_addr: keys[1].address.to_bech32(VALOPER_PREFIX),
            })],
        )
        .unwrap();
    assert!(out.result.is_err());
    // the same evidence again changes nothing
    let before = node
        .state()
        .validator(&keys[1].address)
        .unwrap()
        .unwrap()
        .tokens;
    node.evidence.push(Misbehavior {
        kind: MisbehaviorKind::DuplicateVote,
        consensus_address: cons,
        height: 4,
        power: 100,
        time_unix_secs: node.time,
    });
    node.block(vec![]).unwrap();
    let after = node
        .state()
        .validator(&keys[1].address)
        .unwrap()
        .unwrap()
        .tokens;
    assert_eq!(before, after);
}
