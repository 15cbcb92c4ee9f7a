// Hand-built PanelModels for the webview tests: analytic surfaces sampled here, synthetic paths
// whose pixels are predictable (straight lines on the bowl x² + y²), a 1-variable and a
// 3-variable model, and the 10 × 10,000-step model for the benchmark.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const num = v => (Number.isFinite(v) ? v : null);

/** The real update rules (src/core/optim/registry.ts and clauses.ts, bundled on the fly): their TeX is read from there, never copied. */
const core = await (async () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const contents = "export * from './src/core/optim/registry'; export * from './src/core/optim/clauses';";
  const out = await esbuild.build({ stdin: { contents, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
})();
/** A rule's PyTorch TeX clauses, as the host sends them: the general form (every term), or as configured with the defaults (weight decay off). */
const pytorchTex = (id, configured = false) => (configured ? core.formulaClauses(core.RULES[id], 'pytorch', {}) : core.generalClauses(core.RULES[id]).pytorch);

/** A tiny registry in the shape of OptimizerInfo (schema-driven controls need nothing more). */
export function registry() {
  const lr = { name: 'lr', label: 'learning rate η', kind: 'number', min: 0, minExclusive: true, log: true, description: 'Step size.' };
  const momentum = { name: 'momentum', label: 'momentum μ', kind: 'number', min: 0, max: 1, description: 'Weight of the previous velocity.' };
  const nesterov = { name: 'nesterov', label: 'Nesterov', kind: 'boolean', description: 'Look-ahead form.' };
  const beta1 = { name: 'beta1', label: 'β₁', kind: 'number', min: 0, max: 1, maxExclusive: true, description: 'First moment decay.' };
  const beta2 = { name: 'beta2', label: 'β₂', kind: 'number', min: 0, max: 1, maxExclusive: true, description: 'Second moment decay.' };
  const epsilon = { name: 'epsilon', label: 'ε', kind: 'number', min: 0, log: true, description: 'Keeps the denominator away from zero.' };
  const beta1Decay = { name: 'beta1Decay', label: 'β₁ decay', kind: 'enum', options: ['none', 'power', 'inverse'], description: 'Tutorial variant.' };
  const both = (pt, k) => ({ pytorch: pt, keras: k });
  return [
    {
      id: 'sgd', label: 'SGD', summary: 'Plain gradient step.', params: [lr],
      defaults: both({ lr: 0.001 }, { lr: 0.01 }), unavailable: {},
      formula: both(['x_{t+1} = x_t - \\eta\\, g_t'], ['x_{t+1} = x_t - \\eta\\, g_t']),
      source: both('torch/optim/sgd.py', 'keras/src/optimizers/sgd.py'), effectiveLr: 'η',
    },
    {
      id: 'momentum', label: 'Momentum', summary: 'Heavy ball.', params: [lr, momentum, nesterov],
      defaults: both({ lr: 0.001, momentum: 0.9, nesterov: false }, { lr: 0.01, momentum: 0.9, nesterov: false }), unavailable: {},
      formula: both(['b_t = \\mu b_{t-1} + g_t,', 'x_{t+1} = x_t - \\eta\\, b_t'], ['v_t = \\mu v_{t-1} - \\eta g_t,', 'x_{t+1} = x_t + v_t']),
      source: both('torch/optim/sgd.py', 'keras/src/optimizers/sgd.py'), effectiveLr: 'η',
    },
    {
      id: 'adam', label: 'Adam', summary: 'Adaptive moments.', params: [lr, beta1, beta2, epsilon, beta1Decay],
      defaults: both({ lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, beta1Decay: 'none' }, { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, beta1Decay: 'none' }),
      unavailable: {},
      formula: both(['x_{t+1} = x_t - \\frac{\\eta}{1-\\beta_1^t}\\,\\frac{m_t}{\\sqrt{v_t/(1-\\beta_2^t)}+\\epsilon}'], ['x_{t+1} = x_t - \\alpha_t \\frac{m_t}{\\sqrt{v_t}+\\hat\\epsilon}']),
      source: both('torch/optim/adam.py', 'keras/src/optimizers/adam.py'), effectiveLr: 'bias-corrected denominator',
    },
    {
      id: 'lion', label: 'Lion', summary: 'Sign of interpolated momentum.', params: [lr, beta1, beta2],
      defaults: { keras: { lr: 0.001, beta1: 0.9, beta2: 0.99 } }, unavailable: { pytorch: 'PyTorch has no Lion optimizer' },
      formula: { keras: ['\\broken{'] }, source: { keras: 'keras/src/optimizers/lion.py' }, effectiveLr: 'η',
    },
  ];
}

/** Samples f on an nx × ny grid (row-major, row 0 at y[0]). */
export function grid(f, x, y, nx, ny, xVar = 0, yVar = 1, fixed) {
  const values = new Array(nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const px = x[0] + ((x[1] - x[0]) * i) / (nx - 1);
      const py = y[0] + ((y[1] - y[0]) * j) / (ny - 1);
      values[j * nx + i] = num(f(px, py));
    }
  return { kind: 'grid', xVar, yVar, x, y, nx, ny, values, ...(fixed ? { fixed } : {}) };
}

/** A trace from a list of points (each a full vector) with loss f, effective LR lrOf(k, d). */
export function trace(optimizer, label, points, f, lrOf, stop, convention = 'pytorch') {
  const dim = points[0].length;
  const steps = points.map((_, k) => k);
  const path = [], loss = [], effectiveLr = [], delta = [], lr = [];
  points.forEach((p, k) => {
    for (const v of p) path.push(num(v));
    loss.push(num(p.every(Number.isFinite) ? f(...p) : NaN));
    for (let d = 0; d < dim; d++) {
      effectiveLr.push(k === 0 ? null : num(lrOf(k, d)));
      delta.push(k === 0 ? null : num(p[d] - points[k - 1][d]));
    }
    lr.push(k === 0 ? null : 0.1);
  });
  return {
    optimizer, convention, label, hyperparameters: { lr: 0.1 }, dim, steps, path, loss, effectiveLr, delta, lr,
    stop: { reason: stop.reason, step: stop.step ?? points.length - 1, detail: stop.detail ?? `${stop.reason} (fixture)` },
  };
}

const lerp = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const line = (a, b, n) => Array.from({ length: n + 1 }, (_, k) => lerp(a, b, k / n));

export const bowl = (x, y) => x * x + y * y;

/**
 * The bowl on [-2, 2]², start (1.5, 1.5):
 *   run 0 (SGD)       straight diagonal to (0, 0) in 200 steps, converged
 *   run 1 (Momentum)  down the right edge to (1.5, −1.5) then left along y = −1.5 to (−1.5, −1.5), 300 steps
 *   run 2 (Adam)      up-left to (−1.5, 1.5) along y = 1.5 for 37 steps, then diverged (non-finite)
 */
export function bowlModel({ readonly = false } = {}) {
  const start = [1.5, 1.5];
  const run0 = line(start, [0, 0], 200);
  const run1 = [...line(start, [1.5, -1.5], 150), ...line([1.5, -1.5], [-1.5, -1.5], 150).slice(1)];
  const run2 = [...line(start, [-1.5, 1.5], 36), [Infinity, NaN]];
  return {
    config: {
      expression: 'x^2 + y^2', start, optimizers: ['sgd', 'momentum', 'adam'], convention: 'pytorch', steps: 300,
      hyperparameters: { sgd: { lr: 0.1 } }, schedule: { kind: 'constant' },
    },
    objective: {
      text: 'x ^ 2 + y ^ 2', tex: '{x}^{2}+{y}^{2}', variables: ['x', 'y'],
      gradient: [
        { variable: 'x', text: '2 * x', tex: '2\\cdot x', symbolic: true },
        { variable: 'y', text: '2 * y', tex: '2\\cdot y', symbolic: true },
      ],
    },
    reference: { kind: 'preset', name: 'bowl', minima: [[0, 0]] },
    runs: [
      trace('sgd', 'SGD', run0, bowl, () => 0.1, { reason: 'converged', step: 200 }),
      trace('momentum', 'Momentum', run1, bowl, (k, d) => 0.1 / (1 + 0.01 * k * (d + 1)), { reason: 'max-steps', step: 300 }),
      trace('adam', 'Adam', run2, bowl, k => 0.05 * Math.sqrt(k), { reason: 'diverged', step: 37, detail: 'loss became non-finite' }),
    ],
    surface: grid(bowl, [-2, 2], [-2, 2], 101, 101),
    version: 1,
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 4 },
    ...(readonly ? { readonly: true } : {}),
  };
}

/** One variable: f(x) = (x − 1)², an optimizer bouncing across the valley and one creeping in. */
export function curveModel() {
  const f = x => (x - 1) * (x - 1);
  const bounce = Array.from({ length: 41 }, (_, k) => [1 + 2 * Math.pow(-0.85, k)]);
  const creep = Array.from({ length: 41 }, (_, k) => [1 + 2 * Math.pow(0.9, k)]);
  const n = 201;
  const values = Array.from({ length: n }, (_, i) => f(-2 + (5 * i) / (n - 1)));
  return {
    config: { expression: '(x - 1)^2', start: [3], optimizers: ['sgd', 'momentum'], convention: 'pytorch', steps: 40, hyperparameters: {}, schedule: { kind: 'constant' } },
    objective: { text: '(x - 1) ^ 2', tex: '{\\left(x-1\\right)}^{2}', variables: ['x'], gradient: [{ variable: 'x', text: '2 * (x - 1)', tex: '2\\cdot\\left(x-1\\right)', symbolic: true }] },
    reference: { kind: 'preset', name: 'parabola', minima: [[1]] },
    runs: [
      trace('sgd', 'SGD', creep, f, () => 0.05, { reason: 'max-steps', step: 40 }),
      trace('momentum', 'Momentum', bounce, f, () => 0.9, { reason: 'max-steps', step: 40 }),
    ],
    surface: { kind: 'curve', x: [-2, 3.5], n, values: Array.from({ length: n }, (_, i) => f(-2 + (5.5 * i) / (n - 1))) },
    version: 1,
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 1 },
  };
}

