/**
 * Expression trees for the fuzzer: a grammar generator, renderers to mathjs syntax (what the product
 * parses) and to sympy syntax (the independent reference), an evaluator written from the functions'
 * mathematical definitions, and each point's "branch signature" (which side of every kink — abs,
 * floor, min, a comparison, a pole — the point lies on) so finite differences skip stencils that
 * straddle a switch.
 */
import { Rng } from './rng';

export type Cmp = '<' | '>' | '<=' | '>=' | '==' | '!=';
export type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; n: string }
  | { k: 'const'; n: 'pi' | 'e' }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '^' | 'mod'; a: Node; b: Node }
  | { k: 'neg'; a: Node }
  | { k: 'fn'; f: string; args: Node[] }
  | { k: 'cmp'; op: Cmp; a: Node; b: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'logic'; op: 'and' | 'or' | 'xor'; a: Node; b: Node }
  | { k: 'not'; a: Node };

interface FnSpec {
  arity: [number, number];
  /** Value from the mathematical definition (real-valued; NaN outside the domain). */
  js(a: number[]): number;
  /** sympy text, given the arguments' sympy texts. */
  py(a: string[]): string;
  /** Branch decisions at this call (kinks, poles, jumps); undefined for smooth functions. */
  branch?(a: number[]): number[];
  kink?: boolean;
}

const s = Math.sign;
const roundHalfAway = (v: number): number => s(v) * Math.floor(Math.abs(v) + 0.5);
/** Real n-th root (odd roots of negatives are negative), the documented nthRoot semantics. */
const realRoot = (a: number, n: number): number => {
  if (!Number.isInteger(n) || n === 0) return NaN;
  const r = a < 0 ? (Math.abs(n) % 2 === 1 ? -Math.pow(-a, 1 / Math.abs(n)) : NaN) : Math.pow(a, 1 / Math.abs(n));
  return n < 0 ? 1 / r : r;
};
const pyRoot = (a: string, n: string): string => `real_root_(${a}, ${n})`;
const halfPi = (v: number): number[] => [Math.floor(v / Math.PI + 0.5)];
const byPi = (v: number): number[] => [Math.floor(v / Math.PI)];

