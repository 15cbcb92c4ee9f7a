/**
 * Yogi (Zaheer et al. 2018, "Adaptive Methods for Nonconvex Optimization"): Adam whose second
 * moment moves ADDITIVELY toward g² — v changes by at most (1−β₂)g² per step, in the direction of
 * sign(g² − v) — so the effective rate cannot jump up when gradients shrink.
 *   optax optax/_src/alias.py `yogi` = chain(transform.py `scale_by_yogi`(b1, b2, eps), scale_by_learning_rate):
 *     init:  mu = nu = initial_accumulator_value = 1e-6 (both moments; `yogi` does not pass it on)
 *     mu ← (1−β₁)g + β₁mu                                         (tree update_moment, order 1)
 *     nu ← nu − (1−β₂)·sign(nu − g²)·g²
 *     m̂ = mu/(1−β₁ᵗ), v̂ = nu/(1−β₂ᵗ)                            (tree bias_correction, count from 1)
 *     u = m̂/(√(v̂ + ε_root) + ε)          ε = 1e-3 outside the root, ε_root = 0 (`yogi` does not pass it)
 *     x ← x + u·(−η)                                              (scale_by_learning_rate)
 *   PyTorch core and Keras 3 have no Yogi.
 *   paper Zaheer, Reddi, Sachan, Kale & Kumar 2018 (NeurIPS), Algorithm 2 (YOGI):
 *     m₀ = v₀ = 0;  m_t = β₁m_{t−1} + (1−β₁)g_t;  v_t = v_{t−1} − (1−β₂)·sign(v_{t−1} − g_t²)·g_t²
 *     x_{t+1} = x_t − η_t·m_t/(√v_t + ε)           — no bias correction (the box has none)
 *     The paper's settings: η = 1e-2, β₁ = 0.9, β₂ = 0.999, ε = 1e-3.
 * The bias corrections divide moments that started at 1e-6, not 0, so m̂ and v̂ carry a 1e-6/(1−βᵗ)
 * remainder in the first steps: optax's rule as written, kept here.
 * Effective learning rate: the multiplier on m̂, η_t/(√v̂ + ε).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, UpdateRule } from './types';
import { unavailableIn } from './unavailable';

/** optax scale_by_yogi `initial_accumulator_value` (the `yogi` alias keeps this default). */
export const YOGI_INITIAL_ACCUMULATOR = 1e-6;

const YOGI_PAPER_TEX = String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow v - (1-\beta_2)\operatorname{sign}(v - g^2)\, g^2;\ x \leftarrow x - \eta_t\,\frac{m}{\sqrt{v} + \epsilon}\quad(m_0 = v_0 = 0)`;
const YOGI_TEX = String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow v - (1-\beta_2)\operatorname{sign}(v - g^2)\, g^2;\ x \leftarrow x - \eta_t\,\frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)} + \epsilon}\quad(m_0 = v_0 = 10^{-6})`;

export const yogi: UpdateRule = {
  id: 'yogi',
  label: 'Yogi',
  family: 'adam',
  summary: 'Adam with an additive second-moment update: v moves toward g² by at most (1−β₂)g² a step, so the rate cannot jump up.',
  params: [P.lr, P.beta1, P.beta2, { ...P.epsilon, description: 'optax yogi: added to √v̂ outside the root (default 1e-3, far larger than Adam\'s).' }],
  defaults: {
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-3 },
    paper: { lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-3 },
  },
  unavailable: unavailableIn('Yogi', ['optax', 'paper']),
  formula: { optax: YOGI_TEX, paper: YOGI_PAPER_TEX },
  source: {
    optax: 'optax/_src/alias.py (yogi) + optax/_src/transform.py (scale_by_yogi)',
    paper: 'Zaheer et al. 2018, "Adaptive Methods for Nonconvex Optimization", Algorithm 2',
  },
  notes: {
    optax: 'optax.yogi has no default learning rate; 1e-3 is used. Both moments start at 1e-6 (initial_accumulator_value), not 0.',
    paper: 'Algorithm 2: no bias correction, m₀ = v₀ = 0, x ← x − η·m/(√v + ε); η = 1e-2, β₁ = 0.9, β₂ = 0.999, ε = 1e-3 as in the paper\'s experiments.',
  },
  differences: {
    pytorch: 'torch.optim has no Yogi.',
    keras: 'Keras 3 has no Yogi.',
    optax: 'Bias-corrects both moments (m/(1−β₁ᵗ), v/(1−β₂ᵗ)), which the paper\'s Algorithm 2 does not, and starts them at 1e-6 instead of 0; no default η.',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t/(√v̂ + ε) (paper: on the raw m, η_t/(√v + ε)).',
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(yogi, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
    if (convention === 'paper') {
      const m = new Float64Array(dim); // m₀ = v₀ = 0
      const v = new Float64Array(dim);
      return {
        step(x, g, _t, lr, eff) {
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            const g2 = gi * gi;
            m[i] = beta1 * m[i] + (1 - beta1) * gi; // m_t = β₁m_{t−1} + (1−β₁)g_t
            v[i] = v[i] - (1 - beta2) * Math.sign(v[i] - g2) * g2; // v_t = v_{t−1} − (1−β₂)sign(v_{t−1} − g_t²)g_t²
            const denom = Math.sqrt(v[i]) + eps;
            x[i] = x[i] - (lr * m[i]) / denom; // x_{t+1} = x_t − η_t m_t/(√v_t + ε)
            eff[i] = lr / denom;
          }
        },
      };
    }
    const mu = new Float64Array(dim).fill(YOGI_INITIAL_ACCUMULATOR); // optax.tree.full_like(params, initial_accumulator_value)
    const nu = new Float64Array(dim).fill(YOGI_INITIAL_ACCUMULATOR);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    return {
      step(x, g, t, lr, eff) {
        const bc1 = 1 - beta1Powers.at(t); // bias_correction: 1 − decay**count, count = t
        const bc2 = 1 - beta2Powers.at(t);
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          const g2 = gi * gi; // abs_sq(g)
          mu[i] = (1 - beta1) * gi + beta1 * mu[i]; // update_moment(updates, mu, b1, 1)
          nu[i] = nu[i] - (1 - beta2) * Math.sign(nu[i] - g2) * g2; // v − (1 − b2)·sign(v − g²)·g²
          const mHat = mu[i] / bc1;
          const vHat = nu[i] / bc2;
          const denom = Math.sqrt(vHat) + eps; // sqrt(v + eps_root) + eps, eps_root = 0
          x[i] = x[i] + (mHat / denom) * -lr; // scale_by_learning_rate: updates · (−η)
          eff[i] = lr / denom;
        }
      },
    };
  },
};
