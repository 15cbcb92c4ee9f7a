/**
 * The clean-up pass for display texts, after simplification: what a person would write by hand.
 *   - constants folded (`3 * 7 / 3 * x` → `7 * x`), exact fractions kept as fractions (`2 * x / 3`),
 *     short decimals kept as decimals (`x * 1.35079e+5 / 50000` → `2.70158 * x`);
 *   - no `1 *`, `* 1`, `/ 1`, `^ 1`; one sign in front (`x * -1 / 5` → `-x / 5`);
 *   - like terms of a sum gathered (`t + t` → `2 * t`), `a + -b` → `a - b`;
 *   - `u ^ -1` → `1 / u`, `u ^ 0.5` → `sqrt(u)`, `hypot(u, 1)` → `sqrt(u ^ 2 + 1)`;
 *   - factors common to every term of a sum pulled out, or the sum multiplied out into monomials,
 *     when that saves operations;
 *   - logistic forms with a positive exponent (`exp(-u) / (exp(-u) + 1)` → `1 / (exp(u) + 1)`);
 *   - `2 * sin(a) * cos(a)` → `sin(2 * a)` (even coefficients only).
 * Every rewrite is an identity of real numbers but not always of IEEE doubles (rounding, or
 * overflow in `u ^ 2 + 1`), so a polished form is only ever shown after display.ts has checked its
 * values against the evaluated tree. Linear in the size of the tree except for the like-term
 * gathering, which compares printed terms of one sum.
 */
import { FUNCTIONS, OPERATORS } from './functions';
import {
  add,
  call,
  calleeName,
  children,
  div,
  isConditional,
  isConstant,
  isFunction,
  isOperator,
  isParenthesis,
  isSymbol,
  MathNode,
  mul,
  neg,
  nodeKey,
  num,
  pow,
  sub,
  withChildren,
} from './mathjs';
import { literalValue } from './tidy';

/** Value of a subtree made only of number literals and whitelisted operations; undefined otherwise. */
function constantValue(n: MathNode): number | undefined {
  if (isConstant(n)) return typeof n.value === 'number' ? n.value : undefined;
  if (isParenthesis(n)) return constantValue(n.content);
  if (isOperator(n) || isFunction(n)) {
    const spec = isOperator(n) ? OPERATORS.get(n.fn) : FUNCTIONS.get(calleeName(n) ?? '');
    if (!spec) return undefined;
    const values = n.args.map(constantValue);
    if (!values.every((v): v is number => v !== undefined)) return undefined;
    return spec.apply(values);
  }
  return undefined;
}

/**
 * The value of a number literal, or of a constant subtree whose value reads well (`3 * 7 / 3`,
 * `1.35079e+5 / 50000`); undefined for anything else, including `log(10)` or `sqrt(2)`, which
 * read better as written than as 0.4342944819032518.
 */
function niceConstant(m: MathNode): number | undefined {
  const v = constantValue(m);
  if (v === undefined || !Number.isFinite(v)) return undefined;
  if (isConstant(m) || literalValue(m) !== undefined) return v;
  return isNiceNumber(Math.abs(v)) ? v : undefined;
}

function isNiceNumber(abs: number): boolean {
  return Number.isInteger(abs) || shortDecimal(abs) !== undefined || (fraction(abs)?.[1] ?? Infinity) <= 10_000;
}

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/** A short decimal as a person writes it (`2.70158`, `0.25`), or undefined. */
function shortDecimal(v: number): string | undefined {
  const s = String(v);
  return /e/i.test(s) || s.replace('-', '').length > 9 ? undefined : s;
}

/** v as an exact fraction p/q (q > 0) with small terms, found by continued fractions; else undefined. */
function fraction(v: number): [number, number] | undefined {
  if (!Number.isFinite(v)) return undefined;
  if (Number.isInteger(v)) return Math.abs(v) <= 2 ** 53 ? [v, 1] : undefined;
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let x = Math.abs(v);
  for (let i = 0; i < 20; i++) {
    const a = Math.floor(x);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > 100_000 || h1 > 2 ** 40) return undefined;
    if (h1 / k1 === Math.abs(v)) return [Math.sign(v) * h1, k1];
    const rest = x - a;
    if (rest === 0) return undefined;
    x = 1 / rest;
  }
  return undefined;
}

/** A positive number as nodes: integer, small fraction `p / q`, short decimal (a fraction when `exact`: from integer literals). */
function numberNode(v: number, exact = false): MathNode {
  const [top, q] = coefficientParts(v, exact ? fraction(v) : undefined);
  const p = top ?? num(1);
  return q === 1 ? p : div(p, num(q));
}

const isOneNode = (n: MathNode): boolean => literalValue(n) === 1;

/** A product as sign · coefficient · numerator factors / denominator factors. */
interface Product {
  negative: boolean;
  /** Coefficient as an exact fraction when the literals are integers, else as a float. */
  p: number;
  q: number;
  float?: number;
  numerator: MathNode[];
  denominator: MathNode[];
}

