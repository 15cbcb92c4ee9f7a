/**
 * AdaMax (Kingma & Ba 2014 §7.1): Adam with the infinity norm — a decaying max of |g| replaces √v.
 *   PyTorch torch/optim/adamax.py: g ← g + λx (L2); m ← lerp(m, g, 1−β₁); u ← max(β₂u, |g| + ε);
 *     x ← x − (η/(1−β₁ᵗ))·m/u                                                   (ε inside the max)
 *   Keras keras/src/optimizers/adamax.py: x ← x − ηλx (decoupled); m ← m + (g−m)(1−β₁);
 *     u ← max(β₂u, |g|);  x ← x − η·m/((1−β₁ᵗ)(u + ε))                           (ε after the max)
 *   optax optax/_src/alias.py adamax → transform.py scale_by_adamax: m ← (1−β₁)g + β₁m;
 *     u ← max(|g| + ε, β₂u) (tree update_infinity_moment);  x ← x − η·(m/(1−β₁ᵗ))/u
 *   paper Kingma & Ba 2014 Algorithm 2 (§7.1): m ← β₁m + (1−β₁)g; u ← max(β₂u, |g|);
 *     x ← x − (α/(1−β₁ᵗ))·m/u — no ε at all (u = 0 only after zero gradients, when m = 0: no move);
 *     α = 0.002, β₁ = 0.9, β₂ = 0.999 (the algorithm's "good default settings").
 * Effective learning rate: the multiplier on m̂ = m/(1−β₁ᵗ): η_t/u (PyTorch, optax, paper), η_t/(u + ε) (Keras).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, torchLerp,
  weightDecayTex,
} from './types';

/** Each convention's update after any weight decay. */
const ADAMAX_TEX: Record<Convention, string> = {
  pytorch: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ u \leftarrow \max(\beta_2 u, |g| + \epsilon);\ x \leftarrow x - \frac{\eta_t}{1-\beta_1^t}\,\frac{m}{u}`,
  keras: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ u \leftarrow \max(\beta_2 u, |g|);\ x \leftarrow x - \frac{\eta_t\, m}{(1-\beta_1^t)(u + \epsilon)}`,
  optax: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ u \leftarrow \max(|g| + \epsilon, \beta_2 u);\ x \leftarrow x - \eta_t\,\frac{m/(1-\beta_1^t)}{u}`,
  paper: String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g;\ u \leftarrow \max(\beta_2 u, |g|);\ x \leftarrow x - \frac{\eta_t}{1-\beta_1^t}\,\frac{m}{u}`,
};

export const adamax: UpdateRule = {
  id: 'adamax',
  family: 'adam',
  label: 'AdaMax',
  summary: 'Adam with the infinity norm: divides by a decaying maximum of |g| instead of an RMS.',
  params: [P.lr, P.beta1, P.beta2, P.epsilon, P.weightDecay],
  defaults: {
    pytorch: { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
    keras: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
    optax: { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    paper: { lr: 2e-3, beta1: 0.9, beta2: 0.999 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/adamax.py',
    keras: 'keras/src/optimizers/adamax.py',
    optax: 'optax/_src/alias.py (adamax) + optax/_src/transform.py (scale_by_adamax)',
    paper: 'Kingma & Ba 2014, "Adam: A Method for Stochastic Optimization", Algorithm 2 (AdaMax)',
  },
  notes: {
    optax: 'optax.adamax has no default learning rate; 2e-3 (PyTorch\'s) is used. Weight decay is optax.adamaxw (not offered).',
    paper: 'Algorithm 2 has no ε: where u = 0 (only zero gradients so far) the coordinate does not move.',
  },
  differences: {
    pytorch: 'Adds ε = 1e-8 inside the max, u ← max(β₂u, |g| + ε); L2 weight decay.',
    keras: 'Adds ε = 1e-7 after the max, m/((1−β₁ᵗ)(u + ε)); η = 1e-3; weight decay decoupled.',
    optax: 'Adds ε = 1e-8 inside the max, u ← max(|g| + ε, β₂u).',
  },
  effectiveLr: 'The multiplier on m̂ = m/(1−β₁ᵗ): η_t/u (PyTorch, optax) or η_t/(u + ε) (Keras).',
  formulaFor(convention, hp) {
    // optax.adamax has no weight decay; PyTorch's is L2, Keras's decoupled.
    const decay = weightDecayTex(convention, new HyperparameterReader(adamax, convention, hp).numOr('weightDecay', 0));
    return joinTex(TEX.narrow, [decay, ADAMAX_TEX[convention]]);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adamax, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.numOr('epsilon', 0); // the paper has none
    const weightDecay = r.numOr('weightDecay', 0);
    const m = new Float64Array(dim);
    const u = new Float64Array(dim);
    const beta1Powers = PowerSeries.of(beta1);
    switch (convention) {
      case 'pytorch':
        return {
          step(x, g, t, lr, eff) {
            const clr = lr / (1 - beta1Powers.at(t));
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
              m[i] = torchLerp(m[i], gi, 1 - beta1);
              u[i] = Math.max(u[i] * beta2, Math.abs(gi) + eps); // amax(cat([exp_inf*beta2, |g|+eps]))
              x[i] = x[i] + (-clr * m[i]) / u[i]; // param.addcdiv_(exp_avg, exp_inf, value=-clr)
              eff[i] = lr / u[i];
            }
          },
        };
      case 'keras':
        return {
          step(x, g, t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            const bc1 = 1 - beta1Powers.at(t);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = m[i] + (gi - m[i]) * (1 - beta1);
              u[i] = Math.max(beta2 * u[i], Math.abs(gi));
              x[i] = x[i] - (lr * m[i]) / (bc1 * (u[i] + eps));
              eff[i] = lr / (u[i] + eps);
            }
          },
        };
      case 'paper':
        return {
          step(x, g, t, lr, eff) {
            const stepSize = lr / (1 - beta1Powers.at(t)); // α/(1 − β₁ᵗ)
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = beta1 * m[i] + (1 - beta1) * gi;
              u[i] = Math.max(beta2 * u[i], Math.abs(gi)); // u_t = max(β₂·u_{t−1}, |g_t|)
              const scale = u[i] > 0 ? 1 / u[i] : 0; // u = 0 ⇒ m = 0: no move instead of 0/0
              x[i] = x[i] - stepSize * m[i] * scale;
              eff[i] = lr * scale;
            }
          },
        };
      case 'optax':
        return {
          step(x, g, t, lr, eff) {
            const bc1 = 1 - beta1Powers.at(t);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = (1 - beta1) * gi + beta1 * m[i];
              u[i] = Math.max(Math.abs(gi) + eps, beta2 * u[i]);
              x[i] = x[i] + (m[i] / bc1 / u[i]) * -lr;
              eff[i] = lr / u[i];
            }
          },
        };
    }
  },
};
