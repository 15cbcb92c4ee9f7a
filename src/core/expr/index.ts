/**
 * Public API of the expression layer — the only code in the project that touches mathjs.
 *
 *   parseObjective(text) → CompiledObjective: variables, text/TeX, the gradient as text/TeX per
 *   variable (symbolic or a finite-difference fallback, with a note), and compiled plain-number
 *   evaluators for f, ∇f and (lazily) the Hessian.
 *
 * Conventions:
 *   - `text` is mathjs syntax that parses back to the same function, with declared constants
 *     replaced by their values (so it stands alone: `a = 10; f(x) = a*x^2` → `10 * x ^ 2`), implicit
 *     multiplication made explicit and the person's parentheses kept.
 *   - What is evaluated is the raw derivative after a value-preserving cleanup (tidy.ts). A gradient
 *     `text` is the display clean-up of it (polish.ts) only when that agrees with the evaluated form
 *     at sample points inside the domain (display.ts); otherwise the evaluated form itself.
 *   - A numeric (finite-difference) entry has `symbolic: false`, `text` and `tex` '' and a note why;
 *     a symbolic one over 10,000 terms is evaluated but not shown (text '', with a note).
 *   - `f`, `grad` and `hessian().evaluate` never throw: missing coordinates or data read as NaN.
 *   - See functions.ts for where the numbers follow mathjs and where they deliberately do not.
 * Errors are values: nothing here throws out of the public functions.
 */
import { ok, Result } from '../result';
import type { CompiledObjective, ParseOptions } from './types';
import { buildObjective, internalError } from './objective';
import { toText } from './tex';
import { parseObjectiveText } from './validate';
import { unicodeToMathjs } from '../hover/unicode';

export type { CompiledObjective, Hessian, ParseOptions, PartialDerivative } from './types';
/** The generated JavaScript of a compiled f, ∇f or f-and-∇f (worker threads rebuild it without mathjs). */
export { generatedSource } from './compile';

/**
 * Unicode maths (`π·x²`, `θ₀ − 1`) reads as its mathjs spelling, in every entry point. An error's
 * position points into what the person wrote: kept where the two texts still agree, otherwise at
 * the first rewritten character, with the text as read quoted in the message.
 */
function parseUnicode<T>(source: string, parse: (text: string) => Result<T>): Result<T> {
  const text = unicodeToMathjs(source);
  const r = parse(text);
  if (r.ok || text === source) return r;
  let same = 0;
  while (same < source.length && source[same] === text[same]) same++;
  const { position } = r.error;
  if (position === undefined || position < same) return r;
  return { ok: false, error: { ...r.error, position: same, message: `${r.error.message} (in the text as read: ${text})` } };
}

/** Parses, checks, differentiates and compiles an objective. Never throws. */
export function parseObjective(source: string, options: ParseOptions = {}): Result<CompiledObjective> {
  try {
    const parsed = parseUnicode(source, text => parseObjectiveText(text, options));
    if (!parsed.ok) return parsed;
    return ok(buildObjective(parsed.value));
  } catch (e) {
    return internalError(e);
  }
}

/** Fast validation for an input box as the person types: no derivative, no compilation. */
export function checkExpression(source: string): Result<{ variables: string[]; text: string }> {
  try {
    const parsed = parseUnicode(source, text => parseObjectiveText(text));
    if (!parsed.ok) return parsed;
    return ok({ variables: parsed.value.variables, text: toText(parsed.value.body) });
  } catch (e) {
    return internalError(e);
  }
}
