import { describe, expect, it } from "vitest";
import { registry, TYPES } from "./msgs";
import { bytesToHex } from "./format";

const enc = (typeUrl: string, value: unknown) => bytesToHex(registry().encode({ typeUrl, value }));
const str = (s: string) => bytesToHex(new TextEncoder().encode(s));

// Expected bytes written out from the field numbers of proto/openledger/*/v1/tx.proto.
describe("OpenLedger Msg encoding", () => {
  it("MsgClaimRewards", () => {
    expect(enc(TYPES.claimRewards, { claimant: "open1abc" })).toBe("0a08" + str("open1abc"));
  });
  it("MsgContribute skips defaults and encodes bytes and uint64", () => {
    const hash = new Uint8Array(32).fill(0xab);
    const hex = enc(TYPES.contribute, { contributor: "a", datanetId: 300n, contentHash: hash, sizeBytes: 5n, contentUri: "", licence: "L", metadata: "" });
    expect(hex).toBe("0a0161" + "10ac02" + "1a20" + "ab".repeat(32) + "2005" + "3201" + str("L"));
  });
  it("MsgCurate with a rejection reason", () => {
    expect(enc(TYPES.curate, { curator: "c", contributionId: 7n, approve: false, reason: 4n, note: "" })).toBe("0a0163" + "1007" + "2004");
    expect(enc(TYPES.curate, { curator: "c", contributionId: 7n, approve: true, reason: 0n })).toBe("0a0163" + "1007" + "1801");
  });
  it("MsgLock carries a Coin", () => {
    expect(enc(TYPES.lock, { owner: "o", amount: { denom: "aopen", amount: "42" } })).toBe("0a016f" + "120b" + "0a05" + str("aopen") + "1202" + str("42"));
  });
  it("MsgChallengeReceipt", () => {
    const hex = enc(TYPES.challengeReceipt, { challenger: "x", receiptId: 1n, output: new TextEncoder().encode("hi"), bond: { denom: "aopen", amount: "1" } });
    expect(hex).toBe("0a0178" + "1001" + "1a02" + str("hi") + "220a" + "0a05" + str("aopen") + "1201" + str("1"));
  });
  it("cosmjs' own types stay registered", () => {
    expect(registry().lookupType("/cosmos.gov.v1.MsgVote")).toBeDefined();
    expect(registry().lookupType("/cosmos.bank.v1beta1.MsgSend")).toBeDefined();
  });
});
