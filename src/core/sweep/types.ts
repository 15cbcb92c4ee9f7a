/**
 * The sweep layer's public types: learning-rate sweeps, automatic tuning, the stability thresholds
 * from the Hessian, the diagnosis of a run and basins of attraction. Plain data (numbers, texts,
 * typed arrays) so that a slice of work can be done in a worker and merged on the caller's side.
 *
 * Every function that produces these values returns a `Result` (errors are values) and checks its
 * input in one place (grid.ts for grids and budgets, with the limits from src/core/limits.ts).
 */
import type { Convention, OptimizerId } from '../optim/types';
import type { DiagnosisKind, StopReason } from '../protocol';

/** A cancellation token: the same shape as the run loop's `signal`. Set `cancelled` to stop. */
export interface CancelToken {
  cancelled: boolean;
}

/** A log-spaced grid of learning rates: n values from lo to hi inclusive (n = 1: lo only). */
export interface LrGrid {
  lo: number;
  hi: number;
  n: number;
}

/** What an optimizer in a sweep is: the run loop's RunSpec without a learning rate (the grid sets it). */
export interface SweepOptimizer {
  optimizer: OptimizerId;
  convention?: Convention;
  /** Other hyperparameters (an `lr` here is ignored: the grid sets it). */
  hyperparameters?: Record<string, unknown>;
}

/**
 * How the target loss of `stepsToTarget` was chosen: the value given, or
 * f(start) − 0.999·(f(start) − reference) with reference the known minimum value when there is one,
 * else the lowest loss any run of the sweep reached.
 */
export interface TargetLoss {
  loss: number;
  rule: string;
}

export interface SweepPoint {
  lr: number;
  /** Loss after the last update (non-finite when the run diverged to ±∞/NaN). */
  finalLoss: number;
  /** Lowest recorded loss (records are every step up to MAX_RECORDS, then thinned; see run.ts). */
  bestLoss: number;
  diverged: boolean;
  /** First recorded step whose loss is at or below the target; null when none is. */
  stepsToTarget: number | null;
  stop: StopReason;
  /** Updates applied. */
  steps: number;
  /** Gradient evaluations (per-sample for datasets) spent by the run. */
  gradientEvaluations: number;
  /** The run's wall-clock time, in milliseconds (absent in points not made by a sweep). */
  elapsedMs?: number;
}

export interface SweepRun {
  optimizer: OptimizerId;
  convention: Convention;
  label: string;
  points: SweepPoint[];
  /** The grid point with the lowest final loss among the runs that did not diverge; null when all diverged. */
  best: { lr: number; finalLoss: number } | null;
}

export interface SweepResult {
  grid: number[];
  runs: SweepRun[];
  steps: number;
  target: TargetLoss;
  /** True when the token stopped the sweep; `runs` then holds the points finished so far. */
  cancelled: boolean;
  elapsedMs: number;
}

/** Progress callback: points finished so far out of the total. */
export type SweepProgress = (done: number, total: number) => void;

/** Where a run's learning rate came from, with the text shown next to it. */
export type LrProvenance =
  | { kind: 'tuned'; points: number; text: string }
  | { kind: 'default'; text: string }
  | { kind: 'user'; text: string };

export interface TunedLr {
  optimizer: OptimizerId;
  convention: Convention;
  lr: number;
  provenance: LrProvenance;
  /** The tuning sweep's final loss at `lr` (absent when not tuned). */
  finalLoss?: number;
}

export interface AutoTuneResult {
  runs: TunedLr[];
  grid: number[];
  elapsedMs: number;
}

/** A classic step-size threshold for one optimizer at a point of known curvature. */
export interface StabilityThreshold {
  optimizer: OptimizerId;
  /** The largest stable lr on a quadratic with this λmax; null when the rule has no classic threshold. */
  lr: number | null;
  /** The rule as a formula ("2/λmax", "2(1+β)/λmax") or why there is none. */
  rule: string;
}

export interface Stability {
  /** Largest Hessian eigenvalue at the point; null when the Hessian is not finite there. */
  lambdaMax: number | null;
  lambdaMin: number | null;
  /** Every eigenvalue, ascending (NaN-free; [] when the Hessian is not finite). */
  eigenvalues: number[];
  /** Unit eigenvector of λmax (empty when there is none). */
  topDirection: number[];
  /** 'symbolic': every entry differentiated symbolically; 'numeric': central differences; 'mixed'. */
  hessian: 'symbolic' | 'numeric' | 'mixed';
  /** Sentences about the result: a numeric Hessian, a singular or indefinite one, a flat function. */
  notes: string[];
  thresholds: StabilityThreshold[];
}

export type { DiagnosisKind };

/** One sentence of a run's diagnosis, with the numbers it states. */
export interface DiagnosisSentence {
  kind: DiagnosisKind;
  text: string;
  /** The step the sentence is about (divergence, arrival), when one applies. */
  step?: number;
  values: Record<string, number | number[]>;
}

/** Basin labels beyond the minima's indices. */
export const BASIN_DIVERGED = -1;
/** The run ended away from every known minimum and cluster (‖∇f‖ still large). */
export const BASIN_UNSETTLED = -2;

export interface BasinMap {
  /** Start points per axis (x: the first mapped variable, y: the second). */
  nx: number;
  ny: number;
  bounds: [[number, number], [number, number]];
  /** Row-major ny×nx: index into `minima`, BASIN_DIVERGED or BASIN_UNSETTLED. Row j is y = y0 + j·dy. */
  labels: Int32Array;
  /** Row-major ny×nx final loss (non-finite for diverged starts). */
  finalLoss: Float64Array;
  /** The end points the labels refer to: the known minima first, then clusters of other end points. */
  minima: number[][];
  /** For each entry of `minima`: 'known' (given) or 'cluster' (found among the end points). */
  minimaKind: ('known' | 'cluster')[];
  /** Starts per label: counts[i] for minima[i], then diverged, then unsettled. */
  counts: { minima: number[]; diverged: number; unsettled: number };
  steps: number;
  cancelled: boolean;
  elapsedMs: number;
}

/** The raw end points of a slice of basin rows (for workers): merged by `mergeBasinSlices`. */
export interface BasinSlice {
  rowStart: number;
  rowEnd: number;
  /** (rowEnd − rowStart)·nx·dim end coordinates, start by start (NaN for diverged starts). */
  ends: Float64Array;
  finalLoss: Float64Array;
  /** 1 where the start diverged. */
  diverged: Uint8Array;
  /** ‖∇f‖ at each end point. */
  gradNorm: Float64Array;
  cancelled: boolean;
}
