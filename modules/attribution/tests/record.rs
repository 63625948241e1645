//! `MsgRecordInference`: the reference example with exact figures, the penalty multiplier,
//! dust, aggregation, grants, every refusal (each leaves state unchanged; `run` asserts it)
//! and the end-block payout of the pending amounts.

mod common;

use common::*;
use openledger_attribution::{
    proto, query_model_influence, query_receipts_by_model, query_receipts_by_operator,
    query_receipts_by_user, query_top_contributors, query_top_datanets, AttributionRead,
    DatanetShare, MsgRecordInference, OperatorStatus, Params, Receipt,
};
use openledger_framework::Dec;

fn reference_env() -> Env {
    let mut env = Env::with_params(Params {
        platform_fee: OPEN / 2,
        ..Params::default()
    });
    env.register(OP, &[1]);
    env.deposit(USER, 10 * OPEN).unwrap();
    env.grant(USER, OP, 1, 5 * OPEN).unwrap();
    env
}

#[test]
fn reference_example_has_the_exact_figures() {
    let mut env = reference_env();
    let module_before = env.balance(&module());
    let supply_before = env.supply();
    let r = env.record(&record_msg("req-1")).unwrap();
    assert_eq!(r.receipt_id, 1);
    assert_eq!(r.fee, 1_140_000_000_000_000_000);

    let receipt = env.s.receipt(1).unwrap().unwrap();
    assert_eq!(receipt.fee, 1_140_000_000_000_000_000);
    assert_eq!(receipt.platform_fee, 500_000_000_000_000_000);
    assert_eq!(receipt.creator_amount, 448_000_000_000_000_000);
    assert_eq!(receipt.stakers_amount, 64_000_000_000_000_000);
    assert_eq!(receipt.data_pool, 128_000_000_000_000_000);
    assert_eq!(receipt.credited, 128_000_000_000_000_000);
    assert_eq!(receipt.withheld, 0);
    assert_eq!(receipt.dust, 0);
    assert_eq!(receipt.model_version, 2, "0 is the latest version");
    assert_eq!(receipt.creator, addr(CREATOR));
    assert_eq!(receipt.height, env.height);
    assert_eq!(receipt.time.secs, START + 5 * env.height as i64);
    // the 250_000 ppm entry earns exactly 0.032 OPEN
    assert_eq!(receipt.entries[0].contribution_id, 11);
    assert_eq!(receipt.entries[0].contributor, addr(ALICE));
    assert_eq!(receipt.entries[0].datanet_id, 1);
    assert_eq!(receipt.entries[0].amount, 32_000_000_000_000_000);
    assert_eq!(receipt.entries[1].amount, 96_000_000_000_000_000);
    assert_eq!(
        receipt.datanets,
        vec![
            DatanetShare {
                datanet_id: 1,
                weight_ppm: 250_000,
                amount: 32_000_000_000_000_000
            },
            DatanetShare {
                datanet_id: 2,
                weight_ppm: 750_000,
                amount: 96_000_000_000_000_000
            },
        ]
    );

    // balances: only internal ones moved
    assert_eq!(env.balance(&module()), module_before);
    assert_eq!(env.supply(), supply_before);
    assert_eq!(
        env.s.inference_balance(&addr(USER)).unwrap(),
        10 * OPEN - 1_140_000_000_000_000_000
    );
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 1).unwrap(),
        Some(5 * OPEN - 1_140_000_000_000_000_000)
    );
    let creator = env.s.claimable_rewards(&addr(CREATOR)).unwrap();
    assert_eq!(creator.claimable, 448_000_000_000_000_000);
    assert_eq!(creator.creator_earned, 448_000_000_000_000_000);
    assert_eq!(creator.contributor_earned, 0);
    // the data pool is held: the contributors' credits are pending, not claimable
    let alice = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!(alice.claimable, 0);
    assert_eq!(alice.pending, 32_000_000_000_000_000);
    assert_eq!(alice.contributor_earned, 0);
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().pending,
        96_000_000_000_000_000
    );
    let pending = env.s.attribution_pending().unwrap();
    assert_eq!(pending.stakers, 64_000_000_000_000_000);
    assert_eq!(pending.community, 500_000_000_000_000_000);
    let t = env.s.attribution_totals().unwrap();
    assert_eq!(t.fees_charged, 1_140_000_000_000_000_000);
    assert_eq!(t.platform, 500_000_000_000_000_000);
    assert_eq!(t.creator, 448_000_000_000_000_000);
    assert_eq!(t.stakers, 64_000_000_000_000_000);
    assert_eq!(t.contributors_credited, 0);
    assert_eq!(t.held, 128_000_000_000_000_000);
    assert_eq!(t.inferences, 1);
    let hold = env.s.receipt_hold(1).unwrap().unwrap();
    assert_eq!(
        hold.release_secs,
        (START + 5 * env.height as i64) as u64 + 86_400
    );
    assert_eq!(env.s.datanet_influence(1, 1).unwrap(), None);
    let op = env.s.inference_operator(&addr(OP)).unwrap().unwrap();
    assert_eq!(op.inferences, 1);
    assert_eq!(op.fees_charged, 1_140_000_000_000_000_000);
    assert_eq!(env.s.next_receipt_id().unwrap(), 2);
    assert_eq!(
        env.s.receipt_id_for_request(&addr(OP), "req-1").unwrap(),
        Some(1)
    );

    // one challenge window later the credits are claimable and the graph applied
    env.release_held();
    let alice = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!(alice.claimable, 32_000_000_000_000_000);
    assert_eq!(alice.pending, 0);
    assert_eq!(alice.contributor_earned, 32_000_000_000_000_000);
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        96_000_000_000_000_000
    );
    let t = env.s.attribution_totals().unwrap();
    assert_eq!(t.contributors_credited, 128_000_000_000_000_000);
    assert_eq!(t.held, 0);
    assert_eq!(env.s.receipt_hold(1).unwrap(), None);
    let released = env.events(EV_RELEASED);
    assert_eq!(released.len(), 1);
    assert_eq!(released[0].attribute("receipt_id"), Some("\"1\""));
    assert_eq!(
        released[0].attribute("credited"),
        Some("\"128000000000000000\"")
    );

    // the graph
    let d1 = env.s.datanet_influence(1, 1).unwrap().unwrap();
    assert_eq!(
        (d1.influence_ppm, d1.earned, d1.inferences),
        (250_000, 32_000_000_000_000_000, 1)
    );
    let c = env
        .s
        .contributor_influence(1, &addr(CAROL))
        .unwrap()
        .unwrap();
    assert_eq!(
        (c.influence_ppm, c.earned, c.entries),
        (750_000, 96_000_000_000_000_000, 1)
    );
    assert_eq!(
        env.s.contributor_datanet_earned(&addr(ALICE), 1).unwrap(),
        32_000_000_000_000_000
    );
    assert_eq!(
        env.s.contributor_model_earned(&addr(CAROL), 1).unwrap(),
        96_000_000_000_000_000
    );

    // the event
    let ev = env.events(EV_RECORDED);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].attribute("receipt_id"), Some("\"1\""));
    assert_eq!(ev[0].attribute("fee"), Some("\"1140000000000000000\""));
    assert_eq!(ev[0].attribute("entries"), Some("2"));
    assert_eq!(ev[0].attribute("model_version"), Some("\"2\""));
    assert_eq!(
        ev[0].attribute("datanets"),
        Some(
            r#"[{"amount":"32000000000000000","datanet_id":"1","weight_ppm":250000},{"amount":"96000000000000000","datanet_id":"2","weight_ppm":750000}]"#
        )
    );
    let keys: Vec<&str> = ev[0].attributes.iter().map(|a| a.key.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "attributes are sorted by key");
}

