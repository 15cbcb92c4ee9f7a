/**
 * Tree-sitter syntax nodes → the neutral expression tree (ast.ts), with each language's meaning of
 * its operators decided here. One reader serves the grammars of Python, JavaScript/TypeScript, Go,
 * Rust and R: their node types differ in name more than in shape, and where two grammars
 * use one name (binary_expression) the operands are read by position, not by field.
 */
import { bad, bin, BinaryOp, Expr, isIntegerLiteral, name, numberLiteral } from './ast';
import type { SyntaxNode } from './treesitter';
import type { HostLanguage } from './translate';

const COMMENTISH = new Set(['comment', 'line_comment', 'block_comment', 'line_continuation']);

/** Named children that are operands (not comments, not `operator` tokens). */
export function operands(n: SyntaxNode): SyntaxNode[] {
  return n.namedChildren.filter((c): c is SyntaxNode => c !== null && !COMMENTISH.has(c.type) && c.type !== 'operator');
}

/** The operator token between the operands of a binary/unary node. */
function operatorText(n: SyntaxNode): string {
  const field = n.childForFieldName('operator');
  if (field) return field.text;
  for (const c of n.children) {
    if (!c) continue;
    if (c.type === 'operator' || (!c.isNamed && !'()[]{},'.includes(c.type))) return c.text;
  }
  return '';
}

const XOR_LANGUAGES = new Set<HostLanguage>(['python', 'javascript', 'go', 'rust', 'c']);
/** Languages whose `/` truncates when both operands are integers. */
const INTEGER_DIVISION = new Set<HostLanguage>(['go', 'rust', 'c']);

function binaryOp(op: string, lang: HostLanguage): BinaryOp | string {
  switch (op) {
    case '+': case '-': case '*': case '/': case '<': case '>': case '<=': case '>=': case '==': case '!=':
      return op;
    case '.+': case '.-': case '.*': case './':
      return lang === 'julia' || lang === 'matlab' ? op.slice(1) : `${op} is not arithmetic here`;
    case '**':
      return lang === 'python' || lang === 'javascript' || lang === 'r' || lang === 'text' ? '^' : `** is not a power in ${lang}`;
    case '^':
      return XOR_LANGUAGES.has(lang) ? `^ is XOR (bitwise) in ${lang}, not a power` : '^';
    case '.^':
      return lang === 'julia' || lang === 'matlab' ? '^' : '.^ is not a power here';
    case '%':
      return lang === 'python' ? 'mod' : `% is a truncated remainder in ${lang}, not mathjs's mod`;
    case '%%':
      return lang === 'r' ? 'mod' : '%% is not an operator here';
    case '===': return lang === 'javascript' ? '==' : '=== is not a comparison of numbers here';
    case '!==': return lang === 'javascript' ? '!=' : '!== is not a comparison of numbers here';
    case '~=': return lang === 'matlab' ? '!=' : '~= is not a comparison here';
    case '&&': case 'and': return 'and';
    case '||': case 'or': return 'or';
    default:
      return `the operator ${op}`;
  }
}

const isOp = (x: BinaryOp | string): x is BinaryOp =>
  ['+', '-', '*', '/', '^', 'mod', '<', '>', '<=', '>=', '==', '!=', 'and', 'or'].includes(x);

