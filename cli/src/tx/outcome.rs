//! The result of a transaction as the chain reports it, for `tx ...` and `query tx`.

use serde::Serialize;
use tendermint_rpc::endpoint::tx;

use crate::events::{self, Event};
use crate::output::Render;

/// `{txhash, height, code, codespace, raw_log, gas_wanted, gas_used, events}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TxOutcome {
    /// SHA-256 of the transaction bytes, uppercase hex.
    pub txhash: String,
    /// Block height; 0 while the transaction is not in a block.
    pub height: u64,
    pub code: u32,
    pub codespace: String,
    pub raw_log: String,
    pub gas_wanted: i64,
    pub gas_used: i64,
    pub events: Vec<Event>,
}

impl TxOutcome {
    /// An outcome known only by hash (broadcast without waiting).
    pub fn pending(txhash: String) -> Self {
        Self {
            txhash,
            height: 0,
            code: 0,
            codespace: String::new(),
            raw_log: String::new(),
            gas_wanted: 0,
            gas_used: 0,
            events: Vec::new(),
        }
    }

    /// The result of a transaction included in a block (CometBFT `/tx`).
    pub fn from_included(response: &tx::Response) -> Self {
        let result = &response.tx_result;
        Self {
            txhash: response.hash.to_string(),
            height: response.height.value(),
            code: result.code.value(),
            codespace: result.codespace.clone(),
            raw_log: result.log.clone(),
            gas_wanted: result.gas_wanted,
            gas_used: result.gas_used,
            events: events::convert(&result.events),
        }
    }

    pub fn is_success(&self) -> bool {
        self.code == 0
    }
}

impl Render for TxOutcome {
    fn text(&self) -> String {
        let mut text = format!("txhash:  {}\n", self.txhash);
        if self.height > 0 {
            text.push_str(&format!("height:  {}\n", self.height));
        }
        if self.is_success() {
            text.push_str("code:    0 (success)\n");
        } else {
            text.push_str(&format!(
                "code:    {} (codespace {:?}) FAILED\n",
                self.code, self.codespace
            ));
        }
        if self.gas_wanted != 0 || self.gas_used != 0 {
            text.push_str(&format!(
                "gas:     {} used / {} wanted\n",
                self.gas_used, self.gas_wanted
            ));
        }
        if !self.raw_log.is_empty() {
            text.push_str(&format!("raw log: {}\n", self.raw_log));
        }
        if !self.events.is_empty() {
            text.push_str("events:\n");
            text.push_str(&events::text(&self.events));
        }
        text
    }
}
