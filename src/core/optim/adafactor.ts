/**
 * Adafactor (Shazeer & Stern 2018, "Adaptive Learning Rates with Sublinear Memory Cost"), the
 * VECTOR path of each framework: the parameters here are one vector, and every framework keeps a
 * full second moment for vectors (only matrices get the row/column factorization). What remains is
 * RMSprop with a step-dependent β̂₂ = 1 − t^τ, the update clipped to RMS ≤ d, and a step relative to
 * the parameters' own RMS.
 *   PyTorch torch/optim/_adafactor.py `_single_tensor_adafactor` (dim ≤ 1 branch):
 *     ρ_t = min(η, 1/√t);  α_t = max(ε₂, ‖x‖/√n)·ρ_t                    (x BEFORE the weight decay)
 *     x ← x·(1 − ηλ)                                                    (when weight_decay ≠ 0)
 *     v ← lerp(v, g², t^τ)                                       (variance.lerp_(grad², t**beta2_decay))
 *     u = g/√max(v, ε₁²)                                      (clamp_(min=eps1²).rsqrt_(), times grad)
 *     x ← x − (α_t / max(1, ‖u‖/(√n·d)))·u
 *     Defaults lr 1e-2, beta2_decay −0.8, eps (None → machine ε of the dtype, 2⁻⁵² for float64, 1e-3),
 *     d 1, weight_decay 0; checks beta2_decay ≤ 0, eps ≥ 0, d ≥ 1, weight_decay ≥ 0.
 *   Keras keras/src/optimizers/adafactor.py `Adafactor.update_step` (len(shape) < 2 branch):
 *     x ← x − ηλx first (base_optimizer.py `_apply_weight_decay`)
 *     ρ_t = min(η, 1/√t);  α_t = max(ε₂, RMS(x))·ρ_t                        (x AFTER the decay)
 *     β̂₂ = 1 − t^τ;  v ← β̂₂v + (1 − β̂₂)(g² + ε₁)              (ε₁ added to g², not to the root)
 *     u = g/√v;  x ← x − α_t·u/max(1, RMS(u)/d)
 *     Defaults lr 1e-3, beta_2_decay −0.8, epsilon_1 1e-30, epsilon_2 1e-3, clip_threshold 1.
 *     `relative_step` first sets η ← min(η, 1/√t), which ρ_t does again: on this path it changes nothing.
 *   optax optax/_src/alias.py `adafactor` = chain(factorized.py scale_by_factored_rms (not factored
 *   below 2 dimensions), clip_by_block_rms(clipping_threshold), scale_by_learning_rate(η,
 *   flip_sign=False), scale_by_param_block_rms(), ema(momentum, debias=False),
 *   add_decayed_weights(weight_decay_rate), scale(−1)):
 *     β̂ = 1 − t^{−c} (decay_rate c = 0.8, decay_offset 0, count from 0 so β̂ = 0 at t = 1)
 *     v ← β̂v + (1 − β̂)(g² + ε);  u = g·v^{−½}                                          (ε = 1e-30)
 *     u ← u/max(1, RMS(u)/d);  u ← η·u;  u ← u·max(RMS(x), 1e-3)   (safe_root_mean_squares, min 1e-3)
 *     m ← (1 − μ)u + μm, u ← m (momentum, no debiasing);  u ← u + λx;  x ← x − u
 *     Defaults learning_rate None (no scaling: η = 1 here), clipping_threshold 1, momentum None (μ = 0),
 *     multiply_by_parameter_scale True, weight_decay_rate None (λ = 0), eps 1e-30.
 * Effective learning rate: the multiplier on g/√v (g/√max(v, ε₁²) in PyTorch) after clipping:
 *   α_t/max(1, RMS(u)/d) (PyTorch, Keras); η_t·max(RMS(x), 1e-3)/max(1, RMS(u)/d) (optax, before its
 *   momentum and decay; η_t/max(1, RMS(u)/d) without the parameter scale).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, torchLerp } from './types';
import { unavailableIn } from './unavailable';

/** Root mean square of a vector: ‖a‖/√n. */
function rms(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / a.length);
}

/** optax scale_by_param_block_rms min_scale. */
const OPTAX_MIN_SCALE = 1e-3;

const ALPHA = String.raw`\alpha_t = \max(\epsilon_2, \mathrm{RMS}(x))\min(\eta_t, 1/\sqrt{t})`;
const CLIPPED_STEP = String.raw`x \leftarrow x - \frac{\alpha_t\, u}{\max(1, \mathrm{RMS}(u)/d)}`;

