//! The app's wiring between modules: each module declares what it expects of another (the
//! SDK's "expected keepers") and the app implements those traits over the real modules here.
//! No module crate depends on a module that depends on it.

use cosmos_sdk_proto::Any;
use openledger_attribution as attribution;
use openledger_distribution as distribution;
use openledger_framework::error::sdk;
use openledger_framework::{
    Address, BlockCtx, CallError, Coins, ConsAddress, Dec, MsgCtx, StateDelta, StateRead,
    StateWrite, BASE_DENOM,
};
use openledger_slashing as slashing;
use openledger_staking::{self as staking, StakingRead};

use crate::tx::msg::Msg;

fn call_error<E: openledger_framework::ModuleError>(e: E) -> CallError {
    CallError::from_module(&e)
}

/// Staking's hooks: distribution settles rewards around every delegation change; slashing
/// starts tracking a validator when it enters the set.
#[derive(Debug, Clone, Copy)]
pub struct AppStakingHooks<'a> {
    pub ctx: &'a BlockCtx,
}

impl staking::StakingHooks for AppStakingHooks<'_> {
    fn after_validator_created(
        &self,
        state: &mut dyn StateWrite,
        operator: &Address,
    ) -> Result<(), CallError> {
        distribution::on_validator_created(state, operator).map_err(call_error)
    }

    fn before_delegation_shares_modified(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError> {
        distribution::before_delegation_shares_modified(
            state,
            &DistrStakingView,
            delegator,
            operator,
        )
        .map_err(call_error)
    }

    fn after_delegation_modified(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError> {
        distribution::after_delegation_modified(state, &DistrStakingView, delegator, operator)
            .map_err(call_error)
    }

    fn before_delegation_removed(
        &self,
        state: &mut dyn StateWrite,
        delegator: &Address,
        operator: &Address,
    ) -> Result<(), CallError> {
        distribution::before_delegation_removed(state, &DistrStakingView, delegator, operator)
            .map_err(call_error)
    }

    fn after_validator_removed(
        &self,
        state: &mut dyn StateWrite,
        operator: &Address,
    ) -> Result<(), CallError> {
        distribution::on_validator_removed(state, operator).map_err(call_error)
    }

    fn after_validator_bonded(
        &self,
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        _operator: &Address,
    ) -> Result<(), CallError> {
        slashing::after_validator_bonded(&mut &mut *state, cons, self.ctx.height)
            .map_err(call_error)
    }
}

/// Distribution's view of staking.
#[derive(Debug, Clone, Copy)]
pub struct DistrStakingView;

fn distr_view(v: staking::Validator) -> distribution::ValidatorView {
    distribution::ValidatorView {
        operator: v.operator,
        commission_rate: v.commission.rates().rate,
        tokens: v.tokens,
        delegator_shares: v.delegator_shares,
    }
}

impl distribution::StakingKeeper for DistrStakingView {
    fn validator(
        &self,
        state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<distribution::ValidatorView>, CallError> {
        Ok(state
            .validator(operator)
            .map_err(call_error)?
            .map(distr_view))
    }

    fn validator_by_consensus_address(
        &self,
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<distribution::ValidatorView>, CallError> {
        Ok(state
            .validator_by_consensus_address(cons)
            .map_err(call_error)?
            .map(distr_view))
    }

    fn delegation_shares(
        &self,
        state: &dyn StateRead,
        delegator: &Address,
        operator: &Address,
    ) -> Result<Option<u128>, CallError> {
        Ok(state
            .delegation(delegator, operator)
            .map_err(call_error)?
            .map(|d| d.shares))
    }

    fn delegator_validators(
        &self,
        state: &dyn StateRead,
        delegator: &Address,
        limit: usize,
    ) -> Result<Vec<Address>, CallError> {
        Ok(state
            .delegations_of_delegator(delegator, limit)
            .map_err(call_error)?
            .into_iter()
            .map(|d| d.validator)
            .collect())
    }
}

/// Slashing's view of staking, for one block.
#[derive(Debug, Clone, Copy)]
pub struct SlashingStakingView<'a> {
    pub ctx: &'a BlockCtx,
}

fn slashing_view(v: staking::Validator) -> slashing::ValidatorView {
    slashing::ValidatorView {
        operator: v.operator,
        consensus_address: v.consensus_address(),
        jailed: v.jailed,
        bonded: v.is_bonded(),
        tokens: v.tokens,
    }
}

impl slashing::StakingKeeper for SlashingStakingView<'_> {
    fn validator_by_consensus_address(
        &self,
        state: &dyn StateRead,
        cons: &ConsAddress,
    ) -> Result<Option<slashing::ValidatorView>, CallError> {
        Ok(state
            .validator_by_consensus_address(cons)
            .map_err(call_error)?
            .map(slashing_view))
    }

    fn validator(
        &self,
        state: &dyn StateRead,
        operator: &Address,
    ) -> Result<Option<slashing::ValidatorView>, CallError> {
        Ok(state
            .validator(operator)
            .map_err(call_error)?
            .map(slashing_view))
    }

    fn slash(
        &self,
        state: &mut dyn StateWrite,
        cons: &ConsAddress,
        infraction_height: u64,
        power: i64,
        fraction: Dec,
    ) -> Result<(), CallError> {
        let hooks = AppStakingHooks { ctx: self.ctx };
        staking::slash(
            &mut &mut *state,
            &hooks,
            cons,
            infraction_height,
            power,
            fraction,
            self.ctx,
        )
        .map(|_| ())
        .map_err(call_error)
    }

    fn jail(&self, state: &mut dyn StateWrite, cons: &ConsAddress) -> Result<(), CallError> {
        staking::jail(&mut &mut *state, cons).map_err(call_error)
    }

    fn unjail(&self, state: &mut dyn StateWrite, operator: &Address) -> Result<(), CallError> {
        staking::unjail(&mut &mut *state, operator, self.ctx).map_err(call_error)
    }
}

/// Runs the messages of passed proposals with the gov module account as their signer.
#[derive(Debug, Clone, Copy)]
pub struct GovExecutor;

/// A proposal may carry only the messages whose routes say so (`#[proposal]` in
/// [`crate::modules`]): those whose authority is the gov module account. Anything else signed
/// by the gov account would spend the deposit escrow (a send, a delegation, a community pool
/// funding) or let governance vote on itself.
impl openledger_gov::ProposalExecutor for GovExecutor {
    fn validate(&self, messages: &[Any]) -> Result<(), CallError> {
        let gov = openledger_gov::gov_address();
        for any in messages {
            let msg = Msg::from_any(any).map_err(|e| {
                call_error(openledger_gov::GovError::UnroutableProposalMsg(
                    e.log.clone(),
                ))
            })?;
            if !msg.proposal_allowed() {
                return Err(call_error(openledger_gov::GovError::InvalidProposalMsg(
                    format!("{} cannot be executed by a proposal", any.type_url),
                )));
            }
            if msg.signers() != [gov] {
                return Err(call_error(openledger_gov::GovError::InvalidSigner(
                    format!(
                        "{}: expected gov account {gov} as the only signer",
                        any.type_url
                    ),
                )));
            }
        }
        Ok(())
    }

    fn execute(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
        messages: &[Any],
    ) -> Result<(), CallError> {
        self.validate(messages)?;
        let gov = [openledger_gov::gov_address()];
        let mut fork = StateDelta::new(&*state);
        for (i, any) in messages.iter().enumerate() {
            let msg = Msg::from_any(any).map_err(|e| CallError::new(e.codespace, e.code, e.log))?;
            let mctx = MsgCtx {
                block: ctx,
                signers: &gov,
                msg_index: i,
            };
            msg.execute(&mut fork, &mctx)
                .map_err(|e| CallError::new(e.codespace, e.code, e.log))?;
        }
        let changes = fork.into_changes();
        changes.apply_to(state)?;
        Ok(())
    }

    /// A model's approval must be its creator's own proposal carrying that message alone; the
    /// proposal id is recorded on the model.
    fn on_submitted(
        &self,
        state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
        proposal_id: u64,
        proposer: &Address,
        messages: &[Any],
    ) -> Result<(), CallError> {
        openledger_models::on_approval_submitted(
            state,
            &GovProposalsView,
            proposal_id,
            proposer,
            messages,
        )
        .map_err(call_error)
    }

    /// A rejected vote on a model's recorded approval proposal rejects the model; its bond
    /// follows the deposits. Any other proposal leaves the model alone.
    fn on_rejected(
        &self,
        state: &mut dyn StateWrite,
        ctx: &BlockCtx,
        proposal_id: u64,
        messages: &[Any],
        deposits_burned: bool,
    ) -> Result<(), CallError> {
        for any in messages {
            if let Some(id) = openledger_models::approval_target(any) {
                openledger_models::on_approval_failed(state, ctx, id, proposal_id, deposits_burned)
                    .map_err(call_error)?;
            }
        }
        Ok(())
    }
}

/// The models module's view of gov proposals (the phase of a model's approval proposal).
#[derive(Debug, Clone, Copy)]
pub struct GovProposalsView;

impl openledger_models::GovProposalsKeeper for GovProposalsView {
    fn proposal_phase(
        &self,
        state: &dyn StateRead,
        proposal_id: u64,
    ) -> Result<openledger_models::ProposalPhase, CallError> {
        use openledger_gov::{GovRead, ProposalStatus};
        use openledger_models::ProposalPhase;
        let proposal = state.proposal(proposal_id).map_err(call_error)?;
        Ok(match proposal.map(|p| p.status) {
            Some(ProposalStatus::DepositPeriod) => ProposalPhase::Deposit,
            Some(ProposalStatus::VotingPeriod) => ProposalPhase::Voting,
            _ => ProposalPhase::Closed,
        })
    }
}

/// The models module's view of datanet versions.
#[derive(Debug, Clone, Copy)]
pub struct DatanetsView;

impl openledger_models::DatanetsKeeper for DatanetsView {
    fn version(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<openledger_models::DatanetVersionView>, CallError> {
        use openledger_datanets::DatanetsRead;
        let v = state.version(datanet_id, number).map_err(call_error)?;
        Ok(v.map(|v| openledger_models::DatanetVersionView {
            datanet_id: v.datanet_id,
            number: v.number,
            root: v.root,
            contribution_count: v.contribution_count,
            total_bytes: v.total_bytes,
        }))
    }
}

/// The models module's view of feedback rounds (the deploy gate).
#[derive(Debug, Clone, Copy)]
pub struct FeedbackView;

impl openledger_models::FeedbackKeeper for FeedbackView {
    fn has_settled_round(
        &self,
        state: &dyn StateRead,
        model_id: u64,
        version: u64,
    ) -> Result<bool, CallError> {
        use openledger_feedback::FeedbackRead;
        state
            .has_settled_round(model_id, version)
            .map_err(call_error)
    }
}

/// The attribution module's view of models, datanets and distribution.
#[derive(Debug, Clone, Copy)]
pub struct AttributionKeepers;

impl AttributionKeepers {
    pub fn keepers(&self) -> attribution::Keepers<'static> {
        attribution::Keepers {
            models: &AttributionKeepers,
            datanets: &AttributionKeepers,
            distribution: &AttributionKeepers,
        }
    }
}

impl attribution::ModelsKeeper for AttributionKeepers {
    fn model(
        &self,
        state: &dyn StateRead,
        id: u64,
    ) -> Result<Option<attribution::ModelView>, CallError> {
        use openledger_models::ModelsRead;
        let m = state.model(id).map_err(call_error)?;
        Ok(m.map(|m| attribution::ModelView {
            id: m.id,
            creator: m.creator,
            deployed: m.stage == openledger_models::Stage::Deployed,
            latest_version: m.latest_version,
        }))
    }

    fn version_datanets(
        &self,
        state: &dyn StateRead,
        id: u64,
        number: u64,
    ) -> Result<Option<Vec<(u64, u64)>>, CallError> {
        use openledger_models::ModelsRead;
        let v = state.model_version(id, number).map_err(call_error)?;
        Ok(v.map(|v| {
            v.datanet_versions
                .iter()
                .map(|r| (r.datanet_id, r.version))
                .collect()
        }))
    }

    fn pricing_at(
        &self,
        state: &dyn StateRead,
        id: u64,
        height: u64,
    ) -> Result<Option<(u128, u128)>, CallError> {
        use openledger_models::ModelsRead;
        let p = state.pricing_at(id, height).map_err(call_error)?;
        Ok(p.map(|p| (p.rate_in_per_1000, p.rate_out_per_1000)))
    }
}

impl attribution::DatanetsKeeper for AttributionKeepers {
    /// The stored contribution's fields the view needs, straight from its generated protobuf
    /// form (the rest of the record is not converted into the domain type) with the contributor
    /// parsed through the address cache: settling an inference reads one contribution per
    /// entry.
    fn contribution(
        &self,
        state: &dyn StateRead,
        id: u64,
    ) -> Result<Option<attribution::ContributionView>, CallError> {
        use openledger_datanets::proto::ContributionStatus;
        use openledger_framework::StateReadExt;
        let key = openledger_datanets::state_key::contribution(id);
        let Some(c) = state.get_proto::<openledger_datanets::proto::Contribution>(&key)? else {
            return Ok(None);
        };
        let contributor = attribution::addr_cache::parse(&c.contributor).map_err(|e| {
            CallError::from(openledger_framework::StateError::decode(
                &key,
                format!("contributor: {e}"),
            ))
        })?;
        Ok(Some(attribution::ContributionView {
            id: c.id,
            datanet_id: c.datanet_id,
            contributor,
            approved: c.status == ContributionStatus::Approved as i32,
            approval_seq: c.approval_seq,
        }))
    }

    fn version_contribution_count(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        number: u64,
    ) -> Result<Option<u64>, CallError> {
        use openledger_datanets::DatanetsRead;
        let v = state.version(datanet_id, number).map_err(call_error)?;
        Ok(v.map(|v| v.contribution_count))
    }

    fn reward_multiplier(
        &self,
        state: &dyn StateRead,
        datanet_id: u64,
        contributor: &Address,
    ) -> Result<Dec, CallError> {
        use openledger_datanets::DatanetsRead;
        let s = state
            .contributor_standing(datanet_id, contributor)
            .map_err(call_error)?;
        Ok(s.reward_multiplier)
    }

    /// The datanets params are read once for all the pairs.
    fn reward_multipliers(
        &self,
        state: &dyn StateRead,
        pairs: &[(u64, Address)],
    ) -> Result<Vec<Dec>, CallError> {
        use openledger_datanets::DatanetsRead;
        let memo = OneKeyMemo::new(state, openledger_datanets::state_key::params());
        pairs
            .iter()
            .map(|(datanet_id, contributor)| {
                Ok(memo
                    .contributor_standing(*datanet_id, contributor)
                    .map_err(call_error)?
                    .reward_multiplier)
            })
            .collect()
    }
}

/// A read view that reads one key from its base at most once (later reads of that key get
/// the same value; nothing is written through it).
struct OneKeyMemo<'a> {
    base: &'a dyn StateRead,
    key: Vec<u8>,
    value: std::cell::OnceCell<Option<Vec<u8>>>,
}

