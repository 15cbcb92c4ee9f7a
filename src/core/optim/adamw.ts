/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient (update code
 * in adam.ts). The decay is mathematically the same in all three; its default λ and ε are not:
 *   PyTorch torch/optim/adamw.py: x ← x·(1 − ηλ), then Adam (ε = 1e-8); λ = 1e-2.
 *   Keras keras/src/optimizers/adamw.py: x ← x − x·λ·η (base_optimizer.py), then Keras Adam (ε̂ = 1e-7); λ = 0.004.
 *   optax optax/_src/alias.py adamw: u = adam_update + λx; x ← x − η·u; λ = 1e-4.
 *   paper Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2 (AdamW lines,
 *     update in adam.ts): x ← x − η_t(α·m̂/(√v̂ + ε) + λx), η_t the schedule multiplier — the decay is
 *     η_tλ per step, independent of α. The paper gives no default λ (it tunes a normalized λ); 1e-5 is
 *     used, the per-step shrink of PyTorch's defaults (αλ = 1e-3·1e-2).
 * Effective learning rate: as Adam (the decay term is not included).
 */
import { adamTex, createAdamStepper } from './adam';
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, UpdateRule } from './types';

export const adamw: UpdateRule = {
  id: 'adamw',
  family: 'adam',
  label: 'AdamW',
  summary: 'Adam plus a weight decay that shrinks x directly instead of entering the gradient statistics.',
  params: [P.lr, P.beta1, P.beta2, P.epsilon, P.epsRoot, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2 },
    keras: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.004 },
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, epsRoot: 0, weightDecay: 1e-4 },
    paper: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-5 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/adamw.py',
    keras: 'keras/src/optimizers/adamw.py',
    optax: 'optax/_src/alias.py (adamw) + optax/_src/transform.py (scale_by_adam, add_decayed_weights)',
    paper: 'Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2 (AdamW)',
  },
  notes: {
    optax: 'optax.adamw has no default learning rate; 1e-3 is used.',
    paper: 'The decay is scaled by the schedule multiplier η_t/η only (Algorithm 2 line 12). The paper gives no default λ; 1e-5 equals PyTorch\'s default per-step shrink ηλ = 1e-3·1e-2.',
  },
  differences: {
    pytorch: 'x ← x(1 − η_tλ): the decay is multiplied by the learning rate itself (ηλ), so λ = 1e-2 shrinks by 1e-5 per step and changing η changes the decay; then Adam.',
    keras: 'x ← x − η_tλx (the learning rate times λ, as PyTorch) before a Keras Adam step with ε̂ = 1e-7; λ = 0.004.',
    optax: 'x ← x − η_t(adam + λx): the decay is multiplied by the learning rate; λ = 1e-4.',
  },
  effectiveLr: 'As Adam: the multiplier on m̂ (the decoupled decay is not included).',
  formulaFor(convention, hp) {
    return adamTex(convention, new HyperparameterReader(adamw, convention, hp), 'adamw');
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createAdamStepper(dim, new HyperparameterReader(adamw, convention, hp), convention, 'adamw');
  },
};
