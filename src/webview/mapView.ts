/**
 * The map: three stacked canvases —
 *   background  contour bands, isolines, axes, colour bar (redrawn on view/theme/surface change),
 *   trail       the paths (appended to during playback, see paths.ts),
 *   markers     start, minima and each run's current point (cleared and redrawn every frame).
 * Wheel zooms around the pointer, dragging pans, double-click resets; clicking (or dragging the
 * white start ring) sets a new start point. While a zoomed surface is on its way from the host,
 * the cached field is simply re-projected, which is also all the standalone report ever does.
 *
 * A grid surface's field and isolines are computed in a Web Worker (contourWorker.ts); until they
 * arrive the previous contour (same map variables) stays on show, re-projected.
 */
import type { PanelModel, SurfaceData, ViewState } from '../core/protocol';
import type { Range, Viewport } from './axes';
import { drawAxes, formatValue, insidePlot, plotRect, pxToX, pxToY, xToPx, yToPx } from './axes';
import { ContourLayer, type ContourTimings } from './contour';
import { sampleSurface } from './contourField';
import { ContourComputer } from './contourWorker';
import { CurveLayer } from './curve';
import { el } from './dom';
import { PathLayer, type RunGeometry } from './paths';
import type { BasinLayer } from './basinView';
import { displayName, LEAST_SQUARES } from './store';
import type { Theme } from './theme';
import { runColour, runDash, runShape } from './theme';

export interface MapHost {
  readonly readonly: boolean;
  /** The view's data ranges changed (zoom/pan/reset); undefined = the surface's own bounds. */
  zoomed(zoom: ViewState['zoom']): void;
  /** A finer surface for these ranges would help (debounced by the caller). */
  wantSurface(x: Range, y: Range): void;
  /** The person picked a new start point (map coordinates; the caller fills the other variables). */
  pickStart(point: number[]): void;
  /** A frame needs redrawing at the current position (after a view change). */
  redraw(): void;
}

const COLOUR_BAR = 64;
/** Room above the plot for the slice caption (more than two variables). */
const SLICE_CAPTION = 18;

const CLICK_SLOP = 4;

export class MapView {
  readonly element: HTMLElement;
  private readonly bg: HTMLCanvasElement;
  private readonly trailCanvas: HTMLCanvasElement;
  private readonly fgCanvas: HTMLCanvasElement;
  private readonly bgCtx: CanvasRenderingContext2D;
  readonly paths: PathLayer;
  private model: PanelModel | undefined;
  private contour: ContourLayer | undefined;
  /** The latest grid surface (its contour may still be computing). */
  private grid: Extract<SurfaceData, { kind: 'grid' }> | undefined;
  private readonly computer = new ContourComputer();
  private surfaceSeq = 0;
  /** Sequence number of the surface whose contour is awaited (0: none). */
  private awaiting = 0;
  /** Timing of a new contour, completed and recorded by its first draw. */
  private fresh: { t0: number; mainMs: number; computeMs: number; geometryMs: number; mode: 'worker' | 'sync' } | undefined;
  /** Values the other variables were held at for the contour on show (more than two variables). */
  private contourFixed: number[] | undefined;
  private curve: CurveLayer | undefined;
  private theme: Theme;
  private cssW = 0;
  private cssH = 0;
  private dpr = 1;
  private zoom: ViewState['zoom'];
  vp: Viewport | undefined;
  private axesVars: [number, number] = [0, 1];
  private startPreview: number[] | undefined;
  /** The basin map drawn under the isolines (basinView.ts), when on show. */
  private basins: BasinLayer | undefined;
  private bgQueued = false;
  private readonly resizeObserver: ResizeObserver;
  lastTimings: ContourTimings | undefined;

