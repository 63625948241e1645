//! Wire types of `openledger.gov.v1` (gOPEN governance staking), written by hand with prost
//! derives. They match `proto/openledger/gov/v1/{gopen,tx,query}.proto` field for field; those
//! files are the public contract.

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::Timestamp;

/// The protobuf package of these messages.
pub const PACKAGE: &str = "openledger.gov.v1";

/// Lock OPEN 1:1 into gOPEN voting power.
#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgLock {
    #[prost(string, tag = "1")]
    pub owner: String,
    /// In `aopen`.
    #[prost(message, optional, tag = "2")]
    pub amount: Option<Coin>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgLockResponse {}

/// Give the voting power of the owner's locked OPEN to `delegatee` (the owner itself to take
/// it back).
#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgDelegateVotes {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub delegatee: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgDelegateVotesResponse {}

/// Remove voting power now and pay the OPEN back after the unlock delay.
#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgBeginUnlock {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(message, optional, tag = "2")]
    pub amount: Option<Coin>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgBeginUnlockResponse {
    #[prost(message, optional, tag = "1")]
    pub completion_time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryGovernancePowerRequest {
    #[prost(string, tag = "1")]
    pub address: String,
}

/// A pending unlock: `amount` aopen paid at `completion_time`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct UnlockEntry {
    #[prost(string, tag = "1")]
    pub amount: String,
    #[prost(message, optional, tag = "2")]
    pub completion_time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryGovernancePowerResponse {
    /// aopen the address has locked.
    #[prost(string, tag = "1")]
    pub locked: String,
    /// Who votes with that locked OPEN (the address itself unless delegated).
    #[prost(string, tag = "2")]
    pub delegatee: String,
    /// The address's voting power: locked OPEN of every account delegating to it.
    #[prost(string, tag = "3")]
    pub voting_power: String,
    #[prost(message, repeated, tag = "4")]
    pub unlocking: Vec<UnlockEntry>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTotalPowerRequest {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct QueryTotalPowerResponse {
    #[prost(string, tag = "1")]
    pub total_locked: String,
}

/// Events (the kind is the full proto name; attributes are JSON values).
#[derive(Clone, PartialEq, prost::Message)]
pub struct EventLock {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub amount: String,
    #[prost(string, tag = "3")]
    pub delegatee: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventDelegateVotes {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub previous_delegatee: String,
    #[prost(string, tag = "3")]
    pub delegatee: String,
    /// Voting power moved from the previous delegatee to the new one.
    #[prost(string, tag = "4")]
    pub amount: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventBeginUnlock {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub amount: String,
    #[prost(message, optional, tag = "3")]
    pub completion_time: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct EventUnlockCompleted {
    #[prost(string, tag = "1")]
    pub owner: String,
    #[prost(string, tag = "2")]
    pub amount: String,
}

/// Set the OpenLedger governance params that `cosmos.gov.v1.MsgUpdateParams` cannot carry.
/// Signed by the gov module account (a passed proposal).
#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateGovLimits {
    #[prost(string, tag = "1")]
    pub authority: String,
    #[prost(uint64, tag = "2")]
    pub unlock_delay_secs: u64,
    #[prost(uint32, tag = "3")]
    pub max_unlock_entries: u32,
    #[prost(uint32, tag = "4")]
    pub max_messages: u32,
    #[prost(uint64, tag = "5")]
    pub max_metadata_len: u64,
    #[prost(uint64, tag = "6")]
    pub max_title_len: u64,
    #[prost(uint64, tag = "7")]
    pub max_summary_len: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct MsgUpdateGovLimitsResponse {}

openledger_framework::impl_proto_name!(
    PACKAGE;
    MsgUpdateGovLimits,
    MsgUpdateGovLimitsResponse,
    MsgLock,
    MsgLockResponse,
    MsgDelegateVotes,
    MsgDelegateVotesResponse,
    MsgBeginUnlock,
    MsgBeginUnlockResponse,
    QueryGovernancePowerRequest,
    QueryGovernancePowerResponse,
    UnlockEntry,
    QueryTotalPowerRequest,
    QueryTotalPowerResponse,
    EventLock,
    EventDelegateVotes,
    EventBeginUnlock,
    EventUnlockCompleted,
);

/// gRPC method paths of `openledger.gov.v1.Query` (also the ABCI query paths).
pub mod query_paths {
    pub const GOVERNANCE_POWER: &str = "/openledger.gov.v1.Query/GovernancePower";
    pub const TOTAL_POWER: &str = "/openledger.gov.v1.Query/TotalPower";
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::{Message, Name};

    #[test]
    fn type_urls_and_field_numbers() {
        assert_eq!(MsgLock::type_url(), "/openledger.gov.v1.MsgLock");
        assert_eq!(
            MsgBeginUnlockResponse::full_name(),
            "openledger.gov.v1.MsgBeginUnlockResponse"
        );
        // MsgDelegateVotes{owner="a", delegatee="b"}: field 1 and 2, length-delimited.
        let bytes = MsgDelegateVotes {
            owner: "a".into(),
            delegatee: "b".into(),
        }
        .encode_to_vec();
        assert_eq!(bytes, vec![0x0a, 1, b'a', 0x12, 1, b'b']);
    }
}
