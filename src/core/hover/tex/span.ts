/**
 * Finding the TeX maths span under an offset, per document kind:
 *
 *   markdown   `$…$` (Pandoc's rule: no space after the opening `$`, none before the closing one,
 *              no digit right after it, no blank line inside; and the first `$` met must be able to
 *              close, so "$5 and $10" is not maths), `$$…$$`
 *              on one or many lines, ```` ```math ```` fences. Inline code, other fences and `\$`
 *              are not maths.
 *   latex/tex  `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and the display environments (equation, align,
 *              gather, multline, eqnarray, with or without `*`). `%` comments are skipped, except
 *              for the `$…$` spans a comment contains; verbatim-like environments are skipped.
 *   otherwise  plain text (a comment or docstring): `$…$` (markdown's rule), `$$…$$`, `\(…\)`,
 *              `\[…\]`, reStructuredText's :math:`…` and R documentation's \eqn{…} / \deqn{…}.
 *
 * In a span with several rows (align, aligned, gather: rows separated by `\\`), the row under the
 * offset is the span, with its `&` alignment marks removed.
 */
import type { DetectionDocument } from '../types';

export interface TexSpan {
  /** The TeX to translate (the content, or the row under the offset without `&`). */
  tex: string;
  /** Offsets of that content in the document text (end exclusive). */
  start: number;
  end: number;
}

interface Region {
  /** Content bounds (inside the delimiters). */
  start: number;
  end: number;
  /** Outer bounds (with the delimiters): the offset may sit on a delimiter. */
  outerStart: number;
  outerEnd: number;
}

const MARKDOWN_IDS = new Set(['markdown', 'rmarkdown', 'quarto', 'mdx']);
const LATEX_IDS = new Set(['latex', 'tex', 'context', 'latex-expl3', 'doctex']);
const MATH_ENVS = /^(?:equation|align|alignat|flalign|gather|multline|eqnarray|displaymath|math|dmath)\*?$/;
const VERBATIM_ENVS = /^(?:verbatim|lstlisting|minted|comment|Verbatim|filecontents)\*?$/;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Index of the next blank line (a line of only spaces) starting after `from`, or Infinity. */
function nextBlankLine(text: string, from: number): number {
  const m = /\n[ \t]*\r?\n/g;
  m.lastIndex = from;
  const r = m.exec(text);
  return r ? r.index : Infinity;
}

/**
 * `$…$` and `$$…$$` with markdown's rules (the first `$` after an opening one closes it or, when it
 * cannot close, makes the opening one ordinary text) inside [from, to). Backslash escapes, and in markdown
 * inline code spans, are skipped.
 */
function dollarRegions(text: string, from: number, to: number, codeSpans: boolean, out: Region[]): void {
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '\\') { i += 2; continue; }
    if (codeSpans && c === '`') {
      let n = 0;
      while (text[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let j = text.indexOf(fence, i + n);
      while (j >= 0 && text[j + n] === '`') j = text.indexOf(fence, j + n + 1);
      if (j < 0 || j >= to) { i += n; continue; }
      i = j + n;
      continue;
    }
    if (c !== '$') { i++; continue; }
    if (text[i + 1] === '$') {
      const close = findUnescaped(text, '$$', i + 2, to);
      if (close < 0) { i += 2; continue; }
      out.push({ start: i + 2, end: close, outerStart: i, outerEnd: close + 2 });
      i = close + 2;
      continue;
    }
    if (isSpace(text[i + 1])) { i++; continue; }
    const limit = Math.min(to, nextBlankLine(text, i));
    let j = i + 1;
    let close = -1;
    while (j < limit) {
      const d = text[j];
      if (d === '\\') { j += 2; continue; }
      if (d === '$') {
        if (!isSpace(text[j - 1]) && !isDigit(text[j + 1])) close = j;
        // Inline maths holds no `$`: a `$` that cannot close ("$5 and $10") makes the opening one text.
        break;
      }
      j++;
    }
    if (close < 0) { i++; continue; }
    out.push({ start: i + 1, end: close, outerStart: i, outerEnd: close + 1 });
    i = close + 1;
  }
}

function findUnescaped(text: string, needle: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (text.startsWith(needle, i)) return i + needle.length <= to ? i : -1;
    if (text[i] === '\\') { i += 2; continue; }
    i++;
  }
  return -1;
}

