/**
 * Rescaling input columns, and reporting parameters fitted on the rescaled data on the original
 * scale.
 *
 * Each scaled column is x' = (x − shift) / scale:
 *   minmax            shift = min,          scale = max − min          → [0, 1]
 *   minmax-symmetric  shift = (min+max)/2,  scale = (max − min) / 2    → [−1, 1]
 *   standard          shift = mean,         scale = population sd      → mean 0, sd 1 (sklearn StandardScaler)
 * A constant column is only shifted (scale 1): dividing by a zero range would make it NaN.
 *
 * WHICH COLUMNS: by default the inputs (features) of a loss linear in its inputs, found by
 * detectLinearModel — never the target, because a label y ∈ {−1, 1} in a logistic loss stops being a
 * label once shifted. `scaleTarget: true` also scales the remaining columns (valid for squared loss:
 * the cost is then multiplied by scale_y², the minimiser maps back). Callers may instead name
 * `columns` explicitly, e.g. for a loss that is not linear in its inputs.
 *
 * BACK TO THE ORIGINAL SCALE (linear model z = Σ w'_j x'_j + b', target y = scale_y·y' + shift_y):
 *   w_j = scale_y · w'_j / scale_j
 *   b   = scale_y · (b' − Σ_j w'_j · shift_j / scale_j) + shift_y
 * which is exact because z_original = scale_y · z' + shift_y for every row. Every mapping is checked
 * numerically on sample rows before it is offered (see verify below); when the loss is not of that
 * form, toOriginal is a failure saying why — never a guess.
 */
import { describeValue } from '../describe';
import { Result, fail, ok } from '../result';
import { Dataset } from './dataset';
import { LinearModel, detectLinearModel } from './linearModel';
import { DatasetLoss, PerSampleLoss } from './objective';
import { Rng } from './rng';
import { SCALE_METHODS, type ScaleMethod } from './scaleMethods';

export { SCALE_METHODS, type ScaleMethod };

/** x' = (x − shift) / scale; x = x'·scale + shift. Untouched columns have shift 0, scale 1. */
export interface ColumnTransform {
  column: string;
  method: ScaleMethod;
  shift: number;
  scale: number;
}

export interface ScaleOptions {
  method: ScaleMethod;
  /** Columns to scale; default: the inputs of the linear model (plus targets when scaleTarget). */
  columns?: readonly string[];
  /** Also scale the target column(s) of a linear model; default false. */
  scaleTarget?: boolean;
}

export interface Rescaling {
  method: ScaleMethod;
  /** The scaled data (columns not scaled share their arrays with the input dataset). */
  dataset: Dataset;
  /** One per dataset column, in dataset order. */
  transforms: ColumnTransform[];
  /** The detected linear model, or why there is none. */
  linearModel: Result<LinearModel>;
  /** Parameters fitted on the scaled data → the same model on the original data. */
  toOriginal(scaled: ArrayLike<number>): Result<Float64Array>;
  /** Original-scale parameters (a start point, the least-squares optimum) → scaled coordinates. */
  toScaled(original: ArrayLike<number>): Result<Float64Array>;
}

/** Scales the named columns of `dataset`; the others are passed through unchanged. */
export function scaleColumns(dataset: Dataset, method: ScaleMethod, columns: readonly string[]): Result<{ dataset: Dataset; transforms: ColumnTransform[] }> {
  for (const name of columns) {
    if (!dataset.columns.includes(name)) return fail(`Cannot rescale column '${name}': the data has no such column (columns: ${dataset.columns.join(', ')}).`);
  }
  const transforms: ColumnTransform[] = [];
  const data = dataset.data.map((values, c) => {
    const name = dataset.columns[c];
    if (method === 'none' || !columns.includes(name)) {
      transforms.push({ column: name, method: 'none', shift: 0, scale: 1 });
      return values;
    }
    const { shift, scale } = fitTransform(values, method);
    transforms.push({ column: name, method, shift, scale });
    const scaled = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) scaled[i] = (values[i] - shift) / scale;
    return scaled;
  });
  return ok({ dataset: { columns: dataset.columns.slice(), rows: dataset.rows, data }, transforms });
}

function fitTransform(values: Float64Array, method: Exclude<ScaleMethod, 'none'>): { shift: number; scale: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const nonZero = (s: number): number => (s > 0 && Number.isFinite(s) ? s : 1);
  if (method === 'minmax') return { shift: min, scale: nonZero(max - min) };
  if (method === 'minmax-symmetric') return { shift: (min + max) / 2, scale: nonZero((max - min) / 2) };
  // Two-pass variance: the one-pass formula loses digits on data far from zero.
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { shift: mean, scale: nonZero(Math.sqrt(squares / values.length)) };
}

/** Rescales the data for `objective` and, where exact, provides the map back to the original scale. */
export function rescale(objective: PerSampleLoss, dataset: Dataset, options: ScaleOptions): Result<Rescaling> {
  if (!SCALE_METHODS.includes(options.method)) return fail(`the rescaling must be one of ${SCALE_METHODS.join(', ')}, got ${describeValue(options.method)}.`);
  const linearModel = detectLinearModel(objective, dataset);
  let columns = options.columns;
  if (!columns) {
    if (options.method !== 'none' && !linearModel.ok) {
      return fail(`Cannot tell which columns are inputs: ${linearModel.error.message} Name the columns to rescale explicitly.`);
    }
    columns = linearModel.ok ? [...linearModel.value.weights.map(w => w.column), ...(options.scaleTarget ? linearModel.value.targets : [])] : [];
  }
  const scaled = scaleColumns(dataset, options.method, columns);
  if (!scaled.ok) return scaled;
  const { transforms } = scaled.value;
  const mapping = linearModel.ok ? linearMapping(linearModel.value, transforms) : linearModel;
  const checked = mapping.ok ? verify(objective, dataset, scaled.value.dataset, mapping.value, transforms) : mapping;
  return ok({
    method: options.method,
    dataset: scaled.value.dataset,
    transforms,
    linearModel,
    toOriginal: p => (checked.ok ? ok(checked.value.toOriginal(p)) : fail(checked.error.message)),
    toScaled: p => (checked.ok ? ok(checked.value.toScaled(p)) : fail(checked.error.message)),
  });
}

