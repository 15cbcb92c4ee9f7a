/**
 * e^u differentiates to e^u·u′: the displayed text carries no `log(e)` factor.
 */
import * as assert from 'node:assert/strict';
import { parseObjective } from '../../../src/core/expr';

describe('expr: powers of e', () => {
  it('the logistic 1/(1 + e^(−t)): ∂f/∂t = e^(−t)/(1 + e^(−t))², shown without log(e)', () => {
    const r = parseObjective('1 / (1 + e ^ (-t))');
    assert.ok(r.ok);
    const [p] = r.value.gradient;
    assert.ok(!/log\(e\)/.test(p.text), p.text);
    // at t = 0.5: σ(t)·(1 − σ(t)) with σ = 1/(1 + e^−0.5)
    const s = 1 / (1 + Math.exp(-0.5));
    const g = new Float64Array(1);
    r.value.grad([0.5], g);
    assert.ok(Math.abs(g[0] - s * (1 - s)) < 1e-15);
  });

  it('e^(x·y): ∂f/∂x = y·e^(xy), no log(e)', () => {
    const r = parseObjective('e^(x*y)');
    assert.ok(r.ok);
    for (const p of r.value.gradient) assert.ok(!/log\(e\)/.test(p.text), p.text);
    const g = new Float64Array(2);
    r.value.grad([1, 2], g);
    assert.ok(Math.abs(g[0] - 2 * Math.exp(2)) < 1e-12 && Math.abs(g[1] - Math.exp(2)) < 1e-12);
  });
});
