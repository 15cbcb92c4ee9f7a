import * as assert from 'assert';
import { texSpanAt } from '../../../src/core/hover/tex';

/** The span with the offset on the first occurrence of `at` (plus `shift`) in `text`. */
function spanAt(languageId: string, text: string, at: string, shift = 0) {
  const i = text.indexOf(at);
  assert.ok(i >= 0, `fixture has no '${at}'`);
  return texSpanAt({ languageId, text }, i + shift);
}

/** The span's tex is `tex`, and its range covers exactly `raw` in the text. */
function found(languageId: string, text: string, at: string, tex: string, raw = tex, shift = 0) {
  const s = spanAt(languageId, text, at, shift);
  assert.ok(s, `no span at '${at}'`);
  assert.strictEqual(s.tex, tex);
  assert.strictEqual(text.slice(s.start, s.end), raw);
}

function none(languageId: string, text: string, at: string, shift = 0) {
  const s = spanAt(languageId, text, at, shift);
  assert.strictEqual(s, undefined, `expected no span at '${at}', got ${JSON.stringify(s)}`);
}

describe('TeX spans in Markdown', () => {
  const md = [
    'The loss $f(x) = \\frac{1}{2} x^2$ is convex.',
    'Price: $5 and $10 today, \\$3 more.',
    'Inline `code $x^2$ here` stays code.',
    '',
    '$$',
    'f(\\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2.',
    '$$',
    '',
    'One line: $$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$',
    '',
    '```python',
    'y = $x^3$',
    '```',
    '',
    '```math',
    'g(y) = y^4',
    '```',
    '',
    '$$\\begin{aligned}',
    '  a &= x^5 \\\\',
    '  b &= y^6',
    '\\end{aligned}$$',
  ].join('\n');

  it('$…$ inline, with the offset inside or on a delimiter', () => {
    found('markdown', md, 'frac', 'f(x) = \\frac{1}{2} x^2');
    found('markdown', md, '$f(x)', 'f(x) = \\frac{1}{2} x^2');
  });
  it('currency and \\$ are not maths', () => {
    none('markdown', md, '5 and');
    none('markdown', md, '10 today');
    none('markdown', md, '3 more');
  });
  it('numbers inside inline maths are maths, and a `$` that cannot close makes the opening one text', () => {
    const text = 'from $0.4$ to $0.6$. Then $2 \\pi r/n$, since $5 and $10.';
    found('markdown', text, '0.6', '0.6');
    found('markdown', text, 'pi', '2 \\pi r/n');
    none('markdown', text, 'since');
    none('markdown', text, '5 and');
  });
  it('not inside inline code', () => {
    none('markdown', md, 'x^2$ here');
  });
  it('$$…$$ on several lines and on one line', () => {
    found('markdown', md, '0.1 x_1', 'f(\\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2.');
    found('markdown', md, 'sigma', '\\sigma(z) = \\frac{1}{1 + e^{-z}}');
  });
  it('```math fences are maths, other fences are not', () => {
    found('markdown', md, 'y^4', 'g(y) = y^4');
    none('markdown', md, 'x^3');
  });
  it('an aligned block: the row under the cursor, without & and the environment', () => {
    found('markdown', md, 'x^5', 'a  = x^5', 'a &= x^5');
    found('markdown', md, 'y^6', 'b  = y^6', 'b &= y^6');
    none('markdown', md, '$$\\begin{aligned}');
    none('markdown', md, '\\end{aligned}');
  });
  it('ordinary text is not maths', () => {
    none('markdown', md, 'The loss');
    none('markdown', md, 'One line');
  });
});

describe('TeX spans in LaTeX documents', () => {
  const tex = [
    '% a note on x^2 and $y^3$ in a comment',
    'Inline $a + b$, \\(c^2\\) and \\[d^2\\]; 100\\% sure, \\$5.',
    '\\begin{align}',
    '  f(x) &= x^2 + 1 \\label{eq:f} \\\\',
    '  g(y) &= \\sin y',
    '\\end{align}',
    '\\begin{equation*}',
    '  h = z^2',
    '\\end{equation*}',
    '\\begin{gather}',
    '  u^2 \\\\ v^2',
    '\\end{gather}',
    '\\begin{verbatim}$q^2$\\end{verbatim}',
  ].join('\n');

  it('$…$, \\(…\\), \\[…\\]', () => {
    found('latex', tex, 'a + b', 'a + b');
    found('latex', tex, 'c^2', 'c^2');
    found('tex', tex, 'd^2', 'd^2');
  });
  it('align: the row under the cursor, split at \\\\, & removed', () => {
    found('latex', tex, 'x^2 + 1', 'f(x)  = x^2 + 1 \\label{eq:f}', 'f(x) &= x^2 + 1 \\label{eq:f}');
    found('latex', tex, 'sin y', 'g(y)  = \\sin y', 'g(y) &= \\sin y');
  });
  it('equation* and gather rows', () => {
    found('latex', tex, 'z^2', 'h = z^2');
    found('latex', tex, 'u^2', 'u^2');
    found('latex', tex, 'v^2', 'v^2');
  });
  it('comments only through the $…$ they contain', () => {
    none('latex', tex, 'x^2 and');
    found('latex', tex, 'y^3', 'y^3');
  });
  it('text, escaped % and $, and verbatim are not maths', () => {
    none('latex', tex, 'Inline');
    none('latex', tex, 'sure');
    none('latex', tex, 'q^2');
  });
});

describe('TeX spans in plain text (comments, docstrings)', () => {
  const text = 'Computes $x^2 + y$, :math:`\\frac{1}{x}` or \\(z^3\\); costs $5 to $10.';
  it('$…$, :math:`…` and \\(…\\)', () => {
    found('plaintext', text, 'x^2', 'x^2 + y');
    found('plaintext', text, 'frac', '\\frac{1}{x}');
    found('plaintext', text, 'z^3', 'z^3');
  });
  it('currency is not maths', () => {
    none('plaintext', text, '5 to');
  });
  it('R documentation: \\deqn{…} and \\eqn{…} with nested braces', () => {
    const rd = "#' \\deqn{f(\\mathbf{x}) = \\mathbf{x}_1^2 + 4\\mathbf{x}_2} and \\eqn{y^{2}}";
    found('r', rd, 'x}_1', 'f(\\mathbf{x}) = \\mathbf{x}_1^2 + 4\\mathbf{x}_2');
    found('r', rd, 'y^', 'y^{2}');
    none('r', rd, 'and');
  });
  it('a comment passed as its own document', () => {
    found('python', ' loss: $\\frac{1}{2} w^2$', 'w^2', '\\frac{1}{2} w^2');
  });
  it('an offset outside the document', () => {
    assert.strictEqual(texSpanAt({ languageId: 'plaintext', text: '$x$' }, 10), undefined);
    assert.strictEqual(texSpanAt({ languageId: 'plaintext', text: '$x$' }, -1), undefined);
  });
});
