//! What the CLI end-to-end tests share: a keyring with `bob`, a mock node that knows bob's
//! account, and helpers to run the binary and read what it printed or broadcast.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use cosmos_sdk_proto::cosmos::tx::v1beta1::{AuthInfo, TxBody, TxRaw};
use prost::Message;
use serde_json::Value;

use crate::mock_node::{Account, MockNode, State};

pub const TEST_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
pub const PASSPHRASE: &str = "correct horse battery staple";
pub const ONE_OPEN: u128 = 1_000_000_000_000_000_000;

pub struct Setup {
    pub home: tempfile::TempDir,
    pub node: MockNode,
    pub sender: String,
    pub recipient: String,
}

pub fn openledger(home: &Path, node: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_openledger"));
    for var in [
        "OPENLEDGER_NODE",
        "OPENLEDGER_CHAIN_ID",
        "OPENLEDGER_OUTPUT",
        "OPENLEDGER_KEYRING_PASSPHRASE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("OPENLEDGER_HOME", home)
        .env("OPENLEDGER_KEYRING_SCRYPT_LOG_N", "4")
        .env("OPENLEDGER_KEYRING_PASSPHRASE", PASSPHRASE)
        .args(["--node", node])
        .stdin(Stdio::null());
    cmd
}

/// A keyring with `bob` (the standard test mnemonic) and a node that knows bob's account.
pub fn setup(configure: impl FnOnce(&mut State, &str)) -> Setup {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_openledger"));
    cmd.env("OPENLEDGER_HOME", home.path())
        .env("OPENLEDGER_KEYRING_SCRYPT_LOG_N", "4")
        .env("OPENLEDGER_KEYRING_PASSPHRASE", PASSPHRASE)
        .args(["keys", "import", "bob", "-o", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(TEST_MNEMONIC.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let bob: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sender = bob["address"].as_str().unwrap().to_owned();
    // any valid open1 address will do as the recipient
    let recipient = cosmrs::AccountId::new("open", &[7u8; 20])
        .unwrap()
        .to_string();

    let mut state = State {
        min_gas_price: "1000000000aopen".to_owned(),
        ..State::default()
    };
    state.accounts.insert(
        sender.clone(),
        Account {
            number: 7,
            sequence: 3,
            pubkey: None,
        },
    );
    state
        .balances
        .insert((sender.clone(), "aopen".to_owned()), 5 * ONE_OPEN);
    configure(&mut state, &sender);
    let node = MockNode::start(state);
    Setup {
        home,
        node,
        sender,
        recipient,
    }
}

impl Setup {
    pub fn cmd(&self) -> Command {
        openledger(self.home.path(), &self.node.url)
    }

    pub fn broadcast_txs(&self) -> Vec<Vec<u8>> {
        self.node.state.lock().unwrap().broadcast.clone()
    }
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn decode(bytes: &[u8]) -> (TxRaw, TxBody, AuthInfo) {
    let raw = TxRaw::decode(bytes).unwrap();
    let body = TxBody::decode(raw.body_bytes.as_slice()).unwrap();
    let auth = AuthInfo::decode(raw.auth_info_bytes.as_slice()).unwrap();
    (raw, body, auth)
}

impl Setup {
    /// Runs `openledger ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs `openledger tx ARGS --from bob --yes -o json`.
    pub fn tx(&self, args: &[&str]) -> Output {
        self.cmd()
            .arg("tx")
            .args(args)
            .args(["--from", "bob", "--yes", "-o", "json"])
            .output()
            .unwrap()
    }

    /// The messages of the last broadcast transaction.
    pub fn last_messages(&self) -> Vec<cosmos_sdk_proto::Any> {
        let txs = self.broadcast_txs();
        let last = txs.last().expect("nothing was broadcast");
        decode(last).1.messages
    }

    /// The only message of the last broadcast transaction, decoded as `M`.
    pub fn last_message<M: Message + prost::Name + Default>(&self) -> M {
        let messages = self.last_messages();
        assert_eq!(messages.len(), 1, "expected one message");
        assert_eq!(messages[0].type_url, M::type_url());
        M::decode(messages[0].value.as_slice()).unwrap()
    }

    /// The sender's operator address (openvaloper1...).
    pub fn sender_valoper(&self) -> String {
        let account: cosmrs::AccountId = self.sender.parse().unwrap();
        cosmrs::AccountId::new("openvaloper", &account.to_bytes())
            .unwrap()
            .to_string()
    }
}
