/** Drives one update rule directly (no run loop) so tests can check single steps against hand values. */
import * as assert from 'node:assert/strict';
import { RULES, resolveHyperparameters } from '../../../src/core/optim/registry';
import { Convention, OptimizerId } from '../../../src/core/optim/types';

export interface Steps {
  /** xs[k] = parameters after k updates (xs[0] = start). */
  xs: number[][];
  /** effs[k−1] = effective learning rate of update k. */
  effs: number[][];
}

/**
 * Applies `n` updates with a constant learning rate (the resolved `lr`). `grad(x, t)` gives the
 * gradient for update t: a fixed sequence or a function of x.
 */
export function runRule(
  id: OptimizerId,
  convention: Convention,
  overrides: Record<string, unknown>,
  start: number[],
  grad: (x: Float64Array, t: number) => number[],
  n: number,
): Steps {
  const hp = resolveHyperparameters(id, convention, overrides);
  if (!hp.ok) throw new Error(hp.error.message);
  const stepper = RULES[id].create(start.length, hp.value, convention);
  const x = Float64Array.from(start);
  const g = new Float64Array(start.length);
  const eff = new Float64Array(start.length);
  const out: Steps = { xs: [Array.from(x)], effs: [] };
  for (let t = 1; t <= n; t++) {
    g.set(grad(x, t));
    const before = Array.from(g);
    stepper.step(x, g, t, hp.value.lr as number, eff);
    assert.deepEqual(Array.from(g), before, 'the stepper must not modify g');
    out.xs.push(Array.from(x));
    out.effs.push(Array.from(eff));
  }
  return out;
}

/** A fixed gradient sequence: update t gets seq[t−1] (scalars broadcast to every coordinate). */
/**
 * Drives a one-variable stepper that keeps a second point (Schedule-Free's averaged x) and returns
 * the path y and that point x after each update, for the given gradients.
 */
export function withExtraPoint(id: OptimizerId, c: Convention, overrides: Record<string, unknown>, y0: number, grads: number[]): { y: number[]; x: number[] } {
  const hp = resolveHyperparameters(id, c, overrides);
  if (!hp.ok) throw new Error(hp.error.message);
  const stepper = RULES[id].create(1, hp.value, c);
  const y = Float64Array.of(y0);
  const eff = new Float64Array(1);
  const out = { y: [] as number[], x: [] as number[] };
  grads.forEach((g, k) => {
    stepper.step(y, Float64Array.of(g), k + 1, hp.value.lr as number, eff);
    out.y.push(y[0]);
    out.x.push(stepper.extraPoint![0]);
  });
  return out;
}

export const sequence = (seq: (number | number[])[], dim = 1) => (_x: Float64Array, t: number): number[] => {
  const v = seq[t - 1];
  return Array.isArray(v) ? v : new Array<number>(dim).fill(v);
};

/** f = ½Σx² → g = x. */
export const bowl = (x: Float64Array): number[] => Array.from(x);

export function close(actual: number, expected: number, rel = 1e-12, msg = ''): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${msg} expected ${expected}, got ${actual} (|Δ| = ${Math.abs(actual - expected)} > ${tol})`);
}

export function closeAll(actual: number[], expected: number[], rel = 1e-12, msg = ''): void {
  assert.equal(actual.length, expected.length, `${msg} length`);
  actual.forEach((a, i) => close(a, expected[i], rel, `${msg}[${i}]`));
}

/**
 * Reproduces keras/src/optimizers/*_test.py `test_correctness_with_golden`: x = ones(10), one update
 * with gradient 0.01, then updates with arange(0.1, 1.1, 0.1); `golden[i]` is x after update i+1.
 * Keras asserts rtol = atol = 5e-4 (its variables are float32); so do we.
 */
export function assertKerasGolden(id: OptimizerId, overrides: Record<string, unknown>, golden: number[][]): void {
  const grads = [new Array<number>(10).fill(0.01)];
  const arange = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
  for (let i = 1; i < golden.length; i++) grads.push(arange);
  const { xs } = runRule(id, 'keras', overrides, new Array<number>(10).fill(1), sequence(grads), golden.length);
  golden.forEach((row, i) => row.forEach((want, j) => {
    const got = xs[i + 1][j];
    assert.ok(Math.abs(got - want) <= 5e-4 + 5e-4 * Math.abs(want), `${id} golden step ${i + 1}[${j}]: want ${want}, got ${got}`);
  }));
}

/** Keras `test_single_step`: x = [1, 2, 3, 4], gradient [1, 6, 7, 2], one update; rtol = atol = 1e-4. */
export function assertKerasSingleStep(id: OptimizerId, overrides: Record<string, unknown>, expected: number[]): void {
  const { xs } = runRule(id, 'keras', overrides, [1, 2, 3, 4], sequence([[1, 6, 7, 2]]), 1);
  expected.forEach((want, j) => assert.ok(Math.abs(xs[1][j] - want) <= 1e-4 + 1e-4 * Math.abs(want), `${id} single step[${j}]: want ${want}, got ${xs[1][j]}`));
}

/**
 * Keras `test_weight_decay`: var1 = 2 goes through three optimizers (lr 1, weight_decay 0.004, zero
 * gradient), so x = 2·(1 − 0.004)³ = 1.976095872; Keras asserts 1.9760959 to 6 decimals.
 */
export function assertKerasWeightDecay(id: OptimizerId): void {
  let x = [2];
  for (let i = 0; i < 3; i++) x = runRule(id, 'keras', { lr: 1, weightDecay: 0.004 }, x, sequence([0]), 1).xs[1];
  assert.ok(Math.abs(x[0] - 1.9760959) < 5e-7, `${id}: ${x[0]}`);
}
