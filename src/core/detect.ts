/**
 * Finding the formula under the cursor, for the hover and for "Optimize Expression".
 *
 * Pure text work (no vscode): a document is a list of lines and a language id. What is found is a
 * *candidate* in mathjs syntax; the caller still parses it against the whitelist, and shows
 * nothing when that fails — so ordinary code (`foo = bar(baz)`) stays quiet.
 */

export interface LineSource {
  lineCount: number;
  lineAt(line: number): string;
}

export interface FoundFormula {
  /** Candidate expression in mathjs syntax (translated from the host language). */
  expression: string;
  /** Where it stands: line and character range of the original text. */
  line: number;
  start: number;
  end: number;
  /** Last line when the formula spans a fenced block. */
  endLine?: number;
}

/** Languages whose comments start with these markers; the rest of the line is the comment. */
const COMMENT_MARKERS: Record<string, string[]> = {
  python: ['#'],
  julia: ['#'],
  r: ['#'],
  shellscript: ['#'],
  yaml: ['#'],
  javascript: ['//'],
  typescript: ['//'],
  javascriptreact: ['//'],
  typescriptreact: ['//'],
  c: ['//'],
  cpp: ['//'],
  java: ['//'],
  rust: ['//'],
  go: ['//'],
  latex: ['%'],
  tex: ['%'],
  bibtex: ['%'],
  matlab: ['%'],
  plaintext: [],
};

export const DEFAULT_HOVER_LANGUAGES = ['markdown', 'plaintext', 'python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'julia', 'r', 'latex', 'tex'];

/** Host-language spellings → mathjs: `**`, `math.`/`np.`/`numpy.`/`Math.` prefixes, constants. */
export function toMathjs(text: string, languageId: string): string {
  let s = text.trim();
  s = s.replace(/\*\*/g, '^');
  s = s.replace(/\b(?:Math|math|np|numpy|torch|jnp|tf\.math)\.(PI|pi)\b/g, 'pi');
  s = s.replace(/\b(?:Math|math|np|numpy|torch|jnp)\.(E|e)\b/g, 'e');
  s = s.replace(/\b(?:Math|math|np|numpy|torch|jnp|tf\.math)\.([A-Za-z_]\w*)\s*\(/g, '$1(');
  s = s.replace(/π/g, 'pi');
  if (languageId === 'r') s = s.replace(/<-/g, '=');
  return s.replace(/;\s*$/, '').trim();
}

const STRINGY = /["'`]|\\[a-zA-Z]/; // strings, template literals, TeX commands

/** A candidate worth parsing: has a letter (a variable) and an operator or a call, is not a string. */
export function looksLikeMath(s: string): boolean {
  if (!s || s.length > 2000 || STRINGY.test(s)) return false;
  if (!/[A-Za-z_]/.test(s)) return false; // a lone number
  if (/^[A-Za-z_]\w*$/.test(s)) return false; // a lone identifier
  return /[-+*/^()]/.test(s);
}

/**
 * `f(x, y) = body` stays whole (the signature orders the variables); `name = body` (also with
 * const/let/var/local, or R's `<-`) becomes `body`; anything else stays as it is.
 */
export function rightHandSide(s: string): { text: string; offset: number } {
  const decl = /^\s*(?:export\s+)?(?:(?:const|let|var|local|global)\s+)?/.exec(s);
  const afterDecl = decl ? decl[0].length : 0;
  const rest = s.slice(afterDecl);
  if (/^[A-Za-z_]\w*\s*\([^()]*\)\s*=(?!=)/.test(rest)) return { text: rest, offset: afterDecl };
  const assign = /^([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?::\s*[\w.[\]]+\s*)?(=(?!=)|<-)/.exec(rest);
  if (assign) {
    const at = afterDecl + assign[0].length;
    const body = s.slice(at);
    const lead = body.length - body.trimStart().length;
    return { text: body.trim(), offset: at + lead };
  }
  const lead = s.length - s.trimStart().length;
  return { text: s.trim(), offset: lead };
}

function inSpan(line: string, ch: number, open: string, close: string): { start: number; end: number } | undefined {
  let i = 0;
  while (i < line.length) {
    const a = line.indexOf(open, i);
    if (a < 0) return undefined;
    const b = line.indexOf(close, a + open.length);
    if (b < 0) return undefined;
    if (ch >= a && ch <= b + close.length - 1) return { start: a + open.length, end: b };
    i = b + close.length;
  }
  return undefined;
}

function markdown(doc: LineSource, line: number, ch: number): FoundFormula | undefined {
  // Fenced block tagged math/mathjs around the cursor: the whole block (constants on earlier lines).
  let open = -1;
  let inFence = false;
  let tag = '';
  for (let i = 0; i <= line; i++) {
    const m = /^\s*(```|~~~)\s*([\w-]*)/.exec(doc.lineAt(i));
    if (m) {
      if (!inFence) { inFence = true; open = i; tag = m[2].toLowerCase(); }
      else { inFence = false; }
      if (i === line) return undefined; // on the fence itself
    }
  }
  if (inFence) {
    if (tag !== 'math' && tag !== 'mathjs') return undefined;
    let close = line;
    while (close + 1 < doc.lineCount && !/^\s*(```|~~~)/.test(doc.lineAt(close + 1))) close++;
    const lines: string[] = [];
    for (let i = open + 1; i <= close; i++) lines.push(doc.lineAt(i));
    const text = lines.join('\n').trim();
    if (!looksLikeMath(text.replace(/\n/g, ' '))) return undefined;
    return { expression: text, line: open + 1, start: 0, end: doc.lineAt(close).length, endLine: close };
  }
  const text = doc.lineAt(line);
  const code = inSpan(text, ch, '`', '`');
  const dollar = code ? undefined : inSpan(text, ch, '$', '$');
  const span = code ?? dollar;
  if (!span) return undefined;
  const inner = text.slice(span.start, span.end);
  const rhs = rightHandSide(inner);
  const expression = toMathjs(rhs.text, 'markdown');
  if (!looksLikeMath(expression)) return undefined;
  return { expression, line, start: span.start + rhs.offset, end: span.end };
}

function codeOrText(doc: LineSource, line: number, ch: number, languageId: string): FoundFormula | undefined {
  const text = doc.lineAt(line);
  const markers = COMMENT_MARKERS[languageId] ?? ['#', '//'];
  let from = 0;
  let to = text.length;
  for (const m of markers) {
    const at = text.indexOf(m);
    if (at < 0) continue;
    if (ch >= at) { from = at + m.length; }
    else { to = at; }
    break;
  }
  const segment = text.slice(from, to);
  if (!segment.trim()) return undefined;
  const rhs = rightHandSide(segment.replace(/^\s*(?:return|yield)\s+/, m => ' '.repeat(m.length)));
  const expression = toMathjs(rhs.text, languageId);
  if (!looksLikeMath(expression)) return undefined;
  const start = from + rhs.offset;
  const trimmedEnd = from + segment.replace(/[\s;]+$/, '').length;
  if (ch < from || ch > trimmedEnd) return undefined;
  return { expression, line, start, end: trimmedEnd };
}

/** The formula at (line, character), if the text there is math in a form this language uses. */
export function findFormula(doc: LineSource, line: number, character: number, languageId: string): FoundFormula | undefined {
  if (line < 0 || line >= doc.lineCount) return undefined;
  if (doc.lineAt(line).length > 2000) return undefined;
  if (languageId === 'markdown') return markdown(doc, line, character);
  return codeOrText(doc, line, character, languageId);
}
