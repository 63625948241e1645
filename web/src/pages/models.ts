// Models: list; one model's lifecycle timeline with its evidence, versions, lineage to datanet
// versions (a small graph), pricing, serving operators, influence by datanet.
import { get, getOr, list, optional } from "../api";
import { open, short, when } from "../format";
import { badge, h, link, stat, table } from "../ui";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const stage = (s: string) => String(s ?? "").replace("MODEL_STAGE_", "").toLowerCase().replace("_", " ");

export async function modelsPage(): Promise<HTMLElement> {
  const models: Json[] = await list("/openledger/models/v1/models", "models", 1000);
  return h(
    "section",
    {},
    h("h1", {}, "Models"),
    h("div", { class: "grid" }, stat("Models", models.length, "model-count"), stat("Deployed", models.filter((m) => m.stage === "MODEL_STAGE_DEPLOYED").length, "deployed-count")),
    h("h2", {}, "All models"),
    table(
      models,
      [
        { title: "Id", cell: (m) => link(`#/models/${m.id}`, m.id), num: true },
        { title: "Name", cell: (m) => link(`#/models/${m.id}`, m.name), id: "model-name" },
        { title: "Stage", cell: (m) => badge(stage(m.stage), m.stage === "MODEL_STAGE_DEPLOYED" ? "ok" : ""), id: "model-stage" },
        { title: "Base", cell: (m) => m.base_model },
        { title: "Versions", cell: (m) => m.latest_version, num: true },
        { title: "Creator", cell: (m) => h("span", { class: "mono", title: m.creator }, short(m.creator)) },
      ],
      { key: (m) => m.id, testid: "models-table", empty: "No model yet." },
    ),
  );
}

