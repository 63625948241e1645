import { describe, expect, it } from "vitest";
import { open, openNumber, parseOpen } from "./format";
// @ts-expect-error: plain JS module shared with the end-to-end test
import { openNumber as e2eOpenNumber } from "../e2e/format.mjs";

describe("amounts", () => {
  it("formats aopen as OPEN", () => {
    expect(open("1234500000000000000")).toBe("1.2345 OPEN");
    expect(openNumber("1000000000000000000000000", 0)).toBe("1,000,000");
    expect(openNumber("1", 6)).toBe("0.00000…");
    expect(openNumber("0")).toBe("0");
    expect(openNumber(undefined)).toBe("0");
  });
  it("parses OPEN into aopen", () => {
    expect(parseOpen("1.5")).toBe(1500000000000000000n);
    expect(parseOpen("42")).toBe(42000000000000000000n);
    expect(() => parseOpen("-1")).toThrow();
    expect(() => parseOpen("1e3")).toThrow();
    expect(() => parseOpen("0.0000000000000000001")).toThrow();
  });
  it("the end-to-end test formats as the pages do", () => {
    for (const v of ["0", "1", "999999999999999999", "1000000000000000000", "123456789012345678901234", "2400000000000017"])
      for (const d of [0, 2, 6, 9, 18]) expect(e2eOpenNumber(v, d)).toBe(openNumber(v, d));
  });
});
