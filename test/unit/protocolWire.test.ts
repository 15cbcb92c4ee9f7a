import * as assert from 'assert';
import { embedModelJson, fromBase64, PanelModel, parseEmbeddedModel, parseHostMessage, parseWebviewMessage, PROTOCOL_VERSION, toBase64, toWire } from '../../src/core/protocol';

const trace = {
  optimizer: 'sgd' as const, convention: 'pytorch' as const, label: 'SGD', hyperparameters: { lr: 0.1 }, dim: 2,
  steps: [0, 1, 2], path: [1, 2, 0.1, null, 3, 4], loss: [5, null, 25], effectiveLr: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
  delta: [null, null, -0.9, null, 2.9, null], lr: [0.1, 0.1, 0.1], stop: { reason: 'diverged' as const, step: 2, detail: 'd' },
};
const model: PanelModel = {
  version: PROTOCOL_VERSION,
  config: { expression: 'x^2+y^2', start: [1, 2], optimizers: ['sgd'], convention: 'pytorch', steps: 2, hyperparameters: {}, schedule: { kind: 'constant' } },
  objective: { text: 'x^2+y^2', tex: 'x^2', variables: ['x', 'y'], gradient: [] },
  runs: [trace],
  surface: { kind: 'grid', xVar: 0, yVar: 1, x: [0, 1], y: [0, 1], nx: 2, ny: 2, values: [1, 2, 3, null] },
  registry: [], conventions: ['pytorch'], settings: { animationSpeed: 1 },
};

describe('protocol: long series travel as Float64Arrays', () => {
  it('toWire turns every series into a Float64Array, null into NaN, and the reader gives back the same message', () => {
    const wire = toWire({ type: 'show', model }) as { model: { runs: Record<string, unknown>[]; surface: { values: unknown } } };
    const run = wire.model.runs[0];
    for (const k of ['steps', 'path', 'loss', 'effectiveLr', 'delta', 'lr']) assert.ok(run[k] instanceof Float64Array, k);
    assert.ok(Number.isNaN((run.loss as Float64Array)[1]));
    assert.ok(wire.model.surface.values instanceof Float64Array);
    const back = parseHostMessage(wire);
    assert.ok(back.ok, !back.ok ? back.error : '');
    assert.deepStrictEqual(back.value, { type: 'show', model });
  });

  it('±Infinity in a Float64Array reads as null, like NaN (non-finite is one state)', () => {
    const wire = toWire({ type: 'show', model }) as { model: { runs: { loss: Float64Array }[] } };
    wire.model.runs[0].loss = Float64Array.of(Infinity, -Infinity, 1);
    const r = parseHostMessage(wire);
    assert.ok(r.ok && r.value.type === 'show');
    assert.deepStrictEqual(r.ok && r.value.type === 'show' && r.value.model.runs[0].loss, [null, null, 1]);
  });

  const bad: [string, (run: Record<string, unknown>) => void, RegExp][] = [
    ['a path of the wrong length', run => (run.path = new Float64Array(5)), /model\.runs\[0\]\.path must hold 6 values, got 5/],
    ['a loss of the wrong length', run => (run.loss = [1, 2]), /model\.runs\[0\]\.loss must hold 3 values, got 2/],
    ['effectiveLr shorter than the path', run => (run.effectiveLr = new Float64Array(4)), /effectiveLr must hold 6 values, got 4/],
    ['a step that is not whole', run => (run.steps = Float64Array.of(0, 1.5, 2)), /steps\[1\] must be an integer/],
    ['a NaN step', run => (run.steps = Float64Array.of(0, NaN, 2)), /steps\[1\] must be an integer/],
    ['another typed array', run => (run.loss = Float32Array.of(1, 2, 3)), /loss must be a list of numbers or null, or a Float64Array/],
  ];
  for (const [what, spoil, error] of bad)
    it(`refuses ${what}`, () => {
      const wire = toWire({ type: 'show', model }) as { model: { runs: Record<string, unknown>[] } };
      spoil(wire.model.runs[0]);
      const r = parseHostMessage(wire);
      assert.ok(!r.ok);
      assert.match(r.error, error);
    });

  it('a surface whose values do not fill nx·ny is refused', () => {
    const r = parseHostMessage({ type: 'surface', surface: { ...model.surface, values: new Float64Array(3) } });
    assert.ok(!r.ok);
    assert.match(r.error, /values must hold nx·ny = 4 values, got 3/);
  });
});

