import * as assert from 'assert';
import { svgDataUri, texToSvg } from '../../src/extension/texSvg';

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
});
