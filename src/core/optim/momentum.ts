/**
 * Heavy-ball momentum SGD in each framework's own form (and, with `nesterov`, its Nesterov form,
 * shared with nesterov.ts). The three agree for constant η and τ = 0 (Keras's v is −η·b).
 *   PyTorch torch/optim/sgd.py _single_tensor_sgd:
 *     g ← g + λx (L2);  b₁ = g (clone: no dampening on the first step), b ← μb + (1−τ)g;
 *     plain x ← x − η·b;  Nesterov x ← x − η(g + μb).  μ = 0 skips the buffer entirely.
 *   Keras keras/src/optimizers/sgd.py update_step:
 *     x ← x − ηλx (decoupled);  v ← v·μ − g·η;  plain x ← x + v;  Nesterov x ← x + (v·μ − g·η).
 *     μ = 0 is plain SGD (Nesterov ignored).
 *   optax optax/_src/alias.py sgd → transform.py trace:
 *     m ← g + μm;  plain u = m;  Nesterov u = g + μm;  x ← x + (−η)·u.
 *   paper Sutskever, Martens, Dahl & Hinton 2013, "On the importance of initialization and momentum
 *     in deep learning", eqs. (1)–(2): v ← μv − ε∇f(θ); θ ← θ + v.  Nesterov, eqs. (3)–(4):
 *     v ← μv − ε∇f(θ + μv); θ ← θ + v — the gradient at the look-ahead point θ + μv. Written on
 *     that point x = θ + μv (where the gradient is taken) it is v ← μv − εg; x ← x + μv − εg, so
 *     the path shows θ + μv. Keras's form without weight decay; no weight decay, no dampening.
 * Effective learning rate: η_t, the multiplier applied to the velocity (Keras: to the gradient
 * entering it).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, weightDecayTex,
} from './types';

export function createMomentumStepper(dim: number, r: HyperparameterReader, convention: Convention, nesterov: boolean): Stepper {
  const mu = r.num('momentum');
  const weightDecay = r.numOr('weightDecay', 0);
  const buf = new Float64Array(dim);
  switch (convention) {
    case 'pytorch': {
      const dampening = r.numOr('dampening', 0);
      return {
        step(x, g, t, lr, eff) {
          for (let i = 0; i < x.length; i++) {
            let gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
            if (mu !== 0) {
              // The buffer is created from the first gradient (torch.clone(grad)), so t = 1 has no dampening.
              buf[i] = t === 1 ? gi : buf[i] * mu + (1 - dampening) * gi;
              gi = nesterov ? gi + mu * buf[i] : buf[i];
            }
            x[i] = x[i] + -lr * gi;
            eff[i] = lr;
          }
        },
      };
    }
    case 'keras':
    case 'paper': // Sutskever et al. eqs. (1)–(4) are Keras's update; the paper has no weight decay (λ = 0 here)
      return {
        step(x, g, _t, lr, eff) {
          kerasDecoupledDecay(x, weightDecay, lr);
          for (let i = 0; i < x.length; i++) {
            if (mu !== 0) {
              buf[i] = buf[i] * mu - g[i] * lr;
              x[i] = nesterov ? x[i] + (buf[i] * mu - g[i] * lr) : x[i] + buf[i];
            } else {
              x[i] = x[i] - g[i] * lr;
            }
            eff[i] = lr;
          }
        },
      };
    case 'optax':
      return {
        step(x, g, _t, lr, eff) {
          for (let i = 0; i < x.length; i++) {
            buf[i] = g[i] + mu * buf[i]; // trace: f(g, t) = g + decay * t
            const u = nesterov ? g[i] + mu * buf[i] : buf[i];
            x[i] = x[i] + u * -lr;
            eff[i] = lr;
          }
        },
      };
  }
}

/**
 * The momentum family's update as configured (shared by momentum.ts and nesterov.ts), following
 * `createMomentumStepper`: μ = 0 is plain SGD in every convention (PyTorch skips the buffer, Keras
 * ignores Nesterov, optax's trace is then the gradient itself); PyTorch's dampening τ and its
 * b₁ = g₁ (the clone that skips dampening on the first step) appear only when τ ≠ 0.
 */