function adafactorTex(convention: Convention, on: { weightDecay: boolean; momentum: boolean; parameterScale: boolean }): string {
  switch (convention) {
    case 'pytorch':
      return joinTex(TEX.narrow, [
        ALPHA,
        on.weightDecay && String.raw`x \leftarrow x\,(1 - \eta_t\lambda)`,
        String.raw`v \leftarrow v + t^{\tau}(g^2 - v)`,
        String.raw`u = g/\sqrt{\max(v, \epsilon_1^2)}`,
        CLIPPED_STEP,
      ]);
    case 'keras':
      return joinTex(TEX.narrow, [
        on.weightDecay && TEX.kerasDecay,
        ALPHA,
        String.raw`\hat\beta_2 = 1 - t^{\tau}`,
        String.raw`v \leftarrow \hat\beta_2 v + (1-\hat\beta_2)(g^2 + \epsilon_1)`,
        String.raw`u = g/\sqrt{v}`,
        CLIPPED_STEP,
      ]);
    default: {
      const scale = on.parameterScale ? String.raw`\eta_t \max(\mathrm{RMS}(x), 10^{-3})` : String.raw`\eta_t`;
      return joinTex(TEX.narrow, [
        String.raw`\hat\beta = 1 - t^{-c}`,
        String.raw`v \leftarrow \hat\beta v + (1-\hat\beta)(g^2 + \epsilon_1)`,
        String.raw`u = ${scale}\,\frac{g/\sqrt{v}}{\max(1, \mathrm{RMS}(g/\sqrt{v})/d)}`,
        on.momentum && String.raw`m \leftarrow \mu m + (1-\mu) u,\ u = m`,
        on.weightDecay ? String.raw`x \leftarrow x - (u + \lambda x)` : String.raw`x \leftarrow x - u`,
      ]);
    }
  }
}

