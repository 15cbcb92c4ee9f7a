/**
 * Syntax, variables, constants, implicit multiplication and every class of rejected input.
 * Positions are 0-based offsets into the text the person wrote, counted by hand here.
 */
import * as assert from 'node:assert/strict';
import { checkExpression, parseObjective } from '../../../src/core/expr';
import { LIMITS } from '../../../src/core/expr/limits';
import { compile, close } from './helpers';

function error(source: string, options?: Parameters<typeof parseObjective>[1]): { message: string; position?: number } {
  const r = parseObjective(source, options);
  assert.equal(r.ok, false, `expected ${JSON.stringify(source)} to be rejected`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(typeof r.error.message, 'string');
  return r.error;
}

describe('expr: parsing and variables', () => {
  it('reads free symbols in alphabetical (natural) order', () => {
    assert.deepEqual(compile('y^2 + x').variables, ['x', 'y']);
    assert.deepEqual(compile('b*w + a').variables, ['a', 'b', 'w']);
    assert.deepEqual(compile('x10 + x2 + x1').variables, ['x1', 'x2', 'x10']);
  });

  it('takes the order of the f(…) signature', () => {
    const o = compile('f(y, x) = x^2 + 3*y');
    assert.deepEqual(o.variables, ['y', 'x']);
    assert.equal(o.name, 'f');
    assert.equal(o.f([2, 5]), 25 + 6);
    // a parameter the body does not use is still a variable (gradient 0)
    const g = compile('g(x, y, z) = x*y');
    assert.deepEqual(g.variables, ['x', 'y', 'z']);
    const out = new Float64Array(3);
    g.grad([2, 3, 4], out);
    assert.deepEqual(Array.from(out), [3, 2, 0]);
  });

  it('takes explicit variables and data columns (datasets)', () => {
    const o = compile('(w*x + b - y)^2', { variables: ['w', 'b'], dataColumns: ['x', 'y'] });
    assert.deepEqual(o.variables, ['w', 'b']);
    assert.deepEqual(o.dataColumns, ['x', 'y']);
    // w = 2, b = 1 on the row x = 3, y = 4: (6 + 1 − 4)² = 9; ∂/∂w = 2·3·x = 18, ∂/∂b = 2·3 = 6
    assert.equal(o.f([2, 1], [3, 4]), 9);
    const out = new Float64Array(2);
    o.grad([2, 1], out, [3, 4]);
    assert.deepEqual(Array.from(out), [18, 6]);
    // data columns only: the remaining free symbols are the variables
    assert.deepEqual(compile('(w*x - y)^2', { dataColumns: ['x', 'y'] }).variables, ['w']);
  });

  it('reports symbols that are neither parameters, columns nor constants', () => {
    const e = error('w*x + q', { variables: ['w'], dataColumns: ['x'] });
    assert.match(e.message, /'q'/);
    assert.equal(e.position, 6);
    assert.match(error('f(x) = x + y').message, /'y' is not a parameter of f\(x\)/);
  });

  it('accepts constants before the objective, one per ; or line', () => {
    const o = compile('a = 10; b = a / 4\nf(x, y) = x^2 + a*y^2 + b');
    assert.deepEqual(o.constants, { a: 10, b: 2.5 });
    assert.deepEqual(o.variables, ['x', 'y']);
    assert.equal(o.f([1, 2]), 1 + 40 + 2.5);
    // text stands alone: constants replaced by their values
    assert.equal(o.text, 'x ^ 2 + 10 * y ^ 2 + 2.5');
    const negative = compile('c = -3; c*x^2');
    assert.equal(negative.f([2]), -12);
    assert.equal(negative.text, '(-3) * x ^ 2');
  });

  it('accepts a named objective written as an assignment', () => {
    const o = compile('loss = (x - 1)^2');
    assert.equal(o.name, 'loss');
    assert.equal(o.f([3]), 4);
  });

  it('reads implicit multiplication as mathjs does and shows it explicitly', () => {
    const o = compile('2x + 3x y');
    assert.equal(o.f([2, 5]), 4 + 30);
    assert.equal(o.text, '2 * x + 3 * x * y');
    // mathjs: 1/2x is (1/2)·x but 1/x y is 1/(x·y) — the text shows which
    assert.equal(compile('1/2x').f([4]), 2);
    assert.equal(compile('1/x y').f([2, 4]), 1 / 8);
    // x(y + 1) is a call of x in mathjs: say how to multiply
    const e = error('x(y + 1)');
    assert.match(e.message, /x\*\(/);
    assert.equal(e.position, 0);
  });

  it('knows pi, e, powers, roots, logs, trig, hyperbolic, abs, sign, min, max, conditionals', () => {
    const cases: [string, number[], number][] = [
      ['pi * x', [2], 2 * Math.PI],
      ['e^x', [1], Math.E],
      ['x^3', [-2], -8],
      ['sqrt(x) + cbrt(y)', [9, -27], 3 - 3],
      ['nthRoot(x, 3)', [-8], -2],
      ['nthRoot(x)', [16], 4],
      ['exp(x) + log(y)', [0, Math.E], 2],
      ['log(x, 2)', [8], 3],
      ['log10(x) + log2(y) + log1p(0) * x', [1000, 8], 6],
      ['sin(x)^2 + cos(x)^2', [0.7], 1],
      ['tan(x) - sin(x)/cos(x)', [0.3], 0],
      ['asin(x) + acos(x)', [0.2], Math.PI / 2],
      ['atan(x) + atan2(1, 1)', [1], Math.PI / 2],
      ['cosh(x)^2 - sinh(x)^2', [0.5], 1],
      ['tanh(x)', [0], 0],
      ['abs(x) + sign(y)', [-3, -2], 2],
      ['min(x, y, 4) + max(x, y)', [1, 7], 8],
      ['floor(x) + ceil(y) + round(x)', [1.5, 1.2], 1 + 2 + 2],
      ['x > 0 ? x : 0.1*x', [-2], -0.2],
      ['x > 0 ? x : 0.1*x', [3], 3],
      ['(x >= 1) + (x == 2) + (x != 2) + (x < 0) + (x <= 2)', [2], 3],
      ['x > 0 and y > 0 ? 1 : 2', [1, -1], 2],
      ['x > 0 or y > 0 ? 1 : 2', [1, -1], 1],
      ['not (x > 0) ? 1 : 2', [1], 2],
      ['mod(x, 3) + x % 4', [-1], 2 + 3],
      ['hypot(x, y)', [3, 4], 5],
      ['square(x) + cube(y)', [3, 2], 17],
      ['expm1(x) + pow(y, 2)', [0, 3], 9],
      ['sec(x) * cos(x) + csc(x) * sin(x) + cot(x) * tan(x)', [0.4], 3],
      ['50% * x', [4], 2],
    ];
    for (const [source, x, expected] of cases) close(compile(source).f(x), expected, 1e-14, source);
  });

  it('gives plain IEEE doubles: NaN, not complex numbers', () => {
    assert.ok(Number.isNaN(compile('sqrt(x)').f([-1])));
    assert.ok(Number.isNaN(compile('log(x)').f([-1])));
    assert.ok(Number.isNaN(compile('x^0.5').f([-2])));
    assert.ok(Number.isNaN(compile('asin(x)').f([2])));
    assert.ok(Number.isNaN(compile('nthRoot(x, 2)').f([-4])));
    assert.equal(compile('1/x').f([0]), Infinity);
  });

  it('follows mathjs where it differs from JavaScript: mod and round', () => {
    assert.equal(compile('mod(x, 3)').f([-1]), 2); // JS: -1 % 3 = -1
    assert.equal(compile('mod(x, -3)').f([1]), -2);
    assert.equal(compile('mod(x, 0)').f([5]), 5);
    assert.equal(compile('round(x)').f([-2.5]), -3); // Math.round(-2.5) = -2
    assert.equal(compile('round(x)').f([2.5]), 3);
  });

  it('reports syntax errors with the position', () => {
    let e = error('x + * 2');
    assert.equal(e.position, 4);
    assert.match(e.message, /Syntax error: Value expected at 4/);
    e = error('(x + 1');
    assert.equal(e.position, 6);
    e = error('sin(x');
    assert.match(e.message, /Parenthesis \) expected/);
  });

  it('reports unknown functions with the position', () => {
    const e = error('x^2 + sinh2(y)');
    assert.equal(e.message, "Unknown function 'sinh2' at 6");
    assert.equal(e.position, 6);
  });

  it('checks the number of arguments', () => {
    assert.match(error('sin(x, y)').message, /'sin' takes 1 argument, got 2 at 0/);
    assert.match(error('atan2(x)').message, /'atan2' takes 2 arguments, got 1/);
    assert.match(error('log(x, 2, 3)').message, /'log' takes 1 or 2 arguments, got 3/);
    assert.match(error('nthRoot(x, y)').message, /must be a constant/);
  });

  it('rejects every forbidden construct with a readable message', () => {
    const cases: [string, RegExp, number | undefined][] = [
      ['import("fs")', /Function 'import' is not allowed/, 0],
      ['x + createUnit("foo")', /'createUnit' is not allowed/, 4],
      ['evaluate("1+1")', /'evaluate' is not allowed/, 0],
      ['parse("x")', /'parse' is not allowed/, 0],
      ['simplify("x") + x', /'simplify' is not allowed/, 0],
      ['derivative("x^2", "x")', /'derivative' is not allowed/, 0],
      ['config({})', /'config' is not allowed/, 0],
      ['resolve(x)', /'resolve' is not allowed/, 0],
      ['x.constructor', /Property access/, 1],
      ['x["constructor"]', /Property access/, undefined],
      ['[1, 2] * x', /Matrices/, 0],
      ['"str" + x', /Strings are not supported/, 0],
      ['true + x', /Booleans/, 0],
      ['x + i', /imaginary unit/, 4],
      ['{a: 1}', /Objects/, 0],
      ['1:3', /Ranges/, 1],
      ['x!', /Factorial/, undefined],
      ["x'", /Transpose/, undefined],
      ['x to cm', /units are not supported/, 2],
      ['f(x) = x; g(x) = x', /Only one function can be defined.*'g'.*at 10/, 10],
      ['g(x) = x; f(x) = x^2', /Only one function/, undefined],
      ['x + (a = 2)', /Assignments are only allowed as separate statements/, undefined],
      ['a < x < b', /Chained comparisons/, undefined],
      ['x | y', /Operator '\|' is not supported/, undefined],
      ['sin + x', /'sin' is a function/, 0],
      ['x ?? y', /'\?\?' is not supported/, undefined],
      ['toString(x)', /Unknown function 'toString'/, 0],
      ['constructor(x)', /Unknown function 'constructor'/, 0],
      ['sin = 3; sin(x)', /'sin' is a function and cannot be used as a constant name/, 0],
      ['a = x; a*x', /constant 'a' uses 'x'/, 4],
      ['a = 1; a = 2; a*x', /defined twice/, undefined],
      ['a = 1/0; a*x', /not a finite number/, undefined],
      ['f(pi) = pi^2', /built-in constant/, undefined],
      ['x + 1; y', /Only the last statement can be the objective/, undefined],
      ['a = 2;', /No objective|empty/, undefined],
      ['3 + 4', /no variables/, undefined],
      ['', /empty/, undefined],
      ['   ', /empty/, undefined],
    ];
    for (const [source, pattern, position] of cases) {
      const e = error(source);
      assert.match(e.message, pattern, source);
      if (position !== undefined) assert.equal(e.position, position, `${source}: ${e.message}`);
    }
  });

  it('treats unit-like names as ordinary variables (this instance has no units)', () => {
    // `5 cm` is 5·cm with cm a variable: there are no units to convert, and b, t, g, N must stay usable.
    const o = compile('5 cm');
    assert.deepEqual(o.variables, ['cm']);
    assert.equal(o.text, '5 * cm');
    assert.deepEqual(compile('t*b + g + N').variables, ['N', 'b', 'g', 't']);
  });

  it('bounds input size before parsing', () => {
    const long = 'x + '.repeat(Math.ceil(LIMITS.maxSourceChars / 4)) + 'x';
    const e = error(long);
    assert.match(e.message, /too long \(\d+ characters; the limit is 10000\)/);
  });

  it('bounds nesting depth before parsing', () => {
    const ok100 = '('.repeat(100) + 'x' + ')'.repeat(100);
    assert.ok(parseObjective(ok100).ok);
    const e = error('('.repeat(101) + 'x' + ')'.repeat(101));
    assert.match(e.message, /nested too deeply/);
    assert.equal(e.position, 100);
    assert.match(error('-'.repeat(3000) + 'x').message, /too deeply nested or too long a chain/);
    assert.match(error(Array.from({ length: 1200 }, (_, k) => `x${k % 5}`).join('+')).message, /depth/);
  });

  it('checkExpression validates without differentiating', () => {
    assert.deepEqual(checkExpression('f(y, x) = x*y'), { ok: true, value: { variables: ['y', 'x'], text: 'x * y' } });
    const bad = checkExpression('x +');
    assert.equal(bad.ok, false);
    const unknown = checkExpression('foo(x)');
    assert.ok(!unknown.ok && unknown.error.message === "Unknown function 'foo' at 0");
  });

  it('produces TeX', () => {
    assert.equal(compile('x1^2 + alpha*y').tex, 'x_{1}^{2}+\\alpha y');
    // products as people write them; a dot where juxtaposition would misread (x(y + 1), 2 −x, x 3)
    assert.equal(compile('2*x*y').tex, '2 x y');
    assert.equal(compile('2*sin(x)*(x + 1)').tex, '2 \\sin( x)\\cdot( x+1)');
    assert.equal(compile('x*(y + 1)').tex, 'x\\cdot( y+1)');
    assert.equal(compile('2*(y + 1)^2').tex, '2 {( y+1)}^{2}');
    assert.equal(compile('x*3').tex, 'x\\cdot3');
    assert.equal(compile('2*-x').tex, '2\\cdot- x');
    assert.match(compile('x > 0 ? x : 0.1*x').tex, /\\begin\{cases\}/);
    assert.match(compile('sqrt(x)').gradient[0].tex, /\\sqrt/);
  });

  it('keeps errors as values for non-string input', () => {
    const r = parseObjective(undefined as unknown as string);
    assert.equal(r.ok, false);
  });
});
