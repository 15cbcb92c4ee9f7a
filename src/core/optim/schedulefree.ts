/**
 * Schedule-Free AdamW and SGD (Defazio et al. 2024, "The Road Less Scheduled"): no decaying schedule;
 * instead three sequences. z takes the base optimizer's steps, x is a running (weighted) average of
 * z, and the gradient is taken at y = β₁x + (1−β₁)z between them. The frameworks store y as the
 * parameters, so the path here is y (where g is taken) and x (the average the method reports, what
 * one evaluates) is the run's second point (`extraPoint`).
 *   Keras keras/src/optimizers/schedule_free_adamw.py `ScheduleFreeAdamW.update_step`:
 *     y ← y − ηλy first (base_optimizer.py `_apply_weight_decay`, with η, not the warmed-up rate)
 *     η' = η·min(t/W, 1) when warmup_steps W > 0
 *     z_old = z (the "momentum" variable, initialized to x₀)
 *     v ← v + (g² − v)(1−β₂);  z ← z − η'·g/(√(v/(1−β₂ᵗ)) + ε)
 *     x_old = (y − (1−β₁)z_old)/β₁;  x = (1 − 1/t)x_old + (1/t)z;  y ← (1−β₁)z + β₁x
 *     Defaults lr 0.0025, beta_1 0.9, beta_2 0.999, epsilon 1e-8, warmup_steps 0, weight_decay none.
 *   optax optax/contrib/_schedule_free.py `schedule_free_adamw` / `schedule_free_sgd` = `schedule_free`
 *   around a base optimizer (scale_by_rms(b2, eps, eps_in_sqrt=False, bias_correction=True),
 *   add_decayed_weights, scale_by_learning_rate — or add_decayed_weights, sgd):
 *     η_sf = η·min(t/W, 1) (the warm-up schedule at step_count = t), the base's η_b = η·min((t−1)/W, 1)
 *     (its own count starts at 0); without warm-up both are η
 *     η_max ← max(η_max, η_sf);  w = η_max^p;  c = w/(Σw) (0/0 → 0)          (weight_lr_power p = 2)
 *     AdamW base: ν ← (1−β₂)g² + β₂ν;  u = −η_b(g/(√(ν/(1−β₂ᵗ)) + ε) + λy)
 *     SGD base:   u = −η_b(g + λy)
 *     z ← z + u;  x_prev = (y − (1−β₁)z_old)/β₁;  x = (1−c)x_prev + c·z;  y ← β₁x + (1−β₁)z
 *     Defaults: adamw lr 0.0025, b1 0.9, b2 0.999, eps 1e-8, weight_decay 0; sgd lr 1, b1 0.9,
 *     weight_decay None (0); warmup_steps None (0), weight_lr_power 2.
 *   PyTorch core has neither (the schedulefree package is not torch.optim); Keras has no SGD form.
 *   paper Defazio et al. 2024, Algorithm 1 (Schedule-Free AdamW), z₁ = x₁:
 *     y_t = (1−β₁)z_t + β₁x_t;  g at y_t;  v ← β₂v + (1−β₂)g²
 *     γ_t = γ·√(1−β₂ᵗ)·min(1, t/T_warmup)          (the bias correction folded into the rate)
 *     z_{t+1} = z_t − γ_t·g/(√v + ε) − γ_t·λ·y_t
 *     c_{t+1} = γ_t²/Σ_{i≤t} γ_i²;  x_{t+1} = (1 − c_{t+1})x_t + c_{t+1}z_{t+1}
 *     — the averaging weight includes √(1−β₂ᵗ), so early (small-γ_t) iterates weigh less than in
 *     Keras (1/t) or optax (η_max², without the factor); ε sits on √v, not on √v̂.
 *     γ = 0.0025, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0, no warm-up.
 *   paper, the SGD form (Defazio et al. 2024, §2), x₁ = z₁ = the start:
 *     y_t = (1−β)z_t + βx_t;  z_{t+1} = z_t − γ∇f(y_t);  x_{t+1} = (1 − c_{t+1})x_t + c_{t+1}z_{t+1}
 *     c_{t+1} = 1/(t+1): x is the plain average of z₁ … z_{t+1}, the start included.
 *     With warm-up (W > 0) the paper's warm-up weighting, as in Algorithm 1 above without the
 *     √(1−β₂ᵗ) factor: γ_t = γ·min(1, t/W) in the z step and c_{t+1} = γ_t²/Σ_{i≤t}γ_i² (the start
 *     then weighs nothing). No weight decay. The section gives no γ: 1 (optax's), β = 0.9.
 *     Not optax's arithmetic: optax's weight is 1/t for a constant η (its first x is z₂, the paper's
 *     (x₁ + z₂)/2), and with warm-up its z step lags the weight by one step.
 * Keras averages with weight 1/t; optax with η_max^p/Σ, the same for a constant η.
 * Effective learning rate: the multiplier on g in the z step: η'/(√v̂ + ε) (Keras, optax AdamW), η_b (SGD).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, ParamSpec, PowerSeries, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay } from './types';
import { unavailableIn } from './unavailable';

/** β₁ in (0, 1]: both frameworks recover x by dividing by β₁. */
const SF_BETA1: ParamSpec = { ...P.beta1, minExclusive: true, maxExclusive: false, description: 'Interpolation y = β₁x + (1−β₁)z; x is recovered as (y − (1−β₁)z)/β₁, so β₁ > 0.' };
const SF_WARMUP: ParamSpec = { ...P.warmupSteps, description: 'Keras warmup_steps / optax warmup_steps: η rises linearly over this many steps (0 = none; optax None).' };

