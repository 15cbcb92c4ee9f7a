/**
 * A compiled task's run, shared by the light worker thread (sweepWorker.ts) and the browser's Web
 * Worker (src/extension/webSweepWorker.ts): the objective rebuilt from its generated source (no
 * mathjs) as the same GradientSource as `objectiveSource` (a dataset's per-sample loss as core's
 * dataset source over the sent columns), and the tasks a claim function hands
 * out run through core's sweepClaimed / basinClaimed. Plain JavaScript only (no Node module).
 */
import { HELPERS } from '../core/expr/functions';
import { objectiveSource, type GradientSource } from '../core/run';
import { createDatasetSource } from '../core/data/sampler';
import { sweepClaimed, type SweepSample } from '../core/sweep/sweep';
import { basinClaimed } from '../core/basins';
import type { Result } from '../core/result';
import type { BasinSlice, CancelToken } from '../core/sweep/types';
import type { CompiledTask } from './sharedJob';

type Generated = (x: ArrayLike<number>, out: Float64Array, d?: ArrayLike<number>) => number;

/** A function from makeFunction's factory source (it calls only the whitelisted helpers). */
function rebuild(source: string): Generated {
  const factory = new Function('H', 'E', source) as (h: typeof HELPERS, e: Record<string, unknown>) => Generated;
  return factory(HELPERS, {});
}

/**
 * The task's objective as compile.ts makes it: ∇f and the fused f-and-∇f from their generated code;
 * with `data`, they are the per-sample loss and the source is core's dataset source over the sent
 * columns (the same sampling as on the starting thread). Throws when the data cannot be sampled.
 */
export function compiledSource(task: Pick<CompiledTask, 'dim' | 'gradient' | 'valueAndGradient' | 'data'>): GradientSource {
  const grad = rebuild(task.gradient);
  const fused = rebuild(task.valueAndGradient);
  // f through the fused function: its value is the same expression as the separate f's, to the bit.
  const scratch = new Float64Array(task.dim);
  if (task.data) {
    const loss = { variables: task.data.variables, dataColumns: task.data.dataColumns, f: (x: ArrayLike<number>, d?: ArrayLike<number>) => fused(x, scratch, d), grad: (x: ArrayLike<number>, out: Float64Array, d?: ArrayLike<number>) => { grad(x, out, d); } };
    const source = createDatasetSource(loss, task.data.dataset, task.data.sampling);
    if (!source.ok) throw new Error(source.error.message);
    return source.value;
  }
  return objectiveSource(x => fused(x, scratch), (x, out) => { grad(x, out); }, task.dim, fused);
}

/** What the claimed tasks produced: a sweep's samples, or a map's rows as slices. */
export type ClaimedRun = { kind: 'sweep'; samples: SweepSample[]; cancelled: boolean } | { kind: 'basins'; slices: BasinSlice[] };

/** Runs every task `claim` hands out (until it returns −1) on `source`; `signal` stops it. */
export function runClaimed(task: CompiledTask, source: GradientSource, claim: () => number, signal: CancelToken): Result<ClaimedRun> {
  if (task.kind === 'sweep') {
    const r = sweepClaimed({ ...task.config, source, signal }, claim);
    return r.ok ? { ok: true, value: { kind: 'sweep', samples: r.value.samples, cancelled: r.value.cancelled } } : r;
  }
  const r = basinClaimed({ ...task.config, source, signal }, claim);
  return r.ok ? { ok: true, value: { kind: 'basins', slices: r.value } } : r;
}
