use std::collections::{BTreeMap, BTreeSet};

use openledger_framework::time::Time;
use openledger_framework::{Address, Dec, MsgCtx, StateRead, StateWrite};

use super::{add, check_active, check_signer, incr, is_printable_ascii, load_operator, sub};
use crate::error::AttributionError;
use crate::event;
use crate::fee::{split_fee, token_fee, EntrySplit, PPM};
use crate::keeper::{AdaptersKeeper, ContributionView, Keepers, NoAdapters};
use crate::msg::{MsgRecordInference, HASH_LEN};
use crate::params::Params;
use crate::state::{self, AttributionRead, HoldRecord};
use crate::types::{AttributionEntry, DatanetShare, Receipt, ReceiptEntry};

/// What `MsgRecordInference` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordedInference {
    pub receipt_id: u64,
    /// What the user paid.
    pub fee: u128,
}

fn len_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// `MsgRecordInference`: an operator meters one inference of a deployed model and charges the
/// user's inference balance through a grant. Checks, in this order, each with its own error:
///
/// 1. the operator is registered (7), ACTIVE (8) and bonded at least `min_operator_bond` (21);
/// 2. it serves `model_id` (22); the model exists (14) and is DEPLOYED (23); the version
///    exists (24; 0 is the model's latest);
/// 3. `request_id` is 1..=`max_request_id_len` bytes of printable ASCII (25) and new for this
///    operator (26);
/// 4. `output_hash` and `evidence_hash` are 32 bytes and `prompt_hash` empty or 32 bytes (27);
///    the engine version is `params.engine.version` (47) and the engine params id the current
///    one (48);
/// 5. each token count ≤ `max_tokens_per_inference` (28) and at least one token (29);
/// 6. at most `max_attribution_entries` entries (31), distinct contributions (32), each
///    weight ≥ 1 (33), weights adding up to exactly 1_000_000 (34) — or no entries at all: an
///    unattributed output, whose data pool goes to the community pool;
/// 7. each contribution exists (35), is APPROVED (36) and is in the data of the model version
///    (37): its datanet is referenced by the version and its approval sequence is at most the
///    contribution count of that datanet version (the highest, if several are referenced);
/// 8. the model has pricing at this height (38); the fee does not overflow (39); if the
///    message names an adapter (`adapter_hash` not empty), the operator declared serving it in
///    the adapters module (61), it is an adapter of `model_id` (62) and both of the model's
///    rates at this height are at most the operator's price ceiling for it (63);
/// 9. a grant `(user, operator, model_id)`, else `(user, operator, 0)`, exists (40) and covers
///    the fee (41); the user's inference balance covers the fee (42).
///
/// Then the balance and the grant are debited, the creator's share becomes claimable, the
/// stakers' share and the community pool's part of the token fee (platform fee, split dust)
/// are added to the pending amounts end block pays out, and the **data pool is held** until
/// block time + `challenge_window_secs`: each contributor's credit is `pending` (not
/// claimable), the whole pool counts in `totals.held`, and end block releases it (see
/// [`crate::end_block`]) unless a challenge holds it longer. The receipt, its indexes, the
/// operator's stats and the totals are written; the attribution graph is applied on release.
/// No funds move: the fee is already in the module account.
///
/// Without an adapters module ([`NoAdapters`]): a message naming an adapter is refused (61);
/// the app passes its adapters keeper through [`execute_with_adapters`].
pub fn execute<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRecordInference,
    keepers: &Keepers,
) -> Result<RecordedInference, AttributionError> {
    execute_with_adapters(state, ctx, msg, keepers, &NoAdapters)
}

