//! Attacks on operators and on the leaderboards, and that they no longer pay:
//!
//! * a user withdraws its deposit or revokes its grant just before the operator's record of an
//!   inference it was served lands: the request only takes effect after
//!   `withdrawal_delay_secs`, and the record is still charged;
//! * fake inferences of a zero-priced model (0.01 OPEN of platform fee each) pile up influence
//!   weights: the leaderboards rank by earnings, so they do not climb past a contributor or a
//!   datanet paid by real inferences;
//! * a bech32m string of a valid address (a second string form) is refused by messages.

mod common;

use common::*;
use openledger_attribution::{
    proto, query_account, query_top_contributors, query_top_datanets, AttributionRead, MsgDeposit,
    MsgRecordInference, MsgWithdraw, DEFAULT_PLATFORM_FEE,
};
use openledger_framework::delta::MemState;

/// The bech32m (BIP-350) form of a bech32 string: the checksum of both is the same polymod
/// xor'ed with a constant (1 for bech32, 0x2bc830a3 for bech32m), so xor'ing the last six
/// 5-bit groups with 1 ^ 0x2bc830a3 turns one into the other.
fn bech32m_form(classic: &str) -> String {
    const CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let (head, tail) = classic.split_at(classic.len() - 6);
    let mut v: u32 = 0;
    for c in tail.bytes() {
        let d = CHARSET.iter().position(|x| *x == c).unwrap();
        v = (v << 5) | u32::try_from(d).unwrap();
    }
    v ^= 1 ^ 0x2bc8_30a3;
    let tail: String = (0..6)
        .rev()
        .map(|i| char::from(CHARSET[usize::try_from((v >> (5 * i)) & 31).unwrap()]))
        .collect();
    format!("{head}{tail}")
}

fn fee_of(env: &Env, receipt_id: u64) -> u128 {
    env.s.receipt(receipt_id).unwrap().unwrap().fee
}

#[test]
fn a_withdrawal_right_before_the_record_still_pays_the_operator() {
    let mut env = Env::ready();
    let before = env.balance(&addr(USER));
    // the user asks for everything back in the block before the operator's record lands ...
    assert_eq!(env.withdraw(USER, 0).unwrap(), 1000 * OPEN);
    env.end_block().unwrap();
    // ... and the record still lands, charged to the deposit
    let r = env.record(&record_msg("served-before-withdraw")).unwrap();
    let fee = fee_of(&env, r.receipt_id);
    assert!(fee > DEFAULT_PLATFORM_FEE);
    assert_eq!(
        env.s.inference_balance(&addr(USER)).unwrap(),
        1000 * OPEN - fee
    );
    // in the same block as the request, too
    env.withdraw(USER, 0).unwrap();
    let r2 = env.record(&record_msg("same-block")).unwrap();
    let fee2 = fee_of(&env, r2.receipt_id);
    env.pass_withdrawal_delay();
    // the withdrawal pays out what is left: the user paid for both inferences
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 0);
    assert_eq!(env.balance(&addr(USER)), before + 1000 * OPEN - fee - fee2);
    assert_eq!(env.s.pending_withdrawal(&addr(USER)).unwrap(), None);
    let ev = env.events(EV_WITHDRAW);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("balance"), Some("\"0\""));
    // the creator was paid from the deposit
    assert!(env.s.claimable_rewards(&addr(CREATOR)).unwrap().claimable > 0);
}

#[test]
fn a_withdrawal_of_a_fixed_amount_pays_only_what_is_left() {
    let mut env = Env::new();
    env.register(OP, &[1]);
    env.deposit(USER, OPEN).unwrap();
    env.grant(USER, OP, 0, OPEN).unwrap();
    let before = env.balance(&addr(USER));
    env.withdraw(USER, OPEN).unwrap();
    let r = env.record(&record_msg("r")).unwrap();
    let fee = fee_of(&env, r.receipt_id);
    // the account query shows the request
    let a = query_account(
        &env.s,
        &proto::QueryAccountRequest {
            user: addr(USER).to_string(),
        },
    )
    .unwrap();
    assert_eq!(a.balance, (OPEN - fee).to_string());
    assert_eq!(a.withdrawal.unwrap().amount, OPEN.to_string());
    env.pass_withdrawal_delay();
    assert_eq!(env.balance(&addr(USER)), before + OPEN - fee);
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 0);
    // a later deposit is not touched by the paid request
    env.deposit(USER, 5).unwrap();
    env.pass_withdrawal_delay();
    assert_eq!(env.s.inference_balance(&addr(USER)).unwrap(), 5);
}

#[test]
fn a_revocation_right_before_the_record_still_pays_the_operator() {
    let mut env = Env::ready();
    env.revoke(USER, OP, 0).unwrap();
    env.end_block().unwrap();
    let r = env.record(&record_msg("served-before-revoke")).unwrap();
    let fee = fee_of(&env, r.receipt_id);
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(500 * OPEN - fee)
    );
    assert_eq!(
        env.s.inference_balance(&addr(USER)).unwrap(),
        1000 * OPEN - fee
    );
    env.pass_withdrawal_delay();
    // once the delay has passed the grant is gone and nothing more can be charged
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        None
    );
    assert_eq!(
        env.s.grant_revocation(&addr(USER), &addr(OP), 0).unwrap(),
        None
    );
    let e = env.record(&record_msg("after-revoke")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 40));
    assert_eq!(env.events(EV_REVOKE).len(), 1);
}

