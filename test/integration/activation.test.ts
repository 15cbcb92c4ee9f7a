import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, waitFor, panelTabs, closeAll } from './helpers';

describe('activation', () => {
  it('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('contributes "Optimizer Lab: Optimize Expression" and its companions', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string; title: string; category: string }[])
      .find(c => c.command === 'optimizerLab.optimizeExpression');
    assert.deepStrictEqual(contributed && [contributed.category, contributed.title], ['Optimizer Lab', 'Optimize Expression']);
    const all = await vscode.commands.getCommands(true);
    for (const c of ['optimizerLab.optimizeExpression', 'optimizerLab.optimizeSelection', 'optimizerLab.copyGradient', 'optimizerLab.optimizeOnDataset']) {
      assert.ok(all.includes(c), `${c} not registered`);
    }
  });

  it('the panel opens and its webview script runs under the CSP', async () => {
    const a = await api();
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', 'x^2 + y^2');
    const tab = await waitFor(() => panelTabs()[0], 10000, 'the panel tab');
    assert.ok(tab.label.startsWith('Optimizer Lab'), tab.label);
    // The webview really rendered in the browser: its script posted 'ready' back to the host.
    await waitFor(() => a.panels().some(p => p.ready), 20000, 'the webview to post ready');
    await closeAll();
  });
});
