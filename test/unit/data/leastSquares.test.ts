import * as assert from 'assert';
import { Dataset, datasetFromColumns } from '../../../src/core/data/dataset';
import { solveLeastSquares } from '../../../src/core/data/leastSquares';
import { PerSampleLoss } from '../../../src/core/data/objective';
import { readCsvFile } from '../../../src/cli/readCsv';
import { logistic, repoFile, squaredLinear } from './helpers';

/** Simple linear regression by the textbook formulas, computed here independently of the code. */
function closedForm(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; intercept: number } {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
  mx /= n;
  my /= n;
  let cov = 0;
  let varx = 0;
  for (let i = 0; i < n; i++) { cov += (xs[i] - mx) * (ys[i] - my); varx += (xs[i] - mx) ** 2; }
  const slope = cov / varx;
  return { slope, intercept: my - slope * mx };
}

function solved(loss: PerSampleLoss, data: Dataset): Float64Array {
  const r = solveLeastSquares(loss, data);
  if (!r.ok) assert.fail(r.error.message);
  return r.value.parameters;
}

const close = (actual: number, expected: number, rel = 1e-10, label = ''): void =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${label} ${actual} vs ${expected}`);

/** ℓ = (w1·x1 + w2·x2 + b − y)², hand gradient 2r·(x1, x2, 1). */
const twoFeatures: PerSampleLoss = {
  variables: ['w1', 'w2', 'b'],
  dataColumns: ['x1', 'x2', 'y'],
  f: (p, d = []) => (p[0] * d[0] + p[1] * d[1] + p[2] - d[2]) ** 2,
  grad(p, out, d = []) {
    const r = p[0] * d[0] + p[1] * d[1] + p[2] - d[2];
    out[0] = 2 * r * d[0];
    out[1] = 2 * r * d[1];
    out[2] = 2 * r;
  },
};

describe('data/leastSquares', () => {
  it('matches slope = cov(x, y)/var(x), intercept = ȳ − slope·x̄ on the bundled linear-regression.csv', async () => {
    const data = await readCsvFile(repoFile('media/datasets/linear-regression.csv'));
    if (!data.ok) assert.fail(data.error.message);
    const [x, y] = data.value.data;
    const { slope, intercept } = closedForm(x, y);
    const [w, b] = solved(squaredLinear, data.value);
    close(w, slope, 1e-11, 'w');
    close(b, intercept, 1e-10, 'b');
    // The data were generated as y = 3x + 2 + N(0, 5²) over 200 rows: the fit is near (3, 2).
    assert.ok(Math.abs(w - 3) < 0.05 && Math.abs(b - 2) < 3);
  });

  it('recovers exact coefficients of noiseless data with two features on very different scales', () => {
    const n = 40;
    const x1 = Array.from({ length: n }, (_, i) => 1000 + 37 * Math.sin(i));
    const x2 = Array.from({ length: n }, (_, i) => 0.001 * Math.cos(2.3 * i));
    const y = x1.map((v, i) => 2 * v - 3000 * x2[i] + 0.5);
    const [w1, w2, b] = solved(twoFeatures, datasetFromColumns({ x1, x2, y }));
    close(w1, 2, 1e-9, 'w1');
    close(w2, -3000, 1e-9, 'w2');
    close(b, 0.5, 1e-7, 'b');
  });

  it('solves a ridge-penalised squared loss exactly (still quadratic)', () => {
    // mean (w·x + b − y)² + λw²: normal equations [Sxx/n + λ, Sx/n; Sx/n, 1]·(w, b) = (Sxy/n, Sy/n).
    const lambda = 0.5;
    const xs = [0, 1, 2, 3, 4];
    const ys = [1, 3, 2, 5, 4];
    const ridge: PerSampleLoss = {
      variables: ['w', 'b'],
      dataColumns: ['x', 'y'],
      f: (p, d = []) => (p[0] * d[0] + p[1] - d[1]) ** 2 + lambda * p[0] ** 2,
      grad(p, out, d = []) {
        const r = p[0] * d[0] + p[1] - d[1];
        out[0] = 2 * r * d[0] + 2 * lambda * p[0];
        out[1] = 2 * r;
      },
    };
    // Sx/n = 2, Sxx/n = 6, Sy/n = 3, Sxy/n = 38/5 = 7.6. Solve [6.5, 2; 2, 1]·(w, b) = (7.6, 3):
    // det = 2.5; w = (7.6 − 6)/2.5 = 0.64; b = (6.5·3 − 2·7.6)/2.5 = 4.3/2.5 = 1.72.
    const [w, b] = solved(ridge, datasetFromColumns({ x: xs, y: ys }));
    close(w, 0.64, 1e-12, 'w');
    close(b, 1.72, 1e-12, 'b');
  });

  it('refuses a loss that is not a squared error of a linear model, with the reason', () => {
    const data = datasetFromColumns({ x1: [0, 1, 2, 3], x2: [1, 0, 1, 0], y: [1, -1, 1, -1] });
    const r = solveLeastSquares(logistic, data);
    assert.ok(!r.ok && /not a quadratic/.test(r.error.message));
    const quartic: PerSampleLoss = {
      variables: ['w', 'b'],
      dataColumns: ['x', 'y'],
      f: (p, d = []) => (p[0] * d[0] + p[1] - d[1]) ** 4,
      grad(p, out, d = []) {
        const r3 = 4 * (p[0] * d[0] + p[1] - d[1]) ** 3;
        out[0] = r3 * d[0];
        out[1] = r3;
      },
    };
    const q = solveLeastSquares(quartic, datasetFromColumns({ x: [1, 2, 3], y: [1, 0, 2] }));
    assert.ok(!q.ok && /not a quadratic/.test(q.error.message));
  });

  it('refuses collinear columns and too few rows: no unique minimum', () => {
    const collinear = datasetFromColumns({ x1: [1, 2, 3, 4], x2: [2, 4, 6, 8], y: [1, 2, 2, 3] });
    const r = solveLeastSquares(twoFeatures, collinear);
    assert.ok(!r.ok && /no unique minimum|ill-conditioned/.test(r.error.message), !r.ok ? r.error.message : '');
    const oneRow = solveLeastSquares(squaredLinear, datasetFromColumns({ x: [2], y: [1] }));
    assert.ok(!oneRow.ok && /no unique minimum|ill-conditioned/.test(oneRow.error.message));
  });
});
