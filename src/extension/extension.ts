/**
 * Wires the extension together: commands, the gradient hover, the panel serializer and settings.
 * Everything numeric lives in src/core; this layer only adapts it to VS Code.
 */
import * as vscode from 'vscode';
import { Commands } from './commands';
import { GradientHoverProvider } from './hover';
import { OptimizerPanel, PanelDeps, RunSummary, VIEW_TYPE } from './panel';
import { readSettings, Settings } from './settings';

/** What `activate()` returns: for tests and other extensions. */
export interface OptimizerLabApi {
  /** What the most recently updated panel shows, or undefined when no panel has run. */
  lastRun(): RunSummary | undefined;
  /** Titles of the open panels and whether their webview has rendered. */
  panels(): { title: string; ready: boolean }[];
  /** For tests: what the panel serializer does after a window reload. */
  _revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): OptimizerLabApi {
  const output = vscode.window.createOutputChannel('Optimizer Lab');
  let settings: Settings = readSettings(m => output.appendLine(m));
  let lastUnexpected = '';
  const deps: PanelDeps = {
    extensionUri: context.extensionUri,
    output,
    memento: context.workspaceState,
    settings: () => settings,
    unexpected: (where, e) => {
      const message = e instanceof Error ? e.message : String(e);
      output.appendLine(`unexpected error while ${where}: ${e instanceof Error ? e.stack ?? message : message}`);
      // Once per distinct failure: no notification storms.
      if (message !== lastUnexpected) {
        lastUnexpected = message;
        void vscode.window.showErrorMessage(`Optimizer Lab: unexpected error while ${where}: ${message}. Details are in the "Optimizer Lab" output.`, 'Show Output')
          .then(choice => { if (choice) output.show(true); });
      }
    },
  };

  context.subscriptions.push(
    output,
    ...new Commands(deps, context.globalState).register(),
    vscode.languages.registerHoverProvider({ pattern: '**' }, new GradientHoverProvider()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => OptimizerPanel.revive(panel, state, deps),
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('optimizerLab')) return;
      settings = readSettings(m => output.appendLine(m));
      for (const p of OptimizerPanel.all()) p.applySettings(settings);
    }),
  );

  return {
    lastRun: () => OptimizerPanel.lastRun(),
    panels: () => OptimizerPanel.all().map(p => ({ title: p.title, ready: p.ready })),
    _revive: (panel, state) => OptimizerPanel.revive(panel, state, deps),
  };
}

export function deactivate(): void {
  // Panels, providers and the output channel are disposed through context.subscriptions.
}
