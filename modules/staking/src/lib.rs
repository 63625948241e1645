//! Validators, delegations, unbonding and redelegation; the validator set CometBFT follows.
