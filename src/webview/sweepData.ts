/**
 * The sweep view's pure logic (no DOM): the default request, the series the chart draws (finite
 * final losses; diverged learning rates apart), the shaded lr ranges where an optimizer diverged,
 * and whether the loss axis can be logarithmic. Unit-tested in plain Node.
 */
import type { RunConfig, SweepView } from '../core/protocol';
import type { LrGrid } from '../core/sweep/types';
import type { OptimizerId } from '../core/optim/types';

/** The grid the view starts from (the sweep's documented default: 25 rates from 1e-5 to 10). */
export const VIEW_GRID: Readonly<LrGrid> = { lo: 1e-5, hi: 10, n: 25 };
/** Updates per point unless the run has fewer. */
export const VIEW_STEPS = 1000;

export function defaultRequest(config: Pick<RunConfig, 'steps'>): { grid: LrGrid; steps: number } {
  return { grid: { ...VIEW_GRID }, steps: Math.max(1, Math.min(config.steps, VIEW_STEPS)) };
}

export interface SweepSeries {
  optimizer: OptimizerId;
  /** Finite final losses of the runs that did not diverge, in grid order. */
  points: { x: number; y: number }[];
  /** Learning rates at which the run diverged (or ended non-finite). */
  diverged: number[];
  /** Contiguous diverged stretches as lr ranges, extended half a grid step (geometrically) each way. */
  bands: [number, number][];
  best: { lr: number; finalLoss: number } | null;
  /** The classic stability threshold at the start (null when the rule has none or there is no curvature). */
  threshold: number | null;
  rule: string | undefined;
}

/** Half a grid step in log scale: the factor between a grid point and the midpoint to its neighbour. */
function halfStep(grid: readonly number[]): number {
  if (grid.length < 2) return 1.5;
  return Math.sqrt(grid[1] / grid[0]);
}

export function sweepSeries(sweep: SweepView): SweepSeries[] {
  const h = halfStep(sweep.grid);
  return sweep.runs.map(run => {
    const points: { x: number; y: number }[] = [];
    const diverged: number[] = [];
    const bands: [number, number][] = [];
    let open: [number, number] | null = null;
    for (const p of run.points) {
      const bad = p.diverged || p.finalLoss === null;
      if (bad) {
        diverged.push(p.lr);
        if (open) open[1] = p.lr * h;
        else open = [p.lr / h, p.lr * h];
      } else {
        points.push({ x: p.lr, y: p.finalLoss as number });
        if (open) bands.push(open);
        open = null;
      }
    }
    if (open) bands.push(open);
    const t = sweep.stability.thresholds.find(x => x.optimizer === run.optimizer);
    return { optimizer: run.optimizer, points, diverged, bands, best: run.best, threshold: t?.lr ?? null, rule: t?.rule };
  });
}

/** The loss axis: logarithmic when every drawn loss is > 0 (its range then spans them), else linear. */
export function lossAxis(series: readonly SweepSeries[]): { log: boolean; min: number; max: number } | undefined {
  const ys = series.flatMap(s => s.points.map(p => p.y));
  if (ys.length === 0) return undefined;
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  return { log: min > 0, min, max };
}

/** "use η = 0.0316" with 3 significant digits. */
export function useLabel(lr: number): string {
  return `use η = ${Number(lr.toPrecision(3))}`;
}
