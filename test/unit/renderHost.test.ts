import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { equationUri } from '../../src/extension/mathRenderer';
import { mathRendererLoader, MAX_STARTS, RenderWorker } from '../../src/extension/renderHost';
import * as texSvg from '../../src/extension/texSvg';

const root = path.join(__dirname, '..', '..', '..');

/** A stand-in worker running `body` (with `port` = parentPort), counting how many were started. */
function standIns(body: string): { start: () => Worker; started: () => number } {
  let n = 0;
  return {
    start: () => {
      n++;
      return new Worker(`const port = require('worker_threads').parentPort; ${body}`, { eval: true });
    },
    started: () => n,
  };
}
/** The SVG inside a data: URI, with MathJax's per-conversion glyph id numbers (MJX-<n>-…) taken out. */
const svgOf = (uri: string | null): string | null => (uri === null ? null : Buffer.from(uri.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8').replace(/MJX-\d+-/g, 'MJX-'));
const ECHO = `port.postMessage({ ready: true }); port.on('message', m => port.postMessage({ id: m.id, uri: m.lhs + '=' + m.rhs }));`;

describe('the hover\'s render worker (renderHost.ts)', function () {
  this.timeout(30_000);

  it('typesets in dist/hover-render-worker.js exactly what MathJax gives in this thread, for concurrent requests, and null for invalid TeX', async () => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'hover-render-worker.js')), 'npm run build first');
    const fallbacks: string[] = [];
    const loads: string[] = [];
    const renderer = await mathRendererLoader({ extensionPath: root }, () => { throw new Error('no fallback expected'); }, { onFallback: w => fallbacks.push(w), onLoad: (file, cache) => loads.push(`${file} ${cache}`) })();
    try {
      assert.ok(renderer instanceof RenderWorker);
      const lines: [string, string][] = [['f', '{x}^{2}+3 {y}^{2}'], ['\\frac{\\partial f}{\\partial x}', '2 x'], ['\\frac{\\partial f}{\\partial y}', '6 y'], ['f', '\\sqrt{x}'], ['f', '\\frac{1}{']];
      const got = await Promise.all(lines.map(([l, r]) => renderer.equation(l, r, '#d4d4d4')));
      assert.deepStrictEqual(got.map(svgOf), lines.map(([l, r]) => svgOf(equationUri(texSvg, l, r, '#d4d4d4'))));
      assert.match(got[0] ?? '', /^data:image\/svg\+xml;base64,/);
      assert.strictEqual(got[4], null, 'invalid TeX');
      assert.deepStrictEqual(fallbacks, []);
      assert.deepStrictEqual(loads, ['hover-render.js none'], 'the worker\'s bundle load is told (no storage: no code cache)');
    } finally {
      renderer.dispose();
    }
  });

  it('starts one worker for any number of callers, and answers each request with its own reply', async () => {
    const w = standIns(ECHO);
    const r = new RenderWorker(w.start);
    try {
      await Promise.all([r.ready(), r.ready()]);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => r.equation('f', `x^${i}`, '#000')));
      assert.deepStrictEqual(replies, Array.from({ length: 20 }, (_, i) => `f=x^${i}`));
      assert.strictEqual(w.started(), 1);
    } finally {
      r.dispose();
    }
  });

  it('rejects with the worker\'s reason when MathJax cannot load there, and the loader falls back to this thread', async () => {
    const w = standIns(`port.postMessage({ failed: 'hover-render.js is missing' });`);
    const r = new RenderWorker(w.start);
    await assert.rejects(r.ready(), /hover-render\.js is missing/);
    await assert.rejects(r.equation('f', 'x', '#000'), /hover-render\.js is missing/);
    assert.strictEqual(w.started(), 1, 'a failed start is not retried');

    // an extension folder without the worker bundle: MathJax runs in this thread, and the reason is told
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-render-'));
    try {
      const why: string[] = [];
      const fallback = await mathRendererLoader({ extensionPath: empty }, file => { assert.strictEqual(file, 'hover-render.js'); return texSvg; }, { onFallback: m => why.push(m) })();
      assert.strictEqual(svgOf(await fallback.equation('f', '{x}^{2}', '#000000')), svgOf(equationUri(texSvg, 'f', '{x}^{2}', '#000000')));
      assert.strictEqual(why.length, 1);
      assert.match(why[0], /hover-render-worker\.js|Cannot find module|exit code/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('fails the requests of a worker that stopped, starts a new one for the next request, and gives up after MAX_STARTS', async () => {
    // each worker answers one request, then stops while holding the second
    const w = standIns(`port.postMessage({ ready: true }); let n = 0; port.on('message', m => { if (n++ === 0) port.postMessage({ id: m.id, uri: 'ok' }); else process.exit(3); });`);
    const r = new RenderWorker(w.start);
    try {
      for (let k = 1; k <= MAX_STARTS; k++) {
        assert.strictEqual(await r.equation('f', 'a', '#000'), 'ok');
        await assert.rejects(r.equation('f', 'b', '#000'), /exit code 3/);
        assert.strictEqual(w.started(), k);
      }
      await assert.rejects(r.equation('f', 'c', '#000'), new RegExp(`stopped ${MAX_STARTS} times`));
      assert.strictEqual(w.started(), MAX_STARTS);
    } finally {
      r.dispose();
    }
  });

  it('fails a request with no answer in time, stops that worker, and the next request gets a new one', async () => {
    const w = standIns(`port.postMessage({ ready: true }); port.on('message', m => { if (m.rhs !== 'hang') port.postMessage({ id: m.id, uri: m.rhs }); });`);
    const r = new RenderWorker(w.start, { replyTimeoutMs: 200 });
    try {
      await assert.rejects(r.equation('f', 'hang', '#000'), /no answer in 200 ms/);
      assert.strictEqual(await r.equation('f', 'fine', '#000'), 'fine');
      assert.strictEqual(w.started(), 2);
    } finally {
      r.dispose();
    }
  });

  it('stops a worker that does not load MathJax in time, and rejects (the loader then uses this thread)', async () => {
    const w = standIns(`setInterval(() => undefined, 1000);`); // alive, never ready
    const r = new RenderWorker(w.start, { readyTimeoutMs: 200 });
    await assert.rejects(r.ready(), /did not load MathJax in 200 ms/);
    await assert.rejects(r.equation('f', 'x', '#000'), /did not load MathJax/);
    assert.strictEqual(w.started(), 1);
  });

  it('after dispose, rejects new requests and those in flight', async () => {
    const w = standIns(`port.postMessage({ ready: true }); port.on('message', () => undefined);`);
    const r = new RenderWorker(w.start);
    const pending = r.equation('f', 'x', '#000');
    await r.ready();
    await new Promise(resolve => setTimeout(resolve, 50)); // the request has been sent
    r.dispose();
    await assert.rejects(pending, /closed/);
    await assert.rejects(r.equation('f', 'y', '#000'), /closed/);
  });
});
