#!/usr/bin/env node
/**
 * Writes the bundled sample datasets (media/datasets/*.csv). Deterministic: the same seeds give
 * byte-identical files on every machine, so the files can be regenerated and diffed.
 *
 *   node scripts/make-datasets.mjs            # writes media/datasets/
 *   node scripts/make-datasets.mjs OUT_DIR    # writes elsewhere (tests, comparisons)
 *
 * The generator is xoshiro128** seeded through splitmix32 — the same algorithm as
 * src/core/data/rng.ts (duplicated here so the script runs with plain Node, without a build).
 * Normals by Box–Muller. Numbers are written with fixed decimals (no locale, no exponent).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

function splitmix32(state) {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Same seeding as rng.ts's deriveSeed for a non-negative integer seed and stream 0. */
function deriveSeed(seed) {
  let h = 0x243f6a88;
  for (const word of [seed >>> 0, Math.floor(seed / 4294967296) >>> 0, 0, 0, 0]) h = splitmix32((h ^ word) | 0)[1];
  return h;
}

const rotl = (x, k) => (x << k) | (x >>> (32 - k));

function makeRng(seed) {
  let state = deriveSeed(seed);
  const s = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(state);
    state = next;
    s.push(out);
  }
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
    return result;
  };
  const uniform = () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  let spare;
  const normal = () => {
    if (spare !== undefined) { const v = spare; spare = undefined; return v; }
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return { uniform, normal };
}

/**
 * Linear regression: y = 3·x + 2 + ε, ε ~ N(0, 5²), x ~ U[0, 100], 200 rows, seed 6.
 * x spans 0..100 on purpose: unscaled, the loss (w·x + b − y)² is a long thin valley (curvature in w
 * is ~3,000× that in b), which is what rescaling fixes.
 */
function linearRegression() {
  const rng = makeRng(6);
  const lines = ['x,y'];
  for (let i = 0; i < 200; i++) {
    const x = 100 * rng.uniform();
    const y = 3 * x + 2 + 5 * rng.normal();
    lines.push(`${x.toFixed(3)},${y.toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Two-feature classification with labels y ∈ {−1, 1}, for the logistic loss
 * log(1 + exp(−y·(w1·x1 + w2·x2 + b))). 200 rows, 100 per class, seed 7:
 *   y = +1:  x1 ~ N(1.0, 1²),  x2 ~ N(55, 10²)
 *   y = −1:  x1 ~ N(−1.0, 1²), x2 ~ N(45, 10²)
 * The classes overlap (class means 2.2 standard deviations apart: Bayes error Φ(−1.118) ≈ 13%), so the data are not linearly separable and the logistic
 * loss has a finite minimiser. x2 sits around 50 with a spread ten times x1's, again so rescaling
 * visibly helps. Rows alternate between classes in a shuffled order.
 */
function classification() {
  const rng = makeRng(7);
  const lines = ['x1,x2,y'];
  const labels = Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : -1));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  for (const y of labels) {
    const x1 = y + rng.normal();
    const x2 = 50 + 5 * y + 10 * rng.normal();
    lines.push(`${x1.toFixed(4)},${x2.toFixed(3)},${y}`);
  }
  return lines.join('\n') + '\n';
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'media', 'datasets'));
fs.mkdirSync(outDir, { recursive: true });
for (const [name, text] of [['linear-regression.csv', linearRegression()], ['classification.csv', classification()]]) {
  fs.writeFileSync(path.join(outDir, name), text);
  console.log(`wrote ${path.relative(process.cwd(), path.join(outDir, name))} (${text.length} bytes)`);
}
