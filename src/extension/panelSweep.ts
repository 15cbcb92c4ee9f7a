/**
 * The panel's learning-rate sweep on the host: what to sweep (the run's objective or dataset loss,
 * its start and optimizers), the core sweep through the one run loop (src/core/sweep, yielding to
 * the event loop and cancellable), the Hessian's λmax at the start with each optimizer's classic
 * threshold (src/core/hessian.ts; plain expressions only), and the result as the protocol's
 * `SweepView`. In the Node extension host the runs go to worker threads (panelWorkers.ts: the CLI's
 * pool and light worker, the objective sent as its generated code; the host thread only starts them
 * and receives their samples), in the web worker host to Web Workers (webWorkerPool.ts); a dataset's
 * loss goes to the workers too (its per-sample loss as generated code with the columns and sampling
 * settings); objectives without generated code (a finite-difference gradient) and hosts without
 * workers run in slices on the host thread. Also the run's fair start (`config.tuning`): core's autoTune picks each learning rate
 * the person did not set, and each run says where its rate came from. No `vscode` here, so it runs
 * in plain Node tests.
 */
import type { PreparedData } from '../core/dataRun';
import { generatedSource, parseObjective } from '../core/expr';
import type { CompiledObjective } from '../core/expr';
import { curvatureOf, stabilityAt, type CurvatureSource } from '../core/hessian';
import { RULES } from '../core/optim/registry';
import type { Hyperparameters } from '../core/optim/types';
import { presetForExpression } from '../core/model';
import { finiteOrNull, type RunConfig, type SweepView } from '../core/protocol';
import { ok, type Result } from '../core/result';
import { objectiveSource, type GradientSource } from '../core/run';
import { assembleSweep, autoTune, checkSweep, runSweepAsync, type BatchCost, type CancelToken, type LrGrid, type Stability, type SweepConfig, type SweepOptimizer, type SweepResult } from '../core/sweep';
import { now } from '../core/sweep/sweep';
import type { PanelModel } from '../core/protocol';
import type { PanelWorkers } from './panelWorkers';
import type { TaskData } from '../node/sharedJob';

/**
 * An objective as the light worker gets it: ∇f and the fused f-and-∇f as generated JavaScript; on
 * a dataset run, of the per-sample loss, with the data and its sampling settings.
 */
export interface GeneratedObjective {
  dim: number;
  gradient: string;
  valueAndGradient: string;
  data?: TaskData;
}

/** The objective's generated code, when every partial is compiled (no finite-difference fallback). */
export function generatedObjective(o: CompiledObjective): GeneratedObjective | undefined {
  const gradient = generatedSource(o.grad);
  const valueAndGradient = generatedSource(o.valueAndGradient());
  return gradient === undefined || valueAndGradient === undefined ? undefined : { dim: o.variables.length, gradient, valueAndGradient };
}

/** A dataset objective's generated code with its data (copied columns) and sampling settings. */
export function generatedDataset(p: PreparedData): GeneratedObjective | undefined {
  const generated = generatedObjective(p.objective);
  if (!generated) return undefined;
  const dataset = { columns: [...p.data.columns], rows: p.data.rows, data: p.data.data.map(c => Float64Array.from(c)) };
  return { ...generated, data: { dataset, dataColumns: [...p.objective.dataColumns], variables: [...p.objective.variables], sampling: { ...p.sampling } } };
}

export interface SweepTarget {
  source: GradientSource;
  start: number[];
  optimizers: SweepOptimizer[];
  cost?: BatchCost;
  minimumValue?: number;
  curvature?: CurvatureSource;
  /** Why there are no stability lines, when there is no curvature. */
  noCurvature?: string;
  /** The objective (or a dataset's per-sample loss) as generated code, for worker threads. */
  generated?: GeneratedObjective;
}

/** The sweep's target for a run configuration (and its prepared data on a dataset run). */
export function sweepTargetFor(config: RunConfig, data?: PreparedData): Result<SweepTarget> {
  const optimizers = config.optimizers.map(optimizer => ({ optimizer, convention: config.convention, hyperparameters: { ...(config.hyperparameters[optimizer] ?? {}) } }));
  if (data) {
    const batchSize = config.data?.batchSize === 'full' || config.data?.batchSize === undefined ? data.rows : config.data.batchSize;
    const generated = generatedDataset(data);
    return ok({
      ...(generated ? { generated } : {}),
      source: data.source, start: [...config.start], optimizers, cost: { rows: data.rows, batchSize: Math.min(batchSize, data.rows) },
      noCurvature: 'dataset loss: no stability lines in the panel (the CLI’s sweep computes the mean loss’s Hessian)',
    });
  }
  const parsed = parseObjective(config.expression);
  if (!parsed.ok) return parsed;
  const o = parsed.value;
  const preset = presetForExpression(config.expression);
  const generated = generatedObjective(o);
  return ok({
    source: objectiveSource(o.f, o.grad, o.variables.length, o.valueAndGradient()),
    ...(generated ? { generated } : {}),
    start: [...config.start],
    optimizers,
    ...(preset?.minimumValue !== undefined ? { minimumValue: preset.minimumValue } : {}),
    curvature: curvatureOf(o),
  });
}

