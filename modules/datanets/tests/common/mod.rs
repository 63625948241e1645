//! Shared setup of the datanets tests: funded accounts, helpers that run each message on a
//! fork as the app does (applied on success, dropped on failure) and check every invariant.
#![allow(dead_code)]

use openledger_bank::{Balance, BankRead};
use openledger_datanets::{
    execute_claim_revenue, execute_contribute, execute_create_datanet, execute_curate,
    execute_publish_version, execute_purchase_access, execute_update_datanet, invariants,
    CurateResult, CurationReason, DatanetsError, MsgClaimRevenue, MsgContribute, MsgCreateDatanet,
    MsgCurate, MsgPublishVersion, MsgPurchaseAccess, MsgUpdateDatanet, Params, Visibility,
};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, Changes, Coin, Coins, ModuleError, MsgCtx, StateDelta, BASE_DENOM,
};
use sha2::{Digest, Sha256};

pub const OPEN: u128 = 1_000_000_000_000_000_000;
pub const FUNDS: u128 = 1_000 * OPEN;
pub const HEIGHT: u64 = 7;
pub const TIME: i64 = 1_700_000_000;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub fn block() -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height: HEIGHT,
        time_unix_secs: TIME,
        time_nanos: 0,
    }
}

/// The content hash of test content `n`.
pub fn content(n: u64) -> [u8; 32] {
    Sha256::digest(n.to_be_bytes()).into()
}

/// Accounts 1..=9 hold FUNDS aopen; datanets has `params`.
pub fn setup_with(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=9)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, FUNDS)]).unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    openledger_datanets::GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    s
}

pub fn setup() -> MemState {
    setup_with(Params::default())
}

pub fn balance(s: &MemState, a: &Address) -> u128 {
    s.balance(a, BASE_DENOM).unwrap()
}

pub fn supply(s: &MemState) -> u128 {
    s.supply(BASE_DENOM).unwrap()
}

pub fn module_balance(s: &MemState) -> u128 {
    balance(s, &openledger_datanets::datanets_address())
}

pub fn check_invariants(s: &MemState) {
    invariants::check_all(s).unwrap();
    openledger_bank::invariants::total_supply_matches_balances(s).unwrap();
}

/// Run `f` signed by `signer` on a fork: applied on success, dropped on failure. On failure
/// the parent must be untouched; after success every invariant must hold.
pub fn run<T>(
    s: &mut MemState,
    signer: Address,
    f: impl FnOnce(&mut StateDelta<&MemState>, &MsgCtx) -> Result<T, DatanetsError>,
) -> Result<T, DatanetsError> {
    run_at(s, HEIGHT, signer, f)
}

/// [`run`] in a block of height `height` (time advancing 5 s per block from [`HEIGHT`]).
pub fn run_at<T>(
    s: &mut MemState,
    height: u64,
    signer: Address,
    f: impl FnOnce(&mut StateDelta<&MemState>, &MsgCtx) -> Result<T, DatanetsError>,
) -> Result<T, DatanetsError> {
    let before: Changes = s.changes().clone();
    let b = BlockCtx {
        height,
        time_unix_secs: TIME + 5 * (height as i64 - HEIGHT as i64),
        ..block()
    };
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    let (r, changes) = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork, &ctx);
        (r, fork.into_changes())
    };
    match r {
        Ok(v) => {
            s.apply(changes);
            check_invariants(s);
            Ok(v)
        }
        Err(e) => {
            assert_eq!(s.changes(), &before, "a refused message changed state");
            Err(e)
        }
    }
}

