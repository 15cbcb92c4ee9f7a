/**
 * The stability chart, next to the loss and learning-rate charts: η·λmax per recorded step (or
 * λmax(∇²f(x_t)) itself), one line per run in its colour, with a dashed reference line at
 * η·λmax = 2 — where gradient descent on a quadratic stops converging. The numbers are the host's
 * (`stability` message: λmax of the Hessian at each recorded point, η the record's scheduled rate);
 * a note under the chart names where the Hessian came from.
 */
import './panels.css';
import { Chart, type ChartDataset } from 'chart.js';
import type { StabilityView as StabilityData, TraceData } from '../core/protocol';
import { formatPow10, formatValue } from './axes';
import { el } from './dom';
import { displayName } from './store';
import type { Theme } from './theme';

type Pt = { x: number; y: number };

/** Log-axis ticks: powers of ten as 10ⁿ, 2 and 5 (the threshold's neighbours) as numbers, others blank. */
function pow10Label(v: number): string {
  const e = Math.log10(v);
  if (Math.abs(e - Math.round(e)) < 1e-9) return formatPow10(v);
  const m = v / Math.pow(10, Math.floor(e));
  return Math.abs(m - 2) < 1e-9 || Math.abs(m - 5) < 1e-9 ? formatValue(v) : '';
}
export type StabilityMode = 'etaLambda' | 'lambdaMax';

/** GD's threshold on a quadratic: η·λmax < 2. */
export const GD_THRESHOLD = 2;
export const REFERENCE_LABEL = 'η·λmax = 2 (gradient descent’s threshold)';

/**
 * The chart's series: one per run, and the reference line at 2 on the η·λmax view. The axis is
 * logarithmic (adaptive rules often run at η·λmax in the hundreds, which a linear axis would
 * squeeze the threshold under) when some value is > 0; values ≤ 0 (λmax ≤ 0: a concave or flat
 * stretch) cannot sit on it and are counted in `nonPositive`. Without a value > 0 the axis is linear.
 */
export function stabilitySeries(data: StabilityData, mode: StabilityMode, end: number): { runs: Pt[][]; reference: Pt[] | null; log: boolean; nonPositive: number } {
  const all = data.runs.map(r => {
    const ys = mode === 'etaLambda' ? r.etaLambda : r.lambdaMax;
    const pts: Pt[] = [];
    r.steps.forEach((s, i) => {
      const y = ys[i];
      if (y !== null && Number.isFinite(y)) pts.push({ x: s, y });
    });
    return pts;
  });
  const log = all.some(pts => pts.some(p => p.y > 0));
  let nonPositive = 0;
  const runs = log
    ? all.map(pts => pts.filter(p => {
        if (p.y > 0) return true;
        nonPositive++;
        return false;
      }))
    : all;
  return { runs, reference: mode === 'etaLambda' ? [{ x: 0, y: GD_THRESHOLD }, { x: Math.max(1, end), y: GD_THRESHOLD }] : null, log, nonPositive };
}

export class StabilityPanel {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly modeSelect: HTMLSelectElement;
  private readonly note: HTMLElement;
  private chart: Chart<'line', Pt[]> | undefined;
  private data: StabilityData | undefined;
  private runs: { trace: TraceData; colour: string; hidden: boolean }[] = [];

  constructor(private theme: Theme) {
    this.canvas = el('canvas', { role: 'img', 'aria-label': 'η·λmax per step, one line per run, with the line at 2' });
    this.modeSelect = el(
      'select',
      { class: 'ol-stability-mode', 'aria-label': 'What the stability chart shows', on: { change: () => this.draw() } },
      [el('option', { value: 'etaLambda', text: 'η·λmax', selected: true }), el('option', { value: 'lambdaMax', text: 'λmax(∇²f)' })],
    );
    this.note = el('p', { class: 'ol-hint ol-stability-note' });
    this.element = el('figure', { class: 'ol-chart-card ol-chart-stability', 'aria-label': 'Stability: curvature along the paths', hidden: true }, [
      el('figcaption', { class: 'ol-chart-title ol-stability-head' }, [el('span', { text: 'Curvature along the path' }), this.modeSelect]),
      el('div', { class: 'ol-chart-box' }, [this.canvas]),
      this.note,
    ]);
  }

