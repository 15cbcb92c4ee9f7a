/**
 * Optimizer Lab panel — entry point (bundled to dist/webview.js, its CSS to dist/webview.css).
 *
 * Shell contract (the HTML is produced by src/extension and src/cli, never here):
 *   <link rel="stylesheet" href=".../webview.css">     the bundled CSS (KaTeX fonts inlined)
 *   <div id="app"></div>                                 the panel renders into it
 *   <script src=".../webview.js"></script>               this bundle (one classic script, no module)
 *   Report mode (CLI, no host) additionally:
 *   <script type="application/json" id="optimizer-lab-model">{PanelModel JSON, readonly: true}</script>
 *   <script type="application/json" id="optimizer-lab-stability">{StabilityView JSON}</script>  (optional)
 * Inside VS Code `acquireVsCodeApi` exists; the panel posts `{type:'ready'}` and waits for `show`.
 * Host messages arrive as window 'message' events and are validated by `parseHostMessage`.
 * The CSP may be strict: no inline script or style, no eval — nothing here needs them.
 *
 * Test/bench hooks (read-only views of the state): `window.__optimizerLab`, `window.__optimizerLabTimings`.
 */
import 'katex/dist/katex.min.css';
import './main.css';
import { parseHostMessage, parseEmbeddedModel, type HostMessage, type PanelModel, type PersistedState, type RunConfig, type ViewState, checkPersistedState } from '../core/protocol';
import { mergeRecords } from '../core/records';
import { ChartsView, type ChartRun, type LossAxis } from './charts';
import { Controls, scaleNote } from './controls';
import { debounce, el, setChildren, throttle } from './dom';
import { composePng, deliver, fileStem, tracesToCsv, tracesToJson } from './exporters';
import { Legend } from './legend';
import { MapView } from './mapView';
import { icon, setIcon, type IconName } from './icons';
import { flushMath, gradientElement, objectiveTex, texElement } from './math';
import { Playback, type PlaybackState } from './playback';
import { ParamTable, toOriginalScale } from './table';
import { GuideView } from './guideView';
import { axisOption, LOSS_AXES } from './budgetAxis';
import { SweepPanel } from './sweepView';
import { BasinPanel } from './basinView';
import { StabilityPanel } from './stabilityView';
import { defaultView, describeStop, displayName, fitView, maxStep, MAX_SPEED, MIN_SPEED, recordAt, referenceName, Store, type PanelState } from './store';
import { readTheme, runColour, watchTheme, type Theme } from './theme';
import { connect } from './vscodeApi';
import { STABILITY_ID } from '../core/shell';
import type { WebviewMessage } from '../core/protocol';

export const APP_ID = 'app';
export const MODEL_ID = 'optimizer-lab-model';

const api = connect();
const store = new Store();

/** The panel once a model is on show; rebuilt only when the panel's shape (1/2/n variables, readonly) changes. */
class Panel {
  readonly root: HTMLElement;
  private theme: Theme = readTheme();
  private readonly map: MapView;
  private readonly charts: ChartsView;
  private readonly legend: Legend;
  private readonly controls: Controls | undefined;
  private readonly table: ParamTable;
  /** "When to use which" and the learning-rate sweep, under the charts. */
  private readonly guide: GuideView;
  private readonly sweep: SweepPanel;
  /** Basins of attraction under the map, and the stability chart beside the other charts. */
  private readonly basins: BasinPanel;
  private readonly stability: StabilityPanel;
  private readonly playback: Playback;
  private readonly header: HTMLElement;
  private readonly explain: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly running: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly stepLabel: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speedInput: HTMLInputElement;
  private readonly speedLabel: HTMLElement;
  private readonly logToggle: HTMLInputElement;
  private readonly smoothSelect: HTMLSelectElement;
  /** Loss chart against step or epoch (shown for dataset runs only). */
  private readonly axisSelect: HTMLSelectElement;
  private model: PanelModel;
  private view: ViewState;
  private hidden: boolean[] = [];
  private lastTable = 0;
  private readonly persist = throttle(() => this.savePersisted(), 400);
  private readonly followSlice = debounce(() => this.requestFollowSlice(), 350);
  /** Once playback rests, every record near the position (the host sent only what the screen shows). */
  private readonly wantDetail = debounce(() => this.requestDetail(), 300);
  private detailAt = -1;
  private readonly requestSurface = debounce((x: [number, number], y: [number, number]) => {
    api.post({ type: 'requestSurface', x, y, fixed: this.sliceValues() });
  }, 250);

