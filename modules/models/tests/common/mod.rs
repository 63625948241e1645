//! Shared setup of the models tests: funded accounts, a mock datanets keeper, and a `run`
//! wrapper that applies a message like the app does and checks the invariants.
#![allow(dead_code)]

use openledger_bank::{Balance, BankRead};
use openledger_framework::delta::MemState;
use openledger_framework::{
    Address, BlockCtx, CallError, Changes, Coin, Coins, ModuleError, MsgCtx, StateDelta, StateRead,
    BASE_DENOM,
};
use std::collections::BTreeMap;

use cosmos_sdk_proto::Any;
use openledger_models::{
    execute_advance_model, execute_approve_model, execute_propose_model,
    execute_publish_model_version, execute_reject_model, execute_set_pricing,
    execute_withdraw_model, gov_address, invariants, on_approval_failed, on_approval_submitted,
    proto, DatanetVersionRef, DatanetVersionView, DatanetsKeeper, Digest, Evidence, FeedbackKeeper,
    GovProposalsKeeper, ModelsError, MsgAdvanceModel, MsgApproveModel, MsgProposeModel,
    MsgPublishModelVersion, MsgRejectModel, MsgSetPricing, MsgWithdrawModel, Params, Pricing,
    ProposalPhase, Stage,
};
use prost::{Message, Name};

pub const START: i64 = 1_700_000_000;
pub const FUNDS: u128 = 1_000_000;
pub const BOND: u128 = 1_000;

pub fn addr(n: u8) -> Address {
    Address([n; 20])
}

pub fn gov() -> Address {
    gov_address()
}

/// Datanets 1..=3 each have versions 1..=3.
pub struct MockDatanets;

