//! A ready-made AI economy for scenario tests and benchmarks: two public datanets with
//! approved contributions and a published version each, and a model trained on both versions,
//! approved by a gOPEN vote and deployed with pricing.

use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::Any;
use openledger_datanets::proto as dn;
use openledger_framework::{Address, Coins};
use openledger_models::proto as md;
use sha2::{Digest, Sha256};

use super::{any, coin, genesis_with_validators, TestKey, TestNode};
use openledger_app::app::AppError;
use openledger_app::genesis::AppGenesis;

const OPEN: u128 = 1_000_000_000_000_000_000;

/// Messages per transaction when the fixture batches (the default `max_msgs_per_tx` is 64).
const BATCH: usize = 50;

/// One approved contribution of the fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixtureContribution {
    pub id: u64,
    pub datanet_id: u64,
    pub contributor: Address,
}

/// What [`deploy_model`] built.
#[derive(Debug, Clone)]
pub struct AiFixture {
    pub model_id: u64,
    pub creator: Address,
    /// The two datanets, each with version 1.
    pub datanets: [u64; 2],
    pub contributions: Vec<FixtureContribution>,
}

/// Genesis funding `keys` with 1M OPEN each, the first one a validator, and governance
/// periods of 10 seconds with a 10 OPEN deposit, so a vote is decided in one long block.
pub fn ai_genesis(keys: &[TestKey]) -> Result<AppGenesis, AppError> {
    let mut genesis = genesis_with_validators(keys, 1_000_000 * OPEN, 1, 100 * OPEN)?;
    let min_deposit =
        Coins::single("aopen", 10 * OPEN).map_err(|e| AppError::Protocol(e.to_string()))?;
    genesis.edit("gov", |g: &mut openledger_gov::GenesisState| {
        g.params.voting_period_secs = 10;
        g.params.max_deposit_period_secs = 10;
        g.params.min_deposit = min_deposit;
    })?;
    Ok(genesis)
}

/// The roles of the fixture's accounts.
pub struct Roles<'a> {
    pub datanet_owner: &'a TestKey,
    pub contributors: &'a [TestKey],
    pub creator: &'a TestKey,
    pub governor: &'a TestKey,
}

fn run(node: &mut TestNode, key: &TestKey, msgs: Vec<Any>) -> Result<(), AppError> {
    for chunk in msgs.chunks(BATCH) {
        let out = node.exec(key, chunk.to_vec())?;
        if let Err(e) = out.result {
            return Err(AppError::Protocol(format!("fixture tx failed: {}", e.log)));
        }
    }
    Ok(())
}

