// The map: fixture paths land in the expected pixel regions in their run colours, playback moves
// the markers, the contour field is drawn, and no CSP violation or page error happens.
import assert from 'node:assert/strict';
import { bowlModel } from './fixtures.mjs';
import { debug, frames, hex, launch, near, openPanel, pixel, pixelNear, screenshot, startServer, toPx } from './page.mjs';

const ORANGE = hex('#E69F00'); // run 0 (SGD)
const SKY = hex('#56B4E9'); // run 1 (Momentum)
const GREEN = hex('#009E73'); // run 2 (Adam)

describe('webview map (bowl fixture)', function () {
  let browser, server, page;
  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await openPanel(browser, server, bowlModel());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws every run in its colour where its path goes (at the end of playback)', async () => {
    await page.keyboard.press('End');
    await frames(page, 3);
    const { viewport: vp } = await debug(page);
    const at = async (x, y) => pixel(page, 1, toPx(vp, x, y).x, toPx(vp, x, y).y);
    const find = async (x, y, c) => pixelNear(page, 1, toPx(vp, x, y).x, toPx(vp, x, y).y, c);
    assert.ok(near(await find(0.75, 0.75, ORANGE), ORANGE), `SGD's diagonal is orange: ${await find(0.75, 0.75, ORANGE)}`);
    assert.ok(near(await find(1.5, 0, SKY), SKY), `Momentum's vertical leg is sky blue: ${await find(1.5, 0, SKY)}`);
    assert.ok(near(await find(0, -1.5, SKY), SKY), `Momentum's horizontal leg is sky blue`);
    assert.ok(near(await find(0, 1.5, GREEN), GREEN), `Adam's leg is green`);
    assert.ok(!near(await find(0, 1.5, ORANGE), ORANGE), 'and not orange there');
    assert.equal((await at(-1, 0))[3], 0, 'no path where no run went');
    assert.equal((await at(0.75, -0.75))[3], 0, 'no path below the diagonal');
    await screenshot(page, 'map-bowl-end');
  });

  it('marks the start, the known minimum and each run’s current point', async () => {
    const d = await debug(page);
    const start = toPx(d.viewport, 1.5, 1.5);
    assert.ok(Math.abs(d.start.x - start.x) < 1 && Math.abs(d.start.y - start.y) < 1);
    const sgd = toPx(d.viewport, 0, 0);
    assert.ok(Math.hypot(d.markers[0].x - sgd.x, d.markers[0].y - sgd.y) < 1, 'SGD ends at the minimum');
    assert.ok(near(await pixel(page, 2, sgd.x, sgd.y), ORANGE), 'SGD marker drawn in orange');
    // Adam diverged: its marker stays at its last finite point (-1.5, 1.5)
    const adam = toPx(d.viewport, -1.5, 1.5);
    assert.ok(Math.hypot(d.markers[2].x - adam.x, d.markers[2].y - adam.y) < 1);
  });

  it('playback moves the markers and grows the trails', async () => {
    await page.keyboard.press('Home');
    await frames(page, 2);
    let d = await debug(page);
    assert.equal(d.view.position, 0);
    const start = toPx(d.viewport, 1.5, 1.5);
    assert.ok(Math.hypot(d.markers[0].x - start.x, d.markers[0].y - start.y) < 1, 'at step 0 every marker is at the start');
    assert.equal((await pixel(page, 1, toPx(d.viewport, 0.3, 0.3).x, toPx(d.viewport, 0.3, 0.3).y))[3], 0, 'trail empty at step 0');

    await page.locator('.ol-timeline').fill('100');
    await frames(page, 2);
    d = await debug(page);
    assert.equal(d.view.position, 100);
    const mid = toPx(d.viewport, 0.75, 0.75);
    assert.ok(Math.hypot(d.markers[0].x - mid.x, d.markers[0].y - mid.y) < 1, `SGD at its 100th point: ${JSON.stringify(d.markers[0])}`);
    assert.ok(near(await pixel(page, 2, mid.x, mid.y), ORANGE), 'marker pixel moved with it');
    assert.ok(near(await pixelNear(page, 1, toPx(d.viewport, 1.1, 1.1).x, toPx(d.viewport, 1.1, 1.1).y, ORANGE), ORANGE), 'trail drawn behind');
    assert.equal((await pixel(page, 1, toPx(d.viewport, 0.3, 0.3).x, toPx(d.viewport, 0.3, 0.3).y))[3], 0, 'trail not drawn ahead');

    // playing advances on its own
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.__optimizerLab.debug().view.position > 120);
    await page.keyboard.press('Space');
    const p1 = (await debug(page)).view.position;
    await frames(page, 4);
    assert.equal((await debug(page)).view.position, p1, 'paused stays put');
    await page.keyboard.press('ArrowRight');
    assert.equal((await debug(page)).view.position, p1 + 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await debug(page)).view.position, p1 - 1);
    await page.keyboard.press('End');
    assert.equal((await debug(page)).view.position, 300);
  });

  it('draws the landscape: banded colours that get darker toward the minimum, plus a colour bar', async () => {
    const d = await debug(page);
    const centre = await pixel(page, 0, toPx(d.viewport, 0, 0).x, toPx(d.viewport, 0, 0).y);
    const corner = await pixel(page, 0, toPx(d.viewport, 1.9, -1.9).x, toPx(d.viewport, 1.9, -1.9).y);
    const lum = p => 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    assert.ok(lum(centre) + 60 < lum(corner), `valley darker than the rim: ${centre} vs ${corner}`);
    const timings = await page.evaluate(() => window.__optimizerLabTimings.contour.at(-1));
    assert.ok(timings.levels >= 6, `enough levels: ${timings.levels}`);
  });

  it('legend says why each run stopped and shows its update rule as math', async () => {
    const items = await page.locator('.ol-legend-item').allInnerTexts();
    assert.equal(items.length, 3);
    assert.match(items[0], /converged at step 200/);
    assert.match(items[2], /diverged at step 37/);
    assert.equal(await page.locator('.ol-legend-item .ol-formula').count(), 3);
    assert.equal(await page.locator('.ol-legend-item .ol-formula .katex').count() >= 3, true);
    assert.equal(await page.locator('.ol-objective .katex').count(), 1);
  });

  it('clicking a legend entry hides that run on the map', async () => {
    await page.locator('.ol-legend-toggle').nth(0).click();
    await frames(page, 2);
    const d = await debug(page);
    assert.equal(d.markers[0], null);
    const p = toPx(d.viewport, 0.75, 0.75);
    assert.equal((await pixel(page, 1, p.x, p.y))[3], 0, 'hidden run not drawn');
    await page.locator('.ol-legend-toggle').nth(0).click();
    await frames(page, 2);
    assert.ok(near(await pixelNear(page, 1, p.x, p.y, ORANGE), ORANGE));
  });

  it('had no page errors and no CSP violations', async () => {
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  });
});
