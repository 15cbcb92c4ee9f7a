/**
 * How each framework spells our optimizers and schedules: the constructor, and which keyword takes
 * which of our hyperparameters. Every value the run used is passed explicitly (the framework's
 * defaults never decide), so the script runs the exact hyperparameters of the framework's rules.
 *
 *   PyTorch  torch.optim.* classes and torch.optim.lr_scheduler.*
 *   Keras 3  keras.optimizers.* classes and keras.optimizers.schedules.*
 *   optax    optax.* aliases (functions returning a GradientTransformation) and optax schedules
 *
 * A hyperparameter we have and the framework's constructor lacks (e.g. a tutorial variant) leaves
 * the run out unless it holds the convention's default (then the framework's own default is the
 * same rule); an optimizer the framework lacks (Lion in PyTorch core) is left out with its reason.
 */
import type { Convention, HyperparameterName, OptimizerId } from '../optim/types';
import type { ScheduleSpec } from '../schedule';

export type Framework = 'pytorch' | 'keras' | 'optax';
export const FRAMEWORKS: readonly Framework[] = ['pytorch', 'keras', 'optax'];

/** The convention whose rules a framework's script runs (the same name). */
export const conventionOf = (f: Framework): Convention => f;

type Value = number | boolean | string;
/** A keyword argument: its name and how our value is written (default: as is). */
interface Arg {
  name: string;
  from: HyperparameterName;
  write?: (v: Value, all: Partial<Record<HyperparameterName, Value>>) => string | undefined;
}

export interface OptimizerSpelling {
  /** The callable, e.g. `torch.optim.Adam`, `keras.optimizers.Adam`, `optax.adam`. */
  callee: string;
  args: Arg[];
  /** Fixed keywords that select the variant (`amsgrad=True`, `nesterov=True`). */
  fixed?: Record<string, string>;
  /** Our names the framework has no keyword for, accepted only at these values (their no-op). */
  neutral?: Partial<Record<HyperparameterName, Value>>;
  /** A comment written above the run (e.g. the framework version the callable needs). */
  comment?: string;
}

const arg = (name: string, from: HyperparameterName, write?: Arg['write']): Arg => ({ name, from, ...(write ? { write } : {}) });
/** PyTorch's `betas=(β₁, β₂)` from our two names. */
const betas = (): Arg => arg('betas', 'beta1', (v, all) => `(${py(v)}, ${py(all.beta2 ?? 0.999)})`);
/** A flag written only when on (the keyword is newer than torch 1.13; off is its default). */
const onlyTrue = (name: string, from: HyperparameterName): Arg => arg(name, from, v => (v === true ? 'True' : undefined));
/** PyTorch's pairs: `etas=(η⁻, η⁺)`, `step_sizes=(min, max)`. */
const pair = (name: string, first: HyperparameterName, second: HyperparameterName): Arg => arg(name, first, (v, all) => `(${py(v)}, ${py(all[second] ?? 0)})`);
/** optax's momentum=None for 0. */
const optaxMomentum = (): Arg => arg('momentum', 'momentum', v => (v === 0 ? 'None' : py(v)));
/** Keras: weight_decay=None when 0 (no decay step at all). */
const kerasDecay = (): Arg => arg('weight_decay', 'weightDecay', v => (v === 0 ? undefined : py(v)));
/** optax keywords whose default None means off: None for 0. */
const optaxNoneAtZero = (name: string, from: HyperparameterName): Arg => arg(name, from, v => (v === 0 ? 'None' : py(v)));

/** A Python literal for one of our values. */
export function py(v: Value | null): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return JSON.stringify(v);
  if (!Number.isFinite(v)) return v > 0 ? 'math.inf' : v < 0 ? '-math.inf' : 'math.nan';
  const text = String(v);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

const TUTORIAL_OFF = { beta1Decay: 'none' } as const;

