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

// --- MsgTransfer run by `execute` over a channel made open by hand -----------------------

mod over_an_open_channel {
    use super::*;
    use ibc::clients::tendermint::types::{
        AllowUpdate, ClientState as TmClientStateType, ConsensusState as TmConsensusStateType,
        TrustThreshold,
    };
    use ibc::core::channel::types::channel::{
        ChannelEnd, Counterparty as ChanCounterparty, Order, State as ChanState,
    };
    use ibc::core::channel::types::Version as ChanVersion;
    use ibc::core::client::context::ClientExecutionContext;
    use ibc::core::client::types::Height;
    use ibc::core::commitment_types::commitment::{CommitmentPrefix, CommitmentRoot};
    use ibc::core::connection::types::version::Version as ConnVersion;
    use ibc::core::connection::types::{ConnectionEnd, Counterparty as ConnCounterparty, State};
    use ibc::core::host::types::identifiers::{ChainId, ClientId, ConnectionId, Sequence};
    use ibc::core::host::types::path::{
        ChannelEndPath, ClientConsensusStatePath, ClientStatePath, ConnectionPath, SeqAckPath,
        SeqRecvPath, SeqSendPath,
    };
    use ibc::core::host::ExecutionContext;
    use ibc_proto::ibc::applications::transfer::v1::{
        MsgTransfer as RawMsgTransfer, MsgTransferResponse,
    };
    use ibc_proto::ibc::core::client::v1::Height as RawHeight;
    use openledger_framework::MsgCtx;
    use openledger_ibc::{decode, execute, IbcError, MSG_TRANSFER};
    use prost::Message;

    const COMMITMENT_1: &[u8] = b"ibc/commitments/ports/transfer/channels/channel-0/sequences/1";

    /// Client 07-tendermint-0 of `openledger-b-1` at 1-10, connection-0 and channel-0 on
    /// `transfer` open towards channel-5 of the counterparty.
    fn open_channel(s: &mut MemState) {
        let b = block();
        let host = Host::new(s, &b, UNBONDING).unwrap();
        let mut ctx = openledger_ibc::IbcCtx { host: &host };
        let client = ClientId::new("07-tendermint", 0).unwrap();
        let cs = TmClientStateType::new(
            ChainId::new("openledger-b-1").unwrap(),
            TrustThreshold::ONE_THIRD,
            Duration::from_secs(14 * 24 * 3600),
            UNBONDING,
            Duration::from_secs(20),
            Height::new(1, 10).unwrap(),
            openledger_ibc::our_proof_specs(),
            Vec::new(),
            AllowUpdate {
                after_expiry: false,
                after_misbehaviour: false,
            },
        )
        .unwrap();
        ctx.store_client_state(ClientStatePath::new(client.clone()), cs.into())
            .unwrap();
        let cons = TmConsensusStateType::new(
            CommitmentRoot::from_bytes(&[1; 32]),
            tendermint::Time::from_unix_timestamp(b.time_unix_secs, 0).unwrap(),
            tendermint::Hash::from_bytes(tendermint::hash::Algorithm::Sha256, &[2; 32]).unwrap(),
        );
        ctx.store_consensus_state(
            ClientConsensusStatePath::new(client.clone(), 1, 10),
            cons.into(),
        )
        .unwrap();
        ctx.store_update_meta(
            client.clone(),
            Height::new(1, 10).unwrap(),
            ibc::primitives::Timestamp::from_nanoseconds(b.time_unix_secs as u64 * 1_000_000_000),
            Height::new(1, b.height).unwrap(),
        )
        .unwrap();
        let conn = ConnectionId::new(0);
        let conn_end = ConnectionEnd::new(
            State::Open,
            client,
            ConnCounterparty::new(
                ClientId::new("07-tendermint", 9).unwrap(),
                Some(ConnectionId::new(9)),
                CommitmentPrefix::from_bytes(b"ibc"),
            ),
            ConnVersion::compatibles(),
            Duration::ZERO,
        )
        .unwrap();
        ctx.store_connection(&ConnectionPath::new(&conn), conn_end)
            .unwrap();
        let chan = ChannelEnd::new(
            ChanState::Open,
            Order::Unordered,
            ChanCounterparty::new(PortId::transfer(), Some(ChannelId::new(5))),
            vec![conn],
            ChanVersion::new("ics20-1".into()),
        )
        .unwrap();
        let (p, c) = (port(), chan0());
        ctx.store_channel(&ChannelEndPath::new(&p, &c), chan)
            .unwrap();
        ctx.store_next_sequence_send(&SeqSendPath::new(&p, &c), Sequence::from(1))
            .unwrap();
        ctx.store_next_sequence_recv(&SeqRecvPath::new(&p, &c), Sequence::from(1))
            .unwrap();
        ctx.store_next_sequence_ack(&SeqAckPath::new(&p, &c), Sequence::from(1))
            .unwrap();
    }