/** Three variables: x² + y² + z², sliced at the start's z. */
export function threeVarModel() {
  const f = (x, y, z) => x * x + y * y + z * z;
  const start = [1.5, -1, 0.8];
  return {
    config: {
      expression: 'x^2 + y^2 + z^2', start, optimizers: ['sgd', 'adam'], convention: 'pytorch', steps: 100,
      hyperparameters: {}, schedule: { kind: 'constant' }, mapVariables: [0, 1], sliceMode: 'follow',
    },
    objective: {
      text: 'x ^ 2 + y ^ 2 + z ^ 2', tex: '{x}^{2}+{y}^{2}+{z}^{2}', variables: ['x', 'y', 'z'],
      gradient: ['x', 'y', 'z'].map(v => ({ variable: v, text: `2 * ${v}`, tex: `2\\cdot ${v}`, symbolic: true })),
    },
    reference: { kind: 'preset', name: 'sphere', minima: [[0, 0, 0]] },
    runs: [
      trace('sgd', 'SGD', line(start, [0, 0, 0], 100), f, () => 0.1, { reason: 'converged', step: 100 }),
      trace('adam', 'Adam', line(start, [0.5, 0.5, 0.2], 60), f, (k, d) => 0.01 * (d + 1), { reason: 'converged', step: 60 }),
    ],
    surface: grid((x, y) => f(x, y, start[2]), [-2, 2], [-2, 2], 81, 81, 0, 1, start),
    version: 1,
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 2 },
  };
}

