/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/
 * xoshiro128starstar.c), seeded through splitmix32 so that nearby seeds (0, 1, 2, …) give unrelated
 * streams. Math.random cannot be seeded, and every sampled batch and noise draw in the lab must be
 * reproducible from a seed a person typed.
 */

/** splitmix32 step: a good 32-bit mixer, used to expand one seed into the 128-bit state. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Folds any finite number (negative, fractional, beyond 2^32) and an optional stream index into one
 * 32-bit seed. Streams let one user seed drive independent sequences (epoch 3's shuffle, step 17's
 * noise) that are pure functions of (seed, stream), whatever order they are asked for in.
 */
export function deriveSeed(seed: number, stream = 0): number {
  const s = Number.isFinite(seed) ? seed : 0;
  const lo = Math.floor(s) >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  const frac = Math.floor((s - Math.floor(s)) * 4294967296) >>> 0;
  let h = 0x243f6a88;
  for (const word of [lo, hi, frac, stream >>> 0, Math.floor(stream / 4294967296) >>> 0]) {
    h = splitmix32((h ^ word) | 0)[1];
  }
  return h;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal: number | undefined;

  constructor(seed: number, stream = 0) {
    let state = deriveSeed(seed, stream);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words;
    // xoshiro's all-zero state is a fixed point; splitmix32 output makes it practically impossible.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with the raw 128-bit state given (reference test vectors; not for seeding). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    const rng = new Rng(0);
    [rng.s0, rng.s1, rng.s2, rng.s3] = [s0 | 0, s1 | 0, s2 | 0, s3 | 0];
    return rng;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits (two draws), so no value of a double is skipped. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n). The float path's bias is below n / 2^53: invisible for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    // 1 − next() lies in (0, 1], so the logarithm is finite.
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates (Durstenfeld) shuffle: every permutation equally likely. */
  shuffle(values: Uint32Array): Uint32Array {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
