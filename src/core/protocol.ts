/**
 * THE contract between the extension host and the webview (both import this module).
 *
 * One union per direction, each message tagged by a literal `type`. Anything that crosses the
 * boundary is validated on arrival (`parseHostMessage` in the webview, `parseWebviewMessage` in the
 * host) and rebuilt from the keys this module names: a malformed message becomes an error value, an
 * unknown key is dropped. Panel models and saved state carry `PROTOCOL_VERSION`, and a build reads
 * only its own version. Display text travels only where the registry and the objective describe
 * themselves (labels, summaries, TeX); the webview words everything else (e.g. a reference's kind).
 *
 * Long series (a trace's records, a surface's values) travel as Float64Arrays (`toWire`): VS Code
 * hands typed arrays to the webview as buffers, far cheaper than JSON. Plain JSON arrays are read
 * too. In memory, and in plain arrays, a non-finite value (a diverged run's last loss) is `null`,
 * which the webview treats as "not finite"; in a Float64Array it is NaN or ±Infinity, read as null.
 * The host sends only the records the screen can show (src/core/records.ts) and finer ones when
 * the webview asks for a step range (`requestRecords` → `records`).
 *
 * The same `PanelModel` is embedded in the CLI's standalone HTML report (`readonly: true`), which is
 * how the report shows the very same view without a host.
 */
import {
  CONVENTIONS, HYPERPARAMETER_NAMES, OPTIMIZER_IDS, isConvention, isHyperparameterName, isOptimizerId,
  type Convention, type HyperparameterName, type OptimizerFamily, type OptimizerId, type ParamSpec,
} from './optim/types';
import { OPTIMIZER_FAMILY_IDS } from './optim/families';
import { validateSchedule, type ScheduleSpec } from './schedule';
import type { UserError } from './result';
import { describeValue } from './describe';
import { LIMITS } from './limits';
import { isSymbolName } from './names';
import { SCALE_METHODS, type ScaleMethod } from './data/scaleMethods';

/** The version of this contract, carried by every panel model and saved state. */
export const PROTOCOL_VERSION = 1;

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
  /** Stop a run as converged when ‖∇f‖₂ ≤ gradNorm or |Δf| ≤ lossChange (see RunOptions.tolerance in run.ts). */
  tolerance?: { gradNorm?: number; lossChange?: number };
  /**
   * Learning rates the person did not set: tuned by a quick sweep on this objective ('tuned', the best
   * final loss of 12 rates from 1e-4 to 1) or the framework's defaults ('defaults'); absent: as given.
   */
  tuning?: 'tuned' | 'defaults';
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
  rescale: ScaleMethod;
  seed: number;
}

export type NumOrNull = number | null;

/** `stalled`: the rule itself found that no further update can change x (L-BFGS with no descent direction). */
export const STOP_REASONS = ['max-steps', 'converged', 'diverged', 'cancelled', 'stalled'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** What a diagnosis sentence is about (the conditions of src/core/diagnose.ts). */
export const DIAGNOSIS_KINDS = ['diverged', 'zigzag', 'rate-decay', 'plateau', 'reached-minimum', 'other-minimum'] as const;
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

/** The per-record series of a trace (what a `records` message carries for each run). */
export type TraceRecords = Pick<TraceData, 'steps' | 'path' | 'loss' | 'effectiveLr' | 'delta' | 'lr' | 'epoch' | 'lossMean' | 'lossBand' | 'extraPath' | 'evaluations' | 'elapsedMs'>;

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
  /** Rules that keep a second point (ASGD's average, Schedule-Free's averaged x): that point at each record, flattened like `path`. */
  extraPath?: NumOrNull[];
  /** What the second point is (the rule's `extraPoint.label`), for the legend. */
  extraLabel?: string;
  /** Objective-and-gradient evaluations made up to each record (more than 1 + step for L-BFGS). */
  evaluations?: number[];
  /** The run's own compute time (ms) up to each record (0 at the start), when the host measured it: the wall-clock axis. */
  elapsedMs?: number[];
  stop: { reason: StopReason; step: number; detail: string };
  /** This run's update rule as TeX clauses (`src/core/optim/clauses.ts`), with only the terms its hyperparameters switch on. */
  formula?: string[];
  /** Sentences about the run, each stating the numbers it rests on (src/core/diagnose.ts). */
  diagnosis?: { kind: DiagnosisKind; text: string; step?: number }[];
  /** Where the run's learning rate came from ("tuned: best of 12", "PyTorch default", "set by you"), when the config asked for tuning. */
  lrSource?: string;
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
  /** Each convention's general update rule as TeX clauses. */
  formula: Partial<Record<Convention, string[]>>;
  source: Partial<Record<Convention, string>>;
  effectiveLr: string;
  /** The group the optimizer list shows it in (families.ts); absent: "other". */
  family?: OptimizerFamily;
  /** How each framework's rule departs from the paper's (shown beside a `paper` run's rule). */
  differences?: Partial<Record<Convention, string>>;
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

/** Known minima of a preset (with the preset's name), or the exact least-squares optimum of a dataset run. */
export type Reference =
  | { kind: 'preset'; name: string; minima: number[][] }
  | { kind: 'least-squares'; minima: number[][] };

export interface PanelModel {
  version: typeof PROTOCOL_VERSION;
  config: RunConfig;
  /** Dataset runs only. */
  data?: DataSummary;
  objective: ObjectiveInfo;
  reference?: Reference;
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
  version: typeof PROTOCOL_VERSION;
  config: RunConfig;
  view: ViewState;
}

/**
 * A learning-rate sweep as the panel draws it (src/core/sweep's result; a diverged or non-finite
 * loss travels as null). `stability`: λmax of the Hessian at the start and each optimizer's classic
 * threshold (`lr` null where the rule has none; `rule` says which formula or why not).
 */
export interface SweepView {
  grid: number[];
  steps: number;
  runs: {
    optimizer: OptimizerId;
    convention: Convention;
    points: { lr: number; finalLoss: NumOrNull; bestLoss: NumOrNull; diverged: boolean }[];
    best: { lr: number; finalLoss: number } | null;
  }[];
  stability: { lambdaMax: NumOrNull; thresholds: { optimizer: OptimizerId; lr: NumOrNull; rule: string }[]; notes: string[] };
  cancelled: boolean;
}

/**
 * A basin map as the panel draws it (src/core/basins.ts): one run of `optimizer` per start of an
 * nx × ny grid over x × y (the map's two variables), each start labelled by the index of the
 * minimum its run ended in, BASIN_DIVERGED (−1) or BASIN_UNSETTLED (−2). Row-major, row 0 at y[0].
 */
export interface BasinView {
  run: number;
  optimizer: OptimizerId;
  nx: number;
  ny: number;
  x: [number, number];
  y: [number, number];
  labels: number[];
  /** Where the runs ended: the known minima first, then clusters of settled end points; `starts` per label. */
  minima: { point: number[]; kind: 'known' | 'cluster'; starts: number }[];
  diverged: number;
  unsettled: number;
  steps: number;
  cancelled: boolean;
  elapsedMs: number;
  /** The `request` number of the `requestBasins` this answers (the webview ignores answers to requests it replaced). */
  request?: number;
}

/**
 * Curvature along each run's records: λmax of the Hessian at each recorded point and η·λmax (η the
 * record's scheduled learning rate), with where the Hessian comes from, or why there is none.
 */
export interface StabilityView {
  runs: { steps: number[]; lambdaMax: NumOrNull[]; etaLambda: NumOrNull[] }[];
  hessian: 'symbolic' | 'numeric' | 'mixed' | null;
  note: string;
}

// ---------------------------------------------------------------------------------------------
// Messages

export type HostMessage =
  | { type: 'show'; model: PanelModel; view?: ViewState }
  | { type: 'records'; from: number; to: number; runs: TraceRecords[] }
  | { type: 'surface'; surface: SurfaceData }
  | { type: 'running'; running: boolean; message?: string }
  | { type: 'error'; error: UserError; field?: string }
  | { type: 'settings'; settings: PanelModel['settings'] }
  | { type: 'sweep'; sweep: SweepView }
  | { type: 'sweepProgress'; done: number; total: number }
  | { type: 'basins'; basins: BasinView }
  | { type: 'basinsProgress'; done: number; total: number }
  | { type: 'stability'; stability: StabilityView };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'configure'; config: RunConfig }
  | { type: 'setStart'; start: number[] }
  | { type: 'requestSurface'; x: [number, number]; y: [number, number]; fixed?: number[] }
  | { type: 'requestRecords'; from: number; to: number }
  | { type: 'viewState'; view: ViewState }
  | { type: 'export'; format: 'png' | 'csv' | 'json'; filename: string; content: string }
  | { type: 'log'; level: 'info' | 'error'; message: string }
  /** Write the panel's run as an experiment file: back to its own file, or (saveAs) to a new one. */
  | { type: 'saveExperiment'; saveAs: boolean }
  /** Put a `vscode://` link carrying the panel's experiment on the clipboard. */
  | { type: 'copyLink' }
  /** A learning-rate sweep of the run's optimizers from its start (`steps` updates per point). */
  | { type: 'requestSweep'; grid: { lo: number; hi: number; n: number }; steps: number }
  | { type: 'cancelSweep' }
  /** A basin map of run `run`'s optimizer over x × y, grid × grid starts of `steps` updates each. */
  /** `request`: the webview's number for this request, echoed in the answer (BasinView.request). */
  | { type: 'requestBasins'; run: number; grid: number; steps: number; x: [number, number]; y: [number, number]; request?: number }
  | { type: 'cancelBasins' };

