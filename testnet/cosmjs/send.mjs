#!/usr/bin/env node
// cosmjs compatibility check against an OpenLedger devnet.
//
// Uses an unmodified cosmjs SigningStargateClient the way a wallet or dApp would:
//   - chain id, height, account (auth Query/Account), balances (bank Query/Balance, AllBalances)
//   - MsgSend with fee "auto" (tx Service/Simulate, then gas limit x 1.4 at the gas price)
//   - MsgSend with an explicit fee
//   - a send larger than the balance, which must be rejected and change nothing
// and checks the accounting exactly: the recipient gains the amount, the sender loses
// amount + fee (fee read back from the committed tx). Prints a JSON summary; exits 1 on any
// mismatch, 2 on a usage or connection error.
//
// Usage: node send.mjs [--rpc URL] [--from NAME] [--accounts FILE] [--amount AOPEN] [--chain-id ID]
// Env:   OPENLEDGER_RPC, OPENLEDGER_CHAIN_ID, OPENLEDGER_DEVNET_ACCOUNTS

import { DirectSecp256k1HdWallet, decodeTxRaw } from "@cosmjs/proto-signing";
import { isDeliverTxSuccess } from "@cosmjs/stargate";

import { DENOM, GAS_PRICE, PREFIX, check, checkTrue, connectSigner, loadAccount, parseArgs, report, run } from "./common.mjs";

const EXPLICIT_FEE = { amount: [{ denom: DENOM, amount: "200000000000000" }], gas: "200000" };

function parseSendArgs(argv) {
  const opts = parseArgs(argv, {
    usage: "usage: node send.mjs [--rpc URL] [--from NAME] [--accounts FILE] [--amount AOPEN] [--chain-id ID]",
    from: "bob",
    extra: {
      "--chain-id": ["chainId", process.env.OPENLEDGER_CHAIN_ID || "openledger-devnet-1"],
      "--amount": ["amount", "1234567"],
    },
  });
  if (!/^[1-9][0-9]*$/.test(opts.amount)) throw new Error(`--amount must be a positive integer (aopen), got ${opts.amount}`);
  return opts;
}

async function balance(client, address) {
  const coin = await client.getBalance(address, DENOM);
  if (coin.denom !== DENOM) throw new Error(`getBalance returned denom ${coin.denom}`);
  return BigInt(coin.amount);
}

function feeOf(indexedTx) {
  const decoded = decodeTxRaw(indexedTx.tx);
  const fee = decoded.authInfo.fee;
  const coins = fee?.amount ?? [];
  let total = 0n;
  for (const c of coins) {
    if (c.denom !== DENOM) throw new Error(`fee in unexpected denom ${c.denom}`);
    total += BigInt(c.amount);
  }
  return { fee: total, gasLimit: BigInt(fee?.gasLimit ?? 0n) };
}

async function sendAndCheck(client, label, sender, recipient, amount, fee) {
  const senderBefore = await balance(client, sender);
  const recipientBefore = await balance(client, recipient);
  const seqBefore = (await client.getSequence(sender)).sequence;

  const res = await client.sendTokens(sender, recipient, [{ denom: DENOM, amount: amount.toString() }], fee, `openledger cosmjs ${label}`);
  checkTrue(`${label}: tx succeeded`, isDeliverTxSuccess(res), `code=${res.code} log=${res.rawLog ?? ""}`);
  // the result data carries the message's response (TxMsgData), which cosmjs decodes
  check(`${label}: msgResponses`, JSON.stringify(["/cosmos.bank.v1beta1.MsgSendResponse"]), JSON.stringify((res.msgResponses ?? []).map((r) => r.typeUrl)));

  const indexed = await client.getTx(res.transactionHash);
  checkTrue(`${label}: tx found by hash`, indexed !== null, res.transactionHash);
  if (indexed === null) return { label, txhash: res.transactionHash };
  check(`${label}: indexed tx code`, 0, indexed.code);
  check(`${label}: indexed tx height`, res.height, indexed.height);
  const { fee: paid, gasLimit } = feeOf(indexed);
  // the fee must pay the configured gas price for the gas limit (min gas price 10^9 aopen/gas)
  checkTrue(`${label}: fee covers gas limit at ${GAS_PRICE}`, paid >= gasLimit * 1000000000n, `fee=${paid} gas=${gasLimit}`);

  const senderAfter = await balance(client, sender);
  const recipientAfter = await balance(client, recipient);
  const seqAfter = (await client.getSequence(sender)).sequence;
  check(`${label}: recipient increased by amount`, amount, recipientAfter - recipientBefore);
  check(`${label}: sender decreased by amount + fee`, amount + paid, senderBefore - senderAfter);
  check(`${label}: sender sequence incremented`, seqBefore + 1, seqAfter);

  return {
    label,
    txhash: res.transactionHash,
    height: res.height,
    amount: amount.toString(),
    fee: paid.toString(),
    gas_wanted: res.gasWanted.toString(),
    gas_used: res.gasUsed.toString(),
    gas_limit: gasLimit.toString(),
  };
}

