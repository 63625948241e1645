//! RLHF feedback rounds: bonded feedback validators, commit-reveal scoring, stake-weighted median settlement.
