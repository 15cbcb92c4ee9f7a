/**
 * Whitelisted tree → plain-number JavaScript, built with `new Function` once per objective.
 *
 * The generated code is straight-line SSA: one `const tN = …;` per distinct subexpression
 * (structural hashing, so the (y − x²) a gradient repeats is computed once), no nesting to overflow
 * V8's parser, constants folded with the same functions the code would call (functions.ts).
 * Small integer powers become multiplications: V8 sends `x ** 3` / Math.pow down a slow path,
 * `x*x*x` is ~5× faster (measured in Node 20).
 *
 * Only three kinds of text reach the generated source: strings from the tables in functions.ts,
 * numbers printed by String(number), and names generated here (x, d, out, x0…, d0…, t0…).
 * Never a name or any other text the person wrote.
 */
import { BUILTIN_CONSTANTS, FUNCTIONS, HELPERS, OPERATORS, type FunctionSpec, type OperatorSpec } from './functions';
import {
  calleeName,
  isConditional,
  isConstant,
  isFunction,
  isOperator,
  isParenthesis,
  isSymbol,
  MathNode,
} from './mathjs';

export interface Layout {
  variables: readonly string[];
  dataColumns: readonly string[];
}

/** Largest |k| for which x^k is expanded into multiplications. */
const MAX_EXPANDED_POWER = 16;

/** The whitelisted operator or function a node applies (throws for one outside the whitelist). */
function whitelisted(n: MathNode): { name: string; spec: FunctionSpec | OperatorSpec } {
  const name = isOperator(n) ? n.fn : isFunction(n) ? calleeName(n) ?? '' : '';
  const spec = isOperator(n) ? OPERATORS.get(name) : FUNCTIONS.get(name);
  if (!spec) throw new Error('function not in the whitelist');
  return { name, spec };
}

