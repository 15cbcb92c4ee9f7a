/**
 * The gradient as code in the languages people paste it into: Python (NumPy), PyTorch,
 * JavaScript, Julia — each a function of the variables returning the partial derivatives — and
 * LaTeX. The mathjs texts of the partials are re-parsed and printed node by node with each
 * language's operators, precedence and function names, so the result parses back in that
 * language and computes the same values (the unit tests evaluate it there).
 *
 * What a language cannot say exactly is refused rather than approximated: mathjs's round (half
 * away from zero), nthRoot, logical operators, a variable named like a keyword of the language.
 */
import { fail, ok, Result } from '../result';
import { calleeName, isConditional, isConstant, isFunction, isOperator, isParenthesis, isSymbol, math, MathNode, op } from './mathjs';
import { symbolTex } from './tex';

/** `jax` (jax.numpy) and `keras` (keras.ops) serve the exported optax and Keras scripts. */
export type CodeLanguage = 'numpy' | 'pytorch' | 'javascript' | 'julia' | 'jax' | 'keras';
export type GradientLanguage = CodeLanguage | 'latex';

export const GRADIENT_LANGUAGES: readonly { id: GradientLanguage; label: string }[] = [
  { id: 'numpy', label: 'Python (NumPy)' },
  { id: 'pytorch', label: 'PyTorch' },
  { id: 'javascript', label: 'JavaScript' },
  { id: 'latex', label: 'LaTeX' },
  { id: 'julia', label: 'Julia' },
];

/** What the printers need of a parsed objective (CompiledObjective has it). */
export interface GradientSource {
  variables: string[];
  gradient: { variable: string; text: string; tex: string }[];
}

interface Dialect {
  pow: string;
  pi: string;
  e: string;
  /** The call for a whitelisted mathjs function, or undefined when the language has no exact equivalent. */
  call(name: string, args: string[]): string | undefined;
  conditional(test: string, then: string, otherwise: string): string;
  /** How a function's argument that is only numbers is passed (PyTorch: as a float64 tensor). */
  constantArgument?: (text: string) => string;
  keywords: ReadonlySet<string>;
}

const PYTHON_KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'np', 'torch', 'math', 'grad_f']);
const JS_KEYWORDS = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface',
  'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true',
  'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'arguments', 'eval', 'Math', 'gradF', 'undefined', 'NaN', 'Infinity']);
const JULIA_KEYWORDS = new Set(['baremodule', 'begin', 'break', 'catch', 'const', 'continue', 'do', 'else', 'elseif', 'end', 'export',
  'false', 'finally', 'for', 'function', 'global', 'if', 'import', 'let', 'local', 'macro', 'module', 'quote', 'return', 'struct',
  'true', 'try', 'using', 'while', 'pi', 'grad_f']);

