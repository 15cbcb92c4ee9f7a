/**
 * Optimizer benchmarks (`node out/test/bench/index.js optim`):
 *  - ns per step of each update rule (PyTorch convention; Lion in Keras's) on Rosenbrock with a
 *    hand-written gradient closure, relative to plain SGD measured the same way;
 *  - 10 optimizers × 10,000 steps on Rosenbrock through runOptimizers (everything recorded), relative
 *    to a bare hand-written SGD loop of the same 100,000 total steps. Target: under 30 ms.
 */
import { BenchRow, measure, timeOnce } from './harness';
import { RULES, resolveHyperparameters } from '../../src/core/optim/registry';
import { Convention, OPTIMIZER_IDS, OptimizerId, PowerSeries, StepperEnv } from '../../src/core/optim/types';
import { RunSpec, objectiveSource, runOptimizers } from '../../src/core/run';

const rosenbrock = (x: ArrayLike<number>): number => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] * x[0]) ** 2;
const rosenbrockGrad = (x: ArrayLike<number>, out: Float64Array): void => {
  const a = x[0], b = x[1], r = b - a * a;
  out[0] = -2 * (1 - a) - 400 * a * r;
  out[1] = 200 * r;
};
const START = [-1.2, 1];
/** For rules that evaluate f and ∇f inside a step (L-BFGS's line search): the same closures. */
const ENV: StepperEnv = { evaluate: (x, gradient) => { rosenbrockGrad(x, gradient); return rosenbrock(x); } };
/** Small enough that every rule stays finite for millions of steps from START. */
const LR: Record<OptimizerId, number> = {
  sgd: 1e-4, momentum: 1e-4, nesterov: 1e-4, adagrad: 1e-2, rmsprop: 1e-3, adadelta: 1,
  adam: 1e-3, amsgrad: 1e-3, adamax: 2e-3, nadam: 2e-3, adamw: 1e-3, lion: 1e-4,
  yogi: 1e-3, adabelief: 1e-3, lamb: 1e-3, signsgd: 1e-4, signum: 1e-4, adan: 1e-3, ftrl: 1e-2, adafactor: 1e-3, adopt: 1e-3, ademamix: 1e-3, prodigy: 1e-2, 'schedulefree-adamw': 1e-3, 'schedulefree-sgd': 1e-4,
  radam: 1e-3, rprop: 1e-3, asgd: 1e-4, lbfgs: 1,
};
/** The first convention whose framework has the rule (PyTorch's where it exists). */
const conventionOf = (id: OptimizerId): Convention => (RULES[id].defaults.pytorch ? 'pytorch' : RULES[id].defaults.keras ? 'keras' : 'optax');

function stepCost(id: OptimizerId): number {
  const convention = conventionOf(id);
  const hp = resolveHyperparameters(id, convention, { lr: LR[id] });
  if (!hp.ok) throw new Error(hp.error.message);
  const lr = LR[id];
  let sink = 0;
  const ns = measure(n => {
    const stepper = RULES[id].create(2, hp.value, convention, RULES[id].needsEvaluate ? ENV : undefined);
    const x = Float64Array.from(START), g = new Float64Array(2), eff = new Float64Array(2);
    for (let t = 1; t <= n; t++) {
      rosenbrockGrad(x, g);
      stepper.step(x, g, t, lr, eff);
    }
    sink += x[0];
  });
  if (!Number.isFinite(sink)) throw new Error(`${id} diverged in the benchmark`);
  return ns;
}

/** The floor: gradient + update + nothing else, inlined. */
function bareSgd(totalSteps: number): number {
  let a = START[0], b = START[1];
  const lr = 1e-4;
  for (let t = 0; t < totalSteps; t++) {
    const r = b - a * a;
    const ga = -2 * (1 - a) - 400 * a * r, gb = 200 * r;
    a -= lr * ga;
    b -= lr * gb;
  }
  return a + b;
}

export function run(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const id of OPTIMIZER_IDS) {
    rows.push({
      section: 'optimizer step (Rosenbrock, hand-written ∇f)',
      name: `${id} (${conventionOf(id)})`,
      nsPerOp: stepCost(id),
      unit: 'step',
      baseline: 'sgd (pytorch)',
    });
  }

  const ten: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam', 'amsgrad', 'adamax', 'nadam'];
  const specs: RunSpec[] = ten.map(id => ({ optimizer: id, hyperparameters: { lr: LR[id] } }));
  const source = objectiveSource(rosenbrock, rosenbrockGrad, 2);
  const options = { start: START, steps: 10_000 };
  const check = runOptimizers(source, specs, options);
  if (!check.ok) throw new Error(check.error.message);
  const stops = check.value.filter(t => t.stop.reason !== 'max-steps').map(t => `${t.label}: ${t.stop.reason}`);
  let sink = 0;
  const runMs = timeOnce(() => { const r = runOptimizers(source, specs, options); sink += r.ok ? r.value.length : 0; }, 10);
  const bareMs = timeOnce(() => { sink += bareSgd(100_000); }, 10);
  if (!Number.isFinite(sink)) throw new Error('bare loop diverged');
  const section = '10 optimizers × 10,000 steps (Rosenbrock)';
  rows.push({ section, name: 'bare hand-written SGD loop, 100k steps', nsPerOp: bareMs * 1e6, unit: 'run' });
  rows.push({
    section,
    name: 'runOptimizers, every step recorded',
    nsPerOp: runMs * 1e6,
    unit: 'run',
    baseline: 'bare hand-written SGD loop, 100k steps',
    note: `target < 30 ms: ${runMs < 30 ? 'met' : 'MISSED'}${stops.length ? `; stopped early: ${stops.join(', ')}` : ''}`,
  });
  // Cold: the memoised β^t tables (optim/types.ts PowerSeries) are cleared first, as on a first run.
  const coldMs = timeOnce(() => { PowerSeries.clearCache(); const r = runOptimizers(source, specs, options); sink += r.ok ? 1 : 0; }, 10);
  rows.push({ section, name: 'runOptimizers, cold β^t tables', nsPerOp: coldMs * 1e6, unit: 'run', baseline: 'bare hand-written SGD loop, 100k steps', note: `target < 30 ms: ${coldMs < 30 ? 'met' : 'MISSED'}` });
  const thinned = timeOnce(() => { const r = runOptimizers(source, specs, { ...options, every: 100 }); sink += r.ok ? 1 : 0; }, 10);
  rows.push({ section, name: 'runOptimizers, every = 100', nsPerOp: thinned * 1e6, unit: 'run', baseline: 'bare hand-written SGD loop, 100k steps' });
  return rows;
}
