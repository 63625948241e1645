// Receipts: recent receipts; one receipt's fee split and entries, and, given the output text
// (pasted here, never sent anywhere) with the spans the operator gateway returned, the spans
// each contribution earned highlighted in it. "Verify" recomputes in the browser what follows
// from the spans (output hash, evidence hash, weights); "Challenge" submits the output to the
// validators, who recompute the attribution against the corpus (docs/challenges.md).
import { get, getOr } from "../api";
import { apportion, evidenceHash, highlight, normalise, outputFromResponse, parseSpans, sha256, spanProblems, type Span } from "../attribution";
import { b64ToHex, bytesToHex, open, ppm, short, when } from "../format";
import { TYPES } from "../msg_types";
import { txButton } from "../tx_ui";
import { badge, colourFor, h, link, stat, table } from "../ui";
import { wallet } from "../wallet";
import { allReceipts } from "./overview";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function receiptsPage(): Promise<HTMLElement> {
  const receipts = (await allReceipts(200)).sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 100);
  const idInput = h("input", { type: "number", min: "1", placeholder: "receipt id", "data-testid": "receipt-id", "aria-label": "receipt id" }) as HTMLInputElement;
  return h(
    "section",
    {},
    h("h1", {}, "Receipts"),
    h(
      "form",
      {
        class: "inline",
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (idInput.value) location.hash = `#/receipts/${idInput.value}`;
        },
      },
      idInput,
      h("button", {}, "Open"),
    ),
    h("h2", {}, "Latest receipts"),
    table(
      receipts,
      [
        { title: "Id", cell: (r) => link(`#/receipts/${r.id}`, r.id), num: true },
        { title: "Model", cell: (r) => link(`#/models/${r.model_id}`, `${r.model_id} v${r.model_version}`) },
        { title: "Fee", cell: (r) => open(r.fee), num: true },
        { title: "Tokens in/out", cell: (r) => `${r.input_tokens}/${r.output_tokens}`, num: true },
        { title: "Entries", cell: (r) => (r.entries ?? []).length, num: true },
        { title: "Operator", cell: (r) => link(`#/operators/${r.operator}`, short(r.operator)) },
        { title: "Time", cell: (r) => when(r.time) },
      ],
      { key: (r) => r.id, testid: "receipts-table", empty: "No receipt yet." },
    ),
  );
}

function legend(ids: number[]): HTMLElement {
  return h("div", { class: "legend" }, ids.map((id, i) => h("span", {}, h("span", { class: "swatch", style: `background:${colourFor(i)}` }), `contribution ${id}`)));
}

