/** NAdam's decoupled_weight_decay option (torch/optim/nadam.py, 2.x): x ← x(1 − ηλ) before the moments. */
import * as assert from 'node:assert/strict';
import { formulaFor, resolveHyperparameters, RULES } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/nadam decoupledWeightDecay', () => {
  const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
  const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
  // g = 1: m₁ = 0.1, v̂₁ = 1 → d = 1 + ε; the NAdam step is η·g/d + η·μ₂/(1 − μ₁μ₂)·m₁/d
  const lr = 0.1, lambda = 0.5, eps = 1e-8;
  const nadamStep = (g: number): number => (lr * g) / (Math.abs(g) + eps) + ((lr * mu2) / (1 - mu1 * mu2)) * ((0.1 * g) / (Math.abs(g) + eps));

  it('decoupled: x₁ = x₀(1 − ηλ) − step(g), the gradient untouched', () => {
    const x1 = runRule('nadam', 'pytorch', { lr, weightDecay: lambda, decoupledWeightDecay: true }, [2], sequence([1]), 1).xs[1][0];
    close(x1, 2 * (1 - lr * lambda) - nadamStep(1), 1e-14);
  });

  it('the default stays L2: x₁ = x₀ − step(g + λx₀)', () => {
    const x1 = runRule('nadam', 'pytorch', { lr, weightDecay: lambda }, [2], sequence([1]), 1).xs[1][0];
    close(x1, 2 - nadamStep(1 + lambda * 2), 1e-14);
  });

  it('the configured formula shows the decoupled decay; the option is PyTorch\'s only', () => {
    const hp = resolveHyperparameters('nadam', 'pytorch', { weightDecay: 0.01, decoupledWeightDecay: true });
    assert.ok(hp.ok);
    const tex = formulaFor(RULES.nadam, 'pytorch', hp.value) ?? '';
    assert.ok(tex.includes(String.raw`x \leftarrow x\,(1 - \eta_t\lambda)`), tex);
    assert.ok(!tex.includes(String.raw`g \leftarrow g + \lambda x`), tex);
    const keras = resolveHyperparameters('nadam', 'keras', { decoupledWeightDecay: true });
    assert.ok(!keras.ok && keras.error.message.startsWith('decoupledWeightDecay is not a hyperparameter of nadam in the keras convention'));
  });
});
