//! The module abstraction, in the manner of Penumbra's `Component` and the Cosmos SDK's
//! `AppModule`: what the app needs to know of a module to run a chain with it.
//!
//! * genesis: validate, init and export the module's field of the genesis `app_state`;
//! * block hooks: begin and end block;
//! * invariants, checked at genesis and after every block in tests;
//! * the version of its state and the migrations between versions, run by upgrades;
//! * message routes: type URL -> stateless decoding (with the module's own validation) and
//!   execution, and whether a governance proposal may carry the message;
//! * query routes: gRPC method path -> a handler over read-only state, one table serving ABCI
//!   `Query` and gRPC alike.
//!
//! The app holds one explicit, ordered list of modules (order is consensus) and loops over it.
//! A module's implementation sits beside its keeper wiring: it calls the module crate's
//! handlers with the keepers the app provides.

use std::any::Any as StdAny;

use cosmos_sdk_proto::Any;
use prost::{Message, Name};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{sdk, CallError, ModuleError};
use crate::{Address, BlockCtx, Misbehavior, MsgCtx, StateRead, StateWrite, ValidatorUpdate};
use crate::{StateError, VoteInfo};

/// What begin block hands every module: the last commit's votes and the evidence of
/// misbehaviour in the block.
#[derive(Debug, Clone, Copy)]
pub struct BeginBlock<'a> {
    pub ctx: &'a BlockCtx,
    pub votes: &'a [VoteInfo],
    pub misbehavior: &'a [Misbehavior],
}

/// A decoded message of some module, behind type erasure; only its route knows the type.
pub type AnyMsg = Box<dyn StdAny + Send + Sync>;

/// Decode an `Any` into the module's domain message, validated without state, with its
/// signers.
pub type DecodeFn = fn(&Any) -> Result<(AnyMsg, Vec<Address>), CallError>;

/// Run a message decoded by the same route; answers the message's response in an `Any`.
pub type ExecuteFn =
    fn(&mut dyn StateWrite, &MsgCtx, &(dyn StdAny + Send + Sync)) -> Result<Any, CallError>;

/// One message a module handles.
#[derive(Debug, Clone)]
pub struct MsgRoute {
    /// `/package.Message`, from the generated type's `prost::Name`.
    pub type_url: String,
    /// A governance proposal may carry it (parameter changes and other acts of governance).
    pub proposal: bool,
    pub decode: DecodeFn,
    pub execute: ExecuteFn,
}

/// Answer a query: the protobuf request bytes in, the protobuf response bytes out.
pub type QueryFn = fn(&dyn StateRead, &[u8]) -> Result<Vec<u8>, CallError>;

/// One query method a module serves.
#[derive(Debug, Clone, Copy)]
pub struct QueryRoute {
    /// `/package.Query/Method`: a generated constant of `openledger_proto::methods`.
    pub path: &'static str,
    pub handle: QueryFn,
}

/// A module of the chain. Every method has a default that does nothing, so a module states
/// only what it has.
pub trait Module: Send + Sync {
    /// The module's name: its field in the genesis `app_state` and its `message.module`
    /// event attribute.
    fn name(&self) -> &'static str;

    /// The module's genesis field of a new chain (`openledgerd init`); `None` for a module
    /// without genesis.
    fn default_genesis(&self) -> Option<serde_json::Value> {
        None
    }

    /// Check the module's genesis (its `app_state` field; `null` when absent) without state.
    fn validate_genesis(&self, _genesis: &serde_json::Value) -> Result<(), CallError> {
        Ok(())
    }

    /// Write the module's genesis into state (validated first by the app).
    fn init_genesis(
        &self,
        _state: &mut dyn StateWrite,
        _genesis: &serde_json::Value,
    ) -> Result<(), CallError> {
        Ok(())
    }

    /// The module's state as its genesis field; `None` for a module without genesis.
    fn export_genesis(
        &self,
        _state: &dyn StateRead,
    ) -> Result<Option<serde_json::Value>, CallError> {
        Ok(None)
    }

    fn begin_block(
        &self,
        _state: &mut dyn StateWrite,
        _block: &BeginBlock<'_>,
    ) -> Result<(), CallError> {
        Ok(())
    }

    /// End block; the validator updates are CometBFT's (only staking has any).
    fn end_block(
        &self,
        _state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
    ) -> Result<Vec<ValidatorUpdate>, CallError> {
        Ok(Vec::new())
    }

