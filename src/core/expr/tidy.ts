/**
 * A linear-time, value-preserving cleanup of derivative trees: what mathjs's `simplifyCore` does,
 * without its exponential path. simplifyCore re-simplifies the first child of every `+`/`*` node
 * (the "trivial" check) so a left-deep chain of n terms costs 2^n (a 30-D Rosenbrock gradient never
 * finishes; upstream josdejong/mathjs#3698). This pass visits each node once.
 *
 * Every rewrite is exact in IEEE doubles for finite operands (x+0, x·1, x/1, x^1, x^0, −(−x),
 * pulling a sign out of a product or quotient, folding constants into a short result). 0·u and 0/u
 * become 0 only when u is known to be finite (and, for 0/u, non-zero): a literal or a variable;
 * 0·sqrt(x) stays, because it is NaN for x < 0. `c·a / (c·b)` with the same literal c becomes a / b,
 * which keeps a chain rule's large constant (log(1e308·x)′ = 1e308 / (1e308·x)) from overflowing.
 * The sign of a zero is kept wherever it can change a value: below a consumer that tells −0 from +0
 * (a divisor, a power's base, atan2, the reciprocal functions csc/cot/coth/csch/acot/acoth/acsch/
 * asech) and through the operations that pass a zero's sign on, z·0 is not folded to +0 (it is −0
 * for z < 0, and acot(−0) = −π/2), −(0) stays −0, and neither `a + 0` nor `0 − b` drops its zero.
 * Conditions (of `?:`) and the operands of comparisons and logic are not rewritten at all beyond
 * folding all-literal subtrees with the compiled code's own functions: the derivative must take the
 * branch f takes, and −0, NaN and ±∞ decide branches there.
 * The result is both what is evaluated (compile.ts) and the fallback display text.
 */
import { FUNCTIONS, OPERATORS } from './functions';
import { Budget, BudgetExceeded } from './limits';
import {
  calleeName,
  children,
  cond,
  isConditional,
  isConstant,
  isFunction,
  isOperator,
  isParenthesis,
  isSymbol,
  MathNode,
  mul,
  neg,
  num,
  op,
  withChildren,
} from './mathjs';

/** The number a node stands for when it is a literal (`3` or `-3`), else undefined. */
export function literalValue(n: MathNode): number | undefined {
  if (isConstant(n) && typeof n.value === 'number') return n.value;
  if (isOperator(n) && n.fn === 'unaryMinus' && isConstant(n.args[0]) && typeof n.args[0].value === 'number') {
    return -n.args[0].value;
  }
  return undefined;
}

export const isZero = (n: MathNode): boolean => literalValue(n) === 0;
const isOne = (n: MathNode): boolean => literalValue(n) === 1;

/** A literal node: negative values as unary minus so the text reads `-2`, never `x * -2`-style constants. */
export function literal(v: number): MathNode {
  return v < 0 || Object.is(v, -0) ? neg(num(-v)) : num(v);
}

/** Fold only when the result reads well; otherwise keep the expression (compile.ts folds it anyway). */
function foldable(v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (Number.isInteger(v)) return Math.abs(v) <= 1e15;
  return String(v).length <= 8;
}

/** `-a` → [a, true]; anything else → [n, false]. */
function splitSign(n: MathNode): [MathNode, boolean] {
  if (isOperator(n) && n.fn === 'unaryMinus' && literalValue(n) === undefined) return [n.args[0], true];
  const v = literalValue(n);
  if (v !== undefined && v < 0) return [num(-v), true];
  return [n, false];
}

const negate = (n: MathNode, negative: boolean): MathNode => {
  if (!negative) return n;
  const v = literalValue(n);
  return v !== undefined ? literal(-v) : neg(n);
};

/** Cleans `root`; asks `deadline` at every node (derivative trees can reach 10^5–10^6 nodes). */
export function tidy(root: MathNode, deadline?: Budget): MathNode {
  const tick = (): void => {
    if (deadline && deadline.expired()) throw new BudgetExceeded('Simplification');
  };
  return tidyNode(root, tick);
}

/** Operators whose operands decide a branch (their value is 0/1): operands are only folded exactly. */
const BRANCHING = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not']);

/**
 * True when `n` is finite for every finite input: a finite literal or a symbol (variables and data
 * are finite points; pi, e). Sums and products are not: they can overflow to ±∞.
 */
