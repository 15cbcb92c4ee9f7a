import * as assert from 'assert';
import { withGradientNoise, summarizeSeeds } from '../../../src/core/data/noise';
import { GradientSource } from '../../../src/core/run';

/** f(x, y) = x² + 3y², ∇f = (2x, 6y): a hand-written plain source. */
const bowl: GradientSource = {
  dim: 2,
  loss: x => x[0] ** 2 + 3 * x[1] ** 2,
  gradient(x, _t, out) {
    out[0] = 2 * x[0];
    out[1] = 6 * x[1];
  },
};

function noisy(sigma: number, seed: number): GradientSource {
  const r = withGradientNoise(bowl, sigma, seed);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

describe('data/noise: Gaussian gradient noise', () => {
  const x = Float64Array.of(1, -2); // ∇f = (2, −12)

  it('σ = 0 is the exact gradient, and the loss is never noisy', () => {
    const s = noisy(0, 1);
    const out = new Float64Array(2);
    s.gradient(x, 5, out);
    assert.deepStrictEqual(Array.from(out), [2, -12]);
    assert.strictEqual(noisy(3, 1).loss(x), 13);
  });

  it('noise has mean 0 and standard deviation σ per component', () => {
    const sigma = 0.5;
    const s = noisy(sigma, 7);
    const out = new Float64Array(2);
    const n = 40_000;
    let sum = 0;
    let squares = 0;
    for (let t = 1; t <= n; t++) {
      s.gradient(x, t, out);
      const e = out[1] + 12;
      sum += e;
      squares += e * e;
    }
    assert.ok(Math.abs(sum / n) < 5 * sigma / Math.sqrt(n));
    assert.ok(Math.abs(Math.sqrt(squares / n) - sigma) < 0.02 * sigma);
  });

  it('the noise of update t depends only on (seed, t): reproducible, order-independent, seed-dependent', () => {
    const at = (s: GradientSource, t: number) => { const out = new Float64Array(2); s.gradient(x, t, out); return Array.from(out); };
    const a = noisy(1, 3);
    const first = at(a, 17);
    at(a, 1);
    at(a, 400);
    assert.deepStrictEqual(at(a, 17), first);
    assert.deepStrictEqual(at(noisy(1, 3), 17), first);
    assert.notDeepStrictEqual(at(noisy(1, 4), 17), first);
  });

  it('rejects a negative or non-finite σ', () => {
    assert.ok(!withGradientNoise(bowl, -1, 1).ok);
    assert.ok(!withGradientNoise(bowl, Number.NaN, 1).ok);
  });

  it('describes a bad σ, seed or source in words, never printing [object Object] or undefined', () => {
    const msg = (src: unknown, sigma: unknown, seed: unknown): string => {
      const r = withGradientNoise(src as GradientSource, sigma as number, seed as number);
      return r.ok ? '(ok)' : r.error.message;
    };
    assert.strictEqual(msg(bowl, [0.1], 1), 'sigma must be a finite number ≥ 0, got a list [0.1].');
    assert.strictEqual(msg(bowl, undefined, 1), 'sigma must be a finite number ≥ 0, got nothing.');
    assert.strictEqual(msg(bowl, '0.1', 1), 'sigma must be a finite number ≥ 0, got the text "0.1".');
    assert.strictEqual(msg(bowl, -1, 1), 'sigma must be a finite number ≥ 0, got -1.');
    assert.strictEqual(msg(bowl, 0.1, { seed: 1 }), 'seed must be a finite number, got an object with seed.');
    assert.strictEqual(msg(bowl, 0.1, Infinity), 'seed must be a finite number, got Infinity.');
    assert.strictEqual(msg(null, 0.1, 1), 'the gradient source must be an object with a dimension and loss and gradient functions, got null.');
    assert.strictEqual(msg({ dim: 2 }, 0.1, 1), 'the gradient source must be an object with a dimension and loss and gradient functions, got an object with dim.');
  });
});

describe('data/noise: several seeds as a mean line and a band', () => {
  it('summarizeSeeds treats anything but a list of { loss } as no runs', () => {
    assert.strictEqual(summarizeSeeds(null as unknown as []).mean.length, 0);
    const s = summarizeSeeds([{ loss: [1, 3] }, null, { loss: 'ab' }, { loss: Float64Array.of(3) }] as unknown as { loss: number[] }[]);
    // index 0: (1 + 3)/2 = 2 from the two real runs; index 1: only the first run, 3
    assert.deepStrictEqual(Array.from(s.mean), [2, 3]);
    assert.deepStrictEqual(Array.from(s.count), [2, 1]);
  });

  it('summarises by hand: mean, min/max and ±1 sd per index; missing and non-finite values drop out', () => {
    const traces = [{ loss: [4, 2, 1] }, { loss: [2, 4] }, { loss: [3, Number.NaN, 3] }];
    const mm = summarizeSeeds(traces);
    assert.deepStrictEqual(Array.from(mm.mean), [3, 3, 2]);
    assert.deepStrictEqual(Array.from(mm.lo), [2, 2, 1]);
    assert.deepStrictEqual(Array.from(mm.hi), [4, 4, 3]);
    assert.deepStrictEqual(Array.from(mm.count), [3, 2, 2]);
    // Index 0: values 4, 2, 3 → mean 3, population variance (1 + 1 + 0)/3 = 2/3.
    const sd = summarizeSeeds(traces, 'sd');
    assert.ok(Math.abs(sd.hi[0] - (3 + Math.sqrt(2 / 3))) < 1e-15);
    assert.ok(Math.abs(sd.lo[1] - 2) < 1e-15); // values 2, 4: sd 1
  });
});