  constructor(
    private readonly host: MapHost,
    theme: Theme,
  ) {
    this.theme = theme;
    const label = host.readonly
      ? 'Landscape of f with the optimizers’ paths. Scroll to zoom, drag to pan, double-click to reset.'
      : 'Landscape of f with the optimizers’ paths. Click or drag the white ring to set the start point; scroll to zoom, drag to pan, double-click to reset.';
    this.bg = el('canvas', { class: 'ol-layer', role: 'img', 'aria-label': label });
    this.trailCanvas = el('canvas', { class: 'ol-layer', 'aria-hidden': 'true' });
    this.fgCanvas = el('canvas', { class: 'ol-layer ol-layer-top', 'aria-hidden': 'true', tabindex: -1 });
    this.element = el('div', { class: 'ol-map' }, [this.bg, this.trailCanvas, this.fgCanvas]);
    this.bgCtx = this.bg.getContext('2d', { willReadFrequently: false }) as CanvasRenderingContext2D;
    this.paths = new PathLayer(this.trailCanvas.getContext('2d') as CanvasRenderingContext2D, this.fgCanvas.getContext('2d') as CanvasRenderingContext2D, theme);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.element);
    this.bindPointer();
  }

  get canvases(): HTMLCanvasElement[] {
    return [this.bg, this.trailCanvas, this.fgCanvas];
  }

  get kind(): 'grid' | 'curve' | 'none' {
    return this.grid ? 'grid' : this.curve ? 'curve' : 'none';
  }

  /** A contour is being computed (tests wait for it). */
  get contourPending(): boolean {
    return this.awaiting !== 0;
  }

  /** Grid surfaces received so far. */
  get surfaceCount(): number {
    return this.surfaceSeq;
  }

  get contourMode(): 'worker' | 'sync' {
    return this.computer.mode;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.paths.setTheme(theme);
    this.drawBackground();
    this.host.redraw();
  }

  /** A new model (new runs, maybe a new surface). `zoom` is the view to keep. */
  setModel(model: PanelModel, zoom: ViewState['zoom'], hidden: boolean[]): void {
    this.model = model;
    this.zoom = zoom;
    this.startPreview = undefined;
    if (model.surface) this.setSurface(model.surface, false);
    else {
      this.grid = undefined;
      this.contour = undefined;
      this.curve = undefined;
      this.awaiting = 0;
    }
    this.paths.setRuns(this.geometry(model, hidden));
    this.layout();
  }

  /** The same runs with other records (finer ones after a zoom or a scrub): paths only, the surface stays. */
  setRecords(model: PanelModel, hidden: boolean[]): void {
    this.model = model;
    this.paths.setRuns(this.geometry(model, hidden));
    this.host.redraw();
  }

  setHidden(hidden: boolean[]): void {
    if (this.model) this.paths.setRuns(this.geometry(this.model, hidden));
    this.host.redraw();
  }

  /** A surface (from the model or a `surface` reply); its contour is computed off the main thread. */
  setSurface(surface: SurfaceData, relayout = true): void {
    if (surface.kind === 'grid') {
      const t0 = performance.now();
      this.grid = surface;
      this.axesVars = [surface.xVar, surface.yVar];
      this.curve = undefined;
      const seq = ++this.surfaceSeq;
      const samples = sampleSurface(surface);
      if (!samples) {
        this.contour = undefined;
        this.awaiting = 0;
      } else {
        this.awaiting = seq;
        const sampleMs = performance.now() - t0;
        let synchronous = true;
        this.computer.compute(samples, (result, mode) => {
          if (seq !== this.surfaceSeq) return; // a newer surface is on its way
          this.awaiting = 0;
          if (!result.ok) {
            this.contour = undefined;
            return;
          }
          const layer = new ContourLayer(result.field, result.geometry, [surface.xVar, surface.yVar], [surface.nx, surface.ny]);
          this.contour = layer;
          this.contourFixed = surface.fixed;
          // Without the worker the compute ran on this thread too.
          const mainMs = sampleMs + layer.buildMs + (mode === 'sync' ? result.computeMs : 0);
          this.fresh = { t0, mainMs, computeMs: result.computeMs, geometryMs: result.geometryMs, mode };
          // The synchronous fallback answers inside compute(): setSurface (or setModel) lays out next.
          if (!synchronous) {
            this.layout();
            this.host.redraw();
          }
        });
        synchronous = false;
      }
    } else {
      this.axesVars = [0, 0];
      this.curve = new CurveLayer(surface);
      this.grid = undefined;
      this.contour = undefined;
      this.awaiting = 0;
    }
    if (relayout) {
      if (this.model) this.paths.setRuns(this.geometry(this.model, this.hiddenNow()));
      this.layout();
      this.host.redraw();
    }
  }

  private hiddenNow(): boolean[] {
    return (this as unknown as { lastHidden?: boolean[] }).lastHidden ?? [];
  }

  private geometry(model: PanelModel, hidden: boolean[]): RunGeometry[] {
    (this as unknown as { lastHidden?: boolean[] }).lastHidden = hidden;
    const [xv, yv] = this.mapVars(model);
    const curve = this.kind === 'curve' || model.objective.variables.length === 1;
    return model.runs.map((run, r) => {
      const n = run.steps.length;
      const xs = new Float64Array(n);
      const ys = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const x = run.path[k * run.dim + xv];
        const y = curve ? run.loss[k] : run.path[k * run.dim + yv];
        xs[k] = x === null || x === undefined ? NaN : x;
        ys[k] = y === null || y === undefined ? NaN : y;
      }
      const extra = !curve && run.extraPath && run.extraPath.length === run.path.length ? extraGeometry(run.extraPath, run.dim, n, xv, yv, run.extraLabel ?? 'second point') : undefined;
      return { colour: runColour(r), shape: runShape(r), dash: runDash(r), label: displayName(run), steps: run.steps, xs, ys, stop: run.stop, hidden: !!hidden[r], ...(extra ? { extra } : {}) };
    });
  }

  mapVars(model: PanelModel | undefined = this.model): [number, number] {
    if (this.grid) return this.axesVars;
    if (model?.config.mapVariables) return model.config.mapVariables;
    return [0, 1];
  }

  /** The ranges currently shown. */
  ranges(): { x: Range; y: Range } | undefined {
    return this.vp ? { x: [...this.vp.x] as Range, y: [...this.vp.y] as Range } : undefined;
  }

  private baseRanges(): { x: Range; y: Range } {
    const s = this.model?.surface;
    if (this.grid && s && s.kind === 'grid') return { x: s.x, y: s.y };
    if (this.curve) {
      const x = this.curve.surface.x;
      return { x, y: this.curve.yRange(x, this.model?.runs.map(r => r.loss[0] ?? NaN) ?? []) };
    }
    return { x: [-1, 1], y: [-1, 1] };
  }

  private resize(): void {
    const w = Math.round(this.element.clientWidth);
    if (w <= 0) return;
    const h = Math.round(Math.max(240, Math.min(w * 0.72, Math.max(320, window.innerHeight * 0.72), 620)));
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    if (w === this.cssW && h === this.cssH && dpr === this.dpr) return;
    this.cssW = w;
    this.cssH = h;
    this.dpr = dpr;
    this.element.style.height = `${h}px`;
    for (const c of this.canvases) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
      c.getContext('2d')?.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    this.layout();
    this.host.redraw();
  }

  /** Recomputes the viewport from zoom + size, re-projects the paths and redraws the background. */
  layout(): void {
    if (!this.cssW) return;
    const base = this.baseRanges();
    let x = this.zoom?.x ?? base.x;
    let y = this.zoom?.y ?? base.y;
    if (this.curve) y = this.curve.yRange(x, this.zoom ? [] : (this.model?.runs.map(r => r.loss[0] ?? NaN) ?? []));
    if (!(x[1] > x[0])) x = [x[0] - 1, x[0] + 1];
    if (!(y[1] > y[0])) y = [y[0] - 1, y[0] + 1];
    const rect = plotRect(this.cssW, this.cssH, this.grid ? COLOUR_BAR : 0, this.sliceNote() ? SLICE_CAPTION : 0);
    this.vp = { x, y, ...rect };
    const vars = this.model?.objective.variables ?? ['x'];
    this.paths.readout = this.curve ? { names: [vars[0] ?? 'x', 'f'], place: (w, h) => this.placeReadout(w, h) } : undefined;
    this.paths.setViewport(this.vp);
    this.drawBackground();
  }

  private drawBackground(): void {
    const vp = this.vp;
    const ctx = this.bgCtx;
    if (!vp) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.bg.width, this.bg.height);
    ctx.restore();
    ctx.fillStyle = this.theme.grid;
    ctx.fillRect(vp.left, vp.top, vp.width, vp.height);
    const vars = this.model?.objective.variables ?? ['x', 'y'];
    const [xv, yv] = this.mapVars();
    const contour = this.contour && this.contour.axes[0] === xv && this.contour.axes[1] === yv ? this.contour : undefined;
    if (contour) {
      const t0 = performance.now();
      contour.draw(ctx, vp, this.dpr, this.theme, () => this.drawBasins(ctx, vp));
      contour.drawColourBar(ctx, vp.left + vp.width + 16, vp.top + 16, 12, vp.height - 16, this.theme);
      const drawMs = performance.now() - t0;
      const f = contour.field;
      const fresh = this.fresh;
      this.fresh = undefined;
      this.lastTimings = fresh
        ? { computeMs: fresh.computeMs, geometryMs: fresh.geometryMs, drawMs, mainMs: fresh.mainMs + drawMs, totalMs: performance.now() - fresh.t0, mode: fresh.mode, fresh: true, nx: contour.sourceSize[0], ny: contour.sourceSize[1], levels: f.levels.length }
        : { computeMs: 0, drawMs, mainMs: drawMs, totalMs: drawMs, mode: this.computer.mode, fresh: false, nx: contour.sourceSize[0], ny: contour.sourceSize[1], levels: f.levels.length };
      recordTiming(this.lastTimings);
    } else if (this.curve) {
      this.curve.draw(ctx, vp, this.theme);
    } else this.drawBasins(ctx, vp);
    drawAxes(ctx, vp, this.theme, {
      x: vars[xv] ?? 'x',
      y: this.curve ? `f(${vars[0] ?? 'x'})` : (vars[yv] ?? 'y'),
    });
    this.drawSliceCaption(ctx, vp);
  }

  /** The basin layer (or none): redraws the background. */
  setBasins(layer: BasinLayer | undefined): void {
    this.basins = layer;
    this.drawBackground();
  }

  /** Whether a basin layer is on show (tests). */
  get basinsShown(): boolean {
    return !!this.basins;
  }

  /** The basin image over its data rectangle, translucent, clipped to the plot (only over the variables it was computed for). */
  private drawBasins(ctx: CanvasRenderingContext2D, vp: Viewport): void {
    const b = this.basins;
    const [xv, yv] = this.mapVars();
    if (!b || this.curve || b.axes[0] !== xv || b.axes[1] !== yv) return;
    const left = xToPx(vp, b.x[0]);
    const right = xToPx(vp, b.x[1]);
    const top = yToPx(vp, b.y[1]);
    const bottom = yToPx(vp, b.y[0]);
    ctx.save();
    ctx.beginPath();
    ctx.rect(vp.left, vp.top, vp.width, vp.height);
    ctx.clip();
    ctx.globalAlpha = b.alpha;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(b.image, left, top, right - left, bottom - top);
    ctx.restore();
  }

  /**
   * What the map shows with more than two variables: "slice at z = 0.5605" — the values the other
   * variables were held at for the surface on show (not the start values: the host re-samples the
   * slice as the paths move or when the person fixes them). Empty when there is no slice.
   */
  sliceNote(): string {
    const m = this.model;
    const g = this.grid;
    if (!m || !g || m.objective.variables.length <= 2) return '';
    const [xv, yv] = this.mapVars();
    const drawn = this.contour && this.contour.axes[0] === xv && this.contour.axes[1] === yv;
    const fixed = drawn ? (this.contourFixed ?? g.fixed) : g.fixed;
    if (!fixed) return '';
    const parts: string[] = [];
    m.objective.variables.forEach((v, i) => {
      if (i !== xv && i !== yv && fixed[i] !== undefined && Number.isFinite(fixed[i])) parts.push(`${v} = ${formatValue(fixed[i])}`);
    });
    return parts.length ? `slice at ${parts.join(', ')}` : '';
  }

  /** The slice note above the plot (left), with how it is chosen when there is room. */
  private drawSliceCaption(ctx: CanvasRenderingContext2D, vp: Viewport): void {
    const note = this.sliceNote();
    if (!note) return;
    const m = this.model;
    const how = m?.config.sliceMode === 'fixed' ? 'fixed values' : this.host.readonly ? '' : 'follows the paths when playback pauses';
    const fs = Math.round(this.theme.fontSize * 0.85);
    ctx.save();
    ctx.font = `${fs}px ${this.theme.font}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = this.theme.fg;
    const y = vp.top - 6;
    ctx.fillText(note, vp.left, y);
    const w = ctx.measureText(note).width;
    if (how) {
      const more = ` · ${how}`;
      if (w + ctx.measureText(more).width <= vp.width) {
        ctx.fillStyle = this.theme.muted;
        ctx.fillText(more, vp.left + w, y);
      }
    }
    ctx.restore();
  }

  /** Renders paths + markers at `position`. */
  render(position: number): void {
    const vp = this.vp;
    const m = this.model;
    if (!vp || !m) return;
    const [xv, yv] = this.mapVars();
    const start = this.startPreview ?? m.config.start;
    let startPx: { x: number; y: number } | undefined;
    const minima: { x: number; y: number }[] = [];
    if (this.curve) {
      const fStart = this.startPreview ? this.curveAt(start[0]) : (m.runs[0]?.loss[0] ?? this.curveAt(start[0]));
      if (fStart !== null && Number.isFinite(fStart)) startPx = { x: xToPx(vp, start[0]), y: yToPx(vp, fStart) };
      for (const mm of m.reference?.minima ?? []) {
        const f = this.curveAt(mm[0]);
        if (Number.isFinite(f)) minima.push({ x: xToPx(vp, mm[0]), y: yToPx(vp, f) });
      }
    } else {
      startPx = { x: xToPx(vp, start[xv]), y: yToPx(vp, start[yv]) };
      for (const mm of m.reference?.minima ?? []) if (mm.length > Math.max(xv, yv)) minima.push({ x: xToPx(vp, mm[xv]), y: yToPx(vp, mm[yv]) });
    }
    // Dataset runs: the reference is the exact least-squares solution, not a "known minimum".
    this.paths.render(position, startPx, minima, m.reference?.kind === 'least-squares' ? LEAST_SQUARES : undefined);
  }

  /**
   * Where the 1-variable value box goes: the plot corner that the curve and the markers cross
   * least (top right first on a tie).
   */
  private placeReadout(w: number, h: number): { x: number; y: number } {
    const vp = this.vp;
    const c = this.curve;
    if (!vp) return { x: 0, y: 0 };
    const m = 6;
    const right = vp.left + vp.width - w - m;
    const bottom = vp.top + vp.height - h - m;
    const corners = [
      { x: right, y: vp.top + m },
      { x: vp.left + m, y: vp.top + m },
      { x: right, y: bottom },
      { x: vp.left + m, y: bottom },
    ];
    const inside = (r: { x: number; y: number }, px: number, py: number, slop: number) => px >= r.x - slop && px <= r.x + w + slop && py >= r.y - slop && py <= r.y + h + slop;
    let best = corners[0];
    let bestScore = Infinity;
    for (const r of corners) {
      let score = 0;
      if (c)
        for (let i = 0; i < c.xs.length; i += 2) {
          const f = c.fs[i];
          if (f === f && inside(r, xToPx(vp, c.xs[i]), yToPx(vp, f), 2)) score++;
        }
      for (const mk of this.paths.markers) if (mk && inside(r, mk.x + mk.dx, mk.y + mk.dy, 8)) score += 20;
      const s = this.paths.startPx;
      if (s && inside(r, s.x, s.y, 8)) score += 20;
      if (score < bestScore) {
        best = r;
        bestScore = score;
      }
    }
    return best;
  }

  private curveAt(x: number): number {
    const c = this.curve;
    if (!c) return NaN;
    const s = c.surface;
    const g = ((x - s.x[0]) / (s.x[1] - s.x[0])) * (s.n - 1);
    const i = Math.max(0, Math.min(s.n - 2, Math.floor(g)));
    const t = g - i;
    return c.fs[i] + (c.fs[i + 1] - c.fs[i]) * t;
  }

  private queueBackground(): void {
    if (this.bgQueued) return;
    this.bgQueued = true;
    requestAnimationFrame(() => {
      this.bgQueued = false;
      this.layout();
      this.host.redraw();
    });
  }

  /** Sets the view's data ranges (undefined = the surface's bounds). */
  setZoom(zoom: ViewState['zoom'], notify = true): void {
    this.zoom = zoom;
    this.queueBackground();
    if (notify) {
      this.host.zoomed(zoom);
      const r = zoom ?? this.baseRanges();
      if (this.grid) this.host.wantSurface(r.x, r.y);
    }
  }

  private bindPointer(): void {
    const target = this.fgCanvas;
    target.addEventListener(
      'wheel',
      e => {
        const vp = this.vp;
        if (!vp) return;
        e.preventDefault();
        const rect = target.getBoundingClientRect();
        const px = e.clientX - rect.left;
        const py = e.clientY - rect.top;
        const factor = Math.exp(Math.max(-1, Math.min(1, e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015))));
        const cx = pxToX(vp, px);
        const cy = pxToY(vp, py);
        const x: Range = [cx + (vp.x[0] - cx) * factor, cx + (vp.x[1] - cx) * factor];
        const y: Range = this.curve ? vp.y : [cy + (vp.y[0] - cy) * factor, cy + (vp.y[1] - cy) * factor];
        this.setZoom({ x, y });
      },
      { passive: false },
    );
    let drag: { mode: 'pan' | 'start'; x0: number; y0: number; vp: Viewport; moved: boolean; id: number } | undefined;
    target.addEventListener('pointerdown', e => {
      const vp = this.vp;
      if (!vp || e.button !== 0) return;
      const rect = target.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      if (!insidePlot(vp, px, py)) return;
      const s = this.paths.startPx;
      const onStart = !this.host.readonly && s && Math.hypot(s.x - px, s.y - py) <= 11;
      drag = { mode: onStart ? 'start' : 'pan', x0: px, y0: py, vp: { ...vp }, moved: false, id: e.pointerId };
      target.setPointerCapture(e.pointerId);
    });
    target.addEventListener('pointermove', e => {
      const rect = target.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      if (!drag) {
        const s = this.paths.startPx;
        target.classList.toggle('is-over-start', !this.host.readonly && !!s && Math.hypot(s.x - px, s.y - py) <= 11);
        return;
      }
      if (Math.abs(px - drag.x0) + Math.abs(py - drag.y0) > CLICK_SLOP) drag.moved = true;
      if (!drag.moved) return;
      if (drag.mode === 'start') {
        this.startPreview = this.pointAt(px, py);
        this.host.redraw();
      } else {
        const v = drag.vp;
        const dx = ((px - drag.x0) / v.width) * (v.x[1] - v.x[0]);
        const dy = ((py - drag.y0) / v.height) * (v.y[1] - v.y[0]);
        this.setZoom({ x: [v.x[0] - dx, v.x[1] - dx], y: this.curve ? v.y : [v.y[0] + dy, v.y[1] + dy] }, false);
        target.classList.add('is-panning');
      }
    });
    const end = (e: PointerEvent, cancelled: boolean) => {
      if (!drag || e.pointerId !== drag.id) return;
      const d = drag;
      drag = undefined;
      target.classList.remove('is-panning');
      const rect = target.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      if (cancelled) {
        this.startPreview = undefined;
        this.host.redraw();
        return;
      }
      if (d.mode === 'pan' && d.moved) {
        this.setZoom(this.zoomNow(), true);
        return;
      }
      if (this.host.readonly) return;
      if (d.mode === 'start' || !d.moved) {
        const p = this.pointAt(px, py);
        this.startPreview = p;
        this.host.redraw();
        if (p) this.host.pickStart(p);
      }
    };
    target.addEventListener('pointerup', e => end(e, false));
    target.addEventListener('pointercancel', e => end(e, true));
    target.addEventListener('dblclick', e => {
      e.preventDefault();
      this.setZoom(undefined);
    });
  }

  private zoomNow(): ViewState['zoom'] {
    return this.zoom;
  }

  /** The map point under a pixel: [x] on the curve, [x, y] on the map (in map-variable order). */
  private pointAt(px: number, py: number): number[] | undefined {
    const vp = this.vp;
    if (!vp) return undefined;
    const x = pxToX(vp, Math.max(vp.left, Math.min(vp.left + vp.width, px)));
    const y = pxToY(vp, Math.max(vp.top, Math.min(vp.top + vp.height, py)));
    if (this.curve) return [round(x, vp.x)];
    const full = [...(this.model?.config.start ?? [x, y])];
    const [xv, yv] = this.mapVars();
    full[xv] = round(x, vp.x);
    full[yv] = round(y, vp.y);
    return full;
  }

  /** Forgets a start preview (the host answered or refused). */
  clearPreview(): void {
    this.startPreview = undefined;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.computer.dispose();
  }
}

/** Rounds a picked coordinate to ~1/1000 of the visible range (clean numbers in the config). */
function round(v: number, r: Range): number {
  const step = Math.pow(10, Math.floor(Math.log10((r[1] - r[0]) / 1000)));
  return Number((Math.round(v / step) * step).toPrecision(12));
}

declare global {
  interface Window {
    __optimizerLabTimings?: { contour: ContourTimings[]; frames?: number[]; showMs?: number };
  }
}

function recordTiming(t: ContourTimings | undefined): void {
  if (!t) return;
  const w = window;
  w.__optimizerLabTimings ??= { contour: [] };
  w.__optimizerLabTimings.contour.push({ ...t });
  if (w.__optimizerLabTimings.contour.length > 50) w.__optimizerLabTimings.contour.shift();
}

/** A run's second point on the map's two variables (NaN where not finite). */
function extraGeometry(path: readonly (number | null)[], dim: number, n: number, xv: number, yv: number, label: string): NonNullable<RunGeometry['extra']> {
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = path[k * dim + xv];
    const y = path[k * dim + yv];
    xs[k] = x === null || x === undefined ? NaN : x;
    ys[k] = y === null || y === undefined ? NaN : y;
  }
  return { xs, ys, label };
}