    fn msg(denom: &str, amount: &str, timeout_height: u64) -> RawMsgTransfer {
        RawMsgTransfer {
            source_port: "transfer".into(),
            source_channel: "channel-0".into(),
            token: Some(ibc_proto::cosmos::base::v1beta1::Coin {
                denom: denom.into(),
                amount: amount.into(),
            }),
            sender: alice().to_bech32(ACCOUNT_PREFIX),
            receiver: "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu".into(),
            timeout_height: Some(RawHeight {
                revision_number: 1,
                revision_height: timeout_height,
            }),
            timeout_timestamp: 0,
            memo: String::new(),
        }
    }

    /// Decode and run `m` as the app does: on a fork kept only on success.
    fn send(s: &mut MemState, m: &RawMsgTransfer) -> Result<u64, IbcError> {
        let (decoded, signers) = decode(&cosmos_sdk_proto::Any {
            type_url: MSG_TRANSFER.into(),
            value: m.encode_to_vec(),
        })?;
        let b = block();
        let ctx = MsgCtx {
            block: &b,
            signers: &signers,
            msg_index: 0,
        };
        let mut fork = openledger_framework::StateDelta::new(&*s);
        let r = execute(&mut fork, &ctx, UNBONDING, &decoded);
        let (_, changes) = fork.into_parts();
        let res = r?;
        changes.apply_to(s).unwrap();
        assert_eq!(
            res.type_url,
            "/ibc.applications.transfer.v1.MsgTransferResponse"
        );
        Ok(MsgTransferResponse::decode(res.value.as_slice())
            .unwrap()
            .sequence)
    }

    fn next_send(s: &MemState) -> Vec<u8> {
        s.get_raw(b"ibc/nextSequenceSend/ports/transfer/channels/channel-0")
            .unwrap()
            .unwrap()
    }

    #[test]
    fn a_transfer_escrows_the_tokens_and_commits_the_packet() {
        let mut s = funded(1_000);
        open_channel(&mut s);
        let _ = s.take_events();
        let escrow = escrow_address("transfer", "channel-0");

        assert_eq!(send(&mut s, &msg("aopen", "300", 1_000)).unwrap(), 1);
        assert_eq!(s.balance(&alice(), "aopen").unwrap(), 700);
        assert_eq!(s.balance(&escrow, "aopen").unwrap(), 300);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 300);
        assert_eq!(s.get_raw(COMMITMENT_1).unwrap().map(|c| c.len()), Some(32));
        assert_eq!(next_send(&s), 2u64.to_be_bytes().to_vec());
        let events = s.take_events();
        let send_packet = events
            .iter()
            .find(|e| e.kind == "send_packet")
            .expect("send_packet event");
        assert_eq!(send_packet.attribute("packet_sequence"), Some("1"));
        assert_eq!(
            send_packet.attribute("packet_src_channel"),
            Some("channel-0")
        );
        assert_eq!(
            send_packet.attribute("packet_dst_channel"),
            Some("channel-5")
        );
        assert!(send_packet.attributes.iter().all(|a| a.index));
        assert!(
            events.iter().any(|e| e.kind == "ibc_transfer"),
            "{events:?}"
        );

