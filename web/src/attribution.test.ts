import { describe, expect, it } from "vitest";
import { apportion, evidenceHash, highlight, parseSpans, spanProblems, normalise } from "./attribution";
import { bytesToHex } from "./format";

const v01 = [
  { start: 6, len: 20, contribution_id: 1, source_offset: 0 },
  { start: 33, len: 17, contribution_id: 2, source_offset: 0 },
];
const out01 = "I saw the quick brown fox today; a lazy dog sleeps.";

describe("attribution checks (docs/attribution-engine.md vectors)", () => {
  it("evidence hash of vector 01", async () => {
    expect(bytesToHex(await evidenceHash(1, 8, v01))).toBe("884260fa36e6bbe949779ea111ff6a8bd8602569c61b1ffc3cc38ceb52e6eedd");
  });
  it("evidence hash with no span (vector 05)", async () => {
    expect(bytesToHex(await evidenceHash(1, 15, []))).toBe("6bb75ea299b8e0148b83686e260e60c4ec950935357d3682ebf0deef1f5bdd54");
  });
  it("apportions vector 01", () => {
    expect(apportion(v01, 16)).toEqual([
      { contribution_id: 1, score: 20, weight_ppm: 540541 },
      { contribution_id: 2, score: 17, weight_ppm: 459459 },
    ]);
  });
  it("apportions vector 02 (nfc)", () => {
    const spans = [
      { start: 4, len: 12, contribution_id: 30, source_offset: 1 },
      { start: 18, len: 5, contribution_id: 31, source_offset: 0 },
    ];
    expect(apportion(spans, 16).map((e) => e.weight_ppm)).toEqual([705882, 294118]);
    const pieces = highlight("un caf\u00e9 au lait, l'\u00e9t\u00e8", spans);
    expect(pieces.filter((p) => p.contribution_id).map((p) => p.text)).toEqual(["afé au lait", "l'ét"]);
  });
  it("keeps max_entries and sums to a million", () => {
    const spans = [1, 2, 3].map((id) => ({ start: id * 10, len: 3, contribution_id: id, source_offset: 0 }));
    const e = apportion(spans, 2);
    expect(e.map((x) => x.contribution_id)).toEqual([1, 2]);
    expect(e.reduce((a, x) => a + x.weight_ppm, 0)).toBe(1_000_000);
    expect(apportion(spans, 0)).toEqual([]);
  });
  it("highlights vector 01", () => {
    const p = highlight(out01, v01);
    expect(p.map((x) => [x.text, x.contribution_id])).toEqual([
      ["I saw ", undefined],
      ["the quick brown fox ", 1],
      ["today; ", undefined],
      ["a lazy dog sleeps", 2],
      [".", undefined],
    ]);
  });
  it("finds spans off the output", () => {
    expect(spanProblems(normalise(out01), v01)).toEqual([]);
    expect(spanProblems(normalise("short"), v01).length).toBeGreaterThan(0);
    expect(spanProblems(normalise(out01), [v01[1], v01[0]])).toContain("span 2 overlaps the one before");
    expect(spanProblems(normalise("\u00e9t\u00e9"), [{ start: 1, len: 2, contribution_id: 1, source_offset: 0 }])).toContain("span 1 cuts a character");
  });
  it("parses the gateway's openledger field", () => {
    expect(parseSpans(JSON.stringify({ openledger: { spans: v01 } }))).toEqual(v01);
    expect(() => parseSpans('{"x":1}')).toThrow();
    expect(() => parseSpans('[{"start":-1,"len":1,"contribution_id":1}]')).toThrow();
  });
});
