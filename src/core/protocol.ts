/**
 * THE contract between the extension host and the webview (both import this module).
 *
 * One union per direction, each message tagged by a literal `type`. Anything that crosses the
 * boundary is validated on arrival (`parseHostMessage` in the webview, `parseWebviewMessage` in the
 * host): a malformed message becomes an error value, never an exception or an `any`.
 *
 * Numbers travel as plain JSON arrays. Non-finite values (a diverged run's last loss) cannot be
 * represented in JSON, so they travel as `null` and the webview treats `null` as "not finite".
 *
 * The same `PanelModel` is embedded in the CLI's standalone HTML report (`readonly: true`), which is
 * how the report shows the very same view without a host.
 */
import type { Convention, HyperparameterName, OptimizerId, ParamSpec } from './optim/types';
import type { ScheduleSpec } from './schedule';
import type { UserError } from './result';
import { describeValue } from './describe';

/** What the person asked for; enough to recompute everything (the serializer persists it). */
export interface RunConfig {
  expression: string;
  start: number[];
  optimizers: OptimizerId[];
  convention: Convention;
  steps: number;
  /** Per-optimizer overrides of the convention's defaults. */
  hyperparameters: Partial<Record<OptimizerId, Partial<Record<HyperparameterName, number | boolean | string>>>>;
  schedule: ScheduleSpec;
  /** With more than two variables: the indices of the two variables on the map. */
  mapVariables?: [number, number];
  /** With more than two variables: hold the others at each path's current values, or at `fixedValues`. */
  sliceMode?: 'follow' | 'fixed';
  fixedValues?: number[];
  /** Optional Gaussian noise on the gradient (plain expressions), several seeds drawn as a band. */
  noise?: { sigma: number; seeds: number };
  /** Dataset objectives (the loss uses column names). */
  data?: DataConfig;
}

export interface DataConfig {
  /** Path or URI string of the CSV file, as the host understands it. */
  file: string;
  parameters: string[];
  batchSize: number | 'full';
  epochs: number;
  shuffle: boolean;
  rescale: 'none' | 'minmax' | 'minmax-symmetric' | 'standard';
  seed: number;
}

export type NumOrNull = number | null;

export type StopReason = 'max-steps' | 'converged' | 'diverged' | 'cancelled';

/** One optimizer's recorded trajectory, flattened row-major (`count × dim`). */
export interface TraceData {
  optimizer: OptimizerId;
  convention: Convention;
  label: string;
  hyperparameters: Record<string, number | boolean | string>;
  dim: number;
  /** Number of updates applied at each record (thinned runs skip some). */
  steps: number[];
  path: NumOrNull[];
  loss: NumOrNull[];
  /** Effective learning rate per parameter for the update that produced each record. */
  effectiveLr: NumOrNull[];
  /** Actual step Δx per parameter for the update that produced each record. */
  delta: NumOrNull[];
  /** Scheduled learning rate of each record's update. */
  lr: NumOrNull[];
  /** Dataset runs: epoch of each record. */
  epoch?: number[];
  stop: { reason: StopReason; step: number; detail: string };
  /** This run's update rule as TeX, with only the terms its hyperparameters switch on. */
  formula?: string;
  /** Noise runs (several seeds): per-record mean loss over seeds, and its band (min to max). */
  lossMean?: NumOrNull[];
  lossBand?: { lo: NumOrNull[]; hi: NumOrNull[] };
}

/** f sampled on a grid for the contour map (2 variables) or the curve (1 variable). */
export type SurfaceData =
  | {
      kind: 'grid';
      /** Indices of the variables on the horizontal and vertical axes. */
      xVar: number;
      yVar: number;
      x: [number, number];
      y: [number, number];
      nx: number;
      ny: number;
      /** Row-major, `ny` rows of `nx` values, row 0 at y[0]. */
      values: NumOrNull[];
      /** Values the other variables were held at (more than two variables). */
      fixed?: number[];
    }
  | { kind: 'curve'; x: [number, number]; n: number; values: NumOrNull[] };

export interface OptimizerInfo {
  id: OptimizerId;
  label: string;
  summary: string;
  params: readonly ParamSpec[];
  defaults: Partial<Record<Convention, Record<string, number | boolean | string>>>;
  unavailable: Partial<Record<Convention, string>>;
  formula: Partial<Record<Convention, string>>;
  source: Partial<Record<Convention, string>>;
  effectiveLr: string;
}

export interface ObjectiveInfo {
  text: string;
  tex: string;
  variables: string[];
  gradient: { variable: string; text: string; tex: string; symbolic: boolean; note?: string }[];
}