        // the next one takes sequence 2
        assert_eq!(send(&mut s, &msg("aopen", "1", 1_000)).unwrap(), 2);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 301);
    }

    #[test]
    fn a_voucher_named_by_its_bank_denom_is_burned_on_the_way_out() {
        let mut s = MemState::empty();
        open_channel(&mut s);
        {
            let b = block();
            let host = Host::new(&mut s, &b, UNBONDING).unwrap();
            let mut ctx = TransferCtx { host: &host };
            ctx.mint_coins_execute(&alice(), &coin(ATOM_TRACE, 100))
                .unwrap();
        }
        let voucher = atom_denom();
        assert_eq!(send(&mut s, &msg(&voucher, "30", 1_000)).unwrap(), 1);
        assert_eq!(s.balance(&alice(), &voucher).unwrap(), 70);
        assert_eq!(s.supply(&voucher).unwrap(), 70);
        // vouchers are burned, not escrowed
        let escrow = escrow_address("transfer", "channel-0");
        assert_eq!(s.balance(&escrow, &voucher).unwrap(), 0);
        assert!(s.get_raw(COMMITMENT_1).unwrap().is_some());

        // a voucher this chain never saw
        let unknown = format!("ibc/{}", denom_hash("transfer/channel-9/uabc"));
        let e = send(&mut s, &msg(&unknown, "1", 1_000)).unwrap_err();
        assert!(matches!(e, IbcError::InvalidCoins(_)), "{e:?}");
        assert!(e.to_string().contains("unknown IBC denom"), "{e}");
    }

    #[test]
    fn the_escrow_invariant_holds_after_sends_and_catches_a_missing_escrow() {
        let mut s = funded(1_000);
        open_channel(&mut s);
        openledger_ibc::transfer::check_escrow_invariant(&s).unwrap();
        send(&mut s, &msg("aopen", "300", 1_000)).unwrap();
        openledger_ibc::transfer::check_escrow_invariant(&s).unwrap();
        // tokens leaving an escrow account other than by ICS-20 break it
        let escrow = escrow_address("transfer", "channel-0");
        bank::burn(&mut s, &escrow, &Coins::single("aopen", 1).unwrap()).unwrap();
        let e = openledger_ibc::transfer::check_escrow_invariant(&s).unwrap_err();
        assert!(e.contains("below the recorded total 300"), "{e}");
    }

    fn refused_and_unchanged(s: &mut MemState, m: &RawMsgTransfer) -> String {
        let balance = s.balance(&alice(), "aopen").unwrap();
        let e = send(s, m).unwrap_err().to_string();
        assert!(e.len() < 300, "long error: {e}");
        assert_eq!(s.balance(&alice(), "aopen").unwrap(), balance);
        assert_eq!(total_escrow_of(&*s, "aopen").unwrap(), 0);
        assert_eq!(s.get_raw(COMMITMENT_1).unwrap(), None);
        assert_eq!(next_send(s), 1u64.to_be_bytes().to_vec());
        e
    }

    #[test]
    fn transfers_that_cannot_be_sent_are_refused_and_change_nothing() {
        let mut s = funded(1_000);
        open_channel(&mut s);
        let e = refused_and_unchanged(&mut s, &msg("aopen", "1001", 1_000));
        assert!(e.contains("insufficient funds"), "{e}");
        // the counterparty's client is already past the timeout height
        let e = refused_and_unchanged(&mut s, &msg("aopen", "5", 9));
        assert!(e.contains("timeout height"), "{e}");
        // another channel
        let mut m = msg("aopen", "5", 1_000);
        m.source_channel = "channel-1".into();
        let e = refused_and_unchanged(&mut s, &m);
        assert!(e.contains("channel-1"), "{e}");
        // a denom the bank refuses
        let e = refused_and_unchanged(&mut s, &msg("a!b", "5", 1_000));
        assert!(e.contains("denom"), "{e}");
        // sends disabled
        params::set(
            &mut s,
            &TransferParams {
                send_enabled: false,
                receive_enabled: true,
            },
        )
        .unwrap();
        let e = refused_and_unchanged(&mut s, &msg("aopen", "5", 1_000));
        assert!(e.contains("disabled"), "{e}");
    }

    #[test]
    fn a_transfer_of_zero_is_refused_and_changes_nothing() {
        let mut s = funded(1_000);
        open_channel(&mut s);
        let e = refused_and_unchanged(&mut s, &msg("aopen", "0", 1_000));
        assert!(e.contains("positive"), "{e}");
    }
}

