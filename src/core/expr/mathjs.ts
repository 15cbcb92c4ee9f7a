/**
 * The one mathjs instance of the project. Built with `create(...)` from only the factories the
 * expression layer needs (parse, derivative, simplify), so bundles stay near 344 KB instead of
 * 654 KB for `import * as math` (measured in /work/shared/notes/mathjs-facts.md).
 *
 * Why the full build and not `mathjs/number` (175 KB): in 15.2.0 the number build's
 * `simplifyConstant` calls functions (`subtract`, `unaryMinus`, …) that the created instance does not
 * carry and throws "Cannot read properties of undefined (reading 'apply')" on e.g. `2/3*x`, and
 * without Fraction it folds constants to 0.6666666666666666 in the displayed text.
 *
 * Nothing here ever evaluates user text with mathjs: the parsed tree is checked against a
 * whitelist (validate.ts) and compiled to plain JavaScript by compile.ts. mathjs is used for
 * parsing, differentiation, display simplification and TeX only.
 */
import {
  create,
  derivativeDependencies,
  parseDependencies,
  simplifyCoreDependencies,
  simplifyDependencies,
} from 'mathjs';
import type {
  AssignmentNode,
  BlockNode,
  ConditionalNode,
  ConstantNode,
  FunctionAssignmentNode,
  FunctionNode,
  MathNode,
  OperatorNode,
  OperatorNodeFn,
  ParenthesisNode,
  SimplifyOptions,
  SymbolNode,
} from 'mathjs';

export type { MathNode };

// `predictable: true`: mathjs's own constant folding (inside simplify) returns NaN instead of a
// Complex for sqrt(-1), log(-1), … — the same plain-double answer the compiled code gives.
export const math = create(
  { parseDependencies, derivativeDependencies, simplifyDependencies, simplifyCoreDependencies },
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
  SimplifyOptions,
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
