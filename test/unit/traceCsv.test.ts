import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { panelRunsJson, tracesToCsv } from '../../src/core/traceCsv';

describe('trace CSV: one layout for the CLI and the panel export', () => {
  it('a hand-built run gives the documented columns, empty cells for non-finite values', () => {
    const csv = tracesToCsv(['x', 'y'], [{
      optimizer: 'sgd', convention: 'pytorch', dim: 2, steps: [0, 1],
      path: [1, 2, 0.5, null], loss: [5, Infinity], lr: [0.1, 0.1], effectiveLr: [0.1, 0.1, 0.1, 0.1], delta: [0, 0, -0.5, NaN],
    }]);
    assert.strictEqual(csv, [
      'optimizer,convention,step,x,y,loss,lr,effective_lr_x,effective_lr_y,delta_x,delta_y',
      'sgd,pytorch,0,1,2,5,0.1,0.1,0.1,0,0',
      'sgd,pytorch,1,0.5,,,0.1,0.1,0.1,-0.5,',
      '',
    ].join('\n'));
  });

  it('the CLI writes that layout: SGD η = 0.25 on x² from x = 1 halves x each step', async () => {
    const file = path.join(os.tmpdir(), `optimizer-lab-trace-${process.pid}.csv`);
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s), writeFile: fs.writeFileSync, readFile: (p: string) => fs.readFileSync(p, 'utf8') };
    const code = await main(['run', 'x^2', '--optimizer', 'sgd', '--set', 'lr=0.25', '--start', 'x=1', '--steps', '2', '--csv', file], io);
    assert.strictEqual(code, 0, out.join(''));
    // x ← x − 0.25·2x = x/2: 1, 0.5, 0.25; loss x²: 1, 0.25, 0.0625; Δx: 0, −0.5, −0.25.
    assert.strictEqual(fs.readFileSync(file, 'utf8'), [
      'optimizer,convention,step,x,loss,lr,effective_lr_x,delta_x',
      'sgd,pytorch,0,1,1,0.25,0.25,0',
      'sgd,pytorch,1,0.5,0.25,0.25,0.25,-0.5',
      'sgd,pytorch,2,0.25,0.0625,0.25,0.25,-0.25',
      '',
    ].join('\n'));
    fs.rmSync(file);
  });
});

describe('panel JSON export', () => {
  it('keeps every run record it is given (the host writes it from its full model, not the thinned one on screen)', () => {
    const steps = Array.from({ length: 5000 }, (_, i) => i);
    const model = {
      objective: { text: 'x^2', variables: ['x'], gradient: [{ text: '2 * x' }] },
      config: { expression: 'x^2' },
      reference: undefined,
      runs: [{ optimizer: 'sgd', steps }],
    } as unknown as Parameters<typeof panelRunsJson>[0];
    const back = JSON.parse(panelRunsJson(model));
    assert.deepStrictEqual(back.objective, { expression: 'x^2', variables: ['x'], gradient: ['2 * x'] });
    assert.strictEqual(back.runs[0].steps.length, 5000);
    assert.strictEqual(back.runs[0].steps[4999], 4999);
  });
});
