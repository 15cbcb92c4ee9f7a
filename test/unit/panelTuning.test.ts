import * as assert from 'assert';
import { tunedConfig, withLrSources } from '../../src/extension/panelSweep';
import { RULES } from '../../src/core/optim/registry';
import type { PanelModel, RunConfig } from '../../src/core/protocol';

const bowl = (over: Partial<RunConfig>): RunConfig => ({
  expression: 'x^2 + y^2', start: [1.5, 1.5], optimizers: ['sgd', 'adam'], convention: 'pytorch', steps: 100,
  hyperparameters: { adam: { lr: 0.05 } }, schedule: { kind: 'constant' }, ...over,
});

// Fair starts in the panel: config.tuning → each rate the person did not set, with where it came from.
describe('panel tuning (config.tuning)', () => {
  it('tuned: GD on the bowl takes the grid rate with the smallest |1 − 2η|; a rate set by you stays', () => {
    const r = tunedConfig(bowl({ tuning: 'tuned' }));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    // Grid 10^(−4 + 4k/11), k = 0 … 11. η = 1 (k = 11) gives |1 − 2η| = 1 (no progress); k = 10,
    // η = 10^(−4/11) ≈ 0.433, gives 0.134, the smallest of the grid: the lowest loss after 100 steps.
    assert.ok(Math.abs((r.value.config.hyperparameters.sgd?.lr as number) / Math.pow(10, -4 / 11) - 1) < 1e-9, String(r.value.config.hyperparameters.sgd?.lr));
    assert.strictEqual(r.value.config.hyperparameters.adam?.lr, 0.05);
    assert.deepStrictEqual(r.value.sources, ['tuned: best of 12', 'set by you']);
  });

  it('defaults: the framework’s default rate, said so; no tuning: the config as it is', () => {
    const r = tunedConfig(bowl({ tuning: 'defaults' }));
    assert.ok(r.ok);
    assert.strictEqual(r.value.config.hyperparameters.sgd?.lr, RULES.sgd.defaults.pytorch?.lr);
    assert.deepStrictEqual(r.value.sources, ['PyTorch default', 'set by you']);
    const plain = tunedConfig(bowl({}));
    assert.ok(plain.ok);
    assert.strictEqual(plain.value.sources, undefined);
    assert.deepStrictEqual(plain.value.config.hyperparameters, { adam: { lr: 0.05 } });
  });

  it('the model shown keeps the person’s configuration and labels each run', () => {
    const config = bowl({ tuning: 'tuned' });
    const model = { config: { ...config, hyperparameters: { sgd: { lr: 0.43 }, adam: { lr: 0.05 } } }, runs: [{ optimizer: 'sgd' }, { optimizer: 'adam' }] } as unknown as PanelModel;
    const shown = withLrSources(model, config, ['tuned: best of 12', 'set by you']);
    assert.deepStrictEqual(shown.config.hyperparameters, { adam: { lr: 0.05 } });
    assert.deepStrictEqual(shown.runs.map(r => r.lrSource), ['tuned: best of 12', 'set by you']);
  });
});
