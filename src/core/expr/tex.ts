/**
 * TeX through mathjs's toTex, with a handler for the rough edges found rendering under KaTeX
 * (mathjs 15): `x1` → x_{1}, multi-letter names in \mathrm (mathjs shows some as units,
 * others as italic letter runs), negative constants in parentheses (mathjs prints `y\cdot-12`).
 *
 * Function calls are rendered here too, not by mathjs: in 15.2.0 FunctionNode._toTex renders its
 * arguments once eagerly and again inside the template, so TeX of sin(sin(…(x))) takes 2^depth
 * time (22 nested calls: 9 s). Here each argument is rendered exactly once.
 */
import {
  calleeName,
  children,
  isConditional,
  isConstant,
  isFunction,
  isOperator,
  isParenthesis,
  isSymbol,
  MathNode,
  paren,
  withChildren,
} from './mathjs';

/** mathjs's operator precedence (lib/expression/operators.js), by `fn`; higher binds tighter. */
const PRECEDENCE = new Map<string, number>([
  ['or', 2], ['xor', 3], ['and', 4],
  ['equal', 8], ['unequal', 8], ['smaller', 8], ['larger', 8], ['smallerEq', 8], ['largerEq', 8],
  ['add', 12], ['subtract', 12],
  ['multiply', 13], ['divide', 13], ['mod', 13],
  ['unaryMinus', 14], ['unaryPlus', 14], ['not', 14],
  ['pow', 15],
]);
const CONDITIONAL = 1;
const UNARY = 14;
const POW = 15;
const RELATIONAL = 8;
const MULTIPLICATIVE = 13;
const ATOM = 100;

function precedence(n: MathNode): number {
  if (isConditional(n)) return CONDITIONAL;
  if (isOperator(n)) return PRECEDENCE.get(n.fn) ?? ATOM;
  // a negative literal prints as `-3`: it parses as a unary minus (-3 ^ x is −(3^x))
  if (isConstant(n) && typeof n.value === 'number' && (n.value < 0 || Object.is(n.value, -0))) return UNARY;
  return ATOM;
}

/**
 * The same tree with a ParenthesisNode wherever the text would otherwise parse differently, so
 * that printing with `parenthesis: 'keep'` gives text that parses back to this very tree. mathjs's
 * own printer misses some: `y * (7 mod x)` printed `y * 7 mod x`, which is (y·7) mod x, and a
 * comparison of a comparison printed as a chain (`x > 0 <= x`), which mathjs reads as
 * `x > 0 and 0 <= x`. The rules are deliberately conservative: the right operand of a binary
 * operator of the same precedence is always bracketed (a − (b − c), a / (b * c), x ^ (y ^ z)), and
 * so is any comparison inside a comparison, and `mod` next to `*` or `/`.
 */
export function withExplicitParentheses(n: MathNode): MathNode {
  if (isParenthesis(n)) return withChildren(n, [withExplicitParentheses(n.content)]);
  const kids = children(n).map(withExplicitParentheses);
  if (kids.length === 0) return n;
  const wrap = (k: MathNode, needed: boolean): MathNode => (needed && !isParenthesis(k) ? paren(k) : k);
  if (isConditional(n)) {
    // mathjs brackets operator conditions and branches itself; a conditional inside needs it always
    return withChildren(n, kids.map(k => wrap(k, isConditional(k))));
  }
  if (isOperator(n)) {
    const p = precedence(n);
    if (kids.length === 1) return withChildren(n, [wrap(kids[0], precedence(kids[0]) <= p && precedence(kids[0]) !== ATOM)]);
    const isMod = (m: MathNode): boolean => isOperator(m) && m.fn === 'mod';
    return withChildren(n, kids.map((k, i) => {
      const q = precedence(k);
      // `mod` next to * or / is always bracketed for the reader: (7 mod x) / z, 7 mod (x * z)
      if (q === p && p === MULTIPLICATIVE && isMod(n) !== isMod(k)) return wrap(k, true);
      if (i === 0) return wrap(k, q < p || (q === p && (p === RELATIONAL || p === POW)));
      return wrap(k, q <= p);
    }));
  }
  return withChildren(n, kids);
}

