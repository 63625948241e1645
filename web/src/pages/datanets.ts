// Datanets: list and search; one datanet's contributions (with curator actions for its owner
// and curators), versions with their roots, and contributing a file (hashed in the browser,
// submitted as MsgContribute, then uploaded to the node's content store).
import { get, getOr, list, restBase } from "../api";
import { rerender } from "../main";
import { b64ToHex, bytesToHex, open, short, when } from "../format";
import { TYPES } from "../msg_types";
import { txButton } from "../tx_ui";
import { badge, h, link, stat, table } from "../ui";
import { eventAttr, wallet } from "../wallet";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const statusBadge = (s: string) => {
  const t = String(s).replace("CONTRIBUTION_STATUS_", "").toLowerCase();
  return badge(t, t === "approved" ? "ok" : t === "rejected" ? "bad" : "warn");
};

export async function datanetsPage(): Promise<HTMLElement> {
  const all: Json[] = await list("/openledger/datanets/v1/datanets", "datanets", 1000);
  const q = new URLSearchParams(location.hash.split("?")[1] ?? "").get("q") ?? "";
  const box = h("div", {});
  const draw = (term: string) => {
    const t = term.trim().toLowerCase();
    const rows = all.filter((d) => !t || [d.name, d.summary, d.owner, String(d.id), ...(d.tags ?? [])].some((x) => String(x).toLowerCase().includes(t)));
    box.replaceChildren(
      table(
        rows,
        [
          { title: "Id", cell: (d) => link(`#/datanets/${d.id}`, d.id), num: true },
          { title: "Name", cell: (d) => link(`#/datanets/${d.id}`, d.name), id: "datanet-name" },
          { title: "Summary", cell: (d) => d.summary },
          { title: "Tags", cell: (d) => (d.tags ?? []).map((x: string) => badge(x)) },
          { title: "Visibility", cell: (d) => String(d.visibility).replace("VISIBILITY_", "").toLowerCase() },
          { title: "Owner", cell: (d) => h("span", { class: "mono", title: d.owner }, short(d.owner)) },
        ],
        { key: (d) => d.id, testid: "datanets-table", empty: "No datanet matches." },
      ),
    );
  };
  const input = h("input", { type: "search", placeholder: "Search name, tag, owner…", value: q, "data-testid": "datanet-search", "aria-label": "search datanets" }) as HTMLInputElement;
  input.addEventListener("input", () => draw(input.value));
  draw(q);
  return h("section", {}, h("h1", {}, "Datanets"), h("div", { class: "grid" }, stat("Datanets", all.length, "datanet-count")), h("form", { class: "inline", onsubmit: (e: Event) => e.preventDefault() }, input), box);
}

async function sha256(data: ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

function contributeForm(d: Json): HTMLElement {
  const file = h("input", { type: "file", "data-testid": "contribute-file", "aria-label": "file to contribute" }) as HTMLInputElement;
  const uri = h("input", { type: "text", placeholder: "content URI (optional)", "data-testid": "contribute-uri", "aria-label": "content uri" }) as HTMLInputElement;
  const info = h("div", { class: "muted", "data-testid": "contribute-hash" });
  const upload = h("div", { "data-testid": "contribute-upload" });
  let picked: { bytes: ArrayBuffer; hash: Uint8Array } | undefined;
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    const bytes = await f.arrayBuffer();
    picked = { bytes, hash: await sha256(bytes) };
    info.textContent = `${f.name}: ${bytes.byteLength} bytes, sha256 ${bytesToHex(picked.hash)}`;
  });
  const btn = txButton(
    "Contribute",
    () => {
      if (!picked) throw new Error("pick a file first");
      return [
        {
          typeUrl: TYPES.contribute,
          value: {
            contributor: wallet()!.address,
            datanetId: BigInt(d.id),
            contentHash: picked.hash,
            sizeBytes: BigInt(picked.bytes.byteLength),
            contentUri: uri.value.trim(),
            licence: d.licence ?? "",
            metadata: "",
          },
        },
      ];
    },
    {
      testid: "contribute",
      after: async (r) => {
        const id = eventAttr(r, "openledger.datanets.v1.EventContribute", "contribution_id") ?? "";
        // The store takes bytes only once a contribution records their hash: upload now.
        const res = await fetch(`${restBase()}/openledger/content/v1/put`, { method: "POST", body: picked!.bytes, headers: { "content-type": "application/octet-stream" } });
        const body = await res.json().catch(() => ({}));
        upload.replaceChildren(
          res.ok
            ? h("span", { "data-status": "ok" }, `Contribution ${id} recorded; content uploaded to the node's store (${body.existed ? "already held" : "stored"}, ${body.size} bytes).`)
            : h("span", { class: "error", "data-status": "failed" }, `Contribution ${id} recorded, but the upload failed: ${body.message ?? res.status}. Upload it with \`openledger content put\`.`),
        );
      },
    },
  );
  return h("div", { class: "card" }, h("h2", {}, "Contribute"), h("p", { class: "muted" }, `Bond ${open(d.contribution_bond)} plus ${open(d.fee_per_byte, 18)} per byte. The file is hashed here; its bytes go only to this node's content store.`), h("form", { class: "inline", onsubmit: (e: Event) => e.preventDefault() }, file, uri), info, btn, upload);
}

