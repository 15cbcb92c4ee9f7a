/**
 * Symbolic partial derivatives. The whole recursion (sum, product, quotient, power and chain rules)
 * and the table of elementary derivatives are ours, so that every step can check the deadline (a
 * product of 99 factors makes a Hessian entry of ~10^6 nodes) and so that no rule is taken on
 * trust: mathjs's `derivative` is not used. Its 15.2.0 table was audited against the standard
 * table (test/unit/expr/derivative-rules.test.ts); where it differs, this module says why:
 *   acoth: mathjs has −1/(1 − x²), the wrong sign; here 1/(1 − x²).
 *   abs: mathjs gives abs(u)/u, NaN at u = 0; here sign(u)·u′ (0 at the kink).
 *   cbrt, nthRoot: mathjs rewrites to u^(-2/3)/3 and u^(1/n), NaN (complex in mathjs) for u < 0 even
 *     where the root is real; here u′ / (3·cbrt(u)²) and u′ / (n·nthRoot(u, n)^(n−1)).
 *   acosh, asinh, acsch, log, log10, log2 and the quotient rule: written so that no intermediate
 *     overflows where the derivative is moderate (see CHAIN and the `divide` case).
 *   max/min/ternary/comparisons/floor/ceil/round/sign/mod/hypot/atan2/log2/log1p/expm1/square/cube:
 *     mathjs throws "Cannot process function" for them.
 * At kinks and jumps the derivative is the one of the branch the value took (a subgradient); each
 * rule that does so adds a note the panel shows. Conditions are copied from f unchanged (tidy.ts
 * never rewrites them except by exact constant folding), so the gradient takes f's branch.
 */
import { Budget, BudgetExceeded, LIMITS } from './limits';
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
  MathNode,
  mul,
  neg,
  num,
  op,
  pow,
  sub,
} from './mathjs';
import { countNodes, isZero, literalValue, tidy } from './tidy';
import { treeDepth } from './validate';

