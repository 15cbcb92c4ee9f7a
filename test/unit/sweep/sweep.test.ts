/** Learning-rate sweeps: grids and their errors, the divergence threshold at 2/λmax, budgets, slices, edge cases. */
import * as assert from 'node:assert/strict';
import {
  assembleSweep, checkBudget, DEFAULT_LR_GRID, gradientEvaluations, lrGridValues, parseLrGrid, runSweep, runSweepAsync,
  splitGrid, SweepConfig, SweepResult, sweepClaimed, sweepSlice, validateLrGrid, budgetAxes,
} from '../../../src/core/sweep';
import { datasetFromColumns } from '../../../src/core/data/dataset';
import { createDatasetSource } from '../../../src/core/data/sampler';
import { GradientSource, objectiveSource, recordTimes, runOptimizers } from '../../../src/core/run';
import { classicThreshold } from '../../../src/core/hessian';

/** f = 5x² + ½y²: Hessian diag(10, 1), λmax = 10. */
const quadratic: GradientSource = objectiveSource(x => 5 * x[0] * x[0] + 0.5 * x[1] * x[1], (x, out) => { out[0] = 10 * x[0]; out[1] = x[1]; }, 2);
const flat: GradientSource = objectiveSource(() => 3, (_x, out) => out.fill(0), 2);

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The largest lr that did not diverge and the smallest that did. */
function bracket(points: { lr: number; diverged: boolean }[]): [number, number] {
  const stable = points.filter(p => !p.diverged).map(p => p.lr);
  const diverged = points.filter(p => p.diverged).map(p => p.lr);
  return [Math.max(...stable), Math.min(...diverged)];
}

describe('sweep: grids', () => {
  it('the default grid is 25 log-spaced values from 1e-5 to 10 (ratio 10^(6/24) between neighbours)', () => {
    const g = lrGridValues(DEFAULT_LR_GRID);
    assert.equal(g.length, 25);
    assert.equal(g[0], 1e-5);
    assert.equal(g[24], 10);
    for (let i = 1; i < 25; i++) assert.ok(Math.abs(g[i] / g[i - 1] - 10 ** 0.25) < 1e-10);
    assert.deepEqual(lrGridValues({ lo: 1e-4, hi: 1, n: 5 }), [1e-4, 1e-3, 1e-2, 0.1, 1]);
  });

  it('parses lo:hi:n and names the field at fault', () => {
    assert.deepEqual(must(parseLrGrid('1e-3:1:4')), { lo: 1e-3, hi: 1, n: 4 });
    const msg = (t: string) => { const r = parseLrGrid(t); assert.ok(!r.ok, t); return r.error.message; };
    assert.match(msg('0:1:5'), /lo must be a finite number > 0, got 0/);
    assert.match(msg('-1:1:5'), /lo must be a finite number > 0/);
    assert.match(msg('1e-3:Infinity:5'), /hi must be a decimal number/);
    assert.match(msg('1e-3:1:201'), /n \(number of learning rates\) must be at most 200, got 201/);
    assert.match(msg('1e-3:1:2.5'), /n \(number of learning rates\) must be a whole number/);
    assert.match(msg('1:1e-3:5'), /lo \(1\) must not exceed its hi/);
    assert.match(msg('1e-3:1'), /lo:hi:n/);
    const r = validateLrGrid({ lo: NaN, hi: 1, n: 3 });
    assert.ok(!r.ok && /lo must be a finite number > 0/.test(r.error.message));
    assert.deepEqual(lrGridValues({ lo: 0.5, hi: 0.5, n: 1 }), [0.5]);
  });

  it('a budget over 10⁹ updates is refused, naming steps', () => {
    const r = checkBudget(7 * 200, 1_000_000, '7 optimizers × 200 learning rates');
    assert.ok(!r.ok && /^steps: .*1,400,000,000 updates; the limit is 1,000,000,000/.test(r.error.message), !r.ok ? r.error.message : '');
    assert.ok(checkBudget(7 * 25, 1000, 'x').ok);
    const s = runSweep({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }], grid: { lo: 1e-3, hi: 1, n: 200 }, steps: 6_000_000 });
    assert.ok(!s.ok && /^steps: /.test(s.error.message));
  });

  it('splits a grid into interleaved slices that cover it once', () => {
    const parts = splitGrid(7, 3);
    assert.deepEqual(parts, [[0, 3, 6], [1, 4], [2, 5]]);
    assert.deepEqual(splitGrid(2, 5), [[0], [1]]);
  });
});

