/**
 * Maths written as text: in a comment, a docstring, Markdown inline code or a plain-text file.
 * The clause under the cursor is read with the text dialect of parse.ts (`^` and `**` are powers,
 * Unicode symbols count), after quiet rules that keep ordinary prose, tool directives, version
 * strings and labels from ever showing a hover.
 */
import { Expr } from './ast';
import { parseText } from './parse';
import { translate, Translation } from './translate';

/** Lines that talk to tools, not people. */
const TOOL_DIRECTIVE = /^\s*(?:eslint|eslint-disable|eslint-enable|prettier-ignore|tslint|jshint|jscs|istanbul|c8|@ts-|noqa|type:\s*ignore|pylint|pyright|mypy|ruff|fmt:|isort|nolint|NOLINT|clang-format|pragma|#\s*pragma|region|endregion|@formatter|noinspection|cspell|spell-checker|coverage|codecov|nocov|lint|ignore|global\s|jslint|exported|sourceMappingURL|-\*-|vim:|\$Id)/i;

export type QuietReason = string | undefined;

/** Why a piece of text is not maths, or undefined when it may be. */
export function quietReason(text: string): QuietReason {
  const s = text.trim();
  if (!s) return 'empty';
  if (TOOL_DIRECTIVE.test(s) || /\b(?:noqa|type:\s*ignore|eslint-disable|NOLINT|pylint:)/.test(s)) return 'a tool directive';
  if (/:[a-z]+:`[^`]*`/.test(s) || /^:[a-z]+:/.test(s)) return 'a reStructuredText role or field';
  if (/^v?\d+(?:\.\d+)+(?:[-+.]?[A-Za-z0-9.]+)*$/.test(s) || /\bv\d+(?:\.\d+)+/.test(s)) return 'a version string';
  if (/^[-=#*_~+/\\ ]*[A-Z][A-Z0-9 _-]{3,}[-=#*_~+/\\ ]*$/.test(s) && /[A-Z]{3,}/.test(s)) return 'an all-caps banner';
  if (/^[-=#*_~+/\\|<>. ]{3,}$/.test(s)) return 'a ruler';
  if (/^(?:https?|ftp|file):\/\//i.test(s) || /\w+\.(?:com|org|io|net|py|js|ts|md)\b/.test(s)) return 'a link or file name';
  if (/\b[A-Za-z][\w-]*\.[A-Za-z]{2,}\/\w/.test(s) || /\bwww\./.test(s)) return 'a link or a path';
  // Hyphenated words (`utf-8`, `gd-taylor`, `step-size`): a hyphen glued to letters on both sides.
  if (/[A-Za-z]-[A-Za-z0-9]/.test(s) && !/\s[-+*/^=]\s/.test(s) && /\b[A-Za-z]{2,}-|-[A-Za-z]{2,}\b|[A-Za-z]-\d/.test(s)) {
    return 'hyphenated words';
  }
  return undefined;
}

/** Words joined only by `-` or `/` (`SGD/Momentum`, `forward - backward`) are prose, not a formula. */
function isProse(e: Expr): boolean {
  const words: string[] = [];
  const walk = (x: Expr): boolean => {
    if (x.k === 'name') {
      words.push(x.n);
      return true;
    }
    if (x.k === 'bin' && (x.op === '-' || x.op === '/')) return walk(x.a) && walk(x.b);
    return false;
  };
  return walk(e) && words.some(w => w.length >= 3);
}

/**
 * The formula that ends a clause after words of prose: the text after `name =` when the clause has
 * one, else after the leading words (letters only), when what remains parses and has a power, a
 * product or a function call — so a sentence ending in a lone `a - b` or `a/b` stays quiet.
 */
function formulaAfterProse(text: string): { skip: number; expr: Expr } | undefined {
  const eq = /(?:^|\s)([\p{L}_][\p{L}\p{N}_]*(?:\([^()]*\))?\s*=(?!=)\s*)/u.exec(text);
  if (eq) {
    const skip = eq.index + eq[0].length;
    const e = parseText(text.slice(skip));
    if (e.k !== 'bad' && !isProse(e) && /[\^*(]/.test(text.slice(skip))) return { skip, expr: e };
    return undefined;
  }
  const words = /^(?:[A-Za-z]{2,}\s+)+/.exec(text);
  if (!words) return undefined;
  let skip = 0;
  for (const w of words[0].matchAll(/[A-Za-z]{2,}\s+/g)) {
    skip = (w.index ?? 0) + w[0].length;
    const rest = text.slice(skip);
    if (!/[\^*]|\w\(/.test(rest)) continue;
    const e = parseText(rest);
    if (e.k !== 'bad' && !isProse(e)) return { skip, expr: e };
  }
  return undefined;
}

const LEAD = /^\s*(?:\/\/+|\/\*+|\*+\/?|#+'?|%+|--|;+|"""|'''|>+|[-*+](?=\s)|\d+[.)](?=\s))?\s*/;

/**
 * The formula in one line of text around `column`: the clause (between `;`, `,` at top level,
 * `:` or words like `where`) holding the cursor, with a leading `name =` or `f(x) =` dropped.
 */
export function textFormulaInLine(line: string, column: number): { translation: Translation & { ok: true }; start: number; end: number } | { reason: string } {
  const lead = LEAD.exec(line)?.[0].length ?? 0;
  const body = line.slice(lead).replace(/\s*(?:\*\/|"""|''')\s*$/, '');
  const quiet = quietReason(body);
  if (quiet) return { reason: quiet };
  // Clauses: split at ; , : and at words that join a formula to prose.
  const parts: { text: string; start: number }[] = [];
  const splitter = /\s*(?:;|,\s|:\s|\s(?:where|with|for|if|and|so|then|gives|is|e\.g\.|i\.e\.)\s)\s*/g;
  let from = 0;
  let depth = 0;
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    splitter.lastIndex = k;
    const m = splitter.exec(body);
    if (m && m.index === k) {
      parts.push({ text: body.slice(from, k), start: from });
      from = k + m[0].length;
      k = from - 1;
    }
  }
  parts.push({ text: body.slice(from), start: from });
  const col = column - lead;
  const part = parts.find(p => col >= p.start && col <= p.start + p.text.length) ?? parts[parts.length - 1];
  let text = part.text.replace(/[.\s]+$/, '');
  let start = lead + part.start;
  const assign = /^\s*(?:[\p{L}_][\p{L}\p{N}_]*(?:\([^()]*\))?|\w+\[\w+\])\s*(?::=|=|←)(?!=)\s*/u.exec(text);
  if (assign) {
    text = text.slice(assign[0].length);
    start += assign[0].length;
  }
  const quietClause = quietReason(text);
  if (quietClause) return { reason: quietClause };
  if (!/[\p{L}]/u.test(text)) return { reason: 'no variable' };
  let expr = parseText(text);
  if (expr.k === 'bad' || isProse(expr)) {
    // Prose leading into a formula: "modelled after the cubic y = x^3", "the quartic x^4".
    const tail = formulaAfterProse(text);
    if (!tail) return { reason: expr.k === 'bad' ? expr.why : 'prose with - or / between words' };
    start += tail.skip;
    text = text.slice(tail.skip);
    expr = tail.expr;
  }
  const t = translate(expr, { language: 'text', bound: new Set() });
  if (!t.ok) return { reason: t.reason };
  const lead2 = text.length - text.trimStart().length;
  return { translation: t, start: start + lead2, end: start + text.trimEnd().length };
}