/**
 * The formula above, without the numerical check (rescale() checks it against the loss). Parameters
 * are indexed as in `model`; `transforms` must include the target's when it was scaled.
 */
export function unscaleLinearParameters(model: LinearModel, transforms: readonly ColumnTransform[], scaled: ArrayLike<number>): Result<Float64Array> {
  const mapping = linearMapping(model, transforms);
  return mapping.ok ? ok(mapping.value.toOriginal(scaled)) : fail(mapping.error.message);
}

/** Inverse of unscaleLinearParameters: original-scale parameters → scaled coordinates. */
export function scaleLinearParameters(model: LinearModel, transforms: readonly ColumnTransform[], original: ArrayLike<number>): Result<Float64Array> {
  const mapping = linearMapping(model, transforms);
  return mapping.ok ? ok(mapping.value.toScaled(original)) : fail(mapping.error.message);
}

interface LinearMapping {
  toOriginal(scaled: ArrayLike<number>): Float64Array;
  toScaled(original: ArrayLike<number>): Float64Array;
  /** Whether the target was scaled (then the cost is multiplied by a constant instead of kept). */
  targetScaled: boolean;
}

function linearMapping(model: LinearModel, transforms: readonly ColumnTransform[]): Result<LinearMapping> {
  const byName = new Map(transforms.map(t => [t.column, t]));
  const scaledTargets = model.targets.filter(t => byName.get(t)?.method !== 'none');
  if (scaledTargets.length > 1) return fail(`Several target columns were rescaled (${scaledTargets.join(', ')}); only one can be undone.`);
  const target = scaledTargets.length ? byName.get(scaledTargets[0]) : undefined;
  const ty = target?.scale ?? 1;
  const my = target?.shift ?? 0;
  const features = model.weights.map(w => ({ parameter: w.parameter, t: byName.get(w.column) ?? { shift: 0, scale: 1 } }));
  const dim = model.weights.length + 1;
  return ok({
    targetScaled: target !== undefined,
    toOriginal(scaled) {
      const out = new Float64Array(dim);
      let bias = scaled[model.bias];
      for (const { parameter, t } of features) {
        out[parameter] = (ty * scaled[parameter]) / t.scale;
        bias -= (scaled[parameter] * t.shift) / t.scale;
      }
      out[model.bias] = ty * bias + my;
      return out;
    },
    toScaled(original) {
      // Inverse of toOriginal: w'_j = w_j·scale_j/scale_y, b' = (b − shift_y)/scale_y + Σ w'_j·shift_j/scale_j.
      const out = new Float64Array(dim);
      let bias = (original[model.bias] - my) / ty;
      for (const { parameter, t } of features) {
        out[parameter] = (original[parameter] * t.scale) / ty;
        bias += (out[parameter] * t.shift) / t.scale;
      }
      out[model.bias] = bias;
      return out;
    },
  });
}

/**
 * Checks the mapping on sample rows: for random scaled parameters θ'_1, θ'_2 and θ_k = toOriginal(θ'_k),
 * ℓ(θ_1; row) − ℓ(θ_2; row) must equal c·(ℓ'(θ'_1; row') − ℓ'(θ'_2; row')) with ONE constant c > 0
 * (c = 1 when the target is untouched). Then the two costs differ by a positive factor and a constant,
 * so they have the same minimiser and the reported parameters are exactly right.
 */
function verify(objective: PerSampleLoss, original: Dataset, scaled: Dataset, mapping: LinearMapping, transforms: ColumnTransform[]): Result<LinearMapping> {
  const rawLoss = DatasetLoss.bind(objective, original);
  const scaledLoss = DatasetLoss.bind(objective, scaled);
  if (!rawLoss.ok) return rawLoss;
  if (!scaledLoss.ok) return scaledLoss;
  const rng = new Rng(7, 0x5ca1e);
  const dim = rawLoss.value.dim;
  const pairs: [raw: number, scaled: number][] = [];
  for (let k = 0; k < 12; k++) {
    const a = Float64Array.from({ length: dim }, () => rng.normal());
    const b = Float64Array.from({ length: dim }, () => rng.normal());
    const row = rng.int(original.rows);
    pairs.push([
      rawLoss.value.rowLoss(mapping.toOriginal(a), row) - rawLoss.value.rowLoss(mapping.toOriginal(b), row),
      scaledLoss.value.rowLoss(a, row) - scaledLoss.value.rowLoss(b, row),
    ]);
  }
  const reference = pairs.reduce((best, p) => (Math.abs(p[1]) > Math.abs(best[1]) ? p : best));
  const c = mapping.targetScaled ? reference[0] / reference[1] : 1;
  const exact = Number.isFinite(c) && c > 0 && pairs.every(([raw, sc]) => Math.abs(raw - c * sc) <= 1e-7 * (Math.abs(raw) + Math.abs(c * sc)) + 1e-12);
  if (exact) return ok(mapping);
  const scaledNames = transforms.filter(t => t.method !== 'none').map(t => t.column);
  return fail(
    `Rescaling ${scaledNames.join(', ')} changes this loss in a way the parameters cannot undo exactly` +
      (mapping.targetScaled ? ' (a rescaled target only works for a squared loss)' : '') + '; parameters are reported on the rescaled data only.',
  );
}
