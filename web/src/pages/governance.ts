// Governance: proposals with their tallies and a vote, and locking / unlocking gOPEN (the
// locked OPEN that gives voting power).
import { get, getOr, list } from "../api";
import { rerender } from "../main";
import { DENOM, open, parseOpen, short, when } from "../format";
import { TYPES } from "../msg_types";
import { txButton } from "../tx_ui";
import { badge, h, stat, table } from "../ui";
import { wallet } from "../wallet";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const pStatus = (s: string) => String(s ?? "").replace(/^PROPOSAL_STATUS_/, "").toLowerCase().replace("_", " ");
const OPTIONS: [string, number][] = [
  ["Yes", 1],
  ["Abstain", 2],
  ["No", 3],
  ["No with veto", 4],
];

export async function governancePage(): Promise<HTMLElement> {
  const me = wallet()?.address;
  const [proposals, total, power] = await Promise.all([
    list("/cosmos/gov/v1/proposals", "proposals", 200),
    get("/openledger/gov/v1/total_power"),
    me ? get(`/openledger/gov/v1/governance_power/${me}`) : Promise.resolve(null),
  ]);
  const tallies = await Promise.all(
    proposals.map((p: Json) => (p.status === "PROPOSAL_STATUS_VOTING_PERIOD" ? getOr<Json>(`/cosmos/gov/v1/proposals/${p.id}/tally`, { tally: p.final_tally_result }).then((t) => t.tally) : Promise.resolve(p.final_tally_result))),
  );
  const amount = h("input", { placeholder: "OPEN", size: 12, "data-testid": "gopen-amount", "aria-label": "amount of OPEN" }) as HTMLInputElement;
  const coin = () => ({ denom: DENOM, amount: parseOpen(amount.value).toString() });
  const tallyText = (t: Json) => (t ? `yes ${open(t.yes_count, 2)} · no ${open(t.no_count, 2)} · abstain ${open(t.abstain_count, 2)} · veto ${open(t.no_with_veto_count, 2)}` : "");
  return h(
    "section",
    {},
    h("h1", {}, "Governance"),
    h(
      "div",
      { class: "grid" },
      stat("Proposals", proposals.length, "proposal-count"),
      stat("Total gOPEN locked", open(total.total_locked, 2), "total-locked"),
      power ? stat("Your locked gOPEN", open(power.locked, 6), "my-locked") : null,
      power ? stat("Your voting power", open(power.voting_power, 6), "my-power") : null,
    ),
    me
      ? h(
          "div",
          { class: "card", style: "margin-top:12px" },
          h("h2", {}, "gOPEN"),
          h("p", { class: "muted" }, "Locked OPEN votes in governance; unlocking takes the unlock delay."),
          h("form", { class: "inline", onsubmit: (e: Event) => e.preventDefault() }, amount,
            txButton("Lock", () => [{ typeUrl: TYPES.lock, value: { owner: me, amount: coin() } }], { testid: "lock", after: () => rerender() }),
            txButton("Unlock", () => [{ typeUrl: TYPES.beginUnlock, value: { owner: me, amount: coin() } }], { testid: "unlock", secondary: true, after: () => rerender() }),
          ),
          power?.unlocking?.length ? h("p", { class: "muted" }, `Unlocking: ${power.unlocking.map((u: Json) => `${open(u.amount)} at ${when(u.completion_time)}`).join(", ")}`) : null,
        )
      : h("p", { class: "muted" }, "Connect a wallet to vote and lock gOPEN."),
    h("h2", {}, "Proposals"),
    table(
      proposals.slice().reverse(),
      [
        { title: "Id", cell: (p: Json) => p.id, num: true },
        { title: "Title", cell: (p: Json) => h("span", {}, p.title || (p.messages ?? []).map((m: Json) => m["@type"]).join(", ")) },
        { title: "Status", cell: (p: Json) => badge(pStatus(p.status), p.status === "PROPOSAL_STATUS_PASSED" ? "ok" : p.status === "PROPOSAL_STATUS_REJECTED" ? "bad" : "warn"), id: "proposal-status" },
        { title: "Tally", cell: (p: Json) => tallyText(tallies[proposals.indexOf(p)]), id: "proposal-tally" },
        { title: "Voting ends", cell: (p: Json) => when(p.voting_end_time) },
        { title: "Proposer", cell: (p: Json) => short(p.proposer || "") },
        {
          title: "Vote",
          cell: (p: Json) =>
            me && p.status === "PROPOSAL_STATUS_VOTING_PERIOD"
              ? OPTIONS.map(([label, option]) => txButton(label, () => [{ typeUrl: TYPES.vote, value: { proposalId: BigInt(p.id), voter: me, option, metadata: "" } }], { testid: `vote-${p.id}-${option}`, secondary: option !== 1 }))
              : "",
        },
      ],
      { key: (p: Json) => p.id, testid: "proposals-table", empty: "No proposal." },
    ),
  );
}