#[test]
fn penalty_multiplier_halves_the_credit_and_withholds_the_rest() {
    let mut env = reference_env();
    env.datanets
        .multipliers
        .insert((1, addr(ALICE)), Dec::percent(50));
    env.record(&record_msg("req-1")).unwrap();
    let r = env.s.receipt(1).unwrap().unwrap();
    assert_eq!(r.entries[0].amount, 16_000_000_000_000_000);
    assert_eq!(r.entries[0].withheld, 16_000_000_000_000_000);
    assert_eq!(r.entries[1].amount, 96_000_000_000_000_000);
    assert_eq!(r.entries[1].withheld, 0);
    assert_eq!(r.withheld, 16_000_000_000_000_000);
    assert_eq!(r.credited, 112_000_000_000_000_000);
    assert_eq!(
        env.s.claimable_rewards(&addr(ALICE)).unwrap().pending,
        16_000_000_000_000_000
    );
    assert_eq!(
        env.s.attribution_pending().unwrap().community,
        500_000_000_000_000_000
    );
    // released, the withheld part goes to the community pool
    env.release_held();
    assert_eq!(
        env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable,
        16_000_000_000_000_000
    );
    assert_eq!(
        env.balance(&community_pool()),
        500_000_000_000_000_000 + 16_000_000_000_000_000
    );
    assert_eq!(
        env.s.attribution_totals().unwrap().withheld,
        16_000_000_000_000_000
    );
    // a multiplier of 0 withholds everything; no claimable record is created
    env.datanets.multipliers.insert((2, addr(CAROL)), Dec::ZERO);
    env.record(&record_msg("req-2")).unwrap();
    let r = env.s.receipt(2).unwrap().unwrap();
    assert_eq!(r.entries[1].amount, 0);
    assert_eq!(r.entries[1].withheld, 96_000_000_000_000_000);
    env.release_held();
    assert_eq!(
        env.s.claimable_rewards(&addr(CAROL)).unwrap().claimable,
        96_000_000_000_000_000,
        "only the first inference credited CAROL"
    );
}