/** JS source for a number literal. */
function numberSource(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

/** Builds the body of one generated function, sharing temporaries between all the trees it is given. */
export class CodeBuilder {
  readonly lines: string[] = [];
  private readonly memo = new Map<string, string>();
  /** Atom → value for atoms that are literals. */
  private readonly literals = new Map<string, number>();
  private readonly symbols = new Map<string, string>();
  private temps = 0;

  constructor(layout: Layout) {
    layout.variables.forEach((name, i) => this.symbols.set(name, `x${i}`));
    layout.dataColumns.forEach((name, i) => this.symbols.set(name, `d${i}`));
    this.preamble = [
      ...layout.variables.map((_, i) => `const x${i} = x[${i}];`),
      ...layout.dataColumns.map((_, i) => `const d${i} = d[${i}];`),
    ];
  }

  readonly preamble: string[];

  private literal(v: number): string {
    const s = numberSource(v);
    this.literals.set(s, v);
    return s;
  }

  private temp(key: string, expression: string): string {
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const name = `t${this.temps++}`;
    this.lines.push(`const ${name} = ${expression};`);
    this.memo.set(key, name);
    return name;
  }

  /** Node objects already emitted: derivative trees share subtrees, so this skips whole repeats. */
  private readonly emitted = new WeakMap<MathNode, string>();

  /** Emits `n` and returns a JS atom (a literal, x0/d0, or a temporary) holding its value. */
  value(n: MathNode): string {
    const hit = this.emitted.get(n);
    if (hit !== undefined) return hit;
    const atom = this.emit(n);
    this.emitted.set(n, atom);
    return atom;
  }

  private emit(n: MathNode): string {
    if (isConstant(n)) {
      if (typeof n.value !== 'number') throw new Error(`not a number constant: ${typeof n.value}`);
      return this.literal(n.value);
    }
    if (isSymbol(n)) {
      const local = this.symbols.get(n.name);
      if (local !== undefined) return local;
      const builtin = BUILTIN_CONSTANTS.get(n.name);
      if (builtin !== undefined) return this.literal(builtin);
      throw new Error('unknown symbol');
    }
    if (isParenthesis(n)) return this.value(n.content);
    if (isConditional(n)) {
      const [c, a, b] = [this.value(n.condition), this.value(n.trueExpr), this.value(n.falseExpr)];
      const cv = this.literals.get(c);
      if (cv !== undefined) return cv ? a : b;
      return this.temp(`?|${c}|${a}|${b}`, `${c} ? ${a} : ${b}`);
    }
    if (isOperator(n) || isFunction(n)) {
      const { name, spec } = whitelisted(n);
      const args = n.args.map(a => this.value(a));
      if (name === 'pow' && args.length === 2) return this.power(args[0], args[1]);
      const values = args.map(a => this.literals.get(a));
      if (values.every((v): v is number => v !== undefined)) return this.literal(spec.apply(values));
      if (name === 'unaryPlus') return args[0];
      return this.temp(`${isOperator(n) ? 'o' : 'f'}|${name}|${args.join('|')}`, spec.emit(args));
    }
    throw new Error(`node type ${n.type} cannot be compiled`);
  }

  /** base^exponent with small integer exponents as multiplications (binary powering). */
  private power(base: string, exponent: string): string {
    const b = this.literals.get(base);
    const k = this.literals.get(exponent);
    if (b !== undefined && k !== undefined) return this.literal(Math.pow(b, k));
    if (k === undefined || !Number.isInteger(k) || Math.abs(k) > MAX_EXPANDED_POWER) {
      return this.temp(`^|${base}|${exponent}`, `Math.pow(${base}, ${exponent})`);
    }
    if (k === 0) return this.literal(1);
    const positive = this.positivePower(base, Math.abs(k));
    return k > 0 ? positive : this.temp(`/|1|${positive}`, `1 / ${positive}`);
  }

  private positivePower(base: string, k: number): string {
    if (k === 1) return base;
    if (k === 2) return this.temp(`^|${base}|2`, `${base} * ${base}`);
    if (k === 3) return this.temp(`^|${base}|3`, `${base} * ${base} * ${base}`);
    const half = this.positivePower(base, Math.floor(k / 2));
    const square = this.temp(`^|${half}|2`, `${half} * ${half}`);
    return k % 2 === 0 ? square : this.temp(`*|${square}|${base}`, `${square} * ${base}`);
  }
}

/** Names the generated factory receives; the helpers are bound once, outside the hot function. */
const HELPER_NAMES = Object.keys(HELPERS) as (keyof typeof HELPERS)[];

/**
 * Creates `function (x, out, d)` from a body. `extras` are closures the body may call by the given
 * generated names (finite-difference fallbacks).
 */
export function makeFunction<F>(body: string[], extras: Record<string, unknown> = {}, readsData = true): F {
  const extraNames = Object.keys(extras);
  for (const name of extraNames) if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error('bad helper name');
  const source = [
    '"use strict";',
    `const { ${HELPER_NAMES.join(', ')} } = H;`,
    ...extraNames.map(name => `const ${name} = E.${name};`),
    'const Z = new Float64Array(0);',
    'return function (x, out, d) {',
    // Missing data reads as NaN rather than throwing on `undefined[0]`.
    ...(readsData ? ['if (d === undefined) d = Z;'] : []),
    ...body,
    '};',
  ].join('\n');
  const factory = new Function('H', 'E', source) as (h: typeof HELPERS, e: Record<string, unknown>) => F;
  const fn = factory(HELPERS, extras);
  if (extraNames.length === 0) factorySources.set(fn as object, source);
  return fn;
}

/** The factory source of each function made without closures (so another thread can rebuild it). */
const factorySources = new WeakMap<object, string>();

/**
 * The generated factory source of `fn` when makeFunction built it and it calls no closure (no
 * finite-difference fallback); undefined otherwise. `new Function('H', 'E', source)(HELPERS, {})`
 * rebuilds the same function (HELPERS from functions.ts, which does not load mathjs).
 */
export function generatedSource(fn: unknown): string | undefined {
  return typeof fn === 'function' ? factorySources.get(fn) : undefined;
}

export type ScalarFn = (x: ArrayLike<number>, out: unknown, d?: ArrayLike<number>) => number;
export type VectorFn = (x: ArrayLike<number>, out: Float64Array, d?: ArrayLike<number>) => void;
/** Returns f and fills `out` with the gradient. */
export type ValueGradientFn = (x: ArrayLike<number>, out: Float64Array, d?: ArrayLike<number>) => number;

/** f(x, _, d) for one tree. */
export function compileScalar(tree: MathNode, layout: Layout): ScalarFn {
  const b = new CodeBuilder(layout);
  const result = b.value(tree);
  return makeFunction<ScalarFn>([...b.preamble, ...b.lines, `return ${result};`], {}, layout.dataColumns.length > 0);
}

type Closure = (x: ArrayLike<number>, d: ArrayLike<number>) => number;
const NO_DATA = new Float64Array(0);

/**
 * f(x, _, d) for one tree as nested closures over the same functions (functions.ts `apply`, the
 * functions constant folding uses): no code generation, so far cheaper to build than compileScalar
 * and slower to run — for trees evaluated at a few points (display.ts's value checks). Small
 * integer powers go through Math.pow here, so results can differ from compileScalar's in the last bit.
 */
export function closureScalar(tree: MathNode, layout: Layout): ScalarFn {
  const variables = new Map(layout.variables.map((v, i) => [v, i]));
  const columns = new Map(layout.dataColumns.map((v, i) => [v, i]));
  const build = (n: MathNode): Closure => {
    if (isConstant(n)) {
      if (typeof n.value !== 'number') throw new Error(`not a number constant: ${typeof n.value}`);
      const v = n.value;
      return () => v;
    }
    if (isSymbol(n)) {
      const i = variables.get(n.name);
      if (i !== undefined) return x => x[i];
      const j = columns.get(n.name);
      if (j !== undefined) return (_x, d) => d[j];
      const builtin = BUILTIN_CONSTANTS.get(n.name);
      if (builtin !== undefined) return () => builtin;
      throw new Error('unknown symbol');
    }
    if (isParenthesis(n)) return build(n.content);
    if (isConditional(n)) {
      const [c, a, b] = [build(n.condition), build(n.trueExpr), build(n.falseExpr)];
      return (x, d) => (c(x, d) ? a(x, d) : b(x, d));
    }
    if (isOperator(n) || isFunction(n)) {
      const { name, spec } = whitelisted(n);
      const args = n.args.map(build);
      if (name === 'unaryPlus') return args[0];
      if (args.length === 1) {
        const [a] = args;
        return (x, d) => spec.apply([a(x, d)]);
      }
      if (args.length === 2) {
        const [a, b] = args;
        return (x, d) => spec.apply([a(x, d), b(x, d)]);
      }
      return (x, d) => spec.apply(args.map(a => a(x, d)));
    }
    throw new Error(`node type ${n.type} cannot be evaluated`);
  };
  const f = build(tree);
  return (x, _out, d) => f(x, d ?? NO_DATA);
}

/**
 * out[i] = trees[i] for the entries that have a tree; the others call `fallback(x, i, d)` — a
 * numeric derivative. All trees share one set of temporaries.
 */
export function compileVector(
  trees: readonly (MathNode | undefined)[],
  layout: Layout,
  fallback?: (x: ArrayLike<number>, i: number, d: ArrayLike<number>) => number,
): VectorFn {
  const b = new CodeBuilder(layout);
  const assignments: string[] = [];
  trees.forEach((t, i) => {
    assignments.push(t === undefined ? `out[${i}] = fallback(x, ${i}, d);` : `out[${i}] = ${b.value(t)};`);
  });
  const readsData = layout.dataColumns.length > 0 || fallback !== undefined;
  return makeFunction<VectorFn>([...b.preamble, ...b.lines, ...assignments], fallback ? { fallback } : {}, readsData);
}

/**
 * f and its gradient in one function: returns `tree`'s value and fills `out` as `compileVector`
 * does, with one set of temporaries for both (the subexpressions f and ∇f share are computed
 * once). Each value is the same expression over the same operands as in the separate functions,
 * so the numbers are the same to the bit.
 */
export function compileValueAndGradient(
  tree: MathNode,
  trees: readonly (MathNode | undefined)[],
  layout: Layout,
  fallback?: (x: ArrayLike<number>, i: number, d: ArrayLike<number>) => number,
): ValueGradientFn {
  const b = new CodeBuilder(layout);
  const value = b.value(tree);
  const assignments: string[] = [];
  trees.forEach((t, i) => {
    assignments.push(t === undefined ? `out[${i}] = fallback(x, ${i}, d);` : `out[${i}] = ${b.value(t)};`);
  });
  const readsData = layout.dataColumns.length > 0 || fallback !== undefined;
  return makeFunction<ValueGradientFn>([...b.preamble, ...b.lines, ...assignments, `return ${value};`], fallback ? { fallback } : {}, readsData);
}
