//! ICS-20 fungible token transfer over the bank: escrow and unescrow of tokens this chain is
//! the source of, mint and burn of `ibc/<HASH>` vouchers for tokens from elsewhere, each
//! voucher's denom trace recorded for queries and its bank metadata set for wallets.

use ibc::apps::transfer::context::{TokenTransferExecutionContext, TokenTransferValidationContext};
use ibc::apps::transfer::module as ics20;
use ibc::apps::transfer::types::{Memo, PrefixedCoin, PrefixedDenom, PORT_ID_STR};
use ibc::core::channel::types::acknowledgement::Acknowledgement;
use ibc::core::channel::types::channel::{Counterparty, Order};
use ibc::core::channel::types::error::ChannelError;
use ibc::core::channel::types::packet::Packet;
use ibc::core::channel::types::Version;
use ibc::core::host::types::error::HostError;
use ibc::core::host::types::identifiers::{ChannelId, ConnectionId, PortId};
use ibc::core::router::module::Module as IbcModule;
use ibc::core::router::types::module::ModuleExtras;
use ibc::primitives::Signer;
use openledger_bank::{self as bank, BankRead, BankWrite, DenomMetadata, DenomUnit};
use openledger_framework::{Address, Coins, StateDelta, StateRead, StateWrite, ACCOUNT_PREFIX};
use sha2::{Digest, Sha256};

use crate::context::Host;
use crate::params;
use crate::state_key;

/// The ICS-20 escrow account of a channel, as ibc-go derives it: the first 20 bytes of
/// sha256("ics20-1" ++ 0x00 ++ "<port>/<channel>").
pub fn escrow_address(port: &str, channel: &str) -> Address {
    let mut h = Sha256::new();
    h.update(b"ics20-1");
    h.update([0u8]);
    h.update(format!("{port}/{channel}").as_bytes());
    let digest = h.finalize();
    let mut out = [0u8; 20];
    out.copy_from_slice(&digest[..20]);
    Address(out)
}

/// The upper-case hex sha256 of a full denom trace (`transfer/channel-0/aopen`).
pub fn denom_hash(full_path: &str) -> String {
    hex::encode_upper(Sha256::digest(full_path.as_bytes()))
}

/// The bank denom of a token as ICS-20 names it: its base denom when it has no trace (ours),
/// else `ibc/<HASH>` of the full trace.
pub fn bank_denom(denom: &PrefixedDenom) -> String {
    if denom.trace_path.is_empty() {
        denom.base_denom.as_str().to_string()
    } else {
        format!("ibc/{}", denom_hash(&denom.to_string()))
    }
}

/// The full trace of a voucher `ibc/<HASH>`, if this chain has seen it.
pub fn denom_trace(state: &dyn StateRead, hash: &str) -> Result<Option<String>, HostError> {
    let key = state_key::denom_trace_key(&hash.to_ascii_uppercase());
    match state.get_raw(&key).map_err(HostError::failed_to_retrieve)? {
        None => Ok(None),
        Some(b) => String::from_utf8(b)
            .map(Some)
            .map_err(|_| HostError::invalid_state("stored denom trace is not UTF-8")),
    }
}

fn amount_u128(coin: &PrefixedCoin) -> Result<u128, HostError> {
    coin.amount.to_string().parse::<u128>().map_err(|_| {
        HostError::invalid_state(format!(
            "amount {} exceeds the largest amount this chain holds",
            coin.amount
        ))
    })
}

fn coins(denom: &str, amount: u128) -> Result<Coins, HostError> {
    Coins::single(denom, amount).map_err(|e| HostError::invalid_state(e.to_string()))
}

fn bank_err(e: bank::BankError) -> HostError {
    HostError::invalid_state(e.to_string())
}

fn total_escrow(state: &dyn StateRead, denom: &str) -> Result<u128, HostError> {
    match state
        .get_raw(&state_key::total_escrow_key(denom))
        .map_err(HostError::failed_to_retrieve)?
    {
        None => Ok(0),
        Some(b) => {
            let a: [u8; 16] = b
                .as_slice()
                .try_into()
                .map_err(|_| HostError::invalid_state("bad total escrow"))?;
            Ok(u128::from_be_bytes(a))
        }
    }
}