function splitProduct(n: MathNode): Product {
  const prod: Product = { negative: false, p: 1, q: 1, numerator: [], denominator: [] };
  const scale = (v: number, inDenominator: boolean): void => {
    if (v < 0 || Object.is(v, -0)) {
      prod.negative = !prod.negative;
      v = -v;
    }
    if (prod.float === undefined && Number.isInteger(v) && v <= 2 ** 31) {
      if (inDenominator) prod.q *= v;
      else prod.p *= v;
      const g = gcd(prod.p, prod.q) || 1;
      prod.p /= g;
      prod.q /= g;
      if (prod.p > 2 ** 45 || prod.q > 2 ** 45) prod.float = prod.p / prod.q;
    } else {
      const base = prod.float ?? prod.p / prod.q;
      prod.float = inDenominator ? base / v : base * v;
    }
  };
  const visit = (m: MathNode, inDenominator: boolean): void => {
    if (isParenthesis(m)) return visit(m.content, inDenominator);
    const v = niceConstant(m);
    if (v !== undefined && v !== 0) {
      // a ratio of integer literals stays exact (21 / 5, not 4.2)
      const f = !Number.isInteger(v) && integerLiterals(m) ? fraction(v) : undefined;
      if (f === undefined) return scale(v, inDenominator);
      scale(f[0], inDenominator);
      return scale(f[1], !inDenominator);
    }
    if (isOperator(m)) {
      if (m.fn === 'multiply') return m.args.forEach(a => visit(a, inDenominator));
      if (m.fn === 'divide') {
        visit(m.args[0], inDenominator);
        visit(m.args[1], !inDenominator);
        return;
      }
      if (m.fn === 'unaryMinus') {
        prod.negative = !prod.negative;
        return visit(m.args[0], inDenominator);
      }
      if (m.fn === 'unaryPlus') return visit(m.args[0], inDenominator);
    }
    (inDenominator ? prod.denominator : prod.numerator).push(m);
  };
  visit(n, false);
  return prod;
}

const productOf = (factors: MathNode[]): MathNode | undefined =>
  factors.length === 0 ? undefined : factors.slice(1).reduce((acc, f) => mul(acc, f), factors[0]);

/**
 * How a positive coefficient reads: an integer; a fraction with a small denominator (`2 * x / 3`,
 * `x / 2`); a short decimal (`2.70158 * x`, as the person wrote it); else a larger fraction or the
 * decimal. Returns the numerator node (undefined for 1) and the denominator (1 for none).
 */
function coefficientParts(value: number, exact?: [number, number]): [MathNode | undefined, number] {
  const f = exact ?? fraction(value);
  if (f && f[1] === 1) return [f[0] === 1 ? undefined : num(f[0]), 1];
  // a product of decimals the person wrote reads as a decimal (2 · 7.5625 → 15.125, not 121 / 8)
  if (!exact && shortDecimal(value) !== undefined) return [num(value), 1];
  if (f && f[1] <= 100) return [f[0] === 1 ? undefined : num(f[0]), f[1]];
  if (shortDecimal(value) !== undefined || !f || f[1] > 10_000) return [num(value), 1];
  return [f[0] === 1 ? undefined : num(f[0]), f[1]];
}

/**
 * Gathers equal factors into powers and cancels them across the fraction bar: `D * D` → `D ^ 2`,
 * `y * y ^ 2` → `y ^ 3`, `exp(a) * u / exp(a)` → `u` (equal only where the factor is finite and
 * non-zero; the value check in display.ts decides whether the form is shown).
 */
function gatherPowers(prod: Product): void {
  const exponents = new Map<string, { base: MathNode; k: number }>();
  const order: string[] = [];
  const add = (m: MathNode, sign: number): void => {
    let base = m;
    let k = 1;
    if (isOperator(m) && m.fn === 'pow') {
      const e = literalValue(m.args[1]);
      if (e !== undefined && Number.isInteger(e)) {
        base = m.args[0];
        k = e;
      }
    }
    const key = nodeKey(base);
    const hit = exponents.get(key);
    if (hit) hit.k += sign * k;
    else {
      exponents.set(key, { base, k: sign * k });
      order.push(key);
    }
  };
  prod.numerator.forEach(m => add(m, 1));
  prod.denominator.forEach(m => add(m, -1));
  const power = (base: MathNode, k: number): MathNode => (k === 1 ? base : pow(base, num(k)));
  prod.numerator = [];
  prod.denominator = [];
  for (const key of order) {
    const { base, k } = exponents.get(key) as { base: MathNode; k: number };
    if (k > 0) prod.numerator.push(power(base, k));
    else if (k < 0) prod.denominator.push(power(base, -k));
  }
}

