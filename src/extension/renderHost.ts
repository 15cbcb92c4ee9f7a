/**
 * Where the Node extension host typesets the hover's math: MathJax in one worker thread
 * (dist/hover-render-worker.js, which loads dist/hover-render.js with the bundles' code cache). The
 * extension host thread never loads or runs MathJax: a first hover's detection and gradient run
 * while the worker loads it, and a hover's images are typeset while the host computes its texts.
 * When the worker cannot start or cannot load MathJax, MathJax runs in the host thread as before
 * (and fails there the usual way if it cannot load at all).
 *
 * A worker that does not load MathJax in READY_TIMEOUT_MS is stopped (MathJax then runs in the host
 * thread). One that dies or does not answer in time (REPLY_TIMEOUT_MS) fails the requests it had (the
 * hover shows those lines as text); the next request starts a new one, at most MAX_STARTS in all.
 *
 * The web build replaces this file with renderHost.web.ts (see scripts/build.mjs); both export
 * mathRendererLoader.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { BundleLoader, CodeCacheUse } from './bundleLoader';
import { inThreadRenderer, MathRenderer, RenderModule, RenderReply, RenderRequest, RenderWorkerData } from './mathRenderer';

/** MathJax loads and runs off the extension host thread here (so it may start before a hover asks). */
export const RENDERER_OFF_THREAD = true;

/** How long a typeset may take before the worker is taken as stuck (a cold one takes ~0.1 s). */
export const REPLY_TIMEOUT_MS = 5000;
/** How long the worker may take to load MathJax (~0.25 s in a first window) before MathJax runs in this thread instead. */
export const READY_TIMEOUT_MS = 20_000;
/** Workers started at most per renderer (the first and two restarts). */
export const MAX_STARTS = 3;

interface Pending {
  resolve(uri: string | null): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** One worker and the requests it has not answered yet. */
interface Started {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** MathJax in a worker thread; `start` makes the worker (tests give stand-ins). */
export class RenderWorker implements MathRenderer {
  private current: Promise<Started> | undefined;
  private nextId = 1;
  private starts = 0;
  private disposed = false;

  private readonly timeoutMs: number;
  private readonly readyTimeoutMs: number;
  private readonly hooks: RendererHooks;

  constructor(private readonly start: () => Worker, options: { replyTimeoutMs?: number; readyTimeoutMs?: number; hooks?: RendererHooks } = {}) {
    this.timeoutMs = options.replyTimeoutMs ?? REPLY_TIMEOUT_MS;
    this.readyTimeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
    this.hooks = options.hooks ?? {};
  }

  /** Resolves once MathJax has loaded in the worker (started on the first call); rejects when it could not. */
  async ready(): Promise<void> {
    await this.started();
  }

  private started(): Promise<Started> {
    if (this.current) return this.current;
    if (this.disposed) return Promise.reject(new Error('the math renderer was closed'));
    if (this.starts >= MAX_STARTS) return Promise.reject(new Error(`the render worker stopped ${MAX_STARTS} times`));
    this.starts++;
    const promise = new Promise<Started>((resolve, reject) => {
      const s: Started = { worker: this.start(), pending: new Map() };
      let ready = false;
      const loading = setTimeout(() => {
        reject(new Error(`the render worker did not load MathJax in ${this.readyTimeoutMs} ms`));
        void s.worker.terminate();
      }, this.readyTimeoutMs);
      s.worker.on('message', (m: RenderReply) => {
        if ('ready' in m) {
          // The worker stays referenced (it keeps a process alive until dispose()): an unreferenced
          // worker's replies were delivered only when something else woke the event loop (Node 20:
          // 100–150 ms late instead of < 1 ms).
          ready = true;
          clearTimeout(loading);
          resolve(s);
        } else if ('failed' in m) {
          clearTimeout(loading);
          reject(new Error(m.failed));
          void s.worker.terminate();
        } else if ('loaded' in m) {
          this.hooks.onLoad?.(m.loaded, m.cache, m.ms);
        } else if ('cacheWritten' in m) {
          this.hooks.onCacheWritten?.(m.cacheWritten);
        } else {
          const p = s.pending.get(m.id);
          if (!p) return;
          s.pending.delete(m.id);
          clearTimeout(p.timer);
          p.resolve(m.uri);
        }
      });
      s.worker.on('error', e => { if (!ready) reject(e); });
      s.worker.on('exit', code => {
        clearTimeout(loading);
        if (!ready) reject(new Error(`the render worker stopped (exit code ${code}) before MathJax loaded`));
        else this.lost(promise, s, `the render worker stopped (exit code ${code})`);
      });
    });
    this.current = promise;
    return promise;
  }

  async equation(lhs: string, rhs: string, color: string): Promise<string | null> {
    const current = this.started();
    const s = await current;
    const id = this.nextId++;
    return new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        s.pending.delete(id);
        reject(new Error(`the render worker gave no answer in ${this.timeoutMs} ms`));
        // Taken as stuck: what else it had fails, the next request starts another.
        this.lost(current, s, `the render worker gave no answer in ${this.timeoutMs} ms`);
        void s.worker.terminate();
      }, this.timeoutMs);
      s.pending.set(id, { resolve, reject, timer });
      s.worker.postMessage({ id, lhs, rhs, color } satisfies RenderRequest);
    });
  }

  /** Worker `s` has gone (or is going): its requests fail, and the next request starts a new worker. */
  private lost(which: Promise<Started>, s: Started, why: string): void {
    if (this.current === which) this.current = undefined;
    for (const p of s.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(why));
    }
    s.pending.clear();
  }

  dispose(): void {
    this.disposed = true;
    const c = this.current;
    this.current = undefined;
    void c?.then(s => {
      this.lost(c, s, 'the math renderer was closed');
      return s.worker.terminate();
    }, () => undefined);
  }
}

type Context = { extensionPath: string; globalStorageUri?: { fsPath: string } };

/** What the extension hears from its renderer: the bundle loader's news from the worker, and a fallback. */
export interface RendererHooks {
  /** dist/hover-render.js loaded in the worker: what happened to its code cache, in how many ms (as BundleLoaderOptions.onLoad). */
  onLoad?(file: string, cache: CodeCacheUse, ms: number): void;
  /** Its code cache was written (as BundleLoaderOptions.onCacheWritten). */
  onCacheWritten?(file: string): void;
  /** The worker could not start or load MathJax, so MathJax runs in this thread: why. */
  onFallback?(why: string): void;
}

/**
 * Loads the hover's math renderer: the render worker when it starts and loads MathJax, else
 * MathJax in this thread through `loadBundle`.
 */
export function mathRendererLoader(context: Context, loadBundle: BundleLoader, hooks: RendererHooks = {}): () => Promise<MathRenderer> {
  return async () => {
    const data: RenderWorkerData = { extensionPath: context.extensionPath, storage: context.globalStorageUri?.fsPath || undefined };
    const worker = new RenderWorker(() => new Worker(path.join(context.extensionPath, 'dist', 'hover-render-worker.js'), { workerData: data }), { hooks });
    try {
      await worker.ready();
      return worker;
    } catch (e) {
      worker.dispose();
      hooks.onFallback?.(e instanceof Error ? e.message : String(e));
      return inThreadRenderer((await loadBundle('hover-render.js')) as RenderModule);
    }
  };
}
