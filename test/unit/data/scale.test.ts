import * as assert from 'assert';
import { datasetFromColumns } from '../../../src/core/data/dataset';
import { detectLinearModel } from '../../../src/core/data/linearModel';
import { solveLeastSquares } from '../../../src/core/data/leastSquares';
import { PerSampleLoss } from '../../../src/core/data/objective';
import { Rescaling, rescale, scaleColumns, unscaleLinearParameters } from '../../../src/core/data/scale';
import { logistic, squaredLinear } from './helpers';

const near = (actual: ArrayLike<number>, expected: number[], tol = 1e-12): void =>
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) <= tol * Math.max(1, Math.abs(e)), `[${i}] ${actual[i]} vs ${e}`));

function rescaled(loss: PerSampleLoss, data: ReturnType<typeof datasetFromColumns>, options: Parameters<typeof rescale>[2]): Rescaling {
  const r = rescale(loss, data, options);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

describe('data/scale: column transforms', () => {
  const data = datasetFromColumns({ x: [0, 5, 10], k: [4, 4, 4], z: [1, 2, 3] });

  it('minmax → [0, 1], minmax-symmetric → [−1, 1], standard → mean 0 / population sd 1', () => {
    const mm = scaleColumns(data, 'minmax', ['x']);
    assert.ok(mm.ok);
    near(mm.value.dataset.data[0], [0, 0.5, 1]);
    assert.deepStrictEqual(mm.value.transforms[0], { column: 'x', method: 'minmax', shift: 0, scale: 10 });
    const sym = scaleColumns(data, 'minmax-symmetric', ['x']);
    assert.ok(sym.ok);
    near(sym.value.dataset.data[0], [-1, 0, 1]);
    // z = 1, 2, 3: mean 2, population sd sqrt(2/3); z' = ∓1/sqrt(2/3) = ∓sqrt(1.5).
    const std = scaleColumns(data, 'standard', ['z']);
    assert.ok(std.ok);
    near(std.value.dataset.data[2], [-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
  });

  it('leaves other columns untouched (same arrays) and only shifts a constant column', () => {
    const r = scaleColumns(data, 'standard', ['k']);
    assert.ok(r.ok);
    assert.strictEqual(r.value.dataset.data[0], data.data[0]);
    near(r.value.dataset.data[1], [0, 0, 0]);
    assert.deepStrictEqual(r.value.transforms[1], { column: 'k', method: 'standard', shift: 4, scale: 1 });
    assert.deepStrictEqual(r.value.transforms[0], { column: 'x', method: 'none', shift: 0, scale: 1 });
  });

  it('names a column that does not exist', () => {
    const r = scaleColumns(data, 'minmax', ['q']);
    assert.ok(!r.ok && /'q'/.test(r.error.message));
  });
});

describe('data/scale: linear models and parameters on the original scale', () => {
  it('detects w·x + b: bias b, weight w on x, target y', () => {
    const model = detectLinearModel(squaredLinear, datasetFromColumns({ x: [1, 2, 3, 4], y: [0, 1, 0, 1] }));
    assert.ok(model.ok);
    assert.deepStrictEqual(model.value, { bias: 1, weights: [{ parameter: 0, column: 'x' }], targets: ['y'] });
    const logit = detectLinearModel(logistic, datasetFromColumns({ x1: [1, 2, 3], x2: [5, -1, 2], y: [1, -1, 1] }));
    assert.ok(logit.ok);
    assert.deepStrictEqual(logit.value, { bias: 2, weights: [{ parameter: 0, column: 'x1' }, { parameter: 1, column: 'x2' }], targets: ['y'] });
  });

  it('refuses a model that is not linear in its inputs, or has no intercept', () => {
    const squaredInput: PerSampleLoss = {
      ...squaredLinear,
      f: (p, d = []) => (p[0] * d[0] ** 2 + p[1] - d[1]) ** 2,
      grad(p, out, d = []) {
        const r = p[0] * d[0] ** 2 + p[1] - d[1];
        out[0] = 2 * r * d[0] ** 2;
        out[1] = 2 * r;
      },
    };
    const data = datasetFromColumns({ x: [1, 2, 3, 4], y: [0, 1, 0, 1] });
    assert.ok(!detectLinearModel(squaredInput, data).ok);
    const r = rescale(squaredInput, data, { method: 'standard' });
    assert.ok(!r.ok && /Cannot tell which columns/.test(r.error.message));
    const explicit = rescaled(squaredInput, data, { method: 'standard', columns: ['x'] });
    const back = explicit.toOriginal([1, 2]);
    assert.ok(!back.ok && /cannot be mapped back/.test(back.error.message));
  });

  it('w = w′/s, b = b′ − w′·m/s by hand: (w′, b′) = (10, 1) on x scaled by min 2, range 4 → (2.5, −4)', () => {
    const model = { bias: 1, weights: [{ parameter: 0, column: 'x' }], targets: ['y'] };
    const r = unscaleLinearParameters(model, [{ column: 'x', method: 'minmax', shift: 2, scale: 4 }, { column: 'y', method: 'none', shift: 0, scale: 1 }], [10, 1]);
    assert.ok(r.ok);
    near(r.value, [2.5, 1 - (10 * 2) / 4]);
  });

  it('the least-squares fit on standardised x maps back to the fit on the original x (and back again)', () => {
    const xs = [3, 17, 42, 58, 77, 96];
    const ys = [11, 52, 130, 170, 235, 290];
    const data = datasetFromColumns({ x: xs, y: ys });
    const original = solveLeastSquares(squaredLinear, data);
    assert.ok(original.ok);
    for (const method of ['minmax', 'minmax-symmetric', 'standard'] as const) {
      const s = rescaled(squaredLinear, data, { method });
      assert.deepStrictEqual(s.dataset.data[1], data.data[1], 'the target is not scaled by default');
      const onScaled = solveLeastSquares(squaredLinear, s.dataset);
      assert.ok(onScaled.ok);
      const back = s.toOriginal(onScaled.value.parameters);
      assert.ok(back.ok);
      near(back.value, Array.from(original.value.parameters), 1e-10);
      const there = s.toScaled(original.value.parameters);
      assert.ok(there.ok);
      near(there.value, Array.from(onScaled.value.parameters), 1e-10);
    }
  });

  it('a scaled target works for the squared loss, not for the logistic loss', () => {
    const data = datasetFromColumns({ x: [1, 2, 4, 7], y: [3, 5, 8, 16] });
    const s = rescaled(squaredLinear, data, { method: 'standard', scaleTarget: true });
    assert.notDeepStrictEqual(s.dataset.data[1], data.data[1]);
    const fit = solveLeastSquares(squaredLinear, s.dataset);
    const direct = solveLeastSquares(squaredLinear, data);
    assert.ok(fit.ok && direct.ok);
    const back = s.toOriginal(fit.value.parameters);
    assert.ok(back.ok);
    near(back.value, Array.from(direct.value.parameters), 1e-10);

    // Unbalanced labels: balanced ±1 labels have mean 0 and sd 1, so standardising them would change nothing.
    const labels = datasetFromColumns({ x1: [1, 2, 3, 0], x2: [5, -1, 2, 1], y: [1, -1, 1, 1] });
    const bad = rescaled(logistic, labels, { method: 'standard', scaleTarget: true });
    const r = bad.toOriginal([1, 1, 1]);
    assert.ok(!r.ok && /cannot undo/.test(r.error.message));
    const good = rescaled(logistic, labels, { method: 'minmax' });
    assert.deepStrictEqual(good.dataset.data[2], labels.data[2], 'labels are never scaled by default');
    assert.ok(good.toOriginal([1, 1, 1]).ok);
  });
});

describe('data/scale: a bad method is described in words', () => {
  it('names the choices and the value it got', () => {
    const data = datasetFromColumns({ x: [0, 5, 10], y: [1, 2, 3] });
    const msg = (method: unknown): string => {
      const r = rescale(squaredLinear, data, { method: method as 'none' });
      return r.ok ? '(ok)' : r.error.message;
    };
    const choices = 'the rescaling must be one of none, minmax, minmax-symmetric, standard, got ';
    assert.strictEqual(msg('log'), `${choices}the text "log".`);
    assert.strictEqual(msg(['standard']), `${choices}a list ["standard"].`);
    assert.strictEqual(msg(undefined), `${choices}nothing.`);
  });
});
