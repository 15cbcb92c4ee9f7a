/**
 * Symbolic partial derivatives. mathjs's `derivative(node, v, {simplify: false})` does the calculus
 * it supports (never with its default simplify: exponential on long sums, mathjs-facts.md). The
 * constructs it cannot differentiate or gets wrong are handled here by substitution and the chain
 * rule: each topmost such subtree u_k is replaced by a placeholder symbol, and
 *     d/dv F(v, u_1(v), …) = ∂F/∂v + Σ_k ∂F/∂u_k · du_k/dv
 * with ∂F/∂· from mathjs and du_k/dv from the rules below (which recurse into u_k's arguments).
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
  isSymbol,
  math,
  MathNode,
  mul,
  num,
  op,
  pow,
  sub,
  sym,
  withChildren,
} from './mathjs';
import { countNodes, isZero, tidy } from './tidy';
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
  /** Placeholder counter; placeholder names contain a space, which no parsed symbol can. */
  next: number;
}

function mathjsDerivative(n: MathNode, v: string): MathNode {
  return math.derivative(n, new math.SymbolNode(v), { simplify: false });
}

/** d n / d ctx.v as a raw (untidied) tree. */
function diff(n: MathNode, ctx: Ctx): MathNode {
  if (ctx.deadline.expired()) throw new BudgetExceeded('Differentiation');
  if (!ctx.symbols.of(n).has(ctx.v)) return num(0);
  if (isOpaque(n)) return rule(n, ctx);

  // Replace the topmost opaque subtrees by placeholders.
  const opaque: { name: string; node: MathNode }[] = [];
  const replace = (m: MathNode): MathNode => {
    if (isOpaque(m)) {
      const name = `opaque ${ctx.next++}`;
      opaque.push({ name, node: m });
      return sym(name);
    }
    const kids = children(m);
    return kids.length ? withChildren(m, kids.map(replace)) : m;
  };
  const g = replace(n);
  if (opaque.length === 0) return mathjsDerivative(n, ctx.v);

  const terms: MathNode[] = [];
  if (ctx.symbols.of(g).has(ctx.v)) terms.push(mathjsDerivative(g, ctx.v));
  for (const { name, node } of opaque) {
    if (!ctx.symbols.of(node).has(ctx.v)) continue;
    const inner = tidy(rule(node, ctx));
    if (isZero(inner)) continue;
    terms.push(mul(mathjsDerivative(g, name), inner));
  }
  const sum = terms.length === 0 ? num(0) : terms.slice(1).reduce((a, t) => add(a, t), terms[0]);
  const back = new Map(opaque.map(o => [o.name, o.node]));
  return sum.transform(m => (isSymbol(m) ? back.get(m.name) ?? m : m));
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
    const ctx: Ctx = { v, deadline, notes: new Set(), symbols: new Symbols(), next: 0 };
    const node = tidy(diff(expr, ctx));
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
