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
    assert.match(p.value.leastSquaresNote ?? '', /^No closed-form least-squares solution: the cost is not a quadratic function of the parameters/);
  });

  it('names a column the loss uses but the data lacks', () => {
    const p = prepareData('(w*z + b - y)^2', data, config());
    assert.strictEqual(p.ok, false);
    assert.match(!p.ok ? p.error.message : '', /'z'/);
  });

  it('a configuration from JSON: an error value naming the field and describing its value, never an exception', () => {
    const msg = (c: unknown, loss: unknown = '(w*x + b - y)^2', d: unknown = data): string => {
      const p = prepareData(loss as string, d as typeof data, c as DataConfig);
      return p.ok ? '(ok)' : p.error.message;
    };
    const shape = 'the data configuration must be an object { parameters, batchSize, epochs, shuffle, rescale, seed }, got ';
    assert.strictEqual(msg(undefined), `${shape}nothing`);
    assert.strictEqual(msg(null), `${shape}null`);
    assert.strictEqual(msg([config()]), `${shape}a list [{…}]`);
    assert.strictEqual(msg('full'), `${shape}the text "full"`);
    assert.strictEqual(msg(config({ parameters: 'w' as unknown as string[] })), 'parameters must be a list of parameter names (empty: every symbol that is not a column), got the text "w"');
    assert.strictEqual(msg(config({ parameters: [1] as unknown as string[] })), 'parameters must be a list of parameter names (empty: every symbol that is not a column), got a list [1]');
    assert.strictEqual(msg(config({ epochs: [5] as unknown as number })), 'epochs must be a whole number >= 1, got a list [5]');
    assert.strictEqual(msg(config({ epochs: undefined as unknown as number })), 'epochs must be a whole number >= 1, got nothing');
    assert.strictEqual(msg(config({ epochs: NaN })), 'epochs must be a whole number >= 1, got NaN');
    assert.strictEqual(msg(config({ epochs: 0 })), 'epochs must be a whole number >= 1, got 0');
    assert.strictEqual(msg(config({ rescale: 'log' as 'none' })), 'rescale must be one of none, minmax, minmax-symmetric, standard, got the text "log"');
    assert.strictEqual(msg(config({ batchSize: [1] as unknown as number })), "batchSize must be a positive whole number or 'full', got a list [1].");
    assert.strictEqual(msg(config({ batchSize: '2' as unknown as number })), "batchSize must be a positive whole number or 'full', got the text \"2\".");
    assert.strictEqual(msg(config({ seed: {} as unknown as number })), 'seed must be a finite number, got an empty object.');
    assert.strictEqual(msg(config({ shuffle: 'yes' as unknown as boolean })), 'shuffle must be true or false, got the text "yes".');
    assert.strictEqual(msg(config(), 42), 'the loss must be a text, got 42');
    assert.strictEqual(msg(config(), undefined, null), 'the data must be a dataset { columns, rows, data }, got null');
    assert.strictEqual(msg(config(), undefined, { columns: ['x'] }), 'the data must be a dataset { columns, rows, data }, got an object with columns');
  });
});