export type MessageResult<T> = { ok: true; value: T } | { ok: false; error: string };

// Validation: every reader below builds a NEW object from the keys it knows, so a key the contract
// does not name never survives; names (optimizer ids, conventions, hyperparameters, schedule kinds,
// variable names, stop reasons) are checked with core's own predicates. Hand-written on purpose:
// tiny, dependency-free, and usable on both sides.

type Json = unknown;

/** Thrown only inside this module and turned into an error value by `read`. */
class Invalid {
  constructor(readonly message: string) {}
}

const isObj = (v: Json): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNum = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: Json, max: number): v is string => typeof v === 'string' && v.length <= max;
const got = (v: Json): string => `, got ${describeValue(v)}`;
const fail = (message: string): never => {
  throw new Invalid(message);
};

/** Runs a reader; its first complaint becomes the error value. */
function read<T>(fn: () => T): MessageResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

const obj = (v: Json, where: string, what = 'an object'): Record<string, unknown> => (isObj(v) ? v : fail(`${where} must be ${what}${got(v)}`));
const num = (v: Json, where: string): number => (isFiniteNum(v) ? v : fail(`${where} must be a finite number${got(v)}`));
const numOrNull = (v: Json, where: string): NumOrNull => (v === null || isFiniteNum(v) ? v : fail(`${where} must be a finite number or null${got(v)}`));
const int = (v: Json, where: string, min: number, max = Number.MAX_SAFE_INTEGER): number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fail(`${where} must be an integer from ${min} to ${max}${got(v)}`);
const bool = (v: Json, where: string): boolean => (typeof v === 'boolean' ? v : fail(`${where} must be true or false${got(v)}`));
const str = (v: Json, where: string, max: number = LIMITS.maxTextLength): string =>
  isStr(v, max) ? v : fail(`${where} must be a text of at most ${max.toLocaleString('en-US')} characters${got(v)}`);
const oneOf = <T extends string>(v: Json, where: string, options: readonly T[]): T =>
  typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fail(`${where} must be one of ${options.join(', ')}${got(v)}`);
const list = <T>(v: Json, where: string, each: (x: Json, where: string) => T, max: number, min = 0): T[] => {
  if (!Array.isArray(v) || v.length < min || v.length > max) fail(`${where} must be a list of ${min} to ${max} items${got(v)}`);
  return (v as Json[]).map((x, i) => each(x, `${where}[${i}]`));
};
const numList = (v: Json, where: string, min = 0, max = LIMITS.maxVariables): number[] => {
  if (!Array.isArray(v) || v.length < min || v.length > max || !v.every(isFiniteNum))
    fail(`${where} must be a list of ${min} to ${max} finite numbers${got(v)}`);
  return [...(v as number[])];
};
/** A long list of numbers or nulls (a trace): a plain array, or a Float64Array whose non-finite values read as null; the copy is the check. */
const series = (v: Json, where: string, length?: number): NumOrNull[] => {
  if (v instanceof Float64Array) {
    if (length !== undefined && v.length !== length) fail(`${where} must hold ${length} values, got ${v.length}`);
    const out: NumOrNull[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x - x === 0 ? x : null;
    }
    return out;
  }
  if (!Array.isArray(v)) return fail(`${where} must be a list of numbers or null, or a Float64Array${got(v)}`);
  if (length !== undefined && v.length !== length) fail(`${where} must hold ${length} values, got ${v.length}`);
  const a = v as Json[];
  const out: NumOrNull[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = numOrNull(a[i], `${where}[${i}]`);
  return out;
};
const range = (v: Json, where: string): [number, number] => {
  if (!(Array.isArray(v) && v.length === 2 && isFiniteNum(v[0]) && isFiniteNum(v[1]) && v[0] < v[1])) fail(`${where} must be an increasing range [lo, hi]${got(v)}`);
  return [(v as number[])[0], (v as number[])[1]];
};
/** Optional keys: absent stays absent (no `key: undefined` in the rebuilt object). */
const opt = <K extends string, T>(key: K, v: Json, reader: (v: Json) => T): Partial<Record<K, T>> =>
  (v === undefined ? {} : { [key]: reader(v) }) as Partial<Record<K, T>>;
/** A record keyed by known names, each value rebuilt. */
const record = <K extends string, T>(v: Json, where: string, isKey: (k: string) => k is K, each: (x: Json, where: string) => T): Partial<Record<K, T>> => {
  const o = obj(v, where);
  const out: Partial<Record<K, T>> = {};
  for (const [k, x] of Object.entries(o)) {
    if (!isKey(k)) fail(`${where} has an unknown key ${JSON.stringify(k.slice(0, 40))}`);
    out[k as K] = each(x, `${where}.${k}`);
  }
  return out;
};
const hpValue = (x: Json, where: string): number | boolean | string =>
  isFiniteNum(x) || typeof x === 'boolean' || isStr(x, 64) ? x : fail(`${where} must be a finite number, a boolean or a short text${got(x)}`);

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
  if (!isStr(v, LIMITS.maxFileNameLength) || !/^[\w.-]+$/.test(v)) return `filename must be a plain file name (letters, digits, _ . -)${got(v)}`;
  if (/^\.+$/.test(v)) return `filename must name a file, not ${v === '.' || v === '..' ? 'a directory' : 'only dots'}${got(v)}`;
  return undefined;
}

