/**
 * Thinning a run's records to what the panel can draw, and putting detail back where it is asked
 * for. Pure and DOM-free: the extension host thins before it posts a model (and the CLI before it
 * writes a report); the webview merges the finer records it asks for on zoom or scrub.
 *
 * A record is kept when any drawing needs it:
 *  - the map: the path as a polyline in pixels (the surface's ranges spread over `pixels` device
 *    pixels), simplified so that no dropped record lies farther than `tolerance` pixels from the
 *    drawn segments (Douglas–Peucker on chunks of at most CHUNK records, so the work stays linear);
 *    with one variable the "path" is (x, loss) on the curve;
 *  - the charts: for every series (loss, its mean and band over seeds, the scheduled learning rate,
 *    the effective learning rate and |Δx| per parameter), the first, last, smallest and largest
 *    record of each of `columns` step columns (min and max are kept whatever monotone scale the
 *    chart uses, so a log axis draws the same envelope);
 *  - the first and last records, the ends of every stretch of non-finite values, epoch changes;
 *  - a rule's second point (`extraPath`, e.g. ASGD's average) is simplified on the map like the path;
 *    it and the evaluation counts are kept for exactly the records the path keeps.
 */
import type { NumOrNull, PanelModel, SurfaceData, TraceRecords } from './protocol';

export type { TraceRecords };

export type Range = [number, number];

/** What the records are thinned for. */
export interface ThinTarget {
  /** The map's axes: two variables over ranges, or the curve of a one-variable objective. */
  map?: { kind: 'grid'; xVar: number; yVar: number; x: Range; y: Range } | { kind: 'curve'; x: Range };
  /** Device pixels across each map axis. */
  pixels: number;
  /** Step columns across the charts. */
  columns: number;
  /** Largest distance, in pixels, of a dropped record from the drawn path (default 0.5). */
  tolerance?: number;
  /** Only the records with from ≤ step ≤ to (default: all). */
  from?: number;
  to?: number;
}

/**
 * Defaults for the panel and the report: the map as if it were 2,048 device pixels wide and high
 * (finer than a panel), the charts in 512 step columns (the webview's charts draw at most 350
 * min/max buckets per series, src/webview/series.ts).
 */
export const MAP_PIXELS = 2048;
export const CHART_COLUMNS = 512;
/** Douglas–Peucker works on stretches of at most this many records (their ends are kept). */
const CHUNK = 256;

