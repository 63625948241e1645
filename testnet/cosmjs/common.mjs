// Helpers shared by the cosmjs checks (send.mjs, stake.mjs): devnet constants, argument
// parsing, the devnet account to sign with, the signing client, and the recorded checks with
// the JSON summary they end in.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";

export const DENOM = "aopen";
export const PREFIX = "open";
export const GAS_PRICE = "1000000000aopen";

const here = dirname(fileURLToPath(import.meta.url));
export const toJson = (v) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x), 2);

// Parses the options every script takes (--rpc URL, --accounts FILE, --from NAME, default
// `from`) and those of `extra` ({ "--flag": [key, default] }). -h/--help prints `usage` and
// exits; an unknown argument or a missing value throws.
export function parseArgs(argv, { usage, from, extra = {} }) {
  const flags = {
    "--rpc": ["rpc", process.env.OPENLEDGER_RPC || "http://127.0.0.1:26657"],
    "--accounts": ["accounts", process.env.OPENLEDGER_DEVNET_ACCOUNTS || join(here, "..", "devnet-accounts.json")],
    "--from": ["from", from],
    ...extra,
  };
  const opts = Object.fromEntries(Object.values(flags));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      console.log(usage);
      process.exit(0);
    }
    if (!Object.hasOwn(flags, arg)) throw new Error(`unknown argument ${arg}`);
    if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`);
    opts[flags[arg][0]] = argv[++i];
  }
  return opts;
}

// The account named opts.from in the accounts file opts.accounts.
export function loadAccount(opts) {
  const accounts = JSON.parse(readFileSync(opts.accounts, "utf8")).accounts;
  const account = accounts.find((a) => a.name === opts.from);
  if (!account) throw new Error(`no account named ${opts.from} in ${opts.accounts}`);
  return account;
}

// A SigningStargateClient paying GAS_PRICE (for fee "auto").
export function connectSigner(rpc, wallet) {
  return SigningStargateClient.connectWithSigner(rpc, wallet, {
    gasPrice: GasPrice.fromString(GAS_PRICE),
    broadcastPollIntervalMs: 300,
    broadcastTimeoutMs: 60000,
  });
}

// Every check made, in order; a failed one is also reported on stderr.
export const checks = [];
export function check(name, expected, actual) {
  const ok = String(expected) === String(actual);
  checks.push({ name, ok, expected: String(expected), actual: String(actual) });
  if (!ok) console.error(`MISMATCH ${name}: expected ${expected}, got ${actual}`);
  return ok;
}
export function checkTrue(name, cond, detail = "") {
  checks.push({ name, ok: !!cond, detail: String(detail) });
  if (!cond) console.error(`FAILED ${name} ${detail}`);
  return !!cond;
}

// Adds the checks to `summary`, prints it as JSON and a count (after `label`) on stderr, and
// exits 0 when there were checks and all passed, 1 otherwise.
export function report(label, summary) {
  summary.checks = checks;
  summary.ok = checks.length > 0 && checks.every((c) => c.ok);
  console.log(toJson(summary));
  const failed = checks.filter((c) => !c.ok).length;
  console.error(`${label}: ${checks.length - failed} checks passed, ${failed} failed`);
  process.exit(summary.ok ? 0 : 1);
}

// Runs the async `main`; on an error prints it (after `label`) and the checks so far, and exits 2.
export function run(label, main) {
  main().catch((err) => {
    console.error(`${label}: error: ${err?.stack ?? err}`);
    if (checks.length) console.error(toJson({ ok: false, checks }));
    process.exit(2);
  });
}
