/**
 * TeX maths for the hover: where a maths span is (span.ts) and what it means in mathjs syntax
 * (translate.ts, on top of a real LaTeX maths parser in parse.ts). Both are synchronous and pure;
 * the parser module is loaded on the first translation.
 */
export { texSpanAt } from './span';
export type { TexSpan } from './span';
export { texToMathjs } from './translate';
export type { TexTranslation } from './translate';