const finite = (v: NumOrNull | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Index of the first record with step ≥ s (binary search on the increasing steps). */
function lowerBound(steps: ArrayLike<number>, s: number): number {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Step column of each record of [a, b) over `columns` columns spanning their steps. */
export function stepColumns(steps: ArrayLike<number>, a: number, b: number, columns: number): Int32Array {
  const out = new Int32Array(Math.max(0, b - a));
  if (b <= a) return out;
  const s0 = steps[a];
  const scale = columns / Math.max(1, steps[b - 1] - s0);
  for (let i = a; i < b; i++) out[i - a] = Math.min(columns - 1, Math.floor((steps[i] - s0) * scale));
  return out;
}

/**
 * Marks, in `keep`, the first, last, min and max record of each column (`cols[i − a]`) of the
 * values ys[i·stride + offset] over the records [a, b) (null or non-finite: not finite; `abs`:
 * their absolute values), plus both sides of every change between finite and non-finite.
 */
export function markColumns(ys: ArrayLike<NumOrNull>, stride: number, offset: number, abs: boolean, cols: Int32Array, a: number, b: number, keep: Uint8Array): void {
  if (b <= a) return;
  let col = -1;
  let lo = -1;
  let hi = -1;
  let loV = 0;
  let hiV = 0;
  let prevFinite = true;
  // i = b closes the last column like a change of column (nothing follows the loop: see `farthest`)
  for (let i = a; i <= b; i++) {
    const c = i < b ? cols[i - a] : -1;
    if (c !== col) {
      if (lo >= 0) keep[lo] = keep[hi] = 1;
      if (i > a) keep[i - 1] = 1; // last of the previous column
      if (i === b) break;
      col = c;
      lo = hi = -1;
      keep[i] = 1; // first of its column
    }
    const raw = ys[i * stride + offset];
    // |raw| without Math.abs (not yet called when the first calls are optimized); −0 stays −0, equal to 0 in every comparison here
    const v = raw === null ? NaN : abs && raw < 0 ? -raw : raw;
    const isFinite = v - v === 0;
    if (isFinite !== prevFinite && i > a) keep[i] = keep[i - 1] = 1;
    prevFinite = isFinite;
    if (!isFinite) continue;
    if (lo < 0 || v < loV) {
      lo = i;
      loV = v;
    }
    if (hi < 0 || v > hiV) {
      hi = i;
      hiV = v;
    }
  }
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/**
 * The record of p < k < q farthest from the segment p–q, if its squared distance exceeds tol2;
 * −1 otherwise. (The loops that run over many records are small functions that end with their
 * loop: V8 optimizes a loop while it runs, and code after it that has never run would send the
 * optimized code back — on a fresh host, the first thinning would pay for that every time.)
 */
function farthest(xs: ArrayLike<number>, ys: ArrayLike<number>, p: number, q: number, tol2: number): number {
  const ax = xs[p];
  const ay = ys[p];
  const bx = xs[q];
  const by = ys[q];
  let worst = -1;
  let worstD = tol2;
  for (let k = p + 1; k < q; k++) {
    const d = segmentDistance2(xs[k], ys[k], ax, ay, bx, by);
    if (d > worstD) {
      worstD = d;
      worst = k;
    }
  }
  return worst;
}

/**
 * Marks, in `keep`, the records [a, b) of the polyline (xs[i], ys[i]) (pixels) that a drawing
 * within `tolerance` pixels needs: the ends of every finite stretch and of every CHUNK, and the
 * records Douglas–Peucker keeps in between.
 */
export function markPolyline(xs: ArrayLike<number>, ys: ArrayLike<number>, a: number, b: number, tolerance: number, keep: Uint8Array): void {
  const tol2 = tolerance * tolerance;
  const stack: number[] = [];
  let i = a;
  while (i < b) {
    // a finite stretch [s, e]
    while (i < b && !(Number.isFinite(xs[i]) && Number.isFinite(ys[i]))) keep[i++] = 1;
    if (i >= b) break;
    const s = i;
    while (i + 1 < b && Number.isFinite(xs[i + 1]) && Number.isFinite(ys[i + 1])) i++;
    const e = i;
    i++;
    for (let c = s; c <= e; c += CHUNK) {
      const ce = Math.min(e, c + CHUNK);
      keep[c] = 1;
      keep[ce] = 1;
      stack.push(c, ce);
      while (stack.length) {
        const q = stack.pop() as number;
        const p = stack.pop() as number;
        const worst = farthest(xs, ys, p, q, tol2);
        if (worst >= 0) {
          keep[worst] = 1;
          stack.push(p, worst, worst, q);
        }
      }
    }
  }
}

/** Indices (increasing) of the records of `t` that `target` needs; see the header. */
export function thinIndices(t: TraceRecords & { dim: number }, target: ThinTarget): number[] {
  const steps = t.steps;
  const a = target.from === undefined ? 0 : lowerBound(steps, target.from);
  const b = target.to === undefined ? steps.length : lowerBound(steps, target.to + 1);
  if (b <= a) return [];
  const keep = new Uint8Array(steps.length);
  keep[a] = 1;
  keep[b - 1] = 1;
  const dim = t.dim;
  const cols = stepColumns(steps, a, b, Math.max(1, Math.floor(target.columns)));
  markColumns(t.loss, 1, 0, false, cols, a, b, keep);
  markColumns(t.lr, 1, 0, false, cols, a, b, keep);
  if (t.lossMean) markColumns(t.lossMean, 1, 0, false, cols, a, b, keep);
  if (t.lossBand) {
    markColumns(t.lossBand.lo, 1, 0, false, cols, a, b, keep);
    markColumns(t.lossBand.hi, 1, 0, false, cols, a, b, keep);
  }
  for (let d = 0; d < dim; d++) {
    markColumns(t.effectiveLr, dim, d, false, cols, a, b, keep);
    markColumns(t.delta, dim, d, true, cols, a, b, keep);
  }
  if (t.epoch) markEpochs(t.epoch, a, b, keep);
  const map = target.map;
  if (map) {
    const n = b - a;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const tolerance = target.tolerance ?? 0.5;
    if (map.kind === 'grid') {
      const sx = target.pixels / (map.x[1] - map.x[0]);
      const sy = target.pixels / (map.y[1] - map.y[0]);
      toPixels(t.path, dim, map.xVar, a, b, map.x[0], sx, xs);
      toPixels(t.path, dim, map.yVar, a, b, map.y[0], sy, ys);
      const extra = t.extraPath;
      if (extra && extra.length === t.path.length) {
        const ex = new Float64Array(n);
        const ey = new Float64Array(n);
        toPixels(extra, dim, map.xVar, a, b, map.x[0], sx, ex);
        toPixels(extra, dim, map.yVar, a, b, map.y[0], sy, ey);
        const sub = new Uint8Array(n);
        markPolyline(ex, ey, 0, n, tolerance, sub);
        markFrom(sub, a, keep);
      }
    } else {
      // the curve's vertical range is the loss's own over these records
      const lo = finiteExtreme(t.loss, a, b, -1);
      const hi = finiteExtreme(t.loss, a, b, 1);
      const sx = target.pixels / (map.x[1] - map.x[0]);
      const sy = hi > lo ? target.pixels / (hi - lo) : 1;
      toPixels(t.path, dim, 0, a, b, map.x[0], sx, xs);
      toPixels(t.loss, 1, 0, a, b, lo, sy, ys);
    }
    const sub = new Uint8Array(n);
    markPolyline(xs, ys, 0, n, tolerance, sub);
    markFrom(sub, a, keep);
  }
  return keptIndices(keep, a, b);
}

// The loops over the records live in small functions that end with their loop (see `farthest`).

/** Both sides of every change of epoch among the records [a, b). */
function markEpochs(epoch: ArrayLike<number>, a: number, b: number, keep: Uint8Array): void {
  for (let i = a + 1; i < b; i++) if (epoch[i] !== epoch[i - 1]) keep[i] = keep[i - 1] = 1;
}

/** out[i − a] = (values[i·stride + offset] − lo)·scale for the records [a, b); NaN for null. */
function toPixels(values: ArrayLike<NumOrNull>, stride: number, offset: number, a: number, b: number, lo: number, scale: number, out: Float64Array): void {
  for (let i = a; i < b; i++) {
    const v = values[i * stride + offset];
    out[i - a] = v === null ? NaN : (v - lo) * scale;
  }
}

/** The smallest (sign −1) or largest (sign 1) finite value of the records [a, b); ∓Infinity without one. */
function finiteExtreme(values: ArrayLike<NumOrNull>, a: number, b: number, sign: number): number {
  let best = -sign * Infinity;
  for (let i = a; i < b; i++) {
    const v = values[i];
    if (finite(v) && sign * v > sign * best) best = v;
  }
  return best;
}

/** keep[a + i] = 1 wherever sub[i] is set. */
function markFrom(sub: Uint8Array, a: number, keep: Uint8Array): void {
  for (let i = 0; i < sub.length; i++) if (sub[i]) keep[a + i] = 1;
}

/** The indices i of [a, b) with keep[i] set, increasing. */
function keptIndices(keep: Uint8Array, a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) if (keep[i]) out.push(i);
  return out;
}

function pick<T>(a: readonly T[], idx: readonly number[], width = 1): T[] {
  const out: T[] = new Array(idx.length * width);
  for (let j = 0; j < idx.length; j++) for (let d = 0; d < width; d++) out[j * width + d] = a[idx[j] * width + d];
  return out;
}

/** The records `idx` of `t` (every per-record series, in the same order). */
export function takeRecords(t: TraceRecords & { dim: number }, idx: readonly number[]): TraceRecords {
  const dim = t.dim;
  return {
    steps: pick(t.steps, idx),
    path: pick(t.path, idx, dim),
    loss: pick(t.loss, idx),
    effectiveLr: pick(t.effectiveLr, idx, dim),
    delta: pick(t.delta, idx, dim),
    lr: pick(t.lr, idx),
    ...(t.epoch ? { epoch: pick(t.epoch, idx) } : {}),
    ...(t.lossMean ? { lossMean: pick(t.lossMean, idx) } : {}),
    ...(t.lossBand ? { lossBand: { lo: pick(t.lossBand.lo, idx), hi: pick(t.lossBand.hi, idx) } } : {}),
    ...(t.extraPath ? { extraPath: pick(t.extraPath, idx, dim) } : {}),
    ...(t.evaluations ? { evaluations: pick(t.evaluations, idx) } : {}),
    ...(t.elapsedMs ? { elapsedMs: pick(t.elapsedMs, idx) } : {}),
  };
}

/** `t` with only the records `target` needs (everything else about the run unchanged). */
export function thinTrace<T extends TraceRecords & { dim: number }>(t: T, target: ThinTarget): T {
  const idx = thinIndices(t, target);
  return idx.length === t.steps.length ? t : { ...t, ...takeRecords(t, idx) };
}

/**
 * `t` with its records of from ≤ step ≤ to replaced by `chunk` (records in that range, increasing
 * steps): how finer records fetched for a zoom or a scrub join the ones the panel has.
 */
export function mergeRecords<T extends TraceRecords & { dim: number }>(t: T, chunk: TraceRecords, from: number, to: number): T {
  const a = lowerBound(t.steps, from);
  const b = lowerBound(t.steps, to + 1);
  const dim = t.dim;
  const join = <V>(x: readonly V[], y: readonly V[], w = 1): V[] => [...x.slice(0, a * w), ...y, ...x.slice(b * w)];
  const both = <V>(x: readonly V[] | undefined, y: readonly V[] | undefined, w = 1): V[] | undefined => (x && y ? join(x, y, w) : undefined);
  const epoch = both(t.epoch, chunk.epoch);
  const lossMean = both(t.lossMean, chunk.lossMean);
  const lo = both(t.lossBand?.lo, chunk.lossBand?.lo);
  const hi = both(t.lossBand?.hi, chunk.lossBand?.hi);
  const extraPath = both(t.extraPath, chunk.extraPath, dim);
  const evaluations = both(t.evaluations, chunk.evaluations);
  const elapsedMs = both(t.elapsedMs, chunk.elapsedMs);
  return {
    ...t,
    steps: join(t.steps, chunk.steps),
    path: join(t.path, chunk.path, dim),
    loss: join(t.loss, chunk.loss),
    effectiveLr: join(t.effectiveLr, chunk.effectiveLr, dim),
    delta: join(t.delta, chunk.delta, dim),
    lr: join(t.lr, chunk.lr),
    ...(epoch ? { epoch } : {}),
    ...(lossMean ? { lossMean } : {}),
    ...(lo && hi ? { lossBand: { lo, hi } } : {}),
    ...(extraPath ? { extraPath } : {}),
    ...(evaluations ? { evaluations } : {}),
    ...(elapsedMs ? { elapsedMs } : {}),
  };
}

/** The map axes of a surface (its ranges, or `zoom` instead), for thinning. */
export function mapTarget(surface: SurfaceData | undefined, zoom?: { x: Range; y: Range }): ThinTarget['map'] {
  if (!surface) return undefined;
  if (surface.kind === 'curve') return { kind: 'curve', x: zoom?.x ?? surface.x };
  return { kind: 'grid', xVar: surface.xVar, yVar: surface.yVar, x: zoom?.x ?? surface.x, y: zoom?.y ?? surface.y };
}

/** The model the panel is sent: every run thinned for its map and charts (see the header). */
export function thinPanelModel(model: PanelModel, target: Partial<ThinTarget> = {}): PanelModel {
  const t: ThinTarget = { pixels: MAP_PIXELS, columns: CHART_COLUMNS, map: mapTarget(model.surface), ...target };
  return { ...model, runs: model.runs.map(r => thinTrace(r, t)) };
}

/** Each run's records with from ≤ step ≤ to, thinned for `target` (the answer to `requestRecords`). */
export function recordsFor(model: PanelModel, from: number, to: number, target: Partial<ThinTarget> = {}): TraceRecords[] {
  const t: ThinTarget = { pixels: MAP_PIXELS, columns: CHART_COLUMNS, map: mapTarget(model.surface), ...target, from, to };
  return model.runs.map(r => takeRecords(r, thinIndices(r, t)));
}
