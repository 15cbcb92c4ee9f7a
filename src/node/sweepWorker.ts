/**
 * The light sweep/basins worker (its own bundle, dist/sweepWorker.js, without mathjs): the command's
 * thread compiles the objective once and sends the generated JavaScript of ∇f and of the fused
 * f-and-∇f (makeFunction's factory source: code the project generated from whitelisted math, never
 * text the person wrote) with the plain job (optimizers, grid or start grid, steps, start). The
 * worker rebuilds the two functions the way compile.ts does (`new Function('H', 'E', source)` given
 * the helpers of functions.ts), makes the same GradientSource as `objectiveSource`, and runs the
 * tasks it claims through core's sweepClaimed / basinClaimed (compiledTask.ts, shared with the
 * browser's Web Worker).
 *
 * The CLI's `sweep`/`basins` and the panel's sweep and basin map in the Node extension host start
 * it (src/node/sweepPool.ts); the memory they share is laid out in sharedJob.ts.
 */
import { parentPort, workerData } from 'worker_threads';
import { mergeBasinSlices } from '../core/basins';
import { compiledSource, runClaimed } from './compiledTask';
import { CompiledTask, joinJob, sharedClock, storeSlice, wholeSlice, WorkerReply } from './sharedJob';

export { CANCEL, claimer, DONE, NEXT, sharedClock, sharedJob, sharedToken, SLOT } from './sharedJob';
export type { CompiledTask, WorkerReply } from './sharedJob';

/** Joins unless shut out (then replies with nothing); runs the tasks it claims. */
export function runCompiled(task: CompiledTask, shared: Int32Array, slot: number, total: number, startedAt: number): WorkerReply {
  const source = compiledSource(task);
  // Time from this worker's start to having rebuilt the job.
  const readyMs = sharedClock() - startedAt;
  const joined = joinJob(task.kind, shared, slot, total, readyMs);
  if ('shutOut' in joined) return joined.shutOut;
  const { claim, signal } = joined;
  const r = runClaimed(task, source, claim, signal);
  if (!r.ok) return { ok: false, message: r.error.message };
  if (r.value.kind === 'sweep') return { ok: true, kind: 'sweep', samples: r.value.samples, cancelled: r.value.cancelled, joined: true, readyMs };
  if (task.kind !== 'basins' || !task.merge) return { ok: true, kind: 'basins', slices: r.value.slices, joined: true, readyMs };
  // The rows go into the shared map; the last worker to finish labels it — unless cancelled: then
  // it replies at once and the starting thread labels the rows done (no wait for a cold labelling).
  for (const s of r.value.slices) storeSlice(task.merge, s);
  const last = Atomics.add(task.merge.finished, 0, 1) + 1 === task.merge.workers;
  if (!last || signal.cancelled) return { ok: true, kind: 'basins', slices: [], joined: true, readyMs };
  const map = mergeBasinSlices({ ...task.config, source, signal }, [wholeSlice(task.merge)]);
  return map.ok ? { ok: true, kind: 'basins', slices: [], map: map.value, joined: true, readyMs } : { ok: false, message: map.error.message };
}

/** The light worker's body: run the compiled task in workerData, post the reply. */
export function compiledWorkerMain(): void {
  const { task, shared, slot, total, startedAt } = workerData as { task: CompiledTask; shared: Int32Array; slot: number; total: number; startedAt: number };
  let reply: WorkerReply;
  try {
    reply = runCompiled(task, shared, slot, total, startedAt);
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
}