    /// The module's invariants; the first broken one, described. They scan whole states: for
    /// genesis, tests and audits, never inside block execution.
    fn check_invariants(&self, _state: &dyn StateRead) -> Result<(), String> {
        Ok(())
    }

    /// The version of the module's state layout (the SDK's `ConsensusVersion`): 1 at first,
    /// one more with each migration the module declares in [`Module::migrate`]. The upgrade
    /// module stores every module's version; an upgrade handler migrates the modules whose
    /// version in the binary is above the stored one.
    fn consensus_version(&self) -> u64 {
        1
    }

    /// Move the module's state from version `from` to `from + 1`, inside the block of an
    /// upgrade (deterministic, bounded, like any block hook). A module that raises its
    /// [`Module::consensus_version`] implements every step up to it.
    fn migrate(
        &self,
        _state: &mut dyn StateWrite,
        _ctx: &BlockCtx,
        from: u64,
    ) -> Result<(), CallError> {
        Err(CallError::new(
            sdk::CODESPACE,
            sdk::INTERNAL,
            format!("{}: no migration from version {from}", self.name()),
        ))
    }

    fn msg_routes(&self) -> Vec<MsgRoute> {
        Vec::new()
    }

    fn query_routes(&self) -> Vec<QueryRoute> {
        Vec::new()
    }
}

/// A module's genesis field as its typed state; `null` (absent) is the default.
pub fn genesis_from_json<G: DeserializeOwned + Default>(
    module: &str,
    value: &serde_json::Value,
) -> Result<G, CallError> {
    if value.is_null() {
        return Ok(G::default());
    }
    // Deserialised from the borrowed tree: a clone of a large genesis (a million balances)
    // would hold it twice.
    G::deserialize(value).map_err(|e| {
        CallError::new(
            sdk::CODESPACE,
            sdk::INVALID_REQUEST,
            format!("{module} genesis: {e}"),
        )
    })
}

/// The default of a module's typed genesis, as its JSON field.
pub fn default_genesis<G: Default + Serialize>() -> Option<serde_json::Value> {
    serde_json::to_value(G::default()).ok()
}

/// A module's typed genesis as its JSON field.
pub fn genesis_to_json<G: Serialize>(
    module: &str,
    genesis: &G,
) -> Result<serde_json::Value, CallError> {
    serde_json::to_value(genesis).map_err(|e| {
        CallError::new(
            sdk::CODESPACE,
            sdk::INTERNAL,
            format!("{module} genesis: {e}"),
        )
    })
}

/// Decode `any` as `T`, refusing bytes that are not `T`'s canonical encoding (unknown fields,
/// out-of-order or repeated fields), so one message has one encoding and one signature.
pub fn decode_canonical<T: Message + Default>(any: &Any) -> Result<T, CallError> {
    let m = T::decode(any.value.as_slice()).map_err(|e| {
        CallError::new(
            sdk::CODESPACE,
            sdk::TX_DECODE,
            format!("{}: {e}", any.type_url),
        )
    })?;
    if m.encoded_len() != any.value.len() || m.encode_to_vec() != any.value {
        return Err(CallError::new(
            sdk::CODESPACE,
            sdk::TX_DECODE,
            format!("{}: unknown or non-canonical fields", any.type_url),
        ));
    }
    Ok(m)
}

/// Decode a query request.
pub fn decode_request<T: Message + Default>(data: &[u8]) -> Result<T, CallError> {
    T::decode(data).map_err(|e| {
        CallError::new(
            sdk::CODESPACE,
            sdk::INVALID_REQUEST,
            format!("cannot decode request: {e}"),
        )
    })
}

/// `m` packed into an `Any` under its type URL.
pub fn pack<M: Message + Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}

/// A handler's result as the message's response: `response` builds it from the value the
/// handler returned; a refusal keeps the module's codespace and code.
pub fn respond<T, E: ModuleError, M: Message + Name>(
    result: Result<T, E>,
    response: impl FnOnce(T) -> M,
) -> Result<Any, CallError> {
    result
        .map(|v| pack(&response(v)))
        .map_err(|e| CallError::from_module(&e))
}

