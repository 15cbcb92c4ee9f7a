/** `optimizer-lab sweep` and `basins`: the JSON shape, the thresholds, workers = one thread, usage errors. */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; files: Map<string, string> }> {
  let out = '';
  let err = '';
  const files = new Map<string, string>();
  const code = await main(args, { out: s => { out += s; }, err: s => { err += s; }, writeFile: (p, c) => { files.set(p, c); }, readFile: p => fs.readFileSync(p, 'utf8') });
  return { code, out, err, files };
}

describe('cli: sweep', () => {
  it('--json has grid, runs (points, best) and stability (λmax, thresholds for the rules that have one)', async () => {
    // 5x² + y²/2 from (1, 1): λmax = 10, GD threshold 0.2, momentum (μ = 0.9) 0.38.
    const r = await cli(['sweep', '5x^2 + y^2/2', '--start', 'x=1,y=1', '--optimizer', 'sgd,momentum,adam', '--lr', '1e-3:1:7', '--steps', '300', '--workers', '1', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.grid, [1e-3, 0.00316227766017, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1]);
    assert.deepEqual(j.runs.map((x: { optimizer: string }) => x.optimizer), ['sgd', 'momentum', 'adam']);
    const sgd = j.runs[0];
    assert.deepEqual(Object.keys(sgd.points[0]).slice(0, 5), ['lr', 'finalLoss', 'bestLoss', 'diverged', 'stepsToTarget']);
    // GD: stable up to 0.1, diverged from 0.316 (> 0.2) on.
    assert.deepEqual(sgd.points.map((p: { diverged: boolean }) => p.diverged), [false, false, false, false, false, true, true]);
    assert.equal(sgd.best.lr, 0.1);
    assert.equal(j.stability.lambdaMax, 10);
    assert.equal(j.stability.thresholds.sgd, 0.2);
    assert.ok(Math.abs(j.stability.thresholds.momentum - 0.38) < 1e-15);
    assert.ok(!('adam' in j.stability.thresholds));
    assert.match(j.stability.rules.adam, /no classic threshold/);
    assert.equal(sgd.points[6].finalLoss === null || Number.isFinite(sgd.points[6].finalLoss), true);
  });

  it('two workers give the same points as one thread', async () => {
    const args = ['sweep', 'rosenbrock', '--optimizer', 'sgd,adam', '--lr', '1e-4:1:6', '--steps', '200', '--json'];
    const one = JSON.parse((await cli([...args, '--workers', '1'])).out);
    const two = JSON.parse((await cli([...args, '--workers', '2'])).out);
    assert.equal(two.workers, 2);
    const untimed = (runs: { points: { elapsedMs?: number }[] }[]) => runs.map(r => ({ ...r, points: r.points.map(p => ({ ...p, elapsedMs: 0 })) }));
    assert.deepEqual(untimed(two.runs), untimed(one.runs));
  });

  it('a dataset: per-sample gradient evaluations (full batch: rows per step)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    const file = path.join(dir, 'd.csv');
    fs.writeFileSync(file, 'x,y\n1,2\n2,4\n3,6\n');
    const r = await cli(['sweep', '(w*x - y)^2', '--data', file, '--params', 'w', '--epochs', '5', '--optimizer', 'sgd', '--lr', '0.01:0.1:2', '--workers', '1', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.runs[0].points.map((p: { gradientEvaluations: number }) => p.gradientEvaluations), [15, 15]);
    // Hessian of the mean loss: 2·mean(x²) = 2·14/3.
    assert.ok(Math.abs(j.stability.lambdaMax - 28 / 3) < 1e-5);
    assert.equal(j.stability.hessian, 'numeric');
    // One row: still a result.
    fs.writeFileSync(file, 'x,y\n2,1\n');
    const one = JSON.parse((await cli(['sweep', '(w*x - y)^2', '--data', file, '--params', 'w', '--epochs', '3', '--optimizer', 'sgd', '--lr', '0.01:0.1:2', '--workers', '1', '--json'])).out);
    assert.ok(Math.abs(one.stability.lambdaMax - 8) < 1e-5);
    assert.equal(one.runs[0].points.length, 2);
  });

  it('bad grids and budgets are one-line usage errors naming the field', async () => {
    const bad = async (args: string[], re: RegExp) => { const r = await cli(args); assert.equal(r.code, 2); assert.match(r.err, re); };
    await bad(['sweep', 'x^2', '--lr', '0:1:5'], /--lr: the grid's lo must be a finite number > 0, got 0/);
    await bad(['sweep', 'x^2', '--lr', '1e-3:1:500'], /--lr: the grid's n \(number of learning rates\) must be at most 200/);
    await bad(['sweep', 'x^2', '--optimizer', 'all', '--lr', '1e-3:1:200', '--steps', '1000000'], /steps: .* updates; the limit is 1,000,000,000/);
    await bad(['sweep', 'x^2', '--set', 'lr=0.1'], /--set lr does not apply to 'sweep'/);
    await bad(['sweep', 'x^2', '--grid', '5'], /--grid does not apply to 'sweep'/);
  });

  it('a flat function: a stated result, no NaN', async () => {
    const r = await cli(['sweep', '0*x + 3', '--optimizer', 'sgd', '--lr', '0.01:1:3', '--steps', '20', '--workers', '1']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /no run lowered the loss/);
    assert.match(r.out, /flat/);
    assert.ok(!/NaN/.test(r.out));
  });
});

describe('cli: basins', () => {
  it('--json: labels split at x = 0 on the double well, known minima from the clusters', async () => {
    const r = await cli(['basins', '(x^2 - 1)^2 + y^2', '--optimizer', 'sgd', '--set', 'lr=0.02', '--grid', '10', '--bounds', 'x=-2:2,y=-1:1', '--steps', '500', '--workers', '1', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.lrSource, 'set by you');
    assert.equal(j.minima.length, 2);
    const left = j.minima.findIndex((m: { point: number[] }) => m.point[0] < 0);
    for (let c = 0; c < 100; c++) assert.equal(j.labels[c] === left, c % 10 < 5);
  });

  it('two workers give the same map; one optimizer only', async () => {
    const args = ['basins', 'himmelblau', '--optimizer', 'sgd', '--set', 'lr=0.01', '--grid', '12', '--steps', '200', '--json'];
    const one = JSON.parse((await cli([...args, '--workers', '1'])).out);
    const two = JSON.parse((await cli([...args, '--workers', '2'])).out);
    assert.deepEqual(two.labels, one.labels);
    const r = await cli(['basins', 'himmelblau', '--optimizer', 'sgd,adam']);
    assert.equal(r.code, 2);
    assert.match(r.err, /basins maps one optimizer/);
  });
});

describe('cli: run with a diagnosis', () => {
  it('GD at η = 0.03 on Himmelblau from (−4, −4) diverges: η·λmax = 0.03·(142 + √1088) > 2, in the JSON and the table', async () => {
    // Hessian at (−4, −4): f_xx = 12x² + 4y − 42 = 134, f_yy = 12y² + 4x − 26 = 150, f_xy = 4x + 4y = −32.
    const lambdaMax = 142 + Math.sqrt(64 + 1024);
    const args = ['run', 'himmelblau', '--optimizer', 'sgd,adam', '--set', 'sgd.lr=0.03', '--steps', '300', '--start', 'x=-4,y=-4'];
    const j = JSON.parse((await cli([...args, '--json'])).out);
    const [d] = j.runs[0].diagnosis;
    assert.equal(d.kind, 'diverged');
    assert.ok(Math.abs(d.values.etaLambdaMax - 0.03 * lambdaMax) < 1e-9);
    assert.equal(d.values.threshold, 2);
    assert.ok(Array.isArray(j.runs[1].diagnosis));
    const table = (await cli(args)).out;
    assert.match(table, /diagnosis:\nsgd {7}diverged at step \d+: η·λmax = 5\.25 > 2 at \(x, y\) = \(-4, -4\) \(step 0\)/);
  });
});