/** Every function the whitelist allows (functions.ts); the fuzzer warns about any it does not know. */
export const FN: Record<string, FnSpec> = {
  sqrt: { arity: [1, 1], js: a => Math.sqrt(a[0]), py: a => `sqrt(${a[0]})` },
  cbrt: { arity: [1, 1], js: a => Math.cbrt(a[0]), py: a => pyRoot(a[0], '3'), branch: a => [s(a[0])] },
  nthRoot: { arity: [2, 2], js: a => realRoot(a[0], a[1]), py: a => pyRoot(a[0], a[1]), branch: a => [s(a[0])] },
  square: { arity: [1, 1], js: a => a[0] * a[0], py: a => `(${a[0]})**2` },
  cube: { arity: [1, 1], js: a => a[0] * a[0] * a[0], py: a => `(${a[0]})**3` },
  pow: { arity: [2, 2], js: a => Math.pow(a[0], a[1]), py: a => `(${a[0]})**(${a[1]})`, branch: a => [s(a[0])] },
  exp: { arity: [1, 1], js: a => Math.exp(a[0]), py: a => `exp(${a[0]})` },
  expm1: { arity: [1, 1], js: a => Math.expm1(a[0]), py: a => `(exp(${a[0]}) - 1)` },
  log: {
    arity: [1, 2], js: a => (a.length === 1 ? Math.log(a[0]) : Math.log(a[0]) / Math.log(a[1])),
    py: a => (a.length === 1 ? `log(${a[0]})` : `(log(${a[0]})/log(${a[1]}))`),
  },
  log10: { arity: [1, 1], js: a => Math.log10(a[0]), py: a => `(log(${a[0]})/log(10))` },
  log2: { arity: [1, 1], js: a => Math.log2(a[0]), py: a => `(log(${a[0]})/log(2))` },
  log1p: { arity: [1, 1], js: a => Math.log1p(a[0]), py: a => `log(1 + ${a[0]})` },
  abs: { arity: [1, 1], js: a => Math.abs(a[0]), py: a => `Abs(${a[0]})`, branch: a => [s(a[0])], kink: true },
  sign: { arity: [1, 1], js: a => s(a[0]), py: a => `sign(${a[0]})`, branch: a => [s(a[0])], kink: true },
  floor: { arity: [1, 1], js: a => Math.floor(a[0]), py: a => `floor(${a[0]})`, branch: a => [Math.floor(a[0])], kink: true },
  ceil: { arity: [1, 1], js: a => Math.ceil(a[0]), py: a => `ceiling(${a[0]})`, branch: a => [Math.ceil(a[0])], kink: true },
  round: { arity: [1, 1], js: a => roundHalfAway(a[0]), py: a => `round_(${a[0]})`, branch: a => [roundHalfAway(a[0])], kink: true },
  mod: {
    arity: [2, 2], js: a => (a[1] === 0 ? a[0] : a[0] - a[1] * Math.floor(a[0] / a[1])),
    py: a => `mod_(${a[0]}, ${a[1]})`, branch: a => [Math.floor(a[0] / a[1]), s(a[1])], kink: true,
  },
  min: {
    arity: [1, 3], js: a => Math.min(...a), py: a => `Min(${a.join(', ')})`,
    branch: a => [a.indexOf(Math.min(...a))], kink: true,
  },
  max: {
    arity: [1, 3], js: a => Math.max(...a), py: a => `Max(${a.join(', ')})`,
    branch: a => [a.indexOf(Math.max(...a))], kink: true,
  },
  hypot: {
    arity: [1, 3], js: a => Math.hypot(...a), py: a => `sqrt(${a.map(v => `(${v})**2`).join(' + ')})`,
    branch: a => a.map(s),
  },
  sin: { arity: [1, 1], js: a => Math.sin(a[0]), py: a => `sin(${a[0]})` },
  cos: { arity: [1, 1], js: a => Math.cos(a[0]), py: a => `cos(${a[0]})` },
  tan: { arity: [1, 1], js: a => Math.tan(a[0]), py: a => `tan(${a[0]})`, branch: a => halfPi(a[0]) },
  sec: { arity: [1, 1], js: a => 1 / Math.cos(a[0]), py: a => `sec(${a[0]})`, branch: a => halfPi(a[0]) },
  csc: { arity: [1, 1], js: a => 1 / Math.sin(a[0]), py: a => `csc(${a[0]})`, branch: a => byPi(a[0]) },
  cot: { arity: [1, 1], js: a => Math.cos(a[0]) / Math.sin(a[0]), py: a => `cot(${a[0]})`, branch: a => byPi(a[0]) },
  asin: { arity: [1, 1], js: a => Math.asin(a[0]), py: a => `asin(${a[0]})` },
  acos: { arity: [1, 1], js: a => Math.acos(a[0]), py: a => `acos(${a[0]})` },
  atan: { arity: [1, 1], js: a => Math.atan(a[0]), py: a => `atan(${a[0]})` },
  asec: { arity: [1, 1], js: a => Math.acos(1 / a[0]), py: a => `asec(${a[0]})`, branch: a => [s(a[0])] },
  acsc: { arity: [1, 1], js: a => Math.asin(1 / a[0]), py: a => `acsc(${a[0]})`, branch: a => [s(a[0])] },
  acot: { arity: [1, 1], js: a => Math.atan(1 / a[0]), py: a => `acot(${a[0]})`, branch: a => [s(a[0])] },
  atan2: { arity: [2, 2], js: a => Math.atan2(a[0], a[1]), py: a => `atan2(${a[0]}, ${a[1]})`, branch: a => [s(a[0]), s(a[1])] },
  sinh: { arity: [1, 1], js: a => Math.sinh(a[0]), py: a => `sinh(${a[0]})` },
  cosh: { arity: [1, 1], js: a => Math.cosh(a[0]), py: a => `cosh(${a[0]})` },
  tanh: { arity: [1, 1], js: a => Math.tanh(a[0]), py: a => `tanh(${a[0]})` },
  sech: { arity: [1, 1], js: a => 1 / Math.cosh(a[0]), py: a => `sech(${a[0]})` },
  csch: { arity: [1, 1], js: a => 1 / Math.sinh(a[0]), py: a => `csch(${a[0]})`, branch: a => [s(a[0])] },
  // cosh/sinh is ∞/∞ beyond |x| ≈ 710; coth(±∞) = ±1, the limit
  coth: { arity: [1, 1], js: a => (Math.abs(a[0]) > 40 ? Math.sign(a[0]) : Math.cosh(a[0]) / Math.sinh(a[0])), py: a => `coth(${a[0]})`, branch: a => [s(a[0])] },
  asinh: { arity: [1, 1], js: a => Math.asinh(a[0]), py: a => `asinh(${a[0]})` },
  acosh: { arity: [1, 1], js: a => Math.acosh(a[0]), py: a => `acosh(${a[0]})` },
  atanh: { arity: [1, 1], js: a => Math.atanh(a[0]), py: a => `atanh(${a[0]})` },
  asech: { arity: [1, 1], js: a => (a[0] >= 0 && a[0] <= 1 ? Math.acosh(1 / a[0]) : NaN), py: a => `asech(${a[0]})` },
  acsch: { arity: [1, 1], js: a => Math.asinh(1 / a[0]), py: a => `acsch(${a[0]})`, branch: a => [s(a[0])] },
  acoth: {
    // acoth(±∞) = 0, the limit.
    arity: [1, 1], js: a => (!Number.isFinite(a[0]) && !Number.isNaN(a[0]) ? 0 : Math.abs(a[0]) >= 1 ? 0.5 * Math.log1p(2 / (a[0] - 1)) : NaN),
    py: a => `acoth(${a[0]})`, branch: a => [s(a[0])],
  },
};

