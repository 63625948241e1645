//! [`register_adapter`]: the one path that adds an adapter to the registry, used by
//! `MsgRegisterAdapter` and by the finetune module when a creator accepts a job.

use openledger_framework::{BlockCtx, StateWrite};

use crate::adapter::{check_hash, check_licence, Adapter, AdapterSpec};
use crate::error::AdaptersError;
use crate::event;
use crate::params::check_len;
use crate::state::{self, AdaptersRead};

/// Check `spec` against the params and record it at `block.height`, owned by `spec.owner`.
///
/// The first registrant of a hash owns it: registering a hash already in the registry is
/// refused ([`AdaptersError::AdapterExists`]), whoever asks, so the first transaction included
/// wins. This checks the spec's own syntax and limits only; how it relates to its model (the
/// model exists, `model_version` is one of its versions, `base_model` is the model's, the
/// owner may register for it) is the caller's to check: the `MsgRegisterAdapter` handler
/// asks the models keeper, the finetune module registers the adapter of a job it accepted.
pub fn register_adapter<S: StateWrite + ?Sized>(
    state: &mut S,
    block: &BlockCtx,
    spec: AdapterSpec,
) -> Result<(), AdaptersError> {
    let params = state.adapters_params()?;
    check_hash(&spec.hash)?;
    if spec.model_id == 0 {
        return Err(AdaptersError::UnknownModel(0));
    }
    if spec.base_model.trim().is_empty() {
        return Err(AdaptersError::Empty("base_model"));
    }
    check_len("base_model", &spec.base_model, params.max_base_model_len)?;
    if spec.rank == 0 || spec.rank > params.max_rank {
        return Err(AdaptersError::InvalidRank {
            rank: spec.rank,
            max: params.max_rank,
        });
    }
    if spec.size_bytes == 0 {
        return Err(AdaptersError::ZeroSize);
    }
    check_licence(&spec.licence, params.max_licence_len)?;
    if let Some(existing) = state.adapter(&spec.hash)? {
        return Err(AdaptersError::AdapterExists {
            hash: spec.hash,
            owner: existing.owner.to_string(),
        });
    }
    let adapter = Adapter::from_spec(spec, block.height);
    state::put_adapter(state, &adapter)?;
    state.record(event::adapter_registered(&adapter));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use openledger_framework::delta::MemState;
    use openledger_framework::Address;
    use openledger_framework::StateRead;

    fn block(height: u64) -> BlockCtx {
        BlockCtx {
            chain_id: "test".into(),
            height,
            time_unix_secs: 1_700_000_000,
            time_nanos: 0,
        }
    }

    fn spec(owner: u8) -> AdapterSpec {
        AdapterSpec {
            hash: "ab01".into(),
            model_id: 1,
            model_version: 0,
            base_model: "llama-3-8b".into(),
            rank: 16,
            size_bytes: 1 << 20,
            licence: "Apache-2.0".into(),
            job_id: 7,
            owner: Address([owner; 20]),
        }
    }

    #[test]
    fn registers_and_indexes_with_an_event() {
        let mut s = MemState::empty();
        register_adapter(&mut s, &block(5), spec(1)).unwrap();
        let a = s.adapter("ab01").unwrap().unwrap();
        assert_eq!(a, Adapter::from_spec(spec(1), 5));
        assert!(s
            .get_raw(&crate::state_key::by_model(1, 0, "ab01"))
            .unwrap()
            .is_some());
        let events = s.take_events();
        assert_eq!(events.len(), 1);
        assert_eq!(
            events[0].kind,
            "openledger.adapters.v1.EventAdapterRegistered"
        );
    }

    /// The first registrant owns the hash: a later copy is refused, by anyone, and changes
    /// nothing.
    #[test]
    fn first_registrant_wins() {
        let mut s = MemState::empty();
        register_adapter(&mut s, &block(5), spec(1)).unwrap();
        for owner in [2, 1] {
            let mut copy = spec(owner);
            copy.model_id = 9;
            let err = register_adapter(&mut s, &block(6), copy).unwrap_err();
            assert!(matches!(err, AdaptersError::AdapterExists { .. }), "{err}");
        }
        assert_eq!(s.adapter("ab01").unwrap().unwrap().owner, Address([1; 20]));
    }

    #[test]
    fn bad_specs_are_refused_without_state_change() {
        type Check = fn(&AdaptersError) -> bool;
        let cases: Vec<(AdapterSpec, Check)> = vec![
            (
                AdapterSpec {
                    hash: "AB".into(),
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::InvalidHash(_)),
            ),
            (
                AdapterSpec {
                    model_id: 0,
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::UnknownModel(0)),
            ),
            (
                AdapterSpec {
                    base_model: " ".into(),
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::Empty(_)),
            ),
            (
                AdapterSpec {
                    base_model: "x".repeat(513),
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::TooLong { .. }),
            ),
            (AdapterSpec { rank: 0, ..spec(1) }, |e| {
                matches!(e, AdaptersError::InvalidRank { .. })
            }),
            (
                AdapterSpec {
                    rank: 1025,
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::InvalidRank { .. }),
            ),
            (
                AdapterSpec {
                    size_bytes: 0,
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::ZeroSize),
            ),
            (
                AdapterSpec {
                    licence: "MIT OR".into(),
                    ..spec(1)
                },
                |e| matches!(e, AdaptersError::InvalidLicence(_)),
            ),
        ];
        for (bad, want) in cases {
            let mut s = MemState::empty();
            let err = register_adapter(&mut s, &block(1), bad).unwrap_err();
            assert!(want(&err), "{err}");
            assert!(s.changes().is_empty());
        }
    }
}
