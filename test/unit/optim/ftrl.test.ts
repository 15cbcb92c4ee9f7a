/** FTRL: keras/src/optimizers/ftrl.py, by hand from its update and Keras's own golden values. */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasSingleStep, close, runRule, sequence } from './helpers';

describe('optim/ftrl', () => {
  it('keras: first step by hand (z starts at 0, so x₀ enters only through σ)', () => {
    // x₀ = 1, g = 0.5, η = 0.1, p = −½, n₀ = 0.1: n' = 0.35, σ = (√0.35 − √0.1)/0.1,
    // z = 0.5 − σ·1, q = √0.35/0.1; λ₁ = 0 so clip(z) = 0 and x₁ = −z/q.
    const sigma = (Math.sqrt(0.35) - Math.sqrt(0.1)) / 0.1;
    const z = 0.5 - sigma;
    const q = Math.sqrt(0.35) / 0.1;
    const { xs, effs } = runRule('ftrl', 'keras', { lr: 0.1 }, [1], sequence([0.5]), 1);
    close(xs[1][0], -z / q, 1e-14);
    close(effs[0][0], 1 / q, 1e-14);
  });

  it('keras: |z| ≤ λ₁ puts x exactly at 0; beyond, x = −(z ∓ λ₁)/q with λ₂ and β/(2η) in q', () => {
    // n₀ = 0.1, g = 0.01 (tiny σ·x): z ≈ 0.01 < λ₁ = 0.05 → x = 0 exactly
    assert.equal(runRule('ftrl', 'keras', { lr: 0.1, l1: 0.05 }, [0], sequence([0.01]), 1).xs[1][0], 0);
    // x₀ = 0, g = 2: n' = 4.1, z = 2 (σ·0 = 0), q = √4.1/0.1 + 2(0.3 + 0.2/(2·0.1)), x = (0.05 − 2)/q
    const q = Math.sqrt(4.1) / 0.1 + 2 * (0.3 + 0.2 / 0.2);
    close(runRule('ftrl', 'keras', { lr: 0.1, l1: 0.05, l2: 0.3, beta: 0.2 }, [0], sequence([2]), 1).xs[1][0], (0.05 - 2) / q, 1e-14);
  });

  it('keras: l2 shrinkage adds 2λ_s·x to the linear term only (not to n)', () => {
    // x₀ = 1, g = 0.5, λ_s = 0.25: z = 0.5 + 0.5 − σ, n' = 0.35 as without shrinkage
    const sigma = (Math.sqrt(0.35) - Math.sqrt(0.1)) / 0.1;
    close(runRule('ftrl', 'keras', { lr: 0.1, l2Shrinkage: 0.25 }, [1], sequence([0.5]), 1).xs[1][0], -(1 - sigma) / (Math.sqrt(0.35) / 0.1), 1e-14);
  });

  // keras/src/optimizers/ftrl_test.py: test_single_step, test_correctness_with_golden
  it('Keras golden and single step (ftrl_test.py)', () => {
    assertKerasSingleStep('ftrl', { lr: 0.5 }, [0.2218, 1.3954, 2.3651, 2.8814]);
    assertKerasGolden('ftrl', { lr: 0.05, lrPower: -0.2, initialAccumulator: 0.4, l1: 0.05, l2: 0.15, l2Shrinkage: 0.01, beta: 0.3 }, [
      [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
      [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
      [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
      [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299],
    ]);
  });

  it('keras: the decoupled weight decay runs first, so σ·x uses the decayed x', () => {
    // x₀ = 2, η = 1, λ = 0.004: x ← 2(1 − 0.004) = 1.992; g = 0.5: n' = 0.35, σ = √0.35 − √0.1,
    // z = 0.5 − σ·1.992, q = √0.35, x₁ = −z/q.
    const sigma = Math.sqrt(0.35) - Math.sqrt(0.1);
    close(runRule('ftrl', 'keras', { lr: 1, weightDecay: 0.004 }, [2], sequence([0.5]), 1).xs[1][0], -(0.5 - sigma * 1.992) / Math.sqrt(0.35), 1e-14);
  });

  it('Keras\'s range checks with the field named; defaults; PyTorch and optax lack it', () => {
    const m = (o: Record<string, unknown>): string => { const r = resolveHyperparameters('ftrl', 'keras', o); return r.ok ? '(ok)' : r.error.message; };
    assert.equal(m({ lrPower: 0.5 }), 'lrPower must be <= 0, got 0.5');
    assert.equal(m({ initialAccumulator: -0.1 }), 'initialAccumulator must be >= 0, got -0.1');
    assert.equal(m({ l1: -1 }), 'l1 must be >= 0, got -1');
    assert.equal(m({ l2: -1 }), 'l2 must be >= 0, got -1');
    assert.equal(m({ l2Shrinkage: -1 }), 'l2Shrinkage must be >= 0, got -1');
    assert.equal(m({ beta: -1 }), '(ok)');
    assert.deepEqual(RULES.ftrl.defaults.keras, { lr: 1e-3, lrPower: -0.5, initialAccumulator: 0.1, l1: 0, l2: 0, l2Shrinkage: 0, beta: 0, weightDecay: 0 });
    assert.equal(formulaFor(RULES.ftrl, 'keras', { weightDecay: 1e-3, l1: 0.1, l2: 0.1, l2Shrinkage: 0.1, beta: 0.1 }), RULES.ftrl.formula.keras);
    for (const c of ['pytorch', 'optax'] as const) {
      const r = resolveHyperparameters('ftrl', c);
      assert.ok(!r.ok && r.error.message.endsWith('has no FTRL optimizer; choose the keras convention.'));
    }
  });
});
