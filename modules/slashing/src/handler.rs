//! Message execution: one file per message.

mod unjail;
mod update_params;

pub use unjail::execute as execute_unjail;
pub use update_params::{
    execute as execute_update_params, execute_evidence as execute_update_evidence_params,
};
