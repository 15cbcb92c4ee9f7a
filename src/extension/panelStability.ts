/**
 * The stability chart's data on the host: λmax of the Hessian at each recorded point of every run
 * and η·λmax with the record's scheduled learning rate (on a quadratic, gradient descent is stable
 * while η·λmax < 2). The Hessian is core's curvature source: symbolic (src/core/expr), numeric
 * (central differences of the gradient) where it is not symbolic, and for a dataset the Hessian of
 * the mean loss by central differences of the full-batch gradient. No `vscode` here.
 */
import type { PreparedData } from '../core/dataRun';
import { parseObjective } from '../core/expr';
import { curvatureOf, numericHessian, symmetricEigen, type CurvatureSource } from '../core/hessian';
import type { NumOrNull, PanelModel, RunConfig, StabilityView } from '../core/protocol';

/** Points per run at most (records evenly spread): the chart has a few hundred columns. */
export const STABILITY_POINTS = 600;
/** Beyond this many variables there is no chart (each point's eigenvalues cost about n³, its Hessian n² entries). */
export const STABILITY_MAX_VARIABLES = 50;
/** About this much n³ work per run: fewer points for bigger Hessians (at least 2). */
const WORK_PER_RUN = 2e7;
/** Yield to the event loop after about this much n³ work. */
const WORK_PER_YIELD = 2e6;

/** The Hessian for this run configuration, or why there is none. */
export function curvatureForRun(config: RunConfig, data?: PreparedData): { curvature?: CurvatureSource; note: string } {
  const dim = data ? data.source.dim : config.start.length;
  if (dim > STABILITY_MAX_VARIABLES) return { note: `no stability chart for ${dim} variables (more than ${STABILITY_MAX_VARIABLES}: λmax costs about n³ per point)` };
  if (data) {
    const src = data.source;
    const dim = src.dim;
    return {
      curvature: { dim, kind: 'numeric', hessian: numericHessian((x, out) => src.fullGradient(Float64Array.from(x), out), dim) },
      note: `Hessian of the mean loss over the ${data.rows.toLocaleString('en-US')} rows, by central differences of the full-batch gradient`,
    };
  }
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
 * λmax and η·λmax at the records of every run (at most STABILITY_POINTS each); null where the
 * point or the Hessian is not finite; fewer points for big Hessians (about WORK_PER_RUN of n³ work per
 * run). `yieldBetweenRuns` (after each run and every WORK_PER_YIELD of work) keeps the host responsive.
 */
export async function stabilityAlong(
  model: Pick<PanelModel, 'runs'>,
  source: { curvature?: CurvatureSource; note: string },
  yieldBetweenRuns: () => Promise<void> = () => Promise.resolve(),
  signal?: { cancelled: boolean },
): Promise<StabilityView> {
  const c = source.curvature;
  if (!c) return { runs: model.runs.map(() => ({ steps: [], lambdaMax: [], etaLambda: [] })), hessian: null, note: source.note };
  const n = c.dim;
  const h = new Float64Array(n * n);
  const x = new Float64Array(n);
  const runs: StabilityView['runs'] = [];
  const cube = n * n * n;
  const points = Math.max(2, Math.min(STABILITY_POINTS, Math.floor(WORK_PER_RUN / cube)));
  let work = 0;
  for (const run of model.runs) {
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
          if (h.every(Number.isFinite)) {
            const values = symmetricEigen(h, n).values;
            lambda = values[n - 1];
          }
        } catch {
          lambda = null; // a Hessian that cannot be evaluated here is a gap in the line
        }
      }
      lambdaMax.push(lambda !== null && Number.isFinite(lambda) ? lambda : null);
      work += cube;
      if (work >= WORK_PER_YIELD) {
        work = 0;
        await yieldBetweenRuns();
      }
      const lr = run.lr[k];
      const eta = lambda !== null && lr !== null && Number.isFinite(lr) ? lr * lambda : null;
      etaLambda.push(eta !== null && Number.isFinite(eta) ? eta : null);
    }
    runs.push({ steps, lambdaMax, etaLambda });
    await yieldBetweenRuns();
  }
  return { runs, hessian: c.kind, note: source.note };
}
