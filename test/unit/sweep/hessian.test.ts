/** Curvature: Jacobi eigenvalues against closed forms, symbolic vs numeric Hessians, thresholds, singular and flat cases. */
import * as assert from 'node:assert/strict';
import { parseObjective } from '../../../src/core/expr';
import { classicThreshold, curvatureOf, meanCurvatureOf, numericHessian, stabilityAt, symmetricEigen } from '../../../src/core/hessian';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≈ ${b}`);

function objective(text: string) {
  const r = parseObjective(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('hessian: eigenvalues', () => {
  it('[[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    close(values[0], 1);
    close(values[1], 3);
    close(Math.abs(vectors[2]), Math.SQRT1_2);
    close(vectors[2] * vectors[3], 0.5); // same sign: (1, 1)/√2
    close(vectors[0] * vectors[1], -0.5);
  });

  it('a 3×3 tridiagonal [2 −1 0; −1 2 −1; 0 −1 2]: 2 − √2, 2, 2 + √2', () => {
    const { values } = symmetricEigen([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
    close(values[0], 2 - Math.SQRT2);
    close(values[1], 2);
    close(values[2], 2 + Math.SQRT2);
  });

  it('a diagonal matrix is its own answer, sorted ascending', () => {
    assert.deepEqual(Array.from(symmetricEigen([5, 0, 0, -1], 2).values), [-1, 5]);
  });
});

describe('hessian: stability at a point', () => {
  it('5x² + y²/2: symbolic Hessian diag(10, 1), λmax = 10, GD threshold 0.2, momentum 0.38, Adam none', () => {
    const s = stabilityAt(curvatureOf(objective('5x^2 + y^2/2')), [1, 2], [{ optimizer: 'sgd' }, { optimizer: 'momentum', hyperparameters: { momentum: 0.9 } }, { optimizer: 'adam' }]);
    assert.ok(s.ok);
    assert.equal(s.value.hessian, 'symbolic');
    close(s.value.lambdaMax!, 10);
    close(s.value.lambdaMin!, 1);
    close(s.value.thresholds[0].lr!, 0.2);
    close(s.value.thresholds[1].lr!, 0.38);
    assert.equal(s.value.thresholds[2].lr, null);
    assert.match(s.value.thresholds[2].rule, /no classic threshold/);
    close(Math.abs(s.value.topDirection[0]), 1);
  });

  it('Rosenbrock at (1, 1): H = [[802, −400], [−400, 200]], λmax = 501 + √250601', () => {
    const s = stabilityAt(curvatureOf(objective('(1 - x)^2 + 100*(y - x^2)^2')), [1, 1], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok);
    close(s.value.lambdaMax!, 501 + Math.sqrt(250601), 1e-12);
    close(s.value.thresholds[0].lr!, 2 / (501 + Math.sqrt(250601)), 1e-12);
  });

  it('the numeric Hessian agrees with the symbolic one to about 1e-6', () => {
    const o = objective('x^2*y + sin(x)*y^3');
    const exact = new Float64Array(4);
    const numeric = new Float64Array(4);
    curvatureOf(o).hessian([0.7, -1.3], exact);
    numericHessian((x, out) => o.grad(x, out), 2)([0.7, -1.3], numeric);
    for (let k = 0; k < 4; k++) close(numeric[k], exact[k], 1e-6);
  });

  it('a singular Hessian (x² + 0·y): λmin = 0, stated; thresholds from λmax', () => {
    const s = stabilityAt(curvatureOf(objective('x^2 + 0*y')), [1, 1], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok);
    assert.equal(s.value.lambdaMin, 0);
    assert.ok(s.value.notes.some(n => /singular/.test(n)));
    close(s.value.thresholds[0].lr!, 1);
  });

  it('a flat function: λmax = 0, no threshold, a note; no NaN anywhere', () => {
    const s = stabilityAt(curvatureOf(objective('3 + 0*x + 0*y')), [1, 1], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok);
    assert.equal(s.value.lambdaMax, 0);
    assert.equal(s.value.thresholds[0].lr, null);
    assert.ok(s.value.notes.some(n => /flat/.test(n)));
    for (const v of s.value.eigenvalues) assert.ok(Number.isFinite(v));
  });

  it('a Hessian undefined at the point (sqrt(x) at 0): lambdaMax null, stated', () => {
    const s = stabilityAt(curvatureOf(objective('sqrt(x) + y^2')), [0, 1], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok);
    assert.equal(s.value.lambdaMax, null);
    assert.equal(s.value.thresholds[0].lr, null);
    assert.ok(s.value.notes.some(n => /not finite/.test(n)));
  });

  it('a saddle (x² − y²) is stated as indefinite', () => {
    const s = stabilityAt(curvatureOf(objective('x^2 - y^2')), [0, 0], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok && s.value.notes.some(n => /indefinite/.test(n)));
    close(s.value.thresholds[0].lr!, 1); // λmax = 2
  });

  it('dataset losses: the Hessian of the MEAN loss over rows', () => {
    // (w·x − y)²: per-row Hessian 2x²; rows x = 1, 2, 3 → mean 2·(1 + 4 + 9)/3 = 28/3.
    const o = parseObjective('(w*x - y)^2', { variables: ['w'], dataColumns: ['x', 'y'] });
    assert.ok(o.ok);
    const rows = [[1, 0], [2, 1], [3, 5]];
    const c = meanCurvatureOf(o.value, (r, out) => { out[0] = rows[r][0]; out[1] = rows[r][1]; }, 3, 2);
    const s = stabilityAt(c, [0.5], [{ optimizer: 'sgd' }]);
    assert.ok(s.ok);
    close(s.value.lambdaMax!, 28 / 3);
    close(s.value.thresholds[0].lr!, 6 / 28);
    // One row: the one row's Hessian.
    const one = stabilityAt(meanCurvatureOf(o.value, (_r, out) => { out[0] = 2; out[1] = 1; }, 1, 2), [0], [{ optimizer: 'sgd' }]);
    assert.ok(one.ok);
    close(one.value.lambdaMax!, 8);
  });

  it('thresholds: dampening, weight decay, Nesterov, Lion', () => {
    close(classicThreshold('momentum', { momentum: 0.5, dampening: 0.5 }, 1).lr!, 6);
    assert.equal(classicThreshold('sgd', { weightDecay: 0.1 }, 1).lr, null);
    close(classicThreshold('nesterov', { momentum: 0.9 }, 10).lr!, 3.8 / 28);
    close(classicThreshold('momentum', { momentum: 0.9, nesterov: true }, 10).lr!, 3.8 / 28);
    assert.equal(classicThreshold('lion', {}, 1).lr, null);
  });
});
