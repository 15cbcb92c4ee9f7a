/**
 * The memory and messages the sweep/basins threads share (no code of the run loop here, so the pool
 * that starts workers, dist/sweepPool.js, stays small): an Int32Array over a SharedArrayBuffer with
 * [0] the cancel flag, [1] the next task, [2] the tasks finished (progress), [3 + w] worker w's state
 * (0 starting, 1 joined, −1 shut out); the task a light worker gets and the reply it posts.
 */
import type { RunSpec } from '../core/run';
import type { SweepConfig, SweepSample } from '../core/sweep/sweep';
import type { BasinConfig } from '../core/basins';
import type { BasinMap, BasinSlice, CancelToken } from '../core/sweep/types';
import type { Dataset } from '../core/data/dataset';
import type { DatasetSourceOptions } from '../core/data/sampler';

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
  | { kind: 'sweep'; dim: number; gradient: string; valueAndGradient: string; data?: TaskData; config: Omit<SweepConfig, 'source' | 'signal' | 'onProgress'> }
  | { kind: 'basins'; dim: number; gradient: string; valueAndGradient: string; data?: TaskData; config: Omit<BasinConfig, 'source' | 'signal'> & { spec: RunSpec }; merge?: SharedBasins };

/**
 * A dataset objective's data: the generated code is then the per-sample loss (its data symbols are
 * `dataColumns`, read from the row), and the worker samples `dataset` as core's createDatasetSource does.
 */
export interface TaskData {
  dataset: Dataset;
  dataColumns: string[];
  variables: string[];
  sampling: DatasetSourceOptions;
}

/**
 * A basin map's ends in shared memory, for a map labelled in a worker: each worker copies the rows
 * it ran into these arrays (row-major, as one slice of every row; rows not run keep NaN ends, which
 * the labelling leaves unsettled), then adds one to `finished[0]`; the worker that brings it to
 * `workers` labels the whole map (core's mergeBasinSlices, so the same labels in the same order as
 * from separate slices) and posts it. The starting thread adds one for each worker it shuts out.
 */
export interface SharedBasins {
  workers: number;
  nx: number;
  ny: number;
  dim: number;
  ends: Float64Array;
  finalLoss: Float64Array;
  diverged: Uint8Array;
  gradNorm: Float64Array;
  /** [0] workers finished, [1] 1 when a row was cancelled. */
  finished: Int32Array;
}

export function sharedBasins(nx: number, ny: number, dim: number, workers: number): SharedBasins {
  const f64 = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n)).fill(NaN);
  return { workers, nx, ny, dim, ends: f64(nx * ny * dim), finalLoss: f64(nx * ny), diverged: new Uint8Array(new SharedArrayBuffer(nx * ny)), gradNorm: f64(nx * ny), finished: new Int32Array(new SharedArrayBuffer(8)) };
}

/** Copies a slice's rows into the shared map. */
export function storeSlice(m: SharedBasins, s: BasinSlice): void {
  const cell = s.rowStart * m.nx;
  m.ends.set(s.ends, cell * m.dim);
  m.finalLoss.set(s.finalLoss, cell);
  m.diverged.set(s.diverged, cell);
  m.gradNorm.set(s.gradNorm, cell);
  if (s.cancelled) Atomics.store(m.finished, 1, 1);
}

/** The shared map as one slice of every row. */
export function wholeSlice(m: SharedBasins): BasinSlice {
  return { rowStart: 0, rowEnd: m.ny, ends: m.ends, finalLoss: m.finalLoss, diverged: m.diverged, gradNorm: m.gradNorm, cancelled: Atomics.load(m.finished, 1) === 1 };
}

export type WorkerReply =
  | { ok: true; kind: 'sweep'; samples: SweepSample[]; cancelled: boolean; joined: boolean; readyMs: number }
  | { ok: true; kind: 'basins'; slices: BasinSlice[]; joined: boolean; readyMs: number; map?: BasinMap }
  | { ok: false; message: string };

/**
 * A worker's step once it has built its job: join unless the job already finished without it (the
 * empty reply to send then), else its task claimer and the shared cancel token.
 */
export function joinJob(kind: 'sweep' | 'basins', shared: Int32Array, slot: number, total: number, readyMs: number):
  { shutOut: WorkerReply } | { claim: () => number; signal: CancelToken } {
  if (Atomics.compareExchange(shared, SLOT + slot, 0, 1) !== 0) {
    return { shutOut: kind === 'sweep' ? { ok: true, kind, samples: [], cancelled: false, joined: false, readyMs } : { ok: true, kind, slices: [], joined: false, readyMs } };
  }
  return { claim: claimer(shared, total), signal: sharedToken(shared) };
}

/** The reply of a joined worker from what sweepClaimed returned. */
export function sweepReply(r: { ok: true; value: { samples: SweepSample[]; cancelled: boolean } } | { ok: false; error: { message: string } }, readyMs: number): WorkerReply {
  return r.ok ? { ok: true, kind: 'sweep', samples: r.value.samples, cancelled: r.value.cancelled, joined: true, readyMs } : { ok: false, message: r.error.message };
}

/**
 * Milliseconds on a clock every thread of the process shares (a worker's performance.now() counts
 * from the process's start, not the worker's): a worker's ready time is this at ready minus this at
 * the moment the command's thread started it.
 */
export const sharedClock = (): number => performance.timeOrigin + performance.now();
