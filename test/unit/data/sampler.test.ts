import * as assert from 'assert';
import { datasetFromColumns } from '../../../src/core/data/dataset';
import { DatasetSource, DatasetSourceOptions, createDatasetSource } from '../../../src/core/data/sampler';
import { PerSampleLoss } from '../../../src/core/data/objective';
import { squaredLinear } from './helpers';

// Three rows; at θ = (w, b) = (1, 0.5) the residuals r = w·x + b − y are
//   row 0: 1 + 0.5 − 2 = −0.5    row 1: 2 + 0.5 − 3 = −0.5    row 2: 3 + 0.5 − 7 = −3.5
// Per-row gradients (2r·x, 2r): (−1, −1), (−2, −1), (−21, −7).
// Full batch: ∂L/∂w = (−1 − 2 − 21)/3 = −8, ∂L/∂b = (−1 − 1 − 7)/3 = −3, L = (0.25 + 0.25 + 12.25)/3 = 4.25.
const tiny = datasetFromColumns({ x: [1, 2, 3], y: [2, 3, 7] });
const theta = Float64Array.of(1, 0.5);

function source(options: Partial<DatasetSourceOptions>, loss: PerSampleLoss = squaredLinear, data = tiny): DatasetSource {
  const result = createDatasetSource(loss, data, { batchSize: 'full', shuffle: false, seed: 1, ...options });
  if (!result.ok) assert.fail(result.error.message);
  return result.value;
}

function gradientAt(s: DatasetSource, t: number, x = theta): number[] {
  const out = new Float64Array(s.dim);
  s.gradient(x, t, out);
  return Array.from(out);
}

describe('data/sampler: gradients on a tiny dataset, checked by hand', () => {
  it('full batch: mean gradient (−8, −3) and mean loss 4.25', () => {
    const s = source({ batchSize: 'full' });
    assert.deepStrictEqual(gradientAt(s, 1), [-8, -3]);
    assert.strictEqual(s.loss(theta), 4.25);
    assert.deepStrictEqual([s.batchSize, s.stepsPerEpoch], [3, 1]);
  });

  it('batch size 1 without shuffle: one row per update, in file order, epoch after epoch', () => {
    const s = source({ batchSize: 1 });
    assert.deepStrictEqual([1, 2, 3, 4].map(t => gradientAt(s, t)), [[-1, -1], [-2, -1], [-21, -7], [-1, -1]]);
    assert.deepStrictEqual([0, 1, 3, 4, 6, 7].map(t => s.epochOf(t)), [0, 1, 1, 2, 2, 3]);
    assert.strictEqual(s.loss(theta), 4.25); // the recorded loss is always the full-batch cost
  });

  it('batch size 2 of 3 rows: a batch of two, then a smaller last batch of one', () => {
    const s = source({ batchSize: 2 });
    assert.strictEqual(s.stepsPerEpoch, 2);
    // Rows 0, 1: ((−1 − 2)/2, (−1 − 1)/2) = (−1.5, −1); row 2 alone: (−21, −7).
    assert.deepStrictEqual(gradientAt(s, 1), [-1.5, -1]);
    assert.deepStrictEqual(gradientAt(s, 2), [-21, -7]);
    assert.deepStrictEqual(Array.from(s.batchRows(3)), [0, 1]);
  });

  it('minibatch with B = N (and B > N) equals full batch exactly, shuffled or not', () => {
    const rows = 101;
    const data = datasetFromColumns({ x: Array.from({ length: rows }, (_, i) => Math.sin(i) * 10), y: Array.from({ length: rows }, (_, i) => Math.cos(3 * i)) });
    const x = Float64Array.of(0.37, -1.2);
    const full = source({ batchSize: 'full' }, squaredLinear, data);
    for (const options of [{ batchSize: rows, shuffle: false }, { batchSize: rows, shuffle: true }, { batchSize: rows + 5, shuffle: true }]) {
      const s = source(options, squaredLinear, data);
      for (const t of [1, 2, 7]) assert.deepStrictEqual(gradientAt(s, t, x), gradientAt(full, t, x));
      assert.strictEqual(s.stepsPerEpoch, 1);
    }
  });

  it('a minibatch gradient is the mean of the hand formula over the rows it names', () => {
    const rows = 50;
    const xs = Array.from({ length: rows }, (_, i) => i / 7 - 3);
    const ys = xs.map(v => 2 * v - 1 + Math.sin(v * 13));
    const s = source({ batchSize: 8, shuffle: true, seed: 9 }, squaredLinear, datasetFromColumns({ x: xs, y: ys }));
    const [w, b] = [0.3, 0.4];
    for (const t of [1, 5, 7, 8, 13]) {
      const batch = Array.from(s.batchRows(t));
      const r = (i: number) => w * xs[i] + b - ys[i];
      const expected = [batch.reduce((a, i) => a + 2 * r(i) * xs[i], 0) / batch.length, batch.reduce((a, i) => a + 2 * r(i), 0) / batch.length];
      const actual = gradientAt(s, t, Float64Array.of(w, b));
      actual.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) <= 1e-12 * (1 + Math.abs(expected[j])), `t=${t}`));
    }
  });
});

