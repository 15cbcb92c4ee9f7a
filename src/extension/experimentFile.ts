/**
 * An experiment panel's file: where it lives, how the dataset path is written relative to it, and
 * saving the panel's RunConfig back (or as a new file) and as a `vscode://` link. Used by the panel
 * host (panel.ts) and by the commands that open experiments (experiment.ts).
 */
import * as vscode from 'vscode';
import { experimentFromRunConfig, EXPERIMENT_SUFFIX, serializeExperiment } from '../core/experiment/format';
import { experimentLink } from '../core/experiment/link';
import { RunConfig, ViewState } from '../core/protocol';
import { boundsToSave } from '../core/experiment/view';
import { streamCodec } from './experimentCodec';

/** Where a panel's experiment lives (a file, or nowhere yet: a link, a command). */
export interface ExperimentOrigin {
  file?: vscode.Uri;
  bounds?: { x: [number, number]; y: [number, number] };
  description?: string;
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.includes('://');

/** The dataset path of an experiment (relative to its file) → what the panel reads (a path or a URI string). */
export function resolveDataPath(file: vscode.Uri | undefined, relative: string): string {
  if (isAbsolute(relative)) return relative;
  const base = file ? vscode.Uri.joinPath(file, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!base) return relative;
  const target = vscode.Uri.joinPath(base, ...relative.split(/[\\/]/));
  return target.scheme === 'file' ? target.fsPath : target.toString();
}

/** The panel's dataset (a path or a URI string) → a path relative to the experiment file, with forward slashes. */
export function relativeDataPath(file: vscode.Uri | undefined, data: string): string {
  if (!file) return data;
  const target = data.includes('://') ? vscode.Uri.parse(data) : vscode.Uri.file(data);
  if (target.scheme !== file.scheme || target.authority !== file.authority) return data;
  const from = vscode.Uri.joinPath(file, '..').path.split('/').filter(Boolean);
  const to = target.path.split('/').filter(Boolean);
  let same = 0;
  while (same < from.length && same < to.length - 1 && from[same] === to[same]) same++;
  return [...from.slice(same).map(() => '..'), ...to.slice(same)].join('/');
}

/** The text a panel saves: its RunConfig as an experiment, the map's zoom as `view.bounds`, the dataset relative to `file`. */
export function experimentText(config: RunConfig, origin: ExperimentOrigin, file: vscode.Uri | undefined, view: ViewState | undefined): string {
  const bounds = boundsToSave(view, origin.bounds);
  return serializeExperiment(experimentFromRunConfig(config, {
    relativePath: data => relativeDataPath(file, data),
    ...(bounds ? { bounds } : {}),
    ...(origin.description !== undefined ? { description: origin.description } : {}),
  }));
}

/** "Save" (back to the panel's file) or "Save as experiment…" (a dialog); the file the panel now belongs to. */
export async function saveExperiment(config: RunConfig, origin: ExperimentOrigin, saveAs: boolean, view: ViewState | undefined): Promise<vscode.Uri | undefined> {
  let file = saveAs ? undefined : origin.file;
  if (!file) {
    const folder = origin.file ? vscode.Uri.joinPath(origin.file, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${config.expression.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'experiment'}${EXPERIMENT_SUFFIX}`;
    file = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { 'Optimizer Lab experiment': ['json'] },
      title: 'Save as Optimizer Lab experiment',
    });
    if (!file) return undefined;
    if (!file.path.endsWith(EXPERIMENT_SUFFIX)) file = file.with({ path: file.path.replace(/(\.json)?$/, EXPERIMENT_SUFFIX) });
  }
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(experimentText(config, origin, file, view)));
  void vscode.window.setStatusBarMessage(`Optimizer Lab: saved ${vscode.workspace.asRelativePath(file)}`, 3000);
  return file;
}

/** "Copy link": the experiment in a `vscode://` link on the clipboard, or why it does not fit. */
export async function copyExperimentLink(config: RunConfig, origin: ExperimentOrigin, view: ViewState | undefined): Promise<string | undefined> {
  const link = await experimentLink(experimentText(config, origin, origin.file, view), streamCodec);
  if (!link.ok) {
    void vscode.window.showWarningMessage(`Optimizer Lab: ${link.error.message}`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(link.value);
  void vscode.window.setStatusBarMessage('Optimizer Lab: link copied', 3000);
  return link.value;
}
