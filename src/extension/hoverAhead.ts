/**
 * The hover's content, computed once per formula and shared: by the hover provider when the
 * person hovers, and ahead of time for the formulas on screen while the editor is idle, so that a
 * hover of a visible formula is a cache hit. Both go through one cache of promises, so a hover
 * that arrives while its formula is being computed ahead waits for that computation.
 *
 * No `vscode` at run time (type imports only): the unit tests run this file in plain Node. The
 * VS Code side (events, documents, MarkdownString) is in hover.ts.
 */
import type { CompiledObjective } from '../core/expr';
import type { MathRenderer } from './mathRenderer';
import type { EngineModule } from './modules';
import { nextTask } from './nextTask';

const CACHE_SIZE = 200;
/** Hover contents kept (per document version, formula range and theme colour). */
export const CONTENT_CACHE_SIZE = 200;

export interface GradientText {
  expression: string;
  variables: string[];
  /** One line per variable: `∂f/∂x = <mathjs expression>`. */
  lines: string[];
  objective: CompiledObjective;
  /** The gradient as code, per language that can write it exactly (Python (NumPy), PyTorch, JavaScript, LaTeX, Julia). */
  copies: { label: string; text: string }[];
}

/** Small LRU keyed by a string. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) { this.map.delete(k); this.map.set(k, v); }
    return v;
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  delete(k: string): void {
    this.map.delete(k);
  }
  get length(): number {
    return this.map.size;
  }
}

/** Parsed objectives per candidate text (failures too, as null: no re-parse while typing over them). */
const objectives = new Lru<CompiledObjective | null>(CACHE_SIZE);
/** Gradients per candidate text, made from the parsed objective. */
const gradients = new Lru<GradientText>(CACHE_SIZE);

/** The objective of a text (parsed once; the display texts of its partials are made when first read). */
function objectiveFor(engine: EngineModule, expression: string): CompiledObjective | undefined {
  let o = objectives.get(expression);
  if (o === undefined) {
    const r = engine.parseObjective(expression);
    o = r.ok && r.value.variables.length > 0 ? r.value : null;
    objectives.set(expression, o);
  }
  return o ?? undefined;
}

export function gradientFor(engine: EngineModule, expression: string): GradientText | undefined {
  const o = objectiveFor(engine, expression);
  if (!o) return undefined;
  let g = gradients.get(expression);
  if (g?.objective !== o) {
    g = {
      expression,
      variables: o.variables,
      lines: o.gradient.map(p => `∂f/∂${p.variable} = ${p.text}`),
      objective: o,
      copies: engine.GRADIENT_LANGUAGES.flatMap(({ id, label }) => {
        const c = engine.gradientCode(o, id);
        return c.ok ? [{ label, text: c.value }] : [];
      }),
    };
    gradients.set(expression, g);
  }
  return g;
}

/** data: URIs of typeset equations by colour and TeX (null: invalid TeX, shown as text); a request in flight is shared. */
const images = new Lru<Promise<string | null>>(CACHE_SIZE);

/**
 * The image of `lhs = rhs` (the left side typeset once per colour, see equationToSvg), or `alt` as
 * code. The request is sent at once, so the renderer (a worker thread in the Node host) typesets
 * while the caller goes on; a renderer failure shows the text and is not remembered.
 */
function mathImage(render: MathRenderer | undefined, lhs: string, rhs: string, alt: string, color: string): Promise<string> {
  const text = `\`${alt}\``;
  if (!render) return Promise.resolve(text);
  const key = `${color}\u0000${lhs}\u0000${rhs}`;
  let uri = images.get(key);
  if (!uri) {
    const requested = render.equation(lhs, rhs, color);
    uri = requested;
    images.set(key, requested);
    requested.catch(() => { if (images.get(key) === requested) images.delete(key); });
  }
  return uri.then(u => (u ? `![${alt}](${u})` : text), () => text);
}

