/**
 * AMSGrad (Reddi et al. 2018): Adam whose denominator never shrinks — a running max of the second
 * moment. The frameworks disagree on WHICH second moment is maxed (update code in adam.ts):
 *   PyTorch torch/optim/adam.py (amsgrad=True): v_max ← max(v_max, v) over the raw v, then ÷√(1−β₂ᵗ)
 *     (the docs' pseudo-code showed a max over v̂ until pytorch#142351; the code maxes raw v).
 *   Keras keras/src/optimizers/adam.py (amsgrad=True): v̂ ← max(v̂, v) over the raw v, ε̂ form.
 *   optax optax/_src/transform.py scale_by_amsgrad: v̂_max ← max(v̂_max, v/(1−β₂ᵗ)) — bias-corrected.
 * Effective learning rate: as Adam, with the maxed second moment.
 */
import { ADAM_DEFAULTS, ADAM_PARAMS, adamTex, createAdamStepper } from './adam';
import { Convention, HyperparameterReader, Hyperparameters, Stepper, UpdateRule } from './types';

export const amsgrad: UpdateRule = {
  id: 'amsgrad',
  label: 'AMSGrad',
  summary: 'Adam with a running maximum of the second moment, so the step size can only shrink.',
  params: ADAM_PARAMS,
  defaults: ADAM_DEFAULTS,
  formula: {
    pytorch: String.raw`g \leftarrow g + \lambda x;\ m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ v_{max} \leftarrow \max(v_{max}, v);\ x \leftarrow x - \frac{\eta_t}{1-\beta_1^t}\,\frac{m}{\sqrt{v_{max}}/\sqrt{1-\beta_2^t} + \epsilon}`,
    keras: String.raw`x \leftarrow x - \eta_t\lambda x;\ m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ \hat v \leftarrow \max(\hat v, v);\ x \leftarrow x - \eta_t\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,\frac{m}{\sqrt{\hat v} + \hat\epsilon}`,
    optax: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ \hat v_{max} \leftarrow \max\big(\hat v_{max}, \tfrac{v}{1-\beta_2^t}\big);\ x \leftarrow x - \eta_t\,\frac{m/(1-\beta_1^t)}{\sqrt{\hat v_{max} + \epsilon_{root}} + \epsilon}`,
  },
  source: {
    pytorch: 'torch/optim/adam.py (amsgrad=True)',
    keras: 'keras/src/optimizers/adam.py (amsgrad=True)',
    optax: 'optax/_src/alias.py (amsgrad) + optax/_src/transform.py (scale_by_amsgrad)',
  },
  notes: {
    optax: 'optax.amsgrad has no default learning rate; 1e-3 is used. Its max is over the bias-corrected v̂ (bias_correction_nu=True).',
  },
  effectiveLr: 'As Adam, with the running-max second moment: η_t/(√v_max/√(1−β₂ᵗ) + ε) (PyTorch), η_t√(1−β₂ᵗ)/(√v̂ + ε̂) (Keras), η_t/(√(v̂_max+ε_root) + ε) (optax).',
  formulaFor(convention, hp) {
    return adamTex(convention, new HyperparameterReader(amsgrad, convention, hp), 'amsgrad');
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createAdamStepper(dim, new HyperparameterReader(amsgrad, convention, hp), convention, 'amsgrad');
  },
};
