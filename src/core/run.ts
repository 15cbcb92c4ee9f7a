/**
 * THE optimizer loop. The panel, the CLI, the fuzzer and the benchmarks all call it, synchronously
 * (`runOptimizers`) or cooperatively (`runOptimizersAsync`); both drive the same `advance` function.
 *
 * Indexing: update t = 1, 2, … turns path[t−1] into path[t]. A record with step k holds
 *   path[k]         the parameters after k updates (k = 0 is the start point)
 *   loss[k]         f(path[k]) — the source's full objective, also for minibatch sources
 *   gradient[k]     the gradient at path[k] that update k+1 uses (for the last record: the gradient
 *                   update k+1 would use; for a stochastic source, that minibatch's gradient)
 *   delta[k]        path[k] − path[k−1], the actual step of update k (0 for k = 0)
 *   effectiveLr[k]  the effective learning rate of update k, as each rule defines it; k = 0 carries
 *                   update 1's values (the rate in force from the start), NaN if no update ran
 *   lr[k]           the scheduled learning rate of update k; k = 0 likewise carries update 1's
 *   epoch[k]        source.epochOf(k) for dataset sources
 *   evaluations[k]  objective-and-gradient evaluations made up to path[k]: 1 + k for every rule
 *                   that uses the one gradient per update, more for rules that evaluate f and ∇f
 *                   inside a step (L-BFGS, through `StepperEnv.evaluate`), less the loop's own
 *                   evaluations the rule's framework takes from its line search instead
 *                   (`Stepper.reusedEvaluations`, optax's L-BFGS)
 *   extraPath[k]    rules with a second point (ASGD's average): that point after k updates
 *                   (k = 0: the start point)
 *
 * Timing is a measurement, not part of a trace's value (identical runs give identical traces):
 * `recordTimes(trace)` gives the milliseconds the run spent in the loop up to each record, its own
 * compute time (in runOptimizersAsync the other runs' chunks and the yields are not counted).
 *
 * Which steps are recorded (memory is bounded whatever the step count): the records are
 * k = 0, S, 2S, 3S, … plus the last update, whatever stopped the run. S (`Trace.stride`) starts at
 * `every`; a run keeps at most `maxRecords` records (default MAX_RECORDS), and when its buffer is
 * full the records at odd multiples of S are dropped and S doubles. So the first and the last
 * records are always kept, the others are evenly spread, the result depends only on how many
 * updates ran, and runs of equal length (with the same `every`) record the same steps.
 *
 * Divergence (stop reason `diverged`), checked at the start point and after every update:
 *   - a non-finite parameter, loss or gradient;
 *   - |x_i| > maxAbsParam (default max(1e6, 1000·max|start_i|));
 *   - |f| > maxLoss (default max(1e20, 1e6·|f(start)|));
 *   - growth: f(path[t]) − f(start) > growthFactor · max(|f(start)|, 1) (default growthFactor 1e6)
 *     after each of `growthUpdates` consecutive updates (default 10). A loss that climbs a million
 *     times its starting scale and stays there is divergence even when the parameters and the loss
 *     are still far below the absolute limits (e.g. lr = 1e6 with Adam on a bowl).
 */
import { Result, fail, ok } from './result';
import { describeValue, formatPair } from './describe';
import { RULES, isConvention, isOptimizerId, resolveHyperparameters } from './optim/registry';
import { Convention, DEFAULT_CONVENTION, Hyperparameters, OptimizerId, Stepper, StepperEnv } from './optim/types';
import { CONSTANT_SCHEDULE, ScheduleSpec, learningRateAt, validateSchedule } from './schedule';
import { finiteOrNull, type StopReason } from './protocol';

const monotonic = (globalThis as { performance?: { now(): number } }).performance;
/** Milliseconds from a monotonic clock where there is one (Node, browsers, workers). */
const clock = (): number => (monotonic ? monotonic.now() : Date.now());

/** Each trace's record times (see the header), kept beside the trace rather than in it. */
const times = new WeakMap<Trace, Float64Array>();

/** Milliseconds of the run's own compute time up to each record (0 at k = 0); undefined for a trace this loop did not make. */
export function recordTimes(trace: Trace): Float64Array | undefined {
  return times.get(trace);
}

/** Records kept per run by default; longer runs are thinned (see the header). */
export const MAX_RECORDS = 10_000;
/** The largest step count a run accepts (steps are stored as unsigned 32-bit integers). */
export const MAX_STEPS = 0xffffffff;
/** Growth rule defaults (see the header). */
export const DEFAULT_GROWTH_FACTOR = 1e6;
export const DEFAULT_GROWTH_UPDATES = 10;

export interface GradientSource {
  dim: number;
  /** Loss recorded in the trace (the full objective). */
  loss(x: Float64Array): number;
  /** Gradient used for update t (1-based); may be stochastic. */
  gradient(x: Float64Array, t: number, out: Float64Array): void;
  /**
   * Optional: loss(x) returned and gradient(x, t, out) written in one call, with the same numbers
   * (an objective that shares the work between f and ∇f). The loop then calls this instead.
   */
  lossAndGradient?(x: Float64Array, t: number, out: Float64Array): number;
  /** Datasets: epoch of update t. */
  epochOf?(t: number): number;
}