export const VARS = ['x', 'y', 'z'] as const;

export interface GenOptions {
  maxDepth: number;
  /** Probability of a kink construct (abs, floor, comparisons, …) at an inner node. */
  kinkRate: number;
  /** Allowed function names. */
  functions: readonly string[];
}

const NUMBERS = [0, 1, 2, 3, 0.5, 10, 0.1, 1.5, 7, 100, 0.25, 2.5, 1e-3, 1e3];

export function genNumber(rng: Rng): number {
  if (rng.chance(0.7)) return rng.pick(NUMBERS);
  if (rng.chance(0.8)) return Math.round(rng.uniform(0, 10) * 1000) / 1000;
  return rng.pick([1e-8, 1e8, 1e-300, 1e300, 1e200, 1e308, 5e-324, 123456789.123, 0.30000000000000004]);
}

export function genExpr(rng: Rng, o: GenOptions, depth = 0): Node {
  if (depth >= o.maxDepth || (depth > 0 && rng.chance(0.3))) {
    const r = rng.next();
    if (r < 0.55) return { k: 'var', n: rng.pick(VARS) };
    if (r < 0.92) return { k: 'num', v: genNumber(rng) };
    return { k: 'const', n: rng.pick(['pi', 'e'] as const) };
  }
  const next = (): Node => genExpr(rng, o, depth + 1);
  if (rng.chance(o.kinkRate)) {
    const r = rng.next();
    if (r < 0.3) return { k: 'cmp', op: rng.pick(['<', '>', '<=', '>=', '==', '!='] as const), a: next(), b: next() };
    if (r < 0.6) return { k: 'cond', c: rng.chance(0.7) ? { k: 'cmp', op: rng.pick(['<', '>', '<=', '>='] as const), a: next(), b: next() } : next(), a: next(), b: next() };
    if (r < 0.75) return { k: 'logic', op: rng.pick(['and', 'or', 'xor'] as const), a: next(), b: next() };
    if (r < 0.8) return { k: 'not', a: next() };
    if (r < 0.88) return { k: 'bin', op: 'mod', a: next(), b: next() };
    const kinks = o.functions.filter(f => FN[f]?.kink);
    if (kinks.length) return genCall(rng, rng.pick(kinks), next);
  }
  const r = rng.next();
  if (r < 0.45) {
    const op = rng.pick(['+', '-', '*', '/', '^', '+', '*'] as const);
    if (op === '^') {
      // Mostly small constant exponents; sometimes a variable one.
      const b: Node = rng.chance(0.75) ? { k: 'num', v: rng.pick([2, 3, 0.5, -1, 4, 1.5, -2, 0]) } : next();
      return { k: 'bin', op, a: next(), b };
    }
    return { k: 'bin', op, a: next(), b: next() };
  }
  if (r < 0.52) return { k: 'neg', a: next() };
  const smooth = o.functions.filter(f => !FN[f]?.kink);
  return genCall(rng, rng.pick(smooth.length ? smooth : o.functions), next);
}