/** One reader per field of an input shape: each checks and rebuilds its value, or throws Invalid naming `where.field`. */
type FieldReaders<T> = { [K in keyof T]-?: (v: Json) => NonNullable<T[K]> };

/** The dataset options' fields, read the same way wherever they arrive (panel, command argument, experiment file). */
function dataConfigReaders(where: string): FieldReaders<DataConfig> {
  return {
    file: v => str(v, `${where}.file`, LIMITS.maxPathLength),
    parameters: v => list(v, `${where}.parameters`, (p, w) => (typeof p === 'string' && isSymbolName(p) ? p : fail(`${w} must be a variable name${got(p)}`)), LIMITS.maxVariables, 1),
    batchSize: v => (v === 'full' ? 'full' : int(v, `${where}.batchSize ('full' or)`, 1)),
    epochs: v => int(v, `${where}.epochs`, 1, LIMITS.maxSteps),
    shuffle: v => bool(v, `${where}.shuffle`),
    rescale: v => oneOf(v, `${where}.rescale`, SCALE_METHODS),
    seed: v => int(v, `${where}.seed`, Number.MIN_SAFE_INTEGER),
  };
}

function readDataConfig(v: Json, where: string): DataConfig {
  const d = obj(v, where);
  const r = dataConfigReaders(where);
  return {
    file: r.file(d.file),
    parameters: r.parameters(d.parameters),
    batchSize: r.batchSize(d.batchSize),
    epochs: r.epochs(d.epochs),
    shuffle: r.shuffle(d.shuffle),
    rescale: r.rescale(d.rescale),
    seed: r.seed(d.seed),
  };
}

/**
 * The run configuration's fields. `startLength` is the number of start coordinates the map pair is
 * checked against (`checkMap: false` leaves a pair of whole numbers to be checked against the parsed objective).
 */
function runConfigReaders(where: string, startLength: () => number, checkMap: boolean): FieldReaders<RunConfig> {
  return {
    expression: v => str(v, `${where}.expression`, LIMITS.maxExpressionLength),
    start: v => numList(v, `${where}.start`, 1),
    optimizers: v => list(v, `${where}.optimizers`, (o, w) => oneOf(o, w, OPTIMIZER_IDS), OPTIMIZER_IDS.length),
    convention: v => oneOf(v, `${where}.convention`, CONVENTIONS),
    steps: v => int(v, `${where}.steps`, 1, LIMITS.maxSteps),
    hyperparameters: v => record(v, `${where}.hyperparameters`, isOptimizerId, (hp, w) => record(hp, w, isHyperparameterName, hpValue)),
    schedule: v => {
      const schedule = validateSchedule(v as ScheduleSpec);
      return schedule.ok ? schedule.value : fail(`${where}.schedule: ${schedule.error.message}`);
    },
    mapVariables: m => {
      const twoIntegers = Array.isArray(m) && m.length === 2 && m.every(i => Number.isInteger(i));
      const problem = checkMap || !twoIntegers ? mapVariablesProblem(m, startLength()) : undefined;
      if (problem) fail(`${where}.${problem} (one index per start coordinate)`);
      return [(m as number[])[0], (m as number[])[1]];
    },
    sliceMode: s => oneOf(s, `${where}.sliceMode`, ['follow', 'fixed'] as const),
    fixedValues: f => numList(f, `${where}.fixedValues`),
    noise: n => {
      const o = obj(n, `${where}.noise`, `{ sigma ≥ 0, seeds from 1 to ${LIMITS.maxSeeds} }`);
      if (!isFiniteNum(o.sigma) || o.sigma < 0) fail(`${where}.noise.sigma must be a finite number ≥ 0${got(o.sigma)}`);
      return { sigma: o.sigma as number, seeds: int(o.seeds, `${where}.noise.seeds`, 1, LIMITS.maxSeeds) };
    },
    tolerance: t => {
      const o = obj(t, `${where}.tolerance`, '{ gradNorm?, lossChange? }, numbers ≥ 0');
      const nonNegative = (x: Json, name: string): number => (isFiniteNum(x) && x >= 0 ? x : fail(`${where}.tolerance.${name} must be a finite number ≥ 0${got(x)}`));
      return { ...opt('gradNorm', o.gradNorm, x => nonNegative(x, 'gradNorm')), ...opt('lossChange', o.lossChange, x => nonNegative(x, 'lossChange')) };
    },
    tuning: t => oneOf(t, `${where}.tuning`, ['tuned', 'defaults'] as const),
    data: d => readDataConfig(d, `${where}.data`),
  };
}

function readRunConfigAt(v: Json, where: string, checkMap = true): RunConfig {
  const c = obj(v, where);
  let start: number[] = [];
  const r = runConfigReaders(where, () => start.length, checkMap);
  start = r.start(c.start);
  const schedule = r.schedule(c.schedule);
  return {
    expression: r.expression(c.expression),
    start,
    optimizers: r.optimizers(c.optimizers),
    convention: r.convention(c.convention),
    steps: r.steps(c.steps),
    hyperparameters: r.hyperparameters(c.hyperparameters),
    schedule,
    ...opt('mapVariables', c.mapVariables, r.mapVariables),
    ...opt('sliceMode', c.sliceMode, r.sliceMode),
    ...opt('fixedValues', c.fixedValues, r.fixedValues),
    ...opt('noise', c.noise, r.noise),
    ...opt('tolerance', c.tolerance, r.tolerance),
    ...opt('tuning', c.tuning, r.tuning),
    ...opt('data', c.data, r.data),
  };
}