describe('data/sampler: shuffling and epochs', () => {
  const rows = 50;
  const data = datasetFromColumns({ x: Array.from({ length: rows }, (_, i) => i), y: new Array<number>(rows).fill(0) });
  const orders = (s: DatasetSource, epochs: number): number[][] =>
    Array.from({ length: epochs }, (_, e) => {
      const order: number[] = [];
      for (let k = 1; k <= s.stepsPerEpoch; k++) order.push(...s.batchRows(e * s.stepsPerEpoch + k));
      return order;
    });

  it('visits every row exactly once per epoch, with a smaller last batch (50 rows, B = 7 → 8 updates)', () => {
    const s = source({ batchSize: 7, shuffle: true, seed: 5 }, squaredLinear, data);
    assert.strictEqual(s.stepsPerEpoch, 8);
    assert.strictEqual(s.batchRows(8).length, 1);
    for (const order of orders(s, 4)) assert.deepStrictEqual([...order].sort((a, b) => a - b), Array.from({ length: rows }, (_, i) => i));
    assert.deepStrictEqual([8, 9, 16, 17].map(t => s.epochOf(t)), [1, 2, 2, 3]);
  });

  it('is reproducible with a seed, differs across seeds and across epochs', () => {
    const a = orders(source({ batchSize: 7, shuffle: true, seed: 5 }, squaredLinear, data), 3);
    const b = orders(source({ batchSize: 7, shuffle: true, seed: 5 }, squaredLinear, data), 3);
    const c = orders(source({ batchSize: 7, shuffle: true, seed: 6 }, squaredLinear, data), 3);
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(a[0], c[0]);
    assert.notDeepStrictEqual(a[0], a[1]);
    assert.notDeepStrictEqual(a[0], Array.from({ length: rows }, (_, i) => i));
  });

  it('without shuffle keeps file order every epoch', () => {
    const s = source({ batchSize: 7, shuffle: false }, squaredLinear, data);
    for (const order of orders(s, 2)) assert.deepStrictEqual(order, Array.from({ length: rows }, (_, i) => i));
  });

  it('the batch of update t does not depend on the order updates are asked for (several optimizers share a source)', () => {
    const s = source({ batchSize: 4, shuffle: true, seed: 11 }, squaredLinear, data);
    const t = 40;
    const first = Array.from(s.batchRows(t));
    s.batchRows(1);
    s.batchRows(200);
    assert.deepStrictEqual(Array.from(s.batchRows(t)), first);
    assert.deepStrictEqual(Array.from(source({ batchSize: 4, shuffle: true, seed: 11 }, squaredLinear, data).batchRows(t)), first);
  });
});

