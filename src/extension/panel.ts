/**
 * The Optimizer Lab panel host: lifecycle after microsoft/vscode-extension-samples' webview-sample
 * (createOrShow / revive / dispose), messages typed by src/core/protocol.ts and validated on
 * arrival, state restored by a WebviewPanelSerializer (no retainContextWhenHidden).
 */
import * as vscode from 'vscode';
import { parseObjective } from '../core/expr';
import { prepareData, PreparedData } from '../core/dataRun';
import { buildPanelModel, presetForExpression, surfaceFor } from '../core/model';
import {
  BasinView, checkPersistedState, HostMessage, PanelModel, parseWebviewMessage, PersistedState, PROTOCOL_VERSION, readRunConfig, RunConfig, StabilityView, SweepView, toWire, ViewState, WebviewMessage,
} from '../core/protocol';
import { mapTarget, recordsFor, thinPanelModel } from '../core/records';
import { panelRunsJson, tracesToCsv } from '../core/traceCsv';
import { LIMITS, PANEL_GRID_SIZE } from '../core/limits';
import { UserError } from '../core/result';
import { readDataset } from './datasetFile';
import { htmlShell, makeNonce, panelCsp } from '../core/shell';
import { PANEL_VIEW_TYPE } from './ids';
import { runPanelSweep, sweepTargetFor, tunedConfig, withLrSources } from './panelSweep';
import { basinConfigFor, runPanelBasins, toBasinView, type BasinRequest } from './panelBasins';
import { panelWorkers, type PanelWorkers } from './panelWorkers';
import { curvatureForRun, stabilityAlong } from '../core/stability';
import type { LrGrid } from '../core/sweep/types';
import { Settings } from './settings';
import { copyExperimentLink, ExperimentOrigin, saveExperiment } from './experimentFile';
import { openingView } from '../core/experiment/view';
import { withRatesUsed } from '../core/experiment/format';
import { nextTask } from './nextTask';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  output: vscode.OutputChannel;
  settings: () => Settings;
  /** Reports an unexpected failure once (output channel + notification). */
  unexpected: (where: string, e: unknown) => void;
  /** Workspace storage: a copy of each panel's latest state (see `remember`). */
  memento: vscode.Memento;
  /** Loads a bundle of dist/ (bundleLoader.ts): the worker pool for sweeps and basin maps. */
  loadBundle?: (file: string) => unknown;
}

/**
 * The workers of every panel in this host: dist/sweepPool.js, loaded on the first sweep or basin map
 * (in the web worker host: Web Workers running dist/web/sweepWorker.js, read through workspace.fs).
 */
let sweepWorkers: PanelWorkers | undefined;
const workersFor = (deps: PanelDeps): PanelWorkers =>
  (sweepWorkers ??= panelWorkers(deps.loadBundle && (() => deps.loadBundle?.('sweepPool.js')), line => deps.output.appendLine(line), {
    read: async () => vscode.workspace.fs.readFile(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'web', 'sweepWorker.js')),
  }));

const SAVED_KEY = 'optimizerLab.panelStates';
const MAX_SAVED = 20;
type SavedStates = Record<string, PersistedState & { savedAt: number }>;

export interface RunSummary {
  expression: string;
  variables: string[];
  runs: { optimizer: string; convention: string; stop: { reason: string; step: number }; finalLoss: number; finalParams: number[] }[];
}

/** `report` at most every 100 ms, and always for the last call (done = total). */
function throttledProgress(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    report(done, total);
  };
}

/** Work (optimizers × steps) above which a run shows a cancellable progress notification. */
const PROGRESS_THRESHOLD = 200_000;

const keyOf = (expression: string): string => expression.replace(/\s+/g, '');

export class OptimizerPanel {
  private static readonly open = new Map<OptimizerPanel, string>();
  private static lastUpdated: OptimizerPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private model: PanelModel | undefined;
  /** What the map shows (f, or a dataset's full-batch cost), for zoom/pan requests. */
  private landscape: { variables: string[]; f(x: ArrayLike<number>): number } | undefined;
  private view: ViewState | undefined;
  /** The experiment file this panel saves to ("Save"), if any, and what the file says beyond the RunConfig. */
  private origin: ExperimentOrigin = {};
  /** The last model thinned for the screen, and its thinned form. */
  private thinnedOf: { model: PanelModel; thinned: PanelModel } | undefined;
  /** The map's ranges of the last surface the webview asked for (what its records are thinned for). */
  private mapRanges: { x: [number, number]; y: [number, number] } | undefined;
  private webviewReady = false;
  private generation = 0;
  private cancel: { cancelled: boolean } | undefined;
  /** A user error from the last run, shown once the webview is ready. */
  private lastError: Extract<HostMessage, { type: 'error' }> | undefined;
  /** What a learning-rate sweep runs on: the last good run's config and data. */
  private sweepInput: { config: RunConfig; data?: PreparedData } | undefined;
  private sweepSignal: { cancelled: boolean } | undefined;
  private basinSignal: { cancelled: boolean } | undefined;
  private stabilitySignal: { cancelled: boolean } | undefined;
  /** The stability chart's numbers for `model` (posted again with the model when the webview becomes ready). */
  private stabilityOf: { model: PanelModel; view: StabilityView } | undefined;
  /** The latest run asked for (Save waits for it, so it writes the settings the panel was last given). */
  private latestRun: Promise<boolean> = Promise.resolve(true);