/** name → TeX of a call given the arguments' TeX (each used once, in any order). */
const CALLS = new Map<string, (a: string[]) => string>([
  ['sqrt', a => `\\sqrt{${a[0]}}`],
  ['cbrt', a => `\\sqrt[3]{${a[0]}}`],
  ['nthRoot', a => `\\sqrt[${a[1] ?? '2'}]{${a[0]}}`],
  ['exp', a => `\\exp\\left(${a[0]}\\right)`],
  ['expm1', a => `\\left(e^{${a[0]}}-1\\right)`],
  ['log', a => (a.length > 1 ? `\\log_{${a[1]}}\\left(${a[0]}\\right)` : `\\ln\\left(${a[0]}\\right)`)],
  ['log10', a => `\\log_{10}\\left(${a[0]}\\right)`],
  ['log2', a => `\\log_{2}\\left(${a[0]}\\right)`],
  ['log1p', a => `\\ln\\left(1+${a[0]}\\right)`],
  ['abs', a => `\\left|${a[0]}\\right|`],
  ['floor', a => `\\left\\lfloor${a[0]}\\right\\rfloor`],
  ['ceil', a => `\\left\\lceil${a[0]}\\right\\rceil`],
  ['round', a => `\\left\\lfloor${a[0]}\\right\\rceil`],
  ['mod', a => `\\left(${a[0]}\\bmod ${a[1]}\\right)`],
  ['square', a => `{\\left(${a[0]}\\right)}^{2}`],
  ['cube', a => `{\\left(${a[0]}\\right)}^{3}`],
  ['pow', a => `{\\left(${a[0]}\\right)}^{${a[1]}}`],
  ['min', a => `\\min\\left(${a.join(',')}\\right)`],
  ['max', a => `\\max\\left(${a.join(',')}\\right)`],
  ...['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'coth'].map(
    n => [n, (a: string[]) => `\\${n}\\left(${a[0]}\\right)`] as [string, (a: string[]) => string],
  ),
  ...['asin', 'acos', 'atan'].map(
    n => [n, (a: string[]) => `\\arc${n.slice(1)}\\left(${a[0]}\\right)`] as [string, (a: string[]) => string],
  ),
]);

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'varrho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

