/** Shared helpers in optim/types.ts. */
import * as assert from 'node:assert/strict';
import { PowerSeries, beta1At, torchLerp } from '../../../src/core/optim/types';

describe('optim/types helpers', () => {
  it('PowerSeries returns exactly Math.pow(base, t·scale), across growth, after clearing, beyond its cap', () => {
    PowerSeries.clearCache();
    const s = PowerSeries.of(0.999);
    assert.equal(PowerSeries.of(0.999), s, 'shared per (base, scale)');
    for (const t of [0, 1, 2, 1023, 1024, 5000, 3, 70000, (1 << 18) + 5, 759_619, 759_620, 800_000, 5_000_000]) assert.equal(s.at(t), Math.pow(0.999, t), `t=${t}`);
    const frac = PowerSeries.of(0.96, 0.004);
    for (const t of [1, 2, 10, 2048, 4_000_000, 4_654_354, 6_000_000]) assert.equal(frac.at(t), Math.pow(0.96, t * 0.004));
    PowerSeries.clearCache();
    assert.notEqual(PowerSeries.of(0.999), s);
  });

  it('torchLerp: a + w(b − a) for |w| < 0.5, b − (b − a)(1 − w) otherwise (exact at w = 1)', () => {
    assert.equal(torchLerp(0.3, 0.7, 1), 0.7);
    assert.equal(torchLerp(0.3, 0.7, 0), 0.3);
    assert.equal(torchLerp(2, 4, 0.25), 2.5);
    assert.equal(torchLerp(2, 4, 0.75), 3.5);
  });

  it('beta1At: none β₁, power β₁ᵗ, inverse β₁/t', () => {
    assert.equal(beta1At(0.9, 'none', 3), 0.9);
    assert.equal(beta1At(0.5, 'power', 3), 0.125);
    assert.equal(beta1At(0.9, 'inverse', 3), 0.3);
  });
});
