/** The diagnosis sentences on constructed traces: each fires on its condition with the numbers derived by hand, and not without it. */
import * as assert from 'node:assert/strict';
import { DiagnosableTrace, diagnoseRun, DiagnoseOptions } from '../../../src/core/diagnose';
import type { HessianFn } from '../../../src/core/hessian';
import type { DiagnosisKind } from '../../../src/core/sweep';

/** f = 5x² + y²/2: Hessian diag(10, 1), top direction x. */
const bowlHessian: HessianFn = (_x, out) => { out[0] = 10; out[1] = 0; out[2] = 0; out[3] = 1; };
const bowlGradient = (p: number[]) => [10 * p[0], p[1]];

interface Build {
  points: number[][];
  gradient?: (p: number[], k: number) => number[];
  effectiveLr?: (k: number) => number;
  lr?: number;
  stop?: DiagnosableTrace['stop']['reason'];
  optimizer?: DiagnosableTrace['optimizer'];
  hyperparameters?: DiagnosableTrace['hyperparameters'];
}

/** A trace with every step recorded: path[k] = points[k], Δx_k = path[k] − path[k−1]. */
function trace(b: Build): DiagnosableTrace {
  const count = b.points.length;
  const dim = b.points[0].length;
  const flat = (f: (k: number) => number[]) => Float64Array.from(Array.from({ length: count }, (_, k) => f(k)).flat());
  return {
    optimizer: b.optimizer ?? 'sgd',
    hyperparameters: b.hyperparameters ?? {},
    dim,
    count,
    steps: Uint32Array.from({ length: count }, (_, k) => k),
    path: flat(k => b.points[k]),
    loss: Float64Array.from(b.points, p => 5 * p[0] * p[0] + 0.5 * p[1] * p[1]),
    gradient: flat(k => (b.gradient ?? bowlGradient)(b.points[k], k)),
    delta: flat(k => (k === 0 ? new Array<number>(dim).fill(0) : b.points[k].map((v, i) => v - b.points[k - 1][i]))),
    effectiveLr: flat(k => new Array<number>(dim).fill(b.effectiveLr ? b.effectiveLr(Math.max(k, 1)) : b.lr ?? 0.1)),
    lr: new Float64Array(count).fill(b.lr ?? 0.1),
    stop: { reason: b.stop ?? 'max-steps', step: count - 1, detail: '' },
  };
}

function kinds(t: DiagnosableTrace, o: DiagnoseOptions = {}): DiagnosisKind[] {
  const r = diagnoseRun(t, o);
  assert.ok(r.ok);
  return r.value.map(s => s.kind);
}

function sentence(t: DiagnosableTrace, kind: DiagnosisKind, o: DiagnoseOptions = {}) {
  const r = diagnoseRun(t, o);
  assert.ok(r.ok);
  const s = r.value.find(x => x.kind === kind);
  assert.ok(s, `no ${kind} sentence among ${r.value.map(x => x.kind).join(', ')}`);
  return s;
}