export const rosenbrock = (x, y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

/** The benchmark: 10 runs × 10,000 recorded steps (spirals into (1, 1)) on a 400 × 400 Rosenbrock field; `records` < `steps`: strided records. */
export function benchModel({ runs = 10, steps = 10_000, gridSize = 400, records = steps } = {}) {
  const reg = registry();
  const traces = [];
  for (let r = 0; r < runs; r++) {
    const pts = new Array(records + 1);
    const rate = 2 + r * 0.7;
    const turns = 3 + r;
    for (let k = 0; k <= records; k++) {
      const t = k / records;
      const rad = 1.6 * Math.exp(-rate * t);
      const a = (r * Math.PI) / 5 + turns * 2 * Math.PI * t;
      pts[k] = [1 + rad * Math.cos(a), 1 + 0.8 * rad * Math.sin(a)];
    }
    const tr = trace(reg[r % 3].id, `Run ${r + 1}`, pts, rosenbrock, (k, d) => 0.01 / Math.sqrt(1 + k * (d + 1) * 0.001), { reason: 'max-steps', step: steps });
    // a long run keeps every (steps / records)th step, like the run loop's strided records
    if (records !== steps) tr.steps = tr.steps.map(k => Math.round((k * steps) / records));
    traces.push(tr);
  }
  return {
    config: { expression: '(1 - x)^2 + 100 * (y - x^2)^2', start: traces[0].path.slice(0, 2), optimizers: ['sgd', 'momentum', 'adam'], convention: 'pytorch', steps, hyperparameters: {}, schedule: { kind: 'constant' } },
    objective: {
      text: '(1 - x) ^ 2 + 100 * (y - x ^ 2) ^ 2', tex: '{\\left(1-x\\right)}^{2}+100\\cdot{\\left(y-{x}^{2}\\right)}^{2}', variables: ['x', 'y'],
      gradient: [
        { variable: 'x', text: '-2 * (1 - x) - 400 * x * (y - x ^ 2)', tex: '-2\\left(1-x\\right)-400x\\left(y-x^2\\right)', symbolic: true },
        { variable: 'y', text: '200 * (y - x ^ 2)', tex: '200\\left(y-x^2\\right)', symbolic: true },
      ],
    },
    reference: { kind: 'preset', name: 'Rosenbrock', minima: [[1, 1]] },
    runs: traces,
    surface: grid(rosenbrock, [-0.8, 2.8], [-0.6, 2.6], gridSize, gridSize),
    version: 1,
    registry: reg,
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 10 },
  };
}

