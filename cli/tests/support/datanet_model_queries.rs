//! Canned answers of the datanets and models queries for the mock node.
//!
//! Datanet 1 (permissioned, owned by bob, the harness's signer) has contributions 1 and 2
//! (approved, in version 1) and 3 (rejected as spam); datanet 2 is public and owned by
//! someone else. Model 1 is PROPOSED on datanet 1 version 1; model 2 is DEPLOYED with one
//! version and a history of six entries.

#![allow(dead_code, clippy::unwrap_used)]

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::Timestamp;
use cosmrs::AccountId;
use openledger_datanets::proto as dn;
use openledger_models::proto as md;
use prost::Message;

/// The address of the harness's `bob` key (the standard test mnemonic).
pub const BOB: &str = "open19rl4cm2hmr8afy4kldpxz3fka4jguq0attl9rz";
/// 2026-11-24T10:00:00Z
pub const NOW: i64 = 1_795_514_400;
/// The root of version 1 of datanet 1.
pub const ROOT: [u8; 32] = [0xab; 32];

pub fn account(byte: u8) -> String {
    AccountId::new("open", &[byte; 20]).unwrap().to_string()
}

fn ts(offset: i64) -> Option<Timestamp> {
    Some(Timestamp {
        seconds: NOW + offset,
        nanos: 0,
    })
}

fn ok<M: Message>(m: M) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Ok(m.encode_to_vec()))
}

fn not_found(code: u32, what: String) -> Option<Result<Vec<u8>, (u32, String)>> {
    Some(Err((code, format!("{what} not found"))))
}

fn first_page(p: &Option<PageRequest>) -> bool {
    p.as_ref().map(|p| p.key.is_empty()).unwrap_or(true)
}

pub fn datanet(id: u64) -> Option<dn::Datanet> {
    match id {
        1 => Some(dn::Datanet {
            id: 1,
            owner: BOB.into(),
            name: "legal-corpus".into(),
            summary: "Court rulings".into(),
            description: "Rulings of 2020-2025".into(),
            tags: vec!["legal".into()],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Permissioned as i32,
            curators: vec![account(3)],
            contribution_bond: "1000000000000000000".into(),
            fee_per_byte: "1000".into(),
            access_price: "5000".into(),
            created_height: 7,
            created_time: ts(0),
            ..Default::default()
        }),
        2 => Some(dn::Datanet {
            id: 2,
            owner: account(5),
            name: "medical".into(),
            summary: "Anonymised notes".into(),
            visibility: dn::Visibility::Public as i32,
            contribution_bond: "1000000000000000000".into(),
            fee_per_byte: "1000".into(),
            access_price: String::new(),
            created_height: 9,
            created_time: ts(10),
            ..Default::default()
        }),
        _ => None,
    }
}

pub fn contribution(id: u64) -> Option<dn::Contribution> {
    let (contributor, status, reason, burned) = match id {
        1 => (
            account(6),
            dn::ContributionStatus::Approved,
            dn::CurationReason::None,
            "",
        ),
        2 => (
            account(7),
            dn::ContributionStatus::Approved,
            dn::CurationReason::None,
            "",
        ),
        3 => (
            account(8),
            dn::ContributionStatus::Rejected,
            dn::CurationReason::Spam,
            "500000000000000000",
        ),
        _ => return None,
    };
    Some(dn::Contribution {
        id,
        datanet_id: 1,
        contributor,
        content_hash: vec![u8::try_from(id).unwrap(); 32],
        size_bytes: 100 * id,
        content_uri: format!("ipfs://c{id}"),
        licence: String::new(),
        metadata: String::new(),
        bond: "1000000000000000000".into(),
        fee: (100_000 * id).to_string(),
        status: status as i32,
        approval_seq: if status == dn::ContributionStatus::Approved {
            id
        } else {
            0
        },
        height: 10 + id,
        time: ts(20),
        curator: BOB.into(),
        reason: reason as i32,
        note: if id == 3 {
            "junk".into()
        } else {
            String::new()
        },
        curated_height: 20,
        curated_time: ts(40),
        bond_burned: burned.into(),
        commit_height: 10 + id,
    })
}

