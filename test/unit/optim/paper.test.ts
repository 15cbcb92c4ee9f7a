/**
 * The `paper` convention: each rule as its paper's algorithm box writes it. Every expected value is
 * worked out by hand from the algorithm in the paper (cited per test), not from the code.
 */
import * as assert from 'node:assert/strict';
import { formulaFor, resolveHyperparameters, RULES } from '../../../src/core/optim/registry';
import { FRAMEWORK_CONVENTIONS, OPTIMIZER_IDS } from '../../../src/core/optim/types';
import { close, closeAll, runRule, sequence } from './helpers';

const tex = (id: keyof typeof RULES, hp: Record<string, unknown> = {}): string => {
  const r = resolveHyperparameters(id, 'paper', hp);
  if (!r.ok) throw new Error(r.error.message);
  return formulaFor(RULES[id], 'paper', r.value) ?? '';
};

describe('optim/paper convention', () => {
  it('every original rule has a paper form: defaults, formula, source, and the frameworks\' differences', () => {
    for (const id of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam', 'adamw', 'lion'] as const) {
      const rule = RULES[id];
      assert.ok(rule.defaults.paper && rule.formula.paper && rule.source.paper, id);
      for (const c of FRAMEWORK_CONVENTIONS) assert.ok(rule.differences?.[c], `${id}: how ${c} differs`);
    }
    // Rules other sessions add may lack a paper form: the registry then says so, naming the convention.
    for (const id of OPTIMIZER_IDS.filter(i => !RULES[i].defaults.paper)) {
      const r = resolveHyperparameters(id, 'paper', {});
      assert.ok(!r.ok && r.error.message.includes('paper'), id);
    }
  });

  it('the papers\' defaults (Kingma & Ba Algorithms 1–2, Zeiler §4.1, Chen et al. §3.1)', () => {
    assert.deepEqual(RULES.adam.defaults.paper, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    assert.deepEqual(RULES.adamax.defaults.paper, { lr: 2e-3, beta1: 0.9, beta2: 0.999 }); // no ε in Algorithm 2
    assert.deepEqual(RULES.adadelta.defaults.paper, { lr: 1, rho: 0.95, epsilon: 1e-6 });
    assert.equal(RULES.rmsprop.defaults.paper?.rho, 0.9); // "0.9 MeanSquare(w, t−1) + 0.1 g²"
    assert.equal(RULES.rmsprop.defaults.paper?.epsilon, 0); // the lecture has no ε
    assert.equal(RULES.lion.defaults.paper?.beta1, 0.9);
    assert.equal(RULES.lion.defaults.paper?.beta2, 0.99);
    // No framework extras: no weight decay outside AdamW/Lion, no centering or momentum in RMSprop.
    for (const id of ['sgd', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam'] as const) {
      assert.ok(!('weightDecay' in (RULES[id].defaults.paper ?? {})), id);
    }
    assert.match(resolveHyperparameters('rmsprop', 'paper', { centered: true }).ok ? '' : 'refused', /refused/);
  });

  it('SGD (Robbins & Monro): x ← x − a·g', () => {
    close(runRule('sgd', 'paper', { lr: 0.1 }, [1], sequence([2]), 1).xs[1][0], 0.8);
  });

  it('momentum and Nesterov (Sutskever et al. eqs. 1–4): v ← μv − εg; x ← x + v, and x ← x + μv − εg on θ + μv', () => {
    // ε = 0.1, μ = 0.9, g = 1, 1: v₁ = −0.1, x₁ = −0.1; v₂ = −0.09 − 0.1 = −0.19, x₂ = −0.29.
    closeAll(runRule('momentum', 'paper', { lr: 0.1 }, [0], sequence([1, 1]), 2).xs.map(v => v[0]), [0, -0.1, -0.29]);
    // Nesterov on φ = θ + μv: φ₁ = θ₁ + μv₁ = −0.1 − 0.09 = −0.19; θ₂ = −0.1 − 0.19 = −0.29, v₂ = −0.19,
    // φ₂ = θ₂ + μv₂ = −0.29 − 0.171 = −0.461.
    closeAll(runRule('nesterov', 'paper', { lr: 0.1 }, [0], sequence([1, 1]), 2).xs.map(v => v[0]), [0, -0.19, -0.461]);
  });

  it('AdaGrad (Duchi et al. Figure 1): x ← x − η·g/(δ + √s), s₀ = 0', () => {
    // δ = 0, g = 3, 4: s₁ = 9 → x₁ = −0.1·3/3 = −0.1; s₂ = 25 → x₂ = −0.1 − 0.1·4/5 = −0.18.
    closeAll(runRule('adagrad', 'paper', { lr: 0.1, epsilon: 0 }, [0], sequence([3, 4]), 2).xs.map(v => v[0]), [0, -0.1, -0.18]);
    // δ = 1e-8 (default) sits outside the root: x₁ = −0.1·3/(3 + 1e-8).
    close(runRule('adagrad', 'paper', { lr: 0.1 }, [0], sequence([3]), 1).xs[1][0], -0.3 / (3 + 1e-8), 1e-15);
    // δ = 0 and only zero gradients: H is singular, g = 0 — the point stays (no 0/0).
    assert.deepEqual(runRule('adagrad', 'paper', { lr: 0.1, epsilon: 0 }, [1], sequence([0]), 1).xs[1], [1]);
  });

  it('RMSprop (Hinton lecture 6e): v ← 0.9v + 0.1g²; x ← x − η·g/√v, no ε', () => {
    // g = 2, 1: v₁ = 0.4 → x₁ = −0.01·2/√0.4 = −0.01·√10; v₂ = 0.36 + 0.1 = 0.46 → x₂ = x₁ − 0.01/√0.46.
    const x1 = -0.01 * Math.sqrt(10);
    closeAll(runRule('rmsprop', 'paper', { lr: 0.01 }, [0], sequence([2, 1]), 2).xs.map(v => v[0]), [0, x1, x1 - 0.01 / Math.sqrt(0.46)]);
    assert.deepEqual(runRule('rmsprop', 'paper', {}, [1], sequence([0]), 1).xs[1], [1], 'v = 0: no move, no NaN');
  });

  it('AdaDelta (Zeiler Algorithm 1): Δx = −√(E[Δx²] + ε)/√(E[g²] + ε)·g, no learning rate', () => {
    // ρ = 0.95, ε = 1e-6, g = 1: E[g²] = 0.05 → Δx₁ = −√1e-6/√0.050001 = −1e-3/√0.050001.
    // E[Δx²]₁ = 0.05·Δx₁²; g = 1 again: E[g²] = 0.0975 → Δx₂ = −√(E[Δx²]₁ + 1e-6)/√(0.0975 + 1e-6).
    const d1 = 1e-3 / Math.sqrt(0.050001);
    const d2 = Math.sqrt(0.05 * d1 * d1 + 1e-6) / Math.sqrt(0.0975 + 1e-6);
    closeAll(runRule('adadelta', 'paper', {}, [0], sequence([1, 1]), 2).xs.map(v => v[0]), [0, -d1, -d1 - d2]);
  });

  it('Adam (Kingma & Ba Algorithm 1): x₁ = x₀ − α·g/(|g| + ε)', () => {
    close(runRule('adam', 'paper', { lr: 0.1 }, [1], sequence([0.5]), 1).xs[1][0], 1 - 0.05 / (0.5 + 1e-8), 1e-14);
  });

  it('AMSGrad (Reddi et al. Algorithm 2): no bias correction, max over the raw v', () => {
    // β₁ = 0.9, β₂ = 0.999, ε = 0, α = 0.1, g = 10, 0.1:
    // m₁ = 1, v₁ = 0.1 = v̂₁ → x₁ = −0.1·1/√0.1 (the frameworks, bias-corrected: −0.1).
    // m₂ = 0.9 + 0.01 = 0.91, v₂ = 0.0999 + 0.00001 = 0.09991 < v̂₁ → v̂₂ = 0.1 → x₂ = x₁ − 0.1·0.91/√0.1.
    const x1 = -0.1 / Math.sqrt(0.1);
    const hp = { lr: 0.1, beta2: 0.999, epsilon: 0 };
    closeAll(runRule('amsgrad', 'paper', hp, [0], sequence([10, 0.1]), 2).xs.map(v => v[0]), [0, x1, x1 - (0.1 * 0.91) / Math.sqrt(0.1)]);
    // β₁,t = β₁ᵗ: β₁,₂ = 0.81 → m₂ = 0.81·1 + 0.19·0.1 = 0.829.
    const power = runRule('amsgrad', 'paper', { ...hp, beta1Decay: 'power' }, [0], sequence([10, 0.1]), 2).xs;
    close(power[2][0], x1 - (0.1 * 0.829) / Math.sqrt(0.1));
  });

  it('AdaMax (Kingma & Ba Algorithm 2): no ε; u = 0 does not move', () => {
    assert.deepEqual(runRule('adamax', 'paper', { lr: 0.1 }, [1], sequence([0, 2]), 1).xs[1], [1]);
  });

  it('Nadam (Dozat Algorithm 2): the scheduled μ_t in the first moment', () => {
    // ε = 0, η = 0.1, g = 1, 1; μ_t = 0.9(1 − ½·0.96^{0.004t}).
    const mu = (t: number): number => 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
    const [m1u, m2u, m3u] = [mu(1), mu(2), mu(3)];
    // t = 1: m₁ = (1 − μ₁)·1; n̂₁ = 1; m̄₁ = (1 − μ₁)/(1 − μ₁) + μ₂m₁/(1 − μ₁μ₂).
    const m1 = 1 - m1u;
    const x1 = -0.1 * (1 + (m2u * m1) / (1 - m1u * m2u));
    // t = 2: m₂ = μ₂m₁ + (1 − μ₂); n₂ = 0.999·0.001 + 0.001 = 0.001999 → n̂₂ = 1.
    const m2 = m2u * m1 + (1 - m2u);
    const x2 = x1 - 0.1 * ((1 - m2u) / (1 - m1u * m2u) + (m3u * m2) / (1 - m1u * m2u * m3u));
    closeAll(runRule('nadam', 'paper', { lr: 0.1, epsilon: 0 }, [0], sequence([1, 1]), 2).xs.map(v => v[0]), [0, x1, x2], 1e-12);
    // PyTorch keeps β₁ in the moment (m₁ = 0.1), so its first step differs.
    const torch = runRule('nadam', 'pytorch', { lr: 0.1, epsilon: 0 }, [0], sequence([1]), 1).xs[1][0];
    close(torch, -0.1 * (1 + (m2u * 0.1) / (1 - m1u * m2u)), 1e-12);
  });

  it('AdamW (Loshchilov & Hutter Algorithm 2): the decay is η_t·λ with η_t the schedule multiplier, not α·λ', () => {
    // Zero gradient, x₀ = 2, λ = 0.1: paper x₁ = 2 − 1·0.1·2 = 1.8 whatever α; PyTorch x₁ = 2(1 − αλ) = 1.98 (α = 0.1).
    close(runRule('adamw', 'paper', { lr: 0.1, weightDecay: 0.1 }, [2], sequence([0]), 1).xs[1][0], 1.8);
    close(runRule('adamw', 'paper', { lr: 0.001, weightDecay: 0.1 }, [2], sequence([0]), 1).xs[1][0], 1.8);
    close(runRule('adamw', 'pytorch', { lr: 0.1, weightDecay: 0.1 }, [2], sequence([0]), 1).xs[1][0], 1.98);
    // A scheduled rate of half the base rate (η_t = 0.5): x₁ = 2 − 0.5·0.1·2 = 1.9.
    const hp = resolveHyperparameters('adamw', 'paper', { lr: 0.1, weightDecay: 0.1 });
    assert.ok(hp.ok);
    const x = Float64Array.from([2]);
    RULES.adamw.create(1, hp.value, 'paper').step(x, Float64Array.from([0]), 1, 0.05, new Float64Array(1));
    close(x[0], 1.9);
  });

  it('Lion (Chen et al. Algorithm 2): x ← x − η(sign(β₁m + (1−β₁)g) + λx)', () => {
    // x₀ = 1, g = −0.3, λ = 0.5, η = 0.1: c = −0.03 → sign −1 → x₁ = 1 − 0.1(−1 + 0.5) = 1.05.
    close(runRule('lion', 'paper', { lr: 0.1, weightDecay: 0.5 }, [1], sequence([-0.3]), 1).xs[1][0], 1.05);
  });

  it('formulas show the paper forms', () => {
    const ams = tex('amsgrad');
    assert.ok(!ams.includes(String.raw`1-\beta_1^t`) && !ams.includes(String.raw`1-\beta_2^t`), 'AMSGrad: no bias correction');
    assert.ok(ams.includes(String.raw`\hat v \leftarrow \max(\hat v, v)`), ams);
    assert.ok(tex('amsgrad', { beta1Decay: 'power' }).includes(String.raw`\beta_{1,t} = \beta_1^t`));
    assert.ok(tex('adam').includes(String.raw`\frac{\hat m}{\sqrt{\hat v} + \epsilon}`));
    assert.ok(tex('adamw').includes(String.raw`\tfrac{\eta_t}{\eta}\lambda x`));
    assert.ok(!tex('adamw', { weightDecay: 0 }).includes(String.raw`\lambda`));
    assert.ok(tex('nadam').includes(String.raw`m \leftarrow \mu_t m + (1-\mu_t) g`));
    assert.ok(tex('adamax').includes(String.raw`\max(\beta_2 u, |g|)`) && !tex('adamax').includes(String.raw`\epsilon`));
    assert.ok(!tex('rmsprop').includes(String.raw`\bar g`));
  });
});