export interface RunSpec {
  optimizer: OptimizerId;
  convention?: Convention;
  hyperparameters?: Record<string, unknown>;
  schedule?: ScheduleSpec;
  label?: string;
}

export interface RunOptions {
  start: ArrayLike<number>;
  /** Updates to apply, 0 to MAX_STEPS. */
  steps: number;
  /** Record every k-th step; the first and the last are always recorded. Default 1. */
  every?: number;
  /** Keep at most this many records per run (>= 2, default MAX_RECORDS); see the header. */
  maxRecords?: number;
  /**
   * Stop as `converged` when ‖∇f(path[k])‖₂ ≤ gradNorm, or when |f(path[k]) − f(path[k−1])| ≤ lossChange.
   * Both off by default: the panel shows the N steps asked for. The gradient is the one the next
   * update uses (the minibatch gradient for stochastic sources).
   */
  tolerance?: { gradNorm?: number; lossChange?: number };
  /**
   * Stop as `diverged`: see the header for the rules and defaults. `growthFactor: Infinity` turns
   * the growth rule off.
   */
  divergence?: { maxAbsParam?: number; maxLoss?: number; growthFactor?: number; growthUpdates?: number };
  /** Checked before every update; set `cancelled` to stop every run as `cancelled`. */
  signal?: { cancelled: boolean };
}

export interface AsyncRunOptions extends RunOptions {
  /** Updates per run between yields (default 2000). Runs advance round-robin, one chunk each. */
  yieldEvery?: number;
  yieldToEventLoop: () => Promise<void>;
}

/** Declared with the protocol (the panel shows it); re-exported for the loop's callers. */
export type { StopReason };

export interface Trace {
  optimizer: OptimizerId;
  convention: Convention;
  label: string;
  hyperparameters: Hyperparameters;
  schedule: ScheduleSpec;
  dim: number;
  /** Number of records. */
  count: number;
  /** k of each record (number of updates applied): 0, stride, 2·stride, … and the last update. */
  steps: Uint32Array;
  /** Spacing of the records (`every`, doubled each time the run was thinned to fit maxRecords). */
  stride: number;
  /** count×dim: parameters after k updates (k = 0 = start). */
  path: Float64Array;
  loss: Float64Array;
  /** count×dim: gradient at path[k] as used for update k+1. */
  gradient: Float64Array;
  /** count×dim: actual Δx of update k (0 at k = 0). */
  delta: Float64Array;
  /** count×dim: effective learning rate of update k (k = 0: update 1's). */
  effectiveLr: Float64Array;
  /** Scheduled learning rate of update k (k = 0: update 1's). */
  lr: Float64Array;
  epoch?: Uint32Array;
  /** Objective-and-gradient evaluations up to each record (1 + k unless the rule evaluates inside a step). */
  evaluations: Float64Array;
  /** count×dim: the rule's second point (`Stepper.extraPoint`, e.g. ASGD's average) at each record. */
  extraPath?: Float64Array;
  stop: { reason: StopReason; step: number; detail: string };
}

// ---------------------------------------------------------------------------------------------

interface ResolvedSpec {
  optimizer: OptimizerId;
  convention: Convention;
  label: string;
  hyperparameters: Hyperparameters;
  schedule: ScheduleSpec;
  baseLr: number;
}

interface Limits {
  steps: number;
  every: number;
  maxRecords: number;
  gradNorm: number; // NaN = off
  lossChange: number; // NaN = off
  maxAbsParam: number;
  maxLoss: number;
  /** f(start) + growthFactor·max(|f(start)|, 1); Infinity = off. Resolved per source (needs f(start)). */
  growthLimit: number;
  growthFactor: number;
  growthUpdates: number;
  signal: { cancelled: boolean } | undefined;
}

/** One run's state: buffers allocated once, records bounded by maxRecords. */
interface RunState {
  spec: ResolvedSpec;
  stepper: Stepper;
  x: Float64Array;
  /**
   * The point after update k is kept in `saved[k & 1]` (written by `updates` with its checks), so
   * `saved[(t − 1) & 1]` holds path[t − 1], which the record of step t needs for delta[t].
   */
  saved: [Float64Array, Float64Array];
  g: Float64Array;
  eff: Float64Array;
  t: number;
  /** Scheduled learning rate of update t (NaN before the first). */
  lastLr: number;
  loss: number;
  /** f(path[t − 1]) (for the loss-change tolerance). */
  previousLoss: number;
  /**
   * `updates`' loss, previous loss and scheduled learning rate while it runs. A double in a `let`
   * that the loop both reads back and assigns from the objective is kept as a heap number, a new
   * one per update.
   */
  losses: Float64Array;
  /** f(start). */
  startLoss: number;
  /** Consecutive updates so far whose loss is above the growth limit. */
  grown: number;
  count: number;
  /** Allocated records (min(maxRecords, records a full run needs)). */
  capacity: number;
  stride: number;
  lastRecorded: number;
  steps: Uint32Array;
  path: Float64Array;
  lossRec: Float64Array;
  gradRec: Float64Array;
  deltaRec: Float64Array;
  effRec: Float64Array;
  lrRec: Float64Array;
  epochRec: Uint32Array | undefined;
  evalRec: Float64Array;
  extraRec: Float64Array | undefined;
  /** Evaluations made through `StepperEnv.evaluate` (beyond the one per update). */
  extraEvaluations: number;
  timeRec: Float64Array;
  /** Compute time of the finished chunks of `advance`, and the clock when the current one began. */
  busyMs: number;
  chunkStart: number;
  stop: Trace['stop'] | undefined;
}

