/**
 * ASGD (Polyak & Juditsky 1992, "Acceleration of stochastic approximation by averaging"): SGD with a
 * slowly decaying step size and a decay of x, plus a running average `ax` of the iterates that
 * starts averaging after t₀ steps. The parameter PyTorch updates is x; `ax` is what the averaging
 * theory is about, so the stepper exposes it as its extra point.
 *   PyTorch torch/optim/asgd.py (_single_tensor_asgd, what a CPU user gets; 1.13 and 2.x compute the same):
 *     state init: step = 0, eta = lr, mu = 1, ax = 0
 *     step_t += 1
 *     if weight_decay != 0: grad = grad.add(param, alpha=weight_decay)          (L2)
 *     param.mul_(1 − lambd·eta)                                                 (decay term)
 *     param.add_(grad, alpha=−eta)                                              (update parameter)
 *     if mu != 1: ax.add_(param.sub(ax).mul(mu))  else: ax.copy_(param)        (averaging)
 *     eta = lr / (1 + lambd·lr·step)^alpha;  mu = 1 / max(1, step − t0)        (for the next step)
 *     — the foreach path (`_multi_tensor_asgd`, GPU by default) folds the decay into the gradient,
 *       x ← x − eta·(g + lambd·x): the same map, rounded differently.
 *   Keras 3 and optax have no ASGD.
 * Effective learning rate: eta of this update (lr for the first, lr/(1 + λ·lr·(t−1))^α after).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex } from './types';

function asgdTex(weightDecay: boolean): string {
  return joinTex(TEX.narrow, [
    weightDecay && TEX.l2,
    String.raw`x \leftarrow x\,(1 - \kappa\eta_t) - \eta_t\, g`,
    String.raw`\bar x \leftarrow \bar x + \mu_t (x - \bar x)`,
    String.raw`\eta_{t+1} = \frac{\eta}{(1 + \kappa\eta t)^{\alpha}},\ \mu_{t+1} = \frac{1}{\max(1, t - t_0)}`,
  ]);
}

export const asgd: UpdateRule = {
  id: 'asgd',
  label: 'ASGD',
  family: 'gradient-descent',
  summary: 'SGD with a slowly decaying step and a running average of the iterates (from step t₀ on), shown as a second marker.',
  params: [P.lr, P.lambd, P.alpha, P.t0, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0 },
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no ASGD optimizer; choose the pytorch convention.',
    optax: 'optax has no ASGD optimizer; choose the pytorch convention.',
    paper: 'ASGD is not offered in the paper convention; PyTorch\'s ASGD follows Polyak & Juditsky\'s averaging with its own step-size decay (choose the pytorch convention).',
  },
  formula: {},
  source: { pytorch: 'torch/optim/asgd.py' },
  notes: {
    pytorch: 'With the default t₀ = 1e6 the average x̄ equals x for the first million steps; lower t₀ to see averaging. κ (lambd) decays x by (1 − κη_t) each step.',
  },
  extraPoint: {
    label: 'average x̄ (ax)',
    description: 'ASGD\'s running average of the iterates (PyTorch state["ax"]): equal to x until step t₀, then the mean of the iterates since t₀.',
  },
  effectiveLr: 'η_t, the step size of this update: η for the first, η/(1 + κη(t−1))^α after (κ = lambd).',
  formulaFor(convention, hp) {
    return asgdTex(new HyperparameterReader(asgd, convention, hp).numOr('weightDecay', 0) !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(asgd, convention, hp);
    const lambd = r.num('lambd');
    const alpha = r.num('alpha');
    const t0 = r.num('t0');
    const weightDecay = r.numOr('weightDecay', 0);
    const ax = new Float64Array(dim);
    let eta = NaN; // state['eta'] = lr at the first step
    let mu = 1;
    return {
      extraPoint: ax,
      step(x, g, t, lr, eff) {
        if (eta !== eta) eta = lr;
        for (let i = 0; i < x.length; i++) {
          const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
          x[i] = x[i] * (1 - lambd * eta); // param.mul_(1 - lambd * eta.item())
          x[i] = x[i] + gi * -eta; // param.add_(grad, alpha=-eta.item())
          ax[i] = mu !== 1 ? ax[i] + (x[i] - ax[i]) * mu : x[i];
          eff[i] = eta;
        }
        eta = lr / Math.pow(1 + lambd * lr * t, alpha);
        mu = 1 / Math.max(1, t - t0);
      },
    };
  },
};