/** Reads an expression node; constructs with no mathjs meaning become `bad` nodes with the reason. */
export function toExpr(n: SyntaxNode | null | undefined, lang: HostLanguage): Expr {
  if (!n) return bad('an incomplete expression');
  if (n.hasError) return bad('a syntax error');
  const kids = operands(n);
  switch (n.type) {
    case 'integer': case 'float': case 'number': case 'int_literal': case 'float_literal': case 'integer_literal':
      return numberLiteral(n.text.replace(/L$/, ''));
    case 'identifier': case 'field_identifier': case 'property_identifier':
      return name(n.text);
    case 'parenthesized_expression':
      return kids.length === 1 ? toExpr(kids[0], lang) : bad('a tuple');
    case 'expression_statement': case 'expression_list':
      return kids.length === 1 ? toExpr(kids[0], lang) : bad('several expressions');
    case 'as_expression': case 'non_null_expression': case 'satisfies_expression': case 'type_assertion':
      return toExpr(kids[0], lang); // TypeScript types do not change values
    case 'type_cast_expression': {
      const type = n.childForFieldName('type')?.text ?? '';
      return type === 'f64' || type === 'f32' ? toExpr(n.childForFieldName('value'), lang) : bad(`a cast to ${type}`);
    }
    case 'binary_expression': case 'binary_operator': case 'boolean_operator': {
      if (kids.length !== 2) return bad('an operator with missing operands');
      const [a, b] = kids;
      const op = operatorText(n);
      if (lang === 'r' && (op === '<-' || op === '=' || op === '<<-' || op === '->')) return bad('an assignment');
      if (op === '//' && lang === 'python') return { k: 'call', f: name('floor'), args: [bin('/', toExpr(a, lang), toExpr(b, lang))] };
      if (op === ':' && (lang === 'r' || lang === 'julia')) return { k: 'range', from: toExpr(a, lang), to: toExpr(b, lang) };
      const mapped = binaryOp(op, lang);
      if (!isOp(mapped)) return bad(mapped);
      if (mapped === '/' && INTEGER_DIVISION.has(lang) && isIntegerLiteral(a.text) && isIntegerLiteral(b.text)) {
        return bad(`${n.text} is an integer division in ${lang}`);
      }
      return bin(mapped, toExpr(a, lang), toExpr(b, lang));
    }
    case 'comparison_operator': { // Python chains: a < b <= c
      const ops = n.children.filter(c => c && (!c.isNamed || c.type === 'operator') && c.type !== '(' && c.type !== ')')
        .map(c => binaryOp(c?.text ?? '', lang));
      if (!ops.every(isOp)) return bad(ops.find(o => !isOp(o)) ?? 'a comparison');
      const items = kids.map(k => toExpr(k, lang));
      return ops.length === 1 ? bin(ops[0] as BinaryOp, items[0], items[1]) : { k: 'chain', ops: ops as BinaryOp[], items };
    }
    case 'not_operator':
      return { k: 'unary', op: 'not', a: toExpr(kids[0], lang) };
    case 'unary_expression': case 'unary_operator': {
      const op = operatorText(n);
      const a = toExpr(kids[0], lang);
      if (op === '-' || op === '+') return { k: 'unary', op, a };
      if (op === '!' || op === 'not') return lang === 'rust' ? bad('! is bitwise on numbers in Rust') : { k: 'unary', op: 'not', a };
      if (op === '√') return { k: 'call', f: name('sqrt'), args: [a] };
      if (op === '∛') return { k: 'call', f: name('cbrt'), args: [a] };
      return bad(`the prefix operator ${op}`);
    }
    case 'augmented_assignment_expression': { // JavaScript: (t -= 2) inside an expression
      const op = operatorText(n);
      if (lang !== 'javascript' || kids.length !== 2 || kids[0].type !== 'identifier' || !['+=', '-=', '*=', '/='].includes(op)) {
        return bad('an assignment inside an expression');
      }
      return { k: 'assign', op: op[0] as '+' | '-' | '*' | '/', target: kids[0].text, value: toExpr(kids[1], lang) };
    }
    case 'update_expression': {
      const first = n.children[0];
      const prefix = !!first && !first.isNamed;
      const op = operatorText(n);
      return op === '++' || op === '--' ? { k: 'update', op, prefix, a: toExpr(kids[0], lang) } : bad(`the operator ${op}`);
    }
    case 'conditional_expression': // Python: a if c else b
      return kids.length === 3 ? { k: 'cond', c: toExpr(kids[1], lang), a: toExpr(kids[0], lang), b: toExpr(kids[2], lang) } : bad('a conditional');
    case 'ternary_expression':
      return kids.length === 3 ? { k: 'cond', c: toExpr(kids[0], lang), a: toExpr(kids[1], lang), b: toExpr(kids[2], lang) } : bad('a conditional');
    case 'if_statement': { // R: if (c) a else b is an expression
      if (lang !== 'r') return bad('a statement');
      const c = n.childForFieldName('condition');
      const a = n.childForFieldName('consequence');
      const b = n.childForFieldName('alternative');
      return c && a && b ? { k: 'cond', c: toExpr(c, lang), a: toExpr(a, lang), b: toExpr(b, lang) } : bad('an if without else');
    }
    case 'call': case 'call_expression':
      return callExpr(n, kids, lang);
    case 'attribute': case 'member_expression': case 'selector_expression': case 'field_expression': case 'scoped_identifier': {
      if (kids.length !== 2) return bad('a member access');
      if (n.type === 'member_expression' && n.children.some(c => c?.type === '?.')) return bad('optional chaining');
      return { k: 'attr', o: toExpr(kids[0], lang), n: kids[1].text };
    }
    case 'subscript': case 'subscript_expression': case 'index_expression': case 'subset': {
      const [o, ...rest] = kids;
      let idx: SyntaxNode[] = rest;
      if (rest.length === 1 && (rest[0].type === 'vector_expression' || rest[0].type === 'arguments')) idx = operands(rest[0]);
      if (idx.some(i => i.type === 'slice' || i.type === 'range_expression')) return bad('a slice');
      if (n.type === 'subset') idx = idx.map(a => (a.type === 'argument' ? a.childForFieldName('value') ?? a : a));
      return { k: 'index', o: toExpr(o, lang), idx: idx.map(i => toExpr(i, lang)) };
    }
    case 'list': case 'array': case 'vector_expression':
      return { k: 'list', items: kids.map(k => toExpr(k, lang)) };
    case 'list_comprehension': case 'generator_expression': case 'comprehension_expression':
      return comprehension(n, kids, lang);
    case 'range_expression':
      return kids.length === 2 ? { k: 'range', from: toExpr(kids[0], lang), to: toExpr(kids[1], lang) } : bad('a range with a step');
    case 'true': case 'false': case 'none': case 'null': case 'undefined': case 'boolean_literal': case 'nil':
      return bad(`${n.text} is not a number`);
    default:
      if (/string|template/.test(n.type)) return bad('a string');
      return bad(`${n.type.replace(/_/g, ' ')}`);
  }
}

