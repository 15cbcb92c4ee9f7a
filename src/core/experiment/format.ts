/**
 * Experiment files (`*.optlab.json`): everything a run depends on, kept next to one's notes, run
 * again from a terminal (`optimizer-lab run file.optlab.json`) or opened in the panel.
 *
 *   {
 *     "version": 1,
 *     "preset": "rosenbrock",                 (or "expression": "(1 - x)^2 + 100 (y - x^2)^2")
 *     "start": [-1.5, 2],
 *     "convention": "pytorch",
 *     "optimizers": [
 *       { "id": "sgd", "hyperparameters": { "lr": 0.001 } },
 *       { "id": "adam", "hyperparameters": { "lr": 0.04, "beta1": 0.9 } }
 *     ],
 *     "schedule": { "kind": "step", "stepSize": 100, "gamma": 0.5 },
 *     "steps": 500,
 *     "tolerance": { "gradNorm": 1e-8 },
 *     "noise": { "sigma": 0.1, "seeds": 4 },
 *     "dataset": { "path": "data.csv", "parameters": ["w", "b"], "batchSize": 8, "epochs": 10,
 *                  "shuffle": true, "rescale": "none", "seed": 1 },
 *     "view": { "mapVariables": [0, 1], "sliceMode": "follow", "fixedValues": [0, 0, 0],
 *               "bounds": { "x": [-2, 2], "y": [-1, 3] } }
 *   }
 *
 * The file maps onto the panel's `RunConfig` (plus the map's bounds), and every rule is checked
 * where core already writes it: the shape by `readRunConfig` (protocol.ts), hyperparameter values
 * and ranges by `resolveHyperparameters` (the registry), schedules by `validateSchedule`, limits by
 * LIMITS. This module only renames fields and says where in the file a complaint belongs: every
 * message names the field as the file spells it and its line.
 *
 * `serializeExperiment` writes keys in one fixed order, one optimizer per line, numbers in
 * JavaScript's shortest round-trip form, so a file read and written again is byte-identical.
 */
import { checkExpression } from '../expr';
import { describeValue } from '../describe';
import { findPreset, PRESETS } from '../presets';
import { presetForExpression } from '../model';
import { readRunConfig, RunConfig } from '../protocol';
import { RULES, resolveHyperparameters } from '../optim/registry';
import { DEFAULT_CONVENTION, OPTIMIZER_IDS, OptimizerId } from '../optim/types';
import { CONSTANT_SCHEDULE, SCHEDULE_SPECS, ScheduleSpec } from '../schedule';
import { fail, ok, Result, UserError } from '../result';
import { childPath, lineFor, readJsonWithLines } from './json';

/** The format this build writes, and the newest it reads. */
export const EXPERIMENT_VERSION = 1;
/** Files are recognised by this ending. */
export const EXPERIMENT_SUFFIX = '.optlab.json';

export interface ExperimentOptimizer {
  id: OptimizerId;
  hyperparameters?: Record<string, number | boolean | string>;
}

export interface ExperimentDataset {
  /** The CSV file, relative to the experiment file (forward slashes), or absolute. */
  path: string;
  parameters: string[];
  batchSize: number | 'full';
  epochs: number;
  shuffle: boolean;
  rescale: string;
  seed: number;
}

export interface ExperimentView {
  mapVariables?: [number, number];
  sliceMode?: 'follow' | 'fixed';
  fixedValues?: number[];
  /** The map's visible region (the panel's zoom). */
  bounds?: { x: [number, number]; y: [number, number] };
}

/** An experiment file as read (fields as the file spells them). */
export interface Experiment {
  version: number;
  description?: string;
  /** Exactly one of expression and preset. */
  expression?: string;
  preset?: string;
  start?: number[];
  convention?: string;
  optimizers: ExperimentOptimizer[];
  schedule?: ScheduleSpec;
  steps?: number;
  tolerance?: { gradNorm?: number; lossChange?: number };
  noise?: { sigma: number; seeds: number };
  dataset?: ExperimentDataset;
  view?: ExperimentView;
}