#[test]
fn an_unattributed_output_sends_its_data_pool_to_the_community_pool() {
    let mut env = reference_env();
    let module_before = env.balance(&module());
    let msg = MsgRecordInference {
        attribution: vec![],
        ..record_msg("no-span")
    };
    let out = env.record(&msg).unwrap();
    assert_eq!(out.fee, 1_140_000_000_000_000_000);
    let r = env.s.receipt(out.receipt_id).unwrap().unwrap();
    assert!(r.entries.is_empty() && r.datanets.is_empty());
    assert_eq!(r.data_pool, 128_000_000_000_000_000);
    assert_eq!(r.unattributed, r.data_pool);
    assert_eq!((r.credited, r.withheld, r.dust), (0, 0, 0));
    assert_eq!(r.split_sum(), Some(r.fee));
    assert_eq!(
        (
            r.engine_version,
            r.engine_params_id,
            r.evidence_hash.clone()
        ),
        (1, 1, vec![0xee; 32])
    );
    // the platform fee goes to the community pool now, the data pool once released; nobody's
    // claimable grows but the creator's
    let pending = env.s.attribution_pending().unwrap();
    assert_eq!(pending.community, 500_000_000_000_000_000);
    assert_eq!(
        env.s.attribution_totals().unwrap().held,
        128_000_000_000_000_000
    );
    assert_eq!(env.balance(&module()), module_before);
    env.release_held();
    assert_eq!(
        env.balance(&community_pool()),
        500_000_000_000_000_000 + 128_000_000_000_000_000
    );
    assert_eq!(env.s.claimable_rewards(&addr(ALICE)).unwrap().claimable, 0);
    assert_eq!(
        env.s.claimable_rewards(&addr(CREATOR)).unwrap().claimable,
        448_000_000_000_000_000
    );
    let t = env.s.attribution_totals().unwrap();
    assert_eq!(t.unattributed, 128_000_000_000_000_000);
    assert_eq!(t.held, 0);
    assert_eq!(t.split_sum(), Some(t.fees_charged));
    // the event carries the engine and the unattributed amount
    let ev = env.events(EV_RECORDED);
    let ev = ev.last().unwrap();
    assert_eq!(ev.attribute("unattributed"), Some("\"128000000000000000\""));
    assert_eq!(ev.attribute("engine_version"), Some("1"));
    assert_eq!(ev.attribute("engine_params_id"), Some("\"1\""));
    assert_eq!(
        ev.attribute("evidence_hash"),
        Some("\"7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u4=\"")
    );
}

