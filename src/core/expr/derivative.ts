/**
 * Symbolic partial derivatives. The recursion (sum, product, quotient, power and chain rules, in the
 * forms mathjs's `derivative` uses) is done here so that every step can check the deadline: mathjs's
 * `derivative` is synchronous and a product of 99 factors makes a Hessian entry of ~10^6 nodes.
 * mathjs supplies the elementary derivatives: `derivative(f(P), P, {simplify: false})` once per
 * function name, then P is substituted (never its default simplify: exponential on long sums,
 * mathjs-facts.md).
 *
 * Handled here rather than by mathjs:
 *   max/min/ternary/comparisons/floor/ceil/round/sign/mod/hypot/atan2/log2/log1p/expm1/square/cube:
 *     mathjs throws "Cannot process function" for them.
 *   abs: mathjs gives abs(u)/u, NaN at u = 0; here sign(u)·u′ (0 at the kink).
 *   cbrt, nthRoot: mathjs rewrites to u^(-2/3)/3 and u^(1/n), NaN (complex in mathjs) for u < 0 even
 *     where the root is real; here u′ / (3·cbrt(u)²) and u′ / (n·nthRoot(u, n)^(n−1)).
 * At kinks and jumps the derivative is the one of the branch the value took (a subgradient); each
 * rule that does so adds a note the panel shows.
 */
import { BudgetExceeded, Deadline, LIMITS } from './limits';
import {
  add,
  call,
  calleeName,
  children,
  cond,
  div,
  isConditional,
  isFunction,
  isOperator,
  isParenthesis,
  isSymbol,
  math,
  MathNode,
  mul,
  neg,
  num,
  op,
  pow,
  sub,
  sym,
} from './mathjs';
import { countNodes, literalValue, tidy } from './tidy';
import { treeDepth } from './validate';

const PIECEWISE_OPERATORS = new Set(['mod', 'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not']);
const RULE_FUNCTIONS = new Set([
  'abs', 'sign', 'max', 'min', 'floor', 'ceil', 'round', 'mod', 'hypot', 'atan2', 'log2', 'log1p', 'expm1',
  'square', 'cube', 'cbrt', 'nthRoot',
]);

/** True for the nodes whose derivative this module computes itself. */
function isOpaque(n: MathNode): boolean {
  if (isConditional(n)) return true;
  if (isOperator(n)) return PIECEWISE_OPERATORS.has(n.fn);
  if (isFunction(n)) return RULE_FUNCTIONS.has(calleeName(n) ?? '');
  return false;
}

/** Free-symbol sets per node, memoized (trees share subtrees after differentiation). */
class Symbols {
  private readonly cache = new WeakMap<MathNode, ReadonlySet<string>>();
  of(n: MathNode): ReadonlySet<string> {
    const hit = this.cache.get(n);
    if (hit) return hit;
    let result: ReadonlySet<string>;
    if (isSymbol(n)) result = new Set([n.name]);
    else {
      const kids = children(n);
      if (kids.length === 1) result = this.of(kids[0]);
      else {
        const s = new Set<string>();
        for (const k of kids) for (const name of this.of(k)) s.add(name);
        result = s;
      }
    }
    this.cache.set(n, result);
    return result;
  }
}

interface Ctx {
  v: string;
  deadline: Deadline;
  notes: Set<string>;
  symbols: Symbols;
}

/** Placeholder argument names: they contain a space, which no parsed symbol can. */
const placeholder = (k: number): string => `arg ${k}`;

/**
 * d name(P0, P1, …)/dP0 from mathjs's table of elementary derivatives, as a tree in the placeholders,
 * cached per name and arity. mathjs differentiates one function application at a time here, so
 * every recursion step is ours (deadline checked per node) and mathjs never walks a large tree.
 */
const localRules = new Map<string, MathNode>();
function localDerivative(name: string, args: readonly MathNode[]): MathNode {
  const key = `${name}/${args.length}`;
  let rule = localRules.get(key);
  if (!rule) {
    const call0 = call(name, args.map((_, k) => sym(placeholder(k))));
    rule = math.derivative(call0, new math.SymbolNode(placeholder(0)), { simplify: false });
    localRules.set(key, rule);
  }
  const bound = new Map(args.map((a, k) => [placeholder(k), a]));
  return rule.transform(m => (isSymbol(m) ? bound.get(m.name) ?? m : m));
}

