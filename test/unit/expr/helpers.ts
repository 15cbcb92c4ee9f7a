/** Shared test helpers for the expression layer: a seeded RNG and numeric comparisons. */
import * as assert from 'node:assert/strict';
import { CompiledObjective, parseObjective } from '../../../src/core/expr';

/** mulberry32: small, seeded, good enough to pick test points reproducibly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * CPU milliseconds this process spent since `since` (from `cpuNow()`): the no-hang guards of the
 * expression tests bound CPU time, not wall-clock time, so a machine busy with other processes
 * does not fail them.
 */
export const cpuNow = (): NodeJS.CpuUsage => process.cpuUsage();
export const cpuMsSince = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

export const uniform = (r: () => number, lo: number, hi: number): number => lo + (hi - lo) * r();

/** |a − b| ≤ tol·max(1, |b|), with a message naming what was compared. */
export function close(actual: number, expected: number, tol: number, what: string): void {
  const ok = Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (tol ${tol})`);
}

/** parseObjective that must succeed. */
export function compile(source: string, options?: Parameters<typeof parseObjective>[1]): CompiledObjective {
  const r = parseObjective(source, options);
  if (!r.ok) assert.fail(`parseObjective(${JSON.stringify(source)}) failed: ${r.error.message}`);
  return r.value;
}

/** The compiled gradient at x as a plain array. */
export function gradAt(o: CompiledObjective, x: number[], data?: number[]): number[] {
  const out = new Float64Array(o.variables.length);
  o.grad(x, out, data);
  return Array.from(out);
}

/** Central difference of o.f along each coordinate (independent of the compiled gradient). */
export function finiteDifference(o: CompiledObjective, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const up = [...x];
    const down = [...x];
    up[i] += h;
    down[i] -= h;
    return (o.f(up) - o.f(down)) / (2 * h);
  });
}
