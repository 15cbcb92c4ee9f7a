/** Nadam: torch/optim/nadam.py (2.x), keras/src/optimizers/nadam.py, optax adam(nesterov=True). */
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

const rosenbrock = (x: Float64Array): number[] => [
  -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]),
  200 * (x[1] - x[0] * x[0]),
];

describe('optim/nadam', () => {
  it('keras first step by hand (the golden setup: η 0.5, β₁ 0.5, β₂ 0.67, ε 1e-5, g = 0.01)', () => {
    // μ₁ = 0.5(1 − 0.5·0.96) = 0.26, μ₂ = 0.5(1 − 0.5·0.9216) = 0.2696, Π₁ = 0.26, Π₁μ₂ = 0.070096
    // m = 0.005, v = 0.33e-4, v̂ = 1e-4; m̂ = 0.2696·0.005/(1 − 0.070096) + 0.74·0.01/0.74
    // x₁ = 1 − 0.5·m̂/(0.01 + 1e-5) ≈ 0.42809 (golden 0.4281)
    const mHat = (0.2696 * 0.005) / (1 - 0.070096) + 0.01;
    const { xs } = runRule('nadam', 'keras', { lr: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 }, [1], sequence([0.01]), 1);
    close(xs[1][0], 1 - (0.5 * mHat) / (0.01 + 1e-5), 1e-12);
  });

  it('pytorch first step by hand with the default ψ = 0.004', () => {
    // μ₁ = 0.9(1 − ½·0.96^0.004), μ₂ = 0.9(1 − ½·0.96^0.008); m₁ = 0.1g, d = |g| + ε (v̂₁ = g²)
    // x₁ = x₀ − η(1−μ₁)/(1−μ₁)·g/d − η·μ₂/(1 − μ₁μ₂)·m₁/d
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    const g = 2, d = 2 + 1e-8, lr = 2e-3;
    const expected = 1 - (lr * g) / d - ((lr * mu2) / (1 - mu1 * mu2)) * (0.2 / d);
    close(runRule('nadam', 'pytorch', {}, [1], sequence([g]), 1).xs[1][0], expected, 1e-14);
  });

  it('optax first step by hand: m̂ = β₁m/(1 − β₁²) + (1 − β₁)g/(1 − β₁)', () => {
    // g = 2: m₁ = 0.2 → m̂ = 0.9·0.2/0.19 + 2; v̂ = 4 → x₁ = 1 − η·m̂/(2 + 1e-8)
    const mHat = (0.9 * 0.2) / 0.19 + 2;
    close(runRule('nadam', 'optax', { lr: 0.01 }, [1], sequence([2]), 1).xs[1][0], 1 - (0.01 * mHat) / (2 + 1e-8), 1e-14);
  });

  it('PyTorch with ψ = 1 and ε = 1e-7 is Keras Nadam', () => {
    const a = runRule('nadam', 'pytorch', { lr: 1e-3, momentumDecay: 1, epsilon: 1e-7 }, [-1.2, 1], rosenbrock, 300).xs;
    const b = runRule('nadam', 'keras', { lr: 1e-3 }, [-1.2, 1], rosenbrock, 300).xs;
    a.forEach((row, k) => closeAll(b[k], row, 1e-12, `k=${k}`));
  });

  it('Keras golden, single step and weight decay (nadam_test.py)', () => {
    assertKerasSingleStep('nadam', { lr: 0.5 }, [0.4686, 1.4686, 2.4686, 3.4686]);
    // prettier-ignore
    assertKerasGolden('nadam', { lr: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 }, [
      [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
      [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
      [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
      [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
      [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
    ]);
    assertKerasWeightDecay('nadam');
  });
});