// --- packets received by the `transfer` application --------------------------------------

mod receiving {
    use super::*;
    use ibc::core::channel::types::acknowledgement::Acknowledgement;
    use ibc::core::channel::types::packet::Packet;
    use ibc::core::channel::types::timeout::{TimeoutHeight, TimeoutTimestamp};
    use ibc::core::host::types::identifiers::Sequence;
    use ibc::core::router::module::Module as _;
    use openledger_ibc::rate_limit_hooks::ack_is_success;
    use openledger_ibc::transfer::TransferModule;

    /// A packet from the counterparty's transfer/channel-5 to our transfer/channel-0.
    fn packet(denom: &str, amount: &str, receiver: &str) -> Packet {
        let data = serde_json::json!({
            "denom": denom,
            "amount": amount,
            "sender": "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu",
            "receiver": receiver,
            "memo": "",
        });
        Packet {
            seq_on_a: Sequence::from(1),
            port_id_on_a: PortId::transfer(),
            chan_id_on_a: ChannelId::new(5),
            port_id_on_b: PortId::transfer(),
            chan_id_on_b: chan0(),
            data: serde_json::to_vec(&data).unwrap(),
            timeout_height_on_b: TimeoutHeight::Never,
            timeout_timestamp_on_b: TimeoutTimestamp::Never,
        }
    }

    fn receive(s: &mut MemState, p: &Packet) -> Acknowledgement {
        let b = block();
        let host = Host::new(s, &b, UNBONDING).unwrap();
        let mut module = TransferModule { host: &host };
        let relayer = Signer::from(Address([0xEE; 20]).to_bech32(ACCOUNT_PREFIX));
        module
            .on_recv_packet_execute(p, &relayer)
            .1
            .expect("an acknowledgement")
    }

    fn alice_bech32() -> String {
        alice().to_bech32(ACCOUNT_PREFIX)
    }

    #[test]
    fn a_foreign_token_is_minted_as_a_voucher_of_our_channel() {
        let mut s = MemState::empty();
        let ack = receive(&mut s, &packet("uatom", "100", &alice_bech32()));
        assert!(ack_is_success(&ack), "{ack:?}");
        // traced through our receiving channel
        let voucher = atom_denom();
        assert_eq!(s.balance(&alice(), &voucher).unwrap(), 100);
        assert_eq!(s.supply(&voucher).unwrap(), 100);
        assert_eq!(
            denom_trace(&s, &voucher[4..]).unwrap().as_deref(),
            Some(ATOM_TRACE)
        );
    }