/** Dataset runs: what the panel shows about the data and how to read parameters on the original scale. */
export interface DataSummary {
  rows: number;
  columns: string[];
  batchSize: number;
  stepsPerEpoch: number;
  rescale: DataConfig['rescale'];
  /**
   * Parameters fitted on rescaled inputs, on the original scale: original = matrix · scaled + offset
   * (exact for a model linear in its inputs). Absent when no rescaling, or when it cannot be undone
   * exactly (then `note` says why).
   */
  toOriginal?: { matrix: number[][]; offset: number[] };
  note?: string;
}

export interface PanelModel {
  config: RunConfig;
  /** Dataset runs only. */
  data?: DataSummary;
  objective: ObjectiveInfo;
  /** Known minima and a name when the expression is a preset; the least-squares optimum for data. */
  reference?: { name: string; minima: number[][] };
  runs: TraceData[];
  surface?: SurfaceData;
  registry: OptimizerInfo[];
  conventions: Convention[];
  settings: { animationSpeed: number };
  /** True in the CLI's HTML report: there is no host to re-run anything. */
  readonly?: boolean;
}

/** Playback and view state, kept by the webview with setState so the panel restores exactly. */
export interface ViewState {
  position: number;
  playing: boolean;
  speed: number;
  lossScale: 'log' | 'linear';
  smoothing: number;
  zoom?: { x: [number, number]; y: [number, number] };
}

/** What `vscode.getState()` holds; the serializer receives it after a window reload. */
export interface PersistedState {
  version: 1;
  config: RunConfig;
  view: ViewState;
}

// ---------------------------------------------------------------------------------------------
// Messages

