/** AdaBelief: optax/_src/transform.py scale_by_belief (+ alias.py adabelief), derived from that rule by hand. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/adabelief', () => {
  it('optax: two steps from the documented rule (s is the EMA of (g − m)² with the new m, plus ε_root each step)', () => {
    // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = ε_root = 1e-16; g = 1, then 3.
    const eps = 1e-16;
    // t1: m = 0.1, g − m = 0.9, s = 0.001·0.81 + 1e-16
    const m1 = 0.1;
    const s1 = 0.001 * 0.81 + eps;
    const x1 = -0.1 * (m1 / 0.1) / (Math.sqrt(s1 / 0.001) + eps);
    // t2: m = 0.3 + 0.09 = 0.39, g − m = 2.61, s = 0.001·2.61² + 0.999·s1 + 1e-16
    const m2 = 0.1 * 3 + 0.9 * m1;
    const s2 = 0.001 * (3 - m2) ** 2 + 0.999 * s1 + eps;
    const x2 = x1 - 0.1 * (m2 / (1 - 0.81)) / (Math.sqrt(s2 / (1 - 0.999 ** 2)) + eps);
    const { xs, effs } = runRule('adabelief', 'optax', { lr: 0.1 }, [0], sequence([1, 3]), 2);
    close(xs[1][0], x1, 1e-14);
    close(xs[2][0], x2, 1e-14);
    close(effs[0][0], 0.1 / (Math.sqrt(s1 / 0.001) + eps), 1e-14);
  });

  it('a constant gradient: g − m shrinks, so the step grows past η (Adam would stay at η)', () => {
    const { xs } = runRule('adabelief', 'optax', { lr: 0.01 }, [0], sequence([1, 1, 1]), 3);
    assert.ok(xs[2][0] - xs[3][0] > 0.01 && xs[1][0] - xs[2][0] > 0.01);
  });

  it('optax nesterov: m̂ = β₁m/(1−β₁^{t+1}) + (1−β₁)g/(1−β₁ᵗ); weight decay adds λx before −η', () => {
    const eps = 1e-16;
    const s1 = 0.001 * 0.81 + eps;
    const denom = Math.sqrt(s1 / 0.001) + eps;
    const mHat = (0.9 * 0.1) / (1 - 0.81) + (0.1 * 1) / 0.1;
    close(runRule('adabelief', 'optax', { lr: 0.1, nesterov: true }, [0], sequence([1]), 1).xs[1][0], -0.1 * (mHat / denom), 1e-14);
    close(runRule('adabelief', 'optax', { lr: 0.1, weightDecay: 0.5 }, [2], sequence([1]), 1).xs[1][0], 2 - 0.1 * (1 / denom + 0.5 * 2), 1e-14);
  });

  it('defaults from optax.adabelief; the formula as configured; PyTorch and Keras lack it', () => {
    assert.deepEqual(RULES.adabelief.defaults.optax, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-16, epsRoot: 1e-16, weightDecay: 0, nesterov: false });
    const hp = resolveHyperparameters('adabelief', 'optax', { weightDecay: 0.1 });
    assert.ok(hp.ok);
    assert.equal(formulaFor(RULES.adabelief, 'optax', hp.value), RULES.adabelief.formula.optax);
    const off = formulaFor(RULES.adabelief, 'optax', { epsRoot: 0, nesterov: true }) ?? '';
    assert.ok(!off.includes(String.raw`\epsilon_{root}`) && !off.includes(String.raw`\lambda`) && off.includes('t+1'));
    for (const c of ['pytorch', 'keras'] as const) {
      const r = resolveHyperparameters('adabelief', c);
      assert.ok(!r.ok && r.error.message.includes('has no AdaBelief optimizer; choose the optax or paper convention.'));
    }
  });
});
