/**
 * The learning-rate sweep view: final loss against learning rate, log–log (the loss axis is linear
 * when a loss is ≤ 0), one line per optimizer in its run colour; the best lr of each marked by a
 * large diamond; diverged learning rates shaded in the optimizer's colour and marked × along the top;
 * the classic stability threshold at the start (2/λmax, 2(1+β)/λmax) as a dashed vertical line.
 * Under the chart, per optimizer, "use η = …" sets the best lr on the run.
 *
 * The sweep itself runs on the host (`requestSweep` → `sweepProgress`… → `sweep`), cancellable.
 */
import './panels.css';
import { Chart, type ChartDataset, type Plugin } from 'chart.js';
import type { RunConfig, SweepView as SweepData } from '../core/protocol';
import type { LrGrid } from '../core/sweep/types';
import type { OptimizerId } from '../core/optim/types';
import { formatPow10, formatValue, logTicks } from './axes';
import { el, setChildren } from './dom';
import { defaultRequest, lossAxis, sweepSeries, useLabel, type SweepSeries } from './sweepData';
import type { Theme } from './theme';

export interface SweepHost {
  request(grid: LrGrid, steps: number): void;
  cancel(): void;
  /** "use this lr": sets it on the run (absent in a report). */
  useLr?(optimizer: OptimizerId, lr: number): void;
}

type Pt = { x: number; y: number };

