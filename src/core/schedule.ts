/**
 * Learning-rate schedules as pure functions of the update number. The optimizer loop (run.ts) calls
 * `learningRateAt` for every update and records the rate it used (`TraceData.lr`); nothing else
 * computes a schedule, so what is reported is what the optimizer used.
 *
 * `t` is the 1-based update number; k = t − 1 is the number of updates already applied, which is
 * what the frameworks' schedules count from (optax's `count` and Keras's `iterations` are 0 on the
 * first update, PyTorch schedulers start at epoch 0). So update 1 always uses the base rate, except
 * for warmup, which ramps over t (see below). With η the base rate:
 *   constant        η
 *   step:N:γ        η·γ^⌊k/N⌋               (torch.optim.lr_scheduler.StepLR; optax exponential_decay(staircase=True))
 *   exponential:γ   η·γ^k                   (torch ExponentialLR; optax exponential_decay(transition_steps=1); Keras ExponentialDecay(decay_steps=1))
 *   inverse-time:d  η/(1 + d·k)             (Keras InverseTimeDecay(decay_steps=1); PyTorch Adagrad's lr_decay form)
 *   inverse-sqrt    η/√t                    (the papers' α_t = α/√t: Reddi et al. 2018 Theorem 4 and Corollary 1,
 *                                            Kingma & Ba 2014 Theorem 4.1; counted from t = 1, so update 1 gets η)
 *   cosine:N[:α]    η·((1−α)·½(1 + cos(π·min(k, N)/N)) + α)   (optax cosine_decay_schedule; Keras CosineDecay)
 *   warmup:W        η·min(1, t/W)           (linear warmup: update 1 gets η/W — a first step of 0 would be wasted —
 *                                            and updates W, W+1, … get η)
 */
import { parseDecimal } from './data/csv';
import { describeValue } from './describe';
import { Result, fail, ok } from './result';

export type ScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'inverse-time'; decay: number }
  | { kind: 'inverse-sqrt' }
  | { kind: 'cosine'; steps: number; alpha?: number }
  | { kind: 'warmup'; warmupSteps: number };

export const CONSTANT_SCHEDULE: ScheduleSpec = { kind: 'constant' };

export const SCHEDULE_KINDS: readonly ScheduleSpec['kind'][] = ['constant', 'step', 'exponential', 'inverse-time', 'inverse-sqrt', 'cosine', 'warmup'];

/** The scheduled learning rate of update t (t = 1, 2, …). */
export function learningRateAt(spec: ScheduleSpec, baseLr: number, t: number): number {
  const k = t - 1;
  switch (spec.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(spec.gamma, Math.floor(k / spec.stepSize));
    case 'exponential':
      return baseLr * Math.pow(spec.gamma, k);
    case 'inverse-time':
      return baseLr / (1 + spec.decay * k);
    case 'inverse-sqrt':
      return baseLr / Math.sqrt(t);
    case 'cosine': {
      const alpha = spec.alpha ?? 0;
      const fraction = Math.min(k, spec.steps) / spec.steps;
      return baseLr * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + alpha);
    }
    case 'warmup':
      return baseLr * Math.min(1, t / spec.warmupSteps);
  }
}

/** One number of a schedule: its bounds, and what the panel's control shows and starts from. */
export interface ScheduleField {
  name: string;
  label: string;
  /** A whole number (step counts). */
  integer?: boolean;
  min: number;
  minExclusive?: boolean;
  max?: number;
  /** May be absent (cosine's α, 0 when absent). */
  optional?: boolean;
  /** The value a newly chosen kind starts from. */
  initial: number;
}

/**
 * The schedules as data, like the optimizers' parameter specs: `validateSchedule` checks against
 * these fields and the panel builds its schedule controls from them.
 */
export const SCHEDULE_SPECS: Readonly<Record<ScheduleSpec['kind'], { label: string; fields: readonly ScheduleField[] }>> = {
  constant: { label: 'constant', fields: [] },
  step: {
    label: 'step decay',
    fields: [
      { name: 'stepSize', label: 'every N steps', integer: true, min: 1, initial: 100 },
      { name: 'gamma', label: 'factor γ', min: 0, minExclusive: true, initial: 0.5 },
    ],
  },
  exponential: { label: 'exponential', fields: [{ name: 'gamma', label: 'factor γ per step', min: 0, minExclusive: true, initial: 0.999 }] },
  'inverse-time': { label: 'inverse time 1/t', fields: [{ name: 'decay', label: 'decay d', min: 0, initial: 0.01 }] },
  'inverse-sqrt': { label: 'inverse square root 1/√t', fields: [] },
  cosine: {
    label: 'cosine',
    fields: [
      { name: 'steps', label: 'decay steps', integer: true, min: 1, initial: 1000 },
      { name: 'alpha', label: 'final fraction α', min: 0, max: 1, initial: 0, optional: true },
    ],
  },
  warmup: { label: 'linear warmup', fields: [{ name: 'warmupSteps', label: 'warmup steps', integer: true, min: 1, initial: 50 }] },
};

