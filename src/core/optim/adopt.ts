/**
 * ADOPT (Taniguchi et al. 2024, "ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal
 * Rate"): the gradient is normalized by the PREVIOUS second moment before it enters the momentum, so
 * the current g is not in its own denominator; the first update only initializes v.
 *   optax optax/contrib/_adopt.py `adopt` = chain(`scale_by_adopt`(b1, b2, eps, nesterov, use_clipping,
 *   clip_value_fn = c ↦ c^{1/4}), scale_by_learning_rate), with count c = t − 1:
 *     β₂' = β₂ and β₁' = β₁ when c > 0; on the first update β₂' = 0 and β₁' = 1
 *     v' = (1−β₂')g² + β₂'v                                      (update_moment_per_elem_norm, order 2)
 *     n = g/max(√v, ε) with the OLD v, clipped to ±c^{1/4} when use_clipping (so 0 at t = 1)
 *     m ← (1−β₁')n + β₁'m;  nesterov: u = (1−β₁')n + β₁'m (the new m), else u = m
 *     x ← x + u·(−η);  v ← v'
 *   Defaults b1 0.9, b2 0.9999, eps 1e-6, nesterov False, use_clipping True.
 *   PyTorch core and Keras 3 have no ADOPT.
 *   paper Taniguchi et al. 2024 (NeurIPS), the ADOPT algorithm box: v₀ = g₀² from the first
 *     gradient; then m_t = β₁m_{t−1} + (1−β₁)·g_t/max(√v_{t−1}, ε), θ_t = θ_{t−1} − α_t·m_t,
 *     v_t = β₂v_{t−1} + (1−β₂)g_t² — optax's arithmetic without clipping and without Nesterov, so the
 *     paper convention runs optax's code; the first update here is the box's initialisation
 *     (x does not move), so update t is the box's step t − 1. useClipping switches on the clipped
 *     form ±t^{1/4} the paper also gives. β₁ = 0.9, β₂ = 0.9999, ε = 1e-6 (the paper's values).
 * Effective learning rate: η_t/max(√v_{t−1}, ε), the scale of this step's gradient inside m (0 on the
 * first update, which only initializes v).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

function adoptTex(clipping: boolean, nesterov: boolean): string {
  const normalized = String.raw`\frac{g}{\max(\sqrt{v}, \epsilon)}`;
  return joinTex(TEX.narrow, [
    clipping ? String.raw`n = \operatorname{clip}\!\big(${normalized}, \pm (t-1)^{1/4}\big)` : String.raw`n = ${normalized}`,
    String.raw`m \leftarrow \beta_1 m + (1-\beta_1) n`,
    nesterov ? String.raw`x \leftarrow x - \eta_t\big(\beta_1 m + (1-\beta_1) n\big)` : String.raw`x \leftarrow x - \eta_t\, m`,
    String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2\quad(t = 1{:}\ v \leftarrow g^2,\ m = 0)`,
  ]);
}

export const adopt: UpdateRule = {
  id: 'adopt',
  label: 'ADOPT',
  family: 'adam',
  summary: 'Adam that normalizes g by the previous √v before the momentum (g is not in its own denominator), clipped to ±t^{1/4}.',
  params: [
    P.lr, P.beta1,
    { ...P.beta2, description: 'optax adopt b2: decay of the second moment (0.9999).' },
    { ...P.epsilon, description: 'optax adopt: the floor of √v in max(√v, ε) (1e-6).' },
    { ...P.nesterov, description: 'optax adopt nesterov: the step uses β₁m + (1−β₁)n with the new m.' },
    P.useClipping,
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.9999, epsilon: 1e-6, nesterov: false, useClipping: true },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.9999, epsilon: 1e-6, useClipping: false },
  },
  unavailable: unavailableIn('ADOPT', ['optax', 'paper']),
  formula: {},
  source: {
    optax: 'optax/contrib/_adopt.py (adopt, scale_by_adopt)',
    paper: 'Taniguchi et al. 2024, "ADOPT: Modified Adam Can Converge with Any β₂ with the Optimal Rate", the ADOPT algorithm',
  },
  notes: {
    optax: 'optax.contrib.adopt has no default learning rate; 1e-3 is used. The clip bound is the default clip_value_fn, c^{1/4} with c = t − 1.',
    paper: 'The algorithm box without clipping (useClipping on gives the clipped form): optax\'s arithmetic. The first update only sets v₀ = g₀². η = 1e-3 (the box gives none).',
  },
  differences: {
    pytorch: 'torch.optim has no ADOPT.',
    keras: 'Keras 3 has no ADOPT.',
    optax: 'The same arithmetic, with the clipping ±(t−1)^{1/4} on by default and a Nesterov option; no default η.',
  },
  effectiveLr: 'η_t/max(√v_{t−1}, ε): the scale of this step\'s gradient inside m (0 on the first update).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adopt, convention, hp);
    return adoptTex(r.bool('useClipping'), r.bool('nesterov'));
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adopt, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
    const nesterov = r.bool('nesterov');
    const clipping = r.bool('useClipping');
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    return {
      step(x, g, t, lr, eff) {
        const count = t - 1; // state.count before the increment
        const b2 = count > 0 ? beta2 : 0; // where(count > 0, b2, 0)
        const b1 = count > 0 ? beta1 : 1; // where(count > 0, b1, 1)
        const clipValue = Math.pow(count, 0.25); // clip_value_fn(state.count)
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          const scale = Math.max(Math.sqrt(v[i]), eps); // maximum(sqrt(state.nu), eps): the old nu
          let n = gi / scale;
          if (clipping) n = Math.min(Math.max(n, -clipValue), clipValue); // jnp.clip(·, −clip, clip)
          m[i] = (1 - b1) * n + b1 * m[i]; // update_moment(mu_updates, mu, b1_, 1)
          const u = nesterov ? (1 - b1) * n + b1 * m[i] : m[i]; // nesterov: update_moment(mu_updates, mu, b1_, 1) again
          v[i] = (1 - b2) * (gi * gi) + b2 * v[i]; // update_moment_per_elem_norm(updates, nu, b2_, 2)
          x[i] = x[i] + u * -lr; // scale_by_learning_rate
          eff[i] = count > 0 ? lr / scale : 0;
        }
      },
    };
  },
};
