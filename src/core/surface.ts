/**
 * Sampling f on a grid for the contour map (two variables) or on a line for the curve (one
 * variable), and choosing bounds that frame the start, the paths and the known minima.
 */
import { finiteOrNull, type SurfaceData } from './protocol';

export type Range = [number, number];

export interface FrameInput {
  /** Points that must be visible (start points, known minima), full-dimension vectors. */
  anchors: ArrayLike<number>[];
  /** Path points (full-dimension, flattened `count × dim`), framed when not runaway. */
  paths: { path: ArrayLike<number>; dim: number }[];
  /** Preset bounds, if any: always included. */
  bounds?: Range[];
  /** The variable indices on the horizontal and vertical axes. */
  axes: number[];
}

/**
 * Bounds per axis: the anchors and preset bounds form a core box; path points extend it, but a
 * runaway (diverging) path may stretch it by at most `maxStretch` core widths on each side, so one
 * exploding optimizer cannot shrink everyone else's landscape to a dot. 8% padding.
 */
export function frameBounds(input: FrameInput, maxStretch = 1.5): Range[] {
  return input.axes.map((axis, k) => {
    let lo = Infinity;
    let hi = -Infinity;
    const take = (v: number): void => {
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    };
    for (const a of input.anchors) take(a[axis]);
    if (input.bounds?.[k]) { take(input.bounds[k][0]); take(input.bounds[k][1]); }
    if (!(hi > lo)) {
      const c = Number.isFinite(lo) ? lo : 0;
      lo = c - 1;
      hi = c + 1;
    }
    const width = hi - lo;
    const minAllowed = lo - maxStretch * width;
    const maxAllowed = hi + maxStretch * width;
    for (const p of input.paths) {
      for (let i = axis; i < p.path.length; i += p.dim) {
        const v = p.path[i];
        if (Number.isFinite(v) && v >= minAllowed && v <= maxAllowed) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    }
    const pad = 0.08 * (hi - lo);
    return [lo - pad, hi + pad] as Range;
  });
}

/** f on an `nx × ny` grid over x × y; the other variables are held at `base`. Row 0 is y[0]. */
export function sampleGrid(
  f: (x: ArrayLike<number>) => number,
  base: ArrayLike<number>,
  xVar: number,
  yVar: number,
  x: Range,
  y: Range,
  nx: number,
  ny: number,
): Extract<SurfaceData, { kind: 'grid' }> {
  const point = Float64Array.from(base);
  const values: (number | null)[] = new Array(nx * ny);
  // A single sample per axis sits at the range's start (no division by nx − 1 = 0).
  for (let j = 0; j < ny; j++) {
    point[yVar] = y[0] + ((y[1] - y[0]) * j) / Math.max(1, ny - 1);
    for (let i = 0; i < nx; i++) {
      point[xVar] = x[0] + ((x[1] - x[0]) * i) / Math.max(1, nx - 1);
      const v = f(point);
      values[j * nx + i] = finiteOrNull(v);
    }
  }
  const fixed = base.length > 2 ? Array.from(base) : undefined;
  return { kind: 'grid', xVar, yVar, x, y, nx, ny, values, ...(fixed ? { fixed } : {}) };
}

/** f(x) at n evenly spaced points of x (one variable). */
export function sampleCurve(f: (x: ArrayLike<number>) => number, x: Range, n: number): Extract<SurfaceData, { kind: 'curve' }> {
  const point = new Float64Array(1);
  const values: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    point[0] = x[0] + ((x[1] - x[0]) * i) / Math.max(1, n - 1);
    const v = f(point);
    values[i] = finiteOrNull(v);
  }
  return { kind: 'curve', x, n, values };
}
