/**
 * The map's coordinate frame: the plot rectangle in CSS pixels, the data ranges shown in it, the
 * mappings between them, "nice" ticks, and the axes drawn in the theme's colours.
 */
import type { Theme } from './theme';

export type Range = [number, number];

export interface Viewport {
  /** Data ranges shown. */
  x: Range;
  y: Range;
  /** Plot rectangle in CSS pixels inside the canvas. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export const MARGIN = { left: 52, right: 14, top: 10, bottom: 36 };

export function plotRect(cssWidth: number, cssHeight: number, extraRight = 0, extraTop = 0) {
  return {
    left: MARGIN.left,
    top: MARGIN.top + extraTop,
    width: Math.max(10, cssWidth - MARGIN.left - MARGIN.right - extraRight),
    height: Math.max(10, cssHeight - MARGIN.top - extraTop - MARGIN.bottom),
  };
}

export const xToPx = (vp: Viewport, x: number) => vp.left + ((x - vp.x[0]) / (vp.x[1] - vp.x[0])) * vp.width;
export const yToPx = (vp: Viewport, y: number) => vp.top + vp.height - ((y - vp.y[0]) / (vp.y[1] - vp.y[0])) * vp.height;
export const pxToX = (vp: Viewport, px: number) => vp.x[0] + ((px - vp.left) / vp.width) * (vp.x[1] - vp.x[0]);
export const pxToY = (vp: Viewport, py: number) => vp.y[0] + ((vp.top + vp.height - py) / vp.height) * (vp.y[1] - vp.y[0]);

export function insidePlot(vp: Viewport, px: number, py: number): boolean {
  return px >= vp.left && px <= vp.left + vp.width && py >= vp.top && py <= vp.top + vp.height;
}

/** Ticks at 1, 2 or 5 × 10^k, about `count` of them (Heckbert's "nice numbers"). */
export function niceTicks(a: number, b: number, count: number): { ticks: number[]; step: number } {
  if (!(b > a) || !Number.isFinite(a) || !Number.isFinite(b)) return { ticks: [], step: 1 };
  const raw = (b - a) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { ticks, step };
}

/** A tick label with as many decimals as the step needs. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-4) return v.toExponential(Math.max(0, Math.min(3, -Math.floor(Math.log10(step)) + Math.floor(Math.log10(abs)))));
  const decimals = Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals).replace('-', '−');
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A power of ten as a log-axis label: 0.01, 0.1, 1, 10, 100, then 10³, 10⁻⁴ … */
export function formatPow10(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= -2 && e <= 2) return String(Number(Math.pow(10, e).toPrecision(1)));
  return `10${String(e).split('').map(c => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Steps (in decades) tried for log-axis ticks, smallest first. */
const DECADE_STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/**
 * Ticks for a log axis over [min, max] (both > 0), at most `maxCount` of them, evenly spaced:
 * every k-th power of ten (k = 1, 2, 3, 5, 10 …, on multiples of k) when the range spans at least
 * two decades; else 1-2-5 or 1…9 × 10ⁿ inside the range; else none (the caller keeps its own).
 */
export function logTicks(min: number, max: number, maxCount = 6): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const count = Math.max(2, Math.floor(maxCount));
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi - lo + 1 >= 2) {
    for (const k of DECADE_STEPS) {
      const first = Math.ceil(lo / k) * k;
      const n = first > hi ? 0 : Math.floor((hi - first) / k) + 1;
      if (n <= count && n >= 2) {
        const out: number[] = [];
        for (let e = first; e <= hi; e += k) out.push(pow10(e));
        return out;
      }
      if (n < 2) break;
    }
    // Too few multiples of any step: the two end decades.
    return [pow10(lo), pow10(hi)];
  }
  for (const mantissas of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const out: number[] = [];
    for (let e = lo - 1; e <= hi; e++) for (const m of mantissas) {
      const v = Number((m * pow10(e)).toPrecision(6));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
    }
    if (out.length >= 2) {
      const every = Math.ceil(out.length / count);
      return out.filter((_, i) => i % every === 0);
    }
  }
  return [];
}

const pow10 = (e: number): number => Number(`1e${e}`);

/** A value shown to a person: 4 significant digits, exponent when large or tiny. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const s = abs >= 1e5 || abs < 1e-3 ? v.toExponential(2) : v.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return s.replace('-', '−');
}

export function drawAxes(ctx: CanvasRenderingContext2D, vp: Viewport, theme: Theme, labels: { x: string; y: string }): void {
  const fs = Math.round(theme.fontSize * 0.85);
  ctx.save();
  ctx.font = `${fs}px ${theme.font}`;
  ctx.fillStyle = theme.fg;
  ctx.strokeStyle = theme.fg;
  ctx.lineWidth = 1;
  const xt = niceTicks(vp.x[0], vp.x[1], Math.max(2, Math.floor(vp.width / 70)));
  const yt = niceTicks(vp.y[0], vp.y[1], Math.max(2, Math.floor(vp.height / 45)));
  const bottom = vp.top + vp.height;
  // frame
  ctx.globalAlpha = 0.55;
  ctx.strokeRect(vp.left - 0.5, vp.top - 0.5, vp.width + 1, vp.height + 1);
  ctx.globalAlpha = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.beginPath();
  for (const t of xt.ticks) {
    const px = Math.round(xToPx(vp, t)) + 0.5;
    ctx.moveTo(px, bottom);
    ctx.lineTo(px, bottom + 4);
    ctx.fillText(formatTick(t, xt.step), px, bottom + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt.ticks) {
    const py = Math.round(yToPx(vp, t)) + 0.5;
    ctx.moveTo(vp.left - 4, py);
    ctx.lineTo(vp.left, py);
    ctx.fillText(formatTick(t, yt.step), vp.left - 6, py);
  }
  ctx.stroke();
  // axis titles
  ctx.font = `italic ${fs + 1}px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(labels.x, vp.left + vp.width / 2, bottom + 6 + fs * 2 + 4);
  ctx.save();
  ctx.translate(12, vp.top + vp.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
  ctx.restore();
}

/** Three significant digits, for labels that mark 1-2-5 levels (1.001 → "1"). */
export function formatShort(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const s = abs >= 1e5 || abs < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
  return s.replace('-', '−');
}