const AVERAGE = {
  label: 'average x (Schedule-Free)',
  description: 'The averaged point Schedule-Free reports (optax schedule_free_eval_params); the path is y, where the gradient is taken.',
} as const;

function validateWarmup(hp: Hyperparameters): string | undefined {
  const w = hp.warmupSteps;
  return typeof w === 'number' && !Number.isInteger(w) ? `warmupSteps must be a whole number, got ${w}` : undefined;
}

/** Schedule-Free as configured: `base` is the z step's direction (without −η'). */
function scheduleFreeTex(convention: 'keras' | 'optax', adam: boolean, weightDecay: boolean, warmup: boolean): string {
  const rate = warmup ? String.raw`\eta'_t` : String.raw`\eta_t`;
  const direction = adam ? String.raw`\frac{g}{\sqrt{v/(1-\beta_2^t)} + \epsilon}` : 'g';
  if (convention === 'keras') {
    return joinTex(TEX.narrow, [
      weightDecay && String.raw`y \leftarrow y - \eta_t\lambda y`,
      warmup && String.raw`\eta'_t = \eta_t\min(t/W, 1)`,
      String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
      String.raw`z \leftarrow z - ${rate}\,${direction}`,
      String.raw`x \leftarrow (1 - \tfrac{1}{t})\,x + \tfrac{1}{t}\,z`,
      String.raw`y \leftarrow (1-\beta_1) z + \beta_1 x`,
    ]);
  }
  const step = weightDecay ? String.raw`z \leftarrow z - ${rate}\Big(${direction} + \lambda y\Big)` : String.raw`z \leftarrow z - ${rate}\,${direction}`;
  return joinTex(TEX.narrow, [
    warmup && String.raw`\eta'_t = \eta_t\min(\tfrac{t-1}{W}, 1)`,
    adam && String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
    step,
    String.raw`c_t = \frac{\eta_{max}^p}{\sum_{i \le t} \eta_{max,i}^p}`,
    String.raw`x \leftarrow (1 - c_t)\,x + c_t\,z`,
    String.raw`y \leftarrow \beta_1 x + (1-\beta_1) z`,
  ]);
}

/** optax `schedule_free`'s weight bookkeeping (η_max, Σw) and its warm-up of the base rate. */
class OptaxAverageWeights {
  private maxLr = 0;
  private weightSum = 0;
  constructor(private readonly warmupSteps: number, private readonly weightLrPower: number) {}
  /** The base optimizer's rate for update t (its warm-up schedule at count t − 1). */
  baseLr(lr: number, t: number): number {
    return this.warmupSteps > 0 ? lr * Math.min((t - 1) / this.warmupSteps, 1) : lr;
  }
  /** c_t = w/Σw with w = max(η_max, η_sf)^p; 0/0 gives 0 (jnp.nan_to_num), a NaN weight NaN. */
  weight(lr: number, t: number): number {
    const sfLr = this.warmupSteps > 0 ? lr * Math.min(t / this.warmupSteps, 1) : lr; // learning_rate(state.step_count)
    this.maxLr = Math.max(this.maxLr, sfLr);
    const w = Math.pow(this.maxLr, this.weightLrPower); // max_lr**weight_lr_power
    const total = this.weightSum + w;
    this.weightSum = total;
    if (Number.isNaN(w) || Number.isNaN(total)) return NaN;
    const ck = w / total;
    return Number.isNaN(ck) ? 0 : ck;
  }
}

