import * as assert from 'assert';
import { detectFormula } from '../../src/core/hover';
import * as engine from '../../src/extension/entries/engine';
import { computeScreenAhead, ContentCache, contentKey, HoverContent, hoverContent, probeOffsets } from '../../src/extension/hoverAhead';
import { inThreadRenderer } from '../../src/extension/mathRenderer';
import * as texSvg from '../../src/extension/texSvg';
import { nodeAssets } from './hover/assets';

/** MathJax in this thread (the Node host's worker thread is renderHost.ts's). */
const render = inThreadRenderer(texSvg);

const COLOR = '#d4d4d4';
const URI = 'file:///notes.md';
const TEXT = [
  '# Notes',
  '',
  'The bowl $f(x, y) = x^2 + 3 y^2$ is easy.',
  '',
  'Rosenbrock: $(1 - a)^2 + 100 (b - a^2)^2$ and plain words.',
  '',
  '$$\\sigma(t) = \\frac{1}{1 + e^{-t}}$$',
].join('\n');
const FORMULAS = ['x^2 + 3 y^2', '100 (b - a^2)^2', 'frac{1}'];

interface Found { expression: string; start: number; end: number }
const detect = async (offset: number): Promise<Found | undefined> => {
  const d = await detectFormula({ languageId: 'markdown', text: TEXT }, offset, nodeAssets);
  return d.found ? d.formula : undefined;
};
const lines = () => {
  let offset = 0;
  return TEXT.split('\n').map(text => { const l = { text, offset }; offset += text.length + 1; return l; });
};
const key = (f: Found) => contentKey(URI, 1, f.start, f.end, f.expression, COLOR);
const compute = (f: Found) => hoverContent(engine, render, f.expression, undefined, COLOR);

describe('hover contents computed ahead', () => {
  it('probes each word, number, $ and \\ that follows a non-word character in code', () => {
    assert.deepStrictEqual(probeOffsets([{ text: 'ab + c1 $x$', offset: 10 }, { text: '\\frac', offset: 40 }], 'python'), [10, 15, 18, 19, 40, 41]);
  });

  it('in Markdown probes just inside $ and backticks, and every word of a block opened on screen', () => {
    assert.deepStrictEqual(probeOffsets([{ text: 'Let $x^2$ be `a*b`', offset: 0 }], 'markdown'), [5, 9, 14, 18]);
    const block = [{ text: '$$', offset: 0 }, { text: 'a + b', offset: 3 }, { text: '$$', offset: 9 }, { text: 'c d', offset: 12 }];
    assert.deepStrictEqual(probeOffsets(block, 'markdown'), [2, 3, 7, 9, 10]);
    assert.deepStrictEqual(probeOffsets([{ text: '$$a$$', offset: 0 }, { text: 'c d', offset: 6 }], 'markdown'), [2, 5]);
  });

  it('the precomputed hovers are the on-demand hovers, and a hover after the pass computes nothing', async () => {
    const ahead = new ContentCache<HoverContent | undefined>();
    const r = await computeScreenAhead<Found>({
      probes: probeOffsets(lines(), 'markdown'), detect, cancelled: () => false,
      compute: f => ahead.get(key(f), () => compute(f)),
    });
    assert.strictEqual(r.cancelled, false);
    assert.strictEqual(r.formulas, 3, 'the three formulas of the text');
    assert.strictEqual(ahead.computed, 3);
    for (const needle of FORMULAS) {
      // The hover: the detection at an offset inside the formula, then the shared cache.
      const f = (await detect(TEXT.indexOf(needle) + 2))!;
      assert.ok(f, needle);
      const hits = ahead.hits;
      const cached = await ahead.get(key(f), () => assert.fail('computed again'));
      assert.strictEqual(ahead.hits, hits + 1);
      // On demand, in a cache of its own.
      const onDemand = await new ContentCache<HoverContent | undefined>().get(key(f), () => compute(f));
      assert.ok(onDemand && onDemand.parts.length >= 4, needle);
      assert.deepStrictEqual(cached, onDemand, needle);
    }
    assert.strictEqual(ahead.computed, 3);
  });

  it('two concurrent requests for one formula compute it once and get the same promise', async () => {
    const cache = new ContentCache<number>();
    let calls = 0;
    const slow = () => new Promise<number>(resolve => { calls++; setTimeout(() => resolve(42), 20); });
    const a = cache.get('k', slow);
    const b = cache.get('k', slow);
    assert.strictEqual(a, b);
    assert.deepStrictEqual(await Promise.all([a, b]), [42, 42]);
    assert.strictEqual(calls, 1);
    assert.deepStrictEqual([cache.computed, cache.hits], [1, 1]);
  });

  it('a hover that arrives while the pass computes its formula waits for that computation', async () => {
    const cache = new ContentCache<HoverContent | undefined>();
    const computing = new Map<string, number>();
    const counted = (f: Found) => () => { computing.set(f.expression, (computing.get(f.expression) ?? 0) + 1); return compute(f); };
    let hover: Promise<HoverContent | undefined> | undefined;
    const pass = computeScreenAhead<Found>({
      probes: probeOffsets(lines(), 'markdown'), detect, cancelled: () => false,
      compute: f => {
        const p = cache.get(key(f), counted(f));
        hover ??= cache.get(key(f), counted(f)); // the person hovers the first formula meanwhile
        return p;
      },
    });
    await pass;
    assert.ok(await hover);
    assert.deepStrictEqual([...computing.values()], [1, 1, 1]);
    assert.deepStrictEqual([cache.computed, cache.hits], [3, 1]);
  });

  it('stops when cancelled, and computes at most maxFormulas', async () => {
    let computed = 0;
    const capped = await computeScreenAhead<Found>({ probes: probeOffsets(lines(), 'markdown'), detect, cancelled: () => false, compute: async () => { computed++; }, maxFormulas: 2 });
    assert.deepStrictEqual([capped.formulas, computed], [2, 2]);
    computed = 0;
    const stopped = await computeScreenAhead<Found>({ probes: probeOffsets(lines(), 'markdown'), detect, cancelled: () => computed > 0, compute: async () => { computed++; } });
    assert.deepStrictEqual([stopped.cancelled, computed], [true, 1]);
  });

  it('one step per macrotask: a timer set before the pass runs before its second step', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await computeScreenAhead<Found>({ probes: [0, 1, 2], detect: async o => { order.push(`probe ${o}`); return undefined; }, cancelled: () => false, compute: async () => undefined });
    assert.ok(order.indexOf('timer') < order.indexOf('probe 2'), order.join(', '));
  });
});
