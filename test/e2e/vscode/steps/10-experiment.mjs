// Experiment files in the workbench: the "▶ Optimize" CodeLens at the top of a *.optlab.json file
// opens the panel on exactly that experiment (its optimizers, steps and zoomed map bounds); a step
// count changed in the panel and a zoom are written back by the panel's Save button; a file naming an
// unknown optimizer opens no panel but a message naming the field and the line.
// The experiment is a scratch copy of test/fixtures/ws/rosenbrock-zoom.optlab.json (git-ignored, named
// after this process, made by the first step and deleted at the end), since Save writes to it.
import assert from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';

const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';
const BOUNDS = { x: [-1.75, 1.25], y: [-0.5, 2.5] };
const SCRATCH = `scratch-experiment-${process.pid}.optlab.json`;

export default async function experimentSteps(ctx) {
  const { page, step, until, shot, webview, inPanel, panelState, waitForPanel, workspace, explorerRow, activeTab, focusWorkbench } = ctx;
  const scratch = path.join(workspace, SCRATCH);
  const original = fs.readFileSync(path.join(workspace, 'rosenbrock-zoom.optlab.json'), 'utf8');
  const read = () => fs.readFileSync(scratch, 'utf8');
  const lens = () => page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Optimize' }).first();
  const labTabs = () => page.locator('.tabs-container .tab', { hasText: 'Optimizer Lab' });
  /** Opens `name` from the Explorer and waits for its "▶ Optimize" CodeLens. */
  async function openWithLens(name) {
    await focusWorkbench();
    await until(`${name} in the Explorer`, async () => (await explorerRow(name).count()) > 0, { timeout: 20000 });
    await explorerRow(name).first().click();
    await until(`${name} to be the active editor`, async () => (await activeTab().textContent()).includes(name), { timeout: 15000 });
    await lens().waitFor({ timeout: 30000 });
  }
  /** The map's viewport ranges and the view's zoom, from the panel's test hook. */
  const mapView = () => inPanel(() => {
    const d = window.__optimizerLab.debug();
    return { x: d.viewport?.x, y: d.viewport?.y, zoom: d.view.zoom ?? null, surfaceSeq: d.surfaceSeq, contourPending: d.contourPending };
  });
  const close = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  const sameRanges = (v, b) => !!v.x && !!v.y && close(v.x[0], b.x[0]) && close(v.x[1], b.x[1]) && close(v.y[0], b.y[0]) && close(v.y[1], b.y[1]);

  try {
    await step('experiment: an *.optlab.json file shows "▶ Optimize" at its top', async () => {
      fs.writeFileSync(scratch, original);
      await openWithLens(SCRATCH);
      // The lens is re-rendered as the provider answers: wait until it is laid out.
      const lensBox = await until('the lens to be laid out', () => lens().boundingBox(), { timeout: 10000 });
      const firstLine = await page.locator('.monaco-editor .view-line').first().boundingBox();
      assert.ok(lensBox && firstLine && lensBox.y < firstLine.y + firstLine.height, `the lens sits above the first line: ${JSON.stringify({ lensBox, firstLine })}`);
      await page.mouse.move(5, 500);
      await page.waitForTimeout(400);
      await shot('experiment-codelens');
    });

    let opened;
    await step('experiment: ▶ Optimize opens the panel on that experiment (3 runs, 300 steps, the file\'s map bounds)', async () => {
      await lens().click();
      await until('the Rosenbrock panel to be active', async () => /Optimizer Lab: Rosenbrock/.test(await activeTab().textContent()), { timeout: 30000 });
      const s = await until('the experiment\'s three runs', async () => {
        const x = await waitForPanel(ROSENBROCK);
        return x.runs.map(r => r.optimizer).join() === 'sgd,momentum,adam' && x.end === 300 ? x : false;
      }, { timeout: 60000 });
      assert.deepStrictEqual(s.view.zoom, BOUNDS, 'the view\'s zoom is the file\'s view.bounds');
      const v = await until('the map to show the file\'s bounds with its contour drawn', async () => {
        const m = await mapView();
        return sameRanges(m, BOUNDS) && !m.contourPending ? m : false;
      }, { timeout: 15000 });
      assert.ok(v.surfaceSeq >= 1);
      // The start point (-1.5, 2) lies inside the zoomed map, so each run's marker is drawn.
      assert.ok(s.markers.every(Boolean), `every run has a marker: ${JSON.stringify(s.markers)}`);
      opened = s;
      await page.waitForTimeout(800);
      await shot('experiment-panel');
    });

    await step('experiment: Save with nothing changed leaves the file byte-identical', async () => {
      assert.ok(opened, 'the panel opened the experiment');
      await webview().getByRole('button', { name: 'Save this experiment to its .optlab.json file' }).click();
      await page.waitForTimeout(1500);
      assert.strictEqual(read(), original);
    });

    await step('experiment: steps changed in the panel and a zoom are written by Save; reopening shows that zoom', async () => {
      assert.ok(opened, 'the panel opened the experiment');
      const steps = webview().locator('input[data-field="steps"]');
      await steps.fill('150');
      await steps.press('Enter');
      await until('the 150-step run', async () => {
        const x = await panelState();
        return x.kind === 'ready' && !x.running && x.end === 150 ? x : false;
      }, { timeout: 30000 });
      // Zoom in with the wheel around (-1.2, 1.5), where the paths run: the zoom becomes narrower than the file's bounds.
      const canvas = webview().locator('.ol-map canvas').last();
      const box = await canvas.boundingBox();
      const vp = await inPanel(() => window.__optimizerLab.debug().viewport);
      const px = box.x + vp.left + ((-1.2 - vp.x[0]) / (vp.x[1] - vp.x[0])) * vp.width;
      const py = box.y + vp.top + ((vp.y[1] - 1.5) / (vp.y[1] - vp.y[0])) * vp.height;
      await page.mouse.move(px, py);
      await page.mouse.wheel(0, -300);
      const zoomed = await until('a narrower zoom', async () => {
        const m = await mapView();
        return m.zoom && m.zoom.x[1] - m.zoom.x[0] < BOUNDS.x[1] - BOUNDS.x[0] - 0.1 ? m : false;
      }, { timeout: 10000 });
      await page.mouse.move(5, 500);
      await webview().getByRole('button', { name: 'Save this experiment to its .optlab.json file' }).click();
      const saved = await until('the file to change on disk', () => (read() !== original ? read() : false), { timeout: 10000 });
      const json = JSON.parse(saved);
      assert.strictEqual(json.steps, 150);
      assert.deepStrictEqual(json.optimizers, JSON.parse(original).optimizers, 'the optimizers are as they were');
      const now = await mapView();
      assert.deepStrictEqual(json.view.bounds, now.zoom, 'the bounds are the zoom the panel shows');
      const b = json.view.bounds;
      assert.ok(b.x[1] - b.x[0] < 2.9 && b.x[0] < -1.2 && b.x[1] > -1.2 && b.y[0] < 1.5 && b.y[1] > 1.5, `zoomed in around (-1.2, 1.5): ${JSON.stringify(b)} (was ${JSON.stringify(zoomed.zoom)})`);
      const changed = saved.split('\n').map((l, i) => (l === original.split('\n')[i] ? 0 : i + 1)).filter(Boolean);
      assert.deepStrictEqual(changed, [12, 13], 'only the steps and view lines changed');
      // Open the saved file again: the panel shows 150 steps at the saved zoom.
      await openWithLens(SCRATCH);
      await lens().click();
      const again = await until('the reopened experiment', async () => {
        const x = await panelState();
        return x.kind === 'ready' && !x.running && x.end === 150 && x.view.zoom ? x : false;
      }, { timeout: 30000 });
      assert.deepStrictEqual(again.view.zoom, json.view.bounds);
      await until('the map at the saved zoom', async () => sameRanges(await mapView(), json.view.bounds), { timeout: 10000 });
      await page.waitForTimeout(600);
      await shot('experiment-saved-zoom');
    });

    await step('experiment: a file naming an unknown optimizer opens no panel, the message names the field and the line', async () => {
      const tabs = await labTabs().count();
      await openWithLens('unknown-optimizer.optlab.json');
      await lens().click();
      // The workbench runs with the smoke-test driver (test/support/codeServer.mjs), which shows no
      // notification toasts: the message is read from the notification centre.
      await page.waitForTimeout(1000);
      await focusWorkbench();
      await ctx.runPaletteCommand('Notifications: Show Notifications');
      const toast = page.locator('.notifications-center .notification-list-item', { hasText: 'unknown-optimizer.optlab.json' }).first();
      await toast.waitFor({ timeout: 15000 });
      const text = await toast.textContent();
      assert.match(text, /line 6: optimizers\[1\]\.id: unknown optimizer "adamax2" \(did you mean "adamax"\?\); known: sgd, /);
      assert.strictEqual(await toast.getByRole('button', { name: 'Go to Line' }).count(), 1, 'a Go to Line button');
      assert.strictEqual(await labTabs().count(), tabs, 'no panel opened');
      await page.waitForTimeout(500);
      await shot('experiment-bad-file');
      // Go to Line puts the cursor on line 6.
      await toast.getByRole('button', { name: 'Go to Line' }).click();
      await until('the cursor on line 6', async () => /Ln 6,/.test(await page.locator('.statusbar-item[id="status.editor.selection"]').textContent()), { timeout: 10000 });
    });
  } finally {
    fs.rmSync(scratch, { force: true });
  }
}
