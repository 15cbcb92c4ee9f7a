import * as assert from 'assert';
import { runPanelSweep, sweepTargetFor, toSweepView } from '../../src/extension/panelSweep';
import type { SweepResult } from '../../src/core/sweep';
import { defaultRequest, lossAxis, sweepSeries, useLabel } from '../../src/webview/sweepData';
import { parseHostMessage, parseWebviewMessage, type RunConfig, type SweepView } from '../../src/core/protocol';

const config = (expression: string, optimizers: RunConfig['optimizers']): RunConfig => ({
  expression, start: [1, 1], optimizers, convention: 'pytorch', steps: 200, hyperparameters: {}, schedule: { kind: 'constant' },
});
const now = () => Promise.resolve();

describe('panel sweep (host side and view logic)', () => {
  it('x² + 25y²: GD diverges from the first grid point above 2/λmax = 2/50, and the stability line sits there', async () => {
    const target = sweepTargetFor(config('x^2 + 25*y^2', ['sgd', 'momentum']));
    assert.ok(target.ok);
    // 10^(−3 + 0.1k), k = 0 … 30: 0.0398 (k = 16) is stable, 0.0501 (k = 17) is not.
    const r = await runPanelSweep(target.value, { lo: 1e-3, hi: 1, n: 31 }, 200, { cancelled: false }, () => undefined, now);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const v = r.value;
    assert.strictEqual(v.stability.lambdaMax, 50);
    const [gd, hb] = sweepSeries(v);
    assert.ok(Math.abs((gd.threshold ?? 0) - 0.04) < 1e-12, `2/λmax: ${gd.threshold}`);
    assert.ok(Math.abs((hb.threshold ?? 0) - 2 * 1.9 / 50) < 1e-12, `2(1 + 0.9)/λmax: ${hb.threshold}`);
    assert.ok(Math.abs(Math.min(...gd.diverged) / Math.pow(10, -1.3) - 1) < 1e-9, `first diverged ${Math.min(...gd.diverged)}`);
    assert.ok(Math.max(...gd.points.map(p => p.x)) < 0.04);
    // One band from half a step below 10^−1.3 to half a step above 1.
    assert.strictEqual(gd.bands.length, 1);
    assert.ok(Math.abs(gd.bands[0][0] / Math.pow(10, -1.35) - 1) < 1e-9 && Math.abs(gd.bands[0][1] / Math.pow(10, 0.05) - 1) < 1e-9);
    // GD contracts by max(|1 − 2η|, |1 − 50η|) per step, least at η = 2/52 ≈ 0.0385; of the grid's
    // neighbours 10^−1.5 gives max(0.937, 0.581) = 0.937 and 10^−1.4 gives max(0.920, 0.991) = 0.991.
    assert.ok(gd.best && Math.abs(gd.best.lr / Math.pow(10, -1.5) - 1) < 1e-9, `best ${gd.best?.lr}`);
    // What the host posts is a valid message.
    const msg = parseHostMessage({ type: 'sweep', sweep: v });
    assert.ok(msg.ok, msg.ok ? '' : msg.error);
  });

  it('a flat function: every point its start loss, no curvature to bound the step', async () => {
    const target = sweepTargetFor(config('3 + 0*x + 0*y', ['sgd']));
    assert.ok(target.ok);
    const r = await runPanelSweep(target.value, { lo: 1e-2, hi: 1, n: 3 }, 10, { cancelled: false }, () => undefined, now);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value.runs[0].points.map(p => p.finalLoss), [3, 3, 3]);
    assert.strictEqual(r.value.stability.thresholds[0].lr, null);
    assert.ok(r.value.stability.notes.some(n => /flat|zero/.test(n)), r.value.stability.notes.join(' | '));
  });

  it('a bad grid is refused with a message naming the field; cancelling early returns what finished', async () => {
    const target = sweepTargetFor(config('x^2 + y^2', ['sgd']));
    assert.ok(target.ok);
    const bad = await runPanelSweep(target.value, { lo: -1, hi: 1, n: 5 }, 10, { cancelled: false }, () => undefined, now);
    assert.ok(!bad.ok && /lo/.test(bad.error.message), bad.ok ? '' : bad.error.message);
    const signal = { cancelled: false };
    let seen = 0;
    const r = await runPanelSweep(target.value, { lo: 1e-3, hi: 1, n: 10 }, 50, signal, done => {
      seen = done;
      if (done === 3) signal.cancelled = true;
    }, now);
    assert.ok(r.ok);
    assert.strictEqual(r.value.cancelled, true);
    assert.strictEqual(r.value.runs[0].points.length, 3);
    assert.strictEqual(seen, 3);
  });

  it('non-finite losses travel as null and count as diverged in the view', () => {
    const view = toSweepView(
      { grid: [0.1, 1, 10], steps: 5, target: { loss: 0, rule: '' }, cancelled: false, elapsedMs: 1, runs: [{ optimizer: 'sgd', convention: 'pytorch', label: 'SGD', best: { lr: 0.1, finalLoss: 2 }, points: [
        { lr: 0.1, finalLoss: 2, bestLoss: 2, diverged: false, stepsToTarget: null, stop: 'max-steps', steps: 5, gradientEvaluations: 5 },
        { lr: 1, finalLoss: Infinity, bestLoss: 2, diverged: true, stepsToTarget: null, stop: 'diverged', steps: 3, gradientEvaluations: 3 },
        { lr: 10, finalLoss: NaN, bestLoss: NaN, diverged: false, stepsToTarget: null, stop: 'max-steps', steps: 5, gradientEvaluations: 5 },
      ] }] } as SweepResult,
      undefined,
      'no curvature',
    );
    assert.deepStrictEqual(view.runs[0].points.map(p => p.finalLoss), [2, null, null]);
    assert.deepStrictEqual(view.stability, { lambdaMax: null, thresholds: [], notes: ['no curvature'] });
    const [s] = sweepSeries(view);
    assert.deepStrictEqual(s.diverged, [1, 10]);
    assert.deepStrictEqual(s.points, [{ x: 0.1, y: 2 }]);
    // Half a step: √10; the band runs from 1/√10 to 10·√10.
    assert.ok(Math.abs(s.bands[0][0] - 1 / Math.sqrt(10)) < 1e-12 && Math.abs(s.bands[0][1] - 10 * Math.sqrt(10)) < 1e-9);
  });

  it('view logic: default request, log axis only for positive losses, the button text', () => {
    assert.deepStrictEqual(defaultRequest({ steps: 5000 }), { grid: { lo: 1e-5, hi: 10, n: 25 }, steps: 1000 });
    assert.deepStrictEqual(defaultRequest({ steps: 300 }).steps, 300);
    const series = (ys: number[]) => [{ optimizer: 'sgd' as const, points: ys.map((y, i) => ({ x: i + 1, y })), diverged: [], bands: [], best: null, threshold: null, rule: undefined }];
    assert.deepStrictEqual(lossAxis(series([1e-3, 5])), { log: true, min: 1e-3, max: 5 });
    assert.strictEqual(lossAxis(series([-2, 5]))?.log, false);
    assert.strictEqual(lossAxis(series([])), undefined);
    assert.strictEqual(useLabel(0.031622776601683794), 'use η = 0.0316');
  });

  it('protocol: requestSweep and cancelSweep are read; a malformed grid is refused by name', () => {
    const r = parseWebviewMessage({ type: 'requestSweep', grid: { lo: 1e-4, hi: 1, n: 12, extra: 1 }, steps: 100 });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value, { type: 'requestSweep', grid: { lo: 1e-4, hi: 1, n: 12 }, steps: 100 });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'cancelSweep' }), { ok: true, value: { type: 'cancelSweep' } });
    const bad = parseWebviewMessage({ type: 'requestSweep', grid: { lo: 1e-4, hi: 1, n: 1000 }, steps: 100 });
    assert.ok(!bad.ok && /grid\.n/.test(bad.error), bad.ok ? '' : bad.error);
    const sweep: SweepView = { grid: [1], steps: 1, runs: [{ optimizer: 'nope' as never, convention: 'pytorch', points: [], best: null }], stability: { lambdaMax: null, thresholds: [], notes: [] }, cancelled: false };
    const m = parseHostMessage({ type: 'sweep', sweep });
    assert.ok(!m.ok && /sweep\.runs\[0\]\.optimizer/.test(m.error), m.ok ? '' : m.error);
  });
});
