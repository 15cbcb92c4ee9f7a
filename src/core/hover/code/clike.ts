/**
 * C/C++, MATLAB/Octave and Julia: statements found on the token stream of parse.ts. A statement ends
 * at `;`, `{` or `}` outside brackets (C), at `;`, `,` or a line end outside brackets that is not
 * continued with `...` (MATLAB), or at `;` or a line end outside brackets that does not follow an
 * operator (Julia). Its formula is the value assigned, returned, the right side of a short function
 * definition (`f(x) = …`), or the body of an anonymous function (`f = @(x) …`, `x -> …`).
 */
import { Expr } from './ast';
import { Dialect, ExprParser, Token, tokenize } from './parse';
import { Scope, translate } from './translate';
import type { Located } from './statement';

const C_DECLARATION_WORDS = new Set(['const', 'static', 'double', 'float', 'int', 'long', 'unsigned', 'signed', 'auto', 'constexpr',
  'inline', 'register', 'volatile', 'short', 'real', 'T', 'Scalar', 'extern']);
const C_CONTROL = new Set(['if', 'for', 'while', 'switch', 'case', 'do', 'else', 'typedef', 'struct', 'class', 'namespace', 'using',
  'template', 'enum', 'union', 'goto', 'break', 'continue', 'default', 'public', 'private', 'protected']);
const JULIA_CONTROL = new Set(['if', 'elseif', 'else', 'for', 'while', 'function', 'end', 'module', 'baremodule', 'struct', 'mutable',
  'abstract', 'primitive', 'using', 'import', 'export', 'begin', 'let', 'do', 'try', 'catch', 'finally', 'macro', 'quote', 'break',
  'continue', 'include', 'println', 'print', 'display', 'show', 'error', 'throw', 'typeof']);
/** Julia macros that do not change what a statement computes. */
const JULIA_NEUTRAL_MACROS = new Set(['inbounds', 'fastmath', 'views', 'simd', 'inline', 'noinline', 'muladd']);
/** A Julia line that ends with one of these continues on the next line. */
const JULIA_CONTINUING = new Set(['+', '-', '*', '/', '^', '.+', '.-', '.*', './', '.^', '=', '==', '!=', '<', '>', '<=', '>=', '&&', '||',
  '?', ':', '+=', '-=', '*=', '/=', '->', '\\', '%', '&', '|', '=>']);
const MATLAB_CONTROL = new Set(['if', 'elseif', 'else', 'for', 'while', 'switch', 'case', 'otherwise', 'end', 'function', 'try',
  'catch', 'return', 'break', 'continue', 'global', 'persistent', 'classdef', 'properties', 'methods', 'disp', 'fprintf', 'clear',
  'close', 'figure', 'hold', 'format']);

let cache: { text: string; dialect: Dialect; tokens: Token[] } | undefined;

function tokensOf(text: string, dialect: Dialect): Token[] {
  if (!cache || cache.text !== text || cache.dialect !== dialect) cache = { text, dialect, tokens: tokenize(text, dialect) };
  return cache.tokens;
}

/** Token ranges [from, to) of the statements of the file. */
function statementAt(tokens: Token[], at: number, dialect: Dialect): Token[] {
  let from = 0;
  let depth = 0;
  let continued = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.t === 'op' && '([{'.includes(t.v) && !(dialect === 'c' && t.v === '{')) depth++;
    else if (t.t === 'op' && ')]}'.includes(t.v) && !(dialect === 'c' && t.v === '}')) depth = Math.max(0, depth - 1);
    const ends = dialect === 'c'
      ? t.t === 'op' && (t.v === ';' || t.v === '{' || t.v === '}') && depth === 0
      : dialect === 'julia'
        ? depth === 0 && ((t.t === 'op' && t.v === ';') || (t.t === 'nl' && !juliaContinues(tokens, k)))
        : depth === 0 && ((t.t === 'op' && (t.v === ';' || t.v === ',')) || (t.t === 'nl' && !continued));
    if (t.t === 'op' && t.v === '...') continued = true;
    else if (t.t === 'nl') continued = false;
    if (ends) {
      if (k >= at) return tokens.slice(from, k);
      from = k + 1;
    }
  }
  return tokens.slice(from);
}

/** Whether the Julia line ending at the newline token `k` continues: its last code token is a binary operator. */
function juliaContinues(tokens: Token[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && tokens[j].t === 'comment') j--;
  if (j < 0 || tokens[j].t !== 'op') return false;
  if (!JULIA_CONTINUING.has(tokens[j].v)) return false;
  // `x'` at a line end is a transpose, and a lone operator line is no continuation of a statement.
  return j > 0 && tokens[j - 1].t !== 'nl';
}

