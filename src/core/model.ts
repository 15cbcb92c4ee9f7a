/**
 * From what the person asked for (`RunConfig`) to what the panel shows (`PanelModel`): parse the
 * objective, run every optimizer through the one loop, sample the landscape. Shared by the
 * extension host (the panel) and the CLI (the HTML report), so both show the same numbers.
 */
import { CompiledObjective, parseObjective } from './expr';
import { PRESETS, Preset } from './presets';
import { mapVariablesProblem, PROTOCOL_VERSION, readRunConfig, OptimizerInfo, PanelModel, RunConfig, SurfaceData, TraceData, toNumOrNull } from './protocol';
import { CONVENTIONS, OptimizerId } from './optim/types';
import { RULES } from './optim/registry';
import { familyOf } from './optim/families';
import { formulaClauses, generalClauses } from './optim/clauses';
import { diagnoseRun } from './diagnose';
import { curvatureOf, type HessianFn } from './hessian';
import { GradientSource, lossAtSteps, MAX_RECORDS, objectiveSource, recordTimes, RunSpec, runOptimizersAsync, Trace } from './run';
import { fail, ok, Result } from './result';
import { describeValue } from './describe';
import { LIMITS } from './limits';
import { dataSummary, PreparedData } from './dataRun';
import { SeedSummary, summarizeSeeds, withGradientNoise } from './data/noise';
import { frameBounds, Range, sampleCurve, sampleGrid } from './surface';

export interface BuildOptions extends AssembleOptions {
  /** Called between chunks of work so a host can stay responsive and report progress. */
  yieldToEventLoop?: () => Promise<void>;
  signal?: { cancelled: boolean };
  /** Dataset objectives: the loaded, prepared data (see dataRun.ts). */
  data?: PreparedData;
}

/** Landscape samples per axis: the default, and the most buildPanelModel accepts. */
const DEFAULT_GRID = 200;

const normalize = (s: string): string => s.replace(/\s+/g, '').replace(/\*\*/g, '^');

/** The preset whose expression this is (compared without white space), if any. */
export function presetForExpression(expression: string): Preset | undefined {
  const e = normalize(expression);
  return PRESETS.find(p => normalize(p.expression) === e);
}

/**
 * Learning rates scaled to a test function, so that every optimizer visibly moves in a few hundred
 * steps (the frameworks' defaults, e.g. Adam's 1e-3, barely leave the start on a landscape 4 units
 * wide). Used when the person has not set `lr` (setting optimizerLab.tunedLearningRates):
 * - SGD, momentum, Nesterov: the preset's SGD-stable rate (their steps scale with the gradient);
 * - Adam-like and RMSprop (steps of about η per coordinate): span/100, about 100 steps across;
 * - AdaGrad (steps shrink like η/√t): span/10; Lion (steps of exactly η): span/200;
 * - AdaDelta sets its own rate: η = 1 (PyTorch's and optax's default; Keras's is 1e-3);
 * - ASGD steps like SGD (the preset's rate); L-BFGS scales its own steps: η = 1 (PyTorch's default);
 *   Rprop's η is its initial step size: span/100 like the Adam-like rules.
 * - signSGD and Signum step by exactly η like Lion (span/200); FTRL's rates shrink like AdaGrad's
 *   (span/10); Prodigy estimates its own step (η = 1, optax's default multiplier); Schedule-Free SGD
 *   steps like SGD (the preset's rate).
 * span = the mean width of the preset's bounds.
 */
export function tunedLearningRate(preset: Preset, id: OptimizerId): number | undefined {
  const span = preset.bounds.reduce((s, [lo, hi]) => s + (hi - lo), 0) / preset.bounds.length;
  const round = (v: number): number => Number(v.toPrecision(2));
  switch (id) {
    case 'sgd': case 'momentum': case 'nesterov': case 'asgd': return preset.suggestedLr;
    case 'adagrad': return round(span / 10);
    case 'lion': return round(span / 200);
    case 'adadelta': case 'lbfgs': return 1;
    case 'signsgd': case 'signum': return round(span / 200);
    case 'ftrl': return round(span / 10);
    case 'prodigy': return 1;
    case 'schedulefree-sgd': return preset.suggestedLr;
    default: return round(span / 100);
  }
}

