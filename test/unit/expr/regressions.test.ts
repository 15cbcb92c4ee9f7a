/**
 * Reproducers of wrong gradients found by fuzzing, each with the value worked out by hand.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { close, compile, cpuMsSince, cpuNow, gradAt } from './helpers';

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

describe('expr: no overflow in the hypot and atan2 rules', () => {
  it('hypot(1e300*x) at 2: ∂f/∂x = 1e300·sign(x) = 1e300, not ∞', () => {
    // hypot(u) = |u|, u = 1e300·x: derivative (u/|u|)·1e300
    const o = compile('hypot(1e300*x)');
    assert.equal(gradAt(o, [2])[0], 1e300);
    assert.equal(gradAt(o, [-2])[0], -1e300);
    // the shown text evaluates to the same value (no 1e300·1e300 folded to Infinity)
    close(Number(mathjs.evaluate(o.gradient[0].text, { x: 2 })) / 1e300, 1, 1e-14, 'text');
  });

  it('cbrt(x) * (y + hypot(1e300*z) + 1000): ∂f/∂z = cbrt(x)·1e300', () => {
    const o = compile('cbrt(x) * (y + hypot(z*1e+300) + 1000)');
    const [, , gz] = gradAt(o, [8, 1, 2]);
    close(gz / 1e300, 2, 1e-14, '∂z'); // cbrt(8) = 2
  });

  it('atan2 of a huge argument: (x·y′ − y·x′)/(x² + y²) without squaring', () => {
    // f = atan2(1e200·y, x): ∂f/∂y = 1e200·x/(x² + 1e400·y²) = x/(1e200·y²) at x = 3, y = 1: 3e−200
    const o = compile('atan2(1e200*y, x)');
    const [gx, gy] = gradAt(o, [3, 1]);
    close(gy / 3e-200, 1, 1e-12, '∂y');
    close(gx / -1e-200, 1, 1e-12, '∂x'); // −y·1e200/(1e400·y²) = −1e−200
  });
});

describe('expr: a derivative that is 0 symbolically is 0, not 0·∞', () => {
  it('sqrt(y − y) + x at (1, 2): ∂f/∂y = 0 (f does not depend on y)', () => {
    const o = compile('sqrt(y - y) + x');
    assert.deepEqual(gradAt(o, [1, 2]), [1, 0]);
    assert.equal(o.gradient[1].text, '0');
  });

  it('nthRoot(y − y, 2) and (y^2 − y^2)^(1/3) likewise', () => {
    assert.deepEqual(gradAt(compile('nthRoot(y - y, 2) + x'), [1, 2]), [1, 0]);
    assert.deepEqual(gradAt(compile('cbrt(y^2 - y^2) + x'), [1, 2]), [1, 0]);
  });

  it('atan2 with an exp that overflows: shown and evaluated partials agree (0)', () => {
    // ∂/∂y: exp(0.5/z) does not depend on y and `or` is piecewise constant, so the partial is 0;
    // at z = 0.001, exp(500) = ∞ made the old rule's exp(…)·0 NaN while the text showed 0.
    const o = compile('abs(x + z) * -atan2(exp(0.5/z), (2/y) or (-y))');
    const g = gradAt(o, [1, 1, 0.001]);
    assert.equal(g[1], 0);
    assert.equal(o.gradient[1].text, '0');
  });
});

describe('expr: deep power towers', () => {
  it('x^x^…^x (60 levels) parses, and its Hessian gives up early', () => {
    const source = 'x^'.repeat(60) + 'x';
    let t0 = cpuNow();
    const r = compile(source);
    const parseMs = cpuMsSince(t0);
    t0 = cpuNow();
    const h = r.hessian();
    const hessianMs = cpuMsSince(t0);
    // CPU time, generous bounds; before, the Hessian alone took seconds
    assert.ok(parseMs < 3000, `parse took ${parseMs} ms`);
    assert.ok(hessianMs < 3000, `hessian took ${hessianMs} ms`);
    assert.ok(h.ok);
    // x^x^…^x at 1 is 1 and its derivative there is 1 (every level: d/dx x^g = x^g (g′ log x + g/x) = g(1) = 1)
    assert.equal(r.f([1]), 1);
    close(gradAt(r, [1])[0], 1, 1e-12, 'tower′(1)');
  });
});

describe('expr: no ∞/∞ or 0/0 inside a chain rule where the derivative is finite', () => {
  it('softplus log(1 + exp(−1000·x)): derivative −1000/(exp(1000·x) + 1)', () => {
    const o = compile('log(1 + exp(-1000*x))');
    // x = −1: exp(1000) overflows in f′'s naive form exp(w)·w′/(1 + exp(w)); the value is −1000/(e^−1000 + 1) = −1000
    close(gradAt(o, [-1])[0], -1000, 1e-12, 'at −1');
    close(gradAt(o, [0])[0], -500, 1e-12, 'at 0');
    assert.ok(Math.abs(gradAt(o, [1])[0]) < 1e-300, 'at 1: −1000/(e^1000 + 1) ≈ 0');
  });

  it('log(2 + exp(x)) and log1p(exp(x)) at x = 1000 have derivative 1', () => {
    const a = compile('log(2 + exp(x))');
    close(gradAt(a, [1000])[0], 1, 1e-12, 'log(2 + e^x)′(1000)');
    close(gradAt(a, [0])[0], 1 / 3, 1e-12, 'log(2 + e^x)′(0) = 1/3');
    const b = compile('log1p(exp(x))');
    close(gradAt(b, [800])[0], 1, 1e-12, 'log1p(e^x)′(800)');
    close(gradAt(b, [0])[0], 0.5, 1e-12, 'log1p(e^x)′(0) = 1/2');
  });

  it('a branch whose derivative is 0 stays 0 through acsc′ = 1/0 at |u| = 1', () => {
    const o = compile('cot(acsc(z ? x : y + x))');
    const at = (x: number, y: number, z: number): number[] => gradAt(o, o.variables.map(v => ({ x, y, z }[v] as number)));
    const idx = (v: string): number => o.variables.indexOf(v);
    // z = 1 takes u = x = 1: f does not depend on y there, ∂f/∂y = 0 (not 0/0)
    assert.equal(at(1, 3, 1)[idx('y')], 0);
    // z = 0: f = cot(asin(1/u)) = √(u² − 1) with u = x + y = 2, so ∂f/∂y = u/√(u² − 1) = 2/√3
    close(at(0.5, 1.5, 0)[idx('y')], 2 / Math.sqrt(3), 1e-12, '∂f/∂y at u = 2');
    close(at(0.5, 1.5, 0)[idx('x')], 2 / Math.sqrt(3), 1e-12, '∂f/∂x at u = 2');
  });
});

describe('expr: the quotient rule does not divide ∞ by ∞ when the denominator is a product', () => {
  it('1/(asech(sin(y))·z) at y = 0: f = 1/∞ = 0 for every z, so ∂f/∂z = 0', () => {
    const o = compile('1/(asech(sin(y))*z)');
    const iz = o.variables.indexOf('z');
    const x = o.variables.map(v => (v === 'y' ? 0 : 2));
    assert.equal(o.f(x), 0);
    assert.equal(gradAt(o, x)[iz], -0); // −1/(∞·z²) = −0
  });

  it('1/((2 + x)·z) at (1, 2): ∂f/∂x = −1/((2 + x)²z) = −1/18, ∂f/∂z = −1/((2 + x)z²) = −1/12', () => {
    const o = compile('1/((2 + x)*z)');
    const g = gradAt(o, o.variables.map(v => (v === 'x' ? 1 : 2)));
    close(g[o.variables.indexOf('x')], -1 / 18, 1e-14, '∂f/∂x');
    close(g[o.variables.indexOf('z')], -1 / 12, 1e-14, '∂f/∂z');
  });
});

describe('expr: the power rule cancels the base in w/u', () => {
  it('z^(x·z): ∂f/∂z = z^(xz)·x·(1 + log z), −∞ at z = 0 (not 0/0), 4(1 + ln 2) at (1, 2)', () => {
    const o = compile('z^(x*z)');
    const at = (x: number, z: number): number[] => gradAt(o, o.variables.map(v => (v === 'x' ? x : z)));
    const iz = o.variables.indexOf('z');
    const ix = o.variables.indexOf('x');
    assert.equal(at(2, 0)[iz], -Infinity);
    close(at(1, 2)[iz], 4 * (1 + Math.LN2), 1e-14, '∂f/∂z at (1, 2)');
    close(at(1, 2)[ix], 8 * Math.LN2, 1e-14, '∂f/∂x = z^(xz)·z·log z at (1, 2)');
  });

  it('the shown ∂f/∂z of tan(z^(x·z) + csc(y)) at z = 0 and the evaluated one are both +∞', () => {
    const o = compile('tan(z^(x*z) + csc(y))');
    const x = o.variables.map(v => ({ x: -0.00022246230859309518, y: 0.0024926356878131623, z: 0 }[v] as number));
    const iz = o.variables.indexOf('z');
    // sec(1 + csc(y))²·1·x·(1 + log 0) with x < 0: +∞
    assert.equal(gradAt(o, x)[iz], Infinity);
    const shown = compile(o.gradient[iz].text, { variables: o.variables });
    assert.equal(shown.f(x), Infinity);
  });
});

describe('expr: acoth of a huge argument', () => {
  it('acoth(1e308/y): derivative 1e308/(1e616 − y²) ≈ 1e−308, finite where 1e308/y overflows', () => {
    const o = compile('acoth(1e308/y)');
    // |y| < 1: u = 1e308/y = −∞, acoth(u) = −0 (the exact value, −2.7e−309, rounds through 1/u = −0);
    // the derivative ~1e−308 (0 after rounding), not NaN
    assert.ok(Object.is(o.f([-0.26610913360491395]), -0));
    const g = gradAt(o, [-0.26610913360491395])[0];
    assert.ok(Number.isFinite(g) && Math.abs(g) < 1e-300, `got ${g}`);
    // y = 2: 1e308/(1e616 − 4) = 1e−308 (a subnormal: ~1e−16 of it is rounding of the last bits)
    const g2 = gradAt(o, [2])[0];
    assert.ok(Math.abs(g2 - 1e-308) < 1e-312, `got ${g2}`);
  });

  it('acoth(x) at 2 and at −3: 1/(1 − x²) = −1/3 and −1/8', () => {
    const o = compile('acoth(x)');
    close(gradAt(o, [2])[0], -1 / 3, 1e-14, 'at 2');
    close(gradAt(o, [-3])[0], -1 / 8, 1e-14, 'at −3');
    const p = compile('acoth(2*x + 1)');
    close(gradAt(p, [1])[0], 2 / (1 - 9), 1e-14, 'acoth(2x + 1) at 1: 2/(1 − 9)');
  });
});

describe('expr: 0·u and 0/u have derivative 0', () => {
  it('cube(−x)/coth(x·coth(0/y)): f = x³ where coth(0/y) = +∞ and x < 0, and ∂f/∂y = 0', () => {
    const o = compile('cube(-x)/coth(x*coth(0/y))');
    const pt = o.variables.map(v => (v === 'x' ? -0.7428866075351834 : 0.1592073943465948));
    // coth(0/y) = coth(+0) = +∞, x·∞ = −∞, coth(−∞) = −1: f = −x³/(−1) = x³
    close(o.f(pt), (-0.7428866075351834) ** 3, 1e-14, 'f');
    assert.equal(gradAt(o, pt)[o.variables.indexOf('y')], 0);
  });

  it('x + 0*sqrt(y) and x + 0/y: ∂f/∂y = 0 (also at y = 0, where sqrt′ = ∞)', () => {
    const a = compile('x + 0*sqrt(y)', { variables: ['x', 'y'] });
    assert.deepEqual(gradAt(a, [1, 0]), [1, 0]);
    const b = compile('x + 0/y', { variables: ['x', 'y'] });
    assert.deepEqual(gradAt(b, [1, 2]), [1, 0]);
  });
});

describe('expr: acoth of NaN', () => {
  it('acoth(0.6/asec(1000*z)) at z = −0.0002 is NaN (asec(−0.2) is not real), acoth(1e308*x) at 10 is 0', () => {
    assert.ok(Number.isNaN(compile('acoth(0.6/asec(1000*z))').f([-0.0002])));
    assert.equal(compile('acoth(1e308*x)').f([10]), 0); // acoth(∞) = 0
  });
});

describe('expr: hypot of one argument', () => {
  it('hypot(csch(y))′ at y = 800 is −csch·coth ≈ −2e−348 = −0 (csch underflows to 0), not 0/0; hypot(x)′ at −2 is −1', () => {
    const g = gradAt(compile('hypot(csch(y))'), [800])[0];
    assert.ok(g === 0, `got ${g}`);
    assert.deepEqual(gradAt(compile('hypot(x)'), [-2]), [-1]);
  });
});

describe('expr: coth of a large argument', () => {
  it('coth(800) = 1, coth(−800) = −1, coth(0.5) = (e + 1)/(e − 1)', () => {
    const o = compile('coth(x)');
    assert.equal(o.f([800]), 1);
    assert.equal(o.f([-800]), -1);
    close(o.f([0.5]), (Math.E + 1) / (Math.E - 1), 1e-15, 'coth(0.5)');
  });
});

describe('expr: the sign of a zero inside the gradient', () => {
  it('z·0 is −0 for z < 0, and acot(−0) = −π/2: the gradient keeps that sign', () => {
    // f = square(csc(y)/0.5) / (acot(expm1(z·0))·y). For z < 0: acot(−0) = −π/2, so
    // f = −(8/π)·csc²(y)/y and ∂f/∂y = −(8/π)·(−2csc²(y)cot(y)/y − csc²(y)/y²).
    const o = compile('square(csc(y) / 0.5) / (acot(expm1(z * 0)) * y)');
    const [y, z] = [2.372495918534696, -0.8372058654204011];
    const csc = 1 / Math.sin(y);
    const cot = Math.cos(y) / Math.sin(y);
    const expected = -(8 / Math.PI) * (-2 * csc * csc * cot / y - (csc * csc) / (y * y));
    close(gradAt(o, [y, z])[0], expected, 1e-12, '∂f/∂y for z < 0');
    close(gradAt(o, [y, -z])[0], -expected, 1e-12, '∂f/∂y for z > 0 (acot(+0) = +π/2)');
  });

  it('−(0) in front of a reciprocal stays −0', () => {
    // 1/(−(0·x)) is −∞ for x > 0, so the condition is true and f = 3y: ∂f/∂y = 3.
    const o = compile('(1 / (-(0 * x)) < 0) ? 3 * y : y');
    assert.deepEqual(gradAt(o, [2, 1]), [0, 3]);
  });
});

describe('expr: the reciprocal hyperbolic functions are accurate near 0 and for large arguments', () => {
  it('csch(1e−8·π) to the last digits: sec(csch(sinh(1e−8·π)))·x', () => {
    // csch(sinh(t)) = 1/sinh(sinh(t)); the value −1.8249755871316622 was computed with 50-digit arithmetic.
    const o = compile('sec(csch(sinh(1e-8 * pi))) * x');
    close(o.f([-0.7550052981823683]), -1.8249755871316622, 1e-7, 'f'); // cos of an argument near 3.2e7: 1e−8 is its conditioning
  });

  it('acoth, acsch and asech through atanh, asinh and acosh of 1/x', () => {
    // acoth(1e8) = atanh(1e−8) = 1e−8 + 1e−24/3; acsch(1e10) = asinh(1e−10) ≈ 1e−10; asech(1) = 0.
    close(compile('acoth(x)').f([1e8]), 1e-8, 1e-15, 'acoth(1e8)');
    close(compile('acsch(x)').f([-1e10]), -1e-10, 1e-15, 'acsch(−1e10)');
    assert.equal(compile('asech(x)').f([1]), 0);
    assert.ok(Number.isNaN(compile('asech(x)').f([-0.5])), 'asech is real only on (0, 1]');
  });
});

describe('expr: nthRoot of NaN', () => {
  it('is NaN for a negative root too (it gave 0, as for ±∞), so f is undefined where its argument is', () => {
    // (−0.978)^4.47 is not real: sinh(NaN) = NaN, and nthRoot(NaN, −3) must stay NaN
    const o = compile('log2(-y) * nthRoot(-sinh(pow(y, 4.47)), -3)');
    assert.ok(Number.isNaN(o.f([-0.9779191138222814])));
    assert.equal(compile('nthRoot(x, -3)').f([Infinity]), 0); // 1/∛∞ = 0 stays
  });
});