/** Reads the fields of `keys` that `v` has (each optional) with `readers`, refusing any other key. */
function readFields<T, K extends keyof T & string>(v: Json, where: string, keys: readonly K[], readers: (c: Record<string, unknown>) => FieldReaders<T>): Partial<Pick<T, K>> {
  const c = obj(v, where, `an object with some of ${keys.join(', ')}`);
  const extra = Object.keys(c).find(k => !(keys as readonly string[]).includes(k));
  if (extra !== undefined) fail(`${where} has an unknown field ${JSON.stringify(extra.slice(0, 40))} (known: ${keys.join(', ')})`);
  const r = readers(c);
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (c[k] !== undefined) out[k] = r[k](c[k] as Json) as T[K];
  return out;
}

/**
 * Some fields of a run configuration, each optional, read by the same field readers as a whole
 * RunConfig (so a command argument, a setting and a panel message get the same checks and messages);
 * any key outside `keys` is refused. `where` prefixes the messages (`argument.steps must be …`).
 */
export function readRunConfigFields<K extends keyof RunConfig & string>(v: Json, keys: readonly K[], where: string): MessageResult<Partial<Pick<RunConfig, K>>> {
  return read(() => readFields<RunConfig, K>(v, where, keys, c => runConfigReaders(where, () => (Array.isArray(c.start) ? c.start.length : 0), true)));
}

/** Some fields of the dataset options, each optional (see readRunConfigFields). */
export function readDataConfigFields<K extends keyof DataConfig & string>(v: Json, keys: readonly K[], where: string): MessageResult<Partial<Pick<DataConfig, K>>> {
  return read(() => readFields<DataConfig, K>(v, where, keys, () => dataConfigReaders(where)));
}

/**
 * A RunConfig rebuilt from any value, or why it is not one: shape, known optimizer ids, conventions,
 * hyperparameter names, a valid schedule and variable names. Hyperparameter RANGES are checked by the
 * registry (`resolveHyperparameters`), where the message can name the rule's own bounds.
 * `checkMapVariables: false` leaves the map pair to be checked against the parsed objective.
 */
export function readRunConfig(v: Json, opts: { checkMapVariables?: boolean } = {}): MessageResult<RunConfig> {
  return read(() => readRunConfigAt(v, 'config', opts.checkMapVariables ?? true));
}

/** Why `v` is not a RunConfig, or undefined (see `readRunConfig`). */
export function checkRunConfig(v: Json): string | undefined {
  const r = readRunConfig(v);
  return r.ok ? undefined : r.error;
}

function readViewState(v: Json): ViewState {
  const o = obj(v, 'view');
  if (!isFiniteNum(o.speed) || o.speed <= 0 || o.speed > LIMITS.maxPlaybackSpeed) fail(`view.speed must be a number in (0, ${LIMITS.maxPlaybackSpeed}]${got(o.speed)}`);
  if (!isFiniteNum(o.smoothing) || o.smoothing < 0) fail(`view.smoothing must be a non-negative number${got(o.smoothing)}`);
  const zoom = (z: Json): { x: [number, number]; y: [number, number] } => {
    const zo = obj(z, 'view.zoom', '{ x, y }, two increasing ranges');
    return { x: range(zo.x, 'view.zoom.x'), y: range(zo.y, 'view.zoom.y') };
  };
  return {
    position: int(o.position, 'view.position', 0),
    playing: bool(o.playing, 'view.playing'),
    speed: o.speed as number,
    lossScale: oneOf(o.lossScale, 'view.lossScale', ['log', 'linear'] as const),
    smoothing: o.smoothing as number,
    ...opt('zoom', o.zoom, zoom),
  };
}

/** Why `v` is not a ViewState, or undefined. */
export function checkViewState(v: Json): string | undefined {
  const r = read(() => readViewState(v));
  return r.ok ? undefined : r.error;
}

/** Saved panel state, rebuilt; another version is refused (the panel then starts afresh). */
export function checkPersistedState(v: Json): MessageResult<PersistedState> {
  if (!isObj(v) || v.version !== PROTOCOL_VERSION) return { ok: false, error: `saved panel state has an unknown version (this build reads version ${PROTOCOL_VERSION})` };
  return read(() => ({ version: PROTOCOL_VERSION, config: readRunConfigAt(v.config, 'config'), view: readViewState(v.view) }));
}

/** A message tagged by `type`, read by `body`; its complaint is prefixed with the type. */
function parseTagged<T>(v: Json, body: (m: Record<string, unknown>, type: string) => T): MessageResult<T> {
  if (!isObj(v) || typeof v.type !== 'string') return { ok: false, error: 'message without a type' };
  const type = v.type;
  const r = read(() => body(v, type));
  return r.ok || r.error.startsWith('unknown message type') ? r : { ok: false, error: `${type}: ${r.error}` };
}

/** Host side: validate a message from the webview before acting on it. */
export function parseWebviewMessage(message: Json): MessageResult<WebviewMessage> {
  return parseTagged(message, (v, type): WebviewMessage => {
    switch (type) {
      case 'ready':
        return { type: 'ready' };
      case 'configure':
        return { type: 'configure', config: readRunConfigAt(v.config, 'config') };
      case 'setStart':
        return { type: 'setStart', start: numList(v.start, 'start', 1) };
      case 'requestSurface':
        return { type: 'requestSurface', x: range(v.x, 'x'), y: range(v.y, 'y'), ...opt('fixed', v.fixed, f => numList(f, 'fixed')) };
      case 'requestRecords': {
        const from = int(v.from, 'from', 0, LIMITS.maxSteps);
        return { type: 'requestRecords', from, to: int(v.to, 'to', from, LIMITS.maxSteps) };
      }
      case 'viewState':
        return { type: 'viewState', view: readViewState(v.view) };
      case 'export': {
        const format = oneOf(v.format, 'format', ['png', 'csv', 'json'] as const);
        const problem = fileNameProblem(v.filename);
        if (problem) fail(problem);
        if (!isStr(v.content, LIMITS.maxExportBytes)) fail(`content must be a text under ${LIMITS.maxExportBytes / (1024 * 1024)} MB${typeof v.content === 'string' ? '' : got(v.content)}`);
        return { type: 'export', format, filename: v.filename as string, content: v.content as string };
      }
      case 'log':
        return { type: 'log', level: oneOf(v.level, 'level', ['info', 'error'] as const), message: str(v.message, 'message') };
      case 'saveExperiment':
        return { type: 'saveExperiment', saveAs: bool(v.saveAs, 'saveAs') };
      case 'copyLink':
        return { type: 'copyLink' };
      case 'requestSweep': {
        // The shape here; the bounds and the budget are checked by the sweep itself (src/core/sweep/grid.ts), whose message names the field.
        const g = obj(v.grid, 'grid', 'an object { lo, hi, n }');
        const grid = { lo: num(g.lo, 'grid.lo'), hi: num(g.hi, 'grid.hi'), n: int(g.n, 'grid.n', 1, LIMITS.maxSweepPoints) };
        return { type: 'requestSweep', grid, steps: int(v.steps, 'steps', 1, LIMITS.maxSteps) };
      }
      case 'cancelSweep':
        return { type: 'cancelSweep' };
      case 'requestBasins':
        return {
          type: 'requestBasins', run: int(v.run, 'run', 0, 1023), grid: int(v.grid, 'grid', 2, LIMITS.maxBasinGrid),
          steps: int(v.steps, 'steps', 1, LIMITS.maxSteps), x: range(v.x, 'x'), y: range(v.y, 'y'),
          ...opt('request', v.request, r => int(r, 'request', 0, Number.MAX_SAFE_INTEGER)),
        };
      case 'cancelBasins':
        return { type: 'cancelBasins' };
      default:
        return fail(`unknown message type '${type.slice(0, 40)}'`);
    }
  });
}

