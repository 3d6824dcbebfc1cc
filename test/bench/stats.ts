/** Small statistics helpers for the benchmark (no dependencies). */

export function median(values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function round(value: number | null | undefined, digits = 1): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function fmt(value: number | null | undefined, unit = '', digits = 1): string {
  const r = round(value, digits);
  return r === null ? 'n/a' : `${r}${unit}`;
}

export function ratio(a: number | null, b: number | null): string {
  if (a === null || b === null) return 'n/a';
  if (Math.abs(a) < 1e-9) return Math.abs(b) < 1e-9 ? '1×' : '∞ (ours ≈ 0)';
  return `${round(b / a, 1)}×`;
}
