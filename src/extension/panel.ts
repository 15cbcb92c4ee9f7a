import * as vscode from 'vscode';
import { parseWebviewMessage } from '../core/protocol';
import { makeNonce, panelHtml } from './panelHtml';

export const VIEW_TYPE = 'optimizerLab.panel';

/** One Optimizer Lab panel: lifecycle after microsoft/vscode-extension-samples' webview-sample. */
export class OptimizerPanel {
  private static readonly open = new Set<OptimizerPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  ready = false;

  static all(): OptimizerPanel[] {
    return [...OptimizerPanel.open];
  }

  static createOrShow(extensionUri: vscode.Uri, output: vscode.OutputChannel): OptimizerPanel {
    const existing = OptimizerPanel.all()[0];
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Optimizer Lab', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    return new OptimizerPanel(panel, extensionUri, output);
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly output: vscode.OutputChannel) {
    OptimizerPanel.open.add(this);
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: 'Optimizer Lab',
    });
    panel.webview.onDidReceiveMessage(m => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  get title(): string {
    return this.panel.title;
  }

  private onMessage(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg.ok) {
      this.output.appendLine(`ignored a malformed message from the panel: ${msg.error}`);
      return;
    }
    switch (msg.value.type) {
      case 'ready':
        this.ready = true;
        break;
      case 'log':
        this.output.appendLine(`[panel] ${msg.value.message}`);
        break;
      default:
        break;
    }
  }

  private dispose(): void {
    OptimizerPanel.open.delete(this);
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
