/** signSGD and Signum: optax alias.py sign_sgd / signum (ema without debiasing, then the sign), by hand. */
import * as assert from 'node:assert/strict';
import { RULES, resolveHyperparameters } from '../../../src/core/optim/registry';
import { closeAll, runRule, sequence } from './helpers';

describe('optim/signum', () => {
  it('signSGD: every coordinate moves by exactly η against sign(g); 0 where g = 0', () => {
    const { xs, effs } = runRule('signsgd', 'optax', { lr: 0.1 }, [1, 1, 1], sequence([[3, -0.5, 0]]), 1);
    closeAll(xs[1], [0.9, 1.1, 1]);
    closeAll(effs[0], [0.1, 0.1, 0.1]);
  });

  it('Signum: the sign of m = (1−β)g + βm (no bias correction), hand-computed three steps', () => {
    // β = 0.9, g = 1, −0.5, −0.5: m = 0.1 (+), 0.09 − 0.05 = 0.04 (+), 0.036 − 0.05 = −0.014 (−)
    const { xs } = runRule('signum', 'optax', { lr: 0.1 }, [0], sequence([1, -0.5, -0.5]), 3);
    closeAll(xs.map(v => v[0]), [0, -0.1, -0.2, -0.1]);
  });

  it('Signum with β = 0 is signSGD', () => {
    const grads = (x: Float64Array): number[] => [2 * x[0] - 1, 6 * x[1]];
    assert.deepEqual(runRule('signum', 'optax', { lr: 0.01, beta: 0 }, [1, -1], grads, 50).xs, runRule('signsgd', 'optax', { lr: 0.01 }, [1, -1], grads, 50).xs);
  });

  it('defaults from optax; β range; PyTorch and Keras lack both', () => {
    assert.deepEqual(RULES.signum.defaults.optax, { lr: 1e-3, beta: 0.9 });
    const bad = resolveHyperparameters('signum', 'optax', { beta: 1.5 });
    assert.ok(!bad.ok && bad.error.message === 'beta must be in [0, 1], got 1.5');
    for (const id of ['signsgd', 'signum'] as const) {
      for (const c of ['pytorch', 'keras'] as const) {
        const r = resolveHyperparameters(id, c);
        assert.ok(!r.ok && /has no (signSGD|Signum) optimizer; choose the optax or paper convention\.$/.test(r.error.message), `${id}/${c}`);
        assert.throws(() => RULES[id].create(1, {}, c), /has no/);
      }
    }
  });
});
