/**
 * TeX maths → mathjs text, or a refusal. The TeX is parsed by a real LaTeX maths parser
 * (parse.ts); this file gives the tree the meaning people use in optimisation notes:
 *
 *   - `f(x) = …`, `L(\theta) = …`, `f(\mathbf{x}) = …`: the left side names the variables, in order
 *     (a vector parameter written only through its components x_1, x_2 becomes those components);
 *     symbols the left side does not list follow it in order of appearance (`f(x) = \cosh(cx)` →
 *     `f(x, c) = cosh(c * x)`).
 *   - `a = b = c`: the last side is the formula (every side is claimed equal; the last is usually the
 *     closed form). Left sides only name it, so they may be derivatives or continued rows
 *     (`\frac{dg}{dx}(x) = 6x - 1`, `= 4(x+1)^3`); the last side must hold no derivative, gradient,
 *     integral or limit, and must not be a constant (`f(x) = 0` is an equation, not a function), a
 *     single variable (`$\eta$`) or an index expression (`$t-1$`).
 *   - `x_1` → x1, `x_{12}` → x12, `\theta_0` → theta0 (recorded in `renamed`); `x_t` stays x_t.
 *     Upright style is dropped; bold is a vector or a matrix and is refused, except the components
 *     `\mathbf{x}_1` of a bold parameter of the left side. `x_{ij}` (an index pair) is refused.
 *   - Names the parser gives a constant's meaning are variables here: `\gamma` (Euler's constant to
 *     the parser), `\varphi` (the golden ratio). `f` and `g` name functions and are never variables.
 *   - `\log` and `\ln` are the natural logarithm (the convention of optimisation and ML texts);
 *     `\lg` and `\log_{10}` base 10, `\log_2` base 2.
 *   - `\|w\|`, `\|w\|^2`: the Euclidean norm over the components w_1, w_2, … written elsewhere in the
 *     same formula; without explicit components the norm is refused.
 *   - `\sum` / `\prod` with integer bounds expand (index substituted in subscripts); other bounds, or
 *     a term after the sum that still uses its index, refuse.
 *   - A name directly followed by parentheses, `c(x)`, is a call of an unknown function (refused)
 *     unless the name is used elsewhere in the formula as a plain variable or is a parameter of the
 *     left side, in which case it is a product (`f(x) = x(1 - x)`).
 *   - A condition, domain or label after the formula (`\textrm{ for } 0 \le x \le 1`,
 *     `\quad \textrm{exponential decay}`) is dropped; other text refuses.
 *   - Relations (`\le`, `<`, `\approx`, `\in`, `\leftarrow`), sets, matrices, vectors, transposes,
 *     primes, hats, bars, `\sin^{-1}` (inverse or reciprocal), parenthesised superscripts (`x^{(k)}`),
 *     elided terms (`\ldots`) and anything the parser could not read are refused.
 */
import { parseTex, TexNode } from './parse';

export type TexTranslation =
  | { ok: true; expression: string; renamed?: Record<string, string> }
  | { ok: false; reason: string };

class Refusal {
  constructor(readonly reason: string) {}
}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/** Lower-case Greek letter names the parser returns as symbols (and the upper-case ones TeX has). */
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'omicron', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);
/** The parser's names for the variant letters (`\varphi` comes back as the golden ratio). */
const VARIANTS: Record<string, string> = {
  epsilonSymbol: 'varepsilon', thetaSymbol: 'vartheta', rhoSymbol: 'varrho', piSymbol: 'varpi',
  finalSigma: 'varsigma', GoldenRatio: 'varphi', kappaSymbol: 'varkappa', phiSymbol: 'varphi',
  // \gamma comes back as the Euler–Mascheroni constant; in optimisation texts it is a coefficient.
  EulerGamma: 'gamma',
};
/** Symbol style suffixes that do not change the name (`\mathbf{w}` is w, `\mathrm{x}` is x). */
const IGNORED_STYLES = new Set(['bold', 'upright', 'italic', 'boldItalic']);

