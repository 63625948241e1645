//! Genesis import and export: params, the next receipt and challenge ids, totals, pending
//! amounts, operators, inference balances, grants (with their pending revocations), requested
//! withdrawals, claimable rewards, every receipt, the held data pools, every challenge and the
//! corrected receipts. The unbonding queue, the withdrawal and revocation queues, the receipt
//! indexes, the release queue, the challenge indexes and the attribution graph (influence,
//! earnings by datanet and by model, leaderboards; from the released receipts, with their
//! corrected split if any) are derived on import. Import must run after bank's: the
//! `attribution` module balance must equal what the module holds for others.

use std::collections::{BTreeMap, BTreeSet};

use openledger_bank::BankRead;
use openledger_framework::coin::amount_string;
use openledger_framework::{Address, StateRead, StateWrite, BASE_DENOM};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::AttributionError;
use crate::fee::PPM;
use crate::graph;
use crate::msg::{
    HASH_LEN, MAX_CHALLENGE_OUTPUT_BYTES, MAX_ENDPOINT_LEN, MAX_MODELS, MAX_REQUEST_ID_LEN,
};
use crate::params::{EngineParams, Params};
use crate::proto;
use crate::state::{self, attribution_address, AttributionRead, HoldRecord};
use crate::state_key;
use crate::types::{
    Challenge, ChallengeStatus, Claimable, DatanetShare, Grant, Hold, Operator, OperatorStatus,
    Pending, PendingWithdrawal, Receipt, Totals,
};

fn one() -> u64 {
    1
}

/// A user's inference balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    pub address: Address,
    #[serde(with = "amount_string")]
    pub balance: u128,
}

/// An address's rewards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisClaimable {
    pub address: Address,
    #[serde(with = "amount_string")]
    pub claimable: u128,
    #[serde(with = "amount_string")]
    pub claimed: u128,
    #[serde(with = "amount_string")]
    pub creator_earned: u128,
    #[serde(with = "amount_string")]
    pub contributor_earned: u128,
    /// Credits held in challenge windows.
    #[serde(with = "amount_string", default)]
    pub pending: u128,
}

