#!/usr/bin/env node
// Writes the SIGN_MODE_LEGACY_AMINO_JSON test vectors: for each case, the bytes cosmjs signs
// (`serializeSignDoc(makeSignDoc(...))` of @cosmjs/amino, the messages converted by cosmjs'
// own AminoTypes), beside the protobuf JSON of the same messages. The node's encoder
// (proto/src/amino_json.rs) must produce the same bytes from the protobuf messages.
//
// SDK messages use cosmjs' converters where cosmjs has them (bank, staking, distribution);
// gov v1 and OpenLedger messages, which cosmjs does not know, get converters written here
// from their .proto declarations (amino.name, snake_case names, 64-bit integers as strings,
// bytes in base64, default values left out unless amino.dont_omitempty).
//
// Usage: node amino_vectors.mjs [OUT]   (default: ../../proto/tests/vectors/amino_json.json)

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { toBase64 } from "@cosmjs/encoding";
import {
  AminoTypes,
  createBankAminoConverters,
  createDistributionAminoConverters,
  createStakingAminoConverters,
} from "@cosmjs/stargate";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] || join(here, "..", "..", "proto", "tests", "vectors", "amino_json.json");

const omitEmpty = (obj) => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)));
const u64 = (v) => (v === undefined || BigInt(v) === 0n ? undefined : BigInt(v).toString());
const bytes = (v) => (v === undefined || v.length === 0 ? undefined : toBase64(v));

const extraConverters = {
  "/cosmos.gov.v1.MsgVote": {
    aminoType: "cosmos-sdk/v1/MsgVote",
    toAmino: ({ proposalId, voter, option, metadata }) =>
      omitEmpty({ proposal_id: BigInt(proposalId).toString(), voter, option: option || undefined, metadata }),
    fromAmino: () => {
      throw new Error("unused");
    },
  },
  "/cosmos.gov.v1.MsgDeposit": {
    aminoType: "cosmos-sdk/v1/MsgDeposit",
    toAmino: ({ proposalId, depositor, amount }) => ({
      ...omitEmpty({ depositor }),
      proposal_id: BigInt(proposalId).toString(),
      amount: amount.map(({ denom, amount }) => omitEmpty({ denom, amount })),
    }),
    fromAmino: () => {
      throw new Error("unused");
    },
  },
  "/openledger.datanets.v1.MsgContribute": {
    aminoType: "openledger/MsgContribute",
    toAmino: (m) =>
      omitEmpty({
        contributor: m.contributor,
        datanet_id: u64(m.datanetId),
        content_hash: bytes(m.contentHash),
        size_bytes: u64(m.sizeBytes),
        content_uri: m.contentUri,
        licence: m.licence,
        metadata: m.metadata,
        salt: bytes(m.salt),
      }),
    fromAmino: () => {
      throw new Error("unused");
    },
  },
  "/openledger.gov.v1.MsgLock": {
    aminoType: "openledger/MsgLock",
    toAmino: ({ owner, amount }) => omitEmpty({ owner, amount: amount && omitEmpty({ denom: amount.denom, amount: amount.amount }) }),
    fromAmino: () => {
      throw new Error("unused");
    },
  },
};

const aminoTypes = new AminoTypes({
  ...createBankAminoConverters(),
  ...createStakingAminoConverters(),
  ...createDistributionAminoConverters(),
  ...extraConverters,
});

// protobuf JSON (proto field names) of a cosmjs message value
function protoJson(v) {
  if (v && v.typeUrl === "/cosmos.crypto.ed25519.PubKey") return { "@type": v.typeUrl, key: toBase64(v.value.slice(2)) };
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return toBase64(v);
  if (Array.isArray(v)) return v.map(protoJson);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), protoJson(x)]));
  }
  return v;
}

const alice = "open1xsl8n9kh8mezjdaeay0nk9fh2stsk0jg8sren6";
const bob = "open1msxwfp6wsx6v6me9xh05yjvzl7c7huxx2wd7ps";
const val1 = "openvaloper1fcngmvj2l3869nptafnz4ypuxdez6dr8yt0d5p";
const val2 = "openvaloper1hdre7nnn63thw4yru84k2wlkh4k3yk4lm2w0v3";
const fee = { amount: [{ denom: "aopen", amount: "200000000000000" }], gas: "200000" };
const coin = (amount) => ({ denom: "aopen", amount });
const hash32 = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

const description = { moniker: "node <1>", identity: "ABCDEF0123456789", website: "https://example.org?a=1&b=2", securityContact: "sec@example.org", details: "an OpenLedger validator" };
const ed25519 = { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Uint8Array.from([10, 32, ...Array.from({ length: 32 }, (_, i) => 255 - i)]) };

