import * as assert from 'assert';
import { parseObjective } from '../../../src/core/expr';

describe('gradient display texts (built on first read)', () => {
  const sources = [
    '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2 + z^2*sin(x*z)',
    '(1 - x)^2 + 100*(y - x^2)^2 + exp(z - x)*cos(y*z)',
  ];
  for (const source of sources) {
    {
      it(`${source.slice(0, 24)}…: the same texts whichever partial is read first`, () => {
        const a = parseObjective(source);
        const b = parseObjective(source);
        assert.ok(a.ok && b.ok);
        if (!a.ok || !b.ok) return;
        const n = a.value.variables.length;
        const forward = Array.from({ length: n }, (_, i) => ({ ...a.value.gradient[i] }));
        const backward = Array.from({ length: n }, (_, i) => ({ ...b.value.gradient[n - 1 - i] })).reverse();
        assert.deepStrictEqual(backward, forward);
        assert.strictEqual(a.value.gradient, a.value.gradient, 'built once');
        assert.deepStrictEqual(JSON.parse(JSON.stringify(a.value)).gradient, forward, 'JSON carries the texts');
      });
    }
  }
});
