import * as assert from 'assert';
import { parseObjective } from '../../../src/core/expr';

describe('expr: products of signature parameters written together', () => {
  it('f(x, y) = x^2 + 3xy reads 3xy as 3·x·y', () => {
    const r = parseObjective('f(x, y) = x^2 + 3xy');
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    assert.deepStrictEqual(r.value.variables, ['x', 'y']);
    // f(1, 2) = 1 + 6 = 7; ∂f/∂x = 2x + 3y = 8; ∂f/∂y = 3x = 3.
    assert.strictEqual(r.value.f([1, 2]), 7);
    const g = new Float64Array(2);
    r.value.grad([1, 2], g);
    assert.deepStrictEqual(Array.from(g), [8, 3]);
  });

  it('multi-letter parameters split too, and only as whole runs', () => {
    const r = parseObjective('f(a, bc) = abc + bc');
    assert.ok(r.ok);
    assert.strictEqual(r.value.f([2, 5]), 15); // a·bc + bc = 10 + 5
    const bad = parseObjective('f(x, y) = x + xz');
    assert.strictEqual(bad.ok, false);
    assert.match(!bad.ok ? bad.error.message : '', /'xz'/);
  });

  it('without a signature, a multi-letter name stays one variable', () => {
    const r = parseObjective('xy^2 + x');
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value.variables, ['x', 'xy']);
  });
});
