/** Prodigy: optax/contrib/_prodigy.py, three steps derived by hand from its update. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/prodigy', () => {
  it('optax: three steps by hand (d updated after step 2 from r = (d/d₀)·dlr·⟨g, x₀ − x⟩)', () => {
    const [b1, b2, b3, eps, d0] = [0.9, 0.999, Math.sqrt(0.999), 1e-8, 1e-6];
    const x0 = 1;
    // t1, g = 2: a = 0, so r = 0 and d stays d₀.
    let d = d0;
    const bc1 = Math.sqrt(1 - b2) / (1 - b1);
    const dlr1 = d * bc1;
    let m = (1 - b1) * d * 2;
    let v = (1 - b2) * (d * 2) ** 2;
    let s = (dlr1 * d * 2) / d0;
    let r = 0;
    const x1 = x0 - (dlr1 * m) / (Math.sqrt(v) + d * eps);
    // t2, g = 1: a = 1·(x₀ − x₁) > 0, r = (d/d₀)·dlr·a, d' = max(d, r/|s|).
    const bc2 = Math.sqrt(1 - b2 ** 2) / (1 - b1 ** 2);
    const dlr2 = d * bc2;
    m = b1 * m + (1 - b1) * d;
    v = b2 * v + (1 - b2) * d * d;
    s = b3 * s + (dlr2 * d) / d0;
    r = b3 * r + (d / d0) * dlr2 * (x0 - x1);
    const x2 = x1 - (dlr2 * m) / (Math.sqrt(v) + d * eps);
    const dNext = Math.max(d, r / Math.abs(s));
    // t3, g = 1, with the new d
    d = dNext;
    const bc3 = Math.sqrt(1 - b2 ** 3) / (1 - b1 ** 3);
    const dlr3 = d * bc3;
    m = b1 * m + (1 - b1) * d;
    v = b2 * v + (1 - b2) * d * d;
    const x3 = x2 - (dlr3 * m) / (Math.sqrt(v) + d * eps);
    const { xs } = runRule('prodigy', 'optax', {}, [x0], sequence([2, 1, 1]), 3);
    close(xs[1][0], x1, 1e-14);
    close(xs[2][0], x2, 1e-14);
    close(xs[3][0], x3, 1e-14);
  });

  it('d grows by orders of magnitude once x moves toward the minimum (f = ½x², d₀ = 1e-6)', () => {
    const { xs, effs } = runRule('prodigy', 'optax', {}, [1], x => [x[0]], 40);
    assert.ok(effs[39][0] > 1e4 * effs[2][0], `effective rate ${effs[2][0]} → ${effs[39][0]}`);
    assert.ok(Math.abs(xs[40][0]) < 0.5);
  });

  it('weight decay: −λ·dlr·x with the step; safeguard_warmup changes only the sum s (not the first step)', () => {
    const d0 = 1e-6;
    const dlr = d0 * (Math.sqrt(0.001) / 0.1);
    const step = (dlr * 0.1 * d0 * 2) / (Math.sqrt(0.001) * d0 * 2 + d0 * 1e-8);
    close(runRule('prodigy', 'optax', { weightDecay: 0.5 }, [1], sequence([2]), 1).xs[1][0], 1 - step - 0.5 * dlr, 1e-14);
    close(runRule('prodigy', 'optax', { safeguardWarmup: true }, [1], sequence([2]), 1).xs[1][0], 1 - step, 1e-14);
  });

  it('defaults from optax.contrib.prodigy (β₃ = √β₂); formula; PyTorch and Keras lack it', () => {
    assert.deepEqual(RULES.prodigy.defaults.optax, { lr: 1, beta1: 0.9, beta2: 0.999, beta3: Math.sqrt(0.999), epsilon: 1e-8, estimLr0: 1e-6, estimLrCoef: 1, weightDecay: 0, safeguardWarmup: false });
    assert.equal(formulaFor(RULES.prodigy, 'optax', { weightDecay: 0.1 }), RULES.prodigy.formula.optax);
    const bad = resolveHyperparameters('prodigy', 'optax', { estimLr0: 0 });
    assert.ok(!bad.ok && bad.error.message === 'estimLr0 must be > 0, got 0');
    for (const c of ['pytorch', 'keras'] as const) {
      const r = resolveHyperparameters('prodigy', c);
      assert.ok(!r.ok && r.error.message.endsWith('has no Prodigy optimizer; choose the optax convention.'));
    }
  });
});
