// A button that sends a transaction and shows its fee and result under it.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { h, toast } from "./ui";
import { describe, sendTx, wallet, type TxResult } from "./wallet";

export function txButton(
  label: string,
  build: () => Promise<EncodeObject[]> | EncodeObject[],
  opts: { testid?: string; after?: (r: TxResult) => Promise<void> | void; secondary?: boolean } = {},
): HTMLElement {
  const out = h("div", { class: "txresult", "data-testid": opts.testid ? `${opts.testid}-result` : undefined });
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
      out.replaceChildren(h("span", { class: r.code === 0 ? "" : "error", "data-status": r.code === 0 ? "ok" : "failed", "data-hash": r.hash, "data-fee": r.fee.toString() }, text));
      toast(text, r.code === 0 ? "ok" : "bad");
      if (r.code === 0 && opts.after) await opts.after(r);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      out.replaceChildren(h("span", { class: "error", "data-status": "failed" }, msg));
      toast(msg, "bad");
    } finally {
      btn.disabled = false;
    }
  });
  return h("span", {}, btn, out);
}