describe('sweep: the divergence threshold from λmax', () => {
  const config = (optimizer: 'sgd' | 'momentum' | 'nesterov'): SweepConfig => ({
    source: quadratic, start: [1, 1], optimizers: [{ optimizer, hyperparameters: { momentum: 0.9 } }], steps: 1000,
  });
  const grid = lrGridValues(DEFAULT_LR_GRID);
  const oneStepAround = (threshold: number, [stable, diverged]: [number, number]) => {
    // The threshold lies between the last stable and the first diverged grid point, one grid step apart.
    assert.ok(stable < threshold && threshold <= diverged, `${stable} < ${threshold} <= ${diverged}`);
    assert.equal(grid.indexOf(diverged) - grid.indexOf(stable), 1);
  };

  it('GD on λmax = 10 diverges from the first grid point above 2/λmax = 0.2', () => {
    const r = must(runSweep({ ...config('sgd'), optimizers: [{ optimizer: 'sgd' }] }));
    oneStepAround(0.2, bracket(r.runs[0].points));
    assert.equal(classicThreshold('sgd', {}, 10).lr, 0.2);
  });

  it('heavy-ball momentum (μ = 0.9) at 2(1+μ)/λmax = 0.38', () => {
    const r = must(runSweep(config('momentum')));
    oneStepAround(0.38, bracket(r.runs[0].points));
    assert.ok(Math.abs(classicThreshold('momentum', { momentum: 0.9 }, 10).lr! - 0.38) < 1e-15);
  });

  it('Nesterov (μ = 0.9) at 2(1+μ)/((1+2μ)λmax) = 3.8/28', () => {
    const r = must(runSweep(config('nesterov')));
    oneStepAround(3.8 / 28, bracket(r.runs[0].points));
  });

  it('on a finer grid around 0.2 the split is exact to the grid step, for every convention of SGD', () => {
    for (const convention of ['pytorch', 'keras', 'optax'] as const) {
      const r = must(runSweep({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd', convention }], grid: { lo: 0.15, hi: 0.25, n: 21 }, steps: 3000 }));
      const [stable, diverged] = bracket(r.runs[0].points);
      assert.ok(stable < 0.2 && 0.2 < diverged && diverged / stable < 1.03, `${convention}: ${stable}, ${diverged}`);
    }
  });
});

describe('sweep: points', () => {
  it('final and best loss, stepsToTarget against the known minimum, the best lr, gradient evaluations', () => {
    // GD on ½·10x² alone (y fixed at 0): x_k = (1 − 10η)^k. η = 0.05: x_k = 0.5^k, f_k = 5·0.25^k.
    const r = must(runSweep({ source: quadratic, start: [1, 0], optimizers: [{ optimizer: 'sgd' }], grid: { lo: 0.05, hi: 0.05, n: 1 }, steps: 10, minimumValue: 0 }));
    const p = r.runs[0].points[0];
    assert.equal(p.finalLoss, 5 * 0.25 ** 10);
    assert.equal(p.bestLoss, 5 * 0.25 ** 10);
    // Target: 5 − 0.999·5 = 0.005; 5·0.25^k ≤ 0.005 first at k = 5 (0.0048828125).
    assert.ok(Math.abs(r.target.loss - 0.005) < 1e-15);
    assert.equal(p.stepsToTarget, 5);
    assert.equal(p.gradientEvaluations, 10);
    assert.deepEqual(r.runs[0].best, { lr: 0.05, finalLoss: 5 * 0.25 ** 10 });
  });

  it('diverged runs are points, not failures; best skips them', () => {
    const r = must(runSweep({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }], grid: { lo: 0.1, hi: 1, n: 2 }, steps: 200 }));
    assert.deepEqual(r.runs[0].points.map(p => p.diverged), [false, true]);
    assert.equal(r.runs[0].best!.lr, 0.1);
  });

  it('a flat function: no run lowers the loss, the target says so, no NaN', () => {
    const r = must(runSweep({ source: flat, start: [1, 1], optimizers: [{ optimizer: 'adam' }, { optimizer: 'sgd' }], grid: { lo: 1e-3, hi: 1, n: 4 }, steps: 50 }));
    assert.match(r.target.rule, /no run lowered the loss/);
    for (const run of r.runs) {
      for (const p of run.points) {
        assert.equal(p.finalLoss, 3);
        assert.equal(p.stepsToTarget, null);
        assert.equal(p.diverged, false);
      }
      assert.deepEqual(run.best, { lr: 1e-3, finalLoss: 3 });
    }
  });

  it('slices merged give the same result as one sweep; the async form too', async () => {
    const base: SweepConfig = { source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }, { optimizer: 'adam' }], grid: { lo: 1e-3, hi: 1, n: 7 }, steps: 100 };
    const whole = must(runSweep(base));
    const samples = splitGrid(7, 3).flatMap(ix => must(sweepSlice(base, ix)).samples);
    const merged = must(assembleSweep(base, samples, { cancelled: false, elapsedMs: 0 }));
    // Everything but the measured times.
    const untimed = (r: SweepResult) => r.runs.map(x => ({ ...x, points: x.points.map(p => ({ ...p, elapsedMs: 0 })) }));
    assert.deepEqual(untimed(merged), untimed(whole));
    const later = must(await runSweepAsync(base, { yieldToEventLoop: () => new Promise(r => setImmediate(r)), yieldEvery: 10 }));
    assert.deepEqual(untimed(later), untimed(whole));
  });

  it('claimed tasks: two claimers sharing one counter cover the grid once (task t = grid ⌊t/m⌋, optimizer t mod m)', () => {
    const base: SweepConfig = { source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }, { optimizer: 'adam' }], grid: { lo: 1e-3, hi: 1, n: 7 }, steps: 100 };
    let next = 0;
    const claim = () => (next < 14 ? next++ : -1);
    // The first stops after 5 tasks (as a thread would when the counter is taken by others), the second takes the rest.
    let taken = 0;
    const first = must(sweepClaimed(base, () => (taken++ < 5 ? claim() : -1))).samples;
    const second = must(sweepClaimed(base, claim)).samples;
    assert.deepEqual(first.map(x => [x.lrIndex, x.optimizerIndex]), [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0]]);
    assert.equal(second.length, 9);
    const whole = must(runSweep(base));
    const merged = must(assembleSweep(base, [...second, ...first], { cancelled: false, elapsedMs: 0 }));
    const untimed = (r: SweepResult) => r.runs.map(x => ({ ...x, points: x.points.map(p => ({ ...p, elapsedMs: 0 })) }));
    assert.deepEqual(untimed(merged), untimed(whole));
    // A set token: no task run, the result says cancelled.
    const stopped = must(sweepClaimed({ ...base, signal: { cancelled: true } }, () => 0));
    assert.deepEqual([stopped.samples.length, stopped.cancelled], [0, true]);
  });

  it('a set token stops the sweep within the current run; the result says cancelled', () => {
    let calls = 0;
    const token = { cancelled: false };
    // The token is set from inside the objective after 50 gradient calls: the loop stops at its next check.
    const source: GradientSource = { dim: 1, loss: x => x[0] * x[0], gradient: (x, _t, out) => { out[0] = 2 * x[0]; if (++calls === 50) token.cancelled = true; } };
    const r = must(runSweep({ source, start: [1], optimizers: [{ optimizer: 'sgd' }], grid: { lo: 1e-3, hi: 1e-2, n: 5 }, steps: 1000, signal: token }));
    assert.equal(r.cancelled, true);
    assert.equal(r.runs[0].points.length, 0);
    assert.equal(calls, 50);
  });

  it('bad input is an error value naming what is wrong', () => {
    const r = runSweep({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'nope' as 'sgd' }], steps: 10 });
    assert.ok(!r.ok && /optimizers\[0\]: unknown optimizer .*"nope"/.test(r.error.message), !r.ok ? r.error.message : '');
    const s = runSweep({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }], grid: { lo: 0, hi: 1, n: 3 }, steps: 10 });
    assert.ok(!s.ok && /lo must be a finite number > 0, got 0/.test(s.error.message));
    const t = runSweep({ source: quadratic, start: [1], optimizers: [{ optimizer: 'sgd' }], steps: 10 });
    assert.ok(!t.ok && /start point has 1 coordinates/.test(t.error.message));
  });
});

