import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, EXTENSION_ID, fixture } from './helpers';

function sampleCsv(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media', 'datasets', 'linear-regression.csv');
}

describe('Optimize on Dataset', () => {
  afterEach(closeAll);

  it('full-batch gradient descent on standardised data reaches the least-squares line', async () => {
    const a = await api();
    // Independent reference: simple linear regression by its closed form on the original x.
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sampleCsv()));
    const rows = text.trim().split('\n').slice(1).map(l => l.split(',').map(Number));
    const n = rows.length;
    const mx = rows.reduce((s, r) => s + r[0], 0) / n;
    const my = rows.reduce((s, r) => s + r[1], 0) / n;
    const sxy = rows.reduce((s, r) => s + (r[0] - mx) * (r[1] - my), 0);
    const sxx = rows.reduce((s, r) => s + (r[0] - mx) ** 2, 0);
    const slope = sxy / sxx;
    const intercept = my - slope * mx;
    // On standardised x' = (x − μ)/σ the same line is w' = slope·σ, b' = intercept + slope·μ.
    const sigma = Math.sqrt(sxx / n);
    const expected = [slope * sigma, intercept + slope * mx];

    await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', {
      file: sampleCsv().toString(), loss: '(w*x + b - y)^2', batchSize: 'full', epochs: 300, rescale: 'standard',
      optimizers: ['sgd'], hyperparameters: { sgd: { lr: 0.25 } },
    });
    const run = a.lastRun();
    assert.ok(run, 'no run');
    assert.deepStrictEqual(run.variables, ['b', 'w']);
    const [b, w] = run.runs[0].finalParams;
    assert.ok(Math.abs(w - expected[0]) < 1e-6 * Math.abs(expected[0]), `w ${w} vs ${expected[0]}`);
    assert.ok(Math.abs(b - expected[1]) < 1e-6 * Math.abs(expected[1]), `b ${b} vs ${expected[1]}`);
    assert.strictEqual(run.runs[0].stop.step, 300); // full batch: one update per epoch
  });

  it('minibatches of 16 take ceil(rows/16) updates per epoch', async () => {
    const a = await api();
    await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', {
      file: sampleCsv().toString(), loss: '(w*x + b - y)^2', batchSize: 16, epochs: 3, optimizers: ['adam'],
    });
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sampleCsv()));
    const rows = text.trim().split('\n').length - 1;
    assert.strictEqual(a.lastRun()!.runs[0].stop.step, 3 * Math.ceil(rows / 16));
  });

  it('a bad CSV or a loss naming a missing column gives a message, not a crash', async () => {
    const a = await api();
    const before = a.lastRun();
    assert.strictEqual(await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', { file: fixture('bad.csv').toString(), loss: '(w*x - y)^2' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', { file: sampleCsv().toString(), loss: '(w*z - y)^2', params: ['w'] }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', { file: 'nope.csv', loss: 'x' }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('optimizerLab.optimizeOnDataset', 42), undefined);
    assert.strictEqual(a.lastRun(), before);
  });
});
