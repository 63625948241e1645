//! Held data pools and challenges: credits are claimable only after the challenge window and
//! are released in bounded batches; every challenge refusal changes nothing (`run` and
//! `settle` assert it); UPHELD pays the challenger's bond to the operator; CORRECTED re-splits
//! the held pool exactly, slashes the operator, rewards the challenger, burns the rest and
//! returns the bond; ESCALATED refunds the bond and governance settles; an operator that
//! routes the data pool to itself ends with less than it started.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use openledger_attribution::{
    open_challenges, proto, query_challenge, query_challenges, AttributionRead, ChallengeStatus,
    ContributionView, GenesisState, MsgChallengeReceipt, MsgRecordInference, MsgSettleChallenge,
    Params, MAX_CHALLENGE_OUTPUT_BYTES,
};
use openledger_framework::delta::MemState;
use openledger_framework::Dec;

const BOND_10: u128 = 10 * OPEN;
const CHALLENGER: u8 = 7;
/// The data pool of `record_msg`: 0.128 OPEN.
const POOL: u128 = TOKEN_FEE / 5;

/// `Env::ready` with one receipt of `OUTPUT` (id 1: 25% contribution 11 of ALICE, 75%
/// contribution 13 of CAROL).
fn one_receipt() -> Env {
    let mut env = Env::ready();
    env.record(&record_with_output("r1")).unwrap();
    env
}

fn status(env: &Env, id: u64) -> ChallengeStatus {
    env.s.challenge(id).unwrap().unwrap().status
}

fn with_params(f: impl FnOnce(&mut Params)) -> Env {
    let mut p = Params::default();
    f(&mut p);
    let mut env = Env::with_params(p);
    env.register(OP, &[1, 3, 4]);
    env.deposit(USER, 1000 * OPEN).unwrap();
    env.grant(USER, OP, 0, 500 * OPEN).unwrap();
    env
}

#[test]
fn held_credits_become_claimable_after_the_window_in_bounded_batches() {
    let mut env = with_params(|p| p.max_releases_per_block = 2);
    for i in 0..5 {
        env.record(&record_msg(&format!("r{i}"))).unwrap();
        env.height += 1;
    }
    let alice = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!((alice.claimable, alice.pending), (0, 5 * POOL / 4));
    assert_eq!(env.s.attribution_totals().unwrap().held, 5 * POOL);
    let e = env.claim(addr(ALICE)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 43));

    // one second before the first release time: nothing is released
    let first = env.s.receipt_hold(1).unwrap().unwrap().release_secs;
    env.end_block_at(&block_at(env.height, first as i64 - 1))
        .unwrap();
    assert!(env.events(EV_RELEASED).is_empty());
    // at the first release time: receipt 1 only (the others are due later)
    env.end_block_at(&block_at(env.height, first as i64))
        .unwrap();
    assert_eq!(env.events(EV_RELEASED).len(), 1);
    assert_eq!(env.s.receipt_hold(1).unwrap(), None);
    // all due: two per block, earliest first
    let last = env.s.receipt_hold(5).unwrap().unwrap().release_secs as i64;
    env.end_block_at(&block_at(env.height + 1, last)).unwrap();
    assert_eq!(env.events(EV_RELEASED).len(), 3);
    assert!(env.s.receipt_hold(3).unwrap().is_none());
    assert!(env.s.receipt_hold(4).unwrap().is_some());
    env.end_block_at(&block_at(env.height + 2, last)).unwrap();
    assert_eq!(env.events(EV_RELEASED).len(), 5);
    let released: Vec<&str> = env
        .events(EV_RELEASED)
        .iter()
        .map(|e| e.attribute("receipt_id").unwrap())
        .collect();
    assert_eq!(released, vec!["\"1\"", "\"2\"", "\"3\"", "\"4\"", "\"5\""]);
    let alice = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!(
        (alice.claimable, alice.pending, alice.contributor_earned),
        (5 * POOL / 4, 0, 5 * POOL / 4)
    );
    let t = env.s.attribution_totals().unwrap();
    assert_eq!((t.held, t.contributors_credited), (0, 5 * POOL));
    assert_eq!(env.claim(addr(ALICE)).unwrap(), 5 * POOL / 4);
}

