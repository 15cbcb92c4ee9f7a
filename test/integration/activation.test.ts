import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'optimizer-lab.optimizer-lab';

export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, ms = 10000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('activation', () => {
  it('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('contributes "Optimizer Lab: Optimize Expression"', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string; title: string; category: string }[])
      .find(c => c.command === 'optimizerLab.optimizeExpression');
    assert.deepStrictEqual(contributed && [contributed.category, contributed.title], ['Optimizer Lab', 'Optimize Expression']);
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('optimizerLab.optimizeExpression'), 'command not registered');
  });
});