describe('diagnose', () => {
  it('diverged: GD with η = 0.3 on λmax = 10 — η·λmax = 3 > 2 at the start', () => {
    // x_k = (1 − 0.3·10)^k = (−2)^k, y_k = 0.7^k; stopped as diverged after 20 updates.
    const points = Array.from({ length: 21 }, (_, k) => [(-2) ** k, 0.7 ** k]);
    const s = sentence(trace({ points, lr: 0.3, stop: 'diverged' }), 'diverged', { hessian: bowlHessian, variables: ['x', 'y'] });
    assert.equal(s.text, 'diverged at step 20: η·λmax = 3 > 2 at (x, y) = (1, 1) (step 0)');
    assert.equal(s.values.etaLambdaMax, 3);
    // Heavy-ball momentum (μ = 0.9) at the same η: the threshold is 2(1+μ) = 3.8 and η·λmax = 3 stays below it.
    const m = sentence(trace({ points, lr: 0.3, stop: 'diverged', optimizer: 'momentum', hyperparameters: { momentum: 0.9 } }), 'diverged', { hessian: bowlHessian });
    assert.match(m.text, /η·λmax = 3 ≤ 3\.8/);
  });

  it('diverged does not fire on a run that stopped otherwise', () => {
    const points = Array.from({ length: 21 }, (_, k) => [0.5 ** k, 0.9 ** k]);
    assert.ok(!kinds(trace({ points }), { hessian: bowlHessian }).includes('diverged'));
  });

  it('zig-zag: x_k = (−0.5)^k flips along the top direction at every step: 29 sign changes in 30 steps', () => {
    const points = Array.from({ length: 31 }, (_, k) => [(-0.5) ** k, 0.9 ** k]);
    const s = sentence(trace({ points }), 'zigzag', { hessian: bowlHessian });
    assert.equal(s.values.signChanges, 29);
    assert.match(s.text, /changes sign for 29 steps in a row \(steps 1–30\)/);
  });

  it('zig-zag does not fire on a monotone approach, nor on flips along the flat direction only', () => {
    const monotone = Array.from({ length: 31 }, (_, k) => [0.5 ** k, 0.9 ** k]);
    assert.ok(!kinds(trace({ points: monotone }), { hessian: bowlHessian }).includes('zigzag'));
    const flipsInY = Array.from({ length: 31 }, (_, k) => [0.5 ** k, (-0.9) ** k]);
    assert.ok(!kinds(trace({ points: flipsInY }), { hessian: bowlHessian }).includes('zigzag'));
    // Alternating up to x_9, then monotone from there: flips at steps 2…10, nine in a row (the default needs ten).
    const short = Array.from({ length: 31 }, (_, k) => [k <= 9 ? (-0.5) ** k : (-0.5) ** 9 * 0.9 ** (k - 9), 0.9 ** k]);
    const r = diagnoseRun(trace({ points: short }), { hessian: bowlHessian, zigzagSteps: 9 });
    assert.ok(r.ok && r.value.some(x => x.kind === 'zigzag' && x.values.signChanges === 9));
    assert.ok(!kinds(trace({ points: short }), { hessian: bowlHessian }).includes('zigzag'));
  });

  it('rate decay: an AdaGrad-like rate 1/√k falls 20× between step 1 and step 400', () => {
    const points = Array.from({ length: 401 }, (_, k) => [1 / (k + 1), 1 / (k + 1)]);
    const s = sentence(trace({ points, optimizer: 'adagrad', effectiveLr: k => 1 / Math.sqrt(k) }), 'rate-decay');
    assert.equal(s.text, "AdaGrad's effective learning rate fell 20× between step 1 and step 400 as the sum of squared gradients grew");
    assert.equal(s.values.factor, 20);
  });

  it('rate decay does not fire on a constant rate nor on a 5× fall', () => {
    const points = Array.from({ length: 401 }, (_, k) => [1 / (k + 1), 1 / (k + 1)]);
    assert.ok(!kinds(trace({ points })).includes('rate-decay'));
    assert.ok(!kinds(trace({ points, effectiveLr: k => 1 / Math.sqrt(1 + (24 * (k - 1)) / 399) })).includes('rate-decay'));
  });

  it('plateau: ‖∇f‖ = 1e-5 for steps 100–399 (300 steps) away from the minimum', () => {
    const points = Array.from({ length: 500 }, (_, k) => [2 - k / 1000, 1]);
    const gradient = (_p: number[], k: number) => (k >= 100 && k < 400 ? [1e-5, 0] : [1, 1]);
    const s = sentence(trace({ points, gradient }), 'plateau', { minima: [[0, 0]] });
    assert.equal(s.values.steps, 300);
    assert.match(s.text, /^plateau: ‖∇f‖ < 1e-4 for 300 steps \(steps 100–399\)/);
  });

  it('plateau does not fire for a gradient of 1e-3, a stretch of 50 steps, or a small gradient at the known minimum', () => {
    const points = Array.from({ length: 500 }, (_, k) => [2 - k / 1000, 1]);
    assert.ok(!kinds(trace({ points, gradient: () => [1e-3, 0] }), { minima: [[0, 0]] }).includes('plateau'));
    assert.ok(!kinds(trace({ points, gradient: (_p, k) => (k >= 100 && k < 150 ? [1e-5, 0] : [1, 1]) }), { minima: [[0, 0]] }).includes('plateau'));
    const atMinimum = Array.from({ length: 500 }, (_, k) => (k < 100 ? [1 - k / 100, 0] : [0, 0]));
    assert.ok(!kinds(trace({ points: atMinimum, gradient: (p) => bowlGradient(p) }), { minima: [[0, 0]] }).includes('plateau'));
  });

  it('reached the known minimum (1, 1) at step 412', () => {
    const points = Array.from({ length: 500 }, (_, k) => (k < 412 ? [1 - (412 - k) / 412, 1] : [1, 1]));
    const s = sentence(trace({ points }), 'reached-minimum', { minima: [[1, 1]] });
    assert.equal(s.step, 412);
    assert.equal(s.text, 'reached the known minimum (1, 1) at step 412 (within 0.001)');
  });

  it('reached does not fire when the run stops 0.01 short', () => {
    const points = Array.from({ length: 500 }, (_, k) => [0.99 * (k / 499), 1]);
    assert.ok(!kinds(trace({ points }), { minima: [[1, 1]] }).includes('reached-minimum'));
  });

  it('ended in another minimum (−2.81, 3.13) when the known one is (3, 2)', () => {
    const points = Array.from({ length: 100 }, (_, k) => [-2.81 * (k / 99), 3.13 * (k / 99)]);
    const gradient = (_p: number[], k: number) => (k === 99 ? [1e-6, -1e-6] : [1, 1]);
    const s = sentence(trace({ points, gradient }), 'other-minimum', { minima: [[3, 2]], hessian: bowlHessian });
    assert.match(s.text, /^ended in another minimum \(-2\.81, 3\.13\)/);
  });

  it('other minimum does not fire at a saddle, with a large final gradient, or next to the known minimum', () => {
    const points = Array.from({ length: 100 }, (_, k) => [-2.81 * (k / 99), 3.13 * (k / 99)]);
    const small = (_p: number[], k: number) => (k === 99 ? [1e-6, -1e-6] : [1, 1]);
    const saddle: HessianFn = (_x, out) => { out[0] = 1; out[1] = 0; out[2] = 0; out[3] = -1; };
    assert.ok(!kinds(trace({ points, gradient: small }), { minima: [[3, 2]], hessian: saddle }).includes('other-minimum'));
    assert.ok(!kinds(trace({ points, gradient: () => [0.1, 0] }), { minima: [[3, 2]], hessian: bowlHessian }).includes('other-minimum'));
    assert.ok(!kinds(trace({ points, gradient: small }), { minima: [[-2.8, 3.13]], hessian: bowlHessian }).includes('other-minimum'));
  });

  it('a plain converging GD run gets no sentence but the arrival', () => {
    // GD η = 0.05 on the bowl: x_k = 0.5^k, y_k = 0.95^k; reaches within 1e-3 of (0, 0) when 0.95^k ≤ ~1e-3 (k = 135).
    const points = Array.from({ length: 300 }, (_, k) => [0.5 ** k, 0.95 ** k]);
    assert.deepEqual(kinds(trace({ points, lr: 0.05 }), { minima: [[0, 0]], hessian: bowlHessian }), ['reached-minimum']);
  });
});
