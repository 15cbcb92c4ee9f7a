/**
 * Adan (Xie et al. 2022, "Adan: Adaptive Nesterov Momentum Algorithm"): Adam plus a momentum of the
 * gradient DIFFERENCES g_t − g_{t−1}, which stands in for Nesterov's look-ahead gradient without a
 * second gradient evaluation.
 *   optax optax/_src/alias.py `adan` = chain(transform.py `scale_by_adan`(b1, b2, b3, eps, eps_root),
 *   add_decayed_weights(weight_decay), scale_by_learning_rate):
 *     d = g − g_prev, and d = 0 on the first update (state.t == 0)
 *     m ← (1−β₁)g + β₁m;   v ← (1−β₂)d + β₂v                           (tree update_moment, order 1)
 *     n ← (1−β₃)(g + (1−β₂)d)² + β₃n                           (update_moment_per_elem_norm, order 2)
 *     m̂, v̂, n̂ = m/(1−β₁ᵗ), v/(1−β₂ᵗ), n/(1−β₃ᵗ)                         (tree bias_correction)
 *     u = (m̂ + (1−β₂)v̂)/(√(n̂ + ε_root) + ε);  u ← u + λx;  x ← x + u·(−η)
 *   Defaults b1 0.98, b2 0.92, b3 0.99, eps 1e-8, eps_root 1e-8 (the alias's; scale_by_adan's own is 0),
 *   weight_decay 0. optax's β's are decay rates (the paper writes 1 − β), and its weight decay is
 *   add_decayed_weights, not the paper's proximal x/(1 + λη).
 *   PyTorch core and Keras 3 have no Adan.
 * Effective learning rate: the multiplier on m̂ + (1−β₂)v̂, η_t/(√(n̂ + ε_root) + ε).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

function adanTex(weightDecay: boolean, epsRoot: boolean): string {
  const root = epsRoot ? String.raw`\sqrt{\hat n + \epsilon_{root}}` : String.raw`\sqrt{\hat n}`;
  const direction = String.raw`\frac{\hat m + (1-\beta_2)\hat v}{${root} + \epsilon}`;
  return joinTex(TEX.narrow, [
    String.raw`d = g - g_{prev}\ (0 \text{ at } t = 1)`,
    String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g`,
    String.raw`v \leftarrow \beta_2 v + (1-\beta_2) d`,
    String.raw`n \leftarrow \beta_3 n + (1-\beta_3)\big(g + (1-\beta_2) d\big)^2`,
    String.raw`\hat m, \hat v, \hat n = \tfrac{m}{1-\beta_1^t}, \tfrac{v}{1-\beta_2^t}, \tfrac{n}{1-\beta_3^t}`,
    weightDecay ? String.raw`x \leftarrow x - \eta_t\left(${direction} + \lambda x\right)` : String.raw`x \leftarrow x - \eta_t\,${direction}`,
  ]);
}

export const adan: UpdateRule = {
  id: 'adan',
  label: 'Adan',
  family: 'adam',
  summary: 'Adam with a second momentum on gradient differences (a Nesterov look-ahead without a second gradient).',
  params: [
    P.lr,
    { ...P.beta1, description: 'optax adan b1: decay of the gradient average m (0.98).' },
    { ...P.beta2, description: 'optax adan b2: decay of the gradient-difference average v (0.92).' },
    { ...P.beta3, description: 'optax adan b3: decay of the squared average n (0.99).' },
    P.epsilon, P.epsRoot,
    { ...P.weightDecay, description: 'optax: λx added to the direction before the −η scaling (add_decayed_weights).' },
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.98, beta2: 0.92, beta3: 0.99, epsilon: 1e-8, epsRoot: 1e-8, weightDecay: 0 },
  },
  unavailable: unavailableIn('Adan', ['optax']),
  formula: {},
  source: { optax: 'optax/_src/alias.py (adan) + optax/_src/transform.py (scale_by_adan)' },
  notes: { optax: 'optax.adan has no default learning rate; 1e-3 is used.' },
  effectiveLr: 'The multiplier on m̂ + (1−β₂)v̂: η_t/(√(n̂ + ε_root) + ε).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adan, convention, hp);
    return adanTex(r.num('weightDecay') !== 0, r.num('epsRoot') !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adan, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const beta3 = r.num('beta3');
    const eps = r.num('epsilon');
    const epsRoot = r.num('epsRoot');
    const weightDecay = r.num('weightDecay');
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    const n = new Float64Array(dim);
    const gPrev = new Float64Array(dim); // state.g
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    const beta3Powers = PowerSeries.of(beta3);
    return {
      step(x, g, t, lr, eff) {
        const bc1 = 1 - beta1Powers.at(t);
        const bc2 = 1 - beta2Powers.at(t);
        const bc3 = 1 - beta3Powers.at(t);
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          const diff = t === 1 ? 0 : gi - gPrev[i]; // where(state.t == 0, zeros, g − state.g)
          m[i] = (1 - beta1) * gi + beta1 * m[i]; // update_moment(g, m, b1, 1)
          v[i] = (1 - beta2) * diff + beta2 * v[i]; // update_moment(diff, v, b2, 1)
          const sq = gi + (1 - beta2) * diff; // add_scale(g, 1 − b2, diff)
          n[i] = (1 - beta3) * (sq * sq) + beta3 * n[i]; // update_moment_per_elem_norm(sq, n, b3, 2)
          gPrev[i] = gi;
          const mHat = m[i] / bc1;
          const vHat = v[i] / bc2;
          const nHat = n[i] / bc3;
          const denom = Math.sqrt(nHat + epsRoot) + eps; // sqrt(n_hat + eps_root) + eps
          const u = (mHat + (1 - beta2) * vHat) / denom + weightDecay * x[i]; // add_scale(m_hat, 1 − b2, v_hat)/denom; add_decayed_weights
          x[i] = x[i] + u * -lr; // scale_by_learning_rate
          eff[i] = lr / denom;
        }
      },
    };
  },
};
