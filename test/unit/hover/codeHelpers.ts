/** Shared helpers of the hover detection tests: detect at a marker, compare formulas by their values. */
import * as assert from 'assert';
import { parseObjective } from '../../../src/core/expr';
import { detectFormula } from '../../../src/core/hover';
import type { Detection, FoundFormula } from '../../../src/core/hover/types';
import { nodeAssets } from './assets';

/** Detects with the cursor on the first occurrence of `at` (plus `shift` characters). */
export async function detectAt(languageId: string, text: string, at: string, shift = 0): Promise<Detection> {
  const i = text.indexOf(at);
  assert.ok(i >= 0, `fixture has no '${at}'`);
  return detectFormula({ languageId, text }, i + shift, nodeAssets);
}

/**
 * Asserts that a formula was found and that it is the same function as `expected` (mathjs text
 * written by hand): same variables, same values at a few points.
 */
export function assertSameFunction(d: Detection, expected: string): FoundFormula {
  assert.ok(d.found, `no formula: ${d.found ? '' : d.reason}`);
  const got = parseObjective(d.formula.expression);
  const want = parseObjective(expected);
  assert.ok(got.ok, `the detected text does not parse: ${d.formula.expression}`);
  assert.ok(want.ok, `the expected text does not parse: ${expected}`);
  assert.deepStrictEqual([...got.value.variables].sort(), [...want.value.variables].sort(),
    `variables of ${d.formula.expression} vs ${expected}`);
  const names = want.value.variables;
  const points = [[0.3, 1.7, -0.4, 2.2], [1.25, -0.6, 0.9, 0.35], [2.5, 0.45, 1.1, -1.3]];
  for (const p of points) {
    const values: Record<string, number> = {};
    names.forEach((n, k) => { values[n] = p[k % p.length] + k * 0.01; });
    const fGot = got.value.f(got.value.variables.map(n => values[n]));
    const fWant = want.value.f(names.map(n => values[n]));
    if (Number.isNaN(fWant)) {
      assert.ok(Number.isNaN(fGot), `${d.formula.expression} at ${JSON.stringify(values)}`);
    } else {
      assert.ok(Math.abs(fGot - fWant) <= 1e-12 * Math.max(1, Math.abs(fWant)),
        `${d.formula.expression} = ${fGot} but ${expected} = ${fWant} at ${JSON.stringify(values)}`);
    }
  }
  return d.formula;
}

export function assertNone(d: Detection, reason?: RegExp): void {
  assert.ok(!d.found, `unexpected formula: ${d.found ? d.formula.expression : ''}`);
  if (reason && !d.found) assert.match(d.reason, reason);
}
