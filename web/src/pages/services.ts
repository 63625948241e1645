// AI services: fine-tuning providers and jobs (finetune), feedback validators and rounds
// (feedback), with a job's delivery and a round's settled result on their own pages.
// A node older than these modules answers 404/501 on their routes: the page then says so.
import { ApiError, get, list, optional } from "../api";
import { open, short } from "../format";
import { badge, h, link, stat, table } from "../ui";
import { enumText, metricsText } from "../services_format";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FT = "/openledger/finetune/v1";
const FB = "/openledger/feedback/v1";

const jobStatus = (s: string) => enumText(s, "JOB_STATUS_");
const provStatus = (s: string) => enumText(s, "PROVIDER_STATUS_");
const roundStatus = (s: string) => enumText(s, "ROUND_STATUS_");

function jobBadge(s: string): HTMLElement {
  const t = jobStatus(s);
  const kind = t === "paid" || t === "delivered" ? "ok" : t === "disputed" || t === "refunded" || t === "cancelled" ? "bad" : "warn";
  return badge(t, kind);
}

const hashCell = (hex: string | undefined) => (hex ? h("span", { class: "mono", title: hex }, short(hex, 8)) : "—");

/**
 * A list, or null when the node does not serve the route (a node older than the module answers
 * 404 or 501); any other failure (node down, bad answer) is the page's error.
 */
async function listOrNull(path: string, field: string): Promise<Json[] | null> {
  try {
    return await list(path, field, 1000);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 501)) return null;
    throw e;
  }
}

export async function servicesPage(): Promise<HTMLElement> {
  const [providers, jobs, validators, rounds] = await Promise.all([
    listOrNull(`${FT}/providers`, "providers"),
    listOrNull(`${FT}/jobs`, "jobs"),
    listOrNull(`${FB}/validators`, "validators"),
    listOrNull(`${FB}/rounds`, "rounds"),
  ]);
  const absent = (what: string) => h("p", { class: "muted" }, `This node does not serve ${what}.`);
  return h(
    "section",
    {},
    h("h1", {}, "AI services"),
    h(
      "div",
      { class: "grid" },
      stat("Fine-tuning providers", providers?.length ?? "—", "provider-count"),
      stat("Fine-tuning jobs", jobs?.length ?? "—", "job-count"),
      stat("Feedback validators", validators?.length ?? "—", "feedback-validator-count"),
      stat("Feedback rounds", rounds?.length ?? "—", "round-count"),
    ),
    h("h2", {}, "Fine-tuning providers"),
    providers === null
      ? absent("fine-tuning")
      : table(
          providers,
          [
            { title: "Provider", cell: (p) => h("span", { class: "mono", title: p.address }, short(p.address)) },
            { title: "Status", cell: (p) => badge(provStatus(p.status), provStatus(p.status) === "active" ? "ok" : "warn"), id: "prov-status" },
            { title: "Bond", cell: (p) => open(p.bond), num: true, id: "prov-bond" },
            { title: "Active jobs", cell: (p) => p.active_jobs ?? "0", num: true, id: "prov-active" },
            { title: "Jobs paid", cell: (p) => p.jobs_paid ?? "0", num: true, id: "prov-paid" },
            { title: "Missed deadlines", cell: (p) => p.missed_deadlines ?? "0", num: true, id: "prov-missed" },
          ],
          { key: (p) => p.address, testid: "providers-table", empty: "No provider registered." },
        ),
    h("h2", {}, "Fine-tuning jobs"),
    jobs === null
      ? absent("fine-tuning")
      : table(
          [...jobs].reverse(),
          [
            { title: "Job", cell: (j) => link(`#/services/jobs/${j.id}`, j.id), num: true },
            { title: "Model", cell: (j) => link(`#/models/${j.model_id}`, j.model_id), num: true, id: "job-model" },
            { title: "Budget", cell: (j) => open(j.budget), num: true, id: "job-budget" },
            { title: "Status", cell: (j) => jobBadge(j.status), id: "job-status" },
            { title: "Deadline", cell: (j) => j.deadline_height, num: true, id: "job-deadline" },
            { title: "Provider", cell: (j) => (j.provider ? h("span", { class: "mono", title: j.provider }, short(j.provider)) : "—"), id: "job-provider" },
            { title: "Adapter", cell: (j) => hashCell(j.delivery?.adapter_hash), id: "job-adapter" },
            { title: "Metrics", cell: (j) => metricsText(j.delivery?.metrics) || "—", id: "job-metrics" },
          ],
          { key: (j) => j.id, testid: "jobs-table", empty: "No fine-tuning job." },
        ),
    h("h2", {}, "Feedback validators"),
    validators === null
      ? absent("feedback")
      : table(
          validators,
          [
            { title: "Validator", cell: (v) => h("span", { class: "mono", title: v.address }, short(v.address)) },
            { title: "Bond", cell: (v) => open(v.bond), num: true, id: "fv-bond" },
            { title: "Open rounds", cell: (v) => v.open_rounds ?? "0", num: true, id: "fv-open" },
          ],
          { key: (v) => v.address, testid: "feedback-validators-table", empty: "No feedback validator registered." },
        ),
    h("h2", {}, "Feedback rounds"),
    rounds === null
      ? absent("feedback")
      : table(
          [...rounds].reverse(),
          [
            { title: "Round", cell: (r) => link(`#/services/rounds/${r.id}`, r.id), num: true },
            { title: "Model", cell: (r) => `${r.model_id} v${r.model_version}`, id: "round-model" },
            { title: "Pool", cell: (r) => open(r.reward), num: true, id: "round-pool" },
            { title: "Items", cell: (r) => (r.item_hashes ?? []).length, num: true, id: "round-items" },
            { title: "Commit by", cell: (r) => r.commit_deadline_height, num: true, id: "round-commit" },
            { title: "Reveal by", cell: (r) => r.reveal_deadline_height, num: true, id: "round-reveal" },
            { title: "Commits / reveals", cell: (r) => `${r.commit_count ?? 0} / ${r.reveal_count ?? 0}`, num: true },
            { title: "Status", cell: (r) => badge(roundStatus(r.status), roundStatus(r.status) === "settled" ? "ok" : "warn"), id: "round-status" },
          ],
          { key: (r) => r.id, testid: "rounds-table", empty: "No feedback round." },
        ),
  );
}

