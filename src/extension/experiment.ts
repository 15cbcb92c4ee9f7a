/**
 * Experiment files in VS Code: opening one (the "▶ Optimize" CodeLens, the explorer, a shared
 * link) runs the panel on exactly that experiment; a bad file opens no panel but a message naming
 * the field and the line, with a button that goes there. The panel saves back ("Save" for a panel
 * opened from a file, "Save as experiment…" for any), and copies a `vscode://` link that carries
 * the experiment. Everything about the format is in src/core/experiment; this is the VS Code side.
 */
import * as vscode from 'vscode';
import { EXPERIMENT_SUFFIX, readExperiment } from '../core/experiment/format';
import { experimentFromLinkQuery } from '../core/experiment/link';
import { experimentFromReport } from '../core/experiment/embed';
import { streamCodec } from './experimentCodec';
import { ExperimentOrigin, resolveDataPath } from './experimentFile';
import { OptimizerPanel, PanelDeps } from './panel';

/** A person's mistake in a file: a message naming field and line, and a button that goes there. */
function showProblem(file: vscode.Uri | undefined, error: { message: string; line?: number }): void {
  const name = file ? vscode.workspace.asRelativePath(file) : 'the experiment';
  const go = file && error.line !== undefined ? 'Go to Line' : undefined;
  // Not awaited: the command returns at once; the button acts whenever it is clicked.
  void vscode.window.showErrorMessage(`Optimizer Lab: ${name}: ${error.message}`, ...(go ? [go] : [])).then(async choice => {
    if (!choice || !file || error.line === undefined) return;
    const editor = await vscode.window.showTextDocument(file);
    const position = new vscode.Position(error.line - 1, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  });
}

/** Reads the experiment's text: an open (maybe unsaved) editor's, else the file's. */
async function textOf(file: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === file.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file));
}

/**
 * An experiment's text → the panel; false (with a message) when the text is not a valid experiment.
 * A dataset's path is relative to the experiment's file, or to `dataBase` (the report it came from).
 */
export async function openExperimentText(text: string, deps: PanelDeps, origin: ExperimentOrigin, dataBase?: vscode.Uri): Promise<OptimizerPanel | undefined> {
  const run = readExperiment(text, rel => resolveDataPath(origin.file ?? dataBase, rel));
  if (!run.ok) {
    showProblem(origin.file, run.error);
    return undefined;
  }
  const description = descriptionOf(text);
  return OptimizerPanel.show(run.value.config, deps, {
    ...origin,
    ...(run.value.bounds ? { bounds: run.value.bounds } : {}),
    ...(description !== undefined ? { description } : {}),
  });
}

/** `optimizerLab.openExperiment`: the argument's file, else the active editor's. */
export async function openExperiment(deps: PanelDeps, arg?: unknown): Promise<OptimizerPanel | undefined> {
  const file = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
  if (!file) {
    void vscode.window.showInformationMessage(`Optimizer Lab: open an experiment file (*${EXPERIMENT_SUFFIX}) first.`);
    return undefined;
  }
  let text: string;
  try {
    text = await textOf(file);
  } catch (e) {
    showProblem(file, { message: `cannot read the file (${e instanceof Error ? e.message : String(e)})` });
    return undefined;
  }
  // An HTML report written by `optimizer-lab run … --report` carries its experiment (a dataset's path relative to the report).
  if (/\.html?$/i.test(file.path)) {
    const embedded = experimentFromReport(text);
    if (embedded === undefined) {
      void vscode.window.showErrorMessage(`Optimizer Lab: ${vscode.workspace.asRelativePath(file)} carries no experiment (reports of 'optimizer-lab run … --report' do).`);
      return undefined;
    }
    return openExperimentText(embedded, deps, { file: undefined }, file);
  }
  return openExperimentText(text, deps, { file });
}

/** The URI handler: `vscode://optimizer-lab.optimizer-lab/open?experiment=…`. */
export async function openLink(deps: PanelDeps, uri: vscode.Uri): Promise<OptimizerPanel | undefined> {
  const text = await experimentFromLinkQuery(uri.query, streamCodec);
  if (!text.ok) {
    void vscode.window.showErrorMessage(`Optimizer Lab: cannot open this link: ${text.error.message}`);
    return undefined;
  }
  return openExperimentText(text.value, deps, {});
}

/** The file's free-text description, kept when the panel saves back. */
function descriptionOf(text: string): string | undefined {
  try {
    const d = (JSON.parse(text) as { description?: unknown }).description;
    return typeof d === 'string' ? d : undefined;
  } catch {
    return undefined; // readExperiment has accepted the text, so this does not happen
  }
}
