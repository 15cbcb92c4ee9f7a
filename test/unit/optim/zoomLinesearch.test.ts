/**
 * optax's L-BFGS with its default zoom line search (optax/_src/linesearch.py), through the run loop:
 * hand-derived steps, the strong Wolfe conditions checked with independently computed f and ∇f,
 * Rosenbrock, the evaluation count and the failure paths.
 */
import * as assert from 'node:assert/strict';
import { resolveHyperparameters } from '../../../src/core/optim/registry';
import { cubicMin, quadMin } from '../../../src/core/optim/zoomLinesearch';
import { GradientSource, objectiveSource, runOptimizers, Trace } from '../../../src/core/run';
import { close, closeAll } from './helpers';

const message = (r: ReturnType<typeof resolveHyperparameters>): string => (r.ok ? '(ok)' : r.error.message);

function runOptax(source: GradientSource, hp: Record<string, unknown>, start: number[], steps: number): Trace {
  const r = runOptimizers(source, [{ optimizer: 'lbfgs', convention: 'optax', hyperparameters: hp }], { start, steps });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value[0];
}

/** f = ½(x² + 10y²), computed here (not by the code under test). */
const bowlF = (x: number, y: number): number => 0.5 * (x * x + 10 * y * y);
const bowlG = (x: number, y: number): [number, number] => [x, 10 * y];
const bowl = (): GradientSource => objectiveSource(x => bowlF(x[0], x[1]), (x, out) => { [out[0], out[1]] = bowlG(x[0], x[1]); }, 2);

