// What the browser can check about a receipt, given the output text (kept local) and the spans
// the operator gateway returned with it (docs/attribution-engine.md):
//   - the output hash: sha256 of the output's UTF-8 bytes (docs/operator-gateway.md)
//   - the evidence hash: sha256 over the engine version, min_span and the spans
//   - the entries: each contribution's score is the sum of its spans' lengths, apportioned to
//     1,000,000 ppm by the largest-remainder method, at most max_entries
//   - the spans themselves lie on the normalised (NFC) output, disjoint and in order
// Whether the spans are the longest matches in the corpus needs the corpus: the node
// recomputes that for a challenge (MsgChallengeReceipt), the CLI with `openledger attribute verify`.

export interface Span {
  start: number;
  len: number;
  contribution_id: number;
  source_offset: number;
}

export interface Entry {
  contribution_id: number;
  score: number;
  weight_ppm: number;
}

const TAG = new TextEncoder().encode("openledger/attribution-evidence/v1");
const T = 1_000_000n;

export function normalise(output: string): Uint8Array {
  return new TextEncoder().encode(output.normalize("NFC"));
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
}

/** The evidence pre-image of docs/attribution-engine.md. */
export function evidencePreimage(engineVersion: number, minSpan: number, spans: Span[]): Uint8Array {
  const out = new Uint8Array(TAG.length + 4 + 4 + 8 + spans.length * 32);
  out.set(TAG, 0);
  const v = new DataView(out.buffer);
  let o = TAG.length;
  v.setUint32(o, engineVersion);
  v.setUint32(o + 4, minSpan);
  v.setBigUint64(o + 8, BigInt(spans.length));
  o += 16;
  for (const s of spans) {
    for (const x of [s.start, s.len, s.contribution_id, s.source_offset]) {
      v.setBigUint64(o, BigInt(x));
      o += 8;
    }
  }
  return out;
}

export async function evidenceHash(engineVersion: number, minSpan: number, spans: Span[]): Promise<Uint8Array> {
  return sha256(evidencePreimage(engineVersion, minSpan, spans));
}

/** Largest-remainder apportionment of span scores to ppm weights (the engine's apportion_ppm). */
export function apportion(spans: Span[], maxEntries: number): Entry[] {
  const scores = new Map<number, bigint>();
  for (const s of spans) scores.set(s.contribution_id, (scores.get(s.contribution_id) ?? 0n) + BigInt(s.len));
  const kept = [...scores.entries()]
    .filter(([, sc]) => sc > 0n)
    .sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : a[1] > b[1] ? -1 : 1))
    .slice(0, Math.max(0, maxEntries));
  const S = kept.reduce((acc, [, sc]) => acc + sc, 0n);
  if (S === 0n) return [];
  const rows = kept.map(([id, sc]) => ({ id, sc, q: (T * sc) / S, r: (T * sc) % S }));
  let R = T - rows.reduce((a, x) => a + x.q, 0n);
  const byRemainder = [...rows].sort((a, b) => (a.r === b.r ? a.id - b.id : a.r > b.r ? -1 : 1));
  for (const row of byRemainder) {
    if (R === 0n) break;
    row.q += 1n;
    R -= 1n;
  }
  return rows
    .filter((x) => x.q > 0n)
    .map((x) => ({ contribution_id: x.id, score: Number(x.sc), weight_ppm: Number(x.q) }))
    .sort((a, b) => a.contribution_id - b.contribution_id);
}

/** Spans that do not lie on the output in order and without overlap, as messages. */
export function spanProblems(out: Uint8Array, spans: Span[]): string[] {
  const problems: string[] = [];
  let end = 0;
  const boundary = (k: number) => k === out.length || (k < out.length && (out[k] & 0xc0) !== 0x80);
  spans.forEach((s, i) => {
    if (s.len <= 0) problems.push(`span ${i + 1} is empty`);
    if (s.start < end) problems.push(`span ${i + 1} overlaps the one before`);
    if (s.start + s.len > out.length) problems.push(`span ${i + 1} ends past the output (${out.length} bytes)`);
    else if (!boundary(s.start) || !boundary(s.start + s.len)) problems.push(`span ${i + 1} cuts a character`);
    end = s.start + s.len;
  });
  return problems;
}

export interface Piece {
  text: string;
  contribution_id?: number;
}

/** The output cut into plain and attributed pieces (offsets are bytes of the NFC output). */
export function highlight(output: string, spans: Span[]): Piece[] {
  const bytes = normalise(output);
  const dec = new TextDecoder();
  const pieces: Piece[] = [];
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at || s.start + s.len > bytes.length) continue;
    if (s.start > at) pieces.push({ text: dec.decode(bytes.subarray(at, s.start)) });
    pieces.push({ text: dec.decode(bytes.subarray(s.start, s.start + s.len)), contribution_id: s.contribution_id });
    at = s.start + s.len;
  }
  if (at < bytes.length) pieces.push({ text: dec.decode(bytes.subarray(at)) });
  return pieces;
}

/** Spans as the gateway's `openledger.spans` (or a bare array, or `{spans: [...]}`) in pasted JSON. */
export function parseSpans(text: string): Span[] {
  const t = text.trim();
  if (!t) return [];
  const v = JSON.parse(t);
  const arr = Array.isArray(v) ? v : (v?.openledger?.spans ?? v?.spans);
  if (!Array.isArray(arr)) throw new Error("no spans in this JSON (expected the gateway's openledger.spans)");
  return arr.map((s: Record<string, unknown>) => {
    const span = {
      start: Number(s.start),
      len: Number(s.len),
      contribution_id: Number(s.contribution_id),
      source_offset: Number(s.source_offset ?? 0),
    };
    if (Object.values(span).some((x) => !Number.isSafeInteger(x) || x < 0)) throw new Error("a span field is not a non-negative integer");
    return span;
  });
}

/** The output text from a pasted gateway response (chat or completion), if it is one. */
export function outputFromResponse(text: string): string | undefined {
  try {
    const v = JSON.parse(text);
    return v?.choices?.[0]?.message?.content ?? v?.choices?.[0]?.text;
  } catch {
    return undefined;
  }
}
