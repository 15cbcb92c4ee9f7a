/**
 * RAdam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond"): Adam whose
 * adaptive step is switched on only once the variance of v̂ is tractable (ρ_t above 5), and then
 * scaled by the rectification r_t; before that it is SGD with bias-corrected momentum.
 *   PyTorch torch/optim/radam.py (_single_tensor_radam, 2.x):
 *     step_t += 1
 *     if weight_decay != 0: decoupled_weight_decay → param.mul_(1 − lr·weight_decay)
 *                           else → grad = grad.add(param, alpha=weight_decay)          (L2)
 *     exp_avg.lerp_(grad, 1 − β₁);  exp_avg_sq.mul_(β₂).addcmul_(grad, grad, value=1 − β₂)
 *     bias_correction1 = 1 − β₁ᵗ;  bias_correction2 = 1 − β₂ᵗ
 *     bias_corrected_exp_avg = exp_avg / bias_correction1
 *     rho_inf = 2/(1 − β₂) − 1;  rho_t = rho_inf − 2t·β₂ᵗ/bias_correction2
 *     rect = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
 *     adaptive_lr = √bias_correction2 / (√exp_avg_sq + ε)            (ε added to √v, not to √v̂)
 *     ρ_t > 5:  param.add_(bias_corrected_exp_avg · lr · adaptive_lr · rect, alpha=−1)
 *     else:     param.add_(bias_corrected_exp_avg · lr, alpha=−1)
 *     (torch 1.13 has no decoupled_weight_decay and writes exp_avg.mul_(β₁).add_(grad, 1 − β₁).)
 *   optax optax/_src/alias.py radam → transform.py scale_by_radam, scale_by_learning_rate:
 *     mu = update_moment(g, mu, b1, 1);  nu = update_moment_per_elem_norm(g, nu, b2, 2)
 *     ro = ro_inf − 2t·b2ᵗ/(1 − b2ᵗ);  m̂ = mu/(1 − b1ᵗ)  (nesterov: b1·mu/(1 − b1^{t+1}) + (1 − b1)·g/(1 − b1ᵗ))
 *     v̂ = nu/(1 − b2ᵗ);  u = where(ro ≥ threshold, r·m̂/(√(v̂ + eps_root) + eps), m̂);  x ← x − η·u
 *     — the threshold test is ≥ (PyTorch: > 5) and ε is added to √v̂ (PyTorch: to √v).
 *   Keras 3 has no RAdam.
 *   paper Liu et al. 2020 (ICLR), Algorithm 2 (lines 6–16):
 *     v_t ← β₂v + (1−β₂)g² (7);  m_t ← β₁m + (1−β₁)g (8);  m̂_t ← m_t/(1−β₁ᵗ) (9)
 *     ρ_t ← ρ_∞ − 2tβ₂ᵗ/(1−β₂ᵗ) (10), ρ_∞ = 2/(1−β₂) − 1 (4)
 *     if ρ_t > 4 (11, "the variance is tractable"): l_t ← √((1−β₂ᵗ)/v_t) (12), r_t as above (13),
 *                                                   θ ← θ − α_t·r_t·m̂_t·l_t (14)
 *     else: θ ← θ − α_t·m̂_t (16)
 *     — no ε and the threshold ρ_t > 4 (PyTorch > 5, optax ≥ 5): with β₂ = 0.999, ρ₅ ≈ 4.99, so the
 *     paper rectifies from step 5 and the frameworks from step 6. Where v_t = 0 (every gradient so
 *     far 0, so m_t = 0 too) the box's 0·∞ is taken as no move. Defaults α = 1e-3, β₁ = 0.9,
 *     β₂ = 0.999 (the box gives none; these are the Adam settings the paper's experiments start from).
 * Effective learning rate: the multiplier on m̂: η_t·r_t·√(1−β₂ᵗ)/(√v + ε) (PyTorch) or
 * η_t·r_t/(√(v̂ + ε_root) + ε) (optax) once rectified, η_t before; paper: α_t·r_t·l_t, α_t before.
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex, torchLerp } from './types';

/** ρ_∞ and ρ_t of RAdam (both frameworks compute them the same way). */
function rhoAt(rhoInf: number, beta2Pow: number, t: number): number {
  return rhoInf - (2 * t * beta2Pow) / (1 - beta2Pow);
}

/** The rectification r_t (PyTorch `_compute_rect`, optax `_radam_update`). */
function rectification(rho: number, rhoInf: number): number {
  return Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
}

