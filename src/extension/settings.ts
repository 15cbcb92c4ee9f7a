/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place.
 * Invalid values fall back to defaults and are reported once in the output channel.
 */
import * as vscode from 'vscode';
import { DEFAULT_HOVER_LANGUAGES } from './ids';
import { CONVENTIONS, Convention, OPTIMIZER_IDS, OptimizerId } from '../core/optim/types';

export interface Settings {
  optimizers: OptimizerId[];
  convention: Convention;
  steps: number;
  hyperparameters: Partial<Record<OptimizerId, Record<string, number | boolean | string>>>;
  /** For test functions: learning rates scaled to the landscape where the person set none. */
  tunedLearningRates: boolean;
  hoverEnabled: boolean;
  hoverLanguages: string[];
  animationSpeed: number;
}

export const DEFAULT_OPTIMIZERS: OptimizerId[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'amsgrad'];

export function readSettings(report?: (message: string) => void): Settings {
  const c = vscode.workspace.getConfiguration('optimizerLab');
  const warn = (m: string): void => report?.(`settings: ${m}`);
  const rawOptimizers = c.get<unknown>('optimizers');
  let optimizers = DEFAULT_OPTIMIZERS;
  if (Array.isArray(rawOptimizers)) {
    const known = rawOptimizers.filter((o): o is OptimizerId => OPTIMIZER_IDS.includes(o as OptimizerId));
    if (known.length !== rawOptimizers.length) warn(`unknown optimizer ids in optimizerLab.optimizers were ignored`);
    if (known.length) optimizers = known;
  }
  const rawConvention = c.get<string>('convention', 'pytorch');
  const convention = CONVENTIONS.includes(rawConvention as Convention) ? (rawConvention as Convention) : 'pytorch';
  if (convention !== rawConvention) warn(`optimizerLab.convention '${rawConvention}' is not one of ${CONVENTIONS.join(', ')}`);
  const rawSteps = c.get<number>('steps', 500);
  const steps = Number.isInteger(rawSteps) && rawSteps >= 1 && rawSteps <= 1_000_000 ? rawSteps : 500;
  const rawHp = c.get<unknown>('hyperparameters', {});
  const hyperparameters: Settings['hyperparameters'] = {};
  if (rawHp && typeof rawHp === 'object' && !Array.isArray(rawHp)) {
    for (const [id, values] of Object.entries(rawHp as Record<string, unknown>)) {
      if (!OPTIMIZER_IDS.includes(id as OptimizerId) || !values || typeof values !== 'object') {
        warn(`optimizerLab.hyperparameters.${id} was ignored (unknown optimizer or not an object)`);
        continue;
      }
      hyperparameters[id as OptimizerId] = values as Record<string, number | boolean | string>;
    }
  }
  const speed = c.get<number>('animationSpeed', 1);
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
