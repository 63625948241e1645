// OpenLedger's Msg types for the cosmjs Registry, encoded by hand with cosmjs-types' protobuf
// writer from the field numbers in proto/openledger/*/v1/tx.proto (lighter than generating
// code for a handful of messages). Values use cosmjs' camelCase field names.
import { Registry, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";
import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import { Coin } from "cosmjs-types/cosmos/base/v1beta1/coin";
import { TYPES } from "./msg_types";

export { TYPES };

type Kind = "string" | "uint64" | "bytes" | "bool" | "coin";
type Field = [name: string, no: number, kind: Kind];

function messageType(fields: Field[]): GeneratedType {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    encode(msg: any, writer: BinaryWriter = BinaryWriter.create()): BinaryWriter {
      for (const [name, no, kind] of fields) {
        const v = msg[name];
        if (v === undefined || v === null) continue;
        switch (kind) {
          case "string":
            if (v !== "") writer.uint32((no << 3) | 2).string(v);
            break;
          case "uint64":
            if (BigInt(v) !== 0n) writer.uint32(no << 3).uint64(BigInt(v));
            break;
          case "bool":
            if (v) writer.uint32(no << 3).bool(true);
            break;
          case "bytes":
            if (v.length) writer.uint32((no << 3) | 2).bytes(v);
            break;
          case "coin":
            Coin.encode(v, writer.uint32((no << 3) | 2).fork()).ldelim();
            break;
        }
      }
      return writer;
    },
    // Responses are read from the node's JSON; nothing here needs to decode these messages.
    decode(input: Uint8Array | BinaryReader) {
      const r = input instanceof BinaryReader ? input : new BinaryReader(input);
      r.skip(r.len - r.pos);
      return {};
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fromPartial: (o: any) => ({ ...o }),
  } as GeneratedType;
}


const openledgerTypes: [string, GeneratedType][] = [
  [
    TYPES.contribute,
    messageType([
      ["contributor", 1, "string"],
      ["datanetId", 2, "uint64"],
      ["contentHash", 3, "bytes"],
      ["sizeBytes", 4, "uint64"],
      ["contentUri", 5, "string"],
      ["licence", 6, "string"],
      ["metadata", 7, "string"],
      ["salt", 8, "bytes"],
    ]),
  ],
  [
    TYPES.curate,
    messageType([
      ["curator", 1, "string"],
      ["contributionId", 2, "uint64"],
      ["approve", 3, "bool"],
      ["reason", 4, "uint64"],
      ["note", 5, "string"],
    ]),
  ],
  [
    TYPES.publishVersion,
    messageType([
      ["owner", 1, "string"],
      ["datanetId", 2, "uint64"],
      ["note", 3, "string"],
    ]),
  ],
  [TYPES.claimRewards, messageType([["claimant", 1, "string"]])],
  [
    TYPES.challengeReceipt,
    messageType([
      ["challenger", 1, "string"],
      ["receiptId", 2, "uint64"],
      ["output", 3, "bytes"],
      ["bond", 4, "coin"],
    ]),
  ],
  [
    TYPES.lock,
    messageType([
      ["owner", 1, "string"],
      ["amount", 2, "coin"],
    ]),
  ],
  [
    TYPES.beginUnlock,
    messageType([
      ["owner", 1, "string"],
      ["amount", 2, "coin"],
    ]),
  ],
];

/** cosmjs' default types (bank, staking, gov v1, ...) and OpenLedger's. */
export function registry(): Registry {
  return new Registry([...defaultRegistryTypes, ...openledgerTypes]);
}
