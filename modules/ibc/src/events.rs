//! IBC events as ibc-go emits them, with every attribute indexed: relayers find packets by
//! `tx_search` on these attributes, which CometBFT answers only for indexed ones.

use ibc::core::handler::types::events::IbcEvent;
use openledger_framework::{Event, StateWrite};

/// Record `event` on the state as a Cosmos event.
pub fn record_ibc_event(state: &mut dyn StateWrite, event: IbcEvent) -> Result<(), String> {
    let abci = tendermint::abci::Event::try_from(event).map_err(|e| e.to_string())?;
    let mut out = Event::new(abci.kind);
    for a in &abci.attributes {
        let key = a.key_str().map_err(|e| e.to_string())?;
        let value = a.value_str().map_err(|e| e.to_string())?;
        out = out.attr(key, value);
    }
    state.record(out);
    Ok(())
}