export const SPELLINGS: Record<Framework, Partial<Record<OptimizerId, OptimizerSpelling>>> = {
  // torch/optim/*.py constructors (2.x signatures; every keyword here exists since 1.13, every class but Adafactor).
  pytorch: {
    sgd: { callee: 'torch.optim.SGD', args: [arg('lr', 'lr'), arg('weight_decay', 'weightDecay')] },
    momentum: { callee: 'torch.optim.SGD', args: [arg('lr', 'lr'), arg('momentum', 'momentum'), arg('dampening', 'dampening'), arg('nesterov', 'nesterov'), arg('weight_decay', 'weightDecay')] },
    nesterov: { callee: 'torch.optim.SGD', args: [arg('lr', 'lr'), arg('momentum', 'momentum'), arg('weight_decay', 'weightDecay')], fixed: { nesterov: 'True' } },
    adagrad: { callee: 'torch.optim.Adagrad', args: [arg('lr', 'lr'), arg('lr_decay', 'lrDecay'), arg('weight_decay', 'weightDecay'), arg('initial_accumulator_value', 'initialAccumulator'), arg('eps', 'epsilon')] },
    rmsprop: { callee: 'torch.optim.RMSprop', args: [arg('lr', 'lr'), arg('alpha', 'rho'), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay'), arg('momentum', 'momentum'), arg('centered', 'centered')] },
    adadelta: { callee: 'torch.optim.Adadelta', args: [arg('lr', 'lr'), arg('rho', 'rho'), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')] },
    adam: { callee: 'torch.optim.Adam', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')], fixed: { amsgrad: 'False' }, neutral: TUTORIAL_OFF },
    amsgrad: { callee: 'torch.optim.Adam', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')], fixed: { amsgrad: 'True' }, neutral: TUTORIAL_OFF },
    adamax: { callee: 'torch.optim.Adamax', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')] },
    nadam: { callee: 'torch.optim.NAdam', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay'), arg('momentum_decay', 'momentumDecay'), onlyTrue('decoupled_weight_decay', 'decoupledWeightDecay')] },
    adamw: { callee: 'torch.optim.AdamW', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')], neutral: TUTORIAL_OFF },
    radam: { callee: 'torch.optim.RAdam', args: [arg('lr', 'lr'), betas(), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay'), onlyTrue('decoupled_weight_decay', 'decoupledWeightDecay')] },
    rprop: { callee: 'torch.optim.Rprop', args: [arg('lr', 'lr'), pair('etas', 'etaMinus', 'etaPlus'), pair('step_sizes', 'stepSizeMin', 'stepSizeMax')] },
    asgd: { callee: 'torch.optim.ASGD', args: [arg('lr', 'lr'), arg('lambd', 'lambd'), arg('alpha', 'alpha'), arg('t0', 't0'), arg('weight_decay', 'weightDecay')] },
    // torch/optim/_adafactor.py (added in torch 2.5): eps = (ε₁, ε₂), ε₁ None meaning the dtype's
    // machine ε, which is our default (2⁻⁵², float64) and is written as that number.
    adafactor: {
      callee: 'torch.optim.Adafactor',
      args: [arg('lr', 'lr'), arg('beta2_decay', 'beta2Decay'), pair('eps', 'epsilon1', 'epsilon2'), arg('d', 'clipThreshold'), arg('weight_decay', 'weightDecay')],
      comment: 'torch.optim.Adafactor needs torch >= 2.5 (older torch, e.g. 1.13, has no Adafactor)',
    },
  },
  // keras/src/optimizers/*.py constructors (Keras 3).
  keras: {
    sgd: { callee: 'keras.optimizers.SGD', args: [arg('learning_rate', 'lr'), kerasDecay()], fixed: { momentum: '0.0', nesterov: 'False' } },
    momentum: { callee: 'keras.optimizers.SGD', args: [arg('learning_rate', 'lr'), arg('momentum', 'momentum'), arg('nesterov', 'nesterov'), kerasDecay()] },
    nesterov: { callee: 'keras.optimizers.SGD', args: [arg('learning_rate', 'lr'), arg('momentum', 'momentum'), kerasDecay()], fixed: { nesterov: 'True' } },
    adagrad: { callee: 'keras.optimizers.Adagrad', args: [arg('learning_rate', 'lr'), arg('initial_accumulator_value', 'initialAccumulator'), arg('epsilon', 'epsilon'), kerasDecay()] },
    rmsprop: { callee: 'keras.optimizers.RMSprop', args: [arg('learning_rate', 'lr'), arg('rho', 'rho'), arg('momentum', 'momentum'), arg('epsilon', 'epsilon'), arg('centered', 'centered'), kerasDecay()] },
    adadelta: { callee: 'keras.optimizers.Adadelta', args: [arg('learning_rate', 'lr'), arg('rho', 'rho'), arg('epsilon', 'epsilon'), kerasDecay()] },
    adam: { callee: 'keras.optimizers.Adam', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), kerasDecay()], fixed: { amsgrad: 'False' }, neutral: TUTORIAL_OFF },
    amsgrad: { callee: 'keras.optimizers.Adam', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), kerasDecay()], fixed: { amsgrad: 'True' }, neutral: TUTORIAL_OFF },
    adamax: { callee: 'keras.optimizers.Adamax', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), kerasDecay()] },
    nadam: { callee: 'keras.optimizers.Nadam', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), kerasDecay()] },
    adamw: { callee: 'keras.optimizers.AdamW', args: [arg('learning_rate', 'lr'), arg('weight_decay', 'weightDecay'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon')], neutral: TUTORIAL_OFF },
    lion: { callee: 'keras.optimizers.Lion', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), kerasDecay()] },
    lamb: { callee: 'keras.optimizers.Lamb', args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), kerasDecay()] },
    ftrl: {
      callee: 'keras.optimizers.Ftrl',
      args: [
        arg('learning_rate', 'lr'), arg('learning_rate_power', 'lrPower'), arg('initial_accumulator_value', 'initialAccumulator'), arg('l1_regularization_strength', 'l1'),
        arg('l2_regularization_strength', 'l2'), arg('l2_shrinkage_regularization_strength', 'l2Shrinkage'), arg('beta', 'beta'), kerasDecay(),
      ],
    },
    adafactor: {
      callee: 'keras.optimizers.Adafactor',
      args: [arg('learning_rate', 'lr'), arg('beta_2_decay', 'beta2Decay'), arg('epsilon_1', 'epsilon1'), arg('epsilon_2', 'epsilon2'), arg('clip_threshold', 'clipThreshold'), kerasDecay()],
    },
    'schedulefree-adamw': {
      callee: 'keras.optimizers.ScheduleFreeAdamW',
      args: [arg('learning_rate', 'lr'), arg('beta_1', 'beta1'), arg('beta_2', 'beta2'), arg('epsilon', 'epsilon'), arg('warmup_steps', 'warmupSteps', v => String(v)), kerasDecay()],
    },
  },
  // optax/_src/alias.py.
  optax: {
    sgd: { callee: 'optax.sgd', args: [arg('learning_rate', 'lr')] },
    momentum: { callee: 'optax.sgd', args: [arg('learning_rate', 'lr'), optaxMomentum(), arg('nesterov', 'nesterov')] },
    nesterov: { callee: 'optax.sgd', args: [arg('learning_rate', 'lr'), optaxMomentum()], fixed: { nesterov: 'True' } },
    adagrad: { callee: 'optax.adagrad', args: [arg('learning_rate', 'lr'), arg('initial_accumulator_value', 'initialAccumulator'), arg('eps', 'epsilon')] },
    rmsprop: {
      callee: 'optax.rmsprop',
      args: [arg('learning_rate', 'lr'), arg('decay', 'rho'), arg('eps', 'epsilon'), arg('initial_scale', 'initialAccumulator'), arg('eps_in_sqrt', 'epsInSqrt'), arg('centered', 'centered'), optaxMomentum()],
    },
    adadelta: { callee: 'optax.adadelta', args: [arg('learning_rate', 'lr'), arg('rho', 'rho'), arg('eps', 'epsilon'), arg('weight_decay', 'weightDecay')] },
    adam: { callee: 'optax.adam', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot')], neutral: TUTORIAL_OFF },
    amsgrad: { callee: 'optax.amsgrad', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot')], neutral: TUTORIAL_OFF },
    adamax: { callee: 'optax.adamax', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon')] },
    nadam: { callee: 'optax.nadam', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot')] },
    adamw: { callee: 'optax.adamw', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot'), arg('weight_decay', 'weightDecay')], neutral: TUTORIAL_OFF },
    lion: { callee: 'optax.lion', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('weight_decay', 'weightDecay')] },
    yogi: { callee: 'optax.yogi', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon')] },
    adabelief: {
      callee: 'optax.adabelief',
      args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot'), optaxNoneAtZero('weight_decay', 'weightDecay'), arg('nesterov', 'nesterov')],
    },
    lamb: { callee: 'optax.lamb', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot'), arg('weight_decay', 'weightDecay')] },
    signsgd: { callee: 'optax.sign_sgd', args: [arg('learning_rate', 'lr')] },
    signum: { callee: 'optax.signum', args: [arg('learning_rate', 'lr'), arg('beta', 'beta')] },
    adan: {
      callee: 'optax.adan',
      args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('b3', 'beta3'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot'), arg('weight_decay', 'weightDecay')],
    },
    adafactor: {
      callee: 'optax.adafactor',
      args: [
        arg('learning_rate', 'lr'), arg('decay_rate', 'decayRate'), arg('eps', 'epsilon1'), arg('clipping_threshold', 'clipThreshold'),
        arg('multiply_by_parameter_scale', 'multiplyByParameterScale'), optaxMomentum(), optaxNoneAtZero('weight_decay_rate', 'weightDecay'),
      ],
    },
    adopt: { callee: 'optax.contrib.adopt', args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'), arg('nesterov', 'nesterov'), arg('use_clipping', 'useClipping')] },
    ademamix: {
      callee: 'optax.contrib.ademamix',
      args: [arg('learning_rate', 'lr'), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('b3', 'beta3'), arg('alpha', 'alpha'), arg('eps', 'epsilon'), arg('eps_root', 'epsRoot'), arg('weight_decay', 'weightDecay')],
    },
    prodigy: {
      callee: 'optax.contrib.prodigy',
      args: [
        arg('learning_rate', 'lr'), arg('betas', 'beta1', (v, all) => `(${py(v)}, ${py(all.beta2 ?? 0.999)})`), arg('beta3', 'beta3'), arg('eps', 'epsilon'),
        arg('estim_lr0', 'estimLr0'), arg('estim_lr_coef', 'estimLrCoef'), arg('weight_decay', 'weightDecay'), arg('safeguard_warmup', 'safeguardWarmup'),
      ],
    },
    'schedulefree-adamw': {
      callee: 'optax.contrib.schedule_free_adamw',
      args: [
        arg('learning_rate', 'lr'), arg('warmup_steps', 'warmupSteps', v => (v === 0 ? 'None' : String(v))), arg('b1', 'beta1'), arg('b2', 'beta2'), arg('eps', 'epsilon'),
        arg('weight_decay', 'weightDecay'), arg('weight_lr_power', 'weightLrPower'),
      ],
    },
    'schedulefree-sgd': {
      callee: 'optax.contrib.schedule_free_sgd',
      args: [arg('learning_rate', 'lr'), arg('warmup_steps', 'warmupSteps', v => (v === 0 ? 'None' : String(v))), arg('b1', 'beta1'), optaxNoneAtZero('weight_decay', 'weightDecay'), arg('weight_lr_power', 'weightLrPower')],
    },
  },
};

/** Our `beta2` is written inside PyTorch's `betas` tuple. */
export const CONSUMED_BY_TUPLE: Partial<Record<HyperparameterName, HyperparameterName>> = { beta2: 'beta1', etaPlus: 'etaMinus', stepSizeMax: 'stepSizeMin', epsilon2: 'epsilon1' };

/**
 * The schedule in the framework's own scheduler API, as a Python expression of the base rate
 * `lr` (PyTorch: of the optimizer, `o`), or a reason it cannot be written there. PyTorch's
 * schedulers multiply the rate after each `optimizer.step()`; Keras's and optax's are functions of
 * the update count (0 on the first update), like ours (src/core/schedule.ts).
 */
export function scheduleText(framework: Framework, s: ScheduleSpec, lr: string, steps: number): string | undefined {
  switch (framework) {
    case 'pytorch':
      switch (s.kind) {
        case 'constant': return 'torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1.0)';
        case 'step': return `torch.optim.lr_scheduler.StepLR(o, step_size=${s.stepSize}, gamma=${py(s.gamma)})`;
        case 'exponential': return `torch.optim.lr_scheduler.ExponentialLR(o, gamma=${py(s.gamma)})`;
        // No built-in inverse-time decay; LambdaLR multiplies the base rate by the factor of update k + 1.
        case 'inverse-time': return `torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1 / (1 + ${py(s.decay)} * k))`;
        case 'inverse-sqrt': return 'torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1 / math.sqrt(k + 1))';
        // CosineAnnealingLR rises again after T_max; this one holds α·η from N on, as Optimizer Lab does.
        case 'cosine': return `torch.optim.lr_scheduler.LambdaLR(o, lambda k: (1 - ${py(s.alpha ?? 0)}) * 0.5 * (1 + math.cos(math.pi * min(k, ${s.steps}) / ${s.steps})) + ${py(s.alpha ?? 0)})`;
        case 'warmup': return s.warmupSteps <= 1
          ? 'torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1.0)'
          : `torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / ${s.warmupSteps}, end_factor=1.0, total_iters=${s.warmupSteps - 1})`;
      }
      break;
    case 'keras':
      switch (s.kind) {
        case 'constant': return lr;
        case 'step': return `keras.optimizers.schedules.ExponentialDecay(${lr}, decay_steps=${s.stepSize}, decay_rate=${py(s.gamma)}, staircase=True)`;
        case 'exponential': return `keras.optimizers.schedules.ExponentialDecay(${lr}, decay_steps=1, decay_rate=${py(s.gamma)})`;
        case 'inverse-time': return `keras.optimizers.schedules.InverseTimeDecay(${lr}, decay_steps=1, decay_rate=${py(s.decay)})`;
        case 'cosine': return `keras.optimizers.schedules.CosineDecay(${lr}, decay_steps=${s.steps}, alpha=${py(s.alpha ?? 0)})`;
        // Linear warmup from η/W to η over W − 1 updates, then a "decay" with alpha=1 (constant η).
        case 'warmup': return s.warmupSteps <= 1 ? lr
          : `keras.optimizers.schedules.CosineDecay(${lr} / ${s.warmupSteps}, decay_steps=${Math.max(1, steps)}, alpha=1.0, warmup_target=${lr}, warmup_steps=${s.warmupSteps - 1})`;
      }
      break;
    case 'optax':
      switch (s.kind) {
        case 'constant': return lr;
        case 'step': return `optax.exponential_decay(${lr}, transition_steps=${s.stepSize}, decay_rate=${py(s.gamma)}, staircase=True)`;
        case 'exponential': return `optax.exponential_decay(${lr}, transition_steps=1, decay_rate=${py(s.gamma)})`;
        // optax has no inverse-time schedule; any function of the count is a schedule.
        case 'inverse-time': return `lambda count: ${lr} / (1 + ${py(s.decay)} * count)`;
        case 'inverse-sqrt': return `lambda count: ${lr} / jnp.sqrt(count + 1)`;
        case 'cosine': return `optax.cosine_decay_schedule(${lr}, decay_steps=${s.steps}, alpha=${py(s.alpha ?? 0)})`;
        case 'warmup': return s.warmupSteps <= 1 ? lr
          : `optax.linear_schedule(init_value=${lr} / ${s.warmupSteps}, end_value=${lr}, transition_steps=${s.warmupSteps - 1})`;
      }
      break;
  }
  // Keras has no inverse-sqrt schedule; a kind added later is not written until it is mapped here.
  return undefined;
}
