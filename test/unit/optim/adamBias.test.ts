import * as assert from 'assert';
import { oneMinusPower } from '../../../src/core/optim/adam';
import { PowerSeries } from '../../../src/core/optim/types';

describe('adam: bias corrections 1 − βᵗ without a power per step in long runs', () => {
  for (const beta of [0.9, 0.99, 0.999, 0.9999])
    it(`β = ${beta}: equals 1 − Math.pow(β, t) (the frameworks' formula) at every step up to well past the cut-over`, () => {
      const f = oneMinusPower(beta, PowerSeries.of(beta));
      // βᵗ ≤ 2⁻⁵⁶ from t = 56·ln 2 / −ln β on; check three times that far
      const last = Math.ceil((3 * 56 * Math.LN2) / -Math.log(beta));
      for (let t = 1; t <= last; t++) if (f(t) !== 1 - Math.pow(beta, t)) assert.fail(`t = ${t}: ${f(t)} ≠ ${1 - Math.pow(beta, t)}`);
    });

  it('β outside (0, 1) always computes the power (β = 1: no bias correction to round away)', () => {
    const f = oneMinusPower(1, PowerSeries.of(1));
    assert.strictEqual(f(10_000_000), 0);
  });
});