#[test]
fn a_challenge_escrows_the_bond_and_holds_the_pool_until_settled() {
    let mut env = one_receipt();
    let before = env.balance(&addr(CHALLENGER));
    let module_before = env.balance(&module());
    let id = env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    assert_eq!(id, 1);
    assert_eq!(env.balance(&addr(CHALLENGER)), before - BOND_10);
    assert_eq!(env.balance(&module()), module_before + BOND_10);
    let c = env.s.challenge(1).unwrap().unwrap();
    assert_eq!(c.status, ChallengeStatus::Open);
    assert_eq!(c.receipt_id, 1);
    assert_eq!(c.output, OUTPUT);
    assert_eq!(c.opened_height, env.height);
    assert_eq!(c.deadline_height, env.height + 100);
    assert_eq!(env.s.open_challenge_count().unwrap(), 1);
    let ev = env.events(EV_CHALLENGED);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("challenge_id"), Some("\"1\""));
    assert_eq!(ev[0].attribute("receipt_id"), Some("\"1\""));
    assert_eq!(ev[0].attribute("bond"), Some("\"10000000000000000000\""));
    assert_eq!(
        ev[0].attribute("deadline_height"),
        Some(format!("\"{}\"", env.height + 100).as_str())
    );

    // what the validators re-run
    let open = open_challenges(&env.s, 10).unwrap();
    assert_eq!(open.len(), 1);
    let o = &open[0];
    assert_eq!(
        (
            o.id,
            o.receipt_id,
            o.model_id,
            o.model_version,
            o.engine_params_id
        ),
        (1, 1, 1, 2, 1)
    );
    assert_eq!(o.output, OUTPUT);
    assert_eq!(o.deadline_height, c.deadline_height);
    assert!(open_challenges(&env.s, 0).unwrap().is_empty());
    assert_eq!(
        openledger_attribution::open_challenge_ids(&env.s, 10).unwrap(),
        vec![1]
    );
    assert!(openledger_attribution::open_challenge_ids(&env.s, 0)
        .unwrap()
        .is_empty());

    // the window passes: the challenged pool is not released
    env.release_held();
    assert!(env.s.receipt_hold(1).unwrap().is_some());
    assert_eq!(env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable, 0);
    // upheld after the window: released in the next end block
    assert_eq!(
        env.settle(1, &[entry(13, 750_000), entry(11, 250_000)], 3, 4)
            .unwrap(),
        ChallengeStatus::Upheld
    );
    env.end_block().unwrap();
    assert_eq!(env.s.receipt_hold(1).unwrap(), None);
    assert_eq!(
        env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable,
        POOL / 4
    );
}

