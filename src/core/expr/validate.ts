/**
 * Text → checked tree. Bounds the input before mathjs's parser sees it, parses, then walks the tree
 * against the whitelist in functions.ts. Only these node types pass: number constants, symbols
 * (declared variables, data columns, constants, pi, e), parentheses, whitelisted operators and
 * functions (arity checked), ternaries; at statement level, `name = <constant expression>` and one
 * objective (`f(x, y) = …`, `z = …` or a bare expression) as the last statement.
 *
 * mathjs nodes carry no source positions, so a position is recovered by finding the offending token
 * in the text (its first occurrence as a whole word); syntax errors carry mathjs's own `char`.
 */
import { fail, ok, Result } from '../result';
import {
  BUILTIN_CONSTANTS,
  FUNCTIONS,
  OPERATORS,
  REJECTED_OPERATORS,
  RESERVED_SYMBOLS,
} from './functions';
import { LIMITS } from './limits';
import {
  calleeName,
  children,
  isAssignment,
  isBlock,
  isConditional,
  isConstant,
  isFunction,
  isFunctionAssignment,
  isOperator,
  isParenthesis,
  isSymbol,
  math,
  MathNode,
  mul,
  neg,
  num,
  paren,
  sym,
  withChildren,
} from './mathjs';

export interface ParsedObjective {
  source: string;
  /** The objective body as written (the person's parentheses kept), constants replaced by their values. */
  body: MathNode;
  /** The same without parentheses nodes: what is differentiated and compiled. */
  expr: MathNode;
  variables: string[];
  dataColumns: string[];
  constants: Record<string, number>;
  /** `f` in `f(x, y) = …` (or `z` in `z = …`), when the objective was named. */
  name?: string;
}

export interface ValidateOptions {
  variables?: readonly string[];
  dataColumns?: readonly string[];
}

/** mathjs functions worth a specific message: they exist in mathjs but can never be called here. */
const FORBIDDEN_FUNCTIONS = new Set([
  'import', 'createUnit', 'evaluate', 'parse', 'simplify', 'simplifyCore', 'derivative', 'config', 'resolve',
  'compile', 'parser', 'reviver', 'typed', 'chain', 'help', 'rationalize', 'leafCount', 'symbolicEqual',
  'matrix', 'zeros', 'ones', 'range', 'unit', 'string', 'format', 'print', 'bignumber', 'complex', 'fraction',
]);

/** A problem found in the tree; turned into a Result with a position by `validate`. */
class Rejection {
  constructor(readonly message: string, readonly token?: { text: string; call?: boolean; word?: boolean }) {}
}

/** Returns the position of the first whole-word occurrence of `text` (followed by `(` when `call`). */
export function findToken(source: string, text: string, call = false, word = true): number | undefined {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ident = '[\\p{L}\\p{N}_$]';
  const pattern = word ? `(?<!${ident})${escaped}(?!${ident})${call ? '\\s*\\(' : ''}` : escaped;
  const m = new RegExp(pattern, 'u').exec(source);
  return m ? m.index : undefined;
}

function rejectAt<T>(source: string, r: Rejection): Result<T> {
  const position = r.token ? findToken(source, r.token.text, r.token.call, r.token.word ?? true) : undefined;
  return position === undefined ? fail(r.message) : fail(`${r.message} at ${position}`, { position });
}

/** Length and bracket depth, checked on the raw text so the parser never recurses past its stack. */
export function precheck(source: unknown): Result<string> {
  if (typeof source !== 'string') return fail('The expression must be text.');
  if (source.length > LIMITS.maxSourceChars) {
    return fail(`The expression is too long (${source.length} characters; the limit is ${LIMITS.maxSourceChars}).`);
  }
  if (source.trim() === '') return fail('The expression is empty.');
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) { // ( [ {
      if (++depth > LIMITS.maxBracketDepth) {
        return fail(`The expression is nested too deeply (more than ${LIMITS.maxBracketDepth} brackets) at ${i}`, { position: i });
      }
    } else if (c === 41 || c === 93 || c === 125) {
      depth = Math.max(0, depth - 1);
    }
  }
  return ok(source);
}

interface MathSyntaxError { message: string; char?: number }
const isSyntaxError = (e: unknown): e is MathSyntaxError => e instanceof SyntaxError;

