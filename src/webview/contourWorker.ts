/**
 * Computes contour fields off the main thread: one Web Worker, started from a Blob URL of a script
 * bundled into this bundle as a string (scripts/build.mjs, `worker:` imports), so the webview stays
 * one file. The host's CSP must allow it (`worker-src blob:`); when it does not — the CSP says so,
 * `new Worker` throws, or the worker reports an error — every job runs on the main thread instead
 * (synchronously, same result), so nothing is ever lost.
 */
import workerSource from 'worker:./contour.worker.ts';
import { computeContour, type ContourResult, type Samples } from './contourField';
import type { ContourRequest, ContourResponse } from './contour.worker';

export type ContourMode = 'worker' | 'sync';
type Done = (result: ContourResult, mode: ContourMode) => void;

/** A worker that has not answered in this long is given up (its jobs are computed here). */
const WATCHDOG_MS = 4000;

/**
 * Whether the document's CSP (a `<meta http-equiv>` as in VS Code webviews and the CLI report) lets
 * a blob: URL start a worker: worker-src, else script-src, else default-src must list blob: or *.
 * No meta CSP: assume yes (the error fallback still covers a header CSP).
 */
export function cspAllowsBlobWorkers(doc: Document = document): boolean {
  const metas = Array.from(doc.querySelectorAll<HTMLMetaElement>('meta[http-equiv]')).filter(m => m.httpEquiv.toLowerCase() === 'content-security-policy');
  for (const meta of metas) {
    const directives = new Map<string, string[]>();
    for (const part of meta.content.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
    }
    const sources = directives.get('worker-src') ?? directives.get('script-src') ?? directives.get('default-src');
    if (sources && !sources.some(s => s === 'blob:' || s === '*')) return false;
  }
  return true;
}

export class ContourComputer {
  private worker: Worker | undefined;
  private url: string | undefined;
  private broken: boolean;
  private nextId = 1;
  private readonly pending = new Map<number, { samples: Samples; done: Done; timer: ReturnType<typeof setTimeout> }>();
  /** Why the last fallback happened (tests and the log). */
  reason = '';

  constructor(useWorker = true) {
    this.broken = !useWorker || typeof Worker === 'undefined' || !cspAllowsBlobWorkers();
    if (this.broken) this.reason = useWorker ? 'the Content-Security-Policy does not allow blob: workers' : 'workers disabled';
  }

  get mode(): ContourMode {
    return this.broken ? 'sync' : 'worker';
  }

  /**
   * Computes field + isolines for `samples` and calls `done` with them: later from the worker, or
   * synchronously (before returning) in the fallback. `samples.raw` is transferred to the worker.
   */
  compute(samples: Samples, done: Done): void {
    const worker = this.broken ? undefined : this.ensureWorker();
    if (!worker) {
      done(computeContour(samples), 'sync');
      return;
    }
    const id = this.nextId++;
    // A copy stays here in case the worker fails and the job must be redone on this thread.
    const keep: Samples = { ...samples, raw: samples.raw.slice() };
    const timer = setTimeout(() => this.fail(`the contour worker did not answer within ${WATCHDOG_MS} ms`), WATCHDOG_MS);
    this.pending.set(id, { samples: keep, done, timer });
    const request: ContourRequest = { id, samples };
    try {
      worker.postMessage(request, [samples.raw.buffer]);
    } catch (err) {
      this.fail(`posting to the contour worker failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      const w = new Worker(this.url, { name: 'optimizer-lab-contour' });
      w.addEventListener('message', (e: MessageEvent<ContourResponse>) => this.receive(e.data));
      w.addEventListener('error', e => {
        e.preventDefault();
        this.fail(`the contour worker failed${e.message ? `: ${e.message}` : ''}`);
      });
      w.addEventListener('messageerror', () => this.fail('a contour worker message could not be read'));
      this.worker = w;
      return w;
    } catch (err) {
      this.fail(`the contour worker could not start: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private receive(msg: ContourResponse): void {
    const job = this.pending.get(msg.id);
    if (!job) return;
    clearTimeout(job.timer);
    this.pending.delete(msg.id);
    job.done(msg.result, 'worker');
  }

  /** Gives up the worker for good; pending jobs are computed here, in order. */
  private fail(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.reason = reason;
    this.dispose();
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) {
      clearTimeout(job.timer);
      job.done(computeContour(job.samples), 'sync');
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }
}