/** Markdown: fences first (```math is maths, others are code), then `$` spans between them. */
function markdownRegions(text: string): Region[] {
  const out: Region[] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
  let prose = 0;
  for (;;) {
    const open = fence.exec(text);
    if (!open) break;
    const marker = open[2];
    const info = open[3].trim().split(/\s+/)[0].toLowerCase();
    const closeRe = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'gm');
    const contentStart = open.index + open[0].length + 1;
    closeRe.lastIndex = contentStart;
    const close = closeRe.exec(text);
    const contentEnd = close ? close.index : text.length;
    const fenceEnd = close ? close.index + close[0].length : text.length;
    dollarRegions(text, prose, open.index, true, out);
    if (info === 'math') {
      out.push({ start: Math.min(contentStart, contentEnd), end: contentEnd, outerStart: open.index, outerEnd: fenceEnd });
    }
    prose = fenceEnd;
    fence.lastIndex = fenceEnd;
    if (!close) break;
  }
  if (prose < text.length) dollarRegions(text, prose, text.length, true, out);
  return out;
}

/** LaTeX: comments, verbatim environments, `$`, `$$`, `\(`, `\[`, display environments. */
function latexRegions(text: string): Region[] {
  const out: Region[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '%') {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? n : eol;
      dollarRegions(text, i + 1, end, false, out);
      i = end;
      continue;
    }
    if (c === '$') {
      const dd = text[i + 1] === '$';
      const open = dd ? 2 : 1;
      const limit = Math.min(n, nextBlankLine(text, i));
      const close = findUnescaped(text, dd ? '$$' : '$', i + open, limit);
      if (close < 0) { i += open; continue; }
      out.push({ start: i + open, end: close, outerStart: i, outerEnd: close + open });
      i = close + open;
      continue;
    }
    if (c !== '\\') { i++; continue; }
    const next = text[i + 1];
    if (next === '(' || next === '[') {
      const closer = next === '(' ? '\\)' : '\\]';
      const close = findUnescaped(text, closer, i + 2, n);
      if (close < 0) { i += 2; continue; }
      out.push({ start: i + 2, end: close, outerStart: i, outerEnd: close + 2 });
      i = close + 2;
      continue;
    }
    const begin = /^\\begin\s*\{([^{}]+)\}/.exec(text.slice(i, i + 80));
    if (begin) {
      const env = begin[1].trim();
      const endTag = `\\end{${env}}`;
      if (MATH_ENVS.test(env) || VERBATIM_ENVS.test(env)) {
        let contentStart = i + begin[0].length;
        if (/^alignat\*?$/.test(env)) {
          const arg = /^\s*\{[^{}]*\}/.exec(text.slice(contentStart, contentStart + 20));
          if (arg) contentStart += arg[0].length;
        }
        const close = text.indexOf(endTag, contentStart);
        const contentEnd = close < 0 ? n : close;
        if (MATH_ENVS.test(env)) {
          out.push({ start: contentStart, end: contentEnd, outerStart: i, outerEnd: close < 0 ? n : close + endTag.length });
        }
        i = close < 0 ? n : close + endTag.length;
        continue;
      }
      i += begin[0].length;
      continue;
    }
    i += 2; // any other command or escaped character (\$, \%, \\)
  }
  return out;
}

