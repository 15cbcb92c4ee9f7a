/**
 * Nadam (Dozat 2016): Adam with Nesterov momentum. The three frameworks differ materially.
 *   PyTorch torch/optim/nadam.py (2.x): g ← g + λx (L2), or with decoupled_weight_decay
 *     param.mul_(1 − lr·weight_decay) before the moments (2.x; torch 1.13 has no such option); μ_t = β₁(1 − ½·0.96^{tψ}), ψ = momentum_decay;
 *     Π_t = Π_{i≤t} μ_i; m ← lerp(m, g, 1−β₁); v ← β₂v + (1−β₂)g²; d = √(v/(1−β₂ᵗ)) + ε;
 *     x ← x − η(1−μ_t)/(1−Π_t)·g/d;  x ← x − η·μ_{t+1}/(1 − Π_t·μ_{t+1})·m/d   (two addcdiv_ calls)
 *     (PyTorch ≤ 1.13 had an extra μ_t in the product; 2.x is followed.)
 *   Keras keras/src/optimizers/nadam.py: x ← x − ηλx (decoupled); μ_t = β₁(1 − ½·0.96ᵗ) (ψ = 1);
 *     Π_t updated once per step before the variables; m, v as Keras Adam;
 *     m̂ = μ_{t+1}m/(1 − Π_tμ_{t+1}) + (1−μ_t)g/(1 − Π_t); v̂ = v/(1−β₂ᵗ); x ← x − m̂·η/(√v̂ + ε)
 *   optax optax/_src/alias.py nadam = adam(nesterov=True) → transform.py scale_by_adam: no μ schedule;
 *     m̂ = β₁·m/(1−β₁^{t+1}) + (1−β₁)·g/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); x ← x − η·m̂/(√(v̂ + ε_root) + ε)
 *   paper Dozat 2016, "Incorporating Nesterov Momentum into Adam", Algorithm 2: μ_t = β₁(1 − ½·0.96^{tψ})
 *     (ψ = 0.004, i.e. 0.96^{t/250}); ĝ = g/(1 − Π_{i≤t}μ_i); m ← μ_t·m + (1−μ_t)g — the SCHEDULED μ_t in
 *     the moment, where the frameworks keep β₁; m̂ = m/(1 − Π_{i≤t+1}μ_i); n ← νn + (1−ν)g²;
 *     n̂ = n/(1−νᵗ); m̄ = (1−μ_t)ĝ + μ_{t+1}m̂; x ← x − η·m̄/(√n̂ + ε). No weight decay.
 *     η = 0.002, β₁ = 0.9, ν = β₂ = 0.999, ε = 1e-8.
 * With ψ = 1 and the same ε, PyTorch's rule is Keras's.
 * Effective learning rate: the multiplier on the Nesterov momentum m̂: η_t/(√v̂ + ε) (optax: √(v̂+ε_root)).
 */
import {
  Convention, HyperparameterReader, Hyperparameters, P, PowerSeries, Stepper, TEX, UpdateRule, joinTex, kerasDecoupledDecay, torchLerp,
  weightDecayTex,
} from './types';

/** PyTorch's and Keras's update after any weight decay; both keep their μ_t schedule. */
const NADAM_TEX = {
  pytorch: String.raw`\mu_t = \beta_1\big(1 - \tfrac12 0.96^{t\psi}\big);\ m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ x \leftarrow x - \eta_t\,\frac{\frac{1-\mu_t}{1-\prod_{i\le t}\mu_i}\, g + \frac{\mu_{t+1}}{1-\prod_{i\le t+1}\mu_i}\, m}{\sqrt{v/(1-\beta_2^t)} + \epsilon}`,
  keras: String.raw`\mu_t = \beta_1\big(1 - \tfrac12 0.96^{t}\big);\ m \leftarrow \beta_1 m + (1-\beta_1) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ x \leftarrow x - \eta_t\,\frac{\frac{\mu_{t+1}\, m}{1-\prod_{i\le t+1}\mu_i} + \frac{(1-\mu_t)\, g}{1-\prod_{i\le t}\mu_i}}{\sqrt{v/(1-\beta_2^t)} + \epsilon}`,
} as const;

/** Dozat's Algorithm 2: the scheduled μ_t also in the first moment. */
const NADAM_PAPER_TEX = String.raw`\mu_t = \beta_1\big(1 - \tfrac12 0.96^{t\psi}\big);\ m \leftarrow \mu_t m + (1-\mu_t) g;\ v \leftarrow \beta_2 v + (1-\beta_2) g^2;\ x \leftarrow x - \eta_t\,\frac{\frac{1-\mu_t}{1-\prod_{i\le t}\mu_i}\, g + \frac{\mu_{t+1}}{1-\prod_{i\le t+1}\mu_i}\, m}{\sqrt{v/(1-\beta_2^t)} + \epsilon}`;

