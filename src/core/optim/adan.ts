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
 *   paper Xie, Zhou, Li, Lin & Yan, "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing
 *   Deep Models", Algorithm 1. The box writes each β as the weight of the NEW term (β₁, β₂, β₃ =
 *   0.02, 0.08, 0.01); the parameters here keep the decay rates of the other conventions (0.98, 0.92,
 *   0.99), so the box's β_i is 1 − β_i below and its (1 − β₂) is β₂ here:
 *     m₀ = g₀, v₀ = 0, n₀ = g₀², and v₁ = g₁ − g₀ (set outright, not by the v line)
 *     d_k = g_k − g_{k−1};  m_k = β₁m_{k−1} + (1−β₁)g_k;  v_k = β₂v_{k−1} + (1−β₂)d_k
 *     n_k = β₃n_{k−1} + (1−β₃)(g_k + β₂d_k)²;  η_k = η/(√n_k + ε)
 *     x_{k+1} = (x_k − η_k∘(m_k + β₂v_k))/(1 + λη)                   (the proximal weight decay)
 *   No bias correction (the moments start at the first gradient instead). The box leaves open
 *   whether x moves before g₁ is taken; the authors' code (sail-sg/Adan adan.py) does: its first
 *   step uses d = 0 and bias-corrected m̂ = g, n̂ = g², i.e. the box's line 7 on m₀, v₀, n₀, and so
 *   does the first update here. Not in the box, only in that code: the bias corrections (from the
 *   second step on), ε added to √n̂, the no_prox option (x ← (1 − λη)x first) and gradient clipping.
 *   The box gives no η; 1e-3 and ε = 1e-8 (the authors' code defaults), λ = 0.02 (the paper's
 *   experiments).
 *   optax differs beyond bias correction: it weights d by 1 − b2 (0.08) where the paper has
 *   1 − β₂ = 0.92 (in n's square and in the step), and decays by adding λx to the direction.
 * Effective learning rate: the multiplier on m̂ + (1−β₂)v̂, η_t/(√(n̂ + ε_root) + ε) (paper: on
 * m + β₂v, η_t/(√n + ε)).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

const ADAN_PAPER_TEX = (weightDecay: boolean): string => joinTex(TEX.narrow, [
  String.raw`d = g - g_{prev}`,
  String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g\quad(m_0 = g_0)`,
  String.raw`v \leftarrow \beta_2 v + (1-\beta_2) d\quad(v_1 = g_1 - g_0)`,
  String.raw`n \leftarrow \beta_3 n + (1-\beta_3)\big(g + \beta_2 d\big)^2\quad(n_0 = g_0^2)`,
  weightDecay
    ? String.raw`x \leftarrow \frac{1}{1 + \lambda\eta_t}\Big(x - \eta_t\,\frac{m + \beta_2 v}{\sqrt{n} + \epsilon}\Big)`
    : String.raw`x \leftarrow x - \eta_t\,\frac{m + \beta_2 v}{\sqrt{n} + \epsilon}`,
]);

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
    { ...P.beta1, description: 'Decay of the gradient average m (optax adan b1, 0.98; the paper\'s β₁ is 1 − this).' },
    { ...P.beta2, description: 'Decay of the gradient-difference average v (optax adan b2, 0.92; the paper\'s β₂ is 1 − this).' },
    { ...P.beta3, description: 'Decay of the squared average n (optax adan b3, 0.99; the paper\'s β₃ is 1 − this).' },
    P.epsilon, P.epsRoot,
    { ...P.weightDecay, description: 'optax: λx added to the direction before the −η scaling (add_decayed_weights); paper: x ← (x − η·u)/(1 + λη).' },
  ],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.98, beta2: 0.92, beta3: 0.99, epsilon: 1e-8, epsRoot: 1e-8, weightDecay: 0 },
    paper: { lr: 1e-3, beta1: 0.98, beta2: 0.92, beta3: 0.99, epsilon: 1e-8, weightDecay: 0.02 },
  },
  unavailable: unavailableIn('Adan', ['optax', 'paper']),
  formula: {},
  source: {
    optax: 'optax/_src/alias.py (adan) + optax/_src/transform.py (scale_by_adan)',
    paper: 'Xie et al., "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep Models", Algorithm 1',
  },
  notes: {
    optax: 'optax.adan has no default learning rate; 1e-3 is used.',
    paper: 'Algorithm 1 with its β\'s written as decay rates here (the paper\'s 0.02, 0.08, 0.01 are 1 − 0.98, 1 − 0.92, 1 − 0.99): m₀ = g₀, v₀ = 0, v₁ = g₁ − g₀, n₀ = g₀², no bias correction, x ← (x − η(m + β₂v)/(√n + ε))/(1 + λη). The first update moves with m₀, n₀ alone, as the authors\' code does (the box leaves it open). The box gives no η: 1e-3, ε = 1e-8 (the authors\' code), λ = 0.02 (the paper\'s experiments).',
  },
  differences: {
    pytorch: 'torch.optim has no Adan (the authors\' own PyTorch code bias-corrects m, v, n from zero and adds ε to √n̂; its first step is the paper\'s).',
    keras: 'Keras 3 has no Adan.',
    optax: 'Bias-corrects m, v, n started at 0 (the paper starts m, n at the first gradient); weights the gradient difference by 1 − β₂ = 0.08 where the paper has 0.92 (in n and in the step); λx added to the direction instead of the proximal 1/(1 + λη); ε_root; no default η.',
  },
  effectiveLr: 'The multiplier on m̂ + (1−β₂)v̂: η_t/(√(n̂ + ε_root) + ε) (paper: on m + β₂v, η_t/(√n + ε)).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adan, convention, hp);
    if (convention === 'paper') return ADAN_PAPER_TEX(r.num('weightDecay') !== 0);
    return adanTex(r.num('weightDecay') !== 0, r.num('epsRoot') !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adan, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const beta3 = r.num('beta3');
    const eps = r.num('epsilon');
    const weightDecay = r.num('weightDecay');
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    const n = new Float64Array(dim);
    const gPrev = new Float64Array(dim); // state.g (paper: g_{k−1})
    if (convention === 'paper') {
      return {
        step(x, g, t, lr, eff) {
          const shrink = 1 / (1 + weightDecay * lr); // (1 + λη)⁻¹
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            if (t === 1) {
              m[i] = gi; // m₀ = g₀
              v[i] = 0; // v₀ = 0
              n[i] = gi * gi; // n₀ = g₀²
            } else {
              const d = gi - gPrev[i]; // g_k − g_{k−1}
              m[i] = beta1 * m[i] + (1 - beta1) * gi;
              v[i] = t === 2 ? d : beta2 * v[i] + (1 - beta2) * d; // v₁ = g₁ − g₀, then the EMA
              const sq = gi + beta2 * d; // g_k + (1 − β₂)(g_k − g_{k−1}) in the box's β, β₂ as a decay rate here
              n[i] = beta3 * n[i] + (1 - beta3) * sq * sq;
            }
            gPrev[i] = gi;
            const denom = Math.sqrt(n[i]) + eps; // η_k = η/(√n_k + ε)
            x[i] = (x[i] - (lr * (m[i] + beta2 * v[i])) / denom) * shrink;
            eff[i] = lr / denom;
          }
        },
      };
    }
    const epsRoot = r.num('epsRoot');
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