export async function datanetPage([id]: string[]): Promise<HTMLElement> {
  const [{ datanet: d, stats }, contributions, versions] = await Promise.all([
    get(`/openledger/datanets/v1/datanet/${id}`),
    list(`/openledger/datanets/v1/contributions_by_datanet/${id}`, "contributions", 1000),
    list(`/openledger/datanets/v1/versions/${id}`, "versions", 200),
  ]);
  const me = wallet()?.address;
  const curator = !!me && (me === d.owner || (d.curators ?? []).includes(me));
  const curate = (c: Json, approve: boolean) =>
    txButton(
      approve ? "Approve" : "Reject",
      () => [{ typeUrl: TYPES.curate, value: { curator: me, contributionId: BigInt(c.id), approve, reason: approve ? 0n : 1n, note: "" } }],
      { testid: `${approve ? "approve" : "reject"}-${c.id}`, after: () => rerender(), secondary: !approve },
    );
  const byStatus = (s: string) => contributions.filter((c: Json) => c.status === s).length;
  return h(
    "section",
    {},
    h("h1", { "data-testid": "datanet-title" }, `Datanet ${d.id}: ${d.name}`),
    h("p", {}, d.summary),
    h(
      "div",
      { class: "grid" },
      stat("Contributions", contributions.length, "contribution-count"),
      stat("Approved", byStatus("CONTRIBUTION_STATUS_APPROVED"), "approved-count"),
      stat("Pending", byStatus("CONTRIBUTION_STATUS_PENDING"), "pending-count"),
      stat("Rejected", byStatus("CONTRIBUTION_STATUS_REJECTED"), "rejected-count"),
      stat("Versions", versions.length, "version-count"),
      stat("Owner", h("span", { class: "mono", title: d.owner }, short(d.owner)), "owner"),
      stat("Licence", d.licence || "—"),
      stat("Contribution bond", open(d.contribution_bond), "bond"),
    ),
    stats ? h("p", { class: "muted mono" }, Object.entries(stats).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ")) : null,
    h("h2", {}, "Versions"),
    table(
      versions,
      [
        { title: "Version", cell: (v: Json) => v.number, num: true },
        { title: "Root", cell: (v: Json) => h("span", { class: "mono" }, b64ToHex(v.root)), id: "version-root" },
        { title: "Contributions", cell: (v: Json) => v.contribution_count, num: true },
        { title: "Bytes", cell: (v: Json) => v.total_bytes, num: true },
        { title: "Height", cell: (v: Json) => v.height, num: true },
        { title: "Note", cell: (v: Json) => v.note },
      ],
      { key: (v: Json) => v.number, testid: "versions-table", empty: "No version published yet." },
    ),
    curator
      ? txButton("Publish a new version", () => [{ typeUrl: TYPES.publishVersion, value: { owner: me, datanetId: BigInt(d.id), note: "" } }], { testid: "publish-version", after: () => rerender() })
      : null,
    h("h2", {}, "Contributions"),
    table(
      contributions,
      [
        { title: "Id", cell: (c: Json) => c.id, num: true },
        { title: "Contributor", cell: (c: Json) => link(`#/contributor/${c.contributor}`, h("span", { class: "mono", title: c.contributor }, short(c.contributor))) },
        { title: "Status", cell: (c: Json) => statusBadge(c.status), id: "contribution-status" },
        { title: "Bytes", cell: (c: Json) => c.size_bytes, num: true },
        { title: "Hash", cell: (c: Json) => h("span", { class: "mono", title: b64ToHex(c.content_hash) }, b64ToHex(c.content_hash).slice(0, 16) + "…") },
        { title: "Seq", cell: (c: Json) => (c.approval_seq !== "0" ? c.approval_seq : ""), num: true },
        { title: "Submitted", cell: (c: Json) => when(c.time) },
        ...(curator ? [{ title: "Curate", cell: (c: Json) => (c.status === "CONTRIBUTION_STATUS_PENDING" ? h("span", {}, curate(c, true), " ", curate(c, false)) : "") }] : []),
      ],
      { key: (c: Json) => c.id, testid: "contributions-table", empty: "No contribution yet." },
    ),
    h("div", { style: "margin-top:14px" }, contributeForm(d)),
  );
}

export async function contributionOf(id: string): Promise<Json | null> {
  const r = await getOr<Json>(`/openledger/datanets/v1/contribution/${id}`, null);
  return r?.contribution ?? null;
}
