//! Genesis: export → JSON → import → export gives the same state (and the same keys), and
//! invalid files are refused.

mod common;

use common::*;
use openledger_datanets::{
    invariants, ContributionStatus, CurationReason, DatanetsError, DatanetsRead, GenesisState,
    Params,
};
use openledger_framework::delta::MemState;
use openledger_framework::{StateRead, StateWrite};

/// Datanets in every state: pending, approved and rejected contributions, two versions,
/// purchases, partial claims and dust.
fn busy() -> MemState {
    let mut s = setup();
    let public = public_datanet(&mut s);
    let perm = permissioned_datanet(&mut s);
    let a = contribute(&mut s, 5, public, 1, 100).unwrap();
    let b = contribute(&mut s, 6, public, 2, 50).unwrap();
    let _pending = contribute(&mut s, 7, public, 3, 10).unwrap();
    approve(&mut s, 2, b).unwrap();
    approve(&mut s, 1, a).unwrap();
    publish(&mut s, 1, public).unwrap();
    let c = contribute(&mut s, 3, perm, 1, 1).unwrap();
    let d = contribute(&mut s, 4, perm, 2, 2).unwrap();
    let e = contribute(&mut s, 2, perm, 3, 5).unwrap();
    approve(&mut s, 1, c).unwrap();
    approve(&mut s, 1, d).unwrap();
    reject(&mut s, 1, e, CurationReason::Spam).unwrap();
    publish(&mut s, 2, perm).unwrap();
    let f = contribute(&mut s, 1, perm, 4, 4).unwrap();
    approve(&mut s, 2, f).unwrap();
    publish(&mut s, 1, perm).unwrap();
    purchase(&mut s, 8, perm, 1).unwrap();
    purchase(&mut s, 9, perm, 1).unwrap();
    purchase(&mut s, 8, perm, 2).unwrap();
    claim(&mut s, 3, perm, 1).unwrap();
    claim(&mut s, 1, perm, 2).unwrap();
    s
}

fn reimport(s: &MemState) -> (MemState, GenesisState) {
    let bank = openledger_bank::GenesisState::export(s).unwrap();
    let g = GenesisState::export(s).unwrap();
    let json = serde_json::to_string_pretty(&g).unwrap();
    let parsed: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed, g);
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    parsed.init(&mut fresh).unwrap();
    invariants::check_all(&fresh).unwrap();
    (fresh, g)
}

