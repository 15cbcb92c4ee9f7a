// Browser end-to-end in the real VS Code UI (code-server workbench in headless Chromium), driven the
// way a person drives it. `--vsix FILE` tests the packaged extension installed with
// --install-extension, the way a user gets it; otherwise the extension loads from this folder.
//
// Covers, in order (screenshots into test-output/e2e/, suffixed with the mode):
//   1. palette → "Optimizer Lab: Optimize Expression" → Rosenbrock → panel with 7 runs, legend, markers
//   2. playback: play, pause, scrub the timeline (click + drag), keyboard (Space, ←/→, Shift+→,
//      Home/End); the position, slider, step label and markers follow; every path colour is on the map
//   3. a 1-variable function typed into the input box (curve view) and a 3-variable one (variable
//      pickers, parameter table, re-pointing the map at z)
//   4. a window reload brings the panels back with the expression and playback position
//   5. hovers: Markdown (Rosenbrock) and Python (`loss = …`) show ∂f/∂v with SVG math; ordinary
//      Python code shows none; TeX in Markdown (with the "Copy as" links)
//   6. the Gradient view in the Explorer follows the cursor onto a formula
//   7. the step modules in test/e2e/vscode/steps/*.mjs, in file-name order (each exports
//      `default async function (ctx)` and gets this file's helpers in `ctx`)
// `E2E_ONLY=<regex>` (a development aid, never set in CI) runs only the steps whose names match,
// besides the required ones.
// The webview is read through its test hook `window.__optimizerLab.state()/debug()` and the DOM.
import assert from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { root, startCodeServer } from '../../support/codeServer.mjs';

const vsixArg = process.argv.indexOf('--vsix');
const vsix = vsixArg > 0 ? path.resolve(process.argv[vsixArg + 1] ?? path.join(root, 'dist-pkg/optimizer-lab.vsix')) : undefined;
const mode = vsix ? 'vsix' : 'dev';
const outDir = path.join(root, 'test-output', 'e2e');
fs.mkdirSync(outDir, { recursive: true });
const workspace = path.join(root, 'test/fixtures/ws');

const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';
const ONE_VAR = 'x^4 - 3*x^2 + x';
const THREE_VAR = 'x^2 + 2*y^2 + 3*z^2 + x*y';
/** The default `optimizerLab.optimizers` setting, in run order; colours from src/webview/theme.ts. */
const DEFAULT_IDS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'];
const DEFAULT_RUNS = ['SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam', 'AMSGrad'];
/** Legend names start with the optimizer's name (then e.g. the convention). */
const namesMatch = (labels, names = DEFAULT_RUNS) => labels.length === names.length && labels.every((l, i) => l === names[i] || l.startsWith(`${names[i]} `));
const RUN_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7']; // src/webview/runStyle.ts's Okabe–Ito order

const results = [];
const shots = [];
const t0 = Date.now();
/**
 * Runs one check. A failing step is recorded (with a failure screenshot) and the run goes on with
 * the next independent step; `required` steps abort the run, since everything after needs them.
 */
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : undefined;
async function step(name, fn, { required = false } = {}) {
  if (only && !required && !only.test(name)) return true;
  const t = Date.now();
  try {
    await fn();
    results.push([name, true]);
    console.log(`  ✔ ${name} (${Date.now() - t} ms)`);
    return true;
  } catch (e) {
    results.push([name, false]);
    console.log(`  ✖ ${name}\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
    try { await shot(`failure-${results.length}`); } catch { /* browser gone */ }
    if (required) throw e;
    return false;
  }
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
/** Polls `fn` until it returns something truthy; the last value/error is in the timeout message. */
async function until(what, fn, { timeout = 30000, interval = 200 } = {}) {
  const end = Date.now() + timeout;
  let last;
  let err;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
      err = undefined;
    } catch (e) { err = e; }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${err ? ` (${err.message.split('\n')[0]})` : ` (last: ${JSON.stringify(last)?.slice(0, 400)})`}`);
    }
    await sleep(interval);
  }
}

let vsc, page;
async function shot(name) {
  const file = path.join(outDir, `${name}-${mode}.png`);
  await page.screenshot({ path: file });
  shots.push(path.relative(root, file));
}

