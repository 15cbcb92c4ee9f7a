import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runPanelSweep, sweepTargetFor } from '../../src/extension/panelSweep';
import { basinConfigFor, runPanelBasins, toBasinView } from '../../src/extension/panelBasins';
import { panelWorkers, type PanelWorkers, type PoolModule } from '../../src/extension/panelWorkers';
import * as sweepPool from '../../src/node/sweepPool';
import type { LightRun, Pool } from '../../src/node/sweepPool';
import { SLOT } from '../../src/node/sharedJob';
import type { PanelModel } from '../../src/core/protocol';
import { samePoints, sameMap, slicedReference, sweepConfig, wellConfig, wellModel, yieldNow } from './workerFixtures';
import { prepareData } from '../../src/core/dataRun';
import { datasetFromColumns } from '../../src/core/data/dataset';


/** The pool as the panel loads it, noting every pool started and every entry asked for. */
function spiedPool(entry?: string): { module: PoolModule; pools: Pool[]; runs: number[]; results: LightRun[] } {
  const pools: Pool[] = [];
  const runs: number[] = [];
  const results: LightRun[] = [];
  return {
    pools,
    runs,
    results,
    module: {
      cores: () => 2,
      runInLightWorkers: async (task, total, o) => {
        runs.push(total);
        const r = await sweepPool.runInLightWorkers(task, total, { ...o, ...(entry ? { entry } : {}), onStarted: p => pools.push(p) });
        results.push(r);
        return r;
      },
    },
  };
}

function workersWith(module: PoolModule | (() => never), log: string[]): PanelWorkers {
  return panelWorkers(typeof module === 'function' ? module : () => module, line => log.push(line));
}

/**
 * Every worker of `pool` exits (threadId −1 once its thread is gone): true when all have, false when
 * one is still running after 10 s (a worker that was never stopped and loops forever never exits).
 */
async function allExited(pool: Pool): Promise<boolean> {
  const exits = pool.started.map(s => (s.worker.threadId === -1 ? Promise.resolve() : new Promise<void>(r => s.worker.once('exit', () => r()))));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>(r => { timer = setTimeout(() => r(false), 10_000); });
  const r = await Promise.race([Promise.all(exits).then(() => true), late]);
  clearTimeout(timer);
  return r;
}

