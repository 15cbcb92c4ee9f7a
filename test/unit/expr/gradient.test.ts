/**
 * Gradients and Hessians against derivatives worked out by hand (written here as closures), and
 * against central finite differences of f at seeded random points.
 */
import * as assert from 'node:assert/strict';
import * as mathjs from 'mathjs';
import { parseObjective } from '../../../src/core/expr';
import { Budget, Deadline } from '../../../src/core/expr/limits';
import { buildObjective } from '../../../src/core/expr/objective';
import { differentiate } from '../../../src/core/expr/derivative';
import { parseObjectiveText } from '../../../src/core/expr/validate';
import { close, compile, cpuMsSince, cpuNow, finiteDifference, gradAt, rng, uniform } from './helpers';

type Grad = (x: number[]) => number[];
interface HandCase {
  source: string;
  grad: Grad;
  /** Sampling box per variable. */
  box: [number, number][];
}

const sec = (t: number): number => 1 / Math.cos(t);
const csc = (t: number): number => 1 / Math.sin(t);

// Each gradient below is derived by hand from the textbook rules.
const HAND: HandCase[] = [
  { source: 'x^2*y + sin(x*y)', grad: ([x, y]) => [2 * x * y + y * Math.cos(x * y), x * x + x * Math.cos(x * y)], box: [[-2, 2], [-2, 2]] },
  { source: '(1 - x)^2 + 100*(y - x^2)^2', grad: ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], box: [[-2, 2], [-1, 3]] },
  { source: 'exp(x) * log(y)', grad: ([x, y]) => [Math.exp(x) * Math.log(y), Math.exp(x) / y], box: [[-1, 1], [0.1, 3]] },
  { source: 'sqrt(x^2 + y^2 + 1)', grad: ([x, y]) => [x / Math.sqrt(x * x + y * y + 1), y / Math.sqrt(x * x + y * y + 1)], box: [[-3, 3], [-3, 3]] },
  { source: 'atan2(y, x)', grad: ([x, y]) => [-y / (x * x + y * y), x / (x * x + y * y)], box: [[0.2, 2], [-2, 2]] },
  { source: 'tanh(x) * cosh(y)', grad: ([x, y]) => [(1 - Math.tanh(x) ** 2) * Math.cosh(y), Math.tanh(x) * Math.sinh(y)], box: [[-2, 2], [-2, 2]] },
  { source: 'log(x^2 + 1, 3)', grad: ([x]) => [(2 * x) / ((x * x + 1) * Math.log(3))], box: [[-3, 3]] },
  { source: 'x^y', grad: ([x, y]) => [y * x ** (y - 1), x ** y * Math.log(x)], box: [[0.2, 3], [-2, 2]] },
  { source: 'cbrt(x)', grad: ([x]) => [1 / (3 * Math.cbrt(x) ** 2)], box: [[-8, -0.5]] }, // negative x: real root
  { source: 'nthRoot(x, 5)', grad: ([x]) => [1 / (5 * Math.abs(x) ** (4 / 5))], box: [[-4, -0.5]] },
  { source: 'hypot(x, y, 2)', grad: ([x, y]) => [x / Math.hypot(x, y, 2), y / Math.hypot(x, y, 2)], box: [[-3, 3], [-3, 3]] },
  { source: 'abs(x - 1) * y', grad: ([x, y]) => [Math.sign(x - 1) * y, Math.abs(x - 1)], box: [[-3, 3], [-2, 2]] },
  { source: 'x > 0 ? x^2 : -x', grad: ([x]) => [x > 0 ? 2 * x : -1], box: [[-2, 2]] },
  { source: 'max(x, y) + 2*min(x, y^2)', grad: ([x, y]) => [(x >= y ? 1 : 0) + 2 * (x <= y * y ? 1 : 0), (x >= y ? 0 : 1) + 2 * (x <= y * y ? 0 : 2 * y)], box: [[-2, 2], [-2, 2]] },
  { source: 'max(x, 2*y, 1 - x)', grad: ([x, y]) => {
    const a = x, b = 2 * y, c = 1 - x;
    if (a >= b && a >= c) return [1, 0];
    if (b >= c && b > a) return [0, 2];
    return [-1, 0];
  }, box: [[-2, 2], [-2, 2]] },
  { source: 'log2(x) + log1p(y) + expm1(x*y)', grad: ([x, y]) => [1 / (x * Math.LN2) + y * Math.exp(x * y), 1 / (1 + y) + x * Math.exp(x * y)], box: [[0.2, 2], [-0.5, 2]] },
  { source: 'square(x) + cube(y) + x*y', grad: ([x, y]) => [2 * x + y, 3 * y * y + x], box: [[-2, 2], [-2, 2]] },
  { source: 'mod(3*x, 2) + floor(y)*x', grad: ([, y]) => [3 + Math.floor(y), 0], box: [[0.01, 0.6], [-2, 2]] },
  { source: 'asin(x/2) + acos(y/3) + atan(x*y)', grad: ([x, y]) => [
    1 / (2 * Math.sqrt(1 - x * x / 4)) + y / (1 + x * x * y * y),
    -1 / (3 * Math.sqrt(1 - y * y / 9)) + x / (1 + x * x * y * y),
  ], box: [[-1.5, 1.5], [-2, 2]] },
  { source: 'sec(x) + csc(y) + cot(x + y)', grad: ([x, y]) => [
    sec(x) * Math.tan(x) - csc(x + y) ** 2,
    -csc(y) / Math.tan(y) - csc(x + y) ** 2,
  ], box: [[0.2, 0.7], [0.3, 0.8]] },
  { source: 'asinh(x) + acosh(y) + atanh(x/3)', grad: ([x, y]) => [1 / Math.sqrt(x * x + 1) + 1 / (3 * (1 - x * x / 9)), 1 / Math.sqrt(y * y - 1)], box: [[-2, 2], [1.2, 3]] },
  { source: 'exp(-(x^2 + y^2)/2) * sign(x + 10)', grad: ([x, y]) => [-x * Math.exp(-(x * x + y * y) / 2), -y * Math.exp(-(x * x + y * y) / 2)], box: [[-2, 2], [-2, 2]] },
  { source: 'a = 3; k = a^2; f(x, y) = k*x^2*y - a*y', grad: ([x, y]) => [18 * x * y, 9 * x * x - 3], box: [[-2, 2], [-2, 2]] },
  { source: 'pi*x^2 + e^y', grad: ([x, y]) => [2 * Math.PI * x, Math.exp(y)], box: [[-2, 2], [-2, 2]] },
  { source: 'x^4 - 3x^2 + x', grad: ([x]) => [4 * x ** 3 - 6 * x + 1], box: [[-2, 2]] },
  { source: 'x^2 + 2y^2 + 3z^2 + x*y', grad: ([x, y, z]) => [2 * x + y, 4 * y + x, 6 * z], box: [[-2, 2], [-2, 2], [-2, 2]] },
  { source: 'x^-2 + y^10', grad: ([x, y]) => [-2 / x ** 3, 10 * y ** 9], box: [[0.5, 2], [-1.2, 1.2]] },
];