/** [base, k] of `base ^ k` for a literal integer k ≥ 1; [m, 1] otherwise. */
function powerParts(m: MathNode): [MathNode, number] {
  if (isOperator(m) && m.fn === 'pow') {
    const e = literalValue(m.args[1]);
    if (e !== undefined && Number.isInteger(e) && e >= 1) return [m.args[0], e];
  }
  return [m, 1];
}

/** The argument of a one-argument call to `name`, else undefined. */
const callArg = (m: MathNode, name: string): MathNode | undefined =>
  isFunction(m) && calleeName(m) === name && m.args.length === 1 ? m.args[0] : undefined;

/**
 * The logistic form with a positive exponent: exp(−B)^m / (exp(−B) + 1)^k → exp(B)^(k−m) / (exp(B) + 1)^k
 * for 1 ≤ m ≤ k (numerator and denominator times exp(k·B)): `exp(-x) / (exp(-x) + 1)` → `1 / (exp(x) + 1)`;
 * with m = 0, only next to an (exp(B) + 1) already in the denominator, which it then joins:
 * `1 / ((exp(-x) + 1) * (exp(x) + 1))` → `exp(x) / (exp(x) + 1) ^ 2`.
 * Equal where exp(B) does not overflow; the value check in display.ts decides.
 */
function positiveLogistic(prod: Product): void {
  let changed = false;
  prod.denominator.forEach((d, j) => {
    const [sum, k] = powerParts(d);
    if (!isOperator(sum) || sum.fn !== 'add' || sum.args.length !== 2) return;
    const [e, one] = isOneNode(sum.args[1]) ? sum.args : [sum.args[1], sum.args[0]];
    const exponent = callArg(e, 'exp');
    if (!isOneNode(one) || exponent === undefined) return;
    const inner = splitProduct(exponent);
    if (!inner.negative) return;
    const key = nodeKey(e);
    const i = prod.numerator.findIndex(m => nodeKey(powerParts(m)[0]) === key);
    const m = i < 0 ? 0 : powerParts(prod.numerator[i])[1];
    if (m > k) return;
    inner.negative = false;
    const flipped = call('exp', [buildProduct(inner)]);
    const base = add(flipped, num(1));
    if (m === 0) {
      const partner = nodeKey(base);
      if (!prod.denominator.some(o => nodeKey(powerParts(o)[0]) === partner)) return;
    }
    const rest = k - m;
    const numerator = rest === 1 ? flipped : pow(flipped, num(rest));
    if (i < 0) prod.numerator.push(numerator);
    else if (rest === 0) prod.numerator.splice(i, 1);
    else prod.numerator[i] = numerator;
    prod.denominator[j] = k === 1 ? base : pow(base, num(k));
    changed = true;
  });
  if (changed) gatherPowers(prod);
}

/**
 * c·sin(A)·cos(A) → (c/2)·sin(2·A) for an exact even coefficient c (fewer operations, no new
 * fraction): `6 * cos(3 * pi * x) * pi * sin(3 * pi * x)` → `3 * sin(6 * pi * x) * pi`.
 */
function doubleAngle(prod: Product): void {
  if (prod.float !== undefined || prod.p % 2 !== 0) return;
  const i = prod.numerator.findIndex(m => callArg(m, 'sin') !== undefined);
  if (i < 0) return;
  const angle = callArg(prod.numerator[i], 'sin') as MathNode;
  const key = nodeKey(angle);
  const j = prod.numerator.findIndex(m => {
    const c = callArg(m, 'cos');
    return c !== undefined && nodeKey(c) === key;
  });
  if (j < 0) return;
  prod.p /= 2;
  const doubled = call('sin', [buildProduct(splitProduct(mul(num(2), angle)))]);
  const first = Math.min(i, j);
  prod.numerator[first] = doubled;
  prod.numerator.splice(Math.max(i, j), 1);
}

/**
 * −c · s^k → c · (−s)^k for a sum s and an odd k (k = 1 too) when −s has no more operations than s:
 * `-4 * (7 - x) ^ 3` → `4 * (x - 7) ^ 3`, `-2 * (1 - x)` → `2 * (x - 1)`.
 */
function signIntoSum(prod: Product): void {
  if (!prod.negative) return;
  for (let i = 0; i < prod.numerator.length; i++) {
    const [base, k] = powerParts(prod.numerator[i]);
    if (k % 2 === 0 || !isSum(base)) continue;
    const flipped = gatherSum(neg(base), false);
    if (countOperations(flipped) > countOperations(base)) continue;
    prod.numerator[i] = k === 1 ? flipped : pow(flipped, num(k));
    prod.negative = false;
    return;
  }
}