const RHO = String.raw`\rho_t = \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t},\ \rho_\infty = \frac{2}{1-\beta_2} - 1`;
const RECT = String.raw`r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\rho_t}}`;
const MOMENTS = [String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g`, String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`];

/** Which optional terms a configuration switches on. */
interface RadamTerms {
  weightDecay: boolean;
  decoupled: boolean;
  epsRoot: boolean;
  nesterov: boolean;
}

function termsOf(r: HyperparameterReader): RadamTerms {
  return {
    weightDecay: r.numOr('weightDecay', 0) !== 0,
    decoupled: r.bool('decoupledWeightDecay'),
    epsRoot: r.numOr('epsRoot', 0) !== 0,
    nesterov: r.bool('nesterov'),
  };
}

/** RAdam as configured: L2 or decoupled decay only when λ ≠ 0; optax's ε_root and Nesterov m̂ only when on. */
function radamTex(convention: Convention, terms: RadamTerms): string {
  if (convention === 'paper') {
    return joinTex(TEX.narrow, [
      ...MOMENTS,
      RHO,
      RECT,
      String.raw`x \leftarrow x - \frac{\eta_t\, m}{1-\beta_1^t} \begin{cases} r_t\sqrt{\frac{1-\beta_2^t}{v}} & \rho_t > 4 \\ 1 & \text{otherwise} \end{cases}`,
    ]);
  }
  if (convention === 'optax') {
    const root = terms.epsRoot ? String.raw`\sqrt{\hat v + \epsilon_{root}}` : String.raw`\sqrt{\hat v}`;
    const mHat = terms.nesterov
      ? String.raw`\hat m = \frac{\beta_1 m}{1-\beta_1^{t+1}} + \frac{(1-\beta_1) g}{1-\beta_1^t}`
      : String.raw`\hat m = \tfrac{m}{1-\beta_1^t}`;
    return joinTex(TEX.narrow, [
      ...MOMENTS,
      String.raw`${mHat},\ \hat v = \tfrac{v}{1-\beta_2^t}`,
      RHO,
      RECT,
      String.raw`x \leftarrow x - \eta_t \begin{cases} r_t\,\hat m/(${root} + \epsilon) & \rho_t \ge \tau \\ \hat m & \text{otherwise} \end{cases}`,
    ]);
  }
  const decay = !terms.weightDecay ? undefined : terms.decoupled ? String.raw`x \leftarrow x\,(1 - \eta_t\lambda)` : TEX.l2;
  return joinTex(TEX.narrow, [
    decay,
    ...MOMENTS,
    RHO,
    RECT,
    String.raw`x \leftarrow x - \frac{\eta_t\, m}{1-\beta_1^t} \begin{cases} r_t\,\frac{\sqrt{1-\beta_2^t}}{\sqrt{v} + \epsilon} & \rho_t > 5 \\ 1 & \text{otherwise} \end{cases}`,
  ]);
}

