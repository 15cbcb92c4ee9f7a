import * as assert from 'assert';
import { basinConfigFor, rowsPerSlice, runPanelBasins, toBasinView } from '../../src/extension/panelBasins';
import { parseHostMessage, parseWebviewMessage, toWire, type BasinView, type PanelModel, type RunConfig } from '../../src/core/protocol';
import { basinColour, basinExtent, basinLegend, basinPixels, labelAt, rgbOf, BASIN_PALETTE, DIVERGED_COLOUR, UNSETTLED_COLOUR } from '../../src/webview/basinData';

// f = (x² − 1)² + y²: minima (−1, 0) and (1, 0), separated by the line x = 0 (∂f/∂x = 4x(x² − 1)
// keeps the sign of x between −1 and 1, so gradient descent never crosses it).
const config: RunConfig = {
  expression: '(x^2 - 1)^2 + y^2', start: [0.5, 0.5], optimizers: ['sgd'], convention: 'pytorch', steps: 300,
  hyperparameters: { sgd: { lr: 0.05 } }, schedule: { kind: 'constant' },
};
const model = {
  config,
  reference: { kind: 'preset', name: 'double well', minima: [[-1, 0], [1, 0]] },
  runs: [{ optimizer: 'sgd', convention: 'pytorch', hyperparameters: { lr: 0.05, weightDecay: 0 } }],
} as unknown as PanelModel;
const request = { run: 0, grid: 6, steps: 300, x: [-1.5, 1.5] as [number, number], y: [-1, 1] as [number, number] };
const yieldNow = () => new Promise<void>(r => setImmediate(r));

