/**
 * Plain gradient descent: x ← x − η·g. With a full gradient this is batch gradient descent; with
 * a minibatch GradientSource it is SGD. All three frameworks compute the same number; they differ in
 * defaults and in how `weightDecay` enters.
 *   PyTorch torch/optim/sgd.py (momentum = 0):  g ← g + λx (L2); x ← x − η·g
 *   Keras   keras/src/optimizers/sgd.py (momentum = 0): x ← x − ηλx (decoupled, base_optimizer.py); x ← x − g·η
 *   optax   optax/_src/alias.py sgd(momentum=None) = scale_by_learning_rate: x ← x + (−η)·g
 *   paper   Robbins & Monro 1951, "A Stochastic Approximation Method", the recursion
 *           x_{n+1} = x_n + a_n(α − y_n) for a root of M(x) = α; with M = ∇f and α = 0:
 *           x ← x − a_t·g. No weight decay; the paper has no default step (a_n with Σa_n = ∞,
 *           Σa_n² < ∞, e.g. a/n: choose the inverse-time schedule); 0.01 is used.
 * Effective learning rate: η_t, the scheduled learning rate.
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, weightDecayTex,
} from './types';

export const sgd: UpdateRule = {
  id: 'sgd',
  family: 'gradient-descent',
  label: 'SGD',
  summary: 'Plain (stochastic) gradient descent: a step of η against the gradient.',
  params: [P.lr, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-3, weightDecay: 0 },
    keras: { lr: 0.01, weightDecay: 0 },
    optax: { lr: 1e-3 },
    paper: { lr: 1e-2 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/sgd.py',
    keras: 'keras/src/optimizers/sgd.py',
    optax: 'optax/_src/alias.py (sgd)',
    paper: 'Robbins & Monro 1951, "A Stochastic Approximation Method": x_{n+1} = x_n + a_n(α − y_n) with M = ∇f, α = 0',
  },
  notes: {
    pytorch: 'lr defaults to 1e-3 since PyTorch 2.2 (pytorch/pytorch#114467; earlier versions required it).',
    optax: 'optax.sgd has no default learning rate; 1e-3 (PyTorch\'s) is used. optax.sgd has no weight decay.',
    paper: 'Robbins & Monro give no step size, only Σa_t = ∞ and Σa_t² < ∞ (e.g. the inverse-time schedule); 0.01 is used.',
  },
  differences: {
    pytorch: 'The same step; weight_decay adds λx to the gradient (L2), and lr defaults to 1e-3.',
    keras: 'The same step; weight_decay shrinks x by ηλx before it (decoupled), and learning_rate defaults to 0.01.',
    optax: 'The same rule.',
  },
  effectiveLr: 'η_t: the scheduled learning rate.',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(sgd, convention, hp);
    return joinTex(TEX.wide, [weightDecayTex(convention, r.numOr('weightDecay', 0)), String.raw`x \leftarrow x - \eta_t\, g`]);
  },
  create(_dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    // Stateless: nothing to allocate.
    const r = new HyperparameterReader(sgd, convention, hp);
    const weightDecay = r.numOr('weightDecay', 0);
    switch (convention) {
      case 'pytorch':
        return {
          step(x, g, _t, lr, eff) {
            // grad = grad.add(param, alpha=weight_decay); param.add_(grad, alpha=-lr)
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
              x[i] = x[i] + -lr * gi;
              eff[i] = lr;
            }
          },
        };
      case 'keras':
        return {
          step(x, g, _t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            for (let i = 0; i < x.length; i++) {
              x[i] = x[i] - g[i] * lr; // assign_sub(variable, gradient * learning_rate)
              eff[i] = lr;
            }
          },
        };
      case 'optax':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              x[i] = x[i] + g[i] * -lr; // scale(-lr), apply_updates
              eff[i] = lr;
            }
          },
        };
      case 'paper':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              x[i] = x[i] - lr * g[i]; // x_{n+1} = x_n − a_n·y_n
              eff[i] = lr;
            }
          },
        };
    }
  },
};
