/**
 * RMSprop (Hinton 2012), plain / with momentum / centered (Graves 2013).
 *   PyTorch torch/optim/rmsprop.py: g ← g + λx (L2); v ← αv + (1−α)g²;
 *     centered: ḡ ← lerp(ḡ, g, 1−α), d = √(v − ḡ²) + ε, else d = √v + ε        (ε outside √)
 *     μ > 0: b ← μb + g/d, x ← x − η·b;  else x ← x − η·g/d
 *   Keras keras/src/optimizers/rmsprop.py: x ← x − ηλx (decoupled); v ← ρv + (1−ρ)g²;
 *     centered: ḡ ← ρḡ + (1−ρ)g, D = v − ḡ² + ε, else D = v + ε;  Δ = η·g/√D   (ε inside √)
 *     μ > 0: m ← μm + Δ, x ← x − m;  else x ← x − Δ
 *   optax optax/_src/alias.py rmsprop → transform.py scale_by_rms / scale_by_stddev, then trace:
 *     ν₀ = initial_scale; ν ← (1−ρ)g² + ρν; centered: μ̄ ← (1−ρ)g + ρμ̄, D = ν − μ̄², else D = ν;
 *     u = g/√(D + ε) (eps_in_sqrt, default) or g/(√D + ε);  u ← −η·u;  m ← u + μm (trace after
 *     the lr scaling);  x ← x + m
 *   paper Hinton, Srivastava & Swersky, "Neural Networks for Machine Learning", lecture 6e (2012):
 *     MeanSquare ← 0.9·MeanSquare + 0.1·g²; divide the gradient by √MeanSquare:
 *     v ← ρv + (1−ρ)g²;  x ← x − η·g/√v — no ε, no momentum, no centering (ε is offered, default 0;
 *     a coordinate whose v is 0 has had only zero gradients and does not move).
 * Momentum placement differs (PyTorch multiplies the buffer by η afterwards); identical for constant η.
 * Effective learning rate: the multiplier on this step's gradient, η_t/(√v + ε) or η_t/√(v + ε)
 * (centered: with v − ḡ²); with momentum, the multiplier on the gradient entering the buffer.
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, torchLerp, weightDecayTex,
} from './types';

export const rmsprop: UpdateRule = {
  id: 'rmsprop',
  family: 'adaptive',
  label: 'RMSprop',
  summary: 'Divides by a running RMS of recent gradients, so each parameter gets its own step size that does not vanish.',
  params: [P.lr, { ...P.rho, description: 'Decay of the squared-gradient average (PyTorch alpha, optax decay).' }, P.epsilon, P.momentum, P.centered, P.epsInSqrt, P.initialAccumulator, P.weightDecay],
  defaults: {
    pytorch: { lr: 1e-2, rho: 0.99, epsilon: 1e-8, momentum: 0, centered: false, weightDecay: 0 },
    keras: { lr: 1e-3, rho: 0.9, epsilon: 1e-7, momentum: 0, centered: false, weightDecay: 0 },
    optax: { lr: 1e-2, rho: 0.9, epsilon: 1e-8, momentum: 0, centered: false, epsInSqrt: true, initialAccumulator: 0 },
    paper: { lr: 1e-3, rho: 0.9, epsilon: 0 },
  },
  formula: {
    paper: String.raw`v \leftarrow \rho v + (1-\rho) g^2;\quad x \leftarrow x - \eta_t\,\frac{g}{\sqrt{v} + \epsilon}`,
  },
  source: {
    pytorch: 'torch/optim/rmsprop.py',
    keras: 'keras/src/optimizers/rmsprop.py',
    optax: 'optax/_src/alias.py (rmsprop) + optax/_src/transform.py (scale_by_rms, scale_by_stddev, trace)',
    paper: 'Hinton, Srivastava & Swersky 2012, "Neural Networks for Machine Learning", lecture 6e (rmsprop)',
  },
  notes: {
    pytorch: 'ḡ terms only when centered; PyTorch calls ρ "alpha".',
    optax: 'optax.rmsprop has no default learning rate; 1e-2 (PyTorch\'s) is used. momentum=None is momentum 0 here. It has no weight decay.',
    paper: 'The lecture gives the 0.9/0.1 average and no ε or learning rate; ε = 0 (the lecture\'s rule) and η = 1e-3 are used.',
  },
  differences: {
    pytorch: 'Adds ε = 1e-8 outside the root (√v + ε) and uses α = 0.99 and η = 1e-2; momentum, centering (Graves 2013) and L2 weight decay are additions.',
    keras: 'Adds ε = 1e-7 inside the root, √(v + ε); momentum and centering are additions; weight decay is decoupled.',
    optax: 'Adds ε = 1e-8 inside the root by default (eps_in_sqrt); momentum is a trace after the −η scaling.',
  },
  effectiveLr: 'η_t/(√v + ε) (PyTorch) or η_t/√(v + ε) (Keras, optax default), v − ḡ² when centered: the multiplier on g.',
  formulaFor(convention, hp) {
    // The four forms (centered × momentum) per convention, as `create` computes them; ḡ's own update
    // is written out when centered so the symbol is defined.
    const r = new HyperparameterReader(rmsprop, convention, hp);
    const centered = r.bool('centered');
    const withMomentum = r.numOr('momentum', 0) > 0;
    const decay = weightDecayTex(convention, r.numOr('weightDecay', 0));
    switch (convention) {
      case 'pytorch': {
        const d = centered ? String.raw`\sqrt{v - \bar g^2} + \epsilon` : String.raw`\sqrt{v} + \epsilon`;
        return joinTex(TEX.wide, [
          decay,
          String.raw`v \leftarrow \alpha v + (1-\alpha) g^2`,
          centered && String.raw`\bar g \leftarrow \alpha \bar g + (1-\alpha) g`,
          ...(withMomentum
            ? [String.raw`b \leftarrow \mu b + \frac{g}{${d}}`, String.raw`x \leftarrow x - \eta_t\, b`]
            : [String.raw`x \leftarrow x - \eta_t\,\frac{g}{${d}}`]),
        ]);
      }
      case 'keras': {
        const step = String.raw`\frac{\eta_t\, g}{\sqrt{${centered ? String.raw`v - \bar g^2 + \epsilon` : String.raw`v + \epsilon`}}}`;
        return joinTex(TEX.wide, [
          decay,
          String.raw`v \leftarrow \rho v + (1-\rho) g^2`,
          centered && String.raw`\bar g \leftarrow \rho \bar g + (1-\rho) g`,
          ...(withMomentum ? [String.raw`m \leftarrow \mu m + ${step}`, String.raw`x \leftarrow x - m`] : [String.raw`x \leftarrow x - ${step}`]),
        ]);
      }
      case 'paper':
        return rmsprop.formula.paper ?? '';
      case 'optax': {
        const D = centered ? String.raw`\nu - \bar g^2` : String.raw`\nu`;
        const root = r.bool('epsInSqrt', true) ? String.raw`\sqrt{${D} + \epsilon}` : String.raw`\sqrt{${D}} + \epsilon`;
        return joinTex(TEX.wide, [
          String.raw`\nu \leftarrow \rho\nu + (1-\rho) g^2`,
          centered && String.raw`\bar g \leftarrow \rho \bar g + (1-\rho) g`,
          String.raw`u = \frac{-\eta_t\, g}{${root}}`,
          ...(withMomentum ? [String.raw`m \leftarrow u + \mu m`, String.raw`x \leftarrow x + m`] : [String.raw`x \leftarrow x + u`]),
        ]);
      }
    }
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(rmsprop, convention, hp);
    const rho = r.num('rho');
    const eps = r.num('epsilon');
    const mu = r.numOr('momentum', 0);
    const centered = r.bool('centered');
    const weightDecay = r.numOr('weightDecay', 0);
    const v = new Float64Array(dim).fill(r.numOr('initialAccumulator', 0));
    const gAvg = new Float64Array(dim);
    const buf = new Float64Array(dim);
    switch (convention) {
      case 'pytorch':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 ? g[i] : g[i] + weightDecay * x[i];
              v[i] = v[i] * rho + (1 - rho) * gi * gi; // square_avg.mul_(alpha).addcmul_(grad, grad, value=1-alpha)
              let avg: number;
              if (centered) {
                gAvg[i] = torchLerp(gAvg[i], gi, 1 - rho);
                avg = Math.sqrt(v[i] + -1 * gAvg[i] * gAvg[i]) + eps;
              } else {
                avg = Math.sqrt(v[i]) + eps;
              }
              if (mu > 0) {
                buf[i] = buf[i] * mu + gi / avg;
                x[i] = x[i] + -lr * buf[i];
              } else {
                x[i] = x[i] + (-lr * gi) / avg;
              }
              eff[i] = lr / avg;
            }
          },
        };
      case 'keras':
        return {
          step(x, g, _t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              v[i] = rho * v[i] + (1 - rho) * (gi * gi);
              let denominator: number;
              if (centered) {
                gAvg[i] = rho * gAvg[i] + (1 - rho) * gi;
                denominator = v[i] - gAvg[i] * gAvg[i] + eps;
              } else {
                denominator = v[i] + eps;
              }
              const root = Math.sqrt(denominator);
              const increment = (lr * gi) / root;
              if (mu > 0) {
                buf[i] = mu * buf[i] + increment;
                x[i] = x[i] - buf[i];
              } else {
                x[i] = x[i] - increment;
              }
              eff[i] = lr / root;
            }
          },
        };
      case 'paper':
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              v[i] = rho * v[i] + (1 - rho) * (gi * gi); // MeanSquare(w, t) = 0.9 MeanSquare(w, t−1) + 0.1 g²
              const root = Math.sqrt(v[i]) + eps;
              const scale = root > 0 ? 1 / root : 0; // v = 0 only after zero gradients: no move
              x[i] = x[i] - lr * gi * scale;
              eff[i] = lr * scale;
            }
          },
        };
      case 'optax': {
        const epsInSqrt = r.bool('epsInSqrt', true);
        return {
          step(x, g, _t, lr, eff) {
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              v[i] = (1 - rho) * (gi * gi) + rho * v[i];
              let d = v[i];
              if (centered) {
                gAvg[i] = (1 - rho) * gi + rho * gAvg[i];
                d = v[i] - gAvg[i] * gAvg[i];
              }
              const scaling = epsInSqrt ? 1 / Math.sqrt(d + eps) : 1 / (Math.sqrt(d) + eps);
              const u = scaling * gi * -lr;
              buf[i] = u + mu * buf[i]; // trace(decay=momentum) after scale_by_learning_rate
              x[i] = x[i] + buf[i];
              eff[i] = lr * scaling;
            }
          },
        };
      }
    }
  },
};
