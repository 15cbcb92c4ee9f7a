/**
 * adam, amsgrad, adamw: torch/optim/adam.py + adamw.py, keras/src/optimizers/adam.py + adamw.py,
 * optax/_src/transform.py scale_by_adam / scale_by_amsgrad (+ add_decayed_weights).
 */
import * as assert from 'node:assert/strict';
import { CONVENTIONS, FRAMEWORK_CONVENTIONS } from '../../../src/core/optim/types';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

/** A 2-D Rosenbrock gradient: a non-trivial, non-constant gradient sequence. */
const rosenbrock = (x: Float64Array): number[] => [
  -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]),
  200 * (x[1] - x[0] * x[0]),
];

describe('optim/adam', () => {
  it('first step: m̂ = g, v̂ = g², so x₁ = x₀ − η·g/(|g| + ε) (PyTorch, optax) and ε̂/√(1−β₂) for Keras', () => {
    // PyTorch/optax: x₁ = 1 − 0.1·0.5/(0.5 + 1e-8).
    // Keras: α₁ = η√(1−β₂)/(1−β₁); x₁ = 1 − (0.1·0.5)·α₁/(√0.001·0.5 + 1e-7) = 1 − 0.1·0.5/(0.5 + 1e-7/√0.001).
    for (const c of ['pytorch', 'optax'] as const) {
      close(runRule('adam', c, { lr: 0.1 }, [1], sequence([0.5]), 1).xs[1][0], 1 - 0.05 / (0.5 + 1e-8), 1e-14, c);
    }
    close(runRule('adam', 'keras', { lr: 0.1 }, [1], sequence([0.5]), 1).xs[1][0], 1 - 0.05 / (0.5 + 1e-7 / Math.sqrt(0.001)), 1e-14);
  });

  it('second step by hand (ε = 0, all conventions): g = 1, −1', () => {
    // m₁ = 0.1, v₁ = 0.001 → x₁ = −0.1. m₂ = 0.09 − 0.1 = −0.01, v₂ = 0.000999 + 0.001 = 0.001999;
    // m̂₂ = −0.01/0.19, v̂₂ = 0.001999/(1 − 0.999²) = 1 → x₂ = −0.1 + 0.1·0.01/0.19 = −0.0947368…
    for (const c of CONVENTIONS) {
      const { xs, effs } = runRule('adam', c, { lr: 0.1, epsilon: 0 }, [0], sequence([1, -1]), 2);
      closeAll(xs.map(v => v[0]), [0, -0.1, -0.1 + 0.001 / 0.19], 1e-12, c);
      close(effs[1][0], 0.1, 1e-12, c); // η/√v̂₂ = 0.1/1
    }
  });

  it('Keras ≡ PyTorch with a time-varying ε_torch = ε_keras/√(1 − β₂ᵗ)', () => {
    // Reference: the PyTorch rule written out, with ε_t substituted (torch/optim/adam.py).
    const b1 = 0.9, b2 = 0.999, lr = 0.01, epsK = 1e-3;
    const x = [-1.2, 1], m = [0, 0], v = [0, 0];
    const keras = runRule('adam', 'keras', { lr, epsilon: epsK }, x, rosenbrock, 30).xs;
    for (let t = 1; t <= 30; t++) {
      const g = rosenbrock(Float64Array.from(x));
      const epsT = epsK / Math.sqrt(1 - b2 ** t);
      for (let i = 0; i < 2; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        x[i] -= (lr / (1 - b1 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + epsT);
      }
      closeAll(keras[t], x, 1e-10, `t=${t}`);
    }
  });

  it('PyTorch ≡ optax (ε_root = 0) on a Rosenbrock gradient sequence', () => {
    const a = runRule('adam', 'pytorch', { lr: 0.01 }, [-1.2, 1], rosenbrock, 200).xs;
    const b = runRule('adam', 'optax', { lr: 0.01 }, [-1.2, 1], rosenbrock, 200).xs;
    a.forEach((row, k) => closeAll(b[k], row, 1e-10, `k=${k}`));
  });

  it('optax ε_root sits inside the root: x₁ = x₀ − η·g/(√(g² + ε_root) + ε)', () => {
    close(runRule('adam', 'optax', { lr: 0.1, epsRoot: 0.16, epsilon: 0 }, [0], sequence([0.3]), 1).xs[1][0], -0.1 * 0.3 / 0.5);
  });

  it('weight decay: PyTorch L2 (enters m and v) vs Keras decoupled', () => {
    // x₀ = 1, g = 0, λ = 0.01, η = 0.1, ε = 1e-8.
    // PyTorch: g' = 0.01 → first step η·g'/(|g'| + ε) ≈ 0.1 → x₁ = 1 − 0.1·0.01/(0.01 + 1e-8)
    // Keras: x₁ = 1 − 1·0.01·0.1 = 0.999, then m = 0 → no Adam step.
    close(runRule('adam', 'pytorch', { lr: 0.1, weightDecay: 0.01 }, [1], sequence([0]), 1).xs[1][0], 1 - 0.001 / (0.01 + 1e-8));
    close(runRule('adam', 'keras', { lr: 0.1, weightDecay: 0.01 }, [1], sequence([0]), 1).xs[1][0], 0.999);
  });

  it('beta1Decay: the first moment stays exactly debiased (1 − Π β₁,i), so a constant g gives m̂ = g', () => {
    // With ε = 0, v̂ = g² and m̂ = g every step, so x_t = −t·η for g = 1, whatever the β₁ schedule.
    for (const beta1Decay of ['none', 'power', 'inverse']) {
      for (const c of FRAMEWORK_CONVENTIONS) {
        const { xs } = runRule('adam', c, { lr: 0.1, epsilon: 0, beta1Decay }, [0], sequence([1, 1, 1, 1]), 4);
        closeAll(xs.map(v => v[0]), [0, -0.1, -0.2, -0.3, -0.4], 1e-12, `${beta1Decay}/${c}`);
      }
    }
  });

  it('beta1Decay power: β₁,₂ = 0.81 changes the second step (g = 1, 3)', () => {
    // none:  m₂ = 0.9·0.1 + 0.1·3 = 0.39, m̂₂ = 0.39/0.19
    // power: m₂ = 0.81·0.1 + 0.19·3 = 0.651, Π = 0.9·0.81 = 0.729, m̂₂ = 0.651/0.271
    // v₂ = 0.999·0.001 + 0.001·9 = 0.009999, v̂₂ = 0.009999/0.001999
    const vHat = 0.009999 / 0.001999;
    const none = runRule('adam', 'pytorch', { lr: 0.1, epsilon: 0 }, [0], sequence([1, 3]), 2).xs[2][0];
    const power = runRule('adam', 'pytorch', { lr: 0.1, epsilon: 0, beta1Decay: 'power' }, [0], sequence([1, 3]), 2).xs[2][0];
    close(none, -0.1 - (0.1 * 0.39) / 0.19 / Math.sqrt(vHat));
    close(power, -0.1 - (0.1 * 0.651) / 0.271 / Math.sqrt(vHat));
  });

  it('Keras golden, single step and weight decay (adam_test.py)', () => {
    assertKerasSingleStep('adam', { lr: 0.5 }, [0.5, 1.5, 2.5, 3.5]);
    assertKerasWeightDecay('adam');
  });
});

describe('optim/amsgrad', () => {
  // g = 10, 0.1; η = 0.1; ε = 0. v₁ = 0.1, v₂ = 0.0999 + 0.00001 = 0.09991 < v₁; m₂ = 0.9 + 0.01 = 0.91, m̂₂ = 0.91/0.19.
  // PyTorch, Keras (max over raw v): v_max = 0.1 → denominator √0.1/√(1 − 0.999²) = √(0.1/0.001999)
  // optax (max over bias-corrected v̂): v̂₁ = 100, v̂₂ = 0.09991/0.001999 ≈ 49.98 → v̂_max = 100 → √ = 10
  const mHat = 0.91 / 0.19;
  it('pytorch and keras take the max over the raw v', () => {
    for (const c of ['pytorch', 'keras'] as const) {
      const { xs } = runRule('amsgrad', c, { lr: 0.1, epsilon: 0 }, [0], sequence([10, 0.1]), 2);
      close(xs[1][0], -0.1, 1e-12, c);
      close(xs[2][0], -0.1 - (0.1 * mHat) / Math.sqrt(0.1 / 0.001999), 1e-12, c);
    }
  });
  it('optax takes the max over the bias-corrected v̂', () => {
    const { xs } = runRule('amsgrad', 'optax', { lr: 0.1, epsilon: 0 }, [0], sequence([10, 0.1]), 2);
    close(xs[2][0], -0.1 - (0.1 * mHat) / 10);
  });
  it('equals Adam while v is non-decreasing (the frameworks; the paper\'s AMSGrad has no bias correction)', () => {
    for (const c of FRAMEWORK_CONVENTIONS) {
      assert.deepEqual(runRule('amsgrad', c, { lr: 0.1 }, [0], sequence([1, 2, 3, 4]), 4).xs, runRule('adam', c, { lr: 0.1 }, [0], sequence([1, 2, 3, 4]), 4).xs);
    }
  });
  it('Keras golden (adam_test.py: Adam(amsgrad=True))', () => {
    assertKerasGolden('amsgrad', {}, [0.999, 0.9982, 0.9974, 0.9965, 0.9955].map(v => new Array<number>(10).fill(v)));
  });
});

describe('optim/adamw', () => {
  it('decoupled decay with zero gradient: PyTorch x(1 − ηλ), Keras x − xλη, optax x − η·λx (defaults λ)', () => {
    // η = 0.1, x₀ = 1: PyTorch λ = 0.01 → 0.999; Keras λ = 0.004 → 0.9996; optax λ = 1e-4 → 0.99999
    close(runRule('adamw', 'pytorch', { lr: 0.1 }, [1], sequence([0]), 1).xs[1][0], 0.999);
    close(runRule('adamw', 'keras', { lr: 0.1 }, [1], sequence([0]), 1).xs[1][0], 0.9996);
    close(runRule('adamw', 'optax', { lr: 0.1 }, [1], sequence([0]), 1).xs[1][0], 0.99999);
  });
  it('pytorch first step: x₁ = x₀(1 − ηλ) − η·g/(|g| + ε)', () => {
    close(runRule('adamw', 'pytorch', { lr: 0.1, weightDecay: 0.5 }, [2], sequence([0.5]), 1).xs[1][0], 2 * 0.95 - 0.05 / (0.5 + 1e-8));
  });
  it('λ = 0 is Adam', () => {
    for (const c of CONVENTIONS) {
      assert.deepEqual(runRule('adamw', c, { lr: 0.01, weightDecay: 0 }, [-1.2, 1], rosenbrock, 50).xs, runRule('adam', c, { lr: 0.01 }, [-1.2, 1], rosenbrock, 50).xs);
    }
  });
  it('Keras golden and single step (adamw_test.py)', () => {
    assertKerasSingleStep('adamw', { lr: 0.5 }, [0.498, 1.496, 2.494, 3.492]);
    // prettier-ignore
    assertKerasGolden('adamw', { lr: 1, weightDecay: 0.5, epsilon: 2 }, [
      [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
      [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
      [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
      [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
      [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
    ]);
    assertKerasWeightDecay('adamw');
  });
});
