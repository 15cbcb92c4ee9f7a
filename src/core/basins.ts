/**
 * Basins of attraction: one optimizer run from every start point of a grid over two variables
 * (the others held at `base`), each start labelled by where its run ends:
 *   - the known minimum nearest to the end point, when it is within `radius`;
 *   - otherwise a cluster of end points (ends within `radius` of a cluster's first end join it),
 *     when the run settled there (‖∇f‖ ≤ `settledGradNorm` at the end);
 *   - BASIN_DIVERGED when the run diverged, BASIN_UNSETTLED when it ended elsewhere.
 * Every run goes through the one run loop without records (`runFromStarts`: the spec resolved once,
 * only each run's end reported), so memory does not grow with the steps. The work splits by rows of start points: `basinSlice` runs some rows (in
 * a worker, say) and `mergeBasinSlices` labels the ends of all slices.
 */
import { describeValue } from './describe';
import { LIMITS } from './limits';
import { fail, ok, Result } from './result';
import { GradientSource, RunSpec, runFromStarts } from './run';
import { checkBudget } from './sweep/grid';
import { now } from './sweep/sweep';
import { BASIN_DIVERGED, BASIN_UNSETTLED, BasinMap, BasinSlice, CancelToken } from './sweep/types';

export interface BasinConfig {
  source: GradientSource;
  /** The optimizer, with its learning rate and other hyperparameters. */
  spec: RunSpec;
  /** Ranges of the two mapped variables: [[x0, x1], [y0, y1]]. */
  bounds: [[number, number], [number, number]];
  /** Starts per axis (default 150), or per axis separately. */
  grid?: number | { nx: number; ny: number };
  steps: number;
  /** Which two variables are mapped (default [0, 1]); the others are held at `base`. */
  axes?: [number, number];
  /** The point the other variables are taken from (needed when there are more than two). */
  base?: ArrayLike<number>;
  /** Known minima (full coordinates). */
  minima?: readonly (readonly number[])[];
  /** Distance that joins an end point to a minimum or a cluster (default 2% of the mean range of the bounds). */
  radius?: number;
  /** ‖∇f‖ at the end at or below which an end far from every known minimum forms a cluster (default 1e-3). */
  settledGradNorm?: number;
  /**
   * A run stops early (converged) once ‖∇f‖ ≤ this (default 1e-9): where it ends no longer moves
   * on the map's scale, and most starts get there long before `steps`. 0 runs every step.
   */
  stopGradNorm?: number;
  signal?: CancelToken;
  onProgress?: (rowsDone: number, rows: number) => void;
}

/** The default grid: 150 × 150 starts. */
export const DEFAULT_BASIN_GRID = 150;
/** At most this many clusters of end points are formed; further ends count as unsettled. */
const MAX_CLUSTERS = 32;

interface Checked {
  nx: number;
  ny: number;
  dim: number;
  axes: [number, number];
  base: Float64Array;
  radius: number;
  settled: number;
}

const isRange = (r: unknown): r is [number, number] => Array.isArray(r) && r.length === 2 && r.every(v => typeof v === 'number' && Number.isFinite(v)) && r[0] < r[1];