function genCall(rng: Rng, f: string, next: () => Node): Node {
  const spec = FN[f];
  const [lo, hi] = spec ? spec.arity : [1, 1];
  const n = rng.int(lo, hi);
  const args: Node[] = [];
  for (let i = 0; i < n; i++) args.push(next());
  if (f === 'nthRoot') args[1] = { k: 'num', v: rng.pick([2, 3, 4, 5, -3]) };
  return { k: 'fn', f, args };
}

const numText = (v: number): string => (v < 0 || Object.is(v, -0) ? `(${String(v)})` : String(v));

export function toMathjs(n: Node): string {
  switch (n.k) {
    case 'num': return numText(n.v);
    case 'var': case 'const': return n.n;
    case 'bin': return `(${toMathjs(n.a)} ${n.op} ${toMathjs(n.b)})`;
    case 'neg': return `(-${toMathjs(n.a)})`;
    case 'fn': return `${n.f}(${n.args.map(toMathjs).join(', ')})`;
    case 'cmp': return `(${toMathjs(n.a)} ${n.op} ${toMathjs(n.b)})`;
    case 'cond': return `(${toMathjs(n.c)} ? ${toMathjs(n.a)} : ${toMathjs(n.b)})`;
    case 'logic': return `(${toMathjs(n.a)} ${n.op} ${toMathjs(n.b)})`;
    case 'not': return `(not ${toMathjs(n.a)})`;
  }
}

const REL: Record<Cmp, string> = { '<': 'Lt', '>': 'Gt', '<=': 'Le', '>=': 'Ge', '==': 'Eq', '!=': 'Ne' };

/** sympy text (helpers real_root_, round_, mod_ are defined by sympy_check.py). */
export function toSympy(n: Node): string {
  switch (n.k) {
    case 'num': return `Rational('${String(n.v)}')`;
    case 'var': return n.n;
    case 'const': return n.n === 'pi' ? 'pi' : 'E';
    case 'bin': {
      const a = toSympy(n.a), b = toSympy(n.b);
      if (n.op === '^') return `((${a})**(${b}))`;
      if (n.op === 'mod') return `mod_(${a}, ${b})`;
      return `((${a}) ${n.op} (${b}))`;
    }
    case 'neg': return `(-(${toSympy(n.a)}))`;
    case 'fn': {
      const spec = FN[n.f];
      if (!spec) throw new Error(`no sympy form for ${n.f}`);
      return spec.py(n.args.map(toSympy));
    }
    case 'cmp': return `Piecewise((1, ${REL[n.op]}(${toSympy(n.a)}, ${toSympy(n.b)})), (0, True))`;
    case 'cond': return `Piecewise((${toSympy(n.a)}, Ne(${toSympy(n.c)}, 0)), (${toSympy(n.b)}, True))`;
    case 'logic': {
      const a = `Ne(${toSympy(n.a)}, 0)`, b = `Ne(${toSympy(n.b)}, 0)`;
      const f = n.op === 'and' ? 'And' : n.op === 'or' ? 'Or' : 'Xor';
      return `Piecewise((1, ${f}(${a}, ${b})), (0, True))`;
    }
    case 'not': return `Piecewise((1, Eq(${toSympy(n.a)}, 0)), (0, True))`;
  }
}

export function hasVar(n: Node): boolean {
  switch (n.k) {
    case 'var': return true;
    case 'num': case 'const': return false;
    case 'bin': case 'cmp': case 'logic': return hasVar(n.a) || hasVar(n.b);
    case 'neg': case 'not': return hasVar(n.a);
    case 'cond': return hasVar(n.c) || hasVar(n.a) || hasVar(n.b);
    case 'fn': return n.args.some(hasVar);
  }
}