#[test]
fn a_new_grant_cancels_a_pending_revocation() {
    let mut env = Env::ready();
    env.revoke(USER, OP, 0).unwrap();
    env.grant(USER, OP, 0, 7 * OPEN).unwrap();
    assert_eq!(
        env.s.grant_revocation(&addr(USER), &addr(OP), 0).unwrap(),
        None
    );
    env.pass_withdrawal_delay();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(7 * OPEN)
    );
}

#[test]
fn withdrawals_and_revocations_survive_genesis_export_and_import() {
    let mut env = Env::ready();
    env.withdraw(USER, 3 * OPEN).unwrap();
    env.revoke(USER, OP, 0).unwrap();
    let g = openledger_attribution::GenesisState::export(&env.s).unwrap();
    assert_eq!(g.withdrawals.len(), 1);
    assert_ne!(g.grants[0].revocation_completion, 0);
    let json = serde_json::to_string(&g).unwrap();
    let back: openledger_attribution::GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
    let mut s = MemState::empty();
    openledger_bank::GenesisState::export(&env.s)
        .unwrap()
        .init(&mut s)
        .unwrap();
    back.init(&mut s).unwrap();
    openledger_attribution::invariants::check(&s).unwrap();
    assert_eq!(openledger_attribution::GenesisState::export(&s).unwrap(), g);
}

#[test]
fn zero_priced_inferences_do_not_pump_the_leaderboards() {
    let mut env = Env::ready();
    // one paid inference credits CAROL (contribution 13, datanet 2)
    let mut paid = record_msg("paid");
    paid.attribution = vec![entry(13, 1_000_000)];
    env.record(&paid).unwrap();
    // the model is then priced at zero; 50 fake inferences cost only the platform fee each and
    // put all their weight on ALICE (contribution 11, datanet 1)
    env.models.pricing.insert(1, (0, 0));
    for i in 0..50 {
        let mut fake = record_msg(&format!("fake-{i}"));
        fake.attribution = vec![entry(11, 1_000_000)];
        let r = env.record(&fake).unwrap();
        assert_eq!(fee_of(&env, r.receipt_id), DEFAULT_PLATFORM_FEE);
    }
    env.release_held();
    let alice = env
        .s
        .contributor_influence(1, &addr(ALICE))
        .unwrap()
        .unwrap();
    let carol = env
        .s
        .contributor_influence(1, &addr(CAROL))
        .unwrap()
        .unwrap();
    assert!(alice.influence_ppm > 10 * carol.influence_ppm);
    assert_eq!(alice.earned, 0);
    assert!(carol.earned > 0);

    let top = query_top_contributors(
        &env.s,
        &proto::QueryTopContributorsRequest {
            model_id: 1,
            limit: 0,
        },
    )
    .unwrap();
    assert_eq!(top.contributors[0].contributor, addr(CAROL).to_string());
    assert_eq!(top.contributors[1].contributor, addr(ALICE).to_string());
    let top = query_top_datanets(
        &env.s,
        &proto::QueryTopDatanetsRequest {
            model_id: 1,
            limit: 0,
        },
    )
    .unwrap();
    assert_eq!(top.datanets[0].datanet_id, 2);
    assert_eq!(top.datanets[1].datanet_id, 1);
    // and the ranking survives a genesis round trip (the graph is rebuilt on import)
    let g = openledger_attribution::GenesisState::export(&env.s).unwrap();
    let mut s = MemState::empty();
    openledger_bank::GenesisState::export(&env.s)
        .unwrap()
        .init(&mut s)
        .unwrap();
    g.init(&mut s).unwrap();
    let top = query_top_datanets(
        &s,
        &proto::QueryTopDatanetsRequest {
            model_id: 1,
            limit: 0,
        },
    )
    .unwrap();
    assert_eq!(top.datanets[0].datanet_id, 2);
}

#[test]
fn bech32m_addresses_are_refused_by_messages() {
    let a = addr(USER);
    let m = bech32m_form(&a.to_string());
    assert_ne!(m, a.to_string());
    let coin = Some(cosmos_sdk_proto::cosmos::base::v1beta1::Coin {
        denom: "aopen".into(),
        amount: "5".into(),
    });
    let deposit = |user: &str| {
        MsgDeposit::try_from(&proto::MsgDeposit {
            user: user.into(),
            amount: coin.clone(),
        })
    };
    assert_eq!(deposit(&a.to_string()).unwrap().user, a);
    assert_eq!(code(&deposit(&m).unwrap_err()), ("sdk", 7));
    let e = MsgWithdraw::try_from(&proto::MsgWithdraw {
        user: m.clone(),
        amount: None,
    })
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 7));
    let rec = proto::MsgRecordInference {
        operator: addr(OP).to_string(),
        user: m.clone(),
        ..Default::default()
    };
    assert_eq!(
        code(&MsgRecordInference::try_from(&rec).unwrap_err()),
        ("sdk", 7)
    );
    // queries too
    let empty = MemState::empty();
    let e = query_account(&empty, &proto::QueryAccountRequest { user: m }).unwrap_err();
    assert_eq!(code(&e), ("sdk", 7));
}
