/**
 * The panel's sweep and basin map in Web Workers, for the web worker extension host (VS Code for
 * the Web), which has Workers but no worker threads and no shared memory. The worker bundle
 * (dist/web/sweepWorker.js, webSweepWorker.ts) is read once and started from a Blob URL; worker k
 * of W owns tasks k, k + W, … and posts each task's result as it finishes. The runner has the
 * shape of the Node pool's `runInLightWorkers` (one reply per finished task), so the panel merges
 * the results the same way; progress counts finished tasks; a cancel stops every worker at once
 * and settles with what was received. A failure (the bundle unreadable, a worker that does not
 * start or reports an error) is a value saying why, so the panel runs the slices instead.
 */
import type { CompiledTask, WorkerReply } from '../node/sharedJob';
import type { LightRun, LightRunOptions } from '../node/sweepPool';
import type { WebWorkerJob, WebWorkerMessage } from './webSweepWorker';

/** What the runner needs of a Web Worker. */
export interface WebWorkerLike {
  onmessage: ((e: { data: WebWorkerMessage }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  postMessage(job: WebWorkerJob): void;
  terminate(): void;
}

/** One run in Web Workers, for tests and the output channel. */
export interface WebWorkerRun {
  kind: CompiledTask['kind'];
  tasks: number;
  workers: number;
  results: number;
  outcome: 'finished' | 'cancelled' | 'failed';
}

export interface WebWorkerPool {
  /** false: a basin map comes back as rows (slices) for the host to merge, not through shared memory. */
  readonly sharedMemory: false;
  cores(): number;
  runInLightWorkers(task: CompiledTask, total: number, options: LightRunOptions): Promise<LightRun>;
  /** Every run so far, oldest first. */
  runs(): WebWorkerRun[];
}

/** How often a run reads the cancel token while no worker posts (ms). */
const POLL_MS = 10;

interface BrowserGlobals {
  Worker?: new (url: string) => WebWorkerLike;
  navigator?: { hardwareConcurrency?: number };
}
const browser = globalThis as unknown as BrowserGlobals;

/** Whether this host can start Web Workers. */
export const hasWebWorkers = (): boolean => typeof browser.Worker === 'function';

/** The task indices worker `k` of `count` owns. */
export function ownedTasks(k: number, count: number, total: number): number[] {
  const owned: number[] = [];
  for (let t = k; t < total; t += count) owned.push(t);
  return owned;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * `read` gives the worker bundle's bytes (read once); `start` starts a worker from a URL (default:
 * the host's Worker); `cores`: the workers a run may start (default: the browser's threads less
 * one, or 2 when it does not say).
 */
export function webWorkerPool(read: () => Promise<Uint8Array>, start?: (url: string) => WebWorkerLike, cores?: number): WebWorkerPool {
  let url: Promise<string> | undefined;
  const runs: WebWorkerRun[] = [];
  const startWorker = start ?? ((u: string) => new (browser.Worker as NonNullable<BrowserGlobals['Worker']>)(u));
  const bundleUrl = (): Promise<string> =>
    (url ??= read().then(bytes => URL.createObjectURL(new Blob([new TextDecoder().decode(bytes)], { type: 'text/javascript' }))));
  return {
    sharedMemory: false,
    cores: () => cores ?? (browser.navigator?.hardwareConcurrency ? Math.max(1, browser.navigator.hardwareConcurrency - 1) : 2),
    runs: () => runs.map(r => ({ ...r })),
    async runInLightWorkers(task, total, options) {
      let code: string;
      try {
        code = await bundleUrl();
      } catch (e) {
        return { ok: false, reason: `the worker bundle dist/web/sweepWorker.js could not be read (${messageOf(e)})` };
      }
      const count = Math.max(1, Math.min(options.workers, total));
      // shared memory is for worker threads; these workers post their rows instead
      const job: CompiledTask = task.kind === 'basins' ? { ...task, merge: undefined } : task;
      return new Promise<LightRun>(resolve => {
        const received: WorkerReply[] = [];
        const workers: WebWorkerLike[] = [];
        let pending = count;
        let finished = false;
        const settle = (r: LightRun): void => {
          if (finished) return;
          finished = true;
          clearInterval(poll);
          for (const w of workers) w.terminate();
          runs.push({ kind: task.kind, tasks: total, workers: count, results: received.length, outcome: !r.ok ? 'failed' : r.cancelled ? 'cancelled' : 'finished' });
          resolve(r);
        };
        const cancelled = (): boolean => {
          if (options.signal.cancelled) settle({ ok: true, replies: received, cancelled: true, workers: count });
          return finished;
        };
        const poll = setInterval(cancelled, POLL_MS);
        const onMessage = ({ data: m }: { data: WebWorkerMessage }): void => {
          if (finished || cancelled()) return;
          if (m.type === 'error') return settle({ ok: false, reason: `a worker failed: ${m.message}` });
          if (m.type === 'done') {
            if (--pending === 0) settle({ ok: true, replies: received, cancelled: false, workers: count });
            return;
          }
          received.push(m.kind === 'sweep'
            ? { ok: true, kind: 'sweep', samples: m.samples, cancelled: m.cancelled, joined: true, readyMs: 0 }
            : { ok: true, kind: 'basins', slices: m.slices, joined: true, readyMs: 0 });
          options.onProgress?.(received.length, total);
        };
        try {
          for (let k = 0; k < count; k++) {
            const w = startWorker(code);
            workers.push(w);
            w.onmessage = onMessage;
            w.onerror = e => settle({ ok: false, reason: `a worker failed (${e.message ?? 'an error'})` });
            w.postMessage({ ...job, tasks: ownedTasks(k, count, total) } as WebWorkerJob);
          }
        } catch (e) {
          settle({ ok: false, reason: `a worker could not start (${messageOf(e)})` });
        }
      });
    },
  };
}
