// Formatting of the AI-services page's figures (kept apart from the page so tests need no DOM).

/** "JOB_STATUS_OPEN", "JOB_STATUS_" -> "open" */
export const enumText = (s: string, prefix: string) => String(s ?? "").replace(prefix, "").toLowerCase();

/** "eval_accuracy_bps=8750, loss=12" */
export function metricsText(metrics: { name: string; value: string | number }[] | undefined): string {
  return (metrics ?? []).map((m) => `${m.name}=${m.value}`).join(", ");
}

/** Basis points (0..=10000) as a percentage with two decimals: 8750 -> "87.50%". */
export function bps(v: number | string | undefined): string {
  const n = Number(v ?? 0);
  return `${(n / 100).toFixed(2)}%`;
}

