/** AdEMAMix: optax/contrib/_ademamix.py scale_by_ademamix (+ ademamix), derived from that rule by hand. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/ademamix', () => {
  it('optax: two steps from the documented rule (the slow m₂ is not bias-corrected)', () => {
    // η = 0.1, α = 5, β = (0.9, 0.999, 0.9999), ε = 1e-8; g = 1, then 3.
    // t1: m̂₁ = 1, m₂ = 1e-4, ν̂ = 1 → u = (1 + 5e-4)/(1 + 1e-8)
    const x1 = -0.1 * ((1 + 5 * 1e-4) / (1 + 1e-8));
    const m1 = 0.1 * 3 + 0.9 * 0.1;
    const m2 = 1e-4 * 3 + 0.9999 * 1e-4;
    const nu = 0.001 * 9 + 0.999 * 0.001;
    const denom = Math.sqrt(nu / (1 - 0.999 ** 2)) + 1e-8;
    const x2 = x1 - 0.1 * ((m1 / (1 - 0.81) + 5 * m2) / denom);
    const { xs, effs } = runRule('ademamix', 'optax', { lr: 0.1 }, [0], sequence([1, 3]), 2);
    close(xs[1][0], x1, 1e-14);
    close(xs[2][0], x2, 1e-14);
    close(effs[1][0], 0.1 / denom, 1e-14);
  });

  it('α = 0 is Adam (optax scale_by_adam with the same ε): m₂ has no say', () => {
    const grads = (x: Float64Array): number[] => [2 * x[0] - 1, 6 * x[1]];
    const a = runRule('ademamix', 'optax', { lr: 0.01, alpha: 0 }, [1, -1], grads, 30).xs;
    const b = runRule('adam', 'optax', { lr: 0.01 }, [1, -1], grads, 30).xs;
    a.forEach((row, k) => row.forEach((v, i) => close(v, b[k][i], 1e-13, `step ${k}`)));
  });

  it('weight decay adds λx before −η; defaults from the alias (α = 5); α ≥ 0; PyTorch and Keras lack it', () => {
    close(runRule('ademamix', 'optax', { lr: 0.1, weightDecay: 0.5, epsilon: 0 }, [2], sequence([1]), 1).xs[1][0], 2 - 0.1 * (1 + 5e-4 + 1), 1e-14);
    assert.deepEqual(RULES.ademamix.defaults.optax, { lr: 1e-3, beta1: 0.9, beta2: 0.999, beta3: 0.9999, alpha: 5, epsilon: 1e-8, epsRoot: 0, weightDecay: 0 });
    assert.equal(formulaFor(RULES.ademamix, 'optax', { weightDecay: 0.1, epsRoot: 1e-8 }), RULES.ademamix.formula.optax);
    const bad = resolveHyperparameters('ademamix', 'optax', { alpha: -1 });
    assert.ok(!bad.ok && bad.error.message === 'alpha must be >= 0, got -1');
    for (const c of ['pytorch', 'keras'] as const) {
      const r = resolveHyperparameters('ademamix', c);
      assert.ok(!r.ok && r.error.message.endsWith('has no AdEMAMix optimizer; choose the optax or paper convention.'));
    }
  });
});
