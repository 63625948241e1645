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
