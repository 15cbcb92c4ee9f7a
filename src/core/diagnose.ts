/**
 * A diagnosis of one run: sentences computed from its trace, each stating the numbers it rests on
 * (so a person can check it against the charts). Each condition, in the order reported:
 *   diverged        the run stopped as diverged: at step k; with a Hessian, η·λmax at the first
 *                   recorded point where it exceeds the rule's classic threshold (src/core/hessian.ts)
 *                   — or at the start when it never does.
 *   zigzag          the step's component along the top curvature eigenvector (the Hessian's λmax
 *                   direction at each recorded point, at the start when n > 8) changes sign at
 *                   `zigzagSteps` or more consecutive steps. Needs every step recorded (stride 1).
 *   rate-decay      the mean effective learning rate over the coordinates (the trace's
 *                   `effectiveLr`) fell by `rateDecayFactor` or more between update 1 and the last
 *                   update with a finite rate; the part due to the schedule is stated.
 *   plateau         ‖∇f‖ < `plateauGradNorm` at every recorded step of a stretch of `plateauSteps`
 *                   or more steps, away from the known minima (and not the stretch a run ends in
 *                   when that end is reported as another minimum).
 *   reached-minimum the first recorded point within `minimumTolerance` of a known minimum.
 *   other-minimum   the run ends (last finite record) with ‖∇f‖ ≤ `stationaryGradNorm`, farther than
 *                   100·minimumTolerance from every known minimum, and (with a Hessian) λmin ≥ 0 there.
 */
import { distanceToNearest } from './distance';
import { classicThreshold, HessianFn, symmetricEigen } from './hessian';
import type { Hyperparameters, OptimizerId } from './optim/types';
import type { StopReason } from './protocol';
import { fail, ok, Result } from './result';
import type { DiagnosisSentence } from './sweep/types';

/** What the diagnosis reads from a run (structurally a subset of run.ts's Trace). */
export interface DiagnosableTrace {
  optimizer: OptimizerId;
  hyperparameters: Hyperparameters;
  dim: number;
  count: number;
  steps: ArrayLike<number>;
  path: ArrayLike<number>;
  loss: ArrayLike<number>;
  gradient: ArrayLike<number>;
  delta: ArrayLike<number>;
  effectiveLr: ArrayLike<number>;
  lr: ArrayLike<number>;
  stop: { reason: StopReason; step: number; detail: string };
}

export interface DiagnoseOptions {
  /** Variable names, for the points in the sentences ("(x, y) = (1, 1)"). */
  variables?: readonly string[];
  /** The known minima (presets, least-squares fits); reached/other-minimum need them. */
  minima?: readonly (readonly number[])[];
  /** The Hessian (η·λmax of a divergence, the zig-zag direction, whether an end point is a minimum). */
  hessian?: HessianFn;
  /** Distance to a known minimum that counts as reaching it (default 1e-3). */
  minimumTolerance?: number;
  /** Consecutive sign changes that make a zig-zag (default 10). */
  zigzagSteps?: number;
  /** Steps with a small gradient that make a plateau (default 100), and the bound (default 1e-4). */
  plateauSteps?: number;
  plateauGradNorm?: number;
  /** Fall of the effective learning rate that is reported (default 10×). */
  rateDecayFactor?: number;
  /** ‖∇f‖ at the end below which the end point counts as stationary (default 1e-3). */
  stationaryGradNorm?: number;
}

const fmt = (v: number, digits = 3): string => {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
};

function pointText(p: ArrayLike<number>, variables: readonly string[] | undefined): string {
  const coords = `(${Array.from(p, v => fmt(v, 4)).join(', ')})`;
  if (variables && variables.length === p.length && p.length > 1) return `(${variables.join(', ')}) = ${coords}`;
  if (variables && variables.length === 1 && p.length === 1) return `${variables[0]} = ${fmt(p[0], 4)}`;
  return coords;
}

