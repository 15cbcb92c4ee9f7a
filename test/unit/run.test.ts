/** The run loop: indexing, thinning, bounded records, stop reasons (growth too), error values, async = sync, JSON. */
import * as assert from 'node:assert/strict';
import { AsyncRunOptions, GradientSource, lossAtSteps, MAX_RECORDS, MAX_STEPS, RunOptions, RunSpec, objectiveSource, runOptimizers, runOptimizersAsync, traceToJson } from '../../src/core/run';
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

  it('maxAbsParam bounds each coordinate, not their sum: |x| + |y| above it runs on, one |x_i| above it stops', () => {
    // f = (x − 6)² + (y − c)², SGD η = 0.5: one update lands on (6, c) (x − η·2(x − 6) = 6), then ∇f = 0.
    const pull = (c: number): GradientSource => objectiveSource(
      x => (x[0] - 6) ** 2 + (x[1] - c) ** 2,
      (x, out) => { out[0] = 2 * (x[0] - 6); out[1] = 2 * (x[1] - c); },
      2,
    );
    const sgdHalf: RunSpec[] = [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }];
    const options = { start: [6, 6], steps: 5, divergence: { maxAbsParam: 10 } };
    // c = 9: every point is (6, 9), |x| + |y| = 15 > 10 but each coordinate ≤ 10
    const [within] = run(pull(9), sgdHalf, options);
    assert.equal(within.stop.reason, 'max-steps');
    assert.deepEqual(Array.from(within.path.subarray(2)), [6, 9, 6, 9, 6, 9, 6, 9, 6, 9]);
    // c = 11: the first update lands on y = 11 > 10
    const [beyond] = run(pull(11), sgdHalf, options);
    assert.deepEqual(beyond.stop, { reason: 'diverged', step: 1, detail: '|x2| = 11 exceeds 10 after 1 updates' });
    assert.deepEqual(Array.from(beyond.delta), [0, 0, 0, 5]);
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

describe('run: bounded records', () => {
  /** SGD η = 0.5 on ½x² from 4: x_k = 4·0.5^k. */
  const sgdHalf: RunSpec[] = [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }];

  it('a full buffer drops the records at odd multiples of the stride and doubles it; first and last kept', () => {
    // maxRecords 4, 10 updates: 0 1 2 3 | at 4: keep 0 2, stride 2 → 0 2 4 6 | at 8: keep 0 4, stride 4 → 0 4 8 | last 10.
    const source: GradientSource = { ...bowl(), epochOf: t => Math.ceil(t / 3) };
    const [t] = run(source, sgdHalf, { start: [4], steps: 10, maxRecords: 4 });
    assert.deepEqual(Array.from(t.steps), [0, 4, 8, 10]);
    assert.equal(t.stride, 4);
    assert.equal(t.count, 4);
    const x = (k: number): number => 4 * 0.5 ** k;
    assert.deepEqual(Array.from(t.path), [x(0), x(4), x(8), x(10)]);
    assert.deepEqual(Array.from(t.loss), [x(0), x(4), x(8), x(10)].map(v => 0.5 * v * v));
    assert.deepEqual(Array.from(t.gradient), [x(0), x(4), x(8), x(10)]);
    // Δx of update k is x_k − x_{k−1} = −x_k (each update halves x).
    assert.deepEqual(Array.from(t.delta), [0, -x(4), -x(8), -x(10)]);
    assert.deepEqual(Array.from(t.effectiveLr), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(Array.from(t.epoch ?? []), [0, 2, 3, 4]);
    assert.equal(t.stop.reason, 'max-steps');
    const j = traceToJson(t);
    assert.equal(j.stride, 4);
    assert.deepEqual(j.steps, [0, 4, 8, 10]);
  });

  it('1,000,000 updates in 1,000 records: stride 1024 (the first power of two with 1000·S > 10⁶), the same records as every = 1024', () => {
    const steps = 1_000_000;
    const [t] = run(bowl(2), [{ optimizer: 'adam', hyperparameters: { lr: 0.01 } }], { start: [3, -2], steps, maxRecords: 1000 });
    assert.equal(t.stride, 1024);
    // 0, 1024, …, 976·1024 = 999424, then the last update 1,000,000: 977 + 1 records.
    assert.equal(t.count, 978);
    for (let c = 0; c < t.count - 1; c++) assert.equal(t.steps[c], c * 1024);
    assert.equal(t.steps[t.count - 1], steps);
    const [reference] = run(bowl(2), [{ optimizer: 'adam', hyperparameters: { lr: 0.01 } }], { start: [3, -2], steps, every: 1024 });
    assert.deepEqual(Array.from(reference.steps), Array.from(t.steps));
    for (const key of ['path', 'loss', 'gradient', 'delta', 'effectiveLr', 'lr'] as const) assert.deepEqual(Array.from(t[key]), Array.from(reference[key]), key);
  });

  it('early stops keep full resolution while they fit; `every` is the starting stride', () => {
    const [t] = run(bowl(), sgdHalf, { start: [4], steps: 2 ** 31, every: 3, maxRecords: 5, tolerance: { gradNorm: 4 * 0.5 ** 7 } });
    // ‖g‖ = x_k = 4·0.5^k ≤ 4·0.5^7 first at k = 7: records 0 3 6 and the last, 7.
    assert.deepEqual(Array.from(t.steps), [0, 3, 6, 7]);
    assert.equal(t.stride, 3);
  });

  it('any step count up to 2³²−1 runs in bounded memory (default MAX_RECORDS records); cancelled after 50,000 updates', async () => {
    const signal = { cancelled: false };
    const source = bowl(2);
    const watched: GradientSource = { ...source, gradient(x, t, out) { source.gradient(x, t, out); if (t === 50_001) signal.cancelled = true; } };
    const [t] = run(watched, [{ optimizer: 'adam' }], { start: [1, 1], steps: MAX_STEPS, signal });
    assert.deepEqual(t.stop, { reason: 'cancelled', step: 50_000, detail: 'cancelled after 50000 updates' });
    // MAX_RECORDS = 10,000: the stride doubles while 10,000·S ≤ 50,000 → S = 8; 0, 8, …, 50,000 = 6,251 records.
    assert.equal(MAX_RECORDS, 10_000);
    assert.equal(t.stride, 8);
    assert.equal(t.count, 6251);
    assert.equal(t.steps[t.count - 1], 50_000);
    signal.cancelled = false;
    const r = await runOptimizersAsync(watched, [{ optimizer: 'sgd' }], { start: [1, 1], steps: MAX_STEPS, signal, yieldEvery: 10_000, yieldToEventLoop: async () => undefined });
    assert.ok(r.ok);
    assert.equal(r.value[0].stop.step, 50_000);
    assert.ok(r.value[0].count <= MAX_RECORDS);
  });

  it('lossAtSteps lines up runs thinned differently (NaN where a run has no record of the step)', () => {
    const a = { steps: Uint32Array.from([0, 2, 4, 6, 7]), loss: Float64Array.from([10, 12, 14, 16, 17]) };
    assert.deepEqual(Array.from(lossAtSteps(a, [0, 4, 8, 9])), [10, 14, NaN, NaN]);
    assert.deepEqual(Array.from(lossAtSteps(a, [0, 1, 2, 3, 7])), [10, NaN, 12, NaN, 17]);
  });
});

describe('run: never throws, whatever the request', () => {
  const source = bowl(2);
  const good = { start: [1, 1], steps: 10 };
  const message = (src: unknown, specs: unknown, options: unknown): string => {
    const r = runOptimizers(src as GradientSource, specs as RunSpec[], options as RunOptions);
    return r.ok ? '(ok)' : r.error.message;
  };
  const cases: [string, unknown, unknown, unknown, string | RegExp][] = [
    ['steps 2³²', source, [{ optimizer: 'sgd' }], { ...good, steps: 2 ** 32 }, 'steps must be at most 4294967295, got 4294967296'],
    ['steps 1e300', source, [{ optimizer: 'sgd' }], { ...good, steps: 1e300 }, 'steps must be at most 4294967295, got 1e+300'],
    ['steps Infinity', source, [{ optimizer: 'sgd' }], { ...good, steps: Infinity }, 'steps must be a whole number >= 0, got Infinity'],
    ['steps NaN', source, [{ optimizer: 'sgd' }], { ...good, steps: NaN }, 'steps must be a whole number >= 0, got NaN'],
    ['steps missing', source, [{ optimizer: 'sgd' }], { start: [1, 1] }, 'steps must be a whole number >= 0, got nothing'],
    ['steps [1]', source, [{ optimizer: 'sgd' }], { ...good, steps: [1] }, 'steps must be a whole number >= 0, got a list [1]'],
    ['steps "5"', source, [{ optimizer: 'sgd' }], { ...good, steps: '5' }, 'steps must be a whole number >= 0, got the text "5"'],
    ['steps {}', source, [{ optimizer: 'sgd' }], { ...good, steps: {} }, 'steps must be a whole number >= 0, got an empty object'],
    ['every Infinity', source, [{ optimizer: 'sgd' }], { ...good, every: Infinity }, 'every must be a whole number >= 1, got Infinity'],
    ['maxRecords 1', source, [{ optimizer: 'sgd' }], { ...good, maxRecords: 1 }, 'maxRecords must be a whole number from 2 to 4294967295, got 1'],
    ['start missing', source, [{ optimizer: 'sgd' }], { steps: 10 }, 'the start point must be a list of numbers, got nothing'],
    ['start text', source, [{ optimizer: 'sgd' }], { ...good, start: 'ab' }, 'the start point must be a list of numbers, got the text "ab"'],
    ['start array-like object', source, [{ optimizer: 'sgd' }], { ...good, start: { length: 2 } }, 'the start point must be a list of numbers, got an object with length'],
    ['start with a text', source, [{ optimizer: 'sgd' }], { ...good, start: [1, '2'] }, 'start coordinate 2 must be a finite number, got the text "2"'],
    ['options null', source, [{ optimizer: 'sgd' }], null, 'the run options must be an object, got null'],
    ['tolerance 5', source, [{ optimizer: 'sgd' }], { ...good, tolerance: 5 }, 'tolerance must be an object, got 5'],
    ['divergence.maxLoss text', source, [{ optimizer: 'sgd' }], { ...good, divergence: { maxLoss: '1' } }, 'divergence.maxLoss must be a number > 0, got the text "1"'],
    ['growthUpdates 0', source, [{ optimizer: 'sgd' }], { ...good, divergence: { growthUpdates: 0 } }, 'divergence.growthUpdates must be a whole number >= 1, got 0'],
    ['source null', null, [{ optimizer: 'sgd' }], good, 'the gradient source must be an object with loss and gradient functions, got null'],
    ['dimension 0', { ...source, dim: 0 }, [{ optimizer: 'sgd' }], good, 'the objective must have at least one variable, got dimension 0'],
    ['specs null', source, null, good, 'the runs must be a list of { optimizer, … }, got null'],
    ['spec null', source, [null], good, 'run 1 must be an object { optimizer, … }, got null'],
    ['optimizer object', source, [{ optimizer: {} }], good, /^run 1 \(an empty object\): unknown optimizer an empty object \(known: sgd/],
    ['convention 3', source, [{ optimizer: 'sgd', convention: 3 }], good, /^run 1 \(sgd\): unknown convention 3 \(known/],
    ['hyperparameters list', source, [{ optimizer: 'sgd', hyperparameters: [1] }], good, 'run 1 (sgd): hyperparameters must be an object, got a list [1]'],
    ['schedule text', source, [{ optimizer: 'sgd', schedule: 'cosine' }], good, 'run 1 (sgd): the schedule must be an object with a kind, got the text "cosine"'],
    ['label number', source, [{ optimizer: 'sgd', label: 5 }], good, 'run 1 (sgd): label must be a text, got 5'],
  ];
  for (const [name, src, specs, options, want] of cases) {
    it(`${name}: an error value`, () => {
      const m = message(src, specs, options);
      if (typeof want === 'string') assert.equal(m, want);
      else assert.match(m, want);
      assert.doesNotMatch(m, /undefined|\[object Object\]/);
    });
  }

  it('an objective that throws: an error value naming the exception', async () => {
    const throwing = objectiveSource(() => { throw new RangeError('boom'); }, () => undefined, 1);
    assert.equal(message(throwing, [{ optimizer: 'sgd' }], { start: [1], steps: 5 }), 'the run stopped on an unexpected error (RangeError: boom)');
    const r = await runOptimizersAsync(throwing, [{ optimizer: 'sgd' }], { start: [1], steps: 5, yieldToEventLoop: async () => undefined });
    assert.deepEqual(r, { ok: false, error: { message: 'the run stopped on an unexpected error (RangeError: boom)' } });
    const bad = await runOptimizersAsync(bowl(), [{ optimizer: 'sgd' }], null as unknown as AsyncRunOptions);
    assert.equal(bad.ok, false);
  });
});

describe('run: divergence by growth', () => {
  /** ½Σx² with the gradient's sign flipped: every rule climbs. */
  const climbing = (dim = 1): GradientSource => objectiveSource(
    x => { let s = 0; for (let i = 0; i < dim; i++) s += x[i] * x[i]; return 0.5 * s; },
    (x, out) => { for (let i = 0; i < dim; i++) out[i] = -x[i]; },
    dim,
  );

  it('SGD climbing ½x² from 1 with η = 0.5: above f(start) + 10⁶·max(|f(start)|, 1) from update 18, diverged after 10 in a row (update 27)', () => {
    // x_t = 1.5^t, f = ½·2.25^t; limit = 0.5 + 10⁶. ½·2.25^17 ≈ 4.9e5 < limit < ½·2.25^18 ≈ 1.09e6,
    // so updates 18…27 are the first 10 in a row above it; f₂₇ = ½·2.25^27 ≈ 1.61e9.
    const [t] = run(climbing(), [{ optimizer: 'sgd', hyperparameters: { lr: 0.5 } }], { start: [1], steps: 1000 });
    assert.equal(0.5 * 2.25 ** 17 < 1e6 + 0.5 && 0.5 * 2.25 ** 18 > 1e6 + 0.5, true);
    assert.equal(t.stop.reason, 'diverged');
    assert.equal(t.stop.step, 27);
    assert.match(t.stop.detail, /^the loss rose above 1000000\.5 \(f\(start\) = 0\.5 plus 1000000·max\(\|f\(start\)\|, 1\)\) for 10 updates in a row, reaching 161\d{7} after 27 updates$/);
    // Well inside the absolute limits: |x| = 1.5^27 ≈ 56,815 < 10⁶.
    assert.ok(Math.abs(t.path[t.count - 1]) < 1e6);
  });

  it('a spike shorter than growthUpdates is not divergence; one as long is', () => {
    // x_t = t (SGD, η = 1, gradient −1); the loss is 10⁹ on [1, end) and 0 elsewhere; f(start) = 0, limit 10⁶.
    const spike = (end: number): GradientSource => objectiveSource(x => (x[0] >= 1 && x[0] < end ? 1e9 : 0), (_x, out) => { out[0] = -1; }, 1);
    const [short] = run(spike(10), [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0], steps: 30 });
    assert.equal(short.stop.reason, 'max-steps'); // above for updates 1..9 only
    const [long] = run(spike(11), [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0], steps: 30 });
    assert.equal(long.stop.reason, 'diverged');
    assert.equal(long.stop.step, 10);
    const [three] = run(spike(10), [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0], steps: 30, divergence: { growthUpdates: 3 } });
    assert.equal(three.stop.step, 3);
    const [off] = run(spike(11), [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0], steps: 30, divergence: { growthFactor: Infinity } });
    assert.equal(off.stop.reason, 'max-steps');
  });

  it('every rule in every convention, climbing, stops as diverged where the documented rules say', () => {
    const ids = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam', 'adamw', 'lion'] as const;
    // Rates that climb fast; no weight decay (decoupled decay would hold AdamW and Lion at a bounded x).
    const lr = (id: string): number => (id === 'adadelta' ? 1000 : id === 'adagrad' ? 100 : 1);
    for (const convention of ['pytorch', 'keras', 'optax'] as const) {
      const specs = ids.filter(id => !(id === 'lion' && convention === 'pytorch')).map(id => ({ optimizer: id, convention, hyperparameters: { lr: lr(id), ...(id === 'adamw' || id === 'lion' ? { weightDecay: 0 } : {}) } }));
      const traces = run(climbing(2), specs, { start: [1, -1], steps: 20_000, maxRecords: 20_001 });
      for (const t of traces) {
        assert.equal(t.stop.reason, 'diverged', `${t.label}: ${t.stop.detail}`);
        // The growth rule applied to the recorded losses: the first update ending 10 in a row above
        // f(start) + 10⁶·max(|f(start)|, 1) = 1 + 10⁶; and |x_i| ≤ 10⁶ (the default maxAbsParam) until then.
        const limit = 1 + 1e6;
        let above = 0;
        let growthStep = Infinity;
        let paramStep = Infinity;
        for (let k = 1; k < t.count; k++) {
          assert.equal(t.steps[k], k);
          above = t.loss[k] > limit ? above + 1 : 0;
          if (above === 10) growthStep = Math.min(growthStep, k);
          if (Math.abs(t.path[2 * k]) > 1e6 || Math.abs(t.path[2 * k + 1]) > 1e6) paramStep = Math.min(paramStep, k);
        }
        assert.equal(t.stop.step, Math.min(growthStep, paramStep), t.label);
        assert.match(t.stop.detail, paramStep <= growthStep ? /^\|x\d\| = / : /^the loss rose above 1000001 /, t.label);
      }
    }
  });

  it('lr = 1e6 on the bowl x² + y² from (−1.5, 1.8): Adam, AMSGrad, AdaMax and AdaDelta stop as diverged', () => {
    const bowl2 = objectiveSource(x => x[0] ** 2 + x[1] ** 2, (x, out) => { out[0] = 2 * x[0]; out[1] = 2 * x[1]; }, 2);
    const specs = (['adam', 'amsgrad', 'adamax', 'adadelta'] as const).map(id => ({ optimizer: id, hyperparameters: { lr: 1e6 } }));
    // f(start) = 2.25 + 3.24 = 5.49; limit = 5.49 + 5.49e6.
    for (const t of run(bowl2, specs, { start: [-1.5, 1.8], steps: 500 })) {
      assert.equal(t.stop.reason, 'diverged', `${t.label}: ${t.stop.detail}`);
      assert.match(t.stop.detail, /^the loss rose above 5490005\.49 /, t.label);
    }
  });

  it('thresholds are printed with the digits that make the comparison read true', () => {
    // SGD η = 1 with a constant gradient −1000000.4 from 0: x₁ = 1000000.4 > 10⁶.
    const push = objectiveSource(() => 0, (_x, out) => { out[0] = -1000000.4; }, 1);
    const [t] = run(push, [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], { start: [0], steps: 5, divergence: { maxAbsParam: 1e6 } });
    assert.equal(t.stop.detail, '|x1| = 1000000.4 exceeds 1000000 after 1 updates');
  });
});