export function usedVars(n: Node, out = new Set<string>()): Set<string> {
  if (n.k === 'var') out.add(n.n);
  else if (n.k === 'bin' || n.k === 'cmp' || n.k === 'logic') { usedVars(n.a, out); usedVars(n.b, out); }
  else if (n.k === 'neg' || n.k === 'not') usedVars(n.a, out);
  else if (n.k === 'cond') { usedVars(n.c, out); usedVars(n.a, out); usedVars(n.b, out); }
  else if (n.k === 'fn') n.args.forEach(a => usedVars(a, out));
  return out;
}

export function size(n: Node): number {
  switch (n.k) {
    case 'var': case 'num': case 'const': return 1;
    case 'bin': case 'cmp': case 'logic': return 1 + size(n.a) + size(n.b);
    case 'neg': case 'not': return 1 + size(n.a);
    case 'cond': return 1 + size(n.c) + size(n.a) + size(n.b);
    case 'fn': return 1 + n.args.reduce((t, a) => t + size(a), 0);
  }
}

export interface Evaluation {
  value: number;
  /** Branch decisions in tree order; two points with different signatures straddle a kink. */
  signature: number[];
  /** Largest |intermediate value|: the scale of rounding error in the result. */
  magnitude: number;
  /** A power with a non-positive base and a variable exponent: no real derivative there. */
  nondifferentiable: boolean;
  /**
   * Why the chain rule cannot give a finite number here although f is finite, if it cannot: an
   * intermediate value on the evaluated path is ±∞ or NaN ('infinite intermediate', e.g. coth(x·coth(0)))
   * or underflowed to 0 from non-zero operands ('underflow', e.g. cbrt(pow(y³, −266)), whose exact
   * derivative is below the smallest double), or a function is evaluated where its own derivative is
   * infinite ('infinite slope': sqrt(0), cbrt(0), acosh(1), asin(±1), so the chain rule multiplies ∞ by
   * the inner derivative, e.g. sqrt(z·log1p(acos(y))) at z = 0). A gradient that is NaN there is a
   * refusal, not a number.
   */
  undefinedBecause?: 'infinite intermediate' | 'underflow' | 'infinite slope';
  /** A periodic function of an argument beyond 2^40 (sin(e^90)): neither f nor a difference quotient has digits to compare. */
  illConditioned: boolean;
}

const truthy = (v: number): boolean => v !== 0 && !Number.isNaN(v);

/** Where a function's own derivative is infinite (the chain rule then has ∞·u′). */
const INFINITE_SLOPE: Record<string, (a: number[]) => boolean> = {
  mod: a => a[1] === 0, // mod(a, 0) = a, but ∂/∂b = −floor(a/b) is unbounded there
  sqrt: a => a[0] === 0, cbrt: a => a[0] === 0, nthRoot: a => a[0] === 0 && Math.abs(a[1]) > 1,
  pow: a => a[0] === 0 && a[1] > 0 && a[1] < 1,
  asin: a => Math.abs(a[0]) === 1, acos: a => Math.abs(a[0]) === 1, acosh: a => a[0] === 1, atanh: a => Math.abs(a[0]) === 1,
  asec: a => Math.abs(a[0]) === 1, acsc: a => Math.abs(a[0]) === 1, asech: a => a[0] === 1 || a[0] === 0, acoth: a => Math.abs(a[0]) === 1,
};

/** Periodic functions: beyond |x| = 2^40 a double has under 13 bits below the period, so the value is rounding noise. */
const PERIODIC = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot']);

/** Operations that can round a non-zero exact result to 0. */
const UNDERFLOWS = new Set(['*', '/', '^', 'pow', 'exp', 'cube', 'square', 'nthRoot', 'cbrt', 'sinh', 'tanh', 'expm1', 'sech', 'csch']);