describe('equal budgets: gradient evaluations', () => {
  it('full batch costs N per step, SGD 1, minibatches B (the last batch of an epoch what is left)', () => {
    assert.equal(gradientEvaluations(3, { rows: 10, batchSize: 10 }), 30);
    assert.equal(gradientEvaluations(3, { rows: 10, batchSize: 1 }), 3);
    // B = 4 of 10 rows: batches 4, 4, 2 per epoch.
    assert.equal(gradientEvaluations(2, { rows: 10, batchSize: 4 }), 8);
    assert.equal(gradientEvaluations(3, { rows: 10, batchSize: 4 }), 10);
    assert.equal(gradientEvaluations(4, { rows: 10, batchSize: 4 }), 14);
    assert.equal(gradientEvaluations(7, undefined), 7);
    assert.equal(gradientEvaluations(0, { rows: 10, batchSize: 4 }), 0);
  });
});

describe('equal budgets: the axes of a dataset run', () => {
  // Loss (w·x − y)² on 4 rows, per-sample gradient 2x(wx − y).
  const loss = {
    variables: ['w'], dataColumns: ['x', 'y'],
    f: (w: ArrayLike<number>, d?: ArrayLike<number>) => (w[0] * d![0] - d![1]) ** 2,
    grad: (w: ArrayLike<number>, out: Float64Array, d?: ArrayLike<number>) => { out[0] = 2 * d![0] * (w[0] * d![0] - d![1]); },
  };
  const data = datasetFromColumns({ x: [1, 2, 3, 4], y: [2, 4, 6, 8] });
  const axesFor = (batchSize: number | 'full') => {
    const source = must(createDatasetSource(loss, data, { batchSize, shuffle: false, seed: 1 }));
    const [trace] = must(runOptimizers(source, [{ optimizer: 'sgd', hyperparameters: { lr: 0.01 } }], { start: [0], steps: 8 }));
    return { trace, axes: budgetAxes(trace, { rows: source.rows, batchSize: source.batchSize }, recordTimes(trace)) };
  };

  it('B = N counts N per step; B = 1 counts 1; epochs are steps over updates per epoch', () => {
    const full = axesFor('full').axes;
    assert.deepEqual(Array.from(full.gradientEvaluations), [0, 4, 8, 12, 16, 20, 24, 28, 32]);
    assert.deepEqual(Array.from(full.epochs!), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const sgd = axesFor(1).axes;
    assert.deepEqual(Array.from(sgd.gradientEvaluations), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(Array.from(sgd.epochs!), [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    // B = 3 of 4 rows: batches of 3 and 1.
    assert.deepEqual(Array.from(axesFor(3).axes.gradientEvaluations), [0, 3, 4, 7, 8, 11, 12, 15, 16]);
  });

  it('the time axis: one non-decreasing time per record, 0 at the start', () => {
    const { axes } = axesFor('full');
    assert.ok(axes.elapsedMs);
    assert.equal(axes.elapsedMs![0], 0);
    for (let c = 1; c < axes.elapsedMs!.length; c++) assert.ok(axes.elapsedMs![c] >= axes.elapsedMs![c - 1]);
  });
});
