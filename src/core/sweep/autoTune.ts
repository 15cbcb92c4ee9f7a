/**
 * Fair starts: a quick sweep on the objective being optimized (datasets too) picks each
 * optimizer's learning rate, so that no optimizer loses the race to a default tuned for another
 * problem. Each result says where its lr came from: "tuned: best of 12", "PyTorch default" (the
 * framework's default, when tuning is off or no grid point did better than the start), or
 * "set by you" (an lr the person gave is never replaced).
 *
 * "Best" is the lowest final loss after `tuneSteps` updates among the runs that did not diverge,
 * taken only when it is below f(start); ties go to the smaller rate. Every run goes through the
 * one run loop with its divergence rules, but the full loss (on a dataset a mean over every row) is
 * evaluated only after every TUNE_CHECK_EVERY-th update, after the last one, and after every
 * update while it is above the growth limit (tuningSource.ts says exactly what that changes: only
 * a loss that breaks a loss limit between two checks and is back within it by the next one).
 */
import { describeValue } from '../describe';
import { RULES, resolveHyperparameters } from '../optim/registry';
import { Convention, DEFAULT_CONVENTION } from '../optim/types';
import { fail, ok, Result } from '../result';
import { DEFAULT_GROWTH_FACTOR, DEFAULT_GROWTH_UPDATES, GradientSource, RunSpec, runOptimizers } from '../run';
import { BatchCost } from './budget';
import { TUNE_LR_GRID } from './grid';
import { checkSweep, now, type CheckedSweep } from './sweep';
import { tuningSource } from './tuningSource';
import type { AutoTuneResult, CancelToken, LrGrid, LrProvenance, SweepOptimizer, TunedLr } from './types';

export interface AutoTuneConfig {
  source: GradientSource;
  start: ArrayLike<number>;
  /** An `lr` among an optimizer's hyperparameters is the person's: kept, marked "set by you". */
  optimizers: SweepOptimizer[];
  /** The run's steps; tuning runs min(steps, tuneSteps). */
  steps: number;
  /** Updates per tuning run (default 1000; for a dataset at most max(10, 100,000 / batch size)). */
  tuneSteps?: number;
  /** Default TUNE_LR_GRID (12 rates, 1e-4 … 1). */
  grid?: LrGrid;
  /** 'defaults': no tuning, every lr the framework's default (the switch that shows them). */
  mode?: 'tuned' | 'defaults';
  cost?: BatchCost;
  /** Accepted for callers that pass a sweep's target; the choice does not depend on it. */
  minimumValue?: number;
  signal?: CancelToken;
}

const FRAMEWORK: Record<string, string> = { pytorch: 'PyTorch', keras: 'Keras', optax: 'optax' };

function defaultLr(optimizer: SweepOptimizer['optimizer'], convention: Convention): number | undefined {
  const d = (RULES[optimizer]?.defaults as Record<string, { lr?: unknown } | undefined> | undefined)?.[convention];
  return typeof d?.lr === 'number' ? d.lr : undefined;
}

/** Each optimizer's learning rate with its provenance. Never throws. */
export function autoTune(config: AutoTuneConfig): Result<AutoTuneResult> {
  try {
    return tune(config);
  } catch (e) {
    return fail(`tuning stopped on an unexpected error (${e instanceof Error ? e.message : describeValue(e)})`);
  }
}

function tune(config: AutoTuneConfig): Result<AutoTuneResult> {
  const t0 = now();
  if (typeof config !== 'object' || config === null || !Array.isArray(config.optimizers)) return fail(`the tuning request must be an object with a list of optimizers, got ${describeValue(config)}`);
  const mode = config.mode ?? 'tuned';
  if (mode !== 'tuned' && mode !== 'defaults') return fail(`mode must be 'tuned' or 'defaults', got ${describeValue(mode)}`);
  const cap = config.tuneSteps ?? (config.cost ? Math.min(1000, Math.max(10, Math.floor(100_000 / config.cost.batchSize))) : 1000);
  if (!Number.isInteger(cap) || cap < 1) return fail(`tuneSteps must be a whole number >= 1, got ${describeValue(cap)}`);
  if (!Number.isInteger(config.steps) || config.steps < 1) return fail(`steps must be a whole number >= 1, got ${describeValue(config.steps)}`);
  const steps = Math.min(config.steps, cap);

  const runs: TunedLr[] = [];
  const toTune: number[] = [];
  for (const [i, o] of config.optimizers.entries()) {
    const convention = (o?.convention ?? DEFAULT_CONVENTION) as Convention;
    const framework = `${FRAMEWORK[convention] ?? convention} default`;
    const given = o?.hyperparameters?.lr;
    const fallback = defaultLr(o?.optimizer, convention);
    if (given !== undefined) {
      if (typeof given !== 'number' || !(given > 0) || !Number.isFinite(given)) return fail(`optimizers[${i}] (${String(o.optimizer)}): lr must be a finite number > 0, got ${describeValue(given)}`);
      runs.push({ optimizer: o.optimizer, convention, lr: given, provenance: { kind: 'user', text: 'set by you' } });
    } else if (fallback === undefined) {
      return fail(`optimizers[${i}]: ${describeValue(o?.optimizer)} has no default learning rate in the ${convention} convention`);
    } else {
      runs.push({ optimizer: o.optimizer, convention, lr: fallback, provenance: { kind: 'default', text: framework } });
      if (mode === 'tuned') toTune.push(i);
    }
  }
  const grid = config.grid ?? TUNE_LR_GRID;
  if (toTune.length === 0) return ok({ runs, grid: [], elapsedMs: now() - t0 });

  const chosen = tuningRuns(config, toTune.map(i => config.optimizers[i]), grid, steps);
  if (!chosen.ok) return chosen;
  const { values, best, startLoss, cancelled } = chosen.value;
  toTune.forEach((i, k) => {
    const current = runs[i];
    if (cancelled) return;
    const b = best[k];
    if (b && b.finalLoss < startLoss) {
      const provenance: LrProvenance = { kind: 'tuned', points: values.length, text: `tuned: best of ${values.length}` };
      runs[i] = { ...current, lr: b.lr, provenance, finalLoss: b.finalLoss };
    } else {
      const why = b ? 'no tuned lr lowered the loss' : 'every tuned lr diverged';
      runs[i] = { ...current, provenance: { kind: 'default', text: `${current.provenance.text} (${why})` } };
    }
  });
  return ok({ runs, grid: values, elapsedMs: now() - t0 });
}