  constructor(
    model: PanelModel,
    view: ViewState,
    readonly shape: string,
  ) {
    this.model = model;
    this.view = view;
    const readonly = !!model.readonly || !api.hosted;
    this.map = new MapView(
      {
        readonly,
        zoomed: zoom => {
          this.view = { ...this.view, zoom };
          this.persist();
        },
        wantSurface: (x, y) => {
          if (api.hosted && !model.readonly) this.requestSurface(x, y);
        },
        pickStart: start => {
          if (readonly) return;
          api.post({ type: 'setStart', start });
        },
        redraw: () => this.frame(),
      },
      this.theme,
    );
    this.charts = new ChartsView(this.theme);
    this.legend = new Legend({
      toggle: r => {
        this.hidden[r] = !this.hidden[r];
        this.map.setHidden(this.hidden);
        this.charts.setHidden(this.hidden);
        this.legend.render(this.model, this.hidden);
      },
      focus: r => {
        if (this.map.paths.focused === r) return;
        this.map.paths.focused = r;
        this.map.paths.invalidate();
        this.frame();
      },
    });
    this.table = new ParamTable();
    this.guide = new GuideView(readonly ? undefined : config => api.post({ type: 'configure', config }));
    this.sweep = new SweepPanel(
      {
        request: (grid, steps) => api.post({ type: 'requestSweep', grid, steps }),
        cancel: () => api.post({ type: 'cancelSweep' }),
        // the controls are built below; "use this lr" reaches them when clicked
        ...(readonly ? {} : { useLr: (optimizer, lr) => this.controls?.setLearningRate(optimizer, lr) }),
      },
      this.theme,
    );
    this.sweep.element.hidden = readonly;
    this.basins = new BasinPanel({
      request: (run, grid, steps, request) => {
        const r = this.map.ranges();
        if (r) api.post({ type: 'requestBasins', run, grid, steps, x: r.x, y: r.y, request });
      },
      cancel: () => api.post({ type: 'cancelBasins' }),
      draw: layer => this.map.setBasins(layer),
    });
    this.stability = new StabilityPanel(this.theme);
    this.charts.element.appendChild(this.stability.element);
    this.controls = readonly
      ? undefined
      : new Controls({
          configure: (config: RunConfig) => api.post({ type: 'configure', config }),
          setStart: start => api.post({ type: 'setStart', start }),
        });

    // --- playback bar
    const button = (label: string, glyph: IconName, title: string, onClick: () => void) =>
      el('button', { type: 'button', class: 'ol-icon-button', 'aria-label': label, title, on: { click: onClick } }, [icon(glyph)]);
    this.playButton = button('Play', 'play', 'Play / pause (Space)', () => this.playback.toggle());
    this.slider = el('input', {
      type: 'range',
      class: 'ol-timeline',
      min: 0,
      max: 1,
      step: 1,
      value: 0,
      'aria-label': 'Playback position (step)',
      on: { input: () => this.playback.seek(Number(this.slider.value)) },
    });
    this.stepLabel = el('output', { class: 'ol-step-label', 'aria-live': 'off' });
    this.speedInput = el('input', {
      type: 'range',
      class: 'ol-speed',
      min: 0,
      max: 1000,
      step: 1,
      'aria-label': `Speed in steps per frame (${MIN_SPEED} to ${MAX_SPEED})`,
      on: { input: () => this.playback.setSpeed(Math.round(Math.pow(MAX_SPEED, Number(this.speedInput.value) / 1000))) },
    });
    this.speedLabel = el('span', { class: 'ol-speed-label' });
    const bar = el('div', { class: 'ol-playback', role: 'toolbar', 'aria-label': 'Playback' }, [
      button('Restart', 'restart', 'Restart (Home)', () => this.playback.restart()),
      button('Step back', 'back', 'Step back (←, Shift+← for 10)', () => this.playback.step(-1)),
      this.playButton,
      button('Step forward', 'forward', 'Step forward (→, Shift+→ for 10)', () => this.playback.step(1)),
      button('Go to end', 'end', 'End', () => {
        this.playback.pause();
        this.playback.seek(Number.MAX_SAFE_INTEGER);
      }),
      this.slider,
      this.stepLabel,
      el('label', { class: 'ol-speed-wrap', title: 'Steps per frame' }, [el('span', { class: 'ol-speed-title', text: 'speed' }), this.speedInput, this.speedLabel]),
    ]);

    // --- loss chart options
    this.logToggle = el('input', { type: 'checkbox', checked: view.lossScale === 'log', on: { change: () => this.setLossOptions() } });
    this.smoothSelect = el(
      'select',
      { 'aria-label': 'Smoothing of the loss curve (moving mean window)', on: { change: () => this.setLossOptions() } },
      [0, 5, 20, 100, 500].map(w => el('option', { value: w, text: w ? `mean of ${w}` : 'no smoothing', selected: view.smoothing === w })),
    );
    this.axisSelect = el(
      'select',
      { class: 'ol-loss-axis', 'aria-label': 'Horizontal axis of the loss chart', hidden: true, on: { change: () => this.setLossOptions() } },
      LOSS_AXES.map(a => el('option', { value: a, text: axisOption(a), selected: a === 'step' })),
    );
    const chartOptions = el('div', { class: 'ol-chart-options' }, [
      el('label', { class: 'ol-check' }, [this.logToggle, el('span', { text: 'log loss' })]),
      this.axisSelect,
      this.smoothSelect,
    ]);

    // --- header: objective, status, export
    this.running = el('span', { class: 'ol-running', role: 'status', 'aria-live': 'polite' });
    const exportButton = (format: 'png' | 'csv' | 'json', label: string) =>
      el('button', { type: 'button', class: 'ol-button', 'aria-label': `Export ${label}`, on: { click: () => this.export(format) } }, [label]);
    this.header = el('header', { class: 'ol-header' });
    this.explain = el('div', { class: 'ol-explain' });
    this.notice = el('div', { class: 'ol-notice', role: 'alert', hidden: true });
    // Experiment files (src/extension/experimentFile.ts): Save writes back to the file the panel came from (else asks where).
    // Pending edits and the current view (zoom) reach the host first, so the file has what the panel shows.
    const hostButton = (label: string, title: string, message: Extract<WebviewMessage, { type: 'saveExperiment' | 'copyLink' }>) =>
      el('button', { type: 'button', class: 'ol-button', title, 'aria-label': title, on: { click: () => { this.flushEdits(); this.savePersisted(); api.post(message); } } }, [label]);
    const experimentButtons = readonly ? [] : [
      hostButton('Save', 'Save this experiment to its .optlab.json file', { type: 'saveExperiment', saveAs: false }),
      hostButton('Save as…', 'Save as experiment… (.optlab.json)', { type: 'saveExperiment', saveAs: true }),
      hostButton('Copy link', 'Copy a vscode:// link that opens this experiment', { type: 'copyLink' }),
    ];
    const actions = el('div', { class: 'ol-actions' }, [this.running, ...experimentButtons, exportButton('png', 'PNG'), exportButton('csv', 'CSV'), exportButton('json', 'JSON')]);

    const stage = el('section', { class: 'ol-stage', 'aria-label': 'Landscape and paths' }, [this.map.element, bar, this.legend.element, this.basins.element]);
    const main = el('div', { class: `ol-main ${readonly ? 'is-readonly' : ''}` }, [stage, this.controls?.element ?? null]);
    this.root = el('div', { class: 'ol-root' }, [
      el('div', { class: 'ol-top' }, [el('div', { class: 'ol-top-text' }, [this.header, this.explain]), actions]),
      this.notice,
      main,
      el('div', { class: 'ol-charts-head' }, [el('h2', { text: 'How they got there' }), chartOptions]),
      this.charts.element,
      this.table.element,
      this.sweep.element,
      this.guide.element,
    ]);

    this.playback = new Playback({ position: view.position, playing: false, speed: view.speed, end: maxStep(model) }, (s, reason) => this.onPlayback(s, reason));
    watchTheme(() => this.setTheme());
    this.show(model, view);
    if (view.playing) this.playback.play();
  }