#[test]
fn floors_leave_dust_for_the_community_pool() {
    let mut env = Env::ready();
    // model 4: 1 aopen per 1000 tokens; 333_333 input tokens → token fee 333
    let msg = MsgRecordInference {
        model_id: 4,
        input_tokens: 333_333,
        output_tokens: 0,
        attribution: vec![entry(11, 333_333), entry(16, 666_667)],
        ..record_msg("dust")
    };
    let out = env.record(&msg).unwrap();
    let platform = Params::default().platform_fee;
    assert_eq!(out.fee, 333 + platform);
    let r = env.s.receipt(out.receipt_id).unwrap().unwrap();
    // creator floor(233.1) = 233, stakers floor(33.3) = 33, pool floor(66.6) = 66: 1 left
    assert_eq!(
        (r.creator_amount, r.stakers_amount, r.data_pool),
        (233, 33, 66)
    );
    // raw floor(21.99998) = 21 and floor(44.000022) = 44: 1 left
    assert_eq!(r.entries[0].amount, 21);
    assert_eq!(r.entries[1].amount, 44);
    assert_eq!(r.dust, 2);
    assert_eq!(r.split_sum(), Some(r.fee));
    // the token fee's dust goes with the platform fee; the data pool's once released
    assert_eq!(env.s.attribution_pending().unwrap().community, platform + 1);
    assert_eq!(env.s.attribution_totals().unwrap().dust, 1);
    env.release_held();
    assert_eq!(env.balance(&community_pool()), platform + 2);
    assert_eq!(env.s.attribution_totals().unwrap().dust, 2);
}

#[test]
fn entries_are_aggregated_per_contributor_and_datanet() {
    let mut env = Env::ready();
    // ALICE owns 11 and 17 (datanet 1) and 18 (datanet 2); BOB owns 12
    let msg = MsgRecordInference {
        attribution: vec![
            entry(11, 100_000),
            entry(17, 200_000),
            entry(18, 300_000),
            entry(12, 400_000),
        ],
        ..record_msg("agg")
    };
    env.record(&msg).unwrap();
    env.release_held();
    let pool = TOKEN_FEE / 5;
    let alice = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!(alice.claimable, pool * 6 / 10);
    assert_eq!(
        env.s.contributor_datanet_earned(&addr(ALICE), 1).unwrap(),
        pool * 3 / 10
    );
    assert_eq!(
        env.s.contributor_datanet_earned(&addr(ALICE), 2).unwrap(),
        pool * 3 / 10
    );
    assert_eq!(
        env.s.contributor_model_earned(&addr(ALICE), 1).unwrap(),
        pool * 6 / 10
    );
    let c = env
        .s
        .contributor_influence(1, &addr(ALICE))
        .unwrap()
        .unwrap();
    assert_eq!((c.influence_ppm, c.entries), (600_000, 3));
    let r = env.s.receipt(1).unwrap().unwrap();
    assert_eq!(r.datanets.len(), 2);
    assert_eq!(r.datanets[0].weight_ppm, 700_000);
    assert_eq!(r.datanets[1].weight_ppm, 300_000);
    let d = env.s.datanet_influence(1, 1).unwrap().unwrap();
    assert_eq!((d.influence_ppm, d.inferences), (700_000, 1));

    // a second inference adds to the graph and reorders the leaderboards
    let msg = MsgRecordInference {
        attribution: vec![entry(13, 1_000_000)],
        ..record_msg("agg-2")
    };
    env.record(&msg).unwrap();
    env.release_held();
    let d2 = env.s.datanet_influence(1, 2).unwrap().unwrap();
    assert_eq!((d2.influence_ppm, d2.inferences), (1_300_000, 2));
    let top = query_top_datanets(
        &env.s,
        &proto::QueryTopDatanetsRequest {
            model_id: 1,
            limit: 0,
        },
    )
    .unwrap();
    let ids: Vec<u64> = top.datanets.iter().map(|d| d.datanet_id).collect();
    assert_eq!(ids, vec![2, 1]);
    let top = query_top_contributors(
        &env.s,
        &proto::QueryTopContributorsRequest {
            model_id: 1,
            limit: 2,
        },
    )
    .unwrap();
    let who: Vec<String> = top
        .contributors
        .iter()
        .map(|c| c.contributor.clone())
        .collect();
    assert_eq!(who, vec![addr(CAROL).to_string(), addr(ALICE).to_string()]);
    assert_eq!(top.contributors[0].earned, pool.to_string());
    let all = query_model_influence(
        &env.s,
        &proto::QueryModelInfluenceRequest {
            model_id: 1,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(all.datanets.len(), 2);
    assert_eq!(all.datanets[0].datanet_id, 1);
}

#[test]
fn the_highest_referenced_datanet_version_counts() {
    let mut env = Env::ready();
    // contribution 14 has approval seq 5: not in datanet 1 version 1 (3 contributions), in
    // version 2 (6). Model 1 version 1 references only (1,1); version 2 references both.
    let msg = MsgRecordInference {
        model_version: 1,
        attribution: vec![entry(14, 1_000_000)],
        ..record_msg("v1")
    };
    let e = env.record(&msg).unwrap_err();
    assert_eq!(code(&e), ("attribution", 37));
    let msg = MsgRecordInference {
        model_version: 2,
        ..msg
    };
    env.record(&msg).unwrap();
    let msg = MsgRecordInference {
        model_version: 0,
        request_id: "latest".into(),
        ..msg
    };
    let out = env.record(&msg).unwrap();
    assert_eq!(
        env.s
            .receipt(out.receipt_id)
            .unwrap()
            .unwrap()
            .model_version,
        2
    );
}

#[test]
fn grants_are_chosen_by_model_then_any_model() {
    let mut env = Env::new();
    env.register(OP, &[1, 4]);
    env.deposit(USER, 100 * OPEN).unwrap();
    let fee = TOKEN_FEE + Params::default().platform_fee;
    // only an any-model grant: used
    env.grant(USER, OP, 0, 10 * OPEN).unwrap();
    env.record(&record_msg("a")).unwrap();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 0).unwrap(),
        Some(10 * OPEN - fee)
    );
    // a grant for model 1 takes precedence, even when it is too small
    env.grant(USER, OP, 1, fee - 1).unwrap();
    let e = env.record(&record_msg("b")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 41));
    assert_eq!(
        e.to_string(),
        format!(
            "fee {fee}aopen exceeds the grant's remaining {}aopen",
            fee - 1
        )
    );
    // exactly the fee: the grant reaches 0 and stays
    env.grant(USER, OP, 1, fee).unwrap();
    env.record(&record_msg("b")).unwrap();
    assert_eq!(
        env.s.inference_grant(&addr(USER), &addr(OP), 1).unwrap(),
        Some(0)
    );
    let e = env.record(&record_msg("c")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 41));
    // model 4 still uses the any-model grant
    let msg = MsgRecordInference {
        model_id: 4,
        attribution: vec![entry(16, 1_000_000)],
        ..record_msg("c")
    };
    env.record(&msg).unwrap();
}

