/** Splitting a rule's TeX into clauses for the layout: pure text (no DOM, no KaTeX), unit-tested in plain Node. */

/**
 * Splits an update rule into its clauses at the top-level separators `;\quad`, `;\ `, `;` and
 * `,\quad` (never inside braces, parentheses or brackets). Each clause keeps its `;` or `,`; the
 * spacing command after it is dropped (the layout spaces the clauses).
 */
export function texClauses(tex: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let i = 0;
  const spacing = /^\s*(?:\\qquad|\\quad|\\[ ,;:!]|\\enspace)?\s*/;
  const quad = /^\s*\\q?quad(?![A-Za-z])\s*/;
  while (i < tex.length) {
    const c = tex[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ';' || c === ',')) {
      const rest = tex.slice(i + 1);
      const m = c === ';' ? spacing.exec(rest) : quad.exec(rest);
      if (m) {
        const clause = tex.slice(from, i + 1).trim();
        if (clause.length > 1) out.push(clause);
        i += 1 + m[0].length;
        from = i;
        continue;
      }
    }
    i++;
  }
  const last = tex.slice(from).trim();
  if (last) out.push(last);
  return out.length ? out : [tex];
}
