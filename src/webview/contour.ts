/**
 * The landscape: f sampled on the host's grid, turned into filled bands + isolines.
 *
 * Geometry comes from d3-contour (marching squares with linear interpolation); the filled bands are
 * rasterised from the same field by bilinear interpolation, so band edges and isolines coincide.
 * Everything expensive happens once per surface (`prepareField` + `ContourLayer`); a view change
 * (zoom, pan, resize) only re-rasterises and re-projects cached paths, and playback never touches it.
 *
 * Steep functions (Rosenbrock: 0 in the valley, 2,500 on the rim) would put every linear level on
 * the rim, so when the values are skewed the levels are spaced evenly in log(f − min f + δ).
 */
import { contours } from 'd3-contour';
import { interpolateViridis } from 'd3-scale-chromatic';
import type { SurfaceData } from '../core/protocol';
import type { Range, Viewport } from './axes';
import { formatShort } from './axes';
import type { Theme } from './theme';

type GridSurface = Extract<SurfaceData, { kind: 'grid' }>;

/** d3-contour costs ~1 ms per level on a 160² grid; finer than ~3–4 px per cell is invisible once smoothed. */
export const MAX_GRID = 161;
/** About this many levels (the exact count follows from 1-2-5 values). */
export const LEVELS = 12;
/** Pixel budget of the band raster (scaled up to the plot when the plot has more). */
const RASTER_PIXELS = 250_000;

function niceStep(raw: number): number {
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const n = raw / mag;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
}

export interface Field {
  nx: number;
  ny: number;
  /** Positions of the first and last sample (after any subsampling). */
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
  /** The raw minimum sample and where it is (a marker for the sampled minimum is not drawn; used by tests). */
  min: number;
  /** Values of f at the isolines, for the colour bar. */
  fAt(t: number): number;
}

export function prepareField(s: GridSurface): Field | undefined {
  if (s.nx < 2 || s.ny < 2 || s.values.length < s.nx * s.ny) return undefined;
  const sx = Math.max(1, Math.ceil((s.nx - 1) / (MAX_GRID - 1)));
  const sy = Math.max(1, Math.ceil((s.ny - 1) / (MAX_GRID - 1)));
  const nx = Math.floor((s.nx - 1) / sx) + 1;
  const ny = Math.floor((s.ny - 1) / sy) + 1;
  const dx = (s.x[1] - s.x[0]) / (s.nx - 1);
  const dy = (s.y[1] - s.y[0]) / (s.ny - 1);
  const raw = new Float64Array(nx * ny);
  const finite: number[] = [];
  for (let j = 0; j < ny; j++) {
    const row = j * sy * s.nx;
    for (let i = 0; i < nx; i++) {
      const v = s.values[row + i * sx];
      const f = v === null || !Number.isFinite(v) ? NaN : v;
      raw[j * nx + i] = f;
      if (f === f) finite.push(f);
    }
  }
  if (finite.length === 0) return undefined;
  const sorted = Float64Array.from(finite).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
  const fMin = sorted[0];
  const fTop = q(0.98) > fMin ? q(0.98) : sorted[sorted.length - 1];
  const fMed = q(0.5);
  const skewed = fTop > fMin && fTop - fMin > 6 * (fMed - fMin);
  const delta = skewed ? Math.max((fTop - fMin) * 1e-4, 1e-12 * Math.max(1, Math.abs(fMin))) : 0;
  const offset = fMin - delta;
  const T = skewed ? (f: number) => Math.log10(f - offset) : (f: number) => f;
  const fAt = skewed ? (t: number) => Math.pow(10, t) + offset : (t: number) => t;
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
  } else {
    const step = niceStep((fTop - fMin) / LEVELS);
    for (let v = Math.ceil(fMin / step + 1e-9) * step; v < fTop; v += step) if (v > fMin) levels.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  if (levels.length === 0) levels.push((tLo + tHi) / 2);
  return {
    nx,
    ny,
    x: [s.x[0], s.x[0] + (nx - 1) * sx * dx],
    y: [s.y[0], s.y[0] + (ny - 1) * sy * dy],
    t,
    transform: skewed ? 'log' : 'linear',
    offset,
    tLo,
    tHi,
    levels,
    min: fMin,
    fAt,
  };
}