function argumentNodes(args: SyntaxNode | null): SyntaxNode[] | string {
  if (!args) return [];
  const list = operands(args);
  if (list.some(a => a.type === 'keyword_argument' || a.type === 'named_argument' || a.type === 'spread_element'
    || a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'splat_expression')) return 'a call with keyword or spread arguments';
  return list;
}

/** A constant a Rust conversion call may wrap: number literals with arithmetic between them, or a constant's name. */
const RUST_CONSTANT_ARGUMENT = /^(?:[-+*/().\d_]|[eE][-+]?\d|f32|f64)+$|^(?:[\w:]*::)?[A-Z][A-Z0-9_]*$/;

function callExpr(n: SyntaxNode, kids: SyntaxNode[], lang: HostLanguage): Expr {
  const fnNode = n.childForFieldName('function') ?? kids[0];
  const argsNode = n.childForFieldName('arguments') ?? kids[kids.length - 1];
  if (!fnNode || !argsNode || fnNode === argsNode) return bad('a call');
  if (n.childForFieldName('type_arguments')) return bad('a generic call');
  if (argsNode.type === 'generator_expression') return { k: 'call', f: toExpr(fnNode, lang), args: [toExpr(argsNode, lang)] };
  if (argsNode.type === 'template_string') return bad('a tagged template');
  const f = toExpr(fnNode, lang);
  if (lang === 'r') {
    const args: Expr[] = [];
    for (const a of operands(argsNode)) {
      const argName = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (argName !== undefined && !(argName === 'base' && fnNode.text === 'log')) return bad(`the named argument ${argName}`);
      args.push(toExpr(value, lang));
    }
    if (f.k === 'name' && f.n === 'c') return { k: 'list', items: args };
    return { k: 'call', f, args };
  }
  const list = argumentNodes(argsNode);
  if (typeof list === 'string') return bad(list);
  // Rust conversions of a number literal to the generic float type (`lit::<F>(2.0)`, `F::from(0.5)`) are that number.
  if (lang === 'rust' && list.length === 1 && RUST_CONSTANT_ARGUMENT.test(list[0].text.replace(/\s/g, ''))
    && (fnNode.type === 'generic_function' || /^[A-Z]\w*::(?:from|from_f64|from_f32)$/.test(fnNode.text))) {
    return toExpr(list[0], lang);
  }
  // Go conversions float64(x) keep the value.
  if (lang === 'go' && f.k === 'name' && (f.n === 'float64' || f.n === 'float32') && list.length === 1) return toExpr(list[0], lang);
  return { k: 'call', f, args: list.map(a => toExpr(a, lang)) };
}

function generator(body: SyntaxNode, clause: SyntaxNode, lang: HostLanguage): Expr {
  // Python: for_in_clause(left, right).
  const v = clause.childForFieldName('left');
  const iter = clause.childForFieldName('right');
  if (!v || !iter || v.type !== 'identifier') return bad('a generator over a pattern');
  return { k: 'gen', body: toExpr(body, lang), v: v.text, iter: toExpr(iter, lang) };
}

function comprehension(n: SyntaxNode, kids: SyntaxNode[], lang: HostLanguage): Expr {
  const clauses = kids.filter(k => k.type === 'for_in_clause');
  if (kids.some(k => k.type === 'if_clause')) return bad('a comprehension with a condition');
  const body = n.childForFieldName('body') ?? kids.find(k => k.type !== 'for_in_clause');
  if (clauses.length !== 1 || !body) return bad('a comprehension with several loops');
  return { k: 'list', items: [generator(body, clauses[0], lang)] };
}
