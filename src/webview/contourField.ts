/**
 * The pure half of the landscape (no DOM, no canvas): f sampled on the host's grid → a transformed
 * field, its isoline levels and the isolines' geometry from d3-contour. It runs in the contour Web
 * Worker (contour.worker.ts) and, when a worker cannot be created (strict CSP), on the main thread.
 *
 * Steep functions (Rosenbrock: 0 in the valley, 2,500 on the rim) would put every linear level on
 * the rim, so when the values are skewed the levels are spaced evenly in log(f − min f + δ).
 *
 * Everything crossing the worker boundary is plain data with typed arrays (transferable).
 */
import { contours } from 'd3-contour';
import type { SurfaceData } from '../core/protocol';

type GridSurface = Extract<SurfaceData, { kind: 'grid' }>;
type Range = [number, number];

/** d3-contour costs ~1 ms per level on a 160² grid; finer than ~3–4 px per cell is invisible once smoothed. */
export const MAX_GRID = 161;
/** About this many levels (the exact count follows from 1-2-5 values). */
export const LEVELS = 12;

/** The grid subsampled to ≤ MAX_GRID² (cheap, main thread); non-finite samples are NaN. */
export interface Samples {
  nx: number;
  ny: number;
  /** Positions of the first and last sample (after subsampling). */
  x: Range;
  y: Range;
  raw: Float64Array;
}

export interface FieldData {
  nx: number;
  ny: number;
  x: Range;
  y: Range;
  /** Transformed values, row-major, row 0 at y[0]; non-finite samples get the top band. */
  t: Float64Array;
  transform: 'log' | 'linear';
  offset: number;
  /** Range of the transformed values that get distinct colours. */
  tLo: number;
  tHi: number;
  /** Isoline thresholds (transformed, increasing); band k lies between levels k−1 and k. */
  levels: number[];
  /** The raw minimum sample. */
  min: number;
}

/** Isolines as flat arrays: ring k has `rings[k]` points, taken in order from `coords` (x, y pairs, grid units). */
export interface IsolineGeometry {
  coords: Float32Array;
  rings: Uint32Array;
}

export type ContourResult =
  | { ok: true; field: FieldData; geometry: IsolineGeometry; computeMs: number; geometryMs: number }
  | { ok: false; error: string; computeMs: number };

export function sampleSurface(s: GridSurface): Samples | undefined {
  if (s.nx < 2 || s.ny < 2 || s.values.length < s.nx * s.ny) return undefined;
  const sx = Math.max(1, Math.ceil((s.nx - 1) / (MAX_GRID - 1)));
  const sy = Math.max(1, Math.ceil((s.ny - 1) / (MAX_GRID - 1)));
  const nx = Math.floor((s.nx - 1) / sx) + 1;
  const ny = Math.floor((s.ny - 1) / sy) + 1;
  const dx = (s.x[1] - s.x[0]) / (s.nx - 1);
  const dy = (s.y[1] - s.y[0]) / (s.ny - 1);
  const raw = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const row = j * sy * s.nx;
    for (let i = 0; i < nx; i++) {
      const v = s.values[row + i * sx];
      raw[j * nx + i] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v;
    }
  }
  return { nx, ny, x: [s.x[0], s.x[0] + (nx - 1) * sx * dx], y: [s.y[0], s.y[0] + (ny - 1) * sy * dy], raw };
}

function niceStep(raw: number): number {
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const n = raw / mag;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
}

/** f at a transformed value (the colour bar's labels). */
export function fAt(field: Pick<FieldData, 'transform' | 'offset'>, t: number): number {
  return field.transform === 'log' ? Math.pow(10, t) + field.offset : t;
}