/** mathjs's parser with its errors rewritten for a person: "Value expected at 4" (0-based). */
export function parseText(source: string): Result<MathNode> {
  try {
    return ok(math.parse(source));
  } catch (e) {
    if (e instanceof RangeError) return fail('The expression is nested too deeply to parse.');
    if (isSyntaxError(e)) {
      const text = e.message.replace(/\s*\(char \d+\)\s*$/, '');
      if (typeof e.char === 'number') {
        const position = Math.min(Math.max(0, e.char - 1), source.length);
        return fail(`Syntax error: ${text} at ${position}`, { position });
      }
      return fail(`Syntax error: ${text}`);
    }
    return fail(`Syntax error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Depth of a tree, without recursion (the tree may be thousands deep before this check). */
export function treeDepth(root: MathNode): number {
  let max = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length) {
    const [n, d] = stack.pop() as [MathNode, number];
    if (d > max) max = d;
    n.forEach(c => stack.push([c, d + 1]));
  }
  return max;
}

/** What a symbol refers to while checking the body. */
type SymbolRole = 'constant' | 'builtin' | 'free';

interface Walk {
  /** Declared constants so far (name → value). */
  constants: Map<string, number>;
  /** Free symbols met, in order of first appearance. */
  free: Set<string>;
}

/** Checks one node and its subtree; collects free symbols. Throws Rejection (caught by the caller). */
function check(n: MathNode, w: Walk): void {
  if (isConstant(n)) {
    const v: unknown = n.value;
    if (typeof v === 'number') return;
    if (typeof v === 'string') throw new Rejection('Strings are not supported', { text: '"', word: false });
    if (typeof v === 'boolean') throw new Rejection('Booleans (true/false) are not supported; write 1 or 0', { text: String(v) });
    throw new Rejection(`'${String(v)}' is not a number`, { text: String(v) });
  }
  if (isSymbol(n)) {
    symbolRole(n.name, w);
    return;
  }
  if (isParenthesis(n) || isConditional(n)) {
    for (const c of children(n)) check(c, w);
    return;
  }
  if (isOperator(n)) {
    const spec = OPERATORS.get(n.fn);
    if (!spec) {
      const reason = REJECTED_OPERATORS.get(n.fn);
      throw new Rejection(reason ?? `Operator '${n.op}' is not supported`, { text: n.op, word: /^[a-z]+$/.test(n.op) });
    }
    const argc = n.args.length;
    if ((spec.arity === 0 && argc < 2) || (spec.arity !== 0 && argc !== spec.arity)) {
      throw new Rejection(`Operator '${n.op}' got ${argc} operands`, { text: n.op, word: false });
    }
    for (const c of n.args) check(c, w);
    return;
  }
  if (isFunction(n)) {
    const name = calleeName(n);
    if (name === undefined) throw new Rejection('Only named functions can be called (e.g. sin(x))');
    const spec = FUNCTIONS.get(name);
    if (!spec) {
      if (FORBIDDEN_FUNCTIONS.has(name)) throw new Rejection(`Function '${name}' is not allowed in an objective`, { text: name, call: true });
      if (w.constants.has(name) || !/^[a-z]{2,}\d*$/i.test(name) || name.length === 1) {
        // `x(y + 1)` parses as a call of x: say how to write the product instead.
        throw new Rejection(`'${name}(…)' reads as a call of a function '${name}'; to multiply write ${name}*(…)`, { text: name, call: true });
      }
      throw new Rejection(`Unknown function '${name}'`, { text: name, call: true });
    }
    const argc = n.args.length;
    if (argc < spec.minArgs || argc > spec.maxArgs) {
      const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} or ${spec.maxArgs}`;
      throw new Rejection(`Function '${name}' takes ${want} argument${want === '1' ? '' : 's'}, got ${argc}`, { text: name, call: true });
    }
    for (const c of n.args) check(c, w);
    if (name === 'nthRoot' && n.args.length === 2 && !isConstantExpr(n.args[1], w)) {
      throw new Rejection("nthRoot's root (second argument) must be a constant", { text: name, call: true });
    }
    return;
  }
  throw rejectionFor(n);
}