function code(tokens: Token[]): Token[] {
  return tokens.filter(t => t.t !== 'comment' && t.t !== 'nl' && !(t.t === 'op' && t.v === '...'));
}

/** Top-level position of the assignment operator (`=`, `+=`, …), or -1. */
function assignmentAt(toks: Token[]): number {
  let depth = 0;
  for (let k = 0; k < toks.length; k++) {
    const v = toks[k].v;
    if (toks[k].t !== 'op') continue;
    if ('([{'.includes(v)) depth++;
    else if (')]}'.includes(v)) depth--;
    else if (depth === 0 && (v === '=' || ['+=', '-=', '*=', '/='].includes(v))) return k;
  }
  return -1;
}

/** Names the file binds (targets of `=`), and MATLAB's function names as `name()`. */
function boundIn(tokens: Token[], dialect: Dialect): Set<string> {
  const out = new Set<string>();
  for (let k = 1; k < tokens.length; k++) {
    if (tokens[k].t === 'op' && tokens[k].v === '=' && tokens[k - 1].t === 'id') out.add(tokens[k - 1].v);
    if (dialect === 'julia' && tokens[k - 1].t === 'id' && (tokens[k - 1].v === 'function' || tokens[k - 1].v === 'for')) {
      if (tokens[k].t === 'id') out.add(tokens[k].v); // function name(…) / for i in …
    }
    // Julia: name(args) = … defines a function; its parameters are bound too.
    if (dialect === 'julia' && tokens[k].t === 'op' && tokens[k].v === '(' && tokens[k - 1].t === 'id'
      && (k < 2 || tokens[k - 2].t === 'nl' || tokens[k - 2].v === ';' || tokens[k - 2].v === 'function')) {
      let depth = 0;
      let j = k;
      for (; j < tokens.length; j++) {
        if (tokens[j].v === '(') depth++;
        else if (tokens[j].v === ')' && --depth === 0) break;
      }
      if (tokens[k - 2]?.v === 'function' || tokens[j + 1]?.v === '=' || tokens[j + 1]?.v === '::') {
        out.add(tokens[k - 1].v);
        for (let m = k + 1; m < j; m++) if (tokens[m].t === 'id' && tokens[m - 1].v !== '::') out.add(tokens[m].v);
      }
    }
    if (dialect === 'matlab' && tokens[k - 1].t === 'id' && tokens[k - 1].v === 'function') {
      // function [a, b] = name(x) / function y = name(x) / function name(x)
      let j = k;
      while (j < tokens.length && tokens[j].t !== 'nl' && !(tokens[j].t === 'id' && tokens[j + 1]?.v === '(')) j++;
      if (tokens[j]?.t === 'id') out.add(`${tokens[j].v}()`);
    }
  }
  return out;
}

let constantsCache: { text: string; dialect: Dialect; constants: Map<string, string> } | undefined;

/**
 * C macros and constants the file defines once to a value without variables: `#define PI 3.14159`,
 * `const double HALF_PI = M_PI / 2;` (a macro or a name in capitals; `const` of any name when its
 * value involves π or e). Their value replaces them in formulas.
 */
function constantsOf(text: string, tokens: Token[], dialect: Dialect): Map<string, string> {
  if (constantsCache && constantsCache.text === text && constantsCache.dialect === dialect) return constantsCache.constants;
  const out = new Map<string, string>();
  if (dialect === 'c') {
    const counts = new Map<string, number>();
    for (let k = 1; k < tokens.length; k++) {
      if (tokens[k].t === 'op' && /^[-+*/]?=$/.test(tokens[k].v) && tokens[k - 1].t === 'id') {
        counts.set(tokens[k - 1].v, (counts.get(tokens[k - 1].v) ?? 0) + 1);
      }
    }
    const empty: Scope = { language: 'c', bound: new Set() };
    const consider = (nm: string, valueText: string, caps: boolean): void => {
      if (valueText.length > 120) return;
      const t = translate(ExprParser.parse(tokenize(valueText, 'c'), 'c'), empty);
      if (!t.ok || t.variables.length > 0) return;
      // A literal that agrees with π (or e) to nine digits is meant as π: `#define PI 3.1415926545`.
      const v = Number(t.text);
      if (Math.abs(v - Math.PI) < 1e-9 * Math.PI) out.set(nm, 'pi');
      else if (Math.abs(v - Math.E) < 1e-9 * Math.E) out.set(nm, 'e');
      else if (caps || /\b(pi|e)\b/.test(t.text)) out.set(nm, t.text);
    };
    const defines = new Map<string, number>();
    for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]*?)[ \t]*(?:\/\/[^\n]*|\/\*[^\n]*)?$/gm)) {
      defines.set(m[1], (defines.get(m[1]) ?? 0) + 1);
    }
    for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]*?)[ \t]*(?:\/\/[^\n]*|\/\*[^\n]*)?$/gm)) {
      if (defines.get(m[1]) === 1 && !counts.has(m[1])) consider(m[1], m[2], true);
    }
    for (const m of text.matchAll(/\bconst(?:expr)?\s+(?:static\s+)?(?:double|float|long double|auto)\s+([A-Za-z_]\w*)\s*=\s*([^;{}]+);/g)) {
      if (counts.get(m[1]) === 1 && !defines.has(m[1])) consider(m[1], m[2], true);
    }
  }
  constantsCache = { text, dialect, constants: out };
  return out;
}