    #[test]
    fn our_token_returning_is_released_from_the_escrow() {
        let mut s = funded(1_000);
        {
            let b = block();
            let host = Host::new(&mut s, &b, UNBONDING).unwrap();
            let mut ctx = TransferCtx { host: &host };
            ctx.escrow_coins_execute(
                &alice(),
                &port(),
                &chan0(),
                &coin("aopen", 400),
                &Memo::from(String::new()),
            )
            .unwrap();
        }
        let bob = Address([0xB0; 20]);
        // the counterparty names it by its trace there: its port and channel, then ours
        let ack = receive(
            &mut s,
            &packet(
                "transfer/channel-5/aopen",
                "150",
                &bob.to_bech32(ACCOUNT_PREFIX),
            ),
        );
        assert!(ack_is_success(&ack), "{ack:?}");
        assert_eq!(s.balance(&bob, "aopen").unwrap(), 150);
        let escrow = escrow_address("transfer", "channel-0");
        assert_eq!(s.balance(&escrow, "aopen").unwrap(), 250);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 250);
        // nothing minted, no trace
        assert_eq!(s.supply("aopen").unwrap(), 1_000);
        assert_eq!(
            s.prefix_raw(
                openledger_ibc::state_key::DENOM_TRACE_PREFIX.as_bytes(),
                None
            )
            .count(),
            0
        );

        // more than the escrow holds: an error acknowledgement, nothing moves
        let ack = receive(
            &mut s,
            &packet(
                "transfer/channel-5/aopen",
                "251",
                &bob.to_bech32(ACCOUNT_PREFIX),
            ),
        );
        assert!(!ack_is_success(&ack), "{ack:?}");
        assert_eq!(s.balance(&bob, "aopen").unwrap(), 150);
        assert_eq!(s.balance(&escrow, "aopen").unwrap(), 250);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 250);
    }

    /// A refused receive: an error acknowledgement and no state change at all.
    fn refused(s: &mut MemState, p: &Packet) -> String {
        let before = s.changes().clone();
        let ack = receive(s, p);
        assert!(!ack_is_success(&ack), "{ack:?}");
        assert_eq!(s.changes(), &before, "a refused receive changed state");
        String::from_utf8_lossy(ack.as_bytes()).into_owned()
    }

    #[test]
    fn receives_that_cannot_be_credited_give_an_error_ack_and_change_nothing() {
        let mut s = MemState::empty();
        // a receiver that is not one of our accounts
        let ack = refused(
            &mut s,
            &packet(
                "uatom",
                "5",
                "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu",
            ),
        );
        assert!(ack.contains("error"), "{ack}");
        // a module account other modules account for
        let blocked = Address::module("distribution").to_bech32(ACCOUNT_PREFIX);
        refused(&mut s, &packet("uatom", "5", &blocked));
        // an amount beyond u128
        refused(
            &mut s,
            &packet(
                "uatom",
                "340282366920938463463374607431768211456",
                &alice_bech32(),
            ),
        );
        // nothing to credit
        refused(&mut s, &packet("uatom", "0", &alice_bech32()));
        // not ICS-20 data
        let mut p = packet("uatom", "5", &alice_bech32());
        p.data = b"not json".to_vec();
        refused(&mut s, &p);
        // receives disabled
        params::set(
            &mut s,
            &TransferParams {
                send_enabled: true,
                receive_enabled: false,
            },
        )
        .unwrap();
        refused(&mut s, &packet("uatom", "5", &alice_bech32()));
        assert_eq!(s.supply(&atom_denom()).unwrap(), 0);
    }
}

// --- refunds of packets we sent: timeouts and error acknowledgements ------------------------

mod refunds {
    use super::*;
    use ibc::core::channel::types::acknowledgement::Acknowledgement;
    use ibc::core::channel::types::packet::Packet;
    use ibc::core::channel::types::timeout::{TimeoutHeight, TimeoutTimestamp};
    use ibc::core::host::types::identifiers::Sequence;
    use ibc::core::router::module::Module as _;
    use openledger_ibc::rate_limit_hooks::error_ack;
    use openledger_ibc::transfer::TransferModule;

