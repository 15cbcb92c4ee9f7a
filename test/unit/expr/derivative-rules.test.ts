/**
 * An independent audit of every derivative rule the whitelist allows. For each whitelisted function
 * the compiled derivative is compared with (1) a derivative written here from the standard table of
 * derivatives (calculus textbooks; nothing taken from mathjs or from the code under test) and (2) a
 * Richardson-extrapolated central difference of the compiled f, at points across the function's
 * domain, for f(x) itself and through the chain rule (f(0.5·x + 0.25), where the inner derivative
 * is 0.5). The list of cases must name every function in functions.ts, so a new function cannot be
 * added without a rule being checked.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { FUNCTIONS } from '../../../src/core/expr/functions';
import { close, compile, gradAt } from './helpers';

interface RuleCase {
  /** Function name (key in FUNCTIONS), or an operator label. */
  name: string;
  /** Expression in x; `X` is replaced by the argument (x, or the inner function for the chain variant). */
  source: string;
  /** d/du of source at u, from the standard table. */
  derivative: (u: number) => number;
  /** Points of the domain, away from kinks and jumps. */
  points: number[];
  /** Skip the chain variant (piecewise rules whose inner argument would cross a jump). */
  noChain?: boolean;
}

const sech = (u: number): number => 1 / Math.cosh(u);
const csch = (u: number): number => 1 / Math.sinh(u);
const coth = (u: number): number => Math.cosh(u) / Math.sinh(u);
const LN2 = Math.LN2;
const LN3 = Math.log(3);
const LN10 = Math.LN10;

