/**
 * The panel's pure data logic over recorded runs — no DOM, no chart library, so it runs (and is
 * unit-tested) in plain Node: thinning a series to what a chart can draw, moving means, the updates
 * per epoch of dataset runs, and the record shown at a playback position.
 */
import type { NumOrNull, TraceData } from '../core/protocol';

/** Points a chart series keeps at most (thinned beyond that). */
const MAX_POINTS = 700;

export type Point = { x: number; y: number | null };

/** Trailing moving mean over `window` records (nulls skipped); window ≤ 1 returns the input. */
export function movingMean(values: NumOrNull[], window: number): NumOrNull[] {
  if (window <= 1) return values;
  const out: NumOrNull[] = new Array(values.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      count++;
    }
    const j = i - window;
    if (j >= 0) {
      const w = values[j];
      if (w !== null && Number.isFinite(w)) {
        sum -= w;
        count--;
      }
    }
    out[i] = v === null ? null : count > 0 ? sum / count : null;
  }
  return out;
}

/** Keeps the first, last, and the min and max of each bucket (in step order). */
export function thin(steps: ArrayLike<number>, ys: NumOrNull[], max = MAX_POINTS): Point[] {
  const n = ys.length;
  if (n <= max) {
    const out: Point[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = { x: steps[i], y: ys[i] };
    return out;
  }
  const buckets = Math.floor(max / 2);
  const out: Point[] = [{ x: steps[0], y: ys[0] }];
  for (let b = 0; b < buckets; b++) {
    const a = 1 + Math.floor((b * (n - 2)) / buckets);
    const z = 1 + Math.floor(((b + 1) * (n - 2)) / buckets);
    let lo = -1;
    let hi = -1;
    let sawNull = -1;
    for (let i = a; i < z; i++) {
      const v = ys[i];
      if (v === null) {
        if (sawNull < 0) sawNull = i;
        continue;
      }
      if (lo < 0 || v < (ys[lo] as number)) lo = i;
      if (hi < 0 || v > (ys[hi] as number)) hi = i;
    }
    const picks = [lo, hi, sawNull].filter(i => i >= 0).sort((p, q) => p - q);
    for (const i of picks) if (out[out.length - 1].x !== steps[i] || out[out.length - 1].y !== ys[i]) out.push({ x: steps[i], y: ys[i] });
  }
  out.push({ x: steps[n - 1], y: ys[n - 1] });
  return out;
}

/**
 * Updates per epoch, from the runs' `epoch` arrays (epoch e covers steps (e−1)·S+1 … e·S; step 0 is
 * epoch 0): the smallest whole S consistent with every record, or `hint` (the config's
 * steps / epochs) when it is consistent too. Undefined when no run has epochs or none fits.
 */
export function inferStepsPerEpoch(traces: readonly TraceData[], hint?: number): number | undefined {
  let lower = 0;
  let upper = Infinity;
  let seen = false;
  for (const t of traces) {
    const ep = t.epoch;
    if (!ep || ep.length !== t.steps.length) continue;
    for (let k = 0; k < ep.length; k++) {
      const e = ep[k];
      const s = t.steps[k];
      if (!(e >= 1)) continue;
      seen = true;
      lower = Math.max(lower, s / e);
      if (e >= 2) upper = Math.min(upper, s / (e - 1));
    }
  }
  if (!seen) return undefined;
  const fits = (n: number) => Number.isInteger(n) && n >= 1 && n >= lower - 1e-9 && n < upper - 1e-9;
  if (hint !== undefined && fits(hint)) return hint;
  const n = Math.max(1, Math.ceil(lower - 1e-9));
  return fits(n) ? n : undefined;
}

/** Min of `lo` and max of `hi` per bucket, at shared x positions (so a fill between them is exact). */
export function thinBand(xs: ArrayLike<number>, lo: NumOrNull[], hi: NumOrNull[], max = MAX_POINTS): [Point[], Point[]] {
  const n = xs.length;
  const a: Point[] = [];
  const b: Point[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) {
      a.push({ x: xs[i], y: lo[i] });
      b.push({ x: xs[i], y: hi[i] });
    }
    return [a, b];
  }
  const buckets = Math.floor(max / 2);
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor((k * n) / buckets);
    const to = Math.floor(((k + 1) * n) / buckets);
    let l: number | null = null;
    let h: number | null = null;
    for (let i = from; i < to; i++) {
      const u = lo[i];
      const v = hi[i];
      if (u !== null && (l === null || u < l)) l = u;
      if (v !== null && (h === null || v > h)) h = v;
    }
    a.push({ x: xs[from], y: l });
    b.push({ x: xs[from], y: h });
  }
  a.push({ x: xs[n - 1], y: lo[n - 1] });
  b.push({ x: xs[n - 1], y: hi[n - 1] });
  return [a, b];
}

/** Index of the record shown at `position`: the last record whose step ≤ position (−1: none yet). */
export function recordAt(steps: ArrayLike<number>, position: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
