/**
 * AdaDelta (Zeiler 2012): the ratio of two running RMS values replaces a hand-tuned step size.
 * All three frameworks compute (element-wise, E's start at 0):
 *   E_g ← ρE_g + (1−ρ)g²;  Δ = √(E_Δ + ε)/√(E_g + ε) · g;  E_Δ ← ρE_Δ + (1−ρ)Δ²;  x ← x − η·Δ
 *   PyTorch torch/optim/adadelta.py: g ← g + λx (L2) first; defaults η = 1, ρ = 0.9, ε = 1e-6.
 *   Keras keras/src/optimizers/adadelta.py: x ← x − ηλx (decoupled) first; η = 1e-3, ρ = 0.95, ε = 1e-7.
 *   optax optax/_src/alias.py adadelta → add_decayed_weights (g ← g + λx), transform.py
 *     scale_by_adadelta, scale_by_learning_rate. Its learning_rate defaults to None, which skips the
 *     −η scaling altogether, i.e. gradient ASCENT; we always pass an explicit η (1.0).
 *   paper Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method", Algorithm 1 (lines 4–7):
 *     E[g²] ← ρE[g²] + (1−ρ)g²;  Δx = −RMS[Δx]_{t−1}/RMS[g]_t · g;  E[Δx²] ← ρE[Δx²] + (1−ρ)Δx²;
 *     x ← x + Δx, RMS[y] = √(E[y²] + ε) — the same arithmetic as PyTorch's with no weight decay.
 *     The algorithm has no learning rate: η = 1 is the paper's rule (another η scales Δx, as the
 *     frameworks do); ρ = 0.95, ε = 1e-6 as in the paper's MNIST experiments (§4.1).
 * Effective learning rate: η_t·√(E_Δ + ε)/√(E_g + ε), the multiplier on g (E_Δ before this update).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, weightDecayTex,
} from './types';

/** The update the three frameworks share (after any weight decay). */
const ADADELTA_TEX = String.raw`E_g \leftarrow \rho E_g + (1-\rho) g^2;\ \Delta = \frac{\sqrt{E_\Delta + \epsilon}}{\sqrt{E_g + \epsilon}}\, g;\ E_\Delta \leftarrow \rho E_\Delta + (1-\rho)\Delta^2;\ x \leftarrow x - \eta_t \Delta`;

export const adadelta: UpdateRule = {
  id: 'adadelta',
  family: 'adaptive',
  label: 'AdaDelta',
  summary: 'Scales each step by RMS(past steps)/RMS(gradients), so units match and no global rate is strictly needed.',
  params: [P.lr, P.rho, P.epsilon, P.weightDecay],
  defaults: {
    pytorch: { lr: 1.0, rho: 0.9, epsilon: 1e-6, weightDecay: 0 },
    keras: { lr: 1e-3, rho: 0.95, epsilon: 1e-7, weightDecay: 0 },
    optax: { lr: 1.0, rho: 0.9, epsilon: 1e-6, weightDecay: 0 },
    paper: { lr: 1.0, rho: 0.95, epsilon: 1e-6 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/adadelta.py',
    keras: 'keras/src/optimizers/adadelta.py',
    optax: 'optax/_src/alias.py (adadelta) + optax/_src/transform.py (scale_by_adadelta)',
    paper: 'Zeiler 2012, "ADADELTA: An Adaptive Learning Rate Method", Algorithm 1',
  },
  notes: {
    optax: 'optax.adadelta(learning_rate=None) applies no −η scaling and so ascends the objective; an explicit learning rate of 1.0 (PyTorch\'s default) is used instead. optax adds λx to the gradient before scaling (like PyTorch\'s L2).',
  },
  differences: {
    pytorch: 'The same arithmetic with ρ = 0.9 (the paper\'s experiments: 0.95); an η the paper does not have (default 1) and L2 weight decay.',
    keras: 'The same arithmetic with ρ = 0.95, ε = 1e-7 and an η of 1e-3: steps a thousand times shorter than the paper\'s.',
    optax: 'The same arithmetic with ρ = 0.9; learning_rate=None skips the −η scaling and climbs the objective.',
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
      case 'paper': // Algorithm 1 is PyTorch's arithmetic; the paper has no weight decay (λ = 0 here)
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