/** Top-level fields, in the order files are written. */
export const EXPERIMENT_FIELDS = ['$schema', 'version', 'description', 'expression', 'preset', 'start', 'convention', 'optimizers', 'schedule', 'steps', 'tolerance', 'noise', 'dataset', 'view'] as const;
const OPTIMIZER_FIELDS = ['id', 'hyperparameters'] as const;
const DATASET_FIELDS = ['path', 'parameters', 'batchSize', 'epochs', 'shuffle', 'rescale', 'seed'] as const;
const VIEW_FIELDS = ['mapVariables', 'sliceMode', 'fixedValues', 'bounds'] as const;
const TOLERANCE_FIELDS = ['gradNorm', 'lossChange'] as const;
const NOISE_FIELDS = ['sigma', 'seeds'] as const;
const BOUNDS_FIELDS = ['x', 'y'] as const;

/** What opening a file gives: the experiment, and where each field sits (for later messages). */
export interface ParsedExperiment {
  experiment: Experiment;
  lines: ReadonlyMap<string, number>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problem {
  constructor(readonly path: string, readonly message: string) {}
}

/** A located complaint: "line 7: optimizers[1].hyperparameters.lr: …". */
function located(lines: ReadonlyMap<string, number>, path: string, message: string): UserError {
  const line = lineFor(lines, path);
  const text = path && !message.startsWith(path) ? `${path}: ${message}` : message;
  return { message: line !== undefined ? `line ${line}: ${text}` : text, ...(line !== undefined ? { line } : {}) };
}

function checkFields(v: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (!isObj(v)) throw new Problem(path, `must be an object with the fields ${known.filter(k => k !== '$schema').join(', ')}, got ${describeValue(v)}`);
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) throw new Problem(childPath(path, k), `unknown field ${JSON.stringify(k.slice(0, 40))} (known here: ${known.filter(f => f !== '$schema').join(', ')})`);
  }
  return v;
}

/** Reads the text of an experiment file: JSON syntax, the version, and the fields' names and shapes. */
export function parseExperiment(text: string): Result<ParsedExperiment> {
  if (typeof text !== 'string') return fail(`an experiment file must be a text, got ${describeValue(text)}`);
  const json = readJsonWithLines(text);
  if (!json.ok) return json;
  const { value, lines } = json.value;
  try {
    if (!isObj(value)) throw new Problem('', `an experiment file holds one JSON object { "version": ${EXPERIMENT_VERSION}, … }, got ${describeValue(value)}`);
    const version = value.version;
    if (version === undefined) throw new Problem('', `the field "version" is missing (this build writes "version": ${EXPERIMENT_VERSION})`);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new Problem('version', `must be a whole number ≥ 1, got ${describeValue(version)}`);
    if (version > EXPERIMENT_VERSION) {
      throw new Problem('version', `this file was written by a newer Optimizer Lab (format version ${version}); this build reads versions up to ${EXPERIMENT_VERSION}: update the extension`);
    }
    const top = checkFields(value, '', EXPERIMENT_FIELDS);
    if (top.description !== undefined && typeof top.description !== 'string') throw new Problem('description', `must be a text, got ${describeValue(top.description)}`);
    if ((top.expression === undefined) === (top.preset === undefined)) {
      throw new Problem(top.expression === undefined ? '' : 'preset', 'give exactly one of "expression" (a mathjs expression) and "preset" (a test function\'s id)');
    }
    if (!Array.isArray(top.optimizers) || top.optimizers.length === 0) {
      throw new Problem('optimizers', `must be a list of at least one { "id": …, "hyperparameters": { … } }, got ${describeValue(top.optimizers)}`);
    }
    top.optimizers.forEach((o, i) => checkFields(o, `optimizers[${i}]`, OPTIMIZER_FIELDS));
    if (top.dataset !== undefined) checkFields(top.dataset, 'dataset', DATASET_FIELDS);
    if (top.tolerance !== undefined) checkFields(top.tolerance, 'tolerance', TOLERANCE_FIELDS);
    if (top.noise !== undefined) checkFields(top.noise, 'noise', NOISE_FIELDS);
    if (top.view !== undefined) {
      const view = checkFields(top.view, 'view', VIEW_FIELDS);
      if (view.bounds !== undefined) {
        const b = checkFields(view.bounds, 'view.bounds', BOUNDS_FIELDS);
        for (const axis of BOUNDS_FIELDS) {
          const r = b[axis];
          if (!(Array.isArray(r) && r.length === 2 && r.every(x => typeof x === 'number' && Number.isFinite(x)) && r[0] < r[1])) {
            throw new Problem(`view.bounds.${axis}`, `must be an increasing range [lo, hi], got ${describeValue(r)}`);
          }
        }
      }
    }
    if (top.dataset === undefined && top.steps === undefined) throw new Problem('', 'the field "steps" is missing (the number of updates per optimizer)');
    if (top.dataset !== undefined && top.steps !== undefined) throw new Problem('steps', 'does not apply with a dataset: the number of updates is epochs × updates per epoch');
    const experiment: Record<string, unknown> = { ...top };
    delete experiment.$schema;
    return ok({ experiment: experiment as unknown as Experiment, lines });
  } catch (e) {
    if (e instanceof Problem) return { ok: false, error: located(lines, e.path, e.message) };
    throw e;
  }
}

