/**
 * FTRL-Proximal (McMahan et al. 2013, "Ad Click Prediction: a View from the Trenches"): instead of
 * stepping from x, each update solves for x in closed form from a running linear term z, with an
 * AdaGrad-like per-coordinate rate and L1/L2 regularization; |z| ≤ λ₁ makes x exactly 0.
 *   Keras keras/src/optimizers/ftrl.py `Ftrl.update_step` (p = learning_rate_power ≤ 0):
 *     x ← x − ηλx first (base_optimizer.py `_apply_weight_decay`, decoupled; default none)
 *     λ₂' = λ₂ + β/(2η)                                             (l2_reg + beta / (2.0 * lr))
 *     g̃ = g + 2λ_s x                                     (grad_to_use: l2_shrinkage on the linear term)
 *     n' = n + g²                                          (new_accum, from the RAW gradient g)
 *     z ← z + g̃ − ((n'^{−p} − n^{−p})/η)·x                                       (assign_add linear)
 *     q = n'^{−p}/η + 2λ₂'                                                            (quadratic)
 *     x ← (clip(z, −λ₁, λ₁) − z)/q;  n ← n'
 *   Defaults: lr 1e-3, p = −0.5, n₀ = initial_accumulator_value = 0.1, λ₁ = λ₂ = λ_s = β = 0; z₀ = 0.
 *   Keras's checks: n₀ ≥ 0, p ≤ 0, λ₁, λ₂, λ_s ≥ 0 (β is not checked).
 *   PyTorch core and optax have no FTRL.
 * z starts at 0, so x₀ enters only through the σ-term (n₁^{−p} − n₀^{−p})/η: the first update
 * pulls x most of the way to 0 (Keras's golden values start with x = 0).
 * Effective learning rate: 1/q = η_t/(n'^{−p} + 2η_t λ₂'), the multiplier on z − clip(z, ±λ₁).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay } from './types';
import { unavailableIn } from './unavailable';

function ftrlTex(hp: { weightDecay: boolean; l1: boolean; l2: boolean; shrinkage: boolean; beta: boolean }): string {
  const l2 = hp.l2 || hp.beta;
  const l2Term = hp.l2 && hp.beta ? String.raw`2\lambda_2 + \beta/\eta_t` : hp.l2 ? String.raw`2\lambda_2` : String.raw`\beta/\eta_t`;
  return joinTex(TEX.narrow, [
    hp.weightDecay && TEX.kerasDecay,
    String.raw`n' = n + g^2`,
    String.raw`z \leftarrow z + g${hp.shrinkage ? String.raw` + 2\lambda_s x` : ''} - \frac{n'^{-p} - n^{-p}}{\eta_t}\,x`,
    hp.l1
      ? String.raw`x \leftarrow \frac{\operatorname{clip}(z, -\lambda_1, \lambda_1) - z}{n'^{-p}/\eta_t${l2 ? ` + ${l2Term}` : ''}}`
      : String.raw`x \leftarrow \frac{-z}{n'^{-p}/\eta_t${l2 ? ` + ${l2Term}` : ''}}`,
    String.raw`n \leftarrow n'`,
  ]);
}

export const ftrl: UpdateRule = {
  id: 'ftrl',
  label: 'FTRL',
  family: 'adaptive',
  summary: 'Follow-the-regularized-leader: x solved in closed form from a running linear term, AdaGrad-like rates, L1 that zeroes coordinates.',
  params: [
    P.lr,
    P.lrPower,
    { ...P.initialAccumulator, description: 'Keras Ftrl initial_accumulator_value: n₀ (≥ 0).' },
    P.l1, P.l2, P.l2Shrinkage,
    { ...P.beta, min: undefined, description: 'Keras Ftrl beta: adds β/(2η) to the L2 strength (Keras does not check its sign).' },
    P.weightDecay,
  ],
  defaults: {
    keras: { lr: 1e-3, lrPower: -0.5, initialAccumulator: 0.1, l1: 0, l2: 0, l2Shrinkage: 0, beta: 0, weightDecay: 0 },
  },
  unavailable: unavailableIn('FTRL', ['keras']),
  formula: {},
  source: { keras: 'keras/src/optimizers/ftrl.py' },
  notes: { keras: 'x is solved from z each step (z starts at 0), so the first update pulls x toward 0.' },
  effectiveLr: '1/q = η_t/(n^{−p} + 2η_t λ₂′): the multiplier on z − clip(z, ±λ₁) that gives −x.',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(ftrl, convention, hp);
    return ftrlTex({
      weightDecay: r.num('weightDecay') !== 0,
      l1: r.num('l1') !== 0,
      l2: r.num('l2') !== 0,
      shrinkage: r.num('l2Shrinkage') !== 0,
      beta: r.num('beta') !== 0,
    });
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(ftrl, convention, hp);
    const lrPower = r.num('lrPower');
    const l1 = r.num('l1');
    const l2 = r.num('l2');
    const l2Shrinkage = r.num('l2Shrinkage');
    const beta = r.num('beta');
    const weightDecay = r.num('weightDecay');
    const accum = new Float64Array(dim).fill(r.num('initialAccumulator')); // initializers.Constant(initial_accumulator_value)
    const linear = new Float64Array(dim); // "zeros"
    return {
      step(x, g, _t, lr, eff) {
        kerasDecoupledDecay(x, weightDecay, lr);
        const l2Reg = l2 + beta / (2.0 * lr); // l2_reg + beta / (2.0 * lr)
        for (let i = 0; i < x.length; i++) {
          const gi = g[i];
          const gradToUse = gi + 2 * l2Shrinkage * x[i]; // gradient + 2·l2_shrinkage·variable
          const newAccum = accum[i] + gi * gi; // accum + square(gradient)
          const sigma = (Math.pow(newAccum, -lrPower) - Math.pow(accum[i], -lrPower)) / lr;
          linear[i] = linear[i] + (gradToUse - sigma * x[i]); // assign_add(linear, grad_to_use − σ·variable)
          const quadratic = Math.pow(newAccum, -lrPower) / lr + 2 * l2Reg;
          const clipped = Math.min(Math.max(linear[i], -l1), l1); // ops.clip(linear, −l1, l1)
          x[i] = (clipped - linear[i]) / quadratic;
          accum[i] = newAccum;
          eff[i] = 1 / quadratic;
        }
      },
    };
  },
};