/** What a field accepts, as the messages say it: "a whole number >= 1", "> 0", ">= 0", "in [0, 1]". */
export function scheduleFieldRule(f: ScheduleField): string {
  if (f.max !== undefined) return `in ${f.minExclusive ? '(' : '['}${f.min}, ${f.max}]`;
  const bound = `${f.minExclusive ? '>' : '>='} ${f.min}`;
  return f.integer ? `a whole number ${bound}` : bound;
}

/** Whether `v` is an accepted value of the field. */
export function scheduleFieldAccepts(f: ScheduleField, v: unknown): v is number {
  return (
    typeof v === 'number' && Number.isFinite(v) && (!f.integer || Number.isInteger(v)) &&
    (f.minExclusive ? v > f.min : v >= f.min) && (f.max === undefined || v <= f.max)
  );
}

/**
 * Checks a spec that may have come from settings, JSON or a webview message: any value is accepted
 * and answered with the clean spec (rebuilt from the kind's fields) or a message naming the field
 * and describing what it holds.
 */
export function validateSchedule(spec: ScheduleSpec): Result<ScheduleSpec> {
  const input: unknown = spec;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(`the schedule must be an object with a kind (${SCHEDULE_KINDS.join(', ')}), got ${describeValue(input)}`);
  }
  const s = input as Record<string, unknown>;
  if (typeof s.kind !== 'string' || !(SCHEDULE_KINDS as readonly string[]).includes(s.kind)) {
    return fail(`the schedule kind must be one of ${SCHEDULE_KINDS.join(', ')}, got ${describeValue(s.kind)}`);
  }
  const kind = s.kind as ScheduleSpec['kind'];
  const clean: Record<string, unknown> = { kind };
  for (const f of SCHEDULE_SPECS[kind].fields) {
    const v = s[f.name];
    if (v === undefined && f.optional) continue;
    if (!scheduleFieldAccepts(f, v)) return fail(`${kind} schedule: ${f.name} must be ${scheduleFieldRule(f)}, got ${describeValue(v)}`);
    clean[f.name] = v;
  }
  return ok(clean as unknown as ScheduleSpec);
}

const SCHEDULE_SYNTAX = 'constant, step:N:gamma, exponential:gamma, inverse-time:decay, inverse-sqrt, cosine:N[:alpha], warmup:N';

/** Parses the CLI form: `constant`, `step:100:0.5`, `exponential:0.99`, `inverse-time:0.01`, `inverse-sqrt`, `cosine:1000[:0.1]`, `warmup:50`. */
export function parseSchedule(text: string): Result<ScheduleSpec> {
  if (typeof text !== 'string') return fail(`the schedule must be a text like ${SCHEDULE_SYNTAX}, got ${describeValue(text)}`);
  const parts = text.trim().split(':').map(p => p.trim());
  const kind = parts[0].toLowerCase();
  const args = parts.slice(1);
  const nums: number[] = [];
  for (const a of args) {
    const n = parseDecimal(a); // decimals only, as in CSV files: not 0x10
    if (!Number.isFinite(n)) return fail(`schedule '${text}': '${a}' is not a number (expected ${SCHEDULE_SYNTAX})`);
    nums.push(n);
  }
  const arity = (min: number, max: number): string | undefined =>
    nums.length < min || nums.length > max
      ? `schedule '${text}': ${kind} takes ${min === max ? min : `${min} or ${max}`} number${max === 1 ? '' : 's'} (expected ${SCHEDULE_SYNTAX})`
      : undefined;
  let spec: ScheduleSpec;
  let bad: string | undefined;
  switch (kind) {
    case 'constant':
      bad = arity(0, 0);
      spec = { kind: 'constant' };
      break;
    case 'step':
      bad = arity(2, 2);
      spec = { kind: 'step', stepSize: nums[0], gamma: nums[1] };
      break;
    case 'exponential':
      bad = arity(1, 1);
      spec = { kind: 'exponential', gamma: nums[0] };
      break;
    case 'inverse-time':
      bad = arity(1, 1);
      spec = { kind: 'inverse-time', decay: nums[0] };
      break;
    case 'inverse-sqrt':
      bad = arity(0, 0);
      spec = { kind: 'inverse-sqrt' };
      break;
    case 'cosine':
      bad = arity(1, 2);
      spec = nums.length === 2 ? { kind: 'cosine', steps: nums[0], alpha: nums[1] } : { kind: 'cosine', steps: nums[0] };
      break;
    case 'warmup':
      bad = arity(1, 1);
      spec = { kind: 'warmup', warmupSteps: nums[0] };
      break;
    default:
      return fail(`Unknown schedule '${text}' (expected ${SCHEDULE_SYNTAX})`);
  }
  if (bad) return fail(bad);
  return validateSchedule(spec);
}
