/**
 * TeX through mathjs's toTex, with a handler for the rough edges found rendering under KaTeX
 * (mathjs-facts.md, TeX): `x1` → x_{1}, multi-letter names in \mathrm (mathjs shows some as units,
 * others as italic letter runs), negative constants in parentheses (mathjs prints `y\cdot-12`).
 */
import { isConstant, isSymbol, MathNode } from './mathjs';

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

function handler(node: MathNode): string | undefined {
  if (isSymbol(node)) return `{${symbolTex(node.name)}}`; // braces: mathjs writes `2\\cdot` + symbol
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
