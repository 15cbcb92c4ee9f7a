/**
 * The `paper` convention for rules added after the original twelve: each expected value is worked
 * out by hand from the paper's algorithm box cited in the test, not from the code.
 */
import * as assert from 'node:assert/strict';
import { formulaFor, resolveHyperparameters, RULES } from '../../../src/core/optim/registry';
import { FRAMEWORK_CONVENTIONS } from '../../../src/core/optim/types';
import { close, closeAll, runRule, sequence, withExtraPoint } from './helpers';

const message = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);

/** Liu et al. 2020 Algorithm 2, lines 4 and 10, 13. */
const rhoInf = (beta2: number): number => 2 / (1 - beta2) - 1;
const rho = (beta2: number, t: number): number => rhoInf(beta2) - (2 * t * beta2 ** t) / (1 - beta2 ** t);
const rect = (beta2: number, t: number): number => {
  const r = rho(beta2, t), ri = rhoInf(beta2);
  return Math.sqrt(((r - 4) * (r - 2) * ri) / ((ri - 4) * (ri - 2) * r));
};


describe('optim/paper convention: the newer rules', () => {
  it('each paper form has defaults, a formula, the paper named and every framework\'s difference', () => {
    for (const id of ['radam', 'yogi', 'signsgd', 'signum', 'lamb', 'adabelief', 'rprop', 'adopt', 'ademamix', 'schedulefree-adamw', 'adan', 'schedulefree-sgd'] as const) {
      const rule = RULES[id];
      assert.ok(rule.defaults.paper && rule.formula.paper && rule.source.paper, id);
      for (const c of FRAMEWORK_CONVENTIONS) assert.ok(rule.differences?.[c], `${id}: how ${c} differs`);
      const r = resolveHyperparameters(id, 'paper', {});
      assert.ok(r.ok && formulaFor(rule, 'paper', r.value), id);
    }
  });

  it('RAdam (Liu et al. 2020 Alg. 2): plain momentum while ρ_t ≤ 4, rectified from the first ρ_t > 4 with l_t = √((1−β₂ᵗ)/v_t), no ε', () => {
    // Constant g = 2, α = 0.1, β₂ = 0.999: m̂_t = g (line 9), v_t = (1 − β₂ᵗ)g² so l_t = 1/|g| (line 12).
    // ρ₄ ≈ 3.997 ≤ 4: steps 1–4 move α·g = 0.2 (line 16); ρ₅ ≈ 4.996 > 4: step 5 moves α·r₅·g·l₅ = 0.1·r₅ (line 14).
    assert.ok(rho(0.999, 4) <= 4 && rho(0.999, 5) > 4 && rho(0.999, 5) < 5);
    const { xs, effs } = runRule('radam', 'paper', { lr: 0.1 }, [3], sequence([2, 2, 2, 2, 2]), 5);
    closeAll(xs.map(x => x[0]), [3, 2.8, 2.6, 2.4, 2.2, 2.2 - 0.1 * rect(0.999, 5)], 1e-12);
    close(effs[4][0], 0.1 * rect(0.999, 5) * 0.5, 1e-12);
    // PyTorch (ρ_t > 5) and optax (ρ_t ≥ 5) do not rectify step 5: it moves the full 0.2 there
    for (const c of ['pytorch', 'optax'] as const) close(runRule('radam', c, { lr: 0.1 }, [3], sequence([2, 2, 2, 2, 2]), 5).xs[5][0], 2.0, 1e-12, c);
  });

  it('RAdam paper: a coordinate whose gradients were all 0 stays put (no 0/0); the paper form has no ε or weight decay', () => {
    const { xs } = runRule('radam', 'paper', { lr: 0.1 }, [1, 1], sequence([[1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [1, 0]], 2), 6);
    assert.equal(xs[6][1], 1);
    assert.deepEqual(RULES.radam.defaults.paper, { lr: 1e-3, beta1: 0.9, beta2: 0.999 });
    assert.match(formulaFor(RULES.radam, 'paper', {}) ?? '', /\\rho_t > 4/);
  });
  it('Yogi (Zaheer et al. 2018 Alg. 2): no bias correction, m₀ = v₀ = 0, v moves by (1−β₂)g² toward g²', () => {
    // η = 1e-2, β₁ = 0.9, β₂ = 0.999, ε = 1e-3 (the paper's settings). g = 2 then 0.01:
    // t = 1: m = 0.2, v = 0 − 0.001·sign(0 − 4)·4 = 0.004;  t = 2: m = 0.18 + 0.001 = 0.181,
    // v = 0.004 − 0.001·sign(0.004 − 1e-4)·1e-4 = 0.0039999
    assert.deepEqual(RULES.yogi.defaults.paper, { lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-3 });
    const { xs, effs } = runRule('yogi', 'paper', {}, [1], sequence([2, 0.01]), 2);
    const x1 = 1 - (0.01 * 0.2) / (Math.sqrt(0.004) + 1e-3);
    const x2 = x1 - (0.01 * 0.181) / (Math.sqrt(0.0039999) + 1e-3);
    closeAll(xs.map(x => x[0]), [1, x1, x2], 1e-12);
    close(effs[1][0], 0.01 / (Math.sqrt(0.0039999) + 1e-3), 1e-12);
    // optax bias-corrects moments that start at 1e-6: m̂ = (0.2 + 0.9·1e-6)/0.1, v̂ = (1e-6 + 0.004)/0.001,
    // a first step ≈ η·g/(|g| + ε), a third of the paper's here
    const optax = runRule('yogi', 'optax', { lr: 1e-2 }, [1], sequence([2]), 1).xs[1][0];
    close(optax, 1 - (0.01 * ((0.2 + 0.9e-6) / 0.1)) / (Math.sqrt((1e-6 + 0.004) / 0.001) + 1e-3), 1e-12);
  });

  it('signSGD and Signum (Bernstein et al. 2018 Algs. 1 and 3) are optax\'s arithmetic: x ← x − δ·sign(·), m ← βm + (1−β)g', () => {
    // Signum, β = 0.9, δ = 0.1: g = 1 → m = 0.1, step −δ; g = −2 → m = 0.09 − 0.2 = −0.11, step +δ
    const { xs } = runRule('signum', 'paper', { lr: 0.1 }, [0], sequence([1, -2]), 2);
    closeAll(xs.map(x => x[0]), [0, -0.1, 0], 1e-15);
    // g = −0.5 instead: m = 0.09 − 0.05 = 0.04 > 0, still −δ (the sign of the average, not of g)
    closeAll(runRule('signum', 'paper', { lr: 0.1 }, [0], sequence([1, -0.5]), 2).xs.map(x => x[0]), [0, -0.1, -0.2], 1e-15);
    closeAll(runRule('signsgd', 'paper', { lr: 0.1 }, [0, 0], sequence([[3, -1e-9]], 2), 1).xs[1], [-0.1, 0.1], 1e-15);
    // the same trajectory as the optax convention for any gradient sequence
    const grads = sequence([0.3, -1, 2, -0.1, 0.05, -3]);
    for (const id of ['signsgd', 'signum'] as const) {
      assert.deepEqual(runRule(id, 'paper', { lr: 0.01 }, [1], grads, 6).xs, runRule(id, 'optax', { lr: 0.01 }, [1], grads, 6).xs, id);
    }
  });

  it('LAMB (You et al. 2020 Alg. 2): x ← x − η‖x‖/‖r + λx‖·(r + λx), r = m̂/(√v̂ + ε); a zero norm means no move', () => {
    // x₀ = (3, 4), ‖x₀‖ = 5, g = (1, 2): m̂ = g, v̂ = g², r_i = g_i/(|g_i| + 1e-6); η = 0.1, λ = 0.1
    const r = [1 / (1 + 1e-6), 2 / (2 + 1e-6)];
    const u = [r[0] + 0.1 * 3, r[1] + 0.1 * 4];
    const ratio = 5 / Math.hypot(u[0], u[1]);
    const { xs } = runRule('lamb', 'paper', { lr: 0.1, weightDecay: 0.1 }, [3, 4], sequence([[1, 2]], 2), 1);
    closeAll(xs[1], [3 - 0.1 * ratio * u[0], 4 - 0.1 * ratio * u[1]], 1e-12);
    // at x = 0 the paper's φ(‖x‖) = 0: no move; optax (ratio 1 when a norm is 0) steps by η·r
    closeAll(runRule('lamb', 'paper', { lr: 0.1 }, [0, 0], sequence([[1, 2]], 2), 1).xs[1], [0, 0], 0);
    closeAll(runRule('lamb', 'optax', { lr: 0.1 }, [0, 0], sequence([[1, 2]], 2), 1).xs[1], [-0.1 * r[0], -0.1 * r[1]], 1e-12);
  });
  it('AdaBelief (Zhuang et al. 2020 Alg. 2): s ← β₂s + (1−β₂)(g − m_t)² + ε with the new m_t, θ ← θ − α·m̂/(√ŝ + ε)', () => {
    // α = 0.1, ε = 1e-8. t = 1, g = 2: m = 0.2, s = 0.001·1.8² + 1e-8, m̂ = 2, ŝ = s/0.001
    // t = 2, g = 1: m = 0.18 + 0.1 = 0.28, s = 0.999·s₁ + 0.001·0.72² + 1e-8, m̂ = 0.28/0.19, ŝ = s/(1 − 0.999²)
    const s1 = 0.001 * 1.8 * 1.8 + 1e-8;
    const x1 = 1 - (0.1 * 2) / (Math.sqrt(s1 / 0.001) + 1e-8);
    const s2 = 0.999 * s1 + 0.001 * 0.72 * 0.72 + 1e-8;
    const x2 = x1 - (0.1 * (0.28 / 0.19)) / (Math.sqrt(s2 / (1 - 0.999 ** 2)) + 1e-8);
    const { xs } = runRule('adabelief', 'paper', { lr: 0.1 }, [1], sequence([2, 1]), 2);
    closeAll(xs.map(x => x[0]), [1, x1, x2], 1e-12);
    // optax with ε_root = ε is the same rule; its defaults (ε = ε_root = 1e-16) differ
    const grads = sequence([2, 1, -0.5, 0.3]);
    assert.deepEqual(runRule('adabelief', 'paper', { lr: 0.1 }, [1], grads, 4).xs, runRule('adabelief', 'optax', { lr: 0.1, epsilon: 1e-8, epsRoot: 1e-8 }, [1], grads, 4).xs);
    assert.match(formulaFor(RULES.adabelief, 'paper', {}) ?? '', /\(g - m\)\^2 \+ \\epsilon/);
  });
  it('Rprop (Riedmiller & Braun 1993 eqs. 4–6): a sign flip undoes the previous step (weight-backtracking); PyTorch only skips one', () => {
    // Δ₀ = 0.1, g = 1, 1, −1, 1 from x = 0:
    // t1 (s = 0): Δw = −0.1 → −0.1;  t2 (s > 0): Δ = 0.12, Δw = −0.12 → −0.22;
    // t3 (s < 0): Δ = 0.06, x ← x − Δw(t−1) = −0.22 + 0.12 = −0.10, g_prev ← 0;  t4 (s = 0): Δw = −0.06 → −0.16
    assert.deepEqual(RULES.rprop.defaults.paper, { lr: 0.1, etaMinus: 0.5, etaPlus: 1.2, stepSizeMin: 1e-6, stepSizeMax: 50 });
    const grads = sequence([1, 1, -1, 1]);
    const { xs, effs } = runRule('rprop', 'paper', {}, [0], grads, 4);
    closeAll(xs.map(x => x[0]), [0, -0.1, -0.22, -0.1, -0.16], 1e-15);
    closeAll(effs.map(e => e[0]), [0.1, 0.12, 0.06, 0.06], 1e-15);
    // PyTorch (iRprop−) at t3 stays at −0.22 and moves on from there: −0.28 after t4
    closeAll(runRule('rprop', 'pytorch', { lr: 0.1 }, [0], grads, 4).xs.map(x => x[0]), [0, -0.1, -0.22, -0.22, -0.28], 1e-15);
  });
  it('ADOPT (Taniguchi et al. 2024): v₀ = g₀², then m ← β₁m + (1−β₁)g/max(√v_{t−1}, ε), θ ← θ − α·m, v updated after; no clipping', () => {
    // α = 0.1, β₁ = 0.9, β₂ = 0.9999, ε = 1e-6; g = 2, 1, 3 from 0.
    // update 1: v = 4, no move; update 2: n = 1/2, m = 0.05, x = −0.005, v = 0.9999·4 + 1e-4·1;
    // update 3: n = 3/√v = 1.5000…, m = 0.045 + 0.1n, x = −0.005 − 0.1m (optax clips n to 2^{1/4} ≈ 1.19 here)
    const v2 = 0.9999 * 4 + 1e-4;
    const n3 = 3 / Math.sqrt(v2);
    const x3 = -0.005 - 0.1 * (0.045 + 0.1 * n3);
    const grads = sequence([2, 1, 3]);
    closeAll(runRule('adopt', 'paper', { lr: 0.1 }, [0], grads, 3).xs.map(x => x[0]), [0, 0, -0.005, x3], 1e-12);
    close(runRule('adopt', 'optax', { lr: 0.1 }, [0], grads, 3).xs[3][0], -0.005 - 0.1 * (0.045 + 0.1 * 2 ** 0.25), 1e-12);
    // with useClipping the paper form is optax's default rule
    assert.deepEqual(runRule('adopt', 'paper', { lr: 0.1, useClipping: true }, [0], grads, 3).xs, runRule('adopt', 'optax', { lr: 0.1 }, [0], grads, 3).xs);
  });
  it('AdEMAMix (Pagliardini et al. 2024 Alg. 1): α and β₃ warm up over T_α,β₃; with T = 0 it is optax\'s rule', () => {
    // The paper's schedulers, β_start = β₁ = 0.9: f_α(t) = min(tα/T, α),
    // f_β₃(t) = min(exp(ln β_start·ln β₃ / ((1 − t/T)ln β₃ + (t/T)ln β_start)), β₃)
    const T = 2, b1 = 0.9, b3 = 0.9999;
    const fBeta3 = (t: number): number => Math.min(Math.exp((Math.log(b1) * Math.log(b3)) / ((1 - t / T) * Math.log(b3) + (t / T) * Math.log(b1))), b3);
    // g = 1 constant, η = 0.1: m̂₁ = 1 and ν̂ = 1 at every step, so x moves by 0.1(1 + α_t m₂)/(1 + 1e-8)
    const m2a = 1 - fBeta3(1);
    const m2b = fBeta3(2) * m2a + (1 - fBeta3(2));
    const x1 = -(0.1 * (1 + 2.5 * m2a)) / (1 + 1e-8);
    const x2 = x1 - (0.1 * (1 + 5 * m2b)) / (1 + 1e-8);
    const { xs } = runRule('ademamix', 'paper', { lr: 0.1, warmupSteps: T }, [0], sequence([1, 1]), 2);
    closeAll(xs.map(x => x[0]), [0, x1, x2], 1e-12);
    const grads = sequence([1, -2, 0.5]);
    assert.deepEqual(runRule('ademamix', 'paper', { lr: 0.1 }, [1], grads, 3).xs, runRule('ademamix', 'optax', { lr: 0.1 }, [1], grads, 3).xs);
    assert.equal(message(resolveHyperparameters('ademamix', 'paper', { warmupSteps: 2.5 })), 'warmupSteps must be a whole number, got 2.5');
  });
  it('Schedule-Free AdamW (Defazio et al. 2024 Alg. 1): γ_t = γ√(1−β₂ᵗ), z ← z − γ_t g/(√v + ε), x averaged with γ_t²/Σγ_i²', () => {
    // γ = 0.1, start 1, g = 2 then 1 (given), ε = 1e-8.
    // t1: v = 0.004, γ₁ = 0.1√0.001, z = 1 − 2γ₁/(√0.004 + ε), c = 1 → x = z, y = z
    // t2: v = 0.999·0.004 + 0.001, γ₂ = 0.1√(1 − 0.999²), z −= γ₂/(√v + ε), c = γ₂²/(γ₁² + γ₂²) ≈ 2/3
    //     (Keras and optax use 1/2 here), x = (1 − c)x + cz, y = 0.1z + 0.9x
    const g1 = 0.1 * Math.sqrt(0.001), g2 = 0.1 * Math.sqrt(1 - 0.999 ** 2);
    const z1 = 1 - (2 * g1) / (Math.sqrt(0.004) + 1e-8);
    const v2 = 0.999 * 0.004 + 0.001;
    const z2 = z1 - g2 / (Math.sqrt(v2) + 1e-8);
    const c2 = (g2 * g2) / (g1 * g1 + g2 * g2);
    const x2 = (1 - c2) * z1 + c2 * z2;
    const y2 = 0.1 * z2 + 0.9 * x2;
    assert.ok(Math.abs(c2 - 2 / 3) < 1e-3);
    const { xs } = runRule('schedulefree-adamw', 'paper', { lr: 0.1 }, [1], sequence([2, 1]), 2);
    closeAll(xs.map(x => x[0]), [1, z1, y2], 1e-12);
  });
  it('Adan (Xie et al. Alg. 1): m₀ = g₀, n₀ = g₀², v₁ = g₁ − g₀, no bias correction, the difference weighted by the box (1 − β₂) = 0.92', () => {
    // η = 0.1, λ = 0, ε = 1e-8, decay rates 0.98/0.92/0.99 (the paper's β = 0.02/0.08/0.01); g = 1, 3, 3 from 0.
    // k = 0: m = 1, v = 0, n = 1 → x₁ = −0.1·1/(1 + ε)  (the authors' first step: d = 0, m̂ = g, n̂ = g²)
    // k = 1: d = 2, m = 0.98 + 0.02·3 = 1.04, v = d = 2, n = 0.99 + 0.01·(3 + 0.92·2)² = 1.224256,
    //        x₂ = x₁ − 0.1(1.04 + 0.92·2)/(√n + ε)
    // k = 2: d = 0, m = 0.98·1.04 + 0.06 = 1.0792, v = 0.92·2 = 1.84, n = 0.99·1.224256 + 0.01·9 = 1.30201344,
    //        x₃ = x₂ − 0.1(1.0792 + 0.92·1.84)/(√n + ε)
    const eps = 1e-8;
    const x1 = -0.1 / (1 + eps);
    const x2 = x1 - (0.1 * 2.88) / (Math.sqrt(1.224256) + eps);
    const x3 = x2 - (0.1 * (1.0792 + 0.92 * 1.84)) / (Math.sqrt(1.30201344) + eps);
    const { xs, effs } = runRule('adan', 'paper', { lr: 0.1, weightDecay: 0 }, [0], sequence([1, 3, 3]), 3);
    closeAll(xs.map(x => x[0]), [0, x1, x2, x3], 1e-12);
    close(effs[1][0], 0.1 / (Math.sqrt(1.224256) + eps), 1e-12);
    // optax at k = 1 (same overrides, ε_root = 0): d weighted by 0.08, moments bias-corrected from 0:
    // m̂ = (0.0196 + 0.06)/(1 − 0.98²), v̂ = 0.08·2/(1 − 0.92²), n̂ = (0.0099 + 0.01·(3 + 0.08·2)²)/(1 − 0.99²)
    const mHat = 0.0796 / (1 - 0.98 ** 2), vHat = 0.16 / (1 - 0.92 ** 2), nHat = (0.0099 + 0.01 * 3.16 ** 2) / (1 - 0.99 ** 2);
    const optax = runRule('adan', 'optax', { lr: 0.1, epsRoot: 0 }, [0], sequence([1, 3]), 2).xs;
    closeAll([optax[1][0], optax[2][0]], [x1, x1 - (0.1 * (mHat + 0.08 * vHat)) / (Math.sqrt(nHat) + eps)], 1e-12);
  });

  it('Adan paper: weight decay is the proximal x ← (x − η·u)/(1 + λη); defaults λ = 0.02, no ε_root', () => {
    // x₀ = 2, g = 1, η = 0.1, λ = 0.5, ε = 0: u = m/√n = 1 → x₁ = (2 − 0.1)/1.05; optax: 2 − 0.1(1 + 0.5·2) = 1.8
    close(runRule('adan', 'paper', { lr: 0.1, weightDecay: 0.5, epsilon: 0 }, [2], sequence([1]), 1).xs[1][0], 1.9 / 1.05, 1e-14);
    close(runRule('adan', 'optax', { lr: 0.1, weightDecay: 0.5, epsilon: 0, epsRoot: 0 }, [2], sequence([1]), 1).xs[1][0], 1.8, 1e-14);
    assert.deepEqual(RULES.adan.defaults.paper, { lr: 1e-3, beta1: 0.98, beta2: 0.92, beta3: 0.99, epsilon: 1e-8, weightDecay: 0.02 });
    assert.match(formulaFor(RULES.adan, 'paper', {}) ?? '', /\\frac\{1\}\{1 \+ \\lambda\\eta_t\}/);
    assert.doesNotMatch(formulaFor(RULES.adan, 'paper', { weightDecay: 0 }) ?? '', /lambda/);
    assert.match(message(resolveHyperparameters('adan', 'paper', { epsRoot: 1e-8 })), /^epsRoot is not a hyperparameter of adan in the paper convention/);
  });
  it('Schedule-Free SGD (Defazio et al. 2024 §2): x₁ = z₁, z ← z − γg at y, x averaged with c_{t+1} = 1/(t+1), y = (1−β)z + βx', () => {
    // γ = 0.5, β = 0.9, start 3, g = 2 then 1 (given).
    // t1: z = 3 − 1 = 2, c = 1/2: x = (3 + 2)/2 = 2.5, y = 0.1·2 + 0.9·2.5 = 2.45
    // t2: z = 2 − 0.5 = 1.5, c = 1/3: x = (2/3)·2.5 + (1/3)·1.5 = 13/6, y = 0.15 + 0.9·13/6 = 2.1
    const sgd = withExtraPoint('schedulefree-sgd', 'paper', { lr: 0.5 }, 3, [2, 1]);
    closeAll(sgd.y, [2.45, 2.1], 1e-15);
    closeAll(sgd.x, [2.5, 13 / 6], 1e-15);
    // optax's weight is 1 at t1 (η_max²/Σ): x = y = z = 2
    closeAll(withExtraPoint('schedulefree-sgd', 'optax', { lr: 0.5 }, 3, [2]).x, [2], 1e-15);
    assert.deepEqual(RULES['schedulefree-sgd'].defaults.paper, { lr: 1, beta1: 0.9, warmupSteps: 0 });
    assert.match(message(resolveHyperparameters('schedulefree-sgd', 'paper', { weightDecay: 0.1 })), /^weightDecay is not a hyperparameter of schedulefree-sgd in the paper convention/);
    assert.match(formulaFor(RULES['schedulefree-sgd'], 'paper', {}) ?? '', /\\frac\{1\}\{t\+1\}/);
  });

  it('Schedule-Free SGD paper with warm-up W: γ_t = γ·min(1, t/W) in the z step and c_{t+1} = γ_t²/Σγ_i²', () => {
    // γ = 0.5, W = 2, β = 0.9, start 3, g = 2 then 1.
    // t1: γ₁ = 0.25, z = 2.5, c = 1: x = 2.5, y = 2.5
    // t2: γ₂ = 0.5, z = 2, c = 0.25/(0.0625 + 0.25) = 0.8: x = 0.2·2.5 + 0.8·2 = 2.1, y = 0.1·2 + 0.9·2.1 = 2.09
    const sgd = withExtraPoint('schedulefree-sgd', 'paper', { lr: 0.5, warmupSteps: 2 }, 3, [2, 1]);
    closeAll(sgd.x, [2.5, 2.1], 1e-15);
    closeAll(sgd.y, [2.5, 2.09], 1e-15);
    // optax's base step lags by one: its t1 step uses η·0/2 = 0, so z stays at 3
    closeAll(withExtraPoint('schedulefree-sgd', 'optax', { lr: 0.5, warmupSteps: 2 }, 3, [2]).x, [3], 1e-15);
    assert.match(formulaFor(RULES['schedulefree-sgd'], 'paper', { warmupSteps: 2 }) ?? '', /\\gamma_t = \\eta_t\\min\(1, t\/W\)/);
  });
});
