// What needs cosmjs (loaded on first use, so that pages render without it): the development
// key's signer, and building, simulating and signing a transaction.
import { encodeSecp256k1Pubkey } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet, encodePubkey, makeAuthInfoBytes, makeSignDoc, type EncodeObject, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { bytesToB64, DENOM } from "./format";
import { registry } from "./msgs";

export async function devSigner(mnemonic: string, prefix: string): Promise<OfflineDirectSigner> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix });
}

export interface SignInput {
  signer: OfflineDirectSigner;
  address: string;
  msgs: EncodeObject[];
  memo: string;
  chainId: string;
  accountNumber: number;
  sequence: number;
  /** Simulates base64 tx bytes, answering the gas used. */
  simulate: (txB64: string) => Promise<bigint>;
  /** Gas limit from the simulated gas used. */
  gasFor: (used: bigint) => bigint;
  gasPrice: bigint;
}

/** Simulates, then signs `msgs`: the signed tx bytes (base64) and the fee paid. */
export async function signTx(i: SignInput): Promise<{ txB64: string; fee: bigint }> {
  const reg = registry();
  const [acc] = await i.signer.getAccounts();
  const pubkey = encodePubkey(encodeSecp256k1Pubkey(acc.pubkey));
  const bodyBytes = reg.encode({ typeUrl: "/cosmos.tx.v1beta1.TxBody", value: { messages: i.msgs, memo: i.memo } });
  const simAuth = makeAuthInfoBytes([{ pubkey, sequence: i.sequence }], [], 0, undefined, undefined);
  const simTx = TxRaw.encode({ bodyBytes, authInfoBytes: simAuth, signatures: [new Uint8Array()] }).finish();
  const gas = i.gasFor(await i.simulate(bytesToB64(simTx)));
  const fee = gas * i.gasPrice;
  const authInfoBytes = makeAuthInfoBytes([{ pubkey, sequence: i.sequence }], [{ denom: DENOM, amount: fee.toString() }], Number(gas), undefined, undefined);
  const { signed, signature } = await i.signer.signDirect(i.address, makeSignDoc(bodyBytes, authInfoBytes, i.chainId, i.accountNumber));
  const raw = TxRaw.encode({
    bodyBytes: signed.bodyBytes,
    authInfoBytes: signed.authInfoBytes,
    signatures: [Uint8Array.from(atob(signature.signature), (c) => c.charCodeAt(0))],
  }).finish();
  return { txB64: bytesToB64(raw), fee };
}
