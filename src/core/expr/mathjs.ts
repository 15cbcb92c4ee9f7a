/**
 * The one mathjs instance of the project. Built with `create(...)` from only the factories the
 * expression layer needs: the parser and the node classes (with their text and TeX output).
 * Nothing else of mathjs is used here: derivatives are our own (derivative.ts), their display
 * clean-up too (polish.ts), and evaluation is compiled plain JavaScript (compile.ts).
 *
 * Start-up is mostly typed-function construction, so the instance builds as little as it can:
 * every typed function leaves out the signatures of types no tree here holds (BigNumber, Complex,
 * matrices, units, …: the whitelist admits numbers only), and the node classes' dependencies that
 * only evaluation uses (subset, size, matrix, isBounded for TeX of a number) are built on their
 * first call. `create` registers every factory lazily, and a function is built the first time it is
 * read: reading `math.parse` builds parse and everything it depends on. mathjs's Unit class is left
 * out: SymbolNode takes it as an optional dependency, and building it (with round, fix, floor, ceil,
 * pow, … it needs) cost over half of building parse. SymbolNode asks it one question,
 * `Unit.isValuelessUnit(name)`, in its own TeX output (a symbol named like a unit is set upright); a
 * stand-in answers it from a separately created Unit class, built on the first such question, so
 * that output is unchanged. Nothing here evaluates with mathjs, so the other use (`new Unit(...)`
 * when mathjs evaluates a unit symbol) never occurs.
 *
 * Nothing here ever evaluates user text with mathjs: the parsed tree is checked against a
 * whitelist (validate.ts) and compiled to plain JavaScript by compile.ts.
 */
import { create, factory, parseDependencies, UnitDependencies } from 'mathjs';
import type {
  AssignmentNode,
  BlockNode,
  ConditionalNode,
  ConstantNode,
  FactoryFunctionMap,
  FunctionAssignmentNode,
  FunctionNode,
  MathNode,
  OperatorNode,
  OperatorNodeFn,
  ParenthesisNode,
  SymbolNode,
} from 'mathjs';

export type { MathNode };

type Factory = ((scope: unknown) => unknown) & { isFactory?: boolean; fn?: string };

/**
 * The factories of nested `*Dependencies` maps, by the name each provides (mathjs flattens them the
 * same way). The maps share sub-maps (a DAG), so each is walked once: walking every path took
 * about 20 ms of the CLI's start-up.
 */
function flatFactories(maps: FactoryFunctionMap[]): Map<string, Factory> {
  const out = new Map<string, Factory>();
  const seen = new Set<object>();
  const walk = (m: FactoryFunctionMap): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const v of Object.values(m)) {
      const f = v as Factory;
      if (typeof f === 'function' && f.isFactory && f.fn) out.set(f.fn, f);
      else if (v && typeof v === 'object') walk(v);
    }
  };
  maps.forEach(walk);
  return out;
}

interface UnitQuestions { isValuelessUnit(name: string): boolean }
let realUnit: UnitQuestions | undefined;
/** mathjs's Unit class, in an instance of its own, built on the first question. */
const unitClass = (): UnitQuestions =>
  (realUnit ??= (create({ UnitDependencies }, { predictable: true }) as unknown as { Unit: UnitQuestions }).Unit);
const unitStandIn = factory('Unit', [], () => ({ isValuelessUnit: (name: string) => unitClass().isValuelessUnit(name) }));

const factories = flatFactories([parseDependencies]);
factories.delete('Unit');

/**
 * Types no tree of this layer ever holds: the whitelist admits numbers only. Signatures that name
 * one of them are left out of every typed function this instance builds.
 */
const ABSENT_TYPES = new Set(['Complex', 'BigNumber', 'bigint', 'Unit', 'Chain', 'Array', 'Matrix', 'DenseMatrix',
  'SparseMatrix', 'ImmutableDenseMatrix', 'Range', 'Index', 'ResultSet', 'Help', 'Date', 'RegExp']);

