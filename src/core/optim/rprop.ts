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
  },
  unavailable: {
    keras: 'Keras 3 (keras.optimizers) has no Rprop optimizer; choose the pytorch or optax convention.',
    paper: 'Rprop is not offered in the paper convention; PyTorch\'s Rprop is the iRprop− rule of Igel & Hüsken (choose the pytorch convention).',
  },
  formula: RPROP_TEX,
  source: {
    pytorch: 'torch/optim/rprop.py',
    optax: 'optax/_src/alias.py (rprop) + optax/_src/transform.py (scale_by_rprop)',
  },
  notes: {
    pytorch: 'lr is only the initial step size δ₀; a schedule does not change later steps.',
    optax: 'optax.rprop has no default learning rate; 1e-2 (PyTorch\'s) is used as δ₀. optax\'s code returns the previous step\'s update: every step lands one update late and the first is 0.',
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
    throw new Error(rprop.unavailable?.[convention]);
  },
};
