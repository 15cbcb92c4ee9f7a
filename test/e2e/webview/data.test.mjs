// Dataset runs and noise runs in the panel: the Data controls post the right configure
// messages, the loss chart goes against step or epoch with epoch boundaries marked, noise runs
// show a mean line with a min–max band, the least-squares reference is labelled and each run's
// distance to it is listed; and the contour worker (with its synchronous fallback under a CSP
// without `worker-src blob:`).
import assert from 'node:assert/strict';
import { bowlModel, dataModel, noiseModel } from './fixtures.mjs';
import { clearPosted, debug, flushEdits, frames, launch, loadProtocol, openPanel, posted, ready, screenshot, send, SHOTS, startServer, waitPosted } from './page.mjs';

/** Playback to the last step (the keyboard shortcut only works when no field has the focus). */
async function toEnd(page) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('End');
  await frames(page, 2);
}

describe('webview dataset and noise runs', function () {
  let browser, server, protocol, page;
  const lastConfigure = async p => {
    const all = await posted(p, 'configure');
    for (const m of all) assert.ok(protocol.parseWebviewMessage(m).ok, protocol.parseWebviewMessage(m).error);
    return all.at(-1)?.config;
  };

  before(async () => {
    protocol = await loadProtocol();
    server = await startServer();
    browser = await launch();
    page = await openPanel(browser, server, dataModel());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a Data section (file and parameters read-only), hides the steps field, explains batch sizes', async () => {
    const section = page.locator('.ol-section.ol-data');
    assert.equal(await section.count(), 1);
    assert.equal(await section.locator('legend').innerText(), 'Data');
    const file = section.locator('[data-field="data.file"]');
    assert.equal(await file.innerText(), 'linear-regression.csv');
    assert.equal(await file.getAttribute('title'), '/home/me/project/data/linear-regression.csv');
    assert.equal(await section.locator('[data-field="data.parameters"]').innerText(), 'w, b');
    assert.equal(await page.locator('.ol-side input[data-field="data.file"], .ol-side input[data-field="data.parameters"]').count(), 0, 'not editable');
    assert.match(await section.innerText(), /batch size 1 = SGD, full = gradient descent/);
    assert.equal(await page.locator('[data-field="steps"]').count(), 0, 'steps follow from the epochs');
    assert.equal(await page.locator('[data-field="data.batchSize"]').inputValue(), '6');
    assert.equal(await page.locator('[data-field="data.epochs"]').inputValue(), '30');
    assert.equal(await page.locator('[data-field="data.shuffle"]').isChecked(), true);
    assert.equal(await page.locator('[data-field="data.rescale"]').inputValue(), 'none');
    assert.equal(await page.locator('[data-field="data.seed"]').inputValue(), '7');
  });

  it('summarises the data from model.data: rows, updates per epoch (and the steps), no scale note without rescaling', async () => {
    const section = page.locator('.ol-section.ol-data');
    assert.equal(await section.locator('[data-field="data.rows"]').innerText(), '60');
    assert.match(await section.locator('[data-field="data.rows"]').getAttribute('title'), /columns: x, y/);
    assert.equal(await section.locator('[data-field="data.stepsPerEpoch"]').innerText(), '10 (300 steps)');
    assert.equal(await section.locator('[data-field="data.note"]').isHidden(), true);
    assert.equal(await page.locator('.ol-section.ol-noise').count(), 0, 'no gradient-noise controls for dataset runs');
    const m = dataModel();
    delete m.data;
    const p = await openPanel(browser, server, m);
    assert.equal(await p.locator('[data-field="data.rows"]').isHidden(), true, 'nothing to show before the host has summarised the data');
    await p.close();
  });

  it('plain expressions have no Data section and keep their steps field', async () => {
    const p = await openPanel(browser, server, bowlModel());
    assert.equal(await p.locator('.ol-section.ol-data').count(), 0);
    assert.equal(await p.locator('[data-field="steps"]').count(), 1);
    assert.equal(await p.locator('.ol-loss-axis').isHidden(), true, 'no epoch axis without epochs');
    await p.close();
  });

  it('batch size, full batch, epochs, shuffle, rescale and seed post one debounced configure with config.data updated', async () => {
    await clearPosted(page);
    await page.locator('[data-field="data.batchSize"]').fill('1');
    assert.equal((await posted(page, 'configure')).length, 0, 'debounced');
    await waitPosted(page, 'configure');
    let c = await lastConfigure(page);
    assert.equal(c.data.batchSize, 1);
    assert.equal(c.steps, 300, 'steps left for the host to recompute');
    assert.equal(c.expression, '(w * x + b - y)^2');

    await clearPosted(page);
    await page.locator('[data-key="data:full"]').check();
    await waitPosted(page, 'configure');
    c = await lastConfigure(page);
    assert.equal(c.data.batchSize, 'full');
    assert.equal(await page.locator('[data-field="data.batchSize"]').isDisabled(), true, 'the number is off while full batch is on');
    await clearPosted(page);
    await page.locator('[data-key="data:full"]').uncheck();
    await waitPosted(page, 'configure');
    assert.equal((await lastConfigure(page)).data.batchSize, 1, 'unticking restores the last size');
    assert.equal(await page.locator('[data-field="data.batchSize"]').isDisabled(), false);

    await clearPosted(page);
    await page.locator('[data-field="data.epochs"]').fill('5');
    await page.locator('[data-field="data.shuffle"]').uncheck();
    await page.locator('[data-field="data.rescale"]').selectOption('minmax-symmetric');
    await page.locator('[data-field="data.seed"]').fill('42');
    // (one message for the burst on an idle machine; the fills themselves can outlast the debounce under load)
    assert.ok((await flushEdits(page, 'configure')).length >= 1);
    c = await lastConfigure(page);
    assert.deepEqual(c.data, { file: '/home/me/project/data/linear-regression.csv', parameters: ['w', 'b'], batchSize: 1, epochs: 5, shuffle: false, rescale: 'minmax-symmetric', seed: 42 });
  });

  it('rejects a batch size of 0 and epochs of 2.5 without posting', async () => {
    await clearPosted(page);
    await page.locator('[data-field="data.batchSize"]').fill('0');
    await page.locator('[data-field="data.epochs"]').fill('2.5');
    assert.equal(await page.locator('[data-field="data.batchSize"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-field="data.epochs"]').getAttribute('aria-invalid'), 'true');
    assert.equal((await flushEdits(page, 'configure')).length, 0, 'nothing pending, nothing posted');
  });

  it('the host answering with the new model keeps the Data section in step with it', async () => {
    const m = dataModel({ batchSize: 'full', epochs: 40 });
    await send(page, { type: 'show', model: m });
    await frames(page, 2);
    assert.equal(await page.locator('[data-key="data:full"]').isChecked(), true);
    assert.equal(await page.locator('[data-field="data.epochs"]').inputValue(), '40');
    assert.equal(await page.locator('[data-field="data.batchSize"]').inputValue(), '60', 'full batch: the disabled field says how many rows');
    assert.equal(await page.locator('[data-field="data.stepsPerEpoch"]').innerText(), '1 (40 steps)');
    assert.equal((await debug(page)).stepsPerEpoch, 1, 'full batch: one update per epoch');
    await send(page, { type: 'show', model: dataModel() });
    await frames(page, 2);
  });

  it('loss chart: against step with faint epoch boundaries, or against the (fractional) epoch', async () => {
    let d = await debug(page);
    assert.equal(d.stepsPerEpoch, 10);
    assert.equal(await page.locator('.ol-loss-axis').isVisible(), true);
    assert.equal(d.lossAxisTitle, 'step');
    assert.equal(d.lossXMax, 300);
    assert.match(await page.locator('.ol-loss-key').innerText(), /epoch boundaries \(every 10 steps\)/);
    // Boundaries are faint dotted vertical lines: count plot columns with much more ink than the
    // column 3 px to their left, against the step (29 boundaries + grid) and against the epoch (grid only).
    const inkedColumns = () =>
      page.evaluate(() => {
        const canvas = document.querySelector('.ol-chart-loss canvas[role=img]');
        const w = canvas.width;
        const rows = Math.floor(canvas.height / 3);
        const data = canvas.getContext('2d').getImageData(0, 0, w, rows).data;
        const ink = [];
        for (let x = 0; x < w; x++) {
          let n = 0;
          for (let y = 4; y < rows; y++) if (data[(y * w + x) * 4 + 3] > 0) n++;
          ink.push(n);
        }
        return ink.filter((n, x) => x >= 3 && n > 3 && n > 2 * (ink[x - 3] + 1)).length;
      });
    const withBoundaries = await inkedColumns();
    await page.locator('.ol-loss-axis').selectOption('epoch');
    await frames(page, 2);
    d = await debug(page);
    assert.equal(d.lossAxisTitle, 'epoch');
    assert.equal(d.lossXMax, 30);
    const withoutBoundaries = await inkedColumns();
    assert.ok(withBoundaries - withoutBoundaries >= 15, `epoch boundaries marked on the step axis: ${withBoundaries} vs ${withoutBoundaries} columns`);
    const line = d.lossDatasets.find(ds => ds.label === 'SGD');
    assert.equal(line.lastX, 30, 'x = step / 10');
    assert.match(await page.locator('.ol-loss-key').innerText(), /1 epoch = 10 steps/);
    assert.equal(await page.locator('.ol-chart-loss .ol-chart-title').innerText(), 'Cost (mean loss over all rows)');
    // the other charts stay against the step
    const lrTitle = await page.evaluate(() => document.querySelector('.ol-chart-lr figcaption').textContent);
    assert.match(lrTitle, /learning rate/);
    await toEnd(page);
    await screenshot(page, 'data-epoch-axis');
    await page.locator('.ol-charts').screenshot({ path: `${SHOTS}/data-epoch-axis-charts.png` });
    await page.locator('.ol-loss-axis').selectOption('step');
    await frames(page, 2);
    assert.equal((await debug(page)).lossAxisTitle, 'step');
  });

  it('infers the epoch length from thinned records too', async () => {
    const m = dataModel();
    for (const r of m.runs) {
      const keep = r.steps.map((_, k) => k).filter(k => k % 3 === 0 || k === r.steps.length - 1);
      const pick = (arr, dim = 1) => keep.flatMap(k => arr.slice(k * dim, (k + 1) * dim));
      Object.assign(r, { steps: pick(r.steps), path: pick(r.path, 2), loss: pick(r.loss), effectiveLr: pick(r.effectiveLr, 2), delta: pick(r.delta, 2), lr: pick(r.lr), epoch: pick(r.epoch) });
    }
    m.config.steps = 999; // no usable hint from the config
    const p = await openPanel(browser, server, m);
    assert.equal((await debug(p)).stepsPerEpoch, 10);
    await p.close();
  });

  it('least squares: the reference star is labelled, the legend and the table give each run’s distance to it', async () => {
    await toEnd(page);
    const d = await debug(page);
    assert.deepEqual(d.minimaLabels.map(l => l.text), ['least squares']);
    const m = dataModel();
    const [w, b] = m.reference.minima[0];
    const items = await page.locator('.ol-legend-item .ol-legend-dist').allInnerTexts();
    assert.equal(items.length, 3);
    m.runs.forEach((r, i) => {
      const n = r.path.length;
      const dist = Math.hypot(r.path[n - 2] - w, r.path[n - 1] - b);
      const shown = Number(items[i].replace('‖θ − θ*‖ = ', '').replace('−', '-'));
      assert.ok(Math.abs(shown - dist) <= 1e-3 * Math.max(1, dist) + 5e-4 * dist + 1e-6, `${items[i]} vs ${dist}`);
    });
    assert.equal(await page.locator('.ol-table-wrap').isHidden(), false, 'data runs show the parameter table');
    assert.deepEqual(await page.locator('.ol-table thead th').allInnerTexts(), ['optimizer', 'step', 'w', 'b', 'f', '‖θ − θ*‖']);
    assert.match(await page.locator('.ol-explain').innerText(), /Least-squares solution θ\*/);
    assert.equal(await page.locator('.ol-badge').innerText(), 'least squares');
    await screenshot(page, 'data-least-squares');
    await page.locator('.ol-stage').screenshot({ path: `${SHOTS}/data-least-squares-map.png` });
  });

  it('standardised inputs: the table gives every run’s parameters and θ* on the scaled and on the original scale', async () => {
    const m = dataModel({ rescale: 'standard' });
    const p = await openPanel(browser, server, m);
    const { mu, sd } = dataModel.stats();
    // original = [[1/σ, 0], [−μ/σ, 1]] · (w′, b′): w = w′/σ, b = b′ − μ·w′/σ
    const orig = ([w, b]) => [w / sd, b - (mu * w) / sd];
    const num = t => Number(t.replace(/−/g, '-'));
    const close = (shown, want, what) => assert.ok(Math.abs(num(shown) - want) <= 6e-4 * Math.abs(want) + 1e-9, `${what}: ${shown} vs ${want}`);
    assert.deepEqual(await p.locator('.ol-table thead tr').first().locator('th').allInnerTexts(), ['optimizer', 'step', 'scaled inputs', 'original scale', 'f', '‖θ − θ*‖']);
    assert.deepEqual(await p.locator('.ol-table thead tr').nth(1).locator('th').allInnerTexts(), ['w', 'b', 'w', 'b']);
    const check = async position => {
      const rows = p.locator('.ol-table tbody tr');
      assert.equal(await rows.count(), 3);
      for (let r = 0; r < 3; r++) {
        const run = m.runs[r];
        const k = run.steps.indexOf(position);
        const scaled = [run.path[2 * k], run.path[2 * k + 1]];
        const cells = await rows.nth(r).locator('td').allInnerTexts();
        assert.equal(cells[0], String(position));
        close(cells[1], scaled[0], `${run.label} w′`);
        close(cells[2], scaled[1], `${run.label} b′`);
        const [w, b] = orig(scaled);
        close(cells[3], w, `${run.label} w`);
        close(cells[4], b, `${run.label} b`);
      }
    };
    await check(0);
    // the start (−1, −1.5) on the original scale, by hand: w = −1/σ, b = −1.5 + μ/σ
    const first = await p.locator('.ol-table tbody tr').first().locator('td').allInnerTexts();
    close(first[3], -1 / sd, 'start w');
    close(first[4], -1.5 + mu / sd, 'start b');
    await p.evaluate(() => document.activeElement?.blur());
    for (let i = 0; i < 5; i++) await p.keyboard.press('Shift+ArrowRight');
    await frames(p, 2);
    await check(50);
    await toEnd(p);
    await check(300);
    // θ* on both scales, in a row of its own
    const ref = await p.locator('.ol-table .ol-reference-row').locator('th, td').allInnerTexts();
    assert.match(ref[0], /least squares θ\*/);
    const lsq = m.reference.minima[0];
    close(ref[2], lsq[0], 'θ* w′');
    close(ref[3], lsq[1], 'θ* b′');
    close(ref[4], orig(lsq)[0], 'θ* w');
    close(ref[5], orig(lsq)[1], 'θ* b');
    assert.ok(Math.abs(orig(lsq)[0] - 1.8) < 0.15 && Math.abs(orig(lsq)[1] - 0.6) < 0.15, 'the original-scale θ* is near the generating line y = 1.8x + 0.6');
    assert.match(await p.locator('[data-field="data.note"]').innerText(), /both scales/);
    assert.equal(await p.locator('[data-field="data.rescale"]').inputValue(), 'standard');
    await screenshot(p, 'data-standardised');
    await p.locator('.ol-table-wrap').screenshot({ path: `${SHOTS}/data-standardised-table.png` });
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('a rescaling that cannot be undone: scaled parameters only, and the host’s note says why', async () => {
    const p = await openPanel(browser, server, dataModel({ rescale: 'standard', undoable: false }));
    assert.deepEqual(await p.locator('.ol-table thead th').allInnerTexts(), ['optimizer', 'step', 'w', 'b', 'f', '‖θ − θ*‖']);
    assert.match(await p.locator('.ol-table-note').innerText(), /On the scaled inputs only: the loss is not linear in the rescaled columns/);
    assert.match(await p.locator('[data-field="data.note"]').innerText(), /^Parameters are on the scaled inputs only: the loss is not linear/);
    assert.equal(await p.locator('.ol-table .ol-reference-row td.num').count(), 5, 'θ*: step, w, b, f, distance (no original-scale cells)');
    await p.close();
  });

  it('report mode: a line under the objective says what the data was', async () => {
    const p = await browser.newPage();
    await p.goto(server.page({ hosted: false, model: { ...dataModel({ rescale: 'standard' }), readonly: true } }));
    await ready(p);
    const line = await p.locator('.ol-data-summary-line').innerText();
    assert.match(line, /^Data: 60 rows · batches of 6 · 10 updates per epoch · Fitted on standardised inputs \(mean 0, sd 1\)/);
    assert.match(line, /both scales/);
    assert.equal(await p.locator('.ol-table thead tr').count(), 2);
    await p.close();
  });

  it('presets are not labelled on the map and show no distance column', async () => {
    const p = await openPanel(browser, server, bowlModel());
    assert.deepEqual((await debug(p)).minimaLabels, []);
    assert.equal(await p.locator('.ol-legend-dist').count(), 0);
    await p.close();
  });

  it('noise runs: a mean line with a translucent min–max band in the run colour; the legend says “mean of 8 seeds”', async () => {
    const p = await openPanel(browser, server, noiseModel());
    await toEnd(p);
    const d = await debug(p);
    const sets = d.lossDatasets;
    assert.equal(sets.length, 9, 'lo edge, hi edge (filled), mean line per run');
    for (let r = 0; r < 3; r++) {
      const [lo, hi, mean] = sets.slice(3 * r, 3 * r + 3);
      assert.equal(lo.band, true);
      assert.equal(hi.band, true);
      assert.equal(hi.fill, '-1', 'filled down to the lo edge');
      assert.equal(mean.band, false);
      assert.match(mean.label, /mean of 8 seeds/);
      assert.match(hi.background, /^rgba\(\d+, \d+, \d+, 0\.16\)$/, 'translucent');
    }
    assert.equal(sets[1].background, 'rgba(230, 159, 0, 0.16)', 'SGD’s band is translucent orange');
    const notes = await p.locator('.ol-legend-note').allInnerTexts();
    assert.deepEqual(notes, ['mean of 8 seeds', 'mean of 8 seeds', 'mean of 8 seeds']);
    assert.match(await p.locator('.ol-loss-key').innerText(), /line: mean of 8 seeds; band: their min–max/);
    assert.match((await p.locator('.ol-legend-loss').first().innerText()), /^f̄ = /);
    // the band is really painted: between SGD's lo and hi at the end there are orange-tinted pixels
    await screenshot(p, 'noise-band');
    await p.locator('.ol-chart-loss').screenshot({ path: `${SHOTS}/noise-band-loss.png` });
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('noise runs without config.noise say “mean over seeds”', async () => {
    const m = noiseModel();
    delete m.config.noise;
    const p = await openPanel(browser, server, m);
    assert.deepEqual(await p.locator('.ol-legend-note').allInnerTexts(), ['mean over seeds', 'mean over seeds', 'mean over seeds']);
    await p.close();
  });

  it('computes the contour in a Web Worker, reporting main-thread time and total latency', async () => {
    const d = await debug(page);
    assert.equal(d.contourMode, 'worker');
    const t = await page.evaluate(() => window.__optimizerLabTimings.contour.filter(c => c.fresh).at(-1));
    assert.equal(t.mode, 'worker');
    for (const k of ['mainMs', 'totalMs', 'computeMs', 'drawMs']) assert.ok(Number.isFinite(t[k]) && t[k] >= 0, `${k}: ${t[k]}`);
    assert.ok(t.mainMs < t.totalMs, 'the worker’s compute is not on the main thread');
  });

  it('falls back to computing on the main thread when the CSP forbids blob: workers, with no violation', async () => {
    const p = await browser.newPage();
    await p.goto(server.page({ hosted: true, bodyClass: 'vscode-light', noWorker: true }));
    await send(p, { type: 'show', model: dataModel(), view: { position: 0, playing: false, speed: 5, lossScale: 'log', smoothing: 0 } });
    await ready(p);
    await frames(p, 2);
    const d = await debug(p);
    assert.equal(d.contourMode, 'sync');
    assert.equal(d.mapKind, 'grid');
    const t = await p.evaluate(() => window.__optimizerLabTimings.contour.filter(c => c.fresh).at(-1));
    assert.equal(t.mode, 'sync');
    assert.ok(t.levels >= 6);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(await p.evaluate(() => window.__cspViolations), []);
    await p.close();
  });

  it('had no page errors and no CSP violations', async () => {
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
});