/** Unary functions: MathJSON head → mathjs function. */
const UNARY: Record<string, string> = {
  Sin: 'sin', Cos: 'cos', Tan: 'tan', Sec: 'sec', Csc: 'csc', Cot: 'cot',
  Arcsin: 'asin', Arccos: 'acos', Arctan: 'atan', Arcsec: 'asec', Arccsc: 'acsc', Arccot: 'acot',
  Sinh: 'sinh', Cosh: 'cosh', Tanh: 'tanh', Sech: 'sech', Csch: 'csch', Coth: 'coth',
  Arsinh: 'asinh', Arcosh: 'acosh', Artanh: 'atanh', Arsech: 'asech', Arcsch: 'acsch', Arcoth: 'acoth',
  Exp: 'exp', Ln: 'log', Lb: 'log2', Lg: 'log10', Sqrt: 'sqrt', Abs: 'abs', Sign: 'sign', Floor: 'floor', Ceil: 'ceil',
};
const TRIG = new Set(['Sin', 'Cos', 'Tan', 'Sec', 'Csc', 'Cot', 'Sinh', 'Cosh', 'Tanh', 'Sech', 'Csch', 'Coth']);
/** Heads that make the whole formula something other than a function to differentiate. */
const CALCULUS = new Set(['D', 'Derivative', 'Integrate', 'Limit', 'Apply', 'Prime', 'Nabla', 'Gradient', 'PartialDerivative']);
const RELATIONS = new Set([
  'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'NotEqual', 'Approx', 'ApproxEqual', 'Element', 'NotElement',
  'Subset', 'SubsetEqual', 'To', 'MapsTo', 'Implies', 'Equivalent', 'Congruent', 'Similar', 'Colon',
]);
const MAX_EXPANSION = 50;
/** Letters that name functions in maths texts (`\max(f, g)`, `-f`), never read as variables. */
const FUNCTION_LETTERS = new Set(['f', 'g']);

/** Functions whose names may be written as `\textrm{cos}` or `\text{exp}` (d2l writes `\textrm{cos}(\pi x)`). */
const TEXT_FUNCTIONS = /\\(?:text|textrm|textup|textit|mathit)\s*\{\s*(sin|cos|tan|sec|csc|cot|sinh|cosh|tanh|exp|log|ln|max|min|sgn|sign)\s*\}/g;

