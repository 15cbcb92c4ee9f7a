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
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, beta3: 0.9999, alpha: 5, epsilon: 1e-8, epsRoot: 0, weightDecay: 0 },
  },
  unavailable: unavailableIn('AdEMAMix', ['optax']),
  formula: {},
  source: { optax: 'optax/contrib/_ademamix.py (ademamix, scale_by_ademamix)' },
  notes: { optax: 'optax.contrib.ademamix has no default learning rate; 1e-3 is used. alpha and b3 are constants here (optax also accepts schedules).' },
  effectiveLr: 'The multiplier on m̂₁ + α·m₂: η_t/(√(ν̂ + ε_root) + ε).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(ademamix, convention, hp);
    return ademamixTex(r.num('weightDecay') !== 0, r.num('epsRoot') !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(ademamix, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const beta3 = r.num('beta3');
    const alpha = r.num('alpha');
    const eps = r.num('epsilon');
    const epsRoot = r.num('epsRoot');
    const weightDecay = r.num('weightDecay');
    const m1 = new Float64Array(dim);
    const m2 = new Float64Array(dim);
    const nu = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    return {
      step(x, g, t, lr, eff) {
        const bc1 = 1 - beta1Powers.at(t);
        const bc2 = 1 - beta2Powers.at(t);
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          m1[i] = (1 - beta1) * gi + beta1 * m1[i]; // update_moment(updates, m1, b1, 1)
          m2[i] = (1 - beta3) * gi + beta3 * m2[i]; // update_moment(updates, m2, c_b3, 1)
          nu[i] = (1 - beta2) * (gi * gi) + beta2 * nu[i]; // update_moment_per_elem_norm(updates, nu, b2, 2)
          const denom = Math.sqrt(nu[i] / bc2 + epsRoot) + eps; // sqrt(nu_hat + eps_root) + eps
          const u = (m1[i] / bc1 + alpha * m2[i]) / denom + weightDecay * x[i]; // (m1_hat + alpha·m2)/denom; add_decayed_weights
          x[i] = x[i] + u * -lr; // scale_by_learning_rate
          eff[i] = lr / denom;
        }
      },
    };
  },
};
