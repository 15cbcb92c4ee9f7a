import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Io, main } from '../../src/cli/main';
import { Captured, runCli } from './cliHarness';

const cli = (...argv: string[]): Promise<Captured> => runCli(argv);

const rosen = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

describe('CLI', () => {
  it('reads Unicode maths: gradient "π*x^2" has the one variable x (π is the constant)', async () => {
    const r = await cli('gradient', 'π*x^2', '--at', 'x=1', '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { variables: string[] };
    assert.deepEqual(json.variables, ['x']);
  });

  describe('bad input: one line naming what is wrong, exit code 2, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['gradient', '(x + '], /Syntax error: Unexpected end of expression at 5/],
      [['gradient', 'sinh2(x)'], /sinh2/],
      [['gradient', 'x^2', '--at', 'x=abc'], /x='abc' is not a finite decimal number/],
      [['gradient', 'x^2 + y', '--at', 'x=1'], /missing y/],
      [['run', 'x^2', '--optimizer', 'bogus'], /unknown optimizer 'bogus'/],
      [['run', 'x^2', '--optimizer', 'lion', '--convention', 'pytorch'], /Lion/],
      [['run', 'x^2', '--optimizer', 'adam', '--set', 'beta1=1.5'], /beta1 must be in \[0, 1\), got/],
      [['run', 'x^2', '--optimizer', 'adam', '--set', 'rho=0.9'], /no selected optimizer has a hyperparameter 'rho'/],
      [['run', 'x^2', '--steps', '0'], /--steps must be an integer from 1/],
      [['run', 'x^2', '--steps', '-3'], /--steps/],
      [['run', 'x^2', '--schedule', 'wobbly'], /--schedule/],
      [['run', 'x^2', '--convention', 'jax'], /--convention must be/],
      [['run', 'x^2 + y^2', '--start', 'x=1'], /missing y/],
      [['run', 'x^2', '--bogus-flag'], /bogus-flag/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      // Numbers are decimals, as in CSV files: hexadecimal, binary and Infinity are refused everywhere.
      [['run', 'x^2', '--steps', '0x10'], /^optimizer-lab: --steps must be an integer from 1 to 10000000, got '0x10'\n$/],
      [['run', 'x^2', '--optimizer', 'sgd', '--set', 'lr=0x10'], /lr must be a number, got .*0x10/],
      [['run', 'x^2', '--every', '0x2'], /--every must be an integer from 1 to 10000000, got '0x2'/],
      [['run', 'x^2', '--tol-grad', '0x1'], /--tol-grad must be a decimal number, got '0x1'/],
      [['run', 'x^2', '--noise', '0b1'], /--noise must be a decimal number, got '0b1'/],
      [['run', 'x^2', '--noise', '1', '--seeds', '0x2'], /--seeds must be an integer from 1 to 64, got '0x2'/],
      [['run', 'x^2', '--start', 'x=0x10'], /--start: x='0x10' is not a finite decimal number/],
      [['gradient', 'x^2', '--at', 'x=Infinity'], /x='Infinity' is not a finite decimal number/],
      [['run', 'x^2', '--schedule', 'step:0x10:0.5'], /'0x10' is not a number/],
      // A negative number is the option's value, checked like any other, not "ambiguous".
      [['run', 'x^2', '--steps', '-5'], /^optimizer-lab: --steps must be an integer from 1 to 10000000, got '-5'\n$/],
      [['run', 'x^2', '--every', '-1'], /--every must be an integer from 1 to 10000000, got '-1'/],
      [['run', 'x^2', '--tol-grad', '-1'], /--tol-grad must be a non-negative number, got '-1'/],
      [['run', 'x^2', '--steps'], /^optimizer-lab: --steps needs a value\n$/],
      [['run', 'x^2', '--steps', '--json'], /^optimizer-lab: --steps needs a value\n$/],
      // Empty values and options that would be silently ignored.
      [['run', 'x^2', '--optimizer', ''], /--optimizer needs a value, got an empty one/],
      [['run', 'x^2', '--optimizer', ' , '], /--optimizer must name at least one optimizer/],
      [['run', 'x^2', '--steps', ''], /--steps needs a value/],
      [['run', 'x^2', '--csv', ''], /--csv needs a value/],
      [['gradient', 'x^2', '--steps', '5'], /--steps does not apply to 'gradient' \(its options: --at, --hessian, --json\)/],
      [['run', 'x^2', '--at', 'x=1'], /--at does not apply to 'run'/],
      [['run', 'x^2', '--epochs', '3'], /--epochs applies to datasets: add --data FILE.csv/],
      [['run', 'x^2', '--params', 'w'], /--params applies to datasets/],
      [['run', 'x^2', '--seeds', '3'], /--seeds applies with --noise/],
      [['run', 'x^2', '--json=1'], /^optimizer-lab: --json takes no value\n$/],
      [['run', 'x^2', '-x'], /^optimizer-lab: unknown option '-x' \(optimizer-lab --help lists the options\)\n$/],
      [['presets', 'extra'], /presets takes no arguments/],
      // Output files that cannot be written: said before the run, like --report.
      [['run', 'x^2', '--steps', '3', '--csv', '/nonexistent-optimizer-lab/x.csv'], /^optimizer-lab: --csv: folder \/nonexistent-optimizer-lab does not exist\n$/],
      [['run', 'x^2', '--steps', '3', '--csv', os.tmpdir()], /--csv: .* is a folder, expected a file name/],
      [['run', 'x^2', '--steps', '3', '--report', '/nonexistent-optimizer-lab/x.html'], /--report: folder \/nonexistent-optimizer-lab does not exist/],
    ];
    for (const [argv, why] of cases) {
      it(argv.join(' '), async () => {
        const r = await cli(...argv);
        assert.strictEqual(r.code, 2, r.out + r.err);
        assert.match(r.err, why);
        assert.strictEqual(r.err.trim().split('\n').length, 1, `more than one line:\n${r.err}`);
        assert.doesNotMatch(r.err, /\n\s+at /);
      });
    }
  });

  it('a write that fails anyway (permission, a folder) is one line with exit code 2, not an internal error', async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open 'x.csv'"), { code: 'EACCES' });
    let err = '';
    const io: Io = { out: () => undefined, err: s => { err += s; }, writeFile: () => { throw denied; }, readFile: p => fs.readFileSync(p, 'utf8') };
    const code = await main(['run', 'x^2', '--steps', '2', '--csv', path.join(os.tmpdir(), 'optimizer-lab-denied.csv')], io);
    assert.strictEqual(code, 2);
    assert.strictEqual(err, `optimizer-lab: cannot write '${path.join(os.tmpdir(), 'optimizer-lab-denied.csv')}': permission denied\n`);
  });

  it('decimal flags in every form the CSV reader accepts: 1e1 steps, +0.5, .25, a negative start', async () => {
    const j = JSON.parse((await cli('run', 'x^2', '--optimizer', 'sgd', '--steps', '1e1', '--set', 'lr=+0.25', '--start', 'x=-.5', '--json')).out);
    // SGD on x² with η = 0.25: x ← x − 0.25·2x = x/2, so after 10 steps x = −0.5 / 2¹⁰.
    assert.strictEqual(j.runs[0].path.length, 11);
    assert.strictEqual(j.runs[0].path[10][0], -0.5 / 1024);
  });

  it('gradient --json has exactly the documented shape, with values at --at', async () => {
    const r = await cli('gradient', '(1-x)^2 + 100*(y-x^2)^2', '--at', 'x=1,y=2', '--hessian', '--json');
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(Object.keys(j), ['variables', 'f', 'gradient', 'hessian']);
    assert.deepStrictEqual(j.variables, ['x', 'y']);
    assert.strictEqual(j.f.value, 100); // (1−1)² + 100(2−1)²
    // ∂f/∂x = −2(1−x) − 400x(y−x²) = −400 at (1, 2); ∂f/∂y = 200(y−x²) = 200.
    assert.deepStrictEqual(j.gradient.map((g: { variable: string; value: number; symbolic: boolean }) => [g.variable, g.value, g.symbolic]), [['x', -400], ['y', 200]].map(([v, n]) => [v, n, true]));
    for (const g of j.gradient) assert.deepStrictEqual(Object.keys(g).sort(), ['symbolic', 'tex', 'text', 'value', 'variable']);
    // Hessian: f_xx = 2 − 400(y − 3x²) = 2 − 400·(−1) = 402; f_xy = −400x = −400; f_yy = 200.
    assert.deepStrictEqual(j.hessian.map((row: { value: number }[]) => row.map(h => h.value)), [[402, -400], [-400, 200]]);
  });

  it('gradient without --at has no values', async () => {
    const j = JSON.parse((await cli('gradient', 'x*y', '--json')).out);
    assert.strictEqual('value' in j.f, false);
    assert.strictEqual('value' in j.gradient[0], false);
    assert.strictEqual('hessian' in j, false);
  });

  it('run --json: path[k] after k updates, loss[k] = f(path[k]), resolved hyperparameters', async () => {
    const r = await cli('run', 'rosenbrock', '--optimizer', 'sgd,adam', '--steps', '20', '--set', 'sgd.lr=0.001', '--json');
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepStrictEqual(Object.keys(j), ['objective', 'runs', 'stability']);
    assert.deepStrictEqual(Object.keys(j.objective), ['expression', 'variables', 'gradient']);
    assert.deepStrictEqual(j.runs.map((x: { optimizer: string }) => x.optimizer), ['sgd', 'adam']);
    const sgd = j.runs[0];
    for (const k of ['optimizer', 'convention', 'hyperparameters', 'path', 'loss', 'effectiveLr', 'stop']) assert.ok(k in sgd, k);
    assert.strictEqual(sgd.path.length, 21);
    assert.strictEqual(sgd.hyperparameters.lr, 0.001);
    assert.strictEqual(j.runs[1].hyperparameters.lr, 0.001); // PyTorch Adam's default
    assert.strictEqual(j.runs[1].hyperparameters.beta2, 0.999);
    for (let k = 0; k <= 20; k++) assert.ok(Math.abs(sgd.loss[k] - rosen(sgd.path[k][0], sgd.path[k][1])) <= 1e-9 * Math.max(1, sgd.loss[k]));
    // Preset start (−1.5, 2)? The first SGD step by hand: x₁ = x₀ − η∇f(x₀).
    const [x0, y0] = sgd.path[0];
    const gx = -2 * (1 - x0) - 400 * x0 * (y0 - x0 * x0);
    const gy = 200 * (y0 - x0 * x0);
    assert.ok(Math.abs(sgd.path[1][0] - (x0 - 0.001 * gx)) < 1e-12);
    assert.ok(Math.abs(sgd.path[1][1] - (y0 - 0.001 * gy)) < 1e-12);
    assert.deepStrictEqual(sgd.stop, { reason: 'max-steps', step: 20, detail: sgd.stop.detail });
  });

  it('--tuned-lr scales learning rates to the preset (span/100 for Adam, span/10 for AdaGrad) unless --set gives one', async () => {
    // Rosenbrock's bounds are [−2, 2] × [−1, 3]: mean width 4.
    const j = JSON.parse((await cli('run', 'rosenbrock', '--optimizer', 'adam,adagrad,lion', '--convention', 'optax', '--tuned-lr', '--set', 'lion.lr=0.5', '--steps', '1', '--json')).out);
    assert.deepStrictEqual(j.runs.map((r: { hyperparameters: { lr: number } }) => r.hyperparameters.lr), [0.04, 0.4, 0.5]);
    const r = await cli('run', 'x^2 + y', '--tuned-lr');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /--tuned-lr applies to the preset/);
  });

  it('run --every thins the records but keeps the first and the last', async () => {
    const j = JSON.parse((await cli('run', 'x^2 + y^2', '--start', 'x=1,y=1', '--optimizer', 'sgd', '--steps', '10', '--every', '4', '--json')).out);
    assert.deepStrictEqual(j.runs[0].steps, [0, 4, 8, 10]);
    // SGD with PyTorch's default η = 1e-3 on x²+y²: x_k = (1 − 2η)^k.
    assert.ok(Math.abs(j.runs[0].path[3][0] - 0.998 ** 10) < 1e-14);
  });

  it('run prints a table with the distance to the nearest known minimum for presets', async () => {
    const r = await cli('run', 'himmelblau', '--optimizer', 'adam', '--set', 'lr=0.05', '--steps', '2000');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /optimizer\s+convention\s+final loss\s+dist\. to min\s+steps\s+stop/);
    assert.match(r.out, /adam\s+pytorch/);
    assert.match(r.out, /max-steps/);
  });

  it('--report writes one self-contained HTML file: the webview bundle, the model, no network', async () => {
    const dist = path.resolve(__dirname, '../../../dist');
    if (!fs.existsSync(path.join(dist, 'webview.js'))) throw new Error('run npm run build first');
    const file = path.join(os.tmpdir(), 'report-test.html');
    const r = await cli('run', 'booth', '--optimizer', 'adam,sgd', '--steps', '50', '--report', file);
    assert.strictEqual(r.code, 0, r.err);
    const html = r.files.get(file)!;
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /<script type="application\/json" id="optimizer-lab-model">/);
    // Nothing is fetched: no external scripts, stylesheets, fonts or images.
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|url\(\s*['"]?(https?:|\/\/)/);
    const model = JSON.parse(/<script type="application\/json" id="optimizer-lab-model">([\s\S]*?)<\/script>/.exec(html)![1]);
    assert.strictEqual(model.readonly, true);
    assert.strictEqual(model.runs.length, 2);
    assert.strictEqual(model.surface.kind, 'grid');
  });

  describe('datasets', () => {
    const csv = (name: string, text: string) => {
      const file = path.join(os.tmpdir(), `optimizer-lab-cli-${process.pid}-${name}.csv`);
      fs.writeFileSync(file, text);
      return file;
    };
    after(() => {
      for (const f of fs.readdirSync(os.tmpdir()).filter(f => f.startsWith(`optimizer-lab-cli-${process.pid}-`))) fs.rmSync(path.join(os.tmpdir(), f));
    });

    it('full batch: one update per epoch; the first step is the mean gradient by hand; epochs in the JSON', async () => {
      // Rows (x, y) = (1, 2), (2, 3), (3, 7). Loss (w*x + b − y)², start (0, 0):
      // ∂/∂w = mean 2(wx + b − y)x = 2·(−2 − 6 − 21)/3 = −58/3; ∂/∂b = 2·(−2 − 3 − 7)/3 = −8.
      const file = csv('tiny', 'x,y\n1,2\n2,3\n3,7\n');
      const r = await cli('run', '(w*x + b - y)^2', '--data', file, '--params', 'w,b', '--optimizer', 'sgd', '--set', 'lr=0.01', '--epochs', '4', '--json');
      assert.strictEqual(r.code, 0, r.err);
      const j = JSON.parse(r.out);
      const run = j.runs[0];
      assert.strictEqual(run.path.length, 5);
      assert.ok(Math.abs(run.path[1][0] - 0.01 * 58 / 3) < 1e-15);
      assert.ok(Math.abs(run.path[1][1] - 0.01 * 8) < 1e-15);
      assert.deepStrictEqual(run.epoch, [0, 1, 2, 3, 4]);
      assert.strictEqual(j.data.rows, 3);
      assert.strictEqual(j.data.stepsPerEpoch, 1);
      // Least squares through these points: slope = Sxy/Sxx = 5/2, intercept = 4 − 2.5·2 = −1.
      assert.ok(Math.abs(j.data.leastSquares.scaled[0] - 2.5) < 1e-9 && Math.abs(j.data.leastSquares.scaled[1] + 1) < 1e-9);
    });

    it('minibatches: ceil(N/B) updates per epoch', async () => {
      const file = csv('seven', 'x,y\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n');
      const j = JSON.parse((await cli('run', '(w*x - y)^2', '--data', file, '--params', 'w', '--optimizer', 'sgd', '--batch-size', '3', '--epochs', '2', '--json')).out);
      assert.strictEqual(j.runs[0].path.length, 2 * 3 + 1);
      assert.deepStrictEqual(j.runs[0].epoch, [0, 1, 1, 1, 2, 2, 2]);
    });

    for (const [what, text, why] of [
      ['a non-numeric cell', 'x,y\n1,2\n2,abc\n', /Line 3, column 2 \('y'\): 'abc' is not a number/],
      ['a stray quote', 'x,y\n1,2"3\n4,5\n', /Line 2, column 2 \('y'\): a quote inside a field/],
      ['a quote never closed', 'x,y\n1,"2\n3,4\n', /Line 2, column 2 \('y'\): the quote that opens this field is not closed on the same line/],
      ['a quoted name with a line break', '"a\nb",y\nq,2\n', /Line 3, column 1 \('a\\nb'\): 'q' is not a number/],
      ['a ragged row', 'x,y\n1,2\n2\n', /Line 3 has 1 field/],
      ['an empty file', '', /empty/i],
    ] as [string, string, RegExp][]) {
      it(`${what}: one line with line and column, exit code 2`, async () => {
        const r = await cli('run', '(w*x - y)^2', '--data', csv(what.replace(/\W/g, ''), text), '--params', 'w');
        assert.strictEqual(r.code, 2);
        assert.match(r.err, why);
        assert.strictEqual(r.err.trim().split('\n').length, 1);
      });
    }

    it('CR-only line endings are read like LF', async () => {
      // The same rows as the full-batch test: least squares slope 5/2, intercept −1.
      const r = await cli('run', '(w*x + b - y)^2', '--data', csv('cr', 'x,y\r1,2\r2,3\r3,7\r'), '--params', 'w,b', '--optimizer', 'sgd', '--epochs', '1', '--json');
      assert.strictEqual(r.code, 0, r.err);
      const j = JSON.parse(r.out);
      assert.strictEqual(j.data.rows, 3);
      assert.ok(Math.abs(j.data.leastSquares.scaled[0] - 2.5) < 1e-9 && Math.abs(j.data.leastSquares.scaled[1] + 1) < 1e-9);
    });

    it('dataset flags: decimals only, whole numbers, negative seeds allowed', async () => {
      const file = csv('flags', 'x,y\n1,2\n2,3\n');
      for (const [flag, value, why] of [
        ['--epochs', '0x2', /--epochs must be a decimal number, got '0x2'/],
        ['--epochs', '-1', /--epochs must be a whole number from 1/],
        ['--batch-size', '0x1', /--batch-size must be a positive whole number or 'full', got '0x1'/],
        ['--seed', '1e300', /--seed must be a whole number from -9007199254740991 to 9007199254740991/],
        ['--params', ',', /--params must name at least one parameter/],
        ['--tuned-lr', '', /--tuned-lr applies to the preset test functions/],
      ] as [string, string, RegExp][]) {
        const r = await cli('run', '(w*x - y)^2', '--data', file, '--params', 'w', ...(value ? [flag, value] : [flag]));
        assert.strictEqual(r.code, 2, `${flag} ${value}: ${r.out}`);
        assert.match(r.err, why);
        assert.strictEqual(r.err.trim().split('\n').length, 1);
      }
      const ok = await cli('run', '(w*x - y)^2', '--data', file, '--params', 'w', '--seed', '-3', '--epochs', '2', '--optimizer', 'sgd', '--json');
      assert.strictEqual(ok.code, 0, ok.err);
      assert.strictEqual(JSON.parse(ok.out).data.seed, -3);
    });

    it('a missing data file: one line, exit code 2', async () => {
      const r = await cli('run', '(w*x - y)^2', '--data', '/nonexistent-optimizer-lab/x.csv', '--params', 'w');
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.err, "optimizer-lab: Cannot read '/nonexistent-optimizer-lab/x.csv': no such file.\n");
    });

    it('a loss using a column the file lacks names it', async () => {
      const r = await cli('run', '(w*z - y)^2', '--data', csv('xy', 'x,y\n1,2\n'), '--params', 'w');
      assert.strictEqual(r.code, 2);
      assert.match(r.err, /'z'/);
    });
  });
});