// ---------------------------------------------------------------------------------------------
// Dataset and noise runs, simulated here with the real update rules (small, seeded, deterministic).

/** mulberry32: a tiny seeded PRNG in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = rand => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** One optimizer's state machine: `step(x, g)` → new x and its effective learning rate per parameter. */
function stepper(id, lr) {
  if (id === 'sgd') return (x, g) => ({ x: x.map((v, d) => v - lr * g[d]), eff: x.map(() => lr) });
  if (id === 'momentum') {
    let b = null;
    return (x, g) => {
      b = b ? b.map((v, d) => 0.9 * v + g[d]) : [...g];
      return { x: x.map((v, d) => v - lr * b[d]), eff: x.map(() => lr) };
    };
  }
  let m = null, v = null, t = 0;
  return (x, g) => {
    t++;
    m = (m ?? g.map(() => 0)).map((u, d) => 0.9 * u + 0.1 * g[d]);
    v = (v ?? g.map(() => 0)).map((u, d) => 0.999 * u + 0.001 * g[d] * g[d]);
    const eff = v.map(u => lr / (1 - 0.9 ** t) / (Math.sqrt(u / (1 - 0.999 ** t)) + 1e-8));
    return { x: x.map((u, d) => u - eff[d] * m[d]), eff };
  };
}

/** Records a run of `steps` updates from `start`; `grad(x, t)` is the gradient used by update t (1-based). */
function simulate(id, label, lr, start, steps, f, grad, extra = () => ({})) {
  const dim = start.length;
  const rec = { optimizer: id, convention: 'pytorch', label, hyperparameters: { lr }, dim, steps: [], path: [], loss: [], effectiveLr: [], delta: [], lr: [] };
  const step = stepper(id, lr);
  let x = [...start];
  const push = (k, eff, dx) => {
    rec.steps.push(k);
    rec.path.push(...x.map(num));
    rec.loss.push(num(f(x)));
    rec.effectiveLr.push(...(eff ? eff.map(num) : x.map(() => null)));
    rec.delta.push(...(dx ? dx.map(num) : x.map(() => null)));
    rec.lr.push(k === 0 ? null : lr);
    const e = extra(k);
    for (const key of Object.keys(e)) (rec[key] ??= []).push(e[key]);
  };
  push(0);
  for (let t = 1; t <= steps; t++) {
    const r = step(x, grad(x, t));
    const dx = r.x.map((v, d) => v - x[d]);
    x = r.x;
    push(t, r.eff, dx);
  }
  rec.stop = { reason: 'max-steps', step: steps, detail: `ran all ${steps} steps (fixture)` };
  return rec;
}

/**
 * Linear regression on 60 seeded rows (y ≈ 1.8·x + 0.6 + noise), loss (w·x + b − y)², minibatches
 * of 6 rows shuffled every epoch (10 updates per epoch), 30 epochs = 300 steps; the reference is
 * the exact least-squares solution (normal equations). `model.data` summarises it; with
 * `rescale: 'standard'` the runs see x standardised and `data.toOriginal` maps (w, b) back
 * (`undoable: false`: only a note saying why not). `dataModel.stats(seed, rows)` gives μ and σ of x.
 */
