/**
 * Equal budgets: what a run costs in gradient evaluations, so that runs can be compared per step,
 * per epoch, per gradient evaluation or per second. For a dataset, an evaluation is one per-sample
 * gradient: a full-batch update costs N (the rows), a minibatch update its B rows, an SGD update 1.
 * For a plain objective every update costs one gradient. The loss evaluations the loop makes to
 * record the trace are not counted (they are the chart's, not the optimizer's).
 */

/** How the updates of a source draw rows: absent for a plain objective (one gradient per update). */
export interface BatchCost {
  rows: number;
  /** Rows per update (rows for full batch). */
  batchSize: number;
}

/** Gradient evaluations spent by updates 1 … step (update t's gradient is evaluated once). */
export function gradientEvaluations(step: number, cost?: BatchCost): number {
  if (!(step > 0)) return 0;
  if (!cost) return step;
  const { rows, batchSize } = cost;
  const perEpoch = Math.ceil(rows / batchSize);
  const epochs = Math.floor(step / perEpoch);
  const rest = step - epochs * perEpoch;
  // The last batch of an epoch holds what is left: rows − (perEpoch − 1)·batchSize.
  return epochs * rows + Math.min(rest * batchSize, rows);
}

/** gradientEvaluations at each recorded step (for a chart's x axis). */
export function gradientEvaluationsAt(steps: ArrayLike<number>, cost?: BatchCost): Float64Array {
  const out = new Float64Array(steps.length);
  for (let i = 0; i < steps.length; i++) out[i] = gradientEvaluations(steps[i], cost);
  return out;
}

/** The epoch (fractional) reached after `step` updates: step / updates per epoch. Undefined without a batch cost. */
export function epochsAt(step: number, cost?: BatchCost): number | undefined {
  return cost ? step / Math.ceil(cost.rows / cost.batchSize) : undefined;
}

/** The x axes a chart can put a run on: steps, epochs (datasets), gradient evaluations, time. */
export interface BudgetAxes {
  steps: Float64Array;
  /** Datasets only: step / updates per epoch. */
  epochs?: Float64Array;
  /**
   * Gradient evaluations spent up to each record (per-sample for datasets), counting the ones a
   * rule makes inside its steps (L-BFGS: the trace's `evaluations` beyond 1 + k), each a batch.
   */
  gradientEvaluations: Float64Array;
  /** The run's compute time up to each record, when measured (run.ts `recordTimes`). */
  elapsedMs?: Float64Array;
}

/** A run's records on every budget axis. */
export function budgetAxes(trace: { count: number; steps: ArrayLike<number>; evaluations?: ArrayLike<number> }, cost?: BatchCost, elapsedMs?: Float64Array): BudgetAxes {
  const n = trace.count;
  const steps = new Float64Array(n);
  const evaluations = new Float64Array(n);
  const perEvaluation = cost ? cost.batchSize : 1;
  for (let c = 0; c < n; c++) {
    const k = trace.steps[c];
    steps[c] = k;
    const extra = trace.evaluations ? Math.max(0, trace.evaluations[c] - 1 - k) : 0;
    evaluations[c] = gradientEvaluations(k, cost) + extra * perEvaluation;
  }
  const perEpoch = cost ? Math.ceil(cost.rows / cost.batchSize) : 0;
  return {
    steps,
    ...(cost ? { epochs: steps.map(k => k / perEpoch) } : {}),
    gradientEvaluations: evaluations,
    ...(elapsedMs && elapsedMs.length === n ? { elapsedMs } : {}),
  };
}