/** Whole numbers from `min` to `max`, as a plain array or a Float64Array. */
function intSeries(v: Json, where: string, min: number, max: number, length?: number): number[] {
  if (!(v instanceof Float64Array)) {
    if (length !== undefined && Array.isArray(v) && v.length !== length) fail(`${where} must hold ${length} values, got ${v.length}`);
    return list(v, where, (x, w) => int(x, w, min, max), Number.MAX_SAFE_INTEGER);
  }
  if (length !== undefined && v.length !== length) fail(`${where} must hold ${length} values, got ${v.length}`);
  const out: number[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = int(v[i], `${where}[${i}]`, min, max);
  return out;
}

/**
 * A trace's per-record series, rebuilt: `count` steps, `count × dim` values per parameter series,
 * `count` values per scalar series (`dim` undefined: any whole number of values per record, the
 * same for path, effectiveLr and delta).
 */
function readRecords(t: Record<string, unknown>, where: string, dim: number | undefined): TraceRecords {
  const steps = intSeries(t.steps, `${where}.steps`, 0, LIMITS.maxSteps);
  const n = steps.length;
  const path = series(t.path, `${where}.path`, dim === undefined ? undefined : n * dim);
  const width = n === 0 ? 0 : path.length / n;
  if (!Number.isInteger(width) || width > LIMITS.maxVariables) fail(`${where}.path must hold a whole number of values per step (${n} steps), got ${path.length}`);
  const band = (b: Json) => {
    const o = obj(b, `${where}.lossBand`);
    return { lo: series(o.lo, `${where}.lossBand.lo`, n), hi: series(o.hi, `${where}.lossBand.hi`, n) };
  };
  return {
    steps,
    path,
    loss: series(t.loss, `${where}.loss`, n),
    effectiveLr: series(t.effectiveLr, `${where}.effectiveLr`, path.length),
    delta: series(t.delta, `${where}.delta`, path.length),
    lr: series(t.lr, `${where}.lr`, n),
    ...opt('epoch', t.epoch, e => intSeries(e, `${where}.epoch`, 0, Number.MAX_SAFE_INTEGER, n)),
    ...opt('lossMean', t.lossMean, m => series(m, `${where}.lossMean`, n)),
    ...opt('lossBand', t.lossBand, band),
    ...opt('extraPath', t.extraPath, e => series(e, `${where}.extraPath`, path.length)),
    ...opt('evaluations', t.evaluations, e => nonDecreasing(intSeries(e, `${where}.evaluations`, 1, Number.MAX_SAFE_INTEGER, n), `${where}.evaluations`)),
    ...opt('elapsedMs', t.elapsedMs, e => nonDecreasing(finiteSeries(e, `${where}.elapsedMs`, n), `${where}.elapsedMs`)),
  };
}

/** `length` finite numbers ≥ 0 (a plain array or a Float64Array). */
function finiteSeries(v: Json, where: string, length: number): number[] {
  const s = series(v, where, length);
  return s.map((x, i) => (x !== null && x >= 0 ? x : fail(`${where}[${i}] must be a finite number >= 0${got(x)}`)));
}

/** `a` when no value is below the one before it. */
function nonDecreasing(a: number[], where: string): number[] {
  for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) fail(`${where} must not decrease, got ${a[i]} after ${a[i - 1]} at [${i}]`);
  return a;
}

function readTrace(v: Json, where: string): TraceData {
  const t = obj(v, where);
  const stop = obj(t.stop, `${where}.stop`);
  const dim = int(t.dim, `${where}.dim`, 1, LIMITS.maxVariables);
  const records = readRecords(t, where, dim);
  return {
    optimizer: oneOf(t.optimizer, `${where}.optimizer`, OPTIMIZER_IDS),
    convention: oneOf(t.convention, `${where}.convention`, CONVENTIONS),
    label: str(t.label, `${where}.label`, 200),
    hyperparameters: record(t.hyperparameters, `${where}.hyperparameters`, isHyperparameterName, hpValue),
    dim,
    steps: records.steps,
    path: records.path,
    loss: records.loss,
    effectiveLr: records.effectiveLr,
    delta: records.delta,
    lr: records.lr,
    ...(records.epoch ? { epoch: records.epoch } : {}),
    ...(records.extraPath ? { extraPath: records.extraPath } : {}),
    ...opt('extraLabel', t.extraLabel, s => str(s, `${where}.extraLabel`, 200)),
    ...(records.evaluations ? { evaluations: records.evaluations } : {}),
    ...(records.elapsedMs ? { elapsedMs: records.elapsedMs } : {}),
    stop: { reason: oneOf(stop.reason, `${where}.stop.reason`, STOP_REASONS), step: int(stop.step, `${where}.stop.step`, 0, LIMITS.maxSteps), detail: str(stop.detail, `${where}.stop.detail`) },
    ...opt('formula', t.formula, f => texClauses(f, `${where}.formula`)),
    ...opt('diagnosis', t.diagnosis, d => list(d, `${where}.diagnosis`, readSentence, 16)),
    ...opt('lrSource', t.lrSource, s => str(s, `${where}.lrSource`, 200)),
    ...(records.lossMean ? { lossMean: records.lossMean } : {}),
    ...(records.lossBand ? { lossBand: records.lossBand } : {}),
  };
}

function readSurface(v: Json, where: string): SurfaceData {
  const s = obj(v, where);
  const kind = oneOf(s.kind, `${where}.kind`, ['grid', 'curve'] as const);
  if (kind === 'curve') {
    const n = int(s.n, `${where}.n`, 2, LIMITS.maxGridSize);
    const values = series(s.values, `${where}.values`);
    if (values.length !== n) fail(`${where}.values must hold n = ${n} values, got ${values.length}`);
    return { kind, x: range(s.x, `${where}.x`), n, values };
  }
  const nx = int(s.nx, `${where}.nx`, 2, LIMITS.maxGridSize);
  const ny = int(s.ny, `${where}.ny`, 2, LIMITS.maxGridSize);
  const values = series(s.values, `${where}.values`);
  if (values.length !== nx * ny) fail(`${where}.values must hold nx·ny = ${nx * ny} values, got ${values.length}`);
  return {
    kind,
    xVar: int(s.xVar, `${where}.xVar`, 0, LIMITS.maxVariables - 1),
    yVar: int(s.yVar, `${where}.yVar`, 0, LIMITS.maxVariables - 1),
    x: range(s.x, `${where}.x`),
    y: range(s.y, `${where}.y`),
    nx,
    ny,
    values,
    ...opt('fixed', s.fixed, f => numList(f, `${where}.fixed`)),
  };
}

