import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, closeAll, waitFor } from './helpers';
import { runSweep } from '../../src/core/sweep';
import { parseObjective } from '../../src/core/expr';
import { objectiveSource } from '../../src/core/run';

/**
 * The panel's learning-rate sweep and "use this lr", through the messages the webview posts
 * (`requestSweep`, then `configure` with the chosen lr, as its "use η = …" button does).
 *
 * f = 5x² + y²/2 from (1, 1), plain GD (PyTorch): x ← (1 − 10η)x, y ← (1 − η)y, so after N updates
 * f = 5(1 − 10η)^{2N} + (1 − η)^{2N}/2, and GD diverges for η > 2/λmax = 0.2. On the grid
 * 1e-3 … 1 (7 rates, one per half decade) the best final loss is at η = 0.1, where x is 0 after one
 * update and f = 0.9^{2N}/2; 0.316 and 1 diverge.
 */
describe('Panel sweep and "use this lr"', () => {
  afterEach(closeAll);

  const N = 300;
  const closedForm = (lr: number) => 5 * (1 - 10 * lr) ** (2 * N) + (1 - lr) ** (2 * N) / 2;

  it('sweeps the run, and "use η" sets the sweep\'s best lr on the run and runs it again', async function () {
    this.timeout(60000);
    const a = await api();
    const config = { expression: '5*x^2 + y^2/2', start: [1, 1], optimizers: ['sgd', 'adam'], steps: N, hyperparameters: { sgd: { lr: 0.001 } } };
    await vscode.commands.executeCommand('optimizerLab.optimizeExpression', config);
    const errors = a._unexpectedErrors().length;
    const before = await waitFor(() => a.lastRun()?.expression === config.expression ? a.lastRun() : undefined, 20000, 'the first run');
    const sgdBefore = before.runs.find(r => r.optimizer === 'sgd')!;
    assert.ok(Math.abs(sgdBefore.finalLoss - closedForm(0.001)) <= 1e-9 * closedForm(0.001), `GD at η = 0.001: ${sgdBefore.finalLoss} vs ${closedForm(0.001)}`);

    // The sweep the panel runs on request (the webview's "Sweep" button posts this message).
    const grid = { lo: 1e-3, hi: 1, n: 7 };
    await a._panelMessage({ type: 'requestSweep', grid, steps: N });
    assert.deepStrictEqual(a._unexpectedErrors().slice(errors), []);
    // The same sweep through core (what the panel's host computed and posted): its best for GD is the hand-derived 0.1.
    const parsed = parseObjective(config.expression);
    assert.ok(parsed.ok);
    const sweep = runSweep({ source: objectiveSource(parsed.value.f, parsed.value.grad, 2), start: [1, 1], optimizers: [{ optimizer: 'sgd' }, { optimizer: 'adam' }], grid, steps: N });
    assert.ok(sweep.ok);
    const best = sweep.value.runs[0].best!;
    assert.strictEqual(best.lr, 0.1);
    assert.deepStrictEqual(sweep.value.runs[0].points.map(p => p.diverged), [false, false, false, false, false, true, true]);
    // In the Node extension host the sweep ran in worker threads: the pool bundle was loaded.
    const loads = (a as { _bundleLoads?: () => { file: string }[] })._bundleLoads;
    if (loads) assert.ok(loads().some(l => l.file === 'sweepPool.js'), `bundles loaded: ${loads().map(l => l.file).join(', ')}`);
    // A basin map of GD (the run's optimizer, η = 0.001) over the view, in workers too: handled without an unexpected error.
    await a._panelMessage({ type: 'requestBasins', run: 0, grid: 20, steps: 200, x: [-2, 2], y: [-2, 2], request: 1 });
    assert.deepStrictEqual(a._unexpectedErrors().slice(errors), []);

    // "use η = 0.1" for GD: the webview posts the run's configuration with that lr (Controls.setLearningRate).
    await a._panelMessage({
      type: 'configure',
      config: { expression: config.expression, start: [1, 1], optimizers: ['sgd', 'adam'], convention: 'pytorch', steps: N, hyperparameters: { sgd: { lr: best.lr } }, schedule: { kind: 'constant' } },
    });
    const after = await waitFor(() => {
      const r = a.lastRun();
      const sgd = r?.runs.find(x => x.optimizer === 'sgd');
      return sgd && sgd.finalLoss !== sgdBefore.finalLoss ? sgd : undefined;
    }, 20000, 'the run again with the new lr');
    // Run again with η = 0.1: x = 0 after the first update, y = 0.9^N.
    assert.strictEqual(after.stop.reason, 'max-steps');
    assert.strictEqual(after.finalParams[0], 0);
    assert.ok(Math.abs(after.finalParams[1] - 0.9 ** N) <= 1e-12 * 0.9 ** N, `y = ${after.finalParams[1]}`);
    assert.ok(Math.abs(after.finalLoss - closedForm(best.lr)) <= 1e-9 * closedForm(best.lr), `final loss ${after.finalLoss} vs ${closedForm(best.lr)}`);
    assert.strictEqual(after.finalLoss, best.finalLoss, 'the run at the sweep\'s best lr ends where the sweep\'s point did');
    assert.deepStrictEqual(a._unexpectedErrors().slice(errors), []);
  });
});