const fmtNum = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));
/** A name as typed (quoted) when it is a text, described otherwise. */
const nameText = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : describeValue(v));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalObject(v: unknown, name: string): Result<Record<string, unknown>> {
  if (v === undefined) return ok({});
  return isObject(v) ? ok(v) : fail(`${name} must be an object, got ${describeValue(v)}`);
}

function validateOptions(source: GradientSource, o: RunOptions): Result<Limits> {
  if (!isObject(source) || typeof source.loss !== 'function' || typeof source.gradient !== 'function')
    return fail(`the gradient source must be an object with loss and gradient functions, got ${describeValue(source)}`);
  if (!isObject(o)) return fail(`the run options must be an object, got ${describeValue(o)}`);
  const dim = source.dim;
  if (!Number.isInteger(dim) || dim < 1) return fail(`the objective must have at least one variable, got dimension ${describeValue(dim)}`);
  if (!Number.isInteger(o.steps) || o.steps < 0) return fail(`steps must be a whole number >= 0, got ${describeValue(o.steps)}`);
  if (o.steps > MAX_STEPS) return fail(`steps must be at most ${MAX_STEPS}, got ${describeValue(o.steps)}`);
  const every = o.every ?? 1;
  if (!Number.isInteger(every) || every < 1) return fail(`every must be a whole number >= 1, got ${describeValue(every)}`);
  const maxRecords = o.maxRecords ?? MAX_RECORDS;
  if (!Number.isInteger(maxRecords) || maxRecords < 2 || maxRecords > MAX_STEPS)
    return fail(`maxRecords must be a whole number from 2 to ${MAX_STEPS}, got ${describeValue(maxRecords)}`);
  const start = o.start as unknown;
  if (!(Array.isArray(start) || ArrayBuffer.isView(start)))
    return fail(`the start point must be a list of numbers, got ${describeValue(start)}`);
  if (o.start.length !== dim) return fail(`the start point has ${o.start.length} coordinates but the objective has ${dim} variables`);
  let maxStart = 0;
  for (let i = 0; i < dim; i++) {
    const v = o.start[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`start coordinate ${i + 1} must be a finite number, got ${describeValue(v)}`);
    maxStart = Math.max(maxStart, Math.abs(v));
  }
  const tol = optionalObject(o.tolerance, 'tolerance');
  if (!tol.ok) return tol;
  for (const name of ['gradNorm', 'lossChange'] as const) {
    const v = tol.value[name];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
      return fail(`tolerance.${name} must be a finite number >= 0, got ${describeValue(v)}`);
  }
  const div = optionalObject(o.divergence, 'divergence');
  if (!div.ok) return div;
  for (const name of ['maxAbsParam', 'maxLoss', 'growthFactor'] as const) {
    const v = div.value[name];
    if (v !== undefined && !(typeof v === 'number' && v > 0)) return fail(`divergence.${name} must be a number > 0, got ${describeValue(v)}`);
  }
  const growthUpdates = div.value.growthUpdates ?? DEFAULT_GROWTH_UPDATES;
  if (!Number.isInteger(growthUpdates) || (growthUpdates as number) < 1)
    return fail(`divergence.growthUpdates must be a whole number >= 1, got ${describeValue(growthUpdates)}`);
  if (o.signal !== undefined && !isObject(o.signal)) return fail(`signal must be an object { cancelled }, got ${describeValue(o.signal)}`);
  return ok({
    steps: o.steps,
    every,
    maxRecords,
    gradNorm: (tol.value.gradNorm as number | undefined) ?? NaN,
    lossChange: (tol.value.lossChange as number | undefined) ?? NaN,
    maxAbsParam: (div.value.maxAbsParam as number | undefined) ?? Math.max(1e6, 1000 * maxStart),
    maxLoss: (div.value.maxLoss as number | undefined) ?? NaN, // resolved per source below (needs f(start))
    growthFactor: (div.value.growthFactor as number | undefined) ?? DEFAULT_GROWTH_FACTOR,
    growthLimit: NaN, // likewise
    growthUpdates: growthUpdates as number,
    signal: o.signal,
  });
}

