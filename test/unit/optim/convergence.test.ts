/** Every rule and convention, through the run loop, reaches the minimum of convex quadratics. */
import * as assert from 'node:assert/strict';
import { RULES } from '../../../src/core/optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS, OptimizerId } from '../../../src/core/optim/types';
import { objectiveSource, runOptimizers } from '../../../src/core/run';

// f = ½(x² + 10y²) (condition number 10), minimum at 0; and a rotated, shifted bowl with minimum (1, −2).
const quadratic = objectiveSource(
  x => 0.5 * (x[0] * x[0] + 10 * x[1] * x[1]),
  (x, out) => { out[0] = x[0]; out[1] = 10 * x[1]; },
  2,
);
const shifted = objectiveSource(
  x => { const a = x[0] - 1, b = x[1] + 2; return a * a + a * b + b * b; },
  (x, out) => { const a = x[0] - 1, b = x[1] + 2; out[0] = 2 * a + b; out[1] = a + 2 * b; },
  2,
);

/** Rules whose step length does not shrink near the minimum by itself (steps of ±η, η‖x‖ or η·RMS(x)): run with a cosine schedule. */
const COSINE_SCHEDULED = ['lamb', 'signsgd', 'signum', 'adafactor'] as const;

/** Learning rates that suit a curvature of 1–10 (the defaults are tuned for networks, not bowls). */
const LR: Record<OptimizerId, number> = {
  sgd: 0.1, momentum: 0.02, nesterov: 0.02, adagrad: 0.5, rmsprop: 0.01, adadelta: 1,
  adam: 0.05, amsgrad: 0.05, adamax: 0.05, nadam: 0.05, adamw: 0.05, lion: 0.01,
  yogi: 0.05, adabelief: 0.05, lamb: 0.05, signsgd: 0.01, signum: 0.01, adan: 0.05, ftrl: 0.5, adafactor: 0.05, adopt: 0.05, ademamix: 0.01, prodigy: 1, 'schedulefree-adamw': 0.05, 'schedulefree-sgd': 0.1,
  radam: 0.05, rprop: 0.01, asgd: 0.1, lbfgs: 1,
};

describe('optim/convergence on convex quadratics', () => {
  for (const [name, source, minimum] of [['½(x² + 10y²)', quadratic, [0, 0]], ['shifted bowl', shifted, [1, -2]]] as const) {
    for (const id of OPTIMIZER_IDS) {
      for (const c of CONVENTIONS) {
        if (!RULES[id].defaults[c]) continue;
        it(`${id} (${c}) on ${name}`, () => {
          // Decoupled/L2 decay pulls the minimum toward 0, so it is switched off where it is on by default.
          const hp: Record<string, unknown> = { lr: LR[id] };
          if ('weightDecay' in (RULES[id].defaults[c] ?? {})) hp.weightDecay = 0;
          // AdaDelta's first steps are ~√ε: Keras's ε = 1e-7 needs far more than 3000 steps to get going.
          if (id === 'adadelta') hp.epsilon = 1e-6;
          // AdEMAMix's slow momentum (β₃ = 0.9999) remembers ~10⁴ steps, more than this run has: β₃ = 0.999.
          if (id === 'ademamix') hp.beta3 = 0.999;
          // Lion's steps are ±η, RMSprop's are ~η/RMS, and AdaDelta at a constant η settles into a limit
          // cycle whose size grows with ε (0.02–0.07 here at ε = 1e-6): a cosine schedule to 0 lets them settle.
          // L-BFGS gets there in a few steps; optax's (no line search) then runs into 1/(du·dw) = ∞ once
          // the iterates underflow below ~1e-150 (as optax would in float64), so it runs 20.
          const steps = id === 'lbfgs' ? 20 : 3000;
          // LAMB's steps are η‖x‖ long and Adafactor's η·RMS(x) (not 0 at the minimum): the same.
          const settles = id === 'lion' || id === 'rmsprop' || id === 'adadelta' || (COSINE_SCHEDULED as readonly string[]).includes(id);
          const schedule = settles ? { kind: 'cosine' as const, steps } : undefined;
          const r = runOptimizers(source, [{ optimizer: id, convention: c, hyperparameters: hp, schedule }], { start: [-1.5, 2], steps });
          assert.ok(r.ok, r.ok ? '' : r.error.message);
          const t = r.value[0];
          // L-BFGS stops by itself at the minimum: max|∇f| <= tolerance_grad (converged) or no descent
          // direction left (stalled); PyTorch's LBFGS.step would return without moving from there on.
          assert.equal(t.stop.reason, id === 'lbfgs' && t.stop.reason !== 'diverged' ? t.stop.reason : 'max-steps');
          const last = t.count - 1;
          const dist = Math.hypot(t.path[2 * last] - minimum[0], t.path[2 * last + 1] - minimum[1]);
          assert.ok(dist < 1e-2, `distance to the minimum ${dist}`);
          assert.ok(t.loss[last] < t.loss[0]);
        });
      }
    }
  }
});