/// The tokens of `denom` held in escrow on all channels.
pub fn total_escrow_of(state: &dyn StateRead, denom: &str) -> Result<u128, HostError> {
    total_escrow(state, denom)
}

fn set_total_escrow(state: &mut dyn StateWrite, denom: &str, v: u128) -> Result<(), HostError> {
    let key = state_key::total_escrow_key(denom);
    if v == 0 {
        state.delete(key)
    } else {
        state.put_raw(key, v.to_be_bytes().to_vec())
    }
    .map_err(HostError::failed_to_store)
}

/// The ICS-20 application's contexts, over the shared [`Host`].
#[derive(Debug, Clone, Copy)]
pub struct TransferCtx<'h, 'a> {
    pub host: &'h Host<'a>,
}

impl TokenTransferValidationContext for TransferCtx<'_, '_> {
    type AccountId = Address;

    fn sender_account(&self, sender: &Signer) -> Result<Address, HostError> {
        Address::from_bech32(sender.as_ref(), ACCOUNT_PREFIX)
            .map_err(|e| HostError::invalid_state(format!("sender: {e}")))
    }

    fn receiver_account(&self, receiver: &Signer) -> Result<Address, HostError> {
        let a = Address::from_bech32(receiver.as_ref(), ACCOUNT_PREFIX)
            .map_err(|e| HostError::invalid_state(format!("receiver: {e}")))?;
        if bank::is_blocked_recipient(&a) {
            return Err(HostError::invalid_state(format!(
                "{} may not receive tokens",
                receiver.as_ref()
            )));
        }
        Ok(a)
    }

    fn get_port(&self) -> Result<PortId, HostError> {
        Ok(PortId::transfer())
    }

    fn can_send_coins(&self) -> Result<(), HostError> {
        let p = self
            .host
            .read(|s| params::get(s).map_err(crate::context::host_other))?;
        if p.send_enabled {
            Ok(())
        } else {
            Err(HostError::invalid_state(
                "ICS-20 transfers out are disabled",
            ))
        }
    }

    fn can_receive_coins(&self) -> Result<(), HostError> {
        let p = self
            .host
            .read(|s| params::get(s).map_err(crate::context::host_other))?;
        if p.receive_enabled {
            Ok(())
        } else {
            Err(HostError::invalid_state("ICS-20 transfers in are disabled"))
        }
    }

    fn escrow_coins_validate(
        &self,
        from: &Address,
        _port: &PortId,
        _channel: &ChannelId,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        self.check_balance(from, coin)
    }

    fn unescrow_coins_validate(
        &self,
        _to: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
    ) -> Result<(), HostError> {
        self.check_balance(&escrow_address(port.as_str(), channel.as_str()), coin)
    }

    fn mint_coins_validate(&self, _to: &Address, coin: &PrefixedCoin) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        openledger_framework::coin::validate_denom(&denom)
            .map_err(|e| HostError::invalid_state(e.to_string()))?;
        let supply = self.host.read(|s| s.supply(&denom).map_err(bank_err))?;
        supply
            .checked_add(amount)
            .map(|_| ())
            .ok_or_else(|| HostError::invalid_state("supply would overflow"))
    }

    fn burn_coins_validate(
        &self,
        from: &Address,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        self.check_balance(from, coin)
    }

    fn denom_hash_string(&self, denom: &PrefixedDenom) -> Option<String> {
        (!denom.trace_path.is_empty()).then(|| denom_hash(&denom.to_string()))
    }
}

impl TransferCtx<'_, '_> {
    fn check_balance(&self, holder: &Address, coin: &PrefixedCoin) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        let have = self
            .host
            .read(|s| s.balance(holder, &denom).map_err(bank_err))?;
        if have < amount {
            return Err(HostError::invalid_state(format!(
                "insufficient funds: {have}{denom} is smaller than {amount}{denom}"
            )));
        }
        Ok(())
    }
}

impl TokenTransferExecutionContext for TransferCtx<'_, '_> {
    fn escrow_coins_execute(
        &mut self,
        from: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        let escrow = escrow_address(port.as_str(), channel.as_str());
        self.host.write(|s| {
            s.send(from, &escrow, &coins(&denom, amount)?)
                .map_err(bank_err)?;
            let total = total_escrow(s, &denom)?
                .checked_add(amount)
                .ok_or_else(|| HostError::invalid_state("total escrow overflows"))?;
            set_total_escrow(s, &denom, total)
        })
    }

