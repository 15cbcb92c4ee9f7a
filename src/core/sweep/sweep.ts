/**
 * Learning-rate sweeps: every (optimizer, learning rate) pair of a log grid runs from the same
 * start through the one run loop (src/core/run.ts); each point keeps its final and best loss,
 * whether it diverged, and the steps it took to reach a target loss.
 *
 * The work splits by learning rate: `sweepSlice` runs some grid indices (in a worker, say) and
 * returns plain samples; `assembleSweep` turns the samples of all slices into the result. `runSweep`
 * and `runSweepAsync` do both in this thread. Cancellation: the token is the loop's `signal`,
 * checked before every update, so a sweep stops within one update of the token being set (a token
 * backed by shared memory can be set from another thread while this one runs).
 */
import { describeValue } from '../describe';
import { isConvention, isOptimizerId } from '../optim/registry';
import { Convention, DEFAULT_CONVENTION, OptimizerId } from '../optim/types';
import { fail, ok, Result } from '../result';
import { GradientSource, MAX_RECORDS, RunOptions, RunSpec, runOptimizers, runOptimizersAsync, StopReason } from '../run';
import { RULES } from '../optim/registry';
import { BatchCost, gradientEvaluations } from './budget';
import { checkBudget, DEFAULT_LR_GRID, lrGridValues, validateLrGrid } from './grid';
import type { CancelToken, LrGrid, SweepOptimizer, SweepPoint, SweepProgress, SweepResult, SweepRun, TargetLoss } from './types';

export interface SweepConfig {
  source: GradientSource;
  start: ArrayLike<number>;
  optimizers: SweepOptimizer[];
  /** Default DEFAULT_LR_GRID (1e-5 … 10, 25 points). */
  grid?: LrGrid;
  /** Updates per run. */
  steps: number;
  /** The loss `stepsToTarget` counts to; default: see TargetLoss. */
  targetLoss?: number;
  /** The objective's known minimum value (presets), for the default target. */
  minimumValue?: number;
  /** Datasets: rows drawn per update, for the gradient-evaluation counts. */
  cost?: BatchCost;
  signal?: CancelToken;
  onProgress?: SweepProgress;
}

/** One finished (optimizer, lr) run as a worker returns it: plain numbers and typed arrays. */
export interface SweepSample {
  optimizerIndex: number;
  lrIndex: number;
  finalLoss: number;
  bestLoss: number;
  stop: StopReason;
  steps: number;
  /** Evaluations a rule made inside its steps (L-BFGS), beyond one gradient per update. */
  extraEvaluations: number;
  /** The run's recorded steps and losses (for the target, which may depend on every run). */
  recordSteps: Uint32Array;
  recordLoss: Float64Array;
  elapsedMs: number;
}

/** A checked sweep: the grid's values and one run spec per optimizer (without lr). */
export interface CheckedSweep {
  grid: number[];
  optimizers: { optimizer: OptimizerId; convention: Convention; hyperparameters: Record<string, unknown>; label: string }[];
  steps: number;
}

