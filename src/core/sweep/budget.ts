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