/** Rebuilds sign · coefficient · N / D as `-2 * x / (3 * y)`, `-x / 5`, `2.70158 * x`. */
function buildProduct(prod: Product): MathNode {
  gatherPowers(prod);
  signIntoSum(prod);
  positiveLogistic(prod);
  doubleAngle(prod);
  const value = prod.float ?? prod.p / prod.q;
  const [top0, q] = coefficientParts(value, prod.float === undefined ? [prod.p, prod.q] : undefined);
  const numerator = [...(top0 ? [top0] : []), ...prod.numerator].filter(f => !isOneNode(f));
  const denominator = [...(q !== 1 ? [num(q)] : []), ...prod.denominator].filter(f => !isOneNode(f));
  let top = productOf(numerator) ?? num(1);
  if (prod.negative) {
    // the sign goes on the leading factor: -2 * x, -x * y, -(x + 1) * y
    const [first, ...rest] = numerator.length ? numerator : [num(1)];
    const v = literalValue(first);
    const signed = v !== undefined ? num(-v) : neg(first);
    top = productOf([signed, ...rest]) as MathNode;
  }
  const bottom = productOf(denominator);
  return bottom === undefined ? top : div(top, bottom);
}

/** One signed term of a sum: coefficient (as a float) times `rest` (undefined for a pure number). */
interface Term {
  coefficient: number;
  /** The coefficient is an exact ratio of integers the person wrote (not a product of decimals). */
  exact: boolean;
  rest?: MathNode;
  key: string;
  node: MathNode;
}

function splitTerm(t: MathNode, negative: boolean): Term {
  const prod = splitProduct(t);
  const sign = prod.negative !== negative ? -1 : 1;
  const value = prod.float ?? prod.p / prod.q;
  const restProduct: Product = { negative: false, p: 1, q: 1, numerator: prod.numerator, denominator: prod.denominator };
  const rest = prod.numerator.length || prod.denominator.length ? buildProduct(restProduct) : undefined;
  return { coefficient: sign * value, exact: prod.float === undefined, rest, key: rest ? nodeKey(rest) : '', node: t };
}

/**
 * The polished sum: as written, with `c * (a + b)` distributed over its terms, or with the factors
 * common to every term pulled out; the one with the fewest operations (the first on ties).
 */
function polishSum(n: MathNode, reshape = true): MathNode {
  const kept = gatherSum(n, false);
  const distributed = gatherSum(n, true);
  let best = countOperations(distributed) < countOperations(kept) ? distributed : kept;
  if (!reshape) return best;
  const factored = commonFactor(best);
  if (factored !== undefined && countOperations(factored) < countOperations(best)) best = factored;
  const expanded = expand(n);
  if (expanded !== undefined && countOperations(expanded) < countOperations(best)) best = expanded;
  // multiplied out, then factored: 2t(2.7t − 1.7) + 2.7t² → 8.1t² − 3.4t → t(8.1t − 3.4)
  const expandedFactored = expanded !== undefined ? commonFactor(expanded) : undefined;
  if (expandedFactored !== undefined && countOperations(expandedFactored) < countOperations(best)) best = expandedFactored;
  return best;
}

/** A polynomial over atoms (symbols, calls, anything not + − · or a small power): monomial key → term. */
type Poly = Map<string, { c: number; factors: Map<string, { atom: MathNode; k: number }> }>;

/** Most terms an expansion may reach before it is abandoned (a person would not read more). */
const MAX_EXPANDED_TERMS = 24;

function monomialKey(factors: Map<string, { atom: MathNode; k: number }>): string {
  return [...factors.keys()].sort().map(k => `${k}^${(factors.get(k) as { k: number }).k}`).join('*');
}

function polyOf(n: MathNode, depth = 0): Poly | undefined {
  if (depth > 40) return undefined;
  const single = (c: number, atom?: MathNode): Poly => {
    const factors = new Map<string, { atom: MathNode; k: number }>();
    if (atom) factors.set(nodeKey(atom), { atom, k: 1 });
    return new Map([[monomialKey(factors), { c, factors }]]);
  };
  const v = niceConstant(n);
  if (v !== undefined) return single(v);
  if (isParenthesis(n)) return polyOf(n.content, depth + 1);
  if (isOperator(n)) {
    const [a, b] = n.args;
    switch (n.fn) {
      case 'add':
      case 'subtract': {
        const [pa, pb] = [polyOf(a, depth + 1), polyOf(b, depth + 1)];
        return pa && pb ? addPoly(pa, pb, n.fn === 'add' ? 1 : -1) : undefined;
      }
      case 'unaryMinus': {
        const pa = polyOf(a, depth + 1);
        return pa && addPoly(new Map(), pa, -1);
      }
      case 'multiply': {
        const [pa, pb] = [polyOf(a, depth + 1), polyOf(b, depth + 1)];
        return pa && pb ? mulPoly(pa, pb) : undefined;
      }
      case 'divide': {
        const c = niceConstant(b);
        if (c === undefined || c === 0) break;
        const pa = polyOf(a, depth + 1);
        return pa && mulPoly(pa, single(1 / c));
      }
      case 'pow': {
        const k = literalValue(b);
        if (k === undefined || !Number.isInteger(k) || k < 1 || k > 6) break;
        const pa = polyOf(a, depth + 1);
        if (!pa) return undefined;
        if (pa.size === 1) {
          // a monomial to a power: powers of its factors
          const [{ c, factors }] = pa.values();
          const raised = new Map([...factors].map(([key, f]) => [key, { atom: f.atom, k: f.k * k }]));
          return new Map([[monomialKey(raised), { c: c ** k, factors: raised }]]);
        }
        let acc: Poly | undefined = pa;
        for (let i = 1; i < k && acc; i++) acc = mulPoly(acc, pa);
        return acc;
      }
      default:
        break;
    }
  }
  return single(1, n);
}

