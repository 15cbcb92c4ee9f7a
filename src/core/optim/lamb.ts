/**
 * LAMB (You et al. 2019, "Large Batch Optimization for Deep Learning"): the Adam direction u,
 * rescaled per layer by the trust ratio ‖x‖/‖u‖, so every layer moves by η·‖x‖ whatever its
 * gradient scale. Here the whole parameter vector is the one layer (both frameworks take the norms
 * over one variable / one leaf).
 *   Keras keras/src/optimizers/lamb.py `Lamb.update_step`:
 *     x ← x − ηλx first (base_optimizer.py `_apply_weight_decay`, decoupled; default none)
 *     m ← m + (g − m)(1−β₁);  v ← v + (g² − v)(1−β₂)                       (assign_add)
 *     u = (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)                                  (ε = 1e-7)
 *     r = ‖x‖/‖u‖ when ‖x‖ > 0 and ‖u‖ > 0, else 1;  x ← x − r·η·u
 *   optax optax/_src/alias.py `lamb` = chain(scale_by_adam(b1, b2, eps, eps_root),
 *   add_decayed_weights(weight_decay), transform.py scale_by_trust_ratio(), scale_by_learning_rate):
 *     u = m̂/(√(v̂ + ε_root) + ε)  (ε = 1e-6, ε_root = 0);  u ← u + λx  (the decay INSIDE the ratio)
 *     r = ‖x‖/‖u‖ (min_norm 0, trust_coefficient 1, eps 0), 1 when either norm is 0;  x ← x − η·r·u
 *   PyTorch core has no LAMB.
 *   paper You et al. 2020 (ICLR), Algorithm 2 (LAMB), one layer i = the whole vector:
 *     m_t = β₁m + (1−β₁)g;  v_t = β₂v + (1−β₂)g²;  m̂ = m_t/(1−β₁ᵗ), v̂ = v_t/(1−β₂ᵗ) (the box writes
 *     "m_t = m_t/(1−β₁ᵗ)"; read as the corrected copy, as both frameworks do);  r_t = m̂/(√v̂ + ε)
 *     x ← x − η_t·φ(‖x‖)/‖r_t + λx‖·(r_t + λx), φ the identity here
 *     — optax's arithmetic (ε outside the root, λx inside the ratio), so the paper convention runs
 *     optax's code, except where a norm is 0: the box's φ(‖x‖)/‖r + λx‖ is then 0 (no move; at x = 0
 *     LAMB cannot leave it), where optax and Keras use a ratio of 1. ε = 1e-6 (the paper's BERT
 *     setting), β₁ = 0.9, β₂ = 0.999, λ = 0, η = 1e-3.
 * Keras takes ‖x‖ after its decoupled decay; optax adds λx to u, so the ratio sees the decay.
 * Effective learning rate: the multiplier on m̂, η_t·r/(√v̂ + ε) (optax: with ε_root inside the root).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay } from './types';
import { unavailableIn } from './unavailable';

/** The trust ratio both frameworks use: ‖x‖/‖u‖, and 1 when either norm is 0. */
export function trustRatio(x: Float64Array, u: Float64Array): number {
  let xx = 0;
  let uu = 0;
  for (let i = 0; i < x.length; i++) {
    xx += x[i] * x[i];
    uu += u[i] * u[i];
  }
  const xNorm = Math.sqrt(xx);
  const uNorm = Math.sqrt(uu);
  return xNorm > 0 && uNorm > 0 ? xNorm / uNorm : 1;
}

/** You et al.'s Algorithm 2 ratio φ(‖x‖)/‖u‖ with φ the identity: 0 when ‖u‖ = 0 (then u = 0 and nothing moves). */
function paperTrustRatio(x: Float64Array, u: Float64Array): number {
  let xx = 0;
  let uu = 0;
  for (let i = 0; i < x.length; i++) {
    xx += x[i] * x[i];
    uu += u[i] * u[i];
  }
  return uu > 0 ? Math.sqrt(xx) / Math.sqrt(uu) : 0;
}