/** A command link; brackets are escaped too, so code in the argument cannot end the Markdown link early. */
const commandLink = (command: string, arg: unknown): string =>
  `command:${command}?${encodeURIComponent(JSON.stringify([arg])).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;

/** The commands the hover's links run (the MarkdownString trusts only these). */
export const HOVER_COMMANDS = ['optimizerLab.optimizeExpression', 'optimizerLab.copyGradient'];

/** One piece of the hover, in order: Markdown as it is, or a `text` code block. */
export type HoverPart = { markdown: string } | { code: string };

/** What the hover shows for one formula: hover.ts turns the parts into a MarkdownString. */
export interface HoverContent {
  expression: string;
  parts: HoverPart[];
}

/**
 * The hover of a formula: f and each ∂f/∂v as images (text when the renderer is unavailable), the
 * lines as text, links. `note` is the caption's renaming note ("x1 is x[1]"), `color` the theme's text colour.
 */
export async function hoverContent(engine: EngineModule, render: MathRenderer | undefined, expression: string, note: string | undefined, color: string): Promise<HoverContent | undefined> {
  const o = objectiveFor(engine, expression);
  if (!o) return undefined;
  // Each image is requested as soon as its TeX exists (f's before any partial's display text is
  // made), so a renderer in a worker typesets while this thread makes the rest.
  const requested = [mathImage(render, 'f', o.tex, `f = ${o.text}`, color)];
  o.variables.forEach((_v, i) => {
    const p = o.partial(i); // this partial's display text only: the renderer typesets it while the next is made
    requested.push(mathImage(render, engine.partialTex(p.variable), p.tex, `∂f/∂${p.variable} = ${p.text}`, color));
  });
  const g = gradientFor(engine, expression);
  if (!g) return undefined;
  const [fImage, ...partialImages] = await Promise.all(requested);
  const parts: HoverPart[] = [];
  const md = (markdown: string) => parts.push({ markdown });
  md(`**Optimizer Lab** — gradient of f(${o.variables.join(', ')})${note ? ` _(${note})_` : ''}\n\n`);
  md(`${fImage}\n\n`);
  for (const image of partialImages) md(`${image}\n\n`);
  parts.push({ code: g.lines.join('\n') });
  for (const p of o.gradient.filter(q => !q.symbolic)) {
    md(`\n_∂f/∂${p.variable} is numeric (central finite difference)${p.note ? `: ${p.note}` : ''}._\n`);
  }
  md(
    `\n[Optimize this](${commandLink('optimizerLab.optimizeExpression', g.expression)} "Open the Optimizer Lab panel") · ` +
      `[Copy gradient](${commandLink('optimizerLab.copyGradient', g.lines.join('\n'))} "Copy the gradient as text")`,
  );
  // The gradient as code: only the languages that can say it exactly get a link.
  const copies = g.copies.map(c => `[${c.label}](${commandLink('optimizerLab.copyGradient', c.text)} "Copy the gradient as ${c.label}")`);
  if (copies.length) md(`\n\nCopy as ${copies.join(' · ')}`);
  return { expression, parts };
}

/** The key of one hover content: document, its version, the formula's range and text, the theme colour. */
export const contentKey = (uri: string, version: number, start: number, end: number, expression: string, color: string): string =>
  [uri, version, start, end, expression, color].join('\u0000');

/**
 * Hover contents by key, as promises: a request for a key being computed gets the same promise,
 * so nothing is computed twice. A computation that fails is forgotten (the next request retries).
 */
export class ContentCache<V> {
  private readonly entries: Lru<Promise<V>>;
  /** Computations started. */
  computed = 0;
  /** Requests answered by an entry already there (finished or in flight). */
  hits = 0;

  constructor(size = CONTENT_CACHE_SIZE) {
    this.entries = new Lru<Promise<V>>(size);
  }

  has(key: string): boolean {
    return this.entries.get(key) !== undefined;
  }

  get(key: string, compute: () => V | Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.computed++;
    const p = (async () => compute())();
    this.entries.set(key, p);
    p.catch(() => this.entries.delete(key));
    return p;
  }
}

/** Formulas found per screen at most, and detections tried per screen at most. */
export const MAX_FORMULAS_PER_SCREEN = 60;
export const MAX_PROBES_PER_SCREEN = 600;

/** Languages where maths is marked up ($…$, code fences, environments), not written as code. */
const MARKUP = new Set(['markdown', 'rmarkdown', 'quarto', 'mdx', 'latex', 'tex', 'context', 'latex-expl3', 'doctex']);

/**
 * Offsets at which to ask the detection for a formula in some lines. In code: the start of each
 * word or number, and each `$` or `\` that follows a non-word character. In Markdown and LaTeX, where
 * most words are prose: just inside each `$`, `\(`, `\[` and backtick, and every word start of the
 * lines inside a code fence, a `$$`/`\[` block or a maths environment opened on screen.
 */
export function probeOffsets(lines: readonly { text: string; offset: number }[], languageId = 'plaintext'): number[] {
  const out: number[] = [];
  const markup = MARKUP.has(languageId);
  let inBlock = false;
  for (const { text, offset } of lines) {
    const trimmed = text.trim();
    const opens = /^(```|~~~|\$\$|\\\[)|\\begin\{(equation|align|gather|multline|displaymath|eqnarray)\*?\}/.test(trimmed);
    const closes = /^(```|~~~|\$\$|\\\])|\\end\{(equation|align|gather|multline|displaymath|eqnarray)\*?\}/.test(trimmed);
    const words = !markup || inBlock;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const prevWord = i > 0 && /\w/.test(text[i - 1]);
      if (words) {
        if (/\w/.test(c) ? !prevWord : (c === '$' || c === '\\') && !prevWord) out.push(offset + i);
      } else if (c === '$' || c === '`') {
        if (text[i + 1] !== c) out.push(offset + i + 1);
      } else if (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) {
        out.push(offset + i + 2);
      }
    }
    if (markup) {
      // A block opened and closed on one line ($$…$$, \begin{…}…\end{…}) leaves the state as it was.
      if (inBlock) inBlock = !closes;
      else inBlock = opens && !/\$\$|\\\]|\\end\{/.test(trimmed.slice(2));
    }
  }
  return out;
}

