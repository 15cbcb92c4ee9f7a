import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Captured, runCli } from './cliHarness';
import { htmlShell } from '../../src/core/shell';
import { parseEmbeddedModel, parseHostMessage, type PanelModel, type StabilityView } from '../../src/core/protocol';

const cli = (...argv: string[]): Promise<Captured> => runCli(argv);

const block = (html: string, id: string): string => {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(m, `the page has #${id}`);
  return m[1];
};

/** The report's stability block, through the webview's own reader (a `stability` host message). */
function reportStability(html: string): StabilityView {
  const msg = parseHostMessage({ type: 'stability', stability: JSON.parse(block(html, 'optimizer-lab-stability')) });
  assert.ok(msg.ok && msg.value.type === 'stability', msg.ok ? '' : msg.error);
  return msg.value.stability;
}

// f = x² + 3y²: ∇²f = diag(2, 6) at every point, so λmax = 6 everywhere and η·λmax = 6η for a constant rate η.
const QUADRATIC = 'x^2 + 3*y^2';
const RATES = { sgd: 0.1, momentum: 0.02 } as const;

describe('stability in the CLI\'s reports and JSON', () => {
  const needBundle = () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../../dist/webview.js'))) throw new Error('run npm run build first');
  };

  it('run --report: the stability chart\'s data for every run, at the report\'s own records; λmax = 6, η·λmax = 6η exactly', async () => {
    needBundle();
    const file = path.join(os.tmpdir(), 'stability-report-test.html');
    const r = await cli('run', QUADRATIC, '--start', 'x=1,y=1', '--optimizer', 'sgd,momentum', '--set', `sgd.lr=${RATES.sgd}`, '--set', `momentum.lr=${RATES.momentum}`, '--steps', '40', '--report', file);
    assert.strictEqual(r.code, 0, r.err);
    const html = r.files.get(file)!;
    const model = parseEmbeddedModel(block(html, 'optimizer-lab-model')) as PanelModel;
    const view = reportStability(html);
    assert.strictEqual(view.hessian, 'symbolic');
    assert.strictEqual(view.note, 'symbolic Hessian of f');
    assert.strictEqual(view.runs.length, 2);
    (['sgd', 'momentum'] as const).forEach((id, i) => {
      const run = view.runs[i];
      // 40 steps: 41 records, all of them (fewer than 600), the same steps as the report's model
      assert.deepStrictEqual(run.steps, Array.from({ length: 41 }, (_, k) => k));
      assert.deepStrictEqual(run.steps, Array.from(model.runs[i].steps));
      assert.ok(run.lambdaMax.every(l => l === 6), `${id}: ${run.lambdaMax.slice(0, 3)}`);
      assert.ok(run.etaLambda.every(v => v === 6 * RATES[id]), `${id}: ${run.etaLambda.slice(0, 3)}`);
    });
  });

  it('run --json: the same numbers under "stability" (StabilityView: hessian, note, runs[].steps/lambdaMax/etaLambda)', async () => {
    const r = await cli('run', QUADRATIC, '--start', 'x=1,y=1', '--optimizer', 'sgd', '--set', 'lr=0.25', '--steps', '10', '--json');
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { stability: StabilityView };
    assert.deepStrictEqual(Object.keys(j.stability).sort(), ['hessian', 'note', 'runs']);
    assert.deepStrictEqual(j.stability.runs[0].steps, Array.from({ length: 11 }, (_, k) => k));
    assert.ok(j.stability.runs[0].lambdaMax.every(l => l === 6));
    // η·λmax = 0.25·6 = 1.5 < 2: GD on this quadratic converges (x shrinks by |1 − 0.25·2| = 0.5, y by |1 − 1.5| = 0.5 per step)
    assert.ok(j.stability.runs[0].etaLambda.every(v => v === 1.5));
  });

  it('run FILE.optlab.json --json: the same "stability" field as for an expression', async () => {
    // test/fixtures/ws/bowl.optlab.json: x² + 4y², GD η = 0.1 and Adam η = 0.05, 200 steps; ∇²f = diag(2, 8), so λmax = 8
    const r = await cli('run', path.resolve(__dirname, '../../../test/fixtures/ws/bowl.optlab.json'), '--json');
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { stability: StabilityView };
    assert.strictEqual(j.stability.hessian, 'symbolic');
    [0.1, 0.05].forEach((eta, i) => {
      const run = j.stability.runs[i];
      assert.deepStrictEqual(run.steps, Array.from({ length: 201 }, (_, k) => k));
      assert.ok(run.lambdaMax.every(l => l === 8));
      assert.ok(run.etaLambda.every(v => v === 8 * eta), `${i}: ${run.etaLambda.slice(0, 3)}`);
    });
  });

  it('run --report on a dataset: the Hessian of the mean loss (by central differences), said so', async () => {
    needBundle();
    // (w·x − y)² over x = 1, 2, 3: d²/dw² of the mean = 2·mean(x²) = 2·14/3 = 28/3, at every w.
    const csv = path.join(os.tmpdir(), `stability-report-${process.pid}.csv`);
    fs.writeFileSync(csv, 'x,y\n1,2\n2,3\n3,7\n');
    try {
      const file = path.join(os.tmpdir(), 'stability-report-data.html');
      const r = await cli('run', '(w*x - y)^2', '--data', csv, '--params', 'w', '--optimizer', 'sgd', '--set', 'lr=0.01', '--epochs', '5', '--report', file);
      assert.strictEqual(r.code, 0, r.err);
      const view = reportStability(r.files.get(file)!);
      assert.strictEqual(view.hessian, 'numeric');
      assert.match(view.note, /mean loss over the 3 rows, by central differences/);
      assert.strictEqual(view.runs[0].steps.length, 6);
      for (const l of view.runs[0].lambdaMax) assert.ok(l !== null && Math.abs(l - 28 / 3) < 1e-6, String(l));
      for (const v of view.runs[0].etaLambda) assert.ok(v !== null && Math.abs(v - 0.28 / 3) < 1e-8, String(v));
    } finally {
      fs.rmSync(csv);
    }
  });

  it('sweep --report: η·λmax per step of each optimizer\'s run at its best lr, equal to η·λmax = 6η; the dashed line at 2', async () => {
    // Rates 0.001, 0.01, 0.1 on x² + 3y² from (1, 1): every rate is stable for GD (6·0.1 = 0.6 < 2) and the largest
    // shrinks the loss fastest (|1 − 2η| and |1 − 6η| both fall as η grows up to 1/6), so GD's best is 0.1; momentum
    // (μ = 0.9) is stable while η < 2(1 + 0.9)/6 ≈ 0.63, so its three rates are stable too.
    const r = await cli('sweep', QUADRATIC, '--start', 'x=1,y=1', '--optimizer', 'sgd,momentum', '--lr', '1e-3:0.1:3', '--steps', '100', '--workers', '1', '--report', 'sweep.html');
    assert.strictEqual(r.code, 0, r.err);
    const html = r.files.get('sweep.html')!;
    const data = JSON.parse(block(html, 'optimizer-lab-data')) as {
      runs: { optimizer: string; best: { lr: number; finalLoss: number } | null }[];
      stability: { atBest: { note: string; runs: { optimizer: string; lr: number; finalLoss: number; steps: number[]; lambdaMax: number[]; etaLambda: number[] }[] } };
    };
    const sgdBest = data.runs[0].best!;
    assert.strictEqual(sgdBest.lr, 0.1);
    const atBest = data.stability.atBest;
    assert.strictEqual(atBest.note, 'symbolic Hessian of f');
    assert.deepStrictEqual(atBest.runs.map(x => x.optimizer), ['sgd', 'momentum']);
    atBest.runs.forEach((run, i) => {
      assert.strictEqual(run.lr, data.runs[i].best!.lr);
      // the re-run is the sweep's own run at that rate: the same final loss, to the bit
      assert.strictEqual(run.finalLoss, data.runs[i].best!.finalLoss);
      assert.deepStrictEqual(run.steps, Array.from({ length: 101 }, (_, k) => k));
      assert.ok(run.lambdaMax.every(l => l === 6));
      assert.ok(run.etaLambda.every(v => v === 6 * run.lr), `${run.optimizer}: ${run.etaLambda.slice(0, 3)}`);
    });
    // the chart: one line per best run, constant in y (η·λmax does not change), and the reference line at 2
    for (const id of ['sgd', 'momentum']) {
      const points = /<polyline points="([^"]+)"[^>]*data-eta-lambda="([^"]+)"/g;
      const lines = [...html.matchAll(points)].filter(m => m[2] === id);
      assert.strictEqual(lines.length, 1, id);
      const ys = new Set(lines[0][1].split(' ').map(p => p.split(',')[1]));
      assert.strictEqual(ys.size, 1, `${id}: ${[...ys].join(' ')}`);
    }
    assert.match(html, /data-reference="2"/);
    assert.match(html, /η·λmax = 2/);
    // sgd's line (0.6) sits below the line at 2 (SVG y grows downwards)
    const yOf = (re: RegExp) => Number(re.exec(html)![1]);
    assert.ok(yOf(/<polyline points="[\d.]+,([\d.]+)[^"]*"[^>]*data-eta-lambda="sgd"/) > yOf(/<line[^>]*y1="([\d.]+)"[^>]*data-reference="2"/));
  });

  it('the shell embeds the stability data with the model, escaped', () => {
    const html = htmlShell({ title: 't', csp: "default-src 'none'", style: { inline: '' }, script: { inline: '' }, modelJson: '{}', stabilityJson: '{"note":"</script>"}' });
    assert.match(html, /<script type="application\/json" id="optimizer-lab-stability">\{"note":"\\u003c\/script>"\}<\/script>/);
    assert.doesNotMatch(htmlShell({ title: 't', csp: '', style: { inline: '' }, script: { inline: '' } }), /optimizer-lab-stability/);
  });
});
