/**
 * Prodigy (Mishchenko & Defazio 2023, "Prodigy: An Expeditiously Adaptive Parameter-Free Learner"):
 * Adam whose step is multiplied by d, an estimate of the distance from the start to the solution that
 * only grows: d = max(d, ⟨weighted gradients, x₀ − x⟩ / ‖weighted gradient sum‖₁). η stays ~1.
 *   optax optax/contrib/_prodigy.py `prodigy` (one transformation), count c = t − 1, d = estim_lr:
 *     bc = √(1−β₂ᵗ)/(1−β₁ᵗ);  d·η_t·bc = dlr;  dg = d·g
 *     a = ⟨g, x₀ − x⟩                                                         (numerator_acum)
 *     m ← β₁m + (1−β₁)dg;  v ← β₂v + (1−β₂)dg²                                (exp_avg, exp_avg_sq)
 *     s ← β₃s + dlr·dg/d₀   (safeguard_warmup: d·dg/d₀)                                (grad_sum)
 *     r ← β₃r + (d/d₀)·dlr·a                                                (numerator_weighted)
 *     d' = max(d, coef·r/‖s‖₁)                                              (lr_estimate, estim_lr)
 *     x ← x − dlr·m/(√v + d·ε) − λ·dlr·x            (the OLD d in dlr and in d·ε; then d ← d')
 *   Defaults learning_rate 1, betas (0.9, 0.999), beta3 None = √β₂, eps 1e-8, estim_lr0 1e-6,
 *   estim_lr_coef 1, weight_decay 0, safeguard_warmup False.
 *   PyTorch core and Keras 3 have no Prodigy.
 * As m and v hold d·g, the step is dlr·m_g/(√v_g + ε) with m_g, v_g the averages of g and g².
 * A zero first gradient makes ‖s‖₁ = 0 and d = max(d, 0/0) = NaN, as in optax.
 * Effective learning rate: the multiplier on m_g, dlr/(√v_g + ε) = d·η_t·bc/(√v/d + ε).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex } from './types';
import { unavailableIn } from './unavailable';

function prodigyTex(weightDecay: boolean, safeguard: boolean): string {
  return joinTex(TEX.narrow, [
    String.raw`\hat\eta = d\,\eta_t\tfrac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}`,
    String.raw`m \leftarrow \beta_1 m + (1-\beta_1) d g`,
    String.raw`v \leftarrow \beta_2 v + (1-\beta_2) d^2 g^2`,
    String.raw`s \leftarrow \beta_3 s + ${safeguard ? 'd' : String.raw`\hat\eta`}\,\tfrac{d}{d_0} g`,
    String.raw`r \leftarrow \beta_3 r + \tfrac{d}{d_0}\hat\eta\,\langle g, x_0 - x\rangle`,
    weightDecay
      ? String.raw`x \leftarrow x - \hat\eta\left(\frac{m}{\sqrt{v} + d\epsilon} + \lambda x\right)`
      : String.raw`x \leftarrow x - \hat\eta\,\frac{m}{\sqrt{v} + d\epsilon}`,
    String.raw`d \leftarrow \max\!\big(d, c\, r/\|s\|_1\big)`,
  ]);
}

export const prodigy: UpdateRule = {
  id: 'prodigy',
  label: 'Prodigy',
  family: 'adam',
  summary: 'Adam times d, a growing estimate of the distance to the solution: learning-rate-free (η ≈ 1).',
  params: [
    { ...P.lr, description: 'optax prodigy learning_rate: a multiplier on the estimated step (default 1).' },
    P.beta1, P.beta2,
    { ...P.beta3, description: 'optax prodigy beta3: decay of the distance sums (None = √β₂ = 0.9995).' },
    P.epsilon, P.estimLr0, P.estimLrCoef,
    { ...P.weightDecay, description: 'optax prodigy: x ← x − λ·d·η_t·bc·x with the step.' },
    P.safeguardWarmup,
  ],
  defaults: {
    optax: { lr: 1, beta1: 0.9, beta2: 0.999, beta3: Math.sqrt(0.999), epsilon: 1e-8, estimLr0: 1e-6, estimLrCoef: 1, weightDecay: 0, safeguardWarmup: false },
  },
  unavailable: unavailableIn('Prodigy', ['optax']),
  formula: {},
  source: { optax: 'optax/contrib/_prodigy.py (prodigy)' },
  notes: { optax: 'beta3 None means √β₂; here it is the number √0.999 and does not follow a changed β₂.' },
  effectiveLr: 'The multiplier on the gradient average m_g: d·η_t·√(1−β₂ᵗ)/(1−β₁ᵗ)/(√v_g + ε).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(prodigy, convention, hp);
    return prodigyTex(r.num('weightDecay') !== 0, r.bool('safeguardWarmup'));
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(prodigy, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const beta3 = r.num('beta3');
    const eps = r.num('epsilon');
    const d0 = r.num('estimLr0');
    const coef = r.num('estimLrCoef');
    const weightDecay = r.num('weightDecay');
    const safeguard = r.bool('safeguardWarmup');
    const expAvg = new Float64Array(dim);
    const expAvgSq = new Float64Array(dim);
    const gradSum = new Float64Array(dim);
    let params0: Float64Array | undefined; // init_fn: params0 = params
    let d = d0; // estim_lr
    let numeratorWeighted = 0;
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    return {
      step(x, g, t, lr, eff) {
        params0 ??= Float64Array.from(x);
        const bc = Math.sqrt(1 - beta2Powers.at(t)) / (1 - beta1Powers.at(t)); // ((1 − β₂^c')**0.5)/(1 − β₁^c')
        const dlr = d * lr * bc; // estim_lr·sched·bc
        let numeratorAcum = 0; // vdot(updates, params0 − params)
        let denominator = 0; // sum(|grad_sum|)
        for (let i = 0; i < x.length; i++) {
          const dg = d * g[i]; // estim_lr·g
          numeratorAcum += g[i] * (params0[i] - x[i]);
          expAvg[i] = beta1 * expAvg[i] + (1 - beta1) * dg;
          expAvgSq[i] = beta2 * expAvgSq[i] + (1 - beta2) * dg * dg;
          gradSum[i] = beta3 * gradSum[i] + ((safeguard ? d : dlr) * dg) / d0; // estim_lr·dgk/estim_lr0 or dlr·dgk/estim_lr0
          denominator += Math.abs(gradSum[i]);
        }
        numeratorWeighted = beta3 * numeratorWeighted + (d / d0) * dlr * numeratorAcum;
        const dNext = Math.max(d, (coef * numeratorWeighted) / denominator); // maximum(state.estim_lr, lr_estimate)
        for (let i = 0; i < x.length; i++) {
          const denom = Math.sqrt(expAvgSq[i]) + d * eps; // sqrt(eas) + estim_lr·eps, the old estimate
          const update = (-dlr * expAvg[i]) / denom - weightDecay * dlr * x[i]; // p_update, then u − wd·dlr·p
          x[i] = x[i] + update;
          eff[i] = (dlr * d) / denom;
        }
        d = dNext;
      },
    };
  },
};
