/**
 * The whitelist: every function and operator an objective may use, how many arguments it takes,
 * the JavaScript emitted for it, and the same computation as a plain function (for constant folding,
 * so a folded constant is bit-for-bit what the generated code would have computed).
 *
 * Semantics are mathjs's number semantics (lib/cjs/plain/number/*.js in mathjs 15.2.0) wherever
 * they differ from JavaScript's, with NaN where mathjs would throw or return a Complex:
 *   - mod(x, y) = x − y·floor(x/y) (sign of y; mod(−1, 3) = 2), mod(x, 0) = x.
 *   - round(x) rounds half away from zero (round(−2.5) = −3; Math.round gives −2).
 *   - nthRoot(x, n) is the real root (nthRoot(−8, 3) = −2), NaN for an even root of x < 0.
 *   - sec/csc/cot/asec/acsc/acot/sech use mathjs's formulas; csch, coth, asech, acsch and acoth are
 *     computed through the reciprocal of an accurate Math function (1/sinh, 1/tanh, acosh(1/x),
 *     asinh(1/x), atanh(1/x)): mathjs's exp/log formulas lose most digits to cancellation near 0
 *     (csch(1e−8·π) is wrong in the 9th digit) or for large |x| (acoth(1e8)).
 * Deliberate differences, documented here rather than hidden:
 *   - comparisons (<, >, <=, >=, ==, !=) and floor/ceil/round/mod are exact IEEE operations. mathjs
 *     treats values within a relative 1e−12 as equal (so mathjs floor(2.9999999999999996) = 3 and
 *     1 + 1e−13 > 1 is false); at a kink the derivative convention must follow the branch the value
 *     took, so the exact comparison is the one that keeps f and ∇f consistent.
 *   - min/max return NaN when any argument is NaN.
 * Names are looked up with Map.get, never as properties of an object, so `toString`, `constructor`
 * or `__proto__` can never resolve to something inherited.
 */

/** Runtime helpers the generated code calls by these exact names (see compile.ts). */
export const HELPERS = {
  mod: (x: number, y: number): number => (y === 0 ? x : x - y * Math.floor(x / y)),
  round: (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x)),
  nthRoot: (a: number, root: number): number => {
    // mathjs plain/number/arithmetic.js nthRootNumber, with NaN where it throws.
    const inv = root < 0;
    const r = inv ? -root : root;
    if (r === 0 || Number.isNaN(a)) return NaN; // NaN stays NaN (the ±∞ case below would give 0 for a negative root)
    if (a < 0 && Math.abs(r) % 2 !== 1) return NaN;
    if (a === 0) return inv ? Infinity : 0;
    if (!Number.isFinite(a)) return inv ? 0 : a;
    let x = Math.pow(Math.abs(a), 1 / r);
    x = a < 0 ? -x : x;
    return inv ? 1 / x : x;
  },
  // csch(±0) = ±∞, like 1/x
  csch: (x: number): number => 1 / Math.sinh(x),
  // 1/tanh: (e^2x + 1)/(e^2x − 1) is ∞/∞ = NaN for x > 355
  coth: (x: number): number => 1 / Math.tanh(x),
  // NaN outside (0, 1], where mathjs returns a Complex
  asech: (x: number): number => Math.acosh(1 / x),
  acsch: (x: number): number => Math.asinh(1 / x),
  // acoth(±∞) = 0, acoth(±1) = ±∞, NaN for |x| < 1 and for NaN
  acoth: (x: number): number => Math.atanh(1 / x),
} as const;

export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  /** JavaScript for the call, given JS expressions for the arguments (generated temporaries). */
  emit(args: readonly string[]): string;
  /** The same computation, for constant folding. */
  apply(args: readonly number[]): number;
}

