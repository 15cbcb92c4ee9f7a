/**
 * The three charts (chart.js): loss, effective learning rate per parameter, and step size |Δx|,
 * each against the step number, for every run in its run colour.
 *
 * Dataset runs (traces with `epoch`): the loss chart can be drawn against the epoch instead
 * (x = step / steps-per-epoch, inferred from the epoch arrays), and epoch boundaries are marked
 * faintly on its step axis. Noise runs (traces with `lossMean` + `lossBand`): the loss chart shows the
 * mean over seeds as the line and the seeds' min–max as a translucent band in the run's colour
 * (chart.js `fill` between two datasets).
 *
 * Long runs are thinned before they reach chart.js (min/max per bucket, so spikes survive), and
 * charts are redrawn only when data, scale or theme change. New data does not delay the panel's
 * first frame: each chart is filled when its card scrolls into view (after that frame is painted),
 * and the ones still waiting are filled one per task once the first frame has painted. The playback cursor is an overlay
 * canvas per chart, maintained by a small inline plugin (`cursorPlugin`): moving it costs a clear
 * and a line, never a chart redraw, so it can follow playback at 60 fps.
 */
import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { NumOrNull, PanelModel, TraceData } from '../core/protocol';
import { formatPow10, formatValue, logTicks } from './axes';
import { el } from './dom';
import { recordAt } from './store';
import { inferStepsPerEpoch, movingMean, thin, thinBand, type Point } from './series';
import type { Theme } from './theme';
import { availableAxes, axisTitle, hasExtraEvaluations, hasTimes, perRunAxis, recordXs, xOf, type AxisContext, type LossAxis } from './budgetAxis';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Filler);

const DASHES: number[][] = [[], [6, 3], [2, 3], [8, 3, 2, 3], [1, 2]];

type Kind = 'loss' | 'lr' | 'step';
export type { LossAxis };
/** chart.js datasets with the run they belong to; `band` marks the two edges of a noise band. */
type RunDataset = ChartDataset<'line', Point[]> & { runIndex: number; band?: boolean };

export interface ChartRun {
  trace: TraceData;
  colour: string;
  hidden: boolean;
}

/** `#rrggbb` → `rgba(r, g, b, alpha)` (run colours are hex). */
export function withAlpha(colour: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return colour;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/** What the legend and the chart key say about a noise run's line: "mean of 8 seeds" when N is known. */
export function seedsLabel(model: Pick<PanelModel, 'config'>): string {
  const n = model.config.noise?.seeds;
  return n && n > 1 ? `mean of ${n} seeds` : 'mean over seeds';
}

const hasBand = (t: TraceData): boolean =>
  !!t.lossMean && !!t.lossBand && t.lossMean.length === t.steps.length && t.lossBand.lo.length === t.steps.length && t.lossBand.hi.length === t.steps.length;

/** Factor of room a log axis leaves beyond its data at each end. */
const LOG_PAD = 1.15;

/** Opacity of a noise band: faint enough for three overlapping bands to stay readable. */
const BAND_ALPHA: Record<Theme['kind'], number> = { light: 0.16, dark: 0.22, 'high-contrast': 0.3 };

const positiveOrNull = (v: NumOrNull): NumOrNull => (v !== null && Number.isFinite(v) && v > 0 ? v : null);

export function stepNorms(t: TraceData): NumOrNull[] {
  const n = t.steps.length;
  const out: NumOrNull[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let ok = true;
    for (let d = 0; d < t.dim; d++) {
      const v = t.delta[i * t.dim + d];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        ok = false;
        break;
      }
      s += v * v;
    }
    out[i] = ok ? Math.sqrt(s) : null;
  }
  return out;
}

interface ChartSlot {
  kind: Kind;
  /** Made on the first fill (see `chartOf`). */
  chart: Chart<'line', Point[]> | undefined;
  canvas: HTMLCanvasElement;
  config: ChartConfiguration<'line', Point[]>;
  overlay: HTMLCanvasElement;
  card: HTMLElement;
  /** Per run: series shown (after smoothing/shift) aligned with trace.steps, for cursor dots. */
  series: (NumOrNull[] | undefined)[];
  /** This chart's horizontal axis (the loss chart's can be epochs or gradient evaluations) and step → x on it. */
  xAxis: LossAxis;
  x: (step: number) => number;
  /** Per run: each record's x, when the axis places runs differently (evaluations with L-BFGS). */
  runX?: ArrayLike<number>[];
}

