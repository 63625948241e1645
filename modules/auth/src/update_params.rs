//! Parameter changes by governance.
//!
//! `/cosmos.auth.v1beta1.MsgUpdateParams` sets the SDK's fields (memo, signature limit, gas
//! costs); the OpenLedger transaction limits that the SDK message cannot carry are set with
//! `/openledger.auth.v1.MsgUpdateTxParams`. Both keep the fields they do not name, and both
//! are refused unless signed by the gov module account.

use cosmos_sdk_proto::cosmos::auth::v1beta1 as pb;
use openledger_framework::coin::parse_amount;
use openledger_framework::{Address, MsgCtx};

use crate::error::AuthError;
use crate::state::AuthWrite;

/// Name of the governance module account, the authority of parameter changes.
pub const GOV_AUTHORITY: &str = "gov";

/// Protobuf types of the OpenLedger auth messages (`openledger.auth.v1`).
pub mod proto {
    pub use openledger_proto::openledger::auth::v1::*;
}

fn authority(s: &str) -> Result<Address, AuthError> {
    s.parse()
        .map_err(|e: openledger_framework::AddressError| AuthError::InvalidAddress(e.to_string()))
}

/// `MsgUpdateParams`, validated without state.
#[derive(Debug, Clone, PartialEq)]
pub struct MsgUpdateParams {
    pub authority: Address,
    pub params: pb::Params,
}

impl TryFrom<&pb::MsgUpdateParams> for MsgUpdateParams {
    type Error = AuthError;
    fn try_from(m: &pb::MsgUpdateParams) -> Result<Self, AuthError> {
        Ok(MsgUpdateParams {
            authority: authority(&m.authority)?,
            params: m
                .params
                .clone()
                .ok_or_else(|| AuthError::InvalidParams("params are required".into()))?,
        })
    }
}

impl MsgUpdateParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

/// `MsgUpdateTxParams`, validated without state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgUpdateTxParams {
    pub authority: Address,
    pub max_tx_bytes: u64,
    pub max_msgs_per_tx: u64,
    pub min_gas_price: u128,
    pub max_gas_per_tx: u64,
}

impl TryFrom<&proto::MsgUpdateTxParams> for MsgUpdateTxParams {
    type Error = AuthError;
    fn try_from(m: &proto::MsgUpdateTxParams) -> Result<Self, AuthError> {
        Ok(MsgUpdateTxParams {
            authority: authority(&m.authority)?,
            max_tx_bytes: m.max_tx_bytes,
            max_msgs_per_tx: m.max_msgs_per_tx,
            min_gas_price: parse_amount(&m.min_gas_price)
                .map_err(|e| AuthError::InvalidParams(format!("min_gas_price: {e}")))?,
            max_gas_per_tx: m.max_gas_per_tx,
        })
    }
}

impl MsgUpdateTxParams {
    pub fn signers(&self) -> Vec<Address> {
        vec![self.authority]
    }
}

fn check_authority(ctx: &MsgCtx, authority: &Address) -> Result<(), AuthError> {
    let gov = Address::module(GOV_AUTHORITY);
    if *authority != gov || !ctx.is_signer(authority) {
        return Err(AuthError::Unauthorized(format!(
            "invalid authority; expected {gov}, got {authority}"
        )));
    }
    Ok(())
}

pub fn execute_update_params<S: AuthWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateParams,
) -> Result<(), AuthError> {
    check_authority(ctx, &msg.authority)?;
    if msg.params.sig_verify_cost_ed25519 != 0 {
        return Err(AuthError::InvalidParams(
            "sig_verify_cost_ed25519 must be 0: accounts use secp256k1 keys only".into(),
        ));
    }
    let mut params = state.auth_params()?;
    params.max_memo_characters = msg.params.max_memo_characters;
    params.tx_sig_limit = msg.params.tx_sig_limit;
    params.tx_size_cost_per_byte = msg.params.tx_size_cost_per_byte;
    params.sig_verify_cost_secp256k1 = msg.params.sig_verify_cost_secp256k1;
    params.validate()?;
    state.set_auth_params(&params)
}

pub fn execute_update_tx_params<S: AuthWrite>(
    state: &mut S,
    ctx: &MsgCtx,
    msg: &MsgUpdateTxParams,
) -> Result<(), AuthError> {
    check_authority(ctx, &msg.authority)?;
    let mut params = state.auth_params()?;
    params.max_tx_bytes = msg.max_tx_bytes;
    params.max_msgs_per_tx = msg.max_msgs_per_tx;
    params.min_gas_price = msg.min_gas_price;
    params.max_gas_per_tx = msg.max_gas_per_tx;
    params.validate()?;
    state.set_auth_params(&params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::AuthRead;
    use openledger_framework::delta::MemState;
    use openledger_framework::BlockCtx;

    fn block() -> BlockCtx {
        BlockCtx {
            chain_id: "t".into(),
            height: 1,
            time_unix_secs: 0,
            time_nanos: 0,
        }
    }

    fn sdk_params(memo: u64) -> pb::Params {
        pb::Params {
            max_memo_characters: memo,
            tx_sig_limit: 7,
            tx_size_cost_per_byte: 10,
            sig_verify_cost_ed25519: 0,
            sig_verify_cost_secp256k1: 1000,
        }
    }

    #[test]
    fn gov_changes_memo_limit_and_keeps_the_rest() {
        let mut state = MemState::empty();
        let gov = Address::module(GOV_AUTHORITY);
        let b = block();
        let signers = [gov];
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let msg = MsgUpdateParams {
            authority: gov,
            params: sdk_params(512),
        };
        execute_update_params(&mut state, &ctx, &msg).unwrap();
        let p = state.auth_params().unwrap();
        assert_eq!(p.max_memo_characters, 512);
        assert_eq!(p.min_gas_price, crate::Params::default().min_gas_price);
    }

    #[test]
    fn refuses_other_signers_and_out_of_range_values() {
        let mut state = MemState::empty();
        let b = block();
        let user = Address::from_slice(&[7; 20]).unwrap();
        let signers = [user];
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let msg = MsgUpdateParams {
            authority: user,
            params: sdk_params(512),
        };
        assert!(matches!(
            execute_update_params(&mut state, &ctx, &msg),
            Err(AuthError::Unauthorized(_))
        ));
        let gov = Address::module(GOV_AUTHORITY);
        let signers = [gov];
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let tx = MsgUpdateTxParams {
            authority: gov,
            max_tx_bytes: 10,
            max_msgs_per_tx: 1,
            min_gas_price: 1,
            max_gas_per_tx: 1_000_000,
        };
        assert!(matches!(
            execute_update_tx_params(&mut state, &ctx, &tx),
            Err(AuthError::InvalidParams(_))
        ));
        assert_eq!(state.auth_params().unwrap(), crate::Params::default());
    }
}