export function knownFinite(n: MathNode): boolean {
  if (isSymbol(n)) return true;
  const v = literalValue(n);
  return v !== undefined && Number.isFinite(v);
}

/** Exact mode: drops parentheses and folds subtrees made only of literals, nothing else. */
function exactNode(n: MathNode, tick: () => void): MathNode {
  tick();
  if (isParenthesis(n)) return exactNode(n.content, tick);
  const kids = children(n).map(k => exactNode(k, tick));
  if (isConditional(n)) {
    const c = literalValue(kids[0]);
    if (c !== undefined) return c ? kids[1] : kids[2];
    return withChildren(n, kids);
  }
  if (isFunction(n) || isOperator(n)) {
    const spec = isFunction(n) ? FUNCTIONS.get(calleeName(n) ?? '') : OPERATORS.get(n.fn);
    const values = kids.map(literalValue);
    if (spec && values.every((v): v is number => v !== undefined)) {
      const v = spec.apply(values);
      if (Number.isFinite(v)) return literal(v); // literal keeps −0 as -(0)
    }
  }
  return withChildren(n, kids);
}

/** Functions whose value differs at −0 and +0 (through 1/x): every argument position is sign-sensitive. */
const ZERO_SIGN_CONSUMERS = new Set(['csc', 'cot', 'coth', 'csch', 'acot', 'acoth', 'acsch', 'asech', 'atan2']);
/** Functions and operators that give the same value at −0 and +0: below them a zero's sign is irrelevant. */
const ZERO_SIGN_BLIND = new Set(['cos', 'cosh', 'sec', 'sech', 'exp', 'log', 'log2', 'log10', 'abs', 'square', 'acos', 'hypot']);

/** Whether the sign of a zero at child `index` of `n` can change `n`'s value (given whether `n`'s own can matter). */
function childSignMatters(n: MathNode, index: number, signMatters: boolean): boolean {
  const name = isFunction(n) ? calleeName(n) ?? '' : isOperator(n) ? n.fn : '';
  if (ZERO_SIGN_CONSUMERS.has(name)) return true;
  if ((name === 'divide' && index === 1) || (name === 'pow' && index === 0)) return true;
  return signMatters && !ZERO_SIGN_BLIND.has(name);
}

