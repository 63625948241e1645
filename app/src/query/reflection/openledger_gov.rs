//! OpenLedger's gOPEN governance files (`openledger.gov.v1`), as `proto/openledger/gov/v1/`
//! declares them and `openledger_gov::proto` encodes them.

use super::dsl::{file, message, service, File};

pub(super) fn files() -> Vec<File> {
    vec![gopen(), gopen_query(), gopen_msgs()]
}

fn gopen() -> File {
    file("openledger/gov/v1/gopen.proto", "openledger.gov.v1")
        .message(message!(UnlockEntry {
            string amount = 1;
            ".google.protobuf.Timestamp" completion_time = 2;
        }))
        .message(message!(EventLock {
            string owner = 1;
            string amount = 2;
            string delegatee = 3;
        }))
        .message(message!(EventDelegateVotes {
            string owner = 1;
            string previous_delegatee = 2;
            string delegatee = 3;
            string amount = 4;
        }))
        .message(message!(EventBeginUnlock {
            string owner = 1;
            string amount = 2;
            ".google.protobuf.Timestamp" completion_time = 3;
        }))
        .message(message!(EventUnlockCompleted {
            string owner = 1;
            string amount = 2;
        }))
}

fn gopen_query() -> File {
    file("openledger/gov/v1/query.proto", "openledger.gov.v1")
        .message(message!(QueryGovernancePowerRequest {
            string address = 1;
        }))
        .message(message!(QueryGovernancePowerResponse {
            string locked = 1;
            string delegatee = 2;
            string voting_power = 3;
            repeated UnlockEntry unlocking = 4;
        }))
        .message(message!(QueryTotalPowerRequest {}))
        .message(message!(QueryTotalPowerResponse {
            string total_locked = 1;
        }))
        .service(service!(Query {
            GovernancePower(QueryGovernancePowerRequest) -> QueryGovernancePowerResponse;
            TotalPower(QueryTotalPowerRequest) -> QueryTotalPowerResponse;
        }))
}

fn gopen_msgs() -> File {
    file("openledger/gov/v1/tx.proto", "openledger.gov.v1")
        .message(message!(MsgLock {
            string owner = 1;
            ".cosmos.base.v1beta1.Coin" amount = 2;
        }))
        .message(message!(MsgLockResponse {}))
        .message(message!(MsgDelegateVotes {
            string owner = 1;
            string delegatee = 2;
        }))
        .message(message!(MsgDelegateVotesResponse {}))
        .message(message!(MsgBeginUnlock {
            string owner = 1;
            ".cosmos.base.v1beta1.Coin" amount = 2;
        }))
        .message(message!(MsgBeginUnlockResponse {
            ".google.protobuf.Timestamp" completion_time = 1;
        }))
        .message(message!(MsgUpdateGovLimits {
            string authority = 1;
            uint64 unlock_delay_secs = 2;
            uint32 max_unlock_entries = 3;
            uint32 max_messages = 4;
            uint64 max_metadata_len = 5;
            uint64 max_title_len = 6;
            uint64 max_summary_len = 7;
        }))
        .message(message!(MsgUpdateGovLimitsResponse {}))
}
