import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, panelTabs, waitFor } from './helpers';

describe('settings and restoring panels', () => {
  afterEach(closeAll);

  it('changing the optimizers, convention and steps re-runs open panels', async function () {
    this.timeout(120000); // three re-runs of the open panels, each waiting for the webview
    const a = await api();
    const config = vscode.workspace.getConfiguration('optimizerLab');
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', 'x^2 + 4*y^2');
    try {
      await config.update('optimizers', ['adam', 'lion'], vscode.ConfigurationTarget.Global);
      await config.update('convention', 'keras', vscode.ConfigurationTarget.Global);
      await config.update('steps', 40, vscode.ConfigurationTarget.Global);
      const run = await waitFor(() => {
        const r = a.lastRun();
        return r && r.runs.length === 2 && r.runs.every(x => x.convention === 'keras' && x.stop.step === 40) ? r : undefined;
      }, 10000, 'the panel to re-run with the new settings');
      assert.deepStrictEqual(run.runs.map(r => r.optimizer), ['adam', 'lion']);
    } finally {
      await config.update('optimizers', undefined, vscode.ConfigurationTarget.Global);
      await config.update('convention', undefined, vscode.ConfigurationTarget.Global);
      await config.update('steps', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the serializer restores a panel from its saved state (expression, optimizers, hyperparameters, position)', async () => {
    const a = (await api()) as Awaited<ReturnType<typeof api>> & { _revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> };
    const state = {
      version: 1,
      config: {
        expression: '(x-1)^2 + (y+2)^2', start: [3, 3], optimizers: ['momentum', 'rmsprop'], convention: 'optax', steps: 120,
        hyperparameters: { momentum: { lr: 0.05, momentum: 0.8 } }, schedule: { kind: 'constant' },
      },
      view: { position: 37, playing: false, speed: 2, lossScale: 'log', smoothing: 0 },
    };
    const panel = vscode.window.createWebviewPanel('optimizerLab.panel', 'restored', vscode.ViewColumn.Active, {});
    await a._revive(panel, state);
    const run = a.lastRun()!;
    assert.strictEqual(run.expression, '(x-1)^2 + (y+2)^2');
    assert.deepStrictEqual(run.runs.map(r => [r.optimizer, r.convention, r.stop.step]), [['momentum', 'optax', 120], ['rmsprop', 'optax', 120]]);
    // Momentum with η = 0.05, μ = 0.8 on this bowl converges to (1, −2) well within 120 steps.
    assert.ok(Math.hypot(run.runs[0].finalParams[0] - 1, run.runs[0].finalParams[1] + 2) < 1e-3);
    await waitFor(() => panelTabs().length === 1 || undefined, 5000, 'the restored panel tab');
  });

  it('a corrupt saved state closes the panel instead of crashing', async () => {
    const a = (await api()) as Awaited<ReturnType<typeof api>> & { _revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> };
    const panel = vscode.window.createWebviewPanel('optimizerLab.panel', 'broken', vscode.ViewColumn.Active, {});
    let disposed = false;
    panel.onDidDispose(() => { disposed = true; });
    await a._revive(panel, { version: 1, config: { expression: 42 } });
    assert.strictEqual(disposed, true);
  });
});
