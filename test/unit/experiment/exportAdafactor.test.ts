/** Export as code: PyTorch's Adafactor (torch ≥ 2.5), written with every value and a version comment. */
import * as assert from 'assert';
import { exportScript, optimizerCall } from '../../../src/core/export';
import { RunConfig } from '../../../src/core/protocol';

const config: RunConfig = {
  expression: 'x^2 + 3*y^2',
  start: [1, -1],
  optimizers: ['adafactor', 'adam'],
  convention: 'pytorch',
  steps: 20,
  hyperparameters: {},
  schedule: { kind: 'constant' },
};

describe('export as code: torch.optim.Adafactor', () => {
  it('every value explicit: lr, beta2_decay, eps = (ε₁, ε₂) with ε₁ = 2⁻⁵² (what None gives in float64), d, weight_decay', () => {
    const r = optimizerCall('pytorch', 'adafactor', { lr: 0.05, weightDecay: 0.01 });
    assert.ok('call' in r);
    // torch/optim/_adafactor.py: Adafactor(params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0)
    assert.strictEqual(r.call, `torch.optim.Adafactor(params, lr=LR, beta2_decay=-0.8, eps=(${2 ** -52}, 0.001), d=1.0, weight_decay=0.01)`);
    assert.strictEqual(r.lr, 0.05);
    assert.match(r.comment ?? '', /needs torch >= 2\.5/);
  });

  it('the script says above the run that it needs torch >= 2.5; the other runs are unaffected', () => {
    const r = exportScript({ config }, 'pytorch');
    assert.ok(r.ok);
    const lines = r.value.split('\n');
    const at = lines.findIndex(l => l.includes('run("adafactor"'));
    assert.ok(at > 0, r.value);
    assert.match(lines[at - 1], /^ {4}# torch\.optim\.Adafactor needs torch >= 2\.5/);
    assert.match(lines[at], /torch\.optim\.Adafactor\(params, lr=lr, /);
    assert.ok(lines.some(l => l.includes('run("adam"')));
    assert.ok(!/adafactor: .* — run left out/.test(r.value));
  });

  it('ε₂ travels inside the eps tuple (not as an unknown option), and a changed ε₂ is written', () => {
    const r = optimizerCall('pytorch', 'adafactor', { epsilon2: 0.01, clipThreshold: 2 });
    assert.ok('call' in r, 'skip' in r ? r.skip : '');
    assert.match(r.call, /eps=\([^,]+, 0\.01\), d=2\.0,/);
  });
});
