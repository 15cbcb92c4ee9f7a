// Theme: axes, text, isolines and charts follow the VS Code theme (body class + --vscode-*
// variables, switched live); the contour colour map does not change.
import assert from 'node:assert/strict';
import { bowlModel } from './fixtures.mjs';
import { debug, frames, launch, openPanel, screenshot, startServer, toPx } from './page.mjs';

/** Mean colour of the "ink" pixels (alpha > 200, differing from the page) in the x-axis label strip. */
async function axisInk(page) {
  return page.evaluate(() => {
    const c = document.querySelectorAll('.ol-map canvas')[0];
    const vp = window.__optimizerLab.debug().viewport;
    const r = c.width / c.clientWidth;
    const y0 = Math.round((vp.top + vp.height + 6) * r);
    const h = Math.round(14 * r);
    const d = c.getContext('2d').getImageData(Math.round(vp.left * r), y0, Math.round(vp.width * r), h).data;
    let n = 0, s = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200) { n++; s[0] += d[i]; s[1] += d[i + 1]; s[2] += d[i + 2]; }
    return n ? s.map(v => Math.round(v / n)) : null;
  });
}

describe('webview theme', function () {
  let browser, server, page;
  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await openPanel(browser, server, bowlModel(), { bodyClass: 'vscode-light' });
    await page.evaluate(() => {
      const s = document.documentElement.style;
      s.setProperty('--vscode-editor-background', '#ffffff');
      s.setProperty('--vscode-editor-foreground', '#202020');
    });
    await page.keyboard.press('End');
    await frames(page, 3);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('re-colours axes, text and charts when VS Code switches to a dark theme; the colour map stays', async () => {
    const lightInk = await axisInk(page);
    const { viewport: vp } = await debug(page);
    const centre = toPx(vp, 0.3, -0.6);
    const mapBefore = await page.evaluate(p => [...document.querySelectorAll('.ol-map canvas')[0].getContext('2d').getImageData(p.x, p.y, 1, 1).data], centre);
    const chartBefore = await page.evaluate(() => getComputedStyle(document.body).color);
    const lightTick = (await debug(page)).chartTickColour;
    assert.ok(lightTick);
    await screenshot(page, 'theme-light');
    await page.evaluate(() => {
      document.body.className = 'vscode-dark';
      const s = document.documentElement.style;
      s.setProperty('--vscode-editor-background', '#1e1e1e');
      s.setProperty('--vscode-editor-foreground', '#e8e8e8');
    });
    await frames(page, 3);
    const darkInk = await axisInk(page);
    assert.ok(lightInk[0] < 90 && darkInk[0] > 170, `axis text went from dark to light: ${lightInk} → ${darkInk}`);
    const d = await debug(page);
    assert.equal(d.theme.kind, 'dark');
    assert.equal(d.theme.fg, '#e8e8e8');
    const mapAfter = await page.evaluate(p => [...document.querySelectorAll('.ol-map canvas')[0].getContext('2d').getImageData(p.x, p.y, 1, 1).data], centre);
    assert.ok(Math.abs(mapAfter[0] - mapBefore[0]) + Math.abs(mapAfter[1] - mapBefore[1]) + Math.abs(mapAfter[2] - mapBefore[2]) < 60, `colour map unchanged ${mapBefore} vs ${mapAfter}`);
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).color), chartBefore);
    assert.notEqual(d.chartTickColour, lightTick, 'chart ticks re-coloured');
    await screenshot(page, 'theme-dark');
  });

  it('high contrast: heavier lines, contrast border', async () => {
    await page.evaluate(() => {
      document.body.className = 'vscode-high-contrast';
      const s = document.documentElement.style;
      s.setProperty('--vscode-editor-background', '#000000');
      s.setProperty('--vscode-editor-foreground', '#ffffff');
      s.setProperty('--vscode-contrastBorder', '#6fc3df');
    });
    await frames(page, 3);
    const d = await debug(page);
    assert.equal(d.theme.kind, 'high-contrast');
    assert.ok(d.theme.weight > 1);
    const ink = await axisInk(page);
    assert.ok(ink[0] > 200, `white axis text: ${ink}`);
    await screenshot(page, 'theme-high-contrast');
    assert.deepEqual(page.errors, []);
  });
});
