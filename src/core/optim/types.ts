/**
 * The optimizer contract: every update rule is a small module that describes itself (label, TeX,
 * parameter schema, each framework's defaults and source file) and creates a `Stepper` that owns
 * its state in `Float64Array`s allocated once. `run.ts` is the only code that drives steppers.
 *
 * Conventions reproduce the frameworks' own update code (not their documentation's pseudo-code):
 *   pytorch — torch/optim/*.py (2.x single-tensor path)
 *   keras   — keras/src/optimizers/*.py (Keras 3)
 *   optax   — optax/_src/alias.py + optax/_src/transform.py
 *   paper   — the rule as its paper's algorithm box writes it (Kingma & Ba's Algorithm 1, Reddi et
 *             al.'s Algorithm 2, …): no framework's extras (weight decay, ε where the paper has none),
 *             the paper's defaults where it gives them
 * Each rule file names the framework file (or paper and algorithm) it transcribes next to its update (`source`).
 */

export type Convention = 'pytorch' | 'keras' | 'optax' | 'paper';
export const CONVENTIONS: readonly Convention[] = ['pytorch', 'keras', 'optax', 'paper'];
/** The conventions that follow a framework's code (all but `paper`). */
export type FrameworkConvention = Exclude<Convention, 'paper'>;
export const FRAMEWORK_CONVENTIONS: readonly FrameworkConvention[] = ['pytorch', 'keras', 'optax'];
export const DEFAULT_CONVENTION: Convention = 'pytorch';

/** The group a rule is listed under (names and order: families.ts). */
export type OptimizerFamily = 'gradient-descent' | 'momentum' | 'adaptive' | 'adam' | 'sign' | 'second-order' | 'schedule-free' | 'other';

export type OptimizerId =
  | 'yogi'
  | 'adabelief'
  | 'lamb'
  | 'signsgd'
  | 'signum'
  | 'adan'
  | 'ftrl'
  | 'adafactor'
  | 'adopt'
  | 'ademamix'
  | 'prodigy'
  | 'schedulefree-adamw'
  | 'schedulefree-sgd'
  | 'sgd'
  | 'momentum'
  | 'nesterov'
  | 'adagrad'
  | 'rmsprop'
  | 'adadelta'
  | 'adam'
  | 'amsgrad'
  | 'adamax'
  | 'nadam'
  | 'adamw'
  | 'lion'
  | 'radam'
  | 'rprop'
  | 'asgd'
  | 'lbfgs';
export const OPTIMIZER_IDS: readonly OptimizerId[] = [
  'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adadelta',
  'adam', 'amsgrad', 'adamax', 'nadam', 'adamw', 'lion',
  'yogi', 'adabelief', 'lamb', 'signsgd', 'signum', 'adan', 'ftrl', 'adafactor', 'adopt', 'ademamix', 'prodigy', 'schedulefree-adamw', 'schedulefree-sgd',
  'radam', 'rprop', 'asgd', 'lbfgs',
];

export type HyperparameterName =
  | 'lr'
  | 'momentum'
  | 'dampening'
  | 'nesterov'
  | 'beta1'
  | 'beta2'
  | 'epsilon'
  | 'rho'
  | 'initialAccumulator'
  | 'lrDecay'
  | 'weightDecay'
  | 'centered'
  | 'momentumDecay'
  | 'epsRoot'
  | 'beta1Decay'
  | 'beta3'
  | 'beta'
  | 'lrPower'
  | 'l1'
  | 'l2'
  | 'l2Shrinkage'
  | 'beta2Decay'
  | 'decayRate'
  | 'epsilon1'
  | 'epsilon2'
  | 'clipThreshold'
  | 'multiplyByParameterScale'
  | 'useClipping'
  | 'estimLr0'
  | 'estimLrCoef'
  | 'safeguardWarmup'
  | 'warmupSteps'
  | 'weightLrPower'
  /** optax rmsprop `eps_in_sqrt`: ε inside (√(v+ε)) or outside (√v+ε) the square root. */
  | 'epsInSqrt'
  /** PyTorch RAdam/NAdam `decoupled_weight_decay`: x ← x(1 − ηλ) instead of g ← g + λx. */
  | 'decoupledWeightDecay'
  /** optax radam `threshold`: the rectification applies when ρ_t ≥ threshold. */
  | 'threshold'
  /** Rprop `etas` = (η−, η+) and `step_sizes` = (min, max). */
  | 'etaMinus'
  | 'etaPlus'
  | 'stepSizeMin'
  | 'stepSizeMax'
  /** ASGD `lambd`, `alpha`, `t0`. */
  | 'lambd'
  | 'alpha'
  | 't0'
  /** L-BFGS `max_iter`, `max_eval`, `tolerance_grad`, `tolerance_change`, `history_size`, `line_search_fn`. */
  | 'maxIter'
  | 'maxEval'
  | 'toleranceGrad'
  | 'toleranceChange'
  | 'historySize'
  | 'lineSearch'
  /** optax scale_by_lbfgs `scale_init_precond`: H₀ = γI with γ = sᵀy/yᵀy (else I). */
  | 'scaleInitPrecond'
  /** optax lbfgs: `max_linesearch_steps` of its zoom line search. */
  | 'maxLinesearchSteps';

