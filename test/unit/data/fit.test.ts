import * as assert from 'assert';
import { readCsvFile } from '../../../src/cli/readCsv';
import { Dataset } from '../../../src/core/data/dataset';
import { compileDatasetLoss } from '../../../src/core/data/objective';
import { createDatasetSource } from '../../../src/core/data/sampler';
import { rescale } from '../../../src/core/data/scale';
import { runOptimizers } from '../../../src/core/run';
import { repoFile, squaredLinear } from './helpers';

/** Slope and intercept of simple linear regression, by the textbook formulas (independent of the code). */
function closedForm(xs: ArrayLike<number>, ys: ArrayLike<number>): [slope: number, intercept: number] {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i] / n; my += ys[i] / n; }
  let cov = 0;
  let varx = 0;
  for (let i = 0; i < n; i++) { cov += (xs[i] - mx) * (ys[i] - my); varx += (xs[i] - mx) ** 2; }
  return [cov / varx, my - (cov / varx) * mx];
}

describe('data: optimizers on a dataset, through run.ts', () => {
  let data: Dataset;
  let reference: [number, number];
  before(async () => {
    const r = await readCsvFile(repoFile('media/datasets/linear-regression.csv'));
    if (!r.ok) assert.fail(r.error.message);
    data = r.value;
    reference = closedForm(data.data[0], data.data[1]);
  });

  for (const kind of ['hand-written', 'compiled'] as const) {
    it(`gradient descent on standardised x reaches the least-squares fit, reported on the original scale (${kind} loss)`, () => {
      const compiled = compileDatasetLoss('(w*x + b - y)^2', data, ['w', 'b']);
      if (!compiled.ok) assert.fail(compiled.error.message);
      const loss = kind === 'compiled' ? compiled.value : squaredLinear;
      const scaled = rescale(loss, data, { method: 'standard' });
      if (!scaled.ok) assert.fail(scaled.error.message);
      const source = createDatasetSource(loss, scaled.value.dataset, { batchSize: 'full', shuffle: true, seed: 1 });
      if (!source.ok) assert.fail(source.error.message);
      // Standardised x has mean 0 and variance 1, so the Hessian is 2·I: lr 0.1 contracts the error by 0.8 per step.
      const traces = runOptimizers(source.value, [{ optimizer: 'sgd', hyperparameters: { lr: 0.1 } }], { start: [0, 0], steps: 300 });
      if (!traces.ok) assert.fail(traces.error.message);
      const trace = traces.value[0];
      const last = trace.path.slice((trace.count - 1) * 2, trace.count * 2);
      const original = scaled.value.toOriginal(last);
      if (!original.ok) assert.fail(original.error.message);
      assert.ok(Math.abs(original.value[0] - reference[0]) < 1e-10 * Math.abs(reference[0]), `w ${original.value[0]} vs ${reference[0]}`);
      assert.ok(Math.abs(original.value[1] - reference[1]) < 1e-9 * Math.max(1, Math.abs(reference[1])), `b ${original.value[1]} vs ${reference[1]}`);
    });
  }

  it('on the raw x ∈ [0, 100] the same number of steps gets nowhere near (why rescaling matters)', () => {
    const source = createDatasetSource(squaredLinear, data, { batchSize: 'full', shuffle: false, seed: 1 });
    if (!source.ok) assert.fail(source.error.message);
    // Largest curvature ≈ 2·E[x²] ≈ 6,700: lr must stay below 2/6,700 ≈ 3e-4, and then b barely moves.
    const traces = runOptimizers(source.value, [{ optimizer: 'sgd', hyperparameters: { lr: 2.5e-4 } }], { start: [0, 0], steps: 300 });
    if (!traces.ok) assert.fail(traces.error.message);
    const t = traces.value[0];
    const b = t.path[(t.count - 1) * 2 + 1];
    assert.strictEqual(t.stop.reason, 'max-steps');
    assert.ok(Math.abs(b - reference[1]) > 1, `b = ${b}`);
  });

  it('minibatch SGD records epochs: 200 rows, B = 32 → 7 updates per epoch', () => {
    const scaled = rescale(squaredLinear, data, { method: 'standard' });
    if (!scaled.ok) assert.fail(scaled.error.message);
    const source = createDatasetSource(squaredLinear, scaled.value.dataset, { batchSize: 32, shuffle: true, seed: 3 });
    if (!source.ok) assert.fail(source.error.message);
    assert.strictEqual(source.value.stepsPerEpoch, 7);
    const traces = runOptimizers(source.value, [{ optimizer: 'sgd', hyperparameters: { lr: 0.05 } }, { optimizer: 'adam', hyperparameters: { lr: 0.05 } }], { start: [0, 0], steps: 70 });
    if (!traces.ok) assert.fail(traces.error.message);
    for (const t of traces.value) {
      assert.deepStrictEqual(Array.from(t.epoch ?? []).slice(0, 9), [0, 1, 1, 1, 1, 1, 1, 1, 2]);
      assert.strictEqual(t.epoch?.[70], 10);
    }
  });
});
