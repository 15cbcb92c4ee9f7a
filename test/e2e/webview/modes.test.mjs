// The other shapes of the panel: 1 variable (curve), 3 variables (slice + table), the read-only
// report (embedded model, no VS Code API), and bad input (malformed messages, broken TeX).
import assert from 'node:assert/strict';
import { bowlModel, curveModel, threeVarModel } from './fixtures.mjs';
import { debug, frames, hex, near, openPanel, pixelNear, ready, screenshot, send, toPx, useBrowser, waitPosted } from './page.mjs';

describe('webview modes', function () {
  const env = useBrowser();

  it('1 variable: the curve f(x) with each run’s point moving along it', async () => {
    const page = await openPanel(env.browser, env.server, curveModel());
    let d = await debug(page);
    assert.equal(d.mapKind, 'curve');
    // at step 0 both runs sit at (3, f(3) = 4)
    const s = toPx(d.viewport, 3, 4);
    assert.ok(Math.hypot(d.markers[0].x - s.x, d.markers[0].y - s.y) < 1.5);
    await page.locator('.ol-timeline').fill('1');
    await frames(page);
    d = await debug(page);
    // Momentum's bounce: x1 = 1 + 2·(−0.85) = −0.7, f = 2.89
    const m = toPx(d.viewport, -0.7, 2.89);
    assert.ok(Math.hypot(d.markers[1].x - m.x, d.markers[1].y - m.y) < 1.5, JSON.stringify(d.markers[1]));
    await page.keyboard.press('End');
    await frames(page, 2);
    d = await debug(page);
    const min = toPx(d.viewport, 1, 0);
    assert.ok(Math.abs(d.markers[1].x - min.x) < 8, 'the bouncing run ends near the minimum');
    assert.ok(near(await pixelNear(page, 1, toPx(d.viewport, 0, 1).x, toPx(d.viewport, 0, 1).y, hex('#56B4E9'), 30), hex('#56B4E9')), 'its zig-zag is drawn');
    assert.equal(await page.locator('.ol-table-wrap').isHidden(), true);
    await screenshot(page, 'curve-1var');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('3 variables: the map shows a slice, and a table lists every run’s current parameters', async () => {
    const page = await openPanel(env.browser, env.server, threeVarModel());
    await page.keyboard.press('End');
    await frames(page, 2);
    const rows = await page.locator('.ol-table tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /SGD\s+100\s+0\s+0\s+0\s+0/);
    assert.match(rows[1], /Adam\s+60\s+0\.5\s+0\.5\s+0\.2\s+0\.54/);
    assert.deepEqual(await page.locator('.ol-table thead th').allInnerTexts(), ['optimizer', 'step', 'x', 'y', 'z', 'f']);
    assert.equal(await page.locator('[data-field="mapVariables"]').count(), 2);
    await screenshot(page, 'three-var');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('3 variables, follow mode: when playback rests the slice through the path is requested', async () => {
    const page = await openPanel(env.browser, env.server, threeVarModel());
    await page.locator('.ol-timeline').fill('50');
    // the request for the slice at step 50 (earlier ones may be for the start)
    await page.waitForFunction(() => window.__posted.some(m => m.type === 'requestSurface' && m.fixed && Math.abs(m.fixed[2] - 0.4) < 1e-9), null, { timeout: 10_000 }).catch(() => undefined);
    const req = await waitPosted(page, 'requestSurface');
    assert.ok(req.length >= 1);
    const fixed = req.at(-1).fixed;
    assert.equal(fixed.length, 3);
    assert.ok(Math.abs(fixed[2] - 0.4) < 1e-9, `z of SGD at step 50 is 0.4: ${fixed}`);
    await page.close();
  });

  it('report mode: renders the embedded model without acquireVsCodeApi and hides the controls', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.server.page({ hosted: false, model: bowlModel({ readonly: true }) }));
    await ready(page);
    await page.keyboard.press('End');
    await frames(page, 2);
    assert.equal(await page.locator('.ol-side').count(), 0, 'no controls');
    assert.equal(await page.locator('.ol-legend-item').count(), 3);
    const d = await debug(page);
    assert.equal(d.view.position, 300);
    // clicking the map does not set a start
    const box = await page.locator('.ol-map canvas').nth(2).boundingBox();
    const startBefore = d.start;
    await page.mouse.click(box.x + toPx(d.viewport, -1, -1).x, box.y + toPx(d.viewport, -1, -1).y);
    await frames(page);
    assert.deepEqual((await debug(page)).start, startBefore);
    // export downloads instead of posting
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    assert.match((await download).suggestedFilename(), /\.csv$/);
    await screenshot(page, 'report-readonly');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    await page.close();
  });

  it('a malformed host message shows an error instead of crashing, and a good one recovers', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.server.page({ hosted: true, bodyClass: 'vscode-dark' }));
    await page.waitForFunction(() => window.__optimizerLab?.state().kind === 'waiting');
    await send(page, { type: 'show', model: { runs: 'nope' } });
    await page.waitForSelector('.ol-error');
    assert.match(await page.locator('.ol-error').innerText(), /Ignored a malformed message from the host \(show: model\.version must be 1/);
    const logs = await page.evaluate(() => window.__posted.filter(m => m.type === 'log'));
    assert.equal(logs.length, 1);
    await screenshot(page, 'error-malformed');
    await send(page, { type: 'show', model: bowlModel() });
    await ready(page);
    await send(page, { type: 'teleport', to: 'mars' });
    await send(page, { type: 'surface', surface: { kind: 'grid' } });
    await frames(page);
    assert.match(await page.locator('.ol-notice').innerText(), /Ignored a malformed message from the host \(surface: surface\.nx must be an integer/);
    assert.equal(await page.locator('.ol-legend-item').count(), 3, 'the panel is still there');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('a formula KaTeX cannot render shows its TeX source', async () => {
    const m = bowlModel();
    m.registry.find(r => r.id === 'adam').formula.pytorch = ['\\frac{m_t}{'];
    const page = await openPanel(env.browser, env.server, m);
    const err = page.locator('.ol-legend-item .ol-tex-error');
    assert.equal(await err.count(), 1);
    assert.equal(await err.innerText(), '\\frac{m_t}{');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('narrow panel: the controls move under the map and nothing overflows sideways', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel(), { viewport: { width: 520, height: 900 } });
    await page.keyboard.press('End');
    await frames(page, 2);
    const map = await page.locator('.ol-map').boundingBox();
    const side = await page.locator('.ol-side').boundingBox();
    assert.ok(side.y > map.y + map.height, 'side panel below the map');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    await screenshot(page, 'narrow-520');
    await page.close();
  });

  it('labels controls and canvases for screen readers', async () => {
    const page = await openPanel(env.browser, env.server, bowlModel());
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')].filter(n => {
        if (n.getAttribute('aria-label') || n.labels?.length || n.getAttribute('aria-labelledby')) return false;
        return !(n.tagName === 'BUTTON' && n.textContent.trim());
      }).map(n => n.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabeled, []);
    assert.ok((await page.locator('.ol-map canvas[role=img]').getAttribute('aria-label')).length > 20);
    // loss, effective learning rate, step size, and the stability chart (shown once the host sends the curvature)
    assert.equal(await page.locator('.ol-chart-box canvas[role=img]').count(), 4);
    await page.close();
  });
});
