//! Unit tests of `schema.rs`.
use super::*;

#[test]
fn pool_decodes_and_every_module_service_exists() {
    for module in MODULES {
        assert!(!module.methods("Query").is_empty(), "{}", module.name);
        assert!(!module.methods("Msg").is_empty(), "{}", module.name);
    }
}

#[test]
fn names() {
    assert_eq!(kebab("DelegatorDelegations"), "delegator-delegations");
    assert_eq!(kebab("AccountAddressByID"), "account-address-by-id");
    assert_eq!(kebab("rate_in_per_1000"), "rate-in-per-1000");
}

#[test]
fn signers_and_field_kinds() {
    let msg = |name: &str| pool().get_message_by_name(name).unwrap();
    let signer = |name: &str| super::signer(&msg(name)).map(|f| f.name().to_owned());
    let create = "cosmos.staking.v1beta1.MsgCreateValidator";
    assert_eq!(signer(create).as_deref(), Some("validator_address"));
    assert_eq!(
        signer("cosmos.bank.v1beta1.MsgSend").as_deref(),
        Some("from_address")
    );
    let record = "openledger.attribution.v1.MsgRecordInference";
    assert_eq!(signer(record).as_deref(), Some("operator"));
    let field = |m: &str, f: &str| msg(m).get_field_by_name(f).unwrap();
    let params = "openledger.datanets.v1.Params";
    assert_eq!(
        legacy_dec(&field(params, "reject_slash_fraction")),
        Some(DecWire::Atomics)
    );
    assert_eq!(legacy_dec(&field(params, "max_tags")), None);
    let slashing = "cosmos.slashing.v1beta1.Params";
    let window = field(slashing, "min_signed_per_window");
    assert_eq!(legacy_dec(&window), Some(DecWire::AtomicsBytes));
    assert!(is_amount(&field(
        "openledger.datanets.v1.Datanet",
        "access_price"
    )));
    assert!(!is_amount(&field(
        "openledger.datanets.v1.Datanet",
        "licence"
    )));
    let methods = MODULES[6].methods("Query");
    let summaries: Vec<_> = methods.iter().map(|m| method_help(m).0).collect();
    assert!(
        summaries.iter().any(|c| c.contains("allow list")),
        "{summaries:?}"
    );
    // the SDK's "Validators queries ..." loses the method name, OpenLedger's noun phrases do not
    let staking = MODULES[2].methods("Query");
    let validators = staking
        .iter()
        .find(|m| m.name() == "Validators")
        .map(|m| method_help(m).0);
    assert_eq!(
        validators.as_deref(),
        Some("Queries all validators that match the given status.")
    );
    let datanets = methods
        .iter()
        .find(|m| m.name() == "Datanets")
        .map(|m| method_help(m).0);
    assert!(datanets.is_some_and(|d| d.starts_with("Datanets by id")));
}
