/**
 * The exact optimum of a least-squares cost, as the reference point runs are measured against.
 *
 * Which losses: a per-sample loss ℓ_i(θ) = k·(a_i·θ − c_i)² — a squared residual of a model linear in
 * its PARAMETERS (`(w*x + b - y)^2`, `(w1*x1 + w2*x2 + b - y)^2`, `0.5*(w*x^2 + b - y)^2`; ridge
 * penalties like `+ 0.1*w^2` keep the cost quadratic and are solved exactly too). The mean cost is
 * then the quadratic L(θ) = L(0) + g₀·θ + ½ θᵀHθ with H = (2k/N)·AᵀA and g₀ = −(2k/N)·Aᵀc, so
 * H θ* = −g₀ are precisely the normal equations AᵀA θ* = Aᵀc. The design matrix A is never
 * materialised (N×D numbers); H and g₀ come from D+1 full-batch gradient evaluations.
 *
 * Detection is numerical: H is read off gradient differences, then the quadratic model must
 * reproduce the gradient and the cost at random points; any other loss (logistic, |r|, r⁴) fails
 * with the reason. The solve uses Cholesky on the Jacobi-scaled H (so columns on very different
 * scales, e.g. x ∈ [0, 100] and an intercept, do not cost digits), refuses a near-singular system,
 * and refines the solution with the true gradient so rounding in H and g₀ does not survive.
 */
import { Result, fail, ok } from '../result';
import { Dataset } from './dataset';
import { DatasetLoss, PerSampleLoss } from './objective';
import { Rng } from './rng';

export interface LeastSquaresSolution {
  /** θ*, the exact minimiser of the mean cost (parameter order as the objective's variables). */
  parameters: Float64Array;
  /** Mean cost at θ*. */
  cost: number;
  /** Hessian of the mean cost (row-major D×D); constant for a quadratic. */
  hessian: Float64Array;
  /** Estimated 2-norm condition number of the Jacobi-scaled Hessian. */
  condition: number;
}

/** Beyond this the normal equations lose more than ~half the digits; refuse rather than mislead. */
const MAX_CONDITION = 1e12;
const QUADRATIC_TOLERANCE = 1e-6;

export function solveLeastSquares(objective: PerSampleLoss, dataset: Dataset): Result<LeastSquaresSolution> {
  const bound = DatasetLoss.bind(objective, dataset);
  if (!bound.ok) return bound;
  const loss = bound.value;
  const dim = loss.dim;
  const gradient = (x: Float64Array): Float64Array => {
    const out = new Float64Array(dim);
    loss.meanGradient(x, out, null, 0, loss.rows);
    return out;
  };

  const origin = new Float64Array(dim);
  const g0 = gradient(origin);
  const hessian = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) {
    const unit = new Float64Array(dim);
    unit[j] = 1;
    const gj = gradient(unit);
    for (let i = 0; i < dim; i++) hessian[i * dim + j] = gj[i] - g0[i];
  }
  if (![...g0, ...hessian].every(Number.isFinite)) return fail('The cost or its gradient is not finite at θ = 0 or at a unit vector, so it cannot be a least-squares cost.');
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < i; j++) {
      const a = hessian[i * dim + j];
      const b = hessian[j * dim + i];
      // Relative to the diagonal, not to the entries: centred data make off-diagonals ~0 ± rounding.
      const size = Math.sqrt(Math.abs(hessian[i * dim + i] * hessian[j * dim + j]));
      if (Math.abs(a - b) > QUADRATIC_TOLERANCE * (size + Math.abs(a) + Math.abs(b)) + 1e-300) return notQuadratic();
      hessian[i * dim + j] = hessian[j * dim + i] = (a + b) / 2;
    }
  }

  // The quadratic read off at 0 and the unit vectors must explain the cost elsewhere too.
  const rng = new Rng(2024, 0x1ea57);
  const cost0 = loss.meanLoss(origin);
  for (let k = 0; k < 2; k++) {
    const theta = Float64Array.from({ length: dim }, () => rng.normal());
    const predictedGradient = g0.slice();
    let predictedCost = cost0;
    for (let i = 0; i < dim; i++) {
      let hTheta = 0;
      for (let j = 0; j < dim; j++) hTheta += hessian[i * dim + j] * theta[j];
      predictedGradient[i] += hTheta;
      predictedCost += theta[i] * (g0[i] + hTheta / 2);
    }
    const actual = gradient(theta);
    const size = Math.max(norm(actual), norm(g0), norm(predictedGradient)) + 1e-300;
    const gradientError = norm(actual.map((v, i) => v - predictedGradient[i]));
    const actualCost = loss.meanLoss(theta);
    const costError = Math.abs(actualCost - predictedCost);
    if (!(gradientError <= QUADRATIC_TOLERANCE * size) || !(costError <= QUADRATIC_TOLERANCE * (Math.abs(actualCost) + Math.abs(predictedCost) + 1e-300))) {
      return notQuadratic();
    }
  }

  const factor = choleskyScaled(hessian, dim);
  if (!factor.ok) return factor;
  const { solve, condition } = factor.value;
  if (condition > MAX_CONDITION) {
    return fail(`The least-squares problem is too ill-conditioned to solve reliably (condition number ≈ ${condition.toExponential(1)}): some columns are (nearly) collinear.`);
  }
  const theta = solve(g0.map(v => -v));
  // Iterative refinement: one Newton step with the TRUE gradient removes the rounding in g0 and H.
  for (let pass = 0; pass < 2; pass++) {
    const correction = solve(gradient(theta));
    for (let i = 0; i < dim; i++) theta[i] -= correction[i];
  }
  return ok({ parameters: theta, cost: loss.meanLoss(theta), hessian, condition });
}

