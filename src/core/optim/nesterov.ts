/**
 * Nesterov momentum SGD, each framework's form (the update code is shared with momentum.ts):
 *   PyTorch torch/optim/sgd.py (nesterov=True):   b ← μb + g (b₁ = g);  x ← x − η(g + μb)
 *   Keras keras/src/optimizers/sgd.py (nesterov=True): v ← μv − ηg;  x ← x + (μv − ηg)
 *   optax optax/_src/alias.py sgd(nesterov=True) → transform.py trace: m ← g + μm;  x ← x − η(g + μm)
 * PyTorch rejects Nesterov without momentum or with dampening, so neither is offered here.
 * Effective learning rate: η_t.
 */
import { createMomentumStepper, momentumTex } from './momentum';
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, UpdateRule } from './types';

export const nesterov: UpdateRule = {
  id: 'nesterov',
  label: 'Nesterov',
  summary: 'Momentum with a look-ahead: the step uses the gradient plus the velocity it is about to add.',
  params: [P.lr, { ...P.momentum, min: 0, minExclusive: true }, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-3, momentum: 0.9, weightDecay: 0 },
    keras: { lr: 0.01, momentum: 0.9, weightDecay: 0 },
    optax: { lr: 1e-3, momentum: 0.9 },
  },
  formula: {
    pytorch: String.raw`g \leftarrow g + \lambda x;\quad b \leftarrow \mu b + g \ (b_1 = g_1);\quad x \leftarrow x - \eta_t\,(g + \mu b)`,
    keras: String.raw`x \leftarrow x - \eta_t\lambda x;\quad v \leftarrow \mu v - \eta_t g;\quad x \leftarrow x + \mu v - \eta_t g`,
    optax: String.raw`m \leftarrow g + \mu m;\quad x \leftarrow x - \eta_t\,(g + \mu m)`,
  },
  source: {
    pytorch: 'torch/optim/sgd.py',
    keras: 'keras/src/optimizers/sgd.py',
    optax: 'optax/_src/alias.py (sgd) + optax/_src/transform.py (trace)',
  },
  notes: {
    pytorch: 'torch.optim.SGD(nesterov=True) needs momentum > 0; 0.9 is used. lr default 1e-3 as in PyTorch ≥ 2.2.',
    keras: 'keras.optimizers.SGD defaults to momentum=0.0 (which ignores nesterov); 0.9 is used.',
    optax: 'optax.sgd has no default learning rate (1e-3, PyTorch\'s, is used); momentum 0.9.',
  },
  effectiveLr: 'η_t: the multiplier applied to the look-ahead direction.',
  formulaFor(convention, hp) {
    return momentumTex(convention, new HyperparameterReader(nesterov, convention, hp), true);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createMomentumStepper(dim, new HyperparameterReader(nesterov, convention, hp), convention, true);
  },
};
