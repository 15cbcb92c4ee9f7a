/** ASGD: torch/optim/asgd.py (_single_tensor_asgd), its average `ax` as the run's extra path. */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { objectiveSource, runOptimizers, traceToJson } from '../../../src/core/run';
import { close, closeAll, runRule, sequence } from './helpers';

/** f(x) = x: the gradient is 1 everywhere, so SGD steps are −η_t. */
const slope = objectiveSource(x => x[0], (_x, out) => { out[0] = 1; }, 1);

describe('optim/asgd', () => {
  it('first steps by hand with the defaults: x₁ = x₀(1 − λη) − ηg, then η₂ = η/(1 + λη)^α', () => {
    const lr = 0.01, lambd = 1e-4, alpha = 0.75;
    const eta2 = lr / (1 + lambd * lr) ** alpha;
    const eta3 = lr / (1 + lambd * lr * 2) ** alpha;
    const x1 = 2 * (1 - lambd * lr) - lr * 3;
    const x2 = x1 * (1 - lambd * eta2) - eta2 * -1;
    const x3 = x2 * (1 - lambd * eta3) - eta3 * 0.5;
    const { xs, effs } = runRule('asgd', 'pytorch', {}, [2], sequence([3, -1, 0.5]), 3);
    closeAll(xs.map(x => x[0]), [2, x1, x2, x3], 1e-14);
    closeAll(effs.map(e => e[0]), [lr, eta2, eta3], 1e-14);
  });

  it('L2 weight decay enters the gradient: x₁ = x₀(1 − λη) − η(g + wx₀)', () => {
    const { xs } = runRule('asgd', 'pytorch', { lr: 0.1, lambd: 0, weightDecay: 0.5 }, [2], sequence([1]), 1);
    close(xs[1][0], 2 - 0.1 * (1 + 0.5 * 2), 1e-14);
  });

  it('the average ax follows x until μ < 1, then is the mean of the iterates from step t₀ + 2 on (extraPath)', () => {
    // λ = 0: η stays 0.1 and x_t = −0.1t. μ after step t is 1/max(1, t − t₀); t₀ = 2: μ = 1 for steps 1–4,
    // 1/2 at step 5, 1/3 at step 6 → ax₄ = x₄, ax₅ = (x₄ + x₅)/2, ax₆ = (x₄ + x₅ + x₆)/3.
    const r = runOptimizers(slope, [{ optimizer: 'asgd', hyperparameters: { lr: 0.1, lambd: 0, t0: 2 } }], { start: [0], steps: 6 });
    assert.ok(r.ok);
    const [t] = r.value;
    closeAll(Array.from(t.path), [0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.6], 1e-14);
    assert.ok(t.extraPath);
    closeAll(Array.from(t.extraPath), [0, -0.1, -0.2, -0.3, -0.4, -0.45, -0.5], 1e-14);
    // one gradient per update: 1 + k evaluations, so the JSON leaves them out; the extra path is in it
    assert.deepEqual(Array.from(t.evaluations), [1, 2, 3, 4, 5, 6, 7]);
    const j = traceToJson(t);
    assert.equal(j.evaluations, undefined);
    assert.equal(j.extraPath?.length, 7);
    close(j.extraPath?.[6][0] ?? NaN, -0.5, 1e-14);
  });

  it('rules without a second point record none', () => {
    const r = runOptimizers(slope, [{ optimizer: 'sgd', hyperparameters: { lr: 0.1 } }], { start: [0], steps: 3 });
    assert.ok(r.ok);
    assert.equal(r.value[0].extraPath, undefined);
  });

  it('PyTorch only', () => {
    const m = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);
    assert.match(m(resolveHyperparameters('asgd', 'keras')), /^Keras 3 \(keras\.optimizers\) has no ASGD/);
    assert.match(m(resolveHyperparameters('asgd', 'optax')), /^optax has no ASGD/);
    assert.equal(m(resolveHyperparameters('asgd', 'pytorch', { lambd: -1 })), 'lambd must be >= 0, got -1');
  });
});
