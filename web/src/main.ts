// The dashboard: a hash router over the pages, and the wallet panel in the header.
import "./style.css";
import { restBase } from "./api";
import { h, errorBox, loading } from "./ui";
import { chainId, connectDev, connectKeplr, devAccounts, disconnect, onWalletChange, wallet } from "./wallet";
import { short } from "./format";
import { overview } from "./pages/overview";
import { datanetsPage, datanetPage } from "./pages/datanets";
import { modelsPage, modelPage } from "./pages/models";
import { receiptsPage, receiptPage } from "./pages/receipts";
import { contributorPage } from "./pages/contributor";
import { operatorsPage, operatorPage } from "./pages/operators";
import { governancePage } from "./pages/governance";
import { servicesPage, jobPage, roundPage } from "./pages/services";

type Page = (args: string[]) => Promise<HTMLElement>;

const routes: [RegExp, Page][] = [
  [/^\/?$/, overview],
  [/^\/datanets\/?$/, datanetsPage],
  [/^\/datanets\/(\d+)$/, datanetPage],
  [/^\/models\/?$/, modelsPage],
  [/^\/models\/(\d+)$/, modelPage],
  [/^\/receipts\/?$/, receiptsPage],
  [/^\/receipts\/(\d+)$/, receiptPage],
  [/^\/contributor\/?$/, contributorPage],
  [/^\/contributor\/(open1[0-9a-z]+)$/, contributorPage],
  [/^\/operators\/?$/, operatorsPage],
  [/^\/operators\/(open1[0-9a-z]+)$/, operatorPage],
  [/^\/governance\/?$/, governancePage],
  [/^\/services\/?$/, servicesPage],
  [/^\/services\/jobs\/(\d+)$/, jobPage],
  [/^\/services\/rounds\/(\d+)$/, roundPage],
];

const app = document.getElementById("app") as HTMLElement;
let renderSeq = 0;

async function render(): Promise<void> {
  const seq = ++renderSeq;
  // data-busy: a render is under way (tests wait for it to clear before acting on the page)
  app.setAttribute("data-busy", "1");
  const path = decodeURIComponent(location.hash.replace(/^#/, "").split("?")[0] || "/");
  document.querySelectorAll("nav a").forEach((a) => {
    const href = (a as HTMLAnchorElement).getAttribute("href")!.slice(1);
    a.classList.toggle("active", href === "/" ? path === "/" : path.startsWith(href));
  });
  document.getElementById("nav")?.classList.remove("open");
  app.replaceChildren(loading());
  let el: HTMLElement;
  try {
    const hit = routes.find(([re]) => re.test(path));
    el = hit ? await hit[1](path.match(hit[0])!.slice(1)) : h("p", {}, "No such page.");
  } catch (e) {
    el = errorBox(e);
  }
  if (seq !== renderSeq) return; // a newer navigation won
  el.setAttribute("data-page", path);
  app.replaceChildren(el);
  app.setAttribute("data-ready", String(seq));
  app.removeAttribute("data-busy");
}

export function rerender(): void {
  void render();
}

async function walletPanel(): Promise<void> {
  const box = document.getElementById("wallet") as HTMLElement;
  const w = wallet();
  if (w) {
    box.replaceChildren(
      w.kind === "dev" ? h("span", { class: "dev", title: "A public development key: never use it for anything of value" }, "DEV KEY") : h("span", {}, "Keplr"),
      h("a", { href: `#/contributor/${w.address}`, "data-testid": "wallet-address", title: w.address }, w.kind === "dev" ? `${w.name} ${short(w.address, 8)}` : short(w.address, 8)),
      h("button", { class: "secondary", onclick: () => disconnect() }, "Disconnect"),
    );
    return;
  }
  const keplrBtn = h(
    "button",
    {
      "data-testid": "connect-keplr",
      onclick: async () => {
        try {
          const rpc = (localStorage.getItem("openledger.rpc") || restBase().replace(/:\d+$/, ":26657"));
          await connectKeplr(restBase(), rpc);
        } catch (e) {
          alert(e instanceof Error ? e.message : String(e));
        }
      },
    },
    "Connect Keplr",
  );
  box.replaceChildren(keplrBtn);
  const devs = await devAccounts().catch(() => []);
  if (devs.length && !wallet()) {
    const sel = h("select", { "data-testid": "dev-account", "aria-label": "development account" }, h("option", { value: "" }, "Development key…"), devs.map((a) => h("option", { value: a.name }, a.name)));
    sel.addEventListener("change", () => {
      const a = devs.find((d) => d.name === (sel as HTMLSelectElement).value);
      if (a) void connectDev(a);
    });
    box.append(h("span", { class: "dev", title: "Devnet only: public development keys" }, "DEVNET"), sel);
  }
}

onWalletChange(() => {
  void walletPanel();
  void render();
});
window.addEventListener("hashchange", () => void render());
document.getElementById("menu")?.addEventListener("click", () => document.getElementById("nav")?.classList.toggle("open"));
void chainId().then((id) => (document.title = `OpenLedger · ${id}`)).catch(() => undefined);
void walletPanel();
void render();