  /** A (new) model; the view is kept (zoom, position clamped). */
  show(model: PanelModel, view: ViewState): void {
    const sameRuns = this.model.runs.length === model.runs.length && this.model.runs.every((r, i) => r.optimizer === model.runs[i].optimizer);
    this.model = model;
    if (!sameRuns) this.hidden = model.runs.map(() => false);
    this.view = fitView(view, model);
    // finer records are fetched when the position moves and rests, not for the one a model opens at
    this.detailAt = this.view.position;
    setChildren(this.header, [
      el('div', { class: 'ol-objective' }, [
        texElement(objectiveTex(model.objective), { display: true, label: `objective f = ${model.objective.text}` }),
        model.reference ? el('span', { class: 'ol-badge', text: referenceName(model.reference) }) : null,
      ]),
    ]);
    // Without the side panel (report mode) the Data section is missing: say what the data was here.
    setChildren(this.explain, [gradientBox(model), referenceHint(model), this.controls ? null : dataHint(model)]);
    const colours = new Map<string, string>(model.runs.map((r, i) => [r.optimizer, runColour(i)]));
    this.controls?.update(model, colours);
    this.guide.setConfig(model.config);
    this.sweep.setConfig(model.config, colours, new Map(model.runs.map(r => [r.optimizer, displayName(r)])));
    this.map.setModel(model, this.view.zoom, this.hidden);
    this.legend.render(model, this.hidden);
    const chartRuns: ChartRun[] = model.runs.map((trace, i) => ({ trace, colour: runColour(i), hidden: !!this.hidden[i] }));
    this.charts.setData(model, chartRuns, this.view.lossScale, this.view.smoothing, maxStep(model));
    this.stability.setRuns(chartRuns);
    // Basins: any map over two variables (not the 1-variable curve), with a host to compute them.
    this.basins.element.hidden = readonlyModel(model) || model.objective.variables.length < 2;
    this.basins.setRuns(model.config, model.runs, this.map.mapVars(model));
    // Equal budgets (dataset runs): steps, epochs or gradient evaluations; the axes these runs do not have are left out.
    const axes = this.charts.axes;
    for (const o of Array.from(this.axisSelect.options)) o.hidden = o.disabled = !axes.includes(o.value as LossAxis);
    this.axisSelect.hidden = axes.length < 2;
    if (model.objective.variables.length > 2 || model.config.data) {
      this.table.element.hidden = false;
      this.table.setModel(model, model.runs.map((_, i) => runColour(i)));
    } else this.table.element.hidden = true;
    this.playback.setEnd(maxStep(model));
    this.slider.max = String(Math.max(1, maxStep(model)));
    this.playback.seek(this.view.position);
    this.playback.setSpeed(this.view.speed);
    this.renderSpeed();
    this.setNotice(undefined);
    this.map.clearPreview();
  }