/** A signature map without the signatures (or union members) that name an absent type. */
function withoutAbsentTypes(signatures: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(signatures)) {
    if (key.trim() === '') { out[key] = fn; continue; }
    const params: string[] = [];
    for (const raw of key.split(',')) {
      const param = raw.trim();
      const rest = param.startsWith('...') ? '...' : '';
      const kept = (rest ? param.slice(3) : param).split('|').map(t => t.trim()).filter(t => !ABSENT_TYPES.has(t));
      if (kept.length === 0) { params.length = 0; break; }
      params.push(rest + kept.join(' | '));
    }
    if (params.length) out[params.join(', ')] = fn;
  }
  return out;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

const realTyped = factories.get('typed') as Factory & { dependencies: string[] };
const leanTyped = factory('typed', realTyped.dependencies as never, (scope: unknown) => {
  const typed = realTyped(scope) as (...args: unknown[]) => unknown;
  return new Proxy(typed, {
    apply(target, thisArg, args: unknown[]) {
      const lean = args.map(a => (isPlainObject(a) ? withoutAbsentTypes(a) : a));
      const empty = lean.some((a, i) => isPlainObject(a) && Object.keys(a).length === 0 && Object.keys(args[i] as object).length > 0);
      return Reflect.apply(target, thisArg, empty ? args : lean) as unknown;
    },
  });
});
factories.set('typed', leanTyped as unknown as Factory);

type FactoryWithMeta = Factory & { dependencies: string[]; meta?: Record<string, unknown> };
/**
 * Rebuilds factory `name` so that the dependencies in `lazy` are not built with it: each is a
 * function that calls the instance's own one, built the first time it is called.
 */
function withLazyDependencies(name: string, lazy: string[], extra: (scope: Record<string, unknown>) => Record<string, unknown> = () => ({})): void {
  const real = factories.get(name) as FactoryWithMeta;
  const dependencies = real.dependencies.filter(d => !lazy.includes(d.replace(/^\?/, '')));
  const rebuilt = factory(name, dependencies as never, (scope: Record<string, unknown>) => {
    const late = Object.fromEntries(lazy.map(l => [l, (...args: unknown[]) => (math as unknown as Record<string, (...a: unknown[]) => unknown>)[l](...args)]));
    return real({ ...scope, ...late, ...extra(scope) });
  }, real.meta);
  factories.set(name, rebuilt as unknown as Factory);
}

// Used only when mathjs evaluates or compiles a tree, which this layer never asks it to do.
withLazyDependencies('AccessorNode', ['subset']);
withLazyDependencies('AssignmentNode', ['subset', 'matrix']);
withLazyDependencies('IndexNode', ['size']);
// Used only in TeX output of a number.
withLazyDependencies('ConstantNode', ['isBounded']);
// `predictable: true`: mathjs's functions answer with the type of their input (NaN, not a Complex,
// for sqrt(-1)), should any of them ever be called on a number here.
export const math = create(
  { ...Object.fromEntries(factories) as FactoryFunctionMap, Unit: unitStandIn as unknown as FactoryFunctionMap[string] },
  { predictable: true },
);

/** Operator nodes as this layer uses them: op/fn as plain strings. */
export type OpNode = OperatorNode<never, never, MathNode[]> & { op: string; fn: OperatorNodeFn };
export type {
  AssignmentNode,
  BlockNode,
  ConditionalNode,
  ConstantNode,
  FunctionAssignmentNode,
  FunctionNode,
  ParenthesisNode,
  SymbolNode,
};

// Narrowing helpers: mathjs nodes carry a string `type`; these keep the casts in one place.
export const isConstant = (n: MathNode): n is ConstantNode<number | string | boolean | null | undefined> =>
  n.type === 'ConstantNode';
export const isSymbol = (n: MathNode): n is SymbolNode => n.type === 'SymbolNode';
export const isOperator = (n: MathNode): n is OpNode => n.type === 'OperatorNode';
export const isFunction = (n: MathNode): n is FunctionNode => n.type === 'FunctionNode';
export const isParenthesis = (n: MathNode): n is ParenthesisNode => n.type === 'ParenthesisNode';
export const isConditional = (n: MathNode): n is ConditionalNode => n.type === 'ConditionalNode';
export const isBlock = (n: MathNode): n is BlockNode => n.type === 'BlockNode';
export const isAssignment = (n: MathNode): n is AssignmentNode => n.type === 'AssignmentNode';
export const isFunctionAssignment = (n: MathNode): n is FunctionAssignmentNode => n.type === 'FunctionAssignmentNode';