function resolveSpecs(specs: RunSpec[]): Result<ResolvedSpec[]> {
  if (!Array.isArray(specs)) return fail(`the runs must be a list of { optimizer, … }, got ${describeValue(specs)}`);
  const out: ResolvedSpec[] = [];
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i] as unknown;
    if (!isObject(s)) return fail(`run ${i + 1} must be an object { optimizer, … }, got ${describeValue(s)}`);
    const where = `run ${i + 1} (${typeof s.optimizer === 'string' ? s.optimizer.slice(0, 40) : describeValue(s.optimizer)})`;
    if (typeof s.optimizer !== 'string' || !isOptimizerId(s.optimizer)) {
      return fail(`${where}: unknown optimizer ${nameText(s.optimizer)} (known: ${Object.keys(RULES).join(', ')})`);
    }
    const convention = s.convention ?? DEFAULT_CONVENTION;
    if (typeof convention !== 'string' || !isConvention(convention))
      return fail(`${where}: unknown convention ${nameText(convention)} (known: pytorch, keras, optax)`);
    if (s.hyperparameters !== undefined && s.hyperparameters !== null && !isObject(s.hyperparameters))
      return fail(`${where}: hyperparameters must be an object, got ${describeValue(s.hyperparameters)}`);
    const hp = resolveHyperparameters(s.optimizer, convention, (s.hyperparameters ?? {}) as Record<string, unknown>);
    if (!hp.ok) return fail(`${where}: ${hp.error.message}`);
    const scheduleIn = s.schedule ?? CONSTANT_SCHEDULE;
    if (!isObject(scheduleIn)) return fail(`${where}: the schedule must be an object with a kind, got ${describeValue(scheduleIn)}`);
    const schedule = validateSchedule(scheduleIn as unknown as ScheduleSpec);
    if (!schedule.ok) return fail(`${where}: ${schedule.error.message}`);
    if (s.label !== undefined && typeof s.label !== 'string') return fail(`${where}: label must be a text, got ${describeValue(s.label)}`);
    const rule = RULES[s.optimizer];
    out.push({
      optimizer: s.optimizer,
      convention,
      label: s.label ?? `${rule.label} (${convention})`,
      hyperparameters: hp.value,
      schedule: schedule.value,
      baseLr: hp.value.lr as number,
    });
  }
  return ok(out);
}

/** Number of records a run of `steps` updates recorded every `every` can produce (unbounded). */
function recordCapacity(steps: number, every: number): number {
  return Math.floor(steps / every) + 1 + (steps % every === 0 ? 0 : 1);
}

/**
 * Drops the records at odd multiples of the stride and doubles it. Every record held is a regular
 * one (k = i·stride for record i): the last record of a run is written after the final compaction.
 */
function compact(run: RunState): void {
  const dim = run.x.length;
  let kept = 0;
  for (let c = 0; c < run.count; c += 2, kept++) {
    if (c === kept) continue;
    run.steps[kept] = run.steps[c];
    run.lossRec[kept] = run.lossRec[c];
    run.lrRec[kept] = run.lrRec[c];
    if (run.epochRec) run.epochRec[kept] = run.epochRec[c];
    run.evalRec[kept] = run.evalRec[c];
    run.timeRec[kept] = run.timeRec[c];
    // Element by element: copyWithin is a runtime call each time, most of the cost for a few coordinates.
    const from = c * dim, to = kept * dim;
    for (let j = 0; j < dim; j++) {
      if (run.extraRec) run.extraRec[to + j] = run.extraRec[from + j];
      run.path[to + j] = run.path[from + j];
      run.gradRec[to + j] = run.gradRec[from + j];
      run.deltaRec[to + j] = run.deltaRec[from + j];
      run.effRec[to + j] = run.effRec[from + j];
    }
  }
  run.count = kept;
  run.stride *= 2;
}

/** Records path[k] (the current state): a regular record if k is a multiple of the stride, or the last one. */
function record(run: RunState, k: number, lr: number, source: GradientSource, last: boolean): void {
  if (run.count === run.capacity) {
    compact(run);
    if (!last && k % run.stride !== 0) return;
  }
  const dim = run.x.length;
  const c = run.count++;
  const o = c * dim;
  const previous = run.saved[(k - 1) & 1];
  run.steps[c] = k;
  run.lossRec[c] = run.loss;
  run.lrRec[c] = lr;
  for (let i = 0; i < dim; i++) {
    run.path[o + i] = run.x[i];
    run.gradRec[o + i] = run.g[i];
    run.deltaRec[o + i] = k === 0 ? 0 : run.x[i] - previous[i];
    run.effRec[o + i] = k === 0 ? NaN : run.eff[i];
  }
  if (run.epochRec && source.epochOf) run.epochRec[c] = source.epochOf(k);
  run.evalRec[c] = 1 + k + run.extraEvaluations - (run.stepper.reusedEvaluations ?? 0);
  run.timeRec[c] = k === 0 ? 0 : run.busyMs + (clock() - run.chunkStart);
  const extra = run.stepper.extraPoint;
  if (run.extraRec && extra) run.extraRec.set(k === 0 ? run.x : extra, o);
  run.lastRecorded = k;
}

function finish(run: RunState, reason: StopReason, detail: string, lr: number, source: GradientSource): void {
  if (run.lastRecorded !== run.t) record(run, run.t, lr, source, true);
  run.stop = { reason, step: run.t, detail };
}

/** "a exceeds b" with both printed so that the comparison reads true. */
function exceeds(what: string, value: number, limit: number): string {
  const [a, b] = formatPair(value, limit);
  return `${what} = ${a} exceeds ${b}`;
}

