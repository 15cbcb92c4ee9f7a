import * as assert from 'assert';
import { runPanelSweep, sweepTargetFor } from '../../src/extension/panelSweep';
import { basinConfigFor, runPanelBasins } from '../../src/extension/panelBasins';
import type { PanelWorkers } from '../../src/extension/panelWorkers';
import { ownedTasks, webWorkerPool, type WebWorkerLike, type WebWorkerPool } from '../../src/extension/webWorkerPool';
import { runWebWorkerJob, type WebWorkerJob, type WebWorkerMessage } from '../../src/extension/webSweepWorker';
import { samePoints, sameMap, slicedReference, sweepConfig, wellConfig, wellModel, yieldNow } from './workerFixtures';
import { prepareData } from '../../src/core/dataRun';
import { datasetFromColumns } from '../../src/core/data/dataset';


/**
 * A Web Worker in this process: the job and each message are copied (structuredClone, as
 * postMessage does) and delivered in later macrotasks; the worker module's handler runs the job.
 * Once terminated, nothing more is delivered.
 */
class FakeWorker implements WebWorkerLike {
  static started: FakeWorker[] = [];
  onmessage: ((e: { data: WebWorkerMessage }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  terminated = false;
  jobs: WebWorkerJob[] = [];
  constructor(readonly url: string) { FakeWorker.started.push(this); }
  postMessage(job: WebWorkerJob): void {
    const copy = structuredClone(job);
    this.jobs.push(copy);
    setImmediate(() => {
      if (this.terminated) return;
      runWebWorkerJob(copy, m => {
        const data = structuredClone(m);
        setImmediate(() => { if (!this.terminated) this.onmessage?.({ data }); });
      });
    });
  }
  terminate(): void { this.terminated = true; }
}

const bundle = async () => new TextEncoder().encode('/* the worker bundle */');
const fakePool = (cores = 3, read = bundle): WebWorkerPool => webWorkerPool(read, url => new FakeWorker(url), cores);
function workersOf(pool: WebWorkerPool, log: string[]): PanelWorkers {
  return { pool: async () => pool, fallback: reason => log.push(reason), webRuns: () => pool.runs() };
}

describe('panel sweep and basin map in Web Workers (src/extension/webWorkerPool.ts)', function () {
  this.timeout(60_000);
  beforeEach(() => { FakeWorker.started = []; });

  it('worker k of W owns tasks k, k + W, …', () => {
    assert.deepStrictEqual([0, 1, 2].map(k => ownedTasks(k, 3, 8)), [[0, 3, 6], [1, 4, 7], [2, 5]]);
    assert.deepStrictEqual(ownedTasks(0, 1, 3), [0, 1, 2]);
  });

  it('a sweep: the same points as the host’s slices, to the bit; progress per task; x² + 25y² diverges above 2/λmax = 0.04', async () => {
    const pool = fakePool(3);
    const log: string[] = [];
    const target = sweepTargetFor(sweepConfig('x^2 + 25*y^2', ['sgd', 'adam']));
    assert.ok(target.ok && target.value.generated);
    const grid = { lo: 1e-4, hi: 1, n: 9 };
    const progress: number[] = [];
    const inWorkers = await runPanelSweep(target.value, grid, 300, { cancelled: false }, d => progress.push(d), yieldNow, workersOf(pool, log));
    const sliced = await runPanelSweep(target.value, grid, 300, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(inWorkers.ok && sliced.ok);
    samePoints(inWorkers.value, sliced.value);
    assert.strictEqual(inWorkers.value.cancelled, false);
    // 10^(−4 + k/2): 0.0316 (k = 5) is below 2/50 = 0.04, 0.1 (k = 6) above
    assert.deepStrictEqual(inWorkers.value.runs[0].points.map(p => p.diverged), [false, false, false, false, false, false, true, true, true]);
    assert.deepStrictEqual(progress, Array.from({ length: 18 }, (_, i) => i + 1));
    assert.deepStrictEqual(log, []);
    assert.deepStrictEqual(pool.runs(), [{ kind: 'sweep', tasks: 18, workers: 3, results: 18, outcome: 'finished' }]);
    assert.strictEqual(FakeWorker.started.length, 3);
    assert.deepStrictEqual(FakeWorker.started.map(w => w.jobs[0].tasks), [ownedTasks(0, 3, 18), ownedTasks(1, 3, 18), ownedTasks(2, 3, 18)]);
    assert.ok(FakeWorker.started.every(w => w.terminated));
  });

  it('a dataset sweep (per-sample loss, copied columns, seeded minibatches): the same points as the host’s slices, to the bit', async () => {
    const pool = fakePool(2);
    const log: string[] = [];
    // y = 2x + 1 on 11 points, batches of 3 shuffled with seed 1
    const xs = Array.from({ length: 11 }, (_, i) => i / 10);
    const dataConfig = { file: 'line.csv', parameters: ['w', 'b'], batchSize: 3, epochs: 5, shuffle: true, rescale: 'none' as const, seed: 1 };
    const data = prepareData('(w*x + b - y)^2', datasetFromColumns({ x: xs, y: xs.map(v => 2 * v + 1) }), dataConfig);
    assert.ok(data.ok);
    const target = sweepTargetFor({ ...sweepConfig('(w*x + b - y)^2', ['sgd', 'adam']), start: [0, 0], data: dataConfig }, data.value);
    assert.ok(target.ok && target.value.generated?.data);
    const grid = { lo: 1e-3, hi: 1, n: 4 };
    const inWorkers = await runPanelSweep(target.value, grid, 20, { cancelled: false }, () => undefined, yieldNow, workersOf(pool, log));
    const sliced = await runPanelSweep(target.value, grid, 20, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(inWorkers.ok && sliced.ok);
    samePoints(inWorkers.value, sliced.value);
    assert.deepStrictEqual(log, []);
    assert.deepStrictEqual(pool.runs(), [{ kind: 'sweep', tasks: 8, workers: 2, results: 8, outcome: 'finished' }]);
  });

  it('a basin map: rows merged on the host, the same map as the host’s slices, to the bit; starts labelled by the side of x = 0', async () => {
    const pool = fakePool(2);
    const log: string[] = [];
    const c = basinConfigFor(wellModel, wellConfig, { run: 0, grid: 12, steps: 300, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(c.ok && c.value.generated);
    const progress: number[] = [];
    const inWorkers = await runPanelBasins(c.value, { cancelled: false }, d => progress.push(d), yieldNow, workersOf(pool, log));
    const sliced = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(inWorkers.ok && sliced.ok);
    sameMap(inWorkers.value, sliced.value);
    // the 12 columns: 6 left of x = 0 end in (−1, 0) (label 0), 6 right in (1, 0) (label 1)
    const row = Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1));
    assert.deepStrictEqual(Array.from(inWorkers.value.labels), Array.from({ length: 12 }, () => row).flat());
    assert.deepStrictEqual(progress, Array.from({ length: 12 }, (_, i) => i + 1));
    assert.ok(FakeWorker.started.every(w => w.jobs[0].merge === undefined), 'no shared memory sent');
    assert.deepStrictEqual(pool.runs(), [{ kind: 'basins', tasks: 12, workers: 2, results: 12, outcome: 'finished' }]);
    assert.deepStrictEqual(log, []);
  });

  it('cancel: every worker stopped at once, the run settles cancelled with what was received', async () => {
    const pool = fakePool(2);
    const target = sweepTargetFor(sweepConfig('(1 - x)^2 + 100*(y - x^2)^2', ['sgd']));
    assert.ok(target.ok);
    const signal = { cancelled: false };
    const r = await runPanelSweep(target.value, { lo: 1e-4, hi: 1e-2, n: 10 }, 300, signal, () => { signal.cancelled = true; }, yieldNow, workersOf(pool, []));
    assert.ok(r.ok);
    assert.strictEqual(r.value.cancelled, true);
    assert.deepStrictEqual(pool.runs(), [{ kind: 'sweep', tasks: 10, workers: 2, results: 1, outcome: 'cancelled' }]);
    assert.strictEqual(r.value.runs[0].points.filter(p => p.finalLoss !== null).length, 1, 'one point received');
    assert.ok(FakeWorker.started.length === 2 && FakeWorker.started.every(w => w.terminated));

    // cancelled before any worker posts: settled by the poll
    const early = { cancelled: false };
    const pending = runPanelSweep(target.value, { lo: 1e-4, hi: 1e-2, n: 10 }, 300, early, () => undefined, yieldNow, workersOf(pool, []));
    early.cancelled = true;
    const e = await pending;
    assert.ok(e.ok && e.value.cancelled);
  });

  it('fallback: the bundle missing or a worker failing: the host’s slices, one log line per reason', async () => {
    const { target, grid, sliced } = await slicedReference();
    const log: string[] = [];
    let reads = 0;
    const missing = fakePool(2, async () => { reads++; throw new Error('ENOENT: dist/web/sweepWorker.js'); });
    const workers: PanelWorkers = { pool: async () => missing, fallback: reason => { if (!log.includes(reason)) log.push(reason); }, webRuns: () => missing.runs() };
    for (let i = 0; i < 2; i++) {
      const r = await runPanelSweep(target, grid, 100, { cancelled: false }, () => undefined, yieldNow, workers);
      assert.ok(r.ok);
      samePoints(r.value, sliced);
    }
    assert.strictEqual(reads, 1, 'the bundle is read once');
    assert.strictEqual(FakeWorker.started.length, 0);
    assert.strictEqual(log.length, 1);
    assert.match(log[0], /dist\/web\/sweepWorker\.js could not be read.*ENOENT/);

    const failing = webWorkerPool(bundle, () => {
      const w: WebWorkerLike = { onmessage: null, onerror: null, terminate: () => undefined, postMessage: () => setImmediate(() => w.onerror?.({ message: 'SyntaxError in the bundle' })) };
      return w;
    }, 2);
    const failLog: string[] = [];
    const c = basinConfigFor(wellModel, wellConfig, { run: 0, grid: 6, steps: 100, x: [-1.5, 1.5], y: [-1, 1] });
    assert.ok(c.ok);
    const map = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow, workersOf(failing, failLog));
    const slicedMap = await runPanelBasins(c.value, { cancelled: false }, () => undefined, yieldNow);
    assert.ok(map.ok && slicedMap.ok);
    sameMap(map.value, slicedMap.value);
    assert.strictEqual(failLog.length, 1);
    assert.match(failLog[0], /a worker failed \(SyntaxError in the bundle\)/);
    assert.strictEqual(failing.runs()[0].outcome, 'failed');
  });
});
