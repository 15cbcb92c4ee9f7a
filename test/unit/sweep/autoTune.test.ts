/**
 * autoTune evaluates the full loss only every TUNE_CHECK_EVERY updates (and at the end, and while
 * above the growth limit). Its choices are compared here with a plain reference written in this
 * file: every grid point through runOptimizers on the unwrapped source (the loss after every
 * update), the lowest final loss among the runs that did not diverge, taken when below f(start).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { autoTune, lrGridValues, TUNE_LR_GRID, type LrGrid, type SweepOptimizer } from '../../../src/core/sweep';
import { TUNE_CHECK_EVERY } from '../../../src/core/sweep/autoTune';
import { DEFAULT_GROWTH_UPDATES, GradientSource, runOptimizers } from '../../../src/core/run';
import { PRESETS } from '../../../src/core/presets';
import { RULES } from '../../../src/core/optim/registry';
import type { Convention, OptimizerId } from '../../../src/core/optim/types';
import { parseCsv } from '../../../src/core/data/csv';
import { prepareData } from '../../../src/core/dataRun';
import type { DataConfig, RunConfig } from '../../../src/core/protocol';
import { sweepTargetFor } from '../../../src/extension/panelSweep';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

interface Choice { lr: number; finalLoss?: number; tuned: boolean }

/** The reference: the loss after every update, the documented rule for "best". */
function reference(source: GradientSource, start: number[], optimizers: SweepOptimizer[], steps: number, grid: LrGrid = TUNE_LR_GRID): Choice[] {
  const rates = lrGridValues(grid);
  const f0 = source.loss(Float64Array.from(start));
  return optimizers.map(o => {
    let best: { lr: number; finalLoss: number } | null = null;
    for (const lr of rates) {
      const trace = must(runOptimizers(source, [{ optimizer: o.optimizer, convention: o.convention, hyperparameters: { ...(o.hyperparameters ?? {}), lr } }], { start, steps }))[0];
      assert.equal(trace.count, Math.min(steps, trace.stop.step) + 1, 'every update recorded');
      const finalLoss = trace.loss[trace.count - 1];
      if (trace.stop.reason !== 'diverged' && Number.isFinite(finalLoss) && (best === null || finalLoss < best.finalLoss)) best = { lr, finalLoss };
    }
    return best !== null && best.finalLoss < f0 ? { lr: best.lr, finalLoss: best.finalLoss, tuned: true } : { lr: NaN, tuned: false };
  });
}

function tuned(source: GradientSource, start: number[], optimizers: SweepOptimizer[], steps: number, extra: { tuneSteps?: number; grid?: LrGrid; cost?: { rows: number; batchSize: number } } = {}): Choice[] {
  const r = must(autoTune({ source, start, optimizers, steps, ...extra }));
  return r.runs.map(run => (run.provenance.kind === 'tuned' ? { lr: run.lr, finalLoss: run.finalLoss, tuned: true } : { lr: NaN, tuned: false }));
}

function assertSame(got: Choice[], want: Choice[], optimizers: SweepOptimizer[], where: string): void {
  want.forEach((w, i) => {
    const name = `${where}, ${optimizers[i].optimizer}`;
    assert.equal(got[i].tuned, w.tuned, `${name}: tuned`);
    if (w.tuned) {
      assert.equal(got[i].lr, w.lr, `${name}: lr`);
      assert.equal(got[i].finalLoss, w.finalLoss, `${name}: final loss`);
    }
  });
}

const DEFAULT_SEVEN: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'];
const root = path.resolve(__dirname, '../../../..');

