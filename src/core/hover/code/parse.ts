/**
 * A small tokenizer and precedence parser for the languages read without a tree-sitter grammar:
 * C/C++, MATLAB/Octave and Julia expressions (the C++ and Julia grammars alone would outweigh the whole
 * extension),
 * and maths written in comments, Markdown inline code and plain text. It knows each dialect's
 * comments, strings and operators, and produces the neutral tree of ast.ts.
 */
import { unicodeToMathjs } from '../unicode';
import { bad, bin, BinaryOp, Expr, isIntegerLiteral, name, numberLiteral } from './ast';

export type Dialect = 'c' | 'matlab' | 'julia' | 'text';

export interface Token {
  t: 'num' | 'id' | 'op' | 'str' | 'comment' | 'nl';
  v: string;
  start: number;
  end: number;
}

const OPS = ['...', '>>=', '<<=', '**', '.^', '.*', './', '.\\', '.+', '.-', '=>', "'", '==', '!=', '~=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=',
  '*=', '/=', '%=', '^=', '->', '::', '<<', '>>', '+', '-', '*', '/', '\\', '%', '^', '<', '>', '=', '!', '~', '&', '|', '?', ':',
  '(', ')', '[', ']', '{', '}', ',', ';', '.', '@', '#', '≤', '≥', '≠'];

const CODE_NUMBER = /^(?:0[xX][0-9a-fA-F']+|(?:\d[\d']*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[a-zA-Z]*/;
const JULIA_NUMBER = /^(?:0x[0-9a-fA-F]+|(?:\d[\d_]*\.?[\d_]*|\.\d+)(?:[eEf][+-]?\d+)?)/;
const TEXT_NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+(?![A-Za-z]))?/;

