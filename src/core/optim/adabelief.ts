/**
 * AdaBelief (Zhuang et al. 2020): Adam whose second moment is the EMA of (g − m)², the squared
 * distance between the gradient and its prediction m, so a gradient that agrees with the momentum
 * gets a large step.
 *   optax optax/_src/alias.py `adabelief` = chain(transform.py `scale_by_belief`(b1, b2, eps, eps_root,
 *   nesterov), add_decayed_weights when weight_decay is given, scale_by_learning_rate):
 *     m ← (1−β₁)g + β₁m                                       (tree update_moment, order 1)
 *     s ← (1−β₂)(g − m)² + β₂s   with the NEW m               (update_moment_per_elem_norm, order 2)
 *     s ← s + ε_root             stored in the state, so it accumulates step after step
 *     m̂ = m/(1−β₁ᵗ)   or, with nesterov, m̂ = β₁·m/(1−β₁^{t+1}) + (1−β₁)·g/(1−β₁ᵗ)
 *     ŝ = s/(1−β₂ᵗ);  u = m̂/(√ŝ + ε);  u ← u + λx (add_decayed_weights);  x ← x + u·(−η)
 *   Defaults: b1 0.9, b2 0.999, eps = eps_root = 1e-16 (the paper's box has one ε in both places; below).
 *   PyTorch core and Keras 3 have no AdaBelief.
 *   paper Zhuang et al. 2020 (NeurIPS), Algorithm 2 (AdaBelief), the projection Π onto ℝⁿ being
 *   the identity:  m_t ← β₁m + (1−β₁)g;  s_t ← β₂s + (1−β₂)(g − m_t)² + ε;  m̂ = m_t/(1−β₁ᵗ),
 *   ŝ = s_t/(1−β₂ᵗ);  θ ← θ − α·m̂/(√ŝ + ε) — one ε in both places: optax's arithmetic with
 *   ε_root = ε, no Nesterov and no decay, so the paper convention runs optax's code. The box gives no
 *   values: α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 are used.
 * Effective learning rate: the multiplier on m̂, η_t/(√ŝ + ε).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

function adabeliefTex(hp: { epsRoot: boolean | 'epsilon'; nesterov: boolean; weightDecay: boolean }): string {
  const mHat = hp.nesterov
    ? String.raw`\hat m = \tfrac{\beta_1 m}{1-\beta_1^{t+1}} + \tfrac{(1-\beta_1) g}{1-\beta_1^t}`
    : String.raw`\hat m = \tfrac{m}{1-\beta_1^t}`;
  const direction = String.raw`\frac{\hat m}{\sqrt{s/(1-\beta_2^t)} + \epsilon}`;
  return joinTex(TEX.narrow, [
    String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g`,
    String.raw`s \leftarrow \beta_2 s + (1-\beta_2)(g - m)^2${hp.epsRoot === 'epsilon' ? String.raw` + \epsilon` : hp.epsRoot ? String.raw` + \epsilon_{root}` : ''}`,
    mHat,
    hp.weightDecay ? String.raw`x \leftarrow x - \eta_t\left(${direction} + \lambda x\right)` : String.raw`x \leftarrow x - \eta_t\,${direction}`,
  ]);
}

export const adabelief: UpdateRule = {
  id: 'adabelief',
  label: 'AdaBelief',
  family: 'adam',
  summary: 'Adam dividing by the spread of g around its momentum, (g − m)², instead of g²: steps are large where the gradient is predictable.',
  params: [
    P.lr, P.beta1, P.beta2,
    { ...P.epsilon, description: 'optax adabelief: added to √ŝ (default 1e-16).' },
    { ...P.epsRoot, description: 'optax adabelief: added to s every step, inside the state (default 1e-16).' },
    { ...P.weightDecay, description: 'optax: λx added to the direction before the −η scaling (add_decayed_weights).' },
    { ...P.nesterov, description: 'optax nesterov: m̂ = β₁m/(1−β₁^{t+1}) + (1−β₁)g/(1−β₁ᵗ).' },
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-16, epsRoot: 1e-16, weightDecay: 0, nesterov: false },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  },
  unavailable: unavailableIn('AdaBelief', ['optax', 'paper']),
  formula: {},
  source: {
    optax: 'optax/_src/alias.py (adabelief) + optax/_src/transform.py (scale_by_belief)',
    paper: 'Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients", Algorithm 2',
  },
  notes: {
    optax: 'optax.adabelief has no default learning rate; 1e-3 is used. Its weight_decay default None is λ = 0 here.',
    paper: 'Algorithm 2: the same ε is added to s every step and to √ŝ (optax\'s arithmetic with ε_root = ε). The box gives no values; α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 are used.',
  },
  differences: {
    pytorch: 'torch.optim has no AdaBelief.',
    keras: 'Keras 3 has no AdaBelief.',
    optax: 'The same arithmetic with separate ε (on √ŝ) and ε_root (added to s), both 1e-16 by default; Nesterov and weight-decay options.',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t/(√ŝ + ε).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adabelief, convention, hp);
    if (convention === 'paper') return adabeliefTex({ epsRoot: 'epsilon', nesterov: false, weightDecay: false });
    return adabeliefTex({ epsRoot: r.num('epsRoot') !== 0, nesterov: r.bool('nesterov'), weightDecay: r.num('weightDecay') !== 0 });
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adabelief, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
    // Zhuang et al.'s Algorithm 2 is optax's arithmetic with ε_root = ε, no decay, no Nesterov.
    const epsRoot = convention === 'paper' ? eps : r.num('epsRoot');
    const weightDecay = r.numOr('weightDecay', 0);
    const nesterov = r.bool('nesterov');
    const m = new Float64Array(dim);
    const s = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    return {
      step(x, g, t, lr, eff) {
        const bc1 = 1 - beta1Powers.at(t); // bias_correction(mu, b1, count_inc)
        const bc1Next = 1 - beta1Powers.at(t + 1); // nesterov: bias_correction(mu, b1, count_inc + 1)
        const bc2 = 1 - beta2Powers.at(t);
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          m[i] = (1 - beta1) * gi + beta1 * m[i]; // update_moment(updates, mu, b1, 1)
          const predictionError = gi - m[i]; // tree.sub(updates, mu): the new mu
          s[i] = (1 - beta2) * (predictionError * predictionError) + beta2 * s[i]; // update_moment_per_elem_norm(·, nu, b2, 2)
          s[i] = s[i] + epsRoot; // nu = v + eps_root, kept in the state
          const mHat = nesterov ? beta1 * (m[i] / bc1Next) + (1 - beta1) * (gi / bc1) : m[i] / bc1;
          const denom = Math.sqrt(s[i] / bc2) + eps; // m / (sqrt(v) + eps) on the bias-corrected nu
          const u = mHat / denom + weightDecay * x[i]; // add_decayed_weights: updates + λ·params
          x[i] = x[i] + u * -lr; // scale_by_learning_rate
          eff[i] = lr / denom;
        }
      },
    };
  },
};