describe('data/sampler: bad options and missing columns', () => {
  it('rejects a batch size that is not a positive whole number', () => {
    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
      const r = createDatasetSource(squaredLinear, tiny, { batchSize, shuffle: true, seed: 1 });
      assert.ok(!r.ok && /batchSize/.test(r.error.message), String(batchSize));
    }
  });

  it('describes a bad option value in words: a list, nothing, a text, an object', () => {
    const msg = (options: unknown): string => {
      const r = createDatasetSource(squaredLinear, tiny, options as DatasetSourceOptions);
      return r.ok ? '(ok)' : r.error.message;
    };
    const batch = "batchSize must be a positive whole number or 'full', got ";
    assert.strictEqual(msg({ batchSize: [1], shuffle: true, seed: 1 }), `${batch}a list [1].`);
    assert.strictEqual(msg({ shuffle: true, seed: 1 }), `${batch}nothing.`);
    assert.strictEqual(msg({ batchSize: '2', shuffle: true, seed: 1 }), `${batch}the text "2".`);
    assert.strictEqual(msg({ batchSize: 'Full', shuffle: true, seed: 1 }), `${batch}the text "Full".`);
    assert.strictEqual(msg({ batchSize: 1.5, shuffle: true, seed: 1 }), `${batch}1.5.`);
    assert.strictEqual(msg({ batchSize: 2, shuffle: true, seed: [7] }), 'seed must be a finite number, got a list [7].');
    assert.strictEqual(msg({ batchSize: 2, shuffle: true, seed: '7' }), 'seed must be a finite number, got the text "7".');
    assert.strictEqual(msg({ batchSize: 2, shuffle: true }), 'seed must be a finite number, got nothing.');
    assert.strictEqual(msg({ batchSize: 2, shuffle: 'false', seed: 1 }), 'shuffle must be true or false, got the text "false".');
    assert.strictEqual(msg(null), 'the sampling options must be an object { batchSize, shuffle, seed }, got null.');
    assert.strictEqual(msg(undefined), 'the sampling options must be an object { batchSize, shuffle, seed }, got nothing.');
    const good = { batchSize: 2, shuffle: true, seed: 1 };
    const lossOf = (l: unknown, d: unknown = tiny): string => {
      const r = createDatasetSource(l as PerSampleLoss, d as typeof tiny, good);
      return r.ok ? '(ok)' : r.error.message;
    };
    assert.strictEqual(lossOf(undefined), 'the loss must be a compiled per-sample loss, got nothing.');
    assert.strictEqual(lossOf({ f: 1 }), 'the loss must be a compiled per-sample loss, got an object with f.');
    assert.strictEqual(lossOf(squaredLinear, [1, 2]), 'the data must be a dataset { columns, rows, data }, got a list [1, 2].');
  });

  it('an update index that names no update (0, negative, fractional, NaN) gives no batch and a NaN gradient, not an exception', () => {
    for (const batchSize of ['full', 1, 2] as const) {
      const s = source({ batchSize, shuffle: true });
      for (const t of [0, -1, 1.5, Number.NaN, Infinity]) {
        assert.strictEqual(s.batchRows(t).length, 0, `batch ${batchSize}, t = ${t}`);
        assert.deepStrictEqual(gradientAt(s, t).map(Number.isNaN), [true, true], `batch ${batchSize}, t = ${t}`);
      }
      // and the next valid update is unaffected: full batch at θ = (1, 0.5) is (−8, −3) (header comment)
      if (batchSize === 'full') assert.deepStrictEqual(gradientAt(s, 1), [-8, -3]);
    }
  });

  it('names the column the loss needs and the data lacks', () => {
    const r = createDatasetSource(squaredLinear, datasetFromColumns({ x: [1], target: [2] }), { batchSize: 1, shuffle: false, seed: 1 });
    assert.ok(!r.ok);
    assert.strictEqual(r.error.message, "The loss uses column 'y', which the data does not have (columns: x, target).");
  });
});