const cases = [
  { name: "bank MsgSend", msgs: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: alice, toAddress: bob, amount: [coin("1234567")] } }] },
  {
    name: "bank MsgSend, two coins, memo with <>&, timeout height",
    memo: "pay <bob> & \"carol\"",
    timeoutHeight: 1234n,
    msgs: [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: alice, toAddress: bob, amount: [coin("1"), { denom: "uatom", amount: "99" }] } }],
  },
  { name: "staking MsgDelegate", msgs: [{ typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: { delegatorAddress: alice, validatorAddress: val1, amount: coin("1000000000000000000") } }] },
  { name: "staking MsgUndelegate", msgs: [{ typeUrl: "/cosmos.staking.v1beta1.MsgUndelegate", value: { delegatorAddress: alice, validatorAddress: val1, amount: coin("5") } }] },
  {
    name: "staking MsgBeginRedelegate",
    msgs: [{ typeUrl: "/cosmos.staking.v1beta1.MsgBeginRedelegate", value: { delegatorAddress: alice, validatorSrcAddress: val1, validatorDstAddress: val2, amount: coin("77") } }],
  },
  {
    name: "distribution MsgWithdrawDelegatorReward, two messages",
    msgs: [
      { typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", value: { delegatorAddress: alice, validatorAddress: val1 } },
      { typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", value: { delegatorAddress: alice, validatorAddress: val2 } },
    ],
  },
  {
    name: "staking MsgCreateValidator (LegacyDec commission, ed25519 pubkey Any)",
    msgs: [
      {
        typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
        value: {
          description,
          commission: { rate: "100000000000000000", maxRate: "200000000000000000", maxChangeRate: "10000000000000000" },
          minSelfDelegation: "1",
          delegatorAddress: alice,
          validatorAddress: val1,
          pubkey: ed25519,
          value: coin("1000000000000000000000"),
        },
      },
    ],
  },
  {
    name: "staking MsgEditValidator",
    msgs: [{ typeUrl: "/cosmos.staking.v1beta1.MsgEditValidator", value: { description, commissionRate: "150000000000000000", minSelfDelegation: "", validatorAddress: val1 } }],
  },
  { name: "gov v1 MsgVote", msgs: [{ typeUrl: "/cosmos.gov.v1.MsgVote", value: { proposalId: 3n, voter: alice, option: 1, metadata: "" } }] },
  { name: "gov v1 MsgVote with metadata", msgs: [{ typeUrl: "/cosmos.gov.v1.MsgVote", value: { proposalId: 12n, voter: bob, option: 3, metadata: "ipfs://x" } }] },
  { name: "gov v1 MsgDeposit", msgs: [{ typeUrl: "/cosmos.gov.v1.MsgDeposit", value: { proposalId: 1n, depositor: alice, amount: [coin("10000000000000000000")] } }] },
  {
    name: "openledger MsgContribute",
    msgs: [
      {
        typeUrl: "/openledger.datanets.v1.MsgContribute",
        value: { contributor: alice, datanetId: 2n, contentHash: hash32, sizeBytes: 4096n, contentUri: "ipfs://bafy?a=1&b=<2>", licence: "CC-BY-4.0", metadata: "", salt: new Uint8Array() },
      },
    ],
  },
  { name: "openledger MsgLock, no fee", fee: { amount: [], gas: "150000" }, msgs: [{ typeUrl: "/openledger.gov.v1.MsgLock", value: { owner: bob, amount: coin("42") } }] },
];

const vectors = cases.map((c, i) => {
  const chainId = "openledger-devnet-1";
  const accountNumber = String(7 + i);
  const sequence = String(i * 3);
  const theFee = c.fee ?? fee;
  const memo = c.memo ?? "";
  const aminoMsgs = c.msgs.map((m) => aminoTypes.toAmino(m));
  const doc = makeSignDoc(aminoMsgs, theFee, chainId, memo, accountNumber, sequence, c.timeoutHeight);
  return {
    name: c.name,
    chain_id: chainId,
    account_number: accountNumber,
    sequence,
    timeout_height: (c.timeoutHeight ?? 0n).toString(),
    memo,
    fee: theFee,
    msgs: c.msgs.map((m) => ({ type_url: m.typeUrl, value: protoJson(m.value) })),
    sign_bytes: new TextDecoder().decode(serializeSignDoc(doc)),
  };
});

writeFileSync(out, JSON.stringify({ generator: "testnet/cosmjs/amino_vectors.mjs (@cosmjs/amino 0.39.0)", vectors }, null, 2) + "\n");
console.log(`wrote ${vectors.length} vectors to ${out}`);
