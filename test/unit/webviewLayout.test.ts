import * as assert from 'assert';
import { spreadOffsets } from '../../src/webview/spread';

// Pure webview logic (no DOM): compiled here with the Node libraries only.
describe('webview layout logic', () => {
  it('spreadOffsets: markers apart stay put; two on one spot go to the top and bottom of a ring', () => {
    assert.deepStrictEqual(spreadOffsets([{ x: 0, y: 0 }, { x: 100, y: 0 }, undefined], 6), [
      { dx: 0, dy: 0, crowd: 1 }, { dx: 0, dy: 0, crowd: 1 }, { dx: 0, dy: 0, crowd: 1 },
    ]);
    // k = 2, size 6: ring = max(6 + 8, 7.5 / sin(π/2)) = 14; first at the top (−y), second at the bottom.
    const [a, b] = spreadOffsets([{ x: 10, y: 10 }, { x: 10, y: 10 }], 6);
    assert.strictEqual(a.crowd, 2);
    assert.ok(Math.abs(a.dx) < 1e-12 && Math.abs(a.dy + 14) < 1e-12, JSON.stringify(a));
    assert.ok(Math.abs(b.dx) < 1e-12 && Math.abs(b.dy - 14) < 1e-12, JSON.stringify(b));
  });
});