export const adafactor: UpdateRule = {
  id: 'adafactor',
  label: 'Adafactor',
  family: 'adaptive',
  summary: 'RMSprop with β̂₂ = 1 − t^τ, the update clipped to RMS ≤ d and a step relative to RMS(x) (the vector path: no factorization).',
  params: [
    { ...P.lr, description: 'PyTorch and Keras: the cap of the relative step ρ_t = min(η, 1/√t); optax: a plain scale (None = 1).' },
    { ...P.beta2Decay, max: undefined, description: 'PyTorch beta2_decay / Keras beta_2_decay: β̂₂ = 1 − t^τ (PyTorch requires τ ≤ 0; Keras does not check).' },
    P.decayRate,
    { ...P.epsilon1, description: 'PyTorch: floor of v as ε₁² (default machine ε); Keras and optax: added to g² (1e-30).' },
    P.epsilon2,
    { ...P.clipThreshold, description: 'The update is divided by max(1, RMS(u)/d) (PyTorch requires d ≥ 1).' },
    P.multiplyByParameterScale,
    { ...P.momentum, max: 1, description: 'optax adafactor momentum: an EMA of the update without debiasing (0 = None).' },
    { ...P.weightDecay, description: 'PyTorch: x ← x(1 − ηλ); Keras: x ← x − ηλx; optax weight_decay_rate: λx added to the update (not scaled by η).' },
  ],
  defaults: {
    pytorch: { lr: 1e-2, beta2Decay: -0.8, epsilon1: Number.EPSILON, epsilon2: 1e-3, clipThreshold: 1, weightDecay: 0 },
    keras: { lr: 1e-3, beta2Decay: -0.8, epsilon1: 1e-30, epsilon2: 1e-3, clipThreshold: 1, weightDecay: 0 },
    optax: { lr: 1, decayRate: 0.8, epsilon1: 1e-30, clipThreshold: 1, multiplyByParameterScale: true, momentum: 0, weightDecay: 0 },
  },
  unavailable: unavailableIn('Adafactor', ['pytorch', 'keras', 'optax']),
  formula: {},
  source: {
    pytorch: 'torch/optim/_adafactor.py (_single_tensor_adafactor, vector branch)',
    keras: 'keras/src/optimizers/adafactor.py (variables with fewer than 2 dimensions)',
    optax: 'optax/_src/alias.py (adafactor) + optax/_src/factorized.py (scale_by_factored_rms, not factored)',
  },
  notes: {
    pytorch: 'eps1 None is the dtype\'s machine epsilon: 2⁻⁵² here (float64); a float32 model gets 1.19e-7. PyTorch 1.13 has no Adafactor (added in 2.5).',
    keras: 'relative_step is not offered: on this path ρ_t = min(η, 1/√t) already applies the same cap.',
    optax: 'learning_rate None (the default) means no scaling: η = 1. clipping_threshold None and decay_offset are not offered; factored and min_dim_size_to_factor do not apply to a vector.',
  },
  effectiveLr: 'The multiplier on g/√v after clipping: α_t/max(1, RMS(u)/d) (PyTorch, Keras); η_t·max(RMS(x), 1e-3)/max(1, RMS(u)/d) (optax).',
  validate(hp, convention) {
    if (convention === 'pytorch') {
      if (typeof hp.beta2Decay === 'number' && hp.beta2Decay > 0) return `beta2Decay must be <= 0 in PyTorch (beta2_decay should be <= 0), got ${hp.beta2Decay}`;
      if (typeof hp.clipThreshold === 'number' && hp.clipThreshold < 1) return `clipThreshold must be >= 1 in PyTorch (clipping threshold d should be >= 1), got ${hp.clipThreshold}`;
    }
    return undefined;
  },
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adafactor, convention, hp);
    return adafactorTex(convention, {
      weightDecay: r.num('weightDecay') !== 0,
      momentum: r.numOr('momentum', 0) !== 0,
      parameterScale: r.bool('multiplyByParameterScale'),
    });
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adafactor, convention, hp);
    const eps1 = r.num('epsilon1');
    const clip = r.num('clipThreshold');
    const weightDecay = r.num('weightDecay');
    const v = new Float64Array(dim);
    const u = new Float64Array(dim);
    switch (convention) {
      case 'pytorch': {
        const tau = r.num('beta2Decay');
        const eps2 = r.num('epsilon2');
        return {
          step(x, g, t, lr, eff) {
            const oneMinusBeta2 = Math.pow(t, tau); // step_float**beta2_decay
            const rho = Math.min(lr, 1 / Math.sqrt(t)); // min(lr, 1/(step**0.5))
            const alpha = Math.max(eps2, rms(x)) * rho; // max(eps2, param.norm(2)/numel**0.5)·rho_t, before the decay
            if (weightDecay !== 0) for (let i = 0; i < x.length; i++) x[i] = x[i] * (1 - lr * weightDecay); // param.mul_(1 − lr·wd)
            for (let i = 0; i < x.length; i++) {
              v[i] = torchLerp(v[i], g[i] * g[i], oneMinusBeta2); // variance.lerp_(grad², one_minus_beta2_t)
              u[i] = g[i] / Math.sqrt(Math.max(v[i], eps1 * eps1)); // clamp_(min=eps1²).rsqrt_().mul_(grad)
            }
            const denom = Math.max(1, rms(u) / clip); // max(1, ‖u‖/(√numel·d))
            for (let i = 0; i < x.length; i++) {
              x[i] = x[i] + u[i] * (-alpha / denom); // param.add_(update, alpha=−alpha/denom)
              eff[i] = alpha / denom;
            }
          },
        };
      }
      case 'keras': {
        const tau = r.num('beta2Decay');
        const eps2 = r.num('epsilon2');
        return {
          step(x, g, t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            const rho = Math.min(lr, 1 / Math.sqrt(t)); // rho_t = minimum(lr, 1/sqrt(local_step))
            const alpha = Math.max(eps2, rms(x)) * rho; // alpha_t = maximum(epsilon_2, _rms(variable))·rho_t
            const beta2t = 1 - Math.pow(t, tau); // beta_2_t = 1 − local_step**beta_2_decay
            for (let i = 0; i < x.length; i++) {
              const regulated = g[i] * g[i] + eps1; // regulated_grad_square = g² + epsilon_1
              v[i] = beta2t * v[i] + (1 - beta2t) * regulated;
              u[i] = g[i] / Math.sqrt(v[i]); // u_t = gradient / sqrt(v)
            }
            const denom = Math.max(1, rms(u) / clip); // maximum(1, _rms(u_t)/clip_threshold)
            for (let i = 0; i < x.length; i++) {
              x[i] = x[i] - alpha * (u[i] / denom); // assign_sub(variable, alpha_t·u_t_hat)
              eff[i] = alpha / denom;
            }
          },
        };
      }
      case 'optax': {
        const decayRate = r.num('decayRate');
        const parameterScale = r.bool('multiplyByParameterScale');
        const momentum = r.num('momentum');
        const m = new Float64Array(momentum !== 0 ? dim : 0);
        return {
          step(x, g, t, lr, eff) {
            const decay = 1 - Math.pow(t, -decayRate); // _decay_rate_pow(count − offset): 1 − (count + 1)**(−exponent)
            for (let i = 0; i < x.length; i++) {
              const gradSqr = g[i] * g[i] + eps1; // abs_sq(grad) + epsilon
              v[i] = decay * v[i] + (1 - decay) * gradSqr;
              u[i] = g[i] * Math.pow(v[i], -0.5); // grad · new_v**−0.5
            }
            const clipDenom = Math.max(1, rms(u) / clip); // clip_by_block_rms
            const scale = parameterScale ? Math.max(rms(x), OPTAX_MIN_SCALE) : 1; // scale_by_param_block_rms (params before the step)
            for (let i = 0; i < x.length; i++) {
              let ui = (u[i] / clipDenom) * lr * scale; // scale_by_learning_rate(flip_sign=False), then the parameter scale
              if (momentum !== 0) ui = m[i] = (1 - momentum) * ui + momentum * m[i]; // ema(momentum, debias=False)
              ui = ui + weightDecay * x[i]; // add_decayed_weights(weight_decay_rate)
              x[i] = x[i] + -1 * ui; // scale(−1)
              eff[i] = (lr * scale) / clipDenom;
            }
          },
        };
      }
      default:
        throw new Error(adafactor.unavailable?.[convention]);
    }
  },
};
