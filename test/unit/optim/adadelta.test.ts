/** AdaDelta: torch/optim/adadelta.py, keras/src/optimizers/adadelta.py, optax/_src/transform.py scale_by_adadelta. */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

describe('optim/adadelta', () => {
  it('pytorch defaults (η 1, ρ 0.9, ε 1e-6): two hand-computed steps', () => {
    // g = 1, 1. E_g = 0.1; Δ₁ = √(0 + 1e-6)/√(0.1 + 1e-6) = 0.001/√0.100001; x₁ = −Δ₁; E_Δ = 0.1·Δ₁²
    // E_g = 0.19; Δ₂ = √(0.1·Δ₁² + 1e-6)/√(0.190001); x₂ = x₁ − Δ₂
    const d1 = 0.001 / Math.sqrt(0.100001);
    const d2 = Math.sqrt(0.1 * d1 * d1 + 1e-6) / Math.sqrt(0.190001);
    const { xs, effs } = runRule('adadelta', 'pytorch', {}, [0], sequence([1, 1]), 2);
    closeAll(xs.map(v => v[0]), [0, -d1, -d1 - d2]);
    close(effs[1][0], d2);
  });

  it('the three conventions share the formula: equal for equal hyperparameters', () => {
    const grads = sequence([2, -1, 3, 0.5, -2]);
    const hp = { lr: 0.5, rho: 0.8, epsilon: 1e-4, weightDecay: 0 };
    const ref = runRule('adadelta', 'pytorch', hp, [1], grads, 5).xs;
    for (const c of ['keras', 'optax'] as const) closeAll(runRule('adadelta', c, hp, [1], grads, 5).xs.map(v => v[0]), ref.map(v => v[0]), 1e-13, c);
  });

  it('optax weight decay enters the gradient (add_decayed_weights before scale_by_adadelta), like PyTorch L2', () => {
    const grads = sequence([2, -1, 3]);
    const hp = { lr: 0.5, rho: 0.8, epsilon: 1e-4, weightDecay: 0.3 };
    closeAll(runRule('adadelta', 'optax', hp, [1], grads, 3).xs.map(v => v[0]), runRule('adadelta', 'pytorch', hp, [1], grads, 3).xs.map(v => v[0]), 1e-13);
  });

  it('optax default learning rate is explicit (None would ascend) and says so', () => {
    const r = resolveHyperparameters('adadelta', 'optax');
    assert.ok(r.ok && r.value.lr === 1);
    // A descent step: x moves against g.
    assert.ok(runRule('adadelta', 'optax', {}, [1], sequence([1]), 1).xs[1][0] < 1);
  });

  it('Keras golden and single step (adadelta_test.py)', () => {
    assertKerasSingleStep('adadelta', { lr: 0.5 }, [0.9993, 1.9993, 2.9993, 3.9993]);
    assertKerasGolden('adadelta', { lr: 1, rho: 0.8, epsilon: 1e-6 }, [0.9978, 0.9947, 0.9915, 0.9882, 0.9849].map(v => new Array<number>(10).fill(v)));
    assertKerasWeightDecay('adadelta');
  });
});
