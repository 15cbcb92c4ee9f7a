/**
 * Formulas the extension runs through the whole hover pipeline (gradient, display texts, MathJax)
 * in the background before the first hover, so that the hover meets code the JavaScript engine has
 * already compiled: a MathJax conversion costs ~4× less after a few hundred than on the first
 * ones. They cover what hovers show most (powers, quotients, exp/log, trig, roots, abs/max), each in
 * WARM_UP_ROUNDS variants (about 100 conversions in all, one formula per task); none is a formula
 * the hover benchmark measures.
 */
const WARM_UP_ROUNDS = 3;
const BASE: readonly string[] = [
  '(1 - p)^2 + 100*(q - p^2)^2',
  'exp(-p^2 - q^2) * sin(3*p)',
  'log(1 + exp(-p*q))',
  'sqrt(p^2 + q^2 + 1) - p/q',
  '1 / (1 + exp(-p)) + tanh(q)^3',
  'p^4/4 - cos(p*q) + atan(q)',
  'abs(p) + max(p, q)^2 + p^0.5',
  '(p - 3)^3 * (q + 2) / (p^2 + 1)',
];

export const HOVER_WARM_UP_FORMULAS: readonly string[] = Array.from({ length: WARM_UP_ROUNDS }, (_, round) =>
  BASE.map(f => (round === 0 ? f : `${round + 1} * (${f}) - q^${round + 1}`))).flat();
