/**
 * A dataset objective ready to run: the per-sample loss compiled against the CSV's columns, the
 * inputs rescaled, the gradient source (full batch / one sample / minibatches, shuffled per epoch,
 * seeded), and the exact least-squares optimum as the reference when the loss is a squared loss
 * of a model linear in its parameters. Shared by the panel host and the CLI.
 */
import { compileDatasetLoss, CompiledLoss } from './data/objective';
import { Dataset } from './data/dataset';
import { createDatasetSource, DatasetSource } from './data/sampler';
import { Rescaling, rescale } from './data/scale';
import { solveLeastSquares } from './data/leastSquares';
import { DataConfig, PanelModel } from './protocol';
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
}

export function prepareData(loss: string, dataset: Dataset, config: DataConfig): Result<PreparedData> {
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
  const source = createDatasetSource(objective, data, { batchSize: config.batchSize, shuffle: config.shuffle, seed: config.seed });
  if (!source.ok) return source;
  const ls = solveLeastSquares(objective, data);
  const steps = config.epochs * source.value.stepsPerEpoch;
  if (steps > 1_000_000) return fail(`${config.epochs} epochs of ${source.value.stepsPerEpoch} updates is ${steps} updates; the limit is 1,000,000 (use fewer epochs or a larger batch size)`);
  return ok({
    objective,
    source: source.value,
    rescaling,
    steps,
    rows: data.rows,
    ...(ls.ok
      ? { leastSquares: ls.value.parameters, reference: { name: 'least squares', minima: [Array.from(ls.value.parameters)] } }
      : { leastSquaresNote: ls.error.message }),
  });
}

/** Parameters fitted on the rescaled data, on the original scale (undefined when not exact). */
export function onOriginalScale(p: PreparedData, params: ArrayLike<number>): Float64Array | undefined {
  if (!p.rescaling) return Float64Array.from(params);
  const r = p.rescaling.toOriginal(params);
  return r.ok ? r.value : undefined;
}
