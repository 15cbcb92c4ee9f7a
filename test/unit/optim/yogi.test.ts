/** Yogi: optax/_src/transform.py scale_by_yogi (+ alias.py yogi), derived from that rule by hand. */
import * as assert from 'node:assert/strict';
import { RULES, resolveHyperparameters } from '../../../src/core/optim/registry';
import { close, runRule, sequence } from './helpers';

describe('optim/yogi', () => {
  it('optax: first steps from the documented rule (moments start at 1e-6; ε = 1e-3 outside the root)', () => {
    // η = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-3; g = 2 then 0.01.
    // t1: m = 0.1·2 + 0.9·1e-6 = 0.2000009; v = 1e-6 − 0.001·sign(1e-6 − 4)·4 = 0.004001
    //     x₁ = −0.1 · (0.2000009/0.1) / (√(0.004001/0.001) + 0.001)
    const m1 = 0.2000009;
    const v1 = 0.004001;
    const x1 = -0.1 * (m1 / 0.1) / (Math.sqrt(v1 / 0.001) + 1e-3);
    // t2: g² = 1e-4 < v, so v DEcreases additively: v = 0.004001 − 0.001·1e-4 (Adam: 0.999·v + 1e-7)
    const m2 = 0.1 * 0.01 + 0.9 * m1;
    const v2 = v1 - 0.001 * 1e-4;
    const bc1 = 1 - 0.9 ** 2;
    const bc2 = 1 - 0.999 ** 2;
    const x2 = x1 - 0.1 * (m2 / bc1) / (Math.sqrt(v2 / bc2) + 1e-3);
    const { xs, effs } = runRule('yogi', 'optax', { lr: 0.1 }, [0], sequence([2, 0.01]), 2);
    close(xs[1][0], x1, 1e-14);
    close(xs[2][0], x2, 1e-14);
    close(effs[1][0], 0.1 / (Math.sqrt(v2 / bc2) + 1e-3), 1e-14);
  });

  it('constant g below √v: v grows additively by (1−β₂)g² a step', () => {
    // Constant g = 1 from v₀ = 1e-6: v_t = 1e-6 + t·(1−β₂) while v < 1, so after 3 steps 0.003001.
    const g = 1;
    let v = 1e-6;
    let m = 1e-6;
    let x = 0;
    for (let t = 1; t <= 3; t++) {
      m = 0.1 * g + 0.9 * m;
      v = v + 0.001 * g * g;
      x = x - 0.01 * (m / (1 - 0.9 ** t)) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-3);
    }
    close(runRule('yogi', 'optax', { lr: 0.01 }, [0], sequence([1, 1, 1]), 3).xs[3][0], x, 1e-13);
  });

  it('defaults from optax.yogi; PyTorch and Keras lack it with a clear message', () => {
    assert.deepEqual(RULES.yogi.defaults.optax, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-3 });
    for (const [c, re] of [['pytorch', /^PyTorch core \(torch\.optim\) has no Yogi optimizer; choose the optax or paper convention\.$/], ['keras', /^Keras 3 \(keras\.optimizers\) has no Yogi/]] as const) {
      const r = resolveHyperparameters('yogi', c);
      assert.ok(!r.ok);
      assert.match(r.error.message, re);
      assert.throws(() => RULES.yogi.create(1, {}, c), (e: Error) => re.test(e.message));
    }
    const bad = resolveHyperparameters('yogi', 'optax', { beta2: 1 });
    assert.ok(!bad.ok);
    assert.equal(bad.error.message, 'beta2 must be in [0, 1), got 1');
  });
});