/** Shaded divergence ranges and stability lines, drawn under the datasets. */
function overlayPlugin(view: () => { series: SweepSeries[]; colour: (id: OptimizerId) => string }): Plugin<'line'> {
  return {
    id: 'olSweepOverlay',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: a, scales } = chart;
      const x = scales.x;
      if (!x || !a) return;
      const { series, colour } = view();
      ctx.save();
      for (const s of series) {
        ctx.fillStyle = colour(s.optimizer);
        ctx.globalAlpha = 0.06; // light enough that the bands of several optimizers stacked stay readable
        for (const [lo, hi] of s.bands) {
          const x0 = Math.max(a.left, x.getPixelForValue(lo));
          const x1 = Math.min(a.right, x.getPixelForValue(hi));
          if (x1 > x0) ctx.fillRect(x0, a.top, x1 - x0, a.bottom - a.top);
        }
      }
      ctx.globalAlpha = 1;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      for (const s of series) {
        if (s.threshold === null) continue;
        const px = x.getPixelForValue(s.threshold);
        if (!(px >= a.left && px <= a.right)) continue;
        ctx.strokeStyle = colour(s.optimizer);
        ctx.beginPath();
        ctx.moveTo(px, a.top);
        ctx.lineTo(px, a.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

export class SweepPanel {
  readonly element: HTMLDetailsElement;
  private readonly lo: HTMLInputElement;
  private readonly hi: HTMLInputElement;
  private readonly n: HTMLInputElement;
  private readonly steps: HTMLInputElement;
  private readonly runButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly key: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: Chart<'line', Pt[]> | undefined;
  private series: SweepSeries[] = [];
  private colours = new Map<string, string>();
  private labels = new Map<string, string>();
  private data: SweepData | undefined;

  constructor(private readonly host: SweepHost, private theme: Theme) {
    const field = (label: string, attrs: Record<string, unknown>) => {
      const input = el('input', { type: 'number', ...attrs });
      return { input, row: el('label', { class: 'ol-sweep-field' }, [el('span', { text: label }), input]) };
    };
    const lo = field('from η', { step: 'any', min: 0, 'data-field': 'sweep.grid.lo', 'aria-label': 'Smallest learning rate of the sweep' });
    const hi = field('to η', { step: 'any', min: 0, 'data-field': 'sweep.grid.hi', 'aria-label': 'Largest learning rate of the sweep' });
    const n = field('points', { step: 1, min: 1, 'data-field': 'sweep.grid.n', 'aria-label': 'Learning rates in the sweep (log-spaced)' });
    const steps = field('steps', { step: 1, min: 1, 'data-field': 'sweep.steps', 'aria-label': 'Updates per learning rate' });
    this.lo = lo.input;
    this.hi = hi.input;
    this.n = n.input;
    this.steps = steps.input;
    this.runButton = el('button', { type: 'button', class: 'ol-button ol-sweep-run', on: { click: () => this.run() } }, ['Run sweep']);
    this.cancelButton = el('button', { type: 'button', class: 'ol-button ol-sweep-cancel', hidden: true, on: { click: () => this.host.cancel() } }, ['Cancel']);
    this.status = el('span', { class: 'ol-sweep-status', role: 'status', 'aria-live': 'polite' });
    this.key = el('div', { class: 'ol-sweep-key' });
    this.notes = el('p', { class: 'ol-hint ol-sweep-notes' });
    this.canvas = el('canvas', { role: 'img', 'aria-label': 'Final loss against learning rate, one line per optimizer' });
    this.element = el('details', { class: 'ol-sweep' }, [
      el('summary', {}, [el('h2', { text: 'Learning-rate sweep' })]),
      el('p', { class: 'ol-hint', text: 'Every optimizer of the run, from the same start, once per learning rate of a log grid. Shaded: diverged. Dashed: the classic stability threshold at the start (where one exists). Diamond: the best final loss.' }),
      el('div', { class: 'ol-sweep-controls' }, [lo.row, hi.row, n.row, steps.row, this.runButton, this.cancelButton, this.status]),
      el('div', { class: 'ol-sweep-chart' }, [this.canvas]),
      this.key,
      this.notes,
    ]);
  }

  /** The run the sweep is about: fills the request fields the first time. */
  setConfig(config: RunConfig, colours: Map<string, string>, labels: Map<string, string>): void {
    this.colours = colours;
    this.labels = labels;
    if (this.lo.value === '') {
      const d = defaultRequest(config);
      this.lo.value = String(d.grid.lo);
      this.hi.value = String(d.grid.hi);
      this.n.value = String(d.grid.n);
      this.steps.value = String(d.steps);
    }
  }

  private run(): void {
    this.element.open = true;
    this.host.request({ lo: Number(this.lo.value), hi: Number(this.hi.value), n: Number(this.n.value) }, Number(this.steps.value));
    this.progress(0, 0);
  }

  progress(done: number, total: number): void {
    this.cancelButton.hidden = false;
    this.runButton.disabled = true;
    this.status.textContent = total ? `running ${done} / ${total}…` : 'running…';
  }

  /** The host refused the request (the message names the field) or the sweep failed. */
  failed(message: string): void {
    this.cancelButton.hidden = true;
    this.runButton.disabled = false;
    this.status.textContent = message;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.data) this.show(this.data);
  }

  show(sweep: SweepData): void {
    this.data = sweep;
    this.element.open = true;
    this.cancelButton.hidden = true;
    this.runButton.disabled = false;
    const points = sweep.runs.length * sweep.grid.length;
    this.status.textContent = sweep.cancelled ? 'cancelled: the points finished so far' : `${points} runs of ${sweep.steps.toLocaleString('en-US')} steps`;
    this.series = sweepSeries(sweep);
    const axis = lossAxis(this.series);
    const colour = (id: OptimizerId) => this.colours.get(id) ?? this.theme.fg;
    const top = axis ? (axis.log ? axis.max * 3 : axis.max + 0.05 * (axis.max - axis.min || 1)) : 1;
    const datasets: ChartDataset<'line', Pt[]>[] = [];
    for (const s of this.series) {
      const c = colour(s.optimizer);
      const name = this.labels.get(s.optimizer) ?? s.optimizer;
      datasets.push({ label: name, data: s.points, borderColor: c, backgroundColor: c, pointRadius: 2.5, borderWidth: 1.5 * this.theme.weight });
      if (s.best) datasets.push({ label: `${name}: best`, data: [{ x: s.best.lr, y: s.best.finalLoss }], borderColor: this.theme.halo, backgroundColor: c, pointStyle: 'rectRot', pointRadius: 7, showLine: false });
      if (s.diverged.length) datasets.push({ label: `${name}: diverged`, data: s.diverged.map(x => ({ x, y: top })), borderColor: c, backgroundColor: c, pointStyle: 'crossRot', pointRadius: 5, borderWidth: 1.5, showLine: false });
    }
    const fs = Math.round(this.theme.fontSize * 0.8);
    const tick = { color: this.theme.muted, font: { size: fs, family: this.theme.font }, maxRotation: 0, autoSkipPadding: 8 };
    // Evenly spaced decades, as many as fit (a sweep's losses can span hundreds of them).
    const decades = (scale: { min: number; max: number; height?: number; width?: number; ticks: { value: number }[] }, px: number) => {
      const ticks = logTicks(scale.min, scale.max, Math.max(2, Math.min(8, Math.floor(px / (fs * 3)))));
      if (ticks.length >= 2) scale.ticks = ticks.map(value => ({ value }));
    };
    const title = (text: string) => ({ display: true, text, color: this.theme.muted, font: { size: fs, family: this.theme.font } });
    const pow = (v: string | number) => {
      const n = Number(v);
      const e = Math.log10(n);
      return Math.abs(e - Math.round(e)) < 1e-6 ? formatPow10(n) : '';
    };
    const scales = {
      x: {
        type: 'logarithmic' as const, min: sweep.grid[0], max: sweep.grid[sweep.grid.length - 1], ticks: { ...tick, callback: pow },
        afterBuildTicks: (scale: { min: number; max: number; width?: number; ticks: { value: number }[] }) => decades(scale, (scale.width || 600) / 2),
        grid: { color: this.theme.grid }, title: title('learning rate η (log)'),
      },
      y: axis?.log
        ? {
            type: 'logarithmic' as const, max: top * 1.5, ticks: { ...tick, callback: pow },
            afterBuildTicks: (scale: { min: number; max: number; height?: number; ticks: { value: number }[] }) => decades(scale, scale.height || 240),
            grid: { color: this.theme.grid }, title: title('final loss (log)'),
          }
        : { type: 'linear' as const, max: top, ticks: { ...tick, callback: (v: string | number) => formatValue(Number(v)) }, grid: { color: this.theme.grid }, title: title('final loss') },
    };
    if (this.chart) this.chart.destroy();
    const view = () => ({ series: this.series, colour });
    this.chart = new Chart<'line', Pt[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, scales, plugins: { tooltip: { enabled: true } } },
      plugins: [overlayPlugin(view)],
    });
    setChildren(this.key, this.series.map(s => this.keyItem(s, colour(s.optimizer))));
    const lambda = sweep.stability.lambdaMax;
    const lines = [lambda === null ? 'no curvature at the start (λmax unknown): no stability lines' : `λmax at the start = ${formatValue(lambda)}`, ...sweep.stability.notes];
    this.notes.textContent = lines.join('; ');
  }

  private keyItem(s: SweepSeries, colour: string): HTMLElement {
    const swatch = el('span', { class: 'ol-swatch' });
    swatch.style.background = colour;
    const name = this.labels.get(s.optimizer) ?? s.optimizer;
    const parts: (Node | string)[] = [swatch, el('strong', { text: name })];
    parts.push(s.best ? ` best η = ${formatValue(s.best.lr)} (loss ${formatValue(s.best.finalLoss)})` : ' diverged at every η');
    if (s.diverged.length) parts.push(`; diverged from η = ${formatValue(Math.min(...s.diverged))}`);
    if (s.threshold !== null) parts.push(`; threshold ${s.rule ?? ''} = ${formatValue(s.threshold)}`);
    const use = this.host.useLr;
    const best = s.best;
    const button = use && best
      ? el('button', { type: 'button', class: 'ol-button ol-sweep-use', 'data-optimizer': s.optimizer, title: `Set ${name}’s learning rate to ${best.lr} and run again`, on: { click: () => use(s.optimizer, best.lr) } }, [useLabel(best.lr)])
      : null;
    return el('div', { class: 'ol-sweep-key-item', 'data-optimizer': s.optimizer }, [el('span', {}, parts), button]);
  }

  dispose(): void {
    this.chart?.destroy();
  }
}
