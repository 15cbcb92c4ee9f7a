// End of the run → first frame, the way VS Code delivers a host message to a webview:
//  - host (here, Node): what the extension does with the finished model before `postMessage`
//    (`prepare`), then VS Code's own serialisation: JSON.stringify with every ArrayBuffer /
//    typed array taken out and replaced by a reference (what the extension host does for
//    `webview.postMessage` since VS Code 1.57);
//  - page (headless Chromium): JSON.parse with the typed arrays rebuilt from the buffers (what
//    the workbench does), one structured clone into the page (window.postMessage), then the panel
//    validates, builds and draws; timed until the first animation frame after the panel is ready
//    with its map laid out ("first frame"), until every chart is filled ("charts": the panel fills
//    them once the first frame has painted, see src/webview/charts.ts), until the run cards' rules
//    are typeset ("math": after the first frame too, src/webview/math.ts), and until the contour
//    field is drawn too ("contours").
// Moving the bytes between processes is not timed (the payload is handed to the page beforehand);
// its size is printed next to the times.
// `coldHost` times the host's part once in a fresh Node process: the first thinning in a process
// also pays for V8 compiling the code it runs (`node firstFrame.mjs --cold-host '{"steps":…}'`).

import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { benchModel } from './fixtures.mjs';

// (not page.mjs's ROOT: the cold host's process should not load the browser driver)
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const REF = '$$vscode_array_buffer_reference$$';

/** The host's own code for what it posts (src/core/protocol.ts toWire, src/core/records.ts thinPanelModel), bundled on the fly. */
export async function loadHostCode() {
  const out = await esbuild.build({
    stdin: { contents: "export { toWire } from './src/core/protocol'; export { thinPanelModel } from './src/core/records';", resolveDir: ROOT, loader: 'ts' },
    bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** VS Code's extension-host side of `webview.postMessage`: JSON text + the buffers it references. */
export function vscodeSerialize(message) {
  const buffers = [];
  const json = JSON.stringify(message, (_key, value) => {
    if (value instanceof ArrayBuffer) {
      buffers.push(new Uint8Array(value));
      return { [REF]: buffers.length - 1 };
    }
    if (ArrayBuffer.isView(value)) {
      buffers.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return { [REF]: buffers.length - 1, type: value.constructor.name, length: value.length };
    }
    return value;
  });
  return { json, buffers };
}

const bytesOf = s => Buffer.byteLength(s, 'utf8');

/**
 * Times one message from "the run has ended" to the first frame in a fresh page.
 * `prepare(model)` → the host message the extension posts (its cost is part of the host time).
 * `profile`: a file to write the page's CPU profile (Chrome DevTools format) of the last repeat to.
 */
export async function firstFrame(browser, server, model, prepare, { repeat = 3, profile } = {}) {
  const results = [];
  for (let i = 0; i < repeat; i++) {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.page({ hosted: true, bodyClass: 'vscode-dark' }));
    const t0 = process.hrtime.bigint();
    const message = prepare(model);
    const { json, buffers } = vscodeSerialize(message);
    const hostMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const wireBytes = bytesOf(json) + buffers.reduce((a, b) => a + b.byteLength, 0);
    await page.evaluate(
      ({ json, buffers }) => {
        const bin = buffers.map(b64 => {
          const s = atob(b64);
          const u = new Uint8Array(s.length);
          for (let k = 0; k < s.length; k++) u[k] = s.charCodeAt(k);
          return u.buffer;
        });
        window.__payload = { json, bin };
      },
      { json, buffers: buffers.map(b => Buffer.from(b).toString('base64')) },
    );
    const cdp = profile ? await browser.context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const page_ = await page.evaluate(
      REF =>
        new Promise(resolve => {
          const t0 = performance.now();
          const { json, bin } = window.__payload;
          const ctor = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint8Array, Uint16Array, Int16Array, Int8Array };
          const msg = JSON.parse(json, (_k, v) => {
            if (v && typeof v === 'object' && REF in v) {
              const buf = bin[v[REF]];
              return v.type ? new ctor[v.type](buf.slice(0), 0, v.length) : buf.slice(0);
            }
            return v;
          });
          const parsed = performance.now() - t0;
          window.postMessage(msg, '*');
          let frame;
          let charts;
          let math;
          // The first frame is read from the DOM (the map's canvas has its size once its viewport is
          // laid out), not from the panel's debug() hook: that hook fills the charts waiting to be
          // filled (for tests), which a real panel only does once the frame has painted.
          const mapDrawn = () => (document.querySelector('.ol-map canvas')?.width ?? 0) > 0;
          const chartsFilled = () => performance.getEntriesByName('optimizer-lab:charts-filled').some(m => m.startTime >= t0);
          // the run cards' rules are typeset after the first frame (src/webview/math.ts); a build that
          // typesets them before it has no placeholders left
          const mathDone = () => !document.querySelector('.ol-math-pending');
          const check = () => {
            const s = window.__optimizerLab?.state();
            const now = performance.now() - t0;
            if (s?.kind === 'error') return resolve({ parsed, frame: NaN, charts: NaN, math: NaN, contours: NaN, error: s.message });
            if (frame === undefined && s?.kind === 'ready' && mapDrawn()) frame = now;
            if (frame !== undefined && math === undefined && mathDone()) math = now;
            // a build without deferred charts sets no mark: its charts were filled before the first frame
            if (frame !== undefined && charts === undefined && (chartsFilled() || now - frame > 10_000)) charts = chartsFilled() ? now : frame;
            // (the debug() hook typesets and fills whatever still waits, so it is read only after both)
            if (charts !== undefined && math !== undefined && !window.__optimizerLab.debug().contourPending) return resolve({ parsed, frame, charts, math, contours: now });
            requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      REF,
    );
    if (cdp) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      (await import('node:fs')).writeFileSync(profile, JSON.stringify(cpu));
      await cdp.detach();
    }
    if (page_.error) throw new Error(`first frame: the panel showed an error: ${page_.error}`);
    if (page.errors.length) throw new Error(`first frame: page errors: ${page.errors.join('; ')}`);
    results.push({ hostMs, wireBytes, ...page_ });
    await page.close();
  }
  // median of the repeats, by total time to the first frame
  results.sort((a, b) => a.hostMs + a.frame - (b.hostMs + b.frame));
  return results[Math.floor(results.length / 2)];
}

const views = { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 };

/**
 * The host's part (thinPanelModel → toWire → VS Code's serialisation) of benchModel(options), once,
 * in a fresh Node process: the cold host of a panel's first show. Wall and CPU milliseconds.
 */
export function coldHost(options) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-host', JSON.stringify(options)], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold host: ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

if (process.argv[2] === '--cold-host') {
  const host = await loadHostCode();
  const model = benchModel(JSON.parse(process.argv[3]));
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const c0 = cpu();
  const t0 = process.hrtime.bigint();
  const { json, buffers } = vscodeSerialize(host.toWire({ type: 'show', model: host.thinPanelModel(model), view: views }));
  const hostMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(JSON.stringify({ hostMs, hostCpuMs: cpu() - c0, wireBytes: bytesOf(json) + buffers.reduce((a, b) => a + b.byteLength, 0) }));
}
