/** RMSprop: torch/optim/rmsprop.py, keras/src/optimizers/rmsprop.py, optax/_src/alias.py rmsprop + transform.py. */
import * as assert from 'node:assert/strict';
import { FRAMEWORK_CONVENTIONS } from '../../../src/core/optim/types';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

describe('optim/rmsprop', () => {
  it('pytorch: α = 0.99, ε outside the root', () => {
    // g = 2, 2; η = 0.01; ε = 1e-8. v₁ = 0.01·4 = 0.04 → x₁ = −0.02/(0.2 + 1e-8);
    // v₂ = 0.99·0.04 + 0.04 = 0.0796 → x₂ = x₁ − 0.02/(√0.0796 + 1e-8)
    const { xs, effs } = runRule('rmsprop', 'pytorch', {}, [0], sequence([2, 2]), 2);
    close(xs[1][0], -0.02 / (0.2 + 1e-8));
    close(xs[2][0], -0.02 / (0.2 + 1e-8) - 0.02 / (Math.sqrt(0.0796) + 1e-8));
    close(effs[1][0], 0.01 / (Math.sqrt(0.0796) + 1e-8));
  });

  it('keras: ρ = 0.9, ε = 1e-7 inside the root', () => {
    // g = 2, η = 0.001: v₁ = 0.4 → x₁ = −0.002/√(0.4 + 1e-7)
    const { xs } = runRule('rmsprop', 'keras', {}, [0], sequence([2]), 1);
    close(xs[1][0], -0.002 / Math.sqrt(0.4000001));
  });

  it('optax: ε inside by default (eps_in_sqrt=True), outside with epsInSqrt=false', () => {
    // g = 2, η = 0.01, ρ = 0.9, ε = 1e-8: ν₁ = 0.4
    close(runRule('rmsprop', 'optax', {}, [0], sequence([2]), 1).xs[1][0], -0.02 / Math.sqrt(0.4 + 1e-8));
    close(runRule('rmsprop', 'optax', { epsInSqrt: false }, [0], sequence([2]), 1).xs[1][0], -0.02 / (Math.sqrt(0.4) + 1e-8));
  });

  it('centered: divide by the root of v − ḡ²', () => {
    // g = 2, ρ = 0.9, ε = 0: v₁ = 0.4, ḡ₁ = 0.2, v − ḡ² = 0.36 → x₁ = −η·2/0.6 (the lecture's rule has no centering)
    for (const c of FRAMEWORK_CONVENTIONS) {
      const { xs } = runRule('rmsprop', c, { lr: 0.01, rho: 0.9, epsilon: 0, centered: true }, [0], sequence([2]), 1);
      close(xs[1][0], -0.02 / 0.6, 1e-12, c);
    }
  });

  it('with ε = 0 and a constant η the three conventions agree (momentum and centered too)', () => {
    // The momentum placement differs (PyTorch buffers g/avg and multiplies by η after) — equal for constant η.
    const grads = sequence([3, -1, 0.5, 2, -4, 1]);
    const hp = { lr: 0.05, rho: 0.8, epsilon: 0, momentum: 0.5, centered: true };
    const ref = runRule('rmsprop', 'pytorch', hp, [1], grads, 6).xs.map(v => v[0]);
    for (const c of ['keras', 'optax'] as const) closeAll(runRule('rmsprop', c, hp, [1], grads, 6).xs.map(v => v[0]), ref, 1e-13, c);
  });

  it('momentum, hand-computed (pytorch): b ← μb + g/avg', () => {
    // g = 1, 1; α = 0.5, ε = 0, μ = 0.5, η = 0.1: v₁ = 0.5 → avg₁ = √0.5, b₁ = 1/√0.5, x₁ = −0.1·√2
    // v₂ = 0.25 + 0.5 = 0.75 → b₂ = 0.5·√2 + 1/√0.75, x₂ = x₁ − 0.1·b₂
    const { xs } = runRule('rmsprop', 'pytorch', { lr: 0.1, rho: 0.5, epsilon: 0, momentum: 0.5 }, [0], sequence([1, 1]), 2);
    close(xs[1][0], -0.1 * Math.SQRT2);
    close(xs[2][0], -0.1 * Math.SQRT2 - 0.1 * (0.5 * Math.SQRT2 + 1 / Math.sqrt(0.75)));
  });

  it('keras defaults are not pytorch defaults: ρ 0.9 vs 0.99, ε 1e-7 vs 1e-8, η 1e-3 vs 1e-2', () => {
    const a = runRule('rmsprop', 'keras', {}, [0], sequence([1]), 1).xs[1][0];
    const b = runRule('rmsprop', 'pytorch', {}, [0], sequence([1]), 1).xs[1][0];
    close(a, -0.001 / Math.sqrt(0.1000001));
    close(b, -0.01 / (0.1 + 1e-8));
    assert.notEqual(a, b);
  });

  it('Keras golden and single step (rmsprop_test.py)', () => {
    assertKerasSingleStep('rmsprop', { lr: 0.5 }, [-0.5811, 0.4189, 1.4189, 2.4189]);
    assertKerasGolden('rmsprop', { centered: true }, [[0.9967], [0.9933], [0.9908], [0.9885], [0.9864]].map(r => new Array<number>(10).fill(r[0])));
    assertKerasWeightDecay('rmsprop');
  });
});