const conventionTexts = (v: Json, where: string): Partial<Record<Convention, string>> => record(v, where, isConvention, (x, w) => str(x, w));
/** A rule's TeX as its clauses (at least one). */
const texClauses = (v: Json, where: string): string[] => list(v, where, (x, w) => str(x, w), 64, 1);

function readOptimizerInfo(v: Json, where: string): OptimizerInfo {
  const o = obj(v, where);
  const param = (p: Json, w: string): ParamSpec => {
    const q = obj(p, w);
    return {
      name: oneOf(q.name, `${w}.name`, HYPERPARAMETER_NAMES),
      label: str(q.label, `${w}.label`, 100),
      kind: oneOf(q.kind, `${w}.kind`, ['number', 'boolean', 'enum'] as const),
      ...opt('min', q.min, x => num(x, `${w}.min`)),
      ...opt('max', q.max, x => num(x, `${w}.max`)),
      ...opt('minExclusive', q.minExclusive, x => bool(x, `${w}.minExclusive`)),
      ...opt('maxExclusive', q.maxExclusive, x => bool(x, `${w}.maxExclusive`)),
      ...opt('log', q.log, x => bool(x, `${w}.log`)),
      ...opt('options', q.options, x => list(x, `${w}.options`, (s, ws) => str(s, ws, 64), 64)),
      description: str(q.description, `${w}.description`),
    };
  };
  return {
    id: oneOf(o.id, `${where}.id`, OPTIMIZER_IDS),
    label: str(o.label, `${where}.label`, 100),
    summary: str(o.summary, `${where}.summary`),
    params: list(o.params, `${where}.params`, param, 64),
    defaults: record(o.defaults, `${where}.defaults`, isConvention, (d, w) => record(d, w, isHyperparameterName, hpValue)),
    unavailable: conventionTexts(o.unavailable, `${where}.unavailable`),
    formula: record(o.formula, `${where}.formula`, isConvention, texClauses),
    source: conventionTexts(o.source, `${where}.source`),
    effectiveLr: str(o.effectiveLr, `${where}.effectiveLr`),
    ...opt('differences', o.differences, d => conventionTexts(d, `${where}.differences`)),
    ...opt('family', o.family, f => oneOf(f, `${where}.family`, OPTIMIZER_FAMILY_IDS)),
  };
}

function readObjective(v: Json, where: string): ObjectiveInfo {
  const o = obj(v, where);
  const partial = (g: Json, w: string): ObjectiveInfo['gradient'][number] => {
    const q = obj(g, w);
    return {
      variable: str(q.variable, `${w}.variable`, 200),
      text: str(q.text, `${w}.text`, Number.MAX_SAFE_INTEGER),
      tex: str(q.tex, `${w}.tex`, Number.MAX_SAFE_INTEGER),
      symbolic: bool(q.symbolic, `${w}.symbolic`),
      ...opt('note', q.note, n => str(n, `${w}.note`)),
    };
  };
  return {
    text: str(o.text, `${where}.text`, Number.MAX_SAFE_INTEGER),
    tex: str(o.tex, `${where}.tex`, Number.MAX_SAFE_INTEGER),
    variables: list(o.variables, `${where}.variables`, (s, w) => (typeof s === 'string' && isSymbolName(s) ? s : fail(`${w} must be a variable name${got(s)}`)), LIMITS.maxVariables),
    gradient: list(o.gradient, `${where}.gradient`, partial, LIMITS.maxVariables),
  };
}

function readDataSummary(v: Json, where: string): DataSummary {
  const o = obj(v, where);
  const toOriginal = (t: Json) => {
    const q = obj(t, `${where}.toOriginal`);
    return {
      matrix: list(q.matrix, `${where}.toOriginal.matrix`, (r, w) => numList(r, w), LIMITS.maxVariables),
      offset: numList(q.offset, `${where}.toOriginal.offset`),
    };
  };
  return {
    rows: int(o.rows, `${where}.rows`, 0),
    columns: list(o.columns, `${where}.columns`, (c, w) => str(c, w, 1000), Number.MAX_SAFE_INTEGER),
    batchSize: int(o.batchSize, `${where}.batchSize`, 1),
    stepsPerEpoch: int(o.stepsPerEpoch, `${where}.stepsPerEpoch`, 1),
    rescale: oneOf(o.rescale, `${where}.rescale`, SCALE_METHODS),
    ...opt('toOriginal', o.toOriginal, toOriginal),
    ...opt('note', o.note, n => str(n, `${where}.note`)),
  };
}

function readReference(v: Json, where: string): Reference {
  const o = obj(v, where);
  const minima = list(o.minima, `${where}.minima`, (m, w) => numList(m, w, 1), 1000);
  const kind = oneOf(o.kind, `${where}.kind`, ['preset', 'least-squares'] as const);
  return kind === 'preset' ? { kind, name: str(o.name, `${where}.name`, 100), minima } : { kind, minima };
}

function readPanelModel(v: Json, where: string): PanelModel {
  const m = obj(v, where);
  if (m.version !== PROTOCOL_VERSION) fail(`${where}.version must be ${PROTOCOL_VERSION} (this build's protocol)${got(m.version)}`);
  const settings = obj(m.settings, `${where}.settings`);
  return {
    version: PROTOCOL_VERSION,
    config: readRunConfigAt(m.config, `${where}.config`),
    ...opt('data', m.data, d => readDataSummary(d, `${where}.data`)),
    objective: readObjective(m.objective, `${where}.objective`),
    ...opt('reference', m.reference, r => readReference(r, `${where}.reference`)),
    runs: list(m.runs, `${where}.runs`, readTrace, 1024),
    ...opt('surface', m.surface, s => readSurface(s, `${where}.surface`)),
    registry: list(m.registry, `${where}.registry`, readOptimizerInfo, OPTIMIZER_IDS.length),
    conventions: list(m.conventions, `${where}.conventions`, (c, w) => oneOf(c, w, CONVENTIONS), CONVENTIONS.length),
    settings: { animationSpeed: num(settings.animationSpeed, `${where}.settings.animationSpeed`) },
    ...opt('readonly', m.readonly, r => bool(r, `${where}.readonly`)),
  };
}

