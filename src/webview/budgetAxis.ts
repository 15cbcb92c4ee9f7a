/**
 * The loss chart's horizontal axis, for comparing runs at equal budgets: updates (steps), passes
 * over the data (epochs), or gradient evaluations — per-sample gradients on a dataset, so a
 * full-batch update costs N, a minibatch update B and an SGD update 1 (core's `gradientEvaluations`).
 * A plain objective spends one gradient per update, so there the evaluations axis would repeat the
 * steps and is not offered. And the wall-clock axis: each run's own compute time up to each record
 * (`TraceData.elapsedMs`, measured by the run loop), offered when every run has it. Pure functions
 * (no DOM), unit-tested in Node.
 */
import { budgetAxes, gradientEvaluations, type BatchCost } from '../core/sweep/budget';

export type LossAxis = 'step' | 'epoch' | 'evaluations' | 'time';
export const LOSS_AXES: readonly LossAxis[] = ['step', 'epoch', 'evaluations', 'time'];

export interface AxisContext {
  /** Updates per epoch (dataset runs). */
  stepsPerEpoch?: number;
  /** Rows and rows per update (dataset runs). */
  cost?: BatchCost;
  /** Some run evaluates f and ∇f more than once per update (L-BFGS): the evaluations axis differs from the steps. */
  extraEvaluations?: boolean;
  /** Every run has its compute time per record (the wall-clock axis). */
  times?: boolean;
}

/** Whether every run carries a compute time per record. */
export function hasTimes(traces: readonly { steps: readonly number[]; elapsedMs?: readonly number[] }[]): boolean {
  return traces.length > 0 && traces.every(t => t.elapsedMs !== undefined && t.elapsedMs.length === t.steps.length);
}

/** Whether the axis places each run at its own x for one step (evaluations with L-BFGS, time). */
export function perRunAxis(axis: LossAxis, ctx: AxisContext): boolean {
  return (axis === 'evaluations' && !!ctx.extraEvaluations) || (axis === 'time' && !!ctx.times);
}

/** Whether a run's evaluation counts exceed one per update (1 + step at each record). */
export function hasExtraEvaluations(t: { steps: readonly number[]; evaluations?: readonly number[] }): boolean {
  const ev = t.evaluations;
  if (!ev) return false;
  for (let k = 0; k < t.steps.length; k++) if (ev[k] !== 1 + t.steps[k]) return true;
  return false;
}

/**
 * Each record's position on the axis: on the evaluations axis the gradient evaluations the run has
 * spent (core's `budgetAxes`, counting the ones a rule makes inside its steps), else `xOf`.
 */
export function recordXs(axis: LossAxis, ctx: AxisContext, t: { steps: readonly number[]; evaluations?: readonly number[]; elapsedMs?: readonly number[] }): ArrayLike<number> {
  if (axis === 'time' && t.elapsedMs && t.elapsedMs.length === t.steps.length) {
    const axes = budgetAxes({ count: t.steps.length, steps: t.steps, evaluations: t.evaluations }, ctx.cost, Float64Array.from(t.elapsedMs));
    if (axes.elapsedMs) return axes.elapsedMs;
  }
  if (axis === 'evaluations' && (ctx.cost || ctx.extraEvaluations)) return budgetAxes({ count: t.steps.length, steps: t.steps, evaluations: t.evaluations }, ctx.cost).gradientEvaluations;
  const x = xOf(axis, ctx);
  return t.steps.map(x);
}

export function availableAxes(ctx: AxisContext): LossAxis[] {
  return LOSS_AXES.filter(a => a === 'step' || (a === 'epoch' && ctx.stepsPerEpoch !== undefined) || (a === 'evaluations' && (ctx.cost !== undefined || !!ctx.extraEvaluations)) || (a === 'time' && !!ctx.times));
}

/** Step → position on the axis (the step itself when the axis is not available). */
export function xOf(axis: LossAxis, ctx: AxisContext): (step: number) => number {
  const spe = ctx.stepsPerEpoch;
  const cost = ctx.cost;
  if (axis === 'epoch' && spe) return s => s / spe;
  if (axis === 'evaluations' && cost) return s => gradientEvaluations(s, cost);
  return s => s;
}

export function axisTitle(axis: LossAxis): string {
  return axis === 'epoch' ? 'epoch' : axis === 'evaluations' ? 'gradient evaluations (per sample)' : axis === 'time' ? 'compute time (ms)' : 'step';
}

/** The select's text for each axis. */
export function axisOption(axis: LossAxis): string {
  return axis === 'epoch' ? 'against epoch' : axis === 'evaluations' ? 'against gradient evaluations' : axis === 'time' ? 'against wall-clock time' : 'against step';
}
