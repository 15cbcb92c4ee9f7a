/**
 * Adam (Kingma & Ba 2014). One implementation serves adam, amsgrad.ts and adamw.ts, because the
 * frameworks implement them as one class / one transform with flags.
 *   PyTorch torch/optim/adam.py (_single_tensor_adam), torch/optim/adamw.py:
 *     AdamW: x ← x·(1 − ηλ) first; Adam/AMSGrad: g ← g + λx (L2);
 *     m ← lerp(m, g, 1−β₁); v ← β₂v + (1−β₂)g²;  AMSGrad: v_max ← max(v_max, v) (raw v);
 *     x ← x − (η/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)                                        (ε = 1e-8)
 *   Keras keras/src/optimizers/adam.py (amsgrad flag), adamw.py (= Adam + decoupled weight decay):
 *     x ← x − ηλx (decoupled, base_optimizer.py); m ← m + (g − m)(1−β₁); v ← v + (g² − v)(1−β₂);
 *     AMSGrad: v̂ ← max(v̂, v) (raw v);  α_t = η√(1−β₂ᵗ)/(1−β₁ᵗ);  x ← x − m·α_t/(√v + ε̂)
 *     — ε̂ is Kingma & Ba's "epsilon hat" (before their §2.1): the same as PyTorch with a
 *       time-varying ε = ε̂/√(1−β₂ᵗ).                                                 (ε̂ = 1e-7)
 *   optax optax/_src/alias.py adam/amsgrad/adamw → transform.py scale_by_adam / scale_by_amsgrad,
 *     add_decayed_weights, scale_by_learning_rate:
 *     m ← (1−β₁)g + β₁m; v ← (1−β₂)g² + β₂v; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ);
 *     AMSGrad: v̂_max ← max(v̂_max, v̂) (bias-CORRECTED v̂);  u = m̂/(√(v̂ + ε_root) + ε);
 *     AdamW: u ← u + λx;  x ← x − η·u                                                    (ε = 1e-8)
 *   paper — each variant as its paper's algorithm box writes it:
 *     Adam, Kingma & Ba 2014 Algorithm 1: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ);
 *       v̂ = v/(1−β₂ᵗ); x ← x − α·m̂/(√v̂ + ε)                       (α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
 *     AMSGrad, Reddi, Kale & Kumar 2018 Algorithm 2: m ← β₁,t·m + (1−β₁,t)g; v ← β₂v + (1−β₂)g²;
 *       v̂ ← max(v̂, v) on the raw v; x ← x − α_t·m/√v̂ — NO bias correction of m or v. The paper has
 *       no ε; ε is added outside the root, x ← x − α_t·m/(√v̂ + ε) (1e-8, as the from-scratch tutorial).
 *       β₁,t = β₁ᵗ or β₁/t via `beta1Decay`; α_t = α/√t via the inverse-sqrt schedule.
 *     AdamW, Loshchilov & Hutter 2019 Algorithm 2 (the decoupled lines): Adam's m̂, v̂, then
 *       x ← x − η_t(α·m̂/(√v̂ + ε) + λx), where η_t is the schedule MULTIPLIER (scheduled rate / α):
 *       the decay is η_tλx, not αλx as in PyTorch (x·(1 − αλ)) — λ is not scaled by the learning rate.
 * Tutorial variant `beta1Decay` (Reddi et al. 2018 §4; the from-scratch AMSGrad tutorial): β₁,t = β₁ᵗ
 * or β₁/t replaces β₁ in the first-moment update, and the first-moment bias correction becomes
 * 1 − Π_{i≤t} β₁,i (the exact debiasing for a time-varying β₁; 1 − β₁ᵗ when β₁ is constant).
 * Effective learning rate: the multiplier on the bias-corrected first moment m̂ = m/(1−β₁ᵗ):
 *   η_t/(√v̂ + ε) (PyTorch; v̂ = v/(1−β₂ᵗ), AMSGrad with v_max), η_t·√(1−β₂ᵗ)/(√v + ε̂) (Keras),
 *   η_t/(√(v̂ + ε_root) + ε) (optax).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, beta1At, joinTex, kerasDecoupledDecay,
  torchLerp,
} from './types';

export type AdamVariant = 'adam' | 'amsgrad' | 'adamw';

/**
 * t ↦ 1 − βᵗ, βᵗ by Math.pow (memoised in `powers`). From the first t with βᵗ ≤ 2⁻⁵⁶ on, 1 − βᵗ
 * rounds to exactly 1 in doubles (1 − x = 1 for 0 ≤ x ≤ 2⁻⁵⁴, and pow's error is far below the
 * factor 4 of margin), so the value is 1 with no power computed: the same numbers, cheaper in long runs.
 */