/// The message a route decoded, as its concrete type. A mismatch is a wiring bug of the app,
/// reported as an internal error.
pub fn downcast<T: 'static>(msg: &(dyn StdAny + Send + Sync)) -> Result<&T, CallError> {
    msg.downcast_ref::<T>().ok_or_else(|| {
        CallError::from(StateError::Storage(format!(
            "message routed to the wrong handler (expected {})",
            std::any::type_name::<T>()
        )))
    })
}

/// Message routes from `Proto => Domain => |state, ctx, msg| handler` lines: the proto type
/// gives the type URL and canonical decoding, `Domain::try_from(&proto)` the module's own
/// stateless validation, `msg.signers()` the signers. `proposal` marks messages governance
/// may execute.
///
/// ```ignore
/// msg_routes![
///     bank_pb::MsgSend => bank::MsgSend
///         => |s, c, m| respond(bank::execute_send(s, c, m), |()| bank_pb::MsgSendResponse {}),
///     proposal bank_pb::MsgUpdateParams => bank::MsgUpdateParams => |s, c, m| ...,
/// ]
/// ```
#[macro_export]
macro_rules! msg_routes {
    ($($(#[$proposal:ident])? $proto:ty => $domain:ty => |$s:ident, $c:ident, $m:ident| $body:expr),* $(,)?) => {
        vec![$(
            $crate::module::MsgRoute {
                type_url: <$proto as $crate::module::__Name>::type_url(),
                proposal: $crate::msg_routes!(@proposal $($proposal)?),
                decode: |any| {
                    let p: $proto = $crate::module::decode_canonical(any)?;
                    let d = <$domain>::try_from(&p)
                        .map_err(|e| $crate::CallError::from_module(&e))?;
                    let signers = d.signers();
                    Ok((::std::boxed::Box::new(d), signers))
                },
                execute: |state, $c, msg| {
                    let $m: &$domain = $crate::module::downcast(msg)?;
                    let mut $s = state;
                    let $s = &mut $s;
                    $body
                },
            },
        )*]
    };
    (@proposal proposal) => { true };
    (@proposal) => { false };
}

/// Query routes from `PATH => Request => |state, request| handler` lines: decode the request,
/// call, encode the response; a refusal keeps the module's codespace and code.
#[macro_export]
macro_rules! query_routes {
    ($($path:path => $req:ty => |$s:ident, $r:ident| $body:expr),* $(,)?) => {
        vec![$(
            $crate::module::QueryRoute {
                path: $path,
                handle: |state, data| {
                    let $s = &state;
                    let $r: $req = $crate::module::decode_request(data)?;
                    let $r = &$r;
                    let resp = ($body).map_err(|e| $crate::CallError::from_module(&e))?;
                    Ok($crate::module::__Message::encode_to_vec(&resp))
                },
            },
        )*]
    };
}

/// The four genesis methods of a [`Module`] whose genesis type has `validate()`,
/// `init(state, extra args…)` and `export(state)`: `genesis_methods!(bank::GenesisState);`, or
/// with the keepers its init needs, `genesis_methods!(models::GenesisState, init(&Keeper));`.
#[macro_export]
macro_rules! genesis_methods {
    ($g:ty $(, init($($arg:expr),*))?) => {
        fn default_genesis(&self) -> ::std::option::Option<::serde_json::Value> {
            $crate::module::default_genesis::<$g>()
        }

        fn validate_genesis(&self, genesis: &::serde_json::Value) -> Result<(), $crate::CallError> {
            let g: $g = $crate::module::genesis_from_json(self.name(), genesis)?;
            g.validate().map_err(|e| $crate::CallError::from_module(&e))
        }

        fn init_genesis(
            &self,
            mut state: &mut dyn $crate::StateWrite,
            genesis: &::serde_json::Value,
        ) -> Result<(), $crate::CallError> {
            let g: $g = $crate::module::genesis_from_json(self.name(), genesis)?;
            g.init(&mut state $($(, $arg)*)?)
                .map_err(|e| $crate::CallError::from_module(&e))
        }

        fn export_genesis(
            &self,
            state: &dyn $crate::StateRead,
        ) -> Result<::std::option::Option<::serde_json::Value>, $crate::CallError> {
            let g = <$g>::export(&state).map_err(|e| $crate::CallError::from_module(&e))?;
            $crate::module::genesis_to_json(self.name(), &g).map(Some)
        }
    };
}

#[doc(hidden)]
pub use prost::Message as __Message;
#[doc(hidden)]
pub use prost::Name as __Name;
