// A contributor's page: earnings per datanet and per model (totals and over time), claimable
// vs still held in the challenge window, the models using their data most, and a claim button.
import { get, list } from "../api";
import { rerender } from "../main";
import { open, openFloat, short, toBig } from "../format";
import { TYPES } from "../msg_types";
import { txButton } from "../tx_ui";
import { chart, h, link, stat, table } from "../ui";
import { wallet } from "../wallet";
import { allReceipts, bucketed } from "./overview";
import { statusBadge } from "./datanets";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function contributorPage([addr]: string[]): Promise<HTMLElement> {
  const address = addr || wallet()?.address;
  if (!address) {
    const input = h("input", { placeholder: "open1…", "data-testid": "contributor-address", "aria-label": "address", size: 50 }) as HTMLInputElement;
    return h(
      "section",
      {},
      h("h1", {}, "Earnings"),
      h("p", {}, "Connect a wallet, or look up an address:"),
      h("form", { class: "inline", onsubmit: (e: Event) => (e.preventDefault(), (location.hash = `#/contributor/${input.value.trim()}`)) }, input, h("button", {}, "Show")),
    );
  }
  const [earn, balance, contributions, receipts] = await Promise.all([
    get(`/openledger/attribution/v1/earnings/${address}`),
    get(`/cosmos/bank/v1beta1/balances/${address}/by_denom`, { denom: "aopen" }),
    list(`/openledger/datanets/v1/contributions_by_contributor/${address}`, "contributions", 1000),
    allReceipts(),
  ]);
  const earned = toBig(earn.contributor_earned) + toBig(earn.creator_earned);
  const held = earned - toBig(earn.claimed) - toBig(earn.claimable);
  const mine = receipts
    .map((r: Json) => ({ r, entries: (r.entries ?? []).filter((e: Json) => e.contributor === address) }))
    .filter((x: Json) => x.entries.length > 0);
  const datanetIds = [...new Set(mine.flatMap((x: Json) => x.entries.map((e: Json) => String(e.datanet_id))))] as string[];
  const modelIds = [...new Set(mine.map((x: Json) => String(x.r.model_id)))] as string[];
  // One bucketing over all receipts, then a series per datanet / model on the same x axis.
  const base = bucketed(
    mine.map((x: Json) => x.r),
    () => 0,
  );
  const series = (ids: string[], pick: (x: Json, id: string) => number) =>
    ids.map((id) => {
      const b = bucketed(
        mine.map((x: Json) => ({ ...x.r, _v: pick(x, id) })),
        (r: Json) => r._v,
      );
      return { label: id, values: base.xs.map((t) => b.ys[b.xs.indexOf(t)] ?? 0) };
    });
  const byDatanet = series(datanetIds, (x, id) => x.entries.filter((e: Json) => String(e.datanet_id) === id).reduce((a: number, e: Json) => a + openFloat(e.amount), 0));
  const byModel = series(modelIds, (x, id) => (String(x.r.model_id) === id ? x.entries.reduce((a: number, e: Json) => a + openFloat(e.amount), 0) : 0));
  const topModels = [...(earn.by_model ?? [])].sort((a: Json, b: Json) => (toBig(b.earned) > toBig(a.earned) ? 1 : -1));
  const self = wallet()?.address === address;
  return h(
    "section",
    {},
    h("h1", {}, "Earnings of ", h("span", { class: "mono", "data-testid": "contributor" }, short(address, 14))),
    h(
      "div",
      { class: "grid" },
      stat("Claimable now", open(earn.claimable, 18), "claimable"),
      stat("Held (challenge window)", open(held > 0n ? held : 0n, 18), "held"),
      stat("Claimed", open(earn.claimed, 18), "claimed"),
      stat("Earned as contributor", open(earn.contributor_earned, 18), "contributor-earned"),
      stat("Earned as model creator", open(earn.creator_earned, 18), "creator-earned"),
      stat("Balance", open(balance.balance?.amount, 6), "balance"),
    ),
    self
      ? h("div", { class: "card", style: "margin-top:12px" }, h("h2", {}, "Claim"), txButton(`Claim ${open(earn.claimable)}`, () => [{ typeUrl: TYPES.claimRewards, value: { claimant: address } }], { testid: "claim", after: () => rerender() }))
      : null,
    h(
      "div",
      { class: "row", style: "margin-top:12px" },
      chart("Earned per datanet (OPEN)", base.xs, byDatanet.map((s) => ({ ...s, label: `datanet ${s.label}` })), "chart-datanets"),
      chart("Earned per model (OPEN)", base.xs, byModel.map((s) => ({ ...s, label: `model ${s.label}` })), "chart-models"),
    ),
    h(
      "div",
      { class: "row" },
      h(
        "div",
        { class: "card" },
        h("h2", {}, "By datanet"),
        table(earn.by_datanet ?? [], [{ title: "Datanet", cell: (d: Json) => link(`#/datanets/${d.datanet_id}`, d.datanet_id), num: true }, { title: "Earned", cell: (d: Json) => open(d.earned, 18), num: true, id: "earned-datanet" }], { key: (d: Json) => d.datanet_id, testid: "by-datanet" }),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Top models using your data"),
        table(topModels, [{ title: "Model", cell: (m: Json) => link(`#/models/${m.model_id}`, m.model_id), num: true }, { title: "Earned", cell: (m: Json) => open(m.earned, 18), num: true, id: "earned-model" }], { key: (m: Json) => m.model_id, testid: "by-model" }),
      ),
    ),
    h("h2", {}, "Contributions"),
    table(
      contributions,
      [
        { title: "Id", cell: (c: Json) => c.id, num: true },
        { title: "Datanet", cell: (c: Json) => link(`#/datanets/${c.datanet_id}`, c.datanet_id), num: true },
        { title: "Status", cell: (c: Json) => statusBadge(c.status) },
        { title: "Bytes", cell: (c: Json) => c.size_bytes, num: true },
      ],
      { key: (c: Json) => c.id, testid: "my-contributions", empty: "No contribution." },
    ),
  );
}