/** How the host reaches the dataset: the experiment's relative path → what `RunConfig.data.file` holds. */
export type PathResolver = (relativePath: string) => string;

/** A RunConfig path (as readRunConfig names it, without `config.`) → the field of the file. */
function fileFieldOf(configPath: string, e: Experiment): string {
  const m = /^(\w+)(.*)$/.exec(configPath);
  if (!m) return '';
  const [, head, rest] = m;
  switch (head) {
    case 'expression': return e.preset !== undefined ? 'preset' : 'expression';
    case 'optimizers': {
      const index = /^\[(\d+)\]/.exec(rest)?.[1];
      return index !== undefined ? `optimizers[${index}].id` : 'optimizers';
    }
    case 'hyperparameters': {
      const hm = /^\.(\w+)(?:\.(\w+))?/.exec(rest);
      const index = hm ? e.optimizers.findIndex(o => isObj(o) && o.id === hm[1]) : -1;
      if (index < 0) return 'optimizers';
      return hm![2] ? `optimizers[${index}].hyperparameters.${hm![2]}` : `optimizers[${index}].hyperparameters`;
    }
    case 'mapVariables': case 'sliceMode': case 'fixedValues': return `view.${head}${rest}`;
    case 'data': {
      const field = /^\.(\w+)(.*)$/.exec(rest);
      if (!field) return 'dataset';
      return `dataset.${field[1] === 'file' ? 'path' : field[1]}${field[2]}`;
    }
    default: return `${head}${rest}`;
  }
}