export const radam: UpdateRule = {
  id: 'radam',
  label: 'RAdam',
  family: 'adam',
  summary: 'Adam that waits until its second-moment estimate is trustworthy (ρ_t > 5), then rectifies the adaptive step; SGD with momentum before.',
  params: [P.lr, P.beta1, P.beta2, P.epsilon, P.epsRoot, P.weightDecay, P.decoupledWeightDecay, P.threshold, P.nesterov],
  defaults: {
    pytorch: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupledWeightDecay: false },
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, epsRoot: 0, threshold: 5, nesterov: false },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999 },
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no RAdam optimizer; choose the pytorch, optax or paper convention.',
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/radam.py',
    optax: 'optax/_src/alias.py (radam) + optax/_src/transform.py (scale_by_radam)',
    paper: 'Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond", Algorithm 2',
  },
  notes: {
    pytorch: 'The rectified step is used when ρ_t > 5 (β₂ = 0.999: from step 6 on); ε is added to √v before the √(1−β₂ᵗ) factor.',
    optax: 'optax.radam has no default learning rate; 1e-3 (PyTorch\'s) is used. Rectifies when ρ_t ≥ threshold; ε is added to √v̂.',
    paper: 'Algorithm 2: rectified when ρ_t > 4, l_t = √((1−β₂ᵗ)/v_t) with no ε (a coordinate whose v_t is 0 does not move). The box gives no values; α = 1e-3, β₁ = 0.9, β₂ = 0.999 are used.',
  },
  differences: {
    pytorch: 'Rectifies only when ρ_t > 5 (the paper: > 4; with β₂ = 0.999 step 5 is rectified only in the paper) and adds ε = 1e-8 to √v; L2 or decoupled weight decay.',
    keras: 'Keras 3 has no RAdam.',
    optax: 'Rectifies when ρ_t ≥ threshold = 5 (the paper: > 4) and adds ε = 1e-8 to √v̂ (and ε_root inside); a Nesterov option.',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t·r_t·√(1−β₂ᵗ)/(√v + ε) (PyTorch), η_t·r_t/(√(v̂+ε_root) + ε) (optax) or η_t·r_t·√((1−β₂ᵗ)/v) (paper) once rectified, η_t before.',
  formulaFor(convention, hp) {
    return radamTex(convention, termsOf(new HyperparameterReader(radam, convention, hp)));
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(radam, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.numOr('epsilon', 0); // the paper form has none
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    const rhoInf = 2 / (1 - beta2) - 1;
    if (convention === 'pytorch') {
      const weightDecay = r.numOr('weightDecay', 0);
      const decoupled = r.bool('decoupledWeightDecay');
      return {
        step(x, g, t, lr, eff) {
          const bc1 = 1 - beta1Powers.at(t);
          const beta2Pow = beta2Powers.at(t);
          const bc2 = 1 - beta2Pow;
          const rho = rhoAt(rhoInf, beta2Pow, t);
          const rectified = rho > 5;
          const rect = rectified ? rectification(rho, rhoInf) : 0;
          const bc2Sqrt = Math.sqrt(bc2);
          for (let i = 0; i < x.length; i++) {
            let gi = g[i];
            if (weightDecay !== 0) {
              if (decoupled) x[i] = x[i] * (1 - lr * weightDecay); // param.mul_(1 - lr * weight_decay)
              else gi = gi + weightDecay * x[i]; // grad.add(param, alpha=weight_decay)
            }
            m[i] = torchLerp(m[i], gi, 1 - beta1);
            v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
            const mHat = m[i] / bc1;
            if (rectified) {
              const adaptive = bc2Sqrt / (Math.sqrt(v[i]) + eps);
              x[i] = x[i] - mHat * lr * adaptive * rect;
              eff[i] = lr * adaptive * rect;
            } else {
              x[i] = x[i] - mHat * lr;
              eff[i] = lr;
            }
          }
        },
      };
    }
    if (convention === 'optax') {
      const epsRoot = r.numOr('epsRoot', 0);
      const threshold = r.num('threshold');
      const nesterov = r.bool('nesterov');
      return {
        step(x, g, t, lr, eff) {
          const bc1 = 1 - beta1Powers.at(t);
          const bc1Next = 1 - beta1Powers.at(t + 1);
          const beta2Pow = beta2Powers.at(t);
          const bc2 = 1 - beta2Pow;
          const rho = rhoAt(rhoInf, beta2Pow, t);
          const rectified = rho >= threshold;
          const rect = rectified ? rectification(rho, rhoInf) : 0;
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = (1 - beta1) * gi + beta1 * m[i]; // update_moment(g, mu, b1, 1)
            v[i] = (1 - beta2) * (gi * gi) + beta2 * v[i]; // update_moment_per_elem_norm(g, nu, b2, 2)
            const mHat = nesterov ? beta1 * (m[i] / bc1Next) + (1 - beta1) * (gi / bc1) : m[i] / bc1;
            if (rectified) {
              const denom = Math.sqrt(v[i] / bc2 + epsRoot) + eps;
              x[i] = x[i] + ((rect * mHat) / denom) * -lr;
              eff[i] = (lr * rect) / denom;
            } else {
              x[i] = x[i] + mHat * -lr;
              eff[i] = lr;
            }
          }
        },
      };
    }
    if (convention === 'paper') {
      return {
        step(x, g, t, lr, eff) {
          const bc1 = 1 - beta1Powers.at(t);
          const beta2Pow = beta2Powers.at(t);
          const bc2 = 1 - beta2Pow;
          const rho = rhoAt(rhoInf, beta2Pow, t); // line 10
          const rectified = rho > 4; // line 11
          const rect = rectified ? rectification(rho, rhoInf) : 0; // line 13
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi; // line 7
            m[i] = beta1 * m[i] + (1 - beta1) * gi; // line 8
            const mHat = m[i] / bc1; // line 9
            if (rectified) {
              const l = v[i] === 0 ? 0 : Math.sqrt(bc2 / v[i]); // line 12 (v = 0: m = 0, no move)
              x[i] = x[i] - lr * rect * mHat * l; // line 14
              eff[i] = lr * rect * l;
            } else {
              x[i] = x[i] - lr * mHat; // line 16
              eff[i] = lr;
            }
          }
        },
      };
    }
    throw new Error(radam.unavailable?.keras);
  },
};
