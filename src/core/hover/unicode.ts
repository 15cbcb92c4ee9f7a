/**
 * Unicode maths → mathjs spelling: `×`, `·`, `−`, `÷`, superscript powers (`x²`, `x⁻¹`), `√`, `∛`,
 * subscript digits (`x₁` → `x1`), Greek letters (`π` → `pi`, `θ` → `theta`), `≤ ≥ ≠`.
 * Pure text work, used by the hover (comments, plain text, code identifiers), and meant for the CLI
 * and the input box as well. Text without any of these characters comes back unchanged.
 */

/** Greek letters as the names a person types in mathjs. `π` and `ℯ` are the constants. */
export const GREEK_NAMES: ReadonlyMap<string, string> = new Map([
  ['α', 'alpha'], ['β', 'beta'], ['γ', 'gamma'], ['δ', 'delta'], ['ε', 'epsilon'], ['ϵ', 'epsilon'],
  ['ζ', 'zeta'], ['η', 'eta'], ['θ', 'theta'], ['ϑ', 'theta'], ['ι', 'iota'], ['κ', 'kappa'],
  ['λ', 'lambda'], ['μ', 'mu'], ['ν', 'nu'], ['ξ', 'xi'], ['ρ', 'rho'], ['σ', 'sigma'],
  ['τ', 'tau'], ['υ', 'upsilon'], ['φ', 'phi'], ['ϕ', 'phi'], ['χ', 'chi'], ['ψ', 'psi'], ['ω', 'omega'],
  ['Γ', 'Gamma'], ['Δ', 'Delta'], ['Θ', 'Theta'], ['Λ', 'Lambda'], ['Ξ', 'Xi'], ['Σ', 'Sigma'],
  ['Φ', 'Phi'], ['Ψ', 'Psi'], ['Ω', 'Omega'],
  ['π', 'pi'], ['ℯ', 'e'],
]);

const SUPERSCRIPTS: ReadonlyMap<string, string> = new Map([
  ['⁰', '0'], ['¹', '1'], ['²', '2'], ['³', '3'], ['⁴', '4'], ['⁵', '5'], ['⁶', '6'], ['⁷', '7'], ['⁸', '8'], ['⁹', '9'],
  ['⁻', '-'], ['⁺', '+'],
]);
const SUBSCRIPTS: ReadonlyMap<string, string> = new Map([
  ['₀', '0'], ['₁', '1'], ['₂', '2'], ['₃', '3'], ['₄', '4'], ['₅', '5'], ['₆', '6'], ['₇', '7'], ['₈', '8'], ['₉', '9'],
]);
const OPERATORS: ReadonlyMap<string, string> = new Map([
  ['×', '*'], ['·', '*'], ['⋅', '*'], ['∙', '*'], ['∗', '*'], ['−', '-'], ['÷', '/'], ['∕', '/'],
  ['≤', '<='], ['≥', '>='], ['≠', '!='],
]);

const WORD = /[\p{L}\p{N}_]/u;

/** Whether the text has a character this module rewrites (a cheap test before the rewrite). */
export function hasUnicodeMaths(text: string): boolean {
  for (const ch of text) {
    if (GREEK_NAMES.has(ch) || SUPERSCRIPTS.has(ch) || SUBSCRIPTS.has(ch) || OPERATORS.has(ch) || ch === '√' || ch === '∛') return true;
  }
  return false;
}

/** The mathjs name for one identifier that may hold Greek letters or subscript digits (`θ₀` → `theta0`). */
export function unicodeName(name: string): string {
  let out = '';
  let afterGreek = false;
  for (const ch of name) {
    const greek = GREEK_NAMES.get(ch);
    const sub = SUBSCRIPTS.get(ch);
    if (greek !== undefined) {
      out += (/[A-Za-z]$/.test(out) ? '_' : '') + greek; // `aθ` → `a_theta`
      afterGreek = true;
    } else {
      out += sub ?? ((afterGreek && /[A-Za-z]/.test(ch) ? '_' : '') + ch);
      afterGreek = false;
    }
  }
  return out;
}

/**
 * Rewrites Unicode maths into mathjs syntax. `√` and `∛` take the following parenthesised group or
 * word (`√(x+1)`, `√x`); superscripts become a power of what precedes them (`x²` → `x^2`,
 * `x⁻¹` → `x^(-1)`).
 */
export function unicodeToMathjs(text: string): string {
  if (!hasUnicodeMaths(text)) return text;
  const chars = [...text];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    const op = OPERATORS.get(ch);
    if (op !== undefined) {
      out += op;
      i++;
      continue;
    }
    if (SUPERSCRIPTS.has(ch)) {
      let power = '';
      while (i < chars.length && SUPERSCRIPTS.has(chars[i])) power += SUPERSCRIPTS.get(chars[i++]);
      out += /^\d+$/.test(power) ? `^${power}` : `^(${power})`;
      continue;
    }
    if (SUBSCRIPTS.has(ch)) {
      out += SUBSCRIPTS.get(ch);
      i++;
      continue;
    }
    if (ch === '√' || ch === '∛') {
      const fn = ch === '√' ? 'sqrt' : 'cbrt';
      i++;
      while (i < chars.length && chars[i] === ' ') i++;
      if (chars[i] === '(') {
        out += fn; // the group follows as it is
        continue;
      }
      let operand = '';
      while (i < chars.length && (WORD.test(chars[i]) || chars[i] === '.')) {
        const c = chars[i++];
        operand += GREEK_NAMES.get(c) ?? SUBSCRIPTS.get(c) ?? c;
      }
      out += `${fn}(${operand})`;
      continue;
    }
    const greek = GREEK_NAMES.get(ch);
    if (greek !== undefined) {
      const before = out.slice(-1);
      const after = chars[i + 1] ?? '';
      const glueBefore = /[A-Za-z_]/.test(before) ? '_' : /\d/.test(before) ? '*' : '';
      out += glueBefore + greek + (/[A-Za-z]/.test(after) && !GREEK_NAMES.has(after) ? '_' : '');
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