/** The optimizer registry as the webview sees it (schema, defaults, formulas). */
export function registryInfo(): OptimizerInfo[] {
  return Object.values(RULES).map(r => ({
    id: r.id,
    label: r.label,
    summary: r.summary,
    params: r.params,
    defaults: r.defaults as OptimizerInfo['defaults'],
    unavailable: r.unavailable ?? {},
    formula: generalClauses(r),
    source: r.source,
    effectiveLr: r.effectiveLr,
    ...(r.differences ? { differences: r.differences } : {}),
    family: familyOf(r),
  }));
}

/**
 * A start point for an expression that is not a preset: among a few candidates in [-2, 2]ⁿ, the
 * one with a finite value and gradient that is highest up the landscape without being its wildest
 * point (the median of the candidates' values), so the optimizers have somewhere to go.
 */
export function deriveStart(objective: CompiledObjective): number[] {
  const n = objective.variables.length;
  const candidates: number[][] = [];
  const pattern = [-1.5, 2, 1.2, -0.8, 1.7, -1.1];
  candidates.push(Array.from({ length: n }, (_, i) => pattern[i % pattern.length]));
  for (const s of [1, -1, 2, -2, 0.5]) candidates.push(Array.from({ length: n }, (_, i) => (i % 2 ? -s : s)));
  const g = new Float64Array(n);
  const scored = candidates
    .map(c => {
      objective.grad(c, g);
      const v = objective.f(c);
      const gn = Math.hypot(...g);
      return { c, v, ok: Number.isFinite(v) && Number.isFinite(gn) && gn > 1e-9 };
    })
    .filter(s => s.ok)
    .sort((a, b) => a.v - b.v);
  return scored.length ? scored[Math.floor(scored.length / 2)].c : Array.from({ length: n }, () => 1);
}

export function traceToData(t: Trace): TraceData {
  return {
    optimizer: t.optimizer,
    convention: t.convention,
    label: t.label,
    hyperparameters: t.hyperparameters as Record<string, number | boolean | string>,
    dim: t.dim,
    steps: Array.from(t.steps),
    path: toNumOrNull(t.path),
    loss: toNumOrNull(t.loss),
    effectiveLr: toNumOrNull(t.effectiveLr),
    delta: toNumOrNull(t.delta),
    lr: toNumOrNull(t.lr),
    ...(t.epoch ? { epoch: Array.from(t.epoch) } : {}),
    ...withExtraPoint(t),
    ...(t.evaluations ? { evaluations: Array.from(t.evaluations) } : {}),
    stop: t.stop,
    ...withFormula(t),
  };
}

/** The rule's second point at each record and its legend text, when the rule keeps one. */
function withExtraPoint(t: Trace): Pick<TraceData, 'extraPath' | 'extraLabel'> {
  if (!t.extraPath) return {};
  const label = RULES[t.optimizer].extraPoint?.label;
  return { extraPath: toNumOrNull(t.extraPath), ...(label ? { extraLabel: label } : {}) };
}

function withFormula(t: Trace): { formula?: string[] } {
  const formula = formulaClauses(RULES[t.optimizer], t.convention, t.hyperparameters);
  return formula ? { formula } : {};
}

export function runSpecs(config: RunConfig): RunSpec[] {
  return config.optimizers.map(id => ({
    optimizer: id,
    convention: config.convention,
    hyperparameters: config.hyperparameters[id] ?? {},
    schedule: config.schedule,
  }));
}

/** The landscape for the current view: a curve for one variable, a grid over two map variables otherwise. */
export function surfaceFor(
  objective: { variables: string[]; f(x: ArrayLike<number>): number },
  config: RunConfig,
  runs: { path: ArrayLike<number>; dim: number }[],
  opts: { bounds?: Range[]; minima?: number[][]; gridSize?: number; x?: Range; y?: Range },
): SurfaceData {
  const n = objective.variables.length;
  const f = (x: ArrayLike<number>): number => objective.f(x);
  if (n === 1) {
    const [x] = opts.x ? [opts.x] : frameBounds({ anchors: [config.start, ...(opts.minima ?? [])], paths: runs, bounds: opts.bounds, axes: [0] });
    return sampleCurve(f, x, 400);
  }
  // A map pair that does not fit these variables falls back to the first two (see mapVariablesProblem).
  const [xv, yv] = config.mapVariables !== undefined && !mapVariablesProblem(config.mapVariables, n) ? config.mapVariables : [0, 1];
  const size = opts.gridSize ?? DEFAULT_GRID;
  const base = config.sliceMode === 'fixed' && config.fixedValues?.length === n ? config.fixedValues : config.start;
  let x = opts.x;
  let y = opts.y;
  if (!x || !y) {
    const b = opts.bounds && n === 2 ? opts.bounds : undefined;
    [x, y] = frameBounds({ anchors: [config.start, ...(opts.minima ?? [])], paths: runs, bounds: b, axes: [xv, yv] });
  }
  return sampleGrid(f, base, xv, yv, x, y, size, size);
}