const PIECEWISE_OPERATORS = new Set(['mod', 'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not']);
const RULE_FUNCTIONS = new Set([
  'abs', 'sign', 'max', 'min', 'floor', 'ceil', 'round', 'mod', 'hypot', 'atan2', 'nthRoot',
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
  deadline: Budget;
  notes: Set<string>;
  symbols: Symbols;
}

const two = (): MathNode => num(2);
const sq = (u: MathNode): MathNode => pow(u, two());
const fn = (name: string, u: MathNode): MathNode => call(name, [u]);

/**
 * f(u)′ = f′(u)·u′ for each one-argument function, written from the standard table of derivatives
 * (not taken from mathjs: mathjs 15.2.0's table gives acoth′ = −1/(1 − x²), the wrong sign, and
 * forms that overflow). Reciprocal rules are written u′ / g(u) rather than 1/g(u) · u′ so that a
 * large constant in u′ meets the same constant in g(u) (tidy.ts cancels `c / (c · x)`), and no
 * rule squares a quantity it can avoid squaring:
 *   acosh: u′ / (√(u − 1)·√(u + 1)), not u′/√(u² − 1) (u² overflows for |u| > 1.3e154).
 *   asinh, acsch: hypot(u, 1) instead of √(u² + 1) for the same reason (display.ts shows it as √).
 *   log, log10, log2: u′ / u / ln b, not u′ / (u·ln b) (u·ln b overflows near 1e308).
 * `self` is the call node f(u) itself, reused where the derivative contains it (exp, sqrt, sec…).
 */
type ChainRule = (u: MathNode, du: MathNode, self: MathNode) => MathNode;
const CHAIN: ReadonlyMap<string, ChainRule> = new Map<string, ChainRule>([
  ['sqrt', (_u, du, self) => div(du, mul(two(), self))],
  ['exp', (_u, du, self) => mul(self, du)],
  ['expm1', (u, du) => mul(fn('exp', u), du)],
  ['log', (u, du) => div(du, u)],
  ['log10', (u, du) => div(div(du, u), fn('log', num(10)))],
  ['log2', (u, du) => div(div(du, u), fn('log', num(2)))],
  ['log1p', (u, du) => div(du, add(num(1), u))],
  ['square', (u, du) => mul(mul(two(), u), du)],
  ['cube', (u, du) => mul(mul(num(3), sq(u)), du)],
  ['cbrt', (_u, du, self) => div(du, mul(num(3), sq(self)))], // real root, also for u < 0
  ['sin', (u, du) => mul(fn('cos', u), du)],
  ['cos', (u, du) => neg(mul(fn('sin', u), du))],
  ['tan', (u, du) => mul(sq(fn('sec', u)), du)],
  ['sec', (u, du, self) => mul(mul(self, fn('tan', u)), du)],
  ['csc', (u, du, self) => neg(mul(mul(self, fn('cot', u)), du))],
  ['cot', (u, du) => neg(mul(sq(fn('csc', u)), du))],
  ['asin', (u, du) => div(du, fn('sqrt', sub(num(1), sq(u))))],
  ['acos', (u, du) => neg(div(du, fn('sqrt', sub(num(1), sq(u)))))],
  ['atan', (u, du) => div(du, add(num(1), sq(u)))],
  ['asec', (u, du) => div(du, mul(fn('abs', u), fn('sqrt', sub(sq(u), num(1)))))],
  ['acsc', (u, du) => neg(div(du, mul(fn('abs', u), fn('sqrt', sub(sq(u), num(1))))))],
  ['acot', (u, du) => neg(div(du, add(num(1), sq(u))))],
  ['sinh', (u, du) => mul(fn('cosh', u), du)],
  ['cosh', (u, du) => mul(fn('sinh', u), du)],
  ['tanh', (u, du) => mul(sq(fn('sech', u)), du)],
  ['sech', (u, du, self) => neg(mul(mul(self, fn('tanh', u)), du))],
  ['csch', (u, du, self) => neg(mul(mul(self, fn('coth', u)), du))],
  ['coth', (u, du) => neg(mul(sq(fn('csch', u)), du))],
  ['asinh', (u, du) => div(du, call('hypot', [u, num(1)]))],
  ['acosh', (u, du) => div(du, mul(fn('sqrt', sub(u, num(1))), fn('sqrt', add(u, num(1)))))],
  ['atanh', (u, du) => div(du, sub(num(1), sq(u)))],
  ['asech', (u, du) => neg(div(du, mul(u, fn('sqrt', sub(num(1), sq(u))))))],
  ['acsch', (u, du) => neg(div(du, mul(fn('abs', u), call('hypot', [u, num(1)]))))],
  // d/dx acoth x = 1/(1 − x²) on |x| > 1 (acoth x = atanh(1/x); chain rule: −1/x² · 1/(1 − 1/x²)).
  // mathjs 15.2.0 states −1/(1 − x²): the wrong sign, so an acoth term climbed instead of descending.
  // diff() writes it (u′/u)/(1/u − u) instead (see there); this entry is the table's statement.
  ['acoth', (u, du) => div(du, sub(num(1), sq(u)))],
]);

const sumOf = (terms: MathNode[]): MathNode =>
  terms.length === 0 ? num(0) : terms.slice(1).reduce((acc, t) => add(acc, t), terms[0]);
const productOf = (factors: MathNode[]): MathNode =>
  factors.length === 0 ? num(1) : factors.slice(1).reduce((acc, f) => mul(acc, f), factors[0]);

/** Structural equality of two trees (same operators, names and literal values), stopping at the first difference. */
function sameTree(a: MathNode, b: MathNode): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  const va = literalValue(a);
  if (va !== undefined || literalValue(b) !== undefined) return Object.is(va, literalValue(b));
  if (isSymbol(a)) return isSymbol(b) && a.name === b.name;
  if (isOperator(a) && (!isOperator(b) || a.fn !== b.fn)) return false;
  if (isFunction(a) && (!isFunction(b) || calleeName(a) !== calleeName(b))) return false;
  const [ka, kb] = [children(a), children(b)];
  return ka.length === kb.length && ka.every((k, i) => sameTree(k, kb[i]));
}

