// Crowded scenes, as a person saw them in the real VS Code: several runs on one spot (barely moved,
// or all at the minimum), the 1-variable curve where every point lies on one line, the slice label
// of a 3-variable map, legend cards with long rules, and a loss axis spanning 33 decades.
import assert from 'node:assert/strict';
import { crowdedCurveModel, crowdedModel, deepThreeVarModel, grid, threeVarModel } from './fixtures.mjs';
import { SHOTS, debug, frames, hex, near, openPanel, pixelNear, screenshot, sendSurface, toPx, useBrowser } from './page.mjs';

const shown = m => ({ x: m.x + m.dx, y: m.y + m.dy });
const minGap = ms => {
  let g = Infinity;
  for (let i = 0; i < ms.length; i++) for (let j = i + 1; j < ms.length; j++) g = Math.min(g, Math.hypot(ms[i].x - ms[j].x, ms[i].y - ms[j].y));
  return g;
};

describe('webview crowded scenes', function () {
  const env = useBrowser();

  it('markers on the same spot are spread on a ring around it, each visible in its colour', async () => {
    const page = await openPanel(env.browser, env.server, crowdedModel());
    let d = await debug(page);
    const start = toPx(d.viewport, 1.5, 1.5);
    assert.equal(d.markers.length, 7);
    for (const m of d.markers) assert.ok(Math.hypot(m.x - start.x, m.y - start.y) < 1.5, 'every run is at the start');
    let drawn = d.markers.map(shown);
    assert.ok(minGap(drawn) >= 11, `markers apart: ${minGap(drawn)}`);
    assert.ok(drawn.every(p => Math.hypot(p.x - start.x, p.y - start.y) < 30), 'and near the spot they stand for');
    const model = crowdedModel();
    const colours = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']; // Okabe–Ito, in runStyle.ts's order
    for (let r = 0; r < 7; r++) assert.ok(near(await pixelNear(page, 2, drawn[r].x, drawn[r].y, hex(colours[r]), 2), hex(colours[r]), 60), `${model.runs[r].label} visible`);
    await page.keyboard.press('End');
    await frames(page, 2);
    d = await debug(page);
    const min = toPx(d.viewport, 0, 0);
    const atMin = [1, 2, 5, 6].map(r => d.markers[r]);
    for (const m of atMin) assert.ok(Math.hypot(m.x - min.x, m.y - min.y) < 1.5);
    assert.ok(atMin.every(m => m.crowd === 4));
    drawn = atMin.map(shown);
    assert.ok(minGap(drawn) >= 11, `markers at the minimum apart: ${minGap(drawn)}`);
    for (const [k, r] of [1, 2, 5, 6].entries()) assert.ok(near(await pixelNear(page, 2, drawn[k].x, drawn[k].y, hex(colours[r]), 2), hex(colours[r]), 60));
    assert.ok([0, 3, 4].every(r => d.markers[r].crowd === 3), 'the three that barely moved share the start');
    await page.locator('.ol-stage').screenshot({ path: `${SHOTS}/crowd-map-end.png` });
    await screenshot(page, 'crowd-panel');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('legend cards: the convention once, the stop badge on the same row in every card, rules wrap between clauses', async () => {
    const page = await openPanel(env.browser, env.server, crowdedModel(), { viewport: { width: 1100, height: 900 } });
    assert.deepEqual(await page.locator('.ol-legend-name').allInnerTexts(), ['SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam', 'AMSGrad']);
    const heads = await page.locator('.ol-legend-head').allInnerTexts();
    for (const h of heads) assert.equal(h.split('pytorch').length - 1, 1, `convention once: ${h}`);
    const layout = await page.evaluate(() =>
      [...document.querySelectorAll('.ol-legend-item')].map(li => {
        const top = li.getBoundingClientRect().top;
        const name = li.querySelector('.ol-legend-name').getBoundingClientRect();
        const stop = li.querySelector('.ol-stop').getBoundingClientRect();
        const formula = li.querySelector(':scope > .ol-formula, :scope > .ol-formula-wrap > .ol-formula');
        const clauses = [...formula.querySelectorAll(':scope > .ol-clause')].map(c => {
          const r = c.getBoundingClientRect();
          return { top: Math.round(r.top), height: r.height, right: r.right, width: r.width, scroll: c.scrollWidth - c.clientWidth };
        });
        return { stopOffset: Math.round(stop.top - top), belowName: stop.top >= name.bottom - 1, clauses, cardRight: li.getBoundingClientRect().right, text: formula.textContent, general: li.querySelector('.ol-formula-general')?.textContent ?? null };
      }),
    );
    const offsets = layout.map(l => l.stopOffset);
    assert.ok(Math.max(...offsets) - Math.min(...offsets) <= 1, `stop badges at the same height: ${offsets}`);
    assert.ok(layout.every(l => l.belowName), 'on the row under the name');
    // AMSGrad: five clauses, each one unbroken line, wrapping onto several rows inside the card
    const ams = layout[6];
    assert.equal(ams.clauses.length, 5);
    for (const c of ams.clauses) {
      assert.ok(c.height < 44, `a clause is one line: ${c.height}`);
      assert.ok(c.right <= ams.cardRight + 0.5, 'inside the card');
    }
    assert.ok(new Set(ams.clauses.map(c => c.top)).size >= 2, 'wraps between clauses');
    // this run's own rule (no weight-decay term), with the general form kept in a disclosure
    assert.ok(!layout[0].text.includes('λ'), `SGD's own rule: ${layout[0].text}`);
    assert.ok(layout[0].general.includes('λ'), 'the general form has the weight-decay term');
    assert.equal(layout[3].general, null, 'no own rule: the general one, no disclosure');
    assert.ok(layout[3].text.includes('λ'));
    await page.locator('.ol-legend').screenshot({ path: `${SHOTS}/crowd-legend.png` });
    // the gradient sits under the objective at the top, above the map
    const grad = await page.locator('.ol-top .ol-gradient').boundingBox();
    const map = await page.locator('.ol-map').boundingBox();
    assert.ok(grad && grad.y + grad.height <= map.y, 'gradient above the map');
    await page.locator('.ol-top').screenshot({ path: `${SHOTS}/crowd-top.png` });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('1 variable: runs on the same point are spread apart, and a box lists each run’s x and f(x)', async () => {
    const page = await openPanel(env.browser, env.server, crowdedCurveModel());
    let d = await debug(page);
    assert.equal(d.mapKind, 'curve');
    assert.ok(minGap(d.markers.map(shown)) >= 11, 'four runs at x = 3 are told apart');
    assert.equal(d.readout.rows.length, 4);
    for (const row of d.readout.rows) assert.match(row, /x = 3 f = 4$/);
    assert.match(d.readout.rows[2], /^Adam /);
    const inBox = p => p.x >= d.readout.x && p.x <= d.readout.x + d.readout.width && p.y >= d.readout.y && p.y <= d.readout.y + d.readout.height;
    assert.ok(!d.markers.map(shown).some(inBox), 'the box does not cover a marker');
    await page.locator('.ol-timeline').fill('40');
    await frames(page, 2);
    d = await debug(page);
    assert.match(d.readout.rows[2], /^Adam x = 1 f = 0$/);
    assert.match(d.readout.rows[3], /^Lion x = 1 f = 0$/);
    assert.ok(!d.markers.map(shown).some(inBox));
    await page.locator('.ol-stage').screenshot({ path: `${SHOTS}/crowd-curve-end.png` });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('3 variables: the slice label gives the values of the slice on show, not the start', async () => {
    const page = await openPanel(env.browser, env.server, threeVarModel());
    assert.equal((await debug(page)).sliceNote, 'slice at z = 0.8');
    const f = (x, y, z) => x * x + y * y + z * z;
    await sendSurface(page, grid((x, y) => f(x, y, 0.32), [-2, 2], [-2, 2], 81, 81, 0, 1, [0.6, -0.4, 0.32]));
    assert.equal((await debug(page)).sliceNote, 'slice at z = 0.32');
    await page.locator('.ol-stage').screenshot({ path: `${SHOTS}/crowd-slice.png` });
    // x–z map: the slice is at y
    await sendSurface(page, { ...grid((x, z) => f(x, -0.4, z), [-2, 2], [-2, 2], 81, 81, 0, 2, [0.6, -0.4, 0.32]) });
    assert.equal((await debug(page)).sliceNote, 'slice at y = −0.4');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('log axes: evenly spaced decade ticks, at most six, none empty (loss down to 1e-33)', async () => {
    const page = await openPanel(env.browser, env.server, deepThreeVarModel());
    await page.keyboard.press('End');
    await frames(page, 2);
    const d = await debug(page);
    for (const [i, axis] of d.yTicks.entries()) {
      assert.ok(axis.values.length >= 2 && axis.values.length <= 6, `chart ${i}: ${axis.labels}`);
      assert.ok(axis.labels.every(l => l !== ''), `chart ${i} labels: ${axis.labels}`);
    }
    const exps = d.yTicks[0].values.map(v => Math.log10(v));
    assert.ok(exps.every(e => Math.abs(e - Math.round(e)) < 1e-9), `decades: ${d.yTicks[0].labels}`);
    const steps = exps.slice(1).map((e, i) => Math.round(e - exps[i]));
    assert.ok(steps.every(s => s === steps[0]), `evenly spaced: ${d.yTicks[0].labels}`);
    assert.ok(exps[0] <= -30, `reaches the bottom: ${d.yTicks[0].labels}`);
    assert.ok(d.yTicks[0].height / (exps.length - 1) >= 24, 'room between labels');
    await page.locator('.ol-charts').screenshot({ path: `${SHOTS}/crowd-log-ticks.png` });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
