use openledger_framework::math::DEC_ONE_ATOMICS;
use openledger_framework::{mul_div_floor, Coin, Coins, MsgCtx, StateWrite};

use crate::error::GovError;
use crate::event;
use crate::executor::ProposalExecutor;
use crate::handler::{add_deposit, check_deposit_denoms};
use crate::msg::MsgSubmitProposal;
use crate::params::Params;
use crate::proposal::{Proposal, ProposalStatus, TallyResult};
use crate::state::{self, GovRead};
use openledger_framework::time::Time;

/// `MsgSubmitProposal` (SDK v0.50 order of checks): content limits, the messages through the
/// executor, the initial deposit ratio and denoms; the executor's `on_submitted` hook (which
/// may refuse, e.g. a model approval bundled with other messages or proposed by someone other
/// than the model's creator); then the proposal enters its deposit period and the initial
/// deposit is added. Returns the new proposal id.
pub fn execute<S: StateWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgSubmitProposal,
    executor: &dyn ProposalExecutor,
) -> Result<u64, GovError> {
    if !ctx.is_signer(&msg.proposer) {
        return Err(GovError::Unauthorized(msg.proposer.to_string()));
    }
    let params = state.gov_params()?;
    check_content(&params, msg)?;
    executor.validate(&msg.messages)?;
    check_initial_deposit(&params, &msg.initial_deposit)?;
    check_deposit_denoms(&params, &msg.initial_deposit)?;

    let id = state.next_proposal_id()?;
    let next = id.checked_add(1).ok_or(GovError::Overflow)?;
    state::set_next_proposal_id(state, next)?;
    executor.on_submitted(state, ctx.block, id, &msg.proposer, &msg.messages)?;
    let now = Time::from_block(ctx.block);
    let deposit_end = now
        .checked_add_secs(params.max_deposit_period_secs)
        .ok_or_else(|| GovError::InvalidRequest("deposit end time out of range".into()))?;
    let mut proposal = Proposal {
        id,
        messages: msg.messages.clone(),
        status: ProposalStatus::DepositPeriod,
        final_tally_result: TallyResult::default(),
        submit_time: now,
        deposit_end_time: deposit_end,
        total_deposit: Coins::default(),
        voting_start_time: None,
        voting_end_time: None,
        metadata: msg.metadata.clone(),
        title: msg.title.clone(),
        summary: msg.summary.clone(),
        proposer: msg.proposer,
        failed_reason: String::new(),
    };
    state::set_proposal(state, &proposal)?;
    state::enqueue(state, &proposal)?;
    let urls: Vec<String> = msg.messages.iter().map(|m| m.type_url.clone()).collect();
    state.record(event::submit_proposal(id, &msg.proposer, &urls));

    if !msg.initial_deposit.is_empty()
        && add_deposit(
            state,
            now,
            &mut proposal,
            &msg.proposer,
            &msg.initial_deposit,
            &params,
        )?
    {
        state.record(event::voting_period_start(event::SUBMIT_PROPOSAL, id));
    }
    Ok(id)
}

fn check_content(params: &Params, msg: &MsgSubmitProposal) -> Result<(), GovError> {
    if msg.title.is_empty() {
        return Err(GovError::InvalidProposalContent(
            "proposal title cannot be empty".into(),
        ));
    }
    if msg.summary.is_empty() {
        return Err(GovError::InvalidProposalContent(
            "proposal summary cannot be empty".into(),
        ));
    }
    if msg.messages.is_empty() && msg.metadata.is_empty() {
        return Err(GovError::NoProposalMsgs);
    }
    if msg.messages.len() > usize::try_from(params.max_messages).unwrap_or(usize::MAX) {
        return Err(GovError::TooManyMessages {
            len: msg.messages.len(),
            max: params.max_messages,
        });
    }
    let too_long = |s: &str, max: u64| u64::try_from(s.len()).map_or(true, |l| l > max);
    if too_long(&msg.metadata, params.max_metadata_len) {
        return Err(GovError::MetadataTooLong {
            len: msg.metadata.len(),
            max: params.max_metadata_len,
        });
    }
    if too_long(&msg.title, params.max_title_len) {
        return Err(GovError::TitleTooLong {
            len: msg.title.len(),
            max: params.max_title_len,
        });
    }
    if too_long(&msg.summary, params.max_summary_len) {
        return Err(GovError::SummaryTooLong {
            len: msg.summary.len(),
            max: params.max_summary_len,
        });
    }
    check_metadata_matches(msg)
}

/// As the SDK: if the metadata is a JSON object in the recommended proposal-metadata shape,
/// its title and summary must equal the proposal's. Other metadata (a URL, a hash) is free.
fn check_metadata_matches(msg: &MsgSubmitProposal) -> Result<(), GovError> {
    let Ok(serde_json::Value::Object(obj)) =
        serde_json::from_str::<serde_json::Value>(&msg.metadata)
    else {
        return Ok(());
    };
    let field = |name: &str| -> Option<String> {
        match obj.get(name) {
            None | Some(serde_json::Value::Null) => Some(String::new()),
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            // A field of another type: not the recommended shape, nothing to compare.
            Some(_) => None,
        }
    };
    let (Some(title), Some(summary)) = (field("title"), field("summary")) else {
        return Ok(());
    };
    if title != msg.title {
        return Err(GovError::InvalidProposalContent(format!(
            "metadata title '{title}' must equal proposal title '{}'",
            msg.title
        )));
    }
    if summary != msg.summary {
        return Err(GovError::InvalidProposalContent(format!(
            "metadata summary '{summary}' must equal proposal summary '{}'",
            msg.summary
        )));
    }
    Ok(())
}

/// `amount × ratio` rounded half up (the SDK rounds `LegacyDec`s to the nearest integer).
fn mul_round(amount: u128, ratio_atomics: u128) -> Option<u128> {
    let floor = mul_div_floor(amount, ratio_atomics, DEC_ONE_ATOMICS)?;
    // floor(2x) is 2·floor(x) + 1 exactly when the fraction of x is at least one half.
    let twice = mul_div_floor(amount, ratio_atomics.checked_mul(2)?, DEC_ONE_ATOMICS)?;
    if twice > floor.checked_mul(2)? {
        floor.checked_add(1)
    } else {
        Some(floor)
    }
}

/// The initial deposit must reach `min_initial_deposit_ratio` of every `min_deposit` coin.
fn check_initial_deposit(params: &Params, initial: &Coins) -> Result<(), GovError> {
    let ratio = params.min_initial_deposit_ratio;
    if ratio.is_zero() {
        return Ok(());
    }
    let mut need = Vec::new();
    for c in params.min_deposit.iter() {
        let amount = mul_round(c.amount, ratio.atomics()).ok_or(GovError::Overflow)?;
        need.push(Coin::new(c.denom.clone(), amount));
    }
    if need.iter().any(|c| initial.amount_of(&c.denom) < c.amount) {
        let need: Vec<String> = need.iter().map(|c| c.to_string()).collect();
        return Err(GovError::MinDepositTooSmall {
            was: initial.to_string(),
            need: need.join(","),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_rounds_half_up() {
        let half = DEC_ONE_ATOMICS / 2;
        assert_eq!(mul_round(3, half), Some(2)); // 1.5 -> 2
        assert_eq!(mul_round(5, DEC_ONE_ATOMICS / 10), Some(1)); // 0.5 -> 1
        assert_eq!(mul_round(4, DEC_ONE_ATOMICS / 10), Some(0)); // 0.4 -> 0
        assert_eq!(mul_round(10, DEC_ONE_ATOMICS), Some(10));
    }
}
