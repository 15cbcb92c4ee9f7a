import * as assert from 'assert';
import { buildPanelModel } from '../../src/core/model';
import { parseHostMessage, type RunConfig } from '../../src/core/protocol';

const config = (over: Partial<RunConfig>): RunConfig => ({
  expression: 'x^2 + y^2', start: [1.5, 1.5], optimizers: ['sgd'], convention: 'pytorch', steps: 100, hyperparameters: {}, schedule: { kind: 'constant' }, ...over,
});

// Each run of the panel model carries its diagnosis sentences for its card.
describe('panel model: diagnosis on each run', () => {
  it('GD on the bowl with η = 1.5 > 2/λmax = 1 diverges; with η = 0.1 it reaches the known minimum (0, 0)', async () => {
    const m = await buildPanelModel(config({ optimizers: ['sgd', 'momentum'], hyperparameters: { sgd: { lr: 1.5 }, momentum: { lr: 0.1 } } }), { gridSize: 20 });
    assert.ok(m.ok, m.ok ? '' : m.error.message);
    const [gd, hb] = m.value.runs;
    assert.strictEqual(gd.stop.reason, 'diverged');
    assert.deepStrictEqual(gd.diagnosis?.map(s => s.kind).slice(0, 1), ['diverged']);
    // η·λmax = 1.5·2 = 3 > 2
    assert.match(gd.diagnosis?.[0].text ?? '', /η·λmax = 3\b/);
    assert.ok(hb.diagnosis?.some(s => s.kind === 'reached-minimum'), JSON.stringify(hb.diagnosis));
    assert.ok(!hb.diagnosis?.some(s => s.kind === 'diverged'));
    // What the host sends, the webview reads back (sentences included).
    const msg = parseHostMessage({ type: 'show', model: m.value });
    assert.ok(msg.ok, msg.ok ? '' : msg.error);
    assert.deepStrictEqual(msg.ok && msg.value.type === 'show' ? msg.value.model.runs[0].diagnosis : undefined, gd.diagnosis);
    // … and refuses a kind the diagnosis does not have, naming where.
    const broken = JSON.parse(JSON.stringify(m.value));
    broken.runs[0].diagnosis[0].kind = 'bogus';
    const bad = parseHostMessage({ type: 'show', model: broken });
    assert.ok(!bad.ok && /runs\[0\]\.diagnosis\[0\]\.kind/.test(bad.error), bad.ok ? '' : bad.error);
  });

  it('a run that stays put has no sentence that does not hold (no divergence, no minimum reached)', async () => {
    const m = await buildPanelModel(config({ hyperparameters: { sgd: { lr: 1e-6 } }, steps: 20 }), { gridSize: 20 });
    assert.ok(m.ok);
    const kinds = m.value.runs[0].diagnosis?.map(s => s.kind) ?? [];
    assert.ok(!kinds.includes('diverged') && !kinds.includes('reached-minimum') && !kinds.includes('other-minimum'), kinds.join(', '));
  });
});
