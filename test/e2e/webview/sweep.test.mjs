// The learning-rate sweep view and the "When to use which" guide: requests posted, the host's sweep
// drawn (best lr, divergence, stability line), "use η" posting the run with that lr, and a guide
// demonstration posting its run; screenshots of both for review.
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { bowlModel, dataModel } from './fixtures.mjs';
import { clearPosted, debug, flushEdits, frames, openPanel, posted, send, SHOTS, useBrowser, waitPosted } from './page.mjs';

/**
 * A sweep on the bowl x² + y² from (1.5, 1.5) (f₀ = 4.5, λmax = 2) with 100 steps, in closed form:
 * GD contracts each coordinate by (1 − 2η) per step, so f = 4.5·(1 − 2η)^200, diverging for η > 1
 * (2/λmax). Heavy ball (μ = 0.9): the recurrence itself, diverging beyond 2(1 + μ)/λmax = 1.9.
 */
function bowlSweep() {
  const grid = Array.from({ length: 25 }, (_, i) => Math.pow(10, -5 + (6 * i) / 24));
  const gd = grid.map(lr => {
    const f = 4.5 * Math.pow(1 - 2 * lr, 200);
    const diverged = Math.abs(1 - 2 * lr) > 1;
    return { lr, finalLoss: diverged ? null : f, bestLoss: Math.min(4.5, f), diverged };
  });
  const hb = grid.map(lr => {
    let x = 1.5;
    let b = 0;
    for (let t = 0; t < 100; t++) {
      b = 0.9 * b + 2 * x;
      x -= lr * b;
    }
    const f = 2 * x * x;
    const diverged = !Number.isFinite(f) || f > 1e20;
    return { lr, finalLoss: diverged ? null : f, bestLoss: 4.5, diverged };
  });
  const best = pts => pts.filter(p => !p.diverged).reduce((a, p) => (a === null || p.finalLoss < a.finalLoss ? { lr: p.lr, finalLoss: p.finalLoss } : a), null);
  return {
    grid, steps: 100, cancelled: false,
    runs: [
      { optimizer: 'sgd', convention: 'pytorch', points: gd, best: best(gd) },
      { optimizer: 'momentum', convention: 'pytorch', points: hb, best: best(hb) },
    ],
    stability: {
      lambdaMax: 2,
      thresholds: [{ optimizer: 'sgd', lr: 1, rule: '2/λmax' }, { optimizer: 'momentum', lr: 1.9, rule: '2(1+μ)/λmax' }],
      notes: [],
    },
  };
}

