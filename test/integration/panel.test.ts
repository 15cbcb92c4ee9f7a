import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './activation.test';

interface Api { panels(): { title: string; ready: boolean }[] }

describe('panel', () => {
  it('Optimize Expression opens a webview panel whose script runs under the CSP', async () => {
    const api = (await vscode.extensions.getExtension('optimizer-lab.optimizer-lab')!.activate()) as Api;
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression');
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap(g => g.tabs)
      .find(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('optimizerLab.panel')), 10000, 'the panel tab');
    assert.ok(tab.label.startsWith('Optimizer Lab'));
    // The webview really rendered in the browser: its script posted 'ready' back to the host.
    await waitFor(() => api.panels().some(p => p.ready), 20000, 'the webview to post ready');
  });
});
