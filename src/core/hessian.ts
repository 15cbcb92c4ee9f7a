/**
 * Curvature: the Hessian at a point (symbolic from src/core/expr where it has one, central
 * differences of the gradient otherwise), its eigenvalues by the cyclic Jacobi method, and the
 * classic step-size thresholds that follow from λmax on a quadratic:
 *   gradient descent        x ← x − η∇f           stable iff η < 2/λmax
 *   heavy-ball momentum     v ← μv + ∇f, x ← x − ηv   stable iff η < 2(1+μ)/λmax
 *   Nesterov (PyTorch form) x ← x − η(∇f + μv)    stable iff η < 2(1+μ)/((1+2μ)λmax)
 * (each from the 2×2 iteration matrix of the rule on f = λx²/2: the boundary is the eigenvalue −1,
 * 1 + trace + det = 0). With PyTorch's dampening d the gradient enters as (1−d)∇f, which divides
 * the momentum threshold by (1−d). The adaptive rules (AdaGrad, RMSprop, Adam and its relatives,
 * AdaDelta) scale each coordinate by their own statistics and Lion steps by sign(·)·η, so none of
 * them has a threshold in terms of λmax alone.
 */
import type { Hessian } from './expr';
import { describeValue } from './describe';
import { fail, ok, Result } from './result';
import type { Hyperparameters, OptimizerId } from './optim/types';
import type { Stability, StabilityThreshold } from './sweep/types';

/** Fills `out` (n×n, row-major) with the Hessian at x. */
export type HessianFn = (x: ArrayLike<number>, out: Float64Array) => void;

/** A Hessian evaluator and how its entries are computed. */
export interface CurvatureSource {
  dim: number;
  hessian: HessianFn;
  kind: Stability['hessian'];
  /** Why the Hessian is (partly) numeric, when it is. */
  note?: string;
}

/** What the curvature helpers need from a compiled objective (a subset of src/core/expr's CompiledObjective). */
export interface CurvatureObjective {
  variables: readonly string[];
  grad(x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>): void;
  hessian(): Result<Hessian>;
}

/**
 * Central differences of a gradient: H[i][j] = (g_j(x + h·e_i) − g_j(x − h·e_i)) / 2h with
 * h = ∛ε·max(1, |x_i|) (the step that balances truncation and rounding error), then symmetrised.
 */
export function numericHessian(grad: (x: ArrayLike<number>, out: Float64Array) => void, dim: number): HessianFn {
  const xp = new Float64Array(dim);
  const gp = new Float64Array(dim);
  const gm = new Float64Array(dim);
  return (x, out) => {
    for (let i = 0; i < dim; i++) xp[i] = x[i];
    for (let i = 0; i < dim; i++) {
      const h = 6.0554544523933395e-6 * Math.max(1, Math.abs(x[i]));
      xp[i] = x[i] + h;
      grad(xp, gp);
      xp[i] = x[i] - h;
      grad(xp, gm);
      xp[i] = x[i];
      for (let j = 0; j < dim; j++) out[i * dim + j] = (gp[j] - gm[j]) / (2 * h);
    }
    for (let i = 0; i < dim; i++) {
      for (let j = i + 1; j < dim; j++) {
        const m = (out[i * dim + j] + out[j * dim + i]) / 2;
        out[i * dim + j] = m;
        out[j * dim + i] = m;
      }
    }
  };
}

/** The objective's Hessian: symbolic entries where src/core/expr has them, central differences otherwise (flagged). */
export function curvatureOf(objective: CurvatureObjective): CurvatureSource {
  const dim = objective.variables.length;
  const h = objective.hessian();
  if (!h.ok) {
    return { dim, hessian: numericHessian((x, out) => objective.grad(x, out), dim), kind: 'numeric', note: `the Hessian is numeric (central differences of the gradient): ${h.error.message}` };
  }
  const flags = h.value.symbolic.flat();
  const symbolic = flags.filter(Boolean).length;
  const kind: Stability['hessian'] = symbolic === flags.length ? 'symbolic' : symbolic === 0 ? 'numeric' : 'mixed';
  const hv = h.value;
  return {
    dim,
    hessian: (x, out) => hv.evaluate(x, out),
    kind,
    ...(kind === 'symbolic' ? {} : { note: `${flags.length - symbolic} of ${flags.length} Hessian entries are numeric (central differences of the symbolic gradient)` }),
  };
}

/**
 * The Hessian of a dataset's MEAN loss: the per-row Hessian averaged over the rows (symbolic where
 * src/core/expr has it). `rows` lists each row's data in the loss's dataColumns order.
 */
export function meanCurvatureOf(objective: CurvatureObjective, rowData: (row: number, out: Float64Array) => void, rows: number, columns: number): CurvatureSource {
  const dim = objective.variables.length;
  const buffer = new Float64Array(columns);
  const one = new Float64Array(dim * dim);
  const h = objective.hessian();
  const rowHessian: (x: ArrayLike<number>, out: Float64Array) => void = h.ok
    ? (x, out) => h.value.evaluate(x, out, buffer)
    : (() => {
        const g = numericHessian((x, out) => objective.grad(x, out, buffer), dim);
        return g;
      })();
  const flags = h.ok ? h.value.symbolic.flat() : [];
  const symbolic = flags.filter(Boolean).length;
  const kind: Stability['hessian'] = !h.ok || symbolic === 0 ? 'numeric' : symbolic === flags.length ? 'symbolic' : 'mixed';
  return {
    dim,
    kind,
    ...(kind === 'symbolic' ? {} : { note: h.ok ? `${flags.length - symbolic} of ${flags.length} Hessian entries are numeric (central differences)` : `the Hessian is numeric (central differences of the gradient): ${h.error.message}` }),
    hessian: (x, out) => {
      out.fill(0, 0, dim * dim);
      for (let r = 0; r < rows; r++) {
        rowData(r, buffer);
        rowHessian(x, one);
        for (let k = 0; k < dim * dim; k++) out[k] += one[k];
      }
      for (let k = 0; k < dim * dim; k++) out[k] /= rows;
    },
  };
}