impl<'a> OneKeyMemo<'a> {
    fn new(base: &'a dyn StateRead, key: Vec<u8>) -> Self {
        OneKeyMemo {
            base,
            key,
            value: std::cell::OnceCell::new(),
        }
    }
}

impl StateRead for OneKeyMemo<'_> {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, openledger_framework::StateError> {
        if key != self.key.as_slice() {
            return self.base.get_raw(key);
        }
        if let Some(v) = self.value.get() {
            return Ok(v.clone());
        }
        let v = self.base.get_raw(key)?;
        Ok(self.value.get_or_init(|| v).clone())
    }

    fn prefix_raw<'b>(
        &'b self,
        prefix: &[u8],
        start: Option<&[u8]>,
    ) -> openledger_framework::KvIter<'b> {
        self.base.prefix_raw(prefix, start)
    }

    fn nonverifiable_get_raw(
        &self,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, openledger_framework::StateError> {
        self.base.nonverifiable_get_raw(key)
    }
}

/// `amount` aopen as coins (none for 0).
fn aopen(amount: u128) -> Result<Coins, CallError> {
    if amount == 0 {
        return Ok(Coins::default());
    }
    Coins::single(BASE_DENOM, amount)
        .map_err(|e| CallError::new(sdk::CODESPACE, sdk::INVALID_COINS, e.to_string()))
}

impl attribution::DistributionKeeper for AttributionKeepers {
    fn fund_rewards(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        let coins = aopen(amount)?;
        distribution::fund_rewards(&mut &mut *state, from, &coins).map_err(call_error)
    }

    fn fund_community_pool(
        &self,
        state: &mut dyn StateWrite,
        from: &Address,
        amount: u128,
    ) -> Result<(), CallError> {
        let coins = aopen(amount)?;
        distribution::fund_community_pool(&mut &mut *state, from, &coins).map_err(call_error)
    }
}