/** Webview side (and the report's embedded model): validate a message from the host, rebuilt. */
export function parseHostMessage(message: Json): MessageResult<HostMessage> {
  return parseTagged(message, (v, type): HostMessage => {
    switch (type) {
      case 'show':
        return { type: 'show', model: readPanelModel(v.model, 'model'), ...opt('view', v.view, readViewState) };
      case 'surface':
        return { type: 'surface', surface: readSurface(v.surface, 'surface') };
      case 'records': {
        const from = int(v.from, 'from', 0, LIMITS.maxSteps);
        const to = int(v.to, 'to', from, LIMITS.maxSteps);
        const runs = list(v.runs, 'runs', (r, w) => readRecords(obj(r, w), w, undefined), 1024);
        runs.forEach((r, i) => {
          if (r.steps.some(s => s < from || s > to)) fail(`runs[${i}].steps must lie from ${from} to ${to}`);
        });
        return { type: 'records', from, to, runs };
      }
      case 'running':
        return { type: 'running', running: bool(v.running, 'running'), ...opt('message', v.message, m => str(m, 'message')) };
      case 'error': {
        const e = obj(v.error, 'error');
        const at = (k: 'position' | 'line' | 'column') => opt(k, e[k], x => int(x, `error.${k}`, 0));
        return {
          type: 'error',
          error: { message: str(e.message, 'error.message'), ...at('position'), ...at('line'), ...at('column') },
          ...opt('field', v.field, f => str(f, 'field', 200)),
        };
      }
      case 'settings': {
        const s = obj(v.settings, 'settings');
        return { type: 'settings', settings: { animationSpeed: num(s.animationSpeed, 'settings.animationSpeed') } };
      }
      case 'sweep':
        return { type: 'sweep', sweep: readSweep(v.sweep, 'sweep') };
      case 'basins':
        return { type: 'basins', basins: readBasins(v.basins, 'basins') };
      case 'basinsProgress': {
        const total = int(v.total, 'total', 0);
        return { type: 'basinsProgress', done: int(v.done, 'done', 0, total), total };
      }
      case 'stability':
        return { type: 'stability', stability: readStability(v.stability, 'stability') };
      case 'sweepProgress': {
        const total = int(v.total, 'total', 0);
        return { type: 'sweepProgress', done: int(v.done, 'done', 0, total), total };
      }
      default:
        return fail(`unknown message type '${type.slice(0, 40)}'`);
    }
  });
}

function readSweep(v: Json, where: string): SweepView {
  const s = obj(v, where);
  const maxRuns = OPTIMIZER_IDS.length * CONVENTIONS.length;
  const point = (p: Json, w: string): SweepView['runs'][number]['points'][number] => {
    const o = obj(p, w);
    return { lr: num(o.lr, `${w}.lr`), finalLoss: numOrNull(o.finalLoss, `${w}.finalLoss`), bestLoss: numOrNull(o.bestLoss, `${w}.bestLoss`), diverged: bool(o.diverged, `${w}.diverged`) };
  };
  const run = (r: Json, w: string): SweepView['runs'][number] => {
    const o = obj(r, w);
    const best = o.best === null ? null : obj(o.best, `${w}.best`, 'an object { lr, finalLoss } or null');
    return {
      optimizer: oneOf(o.optimizer, `${w}.optimizer`, OPTIMIZER_IDS),
      convention: oneOf(o.convention, `${w}.convention`, CONVENTIONS),
      points: list(o.points, `${w}.points`, point, LIMITS.maxSweepPoints),
      best: best ? { lr: num(best.lr, `${w}.best.lr`), finalLoss: num(best.finalLoss, `${w}.best.finalLoss`) } : null,
    };
  };
  const st = obj(s.stability, `${where}.stability`);
  const threshold = (t: Json, w: string) => {
    const o = obj(t, w);
    return { optimizer: oneOf(o.optimizer, `${w}.optimizer`, OPTIMIZER_IDS), lr: numOrNull(o.lr, `${w}.lr`), rule: str(o.rule, `${w}.rule`, 500) };
  };
  return {
    grid: list(s.grid, `${where}.grid`, (x, w) => num(x, w), LIMITS.maxSweepPoints),
    steps: int(s.steps, `${where}.steps`, 1, LIMITS.maxSteps),
    runs: list(s.runs, `${where}.runs`, run, maxRuns),
    stability: {
      lambdaMax: numOrNull(st.lambdaMax, `${where}.stability.lambdaMax`),
      thresholds: list(st.thresholds, `${where}.stability.thresholds`, threshold, maxRuns),
      notes: list(st.notes, `${where}.stability.notes`, (x, w) => str(x, w, 1000), 16),
    },
    cancelled: bool(s.cancelled, `${where}.cancelled`),
  };
}

function readBasins(v: Json, where: string): BasinView {
  const b = obj(v, where);
  const nx = int(b.nx, `${where}.nx`, 2, LIMITS.maxBasinGrid);
  const ny = int(b.ny, `${where}.ny`, 2, LIMITS.maxBasinGrid);
  const minimum = (m: Json, w: string) => {
    const o = obj(m, w);
    return { point: numList(o.point, `${w}.point`, 1), kind: oneOf(o.kind, `${w}.kind`, ['known', 'cluster'] as const), starts: int(o.starts, `${w}.starts`, 0, nx * ny) };
  };
  const minima = list(b.minima, `${where}.minima`, minimum, 1000);
  return {
    run: int(b.run, `${where}.run`, 0, 1023),
    optimizer: oneOf(b.optimizer, `${where}.optimizer`, OPTIMIZER_IDS),
    nx, ny,
    x: range(b.x, `${where}.x`),
    y: range(b.y, `${where}.y`),
    labels: intSeries(b.labels, `${where}.labels`, -2, minima.length - 1, nx * ny),
    minima,
    diverged: int(b.diverged, `${where}.diverged`, 0, nx * ny),
    unsettled: int(b.unsettled, `${where}.unsettled`, 0, nx * ny),
    steps: int(b.steps, `${where}.steps`, 1, LIMITS.maxSteps),
    cancelled: bool(b.cancelled, `${where}.cancelled`),
    elapsedMs: num(b.elapsedMs, `${where}.elapsedMs`),
    ...opt('request', b.request, r => int(r, `${where}.request`, 0, Number.MAX_SAFE_INTEGER)),
  };
}

function readStability(v: Json, where: string): StabilityView {
  const s = obj(v, where);
  const run = (r: Json, w: string) => {
    const o = obj(r, w);
    const steps = intSeries(o.steps, `${w}.steps`, 0, LIMITS.maxSteps);
    return { steps, lambdaMax: series(o.lambdaMax, `${w}.lambdaMax`, steps.length), etaLambda: series(o.etaLambda, `${w}.etaLambda`, steps.length) };
  };
  return {
    runs: list(s.runs, `${where}.runs`, run, 1024),
    hessian: s.hessian === null ? null : oneOf(s.hessian, `${where}.hessian`, ['symbolic', 'numeric', 'mixed'] as const),
    note: str(s.note, `${where}.note`, 1000),
  };
}