  surface(msg: Extract<HostMessage, { type: 'surface' }>): void {
    this.map.setSurface(msg.surface);
  }

  setRunning(running: boolean, message?: string): void {
    this.running.textContent = running ? (message ?? 'Running…') : '';
    this.running.classList.toggle('is-running', running);
  }

  setNotice(message: string | undefined, field?: string): void {
    this.notice.hidden = !message;
    setChildren(this.notice, message ? [el('strong', { text: 'Problem: ' }), message] : []);
    this.controls?.showError(message, field);
    if (message && field?.startsWith('sweep')) this.sweep.failed(message);
    if (message && field?.startsWith('basins')) this.basins.failed(message);
    if (message) this.map.clearPreview();
  }

  setSettings(speed: number): void {
    this.playback.setSpeed(speed);
  }

  private setLossOptions(): void {
    this.view = { ...this.view, lossScale: this.logToggle.checked ? 'log' : 'linear', smoothing: Number(this.smoothSelect.value) };
    this.charts.setLossOptions(this.view.lossScale, this.view.smoothing, this.axisSelect.value as LossAxis);
    this.charts.setCursor(this.view.position);
    this.persist();
  }

  private setTheme(): void {
    this.theme = readTheme();
    this.map.setTheme(this.theme);
    this.charts.setTheme(this.theme);
    this.sweep.setTheme(this.theme);
    this.stability.setTheme(this.theme);
    this.charts.setCursor(this.view.position);
  }

  private onPlayback(s: PlaybackState, reason: 'frame' | 'seek' | 'control'): void {
    this.view = { ...this.view, position: s.position, playing: s.playing, speed: s.speed };
    this.frame();
    if (reason === 'control') this.renderSpeed();
    this.persist();
    if (!s.playing) {
      this.followSlice();
      this.wantDetail();
    }
  }