// Standard table: d/du f(u).
const CASES: RuleCase[] = [
  { name: 'sqrt', source: 'sqrt(X)', derivative: u => 1 / (2 * Math.sqrt(u)), points: [0.01, 0.3, 1, 4, 50] },
  { name: 'cbrt', source: 'cbrt(X)', derivative: u => 1 / (3 * Math.abs(u) ** (2 / 3)), points: [-8, -0.3, 0.2, 1, 27] },
  { name: 'nthRoot', source: 'nthRoot(X, 3)', derivative: u => 1 / (3 * Math.abs(u) ** (2 / 3)), points: [-8, -0.5, 0.4, 2] },
  { name: 'nthRoot', source: 'nthRoot(X, 4)', derivative: u => 0.25 * u ** -0.75, points: [0.1, 1, 16] },
  { name: 'nthRoot', source: 'nthRoot(X)', derivative: u => 0.5 / Math.sqrt(u), points: [0.2, 3] },
  { name: 'square', source: 'square(X)', derivative: u => 2 * u, points: [-3, -0.5, 0.7, 2] },
  { name: 'cube', source: 'cube(X)', derivative: u => 3 * u * u, points: [-3, -0.5, 0.7, 2] },
  { name: 'pow', source: 'pow(X, 3)', derivative: u => 3 * u * u, points: [-2, -0.3, 0.6, 1.7] },
  { name: 'pow', source: 'pow(2, X)', derivative: u => 2 ** u * LN2, points: [-2, 0, 1.5, 4] },
  { name: 'pow', source: 'pow(X, 0.5)', derivative: u => 0.5 / Math.sqrt(u), points: [0.1, 2, 9] },
  { name: 'exp', source: 'exp(X)', derivative: u => Math.exp(u), points: [-5, -0.5, 0, 1.2, 6] },
  { name: 'expm1', source: 'expm1(X)', derivative: u => Math.exp(u), points: [-3, -1e-3, 0.4, 3] },
  { name: 'log', source: 'log(X)', derivative: u => 1 / u, points: [0.05, 0.7, 1, 3, 100] },
  { name: 'log', source: 'log(X, 3)', derivative: u => 1 / (u * LN3), points: [0.05, 0.7, 3, 100] },
  { name: 'log', source: 'log(3, X)', derivative: u => -LN3 / (u * Math.log(u) ** 2), points: [0.2, 0.6, 2, 9] },
  { name: 'log10', source: 'log10(X)', derivative: u => 1 / (u * LN10), points: [0.05, 0.7, 3, 1000] },
  { name: 'log2', source: 'log2(X)', derivative: u => 1 / (u * LN2), points: [0.05, 0.7, 3, 1000] },
  { name: 'log1p', source: 'log1p(X)', derivative: u => 1 / (1 + u), points: [-0.9, -1e-4, 0.3, 5] },
  { name: 'abs', source: 'abs(X)', derivative: u => Math.sign(u), points: [-3, -0.2, 0.2, 3] },
  { name: 'sign', source: 'sign(X)', derivative: () => 0, points: [-2, -0.3, 0.4, 2] },
  { name: 'floor', source: 'floor(X)', derivative: () => 0, points: [-1.5, -0.3, 0.4, 2.6] },
  { name: 'ceil', source: 'ceil(X)', derivative: () => 0, points: [-1.5, -0.3, 0.4, 2.6] },
  { name: 'round', source: 'round(X)', derivative: () => 0, points: [-1.2, -0.3, 0.3, 2.7] },
  // mod(u, c)′ = 1 and mod(c, u)′ = −floor(c/u) away from the jumps (mod(a, b) = a − b·floor(a/b)).
  { name: 'mod', source: 'mod(X, 3)', derivative: () => 1, points: [-2.5, -0.4, 0.4, 4.1], noChain: true },
  { name: 'mod', source: 'mod(7, X)', derivative: u => -Math.floor(7 / u), points: [-3.1, 1.6, 2.2, 3.1, 8], noChain: true },
  { name: 'min', source: 'min(X, 1)', derivative: u => (u < 1 ? 1 : 0), points: [-2, 0.4, 1.6, 3] },
  { name: 'max', source: 'max(X, 1)', derivative: u => (u > 1 ? 1 : 0), points: [-2, 0.4, 1.6, 3] },
  { name: 'max', source: 'max(1, X, -X)', derivative: u => (Math.abs(u) <= 1 ? 0 : Math.sign(u)), points: [-3, -0.5, 0.5, 3] },
  { name: 'hypot', source: 'hypot(X, 2)', derivative: u => u / Math.hypot(u, 2), points: [-3, -0.1, 0.5, 7] },
  { name: 'hypot', source: 'hypot(X)', derivative: u => Math.sign(u), points: [-3, 0.5] },
  { name: 'sin', source: 'sin(X)', derivative: u => Math.cos(u), points: [-4, -1, 0, 0.5, 3] },
  { name: 'cos', source: 'cos(X)', derivative: u => -Math.sin(u), points: [-4, -1, 0, 0.5, 3] },
  { name: 'tan', source: 'tan(X)', derivative: u => 1 / Math.cos(u) ** 2, points: [-1.4, -0.5, 0, 1, 2] },
  { name: 'sec', source: 'sec(X)', derivative: u => Math.tan(u) / Math.cos(u), points: [-1.2, -0.3, 0.4, 2.5] },
  { name: 'csc', source: 'csc(X)', derivative: u => -Math.cos(u) / Math.sin(u) ** 2, points: [-2, -0.5, 0.3, 1.5, 4] },
  { name: 'cot', source: 'cot(X)', derivative: u => -1 / Math.sin(u) ** 2, points: [-2, -0.5, 0.3, 1.5, 4] },
  { name: 'asin', source: 'asin(X)', derivative: u => 1 / Math.sqrt(1 - u * u), points: [-0.9, -0.2, 0, 0.5, 0.95] },
  { name: 'acos', source: 'acos(X)', derivative: u => -1 / Math.sqrt(1 - u * u), points: [-0.9, -0.2, 0, 0.5, 0.95] },
  { name: 'atan', source: 'atan(X)', derivative: u => 1 / (1 + u * u), points: [-10, -1, 0, 0.5, 30] },
  { name: 'asec', source: 'asec(X)', derivative: u => 1 / (Math.abs(u) * Math.sqrt(u * u - 1)), points: [-5, -1.2, 1.3, 6] },
  { name: 'acsc', source: 'acsc(X)', derivative: u => -1 / (Math.abs(u) * Math.sqrt(u * u - 1)), points: [-5, -1.2, 1.3, 6] },
  { name: 'acot', source: 'acot(X)', derivative: u => -1 / (1 + u * u), points: [-6, -0.7, 0.4, 5] },
  // atan2(y, x): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
  { name: 'atan2', source: 'atan2(X, 2)', derivative: u => 2 / (u * u + 4), points: [-3, -0.2, 0.6, 5] },
  { name: 'atan2', source: 'atan2(2, X)', derivative: u => -2 / (u * u + 4), points: [-3, -0.2, 0.6, 5] },
  { name: 'sinh', source: 'sinh(X)', derivative: u => Math.cosh(u), points: [-3, -0.4, 0, 2] },
  { name: 'cosh', source: 'cosh(X)', derivative: u => Math.sinh(u), points: [-3, -0.4, 0, 2] },
  { name: 'tanh', source: 'tanh(X)', derivative: u => 1 - Math.tanh(u) ** 2, points: [-3, -0.4, 0, 2] },
  { name: 'sech', source: 'sech(X)', derivative: u => -sech(u) * Math.tanh(u), points: [-3, -0.4, 0, 2] },
  { name: 'csch', source: 'csch(X)', derivative: u => -csch(u) * coth(u), points: [-3, -0.4, 0.3, 2] },
  { name: 'coth', source: 'coth(X)', derivative: u => -(csch(u) ** 2), points: [-3, -0.4, 0.3, 2] },
  { name: 'asinh', source: 'asinh(X)', derivative: u => 1 / Math.sqrt(u * u + 1), points: [-20, -0.5, 0, 1, 40] },
  { name: 'acosh', source: 'acosh(X)', derivative: u => 1 / Math.sqrt(u * u - 1), points: [1.05, 1.5, 3, 50] },
  { name: 'atanh', source: 'atanh(X)', derivative: u => 1 / (1 - u * u), points: [-0.9, -0.3, 0, 0.5, 0.95] },
  { name: 'asech', source: 'asech(X)', derivative: u => -1 / (u * Math.sqrt(1 - u * u)), points: [0.1, 0.4, 0.7, 0.95] },
  { name: 'acsch', source: 'acsch(X)', derivative: u => -1 / (Math.abs(u) * Math.sqrt(1 + u * u)), points: [-4, -0.3, 0.2, 3] },
  // acoth u = atanh(1/u) on |u| > 1: (acoth u)′ = −1/u² · 1/(1 − 1/u²) = 1/(1 − u²).
  { name: 'acoth', source: 'acoth(X)', derivative: u => 1 / (1 - u * u), points: [-5, -1.5, 1.2, 2, 9] },
  // Operators.
  { name: '+', source: '3 + X', derivative: () => 1, points: [-1, 2] },
  { name: '-', source: '3 - X', derivative: () => -1, points: [-1, 2] },
  { name: 'unary -', source: '-X', derivative: () => -1, points: [-1, 2] },
  { name: 'unary +', source: '+X', derivative: () => 1, points: [-1, 2] },
  { name: '*', source: 'X * X * 5', derivative: u => 10 * u, points: [-1, 2] },
  { name: '/', source: '1 / X', derivative: u => -1 / (u * u), points: [-3, -0.2, 0.5, 4] },
  { name: '/', source: 'X / (X + 2)', derivative: u => 2 / (u + 2) ** 2, points: [-3, -0.2, 0.5, 4] },
  { name: '^', source: 'X ^ 3', derivative: u => 3 * u * u, points: [-2, 0.5, 3] },
  { name: '^', source: 'X ^ -2', derivative: u => -2 / u ** 3, points: [-2, 0.5, 3] },
  { name: '^', source: '3 ^ X', derivative: u => 3 ** u * LN3, points: [-2, 0.5, 3] },
  { name: '^', source: 'X ^ X', derivative: u => u ** u * (Math.log(u) + 1), points: [0.2, 1, 2.5] },
  { name: 'mod', source: 'X mod 2', derivative: () => 1, points: [-1.5, 0.5, 3.5], noChain: true },
  { name: '?:', source: 'X > 1 ? X^2 : 3*X', derivative: u => (u > 1 ? 2 * u : 3), points: [-1, 0.5, 2, 3], noChain: true },
  { name: '<', source: '(X < 1) * 5 + X', derivative: () => 1, points: [-1, 0.5, 2] },
  { name: 'and', source: '(X > 0 and X < 2) * 5 + X', derivative: () => 1, points: [-1, 0.5, 3] },
  { name: 'not', source: '(not (X > 0)) * 5 + X', derivative: () => 1, points: [-1, 0.5, 3] },
];