    fn unescrow_coins_execute(
        &mut self,
        to: &Address,
        port: &PortId,
        channel: &ChannelId,
        coin: &PrefixedCoin,
    ) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        let escrow = escrow_address(port.as_str(), channel.as_str());
        self.host.write(|s| {
            s.send(&escrow, to, &coins(&denom, amount)?)
                .map_err(bank_err)?;
            let total = total_escrow(s, &denom)?
                .checked_sub(amount)
                .ok_or_else(|| HostError::invalid_state("total escrow below zero"))?;
            set_total_escrow(s, &denom, total)
        })
    }

    fn mint_coins_execute(&mut self, to: &Address, coin: &PrefixedCoin) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        let full = coin.denom.to_string();
        self.host.write(|s| {
            if !coin.denom.trace_path.is_empty() {
                let hash = denom_hash(&full);
                let key = state_key::denom_trace_key(&hash);
                if s.get_raw(&key)
                    .map_err(HostError::failed_to_retrieve)?
                    .is_none()
                {
                    s.put_raw(key, full.clone().into_bytes())
                        .map_err(HostError::failed_to_store)?;
                    set_voucher_metadata(s, &denom, &full, coin.denom.base_denom.as_str())?;
                }
            }
            bank::mint(s, to, &coins(&denom, amount)?).map_err(bank_err)
        })
    }

    fn burn_coins_execute(
        &mut self,
        from: &Address,
        coin: &PrefixedCoin,
        _memo: &Memo,
    ) -> Result<(), HostError> {
        let amount = amount_u128(coin)?;
        let denom = bank_denom(&coin.denom);
        self.host
            .write(|s| bank::burn(s, from, &coins(&denom, amount)?).map_err(bank_err))
    }
}

/// A voucher's bank metadata, after ibc-go's: base `ibc/<HASH>` (also its display unit, since
/// the bank wants the display among the units), the full trace in description and name.
fn set_voucher_metadata(
    state: &mut dyn StateWrite,
    denom: &str,
    full_path: &str,
    base: &str,
) -> Result<(), HostError> {
    if bank::metadata::denom_metadata(&*state, denom)
        .map_err(bank_err)?
        .is_some()
    {
        return Ok(());
    }
    let m = DenomMetadata {
        description: format!("IBC token from {full_path}"),
        denom_units: vec![DenomUnit {
            denom: denom.to_string(),
            exponent: 0,
            aliases: vec![full_path.to_string()],
        }],
        base: denom.to_string(),
        display: denom.to_string(),
        name: format!("{full_path} IBC token"),
        symbol: base.to_ascii_uppercase(),
        uri: String::new(),
        uri_hash: String::new(),
    };
    // metadata is a courtesy to wallets: one the bank's rules refuse is left out
    if m.validate().is_err() {
        return Ok(());
    }
    bank::metadata::set_denom_metadata(state, &m).map_err(bank_err)
}

/// The `transfer` port's application, as the router hands it packets and handshakes.
#[derive(Debug)]
pub struct TransferModule<'h, 'a> {
    pub host: &'h Host<'a>,
}

fn chan_err(e: impl std::fmt::Display) -> ChannelError {
    ChannelError::AppSpecific {
        description: e.to_string(),
    }
}

impl<'h, 'a> TransferModule<'h, 'a> {
    fn ctx(&self) -> TransferCtx<'h, 'a> {
        TransferCtx { host: self.host }
    }
}

impl IbcModule for TransferModule<'_, '_> {
    fn on_chan_open_init_validate(
        &self,
        order: Order,
        hops: &[ConnectionId],
        port: &PortId,
        channel: &ChannelId,
        counterparty: &Counterparty,
        version: &Version,
    ) -> Result<Version, ChannelError> {
        ics20::on_chan_open_init_validate(
            &self.ctx(),
            order,
            hops,
            port,
            channel,
            counterparty,
            version,
        )
        .map_err(chan_err)?;
        Ok(Version::new(
            ibc::apps::transfer::types::VERSION.to_string(),
        ))
    }

