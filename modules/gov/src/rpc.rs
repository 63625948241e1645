//! Query functions behind `cosmos.gov.v1.Query` and `openledger.gov.v1.Query`. One plain
//! function per RPC; the gRPC service and the ABCI query gateway are thin adapters over these.
//!
//! Pagination: `pagination.key` is the `next_key` of the previous page, `limit` defaults to 100
//! and is capped at 1000; `offset`, `count_total` and `reverse` are ignored.

use cosmos_sdk_proto::cosmos::base::query::v1beta1::{PageRequest, PageResponse};
use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_framework::{Address, StateError, StateRead};

use crate::error::GovError;
use crate::proposal::{Proposal, ProposalStatus};
use crate::proto;
use crate::state::{self, GovRead};
use crate::state_key;
use crate::tally::Tally;

pub use openledger_framework::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
/// Proposals examined by one `Proposals` call with filters; a page may end early (with a
/// `next_key`) when the filters match few proposals.
pub const MAX_PROPOSALS_SCANNED: usize = 10_000;
/// Votes one live `TallyResult` query reads; a proposal with more votes is refused (its final
/// tally is in the proposal once voting ends).
pub const MAX_TALLY_VOTES: usize = 10_000;

fn page_limit(p: Option<&PageRequest>) -> usize {
    openledger_framework::query::page_limit(p.map_or(0, |p| p.limit))
}

fn page_key(p: Option<&PageRequest>) -> Option<&[u8]> {
    p.map(|p| p.key.as_slice()).filter(|k| !k.is_empty())
}

fn parse_addr(s: &str, what: &str) -> Result<Address, GovError> {
    if s.is_empty() {
        return Err(GovError::InvalidRequest(format!("empty {what} address")));
    }
    Ok(s.parse::<Address>()?)
}

fn proposal_id(id: u64) -> Result<u64, GovError> {
    if id == 0 {
        return Err(GovError::InvalidRequest("proposal id can not be 0".into()));
    }
    Ok(id)
}

fn decode<T: prost::Message + Default>(k: &[u8], v: &[u8]) -> Result<T, GovError> {
    Ok(T::decode(v).map_err(|e| StateError::decode(k, e))?)
}

/// `Query/Constitution`: OpenLedger has none.
pub fn query_constitution<S: StateRead>(
    _state: &S,
    _req: &pb::QueryConstitutionRequest,
) -> Result<pb::QueryConstitutionResponse, GovError> {
    Ok(pb::QueryConstitutionResponse {
        constitution: String::new(),
    })
}

/// `Query/Params`: `params` plus the deprecated per-type objects; `params_type` is ignored.
// The deprecated objects are filled on purpose: older clients still read them.
#[allow(deprecated)]
pub fn query_params<S: StateRead>(
    state: &S,
    _req: &pb::QueryParamsRequest,
) -> Result<pb::QueryParamsResponse, GovError> {
    let p = state.gov_params()?.to_proto();
    Ok(pb::QueryParamsResponse {
        voting_params: Some(pb::VotingParams {
            voting_period: p.voting_period,
        }),
        deposit_params: Some(pb::DepositParams {
            min_deposit: p.min_deposit.clone(),
            max_deposit_period: p.max_deposit_period,
        }),
        tally_params: Some(pb::TallyParams {
            quorum: p.quorum.clone(),
            threshold: p.threshold.clone(),
            veto_threshold: p.veto_threshold.clone(),
        }),
        params: Some(p),
    })
}

pub fn query_proposal<S: StateRead>(
    state: &S,
    req: &pb::QueryProposalRequest,
) -> Result<pb::QueryProposalResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let p = state.proposal(id)?.ok_or(GovError::UnknownProposal(id))?;
    Ok(pb::QueryProposalResponse {
        proposal: Some(p.to_proto()),
    })
}

