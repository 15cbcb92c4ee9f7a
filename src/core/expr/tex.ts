/**
 * TeX through mathjs's toTex, with a handler for the rough edges found rendering under KaTeX
 * (mathjs-facts.md, TeX): `x1` → x_{1}, multi-letter names in \mathrm (mathjs shows some as units,
 * others as italic letter runs), negative constants in parentheses (mathjs prints `y\cdot-12`).
 *
 * Function calls are rendered here too, not by mathjs: in 15.2.0 FunctionNode._toTex renders its
 * arguments once eagerly and again inside the template, so TeX of sin(sin(…(x))) takes 2^depth
 * time (22 nested calls: 9 s). Here each argument is rendered exactly once.
 */
import { calleeName, isConstant, isFunction, isSymbol, MathNode } from './mathjs';

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

function handler(node: MathNode, options: object): string | undefined {
  if (isSymbol(node)) return `{${symbolTex(node.name)}}`; // braces: mathjs writes `2\\cdot` + symbol
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
  return node.toTex({ parenthesis: 'keep', implicit: 'show', handler });
}

/** Re-parseable mathjs text: explicit `*` shows how implicit multiplication was read (`1/2x` → 1 / 2 * x). */
export function toText(node: MathNode): string {
  return node.toString({ parenthesis: 'keep', implicit: 'show' });
}
