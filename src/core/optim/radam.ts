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
 * Effective learning rate: the multiplier on m̂: η_t·r_t·√(1−β₂ᵗ)/(√v + ε) (PyTorch) or
 * η_t·r_t/(√(v̂ + ε_root) + ε) (optax) once rectified, η_t before.
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
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no RAdam optimizer; choose the pytorch or optax convention.',
    paper: 'RAdam is not offered in the paper convention: PyTorch\'s RAdam is Liu et al.\'s Algorithm 2 with ε added to √v; choose the pytorch convention.',
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/radam.py',
    optax: 'optax/_src/alias.py (radam) + optax/_src/transform.py (scale_by_radam)',
  },
  notes: {
    pytorch: 'The rectified step is used when ρ_t > 5 (β₂ = 0.999: from step 6 on); ε is added to √v before the √(1−β₂ᵗ) factor.',
    optax: 'optax.radam has no default learning rate; 1e-3 (PyTorch\'s) is used. Rectifies when ρ_t ≥ threshold; ε is added to √v̂.',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t·r_t·√(1−β₂ᵗ)/(√v + ε) (PyTorch) or η_t·r_t/(√(v̂+ε_root) + ε) (optax) once rectified, η_t before.',
  formulaFor(convention, hp) {
    return radamTex(convention, termsOf(new HyperparameterReader(radam, convention, hp)));
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(radam, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
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
    throw new Error(radam.unavailable?.keras);
  },
};
