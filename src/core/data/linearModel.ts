/**
 * Detects, numerically, a loss whose model is LINEAR IN ITS INPUTS: ℓ(θ; row) = h(z, target) with
 * z = Σ_j w_j·x_j + b, every parameter either a weight w_j on one input column x_j or the bias b.
 * That is the case where rescaled inputs can be undone exactly on the parameters (scale.ts).
 *
 * Test: for such a loss, ∂ℓ/∂w_j = h'(z)·x_j and ∂ℓ/∂b = h'(z), so ∂ℓ/∂w_j = x_j·∂ℓ/∂b at every θ and
 * every row. We evaluate the compiled gradient at a few random θ on a sample of rows and look for a
 * parameter b and a column per other parameter that satisfy this. A penalty on the parameters
 * (ridge `+ w^2`) or a nonlinear model breaks the identity, and then no claim is made.
 */
import { Result, fail, ok } from '../result';
import { Dataset } from './dataset';
import { DatasetLoss, PerSampleLoss } from './objective';
import { Rng } from './rng';

export interface LinearModel {
  /** Index (into the parameter vector) of the intercept. */
  bias: number;
  /** Each other parameter with the input column it multiplies. */
  weights: { parameter: number; column: string }[];
  /** Columns the loss reads that are not inputs of the linear form (the target, labels). */
  targets: string[];
}

const SAMPLE_ROWS = 24;
const SAMPLE_POINTS = 3;
const RELATIVE_TOLERANCE = 1e-8;

export function detectLinearModel(objective: PerSampleLoss, dataset: Dataset, seed = 1): Result<LinearModel> {
  const bound = DatasetLoss.bind(objective, dataset);
  if (!bound.ok) return bound;
  const loss = bound.value;
  const dim = loss.dim;
  const rng = new Rng(seed, 0x11ea7);
  const rows = sampleRows(dataset.rows, rng);
  const columns = objective.dataColumns.map(name => ({ name, values: dataset.data[dataset.columns.indexOf(name)] }));

  // gradients[s][j]: ∂ℓ/∂θ_j for sample s = (random θ, row).
  const gradients: Float64Array[] = [];
  const sampleRow: number[] = [];
  const theta = new Float64Array(dim);
  for (let p = 0; p < SAMPLE_POINTS; p++) {
    for (let j = 0; j < dim; j++) theta[j] = rng.normal();
    for (const row of rows) {
      const g = new Float64Array(dim);
      loss.rowGrad(theta, row, g);
      if (g.every(Number.isFinite)) { gradients.push(g); sampleRow.push(row); }
    }
  }
  for (let bias = 0; bias < dim; bias++) {
    // Samples where ∂ℓ/∂b vanishes (a perfectly fitted row) say nothing about the ratio.
    const usable = gradients.map((_, s) => s).filter(s => Math.abs(gradients[s][bias]) > 1e-300);
    if (usable.length === 0 || usable.length < Math.min(4, gradients.length)) continue;
    const weights: LinearModel['weights'] = [];
    for (let p = 0; p < dim; p++) {
      if (p === bias) continue;
      const column = columns.find(c => usable.every(s => {
        const expected = c.values[sampleRow[s]] * gradients[s][bias];
        const actual = gradients[s][p];
        return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * (Math.abs(actual) + Math.abs(expected)) + 1e-300;
      }));
      if (!column) break; // this choice of bias fails; try the next
      weights.push({ parameter: p, column: column.name });
    }
    if (weights.length === dim - 1) {
      const inputs = new Set(weights.map(w => w.column));
      return ok({ bias, weights, targets: objective.dataColumns.filter(c => !inputs.has(c)) });
    }
  }
  return fail(
    'The loss is not of the form h(Σ w·x + b, target) with an intercept, so parameters fitted on rescaled inputs cannot be mapped back exactly ' +
      '(a model without intercept, a penalty on the parameters, or a model nonlinear in its inputs all break this).',
  );
}

function sampleRows(rows: number, rng: Rng): number[] {
  if (rows <= SAMPLE_ROWS) return Array.from({ length: rows }, (_, i) => i);
  return Array.from({ length: SAMPLE_ROWS }, () => rng.int(rows));
}
