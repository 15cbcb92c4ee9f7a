/** The panel model: map variables checked against the objective, long runs thinned by the loop, seed bands by step. */
import * as assert from 'node:assert/strict';
import { buildPanelModel, MAX_RECORDS, seedBand } from '../../src/core/model';
import { RunConfig } from '../../src/core/protocol';
import { OPTIMIZER_IDS } from '../../src/core/optim/types';
import { Trace } from '../../src/core/run';
import { sampleCurve, sampleGrid } from '../../src/core/surface';

const config = (over: Partial<RunConfig>): RunConfig => ({
  expression: 'x^2 + y^2', start: [1, 1], optimizers: ['sgd'], convention: 'pytorch', steps: 10,
  hyperparameters: { sgd: { lr: 0.1 } }, schedule: { kind: 'constant' }, ...over,
});

describe('panel model', () => {
  it('mapVariables that do not fit three variables: an error value naming them', async () => {
    for (const map of [[0, 99], [-1, 0], [1, 1]] as [number, number][]) {
      const r = await buildPanelModel(config({ expression: 'x^2 + y^2 + z^2', start: [1, 1, 1], mapVariables: map }), { gridSize: 5 });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.message, `mapVariables must be two different variable indices from 0 to 2, got a list [${map.join(', ')}] (x, y, z)`);
    }
    const good = await buildPanelModel(config({ expression: 'x^2 + y^2 + z^2', start: [1, 1, 1], mapVariables: [2, 0] }), { gridSize: 5 });
    assert.ok(good.ok);
    assert.ok(good.value.surface?.kind === 'grid' && good.value.surface.xVar === 2 && good.value.surface.yVar === 0);
  });

  it('with two variables a misfit pair is ignored: the map shows variables 0 and 1', async () => {
    const r = await buildPanelModel(config({ mapVariables: [0, 99] }), { gridSize: 5 });
    assert.ok(r.ok);
    assert.ok(r.value.surface?.kind === 'grid' && r.value.surface.xVar === 0 && r.value.surface.yVar === 1);
  });

  it('a long run is thinned by the loop: at most MAX_RECORDS records, the first and the last kept, by step number', async () => {
    const r = await buildPanelModel(config({ steps: 30_000 }), { gridSize: 5 });
    assert.ok(r.ok);
    const [t] = r.value.runs;
    assert.ok(t.steps.length <= MAX_RECORDS);
    assert.equal(t.steps[0], 0);
    assert.equal(t.steps[t.steps.length - 1], 30_000);
    // 10,000·S > 30,000 first at S = 4: 0, 4, …, 30,000 → 7,501 records.
    assert.equal(t.steps.length, 7501);
    assert.equal(t.path.length, 7501 * 2);
    // SGD η = 0.1 on x² + y²: x_k = 0.8^k; record c is step 4c.
    assert.ok(Math.abs((t.path[2] as number) - 0.8 ** 4) < 1e-15);
  });

  it('seed bands line up by step when the seeds were thinned differently', () => {
    const trace = (steps: number[], loss: number[]) => ({ steps: Uint32Array.from(steps), loss: Float64Array.from(loss) }) as unknown as Trace;
    const band = seedBand([trace([0, 2, 4, 6, 7], [10, 12, 14, 16, 17]), trace([0, 4, 8], [20, 24, 28])]);
    // Steps 0 and 4 have both seeds; 2, 6 and 7 only seed 0.
    assert.deepEqual(Array.from(band.mean), [15, 12, 19, 16, 17]);
    assert.deepEqual(Array.from(band.count), [2, 1, 2, 1, 1]);
    assert.deepEqual(Array.from(band.hi), [20, 12, 24, 16, 17]);
  });
});

describe('panel model: any request gives a value', () => {
  it('malformed configs and options are error values', async () => {
    const message = async (c: unknown, opts = {}): Promise<string> => {
      const r = await buildPanelModel(c as RunConfig, opts);
      return r.ok ? '(ok)' : r.error.message;
    };
    assert.equal(await message(null), 'the run configuration must be an object, got null');
    assert.equal(await message(undefined), 'the run configuration must be an object, got nothing');
    assert.equal(await message(config({ steps: 2 ** 40 })), 'config.steps must be an integer from 1 to 10000000, got 1099511627776');
    assert.equal(await message(config({ start: [1, 'a' as unknown as number] })), 'config.start must be a list of 1 to 64 finite numbers, got a list [1, "a"]');
    assert.equal(await message(config({}), { gridSize: 1e9 }), 'gridSize must be a whole number from 2 to 2000, got 1000000000');
    assert.equal(await message(config({ optimizers: ['nope' as 'sgd'] })), `config.optimizers[0] must be one of ${OPTIMIZER_IDS.join(', ')}, got the text "nope"`);
  });
});

describe('surface sampling', () => {
  it('one sample per axis sits at the start of the range (no NaN from dividing by n − 1 = 0)', () => {
    const g = sampleGrid(x => x[0] + 10 * x[1], [0, 0], 0, 1, [2, 3], [5, 6], 1, 1);
    assert.deepEqual(g.values, [2 + 10 * 5]);
    assert.deepEqual(sampleCurve(x => x[0] * x[0], [3, 4], 1).values, [9]);
  });
});
