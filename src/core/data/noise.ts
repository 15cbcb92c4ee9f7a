/**
 * Simulated gradient noise for plain expressions, and several seeds summarised as a mean line with
 * a band. On a dataset the noise comes from sampling (sampler.ts); on `x^2 + 10*y^2` there is no data,
 * so g̃_t = ∇f(x_t) + σ·ξ_t with ξ_t ~ N(0, I) stands in for it — the textbook model of a stochastic
 * gradient with constant variance.
 */
import { describeValue } from '../describe';
import { GradientSource } from '../run';
import { Result, fail, ok } from '../result';
import { Rng } from './rng';

/**
 * Wraps `source` adding N(0, σ²) noise to every gradient component. The recorded loss stays the
 * noiseless f(x): it is the cost we care about, not what the optimizer sees.
 *
 * The noise of update t is a pure function of (seed, t) — a fresh generator per update, which costs
 * a few integer operations — so every optimizer sharing this source sees the SAME noise at the same
 * step (common random numbers: differences between optimizers are not luck of the draw), however
 * the runs are interleaved.
 */
export function withGradientNoise(source: GradientSource, sigma: number, seed: number): Result<GradientSource> {
  const given: unknown = source;
  if (typeof given !== 'object' || given === null || typeof source.loss !== 'function' || typeof source.gradient !== 'function' || !(Number.isInteger(source.dim) && source.dim >= 1)) {
    return fail(`the gradient source must be an object with a dimension and loss and gradient functions, got ${describeValue(given)}.`);
  }
  if (!(typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0)) return fail(`sigma must be a finite number ≥ 0, got ${describeValue(sigma)}.`);
  if (!(typeof seed === 'number' && Number.isFinite(seed))) return fail(`seed must be a finite number, got ${describeValue(seed)}.`);
  const noisy: GradientSource = {
    dim: source.dim,
    loss: x => source.loss(x),
    gradient(x, t, out) {
      source.gradient(x, t, out);
      if (sigma === 0) return;
      const rng = new Rng(seed, t);
      for (let i = 0; i < source.dim; i++) out[i] += sigma * rng.normal();
    },
  };
  if (source.epochOf) {
    const epochOf = source.epochOf.bind(source);
    noisy.epochOf = t => epochOf(t);
  }
  return ok(noisy);
}

export interface SeedSummary {
  /** Mean over seeds of the recorded loss at each recorded index. */
  mean: Float64Array;
  /** Lower and upper edge of the band: min/max over seeds, or mean ∓ one standard deviation. */
  lo: Float64Array;
  hi: Float64Array;
  /** How many seeds contributed at each index (runs that stopped early or diverged drop out). */
  count: Uint32Array;
}

/**
 * Mean line and band of the loss over several runs recorded with the same `every` (index k is the
 * same step in each). Non-finite losses (a diverged run's last record) are left out, not averaged in.
 * 'minmax' (default) shows the full spread and never goes below the lowest loss; 'sd' is mean ∓ 1
 * population standard deviation, which can dip below zero for small losses.
 */
export function summarizeSeeds(given: readonly { loss: ArrayLike<number> }[], band: 'minmax' | 'sd' = 'minmax'): SeedSummary {
  // Anything that is not a list of { loss } counts as no runs (an empty summary), never an exception.
  const list: unknown = given;
  const traces = (Array.isArray(list) ? list : []).map((t: unknown) => {
    const loss: unknown = typeof t === 'object' && t !== null ? (t as { loss?: unknown }).loss : undefined;
    return { loss: Array.isArray(loss) || (ArrayBuffer.isView(loss) && !(loss instanceof DataView)) ? (loss as ArrayLike<number>) : [] };
  });
  const length = traces.reduce((m, t) => Math.max(m, t.loss.length), 0);
  const mean = new Float64Array(length);
  const lo = new Float64Array(length);
  const hi = new Float64Array(length);
  const count = new Uint32Array(length);
  for (let k = 0; k < length; k++) {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const t of traces) {
      const v = k < t.loss.length ? t.loss[k] : NaN;
      if (!Number.isFinite(v)) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    count[k] = n;
    const m = n ? sum / n : NaN;
    mean[k] = m;
    if (band === 'minmax' || n === 0) {
      lo[k] = n ? min : NaN;
      hi[k] = n ? max : NaN;
    } else {
      let squares = 0;
      for (const t of traces) {
        const v = k < t.loss.length ? t.loss[k] : NaN;
        if (Number.isFinite(v)) squares += (v - m) ** 2;
      }
      const sd = Math.sqrt(squares / n);
      lo[k] = m - sd;
      hi[k] = m + sd;
    }
  }
  return { mean, lo, hi, count };
}
