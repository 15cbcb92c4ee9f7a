// Basins of attraction and the stability chart in the real workbench: Himmelblau (four minima) typed
// into the palette; "Basins of attraction" under the map computes GD's basins over the view (150 × 150
// starts, the host working in slices) and draws them under the contour lines, with a legend naming
// the four minima; the stability chart beside the loss charts shows η·λmax per step for every run
// with the line at 2, its note naming the symbolic Hessian. A new η for the mapped optimizer
// recomputes the layer without a click.
import assert from 'node:assert';

const HIMMELBLAU = '(x^2 + y - 11)^2 + (x + y^2 - 7)^2';

export default async function basinSteps(ctx) {
  const { step, until, shot, webview, inPanel, waitForPanel, optimizeTyped, resetPanelScroll } = ctx;
  let runs = 0;

  await step('basins: Himmelblau typed into the palette opens its panel', async () => {
    await optimizeTyped(HIMMELBLAU);
    const s = await waitForPanel(HIMMELBLAU);
    runs = s.runs.length;
    assert.ok(runs >= 1, 'runs on show');
  });

  await step('basins: GD’s basins over the view, 150 × 150 starts, drawn under the contour with the four minima named', async () => {
    const panel = webview();
    await panel.locator('.ol-basins > summary').click();
    assert.strictEqual(await panel.locator('[data-field="basins.grid"]').inputValue(), '150');
    await panel.locator('[data-field="basins.run"]').selectOption('0');
    await panel.locator('[data-field="basins.steps"]').fill('300');
    await panel.locator('.ol-basins-run').click();
    const shown = await until('the basin map to arrive and be drawn', async () => {
      const d = await inPanel(() => window.__optimizerLab.debug().basins);
      return d && d.drawn ? d : false;
    }, { timeout: 120000, interval: 500 });
    assert.deepStrictEqual([shown.nx, shown.ny], [150, 150]);
    const legend = await panel.locator('.ol-basins-legend li').allInnerTexts();
    // Himmelblau's four minima (src/core/presets.ts): (3, 2), (−2.805, 3.131), (−3.779, −3.283), (3.584, −1.848).
    for (const m of ['(3, 2)', '(−2.805, 3.131)', '(−3.779, −3.283)', '(3.584, −1.848)']) assert.ok(legend.some(t => t.startsWith(`minimum ${m}`)), `legend names ${m}: ${legend.join(' | ')}`);
    const status = await panel.locator('.ol-basins-status').innerText();
    assert.match(status, /22,500 starts \(150 × 150\)/);
    await resetPanelScroll();
    await shot('basins-map');
    await panel.locator('.ol-basins').scrollIntoViewIfNeeded();
    await shot('basins-legend');
    await resetPanelScroll();
  });

  await step('stability: η·λmax per step for every run, the line at 2, the Hessian named', async () => {
    const s = await until('the stability numbers from the host', async () => {
      const d = await inPanel(() => window.__optimizerLab.debug().stability);
      return d && d.datasets.length === runs + 1 ? d : false;
    }, { timeout: 30000 });
    const ref = s.datasets[s.datasets.length - 1];
    assert.deepStrictEqual([ref.y0, ref.dashed], [2, true]);
    assert.ok(s.datasets.slice(0, runs).every(d => d.points > 1), `every run has points: ${JSON.stringify(s.datasets)}`);
    assert.match(s.note, /^Hessian: symbolic Hessian of f\./);
    await webview().locator('.ol-chart-stability').scrollIntoViewIfNeeded();
    await shot('stability-chart');
    await resetPanelScroll();
  });

  await step('basins: a new η for the mapped optimizer recomputes the layer by itself (no click), 150 × 150 again', async () => {
    const panel = webview();
    const id = await inPanel(() => window.__optimizerLab.state().model.runs[0].optimizer);
    const lrOf = () => inPanel((_b, o) => {
      const s = window.__optimizerLab.state();
      const r = s.kind === 'ready' ? s.model.runs.find(x => x.optimizer === o) : undefined;
      return r && !s.running ? r.hyperparameters.lr : null;
    }, id);
    const before = await lrOf();
    const details = panel.locator(`.ol-hyper[data-key="details:${id}"]`);
    if (!(await details.evaluate(d => d.open))) await details.locator('summary').click();
    const field = panel.locator(`[data-field="hyperparameters.${id}.lr"]`).first();
    const next = Number((before / 2).toPrecision(3));
    await field.fill(String(next));
    await until('the run with the new η', async () => (await lrOf()) === next, { timeout: 60000 });
    const shown = await until('the recomputed basin map drawn', async () => {
      const d = await inPanel(() => window.__optimizerLab.debug().basins);
      return d && d.drawn ? d : false;
    }, { timeout: 120000, interval: 500 });
    assert.deepStrictEqual([shown.nx, shown.ny], [150, 150]);
    assert.match(await panel.locator('.ol-basins-status').innerText(), /22,500 starts \(150 × 150\)/);
    await resetPanelScroll();
    await shot('basins-after-lr-change');
  });
}
