import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Captured, runCli } from '../cliHarness';
import { experimentFromReport } from '../../../src/core/experiment/embed';
import { readExperiment } from '../../../src/core/experiment/format';

const DATASET = path.resolve(__dirname, '../../../../media/datasets/linear-regression.csv');

/** The CLI in this process; reports are written to disk, with a stand-in webview bundle. */
const cli = (assets: string, ...argv: string[]): Promise<Captured> => runCli(argv, { writeFile: (p, text) => fs.writeFileSync(p, text), assetsDir: assets });

type Experiment = {
  preset?: string; expression?: string; start?: number[]; convention?: string; steps?: number;
  optimizers: { id: string; hyperparameters?: Record<string, unknown> }[];
  schedule?: Record<string, unknown>; tolerance?: Record<string, number>; noise?: Record<string, number>;
  dataset?: Record<string, unknown>;
};

type RunJson = { runs: { optimizer: string; path: (number | null)[][] }[] };

describe('every HTML report carries its experiment (plain `run`, presets, datasets)', () => {
  let dir: string;
  let assets: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optlab-report-'));
    assets = path.join(dir, 'assets');
    fs.mkdirSync(assets);
    fs.writeFileSync(path.join(assets, 'webview.js'), '/* webview */');
    fs.writeFileSync(path.join(assets, 'webview.css'), '/* css */');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs `argv` with --report, returns the embedded experiment's text (checked to be a valid experiment). */
  async function reportExperiment(report: string, ...argv: string[]): Promise<string> {
    fs.mkdirSync(path.dirname(report), { recursive: true });
    const r = await cli(assets, ...argv, '--report', report);
    assert.strictEqual(r.code, 0, r.err);
    const text = experimentFromReport(fs.readFileSync(report, 'utf8'));
    assert.ok(text !== undefined, 'the report carries no experiment');
    const checked = readExperiment(text, rel => path.resolve(path.dirname(report), rel));
    assert.ok(checked.ok, checked.ok ? '' : checked.error.message);
    return text;
  }

  /** The embedded experiment, saved next to the report and run as a file, gives the command line's paths, bit for bit. */
  async function assertSameRuns(text: string, report: string, argv: string[]): Promise<void> {
    const file = report.replace(/\.html$/, '.optlab.json');
    fs.writeFileSync(file, text);
    const fromFile = await cli(assets, 'run', file, '--json');
    assert.strictEqual(fromFile.code, 0, fromFile.err);
    const plain = await cli(assets, ...argv, '--json');
    assert.strictEqual(plain.code, 0, plain.err);
    const a = (JSON.parse(fromFile.out) as RunJson).runs;
    const b = (JSON.parse(plain.out) as RunJson).runs;
    assert.deepStrictEqual(a.map(r => r.optimizer), b.map(r => r.optimizer));
    a.forEach((run, i) => {
      const x = run.path.flat();
      const y = b[i].path.flat();
      assert.strictEqual(x.length, y.length, run.optimizer);
      for (let k = 0; k < x.length; k++) assert.ok(Object.is(x[k], y[k]), `${run.optimizer} coordinate ${k}: ${x[k]} vs ${y[k]}`);
      assert.notDeepStrictEqual(run.path[run.path.length - 1], run.path[0], `${run.optimizer} did not move`);
    });
  }

  it('a preset with optimizers, steps, an override and --tol-grad', async () => {
    const argv = ['run', 'rosenbrock', '--optimizer', 'sgd,adam,momentum', '--steps', '120', '--set', 'adam.lr=0.02', '--tol-grad', '1e-7'];
    const report = path.join(dir, 'preset', 'r.html');
    const text = await reportExperiment(report, ...argv);
    const e = JSON.parse(text) as Experiment;
    assert.strictEqual(e.preset, 'rosenbrock');
    assert.strictEqual(e.expression, undefined);
    assert.deepStrictEqual(e.optimizers.map(o => o.id), ['sgd', 'adam', 'momentum']);
    assert.deepStrictEqual(e.optimizers[1].hyperparameters, { lr: 0.02 });
    assert.strictEqual(e.optimizers[0].hyperparameters, undefined);
    assert.strictEqual(e.steps, 120);
    assert.strictEqual(e.convention, 'pytorch');
    assert.deepStrictEqual(e.tolerance, { gradNorm: 1e-7 });
    await assertSameRuns(text, report, argv);
  });

  it('an expression with a start, a convention, a schedule and gradient noise', async () => {
    const argv = ['run', 'x^2 + 3*y^2', '--start', 'x=1,y=-2', '--optimizer', 'sgd,rmsprop', '--convention', 'keras', '--steps', '80',
      '--schedule', 'step:20:0.5', '--set', 'lr=0.05', '--noise', '0.2', '--seeds', '2'];
    const report = path.join(dir, 'expr', 'r.html');
    const text = await reportExperiment(report, ...argv);
    const e = JSON.parse(text) as Experiment;
    assert.strictEqual(e.expression, 'x^2 + 3*y^2');
    assert.deepStrictEqual(e.start, [1, -2]);
    assert.strictEqual(e.convention, 'keras');
    assert.deepStrictEqual(e.optimizers, [{ id: 'sgd', hyperparameters: { lr: 0.05 } }, { id: 'rmsprop', hyperparameters: { lr: 0.05 } }]);
    assert.strictEqual(e.steps, 80);
    assert.deepStrictEqual(e.schedule, { kind: 'step', stepSize: 20, gamma: 0.5 });
    assert.deepStrictEqual(e.noise, { sigma: 0.2, seeds: 2 });
    await assertSameRuns(text, report, argv);
  });

  it('a dataset: the path is written relative to the report\'s folder', async () => {
    const csv = path.join(dir, 'data', 'line.csv');
    fs.mkdirSync(path.dirname(csv), { recursive: true });
    fs.copyFileSync(DATASET, csv);
    const argv = ['run', '(w*x + b - y)^2', '--data', csv, '--params', 'w,b', '--optimizer', 'sgd,adam', '--set', 'lr=0.01', '--epochs', '3', '--batch-size', '16', '--rescale', 'standard', '--seed', '4'];
    const report = path.join(dir, 'reports', 'fit.html');
    const text = await reportExperiment(report, ...argv);
    const e = JSON.parse(text) as Experiment;
    assert.strictEqual(e.expression, '(w*x + b - y)^2');
    assert.deepStrictEqual(e.optimizers.map(o => o.id), ['sgd', 'adam']);
    assert.strictEqual(e.steps, undefined);
    assert.deepStrictEqual(e.dataset, { path: '../data/line.csv', parameters: ['w', 'b'], batchSize: 16, epochs: 3, shuffle: true, rescale: 'standard', seed: 4 });
    await assertSameRuns(text, report, argv);
  });

  it('run FILE.optlab.json --report: the file\'s own text; a dataset path re-based when the report is elsewhere', async () => {
    const csv = path.join(dir, 'data', 'line.csv');
    fs.mkdirSync(path.dirname(csv), { recursive: true });
    fs.copyFileSync(DATASET, csv);
    const file = path.join(dir, 'exp', 'fit.optlab.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = `{
  "version": 1,
  "expression": "(w*x + b - y)^2",
  "optimizers": [
    { "id": "sgd", "hyperparameters": { "lr": 0.01 } }
  ],
  "dataset": { "path": "../data/line.csv", "parameters": ["w", "b"], "batchSize": 16, "epochs": 2, "shuffle": true, "rescale": "none", "seed": 1 }
}
`;
    fs.writeFileSync(file, text);
    assert.strictEqual(await reportExperiment(path.join(dir, 'exp', 'same.html'), 'run', file), text);
    const elsewhere = await reportExperiment(path.join(dir, 'exp', 'deeper', 'other.html'), 'run', file);
    assert.deepStrictEqual((JSON.parse(elsewhere) as Experiment).dataset?.path, '../../data/line.csv');
    assert.strictEqual(elsewhere.replace('"../../data/line.csv"', '"../data/line.csv"'), text);
  });
});
