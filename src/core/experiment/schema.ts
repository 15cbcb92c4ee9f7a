/**
 * The JSON schema of experiment files, built from the same tables the checks use: the optimizer
 * registry (ids, parameter names, kinds, ranges, descriptions), the schedules' field specs, the
 * conventions, the rescalings and LIMITS. schemas/optlab.schema.json is this function's output; a
 * unit test fails when they differ, so the schema editors show can never drift from the registry.
 * The schema helps while editing (completion, hover text, squiggles); `parseExperiment` and
 * `experimentToRunConfig` remain the checks that decide.
 */
import { LIMITS } from '../limits';
import { PRESETS } from '../presets';
import { RULES } from '../optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS, ParamSpec } from '../optim/types';
import { SCALE_METHODS } from '../data/scaleMethods';
import { SCHEDULE_KINDS, SCHEDULE_SPECS } from '../schedule';
import { EXPERIMENT_VERSION } from './format';

type Schema = Record<string, unknown>;

function paramSchema(p: ParamSpec, conventions: string[]): Schema {
  const description = `${p.label}: ${p.description} (${conventions.join(', ')})`;
  if (p.kind === 'boolean') return { type: 'boolean', description };
  if (p.kind === 'enum') return { enum: [...(p.options ?? [])], description };
  return {
    type: 'number',
    ...(p.min !== undefined ? { [p.minExclusive ? 'exclusiveMinimum' : 'minimum']: p.min } : {}),
    ...(p.max !== undefined ? { [p.maxExclusive ? 'exclusiveMaximum' : 'maximum']: p.max } : {}),
    description,
  };
}

const range = (description: string): Schema => ({ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description });
const numbers = (description: string, minItems = 0): Schema => ({ type: 'array', items: { type: 'number' }, minItems, maxItems: LIMITS.maxVariables, description });

export function experimentSchema(): Schema {
  const optimizerCases = OPTIMIZER_IDS.map(id => {
    const rule = RULES[id];
    const properties: Schema = {};
    for (const p of rule.params) {
      const conventions = CONVENTIONS.filter(c => rule.defaults[c] && p.name in rule.defaults[c]!);
      if (conventions.length) properties[p.name] = paramSchema(p, conventions);
    }
    return {
      if: { properties: { id: { const: id } }, required: ['id'] },
      then: { properties: { hyperparameters: { type: 'object', properties, additionalProperties: false } } },
    };
  });
  const scheduleCases = SCHEDULE_KINDS.map(kind => {
    const properties: Schema = { kind: { const: kind } };
    for (const f of SCHEDULE_SPECS[kind].fields) {
      properties[f.name] = {
        type: f.integer ? 'integer' : 'number',
        [f.minExclusive ? 'exclusiveMinimum' : 'minimum']: f.min,
        ...(f.max !== undefined ? { maximum: f.max } : {}),
        description: f.label,
      };
    }
    const required = ['kind', ...SCHEDULE_SPECS[kind].fields.filter(f => !f.optional).map(f => f.name)];
    return { type: 'object', description: SCHEDULE_SPECS[kind].label, properties, required, additionalProperties: false };
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Optimizer Lab experiment',
    description: 'Everything a run depends on: open it in VS Code (▶ Optimize) or run it with `optimizer-lab run FILE.optlab.json`.',
    type: 'object',
    required: ['version', 'optimizers'],
    additionalProperties: false,
    oneOf: [{ required: ['expression'] }, { required: ['preset'] }],
    properties: {
      $schema: { type: 'string' },
      version: { const: EXPERIMENT_VERSION, description: `Format version (this build writes ${EXPERIMENT_VERSION}).` },
      description: { type: 'string', description: 'Free text: what this experiment shows.' },
      expression: { type: 'string', maxLength: LIMITS.maxExpressionLength, description: 'The objective in mathjs syntax; with a dataset, the per-sample loss over the CSV columns.' },
      preset: { enum: PRESETS.map(p => p.id), description: 'A test function by id (instead of expression).' },
      start: numbers('Start point: one number per variable (default: the preset\'s start, or zeros for a dataset).', 1),
      convention: { enum: [...CONVENTIONS], default: 'pytorch', description: 'Whose exact update rules and default hyperparameters to use.' },
      optimizers: {
        type: 'array',
        minItems: 1,
        maxItems: OPTIMIZER_IDS.length,
        description: 'The optimizers to run, each with its overrides of the convention\'s defaults.',
        items: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: {
            id: { enum: [...OPTIMIZER_IDS], description: 'Optimizer id.' },
            hyperparameters: { type: 'object', description: 'Overrides of the convention\'s defaults.' },
          },
          allOf: optimizerCases,
        },
      },
      schedule: { oneOf: scheduleCases, description: 'Learning-rate schedule (default constant).' },
      steps: { type: 'integer', minimum: 1, maximum: LIMITS.maxSteps, description: 'Updates per optimizer (not with a dataset: epochs decide).' },
      tolerance: {
        type: 'object',
        additionalProperties: false,
        description: 'Stop a run as converged early.',
        properties: {
          gradNorm: { type: 'number', minimum: 0, description: 'Stop when the gradient\'s Euclidean norm is at most this.' },
          lossChange: { type: 'number', minimum: 0, description: 'Stop when the loss changes by at most this in one update.' },
        },
      },
      noise: {
        type: 'object',
        additionalProperties: false,
        required: ['sigma', 'seeds'],
        description: 'Gaussian noise on the gradient (plain expressions), one run per seed.',
        properties: {
          sigma: { type: 'number', minimum: 0, description: 'Standard deviation of the noise.' },
          seeds: { type: 'integer', minimum: 1, maximum: LIMITS.maxSeeds, description: 'Number of seeds (runs) per optimizer.' },
        },
      },
      dataset: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'parameters', 'batchSize', 'epochs', 'shuffle', 'rescale', 'seed'],
        description: 'Fit the expression (a per-sample loss) on a CSV file.',
        properties: {
          path: { type: 'string', maxLength: LIMITS.maxPathLength, description: 'The CSV file, relative to this experiment file.' },
          parameters: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: LIMITS.maxVariables, description: 'The parameters to fit (the other symbols are columns).' },
          batchSize: { oneOf: [{ const: 'full' }, { type: 'integer', minimum: 1 }], description: '\'full\' (gradient descent) or the number of rows per update.' },
          epochs: { type: 'integer', minimum: 1, maximum: LIMITS.maxSteps, description: 'Passes over the data.' },
          shuffle: { type: 'boolean', description: 'Shuffle the rows every epoch.' },
          rescale: { enum: [...SCALE_METHODS], description: 'Rescale the input columns before fitting.' },
          seed: { type: 'integer', description: 'Seed of the shuffling.' },
        },
      },
      view: {
        type: 'object',
        additionalProperties: false,
        description: 'What the map shows.',
        properties: {
          mapVariables: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2, description: 'With more than two variables: the indices of the two on the map.' },
          sliceMode: { enum: ['follow', 'fixed'], description: 'Hold the other variables at each path\'s current values (follow) or at fixedValues.' },
          fixedValues: numbers('Values of the variables not on the map (sliceMode fixed).'),
          bounds: {
            type: 'object',
            additionalProperties: false,
            required: ['x', 'y'],
            description: 'The visible region of the map.',
            properties: { x: range('Horizontal range [lo, hi].'), y: range('Vertical range [lo, hi].') },
          },
        },
      },
    },
  };
}

/** The schema file's text (two-space indentation, final newline). */
export function experimentSchemaText(): string {
  return `${JSON.stringify(experimentSchema(), null, 2)}\n`;
}
