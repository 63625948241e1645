#!/usr/bin/env node
// cosmjs IBC transfer check: an unmodified SigningStargateClient sends OPEN over ICS-20
// (`sendIbcTokens`, MsgTransfer) the way a wallet does, and the chain takes it:
//   - the tx succeeds and emits send_packet with our channel, port and a sequence;
//   - the sender loses exactly amount + fee;
//   - the channel's escrow account gains exactly the amount.
// The voucher on the other chain is the relayer's part, checked by the e2e test.
// Prints a JSON summary (with the packet sequence); exits 1 on any mismatch, 2 on a usage or
// connection error.
//
// Usage: node ibc_transfer.mjs --receiver ADDR [--rpc URL] [--from NAME] [--accounts FILE]
//          [--channel channel-0] [--amount AOPEN] [--escrow ADDR] [--timeout-secs N]

import { DirectSecp256k1HdWallet, decodeTxRaw } from "@cosmjs/proto-signing";
import { isDeliverTxSuccess } from "@cosmjs/stargate";

import { DENOM, PREFIX, check, checkTrue, connectSigner, loadAccount, parseArgs, report, run } from "./common.mjs";

const USAGE =
  "usage: node ibc_transfer.mjs --receiver ADDR [--rpc URL] [--from NAME] [--accounts FILE] " +
  "[--channel channel-0] [--amount AOPEN] [--escrow ADDR] [--timeout-secs N]";

function parse(argv) {
  const opts = parseArgs(argv, {
    usage: USAGE,
    from: "bob",
    extra: {
      "--receiver": ["receiver", ""],
      "--channel": ["channel", "channel-0"],
      "--amount": ["amount", "777000"],
      "--escrow": ["escrow", ""],
      "--timeout-secs": ["timeoutSecs", "600"],
    },
  });
  if (!opts.receiver) throw new Error("--receiver is required");
  if (!/^[1-9][0-9]*$/.test(opts.amount)) throw new Error(`--amount must be a positive integer (aopen), got ${opts.amount}`);
  if (!/^[1-9][0-9]*$/.test(opts.timeoutSecs)) throw new Error(`--timeout-secs must be a positive integer`);
  return opts;
}

async function balance(client, address) {
  return BigInt((await client.getBalance(address, DENOM)).amount);
}

function feeOf(indexedTx) {
  let total = 0n;
  for (const c of decodeTxRaw(indexedTx.tx).authInfo.fee?.amount ?? []) {
    if (c.denom !== DENOM) throw new Error(`fee in unexpected denom ${c.denom}`);
    total += BigInt(c.amount);
  }
  return total;
}

function attr(events, type, key) {
  const e = events.find((ev) => ev.type === type);
  return e?.attributes.find((a) => a.key === key)?.value;
}

run("cosmjs ibc_transfer", async () => {
  const opts = parse(process.argv.slice(2));
  const from = loadAccount(opts);
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(from.mnemonic, { prefix: PREFIX });
  const [signer] = await wallet.getAccounts();
  const client = await connectSigner(opts.rpc, wallet);
  const amount = BigInt(opts.amount);

  const senderBefore = await balance(client, signer.address);
  const escrowBefore = opts.escrow ? await balance(client, opts.escrow) : 0n;
  // a timestamp timeout only, in nanoseconds, as wallets send it
  const timeoutNanos = BigInt(Date.now()) * 1_000_000n + BigInt(opts.timeoutSecs) * 1_000_000_000n;
  const res = await client.sendIbcTokens(
    signer.address,
    opts.receiver,
    { denom: DENOM, amount: opts.amount },
    "transfer",
    opts.channel,
    undefined,
    Number(timeoutNanos / 1_000_000_000n),
    "auto",
    "openledger cosmjs ibc transfer",
  );
  checkTrue("MsgTransfer tx succeeded", isDeliverTxSuccess(res), `code=${res.code} log=${res.rawLog ?? ""}`);
  const sequence = attr(res.events, "send_packet", "packet_sequence");
  checkTrue("send_packet event with a sequence", /^[0-9]+$/.test(sequence ?? ""), String(sequence));
  check("send_packet source channel", opts.channel, attr(res.events, "send_packet", "packet_src_channel"));
  check("send_packet source port", "transfer", attr(res.events, "send_packet", "packet_src_port"));

  const tx = await client.getTx(res.transactionHash);
  const fee = feeOf(tx);
  check("sender paid amount + fee", senderBefore - amount - fee, await balance(client, signer.address));
  if (opts.escrow) check("escrow gained the amount", escrowBefore + amount, await balance(client, opts.escrow));

  report("cosmjs ibc_transfer", {
    txhash: res.transactionHash,
    height: res.height,
    sender: signer.address,
    receiver: opts.receiver,
    amount: opts.amount,
    fee: fee.toString(),
    sequence,
  });
});