describe('autoTune: the same choices as the loss after every update', () => {
  it('checks the loss at most every growthUpdates updates (so every growth streak holds a check)', () => {
    assert.ok(TUNE_CHECK_EVERY >= 1 && TUNE_CHECK_EVERY <= DEFAULT_GROWTH_UPDATES);
  });

  it('every preset, the panel’s seven default optimizers, 500 steps', function () {
    this.timeout(60_000);
    for (const p of PRESETS) {
      const config: RunConfig = { expression: p.expression, start: [...p.start], optimizers: DEFAULT_SEVEN, convention: 'pytorch', steps: 500, hyperparameters: {}, schedule: { kind: 'constant' } };
      const t = must(sweepTargetFor(config));
      assertSame(tuned(t.source, t.start, t.optimizers, 500), reference(t.source, t.start, t.optimizers, 500), t.optimizers, p.name);
    }
  });

  it('every rule of the registry (L-BFGS too) in its first convention on Rosenbrock and Himmelblau, 300 steps', function () {
    this.timeout(60_000);
    const optimizers: SweepOptimizer[] = (Object.keys(RULES) as OptimizerId[]).map(id => ({ optimizer: id, convention: Object.keys(RULES[id].defaults)[0] as Convention }));
    for (const id of ['rosenbrock', 'himmelblau']) {
      const p = PRESETS.find(q => q.id === id);
      assert.ok(p, id);
      const config: RunConfig = { expression: p.expression, start: [...p.start], optimizers: [], convention: 'pytorch', steps: 300, hyperparameters: {}, schedule: { kind: 'constant' } };
      const t = must(sweepTargetFor(config));
      assertSame(tuned(t.source, t.start, optimizers, 300), reference(t.source, t.start, optimizers, 300), optimizers, p.name);
    }
  });

  const datasets = [
    { file: 'linear-regression.csv', loss: '(w*x + b - y)^2', parameters: ['w', 'b'] },
    { file: 'classification.csv', loss: 'log(1 + exp(-y*(w1*x1 + w2*x2 + b)))', parameters: ['w1', 'w2', 'b'] },
  ];
  for (const d of datasets) {
    for (const batchSize of [16, 1, 'full'] as const) {
      it(`${d.file}, batch ${batchSize}, 20 epochs, standardised inputs, the seven default optimizers`, () => {
        const csv = must(parseCsv(fs.readFileSync(path.join(root, 'media/datasets', d.file), 'utf8')));
        const dataConfig: DataConfig = { file: d.file, parameters: d.parameters, batchSize, epochs: 20, shuffle: true, rescale: 'standard', seed: 1 };
        const data = must(prepareData(d.loss, csv, dataConfig));
        const config: RunConfig = { expression: d.loss, start: d.parameters.map(() => 0), optimizers: DEFAULT_SEVEN, convention: 'pytorch', steps: data.steps, hyperparameters: {}, schedule: { kind: 'constant' }, data: dataConfig };
        const t = must(sweepTargetFor(config, data));
        assert.ok(t.cost);
        // autoTune's cap for a dataset: at most max(10, 100,000 / B) updates, and 1,000.
        const steps = Math.min(data.steps, 1000, Math.max(10, Math.floor(100_000 / t.cost.batchSize)));
        assertSame(tuned(t.source, t.start, t.optimizers, data.steps, { cost: t.cost }), reference(t.source, t.start, t.optimizers, steps), t.optimizers, `${d.file} B=${batchSize}`);
      }).timeout(60_000);
    }
  }
});

/**
 * f(x) = x² (+∞ beyond x = 4000), start 1 (f = 1; growth limit 1 + 10⁶ = 1,000,001), SGD with
 * lr 1 and a gradient that moves x to 2000 (f = 4·10⁶, above the limit) for the updates in `high`,
 * to 5000 at update `spike`, to 0.5 otherwise: the gradient of update t at x is x − target(t), so
 * x_t = target(t).
 */
function scripted(high: (t: number) => boolean, spike?: number): GradientSource {
  const target = (t: number) => (t === spike ? 5000 : high(t) ? 2000 : 0.5);
  return {
    dim: 1,
    loss: x => (x[0] > 4000 ? Infinity : x[0] * x[0]),
    gradient: (x, t, out) => { out[0] = x[0] - target(t); },
  };
}
const one: LrGrid = { lo: 1, hi: 1, n: 1 };
const sgd: SweepOptimizer[] = [{ optimizer: 'sgd' }];

describe('autoTune: the growth rule stays exact between loss checks', () => {
  for (const [first, last, diverges] of [[3, 12, true], [3, 11, false], [11, 20, true], [12, 20, false], [5, 40, true]] as const) {
    it(`f above the limit after updates ${first}…${last} (${last - first + 1} in a row): ${diverges ? 'diverged' : 'not diverged'}, as with every loss`, () => {
      const source = scripted(t => t >= first && t <= last);
      const want = reference(source, [1], sgd, 60, one);
      // By the rule (10 updates in a row above the limit), derived by hand.
      assert.equal(want[0].tuned, !diverges);
      if (!diverges) assert.equal(want[0].finalLoss, 0.25);
      assertSame(tuned(source, [1], sgd, 60, { grid: one }), want, sgd, 'scripted');
    });
  }

  it('what differs from every update: a loss of +∞ at one update between two checks goes unseen', () => {
    // x = 5000 after update 5 only: f = +∞ there; x and the gradient stay finite.
    const source = scripted(() => false, 5);
    assert.equal(reference(source, [1], sgd, 60, one)[0].tuned, false);
    assert.deepEqual(tuned(source, [1], sgd, 60, { grid: one }), [{ lr: 1, finalLoss: 0.25, tuned: true }]);
  });
});
