//! The operation generator: one weighted table over every module's messages. Most picks read
//! the committed state to aim at something that exists (a model in the right stage, a job in
//! the right status, its creator as signer), so a good share succeeds; the rest are left to
//! fail validation as real traffic does.

#![allow(deprecated)] // MsgCreateValidator.delegator_address is deprecated but still on the wire

use cosmos_sdk_proto::cosmos::bank::v1beta1 as bank_pb;
use cosmos_sdk_proto::cosmos::distribution::v1beta1 as distr_pb;
use cosmos_sdk_proto::cosmos::gov::v1 as gov_pb;
use cosmos_sdk_proto::cosmos::slashing::v1beta1 as slashing_pb;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking_pb;
use cosmos_sdk_proto::Any;
use openledger_adapters::proto as ad;
use openledger_adapters::AdaptersRead;
use openledger_app::store::Snapshot;
use openledger_attribution::proto as at;
use openledger_attribution::AttributionRead;
use openledger_datanets::proto as dn;
use openledger_datanets::DatanetsRead;
use openledger_feedback::proto as fb;
use openledger_feedback::FeedbackRead;
use openledger_finetune::proto as ft;
use openledger_finetune::{FinetuneRead, JobStatus};
use openledger_framework::{Address, VALOPER_PREFIX};
use openledger_gov::GovRead;
use openledger_models::proto as md;
use openledger_models::{ModelsRead, Stage};
use openledger_staking::StakingRead;
use openledger_testkit::{any, coin, consensus_key, TestKey};
use sha2::{Digest, Sha256};

use super::{Rng, OPEN, VALIDATORS};

/// One generated operation.
pub enum Op {
    Tx {
        signer: usize,
        msg: Any,
    },
    /// This genesis validator's votes are absent from the commits from now on (one at a time,
    /// so more than 2/3 of the power keeps signing).
    Offline(usize),
    Online,
    /// The next block comes this many seconds later.
    Wait(i64),
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Send,
    MultiSend,
    Delegate,
    Undelegate,
    Redelegate,
    CreateValidator,
    EditValidator,
    WithdrawReward,
    WithdrawCommission,
    SetWithdrawAddress,
    FundCommunityPool,
    Unjail,
    Lock,
    BeginUnlock,
    DelegateVotes,
    Propose,
    Vote,
    Deposit,
    CreateDatanet,
    UpdateDatanet,
    Contribute,
    Curate,
    PublishVersion,
    PurchaseAccess,
    ClaimRevenue,
    ProposeModel,
    AdvanceModel,
    PublishModelVersion,
    SetPricing,
    WithdrawModel,
    RegisterOperator,
    UpdateOperator,
    UnbondOperator,
    InferenceDeposit,
    InferenceWithdraw,
    Grant,
    Revoke,
    RecordInference,
    ClaimRewards,
    ChallengeReceipt,
    RegisterProvider,
    UpdateProvider,
    UnbondProvider,
    OpenJob,
    CancelJob,
    ClaimJob,
    DeliverJob,
    AcceptJob,
    DisputeJob,
    RegisterAdapter,
    DeclareServing,
    StopServing,
    ClaimUptime,
    RegisterFeedbackValidator,
    AddFeedbackBond,
    UnbondFeedbackValidator,
    FundRound,
    CommitScores,
    RevealScores,
    Offline,
    Online,
    Wait,
}

/// Weights of the operations (relative).
const TABLE: &[(Kind, u64)] = &[
    (Kind::Send, 40),
    (Kind::MultiSend, 10),
    (Kind::Delegate, 30),
    (Kind::Undelegate, 15),
    (Kind::Redelegate, 15),
    (Kind::CreateValidator, 5),
    (Kind::EditValidator, 5),
    (Kind::WithdrawReward, 15),
    (Kind::WithdrawCommission, 6),
    (Kind::SetWithdrawAddress, 4),
    (Kind::FundCommunityPool, 4),
    (Kind::Unjail, 8),
    (Kind::Lock, 20),
    (Kind::BeginUnlock, 5),
    (Kind::DelegateVotes, 5),
    (Kind::Propose, 20),
    (Kind::Vote, 70),
    (Kind::Deposit, 8),
    (Kind::CreateDatanet, 10),
    (Kind::UpdateDatanet, 5),
    (Kind::Contribute, 40),
    (Kind::Curate, 35),
    (Kind::PublishVersion, 12),
    (Kind::PurchaseAccess, 10),
    (Kind::ClaimRevenue, 10),
    (Kind::ProposeModel, 20),
    (Kind::AdvanceModel, 40),
    (Kind::PublishModelVersion, 5),
    (Kind::SetPricing, 5),
    (Kind::WithdrawModel, 2),
    (Kind::RegisterOperator, 10),
    (Kind::UpdateOperator, 6),
    (Kind::UnbondOperator, 1),
    (Kind::InferenceDeposit, 15),
    (Kind::InferenceWithdraw, 4),
    (Kind::Grant, 15),
    (Kind::Revoke, 2),
    (Kind::RecordInference, 60),
    (Kind::ClaimRewards, 10),
    (Kind::ChallengeReceipt, 4),
    (Kind::RegisterProvider, 8),
    (Kind::UpdateProvider, 3),
    (Kind::UnbondProvider, 1),
    (Kind::OpenJob, 12),
    (Kind::CancelJob, 3),
    (Kind::ClaimJob, 12),
    (Kind::DeliverJob, 12),
    (Kind::AcceptJob, 8),
    (Kind::DisputeJob, 3),
    (Kind::RegisterAdapter, 5),
    (Kind::DeclareServing, 10),
    (Kind::StopServing, 2),
    (Kind::ClaimUptime, 5),
    (Kind::RegisterFeedbackValidator, 8),
    (Kind::AddFeedbackBond, 3),
    (Kind::UnbondFeedbackValidator, 1),
    (Kind::FundRound, 12),
    (Kind::CommitScores, 20),
    (Kind::RevealScores, 20),
    (Kind::Offline, 2),
    (Kind::Online, 3),
    (Kind::Wait, 3),
];