#[test]
fn every_challenge_refusal_changes_nothing() {
    let mut env = with_params(|p| {
        p.max_open_challenges = 1;
        p.max_challenge_output_bytes = OUTPUT.len() as u32;
    });
    env.record(&record_with_output("r1")).unwrap();
    env.record(&record_with_output("r2")).unwrap();
    let c = |receipt_id, output: &[u8], bond| MsgChallengeReceipt {
        challenger: addr(CHALLENGER),
        receipt_id,
        output: output.to_vec(),
        bond,
    };
    // signer
    let msg = c(1, OUTPUT, BOND_10);
    let e = env
        .run(addr(USER), |f, ctx, _| {
            openledger_attribution::execute_challenge_receipt(f, ctx, &msg)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // unknown receipt
    let e = env.challenge_msg(&c(9, OUTPUT, BOND_10)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 46));
    // too large for the params (the hard cap is checked on conversion, below)
    let mut long = OUTPUT.to_vec();
    long.push(b'!');
    let e = env.challenge_msg(&c(1, &long, BOND_10)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 53));
    // not the receipt's output
    let e = env
        .challenge_msg(&c(1, b"another output", BOND_10))
        .unwrap_err();
    assert_eq!(code(&e), ("attribution", 54));
    // bond below the minimum
    let e = env.challenge_msg(&c(1, OUTPUT, BOND_10 - 1)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 55));
    assert!(e.to_string().contains("below the minimum"), "{e}");
    // more than the challenger has (bank's error)
    let e = env.challenge_msg(&c(1, OUTPUT, FUNDS + 1)).unwrap_err();
    assert_eq!(code(&e).0, "sdk");
    // one open challenge is the most the params allow
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    let e = env.challenge(CHALLENGER, 2, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 56));
    // a receipt is challenged once
    let e = env.challenge(8, 1, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 52));
    env.settle(1, &[entry(11, 250_000), entry(13, 750_000)], 3, 4)
        .unwrap();
    let e = env.challenge(8, 1, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 52));
    // late: at the release time (before end block releases it) and after the release
    let release = env.s.receipt_hold(2).unwrap().unwrap().release_secs as i64;
    env.offset += release - env.block().time_unix_secs;
    let e = env.challenge(CHALLENGER, 2, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 51));
    env.end_block().unwrap();
    assert_eq!(env.s.receipt_hold(2).unwrap(), None);
    let e = env.challenge(CHALLENGER, 2, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 51));

    // conversion: the 1 MiB hard cap, the denom, a zero or missing bond
    let proto_msg = |output: Vec<u8>, bond: Option<ProtoCoin>| proto::MsgChallengeReceipt {
        challenger: addr(CHALLENGER).to_string(),
        receipt_id: 1,
        output,
        bond,
    };
    let coin = |denom: &str, amount: &str| {
        Some(ProtoCoin {
            denom: denom.into(),
            amount: amount.into(),
        })
    };
    let big = vec![0u8; MAX_CHALLENGE_OUTPUT_BYTES as usize + 1];
    let e = MsgChallengeReceipt::try_from(&proto_msg(big, coin("aopen", "1"))).unwrap_err();
    assert_eq!(code(&e), ("attribution", 53));
    let e =
        MsgChallengeReceipt::try_from(&proto_msg(OUTPUT.to_vec(), coin("bopen", "1"))).unwrap_err();
    assert_eq!(code(&e), ("attribution", 5));
    let e =
        MsgChallengeReceipt::try_from(&proto_msg(OUTPUT.to_vec(), coin("aopen", "0"))).unwrap_err();
    assert_eq!(code(&e), ("sdk", 10));
    let e = MsgChallengeReceipt::try_from(&proto_msg(OUTPUT.to_vec(), None)).unwrap_err();
    assert_eq!(code(&e), ("sdk", 10));
    let ok =
        MsgChallengeReceipt::try_from(&proto_msg(OUTPUT.to_vec(), coin("aopen", "5"))).unwrap();
    assert_eq!((ok.bond, ok.receipt_id), (5, 1));
    let e = MsgSettleChallenge::try_from(&proto::MsgSettleChallenge {
        authority: gov().to_string(),
        challenge_id: 1,
        entries: vec![proto::AttributionEntry::default(); 1025],
    })
    .unwrap_err();
    assert_eq!(code(&e), ("attribution", 31));
}

#[test]
fn a_receipt_recorded_before_the_engine_can_not_be_challenged() {
    let env = one_receipt();
    let mut g = GenesisState::export(&env.s).unwrap();
    let r = &mut g.receipts[0];
    r.engine_version = 0;
    r.engine_params_id = 0;
    r.evidence_hash.clear();
    let bank = openledger_bank::GenesisState::export(&env.s).unwrap();
    let mut s = MemState::empty();
    bank.init(&mut s).unwrap();
    g.init(&mut s).unwrap();
    let mut env = Env { s, ..Env::new() };
    let e = env.challenge(CHALLENGER, 1, BOND_10).unwrap_err();
    assert_eq!(code(&e), ("attribution", 50));
}

