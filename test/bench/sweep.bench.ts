/**
 * Sweep benchmarks (`node out/test/bench/index.js sweep`), each against a target from the issue
 * that asked for them:
 *  - a learning-rate sweep: 7 optimizers × 25 rates × 1,000 steps on Rosenbrock (compiled ∇f), in
 *    this thread, and through the CLI bundle (dist/cli.js) in one thread, in two (this one and a
 *    worker sharing the tasks; the time includes starting the worker) and with the default choice;
 *  - autoTune: 7 optimizers on the Rosenbrock preset (12 rates × min(steps, 1,000) steps), and on
 *    the bundled linear-regression dataset (200 rows, minibatches of 10);
 *  - basins: 150 × 150 starts × 500 steps of GD on Himmelblau, the same ways;
 *  - cancel and responsiveness on the panel's host-side path (runPanelSweep / runPanelBasins with
 *    the panel's setImmediate yield): the time from setting the token at a random moment to the
 *    promise settling (max of 20), and the longest event-loop block while a whole sweep runs
 *    (perf_hooks monitorEventLoopDelay);
 *  - the same with the panel's worker path (the pool of src/node/sweepPool.ts running the light
 *    bundle dist/sweepWorker.js, one worker per core; the host thread only starts the workers and
 *    receives their results).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { BenchRow, timeOnce } from './harness';
import { parseObjective } from '../../src/core/expr';
import { findPreset } from '../../src/core/presets';
import { objectiveSource } from '../../src/core/run';
import { autoTune, runSweep, SweepOptimizer } from '../../src/core/sweep';
import { basinMap } from '../../src/core/basins';
import { parseCsv } from '../../src/core/data/csv';
import { prepareData } from '../../src/core/dataRun';
import { datasetFromColumns } from '../../src/core/data/dataset';
import { runPanelSweep, sweepTargetFor } from '../../src/extension/panelSweep';
import { basinConfigFor, runPanelBasins, type PanelBasinConfig } from '../../src/extension/panelBasins';
import { panelWorkers, type PoolModule } from '../../src/extension/panelWorkers';
import * as sweepPool from '../../src/node/sweepPool';
import type { PanelModel } from '../../src/core/protocol';
import { CONSTANT_SCHEDULE } from '../../src/core/schedule';
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

/**
 * `node dist/cli.js …args --json`: the command's own elapsedMs and threads, best of `repeats` (null
 * without a built CLI), with the workerReadyMs of every repeat (each worker's time from its start to
 * taking tasks; dist/sweepWorker.js runs the generated code, without mathjs).
 */
function cliTimed(args: string[], repeats = 3): { ms: number; threads: number; readyMs: number[] } | null {
  const cli = path.join(root, 'dist/cli.js');
  if (!fs.existsSync(cli)) return null;
  let best: { ms: number; threads: number } | null = null;
  const readyMs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = spawnSync(process.execPath, [cli, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (p.status !== 0) throw new Error(`optimizer-lab ${args.join(' ')}: ${p.stderr}`);
    const j = JSON.parse(p.stdout) as { elapsedMs: number; workers: number; workerReadyMs?: number[] };
    readyMs.push(...(j.workerReadyMs ?? []));
    if (!best || j.elapsedMs < best.ms) best = { ms: j.elapsedMs, threads: j.workers };
  }
  return best && { ...best, readyMs };
}

/** ", workers ready after 120–340 ms" (or nothing when no worker joined). */
const readyNote = (r: { readyMs: number[] }): string => (r.readyMs.length ? `, workers ready after ${Math.min(...r.readyMs)}–${Math.max(...r.readyMs)} ms` : '');

const yieldToEventLoop = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

/**
 * The panel's yield, also noting the longest stretch of this process's CPU time between two
 * yields: the work of one slice, which a loaded machine's preemption does not lengthen (the
 * event-loop delay does include it).
 */
function slicing(): { yieldToEventLoop: () => Promise<void>; longestSliceMs: () => number } {
  let last = process.cpuUsage();
  let longest = 0;
  return {
    yieldToEventLoop: () => {
      const d = process.cpuUsage(last);
      longest = Math.max(longest, (d.user + d.system) / 1000);
      return new Promise(resolve => setImmediate(() => { last = process.cpuUsage(); resolve(); }));
    },
    longestSliceMs: () => longest,
  };
}

/** Sets the token at a random moment of each of `trials` runs; the longest time from then to settled (ms). */
async function cancelLatency(start: (signal: { cancelled: boolean }) => Promise<unknown>, fullMs: number, trials = 20): Promise<number> {
  let worst = 0;
  for (let t = 0; t < trials; t++) {
    const signal = { cancelled: false };
    let cancelledAt = 0;
    const timer = setTimeout(() => { signal.cancelled = true; cancelledAt = performance.now(); }, Math.random() * fullMs * 0.9);
    await start(signal);
    const settled = performance.now();
    clearTimeout(timer);
    if (cancelledAt > 0) worst = Math.max(worst, settled - cancelledAt);
  }
  return worst;
}

/** The longest event-loop block (ms) while `work` runs. */
async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await work();
  h.disable();
  return h.max / 1e6;
}

