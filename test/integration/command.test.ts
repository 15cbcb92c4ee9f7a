import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, fixture, panelTabs, waitFor } from './helpers';

describe('Optimize Expression', () => {
  afterEach(closeAll);

  it('takes a string argument and runs the optimizers from the settings', async () => {
    const a = await api();
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', '(1-x)^2 + 100*(y-x^2)^2');
    const run = a.lastRun();
    assert.ok(run);
    assert.strictEqual(run.expression, '(1-x)^2 + 100*(y-x^2)^2');
    assert.deepStrictEqual(run.variables, ['x', 'y']);
    // The default settings run seven optimizers (package.json: optimizerLab.optimizers).
    assert.deepStrictEqual(run.runs.map(r => r.optimizer), ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad']);
    assert.ok(run.runs.every(r => r.convention === 'pytorch'));
  });

  it('takes an object argument: Adam on the bowl from (0.5, −0.3) ends near the minimum at 0', async () => {
    const a = await api();
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', {
      expression: 'x^2 + y^2', start: [0.5, -0.3], optimizers: ['adam'], steps: 3000, hyperparameters: { adam: { lr: 0.01 } },
    });
    const run = a.lastRun()!;
    assert.deepStrictEqual(run.runs.map(r => r.optimizer), ['adam']);
    const adam = run.runs[0];
    assert.strictEqual(adam.stop.reason, 'max-steps');
    assert.ok(Math.hypot(...adam.finalParams) < 0.05, `ended at ${adam.finalParams}`);
    assert.ok(adam.finalLoss < 2.5e-3, `final loss ${adam.finalLoss}`);
  });

  it('reports a too-large SGD step as diverged', async () => {
    const a = await api();
    // x ← x − η·2x = (1 − 2η)x: with η = 1.5 every step doubles |x| and |y|, so after k updates
    // f = 0.34·4^k (f(start) = 0.25 + 0.09 = 0.34). The documented rules (README, run.ts):
    //   |x| > 1e6 (= max(1e6, 1000·0.5)): 0.5·2^k > 1e6 first at k = 21;
    //   |f| > 1e20: 0.34·4^k > 1e20 first at k = 35;
    //   growth: f − 0.34 > 1e6·max(0.34, 1) = 1e6 first at k = 11 (0.34·4^10 ≈ 3.6e5, 0.34·4^11 ≈ 1.4e6),
    //   and for 10 updates in a row at k = 11, …, 20 → diverged at update 20, before the |x| limit.
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', {
      expression: 'x^2 + y^2', start: [0.5, -0.3], optimizers: ['sgd'], steps: 200, hyperparameters: { sgd: { lr: 1.5 } },
    });
    const sgd = a.lastRun()!.runs[0];
    assert.strictEqual(sgd.stop.reason, 'diverged');
    assert.strictEqual(sgd.stop.step, 20);
  });

  it('uses the editor selection when called without an argument', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument(fixture('formula.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression');
    assert.strictEqual(a.lastRun()?.expression, 'x^2 + 3*x*y');
  });

  it('uses the formula under the cursor when nothing is selected', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument(fixture('model.py'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex(l => l.startsWith('loss ='));
    editor.selection = new vscode.Selection(line, 12, line, 12);
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression');
    // The Python line read as mathjs (spacing is the detector's): the Rosenbrock function.
    assert.strictEqual(a.lastRun()?.expression.replace(/\s+/g, ''), '(1-x)^2+100*(y-x^2)^2');
  });

  it('reuses the open panel for the same expression', async () => {
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', 'x^2 + 2*y^2');
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', { expression: 'x^2 + 2*y^2', steps: 50 });
    await new Promise(r => setTimeout(r, 300)); // the tab model updates asynchronously
    assert.strictEqual(panelTabs().length, 1);
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', 'x^2 + 3*y^2');
    await waitFor(() => panelTabs().length === 2 || undefined, 5000, 'a second panel');
  });

  for (const [what, arg] of [
    ['a number', 42],
    ['an object without an expression', { start: [1, 2] }],
    ['an unknown optimizer', { expression: 'x^2', optimizers: ['bogus'] }],
    ['a bad start', { expression: 'x^2 + y^2', start: [1] }],
    ['a bad hyperparameter', { expression: 'x^2', optimizers: ['adam'], hyperparameters: { adam: { beta1: 1.5 } } }],
    ['an expression with a syntax error', '(x + '],
    ['a forbidden function', 'import("fs")'],
  ] as [string, unknown][]) {
    it(`rejects ${what} with a message, without throwing or opening a panel`, async () => {
      const a = await api();
      const before = a.lastRun();
      const failures = a._unexpectedErrors().length;
      const result = await vscode.commands.executeCommand('optimizerLab.optimizeExpression', arg);
      assert.strictEqual(result, undefined);
      // A crash inside the command would also return undefined: it must not have been one.
      assert.deepStrictEqual(a._unexpectedErrors().slice(failures), [], 'no unexpected failure');
      assert.strictEqual(a.lastRun(), before);
      assert.strictEqual(panelTabs().length, 0);
    });
  }
});
