/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the step is the sign of
 * an interpolation between momentum and gradient, so every coordinate moves by exactly η.
 *   Keras keras/src/optimizers/lion.py: x ← x − ηλx (decoupled, default λ none);
 *     x ← x − η·sign(β₁m + (1−β₁)g);  m ← β₂m + (1−β₂)g
 *   optax optax/_src/alias.py lion → transform.py scale_by_lion, add_decayed_weights:
 *     u = sign((1−β₁)g + β₁m); m ← (1−β₂)g + β₂m; x ← x − η(u + λx), default λ = 1e-3.
 *   paper Chen et al. 2023, Algorithm 2 (Lion): c = β₁m + (1−β₁)g; x ← x − η_t(sign(c) + λx);
 *     m ← β₂m + (1−β₂)g — optax's arithmetic. β₁ = 0.9, β₂ = 0.99 (the paper's defaults); the paper
 *     advises a learning rate 3–10× below AdamW's (1e-4 here) and tunes λ (0 here).
 *   PyTorch: torch.optim has no Lion.
 * With λ = 0 Keras and optax are the same rule.
 * Effective learning rate: η_t (each coordinate moves ±η_t, or 0 where the sign is 0).
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay } from './types';

const LION_SIGN = String.raw`\operatorname{sign}(\beta_1 m + (1-\beta_1) g)`;
const LION_MOMENTUM = String.raw`m \leftarrow \beta_2 m + (1-\beta_2) g`;

/** Lion as configured: the decoupled decay (Keras before the step, optax inside it) only when λ ≠ 0. */
function lionTex(convention: 'keras' | 'optax' | 'paper', weightDecay: boolean): string {
  if (convention === 'keras') {
    return joinTex(TEX.narrow, [weightDecay && TEX.kerasDecay, String.raw`x \leftarrow x - \eta_t\,${LION_SIGN}`, LION_MOMENTUM]);
  }
  const step = weightDecay ? String.raw`x \leftarrow x - \eta_t\big(${LION_SIGN} + \lambda x\big)` : String.raw`x \leftarrow x - \eta_t\,${LION_SIGN}`;
  return joinTex(TEX.narrow, [step, LION_MOMENTUM]);
}

export const lion: UpdateRule = {
  id: 'lion',
  family: 'sign',
  label: 'Lion',
  summary: 'Sign of a momentum–gradient blend: every coordinate steps by exactly η, only the direction adapts.',
  params: [
    P.lr,
    { ...P.beta1, min: 0, minExclusive: true, max: 1, maxExclusive: false, description: 'Blend of momentum and gradient inside the sign (Keras requires β₁ ∈ (0, 1]).' },
    { ...P.beta2, max: 1, maxExclusive: false, description: 'Decay of the momentum.' },
    P.weightDecay,
  ],
  defaults: {
    keras: { lr: 1e-3, beta1: 0.9, beta2: 0.99, weightDecay: 0 },
    optax: { lr: 1e-3, beta1: 0.9, beta2: 0.99, weightDecay: 1e-3 },
    paper: { lr: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0 },
  },
  unavailable: {
    pytorch: 'PyTorch core (torch.optim) has no Lion optimizer; choose the keras or optax convention (third-party packages such as lion-pytorch are not PyTorch).',
  },
  formula: {},
  source: {
    keras: 'keras/src/optimizers/lion.py',
    optax: 'optax/_src/alias.py (lion) + optax/_src/transform.py (scale_by_lion)',
    paper: 'Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2',
  },
  notes: {
    optax: 'optax.lion has no default learning rate; 1e-3 (Keras\'s) is used. Its default weight_decay is 1e-3 (Keras: none).',
    paper: 'Algorithm 2 with β₁ = 0.9, β₂ = 0.99; η = 1e-4 (3–10× below AdamW\'s, as the paper advises) and λ = 0 (the paper tunes it).',
  },
  differences: {
    pytorch: 'torch.optim has no Lion.',
    keras: 'The same sign step; the decay x ← x − η_tλx is applied before it (the same arithmetic); η = 1e-3.',
    optax: 'The same rule; λ = 1e-3 and η = 1e-3 by default.',
  },
  effectiveLr: 'η_t: every coordinate moves by ±η_t (0 where the blend is exactly 0).',
  formulaFor(convention, hp) {
    if (convention === 'pytorch') throw new Error(lion.unavailable?.pytorch);
    return lionTex(convention, new HyperparameterReader(lion, convention, hp).numOr('weightDecay', 0) !== 0);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(lion, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const weightDecay = r.numOr('weightDecay', 0);
    const m = new Float64Array(dim);
    if (convention === 'keras') {
      return {
        step(x, g, _t, lr, eff) {
          kerasDecoupledDecay(x, weightDecay, lr);
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            x[i] = x[i] - lr * Math.sign(m[i] * beta1 + gi * (1 - beta1));
            m[i] = m[i] * beta2 + gi * (1 - beta2);
            eff[i] = lr;
          }
        },
      };
    }
    if (convention === 'optax' || convention === 'paper') {
      // Chen et al. Algorithm 2 is optax's arithmetic: x ← x − η_t(sign(c) + λx).
      return {
        step(x, g, _t, lr, eff) {
          for (let i = 0; i < x.length; i++) {
            const gi = g[i];
            const u = Math.sign((1 - beta1) * gi + beta1 * m[i]) + weightDecay * x[i];
            m[i] = (1 - beta2) * gi + beta2 * m[i];
            x[i] = x[i] + u * -lr;
            eff[i] = lr;
          }
        },
      };
    }
    throw new Error(lion.unavailable?.pytorch);
  },
};
