/**
 * Finding the formula at an offset in a tree-sitter tree: comments and strings are told apart from
 * code, the enclosing statement is read whole (however many lines it spans), and its formula is the
 * value it computes: the right-hand side of an assignment, a returned value, the body of a function
 * that is a single expression or return, or the new value of an update (`s += …`).
 */
import { Expr } from './ast';
import { operands, toExpr } from './fromTree';
import { HostLanguage, isMathsFunctionName, qualifiedName, Scope, translate, Translation } from './translate';
import type { SyntaxNode } from './treesitter';

export type Located =
  | { kind: 'comment'; start: number; end: number }
  | { kind: 'docstring'; start: number; end: number }
  | { kind: 'code'; translation: Translation & { ok: true }; start: number; end: number }
  | { kind: 'none'; reason: string };

const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);
const STRINGS = new Set(['string', 'string_literal', 'template_string', 'interpreted_string_literal', 'raw_string_literal',
  'string_content', 'prefixed_string_literal', 'command_literal']);
const CONTAINERS = new Set(['module', 'program', 'source_file', 'block', 'statement_block', 'braced_expression', 'statement_list',
  'class_body', 'declaration_list', 'switch_body', 'switch_case', 'expression_case', 'default_case', 'match_block',
  // Grammars that put statements directly inside these (an R `if` or `for` without braces).
  'function_definition', 'for_statement', 'while_statement', 'if_statement', 'elseif_clause', 'else_clause', 'let_statement',
  'do_clause', 'begin_block', 'module_definition', 'macro_definition', 'try_statement', 'catch_clause', 'finally_clause',
  'compound_statement', 'quote_statement']);
const FUNCTIONS = new Set(['function_definition', 'function_declaration', 'function_expression', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'function_item', 'method_declaration', 'func_literal', 'lambda', 'closure_expression',
  'arrow_function_expression', 'short_function_definition']);
const ASSIGNMENTS = new Set(['assignment', 'assignment_expression', 'assignment_statement', 'short_var_declaration', 'let_declaration',
  'variable_declarator', 'var_spec', 'const_spec', 'const_item', 'static_item']);
const UPDATES = new Set(['augmented_assignment', 'augmented_assignment_expression', 'compound_assignment_expr', 'compound_assignment_expression']);

/** What a statement computes, and over which source range. */
interface Value {
  node: SyntaxNode;
  /** `s` in `s += …` or `s = s + …`: the statement updates s. */
  updates?: { target: string; op: string; rest: SyntaxNode };
}

function isContainerChild(n: SyntaxNode): boolean {
  const p = n.parent;
  if (!p) return true;
  if (!CONTAINERS.has(p.type)) return false;
  // A function definition with a body field holds its statements in that body, not directly.
  return !(p.type === 'function_definition' && p.childForFieldName('body') !== null);
}

const BINDING_TYPES = ['parameters', 'formal_parameters', 'parameter_list', 'lambda_parameters', 'argument_list', 'assignment',
  'augmented_assignment', 'for_in_clause', 'for_statement', 'for_binding', 'binary_operator', 'variable_declarator', 'let_declaration',
  'var_spec', 'const_spec', 'short_var_declaration', 'assignment_statement', 'assignment_expression', 'function_definition',
  'function_declaration', 'function_item', 'method_declaration'];

