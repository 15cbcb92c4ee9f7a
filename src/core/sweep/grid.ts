/**
 * Learning-rate grids and sweep budgets: parsed and checked here, once, for every entry point (the
 * CLI's `--lr lo:hi:n`, the panel's sweep controls, autoTune). The limits are src/core/limits.ts's.
 */
import { describeValue } from '../describe';
import { LIMITS } from '../limits';
import { parseDecimal } from '../data/csv';
import { fail, ok, Result } from '../result';
import type { LrGrid } from './types';

/** The sweep's default grid: 25 learning rates from 1e-5 to 10, evenly spaced in log scale. */
export const DEFAULT_LR_GRID: Readonly<LrGrid> = Object.freeze({ lo: 1e-5, hi: 10, n: 25 });
/** The quick grid autoTune uses: 12 learning rates from 1e-4 to 1. */
export const TUNE_LR_GRID: Readonly<LrGrid> = Object.freeze({ lo: 1e-4, hi: 1, n: 12 });

/** Checks a grid: finite bounds > 0, lo ≤ hi, n a whole number from 1 to LIMITS.maxSweepPoints. Names the field at fault. */
export function validateLrGrid(grid: unknown): Result<LrGrid> {
  if (typeof grid !== 'object' || grid === null || Array.isArray(grid)) return fail(`the learning-rate grid must be an object { lo, hi, n }, got ${describeValue(grid)}`);
  const g = grid as Record<string, unknown>;
  for (const name of ['lo', 'hi'] as const) {
    const v = g[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return fail(`the grid's ${name} must be a finite number > 0, got ${describeValue(v)}`);
  }
  const lo = g.lo as number;
  const hi = g.hi as number;
  if (lo > hi) return fail(`the grid's lo (${lo}) must not exceed its hi (${hi})`);
  const n = g.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return fail(`the grid's n (number of learning rates) must be a whole number >= 1, got ${describeValue(n)}`);
  if (n > LIMITS.maxSweepPoints) return fail(`the grid's n (number of learning rates) must be at most ${LIMITS.maxSweepPoints}, got ${n}`);
  if (n > 1 && lo === hi) return fail(`the grid's lo and hi are both ${lo}: ${n} learning rates need lo < hi (or n = 1)`);
  return ok({ lo, hi, n });
}

/** `lo:hi:n` (e.g. `1e-5:10:25`), as the CLI's --lr takes it. */
export function parseLrGrid(text: string): Result<LrGrid> {
  if (typeof text !== 'string') return fail(`the learning-rate grid must be a text lo:hi:n, got ${describeValue(text)}`);
  const parts = text.trim().split(':');
  if (parts.length !== 3) return fail(`the learning-rate grid must be lo:hi:n (e.g. 1e-5:10:25), got '${text}'`);
  const [lo, hi, n] = parts.map(p => parseDecimal(p.trim()));
  const names = ['lo', 'hi', 'n'];
  for (let i = 0; i < 3; i++) {
    if (Number.isNaN([lo, hi, n][i])) return fail(`the grid's ${names[i]} must be a decimal number, got '${parts[i]}'`);
  }
  return validateLrGrid({ lo, hi, n });
}

/** The grid's learning rates, ascending: lo·(hi/lo)^(i/(n−1)), the ends exactly lo and hi. */
export function lrGridValues(grid: LrGrid): number[] {
  const { lo, hi, n } = grid;
  if (n === 1) return [lo];
  const a = Math.log(lo);
  const b = Math.log(hi);
  // Interior points rounded to 12 significant digits (1e-3, not 0.0010000000000000002, in tables and JSON).
  return Array.from({ length: n }, (_, i) => (i === 0 ? lo : i === n - 1 ? hi : Number(Math.exp(a + ((b - a) * i) / (n - 1)).toPrecision(12))));
}

/** Checks that `runs` runs of `steps` updates stay within LIMITS.maxSweepUpdates (and steps within LIMITS.maxSteps). */
export function checkBudget(runs: number, steps: unknown, what: string): Result<number> {
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1) return fail(`steps must be a whole number >= 1, got ${describeValue(steps)}`);
  if (steps > LIMITS.maxSteps) return fail(`steps must be at most ${LIMITS.maxSteps.toLocaleString('en-US')} per run, got ${steps.toLocaleString('en-US')}`);
  const total = runs * steps;
  if (total > LIMITS.maxSweepUpdates) {
    return fail(`steps: ${what} × ${steps.toLocaleString('en-US')} steps is ${total.toLocaleString('en-US')} updates; the limit is ${LIMITS.maxSweepUpdates.toLocaleString('en-US')} (use fewer steps or points)`);
  }
  return ok(steps);
}
