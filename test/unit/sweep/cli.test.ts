/** `optimizer-lab sweep` and `basins`: the JSON shape, the thresholds, workers = one thread, usage errors. */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Captured, runCli } from '../cliHarness';
import { claimer, compiledTask, runInWorkersOnly, sharedJob } from '../../../src/cli/sweepWorkers';
import { basinJob, sweepJob } from '../../../src/cli/sweepJobs';
import { finiteOrNull } from '../../../src/core/protocol';
import { findPreset } from '../../../src/core/presets';
import { parseObjective } from '../../../src/core/expr';
import { objectiveSource } from '../../../src/core/run';
import { mergeBasinSlices } from '../../../src/core/basins';

const cli = (args: string[]): Promise<Captured> => runCli(args, { assetsDir: undefined });

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

  it('two threads give the same points as one (however the tasks were shared); workers alone too', async () => {
    const args = ['sweep', 'rosenbrock', '--optimizer', 'sgd,adam', '--lr', '1e-4:1:6', '--steps', '200', '--json'];
    const one = JSON.parse((await cli([...args, '--workers', '1'])).out);
    const two = JSON.parse((await cli([...args, '--workers', '2'])).out);
    assert.equal(one.workers, 1);
    assert.ok(two.workers === 1 || two.workers === 2);
    const untimed = (runs: { points: { elapsedMs?: number }[] }[]) => runs.map(r => ({ ...r, points: r.points.map(p => ({ ...p, elapsedMs: 0 })) }));
    assert.deepEqual(untimed(two.runs), untimed(one.runs));
    // Two workers and no task on this thread: the 12 (lr, optimizer) tasks all come back, each once.
    const replies = await runInWorkersOnly({ kind: 'sweep', target: 'rosenbrock', values: { optimizer: ['sgd,adam'], lr: '1e-4:1:6', steps: '200' } }, 12, 2);
    const samples = replies.flatMap(r => (r.ok && r.kind === 'sweep' ? r.samples : []));
    assert.deepEqual(samples.map(x => x.lrIndex * 2 + x.optimizerIndex).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    const finals = new Map(samples.map(x => [`${x.optimizerIndex}:${x.lrIndex}`, x.finalLoss]));
    one.runs.forEach((r: { points: { finalLoss: number | null }[] }, o: number) => r.points.forEach((p, i) => assert.equal(p.finalLoss, finiteOrNull(finals.get(`${o}:${i}`)!))));
  });

  it('light workers: the job as generated code (no name the person wrote in it), workers alone give one thread\'s points; datasets keep the command line', async () => {
    const io = { out: () => undefined, err: () => undefined, writeFile: () => undefined, readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    const values = { optimizer: ['sgd,adam'], lr: '1e-4:1:6', steps: '200', start: 'alpha_w=-1.5,beta_q=2' };
    const job = await sweepJob('(1 - alpha_w)^2 + 100*(beta_q - alpha_w^2)^2', values, io);
    const compiled = compiledTask({ kind: 'sweep', target: '', values, job });
    assert.ok(compiled && compiled.kind === 'sweep');
    assert.equal(compiled.dim, 2);
    for (const code of [compiled.gradient, compiled.valueAndGradient]) assert.ok(!/alpha|beta/.test(code), 'only generated names');
    assert.deepEqual(Array.from(compiled.config.start), [-1.5, 2]);
    const one = JSON.parse((await cli(['sweep', '(1 - alpha_w)^2 + 100*(beta_q - alpha_w^2)^2', '--optimizer', 'sgd,adam', '--lr', '1e-4:1:6', '--steps', '200', '--start', 'alpha_w=-1.5,beta_q=2', '--workers', '1', '--json'])).out);
    const replies = await runInWorkersOnly({ kind: 'sweep', target: '', values, job }, 12, 2);
    const samples = replies.flatMap(r => (r.ok && r.kind === 'sweep' ? r.samples : []));
    assert.deepEqual(samples.map(x => x.lrIndex * 2 + x.optimizerIndex).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    const finals = new Map(samples.map(x => [`${x.optimizerIndex}:${x.lrIndex}`, [x.finalLoss, x.bestLoss]]));
    one.runs.forEach((r: { points: { finalLoss: number | null; bestLoss: number | null }[] }, o: number) => r.points.forEach((p, i) => {
      const [final, best] = finals.get(`${o}:${i}`)!;
      assert.equal(p.finalLoss, finiteOrNull(final));
      assert.equal(p.bestLoss, finiteOrNull(best));
    }));
    for (const r of replies) assert.ok(r.ok && r.readyMs >= 0 && r.readyMs < 60_000);
    // A dataset's loss is not one generated function: its workers build the job from the command line.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
    fs.writeFileSync(path.join(dir, 'd.csv'), 'x,y\n1,2\n2,4\n');
    const dataValues = { data: path.join(dir, 'd.csv'), params: 'w', epochs: '2', optimizer: ['sgd'], lr: '0.01:0.1:2' };
    assert.equal(compiledTask({ kind: 'sweep', target: '(w*x - y)^2', values: dataValues, job: await sweepJob('(w*x - y)^2', dataValues, io) }), undefined);
  });

  it('claimed tasks: two threads sharing one counter take every task exactly once', () => {
    const shared = sharedJob(1);
    const claim = claimer(shared, 5);
    assert.deepEqual([claim(), claim(), claim(), claim(), claim(), claim(), claim()], [0, 1, 2, 3, 4, -1, -1]);
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

  it('two threads give the same map, and so do workers alone; one optimizer only', async () => {
    const args = ['basins', 'himmelblau', '--optimizer', 'sgd', '--set', 'lr=0.01', '--grid', '12', '--steps', '200', '--json'];
    const one = JSON.parse((await cli([...args, '--workers', '1'])).out);
    const two = JSON.parse((await cli([...args, '--workers', '2'])).out);
    assert.deepEqual(two.labels, one.labels);
    const replies = await runInWorkersOnly({ kind: 'basins', target: 'himmelblau', values: { optimizer: ['sgd'], set: ['lr=0.01'], grid: '12', steps: '200' } }, 12, 2);
    const slices = replies.flatMap(r => (r.ok && r.kind === 'basins' ? r.slices : []));
    assert.deepEqual(slices.map(x => x.rowStart).sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    const himmelblau = findPreset('himmelblau')!;
    const o = parseObjective(himmelblau.expression);
    assert.ok(o.ok);
    const config = { source: objectiveSource(o.value.f, o.value.grad, 2), spec: { optimizer: 'sgd' as const, hyperparameters: { lr: 0.01 } }, bounds: himmelblau.bounds as [[number, number], [number, number]], grid: 12, steps: 200, minima: himmelblau.minima };
    const merged = mergeBasinSlices(config, slices);
    assert.ok(merged.ok);
    assert.deepEqual(Array.from(merged.value.labels), one.labels);
    // Light workers (the job as generated code) alone: the same map again.
    const io = { out: () => undefined, err: () => undefined, writeFile: () => undefined, readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    const values = { optimizer: ['sgd'], set: ['lr=0.01'], grid: '12', steps: '200' };
    const job = await basinJob('himmelblau', values, io);
    assert.equal(compiledTask({ kind: 'basins', target: 'himmelblau', values, job })?.kind, 'basins');
    const light = await runInWorkersOnly({ kind: 'basins', target: 'himmelblau', values, job }, 12, 2);
    const lightMap = mergeBasinSlices(config, light.flatMap(x => (x.ok && x.kind === 'basins' ? x.slices : [])));
    assert.ok(lightMap.ok);
    assert.deepEqual(Array.from(lightMap.value.labels), one.labels);
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

describe('cli: sweep and basins --report', () => {
  const dataOf = (html: string): { [k: string]: unknown } => {
    const m = /<script type="application\/json" id="optimizer-lab-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(m, 'the page embeds its data');
    return JSON.parse(m[1]);
  };

  it('sweep: a static page with the grid, runs and best embedded, one line per optimizer, the best marked, divergence shaded and the threshold line', async () => {
    // 5x² + y²/2 from (1, 1): λmax = 10; GD stable below 2/λmax = 0.2, so 0.316 and 1 diverge.
    const r = await cli(['sweep', '5x^2 + y^2/2', '--start', 'x=1,y=1', '--optimizer', 'sgd,adam', '--lr', '1e-3:1:7', '--steps', '300', '--workers', '1', '--report', 'out.html']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /HTML report written to out\.html/);
    const html = r.files.get('out.html')!;
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:"/);
    assert.ok(!/<script(?! type="application\/json")/.test(html), 'no script runs');
    const data = dataOf(html) as { grid: number[]; runs: { optimizer: string; best: { lr: number } | null; points: { diverged: boolean }[] }[]; stability: { thresholds: Record<string, number> } };
    assert.deepEqual(data.grid, [1e-3, 0.00316227766017, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1]);
    assert.deepEqual(data.runs.map(x => x.optimizer), ['sgd', 'adam']);
    assert.equal(data.runs[0].best?.lr, 0.1);
    assert.equal(data.stability.thresholds.sgd, 0.2);
    assert.equal((html.match(/<polyline[^>]*data-optimizer="sgd"/g) ?? []).length, 1);
    assert.equal((html.match(/<polyline[^>]*data-optimizer="adam"/g) ?? []).length >= 1, true);
    assert.match(html, /data-best="sgd"/);
    // GD's two diverged rates (0.316, 1) are one contiguous shaded band.
    assert.equal((html.match(/data-diverged="sgd"/g) ?? []).length, 1);
    assert.match(html, /data-threshold="sgd"/);
    assert.ok(!/data-threshold="adam"/.test(html));
    assert.match(html, /<td>0\.2 \(2\/λmax\)<\/td>/);
  });

  it('sweep --json --report: both; bad combinations are one-line errors', async () => {
    const r = await cli(['sweep', 'x^2', '--optimizer', 'sgd', '--lr', '0.01:0.1:2', '--steps', '10', '--workers', '1', '--json', '--report', 'a.html']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(dataOf(r.files.get('a.html')!).grid, JSON.parse(r.out).grid);
    const bad = async (args: string[], re: RegExp) => { const b = await cli(args); assert.equal(b.code, 2); assert.match(b.err, re); assert.equal(b.files.size, 0); };
    await bad(['sweep', 'x^2', '--report', 'a.csv'], /--report writes an HTML page: give a file name ending in \.html, got 'a\.csv'/);
    await bad(['sweep', 'x^2', '--csv', 'a.html', '--report', 'a.html'], /--report and --csv name the same file 'a\.html'/);
    await bad(['sweep', 'x^2', '--report', '/no/such/folder/a.html'], /--report: folder \/no\/such\/folder does not exist/);
    await bad(['basins', 'himmelblau', '--optimizer', 'sgd', '--report', 'map.png'], /--report writes an HTML page/);
    await bad(['basins', 'himmelblau', '--optimizer', 'sgd', '--csv', 'a.csv'], /--csv does not apply to 'basins'/);
  });

  it('basins: the map as a PNG of nx × ny pixels, the minima marked and the legend with each label’s starts', async () => {
    // The double well (x² − 1)² + y²: starts with x < 0 end at (−1, 0), x > 0 at (1, 0); 10 × 10 starts, x = 0 not on the grid.
    const r = await cli(['basins', '(x^2 - 1)^2 + y^2', '--optimizer', 'sgd', '--set', 'lr=0.02', '--grid', '10', '--bounds', 'x=-2:2,y=-1:1', '--steps', '500', '--workers', '1', '--report', 'b.html']);
    assert.equal(r.code, 0, r.err);
    const html = r.files.get('b.html')!;
    const data = dataOf(html) as { grid: { nx: number; ny: number }; minima: { starts: number }[]; labels: number[] };
    assert.deepEqual(data.grid, { nx: 10, ny: 10 });
    assert.deepEqual(data.minima.map(m => m.starts), [50, 50]);
    const png = Buffer.from(/href="data:image\/png;base64,([^"]+)"/.exec(html)![1], 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.equal(png.readUInt32BE(16), 10);
    assert.equal(png.readUInt32BE(20), 10);
    assert.equal((html.match(/data-minimum="/g) ?? []).length, 2);
    assert.match(html, /<tr data-label="0">.*?<td class="num">50<\/td><td class="num">50 %<\/td>/);
    assert.match(html, /<tr data-label="-1">.*?diverged/);
  });
});
