/** Mutations of seed expressions (the presets) and hostile inputs for the expression layer. */
import { Rng } from './rng';
import { FN } from './expr';

const TOKENS = [
  '(', ')', '+', '-', '*', '/', '^', ',', '.', '!', "'", '?', ':', ';', '=', '[', ']', '{', '}', '"', ' ', 'x', 'y', 'z',
  'e', 'pi', 'i', '0', '1e', '1e999', '2', '.5', 'mod', 'and', 'or', 'not', '<', '>=', '==', 'NaN', 'Infinity', 'to',
  'cm', 'deg', '√', '²', '×', '−', 'π', 'α', '\u200b', '\u0000', '\n', '\t', '#', '$', '@', '&', '|', '~', '%', '..', '=>',
];

export function mutate(rng: Rng, text: string): string {
  let t = text;
  const rounds = rng.int(1, 3);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(0, t.length);
    const op = rng.int(0, 9);
    switch (op) {
      case 0: t = t.slice(0, at) + t.slice(at + rng.int(1, 3)); break; // delete
      case 1: t = t.slice(0, at) + rng.pick(TOKENS) + t.slice(at); break; // insert
      case 2: { const b = rng.int(0, t.length); const [lo, hi] = at < b ? [at, b] : [b, at]; t = t.slice(0, hi) + t.slice(lo, hi) + t.slice(hi); break; } // duplicate
      case 3: t = t.replace(/\b(sin|cos|exp|sqrt|log|x|y)\b/, () => rng.pick(Object.keys(FN))); break; // rename
      case 4: t = `${rng.pick(Object.keys(FN))}(${t})`; break; // wrap
      case 5: t = `(${t}) ${rng.pick(['+', '*', '/', '^', '-', 'mod', '<', '?'])} (${t})`; break; // combine
      case 6: t = t.replace(/\d+(\.\d+)?/, () => rng.pick(['0', '1e308', '1e-320', '-0', '9007199254740993', '2.5e+300', '0.000'])); break;
      case 7: t = t.replace(/\*/, ''); break; // implicit multiplication
      case 8: t = `a = ${rng.pick(['2', '0', '1e308', '-1', 'pi', '2*3'])}; f(x, y) = ${t.replace(/\b\d+(\.\d+)?\b/, 'a')}`; break;
      default: t = t.split('').reverse().join(''); break;
    }
  }
  return t;
}

/** Fixed hostile inputs: each must be parsed or rejected with a message, never crash or hang. */
export const HOSTILE: readonly string[] = [
  '', ' ', '\n', 'x', '()', '(x', 'x)', 'constructor', 'constructor(x)', '__proto__', '__proto__ + x', 'toString(x)',
  'x.constructor', 'hasOwnProperty(x)', 'valueOf', 'prototype', 'x["constructor"]', 'config({})', 'config({number: "BigNumber"}) + x',
  'import({a: 1})', 'evaluate("x")', 'parse("x")', 'simplify(x)', 'derivative(x, x)', 'createUnit("foo")', 'compile("x")',
  '5 cm + x', 'x cm', '5 deg * x', 'x to cm', 'x in inch', '[1, 2] * x', '[x, y]', '[[x]]', 'x\'', "x'", 'x!', '3!', 'x.^2',
  'x .* y', 'x ./ y', 'x ?? y', '"abc"', '"x" + x', "'x'", 'x + "1"', '{a: x}', '1:3', 'x:y', 'x[1]', 'x(1)', 'f(x) = ', 'f(x) = x; g(y) = y',
  'f(x, x) = x', 'f(y) = x', 'a = 1; a', 'a = x; a', 'a = 1; a = 2; x', 'x = 1', 'x = x + 1', 'pi = 3; x', 'sin = 2; x', 'f(x) = x; f(2)',
  'i * x', 'x + i', 'Infinity * x', 'NaN + x', 'null + x', 'undefined', 'true * x', 'x ? y', 'x ? y :', '? :', 'x y z', '2x y', 'x2 + y',
  'x ^^ 2', 'x ** 2', 'x // 2', 'x % 2', 'x & y', 'x | y', 'x << 1', 'x >> 1', 'x >>> 1', '~x', 'x == = y', 'x = = y',
  'sin()', 'sin(x, y)', 'atan2(x)', 'min()', 'max()', 'hypot()', 'log()', 'log(x, y, z)', 'nthRoot(x, 0)', 'nthRoot(x, y)', 'nthRoot(-8, 3) * x',
  'log(x, 1)', 'log(x, 0)', 'log(0) * x', '0/0 * x', 'x/0', '1e309 * x', '1e308 * 10 * x', '-0 * x', '0 * x', 'x^0', '0^x', '0^0 * x',
  'x^1e308', 'e^e^e^e^e^x', 'exp(exp(exp(exp(x))))', 'x\u200b+1', 'x\u00a0+ 1', 'ｘ + 1', 'x² + y²', 'x × y', 'x − y', '√x', 'π*x',
  'α + β', 'αβ * x', 'λ^2', '𝑥 + 1', '😀 + x', 'x\u0000', 'x\r\ny', 'x;', ';x', 'x;;', '#x', '# comment\nx', 'x # comment',
  'x\n+\ny', 'x = y = z', 'f(x) = g(x) = x', 'f(x) = x; ', 'sqrt(-1) * x', 'acosh(0.5) + x', 'asin(2) + x', 'x? 1: 0', 'x > 0 ? x : -x',
  '(x > 0) * x', 'x > y > z', 'x < y == z', 'not x', 'x and y', 'x or y', 'x xor y', 'not not x', 'x mod 0', 'mod(x, 0)', 'x mod y mod z',
  'floor(x)', 'ceil(x) + round(y)', 'sign(x) * abs(y)', 'max(x, y, z) - min(x, y, z)', 'hypot(x, y, z)', 'square(cube(x))',
  'x'.repeat(1000), 'x*'.repeat(3000) + 'x', 'x+'.repeat(999) + 'x', 'x+'.repeat(1001) + 'x', 'x+'.repeat(4999) + 'x',
  '('.repeat(100) + 'x' + ')'.repeat(100), '('.repeat(101) + 'x' + ')'.repeat(101), '('.repeat(5000) + 'x', ')'.repeat(5000) + 'x',
  '-'.repeat(5000) + 'x', '-'.repeat(400) + 'x', '+'.repeat(400) + 'x', 'sin('.repeat(99) + 'x' + ')'.repeat(99),
  'x^'.repeat(400) + 'x', 'x^'.repeat(60) + 'x', 'exp('.repeat(40) + 'x' + ')'.repeat(40), 'sqrt('.repeat(60) + 'x' + ')'.repeat(60),
  'not '.repeat(400) + 'x', '(x ? '.repeat(50) + 'y' + ' : z)'.repeat(50), 'x ? '.repeat(200) + 'y' + ' : z'.repeat(200),
  Array.from({ length: 300 }, (_, k) => `v${k}`).join(' + '), Array.from({ length: 70 }, (_, k) => `v${k}^2`).join(' + '),
  Array.from({ length: 200 }, (_, k) => `sin(${k}*x)`).join(' + '), Array.from({ length: 30 }, () => '(x + y)').join(' * '),
  Array.from({ length: 12 }, () => 'sin(x*y)').join(' / '), 'x'.repeat(10_001), ' '.repeat(10_000) + 'x', '1'.repeat(400) + ' * x',
  '0.' + '0'.repeat(400) + '1 * x', 'x' + '\u0301'.repeat(50), 'a = ' + '1+'.repeat(800) + '1; a * x',
];
