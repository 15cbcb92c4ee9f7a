/** Plain parentheses in generated TeX where nothing tall is inside. */
import * as assert from 'node:assert/strict';
import { plainParentheses } from '../../../src/core/expr/tex';

describe('expr: TeX parentheses', () => {
  it('flat groups lose \\left/\\right, innermost first, so a flat outer group follows', () => {
    assert.equal(plainParentheses(String.raw`\left(-2\right)\cdot\exp\left(-x^{2}\right)`), String.raw`(-2)\cdot\exp(-x^{2})`);
    assert.equal(plainParentheses(String.raw`\left(a+\left(b-c\right)\right)^{2}`), String.raw`(a+(b-c))^{2}`);
  });
  it('groups holding a fraction, a root or a power of a power keep stretchy delimiters, and so do their parents', () => {
    assert.equal(plainParentheses(String.raw`\left(\frac{1}{x}\right)^{2}`), String.raw`\left(\frac{1}{x}\right)^{2}`);
    assert.equal(plainParentheses(String.raw`\left(1+\left(\sqrt{x}\right)\right)`), String.raw`\left(1+\left(\sqrt{x}\right)\right)`);
    assert.equal(plainParentheses(String.raw`\left(x^{y^{2}}\right)`), String.raw`\left(x^{y^{2}}\right)`);
  });
  it('other stretchy delimiters and unmatched text are left alone', () => {
    assert.equal(plainParentheses(String.raw`\left|x\right|+\left\lfloor y\right\rfloor`), String.raw`\left|x\right|+\left\lfloor y\right\rfloor`);
    assert.equal(plainParentheses(String.raw`a\right)`), String.raw`a\right)`);
  });
});