/// [`execute`], with the adapters a receipt may name checked through `adapters`.
pub fn execute_with_adapters<S: StateWrite + ?Sized>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgRecordInference,
    keepers: &Keepers,
    adapters: &dyn AdaptersKeeper,
) -> Result<RecordedInference, AttributionError> {
    check_signer(ctx, &msg.operator)?;
    let params = state.attribution_params()?;
    let height = ctx.block.height;

    // 1. the operator
    let mut operator = load_operator(state, &msg.operator)?;
    check_active(&operator)?;
    if operator.bond < params.min_operator_bond {
        return Err(AttributionError::BondBelowMinimum {
            operator: operator.address.to_string(),
            bond: operator.bond,
            min: params.min_operator_bond,
        });
    }

    // 2. the model and version
    if !operator.models.contains(&msg.model_id) {
        return Err(AttributionError::ModelNotServed {
            operator: operator.address.to_string(),
            model_id: msg.model_id,
        });
    }
    let (model, version, refs) = {
        let read: &dyn StateRead = &state;
        let model = keepers
            .models
            .model(read, msg.model_id)?
            .ok_or(AttributionError::UnknownModel(msg.model_id))?;
        if !model.deployed {
            return Err(AttributionError::ModelNotDeployed(msg.model_id));
        }
        let version = match msg.model_version {
            0 => model.latest_version,
            v => v,
        };
        let refs = keepers
            .models
            .version_datanets(read, msg.model_id, version)?
            .ok_or(AttributionError::UnknownModelVersion {
                model_id: msg.model_id,
                version,
            })?;
        (model, version, refs)
    };

    // 3. the request id
    let rid = &msg.request_id;
    if rid.is_empty()
        || len_u64(rid.len()) > u64::from(params.max_request_id_len)
        || !is_printable_ascii(rid)
    {
        return Err(AttributionError::InvalidRequestId(format!(
            "{} bytes; 1..={} bytes of printable ASCII expected",
            rid.len(),
            params.max_request_id_len
        )));
    }
    if let Some(receipt_id) = state.receipt_id_for_request(&msg.operator, rid)? {
        return Err(AttributionError::DuplicateRequest {
            request_id: rid.clone(),
            receipt_id,
        });
    }

    // 4. hashes
    if msg.output_hash.len() != HASH_LEN {
        return Err(AttributionError::InvalidHash {
            field: "output_hash",
            expected: "32 bytes",
            len: msg.output_hash.len(),
        });
    }
    if !msg.prompt_hash.is_empty() && msg.prompt_hash.len() != HASH_LEN {
        return Err(AttributionError::InvalidHash {
            field: "prompt_hash",
            expected: "empty or 32 bytes",
            len: msg.prompt_hash.len(),
        });
    }
    if msg.evidence_hash.len() != HASH_LEN {
        return Err(AttributionError::InvalidHash {
            field: "evidence_hash",
            expected: "32 bytes",
            len: msg.evidence_hash.len(),
        });
    }
    if msg.engine_version != params.engine.version {
        return Err(AttributionError::UnknownEngineVersion {
            got: msg.engine_version,
            current: params.engine.version,
        });
    }
    let engine_params_id = state.engine_params_id()?;
    if msg.engine_params_id != engine_params_id {
        return Err(AttributionError::StaleEngineParams {
            got: msg.engine_params_id,
            current: engine_params_id,
        });
    }

    // 5. tokens
    for (field, got) in [
        ("input_tokens", msg.input_tokens),
        ("output_tokens", msg.output_tokens),
    ] {
        if got > params.max_tokens_per_inference {
            return Err(AttributionError::TooManyTokens {
                field,
                got,
                max: params.max_tokens_per_inference,
            });
        }
    }
    if msg.input_tokens == 0 && msg.output_tokens == 0 {
        return Err(AttributionError::NoTokens);
    }

    // 6. and 7. the attribution list (empty: unattributed), its contributions and their
    // contributors' reward multipliers
    let resolved = resolve_entries(
        state,
        keepers,
        &params,
        msg.model_id,
        version,
        &refs,
        &msg.attribution,
    )?;

    // 8. pricing and the fee
    let (rate_in, rate_out) = {
        let read: &dyn StateRead = &state;
        keepers
            .models
            .pricing_at(read, msg.model_id, height)?
            .ok_or(AttributionError::NoPricing {
                model_id: msg.model_id,
                height,
            })?
    };
    let tf = token_fee(msg.input_tokens, msg.output_tokens, rate_in, rate_out)?;
    if !msg.adapter_hash.is_empty() {
        check_adapter(state, adapters, msg, rate_in, rate_out)?;
    }
    let pairs: Vec<(u32, Dec)> = msg
        .attribution
        .iter()
        .zip(&resolved)
        .map(|(e, (_, m))| (e.weight_ppm, *m))
        .collect();
    let split = split_fee(tf, params.platform_fee, &params.shares(), &pairs)?;
    let fee = split.fee;

    // 9. grant and balance
    let (grant_model, remaining) =
        match state.inference_grant(&msg.user, &msg.operator, msg.model_id)? {
            Some(r) => (msg.model_id, r),
            None => match state.inference_grant(&msg.user, &msg.operator, 0)? {
                Some(r) => (0, r),
                None => {
                    return Err(AttributionError::NoGrant {
                        user: msg.user.to_string(),
                        operator: msg.operator.to_string(),
                        model_id: msg.model_id,
                    })
                }
            },
        };
    if fee > remaining {
        return Err(AttributionError::GrantExceeded { fee, remaining });
    }
    let balance = state.inference_balance(&msg.user)?;
    if fee > balance {
        return Err(AttributionError::InsufficientDeposit { fee, balance });
    }

    // Apply.
    state::set_inference_balance(state, &msg.user, sub(balance, fee)?)?;
    state::set_grant(
        state,
        &msg.user,
        &msg.operator,
        grant_model,
        sub(remaining, fee)?,
    )?;
    let id = state.next_receipt_id()?;
    state::set_next_receipt_id(state, incr(id)?)?;

    let (entries, datanets) = receipt_entries(&msg.attribution, &resolved, &split.entries)?;
    // The creator's share is claimable at once; the contributors' credits are pending until
    // the data pool is released (aggregated per address before writing).
    if split.creator > 0 {
        let mut c = state.claimable_rewards(&model.creator)?;
        c.claimable = add(c.claimable, split.creator)?;
        c.creator_earned = add(c.creator_earned, split.creator)?;
        state::put_claimable(state, &model.creator, &c)?;
    }
    for (addr, amount) in credits_by_address(&entries)? {
        let mut c = state.claimable_rewards(&addr)?;
        c.pending = add(c.pending, amount)?;
        state::put_claimable(state, &addr, &c)?;
    }

    let receipt = Receipt {
        id,
        model_id: msg.model_id,
        model_version: version,
        operator: msg.operator,
        user: msg.user,
        input_tokens: msg.input_tokens,
        output_tokens: msg.output_tokens,
        output_hash: msg.output_hash.clone(),
        prompt_hash: msg.prompt_hash.clone(),
        request_id: msg.request_id.clone(),
        height,
        time: Time::from_block(ctx.block),
        fee,
        platform_fee: split.platform,
        creator_amount: split.creator,
        stakers_amount: split.stakers,
        data_pool: split.pool,
        credited: split.credited_total,
        withheld: split.withheld_total,
        dust: split.dust,
        creator: model.creator,
        entries,
        datanets,
        engine_version: msg.engine_version,
        engine_params_id: msg.engine_params_id,
        evidence_hash: msg.evidence_hash.clone(),
        unattributed: split.unattributed,
        adapter_hash: msg.adapter_hash.clone(),
    };
    state::put_receipt(state, &receipt)?;
    // The data pool is held for the challenge window; the attribution graph is applied when
    // it is released, with the split then in force.
    let now = u64::try_from(ctx.block.time_unix_secs)
        .map_err(|_| AttributionError::InvalidRequest("block time before the Unix epoch".into()))?;
    let release_secs = now
        .checked_add(params.challenge_window_secs)
        .ok_or(AttributionError::Overflow)?;
    state::put_hold(
        state,
        id,
        &HoldRecord {
            release_secs,
            challenge_id: 0,
        },
        true,
    )?;
    let split_dust = receipt.split_dust().ok_or(AttributionError::Overflow)?;

    operator.inferences = incr(operator.inferences)?;
    operator.fees_charged = add(operator.fees_charged, fee)?;
    state::put_operator(state, &operator)?;

    let mut totals = state.attribution_totals()?;
    totals.fees_charged = add(totals.fees_charged, fee)?;
    totals.platform = add(totals.platform, split.platform)?;
    totals.creator = add(totals.creator, split.creator)?;
    totals.stakers = add(totals.stakers, split.stakers)?;
    totals.dust = add(totals.dust, split_dust)?;
    totals.held = add(totals.held, split.pool)?;
    totals.inferences = incr(totals.inferences)?;
    state::put_totals(state, &totals)?;

    let mut pending = state.attribution_pending()?;
    pending.stakers = add(pending.stakers, split.stakers)?;
    pending.community = add(pending.community, add(split.platform, split_dust)?)?;
    state::put_pending(state, &pending)?;

    state.record(event::inference_recorded(&receipt));
    Ok(RecordedInference {
        receipt_id: id,
        fee,
    })
}