/** Splits `text` into tokens with their offsets. Comments and strings are single tokens. */
export function tokenize(text: string, dialect: Dialect): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    const rest2 = text.slice(i, i + 2);
    if (dialect === 'c' && (rest2 === '//' || c === '#' && /^\s*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i)))) {
      while (i < n && text[i] !== '\n') i++;
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    if (dialect === 'c' && rest2 === '/*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    if (dialect === 'julia' && text.startsWith('#=', i)) {
      const close = text.indexOf('=#', i + 2);
      i = close < 0 ? n : close + 2;
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    if (dialect === 'julia' && c === '#') {
      while (i < n && text[i] !== '\n') i++;
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    // Julia docstrings and triple-quoted strings read like comments (TeX in them may be a formula).
    if (dialect === 'julia' && text.startsWith('"""', i)) {
      const close = text.indexOf('"""', i + 3);
      i = close < 0 ? n : close + 3;
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    if (dialect === 'matlab' && (c === '%' || c === '#')) {
      if (/^[%#]\{\s*$/.test(text.slice(i, text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i)))) {
        const close = text.slice(i).search(/\n\s*[%#]\}/);
        i = close < 0 ? n : i + close + text.slice(i + close).indexOf('}') + 1;
      } else {
        while (i < n && text[i] !== '\n') i++;
      }
      out.push({ t: 'comment', v: text.slice(start, i), start, end: i });
      continue;
    }
    const prev = out[out.length - 1];
    const transpose = (dialect === 'matlab' || dialect === 'julia') && c === "'" && prev && prev.end === i
      && (prev.t === 'id' || prev.t === 'num' || prev.v === ')' || prev.v === ']' || prev.v === "'");
    if ((c === '"' || c === "'" && dialect !== 'text' && !transpose) || (c === '`' && dialect === 'text')) {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' && (dialect === 'c' || dialect === 'julia') ? 2 : 1;
      i = Math.min(n, i + 1);
      out.push({ t: 'str', v: text.slice(start, i), start, end: i });
      continue;
    }
    // Code: a number takes its letter suffix (`2.0f`, `10ULL`). Text: letters after a number are a
    // name of their own, so `2x` reaches the implicit multiplication below.
    const numMatch = (dialect === 'text' ? TEXT_NUMBER : dialect === 'julia' ? JULIA_NUMBER : CODE_NUMBER).exec(text.slice(i, i + 64));
    if (numMatch && (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? '')))) {
      // `1.*x` in MATLAB is 1 .* x
      let v = numMatch[0];
      if (dialect === 'matlab' && /\.$/.test(v) && /[*/^\\]/.test(text[i + v.length] ?? '')) v = v.slice(0, -1);
      i += v.length;
      if (dialect === 'julia') v = v.replace(/f(?=[+-]?\d+$)/, 'e'); // 2f0 is a Float32 literal
      out.push({ t: 'num', v: dialect === 'julia' ? v : v.replace(/'/g, ''), start, end: i });
      continue;
    }
    const id = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(text.slice(i, i + 200));
    if (id) {
      i += id[0].length;
      out.push({ t: 'id', v: id[0], start, end: i });
      continue;
    }
    const op = OPS.find(o => text.startsWith(o, i));
    if (op) {
      i += op.length;
      out.push({ t: 'op', v: op, start, end: i });
      continue;
    }
    i++;
    out.push({ t: 'op', v: c, start, end: i });
  }
  return out;
}

const JULIA_KEYWORDS = new Set(['for', 'in', 'if', 'else', 'elseif', 'end', 'do', 'where', 'isa']);

class ParseError {
  constructor(readonly reason: string) {}
}

/** Binding powers (higher binds tighter). */
const INFIX: Record<string, number> = {
  '?': 1, '||': 2, or: 2, '&&': 3, and: 3, '|': 4, '^^': 5, '&': 6,
  '==': 7, '!=': 7, '~=': 7, '≠': 7, '<': 8, '>': 8, '<=': 8, '>=': 8, '≤': 8, '≥': 8, '<<': 9, '>>': 9,
  ':': 9, '+': 10, '-': 10, '.+': 10, '.-': 10, '*': 11, '/': 11, '%': 11, '.*': 11, './': 11, '\\': 11, '.\\': 11, '^': 13, '**': 13, '.^': 13,
};
const UNARY_POWER = 12;

/** Parses one expression from tokens (comments and newlines already removed). */
export class ExprParser {
  private i = 0;
  /** Inside a Julia ternary's first branch, where `:` is the separator, not a range. */
  private noRange = 0;
  constructor(private readonly toks: Token[], private readonly dialect: Dialect) {}

  static parse(toks: Token[], dialect: Dialect): Expr {
    const p = new ExprParser(toks.filter(t => t.t !== 'comment' && t.t !== 'nl' && !(t.t === 'op' && t.v === '...')), dialect);
    try {
      const e = p.expr(0);
      if (p.i < p.toks.length) return bad(`unexpected ${p.toks[p.i].v}`);
      return e;
    } catch (err) {
      if (err instanceof ParseError) return bad(err.reason);
      throw err;
    }
  }

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private expect(v: string): void {
    const t = this.toks[this.i];
    if (!t || t.v !== v) throw new ParseError(`expected ${v}`);
    this.i++;
  }

  private infixOp(t: Token | undefined): string | undefined {
    if (!t) return undefined;
    if (t.t === 'op' && INFIX[t.v] !== undefined) {
      if (t.v === '^' && this.dialect === 'c') return '^^'; // XOR
      if (t.v === ':' && (this.dialect !== 'julia' || this.noRange > 0)) return undefined;
      return t.v;
    }
    if (t.t === 'id' && this.dialect === 'text' && (t.v === 'and' || t.v === 'or')) return t.v;
    return undefined;
  }

  expr(minPower: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      // Implicit multiplication in text: 2x, 2(x + 1), 2 pi.
      if (this.dialect === 'text' && t && left.k === 'num' && (t.t === 'id' || t.v === '(') && this.toks[this.i - 1].end === t.start) {
        const right = this.expr(11 + 1);
        left = bin('*', left, right);
        continue;
      }
      const op = this.infixOp(t);
      if (op === undefined) break;
      const power = INFIX[op];
      if (power < minPower) break;
      this.i++;
      if (op === '?') {
        // Julia: the branches of c ? a : b hold no range (its `:` separates them).
        this.noRange++;
        const a = this.expr(0);
        this.noRange--;
        this.expect(':');
        const b = this.expr(1);
        left = { k: 'cond', c: left, a, b };
        continue;
      }
      const isPow = op === '^' || op === '**' || op === '.^';
      // MATLAB's ^ is left-associative (2^3^2 = 64); elsewhere a power is right-associative.
      const right = isPow ? this.powerOperand(op) : this.expr(op === '?' ? power : power + 1);
      left = this.combine(op, left, right);
    }
    return left;
  }

  private powerOperand(op: string): Expr {
    const t = this.peek();
    if (t && t.t === 'op' && (t.v === '-' || t.v === '+')) { // 2^-x
      this.i++;
      const a = this.powerOperand(op);
      return t.v === '-' ? { k: 'unary', op: '-', a } : a;
    }
    return this.dialect === 'matlab' ? this.postfix(this.primary()) : this.expr(INFIX[op]);
  }

  /** A Julia juxtaposed factor: an operand with its power (`x^2` in `2x^2`, `exp(-x)` in `(…)exp(-x)`). */
  private juxtaposed(): Expr {
    const base = this.postfix(this.primary());
    const t = this.peek();
    if (t && t.t === 'op' && (t.v === '^' || t.v === '.^')) {
      this.i++;
      return bin('^', base, this.powerOperand(t.v));
    }
    return base;
  }

  /** Julia and text: a number or a bracket written right against a name or a bracket multiplies it (`2x`, `3(x + 1)`, `(x - 1)y`). */
  private juxtaposes(left: Expr, prev: Token): boolean {
    if (this.dialect !== 'julia' && this.dialect !== 'text') return false;
    const t = this.peek();
    if (!t || t.start !== prev.end) return false;
    if (t.t === 'id') return !JULIA_KEYWORDS.has(t.v);
    // Text also multiplies a bracket by what follows it: (1/2)(x + 1), (1/2)2^x.
    if (this.dialect === 'text' && prev.v === ')') return t.v === '(' || t.t === 'num';
    return t.v === '(' && left.k === 'num';
  }

  private combine(op: string, a: Expr, b: Expr): Expr {
    const d = this.dialect;
    const ops: Record<string, BinaryOp> = { '+': '+', '-': '-', '*': '*', '/': '/', '==': '==', '!=': '!=', '<': '<', '>': '>',
      '<=': '<=', '>=': '>=', '≤': '<=', '≥': '>=', '≠': '!=', '&&': 'and', '||': 'or', and: 'and', or: 'or' };
    if (ops[op] && d === 'julia' && ['<', '>', '<=', '>=', '==', '!='].includes(ops[op])) {
      const isCmp = (e: Expr): e is Extract<Expr, { k: 'bin' }> => e.k === 'bin' && ['<', '>', '<=', '>=', '==', '!='].includes(e.op);
      if (a.k === 'chain') return { k: 'chain', ops: [...a.ops, ops[op]], items: [...a.items, b] };
      if (isCmp(a)) return { k: 'chain', ops: [a.op, ops[op]], items: [a.a, a.b, b] };
    }
    if (ops[op]) {
      if (op === '/' && d === 'c' && a.k === 'num' && b.k === 'num' && Number.isInteger(a.v) && Number.isInteger(b.v) && this.intLiteral(a) && this.intLiteral(b)) {
        return bad(`${a.v}/${b.v} is an integer division in C`);
      }
      return bin(ops[op], a, b);
    }
    switch (op) {
      case '^': return d === 'c' ? bad('^ is XOR (bitwise) in C, not a power') : bin('^', a, b);
      case '^^': return bad('^ is XOR (bitwise) in C, not a power');
      case '**': return d === 'text' ? bin('^', a, b) : bad(`** is not a power in ${d}`);
      case '.^': return d === 'matlab' || d === 'julia' ? bin('^', a, b) : bad('.^ is not a power here');
      case '.*': return d === 'matlab' || d === 'julia' ? bin('*', a, b) : bad('.* is not arithmetic here');
      case './': return d === 'matlab' || d === 'julia' ? bin('/', a, b) : bad('./ is not arithmetic here');
      case '.+': return d === 'julia' ? bin('+', a, b) : bad('.+ is not arithmetic here');
      case '.-': return d === 'julia' ? bin('-', a, b) : bad('.- is not arithmetic here');
      case ':': return { k: 'range', from: a, to: b };
      case '~=': return d === 'matlab' ? bin('!=', a, b) : bad('~= is not a comparison here');
      case '%': return d === 'c' || d === 'julia' ? bad(`% is a truncated remainder in ${d === 'c' ? 'C' : 'Julia'}, not mathjs's mod`) : bin('mod', a, b);
      default: return bad(`the operator ${op}`);
    }
  }

  private readonly intTexts = new WeakMap<Expr, boolean>();
  private intLiteral(e: Expr): boolean {
    return this.intTexts.get(e) ?? false;
  }

  private prefix(): Expr {
    const t = this.peek();
    if (!t) throw new ParseError('an incomplete expression');
    if (t.t === 'op' && (t.v === '-' || t.v === '+' || t.v === '!' || t.v === '~')) {
      this.i++;
      // MATLAB and text: -x^2 is -(x^2); C has no power operator, so the same binding is harmless.
      const a = this.expr(UNARY_POWER);
      if (t.v === '-' || t.v === '+') return { k: 'unary', op: t.v, a };
      if (t.v === '~' && this.dialect !== 'matlab') return bad('~ is bitwise here');
      return { k: 'unary', op: 'not', a };
    }
    if (t.t === 'op' && (t.v === '√' || t.v === '∛') && (this.dialect === 'julia' || this.dialect === 'text')) {
      this.i++;
      return { k: 'call', f: name(t.v === '√' ? 'sqrt' : 'cbrt'), args: [this.expr(UNARY_POWER)] };
    }
    if (t.t === 'op' && (t.v === '++' || t.v === '--') && this.dialect === 'c') {
      this.i++;
      return { k: 'update', op: t.v, prefix: true, a: this.postfix(this.primary()) };
    }
    if (t.t === 'id' && t.v === 'not' && this.dialect === 'text') {
      this.i++;
      return { k: 'unary', op: 'not', a: this.expr(UNARY_POWER) };
    }
    // C casts: (double) x
    if (this.dialect === 'c' && t.v === '(' && this.toks[this.i + 1]?.t === 'id' && this.toks[this.i + 2]?.v === ')'
      && /^(double|float|long double)$/.test(this.toks[this.i + 1].v)) {
      this.i += 3;
      return this.expr(UNARY_POWER);
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) throw new ParseError('an incomplete expression');
    this.i++;
    if (t.t === 'num') {
      const e = numberLiteral(t.v);
      if (isIntegerLiteral(t.v)) this.intTexts.set(e, true);
      if (this.juxtaposes(e, t)) return bin('*', e, this.juxtaposed());
      return e;
    }
    if (t.t === 'id') return name(t.v);
    if (t.t === 'str') return bad('a string');
    if (t.v === '(') {
      const e = this.expr(0);
      const close = this.peek();
      this.expect(')');
      if (close && this.juxtaposes(e, close)) return bin('*', e, this.juxtaposed());
      return e;
    }
    if (t.v === '[' && this.dialect !== 'c') {
      const items: Expr[] = [];
      while (this.peek() && this.peek()?.v !== ']') {
        items.push(this.generatorOr(this.expr(0)));
        if (this.peek()?.v === ',' || this.peek()?.v === ';') this.i++;
      }
      this.expect(']');
      return { k: 'list', items };
    }
    if (t.v === '@') return bad('an anonymous function');
    throw new ParseError(`unexpected ${t.v}`);
  }

  /** Julia: `body for v in iter` (also `v = iter`, `v ∈ iter`) after an argument or a list item. */
  private generatorOr(body: Expr): Expr {
    const t = this.peek();
    if (this.dialect !== 'julia' || !t || t.t !== 'id' || t.v !== 'for') return body;
    this.i++;
    const v = this.peek();
    if (!v || v.t !== 'id') throw new ParseError('a generator over a pattern');
    this.i++;
    const sep = this.peek();
    if (!sep || !(sep.v === 'in' || sep.v === '=' || sep.v === '∈')) throw new ParseError('a generator without in');
    this.i++;
    const iter = this.expr(0);
    if (this.peek()?.v === 'for' || this.peek()?.v === 'if') throw new ParseError('a generator with several loops or a condition');
    return { k: 'gen', body, v: v.v, iter };
  }

  private args(close: string): Expr[] {
    const out: Expr[] = [];
    if (this.peek()?.v === close) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.generatorOr(this.expr(0)));
      if (this.dialect === 'julia' && this.peek()?.v === ';') throw new ParseError('keyword arguments');
      const t = this.peek();
      if (t?.v === ',') {
        this.i++;
        continue;
      }
      this.expect(close);
      return out;
    }
  }

  private postfix(e: Expr): Expr {
    let cur = e;
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op') return cur;
      if (t.v === '(') {
        this.i++;
        cur = { k: 'call', f: cur, args: this.args(')') };
      } else if (t.v === '[' && this.dialect !== 'matlab') {
        this.i++;
        cur = { k: 'index', o: cur, idx: this.args(']') };
      } else if (t.v === '.' && this.dialect === 'julia' && this.toks[this.i + 1]?.v === '(') { // sin.(x)
        this.i += 2;
        cur = { k: 'call', f: cur, args: this.args(')') };
      } else if (t.v === '::' && this.dialect === 'julia') {
        return bad('a type annotation');
      } else if ((t.v === '.' || t.v === '::') && this.toks[this.i + 1]?.t === 'id') {
        cur = { k: 'attr', o: cur, n: this.toks[this.i + 1].v };
        this.i += 2;
      } else if ((t.v === '->') && this.dialect === 'c' && this.toks[this.i + 1]?.t === 'id') {
        cur = { k: 'attr', o: cur, n: this.toks[this.i + 1].v };
        this.i += 2;
      } else if ((t.v === '++' || t.v === '--') && this.dialect === 'c') {
        this.i++;
        cur = { k: 'update', op: t.v, prefix: false, a: cur };
      } else if (t.v === "'" && (this.dialect === 'matlab' || this.dialect === 'julia')) {
        return bad("' (transpose)");
      } else if (t.v === '!' && this.dialect === 'text') {
        return bad('a factorial');
      } else {
        return cur;
      }
    }
  }
}

/** Parses maths written as text (a comment, inline code, plain text), Unicode symbols included. */
export function parseText(text: string): Expr {
  return ExprParser.parse(tokenize(unicodeToMathjs(text), 'text'), 'text');
}