/** Name of a FunctionNode's callee when it is a plain symbol (`sin(x)`), else undefined (`f(x)(y)`). */
export const calleeName = (n: FunctionNode): string | undefined => (isSymbol(n.fn) ? n.fn.name : undefined);

// Node constructors with the loose typings this layer needs.
export const num = (value: number): MathNode => new math.ConstantNode(value);
export const sym = (name: string): MathNode => new math.SymbolNode(name);
export const op = (opText: string, fn: string, args: MathNode[], implicit = false): MathNode =>
  new math.OperatorNode(opText as never, fn as never, args as never, implicit);
export const call = (name: string, args: MathNode[]): MathNode => new math.FunctionNode(new math.SymbolNode(name), args);
export const cond = (c: MathNode, a: MathNode, b: MathNode): MathNode => new math.ConditionalNode(c, a, b);
export const paren = (content: MathNode): MathNode => new math.ParenthesisNode(content);

export const add = (a: MathNode, b: MathNode): MathNode => op('+', 'add', [a, b]);
export const sub = (a: MathNode, b: MathNode): MathNode => op('-', 'subtract', [a, b]);
export const mul = (a: MathNode, b: MathNode): MathNode => op('*', 'multiply', [a, b]);
export const div = (a: MathNode, b: MathNode): MathNode => op('/', 'divide', [a, b]);
export const pow = (a: MathNode, b: MathNode): MathNode => op('^', 'pow', [a, b]);
export const neg = (a: MathNode): MathNode => op('-', 'unaryMinus', [a]);

const keys = new WeakMap<MathNode, string>();

/**
 * A string that tells two trees apart by structure and values (parentheses ignored, every number
 * printed in full, −0 apart from 0): equal keys, equal trees. Kept per node (trees are not
 * modified once built). About 20× cheaper than mathjs's `toString`, which works out the
 * parentheses it needs at every node.
 */
export function nodeKey(n: MathNode): string {
  let key = keys.get(n);
  if (key !== undefined) return key;
  if (isParenthesis(n)) key = nodeKey(n.content);
  else if (isConstant(n)) key = typeof n.value === 'number' ? (Object.is(n.value, -0) ? '-0' : String(n.value)) : `"${String(n.value)}"`;
  else if (isSymbol(n)) key = n.name;
  else if (isOperator(n)) key = `(${n.fn} ${n.args.map(nodeKey).join(' ')})`;
  else if (isFunction(n)) key = `(${calleeName(n) ?? nodeKey(n.fn)}() ${n.args.map(nodeKey).join(' ')})`;
  else if (isConditional(n)) key = `(? ${nodeKey(n.condition)} ${nodeKey(n.trueExpr)} ${nodeKey(n.falseExpr)})`;
  else key = `<${n.type} ${n.toString()}>`;
  keys.set(n, key);
  return key;
}

/** Children of a node in evaluation order (only the node types the whitelist admits). */
export function children(n: MathNode): MathNode[] {
  if (isOperator(n) || isFunction(n)) return n.args;
  if (isParenthesis(n)) return [n.content];
  if (isConditional(n)) return [n.condition, n.trueExpr, n.falseExpr];
  return [];
}

/** Rebuilds `n` with new children (same order as `children`). Returns `n` itself when unchanged. */
export function withChildren(n: MathNode, kids: MathNode[]): MathNode {
  const old = children(n);
  if (old.length === kids.length && old.every((k, i) => k === kids[i])) return n;
  if (isOperator(n)) return op(n.op, n.fn, kids, n.implicit);
  if (isFunction(n)) return new math.FunctionNode(n.fn, kids);
  if (isParenthesis(n)) return paren(kids[0]);
  if (isConditional(n)) return cond(kids[0], kids[1], kids[2]);
  return n;
}
