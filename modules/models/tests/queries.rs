//! `openledger.models.v1.Query`: every method, pagination, filters through the indexes, and
//! request errors.

mod common;

use common::*;
use cosmos_sdk_proto::cosmos::base::query::v1beta1::PageRequest;
use openledger_framework::delta::MemState;
use openledger_models::{
    proto, query_history, query_lineage, query_model, query_models, query_params, query_version,
    query_versions, Evidence, Stage,
};

fn page(key: Vec<u8>, limit: u64) -> Option<PageRequest> {
    Some(PageRequest {
        key,
        offset: 0,
        limit,
        count_total: false,
        reverse: false,
    })
}

/// Models 1 (creator 1, deployed with 3 versions), 2 (creator 2, proposed), 3 (creator 1,
/// proposed), 4 (creator 1, approved), 5 (creator 3, rejected).
fn state() -> MemState {
    let mut s = setup();
    let d = deployed(&mut s, 1);
    publish_at(&mut s, 10, addr(1), &publish_msg(1, d, 0)).unwrap();
    publish_at(&mut s, 11, addr(1), &publish_msg(1, d, 1)).unwrap();
    propose(&mut s, 2);
    propose(&mut s, 1);
    let a = propose(&mut s, 1);
    approve(&mut s, a);
    let r = propose(&mut s, 3);
    reject_as(&mut s, 12, gov(), r).unwrap();
    s
}

fn ids(models: &[proto::Model]) -> Vec<u64> {
    models.iter().map(|m| m.id).collect()
}

fn models(
    s: &MemState,
    stage: i32,
    creator: String,
    pagination: Option<PageRequest>,
) -> proto::QueryModelsResponse {
    query_models(
        s,
        &proto::QueryModelsRequest {
            stage,
            creator,
            pagination,
        },
    )
    .unwrap()
}

#[test]
fn model_and_params() {
    let s = state();
    let m = query_model(&s, &proto::QueryModelRequest { model_id: 1 })
        .unwrap()
        .model
        .unwrap();
    assert_eq!(m.stage, proto::ModelStage::Deployed as i32);
    assert_eq!(m.creator, addr(1).to_string());
    assert_eq!(m.latest_version, 3);
    assert_eq!(m.bond.unwrap().amount, "1000");
    let e = query_model(&s, &proto::QueryModelRequest { model_id: 0 }).unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = query_model(&s, &proto::QueryModelRequest { model_id: 9 }).unwrap_err();
    assert_eq!(code(&e), ("models", 2));
    let p = query_params(&s, &proto::QueryParamsRequest {})
        .unwrap()
        .params
        .unwrap();
    assert_eq!(p, test_params().to_proto());
}