const row = (a: ArrayLike<number>, c: number, dim: number): Float64Array => {
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) out[i] = a[c * dim + i];
  return out;
};
const finiteRow = (v: ArrayLike<number>): boolean => Array.prototype.every.call(v, Number.isFinite) as boolean;
const norm = (v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i] * v[i]; return Math.sqrt(s); };

/** λmax and its unit eigenvector of the Hessian at x, or undefined when it is not finite. */
function top(hessian: HessianFn, x: ArrayLike<number>): { lambda: number; lambdaMin: number; direction: Float64Array } | undefined {
  const n = x.length;
  const h = new Float64Array(n * n);
  hessian(x, h);
  if (!h.every(Number.isFinite)) return undefined;
  const { values, vectors } = symmetricEigen(h, n);
  return { lambda: values[n - 1], lambdaMin: values[0], direction: vectors.slice((n - 1) * n, n * n) };
}

/** The last record whose point, loss and gradient are finite (the trace's last sane state). */
function lastFinite(t: DiagnosableTrace): number {
  for (let c = t.count - 1; c >= 0; c--) {
    if (Number.isFinite(t.loss[c]) && finiteRow(row(t.path, c, t.dim))) return c;
  }
  return -1;
}

function diverged(t: DiagnosableTrace, o: DiagnoseOptions): DiagnosisSentence | undefined {
  if (t.stop.reason !== 'diverged') return undefined;
  const k = t.stop.step;
  const base = `diverged at step ${k}`;
  if (!o.hessian) return { kind: 'diverged', step: k, text: `${base}: ${t.stop.detail}`, values: { step: k } };
  const factor = classicThreshold(t.optimizer, t.hyperparameters, 1).lr;
  const end = lastFinite(t);
  let chosen: { c: number; eta: number; lambda: number } | undefined;
  for (let c = 0; c <= end; c++) {
    const eta = t.lr[c];
    const curvature = top(o.hessian, row(t.path, c, t.dim));
    if (!curvature || !Number.isFinite(eta)) continue;
    const candidate = { c, eta, lambda: curvature.lambda };
    chosen ??= candidate;
    if (factor !== null && eta * curvature.lambda > factor) { chosen = candidate; break; }
  }
  if (!chosen) return { kind: 'diverged', step: k, text: `${base}: ${t.stop.detail}`, values: { step: k } };
  const etaLambda = chosen.eta * chosen.lambda;
  const at = pointText(row(t.path, chosen.c, t.dim), o.variables);
  const point = Array.from(row(t.path, chosen.c, t.dim));
  const values: DiagnosisSentence['values'] = { step: k, lr: chosen.eta, lambdaMax: chosen.lambda, etaLambdaMax: etaLambda, atStep: t.steps[chosen.c], point };
  if (factor === null) {
    return { kind: 'diverged', step: k, text: `${base}: η·λmax = ${fmt(etaLambda)} at ${at} (step ${t.steps[chosen.c]}); ${t.optimizer} has no classic threshold in λmax`, values };
  }
  values.threshold = factor;
  const relation = etaLambda > factor ? '>' : '≤';
  return { kind: 'diverged', step: k, text: `${base}: η·λmax = ${fmt(etaLambda)} ${relation} ${fmt(factor)} at ${at} (step ${t.steps[chosen.c]})`, values };
}

