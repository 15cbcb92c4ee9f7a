import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'optimizer-lab.optimizer-lab';

export interface RunSummary {
  expression: string;
  variables: string[];
  runs: { optimizer: string; convention: string; stop: { reason: string; step: number }; finalLoss: number; finalParams: number[] }[];
}
export interface Api {
  lastRun(): RunSummary | undefined;
  panels(): { title: string; ready: boolean }[];
}

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} not installed`);
  return (await ext.activate()) as Api;
}

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 10000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder, name);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('optimizerLab.panel'));
}

export const here = (p: string) => path.join(__dirname, p);
