import * as assert from 'assert';
import { markdownPlace } from '../../../src/core/hover/markdown';
import { assertNone, assertSameFunction, detectAt } from './codeHelpers';

describe('hover detection in Markdown: structure', function () {
  this.timeout(60000);

  it('a fenced block tagged with a language is read in that language', async () => {
    const text = '# Loss\n\n```python\ny = x if x > 0 else 0.1 * x\n```\n';
    const f = assertSameFunction(await detectAt('markdown', text, 'if'), 'x > 0 ? x : 0.1 * x');
    assert.strictEqual(text.slice(f.start, f.end), 'x if x > 0 else 0.1 * x');
  });

  it("a fence keeps its language's meaning (^ is XOR in a js block)", async () => {
    assertNone(await detectAt('markdown', '```js\nconst y = a ^ 2;\n```\n', '^'), /XOR/);
  });

  it('inline code is read as maths text', async () => {
    const text = 'The loss is `(y - t)**2 / 2` here.\n';
    const f = assertSameFunction(await detectAt('markdown', text, 'y -'), '(y - t)^2 / 2');
    assert.strictEqual(text.slice(f.start, f.end), '(y - t)**2 / 2');
  });

  it('hyphenated words and version strings in inline code are quiet', async () => {
    assertNone(await detectAt('markdown', 'Encoding `utf-8` and `v1.2-rc1`.\n', 'utf'));
    assertNone(await detectAt('markdown', 'Encoding `utf-8` and `v1.2-rc1`.\n', 'v1'));
  });

  it('Sphinx/MyST roles like :eqlabel:`gd-taylor` are quiet', async () => {
    assertNone(await detectAt('markdown', 'See :eqlabel:`gd-taylor` and :numref:`x-1`.\n', 'gd'), /role/);
  });

  it('prose is quiet', async () => {
    assertNone(await detectAt('markdown', 'Gradient descent - a method.\n', 'descent'));
  });

  it('TeX maths is delegated to the TeX reader', async () => {
    const f = assertSameFunction(await detectAt('markdown', 'Here $f(x) = \\frac{1}{2} x^2$ holds.\n', 'frac'), 'x^2 / 2');
    assert.strictEqual(f.origin, 'tex');
  });

  it('markdownPlace finds fences, their language and the fence lines themselves', () => {
    const text = 'a\n```julia\nx = 1\n```\n`b`\n';
    const inFence = markdownPlace(text, text.indexOf('x = 1'));
    assert.deepStrictEqual(inFence, { kind: 'fence', languageId: 'julia', text: 'x = 1\n', start: text.indexOf('x = 1') });
    assert.strictEqual(markdownPlace(text, text.indexOf('julia')).kind, 'none');
    assert.deepStrictEqual(markdownPlace(text, text.indexOf('b`')), { kind: 'inline', text: 'b', start: text.indexOf('b`') });
  });
});
