import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  EXPERIMENT_VERSION, experimentFromRunConfig, experimentToRunConfig, parseExperiment, readExperiment, serializeExperiment,
} from '../../../src/core/experiment/format';
import { lineFor, readJsonWithLines } from '../../../src/core/experiment/json';
import { experimentSchema, experimentSchemaText } from '../../../src/core/experiment/schema';
import { RunConfig } from '../../../src/core/protocol';
import { RULES } from '../../../src/core/optim/registry';
import { CONVENTIONS, OPTIMIZER_IDS } from '../../../src/core/optim/types';
import { SCHEDULE_KINDS } from '../../../src/core/schedule';

/** A complete file; the line numbers in the tests below are counted in this text. */
const FULL = `{
  "version": 1,
  "expression": "x^2 + 3*y^2",
  "start": [1, -2],
  "convention": "pytorch",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.1 } },
    { "id": "adam", "hyperparameters": { "lr": 0.05, "beta1": 0.8 } }
  ],
  "schedule": { "kind": "step", "stepSize": 10, "gamma": 0.5 },
  "steps": 40,
  "tolerance": { "gradNorm": 1e-9 },
  "noise": { "sigma": 0.1, "seeds": 3 },
  "view": { "bounds": { "x": [-2, 2], "y": [-3, 3] } }
}
`;

/** FULL with one line replaced (1-based), to put a bad value at a known line. */
function withLine(n: number, text: string): string {
  const lines = FULL.split('\n');
  lines[n - 1] = text;
  return lines.join('\n');
}

function errorOf(text: string): { message: string; line?: number } {
  const r = readExperiment(text);
  assert.ok(!r.ok, 'expected an error');
  return r.error;
}

describe('experiment files: the JSON reader keeps each field\'s line', () => {
  it('maps paths to the line of the key or list item', () => {
    const r = readJsonWithLines(FULL);
    assert.ok(r.ok);
    const { lines } = r.value;
    assert.strictEqual(lines.get('version'), 2);
    assert.strictEqual(lines.get('optimizers[1]'), 8);
    assert.strictEqual(lines.get('optimizers[1].hyperparameters.beta1'), 8);
    assert.strictEqual(lines.get('view.bounds.y'), 14);
    assert.strictEqual(lineFor(lines, 'optimizers[1].hyperparameters.nonexistent'), 8);
  });

  it('reads numbers exactly as JSON.parse does', () => {
    const text = '{"a": [0.1, 1e-300, -0, 123456789.123456789, 5e-324]}';
    const r = readJsonWithLines(text);
    assert.ok(r.ok);
    assert.deepStrictEqual(r.value.value, JSON.parse(text));
  });

  it('reports syntax errors with line and column', () => {
    const r = readJsonWithLines('{\n  "a": 1,\n  "b": 2,\n}');
    assert.ok(!r.ok);
    assert.strictEqual(r.error.line, 4);
    assert.strictEqual(r.error.column, 1);
    assert.match(r.error.message, /^line 4: expected a field name/);
    const dup = readJsonWithLines('{\n"a": 1,\n"a": 2}');
    assert.ok(!dup.ok);
    assert.match(dup.error.message, /line 3: the field "a" appears twice/);
    const trailing = readJsonWithLines('{} x');
    assert.ok(!trailing.ok);
    assert.match(trailing.error.message, /after the end/);
  });
});