describe('optim/lbfgs optax zoom line search', () => {
  it('the interpolants: the quadratic and the cubic through known polynomials give their minimisers', () => {
    // q(t) = (t − 2)² + 1: q(0) = 5, q'(0) = −4, q(3) = 2 → minimiser 2
    assert.equal(quadMin(0, 5, -4, 3, 2), 2);
    // p(t) = t³ − 3t (minimum at t = 1): p(0) = 0, p'(0) = −3, p(2) = 2, p(−1) = 2
    close(cubicMin(0, 0, -3, 2, 2, -1, 2), 1, 1e-15);
    // coinciding points (c = a) leave the cubic undefined: NaN (optax then uses the quadratic)
    assert.ok(Number.isNaN(cubicMin(0, 0, -3, 2, 2, 0, 0)));
  });

  it('first step on a quadratic is the exact line search (quadratic interpolation), and meets the strong Wolfe conditions', () => {
    // scaleInitPrecond off: v = g = (1, 10) at (1, 1), u = −g. φ(α) = ½[(1 − α)² + 10(1 − 10α)²],
    // φ'(0) = −101, φ'(α) = −101 + 1001α. Trial α = 1: φ = 405 > φ(0) → high = 1, low = 0.
    // Zoom: the cubic through (0, 0, 0) is undefined; the quadratic through (0, 5.5, −101), (1, 405)
    // is φ itself: α* = 101/1001 ≈ 0.1009, inside [0.1, 0.9] → evaluated, slope 0: done.
    const t = runOptax(bowl(), { scaleInitPrecond: false }, [1, 1], 1);
    const a = 101 / 1001;
    closeAll(Array.from(t.path.subarray(2, 4)), [1 - a, 1 - 10 * a], 1e-15);
    close(t.effectiveLr[2], a, 1e-15);
    // evaluations: the start, two trials; the loop's evaluation at x₁ is the last trial's (reused)
    assert.deepEqual(Array.from(t.evaluations), [1, 3]);
    // strong Wolfe with c₁ = 1e-4, c₂ = 0.9, from f and ∇f computed here
    const [x1, y1] = [t.path[2], t.path[3]];
    const alpha = t.effectiveLr[2];
    const s0 = -(1 * 1 + 10 * 10); // ∇f(x₀)·u
    const [g1x, g1y] = bowlG(x1, y1);
    const s1 = -(g1x * 1 + g1y * 10);
    assert.ok(bowlF(x1, y1) <= bowlF(1, 1) + 1e-4 * alpha * s0, 'sufficient decrease');
    assert.ok(Math.abs(s1) <= 0.9 * Math.abs(s0), 'curvature');
  });

  it('the default first step (H₀ = I/‖g‖₂) is accepted at α = 1 when it meets both conditions', () => {
    // u = −g/‖g‖, g = (1, 10): φ'(α) = −(101 − 1001α/√101)/√101; at α = 1: −0.139…, |·| ≤ 0.9·√101;
    // φ(1) ≈ 0.405 < 5.5: done after one trial
    const t = runOptax(bowl(), {}, [1, 1], 1);
    const n = Math.sqrt(101);
    closeAll(Array.from(t.path.subarray(2, 4)), [1 - 1 / n, 1 - 10 / n], 1e-15);
    assert.deepEqual(Array.from(t.evaluations), [1, 2]);
  });

  it('a short first trial doubles the step until the curvature condition holds', () => {
    // f = ½x² from 3, lr 0.04, H₀ = I: u = −0.12, φ'(α) = −0.12(3 − 0.12α), φ'(0) = −0.36, c₂|φ'(0)| = 0.324.
    // α = 1: |φ'| = 0.3456; α = 2: 0.3312 (both decrease f, so no interval yet); α = 4: 0.3024 ≤ 0.324, done.
    const line = objectiveSource(x => 0.5 * x[0] * x[0], (x, out) => { out[0] = x[0]; }, 1);
    const t = runOptax(line, { lr: 0.04, scaleInitPrecond: false }, [3], 1);
    close(t.path[1], 3 - 4 * 0.12, 1e-15);
    close(t.effectiveLr[1], 4 * 0.04, 1e-15);
    assert.deepEqual(Array.from(t.evaluations), [1, 4]);
  });

  it('Rosenbrock from (−1.2, 1): within 60 outer steps to 1e-6, every step decreasing f, evaluations = the source\'s calls less the reused ones', () => {
    let calls = 0;
    const rosen = objectiveSource(
      x => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2,
      (x, out) => {
        calls++;
        out[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2);
        out[1] = 200 * (x[1] - x[0] ** 2);
      },
      2,
    );
    const r = runOptimizers(rosen, [{ optimizer: 'lbfgs', convention: 'optax', hyperparameters: {} }], { start: [-1.2, 1], steps: 60, tolerance: { gradNorm: 1e-10 } });
    assert.ok(r.ok);
    const t = r.value[0];
    const last = t.count - 1;
    const k = t.steps[last];
    assert.ok(k <= 60, `${k}`);
    assert.ok(Math.abs(t.path[2 * last] - 1) < 1e-6 && Math.abs(t.path[2 * last + 1] - 1) < 1e-6, `${t.path[2 * last]}, ${t.path[2 * last + 1]} after ${k} (${t.stop.detail})`);
    for (let c = 1; c < t.count; c++) {
      assert.ok(t.loss[c] <= t.loss[c - 1], `f rose at step ${t.steps[c]}`);
      assert.ok(t.evaluations[c] >= t.evaluations[c - 1] + 1 && t.evaluations[c] - t.evaluations[c - 1] <= 20 * (t.steps[c] - t.steps[c - 1]));
    }
    // the source was asked for ∇f at the start, at every trial, and by the loop after each of the
    // k updates; optax takes the latter from the line search's state
    assert.equal(t.evaluations[last], calls - k);
  });

  it('a line search with no decreasing step fails after maxLinesearchSteps, takes optax\'s last trial and stops the run (never hangs)', () => {
    // f(x) = x with a gradient that claims −1: u = +1, every trial raises f. Trial 1: α = 1 (f = 1).
    // Trial 2: the cubic through (0, 0) twice is undefined; the quadratic q(α) = 2α² − α through
    // (0, 0, slope −1), (1, 1) has its minimum at 1/4. Trial 3: high = 1/4, cubic_ref = 1: the cubic
    // p = Aα³ + Bα² − α through (1/4, 1/4), (1, 1) has A = −8, B = 10, its minimum at
    // (10 − √76)/24 ≈ 0.0534, inside [0.05, 0.2]. After 3 steps optax takes that last trial.
    const liar = objectiveSource(x => x[0], (_x, out) => { out[0] = -1; }, 1);
    const t = runOptax(liar, { maxLinesearchSteps: 3 }, [0], 1000);
    assert.equal(t.stop.reason, 'stalled');
    assert.equal(t.stop.step, 1);
    assert.match(t.stop.detail, /^optax zoom line search failed after 3 evaluations: no step length with sufficient decrease/);
    close(t.path[t.count - 1], (10 - Math.sqrt(76)) / 24, 1e-14);
    assert.deepEqual(Array.from(t.evaluations), [1, 4]);
    // the default 20 steps: bounded too (1 + 20 evaluations)
    const d = runOptax(liar, {}, [0], 1000);
    assert.equal(d.stop.step, 1);
    assert.equal(d.evaluations[d.count - 1], 21);
  });

  it('a search that fails with a step of sufficient decrease takes it and the run goes on (as optax does)', () => {
    // f(x) = −x from 0: u = +1 (γ = min(1, 1/‖g‖) = 1), every doubling 1, 2, 4, … decreases f but the
    // slope stays −1 (curvature never met, no interval): after 20 trials optax takes the safe step 2¹⁹
    const slope = objectiveSource(x => -x[0], (_x, out) => { out[0] = -1; }, 1);
    const t = runOptax(slope, {}, [0], 1);
    assert.equal(t.path[1], 2 ** 19);
    assert.deepEqual(Array.from(t.evaluations), [1, 21]);
    assert.equal(t.stop.reason, 'max-steps');
  });

  it('non-finite f at every trial: no step (α = 0), stalled with the reason', () => {
    const cliff = objectiveSource(x => (x[0] === 0 ? 0 : NaN), (_x, out) => { out[0] = -1; }, 1);
    const t = runOptax(cliff, { maxLinesearchSteps: 5 }, [0], 100);
    assert.equal(t.stop.reason, 'stalled');
    assert.equal(t.stop.step, 1);
    assert.match(t.stop.detail, /not finite at the trial steps .*α = 0, x does not move/);
    assert.equal(t.path[t.count - 1], 0);
  });

  it('linesearch None still runs (one two-loop step per update, no evaluation inside); bad input names the field', () => {
    const t = runOptax(bowl(), { lineSearch: 'none' }, [1, 1], 1);
    const n = Math.sqrt(101);
    closeAll(Array.from(t.path.subarray(2, 4)), [1 - 1 / n, 1 - 10 / n], 1e-15);
    assert.deepEqual(Array.from(t.evaluations), [1, 2]);
    assert.equal(message(resolveHyperparameters('lbfgs', 'optax', { lineSearch: 'strong_wolfe' })),
      'lineSearch must be none or zoom in the optax convention (optax.lbfgs linesearch: None or scale_by_zoom_linesearch), got strong_wolfe');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { lineSearch: 'zoom' })),
      'lineSearch must be none or strong_wolfe in the pytorch convention (torch.optim.LBFGS line_search_fn: None or "strong_wolfe"), got zoom');
    assert.equal(message(resolveHyperparameters('lbfgs', 'optax', { maxLinesearchSteps: 2.5 })), 'maxLinesearchSteps must be a whole number >= 1, got 2.5');
    assert.equal(message(resolveHyperparameters('lbfgs', 'pytorch', { maxLinesearchSteps: 5 })), 'maxLinesearchSteps is not a hyperparameter of lbfgs in the pytorch convention (only optax)');
  });
});
