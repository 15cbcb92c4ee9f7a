/** ADOPT: optax/contrib/_adopt.py scale_by_adopt (+ adopt), derived from that rule by hand. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/adopt', () => {
  it('optax: the first update only sets v = g² (x does not move); then g is normalized by the OLD √v', () => {
    // η = 0.1, β₁ = 0.9, β₂ = 0.9999, ε = 1e-6; g = 2, 3, −1.
    // t1: n clipped to ±0⁰·²⁵ = 0, β₁' = 1 → m = 0, x = 0; v = 4.
    // t2: n = 3/√4 = 1.5, clipped to ±1 → 1; m = 0.1; x = −0.01; v = 0.9999·4 + 0.0001·9.
    // t3: n = −1/√v₂ (|n| < 2^¼); m = 0.1n + 0.09; x = −0.01 − 0.1m.
    const v2 = 0.9999 * 4 + 0.0001 * 9;
    const n3 = -1 / Math.sqrt(v2);
    const m3 = 0.1 * n3 + 0.9 * 0.1;
    const { xs, effs } = runRule('adopt', 'optax', { lr: 0.1 }, [0], sequence([2, 3, -1]), 3);
    assert.equal(xs[1][0], 0);
    close(xs[2][0], -0.01, 1e-15);
    close(xs[3][0], -0.01 - 0.1 * m3, 1e-14);
    assert.equal(effs[0][0], 0);
    close(effs[2][0], 0.1 / Math.sqrt(v2), 1e-14);
  });

  it('without clipping n = 1.5 at t = 2; nesterov steps with β₁m + (1−β₁)n', () => {
    close(runRule('adopt', 'optax', { lr: 0.1, useClipping: false }, [0], sequence([2, 3]), 2).xs[2][0], -0.1 * (0.1 * 1.5), 1e-15);
    // nesterov, no clipping: m = 0.15, u = 0.1·1.5 + 0.9·0.15
    close(runRule('adopt', 'optax', { lr: 0.1, useClipping: false, nesterov: true }, [0], sequence([2, 3]), 2).xs[2][0], -0.1 * (0.15 + 0.9 * 0.15), 1e-15);
  });

  it('ε is a floor on √v: g = 0 first leaves v = 0, so the next g is divided by ε (then clipped)', () => {
    close(runRule('adopt', 'optax', { lr: 0.1, useClipping: false }, [0], sequence([0, 1e-8]), 2).xs[2][0], -0.1 * 0.1 * (1e-8 / 1e-6), 1e-15);
  });

  it('defaults from optax.contrib.adopt; formula as configured; PyTorch and Keras lack it', () => {
    assert.deepEqual(RULES.adopt.defaults.optax, { lr: 1e-3, beta1: 0.9, beta2: 0.9999, epsilon: 1e-6, nesterov: false, useClipping: true });
    assert.ok(!(formulaFor(RULES.adopt, 'optax', { useClipping: false }) ?? '').includes('clip'));
    assert.equal(formulaFor(RULES.adopt, 'optax', {}), RULES.adopt.formula.optax);
    for (const c of ['pytorch', 'keras'] as const) {
      const r = resolveHyperparameters('adopt', c);
      assert.ok(!r.ok && r.error.message.endsWith('has no ADOPT optimizer; choose the optax or paper convention.'));
    }
  });
});