describe('experiment files: every field read into the panel\'s RunConfig', () => {
  it('reads every field of a complete file', () => {
    const r = readExperiment(FULL);
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    const expected: RunConfig = {
      expression: 'x^2 + 3*y^2',
      start: [1, -2],
      optimizers: ['sgd', 'adam'],
      convention: 'pytorch',
      steps: 40,
      hyperparameters: { sgd: { lr: 0.1 }, adam: { lr: 0.05, beta1: 0.8 } },
      schedule: { kind: 'step', stepSize: 10, gamma: 0.5 },
      noise: { sigma: 0.1, seeds: 3 },
      tolerance: { gradNorm: 1e-9 },
    };
    assert.deepStrictEqual(r.value.config, expected);
    assert.deepStrictEqual(r.value.bounds, { x: [-2, 2], y: [-3, 3] });
  });

  it('a preset gives its expression and start; convention and schedule have defaults', () => {
    const r = readExperiment('{ "version": 1, "preset": "rosenbrock", "optimizers": [{ "id": "adam" }], "steps": 5 }');
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    assert.strictEqual(r.value.config.expression, '(1 - x)^2 + 100*(y - x^2)^2');
    assert.deepStrictEqual(r.value.config.start, [-1.5, 2]);
    assert.strictEqual(r.value.config.convention, 'pytorch');
    assert.deepStrictEqual(r.value.config.schedule, { kind: 'constant' });
  });

  it('a dataset: the path goes through the resolver, start defaults to zeros, steps are not given', () => {
    const text = `{
  "version": 1,
  "expression": "(w*x + b - y)^2",
  "convention": "keras",
  "optimizers": [{ "id": "sgd" }],
  "dataset": { "path": "data/line.csv", "parameters": ["w", "b"], "batchSize": 4, "epochs": 3, "shuffle": false, "rescale": "standard", "seed": 7 }
}`;
    const r = readExperiment(text, p => `/base/${p}`);
    assert.ok(r.ok, !r.ok ? r.error.message : '');
    assert.deepStrictEqual(r.value.config.data, { file: '/base/data/line.csv', parameters: ['w', 'b'], batchSize: 4, epochs: 3, shuffle: false, rescale: 'standard', seed: 7 });
    assert.deepStrictEqual(r.value.config.start, [0, 0]);
    const withSteps = errorOf(text.replace('"convention"', '"steps": 5, "convention"'));
    assert.match(withSteps.message, /^line 4: steps: does not apply with a dataset/);
  });
});

