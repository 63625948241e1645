use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, BorshSerialize, BorshDeserialize, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Whether MsgSend / MsgMultiSend are accepted.
    pub default_send_enabled: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            default_send_enabled: true,
        }
    }
}