#[test]
fn request_ids_are_unique_per_operator() {
    let mut env = Env::ready();
    env.register(OP2, &[1]);
    env.grant(USER, OP2, 0, 100 * OPEN).unwrap();
    env.record(&record_msg("same")).unwrap();
    let e = env.record(&record_msg("same")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 26));
    assert_eq!(
        e.to_string(),
        "request id \"same\" was already recorded as receipt 1"
    );
    let other = MsgRecordInference {
        operator: addr(OP2),
        ..record_msg("same")
    };
    assert_eq!(env.record(&other).unwrap().receipt_id, 2);
}

#[test]
fn every_refusal_in_order_changes_nothing() {
    let mut env = Env::ready();
    env.register(OP2, &[2]);
    let ok = record_msg("ok");
    let check = |env: &mut Env, m: &MsgRecordInference, want: u32| {
        let e = env.record(m).unwrap_err();
        assert_eq!(code(&e), ("attribution", want), "{e}");
    };
    // signer
    let e = env
        .run(addr(USER), |f, c, k| {
            openledger_attribution::execute_record_inference(f, c, &ok, k)
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // 1. operator: unknown, not active, bond below minimum
    check(
        &mut env,
        &MsgRecordInference {
            operator: addr(9),
            ..ok.clone()
        },
        7,
    );
    // 2. model: not served, unknown, not deployed, unknown version
    check(
        &mut env,
        &MsgRecordInference {
            model_id: 2,
            ..ok.clone()
        },
        22,
    );
    env.models.models.remove(&3);
    check(
        &mut env,
        &MsgRecordInference {
            model_id: 3,
            ..ok.clone()
        },
        14,
    );
    env.models = FakeModels::default();
    env.models.models.get_mut(&4).unwrap().deployed = false;
    check(
        &mut env,
        &MsgRecordInference {
            model_id: 4,
            ..ok.clone()
        },
        23,
    );
    env.models = FakeModels::default();
    check(
        &mut env,
        &MsgRecordInference {
            model_version: 3,
            ..ok.clone()
        },
        24,
    );
    // 3. request id: empty, too long, not printable
    for rid in [
        "".to_string(),
        "r".repeat(129),
        "naïve".into(),
        "a\nb".into(),
    ] {
        check(
            &mut env,
            &MsgRecordInference {
                request_id: rid,
                ..ok.clone()
            },
            25,
        );
    }
    // 4. hashes
    check(
        &mut env,
        &MsgRecordInference {
            output_hash: vec![1; 31],
            ..ok.clone()
        },
        27,
    );
    check(
        &mut env,
        &MsgRecordInference {
            output_hash: vec![],
            ..ok.clone()
        },
        27,
    );
    check(
        &mut env,
        &MsgRecordInference {
            prompt_hash: vec![1; 33],
            ..ok.clone()
        },
        27,
    );
    check(
        &mut env,
        &MsgRecordInference {
            evidence_hash: vec![],
            ..ok.clone()
        },
        27,
    );
    // ... the engine: its version, then the current params id
    check(
        &mut env,
        &MsgRecordInference {
            engine_version: 0,
            ..ok.clone()
        },
        47,
    );
    check(
        &mut env,
        &MsgRecordInference {
            engine_version: 2,
            ..ok.clone()
        },
        47,
    );
    check(
        &mut env,
        &MsgRecordInference {
            engine_params_id: 2,
            ..ok.clone()
        },
        48,
    );
    // 5. tokens
    check(
        &mut env,
        &MsgRecordInference {
            input_tokens: 1_000_000_001,
            ..ok.clone()
        },
        28,
    );
    check(
        &mut env,
        &MsgRecordInference {
            output_tokens: 1_000_000_001,
            ..ok.clone()
        },
        28,
    );
    check(
        &mut env,
        &MsgRecordInference {
            input_tokens: 0,
            output_tokens: 0,
            ..ok.clone()
        },
        29,
    );
    // 6. attribution list (empty is an unattributed output, tested on its own)
    check(
        &mut env,
        &MsgRecordInference {
            attribution: (1..=257).map(|i| entry(i, 1)).collect(),
            ..ok.clone()
        },
        31,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(11, 500_000), entry(11, 500_000)],
            ..ok.clone()
        },
        32,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(11, 1_000_000), entry(13, 0)],
            ..ok.clone()
        },
        33,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(11, 500_000), entry(13, 499_999)],
            ..ok.clone()
        },
        34,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(11, u32::MAX), entry(13, u32::MAX)],
            ..ok.clone()
        },
        34,
    );
    // 7. contributions: unknown, not approved, not in the model's data
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(11, 500_000), entry(99, 500_000)],
            ..ok.clone()
        },
        35,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(15, 1_000_000)],
            ..ok.clone()
        },
        36,
    );
    check(
        &mut env,
        &MsgRecordInference {
            attribution: vec![entry(16, 1_000_000)],
            ..ok.clone()
        },
        37,
    );
    // 8. pricing, fee overflow
    check(
        &mut env,
        &MsgRecordInference {
            model_id: 3,
            attribution: vec![entry(11, 1_000_000)],
            ..ok.clone()
        },
        38,
    );
    env.models.pricing.insert(1, (u128::MAX / 2, 0));
    check(&mut env, &ok, 39);
    env.models = FakeModels::default();
    // 9. grant, balance
    check(
        &mut env,
        &MsgRecordInference {
            user: addr(USER2),
            ..ok.clone()
        },
        40,
    );
    env.grant(USER2, OP, 1, 100 * OPEN).unwrap();
    check(
        &mut env,
        &MsgRecordInference {
            user: addr(USER2),
            ..ok.clone()
        },
        42,
    );
    env.grant(USER, OP, 0, 1).unwrap();
    check(&mut env, &ok, 41);
    env.grant(USER, OP, 0, 500 * OPEN).unwrap();

    // 1 again: not active, and bond below the minimum after a slash
    env.unbond(OP2).unwrap();
    check(
        &mut env,
        &MsgRecordInference {
            operator: addr(OP2),
            model_id: 2,
            ..ok.clone()
        },
        8,
    );
    env.slash_as(gov(), OP, Dec::percent(1)).unwrap();
    check(&mut env, &ok, 21);

    // the order: an unknown operator with every other field wrong is refused as unknown
    let all_wrong = MsgRecordInference {
        operator: addr(9),
        model_id: 77,
        request_id: String::new(),
        output_hash: vec![],
        input_tokens: 0,
        output_tokens: 0,
        attribution: vec![],
        ..ok.clone()
    };
    check(&mut env, &all_wrong, 7);
    // request id before hashes, hashes before tokens, tokens before entries
    env.update_msg(&openledger_attribution::MsgUpdateOperator {
        operator: addr(OP),
        endpoint: "https://x".into(),
        models: vec![1, 3, 4],
        add_bond: OPEN,
    })
    .unwrap();
    let m = MsgRecordInference {
        request_id: String::new(),
        output_hash: vec![],
        input_tokens: 0,
        output_tokens: 0,
        attribution: vec![],
        ..ok.clone()
    };
    check(&mut env, &m, 25);
    let m = MsgRecordInference {
        request_id: "x".into(),
        ..m
    };
    check(&mut env, &m, 27);
    let m = MsgRecordInference {
        output_hash: vec![0; 32],
        ..m
    };
    check(&mut env, &m, 29);
    // with tokens, an empty list is an unattributed output, and records
    let m = MsgRecordInference {
        input_tokens: 1,
        ..m
    };
    check(
        &mut env,
        &MsgRecordInference {
            engine_version: 9,
            ..m.clone()
        },
        47,
    );

    // nothing was recorded
    assert_eq!(env.s.next_receipt_id().unwrap(), 1);
    assert_eq!(env.s.attribution_totals().unwrap().inferences, 0);
    assert!(env.events(EV_RECORDED).is_empty());
    // and the message works once everything is right
    env.record(&ok).unwrap();
}