export const HYPERPARAMETER_NAMES: readonly HyperparameterName[] = [
  'lr', 'momentum', 'dampening', 'nesterov', 'beta1', 'beta2', 'epsilon', 'rho', 'initialAccumulator',
  'lrDecay', 'weightDecay', 'centered', 'momentumDecay', 'epsRoot', 'beta1Decay', 'epsInSqrt',
  'beta3', 'beta', 'lrPower', 'l1', 'l2', 'l2Shrinkage', 'beta2Decay', 'decayRate', 'epsilon1', 'epsilon2', 'clipThreshold',
  'multiplyByParameterScale', 'useClipping', 'estimLr0', 'estimLrCoef', 'safeguardWarmup', 'warmupSteps', 'weightLrPower',
  'decoupledWeightDecay', 'threshold', 'etaMinus', 'etaPlus', 'stepSizeMin', 'stepSizeMax', 'lambd', 'alpha', 't0',
  'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearch', 'scaleInitPrecond',
  'maxLinesearchSteps',
];

export function isOptimizerId(id: string): id is OptimizerId {
  return (OPTIMIZER_IDS as readonly string[]).includes(id);
}

export function isConvention(c: string): c is Convention {
  return (CONVENTIONS as readonly string[]).includes(c);
}

export function isHyperparameterName(name: string): name is HyperparameterName {
  return (HYPERPARAMETER_NAMES as readonly string[]).includes(name);
}

export type Hyperparameters = Partial<Record<HyperparameterName, number | boolean | string>>;

export interface ParamSpec {
  name: HyperparameterName;
  label: string;
  kind: 'number' | 'boolean' | 'enum';
  min?: number;
  max?: number;
  minExclusive?: boolean;
  /** Addition: the upper bound is excluded (β ∈ [0, 1)). */
  maxExclusive?: boolean;
  /** Log slider for rates. */
  log?: boolean;
  options?: readonly string[];
  description: string;
}

export interface Stepper {
  /**
   * One update in place. t = 1, 2, … ; lr = the scheduled learning rate for this step; g = gradient
   * at x (not modified). Writes the effective learning rate per parameter: the multiplier the rule
   * applies to this step's (preconditioned) direction, defined per rule in `UpdateRule.effectiveLr`.
   */
  step(x: Float64Array, g: Float64Array, t: number, lr: number, effectiveLr: Float64Array, loss?: number): void;
  /**
   * Addition for rules that keep a second sequence besides the parameters they update (ASGD's
   * running average `ax`): that point, updated in place by `step`; the run loop records it beside
   * the path (`Trace.extraPath`). Absent for the other rules.
   */
  readonly extraPoint?: Float64Array;
  /**
   * Addition for rules that can stop on their own (L-BFGS): set by `step` when no further update can
   * change x (its stop test met, or its line search found no descent); the loop then ends the run
   * with this text as the detail. `stopKind` says whether the rule's convergence test was met.
   */
  readonly stopReason?: string;
  readonly stopKind?: 'converged' | 'stalled';
  /**
   * Addition for rules whose framework hands the next update the f and ∇f it already evaluated
   * inside the step (optax's zoom line search, read back by `value_and_grad_from_state`): how many
   * of the loop's evaluations at the new x were such repeats so far; the trace does not count them.
   */
  readonly reusedEvaluations?: number;
}

