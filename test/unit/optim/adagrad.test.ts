/** AdaGrad: torch/optim/adagrad.py, keras/src/optimizers/adagrad.py, optax/_src/transform.py scale_by_rss. */
import * as assert from 'node:assert/strict';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, runRule, sequence } from './helpers';

describe('optim/adagrad', () => {
  it('pytorch: s₀ = 0, ε outside the root: x −= η·g/(√s + ε)', () => {
    // g = 3, 4; η = 0.1; ε = 1e-10. s₁ = 9 → x₁ = −0.3/(3 + 1e-10); s₂ = 25 → x₂ = x₁ − 0.4/(5 + 1e-10)
    const { xs, effs } = runRule('adagrad', 'pytorch', { lr: 0.1 }, [0], sequence([3, 4]), 2);
    close(xs[1][0], -0.3 / (3 + 1e-10));
    close(xs[2][0], -0.3 / (3 + 1e-10) - 0.4 / (5 + 1e-10));
    close(effs[0][0], 0.1 / 3, 1e-9);
    close(effs[1][0], 0.1 / 5, 1e-9);
  });

  it('pytorch lr_decay: η_t = η/(1 + (t − 1)·lr_decay)', () => {
    // lr_decay = 0.5: η₁ = 0.1, η₂ = 0.1/1.5 → x₂ = −0.1 − (0.1/1.5)·4/5 = −0.15333…
    const { xs } = runRule('adagrad', 'pytorch', { lr: 0.1, lrDecay: 0.5, epsilon: 0 }, [0], sequence([3, 4]), 2);
    close(xs[2][0], -0.1 - (0.1 / 1.5) * 0.8);
  });

  it('keras and optax: a₀ = 0.1, ε = 1e-7 inside the root', () => {
    // a₁ = 0.1 + 9 = 9.1, a₂ = 25.1; x₁ = −0.3/√(9.1 + 1e-7), x₂ = x₁ − 0.4/√(25.1 + 1e-7)
    for (const c of ['keras', 'optax'] as const) {
      const { xs, effs } = runRule('adagrad', c, { lr: 0.1 }, [0], sequence([3, 4]), 2);
      close(xs[1][0], -0.3 / Math.sqrt(9.1000001), 1e-13, c);
      close(xs[2][0], -0.3 / Math.sqrt(9.1000001) - 0.4 / Math.sqrt(25.1000001), 1e-13, c);
      close(effs[1][0], 0.1 / Math.sqrt(25.1000001), 1e-13, c);
    }
  });

  it('optax: a zero accumulator gives a zero update, not NaN (jnp.where(s > 0, rsqrt(s + eps), 0))', () => {
    const { xs, effs } = runRule('adagrad', 'optax', { initialAccumulator: 0, epsilon: 0 }, [1], sequence([0]), 1);
    assert.equal(xs[1][0], 1);
    assert.equal(effs[0][0], 0);
  });

  it('Keras golden and single step (adagrad_test.py)', () => {
    assertKerasSingleStep('adagrad', { lr: 0.5 }, [0.5233, 1.5007, 2.5005, 3.5061]);
    // prettier-ignore
    assertKerasGolden('adagrad', { lr: 0.2, initialAccumulator: 0.3, epsilon: 1e-6 }, [
      [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
      [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
      [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
      [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
      [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
    ]);
    assertKerasWeightDecay('adagrad');
  });
});