/**
 * a′ − b′, or 0 when the difference is identically 0 as written: two equal literals (y − y gives
 * 1 − 1) or two equal trees. Folding it here, before a chain rule multiplies it by an outer
 * derivative, keeps sqrt(y − y)′ at 0 instead of 0/0 = NaN: a derivative that is 0 symbolically
 * is 0 wherever f is finite.
 */
function difference(da: MathNode, db: MathNode): MathNode {
  const [va, vb] = [literalValue(da), literalValue(db)];
  if (va !== undefined && vb !== undefined && va === vb) return num(0);
  if (isZero(db)) return da;
  if (isZero(da)) return neg(db);
  if (va === undefined && vb === undefined && sameTree(da, db)) return num(0);
  return sub(da, db);
}

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
        return sumOf(args.filter(depends).map(a => diff(a, ctx)).filter(t => !isZero(t)));
      case 'subtract':
        return difference(diff(args[0], ctx), diff(args[1], ctx));
      case 'unaryMinus': {
        const d = diff(args[0], ctx);
        return isZero(d) ? num(0) : neg(d);
      }
      case 'unaryPlus':
        return diff(args[0], ctx);
      case 'multiply': {
        // c·Π f_i: constants stay in front; product rule over the factors that depend on v.
        const constants = args.filter(a => !depends(a));
        // 0·u is 0 wherever it is finite, so its derivative is 0 (not 0·u′, NaN where u′ = ±∞:
        // coth(0/y)′ = −csch(0)²·(0/y)′ is ∞·0).
        if (constants.some(c => literalValue(c) === 0)) return num(0);
        const factors = args.filter(depends);
        // A factor whose derivative is 0 by convention (a comparison, floor, sign…) adds no term:
        // dropping it is the piecewise convention, not a fold of 0·u (u may be NaN or ±∞).
        const derivatives = factors.map(f => diff(f, ctx));
        const terms = factors
          .map((_, i) => (isZero(derivatives[i]) ? undefined : productOf(factors.map((g, j) => (i === j ? derivatives[i] : g)))))
          .filter((t): t is MathNode => t !== undefined);
        if (terms.length === 0) return num(0);
        return productOf([...constants, sumOf(terms)]);
      }
      case 'divide': {
        const [a, b] = args;
        // 0/b is 0 wherever it is finite: derivative 0 (see multiply).
        if (literalValue(a) === 0) return num(0);
        if (!depends(b)) {
          const da = diff(a, ctx);
          return isZero(da) ? num(0) : div(da, b);
        }
        // (a/b)′ = a′/b − (a/b)·(b′/b): never b² nor a·b′, which overflow (and drop the term) for
        // |b| > 1.3e154 although each quotient is moderate.
        const bPrime = diff(b, ctx);
        const aPrime = depends(a) ? diff(a, ctx) : num(0);
        if (isZero(bPrime)) return isZero(aPrime) ? num(0) : div(aPrime, b);
        const second = mul(div(a, b), logDerivative(b, bPrime, depends, ctx));
        if (isZero(aPrime)) return neg(second);
        return sub(div(aPrime, b), second);
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
    if ((name === 'log' && args.length === 1) || name === 'log1p') {
      const soft = softplusRule(name, args[0], ctx);
      if (soft) return soft;
    }
    if (name === 'acoth' && args.length === 1 && hasConstantFactor(args[0], depends)) {
      // acoth′(u)·u′ = u′/(1 − u²) written (u′/u) / (1/u − u), with u′/u taken apart symbolically
      // (logDerivativeOf): acoth(1e308/y) has u = ±∞ for |y| < 1 (acoth = 0 there) and u′ = ∓∞,
      // so u′/(1 − u²) is ∞/∞; here −(1/y)/∞ = 0 (the derivative is 1e308/(1e616 − y²) ≈ 1e−308).
      // acoth is real only for |u| > 1, so u = 0 is outside the domain. Only for a u with a
      // constant factor (the one that can overflow); acoth(x)′ keeps the table's 1/(1 − x²).
      const ld = logDerivativeOf(args[0], depends, ctx);
      return isZero(ld) ? num(0) : div(ld, sub(div(num(1), args[0]), args[0]));
    }
    const du = diff(args[0], ctx);
    if (isZero(du)) return num(0);
    if (name === 'log' && args.length === 2) return div(div(du, args[0]), call('log', [args[1]]));
    const chain = CHAIN.get(name);
    if (!chain || args.length !== 1) throw new Error(`no derivative rule for '${name}'`);
    return chainThroughBranches(chain, args[0], du, n);
  }
  throw new Error(`cannot differentiate a ${n.type}`);
}

