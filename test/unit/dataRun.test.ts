import * as assert from 'assert';
import { datasetFromColumns } from '../../src/core/data/dataset';
import { dataSummary, onOriginalScale, prepareData } from '../../src/core/dataRun';
import { DataConfig } from '../../src/core/protocol';

const config = (over: Partial<DataConfig> = {}): DataConfig =>
  ({ file: 'mem', parameters: ['w', 'b'], batchSize: 'full', epochs: 5, shuffle: true, rescale: 'standard', seed: 1, ...over });

describe('prepared dataset runs', () => {
  const data = datasetFromColumns({ x: [1, 2, 3], y: [2, 3, 7] });

  it('steps = epochs × ceil(rows / batch size)', () => {
    const full = prepareData('(w*x + b - y)^2', data, config());
    assert.ok(full.ok);
    assert.strictEqual(full.value.steps, 5);
    const mini = prepareData('(w*x + b - y)^2', data, config({ batchSize: 2, epochs: 4 }));
    assert.ok(mini.ok);
    assert.strictEqual(mini.value.steps, 8);
  });

  it('the least-squares reference on standardised x, and the map back to the original scale', () => {
    const p = prepareData('(w*x + b - y)^2', data, config());
    assert.ok(p.ok);
    // Original fit: slope = Sxy/Sxx = 5/2, intercept = 4 − 2.5·2 = −1. With x' = (x − 2)/σ, σ = √(2/3):
    // w' = 2.5σ, b' = −1 + 2.5·2 = 4.
    const sigma = Math.sqrt(2 / 3);
    const [w, b] = p.value.leastSquares!;
    assert.ok(Math.abs(w - 2.5 * sigma) < 1e-12 && Math.abs(b - 4) < 1e-12);
    const back = onOriginalScale(p.value, [w, b])!;
    assert.ok(Math.abs(back[0] - 2.5) < 1e-12 && Math.abs(back[1] + 1) < 1e-12);
    // original = M·scaled + c with w = w'/σ, b = b' − w'·μ/σ (μ = 2).
    const s = dataSummary(p.value, config(), ['x', 'y']);
    const m = s.toOriginal!;
    const expected = [[1 / sigma, 0], [-2 / sigma, 1]];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) assert.ok(Math.abs(m.matrix[i][j] - expected[i][j]) < 1e-12, `M[${i}][${j}]`);
    assert.deepStrictEqual(m.offset.map(v => Math.abs(v) < 1e-12), [true, true]);
    assert.deepStrictEqual([s.rows, s.batchSize, s.stepsPerEpoch], [3, 3, 1]);
  });

  it('a logistic loss has no least-squares reference, and says why', () => {
    const cls = datasetFromColumns({ x: [0, 1, 2, 3], y: [-1, -1, 1, 1] });
    const p = prepareData('log(1 + exp(-y*(w*x + b)))', cls, config({ rescale: 'none' }));
    assert.ok(p.ok);
    assert.strictEqual(p.value.leastSquares, undefined);
    assert.ok(p.value.leastSquaresNote && p.value.leastSquaresNote.length > 0);
  });

  it('names a column the loss uses but the data lacks', () => {
    const p = prepareData('(w*z + b - y)^2', data, config());
    assert.strictEqual(p.ok, false);
    assert.match(!p.ok ? p.error.message : '', /'z'/);
  });
});
