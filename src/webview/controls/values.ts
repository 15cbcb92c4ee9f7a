/**
 * The controls' pure logic: value checks (through core's own validators and limits), the log
 * slider's mapping, the input text of a number, and the draft edits that are more than one
 * assignment. No DOM here, so it runs (and is unit-tested) in plain Node.
 */
import type { DataConfig, DataSummary, RunConfig } from '../../core/protocol';
import type { Convention, HyperparameterName, Hyperparameters, OptimizerId, ParamSpec } from '../../core/optim/types';
import { SCHEDULE_SPECS, scheduleFieldAccepts, scheduleFieldRule, type ScheduleField, type ScheduleSpec } from '../../core/schedule';
import { coerceHyperparameter } from '../../core/optim/hyperparameter';
import { LIMITS } from '../../core/limits';

/** Milliseconds between the last edit and the `configure` message that carries it. */
export const CONFIGURE_DEBOUNCE_MS = 300;
/** Default minibatch when "full batch" is unticked and no size was set before. */
export const DEFAULT_BATCH = 32;
/** Seeds of a noise run when σ is first set. */
export const DEFAULT_SEEDS = 5;
/** What the noise section says the noise does (and how the panel draws several seeds). */
export const NOISE_HINT = 'adds N(0, σ²) to every gradient component; paths show seed 0, the loss chart the mean over seeds with its min–max band';
/** Positions of a log slider (0 … SLIDER_STEPS). */
export const SLIDER_STEPS = 1000;

/** Rescaling choices of `DataConfig.rescale`: a short name (the select is narrow) and what it does. */
export const RESCALE: Record<DataConfig['rescale'], { label: string; title: string; inputs: string }> = {
  none: { label: 'none', title: 'The columns as they are in the file', inputs: 'the inputs as they are' },
  minmax: { label: 'min–max [0, 1]', title: 'Each input column mapped linearly onto [0, 1]', inputs: 'inputs min–max scaled to [0, 1]' },
  'minmax-symmetric': { label: 'min–max [−1, 1]', title: 'Each input column mapped linearly onto [−1, 1]', inputs: 'inputs min–max scaled to [−1, 1]' },
  standard: { label: 'standardise', title: 'Each input column shifted and scaled to mean 0, standard deviation 1', inputs: 'standardised inputs (mean 0, sd 1)' },
};

/** A check answers undefined (accepted) or the message shown on the field. */
export type Check<T> = (v: T) => string | undefined;

const wholeUpTo = (name: string, max: number): Check<number> => v =>
  Number.isInteger(v) && v >= 1 && v <= max ? undefined : `${name} must be a whole number from 1 to ${max.toLocaleString('en-US')}`;

export const checkSteps: Check<number> = wholeUpTo('steps', LIMITS.maxSteps);
export const checkEpochs: Check<number> = wholeUpTo('epochs', LIMITS.maxSteps);
export const checkSeeds: Check<number> = wholeUpTo('seeds', LIMITS.maxSeeds);
export const checkBatch: Check<number> = v => (Number.isInteger(v) && v >= 1 ? undefined : 'batch size must be a whole number ≥ 1');
export const checkSigma: Check<number> = v => (Number.isFinite(v) && v >= 0 ? undefined : `σ must be a number ≥ 0, got ${v}`);
export const checkSeed: Check<number> = v => (Number.isSafeInteger(v) ? undefined : 'seed must be a whole number');
export const checkCoordinate = (name: string): Check<number> => v => (Number.isFinite(v) ? undefined : `${name} must be a number`);

/** A hyperparameter value, checked by the registry's own coercion (the same ranges the host applies). */
export const checkHyperparameter = (p: ParamSpec): Check<number> => v => {
  const r = coerceHyperparameter(p, v);
  return r.ok ? undefined : r.error.message;
};

/** A schedule field, checked against the schedule's own spec (the same one `validateSchedule` reads). */
export const checkScheduleField = (f: ScheduleField): Check<number> => v =>
  scheduleFieldAccepts(f, v) ? undefined : `${f.label} must be ${scheduleFieldRule(f)}, got ${v}`;

/** A log slider's decades for a parameter with this default: around it, clipped by the spec. */
export function logRange(spec: ParamSpec, initial: number): [number, number] {
  let lo: number;
  let hi: number;
  if (initial > 0) {
    const e = Math.log10(initial);
    lo = Math.floor(e) - 4;
    hi = Math.ceil(e) + 2;
  } else {
    lo = -6;
    hi = 0;
  }
  if (spec.max !== undefined && spec.max > 0) hi = Math.min(hi, Math.log10(spec.max));
  return [lo, Math.max(lo + 1, hi)];
}