#[test]
fn an_upheld_challenge_pays_the_bond_to_the_operator() {
    let mut env = one_receipt();
    let challenger = env.balance(&addr(CHALLENGER));
    let operator = env.balance(&addr(OP));
    let supply = env.supply();
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    // the validators' entries in another order are the same weights
    let s = env
        .settle(1, &[entry(13, 750_000), entry(11, 250_000)], 3, 4)
        .unwrap();
    assert_eq!(s, ChallengeStatus::Upheld);
    // an honest receipt's challenge cost the challenger its bond, paid to the operator
    assert_eq!(env.balance(&addr(CHALLENGER)), challenger - BOND_10);
    assert_eq!(env.balance(&addr(OP)), operator + BOND_10);
    assert_eq!(env.supply(), supply);
    let c = env.s.challenge(1).unwrap().unwrap();
    assert_eq!(c.status, ChallengeStatus::Upheld);
    assert_eq!(c.settled_height, env.height);
    assert_eq!(c.agreed, vec![entry(11, 250_000), entry(13, 750_000)]);
    assert_eq!((c.slashed, c.reward), (0, 0));
    assert_eq!(env.s.open_challenge_count().unwrap(), 0);
    assert!(open_challenges(&env.s, 10).unwrap().is_empty());
    assert!(openledger_attribution::open_challenge_ids(&env.s, 10)
        .unwrap()
        .is_empty());
    let op = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!((op.bond, op.slash_count), (BOND, 0));
    let ev = env.events(EV_SETTLED);
    assert_eq!(ev.len(), 1);
    assert_eq!(
        ev[0].attribute("status"),
        Some("\"CHALLENGE_STATUS_UPHELD\"")
    );
    assert_eq!(ev[0].attribute("agreeing_power"), Some("\"3\""));
    assert_eq!(ev[0].attribute("total_power"), Some("\"4\""));
    // the hold matures at its release time, with the receipt's split
    env.end_block().unwrap();
    assert!(env.s.receipt_hold(1).unwrap().is_some());
    env.release_held();
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        POOL * 3 / 4
    );
    assert_eq!(env.s.corrected_receipt(1).unwrap(), None);
}

#[test]
fn settlement_refusals_change_nothing() {
    let mut env = one_receipt();
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    let good = [entry(12, 1_000_000)];
    // not more than 2/3 of the power
    for (agreeing, total) in [(2, 3), (0, 0), (5, 4), (6, 9)] {
        let e = env.settle(1, &good, agreeing, total).unwrap_err();
        assert_eq!(code(&e), ("attribution", 59), "{agreeing}/{total}");
    }
    // unknown challenge
    let e = env.settle(2, &good, 3, 4).unwrap_err();
    assert_eq!(code(&e), ("attribution", 57));
    // weights a record could not carry
    let cases: Vec<(Vec<openledger_attribution::AttributionEntry>, u32)> = vec![
        (vec![entry(12, 500_000)], 34),
        (vec![entry(12, 500_000), entry(12, 500_000)], 32),
        (vec![entry(12, 0), entry(11, 1_000_000)], 33),
        (vec![entry(99, 1_000_000)], 35),
        (vec![entry(15, 1_000_000)], 36),
        (vec![entry(16, 1_000_000)], 37),
    ];
    for (agreed, want) in cases {
        let e = env.settle(1, &agreed, 3, 4).unwrap_err();
        assert_eq!(code(&e), ("attribution", want), "{agreed:?}");
    }
    assert_eq!(status(&env, 1), ChallengeStatus::Open);
    // a settled challenge can not be settled again
    env.settle(1, &good, 3, 4).unwrap();
    let e = env.settle(1, &good, 3, 4).unwrap_err();
    assert_eq!(code(&e), ("attribution", 58));
    let e = env.gov_settle_as(gov(), 1, &good).unwrap_err();
    assert_eq!(code(&e), ("attribution", 58));
    let e = env.gov_settle_as(gov(), 7, &good).unwrap_err();
    assert_eq!(code(&e), ("attribution", 57));
    // only the gov module account settles by message
    let e = env.gov_settle_as(addr(USER), 1, &good).unwrap_err();
    assert_eq!(code(&e), ("attribution", 4));
}