/** The core's result (and the stability at the start) as the protocol carries it: non-finite losses as null. */
export function toSweepView(result: SweepResult, stability: Stability | undefined, noCurvature?: string): SweepView {
  return {
    grid: result.grid,
    steps: result.steps,
    runs: result.runs.map(r => ({
      optimizer: r.optimizer,
      convention: r.convention,
      points: r.points.map(p => ({ lr: p.lr, finalLoss: finiteOrNull(p.finalLoss), bestLoss: finiteOrNull(p.bestLoss), diverged: p.diverged })),
      best: r.best,
    })),
    stability: stability
      ? { lambdaMax: stability.lambdaMax === null ? null : finiteOrNull(stability.lambdaMax), thresholds: stability.thresholds.map(t => ({ optimizer: t.optimizer, lr: t.lr === null ? null : finiteOrNull(t.lr), rule: t.rule })), notes: stability.notes }
      : { lambdaMax: null, thresholds: [], notes: noCurvature ? [noCurvature] : [] },
    cancelled: result.cancelled,
  };
}

/**
 * Runs the sweep: in worker threads when `workers` gives a pool and the objective has generated
 * code, else (or when the workers fail: said once in the log) on this thread, yielding to the event
 * loop between runs and every 20,000 updates. The same numbers either way. Never rejects.
 */
export async function runPanelSweep(
  target: SweepTarget,
  grid: LrGrid,
  steps: number,
  signal: CancelToken,
  onProgress: (done: number, total: number) => void,
  yieldToEventLoop: () => Promise<void>,
  workers?: PanelWorkers,
): Promise<Result<SweepView>> {
  const config: SweepConfig = { source: target.source, start: target.start, optimizers: target.optimizers, grid, steps, ...(target.cost ? { cost: target.cost } : {}), ...(target.minimumValue !== undefined ? { minimumValue: target.minimumValue } : {}) };
  if (workers && target.generated && !signal.cancelled) {
    const inWorkers = await sweepInWorkers(config, target.generated, signal, onProgress, workers);
    if (inWorkers) return inWorkers.ok ? ok(viewOf(target, inWorkers.value)) : inWorkers;
  }
  const result = await runSweepAsync({ ...config, signal, onProgress }, { yieldToEventLoop });
  if (!result.ok) return result;
  return ok(viewOf(target, result.value));
}

/** The sweep's tasks in worker threads; undefined when they cannot run it (then the host does). */
async function sweepInWorkers(config: SweepConfig, generated: GeneratedObjective, signal: CancelToken, onProgress: (done: number, total: number) => void, workers: PanelWorkers): Promise<Result<SweepResult> | undefined> {
  const checked = checkSweep(config);
  if (!checked.ok) return checked;
  const pool = await workers.pool();
  if (!pool) return undefined;
  const t0 = now();
  const total = checked.value.grid.length * checked.value.optimizers.length;
  // everything but the objective (the worker rebuilds it from its generated code) is plain data
  const { source, ...plain } = config;
  void source;
  const run = await pool.runInLightWorkers({ kind: 'sweep', ...generated, config: { ...plain, start: Array.from(config.start) } }, total, { workers: pool.cores(), signal, onProgress });
  if (!run.ok) {
    workers.fallback(run.reason);
    return undefined;
  }
  const samples = run.replies.flatMap(r => (r.ok && r.kind === 'sweep' ? r.samples : []));
  return assembleSweep(config, samples, { cancelled: run.cancelled, elapsedMs: now() - t0 });
}

/** The result with the stability at the start, as the protocol's view. */
function viewOf(target: SweepTarget, result: SweepResult): SweepView {
  let stability: Stability | undefined;
  if (target.curvature) {
    const resolved = target.optimizers.map(o => ({
      optimizer: o.optimizer,
      hyperparameters: { ...(RULES[o.optimizer].defaults[o.convention ?? 'pytorch'] ?? {}), ...(o.hyperparameters ?? {}) } as Hyperparameters,
    }));
    const s = stabilityAt(target.curvature, target.start, resolved);
    if (s.ok) stability = s.value;
  }
  return toSweepView(result, stability, target.noCurvature);
}

/**
 * `config.tuning`: the configuration to run, with a learning rate for every optimizer whose lr the
 * person did not set (tuned on this objective or the framework's default), and per optimizer where
 * its rate came from. Without `tuning` the configuration is returned as it is.
 */
export function tunedConfig(config: RunConfig, data?: PreparedData): Result<{ config: RunConfig; sources?: string[] }> {
  if (!config.tuning) return ok({ config });
  const target = sweepTargetFor(config, data);
  if (!target.ok) return target;
  const t = target.value;
  const tuned = autoTune({
    source: t.source, start: t.start, optimizers: t.optimizers, steps: config.steps, mode: config.tuning,
    ...(t.cost ? { cost: t.cost } : {}), ...(t.minimumValue !== undefined ? { minimumValue: t.minimumValue } : {}),
  });
  if (!tuned.ok) return tuned;
  const hyperparameters = { ...config.hyperparameters };
  for (const r of tuned.value.runs) hyperparameters[r.optimizer] = { ...(hyperparameters[r.optimizer] ?? {}), lr: r.lr };
  return ok({ config: { ...config, hyperparameters }, sources: tuned.value.runs.map(r => r.provenance.text) });
}

/** The model as the panel shows it: the person's configuration (not the tuned rates) and each run's lr source. */
export function withLrSources(model: PanelModel, config: RunConfig, sources: readonly string[] | undefined): PanelModel {
  if (!sources) return model;
  return { ...model, config: { ...model.config, hyperparameters: config.hyperparameters, tuning: config.tuning }, runs: model.runs.map((r, i) => (sources[i] ? { ...r, lrSource: sources[i] } : r)) };
}
