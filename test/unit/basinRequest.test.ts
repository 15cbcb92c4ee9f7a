import * as assert from 'assert';
import { parseHostMessage, parseWebviewMessage, toWire, type BasinView } from '../../src/core/protocol';

// A basin map request carries the webview's number for it and the answer echoes it, so the panel can
// ignore the answer to a request a run change replaced (src/webview/basinView.ts).
const request = { run: 1, grid: 4, steps: 300, x: [-1.5, 1.5] as [number, number], y: [-1.5, 1.5] as [number, number] };
const view: BasinView = {
  run: 1, optimizer: 'momentum', nx: 2, ny: 2, x: [-1, 1], y: [-1, 1], labels: [0, 0, 1, -1],
  minima: [{ point: [-1, 0], kind: 'known', starts: 2 }, { point: [1, 0], kind: 'cluster', starts: 1 }],
  diverged: 1, unsettled: 0, steps: 300, cancelled: false, elapsedMs: 5,
};

describe('basin map requests are numbered', () => {
  it('requestBasins keeps its request number; without one it is as before; a bad one names the field', () => {
    const numbered = parseWebviewMessage({ type: 'requestBasins', ...request, request: 7 });
    assert.ok(numbered.ok);
    assert.deepStrictEqual(numbered.value, { type: 'requestBasins', ...request, request: 7 });
    const plain = parseWebviewMessage({ type: 'requestBasins', ...request });
    assert.ok(plain.ok);
    assert.ok(!('request' in plain.value));
    for (const bad of [-1, 1.5, '3', null]) {
      const r = parseWebviewMessage({ type: 'requestBasins', ...request, request: bad });
      assert.ok(!r.ok, String(bad));
      assert.match(r.error, /^requestBasins: request must be an integer/);
    }
  });

  it('the basins answer carries the number across the wire', () => {
    const r = parseHostMessage(toWire({ type: 'basins', basins: { ...view, request: 7 } }));
    assert.ok(r.ok && r.value.type === 'basins', r.ok ? '' : r.error);
    assert.strictEqual(r.value.basins.request, 7);
    const without = parseHostMessage(toWire({ type: 'basins', basins: view }));
    assert.ok(without.ok && without.value.type === 'basins');
    assert.strictEqual(without.value.basins.request, undefined);
    const bad = parseHostMessage(toWire({ type: 'basins', basins: { ...view, request: -2 } }));
    assert.ok(!bad.ok);
    assert.match(bad.error, /basins\.request must be an integer/);
  });
});
