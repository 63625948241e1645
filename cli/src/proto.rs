//! OpenLedger's own protobuf messages (those not in the Cosmos SDK), with the same field
//! numbers and type URLs as the chain's definitions (`openledger.auth.v1`,
//! `openledger.gov.v1`).

use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
use cosmos_sdk_proto::tendermint::google::protobuf::Timestamp;

/// Implements `prost::Name` for a message of an OpenLedger package.
macro_rules! name {
    ($ty:ident, $package:literal) => {
        impl prost::Name for $ty {
            const NAME: &'static str = stringify!($ty);
            const PACKAGE: &'static str = $package;
            fn full_name() -> String {
                format!("{}.{}", $package, stringify!($ty))
            }
            fn type_url() -> String {
                format!("/{}.{}", $package, stringify!($ty))
            }
        }
    };
}

pub mod auth {
    /// Sets the OpenLedger transaction limits of the auth params (authority: gov).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MsgUpdateTxParams {
        #[prost(string, tag = "1")]
        pub authority: String,
        #[prost(uint64, tag = "2")]
        pub max_tx_bytes: u64,
        #[prost(uint64, tag = "3")]
        pub max_msgs_per_tx: u64,
        /// aopen per unit of gas, a decimal integer.
        #[prost(string, tag = "4")]
        pub min_gas_price: String,
        #[prost(uint64, tag = "5")]
        pub max_gas_per_tx: u64,
    }
    name!(MsgUpdateTxParams, "openledger.auth.v1");
}

pub mod slashing {
    /// Sets the evidence max age of the slashing params (authority: gov).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MsgUpdateEvidenceParams {
        #[prost(string, tag = "1")]
        pub authority: String,
        #[prost(uint64, tag = "2")]
        pub max_evidence_age_secs: u64,
    }
    name!(MsgUpdateEvidenceParams, "openledger.slashing.v1");
}

pub mod gov {
    use super::{Coin, Timestamp};

    /// Sets the gOPEN and proposal-limit params (authority: gov).
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
    name!(MsgUpdateGovLimits, "openledger.gov.v1");

    /// Locks OPEN 1:1 into non-transferable gOPEN voting power.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MsgLock {
        #[prost(string, tag = "1")]
        pub owner: String,
        #[prost(message, optional, tag = "2")]
        pub amount: Option<Coin>,
    }
    name!(MsgLock, "openledger.gov.v1");

    /// Delegates the owner's votes to `delegatee` (the owner itself means self).
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MsgDelegateVotes {
        #[prost(string, tag = "1")]
        pub owner: String,
        #[prost(string, tag = "2")]
        pub delegatee: String,
    }
    name!(MsgDelegateVotes, "openledger.gov.v1");

    /// Removes voting power at once and pays the OPEN back after the unlock delay.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MsgBeginUnlock {
        #[prost(string, tag = "1")]
        pub owner: String,
        #[prost(message, optional, tag = "2")]
        pub amount: Option<Coin>,
    }
    name!(MsgBeginUnlock, "openledger.gov.v1");

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct QueryGovernancePowerRequest {
        #[prost(string, tag = "1")]
        pub address: String,
    }
    name!(QueryGovernancePowerRequest, "openledger.gov.v1");

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct UnlockEntry {
        #[prost(string, tag = "1")]
        pub amount: String,
        #[prost(message, optional, tag = "2")]
        pub completion_time: Option<Timestamp>,
    }
    name!(UnlockEntry, "openledger.gov.v1");

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct QueryGovernancePowerResponse {
        /// aopen this address has locked.
        #[prost(string, tag = "1")]
        pub locked: String,
        /// Where this address's votes go.
        #[prost(string, tag = "2")]
        pub delegatee: String,
        /// aopen of gOPEN power this address votes with.
        #[prost(string, tag = "3")]
        pub voting_power: String,
        #[prost(message, repeated, tag = "4")]
        pub unlocking: Vec<UnlockEntry>,
    }
    name!(QueryGovernancePowerResponse, "openledger.gov.v1");

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct QueryTotalPowerRequest {}
    name!(QueryTotalPowerRequest, "openledger.gov.v1");

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct QueryTotalPowerResponse {
        #[prost(string, tag = "1")]
        pub total_locked: String,
    }
    name!(QueryTotalPowerResponse, "openledger.gov.v1");
}

#[cfg(test)]
mod tests {
    use prost::Name;

    #[test]
    fn type_urls() {
        assert_eq!(
            super::auth::MsgUpdateTxParams::type_url(),
            "/openledger.auth.v1.MsgUpdateTxParams"
        );
        assert_eq!(
            super::gov::MsgLock::type_url(),
            "/openledger.gov.v1.MsgLock"
        );
        assert_eq!(
            super::gov::MsgDelegateVotes::type_url(),
            "/openledger.gov.v1.MsgDelegateVotes"
        );
        assert_eq!(
            super::gov::MsgBeginUnlock::type_url(),
            "/openledger.gov.v1.MsgBeginUnlock"
        );
    }
}
