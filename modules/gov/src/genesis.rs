//! Genesis import and export: params, proposals with their deposits and votes, and gOPEN locks,
//! delegations and pending unlocks. Voting power and the time queues are derived on import.
//! Import must run after bank's: the `gov` and `gov_gopen` module balances must already equal
//! the escrowed deposits and the locked plus unlocking OPEN.

use std::collections::{BTreeMap, BTreeSet};

use cosmos_sdk_proto::cosmos::gov::v1 as pb;
use openledger_bank::BankRead;
use openledger_framework::coin::amount_string;
use openledger_framework::{Address, Coins, StateError, StateRead, StateWrite, BASE_DENOM};
use serde::{Deserialize, Serialize};

use crate::error::GovError;
use crate::params::Params;
use crate::proposal::{validate_options, Deposit, Proposal, ProposalStatus, Vote};
use crate::state::{self, gopen_address, gov_address, GovRead, LockRecord};
use crate::state_key;
use openledger_framework::time::Time;

/// An account's locked OPEN and its delegatee (absent: the owner itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisLock {
    pub owner: Address,
    #[serde(with = "amount_string")]
    pub locked: u128,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegatee: Option<Address>,
}

/// A pending unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisUnlock {
    pub owner: Address,
    #[serde(with = "amount_string")]
    pub amount: u128,
    pub completion_time: Time,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// The id of the next proposal; every listed proposal's id must be below it.
    #[serde(default = "one")]
    pub starting_proposal_id: u64,
    #[serde(default)]
    pub proposals: Vec<Proposal>,
    /// Deposits of proposals in their deposit or voting period.
    #[serde(default)]
    pub deposits: Vec<Deposit>,
    /// Votes on proposals in their voting period.
    #[serde(default)]
    pub votes: Vec<Vote>,
    #[serde(default)]
    pub locks: Vec<GenesisLock>,
    #[serde(default)]
    pub unlocking: Vec<GenesisUnlock>,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            starting_proposal_id: 1,
            proposals: Vec::new(),
            deposits: Vec::new(),
            votes: Vec::new(),
            locks: Vec::new(),
            unlocking: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> GovError {
    GovError::InvalidGenesis(m.into())
}

fn recheck(c: &Coins) -> Result<Coins, GovError> {
    Coins::new(c.clone().into_vec()).map_err(|e| invalid(e.to_string()))
}

impl GenesisState {
    /// Deposits the gov module account must hold (all open proposals' total deposits).
    pub fn escrowed_deposits(&self) -> Result<Coins, GovError> {
        let mut total = Coins::default();
        for p in self.proposals.iter().filter(|p| p.status.is_open()) {
            total = total.checked_add(&p.total_deposit)?;
        }
        Ok(total)
    }

    /// aopen the gov_gopen module account must hold (locked plus unlocking).
    pub fn gopen_escrow(&self) -> Result<u128, GovError> {
        let mut total: u128 = 0;
        for a in self
            .locks
            .iter()
            .map(|l| l.locked)
            .chain(self.unlocking.iter().map(|u| u.amount))
        {
            total = total.checked_add(a).ok_or(GovError::Overflow)?;
        }
        Ok(total)
    }

    pub fn validate(&self) -> Result<(), GovError> {
        self.params
            .validate()
            .map_err(|e| invalid(format!("params: {e}")))?;
        if self.starting_proposal_id == 0 {
            return Err(invalid("starting_proposal_id must be at least 1"));
        }
        let mut proposals: BTreeMap<u64, &Proposal> = BTreeMap::new();
        for p in &self.proposals {
            p.check().map_err(|e| invalid(e.to_string()))?;
            recheck(&p.total_deposit)?;
            if p.id >= self.starting_proposal_id {
                return Err(invalid(format!(
                    "proposal {} is not below starting_proposal_id {}",
                    p.id, self.starting_proposal_id
                )));
            }
            if proposals.insert(p.id, p).is_some() {
                return Err(invalid(format!("duplicate proposal {}", p.id)));
            }
        }
        let mut sums: BTreeMap<u64, Coins> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for d in &self.deposits {
            let amount = recheck(&d.amount)?;
            if amount.is_empty() {
                return Err(invalid(format!("empty deposit on {}", d.proposal_id)));
            }
            match proposals.get(&d.proposal_id) {
                Some(p) if p.status.is_open() => {}
                _ => {
                    return Err(invalid(format!(
                        "deposit on proposal {} that is not in its deposit or voting period",
                        d.proposal_id
                    )))
                }
            }
            if !seen.insert((d.proposal_id, d.depositor)) {
                return Err(invalid(format!(
                    "duplicate deposit of {} on {}",
                    d.depositor, d.proposal_id
                )));
            }
            let sum = sums.entry(d.proposal_id).or_default();
            *sum = sum.checked_add(&amount)?;
        }
        for p in proposals.values().filter(|p| p.status.is_open()) {
            let sum = sums.get(&p.id).cloned().unwrap_or_default();
            if sum != p.total_deposit {
                return Err(invalid(format!(
                    "proposal {} total deposit {} does not equal its deposits {}",
                    p.id, p.total_deposit, sum
                )));
            }
        }
        let mut seen = BTreeSet::new();
        for v in &self.votes {
            match proposals.get(&v.proposal_id) {
                Some(p) if p.status == ProposalStatus::VotingPeriod => {}
                _ => {
                    return Err(invalid(format!(
                        "vote on proposal {} that is not in its voting period",
                        v.proposal_id
                    )))
                }
            }
            validate_options(&v.options).map_err(|e| invalid(e.to_string()))?;
            if !seen.insert((v.proposal_id, v.voter)) {
                return Err(invalid(format!(
                    "duplicate vote of {} on {}",
                    v.voter, v.proposal_id
                )));
            }
        }
        let mut owners = BTreeSet::new();
        for l in &self.locks {
            if !owners.insert(l.owner) {
                return Err(invalid(format!("duplicate lock of {}", l.owner)));
            }
            if l.locked == 0 && l.delegatee.is_none_or(|d| d == l.owner) {
                return Err(invalid(format!("empty lock of {}", l.owner)));
            }
        }
        let mut entries = BTreeSet::new();
        for u in &self.unlocking {
            if u.amount == 0 {
                return Err(invalid(format!("zero unlock of {}", u.owner)));
            }
            if !entries.insert((u.owner, u.completion_time)) {
                return Err(invalid(format!(
                    "duplicate unlock of {} at {}",
                    u.owner, u.completion_time
                )));
            }
        }
        self.escrowed_deposits()?;
        self.gopen_escrow()?;
        Ok(())
    }

