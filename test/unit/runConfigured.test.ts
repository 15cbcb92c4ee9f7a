/** The one way the panel and the CLI run a configuration: once, or once per noise seed with a band. */
import * as assert from 'node:assert/strict';
import { runConfigured } from '../../src/core/model';
import { RunConfig } from '../../src/core/protocol';
import { objectiveSource, runOptimizers } from '../../src/core/run';
import { withGradientNoise } from '../../src/core/data/noise';

const bowl = objectiveSource(x => x[0] * x[0] + x[1] * x[1], (x, g) => { g[0] = 2 * x[0]; g[1] = 2 * x[1]; }, 2);
const base: RunConfig = {
  expression: 'x^2 + y^2', start: [1, -2], optimizers: ['sgd', 'adam'], convention: 'pytorch', steps: 20,
  hyperparameters: { sgd: { lr: 0.1 } }, schedule: { kind: 'constant' },
};
const options = { start: base.start, steps: base.steps, yieldToEventLoop: () => Promise.resolve() };

describe('runConfigured', () => {
  it('without noise: the plain runs, no band — SGD with η = 0.1 on x² + y² multiplies x by 0.8 per step', async () => {
    const r = await runConfigured(base, bowl, options);
    assert.ok(r.ok);
    assert.equal(r.value.bands, undefined);
    const sgd = r.value.traces[0];
    assert.ok(Math.abs(sgd.path[20 * 2] - 0.8 ** 20) < 1e-15);
    assert.ok(Math.abs(sgd.path[20 * 2 + 1] - -2 * 0.8 ** 20) < 1e-15);
  });

  it('with noise over 3 seeds: seed 0\'s traces, and a band whose mean is the mean of the three seeds\' losses', async () => {
    const r = await runConfigured({ ...base, noise: { sigma: 0.5, seeds: 3 } }, bowl, options);
    assert.ok(r.ok && r.value.bands);
    const bySeed = [0, 1, 2].map(seed => {
      const noisy = withGradientNoise(bowl, 0.5, seed);
      assert.ok(noisy.ok);
      const t = runOptimizers(noisy.value, [{ optimizer: 'sgd', hyperparameters: { lr: 0.1 } }], { start: base.start, steps: base.steps });
      assert.ok(t.ok);
      return t.value[0];
    });
    assert.deepEqual(Array.from(r.value.traces[0].path), Array.from(bySeed[0].path));
    const k = 10;
    const mean = (bySeed[0].loss[k] + bySeed[1].loss[k] + bySeed[2].loss[k]) / 3;
    assert.ok(Math.abs(r.value.bands[0].mean[k] - mean) < 1e-12 * Math.max(1, mean));
  });

  it('noisy SGD on x² + 3y² over 8 seeds averages out near the minimum', async () => {
    const bowl3 = objectiveSource(x => x[0] * x[0] + 3 * x[1] * x[1], (x, g) => { g[0] = 2 * x[0]; g[1] = 6 * x[1]; }, 2);
    const config: RunConfig = { ...base, expression: 'x^2 + 3*y^2', start: [1, 1], optimizers: ['sgd'], steps: 200, hyperparameters: { sgd: { lr: 0.05 } }, noise: { sigma: 0.5, seeds: 8 } };
    const r = await runConfigured(config, bowl3, { start: [1, 1], steps: 200, yieldToEventLoop: () => Promise.resolve() });
    assert.ok(r.ok && r.value.bands);
    const band = r.value.bands[0];
    assert.equal(band.mean[0], 4); // every seed starts at f(1, 1) = 4
    // SGD with noise settles at E[x_i²] = ησ²/(h_i(2 − ηh_i)) (h = 2 and 6): a mean loss of about 0.007.
    assert.ok(band.hi[200] > band.lo[200]);
    assert.ok(band.hi[200] < 0.1, `final spread up to ${band.hi[200]}`);
  });
});
