/** RAdam: torch/optim/radam.py (_single_tensor_radam) and optax scale_by_radam; Keras has none. */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, closeAll, runRule, sequence } from './helpers';

/** ρ_t and r_t as the RAdam paper defines them (Liu et al. 2020, Algorithm 2). */
const rhoInf = (beta2: number): number => 2 / (1 - beta2) - 1;
const rho = (beta2: number, t: number): number => rhoInf(beta2) - (2 * t * beta2 ** t) / (1 - beta2 ** t);
const rect = (beta2: number, t: number): number => {
  const r = rho(beta2, t), ri = rhoInf(beta2);
  return Math.sqrt(((r - 4) * (r - 2) * ri) / ((ri - 4) * (ri - 2) * r));
};

describe('optim/radam', () => {
  it('ρ₁ = 1 whatever β₂, so the first step is plain SGD in both conventions: x₁ = x₀ − ηg', () => {
    for (const beta2 of [0.5, 0.9, 0.999]) close(rho(beta2, 1), 1, 1e-12, `β₂ ${beta2}`);
    for (const c of ['pytorch', 'optax'] as const) {
      const { xs, effs } = runRule('radam', c, { lr: 0.1 }, [1, -2], sequence([[3, -0.5]]), 1);
      closeAll(xs[1], [1 - 0.3, -2 + 0.05], 1e-12, c);
      closeAll(effs[0], [0.1, 0.1], 1e-15, c);
    }
  });

  it('a constant gradient, closed form: m̂ = g and v = (1 − β₂ᵗ)g², rectified from the first t with ρ_t > 5 (PyTorch) / ≥ 5 (optax)', () => {
    // β₂ = 0.999: ρ₅ ≈ 4.996, ρ₆ ≈ 5.994, so steps 1–5 are η·g and step t ≥ 6 is η·g·r_t·√(1−β₂ᵗ)/(|g|√(1−β₂ᵗ) + ε)
    // in PyTorch (ε on √v), η·g·r_t/(|g| + ε) in optax (ε on √v̂).
    const g = 0.5, lr = 0.01, eps = 1e-8, beta2 = 0.999, n = 9;
    assert.ok(rho(beta2, 5) < 5 && rho(beta2, 6) > 5);
    let torchX = 0, optaxX = 0;
    const torchXs = [0], optaxXs = [0];
    for (let t = 1; t <= n; t++) {
      const bc2 = 1 - beta2 ** t;
      torchX -= rho(beta2, t) > 5 ? (lr * g * rect(beta2, t) * Math.sqrt(bc2)) / (g * Math.sqrt(bc2) + eps) : lr * g;
      optaxX -= rho(beta2, t) >= 5 ? (lr * g * rect(beta2, t)) / (g + eps) : lr * g;
      torchXs.push(torchX);
      optaxXs.push(optaxX);
    }
    const grads = sequence(new Array<number>(n).fill(g));
    closeAll(runRule('radam', 'pytorch', { lr }, [0], grads, n).xs.map(x => x[0]), torchXs, 1e-12, 'pytorch');
    closeAll(runRule('radam', 'optax', { lr }, [0], grads, n).xs.map(x => x[0]), optaxXs, 1e-12, 'optax');
  });

  it('β₂ = 0.5 (ρ_∞ = 3) never rectifies: SGD with bias-corrected momentum, x ← x − η·m/(1 − β₁ᵗ)', () => {
    // g = 1, 3: m₁ = 0.1 → m̂₁ = 1; m₂ = 0.09 + 0.3 = 0.39 → m̂₂ = 0.39/0.19
    const { xs } = runRule('radam', 'pytorch', { lr: 0.1, beta2: 0.5 }, [0], sequence([1, 3]), 2);
    closeAll(xs.map(x => x[0]), [0, -0.1, -0.1 - (0.1 * 0.39) / 0.19], 1e-12);
  });

  it('PyTorch weight decay: L2 (g + λx) by default, x(1 − ηλ) first with decoupledWeightDecay', () => {
    // first step unrectified: L2 x₁ = x₀ − η(g + λx₀); decoupled x₁ = x₀(1 − ηλ) − ηg
    const l2 = runRule('radam', 'pytorch', { lr: 0.1, weightDecay: 0.5 }, [2], sequence([1]), 1).xs[1][0];
    close(l2, 2 - 0.1 * (1 + 0.5 * 2), 1e-12);
    const decoupled = runRule('radam', 'pytorch', { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }, [2], sequence([1]), 1).xs[1][0];
    close(decoupled, 2 * (1 - 0.05) - 0.1, 1e-12);
  });

  it('optax nesterov: m̂ = β₁m/(1 − β₁^{t+1}) + (1 − β₁)g/(1 − β₁ᵗ) (unrectified first step)', () => {
    // g = 2: m₁ = 0.2 → m̂ = 0.9·0.2/0.19 + 0.1·2/0.1
    const { xs } = runRule('radam', 'optax', { lr: 0.1, nesterov: true }, [0], sequence([2]), 1);
    close(xs[1][0], -0.1 * ((0.9 * 0.2) / 0.19 + 2), 1e-12);
  });

  it('Keras has no RAdam; decoupledWeightDecay is PyTorch\'s, threshold optax\'s', () => {
    const m = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);
    assert.match(m(resolveHyperparameters('radam', 'keras')), /^Keras 3 \(keras\.optimizers\) has no RAdam/);
    assert.equal(m(resolveHyperparameters('radam', 'optax', { decoupledWeightDecay: true })), 'decoupledWeightDecay is not a hyperparameter of radam in the optax convention (only pytorch)');
    assert.equal(m(resolveHyperparameters('radam', 'pytorch', { threshold: 4 })), 'threshold is not a hyperparameter of radam in the pytorch convention (only optax)');
    assert.equal(m(resolveHyperparameters('radam', 'pytorch', { beta2: 1 })), 'beta2 must be in [0, 1), got 1');
  });
});
