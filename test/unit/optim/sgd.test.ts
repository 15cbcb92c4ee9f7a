/**
 * sgd, momentum, nesterov — hand-computed steps from each framework's documented rule
 * (torch/optim/sgd.py, keras/src/optimizers/sgd.py, optax/_src/alias.py sgd + transform.py trace).
 */
import * as assert from 'node:assert/strict';
import { CONVENTIONS } from '../../../src/core/optim/types';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { assertKerasGolden, assertKerasWeightDecay, bowl, close, closeAll, runRule, sequence } from './helpers';

describe('optim/sgd', () => {
  for (const c of CONVENTIONS) {
    it(`${c}: x ← x − η·g on f = ½x² (g = x): x_k = (1 − η)^k·x₀, effective lr = η`, () => {
      // η = 0.1: x₁ = 0.9·x₀, x₂ = 0.81·x₀, x₃ = 0.729·x₀.
      const { xs, effs } = runRule('sgd', c, { lr: 0.1 }, [1, -2], bowl, 3);
      closeAll(xs[1], [0.9, -1.8]);
      closeAll(xs[2], [0.81, -1.62]);
      closeAll(xs[3], [0.729, -1.458]);
      for (const e of effs) closeAll(e, [0.1, 0.1]);
    });
  }

  it('defaults: PyTorch lr 1e-3 (2.2+), Keras 0.01, optax none (1e-3 used)', () => {
    const lrOf = (c: 'pytorch' | 'keras' | 'optax'): unknown => {
      const r = resolveHyperparameters('sgd', c);
      return r.ok ? r.value.lr : r.error.message;
    };
    assert.equal(lrOf('pytorch'), 1e-3);
    assert.equal(lrOf('keras'), 0.01);
    assert.equal(lrOf('optax'), 1e-3);
  });

  it('weight decay: PyTorch L2 and Keras decoupled coincide for plain SGD (gradient taken before the decay)', () => {
    // x = 2, g = 1, η = 0.1, λ = 0.5. PyTorch: g' = 1 + 0.5·2 = 2 → x = 2 − 0.2 = 1.8.
    // Keras: x = 2 − 2·0.5·0.1 = 1.9, then x = 1.9 − 1·0.1 = 1.8.
    close(runRule('sgd', 'pytorch', { lr: 0.1, weightDecay: 0.5 }, [2], sequence([1]), 1).xs[1][0], 1.8);
    close(runRule('sgd', 'keras', { lr: 0.1, weightDecay: 0.5 }, [2], sequence([1]), 1).xs[1][0], 1.8);
  });

  it('Keras golden (sgd_test.py: SGD(nesterov=True) with momentum 0 is plain SGD, lr 0.01)', () => {
    // prettier-ignore
    assertKerasGolden('sgd', {}, [
      [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
      [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
      [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
      [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
      [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
    ]);
    assertKerasWeightDecay('sgd');
  });
});

describe('optim/momentum', () => {
  // Gradients 1, 2, 3 at x₀ = 0, η = 0.1, μ = 0.9.
  //   PyTorch: b₁ = 1, b₂ = 0.9 + 2 = 2.9, b₃ = 2.61 + 3 = 5.61; x −= 0.1·b → −0.1, −0.39, −0.951
  //   Keras:   v₁ = −0.1, v₂ = −0.09 − 0.2 = −0.29, v₃ = −0.261 − 0.3 = −0.561; x += v → same
  //   optax:   m = 1, 2.9, 5.61 (m ← g + μm); x −= 0.1·m → same
  for (const c of CONVENTIONS) {
    it(`${c}: heavy ball, hand-computed first three steps`, () => {
      const { xs, effs } = runRule('momentum', c, { lr: 0.1, momentum: 0.9 }, [0], sequence([1, 2, 3]), 3);
      closeAll(xs.map(v => v[0]), [0, -0.1, -0.39, -0.951]);
      for (const e of effs) close(e[0], 0.1);
    });
    it(`${c}: momentum 0 is exactly SGD`, () => {
      const a = runRule('momentum', c, { lr: 0.07, momentum: 0 }, [3, -1], bowl, 20).xs;
      const b = runRule('sgd', c, { lr: 0.07 }, [3, -1], bowl, 20).xs;
      assert.deepEqual(a, b);
    });
  }

  it('PyTorch dampening τ: no dampening on the first step (buffer = clone(grad))', () => {
    // τ = 0.5: b₁ = 1, b₂ = 0.9·1 + 0.5·2 = 1.9, b₃ = 0.9·1.9 + 0.5·3 = 3.21 → x = −0.1, −0.29, −0.611
    const { xs } = runRule('momentum', 'pytorch', { lr: 0.1, momentum: 0.9, dampening: 0.5 }, [0], sequence([1, 2, 3]), 3);
    closeAll(xs.map(v => v[0]), [0, -0.1, -0.29, -0.611]);
  });

  it('PyTorch rejects nesterov with dampening or without momentum, as torch/optim/sgd.py does', () => {
    const r = resolveHyperparameters('momentum', 'pytorch', { nesterov: true, dampening: 0.1 });
    assert.ok(!r.ok);
    assert.match(r.error.message, /nesterov requires momentum > 0 and dampening = 0/);
    assert.match(r.error.message, /dampening=0\.1/);
  });
});

describe('optim/nesterov', () => {
  // Gradients 1, 2, 3 at x₀ = 0, η = 0.1, μ = 0.9.
  //   PyTorch: b = 1, 2.9, 5.61; step g + μb = 1.9, 4.61, 8.049 → x = −0.19, −0.651, −1.4559
  //   Keras:   x += μv − ηg with v = −0.1, −0.29, −0.561: −0.09 − 0.1, −0.261 − 0.2, −0.5049 − 0.3 → same
  //   optax:   m = 1, 2.9, 5.61; u = g + μm → same
  for (const c of CONVENTIONS) {
    it(`${c}: hand-computed first three steps`, () => {
      const { xs } = runRule('nesterov', c, { lr: 0.1, momentum: 0.9 }, [0], sequence([1, 2, 3]), 3);
      closeAll(xs.map(v => v[0]), [0, -0.19, -0.651, -1.4559]);
    });
    it(`${c}: momentum rule with nesterov=true is the nesterov rule`, () => {
      const a = runRule('momentum', c, { lr: 0.03, momentum: 0.8, nesterov: true }, [3, -1], bowl, 25).xs;
      const b = runRule('nesterov', c, { lr: 0.03, momentum: 0.8 }, [3, -1], bowl, 25).xs;
      assert.deepEqual(a, b);
    });
  }

  it('needs momentum > 0', () => {
    const r = resolveHyperparameters('nesterov', 'keras', { momentum: 0 });
    assert.ok(!r.ok);
    assert.equal(r.error.message, 'momentum must be in (0, 1], got 0');
  });
});
