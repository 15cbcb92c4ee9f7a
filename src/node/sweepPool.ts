/**
 * The one pool of sweep/basins worker threads, for the CLI (src/cli/sweepWorkers.ts) and for the
 * panel in the Node extension host (its own bundle, dist/sweepPool.js, loaded on the first sweep or
 * basin map; the web worker extension host has no worker_threads and uses Web Workers instead,
 * src/extension/webWorkerPool.ts). Workers share one counter of tasks in shared memory (sweepWorker.ts): each takes the
 * next task as soon as it is ready; a worker not ready when the work is over is shut out and
 * stopped unread.
 *
 * `runInLightWorkers` is the panel's use: every task in workers (the host thread only starts them,
 * reads the shared progress counter and receives the replies), the light bundle dist/sweepWorker.js
 * running the objective as generated code. Cancel sets the shared flag (every run loop stops within
 * one update and its worker replies with what it finished) and stops every worker GRACE_MS later at
 * the latest. Any failure (the bundle missing, a worker that does not start or dies) is a value
 * saying why, so the caller can run the work another way.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { CANCEL, CompiledTask, DONE, sharedClock, sharedJob, SLOT, WorkerReply } from './sharedJob';
import type { CancelToken } from '../core/sweep/types';

export const cores = (): number => Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/**
 * Threads that may take work: the cores not already busy (cores − the last minute's load average,
 * at least 1). On a loaded machine the scheduler shares CPU time per process group, so more threads
 * than idle cores get no more time — they only add their start-up.
 */
export const idleCores = (): number => {
  const load = os.loadavg()[0];
  return Math.max(1, Math.min(cores(), Math.floor(cores() - (Number.isFinite(load) ? load : 0) + 0.5)));
};

/** Where the light worker bundle should be: next to this file (dist/sweepWorker.js, or the compiled sweepWorker.js). */
export const lightEntryPath = (): string => path.join(__dirname, 'sweepWorker.js');

/** The light worker bundle when it is there. */
export const lightEntry = (): string | undefined => {
  const file = lightEntryPath();
  return fs.existsSync(file) ? file : undefined;
};

/** The code a light worker evaluates. */
export const lightWorkerCode = (entry: string): string => `require(${JSON.stringify(entry)}).compiledWorkerMain();`;

/** One started worker and its reply (rejected when it fails or exits without replying). */
export interface StartedWorker {
  worker: Worker;
  slot: number;
  reply: Promise<WorkerReply>;
}

/**
 * Started workers: `finish` waits for the replies of those that joined; those not yet joined are
 * shut out and stopped (`wait`: every worker is waited for, when the starting thread takes no tasks).
 * `stop` terminates every worker still running.
 */
export interface Pool {
  readonly started: readonly StartedWorker[];
  finish(wait?: boolean): Promise<WorkerReply[]>;
  stop(): Promise<void>;
}

/** Starts `count` workers running `code` (evaluated), each given `sent` with the shared memory, its slot and the task count. */
export function startWorkers(code: string, sent: unknown, shared: Int32Array, count: number, total: number): Pool {
  const started: StartedWorker[] = Array.from({ length: count }, (_, slot) => {
    const worker = new Worker(code, { eval: true, workerData: { task: sent, shared, slot, total, startedAt: sharedClock() } });
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      let settled = false;
      worker.once('message', (m: WorkerReply) => { settled = true; resolve(m); void worker.terminate(); });
      worker.once('error', e => { settled = true; reject(e); });
      worker.once('exit', exitCode => { if (!settled) reject(new Error(`a worker exited with code ${exitCode} before replying`)); });
    });
    return { worker, slot, reply };
  });
  return {
    started,
    async finish(wait = false) {
      const replies: WorkerReply[] = [];
      for (const { worker, slot, reply } of started) {
        if (!wait && Atomics.compareExchange(shared, SLOT + slot, 0, -1) === 0) {
          reply.catch(() => undefined); // stopped before it joined: its end is not a failure
          void worker.terminate();
          continue;
        }
        replies.push(await reply);
      }
      return replies;
    },
    async stop() {
      for (const s of started) s.reply.catch(() => undefined);
      await Promise.all(started.map(s => s.worker.terminate()));
    },
  };
}