    fn on_chan_open_init_execute(
        &mut self,
        order: Order,
        hops: &[ConnectionId],
        port: &PortId,
        channel: &ChannelId,
        counterparty: &Counterparty,
        version: &Version,
    ) -> Result<(ModuleExtras, Version), ChannelError> {
        ics20::on_chan_open_init_execute(
            &mut self.ctx(),
            order,
            hops,
            port,
            channel,
            counterparty,
            version,
        )
        .map_err(chan_err)
    }

    fn on_chan_open_try_validate(
        &self,
        order: Order,
        hops: &[ConnectionId],
        port: &PortId,
        channel: &ChannelId,
        counterparty: &Counterparty,
        counterparty_version: &Version,
    ) -> Result<Version, ChannelError> {
        ics20::on_chan_open_try_validate(
            &self.ctx(),
            order,
            hops,
            port,
            channel,
            counterparty,
            counterparty_version,
        )
        .map_err(chan_err)?;
        Ok(Version::new(
            ibc::apps::transfer::types::VERSION.to_string(),
        ))
    }

    fn on_chan_open_try_execute(
        &mut self,
        order: Order,
        hops: &[ConnectionId],
        port: &PortId,
        channel: &ChannelId,
        counterparty: &Counterparty,
        counterparty_version: &Version,
    ) -> Result<(ModuleExtras, Version), ChannelError> {
        ics20::on_chan_open_try_execute(
            &mut self.ctx(),
            order,
            hops,
            port,
            channel,
            counterparty,
            counterparty_version,
        )
        .map_err(chan_err)
    }

    fn on_chan_open_ack_validate(
        &self,
        port: &PortId,
        channel: &ChannelId,
        counterparty_version: &Version,
    ) -> Result<(), ChannelError> {
        ics20::on_chan_open_ack_validate(&self.ctx(), port, channel, counterparty_version)
            .map_err(chan_err)
    }

    fn on_chan_open_ack_execute(
        &mut self,
        port: &PortId,
        channel: &ChannelId,
        counterparty_version: &Version,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_open_ack_execute(&mut self.ctx(), port, channel, counterparty_version)
            .map_err(chan_err)
    }