describe('expr: gradient', () => {
  it('matches hand-derived gradients at seeded random points', () => {
    const r = rng(20240601);
    for (const c of HAND) {
      const o = compile(c.source);
      assert.ok(o.gradient.every(g => g.symbolic), `${c.source} should be symbolic`);
      for (let k = 0; k < 25; k++) {
        const x = c.box.map(([lo, hi]) => uniform(r, lo, hi));
        const expected = c.grad(x);
        const got = gradAt(o, x);
        got.forEach((g, i) => close(g, expected[i], 1e-10, `∂(${c.source})/∂${o.variables[i]} at ${x}`));
      }
    }
  });

  it('matches central finite differences of f', () => {
    const r = rng(7);
    const sources = [
      ...HAND.filter(c => !/max|min|abs|sign|floor|mod|\?/.test(c.source)).map(c => [c.source, c.box] as const),
      ['(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2', [[-2, 2], [-1.5, 1.5]]] as const,
      ['-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20', [[-3, 3], [-3, 3]]] as const,
      ['sin(cos(tan(x*y))) / (1 + exp(-x))', [[-1, 1], [-1, 1]]] as const,
    ];
    for (const [source, box] of sources) {
      const o = compile(source);
      for (let k = 0; k < 10; k++) {
        const x = box.map(([lo, hi]) => uniform(r, lo, hi));
        const fd = finiteDifference(o, x);
        const got = gradAt(o, x);
        got.forEach((g, i) => close(g, fd[i], 2e-5, `FD ∂(${source})/∂${o.variables[i]} at ${x}`));
      }
    }
  });

  it('evaluates the unsimplified derivative: simplify-changes-value cases', () => {
    // mathjs simplify turns d/dx (x^2)^(1/2) into 1 (josdejong/mathjs#3329); the true value at −2 is −1.
    assert.deepEqual(gradAt(compile('(x^2)^(1/2)'), [-2]), [-1]);
    assert.deepEqual(gradAt(compile('sqrt(x^2)'), [-2]), [-1]);
    // the displayed text must compute the same value as what is evaluated
    const o = compile('(x^2)^(1/2)');
    const shown = mathjs.evaluate(o.gradient[0].text, { x: -2 }) as number;
    assert.equal(shown, -1);
    // cbrt/nthRoot: mathjs's derivative is x^(-2/3)/3, complex for x < 0; here the real value
    close(gradAt(compile('cbrt(x)'), [-8])[0], 1 / 12, 1e-15, "cbrt' at -8");
    close(gradAt(compile('nthRoot(x, 3)'), [-8])[0], 1 / 12, 1e-15, "nthRoot(x,3)' at -8");
    // abs: mathjs gives abs(x)/x (NaN at 0); the convention here is sign(x)·1 = 0 there
    assert.deepEqual(gradAt(compile('abs(x)'), [0]), [0]);
  });

  it('documents piecewise conventions in a note', () => {
    const o = compile('max(x, y) + abs(x)');
    assert.match(o.gradient[0].note ?? '', /max/);
    assert.match(o.gradient[0].note ?? '', /abs/);
    assert.equal(compile('x^2').gradient[0].note, undefined);
  });

  it('gradient text is mathjs syntax that evaluates to the compiled gradient', () => {
    const r = rng(99);
    for (const c of HAND) {
      const o = compile(c.source);
      for (let k = 0; k < 5; k++) {
        const x = c.box.map(([lo, hi]) => uniform(r, lo, hi));
        const scope: Record<string, number> = {};
        o.variables.forEach((v, i) => (scope[v] = x[i]));
        const got = gradAt(o, x);
        o.gradient.forEach((g, i) => {
          const viaText = Number(mathjs.evaluate(g.text, scope));
          close(viaText, got[i], 1e-9, `text of ∂(${c.source})/∂${g.variable} = ${g.text}`);
        });
      }
    }
  });

  it('gives one entry per variable in variable order, with TeX', () => {
    const o = compile('f(y, x) = x^2 * y');
    assert.deepEqual(o.gradient.map(g => g.variable), ['y', 'x']);
    assert.deepEqual(gradAt(o, [3, 2]), [4, 12]);
    // ∂/∂y (x²·y) = x² (no y in it); ∂/∂x (x²·y) = 2·x·y (all three factors).
    const [dy, dx] = o.gradient.map(g => g.tex.replace(/[{}]/g, ''));
    assert.match(dy, /^x\^2$/);
    for (const factor of ['2', 'x', 'y']) assert.ok(dx.includes(factor), `${factor} in ${dx}`);
    assert.doesNotMatch(dx, /\^/, 'no power left in 2·x·y');
  });

  it('falls back to a central difference, marked numeric with a note, when symbolic fails', () => {
    const parsed = parseObjectiveText('x^3 * y + sin(y)');
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    // A differentiator that refuses y (as a time-out or size limit would).
    const refuseY = (expr: Parameters<typeof differentiate>[0], v: string, d: Budget) =>
      v === 'y' ? { ok: false as const, reason: 'test refusal' } : differentiate(expr, v, d);
    const o = buildObjective(parsed.value, refuseY);
    assert.equal(o.gradient[0].symbolic, true);
    assert.equal(o.gradient[1].symbolic, false);
    assert.equal(o.gradient[1].text, '');
    assert.match(o.gradient[1].note ?? '', /numeric \(central difference\): test refusal/);
    const r = rng(3);
    for (let k = 0; k < 10; k++) {
      const x = [uniform(r, -2, 2), uniform(r, -2, 2)];
      const got = gradAt(o, x);
      close(got[0], 3 * x[0] ** 2 * x[1], 1e-12, '∂x symbolic');
      close(got[1], x[0] ** 3 + Math.cos(x[1]), 1e-8, '∂y numeric');
    }
    // Hessian: row/column of y numeric, (x, x) symbolic
    const h = o.hessian();
    assert.ok(h.ok);
    if (!h.ok) return;
    assert.deepEqual(h.value.symbolic, [[true, false], [false, false]]);
    const out = new Float64Array(4);
    h.value.evaluate([1.5, -0.5], out);
    close(out[0], 6 * 1.5 * -0.5, 1e-10, 'H_xx');
    close(out[1], 3 * 1.5 ** 2, 1e-5, 'H_xy');
    close(out[3], -Math.sin(-0.5), 1e-4, 'H_yy');
  });

  it('reports running out of time instead of hanging', () => {
    const parsed = parseObjectiveText('x^2');
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    const d = differentiate(parsed.value.expr, 'x', new Deadline(-1));
    assert.deepEqual(d, { ok: false, reason: 'symbolic differentiation ran out of time' });
  });

  it('stays fast on a 30-D Rosenbrock (the simplify trap)', () => {
    const terms: string[] = [];
    for (let i = 1; i < 30; i++) terms.push(`100*(x${i + 1} - x${i}^2)^2 + (1 - x${i})^2`);
    const t0 = cpuNow();
    const o = compile(terms.join(' + '));
    assert.ok(cpuMsSince(t0) < 2000, `took ${cpuMsSince(t0)} ms of CPU`);
    assert.equal(o.variables.length, 30);
    assert.ok(o.gradient.every(g => g.symbolic));
    const ones = new Array<number>(30).fill(1);
    assert.equal(o.f(ones), 0);
    assert.ok(gradAt(o, ones).every(g => g === 0));
    // at x_i = i/10: ∂/∂x_k = −400 x_k (x_{k+1} − x_k²) − 2(1 − x_k) + 200 (x_k − x_{k−1}²)
    const x = Array.from({ length: 30 }, (_, i) => (i + 1) / 10);
    const got = gradAt(o, x);
    for (let k = 0; k < 30; k++) {
      let expected = 0;
      if (k < 29) expected += -400 * x[k] * (x[k + 1] - x[k] ** 2) - 2 * (1 - x[k]);
      if (k > 0) expected += 200 * (x[k] - x[k - 1] ** 2);
      close(got[k], expected, 1e-10, `∂/∂x${k + 1}`);
    }
  });
});

