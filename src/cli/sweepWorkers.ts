/**
 * Sweeps and basin maps spread over worker threads. Each worker gets the command line (not
 * functions), builds the same job as the main thread (sweepJobs.ts), runs its slice of the grid
 * (sweepSlice / basinSlice from src/core) and posts the plain result back. Cancellation: a shared
 * Int32Array flag, read by the run loop's token before every update in every worker.
 *
 * The worker runs this same file: in the bundle (dist/cli.js) the entry module re-exports
 * `sweepWorkerMain`, and a worker started with `eval` requires the file and calls it (a required
 * module is not the process's main module, so the command line does not run again).
 */
import * as fs from 'fs';
import * as os from 'os';
import { Worker, workerData, parentPort } from 'worker_threads';
import type { CliValues, Io } from './options';
import { UsageError } from './options';
import { basinJob, sweepJob } from './sweepJobs';
import { sweepSlice, SweepSample } from '../core/sweep';
import { basinSlice } from '../core/basins';
import type { BasinSlice, CancelToken } from '../core/sweep';
import { parseDecimal } from '../core/data/csv';

export type WorkerTask =
  | { kind: 'sweep'; target: string; values: CliValues; indices: number[] }
  | { kind: 'basins'; target: string; values: CliValues; rows: [number, number] };

type WorkerReply =
  | { ok: true; kind: 'sweep'; samples: SweepSample[]; cancelled: boolean }
  | { ok: true; kind: 'basins'; slice: BasinSlice }
  | { ok: false; message: string };

/** A token that reads a shared flag (set from any thread). */
export function sharedToken(flag: Int32Array): CancelToken {
  return { get cancelled() { return Atomics.load(flag, 0) === 1; }, set cancelled(v: boolean) { Atomics.store(flag, 0, v ? 1 : 0); } };
}

/**
 * Below this many updates in all, one thread is faster than starting workers (each loads the CLI
 * bundle and rebuilds the job, about a second; a 7 × 25 × 1,000 Rosenbrock sweep takes 0.3 s).
 */
export const WORKER_MIN_UPDATES = 50_000_000;

/** `--workers N`; by default the machine's cores for jobs of WORKER_MIN_UPDATES updates or more, else 1 (this thread). */
export function workersFlag(text: string | undefined, updates: number): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (text === undefined) return updates >= WORKER_MIN_UPDATES ? Math.max(1, cores) : 1;
  const n = parseDecimal(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got '${text}'`);
  return n;
}

const fileIo: Io = {
  out: () => undefined,
  err: () => undefined,
  writeFile: () => { throw new Error('workers write no files'); },
  readFile: p => fs.readFileSync(p, 'utf8'),
};

async function runTask(task: WorkerTask, token: CancelToken): Promise<WorkerReply> {
  if (task.kind === 'sweep') {
    const job = await sweepJob(task.target, task.values, fileIo);
    const r = sweepSlice({ ...job.config, signal: token }, task.indices);
    return r.ok ? { ok: true, kind: 'sweep', samples: r.value.samples, cancelled: r.value.cancelled } : { ok: false, message: r.error.message };
  }
  const job = await basinJob(task.target, task.values, fileIo);
  const r = basinSlice({ ...job.config, signal: token }, task.rows[0], task.rows[1]);
  return r.ok ? { ok: true, kind: 'basins', slice: r.value } : { ok: false, message: r.error.message };
}

/** A worker's body: run the task in workerData, post the reply. */
export function sweepWorkerMain(): void {
  const { task, flag } = workerData as { task: WorkerTask; flag: Int32Array };
  runTask(task, sharedToken(flag)).then(
    reply => parentPort?.postMessage(reply),
    (e: unknown) => parentPort?.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
  );
}

/**
 * Runs the tasks, one worker each, all at once. The replies come back in task order; a failed
 * task is a UsageError with its message (the same message the main thread would give).
 */
export async function runInWorkers(tasks: WorkerTask[], flag: Int32Array): Promise<WorkerReply[]> {
  const entry = __filename;
  const code = `require(${JSON.stringify(entry)}).sweepWorkerMain();`;
  const started = tasks.map(task => new Promise<WorkerReply>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { task, flag } });
    let settled = false;
    w.once('message', (m: WorkerReply) => { settled = true; resolve(m); void w.terminate(); });
    w.once('error', e => { settled = true; reject(e); });
    w.once('exit', code => { if (!settled) reject(new Error(`a worker exited with code ${code} before replying`)); });
  }));
  const replies = await Promise.all(started);
  const failed = replies.find((r): r is { ok: false; message: string } => !r.ok);
  if (failed) throw new UsageError(failed.message);
  return replies;
}

/** A cancellation flag in shared memory (SIGINT sets it while a command runs). */
export function cancelFlag(): { flag: Int32Array; token: CancelToken; release: () => void } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const token = sharedToken(flag);
  const onInt = () => { token.cancelled = true; };
  process.once('SIGINT', onInt);
  return { flag, token, release: () => process.removeListener('SIGINT', onInt) };
}