export function dataModel({ batchSize = 6, epochs = 30, rows = 60, seed = 7, rescale = 'none', undoable = true } = {}) {
  const rand = rng(seed);
  const raw = Array.from({ length: rows }, () => -1 + 3 * rand());
  const ys = raw.map(x => 1.8 * x + 0.6 + 0.35 * gauss(rand));
  // rescale 'standard': the optimizers see x' = (x − μ)/σ; w·x + b = (w'/σ)·x + (b' − μw'/σ)
  const mu = raw.reduce((s, x) => s + x, 0) / rows;
  const sd = Math.sqrt(raw.reduce((s, x) => s + (x - mu) ** 2, 0) / rows);
  const xs = rescale === 'standard' ? raw.map(x => (x - mu) / sd) : raw;
  const cost = ([w, b]) => xs.reduce((s, x, i) => s + (w * x + b - ys[i]) ** 2, 0) / rows;
  // least squares: [Σx² Σx; Σx n] θ = [Σxy; Σy]
  const sxx = xs.reduce((s, x) => s + x * x, 0), sx = xs.reduce((s, x) => s + x, 0);
  const sxy = xs.reduce((s, x, i) => s + x * ys[i], 0), sy = ys.reduce((s, y) => s + y, 0);
  const det = sxx * rows - sx * sx;
  const lsq = [(sxy * rows - sx * sy) / det, (sxx * sy - sx * sxy) / det];
  const B = batchSize === 'full' ? rows : batchSize;
  const perEpoch = Math.ceil(rows / B);
  const steps = perEpoch * epochs;
  const orders = [];
  for (let e = 1; e <= epochs; e++) {
    const o = Array.from({ length: rows }, (_, i) => i);
    const r = rng(seed * 1000 + e);
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [o[i], o[j]] = [o[j], o[i]];
    }
    orders.push(o);
  }
  const epochOf = t => (t <= 0 ? 0 : Math.ceil(t / perEpoch));
  const grad = ([w, b], t) => {
    const e = epochOf(t);
    const from = ((t - 1) % perEpoch) * B;
    const batch = orders[e - 1].slice(from, Math.min(rows, from + B));
    let gw = 0, gb = 0;
    for (const i of batch) {
      const r = w * xs[i] + b - ys[i];
      gw += 2 * r * xs[i];
      gb += 2 * r;
    }
    return [gw / batch.length, gb / batch.length];
  };
  const start = [-1, -1.5];
  const extra = k => ({ epoch: epochOf(k) });
  const runs = [
    simulate('sgd', 'SGD', 0.05, start, steps, cost, grad, extra),
    simulate('momentum', 'Momentum', 0.01, start, steps, cost, grad, extra),
    simulate('adam', 'Adam', 0.08, start, steps, cost, grad, extra),
  ];
  return {
    config: {
      expression: '(w * x + b - y)^2', start, optimizers: ['sgd', 'momentum', 'adam'], convention: 'pytorch', steps,
      hyperparameters: { sgd: { lr: 0.05 }, momentum: { lr: 0.01 }, adam: { lr: 0.08 } }, schedule: { kind: 'constant' },
      data: { file: '/home/me/project/data/linear-regression.csv', parameters: ['w', 'b'], batchSize, epochs, shuffle: true, rescale, seed },
    },
    data: {
      rows, columns: ['x', 'y'], batchSize: B, stepsPerEpoch: perEpoch, rescale,
      ...(rescale === 'none' ? {} : undoable
        ? { toOriginal: { matrix: [[1 / sd, 0], [-mu / sd, 1]], offset: [0, 0] } }
        : { note: 'the loss is not linear in the rescaled columns, so the parameters cannot be mapped back exactly' }),
    },
    objective: {
      text: '(w * x + b - y) ^ 2', tex: '{\\left(w\\cdot x+b-y\\right)}^{2}', variables: ['w', 'b'],
      gradient: [
        { variable: 'w', text: '2 * (w * x + b - y) * x', tex: '2\\left(w x+b-y\\right)x', symbolic: true },
        { variable: 'b', text: '2 * (w * x + b - y)', tex: '2\\left(w x+b-y\\right)', symbolic: true },
      ],
    },
    reference: { kind: 'least-squares', minima: [lsq] },
    runs,
    surface: grid((w, b) => cost([w, b]), [-2, 3.5], [-2.5, 3], 121, 121),
    version: 1,
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 2 },
  };
}

