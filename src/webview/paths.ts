/**
 * The path animator. Each run's recorded points are projected to pixels once per view change
 * (`setRuns`/`setViewport`); playback then only
 *   - appends the new segments to the trail layer (a canvas that keeps what was drawn), and
 *   - redraws the marker layer (start, minima, one marker per run: a dozen shapes).
 * Going backwards (scrub, restart) clears the trail and redraws each run's prefix once, thinned to
 * sub-pixel resolution, so 10 runs × 10,000 points cost a few milliseconds even then.
 * Markers that share a spot are spread on a small ring with leader lines (`spreadOffsets`); on the
 * 1-variable curve a value box lists every run's x and f(x) at the playback position.
 */
import type { Viewport } from './axes';
import { formatValue, xToPx, yToPx } from './axes';
import { recordAt } from './store';
import { spreadOffsets } from './spread';
import type { MarkerShape, Theme } from './theme';
import { shapePath } from './theme';

export interface RunGeometry {
  colour: string;
  shape: MarkerShape;
  /** Line dash of the path (CSS pixels at weight 1; empty or absent = solid). */
  dash?: readonly number[];
  label: string;
  /** Step number of each record (non-decreasing). */
  steps: ArrayLike<number>;
  /** Data coordinates of each record on the view's two axes (NaN when not finite). */
  xs: Float64Array;
  ys: Float64Array;
  stop: { reason: string; step: number };
  hidden: boolean;
  /**
   * The rule's second point at each record (ASGD's average, Schedule-Free's averaged x), on the same
   * axes: drawn as a thin dashed path and a hollow marker of the run's shape and colour.
   */
  extra?: { xs: Float64Array; ys: Float64Array; label: string };
}

/** Pixels beyond this are clamped (canvas coordinates far outside misbehave). */
const FAR = 1e5;

/** One row of the value box beside the 1-variable curve. */
interface ReadoutRow {
  run: number;
  x: number;
  f: number;
}

export class PathLayer {
  private runs: RunGeometry[] = [];
  private px: Float32Array[] = [];
  /** Pixels of each run's second point (undefined: the run has none). */
  private extraPx: (Float32Array | undefined)[] = [];
  /** Last record index drawn on the trail per run (−1: nothing). */
  private drawn: number[] = [];
  private vp: Viewport | undefined;
  private theme: Theme;
  focused = -1;
  /**
   * Where each run's point is (CSS px: x, y) and where its marker is drawn (x + dx, y + dy: moved
   * aside when other markers share the spot), for tests and hit-testing.
   */
  readonly markers: ({ x: number; y: number; index: number; dx: number; dy: number; crowd: number } | undefined)[] = [];
  /** Where each run's second point's hollow marker is drawn (CSS px), for tests. */
  readonly extraMarkers: ({ x: number; y: number; index: number } | undefined)[] = [];
  /**
   * 1 variable: every point lies on the one curve, so a box lists each run's x and f(x) at the
   * playback position. `place` picks where the box of w × h px goes (the emptiest corner).
   */
  readout: { names: [string, string]; place: (w: number, h: number) => { x: number; y: number } } | undefined;
  /** The value box's last rectangle and rows (tests read them). */
  readonly readoutBox: { x: number; y: number; width: number; height: number; rows: string[] } = { x: 0, y: 0, width: 0, height: 0, rows: [] };
  startPx: { x: number; y: number } | undefined;
  /** Labels drawn beside reference markers at the last render (tests read them). */
  readonly minimaLabels: { text: string; x: number; y: number; width: number }[] = [];

  constructor(
    private readonly trail: CanvasRenderingContext2D,
    private readonly fg: CanvasRenderingContext2D,
    theme: Theme,
  ) {
    this.theme = theme;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.invalidate();
  }

  setRuns(runs: RunGeometry[]): void {
    this.runs = runs;
    this.project();
  }

  setViewport(vp: Viewport): void {
    this.vp = vp;
    this.project();
  }

  /** The trail must be redrawn from scratch at the next render. */
  invalidate(): void {
    this.drawn = this.runs.map(() => -1);
    this.clearTrail();
  }

