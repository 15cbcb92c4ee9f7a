/**
 * The "Gradient" view in the Explorer: the gradient of the formula under the cursor, pinned beside
 * the editor. It follows the cursor and the edits (debounced), only while the view is visible, and
 * keeps showing the last formula when the cursor leaves it. Each line copies itself on click.
 */
import * as vscode from 'vscode';
import { Detector, renamedNote } from './detection';
import { gradientFor } from './hover';
import { GRADIENT_VIEW_ID } from './ids';
import { Modules } from './modules';
import { hoverSettings } from './settings';

const DEBOUNCE_MS = 200;

/** What the view shows (also returned to tests through the extension's API). */
export interface GradientViewState {
  expression: string;
  /** `f(x, y) = …` */
  f: string;
  /** `∂f/∂x = …`, one per variable. */
  partials: string[];
  /** "x1 is x[1], …" when the translation renamed something. */
  note?: string;
  /** Where it was read: file name and line (1-based). */
  source: string;
}

type Item = { label: string; description?: string; copy?: string; icon?: string; tooltip?: string };

export class GradientView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Item>;
  private readonly disposables: vscode.Disposable[] = [];
  private state: GradientViewState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Incremented per update so a slow, stale update never overwrites a newer one. */
  private generation = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly modules: Modules, private readonly detector: Detector) {
    this.view = vscode.window.createTreeView(GRADIENT_VIEW_ID, { treeDataProvider: this });
    this.view.message = 'Put the cursor on a formula to see its gradient.';
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeVisibility(e => { if (e.visible) this.schedule(0); }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection(e => { if (e.textEditor === vscode.window.activeTextEditor) this.schedule(); }),
      vscode.workspace.onDidChangeTextDocument(e => { if (e.document === vscode.window.activeTextEditor?.document) this.schedule(); }),
    );
    if (this.view.visible) this.schedule(0);
  }

  /** The current content, for tests. */
  current(): GradientViewState | undefined {
    return this.state;
  }

  /** Resolves when the scheduled update (if any) has finished: for tests. */
  async settled(): Promise<void> {
    while (this.timer) await new Promise(r => setTimeout(r, 20));
    await this.pending;
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (!this.view.visible) return; // nothing loads while the view is collapsed or hidden
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pending = this.update();
    }, delay);
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const doc = editor.document;
    let expression: string | undefined;
    let renamed: Record<string, string> | undefined;
    let line = editor.selection.active.line;
    if (!editor.selection.isEmpty) {
      expression = doc.getText(editor.selection);
      line = editor.selection.start.line;
    } else if (hoverSettings().hoverLanguages.includes(doc.languageId)) {
      const at = await this.detector.at(doc, editor.selection.active);
      expression = at?.expression;
      renamed = at?.renamed;
      if (at) line = at.range.start.line;
    }
    if (!expression) return; // keep showing the last formula
    let engine;
    try {
      engine = await this.modules.engine.get();
    } catch {
      return; // reported once by the loader
    }
    const g = gradientFor(engine, expression);
    if (!g || generation !== this.generation) return;
    const o = g.objective;
    this.state = {
      expression,
      f: `${o.name ?? 'f'}(${o.variables.join(', ')}) = ${o.text}`,
      partials: g.lines,
      note: renamedNote(renamed),
      source: `${vscode.workspace.asRelativePath(doc.uri, false)}:${line + 1}`,
    };
    this.view.message = undefined;
    this.view.description = this.state.source;
    this.changed.fire();
  }

  getChildren(element?: Item): Item[] {
    if (element || !this.state) return [];
    const s = this.state;
    const items: Item[] = [{ label: s.f, icon: 'symbol-function', copy: s.f, tooltip: `${s.f}\n\nClick to copy.` }];
    for (const p of s.partials) items.push({ label: p, icon: 'arrow-small-right', copy: p, tooltip: `${p}\n\nClick to copy.` });
    if (s.note) items.push({ label: s.note, icon: 'info', tooltip: 'Names the translation from the host language introduced.' });
    return items;
  }

  getTreeItem(item: Item): vscode.TreeItem {
    const t = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    t.description = item.description;
    t.tooltip = item.tooltip;
    if (item.icon) t.iconPath = new vscode.ThemeIcon(item.icon);
    if (item.copy) t.command = { command: 'optimizerLab.copyGradient', title: 'Copy', arguments: [item.copy] };
    return t;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