async function main() {
  const opts = parseSendArgs(process.argv.slice(2));
  const from = loadAccount(opts);

  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(from.mnemonic, { prefix: PREFIX });
  const [signer] = await wallet.getAccounts();
  checkTrue("mnemonic derives the listed address", signer.address === from.address, `${signer.address} vs ${from.address}`);
  const sender = signer.address;

  const recipientWallet = await DirectSecp256k1HdWallet.generate(24, { prefix: PREFIX });
  const [{ address: recipient }] = await recipientWallet.getAccounts();

  const client = await connectSigner(opts.rpc, wallet);
  const summary = { ok: false, rpc: opts.rpc, sender, recipient, sends: [] };
  try {
    const chainId = await client.getChainId();
    summary.chain_id = chainId;
    check("chain id", opts.chainId, chainId);
    const height = await client.getHeight();
    summary.start_height = height;
    checkTrue("chain has blocks", height >= 1, `height=${height}`);

    const account = await client.getAccount(sender);
    checkTrue("sender account exists (auth Query/Account)", account !== null);
    if (account) {
      checkTrue("account address matches", account.address === sender, account.address);
      summary.sender_account = { account_number: account.accountNumber, sequence: account.sequence };
    }
    check("fresh recipient has no account", "null", JSON.stringify(await client.getAccount(recipient)));

    const senderStart = await balance(client, sender);
    const all = await client.getAllBalances(sender);
    const allAopen = all.find((c) => c.denom === DENOM);
    check("getAllBalances agrees with getBalance", senderStart, allAopen ? allAopen.amount : "missing");
    check("fresh recipient balance", 0n, await balance(client, recipient));
    check("fresh recipient getAllBalances", "[]", JSON.stringify(await client.getAllBalances(recipient)));

    const amount1 = BigInt(opts.amount);
    const amount2 = amount1 * 2n + 1n;
    const msg = {
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      value: { fromAddress: sender, toAddress: recipient, amount: [{ denom: DENOM, amount: amount1.toString() }] },
    };
    const simulated = await client.simulate(sender, [msg], "simulate");
    summary.simulated_gas = simulated;
    checkTrue("simulate returns positive gas", Number.isInteger(simulated) && simulated > 0, simulated);

    summary.sends.push(await sendAndCheck(client, "auto fee", sender, recipient, amount1, "auto"));
    summary.sends.push(await sendAndCheck(client, "explicit fee", sender, recipient, amount2, EXPLICIT_FEE));
    const explicit = summary.sends[1];
    if (explicit.fee !== undefined) check("explicit fee charged exactly", EXPLICIT_FEE.amount[0].amount, explicit.fee);

    const recipientFinal = await balance(client, recipient);
    check("recipient holds both amounts", amount1 + amount2, recipientFinal);
    const recipientAll = await client.getAllBalances(recipient);
    check("recipient getAllBalances", JSON.stringify([{ denom: DENOM, amount: (amount1 + amount2).toString() }]), JSON.stringify(recipientAll));
    const recipientAccount = await client.getAccount(recipient);
    checkTrue("recipient account exists after receiving", recipientAccount !== null);

    // overspend: must be refused (simulate or CheckTx) and must change nothing
    const senderBeforeBad = await balance(client, sender);
    const seqBeforeBad = (await client.getSequence(sender)).sequence;
    const tooMuch = senderBeforeBad + 1n;
    let rejected = false;
    let rejection = "";
    try {
      const res = await client.sendTokens(sender, recipient, [{ denom: DENOM, amount: tooMuch.toString() }], EXPLICIT_FEE, "overspend");
      rejected = !isDeliverTxSuccess(res);
      rejection = `code=${res.code} log=${res.rawLog ?? ""}`;
      summary.overspend_height = res.height;
    } catch (err) {
      rejected = true;
      rejection = String(err?.message ?? err).slice(0, 300);
    }
    summary.overspend = rejection;
    checkTrue("overspend rejected", rejected, rejection);
    check("overspend: recipient unchanged", recipientFinal, await balance(client, recipient));
    if (summary.overspend_height === undefined) {
      // refused before inclusion: nothing at all may change
      check("overspend: sender balance unchanged", senderBeforeBad, await balance(client, sender));
      check("overspend: sender sequence unchanged", seqBeforeBad, (await client.getSequence(sender)).sequence);
    } else {
      // included and failed: only the fee and the sequence may change
      check("overspend (failed in block): sender lost exactly the fee", EXPLICIT_FEE.amount[0].amount, senderBeforeBad - (await balance(client, sender)));
    }

    summary.end_height = await client.getHeight();
    summary.sender_balance = (await balance(client, sender)).toString();
    summary.recipient_balance = (await balance(client, recipient)).toString();
  } finally {
    client.disconnect();
  }
  report("cosmjs", summary);
}

run("cosmjs", main);
