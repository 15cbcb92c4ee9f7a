import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCsv } from '../../../src/core/data/csv';
import { Rng } from '../../../src/core/data/rng';
import { repoFile } from './helpers';

const files = ['linear-regression.csv', 'classification.csv'];

describe('data: bundled sample datasets', () => {
  it('are small, well-formed, and regenerate byte for byte from scripts/make-datasets.mjs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optimizer-lab-datasets-'));
    try {
      execFileSync(process.execPath, [repoFile('scripts/make-datasets.mjs'), dir], { stdio: 'pipe' });
      for (const name of files) {
        const committed = fs.readFileSync(repoFile(`media/datasets/${name}`), 'utf8');
        assert.ok(committed.length < 20_000, `${name} is ${committed.length} bytes`);
        assert.strictEqual(fs.readFileSync(path.join(dir, name), 'utf8'), committed, `${name} differs from the script's output`);
        assert.ok(parseCsv(committed).ok);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the script's generator is rng.ts's: the first x is 100 × the first draw of new Rng(6)", () => {
    const text = fs.readFileSync(repoFile('media/datasets/linear-regression.csv'), 'utf8');
    const firstX = text.split('\n')[1].split(',')[0];
    assert.strictEqual(firstX, (100 * new Rng(6).next()).toFixed(3));
  });

  it('classification: 100 rows per label y ∈ {−1, 1}, x2 around 50', () => {
    const r = parseCsv(fs.readFileSync(repoFile('media/datasets/classification.csv'), 'utf8'));
    if (!r.ok) assert.fail(r.error.message);
    assert.deepStrictEqual(r.value.columns, ['x1', 'x2', 'y']);
    const y = Array.from(r.value.data[2]);
    assert.strictEqual(y.filter(v => v === 1).length, 100);
    assert.strictEqual(y.filter(v => v === -1).length, 100);
    const meanX2 = r.value.data[1].reduce((a, v) => a + v, 0) / r.value.rows;
    assert.ok(Math.abs(meanX2 - 50) < 3);
  });
});
