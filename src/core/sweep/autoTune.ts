/**
 * Fair starts: a quick sweep on the objective being optimized (datasets too) picks each
 * optimizer's learning rate, so that no optimizer loses the race to a default tuned for another
 * problem. Each result says where its lr came from: "tuned: best of 12", "PyTorch default" (the
 * framework's default, when tuning is off or no grid point did better than the start), or
 * "set by you" (an lr the person gave is never replaced).
 *
 * "Best" is the lowest final loss after `tuneSteps` updates among the runs that did not diverge.
 */
import { describeValue } from '../describe';
import { RULES } from '../optim/registry';
import { Convention, DEFAULT_CONVENTION } from '../optim/types';
import { fail, ok, Result } from '../result';
import { GradientSource } from '../run';
import { BatchCost } from './budget';
import { TUNE_LR_GRID } from './grid';
import { runSweep, now } from './sweep';
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

  const sweep = runSweep({
    source: config.source,
    start: config.start,
    optimizers: toTune.map(i => config.optimizers[i]),
    grid,
    steps,
    ...(config.cost ? { cost: config.cost } : {}),
    ...(config.minimumValue !== undefined ? { minimumValue: config.minimumValue } : {}),
    ...(config.signal ? { signal: config.signal } : {}),
  });
  if (!sweep.ok) return sweep;
  // The sweep evaluated f(start) already (it fails as a value when f throws there).
  const startLoss = config.source.loss(Float64Array.from(config.start));
  toTune.forEach((i, k) => {
    const run = sweep.value.runs[k];
    const current = runs[i];
    if (!run || sweep.value.cancelled) return;
    const best = run.best;
    if (best && best.finalLoss < startLoss) {
      const provenance: LrProvenance = { kind: 'tuned', points: sweep.value.grid.length, text: `tuned: best of ${sweep.value.grid.length}` };
      runs[i] = { ...current, lr: best.lr, provenance, finalLoss: best.finalLoss };
    } else {
      const why = best ? 'no tuned lr lowered the loss' : 'every tuned lr diverged';
      runs[i] = { ...current, provenance: { kind: 'default', text: `${current.provenance.text} (${why})` } };
    }
  });
  return ok({ runs, grid: sweep.value.grid, elapsedMs: now() - t0 });
}