/**
 * f′(u)·u′ where u′ is a conditional `c ? a′ : b′` is written `c ? f′(u)·a′ : f′(u)·b′`, and a
 * branch whose derivative is 0 as written stays 0: on that branch the derivative is 0 even where
 * f′(u) is not finite (acsc′ at |u| = 1 is 1/0, and 0/0 would be NaN). Elsewhere the value is the same.
 */
function chainThroughBranches(chain: ChainRule, u: MathNode, du: MathNode, self: MathNode): MathNode {
  if (isZero(du)) return num(0);
  if (!isConditional(du)) return chain(u, du, self);
  const [t, f] = [chainThroughBranches(chain, u, du.trueExpr, self), chainThroughBranches(chain, u, du.falseExpr, self)];
  return isZero(t) && isZero(f) ? num(0) : cond(du.condition, t, f);
}

/**
 * log(a + exp(w))′ and log1p(exp(w))′ (a not depending on v) written w′ / (a·exp(−w) + 1) instead
 * of exp(w)·w′ / (a + exp(w)): the same value, but no ∞/∞ = NaN where exp(w) overflows (softplus
 * log(1 + exp(−1000·x)) at x = −1 has derivative −1000). Undefined when u has another form.
 */
function softplusRule(name: string, u: MathNode, ctx: Ctx): MathNode | undefined {
  let inner = u;
  while (isParenthesis(inner)) inner = inner.content;
  let a: MathNode = num(1);
  let e: MathNode = inner; // log1p(exp(w)): a = 1
  if (name === 'log') {
    if (!isOperator(inner) || inner.fn !== 'add' || inner.args.length !== 2) return undefined;
    const k = inner.args.findIndex(t => expArgument(t) !== undefined);
    if (k < 0) return undefined;
    [a, e] = [inner.args[1 - k], inner.args[k]];
    if (ctx.symbols.of(a).has(ctx.v)) return undefined;
  }
  const w = expArgument(e);
  if (w === undefined) return undefined;
  const dw = diff(w, ctx);
  if (isZero(dw)) return num(0);
  const scaled = literalValue(a) === 1 ? fn('exp', neg(w)) : mul(a, fn('exp', neg(w)));
  return div(dw, add(scaled, num(1)));
}

/** w when n is exp(w) (inside any parentheses), else undefined. */
function expArgument(n: MathNode): MathNode | undefined {
  let m = n;
  while (isParenthesis(m)) m = m.content;
  return isFunction(m) && calleeName(m) === 'exp' && m.args.length === 1 ? m.args[0] : undefined;
}

/** The factors of a product (nested products and parentheses flattened); [m] for a non-product. */
function factorsOf(m: MathNode): MathNode[] {
  const factors: MathNode[] = [];
  const flatten = (x: MathNode): void => {
    let n = x;
    while (isParenthesis(n)) n = n.content;
    if (isOperator(n) && n.fn === 'multiply') n.args.forEach(flatten);
    else factors.push(n);
  };
  flatten(m);
  return factors;
}

/**
 * b′/b. For a product b = K·f1·…·fk it is Σ f_i′/f_i over the factors that depend on v: the same
 * value wherever b is finite and nonzero, without the constant K, which can be ±∞ or overflow
 * (c/(asech(0)·z) has b′/b = 1/z, while b′ and b are both ±∞ there). Otherwise b′/b as written.
 */
function logDerivative(b: MathNode, bPrime: MathNode, depends: (m: MathNode) => boolean, ctx: Ctx): MathNode {
  const factors = factorsOf(b);
  if (factors.length < 2) return div(bPrime, b);
  const terms = factors.filter(depends).map(f => [f, diff(f, ctx)] as const).filter(([, d]) => !isZero(d)).map(([f, d]) => div(d, f));
  return sumOf(terms);
}