/** optax's nadam (adam with nesterov=True: no μ schedule, no weight decay); ε_root only when used. */
function nadamOptaxTex(epsRoot: boolean): string {
  const root = epsRoot ? String.raw`\sqrt{\hat v + \epsilon_{root}}` : String.raw`\sqrt{\hat v}`;
  return joinTex(TEX.narrow, [
    String.raw`m \leftarrow \beta_1 m + (1-\beta_1) g`,
    String.raw`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
    String.raw`\hat m = \frac{\beta_1 m}{1-\beta_1^{t+1}} + \frac{(1-\beta_1) g}{1-\beta_1^t},\ \hat v = \tfrac{v}{1-\beta_2^t}`,
    String.raw`x \leftarrow x - \eta_t\,\frac{\hat m}{${root} + \epsilon}`,
  ]);
}

export const nadam: UpdateRule = {
  id: 'nadam',
  family: 'adam',
  label: 'Nadam',
  summary: 'Adam with a Nesterov look-ahead in the first moment.',
  params: [P.lr, P.beta1, P.beta2, P.epsilon, P.momentumDecay, P.epsRoot, P.weightDecay, P.decoupledWeightDecay],
  defaults: {
    pytorch: { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 4e-3, weightDecay: 0, decoupledWeightDecay: false },
    keras: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
    optax: { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, epsRoot: 0 },
    paper: { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 4e-3 },
  },
  formula: {},
  source: {
    pytorch: 'torch/optim/nadam.py',
    keras: 'keras/src/optimizers/nadam.py',
    optax: 'optax/_src/alias.py (nadam = adam(nesterov=True)) + optax/_src/transform.py (scale_by_adam)',
    paper: 'Dozat 2016, "Incorporating Nesterov Momentum into Adam", Algorithm 2',
  },
  notes: {
    pytorch: 'momentum_decay ψ = 0.004 keeps μ_t ≈ β₁/2 for thousands of steps; ψ = 1 gives Keras\'s schedule. Π is kept in float64 here (PyTorch keeps it in the default dtype).',
    optax: 'optax.nadam has no default learning rate; 2e-3 (PyTorch\'s) is used. Weight decay is optax.nadamw (not offered).',
    paper: 'Algorithm 2 decays m with the scheduled μ_t (the frameworks use the constant β₁ there).',
  },
  differences: {
    pytorch: 'The same μ_t schedule and bias corrections, but m ← β₁m + (1−β₁)g with the constant β₁ instead of μ_t; L2 weight decay.',
    keras: 'The schedule with ψ = 1 (0.96ᵗ: μ_t reaches β₁ within ~100 steps), the constant β₁ in m, ε = 1e-7, η = 1e-3.',
    optax: 'No μ schedule at all: m̂ = β₁m/(1−β₁^{t+1}) + (1−β₁)g/(1−β₁ᵗ), with the constant β₁.',
  },
  effectiveLr: 'The multiplier on the Nesterov momentum: η_t/(√v̂ + ε) (PyTorch, Keras), η_t/(√(v̂+ε_root) + ε) (optax).',
  formulaFor(convention, hp) {
    const r = new HyperparameterReader(nadam, convention, hp);
    if (convention === 'optax') return nadamOptaxTex(r.numOr('epsRoot', 0) !== 0);
    if (convention === 'pytorch' && r.bool('decoupledWeightDecay') && r.numOr('weightDecay', 0) !== 0) {
      return joinTex(TEX.narrow, [String.raw`x \leftarrow x\,(1 - \eta_t\lambda)`, NADAM_TEX.pytorch]); // param.mul_(1 - lr * weight_decay)
    }
    if (convention === 'paper') return NADAM_PAPER_TEX;
    return joinTex(TEX.narrow, [weightDecayTex(convention, r.numOr('weightDecay', 0)), NADAM_TEX[convention]]);
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(nadam, convention, hp);
    const beta1 = r.num('beta1');
    const beta2 = r.num('beta2');
    const eps = r.num('epsilon');
    const weightDecay = r.numOr('weightDecay', 0);
    const m = new Float64Array(dim);
    const v = new Float64Array(dim);
    let muProduct = 1;
    const beta1Powers = PowerSeries.of(beta1);
    const beta2Powers = PowerSeries.of(beta2);
    switch (convention) {
      case 'pytorch': {
        const psi = r.num('momentumDecay');
        const decay = PowerSeries.of(0.96, psi); // 0.96^{tψ}
        const decoupled = r.bool('decoupledWeightDecay');
        return {
          step(x, g, t, lr, eff) {
            const bc2 = 1 - beta2Powers.at(t);
            const mu = beta1 * (1 - 0.5 * decay.at(t));
            const muNext = beta1 * (1 - 0.5 * decay.at(t + 1));
            muProduct *= mu;
            if (decoupled && weightDecay !== 0) {
              for (let i = 0; i < x.length; i++) x[i] = x[i] * (1 - lr * weightDecay); // param.mul_(1 - lr * weight_decay)
            }
            const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
            const momentumCoef = (-lr * muNext) / (1 - muProduct * muNext);
            for (let i = 0; i < x.length; i++) {
              const gi = weightDecay === 0 || decoupled ? g[i] : g[i] + weightDecay * x[i];
              m[i] = torchLerp(m[i], gi, 1 - beta1);
              v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
              const denom = Math.sqrt(v[i] / bc2) + eps;
              x[i] = x[i] + (gradCoef * gi) / denom;
              x[i] = x[i] + (momentumCoef * m[i]) / denom;
              eff[i] = lr / denom;
            }
          },
        };
      }
      case 'keras': {
        const kerasDecay = PowerSeries.of(0.96); // 0.96^t
        return {
          step(x, g, t, lr, eff) {
            kerasDecoupledDecay(x, weightDecay, lr);
            // _backend_update_step: u_product ← u_product · β₁(1 − ½·0.96^{t}) before update_step.
            const uT = beta1 * (1 - 0.5 * kerasDecay.at(t));
            const uT1 = beta1 * (1 - 0.5 * kerasDecay.at(t + 1));
            muProduct = muProduct * uT;
            const uProductT1 = muProduct * uT1;
            const bc2 = 1 - beta2Powers.at(t);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = m[i] + (gi - m[i]) * (1 - beta1);
              v[i] = v[i] + (gi * gi - v[i]) * (1 - beta2);
              const mHat = (uT1 * m[i]) / (1 - uProductT1) + ((1 - uT) * gi) / (1 - muProduct);
              const denom = Math.sqrt(v[i] / bc2) + eps;
              x[i] = x[i] - (mHat * lr) / denom;
              eff[i] = lr / denom;
            }
          },
        };
      }
      case 'paper': {
        const psi = r.num('momentumDecay');
        const decay = PowerSeries.of(0.96, psi); // 0.96^{tψ}
        return {
          step(x, g, t, lr, eff) {
            const bc2 = 1 - beta2Powers.at(t);
            const mu = beta1 * (1 - 0.5 * decay.at(t));
            const muNext = beta1 * (1 - 0.5 * decay.at(t + 1));
            muProduct *= mu; // Π_{i≤t} μ_i
            const gradCoef = (1 - mu) / (1 - muProduct); // (1 − μ_t)·ĝ/g
            const momentumCoef = muNext / (1 - muProduct * muNext); // μ_{t+1}/(1 − Π_{i≤t+1} μ_i)
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = mu * m[i] + (1 - mu) * gi; // m_t ← μ_t m_{t−1} + (1 − μ_t) g_t
              v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
              const denom = Math.sqrt(v[i] / bc2) + eps;
              x[i] = x[i] - (lr * (gradCoef * gi + momentumCoef * m[i])) / denom;
              eff[i] = lr / denom;
            }
          },
        };
      }
      case 'optax': {
        const epsRoot = r.numOr('epsRoot', 0);
        return {
          step(x, g, t, lr, eff) {
            const bc1 = 1 - beta1Powers.at(t);
            const bc1Next = 1 - beta1Powers.at(t + 1);
            const bc2 = 1 - beta2Powers.at(t);
            for (let i = 0; i < x.length; i++) {
              const gi = g[i];
              m[i] = (1 - beta1) * gi + beta1 * m[i];
              v[i] = (1 - beta2) * (gi * gi) + beta2 * v[i];
              const mHat = beta1 * (m[i] / bc1Next) + (1 - beta1) * (gi / bc1);
              const denom = Math.sqrt(v[i] / bc2 + epsRoot) + eps;
              x[i] = x[i] + (mHat / denom) * -lr;
              eff[i] = lr / denom;
            }
          },
        };
      }
    }
  },
};