/** Evaluates with the documented semantics; every branch taken is recorded in `signature`. */
export function evaluate(n: Node, env: Record<string, number>): Evaluation {
  const sig: number[] = [];
  let magnitude = 0;
  let nondiff = false;
  let because: Evaluation['undefinedBecause'];
  let illConditioned = false;
  const ev = (m: Node): number => {
    let v: number;
    switch (m.k) {
      case 'num': v = m.v; break;
      case 'var': v = env[m.n]; break;
      case 'const': v = m.n === 'pi' ? Math.PI : Math.E; break;
      case 'neg': v = -ev(m.a); break;
      case 'not': { const a = ev(m.a); sig.push(truthy(a) ? 1 : 0); v = truthy(a) ? 0 : 1; break; }
      case 'bin': {
        const a = ev(m.a), b = ev(m.b);
        switch (m.op) {
          case '+': v = a + b; break;
          case '-': v = a - b; break;
          case '*': v = a * b; break;
          case '/': v = a / b; sig.push(s(b)); break;
          case '^':
            if (a === 0 && b > 0 && b < 1) because ??= 'infinite slope';
            v = Math.pow(a, b);
            sig.push(s(a));
            if (a <= 0 && hasVar(m.b)) nondiff = true;
            break;
          case 'mod':
            v = FN.mod.js([a, b]);
            sig.push(Math.floor(a / b), s(b));
            if (b === 0) because ??= 'infinite slope'; // mod(a, 0) = a, but ∂/∂b = −floor(a/b) is unbounded there
            break;
        }
        break;
      }
      case 'fn': {
        const args = m.args.map(ev);
        const spec = FN[m.f];
        if (!spec) { v = NaN; break; }
        if (spec.branch) sig.push(...spec.branch(args));
        if (m.f === 'pow' && args[0] <= 0 && hasVar(m.args[1])) nondiff = true;
        if (INFINITE_SLOPE[m.f]?.(args)) because ??= 'infinite slope';
        if (PERIODIC.has(m.f) && Math.abs(args[0]) > 2 ** 40) illConditioned = true;
        v = spec.js(args);
        break;
      }
      case 'cmp': {
        const a = ev(m.a), b = ev(m.b);
        const r = m.op === '<' ? a < b : m.op === '>' ? a > b : m.op === '<=' ? a <= b : m.op === '>=' ? a >= b : m.op === '==' ? a === b : a !== b;
        sig.push(r ? 1 : 0, s(a - b));
        v = r ? 1 : 0;
        break;
      }
      case 'cond': {
        const c = ev(m.c);
        sig.push(truthy(c) ? 1 : 0);
        // Both branches are evaluated so the signature has the same shape on either side; only the
        // taken branch's intermediates can make the gradient undefined.
        const before = because;
        const a = ev(m.a);
        const afterA = because;
        because = before;
        const b = ev(m.b);
        because = truthy(c) ? afterA : because;
        v = truthy(c) ? a : b;
        break;
      }
      case 'logic': {
        const a = ev(m.a), b = ev(m.b);
        sig.push(truthy(a) ? 1 : 0, truthy(b) ? 1 : 0);
        v = m.op === 'and' ? +(truthy(a) && truthy(b)) : m.op === 'or' ? +(truthy(a) || truthy(b)) : +(truthy(a) !== truthy(b));
        break;
      }
    }
    if (Number.isFinite(v)) magnitude = Math.max(magnitude, Math.abs(v));
    else because ??= 'infinite intermediate';
    if (v === 0 && UNDERFLOWS.has(m.k === 'fn' ? m.f : m.k === 'bin' ? m.op : '') && operandsNonZero(m)) because ??= 'underflow';
    return v;
  };
  // operands of the node just computed, re-read without recording branches (cheap: leaves or cached by the caller)
  const operandsNonZero = (m: Node): boolean => {
    const kids = m.k === 'fn' ? m.args : m.k === 'bin' ? [m.a, m.b] : [];
    const saved = sig.length;
    const ok = kids.every(k => { const x = evaluate(k, env).value; return x !== 0 && Number.isFinite(x); });
    sig.length = saved;
    return ok;
  };
  const value = ev(n);
  return { value, signature: sig, magnitude, nondifferentiable: nondiff, illConditioned, undefinedBecause: Number.isFinite(value) ? because : undefined };
}
