//! The only way to touch adapters state. [`AdaptersRead`] is public for the app (the keepers it
//! gives other modules); writes stay inside this crate (handlers, [`crate::register_adapter`]
//! and genesis).

use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::adapter::{Adapter, ServingEntry, UptimeClaim};
use crate::error::AdaptersError;
use crate::params::Params;
use crate::proto;
use crate::state_key;

/// Name of the module (and its substore).
pub const ADAPTERS_MODULE: &str = "adapters";

fn decode<T: prost::Message + Default>(key: &[u8], bytes: &[u8]) -> Result<T, StateError> {
    T::decode(bytes).map_err(|e| StateError::decode(key, e))
}

fn read_u64(key: &[u8], v: &[u8]) -> Result<u64, StateError> {
    let arr: [u8; 8] = v
        .try_into()
        .map_err(|_| StateError::decode(key, "not 8 bytes"))?;
    Ok(u64::from_be_bytes(arr))
}

pub(crate) fn decode_serving(key: &[u8], bytes: &[u8]) -> Result<ServingEntry, AdaptersError> {
    ServingEntry::from_proto(&decode::<proto::ServingEntry>(key, bytes)?)
}

/// Adapters state the app and other modules (through the app's keepers) may read.
pub trait AdaptersRead: StateRead {
    fn adapters_params(&self) -> Result<Params, AdaptersError> {
        match self.get_proto::<proto::Params>(&state_key::params())? {
            None => Ok(Params::default()),
            Some(p) => Params::from_proto(&p),
        }
    }

    fn adapter(&self, hash: &str) -> Result<Option<Adapter>, AdaptersError> {
        let key = state_key::adapter(hash);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => Adapter::from_proto(&decode::<proto::Adapter>(&key, &v)?).map(Some),
        }
    }

    /// The operator's declaration of serving the adapter, if any.
    fn serving(
        &self,
        hash: &str,
        operator: &Address,
    ) -> Result<Option<ServingEntry>, AdaptersError> {
        let key = state_key::serving(hash, operator);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => decode_serving(&key, &v).map(Some),
        }
    }

    /// How many adapters the operator serves.
    fn operator_adapter_count(&self, operator: &Address) -> Result<u64, AdaptersError> {
        let key = state_key::operator_count(operator);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(read_u64(&key, &v)?),
        }
    }

    /// How many operators serve the adapter.
    fn adapter_server_count(&self, hash: &str) -> Result<u64, AdaptersError> {
        let key = state_key::server_count(hash);
        match self.get_raw(&key)? {
            None => Ok(0),
            Some(v) => Ok(read_u64(&key, &v)?),
        }
    }

    fn uptime_claim(&self, operator: &Address) -> Result<Option<UptimeClaim>, AdaptersError> {
        let key = state_key::uptime(operator);
        match self.get_raw(&key)? {
            None => Ok(None),
            Some(v) => UptimeClaim::from_proto(&decode::<proto::UptimeClaim>(&key, &v)?).map(Some),
        }
    }
}
impl<S: StateRead + ?Sized> AdaptersRead for S {}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), AdaptersError> {
    params.validate()?;
    state.put_proto(state_key::params(), &params.to_proto())?;
    Ok(())
}

/// Write a new adapter with its model index key.
pub(crate) fn put_adapter<S: StateWrite + ?Sized>(
    state: &mut S,
    a: &Adapter,
) -> Result<(), AdaptersError> {
    state.put_proto(state_key::adapter(&a.hash), &a.to_proto())?;
    state.put_raw(
        state_key::by_model(a.model_id, a.model_version, &a.hash),
        Vec::new(),
    )?;
    Ok(())
}

fn put_count<S: StateWrite + ?Sized>(
    state: &mut S,
    key: Vec<u8>,
    n: u64,
) -> Result<(), AdaptersError> {
    if n == 0 {
        state.delete(key)?;
    } else {
        state.put_raw(key, n.to_be_bytes().to_vec())?;
    }
    Ok(())
}

/// Write a serving entry; a new one adds the index key and bumps both counts.
pub(crate) fn put_serving<S: StateWrite + ?Sized>(
    state: &mut S,
    s: &ServingEntry,
    is_new: bool,
) -> Result<(), AdaptersError> {
    state.put_proto(
        state_key::serving(&s.adapter_hash, &s.operator),
        &s.to_proto(),
    )?;
    if is_new {
        state.put_raw(
            state_key::by_operator(&s.operator, &s.adapter_hash),
            Vec::new(),
        )?;
        let ops = state
            .operator_adapter_count(&s.operator)?
            .checked_add(1)
            .ok_or(AdaptersError::Overflow)?;
        put_count(state, state_key::operator_count(&s.operator), ops)?;
        let servers = state
            .adapter_server_count(&s.adapter_hash)?
            .checked_add(1)
            .ok_or(AdaptersError::Overflow)?;
        put_count(state, state_key::server_count(&s.adapter_hash), servers)?;
    }
    Ok(())
}

/// Remove an existing serving entry, its index key, and decrement both counts.
pub(crate) fn remove_serving<S: StateWrite + ?Sized>(
    state: &mut S,
    hash: &str,
    operator: &Address,
) -> Result<(), AdaptersError> {
    state.delete(state_key::serving(hash, operator))?;
    state.delete(state_key::by_operator(operator, hash))?;
    let ops = state
        .operator_adapter_count(operator)?
        .checked_sub(1)
        .ok_or(AdaptersError::Overflow)?;
    put_count(state, state_key::operator_count(operator), ops)?;
    let servers = state
        .adapter_server_count(hash)?
        .checked_sub(1)
        .ok_or(AdaptersError::Overflow)?;
    put_count(state, state_key::server_count(hash), servers)?;
    Ok(())
}

pub(crate) fn put_uptime<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &UptimeClaim,
) -> Result<(), AdaptersError> {
    state.put_proto(state_key::uptime(&c.operator), &c.to_proto())?;
    Ok(())
}