/** How often the host reads the cancel token and the progress counter (ms). */
export const POLL_MS = 10;
/** After a cancel, how long the workers that joined get to reply with what they finished before being stopped (ms). */
export const GRACE_MS = 40;

export type LightRun =
  | { ok: true; replies: WorkerReply[]; cancelled: boolean; workers: number }
  | { ok: false; reason: string };

export interface LightRunOptions {
  /** Workers to start (at most one per task). */
  workers: number;
  signal: CancelToken;
  onProgress?: (done: number, total: number) => void;
  /** The worker bundle (default: lightEntry()). */
  entry?: string;
  /** Called with the pool once started (tests: to see that every worker was stopped). */
  onStarted?: (pool: Pool) => void;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs the `total` tasks of `task` in light workers only; resolves with every worker's reply (or,
 * when cancelled, the replies that came within GRACE_MS), or with why workers could not do it.
 * Every worker has been told to stop (terminate) when it resolves. Never rejects.
 */
export function runInLightWorkers(task: CompiledTask, total: number, options: LightRunOptions): Promise<LightRun> {
  const entry = options.entry ?? lightEntry();
  if (entry === undefined || !fs.existsSync(entry)) return Promise.resolve({ ok: false, reason: `the worker bundle ${entry ?? lightEntryPath()} is missing` });
  const count = Math.max(1, Math.min(options.workers, total));
  const shared = sharedJob(count);
  // a map labelled in the last worker to finish: it waits for `count` workers
  if (task.kind === 'basins' && task.merge) task = { ...task, merge: { ...task.merge, workers: count } };
  let pool: Pool;
  try {
    pool = startWorkers(lightWorkerCode(entry), task, shared, count, total);
  } catch (e) {
    return Promise.resolve({ ok: false, reason: `a worker could not start (${messageOf(e)})` });
  }
  options.onStarted?.(pool);
  return new Promise<LightRun>(resolve => {
    const received: WorkerReply[] = [];
    let pending = count;
    let finished = false;
    let cancelling = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let reported = -1;
    const shutOut = new Set<StartedWorker>();
    const settle = (r: LightRun): void => {
      if (finished) return;
      finished = true;
      clearInterval(poll);
      if (grace) clearTimeout(grace);
      void pool.stop();
      resolve(r);
    };
    const cancel = (): void => {
      if (cancelling) return;
      cancelling = true;
      Atomics.store(shared, CANCEL, 1);
      // Workers still starting take no task now: shut them out and stop them at once, without
      // waiting for their end (a shut-out worker counts as finished for a map labelled in a worker).
      for (const s of pool.started) {
        if (Atomics.compareExchange(shared, SLOT + s.slot, 0, -1) === 0) {
          if (task.kind === 'basins' && task.merge) Atomics.add(task.merge.finished, 0, 1);
          shutOut.add(s);
          pending--;
          void s.worker.terminate();
        }
      }
      if (pending === 0) return settle({ ok: true, replies: received, cancelled: true, workers: count });
      grace = setTimeout(() => settle({ ok: true, replies: received, cancelled: true, workers: count }), GRACE_MS);
    };
    const poll = setInterval(() => {
      const done = Math.min(total, Atomics.load(shared, DONE));
      if (done !== reported && !cancelling) {
        reported = done;
        options.onProgress?.(done, total);
      }
      if (options.signal.cancelled) cancel();
    }, POLL_MS);
    for (const s of pool.started) {
      s.reply.then(
        reply => {
          if (shutOut.has(s)) return;
          if (!reply.ok && !cancelling) return settle({ ok: false, reason: `a worker failed: ${reply.message}` });
          if (reply.ok) received.push(reply);
          if (--pending > 0) return;
          const cancelled = cancelling || received.some(r => r.ok && r.kind === 'sweep' && r.cancelled);
          if (!cancelled && reported !== total) options.onProgress?.(total, total);
          settle({ ok: true, replies: received, cancelled, workers: count });
        },
        (e: unknown) => {
          // A worker shut out or stopped by a cancel ends without a reply: not a failure.
          if (shutOut.has(s)) return;
          if (cancelling) {
            if (--pending === 0) settle({ ok: true, replies: received, cancelled: true, workers: count });
            return;
          }
          settle({ ok: false, reason: `a worker failed (${messageOf(e)})` });
        },
      );
    }
  });
}
