import * as assert from 'assert';
import { findFormula, looksLikeMath, toMathjs } from '../../src/core/detect';

const doc = (text: string) => {
  const lines = text.split('\n');
  return { lineCount: lines.length, lineAt: (i: number) => lines[i] };
};
/** The formula found with the cursor on the first occurrence of `at` in the text. */
function find(text: string, languageId: string, at: string) {
  const lines = text.split('\n');
  const line = lines.findIndex(l => l.includes(at));
  assert.ok(line >= 0, `fixture has no '${at}'`);
  return findFormula(doc(text), line, lines[line].indexOf(at), languageId);
}

describe('formula detection', () => {
  it('translates host-language spellings to mathjs', () => {
    assert.strictEqual(toMathjs('x**2 + np.sin(y) * math.pi', 'python'), 'x^2 + sin(y) * pi');
    assert.strictEqual(toMathjs('Math.exp(-x) + Math.PI;', 'typescript'), 'exp(-x) + pi');
    assert.strictEqual(toMathjs('numpy.log(1 + x**2)', 'python'), 'log(1 + x^2)');
  });

  it('markdown: inline code, $…$ and math fences; nothing in prose', () => {
    assert.strictEqual(find('The loss `(1-x)^2 + 100*(y-x^2)^2` is steep.', 'markdown', '100')?.expression, '(1-x)^2 + 100*(y-x^2)^2');
    assert.strictEqual(find('Minimise $x^2 + 3y^2$ here.', 'markdown', '3y')?.expression, 'x^2 + 3y^2');
    const fenced = '# Title\n```math\na = 10\nf(x, y) = x^2 + a*y^2\n```\ntext';
    const f = find(fenced, 'markdown', 'f(x');
    assert.strictEqual(f?.expression, 'a = 10\nf(x, y) = x^2 + a*y^2');
    assert.deepStrictEqual([f?.line, f?.endLine], [2, 3]);
    assert.strictEqual(find('```python\ny = x**2\n```', 'markdown', 'x**2'), undefined);
    assert.strictEqual(find('Just some words here.', 'markdown', 'words'), undefined);
    assert.strictEqual(find('Use `npm test` to run', 'markdown', 'npm'), undefined);
  });

  it('python: assignment right-hand side and comments', () => {
    const r = find('loss = (1 - x)**2 + 100*(y - x**2)**2', 'python', 'loss');
    assert.strictEqual(r?.expression, '(1 - x)^2 + 100*(y - x^2)^2');
    assert.strictEqual(r?.start, 7);
    assert.strictEqual(find('z = 1  # f(x, y) = x^2 + 3xy', 'python', 'f(x')?.expression, 'f(x, y) = x^2 + 3xy');
    assert.strictEqual(find('    return np.exp(-x**2)', 'python', 'exp')?.expression, 'exp(-x^2)');
  });

  it('typescript/javascript: const declarations, Math prefixes, trailing semicolons', () => {
    assert.strictEqual(find('const f = Math.sin(x) * Math.cos(y);', 'typescript', 'sin')?.expression, 'sin(x) * cos(y)');
    assert.strictEqual(find('let g: number = x ** 2 + y;', 'typescript', 'x **')?.expression, 'x ^ 2 + y');
    assert.strictEqual(find('// f(x, y) = x^2 - y^2', 'javascript', 'y^2')?.expression, 'f(x, y) = x^2 - y^2');
    assert.strictEqual(find('export const g = x ** 3 - y;', 'typescript', 'x **')?.expression, 'x ^ 3 - y');
  });

  it('julia, R, LaTeX comments and plain text', () => {
    assert.strictEqual(find('f(x) = x^4 - 3x^2 + x', 'julia', 'x^4')?.expression, 'f(x) = x^4 - 3x^2 + x');
    assert.strictEqual(find('loss <- (w*x + b - y)^2', 'r', 'w*x')?.expression, '(w*x + b - y)^2');
    assert.strictEqual(find('\\section{A} % f(x,y) = x^2 + y^2', 'latex', 'f(x')?.expression, 'f(x,y) = x^2 + y^2');
    assert.strictEqual(find('x^2 + sin(y)', 'plaintext', 'sin')?.expression, 'x^2 + sin(y)');
  });

  it('stays quiet on ordinary code: strings, lone numbers and identifiers, TeX commands', () => {
    assert.strictEqual(find('name = "x + y"', 'python', 'name'), undefined);
    assert.strictEqual(find('count = 42', 'python', 'count'), undefined);
    assert.strictEqual(find('total = subtotal', 'python', 'total'), undefined);
    assert.strictEqual(find('$\\frac{a}{b}$', 'markdown', 'frac'), undefined);
    assert.strictEqual(looksLikeMath('import os'), false);
  });

  it('foo = bar(baz) is found as a candidate, and the whitelist (not detection) rejects it', () => {
    // Detection is deliberately permissive; parseObjective rejects the unknown function 'bar'.
    assert.strictEqual(find('foo = bar(baz)', 'python', 'foo')?.expression, 'bar(baz)');
  });
});