/// The adapter part of step 8: the operator serves the adapter (61), of this model (62), with
/// a ceiling no rate exceeds (63).
fn check_adapter<S: StateRead + ?Sized>(
    state: &S,
    adapters: &dyn AdaptersKeeper,
    msg: &MsgRecordInference,
    rate_in: u128,
    rate_out: u128,
) -> Result<(), AttributionError> {
    let read: &dyn StateRead = &state;
    let serving = adapters
        .serving(read, &msg.operator, &msg.adapter_hash)?
        .ok_or_else(|| AttributionError::AdapterNotServed {
            operator: msg.operator.to_string(),
            adapter_hash: msg.adapter_hash.clone(),
        })?;
    if serving.model_id != msg.model_id {
        return Err(AttributionError::AdapterOfOtherModel {
            adapter_hash: msg.adapter_hash.clone(),
            adapter_model: serving.model_id,
            model_id: msg.model_id,
        });
    }
    let ceiling = serving.price_ceiling_per_1k;
    if rate_in > ceiling || rate_out > ceiling {
        return Err(AttributionError::AboveAdapterCeiling {
            adapter_hash: msg.adapter_hash.clone(),
            model_id: msg.model_id,
            rate_in,
            rate_out,
            ceiling,
        });
    }
    Ok(())
}