export async function jobPage([id]: string[]): Promise<HTMLElement> {
  const { job: j } = await get(`${FT}/job/${id}`);
  const d = j.delivery;
  return h(
    "section",
    {},
    h("h1", {}, `Fine-tuning job ${j.id}`),
    h(
      "div",
      { class: "grid" },
      stat("Status", jobBadge(j.status), "job-status"),
      stat("Model", link(`#/models/${j.model_id}`, j.model_id), "job-model"),
      stat("Base model", j.base_model),
      stat("Budget", open(j.budget), "job-budget"),
      stat("Access fees paid", open(j.access_fees_paid), "job-access-fees"),
      stat("Deadline height", j.deadline_height, "job-deadline"),
      stat("Creator", h("span", { class: "mono", title: j.creator }, short(j.creator, 8))),
      stat("Provider", j.provider ? h("span", { class: "mono", title: j.provider }, short(j.provider, 8)) : "—", "job-provider"),
    ),
    h("h2", {}, "Data"),
    table(
      j.datanet_versions ?? [],
      [
        { title: "Datanet", cell: (v: Json) => link(`#/datanets/${v.datanet_id}`, v.datanet_id), num: true },
        { title: "Version", cell: (v: Json) => v.version, num: true },
      ],
      { key: (v: Json) => `${v.datanet_id}-${v.version}`, testid: "job-datanets" },
    ),
    h("h2", {}, "Delivery"),
    d
      ? h(
          "div",
          { class: "grid" },
          stat("Adapter", hashCell(d.adapter_hash), "job-adapter"),
          stat("Training log", hashCell(d.training_log_hash)),
          stat("Metrics", metricsText(d.metrics) || "—", "job-metrics"),
          stat("Rank", d.rank ?? "0"),
          stat("Size (bytes)", d.size_bytes ?? "0"),
          stat("Licence", d.licence || "—"),
          stat("Delivered at height", d.height ?? ""),
        )
      : h("p", { class: "muted", "data-testid": "job-undelivered" }, "Not delivered yet."),
    j.dispute_reason ? h("p", {}, "Disputed: ", j.dispute_reason) : null,
  );
}