/// How many adapter hashes the generator draws from (small, so they get reused).
const ADAPTER_POOL: u64 = 24;

pub struct Generator {
    keys: Vec<TestKey>,
    total: u64,
}

fn addr(k: &TestKey) -> String {
    k.address.to_string()
}

fn valoper(k: &TestKey) -> String {
    k.address.to_bech32(VALOPER_PREFIX)
}

fn gov() -> String {
    Address::module("gov").to_string()
}

fn hex32(tag: &str, n: u64) -> String {
    hex::encode(Sha256::digest(format!("{tag}-{n}").as_bytes()))
}

/// The scores a feedback validator commits to and reveals in a round (a function of both,
/// so the reveal matches the commitment).
fn scores(round: u64, key: usize, items: usize) -> Vec<u32> {
    (0..items)
        .map(|i| ((round * 7919 + key as u64 * 104_729 + i as u64 * 31) % 10_001) as u32)
        .collect()
}

fn salt(round: u64, key: usize) -> Vec<u8> {
    Sha256::digest(format!("salt-{round}-{key}").as_bytes())[..16].to_vec()
}

impl Generator {
    pub fn new(keys: Vec<TestKey>) -> Self {
        let total = TABLE.iter().map(|(_, w)| w).sum();
        Generator { keys, total }
    }

    fn key_of(&self, a: &Address) -> Option<usize> {
        self.keys.iter().position(|k| k.address == *a)
    }

    fn any_key(&self, rng: &mut Rng) -> usize {
        rng.idx(self.keys.len())
    }

    /// An id in `1..next` (sometimes one past the end: refused as unknown).
    fn id(rng: &mut Rng, next: u64) -> u64 {
        if rng.chance(5) {
            next
        } else {
            rng.range(1, next.max(2))
        }
    }

    /// Up to `tries` random ids whose record satisfies `ok`; the first found.
    fn find<T>(
        rng: &mut Rng,
        next: u64,
        tries: usize,
        mut get: impl FnMut(u64) -> Option<T>,
        ok: impl Fn(&T) -> bool,
    ) -> Option<(u64, T)> {
        for _ in 0..tries {
            let id = rng.range(1, next.max(2));
            if let Some(v) = get(id) {
                if ok(&v) {
                    return Some((id, v));
                }
            }
        }
        None
    }

    /// A model in one of `stages` among the newest 48, from a random one on.
    fn model_in(
        &self,
        rng: &mut Rng,
        s: &Snapshot,
        stages: &[Stage],
    ) -> Option<(u64, openledger_models::Model)> {
        let next = s.next_model_id().ok()?;
        let first = next.saturating_sub(48).max(1);
        let n = next.saturating_sub(first);
        let start = rng.below(n);
        (0..n)
            .map(|i| first + (start + i) % n)
            .filter_map(|id| s.model(id).ok().flatten().map(|m| (id, m)))
            .find(|(_, m)| stages.contains(&m.stage))
    }

    /// A job in `status` among the newest 48, from a random one on.
    fn job_in(
        &self,
        rng: &mut Rng,
        s: &Snapshot,
        status: JobStatus,
    ) -> Option<(u64, openledger_finetune::Job)> {
        let next = s.next_job_id().ok()?;
        let first = next.saturating_sub(48).max(1);
        let n = next.saturating_sub(first);
        let start = rng.below(n);
        (0..n)
            .map(|i| first + (start + i) % n)
            .filter_map(|id| s.job(id).ok().flatten().map(|j| (id, j)))
            .find(|(_, j)| j.status == status)
    }

    fn tx(signer: usize, msg: Any) -> Op {
        Op::Tx { signer, msg }
    }

    pub fn op(&mut self, rng: &mut Rng, s: &Snapshot, height: u64) -> Op {
        let mut pick = rng.below(self.total);
        let mut kind = Kind::Send;
        for (k, w) in TABLE {
            if pick < *w {
                kind = *k;
                break;
            }
            pick -= w;
        }
        self.build(kind, rng, s, height)
    }

