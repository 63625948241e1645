// The dashboard's display of aopen amounts (web/src/format.ts openNumber), for the end-to-end
// test to turn CLI figures into the text a page must show. src/format.test.ts keeps the two equal.
export function openNumber(aopen, digits = 6) {
  const v = BigInt(aopen || 0);
  const UNIT = 10n ** 18n;
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / UNIT;
  let frac = (a % UNIT).toString().padStart(18, "0").slice(0, digits).replace(/0+$/, "");
  if (frac === "" && a % UNIT !== 0n) frac = "0".repeat(Math.max(digits - 1, 0)) + "…";
  const w = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${w}${frac ? "." + frac : ""}`;
}
export const open = (aopen, digits = 6) => `${openNumber(aopen, digits)} OPEN`;
