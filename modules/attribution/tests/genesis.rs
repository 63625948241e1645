//! Genesis: export → JSON → import gives back the same document and the same keys (indexes,
//! queue and the attribution graph rebuilt from the receipts), and invalid documents are
//! refused.

mod common;

use common::*;
use openledger_attribution::{
    AttributionError, ChallengeStatus, GenesisAccount, GenesisState, Hold, OperatorStatus, Params,
};
use openledger_framework::delta::MemState;
use openledger_framework::{Dec, StateRead};

/// A chain with every kind of record: active, unbonding and unbonded operators (one slashed),
/// balances, grants (one used up to 0), receipts with withheld credits, claims and pending
/// amounts, released and held data pools, and challenges of every status (a corrected receipt
/// released, another still held).
fn rich_env() -> Env {
    let mut env = Env::ready();
    env.register(OP2, &[1]);
    env.register(3, &[4]);
    env.grant(USER, OP2, 1, 2 * OPEN).unwrap();
    // exactly the fee of one model-4 inference: used up below
    env.grant(USER2, OP, 4, 3 + Params::default().platform_fee)
        .unwrap();
    env.deposit(USER2, 3 * OPEN).unwrap();
    env.datanets
        .multipliers
        .insert((1, addr(ALICE)), Dec::percent(50));
    env.record(&record_msg("a")).unwrap();
    env.record(&openledger_attribution::MsgRecordInference {
        operator: addr(OP2),
        attribution: vec![entry(11, 100_000), entry(17, 300_000), entry(13, 600_000)],
        ..record_msg("b")
    })
    .unwrap();
    env.record(&openledger_attribution::MsgRecordInference {
        model_id: 4,
        attribution: vec![entry(16, 999_999), entry(12, 1)],
        ..record_msg("c")
    })
    .unwrap();
    env.record(&openledger_attribution::MsgRecordInference {
        user: addr(USER2),
        model_id: 4,
        attribution: vec![entry(16, 1_000_000)],
        ..record_msg("e")
    })
    .unwrap();
    env.release_held();
    env.claim(addr(CAROL)).unwrap();
    env.end_block().unwrap();
    env.slash_as(gov(), OP2, Dec::percent(5)).unwrap();
    // operator 3 unbonds and completes; OP2 unbonds later and is still unbonding at export
    let c = env.unbond(3).unwrap();
    env.end_block_at(&block_at(env.height, c.secs - 1)).unwrap();
    env.end_block_at(&block_at(env.height + 1, c.secs)).unwrap();
    env.height += 2;
    env.unbond(OP2).unwrap();
    // receipts 5 to 7: challenged, then UPHELD, CORRECTED and ESCALATED
    for rid in ["f", "g", "h"] {
        env.record(&record_with_output(rid)).unwrap();
    }
    let upheld = env.challenge(7, 5, 10 * OPEN).unwrap();
    env.settle(upheld, &[entry(13, 750_000), entry(11, 250_000)], 3, 4)
        .unwrap();
    let corrected = env.challenge(8, 6, 10 * OPEN).unwrap();
    env.settle(corrected, &[entry(12, 1_000_000)], 3, 4)
        .unwrap();
    env.challenge(9, 7, 10 * OPEN).unwrap();
    let past_deadline = env.height + 101;
    env.end_block_at(&block_at(past_deadline, env.block().time_unix_secs))
        .unwrap();
    env.height = past_deadline + 1;
    // 5 and 6 are released; 7 stays held
    env.release_held();
    // the corrected receipt's slash left OP below the minimum bond: it adds bond to record
    let more = openledger_attribution::MsgUpdateOperator {
        operator: addr(OP),
        endpoint: "https://inference.example/v1".into(),
        models: vec![1, 3, 4],
        add_bond: 50 * OPEN,
    };
    env.update_msg(&more).unwrap();
    // receipts 8 and 9 held, one with an OPEN challenge, one CORRECTED
    env.record(&record_with_output("k")).unwrap();
    env.record(&record_with_output("l")).unwrap();
    env.challenge(7, 8, 10 * OPEN).unwrap();
    let c = env.challenge(8, 9, 20 * OPEN).unwrap();
    env.settle(c, &[], 3, 4).unwrap();
    // pending amounts left for the next end block
    env.record(&record_msg("d")).unwrap();
    env
}

