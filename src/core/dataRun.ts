/**
 * A dataset objective ready to run: the per-sample loss compiled against the CSV's columns, the
 * inputs rescaled, the gradient source (full batch / one sample / minibatches, shuffled per epoch,
 * seeded), and the exact least-squares optimum as the reference when the loss is a squared loss
 * of a model linear in its parameters. Shared by the panel host and the CLI.
 */
import { compileDatasetLoss, CompiledLoss } from './data/objective';
import { Dataset } from './data/dataset';
import { createDatasetSource, DatasetSource, DatasetSourceOptions } from './data/sampler';
import { Rescaling, SCALE_METHODS, rescale } from './data/scale';
import { describeValue } from './describe';
import { LIMITS } from './limits';
import { solveLeastSquares } from './data/leastSquares';
import { DataConfig, DataSummary, PanelModel } from './protocol';
import { fail, ok, Result } from './result';

export interface PreparedData {
  objective: CompiledLoss;
  source: DatasetSource;
  rescaling?: Rescaling;
  /** θ* on the scale the optimizers run on (the rescaled data), when the loss is least squares. */
  leastSquares?: Float64Array;
  /** Why there is no least-squares reference (shown as a note). */
  leastSquaresNote?: string;
  reference?: PanelModel['reference'];
  /** Updates for the configured number of epochs. */
  steps: number;
  rows: number;
  /** The data the source samples (rescaled when `rescaling` is set) and its sampling settings: a worker rebuilds the same source from them. */
  data: Dataset;
  sampling: DatasetSourceOptions;
}

/** Why `config` cannot drive a dataset run (its shape; batchSize, shuffle and seed are checked by the sampler), or undefined. */
function dataConfigProblem(config: unknown): string | undefined {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return `the data configuration must be an object { parameters, batchSize, epochs, shuffle, rescale, seed }, got ${describeValue(config)}`;
  }
  const c = config as Record<string, unknown>;
  if (!Array.isArray(c.parameters) || !c.parameters.every(p => typeof p === 'string')) {
    return `parameters must be a list of parameter names (empty: every symbol that is not a column), got ${describeValue(c.parameters)}`;
  }
  if (!(typeof c.epochs === 'number' && Number.isInteger(c.epochs) && c.epochs >= 1)) return `epochs must be a whole number >= 1, got ${describeValue(c.epochs)}`;
  if (!(SCALE_METHODS as readonly unknown[]).includes(c.rescale)) return `rescale must be one of ${SCALE_METHODS.join(', ')}, got ${describeValue(c.rescale)}`;
  return undefined;
}

/** Compiles, rescales and samples a dataset objective; any input gives a value, never an exception. */
export function prepareData(loss: string, dataset: Dataset, config: DataConfig): Result<PreparedData> {
  if (typeof loss !== 'string') return fail(`the loss must be a text, got ${describeValue(loss)}`);
  const dataIn: unknown = dataset;
  if (typeof dataIn !== 'object' || dataIn === null || !Array.isArray(dataset.columns) || !Array.isArray(dataset.data) || !Number.isSafeInteger(dataset.rows)) {
    return fail(`the data must be a dataset { columns, rows, data }, got ${describeValue(dataIn)}`);
  }
  const problem = dataConfigProblem(config);
  if (problem) return fail(problem);
  const compiled = compileDatasetLoss(loss, dataset, config.parameters.length ? config.parameters : undefined);
  if (!compiled.ok) return compiled;
  const objective = compiled.value;
  let data = dataset;
  let rescaling: Rescaling | undefined;
  if (config.rescale !== 'none') {
    const r = rescale(objective, dataset, { method: config.rescale });
    if (!r.ok) return fail(`Rescaling (${config.rescale}): ${r.error.message}`);
    rescaling = r.value;
    data = r.value.dataset;
  }
  const sampling: DatasetSourceOptions = { batchSize: config.batchSize, shuffle: config.shuffle, seed: config.seed };
  const source = createDatasetSource(objective, data, sampling);
  if (!source.ok) return source;
  const ls = solveLeastSquares(objective, data);
  const steps = config.epochs * source.value.stepsPerEpoch;
  if (steps > LIMITS.maxSteps) return fail(`${config.epochs} epochs of ${source.value.stepsPerEpoch} updates is ${steps} updates; the limit is ${LIMITS.maxSteps.toLocaleString('en-US')} (use fewer epochs or a larger batch size)`);
  return ok({
    objective,
    source: source.value,
    rescaling,
    steps,
    rows: data.rows,
    data,
    sampling,
    ...(ls.ok
      ? { leastSquares: ls.value.parameters, reference: { kind: 'least-squares' as const, minima: [Array.from(ls.value.parameters)] } }
      : { leastSquaresNote: ls.error.message }),
  });
}

/**
 * The affine map from scaled to original parameters as a matrix and an offset (the unscaling of a
 * linear model is affine: probe it at 0 and the unit vectors), or why there is none.
 */
export function dataSummary(p: PreparedData, config: DataConfig, columns: string[]): DataSummary {
  const base: DataSummary = { rows: p.rows, columns, batchSize: p.source.batchSize, stepsPerEpoch: p.source.stepsPerEpoch, rescale: config.rescale };
  if (!p.rescaling) return base;
  const n = p.objective.variables.length;
  const at = (v: ArrayLike<number>) => p.rescaling!.toOriginal(v);
  const zero = at(new Float64Array(n));
  if (!zero.ok) return { ...base, note: zero.error.message };
  const offset = Array.from(zero.value);
  const matrix: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const col = at(e);
    if (!col.ok) return { ...base, note: col.error.message };
    for (let i = 0; i < n; i++) matrix[i][j] = col.value[i] - offset[i];
  }
  return { ...base, toOriginal: { matrix, offset } };
}

/** Parameters fitted on the rescaled data, on the original scale (undefined when not exact). */
export function onOriginalScale(p: PreparedData, params: ArrayLike<number>): Float64Array | undefined {
  if (!p.rescaling) return Float64Array.from(params);
  const r = p.rescaling.toOriginal(params);
  return r.ok ? r.value : undefined;
}