function zigzag(t: DiagnosableTrace, o: DiagnoseOptions): DiagnosisSentence | undefined {
  if (!o.hessian || t.count < 3) return undefined;
  for (let c = 0; c < t.count; c++) if (t.steps[c] !== c) return undefined; // needs every step
  const minRun = o.zigzagSteps ?? 10;
  const dim = t.dim;
  const perPoint = dim <= 8;
  const end = lastFinite(t);
  const fixed = perPoint ? undefined : top(o.hessian, row(t.path, 0, dim))?.direction;
  if (!perPoint && !fixed) return undefined;
  // s_k = Δx_k · v (Δx_k moves from path[k−1]: the direction at path[k−1]), v oriented consistently.
  const s = new Float64Array(end + 1);
  let previous: Float64Array | undefined;
  for (let k = 1; k <= end; k++) {
    let v = fixed ?? top(o.hessian, row(t.path, k - 1, dim))?.direction;
    if (!v) { s[k] = 0; continue; }
    if (previous) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += v[i] * previous[i];
      if (dot < 0) v = v.map(x => -x);
    }
    previous = v;
    let d = 0;
    for (let i = 0; i < dim; i++) d += t.delta[k * dim + i] * v[i];
    s[k] = d;
  }
  let scale = 0;
  for (let k = 1; k <= end; k++) scale = Math.max(scale, Math.abs(s[k]));
  const tiny = 1e-12 * scale;
  let best = 0;
  let bestEnd = 0;
  let run = 0;
  for (let k = 2; k <= end; k++) {
    const flips = Math.abs(s[k]) > tiny && Math.abs(s[k - 1]) > tiny && Math.sign(s[k]) !== Math.sign(s[k - 1]);
    run = flips ? run + 1 : 0;
    if (run > best) { best = run; bestEnd = k; }
  }
  if (best < minRun) return undefined;
  const from = bestEnd - best;
  return {
    kind: 'zigzag',
    step: from,
    text: `zig-zags across the valley: the step along the top curvature direction changes sign for ${best} steps in a row (steps ${from}–${bestEnd})`,
    values: { signChanges: best, fromStep: from, toStep: bestEnd },
  };
}

function meanRate(t: DiagnosableTrace, c: number): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < t.dim; i++) {
    const v = t.effectiveLr[c * t.dim + i];
    if (Number.isFinite(v)) { s += v; n++; }
  }
  return n === t.dim ? s / n : NaN;
}

const DECAY_CAUSE: Partial<Record<OptimizerId, string>> = {
  adagrad: ' as the sum of squared gradients grew',
  rmsprop: ' as the running average of squared gradients grew',
  adadelta: ' as the running averages of squared gradients and steps changed',
  adam: ' as the running average of squared gradients grew',
  amsgrad: ' as the largest average of squared gradients grew',
  adamw: ' as the running average of squared gradients grew',
  nadam: ' as the running average of squared gradients grew',
  adamax: ' as the largest gradient grew',
};

function rateDecay(t: DiagnosableTrace, o: DiagnoseOptions): DiagnosisSentence | undefined {
  const factor = o.rateDecayFactor ?? 10;
  const first = meanRate(t, 0);
  let c = t.count - 1;
  while (c > 0 && !(meanRate(t, c) > 0)) c--;
  if (c === 0 || !(first > 0)) return undefined;
  const last = meanRate(t, c);
  const fall = first / last;
  if (!(fall >= factor)) return undefined;
  const k = t.steps[c];
  const scheduleFall = t.lr[0] / t.lr[c];
  const scheduled = Number.isFinite(scheduleFall) && scheduleFall > 1.01 ? ` (the schedule accounts for ${fmt(scheduleFall)}× of it)` : '';
  const name = t.optimizer === 'adagrad' ? "AdaGrad's effective learning rate" : 'the effective learning rate';
  return {
    kind: 'rate-decay',
    step: k,
    text: `${name} fell ${fmt(fall)}× between step 1 and step ${k}${DECAY_CAUSE[t.optimizer] ?? ''}${scheduled}`,
    values: { factor: fall, fromStep: 1, toStep: k, first, last, ...(scheduled ? { scheduleFactor: scheduleFall } : {}) },
  };
}

