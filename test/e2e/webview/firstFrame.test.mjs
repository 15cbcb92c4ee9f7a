// The panel's charts are filled after its first frame: in the first animation frame in which the
// panel shows a model, its map is drawn and no chart has been made yet; every chart is then made
// and filled without any test hook asking for it (the 'optimizer-lab:charts-filled' mark), with
// every run's line.
import assert from 'node:assert/strict';
import { benchModel } from './fixtures.mjs';
import { debug, send, useBrowser } from './page.mjs';

describe('webview: charts filled after the first frame', function () {
  const env = useBrowser();

  it('draws the first frame before the charts, then fills every chart by itself', async () => {
    const model = benchModel({ runs: 4, steps: 2000, gridSize: 60 });
    const page = await env.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(env.server.page({ hosted: true, bodyClass: 'vscode-dark' }));
    // Watched through the DOM only: the debug hook fills the waiting charts when it is read.
    await page.evaluate(() => {
      // chart.js gives a canvas a style (display, size) when it makes a chart on it
      const made = () => [...document.querySelectorAll('.ol-chart-loss canvas[role=img], .ol-chart-lr canvas[role=img], .ol-chart-step canvas[role=img]')].filter(c => c.hasAttribute('style')).length;
      const marked = () => performance.getEntriesByName('optimizer-lab:charts-filled').length > 0;
      window.__firstFrameTest = new Promise(resolve => {
        let first;
        const check = () => {
          const ready = window.__optimizerLab?.state().kind === 'ready';
          const mapWidth = document.querySelector('.ol-map canvas')?.width ?? 0;
          if (first === undefined && ready && mapWidth > 0) first = { chartsMade: made(), marked: marked() };
          if (first !== undefined && marked()) return resolve({ first, chartsMadeAfter: made() });
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    });
    await send(page, { type: 'show', model, view: { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 } });
    const seen = await page.evaluate(() => window.__firstFrameTest);
    assert.deepEqual(seen.first, { chartsMade: 0, marked: false }, 'first frame: map drawn, no chart made yet');
    assert.equal(seen.chartsMadeAfter, 3, 'loss, learning-rate and step charts made');
    const d = await debug(page);
    assert.equal(d.lossDatasets.length, 4, 'one loss line per run');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