function addPoly(a: Poly, b: Poly, sign: number): Poly | undefined {
  const out: Poly = new Map([...a].map(([k, t]) => [k, { c: t.c, factors: t.factors }]));
  for (const [k, t] of b) {
    const hit = out.get(k);
    if (hit) hit.c += sign * t.c;
    else out.set(k, { c: sign * t.c, factors: t.factors });
  }
  return out.size > MAX_EXPANDED_TERMS ? undefined : out;
}

function mulPoly(a: Poly, b: Poly): Poly | undefined {
  if (a.size * b.size > MAX_EXPANDED_TERMS * 4) return undefined;
  const out: Poly = new Map();
  for (const s of a.values()) {
    for (const t of b.values()) {
      const factors = new Map([...s.factors].map(([key, f]) => [key, { atom: f.atom, k: f.k }]));
      for (const [key, f] of t.factors) {
        const hit = factors.get(key);
        if (hit) hit.k += f.k;
        else factors.set(key, { atom: f.atom, k: f.k });
      }
      const key = monomialKey(factors);
      const hit = out.get(key);
      if (hit) hit.c += s.c * t.c;
      else out.set(key, { c: s.c * t.c, factors });
    }
  }
  return out.size > MAX_EXPANDED_TERMS ? undefined : out;
}

/**
 * The sum multiplied out into monomials with like terms gathered (`(4 - 2.1 * x ^ 2) * x ^ 2 + …` →
 * `2 * x ^ 5 - 8.4 * x ^ 3 + …`), highest degree first; undefined when it is not a polynomial in
 * its atoms or would have more than MAX_EXPANDED_TERMS terms. Coefficients are rounded to 12
 * significant digits (4.2 + 4.2 reads 8.4); the value check in display.ts still decides.
 */
function expand(n: MathNode): MathNode | undefined {
  const poly = polyOf(n);
  if (!poly) return undefined;
  const degree = (t: { factors: Map<string, { k: number }> }): number => [...t.factors.values()].reduce((s, f) => s + f.k, 0);
  const terms = [...poly.entries()]
    .filter(([, t]) => t.c !== 0 && Number.isFinite(t.c))
    .sort(([ka, a], [kb, b]) => degree(b) - degree(a) || (ka < kb ? -1 : ka > kb ? 1 : 0));
  if (terms.length === 0) return num(0);
  // coefficients from integer literals only are exact fractions (42 / 5); from decimals, decimals (8.4)
  const integersOnly = integerLiterals(n);
  let acc: MathNode | undefined;
  for (const [, t] of terms) {
    const c = Number(Math.abs(t.c).toPrecision(12));
    const factors = [...t.factors.values()].map(f => (f.k === 1 ? f.atom : pow(f.atom, num(f.k))));
    const f = integersOnly ? fraction(c) : undefined;
    const term = buildProduct(f ? { negative: false, p: f[0], q: f[1], numerator: factors, denominator: [] } : { negative: false, p: 1, q: 1, float: c, numerator: factors, denominator: [] });
    acc = acc === undefined ? (t.c < 0 ? negateLeading(term) : term) : t.c < 0 ? sub(acc, term) : add(acc, term);
  }
  return gatherSum(acc as MathNode, false);
}

/** Whether every number literal in `n` is an integer. */
function integerLiterals(n: MathNode): boolean {
  if (isConstant(n)) return typeof n.value !== 'number' || Number.isInteger(n.value);
  return children(n).every(integerLiterals);
}

/** The signed top-level terms of a sum. */
function sumTerms(n: MathNode): { node: MathNode; negative: boolean }[] {
  const out: { node: MathNode; negative: boolean }[] = [];
  const visit = (m: MathNode, negative: boolean): void => {
    if (isParenthesis(m)) return visit(m.content, negative);
    if (isOperator(m) && m.fn === 'add') return m.args.forEach(a => visit(a, negative));
    if (isOperator(m) && m.fn === 'subtract') {
      visit(m.args[0], negative);
      visit(m.args[1], !negative);
      return;
    }
    out.push({ node: m, negative });
  };
  visit(n, false);
  return out;
}

/**
 * Factors every term of a sum shares, pulled out in front: `c * E * s + 2 * k * c * E * t` →
 * `c * E * (s + 2 * k * t)` (a factor counts with the lowest power it has in any term, numerator
 * and denominator alike). Undefined when the terms share nothing.
 */