// ---- the webview (the visible Optimizer Lab panel) -------------------------------------------------
const webview = () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
/** Evaluates `fn` inside the visible panel's document. */
const inPanel = (fn, arg) => webview().locator('body').evaluate(fn, arg, { timeout: 5000 });
/** A compact snapshot of the panel from its test hook and DOM (numbers only, no traces). */
const panelState = () => inPanel(() => {
  const hook = window.__optimizerLab;
  if (!hook) return { kind: 'no-hook' };
  const s = hook.state();
  if (s.kind !== 'ready') return { kind: s.kind, message: s.message };
  const d = hook.debug();
  const m = s.model;
  const q = sel => document.querySelector(sel);
  return {
    kind: s.kind,
    running: s.running,
    expression: m.config.expression,
    variables: m.objective.variables,
    mapVariables: m.config.mapVariables,
    surface: m.surface ? { kind: m.surface.kind, xVar: m.surface.xVar, yVar: m.surface.yVar } : null,
    runs: m.runs.map(r => ({ optimizer: r.optimizer, label: r.label, records: r.steps.length, lastStep: r.steps[r.steps.length - 1], stop: r.stop.reason })),
    view: d.view,
    end: d.end,
    mapKind: d.mapKind,
    markers: d.markers,
    start: d.start,
    slider: { value: Number(q('.ol-timeline')?.value), max: Number(q('.ol-timeline')?.max) },
    stepLabel: q('.ol-step-label')?.textContent ?? null,
    playLabel: q('.ol-playback button[aria-label="Play"], .ol-playback button[aria-label="Pause"]')?.getAttribute('aria-label') ?? null,
    legend: [...document.querySelectorAll('.ol-legend-item .ol-legend-name')].map(e => e.textContent),
  };
});
/** Waits for the visible panel to show a model for `expression` (whitespace-insensitive). */
async function waitForPanel(expression, timeout = 60000) {
  const key = expression.replace(/\s+/g, '');
  return until(`the panel to show ${expression}`, async () => {
    const s = await panelState();
    return s.kind === 'ready' && !s.running && s.expression.replace(/\s+/g, '') === key && s.markers.some(Boolean) ? s : false;
  }, { timeout });
}
const markersMoved = (a, b) => a.markers.some((m, i) => m && b.markers[i] && (Math.abs(m.x - b.markers[i].x) > 0.5 || Math.abs(m.y - b.markers[i].y) > 0.5));
/** Pixel counts of each colour on the map's trail (paths) and marker canvases. */
const colourPixels = colours => inPanel((_body, cols) => {
  const rgb = c => [1, 3, 5].map(i => parseInt(c.slice(i, i + 2), 16));
  const targets = cols.map(rgb);
  const [, trail, markers] = [...document.querySelectorAll('.ol-map canvas')];
  const count = canvas => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const n = targets.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue;
      targets.forEach(([r, g, b], k) => {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) n[k]++;
      });
    }
    return n;
  };
  return { trail: count(trail), markers: count(markers), size: [trail.width, trail.height] };
}, colours);

/** Scrolls every scrolled element of the panel back to the top (after scrolling to the charts or legend). */
const resetPanelScroll = () => inPanel(() => {
  for (const e of [document.scrollingElement, ...document.querySelectorAll('*')]) if (e && (e.scrollTop || e.scrollLeft)) e.scrollTo(0, 0);
});

/** Focuses the panel's document without focusing a control, so the panel's own keys apply. */
async function focusPanel() {
  await webview().locator('.ol-step-label').click();
  await until('the panel document to have focus', () => inPanel(() => document.hasFocus() && document.activeElement === document.body), { timeout: 5000 });
}

/** Keys pressed inside the panel; waits for the position to settle on `expect(state)`. */
async function pressInPanel(key, what, expect) {
  await page.keyboard.press(key);
  return until(`${what} after ${key}`, async () => { const s = await panelState(); return expect(s) ? s : false; }, { timeout: 5000, interval: 100 });
}

/** Types a command into the palette; retries while the extension host is still starting. */
export async function runPaletteCommand(page, title) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.waitFor({ timeout: 15000 });
    await input.fill(`>${title}`);
    const item = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await item.waitFor({ timeout: 1500 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 30) throw e;
      await page.waitForTimeout(500);
    }
  }
}