/** TeX-safe text for an identifier (mathjs identifiers may hold `_`, `$` and non-ASCII letters). */
const escape = (s: string): string => s.replace(/[\\{}$&#^_%~]/g, c => `\\${c === '\\' ? 'backslash ' : c}`);

function base(name: string): string {
  if (GREEK.has(name)) return `\\${name}`;
  if (name.length === 1) return escape(name);
  return `\\mathrm{${escape(name)}}`;
}

export function symbolTex(name: string): string {
  if (name === 'e') return 'e';
  const m = /^([A-Za-z]+?)_?(\d+)$/.exec(name);
  if (m) return `${base(m[1])}_{${m[2]}}`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name);
  if (sub) return `${base(sub[1])}_{${base(sub[2])}}`;
  return base(name);
}

/**
 * A leading space where TeX starts with a letter: mathjs joins operands without one (`2\\cdot` +
 * `x`), and `\\cdotx` would be another command. A space costs nothing to typeset; a brace group
 * (`{x}`) is one more node for MathJax to lay out.
 */
const spaced = (tex: string): string => (/^[A-Za-z]/.test(tex) ? ` ${tex}` : tex);

const isSymbolPower = (n: MathNode): boolean => isOperator(n) && n.fn === 'pow' && isSymbol(n.args[0]);

/**
 * Whether `a * b` reads as a product without a dot: after a number, a letter, a power of a letter,
 * a call or a bracketed group (the last factor of a, in a chain), b is a letter (or a power of
 * one) or a call, or b is in brackets after a number or a bracketed group (a letter before a
 * bracket would read as a function call: x(y + 1)). A minus sign or a number on the right keeps
 * the dot (2 · −x, x · 3).
 */
function juxtaposed(left: MathNode, b: MathNode): boolean {
  // in a chain (a · b) · c, c follows b
  let a = left;
  while (isOperator(a) && a.fn === 'multiply' && a.args.length === 2) a = a.args[1];
  const numberLeft = isConstant(a) && typeof a.value === 'number';
  const leftOk = numberLeft || isSymbol(a) || isSymbolPower(a) || isParenthesis(a) || isFunction(a);
  if (!leftOk) return false;
  if (isSymbol(b) || isSymbolPower(b)) return true;
  if (isFunction(b)) return CALLS.has(calleeName(b) ?? '');
  const bracketed = isParenthesis(b) || (isOperator(b) && b.fn === 'pow' && isParenthesis(b.args[0]));
  return bracketed && (numberLeft || isParenthesis(a));
}

function handler(node: MathNode, options: object): string | undefined {
  if (isSymbol(node)) return spaced(symbolTex(node.name));
  if (isOperator(node) && node.fn === 'multiply' && node.args.length === 2 && juxtaposed(node.args[0], node.args[1])) {
    // 3x, 2 sin(x), x exp(u), (x + 1) y: a product written as people write it, without a \cdot
    return `${node.args[0].toTex(options)} ${node.args[1].toTex(options).trimStart()}`;
  }
  if (isOperator(node) && node.fn === 'pow' && isSymbol(node.args[0])) {
    // x^{2}, x_{1}^{2}: a symbol's power without mathjs's two brace groups; the exponent is raised
    // already, so its outer parentheses go too (x^{2+y})
    const e = node.args[1];
    return spaced(`${symbolTex(node.args[0].name)}^{${(isParenthesis(e) ? e.content : e).toTex(options)}}`);
  }
  if (isFunction(node)) {
    const name = calleeName(node) ?? '';
    const args = node.args.map(a => a.toTex(options));
    const render = CALLS.get(name);
    return render ? render(args) : `\\mathrm{${escape(name)}}\\left(${args.join(',')}\\right)`;
  }
  if (isConstant(node) && typeof node.value === 'number' && node.value < 0) return `\\left(${String(node.value)}\\right)`;
  return undefined;
}

export function toTex(node: MathNode): string {
  return plainParentheses(withExplicitParentheses(node).toTex({ parenthesis: 'keep', implicit: 'show', handler })).trim();
}

/** What makes a group taller than a line of text: its parentheses must stretch. */
const TALL = /\\(?:frac|dfrac|tfrac|sqrt|sum|prod|int|begin|binom|left)|\^\{[^{}]*\^/;

/**
 * `\left( … \right)` → `( … )` where the group holds nothing tall (no fraction, root, sum or nested
 * stretchy delimiter; no power of a power): the same picture, and stretchy delimiters are the most
 * expensive thing for MathJax and KaTeX to lay out. Innermost groups first, so an outer group whose
 * inner ones became plain can become plain too.
 */
export function plainParentheses(tex: string): string {
  const open = '\\left(';
  const close = '\\right)';
  const stack: number[] = [];
  let out = '';
  for (let i = 0; i < tex.length; ) {
    if (tex.startsWith(open, i)) {
      stack.push(out.length);
      out += open;
      i += open.length;
    } else if (tex.startsWith(close, i) && stack.length) {
      const start = stack.pop() as number;
      const inner = out.slice(start + open.length);
      out = TALL.test(inner) ? `${out}${close}` : `${out.slice(0, start)}(${inner})`;
      i += close.length;
    } else {
      out += tex[i++];
    }
  }
  return out;
}

/** Re-parseable mathjs text: explicit `*` shows how implicit multiplication was read (`1/2x` → 1 / 2 * x). */
export function toText(node: MathNode): string {
  return withExplicitParentheses(node).toString({ parenthesis: 'keep', implicit: 'show' });
}
