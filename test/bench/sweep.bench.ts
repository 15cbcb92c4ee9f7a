/**
 * Sweep benchmarks (`node out/test/bench/index.js sweep`), each against a target from the issue
 * that asked for them:
 *  - a learning-rate sweep: 7 optimizers × 25 rates × 1,000 steps on Rosenbrock (compiled ∇f), in
 *    this thread and over worker threads (the speed-up includes starting the workers);
 *  - autoTune: 7 optimizers on the Rosenbrock preset (12 rates × min(steps, 1,000) steps), and on
 *    the bundled linear-regression dataset (200 rows, minibatches of 10);
 *  - basins: 150 × 150 starts × 500 steps of GD on Himmelblau, in this thread and over workers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchRow, timeOnce } from './harness';
import { parseObjective } from '../../src/core/expr';
import { findPreset } from '../../src/core/presets';
import { objectiveSource } from '../../src/core/run';
import { autoTune, runSweep, splitGrid, SweepOptimizer } from '../../src/core/sweep';
import { basinMap, splitRows } from '../../src/core/basins';
import { parseCsv } from '../../src/core/data/csv';
import { prepareData } from '../../src/core/dataRun';
import { runInWorkers } from '../../src/cli/sweepWorkers';
import type { OptimizerId } from '../../src/core/optim/types';

const SEVEN: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta', 'adam'];
const optimizers: SweepOptimizer[] = SEVEN.map(optimizer => ({ optimizer }));
const root = path.resolve(__dirname, '../../..');

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function presetSource(id: string) {
  const p = findPreset(id)!;
  const o = must(parseObjective(p.expression));
  return { preset: p, source: objectiveSource(x => o.f(x), (x, out) => o.grad(x, out), 2) };
}

async function timeAsync(fn: () => Promise<unknown>, repeats = 3): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const met = (ms: number, target: number) => `target < ${target >= 1000 ? `${target / 1000} s` : `${target} ms`}: ${ms < target ? 'met' : 'MISSED'}`;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.max(2, cores);
  const flag = new Int32Array(new SharedArrayBuffer(4));

  // Sweep.
  const rosen = presetSource('rosenbrock');
  const sweepConfig = { source: rosen.source, start: rosen.preset.start, optimizers, steps: 1000, minimumValue: 0 };
  let sink = 0;
  const sweepMs = timeOnce(() => { sink += must(runSweep(sweepConfig)).runs.length; }, 3);
  const section = 'sweep: 7 optimizers × 25 lrs × 1,000 steps (Rosenbrock)';
  rows.push({ section, name: 'one thread (runSweep)', nsPerOp: sweepMs * 1e6, unit: 'sweep', note: met(sweepMs, 1000) });
  const values = { optimizer: [SEVEN.join(',')], steps: '1000' };
  const workersMs = await timeAsync(() => runInWorkers(splitGrid(25, workers).map(indices => ({ kind: 'sweep' as const, target: 'rosenbrock', values, indices })), flag));
  rows.push({ section, name: `${workers} worker threads (incl. start-up)`, nsPerOp: workersMs * 1e6, unit: 'sweep', baseline: 'one thread (runSweep)', note: `speed-up ${(sweepMs / workersMs).toFixed(2)}× on ${cores} cores` });

  // autoTune.
  const tuneMs = timeOnce(() => { sink += must(autoTune({ source: rosen.source, start: rosen.preset.start, optimizers, steps: 3000 })).runs.length; }, 3);
  rows.push({ section: 'autoTune: 7 optimizers, 12 lrs', name: 'Rosenbrock preset (1,000 steps each)', nsPerOp: tuneMs * 1e6, unit: 'tune', note: met(tuneMs, 300) });
  const csv = must(parseCsv(fs.readFileSync(path.join(root, 'media/datasets/linear-regression.csv'), 'utf8')));
  const data = must(prepareData('(w*x + b - y)^2', csv, { file: 'linear-regression.csv', parameters: ['w', 'b'], batchSize: 10, epochs: 20, shuffle: true, rescale: 'standard', seed: 1 }));
  const cost = { rows: data.source.rows, batchSize: data.source.batchSize };
  const dataTuneMs = timeOnce(() => { sink += must(autoTune({ source: data.source, start: [0, 0], optimizers, steps: data.steps, cost })).runs.length; }, 3);
  rows.push({ section: 'autoTune: 7 optimizers, 12 lrs', name: `linear-regression.csv (200 rows, B = 10, ${data.steps} steps)`, nsPerOp: dataTuneMs * 1e6, unit: 'tune', baseline: 'Rosenbrock preset (1,000 steps each)', note: met(dataTuneMs, 1000) });

  // Basins.
  const himmel = presetSource('himmelblau');
  const basinConfig = { source: himmel.source, spec: { optimizer: 'sgd' as const, hyperparameters: { lr: 0.01 } }, bounds: himmel.preset.bounds as [[number, number], [number, number]], grid: 150, steps: 500, minima: himmel.preset.minima };
  const basinMs = timeOnce(() => { sink += must(basinMap(basinConfig)).counts.diverged; }, 2);
  const bsection = 'basins: 150 × 150 starts × 500 steps (GD, Himmelblau)';
  rows.push({ section: bsection, name: 'one thread (basinMap)', nsPerOp: basinMs * 1e6, unit: 'map', note: met(basinMs, 3000) });
  const basinValues = { optimizer: ['sgd'], set: ['lr=0.01'], steps: '500', grid: '150' };
  const basinWorkersMs = await timeAsync(() => runInWorkers(splitRows(150, workers).map(r => ({ kind: 'basins' as const, target: 'himmelblau', values: basinValues, rows: r })), flag), 2);
  rows.push({ section: bsection, name: `${workers} worker threads (incl. start-up)`, nsPerOp: basinWorkersMs * 1e6, unit: 'map', baseline: 'one thread (basinMap)', note: `${met(basinWorkersMs, 3000)}; speed-up ${(basinMs / basinWorkersMs).toFixed(2)}×` });
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return rows;
}
