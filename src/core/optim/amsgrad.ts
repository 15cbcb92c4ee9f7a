/**
 * AMSGrad (Reddi et al. 2018): Adam whose denominator never shrinks — a running max of the second
 * moment. The frameworks disagree on WHICH second moment is maxed (update code in adam.ts):
 *   PyTorch torch/optim/adam.py (amsgrad=True): v_max ← max(v_max, v) over the raw v, then ÷√(1−β₂ᵗ)
 *     (the docs' pseudo-code showed a max over v̂ until pytorch#142351; the code maxes raw v).
 *   Keras keras/src/optimizers/adam.py (amsgrad=True): v̂ ← max(v̂, v) over the raw v, ε̂ form.
 *   optax optax/_src/transform.py scale_by_amsgrad: v̂_max ← max(v̂_max, v/(1−β₂ᵗ)) — bias-corrected.
 *   paper Reddi, Kale & Kumar 2018, "On the Convergence of Adam and Beyond", Algorithm 2 (update in
 *     adam.ts): m ← β₁,t·m + (1−β₁,t)g; v ← β₂v + (1−β₂)g²; v̂ ← max(v̂, v) (raw v); x ← x − α_t·m/√v̂,
 *     with NO bias correction of m or v. β₁,t = β₁ᵗ (beta1Decay power) and α_t = α/√t (the
 *     inverse-sqrt schedule) are the forms of Theorem 4/Corollary 1. The paper has no ε; 1e-8 is added
 *     outside the root, as the from-scratch tutorial does. β₂ = 0.99 (the paper's experiments pick
 *     β₂ from {0.99, 0.999}).
 * Effective learning rate: as Adam, with the maxed second moment (paper: the multiplier on the raw m).
 */
import { ADAM_DEFAULTS, ADAM_PARAMS, adamTex, createAdamStepper } from './adam';
import { Convention, HyperparameterReader, Hyperparameters, Stepper, UpdateRule } from './types';

export const amsgrad: UpdateRule = {
  id: 'amsgrad',
  family: 'adam',
  label: 'AMSGrad',
  summary: 'Adam with a running maximum of the second moment, so the step size can only shrink.',
  params: ADAM_PARAMS,
  defaults: { ...ADAM_DEFAULTS, paper: { lr: 1e-3, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, beta1Decay: 'none' } },
  formula: {},
  source: {
    pytorch: 'torch/optim/adam.py (amsgrad=True)',
    keras: 'keras/src/optimizers/adam.py (amsgrad=True)',
    optax: 'optax/_src/alias.py (amsgrad) + optax/_src/transform.py (scale_by_amsgrad)',
    paper: 'Reddi, Kale & Kumar 2018, "On the Convergence of Adam and Beyond", Algorithm 2',
  },
  notes: {
    optax: 'optax.amsgrad has no default learning rate; 1e-3 is used. Its max is over the bias-corrected v̂ (bias_correction_nu=True).',
    paper: 'No bias correction; ε (absent from Algorithm 2) is added outside √v̂. β₁,t: beta1Decay; α_t = α/√t: the inverse-sqrt schedule.',
  },
  differences: {
    pytorch: 'Bias-corrects both moments (η/(1−β₁ᵗ) and √v_max/√(1−β₂ᵗ)); the max is over the raw v as in the paper; β₂ = 0.999; L2 weight decay.',
    keras: 'Bias-corrects both moments (α_t = η√(1−β₂ᵗ)/(1−β₁ᵗ)); the max is over the raw v; ε̂ = 1e-7.',
    optax: 'Bias-corrects both moments and takes the max over the bias-corrected v̂ = v/(1−β₂ᵗ), not the raw v.',
  },
  effectiveLr: 'As Adam, with the running-max second moment: η_t/(√v_max/√(1−β₂ᵗ) + ε) (PyTorch), η_t√(1−β₂ᵗ)/(√v̂ + ε̂) (Keras), η_t/(√(v̂_max+ε_root) + ε) (optax).',
  formulaFor(convention, hp) {
    return adamTex(convention, new HyperparameterReader(amsgrad, convention, hp), 'amsgrad');
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createAdamStepper(dim, new HyperparameterReader(amsgrad, convention, hp), convention, 'amsgrad');
  },
};