const MOMENTS = String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2`;
const RATIO = String.raw`r = \|x\|/\|u\|`;

function lambTex(convention: 'keras' | 'optax' | 'paper', weightDecay: boolean, epsRoot: boolean): string {
  if (convention === 'keras') {
    return joinTex(TEX.narrow, [
      weightDecay && TEX.kerasDecay,
      MOMENTS,
      String.raw`u = \frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)} + \epsilon}`,
      RATIO,
      String.raw`x \leftarrow x - \eta_t\, r\, u`,
    ]);
  }
  const root = epsRoot ? String.raw`\sqrt{v/(1-\beta_2^t) + \epsilon_{root}}` : String.raw`\sqrt{v/(1-\beta_2^t)}`;
  return joinTex(TEX.narrow, [
    MOMENTS,
    String.raw`u = \frac{m/(1-\beta_1^t)}{${root} + \epsilon}${weightDecay ? String.raw` + \lambda x` : ''}`,
    RATIO,
    String.raw`x \leftarrow x - \eta_t\, r\, u`,
  ]);
}

export const lamb: UpdateRule = {
  id: 'lamb',
  label: 'LAMB',
  family: 'adam',
  summary: 'Adam’s direction rescaled by the trust ratio ‖x‖/‖u‖: the step is η·‖x‖ in length, whatever the gradient scale.',
  params: [
    P.lr, P.beta1, P.beta2,
    { ...P.epsilon, description: 'Added to √v̂ (Keras 1e-7, optax 1e-6).' },
    P.epsRoot,
    { ...P.weightDecay, description: 'Keras: decoupled, x ← x − ηλx before the step; optax: λx added to u before the trust ratio.' },
  ],
  defaults: {
    keras: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-6, epsRoot: 0, weightDecay: 0 },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-6, weightDecay: 0 },
  },
  unavailable: unavailableIn('LAMB', ['keras', 'optax', 'paper']),
  formula: {},
  source: {
    keras: 'keras/src/optimizers/lamb.py',
    optax: 'optax/_src/alias.py (lamb) + optax/_src/transform.py (scale_by_adam, scale_by_trust_ratio)',
    paper: 'You et al. 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", Algorithm 2',
  },
  notes: {
    keras: 'The norms are over the whole parameter vector (one Keras variable).',
    optax: 'optax.lamb has no default learning rate; 1e-3 is used. The norms are over the whole parameter vector (one leaf).',
    paper: 'Algorithm 2 with φ the identity and the whole vector as the one layer: optax\'s arithmetic, except that a zero norm gives the ratio 0 (no move), not 1. ε = 1e-6; the box gives no η or λ (1e-3 and 0 are used).',
  },
  differences: {
    pytorch: 'torch.optim has no LAMB.',
    keras: 'Decays x (x ← x − ηλx) before the step and leaves λx out of the ratio; ε = 1e-7; a ratio of 1 where a norm is 0.',
    optax: 'The same arithmetic (λx added to r inside the ratio), except a ratio of 1 where ‖x‖ or ‖r + λx‖ is 0 (the paper: φ(0)/‖·‖ = 0, no move); ε_root option.',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t·r/(√v̂ + ε), r the trust ratio.',
  formulaFor(convention, hp) {
    if (convention === 'pytorch') throw new Error(lamb.unavailable?.[convention]);
    const r = new HyperparameterReader(lamb, convention, hp);
    return lambTex(convention, r.num('weightDecay') !== 0, r.numOr('epsRoot', 0) !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(lamb, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
    const epsRoot = r.numOr('epsRoot', 0);
    const weightDecay = r.num('weightDecay');
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    const u = new Float64Array(dim);
    const denom = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    if (convention === 'keras') {
      return {
        step(x, g, t, lr, eff) {
          kerasDecoupledDecay(x, weightDecay, lr);
          const bc1 = 1 - beta1Powers.at(t); // 1.0 − beta_1_power
          const bc2 = 1 - beta2Powers.at(t);
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = m[i] + (gi - m[i]) * (1 - beta1); // assign_add(m, (g − m)·(1 − β₁))
            v[i] = v[i] + (gi * gi - v[i]) * (1 - beta2); // assign_add(v, (g² − v)·(1 − β₂))
            denom[i] = Math.sqrt(v[i] / bc2) + eps; // v_sqrt = sqrt(v/(1 − β₂ᵗ)) + ε
            u[i] = m[i] / bc1 / denom[i]; // update = m_t_hat / v_sqrt
          }
          const ratio = trustRatio(x, u); // w_norm, g_norm, where(…)
          for (let i = 0; i < x.length; i++) {
            x[i] = x[i] - ratio * lr * u[i]; // assign_sub(variable, ratio·lr·update)
            eff[i] = (ratio * lr) / denom[i];
          }
        },
      };
    }
    if (convention === 'optax' || convention === 'paper') {
      // You et al.'s Algorithm 2 is optax's arithmetic; only the zero-norm case differs (paperTrustRatio).
      const ratioOf = convention === 'paper' ? paperTrustRatio : trustRatio;
      return {
        step(x, g, t, lr, eff) {
          const bc1 = 1 - beta1Powers.at(t);
          const bc2 = 1 - beta2Powers.at(t);
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = (1 - beta1) * gi + beta1 * m[i]; // scale_by_adam: update_moment order 1
            v[i] = (1 - beta2) * (gi * gi) + beta2 * v[i]; // update_moment_per_elem_norm order 2
            denom[i] = Math.sqrt(v[i] / bc2 + epsRoot) + eps; // sqrt(v̂ + eps_root) + eps
            u[i] = m[i] / bc1 / denom[i] + weightDecay * x[i]; // m̂/denom, then add_decayed_weights
          }
          const ratio = ratioOf(x, u); // scale_by_trust_ratio: param_norm / update_norm
          for (let i = 0; i < x.length; i++) {
            x[i] = x[i] + u[i] * ratio * -lr; // scale_by_learning_rate
            eff[i] = (ratio * lr) / denom[i];
          }
        },
      };
    }
    throw new Error(lamb.unavailable?.[convention]);
  },
};