export function locateClike(text: string, offset: number, dialect: 'c' | 'matlab' | 'julia'): Located {
  const tokens = tokensOf(text, dialect);
  let at = tokens.findIndex(t => t.end > offset);
  if (at < 0) return { kind: 'none', reason: 'past the end' };
  const hit = tokens[at];
  if (hit.start <= offset && hit.t === 'comment') return { kind: 'comment', start: hit.start, end: hit.end };
  if (hit.start <= offset && hit.t === 'str') return { kind: 'none', reason: 'inside a string' };
  if (hit.t === 'nl') at = Math.max(0, at - 1);
  let toks = code(statementAt(tokens, at, dialect));
  if (toks.length === 0) return { kind: 'none', reason: 'an empty statement' };
  const control = dialect === 'c' ? C_CONTROL : dialect === 'julia' ? JULIA_CONTROL : MATLAB_CONTROL;
  if (dialect === 'julia') {
    while (toks[0]?.v === '@' && toks[1]?.t === 'id' && JULIA_NEUTRAL_MACROS.has(toks[1].v) && toks[1].start === toks[0].end) toks = toks.slice(2);
    if (toks[0]?.v === '@') return { kind: 'none', reason: 'a macro call' };
    while (toks[0]?.t === 'id' && (toks[0].v === 'const' || toks[0].v === 'local' || toks[0].v === 'global')) toks = toks.slice(1);
    if (toks.length === 0) return { kind: 'none', reason: 'an empty statement' };
  }
  if (toks[0].t === 'id' && toks[0].v === 'return') toks = toks.slice(1);
  else if (toks[0].t === 'id' && control.has(toks[0].v)) return { kind: 'none', reason: `a ${toks[0].v} statement` };
  if (toks.length === 0) return { kind: 'none', reason: 'an empty return' };

  const scope: Scope = { language: dialect, bound: boundIn(tokens, dialect), constants: constantsOf(text, tokens, dialect) };
  const eq = assignmentAt(toks);
  let value = eq >= 0 ? toks.slice(eq + 1) : toks;
  if (eq >= 0) {
    const target = toks.slice(0, eq).filter(t => !(t.t === 'id' && C_DECLARATION_WORDS.has(t.v)) && !(t.v === '::' || t.v === 'std'));
    const op = toks[eq].v;
    if (op !== '=') {
      if (target.length !== 1 || target[0].t !== 'id') return { kind: 'none', reason: 'an update of something other than a variable' };
      const rest = translate(ExprParser.parse(value, dialect), scope);
      if (!rest.ok) return { kind: 'none', reason: rest.reason };
      if (rest.operations === 0 || rest.variables.length === 0) return { kind: 'none', reason: 'an accumulator update' };
      const whole: Expr = { k: 'bin', op: op[0] as '+', a: { k: 'name', n: target[0].v }, b: ExprParser.parse(value, dialect) };
      const t = translate(whole, scope);
      if (!t.ok) return { kind: 'none', reason: t.reason };
      return { kind: 'code', translation: t, start: toks[0].start, end: toks[toks.length - 1].end };
    }
  }
  // Julia anonymous function: x -> body, (x, y) -> body
  if (dialect === 'julia') {
    const arrow = value.findIndex(t => t.v === '->');
    if (arrow >= 0) value = value.slice(arrow + 1);
    if (value.some(t => t.t === 'id' && (t.v === 'function' || t.v === 'do' || t.v === 'begin'))) return { kind: 'none', reason: 'a block' };
  }
  // MATLAB anonymous function: f = @(x) body
  if (dialect === 'matlab' && value[0]?.v === '@' && value[1]?.v === '(') {
    const close = value.findIndex(t => t.v === ')');
    value = value.slice(close + 1);
  }
  if (value.length === 0) return { kind: 'none', reason: 'no value' };
  const t = translate(ExprParser.parse(value, dialect), scope);
  if (!t.ok) return { kind: 'none', reason: t.reason };
  return { kind: 'code', translation: t, start: value[0].start, end: value[value.length - 1].end };
}
