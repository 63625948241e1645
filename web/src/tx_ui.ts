// A button that sends a transaction and shows its fee and result under it. The last result of
// each button (by test id) is shown again when the page is drawn anew after the transaction.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { h, toast } from "./ui";
import { describe, sendTx, wallet, type TxResult } from "./wallet";

interface Shown {
  text: string;
  ok: boolean;
  hash?: string;
  fee?: string;
}
const lastResult = new Map<string, Shown>();

/** The transactions sent from this page, oldest first (read by the browser test; handy in the console). */
const txLog: (Shown & { testid?: string })[] = [];
(window as unknown as { openledgerTxLog: typeof txLog }).openledgerTxLog = txLog;

function resultLine(r: Shown): HTMLElement {
  return h("span", { class: r.ok ? "" : "error", "data-status": r.ok ? "ok" : "failed", "data-hash": r.hash, "data-fee": r.fee }, r.text);
}

export function txButton(
  label: string,
  build: () => Promise<EncodeObject[]> | EncodeObject[],
  opts: { testid?: string; after?: (r: TxResult) => Promise<void> | void; secondary?: boolean } = {},
): HTMLElement {
  const out = h("div", { class: "txresult", "data-testid": opts.testid ? `${opts.testid}-result` : undefined });
  const prev = opts.testid ? lastResult.get(opts.testid) : undefined;
  if (prev) out.replaceChildren(resultLine(prev));
  const show = (r: Shown) => {
    txLog.push({ ...r, testid: opts.testid });
    if (opts.testid) lastResult.set(opts.testid, r);
    out.replaceChildren(resultLine(r));
  };
  const btn = h("button", { "data-testid": opts.testid, class: opts.secondary ? "secondary" : undefined }, label) as HTMLButtonElement;
  btn.addEventListener("click", async (ev) => {
    ev.preventDefault();
    if (!wallet()) {
      out.replaceChildren(h("span", { class: "error" }, "Connect a wallet first (header)."));
      return;
    }
    btn.disabled = true;
    out.replaceChildren(h("span", { class: "muted" }, "Simulating, signing and broadcasting…"));
    try {
      const r = await sendTx(await build());
      const text = describe(r);
      show({ text, ok: r.code === 0, hash: r.hash, fee: r.fee.toString() });
      toast(text, r.code === 0 ? "ok" : "bad");
      if (r.code === 0 && opts.after) await opts.after(r);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      show({ text: msg, ok: false });
      toast(msg, "bad");
    } finally {
      btn.disabled = false;
    }
  });
  return h("span", {}, btn, out);
}