export interface AssembleOptions {
  gridSize?: number;
  /** The landscape to draw when it is not f itself (datasets: the full-batch mean cost). */
  surfaceLoss?: (x: ArrayLike<number>) => number;
  /** Noise runs: per-run mean loss and band over seeds, in run order. */
  bands?: { mean: ArrayLike<number>; lo: ArrayLike<number>; hi: ArrayLike<number> }[];
  reference?: PanelModel['reference'];
  settings?: PanelModel['settings'];
  readonly?: boolean;
  /** Each run's compute time per record (`TraceData.elapsedMs`, from run.ts `recordTimes`): the panel's wall-clock axis. Off by default, so identical runs give identical models. */
  timings?: boolean;
}

/** A run's diagnosis sentences (src/core/diagnose.ts) for its card; nothing when none applies or the diagnosis fails. */
function diagnosisOf(t: Trace, variables: string[], minima: number[][] | undefined, hessian: HessianFn | undefined): Pick<TraceData, 'diagnosis'> {
  const d = diagnoseRun(t, { variables, ...(minima ? { minima } : {}), ...(hessian ? { hessian } : {}) });
  if (!d.ok || d.value.length === 0) return {};
  return { diagnosis: d.value.map(s => ({ kind: s.kind, text: s.text, ...(s.step !== undefined ? { step: s.step } : {}) })) };
}

/** Traces already computed (the CLI's run) + the objective → what the panel shows. */
export function assemblePanelModel(config: RunConfig, objective: CompiledObjective, traces: Trace[], opts: AssembleOptions = {}): PanelModel {
  const preset = presetForExpression(config.expression);
  const reference = opts.reference ?? (preset && preset.minima.length ? { kind: 'preset' as const, name: preset.name, minima: preset.minima } : undefined);
  const landscape = opts.surfaceLoss ? { variables: objective.variables, f: opts.surfaceLoss } : objective;
  const surface = surfaceFor(landscape, config, traces, { bounds: preset?.bounds, minima: reference?.minima, gridSize: opts.gridSize });
  // The Hessian for the diagnosis: f's own (not a dataset's per-row loss).
  const hessian = opts.surfaceLoss || traces.length === 0 ? undefined : curvatureOf(objective).hessian;
  const runs = traces.map((t, i) => {
    const band = opts.bands?.[i];
    const times = opts.timings ? recordTimes(t) : undefined;
    const data = { ...traceToData(t), ...(times && times.length === t.count ? { elapsedMs: Array.from(times) } : {}), ...diagnosisOf(t, objective.variables, reference?.minima, hessian) };
    return band ? { ...data, lossMean: toNumOrNull(band.mean), lossBand: { lo: toNumOrNull(band.lo), hi: toNumOrNull(band.hi) } } : data;
  });
  return {
    version: PROTOCOL_VERSION,
    config,
    objective: { text: objective.text, tex: objective.tex, variables: objective.variables, gradient: objective.gradient },
    ...(reference ? { reference } : {}),
    runs,
    surface,
    registry: registryInfo(),
    conventions: [...CONVENTIONS],
    settings: opts.settings ?? { animationSpeed: 1 },
    ...(opts.readonly ? { readonly: true } : {}),
  };
}

/** Records kept per run: longer runs are thinned by the run loop (first and last always kept). */
export { MAX_RECORDS };

/**
 * One optimizer's runs over several seeds as a mean line and band, on seed 0's recorded steps (the
 * run shown); runs thinned to different strides still line up by step.
 */