/** Removes what is layout rather than maths: labels, tags, alignment marks, trailing punctuation. */
export function cleanTex(tex: string): string {
  let s = tex;
  s = s.replace(/\\(?:label|tag\*?|eqref|ref)\s*\{[^{}]*\}/g, ' ');
  s = s.replace(/\\(?:nonumber|notag|displaystyle|textstyle|scriptstyle|limits|nolimits)(?![A-Za-z])/g, ' ');
  s = s.replace(/\\begin\s*\{(?:aligned|split|gathered)\}(?:\[[a-z]\])?|\\end\s*\{(?:aligned|split|gathered)\}/g, ' ');
  s = s.replace(/(?<!\\)&/g, ' ');
  s = s.replace(/\\(?:bm|pmb)\s*\{/g, '\\boldsymbol{');
  s = s.replace(TEXT_FUNCTIONS, (_m, name: string) => `\\operatorname{${name}}`);
  // The parser loses the base of \log_{10} (it reads plain \log); \lg keeps it.
  s = s.replace(/\\log\s*_\s*(?:\{\s*10\s*\}|10)/g, '\\lg ');
  // A domain or condition after the formula: `x \sin(2x) \textrm{ for } 0 \leq x \leq 1`.
  s = s.replace(/(?:\s|,|\\q?quad(?![A-Za-z])|\\[,;:])*\\(?:text|textrm|textup|textit|mbox|mathrm)\s*\{\s*(?:for|if|when|where|with|on)(?:\s[^{}]*)?\}[\s\S]*$/, '');
  // A label after the formula: `\eta_0 e^{-\lambda t} \quad \textrm{exponential decay}`.
  s = s.replace(/(?:\s|,|\\q?quad(?![A-Za-z])|\\[,;:])+\\(?:text|textrm|textup|textit|mbox)\s*\{[^{}]*\}\s*$/, '');
  // Text that is only spacing or punctuation is layout.
  s = s.replace(/\\(?:text|textrm|textit|textup|textbf|mbox)\s*\{[\s,.;:]*\}/g, ' ');
  // Spacing commands at the edges and trailing punctuation that ends a displayed sentence.
  for (;;) {
    const t = s
      .replace(/^\s*(?:\\[,;:! ]|\\q?quad(?![A-Za-z])|~)+/, '')
      .replace(/(?:\\[,;:! ]|\\q?quad(?![A-Za-z])|~|\\\\)+\s*$/, '')
      .replace(/[.,;]\s*$/, '')
      .trim();
    if (t === s) break;
    s = t;
  }
  return s;
}

interface SymbolName {
  /** Name in the mathjs text: x1, theta0, x_t, lambda. */
  out: string;
  /** The base letter without subscript: x, theta (bold dropped). */
  base: string;
  /** The subscript as written, or undefined. */
  sub?: string;
  /** How the person wrote it, for `renamed`: x_1, \theta_0. */
  tex: string;
  /** Written in bold (\mathbf, \boldsymbol): a vector or a matrix. */
  bold: boolean;
}

const isDigits = (s: string) => /^\d+$/.test(s);
const texOfBase = (b: string) => (GREEK.has(b) || b.startsWith('var') && b.length > 3 && GREEK.has(b.slice(3)) ? `\\${b}` : b);

/** Reads a parser symbol name (`x_bold_1`, `theta_0`, `thetaSymbol`, `Pi`); undefined for constants. */
function readSymbol(raw: string): SymbolName | 'pi' | 'e' {
  if (raw === 'Pi' || raw === 'pi') return 'pi';
  if (raw === 'ExponentialE' || raw === 'e') return 'e';
  const parts = raw.split('_');
  let base = parts[0];
  base = VARIANTS[base] ?? base;
  const rest = parts.slice(1).filter(p => !IGNORED_STYLES.has(p));
  if (!/^[A-Za-z]+$/.test(base)) refuse(`'${raw}' is not a variable name`);
  if (base.length > 1 && /^[A-Z]/.test(base) && !GREEK.has(base)) refuse(`'${raw}' is a constant or a set, not a variable`);
  if (/^(?:calligraphic|doublestruck|fraktur|script|sansserif|monospace|blackboard)$/.test(rest[0] ?? '')) {
    refuse(`'${raw}' is a set or an operator, not a variable`);
  }
  if (rest.length > 1) refuse(`'${raw}' has more than one subscript`);
  const sub = rest[0];
  if (sub !== undefined && !/^(?:\d+|[A-Za-z]|[A-Za-z]{3,})$/.test(sub)) {
    refuse(`'${raw}' has a subscript that is not a number, a letter or a word (x_{ij} is an index pair)`);
  }
  const bold = parts.includes('bold');
  const baseOut = base === 'e' && sub === undefined ? 'e' : base;
  if (sub === undefined) return { out: baseOut, base, tex: texOfBase(base), bold };
  const out = isDigits(sub) ? `${base}${sub}` : `${base}_${sub}`;
  const texSub = sub.length > 1 ? `{${sub}}` : sub;
  return { out, base, sub, tex: `${texOfBase(base)}_${texSub}`, bold };
}

/** Everything the emitter needs to know about the whole formula. */
interface Context {
  /** Output name → TeX spelling, for every renamed symbol; also detects two spellings for one name. */
  names: Map<string, string>;
  /** Names used as plain variables (not directly followed by parentheses). */
  plain: Set<string>;
  /** Components per vector base: w → [w1, w2] (digit subscripts met anywhere in the formula). */
  components: Map<string, string[]>;
  /** Free symbols of the chosen side, in order of appearance. */
  free: string[];
  /** Parameters of the left side (`f(\mathbf{x})`): their bold components \mathbf{x}_1 are scalars. */
  vectors: Set<string>;
}

function nameOf(raw: string, ctx: Context | undefined): string {
  const s = readSymbol(raw);
  if (s === 'pi' || s === 'e') return s;
  // Bold is a vector or a matrix (\mathbf{Q}^{-1} \mathbf{c}, \mathbf{x}_1 the first iterate); it is
  // read only as a parameter of the left side or inside a norm, through plain components.
  if (s.bold && !(s.sub !== undefined && isDigits(s.sub) && ctx?.vectors.has(s.base))) {
    refuse(`'${s.tex}' in bold is a vector or a matrix`);
  }
  if (ctx) {
    const seen = ctx.names.get(s.out);
    if (seen !== undefined && seen !== s.tex) refuse(`'${s.tex}' and '${seen}' would both be called ${s.out}`);
    ctx.names.set(s.out, s.tex);
    if (!ctx.free.includes(s.out)) ctx.free.push(s.out);
  }
  return s.out;
}

const isHead = (n: TexNode, head: string): n is { k: 'fn'; head: string; args: TexNode[] } => n.k === 'fn' && n.head === head;
const isSpacing = (n: TexNode) => isHead(n, 'HorizontalSpacing') || (n.k === 'str' && /^[\s,.;:]*$/.test(n.text)) || (n.k === 'sym' && n.name === 'Nothing');

function walk(n: TexNode, visit: (n: TexNode) => void): void {
  visit(n);
  if (n.k === 'fn') for (const a of n.args) walk(a, visit);
}

/** Integer value of a constant subscript or bound (`1`, `i + 1` after substitution), else undefined. */
function integerValue(n: TexNode): number | undefined {
  if (n.k === 'num') return /^-?\d+$/.test(n.text) ? Number(n.text) : undefined;
  if (n.k !== 'fn') return undefined;
  const vals = n.args.map(integerValue);
  if (vals.some(v => v === undefined)) return undefined;
  const v = vals as number[];
  switch (n.head) {
    case 'Add': return v.reduce((a, b) => a + b, 0);
    case 'Subtract': return v.length === 2 ? v[0] - v[1] : undefined;
    case 'Negate': return v.length === 1 ? -v[0] : undefined;
    case 'Multiply': case 'InvisibleOperator': return v.reduce((a, b) => a * b, 1);
    case 'Delimiter': return v.length === 1 ? v[0] : undefined;
    default: return undefined;
  }
}

/** Replaces the summation index `i` by `k`: in subscripts (`x_i`, `x_{i+1}`) and as a value. */
function substitute(n: TexNode, index: string, k: number): TexNode {
  if (n.k === 'sym') {
    if (n.name === index) return { k: 'num', text: String(k) };
    const parts = n.name.split('_');
    if (parts.length > 1 && parts[parts.length - 1] === index) return { k: 'sym', name: [...parts.slice(0, -1), String(k)].join('_') };
    return n;
  }
  if (n.k !== 'fn') return n;
  const args = n.args.map(a => substitute(a, index, k));
  if (n.head === 'Subscript' && args.length === 2 && args[0].k === 'sym') {
    const v = integerValue(args[1]);
    if (v !== undefined && v >= 0) return { k: 'sym', name: `${args[0].name}_${v}` };
  }
  return { k: 'fn', head: n.head, args };
}

/** Expands `\sum_{i=a}^{b}` and `\prod_{i=a}^{b}` with integer bounds; refuses other bounds. */
function expandSums(n: TexNode): TexNode {
  if (n.k !== 'fn') return n;
  const args = n.args.map(expandSums);
  if (n.head !== 'Sum' && n.head !== 'Product') return { k: 'fn', head: n.head, args };
  const [body, ...limits] = args;
  if (!body || limits.length !== 1 || !isHead(limits[0], 'Tuple') || limits[0].args.length !== 3) {
    return refuse(`a ${n.head === 'Sum' ? 'sum' : 'product'} needs literal bounds (\\sum_{i=1}^{3})`);
  }
  const [idx, lo, hi] = limits[0].args;
  const a = integerValue(lo);
  const b = integerValue(hi);
  if (idx.k !== 'sym' || a === undefined || b === undefined) {
    return refuse(`a ${n.head === 'Sum' ? 'sum' : 'product'} needs literal bounds (\\sum_{i=1}^{3})`);
  }
  if (b < a || b - a + 1 > MAX_EXPANSION) return refuse(`a ${n.head === 'Sum' ? 'sum' : 'product'} with ${b - a + 1} terms is not expanded`);
  const terms: TexNode[] = [];
  for (let k = a; k <= b; k++) terms.push(substitute(body, idx.name, k));
  // The emitter parenthesises the expansion where precedence needs it (`\frac{1}{2}\sum …`).
  return { k: 'fn', head: n.head === 'Sum' ? 'Add' : 'Multiply', args: terms };
}

/** Records plain uses of names and vector components over a whole side. */
function survey(n: TexNode, ctx: Context): void {
  walk(n, m => {
    if (m.k === 'sym') {
      const s = safeRead(m.name);
      if (s && s.sub !== undefined && isDigits(s.sub)) {
        const list = ctx.components.get(s.base) ?? [];
        if (!list.includes(s.out)) list.push(s.out);
        ctx.components.set(s.base, list);
      }
    }
    if (m.k === 'fn' && (m.head === 'InvisibleOperator' || m.head === 'Multiply')) {
      m.args.forEach((a, i) => {
        const next = m.args[i + 1];
        if (a.k === 'sym' && !(next && isHead(next, 'Delimiter'))) {
          const s = safeRead(a.name);
          if (s) ctx.plain.add(s.out);
        }
      });
    } else if (m.k === 'fn') {
      for (const a of m.args) {
        if (a.k === 'sym') {
          const s = safeRead(a.name);
          if (s) ctx.plain.add(s.out);
        }
      }
    }
  });
  if (n.k === 'sym') {
    const s = safeRead(n.name);
    if (s) ctx.plain.add(s.out);
  }
}

function safeRead(raw: string): SymbolName | undefined {
  try {
    const s = readSymbol(raw);
    return s === 'pi' || s === 'e' ? undefined : s;
  } catch (e) {
    if (e instanceof Refusal) return undefined;
    throw e;
  }
}

/** Operator precedence of emitted text: 1 sum, 2 product, 3 unary minus, 4 power, 5 atom. */
interface Emitted {
  text: string;
  prec: number;
}
const atom = (text: string): Emitted => ({ text, prec: 5 });
const wrap = (e: Emitted, min: number) => (e.prec >= min ? e.text : `(${e.text})`);

function emitNumber(text: string): Emitted {
  if (!/^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(text)) refuse(`'${text}' is not a plain number`);
  return text.startsWith('-') ? { text, prec: 3 } : atom(text);
}

function emitNorm(arg: TexNode, squared: boolean, ctx: Context): Emitted {
  if (arg.k !== 'sym') return refuse('a norm of an expression is not expanded');
  const s = readSymbol(arg.name);
  if (s === 'pi' || s === 'e') return refuse('a norm of a constant');
  const parts = ctx.components.get(s.base);
  if (!parts || parts.length === 0) return refuse(`the components of ${s.tex} are not written in the formula`);
  for (const p of parts) nameOf(`${s.base}_${p.slice(s.base.length)}`, ctx);
  const sum = [...parts].sort((a, b) => Number(a.slice(s.base.length)) - Number(b.slice(s.base.length))).map(p => `${p}^2`).join(' + ');
  return squared ? atom(`(${sum})`) : atom(`sqrt(${sum})`);
}

function emitProduct(args: TexNode[], ctx: Context): Emitted {
  const factors = args.filter(a => !isSpacing(a));
  if (factors.length === 0) return refuse('an empty product');
  const parts: string[] = [];
  for (let i = 0; i < factors.length; i++) {
    const f = factors[i];
    const next = factors[i + 1];
    if (f.k === 'str') return refuse(`text '${f.text}' in the formula`);
    if (f.k === 'sym' && next && isHead(next, 'Delimiter')) {
      const s = readSymbol(f.name);
      const name = s === 'pi' || s === 'e' ? s : s.out;
      if (s !== 'pi' && s !== 'e' && !ctx.plain.has(name)) return refuse(`'${s.tex}(…)' reads as a call of a function`);
    }
    const e = emit(f, ctx);
    parts.push(i === 0 ? wrap(e, 3) : wrap(e, 4));
  }
  return parts.length === 1 ? { text: parts[0], prec: factors.length === 1 ? emit(factors[0], ctx).prec : 2 } : { text: parts.join(' * '), prec: 2 };
}

function emit(n: TexNode, ctx: Context): Emitted {
  if (n.k === 'num') return emitNumber(n.text);
  if (n.k === 'str') return refuse(`text '${n.text}' in the formula`);
  if (n.k === 'sym') return atom(nameOf(n.name, ctx));
  const a = n.args;
  const one = () => (a.length === 1 ? a[0] : refuse(`${n.head} with ${a.length} arguments`));
  switch (n.head) {
    case 'Add': {
      if (a.length === 0) return refuse('an empty sum');
      const parts: string[] = [];
      a.forEach((t, i) => {
        if (i > 0 && isHead(t, 'Negate') && t.args.length === 1) {
          parts.push(` - ${wrap(emit(t.args[0], ctx), 2)}`);
        } else {
          const e = emit(t, ctx);
          parts.push(i === 0 ? e.text : e.prec === 3 ? ` + (${e.text})` : ` + ${e.text}`);
        }
      });
      return { text: parts.join(''), prec: a.length > 1 ? 1 : emit(a[0], ctx).prec };
    }
    case 'Subtract':
      if (a.length !== 2) return refuse('a subtraction without two sides');
      return { text: `${emit(a[0], ctx).text} - ${wrap(emit(a[1], ctx), 2)}`, prec: 1 };
    case 'Negate':
      return { text: `-${wrap(emit(one(), ctx), 4)}`, prec: 3 };
    case 'Multiply':
    case 'InvisibleOperator':
      return emitProduct(a, ctx);
    case 'Divide':
      if (a.length !== 2) return refuse('a fraction without two parts');
      return { text: `${wrap(emit(a[0], ctx), 2)} / ${wrap(emit(a[1], ctx), 4)}`, prec: 2 };
    case 'Power': {
      if (a.length !== 2) return refuse('a power without two parts');
      const [base, exp] = a;
      if (isHead(exp, 'Delimiter') && exp.args.length === 1 && exp.args[0].k !== 'fn') {
        return refuse('a parenthesised superscript (x^{(k)}) is an index, not a power');
      }
      if (base.k === 'fn' && base.head === 'Norm') return emitNormPower(base, exp, ctx);
      if (base.k === 'fn' && TRIG.has(base.head) && (isHead(exp, 'Negate') || (exp.k === 'num' && exp.text.startsWith('-')))) {
        return refuse('\\sin^{-1} is ambiguous (inverse or reciprocal)');
      }
      if (exp.k === 'sym' && /^(?:top|T|ast|star|prime|dagger|H)$/.test(exp.name)) return refuse('a transpose or a conjugate');
      const b = emit(base, ctx);
      const e = emit(exp, ctx);
      return { text: `${wrap(b, 5)}^${e.prec >= 4 ? e.text : `(${e.text})`}`, prec: 4 };
    }
    case 'Norm':
      if (a.length === 2 && !(a[1].k === 'num' && a[1].text === '2')) return refuse('only the Euclidean norm is expanded');
      return emitNorm(a[0], false, ctx);
    case 'Root': {
      if (a.length !== 2) return refuse('a root without two parts');
      const idx = a[1];
      if (idx.k === 'num' && idx.text === '2') return atom(`sqrt(${emit(a[0], ctx).text})`);
      if (idx.k === 'num' && idx.text === '3') return atom(`cbrt(${emit(a[0], ctx).text})`);
      return atom(`nthRoot(${emit(a[0], ctx).text}, ${emit(idx, ctx).text})`);
    }
    case 'Log': {
      if (a.length === 1) return atom(`log(${emit(a[0], ctx).text})`);
      if (a.length !== 2) return refuse('a logarithm with more than a base');
      const base = a[1];
      if (base.k === 'num' && base.text === '10') return atom(`log10(${emit(a[0], ctx).text})`);
      if (base.k === 'num' && base.text === '2') return atom(`log2(${emit(a[0], ctx).text})`);
      if (base.k === 'sym' && (base.name === 'e' || base.name === 'ExponentialE')) return atom(`log(${emit(a[0], ctx).text})`);
      return atom(`log(${emit(a[0], ctx).text}, ${emit(base, ctx).text})`);
    }
    case 'Max':
    case 'Min':
      if (a.length < 1) return refuse('an empty max/min');
      return atom(`${n.head === 'Max' ? 'max' : 'min'}(${a.map(x => emit(x, ctx).text).join(', ')})`);
    case 'Delimiter': {
      const inner = a.filter(x => !isSpacing(x));
      if (inner.length !== 1 || isHead(inner[0], 'Sequence')) return refuse('a list or a tuple, not a formula');
      return atom(`(${emit(inner[0], ctx).text})`);
    }
    case 'List': {
      // `\left[ x + 1 \right]^2`: square brackets used as parentheses; a list of several items is a vector.
      if (a.length !== 1 || isHead(a[0], 'Sequence')) return refuse('a vector or a list');
      return atom(`(${emit(a[0], ctx).text})`);
    }
    default: {
      const fn = UNARY[n.head];
      if (fn) return atom(`${fn}(${emit(one(), ctx).text})`);
      return refuse(`'${n.head}' is not something to differentiate`);
    }
  }
}

function emitNormPower(norm: TexNode & { k: 'fn' }, exp: TexNode, ctx: Context): Emitted {
  if (norm.args.length === 2 && !(norm.args[1].k === 'num' && norm.args[1].text === '2')) return refuse('only the Euclidean norm is expanded');
  if (exp.k === 'num' && exp.text === '2') return emitNorm(norm.args[0], true, ctx);
  const e = emit(exp, ctx);
  return { text: `${emitNorm(norm.args[0], false, ctx).text}^${e.prec >= 4 ? e.text : `(${e.text})`}`, prec: 4 };
}

/** The TeX after the last `=` outside braces and brackets (all of it when there is none). */
function lastSide(tex: string): string {
  let depth = 0;
  let cut = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') { i++; continue; }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0) cut = i + 1;
  }
  return tex.slice(cut);
}

