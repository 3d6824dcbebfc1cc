/**
 * The 10,000-row page loads in one of two kinds, with or without any extension: usually
 * DOMContentLoaded comes at about 1.3-1.9 s here; now and then at 3-5 s, with the load event right
 * behind it and fewer, longer animation frames (the parse ran in long stretches without frames;
 * one load without extension showed a single long animation frame of 3.3 s). In a bench run with 5 loads per variant,
 * each variant gets 0-2 of the slow kind, and a median of paired differences then moves by
 * ±2 s. So the page figures also compare the usual loads only, and say how many loads of each
 * variant were of the slow kind (an extension that caused them would show up there).
 */

import { median } from './stats';

export interface LoadTiming {
  dcl: number;
  load: number;
}

/** A load is of the slow kind when its DOMContentLoaded came after 1.5× the median of all loads of the run. */
export function slowThreshold(all: readonly LoadTiming[]): number {
  return 1.5 * (median(all.map((l) => l.dcl)) ?? Infinity);
}

export interface SameKindDelay {
  /** Median of the variant's usual loads minus median of the baseline's (null: none on one side). */
  delayMs: number | null;
  variantLoads: number;
  baselineLoads: number;
}

/** `pick` over the usual loads (DOMContentLoaded by `threshold`): variant median − baseline median. */
export function sameKindDelay(variant: readonly LoadTiming[], baseline: readonly LoadTiming[], pick: (l: LoadTiming) => number, threshold: number): SameKindDelay {
  const usual = (loads: readonly LoadTiming[]) => loads.filter((l) => l.dcl <= threshold).map(pick);
  const v = usual(variant);
  const b = usual(baseline);
  const mv = median(v);
  const mb = median(b);
  return { delayMs: mv === null || mb === null ? null : mv - mb, variantLoads: v.length, baselineLoads: b.length };
}
