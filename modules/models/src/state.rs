//! The only way to touch models state. [`ModelsRead`] is public for other modules (attribution)
//! and the app; writes stay inside this crate (handlers, governance callbacks and genesis).

use openledger_framework::{
    Address, BlockCtx, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::ModelsError;
use crate::event;
use crate::model::{Model, Pricing, Stage};
use crate::params::Params;
use crate::proto;
use crate::record::{Evidence, HistoryEntry, ModelVersion, PricingEntry};
use crate::state_key;
use openledger_framework::time::Time;

/// Name of the module account that escrows creator bonds.
pub const MODELS_MODULE: &str = "models";

/// `Address::module("models")`: the bond escrow.
pub fn models_address() -> Address {
    Address::module(MODELS_MODULE)
}

/// `Address::module("gov")`: the authority of governance-executed messages.
pub fn gov_address() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

fn decode<T: prost::Message + Default>(key: &[u8], bytes: &[u8]) -> Result<T, StateError> {
    T::decode(bytes).map_err(|e| StateError::decode(key, e))
}

pub(crate) fn decode_model(key: &[u8], bytes: &[u8]) -> Result<Model, ModelsError> {
    Model::from_proto(&decode::<proto::Model>(key, bytes)?)
}

pub(crate) fn decode_version(key: &[u8], bytes: &[u8]) -> Result<ModelVersion, ModelsError> {
    ModelVersion::from_proto(&decode::<proto::ModelVersion>(key, bytes)?)
}

pub(crate) fn decode_history(key: &[u8], bytes: &[u8]) -> Result<HistoryEntry, ModelsError> {
    HistoryEntry::from_proto(&decode::<proto::HistoryEntry>(key, bytes)?)
}

pub(crate) fn decode_pricing(key: &[u8], bytes: &[u8]) -> Result<PricingEntry, ModelsError> {
    PricingEntry::from_proto(&decode::<proto::PricingEntry>(key, bytes)?)
}

/// Models state other modules and the app may read.
pub trait ModelsRead: StateRead {
    fn models_params(&self) -> Result<Params, ModelsError> {
        match self.get_proto::<proto::Params>(&state_key::params())? {
            None => Ok(Params::default()),
            Some(p) => Params::from_proto(&p),
        }
    }

    /// The id the next proposed model gets (1 on a fresh chain).
    fn next_model_id(&self) -> Result<u64, ModelsError> {
        let key = state_key::next_model_id();
        match self.get_raw(&key)? {
            None => Ok(1),
            Some(v) => {
                let arr: [u8; 8] = v
                    .as_slice()
                    .try_into()
                    .map_err(|_| StateError::decode(&key, "not 8 bytes"))?;
                Ok(u64::from_be_bytes(arr))
            }
        }
    }

    /// A model: creator, stage, current pricing, datanet references, latest version.
    fn model(&self, id: u64) -> Result<Option<Model>, ModelsError> {
        let key = state_key::model(id);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_model(&key, &v).map(Some),
        }
    }

    /// Version `number` (from 1) of a model.
    fn model_version(&self, id: u64, number: u64) -> Result<Option<ModelVersion>, ModelsError> {
        let key = state_key::version(id, number);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_version(&key, &v).map(Some),
        }
    }

    /// History entry `seq` (from 1) of a model, unless pruned.
    fn history_entry(&self, id: u64, seq: u64) -> Result<Option<HistoryEntry>, ModelsError> {
        let key = state_key::history(id, seq);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_history(&key, &v).map(Some),
        }
    }

    /// The pricing in effect at block `height`: the entry with the greatest effective height
    /// at or below it. `None` for an unknown model or a height before its first pricing.
    /// One read, whatever the length of the pricing history.
    fn pricing_at(&self, id: u64, height: u64) -> Result<Option<Pricing>, ModelsError> {
        let prefix = state_key::pricing_of(id);
        let start = state_key::pricing(id, height);
        match self.prefix_raw(&prefix, Some(&start)).next() {
            None => Ok(None),
            Some(item) => {
                let (k, v) = item?;
                Ok(Some(decode_pricing(&k, &v)?.pricing))
            }
        }
    }

    fn is_deployed(&self, id: u64) -> Result<bool, ModelsError> {
        Ok(self.model(id)?.is_some_and(|m| m.stage == Stage::Deployed))
    }
}
impl<S: StateRead + ?Sized> ModelsRead for S {}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), ModelsError> {
    params.validate()?;
    state.put_proto(state_key::params(), &params.to_proto())?;
    Ok(())
}