/** Flattens `a = b = c` (the parser nests it to the right). */
function sides(n: TexNode): TexNode[] {
  if (isHead(n, 'Equal') && n.args.length >= 2) return n.args.flatMap(sides);
  return [n];
}

/** `f(x, y)`, `L(\theta)`, `f(\mathbf{x})`: the function's name and its parameters' names. */
function header(n: TexNode): { name: string; params: string[] } | undefined {
  let nameRaw: string | undefined;
  let argNodes: TexNode[] | undefined;
  if (isHead(n, 'InvisibleOperator') && n.args.length === 2 && n.args[0].k === 'sym' && isHead(n.args[1], 'Delimiter')) {
    nameRaw = n.args[0].name;
    const inside = n.args[1].args[0];
    argNodes = inside && isHead(inside, 'Sequence') ? inside.args : inside ? [inside] : [];
  } else if (n.k === 'fn' && /^[A-Za-z]$|^[A-Za-z]_calligraphic$/.test(n.head) && n.args.length > 0) {
    nameRaw = n.head;
    argNodes = n.args;
  }
  if (nameRaw === undefined || !argNodes || argNodes.length === 0) return undefined;
  if (argNodes.some(x => x.k !== 'sym')) return undefined;
  const params: string[] = [];
  for (const x of argNodes) {
    const s = safeRead((x as { name: string }).name);
    if (!s) return undefined;
    params.push(s.out);
  }
  const base = nameRaw.split('_')[0];
  const name = /^[A-Za-z]+$/.test(base) && !/^(?:e|pi|i)$/.test(base) && !(base in UNARY) && base.length <= 12 ? base : 'f';
  return { name, params };
}

