/**
 * signSGD and Signum (Bernstein et al. 2018, "signSGD: Compressed Optimisation for Non-Convex
 * Problems"): every coordinate steps by exactly η, in the direction of minus the sign of the
 * gradient (signSGD) or of its momentum (Signum). One file for both, as optax writes both as a
 * sign transform after an optional average.
 *   optax optax/_src/alias.py `sign_sgd` = chain(transform.py scale_by_sign, scale_by_learning_rate):
 *     x ← x + sign(g)·(−η)
 *   optax optax/_src/alias.py `signum` = chain(transforms/_accumulation.py ema(beta, debias=False),
 *   scale_by_sign, scale_by_learning_rate):
 *     m ← (1−β)g + βm  (tree update_moment, order 1; no bias correction: the sign ignores the scale)
 *     x ← x + sign(m)·(−η)                                                        (β = 0.9)
 *   PyTorch core and Keras 3 have neither.
 *   paper Bernstein, Wang, Azizzadenesheli & Anandkumar 2018 (ICML): Algorithm 1 (signSGD)
 *     x_{k+1} ← x_k − δ·sign(g̃_k), and Algorithm 3 (Signum) m_{k+1} ← βm_k + (1−β)g̃_k,
 *     x_{k+1} ← x_k − δ·sign(m_{k+1}) — optax's arithmetic exactly, so the paper convention runs
 *     optax's code. The boxes give no δ: 1e-3 as in the optax convention here; β = 0.9.
 * Effective learning rate: η_t (each coordinate moves ±η_t, or 0 where the sign is 0).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, UpdateRule } from './types';
import { unavailableIn } from './unavailable';

export const signsgd: UpdateRule = {
  id: 'signsgd',
  label: 'signSGD',
  family: 'sign',
  summary: 'Steps by exactly η against the sign of each gradient coordinate: only the direction of g matters.',
  params: [P.lr],
  defaults: { optax: { lr: 1e-3 }, paper: { lr: 1e-3 } },
  unavailable: unavailableIn('signSGD', ['optax', 'paper']),
  formula: { optax: String.raw`x \leftarrow x - \eta_t\,\operatorname{sign}(g)`, paper: String.raw`x \leftarrow x - \eta_t\,\operatorname{sign}(g)` },
  source: {
    optax: 'optax/_src/alias.py (sign_sgd) + optax/_src/transform.py (scale_by_sign)',
    paper: 'Bernstein et al. 2018, "signSGD: Compressed Optimisation for Non-Convex Problems", Algorithm 1',
  },
  notes: {
    optax: 'optax.sign_sgd has no default learning rate; 1e-3 is used.',
    paper: 'Algorithm 1, x ← x − δ·sign(g): the same arithmetic as optax.sign_sgd. The box gives no δ; 1e-3 is used.',
  },
  differences: {
    pytorch: 'torch.optim has no signSGD.',
    keras: 'Keras 3 has no signSGD.',
    optax: 'The same rule (sign_sgd); optax gives no default learning rate.',
  },
  effectiveLr: 'η_t: every coordinate moves by ±η_t (0 where g is exactly 0).',
  create(_dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    new HyperparameterReader(signsgd, convention, hp); // throws the unavailable message outside optax
    return {
      step(x, g, _t, lr, eff) {
        for (let i = 0; i < x.length; i++) {
          x[i] = x[i] + Math.sign(g[i]) * -lr; // jnp.sign(updates), then scale(−η)
          eff[i] = lr;
        }
      },
    };
  },
};

export const signum: UpdateRule = {
  id: 'signum',
  label: 'Signum',
  family: 'sign',
  summary: 'signSGD on a momentum average: steps by exactly η against the sign of m = EMA(g).',
  params: [P.lr, { ...P.beta, max: 1, description: 'optax signum beta: decay of the momentum m ← (1−β)g + βm.' }],
  defaults: { optax: { lr: 1e-3, beta: 0.9 }, paper: { lr: 1e-3, beta: 0.9 } },
  unavailable: unavailableIn('Signum', ['optax', 'paper']),
  formula: {
    optax: String.raw`m \leftarrow \beta m + (1-\beta) g;\ x \leftarrow x - \eta_t\,\operatorname{sign}(m)`,
    paper: String.raw`m \leftarrow \beta m + (1-\beta) g;\ x \leftarrow x - \eta_t\,\operatorname{sign}(m)`,
  },
  source: {
    optax: 'optax/_src/alias.py (signum) + optax/transforms/_accumulation.py (ema) + optax/_src/transform.py (scale_by_sign)',
    paper: 'Bernstein et al. 2018, "signSGD: Compressed Optimisation for Non-Convex Problems", Algorithm 3 (Signum)',
  },
  notes: {
    optax: 'optax.signum has no default learning rate; 1e-3 is used.',
    paper: 'Algorithm 3, m ← βm + (1−β)g, x ← x − δ·sign(m): the same arithmetic as optax.signum (ema without debiasing). The box gives no δ; 1e-3 and β = 0.9 are used.',
  },
  differences: {
    pytorch: 'torch.optim has no Signum.',
    keras: 'Keras 3 has no Signum.',
    optax: 'The same rule (signum: ema(β, debias=False), then the sign); optax gives no default learning rate.',
  },
  effectiveLr: 'η_t: every coordinate moves by ±η_t (0 where m is exactly 0).',
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const beta = new HyperparameterReader(signum, convention, hp).num('beta');
    const m = new Float64Array(dim);
    return {
      step(x, g, _t, lr, eff) {
        for (let i = 0; i < x.length; i++) {
          m[i] = (1 - beta) * g[i] + beta * m[i]; // ema: update_moment(updates, ema, decay, 1), debias=False
          x[i] = x[i] + Math.sign(m[i]) * -lr; // scale_by_sign, scale_by_learning_rate
          eff[i] = lr;
        }
      },
    };
  },
};