#[test]
fn models_by_id_stage_and_creator() {
    let s = state();
    // all, paginated by id
    let r = models(&s, 0, String::new(), page(vec![], 2));
    assert_eq!(ids(&r.models), vec![1, 2]);
    let next = r.pagination.unwrap().next_key;
    assert_eq!(next, 3u64.to_be_bytes().to_vec());
    let r = models(&s, 0, String::new(), page(next, 2));
    assert_eq!(ids(&r.models), vec![3, 4]);
    let r = models(
        &s,
        0,
        String::new(),
        page(r.pagination.unwrap().next_key, 2),
    );
    assert_eq!(ids(&r.models), vec![5]);
    assert!(r.pagination.unwrap().next_key.is_empty());
    // by stage
    let r = models(&s, proto::ModelStage::Proposed as i32, String::new(), None);
    assert_eq!(ids(&r.models), vec![2, 3]);
    let r = models(&s, proto::ModelStage::Rejected as i32, String::new(), None);
    assert_eq!(ids(&r.models), vec![5]);
    let r = models(&s, proto::ModelStage::Retired as i32, String::new(), None);
    assert!(r.models.is_empty());
    // by creator, and by creator and stage
    let r = models(&s, 0, addr(1).to_string(), None);
    assert_eq!(ids(&r.models), vec![1, 3, 4]);
    let r = models(&s, 0, addr(1).to_string(), page(vec![], 1));
    assert_eq!(ids(&r.models), vec![1]);
    let r = models(
        &s,
        0,
        addr(1).to_string(),
        page(r.pagination.unwrap().next_key, 5),
    );
    assert_eq!(ids(&r.models), vec![3, 4]);
    let r = models(
        &s,
        proto::ModelStage::Approved as i32,
        addr(1).to_string(),
        None,
    );
    assert_eq!(ids(&r.models), vec![4]);
    // request errors
    let e = query_models(
        &s,
        &proto::QueryModelsRequest {
            stage: 77,
            creator: String::new(),
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
    let e = query_models(
        &s,
        &proto::QueryModelsRequest {
            stage: 0,
            creator: "cosmos1abc".into(),
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 7));
}

#[test]
fn versions_version_and_lineage() {
    let s = state();
    let r = query_versions(
        &s,
        &proto::QueryVersionsRequest {
            model_id: 1,
            pagination: page(vec![], 2),
        },
    )
    .unwrap();
    let numbers: Vec<u64> = r.versions.iter().map(|v| v.number).collect();
    assert_eq!(numbers, vec![1, 2]);
    let r = query_versions(
        &s,
        &proto::QueryVersionsRequest {
            model_id: 1,
            pagination: page(r.pagination.unwrap().next_key, 2),
        },
    )
    .unwrap();
    assert_eq!(r.versions.len(), 1);
    assert_eq!(r.versions[0].parent_version, 1);
    // versions of an undeployed model: none
    let r = query_versions(
        &s,
        &proto::QueryVersionsRequest {
            model_id: 2,
            pagination: None,
        },
    )
    .unwrap();
    assert!(r.versions.is_empty());

    let v =
        |model_id, version| query_version(&s, &proto::QueryVersionRequest { model_id, version });
    assert_eq!(v(1, 0).unwrap().version.unwrap().number, 3);
    assert_eq!(v(1, 2).unwrap().version.unwrap().parent_version, 1);
    assert_eq!(code(&v(1, 4).unwrap_err()), ("models", 3));
    assert_eq!(code(&v(2, 0).unwrap_err()), ("models", 3));
    assert_eq!(code(&v(8, 1).unwrap_err()), ("models", 2));

    let l = query_lineage(
        &s,
        &MockDatanets,
        &proto::QueryLineageRequest {
            model_id: 1,
            version: 1,
        },
    )
    .unwrap();
    assert_eq!(l.version.unwrap().number, 1);
    assert_eq!(l.datanets.len(), 2);
    assert_eq!(
        l.datanets[1],
        proto::DatanetLineage {
            datanet_id: 2,
            version: 3,
            root: hex_of(2 * 16 + 3),
            contribution_count: 203,
            total_bytes: "2000003".into(),
        }
    );
}

fn hex_of(b: u8) -> String {
    format!("{b:02x}").repeat(32)
}

#[test]
fn history_pages() {
    let mut s = state();
    let r = query_history(
        &s,
        &proto::QueryHistoryRequest {
            model_id: 1,
            pagination: page(vec![], 4),
        },
    )
    .unwrap();
    let seqs: Vec<u64> = r.entries.iter().map(|h| h.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4]);
    assert_eq!(r.entries[0].from_stage, 0);
    assert_eq!(r.entries[1].actor, gov().to_string());
    let r = query_history(
        &s,
        &proto::QueryHistoryRequest {
            model_id: 1,
            pagination: page(r.pagination.unwrap().next_key, 4),
        },
    )
    .unwrap();
    let seqs: Vec<u64> = r.entries.iter().map(|h| h.seq).collect();
    assert_eq!(seqs, vec![5, 6]);
    assert_eq!(
        r.entries[1].evidence.as_ref().unwrap().adapter_hash,
        "bb".repeat(32)
    );
    advance(&mut s, 20, addr(1), 1, Stage::Retired, Evidence::default()).unwrap();
    let r = query_history(
        &s,
        &proto::QueryHistoryRequest {
            model_id: 1,
            pagination: None,
        },
    )
    .unwrap();
    assert_eq!(r.entries.len(), 7);
    assert_eq!(r.entries[6].to_stage, proto::ModelStage::Retired as i32);
    let e = query_history(
        &s,
        &proto::QueryHistoryRequest {
            model_id: 0,
            pagination: None,
        },
    )
    .unwrap_err();
    assert_eq!(code(&e), ("sdk", 18));
}
