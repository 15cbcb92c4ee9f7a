/**
 * All update rules by id, and the one place user-supplied hyperparameters are validated
 * (torch.optim style: up front, with a message naming the parameter and the bad value).
 */
import { describeValue } from '../describe';
import { Result, fail, ok } from '../result';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { adamw } from './adamw';
import { amsgrad } from './amsgrad';
import { lion } from './lion';
import { momentum } from './momentum';
import { nadam } from './nadam';
import { nesterov } from './nesterov';
import { radam } from './radam';
import { rprop } from './rprop';
import { asgd } from './asgd';
import { lbfgs } from './lbfgs';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import { yogi } from './yogi';
import { adabelief } from './adabelief';
import { lamb } from './lamb';
import { signsgd, signum } from './signum';
import { adan } from './adan';
import { ftrl } from './ftrl';
import { adafactor } from './adafactor';
import { adopt } from './adopt';
import { ademamix } from './ademamix';
import { prodigy } from './prodigy';
import { scheduleFreeAdamW, scheduleFreeSgd } from './schedulefree';
import { coerceHyperparameter } from './hyperparameter';
import { CONVENTIONS, Convention, HyperparameterName, Hyperparameters, isConvention, isOptimizerId, OPTIMIZER_IDS, OptimizerId, ParamSpec, UpdateRule } from './types';

/** The rules as their files declare them: `formula` holds only the general forms written by hand. */
export const DECLARED_RULES: Readonly<Record<OptimizerId, UpdateRule>> = Object.freeze({
  sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, amsgrad, adamax, nadam, adamw, lion,
  yogi, adabelief, lamb, signsgd, signum, adan, ftrl, adafactor, adopt, ademamix, prodigy,
  'schedulefree-adamw': scheduleFreeAdamW, 'schedulefree-sgd': scheduleFreeSgd,
  radam, rprop, asgd, lbfgs,
});

/**
 * Switches that choose another form instead of adding a term (Nesterov's look-ahead, decoupled
 * instead of L2 decay, Prodigy's warm-up safeguard): the general form keeps their default.
 */
const ALTERNATIVE_FORMS: readonly string[] = ['nesterov', 'decoupledWeightDecay', 'safeguardWarmup'];

/**
 * The hyperparameters that switch every optional term of the rule's general form on: the
 * convention's defaults with every boolean true and every number whose default is 0 set to 0.1
 * (λ, dampening, centering's momentum, ε_root, the Ftrl strengths, …), except the switches in
 * `ALTERNATIVE_FORMS`; enums keep their default. Undefined when the framework lacks the rule.
 */
export function generalSwitches(rule: UpdateRule, convention: Convention): Hyperparameters | undefined {
  const defaults = rule.defaults[convention];
  if (!defaults) return undefined;
  const on: Hyperparameters = { ...defaults };
  for (const [name, value] of Object.entries(defaults) as [HyperparameterName, Hyperparameters[HyperparameterName]][]) {
    if (ALTERNATIVE_FORMS.includes(name)) continue;
    if (typeof value === 'boolean') on[name] = true;
    else if (value === 0) on[name] = 0.1;
  }
  return on;
}

/** The rule with `formula[c]` filled by `formulaFor(c, generalSwitches)` wherever its file omits it. */
function withGeneralFormula(rule: UpdateRule): UpdateRule {
  const build = rule.formulaFor;
  if (!build) return rule;
  const formula = { ...rule.formula };
  for (const c of CONVENTIONS) {
    const on = generalSwitches(rule, c);
    if (on && formula[c] === undefined) formula[c] = build(c, on);
  }
  return { ...rule, formula };
}

/** Every rule by id, with every convention's general formula (declared or derived). */
export const RULES: Readonly<Record<OptimizerId, UpdateRule>> = Object.freeze(
  Object.fromEntries(OPTIMIZER_IDS.map(id => [id, withGeneralFormula(DECLARED_RULES[id])])) as Record<OptimizerId, UpdateRule>,
);

export { coerceHyperparameter, isConvention, isOptimizerId };

export function getRule(id: string): UpdateRule | undefined {
  return isOptimizerId(id) ? RULES[id] : undefined;
}

/** The parameters a convention accepts for a rule (those it has defaults for), in schema order. */
export function paramsFor(rule: UpdateRule, convention: Convention): ParamSpec[] {
  const defaults = rule.defaults[convention];
  return defaults ? rule.params.filter(p => p.name in defaults) : [];
}

/** Which conventions offer this hyperparameter for this rule. */
function conventionsWith(rule: UpdateRule, name: string): Convention[] {
  return CONVENTIONS.filter(c => {
    const d = rule.defaults[c];
    return d !== undefined && name in d;
  });
}

/** A name the caller passed (an optimizer id, a hyperparameter name): quoted and cut short when it is a text, described otherwise. */
const nameText = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : describeValue(v));

/**
 * The convention's defaults with `overrides` applied, every value checked: unknown name, wrong
 * type, out of range, a name this convention lacks, or an optimizer the framework lacks.
 */
export function resolveHyperparameters(
  id: OptimizerId,
  convention: Convention,
  overrides: Record<string, unknown> = {},
): Result<Hyperparameters> {
  const rule = getRule(id);
  if (!rule) return fail(`Unknown optimizer ${nameText(id)} (known: ${OPTIMIZER_IDS.join(', ')})`);
  if (!isConvention(convention)) return fail(`Unknown convention ${nameText(convention)} (known: ${CONVENTIONS.join(', ')})`);
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return fail(`the hyperparameters of ${id} must be an object like { "lr": 0.01 }, got ${describeValue(overrides)}`);
  }
  const defaults = rule.defaults[convention];
  if (!defaults) return fail(rule.unavailable?.[convention] ?? `${rule.label} is not available in the ${convention} convention`);
  const resolved: Hyperparameters = { ...defaults };
  for (const [name, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    const spec = rule.params.find(p => p.name === name);
    if (!spec) {
      return fail(`Unknown hyperparameter ${nameText(name)} for ${id} (accepted: ${paramsFor(rule, convention).map(p => p.name).join(', ')})`);
    }
    if (!(name in defaults)) {
      const others = conventionsWith(rule, name);
      return fail(`${name} is not a hyperparameter of ${id} in the ${convention} convention (only ${others.join(', ')})`);
    }
    const value = coerceHyperparameter(spec, raw);
    if (!value.ok) return value;
    resolved[spec.name] = value.value;
  }
  const crossCheck = rule.validate?.(resolved, convention);
  if (crossCheck) return fail(crossCheck);
  return ok(resolved);
}

/**
 * The rule's update as TeX for one run AS CONFIGURED: only the terms `hp` switches on (no weight
 * decay when λ = 0, no momentum buffer when μ = 0, ḡ only when centered, …), in the convention's own
 * form. `hp` is merged over the convention's defaults, so resolved or partial hyperparameters both
 * work. Undefined when the framework lacks the optimizer. The general form (every optional term) is
 * `RULES[id].formula[convention]`.
 */
export function formulaFor(rule: UpdateRule, convention: Convention, hp: Hyperparameters): string | undefined {
  const defaults = rule.defaults[convention];
  const general = rule.formula[convention];
  if (!defaults || general === undefined) return undefined;
  return rule.formulaFor ? rule.formulaFor(convention, { ...defaults, ...hp }) : general;
}
