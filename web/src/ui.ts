// A few DOM helpers: no framework, each page renders into <main> with these.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v as EventListener);
    else if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A labelled figure; `id` becomes data-testid so tests can read it. */
export function stat(label: string, value: Child, id?: string): HTMLElement {
  return h("div", { class: "card stat" }, h("div", { class: "label" }, label), h("div", { class: "value", "data-testid": id }, value));
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Child | Child[];
  num?: boolean;
  id?: string; // data-testid of the cells: `${id}-${rowKey}`
}

export function table<T>(rows: T[], cols: Column<T>[], opts: { empty?: string; key?: (r: T) => string | number; testid?: string } = {}): HTMLElement {
  if (rows.length === 0) return h("p", { class: "muted", "data-testid": opts.testid ? `${opts.testid}-empty` : undefined }, opts.empty ?? "Nothing yet.");
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { "data-testid": opts.testid },
      h("thead", {}, h("tr", {}, cols.map((c) => h("th", { class: c.num ? "num" : undefined }, c.title)))),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { "data-key": opts.key ? String(opts.key(r)) : undefined },
            cols.map((c) => h("td", { class: c.num ? "num" : undefined, "data-testid": c.id && opts.key ? `${c.id}-${opts.key(r)}` : undefined }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

export function badge(text: string, kind: "ok" | "bad" | "warn" | "" = ""): HTMLElement {
  return h("span", { class: `badge ${kind}` }, text);
}

export function loading(): HTMLElement {
  return h("p", { class: "muted" }, "Loading…");
}

export function errorBox(e: unknown): HTMLElement {
  return h("p", { class: "error", "data-testid": "error" }, `Could not load: ${e instanceof Error ? e.message : String(e)}`);
}

export function toast(text: string, kind: "ok" | "bad" | "" = ""): void {
  const t = h("div", { class: `toast ${kind}` }, text);
  document.getElementById("toasts")?.append(t);
  setTimeout(() => t.remove(), 8000);
}

/**
 * A time-series plot (uPlot). `xs` are unix seconds; each series a name and its values.
 * Placed after the element is attached, so it can size itself to its container.
 */
export function chart(title: string, xs: number[], series: { label: string; values: number[]; color?: string }[], testid?: string): HTMLElement {
  const box = h("div", { class: "card" }, h("h2", {}, title));
  const area = h("div", { class: "chart", "data-testid": testid, "data-points": xs.length });
  box.append(area);
  if (xs.length === 0) {
    area.append(h("p", { class: "muted" }, "No data yet."));
    return box;
  }
  const palette = ["#2454d6", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#1098ad"];
  requestAnimationFrame(() => {
    const width = Math.max(area.clientWidth || 320, 260);
    new uPlot(
      {
        width,
        height: 200,
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: s.color ?? palette[i % palette.length], width: 2, points: { show: xs.length < 40 } }))],
        axes: [{}, { size: 72, values: (_u: uPlot, vals: number[]) => vals.map((v) => (v == null ? "" : String(+v.toPrecision(3)))) }],
        scales: { x: { time: true } },
      },
      [xs, ...series.map((s) => s.values)],
      area,
    );
  });
  return box;
}

export function link(href: string, text: Child): HTMLElement {
  return h("a", { href }, text);
}

/** Distinct colours for contribution ids in highlights. */
export function colourFor(i: number): string {
  const hues = [48, 200, 120, 330, 270, 20, 170, 90];
  return `hsl(${hues[i % hues.length]} 85% 78%)`;
}
