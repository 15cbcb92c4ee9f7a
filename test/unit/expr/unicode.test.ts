/**
 * Unicode maths reads as its mathjs spelling in every entry point that parses an objective
 * (CLI, input box, commands, panel): π is the constant, θ₀ a variable, x² a power.
 */
import * as assert from 'node:assert/strict';
import { checkExpression, parseObjective } from '../../../src/core/expr';

describe('expr: Unicode maths', () => {
  it('π·x² has one variable x, and π is the constant', () => {
    const r = parseObjective('π·x²');
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value.variables, ['x']);
    // f(2) = 4π, ∂f/∂x = 2πx = 4π at x = 2
    assert.ok(Math.abs(r.value.f([2]) - 4 * Math.PI) < 1e-12);
    const g = new Float64Array(1);
    r.value.grad([2], g);
    assert.ok(Math.abs(g[0] - 4 * Math.PI) < 1e-12);
  });

  it('θ₀ − 3×θ₁ ÷ 2: subscripts and Greek letters are names, − × ÷ operators', () => {
    const r = checkExpression('θ₀ − 3×θ₁ ÷ 2');
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual([...r.value.variables].sort(), ['theta0', 'theta1']);
    const o = parseObjective('θ₀ − 3×θ₁ ÷ 2');
    assert.ok(o.ok);
    const at = o.value.variables.map(v => (v === 'theta0' ? 5 : 2));
    assert.equal(o.value.f(at), 5 - 3);
  });

  it('an error after a rewritten character points into the text as written', () => {
    // `θ₀ + (x` is read as `theta0 + (x` (4 characters longer): the error at its end must still
    // be a position inside what the person wrote, at the first rewritten character (θ, index 0).
    const source = 'θ₀ + (x';
    const r = checkExpression(source);
    assert.ok(!r.ok);
    assert.equal(r.error.position, 0);
    assert.match(r.error.message, /in the text as read: theta0 \+ \(x/);
  });
});