export class ChartsView {
  readonly element: HTMLElement;
  private slots: ChartSlot[] = [];
  private runs: ChartRun[] = [];
  private variables: string[] = [];
  private lossScale: 'log' | 'linear' = 'log';
  private smoothing = 0;
  private end = 1;
  private position = 0;
  private lossShift = 0;
  private lossAxis: LossAxis = 'step';
  /** Updates per epoch (dataset runs), undefined otherwise. */
  private stepsPerEpoch: number | undefined;
  /** Rows and rows per update (dataset runs), for the gradient-evaluations axis. */
  private cost: AxisContext['cost'];
  /** Some run evaluates f and ∇f more than once per update (its evaluations axis is its own). */
  private extraEvaluations = false;
  /** Every run has its compute time per record (the wall-clock axis). */
  private times = false;
  private seeds = 'mean over seeds';
  private theme: Theme;
  private readonly lrKey: HTMLElement;
  private readonly lossKey: HTMLElement;
  /** Charts whose data changed and that are not filled yet (see the header). */
  private readonly pending = new Set<ChartSlot>();
  private readonly observer: IntersectionObserver | undefined;
  private drainScheduled = false;

  constructor(theme: Theme) {
    this.theme = theme;
    this.lrKey = el('div', { class: 'ol-chart-key', 'aria-hidden': 'true' });
    this.lossKey = el('div', { class: 'ol-chart-key ol-loss-key' });
    this.element = el('section', { class: 'ol-charts', 'aria-label': 'Charts' });
    for (const kind of ['loss', 'lr', 'step'] as Kind[]) this.slots.push(this.makeSlot(kind));
    this.observer = typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(entries => {
        for (const e of entries) {
          const slot = this.slots.find(s => s.card === e.target);
          if (e.isIntersecting && slot && this.pending.has(slot)) this.fillPending(slot);
        }
      })
      : undefined;
    for (const slot of this.slots) this.observer?.observe(slot.card);
  }

  /** Fills `slot` later (see the header); at once where the page cannot tell when it painted. */
  private request(slot: ChartSlot): void {
    if (!this.observer || typeof requestAnimationFrame !== 'function') {
      this.fill(slot);
      return;
    }
    this.pending.add(slot);
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    // a rAF callback runs before its frame is painted; a task queued from it runs after
    requestAnimationFrame(() => setTimeout(() => this.drain(), 0));
  }

  /** One waiting chart per task, in page order, so input and playback stay responsive meanwhile. */
  private drain(): void {
    const next = this.slots.find(s => this.pending.has(s));
    if (!next) {
      this.drainScheduled = false;
      return;
    }
    this.fillPending(next);
    setTimeout(() => this.drain(), 0);
  }

  private fillPending(slot: ChartSlot): void {
    this.pending.delete(slot);
    this.fill(slot);
    if (this.pending.size === 0 && typeof performance !== 'undefined' && typeof performance.mark === 'function') {
      performance.mark('optimizer-lab:charts-filled');
    }
  }

  /** Fills every waiting chart now. */
  flush(): void {
    for (const slot of this.slots) if (this.pending.has(slot)) this.fillPending(slot);
  }

