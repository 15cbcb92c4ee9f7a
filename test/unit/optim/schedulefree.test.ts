/**
 * Schedule-Free AdamW / SGD: keras/src/optimizers/schedule_free_adamw.py and optax/contrib/_schedule_free.py,
 * derived by hand from their updates; the average x recorded as the run's second point.
 */
import * as assert from 'node:assert/strict';
import { RULES, formulaFor, resolveHyperparameters } from '../../../src/core/optim/registry';
import { objectiveSource, runOptimizers } from '../../../src/core/run';
import { Convention, OptimizerId } from '../../../src/core/optim/types';
import { close, runRule, sequence, withExtraPoint } from './helpers';


describe('optim/schedulefree', () => {
  it('keras AdamW: step 1 puts y = x = z; step 2 averages x with weight 1/2 and y = 0.1z + 0.9x', () => {
    // y₀ = 1, η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8; g = 2 then 1.
    const z1 = 1 - (0.1 * 2) / (Math.sqrt(0.004 / 0.001) + 1e-8);
    const v2 = 0.004 + (1 - 0.004) * 0.001;
    const z2 = z1 - 0.1 / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
    const x2 = 0.5 * z1 + 0.5 * z2; // x_old = (y₁ − 0.1z₁)/0.9 = z₁
    const { y, x } = withExtraPoint('schedulefree-adamw', 'keras', { lr: 0.1 }, 1, [2, 1]);
    close(y[0], z1, 1e-14);
    close(x[0], z1, 1e-14);
    close(x[1], x2, 1e-14);
    close(y[1], 0.1 * z2 + 0.9 * x2, 1e-14);
  });

  it('optax AdamW with a constant η is Keras\'s rule (c_t = η²/(tη²) = 1/t)', () => {
    const grads = (x: Float64Array): number[] => [2 * x[0] - 1, 6 * x[1]];
    const k = runRule('schedulefree-adamw', 'keras', { lr: 0.05 }, [1, -1], grads, 50).xs;
    const o = runRule('schedulefree-adamw', 'optax', { lr: 0.05 }, [1, -1], grads, 50).xs;
    k.forEach((row, t) => row.forEach((v, i) => close(o[t][i], v, 1e-12, `step ${t}`)));
  });

  it('warm-up: optax\'s base step lags its averaging weight by one step; Keras warms from t/W', () => {
    // optax, W = 2, η = 0.1, y₀ = 1, g = 2, 2: t1 base rate 0 → nothing moves; t2: base rate 0.05,
    // η_sf = 0.1 → c = 0.01/(0.0025 + 0.01) = 0.8.
    const v2 = 0.001 * 4 + 0.999 * 0.001 * 4;
    const z2 = 1 - 0.05 * (2 / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8));
    const x2 = 0.2 * 1 + 0.8 * z2;
    const o = withExtraPoint('schedulefree-adamw', 'optax', { lr: 0.1, warmupSteps: 2 }, 1, [2, 2]);
    assert.equal(o.y[0], 1);
    close(o.x[1], x2, 1e-14);
    close(o.y[1], 0.9 * x2 + 0.1 * z2, 1e-14);
    // Keras, W = 2: the first step already uses η·1/2
    close(withExtraPoint('schedulefree-adamw', 'keras', { lr: 0.1, warmupSteps: 2 }, 1, [2]).y[0], 1 - 0.05 * (2 / (2 + 1e-8)), 1e-14);
  });

  it('weight decay: Keras decays y first, optax adds λy to the base direction', () => {
    // Keras, λ = 0.5, η = 0.1: y ← 0.95, z₀ = 1 (copied before), g = 2: z = 1 − 0.1·2/(2 + ε),
    // x_old = (0.95 − 0.1·1)/0.9, x = z (t = 1), y = z
    close(withExtraPoint('schedulefree-adamw', 'keras', { lr: 0.1, weightDecay: 0.5 }, 1, [2]).y[0], 1 - 0.2 / (2 + 1e-8), 1e-14);
    // optax: z = 1 − 0.1(2/(2 + ε) + 0.5·1)
    close(withExtraPoint('schedulefree-adamw', 'optax', { lr: 0.1, weightDecay: 0.5 }, 1, [2]).y[0], 1 - 0.1 * (2 / (2 + 1e-8) + 0.5), 1e-14);
  });

  it('optax SGD: two steps by hand, and the run loop records x beside the path y', () => {
    // y₀ = 1, η = 0.5, β₁ = 0.9: g = 2 → z = 0, x = 0, y = 0; g = 1 → z = −0.5, x = ½·0 + ½·(−0.5), y = 0.9x + 0.1z
    const sgd = withExtraPoint('schedulefree-sgd', 'optax', { lr: 0.5 }, 1, [2, 1]);
    assert.deepEqual(sgd.y, [0, 0.9 * -0.25 + 0.1 * -0.5]);
    assert.deepEqual(sgd.x, [0, -0.25]);
    // through the loop on f = x² − 2x (g = 2x − 2), start 3: y₁ = z₁ = x₁ = 3 − 0.5·4 = 1
    const src = objectiveSource(x => x[0] * x[0] - 2 * x[0], (x, out) => { out[0] = 2 * x[0] - 2; }, 1);
    const r = runOptimizers(src, [{ optimizer: 'schedulefree-sgd', convention: 'optax', hyperparameters: { lr: 0.5 } }], { start: [3], steps: 2 });
    assert.ok(r.ok);
    const t = r.value[0];
    assert.ok(t.extraPath, 'the average is recorded');
    assert.deepEqual(Array.from(t.extraPath.slice(0, 2)), [3, 1]);
    // t2 at y₁ = 1: g = 0, z stays 1, x = ½·x_prev + ½·1 with x_prev = (1 − 0.1·1)/0.9 = 1
    close(t.extraPath[2], 1, 1e-15);
    assert.equal(RULES['schedulefree-sgd'].extraPoint?.label, 'average x (Schedule-Free)');
  });

  it('checks with the field named; defaults per framework; formulas; PyTorch lacks both, Keras the SGD form', () => {
    const m = (id: OptimizerId, c: Convention, o: Record<string, unknown>): string => { const r = resolveHyperparameters(id, c, o); return r.ok ? '(ok)' : r.error.message; };
    assert.equal(m('schedulefree-adamw', 'keras', { warmupSteps: 2.5 }), 'warmupSteps must be a whole number, got 2.5');
    assert.equal(m('schedulefree-adamw', 'optax', { beta1: 0 }), 'beta1 must be in (0, 1], got 0');
    assert.equal(m('schedulefree-sgd', 'optax', { beta1: 1 }), '(ok)');
    assert.equal(m('schedulefree-adamw', 'keras', { weightLrPower: 1 }), 'weightLrPower is not a hyperparameter of schedulefree-adamw in the keras convention (only optax)');
    assert.deepEqual(RULES['schedulefree-adamw'].defaults.keras, { lr: 0.0025, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, warmupSteps: 0 });
    assert.deepEqual(RULES['schedulefree-sgd'].defaults.optax, { lr: 1, beta1: 0.9, weightDecay: 0, warmupSteps: 0, weightLrPower: 2 });
    for (const c of ['keras', 'optax'] as const) assert.equal(formulaFor(RULES['schedulefree-adamw'], c, { weightDecay: 0.1, warmupSteps: 10 }), RULES['schedulefree-adamw'].formula[c]);
    assert.equal(formulaFor(RULES['schedulefree-sgd'], 'optax', { weightDecay: 0.1, warmupSteps: 10 }), RULES['schedulefree-sgd'].formula.optax);
    assert.match(m('schedulefree-adamw', 'pytorch', {}), /^PyTorch core \(torch\.optim\) has no Schedule-Free AdamW optimizer; choose the keras, optax or paper convention\.$/);
    assert.match(m('schedulefree-sgd', 'keras', {}), /^Keras 3 \(keras\.optimizers\) has no Schedule-Free SGD optimizer; choose the optax or paper convention\.$/);
    void sequence;
  });
});
