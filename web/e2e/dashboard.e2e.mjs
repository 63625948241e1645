#!/usr/bin/env node
// End-to-end test of the dashboard in the system Chromium (playwright-core, no browser download),
// against a devnet seeded by testnet/e2e/web_dashboard.sh, which writes the figures the CLI
// queries returned to EXPECTED (JSON). Each page must show them; a contribution, a curator
// approval and a claim are made through the pages with the devnet development keys; the receipt
// page must highlight the spans the operator gateway returned and tell a receipt with stated
// (wrong) weights apart. Screenshots of each page go to OUT_DIR.
//
// Env: WEB_URL (the node's REST address serving the app), EXPECTED, OUT_DIR, RESULTS (JSON
// written for the shell script: the claim's tx hash and what the page showed),
// CHROMIUM (default /usr/bin/chromium).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { open } from "./format.mjs";

const env = (k, d) => process.env[k] ?? d ?? (() => { throw new Error(`${k} is not set`); })();
const WEB = env("WEB_URL").replace(/\/$/, "");
const X = JSON.parse(readFileSync(env("EXPECTED"), "utf8"));
const OUT = env("OUT_DIR");
const RESULTS = env("RESULTS");
mkdirSync(OUT, { recursive: true });

const checks = [];
function check(name, expected, actual) {
  const ok = String(expected) === String(actual);
  checks.push({ name, ok, expected: String(expected), actual: String(actual) });
  console.error(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : `: expected ${JSON.stringify(String(expected))}, got ${JSON.stringify(String(actual))}`}`);
}
const results = {};

const profile = mkdtempSync(join(tmpdir(), "openledger-web-e2e-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: env("CHROMIUM", "/usr/bin/chromium"),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
// A stand-in for the Keplr extension: records the chain it is asked to add and answers one
// account; it signs nothing (transactions are tested with the development keys).
await ctx.addInitScript((address) => {
  window.__keplr = { suggested: null, enabled: null };
  window.keplr = {
    experimentalSuggestChain: async (info) => void (window.__keplr.suggested = info),
    enable: async (id) => void (window.__keplr.enabled = id),
    getOfflineSigner: () => ({
      getAccounts: async () => [{ address, algo: "secp256k1", pubkey: new Uint8Array(33).fill(2) }],
      signDirect: async () => { throw new Error("the test's Keplr does not sign"); },
    }),
  };
}, X.keplr_address);
const page = ctx.pages()[0] ?? (await ctx.newPage());
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));
page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
page.setDefaultTimeout(30000);

const text = async (testid) => (await page.locator(`[data-testid="${testid}"]`).first().innerText()).trim();
const ready = () => page.getAttribute("#app", "data-ready");
// A new render finished and none is under way.
async function rendered(prev) {
  await page.waitForFunction((p) => {
    const app = document.querySelector("#app");
    return app?.dataset.ready && app.dataset.ready !== p && !app.hasAttribute("data-busy");
  }, prev);
}
const settled = () => page.waitForFunction(() => !document.querySelector("#app")?.hasAttribute("data-busy"));
async function go(path) {
  const prev = await ready();
  await page.evaluate((p) => {
    if (location.hash === `#${p}`) window.dispatchEvent(new HashChangeEvent("hashchange"));
    else location.hash = `#${p}`;
  }, path);
  await rendered(prev);
  const err = await page.locator("#app [data-testid=error]").count();
  if (err) throw new Error(`${path}: ${await text("error")}`);
}
async function shot(name) {
  await page.waitForTimeout(300); // charts draw on the next animation frame
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}
async function useDevKey(name) {
  const prev = await ready();
  await page.selectOption('[data-testid="dev-account"]', name).catch(async () => {
    // another key is connected: disconnect first
    await page.click("#wallet button.secondary");
    await page.waitForSelector('[data-testid="dev-account"]');
    await page.selectOption('[data-testid="dev-account"]', name);
  });
  await page.waitForFunction((n) => (document.querySelector('[data-testid="wallet-address"]')?.textContent ?? "").startsWith(n), name);
  await rendered(prev);
}
// Clicks a transaction button and waits for its outcome in the page's log of transactions (the
// button itself may be gone once the page is redrawn, e.g. a curated contribution's).
async function txOk(testid) {
  const before = await page.evaluate(() => (window.openledgerTxLog ?? []).length);
  await page.click(`[data-testid="${testid}"]`);
  await page.waitForFunction(([t, n]) => (window.openledgerTxLog ?? []).slice(n).some((r) => r.testid === t), [testid, before], { timeout: 90000 });
  const r = await page.evaluate(([t, n]) => window.openledgerTxLog.slice(n).find((x) => x.testid === t), [testid, before]);
  await settled(); // a successful tx redraws the page
  check(`${testid}: tx succeeded`, "ok", r.ok ? "ok" : r.text);
  return r;
}

