/**
 * Curvature along the runs: λmax of the Hessian at each recorded point of every run and η·λmax with
 * the record's scheduled learning rate (on a quadratic, gradient descent is stable while η·λmax < 2).
 * The Hessian is core's curvature source: symbolic (src/core/expr), numeric (central differences of
 * the gradient) where it is not symbolic, and for a dataset the Hessian of the mean loss by central
 * differences of the full-batch gradient.
 *
 * One computation for every entry point: `stabilitySteps` is a generator that pauses after each run
 * and after about WORK_PER_YIELD of n³ work; the panel drives it with `stabilityAlong` and a yield to
 * the event loop between pauses (the host stays responsive), the CLI's reports and JSON with
 * `stabilityAlongSync`, which does not pause.
 */
import { parseObjective } from './expr';
import { curvatureOf, numericHessian, symmetricEigen, type CurvatureSource } from './hessian';
import type { NumOrNull, RunConfig, StabilityView } from './protocol';

/** Points per run at most (records evenly spread): the chart has a few hundred columns. */
export const STABILITY_POINTS = 600;
/** Beyond this many variables there is no chart (each point's eigenvalues cost about n³, its Hessian n² entries). */
export const STABILITY_MAX_VARIABLES = 50;
/** About this much n³ work per run: fewer points for bigger Hessians (at least 2). */
const WORK_PER_RUN = 2e7;
/** Pause after about this much n³ work. */
const WORK_PER_YIELD = 2e6;

/** The curvature of what the runs minimize, and the sentence that says where it comes from (or why there is none). */
export interface RunCurvature { curvature?: CurvatureSource; note: string }

/** What a dataset run's Hessian needs: the full-batch mean gradient (a DatasetSource has it). */
export interface MeanLossSource {
  dim: number;
  rows: number;
  fullGradient(x: Float64Array, out: Float64Array): void;
}

/** One run's records as the computation reads them: `steps.length` records, `path` flattened (records × dim), `lr` the scheduled rate of each record. */
export interface StabilityRecords {
  dim: number;
  steps: ArrayLike<number>;
  path: ArrayLike<number | null>;
  lr: ArrayLike<number | null>;
}

const tooMany = (dim: number): RunCurvature => ({ note: `no stability chart for ${dim} variables (more than ${STABILITY_MAX_VARIABLES}: λmax costs about n³ per point)` });

/** A curvature source already at hand (the sweep's), within the same limit of variables as the panel's chart. */
export function limitedCurvature(curvature: CurvatureSource, note: string): RunCurvature {
  return curvature.dim > STABILITY_MAX_VARIABLES ? tooMany(curvature.dim) : { curvature, note };
}

/** The Hessian for this run configuration (`data`: a dataset run's source), or why there is none. */
export function curvatureForRun(config: RunConfig, data?: MeanLossSource): RunCurvature {
  const dim = data ? data.dim : config.start.length;
  if (dim > STABILITY_MAX_VARIABLES) return tooMany(dim);
  if (data) {
    return {
      curvature: { dim, kind: 'numeric', hessian: numericHessian((x, out) => data.fullGradient(Float64Array.from(x), out), dim) },
      note: `Hessian of the mean loss over the ${data.rows.toLocaleString('en-US')} rows, by central differences of the full-batch gradient`,
    };
  }
  if (config.data) return { note: 'no Hessian: the dataset behind this run is not at hand' };
  const parsed = parseObjective(config.expression);
  if (!parsed.ok) return { note: `no Hessian: ${parsed.error.message}` };
  const curvature = curvatureOf(parsed.value);
  const note = curvature.kind === 'symbolic' ? 'symbolic Hessian of f' : (curvature.note ?? 'numeric Hessian (central differences of the gradient)');
  return { curvature, note };
}

/** Indices of at most `max` records, evenly spread, the first and last included. */
export function spreadIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const k = Math.round((i * (count - 1)) / (max - 1));
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

/**
 * λmax and η·λmax at the records of every run (at most STABILITY_POINTS each); null where the point
 * or the Hessian is not finite; fewer points for big Hessians (about WORK_PER_RUN of n³ work per run).
 * Pauses (yields) after each run and every WORK_PER_YIELD of work; a set `signal` ends the current
 * run's series where it is and leaves the later runs empty.
 */
export function* stabilitySteps(runs: readonly StabilityRecords[], source: RunCurvature, signal?: { cancelled: boolean }): Generator<void, StabilityView, void> {
  const c = source.curvature;
  if (!c) return { runs: runs.map(() => ({ steps: [], lambdaMax: [], etaLambda: [] })), hessian: null, note: source.note };
  const n = c.dim;
  const h = new Float64Array(n * n);
  const x = new Float64Array(n);
  const out: StabilityView['runs'] = [];
  const cube = n * n * n;
  const points = Math.max(2, Math.min(STABILITY_POINTS, Math.floor(WORK_PER_RUN / cube)));
  let work = 0;
  for (const run of runs) {
    const idx = spreadIndices(run.steps.length, points);
    const steps: number[] = [];
    const lambdaMax: NumOrNull[] = [];
    const etaLambda: NumOrNull[] = [];
    for (const k of idx) {
      if (signal?.cancelled) break;
      steps.push(run.steps[k]);
      let finite = run.dim === n;
      for (let i = 0; i < n && finite; i++) {
        const v = run.path[k * run.dim + i];
        if (v === null || !Number.isFinite(v)) finite = false;
        else x[i] = v;
      }
      let lambda: number | null = null;
      if (finite) {
        try {
          c.hessian(x, h);
          if (h.every(Number.isFinite)) lambda = symmetricEigen(h, n).values[n - 1];
        } catch {
          lambda = null; // a Hessian that cannot be evaluated here is a gap in the line
        }
      }
      lambdaMax.push(lambda !== null && Number.isFinite(lambda) ? lambda : null);
      const lr = run.lr[k];
      const eta = lambda !== null && lr !== null && Number.isFinite(lr) ? lr * lambda : null;
      etaLambda.push(eta !== null && Number.isFinite(eta) ? eta : null);
      work += cube;
      if (work >= WORK_PER_YIELD) {
        work = 0;
        yield;
      }
    }
    out.push({ steps, lambdaMax, etaLambda });
    yield;
  }
  return { runs: out, hessian: c.kind, note: source.note };
}

/** `stabilitySteps` run to the end at once (the CLI: nothing else waits for this thread). */
export function stabilityAlongSync(runs: readonly StabilityRecords[], source: RunCurvature): StabilityView {
  const it = stabilitySteps(runs, source);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** `stabilitySteps` with `pause` awaited at each of its pauses (the panel: a turn of the event loop). */
export async function stabilityAlong(
  model: { runs: readonly StabilityRecords[] },
  source: RunCurvature,
  pause: () => Promise<void> = () => Promise.resolve(),
  signal?: { cancelled: boolean },
): Promise<StabilityView> {
  const it = stabilitySteps(model.runs, source, signal);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    await pause();
  }
}

/** A core trace's records (`count` of its buffers) as `StabilityRecords`. */
export function traceRecords(t: { dim: number; count: number; steps: Uint32Array; path: Float64Array; lr: Float64Array }): StabilityRecords {
  return { dim: t.dim, steps: t.steps.subarray(0, t.count), path: t.path.subarray(0, t.count * t.dim), lr: t.lr.subarray(0, t.count) };
}
