//! ICS-20 over the bank: the escrow account of a channel as ibc-go derives it, voucher denoms,
//! escrow and unescrow with their total, mint and burn of vouchers with their trace and
//! metadata, and the refusals of the transfer contexts.

use std::time::Duration;

use ibc::apps::transfer::context::{TokenTransferExecutionContext, TokenTransferValidationContext};
use ibc::apps::transfer::types::{Amount, Memo, PrefixedCoin, PrefixedDenom};
use ibc::core::host::types::identifiers::{ChannelId, PortId};
use ibc::primitives::Signer;
use openledger_bank::{self as bank, BankRead};
use openledger_framework::delta::MemState;
use openledger_framework::{Address, BlockCtx, Coins, StateRead, ACCOUNT_PREFIX};
use openledger_ibc::params::{self, TransferParams};
use openledger_ibc::transfer::{denom_trace, total_escrow_of, TransferCtx};
use openledger_ibc::{bank_denom, denom_hash, escrow_address, Host};
use sha2::{Digest, Sha256};

const UNBONDING: Duration = Duration::from_secs(21 * 24 * 3600);
const ATOM_TRACE: &str = "transfer/channel-0/uatom";

fn block() -> BlockCtx {
    BlockCtx {
        chain_id: "openledger-a-1".into(),
        height: 10,
        time_unix_secs: 1_700_000_000,
        time_nanos: 0,
    }
}

fn alice() -> Address {
    Address([0xA1; 20])
}

fn coin(denom: &str, amount: u64) -> PrefixedCoin {
    PrefixedCoin {
        denom: denom.parse().unwrap(),
        amount: Amount::from(amount),
    }
}

fn huge(denom: &str) -> PrefixedCoin {
    PrefixedCoin {
        denom: denom.parse().unwrap(),
        // u128::MAX + 1
        amount: "340282366920938463463374607431768211456".parse().unwrap(),
    }
}

fn funded(amount: u128) -> MemState {
    let mut s = MemState::empty();
    bank::mint(&mut s, &alice(), &Coins::single("aopen", amount).unwrap()).unwrap();
    s
}

fn port() -> PortId {
    PortId::transfer()
}

fn chan0() -> ChannelId {
    ChannelId::new(0)
}

fn atom_denom() -> String {
    format!(
        "ibc/{}",
        hex::encode_upper(Sha256::digest(ATOM_TRACE.as_bytes()))
    )
}

#[test]
fn escrow_address_is_ibc_gos_derivation() {
    // ibc-go types.GetEscrowAddress: sha256("ics20-1" ++ 0x00 ++ "transfer/channel-0")[:20]
    let mut preimage = b"ics20-1".to_vec();
    preimage.push(0);
    preimage.extend_from_slice(b"transfer/channel-0");
    let digest = Sha256::digest(&preimage);
    let a = escrow_address("transfer", "channel-0");
    assert_eq!(&a.0[..], &digest[..20]);
    // each channel its own
    assert_ne!(a, escrow_address("transfer", "channel-1"));
    assert_ne!(a, escrow_address("other", "channel-0"));
}

#[test]
fn bank_denoms_of_native_and_traced_tokens() {
    let ours: PrefixedDenom = "aopen".parse().unwrap();
    assert_eq!(bank_denom(&ours), "aopen");
    let atom: PrefixedDenom = ATOM_TRACE.parse().unwrap();
    assert_eq!(bank_denom(&atom), atom_denom());
    assert_eq!(
        denom_hash(ATOM_TRACE),
        hex::encode_upper(Sha256::digest(ATOM_TRACE.as_bytes()))
    );
    // upper-case hex, 64 digits
    let hash = atom_denom()[4..].to_string();
    assert_eq!(hash.len(), 64);
    assert_eq!(hash, hash.to_ascii_uppercase());
    // a two-hop trace hashes its whole path
    let two: PrefixedDenom = "transfer/channel-1/transfer/channel-0/uatom"
        .parse()
        .unwrap();
    assert_eq!(
        bank_denom(&two),
        format!(
            "ibc/{}",
            denom_hash("transfer/channel-1/transfer/channel-0/uatom")
        )
    );
}

