import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import katex from 'katex';
import { create, all, MathNode } from 'mathjs';
import { parseObjective } from '../../src/core/expr';
import { gradientCode, printExpression } from '../../src/core/expr/print';

/**
 * Each case: a formula, its gradient written by hand (independent of the code under test), and
 * points. The gradient's text in each language is evaluated in that language and compared.
 */
interface Case { f: string; vars: string[]; grad: (...v: number[]) => number[]; points: number[][] }
const CASES: Case[] = [
  { f: 'x^2*y + 3*y', vars: ['x', 'y'], grad: (x, y) => [2 * x * y, x * x + 3], points: [[1, 2], [-1.5, 0.25]] },
  { f: 'sin(x)*exp(-y)', vars: ['x', 'y'], grad: (x, y) => [Math.cos(x) * Math.exp(-y), -Math.sin(x) * Math.exp(-y)], points: [[0.3, 1], [2, -1]] },
  // Unary minus next to a power: −x² is −(x²) in every target; JavaScript rejects -x ** 2 unless bracketed.
  { f: '-x^2 + (x - y)^3 / 2', vars: ['x', 'y'], grad: (x, y) => [-2 * x + 1.5 * (x - y) ** 2, -1.5 * (x - y) ** 2], points: [[1, 3], [-2, 0.5]] },
  { f: 'log(x) + sqrt(y) + abs(x - 2)', vars: ['x', 'y'], grad: (x, y) => [1 / x + Math.sign(x - 2), 1 / (2 * Math.sqrt(y))], points: [[1, 4], [3, 0.25]] },
  { f: '2^x + x^(-1)', vars: ['x'], grad: x => [Math.LN2 * 2 ** x - x ** -2], points: [[1], [-0.5]] },
  { f: 'pi * x^2 + e^y', vars: ['x', 'y'], grad: (x, y) => [2 * Math.PI * x, Math.exp(y)], points: [[1, 0], [-2, 1.5]] },
  { f: 'tanh(x) + atan(y) + cosh(x)', vars: ['x', 'y'], grad: (x, y) => [1 - Math.tanh(x) ** 2 + Math.sinh(x), 1 / (1 + y * y)], points: [[0.5, 2], [-1, -1]] },
  // Two-argument log: Julia writes the base first.
  { f: 'log(x, 2) * y', vars: ['x', 'y'], grad: (x, y) => [y / (x * Math.LN2), Math.log2(x)], points: [[8, 3], [0.5, -1]] },
  // A conditional (what `a if c else b` / `c ? a : b` become).
  { f: '(x > 0 ? x^2 : 0.1 * x) * y', vars: ['x', 'y'], grad: (x, y) => [(x > 0 ? 2 * x : 0.1) * y, x > 0 ? x * x : 0.1 * x], points: [[1.5, 2], [-2, 3]] },
  // mathjs mod takes the sign of the divisor: mod(−1, 3) = 2; d/dx mod(x, 3) = 1 away from the jumps.
  { f: 'mod(x, 3) * y + cbrt(x)', vars: ['x', 'y'], grad: (x, y) => [y + 1 / (3 * Math.cbrt(x) ** 2), ((x % 3) + 3) % 3], points: [[1, 2], [-1, 0.5], [-4.5, 2]] },
  { f: 'atan2(y, x) + hypot(x, y)', vars: ['x', 'y'], grad: (x, y) => [-y / (x * x + y * y) + x / Math.hypot(x, y), x / (x * x + y * y) + y / Math.hypot(x, y)], points: [[1, 2], [-3, 0.5]] },
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

function objective(f: string) {
  const r = parseObjective(f);
  assert.ok(r.ok, `${f}: ${r.ok ? '' : r.error.message}`);
  return r.value;
}

function codeOf(c: Case, language: 'numpy' | 'pytorch' | 'javascript' | 'julia' | 'latex'): string {
  const o = objective(c.f);
  assert.deepStrictEqual(o.variables, c.vars);
  const r = gradientCode(o, language);
  assert.ok(r.ok, `${c.f} in ${language}: ${r.ok ? '' : r.error.message}`);
  return r.value;
}

function checkValues(c: Case, language: string, values: number[][]): void {
  c.points.forEach((p, i) => {
    const expected = c.grad(...p);
    assert.strictEqual(values[i].length, expected.length, `${c.f} (${language}) at ${p}`);
    expected.forEach((e, k) => assert.ok(close(values[i][k], e), `${c.f} (${language}) ∂/∂${c.vars[k]} at (${p}): ${values[i][k]}, expected ${e}`));
  });
}

/** Runs a Python program with Debian's python3; its stdout is JSON. */
function python(program: string): unknown {
  const py = '/usr/bin/python3';
  assert.ok(fs.existsSync(py), `${py} is needed to check the Python texts (apt-get install python3 python3-numpy)`);
  return JSON.parse(execFileSync(py, ['-c', program], { encoding: 'utf8', maxBuffer: 1 << 24 }));
}

function hasTorch(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the gradient as code (Copy as Python, PyTorch, JavaScript, LaTeX, Julia)', () => {
  it('JavaScript: the text runs in Node and gives the hand-derived gradient', () => {
    for (const c of CASES) {
      const code = codeOf(c, 'javascript');
      const gradF = new Function(`${code}\nreturn gradF;`)() as (...v: number[]) => number[];
      checkValues(c, 'javascript', c.points.map(p => gradF(...p)));
    }
  });

  it('Python (NumPy): the text runs in python3 and gives the hand-derived gradient', () => {
    const program = [
      'import json',
      'results = []',
      ...CASES.map(c => [
        `exec(${JSON.stringify(codeOf(c, 'numpy'))}, globals())`,
        `results.append([[float(v) for v in grad_f(*p)] for p in ${JSON.stringify(c.points)}])`,
      ].join('\n')),
      'print(json.dumps(results))',
    ].join('\n');
    const results = python(program) as number[][][];
    CASES.forEach((c, i) => checkValues(c, 'numpy', results[i]));
  });

  it('PyTorch: the text runs with float64 tensors and gives the hand-derived gradient', function () {
    if (!hasTorch()) {
      // Debian's python3-torch is not installable everywhere (e.g. some architectures): say so plainly.
      assert.fail('PyTorch is not installed for /usr/bin/python3: apt-get install -y python3-torch to check the PyTorch texts');
    }
    this.timeout(120000);
    const program = [
      'import json',
      'import torch',
      'results = []',
      ...CASES.map(c => [
        `exec(${JSON.stringify(codeOf(c, 'pytorch'))}, globals())`,
        `results.append([[float(v) for v in grad_f(*[torch.tensor(v, dtype=torch.float64) for v in p])] for p in ${JSON.stringify(c.points)}])`,
      ].join('\n')),
      'print(json.dumps(results))',
    ].join('\n');
    const results = python(program) as number[][][];
    CASES.forEach((c, i) => checkValues(c, 'pytorch', results[i]));
  });

  it('Julia: the text, translated back through mathjs (Julia → mathjs differences only), gives the hand-derived gradient', () => {
    const m = create(all);
    for (const c of CASES) {
      const code = codeOf(c, 'julia');
      const match = /^grad_f\(([^)]*)\) = \[(.*)\]\n$/.exec(code);
      assert.ok(match, code);
      assert.deepStrictEqual(match[1].split(', '), c.vars);
      // Julia → mathjs: log(b, x) → log(x, b); atan(y, x) → atan2(y, x); a ? b : c is the same.
      const back = (n: MathNode): MathNode => n.transform(node => {
        if (node.type === 'FunctionNode') {
          const fn = node as unknown as { fn: { name: string }; args: MathNode[] };
          if (fn.fn.name === 'log' && fn.args.length === 2) return new m.FunctionNode('log', [back(fn.args[1]), back(fn.args[0])]);
          if (fn.fn.name === 'atan' && fn.args.length === 2) return new m.FunctionNode('atan2', fn.args.map(back));
        }
        return node;
      });
      const list = back(m.parse(`[${match[2]}]`)).compile();
      const values = c.points.map(p => {
        const scope = Object.fromEntries(c.vars.map((v, i) => [v, p[i]]));
        return (list.evaluate(scope) as { toArray(): number[] }).toArray();
      });
      checkValues(c, 'julia', values);
    }
  });

  it('LaTeX: KaTeX renders every text without an error, one row per variable', () => {
    for (const c of CASES) {
      const tex = codeOf(c, 'latex');
      assert.doesNotThrow(() => katex.renderToString(tex, { throwOnError: true, displayMode: true }), tex);
      for (const v of c.vars) assert.ok(tex.includes(`\\frac{\\partial f}{\\partial ${v}} &=`), tex);
    }
  });

  it('refuses what a language cannot say exactly, and names a variable that is a keyword there', () => {
    const o = objective('theta^2 * lambda');
    const py = gradientCode(o, 'numpy');
    assert.ok(!py.ok && /lambda/.test(py.error.message));
    assert.ok(gradientCode(o, 'javascript').ok, 'lambda is an ordinary name in JavaScript');
    const r = printExpression('round(x)', 'javascript');
    assert.ok(!r.ok && /round/.test(r.error.message), 'mathjs rounds half away from zero, Math.round does not');
    assert.ok(!printExpression('x and y', 'numpy').ok);
  });

  it('brackets by each language\'s precedence: −(x²), (−2)^x, a^(b^c), no Python comparison chains', () => {
    assert.deepStrictEqual(printExpression('-x^2', 'javascript'), { ok: true, value: '-(x ** 2)' });
    assert.deepStrictEqual(printExpression('(-2)^x', 'numpy'), { ok: true, value: '(-2) ** x' });
    assert.deepStrictEqual(printExpression('a^b^c', 'julia'), { ok: true, value: 'a ^ (b ^ c)' });
    assert.deepStrictEqual(printExpression('x - (y - z)', 'javascript'), { ok: true, value: 'x - (y - z)' });
    assert.deepStrictEqual(printExpression('(x < y) == (y < z)', 'numpy'), { ok: true, value: '(x < y) == (y < z)' });
    assert.deepStrictEqual(printExpression('x^-y', 'numpy'), { ok: true, value: 'x ** (-y)' });
  });
});