const sumOf = (terms: MathNode[]): MathNode =>
  terms.length === 0 ? num(0) : terms.slice(1).reduce((acc, t) => add(acc, t), terms[0]);
const productOf = (factors: MathNode[]): MathNode =>
  factors.length === 0 ? num(1) : factors.slice(1).reduce((acc, f) => mul(acc, f), factors[0]);

/** d n / d ctx.v as a raw (untidied) tree: sum, product, quotient and power rules as mathjs states them. */
function diff(n: MathNode, ctx: Ctx): MathNode {
  if (ctx.deadline.expired()) throw new BudgetExceeded('Differentiation');
  const depends = (m: MathNode): boolean => ctx.symbols.of(m).has(ctx.v);
  if (!depends(n)) return num(0);
  if (isSymbol(n)) return num(1);
  if (isParenthesis(n)) return diff(n.content, ctx);
  if (isOpaque(n)) return rule(n, ctx);
  if (isOperator(n)) {
    const args = n.args;
    switch (n.fn) {
      case 'add':
        return sumOf(args.filter(depends).map(a => diff(a, ctx)));
      case 'subtract':
        return sub(diff(args[0], ctx), diff(args[1], ctx));
      case 'unaryMinus':
        return neg(diff(args[0], ctx));
      case 'unaryPlus':
        return diff(args[0], ctx);
      case 'multiply': {
        // c·Π f_i: constants stay in front; product rule over the factors that depend on v.
        const constants = args.filter(a => !depends(a));
        const factors = args.filter(depends);
        const terms = factors.map((f, i) => productOf(factors.map((g, j) => (i === j ? diff(f, ctx) : g))));
        return productOf([...constants, sumOf(terms)]);
      }
      case 'divide': {
        const [a, b] = args;
        if (!depends(b)) return div(diff(a, ctx), b);
        const bPrime = diff(b, ctx);
        if (!depends(a)) return mul(neg(a), div(bPrime, pow(b, num(2))));
        return div(sub(mul(diff(a, ctx), b), mul(a, bPrime)), pow(b, num(2)));
      }
      case 'pow':
        return powerRule(args[0], args[1], depends, ctx);
      default:
        throw new Error(`no derivative rule for operator '${n.op}'`);
    }
  }
  if (isFunction(n)) {
    const name = calleeName(n) ?? '';
    const args = n.args;
    if (name === 'pow') return powerRule(args[0], args[1], depends, ctx);
    if (name === 'log' && args.length === 2 && depends(args[1])) {
      return diff(div(call('log', [args[0]]), call('log', [args[1]])), ctx);
    }
    // f(u, c…)′ = f′(u, c…)·u′ (extra arguments are constants: log's base)
    return mul(localDerivative(name, args), diff(args[0], ctx));
  }
  throw new Error(`cannot differentiate a ${n.type}`);
}

/** mathjs's power rules: c^u, u^c and the general u^w = u^w·(u′·w/u + w′·log(u)). */
function powerRule(a: MathNode, b: MathNode, depends: (m: MathNode) => boolean, ctx: Ctx): MathNode {
  if (!depends(a)) {
    const base = literalValue(a);
    if (base === 0 || base === 1) return num(0); // 0^u and 1^u are constant (as mathjs)
    return mul(pow(a, b), mul(call('log', [a]), diff(b, ctx)));
  }
  if (!depends(b)) {
    const exponent = literalValue(b);
    if (exponent === 0) return num(0);
    if (exponent === 1) return diff(a, ctx);
    return mul(b, mul(diff(a, ctx), pow(a, sub(b, num(1)))));
  }
  return mul(pow(a, b), add(mul(diff(a, ctx), div(b, a)), mul(diff(b, ctx), call('log', [a]))));
}

