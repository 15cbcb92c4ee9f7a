/**
 * The formula at an offset of a document, for the hover and everything that reads formulas in
 * files. Dispatches by language:
 *   - Markdown: TeX maths first, then tagged code fences (read in their language) and inline code;
 *   - LaTeX/TeX: TeX maths only;
 *   - Python, JavaScript/TypeScript, Go, Rust, R: a tree-sitter tree (code/statement.ts);
 *   - C/C++, MATLAB/Octave and Julia: the small parser of code/parse.ts;
 *   - comments and docstrings: TeX maths, else maths text; plain text: the same.
 * Whatever is found must be a formula (a variable and an operation) that passes the whitelist.
 */
import { checkExpression } from '../expr';
import { locateClike } from './code/clike';
import { boundNames, fileConstants, importedConstants, locate, Located } from './code/statement';
import { textFormulaInLine } from './code/text';
import { HostLanguage, Scope } from './code/translate';
import { parseWith } from './code/treesitter';
import { markdownPlace } from './markdown';
import { texSpanAt, texToMathjs } from './tex';
import { AssetLoader, Detection, DetectionDocument, FoundFormula, refuse } from './types';

const TREE_SITTER_LANGUAGES: Readonly<Record<string, HostLanguage>> = {
  python: 'python', javascript: 'javascript', javascriptreact: 'javascript', typescript: 'javascript',
  typescriptreact: 'javascript', go: 'go', rust: 'rust', r: 'r',
};
const CLIKE_LANGUAGES: Readonly<Record<string, 'c' | 'matlab' | 'julia'>> = {
  c: 'c', cpp: 'c', 'cuda-cpp': 'c', matlab: 'matlab', octave: 'matlab', julia: 'julia',
};
const MARKDOWN = new Set(['markdown', 'rmarkdown', 'quarto', 'mdx']);
const LATEX = new Set(['latex', 'tex', 'context', 'latex-expl3', 'doctex']);
const PLAIN = new Set(['plaintext', 'text']);

/** Language ids the detector reads. */
export const HOVER_LANGUAGES: string[] = [
  ...Object.keys(TREE_SITTER_LANGUAGES), ...Object.keys(CLIKE_LANGUAGES), ...MARKDOWN, ...LATEX, ...PLAIN,
];

export { unicodeToMathjs } from './unicode';

/** The formula at `offset`, translated to mathjs syntax, or a refusal with a reason. Never throws. */
export async function detectFormula(doc: DetectionDocument, offset: number, assets: AssetLoader): Promise<Detection> {
  try {
    if (offset < 0 || offset > doc.text.length) return refuse('offset outside the document');
    return await detect(doc, offset, assets, 0);
  } catch (e) {
    return refuse(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function detect(doc: DetectionDocument, offset: number, assets: AssetLoader, depth: number): Promise<Detection> {
  const id = doc.languageId;
  if (MARKDOWN.has(id)) return detectMarkdown(doc, offset, assets, depth);
  if (LATEX.has(id)) return tex(doc, offset) ?? refuse('no TeX maths here');
  if (PLAIN.has(id)) return tex(doc, offset) ?? textLine(doc.text, offset, 0);
  const treeLanguage = TREE_SITTER_LANGUAGES[id];
  const clike = CLIKE_LANGUAGES[id];
  let located: Located;
  if (treeLanguage) {
    const tree = await parseWith(id, doc.text, assets);
    if (!tree) return refuse('the parser gave no tree');
    located = locate(tree.rootNode, offset, treeLanguage, scopeOf(tree.rootNode, doc.text, treeLanguage));
  } else if (clike) {
    located = locateClike(doc.text, offset, clike);
  } else {
    return refuse(`language ${id} is not read`);
  }
  switch (located.kind) {
    case 'none':
      return refuse(located.reason);
    case 'comment':
    case 'docstring':
      return inComment(doc.text, located.start, located.end, offset);
    case 'code':
      return accept({
        expression: located.translation.text,
        start: located.start,
        end: located.end,
        origin: 'code',
        renamed: located.translation.renamed,
      });
  }
}

const scopes = new WeakMap<object, Scope>();
function scopeOf(root: { tree: object } & Parameters<typeof boundNames>[0], text: string, language: HostLanguage): Scope {
  const hit = scopes.get(root.tree);
  if (hit) return hit;
  const imported = importedConstants(root, text);
  const { constants, aliases } = fileConstants(root, language, imported);
  const scope: Scope = { language, bound: boundNames(root), importedConstants: imported, constants, aliases };
  scopes.set(root.tree, scope);
  return scope;
}

/** TeX maths at the offset, translated; undefined when there is no TeX span there. */
function tex(doc: DetectionDocument, offset: number, shift = 0): Detection | undefined {
  const span = texSpanAt(doc, offset);
  if (!span) return undefined;
  const t = texToMathjs(span.tex);
  if (!t.ok) return refuse(t.reason);
  return accept({
    expression: t.expression,
    start: span.start + shift,
    end: span.end + shift,
    origin: 'tex',
    ...(t.renamed && Object.keys(t.renamed).length ? { renamed: t.renamed } : {}),
  });
}

/** A comment or docstring: TeX maths in it, else the maths text on the line under the offset. */
function inComment(text: string, start: number, end: number, offset: number): Detection {
  const body = text.slice(start, end);
  const found = tex({ languageId: 'plaintext', text: body }, offset - start, start);
  if (found) return found;
  return textLine(body, offset - start, start);
}

/** Maths text on the line of `text` holding `offset` (offsets shifted by `shift` in the result). */
function textLine(text: string, offset: number, shift: number): Detection {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  const r = textFormulaInLine(line, offset - lineStart);
  if ('reason' in r) return refuse(r.reason);
  return accept({
    expression: r.translation.text,
    start: shift + lineStart + r.start,
    end: shift + lineStart + r.end,
    origin: 'text',
    renamed: r.translation.renamed,
  });
}

async function detectMarkdown(doc: DetectionDocument, offset: number, assets: AssetLoader, depth: number): Promise<Detection> {
  const found = tex(doc, offset);
  if (found) return found;
  const place = markdownPlace(doc.text, offset);
  switch (place.kind) {
    case 'none':
      return refuse(place.reason);
    case 'fence': {
      if (depth > 0) return refuse('a fence inside a fence');
      const inner = await detect({ languageId: place.languageId, text: place.text }, offset - place.start, assets, depth + 1);
      if (!inner.found) return inner;
      return { found: true, formula: { ...inner.formula, start: inner.formula.start + place.start, end: inner.formula.end + place.start } };
    }
    case 'inline':
      return textLine(place.text, offset - place.start, place.start);
    case 'untagged-fence-line':
      return textLine(place.text, offset - place.start, place.start);
  }
}

/** The last gate: a formula has a variable and an operation, and passes the whitelist. */
function accept(formula: FoundFormula): Detection {
  const expression = formula.expression.trim();
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(expression) || /^[-+]?[\d.]+(?:e[-+]?\d+)?$/i.test(expression)) {
    return refuse('a single name or number');
  }
  const checked = checkExpression(expression);
  if (!checked.ok) return refuse(`not a formula: ${checked.error.message}`);
  if (checked.value.variables.length === 0) return refuse('no variable');
  const renamed = formula.renamed && Object.keys(formula.renamed).length ? formula.renamed : undefined;
  const { renamed: _drop, ...rest } = formula;
  void _drop;
  return { found: true, formula: { ...rest, expression, ...(renamed ? { renamed } : {}) } };
}