/**
 * What the run loop gives a rule that needs more than the gradient at x (L-BFGS: f and ∇f at trial
 * points inside one step). `evaluate` writes ∇f(x) into `gradient` and returns f(x); every call is
 * counted as one function-and-gradient evaluation in the trace.
 */
export interface StepperEnv {
  /** f(x), with ∇f(x) written into `gradient`; t = the update being computed (minibatch sources use it). */
  evaluate(x: Float64Array, gradient: Float64Array, t: number): number;
}

export interface UpdateRule {
  id: OptimizerId;
  label: string;
  summary: string;
  /** The group the optimizer list shows it in; absent: "other". */
  family?: OptimizerFamily;
  /** The UI builds its controls from this schema; a convention accepts the names in its `defaults`. */
  params: readonly ParamSpec[];
  /** That framework's defaults; a convention missing = the framework lacks the optimizer. */
  defaults: Partial<Record<Convention, Hyperparameters>>;
  unavailable?: Partial<Record<Convention, string>>;
  /**
   * The update rule as TeX (KaTeX-renderable), for the panel: the general form, with every optional
   * term (weight decay, centering, momentum, …) shown. A rule with `formulaFor` writes here only the
   * forms `formulaFor` itself returns; the registry's `RULES` fills every other convention with
   * `formulaFor(convention, generalSwitches(rule, convention))`.
   */
  formula: Partial<Record<Convention, string>>;
  /**
   * The update rule as configured: only the terms `hp` switches on, in the convention's own form and
   * with the symbols of `formula`. `hp` is merged over the convention's defaults; the convention is
   * one the rule has. Absent: `formula[convention]` serves for every configuration. Use the
   * registry's `formulaFor`, which checks the convention and merges the defaults.
   */
  formulaFor?(convention: Convention, hp: Hyperparameters): string;
  /** The framework file the rule follows. */
  source: Partial<Record<Convention, string>>;
  /** Addition: where our default departs from the framework's signature, and why. */
  notes?: Partial<Record<Convention, string>>;
  /**
   * How each framework's rule departs from the paper's (the `paper` convention): ε placement, bias
   * corrections, weight decay, defaults. The panel shows these beside a paper run's rule.
   */
  differences?: Partial<Record<FrameworkConvention, string>>;
  /** One-line definition of what the effective-LR chart shows. */
  effectiveLr: string;
  /** Addition: checks across parameters (after each value passed its own range); a message or undefined. */
  validate?(hp: Hyperparameters, convention: Convention): string | undefined;
  /**
   * Addition: the rule keeps a second point worth showing (`Stepper.extraPoint`): what it is, for
   * the panel's legend and the export.
   */
  extraPoint?: { label: string; description: string };
  /** Addition: the rule evaluates f and ∇f itself inside a step (`StepperEnv`); `create` needs `env`. */
  needsEvaluate?: boolean;
  /**
   * Allocates the Float64Array state once. `hp` is merged over the convention's defaults. `env` is
   * given by the run loop; rules with `needsEvaluate` require it.
   */
  create(dim: number, hp: Hyperparameters, convention: Convention, env?: StepperEnv): Stepper;
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the rule files (kept here so each rule file stays one update rule).

/**
 * Typed access to a rule's hyperparameters: `hp` over the convention's defaults. A missing or
 * mistyped value here is a programming error (the registry validates user input first), so it throws.
 */
export class HyperparameterReader {
  private readonly values: Hyperparameters;
  constructor(rule: Pick<UpdateRule, 'id' | 'defaults' | 'unavailable'>, convention: Convention, hp: Hyperparameters) {
    const defaults = rule.defaults[convention];
    if (!defaults) {
      throw new Error(rule.unavailable?.[convention] ?? `${rule.id} is not available in the ${convention} convention`);
    }
    this.values = { ...defaults, ...hp };
  }
  num(name: HyperparameterName): number {
    const v = this.values[name];
    if (typeof v !== 'number') throw new Error(`internal: hyperparameter ${name} is missing or not a number`);
    return v;
  }
  /** A number the convention may lack (e.g. weightDecay in optax adam): 0 when absent. */
  numOr(name: HyperparameterName, absent: number): number {
    const v = this.values[name];
    return typeof v === 'number' ? v : absent;
  }
  bool(name: HyperparameterName, absent = false): boolean {
    const v = this.values[name];
    return typeof v === 'boolean' ? v : absent;
  }
  str(name: HyperparameterName, absent: string): string {
    const v = this.values[name];
    return typeof v === 'string' ? v : absent;
  }
}

/**
 * PyTorch's `lerp(a, b, w)` as its CPU kernel computes it (aten/src/ATen/native/Lerp.h): two
 * algebraically equal forms chosen by |w| < 0.5 so that the result is exact at both ends. Used
 * where torch/optim writes `exp_avg.lerp_(grad, 1 - beta1)`, to match PyTorch to the last bit.
 */
export function torchLerp(a: number, b: number, w: number): number {
  return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/**
 * Keras 3 applies `weight_decay` to every optimizer the same decoupled way, before the update and
 * with the gradient taken at the pre-decay x (keras/src/optimizers/base_optimizer.py
 * `_apply_weight_decay`: `variable.assign(variable - variable * wd * lr)`).
 */
export function kerasDecoupledDecay(x: Float64Array, weightDecay: number, lr: number): void {
  if (weightDecay === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = x[i] - x[i] * weightDecay * lr;
}

/**
 * TeX building blocks for `UpdateRule.formulaFor`, spelled once so every rule writes a term the
 * same way. Each formula is a list of clauses joined by a separator (`;\quad` or `;\ `).
 */
export const TEX = {
  /** PyTorch's L2 weight decay (and optax's add_decayed_weights before the scaling, e.g. AdaDelta). */
  l2: String.raw`g \leftarrow g + \lambda x`,
  /** Keras 3's decoupled weight decay (`kerasDecoupledDecay`), applied before the update. */
  kerasDecay: String.raw`x \leftarrow x - \eta_t\lambda x`,
  /** Clause separators used by the static formulas. */
  wide: String.raw`;\quad `,
  narrow: String.raw`;\ `,
} as const;

/** Joins the clauses that are switched on (strings), skipping the ones that are off (false/undefined/''). */
export function joinTex(separator: string, clauses: readonly (string | false | undefined)[]): string {
  return clauses.filter((c): c is string => typeof c === 'string' && c !== '').join(separator);
}

/**
 * The weight-decay clause that precedes the update in PyTorch (L2 on the gradient) and Keras
 * (decoupled), or undefined when λ = 0. optax has no common form (each alias places it itself),
 * so the rules spell optax's decay where it sits.
 */
export function weightDecayTex(convention: Convention, weightDecay: number): string | undefined {
  if (weightDecay === 0) return undefined;
  if (convention === 'pytorch') return TEX.l2;
  if (convention === 'keras') return TEX.kerasDecay;
  return undefined;
}

/** Common ParamSpecs, spelled once so labels and ranges agree across rules. */
export const P = {
  lr: { name: 'lr', label: 'learning rate η', kind: 'number', min: 0, minExclusive: true, log: true, description: 'Step size; the schedule multiplies it per step.' },
  momentum: { name: 'momentum', label: 'momentum μ', kind: 'number', min: 0, max: 1, description: 'Weight of the previous velocity.' },
  dampening: { name: 'dampening', label: 'dampening τ', kind: 'number', min: 0, max: 1, description: 'PyTorch: the gradient enters the buffer scaled by (1 − τ) (not on the first step).' },
  nesterov: { name: 'nesterov', label: 'Nesterov', kind: 'boolean', description: 'Look-ahead form; the same as choosing the nesterov optimizer.' },
  beta1: { name: 'beta1', label: 'β₁', kind: 'number', min: 0, max: 1, maxExclusive: true, description: 'Decay of the first-moment (mean) average.' },
  beta2: { name: 'beta2', label: 'β₂', kind: 'number', min: 0, max: 1, maxExclusive: true, description: 'Decay of the second-moment average.' },
  epsilon: { name: 'epsilon', label: 'ε', kind: 'number', min: 0, log: true, description: 'Keeps the denominator away from zero; where it sits depends on the convention.' },
  rho: { name: 'rho', label: 'ρ', kind: 'number', min: 0, max: 1, description: 'Decay of the squared-gradient average.' },
  initialAccumulator: { name: 'initialAccumulator', label: 'initial accumulator', kind: 'number', min: 0, description: 'Starting value of the squared-gradient accumulator.' },
  lrDecay: { name: 'lrDecay', label: 'lr decay', kind: 'number', min: 0, log: true, description: 'PyTorch Adagrad: η_t = η / (1 + (t − 1)·lr_decay).' },
  weightDecay: { name: 'weightDecay', label: 'weight decay λ', kind: 'number', min: 0, log: true, description: 'PyTorch: L2 (g ← g + λx); Keras: decoupled (x ← x − ηλx); optax: as its alias applies it.' },
  centered: { name: 'centered', label: 'centered', kind: 'boolean', description: 'Divide by the variance (v − ḡ²) instead of the raw second moment.' },
  momentumDecay: { name: 'momentumDecay', label: 'momentum decay ψ', kind: 'number', min: 0, description: 'PyTorch NAdam: μ_t = β₁(1 − ½·0.96^{tψ}); ψ = 1 is Keras\'s schedule.' },
  epsRoot: { name: 'epsRoot', label: 'ε root', kind: 'number', min: 0, log: true, description: 'optax: ε added inside the square root, √(v̂ + ε_root) + ε.' },
  beta1Decay: { name: 'beta1Decay', label: 'β₁ decay', kind: 'enum', options: ['none', 'power', 'inverse'], description: 'Tutorial variant: β₁,t = β₁ (none), β₁ᵗ (power) or β₁/t (inverse); bias correction uses 1 − Π β₁,i.' },
  epsInSqrt: { name: 'epsInSqrt', label: 'ε inside √', kind: 'boolean', description: 'optax eps_in_sqrt: √(v + ε) when true, √v + ε when false.' },
  beta3: { name: 'beta3', label: 'β₃', kind: 'number', min: 0, max: 1, maxExclusive: true, description: 'Decay of a third running average (Adan: squared-gradient term; AdEMAMix: slow momentum; Prodigy: distance estimate).' },
  beta: { name: 'beta', label: 'β', kind: 'number', min: 0, description: 'Ftrl: β of the L2 term β/(2η); Signum: decay of the momentum whose sign is the step.' },
  lrPower: { name: 'lrPower', label: 'lr power p', kind: 'number', max: 0, description: 'Keras Ftrl learning_rate_power: per-coordinate rate η/n^{−p}; p ≤ 0 (−½ is AdaGrad-like).' },
  l1: { name: 'l1', label: 'L1 strength', kind: 'number', min: 0, description: 'Keras Ftrl l1_regularization_strength: |z| ≤ λ₁ sets x to 0.' },
  l2: { name: 'l2', label: 'L2 strength', kind: 'number', min: 0, description: 'Keras Ftrl l2_regularization_strength.' },
  l2Shrinkage: { name: 'l2Shrinkage', label: 'L2 shrinkage', kind: 'number', min: 0, description: 'Keras Ftrl l2_shrinkage_regularization_strength: adds 2λx to the gradient of the linear term only.' },
  beta2Decay: { name: 'beta2Decay', label: 'β₂ decay τ', kind: 'number', max: 0, description: 'Adafactor (PyTorch, Keras): β₂,t = 1 − t^τ; τ ≤ 0.' },
  decayRate: { name: 'decayRate', label: 'decay rate', kind: 'number', min: 0, description: 'optax adafactor decay_rate: β₂,t = 1 − t^{−decay_rate}.' },
  epsilon1: { name: 'epsilon1', label: 'ε₁', kind: 'number', min: 0, log: true, description: 'Adafactor: regularizes the squared gradient (where it sits depends on the convention).' },
  epsilon2: { name: 'epsilon2', label: 'ε₂', kind: 'number', min: 0, log: true, description: 'Adafactor: the smallest parameter scale, α_t = max(ε₂, RMS(x))·ρ_t.' },
  clipThreshold: { name: 'clipThreshold', label: 'clip threshold d', kind: 'number', min: 0, minExclusive: true, description: 'Adafactor: the update is divided by max(1, RMS(u)/d).' },
  multiplyByParameterScale: { name: 'multiplyByParameterScale', label: 'parameter scale', kind: 'boolean', description: 'optax adafactor: multiply the step by max(RMS(x), 1e-3).' },
  useClipping: { name: 'useClipping', label: 'clipping', kind: 'boolean', description: 'ADOPT: clip the normalized gradient to ±t^{1/4}.' },
  estimLr0: { name: 'estimLr0', label: 'd₀', kind: 'number', min: 0, minExclusive: true, log: true, description: 'Prodigy estim_lr0: the starting estimate of the distance to the solution.' },
  estimLrCoef: { name: 'estimLrCoef', label: 'd coefficient', kind: 'number', min: 0, minExclusive: true, description: 'Prodigy estim_lr_coef: multiplies each new distance estimate.' },
  safeguardWarmup: { name: 'safeguardWarmup', label: 'safeguard warm-up', kind: 'boolean', description: 'Prodigy safeguard_warmup: the gradient sum uses d instead of d·η_t.' },
  warmupSteps: { name: 'warmupSteps', label: 'warm-up steps', kind: 'number', min: 0, description: 'Schedule-Free: η rises linearly to its value over this many steps (a whole number).' },
  weightLrPower: { name: 'weightLrPower', label: 'weight lr power', kind: 'number', min: 0, description: 'optax schedule_free weight_lr_power: the average weights step t by η_max^p.' },
  decoupledWeightDecay: { name: 'decoupledWeightDecay', label: 'decoupled decay', kind: 'boolean', description: 'PyTorch decoupled_weight_decay: x ← x(1 − ηλ) (AdamW style) instead of g ← g + λx.' },
  threshold: { name: 'threshold', label: 'threshold ρ', kind: 'number', description: 'optax radam: rectify (use the adaptive step) when ρ_t ≥ threshold, else plain momentum.' },
  etaMinus: { name: 'etaMinus', label: 'η−', kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, description: 'Rprop: step-size factor after a sign change (etas[0]); 0 < η− < 1.' },
  etaPlus: { name: 'etaPlus', label: 'η+', kind: 'number', min: 1, minExclusive: true, description: 'Rprop: step-size factor while the sign holds (etas[1]); η+ > 1.' },
  stepSizeMin: { name: 'stepSizeMin', label: 'min step', kind: 'number', min: 0, log: true, description: 'Rprop: smallest step size (step_sizes[0]).' },
  stepSizeMax: { name: 'stepSizeMax', label: 'max step', kind: 'number', min: 0, log: true, description: 'Rprop: largest step size (step_sizes[1]).' },
  lambd: { name: 'lambd', label: 'decay κ', kind: 'number', min: 0, log: true, description: 'ASGD lambd: x ← x(1 − κη_t) each step and η_t = η/(1 + κη t)^α.' },
  alpha: { name: 'alpha', label: 'power α', kind: 'number', min: 0, description: 'ASGD: exponent of the step-size decay η_t = η/(1 + κη t)^α.' },
  t0: { name: 't0', label: 'averaging start t₀', kind: 'number', min: 0, description: 'ASGD: the average ax follows x until step t₀, then averages with weight 1/(t − t₀).' },
  maxIter: { name: 'maxIter', label: 'inner iterations', kind: 'number', min: 1, description: 'L-BFGS max_iter: iterations inside one step (a whole number >= 1).' },
  maxEval: { name: 'maxEval', label: 'evaluations per step', kind: 'number', min: 0, description: 'L-BFGS max_eval: function evaluations per step before it returns; 0 = PyTorch\'s default ⌊1.25·max_iter⌋.' },
  toleranceGrad: { name: 'toleranceGrad', label: 'gradient tolerance', kind: 'number', min: 0, log: true, description: 'L-BFGS tolerance_grad: stop when max|∇f| ≤ this.' },
  toleranceChange: { name: 'toleranceChange', label: 'change tolerance', kind: 'number', min: 0, log: true, description: 'L-BFGS tolerance_change: stop when a step or the change of f is below this.' },
  historySize: { name: 'historySize', label: 'history size', kind: 'number', min: 1, description: 'L-BFGS history_size: curvature pairs kept (a whole number >= 1).' },
  scaleInitPrecond: { name: 'scaleInitPrecond', label: 'scaled H₀', kind: 'boolean', description: 'optax L-BFGS scale_init_precond: start the inverse Hessian at γI, γ = sᵀy/yᵀy (min(1, 1/‖g‖) at the first step); off: I.' },
  lineSearch: { name: 'lineSearch', label: 'line search', kind: 'enum', options: ['none', 'strong_wolfe', 'zoom'], description: 'L-BFGS line search: PyTorch line_search_fn none (fixed step η) or strong_wolfe (cubic-interpolation search); optax linesearch None or zoom (scale_by_zoom_linesearch, its default).' },
  maxLinesearchSteps: { name: 'maxLinesearchSteps', label: 'line-search steps', kind: 'number', min: 1, description: 'optax L-BFGS zoom line search max_linesearch_steps: evaluations per update at most (a whole number >= 1; optax.lbfgs uses 20).' },
} as const satisfies Record<HyperparameterName, ParamSpec>;

/** β₁ for update t under the tutorial's `beta1Decay` variant. */
export function beta1At(beta1: number, decay: string, t: number): number {
  if (decay === 'power') return Math.pow(beta1, t);
  if (decay === 'inverse') return beta1 / t;
  return beta1;
}

/**
 * `Math.pow(base, t·scale)` for t = 0, 1, 2, … — the bias-correction powers β₁ᵗ, β₂ᵗ and NAdam's
 * 0.96^{tψ}. They are pure functions of (β, t), but Math.pow costs 60–110 ns in V8, more than the
 * rest of an Adam step on a 2-D problem; the values are memoised per (base, scale) and shared by
 * every run (a panel runs many optimizers with the same β, and re-runs them on every change). The
 * table holds exactly the values Math.pow returns, so results do not depend on the cache.
 */
export class PowerSeries {
  private static readonly cache = new Map<string, PowerSeries>();
  private static readonly MAX_SERIES = 16; // at most 32 MiB of tables
  /** Beyond this many entries (2 MiB) the series computes instead of growing. */
  private static readonly MAX_LENGTH = 1 << 18;
  private table = new Float64Array(0);
  /**
   * From this t on Math.pow(base, t·scale) is 0: the true value is below 1e-330, far under half the
   * smallest subnormal (≈ 2.5e-324), and Math.pow gives 0 there (checked here). Long runs skip the
   * call (Infinity when 0 < base < 1 and scale > 0 do not both hold).
   */
  private readonly zeroFrom: number;
  private constructor(readonly base: number, readonly scale: number) {
    let zeroFrom = Infinity;
    if (base > 0 && base < 1 && scale > 0) {
      const t = Math.ceil(-760 / (scale * Math.log(base)));
      if (Number.isFinite(t) && Math.pow(base, t * scale) === 0) zeroFrom = t;
    }
    this.zeroFrom = zeroFrom;
  }

  static of(base: number, scale = 1): PowerSeries {
    const key = `${base}|${scale}`;
    let s = PowerSeries.cache.get(key);
    if (!s) {
      if (PowerSeries.cache.size >= PowerSeries.MAX_SERIES) PowerSeries.cache.clear();
      s = new PowerSeries(base, scale);
      PowerSeries.cache.set(key, s);
    }
    return s;
  }

  /** Forgets every memoised table (benchmarks use it to time a cold start). */
  static clearCache(): void {
    PowerSeries.cache.clear();
  }

  /**
   * Math.pow(base, t·scale); t is a whole number >= 0. Only the table lookup is here: V8 inlines
   * this into a rule's step (and the step into the run loop) only while the whole stays small.
   */
  at(t: number): number {
    return t < this.table.length ? this.table[t] : this.beyondTable(t);
  }

  /** `at` past the table: grows it, or computes once it has MAX_LENGTH entries. */
  private beyondTable(t: number): number {
    if (t >= PowerSeries.MAX_LENGTH) return t >= this.zeroFrom ? 0 : Math.pow(this.base, t * this.scale);
    const old = this.table;
    const next = new Float64Array(Math.min(PowerSeries.MAX_LENGTH, Math.max(1024, 2 * old.length, t + 1)));
    next.set(old);
    for (let k = old.length; k < next.length; k++) next[k] = Math.pow(this.base, k * this.scale);
    this.table = next;
    return next[t];
  }
}