function tidyNode(n: MathNode, tick: () => void, signMatters = false): MathNode {
  tick();
  if (isParenthesis(n)) return tidyNode(n.content, tick, signMatters);
  if (isConditional(n)) {
    const c = exactNode(n.condition, tick);
    const v = literalValue(c);
    if (v !== undefined) return tidyNode(v ? n.trueExpr : n.falseExpr, tick, signMatters); // NaN and 0 are false, as in the compiled code
    return cond(c, tidyNode(n.trueExpr, tick, signMatters), tidyNode(n.falseExpr, tick, signMatters));
  }
  if (isOperator(n) && BRANCHING.has(n.fn)) return exactNode(n, tick);
  const kids = children(n).map((k, i) => tidyNode(k, tick, childSignMatters(n, i, signMatters)));
  if (isFunction(n)) {
    const spec = FUNCTIONS.get(calleeName(n) ?? '');
    const values = kids.map(literalValue);
    if (spec && values.every((v): v is number => v !== undefined)) {
      const v = spec.apply(values);
      if (foldable(v)) return literal(v);
    }
    return withChildren(n, kids);
  }
  if (!isOperator(n)) return n;

  const values = kids.map(literalValue);
  const spec = OPERATORS.get(n.fn);
  if (spec && values.every((v): v is number => v !== undefined)) {
    const v = spec.apply(values);
    if (foldable(v)) return literal(v);
  }
  switch (n.fn) {
    case 'unaryPlus':
      return kids[0];
    case 'unaryMinus': {
      const [inner, negative] = splitSign(kids[0]);
      if (isZero(inner)) return signMatters ? literal(-(literalValue(kids[0]) as number)) : num(0);
      return negative ? inner : negate(inner, true);
    }
    case 'add': {
      if (signMatters && kids.some(isZero)) return withChildren(n, kids); // −0 + 0 is +0
      const terms = kids.filter(k => !isZero(k));
      if (terms.length === 0) return num(0);
      // a + (-b) → a - b, left to right
      let acc = terms[0];
      for (const t of terms.slice(1)) {
        const [abs, negative] = splitSign(t);
        acc = negative ? op('-', 'subtract', [acc, abs]) : op('+', 'add', [acc, t]);
      }
      return acc;
    }
    case 'subtract': {
      const [a, b] = kids;
      if (isZero(b)) return a;
      const [abs, negative] = splitSign(b);
      if (isZero(a) && !signMatters) return negative ? abs : negate(abs, true); // 0 − 0 is +0, −(0) is −0
      if (isZero(a)) return withChildren(n, kids);
      return negative ? op('+', 'add', [a, abs]) : op('-', 'subtract', [a, b]);
    }
    case 'multiply': {
      if (kids.some(isZero) && kids.every(knownFinite) && !signMatters) return num(0); // z·0 is −0 for z < 0
      if (kids.some(isZero)) return withChildren(n, kids);
      // Flatten nested products (children are already tidy, so a child product is a flat chain
      // with at most one leading constant), pull every sign out, and gather the constants in front:
      // 100 * (2 * (u * (2 * x))) → 400 * u * x. Reassociation moves values by rounding only.
      let negative = false;
      let constant = 1;
      const factors: MathNode[] = [];
      const bigConstants: MathNode[] = []; // literals whose product would not read well (1e308): kept, in front
      const visit = (k: MathNode): void => {
        tick(); // flattening re-walks child chains: counted as work too
        const [abs, flip] = splitSign(k);
        negative = negative !== flip;
        const v = literalValue(abs);
        if (v !== undefined && foldable(constant * v)) constant *= v;
        else if (v !== undefined) bigConstants.push(abs);
        else if (isOperator(abs) && abs.fn === 'multiply') abs.args.forEach(visit);
        else factors.push(abs);
      };
      kids.forEach(visit);
      factors.unshift(...bigConstants);
      if (constant !== 1 || factors.length === 0) factors.unshift(num(constant));
      const product = factors.slice(1).reduce((acc, f) => mul(acc, f), factors[0]);
      return negate(product, negative);
    }
    case 'divide': {
      const [a, b] = kids;
      const bv = literalValue(b);
      if (isZero(a) && bv !== undefined && bv !== 0 && Number.isFinite(bv)) {
        return signMatters ? literal((literalValue(a) as number) / bv) : num(0);
      }
      if (isZero(a)) return withChildren(n, kids);
      const [sa, nega] = splitSign(a);
      const [sb, negb] = splitSign(b);
      const [na, nb] = cancelCommonConstant(sa, sb);
      const quotient = isOne(nb) ? na : op('/', 'divide', [na, nb]);
      return negate(quotient, nega !== negb);
    }
    case 'pow': {
      const [a, b] = kids;
      if (isOne(b)) return a;
      if (isZero(b)) return num(1); // Math.pow(anything, 0) is 1, NaN included
      return op('^', 'pow', [a, b]);
    }
    default:
      return withChildren(n, kids);
  }
}

/** Leading literal factor of a tidy product (`3 * x * y` → [3, x * y]); [undefined, n] if none. */
function leadingConstant(n: MathNode): [number | undefined, MathNode] {
  const v = literalValue(n);
  if (v !== undefined) return [v, num(1)];
  if (!isOperator(n) || n.fn !== 'multiply') return [undefined, n];
  // tidy products are left-deep chains with the constant first: ((c * a) * b) * …
  const chain: MathNode[] = [];
  let head: MathNode = n;
  while (isOperator(head) && head.fn === 'multiply' && head.args.length === 2) {
    chain.unshift(head.args[1]);
    head = head.args[0];
  }
  const c = literalValue(head);
  if (c === undefined || chain.length === 0) return [undefined, n];
  return [c, chain.slice(1).reduce((acc, f) => mul(acc, f), chain[0])];
}

/** `c·a / (c·b)` → a / b for the same literal c (exact up to rounding; avoids c·b overflowing). */
function cancelCommonConstant(a: MathNode, b: MathNode): [MathNode, MathNode] {
  const [ca, ra] = leadingConstant(a);
  const [cb, rb] = leadingConstant(b);
  if (ca === undefined || cb === undefined || ca !== cb || ca === 0 || !Number.isFinite(ca)) return [a, b];
  return [ra, rb];
}

/** Number of nodes, without recursion. */
export function countNodes(root: MathNode, limit = Infinity): number {
  let count = 0;
  const stack = [root];
  while (stack.length && count <= limit) {
    const n = stack.pop() as MathNode;
    count++;
    n.forEach(c => stack.push(c));
  }
  return count;
}
