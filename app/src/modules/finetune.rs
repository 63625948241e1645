//! finetune: wiring of the openledger-finetune module (its keepers and routes).

use openledger_framework::Module;

pub struct Finetune;

impl Module for Finetune {
    fn name(&self) -> &'static str {
        "finetune"
    }
}