  private requestDetail(): void {
    const m = this.model;
    const p = this.view.position;
    if (!api.hosted || m.readonly || this.view.playing || p === this.detailAt) return;
    this.detailAt = p;
    const half = Math.max(8, Math.ceil(maxStep(m) / 200));
    api.post({ type: 'requestRecords', from: Math.max(0, p - half), to: p + half });
  }

  /** Finer records for a step range (after a zoom or a scrub), merged into the runs shown. */
  records(msg: Extract<HostMessage, { type: 'records' }>): void {
    const m = this.model;
    if (msg.runs.length !== m.runs.length) return;
    if (msg.runs.some((r, i) => r.path.length !== r.steps.length * m.runs[i].dim)) return;
    const model: PanelModel = { ...m, runs: m.runs.map((run, i) => mergeRecords(run, msg.runs[i], msg.from, msg.to)) };
    this.model = model;
    this.map.setRecords(model, this.hidden);
    const chartRuns: ChartRun[] = model.runs.map((trace, i) => ({ trace, colour: runColour(i), hidden: !!this.hidden[i] }));
    this.charts.setData(model, chartRuns, this.view.lossScale, this.view.smoothing, maxStep(model));
    if (!this.table.element.hidden) this.table.setModel(model, model.runs.map((_, i) => runColour(i)));
    this.frame();
  }

  /** One animation frame's work: paths, markers, chart cursors, timeline. */
  frame(): void {
    const t0 = performance.now();
    const p = this.view.position;
    this.map.render(p);
    this.charts.setCursor(p);
    if (this.slider.value !== String(p)) this.slider.value = String(p);
    this.stepLabel.textContent = `step ${p} / ${this.playback.current.end}`;
    const playing = this.playback.current.playing;
    this.playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    setIcon(this.playButton.firstChild as SVGSVGElement, playing ? 'pause' : 'play');
    const now = performance.now();
    if (!playing || now - this.lastTable > 120) {
      this.table.update(p);
      this.lastTable = now;
    }
    recordFrame(performance.now() - t0);
  }

  private renderSpeed(): void {
    const s = this.playback.current.speed;
    this.speedInput.value = String(Math.round((Math.log(s) / Math.log(MAX_SPEED)) * 1000));
    this.speedLabel.textContent = `${s} step${s === 1 ? '' : 's'}/frame`;
  }