function commonFactor(sum: MathNode): MathNode | undefined {
  const terms = sumTerms(sum);
  if (terms.length < 2 || terms.length > 64) return undefined;
  type Powers = Map<string, { base: MathNode; k: number }>;
  const prods = terms.map(t => {
    const prod = splitProduct(t.node);
    gatherPowers(prod);
    if (t.negative) prod.negative = !prod.negative;
    const powers: Powers = new Map();
    const note = (m: MathNode, sign: number): void => {
      const [base, k] = powerParts(m);
      const key = nodeKey(base);
      const hit = powers.get(key);
      if (hit) hit.k += sign * k;
      else powers.set(key, { base, k: sign * k });
    };
    prod.numerator.forEach(m => note(m, 1));
    prod.denominator.forEach(m => note(m, -1));
    return { prod, powers };
  });
  const common: Powers = new Map();
  for (const [key, { base, k }] of prods[0].powers) {
    let shared = k;
    for (const { powers } of prods.slice(1)) {
      const other = powers.get(key)?.k ?? 0;
      if (Math.sign(other) !== Math.sign(shared)) shared = 0;
      else shared = Math.sign(shared) * Math.min(Math.abs(shared), Math.abs(other));
    }
    if (shared !== 0) common.set(key, { base, k: shared });
  }
  // a numeric factor every term shares: the gcd of exact coefficients (`4 * x + 4 * y` → `4 * (x + y)`),
  // and the sign when every term is negative
  const exact = prods.every(({ prod }) => prod.float === undefined);
  const g = exact ? prods.reduce((acc, { prod }) => gcd(acc, prod.p), 0) || 1 : 1;
  const d = exact ? prods.reduce((acc, { prod }) => gcd(acc, prod.q), 0) || 1 : 1;
  const negative = prods.every(({ prod }) => prod.negative);
  if (common.size === 0 && g === 1 && d === 1 && !negative) return undefined;
  const power = (base: MathNode, k: number): MathNode => (k === 1 ? base : pow(base, num(k)));
  let inner: MathNode | undefined;
  for (const { prod: signed, powers } of prods) {
    const prod = { ...signed, negative: signed.negative !== negative };
    const rest: Product = { negative: false, p: prod.p / g, q: prod.q / d, float: prod.float, numerator: [], denominator: [] };
    for (const [key, { base, k }] of powers) {
      const left = k - (common.get(key)?.k ?? 0);
      if (left > 0) rest.numerator.push(power(base, left));
      else if (left < 0) rest.denominator.push(power(base, -left));
    }
    const term = buildProduct(rest);
    inner = inner === undefined ? (prod.negative ? negateLeading(term) : term) : prod.negative ? sub(inner, term) : add(inner, term);
  }
  const outer: Product = { negative, p: g, q: d, numerator: [], denominator: [] };
  for (const { base, k } of common.values()) {
    if (k > 0) outer.numerator.push(power(base, k));
    else outer.denominator.push(power(base, -k));
  }
  outer.numerator.push(polishSum(inner as MathNode, false));
  return buildProduct(outer);
}

