import * as vscode from 'vscode';
import { OptimizerPanel } from './panel';

export interface OptimizerLabApi {
  /** Titles of the open Optimizer Lab panels and whether their webview has rendered. */
  panels(): { title: string; ready: boolean }[];
}

export function activate(context: vscode.ExtensionContext): OptimizerLabApi {
  const output = vscode.window.createOutputChannel('Optimizer Lab');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('optimizerLab.optimizeExpression', () => {
      OptimizerPanel.createOrShow(context.extensionUri, output);
    }),
  );
  return { panels: () => OptimizerPanel.all().map(p => ({ title: p.title, ready: p.ready })) };
}

export function deactivate(): void {
  // Panels and channels are disposed through context.subscriptions.
}
