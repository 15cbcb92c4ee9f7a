// Benchmark in headless Chromium: playback frame times with 10 runs × 10,000 recorded steps, and
// the contour field (400 × 400) compute + draw time. Run after `node scripts/build.mjs`:
//   node test/e2e/webview/bench.mjs [--seconds 3]
// Headless Chromium renders canvases in software (no GPU): a real VS Code window is faster.
import { benchModel, grid, rosenbrock } from './fixtures.mjs';
import { debug, frames, launch, send, ready, startServer } from './page.mjs';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;
const stats = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  const q = p => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { n: s.length, mean, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? 0 };
};
const f = v => v.toFixed(2).padStart(7);

const server = await startServer();
const browser = await launch();
const rows = [];
try {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.page({ hosted: true, bodyClass: 'vscode-dark' }));
  const t0 = Date.now();
  const model = benchModel();
  await send(page, { type: 'show', model, view: { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 } });
  await ready(page);
  await frames(page, 3);
  const firstShowMs = Date.now() - t0;
  const d = await debug(page);
  const showMs = await page.evaluate(() => window.__optimizerLabTimings.showMs);
  console.log(`model: ${model.runs.length} runs × ${model.runs[0].steps.length - 1} steps, field ${model.surface.nx}×${model.surface.ny}; map ${Math.round(d.viewport.width)}×${Math.round(d.viewport.height)} px; first show: ${showMs.toFixed(0)} ms in the page (charts, contours, DOM), ${firstShowMs} ms including the test's message transfer`);

  // --- contour: a fresh 400×400 surface message, 7 times (first is warm-up)
  const contour = [];
  for (let i = 0; i < 7; i++) {
    const s = grid(rosenbrock, [-0.8 - i * 0.01, 2.8], [-0.6, 2.6], 400, 400);
    await send(page, { type: 'surface', surface: s });
    await frames(page, 2);
    const t = await page.evaluate(() => window.__optimizerLabTimings.contour.at(-1));
    if (i > 0) contour.push(t);
  }
  const cc = stats(contour.map(t => t.computeMs));
  const cd = stats(contour.map(t => t.drawMs));
  const ct = stats(contour.map(t => t.computeMs + t.drawMs));

  // --- re-projection on zoom (no new surface): wheel events, measure frame work
  // --- playback at several speeds
  for (const speed of [1, 10, 100, 500]) {
    await page.keyboard.press('Home');
    await page.evaluate(s => {
      window.__optimizerLabTimings.frames = [];
      window.__rafDeltas = [];
      let last = performance.now();
      const tick = now => {
        window.__rafDeltas.push(now - last);
        last = now;
        if (window.__rafOn) requestAnimationFrame(tick);
      };
      window.__rafOn = true;
      requestAnimationFrame(tick);
    }, speed);
    // set speed through the slider mapping: value = log(speed)/log(500)·1000
    await page.locator('.ol-speed').fill(String(Math.round((Math.log(speed) / Math.log(500)) * 1000)));
    await page.keyboard.press('Space');
    await new Promise(r => setTimeout(r, seconds * 1000));
    const res = await page.evaluate(() => {
      window.__rafOn = false;
      return { deltas: window.__rafDeltas.slice(2), work: window.__optimizerLabTimings.frames.slice(), position: window.__optimizerLab.debug().view.position, playing: window.__optimizerLab.debug().view.playing, speed: window.__optimizerLab.debug().view.speed };
    });
    if (res.playing) await page.keyboard.press('Space');
    const dt = stats(res.deltas);
    const work = stats(res.work);
    rows.push({ speed: res.speed, frames: dt.n, mean: dt.mean, p95: dt.p95, max: dt.max, dropped: res.deltas.filter(x => x > 20).length, work: work.mean, workP95: work.p95, position: res.position });
  }

  // --- rewind cost: redraw all prefixes (10 × 10,000 points) from scratch
  await page.keyboard.press('End');
  await frames(page, 2);
  const rewind = [];
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => (window.__optimizerLabTimings.frames = []));
    await page.locator('.ol-timeline').fill(String(9000 - i * 1000));
    await page.locator('.ol-timeline').fill('10000');
    rewind.push(...(await page.evaluate(() => window.__optimizerLabTimings.frames.slice())));
  }
  const rw = stats(rewind);

  console.log('\nContour field 400×400 (subsampled to ≤161² for geometry; median of 6)');
  const cg = stats(contour.map(t => t.geometryMs));
  console.log('  levels  compute ms (d3-contour part)   draw ms   total ms   (max total)');
  console.log(`  ${String(contour[0].levels).padStart(6)}  ${f(cc.p50)} (${f(cg.p50)})           ${f(cd.p50)}    ${f(ct.p50)}    (${ct.max.toFixed(1)})`);
  console.log(`\nPlayback, ${model.runs.length} runs × 10,000 steps, ${seconds} s each (rAF deltas measured in the page; "work" = the panel's JS per frame)`);
  console.log('  steps/frame  frames  mean ms   p95 ms   max ms  >20ms  work mean  work p95  reached step');
  for (const r of rows)
    console.log(`  ${String(r.speed).padStart(11)}  ${String(r.frames).padStart(6)}  ${f(r.mean)}  ${f(r.p95)}  ${f(r.max)}  ${String(r.dropped).padStart(5)}  ${f(r.work)}   ${f(r.workP95)}  ${String(r.position).padStart(12)}`);
  console.log(`\nFull trail redraw after a scrub backwards (10 × ≤10,000 points): mean ${rw.mean.toFixed(2)} ms, max ${rw.max.toFixed(2)} ms (${rw.n} frames)`);
  console.log(`page errors: ${page.errors.length ? page.errors.join('; ') : 'none'}`);
} finally {
  await browser.close();
  await server.close();
}
