import * as assert from 'assert';
import type { PanelModel, RunConfig, SweepView } from '../../src/core/protocol';
import type { BasinMap } from '../../src/core/sweep/types';

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
