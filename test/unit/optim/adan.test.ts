/** Adan: optax/_src/transform.py scale_by_adan (+ alias.py adan), derived from that rule by hand. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/adan', () => {
  it('optax: two steps from the documented rule (no difference term on the first update)', () => {
    // η = 0.1, β = (0.98, 0.92, 0.99), ε = ε_root = 1e-8; g = 1, then 3.
    const e = 1e-8;
    // t1: d = 0; m = 0.02, v = 0, n = 0.01·1²: m̂ = 1, v̂ = 0, n̂ = 1
    const x1 = -0.1 * (1 / (Math.sqrt(1 + e) + e));
    // t2: d = 2; m = 0.06 + 0.98·0.02; v = 0.08·2; n = 0.01·(3 + 0.08·2)² + 0.99·0.01
    const m2 = 0.02 * 3 + 0.98 * 0.02;
    const v2 = 0.08 * 2;
    const n2 = 0.01 * (3 + 0.08 * 2) ** 2 + 0.99 * 0.01;
    const denom = Math.sqrt(n2 / (1 - 0.99 ** 2) + e) + e;
    const x2 = x1 - 0.1 * ((m2 / (1 - 0.98 ** 2) + 0.08 * (v2 / (1 - 0.92 ** 2))) / denom);
    const { xs, effs } = runRule('adan', 'optax', { lr: 0.1 }, [0], sequence([1, 3]), 2);
    close(xs[1][0], x1, 1e-14);
    close(xs[2][0], x2, 1e-14);
    close(effs[1][0], 0.1 / denom, 1e-14);
  });

  it('a constant gradient has no differences: Adan is then Adam with ε_root (β₁ = 0.98, β₃ as β₂)', () => {
    // d = 0 always, so v = 0 and n is Adam's v with β₃: x_t = x_{t−1} − η·m̂/(√(n̂ + ε_root) + ε) with m̂ = g, n̂ = g².
    const { xs } = runRule('adan', 'optax', { lr: 0.1 }, [0], sequence([2, 2, 2]), 3);
    const step = 0.1 * (2 / (Math.sqrt(4 + 1e-8) + 1e-8));
    close(xs[3][0], -3 * step, 1e-14);
  });

  it('weight decay: λx added before −η; defaults from optax.adan; PyTorch and Keras lack it', () => {
    close(runRule('adan', 'optax', { lr: 0.1, weightDecay: 0.5, epsilon: 0, epsRoot: 0 }, [2], sequence([1]), 1).xs[1][0], 2 - 0.1 * (1 + 0.5 * 2), 1e-14);
    assert.deepEqual(RULES.adan.defaults.optax, { lr: 1e-3, beta1: 0.98, beta2: 0.92, beta3: 0.99, epsilon: 1e-8, epsRoot: 1e-8, weightDecay: 0 });
    assert.equal(formulaFor(RULES.adan, 'optax', { weightDecay: 0.1 }), RULES.adan.formula.optax);
    const bad = resolveHyperparameters('adan', 'optax', { beta3: 1 });
    assert.ok(!bad.ok && bad.error.message === 'beta3 must be in [0, 1), got 1');
    for (const c of ['pytorch', 'keras'] as const) {
      const r = resolveHyperparameters('adan', c);
      assert.ok(!r.ok && r.error.message.endsWith('has no Adan optimizer; choose the optax or paper convention.'));
    }
  });
});