const met = (ms: number, target: number) => `target < ${target >= 1000 ? `${target / 1000} s` : `${target} ms`}: ${ms < target ? 'met' : 'MISSED'}`;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const workers = Math.max(2, cores);

  // Sweep.
  const rosen = presetSource('rosenbrock');
  const sweepConfig = { source: rosen.source, start: rosen.preset.start, optimizers, steps: 1000, minimumValue: 0 };
  let sink = 0;
  const sweepMs = timeOnce(() => { sink += must(runSweep(sweepConfig)).runs.length; }, 3);
  const section = 'sweep: 7 optimizers × 25 lrs × 1,000 steps (Rosenbrock)';
  rows.push({ section, name: 'one thread (runSweep)', nsPerOp: sweepMs * 1e6, unit: 'sweep', note: met(sweepMs, 1000) });
  const load = os.loadavg()[0].toFixed(1);
  const sweepArgs = ['sweep', 'rosenbrock', '--optimizer', SEVEN.join(','), '--steps', '1000'];
  const one = cliTimed([...sweepArgs, '--workers', '1']);
  if (one) {
    rows.push({ section, name: 'CLI bundle, --workers 1', nsPerOp: one.ms * 1e6, unit: 'sweep', baseline: 'one thread (runSweep)', note: `${met(one.ms, 1000)}; load average ${load} on ${cores} cores` });
    const two = cliTimed([...sweepArgs, '--workers', String(workers)])!;
    rows.push({ section, name: `CLI bundle, --workers ${workers} (this thread + workers, incl. start-up)`, nsPerOp: two.ms * 1e6, unit: 'sweep', baseline: 'CLI bundle, --workers 1', note: `${met(two.ms, 1000)}; speed-up ${(one.ms / two.ms).toFixed(2)}×, ${two.threads} thread(s) took tasks${readyNote(two)}` });
    const auto = cliTimed(sweepArgs)!;
    rows.push({ section, name: 'CLI bundle, default (workers only when they pay off)', nsPerOp: auto.ms * 1e6, unit: 'sweep', baseline: 'CLI bundle, --workers 1', note: `${met(auto.ms, 1000)}; chose ${auto.threads} thread(s)${readyNote(auto)}` });
    const longArgs = ['sweep', 'rosenbrock', '--optimizer', SEVEN.join(','), '--steps', '10000'];
    const longOne = cliTimed([...longArgs, '--workers', '1'], 2)!;
    const longTwo = cliTimed([...longArgs, '--workers', String(workers)], 2)!;
    rows.push({ section: 'sweep: 7 optimizers × 25 lrs × 10,000 steps (Rosenbrock), CLI bundle', name: '--workers 1', nsPerOp: longOne.ms * 1e6, unit: 'sweep' });
    rows.push({ section: 'sweep: 7 optimizers × 25 lrs × 10,000 steps (Rosenbrock), CLI bundle', name: `--workers ${workers}`, nsPerOp: longTwo.ms * 1e6, unit: 'sweep', baseline: '--workers 1', note: `speed-up ${(longOne.ms / longTwo.ms).toFixed(2)}×${readyNote(longTwo)}` });
  }

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
  const basinArgs = ['basins', 'himmelblau', '--optimizer', 'sgd', '--set', 'lr=0.01', '--steps', '500', '--grid', '150'];
  const bOne = cliTimed([...basinArgs, '--workers', '1'], 2);
  if (bOne) {
    rows.push({ section: bsection, name: 'CLI bundle, --workers 1', nsPerOp: bOne.ms * 1e6, unit: 'map', baseline: 'one thread (basinMap)', note: met(bOne.ms, 3000) });
    const bTwo = cliTimed([...basinArgs, '--workers', String(workers)], 2)!;
    rows.push({ section: bsection, name: `CLI bundle, --workers ${workers} (incl. start-up)`, nsPerOp: bTwo.ms * 1e6, unit: 'map', baseline: 'CLI bundle, --workers 1', note: `${met(bTwo.ms, 3000)}; speed-up ${(bOne.ms / bTwo.ms).toFixed(2)}×, ${bTwo.threads} thread(s) took rows${readyNote(bTwo)}` });
    const bAuto = cliTimed(basinArgs, 2)!;
    rows.push({ section: bsection, name: 'CLI bundle, default', nsPerOp: bAuto.ms * 1e6, unit: 'map', baseline: 'CLI bundle, --workers 1', note: `${met(bAuto.ms, 3000)}; chose ${bAuto.threads} thread(s)${readyNote(bAuto)}` });
  }

  // Cancel and responsiveness on the panel's host path.
  const csection = 'panel host: cancel and event-loop blocks (runPanelSweep / runPanelBasins, setImmediate yields)';
  const panelTarget = must(sweepTargetFor({ expression: rosen.preset.expression, start: [...rosen.preset.start], optimizers: SEVEN, convention: 'pytorch', steps: 1000, hyperparameters: {}, schedule: CONSTANT_SCHEDULE }));
  const grid = { lo: 1e-5, hi: 10, n: 25 };
  const sweepOnce = (signal: { cancelled: boolean }) => runPanelSweep(panelTarget, grid, 1000, signal, () => undefined, yieldToEventLoop);
  let t0 = performance.now();
  const sweepSlices = slicing();
  const block = await longestBlock(() => runPanelSweep(panelTarget, grid, 1000, { cancelled: false }, () => undefined, sweepSlices.yieldToEventLoop));
  const fullMs = performance.now() - t0;
  const cancelMs = await cancelLatency(sweepOnce, fullMs);
  rows.push({ section: csection, name: 'sweep 7 × 25 × 1,000: cancel → settled, max of 20 random moments', nsPerOp: cancelMs * 1e6, unit: 'cancel', note: `target < 100 ms: ${cancelMs < 100 ? 'met' : 'MISSED'}` });
  rows.push({ section: csection, name: 'sweep 7 × 25 × 1,000: longest event-loop block', nsPerOp: block * 1e6, unit: 'block', note: `target ≤ 50 ms: ${block <= 50 ? 'met' : 'MISSED'} (whole sweep ${fullMs.toFixed(0)} ms; includes preemption on a loaded machine)` });
  rows.push({ section: csection, name: 'sweep 7 × 25 × 1,000: longest slice (CPU time between yields)', nsPerOp: sweepSlices.longestSliceMs() * 1e6, unit: 'slice', note: `target ≤ 50 ms: ${sweepSlices.longestSliceMs() <= 50 ? 'met' : 'MISSED'}` });
  // A dataset of 100,000 rows, full batch: every update is 100,000 per-sample gradients.
  const rowsN = 100_000;
  const xs = Float64Array.from({ length: rowsN }, (_, i) => (i % 1000) / 1000);
  const big = must(prepareData('(w*x + b - y)^2', datasetFromColumns({ x: xs, y: xs.map(v => 2 * v + 1) }), { file: 'synthetic.csv', parameters: ['w', 'b'], batchSize: 'full', epochs: 20, shuffle: false, rescale: 'none', seed: 1 }));
  const bigConfig = { expression: '(w*x + b - y)^2', start: [0, 0], optimizers: ['sgd', 'momentum', 'adam'] as OptimizerId[], convention: 'pytorch' as const, steps: 20, hyperparameters: {}, schedule: CONSTANT_SCHEDULE, data: { file: 'synthetic.csv', parameters: ['w', 'b'], batchSize: 'full' as const, epochs: 20, shuffle: false, rescale: 'none' as const, seed: 1 } };
  const bigTarget = must(sweepTargetFor(bigConfig, big));
  const bigSlices = slicing();
  const bigBlock = await longestBlock(() => runPanelSweep(bigTarget, { lo: 1e-3, hi: 1, n: 5 }, 20, { cancelled: false }, () => undefined, bigSlices.yieldToEventLoop));
  const bigSweep = (signal: { cancelled: boolean }) => runPanelSweep(bigTarget, { lo: 1e-3, hi: 1, n: 5 }, 20, signal, () => undefined, yieldToEventLoop);
  t0 = performance.now();
  await bigSweep({ cancelled: false });
  const bigCancel = await cancelLatency(bigSweep, performance.now() - t0);
  const dsName = 'dataset sweep (100,000 rows, full batch; 3 × 5 × 20 updates)';
  rows.push({ section: csection, name: `${dsName}: cancel → settled, max of 20`, nsPerOp: bigCancel * 1e6, unit: 'cancel', note: `target < 100 ms: ${bigCancel < 100 ? 'met' : 'MISSED'}` });
  rows.push({ section: csection, name: `${dsName}: longest event-loop block`, nsPerOp: bigBlock * 1e6, unit: 'block', note: `target ≤ 50 ms: ${bigBlock <= 50 ? 'met' : 'MISSED'} (includes preemption)` });
  rows.push({ section: csection, name: `${dsName}: longest slice (CPU time between yields)`, nsPerOp: bigSlices.longestSliceMs() * 1e6, unit: 'slice', note: `target ≤ 50 ms: ${bigSlices.longestSliceMs() <= 50 ? 'met' : 'MISSED'}` });

  const basinsOnce = (signal: { cancelled: boolean }) => runPanelBasins({ ...basinConfig, grid: 150 }, signal, () => undefined, yieldToEventLoop);
  t0 = performance.now();
  const basinSlices = slicing();
  const bBlock = await longestBlock(() => runPanelBasins({ ...basinConfig, grid: 150 }, { cancelled: false }, () => undefined, basinSlices.yieldToEventLoop));
  const bFullMs = performance.now() - t0;
  const bCancelMs = await cancelLatency(basinsOnce, bFullMs);
  rows.push({ section: csection, name: 'basins 150 × 150 × 500: cancel → settled, max of 20', nsPerOp: bCancelMs * 1e6, unit: 'cancel', note: `target < 100 ms: ${bCancelMs < 100 ? 'met' : 'MISSED'}` });
  rows.push({ section: csection, name: 'basins 150 × 150 × 500: longest event-loop block', nsPerOp: bBlock * 1e6, unit: 'block', note: `target ≤ 50 ms: ${bBlock <= 50 ? 'met' : 'MISSED'} (whole map ${bFullMs.toFixed(0)} ms; includes preemption)` });
  rows.push({ section: csection, name: 'basins 150 × 150 × 500: longest slice (CPU time between yields)', nsPerOp: basinSlices.longestSliceMs() * 1e6, unit: 'slice', note: `target ≤ 50 ms: ${basinSlices.longestSliceMs() <= 50 ? 'met' : 'MISSED'}` });
  rows.push(...(await workerRows(panelTarget)));
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return rows;
}

