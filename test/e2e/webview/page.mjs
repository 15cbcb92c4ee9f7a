// Test harness: serves the webview bundle on a page that is the same shell as the CLI report
// (CSP meta, stylesheet link, #app, one script) plus, for "hosted" pages, a fake acquireVsCodeApi
// that records posted messages in window.__posted. Host messages are sent with window.postMessage,
// exactly how VS Code delivers them. Also launches Debian's headless Chromium via playwright-core.
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'test-output', 'webview');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The document every test page uses. `hosted`: inject the fake VS Code API; `model`: embed it (report mode). */
export function shellHtml({ nonce, hosted, model, bodyClass = '', rootStyle = '', state, noWorker = false }) {
  const csp = [
    "default-src 'none'",
    "img-src data: blob:",
    "font-src data:",
    "style-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // the contour Web Worker is started from a Blob URL (the host's CSP has the same directive)
    ...(noWorker ? [] : ['worker-src blob:']),
  ].join('; ');
  const fake = hosted
    ? `<script nonce="${nonce}">
  window.__posted = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  let __state = ${JSON.stringify(state ?? null)};
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: m => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => __state,
      setState: s => { __state = JSON.parse(JSON.stringify(s)); window.__savedState = __state; },
    };
  };
</script>`
    : `<script nonce="${nonce}">
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
</script>`;
  const embedded = model ? `<script type="application/json" id="optimizer-lab-model">${JSON.stringify(model).replace(/</g, '\\u003c')}</script>` : '';
  return `<!DOCTYPE html>
<html lang="en"${rootStyle ? ` style="${rootStyle}"` : ''}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/webview.css">
<title>Optimizer Lab</title>
</head>
<body class="${bodyClass}">
${fake}
<div id="app"></div>
${embedded}
<script src="/webview.js"></script>
</body>
</html>`;
}

