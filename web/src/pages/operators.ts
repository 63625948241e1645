// Operators: bond, standing, receipts, and the challenges of their receipts won and lost.
import { get, list, optional } from "../api";
import { open, short, when } from "../format";
import { badge, h, link, stat, table } from "../ui";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const status = (s: string) => String(s ?? "").replace(/^OPERATOR_STATUS_/, "").toLowerCase();
const chStatus = (s: string) => String(s ?? "").replace(/^CHALLENGE_STATUS_/, "").toLowerCase();

export async function operatorsPage(): Promise<HTMLElement> {
  const ops: Json[] = await list("/openledger/attribution/v1/operators", "operators", 1000);
  return h(
    "section",
    {},
    h("h1", {}, "Operators"),
    h("div", { class: "grid" }, stat("Operators", ops.length, "operator-count")),
    h("h2", {}, "All operators"),
    table(
      ops,
      [
        { title: "Operator", cell: (o) => link(`#/operators/${o.address}`, h("span", { class: "mono" }, short(o.address))) },
        { title: "Status", cell: (o) => badge(status(o.status), status(o.status) === "active" ? "ok" : "warn") },
        { title: "Bond", cell: (o) => open(o.bond), num: true, id: "op-bond" },
        { title: "Models", cell: (o) => (o.models ?? []).join(", ") },
        { title: "Inferences", cell: (o) => o.inferences, num: true, id: "op-inferences" },
        { title: "Fees charged", cell: (o) => open(o.fees_charged), num: true },
        { title: "Slashed", cell: (o) => `${o.slash_count}× ${open(o.slashed_total)}`, num: true },
      ],
      { key: (o) => o.address, testid: "operators-table", empty: "No operator registered." },
    ),
  );
}

export async function operatorPage([addr]: string[]): Promise<HTMLElement> {
  const [{ operator: o }, receipts, challenges, standing] = await Promise.all([
    get(`/openledger/attribution/v1/operator/${addr}`),
    list(`/openledger/attribution/v1/receipts_by_operator/${addr}`, "receipts", 1000),
    list("/openledger/attribution/v1/challenges", "challenges", 1000),
    optional<Json>(`/openledger/adapters/v1/operator_standing/${addr}`, null),
  ]);
  const mine = new Set(receipts.map((r: Json) => String(r.id)));
  const theirs = challenges.filter((c: Json) => mine.has(String(c.receipt_id)));
  const won = theirs.filter((c: Json) => c.status === "CHALLENGE_STATUS_UPHELD").length;
  const lost = theirs.filter((c: Json) => c.status === "CHALLENGE_STATUS_CORRECTED").length;
  return h(
    "section",
    {},
    h("h1", {}, "Operator ", h("span", { class: "mono" }, short(o.address, 14))),
    h(
      "div",
      { class: "grid" },
      stat("Status", badge(status(o.status), status(o.status) === "active" ? "ok" : "warn"), "op-status"),
      stat("Bond", open(o.bond), "op-bond"),
      stat("Inferences", o.inferences, "op-inferences"),
      stat("Fees charged", open(o.fees_charged), "op-fees"),
      stat("Slashes", `${o.slash_count} (${open(o.slashed_total)})`, "op-slashes"),
      stat("Challenges won", won, "challenges-won"),
      stat("Challenges lost", lost, "challenges-lost"),
      stat("Endpoint", o.endpoint || "—"),
      standing ? stat("Adapters served", standing.adapters_served ?? "0", "op-adapters") : null,
    ),
    h("h2", {}, "Challenges"),
    table(
      theirs,
      [
        { title: "Id", cell: (c: Json) => c.id, num: true },
        { title: "Receipt", cell: (c: Json) => link(`#/receipts/${c.receipt_id}`, c.receipt_id), num: true },
        { title: "Status", cell: (c: Json) => badge(chStatus(c.status), c.status === "CHALLENGE_STATUS_UPHELD" ? "ok" : c.status === "CHALLENGE_STATUS_CORRECTED" ? "bad" : "warn") },
        { title: "Bond", cell: (c: Json) => open(c.bond), num: true },
        { title: "Slashed", cell: (c: Json) => open(c.slashed), num: true },
      ],
      { key: (c: Json) => c.id, testid: "op-challenges", empty: "No challenge of this operator's receipts." },
    ),
    h("h2", {}, `Receipts (${receipts.length})`),
    table(
      receipts.slice(-100).reverse(),
      [
        { title: "Id", cell: (r: Json) => link(`#/receipts/${r.id}`, r.id), num: true },
        { title: "Model", cell: (r: Json) => `${r.model_id} v${r.model_version}` },
        { title: "Fee", cell: (r: Json) => open(r.fee), num: true },
        { title: "Time", cell: (r: Json) => when(r.time) },
      ],
      { key: (r: Json) => r.id, testid: "op-receipts", empty: "No receipt." },
    ),
  );
}
