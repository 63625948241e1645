//! The gateway in front of the Python mock backend (testnet/mock-backend/server.py), with the
//! stand-in engine knowing the mock's corpus. Skipped when python3 is not installed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use common::*;
use openledger_operator::fakes::{FakeAttributor, FakeChain};
use serde_json::{json, Value};

struct Mock {
    child: Child,
    port: u16,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mock_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testnet/mock-backend")
}

fn spawn_mock(extra: &[&str]) -> Option<Mock> {
    let dir = mock_dir();
    let mut child = match Command::new("python3")
        .arg(dir.join("server.py"))
        .args(["--port", "0", "--corpus-dir"])
        .arg(dir.join("corpus"))
        .args(extra)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipped: cannot run python3: {e}");
            return None;
        }
    };
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .parse()
        .unwrap();
    Some(Mock { child, port })
}

async fn gateway_for(mock: &Mock) -> (String, Arc<FakeChain>, tokio::sync::oneshot::Sender<()>) {
    let chain = Arc::new(FakeChain::new());
    chain.fund_everyone(1_000_000);
    let attributor = Arc::new(FakeAttributor::from_dir(&mock_dir().join("corpus")).unwrap());
    let (url, stop) = start_gateway_with(
        config(format!("http://127.0.0.1:{}/v1", mock.port)),
        chain.clone(),
        attributor,
    )
    .await;
    (url, chain, stop)
}

fn body(message: &str, stream: bool) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "model": "openledger/1",
        "messages": [{"role": "user", "content": message}],
        "stream": stream,
        "max_tokens": 200,
    }))
    .unwrap()
}

#[tokio::test]
async fn attributes_the_mock_backends_quotes() {
    let Some(mock) = spawn_mock(&[]) else { return };
    let (url, chain, _stop) = gateway_for(&mock).await;
    let http = reqwest::Client::new();
    let user = key(40);

    // non-streamed: quotes the olive file, contribution 2
    let r = send_to(
        &http,
        &url,
        &sign(
            &user,
            "/v1/chat/completions",
            body("olive harvest?", false),
            "p1",
        ),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    let ol = &v["openledger"];
    assert_eq!(ol["status"], "recorded", "{v}");
    assert_eq!(
        ol["entries"],
        json!([{"contribution_id": 2, "weight_ppm": 1_000_000}])
    );
    assert_eq!(ol["spans"].as_array().unwrap().len(), 2);

    // streamed: quotes the lighthouse file, contribution 3
    let r = send_to(
        &http,
        &url,
        &sign(
            &user,
            "/v1/chat/completions",
            body("lighthouse keepers", true),
            "p2",
        ),
    )
    .await;
    let events = sse_events(&r.text().await.unwrap());
    assert_eq!(events.last().unwrap(), "[DONE]");
    let receipt: Value = serde_json::from_str(&events[events.len() - 2]).unwrap();
    assert_eq!(receipt["openledger"]["status"], "recorded");
    assert_eq!(receipt["openledger"]["entries"][0]["contribution_id"], 3);

    // novel text: recorded, attributed to nothing
    let r = send_to(
        &http,
        &url,
        &sign(
            &user,
            "/v1/chat/completions",
            body("novel only", false),
            "p3",
        ),
    )
    .await;
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(v["openledger"]["status"], "recorded");
    assert_eq!(v["openledger"]["entries"], json!([]));

    let records = chain.records();
    assert_eq!(records.len(), 3);
    // the mock counts ceil(characters / 4)
    let text = v["choices"][0]["message"]["content"].as_str().unwrap();
    assert_eq!(
        records[2].output_tokens,
        (text.chars().count() as u64).div_ceil(4)
    );
}

#[tokio::test]
async fn a_backend_ignoring_stream_options_records_nothing() {
    let Some(mock) = spawn_mock(&["--ignore-stream-options"]) else {
        return;
    };
    let (url, chain, _stop) = gateway_for(&mock).await;
    let http = reqwest::Client::new();
    let r = send_to(
        &http,
        &url,
        &sign(
            &key(41),
            "/v1/chat/completions",
            body("arno floods", true),
            "q1",
        ),
    )
    .await;
    let events = sse_events(&r.text().await.unwrap());
    let receipt: Value = serde_json::from_str(&events[events.len() - 2]).unwrap();
    assert_eq!(receipt["openledger"]["status"], "unrecorded");
    assert!(chain.records().is_empty());
}
