/**
 * The formula under the cursor, for the hover, the commands and the Gradient view: the VS Code
 * document handed to the core detector (loaded lazily), which reads it in its host language.
 */
import * as vscode from 'vscode';
import type { AssetLoader } from '../core/hover/types';
import { Modules } from './modules';

export interface FormulaAt {
  /** mathjs syntax, ready for parseObjective. */
  expression: string;
  range: vscode.Range;
  /** Names the translation introduced, e.g. { x1: 'x[1]' }. */
  renamed?: Record<string, string>;
}

/** Packaged files (tree-sitter .wasm) read through workspace.fs, which works on the web too. */
export function assetLoader(extensionUri: vscode.Uri): AssetLoader {
  return async name => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
}

export class Detector {
  constructor(private readonly modules: Modules, private readonly assets: AssetLoader) {}

  /** The formula at `position`, or undefined (nothing there, or the detection could not load: reported once by the loader). */
  async at(doc: vscode.TextDocument, position: vscode.Position): Promise<FormulaAt | undefined> {
    let detect;
    try {
      detect = await this.modules.detect.get();
    } catch {
      return undefined; // the loader has shown the error once
    }
    const d = await detect.detectFormula({ languageId: doc.languageId, text: doc.getText() }, doc.offsetAt(position), this.assets);
    if (!d.found) return undefined;
    const f = d.formula;
    return { expression: f.expression, range: new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)), renamed: f.renamed };
  }
}

/** "x1 is x[1], x2 is x[2]" for the hover's caption and the Gradient view. */
export function renamedNote(renamed: Record<string, string> | undefined): string | undefined {
  const entries = Object.entries(renamed ?? {});
  return entries.length ? entries.map(([name, source]) => `${name} is ${source}`).join(', ') : undefined;
}
