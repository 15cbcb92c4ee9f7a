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
  | { kind: 'cosine'; steps: number; alpha?: number }
  | { kind: 'warmup'; warmupSteps: number };

export const CONSTANT_SCHEDULE: ScheduleSpec = { kind: 'constant' };

export const SCHEDULE_KINDS: readonly ScheduleSpec['kind'][] = ['constant', 'step', 'exponential', 'inverse-time', 'cosine', 'warmup'];

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
    case 'cosine': {
      const alpha = spec.alpha ?? 0;
      const fraction = Math.min(k, spec.steps) / spec.steps;
      return baseLr * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + alpha);
    }
    case 'warmup':
      return baseLr * Math.min(1, t / spec.warmupSteps);
  }
}

const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n >= 1;

/**
 * Checks a spec that may have come from settings, JSON or a webview message: any value is accepted
 * and answered with the clean spec or a message naming the field and describing what it holds.
 */
export function validateSchedule(spec: ScheduleSpec): Result<ScheduleSpec> {
  const input: unknown = spec;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(`the schedule must be an object with a kind (${SCHEDULE_KINDS.join(', ')}), got ${describeValue(input)}`);
  }
  const s = input as Record<string, unknown>;
  const bad = (field: string, rule: string): Result<never> => fail(`${s.kind as string} schedule: ${field} must be ${rule}, got ${describeValue(s[field])}`);
  const wholeAtLeastOne = (field: string): number | undefined => {
    const v = s[field];
    return typeof v === 'number' && isPositiveInteger(v) ? v : undefined;
  };
  const positive = (field: string): number | undefined => {
    const v = s[field];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  switch (s.kind) {
    case 'constant':
      return ok({ kind: 'constant' });
    case 'step': {
      const stepSize = wholeAtLeastOne('stepSize');
      if (stepSize === undefined) return bad('stepSize', 'a whole number >= 1');
      const gamma = positive('gamma');
      if (gamma === undefined) return bad('gamma', '> 0');
      return ok({ kind: 'step', stepSize, gamma });
    }
    case 'exponential': {
      const gamma = positive('gamma');
      if (gamma === undefined) return bad('gamma', '> 0');
      return ok({ kind: 'exponential', gamma });
    }
    case 'inverse-time': {
      const decay = s.decay;
      if (!(typeof decay === 'number' && Number.isFinite(decay) && decay >= 0)) return bad('decay', '>= 0');
      return ok({ kind: 'inverse-time', decay });
    }
    case 'cosine': {
      const steps = wholeAtLeastOne('steps');
      if (steps === undefined) return bad('steps', 'a whole number >= 1');
      const alpha = s.alpha;
      if (alpha === undefined) return ok({ kind: 'cosine', steps });
      if (!(typeof alpha === 'number' && alpha >= 0 && alpha <= 1)) return bad('alpha', 'in [0, 1]');
      return ok({ kind: 'cosine', steps, alpha });
    }
    case 'warmup': {
      const warmupSteps = wholeAtLeastOne('warmupSteps');
      if (warmupSteps === undefined) return bad('warmupSteps', 'a whole number >= 1');
      return ok({ kind: 'warmup', warmupSteps });
    }
    default:
      return fail(`the schedule kind must be one of ${SCHEDULE_KINDS.join(', ')}, got ${describeValue(s.kind)}`);
  }
}

const SCHEDULE_SYNTAX = 'constant, step:N:gamma, exponential:gamma, inverse-time:decay, cosine:N[:alpha], warmup:N';

/** Parses the CLI form: `constant`, `step:100:0.5`, `exponential:0.99`, `inverse-time:0.01`, `cosine:1000[:0.1]`, `warmup:50`. */
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

/** The CLI form of a spec (parseSchedule's inverse). */
export function formatSchedule(spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'constant': return 'constant';
    case 'step': return `step:${spec.stepSize}:${spec.gamma}`;
    case 'exponential': return `exponential:${spec.gamma}`;
    case 'inverse-time': return `inverse-time:${spec.decay}`;
    case 'cosine': return spec.alpha === undefined ? `cosine:${spec.steps}` : `cosine:${spec.steps}:${spec.alpha}`;
    case 'warmup': return `warmup:${spec.warmupSteps}`;
  }
}

/** A sentence for tooltips and reports. */
export function describeSchedule(spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'constant': return 'constant learning rate';
    case 'step': return `step decay: ×${spec.gamma} every ${spec.stepSize} steps`;
    case 'exponential': return `exponential decay: ×${spec.gamma} per step`;
    case 'inverse-time': return `inverse-time decay: η/(1 + ${spec.decay}·(t−1))`;
    case 'cosine': return `cosine decay to ${spec.alpha ?? 0}·η over ${spec.steps} steps`;
    case 'warmup': return `linear warmup over ${spec.warmupSteps} steps, then constant`;
  }
}