export function seedBand(traces: Trace[]): SeedSummary {
  const steps = traces[0].steps;
  return summarizeSeeds(traces.map(t => ({ loss: lossAtSteps(t, steps) })));
}

/**
 * The config's optimizers on `base` — once, or once per seed with gradient noise (seeds 0 … n − 1)
 * — through the one run loop: seed 0's traces, and the loss mean and band over seeds when there are
 * several. The panel and the CLI both run through here.
 */
export async function runConfigured(
  config: RunConfig,
  base: GradientSource,
  runOptions: Parameters<typeof runOptimizersAsync>[2],
): Promise<Result<{ traces: Trace[]; bands?: SeedSummary[] }>> {
  const specs = runSpecs(config);
  const seeds = config.noise && config.noise.sigma > 0 ? config.noise.seeds : 0;
  const sources: GradientSource[] = [];
  if (seeds === 0) {
    sources.push(base);
  } else {
    for (let seed = 0; seed < seeds; seed++) {
      const noisy = withGradientNoise(base, config.noise!.sigma, seed);
      if (!noisy.ok) return noisy;
      sources.push(noisy.value);
    }
  }
  const perSeed: Trace[][] = [];
  for (const source of sources) {
    const traces = await runOptimizersAsync(source, specs, runOptions);
    if (!traces.ok) return traces;
    perSeed.push(traces.value);
  }
  const bands = seeds > 1 ? specs.map((_, i) => seedBand(perSeed.map(r => r[i]))) : undefined;
  return ok({ traces: perSeed[0], ...(bands ? { bands } : {}) });
}

/** Runs the config and assembles the model; any request gives a value (an error value when it is malformed). */
export async function buildPanelModel(config: RunConfig, opts: BuildOptions = {}): Promise<Result<PanelModel>> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return fail(`the run configuration must be an object, got ${describeValue(config)}`);
  // Rebuilt and checked, but for mapVariables, which are checked against the parsed objective below.
  const shape = readRunConfig(config, { checkMapVariables: false });
  if (!shape.ok) return fail(shape.error);
  config = shape.value;
  const gridSize = opts.gridSize ?? DEFAULT_GRID;
  if (!Number.isInteger(gridSize) || gridSize < 2 || gridSize > LIMITS.maxGridSize)
    return fail(`gridSize must be a whole number from 2 to ${LIMITS.maxGridSize}, got ${describeValue(gridSize)}`);
  let objective: CompiledObjective;
  if (opts.data) {
    objective = opts.data.objective;
  } else {
    const parsed = parseObjective(config.expression);
    if (!parsed.ok) return parsed;
    objective = parsed.value;
  }
  const n = objective.variables.length;
  if (config.start.length !== n) {
    return fail(`the start point has ${config.start.length} coordinates but the expression has ${n} variables (${objective.variables.join(', ')})`);
  }
  const base: GradientSource = opts.data?.source ?? objectiveSource(objective.f, objective.grad, n, objective.valueAndGradient());
  // With more than two variables the panel offers the map pair, so a misfit is the person's to fix;
  // with one or two, one left over from an earlier objective is ignored (surfaceFor uses 0 and 1).
  if (n > 2 && config.mapVariables !== undefined) {
    const problem = mapVariablesProblem(config.mapVariables, n);
    if (problem) return fail(`${problem} (${objective.variables.join(', ')})`);
  }
  const runOptions = {
    start: config.start,
    steps: config.steps,
    maxRecords: MAX_RECORDS,
    ...(config.tolerance ? { tolerance: config.tolerance } : {}),
    signal: opts.signal,
    yieldToEventLoop: opts.yieldToEventLoop ?? (() => Promise.resolve()),
  };
  const runs = await runConfigured(config, base, runOptions);
  if (!runs.ok) return runs;
  const { traces, bands } = runs.value;
  const model = assemblePanelModel(config, objective, traces, {
    ...opts,
    ...(opts.data ? { surfaceLoss: (x: ArrayLike<number>) => opts.data!.source.loss(Float64Array.from(x)), reference: opts.reference ?? opts.data.reference } : {}),
    ...(bands ? { bands } : {}),
  });
  return ok(opts.data && config.data ? { ...model, data: dataSummary(opts.data, config.data, opts.data.objective.dataColumns) } : model);
}
