#!/usr/bin/env node
// cosmjs staking and distribution check against an OpenLedger devnet.
//
// With an unmodified cosmjs SigningStargateClient and QueryClient extensions, as a wallet
// such as Keplr drives a Cosmos chain:
//   - staking queries: validators (bonded), validator, pool, params (unbonding_time,
//     historical_entries > 0)
//   - MsgDelegate (delegateTokens), then the delegation query
//   - distribution: rewards accrue from block fees; MsgWithdrawDelegatorReward
//     (withdrawRewards) pays them, exactly as queried plus what accrued meanwhile
//   - MsgUndelegate (undelegateTokens), then the unbonding-delegation query
//   - a delegation to an unknown validator is refused and changes nothing
// Prints a JSON summary; exits 1 on any mismatch, 2 on a usage or connection error.
//
// Usage: node stake.mjs [--rpc URL] [--from NAME] [--accounts FILE]

import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { QueryClient, isDeliverTxSuccess, setupDistributionExtension, setupStakingExtension } from "@cosmjs/stargate";
import { connectComet } from "@cosmjs/tendermint-rpc";

import { DENOM, PREFIX, check, checkTrue, connectSigner, loadAccount, parseArgs, report, run, toJson } from "./common.mjs";

const OPEN = 10n ** 18n;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function balance(client, address) {
  return BigInt((await client.getBalance(address, DENOM)).amount);
}

// LegacyDec strings from the query extension carry 18 implied decimals
const decToInt = (s) => BigInt(s) / OPEN;

