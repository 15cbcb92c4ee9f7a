/**
 * Gradient sources over a dataset, orthogonal to the update rule: the optimizer loop in run.ts asks
 * for the gradient of update t and never knows whether it came from all rows, one row or a batch.
 *
 * - batchSize 'full' (or ≥ rows): every update uses the mean gradient over all rows — gradient descent.
 * - batchSize 1: one row per update — stochastic gradient descent.
 * - batchSize B: minibatches of B rows.
 *
 * An epoch is one pass over the rows: stepsPerEpoch = ceil(rows / B) updates, every row used exactly
 * once. When rows is not a multiple of B the LAST batch of each epoch is smaller (rows mod B rows);
 * its gradient is still a mean, so its scale matches the others (PyTorch DataLoader's default,
 * drop_last=False). With `shuffle`, the row order is re-drawn before every epoch.
 *
 * Reproducibility: the order for epoch e is a pure function of (seed, e) — not of how many times
 * the source was called — so several optimizers sharing one source, run one after another or
 * interleaved, see exactly the same batches at the same update t (a fair race).
 */
import { describeValue } from '../describe';
import { Result, fail, ok } from '../result';
import { Dataset } from './dataset';
import { DatasetLoss, PerSampleLoss } from './datasetLoss';
import { Rng } from './rng';

export interface DatasetSourceOptions {
  /** Rows per update; 'full' (or any value ≥ rows) is full-batch gradient descent. */
  batchSize: number | 'full';
  /** Re-draw the row order before every epoch (the usual default); false keeps file order. */
  shuffle: boolean;
  seed: number;
}

/** Structurally a run.ts GradientSource, plus what charts and tables need about epochs and batches. */
export interface DatasetSource {
  dim: number;
  rows: number;
  /** Effective batch size (rows when full batch). */
  batchSize: number;
  stepsPerEpoch: number;
  /** Full-batch mean cost: what the recorded loss and the contour show, whatever the batch size. */
  loss(x: Float64Array): number;
  /**
   * Mean gradient over the batch of update t into `out`. t is a whole number ≥ 1 (run.ts counts
   * updates from 1); for any other t there is no batch and every component is NaN.
   */
  gradient(x: Float64Array, t: number, out: Float64Array): void;
  /** Full-batch mean gradient (the reference direction; also what batch 'full' uses). */
  fullGradient(x: Float64Array, out: Float64Array): void;
  /** 1-based epoch that update t belongs to (updates 1..stepsPerEpoch are epoch 1); 0 for t = 0. */
  epochOf(t: number): number;
  /**
   * Row indices used by update t. A view into internal storage, valid until the next call. Empty
   * when t is not a whole number ≥ 1.
   */
  batchRows(t: number): Uint32Array;
}

export function createDatasetSource(objective: PerSampleLoss, dataset: Dataset, options: DatasetSourceOptions): Result<DatasetSource> {
  const given: unknown = options;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return fail(`the sampling options must be an object { batchSize, shuffle, seed }, got ${describeValue(given)}.`);
  }
  const requested = options.batchSize;
  if (requested !== 'full' && !(typeof requested === 'number' && Number.isInteger(requested) && requested >= 1)) {
    return fail(`batchSize must be a positive whole number or 'full', got ${describeValue(requested)}.`);
  }
  if (!(typeof options.seed === 'number' && Number.isFinite(options.seed))) return fail(`seed must be a finite number, got ${describeValue(options.seed)}.`);
  if (typeof options.shuffle !== 'boolean') return fail(`shuffle must be true or false, got ${describeValue(options.shuffle)}.`);
  const lossIn: unknown = objective;
  if (typeof lossIn !== 'object' || lossIn === null || !Array.isArray(objective.dataColumns) || !Array.isArray(objective.variables)) {
    return fail(`the loss must be a compiled per-sample loss, got ${describeValue(lossIn)}.`);
  }
  const dataIn: unknown = dataset;
  if (typeof dataIn !== 'object' || dataIn === null || !Array.isArray(dataset.columns) || !Array.isArray(dataset.data) || !Number.isSafeInteger(dataset.rows) || dataset.rows < 0) {
    return fail(`the data must be a dataset { columns, rows, data }, got ${describeValue(dataIn)}.`);
  }
  const bound = DatasetLoss.bind(objective, dataset);
  if (!bound.ok) return bound;
  const loss = bound.value;
  const rows = dataset.rows;
  const batchSize = requested === 'full' ? rows : Math.min(requested, rows);
  const stepsPerEpoch = Math.ceil(rows / batchSize);
  const full = batchSize === rows;
  const shuffle = options.shuffle && !full;

  const order = new Uint32Array(rows);
  let orderEpoch = -1;
  /** The row order for `epoch`, recomputed only when the epoch changes. */
  const orderFor = (epoch: number): Uint32Array => {
    if (epoch !== orderEpoch) {
      for (let i = 0; i < rows; i++) order[i] = i;
      if (shuffle) new Rng(options.seed, epoch).shuffle(order);
      orderEpoch = epoch;
    }
    return order;
  };
  const epochOf = (t: number): number => (t <= 0 ? 0 : Math.ceil(t / stepsPerEpoch));
  const batchRange = (t: number): [start: number, end: number] => {
    const start = ((t - 1) % stepsPerEpoch) * batchSize;
    return [start, Math.min(start + batchSize, rows)];
  };
  /** Whether t names an update (run.ts counts them from 1); other values get no batch, not an exception. */
  const isUpdate = (t: number): boolean => Number.isInteger(t) && t >= 1;
  const noRows = new Uint32Array(0);

  return ok({
    dim: loss.dim,
    rows,
    batchSize,
    stepsPerEpoch,
    loss: x => loss.meanLoss(x),
    fullGradient: (x, out) => loss.meanGradient(x, out, null, 0, rows),
    gradient(x, t, out) {
      if (!isUpdate(t)) {
        out.fill(NaN);
        return;
      }
      // A full batch sums rows in file order whatever `shuffle` says: the mean is the same set of
      // rows, and a fixed order makes B = rows bit-identical to 'full'.
      if (full) return loss.meanGradient(x, out, null, 0, rows);
      const [start, end] = batchRange(t);
      loss.meanGradient(x, out, shuffle ? orderFor(epochOf(t)) : null, start, end);
    },
    epochOf,
    batchRows(t) {
      if (!isUpdate(t)) return noRows;
      const [start, end] = full ? [0, rows] : batchRange(t);
      return orderFor(shuffle ? epochOf(t) : 0).subarray(start, end);
    },
  });
}