export function momentumTex(convention: Convention, r: HyperparameterReader, nesterov: boolean): string {
  const mu = r.num('momentum');
  const decay = weightDecayTex(convention, r.numOr('weightDecay', 0));
  if (mu === 0) return joinTex(TEX.wide, [decay, String.raw`x \leftarrow x - \eta_t\, g`]);
  switch (convention) {
    case 'pytorch': {
      const dampening = r.numOr('dampening', 0);
      const buffer = dampening === 0
        ? String.raw`b \leftarrow \mu b + g`
        : String.raw`b \leftarrow \mu b + (1-\tau) g \ (b_1 = g_1)`;
      const update = nesterov ? String.raw`x \leftarrow x - \eta_t\,(g + \mu b)` : String.raw`x \leftarrow x - \eta_t\, b`;
      return joinTex(TEX.wide, [decay, buffer, update]);
    }
    case 'keras':
    case 'paper':
      return joinTex(TEX.wide, [
        decay,
        String.raw`v \leftarrow \mu v - \eta_t g`,
        // The paper's Nesterov step is on θ; the path shows the look-ahead point θ + μv as x.
        !nesterov ? String.raw`x \leftarrow x + v` : convention === 'paper' ? String.raw`x \leftarrow x + \mu v - \eta_t g\ \ (x = \theta + \mu v)` : String.raw`x \leftarrow x + \mu v - \eta_t g`,
      ]);
    case 'optax':
      return joinTex(TEX.wide, [
        String.raw`m \leftarrow g + \mu m`,
        nesterov ? String.raw`x \leftarrow x - \eta_t\,(g + \mu m)` : String.raw`x \leftarrow x - \eta_t\, m`,
      ]);
  }
}

export const momentum: UpdateRule = {
  id: 'momentum',
  family: 'momentum',
  label: 'Momentum',
  summary: 'Heavy ball: a velocity accumulates past gradients, so steps speed up along consistent directions.',
  params: [P.lr, { ...P.momentum }, P.dampening, P.nesterov, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-3, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 },
    keras: { lr: 0.01, momentum: 0.9, nesterov: false, weightDecay: 0 },
    optax: { lr: 1e-3, momentum: 0.9, nesterov: false },
    paper: { lr: 1e-2, momentum: 0.9, nesterov: false },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/sgd.py',
    keras: 'keras/src/optimizers/sgd.py',
    optax: 'optax/_src/alias.py (sgd) + optax/_src/transform.py (trace)',
    paper: 'Sutskever et al. 2013, "On the importance of initialization and momentum in deep learning", eqs. (1)–(2) (Nesterov: (3)–(4))',
  },
  notes: {
    pytorch: 'torch.optim.SGD defaults to momentum=0 (plain SGD); this optimizer uses the customary 0.9. lr default 1e-3 as in PyTorch ≥ 2.2.',
    keras: 'keras.optimizers.SGD defaults to momentum=0.0; this optimizer uses the customary 0.9.',
    optax: 'optax.sgd has no default learning rate (1e-3, PyTorch\'s, is used) and momentum=None; 0.9 is used. No weight decay in optax.sgd.',
    paper: 'Sutskever et al. schedule μ up to 0.9–0.999 and tune ε; the constant 0.9 and 0.01 are used. With Nesterov the path shows θ + μv, the point where the paper takes the gradient.',
  },
  differences: {
    pytorch: 'b ← μb + (1−τ)g with b₁ = g₁, x ← x − η_t b: the same path for a constant η (b = −v/η) and τ = 0, but η multiplies the whole buffer, so a schedule changes past steps too; weight_decay is L2.',
    keras: 'The same update (v ← μv − η_t g); weight_decay is decoupled; momentum defaults to 0.',
    optax: 'm ← g + μm, x ← x − η_t m: the same path for a constant η; η scales the whole trace.',
  },
  effectiveLr: 'η_t: the multiplier applied to the velocity (Keras: to the gradient entering it).',
  validate(hp, convention) {
    if (convention === 'pytorch' && hp.nesterov === true && (hp.momentum === 0 || (hp.dampening ?? 0) !== 0)) {
      return `nesterov requires momentum > 0 and dampening = 0 (torch/optim/sgd.py), got momentum=${String(hp.momentum)}, dampening=${String(hp.dampening ?? 0)}`;
    }
    return undefined;
  },
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(momentum, convention, hp);
    return momentumTex(convention, r, r.bool('nesterov'));
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(momentum, convention, hp);
    return createMomentumStepper(dim, r, convention, r.bool('nesterov'));
  },
};
