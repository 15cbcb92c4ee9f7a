/**
 * Adafactor, vector path: torch/optim/_adafactor.py, keras/src/optimizers/adafactor.py, optax
 * alias.py adafactor (factorized.py unfactored branch) — hand-derived steps and Keras's goldens.
 */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

const rms = (a: number[]): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);

describe('optim/adafactor', () => {
  it('pytorch: two steps by hand (v = g² at t = 1 since t^τ = 1; α from RMS(x)·min(η, 1/√t))', () => {
    // x = (3, 4), g = (1, −2), η = 0.01: α₁ = RMS(3, 4)·0.01, u = g/|g| = (1, −1), RMS(u) = 1 ≤ d.
    const x1 = [3 - rms([3, 4]) * 0.01, 4 + rms([3, 4]) * 0.01];
    // t = 2, g = (1, 1): w = 2^−0.8, v = v + w(g² − v) = (1, 4 − 3w), u = g/√v, RMS(u) < 1.
    const w = 2 ** -0.8;
    const u = [1, 1 / Math.sqrt(4 - 3 * w)];
    const alpha2 = rms(x1) * Math.min(0.01, 1 / Math.sqrt(2));
    const { xs, effs } = runRule('adafactor', 'pytorch', {}, [3, 4], sequence([[1, -2], [1, 1]]), 2);
    closeAll(xs[1], x1, 1e-14);
    closeAll(xs[2], [x1[0] - alpha2 * u[0], x1[1] - alpha2 * u[1]], 1e-14);
    close(effs[1][0], alpha2, 1e-14);
  });

  it('where ε₁ sits: PyTorch floors v at ε₁², Keras and optax add ε₁ to g²', () => {
    // g = 1e-20 at t = 1 from x = 1, η = 0.5 (ρ = 0.5, α = 0.5): v = g² = 1e-40.
    // PyTorch: u = 1e-20/√max(1e-40, ε²) = 1e-20/2⁻⁵²; Keras: u = 1e-20/√(1e-40 + 1e-30) ≈ 1e-5.
    close(runRule('adafactor', 'pytorch', { lr: 0.5 }, [1], sequence([1e-20]), 1).xs[1][0], 1 - 0.5 * (1e-20 / Number.EPSILON), 1e-14);
    close(runRule('adafactor', 'keras', { lr: 0.5 }, [1], sequence([1e-20]), 1).xs[1][0], 1 - 0.5 * (1e-20 / Math.sqrt(1e-40 + 1e-30)), 1e-14);
  });

  it('pytorch: weight decay x(1 − ηλ) after α is taken from the undecayed x', () => {
    // x = 2, g = 1, η = 0.01, λ = 0.5: α = 2·0.01; x ← 2(1 − 0.005) = 1.99; u = 1 → x = 1.99 − 0.02
    close(runRule('adafactor', 'pytorch', { weightDecay: 0.5 }, [2], sequence([1]), 1).xs[1][0], 1.99 - 0.02, 1e-14);
  });

  it('optax: first step u = η·max(RMS(x), 1e-3)·g/√(g² + ε), clipped to RMS ≤ d; momentum and λx after', () => {
    const u = [1 / Math.sqrt(1 + 1e-30), -2 / Math.sqrt(4 + 1e-30)];
    const s = 0.1 * rms([3, 4]);
    closeAll(runRule('adafactor', 'optax', { lr: 0.1 }, [3, 4], sequence([[1, -2]]), 1).xs[1], [3 - s * u[0], 4 - s * u[1]], 1e-14);
    // d = 0.5: RMS(u) = 1 → the update is halved
    closeAll(runRule('adafactor', 'optax', { lr: 0.1, clipThreshold: 0.5 }, [3, 4], sequence([[1, -2]]), 1).xs[1], [3 - (s * u[0]) / 2, 4 - (s * u[1]) / 2], 1e-14);
    // momentum 0.9 without debiasing: m = 0.1·u; λ = 0.5 adds 0.5x (not scaled by η)
    closeAll(runRule('adafactor', 'optax', { lr: 0.1, momentum: 0.9, weightDecay: 0.5 }, [3, 4], sequence([[1, -2]]), 1).xs[1], [3 - (0.1 * s * u[0] + 1.5), 4 - (0.1 * s * u[1] + 2)], 1e-14);
    // no parameter scale: u = η·g/√v; the default η = 1 (learning_rate None)
    closeAll(runRule('adafactor', 'optax', { multiplyByParameterScale: false }, [3, 4], sequence([[1, -2]]), 1).xs[1], [3 - u[0], 4 - u[1]], 1e-14);
  });

  it('optax: β̂ = 1 − t^{−0.8} on the second step', () => {
    const b = 1 - 2 ** -0.8;
    const v2 = b * (1 + 1e-30) + (1 - b) * (9 + 1e-30);
    const x1 = 3 - 0.1 * 3 * (1 / Math.sqrt(1 + 1e-30));
    const u2 = 3 / Math.sqrt(v2);
    const x2 = x1 - 0.1 * Math.max(Math.abs(x1), 1e-3) * (u2 / Math.max(1, Math.abs(u2)));
    close(runRule('adafactor', 'optax', { lr: 0.1 }, [3], sequence([1, 3]), 2).xs[2][0], x2, 1e-14);
  });

  // keras/src/optimizers/adafactor_test.py: test_single_step_1d, test_correctness_with_golden, test_weight_decay
  it('Keras golden, single step (1-D) and weight decay (adafactor_test.py)', () => {
    assertKerasSingleStep('adafactor', { lr: 0.5 }, [-0.3693, 0.6307, 1.6307, 2.6307]);
    assertKerasGolden('adafactor', { lr: 0.5, beta2Decay: -0.65, epsilon1: 1e-15, epsilon2: 1e-4, clipThreshold: 0.9 }, [
      [0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55],
      [0.3031, 0.3026, 0.3025, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024],
      [0.1671, 0.1665, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663],
      [0.0923, 0.0916, 0.0915, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914],
      [0.0554, 0.0548, 0.0546, 0.0546, 0.0546, 0.0546, 0.0546, 0.0545, 0.0545, 0.0545],
    ]);
    assertKerasWeightDecay('adafactor');
  });

  it('PyTorch\'s checks (τ ≤ 0, d ≥ 1) with the field named; Keras accepts d < 1; defaults; formulas', () => {
    const m = (c: 'pytorch' | 'keras', o: Record<string, unknown>): string => { const r = resolveHyperparameters('adafactor', c, o); return r.ok ? '(ok)' : r.error.message; };
    assert.equal(m('pytorch', { beta2Decay: 0.5 }), 'beta2Decay must be <= 0 in PyTorch (beta2_decay should be <= 0), got 0.5');
    assert.equal(m('pytorch', { clipThreshold: 0.5 }), 'clipThreshold must be >= 1 in PyTorch (clipping threshold d should be >= 1), got 0.5');
    assert.equal(m('keras', { clipThreshold: 0.5 }), '(ok)');
    assert.equal(m('keras', { clipThreshold: 0 }), 'clipThreshold must be > 0, got 0');
    assert.equal(m('pytorch', { epsilon2: -1 }), 'epsilon2 must be >= 0, got -1');
    assert.deepEqual(RULES.adafactor.defaults.pytorch, { lr: 1e-2, beta2Decay: -0.8, epsilon1: 2 ** -52, epsilon2: 1e-3, clipThreshold: 1, weightDecay: 0 });
    assert.deepEqual(RULES.adafactor.defaults.keras, { lr: 1e-3, beta2Decay: -0.8, epsilon1: 1e-30, epsilon2: 1e-3, clipThreshold: 1, weightDecay: 0 });
    assert.equal(RULES.adafactor.defaults.optax?.decayRate, 0.8);
    for (const c of ['pytorch', 'keras'] as const) assert.equal(formulaFor(RULES.adafactor, c, { weightDecay: 0.1 }), RULES.adafactor.formula[c]);
    assert.equal(formulaFor(RULES.adafactor, 'optax', { weightDecay: 0.1, momentum: 0.9 }), RULES.adafactor.formula.optax);
  });
});
