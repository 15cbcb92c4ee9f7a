/**
 * Expression tree → mathjs text, with the host language's meaning: its functions and constants
 * (`np.exp`, `Math.PI`, `x.powi(2)`, Julia's `log(b, x)`), its indexing (`x[1]` → a variable `x1`),
 * its update operators (`--t` in JavaScript is t − 1 everywhere after it), and explicit sums over
 * lists or comprehensions with literal bounds. Anything without a sure meaning is refused with a
 * reason: the hover then shows nothing.
 */
import { FUNCTIONS, RESERVED_SYMBOLS } from '../../expr/functions';
import { unicodeName } from '../unicode';
import { BinaryOp, Expr } from './ast';

export type HostLanguage = 'python' | 'javascript' | 'go' | 'rust' | 'julia' | 'r' | 'matlab' | 'c' | 'text';

export interface Scope {
  language: HostLanguage;
  /** Names the code binds where the formula stands: parameters, assignment targets, loop variables. */
  bound: ReadonlySet<string>;
  /** Bare names that stand for π or e because the file imports them (`from math import pi`, `use …::consts::PI`). */
  importedConstants?: ReadonlyMap<string, string>;
  /** Names bound once in the file to a value without variables (`PI = Math.PI`, `#define HALF 0.5`): mathjs text of the value. */
  constants?: ReadonlyMap<string, string>;
  /** Names bound to a maths function of a module (`var pow = Math.pow`): the qualified name. */
  aliases?: ReadonlyMap<string, string>;
  /** Names that hold arrays where the formula stands (Python): a formula reading one whole is no scalar function. */
  arrays?: ReadonlySet<string>;
}

export type Translation =
  | { ok: true; text: string; renamed: Record<string, string>; variables: string[]; operations: number }
  | { ok: false; reason: string };

class Refusal {
  constructor(readonly reason: string) {}
}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

// Printing precedence, as mathjs parses (lowest first).
const COND = 1;
const OR = 2;
const AND = 3;
const CMP = 4;
const ADD = 5;
const MUL = 6;
const UNARY = 7;
const POW = 8;
const ATOM = 9;

interface Printed {
  s: string;
  p: number;
}
const atom = (s: string): Printed => ({ s, p: ATOM });
const wrap = (x: Printed, min: number): string => (x.p < min ? `(${x.s})` : x.s);

/** Module prefixes whose functions are the usual maths functions. */
const MODULES = new Set([
  'math', 'np', 'numpy', 'torch', 'jnp', 'jax.numpy', 'jax.nn', 'Math', 'tf', 'tf.math', 'scipy.special', 'special',
  'cmath', 'std', 'f64', 'f32', 'std.f64', 'std.f32', 'Base', 'Base.Math', 'F', 'torch.nn.functional', 'nn',
]);

const CONSTANTS: ReadonlyMap<string, string> = new Map([
  ['math.pi', 'pi'], ['np.pi', 'pi'], ['numpy.pi', 'pi'], ['torch.pi', 'pi'], ['jnp.pi', 'pi'], ['Math.PI', 'pi'],
  ['math.Pi', 'pi'], ['M_PI', 'pi'], ['consts::PI', 'pi'], ['MathConstants.pi', 'pi'], ['std::numbers::pi', 'pi'],
  ['math.e', 'e'], ['np.e', 'e'], ['numpy.e', 'e'], ['torch.e', 'e'], ['jnp.e', 'e'], ['Math.E', 'e'], ['math.E', 'e'],
  ['M_E', 'e'], ['consts::E', 'e'], ['std::numbers::e', 'e'],
  ['math.tau', '2 * pi'], ['np.tau', '2 * pi'], ['consts::TAU', '2 * pi'],
  ['Math.SQRT2', 'sqrt(2)'], ['Math.LN2', 'log(2)'], ['Math.LN10', 'log(10)'], ['M_SQRT2', 'sqrt(2)'],
  ['Math.SQRT1_2', 'sqrt(0.5)'], ['Math.LOG2E', '1 / log(2)'], ['Math.LOG10E', '1 / log(10)'],
  // C's math.h
  ['M_PI_2', 'pi / 2'], ['M_PI_4', 'pi / 4'], ['M_1_PI', '1 / pi'], ['M_2_PI', '2 / pi'], ['M_2_SQRTPI', '2 / sqrt(pi)'],
  ['M_SQRT1_2', 'sqrt(0.5)'], ['M_LN2', 'log(2)'], ['M_LN10', 'log(10)'], ['M_LOG2E', '1 / log(2)'], ['M_LOG10E', '1 / log(10)'],
]);