/** 'error' when the parser could not read part of the tree; 'calculus' for derivatives, integrals, limits. */
function unreadable(n: TexNode): 'error' | 'calculus' | undefined {
  let found: 'error' | 'calculus' | undefined;
  walk(n, m => {
    if (m.k === 'fn' && m.head === 'Error') found = 'error';
    else if (m.k === 'fn' && CALCULUS.has(m.head)) found ??= 'calculus';
  });
  return found;
}

/** Refuses a symbol still subscripted by a summation index: a term written outside its sum. */
function checkNoDanglingIndex(n: TexNode, indices: ReadonlySet<string>): void {
  walk(n, m => {
    if (m.k === 'fn' && m.head === 'Subscript') refuse('a subscript that is not a name or a number');
    if (m.k === 'sym') {
      const s = safeRead(m.name);
      if (s?.sub !== undefined && indices.has(s.sub)) refuse(`'${s.tex}' uses the index of a sum outside that sum`);
    }
  });
}

function translate(tex: string): TexTranslation {
  if (/\{,\}/.test(tex)) return { ok: false, reason: 'a decimal comma ({,}) is ambiguous' };
  const cleaned = cleanTex(tex);
  if (cleaned === '') return { ok: false, reason: 'empty' };
  if (/\\(?:nabla|partial|int|iint|oint|lim|limsup|liminf|mathrm\s*\{\s*d\s*\}|begin|end|in|notin|subset|cup|cap|forall|exists|to|mapsto|rightarrow|leftarrow|Rightarrow|gets|sim|propto|mid|cdots|ldots|dots|vdots|odot|otimes|oplus|circ|star)(?![A-Za-z])/.test(lastSide(cleaned))) {
    return { ok: false, reason: 'calculus, sets, arrows or elided terms are not a function to differentiate' };
  }
  if (/\\(?:text|textrm|textit|textup|textbf|textsf|mbox|mathrm)\s*\{[^{}]*\s[^{}]*\}|\\(?:text|textrm|textit|textup|textbf|textsf|mbox)\s*\{/.test(cleaned)) {
    return { ok: false, reason: 'text in the formula' };
  }
  const tree = parseTex(cleaned);
  if (!tree) return { ok: false, reason: 'the TeX parser could not read it' };
  const root = isHead(tree, 'Block') && tree.args.length === 1 ? tree.args[0] : tree;
  if (root.k === 'fn' && RELATIONS.has(root.head)) return { ok: false, reason: 'a relation, not a function' };
  const all = sides(root);
  // Left sides only name what the last side is (`\frac{dg}{dx}(x) = 6x - 1`, `= 4(x+1)^3` continuing
  // an aligned equation); the last side must be readable maths without calculus.
  {
    const bad = unreadable(all[all.length - 1]);
    if (bad === 'error') return { ok: false, reason: 'the TeX parser could not read part of it' };
    if (bad === 'calculus') return { ok: false, reason: 'a derivative, gradient, integral or limit' };
  }
  if (all.some(s => s.k === 'fn' && RELATIONS.has(s.head))) return { ok: false, reason: 'a relation, not a function' };
  const head = all.length > 1 ? header(all[0]) : undefined;
  const chosen = all[all.length - 1];
  try {
    const indices = new Set<string>();
    walk(chosen, m => {
      if (m.k === 'fn' && (m.head === 'Sum' || m.head === 'Product')) {
        const limit = m.args[1];
        if (limit && isHead(limit, 'Tuple') && limit.args[0]?.k === 'sym') indices.add(limit.args[0].name);
      }
    });
    const expanded = expandSums(chosen);
    checkNoDanglingIndex(expanded, indices);
    const ctx: Context = { names: new Map(), plain: new Set(head?.params ?? []), components: new Map(), free: [], vectors: new Set(head?.params ?? []) };
    // Components and plain uses are read over the whole formula: a norm may be expanded from
    // components written on another side of the equation.
    for (const s of all.slice(0, -1)) {
      try {
        survey(expandSums(s), ctx);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
      }
    }
    survey(expanded, ctx);
    const body = emit(expanded, ctx).text;
    if (/^-?[A-Za-z_][A-Za-z0-9_]*$/.test(body)) return { ok: false, reason: 'a single variable, not a formula' };
    if (/^(?:[A-Za-z_][A-Za-z0-9_]* [-+] \d+|\d+ [-+] [A-Za-z_][A-Za-z0-9_]*)$/.test(body)) {
      return { ok: false, reason: 'an index expression (t - 1), not a formula' };
    }
    const fn = ctx.free.find(v => FUNCTION_LETTERS.has(v));
    if (fn !== undefined) return { ok: false, reason: `'${fn}' names a function in maths notation, not a variable` };
    const free = ctx.free.filter(v => v !== 'pi' && v !== 'e');
    if (free.length === 0) return { ok: false, reason: 'a constant, not a function' };
    const renamed: Record<string, string> = {};
    for (const [out, texName] of ctx.names) if (out !== texName && texName !== `\\${out}`) renamed[out] = texName;
    const extra = Object.keys(renamed).length ? { renamed } : {};
    if (!head) return { ok: true, expression: body, ...extra };
    // The signature: each parameter, or its components when only those are written.
    const params: string[] = [];
    for (const p of head.params) {
      const parts = ctx.components.get(p) ?? [];
      const usedPlain = free.includes(p);
      if (!usedPlain && parts.length > 0) {
        const byIndex = [...parts].sort((x, y) => Number(x.slice(p.length)) - Number(y.slice(p.length)));
        for (const c of byIndex) if (free.includes(c) && !params.includes(c)) params.push(c);
      } else if (!params.includes(p)) {
        params.push(p);
      }
    }
    for (const v of free) if (!params.includes(v)) params.push(v);
    if (params.length === 0) return { ok: false, reason: 'no variables' };
    return { ok: true, expression: `${head.name}(${params.join(', ')}) = ${body}`, ...extra };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.reason };
    throw e;
  }
}

/** TeX maths → mathjs text, or a refusal with a short reason. Never throws. */
export function texToMathjs(tex: string): TexTranslation {
  try {
    return translate(tex);
  } catch (e) {
    return { ok: false, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
}
