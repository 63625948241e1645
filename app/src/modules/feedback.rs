//! feedback: wiring of the openledger-feedback module (its keepers and routes).

use openledger_framework::Module;

pub struct Feedback;

impl Module for Feedback {
    fn name(&self) -> &'static str {
        "feedback"
    }
}