#[test]
fn escrow_then_unescrow_moves_exactly_the_amount() {
    let mut s = funded(1_000);
    let b = block();
    let escrow = escrow_address("transfer", "channel-0");
    let bob = Address([0xB0; 20]);
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        let c = coin("aopen", 300);
        ctx.escrow_coins_validate(&alice(), &port(), &chan0(), &c, &Memo::from(String::new()))
            .unwrap();
        ctx.escrow_coins_execute(&alice(), &port(), &chan0(), &c, &Memo::from(String::new()))
            .unwrap();
    }
    assert_eq!(s.balance(&alice(), "aopen").unwrap(), 700);
    assert_eq!(s.balance(&escrow, "aopen").unwrap(), 300);
    assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 300);
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        let c = coin("aopen", 120);
        ctx.unescrow_coins_validate(&bob, &port(), &chan0(), &c)
            .unwrap();
        ctx.unescrow_coins_execute(&bob, &port(), &chan0(), &c)
            .unwrap();
    }
    assert_eq!(s.balance(&bob, "aopen").unwrap(), 120);
    assert_eq!(s.balance(&escrow, "aopen").unwrap(), 180);
    assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 180);
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        ctx.unescrow_coins_execute(&bob, &port(), &chan0(), &coin("aopen", 180))
            .unwrap();
    }
    assert_eq!(s.balance(&escrow, "aopen").unwrap(), 0);
    assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 0);
    // a zero total is not kept
    assert_eq!(
        s.get_raw(&openledger_ibc::state_key::total_escrow_key("aopen"))
            .unwrap(),
        None
    );
    // supply unchanged by escrow
    assert_eq!(s.supply("aopen").unwrap(), 1_000);
}

#[test]
fn escrow_and_unescrow_beyond_the_balance_are_refused() {
    let mut s = funded(100);
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let mut ctx = TransferCtx { host: &host };
    let memo = Memo::from(String::new());
    let e = ctx
        .escrow_coins_validate(&alice(), &port(), &chan0(), &coin("aopen", 101), &memo)
        .unwrap_err();
    assert!(e.to_string().contains("insufficient funds"), "{e}");
    ctx.escrow_coins_execute(&alice(), &port(), &chan0(), &coin("aopen", 40), &memo)
        .unwrap();
    // the escrow of channel-0 holds 40: 41 is refused, and channel-1 holds nothing
    let e = ctx
        .unescrow_coins_validate(&alice(), &port(), &chan0(), &coin("aopen", 41))
        .unwrap_err();
    assert!(e.to_string().contains("insufficient funds"), "{e}");
    assert!(ctx
        .unescrow_coins_validate(&alice(), &port(), &ChannelId::new(1), &coin("aopen", 1))
        .is_err());
    ctx.unescrow_coins_validate(&alice(), &port(), &chan0(), &coin("aopen", 40))
        .unwrap();
    // amounts beyond u128 are refused by every validation
    assert!(ctx
        .escrow_coins_validate(&alice(), &port(), &chan0(), &huge("aopen"), &memo)
        .is_err());
    assert!(ctx
        .unescrow_coins_validate(&alice(), &port(), &chan0(), &huge("aopen"))
        .is_err());
    assert!(ctx
        .mint_coins_validate(&alice(), &huge(ATOM_TRACE))
        .is_err());
    assert!(ctx
        .burn_coins_validate(&alice(), &huge(ATOM_TRACE), &memo)
        .is_err());
}

#[test]
fn mint_credits_the_voucher_and_records_trace_and_metadata_once() {
    let mut s = MemState::empty();
    let b = block();
    let voucher = atom_denom();
    let hash = voucher[4..].to_string();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        let c = coin(ATOM_TRACE, 500);
        ctx.mint_coins_validate(&alice(), &c).unwrap();
        ctx.mint_coins_execute(&alice(), &c).unwrap();
        assert_eq!(ctx.denom_hash_string(&c.denom), Some(hash.clone()));
        assert_eq!(ctx.denom_hash_string(&"aopen".parse().unwrap()), None);
    }
    assert_eq!(s.balance(&alice(), &voucher).unwrap(), 500);
    assert_eq!(s.balance(&alice(), "uatom").unwrap(), 0);
    assert_eq!(s.supply(&voucher).unwrap(), 500);
    assert_eq!(denom_trace(&s, &hash).unwrap().as_deref(), Some(ATOM_TRACE));
    // lower-case lookups find it too
    assert_eq!(
        denom_trace(&s, &hash.to_ascii_lowercase())
            .unwrap()
            .as_deref(),
        Some(ATOM_TRACE)
    );
    let m = bank::metadata::denom_metadata(&s, &voucher)
        .unwrap()
        .expect("voucher metadata");
    assert_eq!(m.base, voucher);
    assert_eq!(m.display, voucher);
    assert!(m.description.contains(ATOM_TRACE), "{}", m.description);
    assert_eq!(m.symbol, "UATOM");
    assert_eq!(m.denom_units.len(), 1);
    assert_eq!(m.denom_units[0].aliases, vec![ATOM_TRACE.to_string()]);

    // metadata set by governance since then is not overwritten by a later mint
    let mut edited = m.clone();
    edited.description = "edited".into();
    bank::metadata::set_denom_metadata(&mut s, &edited).unwrap();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        ctx.mint_coins_execute(&Address([0xB0; 20]), &coin(ATOM_TRACE, 7))
            .unwrap();
    }
    assert_eq!(s.supply(&voucher).unwrap(), 507);
    assert_eq!(
        bank::metadata::denom_metadata(&s, &voucher)
            .unwrap()
            .unwrap()
            .description,
        "edited"
    );
    // one trace per voucher
    let traces = s
        .prefix_raw(
            openledger_ibc::state_key::DENOM_TRACE_PREFIX.as_bytes(),
            None,
        )
        .count();
    assert_eq!(traces, 1);
}