/** Every check of a basin request, in one place. */
export function checkBasins(config: BasinConfig): Result<Checked> {
  if (typeof config !== 'object' || config === null) return fail(`the basin request must be an object, got ${describeValue(config)}`);
  const dim = config.source?.dim;
  if (!Number.isInteger(dim) || dim < 2) return fail(`a basin map needs an objective of at least two variables, got ${describeValue(dim)}`);
  const g = config.grid ?? DEFAULT_BASIN_GRID;
  const nx = typeof g === 'number' ? g : g?.nx;
  const ny = typeof g === 'number' ? g : g?.ny;
  for (const [name, v] of [['grid (x)', nx], ['grid (y)', ny]] as const) {
    if (!Number.isInteger(v) || (v as number) < 2 || (v as number) > LIMITS.maxBasinGrid) return fail(`the ${name} must be a whole number from 2 to ${LIMITS.maxBasinGrid} starts per axis, got ${describeValue(v)}`);
  }
  const b = config.bounds;
  if (!Array.isArray(b) || b.length !== 2 || !isRange(b[0]) || !isRange(b[1])) return fail(`bounds must be [[x0, x1], [y0, y1]] with finite x0 < x1 and y0 < y1, got ${describeValue(b)}`);
  const axes = config.axes ?? [0, 1];
  if (!Array.isArray(axes) || axes.length !== 2 || !axes.every(a => Number.isInteger(a) && a >= 0 && a < dim) || axes[0] === axes[1]) return fail(`axes must be two different variable indices from 0 to ${dim - 1}, got ${describeValue(axes)}`);
  if (dim > 2 && config.base === undefined) return fail(`with ${dim} variables the basin map needs a base point for the variables it does not map`);
  const base = new Float64Array(dim);
  if (config.base !== undefined) {
    if (config.base.length !== dim) return fail(`the base point has ${config.base.length} coordinates but the objective has ${dim} variables`);
    for (let i = 0; i < dim; i++) {
      if (!Number.isFinite(config.base[i])) return fail(`base coordinate ${i + 1} must be a finite number, got ${describeValue(config.base[i])}`);
      base[i] = config.base[i];
    }
  }
  const steps = checkBudget((nx as number) * (ny as number), config.steps, `${nx} × ${ny} starts`);
  if (!steps.ok) return steps;
  const span = ((b[0][1] - b[0][0]) + (b[1][1] - b[1][0])) / 2;
  const radius = config.radius ?? 0.02 * span;
  if (!(radius > 0 && Number.isFinite(radius))) return fail(`radius must be a finite number > 0, got ${describeValue(config.radius)}`);
  const settled = config.settledGradNorm ?? 1e-3;
  if (!(settled >= 0)) return fail(`settledGradNorm must be a number >= 0, got ${describeValue(config.settledGradNorm)}`);
  if (config.stopGradNorm !== undefined && !(config.stopGradNorm >= 0 && Number.isFinite(config.stopGradNorm))) return fail(`stopGradNorm must be a finite number >= 0, got ${describeValue(config.stopGradNorm)}`);
  return ok({ nx: nx as number, ny: ny as number, dim, axes: axes as [number, number], base, radius, settled });
}

/** Coordinate of start i of n across [lo, hi] (the ends included). */
const along = (lo: number, hi: number, i: number, n: number): number => lo + ((hi - lo) * i) / (n - 1);

/** Runs the starts of rows rowStart … rowEnd − 1 (row j: y = y0 + j·dy). Stops early when the token is set. Never throws. */
export function basinSlice(config: BasinConfig, rowStart: number, rowEnd: number): Result<BasinSlice> {
  const checked = checkBasins(config);
  if (!checked.ok) return checked;
  const { nx, ny, dim, axes, base } = checked.value;
  if (!Number.isInteger(rowStart) || !Number.isInteger(rowEnd) || rowStart < 0 || rowEnd > ny || rowStart > rowEnd) return fail(`rows ${rowStart}…${rowEnd} are outside the grid's 0…${ny}`);
  const rows = rowEnd - rowStart;
  const ends = new Float64Array(rows * nx * dim).fill(NaN);
  const finalLoss = new Float64Array(rows * nx).fill(NaN);
  const diverged = new Uint8Array(rows * nx);
  const gradNorm = new Float64Array(rows * nx).fill(NaN);
  const [[x0, x1], [y0, y1]] = config.bounds;
  const stopGradNorm = config.stopGradNorm ?? 1e-9;
  const options = { steps: config.steps, ...(stopGradNorm > 0 ? { tolerance: { gradNorm: stopGradNorm } } : {}), ...(config.signal ? { signal: config.signal } : {}) };
  const starts = Array.from({ length: nx }, () => Float64Array.from(base));
  for (let i = 0; i < nx; i++) starts[i][axes[0]] = along(x0, x1, i, nx);
  let cancelled = false;
  for (let j = 0; j < rows && !cancelled; j++) {
    const y = along(y0, y1, rowStart + j, ny);
    for (const start of starts) start[axes[1]] = y;
    const r = runFromStarts(config.source, config.spec, starts, options, (i, end) => {
      const cell = j * nx + i;
      if (end.stop.reason === 'cancelled') { cancelled = true; return; }
      finalLoss[cell] = end.loss;
      if (end.stop.reason === 'diverged') { diverged[cell] = 1; return; }
      let g = 0;
      for (let d = 0; d < dim; d++) {
        ends[cell * dim + d] = end.x[d];
        g += end.gradient[d] ** 2;
      }
      gradNorm[cell] = Math.sqrt(g);
    });
    if (!r.ok) return r;
    if (!cancelled) config.onProgress?.(j + 1, rows);
  }
  if (cancelled) return ok({ rowStart, rowEnd, ends, finalLoss, diverged, gradNorm, cancelled: true });
  return ok({ rowStart, rowEnd, ends, finalLoss, diverged, gradNorm, cancelled: false });
}

