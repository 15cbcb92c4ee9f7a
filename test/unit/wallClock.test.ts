import * as assert from 'assert';
import { availableAxes, axisOption, axisTitle, hasTimes, perRunAxis, recordXs } from '../../src/webview/budgetAxis';
import { buildPanelModel } from '../../src/core/model';
import { mergeRecords, takeRecords } from '../../src/core/records';
import { parseHostMessage, toWire, type RunConfig } from '../../src/core/protocol';

const config: RunConfig = {
  expression: 'x^2 + y^2', start: [1, 1], optimizers: ['sgd', 'adam'], convention: 'pytorch', steps: 200,
  hyperparameters: {}, schedule: { kind: 'constant' },
};

// The loss chart's wall-clock axis: each run's own compute time per record, measured by the run loop.
describe('wall-clock axis (TraceData.elapsedMs)', () => {
  it('offered when every run carries times, beside steps (and the dataset axes)', () => {
    assert.deepStrictEqual(availableAxes({ times: true }), ['step', 'time']);
    assert.deepStrictEqual(availableAxes({ stepsPerEpoch: 3, cost: { rows: 10, batchSize: 4 }, times: true }), ['step', 'epoch', 'evaluations', 'time']);
    assert.deepStrictEqual(availableAxes({}), ['step']);
    assert.strictEqual(hasTimes([{ steps: [0, 1], elapsedMs: [0, 2] }, { steps: [0, 1] }]), false, 'one run without times: no axis');
    assert.strictEqual(hasTimes([{ steps: [0, 1], elapsedMs: [0, 2] }]), true);
    assert.strictEqual(hasTimes([]), false);
    assert.strictEqual(axisTitle('time'), 'compute time (ms)');
    assert.strictEqual(axisOption('time'), 'against wall-clock time');
    assert.strictEqual(perRunAxis('time', { times: true }), true);
    assert.strictEqual(perRunAxis('step', { times: true }), false);
  });

  it('each record sits at its own time; without times the steps', () => {
    assert.deepStrictEqual(Array.from(recordXs('time', { times: true }, { steps: [0, 5, 10], elapsedMs: [0, 1.5, 4] })), [0, 1.5, 4]);
    assert.deepStrictEqual(Array.from(recordXs('time', {}, { steps: [0, 5, 10] })), [0, 5, 10]);
  });

  it('the panel model carries times only when asked (timings), one per record, from 0, never decreasing', async () => {
    const timed = await buildPanelModel(config, { timings: true });
    assert.ok(timed.ok, timed.ok ? '' : timed.error.message);
    for (const r of timed.value.runs) {
      assert.ok(r.elapsedMs, r.optimizer);
      assert.strictEqual(r.elapsedMs.length, r.steps.length);
      assert.strictEqual(r.elapsedMs[0], 0);
      for (let k = 1; k < r.elapsedMs.length; k++) assert.ok(r.elapsedMs[k] >= r.elapsedMs[k - 1]);
    }
    const plain = await buildPanelModel(config);
    assert.ok(plain.ok);
    assert.ok(plain.value.runs.every(r => r.elapsedMs === undefined), 'identical runs, identical models');
  });

  it('thinning and merging keep the times aligned with the steps; the protocol reads them and refuses a decrease', () => {
    const t = { dim: 1, steps: [0, 1, 2, 3], path: [4, 3, 2, 1], loss: [16, 9, 4, 1], effectiveLr: [null, 1, 1, 1], delta: [null, -1, -1, -1], lr: [null, 1, 1, 1], elapsedMs: [0, 0.5, 0.75, 2] };
    assert.deepStrictEqual(takeRecords(t, [0, 3]).elapsedMs, [0, 2]);
    const thin = { ...t, ...takeRecords(t, [0, 3]) };
    const merged = mergeRecords(thin, takeRecords(t, [1, 2]), 1, 2);
    assert.deepStrictEqual(merged.steps, [0, 1, 2, 3]);
    assert.deepStrictEqual(merged.elapsedMs, [0, 0.5, 0.75, 2]);
    const back = parseHostMessage(toWire({ type: 'records', from: 0, to: 3, runs: [takeRecords(t, [0, 1, 2, 3])] }));
    assert.ok(back.ok, back.ok ? '' : back.error);
    assert.ok(back.value.type === 'records');
    assert.deepStrictEqual((back.value as { runs: { elapsedMs?: number[] }[] }).runs[0].elapsedMs, [0, 0.5, 0.75, 2]);
    const bad = parseHostMessage({ type: 'records', from: 0, to: 3, runs: [{ ...takeRecords(t, [0, 1, 2, 3]), elapsedMs: [0, 1, 0.5, 2] }] });
    assert.ok(!bad.ok);
    assert.match(bad.error, /elapsedMs must not decrease, got 0\.5 after 1/);
  });
});