    /// A packet alice sent from our transfer/channel-0 to the counterparty's channel-5.
    fn sent(denom: &str, amount: &str) -> Packet {
        let data = serde_json::json!({
            "denom": denom,
            "amount": amount,
            "sender": alice().to_bech32(ACCOUNT_PREFIX),
            "receiver": "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu",
            "memo": "",
        });
        Packet {
            seq_on_a: Sequence::from(1),
            port_id_on_a: PortId::transfer(),
            chan_id_on_a: chan0(),
            port_id_on_b: PortId::transfer(),
            chan_id_on_b: ChannelId::new(5),
            data: serde_json::to_vec(&data).unwrap(),
            timeout_height_on_b: TimeoutHeight::Never,
            timeout_timestamp_on_b: TimeoutTimestamp::Never,
        }
    }

    fn relayer() -> Signer {
        Signer::from(Address([0xEE; 20]).to_bech32(ACCOUNT_PREFIX))
    }

    /// Alice's 300 aopen escrowed on channel-0, as a send leaves them.
    fn escrowed() -> MemState {
        let mut s = funded(1_000);
        let b = block();
        let host = Host::new(&mut s, &b, UNBONDING).unwrap();
        let mut ctx = TransferCtx { host: &host };
        ctx.escrow_coins_execute(
            &alice(),
            &port(),
            &chan0(),
            &coin("aopen", 300),
            &Memo::from(String::new()),
        )
        .unwrap();
        drop(host);
        s
    }

    fn timeout(s: &mut MemState, p: &Packet) {
        let b = block();
        let host = Host::new(s, &b, UNBONDING).unwrap();
        let mut m = TransferModule { host: &host };
        m.on_timeout_packet_validate(p, &relayer()).unwrap();
        m.on_timeout_packet_execute(p, &relayer()).1.unwrap();
    }

    fn acknowledge(s: &mut MemState, p: &Packet, ack: &Acknowledgement) {
        let b = block();
        let host = Host::new(s, &b, UNBONDING).unwrap();
        let mut m = TransferModule { host: &host };
        m.on_acknowledgement_packet_validate(p, ack, &relayer())
            .unwrap();
        m.on_acknowledgement_packet_execute(p, ack, &relayer())
            .1
            .unwrap();
    }

    #[test]
    fn a_timeout_returns_escrowed_tokens_to_the_sender() {
        let mut s = escrowed();
        timeout(&mut s, &sent("aopen", "300"));
        assert_eq!(s.balance(&alice(), "aopen").unwrap(), 1_000);
        let escrow = escrow_address("transfer", "channel-0");
        assert_eq!(s.balance(&escrow, "aopen").unwrap(), 0);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 0);
    }

    #[test]
    fn an_error_ack_refunds_and_a_success_ack_does_not() {
        let mut s = escrowed();
        let ok = Acknowledgement::try_from(br#"{"result":"AQ=="}"#.to_vec()).unwrap();
        acknowledge(&mut s, &sent("aopen", "100"), &ok);
        assert_eq!(s.balance(&alice(), "aopen").unwrap(), 700);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 300);

        let err = error_ack("receiver refused").unwrap();
        acknowledge(&mut s, &sent("aopen", "200"), &err);
        assert_eq!(s.balance(&alice(), "aopen").unwrap(), 900);
        assert_eq!(total_escrow_of(&s, "aopen").unwrap(), 100);
    }

    #[test]
    fn a_timed_out_voucher_is_minted_back() {
        let mut s = MemState::empty();
        let b = block();
        let memo = Memo::from(String::new());
        {
            let host = Host::new(&mut s, &b, UNBONDING).unwrap();
            let mut ctx = TransferCtx { host: &host };
            ctx.mint_coins_execute(&alice(), &coin(ATOM_TRACE, 100))
                .unwrap();
            ctx.burn_coins_execute(&alice(), &coin(ATOM_TRACE, 60), &memo)
                .unwrap();
        }
        let voucher = atom_denom();
        assert_eq!(s.supply(&voucher).unwrap(), 40);
        timeout(&mut s, &sent(ATOM_TRACE, "60"));
        assert_eq!(s.balance(&alice(), &voucher).unwrap(), 100);
        assert_eq!(s.supply(&voucher).unwrap(), 100);
    }
}