/** readRunConfig's "config.steps must be …" → "steps: must be …" at the file's field. */
function fromConfigMessage(message: string, e: Experiment, lines: ReadonlyMap<string, number>): UserError {
  const m = /^config\.([\w.[\]]+?)(?=[\s:(]|$)(.*)$/s.exec(message);
  if (!m) return located(lines, '', message);
  const field = fileFieldOf(m[1], e);
  const rest = m[2].replace(/^:?\s*/, '').replace(/^\('full' or\) must be /, "must be 'full' or ");
  return located(lines, field, rest);
}

/** The result of opening an experiment: what the panel runs, and the map's bounds. */
export interface ExperimentRun {
  config: RunConfig;
  bounds?: { x: [number, number]; y: [number, number] };
}

/**
 * The panel's RunConfig for a parsed experiment, every value checked by core's own validators.
 * `resolvePath` turns the dataset's relative path into what the host reads (a file path or URI).
 */
export function experimentToRunConfig(parsed: ParsedExperiment, resolvePath: PathResolver = p => p): Result<ExperimentRun> {
  const { experiment: e, lines } = parsed;
  const at = (path: string, message: string): Result<never> => ({ ok: false, error: located(lines, path, message) });
  let expression: string;
  if (e.preset !== undefined) {
    const preset = typeof e.preset === 'string' ? findPreset(e.preset) : undefined;
    if (!preset) return at('preset', `unknown test function ${describeValue(e.preset)} (known: ${PRESETS.map(p => p.id).join(', ')})`);
    expression = preset.expression;
  } else {
    expression = e.expression as string;
  }
  const optimizers: unknown[] = e.optimizers.map(o => o.id);
  const unknown = optimizers.findIndex(id => typeof id === 'string' && !OPTIMIZER_IDS.includes(id as OptimizerId));
  if (unknown >= 0) {
    const id = optimizers[unknown] as string;
    const near = nearestIds(id);
    return at(`optimizers[${unknown}].id`, `unknown optimizer ${JSON.stringify(id.slice(0, 40))}${near.length ? ` (did you mean ${near.map(n => JSON.stringify(n)).join(' or ')}?)` : ''}; known: ${OPTIMIZER_IDS.join(', ')}`);
  }
  const seen = new Set<unknown>();
  for (let i = 0; i < optimizers.length; i++) {
    if (seen.has(optimizers[i])) return at(`optimizers[${i}].id`, `${describeValue(optimizers[i])} is listed twice (one entry per optimizer)`);
    seen.add(optimizers[i]);
  }
  const hyperparameters: Record<string, unknown> = {};
  e.optimizers.forEach(o => {
    if (o.hyperparameters !== undefined && typeof o.id === 'string') hyperparameters[o.id] = o.hyperparameters;
  });
  const badHp = e.optimizers.findIndex(o => o.hyperparameters !== undefined && !isObj(o.hyperparameters));
  if (badHp >= 0) return at(`optimizers[${badHp}].hyperparameters`, `must be an object like { "lr": 0.01 }, got ${describeValue(e.optimizers[badHp].hyperparameters)}`);
  const d = e.dataset;
  const candidate: Record<string, unknown> = {
    expression,
    start: e.start,
    optimizers,
    convention: e.convention ?? DEFAULT_CONVENTION,
    steps: d ? 1 : e.steps,
    hyperparameters,
    schedule: e.schedule ?? CONSTANT_SCHEDULE,
    ...(e.view?.mapVariables !== undefined ? { mapVariables: e.view.mapVariables } : {}),
    ...(e.view?.sliceMode !== undefined ? { sliceMode: e.view.sliceMode } : {}),
    ...(e.view?.fixedValues !== undefined ? { fixedValues: e.view.fixedValues } : {}),
    ...(e.noise !== undefined ? { noise: e.noise } : {}),
    ...(e.tolerance !== undefined ? { tolerance: e.tolerance } : {}),
    ...(d ? { data: { file: typeof d.path === 'string' ? resolvePath(d.path) : d.path, parameters: d.parameters, batchSize: d.batchSize, epochs: d.epochs, shuffle: d.shuffle, rescale: d.rescale, seed: d.seed } } : {}),
  };
  if (d && typeof d.path === 'string' && d.path.trim() === '') return at('dataset.path', 'must name a CSV file (relative to this file), got an empty text');
  // Where the file leaves out the start: the preset's, or zeros for a dataset's parameters.
  if (candidate.start === undefined) {
    const preset = presetForExpression(expression);
    if (d && Array.isArray(d.parameters)) candidate.start = d.parameters.map(() => 0);
    else if (preset) candidate.start = [...preset.start];
    else return at('', 'the field "start" is missing (one number per variable)');
  }
  const checked = readRunConfig(candidate);
  if (!checked.ok) return { ok: false, error: fromConfigMessage(checked.error, e, lines) };
  const config = checked.value;
  if (d && config.noise) return at('noise', 'applies to plain expressions; a dataset brings its own sampling noise');
  for (let i = 0; i < config.optimizers.length; i++) {
    const id = config.optimizers[i];
    const r = resolveHyperparameters(id, config.convention, config.hyperparameters[id] ?? {});
    if (!r.ok) {
      const names = Object.keys(config.hyperparameters[id] ?? {});
      const named = names.find(n => new RegExp(`\\b${n}\\b`).test(r.error.message));
      const path = named ? `optimizers[${i}].hyperparameters.${named}` : RULES[id].defaults[config.convention] ? `optimizers[${i}].hyperparameters` : `optimizers[${i}].id`;
      return at(path, `${id}: ${r.error.message}`);
    }
  }
  if (!d) {
    const parsed = checkExpression(expression);
    if (!parsed.ok) return at(e.preset !== undefined ? 'preset' : 'expression', parsed.error.message);
    const n = parsed.value.variables.length;
    if (n === 0) return at('expression', `'${expression}' has no variables to optimize`);
    if (config.start.length !== n) {
      return at('start', `has ${config.start.length} coordinate${config.start.length === 1 ? '' : 's'} but the expression has ${n} variable${n === 1 ? '' : 's'} (${parsed.value.variables.join(', ')})`);
    }
    if (n > 2 && config.fixedValues !== undefined && config.fixedValues.length !== n) {
      return at('view.fixedValues', `must hold one value per variable (${parsed.value.variables.join(', ')}), got ${config.fixedValues.length}`);
    }
  }
  return ok({ config, ...(e.view?.bounds ? { bounds: { x: [...e.view.bounds.x], y: [...e.view.bounds.y] } } : {}) });
}

/** Levenshtein distance (small strings: ids). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The optimizer ids at the smallest edit distance (at most 2) from a misspelt one, in registry order. */
function nearestIds(id: string): OptimizerId[] {
  const lower = id.toLowerCase();
  const d = OPTIMIZER_IDS.map(o => editDistance(lower, o));
  const best = Math.min(...d);
  return best <= 2 ? OPTIMIZER_IDS.filter((_, i) => d[i] === best) : [];
}

/** Parse and check in one go (the CLI, the CodeLens, the link handler). */
export function readExperiment(text: string, resolvePath?: PathResolver): Result<ExperimentRun> {
  const parsed = parseExperiment(text);
  return parsed.ok ? experimentToRunConfig(parsed.value, resolvePath) : parsed;
}

/**
 * The experiment a panel's RunConfig is. `relativePath` turns the dataset's file (as RunConfig
 * holds it) into a path relative to the experiment file. Only the selected optimizers are kept, each
 * with its overrides in the rule's own parameter order.
 */
export function experimentFromRunConfig(
  config: RunConfig,
  opts: { relativePath?: (file: string) => string; bounds?: { x: [number, number]; y: [number, number] }; description?: string } = {},
): Experiment {
  const preset = config.data ? undefined : presetForExpression(config.expression);
  const optimizers: ExperimentOptimizer[] = config.optimizers.map(id => {
    const hp = config.hyperparameters[id];
    if (!hp || Object.keys(hp).length === 0) return { id };
    const order = RULES[id].params.map(p => p.name as string);
    const names = Object.keys(hp).sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0));
    return { id, hyperparameters: Object.fromEntries(names.map(n => [n, hp[n as keyof typeof hp] as number | boolean | string])) };
  });
  const view: ExperimentView = {
    ...(config.mapVariables ? { mapVariables: [config.mapVariables[0], config.mapVariables[1]] as [number, number] } : {}),
    ...(config.sliceMode ? { sliceMode: config.sliceMode } : {}),
    ...(config.fixedValues ? { fixedValues: [...config.fixedValues] } : {}),
    ...(opts.bounds ? { bounds: { x: [...opts.bounds.x] as [number, number], y: [...opts.bounds.y] as [number, number] } } : {}),
  };
  const d = config.data;
  return {
    version: EXPERIMENT_VERSION,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(preset ? { preset: preset.id } : { expression: config.expression }),
    start: [...config.start],
    convention: config.convention,
    optimizers,
    schedule: config.schedule,
    ...(d ? {} : { steps: config.steps }),
    ...(config.tolerance ? { tolerance: { ...config.tolerance } } : {}),
    ...(config.noise ? { noise: { ...config.noise } } : {}),
    ...(d ? {
      dataset: {
        path: opts.relativePath ? opts.relativePath(d.file) : d.file,
        parameters: [...d.parameters], batchSize: d.batchSize, epochs: d.epochs, shuffle: d.shuffle, rescale: d.rescale, seed: d.seed,
      },
    } : {}),
    ...(Object.keys(view).length ? { view } : {}),
  };
}