/** Why path[t] counts as diverged, or undefined. Updates the growth counter. */
function divergence(run: RunState, limits: Limits): string | undefined {
  const { x, g, loss } = run;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(Math.abs(v) <= limits.maxAbsParam)) {
      return Number.isFinite(v)
        ? `${exceeds(`|x${i + 1}|`, Math.abs(v), limits.maxAbsParam)} after ${run.t} updates`
        : `x${i + 1} became ${v} after ${run.t} updates`;
    }
  }
  if (!Number.isFinite(loss)) return `the loss became ${loss} after ${run.t} updates`;
  if (Math.abs(loss) > limits.maxLoss) return `${exceeds('|loss|', Math.abs(loss), limits.maxLoss)} after ${run.t} updates`;
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g[i])) return `gradient component ${i + 1} became ${g[i]} after ${run.t} updates`;
  }
  if (loss > limits.growthLimit) {
    run.grown++;
    if (run.grown >= limits.growthUpdates) {
      const [a, b] = formatPair(loss, limits.growthLimit);
      const span = limits.growthUpdates === 1 ? 'after an update' : `for ${limits.growthUpdates} updates in a row`;
      return `the loss rose above ${b} (f(start) = ${fmtNum(run.startLoss)} plus ${fmtNum(limits.growthFactor)}·max(|f(start)|, 1)) ${span}, reaching ${a} after ${run.t} updates`;
    }
  } else {
    run.grown = 0;
  }
  return undefined;
}