describe('panel basin map (host slices, protocol, layer data)', () => {
  it('requestBasins is validated field by field', () => {
    const good = parseWebviewMessage({ type: 'requestBasins', ...request, extra: 1 });
    assert.ok(good.ok);
    assert.deepStrictEqual(good.value, { type: 'requestBasins', ...request });
    const bad = (m: object, field: RegExp) => {
      const r = parseWebviewMessage({ type: 'requestBasins', ...request, ...m });
      assert.ok(!r.ok, JSON.stringify(m));
      assert.match(r.error, field);
    };
    bad({ grid: 1 }, /^requestBasins: grid must be an integer from 2 to 400/);
    bad({ grid: 401 }, /grid must be an integer from 2 to 400/);
    bad({ steps: 0 }, /steps must be an integer/);
    bad({ x: [1, -1] }, /x must be an increasing range/);
    bad({ y: [0, Infinity] }, /y must be an increasing range/);
    bad({ run: -1 }, /run must be an integer/);
    assert.ok(parseWebviewMessage({ type: 'cancelBasins' }).ok);
  });

  it('the basins message survives the wire (labels as a Float64Array) and labels outside the minima are refused', () => {
    const view: BasinView = {
      run: 0, optimizer: 'sgd', nx: 2, ny: 2, x: [-1, 1], y: [0, 1], labels: [0, 1, -1, -2],
      minima: [{ point: [-1, 0], kind: 'known', starts: 1 }, { point: [1, 0], kind: 'known', starts: 1 }],
      diverged: 1, unsettled: 1, steps: 10, cancelled: false, elapsedMs: 3,
    };
    const wire = toWire({ type: 'basins', basins: view }) as { basins: { labels: unknown } };
    assert.ok(wire.basins.labels instanceof Float64Array);
    const back = parseHostMessage(wire);
    assert.ok(back.ok, back.ok ? '' : back.error);
    assert.deepStrictEqual(back.value, { type: 'basins', basins: view });
    const wrong = parseHostMessage({ type: 'basins', basins: { ...view, labels: [0, 2, -1, -2] } });
    assert.ok(!wrong.ok);
    assert.match(wrong.error, /basins\.labels\[1\] must be an integer from -2 to 1/);
    const short = parseHostMessage({ type: 'basins', basins: { ...view, labels: [0, 1, -1] } });
    assert.ok(!short.ok);
    assert.match(short.error, /must hold 4 values/);
  });

  it('the run’s optimizer as it ran, sliced by rows: each start labelled by the side of x = 0 it starts on', async () => {
    const c = basinConfigFor(model, config, request);
    assert.ok(c.ok, c.ok ? '' : c.error.message);
    assert.deepStrictEqual(c.value.spec.hyperparameters, { lr: 0.05, weightDecay: 0 });
    // 6 starts × 300 steps = 1,800 updates per row: 111 rows per slice of 200,000 updates.
    assert.strictEqual(rowsPerSlice(6, 300), 111);
    assert.strictEqual(rowsPerSlice(150, 100_000), 1);
    const progress: number[] = [];
    // force one row per slice with a long budget per row: the slicing must not change the result
    const r = await runPanelBasins({ ...c.value, steps: 40_000 }, { cancelled: false }, d => progress.push(d), yieldNow);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepStrictEqual(progress, [1, 2, 3, 4, 5, 6], 'one slice per row (6 × 40,000 updates > 200,000)');
    const view = toBasinView(r.value, 0, 'sgd');
    // x = −1.5, −0.9, −0.3 | 0.3, 0.9, 1.5: the left three end at (−1, 0) (label 0), the right three at (1, 0).
    for (let j = 0; j < 6; j++) assert.deepStrictEqual(view.labels.slice(j * 6, j * 6 + 6), [0, 0, 0, 1, 1, 1], `row ${j}`);
    assert.deepStrictEqual(view.minima.map(m => [m.point, m.kind, m.starts]), [[[-1, 0], 'known', 18], [[1, 0], 'known', 18]]);
    assert.strictEqual(view.diverged, 0);
    assert.deepStrictEqual([view.x, view.y, view.nx, view.ny], [[-1.5, 1.5], [-1, 1], 6, 6]);
  });

  it('adaptive slices: one row first, then as many as fit the slice time; the same labels whatever the cut', async () => {
    const c = basinConfigFor(model, config, request);
    assert.ok(c.ok);
    const progress: number[] = [];
    const r = await runPanelBasins(c.value, { cancelled: false }, d => progress.push(d), yieldNow);
    assert.ok(r.ok);
    // how many rows later slices take depends on the measured time; the first is one row, the last ends the grid
    assert.strictEqual(progress[0], 1);
    assert.strictEqual(progress[progress.length - 1], 6);
    assert.ok(progress.every((p, i) => i === 0 || p > progress[i - 1]), String(progress));
    const view = toBasinView(r.value, 0, 'sgd');
    for (let j = 0; j < 6; j++) assert.deepStrictEqual(view.labels.slice(j * 6, j * 6 + 6), [0, 0, 0, 1, 1, 1], `row ${j}`);
  });

  it('cancelled after the first slice: the rows done are labelled, the rest unsettled, cancelled said', async () => {
    const c = basinConfigFor(model, config, request);
    assert.ok(c.ok);
    const signal = { cancelled: false };
    const r = await runPanelBasins({ ...c.value, steps: 40_000 }, signal, () => { signal.cancelled = true; }, yieldNow);
    assert.ok(r.ok);
    const view = toBasinView(r.value, 0, 'sgd');
    assert.strictEqual(view.cancelled, true);
    assert.deepStrictEqual(view.labels.slice(0, 6), [0, 0, 0, 1, 1, 1]);
    assert.ok(view.labels.slice(6).every(l => l === -2));
    assert.strictEqual(view.unsettled, 30);
  });

  it('a request the map cannot take is a user error naming it', () => {
    const r = basinConfigFor(model, config, { ...request, run: 3 });
    assert.ok(!r.ok);
    assert.match(r.error.message, /run must be one of the 1 runs/);
    const one = basinConfigFor(model, { ...config, expression: 'x^2' }, request);
    assert.ok(!one.ok);
    assert.match(one.error.message, /at least two variables/);
  });

  it('layer data: colours per label, image rows flipped (y up), extent half a cell beyond the starts, legend with coordinates', () => {
    const view: BasinView = {
      run: 0, optimizer: 'sgd', nx: 3, ny: 2, x: [0, 2], y: [0, 1], labels: [0, 1, -1, 1, -2, 0],
      minima: [{ point: [-2.80512, 3.13131], kind: 'known', starts: 2 }, { point: [3, 2], kind: 'cluster', starts: 2 }, { point: [9, 9], kind: 'known', starts: 0 }],
      diverged: 1, unsettled: 1, steps: 10, cancelled: false, elapsedMs: 0,
    };
    assert.strictEqual(basinColour(0), BASIN_PALETTE[0]);
    assert.strictEqual(basinColour(-1), DIVERGED_COLOUR);
    assert.strictEqual(basinColour(-2), UNSETTLED_COLOUR);
    assert.deepStrictEqual(rgbOf('#4e79a7'), [0x4e, 0x79, 0xa7]);
    const px = basinPixels(view);
    const at = (r: number, c: number) => Array.from(px.slice((r * 3 + c) * 4, (r * 3 + c) * 4 + 4));
    // image row 0 is the grid's top row (j = 1: labels 1, −2, 0)
    assert.deepStrictEqual(at(0, 0), [...rgbOf(BASIN_PALETTE[1]), 255]);
    assert.deepStrictEqual(at(0, 1), [...rgbOf(UNSETTLED_COLOUR), 255]);
    assert.deepStrictEqual(at(1, 2), [...rgbOf(DIVERGED_COLOUR), 255]);
    assert.deepStrictEqual(basinExtent(view), { x: [-0.5, 2.5], y: [-0.5, 1.5] });
    assert.strictEqual(labelAt(view, 1.9, 0.1), -1);
    assert.strictEqual(labelAt(view, 0.1, 0.9), 1);
    assert.strictEqual(labelAt(view, 3, 0), undefined);
    assert.deepStrictEqual(basinLegend(view).map(e => [e.text, e.starts]), [
      ['minimum (−2.805, 3.131)', 2], ['end point (3, 2)', 2], ['diverged', 1], ['no minimum (ended elsewhere)', 1],
    ]);
  });
});
