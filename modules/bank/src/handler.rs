//! Message execution: one file per message.

mod multi_send;
mod send;
mod update_params;

pub use multi_send::execute as execute_multi_send;
pub use send::execute as execute_send;
pub use update_params::execute as execute_update_params;