export type HostMessage =
  | { type: 'show'; model: PanelModel; view?: ViewState }
  | { type: 'surface'; surface: SurfaceData }
  | { type: 'running'; running: boolean; message?: string }
  | { type: 'error'; error: UserError; field?: string }
  | { type: 'settings'; settings: PanelModel['settings'] };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'configure'; config: RunConfig }
  | { type: 'setStart'; start: number[] }
  | { type: 'requestSurface'; x: [number, number]; y: [number, number]; fixed?: number[] }
  | { type: 'viewState'; view: ViewState }
  | { type: 'export'; format: 'png' | 'csv' | 'json'; filename: string; content: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

export type MessageResult<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Validation (hand-written on purpose: tiny, dependency-free, and usable on both sides)

type Json = unknown;
const isObj = (v: Json): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNum = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumArray = (v: Json, min = 0, max = 64): v is number[] =>
  Array.isArray(v) && v.length >= min && v.length <= max && v.every(isFiniteNum);
const isRange = (v: Json): v is [number, number] => isNumArray(v, 2, 2) && v[0] < v[1];
const isStr = (v: Json, max = 100_000): v is string => typeof v === 'string' && v.length <= max;

const MAX_STEPS = 1_000_000;
const got = (v: Json): string => `, got ${describeValue(v)}`;

/**
 * Why `mapVariables` does not fit an objective of `n` variables, or undefined: two different whole
 * indices from 0 to n − 1. (A RunConfig has one start coordinate per variable, so its message
 * check uses n = start.length; the model checks against the parsed objective.)
 */
export function mapVariablesProblem(v: unknown, n: number): string | undefined {
  const fits = Array.isArray(v) && v.length === 2 && v.every(i => Number.isInteger(i) && i >= 0 && i < n) && v[0] !== v[1];
  if (fits) return undefined;
  const what = n >= 2 ? `two different variable indices from 0 to ${n - 1}` : 'absent: there is only one variable';
  return `mapVariables must be ${what}, got ${describeValue(v)}`;
}

/** A plain file name: letters, digits, `_`, `.` and `-`, not only dots (`.` and `..` are directories). */
function fileNameProblem(v: Json): string | undefined {
  if (!isStr(v, 255) || !/^[\w.-]+$/.test(v)) return `filename must be a plain file name (letters, digits, _ . -)${got(v)}`;
  if (/^\.+$/.test(v)) return `filename must name a file, not ${v === '.' || v === '..' ? 'a directory' : 'only dots'}${got(v)}`;
  return undefined;
}

/** Validates a RunConfig's shape; semantic checks (known optimizer ids, hyperparameter ranges)
 *  are done by the core's registry where the messages can name the parameter. */
export function checkRunConfig(v: Json): string | undefined {
  if (!isObj(v)) return `config must be an object${got(v)}`;
  if (!isStr(v.expression, 10_000)) return `config.expression must be a text of at most 10,000 characters${got(v.expression)}`;
  if (!isNumArray(v.start, 1, 64)) return `config.start must be a list of 1 to 64 finite numbers${got(v.start)}`;
  if (!Array.isArray(v.optimizers) || v.optimizers.length > 32 || !v.optimizers.every(o => isStr(o, 32)))
    return `config.optimizers must be a list of optimizer ids${got(v.optimizers)}`;
  if (!isStr(v.convention, 16)) return `config.convention must be a text${got(v.convention)}`;
  if (!Number.isInteger(v.steps) || (v.steps as number) < 1 || (v.steps as number) > MAX_STEPS)
    return `config.steps must be an integer from 1 to ${MAX_STEPS}${got(v.steps)}`;
  if (!isObj(v.hyperparameters)) return `config.hyperparameters must be an object${got(v.hyperparameters)}`;
  for (const [id, hp] of Object.entries(v.hyperparameters)) {
    if (!isObj(hp)) return `config.hyperparameters.${id} must be an object${got(hp)}`;
    for (const [k, x] of Object.entries(hp))
      if (!(isFiniteNum(x) || typeof x === 'boolean' || isStr(x, 64)))
        return `config.hyperparameters.${id}.${k} must be a finite number, a boolean or a short text${got(x)}`;
  }
  if (!isObj(v.schedule) || !isStr(v.schedule.kind, 32)) return `config.schedule must be an object with a kind${got(v.schedule)}`;
  if (v.mapVariables !== undefined) {
    const problem = mapVariablesProblem(v.mapVariables, (v.start as number[]).length);
    if (problem) return `config.${problem} (one index per start coordinate)`;
  }
  if (v.sliceMode !== undefined && v.sliceMode !== 'follow' && v.sliceMode !== 'fixed')
    return `config.sliceMode must be 'follow' or 'fixed'${got(v.sliceMode)}`;
  if (v.fixedValues !== undefined && !isNumArray(v.fixedValues, 0, 64)) return `config.fixedValues must be a list of finite numbers${got(v.fixedValues)}`;
  if (v.noise !== undefined) {
    const n = v.noise;
    if (!isObj(n) || !isFiniteNum(n.sigma) || n.sigma < 0 || !Number.isInteger(n.seeds) || (n.seeds as number) < 1 || (n.seeds as number) > 64)
      return `config.noise must be { sigma ≥ 0, seeds from 1 to 64 }${got(n)}`;
  }
  if (v.data !== undefined) {
    const d = v.data;
    if (!isObj(d) || !isStr(d.file, 4096) || !Array.isArray(d.parameters) || !d.parameters.every(p => isStr(p, 64)))
      return `config.data must name a file and parameters${got(d)}`;
    if (!(d.batchSize === 'full' || (Number.isInteger(d.batchSize) && (d.batchSize as number) >= 1)))
      return `config.data.batchSize must be 'full' or a positive integer${got(d.batchSize)}`;
    if (!Number.isInteger(d.epochs) || (d.epochs as number) < 1) return `config.data.epochs must be a positive integer${got(d.epochs)}`;
    if (typeof d.shuffle !== 'boolean') return `config.data.shuffle must be true or false${got(d.shuffle)}`;
    if (!['none', 'minmax', 'minmax-symmetric', 'standard'].includes(d.rescale as string))
      return `config.data.rescale must be none, minmax, minmax-symmetric or standard${got(d.rescale)}`;
    if (!Number.isInteger(d.seed)) return `config.data.seed must be an integer${got(d.seed)}`;
  }
  return undefined;
}

export function checkViewState(v: Json): string | undefined {
  if (!isObj(v)) return `view must be an object${got(v)}`;
  if (!Number.isInteger(v.position) || (v.position as number) < 0) return `view.position must be a non-negative integer${got(v.position)}`;
  if (typeof v.playing !== 'boolean') return `view.playing must be true or false${got(v.playing)}`;
  if (!isFiniteNum(v.speed) || v.speed <= 0 || v.speed > 10_000) return `view.speed must be a number in (0, 10000]${got(v.speed)}`;
  if (v.lossScale !== 'log' && v.lossScale !== 'linear') return `view.lossScale must be 'log' or 'linear'${got(v.lossScale)}`;
  if (!isFiniteNum(v.smoothing) || v.smoothing < 0) return `view.smoothing must be a non-negative number${got(v.smoothing)}`;
  if (v.zoom !== undefined && !(isObj(v.zoom) && isRange(v.zoom.x) && isRange(v.zoom.y))) return `view.zoom must be { x, y }, two increasing ranges${got(v.zoom)}`;
  return undefined;
}

export function checkPersistedState(v: Json): MessageResult<PersistedState> {
  if (!isObj(v) || v.version !== 1) return { ok: false, error: 'saved panel state has an unknown version' };
  const c = checkRunConfig(v.config) ?? checkViewState(v.view);
  return c ? { ok: false, error: c } : { ok: true, value: v as unknown as PersistedState };
}

/** Host side: validate a message from the webview before acting on it. */
export function parseWebviewMessage(v: Json): MessageResult<WebviewMessage> {
  if (!isObj(v) || typeof v.type !== 'string') return { ok: false, error: 'message without a type' };
  const bad = (error: string): MessageResult<WebviewMessage> => ({ ok: false, error: `${v.type}: ${error}` });
  switch (v.type) {
    case 'ready':
      return { ok: true, value: { type: 'ready' } };
    case 'configure': {
      const e = checkRunConfig(v.config);
      return e ? bad(e) : { ok: true, value: v as unknown as WebviewMessage };
    }
    case 'setStart':
      return isNumArray(v.start, 1, 64) ? { ok: true, value: { type: 'setStart', start: v.start } } : bad(`start must be a list of 1 to 64 finite numbers${got(v.start)}`);
    case 'requestSurface':
      if (!isRange(v.x)) return bad(`x and y must be increasing ranges [lo, hi], x${got(v.x)}`);
      if (!isRange(v.y)) return bad(`x and y must be increasing ranges [lo, hi], y${got(v.y)}`);
      if (v.fixed !== undefined && !isNumArray(v.fixed)) return bad(`fixed must be a list of finite numbers${got(v.fixed)}`);
      return { ok: true, value: { type: 'requestSurface', x: v.x, y: v.y, fixed: v.fixed as number[] | undefined } };
    case 'viewState': {
      const e = checkViewState(v.view);
      return e ? bad(e) : { ok: true, value: { type: 'viewState', view: v.view as unknown as ViewState } };
    }
    case 'export':
      if (v.format !== 'png' && v.format !== 'csv' && v.format !== 'json') return bad(`format must be png, csv or json${got(v.format)}`);
      {
        const problem = fileNameProblem(v.filename);
        if (problem) return bad(problem);
      }
      if (!isStr(v.content, 64 * 1024 * 1024)) return bad(`content must be a text under 64 MB${typeof v.content === 'string' ? '' : got(v.content)}`);
      return { ok: true, value: { type: 'export', format: v.format, filename: v.filename as string, content: v.content } };
    case 'log':
      if ((v.level !== 'info' && v.level !== 'error') || !isStr(v.message, 10_000)) return bad('log needs a level and a message');
      return { ok: true, value: { type: 'log', level: v.level, message: v.message } };
    default:
      return { ok: false, error: `unknown message type '${String(v.type).slice(0, 40)}'` };
  }
}

/** Webview side: validate a message from the host (shape only; the host is trusted but versioned). */
export function parseHostMessage(v: Json): MessageResult<HostMessage> {
  if (!isObj(v) || typeof v.type !== 'string') return { ok: false, error: 'message without a type' };
  switch (v.type) {
    case 'show':
      if (!isObj(v.model) || checkRunConfig(v.model.config) || !Array.isArray(v.model.runs) || !isObj(v.model.objective))
        return { ok: false, error: 'show: malformed panel model' };
      return { ok: true, value: v as unknown as HostMessage };
    case 'surface':
      return isObj(v.surface) && (v.surface.kind === 'grid' || v.surface.kind === 'curve') && Array.isArray(v.surface.values)
        ? { ok: true, value: v as unknown as HostMessage }
        : { ok: false, error: 'surface: malformed surface' };
    case 'running':
      return typeof v.running === 'boolean' ? { ok: true, value: v as unknown as HostMessage } : { ok: false, error: 'running: needs a boolean' };
    case 'error':
      return isObj(v.error) && typeof v.error.message === 'string'
        ? { ok: true, value: v as unknown as HostMessage }
        : { ok: false, error: 'error: needs a message' };
    case 'settings':
      return isObj(v.settings) && isFiniteNum(v.settings.animationSpeed)
        ? { ok: true, value: v as unknown as HostMessage }
        : { ok: false, error: 'settings: malformed' };
    default:
      return { ok: false, error: `unknown message type '${String(v.type).slice(0, 40)}'` };
  }
}

/** JSON cannot carry NaN/Infinity: encode them as null. */
export function toNumOrNull(a: ArrayLike<number>): NumOrNull[] {
  const out: NumOrNull[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number.isFinite(a[i]) ? a[i] : null;
  return out;
}
