import * as assert from 'assert';
import { buildPanelModel } from '../../src/core/model';
import { embedModelJson, PanelModel, parseEmbeddedModel, parseHostMessage, PROTOCOL_VERSION, toWire, type TraceData } from '../../src/core/protocol';
import { mergeRecords, takeRecords, thinIndices, thinTrace } from '../../src/core/records';
import { availableAxes, hasExtraEvaluations, recordXs } from '../../src/webview/budgetAxis';

const trace: TraceData = {
  optimizer: 'asgd', convention: 'pytorch', label: 'ASGD', hyperparameters: { lr: 0.1 }, dim: 2,
  steps: [0, 1, 2], path: [1, 2, 0.5, 1, 0.25, 0.5], loss: [5, 1.25, 0.3125], effectiveLr: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  delta: [null, null, -0.5, -1, -0.25, -0.5], lr: [0.1, 0.1, 0.1], stop: { reason: 'max-steps', step: 2, detail: 'd' },
  extraPath: [0, 0, 0.5, 1, null, 0.75], extraLabel: 'average x̄ (ax)', evaluations: [1, 4, 9],
};
const model = (runs: unknown[]): unknown => ({
  version: PROTOCOL_VERSION,
  config: { expression: 'x^2+y^2', start: [1, 2], optimizers: ['asgd'], convention: 'pytorch', steps: 2, hyperparameters: {}, schedule: { kind: 'constant' } },
  objective: { text: 'x^2+y^2', tex: 'x^2', variables: ['x', 'y'], gradient: [] },
  runs,
  surface: { kind: 'grid', xVar: 0, yVar: 1, x: [0, 1], y: [0, 1], nx: 2, ny: 2, values: [1, 2, 3, 4] },
  registry: [], conventions: ['pytorch'], settings: { animationSpeed: 1 },
});
const read = (runs: unknown[]) => parseHostMessage({ type: 'show', model: model(runs) });

describe('protocol: a run\'s second point and its evaluation counts', () => {
  it('reads extraPath, extraLabel and evaluations as sent, as JSON, as typed arrays and embedded in a report', () => {
    const json = read([trace]);
    assert.ok(json.ok, !json.ok ? json.error : '');
    assert.deepStrictEqual(json.ok && json.value.type === 'show' && json.value.model.runs[0], trace);
    const m = model([trace]) as PanelModel;
    const wire = toWire({ type: 'show', model: m }) as { model: { runs: Record<string, unknown>[] } };
    assert.ok(wire.model.runs[0].extraPath instanceof Float64Array);
    assert.ok(wire.model.runs[0].evaluations instanceof Float64Array);
    const back = parseHostMessage(wire);
    assert.deepStrictEqual(back.ok && back.value.type === 'show' && back.value.model.runs[0], trace);
    // the report keeps the path and the second point at full precision, the counts exactly
    const embedded = parseHostMessage({ type: 'show', model: parseEmbeddedModel(embedModelJson(m)) });
    const run = embedded.ok && embedded.value.type === 'show' ? embedded.value.model.runs[0] : undefined;
    assert.deepStrictEqual([run?.extraPath, run?.extraLabel, run?.evaluations], [trace.extraPath, trace.extraLabel, trace.evaluations]);
  });

  it('both are optional', () => {
    const plain: TraceData = { ...trace };
    delete plain.extraPath;
    delete plain.extraLabel;
    delete plain.evaluations;
    const r = read([plain]);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.ok && r.value.type === 'show' && r.value.model.runs[0], plain);
  });

  const bad: [string, Partial<Record<keyof TraceData, unknown>>, RegExp][] = [
    ['extraPath with one value too few', { extraPath: [0, 0, 0.5, 1, 0.25] }, /runs\[0\]\.extraPath must hold 6 values, got 5/],
    ['extraPath that is not a list', { extraPath: 'far' }, /runs\[0\]\.extraPath/],
    ['evaluations shorter than steps', { evaluations: [1, 2] }, /runs\[0\]\.evaluations must hold 3 values, got 2/],
    ['a fractional evaluation count', { evaluations: [1, 2.5, 3] }, /runs\[0\]\.evaluations\[1\]/],
    ['an infinite evaluation count', { evaluations: [1, 2, Infinity] }, /runs\[0\]\.evaluations\[2\]/],
    ['a null evaluation count', { evaluations: [1, null, 3] }, /runs\[0\]\.evaluations\[1\]/],
    ['zero evaluations at a record', { evaluations: [0, 1, 2] }, /runs\[0\]\.evaluations\[0\]/],
    ['evaluations that decrease', { evaluations: [1, 5, 4] }, /runs\[0\]\.evaluations must not decrease, got 4 after 5 at \[2\]/],
    ['an extraLabel that is not text', { extraLabel: 3 }, /runs\[0\]\.extraLabel/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      const r = read([{ ...trace, ...change }]);
      assert.ok(!r.ok, 'accepted');
      assert.match(!r.ok ? r.error : '', message);
    });
  }

  it('typed-array evaluations of the wrong length are refused too', () => {
    const wire = toWire({ type: 'show', model: model([trace]) as PanelModel }) as { model: { runs: Record<string, unknown>[] } };
    wire.model.runs[0].evaluations = Float64Array.of(1, 2, 3, 4);
    const r = parseHostMessage(wire);
    assert.ok(!r.ok);
    assert.match(!r.ok ? r.error : '', /evaluations must hold 3 values, got 4/);
  });
});

