// Benchmark in headless Chromium: playback frame times with 10 runs × 10,000 recorded steps, and
// the contour field (400 × 400): main-thread time (what can block a frame: sampling, building the
// path, drawing) separately from the total latency (surface arrival → drawn, the field and
// isolines computed in the Web Worker meanwhile), and the same with the worker disabled by the CSP
// (the synchronous fallback). Run after `node scripts/build.mjs`:
//   node test/e2e/webview/bench.mjs [--seconds 3]
// Headless Chromium renders canvases in software (no GPU): a real VS Code window is faster.
import { benchModel, grid, rosenbrock } from './fixtures.mjs';
import { debug, frames, launch, ROOT, send, sendSurface, ready, startServer } from './page.mjs';
import { coldHost, firstFrame, loadHostCode } from './firstFrame.mjs';

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
  // --- end of the run → first frame, and the report's size (see firstFrame.mjs)
  const MB = b => `${(b / 1048576).toFixed(2)} MB`;
  console.log('End of the run → first frame (host + VS Code serialisation + page; the panel\'s 160×160 field; median of 3)');
  console.log('  runs × steps (records)        message                          host ms   wire size   page: parse  first frame   charts  contours   total to first frame');
  const host = await loadHostCode();
  const views = { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 };
  for (const [steps, records] of [[10_000, 10_000], [100_000, 10_000]]) {
    const model = benchModel({ steps, records, gridSize: 160 });
    const variants = [
      ['plain JSON, every record (before)', m => ({ type: 'show', model: m, view: views })],
      ['thinned, Float64Arrays (now)', m => host.toWire({ type: 'show', model: host.thinPanelModel(m), view: views })],
    ];
    let page;
    for (const [label, prepare] of variants) {
      const r = await firstFrame(browser, server, model, prepare);
      page = r;
      const total = r.hostMs + r.frame;
      console.log(`  10 × ${String(steps).padStart(7)} (${records})   ${label.padEnd(32)} ${f(r.hostMs)}  ${MB(r.wireBytes).padStart(10)}   ${f(r.parsed)}     ${f(r.frame)}   ${f(r.charts)}  ${f(r.contours)}   ${f(total)}`);
    }
    // the same host part, the first time in a fresh Node process (median of 3), with the page's times above
    const colds = [0, 1, 2].map(() => coldHost({ steps, records, gridSize: 160 })).sort((a, b) => a.hostMs - b.hostMs);
    const cold = colds[1];
    console.log(`  10 × ${String(steps).padStart(7)} (${records})   ${'thinned, cold host (new process)'.padEnd(32)} ${f(cold.hostMs)}  ${MB(cold.wireBytes).padStart(10)}   ${f(page.parsed)}     ${f(page.frame)}   ${f(page.charts)}  ${f(page.contours)}   ${f(cold.hostMs + page.frame)}   (host CPU ${cold.hostCpuMs.toFixed(0)} ms)`);
  }
  // the standalone report for 11 optimizers × 10,000 steps (before: 10.3 MB, every record as decimal JSON)
  {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-report-')), 'report.html');
    const optimizers = 'sgd,momentum,nesterov,adagrad,rmsprop,adadelta,adam,amsgrad,adamax,nadam,adamw';
    execFileSync(process.execPath, ['dist/cli.js', 'run', 'rosenbrock', '--optimizer', optimizers, '--tuned-lr', '--steps', '10000', '--report', file], { cwd: ROOT, stdio: 'ignore' });
    console.log(`\nReport, 11 optimizers × 10,000 steps: ${MB(fs.statSync(file).size)} (before: 10.31 MB, every record as decimal JSON; goal < 3 MB)`);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  if (process.argv.includes('--first-frame')) {
    await browser.close();
    await server.close();
    process.exit(0);
  }

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

  // --- contour: a fresh 400×400 surface message, 11 times (first is warm-up)
  const measureContours = async p => {
    const out = [];
    for (let i = 0; i < 11; i++) {
      const s = grid(rosenbrock, [-0.8 - i * 0.01, 2.8], [-0.6, 2.6], 400, 400);
      await sendSurface(p, s);
      const t = await p.evaluate(() => window.__optimizerLabTimings.contour.filter(c => c.fresh).at(-1));
      if (i > 0) out.push(t);
    }
    return out;
  };
  const contour = await measureContours(page);
  // the same without a worker: a page whose CSP has no worker-src (the synchronous fallback)
  const syncPage = await browser.newPage();
  await syncPage.setViewportSize({ width: 1280, height: 900 });
  await syncPage.goto(server.page({ hosted: true, bodyClass: 'vscode-dark', noWorker: true }));
  await send(syncPage, { type: 'show', model: benchModel({ runs: 1, steps: 10 }), view: { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 } });
  await ready(syncPage);
  const syncMode = (await debug(syncPage)).contourMode;
  const contourSync = await measureContours(syncPage);
  await syncPage.close();

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

  console.log('\nContour field 400×400 (subsampled to ≤161² for geometry; median and max of 10 new surfaces)');
  console.log('  mode    levels  main thread ms (max)   of which draw   compute ms (d3-contour)   total latency ms (max)');
  for (const [label, list] of [[contour[0].mode, contour], [`${syncMode}`, contourSync]]) {
    const m = stats(list.map(t => t.mainMs));
    const dr = stats(list.map(t => t.drawMs));
    const c = stats(list.map(t => t.computeMs));
    const g = stats(list.map(t => t.geometryMs));
    const tot = stats(list.map(t => t.totalMs));
    console.log(`  ${label.padEnd(6)}  ${String(list[0].levels).padStart(6)}  ${f(m.p50)} (${f(m.max)})      ${f(dr.p50)}        ${f(c.p50)} (${f(g.p50)})          ${f(tot.p50)} (${f(tot.max)})`);
  }
  console.log('  (worker: compute runs in the worker, so the main thread only samples, builds the path and draws;');
  console.log('   sync: the CSP forbids blob: workers, everything runs on the main thread)');
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