/// Build the economy: `per_datanet` contributions in each datanet, spread round-robin over
/// the contributors and all approved; pricing `(rate_in, rate_out)` aopen per 1000 tokens.
pub fn deploy_model(
    node: &mut TestNode,
    roles: &Roles<'_>,
    per_datanet: usize,
    rates: (u128, u128),
) -> Result<AiFixture, AppError> {
    if roles.contributors.is_empty() {
        return Err(AppError::Protocol("the fixture needs contributors".into()));
    }
    let saved_gas = node.gas_limit;
    node.gas_limit = 40_000_000;
    let owner = roles.datanet_owner;
    let first_datanet = openledger_datanets::DatanetsRead::next_datanet_id(&node.state())
        .map_err(|e| AppError::Protocol(e.to_string()))?;
    let datanets = [first_datanet, first_datanet + 1];
    let mut create = Vec::new();
    for (i, name) in ["medical-qa", "legal-cases"].iter().enumerate() {
        create.push(any(&dn::MsgCreateDatanet {
            owner: owner.address.to_string(),
            name: format!("{name}-{}", datanets[i]),
            summary: format!("{name} for attribution"),
            description: String::new(),
            tags: vec![],
            licence: "CC-BY-4.0".into(),
            visibility: dn::Visibility::Public as i32,
            curators: vec![],
            allow_list: vec![],
            contribution_bond: OPEN.to_string(),
            fee_per_byte: "1000".into(),
            access_price: "0".into(),
        }));
    }
    run(node, owner, create)?;

    // contributions, batched per contributor
    let mut next_id = openledger_datanets::DatanetsRead::next_contribution_id(&node.state())
        .map_err(|e| AppError::Protocol(e.to_string()))?;
    let mut contributions = Vec::new();
    let mut by_contributor: Vec<Vec<Any>> = vec![Vec::new(); roles.contributors.len()];
    let mut order = Vec::new();
    for &datanet_id in &datanets {
        for j in 0..per_datanet {
            let who = j % roles.contributors.len();
            let data = format!("datanet {datanet_id} sample {j}");
            by_contributor[who].push(any(&dn::MsgContribute {
                contributor: roles.contributors[who].address.to_string(),
                datanet_id,
                content_hash: Sha256::digest(data.as_bytes()).to_vec(),
                size_bytes: data.len() as u64,
                content_uri: format!("ipfs://{datanet_id}/{j}"),
                licence: String::new(),
                metadata: String::new(),
                salt: Vec::new(),
            }));
            order.push((who, datanet_id));
        }
    }
    // ids follow execution order: contributor by contributor
    for (who, msgs) in by_contributor.into_iter().enumerate() {
        let mut datanet_of = order.iter().filter(|(w, _)| *w == who).map(|(_, d)| *d);
        for _ in 0..msgs.len() {
            let datanet_id = datanet_of
                .next()
                .ok_or_else(|| AppError::Protocol("fixture bookkeeping".into()))?;
            contributions.push(FixtureContribution {
                id: next_id,
                datanet_id,
                contributor: roles.contributors[who].address,
            });
            next_id += 1;
        }
        run(node, &roles.contributors[who], msgs)?;
    }
    let curate: Vec<Any> = contributions
        .iter()
        .map(|c| {
            any(&dn::MsgCurate {
                curator: owner.address.to_string(),
                contribution_id: c.id,
                approve: true,
                reason: dn::CurationReason::None as i32,
                note: String::new(),
            })
        })
        .collect();
    run(node, owner, curate)?;
    let publish = datanets
        .iter()
        .map(|&datanet_id| {
            any(&dn::MsgPublishVersion {
                owner: owner.address.to_string(),
                datanet_id,
                note: "v1".into(),
            })
        })
        .collect();
    run(node, owner, publish)?;

    // the model: proposed, approved by a gOPEN vote, advanced to DEPLOYED
    let creator = roles.creator;
    let model_id = openledger_models::ModelsRead::next_model_id(&node.state())
        .map_err(|e| AppError::Protocol(e.to_string()))?;
    run(
        node,
        creator,
        vec![any(&md::MsgProposeModel {
            creator: creator.address.to_string(),
            name: format!("med-legal-llm-{model_id}"),
            description: String::new(),
            base_model: "llama-3-8b".into(),
            intended_use: "answers with attributed sources".into(),
            datanet_versions: datanets
                .iter()
                .map(|&datanet_id| md::DatanetVersionRef {
                    datanet_id,
                    version: 1,
                })
                .collect(),
            bond: Some(coin(100 * OPEN)),
            pricing: Some(md::Pricing {
                rate_in_per_1000: rates.0.to_string(),
                rate_out_per_1000: rates.1.to_string(),
            }),
        })],
    )?;
    let governor = roles.governor;
    run(
        node,
        governor,
        vec![any(&openledger_gov::proto::MsgLock {
            owner: governor.address.to_string(),
            amount: Some(coin(1_000 * OPEN)),
        })],
    )?;
    let proposal_id = openledger_gov::GovRead::next_proposal_id(&node.state())
        .map_err(|e| AppError::Protocol(e.to_string()))?;
    run(
        node,
        creator,
        vec![any(&gov_pb::MsgSubmitProposal {
            messages: vec![any(&md::MsgApproveModel {
                authority: Address::module("gov").to_string(),
                model_id,
            })],
            initial_deposit: vec![coin(10 * OPEN)],
            proposer: creator.address.to_string(),
            metadata: String::new(),
            title: "approve the model".into(),
            summary: format!("approve model {model_id}"),
            expedited: false,
        })],
    )?;
    run(
        node,
        governor,
        vec![any(&gov_pb::MsgVote {
            proposal_id,
            voter: governor.address.to_string(),
            option: gov_pb::VoteOption::Yes as i32,
            metadata: String::new(),
        })],
    )?;
    let saved_secs = node.block_secs;
    node.block_secs = 11;
    node.block(vec![])?;
    node.block_secs = saved_secs;
    for (stage, run_hash, adapter) in [
        (md::ModelStage::DataCollection, "", ""),
        (md::ModelStage::FineTuning, "", ""),
        (md::ModelStage::Alignment, "aa11", ""),
        (md::ModelStage::Deployed, "", "bb22"),
    ] {
        run(
            node,
            creator,
            vec![any(&md::MsgAdvanceModel {
                actor: creator.address.to_string(),
                model_id,
                to_stage: stage as i32,
                evidence: Some(md::Evidence {
                    training_run_hash: run_hash.into(),
                    adapter_hash: adapter.into(),
                    metrics: String::new(),
                }),
            })],
        )?;
    }
    node.gas_limit = saved_gas;
    Ok(AiFixture {
        model_id,
        creator: creator.address,
        datanets,
        contributions,
    })
}
