/**
 * The data layer with losses compiled by src/core/expr (parseObjective), compared against the
 * hand-derived gradients of helpers.ts.
 */
import * as assert from 'assert';
import { datasetFromColumns } from '../../../src/core/data/dataset';
import { solveLeastSquares } from '../../../src/core/data/leastSquares';
import { compileDatasetLoss } from '../../../src/core/data/objective';
import { createDatasetSource } from '../../../src/core/data/sampler';
import { rescale } from '../../../src/core/data/scale';
import { logistic } from './helpers';

const tiny = datasetFromColumns({ x: [1, 2, 3], y: [2, 3, 7] });

function compiled(source: string, data = tiny, params?: string[]) {
  const r = compileDatasetLoss(source, data, params);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

describe('data/objective: losses compiled from expressions', () => {
  it('(w*x + b - y)^2 at (w, b) = (1, 0.5): gradient (−8, −3), loss 4.25 (derived in sampler.test.ts)', () => {
    const loss = compiled('(w*x + b - y)^2', tiny, ['w', 'b']);
    assert.deepStrictEqual(loss.variables, ['w', 'b']);
    const source = createDatasetSource(loss, tiny, { batchSize: 'full', shuffle: false, seed: 1 });
    if (!source.ok) assert.fail(source.error.message);
    const out = new Float64Array(2);
    source.value.gradient(Float64Array.of(1, 0.5), 1, out);
    assert.ok(Math.abs(out[0] + 8) < 1e-12 && Math.abs(out[1] + 3) < 1e-12, String(out));
    assert.ok(Math.abs(source.value.loss(Float64Array.of(1, 0.5)) - 4.25) < 1e-12);
  });

  it('parameters default to the symbols that are not columns', () => {
    const loss = compiled('(w*x + b - y)^2');
    assert.deepStrictEqual([...loss.variables].sort(), ['b', 'w']);
    assert.deepStrictEqual([...loss.dataColumns].sort(), ['x', 'y']);
  });

  it('the logistic loss compiles to the hand-derived gradient', () => {
    const data = datasetFromColumns({ x1: [0.5, -1, 2], x2: [1, 3, -2], y: [1, -1, 1] });
    const loss = compiled('log(1 + exp(-y*(w1*x1 + w2*x2 + b)))', data, ['w1', 'w2', 'b']);
    const theta = [0.3, -0.2, 0.1];
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    for (let row = 0; row < 3; row++) {
      const cells = [data.data[0][row], data.data[1][row], data.data[2][row]];
      loss.grad(theta, a, cells);
      logistic.grad(theta, b, cells);
      a.forEach((v, j) => assert.ok(Math.abs(v - b[j]) < 1e-14, `row ${row} ∂${j}: ${v} vs ${b[j]}`));
    }
    const scaled = rescale(loss, data, { method: 'standard' });
    assert.ok(scaled.ok && scaled.value.linearModel.ok);
    assert.ok(!solveLeastSquares(loss, data).ok);
  });

  it('a symbol that is neither a parameter nor a column is named (a column the CSV lacks)', () => {
    const r = compileDatasetLoss('(w*x + b - z)^2', tiny, ['w', 'b']);
    assert.ok(!r.ok);
    assert.match(r.error.message, /'z'/);
    assert.match(r.error.message, /columns? of the data \(x, y\)/);
  });

  it('a parameter named like a column is refused', () => {
    const r = compileDatasetLoss('(w*x + b - y)^2', tiny, ['w', 'x']);
    assert.ok(!r.ok && /'x' is both a parameter and a column/.test(r.error.message));
  });
});