    pub fn init<S: StateWrite>(&self, state: &mut S) -> Result<(), GovError> {
        self.validate()?;
        let want = self.escrowed_deposits()?;
        let have = Coins::new(state.balances(&gov_address(), None, 1000)?)?;
        if have != want {
            return Err(invalid(format!(
                "gov module account holds {have} but the deposits add up to {want}"
            )));
        }
        let want = self.gopen_escrow()?;
        let have = state.balance(&gopen_address(), BASE_DENOM)?;
        if have != want {
            return Err(invalid(format!(
                "gov_gopen module account holds {have}aopen but locks and unlocks add up to {want}aopen"
            )));
        }
        state::set_params(state, &self.params)?;
        state::set_next_proposal_id(state, self.starting_proposal_id)?;
        for p in &self.proposals {
            state::set_proposal(state, p)?;
            state::enqueue(state, p)?;
        }
        for d in &self.deposits {
            state::set_deposit(state, d)?;
        }
        for v in &self.votes {
            state::set_vote(state, v)?;
        }
        for l in &self.locks {
            let rec = LockRecord {
                locked: l.locked,
                delegatee: l.delegatee.unwrap_or(l.owner),
            };
            state::set_lock(state, &l.owner, &rec)?;
            state::add_power(state, &rec.delegatee, rec.locked)?;
            state::add_total(state, rec.locked)?;
        }
        for u in &self.unlocking {
            state::add_unlocking(state, &u.owner, u.completion_time, u.amount)?;
        }
        Ok(())
    }

    pub fn export<S: StateRead>(state: &S) -> Result<Self, GovError> {
        let mut proposals = Vec::new();
        for item in state.prefix_raw(&state_key::proposals_prefix(), None) {
            let (k, v) = item?;
            let p: pb::Proposal =
                prost::Message::decode(v.as_slice()).map_err(|e| StateError::decode(&k, e))?;
            proposals.push(Proposal::from_proto(&p)?);
        }
        let mut deposits = Vec::new();
        for item in state.prefix_raw(&state_key::deposits_prefix(), None) {
            let (k, v) = item?;
            let d: pb::Deposit =
                prost::Message::decode(v.as_slice()).map_err(|e| StateError::decode(&k, e))?;
            deposits.push(Deposit::from_proto(&d)?);
        }
        let mut votes = Vec::new();
        for item in state.prefix_raw(&state_key::votes_prefix(), None) {
            let (k, v) = item?;
            let vote: pb::Vote =
                prost::Message::decode(v.as_slice()).map_err(|e| StateError::decode(&k, e))?;
            votes.push(Vote::from_proto(&vote)?);
        }
        let mut locks = Vec::new();
        let prefix = state_key::locks_prefix();
        for item in state.prefix_raw(&prefix, None) {
            let (k, _) = item?;
            let owner = state_key::parse_addr_suffix(&k, &prefix)
                .ok_or_else(|| StateError::decode(&k, "bad lock key"))?;
            let rec = state.gopen_lock(&owner)?;
            locks.push(GenesisLock {
                owner,
                locked: rec.locked,
                delegatee: (rec.delegatee != owner).then_some(rec.delegatee),
            });
        }
        let mut unlocking = Vec::new();
        for item in state.prefix_raw(&state_key::unlockings_prefix(), None) {
            let (k, v) = item?;
            let (owner, completion_time) = state_key::parse_unlocking_key(&k)
                .ok_or_else(|| StateError::decode(&k, "bad unlocking key"))?;
            unlocking.push(GenesisUnlock {
                owner,
                amount: state::decode_u128(&k, &v)?,
                completion_time,
            });
        }
        Ok(GenesisState {
            params: state.gov_params()?,
            starting_proposal_id: state.next_proposal_id()?,
            proposals,
            deposits,
            votes,
            locks,
            unlocking,
        })
    }
}