function plateau(t: DiagnosableTrace, o: DiagnoseOptions, endsInOtherMinimum: boolean): DiagnosisSentence | undefined {
  const bound = o.plateauGradNorm ?? 1e-4;
  const need = o.plateauSteps ?? 100;
  const tol = o.minimumTolerance ?? 1e-3;
  let best: [number, number] | undefined;
  let start = -1;
  const close = (from: number, to: number) => {
    if (from < 0) return;
    const length = t.steps[to] - t.steps[from] + 1;
    if (length >= need && (!best || length > t.steps[best[1]] - t.steps[best[0]] + 1)) {
      if (endsInOtherMinimum && to === t.count - 1) return;
      best = [from, to];
    }
  };
  for (let c = 0; c < t.count; c++) {
    const small = norm(row(t.gradient, c, t.dim)) < bound;
    const atMinimum = (distanceToNearest(row(t.path, c, t.dim), o.minima) ?? Infinity) <= tol;
    if (small && !atMinimum) {
      if (start < 0) start = c;
    } else {
      close(start, c - 1);
      start = -1;
    }
  }
  close(start, t.count - 1);
  if (!best) return undefined;
  const [from, to] = best;
  const length = t.steps[to] - t.steps[from] + 1;
  return {
    kind: 'plateau',
    step: t.steps[from],
    text: `plateau: ‖∇f‖ < ${fmt(bound)} for ${length} steps (steps ${t.steps[from]}–${t.steps[to]}) at loss ${fmt(t.loss[from], 4)}`,
    values: { steps: length, fromStep: t.steps[from], toStep: t.steps[to], gradNormBound: bound },
  };
}

function reachedMinimum(t: DiagnosableTrace, o: DiagnoseOptions): DiagnosisSentence | undefined {
  if (!o.minima || o.minima.length === 0) return undefined;
  const tol = o.minimumTolerance ?? 1e-3;
  for (let c = 0; c < t.count; c++) {
    const x = row(t.path, c, t.dim);
    for (const m of o.minima) {
      if (m.length !== t.dim) continue;
      let d = 0;
      for (let i = 0; i < t.dim; i++) d += (x[i] - m[i]) ** 2;
      if (Math.sqrt(d) <= tol) {
        const k = t.steps[c];
        return {
          kind: 'reached-minimum',
          step: k,
          text: `reached the known minimum ${pointText(m, undefined)} at step ${k} (within ${fmt(tol)})`,
          values: { step: k, minimum: Array.from(m), distance: Math.sqrt(d), tolerance: tol },
        };
      }
    }
  }
  return undefined;
}

function otherMinimum(t: DiagnosableTrace, o: DiagnoseOptions): DiagnosisSentence | undefined {
  if (!o.minima || o.minima.length === 0) return undefined;
  const c = lastFinite(t);
  if (c < 0) return undefined;
  const x = row(t.path, c, t.dim);
  const g = norm(row(t.gradient, c, t.dim));
  const bound = o.stationaryGradNorm ?? 1e-3;
  if (!(g <= bound)) return undefined;
  const distance = distanceToNearest(x, o.minima) ?? Infinity;
  if (distance <= 100 * (o.minimumTolerance ?? 1e-3)) return undefined;
  if (o.hessian) {
    const curvature = top(o.hessian, x);
    if (!curvature) return undefined;
    const scale = Math.max(Math.abs(curvature.lambda), Math.abs(curvature.lambdaMin));
    if (curvature.lambdaMin < -1e-9 * scale) return undefined; // a saddle, not a minimum
  }
  return {
    kind: 'other-minimum',
    step: t.steps[c],
    text: `ended in another minimum ${pointText(x, undefined)} (loss ${fmt(t.loss[c], 4)}, ‖∇f‖ = ${fmt(g)}, ${fmt(distance)} from the nearest known minimum)`,
    values: { point: Array.from(x), loss: t.loss[c], gradNorm: g, distance },
  };
}

/**
 * The diagnosis sentences that hold for this run, in a fixed order ([] when none does). Never
 * throws: an objective or Hessian that throws mid-diagnosis gives an error value.
 */
export function diagnoseRun(trace: DiagnosableTrace, options: DiagnoseOptions = {}): Result<DiagnosisSentence[]> {
  try {
    const other = otherMinimum(trace, options);
    return ok([diverged(trace, options), zigzag(trace, options), rateDecay(trace, options), plateau(trace, options, other !== undefined), reachedMinimum(trace, options), other]
      .filter((s): s is DiagnosisSentence => s !== undefined));
  } catch (e) {
    return fail(`the diagnosis stopped on an unexpected error (${e instanceof Error ? e.message : String(e)})`);
  }
}