pub fn version() -> dn::Version {
    dn::Version {
        datanet_id: 1,
        number: 1,
        root: ROOT.to_vec(),
        contribution_count: 2,
        total_bytes: "300".into(),
        max_contribution_id: 2,
        height: 25,
        time: ts(60),
        publisher: BOB.into(),
        note: "first".into(),
    }
}

pub fn datanets_params() -> dn::Params {
    dn::Params {
        min_contribution_bond: "1000000000000000000".into(),
        min_fee_per_byte: "1000".into(),
        max_contribution_bytes: 5_242_880,
        max_uri_len: 512,
        max_metadata_len: 2048,
        max_name_len: 64,
        max_summary_len: 280,
        max_description_len: 4096,
        max_tags: 10,
        max_curators: 20,
        max_allow_list: 1000,
        reject_slash_fraction: "500000000000000000".into(),
        penalty_per_rejection: 1,
        penalty_threshold: 3,
        penalty_reward_multiplier: "500000000000000000".into(),
        commitment_ttl_blocks: 600,
        max_open_commitments: 16,
        price_increase_delay_blocks: 600,
    }
}

fn refs() -> Vec<md::DatanetVersionRef> {
    vec![md::DatanetVersionRef {
        datanet_id: 1,
        version: 1,
    }]
}

pub fn model(id: u64) -> Option<md::Model> {
    let (stage, latest_version, history_count) = match id {
        1 => (md::ModelStage::Proposed, 0, 1),
        2 => (md::ModelStage::Deployed, 1, 6),
        _ => return None,
    };
    Some(md::Model {
        id,
        creator: BOB.into(),
        name: if id == 1 { "legal-llm" } else { "med-llm" }.into(),
        description: "answers legal questions".into(),
        base_model: "llama-3-8b".into(),
        intended_use: "research".into(),
        datanet_versions: refs(),
        bond: Some(Coin {
            denom: "aopen".into(),
            amount: "100000000000000000000".into(),
        }),
        stage: stage as i32,
        pricing: Some(md::Pricing {
            rate_in_per_1000: "10".into(),
            rate_out_per_1000: "20".into(),
        }),
        pricing_effective_height: 30,
        latest_version,
        history_count,
        created_height: 30,
        ..Default::default()
    })
}

fn model_version() -> md::ModelVersion {
    md::ModelVersion {
        model_id: 2,
        number: 1,
        adapter_hash: "bb".repeat(32),
        base_model: "llama-3-8b".into(),
        parent_version: 0,
        datanet_versions: refs(),
        publisher: BOB.into(),
        height: 40,
        time: ts(100),
    }
}

fn history(seq: u64) -> md::HistoryEntry {
    use md::ModelStage as S;
    let stages = [
        S::Unspecified,
        S::Proposed,
        S::Approved,
        S::DataCollection,
        S::FineTuning,
        S::Alignment,
        S::Deployed,
    ];
    let i = usize::try_from(seq).unwrap();
    md::HistoryEntry {
        model_id: 2,
        seq,
        from_stage: stages[i - 1] as i32,
        to_stage: stages[i] as i32,
        height: 30 + seq,
        time: ts(10 * i64::try_from(seq).unwrap()),
        actor: if seq == 2 { account(9) } else { BOB.into() },
        evidence: Some(md::Evidence {
            training_run_hash: if seq == 5 {
                "aa".repeat(32)
            } else {
                String::new()
            },
            adapter_hash: if seq == 6 {
                "bb".repeat(32)
            } else {
                String::new()
            },
            metrics: String::new(),
        }),
    }
}

pub fn models_params() -> md::Params {
    md::Params {
        min_creator_bond: "100000000000000000000".into(),
        max_name_len: 64,
        max_description_len: 4096,
        max_text_len: 512,
        max_datanet_refs: 16,
        max_evidence_len: 2048,
        max_history_per_model: 1000,
        max_versions_per_model: 1000,
        require_feedback_round: false,
    }
}

