/** The p-th percentile of samples sorted ascending (nearest rank), rounded to 0.01; NaN for none. p 50 is the median (the lower middle of an even count), p 100 the largest. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? NaN) * 100) / 100;
}