  static all(): OptimizerPanel[] {
    return [...OptimizerPanel.open.keys()];
  }

  static lastRun(): RunSummary | undefined {
    return OptimizerPanel.lastUpdated?.summary();
  }

  /** The latest sweep and basin map any panel posted. */
  private static readonly lastResults: { sweep?: SweepView; basins?: BasinView } = {};

  /** For tests: the latest sweep and basin map posted, and the runs made in Web Workers (web host). */
  static results(): { sweep?: SweepView; basins?: BasinView; webWorkerRuns: ReturnType<PanelWorkers['webRuns']> } {
    return { ...OptimizerPanel.lastResults, webWorkerRuns: sweepWorkers?.webRuns() ?? [] };
  }

  /** For tests: `raw` as if the last updated panel's webview had posted it (validated and handled as any message); resolves once handled. */
  static receive(raw: unknown): Promise<void> {
    const p = OptimizerPanel.lastUpdated;
    return p ? p.onMessage(raw) : Promise.reject(new Error('no panel has run'));
  }

  /** Shows the panel for this expression (reusing one already open for it) and runs the config. */
  /** `origin`: the experiment file the run came from (its "Save" writes back there), with the map's bounds. */
  static async show(config: RunConfig, deps: PanelDeps, origin?: ExperimentOrigin): Promise<OptimizerPanel> {
    const key = keyOf(config.expression);
    let target = OptimizerPanel.all().find(p => OptimizerPanel.open.get(p) === key);
    if (target) {
      target.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, titleFor(config.expression), vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist')],
      });
      target = new OptimizerPanel(panel, deps, config);
    }
    if (origin) {
      // The panel is that experiment: its map opens at the file's bounds (or unzoomed).
      target.origin = origin;
      target.view = openingView(target.view, origin.bounds, deps.settings().animationSpeed);
    }
    await target.run(config);
    return target;
  }

  /** After a window reload: the serializer hands back the webview's saved state. */
  static async revive(panel: vscode.WebviewPanel, state: unknown, deps: PanelDeps): Promise<void> {
    const saved = checkPersistedState(state);
    if (!saved.ok) {
      deps.output.appendLine(`could not restore a panel: ${saved.error}`);
      panel.dispose();
      return;
    }
    // VS Code in a browser saves webview state only now and then (no long work at page unload), so
    // the host's own copy, written on every view change, may be newer than what the webview kept.
    const own = deps.memento.get<SavedStates>(SAVED_KEY, {})[keyOf(saved.value.config.expression)];
    const ownState = own ? checkPersistedState(own) : undefined;
    const restored = ownState?.ok ? ownState.value : saved.value;
    const p = new OptimizerPanel(panel, deps, restored.config);
    p.view = restored.view;
    await p.run(restored.config);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: PanelDeps, private config: RunConfig) {
    OptimizerPanel.open.set(this, keyOf(config.expression));
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist')] };
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    const nonce = makeNonce();
    panel.webview.html = htmlShell({
      title: 'Optimizer Lab',
      csp: panelCsp(panel.webview.cspSource, nonce),
      style: { href: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-panel.css')).toString() },
      script: { src: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(), nonce },
    });
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.onDidReceiveMessage(m => void this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  get title(): string {
    return this.panel.title;
  }

  get ready(): boolean {
    return this.webviewReady;
  }

  get currentConfig(): RunConfig {
    return this.config;
  }

  /** Runs `config` (cancelling a run in progress) and shows the result; user errors show in place. */
  run(requested: RunConfig): Promise<boolean> {
    this.latestRun = this.runConfig(requested);
    return this.latestRun;
  }

  private async runConfig(requested: RunConfig): Promise<boolean> {
    const generation = ++this.generation;
    if (this.cancel) this.cancel.cancelled = true;
    const signal = { cancelled: false };
    this.cancel = signal;
    // Nothing is stored before it validates: a malformed request leaves the last good config in place.
    const checked = readRunConfig(requested);
    if (!checked.ok) return this.userError({ message: checked.error }, 'config');
    let config = checked.value;
    this.post({ type: 'running', running: true });
    try {
      let data: PreparedData | undefined;
      if (config.data) {
        const dataset = await readDataset(config.data.file);
        if (!dataset.ok) return this.userError(dataset.error, 'data');
        const prepared = prepareData(config.expression, dataset.value, config.data);
        if (!prepared.ok) return this.userError(prepared.error, 'expression');
        data = prepared.value;
        const n = data.objective.variables.length;
        config = { ...config, steps: data.steps, start: config.start.length === n ? config.start : new Array<number>(n).fill(0) };
      }
      // config.tuning: every learning rate the person did not set, tuned on this objective (or the framework's default)
      const tuning = tunedConfig(config, data);
      if (!tuning.ok) return this.userError(tuning.error, 'tuning');
      const build = (): ReturnType<typeof buildPanelModel> =>
        buildPanelModel(tuning.value.config, { gridSize: PANEL_GRID_SIZE, signal, yieldToEventLoop: nextTask, data, timings: true, settings: { animationSpeed: this.deps.settings().animationSpeed } });
      const work = config.steps * Math.max(1, config.optimizers.length) * Math.max(1, config.noise?.seeds ?? 1);
      const result = work > PROGRESS_THRESHOLD
        ? await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Optimizer Lab: running ${config.optimizers.length} optimizers × ${config.steps} steps`, cancellable: true },
          (_progress, token) => {
            token.onCancellationRequested(() => { signal.cancelled = true; });
            return build();
          })
        : await build();
      if (generation !== this.generation) return false; // a newer run replaced this one
      if (!result.ok) return this.userError(result.error, 'expression');
      this.config = config;
      OptimizerPanel.open.set(this, keyOf(config.expression));
      this.panel.title = titleFor(config.expression);
      this.model = withLrSources(result.value, config, tuning.value.sources);
      this.mapRanges = undefined;
      this.lastError = undefined;
      this.sweepInput = { config, ...(data ? { data } : {}) };
      if (data) {
        const d = data;
        this.landscape = { variables: d.objective.variables, f: x => d.source.loss(Float64Array.from(x)) };
      } else {
        const parsed = parseObjective(config.expression);
        this.landscape = parsed.ok ? parsed.value : undefined;
      }
      OptimizerPanel.lastUpdated = this;
      this.post({ type: 'running', running: false });
      this.postModel();
      void this.postStability(config, data);
      return true;
    } catch (e) {
      this.post({ type: 'running', running: false });
      this.deps.unexpected('running the optimizers', e);
      return false;
    }
  }

  /** A person's mistake: shown in the panel next to the field it concerns; the last good view stays. */
  private userError(error: UserError, field: string): false {
    this.post({ type: 'running', running: false });
    this.lastError = { type: 'error', error, field };
    this.post(this.lastError);
    this.deps.output.appendLine(`run failed: ${error.message}`);
    return false;
  }

  applySettings(s: Settings): void {
    this.post({ type: 'settings', settings: { animationSpeed: s.animationSpeed } });
    const next: RunConfig = { ...this.config, optimizers: s.optimizers, convention: s.convention, steps: s.steps, hyperparameters: s.hyperparameters };
    if (JSON.stringify(next) !== JSON.stringify(this.config)) void this.run(next);
  }

  summary(): RunSummary | undefined {
    const m = this.model;
    if (!m) return undefined;
    return {
      expression: m.config.expression,
      variables: m.objective.variables,
      runs: m.runs.map(r => {
        const last = r.loss.length - 1;
        return {
          optimizer: r.optimizer,
          convention: r.convention,
          stop: { reason: r.stop.reason, step: r.stop.step },
          finalLoss: r.loss[last] ?? NaN,
          finalParams: r.path.slice(last * r.dim, (last + 1) * r.dim).map(v => v ?? NaN),
        };
      }),
    };
  }

  private postModel(): void {
    // Only the records the screen can show; finer ones follow a zoom or a `requestRecords`.
    if (!this.model || !this.webviewReady) return;
    this.post({ type: 'show', model: this.thinned(this.model), ...(this.view ? { view: this.view } : {}) });
    // The curvature along these runs, when it was computed before the webview was ready (or it reloaded).
    if (this.stabilityOf?.model === this.model) this.post({ type: 'stability', stability: this.stabilityOf.view });
    // A zoomed view (an experiment's bounds, or the person's zoom kept over a new run): the landscape at that zoom.
    const zoom = this.view?.zoom;
    if (zoom) this.postSurface(zoom.x, zoom.y);
  }

  /** `model` thinned for the screen, once per model (the post and the stability chart read the same). */
  private thinned(model: PanelModel): PanelModel {
    if (this.thinnedOf?.model !== model) this.thinnedOf = { model, thinned: thinPanelModel(model) };
    return this.thinnedOf.thinned;
  }

  /** The landscape over x × y (the others held at `fixed`, else as the config says) and the paths at its resolution. */
  private postSurface(x: [number, number], y: [number, number], fixed?: number[]): void {
    if (!this.landscape || !this.model) return;
    const base = fixed && fixed.length === this.config.start.length ? { ...this.config, start: fixed } : this.config;
    const surface = surfaceFor(this.landscape, base, [], { gridSize: PANEL_GRID_SIZE, x, y });
    this.post({ type: 'surface', surface });
    // the paths at the zoom's resolution: every run, every step
    this.mapRanges = { x, y };
    this.postRecords(0, LIMITS.maxSteps);
  }

  /** Long series travel as Float64Arrays (`toWire`), which VS Code passes as buffers. */
  private post(m: HostMessage): void {
    if (m.type === 'sweep') OptimizerPanel.lastResults.sweep = m.sweep;
    if (m.type === 'basins') OptimizerPanel.lastResults.basins = m.basins;
    if (this.webviewReady || m.type === 'show') void this.panel.webview.postMessage(toWire(m));
  }

  /** Every run's records from `from` to `to`, thinned for the map's current ranges. */
  private postRecords(from: number, to: number): void {
    const model = this.model;
    if (!model) return;
    this.post({ type: 'records', from, to, runs: recordsFor(model, from, to, { map: mapTarget(model.surface, this.mapRanges) }) });
  }

  private onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg.ok) {
      this.deps.output.appendLine(`ignored a malformed message from the panel: ${msg.error}`);
      return Promise.resolve();
    }
    return this.handle(msg.value).catch(e => this.deps.unexpected(`handling '${msg.value.type}' from the panel`, e));
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.webviewReady = true;
        this.postModel();
        if (this.lastError) this.post(this.lastError);
        return;
      case 'configure':
        await this.run(m.config);
        return;
      case 'setStart':
        if (m.start.length !== this.config.start.length) return;
        await this.run({ ...this.config, start: m.start });
        return;
      case 'requestSurface':
        this.postSurface(m.x, m.y, m.fixed);
        return;
      case 'requestRecords':
        this.postRecords(m.from, m.to);
        return;
      case 'requestSweep':
        await this.sweep(m.grid, m.steps);
        return;
      case 'cancelSweep':
        if (this.sweepSignal) this.sweepSignal.cancelled = true;
        return;
      case 'requestBasins':
        await this.basins(m);
        return;
      case 'cancelBasins':
        if (this.basinSignal) this.basinSignal.cancelled = true;
        return;
      case 'viewState':
        this.view = m.view;
        await this.remember();
        return;
      case 'export':
        await this.exportFile(m);
        return;
      case 'log':
        this.deps.output.appendLine(`[panel ${m.level}] ${m.message}`);
        return;
      case 'saveExperiment': {
        await this.latestRun;
        const file = await saveExperiment(withRatesUsed(this.config, this.model?.runs ?? []), this.origin, m.saveAs || !this.origin.file, this.view);
        if (file) this.origin = { ...this.origin, file };
        return;
      }
      case 'copyLink':
        await this.latestRun;
        await copyExperimentLink(withRatesUsed(this.config, this.model?.runs ?? []), this.origin, this.view);
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Keeps a copy of this panel's state in workspace storage (newest MAX_SAVED panels). */
  private async remember(): Promise<void> {
    if (!this.view) return;
    const all = { ...this.deps.memento.get<SavedStates>(SAVED_KEY, {}) };
    all[keyOf(this.config.expression)] = { version: PROTOCOL_VERSION, config: this.config, view: this.view, savedAt: Date.now() };
    const keep = Object.entries(all).sort((a, b) => b[1].savedAt - a[1].savedAt).slice(0, MAX_SAVED);
    await this.deps.memento.update(SAVED_KEY, Object.fromEntries(keep));
  }

  private async exportFile(m: Extract<WebviewMessage, { type: 'export' }>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, m.filename) : undefined,
      filters: { [m.format.toUpperCase()]: [m.format] },
      title: 'Export from Optimizer Lab',
    });
    if (!uri) return;
    // The webview holds the records the screen shows; CSV and JSON are written from every record the host kept.
    const text = !this.model ? m.content : m.format === 'csv' ? tracesToCsv(this.model.objective.variables, this.model.runs) : m.format === 'json' ? panelRunsJson(this.model) : m.content;
    // atob and TextEncoder: in both the Node and the web worker extension hosts (no Buffer on the web).
    const bytes = m.format === 'png'
      ? Uint8Array.from(atob(m.content.replace(/^data:image\/png;base64,/, '')), c => c.charCodeAt(0))
      : new TextEncoder().encode(text);
    await vscode.workspace.fs.writeFile(uri, bytes);
    void vscode.window.showInformationMessage(`Optimizer Lab: saved ${vscode.workspace.asRelativePath(uri)}`);
  }

  /** A learning-rate sweep of the current run (a newer request or the panel closing cancels it). */
  private async sweep(grid: LrGrid, steps: number): Promise<void> {
    const input = this.sweepInput;
    if (!input) return;
    if (this.sweepSignal) this.sweepSignal.cancelled = true;
    const signal = { cancelled: false };
    this.sweepSignal = signal;
    const target = sweepTargetFor(input.config, input.data);
    if (!target.ok) {
      this.post({ type: 'error', error: target.error, field: 'sweep' });
      return;
    }
    const progress = throttledProgress((done, total) => this.post({ type: 'sweepProgress', done, total }));
    const result = await runPanelSweep(target.value, grid, steps, signal, progress, nextTask, workersFor(this.deps));
    if (this.sweepSignal !== signal) return; // replaced by a newer sweep
    this.sweepSignal = undefined;
    if (!result.ok) {
      this.post({ type: 'error', error: result.error, field: 'sweep' });
      return;
    }
    this.post({ type: 'sweep', sweep: result.value });
  }

  /** A basin map of one run's optimizer over the requested view (a newer request or the panel closing cancels it). */
  private async basins(request: BasinRequest): Promise<void> {
    const input = this.sweepInput;
    const model = this.model;
    if (!input || !model) return;
    if (this.basinSignal) this.basinSignal.cancelled = true;
    const signal = { cancelled: false };
    this.basinSignal = signal;
    const config = basinConfigFor(model, input.config, request, input.data);
    if (!config.ok) {
      this.post({ type: 'error', error: config.error, field: 'basins' });
      return;
    }
    const progress = throttledProgress((done, total) => this.post({ type: 'basinsProgress', done, total }));
    const result = await runPanelBasins(config.value, signal, progress, nextTask, workersFor(this.deps));
    if (this.basinSignal !== signal) return; // replaced by a newer request
    this.basinSignal = undefined;
    if (!result.ok) {
      this.post({ type: 'error', error: result.error, field: 'basins' });
      return;
    }
    const view = toBasinView(result.value, request.run, model.runs[request.run].optimizer);
    this.post({ type: 'basins', basins: request.request === undefined ? view : { ...view, request: request.request } });
  }

  /** λmax and η·λmax along every run's records (after the model is on show; a newer run cancels it). */
  private async postStability(config: RunConfig, data: PreparedData | undefined): Promise<void> {
    const model = this.model;
    if (!model) return;
    if (this.stabilitySignal) this.stabilitySignal.cancelled = true;
    const signal = { cancelled: false };
    this.stabilitySignal = signal;
    try {
      const view = await stabilityAlong(this.thinned(model), curvatureForRun(config, data?.source), nextTask, signal);
      if (signal.cancelled || this.model !== model) return;
      this.stabilityOf = { model, view };
      this.post({ type: 'stability', stability: view });
    } catch (e) {
      this.deps.unexpected('computing the curvature along the runs', e);
    }
  }

  private dispose(): void {
    if (this.cancel) this.cancel.cancelled = true;
    if (this.sweepSignal) this.sweepSignal.cancelled = true;
    if (this.basinSignal) this.basinSignal.cancelled = true;
    if (this.stabilitySignal) this.stabilitySignal.cancelled = true;
    OptimizerPanel.open.delete(this);
    if (OptimizerPanel.lastUpdated === this) OptimizerPanel.lastUpdated = undefined;
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function titleFor(expression: string): string {
  const preset = presetForExpression(expression);
  const short = expression.length > 28 ? `${expression.slice(0, 27)}…` : expression;
  return `Optimizer Lab: ${preset ? preset.name : short}`;
}