function gatherSum(n: MathNode, distribute: boolean): MathNode {
  const terms: { node: MathNode; negative: boolean }[] = [];
  const visit = (m: MathNode, negative: boolean): void => {
    if (isParenthesis(m)) return visit(m.content, negative);
    if (distribute && isOperator(m) && (m.fn === 'multiply' || m.fn === 'divide' || m.fn === 'unaryMinus')) {
      // c * (a + b - d) → c * a + c * b - c * d, for a numeric c (and (a + b) / c)
      const prod = splitProduct(m);
      const [only] = prod.numerator;
      if (prod.numerator.length === 1 && prod.denominator.length === 0 && isOperator(only) && (only.fn === 'add' || only.fn === 'subtract')) {
        const c = num(prod.float ?? prod.p / prod.q);
        const inner: { node: MathNode; negative: boolean }[] = [];
        const collect = (t: MathNode, neg: boolean): void => {
          if (isOperator(t) && t.fn === 'add') return t.args.forEach(a => collect(a, neg));
          if (isOperator(t) && t.fn === 'subtract') {
            collect(t.args[0], neg);
            collect(t.args[1], !neg);
            return;
          }
          inner.push({ node: mul(c, t), negative: neg !== (negative !== prod.negative) });
        };
        collect(only, false);
        terms.push(...inner);
        return;
      }
    }
    if (isOperator(m) && m.fn === 'add') return m.args.forEach(a => visit(a, negative));
    if (isOperator(m) && m.fn === 'subtract') {
      visit(m.args[0], negative);
      visit(m.args[1], !negative);
      return;
    }
    if (isOperator(m) && m.fn === 'unaryMinus' && isOperator(m.args[0]) && (m.args[0].fn === 'add' || m.args[0].fn === 'subtract')) {
      return visit(m.args[0], !negative);
    }
    terms.push({ node: m, negative });
  };
  visit(n, false);
  // gather like terms (same printed rest), keeping the order of first appearance
  const byKey = new Map<string, Term>();
  const order: string[] = [];
  for (const t of terms) {
    const term = splitTerm(t.node, t.negative);
    const hit = byKey.get(term.key);
    if (hit) {
      hit.coefficient += term.coefficient;
      hit.exact &&= term.exact;
    }
    else {
      byKey.set(term.key, term);
      order.push(term.key);
    }
  }
  const kept = order.map(k => byKey.get(k) as Term).filter(t => t.coefficient !== 0);
  if (kept.length === 0) return num(0);
  // a constant term goes last (y - 1, not -1 + y), as people write polynomials, unless that would
  // put a minus sign first where a positive constant can lead (1 - x, 4 - 4 * t)
  const constant = kept.filter(t => t.rest === undefined);
  const others = kept.filter(t => t.rest !== undefined);
  const ordered = others.length && others[0].coefficient < 0 && constant.some(t => t.coefficient > 0) ? [...constant, ...others] : [...others, ...constant];
  // no minus sign in front when a term is positive: it leads instead (2 * x3 - x2, not -x2 + 2 * x3)
  const firstPositive = ordered.findIndex(t => t.coefficient > 0);
  if (firstPositive > 0) ordered.unshift(...ordered.splice(firstPositive, 1));
  const magnitude = (t: Term): MathNode => {
    const c = Math.abs(t.coefficient);
    if (t.rest === undefined) return numberNode(c, t.exact);
    const prod = splitProduct(t.rest);
    const f = t.exact && prod.float === undefined ? fraction(c) : undefined;
    if (f) {
      // exact stays exact (x / 2, 2 * x / 3); decimals stay decimals
      const [p, q] = [f[0] * prod.p, f[1] * prod.q];
      const g = gcd(p, q) || 1;
      [prod.p, prod.q] = [p / g, q / g];
    } else prod.float = c * (prod.float ?? prod.p / prod.q);
    prod.negative = false;
    return buildProduct(prod);
  };
  let acc: MathNode | undefined;
  for (const t of ordered) {
    const m = magnitude(t);
    if (acc === undefined) acc = t.coefficient < 0 ? negateLeading(m) : m;
    else acc = t.coefficient < 0 ? sub(acc, m) : add(acc, m);
  }
  return acc as MathNode;
}

/** −m with the sign on the leading factor (`-2 * x`, `-x / 5`). */
function negateLeading(m: MathNode): MathNode {
  const prod = splitProduct(m);
  prod.negative = !prod.negative;
  return buildProduct(prod);
}

/** The clean-up pass (see the module comment). Returns a new tree; the input is not modified. */
export function polish(n: MathNode): MathNode {
  return polishNode(n, false);
}

const isSum = (m: MathNode): boolean => isOperator(m) && (m.fn === 'add' || m.fn === 'subtract');

/**
 * `partOfSum`: n is a left part of a longer +/− chain, whose whole is factored or expanded once at
 * its top (factoring `2 * x - 400 * x * u` inside `2 * x - 400 * x * u - 2` would split the sum).
 */
function polishNode(n: MathNode, partOfSum: boolean): MathNode {
  if (isParenthesis(n)) return polishNode(n.content, false);
  if (isConstant(n) || isSymbol(n)) {
    const v = literalValue(n);
    return v !== undefined && v < 0 ? neg(numberNode(-v)) : n;
  }
  const value = constantValue(n);
  if (value !== undefined && Number.isFinite(value)) {
    const abs = Math.abs(value);
    const exact = integerLiterals(n);
    if (isNiceNumber(abs)) return value < 0 || Object.is(value, -0) ? neg(numberNode(abs, exact)) : numberNode(abs, exact);
    // a constant with no short form (log(10), sqrt(2)) stays as written
  }
  const kids = children(n).map(k => polishNode(k, isSum(n) && isSum(k)));
  const m = withChildren(n, kids);
  if (isConditional(m)) {
    // a constant condition picks its branch (NaN and 0 are false, as in the compiled code);
    // equal branches make the condition irrelevant
    const c = constantValue(m.condition);
    if (c !== undefined) return c ? m.trueExpr : m.falseExpr;
    if (nodeKey(m.trueExpr) === nodeKey(m.falseExpr)) return m.trueExpr;
    return m;
  }
  if (isOperator(m)) {
    switch (m.fn) {
      case 'add':
      case 'subtract':
        return polishSum(m, !partOfSum);
      case 'multiply':
      case 'divide':
      case 'unaryMinus':
        if (isOperator(m.args[0]) && m.fn === 'unaryMinus' && (m.args[0].fn === 'add' || m.args[0].fn === 'subtract')) {
          return polishSum(m);
        }
        return numberTimesSum(m);
      case 'unaryPlus':
        return m.args[0];
      case 'pow': {
        const [a, b] = m.args;
        const e = literalValue(b) ?? constantValue(b);
        if (e === 1) return a;
        if (e === 0) return num(1);
        if (e === -1) return div(num(1), a);
        if (e === 0.5) return call('sqrt', [a]);
        if (e === undefined) return m;
        // (2x − 2)² → 4(x − 1)²: a number common to the terms of a sum comes out of its power
        const content = isSum(a) ? numericContent(a) : undefined;
        return coefficientOutOfPower(content ?? a, e) ?? m;
      }
      default:
        return m;
    }
  }
  if (isFunction(m) && calleeName(m) === 'hypot' && m.args.length === 2 && isOneNode(m.args[1])) {
    return call('sqrt', [add(pow(m.args[0], num(2)), num(1))]);
  }
  return m;
}