const clock = (globalThis as { performance?: { now(): number } }).performance;
/** Milliseconds from a monotonic clock where there is one (Node, browsers, workers). */
export const now = (): number => (clock ? clock.now() : Date.now());
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every check of a sweep request, in one place: grid, optimizers, budget. */
export function checkSweep(config: SweepConfig): Result<CheckedSweep> {
  if (!isObject(config)) return fail(`the sweep must be an object { source, start, optimizers, grid, steps }, got ${describeValue(config)}`);
  const grid = validateLrGrid(config.grid ?? DEFAULT_LR_GRID);
  if (!grid.ok) return grid;
  if (!Array.isArray(config.optimizers) || config.optimizers.length === 0) return fail(`optimizers must be a non-empty list of { optimizer, convention }, got ${describeValue(config.optimizers)}`);
  const optimizers: CheckedSweep['optimizers'] = [];
  for (const [i, o] of config.optimizers.entries()) {
    if (!isObject(o) || typeof o.optimizer !== 'string' || !isOptimizerId(o.optimizer)) return fail(`optimizers[${i}]: unknown optimizer ${describeValue(isObject(o) ? o.optimizer : o)} (known: ${Object.keys(RULES).join(', ')})`);
    const convention = o.convention ?? DEFAULT_CONVENTION;
    if (typeof convention !== 'string' || !isConvention(convention)) return fail(`optimizers[${i}] (${o.optimizer}): unknown convention ${describeValue(convention)}`);
    if (o.hyperparameters !== undefined && !isObject(o.hyperparameters)) return fail(`optimizers[${i}] (${o.optimizer}): hyperparameters must be an object, got ${describeValue(o.hyperparameters)}`);
    const hyperparameters = { ...(o.hyperparameters ?? {}) };
    delete hyperparameters.lr;
    optimizers.push({ optimizer: o.optimizer, convention, hyperparameters, label: `${RULES[o.optimizer].label} (${convention})` });
  }
  const steps = checkBudget(optimizers.length * grid.value.n, config.steps, `${optimizers.length} optimizer${optimizers.length === 1 ? '' : 's'} × ${grid.value.n} learning rates`);
  if (!steps.ok) return steps;
  if (config.targetLoss !== undefined && !(typeof config.targetLoss === 'number' && Number.isFinite(config.targetLoss))) return fail(`targetLoss must be a finite number, got ${describeValue(config.targetLoss)}`);
  return ok({ grid: lrGridValues(grid.value), optimizers, steps: steps.value });
}

function runOptions(config: SweepConfig, steps: number): RunOptions {
  // Every step recorded up to MAX_RECORDS (exact stepsToTarget and bestLoss), thinned beyond.
  return { start: config.start, steps, maxRecords: Math.min(steps + 1, MAX_RECORDS), ...(config.signal ? { signal: config.signal } : {}) };
}

function specAt(checked: CheckedSweep, optimizerIndex: number, lr: number): RunSpec {
  const o = checked.optimizers[optimizerIndex];
  return { optimizer: o.optimizer, convention: o.convention, hyperparameters: { ...o.hyperparameters, lr }, label: o.label };
}

function sampleOf(trace: { count: number; loss: Float64Array; steps: Uint32Array; evaluations?: Float64Array; stop: { reason: StopReason; step: number } }, optimizerIndex: number, lrIndex: number, elapsedMs: number): SweepSample {
  let best = Infinity;
  for (let i = 0; i < trace.count; i++) if (trace.loss[i] < best) best = trace.loss[i];
  return {
    optimizerIndex,
    lrIndex,
    finalLoss: trace.loss[trace.count - 1],
    bestLoss: best === Infinity ? trace.loss[0] : best,
    stop: trace.stop.reason,
    steps: trace.stop.step,
    extraEvaluations: trace.evaluations ? Math.max(0, trace.evaluations[trace.count - 1] - 1 - trace.stop.step) : 0,
    recordSteps: trace.steps,
    recordLoss: trace.loss,
    elapsedMs,
  };
}

type SliceResult = Result<{ samples: SweepSample[]; cancelled: boolean }>;
/** One run the slice asks for: one optimizer at one grid rate. */
interface SliceRun { spec: RunSpec; options: RunOptions }
type Traces = ReturnType<typeof runOptimizers>;

/**
 * The loop over (grid point, optimizer) shared by sweepSlice and sweepSliceAsync: it yields each run
 * it needs and receives that run's traces, so the same code serves a synchronous and an
 * asynchronous runner.
 */
