/**
 * C/C++ and MATLAB/Octave: statements found on the token stream of parse.ts. A statement ends at
 * `;`, `{` or `}` outside brackets (C), or at `;`, `,` or a line end outside brackets that is not
 * continued with `...` (MATLAB). Its formula is the value assigned, returned, or the body of an
 * anonymous function (`f = @(x) …`).
 */
import { Expr } from './ast';
import { Dialect, ExprParser, Token, tokenize } from './parse';
import { Scope, translate } from './translate';
import type { Located } from './statement';

const C_DECLARATION_WORDS = new Set(['const', 'static', 'double', 'float', 'int', 'long', 'unsigned', 'signed', 'auto', 'constexpr',
  'inline', 'register', 'volatile', 'short', 'real', 'T', 'Scalar', 'extern']);
const C_CONTROL = new Set(['if', 'for', 'while', 'switch', 'case', 'do', 'else', 'typedef', 'struct', 'class', 'namespace', 'using',
  'template', 'enum', 'union', 'goto', 'break', 'continue', 'default', 'public', 'private', 'protected']);
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
    if (dialect === 'matlab' && tokens[k - 1].t === 'id' && tokens[k - 1].v === 'function') {
      // function [a, b] = name(x) / function y = name(x) / function name(x)
      let j = k;
      while (j < tokens.length && tokens[j].t !== 'nl' && !(tokens[j].t === 'id' && tokens[j + 1]?.v === '(')) j++;
      if (tokens[j]?.t === 'id') out.add(`${tokens[j].v}()`);
    }
  }
  return out;
}

export function locateClike(text: string, offset: number, dialect: 'c' | 'matlab'): Located {
  const tokens = tokensOf(text, dialect);
  let at = tokens.findIndex(t => t.end > offset);
  if (at < 0) return { kind: 'none', reason: 'past the end' };
  const hit = tokens[at];
  if (hit.start <= offset && hit.t === 'comment') return { kind: 'comment', start: hit.start, end: hit.end };
  if (hit.start <= offset && hit.t === 'str') return { kind: 'none', reason: 'inside a string' };
  if (hit.t === 'nl') at = Math.max(0, at - 1);
  let toks = code(statementAt(tokens, at, dialect));
  if (toks.length === 0) return { kind: 'none', reason: 'an empty statement' };
  const control = dialect === 'c' ? C_CONTROL : MATLAB_CONTROL;
  if (toks[0].t === 'id' && toks[0].v === 'return') toks = toks.slice(1);
  else if (toks[0].t === 'id' && control.has(toks[0].v)) return { kind: 'none', reason: `a ${toks[0].v} statement` };
  if (toks.length === 0) return { kind: 'none', reason: 'an empty return' };

  const scope: Scope = { language: dialect, bound: boundIn(tokens, dialect) };
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