#[test]
fn a_corrected_challenge_re_splits_the_held_pool_and_slashes_the_operator() {
    let mut env = one_receipt();
    // BOB (contribution 12) is at multiplier 0.5: half of his share is withheld
    env.datanets
        .multipliers
        .insert((1, addr(BOB)), Dec::percent(50));
    let challenger = env.balance(&addr(CHALLENGER));
    let supply = env.supply();
    let module_before = env.balance(&module());
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    let agreed = [entry(12, 600_000), entry(13, 400_000)];
    assert_eq!(
        env.settle(1, &agreed, 7, 10).unwrap(),
        ChallengeStatus::Corrected
    );

    // the held pool (0.128 OPEN), re-split: BOB raw floor(pool × 0.6), credited half;
    // CAROL floor(pool × 0.4)
    let bob_raw = POOL * 6 / 10;
    let carol = POOL * 4 / 10;
    let fixed = env.s.corrected_receipt(1).unwrap().unwrap();
    let original = env.s.receipt(1).unwrap().unwrap();
    assert_eq!(
        original.entries[0].contribution_id, 11,
        "receipts never change"
    );
    assert_eq!(fixed.entries.len(), 2);
    assert_eq!(
        (
            fixed.entries[0].contribution_id,
            fixed.entries[0].contributor
        ),
        (12, addr(BOB))
    );
    assert_eq!(fixed.entries[0].amount, bob_raw / 2);
    assert_eq!(fixed.entries[0].withheld, bob_raw / 2);
    assert_eq!(fixed.entries[1].amount, carol);
    assert_eq!(fixed.credited, bob_raw / 2 + carol);
    assert_eq!(fixed.withheld, bob_raw / 2);
    assert_eq!(
        (fixed.fee, fixed.data_pool),
        (original.fee, original.data_pool)
    );
    assert_eq!(fixed.split_sum(), Some(fixed.fee));
    // the pending credits follow the new split
    let pending = |who: u8| env.s.claimable_rewards(&addr(who)).unwrap().pending;
    assert_eq!(pending(ALICE), 0);
    assert_eq!(pending(BOB), bob_raw / 2);
    assert_eq!(pending(CAROL), carol);

    // slash 10% of 100 OPEN; half to the challenger, half burned; bond returned
    let c = env.s.challenge(1).unwrap().unwrap();
    assert_eq!((c.slashed, c.reward), (10 * OPEN, 5 * OPEN));
    assert_eq!(c.agreed, agreed.to_vec());
    assert_eq!(env.balance(&addr(CHALLENGER)), challenger + 5 * OPEN);
    assert_eq!(env.supply(), supply - 5 * OPEN);
    assert_eq!(env.balance(&module()), module_before - 10 * OPEN);
    let op = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(op.bond, 90 * OPEN);
    assert_eq!((op.slash_count, op.slashed_total), (1, 10 * OPEN));
    let ev = env.events(EV_SETTLED);
    assert_eq!(
        ev[0].attribute("status"),
        Some("\"CHALLENGE_STATUS_CORRECTED\"")
    );
    assert_eq!(ev[0].attribute("slashed"), Some("\"10000000000000000000\""));
    assert_eq!(ev[0].attribute("reward"), Some("\"5000000000000000000\""));
    let ev = env.events(EV_SLASHED);
    assert_eq!(ev[0].attribute("burned"), Some("\"5000000000000000000\""));
    // below the minimum bond the operator can not record
    let e = env.record(&record_msg("after")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 21));

    // released with the corrected split: the graph and the community pool follow it
    let community = env.balance(&community_pool());
    env.release_held();
    assert_eq!(
        env.s.claimable_rewards(&addr(BOB)).unwrap().claimable,
        bob_raw / 2
    );
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        carol
    );
    assert_eq!(env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable, 0);
    // the block also paid the record's platform fee, pending since
    assert_eq!(
        env.balance(&community_pool()) - community,
        Params::default().platform_fee + POOL - bob_raw / 2 - carol
    );
    let d1 = env.s.datanet_influence(1, 1).unwrap().unwrap();
    assert_eq!((d1.influence_ppm, d1.earned), (600_000, bob_raw / 2));
    assert_eq!(env.s.contributor_influence(1, &addr(ALICE)).unwrap(), None);
    let t = env.s.attribution_totals().unwrap();
    assert_eq!(t.contributors_credited, bob_raw / 2 + carol);
    assert_eq!(t.withheld, bob_raw / 2);
    assert_eq!(t.split_sum(), Some(t.fees_charged));
}