function* sliceLoop(config: SweepConfig, lrIndices: readonly number[] | undefined, claim?: () => number): Generator<SliceRun, SliceResult, Traces> {
  const checked = checkSweep(config);
  if (!checked.ok) return checked;
  const c = checked.value;
  const m = c.optimizers.length;
  const indices = lrIndices ?? c.grid.map((_, i) => i);
  const samples: SweepSample[] = [];
  const total = claim ? c.grid.length * m : indices.length * m;
  // The (grid index, optimizer) pairs: every optimizer at each of `indices`, or the tasks `claim` hands out.
  let next = 0;
  const pair = (): [number, number] | undefined => {
    if (claim) {
      const t = claim();
      return t >= 0 && t < c.grid.length * m ? [Math.floor(t / m), t % m] : undefined;
    }
    const k = next++;
    return k < indices.length * m ? [indices[Math.floor(k / m)], k % m] : undefined;
  };
  for (let p = pair(); p; p = pair()) {
    const [lrIndex, o] = p;
    if (!Number.isInteger(lrIndex) || lrIndex < 0 || lrIndex >= c.grid.length) return fail(`grid index ${describeValue(lrIndex)} is outside the grid (0 to ${c.grid.length - 1})`);
    if (config.signal?.cancelled) return ok({ samples, cancelled: true });
    const t0 = now();
    const r = yield { spec: specAt(c, o, c.grid[lrIndex]), options: runOptions(config, c.steps) };
    if (!r.ok) return r;
    const trace = r.value[0];
    if (trace.stop.reason === 'cancelled') return ok({ samples, cancelled: true });
    samples.push(sampleOf(trace, o, lrIndex, now() - t0));
    config.onProgress?.(samples.length, total);
  }
  return ok({ samples, cancelled: false });
}

/**
 * Runs the grid points `lrIndices` for every optimizer (all when omitted). Stops early, with the
 * samples finished so far, when the token is set. Never throws.
 */
export function sweepSlice(config: SweepConfig, lrIndices?: readonly number[]): SliceResult {
  const loop = sliceLoop(config, lrIndices);
  let step = loop.next();
  while (!step.done) step = loop.next(runOptimizers(config.source, [step.value.spec], step.value.options));
  return step.value;
}

/**
 * Runs the tasks `claim` hands out until it returns −1: task t is grid index ⌊t/m⌋ for optimizer
 * t mod m (m optimizers; tasks 0 … grid·m − 1). Threads that share one counter (an atomic in shared
 * memory) split a sweep this way, each taking the next task when it is free. Never throws.
 */
export function sweepClaimed(config: SweepConfig, claim: () => number): SliceResult {
  const loop = sliceLoop(config, undefined, claim);
  let step = loop.next();
  while (!step.done) step = loop.next(runOptimizers(config.source, [step.value.spec], step.value.options));
  return step.value;
}

/**
 * Per-sample gradient evaluations between two yields of the asynchronous sweep: 20,000 (a few ms on
 * a compiled objective). On a dataset an update costs its batch size, so a full-batch update over a
 * million rows is a slice of its own.
 */
export const SLICE_EVALUATIONS = 20_000;

/**
 * The same as sweepSlice, each run in chunks of `yieldEvery` updates (default SLICE_EVALUATIONS
 * gradient evaluations' worth) with the event loop served in between (and after each run).
 */
export async function sweepSliceAsync(
  config: SweepConfig,
  lrIndices: readonly number[] | undefined,
  scheduling: { yieldToEventLoop: () => Promise<void>; yieldEvery?: number },
): Promise<SliceResult> {
  const perUpdate = config.cost && Number.isFinite(config.cost.batchSize) && config.cost.batchSize > 1 ? config.cost.batchSize : 1;
  const yieldEvery = scheduling.yieldEvery ?? Math.max(1, Math.floor(SLICE_EVALUATIONS / perUpdate));
  const loop = sliceLoop(config, lrIndices);
  let step = loop.next();
  let first = true;
  while (!step.done) {
    if (!first) await scheduling.yieldToEventLoop();
    first = false;
    const traces = await runOptimizersAsync(config.source, [step.value.spec], {
      ...step.value.options,
      yieldToEventLoop: scheduling.yieldToEventLoop,
      yieldEvery,
    });
    step = loop.next(traces);
  }
  return step.value;
}

/** The default target (see TargetLoss) or the one given. */
function targetFor(config: SweepConfig, startLoss: number, samples: SweepSample[]): TargetLoss {
  if (config.targetLoss !== undefined) return { loss: config.targetLoss, rule: 'as given' };
  let reference = config.minimumValue;
  let from = 'the known minimum value';
  if (reference === undefined || !Number.isFinite(reference)) {
    reference = Infinity;
    for (const s of samples) if (s.stop !== 'diverged' && s.bestLoss < reference) reference = s.bestLoss;
    from = 'the lowest loss any run reached';
  }
  if (!Number.isFinite(startLoss) || !(reference < startLoss)) {
    return { loss: startLoss, rule: 'no run lowered the loss below f(start): no target to reach' };
  }
  return { loss: startLoss - 0.999 * (startLoss - reference), rule: `f(start) − 0.999·(f(start) − ${from})` };
}

