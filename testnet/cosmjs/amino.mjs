#!/usr/bin/env node
// cosmjs amino-signer check against an OpenLedger devnet: what a Ledger (or Keplr with a
// Ledger) does. An unmodified SigningStargateClient with a Secp256k1HdWallet, an
// OfflineAminoSigner, signs every transaction with SIGN_MODE_LEGACY_AMINO_JSON:
//   - MsgSend with fee "auto" (Simulate, then the amino-signed tx) and with an explicit fee:
//     the recipient gains the amount, the sender loses amount + fee, the included tx's signer
//     info says SIGN_MODE_LEGACY_AMINO_JSON (127)
//   - MsgDelegate to the first bonded validator: the delegation grows by the amount
// Prints a JSON summary; exits 1 on any mismatch, 2 on a usage or connection error.
//
// Usage: node amino.mjs [--rpc URL] [--from NAME] [--to NAME] [--accounts FILE]

import { Secp256k1HdWallet } from "@cosmjs/amino";
import { decodeTxRaw } from "@cosmjs/proto-signing";
import { QueryClient, isDeliverTxSuccess, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";

import { DENOM, PREFIX, check, checkTrue, connectSigner, loadAccount, parseArgs, report, run } from "./common.mjs";

const SIGN_MODE_LEGACY_AMINO_JSON = 127;
const EXPLICIT_FEE = { amount: [{ denom: DENOM, amount: "200000000000000" }], gas: "200000" };

async function balance(client, address) {
  return BigInt((await client.getBalance(address, DENOM)).amount);
}

function paidFee(indexed) {
  const decoded = decodeTxRaw(indexed.tx);
  let total = 0n;
  for (const c of decoded.authInfo.fee?.amount ?? []) total += BigInt(c.amount);
  const mode = decoded.authInfo.signerInfos[0]?.modeInfo?.single?.mode;
  return { fee: total, mode };
}

async function included(client, label, res) {
  checkTrue(`${label}: tx succeeded`, isDeliverTxSuccess(res), `code=${res.code} log=${res.rawLog ?? ""}`);
  const indexed = await client.getTx(res.transactionHash);
  checkTrue(`${label}: tx found by hash`, indexed !== null, res.transactionHash);
  if (indexed === null) return { fee: 0n };
  const { fee, mode } = paidFee(indexed);
  check(`${label}: signed with SIGN_MODE_LEGACY_AMINO_JSON`, SIGN_MODE_LEGACY_AMINO_JSON, mode);
  return { fee, hash: res.transactionHash };
}

async function send(client, label, sender, recipient, amount, fee) {
  const s0 = await balance(client, sender);
  const r0 = await balance(client, recipient);
  const res = await client.sendTokens(sender, recipient, [{ denom: DENOM, amount: amount.toString() }], fee, `amino <${label}> & ledger`);
  const { fee: paid, hash } = await included(client, label, res);
  check(`${label}: recipient increased by amount`, amount, (await balance(client, recipient)) - r0);
  check(`${label}: sender decreased by amount + fee`, amount + paid, s0 - (await balance(client, sender)));
  return { label, txhash: hash, fee: paid.toString() };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), {
    usage: "usage: node amino.mjs [--rpc URL] [--from NAME] [--to NAME] [--accounts FILE]",
    from: "bob",
    extra: { "--to": ["to", "carol"] },
  });
  const from = loadAccount(opts);
  const to = loadAccount({ ...opts, from: opts.to });
  const wallet = await Secp256k1HdWallet.fromMnemonic(from.mnemonic, { prefix: PREFIX });
  const [{ address: sender }] = await wallet.getAccounts();
  const client = await connectSigner(opts.rpc, wallet);
  const comet = await connectComet(opts.rpc);
  const query = QueryClient.withExtensions(comet, setupStakingExtension);
  const summary = { ok: false, rpc: opts.rpc, sender, recipient: to.address, txs: [] };
  try {
    check("amino wallet address is the devnet account's", from.address, sender);
    summary.txs.push(await send(client, "send fee auto", sender, to.address, 1234567n, "auto"));
    summary.txs.push(await send(client, "send explicit fee", sender, to.address, 10n ** 18n, EXPLICIT_FEE));

    const { validators } = await query.staking.validators("BOND_STATUS_BONDED");
    checkTrue("a bonded validator", validators.length >= 1, validators.length);
    const validator = validators[0].operatorAddress;
    const delegated = async () => {
      try {
        const r = await query.staking.delegation(sender, validator);
        return BigInt(r.delegationResponse?.balance?.amount ?? "0");
      } catch (e) {
        if (/not found/i.test(String(e))) return 0n;
        throw e;
      }
    };
    const amount = 2n * 10n ** 18n;
    const d0 = await delegated();
    const b0 = await balance(client, sender);
    const res = await client.delegateTokens(sender, validator, { denom: DENOM, amount: amount.toString() }, "auto", "amino delegate");
    const { fee, hash } = await included(client, "delegate", res);
    check("delegate: delegation increased by amount", amount, (await delegated()) - d0);
    check("delegate: balance decreased by amount + fee", amount + fee, b0 - (await balance(client, sender)));
    summary.txs.push({ label: "delegate", txhash: hash, validator });
  } finally {
    client.disconnect();
    comet.disconnect();
  }
  report("cosmjs-amino", summary);
}

run("cosmjs-amino", main);