    fn on_chan_open_confirm_validate(
        &self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<(), ChannelError> {
        ics20::on_chan_open_confirm_validate(&self.ctx(), port, channel).map_err(chan_err)
    }

    fn on_chan_open_confirm_execute(
        &mut self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_open_confirm_execute(&mut self.ctx(), port, channel).map_err(chan_err)
    }

    fn on_chan_close_init_validate(
        &self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<(), ChannelError> {
        // ICS-20 channels are never closed by a user: escrowed tokens would be stranded
        ics20::on_chan_close_init_validate(&self.ctx(), port, channel).map_err(chan_err)
    }

    fn on_chan_close_init_execute(
        &mut self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_close_init_execute(&mut self.ctx(), port, channel).map_err(chan_err)
    }

    fn on_chan_close_confirm_validate(
        &self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<(), ChannelError> {
        ics20::on_chan_close_confirm_validate(&self.ctx(), port, channel).map_err(chan_err)
    }

    fn on_chan_close_confirm_execute(
        &mut self,
        port: &PortId,
        channel: &ChannelId,
    ) -> Result<ModuleExtras, ChannelError> {
        ics20::on_chan_close_confirm_execute(&mut self.ctx(), port, channel).map_err(chan_err)
    }

    /// The receive runs on a fork of the state, kept only when the acknowledgement is a
    /// success: a failed receive (bad receiver, rate limit, ...) leaves nothing behind but
    /// its error acknowledgement, as in ibc-go.
    fn on_recv_packet_execute(
        &mut self,
        packet: &Packet,
        _relayer: &Signer,
    ) -> (ModuleExtras, Option<Acknowledgement>) {
        let host = self.host;
        let run = host.write(|s| {
            let mut fork = StateDelta::new(&*s);
            let outcome = {
                let sub = Host::fork_of(host, &mut fork);
                let (extras, ack) = match crate::rate_limit_hooks::on_recv(&sub, packet) {
                    Ok(()) => {
                        ics20::on_recv_packet_execute(&mut TransferCtx { host: &sub }, packet)
                    }
                    Err(Some(ack)) => (ModuleExtras::empty(), ack),
                    Err(None) => return Err(HostError::invalid_state("rate limit refused")),
                };
                (extras, ack)
            };
            let (extras, ack) = outcome;
            let ok = crate::rate_limit_hooks::ack_is_success(&ack);
            let changes = fork.into_changes();
            if ok {
                changes.apply_to(s).map_err(HostError::failed_to_store)?;
                return Ok((extras, ack));
            }
            Ok((extras, crate::rate_limit_hooks::deterministic(ack)))
        });
        match run {
            Ok((extras, ack)) => (extras, Some(ack)),
            Err(e) => (
                ModuleExtras::empty(),
                crate::rate_limit_hooks::error_ack(&crate::error::short(&e.to_string())),
            ),
        }
    }

    fn on_acknowledgement_packet_validate(
        &self,
        packet: &Packet,
        ack: &Acknowledgement,
        relayer: &Signer,
    ) -> Result<(), ChannelError> {
        ics20::on_acknowledgement_packet_validate(&self.ctx(), packet, ack, relayer)
            .map_err(chan_err)
    }

    fn on_acknowledgement_packet_execute(
        &mut self,
        packet: &Packet,
        ack: &Acknowledgement,
        relayer: &Signer,
    ) -> (ModuleExtras, Result<(), ChannelError>) {
        let (extras, r) =
            ics20::on_acknowledgement_packet_execute(&mut self.ctx(), packet, ack, relayer);
        if r.is_ok() {
            if let Err(e) = crate::rate_limit_hooks::on_ack(self.host, packet, ack) {
                return (extras, Err(chan_err(e)));
            }
        }
        (extras, r.map_err(chan_err))
    }

    fn on_timeout_packet_validate(
        &self,
        packet: &Packet,
        relayer: &Signer,
    ) -> Result<(), ChannelError> {
        ics20::on_timeout_packet_validate(&self.ctx(), packet, relayer).map_err(chan_err)
    }

    fn on_timeout_packet_execute(
        &mut self,
        packet: &Packet,
        relayer: &Signer,
    ) -> (ModuleExtras, Result<(), ChannelError>) {
        let (extras, r) = ics20::on_timeout_packet_execute(&mut self.ctx(), packet, relayer);
        if r.is_ok() {
            if let Err(e) = crate::rate_limit_hooks::on_timeout(self.host, packet) {
                return (extras, Err(chan_err(e)));
            }
        }
        (extras, r.map_err(chan_err))
    }
}

/// The port ICS-20 is bound to.
pub const PORT: &str = PORT_ID_STR;

/// ICS-20's escrow invariant (ibc-go's `TotalEscrow`): for every denom, the escrow accounts
/// of the `transfer` channels hold at least the total escrow recorded for it. A whole-state
/// scan: for genesis, tests and audits.
pub fn check_escrow_invariant(state: &dyn StateRead) -> Result<(), String> {
    let channels_prefix = format!("{}channelEnds/ports/{PORT}/channels/", state_key::PREFIX);
    let mut escrows = Vec::new();
    for item in state.prefix_raw(channels_prefix.as_bytes(), None) {
        let (k, _) = item.map_err(|e| e.to_string())?;
        let channel = String::from_utf8_lossy(&k[channels_prefix.len()..]).into_owned();
        escrows.push(escrow_address(PORT, &channel));
    }
    let totals_prefix = state_key::total_escrow_key("");
    for item in state.prefix_raw(&totals_prefix, None) {
        let (k, _) = item.map_err(|e| e.to_string())?;
        let denom = String::from_utf8_lossy(&k[totals_prefix.len()..]).into_owned();
        let total = total_escrow(state, &denom).map_err(|e| e.to_string())?;
        let mut held: u128 = 0;
        for a in &escrows {
            let b = state.balance(a, &denom).map_err(|e| e.to_string())?;
            held = held
                .checked_add(b)
                .ok_or_else(|| format!("escrow of {denom} overflows"))?;
        }
        if held < total {
            return Err(format!(
                "ICS-20 escrow of {denom}: the channels' escrow accounts hold {held}, below the recorded total {total}"
            ));
        }
    }
    Ok(())
}