/** Central difference with Richardson extrapolation (error O(h⁴)), on the compiled f. */
function richardson(f: (x: number) => number, x: number): number {
  const h = 1e-4 * Math.max(0.05, Math.abs(x));
  const d = (s: number): number => (f(x + s) - f(x - s)) / (2 * s);
  return (16 * d(h / 2) - d(h)) / 15;
}

describe('expr: every derivative rule against the standard table', () => {
  it('names every whitelisted function', () => {
    const covered = new Set(CASES.map(c => c.name));
    const missing = [...FUNCTIONS.keys()].filter(name => !covered.has(name));
    assert.deepEqual(missing, []);
  });

  for (const c of CASES) {
    it(`${c.source.replace(/X/g, 'x')}`, () => {
      for (const chain of c.noChain ? [false] : [false, true]) {
        // chain: x ↦ f(0.5·x + 0.25); at x = 2(u − 0.25) the derivative is 0.5·f′(u).
        const source = c.source.replace(/X/g, chain ? '(0.5*x + 0.25)' : 'x');
        const o = compile(source);
        assert.ok(o.gradient[0].symbolic, `${source} should have a symbolic derivative`);
        for (const u of c.points) {
          const x = chain ? 2 * (u - 0.25) : u;
          const expected = (chain ? 0.5 : 1) * c.derivative(u);
          const got = gradAt(o, [x])[0];
          close(got, expected, 1e-12, `d/dx ${source} at x = ${x} (table)`);
          const fd = richardson(t => o.f([t]), x);
          close(got, fd, 1e-6, `d/dx ${source} at x = ${x} (central difference)`);
        }
      }
    });
  }

  it('acoth descends: d/dx acoth(x) at 2 is −1/3', () => {
    const o = compile('acoth(x)');
    close(gradAt(o, [2])[0], -1 / 3, 1e-15, "acoth'(2)");
    // the text shown says the same thing
    close(Number(mathjs.evaluate(o.gradient[0].text, { x: 2 })), -1 / 3, 1e-15, 'shown text at 2');
  });
});
