/**
 * Wires the extension together: commands, the gradient hover, the Gradient view, the panel
 * serializer and settings. Everything numeric lives in src/core; this layer only adapts it to VS Code.
 *
 * Activation stays cheap: this bundle (dist/extension.js) holds only the registrations. The
 * expression engine, the MathJax renderer, the formula detection and the panel are separate
 * bundles loaded on first use (modules.ts); a bundle that fails to load is reported once and the
 * rest keeps working.
 */
import * as vscode from 'vscode';
import type { PanelDeps, RunSummary } from './panel';
import { Detector, assetLoader } from './detection';
import { GradientView, GradientViewState } from './gradientView';
import { GradientHoverProvider } from './hover';
import { PANEL_VIEW_TYPE } from './ids';
import { loadFailureMessage } from './lazy';
import { createModules, loadedModules, Modules } from './modules';
import { readSettings, Settings } from './settings';
import type { Commands } from './commands';


/** What `activate()` returns: for tests and other extensions. */
export interface OptimizerLabApi {
  /** What the most recently updated panel shows, or undefined when no panel has run. */
  lastRun(): RunSummary | undefined;
  /** Titles of the open panels and whether their webview has rendered. */
  panels(): { title: string; ready: boolean }[];
  /** Which lazily loaded bundles have loaded so far: engine, render, detect, panel. */
  loadedModules(): (keyof Modules)[];
  /** What the Gradient view shows (undefined before it has shown a formula). */
  gradientView(): GradientViewState | undefined;
  /** For tests: resolves when the Gradient view's pending update has finished. */
  _gradientViewSettled(): Promise<void>;
  /** For tests: what the panel serializer does after a window reload. */
  _revive(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): OptimizerLabApi {
  const output = vscode.window.createOutputChannel('Optimizer Lab');
  let settings: Settings | undefined;
  let lastUnexpected = '';
  const deps: PanelDeps = {
    extensionUri: context.extensionUri,
    output,
    memento: context.workspaceState,
    settings: () => (settings ??= readSettings(m => output.appendLine(m))),
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

  const modules = createModules(context.extensionPath, (name, e) => {
    output.appendLine(`loading the ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    void vscode.window.showErrorMessage(loadFailureMessage(name, e), 'Show Output').then(choice => { if (choice) output.show(true); });
  });
  const detector = new Detector(modules, assetLoader(context.extensionUri));
  const gradientView = new GradientView(modules, detector);

  let commands: Commands | undefined;
  /** Runs a command of the panel bundle; when that bundle cannot load, the loader has already said so. */
  const withCommands = async <T>(fn: (c: Commands) => Promise<T>): Promise<T | undefined> => {
    let m;
    try {
      m = await modules.panel.get();
    } catch {
      return undefined;
    }
    commands ??= new m.Commands(deps, context.globalState, async editor => (await detector.at(editor.document, editor.selection.active))?.expression);
    const c = commands;
    return c.guard(() => fn(c));
  };

  context.subscriptions.push(
    output,
    gradientView,
    vscode.commands.registerCommand('optimizerLab.optimizeExpression', (arg?: unknown) => withCommands(c => c.optimizeExpression(arg))),
    vscode.commands.registerCommand('optimizerLab.optimizeSelection', () => withCommands(c => c.optimizeSelection())),
    vscode.commands.registerCommand('optimizerLab.optimizeOnDataset', (arg?: unknown) => withCommands(c => c.optimizeOnDataset(arg))),
    vscode.commands.registerCommand('optimizerLab.copyGradient', async (text?: unknown) => {
      if (typeof text !== 'string' || !text) return;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.setStatusBarMessage('Optimizer Lab: copied', 2500);
    }),
    // Every document: a selection is hovered in any language; without one the provider checks hover.languages.
    vscode.languages.registerHoverProvider({ pattern: '**' }, new GradientHoverProvider(modules, detector)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        let m;
        try {
          m = await modules.panel.get();
        } catch {
          panel.dispose(); // nothing can fill it; the loader has reported why
          return;
        }
        await m.OptimizerPanel.revive(panel, state, deps);
      },
    }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('optimizerLab')) return;
      settings = undefined;
      const panel = modules.panel.peek();
      if (panel) for (const p of panel.OptimizerPanel.all()) p.applySettings(deps.settings());
    }),
  );

  return {
    lastRun: () => modules.panel.peek()?.OptimizerPanel.lastRun(),
    panels: () => modules.panel.peek()?.OptimizerPanel.all().map(p => ({ title: p.title, ready: p.ready })) ?? [],
    loadedModules: () => loadedModules(modules),
    gradientView: () => gradientView.current(),
    _gradientViewSettled: () => gradientView.settled(),
    _revive: async (panel, state) => (await modules.panel.get()).OptimizerPanel.revive(panel, state, deps),
  };
}

export function deactivate(): void {
  // Panels, providers and the output channel are disposed through context.subscriptions.
}
