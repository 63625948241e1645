//! The query functions behind `openledger.attribution.v1.Query`.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_attribution::{
    proto, query_account, query_earnings, query_grants, query_model_influence, query_operator,
    query_operators, query_params, query_receipt, query_receipts_by_model, query_top_contributors,
    query_top_datanets, query_totals, MsgRecordInference, Params,
};

fn page(key: Vec<u8>, limit: u64) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        limit,
        ..Default::default()
    })
}

#[test]
fn params_operators_accounts_and_grants() {
    let mut env = Env::ready();
    env.register(OP2, &[1]);
    env.register(3, &[4]);
    let p = query_params(&env.s, &proto::QueryParamsRequest {}).unwrap();
    assert_eq!(p.params, Some(Params::default().to_proto()));

    let o = query_operator(
        &env.s,
        &proto::QueryOperatorRequest {
            address: addr(OP2).to_string(),
        },
    )
    .unwrap()
    .operator
    .unwrap();
    assert_eq!(o.models, vec![1]);
    assert_eq!(o.status, proto::OperatorStatus::Active as i32);
    assert_eq!(o.bond, BOND.to_string());
    let e = query_operator(
        &env.s,
        &proto::QueryOperatorRequest {
            address: addr(9).to_string(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("attribution", 7));
    let e = query_operator(
        &env.s,
        &proto::QueryOperatorRequest {
            address: "nope".into(),
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 7));

    // operators page by address
    let r = query_operators(
        &env.s,
        &proto::QueryOperatorsRequest {
            pagination: page(vec![], 2),
        },
    )
    .unwrap();
    assert_eq!(r.operators.len(), 2);
    let next = r.pagination.unwrap().next_key;
    assert_eq!(next, addr(3).as_bytes().to_vec());
    let r = query_operators(
        &env.s,
        &proto::QueryOperatorsRequest {
            pagination: page(next, 2),
        },
    )
    .unwrap();
    assert_eq!(r.operators.len(), 1);
    assert_eq!(r.operators[0].address, addr(3).to_string());
    assert!(r.pagination.unwrap().next_key.is_empty());

    let a = query_account(
        &env.s,
        &proto::QueryAccountRequest {
            user: addr(USER).to_string(),
        },
    )
    .unwrap();
    assert_eq!(a.balance, (1000 * OPEN).to_string());
    let a = query_account(
        &env.s,
        &proto::QueryAccountRequest {
            user: addr(USER2).to_string(),
        },
    )
    .unwrap();
    assert_eq!(a.balance, "0");

    env.grant(USER, OP2, 4, 9).unwrap();
    env.grant(USER, OP2, 1, 8).unwrap();
    let g = query_grants(
        &env.s,
        &proto::QueryGrantsRequest {
            user: addr(USER).to_string(),
            pagination: page(vec![], 2),
        },
    )
    .unwrap();
    let rows: Vec<(String, u64, String)> = g
        .grants
        .iter()
        .map(|g| (g.operator.clone(), g.model_id, g.remaining.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (addr(OP).to_string(), 0, (500 * OPEN).to_string()),
            (addr(OP2).to_string(), 1, "8".to_string()),
        ]
    );
    let next = g.pagination.unwrap().next_key;
    assert_eq!(next.len(), 28);
    let g = query_grants(
        &env.s,
        &proto::QueryGrantsRequest {
            user: addr(USER).to_string(),
            pagination: page(next, 0),
        },
    )
    .unwrap();
    assert_eq!(g.grants.len(), 1);
    assert_eq!(g.grants[0].model_id, 4);
    assert_eq!(g.grants[0].user, addr(USER).to_string());
}

#[test]
fn receipts_earnings_influence_and_totals() {
    let mut env = Env::ready();
    env.record(&record_msg("a")).unwrap();
    env.record(&MsgRecordInference {
        model_id: 4,
        attribution: vec![entry(16, 600_000), entry(11, 400_000)],
        ..record_msg("b")
    })
    .unwrap();

    let r = query_receipt(&env.s, &proto::QueryReceiptRequest { id: 1 })
        .unwrap()
        .receipt
        .unwrap();
    assert_eq!(r.request_id, "a");
    assert_eq!(r.output_hash, vec![0xab; 32]);
    assert_eq!(r.time.unwrap().seconds, START + 5 * env.height as i64);
    let e = query_receipt(&env.s, &proto::QueryReceiptRequest { id: 0 }).unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = query_receipt(&env.s, &proto::QueryReceiptRequest { id: 3 }).unwrap_err();
    assert_eq!(code(&e), ("attribution", 46));
    let e = query_receipts_by_model(
        &env.s,
        &proto::QueryReceiptsByModelRequest {
            model_id: 0,
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));

    // ALICE's credits are held: nothing to show before the window passes
    let e = query_earnings(
        &env.s,
        &proto::QueryEarningsRequest {
            address: addr(ALICE).to_string(),
        },
    )
    .unwrap();
    assert_eq!(
        (e.claimable.as_str(), e.contributor_earned.as_str()),
        ("0", "0")
    );
    assert!(e.by_datanet.is_empty() && e.by_model.is_empty());
    env.release_held();

    // ALICE earned from model 1 (datanet 1) and model 4 (datanet 1)
    let e = query_earnings(
        &env.s,
        &proto::QueryEarningsRequest {
            address: addr(ALICE).to_string(),
        },
    )
    .unwrap();
    let from_1 = TOKEN_FEE / 5 / 4;
    // model 4: 3 aopen token fee, pool floor(0.6) = 0
    assert_eq!(e.claimable, from_1.to_string());
    assert_eq!(e.contributor_earned, from_1.to_string());
    assert_eq!(e.creator_earned, "0");
    assert_eq!(e.claimed, "0");
    assert_eq!(e.by_datanet.len(), 1);
    assert_eq!(e.by_datanet[0].datanet_id, 1);
    assert_eq!(
        e.by_model
            .iter()
            .map(|m| (m.model_id, m.earned.clone()))
            .collect::<Vec<_>>(),
        vec![(1, from_1.to_string())]
    );
    env.claim(addr(ALICE)).unwrap();
    let e = query_earnings(
        &env.s,
        &proto::QueryEarningsRequest {
            address: addr(ALICE).to_string(),
        },
    )
    .unwrap();
    assert_eq!((e.claimable.as_str(), e.claimed), ("0", from_1.to_string()));
    // an address that never earned
    let e = query_earnings(
        &env.s,
        &proto::QueryEarningsRequest {
            address: addr(9).to_string(),
        },
    )
    .unwrap();
    assert_eq!(e.claimable, "0");
    assert!(e.by_datanet.is_empty() && e.by_model.is_empty());

    // model 4's graph: influence counts weights even when nothing was earned
    let inf = query_model_influence(
        &env.s,
        &proto::QueryModelInfluenceRequest {
            model_id: 4,
            pagination: page(vec![], 1),
        },
    )
    .unwrap();
    assert_eq!(inf.datanets.len(), 1);
    assert_eq!(inf.datanets[0].datanet_id, 1);
    assert_eq!(inf.datanets[0].influence_ppm, "400000");
    assert_eq!(
        inf.pagination.unwrap().next_key,
        3u64.to_be_bytes().to_vec()
    );
    let top = query_top_datanets(
        &env.s,
        &proto::QueryTopDatanetsRequest {
            model_id: 4,
            limit: 500,
        },
    )
    .unwrap();
    assert_eq!(
        top.datanets
            .iter()
            .map(|d| d.datanet_id)
            .collect::<Vec<_>>(),
        // ranked by earnings, not influence: nothing was earned (the fees floor to 0), so
        // datanet 3's larger influence does not put it first; ties go by datanet id
        vec![1, 3]
    );
    let top = query_top_contributors(
        &env.s,
        &proto::QueryTopContributorsRequest {
            model_id: 1,
            limit: 1,
        },
    )
    .unwrap();
    assert_eq!(top.contributors.len(), 1);
    assert_eq!(top.contributors[0].contributor, addr(CAROL).to_string());
    assert_eq!(top.contributors[0].entries, 1);
    // a model without inferences has an empty graph
    let top = query_top_contributors(
        &env.s,
        &proto::QueryTopContributorsRequest {
            model_id: 3,
            limit: 0,
        },
    )
    .unwrap();
    assert!(top.contributors.is_empty());

    let t = query_totals(&env.s, &proto::QueryTotalsRequest {}).unwrap();
    let totals = t.totals.unwrap();
    assert_eq!(totals.inferences, 2);
    assert_eq!(totals.claimed, from_1.to_string());
    assert_eq!(totals.held, "0");
    // the block that released the pools paid the stakers' amounts
    assert_eq!(t.pending.unwrap().stakers, "0");
    assert_eq!(env.balance(&fee_collector()), TOKEN_FEE / 10);
    env.record(&record_msg("c")).unwrap();
    let t = query_totals(&env.s, &proto::QueryTotalsRequest {}).unwrap();
    assert_eq!(t.pending.unwrap().stakers, (TOKEN_FEE / 10).to_string());
    assert_eq!(t.totals.unwrap().held, (TOKEN_FEE / 5).to_string());
}