/**
 * b/a, with a factor of b equal to a cancelled (z^(x·z)′ uses x, not (x·z)/z = 0/0 at z = 0, where
 * the derivative x·(1 + log z)·z^(x·z) is ±∞ and shown as such).
 */
function quotient(b: MathNode, a: MathNode): MathNode {
  const factors = factorsOf(b);
  let bare = a;
  while (isParenthesis(bare)) bare = bare.content;
  const k = factors.findIndex(f => sameTree(f, bare));
  if (factors.length < 2 || k < 0) return div(b, a);
  return productOf(factors.filter((_, i) => i !== k));
}

/** True when u is a product or quotient (or its negation) with a factor that does not depend on v. */
function hasConstantFactor(u: MathNode, depends: (m: MathNode) => boolean): boolean {
  let n = u;
  while (isParenthesis(n)) n = n.content;
  if (!isOperator(n) || !['multiply', 'divide', 'unaryMinus'].includes(n.fn)) return false;
  return n.args.some(a => !depends(a) || hasConstantFactor(a, depends));
}

/**
 * u′/u taken apart: Σ f_i′/f_i for a product, a′/a − b′/b for a quotient, 0 for a factor that does
 * not depend on v (however large), u′/u otherwise. The same value wherever u is finite and nonzero.
 */
function logDerivativeOf(u: MathNode, depends: (m: MathNode) => boolean, ctx: Ctx): MathNode {
  let n = u;
  while (isParenthesis(n)) n = n.content;
  if (!depends(n)) return num(0);
  if (isOperator(n) && n.fn === 'unaryMinus') return logDerivativeOf(n.args[0], depends, ctx);
  if (isOperator(n) && n.fn === 'multiply') {
    return sumOf(n.args.map(f => logDerivativeOf(f, depends, ctx)).filter(t => !isZero(t)));
  }
  if (isOperator(n) && n.fn === 'divide') {
    return difference(logDerivativeOf(n.args[0], depends, ctx), logDerivativeOf(n.args[1], depends, ctx));
  }
  const d = diff(n, ctx);
  return isZero(d) ? num(0) : div(d, n);
}

/** mathjs's power rules: c^u, u^c and the general u^w = u^w·(u′·w/u + w′·log(u)). */
function powerRule(a: MathNode, b: MathNode, depends: (m: MathNode) => boolean, ctx: Ctx): MathNode {
  if (!depends(a)) {
    const base = literalValue(a);
    if (base === 0 || base === 1) return num(0); // 0^u and 1^u are constant (as mathjs)
    const db = diff(b, ctx);
    if (isZero(db)) return num(0);
    // e^u: log(e) = 1 is left out rather than shown (a symbol `e` that is not a variable is Euler's number)
    if (isSymbol(a) && a.name === 'e') return mul(pow(a, b), db);
    return mul(pow(a, b), mul(call('log', [a]), db));
  }
  const da = diff(a, ctx);
  if (!depends(b)) {
    const exponent = literalValue(b);
    if (exponent === 0) return num(0);
    if (exponent === 1 || isZero(da)) return da;
    return mul(b, mul(da, pow(a, sub(b, num(1)))));
  }
  const db = diff(b, ctx);
  const terms = [...(isZero(da) ? [] : [mul(da, quotient(b, a))]), ...(isZero(db) ? [] : [mul(db, call('log', [a]))])];
  return terms.length === 0 ? num(0) : mul(pow(a, b), sumOf(terms));
}

