/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place.
 * Invalid values fall back to defaults and are reported once in the output channel.
 */
import * as vscode from 'vscode';
import { DEFAULT_HOVER_LANGUAGES } from './ids';
import { describeValue } from '../core/describe';
import { readRunConfigFields } from '../core/protocol';
import { Convention, isOptimizerId, OPTIMIZER_IDS, OptimizerId } from '../core/optim/types';

export interface Settings {
  optimizers: OptimizerId[];
  convention: Convention;
  steps: number;
  hyperparameters: Partial<Record<OptimizerId, Record<string, number | boolean | string>>>;
  /** New panels tune every learning rate the person did not set (a quick sweep on the objective); off: the frameworks' defaults. */
  tunedLearningRates: boolean;
  hoverEnabled: boolean;
  hoverLanguages: string[];
  animationSpeed: number;
}

/** The learning-rate switch a new panel starts with: tuned (quick sweep), unless the setting asks for the frameworks' defaults. */
export function learningRateMode(s: Pick<Settings, 'tunedLearningRates'>): { tuning: 'tuned' | 'defaults' } {
  return { tuning: s.tunedLearningRates ? 'tuned' : 'defaults' };
}

export const DEFAULT_OPTIMIZERS: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'];

export function readSettings(report?: (message: string) => void): Settings {
  const c = vscode.workspace.getConfiguration('optimizerLab');
  const warn = (m: string): void => report?.(`settings: ${m}`);
  const rawOptimizers = c.get<unknown>('optimizers');
  let optimizers = DEFAULT_OPTIMIZERS;
  if (Array.isArray(rawOptimizers)) {
    const known = rawOptimizers.filter((o): o is OptimizerId => typeof o === 'string' && isOptimizerId(o));
    const unknown = rawOptimizers.filter(o => !(typeof o === 'string' && isOptimizerId(o)));
    if (unknown.length) warn(`optimizerLab.optimizers must list optimizer ids (${OPTIMIZER_IDS.join(', ')}); ignored ${describeValue(unknown)}`);
    if (known.length) optimizers = known;
  } else if (rawOptimizers !== undefined) warn(`optimizerLab.optimizers must be a list of optimizer ids, got ${describeValue(rawOptimizers)}`);
  // convention and steps: core's run-configuration field readers (the same checks as the panel and the command argument)
  const read = readRunConfigFields({ convention: c.get<unknown>('convention', 'pytorch') }, ['convention'], 'optimizerLab');
  if (!read.ok) warn(`${read.error}; using pytorch`);
  const convention = (read.ok && read.value.convention) || 'pytorch';
  const readSteps = readRunConfigFields({ steps: c.get<unknown>('steps', 500) }, ['steps'], 'optimizerLab');
  if (!readSteps.ok) warn(`${readSteps.error}; using 500`);
  const steps = (readSteps.ok && readSteps.value.steps) || 500;
  const rawHp = c.get<unknown>('hyperparameters', {});
  const hyperparameters: Settings['hyperparameters'] = {};
  if (rawHp && typeof rawHp === 'object' && !Array.isArray(rawHp)) {
    for (const [id, values] of Object.entries(rawHp as Record<string, unknown>)) {
      // each optimizer's entry through core's reader: known ids, known hyperparameter names, plain values
      const entry = readRunConfigFields({ hyperparameters: { [id]: values } }, ['hyperparameters'], 'optimizerLab');
      if (!entry.ok) {
        warn(`${entry.error}; optimizerLab.hyperparameters.${id} was ignored`);
        continue;
      }
      Object.assign(hyperparameters, entry.value.hyperparameters);
    }
  } else warn(`optimizerLab.hyperparameters must be an object like { "adam": { "lr": 0.01 } }, got ${describeValue(rawHp)}`);
  const speed = c.get<number>('animationSpeed', 1);
  if (!(Number.isFinite(speed) && speed > 0)) warn(`optimizerLab.animationSpeed must be a number > 0, got ${describeValue(speed)}; using 1`);
  return {
    optimizers,
    convention,
    steps,
    hyperparameters,
    tunedLearningRates: c.get<boolean>('tunedLearningRates', true),
    ...hoverSettings(),
    animationSpeed: Number.isFinite(speed) && speed > 0 ? speed : 1,
  };
}

/** Only the hover's settings (read on every hover, without the validation messages). */
export function hoverSettings(): Pick<Settings, 'hoverEnabled' | 'hoverLanguages'> {
  const c = vscode.workspace.getConfiguration('optimizerLab');
  return { hoverEnabled: c.get<boolean>('hover.enabled', true), hoverLanguages: c.get<string[]>('hover.languages', DEFAULT_HOVER_LANGUAGES) };
}