pub(crate) fn set_next_model_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), ModelsError> {
    state.put_raw(state_key::next_model_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

/// Write the model record (indexes are kept by [`index_model`] and [`move_stage`]).
pub(crate) fn put_model<S: StateWrite + ?Sized>(
    state: &mut S,
    m: &Model,
) -> Result<(), ModelsError> {
    state.put_proto(state_key::model(m.id), &m.to_proto())?;
    Ok(())
}

/// Add a new model's stage and creator index keys.
pub(crate) fn index_model<S: StateWrite + ?Sized>(
    state: &mut S,
    m: &Model,
) -> Result<(), ModelsError> {
    let id = m.id.to_be_bytes().to_vec();
    state.put_raw(state_key::by_stage(m.stage, m.id), id.clone())?;
    state.put_raw(state_key::by_creator(&m.creator, m.id), id)?;
    Ok(())
}

/// Move a model's stage index key.
pub(crate) fn move_stage<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
    from: Stage,
    to: Stage,
) -> Result<(), ModelsError> {
    state.delete(state_key::by_stage(from, id))?;
    state.put_raw(state_key::by_stage(to, id), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn put_version<S: StateWrite + ?Sized>(
    state: &mut S,
    v: &ModelVersion,
) -> Result<(), ModelsError> {
    state.put_proto(state_key::version(v.model_id, v.number), &v.to_proto())?;
    Ok(())
}

pub(crate) fn put_history<S: StateWrite + ?Sized>(
    state: &mut S,
    h: &HistoryEntry,
) -> Result<(), ModelsError> {
    state.put_proto(state_key::history(h.model_id, h.seq), &h.to_proto())?;
    Ok(())
}

/// Write a pricing entry; a second entry for the same height replaces the first.
pub(crate) fn put_pricing<S: StateWrite + ?Sized>(
    state: &mut S,
    p: &PricingEntry,
) -> Result<(), ModelsError> {
    state.put_proto(
        state_key::pricing(p.model_id, p.effective_height),
        &p.to_proto(),
    )?;
    Ok(())
}

/// Record a transition of `model` to `to` (`from` is `None` for the proposal): append the
/// history entry (pruning the oldest beyond `max_history_per_model`), move the stage index,
/// write the model and emit `EventModelStageChanged`. Bond movements are the caller's.
pub(crate) fn record_transition<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    model: &mut Model,
    from: Option<Stage>,
    to: Stage,
    actor: Address,
    evidence: Evidence,
) -> Result<(), ModelsError> {
    let max = state.models_params()?.max_history_per_model;
    let seq = model
        .history_count
        .checked_add(1)
        .ok_or(ModelsError::Overflow)?;
    let entry = HistoryEntry {
        model_id: model.id,
        seq,
        from_stage: from,
        to_stage: to,
        height: block.height,
        time: Time::from_block(block),
        actor,
        evidence,
    };
    put_history(state, &entry)?;
    if let Some(old) = seq.checked_sub(max).filter(|s| *s > 0) {
        state.delete(state_key::history(model.id, old))?;
    }
    if let Some(from) = from {
        move_stage(state, model.id, from, to)?;
    }
    model.history_count = seq;
    model.stage = to;
    put_model(state, model)?;
    state.record(event::stage_changed(&entry));
    Ok(())
}