const PAPER_SF_TEX = (weightDecay: boolean, warmup: boolean): string => joinTex(TEX.narrow, [
  String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
  String.raw`\gamma_t = \eta_t\sqrt{1-\beta_2^t}${warmup ? String.raw`\,\min(1, t/W)` : ''}`,
  weightDecay ? String.raw`z \leftarrow z - \gamma_t\Big(\frac{g}{\sqrt{v} + \epsilon} + \lambda y\Big)` : String.raw`z \leftarrow z - \gamma_t\,\frac{g}{\sqrt{v} + \epsilon}`,
  String.raw`c_t = \frac{\gamma_t^2}{\sum_{i \le t} \gamma_i^2}`,
  String.raw`x \leftarrow (1 - c_t)\,x + c_t\,z`,
  String.raw`y \leftarrow (1-\beta_1) z + \beta_1 x`,
]);

function createScheduleFree(dim: number, r: HyperparameterReader, convention: Convention, adam: boolean, rule: UpdateRule): Stepper {
  const beta1 = r.num('beta1');
  const beta2 = adam ? r.num('beta2') : 0;
  const eps = adam ? r.num('epsilon') : 0;
  const weightDecay = r.numOr('weightDecay', 0); // the paper's SGD form has none
  const warmupSteps = r.num('warmupSteps');
  const v = new Float64Array(dim);
  const xAvg = new Float64Array(dim); // the reported average x
  let z: Float64Array | undefined; // z₀ = x₀ (Keras: momentum ← copy(var); optax: z = params.copy())
  const beta2Powers = PowerSeries.of(beta2);
  if (convention === 'keras') {
    return {
      extraPoint: xAvg,
      step(y, g, t, lr, eff) {
        z ??= Float64Array.from(y);
        kerasDecoupledDecay(y, weightDecay, lr);
        const lrW = warmupSteps > 0 ? lr * Math.min(t / warmupSteps, 1) : lr; // lr·minimum(local_step/warmup_steps, 1)
        const bc2 = 1 - beta2Powers.at(t); // 1 − beta_2**local_step
        const weight = 1.0 / t;
        for (let i = 0; i < y.length; i++) {
          const gi = g[i];
          const zOld = z[i]; // momentum_old
          v[i] = v[i] + (gi * gi - v[i]) * (1 - beta2); // assign_add(velocity, (g² − velocity)(1 − β₂))
          const denom = Math.sqrt(v[i] / bc2) + eps;
          z[i] = z[i] - (lrW * gi) / denom; // assign_sub(momentum, lr·g/denom)
          const xOld = (y[i] - (1 - beta1) * zOld) / beta1;
          xAvg[i] = (1 - weight) * xOld + weight * z[i]; // x_new
          y[i] = (1 - beta1) * z[i] + beta1 * xAvg[i]; // y_new
          eff[i] = lrW / denom;
        }
      },
    };
  }
  if (convention === 'optax') {
    const weights = new OptaxAverageWeights(warmupSteps, r.num('weightLrPower'));
    return {
      extraPoint: xAvg,
      step(y, g, t, lr, eff) {
        z ??= Float64Array.from(y);
        const ck = weights.weight(lr, t);
        const baseLr = weights.baseLr(lr, t);
        const bc2 = adam ? 1 - beta2Powers.at(t) : 1;
        for (let i = 0; i < y.length; i++) {
          const gi = g[i];
          let u: number;
          let scale = 1;
          if (adam) {
            v[i] = (1 - beta2) * (gi * gi) + beta2 * v[i]; // scale_by_rms: update_moment_per_elem_norm(g, nu, b2, 2)
            scale = 1 / (Math.sqrt(v[i] / bc2) + eps); // 1/(sqrt(nu_hat) + eps), eps_in_sqrt=False
            u = gi * scale + weightDecay * y[i]; // add_decayed_weights on the params y
          } else {
            u = gi + weightDecay * y[i]; // add_decayed_weights before sgd
          }
          const zOld = z[i];
          z[i] = z[i] + u * -baseLr; // z + base_updates
          const xPrev = (y[i] - (1 - beta1) * zOld) / beta1; // prev_x from params and state.z
          xAvg[i] = (1 - ck) * xPrev + ck * z[i];
          y[i] = beta1 * xAvg[i] + (1 - beta1) * z[i]; // new_params
          eff[i] = baseLr * scale;
        }
      },
    };
  }
  if (convention === 'paper' && adam) {
    let gammaSquares = 0; // Σ γ_i²
    return {
      extraPoint: xAvg,
      step(y, g, t, lr, eff) {
        if (!z) {
          z = Float64Array.from(y); // z₁ = x₁
          xAvg.set(y);
        }
        const gamma = lr * Math.sqrt(1 - beta2Powers.at(t)) * (warmupSteps > 0 ? Math.min(1, t / warmupSteps) : 1);
        gammaSquares += gamma * gamma;
        const c = gammaSquares > 0 ? (gamma * gamma) / gammaSquares : 0; // c_{t+1} = γ_t²/Σγ_i²
        for (let i = 0; i < y.length; i++) {
          const gi = g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
          const denom = Math.sqrt(v[i]) + eps;
          z[i] = z[i] - (gamma * gi) / denom - gamma * weightDecay * y[i]; // z_{t+1}
          xAvg[i] = (1 - c) * xAvg[i] + c * z[i]; // x_{t+1}
          y[i] = (1 - beta1) * z[i] + beta1 * xAvg[i]; // y_{t+1}
          eff[i] = gamma / denom;
        }
      },
    };
  }
  if (convention === 'paper') {
    // The SGD form of §2 (c_{t+1} = 1/(t+1)); with warm-up, the γ_t²/Σγ_i² weighting.
    let gammaSquares = 0; // Σ γ_i²
    return {
      extraPoint: xAvg,
      step(y, g, t, lr, eff) {
        if (!z) {
          z = Float64Array.from(y); // z₁ = x₁
          xAvg.set(y);
        }
        const gamma = warmupSteps > 0 ? lr * Math.min(1, t / warmupSteps) : lr;
        gammaSquares += gamma * gamma;
        const c = warmupSteps > 0 ? (gammaSquares > 0 ? (gamma * gamma) / gammaSquares : 0) : 1 / (t + 1);
        for (let i = 0; i < y.length; i++) {
          z[i] = z[i] - gamma * g[i]; // z_{t+1} = z_t − γ∇f(y_t)
          xAvg[i] = (1 - c) * xAvg[i] + c * z[i]; // x_{t+1}
          y[i] = (1 - beta1) * z[i] + beta1 * xAvg[i]; // y_{t+1}
          eff[i] = gamma;
        }
      },
    };
  }
  throw new Error(rule.unavailable?.[convention]);
}

