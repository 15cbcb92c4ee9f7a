/**
 * `valueAndGradient()`: f and ∇f from one generated function must be the numbers `f` and `grad`
 * give, to the bit (the run loop uses it instead of the two), and a run through it must give the
 * same trace, stop reason and stop step as a run through `f` and `grad`.
 */
import * as assert from 'node:assert/strict';
import { objectiveSource, runOptimizers, RunSpec } from '../../../src/core/run';
import { PRESETS } from '../../../src/core/presets';
import { compile, rng, uniform } from './helpers';
import { parseObjective } from '../../../src/core/expr';
import { Derivative, differentiate } from '../../../src/core/expr/derivative';
import { buildObjective } from '../../../src/core/expr/objective';
import { parseObjectiveText } from '../../../src/core/expr/validate';

/** Same number, NaN included, and the same sign of zero. */
const sameBits = (a: number, b: number): boolean => Object.is(a, b);

describe('valueAndGradient', () => {
  const sources = [
    ...PRESETS.map(p => p.expression),
    'x > y ? x^2 : y^2 - x',
    'abs(x) + max(x, y) + mod(x, 0.7)',
    'a = 2.5; f(x, y) = a*x + (a^2 - 1)*y^2',
    'sqrt(x) + log(y)', // NaN for negative coordinates
  ];
  for (const source of sources) {
    it(`returns f and fills ∇f exactly as f and grad do: ${source}`, () => {
      const o = compile(source);
      const n = o.variables.length;
      const fused = o.valueAndGradient();
      assert.equal(o.valueAndGradient(), fused, 'compiled once');
      const r = rng(17);
      const g1 = new Float64Array(n);
      const g2 = new Float64Array(n);
      for (let k = 0; k < 200; k++) {
        const x = Float64Array.from({ length: n }, () => uniform(r, -3, 3));
        o.grad(x, g1);
        const f = fused(x, g2);
        assert.ok(sameBits(f, o.f(x)), `f at ${x.join(', ')}: ${f} vs ${o.f(x)}`);
        for (let i = 0; i < n; i++) assert.ok(sameBits(g2[i], g1[i]), `∂f/∂${o.variables[i]} at ${x.join(', ')}: ${g2[i]} vs ${g1[i]}`);
      }
    });
  }

  it('uses the same finite-difference fallback where a partial is numeric', () => {
    const parsed = parseObjectiveText('x^2 * y + sin(x)');
    assert.ok(parsed.ok);
    // a differentiator that gives up on y: ∂f/∂y becomes a central difference
    const o = buildObjective(parsed.value, (expr, v, deadline): Derivative =>
      (v === 'y' ? { ok: false, reason: 'test: no rule' } : differentiate(expr, v, deadline)));
    assert.equal(o.gradient[1].symbolic, false);
    const g1 = new Float64Array(2);
    const g2 = new Float64Array(2);
    for (const x of [[0.3, -1.2], [2, 5], [-1e-3, 7]]) {
      const p = Float64Array.from(x);
      o.grad(p, g1);
      const f = o.valueAndGradient()(p, g2);
      assert.ok(sameBits(f, o.f(p)));
      assert.ok(sameBits(g2[0], g1[0]) && sameBits(g2[1], g1[1]), `${g2.join(', ')} vs ${g1.join(', ')}`);
      // the central difference of x²y + sin x along y is x² (up to the difference's error)
      assert.ok(Math.abs(g2[1] - x[0] * x[0]) < 1e-6 * Math.max(1, x[0] * x[0]));
    }
  });

  it('gives the run loop the same traces, stop reasons and stop steps', () => {
    const cases: { expr: string; start: number[]; specs: RunSpec[]; steps: number; tolerance?: { gradNorm?: number; lossChange?: number } }[] = [
      // runs to the end
      { expr: '(1 - x)^2 + 100*(y - x^2)^2', start: [-1.5, 2], specs: [{ optimizer: 'adam' }, { optimizer: 'sgd', hyperparameters: { lr: 1e-4 } }], steps: 3000 },
      // diverges: GD on x² with lr 1.5 multiplies x by −2 per update
      { expr: 'x^2 + y^2', start: [1, 1], specs: [{ optimizer: 'sgd', hyperparameters: { lr: 1.5 } }], steps: 5000 },
      // converges on ‖∇f‖ and on |Δloss|
      { expr: 'x^2 + 3*y^2', start: [1, 1], specs: [{ optimizer: 'sgd', hyperparameters: { lr: 0.1 } }], steps: 5000, tolerance: { gradNorm: 1e-6 } },
      { expr: 'x^2 + 3*y^2', start: [1, 1], specs: [{ optimizer: 'sgd', hyperparameters: { lr: 0.1 } }], steps: 5000, tolerance: { lossChange: 1e-12 } },
      // a loss that becomes NaN (log of a negative number) after the path crosses 0
      { expr: 'log(x) + y^2', start: [0.5, 1], specs: [{ optimizer: 'sgd', hyperparameters: { lr: 1 } }], steps: 100 },
    ];
    for (const c of cases) {
      const parsed = parseObjective(c.expr);
      assert.ok(parsed.ok);
      const o = parsed.value;
      const n = o.variables.length;
      const options = { start: c.start, steps: c.steps, ...(c.tolerance ? { tolerance: c.tolerance } : {}) };
      const plain = runOptimizers(objectiveSource(o.f, o.grad, n), c.specs, options);
      const fused = runOptimizers(objectiveSource(o.f, o.grad, n, o.valueAndGradient()), c.specs, options);
      assert.ok(plain.ok && fused.ok);
      assert.deepEqual(fused.value, plain.value, c.expr);
    }
  });
});

