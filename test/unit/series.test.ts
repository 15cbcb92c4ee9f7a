import * as assert from 'assert';
import { inferStepsPerEpoch, movingMean, recordAt, thin, thinBand } from '../../src/webview/series';
import type { TraceData } from '../../src/core/protocol';

// The panel's pure data logic (src/webview/series.ts) runs in plain Node: no DOM in it.
describe('webview series logic', () => {
  it('movingMean: trailing mean over the window, nulls skipped and kept as gaps', () => {
    assert.deepStrictEqual(movingMean([1, 2, 3, 4], 1), [1, 2, 3, 4]);
    assert.deepStrictEqual(movingMean([1, 2, 3, 4], 2), [1, 1.5, 2.5, 3.5]);
    assert.deepStrictEqual(movingMean([2, null, 4, 6], 3), [2, null, 3, 5]);
  });

  it('thin: short series unchanged; long ones keep first, last and each bucket’s min and max', () => {
    assert.deepStrictEqual(thin([0, 1, 2], [5, null, 3]), [{ x: 0, y: 5 }, { x: 1, y: null }, { x: 2, y: 3 }]);
    // 10 points into max 4 → 2 buckets over the 8 inner points (1–4 and 5–8).
    const ys = [0, 5, 1, 9, 2, 7, 3, 8, 4, 6];
    const steps = ys.map((_, i) => i * 10);
    assert.deepStrictEqual(thin(steps, ys, 4).map(p => p.x), [0, 20, 30, 60, 70, 90]);
  });

  it('thinBand: per bucket the lowest lo and the highest hi at a shared x', () => {
    const [lo, hi] = thinBand([0, 1, 2, 3], [1, 0, 5, 2], [2, 3, 6, 4], 2);
    assert.deepStrictEqual(lo, [{ x: 0, y: 0 }, { x: 3, y: 2 }]);
    assert.deepStrictEqual(hi, [{ x: 0, y: 6 }, { x: 3, y: 4 }]);
  });

  it('recordAt: the last record whose step ≤ position', () => {
    const steps = [0, 4, 8, 10];
    assert.deepStrictEqual([-1, 0, 3, 4, 9, 10, 99].map(p => recordAt(steps, p)), [-1, 0, 0, 1, 2, 3, 3]);
  });

  it('inferStepsPerEpoch: from the epoch of each record (epoch e covers (e−1)·S+1 … e·S)', () => {
    const run = (steps: number[], epoch: number[]) => ({ steps, epoch }) as unknown as TraceData;
    // S = 5: steps 5 → epoch 1, 6 → 2, 10 → 2, 11 → 3.
    assert.strictEqual(inferStepsPerEpoch([run([0, 5, 6, 10, 11], [0, 1, 2, 2, 3])]), 5);
    assert.strictEqual(inferStepsPerEpoch([run([0, 5, 6, 10, 11], [0, 1, 2, 2, 3])], 5), 5);
    assert.strictEqual(inferStepsPerEpoch([run([0, 4], [0, 1])], 7), 7, 'a hint consistent with every record wins');
    assert.strictEqual(inferStepsPerEpoch([run([0, 1], [0, 0])]), undefined, 'no record past epoch 0');
  });
});