#[test]
fn an_unattributed_correction_sends_the_pool_to_the_community_pool() {
    let mut env = one_receipt();
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    assert_eq!(
        env.settle(1, &[], 3, 4).unwrap(),
        ChallengeStatus::Corrected
    );
    let fixed = env.s.corrected_receipt(1).unwrap().unwrap();
    assert!(fixed.entries.is_empty());
    assert_eq!(fixed.unattributed, POOL);
    env.release_held();
    assert_eq!(env.s.attribution_totals().unwrap().unattributed, POOL);
    assert_eq!(env.s.claimable_rewards(&addr(CAROL)).unwrap().pending, 0);
}

#[test]
fn an_escalated_challenge_is_refunded_and_settled_by_governance() {
    let mut env = one_receipt();
    env.record(&record_with_output("r2")).unwrap();
    let challenger = env.balance(&addr(CHALLENGER));
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    env.challenge(CHALLENGER, 2, BOND_10).unwrap();
    let deadline = env.s.challenge(1).unwrap().unwrap().deadline_height;
    // at the deadline height the validators may still agree
    env.height = deadline;
    env.end_block().unwrap();
    assert_eq!(status(&env, 1), ChallengeStatus::Open);
    // after it, the challenges are escalated and the bonds refunded
    env.end_block().unwrap();
    assert_eq!(status(&env, 1), ChallengeStatus::Escalated);
    assert_eq!(status(&env, 2), ChallengeStatus::Escalated);
    assert_eq!(env.balance(&addr(CHALLENGER)), challenger);
    assert_eq!(env.s.open_challenge_count().unwrap(), 0);
    let ev = env.events(EV_SETTLED);
    assert_eq!(
        ev[0].attribute("status"),
        Some("\"CHALLENGE_STATUS_ESCALATED\"")
    );
    // the validators can no longer settle them, and the pools stay held past the window
    let e = env.settle(1, &[entry(12, 1_000_000)], 3, 4).unwrap_err();
    assert_eq!(code(&e), ("attribution", 58));
    env.release_held();
    assert!(env.s.receipt_hold(1).unwrap().is_some());
    assert_eq!(env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable, 0);

    // governance upholds the first: no bond to pay (it was refunded), released next block
    let operator = env.balance(&addr(OP));
    assert_eq!(
        env.gov_settle_as(gov(), 1, &[entry(11, 250_000), entry(13, 750_000)])
            .unwrap(),
        ChallengeStatus::Upheld
    );
    assert_eq!(env.balance(&addr(OP)), operator);
    let ev = env.events(EV_SETTLED);
    let last = ev.last().unwrap();
    assert_eq!(last.attribute("agreeing_power"), Some("\"0\""));
    env.end_block().unwrap();
    assert_eq!(env.s.receipt_hold(1).unwrap(), None);
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        POOL * 3 / 4
    );
    // and corrects the second: the slash reward goes to the challenger, no bond comes back
    let supply = env.supply();
    assert_eq!(
        env.gov_settle_as(gov(), 2, &[entry(12, 1_000_000)])
            .unwrap(),
        ChallengeStatus::Corrected
    );
    assert_eq!(env.balance(&addr(CHALLENGER)), challenger + 5 * OPEN);
    assert_eq!(env.supply(), supply - 5 * OPEN);
    env.end_block().unwrap();
    assert_eq!(env.s.claimable_rewards(&addr(BOB)).unwrap().claimable, POOL);
}

