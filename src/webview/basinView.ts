/**
 * "Basins of attraction" under the map: for one optimizer of the run, a grid of start points over
 * the map's current view, each coloured by the minimum its run ends in (core's basin map, computed
 * by the host in slices with progress: `requestBasins` → `basinsProgress`… → `basins`, or
 * `cancelBasins`). The map draws it as a translucent layer under the isolines; "show on map"
 * hides it again without recomputing. A legend names each minimum's coordinates and how many
 * starts ended there. A new run that changes what the map depends on (the optimizer's rule, the
 * objective, the map's axes) recomputes it for the same optimizer: the computation in flight is
 * cancelled at once and one new request goes out after BASIN_RECOMPUTE_MS without another change
 * (a burst of edits computes once); each request is numbered and answers to replaced ones are
 * ignored. Only when the optimizer left the run is the map dropped, with a note.
 */
import './panels.css';
import type { BasinView as BasinData, RunConfig, TraceData } from '../core/protocol';
import type { OptimizerId } from '../core/optim/types';
import { debounce, el, setChildren } from './dom';
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

/** Quiet time after a run change before the map is recomputed. */
export const BASIN_RECOMPUTE_MS = 400;

export interface BasinHost {
  /** `request`: this request's number, echoed in the answer (BasinView.request). */
  request(run: number, grid: number, steps: number, request: number): void;
  cancel(): void;
  /** The layer to draw (undefined: none). */
  draw(layer: BasinLayer | undefined): void;
}

/** What a map of `run` depends on: its rule (rate, hyperparameters, schedule), the objective and the map's axes. */
function runKey(run: TraceData, config: Pick<RunConfig, 'schedule' | 'expression'>, axes: [number, number]): string {
  return JSON.stringify([run.optimizer, run.convention, run.hyperparameters, config.schedule, config.expression, axes]);
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
  /** The optimizer of the map on show, in flight or about to be recomputed, and what that map depends on (runKey). */
  private subject: { optimizer: OptimizerId; name: string; key: string } | undefined;
  /** The number of the last request; raised too when a run change makes the one in flight stale. */
  private requestNo = 0;
  /** A request was sent and its answer has not arrived. */
  private computing = false;
  private readonly recompute = debounce(() => this.recomputeNow(), BASIN_RECOMPUTE_MS);

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

  /**
   * The runs to choose from; the steps field starts at the run's steps. A new objective, map axes or a
   * change to the mapped run's rule recomputes the map for the same optimizer, or drops it (said so)
   * when that optimizer is no longer in the run.
   */
  setRuns(config: RunConfig, runs: readonly TraceData[], axes: [number, number]): void {
    const keep = this.runSelect.value;
    setChildren(this.runSelect, runs.map((r, i) => el('option', { value: i, text: displayName(r), selected: String(i) === keep })));
    if (this.steps.value === '' || config.expression !== this.expression) this.steps.value = String(Math.max(1, config.steps));
    this.expression = config.expression;
    this.axes = axes;
    this.runs = runs;
    this.schedule = config.schedule;
    const subject = this.subject;
    if (!subject) return;
    const index = runs.findIndex(r => r.optimizer === subject.optimizer);
    const key = index < 0 ? '' : runKey(runs[index], config, axes);
    if (key === subject.key) return; // nothing the map depends on changed
    // The map on show or in flight is stale: cancel the computation, drop the layer.
    this.requestNo++;
    if (this.computing) this.host.cancel();
    this.computing = false;
    this.data = undefined;
    this.layer = undefined;
    this.showToggle.disabled = true;
    setChildren(this.legend, []);
    this.host.draw(undefined);
    if (index < 0) {
      this.recompute.cancel();
      this.subject = undefined;
      this.idle(`${subject.name} is no longer in the run: the map was dropped`);
      return;
    }
    this.subject = { optimizer: subject.optimizer, name: displayName(runs[index]), key };
    this.runSelect.value = String(index);
    this.cancelButton.hidden = true;
    this.runButton.disabled = true;
    this.status.textContent = `the run changed: recomputing the map for ${displayName(runs[index])}…`;
    this.recompute();
  }

  private run(): void {
    this.element.open = true;
    this.recompute.cancel();
    this.send(Number(this.runSelect.value || 0));
  }

  /** The debounced recomputation: the same optimizer in the current runs. */
  private recomputeNow(): void {
    const subject = this.subject;
    const index = subject ? this.runs.findIndex(r => r.optimizer === subject.optimizer) : -1;
    if (index >= 0) this.send(index);
  }

  private send(index: number): void {
    const run = this.runs[index];
    if (!run) return;
    this.subject = { optimizer: run.optimizer, name: displayName(run), key: runKey(run, { schedule: this.schedule, expression: this.expression }, this.axes) };
    this.computing = true;
    this.host.request(index, Number(this.grid.value), Number(this.steps.value), ++this.requestNo);
    this.progress(0, 0);
  }

  private idle(status: string): void {
    this.cancelButton.hidden = true;
    this.runButton.disabled = false;
    this.status.textContent = status;
  }

  progress(done: number, total: number): void {
    if (!this.computing) return; // a replaced computation's last words
    this.cancelButton.hidden = false;
    this.runButton.disabled = true;
    this.status.textContent = total ? `running: ${done} / ${total} rows…` : 'running…';
  }

  /** The host refused the request (the message names the field) or the map failed. */
  failed(message: string): void {
    this.computing = false;
    this.idle(message);
  }

  show(data: BasinData, name: string): void {
    if (data.request !== undefined && data.request !== this.requestNo) return; // the answer to a replaced request
    this.computing = false;
    this.data = data;
    const run = this.runs[data.run];
    if (run) this.subject = { optimizer: run.optimizer, name: displayName(run), key: runKey(run, { schedule: this.schedule, expression: this.expression }, this.axes) };
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

  /** A recomputation not yet sent is dropped with the panel. */
  dispose(): void {
    this.recompute.cancel();
  }

  /** For tests: what is on show. */
  get shown(): { nx: number; ny: number; visible: boolean } | null {
    return this.data ? { nx: this.data.nx, ny: this.data.ny, visible: this.showToggle.checked } : null;
  }
}