/** Mean and (population) standard deviation of the fixture's x column, for hand-computed checks. */
dataModel.stats = ({ rows = 60, seed = 7 } = {}) => {
  const rand = rng(seed);
  const xs = Array.from({ length: rows }, () => -1 + 3 * rand());
  const mu = xs.reduce((s, x) => s + x, 0) / rows;
  return { mu, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mu) ** 2, 0) / rows) };
};

/**
 * Noisy gradients on f = x² + 4y²: Gaussian noise σ = 3 on the gradient, 8 seeds; each run's
 * path and loss are seed 0's, `lossMean` and `lossBand` (min–max) summarise all 8 seeds.
 */
export function noiseModel({ seeds = 8, sigma = 3, steps = 200 } = {}) {
  const f = ([x, y]) => x * x + 4 * y * y;
  const start = [1.8, 1.2];
  const specs = [['sgd', 'SGD', 0.04], ['momentum', 'Momentum', 0.01], ['adam', 'Adam', 0.05]];
  const runs = specs.map(([id, label, lr]) => {
    const perSeed = Array.from({ length: seeds }, (_, s) => {
      const rand = rng(100 + s);
      return simulate(id, label, lr, start, steps, f, ([x, y]) => [2 * x + sigma * gauss(rand), 8 * y + sigma * gauss(rand)]);
    });
    const run = perSeed[0];
    run.lossMean = run.loss.map((_, k) => perSeed.reduce((a, r) => a + r.loss[k], 0) / seeds);
    run.lossBand = { lo: run.loss.map((_, k) => Math.min(...perSeed.map(r => r.loss[k]))), hi: run.loss.map((_, k) => Math.max(...perSeed.map(r => r.loss[k]))) };
    return run;
  });
  return {
    config: {
      expression: 'x^2 + 4*y^2', start, optimizers: ['sgd', 'momentum', 'adam'], convention: 'pytorch', steps,
      hyperparameters: Object.fromEntries(specs.map(([id, , lr]) => [id, { lr }])), schedule: { kind: 'constant' }, noise: { sigma, seeds },
    },
    objective: {
      text: 'x ^ 2 + 4 * y ^ 2', tex: '{x}^{2}+4\\cdot{y}^{2}', variables: ['x', 'y'],
      gradient: [
        { variable: 'x', text: '2 * x', tex: '2\\cdot x', symbolic: true },
        { variable: 'y', text: '8 * y', tex: '8\\cdot y', symbolic: true },
      ],
    },
    reference: { kind: 'preset', name: 'elliptic bowl', minima: [[0, 0]] },
    runs,
    surface: grid((x, y) => f([x, y]), [-2.2, 2.2], [-1.6, 1.6], 121, 121),
    version: 1,
    registry: registry(),
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 2 },
  };
}

// ---------------------------------------------------------------------------------------------
// Crowded scenes: several runs on the same spot (barely moved, or all at the minimum), the real
// update rules (long, several clauses), and a run that converges to 1e-33 (log-axis ticks).

