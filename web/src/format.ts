// Amounts are decimal strings in aopen (10^-18 OPEN); they are kept as bigint, never floats,
// except to place points on a plot.

export const DENOM = "aopen";
export const DECIMALS = 18n;
const UNIT = 10n ** DECIMALS;

/** "1234500000000000000" -> "1.2345 OPEN" (up to `digits` fraction digits, trailing zeros cut). */
export function open(aopen: string | bigint | undefined, digits = 6): string {
  return `${openNumber(aopen, digits)} OPEN`;
}

export function openNumber(aopen: string | bigint | undefined, digits = 6): string {
  const v = toBig(aopen);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / UNIT;
  let frac = (a % UNIT).toString().padStart(Number(DECIMALS), "0").slice(0, digits).replace(/0+$/, "");
  if (frac === "" && a % UNIT !== 0n) frac = "0".repeat(Math.max(digits - 1, 0)) + "…";
  const w = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${w}${frac ? "." + frac : ""}`;
}

/** "1.5" OPEN -> 1500000000000000000n aopen; throws on anything but a non-negative decimal. */
export function parseOpen(text: string): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(t)) throw new Error("amount must be a decimal number of OPEN with at most 18 decimals");
  const [w, f = ""] = t.split(".");
  return BigInt(w) * UNIT + BigInt(f.padEnd(18, "0"));
}

export function toBig(v: string | bigint | number | undefined | null): bigint {
  if (typeof v === "bigint") return v;
  if (v === undefined || v === null || v === "") return 0n;
  try {
    return BigInt(v);
  } catch {
    return 0n;
  }
}

/** aopen as a float number of OPEN, for plots only. */
export function openFloat(aopen: string | bigint): number {
  const v = toBig(aopen);
  return Number(v / 10n ** 12n) / 1e6;
}

export function ppm(w: number | string): string {
  const n = Number(w);
  return `${(n / 10000).toFixed(2)}%`;
}

export function short(addr: string, keep = 10): string {
  return addr.length > keep * 2 + 3 ? `${addr.slice(0, keep)}…${addr.slice(-6)}` : addr;
}

export function b64ToHex(b64: string | undefined): string {
  if (!b64) return "";
  const bin = atob(b64);
  let out = "";
  for (let i = 0; i < bin.length; i++) out += bin.charCodeAt(i).toString(16).padStart(2, "0");
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  const h = hex.trim().toLowerCase();
  if (!/^([0-9a-f]{2})*$/.test(h)) throw new Error("not hex");
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export function bytesToB64(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

export function when(t: string | undefined): string {
  if (!t) return "";
  return t.replace("T", " ").replace(/\.\d+Z$/, "Z");
}