#[test]
fn governance_may_settle_an_open_challenge() {
    let mut env = one_receipt();
    let challenger = env.balance(&addr(CHALLENGER));
    env.challenge(CHALLENGER, 1, BOND_10).unwrap();
    assert_eq!(
        env.gov_settle_as(gov(), 1, &[entry(12, 1_000_000)])
            .unwrap(),
        ChallengeStatus::Corrected
    );
    // the escrowed bond comes back with the reward
    assert_eq!(env.balance(&addr(CHALLENGER)), challenger + 5 * OPEN);
}

/// `Env::ready` where the operator owns contribution 19 (datanet 1, in model 1's data).
fn operator_with_own_contribution() -> Env {
    let mut env = Env::ready();
    env.datanets.contributions.insert(
        19,
        ContributionView {
            id: 19,
            datanet_id: 1,
            contributor: addr(OP),
            approved: true,
            approval_seq: 4,
        },
    );
    env
}

/// The operator's bank balance, bond, claimable and pending credits.
fn operator_wealth(env: &Env) -> u128 {
    let c = env.s.claimable_rewards(&addr(OP)).unwrap();
    env.balance(&addr(OP))
        + env.s.inference_operator(&addr(OP)).unwrap().unwrap().bond
        + c.claimable
        + c.pending
}

#[test]
fn an_operator_routing_the_pool_to_itself_ends_with_less() {
    let mut env = operator_with_own_contribution();
    let wealth = operator_wealth;
    let before = wealth(&env);
    // three receipts whose whole data pool goes to the operator's own contribution
    for i in 1..=3 {
        let msg = MsgRecordInference {
            attribution: vec![entry(19, 1_000_000)],
            ..record_with_output(&format!("self-{i}"))
        };
        env.record(&msg).unwrap();
    }
    assert_eq!(wealth(&env), before + 3 * POOL, "what it hoped to gain");
    let honest = [entry(11, 250_000), entry(13, 750_000)];
    for id in 1..=3 {
        env.challenge(CHALLENGER, id, BOND_10).unwrap();
        assert_eq!(
            env.settle(id, &honest, 3, 4).unwrap(),
            ChallengeStatus::Corrected
        );
    }
    env.release_held();
    // bond 100 → 90 → 81 → 72.9 OPEN: it lost 27.1 OPEN and gained nothing
    let op = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(op.bond, 72_900_000_000_000_000_000);
    assert_eq!(wealth(&env), before - 27_100_000_000_000_000_000);
    assert!(before - wealth(&env) > 3 * POOL);
    // the honest contributors got the credits
    assert_eq!(
        env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable,
        3 * POOL / 4
    );
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        3 * POOL * 3 / 4
    );
    assert_eq!(env.s.claimable_rewards(&addr(OP)).unwrap().pending, 0);
}

