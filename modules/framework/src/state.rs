//! State access traits.
//!
//! Keys of the verifiable keyspace start with the name of the module substore that owns them,
//! followed by `/` (for example `bank/balance/...`). The store commits every substore in its own
//! Merkle tree and the substore roots in a root tree whose root is the app hash.

use borsh::{BorshDeserialize, BorshSerialize};
use thiserror::Error;

use crate::event::Event;

/// An ascending iterator over `(key, value)` pairs.
pub type KvIter<'a> = Box<dyn Iterator<Item = Result<(Vec<u8>, Vec<u8>), StateError>> + 'a>;

/// A failure to read or write state.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StateError {
    /// The backing store failed; the block cannot be executed.
    #[error("storage failure: {0}")]
    Storage(String),
    /// A stored value did not decode; state is corrupt or the key is misused.
    #[error("cannot decode value at {key}: {reason}")]
    Decode { key: String, reason: String },
    /// The transaction's gas limit was reached.
    #[error("out of gas: limit {limit}, wanted {wanted}")]
    OutOfGas { limit: u64, wanted: u64 },
}

impl StateError {
    pub fn decode(key: &[u8], reason: impl ToString) -> Self {
        StateError::Decode {
            key: String::from_utf8_lossy(key).into_owned(),
            reason: reason.to_string(),
        }
    }
}

/// Read access to state at one point in time.
pub trait StateRead {
    /// The value at `key` in the verifiable keyspace.
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError>;
    /// Every `(key, value)` whose key starts with `prefix`, ascending, beginning at `start`
    /// (inclusive) when given. Callers bound how many items they take.
    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a>;
    /// The value at `key` in the non-verifiable keyspace (indexes that are not committed).
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError>;
}

/// Write access to state. Writes become visible to reads of the same state at once.
pub trait StateWrite: StateRead {
    fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError>;
    fn delete(&mut self, key: Vec<u8>) -> Result<(), StateError>;
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError>;
    fn nonverifiable_delete(&mut self, key: Vec<u8>) -> Result<(), StateError>;
    /// Record an event; it is dropped together with the writes if the fork is dropped.
    fn record(&mut self, event: Event);
}

impl<T: StateRead + ?Sized> StateRead for &T {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        (**self).get_raw(key)
    }
    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a> {
        (**self).prefix_raw(prefix, start)
    }
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        (**self).nonverifiable_get_raw(key)
    }
}

impl<T: StateRead + ?Sized> StateRead for &mut T {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        (**self).get_raw(key)
    }
    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a> {
        (**self).prefix_raw(prefix, start)
    }
    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        (**self).nonverifiable_get_raw(key)
    }
}

impl<T: StateWrite + ?Sized> StateWrite for &mut T {
    fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        (**self).put_raw(key, value)
    }
    fn delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        (**self).delete(key)
    }
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        (**self).nonverifiable_put_raw(key, value)
    }
    fn nonverifiable_delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        (**self).nonverifiable_delete(key)
    }
    fn record(&mut self, event: Event) {
        (**self).record(event)
    }
}

/// Typed reads on top of [`StateRead`].
pub trait StateReadExt: StateRead {
    fn get_borsh<T: BorshDeserialize>(&self, key: &[u8]) -> Result<Option<T>, StateError> {
        match self.get_raw(key)? {
            None => Ok(None),
            Some(bytes) => T::try_from_slice(&bytes)
                .map(Some)
                .map_err(|e| StateError::decode(key, e)),
        }
    }
    fn get_proto<T: prost::Message + Default>(&self, key: &[u8]) -> Result<Option<T>, StateError> {
        match self.get_raw(key)? {
            None => Ok(None),
            Some(bytes) => T::decode(bytes.as_slice())
                .map(Some)
                .map_err(|e| StateError::decode(key, e)),
        }
    }
    fn nonverifiable_get_borsh<T: BorshDeserialize>(
        &self,
        key: &[u8],
    ) -> Result<Option<T>, StateError> {
        match self.nonverifiable_get_raw(key)? {
            None => Ok(None),
            Some(bytes) => T::try_from_slice(&bytes)
                .map(Some)
                .map_err(|e| StateError::decode(key, e)),
        }
    }
}
impl<S: StateRead + ?Sized> StateReadExt for S {}

/// Typed writes on top of [`StateWrite`].
pub trait StateWriteExt: StateWrite {
    fn put_borsh<T: BorshSerialize>(&mut self, key: Vec<u8>, value: &T) -> Result<(), StateError> {
        let bytes = borsh::to_vec(value).map_err(|e| StateError::Storage(e.to_string()))?;
        self.put_raw(key, bytes)
    }
    fn put_proto<T: prost::Message>(&mut self, key: Vec<u8>, value: &T) -> Result<(), StateError> {
        self.put_raw(key, value.encode_to_vec())
    }
    fn nonverifiable_put_borsh<T: BorshSerialize>(
        &mut self,
        key: Vec<u8>,
        value: &T,
    ) -> Result<(), StateError> {
        let bytes = borsh::to_vec(value).map_err(|e| StateError::Storage(e.to_string()))?;
        self.nonverifiable_put_raw(key, bytes)
    }
}
impl<S: StateWrite + ?Sized> StateWriteExt for S {}

/// The smallest key greater than every key that starts with `prefix`, if any.
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last.wrapping_add(1));
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_increments_last_byte_and_carries() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[1, 0xff]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xff, 0xff]), None);
    }
}
