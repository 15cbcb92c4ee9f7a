// Basins of attraction under the map and the stability chart beside the other charts: the request
// posted with the map's view, the host's basin map drawn as a translucent layer with each start's
// colour (recovered from the background pixels with the layer on and off), toggled off without a
// new request; the stability chart with one series per run and the dashed line at η·λmax = 2.
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { bowlModel } from './fixtures.mjs';
import { debug, frames, hex, openPanel, posted, send, SHOTS, toPx, useBrowser, waitPosted } from './page.mjs';

// The layer's colours and opacity, as src/webview/basinData.ts documents them.
const PALETTE = ['#4e79a7', '#f28e2b'];
const DIVERGED = '#2b2b2b';
const UNSETTLED = '#e0e0e0';
const ALPHA = 0.55;
/** The quiet time before a run change recomputes the map (src/webview/basinView.ts). */
const BASIN_RECOMPUTE_MS = 400;

/**
 * A 4 × 4 map over [−1.5, 1.5]²: starts x = −1.5, −0.5, 0.5, 1.5 (and the same y). Left half (x < 0)
 * ends in minimum 0, right half in minimum 1; start (1.5, 1.5) diverged, start (−1.5, −1.5) ended elsewhere.
 */
function basinView() {
  const labels = [];
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) labels.push(i < 2 ? 0 : 1);
  labels[3 * 4 + 3] = -1;
  labels[0] = -2;
  return {
    run: 1, optimizer: 'momentum', nx: 4, ny: 4, x: [-1.5, 1.5], y: [-1.5, 1.5], labels,
    minima: [{ point: [-1, 0], kind: 'known', starts: 7 }, { point: [1, 0], kind: 'cluster', starts: 7 }],
    diverged: 1, unsettled: 1, steps: 300, cancelled: false, elapsedMs: 1200,
  };
}

/** Background pixels of a 7 × 7 CSS-px patch around (x, y). */
async function patch(page, p) {
  return page.evaluate(({ x, y }) => {
    const c = document.querySelectorAll('.ol-map canvas')[0];
    const r = c.width / c.clientWidth;
    const d = c.getContext('2d').getImageData(Math.round(x * r) - 3, Math.round(y * r) - 3, 7, 7).data;
    return Array.from(d);
  }, p);
}

/** The layer's colour: on = off·(1 − α) + c·α per channel, so c = (on − off·(1 − α)) / α; the median over the patch (an isoline may cross it). */
function recovered(on, off) {
  const out = [];
  for (let ch = 0; ch < 3; ch++) {
    const v = [];
    for (let k = ch; k < on.length; k += 4) v.push((on[k] - off[k] * (1 - ALPHA)) / ALPHA);
    v.sort((a, b) => a - b);
    out.push(v[Math.floor(v.length / 2)]);
  }
  return out;
}

