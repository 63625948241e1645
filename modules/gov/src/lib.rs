//! gOPEN governance staking and Cosmos gov v1 proposals, deposits, votes and execution.
