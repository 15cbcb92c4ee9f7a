/**
 * Gradients on hover. The text under the cursor is untrusted: it goes through the core's
 * whitelist parser (nothing is executed), results are cached per text, and a slow case is
 * abandoned by the core's work budget rather than blocking the hover.
 *
 * This file is part of dist/extension.js, so it imports no heavy code: the detection, the
 * expression engine and the MathJax renderer arrive through the lazy modules on the first hover.
 */
import * as vscode from 'vscode';
import type { CompiledObjective } from '../core/expr';
import { Detector, renamedNote } from './detection';
import { EngineModule, Modules, RenderModule } from './modules';
import { hoverSettings } from './settings';

/** Display-simplification work per hover, in the core's work units: counted, not timed, so a formula always shows the same text. */
const HOVER_SIMPLIFY_WORK = 8_000;
const CACHE_SIZE = 200;

export interface GradientText {
  expression: string;
  variables: string[];
  /** One line per variable: `∂f/∂x = <mathjs expression>`. */
  lines: string[];
  objective: CompiledObjective;
  /** The gradient as code, per language that can write it exactly (Python (NumPy), PyTorch, JavaScript, LaTeX, Julia). */
  copies: { label: string; text: string }[];
}

/** Small LRU of parse results keyed by the candidate text (failures are cached too: no re-parse while typing over them). */
class Cache<V> {
  private readonly map = new Map<string, V>();
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) { this.map.delete(k); this.map.set(k, v); }
    return v;
  }
  set(k: string, v: V): void {
    this.map.set(k, v);
    if (this.map.size > CACHE_SIZE) this.map.delete(this.map.keys().next().value as string);
  }
}

/** Gradients per candidate text (failures too, as null: no re-parse while typing over them). */
const gradients = new Cache<GradientText | null>();

export function gradientFor(engine: EngineModule, expression: string): GradientText | undefined {
  let g = gradients.get(expression);
  if (g === undefined) {
    const r = engine.parseObjective(expression, { simplifyWork: HOVER_SIMPLIFY_WORK });
    const o = r.ok && r.value.variables.length > 0 ? r.value : undefined;
    g = o
      ? {
          expression,
          variables: o.variables,
          lines: o.gradient.map(p => `∂f/∂${p.variable} = ${p.text}`),
          objective: o,
          copies: engine.GRADIENT_LANGUAGES.flatMap(({ id, label }) => {
            const c = engine.gradientCode(o, id);
            return c.ok ? [{ label, text: c.value }] : [];
          }),
        }
      : null;
    gradients.set(expression, g);
  }
  return g ?? undefined;
}

function themeColor(): string {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light: return '#1f1f1f';
    case vscode.ColorThemeKind.HighContrastLight: return '#000000';
    case vscode.ColorThemeKind.HighContrast: return '#ffffff';
    default: return '#d4d4d4';
  }
}

const images = new Cache<string | null>();
function mathImage(render: RenderModule | undefined, tex: string, alt: string): string {
  if (!render) return `\`${alt}\``;
  const color = themeColor();
  const key = `${color}\u0000${tex}`;
  let uri = images.get(key);
  if (uri === undefined) {
    let svg: string | undefined;
    try { svg = render.texToSvg(tex, color); } catch { svg = undefined; } // invalid TeX: fall back to text below
    uri = svg ? render.svgDataUri(svg) : null;
    images.set(key, uri);
  }
  return uri ? `![${alt}](${uri})` : `\`${alt}\``;
}

/** A command link; brackets are escaped too, so code in the argument cannot end the Markdown link early. */
const commandLink = (command: string, arg: unknown): string =>
  `command:${command}?${encodeURIComponent(JSON.stringify([arg])).replace(/\(/g, '%28').replace(/\)/g, '%29')}`;

/** The hover: f and each ∂f/∂v as images (text when the renderer is unavailable), the lines as text, links. */
export function hoverMarkdown(g: GradientText, render: RenderModule | undefined, renamed?: Record<string, string>): vscode.MarkdownString {
  const o = g.objective;
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['optimizerLab.optimizeExpression', 'optimizerLab.copyGradient'] };
  const note = renamedNote(renamed);
  md.appendMarkdown(`**Optimizer Lab** — gradient of f(${o.variables.join(', ')})${note ? ` _(${note})_` : ''}\n\n`);
  md.appendMarkdown(`${mathImage(render, `f = ${o.tex}`, `f = ${o.text}`)}\n\n`);
  for (const p of o.gradient) {
    md.appendMarkdown(`${mathImage(render, `\\frac{\\partial f}{\\partial ${p.variable}} = ${p.tex}`, `∂f/∂${p.variable} = ${p.text}`)}\n\n`);
  }
  md.appendCodeblock(g.lines.join('\n'), 'text');
  for (const p of o.gradient.filter(q => !q.symbolic)) {
    md.appendMarkdown(`\n_∂f/∂${p.variable} is numeric (central finite difference)${p.note ? `: ${p.note}` : ''}._\n`);
  }
  md.appendMarkdown(
    `\n[Optimize this](${commandLink('optimizerLab.optimizeExpression', g.expression)} "Open the Optimizer Lab panel") · ` +
      `[Copy gradient](${commandLink('optimizerLab.copyGradient', g.lines.join('\n'))} "Copy the gradient as text")`,
  );
  // The gradient as code: only the languages that can say it exactly get a link.
  const copies = g.copies.map(c => `[${c.label}](${commandLink('optimizerLab.copyGradient', c.text)} "Copy the gradient as ${c.label}")`);
  if (copies.length) md.appendMarkdown(`\n\nCopy as ${copies.join(' · ')}`);
  return md;
}

export class GradientHoverProvider implements vscode.HoverProvider {
  /** How long each hover that looked for a formula took, in ms (the last 500): for tests and benchmarks. */
  readonly timings: number[] = [];

  constructor(private readonly modules: Modules, private readonly detector: Detector) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const t0 = performance.now();
    const hover = await this.hover(doc, position, token);
    if (this.timings.push(performance.now() - t0) > 500) this.timings.shift();
    return hover;
  }

  private async hover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    // Read per hover (cheap), so a settings change applies to the very next hover.
    const s = hoverSettings();
    if (!s.hoverEnabled) return undefined;
    // A non-empty selection under the cursor is used as it is, in any language.
    const editor = vscode.window.activeTextEditor;
    const sel = editor?.document === doc ? editor.selections.find(x => !x.isEmpty && x.contains(position)) : undefined;
    let expression: string | undefined;
    let range: vscode.Range | undefined;
    let renamed: Record<string, string> | undefined;
    if (sel) {
      expression = doc.getText(sel);
      range = sel;
    } else {
      if (!s.hoverLanguages.includes(doc.languageId)) return undefined;
      const at = await this.detector.at(doc, position);
      expression = at?.expression;
      range = at?.range;
      renamed = at?.renamed;
    }
    if (!expression || token.isCancellationRequested) return undefined;
    let engine: EngineModule;
    try {
      engine = await this.modules.engine.get();
    } catch {
      return undefined; // reported once by the loader
    }
    const g = gradientFor(engine, expression);
    if (!g || token.isCancellationRequested) return undefined;
    // Without the renderer (a broken install, reported once) the hover shows text instead of images.
    const render = await this.modules.render.get().catch(() => undefined);
    return new vscode.Hover(hoverMarkdown(g, render, renamed), range);
  }
}