const PAPER_SF_SGD_TEX = (warmup: boolean): string => joinTex(TEX.narrow, [
  warmup && String.raw`\gamma_t = \eta_t\min(1, t/W)`,
  String.raw`z \leftarrow z - ${warmup ? String.raw`\gamma_t` : String.raw`\eta_t`}\,g`,
  warmup ? String.raw`c_t = \frac{\gamma_t^2}{\sum_{i \le t} \gamma_i^2}` : String.raw`c_t = \frac{1}{t+1}\quad(x_1 = z_1)`,
  String.raw`x \leftarrow (1 - c_t)\,x + c_t\,z`,
  String.raw`y \leftarrow (1-\beta_1) z + \beta_1 x`,
]);

export const scheduleFreeAdamW: UpdateRule = {
  id: 'schedulefree-adamw',
  label: 'Schedule-Free AdamW',
  family: 'schedule-free',
  summary: 'No schedule: Adam-style steps on z, the gradient taken at y between z and their running average x (both shown).',
  params: [
    P.lr, SF_BETA1, P.beta2, P.epsilon,
    { ...P.weightDecay, description: 'Keras: y ← y − ηλy before the step; optax: λy added to the base direction.' },
    SF_WARMUP, P.weightLrPower,
  ],
  defaults: {
    keras: { lr: 0.0025, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, warmupSteps: 0 },
    optax: { lr: 0.0025, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, warmupSteps: 0, weightLrPower: 2 },
    paper: { lr: 0.0025, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, warmupSteps: 0 },
  },
  unavailable: unavailableIn('Schedule-Free AdamW', ['keras', 'optax', 'paper']),
  formula: {},
  source: {
    keras: 'keras/src/optimizers/schedule_free_adamw.py',
    optax: 'optax/contrib/_schedule_free.py (schedule_free_adamw, schedule_free)',
    paper: 'Defazio et al. 2024, "The Road Less Scheduled", Algorithm 1',
  },
  differences: {
    pytorch: 'torch.optim has no Schedule-Free AdamW.',
    keras: 'Averages with weight 1/t (the paper: γ_t²/Σγ_i², γ_t including √(1−β₂ᵗ)); ε on √v̂ instead of √v; the decay y ← y − ηλy before the step.',
    optax: 'Averages with η_max²/Σ (no √(1−β₂ᵗ) factor, so early iterates weigh more than in the paper); ε on √v̂; the base step\'s warm-up lags by one step.',
  },
  notes: {
    keras: 'The path is y (the variable Keras stores); x is recovered from y and z each step, as Keras does.',
    optax: 'The path is y (the params optax returns); x is schedule_free_eval_params. With warm-up the base step lags the averaging weight by one step (their schedules count from 0 and from 1); a panel schedule gives both the same η_t.',
    paper: 'Algorithm 1: the path is y (where g is taken), the second point x. γ_t = η_t√(1−β₂ᵗ)·min(1, t/W) both in the z step and in the averaging weight γ_t²/Σγ_i².',
  },
  extraPoint: AVERAGE,
  effectiveLr: 'The multiplier on g in the z step: η′_t/(√v̂ + ε), η′_t the warmed-up rate.',
  validate: validateWarmup,
  formulaFor(convention, hp) {
    if (convention === 'pytorch') throw new Error(scheduleFreeAdamW.unavailable?.[convention]);
    const r = new HyperparameterReader(scheduleFreeAdamW, convention, hp);
    if (convention === 'paper') return PAPER_SF_TEX(r.num('weightDecay') !== 0, r.num('warmupSteps') > 0);
    return scheduleFreeTex(convention, true, r.num('weightDecay') !== 0, r.num('warmupSteps') > 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createScheduleFree(dim, new HyperparameterReader(scheduleFreeAdamW, convention, hp), convention, true, scheduleFreeAdamW);
  },
};

export const scheduleFreeSgd: UpdateRule = {
  id: 'schedulefree-sgd',
  label: 'Schedule-Free SGD',
  family: 'schedule-free',
  summary: 'No schedule: SGD steps on z, the gradient taken at y between z and their running average x (both shown).',
  params: [
    P.lr, SF_BETA1,
    { ...P.weightDecay, description: 'optax: λy added to the gradient before the SGD step.' },
    SF_WARMUP, P.weightLrPower,
  ],
  defaults: {
    optax: { lr: 1, beta1: 0.9, weightDecay: 0, warmupSteps: 0, weightLrPower: 2 },
    paper: { lr: 1, beta1: 0.9, warmupSteps: 0 },
  },
  unavailable: unavailableIn('Schedule-Free SGD', ['optax', 'paper']),
  formula: {},
  source: {
    optax: 'optax/contrib/_schedule_free.py (schedule_free_sgd, schedule_free)',
    paper: 'Defazio et al. 2024, "The Road Less Scheduled", §2 (Schedule-Free SGD)',
  },
  differences: {
    pytorch: 'torch.optim has no Schedule-Free SGD.',
    keras: 'Keras 3 has no Schedule-Free SGD (only the AdamW form).',
    optax: 'Averages with η_max²/Σ, 1/t for a constant η: the start is left out of the average (its first x is z₂, the paper\'s (x₁ + z₂)/2); with warm-up its z step lags the averaging weight by one step; weight decay λy and weight_lr_power.',
  },
  notes: {
    optax: 'The path is y (the params optax returns); x is schedule_free_eval_params.',
    paper: '§2: z ← z − γg at y = (1−β)z + βx, x averaged with c_{t+1} = 1/(t+1) (x₁ = z₁ counts); with warmupSteps > 0 the paper\'s γ_t = γ·min(1, t/W) and weight γ_t²/Σγ_i² as in Algorithm 1. The path is y, the second point x. The paper gives no γ: 1 (optax\'s), β = 0.9.',
  },
  extraPoint: AVERAGE,
  effectiveLr: 'η′_t, the base SGD rate (warmed up when warmupSteps > 0; paper: γ_t).',
  validate: validateWarmup,
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(scheduleFreeSgd, convention, hp);
    if (convention === 'paper') return PAPER_SF_SGD_TEX(r.num('warmupSteps') > 0);
    return scheduleFreeTex('optax', false, r.num('weightDecay') !== 0, r.num('warmupSteps') > 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createScheduleFree(dim, new HyperparameterReader(scheduleFreeSgd, convention, hp), convention, false, scheduleFreeSgd);
  },
};