/** Sweep points compared bit for bit (Object.is: NaN equals NaN, 0 and −0 differ). */
describe('panel sweep and basin map in worker threads (src/node/sweepPool.ts)', function () {
  this.timeout(60_000);

  it('a sweep in workers: the same points as the host’s slices, to the bit; x² + 25y² diverges above 2/λmax = 0.04', async () => {
    const spy = spiedPool();
    const log: string[] = [];
    for (const [expression, optimizers] of [['x^2 + 25*y^2', ['sgd', 'momentum']], ['(1 - x)^2 + 100*(y - x^2)^2', ['sgd', 'adam', 'rmsprop', 'lbfgs']]] as const) {
      const target = sweepTargetFor(sweepConfig(expression, [...optimizers]));
      assert.ok(target.ok && target.value.generated, 'the objective has generated code');
      const grid = { lo: 1e-4, hi: 1, n: 9 };
      const progress: number[] = [];
      const inWorkers = await runPanelSweep(target.value, grid, 300, { cancelled: false }, d => progress.push(d), yieldNow, workersWith(spy.module, log));
      const sliced = await runPanelSweep(target.value, grid, 300, { cancelled: false }, () => undefined, yieldNow);
      assert.ok(inWorkers.ok && sliced.ok);
      samePoints(inWorkers.value, sliced.value);
      assert.deepStrictEqual(inWorkers.value.stability, sliced.value.stability);
      assert.strictEqual(inWorkers.value.cancelled, false);
      assert.strictEqual(progress[progress.length - 1], 9 * optimizers.length, 'the last progress is every task');
      if (expression === 'x^2 + 25*y^2') {
        // 10^(−4 + k/2): 0.0316 (k = 5) is below 2/50 = 0.04, 0.1 (k = 6) above: GD diverges from k = 6 on.
        const gd = inWorkers.value.runs[0].points;
        assert.deepStrictEqual(gd.map(p => p.diverged), [false, false, false, false, false, false, true, true, true]);
      }
    }
    assert.deepStrictEqual(spy.runs, [18, 36], 'both sweeps ran in workers');
    assert.deepStrictEqual(log, []);
    for (const p of spy.pools) assert.ok(await allExited(p), 'every worker has exited');
  });

  it('a basin map in workers: the same map as the host’s slices, to the bit; starts labelled by the side of x = 0', async () => {
    const spy = spiedPool();
    const log: string[] = [];
    const c = basinConfigFor(wellModel, wellConfig, { run: 0, grid: 12, steps: 300, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(c.ok && c.value.generated);
    const progress: number[] = [];
    const inWorkers = await runPanelBasins(c.value, { cancelled: false }, d => progress.push(d), yieldNow, workersWith(spy.module, log));
    const sliced = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(inWorkers.ok && sliced.ok);
    sameMap(inWorkers.value, sliced.value);
    assert.deepStrictEqual(spy.runs, [12]);
    assert.deepStrictEqual(log, []);
    // labelled in a worker (the last to finish), not on this thread
    const run = spy.results[0];
    assert.ok(run.ok && run.replies.filter(r => r.ok && r.kind === 'basins' && r.map).length === 1);
    assert.strictEqual(progress[progress.length - 1], 12);
    // The run's schedule travels with the optimizer (plain data): Adam with a step decay, the same map.
    const adam = { ...wellModel, runs: [{ optimizer: 'adam', convention: 'pytorch', hyperparameters: { lr: 0.05 } }] } as unknown as PanelModel;
    const decayed = basinConfigFor(adam, { ...wellConfig, schedule: { kind: 'step', stepSize: 50, gamma: 0.5 } }, { run: 0, grid: 8, steps: 300, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(decayed.ok && decayed.value.spec.schedule?.kind === 'step');
    const adamWorkers = await runPanelBasins(decayed.value, { cancelled: false }, () => undefined, yieldNow, workersWith(spy.module, log));
    const adamSliced = await runPanelBasins(decayed.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(adamWorkers.ok && adamSliced.ok);
    sameMap(adamWorkers.value, adamSliced.value);
    assert.deepStrictEqual(spy.runs, [12, 8]);
    const view = toBasinView(inWorkers.value, 0, 'sgd');
    // x = −1.5 + 3i/11: i ≤ 5 left of 0 (label 0, minimum (−1, 0)), i ≥ 6 right (label 1).
    for (let j = 0; j < 12; j++) assert.deepStrictEqual(view.labels.slice(j * 12, j * 12 + 12), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], `row ${j}`);
    assert.strictEqual(view.cancelled, false);
  });

  it('cancel: the promise settles, cancelled said, and every worker has been stopped', async () => {
    const spy = spiedPool();
    const c = basinConfigFor(wellModel, wellConfig, { run: 0, grid: 150, steps: 40_000, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(c.ok, c.ok ? '' : c.error.message);
    // stopGradNorm 0: every start runs all its steps (150 rows × 150 starts × 40,000 steps: minutes of work)
    const signal = { cancelled: false };
    const r = await runPanelBasins({ ...c.value, stopGradNorm: 0 }, signal, () => undefined, yieldNow, workersWith({
      ...spy.module,
      runInLightWorkers: (task, total, o) => {
        setTimeout(() => { signal.cancelled = true; }, 300);
        return spy.module.runInLightWorkers(task, total, o);
      },
    }, []));
    assert.ok(r.ok);
    assert.strictEqual(r.value.cancelled, true);
    assert.ok(r.value.counts.unsettled > 0);
    assert.strictEqual(spy.pools.length, 1);
    assert.ok(await allExited(spy.pools[0]));
  });

  it('cancel when a worker never looks at the flag: stopped after the grace time, the promise settles', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-workers-'));
    const hung = path.join(dir, 'sweepWorker.js');
    // joins (its slot in the shared memory set to 1, as sweepWorker.ts does), then never reads the flag
    fs.writeFileSync(hung, `exports.compiledWorkerMain = () => { const { workerData: d } = require('worker_threads'); Atomics.compareExchange(d.shared, ${SLOT} + d.slot, 0, 1); for (;;) {} };\n`);
    const pools: Pool[] = [];
    const signal = { cancelled: false };
    const task = { kind: 'sweep' as const, dim: 1, gradient: '', valueAndGradient: '', config: { start: [0], optimizers: [{ optimizer: 'sgd' as const }], steps: 1 } };
    const pending = sweepPool.runInLightWorkers(task, 4, { workers: 2, signal, entry: hung, onStarted: p => pools.push(p) });
    setTimeout(() => { signal.cancelled = true; }, 200);
    const r = await pending;
    assert.ok(r.ok && r.cancelled && r.replies.length === 0);
    assert.ok(await allExited(pools[0]), 'the workers were terminated');
    // the host notices within one poll and stops every worker one grace time later
    assert.ok(sweepPool.POLL_MS + sweepPool.GRACE_MS < 100);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fallback: worker file missing, a worker that fails to start, no pool (web host): the host’s slices, one log line per reason', async () => {
    const { target, grid, sliced } = await slicedReference();

    const log: string[] = [];
    const missing = workersWith(spiedPool(path.join(os.tmpdir(), 'no-such-folder', 'sweepWorker.js')).module, log);
    for (let i = 0; i < 2; i++) {
      const r = await runPanelSweep(target, grid, 100, { cancelled: false }, () => undefined, yieldNow, missing);
      assert.ok(r.ok, 'no error to the person');
      samePoints(r.value, sliced);
    }
    assert.strictEqual(log.length, 1, log.join('\n'));
    assert.match(log[0], /extension host's thread.*sweepWorker\.js is missing/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-workers-'));
    const broken = path.join(dir, 'sweepWorker.js');
    fs.writeFileSync(broken, 'throw new Error("broken install");\n');
    const brokenLog: string[] = [];
    const c = basinConfigFor(wellModel, wellConfig, { run: 0, grid: 6, steps: 100, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(c.ok);
    const map = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow, workersWith(spiedPool(broken).module, brokenLog));
    const slicedMap = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(map.ok && slicedMap.ok);
    sameMap(map.value, slicedMap.value);
    assert.strictEqual(brokenLog.length, 1);
    assert.match(brokenLog[0], /a worker failed.*broken install/);
    fs.rmSync(dir, { recursive: true, force: true });

    // the web host: the pool bundle cannot load (it requires Node modules)
    const webLog: string[] = [];
    const web = workersWith(() => { throw new Error("sweepPool.js requires 'fs', which the web extension host does not have"); }, webLog);
    const r = await runPanelSweep(target, grid, 100, { cancelled: false }, () => undefined, yieldNow, web);
    assert.ok(r.ok);
    samePoints(r.value, sliced);
    await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow, web);
    assert.strictEqual(webLog.length, 1);
    assert.match(webLog[0], /loading the worker pool failed/);
  });

  it('a dataset sweep and basin map in workers (minibatches of 7, shuffled with a seed, standardized): the same as the host’s slices, to the bit', async () => {
    const csv = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'media', 'datasets', 'linear-regression.csv'), 'utf8').trim().split('\n').slice(1).map(l => l.split(',').map(Number));
    const dataConfig = { file: 'linear-regression.csv', parameters: ['w', 'b'], batchSize: 7, epochs: 3, shuffle: true, rescale: 'standard' as const, seed: 42 };
    const data = prepareData('(w*x + b - y)^2', datasetFromColumns({ x: csv.map(r => r[0]), y: csv.map(r => r[1]) }), dataConfig);
    assert.ok(data.ok, data.ok ? '' : data.error.message);
    // 200 rows in batches of 7: ceil(200 / 7) = 29 updates per epoch, the last of 4 rows
    assert.strictEqual(data.value.source.stepsPerEpoch, 29);
    const config = { ...sweepConfig('(w*x + b - y)^2', ['sgd', 'adam'], [0, 0]), data: dataConfig };
    const target = sweepTargetFor(config, data.value);
    assert.ok(target.ok && target.value.generated?.data, 'the per-sample loss has generated code and the data travels with it');
    const spy = spiedPool();
    const log: string[] = [];
    const grid = { lo: 1e-3, hi: 1, n: 7 };
    const progress: number[] = [];
    const inWorkers = await runPanelSweep(target.value, grid, 87, { cancelled: false }, d => progress.push(d), yieldNow, workersWith(spy.module, log));
    const sliced = await runPanelSweep(target.value, grid, 87, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(inWorkers.ok && sliced.ok);
    samePoints(inWorkers.value, sliced.value);
    assert.deepStrictEqual(spy.runs, [14], 'the sweep ran in workers');
    assert.strictEqual(progress[progress.length - 1], 14);
    assert.deepStrictEqual(log, []);
    // without the seed's shuffle the batches differ: the sweep is not the same (so the check above can fail)
    const inOrder = prepareData('(w*x + b - y)^2', datasetFromColumns({ x: csv.map(r => r[0]), y: csv.map(r => r[1]) }), { ...dataConfig, shuffle: false });
    assert.ok(inOrder.ok);
    const unshuffled = sweepTargetFor({ ...config, data: { ...dataConfig, shuffle: false } }, inOrder.value);
    assert.ok(unshuffled.ok);
    const other = await runPanelSweep(unshuffled.value, grid, 87, { cancelled: false }, () => undefined, yieldNow, workersWith(spy.module, log));
    assert.ok(other.ok);
    assert.throws(() => samePoints(other.value, sliced.value));

    const model = { config, reference: data.value.reference, runs: [{ optimizer: 'sgd', convention: 'pytorch', hyperparameters: { lr: 0.1, weightDecay: 0 } }] } as unknown as PanelModel;
    const c = basinConfigFor(model, config, { run: 0, grid: 6, steps: 58, x: [-2, 2], y: [-2, 2] }, data.value);
    assert.ok(c.ok && c.value.generated?.data);
    const map = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow, workersWith(spy.module, log));
    const slicedMap = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(map.ok && slicedMap.ok);
    sameMap(map.value, slicedMap.value);
    assert.deepStrictEqual(spy.runs, [14, 14, 6], 'the map ran in workers');
    assert.deepStrictEqual(log, []);
    for (const p of spy.pools) assert.ok(await allExited(p), 'every worker has exited');
  });

  it('a dataset: a missing worker bundle falls back to the slices (one log line); Web Workers are offered it, and a failing pool falls back too', async () => {
    const xs = Float64Array.from({ length: 20 }, (_, i) => i / 20);
    const dataConfig = { file: 'line.csv', parameters: ['w', 'b'], batchSize: 3, epochs: 5, shuffle: true, rescale: 'none' as const, seed: 1 };
    const data = prepareData('(w*x + b - y)^2', datasetFromColumns({ x: xs, y: xs.map(v => 2 * v + 1) }), dataConfig);
    assert.ok(data.ok);
    const t = sweepTargetFor({ ...sweepConfig('(w*x + b - y)^2', ['sgd'], [0, 0]), data: dataConfig }, data.value);
    assert.ok(t.ok && t.value.generated?.data);
    const grid = { lo: 1e-3, hi: 1, n: 4 };
    const sliced = await runPanelSweep(t.value, grid, 35, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(sliced.ok);
    const log: string[] = [];
    const r = await runPanelSweep(t.value, grid, 35, { cancelled: false }, () => undefined, yieldNow, workersWith(spiedPool(path.join(os.tmpdir(), 'no-such-folder', 'sweepWorker.js')).module, log));
    assert.ok(r.ok, 'no error to the person');
    samePoints(r.value, sliced.value);
    assert.strictEqual(log.length, 1);
    assert.match(log[0], /sweepWorker\.js is missing/);
    // Web Workers take a dataset too; a pool that fails sends it back to the slices, with one log line.
    const webRuns: number[] = [];
    const webLog: string[] = [];
    const webLike: PoolModule = { sharedMemory: false, cores: () => 2, runInLightWorkers: async (task, total) => { webRuns.push(total); return { ok: false, reason: 'a worker failed' }; } };
    const web = await runPanelSweep(t.value, grid, 35, { cancelled: false }, () => undefined, yieldNow, workersWith(webLike, webLog));
    assert.ok(web.ok);
    samePoints(web.value, sliced.value);
    assert.deepStrictEqual(webRuns, [4], 'the dataset sweep was offered to the Web Workers (4 learning rates × 1 optimizer)');
    assert.strictEqual(webLog.length, 1);
    const plain = sweepTargetFor(sweepConfig('x^2 + y^2', ['sgd']));
    assert.ok(plain.ok && plain.value.generated?.dim === 2 && plain.value.generated.data === undefined);
  });
});