fn attribution_keys(s: &MemState) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.prefix_raw(b"attribution/", None)
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn export_import_round_trip() {
    let env = rich_env();
    let g = GenesisState::export(&env.s).unwrap();
    assert_eq!(g.receipts.len(), 10);
    assert_eq!(g.operators.len(), 3);
    let held: Vec<u64> = g.holds.iter().map(|h| h.receipt_id).collect();
    assert_eq!(held, vec![7, 8, 9, 10]);
    let statuses: Vec<ChallengeStatus> = g.challenges.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        vec![
            ChallengeStatus::Upheld,
            ChallengeStatus::Corrected,
            ChallengeStatus::Escalated,
            ChallengeStatus::Open,
            ChallengeStatus::Corrected
        ]
    );
    assert_eq!(g.next_challenge_id, 6);
    let corrected: Vec<u64> = g.corrected_receipts.iter().map(|r| r.id).collect();
    assert_eq!(corrected, vec![6, 9]);
    assert!(g.totals.held > 0 && g.claimables.iter().any(|c| c.pending > 0));
    let statuses: Vec<OperatorStatus> = g.operators.iter().map(|o| o.status).collect();
    assert!(statuses.contains(&OperatorStatus::Unbonding));
    assert!(statuses.contains(&OperatorStatus::Unbonded));
    assert!(g.pending.stakers > 0 && g.pending.community > 0);
    assert!(g.grants.iter().any(|gr| gr.remaining == 0));
    assert!(g.totals.withheld > 0 && g.totals.claimed > 0);
    g.validate().unwrap();

    let json = serde_json::to_string_pretty(&g).unwrap();
    assert!(json.contains("\"status\": \"OPERATOR_STATUS_UNBONDING\""));
    assert!(json.contains("\"output_hash\": \"abab"));
    assert!(json.contains("\"status\": \"CHALLENGE_STATUS_ESCALATED\""));
    assert!(json.contains("\"creator_share\": \"0.700000000000000000\""));
    let back: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);

    let bank = openledger_bank::GenesisState::export(&env.s).unwrap();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    back.init(&mut fresh).unwrap();
    check_invariants(&fresh);
    assert_eq!(GenesisState::export(&fresh).unwrap(), g);
    // every key, the derived ones included, is rebuilt identically
    assert_eq!(attribution_keys(&fresh), attribution_keys(&env.s));
}

