//! What a handler knows about the block and the transaction it runs in.

use crate::address::Address;

/// Block header facts. Time comes from the header, never from the wall clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockCtx {
    pub chain_id: String,
    pub height: u64,
    /// Block time as seconds since the Unix epoch (from the header).
    pub time_unix_secs: i64,
    pub time_nanos: u32,
}

/// The context of one message inside a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgCtx<'a> {
    pub block: &'a BlockCtx,
    /// Signers of the transaction, in signer-info order.
    pub signers: &'a [Address],
    /// Index of the message in the transaction.
    pub msg_index: usize,
}

impl MsgCtx<'_> {
    pub fn is_signer(&self, addr: &Address) -> bool {
        self.signers.contains(addr)
    }
}

/// A validator's consensus address: the first 20 bytes of sha256 of its ed25519 public key,
/// as CometBFT computes it (bech32 prefix `openvalcons`).
pub type ConsAddress = [u8; 20];

/// One validator's entry in the last commit (`FinalizeBlock.decided_last_commit.votes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteInfo {
    pub consensus_address: ConsAddress,
    /// Voting power CometBFT knew for the validator at that height.
    pub power: i64,
    /// Whether its commit signature is in the block (`BLOCK_ID_FLAG_COMMIT`).
    pub signed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MisbehaviorKind {
    DuplicateVote,
    LightClientAttack,
}

/// Evidence of misbehaviour decided in a block (`FinalizeBlock.misbehavior`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Misbehavior {
    pub kind: MisbehaviorKind,
    pub consensus_address: ConsAddress,
    /// Height of the infraction.
    pub height: u64,
    /// The validator's power at that height.
    pub power: i64,
    /// Time of the infraction, seconds since the Unix epoch.
    pub time_unix_secs: i64,
}

/// A change of the validator set for CometBFT (`power` 0 removes the validator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValidatorUpdate {
    pub ed25519_pubkey: [u8; 32],
    pub power: i64,
}

/// The consensus address of an ed25519 consensus key.
pub fn consensus_address(ed25519_pubkey: &[u8; 32]) -> ConsAddress {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(ed25519_pubkey);
    let mut out = [0u8; 20];
    out.copy_from_slice(&digest[..20]);
    out
}
