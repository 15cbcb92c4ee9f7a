import * as assert from 'assert';
import { Rng } from '../../../src/core/data/rng';

describe('data/rng', () => {
  it('xoshiro128** from state (1, 2, 3, 4) gives 11520, 0, 5927040 (stepped by hand)', () => {
    // 1st: rotl(s1·5, 7)·9 = rotl(10, 7)·9 = 1280·9 = 11520; state → (7, 0, 1026, 12288).
    // 2nd: rotl(0, 7)·9 = 0; state → (12295, 1029, 1029, 25165824).
    // 3rd: rotl(1029·5, 7)·9 = 5145·128·9 = 5927040.
    const rng = Rng.fromState(1, 2, 3, 4);
    assert.deepStrictEqual([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()], [11520, 0, 5927040]);
  });

  it('is reproducible per seed and differs across seeds and streams', () => {
    const draw = (seed: number, stream = 0) => { const r = new Rng(seed, stream); return Array.from({ length: 8 }, () => r.next()); };
    assert.deepStrictEqual(draw(42), draw(42));
    assert.notDeepStrictEqual(draw(42), draw(43));
    assert.notDeepStrictEqual(draw(42, 1), draw(42, 2));
    assert.notDeepStrictEqual(draw(0.5), draw(0));
    assert.ok(draw(-3).every(v => v >= 0 && v < 1));
  });

  it('next() is uniform: mean 1/2 and variance 1/12 over 200,000 draws', () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) { const v = rng.next(); sum += v; squares += v * v; }
    const mean = sum / n;
    // Standard error of the mean is sqrt(1/12 / n) ≈ 0.00065: allow ~5 of them.
    assert.ok(Math.abs(mean - 0.5) < 0.0033, `mean ${mean}`);
    assert.ok(Math.abs(squares / n - mean * mean - 1 / 12) < 0.002);
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = new Rng(2);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) { const v = rng.normal(); sum += v; squares += v * v; }
    assert.ok(Math.abs(sum / n) < 0.012); // SE ≈ 0.0022
    assert.ok(Math.abs(squares / n - 1) < 0.016); // SE of variance ≈ sqrt(2/n) ≈ 0.0032
  });

  it('shuffle is a permutation, and all 6 orders of 3 items are equally likely', () => {
    const rng = new Rng(3);
    const big = rng.shuffle(Uint32Array.from({ length: 1000 }, (_, i) => i));
    assert.deepStrictEqual(Array.from(big).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
    const counts = new Map<string, number>();
    const trials = 60_000;
    for (let t = 0; t < trials; t++) {
      const key = Array.from(rng.shuffle(Uint32Array.of(0, 1, 2))).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.strictEqual(counts.size, 6);
    // Expected 10,000 each, sd ≈ 91: allow 5 sd.
    for (const [key, c] of counts) assert.ok(Math.abs(c - 10_000) < 460, `${key}: ${c}`);
  });
});