/** Derivatives of the opaque constructs (see the module comment). */
function rule(n: MathNode, ctx: Ctx): MathNode {
  const d = (m: MathNode): MathNode => diff(m, ctx);
  if (isConditional(n)) {
    ctx.notes.add('piecewise (?:): the derivative of the branch taken; the switch itself is not differentiated');
    const [dt, df] = [d(n.trueExpr), d(n.falseExpr)];
    return isZero(dt) && isZero(df) ? num(0) : cond(n.condition, dt, df);
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
      const da = d(a);
      return isZero(da) ? num(0) : mul(call('sign', [a]), da);
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
      // hypot(u) = |u|: sign(u)·u′, not (u/|u|)·u′, which is 0/0 where u underflows to 0
      if (args.length === 1) {
        const du = d(a);
        return isZero(du) ? num(0) : mul(call('sign', [a]), du);
      }
      // Σ (a_i / hypot(a))·a_i′: each quotient is at most 1 in size, so nothing squares a_i (a_i·a_i′
      // overflows for hypot(1e300·x) although the derivative is 1e300).
      const parts = args
        .filter(x => ctx.symbols.of(x).has(ctx.v))
        .map(x => [x, d(x)] as const)
        .filter(([, dx]) => !isZero(dx))
        .map(([x, dx]) => mul(div(x, n), dx));
      return sumOf(parts);
    }
    case 'atan2': {
      // atan2(y, x)′ = (x·y′ − y·x′) / (x² + y²), written (x/h)·(y′/h) − (y/h)·(x′/h) with
      // h = hypot(x, y), so that neither x² + y² nor x·y′ overflows where the derivative is moderate.
      const [dy, dx] = [d(a), d(b)];
      if (isZero(dy) && isZero(dx)) return num(0);
      const h = call('hypot', [b, a]);
      const first = mul(div(b, h), div(dy, h));
      const second = mul(div(a, h), div(dx, h));
      if (isZero(dx)) return first;
      return isZero(dy) ? neg(second) : sub(first, second);
    }
    case 'nthRoot': {
      const da = d(a);
      if (isZero(da)) return num(0);
      const root = args.length > 1 ? b : num(2);
      return div(da, mul(root, pow(n, sub(root, num(1)))));
    }
    default:
      throw new Error(`no derivative rule for '${name}'`);
  }
}

function modRule(a: MathNode, b: MathNode, d: (m: MathNode) => MathNode, ctx: Ctx): MathNode {
  // mod(a, b) = a − b·floor(a/b): derivative a′ − floor(a/b)·b′ away from the jumps.
  ctx.notes.add('mod jumps where a/b is an integer; derivative a′ − floor(a/b)·b′ elsewhere');
  const db = d(b);
  if (isZero(db)) return d(a);
  return difference(d(a), mul(call('floor', [div(a, b)]), db));
}

export type Derivative = { ok: true; node: MathNode; notes: string[] } | { ok: false; reason: string };

/**
 * ∂expr/∂v, tidied, or the reason it could not be had symbolically (size, time, internal failure).
 * Never throws.
 */
export function differentiate(expr: MathNode, v: string, deadline: Budget): Derivative {
  try {
    if (deadline.expired()) throw new BudgetExceeded('Differentiation');
    const size = countNodes(expr, LIMITS.maxDerivativeWork);
    if (size * treeDepth(expr) > LIMITS.maxDerivativeWork) {
      return { ok: false, reason: 'the expression is too large to differentiate symbolically' };
    }
    const ctx: Ctx = { v, deadline, notes: new Set(), symbols: new Symbols() };
    const tooLarge = { ok: false, reason: `the symbolic derivative is too large (over ${LIMITS.maxDerivativeNodes} terms)` } as const;
    const raw = diff(expr, ctx);
    // The raw tree shares subtrees (a power tower's u^w appears in its own derivative); tidy visits
    // every occurrence, so the unshared count is its cost. Counted first (cheap, bounded), so that
    // x^x^…^x gives up here instead of tidying 10^5 nodes before the size check below.
    if (countNodes(raw, LIMITS.maxDerivativeNodes) > LIMITS.maxDerivativeNodes) return tooLarge;
    const node = tidy(raw, deadline);
    if (countNodes(node, LIMITS.maxDerivativeNodes) > LIMITS.maxDerivativeNodes) return tooLarge;
    return { ok: true, node, notes: [...ctx.notes] };
  } catch (e) {
    if (e instanceof BudgetExceeded) return { ok: false, reason: 'symbolic differentiation ran out of time' };
    if (e instanceof RangeError) return { ok: false, reason: 'the expression is nested too deeply to differentiate symbolically' };
    return { ok: false, reason: `mathjs could not differentiate it (${e instanceof Error ? e.message : String(e)})` };
  }
}