  private makeSlot(kind: Kind): ChartSlot {
    const titles: Record<Kind, [string, string]> = {
      loss: ['Loss f(x)', 'Loss against step for every optimizer'],
      lr: ['Effective learning rate', 'Effective learning rate per parameter against step, log scale'],
      step: ['Step size |Δx|', 'Length of each update step against step, log scale'],
    };
    const canvas = el('canvas', { role: 'img', 'aria-label': titles[kind][1] });
    const overlay = el('canvas', { class: 'ol-chart-cursor', 'aria-hidden': 'true' });
    const box = el('div', { class: 'ol-chart-box' }, [canvas, overlay]);
    const card = el('figure', { class: `ol-chart-card ol-chart-${kind}` }, [
      el('figcaption', { class: 'ol-chart-title', text: titles[kind][0] }),
      box,
      kind === 'lr' ? this.lrKey : kind === 'loss' ? this.lossKey : null,
    ]);
    this.element.appendChild(card);
    const slot = { kind, canvas, overlay, card, series: [], xAxis: 'step', x: (s: number) => s } as unknown as ChartSlot;
    const cursorPlugin: Plugin<'line'> = {
      id: 'olCursor',
      beforeDatasetsDraw: () => this.drawEpochBoundaries(slot),
      afterDraw: () => this.drawCursor(slot),
    };
    const config: ChartConfiguration<'line', Point[]> = {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hoverRadius: 3, hitRadius: 4 }, line: { borderWidth: 1.6, tension: 0 } },
        layout: { padding: { right: 6 } },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: item => !(item.dataset as RunDataset).band,
            callbacks: {
              title: items => {
                if (!items.length) return '';
                const x = items[0].parsed.x ?? 0;
                if (slot.xAxis === 'epoch') return `epoch ${formatValue(x)} (step ${Math.round(x * (this.stepsPerEpoch ?? 1))})`;
                return slot.xAxis === 'evaluations' ? `${formatValue(x)} gradient evaluations` : slot.xAxis === 'time' ? `${formatValue(x)} ms` : `step ${x}`;
              },
              label: item => {
                const y = item.parsed.y;
                const shown = y === null ? null : kind === 'loss' && this.lossShift ? y + this.lossShift : y;
                return `${item.dataset.label ?? ''}: ${formatValue(shown)}`;
              },
            },
          },
        },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: 'step' } },
          y: { type: 'logarithmic', title: { display: true, text: '' } },
        },
      },
      plugins: [cursorPlugin],
    };
    slot.config = config;
    return slot;
  }

  /**
   * The slot's chart, made on its first fill: a chart made before its canvas is in the page measures
   * its size (a forced layout of the whole page) when the canvas is attached, which would fall in
   * the panel's first frame.
   */
  private chartOf(slot: ChartSlot): Chart<'line', Point[]> {
    return (slot.chart ??= new Chart(slot.canvas, slot.config));
  }

  setData(model: PanelModel, runs: ChartRun[], lossScale: 'log' | 'linear', smoothing: number, end: number): void {
    this.runs = runs;
    this.variables = model.objective.variables;
    this.lossScale = lossScale;
    this.smoothing = smoothing;
    this.end = Math.max(1, end);
    const data = model.config.data;
    const fromSteps = data && data.epochs > 0 && model.config.steps % data.epochs === 0 ? model.config.steps / data.epochs : undefined;
    const hint = model.data?.stepsPerEpoch ?? fromSteps;
    this.stepsPerEpoch = inferStepsPerEpoch(runs.map(r => r.trace), hint);
    this.cost = model.data ? { rows: model.data.rows, batchSize: model.data.batchSize } : undefined;
    this.extraEvaluations = runs.some(r => hasExtraEvaluations(r.trace));
    this.times = hasTimes(runs.map(r => r.trace));
    this.seeds = seedsLabel(model);
    // Dataset runs: the loss is the cost, the mean of the per-row loss over every row.
    const title = this.slots[0].card.querySelector('.ol-chart-title');
    const vars = model.objective.variables;
    if (title) title.textContent = data ? 'Cost (mean loss over all rows)' : vars.length <= 4 ? `Loss f(${vars.join(', ')})` : 'Loss f';
    for (const slot of this.slots) this.request(slot);
    this.renderLossKey();
    this.renderKey();
  }

  /** The loss chart's possible horizontal axes for these runs. */
  get axes(): LossAxis[] {
    return availableAxes({ stepsPerEpoch: this.stepsPerEpoch, cost: this.cost, extraEvaluations: this.extraEvaluations, times: this.times });
  }

  get epochLength(): number | undefined {
    return this.stepsPerEpoch;
  }

  setLossOptions(lossScale: 'log' | 'linear', smoothing: number, axis: LossAxis = this.lossAxis): void {
    if (lossScale === this.lossScale && smoothing === this.smoothing && axis === this.lossAxis) return;
    this.lossScale = lossScale;
    this.smoothing = smoothing;
    this.lossAxis = axis;
    if (this.pending.has(this.slots[0])) this.renderLossKey();
    else this.fill(this.slots[0]);
  }

  setHidden(hidden: boolean[]): void {
    hidden.forEach((h, i) => {
      if (this.runs[i]) this.runs[i].hidden = h;
    });
    for (const slot of this.slots) {
      const chart = slot.chart;
      if (this.pending.has(slot) || !chart) continue; // filled with the runs' current visibility
      for (const ds of chart.data.datasets) ds.hidden = this.runs[(ds as RunDataset).runIndex]?.hidden ?? false;
      chart.update('none');
    }
  }

  private fill(slot: ChartSlot): void {
    const datasets: ChartDataset<'line', Point[]>[] = [];
    slot.series = [];
    const theme = this.theme;
    slot.xAxis = slot.kind === 'loss' && this.axes.includes(this.lossAxis) ? this.lossAxis : 'step';
    const axisCtx = { stepsPerEpoch: this.stepsPerEpoch, cost: this.cost, extraEvaluations: this.extraEvaluations, times: this.times };
    slot.x = xOf(slot.xAxis, axisCtx);
    slot.runX = perRunAxis(slot.xAxis, axisCtx) ? this.runs.map(r => recordXs(slot.xAxis, axisCtx, r.trace)) : undefined;
    if (slot.kind === 'loss') {
      // The line: the loss, or for noise runs the mean over seeds (with its band).
      const lines = this.runs.map(r => movingMean(hasBand(r.trace) ? (r.trace.lossMean as NumOrNull[]) : r.trace.loss, this.smoothing));
      const bands = this.runs.map(r => {
        const b = r.trace.lossBand;
        return hasBand(r.trace) && b ? { lo: movingMean(b.lo, this.smoothing), hi: movingMean(b.hi, this.smoothing) } : undefined;
      });
      this.lossShift = 0;
      if (this.lossScale === 'log') {
        let min = Infinity;
        let max = -Infinity;
        const scan = (vs: NumOrNull[]) => {
          for (const v of vs)
            if (v !== null && Number.isFinite(v)) {
              if (v < min) min = v;
              if (v > max) max = v;
            }
        };
        lines.forEach(scan);
        for (const b of bands) if (b) scan(b.lo);
        if (min < 0 && Number.isFinite(min)) this.lossShift = min - Math.max(1e-12, (max - min) * 1e-9);
      }
      const shown = (vs: NumOrNull[]) => vs.map(v => (v === null ? null : this.lossScale === 'log' ? positiveOrNull(v - this.lossShift) : v));
      this.runs.forEach((r, i) => {
        const t = r.trace;
        const xs = slot.runX ? Array.from(slot.runX[i]) : slot.xAxis === 'step' ? t.steps : t.steps.map(slot.x);
        const ys = shown(lines[i]);
        slot.series[i] = ys;
        const band = bands[i];
        if (band) {
          const [lo, hi] = thinBand(xs, shown(band.lo), shown(band.hi));
          const edge = { borderWidth: 0, borderColor: 'transparent', pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0, hidden: r.hidden, runIndex: i, band: true };
          datasets.push({ ...edge, label: `${t.label} band (min)`, data: lo, fill: false, backgroundColor: 'transparent' } as RunDataset);
          datasets.push({ ...edge, label: `${t.label} band (max)`, data: hi, fill: '-1', backgroundColor: withAlpha(r.colour, BAND_ALPHA[theme.kind]) } as RunDataset);
        }
        const line = this.dataset(r, i, band ? `${t.label} (${this.seeds})` : t.label, thin(xs, ys), []);
        if (band) line.borderWidth = 2.2 * theme.weight;
        datasets.push(line);
      });
      const yTitle = this.lossShift ? 'f − min f (log)' : this.lossScale === 'log' ? 'f (log)' : 'f';
      this.configureScales(slot, this.lossScale === 'log' ? 'logarithmic' : 'linear', this.smoothing > 1 ? `${yTitle}, mean of ${this.smoothing}` : yTitle);
      this.renderLossKey();
    } else if (slot.kind === 'lr') {
      this.runs.forEach((r, i) => {
        const t = r.trace;
        for (let d = 0; d < t.dim; d++) {
          const ys: NumOrNull[] = new Array(t.steps.length);
          for (let k = 0; k < t.steps.length; k++) ys[k] = positiveOrNull(t.effectiveLr[k * t.dim + d] ?? null);
          const name = this.variables[d] ?? `x${d + 1}`;
          datasets.push(this.dataset(r, i, t.dim > 1 ? `${t.label} · ${name}` : t.label, thin(t.steps, ys), DASHES[d % DASHES.length]));
        }
      });
      this.configureScales(slot, 'logarithmic', 'η_eff (log)');
    } else {
      this.runs.forEach((r, i) => {
        const ys = stepNorms(r.trace).map(positiveOrNull);
        slot.series[i] = ys;
        datasets.push(this.dataset(r, i, r.trace.label, thin(r.trace.steps, ys), []));
      });
      this.configureScales(slot, 'logarithmic', '|Δx| (log)');
    }
    const chart = this.chartOf(slot);
    chart.data.datasets = datasets;
    chart.update('none');
  }

  private dataset(r: ChartRun, runIndex: number, label: string, data: Point[], dash: number[]): ChartDataset<'line', Point[]> {
    const ds: RunDataset = {
      label,
      data,
      borderColor: r.colour,
      backgroundColor: r.colour,
      borderDash: dash,
      hidden: r.hidden,
      runIndex,
    };
    return ds;
  }

  private configureScales(slot: ChartSlot, yType: 'logarithmic' | 'linear', yTitle: string): void {
    const theme = this.theme;
    const fs = Math.round(theme.fontSize * 0.8);
    const tick = { color: theme.muted, font: { size: fs, family: theme.font }, maxRotation: 0, autoSkipPadding: 8 };
    const title = (text: string) => ({ display: true, text, color: theme.muted, font: { size: fs, family: theme.font } });
    const grid = { color: theme.grid };
    const border = { color: theme.border };
    const options = this.chartOf(slot).options;
    const epochs = slot.xAxis === 'epoch';
    options.scales = {
      x: { type: 'linear', min: 0, max: slot.runX ? Math.max(1, ...slot.runX.map(xs => (xs.length ? xs[xs.length - 1] : 0))) : slot.x(this.end), ticks: { ...tick, precision: epochs || slot.xAxis === 'time' ? undefined : 0 }, grid, border, title: title(slot.xAxis === 'evaluations' && !this.cost ? 'f-and-∇f evaluations' : axisTitle(slot.xAxis)) },
      y: {
        type: yType,
        // Log axes: a little room above and below the data, so a flat line at the smallest or largest
        // value (SGD's constant rate) is not drawn on top of the axis line.
        afterDataLimits: yType === 'logarithmic' ? scale => {
          if (scale.min > 0 && scale.max >= scale.min) {
            scale.min /= LOG_PAD;
            scale.max *= LOG_PAD;
          }
        } : undefined,
        // Log axes: evenly spaced decades (every k-th one), as many as fit without crowding.
        afterBuildTicks: yType === 'logarithmic' ? scale => {
          const fit = Math.max(2, Math.min(6, Math.floor((scale.height || 160) / (fs * 2.6))));
          const ticks = logTicks(scale.min, scale.max, fit);
          if (ticks.length >= 2) scale.ticks = ticks.map(value => ({ value, major: false }));
        } : undefined,
        ticks: {
          ...tick,
          callback: (v: string | number) => {
            const n = Number(v);
            if (yType === 'logarithmic') {
              const e = Math.log10(n);
              return Math.abs(e - Math.round(e)) > 1e-6 ? formatValue(n) : formatPow10(n);
            }
            return formatValue(n);
          },
        },
        grid,
        border,
        title: title(yTitle),
      },
    };
    if (options.plugins?.tooltip) {
      options.plugins.tooltip.backgroundColor = theme.kind === 'light' ? 'rgba(255,255,255,0.96)' : 'rgba(30,30,30,0.95)';
      options.plugins.tooltip.titleColor = theme.fg;
      options.plugins.tooltip.bodyColor = theme.fg;
      options.plugins.tooltip.borderColor = theme.border;
      options.plugins.tooltip.borderWidth = 1;
      options.plugins.tooltip.titleFont = { family: theme.font, size: fs + 1 };
      options.plugins.tooltip.bodyFont = { family: theme.font, size: fs + 1 };
    }
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const slot of this.slots) if (!this.pending.has(slot)) this.fill(slot);
    this.renderKey();
  }

  /** Moves the cursor (and the loss chart's per-run dots) to `position`. */
  setCursor(position: number): void {
    this.position = position;
    // a waiting chart draws the cursor when it is filled (the cursor plugin's afterDraw)
    for (const slot of this.slots) if (!this.pending.has(slot)) this.drawCursor(slot);
  }

  private drawCursor(slot: ChartSlot): void {
    const chart = slot.chart;
    if (!chart) return;
    const area = chart.chartArea;
    const xScale = chart.scales.x;
    const yScale = chart.scales.y;
    const ov = slot.overlay;
    const src = chart.canvas;
    if (!area || !xScale || !yScale) return;
    if (ov.width !== src.width || ov.height !== src.height) {
      ov.width = src.width;
      ov.height = src.height;
    }
    const ctx = ov.getContext('2d');
    if (!ctx) return;
    const ratio = src.width / Math.max(1, src.clientWidth || src.width);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ov.width, ov.height);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // with a per-run axis (evaluations with L-BFGS) one step is at a different x in each run: dots only
    const x = slot.runX ? NaN : Math.round(xScale.getPixelForValue(slot.x(this.position))) + 0.5;
    if (!slot.runX && (x < area.left - 1 || x > area.right + 1)) return;
    ctx.strokeStyle = this.theme.fg;
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, area.top);
    ctx.lineTo(x, area.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    this.runs.forEach((r, i) => {
      const series = slot.series[i];
      if (!series || r.hidden) return;
      const k = recordAt(r.trace.steps, this.position);
      if (k < 0) return;
      const v = series[k];
      if (v === null || v === undefined) return;
      const px = xScale.getPixelForValue(slot.runX ? slot.runX[i][k] : slot.x(r.trace.steps[k]));
      const py = yScale.getPixelForValue(v);
      if (!(py >= area.top - 2 && py <= area.bottom + 2)) return;
      ctx.beginPath();
      ctx.arc(px, py, 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = r.colour;
      ctx.strokeStyle = this.theme.bg;
      ctx.lineWidth = 1.5;
      ctx.fill();
      ctx.stroke();
    });
  }

  /**
   * Faint vertical lines at the epoch boundaries on the loss chart's step axis (every n-th epoch
   * when they would be closer than 6 px). On an epoch axis the integer grid lines are the boundaries.
   */
  private drawEpochBoundaries(slot: ChartSlot): void {
    const spe = this.stepsPerEpoch;
    const chart = slot.chart;
    if (!chart) return;
    const area = chart.chartArea;
    const xScale = chart.scales.x;
    if (!spe || slot.kind !== 'loss' || slot.xAxis !== 'step' || !area || !xScale) return;
    const pxPerEpoch = Math.abs(xScale.getPixelForValue(spe) - xScale.getPixelForValue(0));
    if (!(pxPerEpoch > 0)) return;
    let every = 1;
    for (const m of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
      every = m;
      if (pxPerEpoch * m >= 6) break;
    }
    if (pxPerEpoch * every < 6) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = this.theme.muted;
    ctx.globalAlpha = 0.28;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    for (let e = every; e * spe < this.end; e += every) {
      const x = Math.round(xScale.getPixelForValue(e * spe)) + 0.5;
      if (x <= area.left || x >= area.right) continue;
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
    }
    ctx.stroke();
    ctx.restore();
  }

  /** Under the loss chart: what the line and band of noise runs mean, and where epochs end. */
  private renderLossKey(): void {
    const parts: string[] = [];
    if (this.runs.some(r => hasBand(r.trace))) parts.push(`line: ${this.seeds}; band: their min–max`);
    const cost = this.cost;
    if (this.lossAxis === 'evaluations' && cost) parts.push(`gradient evaluations: ${Math.min(cost.batchSize, cost.rows).toLocaleString('en-US')} per update (one per row of the batch), ${cost.rows.toLocaleString('en-US')} per epoch`);
    else if (this.lossAxis === 'time' && this.times) parts.push('wall-clock: each run’s own compute time in the run loop, up to each step');
    else if (this.stepsPerEpoch) parts.push(this.lossAxis === 'epoch' ? `1 epoch = ${this.stepsPerEpoch} step${this.stepsPerEpoch === 1 ? '' : 's'}` : `dotted lines: epoch boundaries (every ${this.stepsPerEpoch} step${this.stepsPerEpoch === 1 ? '' : 's'})`);
    this.lossKey.textContent = parts.join(' · ');
    this.lossKey.hidden = parts.length === 0;
  }

  private renderKey(): void {
    const key = this.lrKey;
    while (key.firstChild) key.removeChild(key.firstChild);
    const dims = Math.max(0, ...this.runs.map(r => r.trace.dim));
    if (dims < 2) return;
    for (let d = 0; d < Math.min(dims, DASHES.length); d++) {
      const c = el('canvas', { class: 'ol-dash', width: 28, height: 8 });
      const ctx = c.getContext('2d');
      if (ctx) {
        ctx.strokeStyle = this.theme.fg;
        ctx.lineWidth = 1.6;
        ctx.setLineDash(DASHES[d]);
        ctx.beginPath();
        ctx.moveTo(1, 4);
        ctx.lineTo(27, 4);
        ctx.stroke();
      }
      key.appendChild(el('span', { class: 'ol-key-item' }, [c, this.variables[d] ?? `x${d + 1}`]));
    }
  }

  /** Chart images for the PNG export are not needed; exposed for tests (every chart filled). */
  get charts(): Chart<'line', Point[]>[] {
    this.flush();
    return this.slots.map(s => this.chartOf(s));
  }

  destroy(): void {
    this.observer?.disconnect();
    this.pending.clear();
    for (const s of this.slots) s.chart?.destroy();
  }
}
