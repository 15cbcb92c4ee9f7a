/**
 * The memory and messages the sweep/basins threads share (no code of the run loop here, so the pool
 * that starts workers, dist/sweepPool.js, stays small): an Int32Array over a SharedArrayBuffer with
 * [0] the cancel flag, [1] the next task, [2] the tasks finished (progress), [3 + w] worker w's state
 * (0 starting, 1 joined, −1 shut out); the task a light worker gets and the reply it posts.
 */
import type { RunSpec } from '../core/run';
import type { SweepConfig, SweepSample } from '../core/sweep/sweep';
import type { BasinConfig } from '../core/basins';
import type { BasinSlice, CancelToken } from '../core/sweep/types';

export const CANCEL = 0;
export const NEXT = 1;
export const DONE = 2;
export const SLOT = 3;

export function sharedJob(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (SLOT + Math.max(0, workers))));
}

/** A token that reads a shared flag (set from any thread). */
export function sharedToken(flag: Int32Array): CancelToken {
  return { get cancelled() { return Atomics.load(flag, CANCEL) === 1; }, set cancelled(v: boolean) { Atomics.store(flag, CANCEL, v ? 1 : 0); } };
}

/**
 * Takes the next task of `total` (−1 when none is left). Asking for the next task means the one
 * taken before is finished: it is counted in [DONE] (the progress any thread can read).
 */
export function claimer(shared: Int32Array, total: number): () => number {
  let holding = false;
  return () => {
    if (holding) Atomics.add(shared, DONE, 1);
    const t = Atomics.add(shared, NEXT, 1);
    holding = t < total;
    return holding ? t : -1;
  };
}

/** A job with its objective as generated source: everything but `source` is plain data. */
export type CompiledTask =
  | { kind: 'sweep'; dim: number; gradient: string; valueAndGradient: string; config: Omit<SweepConfig, 'source' | 'signal' | 'onProgress'> }
  | { kind: 'basins'; dim: number; gradient: string; valueAndGradient: string; config: Omit<BasinConfig, 'source' | 'signal'> & { spec: RunSpec } };

export type WorkerReply =
  | { ok: true; kind: 'sweep'; samples: SweepSample[]; cancelled: boolean; joined: boolean; readyMs: number }
  | { ok: true; kind: 'basins'; slices: BasinSlice[]; joined: boolean; readyMs: number }
  | { ok: false; message: string };

/**
 * Milliseconds on a clock every thread of the process shares (a worker's performance.now() counts
 * from the process's start, not the worker's): a worker's ready time is this at ready minus this at
 * the moment the command's thread started it.
 */
export const sharedClock = (): number => performance.timeOrigin + performance.now();
