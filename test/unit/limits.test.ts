import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LIMITS } from '../../src/core/limits';

const root = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

/** The ways a number can be written in TypeScript or in a message: 10000000, 10_000_000, 10,000,000, 1e7. */
function spellings(n: number): RegExp {
  const plain = String(n);
  const grouped = (sep: string) => plain.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const exp = n.toExponential().replace(/\.0+e/, 'e').replace('e+', 'e');
  const forms = [plain, grouped('_'), grouped(','), exp].map(f => f.replace(/[.+]/g, '\\$&'));
  return new RegExp(`(?<![\\w.])(${[...new Set(forms)].join('|')})(?![\\w.])`);
}

describe('limits: each written once, in src/core/limits.ts', () => {
  // Limits distinctive enough to find as literals: the step cap in any spelling. (64, 160, 2000 or
  // 1e6 also stand for unrelated things — bit widths, pixel sizes, yield chunks, divergence
  // thresholds — so a search for them would only list false alarms.)
  const searched: [string, number][] = [['maxSteps', LIMITS.maxSteps]];
  const files = sourceFiles(path.join(root, 'src')).filter(f => !f.endsWith(path.join('core', 'limits.ts')));

  for (const [name, value] of searched) {
    it(`${name} (${value}) appears as a literal nowhere else in src/`, () => {
      const re = spellings(value);
      const hits: string[] = [];
      for (const f of files) {
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
          if (re.test(line)) hits.push(`${path.relative(root, f)}:${i + 1}: ${line.trim().slice(0, 120)}`);
        });
      }
      assert.deepStrictEqual(hits, []);
    });
  }

  it('the spellings searched for are the ones a person would write', () => {
    const re = spellings(10_000_000);
    for (const s of ['10000000', '10_000_000', '10,000,000', '1e7', 'x <= 1e7)']) assert.ok(re.test(s), s);
    for (const s of ['100000000', '10000000.5', 'a10000000', '1e70']) assert.ok(!re.test(s), s);
  });

  it("package.json's optimizerLab.steps maximum is maxSteps", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.contributes.configuration.properties['optimizerLab.steps'].maximum, LIMITS.maxSteps);
  });
});
