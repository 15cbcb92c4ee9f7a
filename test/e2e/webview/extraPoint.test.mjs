// A rule's second point (ASGD's running average, Schedule-Free's averaged x) on the map: a hollow
// marker of the run's shape and a thin dashed path in its colour, named in the legend; and a run
// that evaluates f and ∇f more than once per step says how many times in its card.
import assert from 'node:assert/strict';
import { bowlModel } from './fixtures.mjs';
import { debug, frames, openPanel, screenshot, toPx, useBrowser } from './page.mjs';

/** The bowl model with run 0 as ASGD whose average is the running mean of its path, and run 1 counting 3 evaluations per step. */
function averagedModel() {
  const m = bowlModel();
  const run = m.runs[0];
  const n = run.steps.length;
  const extraPath = [];
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < n; k++) {
    sx += run.path[2 * k];
    sy += run.path[2 * k + 1];
    extraPath.push(sx / (k + 1), sy / (k + 1));
  }
  m.config.optimizers = ['asgd', 'momentum', 'adam'];
  m.runs[0] = { ...run, optimizer: 'asgd', label: 'ASGD', extraPath, extraLabel: 'average x̄ (ax)' };
  m.runs[1] = { ...m.runs[1], evaluations: m.runs[1].steps.map(k => 1 + 3 * k) };
  return m;
}

describe('webview: a rule\'s second point', function () {
  const env = useBrowser();

  it('draws the average as a hollow marker where the mean of the path is, names it in the legend, and counts evaluations', async () => {
    const page = await openPanel(env.browser, env.server, averagedModel(), { viewport: { width: 1100, height: 900 } });
    let d = await debug(page);
    const start = toPx(d.viewport, 1.5, 1.5);
    assert.ok(Math.hypot(d.extraMarkers[0].x - start.x, d.extraMarkers[0].y - start.y) < 1.5, 'x̄₀ = x₀');
    assert.ok(!d.extraMarkers[1], 'Momentum has no second point');
    await page.keyboard.press('End');
    await frames(page, 2);
    d = await debug(page);
    // the path runs straight from (1.5, 1.5) to (0, 0) in 200 equal steps: its mean is (0.75, 0.75)
    const mean = toPx(d.viewport, 0.75, 0.75);
    assert.ok(Math.hypot(d.extraMarkers[0].x - mean.x, d.extraMarkers[0].y - mean.y) < 1.5, `x̄ at ${JSON.stringify(d.extraMarkers[0])}, expected ${JSON.stringify(mean)}`);
    const notes = await page.locator('.ol-extra-point').allInnerTexts();
    assert.deepEqual(notes, ['hollow marker, dashed: average x̄ (ax)']);
    // Momentum: 1 + 3·300 evaluations
    assert.deepEqual(await page.locator('.ol-evaluations').allInnerTexts(), ['901 evaluations']);
    await page.keyboard.press('Home');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await frames(page, 2);
    await screenshot(page, 'extra-point-asgd');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
