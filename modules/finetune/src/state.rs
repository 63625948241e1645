//! The only way to touch finetune state. [`FinetuneRead`] is public for the app; writes stay in
//! this crate. Records are written with [`save_job`] and [`save_provider`], which keep the
//! indexes and the end-block queues in step with the record.

use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::FinetuneError;
use crate::params::Params;
use crate::proto;
use crate::state_key;
use crate::types::{Job, Provider, ProviderStatus};

/// Name of the module account that escrows provider bonds and job budgets.
pub const FINETUNE_MODULE: &str = "finetune";

/// `Address::module("finetune")`: the escrow.
pub fn finetune_address() -> Address {
    Address::module(FINETUNE_MODULE)
}

/// `Address::module("gov")`: the authority of governance-executed messages.
pub fn gov_address() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

pub trait FinetuneRead: StateRead {
    fn finetune_params(&self) -> Result<Params, FinetuneError> {
        match self.get_proto::<proto::Params>(&state_key::params())? {
            None => Ok(Params::default()),
            Some(p) => Params::from_proto(&p),
        }
    }

    /// The id the next job gets (1 on a fresh chain).
    fn next_job_id(&self) -> Result<u64, FinetuneError> {
        let key = state_key::next_job_id();
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

    fn provider(&self, addr: &Address) -> Result<Option<Provider>, FinetuneError> {
        Ok(self.get_borsh(&state_key::provider(addr))?)
    }

    fn job(&self, id: u64) -> Result<Option<Job>, FinetuneError> {
        Ok(self.get_borsh(&state_key::job(id))?)
    }
}
impl<S: StateRead + ?Sized> FinetuneRead for S {}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), FinetuneError> {
    params.validate()?;
    state.put_proto(state_key::params(), &params.to_proto())?;
    Ok(())
}

pub(crate) fn set_next_job_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), FinetuneError> {
    state.put_raw(state_key::next_job_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

fn provider_index_keys(p: &Provider) -> Vec<Vec<u8>> {
    match p.status {
        ProviderStatus::Unbonding => vec![state_key::unbond_due(p.unbonding_height, &p.address)],
        _ => Vec::new(),
    }
}

/// Write `new` (replacing `old`, the stored record if any) and move its queue entry.
pub(crate) fn save_provider<S: StateWrite + ?Sized>(
    state: &mut S,
    old: Option<&Provider>,
    new: &Provider,
) -> Result<(), FinetuneError> {
    for k in old.map(provider_index_keys).unwrap_or_default() {
        state.delete(k)?;
    }
    for k in provider_index_keys(new) {
        state.put_raw(k, Vec::new())?;
    }
    state.put_borsh(state_key::provider(&new.address), new)?;
    Ok(())
}

/// The index and queue keys of a job.
pub(crate) fn job_index_keys(j: &Job) -> Vec<Vec<u8>> {
    let mut keys = vec![
        state_key::by_creator(&j.creator, j.id),
        state_key::by_model(j.model_id, j.id),
        state_key::by_status(j.status, j.id),
    ];
    if let Some(p) = &j.provider {
        keys.push(state_key::by_provider(p, j.id));
    }
    if let Some(h) = j.due_height() {
        keys.push(state_key::job_due(h, j.id));
    }
    keys
}

/// Write `new` (replacing `old`, the stored record if any) and move its index and queue keys.
pub(crate) fn save_job<S: StateWrite + ?Sized>(
    state: &mut S,
    old: Option<&Job>,
    new: &Job,
) -> Result<(), FinetuneError> {
    for k in old.map(job_index_keys).unwrap_or_default() {
        state.delete(k)?;
    }
    for k in job_index_keys(new) {
        state.put_raw(k, Vec::new())?;
    }
    state.put_borsh(state_key::job(new.id), new)?;
    Ok(())
}