describe('expr: Hessian', () => {
  const hessianAt = (source: string, x: number[]): number[] => {
    const o = compile(source);
    const h = o.hessian();
    assert.ok(h.ok, source);
    if (!h.ok) return [];
    const out = new Float64Array(x.length * x.length);
    h.value.evaluate(x, out);
    return Array.from(out);
  };

  it('Rosenbrock: [[1200x² − 400y + 2, −400x], [−400x, 200]]', () => {
    const r = rng(11);
    for (let k = 0; k < 10; k++) {
      const [x, y] = [uniform(r, -2, 2), uniform(r, -1, 3)];
      const h = hessianAt('(1 - x)^2 + 100*(y - x^2)^2', [x, y]);
      const expected = [1200 * x * x - 400 * y + 2, -400 * x, -400 * x, 200];
      h.forEach((v, i) => close(v, expected[i], 1e-10, `H[${i}]`));
    }
  });

  it('sin(x)·cos(y) and x²y', () => {
    const [x, y] = [0.3, -1.1];
    const h = hessianAt('sin(x)*cos(y)', [x, y]);
    const expected = [-Math.sin(x) * Math.cos(y), -Math.cos(x) * Math.sin(y), -Math.cos(x) * Math.sin(y), -Math.sin(x) * Math.cos(y)];
    h.forEach((v, i) => close(v, expected[i], 1e-14, `H[${i}]`));
    assert.deepEqual(hessianAt('x^2*y', [2, 5]), [10, 4, 4, 0]);
  });

  it('3 variables, with text and TeX per entry', () => {
    const o = compile('x^2 + 2y^2 + 3z^2 + x*y');
    const h = o.hessian();
    assert.ok(h.ok);
    if (!h.ok) return;
    const out = new Float64Array(9);
    h.value.evaluate([0.1, 0.2, 0.3], out);
    assert.deepEqual(Array.from(out), [2, 1, 0, 1, 4, 0, 0, 0, 6]);
    assert.deepEqual(h.value.text, [['2', '1', '0'], ['1', '4', '0'], ['0', '0', '6']]);
    assert.equal(h.value.tex.length, 3);
    assert.ok(h.value.symbolic.flat().every(Boolean));
    // lazily built once
    assert.equal(o.hessian(), h);
  });

  it('piecewise: second derivative of the branch taken', () => {
    assert.deepEqual(hessianAt('x > 0 ? x^3 : -x^2', [2]), [12]);
    assert.deepEqual(hessianAt('x > 0 ? x^3 : -x^2', [-2]), [-2]);
    assert.deepEqual(hessianAt('abs(x)*x', [-3]), [-2]);
  });
});

describe('expr: gradient with data', () => {
  it('differentiates with respect to parameters only', () => {
    const o = compile('(w*x + b - y)^2', { variables: ['w', 'b'], dataColumns: ['x', 'y'] });
    const r = rng(5);
    for (let k = 0; k < 10; k++) {
      const [w, b, x, y] = [uniform(r, -2, 2), uniform(r, -2, 2), uniform(r, -2, 2), uniform(r, -2, 2)];
      const residual = w * x + b - y;
      const got = gradAt(o, [w, b], [x, y]);
      close(got[0], 2 * residual * x, 1e-12, '∂w');
      close(got[1], 2 * residual, 1e-12, '∂b');
    }
    // data omitted: NaN, never a throw
    assert.ok(Number.isNaN(o.f([1, 2])));
    assert.ok(parseObjective('(w*x - y)^2', { variables: ['w'], dataColumns: ['x', 'y'] }).ok);
  });
});
