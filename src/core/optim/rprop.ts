/**
 * Rprop (Riedmiller & Braun 1993; the iRprop− variant of Igel & Hüsken 2000): each coordinate keeps
 * its own step size δ, grown by η+ while the gradient keeps its sign and shrunk by η− when it flips;
 * the step is δ·sign(g), so the gradient's magnitude never enters.
 *   PyTorch torch/optim/rprop.py (_single_tensor_rprop; 1.13 and 2.x compute the same):
 *     state init: prev = 0, step_size = full_like(grad, lr)        (lr is only the initial δ)
 *     sign = grad.mul(prev).sign()
 *     sign[sign > 0] = etaplus; sign[sign < 0] = etaminus; sign[sign == 0] = 1
 *     step_size.mul_(sign).clamp_(step_size_min, step_size_max)
 *     grad = grad.clone(); grad[sign.eq(etaminus)] = 0               (after a flip: no step, forget g)
 *     param.addcmul_(grad.sign(), step_size, value=-1)
 *     prev.copy_(grad)
 *     __init__: `0.0 < etas[0] < 1.0 < etas[1]` else ValueError("Invalid eta values").
 *   optax optax/_src/alias.py rprop → transform.py scale_by_rprop, then scale(−1):
 *     init: step_sizes = full_like(params, learning_rate), prev_updates = 0
 *     sign = g · prev_updates
 *     step_sizes = where(sign == 0, step_size, clip(step_size·where(sign > 0, η+, η−), min, max))
 *     prev_updates = where(sign < 0, 0, step_sizes·sign(g))
 *     updates = where(sign < 0, 0, state.prev_updates)     ← the OLD prev_updates: x moves by the
 *                                                             previous step's δ·sign(g), one step late
 *     x ← x − updates
 *     So optax's Rprop applies each step one update late and its first update is 0 (the code as
 *     published; a fix is proposed upstream, not merged in the source followed here).
 *   Keras 3 has no Rprop.
 *   paper Riedmiller & Braun 1993, "A Direct Adaptive Method for Faster Backpropagation Learning:
 *   The RPROP Algorithm", eqs. (4)–(6) and the pseudo-code of §3, with s = ∂E/∂w(t−1)·∂E/∂w(t):
 *     s > 0: Δ ← min(Δ·η+, Δmax);  Δw = −sign(g)·Δ;  w ← w + Δw
 *     s < 0: Δ ← max(Δ·η−, Δmin);  w ← w − Δw(t−1)  (weight-backtracking: the last step is undone);
 *            ∂E/∂w(t−1) ← 0 (so the next step takes the s = 0 branch)
 *     s = 0: Δw = −sign(g)·Δ;  w ← w + Δw
 *     Δ₀ = 0.1, η+ = 1.2, η− = 0.5, Δmax = 50, Δmin = 1e-6 (the paper's values).
 *     PyTorch (iRprop−, Igel & Hüsken 2000) does not undo the step after a flip, it only skips one.
 * Effective learning rate: the step size δ of each coordinate after this update's adaptation.
 */
import { Convention, HyperparameterReader, Hyperparameters, P, Stepper, TEX, UpdateRule, joinTex } from './types';

const FACTOR = String.raw`\delta \leftarrow \operatorname{clip}\big(\delta\cdot\{\eta_+ \text{ if } s>0,\ \eta_- \text{ if } s<0,\ 1 \text{ if } s=0\},\ \delta_{min},\ \delta_{max}\big)`;

const RPROP_TEX = {
  pytorch: joinTex(TEX.narrow, [
    String.raw`s = g\,g_{prev}`,
    FACTOR,
    String.raw`g \leftarrow 0 \text{ where } s<0`,
    String.raw`x \leftarrow x - \delta\,\operatorname{sign}(g)`,
    String.raw`g_{prev} \leftarrow g`,
  ]),
  optax: joinTex(TEX.narrow, [
    String.raw`s = g\,u_{prev}`,
    FACTOR,
    String.raw`x \leftarrow x - [s \ge 0]\,u_{prev}`,
    String.raw`u_{prev} \leftarrow [s \ge 0]\,\delta\,\operatorname{sign}(g)`,
  ]),
} as const;

/** jnp.clip / torch clamp_(lo, hi): max first, then min (so lo > hi pins to hi). */
const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

