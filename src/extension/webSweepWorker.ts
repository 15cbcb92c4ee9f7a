/**
 * The sweep/basins Web Worker of the web worker extension host (its own bundle,
 * dist/web/sweepWorker.js, without mathjs; started by webWorkerPool.ts from a Blob URL). There is
 * no shared memory there, so each worker is given its tasks up front (a static share of them) and
 * runs them one at a time through the same code as the light worker thread (src/node/compiledTask.ts),
 * posting each task's samples or rows as soon as it is done, then `done`.
 */
import { compiledSource, runClaimed, type ClaimedRun } from '../node/compiledTask';
import type { CompiledTask } from '../node/sharedJob';

/** What a worker is sent: the compiled task (without shared memory) and the task indices it owns. */
export type WebWorkerJob = CompiledTask & { merge?: undefined; tasks: number[] };

export type WebWorkerMessage =
  | ({ type: 'result'; task: number } & ClaimedRun)
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Runs the job's tasks in order, posting each result, then `done` (or `error` and nothing more). */
export function runWebWorkerJob(job: WebWorkerJob, post: (m: WebWorkerMessage) => void): void {
  try {
    const source = compiledSource(job);
    const signal = { cancelled: false };
    for (const task of job.tasks) {
      let given = false;
      const r = runClaimed(job, source, () => (given ? -1 : ((given = true), task)), signal);
      if (!r.ok) return post({ type: 'error', message: r.error.message });
      post({ type: 'result', task, ...r.value });
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** In a Web Worker (the bundle's only use): the first message is the job. */
interface WorkerScope { onmessage: ((e: { data: WebWorkerJob }) => void) | null; postMessage(m: WebWorkerMessage): void }
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function') {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = e => runWebWorkerJob(e.data, m => scope.postMessage(m));
}
