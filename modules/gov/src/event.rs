//! Events. Proposal events keep the Cosmos SDK x/gov names and attributes so explorers and
//! clients work; gOPEN events are typed: the kind is the full proto name of the event message
//! and the attributes are its fields as JSON values, sorted by key.

use openledger_framework::{Address, Coins, Event};
use prost::Name;

use crate::proposal::WeightedVoteOption;
use crate::proto;
use openledger_framework::time::Time;

pub const SUBMIT_PROPOSAL: &str = "submit_proposal";
pub const PROPOSAL_DEPOSIT: &str = "proposal_deposit";
pub const PROPOSAL_VOTE: &str = "proposal_vote";
pub const INACTIVE_PROPOSAL: &str = "inactive_proposal";
pub const ACTIVE_PROPOSAL: &str = "active_proposal";

pub const RESULT_DROPPED: &str = "proposal_dropped";
pub const RESULT_PASSED: &str = "proposal_passed";
pub const RESULT_REJECTED: &str = "proposal_rejected";
pub const RESULT_FAILED: &str = "proposal_failed";

pub fn submit_proposal(id: u64, proposer: &Address, type_urls: &[String]) -> Event {
    // The SDK builds the list as ",url1,url2" (each URL prefixed with a comma).
    let msgs: String = type_urls.iter().map(|u| format!(",{u}")).collect();
    Event::new(SUBMIT_PROPOSAL)
        .attr("proposal_id", id.to_string())
        .attr("proposal_proposer", proposer.to_string())
        .attr("proposal_messages", msgs)
}

pub fn voting_period_start(kind: &str, id: u64) -> Event {
    Event::new(kind).attr("voting_period_start", id.to_string())
}

pub fn proposal_deposit(id: u64, depositor: &Address, amount: &Coins) -> Event {
    Event::new(PROPOSAL_DEPOSIT)
        .attr("depositor", depositor.to_string())
        .attr("amount", amount.to_string())
        .attr("proposal_id", id.to_string())
}

pub fn proposal_vote(id: u64, voter: &Address, options: &[WeightedVoteOption]) -> Event {
    let text: Vec<String> = options.iter().map(|o| o.to_string()).collect();
    Event::new(PROPOSAL_VOTE)
        .attr("voter", voter.to_string())
        .attr("option", text.join("\n"))
        .attr("proposal_id", id.to_string())
}

pub fn inactive_proposal(id: u64) -> Event {
    Event::new(INACTIVE_PROPOSAL)
        .attr("proposal_id", id.to_string())
        .attr("proposal_result", RESULT_DROPPED)
}

pub fn active_proposal(id: u64, result: &str, log: &str) -> Event {
    Event::new(ACTIVE_PROPOSAL)
        .attr("proposal_id", id.to_string())
        .attr("proposal_result", result)
        .attr("proposal_log", log)
}

fn typed<T: Name>(attrs: Vec<(&str, serde_json::Value)>) -> Event {
    let mut attrs = attrs;
    attrs.sort_by(|a, b| a.0.cmp(b.0));
    attrs
        .into_iter()
        .fold(Event::new(T::full_name()), |e, (k, v)| {
            e.attr(k, v.to_string())
        })
}

pub fn lock(owner: &Address, amount: u128, delegatee: &Address) -> Event {
    typed::<proto::EventLock>(vec![
        ("owner", owner.to_string().into()),
        ("amount", amount.to_string().into()),
        ("delegatee", delegatee.to_string().into()),
    ])
}

pub fn delegate_votes(owner: &Address, previous: &Address, next: &Address, amount: u128) -> Event {
    typed::<proto::EventDelegateVotes>(vec![
        ("owner", owner.to_string().into()),
        ("previous_delegatee", previous.to_string().into()),
        ("delegatee", next.to_string().into()),
        ("amount", amount.to_string().into()),
    ])
}

pub fn begin_unlock(owner: &Address, amount: u128, completion: Time) -> Event {
    typed::<proto::EventBeginUnlock>(vec![
        ("owner", owner.to_string().into()),
        ("amount", amount.to_string().into()),
        ("completion_time", completion.to_string().into()),
    ])
}

pub fn unlock_completed(owner: &Address, amount: u128) -> Event {
    typed::<proto::EventUnlockCompleted>(vec![
        ("owner", owner.to_string().into()),
        ("amount", amount.to_string().into()),
    ])
}
