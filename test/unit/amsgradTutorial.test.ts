/**
 * The `amsgrad-tutorial` preset replays the from-scratch AMSGrad tutorial's run of Reddi et al.'s
 * Algorithm 2. The reference here is a separate, minimal transcription of the tutorial's loop (per
 * coordinate: m ← β₁ᵗ·m + (1 − β₁ᵗ)·g, v ← β₂v + (1 − β₂)g², v̂ ← max(v̂, v), x ← x − α·m/(√v̂ + 1e-8),
 * with g = 2x), and the tutorial's printed end point (−6.78e-12, 1.279e-3).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Io, main } from '../../src/cli/main';
import { parseObjective } from '../../src/core/expr';
import { findPreset } from '../../src/core/presets';
import { objectiveSource, runOptimizers } from '../../src/core/run';

/** The tutorial's loop, transcribed independently of src/core/optim: iterates after updates 1…n. */
function tutorialIterates(start: number[], n: number, alpha: number, beta1: number, beta2: number): number[][] {
  const x = [...start];
  const m = [0, 0];
  const v = [0, 0];
  const vhat = [0, 0];
  const out: number[][] = [];
  for (let t = 0; t < n; t++) {
    const g = [x[0] * 2, x[1] * 2];
    for (let i = 0; i < 2; i++) {
      m[i] = beta1 ** (t + 1) * m[i] + (1 - beta1 ** (t + 1)) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2;
      vhat[i] = Math.max(vhat[i], v[i]);
      x[i] = x[i] - (alpha * m[i]) / (Math.sqrt(vhat[i]) + 1e-8);
    }
    out.push([...x]);
  }
  return out;
}

describe('AMSGrad tutorial preset', () => {
  const preset = findPreset('amsgrad-tutorial');

  it('is the tutorial\'s example: x² + y² from (−0.165955990594852, 0.4406489868843162), α = 0.007, β₁,t = 0.9ᵗ, β₂ = 0.99, 100 steps', () => {
    assert.ok(preset?.replay);
    assert.deepEqual(preset.start, [-0.165955990594852, 0.4406489868843162]);
    assert.equal(preset.replay.optimizer, 'amsgrad');
    assert.equal(preset.replay.convention, 'paper');
    assert.deepEqual(preset.replay.hyperparameters, { lr: 0.007, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, beta1Decay: 'power' });
    assert.equal(preset.replay.steps, 100);
  });

  it('the run loop replays it: iterates 90–99 (updates 91–100) match the tutorial\'s loop, and the end point its printed digits', () => {
    assert.ok(preset?.replay);
    const parsed = parseObjective(preset.expression);
    assert.ok(parsed.ok);
    const f = parsed.value;
    const source = objectiveSource(x => f.f(x), (x, out) => f.grad(x, out), 2);
    const { optimizer, convention, hyperparameters, steps } = preset.replay;
    const traces = runOptimizers(source, [{ optimizer, convention, hyperparameters }], { start: preset.start, steps });
    assert.ok(traces.ok, traces.ok ? '' : traces.error.message);
    const trace = traces.value[0];
    assert.equal(trace.count, 101);
    const want = tutorialIterates(preset.start, 100, 0.007, 0.9, 0.99);
    for (let k = 90; k <= 99; k++) {
      // the tutorial prints ">k f([x y])" after update k + 1
      for (let i = 0; i < 2; i++) {
        const got = trace.path[(k + 1) * 2 + i];
        const expected = want[k][i];
        assert.ok(Math.abs(got - expected) <= 1e-12 * Math.abs(expected), `>${k}[${i}]: ${got} vs ${expected}`);
      }
    }
    const [x, y] = [trace.path[200], trace.path[201]];
    assert.equal(x.toPrecision(3), '-6.78e-12');
    assert.equal(y.toPrecision(4), '0.001279');
  });

  it('no framework convention reproduces it: with bias correction the same settings stop near y ≈ 0.04', () => {
    const parsed = parseObjective('x^2 + y^2');
    assert.ok(parsed.ok && preset?.replay);
    const f = parsed.value;
    const source = objectiveSource(x => f.f(x), (x, out) => f.grad(x, out), 2);
    for (const convention of ['pytorch', 'keras', 'optax'] as const) {
      const hp = { lr: 0.007, beta1: 0.9, beta2: 0.99, beta1Decay: 'power' };
      const r = runOptimizers(source, [{ optimizer: 'amsgrad', convention, hyperparameters: hp }], { start: preset.start, steps: 100 });
      assert.ok(r.ok);
      const y = r.value[0].path[201];
      assert.ok(y > 0.01, `${convention}: y = ${y} (the paper's run reaches 1.279e-3)`);
    }
  });

  it('`optimizer-lab run amsgrad-tutorial` replays it unless the command line chooses the optimizer', async () => {
    let out = '';
    const io: Io = {
      out: s => { out += s; },
      err: () => undefined,
      writeFile: () => undefined,
      readFile: p => fs.readFileSync(p, 'utf8'),
      assetsDir: path.resolve(__dirname, '../../../dist'),
    };
    assert.equal(await main(['run', 'amsgrad-tutorial', '--json'], io), 0);
    const j = JSON.parse(out) as { runs: { optimizer: string; convention: string; path: number[][] }[] };
    assert.equal(j.runs.length, 1);
    assert.equal(j.runs[0].optimizer, 'amsgrad');
    assert.equal(j.runs[0].convention, 'paper');
    assert.equal(j.runs[0].path.length, 101);
    assert.equal(j.runs[0].path[100][1].toPrecision(4), '0.001279');
    out = '';
    assert.equal(await main(['run', 'amsgrad-tutorial', '--optimizer', 'sgd', '--steps', '3', '--json'], io), 0);
    const chosen = JSON.parse(out) as { runs: { optimizer: string }[] };
    assert.deepEqual(chosen.runs.map(r => r.optimizer), ['sgd']);
  });
});