/** Names bound anywhere in the file: parameters, assignment targets, loop variables, defined functions. */
export function boundNames(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const addTargets = (t: SyntaxNode | null): void => {
    if (!t) return;
    if (t.type === 'identifier') out.add(t.text);
    else if (['pattern_list', 'tuple_pattern', 'expression_list', 'tuple', 'array_pattern', 'object_pattern', 'tuple_expression',
      'typed_expression', 'shorthand_property_identifier_pattern', 'open_tuple', 'bare_tuple'].includes(t.type)) {
      for (const c of operands(t)) addTargets(c);
    }
  };
  const visit = (n: SyntaxNode): void => {
    switch (n.type) {
      case 'parameters': case 'formal_parameters': case 'parameter_list': case 'lambda_parameters': case 'argument_list':
        if (n.type !== 'argument_list' || n.parent?.parent?.type === 'signature' || n.parent?.parent?.type === 'assignment') {
          for (const id of n.descendantsOfType(['identifier'])) if (id) out.add(id.text);
        }
        break;
      case 'assignment': case 'augmented_assignment': case 'for_in_clause': case 'for_statement': case 'for_binding': {
        const left = n.childForFieldName('left') ?? operands(n)[0];
        if (n.type !== 'for_statement' || left) addTargets(left ?? null);
        break;
      }
      case 'binary_operator': { // R: x <- …, f <- function(…)
        const op = n.childForFieldName('operator')?.text;
        if (op === '<-' || op === '=' || op === '<<-') addTargets(n.childForFieldName('lhs'));
        break;
      }
      case 'variable_declarator': case 'let_declaration': case 'var_spec': case 'const_spec':
        addTargets(n.childForFieldName('name') ?? n.childForFieldName('pattern'));
        break;
      case 'short_var_declaration': case 'assignment_statement': case 'assignment_expression':
        addTargets(n.childForFieldName('left'));
        break;
      case 'function_definition': case 'function_declaration': case 'function_item': case 'method_declaration': {
        const nm = n.childForFieldName('name');
        if (nm) out.add(nm.text);
        break;
      }
      default:
        break;
    }
  };
  // One search in the tree for the node types that bind names (walking every node from JavaScript costs
  // a call into the runtime per node).
  for (const n of root.descendantsOfType(BINDING_TYPES)) if (n) visit(n);
  return out;
}

const VALUE_BINDINGS = ['assignment', 'augmented_assignment', 'variable_declarator', 'assignment_expression', 'augmented_assignment_expression',
  'short_var_declaration', 'assignment_statement', 'const_spec', 'var_spec', 'let_declaration', 'const_item', 'static_item', 'binary_operator'];

/**
 * Names the file binds exactly once to a value without variables: `PI = Math.PI`, `pi = np.pi`,
 * `HALF = 0.5` (a name in capitals), and aliases of maths functions (`var pow = Math.pow`). A number
 * bound to a lower-case name stays a variable (it reads as a parameter someone may change).
 */
export function fileConstants(root: SyntaxNode, lang: HostLanguage, imported: ReadonlyMap<string, string>):
  { constants: Map<string, string>; aliases: Map<string, string> } {
  const counts = new Map<string, number>();
  const values = new Map<string, SyntaxNode>();
  for (const n of root.descendantsOfType(VALUE_BINDINGS)) {
    if (!n) continue;
    let left: SyntaxNode | null;
    let right: SyntaxNode | null;
    if (n.type === 'binary_operator') {
      const op = n.childForFieldName('operator')?.text;
      if (lang !== 'r' || !(op === '<-' || op === '=' || op === '<<-')) continue;
      left = n.childForFieldName('lhs');
      right = n.childForFieldName('rhs');
    } else {
      left = n.childForFieldName('left') ?? n.childForFieldName('name') ?? n.childForFieldName('pattern') ?? operands(n)[0] ?? null;
      right = n.childForFieldName('right') ?? n.childForFieldName('value') ?? null;
    }
    if (left?.type === 'expression_list' && operands(left).length === 1) left = operands(left)[0];
    if (right?.type === 'expression_list' && operands(right).length === 1) right = operands(right)[0];
    if (!left) continue;
    if (left.type !== 'identifier') {
      for (const id of left.descendantsOfType(['identifier'])) if (id) counts.set(id.text, 2);
      continue;
    }
    counts.set(left.text, (counts.get(left.text) ?? 0) + (UPDATES.has(n.type) || !right ? 2 : 1));
    if (right) values.set(left.text, right);
  }
  for (const p of root.descendantsOfType(['parameters', 'formal_parameters', 'parameter_list', 'lambda_parameters'])) {
    for (const c of p ? operands(p) : []) {
      // The parameter's own name: not the names read in its default value or its type.
      const own = c.type === 'identifier' ? c : c.childForFieldName('name') ?? c.childForFieldName('pattern') ?? operands(c)[0];
      if (own?.type === 'identifier') counts.set(own.text, 2);
      else for (const id of own ? own.descendantsOfType(['identifier']) : []) if (id) counts.set(id.text, 2);
    }
  }
  const constants = new Map<string, string>();
  const aliases = new Map<string, string>();
  const scope: Scope = { language: lang, bound: new Set(), importedConstants: imported };
  for (const [nm, count] of counts) {
    const v = values.get(nm);
    if (count !== 1 || !v || v.endIndex - v.startIndex > 120) continue;
    const e = toExpr(v, lang);
    if (e.k === 'attr') {
      const q = qualifiedName(e);
      if (q && isMathsFunctionName(q)) {
        aliases.set(nm, q);
        continue;
      }
    }
    const t = translate(e, scope);
    if (!t.ok || t.variables.length > 0) continue;
    if (/\b(pi|e)\b/.test(t.text) || /^[A-Z][A-Z0-9_]*$/.test(nm)) constants.set(nm, t.text);
  }
  return { constants, aliases };
}

