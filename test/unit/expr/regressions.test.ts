/**
 * Reproducers of wrong gradients found by fuzzing, each with the value worked out by hand.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { close, compile, gradAt } from './helpers';

describe('expr: the gradient takes the branch f takes', () => {
  it('0·sqrt(x) is NaN for x < 0, so (0*sqrt(x) < 1) is false there', () => {
    // f = y² at (−1, 3) (NaN < 1 is false): ∂f/∂y = 2y = 6.
    const o = compile('(0*sqrt(x) < 1) ? 1 : y^2');
    assert.equal(o.f([-1, 3]), 9);
    assert.deepEqual(gradAt(o, [-1, 3]), [0, 6]);
    // where the condition is true, f = 1: ∂f/∂y = 0
    assert.deepEqual(gradAt(o, [4, 3]), [0, 0]);
  });

  it('a declared constant 0 times sqrt(x) too', () => {
    const o = compile('a = 0; f(x, y) = (a*sqrt(x) < 1) ? y : y^2');
    assert.equal(o.f([-1, 3]), 9);
    assert.deepEqual(gradAt(o, [-1, 3]), [0, 6]);
    assert.deepEqual(gradAt(o, [4, 3]), [0, 1]);
  });

  it('0/0 is NaN, so (0/0 < 1) is false', () => {
    const o = compile('(0/0 < 1) ? x : 2*x');
    assert.equal(o.f([1]), 2);
    assert.deepEqual(gradAt(o, [1]), [2]);
  });

  it('−0 decides a branch: 1/(−0·pi) is −∞', () => {
    // −0·π = −0, 1/−0 = −∞ < 0: f = 2x, ∂f/∂x = 2.
    const o = compile('(1/(-0*pi) < 0) ? 2*x : x');
    assert.equal(o.f([1]), 2);
    assert.deepEqual(gradAt(o, [1]), [2]);
  });

  it('a comparison factor keeps its operands exactly', () => {
    // (0·sqrt(x) == 0) is false for x < 0 (NaN), so f = x²·0 and ∂f/∂x = 0 there; 2x for x ≥ 0.
    const o = compile('(0*sqrt(x) == 0) * x^2');
    assert.ok(gradAt(o, [-2])[0] === 0); // +0 or −0
    assert.deepEqual(gradAt(o, [3]), [6]);
  });
});

describe('expr: no overflow inside the compiled derivative where the derivative is moderate', () => {
  it('log(1e308*x, 10) at 1.2: 1/(x ln 10)', () => {
    const o = compile('log(1e308*x, 10)');
    close(o.f([1.2]), 308 + Math.log10(1.2), 1e-14, 'f');
    close(gradAt(o, [1.2])[0], 1 / (1.2 * Math.LN10), 1e-14, "f'");
  });

  it('log10 and log2 of a huge argument', () => {
    close(gradAt(compile('log10(1e308*x)'), [1.5])[0], 1 / (1.5 * Math.LN10), 1e-14, "log10'");
    close(gradAt(compile('log2(1e308*x)'), [1.5])[0], 1 / (1.5 * Math.LN2), 1e-14, "log2'");
    close(gradAt(compile('log(1e308*x)'), [1.5])[0], 1 / 1.5, 1e-14, "log'");
  });

  it('acosh(1e200*x) at 1: 1e200/sqrt(1e400 − 1) = 1', () => {
    close(gradAt(compile('acosh(1e200*x)'), [1])[0], 1, 1e-14, "acosh'");
    close(gradAt(compile('asinh(1e200*x)'), [2])[0], 0.5, 1e-14, "asinh'");
    close(gradAt(compile('acsch(1e200*x)'), [2])[0], -1e-200 / 4, 1e-14, "acsch'"); // −1/(1e200·x²)
  });

  it('a quotient whose denominator squared overflows keeps both terms', () => {
    // f = (x + 3)/(1e200·y) + x: ∂f/∂x = 1/(1e200·y) + 1, ∂f/∂y = −(x + 3)/(1e200·y²).
    const o = compile('(x + 3)/(1e200*y) + x');
    const [gx, gy] = gradAt(o, [2, 1]);
    close(gx, 1 + 1e-200, 1e-15, '∂x');
    assert.ok(Math.abs(gy / -5e-200 - 1) < 1e-14, `∂y = ${gy}, expected -5e-200`);
    // x/(1e200·y) + 2y at (2, 1): ∂/∂y = −2e−200 + 2 (the first term is tiny but not dropped to NaN/0 wrongly)
    const p = compile('x * 1e160 / (1e160 * y) - x / y');
    const [px, py] = gradAt(p, [3, 2]);
    close(px, 0, 1e-15, 'cancelling ∂x');
    close(py, 0, 1e-15, 'cancelling ∂y');
  });
});

describe('expr: acoth', () => {
  it('d/dx acoth(x) = 1/(1 − x²): −1/3 at 2, and the text shows that', () => {
    const o = compile('acoth(x)');
    close(gradAt(o, [2])[0], -1 / 3, 1e-15, "acoth'(2)");
    close(Number(mathjs.evaluate(o.gradient[0].text, { x: 2 })), -1 / 3, 1e-15, 'text');
  });
});