function startRun(spec: ResolvedSpec, source: GradientSource, start: ArrayLike<number>, limits: Limits): RunState {
  const dim = source.dim;
  const capacity = Math.min(limits.maxRecords, recordCapacity(limits.steps, limits.every));
  // Rules that evaluate f and ∇f inside a step (L-BFGS) do it through this, and every call counts.
  const env: StepperEnv = {
    evaluate(x, gradient, t) {
      run.extraEvaluations++;
      source.gradient(x, t, gradient);
      return source.loss(x);
    },
  };
  const stepper = RULES[spec.optimizer].create(dim, spec.hyperparameters, spec.convention, env);
  const run: RunState = {
    spec,
    stepper,
    x: Float64Array.from(start),
    saved: [new Float64Array(dim), new Float64Array(dim)],
    g: new Float64Array(dim),
    eff: new Float64Array(dim),
    t: 0,
    lastLr: NaN,
    previousLoss: NaN,
    losses: new Float64Array(3),
    loss: NaN,
    startLoss: NaN,
    grown: 0,
    count: 0,
    capacity,
    stride: limits.every,
    lastRecorded: -1,
    steps: new Uint32Array(capacity),
    path: new Float64Array(capacity * dim),
    lossRec: new Float64Array(capacity),
    gradRec: new Float64Array(capacity * dim),
    deltaRec: new Float64Array(capacity * dim),
    effRec: new Float64Array(capacity * dim),
    lrRec: new Float64Array(capacity),
    epochRec: source.epochOf ? new Uint32Array(capacity) : undefined,
    evalRec: new Float64Array(capacity),
    extraRec: stepper.extraPoint ? new Float64Array(capacity * dim) : undefined,
    extraEvaluations: 0,
    timeRec: new Float64Array(capacity),
    busyMs: 0,
    chunkStart: clock(),
    stop: undefined,
  };
  run.loss = source.loss(run.x);
  run.startLoss = run.loss;
  source.gradient(run.x, 1, run.g);
  record(run, 0, NaN, source, limits.steps === 0);
  const bad = divergence(run, limits);
  if (bad) {
    run.stop = { reason: 'diverged', step: 0, detail: `at the start point: ${bad.replace(/ after 0 updates$/, '')}` };
  } else if (limits.gradNorm === limits.gradNorm && norm2(run.g) <= limits.gradNorm) {
    run.stop = { reason: 'converged', step: 0, detail: `‖∇f‖ = ${fmtNum(norm2(run.g))} <= ${fmtNum(limits.gradNorm)} at the start point` };
  } else if (limits.steps === 0) {
    run.stop = { reason: 'max-steps', step: 0, detail: 'no updates requested' };
  }
  return run;
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * The hot part of THE loop: applies updates run.t + 1 … up to `target`, and returns after the
 * update that reaches it, or earlier after an update that needs a closer look (a divergence limit
 * tripped or the loss is above the growth limit, or a convergence tolerance is met), or before an
 * update when the run is cancelled. The divergence limits are bare comparisons here; `advance`
 * applies the full rules to the update it stopped after. Kept small so that V8 inlines the stepper
 * and the objective into it (no boxed numbers per update).
 *
 * Returns the number of updates applied so far, t, or −1 − t when the run was cancelled; the
 * loss, the previous loss and the learning rate are left in `run.losses` (`stretch` stores them).
 * Nothing after the loop reads or writes a property: V8 optimizes the loop while it runs, before
 * the code after it has ever run, and a property access there without type feedback would throw
 * the optimized loop away at the end of every stretch.
 */
function updates(run: RunState, source: GradientSource, limits: Limits, target: number): number {
  const { x, saved, g, eff, stepper } = run;
  const dim = x.length;
  // Called as a method of `source` (the same object and function in every stretch): a bound copy
  // made per call would be a new call target each stretch, and V8 would stop inlining it.
  const fused = source.lossAndGradient !== undefined ? (source as Required<Pick<GradientSource, 'lossAndGradient'>>) : undefined;
  const { schedule, baseLr } = run.spec;
  const constantLr = schedule.kind === 'constant';
  const { signal, maxAbsParam, maxLoss, growthLimit, gradNorm, lossChange } = limits;
  const [even, odd] = saved;
  let t = run.t;
  const losses = run.losses;
  losses[0] = run.loss;
  losses[1] = run.previousLoss;
  losses[2] = run.lastLr;
  const start = (t & 1) === 0 ? even : odd;
  for (let i = 0; i < dim; i++) start[i] = x[i];
  let cancelled = false;
  while (t < target) {
    if (signal !== undefined && signal.cancelled) {
      cancelled = true;
      break;
    }
    t++;
    const lr = constantLr ? baseLr : learningRateAt(schedule, baseLr, t);
    losses[2] = lr;
    stepper.step(x, g, t, lr, eff, losses[0]);
    losses[1] = losses[0];
    if (fused !== undefined) {
      losses[0] = fused.lossAndGradient(x, t + 1, g);
    } else {
      losses[0] = source.loss(x);
      source.gradient(x, t + 1, g);
    }
    const loss = losses[0];
    // v − v === 0 holds only for finite v; NaN fails every comparison
    let fine = loss - loss === 0 && Math.abs(loss) <= maxLoss && loss <= growthLimit;
    // One pass keeps path[t] (for the next record's delta) and sums |x_i| + (g_i − g_i): a finite
    // sum ≤ maxAbsParam means every x_i and g_i is finite and every |x_i| ≤ maxAbsParam (a
    // rounded sum of non-negative terms is at least each term), so the coordinates are looked at
    // one by one only when it is not.
    const keep = (t & 1) === 0 ? even : odd;
    let sum = 0;
    for (let i = 0; i < dim; i++) {
      const xi = x[i];
      keep[i] = xi;
      sum += Math.abs(xi) + (g[i] - g[i]);
    }
    if (!(sum <= maxAbsParam && sum - sum === 0))
      for (let i = 0; fine && i < dim; i++) fine = x[i] - x[i] === 0 && Math.abs(x[i]) <= maxAbsParam && g[i] - g[i] === 0;
    if (!fine) break;
    run.grown = 0;
    if (stepper.stopReason !== undefined) break;
    if (gradNorm === gradNorm && norm2(g) <= gradNorm) break;
    if (lossChange === lossChange && Math.abs(loss - losses[1]) <= lossChange) break;
  }
  return cancelled ? -1 - t : t;
}

/** Runs `updates` up to `target` and stores where it stopped in `run`; false when the run was cancelled. */
function stretch(run: RunState, source: GradientSource, limits: Limits, target: number): boolean {
  const r = updates(run, source, limits, target);
  const losses = run.losses;
  run.t = r < 0 ? -1 - r : r;
  run.lastLr = losses[2];
  run.loss = losses[0];
  run.previousLoss = losses[1];
  return r >= 0;
}

/**
 * THE loop: applies up to `budget` updates to one run, recording and checking for the stop
 * conditions. Both entry points call this; nothing else steps an optimizer. `updates` does the
 * stepping in stretches up to the next recorded step; after each stretch the last update gets the
 * full checks here, in the header's order: divergence, the tolerances, the record.
 */
function advance(run: RunState, source: GradientSource, limits: Limits, budget: number): void {
  if (run.stop) return;
  run.chunkStart = clock();
  try {
    advanceChunk(run, source, limits, budget);
  } finally {
    run.busyMs += clock() - run.chunkStart;
  }
}

/** `advance`'s body (timed by `advance`). */
function advanceChunk(run: RunState, source: GradientSource, limits: Limits, budget: number): void {
  const end = Math.min(limits.steps, run.t + budget);
  while (run.t < end) {
    const first = run.t === 0;
    const nextRecord = run.t - (run.t % run.stride) + run.stride;
    if (!stretch(run, source, limits, first ? 1 : Math.min(end, nextRecord))) {
      finish(run, 'cancelled', `cancelled after ${run.t} updates`, run.lastLr, source);
      return;
    }
    const { t, lastLr: lr } = run;
    if (first) {
      // Record 0 carries the rate in force from the start (see the header).
      run.lrRec[0] = lr;
      for (let i = 0; i < run.eff.length; i++) run.effRec[i] = run.eff[i];
    }
    const bad = divergence(run, limits);
    if (bad !== undefined) {
      finish(run, 'diverged', bad, lr, source);
      return;
    }
    const { stopReason, stopKind } = run.stepper;
    if (stopReason !== undefined) {
      finish(run, stopKind ?? 'stalled', `${stopReason} after ${t} updates`, lr, source);
      return;
    }
    if (limits.gradNorm === limits.gradNorm) {
      const n = norm2(run.g);
      if (n <= limits.gradNorm) {
        finish(run, 'converged', `‖∇f‖ = ${fmtNum(n)} <= ${fmtNum(limits.gradNorm)} after ${t} updates`, lr, source);
        return;
      }
    }
    if (limits.lossChange === limits.lossChange) {
      const change = Math.abs(run.loss - run.previousLoss);
      if (change <= limits.lossChange) {
        finish(run, 'converged', `|Δloss| = ${fmtNum(change)} <= ${fmtNum(limits.lossChange)} after ${t} updates`, lr, source);
        return;
      }
    }
    if (t === limits.steps) record(run, t, lr, source, true);
    else if (t % run.stride === 0) record(run, t, lr, source, false);
  }
  if (run.t >= limits.steps) finish(run, 'max-steps', `${limits.steps} updates`, run.lastLr, source);
}

function toTrace(run: RunState): Trace {
  const { spec, count } = run;
  const dim = run.x.length;
  const cap = run.capacity;
  // Early stops and thinning leave the records partly empty; copy to the used length.
  const cut = <T extends Float64Array | Uint32Array>(a: T, per: number): T => (count === cap ? a : (a.slice(0, count * per) as T));
  const stop = run.stop ?? { reason: 'cancelled' as const, step: run.t, detail: `cancelled after ${run.t} updates` };
  const trace: Trace = {
    optimizer: spec.optimizer,
    convention: spec.convention,
    label: spec.label,
    hyperparameters: spec.hyperparameters,
    schedule: spec.schedule,
    dim,
    count,
    steps: cut(run.steps, 1),
    stride: run.stride,
    path: cut(run.path, dim),
    loss: cut(run.lossRec, 1),
    gradient: cut(run.gradRec, dim),
    delta: cut(run.deltaRec, dim),
    effectiveLr: cut(run.effRec, dim),
    lr: cut(run.lrRec, 1),
    ...(run.epochRec ? { epoch: cut(run.epochRec, 1) } : {}),
    evaluations: cut(run.evalRec, 1),
    ...(run.extraRec ? { extraPath: cut(run.extraRec, dim) } : {}),
    stop,
  };
  times.set(trace, cut(run.timeRec, 1));
  return trace;
}

function prepare(source: GradientSource, specs: RunSpec[], options: RunOptions): Result<{ runs: RunState[]; limits: Limits }> {
  const limits = validateOptions(source, options);
  if (!limits.ok) return limits;
  const resolved = resolveSpecs(specs);
  if (!resolved.ok) return resolved;
  const l = withStartLoss(limits.value, source, options.start);
  return ok({ runs: resolved.value.map(s => startRun(s, source, options.start, l)), limits: l });
}

/** The limits that depend on f(start) (see the header), resolved in place. */
function withStartLoss(l: Limits, source: GradientSource, start: ArrayLike<number>): Limits {
  const f0 = source.loss(Float64Array.from(start));
  if (Number.isNaN(l.maxLoss)) l.maxLoss = Number.isFinite(f0) ? Math.max(1e20, 1e6 * Math.abs(f0)) : 1e20;
  l.growthLimit = Number.isFinite(f0) ? f0 + l.growthFactor * Math.max(Math.abs(f0), 1) : Infinity;
  return l;
}

/** An exception from the caller's objective (or a defect here) as an error value, never thrown. */
function unexpected(e: unknown): Result<never> {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : describeValue(e);
  return fail(`the run stopped on an unexpected error (${message})`);
}

/** Runs every spec from the same start; all specs are validated before any runs. Never throws. */
export function runOptimizers(source: GradientSource, specs: RunSpec[], options: RunOptions): Result<Trace[]> {
  try {
    const prepared = prepare(source, specs, options);
    if (!prepared.ok) return prepared;
    const { runs, limits } = prepared.value;
    for (const run of runs) advance(run, source, limits, Infinity);
    return ok(runs.map(toTrace));
  } catch (e) {
    return unexpected(e);
  }
}

/** Where a run of `runFromStarts` ended. Views into buffers of that run: copy what you keep. */
export interface RunEnd {
  x: Float64Array;
  loss: number;
  /** The gradient at x (the one the next update would use). */
  gradient: Float64Array;
  stop: Trace['stop'];
}

/**
 * The same loop from many start points with one spec, keeping no records (basin maps and other
 * grids of runs): the spec is resolved once, each start's limits are checked as `runOptimizers`
 * checks them, and `visit(i, end)` receives each run's end instead of a trace. Cancelled through
 * `options.signal` (the run in progress ends as `cancelled` and no further start runs). Returns
 * the number of runs made. Never throws.
 */
export function runFromStarts(
  source: GradientSource,
  spec: RunSpec,
  starts: readonly ArrayLike<number>[],
  options: Omit<RunOptions, 'start' | 'every' | 'maxRecords'>,
  visit: (index: number, end: RunEnd) => void,
): Result<number> {
  try {
    if (!Array.isArray(starts)) return fail(`the start points must be a list, got ${describeValue(starts)}`);
    const resolved = resolveSpecs([spec]);
    if (!resolved.ok) return resolved;
    for (let i = 0; i < starts.length; i++) {
      const limits = validateOptions(source, { ...options, start: starts[i], maxRecords: 2 });
      if (!limits.ok) return fail(`start ${i + 1}: ${limits.error.message}`);
      const l = withStartLoss(limits.value, source, starts[i]);
      const run = startRun(resolved.value[0], source, starts[i], l);
      advance(run, source, l, Infinity);
      const stop = run.stop ?? { reason: 'cancelled' as const, step: run.t, detail: `cancelled after ${run.t} updates` };
      visit(i, { x: run.x, loss: run.loss, gradient: run.g, stop });
      if (stop.reason === 'cancelled') return ok(i + 1);
    }
    return ok(starts.length);
  } catch (e) {
    return unexpected(e);
  }
}

/** The same loop in chunks of `yieldEvery` updates per run, yielding in between; cancellable. Never rejects. */
export async function runOptimizersAsync(source: GradientSource, specs: RunSpec[], options: AsyncRunOptions): Promise<Result<Trace[]>> {
  try {
    if (!isObject(options)) return fail(`the run options must be an object, got ${describeValue(options)}`);
    const yieldEvery = options.yieldEvery ?? 2000;
    if (!Number.isInteger(yieldEvery) || yieldEvery < 1) return fail(`yieldEvery must be a whole number >= 1, got ${describeValue(yieldEvery)}`);
    if (typeof options.yieldToEventLoop !== 'function') return fail(`yieldToEventLoop must be a function, got ${describeValue(options.yieldToEventLoop)}`);
    const prepared = prepare(source, specs, options);
    if (!prepared.ok) return prepared;
    const { runs, limits } = prepared.value;
    for (;;) {
      let active = 0;
      for (const run of runs) {
        if (run.stop) continue;
        advance(run, source, limits, yieldEvery);
        if (!run.stop) active++;
      }
      if (active === 0) break;
      await options.yieldToEventLoop();
    }
    return ok(runs.map(toTrace));
  } catch (e) {
    return unexpected(e);
  }
}

/**
 * `trace.loss` at the given steps, NaN where the trace has no record of that step. Lines up runs
 * thinned to different strides (e.g. noise seeds that stopped at different updates) on one set of steps.
 */
export function lossAtSteps(trace: Pick<Trace, 'steps' | 'loss'>, steps: ArrayLike<number>): Float64Array {
  const out = new Float64Array(steps.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < steps.length; i++) {
    while (j < trace.steps.length && trace.steps[j] < steps[i]) j++;
    if (j < trace.steps.length && trace.steps[j] === steps[i]) out[i] = trace.loss[j];
  }
  return out;
}

/**
 * A deterministic objective as a GradientSource (the gradient ignores t); `valueAndGradient`, when
 * given, returns f and fills the gradient in one call (the loop's per-update evaluation).
 */
export function objectiveSource(
  f: (x: ArrayLike<number>) => number,
  grad: (x: ArrayLike<number>, out: Float64Array) => void,
  dim: number,
  valueAndGradient?: (x: ArrayLike<number>, out: Float64Array) => number,
): GradientSource {
  const source: GradientSource = { dim, loss: x => f(x), gradient: (x, _t, out) => grad(x, out) };
  if (valueAndGradient) source.lossAndGradient = (x, _t, out) => valueAndGradient(x, out);
  return source;
}

export interface TraceJson {
  optimizer: OptimizerId;
  convention: Convention;
  label: string;
  hyperparameters: Hyperparameters;
  /**
   * Present when the records are not 0, 1, 2, … (thinned with `every`, or automatically above
   * maxRecords): the spacing of the records and the step number of each record.
   */
  stride?: number;
  steps?: number[];
  path: (number | null)[][];
  loss: (number | null)[];
  effectiveLr: (number | null)[][];
  stop: Trace['stop'];
  /**
   * Objective-and-gradient evaluations up to each record (see `Trace.evaluations`): present when the
   * rule evaluated inside its steps (otherwise it is 1 + the step number), and with `{ detail: true }`.
   */
  evaluations?: number[];
  /** Rules with a second point (ASGD's average): that point at each record. */
  extraPath?: (number | null)[][];
  /** With `{ detail: true }`: the rest of the trace. */
  schedule?: ScheduleSpec;
  gradient?: (number | null)[][];
  delta?: (number | null)[][];
  lr?: (number | null)[];
  epoch?: number[];
}

function rows(a: Float64Array, count: number, dim: number): (number | null)[][] {
  const out: (number | null)[][] = new Array<(number | null)[]>(count);
  for (let c = 0; c < count; c++) {
    const r = new Array<number | null>(dim);
    for (let i = 0; i < dim; i++) r[i] = finiteOrNull(a[c * dim + i]);
    out[c] = r;
  }
  return out;
}

/**
 * Plain JSON (non-finite numbers → null, as JSON cannot carry them). The default shape is the CLI's
 * `runs[i]`: optimizer, convention, hyperparameters, path, loss, effectiveLr, stop (+ label, and
 * stride and steps when thinned); `{ detail: true }` adds schedule, gradient, delta, lr and epoch.
 */
export function traceToJson(t: Trace, opts: { detail?: boolean } = {}): TraceJson {
  let contiguous = true;
  for (let c = 0; c < t.count; c++) if (t.steps[c] !== c) { contiguous = false; break; }
  const json: TraceJson = {
    optimizer: t.optimizer,
    convention: t.convention,
    label: t.label,
    hyperparameters: { ...t.hyperparameters },
    ...(contiguous ? {} : { stride: t.stride, steps: Array.from(t.steps) }),
    path: rows(t.path, t.count, t.dim),
    loss: Array.from(t.loss, finiteOrNull),
    effectiveLr: rows(t.effectiveLr, t.count, t.dim),
    stop: { ...t.stop },
    ...(t.extraPath ? { extraPath: rows(t.extraPath, t.count, t.dim) } : {}),
  };
  let extraEvaluations = false;
  for (let c = 0; c < t.count; c++) if (t.evaluations[c] !== 1 + t.steps[c]) { extraEvaluations = true; break; }
  if (extraEvaluations || opts.detail) json.evaluations = Array.from(t.evaluations);
  if (opts.detail) {
    json.schedule = t.schedule;
    json.gradient = rows(t.gradient, t.count, t.dim);
    json.delta = rows(t.delta, t.count, t.dim);
    json.lr = Array.from(t.lr, finiteOrNull);
    if (t.epoch) json.epoch = Array.from(t.epoch);
  }
  return json;
}