/** An SVG graph: model versions (right) linked to the datanet versions they train on (left). */
function lineageGraph(modelId: string, versions: Json[], lineages: Map<number, Json[]>): HTMLElement {
  const ns = "http://www.w3.org/2000/svg";
  const left = new Map<string, { y: number; label: string }>();
  const right: { y: number; label: string; refs: string[] }[] = [];
  for (const v of versions) {
    const refs = (lineages.get(Number(v.number)) ?? []).map((l: Json) => {
      const key = `${l.datanet_id}/${l.version}`;
      if (!left.has(key)) left.set(key, { y: 0, label: `datanet ${l.datanet_id} v${l.version} · ${l.contribution_count} contributions` });
      return key;
    });
    right.push({ y: 0, label: `model ${modelId} v${v.number}`, refs });
  }
  const rows = Math.max(left.size, right.length, 1);
  const H = rows * 34 + 16;
  [...left.values()].forEach((n, i) => (n.y = 20 + i * 34));
  right.forEach((n, i) => (n.y = 20 + i * 34));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 640 ${H}`);
  svg.setAttribute("class", "graph");
  svg.setAttribute("data-testid", "lineage-graph");
  svg.setAttribute("style", "width:100%;max-width:640px");
  const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text) e.textContent = text;
    svg.append(e);
    return e;
  };
  for (const r of right)
    for (const k of r.refs) {
      const l = left.get(k)!;
      el("path", { d: `M 250 ${l.y} C 330 ${l.y}, 330 ${r.y}, 410 ${r.y}`, stroke: "#8fa7d9", fill: "none", "stroke-width": 2 });
    }
  for (const [k, n] of left) {
    el("rect", { x: 4, y: n.y - 12, width: 246, height: 24, rx: 5, fill: "#e7f0ff", stroke: "#2454d6", "data-node": k });
    el("text", { x: 12, y: n.y + 4 }, n.label);
  }
  for (const n of right) {
    el("rect", { x: 410, y: n.y - 12, width: 220, height: 24, rx: 5, fill: "#e9f7ec", stroke: "#2b8a3e" });
    el("text", { x: 418, y: n.y + 4 }, n.label);
  }
  return svg as unknown as HTMLElement;
}

export async function modelPage([id]: string[]): Promise<HTMLElement> {
  const [{ model: m }, history, versions, operators, influence, registered] = await Promise.all([
    get(`/openledger/models/v1/model/${id}`),
    list(`/openledger/models/v1/history/${id}`, "entries", 500),
    list(`/openledger/models/v1/versions/${id}`, "versions", 200),
    list("/openledger/attribution/v1/operators", "operators", 1000),
    getOr<Json>(`/openledger/attribution/v1/top_datanets/${id}`, { datanets: [] }, { limit: 20 }),
    optional<Json>(`/openledger/adapters/v1/by_model/${id}`, { adapters: [] }, { "pagination.limit": 100 }),
  ]);
  const lineages = new Map<number, Json[]>();
  await Promise.all(
    versions.map(async (v: Json) => {
      const l = await getOr<Json>(`/openledger/models/v1/lineage/${id}/${v.number}`, { datanets: [] });
      lineages.set(Number(v.number), l.datanets ?? []);
    }),
  );
  const serving = operators.filter((o: Json) => (o.models ?? []).map(String).includes(String(id)));
  const adapters = versions.filter((v: Json) => v.adapter_hash);
  return h(
    "section",
    {},
    h("h1", { "data-testid": "model-title" }, `Model ${m.id}: ${m.name}`),
    h("p", {}, m.description),
    h(
      "div",
      { class: "grid" },
      stat("Stage", badge(stage(m.stage), m.stage === "MODEL_STAGE_DEPLOYED" ? "ok" : ""), "stage"),
      stat("Base model", m.base_model || "—"),
      stat("Latest version", m.latest_version, "latest-version"),
      stat("Input, per 1000 tokens", open(m.pricing?.rate_in_per_1000, 9), "rate-in"),
      stat("Output, per 1000 tokens", open(m.pricing?.rate_out_per_1000, 9), "rate-out"),
      stat("Bond", open(m.bond?.amount), "model-bond"),
      stat("Creator", h("span", { class: "mono", title: m.creator }, short(m.creator))),
      stat("Serving operators", serving.length, "serving-count"),
    ),
    h(
      "div",
      { class: "row", style: "margin-top:12px" },
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Lifecycle"),
        h(
          "ol",
          { class: "timeline", "data-testid": "timeline" },
          history.map((e: Json) =>
            h(
              "li",
              { "data-stage": e.to_stage },
              h("strong", {}, `${stage(e.from_stage)} → ${stage(e.to_stage)}`),
              h("div", { class: "muted" }, `height ${e.height} · ${when(e.time)} · by ${short(e.actor)}`),
              e.evidence && (e.evidence.training_run_hash || e.evidence.adapter_hash || e.evidence.metrics)
                ? h("div", { class: "mono" }, [e.evidence.training_run_hash && `training run ${e.evidence.training_run_hash}`, e.evidence.adapter_hash && `adapter ${e.evidence.adapter_hash}`, e.evidence.metrics && `metrics ${e.evidence.metrics}`].filter(Boolean).join(" · "))
                : null,
            ),
          ),
        ),
      ),
      h("div", { class: "card" }, h("h2", {}, "Lineage"), versions.length ? lineageGraph(id, versions, lineages) : h("p", { class: "muted" }, "No version yet: the model trains on " + (m.datanet_versions ?? []).map((r: Json) => `datanet ${r.datanet_id} v${r.version}`).join(", "))),
    ),
    h("h2", {}, "Versions"),
    table(
      versions,
      [
        { title: "Version", cell: (v: Json) => v.number, num: true },
        { title: "Adapter", cell: (v: Json) => h("span", { class: "mono" }, v.adapter_hash || "—") },
        { title: "Parent", cell: (v: Json) => (v.parent_version !== "0" ? v.parent_version : ""), num: true },
        { title: "Datanet versions", cell: (v: Json) => (v.datanet_versions ?? []).map((r: Json) => link(`#/datanets/${r.datanet_id}`, `${r.datanet_id} v${r.version} `)) },
        { title: "Height", cell: (v: Json) => v.height, num: true },
      ],
      { key: (v: Json) => v.number, testid: "model-versions-table", empty: "No version published." },
    ),
    adapters.length ? h("p", { class: "muted" }, `${adapters.length} version(s) name an adapter.`) : null,
    h("h2", {}, "Registered adapters"),
    table(
      registered.adapters ?? [],
      [
        { title: "Hash", cell: (a: Json) => h("span", { class: "mono" }, a.hash) },
        { title: "Version", cell: (a: Json) => a.model_version, num: true },
        { title: "Rank", cell: (a: Json) => a.rank, num: true },
        { title: "Bytes", cell: (a: Json) => a.size_bytes, num: true },
        { title: "Owner", cell: (a: Json) => h("span", { class: "mono", title: a.owner }, short(a.owner ?? "")) },
        { title: "Height", cell: (a: Json) => a.height, num: true },
      ],
      { key: (a: Json) => a.hash, testid: "adapters-table", empty: "No adapter registered for this model." },
    ),
    h("h2", {}, "Serving operators"),
    table(
      serving,
      [
        { title: "Operator", cell: (o: Json) => link(`#/operators/${o.address}`, h("span", { class: "mono" }, short(o.address))) },
        { title: "Endpoint", cell: (o: Json) => o.endpoint },
        { title: "Bond", cell: (o: Json) => open(o.bond), num: true },
        { title: "Inferences", cell: (o: Json) => o.inferences, num: true },
      ],
      { key: (o: Json) => o.address, testid: "serving-table", empty: "No operator serves this model." },
    ),
    h("h2", {}, "Influence by datanet"),
    table(
      influence.datanets ?? [],
      [
        { title: "Datanet", cell: (d: Json) => link(`#/datanets/${d.datanet_id}`, d.datanet_id), num: true },
        { title: "Influence (ppm, summed over inferences)", cell: (d: Json) => d.influence_ppm, num: true },
        { title: "Earned", cell: (d: Json) => open(d.earned), num: true, id: "influence-earned" },
        { title: "Inferences", cell: (d: Json) => d.inferences, num: true },
      ],
      { key: (d: Json) => d.datanet_id, testid: "influence-table", empty: "No inference yet." },
    ),
  );
}