/**
 * Viridis (perceptually uniform, colour-blind safe), lifted 22 % toward white so the coloured
 * paths drawn on top keep their contrast even at the dark end.
 */
const VEIL = 0.22;
export function bandColours(n: number): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    const hex = interpolateViridis(n === 1 ? 0.5 : k / (n - 1));
    for (let c = 0; c < 3; c++) {
      const v = parseInt(hex.slice(1 + 2 * c, 3 + 2 * c), 16);
      lut[k * 4 + c] = Math.round(v + (255 - v) * VEIL);
    }
    lut[k * 4 + 3] = 255;
  }
  return lut;
}

export interface ContourTimings {
  computeMs: number;
  drawMs: number;
  /** d3-contour geometry (part of computeMs). */
  geometryMs?: number;
  nx: number;
  ny: number;
  levels: number;
}

/** One surface's cached geometry; `draw` renders it for any viewport. */
export class ContourLayer {
  readonly field: Field;
  /** All isolines in grid coordinates (d3-contour's: sample i sits at i + 0.5). */
  private readonly isolines: Path2D;
  private readonly lut: Uint8ClampedArray;
  private scratch: HTMLCanvasElement | undefined;
  readonly computeMs: number;
  /** d3-contour's share of computeMs. */
  readonly geometryMs: number;

  constructor(field: Field) {
    const t0 = performance.now();
    this.field = field;
    this.lut = bandColours(field.levels.length + 1);
    const tg = performance.now();
    const geometry = contours().size([field.nx, field.ny]).smooth(true).thresholds(field.levels)(field.t as unknown as number[]);
    const path = new Path2D();
    for (const multi of geometry) {
      for (const polygon of multi.coordinates) {
        for (const ring of polygon) {
          for (let k = 0; k < ring.length; k++) {
            const [gx, gy] = ring[k];
            if (k === 0) path.moveTo(gx, gy);
            else path.lineTo(gx, gy);
          }
          path.closePath();
        }
      }
    }
    this.isolines = path;
    this.geometryMs = performance.now() - tg;
    this.computeMs = performance.now() - t0;
  }