const unary = (emit: (a: string) => string, apply: (a: number) => number): FunctionSpec => ({
  minArgs: 1, maxArgs: 1, emit: a => emit(a[0]), apply: a => apply(a[0]),
});
const math1 = (name: 'sqrt' | 'cbrt' | 'exp' | 'expm1' | 'log10' | 'log2' | 'log1p' | 'abs' | 'sign' | 'floor' | 'ceil'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh'): FunctionSpec =>
  unary(a => `Math.${name}(${a})`, Math[name]);
const helper1 = (name: 'round' | 'csch' | 'coth' | 'asech' | 'acsch' | 'acoth'): FunctionSpec =>
  unary(a => `${name}(${a})`, HELPERS[name]);
const variadic = (name: 'min' | 'max' | 'hypot'): FunctionSpec => ({
  minArgs: 1, maxArgs: Infinity, emit: a => `Math.${name}(${a.join(', ')})`, apply: a => Math[name](...a),
});

/** Every callable function. Anything else (import, evaluate, parse, simplify, derivative, config, …) is rejected. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ['sqrt', math1('sqrt')],
  ['cbrt', math1('cbrt')],
  ['nthRoot', {
    minArgs: 1, maxArgs: 2,
    emit: a => `nthRoot(${a[0]}, ${a.length > 1 ? a[1] : '2'})`,
    apply: a => HELPERS.nthRoot(a[0], a.length > 1 ? a[1] : 2),
  }],
  ['square', unary(a => `(${a} * ${a})`, a => a * a)],
  ['cube', unary(a => `(${a} * ${a} * ${a})`, a => a * a * a)],
  ['pow', { minArgs: 2, maxArgs: 2, emit: a => `Math.pow(${a[0]}, ${a[1]})`, apply: a => Math.pow(a[0], a[1]) }],
  ['exp', math1('exp')],
  ['expm1', math1('expm1')],
  ['log', {
    minArgs: 1, maxArgs: 2,
    emit: a => (a.length === 1 ? `Math.log(${a[0]})` : `(Math.log(${a[0]}) / Math.log(${a[1]}))`),
    apply: a => (a.length === 1 ? Math.log(a[0]) : Math.log(a[0]) / Math.log(a[1])),
  }],
  ['log10', math1('log10')],
  ['log2', math1('log2')],
  ['log1p', math1('log1p')],
  ['abs', math1('abs')],
  ['sign', math1('sign')],
  ['floor', math1('floor')],
  ['ceil', math1('ceil')],
  ['round', helper1('round')],
  ['mod', { minArgs: 2, maxArgs: 2, emit: a => `mod(${a[0]}, ${a[1]})`, apply: a => HELPERS.mod(a[0], a[1]) }],
  ['min', variadic('min')],
  ['max', variadic('max')],
  ['hypot', variadic('hypot')],
  ['sin', math1('sin')],
  ['cos', math1('cos')],
  ['tan', math1('tan')],
  ['sec', unary(a => `(1 / Math.cos(${a}))`, a => 1 / Math.cos(a))],
  ['csc', unary(a => `(1 / Math.sin(${a}))`, a => 1 / Math.sin(a))],
  ['cot', unary(a => `(1 / Math.tan(${a}))`, a => 1 / Math.tan(a))],
  ['asin', math1('asin')],
  ['acos', math1('acos')],
  ['atan', math1('atan')],
  ['asec', unary(a => `Math.acos(1 / ${a})`, a => Math.acos(1 / a))],
  ['acsc', unary(a => `Math.asin(1 / ${a})`, a => Math.asin(1 / a))],
  ['acot', unary(a => `Math.atan(1 / ${a})`, a => Math.atan(1 / a))],
  ['atan2', { minArgs: 2, maxArgs: 2, emit: a => `Math.atan2(${a[0]}, ${a[1]})`, apply: a => Math.atan2(a[0], a[1]) }],
  ['sinh', math1('sinh')],
  ['cosh', math1('cosh')],
  ['tanh', math1('tanh')],
  ['sech', unary(a => `(2 / (Math.exp(${a}) + Math.exp(-${a})))`, a => 2 / (Math.exp(a) + Math.exp(-a)))],
  ['csch', helper1('csch')],
  ['coth', helper1('coth')],
  ['asinh', math1('asinh')],
  ['acosh', math1('acosh')],
  ['atanh', math1('atanh')],
  ['asech', helper1('asech')],
  ['acsch', helper1('acsch')],
  ['acoth', helper1('acoth')],
]);

export interface OperatorSpec {
  /** Number of operands; 0 = two or more (n-ary add/multiply as mathjs's derivative may build them). */
  arity: 1 | 2 | 0;
  emit(args: readonly string[]): string;
  apply(args: readonly number[]): number;
}