describe('protocol: step ranges (requestRecords → records)', () => {
  it('requestRecords needs whole steps with from ≤ to', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'requestRecords', from: 3, to: 9 }), { ok: true, value: { type: 'requestRecords', from: 3, to: 9 } });
    const r = parseWebviewMessage({ type: 'requestRecords', from: 9, to: 3 });
    assert.ok(!r.ok);
    assert.match(r.error, /to must be an integer from 9/);
  });

  it('records: each run as typed arrays, every step inside from…to', () => {
    const chunk = { steps: [4, 5], path: [1, 2, 3, 4], loss: [1, 2], effectiveLr: [1, 1, 1, 1], delta: [0, 0, 0, 0], lr: [1, 1] };
    const ok = parseHostMessage(toWire({ type: 'records', from: 4, to: 6, runs: [chunk] }));
    assert.deepStrictEqual(ok, { ok: true, value: { type: 'records', from: 4, to: 6, runs: [chunk] } });
    const outside = parseHostMessage(toWire({ type: 'records', from: 5, to: 6, runs: [chunk] }));
    assert.ok(!outside.ok);
    assert.match(outside.error, /runs\[0\]\.steps must lie from 5 to 6/);
    const ragged = parseHostMessage({ type: 'records', from: 4, to: 6, runs: [{ ...chunk, path: [1, 2, 3] }] });
    assert.ok(!ragged.ok);
    assert.match(ragged.error, /path must hold a whole number of values per step \(2 steps\), got 3/);
  });
});

describe('protocol: the report embeds series as base64', () => {
  it('base64 of the classic examples (RFC 4648 §10)', () => {
    const enc = (s: string) => toBase64(Uint8Array.from(s, c => c.charCodeAt(0)));
    assert.deepStrictEqual(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc), ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
    assert.deepStrictEqual([...(fromBase64('Zm9vYmE=') as Uint8Array)], [102, 111, 111, 98, 97]);
    assert.strictEqual(fromBase64('Zm9'), undefined);
    assert.strictEqual(fromBase64('Zm9v!A=='), undefined);
  });

  it('the path stays Float64 (exact); displayed series become Float32 (0.1 → fround(0.1)); the reader accepts it', () => {
    const text = embedModelJson(model);
    const raw = JSON.parse(text) as { runs: Record<string, Record<string, string>>[] };
    assert.ok('$f64' in raw.runs[0].path);
    assert.ok('$f32' in raw.runs[0].loss && '$f32' in raw.runs[0].steps);
    const r = parseHostMessage({ type: 'show', model: parseEmbeddedModel(text) });
    assert.ok(r.ok && r.value.type === 'show', !r.ok ? r.error : '');
    const run = r.ok && r.value.type === 'show' ? r.value.model.runs[0] : undefined;
    assert.deepStrictEqual(run?.path, trace.path);
    assert.deepStrictEqual(run?.steps, [0, 1, 2]);
    assert.deepStrictEqual(run?.lr, [Math.fround(0.1), Math.fround(0.1), Math.fround(0.1)]);
    assert.deepStrictEqual(run?.loss, [5, null, 25]);
  });

  it('a loss beyond Float32 range (1e300) stays Float64 rather than turning into Infinity', () => {
    const big = { ...model, runs: [{ ...trace, loss: [5, null, 1e300] }] };
    const raw = JSON.parse(embedModelJson(big)) as { runs: Record<string, Record<string, string>>[] };
    assert.ok('$f64' in raw.runs[0].loss);
  });
});