#[test]
fn a_mint_of_an_untraced_denom_records_no_trace() {
    // a mint of a token without a trace (never done by ICS-20 for a returning token, which
    // is unescrowed) records no trace
    let mut s = MemState::empty();
    let b = block();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        ctx.mint_coins_execute(&alice(), &coin("uother", 5))
            .unwrap();
    }
    assert_eq!(s.balance(&alice(), "uother").unwrap(), 5);
    assert_eq!(
        s.prefix_raw(
            openledger_ibc::state_key::DENOM_TRACE_PREFIX.as_bytes(),
            None
        )
        .count(),
        0
    );
}

#[test]
fn burn_reduces_balance_and_supply() {
    let mut s = MemState::empty();
    let b = block();
    let voucher = atom_denom();
    let memo = Memo::from(String::new());
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        ctx.mint_coins_execute(&alice(), &coin(ATOM_TRACE, 100))
            .unwrap();
        ctx.burn_coins_validate(&alice(), &coin(ATOM_TRACE, 40), &memo)
            .unwrap();
        ctx.burn_coins_execute(&alice(), &coin(ATOM_TRACE, 40), &memo)
            .unwrap();
        let e = ctx
            .burn_coins_validate(&alice(), &coin(ATOM_TRACE, 61), &memo)
            .unwrap_err();
        assert!(e.to_string().contains("insufficient funds"), "{e}");
    }
    assert_eq!(s.balance(&alice(), &voucher).unwrap(), 60);
    assert_eq!(s.supply(&voucher).unwrap(), 60);
}

#[test]
fn senders_and_receivers_must_be_open_accounts() {
    let mut s = MemState::empty();
    let b = block();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = TransferCtx { host: &host };
    let ours = alice().to_bech32(ACCOUNT_PREFIX);
    assert_eq!(
        ctx.sender_account(&Signer::from(ours.clone())).unwrap(),
        alice()
    );
    assert_eq!(ctx.receiver_account(&Signer::from(ours)).unwrap(), alice());
    for bad in [
        alice().to_bech32("cosmos"),
        "open1xyz".to_string(),
        String::new(),
    ] {
        assert!(
            ctx.sender_account(&Signer::from(bad.clone())).is_err(),
            "{bad}"
        );
        assert!(
            ctx.receiver_account(&Signer::from(bad.clone())).is_err(),
            "{bad}"
        );
    }
    // module accounts other modules account for may not receive
    for name in bank::BLOCKED_MODULE_ACCOUNTS {
        let a = Address::module(name).to_bech32(ACCOUNT_PREFIX);
        let e = ctx.receiver_account(&Signer::from(a.clone())).unwrap_err();
        assert!(e.to_string().contains("may not receive"), "{name}: {e}");
        // they may still be named as senders (the bank refuses what they do not hold)
        assert!(ctx.sender_account(&Signer::from(a)).is_ok());
    }
    assert_eq!(ctx.get_port().unwrap(), PortId::transfer());
}

#[test]
fn send_and_receive_can_be_disabled_separately() {
    let mut s = MemState::empty();
    let b = block();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let ctx = TransferCtx { host: &host };
        ctx.can_send_coins().unwrap();
        ctx.can_receive_coins().unwrap();
    }
    params::set(
        &mut s,
        &TransferParams {
            send_enabled: false,
            receive_enabled: true,
        },
    )
    .unwrap();
    {
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let ctx = TransferCtx { host: &host };
        let e = ctx.can_send_coins().unwrap_err();
        assert!(e.to_string().contains("disabled"), "{e}");
        ctx.can_receive_coins().unwrap();
    }
    params::set(
        &mut s,
        &TransferParams {
            send_enabled: true,
            receive_enabled: false,
        },
    )
    .unwrap();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = TransferCtx { host: &host };
    ctx.can_send_coins().unwrap();
    let e = ctx.can_receive_coins().unwrap_err();
    assert!(e.to_string().contains("disabled"), "{e}");
}

#[test]
fn mint_validation_refuses_overflowing_supply() {
    let mut s = MemState::empty();
    let b = block();
    let voucher = atom_denom();
    bank::mint(
        &mut s,
        &alice(),
        &Coins::single(&voucher, u128::MAX - 10).unwrap(),
    )
    .unwrap();
    let host = Host::new(&mut s, &b, UNBONDING).unwrap();
    let ctx = TransferCtx { host: &host };
    ctx.mint_coins_validate(&alice(), &coin(ATOM_TRACE, 10))
        .unwrap();
    let e = ctx
        .mint_coins_validate(&alice(), &coin(ATOM_TRACE, 11))
        .unwrap_err();
    assert!(e.to_string().contains("overflow"), "{e}");
}
