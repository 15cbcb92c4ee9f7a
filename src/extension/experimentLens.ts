/**
 * "▶ Optimize" CodeLenses, registered at activation and kept light (nothing heavy is imported
 * here: the formula detection loads on the first lens request of a Markdown or Python document):
 * - at the top of every experiment file (`*.optlab.json`): opens the panel on that experiment;
 * - above the formulas the gradient hover recognises in Markdown and Python: opens the panel on
 *   that formula. Setting `optimizerLab.codeLens.enabled` turns these off.
 */
import * as vscode from 'vscode';
import type { Detector } from './detection';

/** The experiment files' ending (src/core/experiment/format.ts EXPERIMENT_SUFFIX; not imported, to keep this bundle small). */
export const EXPERIMENT_GLOB = '**/*.optlab.json';
export const OPTIMIZE_TITLE = '▶ Optimize';
/** Candidate places tried per document, at most. */
const MAX_CANDIDATES = 60;

export class ExperimentLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [new vscode.CodeLens(top, { title: OPTIMIZE_TITLE, tooltip: 'Run this experiment in the Optimizer Lab panel', command: 'optimizerLab.openExperiment', arguments: [document.uri] })];
  }
}

/** Offsets where a formula may start: display and inline maths in Markdown; returns and assignments in Python. */
export function formulaCandidates(languageId: string, text: string): number[] {
  const out: number[] = [];
  if (languageId === 'markdown') {
    // $$…$$ and $…$ maths, `code spans` with an operator, and the first line of ```math fences.
    const pattern = /\$\$([\s\S]+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)|(?<!`)`([^`\n]*[-+*/^][^`\n]*)`(?!`)|^```math[^\n]*\n([^\n]+)/gm;
    for (const m of text.matchAll(pattern)) {
      const group = [1, 2, 3, 4].find(g => m[g] !== undefined) ?? 1;
      const inner = m[group];
      const lead = inner.length - inner.trimStart().length;
      out.push((m.index ?? 0) + m[0].indexOf(inner) + lead);
      if (out.length >= MAX_CANDIDATES) break;
    }
  } else if (languageId === 'python') {
    let offset = 0;
    for (const line of text.split('\n')) {
      const m = /^(\s*)(?:return\s+|[A-Za-z_]\w*\s*=(?!=)\s*)(?=.*[-+*/(])/.exec(line);
      if (m && !/^\s*(def|class|import|from|#)/.test(line)) out.push(offset + m[0].length);
      offset += line.length + 1;
      if (out.length >= MAX_CANDIDATES) break;
    }
  }
  return out;
}

export class FormulaLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly detector: Detector) {
    this.listener = vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('optimizerLab.codeLens.enabled')) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('optimizerLab').get<boolean>('codeLens.enabled', true)) return [];
    const lenses: vscode.CodeLens[] = [];
    const lines = new Set<number>();
    for (const offset of formulaCandidates(document.languageId, document.getText())) {
      if (token.isCancellationRequested) return [];
      const found = await this.detector.at(document, document.positionAt(offset));
      if (!found || lines.has(found.range.start.line)) continue;
      lines.add(found.range.start.line);
      lenses.push(new vscode.CodeLens(found.range, { title: OPTIMIZE_TITLE, tooltip: `Optimize ${found.expression}`, command: 'optimizerLab.optimizeExpression', arguments: [found.expression] }));
    }
    return lenses;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
