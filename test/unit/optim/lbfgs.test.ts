/** L-BFGS: torch/optim/lbfgs.py through the run loop (it evaluates f and ∇f inside its steps). */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { fusedMultiplyAdd } from '../../../src/core/optim/lbfgs';
import { GradientSource, objectiveSource, runOptimizers, traceToJson, Trace } from '../../../src/core/run';
import { close, closeAll } from './helpers';

const message = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);

function run(source: GradientSource, hp: Record<string, unknown>, start: number[], steps: number): Trace {
  const r = runOptimizers(source, [{ optimizer: 'lbfgs', hyperparameters: hp }], { start, steps });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value[0];
}

/** f = ½a·x² in one variable. */
const parabola = (a: number): GradientSource => objectiveSource(x => 0.5 * a * x[0] * x[0], (x, out) => { out[0] = a * x[0]; }, 1);

describe('optim/lbfgs', () => {
  it('one inner iteration is gradient descent with t = min(1, 1/‖g‖₁)·η, and no extra evaluation', () => {
    // f = ½(x² + 10y²) from (1, 1): g = (1, 10), ‖g‖₁ = 11 → x₁ = (1 − 1/11, 1 − 10/11)
    const bowl = objectiveSource(x => 0.5 * (x[0] * x[0] + 10 * x[1] * x[1]), (x, out) => { out[0] = x[0]; out[1] = 10 * x[1]; }, 2);
    const t = run(bowl, { maxIter: 1 }, [1, 1], 1);
    closeAll(Array.from(t.path.subarray(2, 4)), [1 - 1 / 11, 1 - 10 / 11], 1e-15);
    close(t.effectiveLr[2], 1 / 11, 1e-15);
    assert.deepEqual(Array.from(t.evaluations), [1, 2]); // the start, and the loop's at x₁
  });

  it('on a 1-D parabola the second inner iteration is Newton\'s step: x = 0 after one outer step (max_iter 2, max_eval 10)', () => {
    // (max_eval defaults to ⌊1.25·2⌋ = 2, which would end the step after the first iteration's evaluation)
    // a = 2, x₀ = 3: g₀ = 6, t = 1/6 → x₁ = 2 (evaluated: g₁ = 4); s = −1, y = −2, H = ys/yy = 1/2;
    // two-loop: al = (s·(−g₁))/ys = 2, q = −4 − 2·(−2) = 0, d = 0 + (al − 0)·s = −2 → x₂ = 2 + 1·(−2) = 0
    const t = run(parabola(2), { maxIter: 2, maxEval: 10 }, [3], 5);
    closeAll(Array.from(t.path.subarray(0, 2)), [3, 0], 1e-15);
    // step 1: start + the inner evaluation at x₁ + the loop's at x₂ = 3
    assert.equal(t.evaluations[1], 3);
    // step 2 starts at the minimum: max|∇f| = 0 <= tolerance_grad, PyTorch returns without moving → converged
    assert.equal(t.stop.reason, 'converged');
    assert.equal(t.stop.step, 2);
    assert.match(t.stop.detail, /^L-BFGS: max\|∇f\| = 0 <= tolerance_grad 1e-7 after 2 updates$/);
    assert.deepEqual(traceToJson(t).evaluations, [1, 3, 4]);
  });

  it('strong-Wolfe on the parabola: the first trial t = 1/|g| satisfies both conditions, then Newton', () => {
    // a = 2, x₀ = 3, d = −6: t = 1/6 gives x = 2, f = 4 ≤ 9 − 1e-4·(1/6)·36 and |g·d| = 24 ≤ 0.9·36: accepted
    // at once; the Newton trial t = 1 from x = 2 lands on 0 (f = 0, slope 0): accepted too
    const t = run(parabola(2), { maxIter: 2, maxEval: 10, lineSearch: 'strong_wolfe' }, [3], 1);
    close(t.path[1], 0, 1e-15);
    assert.equal(t.evaluations[1], 4); // start, one evaluation per line search, the loop's
  });

  it('a line search that finds no lower point stops the run as stalled, at once (never hangs)', () => {
    // The "gradient" −1 claims f falls to the right, but f(x) = x rises: every trial t > 0 fails
    // Armijo, the bracket shrinks to [0, t] below tolerance_change, and the search returns t = 0.
    const liar = objectiveSource(x => x[0], (_x, out) => { out[0] = -1; }, 1);
    const t = run(liar, { lineSearch: 'strong_wolfe' }, [0], 1000);
    assert.equal(t.stop.reason, 'stalled');
    assert.equal(t.stop.step, 1);
    assert.match(t.stop.detail, /line search found no lower point/);
    assert.equal(t.path[t.count - 1], 0);
    // the evaluations are bounded by max_eval (25 for max_iter 20) + the start + the loop's
    assert.ok(t.evaluations[t.count - 1] <= 27, `${t.evaluations[t.count - 1]}`);
  });

  it('bad hyperparameters name the field', () => {
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { historySize: 0 })), 'historySize must be >= 1, got 0');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { historySize: 2.5 })), 'historySize must be a whole number >= 1, got 2.5');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { maxIter: 0 })), 'maxIter must be >= 1, got 0');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { maxEval: 1.5 })), 'maxEval must be a whole number >= 0 (0: ⌊1.25·maxIter⌋ as PyTorch\'s max_eval=None), got 1.5');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { lineSearch: 'armijo' })), 'lineSearch must be one of none, strong_wolfe, zoom, got the text "armijo"');
    assert.match(message(resolveHyperparameters('lbfgs', 'keras')), /^Keras 3 \(keras\.optimizers\) has no L-BFGS/);
  });

  it('optax (linesearch=None): first step −η·min(1, 1/‖g‖₂)·g, then Newton on a parabola; no evaluation inside a step', () => {
    const bowl = objectiveSource(x => 0.5 * (x[0] * x[0] + 10 * x[1] * x[1]), (x, out) => { out[0] = x[0]; out[1] = 10 * x[1]; }, 2);
    const r = runOptimizers(bowl, [{ optimizer: 'lbfgs', convention: 'optax', hyperparameters: { lineSearch: 'none' } }], { start: [1, 1], steps: 1 });
    assert.ok(r.ok);
    const n = Math.sqrt(101);
    closeAll(Array.from(r.value[0].path.subarray(2, 4)), [1 - 1 / n, 1 - 10 / n], 1e-15);
    // a = 2, x₀ = 3: g₀ = 6 → x₁ = 3 − 6/6 = 2; g₁ = 4, dw = −1, du = −2, ρ = 1/2, γ = 2/4:
    // α = ρ·dw·g₁ = −2, v = 4 − α·du = 0, v = γ·0, β = 0, v = 0 + (α − β)·dw = 2 → x₂ = 2 − 2 = 0
    const p = runOptimizers(parabola(2), [{ optimizer: 'lbfgs', convention: 'optax', hyperparameters: { lineSearch: 'none' } }], { start: [3], steps: 2 });
    assert.ok(p.ok);
    closeAll(Array.from(p.value[0].path), [3, 2, 0], 1e-15);
    assert.deepEqual(Array.from(p.value[0].evaluations), [1, 2, 3]);
    // scaleInitPrecond off: H₀ = I, the first step is −η·g
    const q = runOptimizers(parabola(2), [{ optimizer: 'lbfgs', convention: 'optax', hyperparameters: { lr: 0.1, scaleInitPrecond: false, lineSearch: 'none' } }], { start: [3], steps: 1 });
    assert.ok(q.ok);
    close(q.value[0].path[1], 3 - 0.1 * 6, 1e-15);
  });

  it('fusedMultiplyAdd rounds a·b + c once', () => {
    // (1 + 2⁻³⁰)² − 1 = 2⁻²⁹ + 2⁻⁶⁰ exactly; a·b alone rounds the 2⁻⁶⁰ away
    const a = 1 + 2 ** -30;
    assert.equal(fusedMultiplyAdd(a, a, -1), 2 ** -29 + 2 ** -60);
    assert.equal(a * a - 1, 2 ** -29);
    assert.equal(fusedMultiplyAdd(2, 3, 4), 10);
  });
});