describe('webview sweep view, equal budgets and guide', function () {
  const env = useBrowser();

  it('Run sweep posts requestSweep with the grid and steps; the host’s sweep is drawn; “use η” posts the run with that lr', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel(), { viewport: { width: 1100, height: 900 } });
    await page.locator('.ol-sweep > summary').click();
    assert.equal(await page.locator('[data-field="sweep.grid.lo"]').inputValue(), '0.00001');
    assert.equal(await page.locator('[data-field="sweep.steps"]').inputValue(), '300', 'min(run steps, 1000)');
    await page.locator('[data-field="sweep.grid.n"]').fill('25');
    await page.locator('[data-field="sweep.steps"]').fill('100');
    await page.locator('.ol-sweep-run').click();
    const [req] = await waitPosted(page, 'requestSweep');
    assert.deepEqual(req, { type: 'requestSweep', grid: { lo: 1e-5, hi: 10, n: 25 }, steps: 100 });
    assert.equal(await page.locator('.ol-sweep-cancel').isVisible(), true);
    await send(page, { type: 'sweepProgress', done: 10, total: 50 });
    assert.match(await page.locator('.ol-sweep-status').innerText(), /10 \/ 50/);
    await page.locator('.ol-sweep-cancel').click();
    await waitPosted(page, 'cancelSweep');

    const sweep = bowlSweep();
    await send(page, { type: 'sweep', sweep });
    await frames(page, 2);
    assert.equal(await page.locator('.ol-sweep-cancel').isHidden(), true);
    const items = await page.locator('.ol-sweep-key-item').allInnerTexts();
    assert.equal(items.length, 2);
    // GD's best is the largest η below 1 on the grid: 10^(−5 + 6·20/24) = 10^0 = 1 is on the boundary
    // (1 − 2·1 = −1: |factor| = 1, not diverged, f stays 4.5), so the best is 10^(−0.25) = 0.562 (factor −0.124).
    assert.match(items[0], /best η = 0\.562/);
    assert.match(items[0], /diverged from η = 1\.77\d*/, 'first grid point above 1: 10^0.25');
    assert.match(items[0], /threshold 2\/λmax = 1/);
    const chart = await page.evaluate(() => {
      const c = window.Chart?.getChart?.(document.querySelector('.ol-sweep canvas'));
      return c ? { x: c.options.scales.x.type, y: c.options.scales.y.type } : null;
    });
    if (chart) assert.deepEqual(chart, { x: 'logarithmic', y: 'logarithmic' });
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('.ol-sweep').screenshot({ path: path.join(SHOTS, 'sweep-view.png') });

    await clearPosted(page);
    await page.locator('.ol-sweep-use[data-optimizer="momentum"]').click();
    const configures = await flushEdits(page, 'configure');
    assert.ok(configures.length >= 1);
    const hbBest = sweep.runs[1].best.lr;
    assert.equal(configures.at(-1).config.hyperparameters.momentum.lr, hbBest);
    assert.equal(configures.at(-1).config.hyperparameters.sgd.lr, 0.1, 'the other overrides stay');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('a sweep error from the host shows next to the sweep and re-enables it', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel());
    await page.locator('.ol-sweep > summary').click();
    await page.locator('.ol-sweep-run').click();
    await send(page, { type: 'error', error: { message: "the grid's lo must be a finite number > 0, got -1" }, field: 'sweep' });
    assert.match(await page.locator('.ol-sweep-status').innerText(), /grid's lo/);
    assert.equal(await page.locator('.ol-sweep-run').isDisabled(), false);
    await page.close();
  });

  it('the guide: one row per algorithm; a demonstration posts its run and says what to look at', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel(), { viewport: { width: 1100, height: 900 } });
    await page.locator('.ol-guide > summary').click();
    const names = await page.locator('.ol-guide-table tbody th').allInnerTexts();
    assert.deepEqual(names, ['GD (full batch)', 'SGD', 'Minibatch', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'AdaDelta', 'Adam', 'AMSGrad', 'AdaMax', 'Nadam', 'AdamW', 'Lion']);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('.ol-guide').screenshot({ path: path.join(SHOTS, 'guide.png') });
    await clearPosted(page);
    await page.locator('tr[data-optimizer="amsgrad"] .ol-guide-demo').click();
    const [c] = await waitPosted(page, 'configure');
    assert.equal(c.config.expression, 'x^2 + y^2');
    assert.deepEqual(c.config.optimizers, ['adam', 'amsgrad']);
    assert.equal(c.config.hyperparameters.amsgrad.beta2, 0.9);
    assert.match(await page.locator('.ol-guide-look').innerText(), /^AMSGrad: On the effective-LR chart/);
    assert.equal((await posted(page, 'configure')).length, 1);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('equal budgets: a dataset’s loss chart against gradient evaluations (60 rows, B = 6: 30 epochs are 1,800)', async () => {
    const page = await openPanel(env.browser, env.server, dataModel(), { viewport: { width: 1100, height: 900 } });
    const select = page.locator('.ol-loss-axis');
    assert.equal(await select.isVisible(), true);
    await select.selectOption('evaluations');
    await frames(page, 2);
    const d = await debug(page);
    assert.equal(d.lossAxisTitle, 'gradient evaluations (per sample)');
    // 300 updates of 6 rows each (10 per epoch, every batch full).
    assert.equal(d.lossXMax, 1800);
    assert.equal(d.lossDatasets[0].lastX, 1800);
    assert.match(await page.locator('.ol-loss-key').innerText(), /gradient evaluations: 6 per update \(one per row of the batch\), 60 per epoch/);
    await page.locator('.ol-chart-loss').screenshot({ path: path.join(SHOTS, 'loss-evaluations.png') });
    await select.selectOption('step');
    await frames(page, 2);
    assert.equal((await debug(page)).lossXMax, 300);
    await page.close();
    const plain = await openPanel(env.browser, env.server, bowlModel());
    assert.equal(await plain.locator('.ol-loss-axis').isHidden(), true, 'one gradient per update: only steps');
    await plain.close();
  });

  it('each run’s card lists its diagnosis sentences (a diverged one in the error colour)', async () => {
    const m = bowlModel();
    m.runs[0].diagnosis = [{ kind: 'reached-minimum', text: 'reached the known minimum (x, y) = (0, 0) at step 120', step: 120 }];
    m.runs[2].diagnosis = [{ kind: 'diverged', text: 'diverged at step 37: η·λmax = 2.4 > 2 at (x, y) = (1.5, 1.5)', step: 37 }];
    const page = await openPanel(env.browser, env.server, m, { viewport: { width: 1100, height: 900 } });
    const cards = page.locator('.ol-legend-item');
    assert.deepEqual(await cards.nth(0).locator('.ol-diagnosis li').allInnerTexts(), ['reached the known minimum (x, y) = (0, 0) at step 120']);
    assert.equal(await cards.nth(1).locator('.ol-diagnosis').count(), 0, 'no sentence, no list');
    const li = cards.nth(2).locator('.ol-diagnosis li.ol-diagnosis-diverged');
    assert.match(await li.innerText(), /^diverged at step 37/);
    const [c, err] = await page.evaluate(() => [getComputedStyle(document.querySelector('.ol-diagnosis-diverged')).color, getComputedStyle(document.body).getPropertyValue('--ol-error')]);
    assert.notEqual(c, await page.evaluate(() => getComputedStyle(document.querySelector('.ol-diagnosis li:not(.ol-diagnosis-diverged)')).color), `diverged sentence coloured apart (${c}, ${err})`);
    await page.locator('.ol-legend').screenshot({ path: path.join(SHOTS, 'diagnosis-cards.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('fair starts: the learning-rate switch posts config.tuning; each card says where its rate came from', async () => {
    const m = bowlModel();
    m.config.tuning = 'tuned';
    m.runs[0].lrSource = 'set by you';
    m.runs[1].lrSource = 'tuned: best of 12';
    const page = await openPanel(env.browser, env.server, m);
    assert.equal(await page.locator('[data-field="tuning"]').inputValue(), 'tuned');
    assert.match(await page.locator('.ol-legend-item').nth(1).locator('.ol-lr-source').innerText(), /: tuned: best of 12$/);
    await clearPosted(page);
    await page.locator('[data-field="tuning"]').selectOption('defaults');
    const [c] = await waitPosted(page, 'configure');
    assert.equal(c.config.tuning, 'defaults');
    await page.locator('[data-field="tuning"]').selectOption('given');
    const all = await flushEdits(page, 'configure');
    assert.equal('tuning' in all.at(-1).config, false, 'as given: no tuning key');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('report mode: the guide has no demonstration buttons and there is no sweep', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel({ readonly: true }));
    assert.equal(await page.locator('.ol-guide-demo').count(), 0);
    assert.equal(await page.locator('.ol-sweep').isHidden(), true);
    await page.close();
  });
});