  /** Draws bands + isolines into `ctx` (CSS-pixel transform already set, device ratio `dpr`). */
  draw(ctx: CanvasRenderingContext2D, vp: Viewport, dpr: number, theme: Theme): number {
    const t0 = performance.now();
    const f = this.field;
    const dxs = (f.x[1] - f.x[0]) / (f.nx - 1);
    const dys = (f.y[1] - f.y[0]) / (f.ny - 1);
    // --- filled bands, rasterised over the plot rectangle at up to ~250k pixels and scaled up:
    // band edges lie under the isolines, which are stroked at full resolution.
    const full = vp.width * dpr * vp.height * dpr;
    const rs = full > RASTER_PIXELS ? Math.sqrt(RASTER_PIXELS / full) : 1;
    const W = Math.max(1, Math.round(vp.width * dpr * rs));
    const H = Math.max(1, Math.round(vp.height * dpr * rs));
    const img = new ImageData(W, H);
    const data = img.data;
    const col0 = new Int32Array(W);
    const colF = new Float64Array(W);
    for (let c = 0; c < W; c++) {
      const x = vp.x[0] + ((c + 0.5) / W) * (vp.x[1] - vp.x[0]);
      const g = (x - f.x[0]) / dxs;
      if (g < 0 || g > f.nx - 1) col0[c] = -1;
      else {
        const i = Math.min(f.nx - 2, Math.floor(g));
        col0[c] = i;
        colF[c] = g - i;
      }
    }
    const levels = Float64Array.from(f.levels);
    const nl = levels.length;
    const lut = this.lut;
    const tv = f.t;
    const nx = f.nx;
    for (let r = 0; r < H; r++) {
      const y = vp.y[1] - ((r + 0.5) / H) * (vp.y[1] - vp.y[0]);
      const g = (y - f.y[0]) / dys;
      if (g < 0 || g > f.ny - 1) continue;
      const j = Math.min(f.ny - 2, Math.floor(g));
      const fy = g - j;
      const rowA = j * nx;
      const rowB = rowA + nx;
      let o = r * W * 4;
      for (let c = 0; c < W; c++, o += 4) {
        const i = col0[c];
        if (i < 0) continue;
        const fx = colF[c];
        const a = tv[rowA + i] + (tv[rowA + i + 1] - tv[rowA + i]) * fx;
        const b = tv[rowB + i] + (tv[rowB + i + 1] - tv[rowB + i]) * fx;
        const v = a + (b - a) * fy;
        // band = number of levels ≤ v (binary search over ~12 levels)
        let lo = 0;
        let hi = nl;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (levels[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        const k = lo * 4;
        data[o] = lut[k];
        data[o + 1] = lut[k + 1];
        data[o + 2] = lut[k + 2];
        data[o + 3] = 255;
      }
    }
    if (rs === 1) ctx.putImageData(img, Math.round(vp.left * dpr), Math.round(vp.top * dpr));
    else {
      const scratch = (this.scratch ??= document.createElement('canvas'));
      if (scratch.width !== W || scratch.height !== H) {
        scratch.width = W;
        scratch.height = H;
      }
      scratch.getContext('2d')?.putImageData(img, 0, 0);
      ctx.save();
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'low';
      ctx.drawImage(scratch, vp.left, vp.top, vp.width, vp.height);
      ctx.restore();
    }
    // --- isolines: the cached path projected by one affine map, clipped to the sampled rectangle
    const sxp = vp.width / (vp.x[1] - vp.x[0]);
    const syp = vp.height / (vp.y[1] - vp.y[0]);
    const m = new DOMMatrix([
      dxs * sxp,
      0,
      0,
      -dys * syp,
      vp.left + (f.x[0] - 0.5 * dxs - vp.x[0]) * sxp,
      vp.top + vp.height - (f.y[0] - 0.5 * dys - vp.y[0]) * syp,
    ]);
    const projected = new Path2D();
    projected.addPath(this.isolines, m);
    ctx.save();
    const cx0 = Math.max(vp.left, vp.left + (f.x[0] - vp.x[0]) * sxp);
    const cx1 = Math.min(vp.left + vp.width, vp.left + (f.x[1] - vp.x[0]) * sxp);
    const cy0 = Math.max(vp.top, vp.top + vp.height - (f.y[1] - vp.y[0]) * syp);
    const cy1 = Math.min(vp.top + vp.height, vp.top + vp.height - (f.y[0] - vp.y[0]) * syp);
    ctx.beginPath();
    ctx.rect(cx0, cy0, Math.max(0, cx1 - cx0), Math.max(0, cy1 - cy0));
    ctx.clip();
    ctx.strokeStyle = theme.isoline;
    ctx.lineWidth = 0.9 * theme.weight;
    ctx.stroke(projected);
    ctx.restore();
    return performance.now() - t0;
  }

  /** A vertical colour bar (one equal-height box per band) labelled with f at the levels. */
  drawColourBar(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, theme: Theme): void {
    const f = this.field;
    const lut = this.lut;
    const bands = f.levels.length + 1;
    const bandH = h / bands;
    for (let k = 0; k < bands; k++) {
      ctx.fillStyle = `rgb(${lut[k * 4]},${lut[k * 4 + 1]},${lut[k * 4 + 2]})`;
      ctx.fillRect(x, y + h - (k + 1) * bandH, w, Math.ceil(bandH));
    }
    ctx.strokeStyle = theme.fg;
    ctx.globalAlpha = 0.5;
    ctx.strokeRect(x - 0.5, y - 0.5, w + 1, h + 1);
    ctx.globalAlpha = 1;
    const fs = Math.round(theme.fontSize * 0.78);
    ctx.font = `${fs}px ${theme.font}`;
    ctx.fillStyle = theme.fg;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(f.levels.length / Math.max(2, Math.floor(h / (fs * 1.8)))));
    for (let k = 0; k < f.levels.length; k += every) ctx.fillText(formatShort(f.fAt(f.levels[k])), x + w + 4, y + h - (k + 1) * bandH);
    ctx.save();
    ctx.font = `italic ${fs}px ${theme.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('f', x + w / 2, y - 3);
    ctx.restore();
  }
}
