/**
 * AdaGrad (Duchi et al. 2011): divide by the root of the running sum of squared gradients.
 *   PyTorch torch/optim/adagrad.py: g ← g + λx (L2); s₀ = initial_accumulator_value (0); s ← s + g²;
 *     η_t' = η_t / (1 + (t−1)·lr_decay);  x ← x − η_t'·g / (√s + ε)          (ε = 1e-10, outside √)
 *   Keras keras/src/optimizers/adagrad.py: x ← x − ηλx (decoupled); a₀ = 0.1; a ← a + g²;
 *     x ← x − η·g / √(a + ε)                                                   (ε = 1e-7, inside √)
 *   optax optax/_src/alias.py adagrad → transform.py scale_by_rss: s₀ = 0.1; s ← g² + s;
 *     x ← x − η·g·rsqrt(s + ε), and 0 where s = 0                              (ε = 1e-7, inside √)
 *   paper Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods…", Figure 1 (diagonal AdaGrad,
 *     unconstrained): s ← s + g²; H = δI + diag(√s); x ← x − η·H⁻¹g = x − η·g/(δ + √s)     (δ outside √)
 *     s₀ = 0; no weight decay, no lr decay; the paper leaves δ ≥ 0 and η open (δ = 1e-8, η = 0.01 here).
 * Effective learning rate: the per-parameter multiplier on g, η_t'/(√s+ε) or η_t/√(s+ε).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, weightDecayTex,
} from './types';

export const adagrad: UpdateRule = {
  id: 'adagrad',
  family: 'adaptive',
  label: 'AdaGrad',
  summary: 'Per-parameter steps shrink with the accumulated squared gradients: big early, ever smaller later.',
  params: [P.lr, P.epsilon, P.initialAccumulator, P.lrDecay, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-2, epsilon: 1e-10, initialAccumulator: 0, lrDecay: 0, weightDecay: 0 },
    keras: { lr: 1e-3, epsilon: 1e-7, initialAccumulator: 0.1, weightDecay: 0 },
    optax: { lr: 1e-2, epsilon: 1e-7, initialAccumulator: 0.1 },
    paper: { lr: 1e-2, epsilon: 1e-8 },
  },
  formula: {
    optax: String.raw`s \leftarrow s + g^2;\quad x \leftarrow x - \eta_t\, \frac{g}{\sqrt{s+\epsilon}}\ \ (0 \text{ where } s = 0)`,
    paper: String.raw`s \leftarrow s + g^2;\quad x \leftarrow x - \eta_t\,\frac{g}{\delta + \sqrt{s}}`,
  },
  source: {
    pytorch: 'torch/optim/adagrad.py',
    keras: 'keras/src/optimizers/adagrad.py',
    optax: 'optax/_src/alias.py (adagrad) + optax/_src/transform.py (scale_by_rss)',
    paper: 'Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization", Figure 1 (diagonal, H_t = δI + diag(s_t))',
  },
  notes: {
    optax: 'optax.adagrad has no default learning rate; 1e-2 (PyTorch\'s) is used. It has no weight decay.',
    paper: 'The paper leaves η and δ ≥ 0 open; η = 0.01 and δ = 1e-8 are used (ε in the controls is δ).',
  },
  differences: {
    pytorch: 'The same form (ε outside the root, s₀ = 0) with ε = 1e-10, plus lr_decay (η/(1 + (t−1)δ)) and L2 weight decay.',
    keras: 'ε inside the root, √(a + ε), and the accumulator starts at 0.1; weight decay is decoupled; η = 1e-3.',
    optax: 'ε inside the root, √(s + ε), the accumulator starts at 0.1, and a coordinate with s = 0 does not move.',
  },
  effectiveLr: 'η_t/(√s + ε) (PyTorch, with lr_decay applied to η_t) or η_t/√(s + ε) (Keras, optax): the multiplier on g.',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(adagrad, convention, hp);
    const decay = weightDecayTex(convention, r.numOr('weightDecay', 0));
    switch (convention) {
      case 'pytorch': {
        // lr_decay δ = 0 leaves η_t as scheduled.
        const rate = r.numOr('lrDecay', 0) === 0 ? String.raw`\eta_t` : String.raw`\frac{\eta_t}{1+(t-1)\,\delta}`;
        return joinTex(TEX.wide, [decay, String.raw`s \leftarrow s + g^2`, String.raw`x \leftarrow x - ${rate}\,\frac{g}{\sqrt{s}+\epsilon}`]);
      }
      case 'keras':
        return joinTex(TEX.wide, [decay, String.raw`a \leftarrow a + g^2`, String.raw`x \leftarrow x - \frac{\eta_t\, g}{\sqrt{a+\epsilon}}`]);
      case 'optax':
        return adagrad.formula.optax ?? '';
      case 'paper':
        return adagrad.formula.paper ?? '';
    }
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adagrad, convention, hp);
    const eps = r.num('epsilon');
    const weightDecay = r.numOr('weightDecay', 0);
    const s = new Float64Array(dim).fill(r.numOr('initialAccumulator', 0)); // the paper starts from 0
    switch (convention) {
      case 'pytorch': {
        const lrDecay = r.numOr('lrDecay', 0);
        return {
          step(x, g, t, lr, eff) {
            const clr = lr / (1 + (t - 1) * lrDecay);
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
              s[i] = s[i] + gi * gi; // state_sum.addcmul_(grad, grad, value=1)
              const std = Math.sqrt(s[i]) + eps;
              x[i] = x[i] + (-clr * gi) / std; // param.addcdiv_(grad, std, value=-clr)
              eff[i] = clr / std;
            }
          },
        };
      }
      case 'keras':
        return {
          step(x, g, _t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            for (let i = 0; i < x.length; i++) {
              s[i] = s[i] + g[i] * g[i];
              const root = Math.sqrt(s[i] + eps);
              x[i] = x[i] - (lr * g[i]) / root;
              eff[i] = lr / root;
            }
          },
        };
      case 'optax':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              s[i] = g[i] * g[i] + s[i];
              const inv = s[i] > 0 ? 1 / Math.sqrt(s[i] + eps) : 0; // jnp.where(t > 0, rsqrt(t + eps), 0)
              x[i] = x[i] + inv * g[i] * -lr;
              eff[i] = lr * inv;
            }
          },
        };
      case 'paper':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              s[i] = s[i] + g[i] * g[i];
              const h = eps + Math.sqrt(s[i]); // H_t = δI + diag(s_t)^{1/2}
              // δ = 0 and s = 0 (every gradient so far 0): H is singular and g is 0; no move.
              const scale = h > 0 ? 1 / h : 0;
              x[i] = x[i] - lr * g[i] * scale;
              eff[i] = lr * scale;
            }
          },
        };
    }
  },
};
