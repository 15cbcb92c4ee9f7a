/**
 * One variable: the curve f(x), with each run's point moving along it (the path animator draws
 * the runs in (x, f(x)) coordinates, so a bouncing optimizer visibly zig-zags across the valley).
 */
import type { SurfaceData } from '../core/protocol';
import type { Range, Viewport } from './axes';
import { xToPx, yToPx } from './axes';
import type { Theme } from './theme';

type CurveSurface = Extract<SurfaceData, { kind: 'curve' }>;

export class CurveLayer {
  readonly xs: Float64Array;
  readonly fs: Float64Array;

  constructor(readonly surface: CurveSurface) {
    const n = surface.n;
    this.xs = new Float64Array(n);
    this.fs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.xs[i] = surface.x[0] + ((surface.x[1] - surface.x[0]) * i) / Math.max(1, n - 1);
      const v = surface.values[i];
      this.fs[i] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v;
    }
  }

  /** A vertical range that shows the curve over `x` without letting one wall flatten the rest. */
  yRange(x: Range, extra: number[] = []): Range {
    const vals: number[] = [];
    for (let i = 0; i < this.xs.length; i++) if (this.xs[i] >= x[0] && this.xs[i] <= x[1] && this.fs[i] === this.fs[i]) vals.push(this.fs[i]);
    for (const e of extra) if (Number.isFinite(e)) vals.push(e);
    if (!vals.length) return [0, 1];
    vals.sort((a, b) => a - b);
    const lo = vals[0];
    let hi = vals[vals.length - 1];
    const q90 = vals[Math.floor(0.9 * (vals.length - 1))];
    if (hi - lo > 20 * (q90 - lo) && q90 > lo) hi = lo + 1.5 * (q90 - lo);
    if (!(hi > lo)) hi = lo + 1;
    const pad = (hi - lo) * 0.08;
    return [lo - pad, hi + pad];
  }

  draw(ctx: CanvasRenderingContext2D, vp: Viewport, theme: Theme): void {
    ctx.save();
    ctx.beginPath();
    ctx.rect(vp.left, vp.top, vp.width, vp.height);
    ctx.clip();
    const line = new Path2D();
    let pen = false;
    let firstX = 0;
    let lastX = 0;
    for (let i = 0; i < this.xs.length; i++) {
      const f = this.fs[i];
      if (f !== f) {
        pen = false;
        continue;
      }
      const px = xToPx(vp, this.xs[i]);
      const py = Math.max(-1e5, Math.min(1e5, yToPx(vp, f)));
      if (!pen) {
        line.moveTo(px, py);
        if (i === 0 || !firstX) firstX = px;
      } else line.lineTo(px, py);
      lastX = px;
      pen = true;
    }
    // soft fill under the curve in the colour map's middle hue: the "landscape" of one variable
    const area = new Path2D(line);
    area.lineTo(lastX, vp.top + vp.height);
    area.lineTo(firstX, vp.top + vp.height);
    area.closePath();
    ctx.fillStyle = 'rgba(33, 145, 140, 0.16)';
    ctx.fill(area);
    ctx.strokeStyle = theme.fg;
    ctx.globalAlpha = 0.85;
    ctx.lineWidth = 1.8 * theme.weight;
    ctx.stroke(line);
    ctx.restore();
  }
}
