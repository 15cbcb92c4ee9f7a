/**
 * The `paper` convention for rules added after the original twelve: each expected value is worked
 * out by hand from the paper's algorithm box cited in the test, not from the code.
 */
import * as assert from 'node:assert/strict';
import { formulaFor, resolveHyperparameters, RULES } from '../../../src/core/optim/registry';
import { FRAMEWORK_CONVENTIONS } from '../../../src/core/optim/types';
import { close, closeAll, runRule, sequence } from './helpers';

/** Liu et al. 2020 Algorithm 2, lines 4 and 10, 13. */
const rhoInf = (beta2: number): number => 2 / (1 - beta2) - 1;
const rho = (beta2: number, t: number): number => rhoInf(beta2) - (2 * t * beta2 ** t) / (1 - beta2 ** t);
const rect = (beta2: number, t: number): number => {
  const r = rho(beta2, t), ri = rhoInf(beta2);
  return Math.sqrt(((r - 4) * (r - 2) * ri) / ((ri - 4) * (ri - 2) * r));
};

describe('optim/paper convention: the newer rules', () => {
  it('each paper form has defaults, a formula, the paper named and every framework\'s difference', () => {
    for (const id of ['radam'] as const) {
      const rule = RULES[id];
      assert.ok(rule.defaults.paper && rule.formula.paper && rule.source.paper, id);
      for (const c of FRAMEWORK_CONVENTIONS) assert.ok(rule.differences?.[c], `${id}: how ${c} differs`);
      const r = resolveHyperparameters(id, 'paper', {});
      assert.ok(r.ok && formulaFor(rule, 'paper', r.value), id);
    }
  });

  it('RAdam (Liu et al. 2020 Alg. 2): plain momentum while ρ_t ≤ 4, rectified from the first ρ_t > 4 with l_t = √((1−β₂ᵗ)/v_t), no ε', () => {
    // Constant g = 2, α = 0.1, β₂ = 0.999: m̂_t = g (line 9), v_t = (1 − β₂ᵗ)g² so l_t = 1/|g| (line 12).
    // ρ₄ ≈ 3.997 ≤ 4: steps 1–4 move α·g = 0.2 (line 16); ρ₅ ≈ 4.996 > 4: step 5 moves α·r₅·g·l₅ = 0.1·r₅ (line 14).
    assert.ok(rho(0.999, 4) <= 4 && rho(0.999, 5) > 4 && rho(0.999, 5) < 5);
    const { xs, effs } = runRule('radam', 'paper', { lr: 0.1 }, [3], sequence([2, 2, 2, 2, 2]), 5);
    closeAll(xs.map(x => x[0]), [3, 2.8, 2.6, 2.4, 2.2, 2.2 - 0.1 * rect(0.999, 5)], 1e-12);
    close(effs[4][0], 0.1 * rect(0.999, 5) * 0.5, 1e-12);
    // PyTorch (ρ_t > 5) and optax (ρ_t ≥ 5) do not rectify step 5: it moves the full 0.2 there
    for (const c of ['pytorch', 'optax'] as const) close(runRule('radam', c, { lr: 0.1 }, [3], sequence([2, 2, 2, 2, 2]), 5).xs[5][0], 2.0, 1e-12, c);
  });

  it('RAdam paper: a coordinate whose gradients were all 0 stays put (no 0/0); the paper form has no ε or weight decay', () => {
    const { xs } = runRule('radam', 'paper', { lr: 0.1 }, [1, 1], sequence([[1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [1, 0]], 2), 6);
    assert.equal(xs[6][1], 1);
    assert.deepEqual(RULES.radam.defaults.paper, { lr: 1e-3, beta1: 0.9, beta2: 0.999 });
    assert.match(formulaFor(RULES.radam, 'paper', {}) ?? '', /\\rho_t > 4/);
  });
});