describe('experiment files: bad values name the field and the line', () => {
  const cases: [string, string, number | undefined, RegExp][] = [
    ['future version', withLine(2, '  "version": 7,'), 2, /version: this file was written by a newer Optimizer Lab \(format version 7\).*update the extension/],
    ['version 0', withLine(2, '  "version": 0,'), 2, /version: must be a whole number ≥ 1, got 0/],
    ['missing version', FULL.replace('  "version": 1,\n', ''), 1, /"version" is missing/],
    ['unknown optimizer', withLine(7, '    { "id": "adamz" },'), 7, /optimizers\[0\]\.id: unknown optimizer "adamz" \(did you mean "adam" or "adamw"\?\); known: sgd, momentum, /],
    ['unknown optimizer, nothing close', withLine(7, '    { "id": "newton" },'), 7, /optimizers\[0\]\.id: unknown optimizer "newton"; known: sgd, /],
    ['bad hyperparameter value', withLine(8, '    { "id": "adam", "hyperparameters": { "lr": -0.05 } }'), 8, /optimizers\[1\]\.hyperparameters\.lr: adam: lr must be > 0, got -0\.05/],
    ['unknown hyperparameter', withLine(8, '    { "id": "adam", "hyperparameters": { "momentum": 0.9 } }'), 8, /optimizers\[1\]\.hyperparameters\.momentum: adam: Unknown hyperparameter "momentum" for adam/],
    ['unknown field', withLine(5, '  "conventoin": "pytorch",'), 5, /unknown field "conventoin"/],
    ['bad convention', withLine(5, '  "convention": "jax",'), 5, /convention: must be one of pytorch, keras, optax.*, got the text "jax"/],
    ['bad steps', withLine(11, '  "steps": 0,'), 11, /steps: must be an integer from 1 to 10000000, got 0/],
    ['bad schedule', withLine(10, '  "schedule": { "kind": "step", "stepSize": 10, "gamma": 0 },'), 10, /schedule: step schedule: gamma must be > 0, got 0/],
    ['bad tolerance', withLine(12, '  "tolerance": { "gradNorm": -1 },'), 12, /tolerance\.gradNorm: must be a finite number ≥ 0, got -1/],
    ['bad noise', withLine(13, '  "noise": { "sigma": 0.1, "seeds": 0 },'), 13, /noise\.seeds: must be an integer from 1 to 64, got 0/],
    ['bad bounds', withLine(14, '  "view": { "bounds": { "x": [2, -2], "y": [-3, 3] } }'), 14, /view\.bounds\.x: must be an increasing range/],
    ['start of the wrong length', withLine(4, '  "start": [1, -2, 3],'), 4, /start: has 3 coordinates but the expression has 2 variables \(x, y\)/],
    ['bad expression', withLine(3, '  "expression": "x^2 + (y",'), 3, /expression: /],
    ['both expression and preset', withLine(3, '  "expression": "x^2 + 3*y^2", "preset": "bowl",'), 3, /exactly one of "expression"/],
    ['unknown preset', withLine(3, '  "preset": "rosenbruck",'), 3, /preset: unknown test function the text "rosenbruck" \(known: .*rosenbrock/],
    ['optimizer twice', withLine(8, '    { "id": "sgd" }'), 8, /optimizers\[1\]\.id: the text "sgd" is listed twice/],
    ['optimizer the convention lacks', withLine(8, '    { "id": "lion" }'), 8, /optimizers\[1\]\.id: lion: /],
    ['empty optimizers', FULL.replace(/"optimizers": \[[^\]]*\]/, '"optimizers": []'), 6, /optimizers: must be a list of at least one/],
    ['not an object', '[1, 2]', 1, /one JSON object/],
    ['syntax error', withLine(4, '  "start": [1, -2]'), 5, /^line 5: expected ',' or '}'/],
  ];
  for (const [what, text, line, pattern] of cases) {
    it(what, () => {
      const e = errorOf(text);
      assert.match(e.message, pattern);
      if (line !== undefined) {
        assert.strictEqual(e.line, line, e.message);
        assert.ok(e.message.startsWith(`line ${line}: `), e.message);
      }
    });
  }

  it('a missing dataset field names the field', () => {
    const e = errorOf('{\n"version": 1,\n"expression": "(w - y)^2",\n"optimizers": [{"id": "sgd"}],\n"dataset": { "path": "a.csv", "parameters": ["w"], "epochs": 1, "shuffle": true, "rescale": "none", "seed": 1 }\n}');
    assert.match(e.message, /^line 5: dataset\.batchSize: must be 'full' or an integer from 1/);
  });
});

