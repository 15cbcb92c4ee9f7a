// The learning-rate sweep in the workbench: on Rosenbrock (the settings' seven optimizers), "Run
// sweep" draws final loss against η for every optimizer (the best η as a diamond, the η where a run
// diverged shaded and crossed, the classic threshold 2/λmax at the start dashed for GD and the
// momentum rules); "use η = …" for GD sets that η on the run and runs it again; and the guide
// ("When to use which") opens with one row per algorithm and a demonstration button on each.
import assert from 'node:assert';

const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';

export default async function sweepSteps(ctx) {
  const { page, step, until, shot, webview, inPanel, waitForPanel, optimizeTyped, resetPanelScroll } = ctx;
  /** The sweep view's DOM: status, key items and their "use η" buttons, notes. */
  const sweepDom = () => inPanel(() => {
    const d = document.querySelector('details.ol-sweep');
    return {
      open: !!d?.open,
      status: d?.querySelector('.ol-sweep-status')?.textContent ?? '',
      items: [...(d?.querySelectorAll('.ol-sweep-key-item') ?? [])].map(e => ({ optimizer: e.getAttribute('data-optimizer'), text: e.textContent, use: e.querySelector('.ol-sweep-use')?.getAttribute('title') ?? null })),
      notes: d?.querySelector('.ol-sweep-notes')?.textContent ?? '',
      canvas: (() => { const c = d?.querySelector('.ol-sweep-chart canvas'); return c ? { w: c.width, h: c.height } : null; })(),
    };
  });
  /** The run's configured lr of `optimizer` and its final loss, from the panel's state. */
  const runOf = optimizer => inPanel((_b, id) => {
    const s = window.__optimizerLab.state();
    if (s.kind !== 'ready') return null;
    const r = s.model.runs.find(x => x.optimizer === id);
    return { lr: s.model.config.hyperparameters?.[id]?.lr ?? null, running: s.running, finalLoss: r ? r.loss[r.loss.length - 1] : null, lrSource: r?.lrSource ?? null };
  }, optimizer);

  let swept;
  await step('sweep: "Run sweep" on Rosenbrock draws one line per optimizer, the best η, divergence and the stability lines', async () => {
    await optimizeTyped(ROSENBROCK);
    const s = await waitForPanel(ROSENBROCK);
    const ids = s.runs.map(r => r.optimizer);
    const summary = webview().locator('details.ol-sweep > summary');
    await summary.scrollIntoViewIfNeeded();
    if (!(await sweepDom()).open) await summary.click();
    await webview().locator('.ol-sweep-run').click();
    swept = await until('the sweep result', async () => {
      const d = await sweepDom();
      return d.items.length === ids.length && /runs of/.test(d.status) ? d : false;
    }, { timeout: 120000 });
    assert.deepStrictEqual(swept.items.map(i => i.optimizer), ids, 'one key item per optimizer of the run');
    assert.match(swept.status, new RegExp(`^${ids.length * 25} runs of`), 'the default grid: 25 rates');
    const sgd = swept.items.find(i => i.optimizer === 'sgd');
    assert.ok(sgd, 'GD is in the sweep');
    assert.match(sgd.text, /best η = /);
    assert.match(sgd.text, /diverged from η = /, 'GD diverges at the large rates on Rosenbrock');
    assert.match(sgd.text, /threshold 2\/λmax = /, 'GD has the classic threshold');
    assert.ok(sgd.use, 'GD has a "use η" button');
    assert.match(swept.notes, /λmax at the start = /);
    assert.ok(swept.canvas && swept.canvas.w > 200 && swept.canvas.h > 100, `the chart is drawn: ${JSON.stringify(swept.canvas)}`);
    // The whole sweep section: controls, chart and key.
    await inPanel(() => document.querySelector('details.ol-sweep')?.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(800);
    await shot('sweep-view');
  });

  await step('sweep: "use η = …" for GD sets the sweep\'s best η on the run and runs it again', async () => {
    assert.ok(swept, 'the sweep ran');
    const sgd = swept.items.find(i => i.optimizer === 'sgd');
    const best = Number(/to ([0-9.eE+-]+) and run again/.exec(sgd.use)?.[1]);
    assert.ok(Number.isFinite(best) && best > 0, `the button names the best η: ${sgd.use}`);
    const before = await runOf('sgd');
    const button = webview().locator('.ol-sweep-use[data-optimizer="sgd"]');
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const after = await until('the run with GD at the best η', async () => {
      const r = await runOf('sgd');
      return r && !r.running && r.lr === best && r.finalLoss !== before.finalLoss ? r : false;
    }, { timeout: 60000 });
    assert.strictEqual(after.lr, best);
    // The run at that η from the same start is the sweep's point: the same final loss (the key shows 4 digits).
    const sweptLoss = Number(/best η = [^(]+\(loss ([^)]+)\)/.exec(sgd.text)?.[1].replace('−', '-'));
    assert.ok(Math.abs(after.finalLoss - sweptLoss) <= 5e-4 * Math.abs(sweptLoss), `the run's final loss ${after.finalLoss} is the sweep's ${sweptLoss}`);
    assert.match(after.lrSource ?? '', /set by you/);
    await waitForPanel(ROSENBROCK);
    // The run's GD card now says where its η came from; the map and charts above show the new run.
    await inPanel(() => document.querySelector('.ol-map')?.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(800);
    await shot('sweep-use-lr');
    await resetPanelScroll();
  });

  await step('guide: "When to use which" opens with one row per algorithm, each with its demonstration', async () => {
    const summary = webview().locator('details.ol-guide > summary');
    await summary.scrollIntoViewIfNeeded();
    if (!(await inPanel(() => !!document.querySelector('details.ol-guide')?.open))) await summary.click();
    const rows = await until('the guide table', async () => {
      const n = await inPanel(() => ({ rows: document.querySelectorAll('details.ol-guide tbody tr').length, demos: document.querySelectorAll('details.ol-guide .ol-guide-demo').length }));
      return n.rows >= 10 ? n : false;
    }, { timeout: 10000 });
    assert.ok(rows.demos >= rows.rows, `a demonstration per row: ${JSON.stringify(rows)}`);
    await inPanel(() => document.querySelector('details.ol-guide')?.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(600);
    await shot('guide');
    await resetPanelScroll();
  });
}