#[test]
fn claim_pays_creator_and_contributor_shares_together() {
    let mut env = reference_env();
    env.record(&record_msg("1")).unwrap();
    env.record(&record_msg("2")).unwrap();
    let before = env.balance(&addr(CREATOR));
    let paid = env.claim(addr(CREATOR)).unwrap();
    assert_eq!(paid, 2 * 448_000_000_000_000_000);
    assert_eq!(env.balance(&addr(CREATOR)), before + paid);
    let c = env.s.claimable_rewards(&addr(CREATOR)).unwrap();
    assert_eq!((c.claimable, c.claimed), (0, paid));
    assert_eq!(env.s.attribution_totals().unwrap().claimed, paid);
    let ev = env.events(EV_CLAIMED);
    assert_eq!(ev[0].attribute("amount"), Some("\"896000000000000000\""));
    // nothing left to claim
    let e = env.claim(addr(CREATOR)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 43));
    let e = env.claim(addr(BOB)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 43));
    // pending credits are not claimable yet
    let e = env.claim(addr(ALICE)).unwrap_err();
    assert_eq!(code(&e), ("attribution", 43));
    env.release_held();
    // signer
    let e = env
        .run(addr(USER), |f, c, _| {
            openledger_attribution::execute_claim_rewards(
                f,
                c,
                &openledger_attribution::MsgClaimRewards {
                    claimant: addr(ALICE),
                },
            )
        })
        .unwrap_err();
    assert_eq!(code(&e), ("sdk", 4));
    // an address that is both creator and contributor claims both at once
    env.models.models.get_mut(&1).unwrap().creator = addr(ALICE);
    env.record(&record_msg("3")).unwrap();
    env.release_held();
    let paid = env.claim(addr(ALICE)).unwrap();
    assert_eq!(paid, 2 * 32_000_000_000_000_000 + 480_000_000_000_000_000);
    let c = env.s.claimable_rewards(&addr(ALICE)).unwrap();
    assert_eq!(c.creator_earned, 448_000_000_000_000_000);
    assert_eq!(c.contributor_earned, 3 * 32_000_000_000_000_000);
}

