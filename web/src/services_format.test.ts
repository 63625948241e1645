import { describe, expect, it } from "vitest";
import { bps, enumText, metricsText } from "./services_format";

describe("services formatting", () => {
  it("cuts the enum prefix", () => {
    expect(enumText("JOB_STATUS_DELIVERED", "JOB_STATUS_")).toBe("delivered");
    expect(enumText("ROUND_STATUS_SETTLED", "ROUND_STATUS_")).toBe("settled");
    expect(enumText(undefined as unknown as string, "X_")).toBe("");
  });
  it("lists metrics as name=value", () => {
    expect(metricsText([{ name: "eval_accuracy_bps", value: "8750" }, { name: "loss", value: 12 }])).toBe("eval_accuracy_bps=8750, loss=12");
    expect(metricsText(undefined)).toBe("");
  });
  it("shows basis points as a percentage", () => {
    expect(bps(8750)).toBe("87.50%");
    expect(bps("133")).toBe("1.33%");
    expect(bps(undefined)).toBe("0.00%");
  });
});