async function main() {
  const opts = parseArgs(process.argv.slice(2), {
    usage: "usage: node stake.mjs [--rpc URL] [--from NAME] [--accounts FILE]",
    from: "carol",
  });
  const from = loadAccount(opts);
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(from.mnemonic, { prefix: PREFIX });
  const [{ address: delegator }] = await wallet.getAccounts();

  const client = await connectSigner(opts.rpc, wallet);
  const comet = await connectComet(opts.rpc);
  const query = QueryClient.withExtensions(comet, setupStakingExtension, setupDistributionExtension);
  const summary = { ok: false, rpc: opts.rpc, delegator };
  try {
    const { validators } = await query.staking.validators("BOND_STATUS_BONDED");
    checkTrue("one or more bonded validators", validators.length >= 1, validators.length);
    const validator = validators[0];
    summary.validator = validator.operatorAddress;
    checkTrue("validator address is openvaloper", validator.operatorAddress.startsWith("openvaloper1"), validator.operatorAddress);
    checkTrue("validator has an ed25519 consensus key", validator.consensusPubkey?.typeUrl === "/cosmos.crypto.ed25519.PubKey", validator.consensusPubkey?.typeUrl);
    const one = await query.staking.validator(validator.operatorAddress);
    check("validator query agrees", validator.tokens, one.validator.tokens);

    const { params } = await query.staking.params();
    check("bond denom", DENOM, params.bondDenom);
    checkTrue("unbonding_time set", params.unbondingTime && BigInt(params.unbondingTime.seconds) > 0n, toJson(params.unbondingTime));
    checkTrue("historical_entries > 0", params.historicalEntries > 0, params.historicalEntries);
    const { pool } = await query.staking.pool();
    checkTrue("bonded pool holds the bonded tokens", BigInt(pool.bondedTokens) >= BigInt(validator.tokens), `${pool.bondedTokens} vs ${validator.tokens}`);

    // delegate 10 OPEN
    const amount = 10n * OPEN;
    const before = await balance(client, delegator);
    const res = await client.delegateTokens(delegator, validator.operatorAddress, { denom: DENOM, amount: amount.toString() }, "auto");
    checkTrue("delegate succeeded", isDeliverTxSuccess(res), `code=${res.code} log=${res.rawLog ?? ""}`);
    const del = await query.staking.delegation(delegator, validator.operatorAddress);
    check("delegation balance", amount, del.delegationResponse.balance.amount);
    checkTrue("delegation shares", decToInt(del.delegationResponse.delegation.shares) > 0n, del.delegationResponse.delegation.shares);
    const spent = before - (await balance(client, delegator));
    checkTrue("balance fell by the amount plus a fee", spent > amount && spent < amount + OPEN, spent);

    // a few blocks with fees pay rewards to the delegation
    for (let i = 0; i < 3; i++) {
      await client.sendTokens(delegator, delegator, [{ denom: DENOM, amount: "1" }], "auto");
    }
    await sleep(1500);
    const rewards = await query.distribution.delegationRewards(delegator, validator.operatorAddress);
    const pending = rewards.rewards.length ? decToInt(rewards.rewards[0].amount) : 0n;
    summary.pending_rewards = pending;
    checkTrue("rewards accrued", pending > 0n, pending);
    const total = await query.distribution.delegationTotalRewards(delegator);
    checkTrue("total rewards list the validator", total.rewards.some((r) => r.validatorAddress === validator.operatorAddress));

    const b0 = await balance(client, delegator);
    const w = await client.withdrawRewards(delegator, validator.operatorAddress, "auto");
    checkTrue("withdraw succeeded", isDeliverTxSuccess(w), `code=${w.code} log=${w.rawLog ?? ""}`);
    const withdrawn = w.events
      .filter((e) => e.type === "withdraw_rewards")
      .flatMap((e) => e.attributes.filter((a) => a.key === "amount").map((a) => a.value))
      .map((v) => BigInt(v.replace(/aopen$/, "") || "0"))
      .reduce((a, b) => a + b, 0n);
    summary.withdrawn = withdrawn;
    checkTrue("withdrawn at least what was pending", withdrawn >= pending, `${withdrawn} < ${pending}`);
    const indexed = await client.getTx(w.transactionHash);
    const feePaid = BigInt(JSON.parse(toJson(indexed)).gasWanted) * 1000000000n;
    const b1 = await balance(client, delegator);
    checkTrue("balance gained the rewards minus the fee", b1 - b0 <= withdrawn && b1 - b0 >= withdrawn - feePaid * 2n, `${b0} -> ${b1}, withdrew ${withdrawn}`);

    // undelegate half
    const u = await client.undelegateTokens(delegator, validator.operatorAddress, { denom: DENOM, amount: (amount / 2n).toString() }, "auto");
    checkTrue("undelegate succeeded", isDeliverTxSuccess(u), `code=${u.code} log=${u.rawLog ?? ""}`);
    const ubd = await query.staking.unbondingDelegation(delegator, validator.operatorAddress);
    check("one unbonding entry", 1, ubd.unbond.entries.length);
    check("unbonding balance", amount / 2n, ubd.unbond.entries[0].balance);
    const del2 = await query.staking.delegation(delegator, validator.operatorAddress);
    check("delegation after undelegate", amount / 2n, del2.delegationResponse.balance.amount);

    // an unknown validator: refused, nothing changes except possibly a fee
    const bogus = "openvaloper1qyqszqgpqyqszqgpqyqszqgpqyqszqgp8p0q9y";
    let refused = false;
    try {
      const r = await client.delegateTokens(delegator, bogus, { denom: DENOM, amount: "1" }, { amount: [{ denom: DENOM, amount: "200000000000000" }], gas: "200000" });
      refused = !isDeliverTxSuccess(r);
    } catch (err) {
      refused = true;
      summary.refusal = String(err?.message ?? err).slice(0, 200);
    }
    checkTrue("delegation to an unknown validator refused", refused);
    const del3 = await query.staking.delegation(delegator, validator.operatorAddress);
    check("delegation unchanged after refusal", amount / 2n, del3.delegationResponse.balance.amount);
  } finally {
    client.disconnect();
    comet.disconnect();
  }
  report("cosmjs staking", summary);
}

run("cosmjs staking", main);
