/** Lion: keras/src/optimizers/lion.py, optax/_src/transform.py scale_by_lion (+ add_decayed_weights). */
import * as assert from 'node:assert/strict';
import { RULES, resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

describe('optim/lion', () => {
  it('keras: x −= η·sign(β₁m + (1−β₁)g), m updated after with β₂', () => {
    // g = 1, −0.05, −0.05; η = 0.1, β₁ 0.9, β₂ 0.99
    // t1: sign(0.1) = 1 → x = −0.1; m = 0.01
    // t2: 0.9·0.01 + 0.1·(−0.05) = 0.004 > 0 → x = −0.2; m = 0.0099 − 0.0005 = 0.0094
    // t3: 0.00846 − 0.005 = 0.00346 > 0 → x = −0.3
    const { xs, effs } = runRule('lion', 'keras', { lr: 0.1 }, [0], sequence([1, -0.05, -0.05]), 3);
    closeAll(xs.map(v => v[0]), [0, -0.1, -0.2, -0.3]);
    close(effs[2][0], 0.1);
  });

  it('optax adds λx inside the step: x₁ = x₀ − η(sign(·) + λx₀), default λ = 1e-3', () => {
    close(runRule('lion', 'optax', { lr: 0.1 }, [2], sequence([1]), 1).xs[1][0], 2 - 0.1 * (1 + 0.002));
  });

  it('keras ≡ optax with λ = 0', () => {
    const grads = (x: Float64Array): number[] => [2 * x[0] - 1, 6 * x[1]];
    assert.deepEqual(runRule('lion', 'keras', { lr: 0.01 }, [1, -1], grads, 100).xs, runRule('lion', 'optax', { lr: 0.01, weightDecay: 0 }, [1, -1], grads, 100).xs);
  });

  it('pytorch has no Lion: a clear message, not an invented rule', () => {
    const r = resolveHyperparameters('lion', 'pytorch');
    assert.ok(!r.ok);
    assert.match(r.error.message, /PyTorch core \(torch\.optim\) has no Lion/);
    assert.equal(RULES.lion.defaults.pytorch, undefined);
    assert.throws(() => RULES.lion.create(2, {}, 'pytorch'), /has no Lion/);
  });

  it('Keras golden, single step and weight decay (lion_test.py)', () => {
    assertKerasSingleStep('lion', { lr: 0.5 }, [0.5, 1.5, 2.5, 3.5]);
    assertKerasGolden('lion', {}, [0.999, 0.998, 0.997, 0.996, 0.995].map(v => new Array<number>(10).fill(v)));
    assertKerasWeightDecay('lion');
  });
});
