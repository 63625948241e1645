//! Runs the built `openledger` binary against a temporary home directory.

// Helpers of this test crate may panic: a failed step is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const TEST_MNEMONIC: &str =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
/// The address of TEST_MNEMONIC's key under the `open` prefix (same 20 bytes as
/// cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4).
const PASSPHRASE: &str = "correct horse battery staple";

fn openledger(home: &Path) -> Command {
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
        .stdin(Stdio::null());
    cmd
}

fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json_ok(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "command failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

fn import_test_key(home: &Path, name: &str) -> Value {
    let mut cmd = openledger(home);
    cmd.args(["keys", "import", name, "-o", "json"]);
    json_ok(&run_with_stdin(cmd, TEST_MNEMONIC))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn expected_test_address() -> String {
    let cosmos: cosmrs::AccountId = "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"
        .parse()
        .unwrap();
    cosmrs::AccountId::new("open", &cosmos.to_bytes())
        .unwrap()
        .to_string()
}

#[test]
fn keys_add_list_show_delete_in_json() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();

    // add: a new 24-word mnemonic, shown once
    let out = openledger(home)
        .args(["keys", "add", "alice", "-o", "json"])
        .output()
        .unwrap();
    let alice = json_ok(&out);
    assert_eq!(alice["name"], "alice");
    let alice_address = alice["address"].as_str().unwrap().to_owned();
    assert!(alice_address.starts_with("open1"));
    let mnemonic = alice["mnemonic"].as_str().unwrap().to_owned();
    assert_eq!(mnemonic.split(' ').count(), 24);
    assert_eq!(alice["pubkey"]["@type"], "/cosmos.crypto.secp256k1.PubKey");

    // add --recover: mnemonic from stdin
    let mut cmd = openledger(home);
    cmd.args(["keys", "add", "bob", "--recover", "--output", "json"]);
    let bob = json_ok(&run_with_stdin(cmd, &format!("{TEST_MNEMONIC}\n")));
    assert_eq!(bob["address"], expected_test_address());
    assert!(
        bob.get("mnemonic").is_none(),
        "a recovered mnemonic is not echoed"
    );

    // the keyring file holds no secret in the clear, and only its owner can read it
    let file = std::fs::read_to_string(home.join("keyring.json")).unwrap();
    assert!(!file.contains("abandon"));
    assert!(!file.contains(&mnemonic));
    assert!(!file.contains(PASSPHRASE));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.join("keyring.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // list
    let list = json_ok(
        &openledger(home)
            .args(["keys", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "bob"]);

    // show, by name and by address
    let show = json_ok(
        &openledger(home)
            .args(["keys", "show", "bob", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(show["address"], expected_test_address());
    let show = json_ok(
        &openledger(home)
            .args(["keys", "show", &alice_address, "--address", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(show, serde_json::json!({ "address": alice_address }));
    let text = openledger(home)
        .args(["keys", "show", "bob", "--address"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&text.stdout).trim(),
        expected_test_address()
    );

    // delete
    let deleted = json_ok(
        &openledger(home)
            .args(["keys", "delete", "alice", "--yes", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(deleted["deleted"]["name"], "alice");
    let list = json_ok(
        &openledger(home)
            .args(["keys", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list.as_array().unwrap().len(), 1);

    // import the deleted key back from a file
    let mnemonic_file = home.join("alice.txt");
    std::fs::write(&mnemonic_file, &mnemonic).unwrap();
    let imported = json_ok(
        &openledger(home)
            .args(["keys", "import", "alice", "--mnemonic-file"])
            .arg(&mnemonic_file)
            .args(["-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(imported["address"], alice_address.as_str());
}

#[test]
fn keyring_errors_are_clear() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    import_test_key(home, "bob");

    // duplicate name
    let out = openledger(home)
        .args(["keys", "add", "bob"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));

    // same mnemonic under another name
    let mut cmd = openledger(home);
    cmd.args(["keys", "import", "bob2"]);
    let out = run_with_stdin(cmd, TEST_MNEMONIC);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already in the keyring"),
        "{}",
        stderr(&out)
    );

    // wrong passphrase, through --keyring-passphrase-env
    let out = openledger(home)
        .env("MY_WALLET_PASS", "not the passphrase")
        .args([
            "keys",
            "add",
            "carol",
            "--keyring-passphrase-env",
            "MY_WALLET_PASS",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("wrong keyring passphrase"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    // the named variable must exist
    let out = openledger(home)
        .args([
            "keys",
            "add",
            "carol",
            "--keyring-passphrase-env",
            "NO_SUCH_VARIABLE_HERE",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("NO_SUCH_VARIABLE_HERE"),
        "{}",
        stderr(&out)
    );

    // invalid mnemonic
    let mut cmd = openledger(home);
    cmd.args(["keys", "import", "dave"]);
    let out = run_with_stdin(cmd, "abandon abandon abandon");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("invalid mnemonic"),
        "{}",
        stderr(&out)
    );

    // unknown key
    let out = openledger(home)
        .args(["keys", "show", "nobody"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("nobody"));

    // deleting without --yes and without a terminal to confirm on
    if std::fs::File::open("/dev/tty").is_err() {
        let out = openledger(home)
            .args(["keys", "delete", "bob"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("--yes"), "{}", stderr(&out));

        let out = openledger(home)
            .env_remove("OPENLEDGER_KEYRING_PASSPHRASE")
            .args(["keys", "add", "erin"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("OPENLEDGER_KEYRING_PASSPHRASE"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn bad_transaction_arguments_fail_before_contacting_a_node() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    import_test_key(home, "bob");
    let to = expected_test_address();

    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "bob",
                "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4",
                "1OPEN",
            ],
            "prefix",
        ),
        (&["bob", &to, "0.0000000000000000001OPEN"], "decimal places"),
        (&["bob", &to, "-1OPEN"], "negative"),
        (&["bob", &to, "1.5aopen"], "whole number"),
    ];
    for (args, expected) in cases {
        let out = openledger(home)
            .args(["--node", "http://127.0.0.1:9", "tx", "bank", "send"])
            .args(args)
            .args(["--yes"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn unreachable_node_is_reported() {
    let home = tempfile::tempdir().unwrap();
    let out = openledger(home.path())
        .args(["--node", "http://127.0.0.1:9", "query", "bank", "balance"])
        .arg(expected_test_address())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("127.0.0.1:9"), "{}", stderr(&out));
}

#[test]
fn help_is_available_everywhere() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["keys", "add", "--help"],
        vec!["tx", "bank", "send", "--help"],
        vec!["query", "bank", "balance", "--help"],
        vec!["status", "--help"],
    ] {
        let out = openledger(home.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(!out.stdout.is_empty());
    }
    let out = openledger(home.path())
        .args(["tx", "bank", "send", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--fees",
        "--gas",
        "--gas-adjustment",
        "--gas-prices",
        "--memo",
        "--sequence",
        "--account-number",
        "--timeout-height",
        "--broadcast-mode",
        "--yes",
    ] {
        assert!(help.contains(flag), "missing {flag}");
    }
}
