import * as assert from 'assert';
import { experimentFromRunConfig, readExperiment, serializeExperiment, withRatesUsed } from '../../../src/core/experiment/format';
import { boundsToSave, initialViewState, MapBounds, openingView } from '../../../src/core/experiment/view';
import type { RunConfig, ViewState } from '../../../src/core/protocol';

/** A file in the writer's layout with a zoomed view (Rosenbrock, three optimizers). */
const ZOOMED = `{
  "version": 1,
  "preset": "rosenbrock",
  "start": [-1.5, 2],
  "convention": "pytorch",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.001 } },
    { "id": "momentum", "hyperparameters": { "lr": 0.0005 } },
    { "id": "adam", "hyperparameters": { "lr": 0.04 } }
  ],
  "schedule": { "kind": "constant" },
  "steps": 300,
  "view": { "bounds": { "x": [-1.75, 1.25], "y": [-0.5, 2.5] } }
}
`;

/** Three variables, the map on (x, z) with y held at 0.5. */
const AXES = `{
  "version": 1,
  "expression": "x^2 + y^2 + 2*z^2",
  "start": [1, -1, 0.5],
  "convention": "keras",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.05 } }
  ],
  "schedule": { "kind": "constant" },
  "steps": 50,
  "view": { "mapVariables": [0, 2], "sliceMode": "fixed", "fixedValues": [0, 0.5, 0], "bounds": { "x": [-2, 2], "y": [-1, 1] } }
}
`;

const PLAYING: ViewState = { position: 40, playing: false, speed: 7, lossScale: 'linear', smoothing: 0.3 };

/** What the panel does: open (view from the file), then Save (file from the view). */
function openThenSave(text: string, viewAfterOpen: (v: ViewState | undefined) => ViewState | undefined = v => v): { saved: string; opened: ViewState | undefined } {
  const run = readExperiment(text);
  assert.ok(run.ok, run.ok ? '' : run.error.message);
  const opened = openingView(undefined, run.value.bounds, 10);
  const view = viewAfterOpen(opened);
  const bounds = boundsToSave(view, run.value.bounds);
  return { saved: serializeExperiment(experimentFromRunConfig(run.value.config, bounds ? { bounds } : {})), opened };
}