/** A message for node types the whitelist never admits. */
function rejectionFor(n: MathNode): Rejection {
  switch (n.type) {
    case 'AccessorNode':
    case 'IndexNode':
      return new Rejection('Property access and indexing (x.name, x[1]) are not supported', { text: '.', word: false });
    case 'ArrayNode':
      return new Rejection('Matrices and arrays ([…]) are not supported', { text: '[', word: false });
    case 'ObjectNode':
      return new Rejection('Objects ({…}) are not supported', { text: '{', word: false });
    case 'RangeNode':
      return new Rejection('Ranges (a:b) are not supported', { text: ':', word: false });
    case 'RelationalNode':
      return new Rejection('Chained comparisons (a < b < c) are not supported; write (a < b) and (b < c)');
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return new Rejection('Assignments are only allowed as separate statements (a = 2; f(x) = a*x)', { text: '=', word: false });
    case 'BlockNode':
      return new Rejection('Statements must be separated at the top level');
    default:
      return new Rejection(`'${n.type}' is not supported in an objective`);
  }
}

function symbolRole(name: string, w: Walk): SymbolRole {
  const reserved = RESERVED_SYMBOLS.get(name);
  if (reserved !== undefined) throw new Rejection(reserved, { text: name });
  if (w.constants.has(name)) return 'constant';
  if (BUILTIN_CONSTANTS.has(name)) return 'builtin';
  if (FUNCTIONS.has(name)) throw new Rejection(`'${name}' is a function; write ${name}(…) with parentheses`, { text: name });
  w.free.add(name);
  return 'free';
}

/** True when `n` uses no free symbol (only numbers, pi, e, constants). `n` is already checked. */
function isConstantExpr(n: MathNode, w: Walk): boolean {
  const stack = [n];
  while (stack.length) {
    const m = stack.pop() as MathNode;
    if (isSymbol(m) && !w.constants.has(m.name) && !BUILTIN_CONSTANTS.has(m.name)) return false;
    stack.push(...children(m));
  }
  return true;
}

/** Value of a checked constant expression (numbers, pi, e, earlier constants). */
function evaluateConstant(n: MathNode, constants: ReadonlyMap<string, number>): number {
  if (isConstant(n)) return n.value as number;
  if (isSymbol(n)) return constants.get(n.name) ?? BUILTIN_CONSTANTS.get(n.name) ?? NaN;
  if (isParenthesis(n)) return evaluateConstant(n.content, constants);
  if (isConditional(n)) {
    return evaluateConstant(n.condition, constants)
      ? evaluateConstant(n.trueExpr, constants)
      : evaluateConstant(n.falseExpr, constants);
  }
  const args = children(n).map(c => evaluateConstant(c, constants));
  if (isOperator(n)) return OPERATORS.get(n.fn)?.apply(args) ?? NaN;
  if (isFunction(n)) return FUNCTIONS.get(calleeName(n) ?? '')?.apply(args) ?? NaN;
  return NaN;
}