/** Serves one page description per path: register with `server.page(spec)` → url. */
export async function startServer() {
  const pages = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/webview.js' || url.pathname === '/webview.css') {
      const file = path.join(DIST, url.pathname.slice(1));
      res.writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    const spec = pages.get(url.pathname);
    if (!spec) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(shellHtml(spec));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  let n = 0;
  return {
    page(spec) {
      const p = `/page-${++n}.html`;
      pages.set(p, { nonce: crypto.randomBytes(12).toString('base64'), ...spec });
      return `http://127.0.0.1:${port}${p}`;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** Headless Debian Chromium in a throwaway profile (deleted by `close`). */
/**
 * Mocha fixture for a test file: one page server and one browser, started before its tests and
 * closed after them. Returns the object whose `browser` and `server` are set once started.
 */
export function useBrowser() {
  const env = { browser: undefined, server: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (run scripts/setup-test-tools.sh)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-webview-'));
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache'), HOME: tmp },
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', e => page.errors.push(String(e)));
      page.on('console', m => {
        if (m.type() === 'error') page.errors.push(`console: ${m.text()}`);
      });
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Sends a host message the way VS Code does (a window 'message' event). */
export async function send(page, msg) {
  await page.evaluate(m => window.postMessage(m, '*'), msg);
}

export async function posted(page, type) {
  const all = await page.evaluate(() => window.__posted ?? []);
  return type ? all.filter(m => m.type === type) : all;
}

export async function clearPosted(page) {
  await page.evaluate(() => {
    window.__posted.length = 0;
  });
}

export async function debug(page) {
  return page.evaluate(() => window.__optimizerLab?.debug());
}

/** Waits until the panel shows a model, its map has a viewport and no contour is still computing. */
export async function ready(page) {
  await page.waitForFunction(() => window.__optimizerLab?.state().kind === 'ready' && !!window.__optimizerLab.debug()?.viewport && !window.__optimizerLab.debug().contourPending, null, { timeout: 15000 });
}

/** Sends a `surface` message and waits until its contour is computed (in the worker) and drawn. */
export async function sendSurface(page, surface) {
  const before = (await debug(page)).surfaceSeq;
  await send(page, { type: 'surface', surface });
  await page.waitForFunction(b => { const d = window.__optimizerLab.debug(); return d.surfaceSeq > b && !d.contourPending; }, before, { timeout: 15000 });
  await frames(page, 1);
}

/** Waits for two animation frames (rendering settled). */
export async function frames(page, n = 2) {
  await page.evaluate(n => new Promise(r => { let k = 0; const f = () => (++k >= n ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }), n);
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Pixels of canvas `index` among `.ol-map canvas` (0 background, 1 trail, 2 markers) at CSS (x, y). */
export async function pixel(page, layer, x, y) {
  return page.evaluate(
    ({ layer, x, y }) => {
      const c = document.querySelectorAll('.ol-map canvas')[layer];
      const r = c.width / c.clientWidth;
      const d = c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data;
      return [d[0], d[1], d[2], d[3]];
    },
    { layer, x, y },
  );
}

export const hex = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
export const near = (a, b, tol = 40) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) <= tol;

/** The real contract validator (src/core/protocol.ts), bundled on the fly. */
export async function loadProtocol() {
  const out = await esbuild.build({ entryPoints: [path.join(ROOT, 'src/core/protocol.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent' });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Opens a hosted test page, shows `model` with `view` and waits until it is drawn. */
export async function openPanel(browser, server, model, { view, bodyClass = 'vscode-light', state, viewport } = {}) {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(server.page({ hosted: true, bodyClass, state }));
  await send(page, { type: 'show', model, ...(view === null ? {} : { view: view ?? { position: 0, playing: false, speed: 5, lossScale: 'log', smoothing: 0 } }) });
  await ready(page);
  await frames(page, 2);
  return page;
}

/** CSS pixel of data point (x, y) on the map, from the panel's own viewport. */
export function toPx(vp, x, y) {
  return { x: vp.left + ((x - vp.x[0]) / (vp.x[1] - vp.x[0])) * vp.width, y: vp.top + vp.height - ((y - vp.y[0]) / (vp.y[1] - vp.y[0])) * vp.height };
}

/** Page coordinates of a map CSS pixel (for mouse events). */
export async function mapPoint(page, p) {
  const box = await page.locator('.ol-map canvas').nth(2).boundingBox();
  return { x: box.x + p.x, y: box.y + p.y };
}

/** Waits until the page has posted at least `n` messages of `type` (a state, not a time), and returns them. */
export async function waitPosted(page, type, n = 1, timeout = 10_000) {
  await page.waitForFunction(([t, k]) => (window.__posted ?? []).filter(m => m.type === t).length >= k, [type, n], { timeout });
  return posted(page, type);
}

/** Posts the controls' pending edits at once (what the debounce would post later), then returns what was posted. */
export async function flushEdits(page, type) {
  await page.evaluate(() => window.__optimizerLab.flushEdits());
  return posted(page, type);
}

/** The pixel within `radius` CSS px of (x, y) closest to `colour` (anti-aliasing tolerant). */
export async function pixelNear(page, layer, x, y, colour, radius = 2) {
  return page.evaluate(
    ({ layer, x, y, colour, radius }) => {
      const c = document.querySelectorAll('.ol-map canvas')[layer];
      const r = c.width / c.clientWidth;
      const s = Math.ceil(radius * r);
      const cx = Math.round(x * r);
      const cy = Math.round(y * r);
      const d = c.getContext('2d').getImageData(cx - s, cy - s, 2 * s + 1, 2 * s + 1).data;
      let best = null;
      let bestD = Infinity;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] < 128) continue;
        const dist = Math.abs(d[i] - colour[0]) + Math.abs(d[i + 1] - colour[1]) + Math.abs(d[i + 2] - colour[2]);
        if (dist < bestD) { bestD = dist; best = [d[i], d[i + 1], d[i + 2], d[i + 3]]; }
      }
      return best ?? [0, 0, 0, 0];
    },
    { layer, x, y, colour, radius },
  );
}