describe('webview basin map and stability chart', function () {
  const env = useBrowser();

  it('Compute posts requestBasins over the view; the map draws each start in its basin’s colour; the toggle hides it without recomputing', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel(), { viewport: { width: 1100, height: 900 } });
    await page.locator('.ol-basins > summary').click();
    assert.equal(await page.locator('[data-field="basins.grid"]').inputValue(), '150');
    assert.equal(await page.locator('[data-field="basins.steps"]').inputValue(), '300', 'the run’s steps');
    await page.locator('[data-field="basins.run"]').selectOption('1');
    await page.locator('.ol-basins-run').click();
    const [req] = await waitPosted(page, 'requestBasins');
    const vp = (await debug(page)).viewport;
    assert.deepEqual(req, { type: 'requestBasins', run: 1, grid: 150, steps: 300, x: vp.x, y: vp.y, request: 1 });
    await send(page, { type: 'basinsProgress', done: 30, total: 150 });
    assert.match(await page.locator('.ol-basins-status').innerText(), /30 \/ 150 rows/);
    await page.locator('.ol-basins-cancel').click();
    await waitPosted(page, 'cancelBasins');

    const points = [
      { at: [-0.5, 0.5], colour: PALETTE[0] },
      { at: [-1.5, 1.5], colour: PALETTE[0] },
      { at: [0.5, -0.5], colour: PALETTE[1] },
      { at: [1.5, -1.5], colour: PALETTE[1] },
      { at: [1.5, 1.5], colour: DIVERGED },
      { at: [-1.5, -1.5], colour: UNSETTLED },
    ];
    const off = [];
    for (const p of points) off.push(await patch(page, toPx(vp, ...p.at)));
    await send(page, { type: 'basins', basins: basinView() });
    await frames(page, 2);
    const d = await debug(page);
    assert.deepEqual(d.basins, { nx: 4, ny: 4, visible: true, drawn: true });
    for (let k = 0; k < points.length; k++) {
      const on = await patch(page, toPx(vp, ...points[k].at));
      const c = recovered(on, off[k]);
      const want = hex(points[k].colour);
      assert.ok(c.every((v, ch) => Math.abs(v - want[ch]) <= 12), `start (${points[k].at}): recovered ${c.map(Math.round)} for ${points[k].colour}`);
    }
    const legend = await page.locator('.ol-basins-legend li').allInnerTexts();
    assert.deepEqual(legend, ['minimum (−1, 0): 7 starts', 'end point (1, 0): 7 starts', 'diverged: 1 start', 'no minimum (ended elsewhere): 1 start']);
    assert.match(await page.locator('.ol-basins-status').innerText(), /16 starts \(4 × 4\) · Momentum/);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.locator('.ol-stage').screenshot({ path: path.join(SHOTS, 'basins-layer.png') });

    await page.locator('.ol-basins-show').uncheck();
    await frames(page, 2);
    assert.equal((await debug(page)).basins.drawn, false);
    const hidden = await patch(page, toPx(vp, -0.5, 0.5));
    assert.deepEqual(hidden, off[0], 'layer off: the background as before');
    await page.locator('.ol-basins-show').check();
    await frames(page, 2);
    assert.equal((await debug(page)).basins.drawn, true);
    assert.equal((await posted(page, 'requestBasins')).length, 1, 'toggling never asks the host again');
    // the same runs again (a replayed model): the map stays, nothing is asked
    const withLr = lr => { const m = bowlModel(); m.runs[1].hyperparameters = { ...m.runs[1].hyperparameters, lr }; return m; };
    await send(page, { type: 'show', model: bowlModel() });
    await frames(page, 2);
    assert.equal((await debug(page)).basins?.drawn, true);
    assert.equal((await posted(page, 'requestBasins')).length, 1);
    // momentum with another rate, three edits in a burst: the stale layer goes at once, one new request for momentum after the quiet time
    await page.evaluate(ms => ms.forEach(m => window.postMessage(m, '*')), [0.5, 0.6, 0.7].map(lr => ({ type: 'show', model: withLr(lr) })));
    await frames(page, 2);
    assert.equal((await debug(page)).basins, null);
    assert.match(await page.locator('.ol-basins-status').innerText(), /the run changed: recomputing the map for Momentum/);
    const [, again] = await waitPosted(page, 'requestBasins', 2);
    await page.waitForTimeout(BASIN_RECOMPUTE_MS * 2);
    assert.equal((await posted(page, 'requestBasins')).length, 2, `a burst of run changes computes once: ${JSON.stringify(await posted(page, 'requestBasins'))}`);
    assert.deepEqual({ ...again, request: 0 }, { type: 'requestBasins', run: 1, grid: 150, steps: 300, x: vp.x, y: vp.y, request: 0 });
    assert.ok(again.request > 1);
    assert.equal((await posted(page, 'cancelBasins')).length, 1, 'nothing was in flight (only the Cancel click above)');
    // another change while that one computes: it is cancelled at once and asked for again; its answer is ignored
    await send(page, { type: 'basinsProgress', done: 10, total: 150 });
    await send(page, { type: 'show', model: withLr(0.8) });
    await waitPosted(page, 'cancelBasins', 2);
    const third = (await waitPosted(page, 'requestBasins', 3))[2];
    assert.ok(third.request > again.request);
    await send(page, { type: 'basins', basins: { ...basinView(), request: again.request, cancelled: true } });
    await frames(page, 2);
    assert.equal((await debug(page)).basins, null, 'the answer to a replaced request is not drawn');
    await send(page, { type: 'basins', basins: { ...basinView(), request: third.request } });
    await frames(page, 2);
    assert.deepEqual((await debug(page)).basins, { nx: 4, ny: 4, visible: true, drawn: true });
    // momentum leaves the run: the map goes with a note, and nothing is asked
    const without = bowlModel();
    without.config.optimizers = ['sgd', 'adam'];
    without.runs.splice(1, 1);
    await send(page, { type: 'show', model: without });
    await page.waitForTimeout(BASIN_RECOMPUTE_MS * 2);
    assert.equal((await debug(page)).basins, null);
    assert.match(await page.locator('.ol-basins-status').innerText(), /Momentum is no longer in the run: the map was dropped/);
    assert.equal((await posted(page, 'requestBasins')).length, 3);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('a basins error from the host shows next to the controls and re-enables Compute', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel());
    await page.locator('.ol-basins > summary').click();
    await page.locator('.ol-basins-run').click();
    await send(page, { type: 'error', error: { message: 'the grid (x) must be a whole number from 2 to 400 starts per axis, got 1' }, field: 'basins' });
    assert.match(await page.locator('.ol-basins-status').innerText(), /grid \(x\) must be/);
    assert.equal(await page.locator('.ol-basins-run').isDisabled(), false);
    await page.close();
  });

  it('tuned rates: the side panel’s summary shows the rate the run used, a rate set by you stays', async () => {
    const m = bowlModel();
    m.config.tuning = 'tuned';
    m.runs[0].lrSource = 'set by you';
    m.runs[1].lrSource = 'tuned: best of 12';
    m.runs[1].hyperparameters = { ...m.runs[1].hyperparameters, lr: 0.0316 };
    const page = await openPanel(env.browser, env.server, m, { viewport: { width: 1100, height: 900 } });
    const summary = id => page.locator(`.ol-hyper[data-key="details:${id}"] .ol-hyper-summary`).innerText();
    assert.equal(await summary('momentum'), 'η = 0.0316 (tuned)');
    assert.equal(await summary('sgd'), 'η = 0.1');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('stability chart: one series per run and the dashed line at η·λmax = 2; the note names the Hessian', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel(), { viewport: { width: 1100, height: 900 } });
    assert.equal(await page.locator('.ol-chart-stability').isHidden(), true, 'hidden until the host sends the numbers');
    // x² + y²: the Hessian is 2I everywhere, λmax = 2; η·λmax = 2η.
    const run = (n, eta) => ({ steps: Array.from({ length: n }, (_, k) => k), lambdaMax: Array(n).fill(2), etaLambda: Array.from({ length: n }, (_, k) => (k === 0 ? null : 2 * eta)) });
    // the third run's first update stands where λmax = −1 (concave): off the log axis, said in the note
    const third = run(38, 0.05);
    third.lambdaMax[1] = -1;
    third.etaLambda[1] = -0.05;
    await send(page, { type: 'stability', stability: { runs: [run(201, 0.1), run(301, 0.1), third], hessian: 'symbolic', note: 'symbolic Hessian of f' } });
    await frames(page, 2);
    const s = (await debug(page)).stability;
    assert.equal(s.mode, 'etaLambda');
    assert.equal(s.yType, 'logarithmic');
    assert.equal(s.datasets.length, 4);
    assert.deepEqual(s.datasets.slice(0, 3).map(x => [x.points, x.y0]), [[200, 0.2], [300, 0.2], [36, 0.1]]);
    assert.match(s.note, /1 point with λmax ≤ 0 \(concave or flat there\) is off the log axis/);
    assert.deepEqual([s.datasets[3].y0, s.datasets[3].dashed], [2, true]);
    assert.match(s.datasets[3].label, /η·λmax = 2/);
    assert.match(s.note, /^Hessian: symbolic Hessian of f\./);
    await page.locator('.ol-chart-stability').screenshot({ path: path.join(SHOTS, 'stability-chart.png') });
    await page.locator('.ol-stability-mode').selectOption('lambdaMax');
    const l = (await debug(page)).stability;
    assert.equal(l.datasets.length, 3, 'λmax view: no reference line');
    assert.deepEqual(l.datasets.map(x => x.y0), [2, 2, 2]);
    assert.deepEqual(l.datasets.map(x => x.points), [201, 301, 37], 'λmax view: every point but the concave one');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
