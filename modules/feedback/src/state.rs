//! The only way to touch feedback state. [`FeedbackRead`] is public (the app answers the
//! models deploy gate through it); writes stay inside this crate.

use openledger_framework::{
    Address, StateError, StateRead, StateReadExt, StateWrite, StateWriteExt,
};

use crate::error::FeedbackError;
use crate::params::Params;
use crate::proto;
use crate::state_key;
use crate::types::{Commitment, Round, RoundResult, Unbonding, Validator};

/// Name of the module account that escrows bonds and reward pools.
pub const FEEDBACK_MODULE: &str = "feedback";

/// `Address::module("feedback")`: the escrow.
pub fn feedback_address() -> Address {
    Address::module(FEEDBACK_MODULE)
}

/// `Address::module("gov")`: the authority of `MsgUpdateParams`.
pub fn gov_address() -> Address {
    Address::module(openledger_auth::GOV_AUTHORITY)
}

pub(crate) fn decode<T: borsh::BorshDeserialize>(
    key: &[u8],
    bytes: &[u8],
) -> Result<T, FeedbackError> {
    T::try_from_slice(bytes).map_err(|e| FeedbackError::State(StateError::decode(key, e)))
}

/// Feedback state other modules and the app may read.
pub trait FeedbackRead: StateRead {
    fn feedback_params(&self) -> Result<Params, FeedbackError> {
        match self.get_proto::<proto::Params>(&state_key::params())? {
            None => Ok(Params::default()),
            Some(p) => Params::from_proto(&p),
        }
    }

    /// The id the next funded round gets (1 on a fresh chain).
    fn next_round_id(&self) -> Result<u64, FeedbackError> {
        let key = state_key::next_round_id();
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

    fn feedback_validator(&self, a: &Address) -> Result<Option<Validator>, FeedbackError> {
        Ok(self.get_borsh(&state_key::validator(a))?)
    }

    fn unbonding(&self, a: &Address) -> Result<Option<Unbonding>, FeedbackError> {
        Ok(self.get_borsh(&state_key::unbonding(a))?)
    }

    fn round(&self, id: u64) -> Result<Option<Round>, FeedbackError> {
        Ok(self.get_borsh(&state_key::round(id))?)
    }

    fn commitment(&self, round_id: u64, v: &Address) -> Result<Option<Commitment>, FeedbackError> {
        Ok(self.get_borsh(&state_key::commitment(round_id, v))?)
    }

    /// The commitments of a round, by validator address. A round holds at most
    /// `max_validators_per_round` of them.
    fn commitments(&self, round_id: u64) -> Result<Vec<Commitment>, FeedbackError> {
        let mut out = Vec::new();
        for item in self.prefix_raw(&state_key::commitments_of(round_id), None) {
            let (k, v) = item?;
            out.push(decode(&k, &v)?);
        }
        Ok(out)
    }

    fn round_result(&self, round_id: u64) -> Result<Option<RoundResult>, FeedbackError> {
        Ok(self.get_borsh(&state_key::result(round_id))?)
    }

    /// Whether model `model_id` has a settled round on `version`: one read.
    fn has_settled_round(&self, model_id: u64, version: u64) -> Result<bool, FeedbackError> {
        let prefix = state_key::settled_of(model_id, version);
        match self.prefix_raw(&prefix, None).next() {
            None => Ok(false),
            Some(item) => item.map(|_| true).map_err(FeedbackError::from),
        }
    }
}
impl<S: StateRead + ?Sized> FeedbackRead for S {}

pub(crate) fn set_params<S: StateWrite + ?Sized>(
    state: &mut S,
    params: &Params,
) -> Result<(), FeedbackError> {
    params.validate()?;
    state.put_proto(state_key::params(), &params.to_proto())?;
    Ok(())
}

pub(crate) fn set_next_round_id<S: StateWrite + ?Sized>(
    state: &mut S,
    id: u64,
) -> Result<(), FeedbackError> {
    state.put_raw(state_key::next_round_id(), id.to_be_bytes().to_vec())?;
    Ok(())
}

pub(crate) fn put_validator<S: StateWrite + ?Sized>(
    state: &mut S,
    v: &Validator,
) -> Result<(), FeedbackError> {
    state.put_borsh(state_key::validator(&v.address), v)?;
    Ok(())
}

/// Record an unbonding and queue it by completion height.
pub(crate) fn put_unbonding<S: StateWrite + ?Sized>(
    state: &mut S,
    u: &Unbonding,
) -> Result<(), FeedbackError> {
    state.put_borsh(state_key::unbonding(&u.address), u)?;
    state.put_raw(
        state_key::unbond_queue(u.completion_height, &u.address),
        Vec::new(),
    )?;
    Ok(())
}

pub(crate) fn delete_unbonding<S: StateWrite + ?Sized>(
    state: &mut S,
    u: &Unbonding,
) -> Result<(), FeedbackError> {
    state.delete(state_key::unbonding(&u.address))?;
    state.delete(state_key::unbond_queue(u.completion_height, &u.address))?;
    Ok(())
}

pub(crate) fn put_round<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Round,
) -> Result<(), FeedbackError> {
    state.put_borsh(state_key::round(r.id), r)?;
    Ok(())
}

/// Write a new round with its model index and, unless settled, its settlement queue entry.
pub(crate) fn index_round<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &Round,
) -> Result<(), FeedbackError> {
    state.put_raw(state_key::round_by_model(r.model_id, r.id), Vec::new())?;
    if r.settled {
        state.put_raw(
            state_key::settled(r.model_id, r.model_version, r.id),
            Vec::new(),
        )?;
    } else {
        state.put_raw(
            state_key::settle_queue(r.reveal_deadline_height, r.id),
            Vec::new(),
        )?;
    }
    Ok(())
}

pub(crate) fn put_commitment<S: StateWrite + ?Sized>(
    state: &mut S,
    c: &Commitment,
) -> Result<(), FeedbackError> {
    state.put_borsh(state_key::commitment(c.round_id, &c.validator), c)?;
    Ok(())
}

pub(crate) fn put_result<S: StateWrite + ?Sized>(
    state: &mut S,
    r: &RoundResult,
) -> Result<(), FeedbackError> {
    state.put_borsh(state_key::result(r.round_id), r)?;
    Ok(())
}
