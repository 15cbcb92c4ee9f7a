/**
 * Display texts: the clean-up rules (each with its expected text written by hand), determinism
 * under a slowed clock, the value check inside the domain, and the property that every displayed
 * text (f and each partial) parses back through the whitelist to the function that is evaluated.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { parseObjective } from '../../../src/core/expr';
import { clearDisplayMemo, sameValues } from '../../../src/core/expr/display';
import { math } from '../../../src/core/expr/mathjs';
import { polish } from '../../../src/core/expr/polish';
import { toText } from '../../../src/core/expr/tex';
import { parseObjectiveText } from '../../../src/core/expr/validate';
import { compile, gradAt, rng, uniform } from './helpers';

const polished = (s: string): string => toText(polish(math.parse(s)));

describe('expr: display clean-up rules', () => {
  const RULES: [string, string][] = [
    ['x * -1 / 5', '-x / 5'],
    ['2 * 1 / 3 * x', '2 * x / 3'],
    ['3 * 7 / 3 * x', '7 * x'],
    ['1 * x', 'x'],
    ['x * 1', 'x'],
    ['x / 1', 'x'],
    ['x ^ 1', 'x'],
    ['t + t', '2 * t'],
    ['3 * t - t + y', '2 * t + y'],
    ['x * 1.35079e+5 / 50000', '2.70158 * x'],
    ['-1 + y', 'y - 1'],
    ['1 - x', '1 - x'],
    ['a + -b', 'a - b'],
    ['-(a + b)', '-a - b'],
    ['-x * -y', 'x * y'],
    ['x ^ -1', '1 / x'],
    ['x ^ 0.5', 'sqrt(x)'],
    ['hypot(x, 1)', 'sqrt(x ^ 2 + 1)'],
    ['1 / log(10) / x', '1 / (log(10) * x)'],
    ['0 ? 1 : 2', '2'],
    ['(x < 1) ? y : y', 'y'],
    ['2 * x - 2 * x', '0'],
    // logistic forms with a positive exponent (numerator and denominator times exp(k·x))
    ['exp(-x) / (exp(-x) + 1)', '1 / (exp(x) + 1)'],
    ['exp(-x) / (exp(-x) + 1) ^ 2', 'exp(x) / (exp(x) + 1) ^ 2'],
    ['1 / ((exp(-x) + 1) * (exp(x) + 1))', 'exp(x) / (exp(x) + 1) ^ 2'],
    ['exp(-x) / (exp(x) + 1)', 'exp(-x) / (exp(x) + 1)'], // already positive in the denominator
    ['exp(-x) ^ 3 / (exp(-x) + 1)', 'exp(-x) ^ 3 / (exp(-x) + 1)'], // m > k: a power of exp(x) would stay
    // double angle, only for an even coefficient (no new fraction)
    ['6 * cos(3 * pi * x) * pi * sin(3 * pi * x)', '3 * sin(6 * pi * x) * pi'],
    ['sin(x) * cos(x)', 'sin(x) * cos(x)'],
    // factors common to every term pulled out (lowest power, numerator and denominator)
    ['cos(y) * sin(x) * exp(z) + 2 * cos(x) * cos(y) * exp(z) * (x - pi)', 'cos(y) * exp(z) * (sin(x) + 2 * cos(x) * (x - pi))'],
    ['a / q + b / q', '(a + b) / q'],
    ['x ^ 2 * y - x * y ^ 3', 'x * y * (x - y ^ 2)'],
    ['x + y', 'x + y'],
    // multiplied out when that saves operations: 4/3·x⁵ − 21/5·x³ + 8x − 21/5·x³ + 2/3·x⁵ + y
    ['x ^ 3 * (4 * x ^ 2 / 3 - 21 / 5) + 2 * (4 - 21 * x ^ 2 / 10 + x ^ 4 / 3) * x + y', '2 * x ^ 5 - 42 * x ^ 3 / 5 + 8 * x + y'],
    ['(x + 1) ^ 2 - x ^ 2', '2 * x + 1'],
    ['(x + 1) ^ 4 + y', '(x + 1) ^ 4 + y'], // five terms once expanded: kept
    // a numeric factor of a power of a product comes out: (2x)⁴ = 16x⁴, (x/3)² = x²/9, (−2x)³ = −8x³
    ['5 * (2 * x) ^ 4', '80 * x ^ 4'],
    ['(x / 3) ^ 2', 'x ^ 2 / 9'],
    ['(-2 * x) ^ 3', '-8 * x ^ 3'],
    ['(2 * x ^ 2) ^ 3', '8 * x ^ 6'],
    ['(x * y) ^ 2', '(x * y) ^ 2'], // no number to take out
    // a numeric factor (and the sign) common to every term
    ['4 * x1 + 4 * x2', '4 * (x1 + x2)'],
    ['-2 * x - 2 * y', '-2 * (x + y)'],
    ['x / 2 + y / 2', '(x + y) / 2'],
    ['6 * x + 4', '6 * x + 4'], // 2 * (3 * x + 2) saves nothing
    // a positive constant leads rather than a minus sign
    ['-4 * t + 4', '4 - 4 * t'],
    ['-4 * t - 4', '-4 * t - 4'],
    // a number times a sum multiplied out when that saves operations: −(8x − 8)/2 = 4 − 4x
    ['-(8 * x - 8) / 2', '4 - 4 * x'],
    ['200 * (y - x ^ 2)', '200 * (y - x ^ 2)'],
    // ... or moved into the one sum among the factors: 0.5·t·(10.8t − 5.2) = t·(5.4t − 2.6)
    ['0.5 * t * (10.8 * t - 5.2)', 't * (5.4 * t - 2.6)'],
    ['2 * t * (21 * t - 5)', 't * (42 * t - 10)'],
    // a number common to a sum comes out of its power: 3(2x − 2)² = 3·4·(x − 1)²
    ['3 * (2 * x - 2) ^ 2', '12 * (x - 1) ^ 2'],
    // a minus sign goes into an odd power of a sum: −4(7 − x)³ = 4(x − 7)³
    ['-4 * (7 - x) ^ 3', '4 * (x - 7) ^ 3'],
    ['-48 * (x - 2 * y)', '48 * (2 * y - x)'],
    ['-x + 2 * y', '2 * y - x'],
    // ratios of integers the person wrote stay exact, decimals stay decimals
    ['21 / 5 * x + 21 / 5 * x', '42 * x / 5'],
    ['2.1 * x + 2.1 * x', '4.2 * x'],
    // multiplied out, then factored: 5t² − 3t + 2.5t² = t(7.5t − 3)
    ['2 * t * (2.5 * t - 1.5) + 2.5 * t ^ 2', 't * (7.5 * t - 3)'],
    // the sum left after a common factor is cleaned up too: 3(1 − p) − (p − 1) = 4 − 4p
    ['3 * (p - 1) ^ 2 * (1 - p) - (p - 1) ^ 3', '(p - 1) ^ 2 * (4 - 4 * p)'],
    // the left part of a longer sum is not factored on its own (x would split the Rosenbrock sum)
    ['2 * x - 400 * x * (y - x ^ 2) - 2', '2 * x - 400 * x * (y - x ^ 2) - 2'],
  ];
  for (const [input, expected] of RULES) {
    it(`${input} → ${expected}`, () => assert.equal(polished(input), expected));
  }

  it('end to end: user decimals stay decimals, fractions stay fractions, no 1 * or * -1', () => {
    assert.equal(compile('1.35079*x^2').gradient[0].text, '2.70158 * x');
    assert.equal(compile('x^2/3').gradient[0].text, '2 * x / 3');
    assert.equal(compile('-x^2/10').gradient[0].text, '-x / 5');
    assert.equal(compile('x*y + x*y').gradient[0].text, '2 * y');
  });

  it('end to end: sigmoid, logistic loss and Easom read as a person writes them', () => {
    // σ′ = e^−x/(1 + e^−x)² = e^x/(e^x + 1)²
    assert.equal(compile('1 / (1 + exp(-x))').gradient[0].text, 'exp(x) / (exp(x) + 1) ^ 2');
    // d/db log(1 + e^−u), u = y(wx + b): −y·e^−u/(1 + e^−u) = −y/(e^u + 1)
    const loss = compile('log(1 + exp(-y*(w*x + b)))');
    assert.equal(loss.gradient[loss.variables.indexOf('b')].text, '-y / (exp(y * (w * x + b)) + 1)');
    // Easom: ∂/∂x of −cos x cos y E, E = exp(−(x − π)² − (y − π)²): cos y·E·(sin x + 2 cos x (x − π))
    const easom = compile('-cos(x)*cos(y)*exp(-((x - pi)^2 + (y - pi)^2))');
    assert.equal(easom.gradient[0].text, 'cos(y) * exp(-(x - pi) ^ 2 - (y - pi) ^ 2) * (sin(x) + 2 * cos(x) * (x - pi))');
    // six-hump camel, ∂/∂y of x·y + (−4 + 4y²)·y² = x − 8y + 16y³
    assert.equal(compile('(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2').gradient[1].text, '16 * y ^ 3 + x - 8 * y');
  });

  it('the logistic rewrite is not shown where exp(x) overflows at the sample points', () => {
    // ∂/∂x = −1000·e^−1000x/(1 + e^−1000x) = −1000/(e^1000x + 1): the shown text, checked like any
    // candidate, evaluates like the gradient on both sides of 0 (−1000 → 0)
    const o = compile('log(1 + exp(-1000*x))');
    for (const x of [-0.5, -0.01, 0.001, 0.3]) {
      const shown = Number(mathjs.evaluate(o.gradient[0].text, { x }));
      const got = gradAt(o, [x])[0];
      assert.ok(Math.abs(shown - got) <= 1e-9 * Math.max(1, Math.abs(got)), `${o.gradient[0].text} at ${x}: ${shown} vs ${got}`);
    }
  });
});

describe('expr: display value check inside the domain', () => {
  const layout = { variables: ['p', 't'], dataColumns: [] };
  it('rejects (-50)^p * log(t)^p for (-50 * log(t))^p: NaN for every t in (0, 1)', () => {
    const reference = math.parse('(-50 * log(t)) ^ p');
    assert.equal(sameValues(reference, math.parse('(-50) ^ p * log(t) ^ p'), layout), false);
    assert.equal(sameValues(reference, math.parse('(50 * -log(t)) ^ p'), layout), true);
  });

  it('a reference finite only on a narrow domain is still checked there', () => {
    // asech is real only on (0, 1]: the check must find points there and catch the wrong sign
    const one = { variables: ['x'], dataColumns: [] };
    const reference = math.parse('-1 / (x * sqrt(1 - x ^ 2))');
    assert.equal(sameValues(reference, math.parse('1 / (x * sqrt(1 - x ^ 2))'), one), false);
    assert.equal(sameValues(reference, math.parse('-1 / x / sqrt(1 - x ^ 2)'), one), true);
  });

  it('shows a text that agrees with the gradient in (0, 1)', () => {
    const o = compile('(-50 * log(t))^p');
    for (const [p, t] of [[1.5, 0.5], [2.5, 0.1], [0.7, 0.9]]) {
      const scope = { p, t };
      const got = gradAt(o, [p, t]);
      o.gradient.forEach((g, i) => {
        const shown = Number(mathjs.evaluate(g.text, scope));
        assert.ok(Math.abs(shown - got[i]) <= 1e-9 * Math.max(1, Math.abs(got[i])), `${g.text} at ${p}, ${t}: ${shown} vs ${got[i]}`);
      });
    }
  });
});

describe('expr: display texts are deterministic', () => {
  const FORMULAS = [
    '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    '-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20',
    '(1 - x)^2 + 100*(y - x^2)^2',
    'log(1 + exp(-y*(w*x + b)))',
    '(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y) / 2',
  ];
  const texts = (): string[] => FORMULAS.flatMap(f => {
    const r = parseObjective(f);
    assert.ok(r.ok, f);
    return r.ok ? r.value.gradient.map(g => g.text) : [];
  });

  it('gives the same texts with a clock that runs 1,000 times too fast, and under a busy loop', () => {
    const reference = texts();
    assert.ok(reference.every(t => t.length > 0));
    const realNow = Date.now;
    let fake = realNow();
    try {
      // every clock read advances one second: any wall-clock budget would be spent at once
      Date.now = () => (fake += 1000);
      assert.deepEqual(texts(), reference);
      Date.now = realNow;
      // a busy loop between parses (machine load)
      const end = realNow() + 50;
      let spin = 0;
      while (realNow() < end) spin++;
      assert.ok(spin > 0);
      assert.deepEqual(texts(), reference);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('expr: display texts remembered from earlier formulas', () => {
  // d/dx 0.5·(2x)³ = 3·(2x)²  = 12x²; d/dt (1 − 2^(−8t)) = 8·ln 2·2^(−8t); d/dt −t(t − 2) = 2 − 2t;
  // d/dx 0.5·(2x)⁴ = 4·(2x)³ = 32x³; d/dy −2^(−10y) = 10·ln 2·2^(−10y)
  const FORMULAS: [string, string[]][] = [
    ['0.5*(2*x)^3 + 1 - 2^(-8*t)', ['8 * 2 ^ (-8 * t) * log(2)', '12 * x ^ 2']],
    ['-t*(t-2) + 0.5*(2*x)^4 - 2^(-10*y)', ['2 - 2 * t', '32 * x ^ 3', '10 * 2 ^ (-10 * y) * log(2)']],
    ['0.5*(2*x)^3 + 1 - 2^(-10*t)', ['10 * 2 ^ (-10 * t) * log(2)', '12 * x ^ 2']],
  ];
  const texts = (f: string): string[] => {
    const r = parseObjective(f);
    assert.ok(r.ok, f);
    return r.ok ? r.value.gradient.map(g => g.text) : [];
  };

  it('are the texts the work gives afresh, in any order, and for a formula with a constant added', () => {
    for (const [f, want] of FORMULAS) {
      clearDisplayMemo();
      assert.deepEqual(texts(f), want, f);
    }
    for (const order of [FORMULAS, [...FORMULAS].reverse()]) {
      clearDisplayMemo();
      for (const [f, want] of order) assert.deepEqual(texts(f), want, f);
      for (const [f, want] of order) assert.deepEqual(texts(`3 + ${f}`), want, `3 + ${f}`);
    }
  });
});

/** The displayed text, parsed back through the same whitelist, against the evaluated function. */
function checkParsesBack(source: string, r: () => number): number {
  const res = parseObjective(source);
  if (!res.ok) return 0;
  const o = res.value;
  const layout = { variables: o.variables };
  const texts: { text: string; evaluate: (x: number[]) => number }[] = [
    { text: o.text, evaluate: x => o.f(x) },
    ...o.gradient.filter(g => g.text !== '').map((g, i) => ({ text: g.text, evaluate: (x: number[]) => gradAt(o, x)[i] })),
  ];
  let compared = 0;
  for (const { text, evaluate } of texts) {
    const back = parseObjectiveText(text, layout);
    assert.ok(back.ok, `${source}: shown text ${JSON.stringify(text)} does not parse back: ${back.ok ? '' : back.error.message}`);
    if (!back.ok) continue;
    const shown = parseObjective(text, layout);
    assert.ok(shown.ok, text);
    if (!shown.ok) continue;
    let finite = 0;
    for (let k = 0; k < 60 && finite < 8; k++) {
      const region = [[0.05, 0.95], [1.1, 3], [-3, -0.1], [-2, 2]][k % 4];
      const x = o.variables.map(() => uniform(r, region[0], region[1]));
      const want = evaluate(x);
      if (!Number.isFinite(want)) continue;
      finite++;
      const got = shown.value.f(x);
      assert.ok(
        Math.abs(got - want) <= 1e-8 * Math.max(1, Math.abs(want), Math.abs(got)),
        `${source}: ${JSON.stringify(text)} at ${x.join(', ')} is ${got}, the evaluated function gives ${want}`,
      );
      compared++;
    }
  }
  return compared;
}