describe('experiment files: writing is stable and round-trips byte for byte', () => {
  const panelConfig: RunConfig = {
    expression: 'x^2 + 3*y^2 + 0.5*x*y',
    start: [1.25, -0.3],
    optimizers: ['adam', 'sgd', 'rmsprop'],
    convention: 'optax',
    steps: 123,
    // Keys deliberately out of the rule's parameter order.
    hyperparameters: { adam: { epsilon: 1e-7, lr: 0.01, beta1: 0.85 }, rmsprop: { centered: true } },
    schedule: { kind: 'cosine', steps: 100, alpha: 0.1 },
    tolerance: { gradNorm: 1e-10, lossChange: 0 },
  };

  it('panel → file → panel → file is byte-identical', () => {
    const first = serializeExperiment(experimentFromRunConfig(panelConfig, { bounds: { x: [-1, 2], y: [-0.5, 0.5] } }));
    const back = readExperiment(first);
    assert.ok(back.ok, !back.ok ? back.error.message : '');
    assert.deepStrictEqual(back.value.config, panelConfig);
    const second = serializeExperiment(experimentFromRunConfig(back.value.config, { bounds: back.value.bounds }));
    assert.strictEqual(second, first);
  });

  it('writes keys in a fixed order and one optimizer per line', () => {
    const text = serializeExperiment(experimentFromRunConfig(panelConfig));
    assert.strictEqual(text, `{
  "version": 1,
  "expression": "x^2 + 3*y^2 + 0.5*x*y",
  "start": [1.25, -0.3],
  "convention": "optax",
  "optimizers": [
    { "id": "adam", "hyperparameters": { "lr": 0.01, "beta1": 0.85, "epsilon": 1e-7 } },
    { "id": "sgd" },
    { "id": "rmsprop", "hyperparameters": { "centered": true } }
  ],
  "schedule": { "kind": "cosine", "steps": 100, "alpha": 0.1 },
  "steps": 123,
  "tolerance": { "gradNorm": 1e-10, "lossChange": 0 }
}
`);
  });

  it('a preset is written by id; a dataset path relative, without steps', () => {
    const preset = serializeExperiment(experimentFromRunConfig({ ...panelConfig, expression: '(1 - x)^2 + 100*(y - x^2)^2', tolerance: undefined }));
    assert.match(preset, /"preset": "rosenbrock"/);
    assert.doesNotMatch(preset, /"expression"/);
    const data: RunConfig = {
      ...panelConfig, tolerance: undefined, expression: '(w*x - y)^2', start: [0], steps: 30,
      data: { file: '/abs/dir/d.csv', parameters: ['w'], batchSize: 'full', epochs: 30, shuffle: true, rescale: 'none', seed: 1 },
    };
    const text = serializeExperiment(experimentFromRunConfig(data, { relativePath: f => path.posix.relative('/abs', f) }));
    assert.match(text, /"dataset": \{ "path": "dir\/d\.csv", "parameters": \["w"\], "batchSize": "full", "epochs": 30, "shuffle": true, "rescale": "none", "seed": 1 \}/);
    assert.doesNotMatch(text, /"steps": 30/);
  });

  it('a file read and written again is byte-identical (hand-written file in the writer\'s layout)', () => {
    const parsed = parseExperiment(FULL);
    assert.ok(parsed.ok);
    const run = experimentToRunConfig(parsed.value);
    assert.ok(run.ok);
    assert.strictEqual(serializeExperiment(experimentFromRunConfig(run.value.config, { bounds: run.value.bounds })), FULL);
  });
});

describe('experiment files: the JSON schema is generated from the registry', () => {
  it('schemas/optlab.schema.json is up to date (UPDATE_SCHEMA=1 rewrites it)', () => {
    const file = path.join(__dirname, '../../../../schemas/optlab.schema.json');
    if (process.env.UPDATE_SCHEMA === '1') fs.writeFileSync(file, experimentSchemaText());
    assert.strictEqual(fs.readFileSync(file, 'utf8'), experimentSchemaText(), 'the schema file differs from the registry: run the unit tests with UPDATE_SCHEMA=1');
  });

  it('names every optimizer, every hyperparameter a convention accepts, every schedule kind and convention', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a JSON document
    const s = experimentSchema() as any;
    const items = s.properties.optimizers.items;
    assert.deepStrictEqual(items.properties.id.enum, [...OPTIMIZER_IDS]);
    for (const id of OPTIMIZER_IDS) {
      const c = items.allOf.find((x: { if: { properties: { id: { const: string } } } }) => x.if.properties.id.const === id);
      const names = Object.keys(c.then.properties.hyperparameters.properties).sort();
      const accepted = [...new Set(CONVENTIONS.flatMap(conv => Object.keys(RULES[id].defaults[conv] ?? {})))].sort();
      assert.deepStrictEqual(names, accepted, id);
    }
    assert.deepStrictEqual(s.properties.schedule.oneOf.map((x: { properties: { kind: { const: string } } }) => x.properties.kind.const), [...SCHEDULE_KINDS]);
    assert.deepStrictEqual(s.properties.convention.enum, [...CONVENTIONS]);
    assert.strictEqual(s.properties.version.const, EXPERIMENT_VERSION);
  });

  it('package.json contributes the schema for *.optlab.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.optlab.json', url: './schemas/optlab.schema.json' }]);
  });
});