fn datanet_keys(s: &MemState) -> Vec<(Vec<u8>, Vec<u8>)> {
    s.prefix_raw(b"datanets/", None)
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn genesis_round_trips() {
    let s = busy();
    let (fresh, exported) = reimport(&s);
    assert_eq!(GenesisState::export(&fresh).unwrap(), exported);
    // Every key, index and counter is rebuilt exactly.
    assert_eq!(datanet_keys(&fresh), datanet_keys(&s));
    assert_eq!(exported.datanets.len(), 2);
    assert_eq!(exported.contributions.len(), 7);
    assert_eq!(exported.versions.len(), 3);
    assert_eq!(exported.access.len(), 3);
    assert_eq!(exported.revenue.len(), 2);
    assert_eq!(exported.claims.len(), 2);
    assert_eq!(exported.next_datanet_id, 3);
    assert_eq!(exported.next_contribution_id, 8);
    assert!(exported.revenue.iter().any(|p| p.dust > 0));
}

#[test]
fn empty_genesis_round_trips_and_defaults_apply() {
    let g: GenesisState = serde_json::from_str("{}").unwrap();
    assert_eq!(g, GenesisState::default());
    let mut s = MemState::empty();
    g.init(&mut s).unwrap();
    assert_eq!(GenesisState::export(&s).unwrap(), g);
    assert_eq!(s.datanets_params().unwrap(), Params::default());
    assert!(serde_json::from_str::<GenesisState>(r#"{"bogus": 1}"#).is_err());
}

fn refused(g: &GenesisState) -> DatanetsError {
    match g.validate() {
        Err(e @ DatanetsError::InvalidGenesis(_)) => e,
        other => panic!("expected an invalid genesis, got {other:?}"),
    }
}

#[test]
fn invalid_genesis_is_refused() {
    let base = GenesisState::export(&busy()).unwrap();
    base.validate().unwrap();

    let mut g = base.clone();
    g.versions[0].version.root[0] ^= 1;
    refused(&g);

    let mut g = base.clone();
    g.versions[0].contributor_bytes[0].bytes += 1;
    refused(&g);

    let mut g = base.clone();
    g.versions.remove(1); // a gap in datanet 2's versions
    refused(&g);

    let mut g = base.clone();
    let dup = g.contributions[0].clone();
    let mut dup2 = g.contributions[1].clone();
    dup2.content_hash = dup.content_hash;
    g.contributions[1] = dup2;
    refused(&g);

    let mut g = base.clone();
    g.next_contribution_id = 3;
    refused(&g);

    let mut g = base.clone();
    let approved = g
        .contributions
        .iter_mut()
        .find(|c| c.status == ContributionStatus::Approved)
        .unwrap();
    approved.approval_seq = 9;
    refused(&g);

    let mut g = base.clone();
    let pending = g
        .contributions
        .iter_mut()
        .find(|c| c.status == ContributionStatus::Pending)
        .unwrap();
    pending.status = ContributionStatus::Rejected;
    refused(&g);

    let mut g = base.clone();
    g.standings[0].approved += 1;
    refused(&g);

    let mut g = base.clone();
    g.standings.remove(0);
    refused(&g);

    let mut g = base.clone();
    g.revenue[0].dust += 1;
    refused(&g);

    let mut g = base.clone();
    g.claims[0].claimed += 1;
    refused(&g);

    let mut g = base.clone();
    let a = g.access[0].clone();
    g.access.push(a);
    refused(&g);

    let mut g = base.clone();
    g.datanets[0].datanet.tags.push("medical".into());
    refused(&g);

    let mut g = base.clone();
    g.params.max_contribution_bytes = 0;
    refused(&g);
}

#[test]
fn import_checks_the_module_balance() {
    let s = busy();
    let mut bank = openledger_bank::GenesisState::export(&s).unwrap();
    let g = GenesisState::export(&s).unwrap();
    let module = openledger_datanets::datanets_address();
    let entry = bank
        .balances
        .iter_mut()
        .find(|b| b.address == module)
        .unwrap();
    let amount = entry.coins.amount_of("aopen");
    entry.coins = openledger_framework::Coins::single("aopen", amount + 1).unwrap();
    bank.supply.clear();
    let mut fresh = MemState::empty();
    bank.init(&mut fresh).unwrap();
    assert!(matches!(
        g.init(&mut fresh),
        Err(DatanetsError::InvalidGenesis(_))
    ));
}

#[test]
fn corrupt_state_breaks_the_invariants() {
    let s = busy();
    // A version root that no longer matches its contributions.
    let mut broken = MemState::empty();
    broken.apply(s.changes().clone());
    let mut v = broken.version(2, 1).unwrap().unwrap();
    v.root[0] ^= 1;
    broken
        .put_raw(
            openledger_datanets::state_key::version(2, 1),
            prost::Message::encode_to_vec(&v.to_proto()),
        )
        .unwrap();
    assert!(invariants::versions_match_contributions(&broken).is_err());
    // A dangling hash index entry.
    let mut broken = MemState::empty();
    broken.apply(s.changes().clone());
    broken
        .put_raw(
            openledger_datanets::state_key::content_hash(1, &[9; 32]),
            1u64.to_be_bytes().to_vec(),
        )
        .unwrap();
    assert!(invariants::hash_index_consistent(&broken).is_err());
    // Funds sent to the module account outside the module.
    let mut broken = MemState::empty();
    broken.apply(s.changes().clone());
    let key =
        openledger_bank::state_key::balance(&openledger_datanets::datanets_address(), "aopen");
    let have = u128::from_be_bytes(broken.get_raw(&key).unwrap().unwrap().try_into().unwrap());
    broken
        .put_raw(key, (have + 1).to_be_bytes().to_vec())
        .unwrap();
    assert!(invariants::module_balance_matches(&broken).is_err());
    // A claim record out of step with its pool.
    let mut broken = MemState::empty();
    broken.apply(s.changes().clone());
    broken
        .put_raw(
            openledger_datanets::state_key::claimed(2, 1, &addr(4)),
            1u128.to_be_bytes().to_vec(),
        )
        .unwrap();
    assert!(invariants::revenue_accounted(&broken).is_err());
}