describe('expr: every displayed text parses back to the evaluated function', () => {
  // every operator and whitelisted function at least once
  const HAND = [
    'min(x > 0, x)', 'max(x, y) + min(x, y^2)', 'y * (((7 mod x) / z) / x)', 'mod(x, 3) * y', 'x mod y + z',
    '(x < y) + (x <= y) * 2 + (x > y) * 3 + (x >= y) * 4 + (x == y) + (x != y)',
    '(x > 0 and y > 0) + (x > 0 or y > 0) + (x > 0 xor y > 0) + (not (x > 0)) * y',
    'x > 0 ? x^2 : -x', '-x^2 + (-x)^2 + -(x^2)', 'x - (y - z) + x / (y / z) + x^(y^z)', '2^-x + x^-2',
    'sqrt(x) + cbrt(x) + nthRoot(x, 3) + nthRoot(x) + square(x) + cube(x) + pow(x, 3)',
    'exp(x) + expm1(x) + log(x) + log(x, 3) + log10(x) + log2(x) + log1p(x)',
    'abs(x) + sign(x) * y + floor(x) * y + ceil(x) * y + round(x) * y', 'hypot(x, y, 2) + atan2(y, x)',
    'sin(x) + cos(x) + tan(x) + sec(x) + csc(x) + cot(x)',
    'asin(x / 4) + acos(x / 4) + atan(x) + asec(x + 4) + acsc(x + 4) + acot(x)',
    'sinh(x) + cosh(x) + tanh(x) + sech(x) + csch(x) + coth(x)',
    'asinh(x) + acosh(x + 2) + atanh(x / 4) + asech(x / 4) + acsch(x) + acoth(x + 4)',
    '(0*sqrt(x) < 1) ? 1 : y^2', 'log(1e308*x, 10)', 'acosh(1e200*x)', '(-50*log(t))^p', 'x * -1 / 5 + 2 * 1 / 3 * y',
    '1.35079*x^2 + t + t', '(1 - x)^2 + 100*(y - x^2)^2', 'a = -3; f(x) = a * x ^ 2 - a', 'x / y / z * w',
  ];

  it('hand-written expressions covering every operator and function', () => {
    const r = rng(1234);
    let compared = 0;
    for (const s of HAND) compared += checkParsesBack(s, r);
    assert.ok(compared > 200, `only ${compared} comparisons`);
  });

  it('random expressions from a small generator', function () {
    this.timeout(120_000);
    const r = rng(4321);
    const leaves = ['x', 'y', 'z', '2', '0.5', '3', 'pi', '-1'];
    const unary = ['sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'atan', 'cbrt', 'acoth', 'asinh', 'sign', 'square'];
    const binary = ['+', '-', '*', '/', '^', 'mod', '<', '>=', '=='];
    const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
    const gen = (depth: number): string => {
      const p = r();
      if (depth <= 0 || p < 0.2) return pick(leaves);
      if (p < 0.45) return `${pick(unary)}(${gen(depth - 1)})`;
      if (p < 0.5) return `-${gen(depth - 1)}`;
      if (p < 0.55) return `min(${gen(depth - 1)}, ${gen(depth - 1)})`;
      if (p < 0.6) return `(${gen(depth - 1)} > ${gen(depth - 1)} ? ${gen(depth - 1)} : ${gen(depth - 1)})`;
      return `(${gen(depth - 1)} ${pick(binary)} ${gen(depth - 1)})`;
    };
    let compared = 0;
    for (let k = 0; k < 150; k++) compared += checkParsesBack(gen(4), r);
    assert.ok(compared > 300, `only ${compared} comparisons`);
  });
});
