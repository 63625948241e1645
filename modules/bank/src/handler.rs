//! Message execution: one file per message.

mod multi_send;
mod send;

pub use multi_send::execute as execute_multi_send;
pub use send::execute as execute_send;
