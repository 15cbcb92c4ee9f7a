import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Captured, runCli } from '../cliHarness';
import { readCsvFile } from '../../../src/cli/readCsv';
import { experimentToRunConfig, parseExperiment } from '../../../src/core/experiment/format';
import { prepareData, PreparedData } from '../../../src/core/dataRun';
import { buildPanelModel } from '../../../src/core/model';
import { PANEL_GRID_SIZE } from '../../../src/core/limits';
import { PanelModel, RunConfig } from '../../../src/core/protocol';

const DATASET = path.resolve(__dirname, '../../../../media/datasets/linear-regression.csv');

const cli = (...argv: string[]): Promise<Captured> => runCli(argv, { writeFile: () => undefined, assetsDir: undefined });

/**
 * What the panel does with an experiment file (src/extension/experiment.ts → OptimizerPanel.run):
 * the RunConfig from the file with the dataset path resolved against the file's folder, the CSV read
 * and prepared, steps = epochs × updates per epoch, then buildPanelModel with the panel's grid.
 */
async function panelModelFor(file: string): Promise<PanelModel> {
  const parsed = parseExperiment(fs.readFileSync(file, 'utf8'));
  assert.ok(parsed.ok, !parsed.ok ? parsed.error.message : '');
  const run = experimentToRunConfig(parsed.value, rel => path.resolve(path.dirname(file), rel));
  assert.ok(run.ok, !run.ok ? run.error.message : '');
  let config: RunConfig = run.value.config;
  let data: PreparedData | undefined;
  if (config.data) {
    const dataset = await readCsvFile(config.data.file);
    assert.ok(dataset.ok);
    const prepared = prepareData(config.expression, dataset.value, config.data);
    assert.ok(prepared.ok, !prepared.ok ? prepared.error.message : '');
    data = prepared.value;
    config = { ...config, steps: data.steps };
  }
  const model = await buildPanelModel(config, { gridSize: PANEL_GRID_SIZE, data, yieldToEventLoop: () => new Promise(r => setImmediate(r)), settings: { animationSpeed: 1 } });
  assert.ok(model.ok, !model.ok ? model.error.message : '');
  return model.value;
}

/** Every recorded coordinate, compared with Object.is: bit-identical, -0 and NaN included. */
function assertSamePaths(cliRuns: { optimizer: string; steps: number[]; path: (number | null)[][] }[], model: PanelModel): void {
  assert.strictEqual(cliRuns.length, model.runs.length);
  cliRuns.forEach((r, i) => {
    const p = model.runs[i];
    assert.strictEqual(r.optimizer, p.optimizer);
    assert.deepStrictEqual(r.steps, Array.from(p.steps));
    const flat = r.path.flat();
    assert.strictEqual(flat.length, p.path.length, r.optimizer);
    for (let k = 0; k < flat.length; k++) assert.ok(Object.is(flat[k], p.path[k]), `${r.optimizer} coordinate ${k}: ${flat[k]} vs ${p.path[k]}`);
  });
}

describe('experiment files from the CLI: the same paths as the panel, bit for bit', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-exp-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  const cases: [string, string][] = [
    ['a preset with a step schedule, Keras rules', `{
  "version": 1,
  "preset": "rosenbrock",
  "convention": "keras",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.001 } },
    { "id": "rmsprop", "hyperparameters": { "lr": 0.01, "centered": true } },
    { "id": "adam", "hyperparameters": { "lr": 0.04 } }
  ],
  "schedule": { "kind": "step", "stepSize": 50, "gamma": 0.5 },
  "steps": 300
}
`],
    ['an expression with noise over three seeds and a tolerance', `{
  "version": 1,
  "expression": "x^2 + 4*y^2 + x*y",
  "start": [1.5, -1],
  "convention": "optax",
  "optimizers": [{ "id": "momentum", "hyperparameters": { "lr": 0.05 } }, { "id": "adamw" }],
  "schedule": { "kind": "cosine", "steps": 200, "alpha": 0.1 },
  "steps": 250,
  "tolerance": { "gradNorm": 1e-6 },
  "noise": { "sigma": 0.3, "seeds": 3 }
}
`],
    ['a dataset with shuffled minibatches, rescaled, path relative to the file', `{
  "version": 1,
  "expression": "(w*x + b - y)^2",
  "convention": "pytorch",
  "optimizers": [{ "id": "sgd", "hyperparameters": { "lr": 0.01 } }, { "id": "adam", "hyperparameters": { "lr": 0.1 } }],
  "dataset": { "path": "../data/line.csv", "parameters": ["w", "b"], "batchSize": 16, "epochs": 4, "shuffle": true, "rescale": "standard", "seed": 5 }
}
`],
  ];
  for (const [what, text] of cases) {
    it(what, async () => {
      write('data/line.csv', fs.readFileSync(DATASET, 'utf8'));
      const file = write('exp/case.optlab.json', text);
      const r = await cli('run', file, '--json');
      assert.strictEqual(r.code, 0, r.err);
      const json = JSON.parse(r.out) as { runs: { optimizer: string; steps: number[]; path: (number | null)[][] }[] };
      assertSamePaths(json.runs, await panelModelFor(file));
      // Not a vacuous comparison: every run moved from its start.
      for (const run of json.runs) assert.notDeepStrictEqual(run.path[run.path.length - 1], run.path[0], run.optimizer);
    });
  }

  it('a dataset case runs epochs × updates per epoch (200 rows / 16 → 13 updates per epoch, 4 epochs = 52)', async () => {
    const file = path.join(dir, 'exp/case.optlab.json');
    const r = await cli('run', file, '--json');
    const json = JSON.parse(r.out) as { runs: { steps: number[] }[] };
    assert.strictEqual(json.runs[0].steps[json.runs[0].steps.length - 1], 52);
  });

  it('bad files and flags: one line naming the field and the line, exit code 2', async () => {
    const bad = write('bad.optlab.json', '{\n  "version": 1,\n  "expression": "x^2",\n  "start": [1],\n  "optimizers": [{ "id": "adam", "hyperparameters": { "lr": 0 } }],\n  "steps": 10\n}\n');
    let r = await cli('run', bad);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /bad\.optlab\.json: line 5: optimizers\[0\]\.hyperparameters\.lr: adam: lr must be > 0, got 0/);
    const missing = write('missing.optlab.json', '{\n  "version": 1,\n  "expression": "(w*x - y)^2",\n  "optimizers": [{ "id": "sgd" }],\n  "dataset": { "path": "nope.csv", "parameters": ["w"], "batchSize": "full", "epochs": 1, "shuffle": false, "rescale": "none", "seed": 1 }\n}\n');
    r = await cli('run', missing);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /line 5: dataset\.path: Cannot read '.*nope\.csv': no such file/);
    r = await cli('run', bad, '--steps', '5');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /--steps does not apply to an experiment file/);
    r = await cli('run', path.join(dir, 'absent.optlab.json'));
    assert.match(r.err, /cannot read .*absent\.optlab\.json': no such file/);
  });
});