describe('records: thinning keeps the second point and the evaluations aligned with the path', () => {
  // 11 records; the path runs straight from (0, 0) to (1, 1); the second point goes right to
  // (0.5, 0) at record 5, then up to (0.5, 0.5): a corner at record 5, 35 px from its chord on a
  // 100 px map. Loss falls linearly and every other series is constant, so one chart column keeps
  // only records 0 and 10.
  const n = 11;
  const idx = Array.from({ length: n }, (_, i) => i);
  const t = {
    dim: 2,
    steps: idx,
    path: idx.flatMap(i => [i / 10, i / 10]),
    loss: idx.map(i => 10 - i),
    effectiveLr: idx.flatMap(() => [0.1, 0.1]),
    delta: idx.flatMap(() => [0.1, 0.1]),
    lr: idx.map(() => 0.1),
    extraPath: idx.flatMap(i => (i <= 5 ? [i / 10, 0] : [0.5, (i - 5) / 10])),
    evaluations: idx.map(i => 1 + 3 * i),
  };
  const target = { map: { kind: 'grid' as const, xVar: 0, yVar: 1, x: [0, 1] as [number, number], y: [0, 1] as [number, number] }, pixels: 100, columns: 1 };

  it('keeps the corner of the second point\'s path (the path alone needs only its ends)', () => {
    const plain: Partial<typeof t> & Omit<typeof t, 'extraPath'> = { ...t };
    delete plain.extraPath;
    assert.deepStrictEqual(thinIndices(plain, target), [0, 10]);
    assert.deepStrictEqual(thinIndices(t, target), [0, 5, 10]);
  });

  it('takes the same records of path, extraPath and evaluations', () => {
    const thin = thinTrace(t, target);
    assert.deepStrictEqual(thin.steps, [0, 5, 10]);
    assert.deepStrictEqual(thin.path, [0, 0, 0.5, 0.5, 1, 1]);
    assert.deepStrictEqual(thin.extraPath, [0, 0, 0.5, 0, 0.5, 0.5]);
    assert.deepStrictEqual(thin.evaluations, [1, 16, 31]);
    const some = takeRecords(t, [2, 7]);
    assert.deepStrictEqual(some.extraPath, [0.2, 0, 0.5, 0.2]);
    assert.deepStrictEqual(some.evaluations, [7, 22]);
  });

  it('merging finer records back joins them at the same places', () => {
    const thin = thinTrace(t, target);
    const merged = mergeRecords(thin, takeRecords(t, [6, 7]), 6, 7);
    assert.deepStrictEqual(merged.steps, [0, 5, 6, 7, 10]);
    assert.deepStrictEqual(merged.extraPath, [0, 0, 0.5, 0, 0.5, 0.1, 0.5, 0.2, 0.5, 0.5]);
    assert.deepStrictEqual(merged.evaluations, [1, 16, 19, 22, 31]);
  });
});