function readSentence(v: Json, where: string): NonNullable<TraceData['diagnosis']>[number] {
  const o = obj(v, where);
  return { kind: oneOf(o.kind, `${where}.kind`, DIAGNOSIS_KINDS), text: str(o.text, `${where}.text`, 1000), ...opt('step', o.step, x => int(x, `${where}.step`, 0, LIMITS.maxSteps)) };
}

/** JSON cannot carry NaN/Infinity: a non-finite number travels as null. */
export const finiteOrNull = (v: number): NumOrNull => (Number.isFinite(v) ? v : null);

/** `finiteOrNull` of every element. */
export function toNumOrNull(a: ArrayLike<number>): NumOrNull[] {
  const out: NumOrNull[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = finiteOrNull(a[i]);
  return out;
}

/** NumOrNull[] → Float64Array (null → NaN). */
function f64(a: readonly NumOrNull[]): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v === null ? NaN : v;
  }
  return out;
}

/** The series of `r` as Float64Arrays, for `postMessage` (the receiving reader accepts both forms). */
function recordsToWire(r: TraceRecords): Record<string, unknown> {
  return {
    steps: Float64Array.from(r.steps),
    path: f64(r.path),
    loss: f64(r.loss),
    effectiveLr: f64(r.effectiveLr),
    delta: f64(r.delta),
    lr: f64(r.lr),
    ...(r.epoch ? { epoch: Float64Array.from(r.epoch) } : {}),
    ...(r.lossMean ? { lossMean: f64(r.lossMean) } : {}),
    ...(r.lossBand ? { lossBand: { lo: f64(r.lossBand.lo), hi: f64(r.lossBand.hi) } } : {}),
    ...(r.extraPath ? { extraPath: f64(r.extraPath) } : {}),
    ...(r.evaluations ? { evaluations: Float64Array.from(r.evaluations) } : {}),
    ...(r.elapsedMs ? { elapsedMs: Float64Array.from(r.elapsedMs) } : {}),
  };
}

function surfaceToWire(s: SurfaceData): Record<string, unknown> {
  return { ...s, values: f64(s.values) };
}

/**
 * A host message with its long series as Float64Arrays (what the host posts; `parseHostMessage`
 * reads it back to the same message). Other messages are returned as they are.
 */
export function toWire(m: HostMessage): unknown {
  switch (m.type) {
    case 'show': {
      const model = m.model;
      return {
        ...m,
        model: {
          ...model,
          runs: model.runs.map(r => ({ ...r, ...recordsToWire(r) })),
          ...(model.surface ? { surface: surfaceToWire(model.surface) } : {}),
        },
      };
    }
    case 'records':
      return { ...m, runs: m.runs.map(recordsToWire) };
    case 'surface':
      return { ...m, surface: surfaceToWire(m.surface) };
    case 'basins':
      return { ...m, basins: { ...m.basins, labels: Float64Array.from(m.basins.labels) } };
    case 'stability':
      return { ...m, stability: { ...m.stability, runs: m.stability.runs.map(r => ({ steps: Float64Array.from(r.steps), lambdaMax: f64(r.lambdaMax), etaLambda: f64(r.etaLambda) })) } };
    default:
      return m;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Uint8Array(128);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Bytes → base64 text (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) chunk += B64[bytes[i] >> 2] + B64[(bytes[i] & 3) << 4] + '==';
  else if (rest === 2) chunk += B64[bytes[i] >> 2] + B64[((bytes[i] & 3) << 4) | (bytes[i + 1] >> 4)] + B64[(bytes[i + 1] & 15) << 2] + '=';
  parts.push(chunk);
  return parts.join('');
}

/** Base64 text → bytes, or undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (B64_INDEX[text.charCodeAt(i)] << 18) | (B64_INDEX[text.charCodeAt(i + 1)] << 12) | (B64_INDEX[text.charCodeAt(i + 2)] << 6) | B64_INDEX[text.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Keys of a series written as base64 in the report's embedded JSON: Float64 or Float32 bytes. */
const F64_KEY = '$f64';
const F32_KEY = '$f32';
/** Series the report may store as Float32 when each value keeps 7 significant digits (the panel shows at most 4). */
const SHOWN_ONLY = new Set(['loss', 'lr', 'effectiveLr', 'delta', 'lossMean', 'lo', 'hi', 'values', 'elapsedMs']);
/** Whole-number series stored as Float32 when every value is exact. */
const WHOLE = new Set(['steps', 'epoch', 'evaluations']);

/** Whether Float32 keeps `a` as the report needs it (see SHOWN_ONLY and WHOLE); non-finite values always fit. */
function fitsFloat32(a: Float64Array, key: string): boolean {
  if (WHOLE.has(key)) {
    for (let i = 0; i < a.length; i++) if (Math.fround(a[i]) !== a[i]) return false;
    return true;
  }
  if (!SHOWN_ONLY.has(key)) return false;
  for (let i = 0; i < a.length; i++) {
    const m = Math.abs(a[i]);
    if (m !== 0 && Number.isFinite(m) && (m < 1.2e-38 || m > 3.4e38)) return false;
  }
  return true;
}

/**
 * The report's embedded model as JSON text, its long series as base64 of their bytes
 * (little-endian): `{ "$f64": "…" }`, or `{ "$f32": "…" }` for steps and for the series the panel
 * only displays (never the path, from which distances are computed). About a quarter of the size
 * of decimal JSON.
 */
export function embedModelJson(model: PanelModel): string {
  const wire = toWire({ type: 'show', model }) as { model: unknown };
  const bytes = (v: Float64Array | Float32Array) => toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return JSON.stringify(wire.model, (k, v: unknown) => {
    if (!(v instanceof Float64Array)) return v;
    return fitsFloat32(v, k) ? { [F32_KEY]: bytes(Float32Array.from(v)) } : { [F64_KEY]: bytes(v) };
  });
}

/** Reads `embedModelJson`'s text back (its series as Float64Arrays; `parseHostMessage` validates the rest). Throws on text that is not JSON. */
export function parseEmbeddedModel(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (!isObj(v) || Object.keys(v).length !== 1) return v;
    const [key, width] = typeof v[F64_KEY] === 'string' ? [F64_KEY, 8] : typeof v[F32_KEY] === 'string' ? [F32_KEY, 4] : ['', 0];
    if (!width) return v;
    const bytes = fromBase64(v[key] as string);
    if (!bytes || bytes.length % width !== 0) return v; // the reader then names the field that is not a series
    return width === 8 ? new Float64Array(bytes.buffer, 0, bytes.length / 8) : Float64Array.from(new Float32Array(bytes.buffer, 0, bytes.length / 4));
  });
}
