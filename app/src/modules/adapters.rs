//! adapters: wiring of the openledger-adapters module (its keepers and routes).

use openledger_framework::Module;

pub struct Adapters;

impl Module for Adapters {
    fn name(&self) -> &'static str {
        "adapters"
    }
}