function stepsToTarget(s: SweepSample, target: number): number | null {
  for (let i = 0; i < s.recordLoss.length; i++) if (s.recordLoss[i] <= target) return s.recordSteps[i];
  return null;
}

/** Turns the samples of every slice into the sweep's result (points in grid order, best lr per optimizer). */
export function assembleSweep(config: SweepConfig, samples: readonly SweepSample[], meta: { cancelled: boolean; elapsedMs: number }): Result<SweepResult> {
  const checked = checkSweep(config);
  if (!checked.ok) return checked;
  const c = checked.value;
  let startLoss: number;
  try {
    startLoss = config.source.loss(Float64Array.from(config.start));
  } catch (e) {
    return fail(`the objective failed at the start point (${e instanceof Error ? e.message : describeValue(e)})`);
  }
  const target = targetFor(config, startLoss, samples as SweepSample[]);
  const reachable = config.targetLoss !== undefined || target.loss < startLoss;
  const runs: SweepRun[] = c.optimizers.map(o => ({ optimizer: o.optimizer, convention: o.convention, label: o.label, points: [], best: null }));
  const sorted = [...samples].sort((a, b) => a.optimizerIndex - b.optimizerIndex || a.lrIndex - b.lrIndex);
  for (const s of sorted) {
    const run = runs[s.optimizerIndex];
    if (!run) return fail(`sample for optimizer index ${s.optimizerIndex} is outside the sweep`);
    const point: SweepPoint = {
      lr: c.grid[s.lrIndex],
      finalLoss: s.finalLoss,
      bestLoss: s.bestLoss,
      diverged: s.stop === 'diverged',
      stepsToTarget: reachable ? stepsToTarget(s, target.loss) : null,
      stop: s.stop,
      steps: s.steps,
      gradientEvaluations: gradientEvaluations(s.steps, config.cost) + (s.extraEvaluations ?? 0) * (config.cost ? config.cost.batchSize : 1),
      elapsedMs: s.elapsedMs,
    };
    run.points.push(point);
    if (!point.diverged && Number.isFinite(point.finalLoss) && (run.best === null || point.finalLoss < run.best.finalLoss)) {
      run.best = { lr: point.lr, finalLoss: point.finalLoss };
    }
  }
  return ok({ grid: c.grid, runs, steps: c.steps, target, cancelled: meta.cancelled, elapsedMs: meta.elapsedMs });
}

/** A whole sweep in this thread. Never throws. */
export function runSweep(config: SweepConfig): Result<SweepResult> {
  const t0 = now();
  const r = sweepSlice(config);
  if (!r.ok) return r;
  return assembleSweep(config, r.value.samples, { cancelled: r.value.cancelled, elapsedMs: now() - t0 });
}

/** A whole sweep in this thread, yielding to the event loop (a host that must stay responsive). Never rejects. */
export async function runSweepAsync(config: SweepConfig, scheduling: { yieldToEventLoop: () => Promise<void>; yieldEvery?: number }): Promise<Result<SweepResult>> {
  const t0 = now();
  const r = await sweepSliceAsync(config, undefined, scheduling);
  if (!r.ok) return r;
  return assembleSweep(config, r.value.samples, { cancelled: r.value.cancelled, elapsedMs: now() - t0 });
}

/** Grid indices split into `parts` interleaved slices (0, k, 2k, … then 1, k+1, …), balancing cheap and costly lrs. */
export function splitGrid(n: number, parts: number): number[][] {
  const k = Math.max(1, Math.min(parts, n));
  return Array.from({ length: k }, (_, p) => Array.from({ length: Math.ceil((n - p) / k) }, (_, i) => p + i * k));
}