pub fn answer(path: &str, data: &[u8]) -> Option<Result<Vec<u8>, (u32, String)>> {
    match path {
        "/openledger.datanets.v1.Query/Datanet" => {
            let req = dn::QueryDatanetRequest::decode(data).unwrap();
            let Some(d) = datanet(req.datanet_id) else {
                return not_found(4, format!("datanet {}", req.datanet_id));
            };
            let one = d.id == 1;
            ok(dn::QueryDatanetResponse {
                datanet: Some(d),
                stats: Some(dn::DatanetStats {
                    contributions: if one { 3 } else { 0 },
                    pending: 0,
                    approved: if one { 2 } else { 0 },
                    rejected: if one { 1 } else { 0 },
                    approved_bytes: if one { "300" } else { "" }.into(),
                    latest_version: if one { 1 } else { 0 },
                }),
                allow_list: if one { vec![account(4)] } else { vec![] },
            })
        }
        "/openledger.datanets.v1.Query/Datanets" => {
            let req = dn::QueryDatanetsRequest::decode(data).unwrap();
            if !req.owner.is_empty() || !req.tag.is_empty() {
                let datanets = [1, 2]
                    .into_iter()
                    .filter_map(datanet)
                    .filter(|d| req.owner.is_empty() || d.owner == req.owner)
                    .filter(|d| req.tag.is_empty() || d.tags.contains(&req.tag))
                    .collect();
                return ok(dn::QueryDatanetsResponse {
                    datanets,
                    pagination: None,
                });
            }
            // two pages, to exercise pagination
            let (id, next_key) = if first_page(&req.pagination) {
                (1, 2u64.to_be_bytes().to_vec())
            } else {
                (2, vec![])
            };
            ok(dn::QueryDatanetsResponse {
                datanets: vec![datanet(id).unwrap()],
                pagination: Some(PageResponse { next_key, total: 0 }),
            })
        }
        "/openledger.datanets.v1.Query/Contribution" => {
            let req = dn::QueryContributionRequest::decode(data).unwrap();
            match contribution(req.contribution_id) {
                Some(c) => ok(dn::QueryContributionResponse {
                    contribution: Some(c),
                }),
                None => not_found(5, format!("contribution {}", req.contribution_id)),
            }
        }
        "/openledger.datanets.v1.Query/ContributionsByDatanet" => {
            let req = dn::QueryContributionsByDatanetRequest::decode(data).unwrap();
            let contributions = (1..=3)
                .filter_map(contribution)
                .filter(|c| c.datanet_id == req.datanet_id)
                .filter(|c| req.status == 0 || c.status == req.status)
                .collect();
            ok(dn::QueryContributionsByDatanetResponse {
                contributions,
                pagination: None,
            })
        }
        "/openledger.datanets.v1.Query/ContributionsByContributor" => {
            let req = dn::QueryContributionsByContributorRequest::decode(data).unwrap();
            let contributions = (1..=3)
                .filter_map(contribution)
                .filter(|c| c.contributor == req.contributor)
                .collect();
            ok(dn::QueryContributionsByContributorResponse {
                contributions,
                pagination: None,
            })
        }
        "/openledger.datanets.v1.Query/Versions" => {
            let req = dn::QueryVersionsRequest::decode(data).unwrap();
            let versions = if req.datanet_id == 1 {
                vec![version()]
            } else {
                vec![]
            };
            ok(dn::QueryVersionsResponse {
                versions,
                pagination: None,
            })
        }
        "/openledger.datanets.v1.Query/Version" => {
            let req = dn::QueryVersionRequest::decode(data).unwrap();
            if req.datanet_id != 1 || req.version > 1 {
                return not_found(
                    6,
                    format!("version {} of datanet {}", req.version, req.datanet_id),
                );
            }
            ok(dn::QueryVersionResponse {
                version: Some(version()),
                revenue: Some(dn::RevenuePool {
                    datanet_id: 1,
                    version: 1,
                    paid: "10".into(),
                    revenue_per_byte: "33333333333333333".into(),
                    claimed: "3".into(),
                    dust: "1".into(),
                }),
            })
        }
        "/openledger.datanets.v1.Query/Standing" => {
            let req = dn::QueryStandingRequest::decode(data).unwrap();
            ok(dn::QueryStandingResponse {
                standing: Some(dn::Standing {
                    datanet_id: req.datanet_id,
                    contributor: req.contributor,
                    approved: 0,
                    rejected: 1,
                    approved_bytes: "0".into(),
                    penalty_score: 1,
                    reward_multiplier: "1000000000000000000".into(),
                }),
            })
        }
        "/openledger.datanets.v1.Query/Access" => {
            let req = dn::QueryAccessRequest::decode(data).unwrap();
            let bought = req.buyer == account(6);
            ok(dn::QueryAccessResponse {
                has_access: bought,
                record: bought.then(|| dn::AccessRecord {
                    buyer: req.buyer.clone(),
                    datanet_id: req.datanet_id,
                    version: req.version,
                    price: "5000".into(),
                    height: 33,
                    time: ts(70),
                }),
            })
        }
        "/openledger.datanets.v1.Query/Claimable" => {
            dn::QueryClaimableRequest::decode(data).unwrap();
            ok(dn::QueryClaimableResponse {
                bytes: "100".into(),
                claimable: "3".into(),
                claimed: String::new(),
            })
        }
        "/openledger.datanets.v1.Query/Params" => ok(dn::QueryParamsResponse {
            params: Some(datanets_params()),
        }),
        "/openledger.models.v1.Query/Model" => {
            let req = md::QueryModelRequest::decode(data).unwrap();
            match model(req.model_id) {
                Some(m) => ok(md::QueryModelResponse { model: Some(m) }),
                None => not_found(2, format!("model {}", req.model_id)),
            }
        }
        "/openledger.models.v1.Query/Models" => {
            let req = md::QueryModelsRequest::decode(data).unwrap();
            let models = [1, 2]
                .into_iter()
                .filter_map(model)
                .filter(|m| req.stage == 0 || m.stage == req.stage)
                .filter(|m| req.creator.is_empty() || m.creator == req.creator)
                .collect();
            ok(md::QueryModelsResponse {
                models,
                pagination: None,
            })
        }
        "/openledger.models.v1.Query/Versions" => {
            let req = md::QueryVersionsRequest::decode(data).unwrap();
            let versions = if req.model_id == 2 {
                vec![model_version()]
            } else {
                vec![]
            };
            ok(md::QueryVersionsResponse {
                versions,
                pagination: None,
            })
        }
        "/openledger.models.v1.Query/Lineage" => {
            let req = md::QueryLineageRequest::decode(data).unwrap();
            if req.model_id != 2 || req.version > 1 {
                return not_found(
                    3,
                    format!("version {} of model {}", req.version, req.model_id),
                );
            }
            ok(md::QueryLineageResponse {
                version: Some(model_version()),
                datanets: vec![md::DatanetLineage {
                    datanet_id: 1,
                    version: 1,
                    root: hex::encode(ROOT),
                    contribution_count: 2,
                    total_bytes: "300".into(),
                }],
            })
        }
        "/openledger.models.v1.Query/History" => {
            let req = md::QueryHistoryRequest::decode(data).unwrap();
            if req.model_id != 2 {
                return ok(md::QueryHistoryResponse::default());
            }
            // two pages, to exercise pagination
            let (entries, next_key) = if first_page(&req.pagination) {
                ((1..=3).map(history).collect(), 4u64.to_be_bytes().to_vec())
            } else {
                ((4..=6).map(history).collect(), vec![])
            };
            ok(md::QueryHistoryResponse {
                entries,
                pagination: Some(PageResponse { next_key, total: 0 }),
            })
        }
        "/openledger.models.v1.Query/Params" => ok(md::QueryParamsResponse {
            params: Some(models_params()),
        }),
        _ => None,
    }
}