/** `c * (s)` for a sum whose terms share the number c ≠ 1 (or are all negative): `2 * x - 2` → `2 * (x - 1)`; else undefined. */
function numericContent(sum: MathNode): MathNode | undefined {
  const f = commonFactor(sum);
  if (f === undefined) return undefined;
  const prod = splitProduct(f);
  return prod.numerator.length === 1 && prod.denominator.length === 0 && isSum(prod.numerator[0]) ? f : undefined;
}

/**
 * A product; a number times a sum is multiplied out when that has fewer operations
 * (`-(8 * x - 8) / 2` → `4 - 4 * x`; `200 * (y - x ^ 2)` stays).
 */
function numberTimesSum(m: MathNode): MathNode {
  const prod = splitProduct(m);
  const built = buildProduct(prod);
  const [only] = prod.numerator;
  if (prod.numerator.length === 1 && prod.denominator.length === 0 && isSum(only)) {
    const distributed = gatherSum(m, true);
    return countOperations(distributed) < countOperations(built) ? distributed : built;
  }
  // the number goes into the one sum among the factors when that saves its operation:
  // 0.5 * t * (10.8 * t - 5.2) → t * (5.4 * t - 2.6)
  const sums = prod.numerator.filter(isSum);
  const value = prod.float ?? prod.p / prod.q;
  if (sums.length !== 1 || value === 1) return built;
  const coefficient = buildProduct({ negative: false, p: prod.p, q: prod.q, float: prod.float, numerator: [], denominator: [] });
  const inner = gatherSum(mul(coefficient, sums[0]), true);
  const moved = buildProduct({ ...prod, p: 1, q: 1, float: undefined, numerator: prod.numerator.map(f => (f === sums[0] ? inner : f)) });
  return countOperations(moved) < countOperations(built) ? moved : built;
}

/**
 * (c · u) ^ k → c^k · u^k for a numeric c and an integer k ≥ 2 when c^k reads well (`(2 * x) ^ 4`
 * → `16 * x ^ 4`, `(x / 3) ^ 2` → `x ^ 2 / 9`, `(-2 * x) ^ 2` → `4 * x ^ 2`); undefined otherwise.
 */
function coefficientOutOfPower(base: MathNode, k: number): MathNode | undefined {
  if (!Number.isInteger(k) || k < 2 || k > 12) return undefined;
  const prod = splitProduct(base);
  const value = prod.float ?? prod.p / prod.q;
  if ((value === 1 && !prod.negative) || prod.numerator.length + prod.denominator.length === 0) return undefined;
  const exact = prod.float === undefined && Number.isSafeInteger(prod.p ** k) && Number.isSafeInteger(prod.q ** k);
  // a float rounded to 12 significant digits, as expand() does (1.1 ^ 2 reads 1.21)
  const raised = exact ? prod.p ** k / prod.q ** k : Number((value ** k).toPrecision(12));
  if (!(exact ? (prod.q ** k <= 10_000) : isNiceNumber(raised))) return undefined;
  const raise = (f: MathNode): MathNode => {
    const [u, j] = powerParts(f);
    return pow(u, num(j * k));
  };
  const out: Product = {
    negative: prod.negative && k % 2 === 1,
    p: exact ? prod.p ** k : 1,
    q: exact ? prod.q ** k : 1,
    ...(exact ? {} : { float: raised }),
    numerator: prod.numerator.map(raise),
    denominator: prod.denominator.map(raise),
  };
  return buildProduct(out);
}

/**
 * Operation count of a tree, as computer-algebra systems count it (each operator or call is one,
 * a negative literal one), plus 3 for each long decimal literal.
 */
export function countOperations(n: MathNode): number {
  let count = 0;
  const stack = [n];
  while (stack.length) {
    const m = stack.pop() as MathNode;
    if (isOperator(m)) count += Math.max(1, m.args.length - 1);
    else if (isFunction(m)) count += 1;
    else if (m.type === 'ConditionalNode') count += 1;
    else if (isConstant(m) && typeof m.value === 'number') {
      if (m.value < 0) count += 1;
      // a long decimal (0.43429448190325176 for 1/log(10)) costs a reader as much as a few operations
      if (String(Math.abs(m.value)).length > 10) count += 3;
    }
    stack.push(...children(m));
  }
  return count;
}