export async function receiptPage([id]: string[]): Promise<HTMLElement> {
  const { receipt: r } = await get(`/openledger/attribution/v1/receipt/${id}`);
  const [engine, params] = await Promise.all([
    r.engine_params_id !== "0" ? getOr<Json>(`/openledger/attribution/v1/engine_params/${r.engine_params_id}`, null) : Promise.resolve(null),
    get("/openledger/attribution/v1/params"),
  ]);
  const minSpan = Number(engine?.record?.params?.min_span ?? 0);
  const maxEntries = Number(params.params?.max_attribution_entries ?? 16);
  const entries: Json[] = r.entries ?? [];

  const output = h("textarea", { placeholder: "The output text (or the gateway's whole JSON response). It stays in this page.", "data-testid": "output-text", "aria-label": "output text" }) as HTMLTextAreaElement;
  const spansIn = h("textarea", { placeholder: 'The gateway\'s response JSON, or its "openledger" field, or the spans array', "data-testid": "spans-json", "aria-label": "spans json" }) as HTMLTextAreaElement;
  const shown = h("div", { "data-testid": "highlight" });
  const verdict = h("div", { "data-testid": "verify-result" });
  const challenge = h("div", {});

  const verify = async () => {
    verdict.replaceChildren();
    shown.replaceChildren();
    challenge.replaceChildren();
    let text = output.value;
    const fromResp = outputFromResponse(text);
    if (fromResp !== undefined) {
      if (!spansIn.value.trim()) spansIn.value = text;
      text = fromResp;
      output.value = text;
    }
    let spans: Span[];
    try {
      spans = parseSpans(spansIn.value || "[]");
    } catch (e) {
      verdict.replaceChildren(h("p", { class: "error" }, `Spans: ${e instanceof Error ? e.message : e}`));
      return;
    }
    const bytes = normalise(text);
    const checks: [string, boolean, string][] = [];
    const outHash = bytesToHex(await sha256(new TextEncoder().encode(text)));
    checks.push(["output hash", outHash === b64ToHex(r.output_hash), outHash]);
    const problems = spanProblems(bytes, spans);
    checks.push(["spans lie on the output", problems.length === 0, problems.join("; ") || `${spans.length} spans`]);
    const ev = bytesToHex(await evidenceHash(Number(r.engine_version), minSpan, spans));
    checks.push(["evidence hash", ev === b64ToHex(r.evidence_hash), ev]);
    const mine = apportion(spans, maxEntries);
    const want = entries.map((e) => `${e.contribution_id}:${e.weight_ppm}`).join(",");
    const got = mine.map((e) => `${e.contribution_id}:${e.weight_ppm}`).join(",");
    checks.push(["weights", want === got, got || "unattributed"]);
    const ok = checks.every((c) => c[1]);
    verdict.replaceChildren(
      h("p", { "data-status": ok ? "match" : "differs" }, ok ? badge("matches the receipt", "ok") : badge("differs from the receipt", "bad")),
      table(checks, [
        { title: "Check", cell: (c) => c[0] },
        { title: "Result", cell: (c) => (c[1] ? badge("ok", "ok") : badge("differs", "bad")) },
        { title: "Computed", cell: (c) => h("span", { class: "mono" }, c[2]) },
      ]),
    );
    const ids = [...new Set(spans.map((s) => s.contribution_id))];
    shown.replaceChildren(
      legend(ids),
      h(
        "div",
        { class: "output" },
        highlight(text, spans).map((p) =>
          p.contribution_id === undefined ? p.text : h("mark", { style: `background:${colourFor(ids.indexOf(p.contribution_id))}`, title: `contribution ${p.contribution_id}`, "data-contribution": p.contribution_id }, p.text),
        ),
      ),
    );
    if (!ok) {
      // The validators recompute against the corpus; a differing receipt can be challenged.
      challenge.replaceChildren(
        h("p", { class: "muted" }, `A challenge posts a bond of at least ${open(params.params?.min_challenge_bond)}; the validators re-run the engine on this output.`),
        txButton("Challenge this receipt", () => [
          { typeUrl: TYPES.challengeReceipt, value: { challenger: wallet()!.address, receiptId: BigInt(r.id), output: new TextEncoder().encode(text), bond: { denom: "aopen", amount: String(params.params?.min_challenge_bond ?? "0") } } },
        ], { testid: "challenge" }),
      );
    }
  };

  const shares: [string, string, string][] = [
    ["Platform", r.platform_fee, "platform"],
    ["Creator", r.creator_amount, "creator"],
    ["Stakers", r.stakers_amount, "stakers"],
    ["Data pool", r.data_pool, "data-pool"],
    ["Credited to contributors", r.credited, "credited"],
    ["Withheld", r.withheld, "withheld"],
    ["Dust", r.dust, "dust"],
    ["Unattributed", r.unattributed, "unattributed"],
  ];
  return h(
    "section",
    {},
    h("h1", { "data-testid": "receipt-title" }, `Receipt ${r.id}`),
    h(
      "div",
      { class: "grid" },
      stat("Fee", open(r.fee), "fee"),
      stat("Model", link(`#/models/${r.model_id}`, `${r.model_id} v${r.model_version}`)),
      stat("Tokens in / out", `${r.input_tokens} / ${r.output_tokens}`, "tokens"),
      stat("Operator", link(`#/operators/${r.operator}`, short(r.operator))),
      stat("User", short(r.user)),
      stat("Height", r.height, "receipt-height"),
      stat("Engine", `v${r.engine_version}, params ${r.engine_params_id} (min span ${minSpan})`),
      stat("Time", when(r.time)),
    ),
    h("h2", {}, "Fee split"),
    table(shares, [
      { title: "Part", cell: (s) => s[0] },
      { title: "Amount", cell: (s) => h("span", { "data-testid": `split-${s[2]}` }, open(s[1], 18)), num: true },
    ]),
    h("h2", {}, "Entries"),
    table(
      entries,
      [
        { title: "Contribution", cell: (e) => e.contribution_id, num: true },
        { title: "Datanet", cell: (e) => link(`#/datanets/${e.datanet_id}`, e.datanet_id), num: true },
        { title: "Contributor", cell: (e) => link(`#/contributor/${e.contributor}`, short(e.contributor)) },
        { title: "Weight", cell: (e) => ppm(e.weight_ppm), num: true, id: "entry-weight" },
        { title: "Amount", cell: (e) => open(e.amount, 18), num: true, id: "entry-amount" },
        { title: "Withheld", cell: (e) => open(e.withheld, 18), num: true },
      ],
      { key: (e) => e.contribution_id, testid: "entries-table", empty: "Unattributed: the data pool went to the community pool." },
    ),
    h("h2", {}, "Why these contributions were paid"),
    h("p", { class: "muted" }, "Paste the output you received and the gateway's response (it carries the spans). Nothing you paste leaves this page unless you challenge."),
    h("div", { class: "row" }, h("div", { class: "card" }, h("h2", {}, "Output"), output), h("div", { class: "card" }, h("h2", {}, "Spans"), spansIn)),
    h("p", {}, h("button", { "data-testid": "verify", onclick: () => void verify() }, "Verify and highlight")),
    verdict,
    shown,
    challenge,
  );
}
