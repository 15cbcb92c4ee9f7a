/**
 * AdEMAMix (Pagliardini, Ablin & Grangier 2024, "The AdEMAMix Optimizer: Better, Faster, Older"):
 * Adam plus a second, SLOW momentum (β₃ = 0.9999, a memory of ~10⁴ steps) added with weight α; the
 * slow average is not bias-corrected, so it fades in as it fills.
 *   optax optax/contrib/_ademamix.py `ademamix` = chain(`scale_by_ademamix`(b1, b2, b3, alpha, eps,
 *   eps_root), add_decayed_weights(weight_decay), scale_by_learning_rate):
 *     m₁ ← (1−β₁)g + β₁m₁;  m₂ ← (1−β₃)g + β₃m₂                     (tree update_moment, order 1)
 *     ν ← (1−β₂)g² + β₂ν                                   (update_moment_per_elem_norm, order 2)
 *     m̂₁ = m₁/(1−β₁ᵗ), ν̂ = ν/(1−β₂ᵗ); m₂ is NOT corrected
 *     u = (m̂₁ + α·m₂)/(√(ν̂ + ε_root) + ε);  u ← u + λx;  x ← x + u·(−η)
 *   Defaults (the alias's): b1 0.9, b2 0.999, b3 0.9999, alpha 5 (scale_by_ademamix's own is 6),
 *   eps 1e-8, eps_root 0, weight_decay 0. b3 and alpha may be schedules in optax; here constants
 *   (the paper's warm-ups of α and β₃ are not applied).
 *   PyTorch core and Keras 3 have no AdEMAMix.
 *   paper Pagliardini, Ablin & Grangier 2024, Algorithm 1 (AdEMAMix), with its warm-ups of α and β₃
 *   over T = T_α,β₃ (`warmupSteps`; 0 = none, the constants) and β_start = β₁:
 *     α(t) = min(t·α/T, α);  β₃(t) = min(exp(ln β_start·ln β₃ / ((1 − t/T)·ln β₃ + (t/T)·ln β_start)), β₃)
 *     m₁ ← β₁m₁ + (1−β₁)g;  m₂ ← β₃(t)m₂ + (1−β₃(t))g;  ν ← β₂ν + (1−β₂)g²
 *     m̂₁ = m₁/(1−β₁ᵗ), ν̂ = ν/(1−β₂ᵗ);  θ ← θ − η((m̂₁ + α(t)m₂)/(√ν̂ + ε) + λθ)
 *     — optax's arithmetic with b3 and alpha as those schedules (and no ε_root). β₁ = 0.9,
 *     β₂ = 0.999, β₃ = 0.9999, α = 5, ε = 1e-8, λ = 0; the paper sets T to the length of training.
 * Effective learning rate: the multiplier on m̂₁ + α·m₂, η_t/(√(ν̂ + ε_root) + ε).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

function ademamixTex(weightDecay: boolean, epsRoot: boolean): string {
  const root = epsRoot ? String.raw`\sqrt{\hat\nu + \epsilon_{root}}` : String.raw`\sqrt{\hat\nu}`;
  const direction = String.raw`\frac{m_1/(1-\beta_1^t) + \alpha\, m_2}{${root} + \epsilon}`;
  return joinTex(TEX.narrow, [
    String.raw`m_1 \leftarrow \beta_1 m_1 + (1-\beta_1) g`,
    String.raw`m_2 \leftarrow \beta_3 m_2 + (1-\beta_3) g`,
    String.raw`\nu \leftarrow \beta_2 \nu + (1-\beta_2) g^2,\ \hat\nu = \tfrac{\nu}{1-\beta_2^t}`,
    weightDecay ? String.raw`x \leftarrow x - \eta_t\left(${direction} + \lambda x\right)` : String.raw`x \leftarrow x - \eta_t\,${direction}`,
  ]);
}

export const ademamix: UpdateRule = {
  id: 'ademamix',
  label: 'AdEMAMix',
  family: 'adam',
  summary: 'Adam plus a slow momentum (β₃ = 0.9999) weighted by α and not bias-corrected: old gradients keep steering.',
  params: [
    P.lr, P.beta1, P.beta2,
    { ...P.beta3, description: 'optax ademamix b3: decay of the slow momentum m₂ (0.9999).' },
    { ...P.alpha, description: 'optax ademamix alpha: weight of the slow momentum in the update (5).' },
    P.epsilon, P.epsRoot,
    { ...P.weightDecay, description: 'optax: λx added to the direction before the −η scaling (add_decayed_weights).' },
    { ...P.warmupSteps, description: 'Paper T_α,β₃: α rises linearly and β₃ from β₁ (half-life linear) over this many steps; 0 = constant α and β₃.' },
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, beta3: 0.9999, alpha: 5, epsilon: 1e-8, epsRoot: 0, weightDecay: 0 },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, beta3: 0.9999, alpha: 5, epsilon: 1e-8, weightDecay: 0, warmupSteps: 0 },
  },
  unavailable: unavailableIn('AdEMAMix', ['optax', 'paper']),
  formula: {},
  source: {
    optax: 'optax/contrib/_ademamix.py (ademamix, scale_by_ademamix)',
    paper: 'Pagliardini, Ablin & Grangier 2024, "The AdEMAMix Optimizer: Better, Faster, Older", Algorithm 1',
  },
  notes: {
    optax: 'optax.contrib.ademamix has no default learning rate; 1e-3 is used. alpha and b3 are constants here (optax also accepts schedules).',
    paper: 'Algorithm 1 with its α and β₃ warm-ups over warmupSteps = T_α,β₃ (the paper: the length of training; 0 here, which leaves them constant, as the frameworks). η = 1e-3.',
  },
  differences: {
    pytorch: 'torch.optim has no AdEMAMix.',
    keras: 'Keras 3 has no AdEMAMix.',
    optax: 'The same arithmetic; α and β₃ are constants unless schedules are passed (the paper warms both up over T_α,β₃); an ε_root option.',
  },
  effectiveLr: 'The multiplier on m̂₁ + α·m₂: η_t/(√(ν̂ + ε_root) + ε).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(ademamix, convention, hp);
    const tex = ademamixTex(r.num('weightDecay') !== 0, r.numOr('epsRoot', 0) !== 0);
    if (convention !== 'paper' || r.num('warmupSteps') === 0) return tex;
    return joinTex(TEX.narrow, [
      String.raw`\alpha_t = \min(t\alpha/T, \alpha),\ \beta_{3,t} = \min\big(e^{\ln\beta_1 \ln\beta_3 / ((1-t/T)\ln\beta_3 + (t/T)\ln\beta_1)}, \beta_3\big)`,
      tex.replace(String.raw`\beta_3 m_2 + (1-\beta_3) g`, String.raw`\beta_{3,t} m_2 + (1-\beta_{3,t}) g`).replace(String.raw`\alpha\, m_2`, String.raw`\alpha_t\, m_2`),
    ]);
  },
  validate(hp) {
    const w = hp.warmupSteps;
    return typeof w === 'number' && !Number.isInteger(w) ? `warmupSteps must be a whole number, got ${w}` : undefined;
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(ademamix, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const beta3 = r.num('beta3');
    const alpha = r.num('alpha');
    const eps = r.num('epsilon');
    const epsRoot = r.numOr('epsRoot', 0);
    const weightDecay = r.num('weightDecay');
    const horizon = r.numOr('warmupSteps', 0); // paper T_α,β₃
    const m1 = new Float64Array(dim);
    const m2 = new Float64Array(dim);
    const nu = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    return {
      step(x, g, t, lr, eff) {
        const bc1 = 1 - beta1Powers.at(t);
        const bc2 = 1 - beta2Powers.at(t);
        let alphaT = alpha, beta3T = beta3;
        if (horizon > 0) {
          // the paper's schedulers f_α and f_β₃ with β_start = β₁
          const f = t / horizon;
          alphaT = Math.min((t * alpha) / horizon, alpha);
          beta3T = Math.min(Math.exp((Math.log(beta1) * Math.log(beta3)) / ((1 - f) * Math.log(beta3) + f * Math.log(beta1))), beta3);
        }
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          m1[i] = (1 - beta1) * gi + beta1 * m1[i]; // update_moment(updates, m1, b1, 1)
          m2[i] = (1 - beta3T) * gi + beta3T * m2[i]; // update_moment(updates, m2, c_b3, 1)
          nu[i] = (1 - beta2) * (gi * gi) + beta2 * nu[i]; // update_moment_per_elem_norm(updates, nu, b2, 2)
          const denom = Math.sqrt(nu[i] / bc2 + epsRoot) + eps; // sqrt(nu_hat + eps_root) + eps
          const u = (m1[i] / bc1 + alphaT * m2[i]) / denom + weightDecay * x[i]; // (m1_hat + alpha·m2)/denom; add_decayed_weights
          x[i] = x[i] + u * -lr; // scale_by_learning_rate
          eff[i] = lr / denom;
        }
      },
    };
  },
};
