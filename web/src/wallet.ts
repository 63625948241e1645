// Signing: Keplr (window.keplr, the chain suggested from chain-registry/) or, on devnets only,
// a development key loaded from `dev-accounts.json`, which `testnet/devnet.sh` places beside the
// built files it serves (the bundle itself holds no key). Transactions are simulated, signed
// and broadcast through the REST gateway, then looked up until included.
import type { EncodeObject, OfflineDirectSigner } from "@cosmjs/proto-signing";
import { get, post, getOr } from "./api";
import { DENOM, open, toBig } from "./format";
import chainJson from "../../chain-registry/openledger-devnet/chain.json";

export interface Wallet {
  address: string;
  kind: "keplr" | "dev";
  name: string;
  signer: OfflineDirectSigner;
}

let current: Wallet | undefined;
const listeners: (() => void)[] = [];
export const onWalletChange = (f: () => void) => listeners.push(f);
export const wallet = () => current;
function setWallet(w: Wallet | undefined) {
  current = w;
  listeners.forEach((f) => f());
}

export const GAS_PRICE = BigInt(chainJson.fees.fee_tokens[0].average_gas_price);
const GAS_ADJUSTMENT_PCT = 140n;

let chainIdCache: string | undefined;
export async function chainId(): Promise<string> {
  if (!chainIdCache) {
    const info = await get("/cosmos/base/tendermint/v1beta1/node_info");
    chainIdCache = String(info.default_node_info?.network ?? "");
  }
  return chainIdCache;
}

/** A chain id the development key may be offered on. */
export const isDevChain = (id: string) => /devnet|localnet|local/i.test(id);

export interface DevAccount {
  name: string;
  address: string;
  mnemonic: string;
}

/** The devnet's public development accounts, when the node serves them (devnets only). */
export async function devAccounts(): Promise<DevAccount[]> {
  if (!isDevChain(await chainId())) return [];
  try {
    const res = await fetch(new URL("dev-accounts.json", location.href));
    if (!res.ok) return [];
    const doc = await res.json();
    return (doc.accounts ?? []).filter((a: DevAccount) => a.name !== "validator");
  } catch {
    return [];
  }
}

export async function connectDev(a: DevAccount): Promise<void> {
  const { devSigner } = await import("./signing");
  const signer = await devSigner(a.mnemonic, chainJson.bech32_prefix);
  const [acc] = await signer.getAccounts();
  setWallet({ address: acc.address, kind: "dev", name: a.name, signer });
}

/** Keplr's ChainInfo for this chain, from chain-registry/ and the node's endpoints. */
export async function keplrChainInfo(rest: string, rpc: string) {
  const id = await chainId();
  const b = chainJson.bech32_config;
  const cur = { coinDenom: "OPEN", coinMinimalDenom: DENOM, coinDecimals: 18 };
  const fee = chainJson.fees.fee_tokens[0];
  return {
    chainId: id,
    chainName: chainJson.pretty_name,
    rpc,
    rest,
    bip44: { coinType: chainJson.slip44 },
    bech32Config: {
      bech32PrefixAccAddr: b.bech32PrefixAccAddr,
      bech32PrefixAccPub: b.bech32PrefixAccPub,
      bech32PrefixValAddr: b.bech32PrefixValAddr,
      bech32PrefixValPub: b.bech32PrefixValPub,
      bech32PrefixConsAddr: b.bech32PrefixConsAddr,
      bech32PrefixConsPub: b.bech32PrefixConsPub,
    },
    currencies: [cur],
    feeCurrencies: [{ ...cur, gasPriceStep: { low: fee.low_gas_price, average: fee.average_gas_price, high: fee.high_gas_price } }],
    stakeCurrency: cur,
  };
}

export async function connectKeplr(rest: string, rpc: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const keplr = (window as any).keplr;
  if (!keplr) throw new Error("Keplr is not installed in this browser");
  const info = await keplrChainInfo(rest, rpc);
  await keplr.experimentalSuggestChain(info);
  await keplr.enable(info.chainId);
  const signer: OfflineDirectSigner = keplr.getOfflineSigner(info.chainId);
  const [acc] = await signer.getAccounts();
  setWallet({ address: acc.address, kind: "keplr", name: "Keplr", signer });
}

export function disconnect(): void {
  setWallet(undefined);
}

export interface TxResult {
  hash: string;
  code: number;
  height: string;
  gasUsed: string;
  gasWanted: string;
  fee: bigint;
  log: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  events: any[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Simulate, sign, broadcast and wait for `msgs`; a refusal throws with the node's message. */
export async function sendTx(msgs: EncodeObject[], memo = ""): Promise<TxResult> {
  const w = current;
  if (!w) throw new Error("connect a wallet first");
  const id = await chainId();
  const acc = await get(`/cosmos/auth/v1beta1/accounts/${w.address}`);
  const base = acc.account?.base_account ?? acc.account;
  const { signTx } = await import("./signing");
  const { txB64, fee } = await signTx({
    signer: w.signer,
    address: w.address,
    msgs,
    memo,
    chainId: id,
    accountNumber: Number(base.account_number ?? 0),
    sequence: Number(base.sequence ?? 0),
    simulate: async (tx) => toBig((await post("/cosmos/tx/v1beta1/simulate", { tx_bytes: tx })).gas_info?.gas_used),
    gasFor: (used) => (used * GAS_ADJUSTMENT_PCT) / 100n + 20000n,
    gasPrice: GAS_PRICE,
  });
  const sent = await post("/cosmos/tx/v1beta1/txs", { tx_bytes: txB64, mode: "BROADCAST_MODE_SYNC" });
  const r = sent.tx_response;
  if (r.code !== 0) throw new Error(`refused (code ${r.code}): ${r.raw_log}`);
  for (let i = 0; i < 120; i++) {
    await sleep(500);
    const found = await getOr<{ tx_response?: Record<string, unknown> } | null>(`/cosmos/tx/v1beta1/txs/${r.txhash}`, null);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const t: any = found?.tx_response;
    if (t) {
      return {
        hash: r.txhash,
        code: t.code,
        height: t.height,
        gasUsed: t.gas_used,
        gasWanted: t.gas_wanted,
        fee,
        log: t.raw_log,
        events: t.events ?? [],
      };
    }
  }
  throw new Error(`tx ${r.txhash} not included after 60 s`);
}

/** One line for a tx's outcome, with its fee. */
export function describe(r: TxResult): string {
  const status = r.code === 0 ? "succeeded" : `failed (code ${r.code}: ${r.log})`;
  return `Tx ${r.hash.slice(0, 12)}… ${status} at height ${r.height}; fee ${open(r.fee)}, gas ${r.gasUsed}/${r.gasWanted}`;
}

/** The attribute `key` of the first event of `type` in a tx result. */
export function eventAttr(r: TxResult, type: string, key: string): string | undefined {
  for (const e of r.events) {
    if (e.type !== type) continue;
    for (const a of e.attributes ?? []) if (a.key === key) return String(a.value).replace(/^"|"$/g, "");
  }
  return undefined;
}
