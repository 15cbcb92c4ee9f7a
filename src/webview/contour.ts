/**
 * The landscape's drawing half: a computed field (contourField.ts, usually from the contour worker)
 * turned into filled bands + isolines on a canvas.
 *
 * Geometry comes from d3-contour (marching squares with linear interpolation, in the worker); the
 * filled bands are rasterised from the same field by bilinear interpolation, so band edges and
 * isolines coincide. Building the Path2D happens once per surface; a view change (zoom, pan,
 * resize) only re-rasterises and re-projects the cached path, and playback never touches it.
 */
import { interpolateViridis } from 'd3-scale-chromatic';
import type { Viewport } from './axes';
import { formatShort } from './axes';
import { fAt, type FieldData, type IsolineGeometry } from './contourField';
import type { Theme } from './theme';

export { LEVELS, MAX_GRID } from './contourField';
export type Field = FieldData;

/** Pixel budget of the band raster (scaled up to the plot when the plot has more). */
const RASTER_PIXELS = 250_000;

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
  /** Field + isolines (in the worker, or on the main thread in the fallback). */
  computeMs: number;
  /** d3-contour geometry (part of computeMs). */
  geometryMs?: number;
  /** This background draw (bands raster + isolines + colour bar). */
  drawMs: number;
  /** Main-thread time this surface cost: sampling + building the path + the first draw (what blocks a frame). */
  mainMs: number;
  /** Latency from the surface's arrival to its first draw. */
  totalMs: number;
  mode: 'worker' | 'sync';
  /** True for the first draw of a new surface; false for a redraw (zoom, resize, theme). */
  fresh: boolean;
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
  /** Main-thread time to build the path and colour table. */
  readonly buildMs: number;

  constructor(
    field: Field,
    geometry: IsolineGeometry,
    /** Which map variables this field is for. */
    readonly axes: [number, number],
    /** The host grid's size (before subsampling). */
    readonly sourceSize: [number, number],
  ) {
    const t0 = performance.now();
    this.field = field;
    this.lut = bandColours(field.levels.length + 1);
    const path = new Path2D();
    const { coords, rings } = geometry;
    let p = 0;
    for (let r = 0; r < rings.length; r++) {
      const n = rings[r];
      if (n === 0) continue;
      path.moveTo(coords[p], coords[p + 1]);
      for (let k = 1; k < n; k++) path.lineTo(coords[p + 2 * k], coords[p + 2 * k + 1]);
      path.closePath();
      p += 2 * n;
    }
    this.isolines = path;
    this.buildMs = performance.now() - t0;
  }

  /** Draws bands + isolines into `ctx` (CSS-pixel transform already set, device ratio `dpr`); `underLines` draws between them. */
  draw(ctx: CanvasRenderingContext2D, vp: Viewport, dpr: number, theme: Theme, underLines?: () => void): number {
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
    underLines?.();
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
    for (let k = 0; k < f.levels.length; k += every) ctx.fillText(formatShort(fAt(f, f.levels[k])), x + w + 4, y + h - (k + 1) * bandH);
    ctx.save();
    ctx.font = `italic ${fs}px ${theme.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('f', x + w / 2, y - 3);
    ctx.restore();
  }
}