/**
 * The RunConfig a panel saves. With `tuning` (rates picked by a sweep on this objective, or the
 * frameworks' defaults), each learning rate the person did not set is written as the rate the run
 * used (`runs`: the panel's runs), so the file reproduces the same paths anywhere, the CLI included,
 * without tuning again. Without `tuning`, the config as it is.
 */
export function withRatesUsed(config: RunConfig, runs: readonly { optimizer: string; hyperparameters: Record<string, number | boolean | string> }[]): RunConfig {
  if (!config.tuning) return config;
  const hyperparameters: RunConfig['hyperparameters'] = { ...config.hyperparameters };
  for (const id of config.optimizers) {
    if (hyperparameters[id]?.lr !== undefined) continue;
    const lr = runs.find(r => r.optimizer === id)?.hyperparameters.lr;
    if (typeof lr === 'number') hyperparameters[id] = { ...(hyperparameters[id] ?? {}), lr };
  }
  const saved: RunConfig = { ...config, hyperparameters };
  delete saved.tuning;
  return saved;
}

const rank = (order: string[], name: string): number => {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
};

// ---------------------------------------------------------------------------------------------
// Writing: fixed key order, small objects and lists of numbers on one line, one optimizer per line.

/** Keys of each object in the order they are written (others follow, sorted). */
const KEY_ORDER: Record<string, readonly string[]> = {
  '': EXPERIMENT_FIELDS,
  optimizers: OPTIMIZER_FIELDS,
  dataset: DATASET_FIELDS,
  view: VIEW_FIELDS,
  tolerance: TOLERANCE_FIELDS,
  noise: NOISE_FIELDS,
  bounds: BOUNDS_FIELDS,
  schedule: ['kind', ...new Set(Object.values(SCHEDULE_SPECS).flatMap(s => s.fields.map(f => f.name)))],
};

function ordered(o: Record<string, unknown>, order: readonly string[] | undefined): [string, unknown][] {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  if (!order) return entries;
  return entries.sort(([a], [b]) => rank([...order], a) - rank([...order], b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** One line: `{ "id": "adam", "hyperparameters": { "lr": 0.04 } }`, `[-1.5, 2]`. */
function inline(v: unknown, key: string): string {
  if (Array.isArray(v)) return `[${v.map(x => inline(x, key)).join(', ')}]`;
  if (isObj(v)) {
    const entries = ordered(v, KEY_ORDER[key]);
    return entries.length ? `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x, k)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

/** The file's text: top-level fields one per line, `optimizers` one entry per line. */
export function serializeExperiment(e: Experiment): string {
  const lines = ordered(e as unknown as Record<string, unknown>, EXPERIMENT_FIELDS).map(([k, v]) => {
    if (k === 'optimizers' && Array.isArray(v)) {
      return `  "optimizers": [\n${v.map(o => `    ${inline(o, 'optimizers')}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(k)}: ${inline(v, k)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}