/** Derivatives of the opaque constructs (see the module comment). */
function rule(n: MathNode, ctx: Ctx): MathNode {
  const d = (m: MathNode): MathNode => diff(m, ctx);
  if (isConditional(n)) {
    ctx.notes.add('piecewise (?:): the derivative of the branch taken; the switch itself is not differentiated');
    return cond(n.condition, d(n.trueExpr), d(n.falseExpr));
  }
  if (isOperator(n)) {
    if (n.fn === 'mod') return modRule(n.args[0], n.args[1], d, ctx);
    ctx.notes.add('comparisons and logic are piecewise constant: derivative 0');
    return num(0);
  }
  const name = isFunction(n) ? calleeName(n) ?? '' : '';
  const args = isFunction(n) ? n.args : [];
  const [a, b] = args;
  switch (name) {
    case 'abs':
      ctx.notes.add('abs: derivative sign(u)·u′, taken as 0 where u = 0');
      return mul(call('sign', [a]), d(a));
    case 'sign':
    case 'floor':
    case 'ceil':
    case 'round':
      ctx.notes.add(`${name} is piecewise constant: derivative 0 (undefined at its jumps)`);
      return num(0);
    case 'max':
    case 'min': {
      ctx.notes.add(`${name}: derivative of the ${name === 'max' ? 'largest' : 'smallest'} argument (the first one on ties)`);
      // max(a1..ak)' = max(a1..ak-1) >= ak ? max(a1..ak-1)' : ak'
      let best = args[0];
      let derivative = d(args[0]);
      for (let k = 1; k < args.length; k++) {
        const test = op(name === 'max' ? '>=' : '<=', name === 'max' ? 'largerEq' : 'smallerEq', [best, args[k]]);
        derivative = cond(test, derivative, d(args[k]));
        best = call(name, args.slice(0, k + 1));
      }
      return derivative;
    }
    case 'mod':
      return modRule(a, b, d, ctx);
    case 'hypot': {
      // (Σ a_i a_i′) / hypot(a)
      const parts = args.map(x => mul(x, d(x)));
      return div(parts.slice(1).reduce((s, p) => add(s, p), parts[0]), n);
    }
    case 'atan2': // atan2(y, x)′ = (x·y′ − y·x′) / (x² + y²)
      return div(sub(mul(b, d(a)), mul(a, d(b))), add(pow(b, num(2)), pow(a, num(2))));
    case 'log2':
      return div(d(a), mul(a, call('log', [num(2)])));
    case 'log1p':
      return div(d(a), add(num(1), a));
    case 'expm1':
      return mul(call('exp', [a]), d(a));
    case 'square':
      return mul(mul(num(2), a), d(a));
    case 'cube':
      return mul(mul(num(3), pow(a, num(2))), d(a));
    case 'cbrt':
      return div(d(a), mul(num(3), pow(n, num(2))));
    case 'nthRoot': {
      const root = args.length > 1 ? b : num(2);
      return div(d(a), mul(root, pow(n, sub(root, num(1)))));
    }
    default:
      throw new Error(`no derivative rule for '${name}'`);
  }
}

function modRule(a: MathNode, b: MathNode, d: (m: MathNode) => MathNode, ctx: Ctx): MathNode {
  // mod(a, b) = a − b·floor(a/b): derivative a′ − floor(a/b)·b′ away from the jumps.
  ctx.notes.add('mod jumps where a/b is an integer; derivative a′ − floor(a/b)·b′ elsewhere');
  return sub(d(a), mul(call('floor', [div(a, b)]), d(b)));
}

export type Derivative = { ok: true; node: MathNode; notes: string[] } | { ok: false; reason: string };

/**
 * ∂expr/∂v, tidied, or the reason it could not be had symbolically (size, time, internal failure).
 * Never throws.
 */
export function differentiate(expr: MathNode, v: string, deadline: Deadline): Derivative {
  try {
    const size = countNodes(expr, LIMITS.maxDerivativeWork);
    if (size * treeDepth(expr) > LIMITS.maxDerivativeWork) {
      return { ok: false, reason: 'the expression is too large to differentiate symbolically' };
    }
    const ctx: Ctx = { v, deadline, notes: new Set(), symbols: new Symbols() };
    const node = tidy(diff(expr, ctx), deadline);
    if (countNodes(node, LIMITS.maxDerivativeNodes) > LIMITS.maxDerivativeNodes) {
      return { ok: false, reason: `the symbolic derivative is too large (over ${LIMITS.maxDerivativeNodes} terms)` };
    }
    return { ok: true, node, notes: [...ctx.notes] };
  } catch (e) {
    if (e instanceof BudgetExceeded) return { ok: false, reason: 'symbolic differentiation ran out of time' };
    if (e instanceof RangeError) return { ok: false, reason: 'the expression is nested too deeply to differentiate symbolically' };
    return { ok: false, reason: `mathjs could not differentiate it (${e instanceof Error ? e.message : String(e)})` };
  }
}