/** Host function name (module prefix removed) → mathjs function, for one-to-one renames. */
const RENAMED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['fabs', 'abs'], ['arcsin', 'asin'], ['arccos', 'acos'], ['arctan', 'atan'], ['arctan2', 'atan2'],
  ['arcsinh', 'asinh'], ['arccosh', 'acosh'], ['arctanh', 'atanh'], ['power', 'pow'], ['float_power', 'pow'],
  ['powf', 'pow'], ['fmin', 'min'], ['fmax', 'max'], ['minimum', 'min'], ['maximum', 'max'], ['fmod', ''],
  ['signum', 'sign'], ['ln', 'log'], ['ln_1p', 'log1p'], ['exp_m1', 'expm1'], ['log1pf', 'log1p'],
]);

/** Maths functions whose name keeps its meaning under any module prefix (`d2l.sin`, `lib.exp`). */
const COMMON_MATHS = new Set(['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan',
  'asin', 'acos', 'atan', 'log1p', 'expm1', 'log2', 'log10']);

/** Objects whose `log`, `exp`… are no maths functions (loggers, the receiver of a method). */
const NOT_MATHS_OBJECTS = /^(?:self|this|cls|console|logger|logging|log|window|document|app|req|res|ctx|context|api|client|server)$/i;

/** Where `round` is half away from zero like mathjs (elsewhere it rounds half to even, or half up in JavaScript). */
const ROUND_AWAY_FROM_ZERO = new Set<HostLanguage>(['c', 'matlab', 'rust', 'go', 'text']);

const MAX_TERMS = 100;

interface Env {
  scope: Scope;
  root: Expr;
  /** Comprehension variables bound to a literal value while a sum is expanded. */
  subst: Map<string, number>;
  /** JavaScript/C update operators: each updated variable's current value (in evaluation order). */
  shift: Map<string, Printed>;
  renamed: Record<string, string>;
  /** Every plain name the expression reads (for clashes with generated names like x1). */
  names: ReadonlySet<string>;
  variables: Set<string>;
  operations: number;
  /** Inside the condition of a conditional, where `and`/`or`/`not` give a truth value. */
  condition: boolean;
}