/**
 * Eigenvalues (ascending) and unit eigenvectors of a symmetric n×n matrix (row-major), by cyclic
 * Jacobi rotations until the off-diagonal mass is below 1e-30 of the total (or 100 sweeps).
 * `vectors` is row-major with eigenvector k in row k. The input is not modified.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from({ length: n * n }, (_, k) => matrix[k]);
  // Symmetrise (a numeric Hessian is symmetric only to rounding).
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let k = 0; k < n * n; k++) total += a[k] * a[k];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, k) => {
    values[k] = a[col * n + col];
    for (let i = 0; i < n; i++) vectors[k * n + i] = v[i * n + col];
  });
  return { values, vectors };
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** The classic threshold of one rule at curvature λmax (see the header), or why there is none. */
export function classicThreshold(optimizer: OptimizerId, hyperparameters: Hyperparameters, lambdaMax: number | null): StabilityThreshold {
  const none = (rule: string): StabilityThreshold => ({ optimizer, lr: null, rule });
  const weightDecay = num(hyperparameters.weightDecay, 0);
  let factor: number;
  let rule: string;
  const mu = num(hyperparameters.momentum, 0);
  const nesterovFlag = hyperparameters.nesterov === true;
  switch (optimizer) {
    case 'sgd':
      factor = 2;
      rule = '2/λmax';
      break;
    case 'momentum':
    case 'nesterov': {
      const dampening = num(hyperparameters.dampening, 0);
      if (dampening >= 1) return none('dampening = 1: the gradient never enters the step');
      if (optimizer === 'nesterov' || nesterovFlag) {
        factor = (2 * (1 + mu)) / (1 + 2 * mu);
        rule = `2(1+μ)/((1+2μ)λmax), μ = ${fmt(mu)}`;
      } else {
        factor = (2 * (1 + mu)) / (1 - dampening);
        rule = dampening ? `2(1+μ)/((1−d)λmax), μ = ${fmt(mu)}, d = ${fmt(dampening)}` : `2(1+μ)/λmax, μ = ${fmt(mu)}`;
      }
      break;
    }
    case 'lion':
      return none('Lion steps by η·sign(·): the step length does not scale with the gradient, so no threshold in λmax');
    case 'adadelta':
      return none('AdaDelta sets its own per-coordinate step from running averages: no classic threshold in λmax');
    default:
      return none(`${optimizer} scales each coordinate by its own gradient statistics: no classic threshold in λmax`);
  }
  if (weightDecay !== 0) return none(`weight decay ${fmt(weightDecay)} changes the curvature the rule sees: no threshold computed`);
  if (lambdaMax === null) return { optimizer, lr: null, rule: `${rule}: λmax unknown (the Hessian is not finite here)` };
  if (!(lambdaMax > 0)) return { optimizer, lr: null, rule: `${rule}: λmax = ${fmt(lambdaMax)} ≤ 0, no positive curvature to bound the step` };
  return { optimizer, lr: factor / lambdaMax, rule };
}

/**
 * λmax and the thresholds at `point`. A non-finite Hessian gives lambdaMax null with a note, a
 * singular or indefinite one a note; never NaN. Never throws.
 */
export function stabilityAt(curvature: CurvatureSource, point: ArrayLike<number>, optimizers: readonly { optimizer: OptimizerId; hyperparameters?: Hyperparameters }[]): Result<Stability> {
  const n = curvature.dim;
  if (!point || point.length !== n) return fail(`the point has ${describeValue(point?.length)} coordinates but the objective has ${n} variables`);
  const notes: string[] = curvature.note ? [curvature.note] : [];
  const h = new Float64Array(n * n);
  try {
    curvature.hessian(point, h);
  } catch (e) {
    return fail(`the Hessian could not be evaluated (${e instanceof Error ? e.message : describeValue(e)})`);
  }
  let lambdaMax: number | null = null;
  let lambdaMin: number | null = null;
  let eigenvalues: number[] = [];
  let topDirection: number[] = [];
  if (!h.every(Number.isFinite)) {
    notes.push('the Hessian is not finite at this point: no eigenvalues, no thresholds');
  } else {
    const { values, vectors } = symmetricEigen(h, n);
    eigenvalues = Array.from(values);
    lambdaMin = values[0];
    lambdaMax = values[n - 1];
    topDirection = Array.from(vectors.subarray((n - 1) * n, n * n));
    const scale = Math.max(Math.abs(lambdaMax), Math.abs(lambdaMin));
    if (scale === 0) notes.push('the Hessian is zero here: the function is flat to second order (no curvature, no threshold)');
    else if (eigenvalues.some(v => Math.abs(v) <= 1e-12 * scale)) notes.push('the Hessian is singular here (an eigenvalue is 0): flat along that direction');
    if (lambdaMin < -1e-12 * scale) notes.push(`the Hessian is indefinite or negative here (λmin = ${fmt(lambdaMin)}): a saddle or a maximum direction`);
  }
  const thresholds = optimizers.map(o => classicThreshold(o.optimizer, o.hyperparameters ?? {}, lambdaMax));
  return ok({ lambdaMax, lambdaMin, eigenvalues, topDirection, hessian: curvature.kind, notes, thresholds });
}