    fn build(&self, kind: Kind, rng: &mut Rng, s: &Snapshot, height: u64) -> Op {
        let k = &self.keys;
        let me = self.any_key(rng);
        let other = self.any_key(rng);
        let small = u128::from(rng.range(1, 50)) * OPEN;
        match kind {
            Kind::Send => Self::tx(
                me,
                any(&bank_pb::MsgSend {
                    from_address: addr(&k[me]),
                    to_address: addr(&k[other]),
                    amount: vec![coin(small)],
                }),
            ),
            Kind::MultiSend => {
                let to: Vec<usize> = (0..rng.range(1, 4)).map(|_| self.any_key(rng)).collect();
                Self::tx(
                    me,
                    any(&bank_pb::MsgMultiSend {
                        inputs: vec![bank_pb::Input {
                            address: addr(&k[me]),
                            coins: vec![coin(small * to.len() as u128)],
                        }],
                        outputs: to
                            .iter()
                            .map(|&t| bank_pb::Output {
                                address: addr(&k[t]),
                                coins: vec![coin(small)],
                            })
                            .collect(),
                    }),
                )
            }
            Kind::Delegate => Self::tx(
                me,
                any(&staking_pb::MsgDelegate {
                    delegator_address: addr(&k[me]),
                    validator_address: valoper(&k[self.validator_key(rng, s)]),
                    amount: Some(coin(small)),
                }),
            ),
            Kind::Undelegate => Self::tx(
                me,
                any(&staking_pb::MsgUndelegate {
                    delegator_address: addr(&k[me]),
                    validator_address: valoper(&k[self.validator_key(rng, s)]),
                    amount: Some(coin(small / 4)),
                }),
            ),
            Kind::Redelegate => Self::tx(
                me,
                any(&staking_pb::MsgBeginRedelegate {
                    delegator_address: addr(&k[me]),
                    validator_src_address: valoper(&k[self.validator_key(rng, s)]),
                    validator_dst_address: valoper(&k[self.validator_key(rng, s)]),
                    amount: Some(coin(small / 4)),
                }),
            ),
            Kind::CreateValidator => Self::tx(
                me,
                any(&staking_pb::MsgCreateValidator {
                    description: Some(staking_pb::Description {
                        moniker: format!("sim-{me}"),
                        ..Default::default()
                    }),
                    commission: Some(staking_pb::CommissionRates {
                        rate: "50000000000000000".into(),
                        max_rate: "200000000000000000".into(),
                        max_change_rate: "10000000000000000".into(),
                    }),
                    min_self_delegation: "1".into(),
                    delegator_address: String::new(),
                    validator_address: valoper(&k[me]),
                    pubkey: Some(openledger_staking::ed25519_pubkey_to_any(&consensus_key(
                        me as u64,
                    ))),
                    value: Some(coin(200 * OPEN)),
                }),
            ),
            Kind::EditValidator => {
                let v = self.validator_key(rng, s);
                Self::tx(
                    v,
                    any(&staking_pb::MsgEditValidator {
                        description: Some(staking_pb::Description {
                            moniker: format!("sim-{v}-{height}"),
                            details: "edited".into(),
                            ..Default::default()
                        }),
                        validator_address: valoper(&k[v]),
                        commission_rate: if rng.chance(30) {
                            format!("{}", rng.range(40, 70) * 1_000_000_000_000_000)
                        } else {
                            String::new()
                        },
                        min_self_delegation: String::new(),
                    }),
                )
            }
            Kind::WithdrawReward => Self::tx(
                me,
                any(&distr_pb::MsgWithdrawDelegatorReward {
                    delegator_address: addr(&k[me]),
                    validator_address: valoper(&k[self.validator_key(rng, s)]),
                }),
            ),
            Kind::WithdrawCommission => {
                let v = self.validator_key(rng, s);
                Self::tx(
                    v,
                    any(&distr_pb::MsgWithdrawValidatorCommission {
                        validator_address: valoper(&k[v]),
                    }),
                )
            }
            Kind::SetWithdrawAddress => Self::tx(
                me,
                any(&distr_pb::MsgSetWithdrawAddress {
                    delegator_address: addr(&k[me]),
                    withdraw_address: addr(&k[other]),
                }),
            ),
            Kind::FundCommunityPool => Self::tx(
                me,
                any(&distr_pb::MsgFundCommunityPool {
                    amount: vec![coin(small / 10)],
                    depositor: addr(&k[me]),
                }),
            ),
            Kind::Unjail => {
                // a jailed validator if there is one among the keys
                let jailed = (0..k.len()).find(|&i| {
                    s.validator(&k[i].address)
                        .ok()
                        .flatten()
                        .is_some_and(|v| v.jailed)
                });
                let v = jailed.unwrap_or_else(|| self.validator_key(rng, s));
                Self::tx(
                    v,
                    any(&slashing_pb::MsgUnjail {
                        validator_addr: valoper(&k[v]),
                    }),
                )
            }
            Kind::Lock => Self::tx(
                me,
                any(&openledger_gov::proto::MsgLock {
                    owner: addr(&k[me]),
                    amount: Some(coin(small * 10)),
                }),
            ),
            Kind::BeginUnlock => Self::tx(
                me,
                any(&openledger_gov::proto::MsgBeginUnlock {
                    owner: addr(&k[me]),
                    amount: Some(coin(small)),
                }),
            ),
            Kind::DelegateVotes => Self::tx(
                me,
                any(&openledger_gov::proto::MsgDelegateVotes {
                    owner: addr(&k[me]),
                    delegatee: addr(&k[other]),
                }),
            ),
            Kind::Propose => self.propose(rng, s, me),
            Kind::Vote => {
                let next = s.next_proposal_id().unwrap_or(1);
                // a proposal in its voting period among the newest, if any
                let id = (1..=8u64)
                    .map(|back| next.saturating_sub(back))
                    .filter(|&id| id > 0)
                    .find(|&id| {
                        s.proposal(id).ok().flatten().is_some_and(|p| {
                            p.status == openledger_gov::ProposalStatus::VotingPeriod
                        }) && rng.chance(70)
                    })
                    .unwrap_or_else(|| next.saturating_sub(1).max(1));
                let option = if rng.chance(75) {
                    1
                } else {
                    rng.range(2, 5) as i32
                };
                Self::tx(
                    me,
                    any(&gov_pb::MsgVote {
                        proposal_id: id,
                        voter: addr(&k[me]),
                        option,
                        metadata: String::new(),
                    }),
                )
            }
            Kind::Deposit => {
                let next = s.next_proposal_id().unwrap_or(1);
                let id = next.saturating_sub(1 + rng.below(3)).max(1);
                Self::tx(
                    me,
                    any(&gov_pb::MsgDeposit {
                        proposal_id: id,
                        depositor: addr(&k[me]),
                        amount: vec![coin(small / 5)],
                    }),
                )
            }
            Kind::CreateDatanet => {
                let permissioned = rng.chance(30);
                let allow: Vec<String> = if permissioned {
                    (0..3).map(|_| addr(&k[self.any_key(rng)])).collect()
                } else {
                    vec![]
                };
                Self::tx(
                    me,
                    any(&dn::MsgCreateDatanet {
                        owner: addr(&k[me]),
                        name: format!("sim-datanet-{height}-{}", rng.below(1_000_000)),
                        summary: "simulated".into(),
                        description: String::new(),
                        tags: vec!["sim".into()],
                        licence: "CC-BY-4.0".into(),
                        visibility: if permissioned {
                            dn::Visibility::Permissioned as i32
                        } else {
                            dn::Visibility::Public as i32
                        },
                        curators: if rng.chance(30) {
                            vec![addr(&k[other])]
                        } else {
                            vec![]
                        },
                        allow_list: allow,
                        contribution_bond: OPEN.to_string(),
                        fee_per_byte: "1000".into(),
                        access_price: (u128::from(rng.below(5)) * OPEN).to_string(),
                    }),
                )
            }
            Kind::UpdateDatanet => {
                let next = s.next_datanet_id().unwrap_or(1);
                let id = Self::id(rng, next);
                let owner = s
                    .datanet(id)
                    .ok()
                    .flatten()
                    .and_then(|d| self.key_of(&d.owner))
                    .unwrap_or(me);
                Self::tx(
                    owner,
                    any(&dn::MsgUpdateDatanet {
                        owner: addr(&k[owner]),
                        datanet_id: id,
                        summary: format!("updated at {height}"),
                        description: String::new(),
                        tags: vec![],
                        licence: "CC-BY-4.0".into(),
                        curators: vec![],
                        allow_list: vec![],
                        access_price: (u128::from(rng.below(5)) * OPEN).to_string(),
                    }),
                )
            }
            Kind::Contribute => {
                let next = s.next_datanet_id().unwrap_or(1);
                let id = Self::id(rng, next);
                let data = format!("sample {} {}", rng.next(), height);
                Self::tx(
                    me,
                    any(&dn::MsgContribute {
                        contributor: addr(&k[me]),
                        datanet_id: id,
                        content_hash: Sha256::digest(data.as_bytes()).to_vec(),
                        size_bytes: data.len() as u64,
                        content_uri: format!("ipfs://{id}/{height}"),
                        licence: String::new(),
                        metadata: String::new(),
                        salt: Vec::new(),
                    }),
                )
            }
            Kind::Curate => {
                let next = s.next_contribution_id().unwrap_or(1);
                // the newest contributions are the ones still pending
                let id = next.saturating_sub(1 + rng.below(12)).max(1);
                let curator = s
                    .contribution(id)
                    .ok()
                    .flatten()
                    .and_then(|c| s.datanet(c.datanet_id).ok().flatten())
                    .and_then(|d| self.key_of(&d.owner))
                    .unwrap_or(me);
                let approve = rng.chance(80);
                Self::tx(
                    curator,
                    any(&dn::MsgCurate {
                        curator: addr(&k[curator]),
                        contribution_id: id,
                        approve,
                        reason: if approve {
                            dn::CurationReason::None as i32
                        } else {
                            rng.range(1, 4) as i32
                        },
                        note: String::new(),
                    }),
                )
            }
            Kind::PublishVersion => {
                let next = s.next_datanet_id().unwrap_or(1);
                let id = Self::id(rng, next);
                let owner = s
                    .datanet(id)
                    .ok()
                    .flatten()
                    .and_then(|d| self.key_of(&d.owner))
                    .unwrap_or(me);
                Self::tx(
                    owner,
                    any(&dn::MsgPublishVersion {
                        owner: addr(&k[owner]),
                        datanet_id: id,
                        note: format!("v at {height}"),
                    }),
                )
            }
            Kind::PurchaseAccess => {
                // a datanet that sells access and has a version, if any
                let next = s.next_datanet_id().unwrap_or(1);
                let (id, version) = Self::find(
                    rng,
                    next,
                    8,
                    |id| s.datanet(id).ok().flatten(),
                    |d| d.access_price > 0 && s.latest_version(d.id).ok().flatten().is_some(),
                )
                .and_then(|(id, _)| {
                    let v = s.latest_version(id).ok().flatten()?;
                    Some((id, rng.range(1, v.number + 1)))
                })
                .unwrap_or_else(|| self.published(rng, s));
                Self::tx(
                    me,
                    any(&dn::MsgPurchaseAccess {
                        buyer: addr(&k[me]),
                        datanet_id: id,
                        version,
                        max_price: (10 * OPEN).to_string(),
                    }),
                )
            }
            Kind::ClaimRevenue => {
                // a contributor with revenue to claim in a recent datanet version, if any
                let next = s.next_datanet_id().unwrap_or(1);
                let mut found = None;
                'search: for id in next.saturating_sub(16).max(1)..next {
                    let latest = s
                        .latest_version(id)
                        .ok()
                        .flatten()
                        .map(|v| v.number)
                        .unwrap_or(0);
                    for version in latest.saturating_sub(4).max(1)..=latest {
                        if let Some(who) = self.role(rng, |a| {
                            s.claimable_revenue(id, version, a).unwrap_or(0) > 0
                        }) {
                            found = Some((who, id, version));
                            break 'search;
                        }
                    }
                }
                let (who, id, version) = found.unwrap_or_else(|| {
                    let (id, version) = self.published(rng, s);
                    (me, id, version)
                });
                Self::tx(
                    who,
                    any(&dn::MsgClaimRevenue {
                        contributor: addr(&k[who]),
                        datanet_id: id,
                        version,
                    }),
                )
            }
            Kind::ProposeModel => {
                let refs: Vec<md::DatanetVersionRef> = (0..rng.range(1, 3))
                    .map(|_| {
                        let (datanet_id, version) = self.published(rng, s);
                        md::DatanetVersionRef {
                            datanet_id,
                            version,
                        }
                    })
                    .collect();
                Self::tx(
                    me,
                    any(&md::MsgProposeModel {
                        creator: addr(&k[me]),
                        name: format!("sim-model-{height}-{}", rng.below(1_000_000)),
                        description: String::new(),
                        base_model: "llama-3-8b".into(),
                        intended_use: "simulation".into(),
                        datanet_versions: refs,
                        bond: Some(coin(100 * OPEN)),
                        pricing: Some(md::Pricing {
                            rate_in_per_1000: "1000000000000000".into(),
                            rate_out_per_1000: "2000000000000000".into(),
                        }),
                    }),
                )
            }
            Kind::AdvanceModel => {
                // retiring a deployed model is rare: inference needs deployed ones
                // (never the fixture's model 1), and models stay a while in FINE_TUNING,
                // where jobs are opened
                let mut stages = vec![Stage::Approved, Stage::DataCollection, Stage::Alignment];
                if rng.chance(40) {
                    stages.push(Stage::FineTuning);
                }
                if rng.chance(5) {
                    stages = vec![Stage::Deployed];
                }
                let found = self
                    .model_in(rng, s, &stages)
                    .filter(|(id, m)| *id != 1 || m.stage != Stage::Deployed);
                let (id, creator, stage) = match found {
                    Some((id, m)) => (id, self.key_of(&m.creator).unwrap_or(me), m.stage),
                    None => (1, me, Stage::Approved),
                };
                let (to, evidence) = match stage {
                    Stage::Approved => (md::ModelStage::DataCollection, None),
                    Stage::DataCollection => (md::ModelStage::FineTuning, None),
                    Stage::FineTuning => (
                        md::ModelStage::Alignment,
                        Some(md::Evidence {
                            training_run_hash: hex32("run", rng.next()),
                            adapter_hash: String::new(),
                            metrics: String::new(),
                        }),
                    ),
                    Stage::Alignment => (
                        md::ModelStage::Deployed,
                        Some(md::Evidence {
                            training_run_hash: String::new(),
                            adapter_hash: hex32("adapter", rng.below(ADAPTER_POOL)),
                            metrics: String::new(),
                        }),
                    ),
                    _ => (md::ModelStage::Retired, None),
                };
                Self::tx(
                    creator,
                    any(&md::MsgAdvanceModel {
                        actor: addr(&k[creator]),
                        model_id: id,
                        to_stage: to as i32,
                        evidence,
                    }),
                )
            }
            Kind::PublishModelVersion => {
                let (id, m) = self
                    .model_in(rng, s, &[Stage::Deployed])
                    .map(|(id, m)| (id, Some(m)))
                    .unwrap_or((1, None));
                let creator = m
                    .as_ref()
                    .and_then(|m| self.key_of(&m.creator))
                    .unwrap_or(me);
                let parent = m.as_ref().map(|m| m.latest_version).unwrap_or(0);
                let (datanet_id, version) = self.published(rng, s);
                Self::tx(
                    creator,
                    any(&md::MsgPublishModelVersion {
                        creator: addr(&k[creator]),
                        model_id: id,
                        adapter_hash: hex32("adapter", rng.below(ADAPTER_POOL)),
                        base_model: "llama-3-8b".into(),
                        parent_version: parent,
                        datanet_versions: vec![md::DatanetVersionRef {
                            datanet_id,
                            version,
                        }],
                    }),
                )
            }
            Kind::SetPricing => {
                let (id, creator) = self.model_and_creator(rng, s, me);
                Self::tx(
                    creator,
                    any(&md::MsgSetPricing {
                        creator: addr(&k[creator]),
                        model_id: id,
                        rate_in_per_1000: (u128::from(rng.range(1, 5)) * OPEN / 1000).to_string(),
                        rate_out_per_1000: (u128::from(rng.range(1, 5)) * OPEN / 1000).to_string(),
                    }),
                )
            }
            Kind::WithdrawModel => {
                let (id, creator) = self.model_and_creator(rng, s, me);
                Self::tx(
                    creator,
                    any(&md::MsgWithdrawModel {
                        creator: addr(&k[creator]),
                        model_id: id,
                    }),
                )
            }
            Kind::RegisterOperator => Self::tx(
                me,
                any(&at::MsgRegisterOperator {
                    operator: addr(&k[me]),
                    bond: Some(coin(100 * OPEN)),
                    endpoint: format!("https://op{me}.example/v1"),
                    models: self.deployed_models(rng, s),
                }),
            ),
            Kind::UpdateOperator => Self::tx(
                me,
                any(&at::MsgUpdateOperator {
                    operator: addr(&k[me]),
                    endpoint: format!("https://op{me}.example/v2"),
                    models: self.deployed_models(rng, s),
                    add_bond: rng.chance(50).then(|| coin(small)),
                }),
            ),
            Kind::UnbondOperator => Self::tx(
                me,
                any(&at::MsgUnbondOperator {
                    operator: addr(&k[me]),
                }),
            ),
            Kind::InferenceDeposit => Self::tx(
                me,
                any(&at::MsgDeposit {
                    user: addr(&k[me]),
                    amount: Some(coin(small)),
                }),
            ),
            Kind::InferenceWithdraw => Self::tx(
                me,
                any(&at::MsgWithdraw {
                    user: addr(&k[me]),
                    amount: Some(coin(small / 10)),
                }),
            ),
            Kind::Grant => {
                let op = self.operator_key(rng, s).unwrap_or(other);
                let models = s
                    .inference_operator(&k[op].address)
                    .ok()
                    .flatten()
                    .map(|o| o.models)
                    .unwrap_or_default();
                let model_id = if models.is_empty() {
                    1
                } else {
                    models[rng.idx(models.len())]
                };
                Self::tx(
                    me,
                    any(&at::MsgGrant {
                        user: addr(&k[me]),
                        operator: addr(&k[op]),
                        model_id,
                        spend_limit: (100 * OPEN).to_string(),
                    }),
                )
            }
            Kind::Revoke => {
                let model_id = self.deployed_models(rng, s).first().copied().unwrap_or(1);
                Self::tx(
                    me,
                    any(&at::MsgRevoke {
                        user: addr(&k[me]),
                        operator: addr(&k[other]),
                        model_id,
                    }),
                )
            }
            Kind::RecordInference => self.record_inference(rng, s, me, height),
            Kind::ClaimRewards => Self::tx(
                me,
                any(&at::MsgClaimRewards {
                    claimant: addr(&k[me]),
                }),
            ),
            Kind::ChallengeReceipt => {
                let next = s.next_receipt_id().unwrap_or(1);
                let id = next.saturating_sub(1 + rng.below(3)).max(1);
                // the real output (its hash is the receipt's): the challenge then turns on
                // the attribution, which the validators' engine would recompute
                let output = s
                    .receipt(id)
                    .ok()
                    .flatten()
                    .map(|r| r.request_id.into_bytes())
                    .unwrap_or_default();
                Self::tx(
                    me,
                    any(&at::MsgChallengeReceipt {
                        challenger: addr(&k[me]),
                        receipt_id: id,
                        output,
                        bond: Some(coin(10 * OPEN)),
                    }),
                )
            }
            Kind::RegisterProvider => Self::tx(
                me,
                any(&ft::MsgRegisterProvider {
                    provider: addr(&k[me]),
                    endpoint: format!("https://gpu{me}.example"),
                    bond: Some(coin(100 * OPEN)),
                }),
            ),
            Kind::UpdateProvider => Self::tx(
                me,
                any(&ft::MsgUpdateProvider {
                    provider: addr(&k[me]),
                    endpoint: format!("https://gpu{me}.example/v2"),
                    add_bond: rng.chance(50).then(|| coin(small)),
                }),
            ),
            Kind::UnbondProvider => Self::tx(
                me,
                any(&ft::MsgUnbondProvider {
                    provider: addr(&k[me]),
                }),
            ),
            Kind::OpenJob => {
                let found = self.model_in(rng, s, &[Stage::FineTuning]);
                let (id, creator, refs) = match found {
                    Some((id, m)) => (
                        id,
                        self.key_of(&m.creator).unwrap_or(me),
                        m.datanet_versions
                            .iter()
                            .map(|r| ft::DatanetVersionRef {
                                datanet_id: r.datanet_id,
                                version: r.version,
                            })
                            .collect(),
                    ),
                    None => (
                        1,
                        me,
                        vec![ft::DatanetVersionRef {
                            datanet_id: 1,
                            version: 1,
                        }],
                    ),
                };
                Self::tx(
                    creator,
                    any(&ft::MsgOpenJob {
                        creator: addr(&k[creator]),
                        model_id: id,
                        base_model: "llama-3-8b".into(),
                        datanet_versions: refs,
                        training_config_hash: hex32("config", rng.below(1000)),
                        budget: Some(coin(20 * OPEN)),
                        deadline_height: height + rng.range(10, 60),
                    }),
                )
            }
            Kind::CancelJob => {
                let (id, creator) = match self.job_in(rng, s, JobStatus::Open) {
                    Some((id, j)) => (id, self.key_of(&j.creator).unwrap_or(me)),
                    None => (1, me),
                };
                Self::tx(
                    creator,
                    any(&ft::MsgCancelJob {
                        creator: addr(&k[creator]),
                        job_id: id,
                    }),
                )
            }
            Kind::ClaimJob => {
                let id = self
                    .job_in(rng, s, JobStatus::Open)
                    .map(|(id, _)| id)
                    .unwrap_or(1);
                let provider = self
                    .role(rng, |a| s.provider(a).ok().flatten().is_some())
                    .unwrap_or(me);
                Self::tx(
                    provider,
                    any(&ft::MsgClaimJob {
                        provider: addr(&k[provider]),
                        job_id: id,
                    }),
                )
            }
            Kind::DeliverJob => {
                let (id, provider) = match self.job_in(rng, s, JobStatus::Claimed) {
                    Some((id, j)) => (id, j.provider.and_then(|p| self.key_of(&p)).unwrap_or(me)),
                    None => (1, me),
                };
                Self::tx(
                    provider,
                    any(&ft::MsgDeliverJob {
                        provider: addr(&k[provider]),
                        job_id: id,
                        adapter_hash: hex32("adapter", rng.below(ADAPTER_POOL)),
                        training_log_hash: hex32("log", id),
                        metrics: vec![ft::Metric {
                            name: "eval_accuracy_bps".into(),
                            value: rng.range(5_000, 9_500),
                        }],
                        rank: 16,
                        size_bytes: 33_554_432,
                        licence: "Apache-2.0".into(),
                    }),
                )
            }
            Kind::AcceptJob | Kind::DisputeJob => {
                let (id, creator) = match self.job_in(rng, s, JobStatus::Delivered) {
                    Some((id, j)) => (id, self.key_of(&j.creator).unwrap_or(me)),
                    None => (1, me),
                };
                let msg = if matches!(kind, Kind::AcceptJob) {
                    any(&ft::MsgAcceptJob {
                        creator: addr(&k[creator]),
                        job_id: id,
                    })
                } else {
                    any(&ft::MsgDisputeJob {
                        creator: addr(&k[creator]),
                        job_id: id,
                        reason: "the metrics do not reproduce".into(),
                    })
                };
                Self::tx(creator, msg)
            }
            Kind::RegisterAdapter => {
                let found = self.model_in(rng, s, &[Stage::Alignment, Stage::Deployed]);
                let (id, version, owner) = match found {
                    Some((id, m)) => (id, m.latest_version, self.key_of(&m.creator).unwrap_or(me)),
                    None => (1, 0, me),
                };
                Self::tx(
                    owner,
                    any(&ad::MsgRegisterAdapter {
                        owner: addr(&k[owner]),
                        hash: hex32("adapter", rng.below(ADAPTER_POOL)),
                        model_id: id,
                        model_version: version,
                        base_model: "llama-3-8b".into(),
                        rank: 8,
                        size_bytes: 1 << 24,
                        licence: "Apache-2.0".into(),
                    }),
                )
            }
            Kind::DeclareServing | Kind::StopServing => {
                let hash = (0..6)
                    .map(|_| hex32("adapter", rng.below(ADAPTER_POOL)))
                    .find(|h| s.adapter(h).ok().flatten().is_some())
                    .unwrap_or_else(|| hex32("adapter", 0));
                let op = self.operator_key(rng, s).unwrap_or(me);
                let msg = if matches!(kind, Kind::DeclareServing) {
                    any(&ad::MsgDeclareServing {
                        operator: addr(&k[op]),
                        adapter_hash: hash,
                        price_ceiling_per_1k: (OPEN / 100).to_string(),
                    })
                } else {
                    any(&ad::MsgStopServing {
                        operator: addr(&k[op]),
                        adapter_hash: hash,
                    })
                };
                Self::tx(op, msg)
            }
            Kind::ClaimUptime => {
                let op = self.operator_key(rng, s).unwrap_or(me);
                let start = s
                    .uptime_claim(&k[op].address)
                    .ok()
                    .flatten()
                    .map(|c| c.window_end_height + 1)
                    .unwrap_or(1);
                let end = height.max(start + 1);
                Self::tx(
                    op,
                    any(&ad::MsgClaimUptime {
                        operator: addr(&k[op]),
                        window_start_height: start,
                        window_end_height: end,
                        uptime_bps: rng.range(8_000, 10_001) as u32,
                    }),
                )
            }
            Kind::RegisterFeedbackValidator => Self::tx(
                me,
                any(&fb::MsgRegisterFeedbackValidator {
                    validator: addr(&k[me]),
                    bond: Some(coin(20 * OPEN)),
                }),
            ),
            Kind::AddFeedbackBond => Self::tx(
                me,
                any(&fb::MsgAddFeedbackBond {
                    validator: addr(&k[me]),
                    amount: Some(coin(small)),
                }),
            ),
            Kind::UnbondFeedbackValidator => Self::tx(
                me,
                any(&fb::MsgUnbondFeedbackValidator {
                    validator: addr(&k[me]),
                }),
            ),
            Kind::FundRound => {
                let found = self.model_in(rng, s, &[Stage::Alignment, Stage::Deployed]);
                let (id, version, creator) = match found {
                    Some((id, m)) => (id, m.latest_version, self.key_of(&m.creator).unwrap_or(me)),
                    None => (1, 0, me),
                };
                let commit = height + rng.range(3, 8);
                Self::tx(
                    creator,
                    any(&fb::MsgFundRound {
                        creator: addr(&k[creator]),
                        model_id: id,
                        model_version: version,
                        reward: Some(coin(10 * OPEN)),
                        item_hashes: (0..3).map(|i| hex32("item", rng.next() ^ i)).collect(),
                        commit_deadline_height: commit,
                        reveal_deadline_height: commit + rng.range(4, 10),
                    }),
                )
            }
            Kind::CommitScores | Kind::RevealScores => {
                let next = s.next_round_id().unwrap_or(1);
                // a recent round in its commit (or reveal) window, if any
                let committing = matches!(kind, Kind::CommitScores);
                let round = (1..=6u64)
                    .map(|back| next.saturating_sub(back))
                    .filter(|&id| id > 0)
                    .find(|&id| {
                        s.round(id).ok().flatten().is_some_and(|r| {
                            // the tx runs in the next block
                            let h = height + 1;
                            if committing {
                                h <= r.commit_deadline_height
                            } else {
                                h > r.commit_deadline_height && h <= r.reveal_deadline_height
                            }
                        })
                    })
                    .unwrap_or_else(|| next.saturating_sub(1).max(1));
                let items = s
                    .round(round)
                    .ok()
                    .flatten()
                    .map(|r| r.item_hashes.len())
                    .unwrap_or(3);
                // a feedback validator; to reveal, one that committed
                let v = self
                    .role(rng, |a| {
                        if committing {
                            s.feedback_validator(a).ok().flatten().is_some()
                        } else {
                            s.commitment(round, a).ok().flatten().is_some()
                        }
                    })
                    .unwrap_or(me);
                let sc = scores(round, v, items);
                let sl = salt(round, v);
                let msg = if matches!(kind, Kind::CommitScores) {
                    let c = openledger_feedback::commitment_hash(round, &k[v].address, &sc, &sl);
                    any(&fb::MsgCommitScores {
                        validator: addr(&k[v]),
                        round_id: round,
                        commitment: hex::encode(c),
                    })
                } else {
                    any(&fb::MsgRevealScores {
                        validator: addr(&k[v]),
                        round_id: round,
                        scores: sc,
                        salt: hex::encode(sl),
                    })
                };
                Self::tx(v, msg)
            }
            Kind::Offline => Op::Offline(rng.idx(VALIDATORS)),
            Kind::Online => Op::Online,
            Kind::Wait => Op::Wait(rng.range(5, 30) as i64),
        }
    }

    /// The first key, from a random one on, that `pred` holds for.
    fn role(&self, rng: &mut Rng, pred: impl Fn(&Address) -> bool) -> Option<usize> {
        let start = self.any_key(rng);
        (0..self.keys.len())
            .map(|i| (start + i) % self.keys.len())
            .find(|&i| pred(&self.keys[i].address))
    }

    /// A key that is (or, 1 time in 5, is not) a validator: genesis ones mostly.
    fn validator_key(&self, rng: &mut Rng, s: &Snapshot) -> usize {
        for _ in 0..3 {
            let i = self.any_key(rng);
            if i < VALIDATORS || s.validator(&self.keys[i].address).ok().flatten().is_some() {
                return i;
            }
        }
        rng.idx(VALIDATORS)
    }

    fn operator_key(&self, rng: &mut Rng, s: &Snapshot) -> Option<usize> {
        self.role(rng, |a| s.inference_operator(a).ok().flatten().is_some())
    }

    /// A datanet with a published version, and one of its versions (else datanet 1 v1).
    fn published(&self, rng: &mut Rng, s: &Snapshot) -> (u64, u64) {
        let next = s.next_datanet_id().unwrap_or(1);
        Self::find(
            rng,
            next,
            6,
            |id| s.latest_version(id).ok().flatten(),
            |_| true,
        )
        .map(|(id, v)| (id, rng.range(1, v.number + 1)))
        .unwrap_or((1, 1))
    }

    fn model_and_creator(&self, rng: &mut Rng, s: &Snapshot, fallback: usize) -> (u64, usize) {
        let next = s.next_model_id().unwrap_or(1);
        let id = Self::id(rng, next);
        let creator = s
            .model(id)
            .ok()
            .flatten()
            .and_then(|m| self.key_of(&m.creator))
            .unwrap_or(fallback);
        (id, creator)
    }

    /// One or two of the deployed models among the newest 32.
    fn deployed_models(&self, rng: &mut Rng, s: &Snapshot) -> Vec<u64> {
        let next = s.next_model_id().unwrap_or(1);
        let deployed: Vec<u64> = (next.saturating_sub(32).max(1)..next)
            .filter(|&id| s.is_deployed(id).unwrap_or(false))
            .collect();
        if deployed.is_empty() {
            return vec![];
        }
        let mut ids: Vec<u64> = (0..rng.range(1, 3))
            .map(|_| deployed[rng.idx(deployed.len())])
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn propose(&self, rng: &mut Rng, s: &Snapshot, me: usize) -> Op {
        let k = &self.keys;
        let (inner, proposer) = match rng.below(5) {
            // approval of a proposed model, by its creator (who records the proposal)
            0 | 1 => match self.model_in(rng, s, &[Stage::Proposed]) {
                Some((id, m)) => (
                    any(&md::MsgApproveModel {
                        authority: gov(),
                        model_id: id,
                    }),
                    self.key_of(&m.creator).unwrap_or(me),
                ),
                None => (self.param_change(rng), me),
            },
            // the settlement of a disputed job
            2 => match self.job_in(rng, s, JobStatus::Disputed) {
                Some((id, _)) => (
                    any(&ft::MsgSettleJob {
                        authority: gov(),
                        job_id: id,
                        outcome: rng.range(1, 4) as i32,
                    }),
                    me,
                ),
                None => (self.param_change(rng), me),
            },
            _ => (self.param_change(rng), me),
        };
        Self::tx(
            proposer,
            any(&gov_pb::MsgSubmitProposal {
                messages: vec![inner],
                initial_deposit: vec![coin(10 * OPEN)],
                proposer: addr(&k[proposer]),
                metadata: String::new(),
                title: "simulated proposal".into(),
                summary: "simulated".into(),
                expedited: false,
            }),
        )
    }

    /// A parameter change of some module, within the params' valid ranges.
    fn param_change(&self, rng: &mut Rng) -> Any {
        match rng.below(4) {
            0 => {
                let mut p = openledger_staking::Params::default().to_proto();
                p.max_validators = rng.range(4, 100) as u32;
                any(&staking_pb::MsgUpdateParams {
                    authority: gov(),
                    params: Some(p),
                })
            }
            1 => {
                let p = openledger_finetune::Params {
                    dispute_window_blocks: rng.range(3, 10),
                    ..Default::default()
                };
                any(&ft::MsgUpdateParams {
                    authority: gov(),
                    params: Some(p.to_proto()),
                })
            }
            2 => {
                let p = openledger_feedback::Params {
                    validator_unbonding_blocks: rng.range(10, 200),
                    ..Default::default()
                };
                any(&fb::MsgUpdateParams {
                    authority: gov(),
                    params: Some(p.to_proto()),
                })
            }
            _ => {
                let p = openledger_attribution::Params {
                    challenge_deadline_blocks: rng.range(2, 6),
                    ..Default::default()
                };
                any(&at::MsgUpdateParams {
                    authority: gov(),
                    params: Some(p.to_proto()),
                })
            }
        }
    }

    fn record_inference(&self, rng: &mut Rng, s: &Snapshot, me: usize, height: u64) -> Op {
        let k = &self.keys;
        let op = self.operator_key(rng, s).unwrap_or(me);
        let models: Vec<u64> = s
            .inference_operator(&k[op].address)
            .ok()
            .flatten()
            .map(|o| o.models)
            .unwrap_or_default()
            .into_iter()
            .filter(|&id| s.is_deployed(id).unwrap_or(false))
            .collect();
        let model = (!models.is_empty()).then(|| models[rng.idx(models.len())]);
        let (model_id, version) = match model.and_then(|id| s.model(id).ok().flatten()) {
            Some(m) => (m.id, m.latest_version),
            None => (1, 0),
        };
        // a user with a grant to this operator, when one of a few tried has it
        let user = (0..4)
            .map(|_| self.any_key(rng))
            .find(|&u| {
                s.inference_grant(&k[u].address, &k[op].address, model_id)
                    .ok()
                    .flatten()
                    .is_some()
            })
            .unwrap_or(me);
        let next_c = s.next_contribution_id().unwrap_or(1);
        let mut ids: Vec<u64> = (0..rng.below(4))
            .map(|_| rng.range(1, next_c.max(2)))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // weights add up to one million ppm (a random split)
        let mut left = 1_000_000u64;
        let count = ids.len();
        let entries: Vec<at::AttributionEntry> = ids
            .into_iter()
            .enumerate()
            .map(|(i, contribution_id)| {
                let w = if i + 1 == count {
                    left
                } else {
                    rng.range(1, left / 2 + 2).min(left)
                };
                left -= w;
                at::AttributionEntry {
                    contribution_id,
                    weight_ppm: w as u32,
                }
            })
            .collect();
        let request = format!("req-{height}-{}", rng.next());
        Self::tx(
            op,
            any(&at::MsgRecordInference {
                operator: addr(&k[op]),
                user: addr(&k[user]),
                model_id,
                model_version: version,
                input_tokens: rng.range(1, 4000),
                output_tokens: rng.range(1, 4000),
                output_hash: Sha256::digest(request.as_bytes()).to_vec(),
                prompt_hash: Sha256::digest(b"prompt").to_vec(),
                request_id: request,
                attribution: entries,
                engine_version: 1,
                engine_params_id: s.engine_params_id().unwrap_or(1),
                evidence_hash: Sha256::digest(b"evidence").to_vec(),
                adapter_hash: String::new(),
            }),
        )
    }
}
