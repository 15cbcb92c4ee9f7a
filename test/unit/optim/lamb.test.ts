/** LAMB: keras/src/optimizers/lamb.py and optax alias.py lamb (scale_by_adam + trust ratio), by hand and Keras's goldens. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

describe('optim/lamb', () => {
  it('optax: first step = Adam direction g/(|g| + ε) scaled to length η‖x‖ by the trust ratio', () => {
    // x = (3, 4), g = (1, −2), η = 0.1, ε = 1e-6: m̂ = g, v̂ = g², u_i = g_i/(|g_i| + ε); ‖x‖ = 5.
    const u = [1 / (1 + 1e-6), -2 / (2 + 1e-6)];
    const ratio = 5 / Math.hypot(u[0], u[1]);
    const { xs, effs } = runRule('lamb', 'optax', { lr: 0.1 }, [3, 4], sequence([[1, -2]]), 1);
    closeAll(xs[1], [3 - 0.1 * ratio * u[0], 4 - 0.1 * ratio * u[1]], 1e-14);
    close(Math.hypot(xs[1][0] - 3, xs[1][1] - 4), 0.5, 1e-14); // the step is η‖x‖ long
    close(effs[0][1], (0.1 * ratio) / (2 + 1e-6), 1e-14);
  });

  it('optax: λx is added to u before the ratio; keras: decoupled decay first, the ratio on the decayed x', () => {
    // optax, λ = 0.5, x = (3, 4), g = (1, −2): u = g/(|g|+ε) + λx
    const u = [1 / (1 + 1e-6) + 1.5, -2 / (2 + 1e-6) + 2];
    const ratio = 5 / Math.hypot(u[0], u[1]);
    closeAll(runRule('lamb', 'optax', { lr: 0.1, weightDecay: 0.5 }, [3, 4], sequence([[1, -2]]), 1).xs[1], [3 - 0.1 * ratio * u[0], 4 - 0.1 * ratio * u[1]], 1e-14);
    // keras, λ = 0.5, η = 0.1: x ← x(1 − 0.05) = (2.85, 3.8), then u = g/(|g| + 1e-7), r = ‖(2.85, 3.8)‖/‖u‖
    const uk = [1 / (1 + 1e-7), -2 / (2 + 1e-7)];
    const rk = Math.hypot(2.85, 3.8) / Math.hypot(uk[0], uk[1]);
    closeAll(runRule('lamb', 'keras', { lr: 0.1, weightDecay: 0.5 }, [3, 4], sequence([[1, -2]]), 1).xs[1], [2.85 - 0.1 * rk * uk[0], 3.8 - 0.1 * rk * uk[1]], 1e-14);
  });

  it('the ratio is 1 at x = 0 (both frameworks), so the first step is the Adam step', () => {
    for (const c of ['keras', 'optax'] as const) {
      const eps = c === 'keras' ? 1e-7 : 1e-6;
      close(runRule('lamb', c, { lr: 0.1 }, [0], sequence([2]), 1).xs[1][0], -0.1 * (2 / (2 + eps)), 1e-14, c);
    }
  });

  // keras/src/optimizers/lamb_test.py: test_single_step, test_correctness_with_golden, test_weight_decay
  it('Keras golden, single step and weight decay (lamb_test.py)', () => {
    assertKerasSingleStep('lamb', { lr: 0.5 }, [-0.3693, 0.6306, 1.6306, 2.6306]);
    assertKerasGolden('lamb', {}, [0.999, 0.9982, 0.9974, 0.9965, 0.9955].map(v => new Array<number>(10).fill(v)));
    assertKerasWeightDecay('lamb');
  });

  it('defaults per framework; formulas as configured; PyTorch lacks it', () => {
    assert.deepEqual(RULES.lamb.defaults.keras, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    assert.deepEqual(RULES.lamb.defaults.optax, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-6, epsRoot: 0, weightDecay: 0 });
    assert.equal(formulaFor(RULES.lamb, 'keras', { weightDecay: 0.01 }), RULES.lamb.formula.keras);
    assert.equal(formulaFor(RULES.lamb, 'optax', { weightDecay: 0.01, epsRoot: 1e-8 }), RULES.lamb.formula.optax);
    const r = resolveHyperparameters('lamb', 'pytorch');
    assert.ok(!r.ok && r.error.message === 'PyTorch core (torch.optim) has no LAMB optimizer; choose the keras, optax or paper convention.');
  });
});