/** Natural order: x2 before x10, then plain code-unit order. */
export function naturalCompare(a: string, b: string): number {
  const chunk = /(\d+|\D+)/g;
  const pa = a.match(chunk) ?? [];
  const pb = b.match(chunk) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

function checkName(source: string, name: string, what: string): Result<string> {
  const reserved = RESERVED_SYMBOLS.get(name);
  const position = findToken(source, name);
  const where = position === undefined ? {} : { position };
  const at = position === undefined ? '' : ` at ${position}`;
  if (reserved !== undefined) return fail(`${reserved}${at}`, where);
  if (BUILTIN_CONSTANTS.has(name)) return fail(`'${name}' is a built-in constant and cannot be used as ${what}${at}`, where);
  if (FUNCTIONS.has(name)) return fail(`'${name}' is a function and cannot be used as ${what}${at}`, where);
  return ok(name);
}

/** Replaces declared constants by their values and (for `expr`) drops parentheses nodes. */
function substitute(n: MathNode, constants: ReadonlyMap<string, number>, keepParens: boolean): MathNode {
  if (isSymbol(n)) {
    const v = constants.get(n.name);
    if (v === undefined) return n;
    if (v < 0 || Object.is(v, -0)) return keepParens ? paren(neg(num(-v))) : neg(num(-v));
    return num(v);
  }
  if (!keepParens && isParenthesis(n)) return substitute(n.content, constants, keepParens);
  const kids = children(n);
  if (kids.length === 0) return n;
  return withChildren(n, kids.map(c => substitute(c, constants, keepParens)));
}

/** `xy` → ['x', 'y'] when the whole name is a run of `names` (at least two); else undefined. */
function splitIntoNames(s: string, names: readonly string[]): string[] | undefined {
  const go = (i: number): string[] | undefined => {
    if (i === s.length) return [];
    for (const n of names) {
      if (s.startsWith(n, i)) {
        const rest = go(i + n.length);
        if (rest) return [n, ...rest];
      }
    }
    return undefined;
  };
  const parts = go(0);
  return parts && parts.length >= 2 ? parts : undefined;
}

function splitSymbols(n: MathNode, splits: ReadonlyMap<string, string[]>): MathNode {
  if (isSymbol(n)) {
    const parts = splits.get(n.name);
    return parts ? parts.map(sym).reduce((a, b) => mul(a, b)) : n;
  }
  const kids = children(n);
  return kids.length === 0 ? n : withChildren(n, kids.map(c => splitSymbols(c, splits)));
}

/** Parses and checks an objective; see ParsedObjective. Never throws. */
export function parseObjectiveText(source: string, options: ValidateOptions = {}): Result<ParsedObjective> {
  const pre = precheck(source);
  if (!pre.ok) return pre;
  const parsed = parseText(source);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const depth = treeDepth(root);
  if (depth > LIMITS.maxTreeDepth) {
    return fail(`The expression is too deeply nested or too long a chain (depth ${depth}; the limit is ${LIMITS.maxTreeDepth}).`);
  }

  const statements = isBlock(root) ? root.blocks.map(b => b.node) : [root];
  if (statements.length === 0 || (statements.length === 1 && isConstant(statements[0]) && statements[0].value === undefined)) {
    return fail('The expression is empty.');
  }
  const w: Walk = { constants: new Map(), free: new Set() };
  const constantsRecord: Record<string, number> = {};
  const last = statements.length - 1;
  for (let i = 0; i < last; i++) {
    const s = statements[i];
    if (isFunctionAssignment(s)) {
      const later = statements.slice(i + 1).find(isFunctionAssignment);
      const name = later ? later.name : s.name;
      const position = later ? findToken(source, later.name, true) : undefined;
      return fail(
        `Only one function can be defined (the objective); '${name}' is a second one${position === undefined ? '' : ` at ${position}`}`,
        position === undefined ? {} : { position },
      );
    }
    if (!isAssignment(s)) {
      return fail('Only the last statement can be the objective; earlier ones must be constants like a = 10.');
    }
    if (!isSymbol(s.object) || s.index) return rejectAt(source, rejectionFor({ type: 'AccessorNode' } as MathNode));
    const name = s.name;
    const named = checkName(source, name, 'a constant name');
    if (!named.ok) return named;
    if (w.constants.has(name)) return fail(`The constant '${name}' is defined twice.`);
    const before = new Set(w.free);
    try {
      check(s.value, w);
    } catch (e) {
      if (e instanceof Rejection) return rejectAt(source, e);
      throw e;
    }
    const unknown = [...w.free].filter(f => !before.has(f));
    if (unknown.length) {
      const position = findToken(source, unknown[0]);
      return fail(
        `The constant '${name}' uses '${unknown[0]}', which is not defined before it${position === undefined ? '' : ` at ${position}`}`,
        position === undefined ? {} : { position },
      );
    }
    const value = evaluateConstant(s.value, w.constants);
    if (!Number.isFinite(value)) return fail(`The constant '${name}' is not a finite number (${value}).`);
    w.constants.set(name, value);
    constantsRecord[name] = value;
  }

  // The objective: `f(x, y) = …`, `z = …` or a bare expression.
  let objective = statements[last];
  let signature: string[] | undefined;
  let objectiveName: string | undefined;
  let assignedConstant = false;
  if (isFunctionAssignment(objective)) {
    objectiveName = objective.name;
    signature = objective.params;
    objective = objective.expr;
  } else if (isAssignment(objective)) {
    if (!isSymbol(objective.object) || objective.index) return rejectAt(source, rejectionFor({ type: 'AccessorNode' } as MathNode));
    objectiveName = objective.name;
    objective = objective.value;
    assignedConstant = true;
  }
  if (objectiveName !== undefined) {
    if (FUNCTIONS.has(objectiveName) || BUILTIN_CONSTANTS.has(objectiveName)) {
      return fail(`'${objectiveName}' is a built-in name; call the objective something else, e.g. f`);
    }
  }
  if (isConstant(objective) && objective.value === undefined) return fail('No objective: write the function after the constants.');
  try {
    check(objective, w);
  } catch (e) {
    if (e instanceof Rejection) return rejectAt(source, e);
    throw e;
  }

  // With a signature, `3xy` means 3·x·y as people write it (mathjs reads one symbol `xy`): a free
  // symbol that is exactly a run of the signature's parameter names becomes their product.
  if (signature) {
    const params = signature;
    const splits = new Map<string, string[]>();
    for (const s of w.free) {
      if (params.includes(s) || options.dataColumns?.includes(s)) continue;
      const parts = splitIntoNames(s, params);
      if (parts) splits.set(s, parts);
    }
    if (splits.size) {
      objective = splitSymbols(objective, splits);
      for (const [s, parts] of splits) { w.free.delete(s); for (const p of parts) w.free.add(p); }
    }
  }

  // Roles of symbols.
  const dataColumns = [...(options.dataColumns ?? [])];
  for (const d of dataColumns) {
    const named = checkName(source, d, 'a data column');
    if (!named.ok) return named;
    if (w.constants.has(d)) return fail(`'${d}' is both a constant and a data column.`);
  }
  if (new Set(dataColumns).size !== dataColumns.length) return fail('A data column is listed twice.');
  let variables: string[];
  if (signature) {
    for (const p of signature) {
      const named = checkName(source, p, 'a parameter');
      if (!named.ok) return named;
      if (w.constants.has(p)) return fail(`'${p}' is both a constant and a parameter of ${objectiveName}.`);
    }
    if (new Set(signature).size !== signature.length) return fail(`A parameter of ${objectiveName} is listed twice.`);
    variables = [...signature];
    if (options.variables) {
      const given = [...options.variables];
      if (given.length !== variables.length || given.some(v => !variables.includes(v))) {
        return fail(`The signature ${objectiveName}(${variables.join(', ')}) does not match the parameters ${given.join(', ')}.`);
      }
    }
  } else if (options.variables) {
    variables = [...options.variables];
    for (const v of variables) {
      const named = checkName(source, v, 'a parameter');
      if (!named.ok) return named;
      if (w.constants.has(v)) return fail(`'${v}' is both a constant and a parameter.`);
    }
    if (new Set(variables).size !== variables.length) return fail('A parameter is listed twice.');
  } else {
    variables = [...w.free].filter(s => !dataColumns.includes(s)).sort(naturalCompare);
  }
  const both = variables.find(v => dataColumns.includes(v));
  if (both !== undefined) return fail(`'${both}' is both a parameter and a data column.`);
  for (const s of w.free) {
    if (!variables.includes(s) && !dataColumns.includes(s)) {
      const position = findToken(source, s);
      const what = signature ? `a parameter of ${objectiveName}(${variables.join(', ')})` : `a parameter (${variables.join(', ')})`;
      const extra = dataColumns.length ? `, a data column (${dataColumns.join(', ')})` : '';
      return fail(
        `'${s}' is not ${what}${extra} or a constant${position === undefined ? '' : ` at ${position}`}`,
        position === undefined ? {} : { position },
      );
    }
  }
  if (variables.length === 0) {
    if (assignedConstant && w.free.size === 0) {
      return fail(`No objective: '${objectiveName}' is only a constant; write the function to optimize after it (a = 2; f(x) = a*x^2).`);
    }
    return fail('The expression has no variables to optimize.');
  }

  return ok({
    source,
    body: substitute(objective, w.constants, true),
    expr: substitute(objective, w.constants, false),
    variables,
    dataColumns,
    constants: constantsRecord,
    ...(objectiveName !== undefined ? { name: objectiveName } : {}),
  });
}
