/**
 * TeX maths → a small tree, through the LaTeX parser of `@cortex-js/compute-engine` (its
 * `latex-syntax` entry only: 410 KB minified, no symbolic engine). The parser returns MathJSON
 * without canonicalisation, so what the person wrote stays visible: `InvisibleOperator` for
 * juxtaposition, `Delimiter` for their parentheses, `x_1` / `theta_0` / `x_bold` as symbol names.
 *
 * The module is required on the first parse, not when this file loads, so a hover provider that
 * imports it costs nothing until a TeX span is actually hovered.
 */

/** A MathJSON expression reduced to four shapes. */
export type TexNode =
  | { k: 'num'; text: string }
  | { k: 'sym'; name: string }
  | { k: 'str'; text: string }
  | { k: 'fn'; head: string; args: TexNode[] };

interface LatexSyntaxModule {
  parse(latex: string): unknown;
}

// The CommonJS wrapper's `require` (src/core compiles without Node's typings).
declare const require: (id: string) => unknown;

let latexSyntax: LatexSyntaxModule | undefined;

function parser(): LatexSyntaxModule {
  // Loaded on first use: the parser's dictionaries are only worth building once TeX is hovered.
  latexSyntax ??= require('@cortex-js/compute-engine/latex-syntax') as LatexSyntaxModule;
  return latexSyntax;
}

const MAX_DEPTH = 200;

/** MathJSON (numbers, strings, arrays, `{num}`, `{str}`, `{sym}`, `{fn}` objects) → TexNode. */
function toNode(j: unknown, depth: number): TexNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (typeof j === 'number') return Number.isFinite(j) ? { k: 'num', text: String(j) } : undefined;
  if (typeof j === 'string') {
    if (j.length >= 2 && j.startsWith("'") && j.endsWith("'")) return { k: 'str', text: j.slice(1, -1) };
    return { k: 'sym', name: j };
  }
  if (Array.isArray(j)) {
    const [head, ...rest] = j as unknown[];
    if (typeof head !== 'string') return undefined;
    const args: TexNode[] = [];
    for (const r of rest) {
      const n = toNode(r, depth + 1);
      if (!n) return undefined;
      args.push(n);
    }
    return { k: 'fn', head, args };
  }
  if (j !== null && typeof j === 'object') {
    const o = j as Record<string, unknown>;
    if (typeof o.num === 'string') return { k: 'num', text: o.num };
    if (typeof o.str === 'string') return { k: 'str', text: o.str };
    if (typeof o.sym === 'string') return { k: 'sym', name: o.sym };
    if (Array.isArray(o.fn)) return toNode(o.fn, depth);
  }
  return undefined;
}

/** Parses TeX maths; undefined when the parser fails or returns something unreadable. */
export function parseTex(tex: string): TexNode | undefined {
  let json: unknown;
  try {
    json = parser().parse(tex);
  } catch {
    // The parser throws on a few malformed inputs; for a hover that is the same as no formula.
    return undefined;
  }
  return json === null ? undefined : toNode(json, 0);
}
