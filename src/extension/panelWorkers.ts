/**
 * The panel's way to worker threads: the pool bundle (dist/sweepPool.js, src/node/sweepPool.ts),
 * loaded through the extension's bundle loader on the first sweep or basin map. The web worker
 * extension host has no worker threads (and no `process`): there the sweep and the map run in Web
 * Workers (webWorkerPool.ts, the bundle dist/web/sweepWorker.js read through `web.read`). A broken
 * install may lack a bundle or the worker file, a worker may fail to start, a host may have no
 * Workers at all: then the sweep and the map run in slices on the host thread as before, with one
 * line in the output channel per distinct reason, never an error shown to the person. Only types
 * come from src/node here, so dist/panel.js (shared with the web host) imports no Node module.
 */
import type * as PoolBundle from '../node/sweepPool';
import { hasWebWorkers, webWorkerPool, type WebWorkerLike, type WebWorkerRun } from './webWorkerPool';

/** `sharedMemory: false` (Web Workers): a basin map comes back as rows for the host to merge. */
export type PoolModule = Pick<typeof PoolBundle, 'runInLightWorkers' | 'cores'> & { readonly sharedMemory?: boolean };

/** The web host's Web Workers: how to read dist/web/sweepWorker.js, and (tests) how to start one. */
export interface WebWorkerHost {
  read(): Promise<Uint8Array>;
  start?: (url: string) => WebWorkerLike;
}

export interface PanelWorkers {
  /** The pool, or undefined when this host cannot start workers (the reason logged once). */
  pool(): Promise<PoolModule | undefined>;
  /** Notes that a sweep or map runs on the host thread instead of in workers, and why (once per reason). */
  fallback(reason: string): void;
  /** The runs made in Web Workers so far (web host only). */
  webRuns(): WebWorkerRun[];
}

/** Node's extension host (worker threads exist); the web worker host defines no `process`. */
const inNode = (): boolean => typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * `load` loads dist/sweepPool.js (synchronously in Node, a promise in the web host); without it
 * (plain tests) the panel has no workers. `log` writes one line to the output channel. `web`: the
 * Web Workers of the web worker host (without it that host keeps the slices).
 */
export function panelWorkers(load: (() => unknown) | undefined, log: (line: string) => void, web?: WebWorkerHost): PanelWorkers {
  const said = new Set<string>();
  const fallback = (reason: string): void => {
    if (said.has(reason)) return;
    said.add(reason);
    log(`learning-rate sweeps and basin maps run on the extension host's thread (in slices), not in worker threads: ${reason}`);
  };
  let loading: Promise<PoolModule | undefined> | undefined;
  let webPool: ReturnType<typeof webWorkerPool> | undefined;
  return {
    fallback,
    webRuns: () => webPool?.runs() ?? [],
    pool() {
      loading ??= (async () => {
        if (!inNode() && load) {
          if (!web) fallback('this extension host has no worker threads (web worker extension host)');
          else if (!web.start && !hasWebWorkers()) fallback('this web extension host has no Web Workers');
          else return (webPool = webWorkerPool(() => web.read(), web.start));
          return undefined;
        }
        if (!load) return undefined;
        try {
          const m = (await load()) as Partial<PoolModule> | undefined;
          if (typeof m?.runInLightWorkers !== 'function' || typeof m.cores !== 'function') throw new Error('dist/sweepPool.js does not export runInLightWorkers');
          return m as PoolModule;
        } catch (e) {
          fallback(`loading the worker pool failed (${e instanceof Error ? e.message : String(e)})`);
          return undefined;
        }
      })();
      return loading;
    },
  };
}