export function fieldFromSamples(s: Samples): FieldData | undefined {
  const { nx, ny, raw } = s;
  let n = 0;
  const finite = new Float64Array(raw.length);
  for (let k = 0; k < raw.length; k++) if (raw[k] === raw[k]) finite[n++] = raw[k];
  if (n === 0) return undefined;
  const sorted = finite.subarray(0, n).sort();
  const q = (p: number) => sorted[Math.min(n - 1, Math.floor(p * (n - 1)))];
  const fMin = sorted[0];
  const fTop = q(0.98) > fMin ? q(0.98) : sorted[n - 1];
  const fMed = q(0.5);
  const skewed = fTop > fMin && fTop - fMin > 6 * (fMed - fMin);
  const delta = skewed ? Math.max((fTop - fMin) * 1e-4, 1e-12 * Math.max(1, Math.abs(fMin))) : 0;
  const offset = fMin - delta;
  const T = skewed ? (f: number) => Math.log10(f - offset) : (f: number) => f;
  const tLo = T(fMin);
  let tHi = T(fTop);
  if (!(tHi > tLo)) tHi = tLo + 1;
  const above = tHi + (tHi - tLo);
  const t = new Float64Array(nx * ny);
  for (let k = 0; k < t.length; k++) {
    const f = raw[k];
    t[k] = f === f ? T(f) : above;
  }
  // Levels at values a person can read on the colour bar: multiples of a 1-2-5 step (linear), or
  // min f + {1, 2, 5}·10^k (log).
  const levels: number[] = [];
  if (skewed) {
    for (let e = Math.floor(Math.log10(delta)); e <= Math.ceil(Math.log10(fTop - fMin)); e++)
      for (const m of [1, 2, 5]) {
        const g = m * Math.pow(10, e);
        if (g > delta * 2 && g < fTop - fMin) levels.push(T(fMin + g));
      }
  } else if (fTop > fMin) {
    const step = niceStep((fTop - fMin) / LEVELS);
    for (let v = Math.ceil(fMin / step + 1e-9) * step; v < fTop; v += step) if (v > fMin) levels.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  if (levels.length === 0) levels.push((tLo + tHi) / 2);
  return { nx, ny, x: s.x, y: s.y, t, transform: skewed ? 'log' : 'linear', offset, tLo, tHi, levels, min: fMin };
}

/** All isolines of the field (d3-contour's grid coordinates: sample i sits at i + 0.5), flattened. */
export function isolineGeometry(field: FieldData): IsolineGeometry {
  // d3-contour only indexes the values, so a typed array works as well as an array.
  const geometry = contours().size([field.nx, field.ny]).smooth(true).thresholds(field.levels)(field.t as unknown as number[]);
  let points = 0;
  let ringCount = 0;
  for (const multi of geometry)
    for (const polygon of multi.coordinates)
      for (const ring of polygon) {
        points += ring.length;
        ringCount++;
      }
  const coords = new Float32Array(points * 2);
  const rings = new Uint32Array(ringCount);
  let p = 0;
  let r = 0;
  for (const multi of geometry)
    for (const polygon of multi.coordinates)
      for (const ring of polygon) {
        rings[r++] = ring.length;
        for (const [gx, gy] of ring) {
          coords[p++] = gx;
          coords[p++] = gy;
        }
      }
  return { coords, rings };
}

/** Field + geometry from samples: what the worker does per surface. */
export function computeContour(s: Samples): ContourResult {
  const t0 = performance.now();
  const field = fieldFromSamples(s);
  if (!field) return { ok: false, error: 'the surface has no finite values', computeMs: performance.now() - t0 };
  const tg = performance.now();
  const geometry = isolineGeometry(field);
  const end = performance.now();
  return { ok: true, field, geometry, computeMs: end - t0, geometryMs: end - tg };
}

/** The buffers a result can hand over without copying. */
export function transferables(r: ContourResult): ArrayBuffer[] {
  return r.ok ? [r.field.t.buffer as ArrayBuffer, r.geometry.coords.buffer as ArrayBuffer, r.geometry.rings.buffer as ArrayBuffer] : [];
}