export async function roundPage([id]: string[]): Promise<HTMLElement> {
  const { round: r } = await get(`${FB}/round/${id}`);
  const settled = roundStatus(r.status) === "settled";
  const result = settled ? (await optional<Json>(`${FB}/round_result/${id}`, {})).result : null;
  const items: string[] = r.item_hashes ?? [];
  const consensus: (number | string)[] = result?.consensus ?? [];
  return h(
    "section",
    {},
    h("h1", {}, `Feedback round ${r.id}`),
    h(
      "div",
      { class: "grid" },
      stat("Status", badge(roundStatus(r.status), settled ? "ok" : "warn"), "round-status"),
      stat("Model", h("span", {}, link(`#/models/${r.model_id}`, r.model_id), ` v${r.model_version}`), "round-model"),
      stat("Pool", open(r.reward), "round-pool"),
      stat("Items", items.length, "round-items"),
      stat("Commit deadline", r.commit_deadline_height, "round-commit"),
      stat("Reveal deadline", r.reveal_deadline_height, "round-reveal"),
      stat("Commits / reveals", `${r.commit_count ?? 0} / ${r.reveal_count ?? 0}`, "round-counts"),
    ),
    h("h2", {}, "Items"),
    h("p", { class: "muted" }, "Scores, distances and agreements are in score units (0 to the module's max score, 10000 by default); the consensus is the stake-weighted median of the revealed scores."),
    table(
      items.map((hash, i) => ({ i, hash })),
      [
        { title: "#", cell: (x) => x.i + 1, num: true },
        { title: "Item hash", cell: (x) => hashCell(x.hash) },
        { title: "Consensus score", cell: (x) => (consensus[x.i] !== undefined ? String(consensus[x.i]) : "—"), num: true, id: "consensus" },
      ],
      { key: (x) => x.i + 1, testid: "round-items-table" },
    ),
    result
      ? h(
          "div",
          {},
          h("h2", {}, "Settlement"),
          h(
            "div",
            { class: "grid" },
            stat("Paid", open(result.paid, 18), "result-paid"),
            stat("Refunded", open(result.refunded, 18), "result-refunded"),
            stat("Slashed", open(result.slashed, 18), "result-slashed"),
            stat("Settled at height", result.settled_height ?? ""),
          ),
          table(
            result.validators ?? [],
            [
              { title: "Validator", cell: (v: Json) => h("span", { class: "mono", title: v.validator }, short(v.validator)) },
              { title: "Stake", cell: (v: Json) => open(v.stake), num: true },
              { title: "Revealed", cell: (v: Json) => (v.revealed ? "yes" : "no"), id: "outcome-revealed" },
              { title: "Distance", cell: (v: Json) => v.distance ?? 0, num: true, id: "outcome-distance" },
              { title: "Agreement", cell: (v: Json) => v.agreement ?? 0, num: true, id: "outcome-agreement" },
              { title: "Reward", cell: (v: Json) => open(v.reward, 18), num: true, id: "outcome-reward" },
              { title: "Slashed", cell: (v: Json) => open(v.slashed, 18), num: true, id: "outcome-slashed" },
            ],
            { key: (v: Json) => v.validator, testid: "outcomes-table", empty: "No validator took part." },
          ),
        )
      : h("p", { class: "muted", "data-testid": "round-unsettled" }, "Not settled yet: the result appears after the reveal deadline."),
  );
}
