//! Genesis funds an account; a signed MsgSend moves OPEN; the fee reaches the fee collector;
//! the sequence advances; supply is conserved; queries at the gRPC path see it.

use cosmos_sdk_proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use openledger_app::query::abci::QueryGateway;
use openledger_app::tx::execute::LocalPolicy;
use openledger_auth::{AuthRead, FEE_COLLECTOR};
use openledger_bank::BankRead;
use openledger_framework::Address;
use openledger_testkit::{genesis_funding, msg_send, TestKey, TestNode, TxSpec};
use prost::Message;

const CHAIN: &str = "openledger-test-1";
const OPEN: u128 = 1_000_000_000_000_000_000;

#[test]
fn app_can_send_tokens_between_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let alice = TestKey::from_seed(1);
    let bob = TestKey::from_seed(2);
    let mut node = TestNode::new(
        &dir.path().join("db"),
        CHAIN,
        &genesis_funding(std::slice::from_ref(&alice), 10 * OPEN),
    )
    .unwrap();

    let tx = TxSpec::new(
        CHAIN,
        vec![msg_send(&alice.address, &bob.address, 3 * OPEN)],
        0,
        0,
    )
    .sign(&alice);
    let (outcomes, _) = node.block(vec![tx]).unwrap();
    assert_eq!(outcomes[0].result, Ok(()), "{:?}", outcomes[0].result);
    assert!(outcomes[0].gas_used > 0 && outcomes[0].gas_used <= 200_000);
    let kinds: Vec<_> = outcomes[0].events.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"transfer") && kinds.contains(&"message") && kinds.contains(&"tx"));

    let s = node.app.storage().latest_snapshot();
    let fee = 200_000u128 * 1_000_000_000;
    assert_eq!(s.balance(&bob.address, "aopen").unwrap(), 3 * OPEN);
    assert_eq!(s.balance(&alice.address, "aopen").unwrap(), 7 * OPEN - fee);
    assert_eq!(
        s.balance(&Address::module(FEE_COLLECTOR), "aopen").unwrap(),
        fee
    );
    assert_eq!(s.supply("aopen").unwrap(), 10 * OPEN);
    openledger_bank::invariants::total_supply_matches_balances(&s).unwrap();
    let acc = s.account(&alice.address).unwrap().unwrap();
    assert_eq!(acc.sequence, 1);
    assert_eq!(acc.pub_key.as_deref(), Some(&alice.pubkey[..]));

    // The ABCI query gateway answers at the gRPC method path, as cosmjs asks.
    let gw = QueryGateway::new(node.app.storage().clone(), LocalPolicy::default());
    let req = QueryBalanceRequest {
        address: bob.address.to_string(),
        denom: "aopen".into(),
    };
    let r = gw.query(
        "/cosmos.bank.v1beta1.Query/Balance",
        &req.encode_to_vec(),
        0,
        false,
    );
    assert_eq!(r.code.value(), 0, "{}", r.log);
    let resp = QueryBalanceResponse::decode(r.value.as_ref()).unwrap();
    assert_eq!(resp.balance.unwrap().amount, (3 * OPEN).to_string());
}