const RUST_CONSTS: Readonly<Record<string, string>> = {
  PI: 'pi', E: 'e', TAU: '2 * pi', FRAC_PI_2: 'pi / 2', FRAC_PI_3: 'pi / 3', FRAC_PI_4: 'pi / 4', FRAC_PI_6: 'pi / 6',
  FRAC_PI_8: 'pi / 8', FRAC_1_PI: '1 / pi', FRAC_2_PI: '2 / pi', SQRT_2: 'sqrt(2)', LN_2: 'log(2)', LN_10: 'log(10)',
};

/** `from math import pi, e`, `use std::f64::consts::{PI, E}`: bare names that are constants. */
export function importedConstants(root: SyntaxNode, text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(?:math|numpy|cmath|scipy\.constants)[ \t]+import[ \t]+(\([\w\s,]*\)|[\w \t,]+)$/gm)) {
    for (const part of m[1].replace(/[()]/g, '').split(',')) {
      const [orig, alias] = part.trim().split(/\s+as\s+/);
      if (orig === 'pi' || orig === 'e') out.set(alias ?? orig, orig);
    }
  }
  for (const m of text.matchAll(/^\s*use\s+(?:std|core)::f(?:64|32)::consts::(?:\{([\w\s,]+)\}|(\w+));/gm)) {
    for (const part of (m[1] ?? m[2]).split(',')) {
      const nm = part.trim();
      const value = RUST_CONSTS[nm];
      if (value) out.set(nm, value);
    }
  }
  void root;
  return out;
}

/** The statement holding `node`: climbs until the parent is a block, a module or another container. */
function statementOf(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.parent && !isContainerChild(n)) n = n.parent;
  return n;
}

function unwrapStatement(n: SyntaxNode): SyntaxNode {
  let s = n;
  while ((s.type === 'expression_statement' || s.type === 'const_statement' || s.type === 'lexical_declaration'
    || s.type === 'variable_declaration' || s.type === 'var_declaration' || s.type === 'const_declaration') && operands(s).length === 1) {
    s = operands(s)[0];
  }
  return s;
}

/** The single statement of a function body that returns its value, if there is exactly one. */
function singleReturn(fn: SyntaxNode): SyntaxNode | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  if (!['block', 'statement_block', 'braced_expression', 'statement_list'].includes(body.type)) return body; // arrow/lambda expression body
  let stmts = operands(body);
  if (stmts.length === 1 && stmts[0].type === 'statement_list') stmts = operands(stmts[0]);
  // A docstring does not count as a statement.
  stmts = stmts.filter(s => !(s.type === 'expression_statement' && operands(s).length === 1 && STRINGS.has(operands(s)[0].type)));
  return stmts.length === 1 ? stmts[0] : undefined;
}

/** The cursor on the header of a function whose body is a block (`def f(x):`, `func F(t float64) float64 {`). */
function functionHeader(s: SyntaxNode, offset: number): string | undefined {
  let fn = s;
  if (ASSIGNMENTS.has(s.type)) {
    const right = s.childForFieldName('right') ?? s.childForFieldName('value');
    if (right && FUNCTIONS.has(right.type)) fn = right;
  }
  if (!FUNCTIONS.has(fn.type)) return undefined;
  const body = fn.childForFieldName('body');
  if (!body || !['block', 'statement_block', 'braced_expression', 'statement_list'].includes(body.type)) return undefined;
  return offset < body.startIndex ? 'the header of a function' : undefined;
}