/** Plain text (comments, docstrings): markdown's `$` rules, `\(…\)`, `\[…\]`, :math:`…`, \eqn{…}, \deqn{…}. */
function plainRegions(text: string): Region[] {
  const out: Region[] = [];
  dollarRegions(text, 0, text.length, false, out);
  for (const [open, close] of [['\\(', '\\)'], ['\\[', '\\]']] as const) {
    let i = text.indexOf(open);
    while (i >= 0) {
      const j = text.indexOf(close, i + 2);
      if (j < 0) break;
      out.push({ start: i + 2, end: j, outerStart: i, outerEnd: j + 2 });
      i = text.indexOf(open, j + 2);
    }
  }
  // R documentation (roxygen): \eqn{…} and \deqn{…}, braces balanced.
  const rd = /\\d?eqn\s*\{/g;
  for (let m = rd.exec(text); m; m = rd.exec(text)) {
    const open = m.index + m[0].length;
    let depth = 1;
    let j = open;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '\\') { j++; continue; }
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    if (depth === 0) out.push({ start: open, end: j - 1, outerStart: m.index, outerEnd: j });
  }
  const role = /:math:`([^`]+)`/g;
  for (let m = role.exec(text); m; m = role.exec(text)) {
    out.push({ start: m.index + 7, end: m.index + 7 + m[1].length, outerStart: m.index, outerEnd: m.index + m[0].length });
  }
  return out;
}

/** Splits [start, end) at `\\` outside braces and returns the row holding `offset` (trimmed). */
function rowAt(text: string, start: number, end: number, offset: number): { start: number; end: number } {
  const cuts: number[] = [];
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      if (text[i + 1] === '\\' && depth === 0) cuts.push(i);
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  // A row that starts with a product or a sum operator (`\\ \qquad \cdot (…)`) continues the row before
  // it (a long formula broken over lines), as does a row after one that ends with such an operator.
  const SPACING = String.raw`(?:\s|&|\\(?:qquad|quad|,|;|:|!|hspace\{[^{}]*\})|\[[^\]]*\])*`;
  const OPERATOR = String.raw`(?:[-+*]|\\cdot\b|\\times\b)`;
  const continuesNext = new RegExp(`^${SPACING}${OPERATOR}`);
  const endsWithOperator = new RegExp(`${OPERATOR}${SPACING}$`);
  const kept = cuts.filter((cut, k) => {
    const before = text.slice(k === 0 ? start : cuts[k - 1] + 2, cut);
    return !continuesNext.test(text.slice(cut + 2, end)) && !endsWithOperator.test(before);
  });
  cuts.length = 0;
  cuts.push(...kept);
  let rowStart = start;
  let rowEnd = end;
  for (const cut of cuts) {
    if (offset <= cut + 1) { rowEnd = cut; break; }
    rowStart = cut + 2;
  }
  // `\\[2pt]` spacing after a row break belongs to no row.
  const spacing = /^\s*\[[^\]]*\]/.exec(text.slice(rowStart, rowEnd));
  if (spacing && rowStart !== start) rowStart += spacing[0].length;
  while (rowStart < rowEnd && /\s/.test(text[rowStart])) rowStart++;
  while (rowEnd > rowStart && /\s/.test(text[rowEnd - 1])) rowEnd--;
  return { start: rowStart, end: rowEnd };
}

const ALIGN_WRAPPERS = /\\(?:begin|end)\s*\{(?:aligned|split|gathered|alignedat|multlined)\}(?:\{[^{}]*\})?/g;

/** The TeX maths span under `offset`, or undefined when the offset is not in maths. */
export function texSpanAt(doc: DetectionDocument, offset: number): TexSpan | undefined {
  const { text, languageId } = doc;
  if (offset < 0 || offset > text.length) return undefined;
  const regions = MARKDOWN_IDS.has(languageId) ? markdownRegions(text)
    : LATEX_IDS.has(languageId) ? latexRegions(text)
    : plainRegions(text);
  const hit = regions.find(r => offset >= r.outerStart && offset < r.outerEnd);
  if (!hit) return undefined;
  let { start, end } = hit;
  const inner = Math.min(Math.max(offset, start), end);
  const rows = /(?<!\\)\\\\/.test(text.slice(start, end));
  if (rows) ({ start, end } = rowAt(text, start, end, inner));
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  // A row's range starts after `\begin{aligned}` and ends before `\end{aligned}`.
  const lead = /^\\begin\s*\{[A-Za-z]+\*?\}(?:\{[^{}]*\}|\[[a-z]\])?\s*/.exec(text.slice(start, end));
  if (lead) start += lead[0].length;
  const trail = /\s*\\end\s*\{[A-Za-z]+\*?\}$/.exec(text.slice(start, end));
  if (trail) end -= trail[0].length;
  if (start >= end) return undefined;
  // Between rows, or on the delimiters of a block of rows, no row is under the offset.
  if (rows && (offset < start || offset > end)) return undefined;
  const tex = text.slice(start, end).replace(ALIGN_WRAPPERS, ' ').replace(/(?<!\\)&/g, ' ')
    .replace(/(?<!\\)\\\\(?:\[[^\]]*\])?/g, ' ').trim();
  if (tex === '') return undefined;
  return { tex, start, end };
}