impl GenesisClaimable {
    fn record(&self) -> Claimable {
        Claimable {
            claimable: self.claimable,
            claimed: self.claimed,
            creator_earned: self.creator_earned,
            contributor_earned: self.contributor_earned,
            pending: self.pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisState {
    #[serde(default)]
    pub params: Params,
    /// The id of the next receipt; every listed receipt's id must be below it.
    #[serde(default = "one")]
    pub next_receipt_id: u64,
    #[serde(default)]
    pub totals: Totals,
    #[serde(default)]
    pub pending: Pending,
    #[serde(default)]
    pub operators: Vec<Operator>,
    #[serde(default)]
    pub accounts: Vec<GenesisAccount>,
    #[serde(default)]
    pub grants: Vec<Grant>,
    #[serde(default)]
    pub claimables: Vec<GenesisClaimable>,
    #[serde(default)]
    pub receipts: Vec<Receipt>,
    /// Every engine parameter set the chain has used, ids 1..=n in order; the last is
    /// `params.engine`. Empty: `params.engine` becomes id 1.
    #[serde(default)]
    pub engine_params: Vec<EngineParamsEntry>,
    /// The receipts whose data pools are held (not yet released), by receipt id.
    #[serde(default)]
    pub holds: Vec<Hold>,
    /// The id of the next challenge; every listed challenge's id must be below it.
    #[serde(default = "one")]
    pub next_challenge_id: u64,
    /// Every challenge, by id.
    #[serde(default)]
    pub challenges: Vec<Challenge>,
    /// The receipts as CORRECTED challenges re-split their data pools, by id.
    #[serde(default)]
    pub corrected_receipts: Vec<Receipt>,
    /// Requested withdrawals not yet paid, by user.
    #[serde(default)]
    pub withdrawals: Vec<PendingWithdrawal>,
}

/// An engine parameter set with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineParamsEntry {
    pub id: u64,
    pub params: EngineParams,
}

impl Default for GenesisState {
    fn default() -> Self {
        GenesisState {
            params: Params::default(),
            next_receipt_id: 1,
            totals: Totals::default(),
            pending: Pending::default(),
            operators: Vec::new(),
            accounts: Vec::new(),
            grants: Vec::new(),
            claimables: Vec::new(),
            receipts: Vec::new(),
            engine_params: Vec::new(),
            holds: Vec::new(),
            next_challenge_id: 1,
            challenges: Vec::new(),
            corrected_receipts: Vec::new(),
            withdrawals: Vec::new(),
        }
    }
}

fn invalid(m: impl Into<String>) -> AttributionError {
    AttributionError::InvalidGenesis(m.into())
}

fn sum(acc: &mut u128, v: u128) -> Result<(), AttributionError> {
    *acc = acc.checked_add(v).ok_or(AttributionError::Overflow)?;
    Ok(())
}

/// The checks every stored receipt satisfies on its own: hashes, request id, weights adding
/// up to 10^6, the split identity, entry sums, and the datanet shares derived from the
/// entries.
pub(crate) fn check_receipt(r: &Receipt) -> Result<(), String> {
    if r.output_hash.len() != HASH_LEN {
        return Err("output_hash is not 32 bytes".into());
    }
    if !r.prompt_hash.is_empty() && r.prompt_hash.len() != HASH_LEN {
        return Err("prompt_hash is not empty or 32 bytes".into());
    }
    if r.request_id.is_empty()
        || r.request_id.len() > MAX_REQUEST_ID_LEN as usize
        || !crate::handler::is_printable_ascii(&r.request_id)
    {
        return Err("invalid request id".into());
    }
    if !r.evidence_hash.is_empty() && r.evidence_hash.len() != HASH_LEN {
        return Err("evidence_hash is not empty or 32 bytes".into());
    }
    // No entries: an unattributed output, whose whole data pool went to the community pool.
    let want_unattributed = if r.entries.is_empty() { r.data_pool } else { 0 };
    if r.unattributed != want_unattributed {
        return Err("unattributed must be the data pool when there are no entries, else 0".into());
    }
    if r.split_sum() != Some(r.fee) {
        return Err(
            "fee is not platform + creator + stakers + credited + withheld + unattributed + dust"
                .into(),
        );
    }
    let mut weights: u64 = 0;
    let mut credited: u128 = 0;
    let mut withheld: u128 = 0;
    let mut ids = BTreeSet::new();
    let mut shares: BTreeMap<u64, DatanetShare> = BTreeMap::new();
    let overflow = || "overflow".to_string();
    for e in &r.entries {
        if !ids.insert(e.contribution_id) {
            return Err(format!("contribution {} listed twice", e.contribution_id));
        }
        if e.weight_ppm == 0 {
            return Err(format!("contribution {} has weight 0", e.contribution_id));
        }
        weights = weights
            .checked_add(u64::from(e.weight_ppm))
            .ok_or_else(overflow)?;
        credited = credited.checked_add(e.amount).ok_or_else(overflow)?;
        withheld = withheld.checked_add(e.withheld).ok_or_else(overflow)?;
        let s = shares.entry(e.datanet_id).or_insert(DatanetShare {
            datanet_id: e.datanet_id,
            weight_ppm: 0,
            amount: 0,
        });
        s.weight_ppm = s
            .weight_ppm
            .checked_add(e.weight_ppm)
            .ok_or_else(overflow)?;
        s.amount = s.amount.checked_add(e.amount).ok_or_else(overflow)?;
    }
    if !r.entries.is_empty() && weights != u64::from(PPM) {
        return Err(format!("weights add up to {weights}, not 1000000"));
    }
    if credited != r.credited || withheld != r.withheld {
        return Err("credited or withheld differs from the sum of the entries".into());
    }
    let raw = credited.checked_add(withheld).ok_or_else(overflow)?;
    if raw > r.data_pool {
        return Err("entries earn more than the data pool".into());
    }
    if shares.into_values().collect::<Vec<_>>() != r.datanets {
        return Err("datanet shares differ from the entries".into());
    }
    Ok(())
}

/// A corrected receipt differs from its original only in the data pool's split (entries,
/// datanet shares, credited, withheld, unattributed and the entry dust), and passes the
/// receipt checks.
pub(crate) fn check_corrected(original: &Receipt, corrected: &Receipt) -> Result<(), String> {
    check_receipt(corrected)?;
    let same_rest = Receipt {
        entries: original.entries.clone(),
        datanets: original.datanets.clone(),
        credited: original.credited,
        withheld: original.withheld,
        unattributed: original.unattributed,
        dust: original.dust,
        ..corrected.clone()
    };
    if same_rest != *original || corrected.split_dust() != original.split_dust() {
        return Err("differs from its receipt outside the data pool's split".into());
    }
    Ok(())
}

/// A challenge agrees with its receipt, its corrected receipt (exactly when CORRECTED) and
/// whether the receipt is held (always while OPEN or ESCALATED).
pub(crate) fn check_challenge(
    c: &Challenge,
    receipt: &Receipt,
    corrected: Option<&Receipt>,
    held: bool,
) -> Result<(), String> {
    if c.id == 0 {
        return Err("id 0".into());
    }
    if receipt.engine_version == 0 {
        return Err("its receipt was recorded before the engine".into());
    }
    if c.output.len() > MAX_CHALLENGE_OUTPUT_BYTES as usize {
        return Err("output too large".into());
    }
    if Sha256::digest(&c.output).as_slice() != receipt.output_hash.as_slice() {
        return Err("the output's sha256 is not the receipt's output_hash".into());
    }
    if c.deadline_height < c.opened_height {
        return Err("deadline before the opening height".into());
    }
    let mut agreed: Vec<(u64, u32)> = c
        .agreed
        .iter()
        .map(|e| (e.contribution_id, e.weight_ppm))
        .collect();
    agreed.sort_unstable();
    match c.status {
        ChallengeStatus::Open | ChallengeStatus::Escalated => {
            if !held {
                return Err("unsettled but its receipt is not held".into());
            }
            if c.settled_height != 0 || !c.agreed.is_empty() || c.slashed != 0 || c.reward != 0 {
                return Err("unsettled with a settlement".into());
            }
            if corrected.is_some() {
                return Err("unsettled with a corrected receipt".into());
            }
        }
        ChallengeStatus::Upheld => {
            if agreed != receipt.weights() || corrected.is_some() {
                return Err("UPHELD with weights other than the receipt's".into());
            }
            if c.slashed != 0 || c.reward != 0 {
                return Err("UPHELD with a slash".into());
            }
        }
        ChallengeStatus::Corrected => {
            let Some(corrected) = corrected else {
                return Err("CORRECTED without a corrected receipt".into());
            };
            if agreed != corrected.weights() || agreed == receipt.weights() {
                return Err("CORRECTED with weights other than the corrected receipt's".into());
            }
            if c.reward > c.slashed {
                return Err("reward above the slash".into());
            }
        }
    }
    Ok(())
}

impl GenesisState {
    /// aopen the `attribution` module account must hold: inference balances, operator bonds,
    /// claimable rewards, the pending amounts, the held data pools and the bonds of OPEN
    /// challenges.
    pub fn escrowed(&self) -> Result<u128, AttributionError> {
        let mut total: u128 = 0;
        for a in &self.accounts {
            sum(&mut total, a.balance)?;
        }
        for o in &self.operators {
            sum(&mut total, o.bond)?;
        }
        for c in &self.claimables {
            sum(&mut total, c.claimable)?;
        }
        sum(&mut total, self.pending.stakers)?;
        sum(&mut total, self.pending.community)?;
        sum(&mut total, self.totals.held)?;
        for c in &self.challenges {
            if c.status == ChallengeStatus::Open {
                sum(&mut total, c.bond)?;
            }
        }
        Ok(total)
    }

    pub fn validate(&self) -> Result<(), AttributionError> {
        self.params
            .validate()
            .map_err(|e| invalid(format!("params: {e}")))?;
        if self.next_receipt_id == 0 {
            return Err(invalid("next_receipt_id must be at least 1"));
        }
        for (i, e) in self.engine_params.iter().enumerate() {
            if u64::try_from(i).ok().and_then(|i| i.checked_add(1)) != Some(e.id) {
                return Err(invalid("engine_params ids must be 1, 2, 3, ... in order"));
            }
            if e.params.min_span == 0 || e.params.normalization.is_empty() {
                return Err(invalid(format!("engine_params {}: invalid", e.id)));
            }
        }
        if let Some(last) = self.engine_params.last() {
            if last.params != self.params.engine {
                return Err(invalid(
                    "the last engine_params entry must be params.engine",
                ));
            }
        }
        let engine_ids = u64::try_from(self.engine_params.len().max(1)).unwrap_or(u64::MAX);

        let mut operators: BTreeMap<Address, &Operator> = BTreeMap::new();
        for o in &self.operators {
            if operators.insert(o.address, o).is_some() {
                return Err(invalid(format!("duplicate operator {}", o.address)));
            }
            if o.endpoint.is_empty()
                || o.endpoint.len() > MAX_ENDPOINT_LEN as usize
                || !crate::handler::is_printable_ascii(&o.endpoint)
            {
                return Err(invalid(format!("operator {}: invalid endpoint", o.address)));
            }
            let distinct: BTreeSet<u64> = o.models.iter().copied().collect();
            if o.models.is_empty()
                || o.models.len() > MAX_MODELS as usize
                || distinct.len() != o.models.len()
            {
                return Err(invalid(format!(
                    "operator {}: models must be 1..={MAX_MODELS} distinct ids",
                    o.address
                )));
            }
            let consistent = match o.status {
                OperatorStatus::Active => o.unbonding_completion == 0,
                OperatorStatus::Unbonding => o.unbonding_completion > 0,
                OperatorStatus::Unbonded => o.unbonding_completion == 0 && o.bond == 0,
            };
            if !consistent {
                return Err(invalid(format!(
                    "operator {} is {} with bond {} and unbonding completion {}",
                    o.address, o.status, o.bond, o.unbonding_completion
                )));
            }
        }

        let mut users = BTreeSet::new();
        for a in &self.accounts {
            if !users.insert(a.address) {
                return Err(invalid(format!("duplicate account {}", a.address)));
            }
            if a.balance == 0 {
                return Err(invalid(format!("account {} has a zero balance", a.address)));
            }
        }

        let mut grants = BTreeSet::new();
        for g in &self.grants {
            if !grants.insert((g.user, g.operator, g.model_id)) {
                return Err(invalid(format!(
                    "duplicate grant from {} to {} for model {}",
                    g.user, g.operator, g.model_id
                )));
            }
            if g.user == g.operator {
                return Err(invalid(format!("{} grants to itself", g.user)));
            }
        }

        let mut withdrawers = BTreeSet::new();
        for w in &self.withdrawals {
            if !withdrawers.insert(w.user) {
                return Err(invalid(format!("duplicate withdrawal of {}", w.user)));
            }
        }

        let mut claimants = BTreeSet::new();
        let mut pending_of: BTreeMap<Address, u128> = BTreeMap::new();
        let (mut creator_earned, mut contributor_earned) = (0u128, 0u128);
        let mut claimed: u128 = 0;
        for c in &self.claimables {
            if !claimants.insert(c.address) {
                return Err(invalid(format!("duplicate claimable {}", c.address)));
            }
            let paid = c.claimable.checked_add(c.claimed);
            let earned = c.creator_earned.checked_add(c.contributor_earned);
            if paid.is_none() || paid != earned {
                return Err(invalid(format!(
                    "{}: claimable + claimed differs from what it earned",
                    c.address
                )));
            }
            if c.pending > 0 {
                pending_of.insert(c.address, c.pending);
            }
            sum(&mut creator_earned, c.creator_earned)?;
            sum(&mut contributor_earned, c.contributor_earned)?;
            sum(&mut claimed, c.claimed)?;
        }

        let receipts: BTreeMap<u64, &Receipt> = self.receipts.iter().map(|r| (r.id, r)).collect();
        let mut held = BTreeSet::new();
        for h in &self.holds {
            if !held.insert(h.receipt_id) {
                return Err(invalid(format!("receipt {} is held twice", h.receipt_id)));
            }
            if !receipts.contains_key(&h.receipt_id) {
                return Err(invalid(format!("hold of unknown receipt {}", h.receipt_id)));
            }
        }
        let mut corrected: BTreeMap<u64, &Receipt> = BTreeMap::new();
        for c in &self.corrected_receipts {
            let original = receipts
                .get(&c.id)
                .ok_or_else(|| invalid(format!("corrected receipt {} is unknown", c.id)))?;
            if corrected.insert(c.id, c).is_some() {
                return Err(invalid(format!("receipt {} is corrected twice", c.id)));
            }
            check_corrected(original, c)
                .map_err(|e| invalid(format!("corrected receipt {}: {e}", c.id)))?;
        }
        if self.next_challenge_id == 0 {
            return Err(invalid("next_challenge_id must be at least 1"));
        }
        let mut challenge_ids = BTreeSet::new();
        let mut challenged = BTreeSet::new();
        for c in &self.challenges {
            if c.id == 0 || c.id >= self.next_challenge_id {
                return Err(invalid(format!(
                    "challenge id {} is not in 1..{}",
                    c.id, self.next_challenge_id
                )));
            }
            if !challenge_ids.insert(c.id) {
                return Err(invalid(format!("duplicate challenge {}", c.id)));
            }
            if !challenged.insert(c.receipt_id) {
                return Err(invalid(format!(
                    "receipt {} is challenged twice",
                    c.receipt_id
                )));
            }
            let receipt = receipts.get(&c.receipt_id).ok_or_else(|| {
                invalid(format!(
                    "challenge {}: unknown receipt {}",
                    c.id, c.receipt_id
                ))
            })?;
            let fixed = corrected.get(&c.receipt_id).copied();
            check_challenge(c, receipt, fixed, held.contains(&c.receipt_id))
                .map_err(|e| invalid(format!("challenge {}: {e}", c.id)))?;
        }
        for id in corrected.keys() {
            let by_challenge = self
                .challenges
                .iter()
                .any(|c| c.receipt_id == *id && c.status == ChallengeStatus::Corrected);
            if !by_challenge {
                return Err(invalid(format!(
                    "receipt {id} is corrected without a CORRECTED challenge"
                )));
            }
        }
        let mut pending_want: BTreeMap<Address, u128> = BTreeMap::new();

        let mut ids = BTreeSet::new();
        let mut requests = BTreeSet::new();
        let mut from_receipts = Totals::default();
        let mut per_operator: BTreeMap<Address, (u64, u128)> = BTreeMap::new();
        for r in &self.receipts {
            if r.id == 0 || r.id >= self.next_receipt_id {
                return Err(invalid(format!(
                    "receipt id {} is not in 1..{}",
                    r.id, self.next_receipt_id
                )));
            }
            if !ids.insert(r.id) {
                return Err(invalid(format!("duplicate receipt {}", r.id)));
            }
            check_receipt(r).map_err(|e| invalid(format!("receipt {}: {e}", r.id)))?;
            if r.engine_params_id > engine_ids {
                return Err(invalid(format!(
                    "receipt {}: unknown engine params id {}",
                    r.id, r.engine_params_id
                )));
            }
            if !requests.insert((r.operator, r.request_id.clone())) {
                return Err(invalid(format!(
                    "receipt {}: operator {} recorded request {:?} twice",
                    r.id, r.operator, r.request_id
                )));
            }
            if !operators.contains_key(&r.operator) {
                return Err(invalid(format!(
                    "receipt {}: unknown operator {}",
                    r.id, r.operator
                )));
            }
            let t = &mut from_receipts;
            let bad = || invalid(format!("receipt {}: entries above the data pool", r.id));
            sum(&mut t.fees_charged, r.fee)?;
            sum(&mut t.platform, r.platform_fee)?;
            sum(&mut t.creator, r.creator_amount)?;
            sum(&mut t.stakers, r.stakers_amount)?;
            sum(&mut t.dust, r.split_dust().ok_or_else(bad)?)?;
            // the data pool: held, or released with the split in force
            let effective = corrected.get(&r.id).copied().unwrap_or(r);
            if held.contains(&r.id) {
                sum(&mut t.held, r.data_pool)?;
                for e in &effective.entries {
                    if e.amount > 0 {
                        sum(pending_want.entry(e.contributor).or_default(), e.amount)?;
                    }
                }
            } else {
                sum(&mut t.contributors_credited, effective.credited)?;
                sum(&mut t.withheld, effective.withheld)?;
                sum(&mut t.unattributed, effective.unattributed)?;
                sum(&mut t.dust, effective.entry_dust().ok_or_else(bad)?)?;
            }
            t.inferences = t
                .inferences
                .checked_add(1)
                .ok_or(AttributionError::Overflow)?;
            let op = per_operator.entry(r.operator).or_default();
            op.0 = op.0.checked_add(1).ok_or(AttributionError::Overflow)?;
            sum(&mut op.1, r.fee)?;
        }
        for o in operators.values() {
            let (n, fees) = per_operator.get(&o.address).copied().unwrap_or_default();
            if n != o.inferences || fees != o.fees_charged {
                return Err(invalid(format!(
                    "operator {}: inference stats differ from its receipts",
                    o.address
                )));
            }
        }

        let t = &self.totals;
        if t.split_sum() != Some(t.fees_charged) {
            return Err(invalid(
                "totals: fees_charged is not platform + creator + stakers + contributors_credited + withheld + unattributed + dust + held",
            ));
        }
        if pending_of != pending_want {
            return Err(invalid(
                "claimables' pending credits differ from the held receipts' credits per address",
            ));
        }
        let want = Totals {
            claimed: t.claimed,
            ..from_receipts
        };
        if *t != want {
            return Err(invalid(
                "totals differ from the sums of the receipts (held data pools in held, released ones with their corrected split)",
            ));
        }
        if creator_earned != t.creator
            || contributor_earned != t.contributors_credited
            || claimed != t.claimed
        {
            return Err(invalid(
                "claimables differ from the totals: Σ creator_earned must be totals.creator, Σ contributor_earned totals.contributors_credited, Σ claimed totals.claimed",
            ));
        }
        // With the per-address identity this gives Σ claimable + Σ claimed = creator +
        // contributors_credited.
        self.escrowed()?;
        Ok(())
    }

    pub fn init<S: StateWrite + ?Sized>(&self, state: &mut S) -> Result<(), AttributionError> {
        self.validate()?;
        let want = self.escrowed()?;
        let have = state.balance(&attribution_address(), BASE_DENOM)?;
        if have != want {
            return Err(invalid(format!(
                "attribution module account holds {have}aopen but balances, bonds, claimable rewards, pending amounts, held data pools and open challenge bonds add up to {want}aopen"
            )));
        }
        for e in &self.engine_params {
            state::put_engine_params_record(state, e.id, &e.params)?;
        }
        // gives params.engine id 1 when no history is listed
        state::set_params(state, &self.params)?;
        state::set_next_receipt_id(state, self.next_receipt_id)?;
        state::put_totals(state, &self.totals)?;
        state::put_pending(state, &self.pending)?;
        for o in &self.operators {
            state::put_operator(state, o)?;
            if o.status == OperatorStatus::Unbonding {
                state::enqueue_unbonding(state, o.unbonding_completion, &o.address)?;
            }
        }
        for a in &self.accounts {
            state::set_inference_balance(state, &a.address, a.balance)?;
        }
        for g in &self.grants {
            state::set_grant(state, &g.user, &g.operator, g.model_id, g.remaining)?;
            if g.revocation_completion != 0 {
                state::put_revocation(
                    state,
                    &g.user,
                    &g.operator,
                    g.model_id,
                    g.revocation_completion,
                )?;
            }
        }
        for w in &self.withdrawals {
            state::put_withdrawal(state, w)?;
        }
        for c in &self.claimables {
            state::put_claimable(state, &c.address, &c.record())?;
        }
        state::set_next_challenge_id(state, self.next_challenge_id)?;
        state::set_open_challenge_count(state, 0)?;
        let mut challenge_of: BTreeMap<u64, &Challenge> = BTreeMap::new();
        for c in &self.challenges {
            state::put_challenge(state, None, c)?;
            challenge_of.insert(c.receipt_id, c);
        }
        let corrected: BTreeMap<u64, &Receipt> =
            self.corrected_receipts.iter().map(|r| (r.id, r)).collect();
        for r in corrected.values() {
            state::put_corrected_receipt(state, r)?;
        }
        let mut held = BTreeSet::new();
        for h in &self.holds {
            held.insert(h.receipt_id);
            let challenge = challenge_of.get(&h.receipt_id);
            let record = HoldRecord {
                release_secs: h.release_secs,
                challenge_id: challenge.map_or(0, |c| c.id),
            };
            let queued = !challenge.is_some_and(|c| c.status.is_unsettled());
            state::put_hold(state, h.receipt_id, &record, queued)?;
        }
        let mut receipts: Vec<&Receipt> = self.receipts.iter().collect();
        receipts.sort_by_key(|r| r.id);
        // the operators' lost challenges, derived (validate checked every challenge's receipt)
        let operator_of: BTreeMap<u64, Address> =
            receipts.iter().map(|r| (r.id, r.operator)).collect();
        for c in &self.challenges {
            if c.status == ChallengeStatus::Corrected {
                if let Some(op) = operator_of.get(&c.receipt_id) {
                    state::incr_challenges_lost(state, op)?;
                }
            }
        }
        for r in receipts {
            state::put_receipt(state, r)?;
            // the graph holds the released receipts, with the split in force
            if !held.contains(&r.id) {
                graph::apply_receipt(state, corrected.get(&r.id).copied().unwrap_or(r))?;
            }
        }
        Ok(())
    }

    /// The state in genesis form, every list in key order (operators, accounts and claimables
    /// by address, grants by user, operator and model, receipts by id).
    pub fn export<S: StateRead + ?Sized>(state: &S) -> Result<Self, AttributionError> {
        let mut operators = Vec::new();
        for item in state.prefix_raw(&state_key::operators_prefix(), None) {
            let (k, v) = item?;
            operators.push(state::decode_operator(&k, &v)?);
        }
        let mut accounts = Vec::new();
        for item in state.prefix_raw(&state_key::accounts_prefix(), None) {
            let (k, v) = item?;
            let address = state_key::trailing_address(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed account key".into()))?;
            accounts.push(GenesisAccount {
                address,
                balance: state::decode_amount(&k, &v)?,
            });
        }
        let mut grants = Vec::new();
        for item in state.prefix_raw(&state_key::grants_prefix(), None) {
            let (k, v) = item?;
            let (user, operator, model_id) = state_key::parse_grant(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed grant key".into()))?;
            grants.push(Grant {
                user,
                operator,
                model_id,
                remaining: state::decode_amount(&k, &v)?,
                revocation_completion: state
                    .grant_revocation(&user, &operator, model_id)?
                    .unwrap_or(0),
            });
        }
        let mut claimables = Vec::new();
        for item in state.prefix_raw(&state_key::claimables_prefix(), None) {
            let (k, v) = item?;
            let address = state_key::trailing_address(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed claimable key".into()))?;
            let c = state::decode_claimable(&k, &v)?;
            claimables.push(GenesisClaimable {
                address,
                claimable: c.claimable,
                claimed: c.claimed,
                creator_earned: c.creator_earned,
                contributor_earned: c.contributor_earned,
                pending: c.pending,
            });
        }
        let mut receipts = Vec::new();
        for item in state.prefix_raw(&state_key::receipts_prefix(), None) {
            let (k, v) = item?;
            receipts.push(state::decode_receipt(&k, &v)?);
        }
        let mut engine_params = Vec::new();
        for item in state.prefix_raw(&state_key::engine_params_prefix(), None) {
            let (k, v) = item?;
            let id = k
                .get(state_key::engine_params_prefix().len()..)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| AttributionError::Invariant("malformed engine params key".into()))?;
            let p = <proto::EngineParams as prost::Message>::decode(v.as_slice())
                .map_err(|e| AttributionError::Invariant(format!("engine params {id}: {e}")))?;
            engine_params.push(EngineParamsEntry {
                id,
                params: EngineParams::from_proto(&p),
            });
        }
        let mut holds = Vec::new();
        for item in state.prefix_raw(&state_key::holds_prefix(), None) {
            let (k, v) = item?;
            let receipt_id = state_key::trailing_u64(&k)
                .ok_or_else(|| AttributionError::Invariant("malformed hold key".into()))?;
            holds.push(Hold {
                receipt_id,
                release_secs: HoldRecord::decode(&k, &v)?.release_secs,
            });
        }
        let mut challenges = Vec::new();
        for item in state.prefix_raw(&state_key::challenges_prefix(), None) {
            let (k, v) = item?;
            challenges.push(state::decode_challenge(&k, &v)?);
        }
        let mut corrected_receipts = Vec::new();
        for item in state.prefix_raw(&state_key::corrected_prefix(), None) {
            let (k, v) = item?;
            corrected_receipts.push(state::decode_receipt(&k, &v)?);
        }
        let mut withdrawals = Vec::new();
        for item in state.prefix_raw(&state_key::withdrawals_prefix(), None) {
            let (k, v) = item?;
            let p = <proto::PendingWithdrawal as prost::Message>::decode(v.as_slice())
                .map_err(|e| AttributionError::Invariant(format!("withdrawal: {e}")))?;
            let w = PendingWithdrawal::from_proto(&p)?;
            if state_key::withdrawal(&w.user) != k {
                return Err(AttributionError::Invariant(
                    "withdrawal stored under another user's key".into(),
                ));
            }
            withdrawals.push(w);
        }
        Ok(GenesisState {
            withdrawals,
            holds,
            next_challenge_id: state.next_challenge_id()?,
            challenges,
            corrected_receipts,
            engine_params,
            params: state.attribution_params()?,
            next_receipt_id: state.next_receipt_id()?,
            totals: state.attribution_totals()?,
            pending: state.attribution_pending()?,
            operators,
            accounts,
            grants,
            claimables,
            receipts,
        })
    }
}