#[test]
fn end_block_pays_the_pending_amounts_to_distribution() {
    let mut env = reference_env();
    env.record(&record_msg("1")).unwrap();
    env.datanets
        .multipliers
        .insert((1, addr(ALICE)), Dec::percent(50));
    env.record(&record_msg("2")).unwrap();
    let stakers = 2 * 64_000_000_000_000_000;
    let community = 2 * 500_000_000_000_000_000;
    let module_before = env.balance(&module());

    // a refusal keeps the amounts pending
    env.distr.refuse.set(true);
    env.end_block().unwrap();
    assert!(env.distr.calls.borrow().is_empty());
    assert_eq!(env.s.attribution_pending().unwrap().stakers, stakers);
    assert_eq!(env.balance(&module()), module_before);

    env.distr.refuse.set(false);
    env.end_block().unwrap();
    assert_eq!(
        *env.distr.calls.borrow(),
        vec![
            ("rewards", module(), stakers),
            ("community", module(), community)
        ]
    );
    let p = env.s.attribution_pending().unwrap();
    assert_eq!((p.stakers, p.community), (0, 0));
    assert_eq!(env.balance(&fee_collector()), stakers);
    assert_eq!(env.balance(&community_pool()), community);
    assert_eq!(env.balance(&module()), module_before - stakers - community);
    // nothing pending: no calls
    env.end_block().unwrap();
    assert_eq!(env.distr.calls.borrow().len(), 2);
    // the released data pools' withheld part follows in the block that releases them
    env.release_held();
    assert_eq!(
        env.distr.calls.borrow()[2],
        ("community", module(), 16_000_000_000_000_000)
    );
}

