/**
 * Nesterov momentum SGD, each framework's form (the update code is shared with momentum.ts):
 *   PyTorch torch/optim/sgd.py (nesterov=True):   b ← μb + g (b₁ = g);  x ← x − η(g + μb)
 *   Keras keras/src/optimizers/sgd.py (nesterov=True): v ← μv − ηg;  x ← x + (μv − ηg)
 *   optax optax/_src/alias.py sgd(nesterov=True) → transform.py trace: m ← g + μm;  x ← x − η(g + μm)
 *   paper Sutskever et al. 2013 eqs. (3)–(4): v ← μv − ε∇f(θ + μv); θ ← θ + v, shown on the look-ahead
 *     point x = θ + μv where the gradient is taken: v ← μv − εg; x ← x + μv − εg (Keras's form).
 * PyTorch rejects Nesterov without momentum or with dampening, so neither is offered here.
 * Effective learning rate: η_t.
 */
import { createMomentumStepper, momentumTex } from './momentum';
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, UpdateRule } from './types';

export const nesterov: UpdateRule = {
  id: 'nesterov',
  family: 'momentum',
  label: 'Nesterov',
  summary: 'Momentum with a look-ahead: the step uses the gradient plus the velocity it is about to add.',
  params: [P.lr, { ...P.momentum, min: 0, minExclusive: true }, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-3, momentum: 0.9, weightDecay: 0 },
    keras: { lr: 0.01, momentum: 0.9, weightDecay: 0 },
    optax: { lr: 1e-3, momentum: 0.9 },
    paper: { lr: 1e-2, momentum: 0.9 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/sgd.py',
    keras: 'keras/src/optimizers/sgd.py',
    optax: 'optax/_src/alias.py (sgd) + optax/_src/transform.py (trace)',
    paper: 'Sutskever et al. 2013, "On the importance of initialization and momentum in deep learning", eqs. (3)–(4)',
  },
  notes: {
    pytorch: 'torch.optim.SGD(nesterov=True) needs momentum > 0; 0.9 is used. lr default 1e-3 as in PyTorch ≥ 2.2.',
    keras: 'keras.optimizers.SGD defaults to momentum=0.0 (which ignores nesterov); 0.9 is used.',
    optax: 'optax.sgd has no default learning rate (1e-3, PyTorch\'s, is used); momentum 0.9.',
    paper: 'The paper takes ∇f at θ + μv; the path shows that point (θ itself is x − μv). μ and ε are tuned in the paper; 0.9 and 0.01 are used.',
  },
  differences: {
    pytorch: 'b ← μb + g (b₁ = g₁), x ← x − η_t(g + μb): the same path for a constant η (b = −v/η); weight_decay is L2.',
    keras: 'The same update (x ← x + μv − η_t g); weight_decay is decoupled.',
    optax: 'm ← g + μm, x ← x − η_t(g + μm): the same path for a constant η.',
  },
  effectiveLr: 'η_t: the multiplier applied to the look-ahead direction.',
  formulaFor(convention, hp) {
    return momentumTex(convention, new HyperparameterReader(nesterov, convention, hp), true);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    return createMomentumStepper(dim, new HyperparameterReader(nesterov, convention, hp), convention, true);
  },
};