  key(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    const tag = t?.tagName;
    // Sliders keep their own arrow/Home/End keys (the timeline's do the same as ours), but Space plays.
    const isRange = tag === 'INPUT' && (t as HTMLInputElement).type === 'range';
    if (isRange && e.key !== ' ') return;
    if (!isRange && (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || t?.isContentEditable)) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const big = e.shiftKey ? 10 : 1;
    switch (e.key) {
      case ' ':
        if (tag === 'BUTTON' || tag === 'SUMMARY') return;
        this.playback.toggle();
        break;
      case 'ArrowLeft':
        this.playback.step(-big);
        break;
      case 'ArrowRight':
        this.playback.step(big);
        break;
      case 'Home':
        this.playback.pause();
        this.playback.seek(0);
        break;
      case 'End':
        this.playback.pause();
        this.playback.seek(Number.MAX_SAFE_INTEGER);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  /** The other variables' values for a slice (more than two variables), full-length. */
  private sliceValues(): number[] | undefined {
    const m = this.model;
    if (m.objective.variables.length <= 2) return undefined;
    if (m.config.sliceMode === 'fixed') return m.config.fixedValues ?? m.config.start;
    const r = Math.max(0, this.map.paths.focused);
    const run = m.runs[r] ?? m.runs[0];
    if (!run) return m.config.start;
    const k = Math.max(0, recordAt(run.steps, this.view.position));
    const point = run.path.slice(k * run.dim, (k + 1) * run.dim);
    return point.every(v => v !== null && Number.isFinite(v)) ? (point as number[]) : m.config.start;
  }

  /** In follow mode, once playback rests, ask for the slice through the focused run's point. */
  private requestFollowSlice(): void {
    const m = this.model;
    if (!api.hosted || m.readonly || m.objective.variables.length <= 2 || m.config.sliceMode === 'fixed') return;
    const r = this.map.ranges();
    if (r) api.post({ type: 'requestSurface', x: r.x, y: r.y, fixed: this.sliceValues() });
  }

  private savePersisted(): void {
    const state: PersistedState = { version: 1, config: this.model.config, view: this.view };
    api.setState(state);
    api.post({ type: 'viewState', view: this.view });
  }

  private export(format: 'png' | 'csv' | 'json'): void {
    const m = this.model;
    const stem = fileStem(m);
    if (format === 'png') {
      const legend = m.runs.map((r, i) => ({ label: `${displayName(r)} (${r.convention})`, colour: runColour(i), detail: describeStop(r) }));
      deliver(api, 'png', `${stem}.png`, composePng(this.map.canvases, legend, this.theme.bg, this.theme.fg, this.theme.font));
    } else if (format === 'csv') deliver(api, 'csv', `${stem}-traces.csv`, tracesToCsv(m));
    else deliver(api, 'json', `${stem}-traces.json`, tracesToJson(m));
  }

  /** Posts the controls' pending (debounced) edits now; tests wait on this instead of on the debounce. */
  sweepResult(msg: Extract<HostMessage, { type: 'sweep' }>): void {
    this.sweep.show(msg.sweep);
  }

  sweepProgress(msg: Extract<HostMessage, { type: 'sweepProgress' }>): void {
    this.sweep.progress(msg.done, msg.total);
  }

  basinsResult(msg: Extract<HostMessage, { type: 'basins' }>): void {
    const run = this.model.runs[msg.basins.run];
    this.basins.show(msg.basins, run ? displayName(run) : msg.basins.optimizer);
  }

  basinsProgress(msg: Extract<HostMessage, { type: 'basinsProgress' }>): void {
    this.basins.progress(msg.done, msg.total);
  }

  stabilityResult(msg: Extract<HostMessage, { type: 'stability' }>): void {
    this.stability.show(msg.stability);
  }

  flushEdits(): void {
    this.controls?.flush();
  }

  debug() {
    flushMath(); // the run cards' rules, typeset now instead of after the first frame
    return {
      view: this.view,
      markers: this.map.paths.markers.map(m => (m ? { ...m } : null)),
      extraMarkers: this.map.paths.extraMarkers.map(m => (m ? { ...m } : null)),
      start: this.map.paths.startPx ? { ...this.map.paths.startPx } : null,
      viewport: this.map.vp ? { ...this.map.vp } : null,
      mapKind: this.map.kind,
      contourPending: this.map.contourPending,
      /** Records each run holds (thinned by the host, finer where a zoom or scrub fetched them). */
      records: this.model.runs.map(r => r.steps.length),
      surfaceSeq: this.map.surfaceCount,
      contourMode: this.map.contourMode,
      theme: { ...this.theme },
      end: this.playback.current.end,
      chartTickColour: String(this.charts.charts[0].options.scales?.x?.ticks?.color ?? ''),
      stepsPerEpoch: this.charts.epochLength,
      lossAxisTitle: String((this.charts.charts[0].options.scales?.x?.title as { text?: string } | undefined)?.text ?? ''),
      minimaLabels: this.map.paths.minimaLabels.map(l => ({ ...l })),
      lossDatasets: this.charts.charts[0].data.datasets.map(ds => ({
        label: ds.label ?? '',
        fill: ds.fill === undefined ? null : String(ds.fill),
        background: String(ds.backgroundColor ?? ''),
        band: !!(ds as { band?: boolean }).band,
        points: ds.data.length,
        lastX: ds.data.length ? ds.data[ds.data.length - 1].x : null,
      })),
      lossXMax: Number(this.charts.charts[0].options.scales?.x?.max ?? NaN),
      /** Each chart's y tick values and labels, and its plot height in px. */
      yTicks: this.charts.charts.map(c => ({ values: (c.scales.y?.ticks ?? []).map(t => t.value), labels: (c.scales.y?.ticks ?? []).map(t => String(t.label ?? '')), height: c.scales.y?.height ?? 0 })),
      sliceNote: this.map.sliceNote(),
      readout: { ...this.map.paths.readoutBox, rows: [...this.map.paths.readoutBox.rows] },
      basins: this.basins.shown ? { ...this.basins.shown, drawn: this.map.basinsShown } : null,
      stability: this.stability.debug(),
    };
  }

  dispose(): void {
    this.playback.dispose();
    this.map.dispose();
    this.sweep.dispose();
    this.stability.dispose();
    this.basins.dispose();
    this.charts.destroy();
  }
}

/**
 * The gradient, right under the objective: one line of partial derivatives, open unless it is long
 * (many variables or big expressions), then a summary line to open it.
 */
function gradientBox(model: PanelModel): HTMLElement {
  const g = model.objective.gradient;
  const size = g.reduce((n, d) => n + d.tex.length, 0);
  const long = g.length > 4 || size > 260;
  return el('details', { class: 'ol-gradient-box', open: !long }, [
    el('summary', { title: 'The partial derivatives of f the optimizers follow (click to show or hide)' }, [
      el('span', { class: 'ol-gradient-title', text: 'gradient' }),
      long ? el('span', { class: 'ol-gradient-count', text: `${g.length} partial derivatives` }) : null,
    ]),
    gradientElement(model.objective),
  ]);
}

/** What the white stars on the map are: known minima of a preset, or the least-squares solution of a dataset. */
function referenceHint(model: PanelModel): HTMLElement | null {
  const ref = model.reference;
  if (!ref?.minima.length) return null;
  const fmt = (m: number[]) => `(${m.map(v => Number(v.toPrecision(4))).join(', ')})`;
  if (ref.kind === 'least-squares') {
    const names = model.config.data?.parameters.length ? model.config.data.parameters : model.objective.variables;
    const map = model.data?.toOriginal;
    const original = map ? ref.minima.map(m => toOriginalScale(m, map)).filter((m): m is number[] => !!m) : [];
    const onOriginal = original.length ? `; on the original scale ${original.map(fmt).join(', ')}` : '';
    return el('p', {
      class: 'ol-hint',
      text: `Least-squares solution θ* (white star labelled “least squares” on the map), computed exactly by linear algebra on the data the optimizers see: (${names.join(', ')}) = ${ref.minima.map(fmt).join(', ')}${onOriginal}. The legend and the table give each run’s distance ‖θ − θ*‖.`,
    });
  }
  return el('p', { class: 'ol-hint', text: `Known minim${ref.minima.length > 1 ? 'a' : 'um'} (white stars on the map): ${ref.minima.map(fmt).join(', ')}` });
}

/** A model with no host behind it (the CLI's report, or a page without the VS Code API). */
function readonlyModel(model: PanelModel): boolean {
  return !!model.readonly || !api.hosted;
}

/** Report mode: one line on the dataset (rows, batches, updates per epoch, rescaling). */
function dataHint(model: PanelModel): HTMLElement | null {
  const d = model.data;
  if (!d) return null;
  const batches = d.batchSize >= d.rows ? 'full batch' : `batches of ${d.batchSize}`;
  const parts = [`${d.rows.toLocaleString('en-US')} rows`, batches, `${d.stepsPerEpoch} updates per epoch`, scaleNote(d) ?? 'no rescaling'];
  return el('p', { class: 'ol-hint ol-data-summary-line', text: `Data: ${parts.join(' · ')}` });
}

/** Work done per rendered frame (ms), last 1,000 frames, for the benchmark. */
function recordFrame(ms: number): void {
  const t = (window.__optimizerLabTimings ??= { contour: [] });
  const frames = (t.frames ??= []);
  frames.push(ms);
  if (frames.length > 1000) frames.shift();
}

// ---------------------------------------------------------------------------------------------
// Wiring

const app = document.getElementById(APP_ID) ?? document.body.appendChild(el('div', { id: APP_ID }));
let panel: Panel | undefined;
let restored: PersistedState | undefined;

{
  const saved = checkPersistedState(api.getState());
  if (saved.ok) restored = saved.value;
}

function shapeOf(model: PanelModel): string {
  const n = model.objective.variables.length;
  return `${n > 2 ? 'n' : n}:${model.readonly ? 'ro' : 'rw'}`;
}

store.subscribe((state: PanelState) => {
  if (state.kind === 'waiting') {
    panel?.dispose();
    panel = undefined;
    setChildren(app, [el('div', { class: 'ol-waiting', role: 'status' }, [el('span', { class: 'ol-spinner', 'aria-hidden': 'true' }), 'Waiting for the optimizer runs…'])]);
  } else if (state.kind === 'error') {
    panel?.dispose();
    panel = undefined;
    setChildren(app, [el('div', { class: 'ol-error', role: 'alert' }, [el('h2', { text: 'The panel could not show this' }), el('p', { text: state.message })])]);
  } else {
    const shape = shapeOf(state.model);
    if (!panel || panel.shape !== shape) {
      panel?.dispose();
      panel = new Panel(state.model, state.view, shape);
      setChildren(app, [panel.root]);
    } else panel.show(state.model, state.view);
    panel.setRunning(state.running);
    if (state.notice) panel.setNotice(state.notice.message, state.notice.field);
  }
});

function handle(raw: unknown): void {
  const parsed = parseHostMessage(raw);
  const s = store.state;
  if (!parsed.ok) {
    const message = `Ignored a malformed message from the host (${parsed.error}).`;
    api.post({ type: 'log', level: 'error', message });
    if (s.kind === 'ready' && panel) panel.setNotice(message);
    else store.set({ kind: 'error', message });
    return;
  }
  const msg = parsed.value;
  switch (msg.type) {
    case 'show': {
      const model = msg.model;
      let view: ViewState;
      if (msg.view) view = msg.view;
      else if (s.kind === 'ready' && s.model.objective.text === model.objective.text && s.model.objective.variables.length === model.objective.variables.length)
        view = panelView() ?? s.view;
      else if (restored && restored.config.expression === model.config.expression) view = restored.view;
      else view = defaultView(model);
      restored = undefined;
      const t0 = performance.now();
      store.set({ kind: 'ready', model, view: fitView(view, model), running: false });
      (window.__optimizerLabTimings ??= { contour: [] }).showMs = performance.now() - t0;
      return;
    }
    case 'surface':
      if (s.kind === 'ready') panel?.surface(msg);
      return;
    case 'records':
      if (s.kind === 'ready') panel?.records(msg);
      return;
    case 'running':
      if (s.kind === 'ready') panel?.setRunning(msg.running, msg.message);
      return;
    case 'error':
      if (s.kind === 'ready' && panel) panel.setNotice(msg.error.message, msg.field);
      else store.set({ kind: 'error', message: msg.error.message });
      return;
    case 'settings':
      if (s.kind === 'ready') panel?.setSettings(msg.settings.animationSpeed);
      return;
    case 'sweep':
      if (s.kind === 'ready') panel?.sweepResult(msg);
      return;
    case 'sweepProgress':
      if (s.kind === 'ready') panel?.sweepProgress(msg);
      return;
    case 'basins':
      if (s.kind === 'ready') panel?.basinsResult(msg);
      return;
    case 'basinsProgress':
      if (s.kind === 'ready') panel?.basinsProgress(msg);
      return;
    case 'stability':
      if (s.kind === 'ready') panel?.stabilityResult(msg);
      return;
    default: {
      const never: never = msg;
      void never;
    }
  }
}

/** The live view (position, zoom…) of the panel on show, to carry over to a new model. */
function panelView(): ViewState | undefined {
  return panel?.debug().view;
}

window.addEventListener('message', (e: MessageEvent) => handle(e.data));
document.addEventListener('keydown', e => panel?.key(e));
window.addEventListener('error', e => api.post({ type: 'log', level: 'error', message: `webview: ${e.message}` }));

const embedded = document.getElementById(MODEL_ID);
if (embedded?.textContent) {
  try {
    handle({ type: 'show', model: parseEmbeddedModel(embedded.textContent) });
    // the report's stability chart: a `stability` message like the host's, validated the same way
    const stability = document.getElementById(STABILITY_ID)?.textContent;
    if (stability) handle({ type: 'stability', stability: JSON.parse(stability) as unknown });
  } catch (err) {
    store.set({ kind: 'error', message: `The embedded model is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
} else {
  store.set({ kind: 'waiting' });
  api.post({ type: 'ready' });
}

declare global {
  interface Window {
    __optimizerLab?: { state: () => PanelState; debug: () => ReturnType<Panel['debug']> | undefined; flushEdits: () => void };
  }
}
window.__optimizerLab = { state: () => store.state, debug: () => panel?.debug(), flushEdits: () => panel?.flushEdits() };