/// `Query/Proposals` by id, filtered by status (0 = any), voter and depositor (a vote or deposit
/// still stored: votes are removed when tallied and deposits when refunded or burned).
pub fn query_proposals<S: StateRead>(
    state: &S,
    req: &pb::QueryProposalsRequest,
) -> Result<pb::QueryProposalsResponse, GovError> {
    let status = match req.proposal_status {
        0 => None,
        s => Some(
            ProposalStatus::from_proto(s)
                .ok_or_else(|| GovError::InvalidRequest(format!("proposal status {s}")))?,
        ),
    };
    let voter = (!req.voter.is_empty())
        .then(|| parse_addr(&req.voter, "voter"))
        .transpose()?;
    let depositor = (!req.depositor.is_empty())
        .then(|| parse_addr(&req.depositor, "depositor"))
        .transpose()?;
    let limit = page_limit(req.pagination.as_ref());
    let prefix = state_key::proposals_prefix();
    let start = page_key(req.pagination.as_ref()).map(|k| [prefix.as_slice(), k].concat());
    let mut proposals = Vec::new();
    let mut next_key = Vec::new();
    for (scanned, item) in state.prefix_raw(&prefix, start.as_deref()).enumerate() {
        let (k, v) = item?;
        let id_bytes = k.get(prefix.len()..).unwrap_or_default().to_vec();
        if scanned >= MAX_PROPOSALS_SCANNED || proposals.len() == limit {
            next_key = id_bytes;
            break;
        }
        let p = Proposal::from_proto(&decode::<pb::Proposal>(&k, &v)?)?;
        if status.is_some_and(|s| s != p.status) {
            continue;
        }
        if let Some(voter) = &voter {
            if state.vote(p.id, voter)?.is_none() {
                continue;
            }
        }
        if let Some(depositor) = &depositor {
            if state.deposit(p.id, depositor)?.is_none() {
                continue;
            }
        }
        proposals.push(p.to_proto());
    }
    Ok(pb::QueryProposalsResponse {
        proposals,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_vote<S: StateRead>(
    state: &S,
    req: &pb::QueryVoteRequest,
) -> Result<pb::QueryVoteResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let voter = parse_addr(&req.voter, "voter")?;
    let vote = state.vote(id, &voter)?.ok_or_else(|| {
        GovError::NotFound(format!("voter: {voter} not found for proposal: {id}"))
    })?;
    Ok(pb::QueryVoteResponse {
        vote: Some(vote.to_proto()),
    })
}

/// Up to `limit` records under `prefix` from the page key (an address), with the next key.
fn page_by_addr<S: StateRead>(
    state: &S,
    prefix: &[u8],
    page: Option<&PageRequest>,
) -> Result<(state::KvList, Vec<u8>), GovError> {
    let limit = page_limit(page);
    let start = page_key(page).map(|k| [prefix, k].concat());
    let mut items = state::scan(state, prefix, start.as_deref(), limit.saturating_add(1))?;
    let next_key = if items.len() > limit {
        items
            .pop()
            .and_then(|(k, _)| k.get(prefix.len()..).map(<[u8]>::to_vec))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok((items, next_key))
}

pub fn query_votes<S: StateRead>(
    state: &S,
    req: &pb::QueryVotesRequest,
) -> Result<pb::QueryVotesResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let (items, next_key) = page_by_addr(state, &state_key::votes_of(id), req.pagination.as_ref())?;
    let votes = items
        .iter()
        .map(|(k, v)| decode::<pb::Vote>(k, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(pb::QueryVotesResponse {
        votes,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

pub fn query_deposit<S: StateRead>(
    state: &S,
    req: &pb::QueryDepositRequest,
) -> Result<pb::QueryDepositResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let depositor = parse_addr(&req.depositor, "depositor")?;
    let d = state.deposit(id, &depositor)?.ok_or_else(|| {
        GovError::NotFound(format!(
            "depositor: {depositor} not found for proposal: {id}"
        ))
    })?;
    Ok(pb::QueryDepositResponse {
        deposit: Some(d.to_proto()),
    })
}

pub fn query_deposits<S: StateRead>(
    state: &S,
    req: &pb::QueryDepositsRequest,
) -> Result<pb::QueryDepositsResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let (items, next_key) =
        page_by_addr(state, &state_key::deposits_of(id), req.pagination.as_ref())?;
    let deposits = items
        .iter()
        .map(|(k, v)| decode::<pb::Deposit>(k, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(pb::QueryDepositsResponse {
        deposits,
        pagination: Some(PageResponse { next_key, total: 0 }),
    })
}

/// `Query/TallyResult`: the live tally (current gOPEN power of each voter) during the voting
/// period, zero during the deposit period, the final tally afterwards.
pub fn query_tally_result<S: StateRead>(
    state: &S,
    req: &pb::QueryTallyResultRequest,
) -> Result<pb::QueryTallyResultResponse, GovError> {
    let id = proposal_id(req.proposal_id)?;
    let p = state.proposal(id)?.ok_or(GovError::UnknownProposal(id))?;
    let result = match p.status {
        ProposalStatus::DepositPeriod => Default::default(),
        ProposalStatus::VotingPeriod => {
            let mut tally = Tally::default();
            let votes = state.prefix_raw(&state_key::votes_of(id), None);
            for (read, item) in votes.enumerate() {
                if read >= MAX_TALLY_VOTES {
                    return Err(GovError::InvalidRequest(format!(
                        "proposal {id} has more than {MAX_TALLY_VOTES} votes: no live tally \
                         (the final tally is in the proposal when voting ends)"
                    )));
                }
                let (k, v) = item?;
                let vote = crate::proposal::Vote::from_proto(&decode::<pb::Vote>(&k, &v)?)?;
                tally.add(state.voting_power(&vote.voter)?, &vote.options)?;
            }
            tally.result
        }
        _ => p.final_tally_result,
    };
    Ok(pb::QueryTallyResultResponse {
        tally: Some(result.to_proto()),
    })
}

/// `openledger.gov.v1.Query/GovernancePower`.
pub fn query_governance_power<S: StateRead>(
    state: &S,
    req: &proto::QueryGovernancePowerRequest,
) -> Result<proto::QueryGovernancePowerResponse, GovError> {
    let addr = parse_addr(&req.address, "")?;
    let lock = state.gopen_lock(&addr)?;
    let unlocking = state::unlockings_of(state, &addr, 100)?
        .into_iter()
        .map(|(t, amount)| proto::UnlockEntry {
            amount: amount.to_string(),
            completion_time: Some(t.to_proto()),
        })
        .collect();
    Ok(proto::QueryGovernancePowerResponse {
        locked: lock.locked.to_string(),
        delegatee: lock.delegatee.to_string(),
        voting_power: state.voting_power(&addr)?.to_string(),
        unlocking,
    })
}

/// `openledger.gov.v1.Query/TotalPower`.
pub fn query_total_power<S: StateRead>(
    state: &S,
    _req: &proto::QueryTotalPowerRequest,
) -> Result<proto::QueryTotalPowerResponse, GovError> {
    Ok(proto::QueryTotalPowerResponse {
        total_locked: state.total_power()?.to_string(),
    })
}
