// The loss chart's wall-clock axis: runs that carry their compute time per record (TraceData.elapsedMs)
// can be read against it; each run's last record sits at its own total time.
import assert from 'node:assert/strict';
import path from 'node:path';
import { bowlModel } from './fixtures.mjs';
import { debug, frames, openPanel, SHOTS, useBrowser } from './page.mjs';

describe('webview wall-clock axis', function () {
  const env = useBrowser();

  it('against wall-clock time: x is each run’s compute time (ms), the axis ends at the slowest run’s total', async () => {
    const m = bowlModel();
    // run r spends (r + 1)·0.01 ms per step: totals 2.00 (200 steps), 6.00 (300 steps), 1.11 (37 steps)
    m.runs.forEach((r, i) => { r.elapsedMs = r.steps.map(s => s * (i + 1) * 0.01); });
    const page = await openPanel(env.browser, env.server, m, { viewport: { width: 1100, height: 900 } });
    const select = page.locator('.ol-loss-axis');
    assert.equal(await select.isVisible(), true, 'steps and time: the switch shows');
    const options = await select.locator('option:not([hidden])').allInnerTexts();
    assert.deepEqual(options, ['against step', 'against wall-clock time']);
    await select.selectOption('time');
    await frames(page, 2);
    const d = await debug(page);
    assert.equal(d.lossAxisTitle, 'compute time (ms)');
    const last = m.runs.map(r => r.elapsedMs.at(-1));
    assert.deepEqual(d.lossDatasets.filter(ds => !ds.band).slice(0, 3).map(ds => ds.lastX), last);
    assert.equal(d.lossXMax, Math.max(...last));
    assert.match(await page.locator('.ol-loss-key').innerText(), /wall-clock: each run’s own compute time/);
    await page.locator('.ol-chart-loss').screenshot({ path: path.join(SHOTS, 'loss-wall-clock.png') });
    await select.selectOption('step');
    await frames(page, 2);
    assert.equal((await debug(page)).lossXMax, 300);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
