/**
 * Property test: random and hostile text never throws out of the public API, always yields a clean
 * Result, and never takes long. Evaluators of accepted inputs never throw either.
 */
import * as assert from 'node:assert/strict';
import { checkExpression, parseObjective } from '../../../src/core/expr';
import { cpuMsSince, cpuNow, rng } from './helpers';

const TOKENS = [
  'x', 'y', 'z', 'a', 'b', 'w', 'e', 'pi', 'i', 't', 'cm', 'sin', 'cos', 'max', 'min', 'abs', 'sign', 'log', 'sqrt',
  'nthRoot', 'atan2', 'floor', 'mod', 'import', 'evaluate', 'parse', 'config', 'createUnit', 'simplify', 'derivative',
  'constructor', '__proto__', 'toString', 'prototype', 'f', 'g', 'true', 'null', 'undefined', 'NaN', 'Infinity',
  '0', '1', '2.5', '1e308', '1e-400', '0x1F', '0b101', '-3', '.5', '7',
  '+', '-', '*', '/', '^', '!', "'", '%', 'mod', 'and', 'or', 'not', 'xor', 'to', 'in', '?', ':', '=', '==', '!=',
  '<', '<=', '>', '>=', ';', ',', '.', '[', ']', '(', ')', '(', ')', '{', '}', '"', "'", '`', '\n', '#', '$', '@',
  '\\', '|', '&', '~', '<<', '>>', '?.', '??', ' ', ' ', '  ', 'é', 'λ', '😀', '\u0000', '\u2028',
];

const HOSTILE: string[] = [
  'import("fs")', 'import({}, {override: true})', 'x.constructor', 'x.constructor.constructor("return process")()',
  'x["constructor"]', '[1, 2]', '[1, 2] * x', '"str"', '"str" + x', '5 cm', '5 cm + x', 'x to inch', 'config({})',
  'config({number: "BigNumber"}) + x', 'createUnit("foo")', 'evaluate("x")', 'parse("x")', 'simplify("x")',
  'derivative("x^2", "x")', 'resolve(x)', 'f(x) = x; g(x) = x', 'f(x) = x; f', 'a = a + 1; a*x', 'zeros(20000, 20000)',
  'range(0, 1e8)', 'ones(1e4, 1e4) * x', '{a: x}', 'x ? y', 'x ? y :', '1 ? x : y', 'f(x) = f(x)', 'f(x) = g(x)',
  'x = x + 1', '__proto__', '__proto__.x', 'toString(x)', 'x.toString()', 'valueOf(x)', 'hasOwnProperty(x)', 'x!',
  'x!!!!', 'true ? x : y', 'i^2 + x', 'x + NaN', 'Infinity * x', 'null', 'undefined', 'e^e^e^e^e^x', 'x^x^x^x^x^x^x',
  'sin(' + 'x'.repeat(5000) + ')', 'x'.repeat(9999), '1'.repeat(9999), '9'.repeat(400) + ' * x', 'x * 1e309',
  'x # comment', '# only a comment', ';;;;', '\n\n\n', 'x;', ';x', 'f(x,y)=', 'f(x, x) = x', 'f() = 3',
  'f(x) = x; a = 2', 'a = 1; f(a) = a', 'nthRoot(x, 0)', 'nthRoot(x, y)', 'log(x, 1)', 'x / 0', '0 / 0 * x', 'mod(x, 0)',
  'max()', 'max(x)', 'min(' + Array.from({ length: 100 }, (_, k) => `x${k}`).join(',') + ')', 'hypot()',
  'x y z w a b c d', 'sin x', '2 sin(x)', 'sin(x)(y)', 'f(x)(y) = x', 'x(1)', '(x)(y)', 'x.y.z', 'x[1:2]', 'x?.y',
];

function deep(): string[] {
  const out: string[] = [];
  for (const n of [99, 100, 101, 150, 300, 1000, 5000]) {
    out.push('('.repeat(n) + 'x' + ')'.repeat(n));
    out.push('sin('.repeat(Math.min(n, 2400)) + 'x' + ')'.repeat(Math.min(n, 2400)));
    out.push('-'.repeat(n) + 'x');
    out.push('x^'.repeat(n) + '2');
    out.push('x > 0 ? '.repeat(Math.min(n, 1200)) + 'x' + ' : 1'.repeat(Math.min(n, 1200)));
    out.push('not '.repeat(Math.min(n, 2400)) + 'x');
    out.push(Array.from({ length: n }, () => 'x').join('*'));
    out.push(Array.from({ length: n }, (_, k) => `x${k % 9}^2`).join('+'));
    out.push('[' .repeat(n) + ']'.repeat(n));
  }
  out.push('x^'.repeat(60) + 'x'); // a power tower: its Hessian once tidied 10^5 shared nodes
  out.push('x + '.repeat(2499) + 'x'); // 10,000 characters: just within the limit
  out.push('x + '.repeat(2500) + 'x'); // just over
  out.push('x'.repeat(1_000_000));
  out.push(Array.from({ length: 2000 }, (_, k) => `x${k}`).join('+').slice(0, 10_000));
  // product chains: the simplify trap (exponential in mathjs's simplify/simplifyCore)
  out.push(Array.from({ length: 27 }, () => 'x').join('*') + ' + y');
  out.push(Array.from({ length: 60 }, (_, k) => `(x${k % 3} - ${k})`).join('*'));
  out.push(Array.from({ length: 200 }, (_, k) => `sin(x*${k})`).join('*'));
  return out;
}

