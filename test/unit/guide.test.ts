import * as assert from 'assert';
import { demoConfig, GUIDE, type GuideDemo } from '../../src/webview/guide';
import { parseObjective } from '../../src/core/expr';
import { objectiveSource, runOptimizers, type Trace } from '../../src/core/run';
import { RULES } from '../../src/core/optim/registry';
import { readRunConfig, type RunConfig } from '../../src/core/protocol';

/** Runs a demonstration (without its noise) through the one run loop; every record kept. */
function run(demo: GuideDemo): Record<string, Trace> {
  const o = parseObjective(demo.expression);
  if (!o.ok) throw new Error(o.error.message);
  const source = objectiveSource(o.value.f, o.value.grad, o.value.variables.length);
  const specs = demo.optimizers.map(id => ({ optimizer: id, convention: demo.convention, hyperparameters: demo.hyperparameters[id] ?? {} }));
  const r = runOptimizers(source, specs, { start: demo.start, steps: demo.steps, maxRecords: demo.steps + 1 });
  if (!r.ok) throw new Error(r.error.message);
  return Object.fromEntries(r.value.map(t => [t.optimizer, t]));
}
const rowOf = (name: string) => {
  const row = GUIDE.find(r => r.name === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};
const last = (t: Trace, i: number) => t.path[(t.count - 1) * t.dim + i];
const dist = (t: Trace, to: number[]) => Math.hypot(...to.map((v, i) => last(t, i) - v));

const CURRENT: RunConfig = {
  expression: 'x^2', start: [1], optimizers: ['adam'], convention: 'keras', steps: 10, hyperparameters: { adam: { lr: 0.5 } }, schedule: { kind: 'constant' },
};

describe('webview guide (“When to use which”)', () => {
  it('one row per algorithm, in the order of the guide, each with its own texts', () => {
    assert.deepStrictEqual(GUIDE.map(r => r.name), ['GD (full batch)', 'SGD', 'Minibatch', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'AdaDelta', 'Adam', 'AMSGrad', 'AdaMax', 'Nadam', 'AdamW', 'Lion']);
    for (const r of GUIDE) {
      for (const t of [r.fixes, r.costs, r.choose, r.demo.look]) assert.ok(t.length > 30, `${r.name}: ${t}`);
      assert.ok(r.demo.optimizers.includes(r.optimizer), `${r.name}: its own optimizer runs in its demonstration`);
    }
  });

  it('every demonstration is a run configuration the protocol accepts, available in its convention', () => {
    for (const r of GUIDE) {
      const config = demoConfig(r.demo, CURRENT);
      const checked = readRunConfig(config);
      assert.ok(checked.ok, `${r.name}: ${checked.ok ? '' : checked.error}`);
      for (const id of r.demo.optimizers) assert.ok(RULES[id].defaults[r.demo.convention], `${r.name}: ${id} in ${r.demo.convention}`);
    }
  });

  it('on a dataset run, GD/SGD/minibatch keep the data and set the batch size; the others replace the objective', () => {
    const data = { file: '/d.csv', parameters: ['w', 'b'], batchSize: 8, epochs: 3, shuffle: true, rescale: 'none' as const, seed: 1 };
    const onData = { ...CURRENT, expression: '(w*x + b - y)^2', start: [0, 0], data };
    const sgd = demoConfig(rowOf('SGD').demo, onData);
    assert.deepStrictEqual(sgd.data, { ...data, batchSize: 1 });
    assert.strictEqual(sgd.expression, '(w*x + b - y)^2');
    assert.strictEqual(sgd.noise, undefined);
    assert.strictEqual(demoConfig(rowOf('GD (full batch)').demo, onData).data?.batchSize, 'full');
    const adagrad = demoConfig(rowOf('AdaGrad').demo, onData);
    assert.strictEqual(adagrad.data, undefined);
    assert.strictEqual(adagrad.expression, 'x^2 + 0.01*y^2');
    assert.deepStrictEqual(demoConfig(rowOf('SGD').demo, CURRENT).noise, { sigma: 2, seeds: 8 });
  });

  it('GD: η = 0.038 < 2/50 flips y every step; x (curvature 0.2) shrinks by (1 − 0.0076)²⁰⁰', () => {
    const t = run(rowOf('GD (full batch)').demo).sgd;
    // y_k = (1 − 0.038·50)^k = (−0.9)^k; x_k = −4·(1 − 0.038·0.2)^k.
    for (let k = 1; k <= 4; k++) assert.ok(Math.abs(t.path[k * 2 + 1] - Math.pow(-0.9, k)) < 1e-12, `y_${k}`);
    assert.ok(Math.abs(last(t, 0) - -4 * Math.pow(1 - 0.0076, 200)) < 1e-9, `x_200 = ${last(t, 0)}`);
  });

  it('momentum through the ravine: GD’s x is still −4·0.996²⁰⁰ ≈ −1.79; momentum ends within 0.01 of the minimum', () => {
    const r = run(rowOf('Momentum').demo);
    assert.ok(Math.abs(last(r.sgd, 0) - -4 * Math.pow(0.996, 200)) < 1e-9);
    assert.ok(dist(r.momentum, [0, 0]) < 0.01, `momentum ends ${dist(r.momentum, [0, 0])} away`);
  });

  it('Nesterov ends lower than momentum at μ = 0.95', () => {
    const r = run(rowOf('Nesterov').demo);
    assert.ok(r.nesterov.loss[r.nesterov.count - 1] < r.momentum.loss[r.momentum.count - 1]);
  });

  it('AdaGrad on a rare feature: SGD’s y is 1.5·(1 − 0.002)³⁰⁰ ≈ 0.82, AdaGrad reaches (0, 0)', () => {
    const r = run(rowOf('AdaGrad').demo);
    assert.ok(Math.abs(last(r.sgd, 1) - 1.5 * Math.pow(0.998, 300)) < 1e-9);
    assert.ok(dist(r.adagrad, [0, 0]) < 1e-6);
  });

  it('RMSprop recovers where AdaGrad stalls on Rosenbrock: AdaGrad ends > 0.1 from (1, 1), RMSprop < 0.02', () => {
    const r = run(rowOf('RMSprop').demo);
    assert.ok(dist(r.adagrad, [1, 1]) > 0.1, `adagrad ${dist(r.adagrad, [1, 1])}`);
    assert.ok(dist(r.rmsprop, [1, 1]) < 0.02, `rmsprop ${dist(r.rmsprop, [1, 1])}`);
    // AdaGrad's effective rate only falls (its sum only grows).
    for (let k = 2; k < r.adagrad.count; k++) assert.ok(r.adagrad.effectiveLr[k * 2] <= r.adagrad.effectiveLr[(k - 1) * 2] * (1 + 1e-12));
  });

  it('AMSGrad: after the bias correction settles its rate never rises, while Adam’s climbs more than 100×', () => {
    const r = run(rowOf('AMSGrad').demo);
    const rate = (t: Trace, k: number) => t.effectiveLr[k * t.dim];
    assert.ok(rate(r.adam, 299) / rate(r.adam, 30) > 100, `Adam ${rate(r.adam, 30)} → ${rate(r.adam, 299)}`);
    // β₂ = 0.9: 1 − 0.9^100 > 0.99997, so from step 100 on only the max of v moves the rate, downwards or not at all.
    for (let k = 101; k < 300; k++) assert.ok(rate(r.amsgrad, k) <= rate(r.amsgrad, k - 1) * (1 + 1e-4), `step ${k}`);
  });

  it('Adam follows the valley with a larger η than momentum survives, and ends closer to (1, 1)', () => {
    const r = run(rowOf('Adam').demo);
    assert.notStrictEqual(r.momentum.stop.reason, 'diverged');
    assert.ok(dist(r.adam, [1, 1]) < dist(r.momentum, [1, 1]));
  });

  it('Lion moves every coordinate by exactly η per step (sign updates)', () => {
    const t = run(rowOf('Lion').demo).lion;
    for (let k = 1; k <= 20; k++) for (let i = 0; i < 2; i++) assert.ok(Math.abs(Math.abs(t.path[k * 2 + i] - t.path[(k - 1) * 2 + i]) - 0.01) < 1e-12);
  });
});
