/** AdaMax: torch/optim/adamax.py, keras/src/optimizers/adamax.py, optax/_src/transform.py scale_by_adamax. */
import { CONVENTIONS } from '../../../src/core/optim/types';
import { assertKerasGolden, assertKerasSingleStep, assertKerasWeightDecay, close, closeAll, runRule, sequence } from './helpers';

describe('optim/adamax', () => {
  it('two steps by hand (ε = 0, all conventions; the paper has no ε): g = 2, 1', () => {
    // m₁ = 0.2, u₁ = 2 → x₁ = −0.1·(0.2/0.1)/2 = −0.1
    // m₂ = 0.18 + 0.1 = 0.28, u₂ = max(0.999·2, 1) = 1.998 → x₂ = x₁ − 0.1·(0.28/0.19)/1.998
    for (const c of CONVENTIONS) {
      const { xs, effs } = runRule('adamax', c, c === 'paper' ? { lr: 0.1 } : { lr: 0.1, epsilon: 0 }, [0], sequence([2, 1]), 2);
      closeAll(xs.map(v => v[0]), [0, -0.1, -0.1 - (0.1 * (0.28 / 0.19)) / 1.998], 1e-12, c);
      close(effs[1][0], 0.1 / 1.998, 1e-12, c);
    }
  });

  it('ε placement: PyTorch/optax max(β₂u, |g| + ε) vs Keras max(β₂u, |g|) + ε', () => {
    // g = 0.5 then 0.1, β₂ = 0.5, ε = 0.1, η = 1:
    //   PyTorch: u₁ = 0.6, u₂ = max(0.3, 0.2) = 0.3;   Keras: u₁ = 0.5, u₂ = max(0.25, 0.1) = 0.25, divides by u + 0.1 = 0.35
    //   m₂ = 0.9·0.05 + 0.1·0.1 = 0.055, m̂₂ = 0.055/0.19
    const hp = { lr: 1, beta2: 0.5, epsilon: 0.1 };
    const torch = runRule('adamax', 'pytorch', hp, [0], sequence([0.5, 0.1]), 2).xs;
    const optax = runRule('adamax', 'optax', hp, [0], sequence([0.5, 0.1]), 2).xs;
    const keras = runRule('adamax', 'keras', hp, [0], sequence([0.5, 0.1]), 2).xs;
    close(torch[1][0], -0.5 / 0.6);
    close(torch[2][0], -0.5 / 0.6 - 0.055 / 0.19 / 0.3);
    closeAll(optax.map(v => v[0]), torch.map(v => v[0]), 1e-13);
    close(keras[1][0], -0.5 / 0.6);
    close(keras[2][0], -0.5 / 0.6 - 0.055 / 0.19 / 0.35);
  });

  it('Keras golden and single step (adamax_test.py)', () => {
    assertKerasSingleStep('adamax', { lr: 0.5 }, [0.5, 1.5, 2.5, 3.5]);
    // prettier-ignore
    assertKerasGolden('adamax', { lr: 0.2, beta1: 0.85, beta2: 0.95, epsilon: 1e-6 }, [
      [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
      [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
      [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
      [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
      [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
    ]);
    assertKerasWeightDecay('adamax');
  });
});