function valueOf(stmt: SyntaxNode, lang: HostLanguage, offset: number): Value | string {
  const s = unwrapStatement(stmt);
  if (FUNCTIONS.has(s.type)) {
    const single = singleReturn(s);
    if (!single) return 'a function with several statements';
    return valueOf(single, lang, offset);
  }
  if (s.type === 'lexical_declaration' || s.type === 'variable_declaration' || s.type === 'var_declaration' || s.type === 'const_declaration') {
    const decls = operands(s);
    const here = decls.find(d => d.startIndex <= offset && offset <= d.endIndex) ?? decls[0];
    return here ? valueOf(here, lang, offset) : 'an empty declaration';
  }
  if (s.type === 'return_statement' || s.type === 'return_expression') {
    const v = operands(s)[0];
    return v ? { node: v } : 'an empty return';
  }
  if (UPDATES.has(s.type)) {
    const kids = operands(s);
    const op = s.childForFieldName('operator')?.text ?? s.children.find(c => c && /=$/.test(c.text) && c.text.length > 1)?.text ?? '';
    const target = s.childForFieldName('left') ?? kids[0];
    const rest = s.childForFieldName('right') ?? kids[kids.length - 1];
    return { node: s, updates: { target: target.text, op: op.slice(0, -1), rest } };
  }
  if (lang === 'go' && s.type === 'assignment_statement') {
    const op = s.childForFieldName('operator')?.text ?? '=';
    const left = operands(s.childForFieldName('left') ?? s)[0];
    const right = operands(s.childForFieldName('right') ?? s)[0];
    if (!left || !right) return 'an assignment of several values';
    if (op !== '=') return { node: s, updates: { target: left.text, op: op.slice(0, -1), rest: right } };
    return assignmentValue(left, right, lang, offset);
  }
  if (ASSIGNMENTS.has(s.type)) {
    const left = s.childForFieldName('left') ?? s.childForFieldName('name') ?? s.childForFieldName('pattern') ?? operands(s)[0];
    const right = s.childForFieldName('right') ?? s.childForFieldName('value') ?? operands(s)[operands(s).length - 1];
    if (!right || right === left) return 'a declaration without a value';
    const l = left.type === 'expression_list' && operands(left).length === 1 ? operands(left)[0] : left;
    const r = right.type === 'expression_list' && operands(right).length === 1 ? operands(right)[0] : right;
    return assignmentValue(l, r, lang, offset);
  }
  if (lang === 'r' && s.type === 'call' && operands(s)[0]?.text === 'return') { // R: return(value)
    const args = operands(operands(s)[1] ?? s);
    const v = args.length === 1 ? args[0].childForFieldName('value') ?? args[0] : undefined;
    return v ? { node: v } : 'a return of several values';
  }
  if (lang === 'r' && s.type === 'binary_operator') {
    const op = s.childForFieldName('operator')?.text;
    if (op === '<-' || op === '=' || op === '<<-') return assignmentValue(s.childForFieldName('lhs') ?? s, s.childForFieldName('rhs') ?? s, lang, offset);
    if (op === '->') return assignmentValue(s.childForFieldName('rhs') ?? s, s.childForFieldName('lhs') ?? s, lang, offset);
  }
  if (['if_statement', 'for_statement', 'while_statement', 'import_statement', 'import_from_statement', 'class_definition',
    'use_declaration', 'import_declaration', 'package_clause', 'using_statement', 'struct_definition', 'struct_item'].includes(s.type) && lang !== 'r') {
    return `a ${s.type.replace(/_/g, ' ')}`;
  }
  return { node: s };
}

function assignmentValue(left: SyntaxNode, right: SyntaxNode, lang: HostLanguage, offset: number): Value | string {
  if (FUNCTIONS.has(right.type)) {
    const single = singleReturn(right);
    if (!single) return 'a function with several statements';
    return valueOf(single, lang, offset);
  }
  // `q = q < lo ? lo : q`: a clamp of the variable, bookkeeping rather than a formula.
  if (left.type === 'identifier' && ['ternary_expression', 'conditional_expression'].includes(right.type)
    && operands(right).some(c => c.text === left.text)) {
    return 'a clamp of the variable';
  }
  // `s = s + …` updates s like `s += …`.
  if (left.type === 'identifier' && (right.type === 'binary_expression' || right.type === 'binary_operator')) {
    const [a, b] = operands(right);
    const op = right.childForFieldName('operator')?.text ?? right.children.find(c => c?.type === 'operator')?.text ?? '';
    if (a?.type === 'identifier' && a.text === left.text && ['+', '-', '*', '/'].includes(op)) {
      return { node: right, updates: { target: left.text, op, rest: b } };
    }
  }
  return { node: right };
}