impl DatanetsKeeper for MockDatanets {
    fn version(
        &self,
        _state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<DatanetVersionView>, CallError> {
        if !(1..=3).contains(&datanet_id) || !(1..=3).contains(&number) {
            return Ok(None);
        }
        Ok(Some(DatanetVersionView {
            datanet_id,
            number,
            root: [u8::try_from(datanet_id * 16 + number).unwrap(); 32],
            contribution_count: datanet_id * 100 + number,
            total_bytes: u128::from(datanet_id) * 1_000_000 + u128::from(number),
        }))
    }
}

/// Feedback: a version has a settled round iff the test wrote [`settled_round_key`].
pub struct MockFeedback;

pub fn settled_round_key(model_id: u64, version: u64) -> Vec<u8> {
    let mut k = b"test/feedback_settled/".to_vec();
    k.extend_from_slice(&model_id.to_be_bytes());
    k.extend_from_slice(&version.to_be_bytes());
    k
}

impl FeedbackKeeper for MockFeedback {
    fn has_settled_round(
        &self,
        state: &dyn StateRead,
        model_id: u64,
        version: u64,
    ) -> Result<bool, CallError> {
        Ok(state
            .get_raw(&settled_round_key(model_id, version))
            .map_err(CallError::from)?
            .is_some())
    }
}

/// Gov proposals and their phases; any other id is closed.
#[derive(Default)]
pub struct MockProposals(pub BTreeMap<u64, ProposalPhase>);

impl MockProposals {
    pub fn with(id: u64, phase: ProposalPhase) -> Self {
        MockProposals(BTreeMap::from([(id, phase)]))
    }
}

impl GovProposalsKeeper for MockProposals {
    fn proposal_phase(
        &self,
        _state: &dyn StateRead,
        proposal_id: u64,
    ) -> Result<ProposalPhase, CallError> {
        Ok(self
            .0
            .get(&proposal_id)
            .copied()
            .unwrap_or(ProposalPhase::Closed))
    }
}

/// A proposal message approving model `id`.
pub fn approve_any(id: u64) -> Any {
    Any {
        type_url: proto::MsgApproveModel::type_url(),
        value: proto::MsgApproveModel {
            authority: gov().to_string(),
            model_id: id,
        }
        .encode_to_vec(),
    }
}

/// A proposal message paying the community pool to `to` (models never decodes it).
pub fn pool_spend_any(to: Address) -> Any {
    Any {
        type_url: "/cosmos.distribution.v1beta1.MsgCommunityPoolSpend".into(),
        value: to.0.to_vec(),
    }
}

/// The app's submission hook for gov proposal `proposal_id` by `proposer`.
pub fn submit_approval(
    s: &mut MemState,
    proposals: &MockProposals,
    proposal_id: u64,
    proposer: Address,
    messages: &[Any],
) -> Result<(), ModelsError> {
    run(s, |f| {
        on_approval_submitted(f, proposals, proposal_id, &proposer, messages)
    })
}

/// The creator's approval proposal `proposal_id` for model `id`, recorded.
pub fn submit_own_approval(s: &mut MemState, id: u64, creator: Address, proposal_id: u64) {
    submit_approval(
        s,
        &MockProposals::default(),
        proposal_id,
        creator,
        &[approve_any(id)],
    )
    .unwrap()
}

pub fn withdraw(
    s: &mut MemState,
    proposals: &MockProposals,
    signer: Address,
    creator: Address,
    id: u64,
) -> Result<(), ModelsError> {
    let msg = MsgWithdrawModel {
        creator,
        model_id: id,
    };
    run(s, |f| {
        with_ctx(7, signer, |c| execute_withdraw_model(f, c, proposals, &msg))
    })
}

pub fn dref(datanet_id: u64, version: u64) -> DatanetVersionRef {
    DatanetVersionRef {
        datanet_id,
        version,
    }
}

pub fn pricing(rate_in: u128, rate_out: u128) -> Pricing {
    Pricing {
        rate_in_per_1000: rate_in,
        rate_out_per_1000: rate_out,
    }
}

pub fn hash(b: u8) -> Digest {
    Digest::new(vec![b; 32]).unwrap()
}

pub fn test_params() -> Params {
    Params {
        min_creator_bond: BOND,
        ..Params::default()
    }
}

pub fn block(height: u64) -> BlockCtx {
    BlockCtx {
        chain_id: "test-1".into(),
        height,
        time_unix_secs: START + i64::try_from(height).unwrap() * 5,
        time_nanos: 0,
    }
}

/// Accounts 1..=6 hold FUNDS aopen (and 500 "bopen"); models has the test params.
pub fn setup() -> MemState {
    setup_with(test_params())
}

pub fn setup_with(params: Params) -> MemState {
    let mut s = MemState::empty();
    openledger_bank::GenesisState {
        balances: (1..=6)
            .map(|i| Balance {
                address: addr(i),
                coins: Coins::new(vec![Coin::new(BASE_DENOM, FUNDS), Coin::new("bopen", 500)])
                    .unwrap(),
            })
            .collect(),
        ..Default::default()
    }
    .init(&mut s)
    .unwrap();
    openledger_models::GenesisState {
        params,
        ..Default::default()
    }
    .init(&mut s, &MockDatanets)
    .unwrap();
    s
}

pub fn balance(s: &MemState, a: &Address) -> u128 {
    s.balance(a, BASE_DENOM).unwrap()
}

pub fn supply(s: &MemState) -> u128 {
    s.supply(BASE_DENOM).unwrap()
}

pub fn check_invariants(s: &MemState) {
    invariants::check_all(s, &MockDatanets).unwrap();
    openledger_bank::invariants::total_supply_matches_balances(s).unwrap();
}

/// Run `f` on a fork as the app does: applied on success, dropped on failure. On failure the
/// parent must be untouched; on success every invariant must hold.
pub fn run<T>(
    s: &mut MemState,
    f: impl FnOnce(&mut StateDelta<&MemState>) -> Result<T, ModelsError>,
) -> Result<T, ModelsError> {
    let before: Changes = s.changes().clone();
    let (r, changes) = {
        let mut fork = StateDelta::new(&*s);
        let r = f(&mut fork);
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

pub fn code(e: &ModelsError) -> (&'static str, u32) {
    (e.codespace(), e.code())
}

/// A message context at `height` signed by `signer`.
pub fn with_ctx<T>(height: u64, signer: Address, f: impl FnOnce(&MsgCtx) -> T) -> T {
    let b = block(height);
    let signers = [signer];
    let ctx = MsgCtx {
        block: &b,
        signers: &signers,
        msg_index: 0,
    };
    f(&ctx)
}

pub fn propose_msg(who: u8) -> MsgProposeModel {
    MsgProposeModel {
        creator: addr(who),
        name: "legal-llm".into(),
        description: "A model for contracts".into(),
        base_model: "llama-3-8b".into(),
        intended_use: "contract review".into(),
        datanet_versions: vec![dref(1, 1), dref(2, 3)],
        bond: BOND,
        pricing: pricing(10, 20),
    }
}

pub fn propose_at(
    s: &mut MemState,
    height: u64,
    msg: &MsgProposeModel,
) -> Result<u64, ModelsError> {
    run(s, |f| {
        with_ctx(height, msg.creator, |c| {
            execute_propose_model(f, c, &MockDatanets, msg)
        })
    })
}

pub fn propose(s: &mut MemState, who: u8) -> u64 {
    propose_at(s, 1, &propose_msg(who)).unwrap()
}

pub fn approve_as(
    s: &mut MemState,
    height: u64,
    authority: Address,
    id: u64,
) -> Result<(), ModelsError> {
    let msg = MsgApproveModel {
        authority,
        model_id: id,
    };
    run(s, |f| {
        with_ctx(height, authority, |c| execute_approve_model(f, c, &msg))
    })
}

pub fn approve(s: &mut MemState, id: u64) {
    approve_as(s, 2, gov(), id).unwrap()
}

pub fn reject_as(
    s: &mut MemState,
    height: u64,
    authority: Address,
    id: u64,
) -> Result<(), ModelsError> {
    let msg = MsgRejectModel {
        authority,
        model_id: id,
    };
    run(s, |f| {
        with_ctx(height, authority, |c| execute_reject_model(f, c, &msg))
    })
}

/// Gov proposal `proposal_id`, carrying the approval of model `id`, ended rejected.
pub fn approval_failed(
    s: &mut MemState,
    height: u64,
    id: u64,
    proposal_id: u64,
    burn: bool,
) -> Result<(), ModelsError> {
    run(s, |f| {
        on_approval_failed(f, &block(height), id, proposal_id, burn)
    })
}

pub fn advance(
    s: &mut MemState,
    height: u64,
    actor: Address,
    id: u64,
    to: Stage,
    evidence: Evidence,
) -> Result<(), ModelsError> {
    let msg = MsgAdvanceModel {
        actor,
        model_id: id,
        to_stage: to,
        evidence,
    };
    run(s, |f| {
        with_ctx(height, actor, |c| {
            execute_advance_model(f, c, &MockDatanets, &MockFeedback, &msg)
        })
    })
}

pub fn training_evidence() -> Evidence {
    Evidence {
        training_run_hash: Some(hash(0xaa)),
        adapter_hash: None,
        metrics: "loss=0.12".into(),
    }
}

pub fn adapter_evidence(b: u8) -> Evidence {
    Evidence {
        training_run_hash: None,
        adapter_hash: Some(hash(b)),
        metrics: "win-rate=0.61".into(),
    }
}

/// Propose (creator `who`), approve and advance to DEPLOYED; returns the id.
pub fn deployed(s: &mut MemState, who: u8) -> u64 {
    let id = propose(s, who);
    approve(s, id);
    let c = addr(who);
    advance(s, 3, c, id, Stage::DataCollection, Evidence::default()).unwrap();
    advance(s, 4, c, id, Stage::FineTuning, Evidence::default()).unwrap();
    advance(s, 5, c, id, Stage::Alignment, training_evidence()).unwrap();
    advance(s, 6, c, id, Stage::Deployed, adapter_evidence(0xbb)).unwrap();
    id
}

pub fn publish_msg(who: u8, id: u64, parent: u64) -> MsgPublishModelVersion {
    MsgPublishModelVersion {
        creator: addr(who),
        model_id: id,
        adapter_hash: hash(0xcc),
        base_model: String::new(),
        parent_version: parent,
        datanet_versions: vec![],
    }
}

pub fn publish_at(
    s: &mut MemState,
    height: u64,
    signer: Address,
    msg: &MsgPublishModelVersion,
) -> Result<u64, ModelsError> {
    run(s, |f| {
        with_ctx(height, signer, |c| {
            execute_publish_model_version(f, c, &MockDatanets, msg)
        })
    })
}

pub fn set_pricing(
    s: &mut MemState,
    height: u64,
    who: Address,
    id: u64,
    p: Pricing,
) -> Result<u64, ModelsError> {
    let msg = MsgSetPricing {
        creator: who,
        model_id: id,
        pricing: p,
    };
    run(s, |f| {
        with_ctx(height, who, |c| execute_set_pricing(f, c, &msg))
    })
}

/// Events recorded so far with the given kind.
pub fn events<'a>(s: &'a MemState, kind: &str) -> Vec<&'a openledger_framework::Event> {
    s.changes()
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .collect()
}

pub const EV_PROPOSED: &str = "openledger.models.v1.EventModelProposed";
pub const EV_STAGE: &str = "openledger.models.v1.EventModelStageChanged";
pub const EV_BOND: &str = "openledger.models.v1.EventModelBondReleased";
pub const EV_VERSION: &str = "openledger.models.v1.EventModelVersionPublished";
pub const EV_PRICING: &str = "openledger.models.v1.EventModelPricingSet";