describe('model: the panel gets the run loop\'s second point and evaluations', () => {
  it('ASGD (λ = 0, t₀ = 0, η = 0.25 on x² + y² from (1, 2)): x halves each step; x̄ is x until step 2, then the mean of x₂ and x₃', async () => {
    // torch ASGD single-tensor: ax ← x while μ = 1, else ax ← ax + μ(x − ax); after step t, μ = 1/max(1, t − t₀)
    // x₁ = (0.5, 1), x₂ = (0.25, 0.5), x₃ = (0.125, 0.25); μ for step 3 is 1/2, so x̄₃ = (0.1875, 0.375)
    const r = await buildPanelModel({
      expression: 'x^2 + y^2', start: [1, 2], optimizers: ['asgd'], convention: 'pytorch', steps: 3,
      hyperparameters: { asgd: { lr: 0.25, lambd: 0, t0: 0 } }, schedule: { kind: 'constant' },
    }, { gridSize: 5 });
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    const run = r.ok ? r.value.runs[0] : undefined;
    assert.ok(run && run.extraPath, 'no extraPath');
    assert.deepStrictEqual(run.path.slice(6, 8), [0.125, 0.25]);
    assert.deepStrictEqual(run.extraPath.slice(2), [0.5, 1, 0.25, 0.5, 0.1875, 0.375]);
    assert.strictEqual(run.extraLabel, 'average x̄ (ax)');
    // one f-and-∇f evaluation at the start and one per update
    assert.deepStrictEqual(run.evaluations, [1, 2, 3, 4]);
  });

  it('a rule without a second point has no extraPath', async () => {
    const r = await buildPanelModel({
      expression: 'x^2 + y^2', start: [1, 2], optimizers: ['sgd'], convention: 'pytorch', steps: 2, hyperparameters: {}, schedule: { kind: 'constant' },
    }, { gridSize: 5 });
    assert.ok(r.ok && r.value.runs[0].extraPath === undefined && r.value.runs[0].extraLabel === undefined);
  });
});

describe('loss chart: the evaluations axis counts the evaluations a rule makes inside its steps', () => {
  // steps 0, 1, 2 with 1, 4, 9 evaluations (one at the start, then 3 and 5 per step)
  const lbfgs = { steps: [0, 1, 2], evaluations: [1, 4, 9] };
  const sgd = { steps: [0, 1, 2], evaluations: [1, 2, 3] };

  it('a run with more than 1 + step evaluations offers the axis on a plain objective', () => {
    assert.strictEqual(hasExtraEvaluations(lbfgs), true);
    assert.strictEqual(hasExtraEvaluations(sgd), false);
    assert.strictEqual(hasExtraEvaluations({ steps: [0, 1] }), false);
    assert.deepStrictEqual(availableAxes({ extraEvaluations: true }), ['step', 'evaluations']);
    assert.deepStrictEqual(availableAxes({ extraEvaluations: false }), ['step']);
  });

  it('each record at the gradients spent after the start: SGD one per step, L-BFGS its own count − 1', () => {
    assert.deepStrictEqual(Array.from(recordXs('evaluations', { extraEvaluations: true }, lbfgs)), [0, 3, 8]);
    assert.deepStrictEqual(Array.from(recordXs('evaluations', { extraEvaluations: true }, sgd)), [0, 1, 2]);
    assert.deepStrictEqual(Array.from(recordXs('step', { extraEvaluations: true }, lbfgs)), [0, 1, 2]);
  });

  it('on a dataset (10 rows, batches of 4) each evaluation inside a step costs a batch', () => {
    // beyond 1 + step: 4 − 2 = 2 extra at step 1, 9 − 3 = 6 at step 2, each a batch of 4, on top of 4 and 4 + 4
    assert.deepStrictEqual(Array.from(recordXs('evaluations', { cost: { rows: 10, batchSize: 4 }, extraEvaluations: true }, lbfgs)), [0, 4 + 2 * 4, 8 + 6 * 4]);
  });
});
