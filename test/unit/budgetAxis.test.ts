import * as assert from 'assert';
import { availableAxes, axisTitle, xOf } from '../../src/webview/budgetAxis';

// The loss chart's equal-budget axes (src/webview/budgetAxis.ts) in plain Node.
describe('webview equal-budget axes', () => {
  it('full batch (B = N = 10): every update costs 10 per-sample gradients', () => {
    const x = xOf('evaluations', { stepsPerEpoch: 1, cost: { rows: 10, batchSize: 10 } });
    assert.deepStrictEqual([0, 1, 2, 5].map(x), [0, 10, 20, 50]);
  });

  it('SGD (B = 1): one gradient per update, the same numbers as the steps', () => {
    const x = xOf('evaluations', { stepsPerEpoch: 10, cost: { rows: 10, batchSize: 1 } });
    assert.deepStrictEqual([0, 1, 7, 25].map(x), [0, 1, 7, 25]);
  });

  it('minibatch B = 4 of 10 rows: updates of 4, 4 and the 2 left, then the next epoch', () => {
    const x = xOf('evaluations', { stepsPerEpoch: 3, cost: { rows: 10, batchSize: 4 } });
    assert.deepStrictEqual([1, 2, 3, 4, 6].map(x), [4, 8, 10, 14, 20]);
    const e = xOf('epoch', { stepsPerEpoch: 3, cost: { rows: 10, batchSize: 4 } });
    assert.deepStrictEqual([3, 4.5, 6].map(e), [1, 1.5, 2]);
  });

  it('a plain objective has only steps; a dataset all three; an unavailable axis falls back to steps', () => {
    assert.deepStrictEqual(availableAxes({}), ['step']);
    assert.deepStrictEqual(availableAxes({ stepsPerEpoch: 3, cost: { rows: 10, batchSize: 4 } }), ['step', 'epoch', 'evaluations']);
    assert.strictEqual(xOf('evaluations', {})(7), 7);
    assert.strictEqual(axisTitle('evaluations'), 'gradient evaluations (per sample)');
  });
});