#[test]
fn empty_genesis_round_trips() {
    let g: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(g, GenesisState::default());
    let mut s = MemState::empty();
    g.init(&mut s).unwrap();
    // the genesis engine params become id 1, and are exported as the history
    let exported = GenesisState::export(&s).unwrap();
    assert_eq!(
        exported,
        GenesisState {
            engine_params: vec![openledger_attribution::EngineParamsEntry {
                id: 1,
                params: g.params.engine.clone(),
            }],
            ..g.clone()
        }
    );
    let mut again = MemState::empty();
    exported.init(&mut again).unwrap();
    assert_eq!(GenesisState::export(&again).unwrap(), exported);
    assert!(serde_json::from_str::<GenesisState>(r#"{"unknown": 1}"#).is_err());
}

#[test]
fn engine_params_history_is_checked() {
    use openledger_attribution::{EngineParams, EngineParamsEntry};
    let old = EngineParams {
        min_span: 16,
        ..EngineParams::default()
    };
    let mut g = GenesisState {
        engine_params: vec![
            EngineParamsEntry {
                id: 1,
                params: old.clone(),
            },
            EngineParamsEntry {
                id: 2,
                params: EngineParams::default(),
            },
        ],
        ..GenesisState::default()
    };
    g.validate().unwrap();
    let mut s = MemState::empty();
    g.init(&mut s).unwrap();
    assert_eq!(GenesisState::export(&s).unwrap(), g);
    // ids must run 1, 2, ...
    g.engine_params[1].id = 3;
    assert!(refused(&g).contains("engine_params ids"), "{}", refused(&g));
    // the last must be the current params
    g.engine_params[1].id = 2;
    g.engine_params[1].params = old;
    assert!(refused(&g).contains("params.engine"), "{}", refused(&g));
}

fn refused(g: &GenesisState) -> String {
    match g.validate() {
        Err(AttributionError::InvalidGenesis(m)) => m,
        other => panic!("expected invalid genesis, got {other:?}"),
    }
}

#[test]
fn invalid_documents_are_refused() {
    let env = rich_env();
    let good = GenesisState::export(&env.s).unwrap();
    let edit = |f: &dyn Fn(&mut GenesisState)| {
        let mut g = good.clone();
        f(&mut g);
        refused(&g)
    };
    assert!(edit(&|g| g.params.data_share = Dec::ZERO).contains("params"));
    assert!(edit(&|g| g.next_receipt_id = 0).contains("next_receipt_id"));
    assert!(edit(&|g| g.next_receipt_id = 5).contains("not in 1..5"));
    assert!(edit(&|g| {
        let o = g.operators[0].clone();
        g.operators.push(o)
    })
    .contains("duplicate operator"));
    assert!(edit(&|g| g.operators[0].endpoint.clear()).contains("endpoint"));
    assert!(edit(&|g| g.operators[0].models = vec![1, 1]).contains("models"));
    assert!(edit(&|g| {
        let o = g
            .operators
            .iter_mut()
            .find(|o| o.status == OperatorStatus::Unbonding)
            .unwrap();
        o.unbonding_completion = 0;
    })
    .contains("OPERATOR_STATUS_UNBONDING"));
    assert!(edit(&|g| {
        let o = g
            .operators
            .iter_mut()
            .find(|o| o.status == OperatorStatus::Unbonded)
            .unwrap();
        o.bond = 1;
    })
    .contains("OPERATOR_STATUS_UNBONDED"));
    assert!(edit(&|g| g.operators[0].inferences += 1).contains("stats"));
    assert!(edit(&|g| g.accounts.push(g.accounts[0])).contains("duplicate account"));
    assert!(edit(&|g| g.accounts.push(GenesisAccount {
        address: addr(9),
        balance: 0
    }))
    .contains("zero balance"));
    assert!(edit(&|g| g.grants.push(g.grants[0])).contains("duplicate grant"));
    assert!(edit(&|g| g.grants[0].operator = g.grants[0].user).contains("itself"));
    assert!(edit(&|g| g.claimables.push(g.claimables[0])).contains("duplicate claimable"));
    assert!(edit(&|g| g.claimables[0].claimable += 1).contains("earned"));
    assert!(edit(&|g| {
        g.claimables[0].claimable += 1;
        g.claimables[0].creator_earned += 1;
    })
    .contains("claimables differ"));
    assert!(edit(&|g| g.receipts[0].fee += 1).contains("fee is not"));
    assert!(edit(&|g| g.receipts[0].entries[0].amount += 1).contains("credited"));
    assert!(edit(&|g| g.receipts[0].entries[0].weight_ppm += 1).contains("weights"));
    assert!(edit(&|g| g.receipts[0].datanets.reverse()).contains("datanet shares"));
    assert!(edit(&|g| {
        g.receipts[0].output_hash.pop();
    })
    .contains("output_hash"));
    assert!(
        edit(&|g| g.receipts[2].request_id = g.receipts[0].request_id.clone()).contains("twice")
    );
    assert!(edit(&|g| {
        let r = g.receipts[0].clone();
        g.receipts.push(r)
    })
    .contains("duplicate receipt"));
    assert!(edit(&|g| g.totals.dust += 1).contains("totals"));
    assert!(edit(&|g| {
        g.totals.dust += 1;
        g.totals.fees_charged += 1;
    })
    .contains("sums of the receipts"));
    assert!(edit(&|g| g.totals.claimed += 1).contains("claimables differ"));
    // holds, challenges and corrected receipts
    assert!(edit(&|g| g.holds.push(g.holds[0])).contains("held twice"));
    assert!(edit(&|g| g.holds.push(Hold {
        receipt_id: 99,
        release_secs: 1
    }))
    .contains("unknown receipt"));
    // a held pool counted as released: its credits are no longer pending
    assert!(edit(&|g| {
        g.holds.pop();
    })
    .contains("pending"));
    assert!(edit(&|g| g.totals.held += 1).contains("totals"));
    assert!(edit(&|g| {
        let c = g.claimables.iter_mut().find(|c| c.pending > 0).unwrap();
        c.pending += 1;
    })
    .contains("pending"));
    assert!(edit(&|g| g.next_challenge_id = 3).contains("not in 1..3"));
    assert!(edit(&|g| g.challenges[0].output.push(b'!')).contains("output_hash"));
    assert!(edit(&|g| g.challenges[1].receipt_id = 5).contains("challenged twice"));
    assert!(edit(&|g| g.challenges[0].receipt_id = 99).contains("unknown receipt"));
    // an OPEN challenge of a released receipt
    assert!(edit(&|g| g.challenges[0].status = ChallengeStatus::Open).contains("not held"));
    assert!(edit(&|g| g.challenges[0].status = ChallengeStatus::Corrected).contains("CORRECTED"));
    assert!(edit(&|g| g.challenges[1].status = ChallengeStatus::Upheld).contains("UPHELD"));
    assert!(edit(&|g| g.corrected_receipts[0].fee += 1).contains("corrected receipt 6"));
    assert!(edit(&|g| {
        g.corrected_receipts.remove(0);
    })
    .contains("without a corrected receipt"));
    // the module balance counts the OPEN challenges' bonds
    let open_bond: u128 = good
        .challenges
        .iter()
        .filter(|c| c.status == ChallengeStatus::Open)
        .map(|c| c.bond)
        .sum();
    assert_eq!(open_bond, 10 * OPEN);
    good.validate().unwrap();
}

#[test]
fn import_checks_the_module_balance() {
    let env = rich_env();
    let g = GenesisState::export(&env.s).unwrap();
    let bank = openledger_bank::GenesisState::export(&env.s).unwrap();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    transfer(&mut fresh, &addr(9), &module(), 1);
    let before = fresh.changes().clone();
    let e = g.init(&mut fresh).unwrap_err();
    assert_eq!(code(&e), ("attribution", 3));
    assert!(
        e.to_string().contains("attribution module account holds"),
        "{e}"
    );
    assert_eq!(fresh.changes(), &before);
    // and a params-only genesis needs an empty module account
    let e = GenesisState {
        params: Params::default(),
        ..Default::default()
    }
    .init(&mut fresh)
    .unwrap_err();
    assert_eq!(code(&e), ("attribution", 3));
}
