//! A transaction's outcome as CometBFT receives it: code, codespace and log of the error
//! (SDK-compatible numbering), the messages' responses as `TxMsgData`, gas and events.

use cosmos_sdk_proto::cosmos::base::abci::v1beta1::TxMsgData;
use prost::Message;
use tendermint::abci::types::ExecTxResult;

use crate::abci::events::to_abci_events;
use crate::tx::TxOutcome;

/// Code, codespace and log of an outcome (0 and empty on success).
pub fn result_fields(o: &TxOutcome) -> (u32, String, String) {
    match &o.result {
        Ok(()) => (0, String::new(), String::new()),
        Err(e) => (
            e.code,
            e.codespace.to_string(),
            crate::query::error::client_message(&e.log),
        ),
    }
}

/// `cosmos.base.abci.v1beta1.TxMsgData` of a successful tx, encoded: the messages' responses
/// in order (the deprecated `data` field stays empty). Empty for a refused or failed tx.
pub fn tx_msg_data(o: &TxOutcome) -> Vec<u8> {
    if o.result.is_err() {
        return Vec::new();
    }
    let mut data = TxMsgData::default();
    data.msg_responses.clone_from(&o.msg_responses);
    data.encode_to_vec()
}

pub fn exec_tx_result(o: &TxOutcome) -> ExecTxResult {
    let (code, codespace, log) = result_fields(o);
    ExecTxResult {
        code: code.into(),
        data: tx_msg_data(o).into(),
        codespace,
        log,
        gas_wanted: i64::try_from(o.gas_wanted).unwrap_or(i64::MAX),
        gas_used: i64::try_from(o.gas_used).unwrap_or(i64::MAX),
        events: to_abci_events(&o.events),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use cosmos_sdk_proto::cosmos::bank::v1beta1::{MsgMultiSendResponse, MsgSendResponse};
    use cosmos_sdk_proto::Any;
    use prost::Name;

    use super::*;
    use crate::tx::TxError;

    fn packed<M: Message + Name>(m: &M) -> Any {
        Any {
            type_url: M::type_url(),
            value: m.encode_to_vec(),
        }
    }

    fn outcome(result: Result<(), TxError>, msg_responses: Vec<Any>) -> TxOutcome {
        TxOutcome {
            hash: Some([7; 32]),
            result,
            ante_passed: true,
            gas_wanted: 200_000,
            gas_used: 50_000,
            events: Vec::new(),
            msg_responses,
        }
    }

    #[test]
    fn a_successful_tx_result_carries_its_msg_responses_as_tx_msg_data() {
        let responses = vec![
            packed(&MsgSendResponse {}),
            packed(&MsgMultiSendResponse {}),
        ];
        let r = exec_tx_result(&outcome(Ok(()), responses.clone()));
        assert_eq!(r.code.value(), 0);
        let data = TxMsgData::decode(r.data.as_ref()).unwrap();
        assert_eq!(data.msg_responses, responses);
        #[allow(deprecated)] // the field is empty; checking that is the point
        let deprecated_data_is_empty = data.data.is_empty();
        assert!(deprecated_data_is_empty);
        assert_eq!(
            data.msg_responses[0].type_url,
            "/cosmos.bank.v1beta1.MsgSendResponse"
        );
    }

    #[test]
    fn a_failed_tx_result_has_no_data() {
        let failed = outcome(
            Err(TxError::sdk(5, "insufficient funds")),
            vec![packed(&MsgSendResponse {})],
        );
        let r = exec_tx_result(&failed);
        assert_eq!(r.code.value(), 5);
        assert!(r.data.is_empty());
    }
}
