/**
 * Stability along each optimizer's best run of a sweep: the run at its best learning rate is run
 * again through the one run loop (the sweep's start, steps and records, so it is the very run the
 * sweep scored), and core's stability computation gives λmax and η·λmax at up to STABILITY_POINTS of
 * its records, with the sweep's curvature source (symbolic Hessian, or the mean loss's for a dataset).
 */
import { MAX_RECORDS, runOptimizers } from '../core/run';
import { limitedCurvature, stabilityAlongSync, traceRecords } from '../core/stability';
import type { CurvatureSource } from '../core/hessian';
import type { NumOrNull } from '../core/protocol';
import type { SweepConfig, SweepResult } from '../core/sweep';
import type { OptimizerId } from '../core/optim/types';

export interface BestRunStability {
  optimizer: OptimizerId;
  /** The best learning rate of the sweep. */
  lr: number;
  /** The re-run's final loss (the sweep's best final loss: the same run). */
  finalLoss: NumOrNull;
  /** Recorded steps (evenly spread, first and last kept) and λmax, η·λmax there; null where not finite. */
  steps: number[];
  lambdaMax: NumOrNull[];
  etaLambda: NumOrNull[];
}

export interface SweepAtBest {
  /** Where the Hessian comes from, or why there are no numbers. */
  note: string;
  runs: BestRunStability[];
}

/** One run per optimizer that has a best lr (none when the sweep was cancelled: its best may not be one). */
export function stabilityAtBest(config: SweepConfig, result: SweepResult, curvature: CurvatureSource): SweepAtBest {
  const source = limitedCurvature(curvature, curvature.note ?? 'symbolic Hessian of f');
  if (!source.curvature) return { note: source.note, runs: [] };
  if (result.cancelled) return { note: 'the sweep was cancelled: no runs at the best learning rates', runs: [] };
  const runs: BestRunStability[] = [];
  for (const run of result.runs) {
    const o = config.optimizers.find(x => x.optimizer === run.optimizer);
    if (!run.best || !o) continue;
    // the sweep's own run options (src/core/sweep/sweep.ts): every step recorded up to MAX_RECORDS
    const traces = runOptimizers(config.source, [{ optimizer: run.optimizer, convention: run.convention, hyperparameters: { ...(o.hyperparameters ?? {}), lr: run.best.lr } }],
      { start: config.start, steps: result.steps, maxRecords: Math.min(result.steps + 1, MAX_RECORDS) });
    if (!traces.ok) continue;
    const t = traces.value[0];
    const view = stabilityAlongSync([traceRecords(t)], source).runs[0];
    const finalLoss = t.loss[t.count - 1];
    runs.push({ optimizer: run.optimizer, lr: run.best.lr, finalLoss: Number.isFinite(finalLoss) ? finalLoss : null, ...view });
  }
  return { note: source.note, runs };
}
