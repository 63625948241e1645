//! Message execution: one file per message. Every handler checks its signer, refuses with a
//! typed error and may fail midway: the caller drops the fork on error.

mod begin_unlock;
mod delegate_votes;
mod deposit;
mod lock;
mod submit_proposal;
mod update_params;
mod vote;

pub use begin_unlock::execute as execute_begin_unlock;
pub use delegate_votes::execute as execute_delegate_votes;
pub use deposit::execute as execute_deposit;
pub use lock::execute as execute_lock;
pub use submit_proposal::execute as execute_submit_proposal;
pub use update_params::execute as execute_update_params;
pub use update_params::execute_limits as execute_update_gov_limits;
pub use vote::{execute as execute_vote, execute_weighted as execute_vote_weighted};

pub(crate) use deposit::{add_deposit, check_deposit_denoms};
