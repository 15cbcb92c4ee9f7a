/**
 * The generated JavaScript against mathjs's own evaluation of the same text, plus the properties
 * of the code generator: integer powers, shared subexpressions, and no person-written text in the
 * generated source.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { CodeBuilder, compileScalar } from '../../../src/core/expr/compile';
import { math } from '../../../src/core/expr/mathjs';
import { close, compile, rng, uniform } from './helpers';

const CASES: [string, [number, number][]][] = [
  ['(1 - x)^2 + 100*(y - x^2)^2', [[-2, 2], [-1, 3]]],
  ['x^3 - 3x*y^2 + y^7 / 5', [[-2, 2], [-2, 2]]],
  ['x^-3 + y^16 + x^17', [[0.5, 1.5], [-1.1, 1.1]]],
  ['sin(x) * cos(y) + tan(x/3) + sec(y) + csc(x + 3) + cot(y + 4)', [[-1, 1], [-1, 1]]],
  ['asin(x/3) + acos(y/3) + atan(x) + atan2(y, x) + asec(x + 3) + acsc(y + 3) + acot(x)', [[-2, 2], [-2, 2]]],
  ['sinh(x) + cosh(y) + tanh(x*y) + sech(x) + csch(y + 3) + coth(x + 3)', [[-2, 2], [-2, 2]]],
  ['asinh(x) + acosh(y + 3) + atanh(x/3) + asech(y/4 + 0.5) + acsch(x + 3) + acoth(y + 3)', [[-1.5, 1.5], [-1.5, 1.5]]],
  ['exp(x) + log(y + 3) + log(x + 3, 2) + log10(y + 3) + log2(x + 3) + log1p(y) + expm1(x)', [[-0.9, 2], [-0.9, 2]]],
  ['sqrt(x + 3) + cbrt(y) + nthRoot(x + 3, 4) + nthRoot(y, 3) + square(x) + cube(y)', [[-2, 2], [-2, 2]]],
  ['abs(x) + sign(y) + min(x, y, 0.3) + max(x, y) + hypot(x, y)', [[-2, 2], [-2, 2]]],
  ['x > y ? x^2 : y^2 - x', [[-2, 2], [-2, 2]]],
  ['(x > 0 and y < 0) + (x > 0 or y > 0) * 2 + (not (x > 0)) * 4 + (x > 0 xor y > 0) * 8', [[-2, 2], [-2, 2]]],
  ['mod(x, 0.7) + x % 1.3 + pow(y, 3)', [[-2, 2], [-2, 2]]],
  ['a = 2.5; b = a^2 - 1; f(x, y) = a*x + b*y^2', [[-2, 2], [-2, 2]]],
  ['2x y + 3(x - y)^2 + pi*e', [[-2, 2], [-2, 2]]],
  ['-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20', [[-5, 5], [-5, 5]]],
];

describe('expr: compiled code', () => {
  it('agrees with mathjs evaluate on the same text at seeded random points', () => {
    const r = rng(1234);
    for (const [source, box] of CASES) {
      const o = compile(source);
      const node = mathjs.parse(o.text);
      for (let k = 0; k < 40; k++) {
        const x = box.map(([lo, hi]) => uniform(r, lo, hi));
        const scope: Record<string, number> = {};
        o.variables.forEach((v, i) => (scope[v] = x[i]));
        const expected = node.evaluate(scope) as unknown;
        assert.equal(typeof expected, 'number', `${o.text} at ${x} gave ${String(expected)} in mathjs`);
        close(o.f(x), expected as number, 1e-12, `${source} at ${x}`);
      }
    }
  });

  it('the objective text parses back to the same function as the source (plain expressions)', () => {
    const r = rng(42);
    for (const [source, box] of CASES.filter(([s]) => !s.includes(';'))) {
      const o = compile(source);
      const original = mathjs.parse(source);
      for (let k = 0; k < 5; k++) {
        const x = box.map(([lo, hi]) => uniform(r, lo, hi));
        const scope: Record<string, number> = {};
        o.variables.forEach((v, i) => (scope[v] = x[i]));
        close(mathjs.parse(o.text).evaluate(scope) as number, original.evaluate(scope) as number, 1e-14, source);
      }
    }
  });

  it('expands small integer powers into multiplications and keeps others on Math.pow', () => {
    const b = new CodeBuilder({ variables: ['x'], dataColumns: [] });
    b.value(math.parse('x^2 + x^3 + x^8 + x^-2 + x^0.5 + x^40'));
    const code = b.lines.join('\n');
    assert.ok(!code.includes('**'));
    assert.match(code, /x0 \* x0/);
    assert.match(code, /Math\.pow\(x0, 0\.5\)/);
    assert.match(code, /Math\.pow\(x0, 40\)/);
    // and the values are right, including negative bases and exponents
    const f = compile('x^2 + x^3 + x^8 + x^-2 + x^-3 + x^15');
    for (const x of [-1.7, -0.3, 0.9, 2.2]) {
      close(f.f([x]), x ** 2 + x ** 3 + x ** 8 + x ** -2 + x ** -3 + x ** 15, 1e-14, `powers at ${x}`);
    }
    assert.equal(compile('x^0').f([NaN]), 1); // as Math.pow(NaN, 0)
  });

  it('computes a repeated subexpression once', () => {
    const b = new CodeBuilder({ variables: ['x', 'y'], dataColumns: [] });
    b.value(math.parse('(y - x^2)^2 + sin(y - x^2) + (y - x^2)'));
    const subtractions = b.lines.filter(l => l.includes(' - ')).length;
    assert.equal(subtractions, 1);
  });

  it('folds constants with the same arithmetic the code would run', () => {
    const b = new CodeBuilder({ variables: ['x'], dataColumns: [] });
    const atom = b.value(math.parse('x * (2 * pi / 3) + sqrt(2)^2'));
    assert.equal(b.lines.length, 2); // x * const, then + const
    assert.match(atom, /^t\d+$/);
    assert.equal(compileScalar(math.parse('0.1 + 0.2 + x'), { variables: ['x'], dataColumns: [] })(Float64Array.of(0), undefined), 0.1 + 0.2);
  });

  it('never puts person-written names into the generated source', () => {
    const names = ['constructor', '__proto__', 'alert', 'process', 'require', 'globalThis', 'toString', 'Math'];
    const layout = { variables: names, dataColumns: ['window'] };
    const b = new CodeBuilder(layout);
    b.value(math.parse('constructor + __proto__ * alert - process / require + globalThis^2 + toString * window + Math'));
    const code = [...b.preamble, ...b.lines].join('\n');
    for (const n of [...names.filter(n => n !== 'Math'), 'window']) assert.ok(!code.includes(n), `${n} leaked into ${code}`);
    const o = compile('constructor^2 + __proto__ * toString', {});
    assert.deepEqual(o.variables, ['__proto__', 'constructor', 'toString']);
    assert.equal(o.f([2, 3, 4]), 9 + 8);
  });

  it('tolerates short vectors: NaN, never a throw', () => {
    const o = compile('x + y');
    assert.ok(Number.isNaN(o.f([1])));
    const out = new Float64Array(2);
    assert.doesNotThrow(() => o.grad([], out));
  });
});
