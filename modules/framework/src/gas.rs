//! Gas: a meter per transaction and a state wrapper that charges for every access.
//!
//! Costs follow the Cosmos SDK's `KVGasConfig` so that gas estimates look familiar to users.

use std::cell::Cell;

use crate::event::Event;
use crate::state::{KvIter, StateError, StateRead, StateWrite};

/// Per-access gas costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasConfig {
    pub has_cost: u64,
    pub delete_cost: u64,
    pub read_cost_flat: u64,
    pub read_cost_per_byte: u64,
    pub write_cost_flat: u64,
    pub write_cost_per_byte: u64,
    pub iter_next_cost_flat: u64,
}

impl GasConfig {
    pub const KV: GasConfig = GasConfig {
        has_cost: 1000,
        delete_cost: 1000,
        read_cost_flat: 1000,
        read_cost_per_byte: 3,
        write_cost_flat: 2000,
        write_cost_per_byte: 30,
        iter_next_cost_flat: 30,
    };
}

/// Counts gas against a limit. Interior mutability lets read-only access charge too.
#[derive(Debug)]
pub struct GasMeter {
    limit: u64,
    consumed: Cell<u64>,
}

impl GasMeter {
    pub fn new(limit: u64) -> Self {
        GasMeter {
            limit,
            consumed: Cell::new(0),
        }
    }

    /// A meter that never runs out (genesis, block hooks, queries).
    pub fn infinite() -> Self {
        GasMeter::new(u64::MAX)
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn consumed(&self) -> u64 {
        self.consumed.get()
    }

    /// Charge `amount`. On overflow of the limit the meter is left at the limit and
    /// [`StateError::OutOfGas`] is returned.
    pub fn consume(&self, amount: u64) -> Result<(), StateError> {
        let wanted = self.consumed.get().saturating_add(amount);
        if wanted > self.limit {
            self.consumed.set(self.limit);
            return Err(StateError::OutOfGas {
                limit: self.limit,
                wanted,
            });
        }
        self.consumed.set(wanted);
        Ok(())
    }

    fn consume_bytes(&self, flat: u64, per_byte: u64, bytes: usize) -> Result<(), StateError> {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        self.consume(flat.saturating_add(per_byte.saturating_mul(bytes)))
    }
}

/// A state that charges the meter for every read, write and iteration step.
pub struct GasMeteredState<'a, S> {
    inner: S,
    meter: &'a GasMeter,
    config: GasConfig,
}

impl<'a, S> GasMeteredState<'a, S> {
    pub fn new(inner: S, meter: &'a GasMeter, config: GasConfig) -> Self {
        GasMeteredState {
            inner,
            meter,
            config,
        }
    }

    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S: StateRead> StateRead for GasMeteredState<'_, S> {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        self.meter.consume_bytes(
            self.config.read_cost_flat,
            self.config.read_cost_per_byte,
            key.len(),
        )?;
        let value = self.inner.get_raw(key)?;
        if let Some(v) = &value {
            self.meter
                .consume_bytes(0, self.config.read_cost_per_byte, v.len())?;
        }
        Ok(value)
    }

    fn prefix_raw<'b>(&'b self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'b> {
        let meter = self.meter;
        let config = self.config;
        Box::new(self.inner.prefix_raw(prefix, start).map(move |item| {
            let (k, v) = item?;
            meter.consume(config.iter_next_cost_flat)?;
            meter.consume_bytes(
                0,
                config.read_cost_per_byte,
                k.len().saturating_add(v.len()),
            )?;
            Ok((k, v))
        }))
    }

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        self.meter.consume_bytes(
            self.config.read_cost_flat,
            self.config.read_cost_per_byte,
            key.len(),
        )?;
        self.inner.nonverifiable_get_raw(key)
    }
}

impl<S: StateWrite> StateWrite for GasMeteredState<'_, S> {
    fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        self.meter.consume_bytes(
            self.config.write_cost_flat,
            self.config.write_cost_per_byte,
            key.len().saturating_add(value.len()),
        )?;
        self.inner.put_raw(key, value)
    }
    fn delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        self.meter.consume(self.config.delete_cost)?;
        self.inner.delete(key)
    }
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        self.meter.consume_bytes(
            self.config.write_cost_flat,
            self.config.write_cost_per_byte,
            key.len().saturating_add(value.len()),
        )?;
        self.inner.nonverifiable_put_raw(key, value)
    }
    fn nonverifiable_delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        self.meter.consume(self.config.delete_cost)?;
        self.inner.nonverifiable_delete(key)
    }
    fn record(&mut self, event: Event) {
        self.inner.record(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delta::MemState;

    #[test]
    fn meter_stops_at_limit() {
        let meter = GasMeter::new(100);
        meter.consume(60).unwrap();
        assert_eq!(
            meter.consume(50),
            Err(StateError::OutOfGas {
                limit: 100,
                wanted: 110
            })
        );
        assert_eq!(meter.consumed(), 100);
    }

    #[test]
    fn writes_and_reads_are_charged_by_size() {
        let meter = GasMeter::infinite();
        let mut base = MemState::empty();
        let mut s = GasMeteredState::new(&mut base, &meter, GasConfig::KV);
        s.put_raw(b"key".to_vec(), b"value".to_vec()).unwrap();
        assert_eq!(meter.consumed(), 2000 + 30 * 8);
        s.get_raw(b"key").unwrap();
        assert_eq!(meter.consumed(), 2000 + 30 * 8 + 1000 + 3 * 3 + 3 * 5);
    }

    #[test]
    fn out_of_gas_write_is_refused() {
        let meter = GasMeter::new(10);
        let mut base = MemState::empty();
        let mut s = GasMeteredState::new(&mut base, &meter, GasConfig::KV);
        assert!(s.put_raw(b"k".to_vec(), b"v".to_vec()).is_err());
        assert_eq!(base.get_raw(b"k").unwrap(), None);
    }
}
