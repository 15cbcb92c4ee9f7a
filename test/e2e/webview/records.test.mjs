// The host sends thinned runs as Float64Arrays (toWire + thinPanelModel, the host's own code) and
// finer records on request: a scrub that comes to rest asks for the records around the position
// (requestRecords), and a `records` reply is merged into the runs shown.
import assert from 'node:assert/strict';
import { bowl, registry, trace } from './fixtures.mjs';
import { loadHostCode } from './firstFrame.mjs';
import { debug, frames, ready, send, useBrowser, waitPosted } from './page.mjs';

const STEPS = 5000;
/** One SGD run straight from (1.5, 1.5) to (0, 0) in 5,000 equal steps on the bowl. */
function lineModel() {
  const points = Array.from({ length: STEPS + 1 }, (_, k) => [1.5 * (1 - k / STEPS), 1.5 * (1 - k / STEPS)]);
  const xs = Array.from({ length: 101 }, (_, i) => -2 + (4 * i) / 100);
  return {
    version: 1,
    config: { expression: 'x^2 + y^2', start: [1.5, 1.5], optimizers: ['sgd'], convention: 'pytorch', steps: STEPS, hyperparameters: {}, schedule: { kind: 'constant' } },
    objective: { text: 'x ^ 2 + y ^ 2', tex: '{x}^{2}+{y}^{2}', variables: ['x', 'y'], gradient: [] },
    runs: [trace('sgd', 'SGD', points, bowl, () => 0.1, { reason: 'max-steps', step: STEPS })],
    surface: { kind: 'grid', xVar: 0, yVar: 1, x: [-2, 2], y: [-2, 2], nx: 101, ny: 101, values: xs.flatMap(y => xs.map(x => bowl(x, y))) },
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 1 },
  };
}

describe('webview: thinned runs and finer records on request', function () {
  const env = useBrowser();

  it('shows a thinned run sent as Float64Arrays, asks for the records around a resting position and merges the reply', async () => {
    const host = await loadHostCode();
    const full = lineModel();
    const thin = host.thinPanelModel(full);
    // a straight line with a monotone loss: the map needs only its ends; the charts' 512 columns keep at
    // least their first and last records, and at most four (the steps' |Δx| differ in the last bits)
    const kept = thin.runs[0].steps.length;
    assert.ok(kept >= 2 * 512 && kept <= 4 * 512, String(kept));
    const page = await env.browser.newPage();
    await page.goto(env.server.page({ hosted: true, bodyClass: 'vscode-dark' }));
    await send(page, host.toWire({ type: 'show', model: thin, view: { position: 0, playing: false, speed: 1, lossScale: 'log', smoothing: 0 } }));
    await ready(page);
    assert.deepEqual((await debug(page)).records, [thin.runs[0].steps.length]);
    // scrub to 2,503 and let it rest: the panel asks for the steps around it (± max(8, ⌈5000/200⌉) = ± 25)
    await page.locator('.ol-timeline').fill('2503');
    const [request] = await waitPosted(page, 'requestRecords');
    assert.deepEqual({ from: request.from, to: request.to }, { from: 2478, to: 2528 });
    // the host's answer: every record in that range (51), of which the thinned run had only the column ends
    const chunk = host.toWire({ type: 'records', from: request.from, to: request.to, runs: [
      (() => {
        const r = full.runs[0];
        const idx = Array.from({ length: 51 }, (_, i) => 2478 + i);
        return { steps: idx, path: idx.flatMap(k => r.path.slice(2 * k, 2 * k + 2)), loss: idx.map(k => r.loss[k]), effectiveLr: idx.flatMap(k => r.effectiveLr.slice(2 * k, 2 * k + 2)), delta: idx.flatMap(k => r.delta.slice(2 * k, 2 * k + 2)), lr: idx.map(k => r.lr[k]) };
      })(),
    ] });
    const inRange = thin.runs[0].steps.filter(s => s >= 2478 && s <= 2528).length;
    await send(page, chunk);
    await frames(page, 2);
    assert.deepEqual((await debug(page)).records, [thin.runs[0].steps.length - inRange + 51]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
