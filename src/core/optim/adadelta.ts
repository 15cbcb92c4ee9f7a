/**
 * AdaDelta (Zeiler 2012): the ratio of two running RMS values replaces a hand-tuned step size.
 * All three frameworks compute (element-wise, E's start at 0):
 *   E_g ← ρE_g + (1−ρ)g²;  Δ = √(E_Δ + ε)/√(E_g + ε) · g;  E_Δ ← ρE_Δ + (1−ρ)Δ²;  x ← x − η·Δ
 *   PyTorch torch/optim/adadelta.py: g ← g + λx (L2) first; defaults η = 1, ρ = 0.9, ε = 1e-6.
 *   Keras keras/src/optimizers/adadelta.py: x ← x − ηλx (decoupled) first; η = 1e-3, ρ = 0.95, ε = 1e-7.
 *   optax optax/_src/alias.py adadelta → add_decayed_weights (g ← g + λx), transform.py
 *     scale_by_adadelta, scale_by_learning_rate. Its learning_rate defaults to None, which skips the
 *     −η scaling altogether, i.e. gradient ASCENT; we always pass an explicit η (1.0).
 * Effective learning rate: η_t·√(E_Δ + ε)/√(E_g + ε), the multiplier on g (E_Δ before this update).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, weightDecayTex,
} from './types';

/** The update the three frameworks share (after any weight decay). */
const ADADELTA_TEX = String.raw`E_g \leftarrow \rho E_g + (1-\rho) g^2;\ \Delta = \frac{\sqrt{E_\Delta + \epsilon}}{\sqrt{E_g + \epsilon}}\, g;\ E_\Delta \leftarrow \rho E_\Delta + (1-\rho)\Delta^2;\ x \leftarrow x - \eta_t \Delta`;

export const adadelta: UpdateRule = {
  id: 'adadelta',
  label: 'AdaDelta',
  summary: 'Scales each step by RMS(past steps)/RMS(gradients), so units match and no global rate is strictly needed.',
  params: [P.lr, P.rho, P.epsilon, P.weightDecay],
  defaults: {
    pytorch: { lr: 1.0, rho: 0.9, epsilon: 1e-6, weightDecay: 0 },
    keras: { lr: 1e-3, rho: 0.95, epsilon: 1e-7, weightDecay: 0 },
    optax: { lr: 1.0, rho: 0.9, epsilon: 1e-6, weightDecay: 0 },
  },
  formula: {
    pytorch: TEX.l2 + TEX.narrow + ADADELTA_TEX,
    keras: TEX.kerasDecay + TEX.narrow + ADADELTA_TEX,
    optax: TEX.l2 + TEX.narrow + ADADELTA_TEX,
  },
  source: {
    pytorch: 'torch/optim/adadelta.py',
    keras: 'keras/src/optimizers/adadelta.py',
    optax: 'optax/_src/alias.py (adadelta) + optax/_src/transform.py (scale_by_adadelta)',
  },
  notes: {
    optax: 'optax.adadelta(learning_rate=None) applies no −η scaling and so ascends the objective; an explicit learning rate of 1.0 (PyTorch\'s default) is used instead. optax adds λx to the gradient before scaling (like PyTorch\'s L2).',
  },
  effectiveLr: 'η_t·√(E_Δ + ε)/√(E_g + ε): the multiplier on g.',
  formulaFor(convention, hp) {
    const weightDecay = new HyperparameterReader(adadelta, convention, hp).numOr('weightDecay', 0);
    // optax.adadelta's add_decayed_weights adds λx to the gradient before scaling, like PyTorch's L2.
    const decay = convention === 'optax' ? weightDecay !== 0 && TEX.l2 : weightDecayTex(convention, weightDecay);
    return joinTex(TEX.narrow, [decay, ADADELTA_TEX]);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(adadelta, convention, hp);
    const rho = r.num('rho');
    const eps = r.num('epsilon');
    const weightDecay = r.numOr('weightDecay', 0);
    const eg = new Float64Array(dim);
    const ed = new Float64Array(dim);
    switch (convention) {
      case 'pytorch':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
              eg[i] = eg[i] * rho + (1 - rho) * gi * gi;
              const std = Math.sqrt(eg[i] + eps);
              const ratio = Math.sqrt(ed[i] + eps) / std;
              const delta = ratio * gi; // delta = acc_delta.add(eps).sqrt_(); delta.div_(std).mul_(grad)
              ed[i] = ed[i] * rho + (1 - rho) * delta * delta;
              x[i] = x[i] + -lr * delta;
              eff[i] = lr * ratio;
            }
          },
        };
      case 'keras':
        return {
          step(x, g, _t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              eg[i] = rho * eg[i] + (1 - rho) * (gi * gi);
              const rmsDelta = Math.sqrt(ed[i] + eps);
              const rmsGrad = Math.sqrt(eg[i] + eps);
              const deltaVar = -((rmsDelta * gi) / rmsGrad);
              ed[i] = rho * ed[i] + (1 - rho) * (deltaVar * deltaVar);
              x[i] = x[i] + lr * deltaVar;
              eff[i] = (lr * rmsDelta) / rmsGrad;
            }
          },
        };
      case 'optax':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i]; // add_decayed_weights
              eg[i] = (1 - rho) * (gi * gi) + rho * eg[i];
              const ratio = Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps);
              const u = ratio * gi;
              ed[i] = (1 - rho) * (u * u) + rho * ed[i];
              x[i] = x[i] + u * -lr;
              eff[i] = lr * ratio;
            }
          },
        };
    }
  },
};
