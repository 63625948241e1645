//! OpenLedger's own protobuf messages (those not in the Cosmos SDK) that the CLI sends and
//! reads, taken from the module crates that define them (`openledger.auth.v1`,
//! `openledger.slashing.v1`, `openledger.gov.v1`, `openledger.datanets.v1`,
//! `openledger.models.v1`, `openledger.attribution.v1`).

pub mod auth {
    pub use openledger_auth::proto::MsgUpdateTxParams;
}

pub mod slashing {
    pub use openledger_slashing::proto::MsgUpdateEvidenceParams;
}

pub mod gov {
    pub use openledger_gov::proto::{
        MsgBeginUnlock, MsgDelegateVotes, MsgLock, MsgUpdateGovLimits, QueryGovernancePowerRequest,
        QueryGovernancePowerResponse, QueryTotalPowerRequest, QueryTotalPowerResponse,
    };
}

/// `openledger.datanets.v1`: datanets, contributions, curation, versions, access sales.
pub mod datanets {
    pub use openledger_datanets::proto::*;
}

/// `openledger.models.v1`: models, their governed lifecycle, versions and pricing.
pub mod models {
    pub use openledger_models::proto::*;
}

/// `openledger.attribution.v1`: inference deposits, grants, operators, receipts and rewards.
pub mod attribution {
    pub use openledger_attribution::proto::*;
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::base::v1beta1::Coin;
    use prost::{Message, Name};

    use super::{attribution, auth, datanets, gov, models, slashing};

    #[test]
    fn type_urls() {
        assert_eq!(
            auth::MsgUpdateTxParams::type_url(),
            "/openledger.auth.v1.MsgUpdateTxParams"
        );
        assert_eq!(
            slashing::MsgUpdateEvidenceParams::type_url(),
            "/openledger.slashing.v1.MsgUpdateEvidenceParams"
        );
        assert_eq!(
            gov::MsgUpdateGovLimits::type_url(),
            "/openledger.gov.v1.MsgUpdateGovLimits"
        );
        assert_eq!(gov::MsgLock::type_url(), "/openledger.gov.v1.MsgLock");
        assert_eq!(
            gov::MsgDelegateVotes::type_url(),
            "/openledger.gov.v1.MsgDelegateVotes"
        );
        assert_eq!(
            gov::MsgBeginUnlock::type_url(),
            "/openledger.gov.v1.MsgBeginUnlock"
        );
        assert_eq!(
            datanets::MsgCreateDatanet::type_url(),
            "/openledger.datanets.v1.MsgCreateDatanet"
        );
        assert_eq!(
            models::MsgApproveModel::type_url(),
            "/openledger.models.v1.MsgApproveModel"
        );
        assert_eq!(
            attribution::MsgRecordInference::type_url(),
            "/openledger.attribution.v1.MsgRecordInference"
        );
        assert_eq!(
            attribution::MsgSlashOperator::type_url(),
            "/openledger.attribution.v1.MsgSlashOperator"
        );
    }

    /// The field numbers and wire types of the chain's `.proto` definitions.
    #[test]
    fn field_numbers() {
        let a = || "a".to_owned();
        let coin = Some(Coin {
            denom: "b".into(),
            amount: "1".into(),
        });
        let coin_bytes = [0x0a, 1, b'b', 0x12, 1, b'1'];
        let field1 = [0x0a, 1, b'a'];

        let tx = auth::MsgUpdateTxParams {
            authority: a(),
            max_tx_bytes: 1,
            max_msgs_per_tx: 2,
            min_gas_price: "3".into(),
            max_gas_per_tx: 4,
        };
        let want = [&field1[..], &[0x10, 1, 0x18, 2, 0x22, 1, b'3', 0x28, 4]].concat();
        assert_eq!(tx.encode_to_vec(), want);

        let evidence = slashing::MsgUpdateEvidenceParams {
            authority: a(),
            max_evidence_age_secs: 5,
        };
        assert_eq!(evidence.encode_to_vec(), [&field1[..], &[0x10, 5]].concat());

        let limits = gov::MsgUpdateGovLimits {
            authority: a(),
            unlock_delay_secs: 1,
            max_unlock_entries: 2,
            max_messages: 3,
            max_metadata_len: 4,
            max_title_len: 5,
            max_summary_len: 6,
        };
        let want = [
            &field1[..],
            &[0x10, 1, 0x18, 2, 0x20, 3, 0x28, 4, 0x30, 5, 0x38, 6],
        ]
        .concat();
        assert_eq!(limits.encode_to_vec(), want);

        let with_coin = [&field1[..], &[0x12, 6], &coin_bytes[..]].concat();
        let lock = gov::MsgLock {
            owner: a(),
            amount: coin.clone(),
        };
        assert_eq!(lock.encode_to_vec(), with_coin);
        let unlock = gov::MsgBeginUnlock {
            owner: a(),
            amount: coin,
        };
        assert_eq!(unlock.encode_to_vec(), with_coin);
        let delegate = gov::MsgDelegateVotes {
            owner: a(),
            delegatee: "c".into(),
        };
        assert_eq!(
            delegate.encode_to_vec(),
            [&field1[..], &[0x12, 1, b'c']].concat()
        );

        let request = gov::QueryGovernancePowerRequest { address: a() };
        assert_eq!(request.encode_to_vec(), field1);
        assert!(gov::QueryTotalPowerRequest {}.encode_to_vec().is_empty());
        let power = gov::QueryGovernancePowerResponse::decode(
            [
                &field1[..],
                &[0x12, 1, b'c', 0x1a, 1, b'7', 0x22, 3],
                &[0x0a, 1, b'2'],
            ]
            .concat()
            .as_slice(),
        )
        .unwrap();
        assert_eq!(
            (power.locked.as_str(), power.delegatee.as_str()),
            ("a", "c")
        );
        assert_eq!(power.voting_power, "7");
        assert_eq!(power.unlocking[0].amount, "2");
        let total = gov::QueryTotalPowerResponse::decode([0x0a, 1, b'9'].as_slice()).unwrap();
        assert_eq!(total.total_locked, "9");
    }
}
