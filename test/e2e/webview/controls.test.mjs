// Controls and interactions post the right typed messages, validated with the contract's own
// parseWebviewMessage (src/core/protocol.ts, bundled on the fly).
import assert from 'node:assert/strict';
import { bowlModel, noiseModel, threeVarModel } from './fixtures.mjs';
import { clearPosted, debug, flushEdits, frames, launch, loadProtocol, mapPoint, openPanel, posted, screenshot, send, sendSurface, SHOTS, startServer, toPx, waitPosted } from './page.mjs';

describe('webview controls and messages', function () {
  let browser, server, page, protocol;
  const valid = msgs => {
    for (const m of msgs) {
      const r = protocol.parseWebviewMessage(m);
      assert.ok(r.ok, `invalid ${m.type}: ${r.error}`);
    }
    return msgs;
  };
  const lastConfigure = async () => {
    const all = valid(await posted(page, 'configure'));
    return all.at(-1)?.config;
  };

  before(async () => {
    protocol = await loadProtocol();
    server = await startServer();
    browser = await launch();
    page = await openPanel(browser, server, bowlModel());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('posts ready first, and every message it posts is valid', async () => {
    const all = valid(await posted(page));
    assert.equal(all[0].type, 'ready');
  });

  it('a hyperparameter edit posts one debounced configure with the new value and the rest of the config', async () => {
    await clearPosted(page);
    const lr = page.locator('[data-field="hyperparameters.sgd.lr"]').first();
    await lr.fill('0.0');
    await lr.fill('0.05');
    assert.equal((await posted(page, 'configure')).length, 0, 'debounced: nothing posted right after the edits');
    const configures = await waitPosted(page, 'configure');
    assert.equal(configures.length, 1);
    const c = await lastConfigure();
    assert.equal(c.hyperparameters.sgd.lr, 0.05);
    assert.equal(c.expression, 'x^2 + y^2');
    assert.deepEqual(c.start, [1.5, 1.5]);
    assert.deepEqual(c.optimizers, ['sgd', 'momentum', 'adam']);
  });

  it('an out-of-range value is marked invalid and not posted', async () => {
    await clearPosted(page);
    const beta = page.locator('[data-field="hyperparameters.adam.beta1"]').first();
    await beta.fill('1');
    assert.equal(await beta.getAttribute('aria-invalid'), 'true');
    assert.match(await beta.getAttribute('title'), /beta1 must be in \[0, 1\), got 1/);
    assert.equal((await flushEdits(page, 'configure')).length, 0, 'flushing posts nothing: the invalid value never reached the draft');
    await beta.fill('0.8');
    await waitPosted(page, 'configure');
    assert.equal(await beta.getAttribute('aria-invalid'), null);
    assert.equal((await lastConfigure()).hyperparameters.adam.beta1, 0.8);
  });

  it('the log slider moves the rate by decades and updates its number field', async () => {
    await clearPosted(page);
    const slider = page.locator('[data-key="hp:momentum:lr:slider"]');
    await slider.fill('1000');
    await waitPosted(page, 'configure');
    const v = (await lastConfigure()).hyperparameters.momentum.lr;
    assert.ok(v >= 0.01 && v <= 1, `top of the slider is a large rate: ${v}`);
    assert.equal(Number(await page.locator('[data-field="hyperparameters.momentum.lr"]').inputValue()), v);
  });

  it('booleans are checkboxes and enums are selects', async () => {
    await clearPosted(page);
    await page.locator('[data-field="hyperparameters.momentum.nesterov"]').check();
    await page.locator('[data-field="hyperparameters.adam.beta1Decay"]').selectOption('power');
    // two edits: the debounce may post between them on a busy machine, so flush what is still pending
    await flushEdits(page, 'configure');
    const c = await lastConfigure();
    assert.equal(c.hyperparameters.momentum.nesterov, true);
    assert.equal(c.hyperparameters.adam.beta1Decay, 'power');
  });

  it('optimizer checkboxes, convention, schedule and steps', async () => {
    await clearPosted(page);
    await page.locator('[data-key="opt:momentum"]').uncheck();
    await waitPosted(page, 'configure', 1);
    assert.deepEqual((await lastConfigure()).optimizers, ['sgd', 'adam']);
    assert.equal(await page.locator('[data-key="opt:lion"]').isDisabled(), true, 'Lion is unavailable in PyTorch');
    await page.locator('[data-field="convention"]').selectOption('keras');
    await waitPosted(page, 'configure', 2);
    assert.equal((await lastConfigure()).convention, 'keras');
    assert.equal(await page.locator('[data-key="opt:lion"]').isDisabled(), false, 'Keras has Lion');
    await page.locator('[data-field="schedule"]').selectOption('step');
    await page.locator('[data-field="schedule.gamma"]').fill('0.25');
    await page.locator('[data-field="steps"]').fill('500');
    await flushEdits(page, 'configure');
    const c = await lastConfigure();
    assert.deepEqual(c.schedule, { kind: 'step', stepSize: 100, gamma: 0.25 });
    assert.equal(c.steps, 500);
  });

  it('clicking the map posts setStart at that point', async () => {
    await clearPosted(page);
    const { viewport: vp } = await debug(page);
    const p = await mapPoint(page, toPx(vp, -1, 0.5));
    await page.mouse.click(p.x, p.y);
    const s = valid(await waitPosted(page, 'setStart'));
    assert.equal(s.length, 1);
    assert.ok(Math.abs(s[0].start[0] + 1) < 0.01 && Math.abs(s[0].start[1] - 0.5) < 0.01, JSON.stringify(s[0]));
  });

  it('dragging the start ring posts setStart where it was dropped', async () => {
    await clearPosted(page);
    const { viewport: vp, start } = await debug(page);
    // the ring shows the last picked start until the host answers with a new model
    assert.ok(Math.hypot(start.x - toPx(vp, -1, 0.5).x, start.y - toPx(vp, -1, 0.5).y) < 2);
    const from = await mapPoint(page, start);
    const to = await mapPoint(page, toPx(vp, 0.5, -0.5));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 4 });
    await page.mouse.up();
    const s = valid(await waitPosted(page, 'setStart'));
    assert.equal(s.length, 1);
    assert.ok(Math.abs(s[0].start[0] - 0.5) < 0.01 && Math.abs(s[0].start[1] + 0.5) < 0.01, JSON.stringify(s[0]));
    assert.equal((await debug(page)).viewport.x[0], -2, 'dragging the ring does not pan');
  });

  it('wheel zoom rescales at once and asks the host for a finer surface (debounced); the reply is drawn', async () => {
    await clearPosted(page);
    const { viewport: vp } = await debug(page);
    const p = await mapPoint(page, toPx(vp, 0, 0));
    await page.mouse.move(p.x, p.y);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
    // The state to wait for: the map has taken all three wheel steps (each zooms by the same factor)
    // and the host has been asked for exactly the range now on show.
    await page.waitForFunction(() => {
      const d = window.__optimizerLab.debug();
      const r = (window.__posted ?? []).filter(m => m.type === 'requestSurface').at(-1);
      return d && r && r.x[0] === d.viewport.x[0] && r.x[1] === d.viewport.x[1] && d.viewport.x[1] - d.viewport.x[0] < 2;
    });
    const req = valid(await posted(page, 'requestSurface'));
    assert.ok(req.length <= 3, `at most one request per wheel step, got ${req.length}`);
    const { viewport: z } = await debug(page);
    assert.ok(z.x[1] - z.x[0] < 4 && z.x[0] < 0 && z.x[1] > 0, `zoomed around the pointer: ${z.x}`);
    assert.deepEqual(req.at(-1).x, z.x);
    // The view state is saved throttled: wait for the one that holds this zoom.
    await page.waitForFunction(x => (window.__posted ?? []).some(m => m.type === 'viewState' && m.view.zoom?.x[0] === x[0] && m.view.zoom?.x[1] === x[1]), z.x);
    const views = valid(await posted(page, 'viewState'));
    assert.deepEqual(views.at(-1).view.zoom.x, z.x);
    const before = await page.evaluate(() => window.__optimizerLabTimings.contour.length);
    const { grid, bowl } = await import('./fixtures.mjs');
    await sendSurface(page, grid(bowl, req.at(-1).x, req.at(-1).y, 121, 121));
    const after = await page.evaluate(() => window.__optimizerLabTimings.contour.at(-1));
    assert.ok((await page.evaluate(() => window.__optimizerLabTimings.contour.length)) > before);
    assert.equal(after.nx, 121);
    await screenshot(page, 'map-bowl-zoomed');
  });

  it('a new model after configure keeps the zoom and clamps the position', async () => {
    const zoom = (await debug(page)).view.zoom;
    await page.keyboard.press('End');
    const m = bowlModel();
    m.runs = m.runs.slice(0, 1); // only SGD, 200 steps
    m.config.optimizers = ['sgd'];
    await send(page, { type: 'show', model: m });
    await frames(page, 2);
    const d = await debug(page);
    assert.deepEqual(d.view.zoom, zoom);
    assert.equal(d.view.position, 200);
  });

  it('saves PersistedState with setState', async () => {
    await page.waitForFunction(() => window.__savedState?.view?.position === 200);
    const saved = await page.evaluate(() => window.__savedState);
    assert.ok(protocol.checkPersistedState(saved).ok, JSON.stringify(saved).slice(0, 200));
    assert.equal(saved.view.position, 200);
  });

  it('a host error is shown in place and marks its field', async () => {
    await send(page, { type: 'error', error: { message: 'learning rate η must be > 0, got -1' }, field: 'hyperparameters.sgd.lr' });
    await frames(page);
    assert.match(await page.locator('.ol-notice').innerText(), /must be > 0/);
    assert.equal(await page.locator('[data-field="hyperparameters.sgd.lr"]').getAttribute('aria-invalid'), 'true');
  });

  it('restores the view from getState after a reload', async () => {
    const state = { version: 1, config: bowlModel().config, view: { position: 123, playing: false, speed: 7, lossScale: 'linear', smoothing: 5 } };
    const p2 = await openPanel(browser, server, bowlModel(), { view: null, state });
    const d = await debug(p2);
    assert.equal(d.view.position, 123);
    assert.equal(d.view.speed, 7);
    assert.equal(await p2.locator('.ol-chart-options input[type=checkbox]').isChecked(), false);
    await p2.close();
  });

  it('3 variables: clicking fills the other coordinates from the config start; map variables post configure', async () => {
    const p3 = await openPanel(browser, server, threeVarModel());
    const { viewport: vp } = await debug(p3);
    const p = await mapPoint(p3, toPx(vp, 1, 1));
    await p3.mouse.click(p.x, p.y);
    const s = await waitPosted(p3, 'setStart');
    assert.equal(s.length, 1);
    assert.equal(s[0].start.length, 3);
    assert.equal(s[0].start[2], 0.8);
    await p3.locator('[data-field="mapVariables"]').nth(1).selectOption('2');
    await p3.locator('[data-field="sliceMode"]').selectOption('fixed');
    await p3.waitForFunction(() => window.__posted.some(m => m.type === 'configure' && m.config.sliceMode === 'fixed'));
    const c = (await p3.evaluate(() => window.__posted.filter(m => m.type === 'configure'))).at(-1).config;
    assert.deepEqual(c.mapVariables, [0, 2]);
    assert.equal(c.sliceMode, 'fixed');
    assert.deepEqual(c.fixedValues, [1.5, -1, 0.8]);
    assert.ok(protocol.parseWebviewMessage({ type: 'configure', config: c }).ok);
    await p3.close();
  });

  it('gradient noise: σ and seeds post config.noise (seeds 5 when σ is first set), σ = 0 posts no noise', async () => {
    const p = await openPanel(browser, server, bowlModel());
    const configs = async () => valid(await p.evaluate(() => window.__posted.filter(m => m.type === 'configure'))).map(m => m.config);
    const clear = () => p.evaluate(() => (window.__posted.length = 0));
    const section = p.locator('.ol-section.ol-noise');
    assert.equal(await section.locator('legend').innerText(), 'Gradient noise');
    assert.match(await section.innerText(), /adds N\(0, σ²\) to every gradient component; paths show seed 0, the loss chart the mean over seeds with its min–max band/);
    const sigma = p.locator('[data-field="noise.sigma"]');
    const seeds = p.locator('[data-field="noise.seeds"]');
    assert.equal(await sigma.inputValue(), '0', 'off by default');
    assert.equal(await seeds.inputValue(), '5');
    assert.equal(await seeds.isDisabled(), true, 'seeds only matter with noise on');

    await clear();
    await sigma.fill('0.5');
    assert.equal((await configs()).length, 0, 'debounced: nothing posted right after the edit');
    await waitPosted(p, 'configure');
    let c = await configs();
    assert.equal(c.length, 1);
    assert.deepEqual(c[0].noise, { sigma: 0.5, seeds: 5 });
    assert.equal(c[0].expression, 'x^2 + y^2', 'the rest of the config is kept');
    assert.equal(await seeds.isDisabled(), false);

    await clear();
    await seeds.fill('12');
    await waitPosted(p, 'configure');
    assert.deepEqual((await configs()).at(-1).noise, { sigma: 0.5, seeds: 12 });

    // out of range: marked, not posted
    await clear();
    await seeds.fill('65');
    await sigma.fill('-1');
    assert.equal(await seeds.getAttribute('aria-invalid'), 'true');
    assert.equal(await sigma.getAttribute('aria-invalid'), 'true');
    assert.match(await seeds.getAttribute('title'), /1 to 64/);
    await flushEdits(p);
    assert.equal((await configs()).length, 0, 'flushing posts nothing: the invalid values never reached the draft');
    await seeds.fill('3');
    await sigma.fill('2');
    await waitPosted(p, 'configure');
    assert.deepEqual((await configs()).at(-1).noise, { sigma: 2, seeds: 3 });

    // σ = 0 switches it off: no noise key at all; the seed count is kept for next time
    await clear();
    await sigma.fill('0');
    await waitPosted(p, 'configure');
    c = (await configs()).at(-1);
    assert.equal('noise' in c, false, JSON.stringify(c.noise));
    assert.equal(await seeds.isDisabled(), true);
    await sigma.fill('1');
    await p.waitForFunction(() => window.__posted.some(m => m.type === 'configure' && m.config.noise?.sigma === 1));
    assert.deepEqual((await configs()).at(-1).noise, { sigma: 1, seeds: 3 });
    await screenshot(p, 'controls-noise');
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  it('gradient noise: a model with noise shows its σ and seeds', async () => {
    const p = await openPanel(browser, server, noiseModel());
    assert.equal(await p.locator('[data-field="noise.sigma"]').inputValue(), '3');
    assert.equal(await p.locator('[data-field="noise.seeds"]').inputValue(), '8');
    assert.equal(await p.locator('[data-field="noise.seeds"]').isDisabled(), false);
    await p.locator('.ol-side').screenshot({ path: `${SHOTS}/controls-noise-side.png` });
    await p.close();
  });

  it('export buttons post export messages (PNG base64, CSV, JSON)', async () => {
    await clearPosted(page);
    await page.getByRole('button', { name: 'Export PNG' }).click();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const ex = valid(await posted(page, 'export'));
    assert.deepEqual(ex.map(e => e.format), ['png', 'csv', 'json']);
    assert.ok(Buffer.from(ex[0].content, 'base64').subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
    assert.match(ex[1].content.split('\n')[0], /^optimizer,convention,step,x,y,loss,lr,effective_lr_x,effective_lr_y,delta_x,delta_y$/);
    assert.equal(JSON.parse(ex[2].content).runs.length, 1);
    assert.match(ex[0].filename, /^[\w.-]+\.png$/);
  });

  it('had no page errors and no CSP violations', async () => {
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
});