  get mode(): StabilityMode {
    return this.modeSelect.value === 'lambdaMax' ? 'lambdaMax' : 'etaLambda';
  }

  /** The runs on show (colours, names, hidden ones); the data stays until the host sends new numbers. */
  setRuns(runs: { trace: TraceData; colour: string; hidden: boolean }[]): void {
    const same = runs.length === this.runs.length && runs.every((r, i) => r.trace.optimizer === this.runs[i].trace.optimizer);
    this.runs = runs;
    if (!same) this.data = undefined;
    this.draw();
  }

  show(data: StabilityData): void {
    this.data = data;
    this.draw();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.draw();
  }

  private draw(): void {
    const data = this.data;
    if (!data || data.runs.length !== this.runs.length) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const mode = this.mode;
    const end = Math.max(1, ...this.runs.map(r => r.trace.steps[r.trace.steps.length - 1] ?? 0));
    const s = stabilitySeries(data, mode, end);
    const datasets: ChartDataset<'line', Pt[]>[] = s.runs.map((pts, i) => ({
      label: displayName(this.runs[i].trace),
      data: pts,
      borderColor: this.runs[i].colour,
      backgroundColor: this.runs[i].colour,
      pointRadius: 0,
      borderWidth: 1.5 * this.theme.weight,
      hidden: this.runs[i].hidden,
    }));
    if (s.reference) datasets.push({ label: REFERENCE_LABEL, data: s.reference, borderColor: this.theme.fg, backgroundColor: this.theme.fg, borderDash: [6, 4], borderWidth: 1.2, pointRadius: 0 });
    const fs = Math.round(this.theme.fontSize * 0.8);
    const tick = { color: this.theme.muted, font: { size: fs, family: this.theme.font }, maxRotation: 0 };
    const title = (text: string) => ({ display: true, text, color: this.theme.muted, font: { size: fs, family: this.theme.font } });
    const scales = {
      x: { type: 'linear' as const, min: 0, max: end, ticks: { ...tick, precision: 0 }, grid: { color: this.theme.grid }, title: title('step') },
      y: {
        type: s.log ? ('logarithmic' as const) : ('linear' as const),
        ...(mode === 'etaLambda' ? (s.log ? { suggestedMin: 0.2, suggestedMax: 20 } : { suggestedMin: 0, suggestedMax: 2.5 }) : {}),
        ticks: { ...tick, callback: (v: string | number) => (s.log ? pow10Label(Number(v)) : formatValue(Number(v))) }, grid: { color: this.theme.grid },
        title: title(`${mode === 'etaLambda' ? 'η·λmax' : 'λmax(∇²f(x_t))'}${s.log ? ' (log)' : ''}`),
      },
    };
    this.chart?.destroy();
    this.chart = new Chart<'line', Pt[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, scales, plugins: { legend: { display: false }, tooltip: { enabled: true } } },
    });
    const source = data.hessian === null ? data.note : `Hessian: ${data.note}`;
    const hiddenPoints = s.nonPositive ? ` ${s.nonPositive === 1 ? '1 point' : `${s.nonPositive} points`} with λmax ≤ 0 (concave or flat there) ${s.nonPositive === 1 ? 'is' : 'are'} off the log axis.` : '';
    this.note.textContent = `${source}. λmax at each recorded point; η is the step’s scheduled learning rate (adaptive rules scale it per coordinate). Dashed: η·λmax = 2, beyond which gradient descent on a quadratic diverges.${hiddenPoints}`;
  }

  /** For tests: the chart's datasets. */
  debug(): { mode: StabilityMode; yType: string; datasets: { label: string; points: number; y0: number | null; dashed: boolean }[]; note: string } | null {
    if (!this.chart) return null;
    return {
      mode: this.mode,
      yType: String(this.chart.options.scales?.y?.type ?? ''),
      datasets: this.chart.data.datasets.map(d => ({ label: String(d.label ?? ''), points: d.data.length, y0: d.data.length ? d.data[0].y : null, dashed: Array.isArray(d.borderDash) && d.borderDash.length > 0 })),
      note: this.note.textContent ?? '',
    };
  }

  dispose(): void {
    this.chart?.destroy();
  }
}