/// Steps 6 and 7 of [`execute`], also used to check the weights a challenge is settled with:
/// at most `max_attribution_entries` entries (31), distinct contributions (32), each weight
/// ≥ 1 (33), weights adding up to exactly 1_000_000 (34) or no entries; each contribution
/// exists (35), is APPROVED (36) and is in the data of the model version (37), whose datanet
/// versions are `refs`. Returns each entry's contribution with its contributor's reward
/// multiplier in its datanet.
pub(crate) fn resolve_entries<S: StateRead + ?Sized>(
    state: &S,
    keepers: &Keepers,
    params: &Params,
    model_id: u64,
    version: u64,
    refs: &[(u64, u64)],
    attribution: &[AttributionEntry],
) -> Result<Vec<(ContributionView, Dec)>, AttributionError> {
    if len_u64(attribution.len()) > u64::from(params.max_attribution_entries) {
        return Err(AttributionError::TooManyEntries {
            len: attribution.len(),
            max: params.max_attribution_entries,
        });
    }
    let mut seen = BTreeSet::new();
    let mut weight_sum: u64 = 0;
    for e in attribution {
        if !seen.insert(e.contribution_id) {
            return Err(AttributionError::DuplicateContribution(e.contribution_id));
        }
        if e.weight_ppm == 0 {
            return Err(AttributionError::ZeroWeight(e.contribution_id));
        }
        weight_sum = weight_sum
            .checked_add(u64::from(e.weight_ppm))
            .ok_or(AttributionError::Overflow)?;
    }
    if !attribution.is_empty() && weight_sum != u64::from(PPM) {
        return Err(AttributionError::WeightSum(weight_sum));
    }

    let mut versions_of: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for (datanet_id, v) in refs {
        versions_of.entry(*datanet_id).or_default().push(*v);
    }
    let mut contributions: Vec<ContributionView> = Vec::with_capacity(attribution.len());
    let read: &dyn StateRead = &state;
    // highest contribution count of each referenced datanet, looked up once
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for e in attribution {
        let id = e.contribution_id;
        let c = keepers
            .datanets
            .contribution(read, id)?
            .ok_or(AttributionError::UnknownContribution(id))?;
        if !c.approved {
            return Err(AttributionError::ContributionNotApproved(id));
        }
        let not_in_model = || AttributionError::ContributionNotInModel {
            contribution_id: id,
            model_id,
            version,
        };
        let versions = versions_of.get(&c.datanet_id).ok_or_else(not_in_model)?;
        let count = match counts.get(&c.datanet_id) {
            Some(n) => *n,
            None => {
                let mut best: u64 = 0;
                for v in versions {
                    if let Some(n) =
                        keepers
                            .datanets
                            .version_contribution_count(read, c.datanet_id, *v)?
                    {
                        best = best.max(n);
                    }
                }
                counts.insert(c.datanet_id, best);
                best
            }
        };
        if c.approval_seq == 0 || c.approval_seq > count {
            return Err(not_in_model());
        }
        contributions.push(c);
    }
    // each (datanet, contributor) pair's multiplier, looked up once for all of them
    let mut pairs: Vec<(u64, Address)> = contributions
        .iter()
        .map(|c| (c.datanet_id, c.contributor))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let found = keepers.datanets.reward_multipliers(read, &pairs)?;
    if found.len() != pairs.len() {
        return Err(AttributionError::Invariant(
            "the datanets keeper did not return one multiplier per pair".into(),
        ));
    }
    let multipliers: BTreeMap<(u64, Address), Dec> = pairs.into_iter().zip(found).collect();
    Ok(contributions
        .into_iter()
        .map(|c| {
            let m = multipliers
                .get(&(c.datanet_id, c.contributor))
                .copied()
                .unwrap_or(Dec::ONE);
            (c, m)
        })
        .collect())
}

