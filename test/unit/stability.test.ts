import * as assert from 'assert';
import { curvatureForRun, spreadIndices, stabilityAlong, stabilityAlongSync, stabilitySteps, STABILITY_POINTS } from '../../src/core/stability';
import { buildPanelModel } from '../../src/core/model';
import { datasetFromColumns } from '../../src/core/data/dataset';
import { prepareData } from '../../src/core/dataRun';
import type { PanelModel, RunConfig, TraceData } from '../../src/core/protocol';

const quadratic = (over: Partial<RunConfig> = {}): RunConfig => ({
  expression: 'x^2 + 3*y^2', start: [1, 1], optimizers: ['sgd', 'momentum'], convention: 'pytorch', steps: 50,
  hyperparameters: { sgd: { lr: 0.1 }, momentum: { lr: 0.02 } }, schedule: { kind: 'constant' }, ...over,
});

// The stability chart's numbers: λmax of the Hessian at each recorded point, η·λmax with the record's rate.
describe('stability along the runs (λmax and η·λmax; the panel and the CLI)', () => {
  it('f = x² + 3y²: the Hessian is diag(2, 6) everywhere, so λmax = 6 at every record and η·λmax = 6η exactly', async () => {
    const config = quadratic();
    const built = await buildPanelModel(config);
    assert.ok(built.ok, built.ok ? '' : built.error.message);
    const model = built.value;
    const view = await stabilityAlong(model, curvatureForRun(config));
    assert.strictEqual(view.hessian, 'symbolic');
    assert.strictEqual(view.note, 'symbolic Hessian of f');
    assert.strictEqual(view.runs.length, 2);
    view.runs.forEach((r, i) => {
      const eta = i === 0 ? 0.1 : 0.02;
      assert.deepStrictEqual(r.steps, model.runs[i].steps);
      assert.ok(r.lambdaMax.every(l => l !== null && Math.abs(l - 6) < 1e-12), `run ${i}: ${r.lambdaMax.slice(0, 3)}`);
      // every record after the start carries its update's rate; η·λmax is that product (6·0.1 = 0.6, 6·0.02 = 0.12)
      for (let k = 1; k < r.steps.length; k++) assert.strictEqual(r.etaLambda[k], (model.runs[i].lr[k] as number) * (r.lambdaMax[k] as number));
      assert.ok(r.etaLambda.slice(1).every(v => v !== null && Math.abs(v - 6 * eta) < 1e-12));
    });
  });

  it('a scheduled rate moves η·λmax with it; a non-finite point is a gap, not NaN', async () => {
    const run = { dim: 2, steps: [0, 1, 2, 3], path: [1, 1, 0.5, 0.5, null, 0.2, 0.1, 0.1], lr: [null, 0.1, 0.05, 0.025] } as unknown as TraceData;
    const view = await stabilityAlong({ runs: [run] } as Pick<PanelModel, 'runs'>, curvatureForRun(quadratic()));
    assert.deepStrictEqual(view.runs[0].lambdaMax.map(v => (v === null ? null : Math.round(v * 1e9) / 1e9)), [6, 6, null, 6]);
    assert.deepStrictEqual(view.runs[0].etaLambda.map(v => (v === null ? null : Math.round(v * 1e9) / 1e9)), [null, 0.6, null, 0.15]);
  });

  it('a dataset: the Hessian of the mean loss (central differences), said so', async () => {
    // (w·x − y)² over x = 1, 2, 3 (no rescaling): d²/dw² of the mean = 2·mean(x²) = 2·14/3 = 28/3.
    const data = prepareData('(w*x - y)^2', datasetFromColumns({ x: [1, 2, 3], y: [2, 3, 7] }), { file: 'mem', parameters: ['w'], batchSize: 'full', epochs: 3, shuffle: false, rescale: 'none', seed: 1 });
    assert.ok(data.ok, data.ok ? '' : data.error.message);
    const run = { dim: 1, steps: [0, 1], path: [0, 0.5], lr: [null, 0.01] } as unknown as TraceData;
    const source = curvatureForRun(quadratic({ expression: '(w*x - y)^2' }), data.value.source);
    assert.match(source.note, /mean loss over the 3 rows, by central differences/);
    const view = await stabilityAlong({ runs: [run] } as Pick<PanelModel, 'runs'>, source);
    assert.strictEqual(view.hessian, 'numeric');
    for (const l of view.runs[0].lambdaMax) assert.ok(l !== null && Math.abs(l - 28 / 3) < 1e-6, String(l));
    assert.ok(Math.abs((view.runs[0].etaLambda[1] as number) - 0.28 / 3) < 1e-8);
  });

  it('no Hessian (an expression that does not parse): no numbers, the reason as the note', async () => {
    const source = curvatureForRun(quadratic({ expression: 'x^2 +' }));
    assert.strictEqual(source.curvature, undefined);
    assert.match(source.note, /^no Hessian: /);
    const view = await stabilityAlong({ runs: [{ dim: 2, steps: [0], path: [1, 1], lr: [null] } as unknown as TraceData] }, source);
    assert.deepStrictEqual(view, { runs: [{ steps: [], lambdaMax: [], etaLambda: [] }], hessian: null, note: source.note });
  });

  it('big Hessians: fewer points (about 2·10⁷ of n³ work per run); beyond 50 variables no chart, said why', async () => {
    // f = x1² + … + x40²: ∇²f = 2I, λmax = 2 everywhere; 2·10⁷ / 40³ = 312.5 → 312 points of 1,000 records.
    const n = 40;
    const expression = Array.from({ length: n }, (_, i) => `x${i + 1}^2`).join(' + ');
    const records = 1000;
    const run = { dim: n, steps: Array.from({ length: records }, (_, k) => k), path: new Array(records * n).fill(0.5), lr: new Array(records).fill(0.1) } as unknown as TraceData;
    const view = await stabilityAlong({ runs: [run] } as Pick<PanelModel, 'runs'>, curvatureForRun(quadratic({ expression, start: new Array(n).fill(0.5) })));
    assert.strictEqual(view.runs[0].steps.length, 312);
    assert.ok(view.runs[0].lambdaMax.every(l => l !== null && Math.abs(l - 2) < 1e-9));
    const wide = curvatureForRun(quadratic({ expression: 'x^2', start: new Array(51).fill(0) }));
    assert.strictEqual(wide.curvature, undefined);
    assert.match(wide.note, /no stability chart for 51 variables \(more than 50/);
  });

  it('at most STABILITY_POINTS records per run, evenly spread, first and last kept', () => {
    assert.deepStrictEqual(spreadIndices(4, 10), [0, 1, 2, 3]);
    const idx = spreadIndices(10_001, STABILITY_POINTS);
    assert.strictEqual(idx.length, STABILITY_POINTS);
    assert.strictEqual(idx[0], 0);
    assert.strictEqual(idx[idx.length - 1], 10_000);
  });
  it('one computation: the panel\'s pausing driver and the CLI\'s synchronous one give the same view; a pause after each run', async () => {
    const config = quadratic();
    const built = await buildPanelModel(config);
    assert.ok(built.ok);
    const source = curvatureForRun(config);
    let pauses = 0;
    const paused = await stabilityAlong(built.value, source, () => { pauses++; return Promise.resolve(); });
    assert.deepStrictEqual(stabilityAlongSync(built.value.runs, source), paused);
    // two runs of 51 records on a 2×2 Hessian: far below the work per pause, so one pause after each run
    assert.strictEqual(pauses, 2);
    // a set signal stops at once: the runs are there, empty
    const it = stabilitySteps(built.value.runs, source, { cancelled: true });
    let r = it.next();
    while (!r.done) r = it.next();
    assert.deepStrictEqual(r.value.runs.map(x => x.steps.length), [0, 0]);
  });

  it('a dataset run with no dataset at hand: no Hessian of the per-sample loss, said so', () => {
    const source = curvatureForRun(quadratic({ expression: '(w*x - y)^2', start: [0], data: { file: 'd.csv', parameters: ['w'], batchSize: 'full', epochs: 1, shuffle: false, rescale: 'none', seed: 1 } }));
    assert.strictEqual(source.curvature, undefined);
    assert.match(source.note, /^no Hessian: the dataset/);
  });
});