/**
 * Runs the rows `claim` hands out (one row each, until it returns −1 or a row beyond the grid), as
 * one slice per row: threads that share one counter split a map this way. Never throws.
 */
export function basinClaimed(config: BasinConfig, claim: () => number): Result<BasinSlice[]> {
  const checked = checkBasins(config);
  if (!checked.ok) return checked;
  const slices: BasinSlice[] = [];
  for (let row = claim(); row >= 0 && row < checked.value.ny; row = claim()) {
    const s = basinSlice(config, row, row + 1);
    if (!s.ok) return s;
    slices.push(s.value);
    if (s.value.cancelled) break;
  }
  return ok(slices);
}

/** Labels the ends of every slice (known minima first, then clusters) into one map. */
export function mergeBasinSlices(config: BasinConfig, slices: readonly BasinSlice[], elapsedMs = 0): Result<BasinMap> {
  const checked = checkBasins(config);
  if (!checked.ok) return checked;
  const { nx, ny, dim, radius, settled } = checked.value;
  const minima: number[][] = (config.minima ?? []).filter(m => m.length === dim).map(m => Array.from(m));
  const minimaKind: BasinMap['minimaKind'] = minima.map(() => 'known');
  const known = minima.length;
  const labels = new Int32Array(nx * ny).fill(BASIN_UNSETTLED);
  const finalLoss = new Float64Array(nx * ny).fill(NaN);
  let cancelled = false;
  const distance = (e: Float64Array, o: number, m: readonly number[]): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (e[o + d] - m[d]) ** 2;
    return Math.sqrt(s);
  };
  const ordered = [...slices].sort((a, b) => a.rowStart - b.rowStart);
  for (const s of ordered) {
    cancelled ||= s.cancelled;
    const cells = (s.rowEnd - s.rowStart) * nx;
    for (let c = 0; c < cells; c++) {
      const cell = s.rowStart * nx + c;
      finalLoss[cell] = s.finalLoss[c];
      if (s.diverged[c]) { labels[cell] = BASIN_DIVERGED; continue; }
      if (!Number.isFinite(s.ends[c * dim])) continue; // not run (cancelled)
      let best = -1;
      let bestDistance = Infinity;
      for (let m = 0; m < known; m++) {
        const d = distance(s.ends, c * dim, minima[m]);
        if (d < bestDistance) { bestDistance = d; best = m; }
      }
      if (best >= 0 && bestDistance <= radius) { labels[cell] = best; continue; }
      if (!(s.gradNorm[c] <= settled)) continue;
      let cluster = -1;
      for (let m = known; m < minima.length; m++) if (distance(s.ends, c * dim, minima[m]) <= radius) { cluster = m; break; }
      if (cluster < 0 && minima.length - known < MAX_CLUSTERS) {
        minima.push(Array.from(s.ends.subarray(c * dim, (c + 1) * dim)));
        minimaKind.push('cluster');
        cluster = minima.length - 1;
      }
      if (cluster >= 0) labels[cell] = cluster;
    }
  }
  const counts = { minima: minima.map(() => 0), diverged: 0, unsettled: 0 };
  for (const l of labels) {
    if (l >= 0) counts.minima[l]++;
    else if (l === BASIN_DIVERGED) counts.diverged++;
    else counts.unsettled++;
  }
  return ok({ nx, ny, bounds: [[...config.bounds[0]], [...config.bounds[1]]], labels, finalLoss, minima, minimaKind, counts, steps: config.steps, cancelled, elapsedMs });
}

/** A whole basin map in this thread. Never throws. */
export function basinMap(config: BasinConfig): Result<BasinMap> {
  const t0 = now();
  const checked = checkBasins(config);
  if (!checked.ok) return checked;
  const slice = basinSlice(config, 0, checked.value.ny);
  if (!slice.ok) return slice;
  return mergeBasinSlices(config, [slice.value], now() - t0);
}

/** Rows 0 … ny split into `parts` contiguous slices of nearly equal size. */
export function splitRows(ny: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, ny));
  return Array.from({ length: k }, (_, p) => [Math.floor((p * ny) / k), Math.floor(((p + 1) * ny) / k)] as [number, number]);
}