/**
 * The panel's worker path: the same sweep and basin map through runPanelSweep / runPanelBasins
 * given the pool (with dist/sweepWorker.js, the bundle the extension ships, when it is built).
 */
async function workerRows(panelTarget: Parameters<typeof runPanelSweep>[0]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bundle = path.join(root, 'dist/sweepWorker.js');
  const entry = fs.existsSync(bundle) ? bundle : undefined;
  const fallbacks: string[] = [];
  const pool: PoolModule = {
    cores: sweepPool.cores,
    runInLightWorkers: (task, total, o) => sweepPool.runInLightWorkers(task, total, { ...o, ...(entry ? { entry } : {}) }),
  };
  const workers = panelWorkers(() => pool, line => fallbacks.push(line));
  const section = `panel host: cancel and event-loop blocks, worker path (${sweepPool.cores()} workers, ${entry ? 'dist/sweepWorker.js' : 'compiled sweepWorker.js'})`;
  const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;
  const grid = { lo: 1e-5, hi: 10, n: 25 };
  const sweepOnce = (signal: { cancelled: boolean }) => runPanelSweep(panelTarget, grid, 1000, signal, () => undefined, yieldToEventLoop, workers);
  // The basin map as the panel builds it (objective as generated code): Himmelblau, GD at η = 0.01.
  const himmel = findPreset('himmelblau')!;
  const model = { reference: { minima: himmel.minima }, runs: [{ optimizer: 'sgd', convention: 'pytorch', hyperparameters: { lr: 0.01 } }] } as unknown as PanelModel;
  const config = { expression: himmel.expression, start: [...himmel.start], optimizers: ['sgd' as const], convention: 'pytorch' as const, steps: 500, hyperparameters: { sgd: { lr: 0.01 } }, schedule: CONSTANT_SCHEDULE };
  const panelBasins: PanelBasinConfig = must(basinConfigFor(model, config, { run: 0, grid: 150, steps: 500, x: [...himmel.bounds[0]] as [number, number], y: [...himmel.bounds[1]] as [number, number] }));
  const basinsOnce = (signal: { cancelled: boolean }) => runPanelBasins(panelBasins, signal, () => undefined, yieldToEventLoop, workers);

  let t0 = performance.now();
  const block = await longestBlock(() => sweepOnce({ cancelled: false }));
  const fullMs = performance.now() - t0;
  const loadSweep = load();
  const cancelMs = await cancelLatency(sweepOnce, fullMs);
  rows.push({ section, name: 'sweep 7 × 25 × 1,000: cancel → settled, max of 20 random moments', nsPerOp: cancelMs * 1e6, unit: 'cancel', note: `target < 100 ms: ${cancelMs < 100 ? 'met' : 'MISSED'}; ${load()}` });
  rows.push({ section, name: 'sweep 7 × 25 × 1,000: longest event-loop block', nsPerOp: block * 1e6, unit: 'block', note: `target ≤ 50 ms: ${block <= 50 ? 'met' : 'MISSED'} (whole sweep ${fullMs.toFixed(0)} ms incl. worker start-up; ${loadSweep})` });

  t0 = performance.now();
  const bBlock = await longestBlock(() => basinsOnce({ cancelled: false }));
  const bFullMs = performance.now() - t0;
  const loadBasins = load();
  const bCancelMs = await cancelLatency(basinsOnce, bFullMs);
  rows.push({ section, name: 'basins 150 × 150 × 500: cancel → settled, max of 20', nsPerOp: bCancelMs * 1e6, unit: 'cancel', note: `target < 100 ms: ${bCancelMs < 100 ? 'met' : 'MISSED'}; ${load()}` });
  rows.push({ section, name: 'basins 150 × 150 × 500: longest event-loop block', nsPerOp: bBlock * 1e6, unit: 'block', note: `target ≤ 50 ms: ${bBlock <= 50 ? 'met' : 'MISSED'} (whole map ${bFullMs.toFixed(0)} ms incl. worker start-up; ${loadBasins})` });
  if (fallbacks.length) throw new Error(`the worker path fell back to the host: ${fallbacks.join('; ')}`);
  return rows;
}
