import * as assert from 'assert';
import { markColumns, markPolyline, mergeRecords, stepColumns, thinIndices, thinTrace, type TraceRecords } from '../../src/core/records';
import type { NumOrNull } from '../../src/core/protocol';

const kept = (keep: Uint8Array): number[] => [...keep].flatMap((k, i) => (k ? [i] : []));

describe('records: thinning to what the charts draw', () => {
  it('step columns: floor((step − first) / span · columns), the last step in the last column', () => {
    // span 11, 2 columns: step s in column floor(2s/11): 0…5 → 0 (10/11 < 1), 6…11 → 1
    assert.deepStrictEqual([...stepColumns([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0, 12, 2)], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('keeps the first, last, smallest and largest record of each column and drops the rest', () => {
    const steps = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const ys = [3, 5, 1, 4, 9, 2, 7, 7, 0, 7, 8, 7];
    const keep = new Uint8Array(12);
    markColumns(ys, 1, 0, false, stepColumns(steps, 0, 12, 2), 0, 12, keep);
    // column 0 (records 0…5): first 0, min 2 (value 1), max 4 (value 9), last 5
    // column 1 (records 6…11): first 6, min 8 (value 0), max 10 (value 8), last 11
    assert.deepStrictEqual(kept(keep), [0, 2, 4, 5, 6, 8, 10, 11]);
  });

  it('keeps both sides of each change between finite and non-finite values (the gaps a chart draws)', () => {
    const ys: NumOrNull[] = [1, 2, null, null, null, 3, 4];
    const keep = new Uint8Array(7);
    markColumns(ys, 1, 0, false, stepColumns([0, 1, 2, 3, 4, 5, 6], 0, 7, 1), 0, 7, keep);
    // first 0 (min 1), last 6 (max 4), finite→null at 1|2, null→finite at 4|5; record 3 is inside the gap
    assert.deepStrictEqual(kept(keep), [0, 1, 2, 4, 5, 6]);
  });

  it('reads one parameter of a row-major series, by absolute value when asked (|Δx|)', () => {
    // two parameters; parameter 1 is −5, 1, −3, 2 in one column: |·| smallest at record 1, largest at 0
    const delta = [9, -5, 9, 1, 9, -3, 9, 2];
    const keep = new Uint8Array(4);
    markColumns(delta, 2, 1, true, stepColumns([0, 1, 2, 3], 0, 4, 1), 0, 4, keep);
    assert.deepStrictEqual(kept(keep), [0, 1, 3]);
  });
});

describe('records: thinning the map path to pixels', () => {
  it('a straight line keeps only its ends', () => {
    const keep = new Uint8Array(5);
    markPolyline([0, 1, 2, 3, 4], [0, 0, 0, 0, 0], 0, 5, 0.5, keep);
    assert.deepStrictEqual(kept(keep), [0, 4]);
  });

  it('a record farther than the tolerance from the chord is kept, a nearer one is not', () => {
    const near = new Uint8Array(3);
    markPolyline([0, 1, 2], [0, 0.4, 0], 0, 3, 0.5, near);
    assert.deepStrictEqual(kept(near), [0, 2]);
    const far = new Uint8Array(3);
    markPolyline([0, 1, 2], [0, 0.6, 0], 0, 3, 0.5, far);
    assert.deepStrictEqual(kept(far), [0, 1, 2]);
  });

  it('a path that turns back on its own line keeps the turning point (distance to the segment, not the line)', () => {
    // (2, 0) lies on the line through (0, 0) and (1, 0) but 1 pixel past the segment's end
    const keep = new Uint8Array(3);
    markPolyline([0, 2, 1], [0, 0, 0], 0, 3, 0.5, keep);
    assert.deepStrictEqual(kept(keep), [0, 1, 2]);
  });

  it('non-finite records split the path: each finite stretch keeps its ends, the non-finite records are kept', () => {
    const keep = new Uint8Array(7);
    markPolyline([0, 1, 2, NaN, 4, 5, 6], [0, 0, 0, 0, 0, 0, 0], 0, 7, 0.5, keep);
    assert.deepStrictEqual(kept(keep), [0, 2, 3, 4, 6]);
  });
});

/** A one-parameter run along a straight line x = step with constant loss and rates: only its ends matter. */
function lineTrace(n: number): TraceRecords & { dim: number } {
  const steps = Array.from({ length: n }, (_, k) => k);
  return { dim: 1, steps, path: steps.slice(), loss: steps.map(() => 1), effectiveLr: steps.map(() => 0.1), delta: steps.map(() => 1), lr: steps.map(() => 0.1) };
}

describe('records: a trace thinned for a target, and finer records merged back', () => {
  it('a run with nothing to draw between its ends keeps the ends of each chart column', () => {
    const t = lineTrace(101);
    // one column, no map: first and last record only
    assert.deepStrictEqual(thinIndices(t, { columns: 1, pixels: 100 }), [0, 100]);
    // the curve map (x, loss): loss is constant, x a straight line
    assert.deepStrictEqual(thinIndices(t, { columns: 1, pixels: 100, map: { kind: 'curve', x: [0, 100] } }), [0, 100]);
    // two columns: steps 0…49 and 50…100 (floor(2s/100)), each with its first and last
    assert.deepStrictEqual(thinIndices(t, { columns: 2, pixels: 100 }), [0, 49, 50, 100]);
  });

  it('from/to keep only the records in that step range', () => {
    assert.deepStrictEqual(thinIndices(lineTrace(101), { columns: 1, pixels: 100, from: 10, to: 20 }), [10, 20]);
  });

  it('thinTrace takes every series at the kept records (row-major parameters stay together)', () => {
    const t = { ...lineTrace(3), dim: 2, path: [0, 10, 1, 11, 2, 12], effectiveLr: [1, 2, 3, 4, 5, 6], delta: [1, 1, 1, 1, 1, 1], epoch: [0, 1, 1] };
    const thin = thinTrace(t, { columns: 1, pixels: 1 });
    // epoch changes at record 1, so it stays although the line and columns would drop it; all three kept
    assert.deepStrictEqual(thin.steps, [0, 1, 2]);
    const noEpoch = thinTrace({ ...t, epoch: undefined }, { columns: 1, pixels: 1 });
    assert.deepStrictEqual(noEpoch.steps, [0, 2]);
    assert.deepStrictEqual(noEpoch.path, [0, 10, 2, 12]);
    assert.deepStrictEqual(noEpoch.effectiveLr, [1, 2, 5, 6]);
  });

  it('mergeRecords replaces the records from…to with the finer ones and keeps the rest', () => {
    const t = { dim: 1, steps: [0, 10, 20], path: [0, 1, 2], loss: [5, 4, 3], effectiveLr: [1, 1, 1], delta: [0, 1, 1], lr: [1, 1, 1] };
    const chunk = { steps: [9, 10, 11], path: [0.9, 1, 1.1], loss: [4.1, 4, 3.9], effectiveLr: [1, 1, 1], delta: [1, 1, 1], lr: [1, 1, 1] };
    const m = mergeRecords(t, chunk, 5, 15);
    assert.deepStrictEqual(m.steps, [0, 9, 10, 11, 20]);
    assert.deepStrictEqual(m.path, [0, 0.9, 1, 1.1, 2]);
    assert.deepStrictEqual(m.loss, [5, 4.1, 4, 3.9, 3]);
  });
});