/** Translates `e` to mathjs text, or refuses with a reason. Never throws. */
export function translate(e: Expr, scope: Scope): Translation {
  const env: Env = {
    scope, root: e, subst: new Map(), shift: new Map(), renamed: {}, names: collectNames(e), variables: new Set(), operations: 0, condition: false,
  };
  try {
    if (isCondition(e)) refuse('a condition, not a formula');
    const out = tr(e, env);
    return { ok: true, text: out.s, renamed: env.renamed, variables: [...env.variables], operations: env.operations };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.reason };
    return { ok: false, reason: `internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function isCondition(e: Expr): boolean {
  if (e.k === 'chain') return true;
  if (e.k === 'unary') return e.op === 'not';
  return e.k === 'bin' && ['<', '>', '<=', '>=', '==', '!=', 'and', 'or'].includes(e.op);
}

function collectNames(e: Expr, out = new Set<string>()): Set<string> {
  if (e.k === 'name') out.add(e.n);
  for (const c of childrenOf(e)) collectNames(c, out);
  return out;
}

function childrenOf(e: Expr): Expr[] {
  switch (e.k) {
    case 'unary': return [e.a];
    case 'bin': return [e.a, e.b];
    case 'chain': return e.items;
    case 'cond': return [e.c, e.a, e.b];
    case 'call': return [e.f, ...e.args];
    case 'attr': return [e.o];
    case 'index': return [e.o, ...e.idx];
    case 'update': return [e.a];
    case 'assign': return [{ k: 'name', n: e.target }, e.value];
    case 'list': return e.items;
    case 'gen': return [e.body, e.iter];
    case 'range': return [e.from, e.to];
    default: return [];
  }
}

/** `np.exp` → 'np.exp', `std::f64::consts::PI` → 'std::f64::consts::PI'; undefined for anything else. */
export function qualifiedName(e: Expr): string | undefined {
  if (e.k === 'name') return e.n;
  if (e.k === 'attr') {
    const o = qualifiedName(e.o);
    return o === undefined ? undefined : `${o}.${e.n}`;
  }
  return undefined;
}

function constantFor(q: string): string | undefined {
  const direct = CONSTANTS.get(q);
  if (direct) return direct;
  const colon = q.lastIndexOf('consts.');
  if (colon >= 0) return CONSTANTS.get(`consts::${q.slice(colon + 7)}`);
  return undefined;
}

/** Module part and member of a qualified name when the module is a known maths namespace. */
function moduleMember(q: string): string | undefined {
  const dot = q.lastIndexOf('.');
  if (dot < 0) return undefined;
  const mod = q.slice(0, dot);
  return MODULES.has(mod) ? q.slice(dot + 1) : undefined;
}

/** Whether `q` (e.g. `Math.pow`, `np.exp`) names a function of a maths module. */
export function isMathsFunctionName(q: string): boolean {
  return moduleMember(q) !== undefined && constantFor(q) === undefined;
}

function variableName(n: string, env: Env): string {
  const original = n;
  let out = unicodeName(n);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(out)) refuse(`the name ${original} has no mathjs spelling`);
  // A variable whose mathjs name would mean something else (e, pi, i, a whitelisted function).
  if (out === 'e' || out === 'pi' || RESERVED_SYMBOLS.has(out) || FUNCTIONS.has(out)) {
    out = `${out}_`;
    if (env.names.has(out)) refuse(`${out} is also a name here`);
  }
  if (out !== original) env.renamed[out] = original;
  env.variables.add(out);
  return out;
}

/** Objects of the host language whose fields are no variables (`Number.EPSILON`, `sys.float_info`). */
const HOST_GLOBALS = new Set(['Number', 'Math', 'math', 'np', 'numpy', 'torch', 'sys', 'float', 'Float64', 'f64', 'f32', 'std', 'window',
  'console', 'Infinity', 'Double', 'Float', 'Integer', 'self', 'this']);

const HOST_NON_NUMBERS = new Set(['True', 'False', 'None', 'true', 'false', 'null', 'undefined', 'nothing', 'missing',
  'NaN', 'NA', 'Inf', 'inf', 'Infinity', 'nil', 'TRUE', 'FALSE', 'NULL']);

function readName(n: string, env: Env): Printed {
  const sub = env.subst.get(n);
  if (sub !== undefined) return sub < 0 ? { s: String(sub), p: UNARY } : atom(String(sub));
  if (HOST_NON_NUMBERS.has(n)) refuse(`${n} is not a number`);
  if (env.scope.arrays?.has(n)) refuse(`${n} is an array`);
  const lang = env.scope.language;
  const constant = env.scope.constants?.get(n);
  if (constant !== undefined) return { s: constant, p: /^[\w.]+$/.test(constant) ? ATOM : /^-[\w.]+$/.test(constant) ? UNARY : ADD };
  const imported = env.scope.importedConstants?.get(n);
  if (imported && !env.scope.bound.has(n)) return { s: imported, p: imported.includes(' ') ? MUL : ATOM };
  // π and ℯ are the constants in Julia and in text; `pi` is built in for Julia, R, MATLAB and text.
  if ((n === 'π' || n === 'ℯ') && !env.scope.bound.has(n)) return atom(n === 'π' ? 'pi' : 'e');
  if (n === 'pi' && !env.scope.bound.has(n) && ['julia', 'r', 'matlab', 'text'].includes(lang)) return atom('pi');
  if (n === 'e' && lang === 'text') return atom('e');
  const q = constantFor(n);
  if (q && !env.scope.bound.has(n)) return { s: q, p: q.includes(' ') ? MUL : ATOM };
  const current = env.shift.get(n);
  if (current) return current;
  return atom(variableName(n, env));
}

function numberText(v: number): Printed {
  if (!Number.isFinite(v)) refuse('a number too large');
  const s = String(v);
  return v < 0 ? { s, p: UNARY } : atom(s);
}

function tr(e: Expr, env: Env): Printed {
  switch (e.k) {
    case 'num':
      return numberText(e.v);
    case 'name':
      return readName(e.n, env);
    case 'bad':
      return refuse(e.why);
    case 'unary': {
      if (e.op === 'not' && !env.condition) return refuse('a logical not inside arithmetic');
      if (e.op === 'not') return { s: `not ${wrap(tr(e.a, env), UNARY)}`, p: UNARY };
      const a = tr(e.a, env);
      if (e.op === '+') return a;
      env.operations++;
      return { s: `-${wrap(a, UNARY)}`, p: UNARY };
    }
    case 'bin':
      return binary(e.op, e.a, e.b, env);
    case 'chain': {
      const parts: string[] = [];
      const items = e.items.map(x => tr(x, env));
      for (let i = 0; i < e.ops.length; i++) parts.push(`${wrap(items[i], CMP + 1)} ${e.ops[i]} ${wrap(items[i + 1], CMP + 1)}`);
      return { s: parts.map(p => `(${p})`).join(' and '), p: AND };
    }
    case 'cond': {
      const outer = env.condition;
      env.condition = true;
      const c = tr(e.c, env);
      env.condition = outer;
      const a = tr(e.a, env);
      const b = tr(e.b, env);
      env.operations++;
      return { s: `${wrap(c, COND + 1)} ? ${wrap(a, COND + 1)} : ${wrap(b, COND + 1)}`, p: COND };
    }
    case 'call':
      return call(e, env);
    case 'attr': {
      const q = qualifiedName(e);
      if (q === undefined) return refuse('a field of a computed value');
      const c = constantFor(q);
      if (c) return { s: c, p: c.includes(' ') ? MUL : ATOM };
      if (moduleMember(q) !== undefined) return refuse(`${q} is not a number this reader knows`);
      if (e.o.k !== 'name') return refuse(`the field ${q}`);
      if (HOST_GLOBALS.has(e.o.n)) return refuse(`${q} is not a number this reader knows`);
      // A field of a plain object (`p.x`) is a variable of its own, named so it can be told apart.
      const generated = `${unicodeName(e.o.n)}_${unicodeName(e.n)}`;
      if (env.names.has(generated) || env.scope.bound.has(generated)) refuse(`${generated} is also a name here`);
      env.renamed[generated] = q;
      env.variables.add(generated);
      return atom(generated);
    }
    case 'index':
      return indexed(e, env);
    case 'update': {
      if (e.a.k !== 'name') return refuse('an update of something other than a variable');
      const lang = env.scope.language;
      if (lang !== 'javascript' && lang !== 'c') return refuse(`${e.op} is not an expression here`);
      if (lang === 'c' && countReads(e.a.n, env) > 1) return refuse(`${e.op}${e.a.n} and another read of ${e.a.n} are unsequenced in C`);
      const before = readName(e.a.n, env);
      const after: Printed = { s: `${wrap(before, ADD)} ${e.op === '++' ? '+' : '-'} 1`, p: ADD };
      env.shift.set(e.a.n, after);
      env.operations++;
      return e.prefix ? after : before;
    }
    case 'assign': {
      if (env.scope.language !== 'javascript') return refuse('an assignment inside an expression');
      const before = readName(e.target, env);
      const v = tr(e.value, env);
      const after: Printed = e.op === '+' || e.op === '-'
        ? { s: `${wrap(before, ADD)} ${e.op} ${wrap(v, e.op === '-' ? ADD + 1 : ADD)}`, p: ADD }
        : { s: `${wrap(before, MUL)} ${e.op} ${wrap(v, e.op === '/' ? MUL + 1 : MUL)}`, p: MUL };
      env.shift.set(e.target, after);
      env.operations++;
      return after;
    }
    case 'list':
      return refuse('a list (vectors are not supported)');
    case 'gen':
      return refuse('a comprehension outside sum(…)');
    case 'range':
      return refuse('a range outside sum(…)');
  }
}

function countReads(n: string, env: Env): number {
  let count = 0;
  const walk = (x: Expr): void => {
    if (x.k === 'name' && x.n === n) count++;
    for (const c of childrenOf(x)) walk(c);
  };
  walk(env.root);
  return count;
}

function binary(op: BinaryOp, ea: Expr, eb: Expr, env: Env): Printed {
  // Python's and/or give one of their operands, JavaScript's &&/|| too: only a condition reads them as logic.
  if ((op === 'and' || op === 'or') && !env.condition) refuse(`${op} inside arithmetic`);
  const a = tr(ea, env);
  const b = tr(eb, env);
  env.operations++;
  switch (op) {
    case '+':
      return { s: `${wrap(a, ADD)} + ${wrap(b, ADD)}`, p: ADD };
    case '-':
      return { s: `${wrap(a, ADD)} - ${wrap(b, ADD + 1)}`, p: ADD };
    case '*':
      return { s: `${wrap(a, MUL)} * ${wrap(b, MUL)}`, p: MUL };
    case '/':
      return { s: `${wrap(a, MUL)} / ${wrap(b, MUL + 1)}`, p: MUL };
    case '^':
      return { s: `${wrap(a, POW + 1)} ^ ${wrap(b, POW)}`, p: POW };
    case 'mod':
      return atom(`mod(${a.s}, ${b.s})`);
    case 'and':
      return { s: `${wrap(a, AND + 1)} and ${wrap(b, AND + 1)}`, p: AND };
    case 'or':
      return { s: `${wrap(a, OR + 1)} or ${wrap(b, OR + 1)}`, p: OR };
    default:
      return { s: `${wrap(a, CMP + 1)} ${op} ${wrap(b, CMP + 1)}`, p: CMP };
  }
}

/** A literal integer index, after comprehension variables are substituted. */
function literalIndex(e: Expr, env: Env): number | undefined {
  if (e.k === 'num' && Number.isInteger(e.v)) return e.v;
  if (e.k === 'name') return env.subst.get(e.n);
  if (e.k === 'unary' && e.op === '-') {
    const v = literalIndex(e.a, env);
    return v === undefined ? undefined : -v;
  }
  if (e.k === 'bin' && (e.op === '+' || e.op === '-' || e.op === '*')) {
    const a = literalIndex(e.a, env);
    const b = literalIndex(e.b, env);
    if (a === undefined || b === undefined) return undefined;
    return e.op === '+' ? a + b : e.op === '-' ? a - b : a * b;
  }
  return undefined;
}

function indexed(e: Extract<Expr, { k: 'index' }>, env: Env): Printed {
  const parts: number[] = [];
  let base: Expr = e;
  const idxLists: Expr[][] = [];
  while (base.k === 'index') {
    idxLists.unshift(base.idx);
    base = base.o;
  }
  if (base.k !== 'name') return refuse('indexing something other than a variable');
  for (const list of idxLists) {
    for (const i of list) {
      const v = literalIndex(i, env);
      if (v === undefined) return refuse(`the index ${describe(i)} is not a literal number`);
      if (v < 0) return refuse('a negative index');
      parts.push(v);
    }
  }
  const stem = unicodeName(base.n);
  const generated = stem + parts.join('_');
  const original = `${base.n}${idxLists.map(l => `[${l.map(i => String(literalIndex(i, env))).join(', ')}]`).join('')}`;
  if (env.names.has(generated)) refuse(`${generated} (for ${original}) is also a name in this formula`);
  if (/\d$/.test(stem)) refuse(`${generated} (for ${original}) would be ambiguous`);
  env.renamed[generated] = original;
  env.variables.add(generated);
  return atom(generated);
}

function describe(e: Expr): string {
  return e.k === 'name' ? e.n : e.k === 'num' ? String(e.v) : 'an expression';
}

function calleeName(f: Expr, env: Env): { fn: string; receiver?: Expr } | undefined {
  if (f.k === 'name') {
    const alias = env.scope.aliases?.get(f.n);
    if (alias !== undefined) {
      const member = moduleMember(alias);
      if (member !== undefined) return { fn: env.scope.language === 'go' ? member.toLowerCase() : member };
    }
    if (env.scope.bound.has(f.n)) return undefined; // a function the file defines
    return { fn: f.n };
  }
  if (f.k === 'attr') {
    const q = qualifiedName(f);
    if (q !== undefined) {
      const member = moduleMember(q);
      if (member !== undefined) return { fn: env.scope.language === 'go' ? member.toLowerCase() : member }; // Go: math.Pow
    }
    if (env.scope.language === 'rust') return { fn: f.n, receiver: f.o }; // x.powi(2), (x * 2.0).sin()
    // A helper module or a module passed in (`d2l.cos`, `lib.exp`): a member named like a common maths
    // function is that function.
    if (f.o.k === 'name' && !NOT_MATHS_OBJECTS.test(f.o.n) && COMMON_MATHS.has(f.n)) return { fn: f.n };
    return undefined;
  }
  return undefined;
}

function call(e: Extract<Expr, { k: 'call' }>, env: Env): Printed {
  const lang = env.scope.language;
  // MATLAB indexes with parentheses: x(1) is an element unless x is a function (known or defined in the file).
  if (lang === 'matlab' && e.f.k === 'name' && !env.scope.bound.has(`${e.f.n}()`) && !isKnownFunction(e.f.n)) {
    return indexed({ k: 'index', o: e.f, idx: e.args }, env);
  }
  const callee = calleeName(e.f, env);
  if (!callee) return refuse(`a call of ${qualifiedName(e.f) ?? 'a computed function'}`);
  const args = callee.receiver ? [callee.receiver, ...e.args] : e.args;
  let fn = callee.fn;
  const renamed = RENAMED_FUNCTIONS.get(fn);
  if (renamed === '') return refuse(`${fn} (a truncated remainder)`);
  if (renamed) fn = renamed;
  const q = qualifiedName(e.f) ?? fn;
  const arity = (min: number, max = min): void => {
    if (args.length < min || args.length > max) refuse(`${q} with ${args.length} arguments`);
  };

  switch (fn) {
    case 'sum':
    case 'prod':
      return aggregate(fn, args, env);
    case 'min':
    case 'max':
    case 'amin':
    case 'amax': {
      const items = args.length === 1 ? expandItems(args[0], env) : args.map(body => ({ body }));
      if (items.length === 0) refuse(`${q} of nothing`);
      const name = fn.endsWith('min') ? 'min' : 'max';
      env.operations++;
      return atom(`${name}(${items.map(x => term(x, env).s).join(', ')})`);
    }
    case 'pow':
      arity(2);
      return binary('^', args[0], args[1], env);
    case 'powi':
      arity(2);
      return binary('^', args[0], args[1], env);
    case 'square':
      arity(1);
      return binary('^', args[0], { k: 'num', v: 2 }, env);
    case 'abs2':
      if (lang !== 'julia') break;
      arity(1);
      return binary('^', args[0], { k: 'num', v: 2 }, env);
    case 'exp2':
      arity(1);
      return binary('^', { k: 'num', v: 2 }, args[0], env);
    case 'exp10':
      arity(1);
      return binary('^', { k: 'num', v: 10 }, args[0], env);
    case 'sigmoid':
    case 'expit':
    case 'logistic': {
      arity(1);
      const x = tr(args[0], env);
      env.operations++;
      return { s: `1 / (1 + exp(-${wrap(x, UNARY)}))`, p: MUL };
    }
    case 'mul_add': // Rust: self * a + b
      arity(3);
      return binary('+', { k: 'bin', op: '*', a: args[0], b: args[1] }, args[2], env);
    case 'log':
      if (args.length === 2) {
        if (lang === 'julia') return fnCall('log', [args[1], args[0]], env); // Julia: log(b, x)
        if (lang === 'python' && moduleMember(q) === undefined && q !== 'log') break;
        if (q.startsWith('np.') || q.startsWith('numpy.') || q.startsWith('torch.') || q.startsWith('jnp.')) {
          refuse(`${q} takes one value`);
        }
        if (lang === 'rust') return fnCall('log', args, env); // x.log(base)
        return fnCall('log', args, env);
      }
      arity(1);
      return fnCall('log', args, env);
    case 'atan':
      if (args.length === 2 && lang === 'julia') return fnCall('atan2', args, env);
      arity(1);
      return fnCall('atan', args, env);
    case 'round':
      if (!ROUND_AWAY_FROM_ZERO.has(lang) || q.startsWith('Math.')) refuse(`${q} does not round half away from zero like mathjs`);
      arity(1);
      return fnCall('round', args, env);
    case 'ifelse': // R
      if (lang !== 'r') break;
      arity(3);
      return tr({ k: 'cond', c: args[0], a: args[1], b: args[2] }, env);
    default:
      break;
  }
  const spec = FUNCTIONS.get(fn);
  if (!spec || fn === 'mod' && lang !== 'julia' && lang !== 'matlab' && lang !== 'text') {
    return refuse(`${q} is not a maths function this reader knows`);
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) refuse(`${q} with ${args.length} arguments`);
  return fnCall(fn, args, env);
}

const SPECIAL_FUNCTIONS = new Set(['sum', 'prod', 'min', 'max', 'pow', 'square', 'exp2', 'exp10', 'sigmoid', 'log', 'atan', 'round']);

function isKnownFunction(n: string): boolean {
  return FUNCTIONS.has(n) || RENAMED_FUNCTIONS.has(n) || SPECIAL_FUNCTIONS.has(n);
}

function fnCall(fn: string, args: Expr[], env: Env): Printed {
  const printed = args.map(a => tr(a, env).s);
  env.operations++;
  return atom(`${fn}(${printed.join(', ')})`);
}

/** Integers of Python's range(…) or an inclusive a:b range, when the bounds are literal. */
function iterationValues(iter: Expr, env: Env): number[] {
  let from: number | undefined;
  let to: number | undefined;
  let step = 1;
  if (iter.k === 'range') {
    from = literalIndex(iter.from, env);
    to = literalIndex(iter.to, env);
    if (from === undefined || to === undefined) refuse('a range whose bounds are not literal numbers');
    to = (to as number) + 1;
  } else if (iter.k === 'call' && qualifiedName(iter.f) === 'range' && iter.args.length >= 1 && iter.args.length <= 3) {
    const vals = iter.args.map(a => literalIndex(a, env));
    if (vals.some(v => v === undefined)) refuse('a range whose bounds are not literal numbers');
    const v = vals as number[];
    [from, to, step] = v.length === 1 ? [0, v[0], 1] : [v[0], v[1], v[2] ?? 1];
  } else if (iter.k === 'list') {
    return iter.items.map(i => {
      const v = literalIndex(i, env);
      if (v === undefined) refuse('a loop over values that are not literal numbers');
      return v as number;
    });
  } else {
    return refuse('a loop over something other than a literal range');
  }
  if (step === 0) refuse('a range with step 0');
  const out: number[] = [];
  for (let i = from as number; step > 0 ? i < (to as number) : i > (to as number); i += step) {
    out.push(i);
    if (out.length > MAX_TERMS) refuse(`more than ${MAX_TERMS} terms`);
  }
  return out;
}

/** One term of an expanded sum: an expression, with a comprehension variable bound to a value. */
interface Term {
  body: Expr;
  bind?: { name: string; value: number };
}

/** The items a sum/min/max runs over: an explicit list, or a comprehension with literal bounds. */
function expandItems(arg: Expr, env: Env): Term[] {
  if (arg.k === 'list') {
    if (arg.items.length === 1 && arg.items[0].k === 'gen') return expandItems(arg.items[0], env);
    return arg.items.map(body => ({ body }));
  }
  if (arg.k === 'gen') {
    const { body, v } = arg;
    return iterationValues(arg.iter, env).map(value => ({ body, bind: { name: v, value } }));
  }
  return refuse('a sum over an array of unknown length');
}

function term(t: Term, env: Env): Printed {
  if (!t.bind) return tr(t.body, env);
  const saved = env.subst.get(t.bind.name);
  env.subst.set(t.bind.name, t.bind.value);
  try {
    return tr(t.body, env);
  } finally {
    if (saved === undefined) env.subst.delete(t.bind.name);
    else env.subst.set(t.bind.name, saved);
  }
}

function aggregate(fn: 'sum' | 'prod', args: Expr[], env: Env): Printed {
  if (args.length < 1 || args.length > 2) refuse(`${fn} with ${args.length} arguments`);
  const printed = expandItems(args[0], env).map(t => term(t, env));
  if (args.length === 2) {
    if (env.scope.language !== 'python') refuse(`${fn} with a second argument`);
    printed.push(tr(args[1], env)); // Python: sum(iterable, start)
  }
  if (printed.length === 0) return atom(fn === 'sum' ? '0' : '1');
  if (printed.length === 1) return printed[0];
  env.operations += printed.length - 1;
  if (fn === 'sum') return { s: printed.map(p => wrap(p, ADD)).join(' + '), p: ADD };
  return { s: printed.map(p => wrap(p, MUL)).join(' * '), p: MUL };
}
