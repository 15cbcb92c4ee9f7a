/**
 * The gradient source autoTune's runs go through: the run loop (src/core/run.ts) unchanged, but the
 * full loss — on a dataset a mean over every row, many times the cost of a minibatch gradient — is
 * evaluated only where the choice of a learning rate can depend on it:
 *   - at the start point (the loop's own `loss` calls pass through);
 *   - after every `checkEvery`-th update and after the last one (`steps`): the final loss is what
 *     "best" compares, and these checks apply the loop's loss rules (non-finite, above maxLoss);
 *   - after every update while the loss is above the growth limit (see run.ts's header), so the
 *     growth rule sees each update's loss.
 * Between checks the loop receives the start loss f(start) as the update's loss (it passes every
 * loss rule), while the parameter and gradient rules still see every update's numbers. The loop's
 * own evaluations of f(start) get the value given (the same number: the loss is deterministic).
 *
 * The growth rule (f above its limit after `growthUpdates` updates in a row) stays exact when
 * checkEvery ≤ growthUpdates: every such streak contains a check. The first check above the limit
 * recomputes the losses of the updates since the previous check (their parameters are kept) to
 * find where the streak began; when the streak reaches `growthUpdates` this source reports +∞, and
 * the loop stops the run as diverged at that update, as it would have with every loss.
 *
 * Not the same as a loss every update: a loss that is non-finite or above maxLoss at an update
 * between two checks, with finite parameters and gradients, and back within the limits by the next
 * check, does not stop the run here.
 */
import type { GradientSource } from '../run';

export interface TuningSourceOptions {
  /** Updates in the run: the loss after the last one is always evaluated. */
  steps: number;
  /** The loss is evaluated after every checkEvery-th update (a whole number from 1 to growthUpdates). */
  checkEvery: number;
  /** The start point and f(start): the loss handed to the loop between checks. */
  start: ArrayLike<number>;
  startLoss: number;
  /** The loop's growth limit and streak length for this run (run.ts's header). */
  growthLimit: number;
  growthUpdates: number;
}

/** A source for ONE run (it keeps that run's state); its `loss` and `gradient` are the inner source's. */
export function tuningSource(inner: GradientSource, o: TuningSourceOptions): GradientSource {
  const dim = inner.dim;
  // Parameters after the updates since the last check (at most checkEvery − 1 of them).
  const kept = new Float64Array(Math.max(0, o.checkEvery - 1) * dim);
  let keptCount = 0;
  let streak = 0;
  const fused = inner.lossAndGradient?.bind(inner);
  const isStart = (x: Float64Array): boolean => {
    for (let i = 0; i < dim; i++) if (!Object.is(x[i], o.start[i])) return false;
    return true;
  };
  const full = (x: Float64Array, t: number, out: Float64Array): number => {
    if (fused !== undefined) return fused(x, t, out);
    const loss = inner.loss(x);
    inner.gradient(x, t, out);
    return loss;
  };
  const source: GradientSource = {
    dim,
    loss: x => (isStart(x) ? o.startLoss : inner.loss(x)),
    gradient: (x, t, out) => inner.gradient(x, t, out),
    // The loop calls this after update u with t = u + 1 (the gradient for the next update).
    lossAndGradient(x, t, out) {
      const update = t - 1;
      if (streak === 0 && update % o.checkEvery !== 0 && update < o.steps && (keptCount + 1) * dim <= kept.length) {
        inner.gradient(x, t, out);
        kept.set(x, keptCount * dim);
        keptCount++;
        return o.startLoss;
      }
      const loss = full(x, t, out);
      if (!(loss > o.growthLimit)) {
        streak = 0;
        keptCount = 0;
        return loss;
      }
      if (streak === 0) {
        // First update above the limit seen: how many of the kept updates just before it were above too.
        streak = 1;
        const probe = new Float64Array(dim);
        for (let j = keptCount - 1; j >= 0; j--) {
          for (let i = 0; i < dim; i++) probe[i] = kept[j * dim + i];
          if (!(inner.loss(probe) > o.growthLimit)) break;
          streak++;
        }
      } else {
        streak++;
      }
      keptCount = 0;
      return streak >= o.growthUpdates ? Infinity : loss;
    },
  };
  if (inner.epochOf) source.epochOf = t => inner.epochOf!(t);
  return source;
}
