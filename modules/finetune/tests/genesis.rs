//! Genesis: export then import into a fresh state gives the same records, indexes and queues;
//! inconsistent genesis files are refused.

mod common;

use common::*;
use openledger_bank::{Balance, GenesisState as BankGenesis};
use openledger_finetune::{invariants, FinetuneRead, GenesisState, JobStatus};
use openledger_framework::delta::MemState;
use openledger_framework::{Coin, Coins, BASE_DENOM};

fn busy_state() -> MemState {
    let mut s = setup();
    let (p, q) = (addr(3), addr(4));
    register(&mut s, 1, p, BOND).unwrap();
    register(&mut s, 1, q, BOND).unwrap();
    let a = open(&mut s, 2, 50).unwrap();
    let b = open(&mut s, 2, 50).unwrap();
    let _c = open(&mut s, 2, 50).unwrap();
    claim(&mut s, 3, p, a).unwrap();
    claim(&mut s, 3, q, b).unwrap();
    deliver(&mut s, 4, q, b, 5).unwrap();
    unbond(&mut s, 4, addr(3)).unwrap_err();
    s
}

#[test]
fn export_import_round_trips() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();
    assert_eq!(g.jobs.len(), 3);
    assert_eq!(g.next_job_id, 4);
    let json = serde_json::to_string(&g).unwrap();
    let g2: GenesisState = serde_json::from_str(&json).unwrap();
    assert_eq!(g2, g);

    // A fresh chain with the same balances of the escrow.
    let mut fresh = MemState::empty();
    let escrow = bal(&s, &openledger_finetune::finetune_address());
    BankGenesis {
        balances: vec![Balance {
            address: openledger_finetune::finetune_address(),
            coins: Coins::new(vec![Coin::new(BASE_DENOM, escrow)]).unwrap(),
        }],
        ..Default::default()
    }
    .init(&mut fresh)
    .unwrap();
    g2.init(&mut fresh).unwrap();
    invariants::check(&fresh).unwrap();
    assert_eq!(GenesisState::export(&fresh).unwrap(), g);
    assert_eq!(fresh.job(2).unwrap().unwrap().status, JobStatus::Delivered);
}

#[test]
fn inconsistent_genesis_is_refused() {
    let s = busy_state();
    let g = GenesisState::export(&s).unwrap();

    let mut bad = g.clone();
    bad.next_job_id = 2;
    assert!(bad.validate().is_err());

    let mut bad = g.clone();
    bad.providers[0].active_jobs = 5;
    assert!(bad.validate().is_err());

    let mut bad = g.clone();
    bad.providers.push(bad.providers[0].clone());
    assert!(bad.validate().is_err());

    let mut bad = g.clone();
    bad.params.max_text_len = 0;
    assert!(bad.validate().is_err());

    // The escrow must hold what the records say.
    let mut fresh = MemState::empty();
    assert!(g.init(&mut fresh).is_err());
}
