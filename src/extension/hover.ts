/**
 * Gradients on hover. The text under the cursor is untrusted: it goes through the core's
 * whitelist parser (nothing is executed) and the core's limits (sizes, derivative steps), and
 * results are cached. The images are typeset by the math renderer (renderHost.ts: a worker thread
 * in the Node host).
 *
 * The hover of a formula is computed by one function (hoverAhead.ts: hoverContent) into one cache
 * keyed by document version and formula range, which the hover provider and the computation ahead
 * (HoverAhead: the formulas on screen, while the editor is idle) share.
 *
 * This file is part of dist/extension.js, so it imports no heavy code: the detection, the
 * expression engine and the MathJax renderer arrive through the lazy modules on the first hover.
 */
import * as vscode from 'vscode';
import { Detector, FormulaAt, renamedNote } from './detection';
import { computeScreenAhead, ContentCache, contentKey, HOVER_COMMANDS, HoverContent, hoverContent, MAX_FORMULAS_PER_SCREEN, probeOffsets } from './hoverAhead';
import { Modules } from './modules';
import { hoverSettings } from './settings';

export { gradientFor } from './hoverAhead';
export type { GradientText } from './hoverAhead';

/** How long the editor must be idle (no scrolling, typing or switching) before the formulas on screen are computed ahead. */
const IDLE_MS = 300;

function themeColor(): string {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light: return '#1f1f1f';
    case vscode.ColorThemeKind.HighContrastLight: return '#000000';
    case vscode.ColorThemeKind.HighContrast: return '#ffffff';
    default: return '#d4d4d4';
  }
}

/** The hover's MarkdownString for a content (trusted command links for our two commands only). */
export function hoverMarkdown(c: HoverContent): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  for (const p of c.parts) {
    if ('code' in p) md.appendCodeblock(p.code, 'text');
    else md.appendMarkdown(p.markdown);
  }
  return md;
}

/** The hover content of a formula of a document: the one function behind the hover and the computation ahead. */
export class HoverContents {
  readonly cache = new ContentCache<HoverContent | undefined>();

  constructor(private readonly modules: Modules) {}

  /** Starts loading the math renderer, if it has not started. */
  prepare(): void {
    void this.modules.render.get().catch(() => undefined);
  }

  async of(doc: vscode.TextDocument, f: FormulaAt): Promise<HoverContent | undefined> {
    const color = themeColor();
    const key = contentKey(doc.uri.toString(), doc.version, doc.offsetAt(f.range.start), doc.offsetAt(f.range.end), f.expression, color);
    return this.cache.get(key, async () => {
      let engine;
      try {
        engine = await this.modules.engine.get();
      } catch {
        return undefined; // reported once by the loader
      }
      // Without the renderer (a broken install, reported once) the hover shows text instead of images.
      const render = await this.modules.render.get().catch(() => undefined);
      return hoverContent(engine, render, f.expression, renamedNote(f.renamed), color);
    });
  }
}

export class GradientHoverProvider implements vscode.HoverProvider {
  /** How long each hover that looked for a formula took, in ms (the last 500): for tests and benchmarks. */
  readonly timings: number[] = [];

  constructor(private readonly detector: Detector, private readonly contents: HoverContents) {}

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
    // The math renderer starts loading now (the Node host: in its worker thread), while this
    // thread finds the formula and its gradient.
    if (sel || s.hoverLanguages.includes(doc.languageId)) this.contents.prepare();
    let found: FormulaAt | undefined;
    if (sel) {
      found = { expression: doc.getText(sel), range: sel };
    } else {
      if (!s.hoverLanguages.includes(doc.languageId)) return undefined;
      found = await this.detector.at(doc, position);
    }
    if (!found?.expression || token.isCancellationRequested) return undefined;
    const c = await this.contents.of(doc, found);
    if (!c || token.isCancellationRequested) return undefined;
    return new vscode.Hover(hoverMarkdown(c), found.range);
  }
}

/** Whether the hover's contents are computed ahead for the formulas on screen (optimizerLab.hover.precompute). */
const precomputeEnabled = (): boolean => vscode.workspace.getConfiguration('optimizerLab').get<boolean>('hover.precompute', true);

/**
 * Computes the hovers of the formulas in the visible lines of the visible editors ahead of the
 * person's hover, IDLE_MS after the last scroll, edit or editor change, one detection or formula
 * per macrotask, at most MAX_FORMULAS_PER_SCREEN per screen; a change of the view or the text
 * cancels the pass and starts the wait again. It runs only once the hover's bundles have loaded
 * (the background warm-up loads them), so it never loads code on its own.
 */
export class HoverAhead implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly listeners: vscode.Disposable[];
  /** For tests: passes finished, and formulas computed ahead in them. */
  readonly stats = { passes: 0, formulas: 0, probes: 0 };
  /** For tests: resolves when the current pass (if any) has ended. */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly modules: Modules, private readonly detector: Detector, private readonly contents: HoverContents) {
    this.listeners = [
      vscode.window.onDidChangeTextEditorVisibleRanges(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (vscode.window.visibleTextEditors.some(ed => ed.document === e.document)) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (e.affectsConfiguration('optimizerLab.hover')) this.schedule();
      }),
    ];
  }

  /** Cancels a pass under way and starts the idle wait again. */
  schedule(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const gen = this.generation;
      this.running = this.running.then(() => this.pass(gen));
    }, IDLE_MS);
  }

  /** For tests: resolves once no pass is waiting or running. */
  async settled(): Promise<void> {
    while (this.timer) await new Promise(r => setTimeout(r, 50));
    await this.running;
  }

  private async pass(gen: number): Promise<void> {
    const s = hoverSettings();
    if (!s.hoverEnabled || !precomputeEnabled()) return;
    if (!this.modules.detect.loaded || !this.modules.engine.loaded || !this.modules.render.loaded) return;
    const active = vscode.window.activeTextEditor;
    const editors = [...(active ? [active] : []), ...vscode.window.visibleTextEditors.filter(e => e !== active)]
      .filter(e => s.hoverLanguages.includes(e.document.languageId));
    let budget = MAX_FORMULAS_PER_SCREEN;
    try {
      for (const editor of editors) {
        if (gen !== this.generation || budget <= 0) return;
        const doc = editor.document;
        const version = doc.version;
        const lines: { text: string; offset: number }[] = [];
        for (const r of editor.visibleRanges) {
          for (let l = r.start.line; l <= r.end.line && l < doc.lineCount; l++) {
            lines.push({ text: doc.lineAt(l).text, offset: doc.offsetAt(new vscode.Position(l, 0)) });
          }
        }
        const r = await computeScreenAhead<FormulaAt & { start: number; end: number }>({
          probes: probeOffsets(lines, doc.languageId),
          detect: async offset => {
            const f = await this.detector.at(doc, doc.positionAt(offset));
            return f && { ...f, start: doc.offsetAt(f.range.start), end: doc.offsetAt(f.range.end) };
          },
          compute: f => this.contents.of(doc, f),
          cancelled: () => gen !== this.generation || doc.version !== version || doc.isClosed,
          maxFormulas: budget,
        });
        budget -= r.formulas;
        this.stats.probes += r.probes;
        this.stats.formulas += r.formulas;
        if (r.cancelled) return;
      }
      this.stats.passes++;
    } catch {
      // A failure here only means the hover computes on demand; the hover itself reports its errors.
    }
  }

  dispose(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    for (const l of this.listeners) l.dispose();
  }
}