try {
  await page.goto(`${WEB}/`);
  await page.waitForSelector("#app[data-ready]");

  // --- overview
  await go("/");
  check("overview: bonded validators", X.validators, await text("validators"));
  check("overview: inferences", X.totals.inferences, await text("inferences"));
  check("overview: fees charged", open(X.totals.fees_charged), await text("fees-charged"));
  check("overview: contributors credited", open(X.totals.contributors_credited), await text("contributors-credited"));
  check("overview: voting power", open(X.voting_power, 0), await text("voting-power"));
  const h = Number(await text("height"));
  check("overview: height at least the seeded height", true, h >= X.height);
  check("overview: fee plot has points", true, Number(await page.getAttribute('[data-testid="chart-fees"]', "data-points")) > 0);
  await shot("overview");

  // --- datanets
  await go("/datanets");
  check("datanets: count", X.datanets.length, await text("datanet-count"));
  check("datanets: name of datanet 1", X.datanet.name, await text("datanet-name-1"));
  await page.fill('[data-testid="datanet-search"]', "no-such-datanet-xyz");
  check("datanets: search filters", 1, await page.locator('[data-testid="datanets-table-empty"]').count());
  await page.fill('[data-testid="datanet-search"]', X.datanet.name.slice(0, 6));
  check("datanets: search finds", 1, await page.locator('[data-testid="datanet-name-1"]').count());
  await shot("datanets");
  await go("/datanets/1");
  check("datanet 1: contributions", X.datanet.contributions, await text("contribution-count"));
  check("datanet 1: approved", X.datanet.approved, await text("approved-count"));
  check("datanet 1: versions", X.datanet.versions, await text("version-count"));
  check("datanet 1: version 1 root", X.datanet.root_hex, await text("version-root-1"));
  await shot("datanet");

  // --- models
  await go("/models");
  check("models: count", X.models, await text("model-count"));
  await go("/models/1");
  check("model 1: stage", X.model.stage, await text("stage"));
  check("model 1: latest version", X.model.latest_version, await text("latest-version"));
  check("model 1: input rate", open(X.model.rate_in, 9), await text("rate-in"));
  check("model 1: serving operators", 1, await text("serving-count"));
  check("model 1: lifecycle entries", X.model.history, await page.locator('[data-testid="timeline"] li').count());
  check("model 1: lineage graph names datanet 1 v1", 1, await page.locator('[data-testid="lineage-graph"] [data-node="1/1"]').count());
  await shot("model");

  // --- operators
  await go("/operators");
  check("operators: count", X.operators, await text("operator-count"));
  await go(`/operators/${X.operator.address}`);
  check("operator: inferences", X.operator.inferences, await text("op-inferences"));
  check("operator: bond", open(X.operator.bond), await text("op-bond"));
  check("operator: fees charged", open(X.operator.fees_charged), await text("op-fees"));
  await shot("operator");

  // --- governance
  await go("/governance");
  check("governance: proposals", X.gov.proposals, await text("proposal-count"));
  check("governance: total locked", open(X.gov.total_locked, 2), await text("total-locked"));
  check("governance: model approval passed", "passed", await text(`proposal-status-${X.gov.model_proposal}`));
  await shot("governance");

  // --- AI services: providers, jobs, feedback validators and rounds as the CLI returned them
  const S = X.services;
  const low = (v, prefix) => String(v ?? "").replace(prefix, "").toLowerCase();
  const title = (testid) => page.getAttribute(`[data-testid="${testid}"] [title]`, "title");
  await go("/services");
  check("services: providers", S.providers.length, await text("provider-count"));
  check("services: jobs", S.jobs.length, await text("job-count"));
  check("services: feedback validators", S.validators.length, await text("feedback-validator-count"));
  check("services: rounds", S.rounds.length, await text("round-count"));
  for (const p of S.providers) {
    check(`services: provider ${p.address} bond`, open(p.bond), await text(`prov-bond-${p.address}`));
    check(`services: provider ${p.address} status`, low(p.status, "PROVIDER_STATUS_"), await text(`prov-status-${p.address}`));
    check(`services: provider ${p.address} jobs paid`, p.jobs_paid ?? 0, await text(`prov-paid-${p.address}`));
    check(`services: provider ${p.address} missed deadlines`, p.missed_deadlines ?? 0, await text(`prov-missed-${p.address}`));
  }
  for (const j of S.jobs) {
    check(`services: job ${j.id} model`, j.model_id, await text(`job-model-${j.id}`));
    check(`services: job ${j.id} budget`, open(j.budget), await text(`job-budget-${j.id}`));
    check(`services: job ${j.id} status`, low(j.status, "JOB_STATUS_"), await text(`job-status-${j.id}`));
    check(`services: job ${j.id} deadline`, j.deadline_height, await text(`job-deadline-${j.id}`));
    check(`services: job ${j.id} provider`, j.provider || "none", j.provider ? await title(`job-provider-${j.id}`) : "none");
    check(`services: job ${j.id} adapter`, j.delivery?.adapter_hash ?? "none", j.delivery ? await title(`job-adapter-${j.id}`) : "none");
  }
  check("services: job 1 was delivered", "delivered", low(S.job1.status, "JOB_STATUS_"));
  check("services: job 1 metrics", S.job1.delivery.metrics.map((m) => `${m.name}=${m.value}`).join(", "), await text("job-metrics-1"));
  for (const v of S.validators) check(`services: feedback validator ${v.address} bond`, open(v.bond), await text(`fv-bond-${v.address}`));
  for (const r of S.rounds) {
    check(`services: round ${r.id} model`, `${r.model_id} v${r.model_version}`, await text(`round-model-${r.id}`));
    check(`services: round ${r.id} pool`, open(r.reward), await text(`round-pool-${r.id}`));
    check(`services: round ${r.id} items`, r.item_hashes.length, await text(`round-items-${r.id}`));
    check(`services: round ${r.id} reveal deadline`, r.reveal_deadline_height, await text(`round-reveal-${r.id}`));
    check(`services: round ${r.id} status`, low(r.status, "ROUND_STATUS_"), await text(`round-status-${r.id}`));
  }
  await shot("services");
  await go("/services/jobs/1");
  check("job 1: budget", open(S.job1.budget), await text("job-budget"));
  check("job 1: status", low(S.job1.status, "JOB_STATUS_"), await text("job-status"));
  check("job 1: adapter", S.job1.delivery.adapter_hash, await title("job-adapter"));
  check("job 1: metrics", S.job1.delivery.metrics.map((m) => `${m.name}=${m.value}`).join(", "), await text("job-metrics"));
  await shot("services-job");
  const R = S.result1;
  await go(`/services/rounds/${R.round_id}`);
  check("round 1: settled", "settled", await text("round-status"));
  for (let i = 0; i < R.consensus.length; i++) check(`round 1: consensus of item ${i + 1}`, R.consensus[i], await text(`consensus-${i + 1}`));
  check("round 1: paid", open(R.paid, 18), await text("result-paid"));
  check("round 1: refunded", open(R.refunded ?? 0, 18), await text("result-refunded"));
  check("round 1: slashed", open(R.slashed ?? 0, 18), await text("result-slashed"));
  for (const v of R.validators) {
    check(`round 1: ${v.validator} distance`, v.distance ?? 0, await text(`outcome-distance-${v.validator}`));
    check(`round 1: ${v.validator} agreement`, v.agreement ?? 0, await text(`outcome-agreement-${v.validator}`));
    check(`round 1: ${v.validator} reward`, open(v.reward ?? 0, 18), await text(`outcome-reward-${v.validator}`));
    check(`round 1: ${v.validator} slashed`, open(v.slashed ?? 0, 18), await text(`outcome-slashed-${v.validator}`));
  }
  await shot("services-round");
  const openRound = S.rounds.find((r) => low(r.status, "ROUND_STATUS_") === "open");
  if (openRound) {
    await go(`/services/rounds/${openRound.id}`);
    check(`round ${openRound.id}: not settled yet`, 1, await page.locator('[data-testid="round-unsettled"]').count());
  }

  // --- receipts: fee split, entries, highlighted spans
  await go(`/receipts/${X.receipt.id}`);
  check("receipt: fee", open(X.receipt.fee), await text("fee"));
  check("receipt: credited", open(X.receipt.credited, 18), await text("split-credited"));
  for (const [cid, ppmW] of X.receipt.entries) check(`receipt: weight of contribution ${cid}`, `${(ppmW / 10000).toFixed(2)}%`, await text(`entry-weight-${cid}`));
  await page.fill('[data-testid="output-text"]', X.receipt.output);
  await page.fill('[data-testid="spans-json"]', JSON.stringify(X.receipt.response));
  await page.click('[data-testid="verify"]');
  await page.waitForSelector('[data-testid="verify-result"] [data-status]');
  check("receipt: verify matches", "match", await page.getAttribute('[data-testid="verify-result"] [data-status]', "data-status"));
  const marks = await page.locator('[data-testid="highlight"] mark').evaluateAll((ms) => ms.map((m) => [Number(m.dataset.contribution), m.textContent]));
  check("receipt: highlighted spans", JSON.stringify(X.receipt.span_texts), JSON.stringify(marks));
  check("receipt: no challenge offered when it matches", 0, await page.locator('[data-testid="challenge"]').count());
  await shot("receipt");
  // the same output against the receipt with stated weights: it differs, a challenge is offered
  await go(`/receipts/${X.stated_receipt}`);
  await page.fill('[data-testid="output-text"]', X.receipt.output);
  await page.fill('[data-testid="spans-json"]', JSON.stringify(X.receipt.response));
  await page.click('[data-testid="verify"]');
  await page.waitForSelector('[data-testid="verify-result"] [data-status]');
  check("stated receipt: verify differs", "differs", await page.getAttribute('[data-testid="verify-result"] [data-status]', "data-status"));
  check("stated receipt: challenge offered", 1, await page.locator('[data-testid="challenge"]').count());

  // --- contributor page and a claim with the development key
  await go(`/contributor/${X.claimer.address}`);
  check("contributor: claimable", open(X.claimer.claimable, 18), await text("claimable"));
  check("contributor: earned as contributor", open(X.claimer.contributor_earned, 18), await text("contributor-earned"));
  for (const d of X.claimer.by_datanet) check(`contributor: earned in datanet ${d.datanet_id}`, open(d.earned, 18), await text(`earned-datanet-${d.datanet_id}`));
  check("contributor: earnings plot has points", true, Number(await page.getAttribute('[data-testid="chart-datanets"]', "data-points")) > 0);
  await useDevKey(X.claimer.name);
  await go(`/contributor/${X.claimer.address}`);
  await shot("contributor");
  const claim = await txOk("claim");
  results.claim = claim.text;
  results.claim_hash = claim.hash;
  results.claim_fee = claim.fee;
  check("claim: the result is shown on the redrawn page", claim.text, await text("claim-result"));

  // --- contribute a file through the page, then approve it as the datanet's owner
  await useDevKey(X.contribute.as);
  await go("/datanets/1");
  await page.setInputFiles('[data-testid="contribute-file"]', X.contribute.file);
  await page.waitForFunction(() => (document.querySelector('[data-testid="contribute-hash"]')?.textContent ?? "").includes("sha256"));
  check("contribute: the browser's hash", true, (await text("contribute-hash")).includes(X.contribute.sha256));
  await txOk("contribute");
  await page.waitForSelector('[data-testid="contribute-upload"] [data-status]', { timeout: 30000 });
  check("contribute: uploaded to the content store", "ok", await page.getAttribute('[data-testid="contribute-upload"] [data-status]', "data-status"));
  await useDevKey(X.contribute.curator);
  await go("/datanets/1");
  const pendingId = await page.locator('[data-testid^="approve-"]').first().getAttribute("data-testid");
  results.curated = pendingId?.replace("approve-", "");
  await txOk(pendingId);
  await shot("datanet-curated");

  // --- lock gOPEN through the governance page (as the datanet's owner, who held none)
  await go("/governance");
  await page.fill('[data-testid="gopen-amount"]', "5");
  await txOk("lock");
  await page.waitForFunction(() => (document.querySelector('[data-testid="my-locked"]')?.textContent ?? "").trim() === "5 OPEN", null, { timeout: 15000 }).catch(() => undefined);
  check("governance: locked gOPEN after the lock", "5 OPEN", await text("my-locked"));
  await page.fill('[data-testid="gopen-amount"]', "1.5.0");
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="unlock-result"] [data-status="failed"]');
  check("governance: a malformed amount is refused in the page", true, (await page.locator('[data-testid="unlock-result"]').innerText()).includes("decimal"));

  // --- Keplr: the chain suggested from chain-registry/, then its account connected
  await page.click("#wallet button.secondary");
  await page.click('[data-testid="connect-keplr"]');
  await page.waitForSelector('[data-testid="wallet-address"]');
  const suggested = await page.evaluate(() => window.__keplr);
  check("keplr: chain id suggested and enabled", `${X.chain_id}/${X.chain_id}`, `${suggested.suggested?.chainId}/${suggested.enabled}`);
  check("keplr: REST is the page's gateway", WEB, suggested.suggested?.rest);
  check("keplr: bech32 prefix", "open/openvaloper", `${suggested.suggested?.bech32Config?.bech32PrefixAccAddr}/${suggested.suggested?.bech32Config?.bech32PrefixValAddr}`);
  check("keplr: fee currency", "aopen/18", `${suggested.suggested?.feeCurrencies?.[0]?.coinMinimalDenom}/${suggested.suggested?.feeCurrencies?.[0]?.coinDecimals}`);
  check("keplr: the account is shown", X.keplr_address, await page.getAttribute('[data-testid="wallet-address"]', "title"));

  // --- mobile width: the overview fits
  await page.setViewportSize({ width: 390, height: 844 });
  await go("/datanets");
  await go("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("mobile: no horizontal overflow", true, overflow <= 1);
  await shot("overview-mobile");
  await go("/services");
  const servicesOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("mobile: the services page has no horizontal overflow", true, servicesOverflow <= 1);
  await shot("services-mobile");
  // a 404 while a tx is looked up before its inclusion is logged by the browser, not an error
  check("no script errors in the page", "[]", JSON.stringify(consoleErrors.filter((e) => !/Failed to load resource/.test(e))));
} catch (e) {
  checks.push({ name: "run", ok: false, actual: String(e?.stack ?? e) });
  console.error(e);
  await page.screenshot({ path: join(OUT, "failure.png"), fullPage: true }).catch(() => undefined);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
results.checks = checks;
results.ok = checks.length > 0 && checks.every((c) => c.ok);
writeFileSync(RESULTS, JSON.stringify(results, null, 2));
const failed = checks.filter((c) => !c.ok).length;
console.error(`dashboard e2e: ${checks.length - failed} checks passed, ${failed} failed`);
process.exit(results.ok ? 0 : 1);