/** One screen to compute ahead. */
export interface ScreenJob<F extends { start: number; end: number }> {
  /** Offsets to try, in screen order (probeOffsets). */
  probes: readonly number[];
  /** The formula at an offset, by the hover's own detection (undefined: none). */
  detect(offset: number): Promise<F | undefined>;
  /** Computes (or finds cached) the hover content of a formula. */
  compute(formula: F): Promise<unknown>;
  /** True once the screen has changed: the job stops at its next step. */
  cancelled(): boolean;
  maxFormulas?: number;
  maxProbes?: number;
}


/**
 * Finds the formulas at the job's probes and computes their hovers, one detection or one formula
 * per macrotask, skipping probes inside a formula already found. Returns what it did.
 */
export async function computeScreenAhead<F extends { start: number; end: number }>(job: ScreenJob<F>, yieldTask: () => Promise<void> = nextTask): Promise<{ probes: number; formulas: number; cancelled: boolean }> {
  const maxFormulas = job.maxFormulas ?? MAX_FORMULAS_PER_SCREEN;
  const maxProbes = job.maxProbes ?? MAX_PROBES_PER_SCREEN;
  const seen = new Set<string>();
  let probes = 0;
  let skipUntil = -1;
  for (const offset of job.probes) {
    if (offset < skipUntil) continue;
    if (probes >= maxProbes || seen.size >= maxFormulas) break;
    await yieldTask();
    if (job.cancelled()) return { probes, formulas: seen.size, cancelled: true };
    probes++;
    const f = await job.detect(offset);
    if (!f) continue;
    if (f.end > offset) skipUntil = f.end;
    const k = `${f.start}:${f.end}`;
    if (seen.has(k)) continue;
    seen.add(k);
    await yieldTask();
    if (job.cancelled()) return { probes, formulas: seen.size, cancelled: true };
    await job.compute(f);
  }
  return { probes, formulas: seen.size, cancelled: false };
}