  private project(): void {
    const vp = this.vp;
    const toPx = (xs: Float64Array, ys: Float64Array): Float32Array => {
      const n = xs.length;
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const x = vp ? xToPx(vp, xs[i]) : NaN;
        const y = vp ? yToPx(vp, ys[i]) : NaN;
        out[2 * i] = x === x ? Math.max(-FAR, Math.min(FAR, x)) : NaN;
        out[2 * i + 1] = y === y ? Math.max(-FAR, Math.min(FAR, y)) : NaN;
      }
      return out;
    };
    this.px = this.runs.map(r => toPx(r.xs, r.ys));
    this.extraPx = this.runs.map(r => (r.extra ? toPx(r.extra.xs, r.extra.ys) : undefined));
    this.invalidate();
  }

  private clearTrail(): void {
    const c = this.trail.canvas;
    this.trail.save();
    this.trail.setTransform(1, 0, 0, 1, 0, 0);
    this.trail.clearRect(0, 0, c.width, c.height);
    this.trail.restore();
  }

  /** Brings both layers to `position` (a step number). */
  render(position: number, start: { x: number; y: number } | undefined, minima: { x: number; y: number }[], minimaLabel?: string): void {
    const idx = this.runs.map(r => recordAt(r.steps, position));
    if (idx.some((k, r) => k < this.drawn[r])) this.invalidate();
    const ctx = this.trail;
    const vp = this.vp;
    if (vp) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(vp.left, vp.top, vp.width, vp.height);
      ctx.clip();
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      // Paths first in run order, so later runs lie on top consistently; the focused run last.
      const order = this.runs.map((_, r) => r).filter(r => r !== this.focused);
      if (this.focused >= 0 && this.focused < this.runs.length) order.push(this.focused);
      for (const r of order) {
        const run = this.runs[r];
        if (run.hidden || idx[r] <= this.drawn[r]) continue;
        const extra = this.extraPx[r];
        if (extra) this.strokeSegment(ctx, extra, Math.max(0, this.drawn[r]), idx[r], run.colour, false, [6, 4], 0.5);
        this.strokeSegment(ctx, this.px[r], Math.max(0, this.drawn[r]), idx[r], run.colour, r === this.focused, run.dash);
        this.drawn[r] = idx[r];
      }
      ctx.restore();
    }
    this.drawMarkers(idx, start, minima, minimaLabel);
  }

  private strokeSegment(ctx: CanvasRenderingContext2D, p: Float32Array, from: number, to: number, colour: string, focused: boolean, dash: readonly number[] = [], scale = 1): void {
    const w = this.theme.weight * (focused ? 1.4 : 1) * scale;
    const path = new Path2D();
    let pen = false;
    let lx = 0;
    let ly = 0;
    for (let i = from; i <= to; i++) {
      const x = p[2 * i];
      const y = p[2 * i + 1];
      if (x !== x || y !== y) {
        pen = false;
        continue;
      }
      if (!pen) {
        path.moveTo(x, y);
        if (i === to) path.lineTo(x + 0.01, y);
        pen = true;
      } else if (i === to || Math.abs(x - lx) + Math.abs(y - ly) > 0.75) path.lineTo(x, y);
      else continue;
      lx = x;
      ly = y;
    }
    ctx.strokeStyle = this.theme.halo;
    ctx.lineWidth = 4 * w;
    ctx.stroke(path);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * w;
    ctx.setLineDash(dash.map(d => d * w)); // the halo stays solid, so the gaps read as the halo's colour
    ctx.stroke(path);
    ctx.setLineDash([]);
  }

  /** The reference's name beside its star ("least squares"), white on a dark halo, kept inside the plot. */
  private labelMinimum(ctx: CanvasRenderingContext2D, x: number, y: number, text: string, vp: Viewport): void {
    const fs = Math.round(this.theme.fontSize * 0.85);
    ctx.save();
    ctx.font = `600 ${fs}px ${this.theme.font}`;
    const w = ctx.measureText(text).width;
    const right = x + 10 + w <= vp.left + vp.width - 2;
    const tx = right ? x + 10 : x - 10 - w;
    const ty = Math.max(vp.top + fs, Math.min(vp.top + vp.height - 4, y - 8));
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = 'rgba(0,0,0,0.75)';
    ctx.lineWidth = 3;
    ctx.strokeText(text, tx, ty);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, tx, ty);
    ctx.restore();
    this.minimaLabels.push({ text, x: tx, y: ty, width: w });
  }

  private drawMarkers(idx: number[], start: { x: number; y: number } | undefined, minima: { x: number; y: number }[], minimaLabel?: string): void {
    const ctx = this.fg;
    const c = ctx.canvas;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.restore();
    const vp = this.vp;
    if (!vp) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(vp.left - 8, vp.top - 8, vp.width + 16, vp.height + 16);
    ctx.clip();
    const halo = this.theme.halo;
    const weight = this.theme.weight;
    this.minimaLabels.length = 0;
    // known minima: small white four-point stars
    for (const m of minima) {
      ctx.beginPath();
      shapePath(ctx, 'cross', m.x, m.y, 7);
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = '#000000';
      ctx.lineWidth = 1.2;
      ctx.fill();
      ctx.stroke();
      if (minimaLabel) this.labelMinimum(ctx, m.x, m.y, minimaLabel, vp);
    }
    // the shared start point: a white ring (draggable)
    this.startPx = start;
    if (start) {
      ctx.beginPath();
      ctx.arc(start.x, start.y, 6.5, 0, 2 * Math.PI);
      ctx.strokeStyle = halo;
      ctx.lineWidth = 5;
      ctx.stroke();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2.2;
      ctx.stroke();
    }
    this.markers.length = 0;
    const size = 6 * (weight > 1 ? 1.15 : 1);
    const points: ({ x: number; y: number; index: number } | undefined)[] = this.runs.map((run, r) => {
      let i = idx[r];
      const p = this.px[r];
      while (i >= 0 && (p[2 * i] !== p[2 * i] || p[2 * i + 1] !== p[2 * i + 1])) i--;
      return run.hidden || i < 0 ? undefined : { x: p[2 * i], y: p[2 * i + 1], index: i };
    });
    const offsets = spreadOffsets(points, size);
    // each run's second point (ASGD's average, Schedule-Free's x): a hollow marker of its shape, under the run's own
    this.extraMarkers.length = 0;
    this.runs.forEach((run, r) => {
      const p = this.extraPx[r];
      let i = idx[r];
      if (!p || run.hidden) return;
      while (i >= 0 && (p[2 * i] !== p[2 * i] || p[2 * i + 1] !== p[2 * i + 1])) i--;
      if (i < 0) return;
      const x = p[2 * i];
      const y = p[2 * i + 1];
      this.extraMarkers[r] = { x, y, index: i };
      ctx.beginPath();
      shapePath(ctx, run.shape, x, y, size * 0.85);
      ctx.strokeStyle = halo;
      ctx.lineWidth = 4;
      ctx.stroke();
      ctx.strokeStyle = run.colour;
      ctx.lineWidth = 2;
      ctx.stroke();
    });
    // Leaders first (under every marker): from each moved marker back to the point it stands for.
    ctx.lineCap = 'round';
    const centres = new Set<string>();
    points.forEach((pt, r) => {
      const o = offsets[r];
      if (!pt || o.crowd < 2) return;
      ctx.beginPath();
      ctx.moveTo(pt.x, pt.y);
      ctx.lineTo(pt.x + o.dx, pt.y + o.dy);
      ctx.strokeStyle = halo;
      ctx.lineWidth = 3;
      ctx.stroke();
      ctx.strokeStyle = this.runs[r].colour;
      ctx.lineWidth = 1.4;
      ctx.stroke();
      centres.add(`${Math.round(pt.x)},${Math.round(pt.y)}`);
    });
    // the shared spot itself: a small dot
    for (const c of centres) {
      const [x, y] = c.split(',').map(Number);
      ctx.beginPath();
      ctx.arc(x, y, 2.2, 0, 2 * Math.PI);
      ctx.fillStyle = this.theme.fg;
      ctx.strokeStyle = halo;
      ctx.lineWidth = 1.5;
      ctx.fill();
      ctx.stroke();
    }
    const order = this.runs.map((_, r) => r).filter(r => r !== this.focused);
    if (this.focused >= 0 && this.focused < this.runs.length) order.push(this.focused);
    for (const r of order) {
      const run = this.runs[r];
      const pt = points[r];
      if (!pt) {
        this.markers[r] = undefined;
        continue;
      }
      const o = offsets[r];
      this.markers[r] = { ...pt, dx: o.dx, dy: o.dy, crowd: o.crowd };
      const x = pt.x + o.dx;
      const y = pt.y + o.dy;
      const s = r === this.focused ? size * 1.25 : size;
      ctx.beginPath();
      shapePath(ctx, run.shape, x, y, s);
      ctx.fillStyle = run.colour;
      ctx.strokeStyle = halo;
      ctx.lineWidth = 2;
      ctx.fill();
      ctx.stroke();
      // a diverged run that has reached its end gets a red-outlined cross beside its marker
      const ended = idx[r] >= run.steps.length - 1;
      if (ended && run.stop.reason === 'diverged') {
        ctx.beginPath();
        const d = 4;
        ctx.moveTo(x + s + 2, y - s - 2 - d);
        ctx.lineTo(x + s + 2 + 2 * d, y - s - 2 + d);
        ctx.moveTo(x + s + 2 + 2 * d, y - s - 2 - d);
        ctx.lineTo(x + s + 2, y - s - 2 + d);
        ctx.strokeStyle = halo;
        ctx.lineWidth = 4.5;
        ctx.stroke();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
    ctx.restore();
    if (this.readout) {
      const rows: ReadoutRow[] = [];
      points.forEach((pt, r) => {
        if (pt) rows.push({ run: r, x: this.runs[r].xs[pt.index], f: this.runs[r].ys[pt.index] });
      });
      this.drawReadout(rows, this.readout);
    } else this.readoutBox.rows = [];
  }

  /** The 1-variable value box: shape, name, x and f(x) of each shown run at the playback position. */
  private drawReadout(rows: ReadoutRow[], spec: NonNullable<PathLayer['readout']>): void {
    const box = this.readoutBox;
    box.rows = [];
    if (!rows.length) return;
    const ctx = this.fg;
    const fs = Math.round(this.theme.fontSize * 0.82);
    const line = Math.round(fs * 1.45);
    const pad = 6;
    ctx.save();
    ctx.font = `${fs}px ${this.theme.font}`;
    const cells = rows.map(row => [this.runs[row.run].label, `${spec.names[0]} = ${formatValue(row.x)}`, `${spec.names[1]} = ${formatValue(row.f)}`]);
    const widths = [0, 1, 2].map(c => Math.max(...cells.map(cell => ctx.measureText(cell[c]).width)));
    const swatch = fs + 4;
    const gap = 10;
    const w = pad * 2 + swatch + widths[0] + gap + widths[1] + gap + widths[2];
    const h = pad * 2 + line * rows.length - (line - fs) + 2;
    const at = spec.place(w, h);
    Object.assign(box, { x: at.x, y: at.y, width: w, height: h });
    ctx.globalAlpha = 0.88;
    ctx.fillStyle = this.theme.bg;
    ctx.strokeStyle = this.theme.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.rect(Math.round(at.x) + 0.5, Math.round(at.y) + 0.5, Math.round(w), Math.round(h));
    ctx.fill();
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.textBaseline = 'middle';
    rows.forEach((row, k) => {
      const run = this.runs[row.run];
      const cy = at.y + pad + fs / 2 + 1 + k * line;
      ctx.beginPath();
      shapePath(ctx, run.shape, at.x + pad + fs / 2, cy, fs * 0.42);
      ctx.fillStyle = run.colour;
      ctx.strokeStyle = this.theme.halo;
      ctx.lineWidth = 1.2;
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = this.theme.fg;
      ctx.textAlign = 'left';
      let x = at.x + pad + swatch;
      ctx.fillText(cells[k][0], x, cy);
      x += widths[0] + gap + widths[1];
      ctx.textAlign = 'right';
      ctx.fillText(cells[k][1], x, cy);
      x += gap + widths[2];
      ctx.fillText(cells[k][2], x, cy);
      box.rows.push(cells[k].join(' '));
    });
    ctx.restore();
  }
}
