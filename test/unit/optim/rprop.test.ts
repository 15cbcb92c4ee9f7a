/** Rprop: torch/optim/rprop.py and optax scale_by_rprop (whose update lags one step); Keras has none. */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { closeAll, runRule, sequence } from './helpers';

const message = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);

describe('optim/rprop', () => {
  // Gradients +1, +1, +1, −1, +1 with δ₀ = 0.1, η− = 0.5, η+ = 1.2 (the defaults).
  const grads = sequence([1, 1, 1, -1, 1]);

  it('pytorch by hand: δ grows ×1.2 while the sign holds, halves on the flip (no move, g forgotten), then restarts ×1', () => {
    // steps: 0.1 (prev = 0 → factor 1), 0.12, 0.144, flip: δ = 0.072 and g := 0 (no move), prev = 0 → factor 1: 0.072
    const { xs, effs } = runRule('rprop', 'pytorch', { lr: 0.1 }, [0], grads, 5);
    closeAll(xs.map(x => x[0]), [0, -0.1, -0.22, -0.364, -0.364, -0.436], 1e-12);
    closeAll(effs.map(e => e[0]), [0.1, 0.12, 0.144, 0.072, 0.072], 1e-12);
  });

  it('optax by hand: the same step sizes, but x moves by the previous step\'s δ·sign(g) (first update 0)', () => {
    // prev_updates: 0.1, 0.12, 0.144, 0 (flip), 0.072; updates = old prev_updates unless the sign flipped:
    // 0, 0.1, 0.12, 0 (flip), 0 (old prev_updates = 0)
    const { xs, effs } = runRule('rprop', 'optax', { lr: 0.1 }, [0], grads, 5);
    closeAll(xs.map(x => x[0]), [0, 0, -0.1, -0.22, -0.22, -0.22], 1e-12);
    closeAll(effs.map(e => e[0]), [0.1, 0.12, 0.144, 0.072, 0.072], 1e-12);
  });

  it('the step size is clamped to [stepSizeMin, stepSizeMax]', () => {
    // δ₀ = 1, η+ = 2, max 3: 1, 2, 3, 3; η− = 0.1, min 0.5 after a flip: 0.5
    const { effs } = runRule('rprop', 'pytorch', { lr: 1, etaPlus: 2, etaMinus: 0.1, stepSizeMin: 0.5, stepSizeMax: 3 }, [0], sequence([1, 1, 1, 1, -1]), 5);
    closeAll(effs.map(e => e[0]), [1, 2, 3, 3, 0.5], 1e-15);
  });

  it('coordinates adapt independently; a zero gradient neither moves x nor changes δ', () => {
    const { xs } = runRule('rprop', 'pytorch', { lr: 0.1 }, [0, 0], sequence([[1, 0], [1, -2]]), 2);
    closeAll(xs[2], [-0.22, 0.1], 1e-12);
  });

  it('bad hyperparameters: PyTorch\'s 0 < η− < 1 < η+, and stepSizeMin <= stepSizeMax', () => {
    assert.equal(message(resolveHyperparameters('rprop', 'pytorch', { etaMinus: 1 })), 'etaMinus must be in (0, 1), got 1');
    assert.equal(message(resolveHyperparameters('rprop', 'pytorch', { etaMinus: 0 })), 'etaMinus must be in (0, 1), got 0');
    assert.equal(message(resolveHyperparameters('rprop', 'optax', { etaPlus: 1 })), 'etaPlus must be > 1, got 1');
    assert.equal(
      message(resolveHyperparameters('rprop', 'pytorch', { stepSizeMin: 2, stepSizeMax: 1 })),
      'Rprop step sizes must satisfy stepSizeMin <= stepSizeMax, got stepSizeMin = 2 > stepSizeMax = 1',
    );
    assert.match(message(resolveHyperparameters('rprop', 'keras')), /^Keras 3 \(keras\.optimizers\) has no Rprop/);
  });
});