export const rprop: UpdateRule = {
  id: 'rprop',
  label: 'Rprop',
  family: 'sign',
  summary: 'Per-coordinate step sizes that grow while the gradient keeps its sign and shrink when it flips; only the sign of g is used.',
  params: [P.lr, P.etaMinus, P.etaPlus, P.stepSizeMin, P.stepSizeMax],
  defaults: {
    pytorch: { lr: 1e-2, etaMinus: 0.5, etaPlus: 1.2, stepSizeMin: 1e-6, stepSizeMax: 50 },
    optax: { lr: 1e-2, etaMinus: 0.5, etaPlus: 1.2, stepSizeMin: 1e-6, stepSizeMax: 50 },
    paper: { lr: 0.1, etaMinus: 0.5, etaPlus: 1.2, stepSizeMin: 1e-6, stepSizeMax: 50 },
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no Rprop optimizer; choose the pytorch, optax or paper convention.',
  },
  formula: {
    ...RPROP_TEX,
    paper: joinTex(TEX.narrow, [
      String.raw`s = g\,g_{prev}`,
      FACTOR,
      String.raw`x \leftarrow \begin{cases} x - \Delta x_{prev} & s<0 \ (g_{prev} \leftarrow 0) \\ x + \Delta x,\ \Delta x = -\delta\operatorname{sign}(g) & \text{otherwise } (g_{prev} \leftarrow g) \end{cases}`,
    ]),
  },
  source: {
    pytorch: 'torch/optim/rprop.py',
    optax: 'optax/_src/alias.py (rprop) + optax/_src/transform.py (scale_by_rprop)',
    paper: 'Riedmiller & Braun 1993, "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm", eqs. 4–6',
  },
  notes: {
    pytorch: 'lr is only the initial step size δ₀; a schedule does not change later steps.',
    optax: 'optax.rprop has no default learning rate; 1e-2 (PyTorch\'s) is used as δ₀. optax\'s code returns the previous step\'s update: every step lands one update late and the first is 0.',
    paper: 'The original Rprop with weight-backtracking: after a sign flip the previous step is undone. lr is the initial update-value Δ₀ (0.1 in the paper).',
  },
  differences: {
    pytorch: 'iRprop− (Igel & Hüsken 2000): after a sign flip the step is skipped, not undone; Δ₀ = lr = 1e-2.',
    keras: 'Keras 3 has no Rprop.',
    optax: 'No backtracking (a flip skips the step), and each step lands one update late (the first is 0); no default Δ₀.',
  },
  effectiveLr: 'The step size δ of each coordinate after this update\'s adaptation (the move is δ·sign(g), or 0 after a sign flip).',
  validate(hp) {
    const lo = hp.stepSizeMin, hi = hp.stepSizeMax;
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) {
      return `Rprop step sizes must satisfy stepSizeMin <= stepSizeMax, got stepSizeMin = ${lo} > stepSizeMax = ${hi}`;
    }
    return undefined;
  },
  create(dim: number, hp: Hyperparameters, convention: Convention): Stepper {
    const r = new HyperparameterReader(rprop, convention, hp);
    const etaMinus = r.num('etaMinus');
    const etaPlus = r.num('etaPlus');
    const lo = r.num('stepSizeMin');
    const hi = r.num('stepSizeMax');
    const stepSize = new Float64Array(dim).fill(r.num('lr'));
    const prev = new Float64Array(dim);
    if (convention === 'pytorch') {
      return {
        step(x, g, _t, _lr, eff) {
          for (let i = 0; i < x.length; i++) {
            const s = Math.sign(g[i] * prev[i]);
            const factor = s > 0 ? etaPlus : s < 0 ? etaMinus : 1;
            stepSize[i] = clamp(stepSize[i] * factor, lo, hi);
            const gi = factor === etaMinus ? 0 : g[i]; // grad[sign.eq(etaminus)] = 0
            x[i] = x[i] - Math.sign(gi) * stepSize[i]; // param.addcmul_(grad.sign(), step_size, value=-1)
            prev[i] = gi;
            eff[i] = stepSize[i];
          }
        },
      };
    }
    if (convention === 'optax') {
      return {
        step(x, g, _t, _lr, eff) {
          for (let i = 0; i < x.length; i++) {
            const s = g[i] * prev[i];
            if (s !== 0) stepSize[i] = clamp(stepSize[i] * (s > 0 ? etaPlus : etaMinus), lo, hi);
            const update = s < 0 ? 0 : prev[i]; // where(sign < 0, 0, state.prev_updates)
            prev[i] = s < 0 ? 0 : stepSize[i] * Math.sign(g[i]);
            x[i] = x[i] - update; // scale(-1) then apply_updates
            eff[i] = stepSize[i];
          }
        },
      };
    }
    if (convention === 'paper') {
      const prevDelta = new Float64Array(dim); // Δw(t−1)
      return {
        step(x, g, _t, _lr, eff) {
          for (let i = 0; i < x.length; i++) {
            const s = g[i] * prev[i];
            if (s > 0) stepSize[i] = Math.min(stepSize[i] * etaPlus, hi); // eq. 4
            else if (s < 0) stepSize[i] = Math.max(stepSize[i] * etaMinus, lo);
            if (s < 0) {
              x[i] = x[i] - prevDelta[i]; // eq. 6: Δw(t) = −Δw(t−1)
              prevDelta[i] = 0;
              prev[i] = 0; // ∂E/∂w(t) ← 0
            } else {
              const delta = -Math.sign(g[i]) * stepSize[i]; // eq. 5
              x[i] = x[i] + delta;
              prevDelta[i] = delta;
              prev[i] = g[i];
            }
            eff[i] = stepSize[i];
          }
        },
      };
    }
    throw new Error(rprop.unavailable?.[convention]);
  },
};