/** Reads and translates the formula at `offset`. */
const ARRAY_TYPES = /\b(?:ndarray|NDArray|ArrayLike|Tensor|Array)\b/;
const ARRAY_MAKERS = /^(?:np|numpy|jnp|torch)\.(?:arange|linspace|logspace|array|asarray|zeros|ones|full|empty|zeros_like|ones_like|full_like|empty_like|stack|vstack|hstack|concatenate|meshgrid|tile|repeat|eye|diag|take|random\.\w+|tensor|rand|randn)$/;

/**
 * Python names holding arrays in the function (or module) around `stmt`: parameters typed as arrays
 * (`x: np.ndarray`), names assigned a slice (`w[:, 0]`), an array made by NumPy/PyTorch (`np.arange`,
 * `np.take(x, idx)` with an index that is not a literal number), or a formula over such a name.
 */
function arrayNames(formula: SyntaxNode): Set<string> {
  let holder: SyntaxNode | null = formula.parent;
  while (holder && !['function_definition', 'lambda', 'module'].includes(holder.type)) holder = holder.parent;
  const out = new Set<string>();
  if (!holder || holder.type === 'lambda') return out;
  const params = holder.type === 'function_definition' ? holder.childForFieldName('parameters') : null;
  for (const p of params ? operands(params) : []) {
    const type = p.childForFieldName('type');
    const own = p.childForFieldName('name') ?? operands(p)[0];
    if (type && own?.type === 'identifier' && ARRAY_TYPES.test(type.text)) out.add(own.text);
  }
  const assignments = holder.descendantsOfType(['assignment']).filter((a): a is SyntaxNode => {
    if (!a) return false;
    for (let n = a.parent; n && n.id !== holder.id; n = n.parent) if (n.type === 'function_definition' || n.type === 'lambda') return false;
    return true;
  });
  const isComponent = (c: SyntaxNode): boolean => { // np.take(x, 0, axis=-1): one component
    const args = operands(c.childForFieldName('arguments') ?? c);
    return (c.childForFieldName('function')?.text ?? '').endsWith('.take') && !!args[1] && /^\d+$/.test(args[1].text);
  };
  const makesArray = (v: SyntaxNode): boolean => {
    if (v.type === 'call' && isComponent(v)) return false;
    if (v.descendantsOfType(['slice']).length > 0) return true;
    for (const c of v.descendantsOfType(['call'])) {
      const f = c ? c.childForFieldName('function')?.text ?? '' : '';
      if (c && ARRAY_MAKERS.test(f) && !isComponent(c) && !insideReduction(c, v)) return true;
    }
    // A whole array read (not one literal element of it, not inside a reduction to one number).
    return v.descendantsOfType(['identifier']).some(id => id !== null && out.has(id.text) && !insideReduction(id, v)
      && !(id.parent?.type === 'subscript' && id.parent.childForFieldName('value')?.id === id.id
        && operands(id.parent).slice(1).every(i => /^\d+$/.test(i.text))));
  };
  for (let pass = 0; pass < 3; pass++) {
    const before = out.size;
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (!left || !right || !makesArray(right)) continue;
      if (left.type === 'identifier') out.add(left.text);
      else for (const id of left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.descendantsOfType(['identifier']) : []) if (id) out.add(id.text);
    }
    if (out.size === before) break;
  }
  return out;
}

const REDUCTIONS = /^(?:(?:np|numpy|jnp|torch)\.(?:sum|prod|mean|max|min|amax|amin|linalg\.norm|dot|vdot|inner|trace|median|std|var)|sum|len|max|min)$|\.(?:sum|prod|mean|max|min|norm|item)$/;

/** Whether `id` is read inside a call that reduces an array to a number (np.sum, x.sum()), below `top`. */
function insideReduction(id: SyntaxNode, top: SyntaxNode): boolean {
  for (let n = id.parent; n && n.id !== top.parent?.id; n = n.parent) {
    if (n.type === 'call' && REDUCTIONS.test(n.childForFieldName('function')?.text ?? '')) return true;
  }
  return false;
}

