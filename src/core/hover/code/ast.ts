/**
 * A small, language-neutral expression tree. Each host language's reader (a tree-sitter grammar or
 * the hand-written parser in parse.ts) produces it with the host language's meaning already decided:
 * an operator that has no mathjs counterpart there (`^` as XOR, `%` as a truncated remainder, `@`)
 * arrives as a `bad` node carrying the reason, so the translation refuses instead of guessing.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | 'mod' | '<' | '>' | '<=' | '>=' | '==' | '!=' | 'and' | 'or';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'name'; n: string }
  | { k: 'unary'; op: '-' | '+' | 'not'; a: Expr }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr }
  /** `a < b < c` in languages that chain comparisons (Python, Julia). */
  | { k: 'chain'; ops: BinaryOp[]; items: Expr[] }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'call'; f: Expr; args: Expr[] }
  /** `o.n`, `o::n` (module member, field, method receiver). */
  | { k: 'attr'; o: Expr; n: string }
  | { k: 'index'; o: Expr; idx: Expr[] }
  /** `++t`, `t--` (JavaScript, C). */
  | { k: 'update'; op: '++' | '--'; prefix: boolean; a: Expr }
  /** `(t -= 2)` inside an expression (JavaScript): t changes, the expression has its new value. */
  | { k: 'assign'; op: '+' | '-' | '*' | '/'; target: string; value: Expr }
  | { k: 'list'; items: Expr[] }
  /** A generator or comprehension: `body for v in iter`. */
  | { k: 'gen'; body: Expr; v: string; iter: Expr }
  /** An inclusive integer range (`1:3` in Julia/R/MATLAB); Python's range() stays a call. */
  | { k: 'range'; from: Expr; to: Expr }
  | { k: 'bad'; why: string };

export const num = (v: number): Expr => ({ k: 'num', v });
export const name = (n: string): Expr => ({ k: 'name', n });
export const bad = (why: string): Expr => ({ k: 'bad', why });
export const bin = (op: BinaryOp, a: Expr, b: Expr): Expr => ({ k: 'bin', op, a, b });

/** Parses a numeric literal's text as the host language writes it (`1_000`, `2.0f`, `1e-3`, `2.0_f64`). */
export function numberLiteral(text: string): Expr {
  let t = text.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return num(parseInt(t.slice(2), 16));
  if (/^0b[01]+$/.test(t)) return num(parseInt(t.slice(2), 2));
  if (/^0o[0-7]+$/.test(t)) return num(parseInt(t.slice(2), 8));
  t = t.replace(/(f32|f64|i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize)$/, '');
  t = t.replace(/(?<=[\d.])(ull|ul|ll|lu|u|l|f)$/, '');
  if (/[ij]$/.test(t) || t.endsWith('im')) return bad('a complex literal');
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return num(Number(t));
  return bad(`the literal ${text}`);
}

/** Whether the literal text is an integer in a language with integer division (`1/2` is 0 in C or Go). */
export function isIntegerLiteral(text: string): boolean {
  const t = text.replace(/_/g, '').toLowerCase();
  return /^(0x[0-9a-f]+|\d+)(u|l|ul|ll|ull|i8|i16|i32|i64|u8|u16|u32|u64|usize|isize)?$/.test(t);
}