function notQuadratic(): Result<never> {
  return fail(
    'No closed-form least-squares solution: the cost is not a quadratic function of the parameters, i.e. the loss is not a squared error ' +
      '(w·x + b − y)² of a model linear in its parameters.',
  );
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Cholesky of D^{-1/2} H D^{-1/2} (D = diag H). The condition estimate is (max Lᵢᵢ / min Lᵢᵢ)², a
 * lower bound on the true condition number that catches collinear columns in practice.
 */
function choleskyScaled(hessian: Float64Array, dim: number): Result<{ solve(b: ArrayLike<number>): Float64Array; condition: number }> {
  const singular = fail<never>('The least-squares problem has no unique minimum: the Hessian is singular or not positive definite (a constant or duplicated column, fewer rows than parameters, or a concave term).');
  const scale = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const d = hessian[i * dim + i];
    if (!(d > 0)) return singular;
    scale[i] = 1 / Math.sqrt(d);
  }
  const lower = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = hessian[i * dim + j] * scale[i] * scale[j];
      for (let k = 0; k < j; k++) sum -= lower[i * dim + k] * lower[j * dim + k];
      if (i === j) {
        if (!(sum > 1e-15)) return singular;
        lower[i * dim + i] = Math.sqrt(sum);
      } else {
        lower[i * dim + j] = sum / lower[j * dim + j];
      }
    }
  }
  let maxDiag = 0;
  let minDiag = Infinity;
  for (let i = 0; i < dim; i++) {
    maxDiag = Math.max(maxDiag, lower[i * dim + i]);
    minDiag = Math.min(minDiag, lower[i * dim + i]);
  }
  const solve = (b: ArrayLike<number>): Float64Array => {
    // H x = b  ⇔  (S H S)(S⁻¹ x) = S b  with S = D^{-1/2}; forward then back substitution.
    const y = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let sum = b[i] * scale[i];
      for (let k = 0; k < i; k++) sum -= lower[i * dim + k] * y[k];
      y[i] = sum / lower[i * dim + i];
    }
    const x = new Float64Array(dim);
    for (let i = dim - 1; i >= 0; i--) {
      let sum = y[i];
      for (let k = i + 1; k < dim; k++) sum -= lower[k * dim + i] * x[k];
      x[i] = sum / lower[i * dim + i];
    }
    for (let i = 0; i < dim; i++) x[i] *= scale[i];
    return x;
  };
  return ok({ solve, condition: (maxDiag / minDiag) ** 2 });
}
