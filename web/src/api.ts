// Reads from the node's LCD REST gateway. The node serves this app from its REST address, so
// the gateway is the page's own origin unless `?rest=` (or the REST field in the wallet panel)
// names another; that choice is kept in localStorage.

const KEY = "openledger.rest";

export function restBase(): string {
  const q = new URLSearchParams(location.search).get("rest");
  if (q) localStorage.setItem(KEY, q.replace(/\/$/, ""));
  return localStorage.getItem(KEY) || location.origin;
}

export function setRestBase(url: string): void {
  if (url) localStorage.setItem(KEY, url.replace(/\/$/, ""));
  else localStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET a REST path (e.g. `/openledger/models/v1/models`), answered as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function get<T = any>(path: string, params: Record<string, string | number> = {}): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const res = await fetch(`${restBase()}${path}${qs ? "?" + qs : ""}`, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body?.message || `${res.status} ${res.statusText}`);
  return body as T;
}

/** GET that answers `fallback` on a 404 (an absent object) instead of throwing. */
export async function getOr<T>(path: string, fallback: T, params: Record<string, string | number> = {}): Promise<T> {
  try {
    return await get<T>(path, params);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return fallback;
    throw e;
  }
}

/** POST JSON to a REST path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function post<T = any>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${restBase()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const out = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, out?.message || `${res.status} ${res.statusText}`);
  return out as T;
}

/** Reads every page of a paginated list, up to `max` items (the dashboard's lists are bounded). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function list<T = any>(path: string, field: string, max = 500, params: Record<string, string | number> = {}): Promise<T[]> {
  const out: T[] = [];
  let key = "";
  for (let page = 0; page < 20 && out.length < max; page++) {
    const p: Record<string, string | number> = { ...params, "pagination.limit": 100 };
    if (key) p["pagination.key"] = key;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r: any = await get(path, p);
    out.push(...((r[field] as T[]) || []));
    key = r.pagination?.next_key || "";
    if (!key) break;
  }
  return out.slice(0, max);
}

/** GET of a route a node may not serve (a module newer than the node): `fallback` on any error. */
export async function optional<T>(path: string, fallback: T, params: Record<string, string | number> = {}): Promise<T> {
  try {
    return await get<T>(path, params);
  } catch {
    return fallback;
  }
}
