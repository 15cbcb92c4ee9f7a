/** The run loop: indexing, thinning, stop reasons, independence of runs, async = sync, JSON. */
import * as assert from 'node:assert/strict';
import { GradientSource, RunOptions, RunSpec, objectiveSource, runOptimizers, runOptimizersAsync, traceToJson } from '../../src/core/run';
import { learningRateAt } from '../../src/core/schedule';

/** f = ½Σx², g = x. */
const bowl = (dim = 1): GradientSource => objectiveSource(
  x => { let s = 0; for (let i = 0; i < dim; i++) s += x[i] * x[i]; return 0.5 * s; },
  (x, out) => { for (let i = 0; i < dim; i++) out[i] = x[i]; },
  dim,
);

function run(source: GradientSource, specs: RunSpec[], options: RunOptions) {
  const r = runOptimizers(source, specs, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('run', () => {
  it('records k = 0..N: path after k updates, f(path), gradient for update k+1, Δx of update k', () => {
    // SGD η = 0.5 on ½x² from 4: x_k = 4·0.5^k.
    const [t] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4], steps: 3 });
    assert.equal(t.count, 4);
    assert.deepEqual(Array.from(t.steps), [0, 1, 2, 3]);
    assert.deepEqual(Array.from(t.path), [4, 2, 1, 0.5]);
    assert.deepEqual(Array.from(t.loss), [8, 2, 0.5, 0.125]);
    assert.deepEqual(Array.from(t.gradient), [4, 2, 1, 0.5]);
    assert.deepEqual(Array.from(t.delta), [0, -2, -1, -0.5]);
    // Record 0 carries update 1's rates.
    assert.deepEqual(Array.from(t.effectiveLr), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(Array.from(t.lr), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(t.stop, { reason: 'max-steps', step: 3, detail: '3 updates' });
    assert.equal(t.optimizer, 'sgd');
    assert.equal(t.convention, 'pytorch');
    assert.equal(t.label, 'SGD (pytorch)');
    assert.deepEqual(t.hyperparameters, { lr: 0.5, weightDecay: 0 });
  });

  it('thins with `every`, always keeping the first and the last record', () => {
    const [t] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4], steps: 5, every: 2 });
    assert.deepEqual(Array.from(t.steps), [0, 2, 4, 5]);
    assert.deepEqual(Array.from(t.path), [4, 1, 0.25, 0.125]);
    // Δx is the step of update k itself, not the gap between records:
    // x₂ − x₁ = 1 − 2 = −1, x₄ − x₃ = 0.25 − 0.5 = −0.25, x₅ − x₄ = 0.125 − 0.25 = −0.125.
    assert.deepEqual(Array.from(t.delta), [0, -1, -0.25, -0.125]);
    const [u] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4], steps: 6, every: 3 });
    assert.deepEqual(Array.from(u.steps), [0, 3, 6]);
  });

  it('records the scheduled learning rate of each update', () => {
    const schedule = { kind: 'step' as const, stepSize: 2, gamma: 0.5 };
    const [t] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.4 }, schedule }], { start: [1], steps: 5 });
    // η_t = 0.4, 0.4, 0.2, 0.2, 0.1 for t = 1..5; record 0 carries η₁.
    assert.deepEqual(Array.from(t.lr), [0.4, 0.4, 0.4, 0.2, 0.2, 0.1]);
    for (let k = 1; k <= 5; k++) assert.equal(t.lr[k], learningRateAt(schedule, 0.4, k));
    // x_k = x_{k−1}(1 − η_k): 0.6, 0.36, 0.288, 0.2304, 0.20736
    const want = [1, 0.6, 0.36, 0.288, 0.2304, 0.20736];
    want.forEach((w, k) => assert.ok(Math.abs(t.path[k] - w) < 1e-15, `k=${k}`));
  });

  it('converged: gradient norm at or below the tolerance', () => {
    // ‖g(x_k)‖ = 4·0.5^k: 4, 2, 1, 0.5, 0.25 → first ≤ 0.3 at k = 4.
    const [t] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4], steps: 100, tolerance: { gradNorm: 0.3 } });
    assert.equal(t.stop.reason, 'converged');
    assert.equal(t.stop.step, 4);
    assert.match(t.stop.detail, /‖∇f‖ = 0\.25 <= 0\.3 after 4 updates/);
    assert.equal(t.count, 5);
    assert.equal(t.path[4], 0.25);
  });

  it('converged: loss change at or below the tolerance', () => {
    // f_k = 8·0.25^k: 8, 2, 0.5, 0.125, 0.03125; |Δf| = 6, 1.5, 0.375, 0.09375 → k = 4 for tol 0.1.
    const [t] = run(bowl(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4], steps: 100, every: 3, tolerance: { lossChange: 0.1 } });
    assert.deepEqual(t.stop, { reason: 'converged', step: 4, detail: '|Δloss| = 0.09375 <= 0.1 after 4 updates' });
    assert.deepEqual(Array.from(t.steps), [0, 3, 4]);
  });

  it('converged at the start point', () => {
    const [t] = run(bowl(), [{ optimizer: 'adam' }], { start: [0], steps: 10, tolerance: { gradNorm: 1e-12 } });
    assert.equal(t.stop.reason, 'converged');
    assert.equal(t.stop.step, 0);
    assert.equal(t.count, 1);
  });

  it('diverged: a too-large step on a bowl stops at the step it exceeds the limit, and the other run is unaffected', () => {
    // η = 2.5: x_k = (−1.5)^k. |x| > 100 first at k = 12 (1.5^11 ≈ 86.5, 1.5^12 ≈ 129.7).
    const specs: RunSpec[] = [
      { optimizer: 'sgd', hyperparameters: { lr: 2.5 }, label: 'too fast' },
      { optimizer: 'momentum', hyperparameters: { lr: 0.1, momentum: 0.5 } },
    ];
    const options = { start: [1], steps: 200, divergence: { maxAbsParam: 100 } };
    const [bad, good] = run(bowl(), specs, options);
    assert.equal(bad.stop.reason, 'diverged');
    assert.equal(bad.stop.step, 12);
    assert.match(bad.stop.detail, /\|x1\| = 129\.746 exceeds 100 after 12 updates/);
    assert.equal(bad.steps[bad.count - 1], 12);
    assert.equal(bad.label, 'too fast');
    assert.equal(good.stop.reason, 'max-steps');
    const [solo] = run(bowl(), [specs[1]], options);
    assert.deepEqual(Array.from(good.path), Array.from(solo.path));
  });

  it('diverged: a non-finite loss or gradient, and a loss beyond the limit', () => {
    // f = √x for x ≥ 0, NaN below: SGD from 0.25 with η = 1 jumps to 0.25 − 1 = −0.75.
    const sqrt = objectiveSource(x => Math.sqrt(x[0]), (x, out) => { out[0] = 0.5 / Math.sqrt(x[0]); }, 1);
    const [t] = run(sqrt, [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0.25], steps: 10 });
    assert.deepEqual(t.stop, { reason: 'diverged', step: 1, detail: 'the loss became NaN after 1 updates' });
    assert.equal(traceToJson(t).loss[1], null);
    // f = x² with η = 1.5: x_k = (−2)^k, f = 4^k; |f| > 1e6 first at k = 10 (4^10 ≈ 1.05e6).
    const square = objectiveSource(x => x[0] * x[0], (x, out) => { out[0] = 2 * x[0]; }, 1);
    const [u] = run(square, [{ optimizer: 'sgd', hyperparameters: { lr: 1.5 } }], { start: [1], steps: 100, divergence: { maxLoss: 1e6 } });
    assert.equal(u.stop.reason, 'diverged');
    assert.equal(u.stop.step, 10);
  });

  it('diverged at the start point when f or ∇f is not finite there', () => {
    const log = objectiveSource(x => Math.log(x[0]), (x, out) => { out[0] = 1 / x[0]; }, 1);
    const [t] = run(log, [{ optimizer: 'sgd' }], { start: [-1], steps: 10 });
    assert.deepEqual(t.stop, { reason: 'diverged', step: 0, detail: 'at the start point: the loss became NaN' });
  });

  it('cancelled: the signal is checked before every update', () => {
    const signal = { cancelled: false };
    const source = bowl();
    const watched: GradientSource = { ...source, gradient(x, t, out) { source.gradient(x, t, out); if (t === 4) signal.cancelled = true; } };
    // gradient(x, 4) is evaluated right after update 3, so update 4 never runs.
    const [a, b] = run(watched, [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }, { optimizer: 'adam' }], { start: [4], steps: 100, every: 10, signal });
    assert.deepEqual(a.stop, { reason: 'cancelled', step: 3, detail: 'cancelled after 3 updates' });
    assert.deepEqual(Array.from(a.steps), [0, 3]);
    assert.equal(a.path[1], 0.5);
    assert.equal(b.stop.reason, 'cancelled');
    assert.equal(b.stop.step, 0);
  });

  it('async: the same loop (identical traces), yielding between chunks, and cancellable', async () => {
    const specs: RunSpec[] = [{ optimizer: 'adam', hyperparameters: { lr: 0.1 } }, { optimizer: 'rmsprop', convention: 'keras' }];
    const options = { start: [3, -2], steps: 1000, every: 7 };
    const sync = run(bowl(2), specs, options);
    let yields = 0;
    const r = await runOptimizersAsync(bowl(2), specs, { ...options, yieldEvery: 100, yieldToEventLoop: async () => { yields++; } });
    assert.ok(r.ok);
    assert.deepEqual(r.value, sync);
    assert.equal(yields, 9); // 10 rounds of 100 updates; no yield after the last

    const signal = { cancelled: false };
    const c = await runOptimizersAsync(bowl(2), specs, { ...options, signal, yieldEvery: 50, yieldToEventLoop: async () => { signal.cancelled = true; } });
    assert.ok(c.ok);
    for (const t of c.value) assert.deepEqual(t.stop, { reason: 'cancelled', step: 50, detail: 'cancelled after 50 updates' });
  });

  it('validates everything before running anything, naming the run', () => {
    const msg = (specs: RunSpec[], options: Partial<RunOptions> = {}): string => {
      const r = runOptimizers(bowl(2), specs, { start: [1, 1], steps: 10, ...options });
      return r.ok ? '(ok)' : r.error.message;
    };
    assert.equal(msg([{ optimizer: 'sgd' }, { optimizer: 'adam', hyperparameters: { beta1: 1.5 } }]), 'run 2 (adam): beta1 must be in [0, 1), got 1.5');
    assert.match(msg([{ optimizer: 'adamm' as 'adam' }]), /^run 1 \(adamm\): unknown optimizer "adamm"/);
    assert.match(msg([{ optimizer: 'lion', convention: 'pytorch' }]), /^run 1 \(lion\): PyTorch core \(torch\.optim\) has no Lion/);
    assert.equal(msg([{ optimizer: 'sgd', schedule: { kind: 'warmup', warmupSteps: 0 } }]), 'run 1 (sgd): warmup schedule: warmupSteps must be a whole number >= 1, got 0');
    assert.equal(msg([{ optimizer: 'sgd' }], { start: [1] }), 'the start point has 1 coordinates but the objective has 2 variables');
    assert.equal(msg([{ optimizer: 'sgd' }], { start: [1, NaN] }), 'start coordinate 2 must be a finite number, got NaN');
    assert.equal(msg([{ optimizer: 'sgd' }], { steps: -1 }), 'steps must be a whole number >= 0, got -1');
    assert.equal(msg([{ optimizer: 'sgd' }], { every: 0 }), 'every must be a whole number >= 1, got 0');
    assert.equal(msg([{ optimizer: 'sgd' }], { tolerance: { gradNorm: -1 } }), 'tolerance.gradNorm must be a finite number >= 0, got -1');
  });

  it('steps = 0 records the start point only', () => {
    const [t] = run(bowl(), [{ optimizer: 'adam' }], { start: [2], steps: 0 });
    assert.equal(t.count, 1);
    assert.equal(t.stop.reason, 'max-steps');
    assert.ok(Number.isNaN(t.effectiveLr[0]) && Number.isNaN(t.lr[0]));
    assert.deepEqual(traceToJson(t).effectiveLr, [[null]]);
  });

  it('records epochs from the source, and passes the 1-based update number to gradient()', () => {
    const seen: number[] = [];
    const source: GradientSource = { ...bowl(), gradient(x, t, out) { seen.push(t); out[0] = x[0]; }, epochOf: t => (t <= 0 ? 0 : Math.ceil(t / 2)) };
    const [t] = run(source, [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [1], steps: 5 });
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(t.epoch ?? []), [0, 1, 1, 2, 2, 3]);
  });

  it('traceToJson: the CLI shape, nested per record, steps only when thinned', () => {
    const [t] = run(bowl(2), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4, -2], steps: 2 });
    const j = traceToJson(t);
    assert.deepEqual(Object.keys(j), ['optimizer', 'convention', 'label', 'hyperparameters', 'path', 'loss', 'effectiveLr', 'stop']);
    assert.deepEqual(j.path, [[4, -2], [2, -1], [1, -0.5]]);
    assert.deepEqual(j.loss, [10, 2.5, 0.625]);
    assert.deepEqual(j.effectiveLr, [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]);
    assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
    const [u] = run(bowl(2), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [4, -2], steps: 5, every: 2 });
    const ju = traceToJson(u, { detail: true });
    assert.deepEqual(ju.steps, [0, 2, 4, 5]);
    assert.deepEqual(ju.delta?.[0], [0, 0]);
    assert.deepEqual(ju.schedule, { kind: 'constant' });
  });

  it('a 12-optimizer run on Rosenbrock stays finite with every convention\'s defaults', () => {
    const rosen = objectiveSource(
      x => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2,
      (x, out) => { out[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]); out[1] = 200 * (x[1] - x[0] * x[0]); },
      2,
    );
    for (const convention of ['pytorch', 'keras', 'optax'] as const) {
      const ids = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam', 'adamw', 'lion'] as const;
      const specs = ids.filter(id => !(id === 'lion' && convention === 'pytorch')).map(id => ({ optimizer: id, convention }));
      const traces = run(rosen, specs, { start: [-1.2, 1], steps: 500, every: 50 });
      for (const t of traces) assert.ok(t.path.every(Number.isFinite), `${t.label}: ${t.stop.detail}`);
    }
  });
});
