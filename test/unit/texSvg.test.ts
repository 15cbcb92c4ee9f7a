import * as assert from 'assert';
import { parseObjective } from '../../src/core/expr';
import { partialTex } from '../../src/core/expr/print';
import { useFasterMathJax } from '../../src/extension/mathjaxSpeed';
import { newTypesetter, svgDataUri, texToSvg, typeset } from '../../src/extension/texSvg';

/** The data: URI as RFC 2397 writes it: base64 of the text's UTF-8 bytes (Node's own encoder, not the code under test). */
const expected = (svg: string): string => `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;

describe('hover images (MathJax SVG → data: URI)', () => {
  it('encodes ASCII and non-ASCII SVG text as base64 of its UTF-8 bytes', () => {
    const ascii = '<svg xmlns="http://www.w3.org/2000/svg" width="10px"><path d="M0 0L1 1"/></svg>';
    assert.strictEqual(svgDataUri(ascii), expected(ascii));
    // 'é' is two UTF-8 bytes and '∂' three: base64 of the code units alone would be wrong
    const utf8 = '<svg><title>∂f/∂x é</title></svg>';
    assert.strictEqual(svgDataUri(utf8), expected(utf8));
    assert.strictEqual(svgDataUri(''), 'data:image/svg+xml;base64,');
  });

  it('renders a ∂f line as ASCII SVG in the theme colour, sized in px, and refuses invalid TeX', () => {
    const svg = texToSvg('\\frac{\\partial f}{\\partial x} = 2\\cdot{x}-400\\cdot{x}\\cdot({y}-{{x}}^{2})-2', '#d4d4d4');
    assert.ok(svg !== undefined);
    assert.match(svg, /^<svg[^>]* width="[\d.]+px" height="[\d.]+px"/);
    assert.ok(svg.includes('#d4d4d4') && !svg.includes('currentColor'));
    // the fast path's premise: MathJax writes glyphs as paths and names characters by hex codes
    assert.match(svg, /^[\x00-\x7f]*$/);
    assert.strictEqual(svgDataUri(svg), expected(svg));
    assert.strictEqual(texToSvg('\\frac{1}{', '#000000'), undefined);
  });

  it('typesets hundreds of TeX lines to the same SVG, byte for byte, with MathJax as published and with mathjaxSpeed.ts', () => {
    // The hover's own TeX (f and every ∂f, scaled so no two lines repeat) plus constructs it does not print.
    const formulas = ['(1 - x)^2 + 100*(y - x^2)^2', 'exp(-x^2 - y^2) * sin(3*x)', 'log(1 + exp(w*x + b))', '0.5*(a - 2)^2 + cos(a*b)',
      'sqrt(x^2 + y^2 + 1)', 'tanh(u) * v^3 - u/v', 'abs(x) + max(x, y)^2', 'x / (1 + y^2)', 'theta^2 * alpha + x_1 / x_2', 'x > 0 ? x^2 : -x', 'nthRoot(x, 3) + asinh(y)'];
    const lines = ['\\frac{\\partial f}{\\partial x} =', '\\left(\\frac{1}{2}\\right)^{2}', '\\sqrt[3]{x}', '\\mathbf{w}^{\\top} x', '\\|w\\|^{2}',
      '\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}', '\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\sum_{i=1}^{3} i^{2}', '\\dfrac{\\mathrm{d}y}{\\mathrm{d}t}'];
    for (const k of [1, 2, 7]) {
      for (const f of formulas) {
        const r = parseObjective(`${k} * (${f})`);
        assert.ok(r.ok, f);
        lines.push(r.value.tex, ...r.value.gradient.flatMap(p => [p.tex, `${partialTex(p.variable)} =`]));
      }
    }
    const render = (): (string | undefined)[] => {
      const t = newTypesetter();
      return lines.map(tex => typeset(t, tex));
    };
    try {
      useFasterMathJax(false);
      const published = render();
      useFasterMathJax(true);
      const faster = render();
      assert.ok(lines.length > 150 && published.every(svg => svg?.startsWith('<svg')), 'every line typesets');
      for (let i = 0; i < lines.length; i++) assert.strictEqual(faster[i], published[i], lines[i]);
    } finally {
      useFasterMathJax(true);
    }
  });
});