const bool = (b: boolean): number => (b ? 1 : 0);
const cmp = (js: string, f: (a: number, b: number) => boolean): OperatorSpec => ({
  arity: 2, emit: a => `(${a[0]} ${js} ${a[1]} ? 1 : 0)`, apply: a => bool(f(a[0], a[1])),
});

/** Operators by mathjs `fn` name. Comparisons and logic yield 1/0 (mathjs: true/false, which it multiplies as 1/0). */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ['add', { arity: 0, emit: a => a.join(' + '), apply: a => a.reduce((s, v) => s + v) }],
  ['subtract', { arity: 2, emit: a => `${a[0]} - ${a[1]}`, apply: a => a[0] - a[1] }],
  ['multiply', { arity: 0, emit: a => a.join(' * '), apply: a => a.reduce((s, v) => s * v) }],
  ['divide', { arity: 2, emit: a => `${a[0]} / ${a[1]}`, apply: a => a[0] / a[1] }],
  // pow is emitted by compile.ts (small integer powers become multiplications); this is the general case.
  ['pow', { arity: 2, emit: a => `Math.pow(${a[0]}, ${a[1]})`, apply: a => Math.pow(a[0], a[1]) }],
  ['unaryMinus', { arity: 1, emit: a => `-${a[0]}`, apply: a => -a[0] }],
  ['unaryPlus', { arity: 1, emit: a => a[0], apply: a => a[0] }],
  ['mod', { arity: 2, emit: a => `mod(${a[0]}, ${a[1]})`, apply: a => HELPERS.mod(a[0], a[1]) }],
  ['smaller', cmp('<', (a, b) => a < b)],
  ['larger', cmp('>', (a, b) => a > b)],
  ['smallerEq', cmp('<=', (a, b) => a <= b)],
  ['largerEq', cmp('>=', (a, b) => a >= b)],
  ['equal', cmp('===', (a, b) => a === b)],
  ['unequal', cmp('!==', (a, b) => a !== b)],
  // NaN is falsy in both JavaScript and mathjs (ConditionalNode.testCondition: `!!condition`).
  ['and', { arity: 2, emit: a => `(${a[0]} && ${a[1]} ? 1 : 0)`, apply: a => bool(!!a[0] && !!a[1]) }],
  ['or', { arity: 2, emit: a => `(${a[0]} || ${a[1]} ? 1 : 0)`, apply: a => bool(!!a[0] || !!a[1]) }],
  ['xor', { arity: 2, emit: a => `(!${a[0]} !== !${a[1]} ? 1 : 0)`, apply: a => bool(!a[0] !== !a[1]) }],
  ['not', { arity: 1, emit: a => `(${a[0]} ? 0 : 1)`, apply: a => bool(!a[0]) }],
]);

/** Operators mathjs parses that an objective may not use, with the reason a person reads. */
export const REJECTED_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['factorial', "Factorial '!' is not supported"],
  ['to', "Unit conversion 'to' is not supported (units are not supported)"],
  ['ctranspose', "Transpose ' is not supported (matrices are not supported)"],
  ['transpose', "Transpose ' is not supported (matrices are not supported)"],
  ['dotMultiply', "'.*' is not supported (matrices are not supported)"],
  ['dotDivide', "'./' is not supported (matrices are not supported)"],
  ['dotPow', "'.^' is not supported (matrices are not supported)"],
  ['nullish', "'??' is not supported"],
]);

/** Symbols with a fixed value. Everything else is a variable, a data column or a declared constant. */
export const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/** Names that mathjs gives a meaning an objective cannot have; rejected as symbols. */
export const RESERVED_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['i', "'i' is the imaginary unit in mathjs and complex numbers are not supported; use another name"],
  ['Infinity', "'Infinity' is not allowed in an objective"],
  ['NaN', "'NaN' is not allowed in an objective"],
  ['null', "'null' is not a number"],
  ['undefined', "'undefined' is not a number"],
  ['true', "Booleans (true/false) are not supported; write 1 or 0"],
  ['false', "Booleans (true/false) are not supported; write 1 or 0"],
]);