/** The registry with the real PyTorch rules (read from src/core/optim) and seven optimizers. */
export function longRegistry() {
  const reg = registry();
  const rule = Object.fromEntries(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'].map(id => [id, pytorchTex(id)]));
  const lr = reg[0].params[0];
  for (const r of reg) if (rule[r.id]) r.formula = { ...r.formula, pytorch: rule[r.id] };
  const extra = [['nesterov', 'Nesterov'], ['adagrad', 'AdaGrad'], ['rmsprop', 'RMSprop'], ['amsgrad', 'AMSGrad']].map(([id, label]) => ({
    id, label, summary: `${label}.`, params: [lr], defaults: { pytorch: { lr: 0.01 }, keras: { lr: 0.01 } }, unavailable: {},
    formula: { pytorch: rule[id], keras: rule[id] }, source: { pytorch: 'torch/optim', keras: 'keras' }, effectiveLr: 'η',
  }));
  return [...reg.slice(0, 2), ...extra.slice(0, 1), ...extra.slice(1, 3), reg[2], extra[3], reg[3]];
}

/**
 * The bowl x² + y² from (1.5, 1.5) with seven runs, labelled as the core labels them ("SGD (pytorch)"):
 *   SGD, AdaGrad, RMSprop  barely move (stay within a pixel of the start), 100 steps;
 *   Momentum, Nesterov, Adam, AMSGrad  all end exactly at the minimum (0, 0), converged.
 * SGD, Momentum and Adam carry their own `formula` (weight decay off: no `g ← g + λx`).
 */
export function crowdedModel() {
  const start = [1.5, 1.5];
  const stuck = s => Array.from({ length: 101 }, (_, k) => [1.5 - s * k, 1.5 - s * k]);
  const curve = n => Array.from({ length: n + 1 }, (_, k) => { const t = k / n; return [1.5 * (1 - t), 1.5 * (1 - t) * (1 - t)]; });
  const reg = longRegistry();
  const label = id => `${reg.find(r => r.id === id).label} (pytorch)`;
  const runs = [
    trace('sgd', label('sgd'), stuck(1e-6), bowl, () => 0.001, { reason: 'max-steps', step: 100, detail: 'ran all 100 steps' }),
    trace('momentum', label('momentum'), line(start, [0, 0], 60), bowl, () => 0.001, { reason: 'converged', step: 60 }),
    trace('nesterov', label('nesterov'), curve(70), bowl, () => 0.001, { reason: 'converged', step: 70 }),
    trace('adagrad', label('adagrad'), stuck(2e-6), bowl, k => 0.01 / Math.sqrt(k), { reason: 'max-steps', step: 100, detail: 'ran all 100 steps' }),
    trace('rmsprop', label('rmsprop'), stuck(3e-6), bowl, () => 0.01, { reason: 'max-steps', step: 100, detail: 'ran all 100 steps' }),
    trace('adam', label('adam'), line(start, [0, 0], 80), bowl, () => 0.001, { reason: 'converged', step: 80 }),
    trace('amsgrad', label('amsgrad'), line(start, [0, 0], 90), bowl, () => 0.001, { reason: 'converged', step: 90 }),
  ];
  runs[0].formula = pytorchTex('sgd', true);
  runs[1].formula = pytorchTex('momentum', true);
  runs[5].formula = pytorchTex('adam', true);
  return {
    config: {
      expression: 'x^2 + y^2', start, optimizers: runs.map(r => r.optimizer), convention: 'pytorch', steps: 100,
      hyperparameters: {}, schedule: { kind: 'constant' },
    },
    objective: {
      text: 'x ^ 2 + y ^ 2', tex: '{x}^{2}+{y}^{2}', variables: ['x', 'y'],
      gradient: [
        { variable: 'x', text: '2 * x', tex: '2\\cdot x', symbolic: true },
        { variable: 'y', text: '2 * y', tex: '2\\cdot y', symbolic: true },
      ],
    },
    reference: { kind: 'preset', name: 'bowl', minima: [[0, 0]] },
    runs,
    surface: grid(bowl, [-2, 2], [-2, 2], 101, 101),
    version: 1,
    registry: reg,
    conventions: ['pytorch', 'keras'],
    settings: { animationSpeed: 4 },
  };
}

/** One variable, (x − 1)², four runs that all sit at x = 3 at first and two that end together at x = 1. */
export function crowdedCurveModel() {
  const m = curveModel();
  const f = x => (x - 1) * (x - 1);
  const to = (a, b, n) => Array.from({ length: 41 }, (_, k) => [a + (b - a) * Math.min(1, k / n)]);
  m.runs.push(
    trace('adam', 'Adam', to(3, 1, 30), f, () => 0.01, { reason: 'max-steps', step: 40 }),
    trace('lion', 'Lion', to(3, 1, 35), f, () => 0.01, { reason: 'max-steps', step: 40 }),
  );
  m.config.optimizers = ['sgd', 'momentum', 'adam', 'lion'];
  return m;
}

/** Three variables with one run converging geometrically to 1e-33 (a loss axis spanning 33 decades). */
export function deepThreeVarModel() {
  const m = threeVarModel();
  const f = (x, y, z) => x * x + y * y + z * z;
  const start = m.config.start;
  const q = Math.pow(10, -33 / 200);
  m.runs[0] = trace('sgd', 'SGD', Array.from({ length: 101 }, (_, k) => start.map(v => v * Math.pow(q, k))), f, () => 0.1, { reason: 'max-steps', step: 100 });
  return m;
}