/** Functions with the same name and meaning in NumPy, PyTorch, JavaScript's Math and Julia (one argument). */
const PLAIN_UNARY = ['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'sqrt', 'abs', 'sign', 'floor', 'ceil', 'log10', 'log2', 'expm1', 'log1p'];
/** Inverse trigonometric functions: arcsin in NumPy, asin elsewhere. */
const INVERSE = ['asin', 'acos', 'atan', 'asinh', 'acosh', 'atanh'];

/** Calls that are the same shape in every language once `f` names the library function. */
function commonCall(f: (name: string) => string, name: string, a: string[], d: { min: string; max: string; atan2: string; mod: (x: string, y: string) => string; hypot: (x: string, y: string) => string }): string | undefined {
  const [x, y] = a;
  if (a.length === 1 && PLAIN_UNARY.includes(name)) return `${f(name)}(${x})`;
  if (a.length === 1) {
    switch (name) {
      case 'log': return `${f('log')}(${x})`;
      case 'square': return `(${x}) * (${x})`;
      case 'cube': return `(${x}) * (${x}) * (${x})`;
      case 'cbrt': return `${f('cbrt')}(${x})`;
      case 'sec': return `(1 / ${f('cos')}(${x}))`;
      case 'csc': return `(1 / ${f('sin')}(${x}))`;
      case 'cot': return `(1 / ${f('tan')}(${x}))`;
      case 'sech': return `(1 / ${f('cosh')}(${x}))`;
      case 'csch': return `(1 / ${f('sinh')}(${x}))`;
      case 'coth': return `(1 / ${f('tanh')}(${x}))`;
    }
  }
  if (a.length === 2) {
    switch (name) {
      case 'log': return `(${f('log')}(${x}) / ${f('log')}(${y}))`;
      case 'atan2': return `${d.atan2}(${x}, ${y})`;
      case 'mod': return d.mod(x, y);
      case 'hypot': return d.hypot(x, y);
    }
  }
  if (a.length >= 2 && (name === 'min' || name === 'max')) {
    return a.slice(1).reduce((acc, v) => `${name === 'min' ? d.min : d.max}(${acc}, ${v})`, a[0]);
  }
  return undefined;
}

const DIALECTS: Record<CodeLanguage, Dialect> = {
  numpy: {
    pow: '**', pi: 'np.pi', e: 'np.e', keywords: PYTHON_KEYWORDS,
    call: (name, a) => {
      const f = (n: string) => `np.${INVERSE.includes(n) ? `arc${n.slice(1)}` : n}`;
      if (a.length === 1 && INVERSE.includes(name)) return `${f(name)}(${a[0]})`;
      return commonCall(f, name, a, { min: 'np.minimum', max: 'np.maximum', atan2: 'np.arctan2', mod: (x, y) => `np.mod(${x}, ${y})`, hypot: (x, y) => `np.hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `np.where(${c}, ${t}, ${o})`,
  },
  pytorch: {
    pow: '**', pi: 'math.pi', e: 'math.e', keywords: PYTHON_KEYWORDS,
    call: (name, a) => {
      const f = (n: string) => `torch.${n}`;
      if (a.length === 1 && INVERSE.includes(name)) return `torch.${name}(${a[0]})`;
      // torch has no cbrt: the real cube root is sign(x)·|x|^(1/3).
      if (name === 'cbrt' && a.length === 1) return `(torch.sign(${a[0]}) * torch.abs(${a[0]}) ** (1 / 3))`;
      return commonCall(f, name, a, { min: 'torch.minimum', max: 'torch.maximum', atan2: 'torch.atan2', mod: (x, y) => `torch.remainder(${x}, ${y})`, hypot: (x, y) => `torch.hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `torch.where(${c}, ${t}, ${o})`,
    constantArgument: text => `torch.tensor(${text}, dtype=torch.float64)`,
  },
  jax: {
    pow: '**', pi: 'jnp.pi', e: 'jnp.e', keywords: new Set([...PYTHON_KEYWORDS, 'jnp', 'jax', 'optax']),
    call: (name, a) => {
      const f = (n: string) => `jnp.${INVERSE.includes(n) ? `arc${n.slice(1)}` : n}`;
      if (a.length === 1 && INVERSE.includes(name)) return `${f(name)}(${a[0]})`;
      return commonCall(f, name, a, { min: 'jnp.minimum', max: 'jnp.maximum', atan2: 'jnp.arctan2', mod: (x, y) => `jnp.mod(${x}, ${y})`, hypot: (x, y) => `jnp.hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `jnp.where(${c}, ${t}, ${o})`,
  },
  keras: {
    pow: '**', pi: 'math.pi', e: 'math.e', keywords: new Set([...PYTHON_KEYWORDS, 'keras', 'tf', 'ops']),
    call: (name, a) => {
      const f = (n: string) => `ops.${INVERSE.includes(n) ? `arc${n.slice(1)}` : n}`;
      if (a.length === 1 && INVERSE.includes(name)) return `${f(name)}(${a[0]})`;
      return commonCall(f, name, a, { min: 'ops.minimum', max: 'ops.maximum', atan2: 'ops.arctan2', mod: (x, y) => `ops.mod(${x}, ${y})`, hypot: (x, y) => `ops.hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `ops.where(${c}, ${t}, ${o})`,
  },
  javascript: {
    pow: '**', pi: 'Math.PI', e: 'Math.E', keywords: JS_KEYWORDS,
    call: (name, a) => {
      const f = (n: string) => `Math.${n}`;
      if (a.length === 1 && INVERSE.includes(name)) return `Math.${name}(${a[0]})`;
      // mathjs mod: x − y·floor(x/y) (the sign of y), unlike JavaScript's %.
      return commonCall(f, name, a, { min: 'Math.min', max: 'Math.max', atan2: 'Math.atan2', mod: (x, y) => `((${x}) - (${y}) * Math.floor((${x}) / (${y})))`, hypot: (x, y) => `Math.hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `(${c} ? ${t} : ${o})`,
  },
  julia: {
    pow: '^', pi: 'pi', e: 'exp(1)', keywords: JULIA_KEYWORDS,
    call: (name, a) => {
      const f = (n: string) => n;
      if (a.length === 1 && INVERSE.includes(name)) return `${name}(${a[0]})`;
      // Julia's log(b, x) takes the base first.
      if (name === 'log' && a.length === 2) return `log(${a[1]}, ${a[0]})`;
      return commonCall(f, name, a, { min: 'min', max: 'max', atan2: 'atan', mod: (x, y) => `mod(${x}, ${y})`, hypot: (x, y) => `hypot(${x}, ${y})` });
    },
    conditional: (c, t, o) => `(${c} ? ${t} : ${o})`,
  },
};

// Binding strength, loosest first. Unary minus binds looser than ^ in every target (−x^2 = −(x^2)).
const PREC = { conditional: 1, compare: 2, add: 3, mul: 4, unary: 5, pow: 6, atom: 9 } as const;
const COMPARE = new Set(['<', '>', '<=', '>=', '==', '!=']);

interface Printed {
  text: string;
  prec: number;
  /** Only numbers and pi/e: PyTorch's functions need a tensor there. */
  constant?: boolean;
}

function printNode(n: MathNode, d: Dialect): Printed {
  if (isParenthesis(n)) return printNode(n.content, d);
  if (isConstant(n)) {
    const v = n.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`the constant ${String(v)}`);
    return { text: String(v), prec: v < 0 ? PREC.unary : PREC.atom, constant: true };
  }
  if (isSymbol(n)) {
    if (n.name === 'pi') return { text: d.pi, prec: PREC.atom, constant: true };
    if (n.name === 'e') return { text: d.e, prec: PREC.atom, constant: true };
    if (d.keywords.has(n.name)) throw new Error(`the name '${n.name}' (a keyword or library name there)`);
    return { text: n.name, prec: PREC.atom };
  }
  if (isConditional(n)) {
    const c = printNode(n.condition, d).text;
    return { text: d.conditional(c, printNode(n.trueExpr, d).text, printNode(n.falseExpr, d).text), prec: PREC.atom };
  }
  if (isFunction(n)) {
    const name = calleeName(n);
    if (name === 'pow' && n.args.length === 2) return printNode(op('^', 'pow', n.args), d);
    const printed = n.args.map(a => printNode(a, d));
    const args = printed.map(a => (a.constant && d.constantArgument ? d.constantArgument(a.text) : a.text));
    const text = name ? d.call(name, args) : undefined;
    if (text === undefined) throw new Error(`the function ${name ?? '?'} with ${args.length} argument(s)`);
    return { text, prec: PREC.atom, constant: printed.every(a => a.constant) };
  }
  if (isOperator(n)) {
    const args = n.args;
    if (args.length === 1 && (n.op === '-' || n.op === '+')) {
      const a = printNode(args[0], d);
      const inner = a.prec >= PREC.atom ? a.text : `(${a.text})`;
      return { text: n.op === '-' ? `-${inner}` : inner, prec: PREC.unary, constant: a.constant };
    }
    if (args.length === 2 && n.op === 'mod') {
      const text = d.call('mod', args.map(a => printNode(a, d).text));
      if (text === undefined) throw new Error('mod');
      return { text, prec: PREC.atom };
    }
    if (args.length === 2) {
      const op = n.op === '^' ? d.pow : n.op;
      const prec = n.op === '^' ? PREC.pow : n.op === '*' || n.op === '/' ? PREC.mul : n.op === '+' || n.op === '-' ? PREC.add : COMPARE.has(n.op) ? PREC.compare : 0;
      if (!prec) throw new Error(`the operator ${n.op}`);
      const l = printNode(args[0], d);
      const r = printNode(args[1], d);
      // ^ is right-associative: its left side needs brackets at equal strength (and around a
      // negative base); + − × ÷ are left-associative: the right side does; comparisons never
      // chain (Python reads a < b < c as a < b and b < c): both sides do.
      const lText = (n.op === '^' || prec === PREC.compare ? l.prec <= prec : l.prec < prec) ? `(${l.text})` : l.text;
      const rText = (n.op === '^' ? r.prec < PREC.atom : r.prec <= prec) ? `(${r.text})` : r.text;
      return { text: `${lText} ${op} ${rText}`, prec, constant: l.constant && r.constant };
    }
  }
  throw new Error(`a ${n.type}`);
}

/** Parsed texts, most recent last: the printers of one gradient's languages read the same few. */
const parsed = new Map<string, MathNode>();
const PARSED_SIZE = 64;

function parseText(text: string): MathNode {
  let node = parsed.get(text);
  if (node === undefined) {
    node = math.parse(text);
    if (parsed.size >= PARSED_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, node);
  }
  return node; // printNode only reads it
}

/** One mathjs expression in a language's syntax. */
export function printExpression(text: string, language: CodeLanguage): Result<string> {
  try {
    return ok(printNode(parseText(text), DIALECTS[language]).text);
  } catch (e) {
    const what = e instanceof Error ? e.message : String(e);
    return fail(`cannot write ${what} in ${language}`);
  }
}

/** The gradient as a function `grad_f(x, y, …)` (gradF in JavaScript) returning ∂f/∂v in variable order; LaTeX as an aligned block. */
export function gradientCode(o: GradientSource, language: GradientLanguage): Result<string> {
  if (o.gradient.some(p => !p.text)) return fail('a partial derivative has no closed form to print');
  if (language === 'latex') {
    const rows = o.gradient.map(p => `${partialTex(p.variable)} &= ${p.tex}`);
    return ok(`\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`);
  }
  const d = DIALECTS[language];
  const bad = o.variables.find(v => d.keywords.has(v) || v === 'e' || v === 'pi');
  if (bad !== undefined) return fail(`the variable '${bad}' is a reserved name in ${language}`);
  const parts: string[] = [];
  for (const p of o.gradient) {
    const r = printExpression(p.text, language);
    if (!r.ok) return r;
    parts.push(r.value);
  }
  const params = o.variables.join(', ');
  switch (language) {
    case 'numpy':
      return ok(`import numpy as np\n\n\ndef grad_f(${params}):\n    return np.array([${parts.join(', ')}])\n`);
    case 'pytorch':
      return ok(`import math\nimport torch\n\n\ndef grad_f(${params}):\n    return (${parts.join(', ')}${parts.length === 1 ? ',' : ''})\n`);
    case 'javascript':
      return ok(`function gradF(${params}) {\n  return [${parts.join(', ')}];\n}\n`);
    case 'julia':
      return ok(`grad_f(${params}) = [${parts.join(', ')}]\n`);
    case 'jax':
      return ok(`import jax.numpy as jnp\n\n\ndef grad_f(${params}):\n    return jnp.array([${parts.join(', ')}])\n`);
    case 'keras':
      return ok(`import math\nfrom keras import ops\n\n\ndef grad_f(${params}):\n    return ops.stack([${parts.join(', ')}])\n`);
  }
}

/** ∂f/∂v in TeX, v written as in the partials' TeX (x1 → x_{1}, alpha → \alpha). */
export function partialTex(variable: string): string {
  return `\\frac{\\partial f}{\\partial ${symbolTex(variable)}}`;
}