export function oneMinusPower(beta: number, powers: PowerSeries): (t: number) => number {
  const from = oneFrom(beta);
  return t => (t >= from ? 1 : 1 - powers.at(t));
}

/** Entries filled ahead in a bias-correction table (`presize`). */
const PRESIZED = 1 << 16;

/** Fills `powers` up to t = min(until, PRESIZED) − 1 (the same values `at` would compute later). */
function presize(powers: PowerSeries, until: number): void {
  if (Number.isFinite(until) && until > 0) powers.at(Math.min(until, PRESIZED) - 1);
}

/** The first t at which 1 − βᵗ is exactly 1 in doubles (see `oneMinusPower`); Infinity outside 0 < β < 1. */
function oneFrom(beta: number): number {
  return beta > 0 && beta < 1 ? Math.ceil((56 * Math.LN2) / -Math.log(beta)) : Infinity;
}

export function createAdamStepper(dim: number, r: HyperparameterReader, convention: Convention, variant: AdamVariant): Stepper {
  const beta1 = r.num('beta1');
  const beta2 = r.num('beta2');
  const eps = r.num('epsilon');
  const epsRoot = r.numOr('epsRoot', 0);
  const weightDecay = r.numOr('weightDecay', 0);
  const beta1Decay = r.str('beta1Decay', 'none');
  const amsgrad = variant === 'amsgrad';
  const decoupled = variant === 'adamw';
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const vMax = new Float64Array(amsgrad ? dim : 0);
  const beta1Powers = PowerSeries.of(beta1);
  const beta2Powers = PowerSeries.of(beta2);
  const bc1OneFrom = oneFrom(beta1);
  const bc2OneFrom = oneFrom(beta2);
  // The tables the bias corrections read, filled now up to where they become 1 (38,798 entries for
  // β₂ = 0.999; at most PRESIZED): a table grown during the run would send the step's optimized
  // code back (its growth path has not run yet when the step is first optimized).
  presize(beta1Powers, bc1OneFrom);
  presize(beta2Powers, bc2OneFrom);
  const decaying = beta1Decay !== 'none';
  // Per-update scalars, written by `advance` and read by `step`: [β₁,t (changed only with
  // beta1Decay), first-moment bias correction 1 − Π β₁,i (1 − β₁ᵗ for constant β₁, pow as the
  // frameworks compute it), second-moment correction 1 − β₂ᵗ, the product Π β₁,i]. Doubles kept in a
  // Float64Array are written in place; in a closure variable or returned from a call that is not
  // inlined each would be a new heap number per step, garbage a 5M-step run spends time collecting.
  const s = new Float64Array(4);
  s[0] = beta1;
  s[3] = 1;
  const advance = (t: number): void => {
    if (decaying) {
      const b1 = beta1At(beta1, beta1Decay, t);
      s[0] = b1;
      s[3] = s[3] * b1;
      s[1] = 1 - s[3];
    } else {
      s[1] = t >= bc1OneFrom ? 1 : 1 - beta1Powers.at(t);
    }
    s[2] = t >= bc2OneFrom ? 1 : 1 - beta2Powers.at(t);
  };
  switch (convention) {
    case 'pytorch':
      // Without weight decay and the running max (the default Adam), a step without their branches:
      // the same operations in the same order, small enough for V8 to inline into the run loop.
      if (weightDecay === 0 && !amsgrad)
        return {
          step(x, g, t, lr, eff) {
            advance(t);
            const w = 1 - s[0];
            const stepSize = lr / s[1];
            const bc2Sqrt = Math.sqrt(s[2]);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              const mi = (m[i] = torchLerp(m[i], gi, w));
              const vi = (v[i] = v[i] * beta2 + (1 - beta2) * gi * gi);
              const denom = Math.sqrt(vi) / bc2Sqrt + eps;
              x[i] = x[i] + (-stepSize * mi) / denom;
              eff[i] = lr / denom;
            }
          },
        };
      return {
        step(x, g, t, lr, eff) {
          advance(t);
          const b1 = s[0];
          const stepSize = lr / s[1];
          const bc2Sqrt = Math.sqrt(s[2]);
          for (let i = 0; i < x.length; i++) {
            let gi = g[i];
            if (weightDecay !== 0) {
              if (decoupled) x[i] = x[i] * (1 - lr * weightDecay); // adamw.py: param.mul_(1 - lr * weight_decay)
              else gi = gi + weightDecay * x[i]; // adam.py: grad = grad.add(param, alpha=weight_decay)
            }
            m[i] = torchLerp(m[i], gi, 1 - b1);
            v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
            let second = v[i];
            if (amsgrad) second = vMax[i] = Math.max(vMax[i], v[i]);
            const denom = Math.sqrt(second) / bc2Sqrt + eps;
            x[i] = x[i] + (-stepSize * m[i]) / denom; // param.addcdiv_(exp_avg, denom, value=-step_size)
            eff[i] = lr / denom;
          }
        },
      };
    case 'keras':
      return {
        step(x, g, t, lr, eff) {
          kerasDecoupledDecay(x, weightDecay, lr);
          advance(t);
          const b1 = s[0];
          const bc2Sqrt = Math.sqrt(s[2]);
          const alpha = (lr * bc2Sqrt) / s[1];
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = m[i] + (gi - m[i]) * (1 - b1);
            v[i] = v[i] + (gi * gi - v[i]) * (1 - beta2);
            let second = v[i];
            if (amsgrad) second = vMax[i] = Math.max(vMax[i], v[i]);
            const denom = Math.sqrt(second) + eps;
            x[i] = x[i] - (m[i] * alpha) / denom;
            eff[i] = (lr * bc2Sqrt) / denom;
          }
        },
      };
    case 'paper': {
      const alpha = r.num('lr'); // the base rate α; lr/α is the schedule multiplier η_t
      return {
        step(x, g, t, lr, eff) {
          advance(t);
          const b1 = s[0];
          const bc1 = s[1];
          const bc2 = s[2];
          const decay = decoupled ? (lr / alpha) * weightDecay : 0; // AdamW Algorithm 2 line 12: η_tλ
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            let denom: number;
            let direction: number;
            if (amsgrad) {
              vMax[i] = Math.max(vMax[i], v[i]); // Reddi et al. Algorithm 2: v̂_t = max(v̂_{t−1}, v_t), raw v
              denom = Math.sqrt(vMax[i]) + eps;
              direction = m[i] / denom; // no bias correction
            } else {
              denom = Math.sqrt(v[i] / bc2) + eps; // Kingma & Ba Algorithm 1: √v̂_t + ε
              direction = m[i] / bc1 / denom; // m̂_t = m_t/(1 − β₁ᵗ)
            }
            x[i] = x[i] - (lr * direction + decay * x[i]);
            eff[i] = lr / denom;
          }
        },
      };
    }
    case 'optax':
      return {
        step(x, g, t, lr, eff) {
          advance(t);
          const b1 = s[0];
          const bc1 = s[1];
          const bc2 = s[2];
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            m[i] = (1 - b1) * gi + b1 * m[i]; // update_moment(g, mu, b1, 1)
            v[i] = (1 - beta2) * (gi * gi) + beta2 * v[i];
            const mHat = m[i] / bc1;
            let vHat = v[i] / bc2;
            if (amsgrad) vHat = vMax[i] = Math.max(vMax[i], vHat);
            const denom = Math.sqrt(vHat + epsRoot) + eps;
            let u = mHat / denom;
            if (decoupled) u = u + weightDecay * x[i]; // add_decayed_weights, before the lr scaling
            x[i] = x[i] + u * -lr;
            eff[i] = lr / denom;
          }
        },
      };
  }
}