/** The slider position (0 … SLIDER_STEPS) of a value on the decades [lo, hi]; 0 for v ≤ 0. */
export function sliderPosition(v: number, [lo, hi]: [number, number]): number {
  if (!(v > 0)) return 0;
  const p = ((Math.log10(v) - lo) / (hi - lo)) * SLIDER_STEPS;
  return Math.round(Math.max(0, Math.min(SLIDER_STEPS, p)));
}

/**
 * The value at a slider position, to 3 significant digits; position 0 is 0 itself when the range
 * reaches down to 1e-6 or below (a parameter that may be off).
 */
export function sliderValue(position: number, [lo, hi]: [number, number]): number {
  const v = position === 0 && lo <= -6 ? 0 : Math.pow(10, lo + ((hi - lo) * position) / SLIDER_STEPS);
  return Number(v.toPrecision(3));
}

/** The text a number input shows for a value: up to 10 significant digits, empty when there is none. */
export function fmtInput(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(10)));
}

/** A number input's text as a value: undefined when empty (NaN when not a number, for the check to refuse). */
export function parseInput(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

export function conventionLabel(c: Convention): string {
  return c === 'pytorch' ? 'PyTorch' : c === 'keras' ? 'Keras' : c === 'optax' ? 'optax' : c === 'paper' ? 'Paper (algorithm box)' : c;
}

/** The selected optimizers after ticking (on) or unticking one, in the registry's order. */
export function toggleOptimizer(order: readonly OptimizerId[], selected: readonly OptimizerId[], id: OptimizerId, on: boolean): OptimizerId[] {
  const set = new Set(selected);
  if (on) set.add(id);
  else set.delete(id);
  return order.filter(x => set.has(x));
}

/** The map's variables after choosing `variable` for one axis; the other axis moves off it if they would coincide. */
export function chooseMapAxis(current: readonly [number, number] | undefined, axis: 0 | 1, variable: number, count: number): [number, number] {
  const next: [number, number] = current ? [current[0], current[1]] : [0, 1];
  next[axis] = variable;
  if (next[0] === next[1]) {
    const other: 0 | 1 = axis === 0 ? 1 : 0;
    next[other] = Array.from({ length: count }, (_, i) => i).find(i => i !== variable) ?? 0;
  }
  return next;
}

/** A schedule of this kind with the required fields at their initial values (from `SCHEDULE_SPECS`). */
export function scheduleOfKind(kind: ScheduleSpec['kind']): ScheduleSpec {
  const spec: Record<string, unknown> = { kind };
  for (const f of SCHEDULE_SPECS[kind].fields) if (!f.optional) spec[f.name] = f.initial;
  return spec as unknown as ScheduleSpec;
}

/** A schedule field's value (the initial value while a required field is unset; undefined for an unset optional one). */
export function scheduleFieldValue(schedule: ScheduleSpec, f: ScheduleField): number | undefined {
  const v = (schedule as unknown as Record<string, unknown>)[f.name];
  return typeof v === 'number' ? v : f.optional ? undefined : f.initial;
}

/** The schedule with one field set (undefined removes it). */
export function withScheduleField(schedule: ScheduleSpec, name: string, v: number | undefined): ScheduleSpec {
  const s = { ...(schedule as unknown as Record<string, unknown>) };
  if (v === undefined) delete s[name];
  else s[name] = v;
  return s as unknown as ScheduleSpec;
}

/** The overrides with one optimizer's parameter set (undefined removes the override). */
export function withHyperparameter(all: RunConfig['hyperparameters'], id: OptimizerId, name: HyperparameterName, v: number | boolean | string | undefined): RunConfig['hyperparameters'] {
  const hp: Hyperparameters = { ...(all[id] ?? {}) };
  if (v === undefined) delete hp[name];
  else hp[name] = v;
  return { ...all, [id]: hp };
}

/** `noise` after σ changes: none at σ = 0 (or empty), else σ with the current or remembered seed count. */
export function withSigma(noise: RunConfig['noise'], sigma: number | undefined, lastSeeds: number): RunConfig['noise'] {
  if (sigma === undefined || sigma === 0) return undefined;
  return { sigma, seeds: noise?.seeds ?? lastSeeds };
}

/**
 * How the parameters of a rescaled dataset run read, or undefined when there is nothing to say: on
 * both scales (the table has both), or only on the scaled one with the host's reason.
 */
export function scaleNote(data: DataSummary | undefined): string | undefined {
  if (!data || data.rescale === 'none') return undefined;
  if (data.toOriginal) return `Fitted on ${RESCALE[data.rescale].inputs}; the table gives the parameters on both scales.`;
  const why = (data.note ?? 'this rescaling cannot be undone exactly for this loss').replace(/\.$/, '');
  return `Parameters are on the scaled inputs only: ${why}.`;
}

/** The file name of a dataset path (either separator). */
export function fileName(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}
