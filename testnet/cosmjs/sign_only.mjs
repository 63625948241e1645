#!/usr/bin/env node
// Sign a MsgSend with an unmodified cosmjs SigningStargateClient and print the signed TxRaw
// bytes (base64) without broadcasting them: what a REST client then POSTs to
// /cosmos/tx/v1beta1/txs. Prints {"tx_bytes": ..., "from": ..., "to": ..., "amount": ...}.
//
// Usage: node sign_only.mjs [--rpc URL] [--from NAME] [--accounts FILE] --to ADDRESS [--amount AOPEN]
// Env:   OPENLEDGER_RPC, OPENLEDGER_DEVNET_ACCOUNTS

import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
// cosmjs-types comes with @cosmjs/proto-signing (package-lock.json installs it at the top level)
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

import { DENOM, PREFIX, connectSigner, loadAccount, parseArgs } from "./common.mjs";

const FEE = { amount: [{ denom: DENOM, amount: "200000000000000" }], gas: "200000" };

const opts = parseArgs(process.argv.slice(2), {
  usage: "usage: node sign_only.mjs [--rpc URL] [--from NAME] [--accounts FILE] --to ADDRESS [--amount AOPEN]",
  from: "bob",
  extra: { "--to": ["to", ""], "--amount": ["amount", "4321"] },
});
if (!opts.to.startsWith(`${PREFIX}1`)) throw new Error("--to must be an open1... address");
const account = loadAccount(opts);
const wallet = await DirectSecp256k1HdWallet.fromMnemonic(account.mnemonic, { prefix: PREFIX });
const [{ address }] = await wallet.getAccounts();
const client = await connectSigner(opts.rpc, wallet);
const msg = {
  typeUrl: "/cosmos.bank.v1beta1.MsgSend",
  value: { fromAddress: address, toAddress: opts.to, amount: [{ denom: DENOM, amount: opts.amount }] },
};
const raw = await client.sign(address, [msg], FEE, "signed by cosmjs, broadcast over REST");
const bytes = TxRaw.encode(raw).finish();
console.log(JSON.stringify({ tx_bytes: Buffer.from(bytes).toString("base64"), from: address, to: opts.to, amount: opts.amount }));
client.disconnect();
