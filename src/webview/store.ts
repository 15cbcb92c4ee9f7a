/**
 * The panel's state as a tagged union (waiting for the host, a fatal error, or a model on show) plus
 * the pure helpers that derive defaults and keep a view valid against a (new) model.
 */
import type { PanelModel, TraceData, ViewState } from '../core/protocol';
import { distanceToNearest } from '../core/distance';
import { recordAt } from './series';

export interface Notice {
  message: string;
  field?: string;
}

export type PanelState =
  | { kind: 'waiting' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; model: PanelModel; view: ViewState; running: boolean; notice?: Notice };

export class Store {
  private current: PanelState = { kind: 'waiting' };
  private readonly listeners = new Set<(s: PanelState, prev: PanelState) => void>();

  get state(): PanelState {
    return this.current;
  }

  set(next: PanelState): void {
    const prev = this.current;
    this.current = next;
    for (const l of this.listeners) l(next, prev);
  }

  subscribe(fn: (s: PanelState, prev: PanelState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** What the panel calls the exact least-squares optimum of a dataset run (`reference.kind === 'least-squares'`). */
export const LEAST_SQUARES = 'least squares';

/** The reference's label on the map and in the header. */
export function referenceName(ref: NonNullable<PanelModel['reference']>): string {
  return ref.kind === 'preset' ? ref.name : LEAST_SQUARES;
}

export const MIN_SPEED = 1;
export const MAX_SPEED = 500;

export function defaultView(model: PanelModel): ViewState {
  return {
    position: 0,
    playing: true,
    speed: clampSpeed(model.settings?.animationSpeed ?? 10),
    lossScale: 'log',
    smoothing: 0,
  };
}

export function clampSpeed(s: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, Math.round(s)));
}

/** The last recorded step of a run (its `steps` are non-decreasing). */
export function lastStep(run: TraceData): number {
  return run.steps.length ? run.steps[run.steps.length - 1] : 0;
}

/** The timeline's end: the longest run's last recorded step. */
export function maxStep(model: PanelModel): number {
  let m = 0;
  for (const r of model.runs) m = Math.max(m, lastStep(r));
  return m;
}

/** Keeps a restored or carried-over view valid for `model` (position clamped, zoom kept). */
export function fitView(view: ViewState, model: PanelModel): ViewState {
  const end = maxStep(model);
  return { ...view, position: Math.min(Math.max(0, Math.round(view.position)), end), speed: clampSpeed(view.speed) };
}

export { recordAt };

export function describeStop(run: TraceData): string {
  const { reason, step } = run.stop;
  switch (reason) {
    case 'converged':
      return `converged at step ${step}`;
    case 'diverged':
      return `diverged at step ${step}`;
    case 'cancelled':
      return `cancelled at step ${step}`;
    case 'max-steps':
      return `ran all ${step} steps`;
    case 'stalled':
      return `stalled at step ${step}`;
  }
}

/** The parameters of record `k` (or of the last record with finite parameters at or before it). */
export function pointAt(run: TraceData, k: number): number[] | undefined {
  for (let i = Math.min(k, run.steps.length - 1); i >= 0; i--) {
    const p = run.path.slice(i * run.dim, (i + 1) * run.dim);
    if (p.length === run.dim && p.every(v => v !== null && Number.isFinite(v))) return p as number[];
  }
  return undefined;
}

export { distanceToNearest };

/** A run's name without the convention the host appends ("SGD (pytorch)" → "SGD"): the panel shows the (shared) convention once, as a tag. */
export function displayName(run: Pick<TraceData, 'label' | 'convention'>): string {
  const suffix = ` (${run.convention})`;
  return run.label.endsWith(suffix) && run.label.length > suffix.length ? run.label.slice(0, -suffix.length) : run.label;
}
