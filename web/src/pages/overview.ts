// Overview: chain height and block time, validators and voting power, OPEN supply, and the
// fees and inference volume of recorded receipts over time.
import { get, list } from "../api";
import { DENOM, open, openFloat, short, toBig, when } from "../format";
import { chart, h, stat, table } from "../ui";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Every receipt of every model, newest models first, bounded for the plots. */
export async function allReceipts(maxPerModel = 500): Promise<Json[]> {
  const models = await list("/openledger/models/v1/models", "models", 200);
  const per = await Promise.all(models.map((m: Json) => list(`/openledger/attribution/v1/receipts_by_model/${m.id}`, "receipts", maxPerModel)));
  return per.flat();
}

/** Buckets receipts by time (about 30 buckets over their span): x = unix seconds. */
export function bucketed(receipts: Json[], value: (r: Json) => number): { xs: number[]; ys: number[] } {
  const pts = receipts
    .map((r) => ({ t: Math.floor(Date.parse(r.time) / 1000), v: value(r) }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  if (pts.length === 0) return { xs: [], ys: [] };
  const t0 = pts[0].t;
  const span = Math.max(pts[pts.length - 1].t - t0, 1);
  const step = Math.max(Math.ceil(span / 30), 1);
  const map = new Map<number, number>();
  for (const p of pts) {
    const b = t0 + Math.floor((p.t - t0) / step) * step;
    map.set(b, (map.get(b) ?? 0) + p.v);
  }
  const xs = [...map.keys()].sort((a, b) => a - b);
  return { xs, ys: xs.map((x) => map.get(x) ?? 0) };
}

/** A Dec as the gateway prints it ("0.1" or, as LegacyDec, 18 implied decimals) as a percentage. */
export function decPercent(d: string | undefined): string {
  const s = String(d ?? "0");
  const basis = s.includes(".") ? Math.round(Number(s) * 10000) : Number((toBig(s) * 10000n) / 10n ** 18n);
  return `${(basis / 100).toFixed(2)}%`;
}

export async function overview(): Promise<HTMLElement> {
  const [latest, vals, supply, totals, receipts] = await Promise.all([
    get("/cosmos/base/tendermint/v1beta1/blocks/latest"),
    list("/cosmos/staking/v1beta1/validators", "validators", 200, { status: "BOND_STATUS_BONDED" }),
    get("/cosmos/bank/v1beta1/supply/by_denom", { denom: DENOM }),
    get("/openledger/attribution/v1/totals"),
    allReceipts(),
  ]);
  const height = Number(latest.block?.header?.height ?? latest.sdk_block?.header?.height ?? 0);
  const time = latest.block?.header?.time ?? latest.sdk_block?.header?.time;
  let blockTime = "";
  if (height > 1) {
    const prev = await get(`/cosmos/base/tendermint/v1beta1/blocks/${height - 1}`).catch(() => null);
    const pt = prev?.block?.header?.time ?? prev?.sdk_block?.header?.time;
    if (pt && time) blockTime = `${((Date.parse(time) - Date.parse(pt)) / 1000).toFixed(2)} s`;
  }
  const power = vals.reduce((a: bigint, v: Json) => a + toBig(v.tokens), 0n);
  const t = totals.totals ?? {};
  const fees = bucketed(receipts, (r) => openFloat(r.fee));
  const volume = bucketed(receipts, () => 1);
  const tokens = bucketed(receipts, (r) => Number(r.input_tokens) + Number(r.output_tokens));

  return h(
    "section",
    {},
    h("h1", {}, "Overview"),
    h(
      "div",
      { class: "grid" },
      stat("Height", height, "height"),
      stat("Block time", blockTime || "—", "block-time"),
      stat("Latest block", when(time), "latest-time"),
      stat("Bonded validators", vals.length, "validators"),
      stat("Voting power", open(power, 0), "voting-power"),
      stat("OPEN supply", open(supply.amount?.amount, 2), "supply"),
      stat("Inferences", t.inferences ?? "0", "inferences"),
      stat("Fees charged", open(t.fees_charged), "fees-charged"),
      stat("Contributors credited", open(t.contributors_credited), "contributors-credited"),
      stat("Claimed", open(t.claimed), "claimed"),
    ),
    h(
      "div",
      { class: "row", style: "margin-top:12px" },
      chart("Inference fees (OPEN)", fees.xs, [{ label: "fees", values: fees.ys }], "chart-fees"),
      chart("Inferences", volume.xs, [{ label: "inferences", values: volume.ys, color: "#2b8a3e" }], "chart-volume"),
      chart("Tokens served", tokens.xs, [{ label: "tokens", values: tokens.ys, color: "#862e9c" }], "chart-tokens"),
    ),
    h("h2", {}, "Validators"),
    table(
      vals,
      [
        { title: "Moniker", cell: (v: Json) => v.description?.moniker || "" },
        { title: "Operator", cell: (v: Json) => h("span", { class: "mono", title: v.operator_address }, short(v.operator_address, 14)) },
        { title: "Voting power", cell: (v: Json) => open(v.tokens, 0), num: true, id: "val-power" },
        { title: "Share", cell: (v: Json) => (power > 0n ? `${(Number((toBig(v.tokens) * 10000n) / power) / 100).toFixed(2)}%` : "—"), num: true },
        { title: "Commission", cell: (v: Json) => decPercent(v.commission?.commission_rates?.rate), num: true },
      ],
      { key: (v: Json) => v.operator_address, testid: "validators-table" },
    ),
  );
}
