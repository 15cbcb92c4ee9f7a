import * as assert from 'assert';
import type { PanelModel, RunConfig, SweepView } from '../../src/core/protocol';
import type { BasinMap } from '../../src/core/sweep/types';
import { runPanelSweep, sweepTargetFor, type SweepTarget } from '../../src/extension/panelSweep';

/** Fixtures of the worker tests (threads and Web Workers): results compared to the bit, the double well. */

export function samePoints(a: SweepView, b: SweepView): void {
  assert.deepStrictEqual(a.grid, b.grid);
  assert.strictEqual(a.runs.length, b.runs.length);
  for (const [k, run] of a.runs.entries()) {
    const other = b.runs[k];
    assert.strictEqual(run.points.length, other.points.length);
    for (const [i, p] of run.points.entries()) {
      const q = other.points[i];
      for (const key of ['lr', 'finalLoss', 'bestLoss', 'diverged'] as const) assert.ok(Object.is(p[key], q[key]), `${run.optimizer} lr ${p.lr} ${key}: ${p[key]} vs ${q[key]}`);
    }
    assert.deepStrictEqual(run.best, other.best);
  }
}

export function sameMap(a: BasinMap, b: BasinMap): void {
  assert.deepStrictEqual(Array.from(a.labels), Array.from(b.labels));
  assert.strictEqual(a.finalLoss.length, b.finalLoss.length);
  for (let i = 0; i < a.finalLoss.length; i++) assert.ok(Object.is(a.finalLoss[i], b.finalLoss[i]), `start ${i}: ${a.finalLoss[i]} vs ${b.finalLoss[i]}`);
  assert.deepStrictEqual(a.minima, b.minima);
  assert.deepStrictEqual(a.counts, b.counts);
}

// f = (x² − 1)² + y²: minima (−1, 0) and (1, 0), separated by the line x = 0 (∂f/∂x = 4x(x² − 1)
// keeps the sign of x between −1 and 1, so gradient descent never crosses it).
export const wellConfig: RunConfig = {
  expression: '(x^2 - 1)^2 + y^2', start: [0.5, 0.5], optimizers: ['sgd'], convention: 'pytorch', steps: 300,
  hyperparameters: { sgd: { lr: 0.05 } }, schedule: { kind: 'constant' },
};
export const wellModel = {
  config: wellConfig,
  reference: { kind: 'preset', name: 'double well', minima: [[-1, 0], [1, 0]] },
  runs: [{ optimizer: 'sgd', convention: 'pytorch', hyperparameters: { lr: 0.05, weightDecay: 0 } }],
} as unknown as PanelModel;

/** A macrotask turn: what the panel host's slices yield to. */
export const yieldNow = (): Promise<void> => new Promise<void>(r => setImmediate(r));

export const sweepConfig = (expression: string, optimizers: RunConfig['optimizers'], start = [1, 1]): RunConfig => ({
  expression, start, optimizers, convention: 'pytorch', steps: 300, hyperparameters: {}, schedule: { kind: 'constant' },
});

/** The fallback tests' reference: SGD on x² + 25y² over 4 learning rates, 100 steps, on the host's slices. */
export async function slicedReference(): Promise<{ target: SweepTarget; grid: { lo: number; hi: number; n: number }; sliced: SweepView }> {
  const target = sweepTargetFor(sweepConfig('x^2 + 25*y^2', ['sgd']));
  assert.ok(target.ok);
  const grid = { lo: 1e-3, hi: 1, n: 4 };
  const sliced = await runPanelSweep(target.value, grid, 100, { cancelled: false }, () => undefined, yieldNow);
  assert.ok(sliced.ok);
  return { target: target.value, grid, sliced: sliced.value };
}