pub fn code(e: &DatanetsError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

pub fn create_msg(owner: u8, visibility: Visibility) -> MsgCreateDatanet {
    MsgCreateDatanet {
        owner: addr(owner),
        name: format!("datanet of {owner}"),
        summary: "medical imaging".into(),
        description: "a description".into(),
        tags: vec!["medical".into(), "images".into()],
        licence: "CC-BY-4.0".into(),
        visibility,
        curators: vec![addr(2)],
        allow_list: if visibility == Visibility::Permissioned {
            vec![addr(3), addr(4)]
        } else {
            vec![]
        },
        contribution_bond: OPEN,
        fee_per_byte: 1_000,
        access_price: if visibility == Visibility::Permissioned {
            10 * OPEN
        } else {
            0
        },
    }
}

pub fn create(s: &mut MemState, msg: &MsgCreateDatanet) -> Result<u64, DatanetsError> {
    run(s, msg.owner, |f, c| execute_create_datanet(f, c, msg))
}

/// A public datanet of account 1 (curator 2).
pub fn public_datanet(s: &mut MemState) -> u64 {
    create(s, &create_msg(1, Visibility::Public)).unwrap()
}

/// A permissioned datanet of account 1 (curator 2, allow list 3 and 4, price 10 OPEN).
pub fn permissioned_datanet(s: &mut MemState) -> u64 {
    create(s, &create_msg(1, Visibility::Permissioned)).unwrap()
}

pub fn update(s: &mut MemState, msg: &MsgUpdateDatanet) -> Result<(), DatanetsError> {
    run(s, msg.owner, |f, c| execute_update_datanet(f, c, msg))
}

pub fn contribute_msg(who: u8, datanet_id: u64, n: u64, size: u64) -> MsgContribute {
    MsgContribute {
        contributor: addr(who),
        datanet_id,
        content_hash: content(n),
        size_bytes: size,
        content_uri: format!("ipfs://content-{n}"),
        licence: String::new(),
        metadata: "{}".into(),
        salt: Vec::new(),
    }
}

pub fn contribute(
    s: &mut MemState,
    who: u8,
    datanet_id: u64,
    n: u64,
    size: u64,
) -> Result<u64, DatanetsError> {
    let msg = contribute_msg(who, datanet_id, n, size);
    run(s, msg.contributor, |f, c| execute_contribute(f, c, &msg))
}

pub fn curate(
    s: &mut MemState,
    curator: u8,
    id: u64,
    approve: bool,
    reason: CurationReason,
) -> Result<CurateResult, DatanetsError> {
    let msg = MsgCurate {
        curator: addr(curator),
        contribution_id: id,
        approve,
        reason,
        note: "checked".into(),
    };
    run(s, msg.curator, |f, c| execute_curate(f, c, &msg))
}

pub fn approve(s: &mut MemState, curator: u8, id: u64) -> Result<CurateResult, DatanetsError> {
    curate(s, curator, id, true, CurationReason::None)
}

pub fn reject(
    s: &mut MemState,
    curator: u8,
    id: u64,
    reason: CurationReason,
) -> Result<CurateResult, DatanetsError> {
    curate(s, curator, id, false, reason)
}

pub fn publish(
    s: &mut MemState,
    who: u8,
    datanet_id: u64,
) -> Result<(u64, [u8; 32]), DatanetsError> {
    let msg = MsgPublishVersion {
        owner: addr(who),
        datanet_id,
        note: "release".into(),
    };
    run(s, msg.owner, |f, c| execute_publish_version(f, c, &msg))
}

pub fn purchase(
    s: &mut MemState,
    who: u8,
    datanet_id: u64,
    version: u64,
) -> Result<u128, DatanetsError> {
    let msg = MsgPurchaseAccess {
        buyer: addr(who),
        datanet_id,
        version,
        max_price: u128::MAX,
    };
    run(s, msg.buyer, |f, c| execute_purchase_access(f, c, &msg))
}

pub fn claim(
    s: &mut MemState,
    who: u8,
    datanet_id: u64,
    version: u64,
) -> Result<u128, DatanetsError> {
    let msg = MsgClaimRevenue {
        contributor: addr(who),
        datanet_id,
        version,
    };
    run(s, msg.contributor, |f, c| execute_claim_revenue(f, c, &msg))
}