/// A receipt's entries and datanet shares (by datanet id) from the message's entries, their
/// resolved contributions and the pool's split.
pub(crate) fn receipt_entries(
    attribution: &[AttributionEntry],
    resolved: &[(ContributionView, Dec)],
    split: &[EntrySplit],
) -> Result<(Vec<ReceiptEntry>, Vec<DatanetShare>), AttributionError> {
    let mut entries = Vec::with_capacity(resolved.len());
    let mut datanets: BTreeMap<u64, DatanetShare> = BTreeMap::new();
    for ((e, (c, _)), s) in attribution.iter().zip(resolved).zip(split) {
        entries.push(ReceiptEntry {
            contribution_id: c.id,
            datanet_id: c.datanet_id,
            contributor: c.contributor,
            weight_ppm: e.weight_ppm,
            amount: s.credited,
            withheld: s.withheld,
        });
        let d = datanets.entry(c.datanet_id).or_insert(DatanetShare {
            datanet_id: c.datanet_id,
            weight_ppm: 0,
            amount: 0,
        });
        d.weight_ppm = d
            .weight_ppm
            .checked_add(e.weight_ppm)
            .ok_or(AttributionError::Overflow)?;
        d.amount = add(d.amount, s.credited)?;
    }
    Ok((entries, datanets.into_values().collect()))
}

/// The credited amounts of some receipt entries, per contributor (zero amounts left out).
pub(crate) fn credits_by_address(
    entries: &[ReceiptEntry],
) -> Result<BTreeMap<Address, u128>, AttributionError> {
    let mut by: BTreeMap<Address, u128> = BTreeMap::new();
    for e in entries {
        if e.amount > 0 {
            let v = by.entry(e.contributor).or_default();
            *v = add(*v, e.amount)?;
        }
    }
    Ok(by)
}