/** Updates between two evaluations of the full loss in a tuning run (at most the growth rule's streak; see tuningSource). */
export const TUNE_CHECK_EVERY = DEFAULT_GROWTH_UPDATES;

interface Chosen {
  values: number[];
  /** Per optimizer: the grid point with the lowest final loss among the runs that did not diverge. */
  best: ({ lr: number; finalLoss: number } | null)[];
  startLoss: number;
  cancelled: boolean;
}

/**
 * Every (optimizer, grid rate) run from the start through the one run loop, each with its own
 * tuningSource (the full loss after every TUNE_CHECK_EVERY-th update and the last), and the best
 * rate per optimizer. A rule whose step reads the loss (L-BFGS) runs on the plain source, its
 * loss evaluated after every update.
 */
function tuningRuns(config: AutoTuneConfig, optimizers: SweepOptimizer[], grid: LrGrid, steps: number): Result<Chosen> {
  const checked = checkSweep({ source: config.source, start: config.start, optimizers, grid, steps });
  if (!checked.ok) return checked;
  const c = checked.value;
  const specAt = (o: CheckedSweep['optimizers'][number], lr: number): RunSpec => ({ optimizer: o.optimizer, convention: o.convention, hyperparameters: { ...o.hyperparameters, lr }, label: o.label });
  // No updates: checks the source and the start as every run would, and gives f(start).
  const probe = runOptimizers(config.source, [specAt(c.optimizers[0], c.grid[0])], { start: config.start, steps: 0, maxRecords: 2 });
  if (!probe.ok) return probe;
  const startLoss = probe.value[0].loss[0];
  // run.ts's growth limit (its header): f(start) + growthFactor·max(|f(start)|, 1).
  const growthLimit = Number.isFinite(startLoss) ? startLoss + DEFAULT_GROWTH_FACTOR * Math.max(Math.abs(startLoss), 1) : Infinity;
  const dim = config.source.dim;
  const best: Chosen['best'] = c.optimizers.map(() => null);
  for (const [k, o] of c.optimizers.entries()) {
    const sparse = Number.isFinite(startLoss) && !readsLoss(o, dim, c.grid[0]);
    for (const lr of c.grid) {
      if (config.signal?.cancelled) return ok({ values: c.grid, best, startLoss, cancelled: true });
      const source = sparse
        ? tuningSource(config.source, { steps, checkEvery: TUNE_CHECK_EVERY, start: config.start, startLoss, growthLimit, growthUpdates: DEFAULT_GROWTH_UPDATES })
        : config.source;
      const r = runOptimizers(source, [specAt(o, lr)], { start: config.start, steps, maxRecords: 2, ...(config.signal ? { signal: config.signal } : {}) });
      if (!r.ok) return r;
      const trace = r.value[0];
      if (trace.stop.reason === 'cancelled') return ok({ values: c.grid, best, startLoss, cancelled: true });
      if (trace.stop.reason === 'diverged') continue;
      const last = trace.count - 1;
      // A rule that stopped itself before the last update: its loss there may not have been evaluated.
      const finalLoss = sparse && trace.steps[last] !== steps ? config.source.loss(trace.path.slice(last * dim, (last + 1) * dim)) : trace.loss[last];
      const b = best[k];
      if (Number.isFinite(finalLoss) && (b === null || finalLoss < b.finalLoss)) best[k] = { lr, finalLoss };
    }
  }
  return ok({ values: c.grid, best, startLoss, cancelled: false });
}

/** Whether the rule's step takes the loss as an argument (its sixth; L-BFGS): then every update's loss is needed. */
function readsLoss(o: CheckedSweep['optimizers'][number], dim: number, lr: number): boolean {
  const hp = resolveHyperparameters(o.optimizer, o.convention, { ...o.hyperparameters, lr });
  if (!hp.ok) return true;
  const stepper = RULES[o.optimizer].create(dim, hp.value, o.convention, { evaluate: () => NaN });
  return stepper.step.length >= 6;
}