describe('experiment files: the view (map bounds and axes) in the panel', () => {
  it('opening a file with bounds zooms a new panel to exactly those bounds, from the first step, playing', () => {
    const bounds: MapBounds = { x: [-1.75, 1.25], y: [-0.5, 2.5] };
    assert.deepStrictEqual(openingView(undefined, bounds, 12), { position: 0, playing: true, speed: 12, lossScale: 'log', smoothing: 0, zoom: { x: [-1.75, 1.25], y: [-0.5, 2.5] } });
    assert.deepStrictEqual(initialViewState(3), { position: 0, playing: true, speed: 3, lossScale: 'log', smoothing: 0 });
  });

  it('a panel already open plays the experiment from step 0, keeps speed, loss scale and smoothing; the file\'s bounds replace its zoom, or clear it', () => {
    const zoomed: ViewState = { ...PLAYING, zoom: { x: [0, 1], y: [0, 1] } };
    const fromStart: ViewState = { position: 0, playing: true, speed: 7, lossScale: 'linear', smoothing: 0.3 };
    assert.deepStrictEqual(openingView(zoomed, { x: [-3, 3], y: [-2, 4] }, 10), { ...fromStart, zoom: { x: [-3, 3], y: [-2, 4] } });
    const cleared = openingView(zoomed, undefined, 10);
    assert.deepStrictEqual(cleared, fromStart);
    assert.ok(cleared && !('zoom' in cleared));
    // Nothing to say for a new panel and a file without bounds: the webview's own first view applies.
    assert.strictEqual(openingView(undefined, undefined, 10), undefined);
  });

  it('the zoom is a copy: zooming the panel later does not change the bounds the file was read with', () => {
    const bounds: MapBounds = { x: [-1, 1], y: [-2, 2] };
    const v = openingView(undefined, bounds, 10)!;
    v.zoom!.x[0] = -9;
    assert.deepStrictEqual(bounds.x, [-1, 1]);
  });

  it('Save writes the panel\'s zoom; none after the map was reset; the file\'s bounds before the panel has a view', () => {
    const opened: MapBounds = { x: [-1, 1], y: [-2, 2] };
    assert.deepStrictEqual(boundsToSave({ ...PLAYING, zoom: { x: [0, 0.5], y: [1, 1.5] } }, opened), { x: [0, 0.5], y: [1, 1.5] });
    assert.strictEqual(boundsToSave(PLAYING, opened), undefined);
    assert.deepStrictEqual(boundsToSave(undefined, opened), opened);
    assert.strictEqual(boundsToSave(undefined, undefined), undefined);
  });

  it('open → Save without changes is byte-identical (bounds, and the axes of a three-variable map)', () => {
    assert.strictEqual(openThenSave(ZOOMED).saved, ZOOMED);
    assert.strictEqual(openThenSave(AXES).saved, AXES);
    const axes = readExperiment(AXES);
    assert.ok(axes.ok);
    assert.deepStrictEqual(axes.value.config.mapVariables, [0, 2]);
    assert.strictEqual(axes.value.config.sliceMode, 'fixed');
    assert.deepStrictEqual(axes.value.config.fixedValues, [0, 0.5, 0]);
  });

  it('open → zoom → Save → open shows the same zoom', () => {
    const zoom: MapBounds = { x: [-0.375, 1.125], y: [0.0625, 1.5] };
    const { saved } = openThenSave(ZOOMED, v => ({ ...v!, zoom }));
    assert.ok(saved.includes('"view": { "bounds": { "x": [-0.375, 1.125], "y": [0.0625, 1.5] } }'), saved);
    // Only the view line differs from the file that was opened.
    const before = ZOOMED.split('\n');
    const after = saved.split('\n');
    assert.strictEqual(after.length, before.length);
    assert.deepStrictEqual(after.map((l, i) => (l === before[i] ? null : i + 1)).filter(Boolean), [13]);
    const reopened = readExperiment(saved);
    assert.ok(reopened.ok);
    assert.deepStrictEqual(openingView(undefined, reopened.value.bounds, 10)?.zoom, zoom);
  });

  it('open → reset the map → Save drops the bounds', () => {
    const { saved } = openThenSave(ZOOMED, v => {
      const rest = { ...v! };
      delete rest.zoom;
      return rest;
    });
    assert.ok(!saved.includes('"view"'), saved);
    const reopened = readExperiment(saved);
    assert.ok(reopened.ok && reopened.value.bounds === undefined);
  });

  it('a panel with tuned rates saves the rates its runs used (the person\'s own rates kept), without tuning', () => {
    const config: RunConfig = {
      expression: 'x^2 + 4*y^2', start: [1, 1], optimizers: ['sgd', 'adam', 'rmsprop'], convention: 'pytorch', steps: 100,
      hyperparameters: { sgd: { lr: 0.01 }, rmsprop: { alpha: 0.9 } }, schedule: { kind: 'constant' }, tuning: 'tuned',
    };
    // What the runs used: sgd the person's 0.01, adam and rmsprop rates a sweep picked.
    const runs: { optimizer: string; hyperparameters: Record<string, number> }[] = [
      { optimizer: 'sgd', hyperparameters: { lr: 0.01, momentum: 0 } },
      { optimizer: 'adam', hyperparameters: { lr: 0.1, beta1: 0.9 } },
      { optimizer: 'rmsprop', hyperparameters: { lr: 0.0316, alpha: 0.9 } },
    ];
    const saved = withRatesUsed(config, runs);
    assert.deepStrictEqual(saved.hyperparameters, { sgd: { lr: 0.01 }, adam: { lr: 0.1 }, rmsprop: { alpha: 0.9, lr: 0.0316 } });
    assert.ok(!('tuning' in saved));
    assert.ok(serializeExperiment(experimentFromRunConfig(saved)).includes('{ "id": "rmsprop", "hyperparameters": { "lr": 0.0316, "alpha": 0.9 } }'));
    // Without tuning the config is saved as it is.
    const given = { ...config };
    delete given.tuning;
    assert.strictEqual(withRatesUsed(given, runs), given);
  });
});