/**
 * The Adam family's update as configured, following `createAdamStepper`: weight decay only when
 * λ ≠ 0 (PyTorch Adam/AMSGrad L2, PyTorch AdamW x·(1 − ηλ), Keras decoupled, optax AdamW inside the
 * update), the running max only for AMSGrad, ε_root only when it is not 0, and with `beta1Decay` the
 * time-varying β₁,t with its product bias correction.
 */
export function adamTex(convention: Convention, r: HyperparameterReader, variant: AdamVariant): string {
  const weightDecay = r.numOr('weightDecay', 0) !== 0;
  const amsgrad = variant === 'amsgrad';
  const beta1Decay = r.str('beta1Decay', 'none');
  const schedule =
    beta1Decay === 'power' ? String.raw`\beta_{1,t} = \beta_1^t` : beta1Decay === 'inverse' ? String.raw`\beta_{1,t} = \beta_1/t` : undefined;
  const b1 = schedule ? String.raw`\beta_{1,t}` : String.raw`\beta_1`;
  const bc1 = schedule ? String.raw`1-\prod_{i\le t}\beta_{1,i}` : String.raw`1-\beta_1^t`;
  const moments = [String.raw`m \leftarrow ${b1} m + (1-${b1}) g`, String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`];
  switch (convention) {
    case 'pytorch': {
      const decay = !weightDecay ? undefined : variant === 'adamw' ? String.raw`x \leftarrow x\,(1 - \eta_t\lambda)` : TEX.l2;
      const second = amsgrad ? 'v_{max}' : 'v';
      return joinTex(TEX.narrow, [
        decay,
        schedule,
        ...moments,
        amsgrad && String.raw`v_{max} \leftarrow \max(v_{max}, v)`,
        String.raw`x \leftarrow x - \frac{\eta_t}{${bc1}}\,\frac{m}{\sqrt{${second}}/\sqrt{1-\beta_2^t} + \epsilon}`,
      ]);
    }
    case 'keras': {
      const second = amsgrad ? String.raw`\hat v` : 'v';
      return joinTex(TEX.narrow, [
        weightDecay && TEX.kerasDecay,
        schedule,
        ...moments,
        amsgrad && String.raw`\hat v \leftarrow \max(\hat v, v)`,
        String.raw`x \leftarrow x - \eta_t\frac{\sqrt{1-\beta_2^t}}{${bc1}}\,\frac{m}{\sqrt{${second}} + \hat\epsilon}`,
      ]);
    }
    case 'paper': {
      if (amsgrad) {
        // Reddi et al. Algorithm 2: no bias correction; ε (absent in the paper) outside the root.
        return joinTex(TEX.narrow, [
          schedule,
          ...moments,
          String.raw`\hat v \leftarrow \max(\hat v, v)`,
          String.raw`x \leftarrow x - \eta_t\,\frac{m}{\sqrt{\hat v} + \epsilon}`,
        ]);
      }
      const direction = String.raw`\frac{\hat m}{\sqrt{\hat v} + \epsilon}`;
      // AdamW Algorithm 2: the decay is scaled by the schedule multiplier η_t/η, not by η.
      const decay = variant === 'adamw' && weightDecay;
      return joinTex(TEX.narrow, [
        schedule,
        ...moments,
        String.raw`\hat m = \tfrac{m}{${bc1}},\ \hat v = \tfrac{v}{1-\beta_2^t}`,
        decay
          ? String.raw`x \leftarrow x - \eta_t${direction} - \tfrac{\eta_t}{\eta}\lambda x`
          : String.raw`x \leftarrow x - \eta_t\,${direction}`,
      ]);
    }
    case 'optax': {
      const second = amsgrad ? String.raw`\hat v_{max}` : String.raw`\hat v`;
      const root = r.numOr('epsRoot', 0) === 0 ? String.raw`\sqrt{${second}}` : String.raw`\sqrt{${second} + \epsilon_{root}}`;
      const direction = String.raw`\frac{${amsgrad ? `m/(${bc1})` : String.raw`\hat m`}}{${root} + \epsilon}`;
      // optax.adamw adds λx to the Adam direction before the −η scaling (add_decayed_weights).
      const decoupled = variant === 'adamw' && weightDecay;
      return joinTex(TEX.narrow, [
        schedule,
        ...moments,
        amsgrad
          ? String.raw`\hat v_{max} \leftarrow \max\big(\hat v_{max}, \tfrac{v}{1-\beta_2^t}\big)`
          : String.raw`\hat m = \tfrac{m}{${bc1}},\ \hat v = \tfrac{v}{1-\beta_2^t}`,
        decoupled ? String.raw`x \leftarrow x - \eta_t\left(${direction} + \lambda x\right)` : String.raw`x \leftarrow x - \eta_t\,${direction}`,
      ]);
    }
  }
}

/** Adam's and AMSGrad's schema and defaults (the frameworks' Adam(amsgrad=…) share them). */
export const ADAM_PARAMS = [P.lr, P.beta1, P.beta2, P.epsilon, P.epsRoot, P.weightDecay, P.beta1Decay] as const;
export const ADAM_DEFAULTS: UpdateRule['defaults'] = {
  pytorch: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, beta1Decay: 'none' },
  keras: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0, beta1Decay: 'none' },
  optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, epsRoot: 0, beta1Decay: 'none' },
  // Kingma & Ba Algorithm 1's "good default settings" (Adam); amsgrad.ts has its own paper defaults.
  paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export const adam: UpdateRule = {
  id: 'adam',
  family: 'adam',
  label: 'Adam',
  summary: 'Momentum on the gradient divided by a running RMS, both bias-corrected for their zero start.',
  params: ADAM_PARAMS,
  defaults: ADAM_DEFAULTS,
  formula: {},
  source: {
    pytorch: 'torch/optim/adam.py',
    keras: 'keras/src/optimizers/adam.py',
    optax: 'optax/_src/alias.py (adam) + optax/_src/transform.py (scale_by_adam)',
    paper: 'Kingma & Ba 2014, "Adam: A Method for Stochastic Optimization", Algorithm 1',
  },
  notes: {
    keras: 'epsilon is "epsilon hat": added to √v before the bias-correction factor, not to √v̂.',
    optax: 'optax.adam has no default learning rate; 1e-3 is used. Weight decay is optax.adamw.',
    paper: 'Algorithm 1 with its default settings α = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8; no weight decay.',
  },
  differences: {
    pytorch: 'The same arithmetic (x ← x − (η/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)); weight_decay adds L2 to the gradient.',
    keras: 'ε is the paper\'s "ε̂" of §2: x ← x − η√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε̂), a time-varying ε = ε̂/√(1−β₂ᵗ) in Algorithm 1\'s terms, and ε̂ = 1e-7.',
    optax: 'The same rule, plus ε_root inside the root (0 by default).',
  },
  effectiveLr: 'The multiplier on the bias-corrected momentum m̂: η_t/(√v̂ + ε) (PyTorch), η_t√(1−β₂ᵗ)/(√v + ε̂) (Keras), η_t/(√(v̂+ε_root) + ε) (optax).',
  formulaFor(convention, hp) {
    return adamTex(convention, new HyperparameterReader(adam, convention, hp), 'adam');
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createAdamStepper(dim, new HyperparameterReader(adam, convention, hp), convention, 'adam');
  },
};
