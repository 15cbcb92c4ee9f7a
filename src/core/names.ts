/**
 * Names that cross the boundaries (dataset parameters, objective variables): the shape of a symbol
 * in a mathjs expression — a letter (any script), `_` or `$`, then letters, digits, `_` or `$`.
 */
export function isSymbolName(s: string): boolean {
  return typeof s === 'string' && s.length <= 200 && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(s);
}