/** Focus on the workbench (not inside a webview) so F1 reaches the palette. */
async function focusWorkbench() {
  await page.locator('.part.sidebar .composite.title').first().click();
}

/** Palette → "Type an expression…" → input box → `expression`. */
async function optimizeTyped(expression) {
  const input = page.locator('.quick-input-widget input[type="text"]');
  for (let attempt = 1; ; attempt++) {
    try {
      await focusWorkbench();
      await runPaletteCommand(page, 'Optimizer Lab: Optimize Expression');
      const typeRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Type an expression' }).first();
      await typeRow.waitFor({ timeout: 10000 });
      await typeRow.click();
      // The input box replaces the quick pick: same widget, now with the prompt and no list.
      await until('the input box', () => page.evaluate(() => {
        const w = document.querySelector('.quick-input-widget');
        const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
        const list = w?.querySelector('.quick-input-list');
        const field = w?.querySelector('input[type="text"]');
        return shown(w) && !shown(list) && shown(field) && /A mathjs expression/.test(w.textContent);
      }), { timeout: 5000, interval: 100 });
      // The widget can still be closing/reopening for a moment (focus moving out of a webview):
      // a fill that does not take is retried from the palette.
      await input.fill(expression, { timeout: 5000 });
      if (await input.inputValue() !== expression) throw new Error(`the input box holds '${await input.inputValue()}'`);
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 4) throw e;
      console.log(`    (typing into the input box did not take: ${String(e.message).split('\n')[0]}; attempt ${attempt + 1})`);
      await page.waitForTimeout(500);
    }
  }
  await page.waitForTimeout(300); // validation runs as the person types
  const error = page.locator('.quick-input-widget .quick-input-message .severity-error, .quick-input-widget .inputbox.error');
  assert.strictEqual(await error.count(), 0, `the input box shows a validation error for ${expression}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
}

const activeTab = () => page.locator('.tabs-container .tab.active').first();

console.log(`e2e (${mode}${vsix ? `: ${path.relative(root, vsix)}` : ''})`);
try {
  vsc = await startCodeServer({ workspace, logFile: path.join(outDir, `e2e-${mode}.log`), vsix });
  page = await vsc.browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', m => vsc.log.write(`[browser:${m.type()}] ${m.text()}\n`));
  const payload = vsix ? [['skipWelcome', 'true']] : [['extensionDevelopmentPath', vsc.remote(root)], ['skipWelcome', 'true']];
  const explorerRow = name => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });

  await step('workbench loads with the workspace', async () => {
    await page.goto(vsc.url(workspace, payload));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await explorerRow('formula.txt').waitFor({ timeout: 90000 });
  }, { required: true });

  await step('palette runs "Optimizer Lab: Optimize Expression" and picks Rosenbrock', async () => {
    await runPaletteCommand(page, 'Optimizer Lab: Optimize Expression');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.fill('Rosenbrock');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rosenbrock' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  }, { required: true });

  await step('the panel opens on Rosenbrock: 7 runs on the contour map, their markers and legend', async () => {
    await page.locator('.tab', { hasText: 'Optimizer Lab: Rosenbrock' }).first().waitFor({ timeout: 30000 });
    const s = await waitForPanel(ROSENBROCK);
    assert.deepStrictEqual(s.variables, ['x', 'y']);
    assert.strictEqual(s.mapKind, 'grid', 'a contour map, not a curve');
    assert.deepStrictEqual(s.runs.map(r => r.optimizer), DEFAULT_IDS, 'the seven default optimizers ran');
    assert.ok(s.runs.every(r => r.records > 10), `every run recorded a path: ${JSON.stringify(s.runs)}`);
    assert.strictEqual(s.end, 500, 'the timeline spans the 500 default steps');
    assert.ok(namesMatch(s.legend), `the legend lists every run in order: ${JSON.stringify(s.legend)}`);
    await webview().locator('.ol-legend-item').first().waitFor({ state: 'visible', timeout: 5000 });
    assert.strictEqual(await webview().locator('.ol-table-wrap').isVisible(), false, 'no parameter table for two variables');
    assert.strictEqual(await webview().locator('select[data-field="mapVariables"]').count(), 0, 'no map variable pickers for two variables');
    // Every run has its marker on the map, inside the plot.
    const vp = await inPanel(() => window.__optimizerLab.debug().viewport);
    s.markers.forEach((m, i) => {
      assert.ok(m, `run ${DEFAULT_RUNS[i]} has a marker`);
      assert.ok(m.x >= vp.left - 1 && m.x <= vp.left + vp.width + 1 && m.y >= vp.top - 1 && m.y <= vp.top + vp.height + 1, `${DEFAULT_RUNS[i]}'s marker lies in the plot: ${JSON.stringify(m)} vs ${JSON.stringify(vp)}`);
    });
    // The panel plays on open (the default view), so the markers leave the start point.
    assert.ok(s.view.playing || s.view.position > 0, 'playback starts on open');
    await page.waitForTimeout(1000);
    await shot('panel');
  }, { required: true });

  await step('play and pause: the position advances while playing and holds while paused, markers move', async () => {
    await focusPanel();
    let s = await panelState();
    if (!s.view.playing) s = await pressInPanel('Home', 'restart', x => x.view.position === 0);
    if (!s.view.playing) {
      await webview().getByRole('button', { name: 'Play', exact: true }).click();
      s = await until('playing', async () => { const x = await panelState(); return x.view.playing ? x : false; }, { timeout: 5000 });
    }
    assert.strictEqual(s.playLabel, 'Pause', 'while playing the play button offers Pause');
    const a = s;
    const b = await until('the position to advance while playing', async () => {
      const x = await panelState();
      return x.view.position >= a.view.position + 5 ? x : false;
    }, { timeout: 10000 });
    assert.ok(markersMoved(a, b), 'a marker moved while playing');
    await webview().getByRole('button', { name: 'Pause', exact: true }).click();
    const p = await until('paused', async () => { const x = await panelState(); return !x.view.playing ? x : false; }, { timeout: 5000 });
    assert.strictEqual(p.playLabel, 'Play', 'paused: the button offers Play');
    await page.waitForTimeout(800);
    const q = await panelState();
    assert.strictEqual(q.view.position, p.view.position, 'the position holds while paused');
    assert.ok(q.view.position > 0 && q.view.position < q.end, `paused mid-way (at ${q.view.position})`);
    assert.strictEqual(q.slider.value, q.view.position, 'the timeline slider shows the position');
    assert.strictEqual(q.stepLabel, `step ${q.view.position} / ${q.end}`);
  });

  await step('scrubbing the timeline (click and drag) moves the position and the markers', async () => {
    const slider = webview().locator('.ol-timeline');
    const box = await slider.boundingBox();
    assert.ok(box && box.width > 100, `the timeline slider is visible and wide enough: ${JSON.stringify(box)}`);
    const before = await panelState();
    const at = f => box.x + 8 + f * (box.width - 16); // the thumb travels inside the track, ~8 px in
    await page.mouse.click(at(0.5), box.y + box.height / 2);
    const mid = await until('the position near the middle after clicking the timeline', async () => {
      const x = await panelState();
      return Math.abs(x.view.position - 250) <= 30 ? x : false;
    }, { timeout: 5000 });
    assert.strictEqual(mid.slider.value, mid.view.position);
    assert.ok(!mid.view.playing, 'scrubbing does not start playback');
    if (Math.abs(before.view.position - mid.view.position) > 20) assert.ok(markersMoved(before, mid), 'markers moved to the scrubbed step');
    // Drag the thumb back to 20 %: the trail is redrawn for the earlier step.
    await page.mouse.move(at(0.5), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(at(0.35), box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(at(0.2), box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const back = await until('the position near 20 % after dragging the thumb', async () => {
      const x = await panelState();
      return Math.abs(x.view.position - 100) <= 30 ? x : false;
    }, { timeout: 5000 });
    assert.ok(markersMoved(mid, back), 'markers moved back when dragging to an earlier step');
    assert.strictEqual(back.stepLabel, `step ${back.view.position} / ${back.end}`);
    await page.waitForTimeout(300);
    await shot('playback-mid');
    // The charts below the map, with their cursor at the playback position.
    await webview().locator('.ol-charts-head').evaluate(e => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await shot('charts-mid');
    await resetPanelScroll();
  });

  await step('keyboard: Home, →, Shift+→, ←, Space (play/pause), End', async () => {
    await focusPanel();
    const home = await pressInPanel('Home', 'position 0', x => x.view.position === 0 && !x.view.playing);
    assert.strictEqual(home.slider.value, 0);
    let s = await pressInPanel('ArrowRight', 'position 1', x => x.view.position === 1);
    s = await pressInPanel('ArrowRight', 'position 2', x => x.view.position === 2);
    s = await pressInPanel('Shift+ArrowRight', 'position 12', x => x.view.position === 12);
    s = await pressInPanel('ArrowLeft', 'position 11', x => x.view.position === 11);
    assert.strictEqual(s.slider.value, 11);
    const playing = await pressInPanel('Space', 'playing', x => x.view.playing);
    await until('the position to advance after Space', async () => (await panelState()).view.position > 15, { timeout: 5000 });
    const paused = await pressInPanel('Space', 'paused', x => !x.view.playing);
    await page.waitForTimeout(500);
    assert.strictEqual((await panelState()).view.position, paused.view.position, 'Space paused the playback');
    assert.ok(paused.view.position > playing.view.position);
    const end = await pressInPanel('End', 'the end', x => x.view.position === x.end && !x.view.playing);
    assert.strictEqual(end.slider.value, end.end);
    assert.ok(markersMoved(home, end), 'the markers moved from the start to the end');
    // At the end each marker sits on its run's last recorded point.
    end.markers.forEach((m, i) => assert.strictEqual(m?.index, end.runs[i].records - 1, `${end.runs[i].label}'s marker is at its last record`));
    await page.waitForTimeout(400);
    await shot('playback-end');
  });

  await step('at the end every run\'s path is drawn on the map in its colour (each brought to the front from the legend)', async () => {
    const all = await colourPixels(RUN_COLOURS);
    vsc.log.write(`[e2e] colour pixels at the end, no run focused: ${JSON.stringify(all)}\n`);
    const hiddenByOthers = DEFAULT_RUNS.filter((_, i) => all.trail[i] + all.markers[i] < 30);
    if (hiddenByOthers.length) console.log(`    (with every run drawn, no pixel of ${hiddenByOthers.join(', ')} is visible: covered by other runs)`);
    // Hovering a legend entry brings that run's path and marker to the front: each must then show.
    const counts = [];
    for (let i = 0; i < DEFAULT_RUNS.length; i++) {
      await webview().locator('.ol-legend-item').nth(i).hover();
      let px;
      for (const stop = Date.now() + 3000; ;) {
        px = await colourPixels([RUN_COLOURS[i]]);
        if ((px.trail[0] >= 20 && px.markers[0] >= 20) || Date.now() > stop) break;
        await sleep(150);
      }
      counts.push([px.trail[0], px.markers[0]]);
    }
    await page.mouse.move(5, 500);
    await resetPanelScroll();
    vsc.log.write(`[e2e] colour pixels per focused run [trail, marker]: ${JSON.stringify(counts)}\n`);
    const missing = DEFAULT_RUNS.filter((_, i) => counts[i][0] < 20 || counts[i][1] < 20);
    assert.deepStrictEqual(missing, [], `[trail, marker] pixels of each run's colour with it in front: ${JSON.stringify(counts)}`);
  });

  await step('a 1-variable function typed into the input box opens the curve view', async () => {
    await optimizeTyped(ONE_VAR);
    await until('the active tab to be the 1-D panel', async () => /Optimizer Lab: (Quartic|x\^4)/.test(await activeTab().textContent()), { timeout: 30000 });
    const s = await waitForPanel(ONE_VAR);
    assert.deepStrictEqual(s.variables, ['x']);
    assert.strictEqual(s.mapKind, 'curve', 'one variable: the curve f(x), not a contour map');
    assert.strictEqual(s.surface?.kind, 'curve');
    assert.ok(namesMatch(s.legend), `legend: ${JSON.stringify(s.legend)}`);
    assert.strictEqual(await webview().locator('.ol-table-wrap').isVisible(), false, 'no parameter table for one variable');
    assert.strictEqual(await webview().locator('select[data-field="mapVariables"]').count(), 0, 'no map variable pickers for one variable');
    await focusPanel();
    const home = await pressInPanel('Home', 'position 0', x => x.view.position === 0);
    const end = await pressInPanel('End', 'the end', x => x.view.position === x.end);
    assert.ok(markersMoved(home, end), 'points move along the curve');
    await page.waitForTimeout(400);
    await shot('one-variable');
  });

  await step('a 3-variable function: variable pickers, parameter table, map re-pointed at z', async () => {
    await optimizeTyped(THREE_VAR);
    await until('the active tab to be the 3-D panel', async () => /Optimizer Lab: (Quadratic|x\^2)/.test(await activeTab().textContent()), { timeout: 30000 });
    const s = await waitForPanel(THREE_VAR);
    assert.deepStrictEqual(s.variables, ['x', 'y', 'z']);
    assert.strictEqual(s.mapKind, 'grid');
    const pickers = webview().locator('select[data-field="mapVariables"]');
    assert.strictEqual(await pickers.count(), 2, 'horizontal and vertical axis pickers');
    for (let i = 0; i < 2; i++) {
      assert.ok(await pickers.nth(i).isVisible());
      assert.deepStrictEqual(await pickers.nth(i).locator('option').allTextContents(), ['x', 'y', 'z']);
    }
    const table = webview().locator('.ol-table-wrap table');
    await table.waitFor({ state: 'visible', timeout: 5000 });
    assert.deepStrictEqual(await table.locator('thead th').allTextContents(), ['optimizer', 'step', 'x', 'y', 'z', 'f']);
    assert.strictEqual(await table.locator('tbody tr').count(), 7, 'one row per run');
    await focusPanel();
    await pressInPanel('Home', 'position 0', x => x.view.position === 0);
    await until('the table at step 0', async () => (await table.locator('tbody tr').first().locator('td').first().textContent()) === '0', { timeout: 5000 });
    const x0 = await table.locator('tbody tr').first().locator('td').nth(1).textContent();
    await pressInPanel('End', 'the end', x => x.view.position === x.end);
    await until('the table to follow the playback position', async () => {
      const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
      return Number(cells[0]) > 0 && cells[1] !== x0;
    }, { timeout: 5000 });
    await page.waitForTimeout(400);
    await shot('three-variables');
    await table.evaluate(e => e.scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(300);
    await shot('three-variables-table');
    await resetPanelScroll();
    // Point the map's vertical axis at z: the host re-runs and sends a surface over (x, z).
    await pickers.nth(1).selectOption({ label: 'z' });
    const z = await until('the map over (x, z)', async () => {
      const x = await panelState();
      return x.kind === 'ready' && !x.running && JSON.stringify(x.mapVariables) === '[0,2]' && x.surface?.yVar === 2 ? x : false;
    }, { timeout: 20000 });
    assert.strictEqual(z.mapKind, 'grid');
    await page.waitForTimeout(600);
    await shot('three-variables-xz');
  });

  /** Shows the Rosenbrock panel and scrubs it to about `fraction` of the timeline; returns its state. */
  async function scrubRosenbrock(fraction) {
    await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lab: Rosenbrock' }).first().click();
    await waitForPanel(ROSENBROCK);
    const box = await webview().locator('.ol-timeline').boundingBox();
    await page.mouse.click(box.x + 8 + fraction * (box.width - 16), box.y + box.height / 2);
    return until(`a scrubbed position near ${fraction * 500}`, async () => {
      const x = await panelState();
      return !x.view.playing && Math.abs(x.view.position - fraction * 500) <= 30 ? x : false;
    }, { timeout: 5000 });
  }
  const labTabs = () => page.locator('.tabs-container .tab', { hasText: 'Optimizer Lab' });
  /** After a reload: the workbench is back and the Rosenbrock panel shows (clicking its tab if need be). */
  async function rosenbrockAfterReload() {
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lab: Rosenbrock' }).first().waitFor({ timeout: 60000 });
    if (!/Optimizer Lab: Rosenbrock/.test(await activeTab().textContent())) {
      console.log(`    (after the reload the active tab is "${await activeTab().textContent()}", not Rosenbrock)`);
      await page.locator('.tabs-container .tab', { hasText: 'Optimizer Lab: Rosenbrock' }).first().click();
    }
    return waitForPanel(ROSENBROCK, 90000);
  }
  /** The restored panel is at `before`'s position, paused, and stays there. */
  async function assertRestored(before, after) {
    assert.strictEqual(after.view.position, before.view.position, 'the playback position is restored');
    assert.strictEqual(after.view.playing, false, 'a paused panel comes back paused');
    assert.deepStrictEqual(after.runs.map(r => r.optimizer), DEFAULT_IDS);
    assert.strictEqual(after.slider.value, before.view.position);
    assert.ok(!markersMoved(before, after), 'the markers are where they were');
    await page.waitForTimeout(1500);
    assert.strictEqual((await panelState()).view.position, before.view.position, 'it stays there (does not start playing)');
  }

  let tabsBefore = 0;
  let browserReload;
  await step('"Developer: Reload Window" brings the panels back with expression, playback position and map axes', async () => {
    const before = await scrubRosenbrock(0.37);
    tabsBefore = await labTabs().count();
    assert.strictEqual(tabsBefore, 3, 'three Optimizer Lab panels are open');
    await page.waitForTimeout(1500); // the state is saved throttled
    await focusWorkbench();
    const navigated = page.waitForEvent('framenavigated', { predicate: f => f === page.mainFrame(), timeout: 30000 });
    await runPaletteCommand(page, 'Developer: Reload Window');
    await navigated;
    const after = await rosenbrockAfterReload();
    await assertRestored(before, after);
    assert.strictEqual(await labTabs().count(), tabsBefore, 'every Optimizer Lab tab is restored');
    assert.ok(/Optimizer Lab: Rosenbrock/.test(await activeTab().textContent()), 'the active tab is still Rosenbrock');
    await shot('restored');
    // The 3-variable panel keeps its map over (x, z) and its position at the end.
    await page.locator('.tabs-container .tab', { hasText: /Optimizer Lab: (Quadratic|x\^2)/ }).first().click();
    const three = await waitForPanel(THREE_VAR);
    assert.deepStrictEqual(three.mapVariables, [0, 2], 'the map variables are restored');
    assert.strictEqual(three.surface?.yVar, 2);
    assert.strictEqual(three.view.position, three.end, 'the 3-D panel is back at the end');
  });

  await step('browser reload (page.reload): the panels come back with their expression', async () => {
    const before = await scrubRosenbrock(0.63);
    await page.waitForTimeout(1500); // the state is saved throttled
    await page.reload();
    const after = await rosenbrockAfterReload();
    await shot('restored-browser-reload');
    assert.strictEqual(await labTabs().count(), tabsBefore || 3, 'every Optimizer Lab tab is restored');
    browserReload = { before, after };
  });

  await step('browser reload (page.reload): the playback position is restored', async () => {
    assert.ok(browserReload, 'the panel came back after the browser reload');
    await assertRestored(browserReload.before, browserReload.after);
  });

  /** Hovers `target` until a hover containing `text` shows (hovers are flaky right after opening a file). */
  async function hoverUntil(target, text) {
    await target.waitFor({ timeout: 20000 });
    for (let attempt = 1; ; attempt++) {
      // The editor re-renders its lines once tokenization arrives, so the span may be replaced.
      const box = await until('the hover target to be laid out', () => target.boundingBox(), { timeout: 10000 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      try {
        await page.locator('.monaco-hover', { hasText: text }).first().waitFor({ timeout: 4000 });
        return page.locator('.monaco-hover', { hasText: text }).first();
      } catch (e) {
        await page.mouse.move(5, 500);
        if (attempt >= 5) throw e;
      }
    }
  }

  await step('hovering the Rosenbrock formula in Markdown shows its gradient as rendered math', async () => {
    await explorerRow('notes.md').click();
    const hover = await hoverUntil(page.locator('.monaco-editor .view-line span', { hasText: '100*(y' }).first(), '∂f/∂x');
    const text = await hover.textContent();
    assert.match(text, /∂f\/∂x = /);
    assert.match(text, /∂f\/∂y = /);
    assert.ok(await hover.locator('img[src^="data:image/svg+xml"]').count() >= 3, 'f and both partials rendered as SVG images');
    await page.waitForTimeout(500);
    await shot('hover');
    await page.mouse.move(5, 500);
  });

  await step('hovering `loss = …` in Python shows its gradient; ordinary code shows none', async () => {
    await explorerRow('model.py').click();
    await until('model.py to be the active editor', async () => /model\.py/.test(await activeTab().textContent()), { timeout: 10000 });
    const line = page.locator('.monaco-editor .view-line', { hasText: 'loss = (1 - x)' }).first();
    const hover = await hoverUntil(line.locator('span span', { hasText: '100' }).first(), '∂f/∂x');
    const text = await hover.textContent();
    assert.match(text, /∂f\/∂x = /);
    assert.match(text, /∂f\/∂y = /);
    assert.ok(await hover.locator('img[src^="data:image/svg+xml"]').count() >= 3, 'f and both partials rendered as SVG images');
    await page.waitForTimeout(500);
    await shot('hover-python');
    await page.mouse.move(5, 500);
    await page.locator('.monaco-hover', { hasText: '∂f/∂x' }).first().waitFor({ state: 'hidden', timeout: 5000 });
    // `result = compute(values)` is ordinary code: no gradient hover.
    const code = page.locator('.monaco-editor .view-line', { hasText: 'result = compute' }).locator('span span', { hasText: 'compute' }).first();
    const box = await until('`compute` to be laid out', () => code.boundingBox(), { timeout: 10000 });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(2500);
    assert.strictEqual(await page.locator('.monaco-hover:visible', { hasText: '∂f/∂' }).count(), 0, 'no gradient hover on ordinary code');
    await page.mouse.move(5, 500);
  });

  await step('hovering TeX in Markdown ($\\frac{1}{2} x^2 + 3x$) shows the gradient as rendered math, with copy links', async () => {
    await explorerRow('tex.md').click();
    await until('tex.md to be the active editor', async () => /tex\.md/.test(await activeTab().textContent()), { timeout: 10000 });
    const line = page.locator('.monaco-editor .view-line', { hasText: 'For the quadratic' }).first();
    const hover = await hoverUntil(line.locator('span span', { hasText: 'frac' }).first(), '∂f/∂x');
    const text = await hover.textContent();
    assert.match(text, /∂f\/∂x = /);
    assert.match(text, /Copy as/);
    assert.match(text, /Python \(NumPy\)/);
    assert.ok(await hover.locator('img[src^="data:image/svg+xml"]').count() >= 2, 'f and the partial rendered as SVG images');
    await page.waitForTimeout(500);
    await shot('hover-tex');
    await page.mouse.move(5, 500);
  });

  await step('the Gradient view in the Explorer follows the cursor onto a formula', async () => {
    const header = page.locator('.pane-header', { hasText: 'Gradient' }).first();
    await header.waitFor({ timeout: 10000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // Put the cursor inside the display formula σ(t) = 1/(1 + e^{-t}).
    const target = page.locator('.monaco-editor .view-line', { hasText: 'sigma(t)' }).locator('span span', { hasText: 'frac' }).first();
    const box = await until('the formula to be laid out', () => target.boundingBox(), { timeout: 10000 });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const rows = page.locator('.pane-body .monaco-list-row', { hasText: '∂f/∂t' });
    await rows.first().waitFor({ timeout: 30000 });
    const all = await page.locator('.pane-body .monaco-list-row').allTextContents();
    assert.ok(all.some(t => /= 1 \/ \(1 \+ e/.test(t) || /\(t\) =/.test(t)), `f row: ${all.join(' | ')}`);
    await page.mouse.move(5, 500);
    await page.waitForTimeout(500);
    await shot('gradient-view');
  });

  const stepsDir = path.join(path.dirname(new URL(import.meta.url).pathname), 'steps');
  const ctx = {
    page, vsc, mode, workspace, outDir, step, until, shot, sleep, webview, inPanel, panelState, waitForPanel,
    focusPanel, focusWorkbench, resetPanelScroll, runPaletteCommand: title => runPaletteCommand(page, title),
    optimizeTyped, explorerRow, activeTab,
  };
  for (const file of fs.existsSync(stepsDir) ? fs.readdirSync(stepsDir).filter(f => f.endsWith('.mjs')).sort() : []) {
    const mod = await import(path.join(stepsDir, file));
    await mod.default(ctx);
  }
} catch (e) {
  // A required step failed (already reported, with its screenshot), or the setup itself did.
  if (!results.some(r => !r[1])) { results.push(['setup', false]); console.log(`  ✖ setup\n    ${String(e?.stack ?? e)}`); }
} finally {
  await vsc?.stop();
}
const passed = results.filter(r => r[1]).length;
const failed = results.length - passed;
console.log(`screenshots: ${shots.join(', ') || 'none'}`);
console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