describe('expr: fuzz', function () {
  this.timeout(300_000);

  const probe = (source: string): void => {
    let t0 = cpuNow();
    const checked = checkExpression(source);
    assert.equal(typeof checked.ok, 'boolean');
    if (!checked.ok) assert.equal(typeof checked.error.message, 'string');
    assert.ok(cpuMsSince(t0) < 2000, `checkExpression took ${cpuMsSince(t0)} ms of CPU on ${JSON.stringify(source.slice(0, 80))}`);

    t0 = cpuNow();
    const r = parseObjective(source);
    const ms = cpuMsSince(t0);
    assert.ok(ms < 2000, `parseObjective took ${ms} ms of CPU on ${JSON.stringify(source.slice(0, 80))}`);
    assert.equal(typeof r.ok, 'boolean');
    if (!r.ok) {
      assert.equal(typeof r.error.message, 'string');
      assert.ok(r.error.message.length > 0);
      assert.ok(!/^Internal error/.test(r.error.message), `internal error on ${JSON.stringify(source.slice(0, 80))}: ${r.error.message}`);
      if (r.error.position !== undefined) assert.ok(r.error.position >= 0 && r.error.position <= source.length);
      assert.equal(checked.ok, false, `checkExpression accepted what parseObjective rejected: ${source.slice(0, 80)}`);
      return;
    }
    assert.equal(checked.ok, true);
    const o = r.value;
    const n = o.variables.length;
    const x = Float64Array.from({ length: n }, (_, k) => 0.3 + 0.17 * k);
    const out = new Float64Array(n);
    assert.equal(typeof o.f(x), 'number');
    o.grad(x, out);
    assert.equal(o.gradient.length, n);
    if (n <= 4 && source.length < 400) {
      t0 = cpuNow();
      const h = o.hessian();
      assert.ok(cpuMsSince(t0) < 4000, `hessian took ${cpuMsSince(t0)} ms of CPU on ${JSON.stringify(source.slice(0, 80))}`);
      if (h.ok) h.value.evaluate(x, new Float64Array(n * n));
    }
  };

  it('hostile inputs give a clean Result quickly', () => {
    for (const s of HOSTILE) probe(s);
  });

  it('deep, long and huge inputs give a clean Result quickly', () => {
    for (const s of deep()) probe(s);
  });

  it('thousands of random token strings give a clean Result quickly', () => {
    const r = rng(0xdecaf);
    let accepted = 0;
    for (let k = 0; k < 3000; k++) {
      const length = 1 + Math.floor(r() * 24);
      let s = '';
      for (let j = 0; j < length; j++) s += TOKENS[Math.floor(r() * TOKENS.length)] + (r() < 0.3 ? ' ' : '');
      const before = cpuNow();
      probe(s);
      assert.ok(cpuMsSince(before) < 4000);
      if (parseObjective(s).ok) accepted++;
    }
    // the generator must also reach the accepting paths, or the test proves little
    assert.ok(accepted > 30, `only ${accepted} random strings were accepted`);
  });

  it('random well-formed expressions are accepted and evaluate without throwing', () => {
    const r = rng(77);
    const leaves = ['x', 'y', 'z', 'x', 'y', '2', '0.5', 'pi', 'e'];
    const unary = ['sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'atan', 'cbrt', 'sign', 'floor'];
    const binary = ['+', '-', '*', '/', '^'];
    const gen = (depth: number): string => {
      const p = r();
      if (depth <= 0 || p < 0.25) return leaves[Math.floor(r() * leaves.length)];
      if (p < 0.5) return `${unary[Math.floor(r() * unary.length)]}(${gen(depth - 1)})`;
      if (p < 0.6) return `max(${gen(depth - 1)}, ${gen(depth - 1)})`;
      if (p < 0.67) return `(${gen(depth - 1)} > ${gen(depth - 1)} ? ${gen(depth - 1)} : ${gen(depth - 1)})`;
      return `(${gen(depth - 1)} ${binary[Math.floor(r() * binary.length)]} ${gen(depth - 1)})`;
    };
    let accepted = 0;
    for (let k = 0; k < 400; k++) {
      const s = gen(5);
      const res = parseObjective(s);
      if (res.ok) {
        accepted++;
        probe(s);
      } else {
        assert.match(res.error.message, /no variables/, s); // only constant expressions may fail
      }
    }
    assert.ok(accepted > 300, `only ${accepted} of 400 accepted`);
  });
});
