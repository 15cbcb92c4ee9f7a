/** Basins on (x² − 1)² + y² (minima (±1, 0), separatrix x = 0) and autoTune's choices and provenance. */
import * as assert from 'node:assert/strict';
import { objectiveSource, GradientSource } from '../../../src/core/run';
import { basinClaimed, basinMap, basinSlice, mergeBasinSlices, splitRows, BasinConfig } from '../../../src/core/basins';
import { autoTune, BASIN_DIVERGED, lrGridValues, TUNE_LR_GRID } from '../../../src/core/sweep';

const doubleWell: GradientSource = objectiveSource(
  x => (x[0] * x[0] - 1) ** 2 + x[1] * x[1],
  (x, out) => { out[0] = 4 * x[0] * (x[0] * x[0] - 1); out[1] = 2 * x[1]; },
  2,
);

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const config = (extra: Partial<BasinConfig> = {}): BasinConfig => ({
  source: doubleWell,
  spec: { optimizer: 'sgd', hyperparameters: { lr: 0.02 } },
  bounds: [[-2, 2], [-1, 1]],
  grid: 20,
  steps: 500,
  minima: [[-1, 0], [1, 0]],
  ...extra,
});

describe('basins', () => {
  it('claimed rows: rows handed out one at a time merge into the same map as one pass', () => {
    let next = 0;
    const claim = () => next++;
    const a = must(basinClaimed(config(), () => (next < 7 ? claim() : -1)));
    const b = must(basinClaimed(config(), claim));
    assert.deepEqual([...a, ...b].map(s => s.rowStart), Array.from({ length: 20 }, (_, i) => i));
    const merged = must(mergeBasinSlices(config(), [...b, ...a]));
    assert.deepEqual(Array.from(merged.labels), Array.from(must(basinMap(config())).labels));
  });

  it('GD on the double well: starts with x < 0 end in (−1, 0), x > 0 in (1, 0)', () => {
    const map = must(basinMap(config()));
    assert.equal(map.nx, 20);
    assert.equal(map.ny, 20);
    for (let j = 0; j < 20; j++) {
      for (let i = 0; i < 20; i++) {
        const x = -2 + (4 * i) / 19;
        assert.equal(map.labels[j * 20 + i], x < 0 ? 0 : 1, `start (${x}, ${-1 + (2 * j) / 19})`);
        assert.ok(map.finalLoss[j * 20 + i] < 1e-6);
      }
    }
    assert.deepEqual(map.counts, { minima: [200, 200], diverged: 0, unsettled: 0 });
    assert.deepEqual(map.minimaKind, ['known', 'known']);
  });

  it('without known minima the end points form two clusters, split at x = 0', () => {
    const map = must(basinMap(config({ minima: undefined })));
    assert.equal(map.minima.length, 2);
    assert.deepEqual(map.minimaKind, ['cluster', 'cluster']);
    const left = map.minima.findIndex(m => m[0] < 0);
    for (const m of map.minima) assert.ok(Math.abs(Math.abs(m[0]) - 1) < 1e-6 && Math.abs(m[1]) < 1e-6);
    for (let c = 0; c < 400; c++) assert.equal(map.labels[c] === left, -2 + (4 * (c % 20)) / 19 < 0);
  });

  it('slices by rows merge into the same map', () => {
    const whole = must(basinMap(config()));
    const slices = splitRows(20, 3).map(([a, b]) => must(basinSlice(config(), a, b)));
    assert.deepEqual(splitRows(20, 3), [[0, 6], [6, 13], [13, 20]]);
    const merged = must(mergeBasinSlices(config(), slices));
    assert.deepEqual(merged.labels, whole.labels);
    assert.deepEqual(merged.finalLoss, whole.finalLoss);
  });

  it('a rate far above 2/λ diverges from every start: labelled diverged, not an error', () => {
    const map = must(basinMap(config({ spec: { optimizer: 'sgd', hyperparameters: { lr: 10 } }, grid: 6 })));
    assert.ok(map.labels.every(l => l === BASIN_DIVERGED));
    assert.equal(map.counts.diverged, 36);
  });

  it('a cancelled map says so and leaves the rest unlabelled', () => {
    const token = { cancelled: false };
    const map = must(basinMap(config({ signal: token, onProgress: rows => { if (rows === 2) token.cancelled = true; } })));
    assert.equal(map.cancelled, true);
    assert.equal(map.counts.minima[0] + map.counts.minima[1], 40);
  });

  it('bad requests name the field', () => {
    const r = basinMap(config({ grid: 401 }));
    assert.ok(!r.ok && /grid \(x\) must be a whole number from 2 to 400/.test(r.error.message));
    const b = basinMap(config({ bounds: [[1, -1], [0, 1]] }));
    assert.ok(!b.ok && /bounds must be/.test(b.error.message));
    const s = basinMap(config({ grid: 400, steps: 10_000 }));
    assert.ok(!s.ok && /^steps: 400 × 400 starts × 10,000 steps is 1,600,000,000 updates/.test(s.error.message));
  });
});

describe('autoTune', () => {
  /** 5x² + y²/2 (λ = 10 and 1). */
  const quadratic = objectiveSource(x => 5 * x[0] * x[0] + 0.5 * x[1] * x[1], (x, out) => { out[0] = 10 * x[0]; out[1] = x[1]; }, 2);

  it('GD picks the largest stable grid rate below 2/λmax = 0.2 (0.187 after 100 steps); provenance says so', () => {
    // After 100 steps the loss is dominated by max(|1 − 10η|, |1 − η|)^200: η = 0.187 gives 0.87^200 ≈ 8e-13,
    // η = 0.081 gives 0.919^200 ≈ 5e-8, η = 0.433 diverges.
    const grid = lrGridValues(TUNE_LR_GRID);
    const r = must(autoTune({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd' }], steps: 100 }));
    assert.equal(r.runs[0].lr, grid[9]);
    assert.ok(Math.abs(grid[9] - 0.187) < 1e-3);
    assert.deepEqual(r.runs[0].provenance, { kind: 'tuned', points: 12, text: 'tuned: best of 12' });
  });

  it("an lr the person set is kept ('set by you'); the defaults switch gives the framework's default", () => {
    const r = must(autoTune({ source: quadratic, start: [1, 1], optimizers: [{ optimizer: 'sgd', hyperparameters: { lr: 0.05 } }, { optimizer: 'adam', convention: 'keras' }], steps: 100, mode: 'defaults' }));
    assert.deepEqual(r.runs.map(x => [x.lr, x.provenance.text]), [[0.05, 'set by you'], [0.001, 'Keras default']]);
  });

  it('a flat function keeps the default and says why', () => {
    const flat = objectiveSource(() => 1, (_x, out) => out.fill(0), 2);
    const r = must(autoTune({ source: flat, start: [1, 1], optimizers: [{ optimizer: 'sgd' }], steps: 100 }));
    assert.deepEqual([r.runs[0].lr, r.runs[0].provenance.text], [0.001, 'PyTorch default (no tuned lr lowered the loss)']);
  });
});