#[test]
fn self_dealing_through_an_own_user_does_not_pay() {
    // the operator also controls USER (deposited and granted in `ready`): nobody else sees the
    // outputs, so nobody challenges; it routes every pool to its own contribution
    let mut env = operator_with_own_contribution();
    let wealth = |env: &Env| {
        operator_wealth(env)
            + env.balance(&addr(USER))
            + env.s.inference_balance(&addr(USER)).unwrap()
    };
    let before = wealth(&env);
    let mut paid = 0;
    for i in 1..=3 {
        let msg = MsgRecordInference {
            attribution: vec![entry(19, 1_000_000)],
            ..record_with_output(&format!("own-{i}"))
        };
        paid += env.record(&msg).unwrap().fee;
    }
    env.release_held();
    let after = wealth(&env);
    // it paid the whole fees and got back only the data pools
    assert_eq!(before - after, paid - 3 * POOL);
    assert!(after < before);
}

#[test]
fn challenge_queries() {
    let mut env = one_receipt();
    env.record(&record_with_output("r2")).unwrap();
    env.record(&record_with_output("r3")).unwrap();
    for id in 1..=3 {
        env.challenge(CHALLENGER, id, BOND_10).unwrap();
    }
    env.settle(2, &[entry(12, 1_000_000)], 3, 4).unwrap();
    let c = query_challenge(&env.s, &proto::QueryChallengeRequest { id: 2 })
        .unwrap()
        .challenge
        .unwrap();
    assert_eq!(c.status, proto::ChallengeStatus::Corrected as i32);
    assert_eq!(c.slashed, (10 * OPEN).to_string());
    let e = query_challenge(&env.s, &proto::QueryChallengeRequest { id: 0 }).unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = query_challenge(&env.s, &proto::QueryChallengeRequest { id: 9 }).unwrap_err();
    assert_eq!(code(&e), ("attribution", 57));
    let list = |status: proto::ChallengeStatus, limit: u64, key: Vec<u8>| {
        query_challenges(
            &env.s,
            &proto::QueryChallengesRequest {
                status: status as i32,
                pagination: Some(PageRequest {
                    key,
                    limit,
                    ..Default::default()
                }),
            },
        )
        .unwrap()
    };
    let all = list(proto::ChallengeStatus::Unspecified, 2, vec![]);
    let ids: Vec<u64> = all.challenges.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![1, 2]);
    let next = all.pagination.unwrap().next_key;
    assert_eq!(next, 3u64.to_be_bytes().to_vec());
    let rest = list(proto::ChallengeStatus::Unspecified, 2, next);
    assert_eq!(rest.challenges.len(), 1);
    assert!(rest.pagination.unwrap().next_key.is_empty());
    let open = list(proto::ChallengeStatus::Open, 0, vec![]);
    let ids: Vec<u64> = open.challenges.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![1, 3]);
    let page = list(proto::ChallengeStatus::Open, 1, vec![]);
    assert_eq!(
        page.pagination.unwrap().next_key,
        3u64.to_be_bytes().to_vec()
    );
    assert_eq!(
        list(proto::ChallengeStatus::Escalated, 0, vec![])
            .challenges
            .len(),
        0
    );
    let e = query_challenges(
        &env.s,
        &proto::QueryChallengesRequest {
            status: 9,
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
}

#[test]
fn a_lowered_window_applies_to_later_records_only() {
    let mut env = one_receipt();
    let first = env.s.receipt_hold(1).unwrap().unwrap().release_secs;
    let mut p = env.s.attribution_params().unwrap();
    p.challenge_window_secs = 60;
    env.update_params_as(gov(), p).unwrap();
    env.record(&record_with_output("r2")).unwrap();
    let second = env.s.receipt_hold(2).unwrap().unwrap().release_secs;
    assert_eq!(second, env.block().time_unix_secs as u64 + 60);
    assert!(second < first);
    env.end_block_at(&block_at(env.height, second as i64))
        .unwrap();
    assert!(env.s.receipt_hold(2).unwrap().is_none());
    assert!(env.s.receipt_hold(1).unwrap().is_some());
}
