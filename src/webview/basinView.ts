/**
 * "Basins of attraction" under the map: for one optimizer of the run, a grid of start points over
 * the map's current view, each coloured by the minimum its run ends in (core's basin map, computed
 * by the host in slices with progress: `requestBasins` → `basinsProgress`… → `basins`, or
 * `cancelBasins`). The map draws it as a translucent layer under the isolines; "show on map"
 * hides it again without recomputing. A legend names each minimum's coordinates and how many
 * starts ended there.
 */
import './panels.css';
import type { BasinView as BasinData, RunConfig, TraceData } from '../core/protocol';
import { el, setChildren } from './dom';
import { basinExtent, basinLegend, basinPixels, basinStatus, BASIN_ALPHA, DEFAULT_BASIN_GRID } from './basinData';
import { displayName } from './store';

/** What the map draws: the image (one pixel per start) over a data rectangle. */
export interface BasinLayer {
  image: HTMLCanvasElement;
  x: [number, number];
  y: [number, number];
  alpha: number;
  /** The map variables the layer is over. */
  axes: [number, number];
}

export interface BasinHost {
  request(run: number, grid: number, steps: number): void;
  cancel(): void;
  /** The layer to draw (undefined: none). */
  draw(layer: BasinLayer | undefined): void;
}

/** A run's rule as the basin map ran it: a new rate, another hyperparameter or schedule makes a map on show stale. */
function runKey(run: TraceData | undefined, config: Pick<RunConfig, 'schedule'>): string {
  return run ? JSON.stringify([run.optimizer, run.convention, run.hyperparameters, config.schedule]) : '';
}

export class BasinPanel {
  readonly element: HTMLDetailsElement;
  private readonly runSelect: HTMLSelectElement;
  private readonly grid: HTMLInputElement;
  private readonly steps: HTMLInputElement;
  private readonly runButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly showToggle: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly legend: HTMLElement;
  private data: BasinData | undefined;
  private schedule: RunConfig['schedule'] = { kind: 'constant' };
  private layer: BasinLayer | undefined;
  private expression = '';
  private axes: [number, number] = [0, 1];
  private runs: readonly TraceData[] = [];
  /** What the map on show was computed for: the run's rule, hyperparameters and schedule. */
  private computedFor = '';

  constructor(private readonly host: BasinHost) {
    const field = (label: string, input: HTMLElement) => el('label', { class: 'ol-sweep-field' }, [el('span', { text: label }), input]);
    this.runSelect = el('select', { 'data-field': 'basins.run', 'aria-label': 'Optimizer whose basins of attraction to map' });
    this.grid = el('input', { type: 'number', min: 2, max: 400, step: 1, value: DEFAULT_BASIN_GRID, 'data-field': 'basins.grid', 'aria-label': 'Starts per axis' });
    this.steps = el('input', { type: 'number', min: 1, step: 1, 'data-field': 'basins.steps', 'aria-label': 'Steps per start' });
    this.runButton = el('button', { type: 'button', class: 'ol-button ol-basins-run', on: { click: () => this.run() } }, ['Compute']);
    this.cancelButton = el('button', { type: 'button', class: 'ol-button ol-basins-cancel', hidden: true, on: { click: () => this.host.cancel() } }, ['Cancel']);
    this.showToggle = el('input', { type: 'checkbox', class: 'ol-basins-show', checked: true, disabled: true, on: { change: () => this.redraw() } });
    this.status = el('span', { class: 'ol-basins-status', role: 'status', 'aria-live': 'polite' });
    this.legend = el('ul', { class: 'ol-basins-legend', 'aria-label': 'Basins: where the runs ended' });
    this.element = el('details', { class: 'ol-basins' }, [
      el('summary', {}, [el('h2', { text: 'Basins of attraction' })]),
      el('p', { class: 'ol-hint', text: 'One run per start of a grid over the map’s view, coloured by the minimum it ends in (drawn under the contour lines).' }),
      el('div', { class: 'ol-sweep-controls' }, [
        field('optimizer', this.runSelect), field('grid', this.grid), field('steps', this.steps),
        this.runButton, this.cancelButton,
        el('label', { class: 'ol-check' }, [this.showToggle, el('span', { text: 'show on map' })]),
        this.status,
      ]),
      this.legend,
    ]);
  }

  /** The runs to choose from; the steps field starts at the run's steps. A new objective, map axes or a change to the mapped run's rule drops the layer. */
  setRuns(config: RunConfig, runs: readonly TraceData[], axes: [number, number]): void {
    const keep = this.runSelect.value;
    setChildren(this.runSelect, runs.map((r, i) => el('option', { value: i, text: displayName(r), selected: String(i) === keep })));
    if (this.steps.value === '' || config.expression !== this.expression) this.steps.value = String(Math.max(1, config.steps));
    const ran = this.data ? runKey(runs[this.data.run], config) : '';
    const changed = config.expression !== this.expression || axes[0] !== this.axes[0] || axes[1] !== this.axes[1] || ran !== this.computedFor;
    this.expression = config.expression;
    this.axes = axes;
    this.runs = runs;
    this.schedule = config.schedule;
    if (changed && this.data) {
      this.data = undefined;
      this.layer = undefined;
      this.showToggle.disabled = true;
      setChildren(this.legend, []);
      this.status.textContent = 'the run changed since the last map: Compute again';
      this.host.draw(undefined);
    }
  }

  private run(): void {
    this.element.open = true;
    this.host.request(Number(this.runSelect.value || 0), Number(this.grid.value), Number(this.steps.value));
    this.progress(0, 0);
  }

  progress(done: number, total: number): void {
    this.cancelButton.hidden = false;
    this.runButton.disabled = true;
    this.status.textContent = total ? `running: ${done} / ${total} rows…` : 'running…';
  }

  /** The host refused the request (the message names the field) or the map failed. */
  failed(message: string): void {
    this.cancelButton.hidden = true;
    this.runButton.disabled = false;
    this.status.textContent = message;
  }

  show(data: BasinData, name: string): void {
    this.data = data;
    this.computedFor = runKey(this.runs[data.run], { schedule: this.schedule });
    this.element.open = true;
    this.cancelButton.hidden = true;
    this.runButton.disabled = false;
    this.showToggle.disabled = false;
    this.showToggle.checked = true;
    this.status.textContent = basinStatus(data, name);
    const image = document.createElement('canvas');
    image.width = data.nx;
    image.height = data.ny;
    image.getContext('2d')?.putImageData(new ImageData(basinPixels(data), data.nx, data.ny), 0, 0);
    const extent = basinExtent(data);
    this.layer = { image, x: extent.x, y: extent.y, alpha: BASIN_ALPHA, axes: this.axes };
    setChildren(
      this.legend,
      basinLegend(data, this.axes).map(e => {
        const swatch = el('span', { class: 'ol-swatch ol-basin-swatch' });
        swatch.style.background = e.colour;
        return el('li', { 'data-label': e.label }, [swatch, `${e.text}: ${e.starts.toLocaleString('en-US')} start${e.starts === 1 ? '' : 's'}`]);
      }),
    );
    this.redraw();
  }

  private redraw(): void {
    this.host.draw(this.showToggle.checked ? this.layer : undefined);
  }

  /** For tests: what is on show. */
  get shown(): { nx: number; ny: number; visible: boolean } | null {
    return this.data ? { nx: this.data.nx, ny: this.data.ny, visible: this.showToggle.checked } : null;
  }
}