export function locate(root: SyntaxNode, offset: number, lang: HostLanguage, fileScope: Scope): Located {
  const node = root.descendantForIndex(offset, offset);
  if (!node) return { kind: 'none', reason: 'nothing here' };
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (COMMENTS.has(n.type)) return { kind: 'comment', start: n.startIndex, end: n.endIndex };
    if (STRINGS.has(n.type)) {
      const s = n.type === 'string_content' ? n.parent ?? n : n;
      const holder = s.parent;
      const docstring = holder && holder.type === 'expression_statement' && operands(holder).length === 1
        || holder?.type === 'source_file' || holder?.type === 'module' || holder?.type === 'block';
      if (docstring) return { kind: 'docstring', start: s.startIndex, end: s.endIndex };
      return { kind: 'none', reason: 'inside a string' };
    }
  }
  const stmt = statementOf(node);
  if (stmt.hasError) return { kind: 'none', reason: 'a statement with a syntax error' };
  const header = functionHeader(unwrapStatement(stmt), offset);
  if (header) return { kind: 'none', reason: header };
  const value = valueOf(stmt, lang, offset);
  if (typeof value === 'string') return { kind: 'none', reason: value };
  const arrays = lang === 'python' ? arrayNames(value.node) : undefined;
  const scope: Scope = arrays && arrays.size > 0 ? { ...fileScope, arrays } : fileScope;

  if (value.updates) {
    const rest = translate(toExpr(value.updates.rest, lang), scope);
    if (!rest.ok) return { kind: 'none', reason: rest.reason };
    // A counter or an accumulator stepping by a constant or a single value (`i += 1`, `res <- res + 0.5`,
    // `s += x`) is bookkeeping, not a formula; an update by a formula shows the value it computes.
    if (rest.operations === 0 || rest.variables.length === 0) return { kind: 'none', reason: 'an accumulator update' };
    const op = value.updates.op as '+' | '-' | '*' | '/';
    if (!['+', '-', '*', '/'].includes(op)) return { kind: 'none', reason: `the update ${op}=` };
    const whole: Expr = { k: 'bin', op, a: { k: 'name', n: value.updates.target }, b: toExpr(value.updates.rest, lang) };
    const t = translate(whole, scope);
    if (!t.ok) return { kind: 'none', reason: t.reason };
    return { kind: 'code', translation: t, start: value.node.startIndex, end: value.node.endIndex };
  }

  const first = translate(toExpr(value.node, lang), scope);
  if (first.ok) return { kind: 'code', translation: first, start: value.node.startIndex, end: value.node.endIndex };
  // A statement that is no formula as a whole shows nothing: a piece of a larger formula is not the
  // formula. The one exception is a direct argument of a call that only displays or records values
  // (plot(x, exp(-x^2)), print(…)), when the cursor is inside that argument.
  if (!DISPLAY_CALLS.has(calleeTail(value.node))) return { kind: 'none', reason: first.reason };
  const args = value.node.childForFieldName('arguments') ?? operands(value.node)[1];
  for (const a of args ? operands(args) : []) {
    if (a.startIndex > offset || offset > a.endIndex) continue;
    const t = translate(toExpr(a, lang), scope);
    if (t.ok) return { kind: 'code', translation: t, start: a.startIndex, end: a.endIndex };
  }
  return { kind: 'none', reason: first.reason };
}

/** Calls that display, print or record their arguments: an argument of them may be a formula of its own. */
const DISPLAY_CALLS = new Set(['print', 'println', 'printf', 'plot', 'plot3', 'scatter', 'semilogy', 'semilogx', 'loglog',
  'display', 'show', 'console.log', 'disp', 'cat', 'message', 'fprintf', 'lines', 'points', 'curve']);

/** `print` for print(…), `plot` for plt.plot(…) or d2l.plot(…), `console.log` kept whole; '' for anything else. */
function calleeTail(n: SyntaxNode): string {
  if (n.type !== 'call' && n.type !== 'call_expression') return '';
  const f = n.childForFieldName('function') ?? operands(n)[0];
  if (!f) return '';
  if (f.text === 'console.log') return 'console.log';
  const m = /(?:^|\.)([A-Za-z_]\w*)$/.exec(f.text);
  return m ? m[1] : '';
}