#[test]
fn receipts_are_indexed_by_model_user_and_operator() {
    let mut env = Env::ready();
    for i in 0..3 {
        env.record(&record_msg(&format!("r{i}"))).unwrap();
    }
    let msg = MsgRecordInference {
        model_id: 4,
        attribution: vec![entry(16, 1_000_000)],
        ..record_msg("m4")
    };
    env.record(&msg).unwrap();
    let by_model = query_receipts_by_model(
        &env.s,
        &proto::QueryReceiptsByModelRequest {
            model_id: 1,
            pagination: Some(
                cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest {
                    limit: 2,
                    ..Default::default()
                },
            ),
        },
    )
    .unwrap();
    let ids: Vec<u64> = by_model.receipts.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![1, 2]);
    let next = by_model.pagination.unwrap().next_key;
    assert_eq!(next, 3u64.to_be_bytes().to_vec());
    let by_user = query_receipts_by_user(
        &env.s,
        &proto::QueryReceiptsByUserRequest {
            user: addr(USER).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(by_user.receipts.len(), 4);
    let by_op = query_receipts_by_operator(
        &env.s,
        &proto::QueryReceiptsByOperatorRequest {
            operator: addr(OP).to_string(),
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(by_op.receipts.len(), 4);
    let r = Receipt::from_proto(&by_op.receipts[3]).unwrap();
    assert_eq!(r.model_id, 4);
    assert_eq!(
        env.s.inference_operator(&addr(OP)).unwrap().unwrap().status,
        OperatorStatus::Active
    );
}

#[test]
fn a_governance_change_of_the_engine_params_gets_a_new_id_and_old_ids_stay_readable() {
    let mut env = reference_env();
    env.record(&record_msg("before")).unwrap();
    // the same params again: no new id
    env.update_params_as(gov(), env.s.attribution_params().unwrap())
        .unwrap();
    assert_eq!(env.s.engine_params_id().unwrap(), 1);
    // a new min_span: id 2
    let mut params = env.s.attribution_params().unwrap();
    params.engine.min_span = 48;
    env.update_params_as(gov(), params).unwrap();
    assert_eq!(env.s.engine_params_id().unwrap(), 2);
    // records naming id 1 are now stale; id 2 records
    let e = env.record(&record_msg("stale")).unwrap_err();
    assert_eq!(code(&e), ("attribution", 48));
    assert!(e.to_string().contains("not the current one (2)"), "{e}");
    let fresh = MsgRecordInference {
        engine_params_id: 2,
        ..record_msg("fresh")
    };
    let id = env.record(&fresh).unwrap().receipt_id;
    assert_eq!(env.s.receipt(id).unwrap().unwrap().engine_params_id, 2);
    // both parameter sets stay readable, by id and as the current one
    let q = |id| {
        openledger_attribution::query_engine_params(&env.s, &proto::QueryEngineParamsRequest { id })
    };
    let one = q(1).unwrap().record.unwrap();
    assert_eq!(one.params.unwrap().min_span, 32);
    let current = q(0).unwrap().record.unwrap();
    assert_eq!((current.id, current.params.unwrap().min_span), (2, 48));
    assert_eq!(code(&q(3).unwrap_err()), ("attribution", 49));
    // an unsupported engine version cannot be voted in
    let mut params = env.s.attribution_params().unwrap();
    params.engine.version = 2;
    assert!(env.update_params_as(gov(), params).is_err());
    assert_eq!(env.s.engine_params_id().unwrap(), 2);
}
