/**
 * Hand-written per-sample losses with hand-derived gradients, so the data layer can be tested
 * independently of the expression compiler (and the compiler's output compared against them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PerSampleLoss } from '../../../src/core/data/objective';

/** ℓ(w, b; x, y) = (w·x + b − y)²; ∂ℓ/∂w = 2r·x, ∂ℓ/∂b = 2r with r = w·x + b − y. */
export const squaredLinear: PerSampleLoss = {
  variables: ['w', 'b'],
  dataColumns: ['x', 'y'],
  f(p, d = []) {
    const r = p[0] * d[0] + p[1] - d[1];
    return r * r;
  },
  grad(p, out, d = []) {
    const r = p[0] * d[0] + p[1] - d[1];
    out[0] = 2 * r * d[0];
    out[1] = 2 * r;
  },
};

/** ℓ = log(1 + exp(−y·(w1·x1 + w2·x2 + b))); ∂ℓ/∂z = −y·σ(−y·z), ∂z/∂(w1, w2, b) = (x1, x2, 1). */
export const logistic: PerSampleLoss = {
  variables: ['w1', 'w2', 'b'],
  dataColumns: ['x1', 'x2', 'y'],
  f(p, d = []) {
    const z = p[0] * d[0] + p[1] * d[1] + p[2];
    return Math.log(1 + Math.exp(-d[2] * z));
  },
  grad(p, out, d = []) {
    const z = p[0] * d[0] + p[1] * d[1] + p[2];
    const s = (-d[2]) / (1 + Math.exp(d[2] * z));
    out[0] = s * d[0];
    out[1] = s * d[1];
    out[2] = s;
  },
};

/** The mean of `rowValue(i)` over the given rows, summed plainly: an independent reference. */
export function meanOver(rows: Iterable<number>, rowValue: (i: number) => number): number {
  let sum = 0;
  let n = 0;
  for (const i of rows) { sum += rowValue(i); n++; }
  return sum / n;
}

/** A file in the repository: tests run from out/test/unit/data (or elsewhere, with cwd at the repo root). */
export function repoFile(relative: string): string {
  const fromOut = path.resolve(__dirname, '../../../..', relative);
  return fs.existsSync(fromOut) ? fromOut : path.resolve(process.cwd(), relative);
}
