/** One worker thread at a time, each case with a time limit: a case over its limit is a hang. */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Outcome, Request } from './worker';

export type CaseResult = { kind: 'done'; outcomes: Outcome[] } | { kind: 'hang' } | { kind: 'died'; detail: string };

export class Pool {
  private worker: Worker | undefined;
  private nextId = 0;
  private pending: { id: number; resolve: (r: CaseResult) => void } | undefined;

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(path.join(__dirname, 'worker.js'));
    w.on('message', (m: { id: number; outcomes: Outcome[] }) => {
      if (this.pending && this.pending.id === m.id) {
        const p = this.pending;
        this.pending = undefined;
        p.resolve({ kind: 'done', outcomes: m.outcomes });
      }
    });
    const died = (detail: string): void => {
      if (this.worker === w) this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      p?.resolve({ kind: 'died', detail });
    };
    w.on('error', e => died(`worker error: ${e.message}`));
    w.on('exit', code => died(`worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  /** Starts the worker and loads the code under test before the first timed case. */
  async warmUp(): Promise<void> {
    await this.run({ kind: 'protocol', fn: 'webview', message: { type: 'ready' } }, 60_000);
  }

  run(request: Request, timeoutMs: number): Promise<CaseResult> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.worker = undefined;
        void w.terminate();
        resolve({ kind: 'hang' });
      }, timeoutMs);
      this.pending = {
        id,
        resolve: r => { clearTimeout(timer); resolve(r); },
      };
      w.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) { w.removeAllListeners('exit'); await w.terminate(); }
  }
}
