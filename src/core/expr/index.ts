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
 *   - What is evaluated is the raw derivative after a value-preserving cleanup (tidy.ts), never the
 *     output of mathjs simplify, which can change values (josdejong/mathjs#3329). A gradient `text`
 *     is the simplified form only when it agrees with the evaluated form at sample points.
 *   - A numeric (finite-difference) entry has `symbolic: false`, `text` and `tex` '' and a note why;
 *     a symbolic one over 10,000 terms is evaluated but not shown (text '', with a note).
 *   - `f`, `grad` and `hessian().evaluate` never throw: missing coordinates or data read as NaN.
 *   - See functions.ts for where the numbers follow mathjs and where they deliberately do not.
 * Errors are values: nothing here throws out of the public functions.
 */
import { ok, Result } from '../result';
import { buildObjective, internalError } from './objective';
import { toText } from './tex';
import { parseObjectiveText } from './validate';

export interface PartialDerivative {
  variable: string;
  /** mathjs syntax, re-parseable; '' when `symbolic` is false or the derivative is too long to show (see note). */
  text: string;
  tex: string;
  symbolic: boolean;
  /** Why the entry is numeric, or what convention a piecewise derivative follows. */
  note?: string;
}

export interface Hessian {
  /** Row-major n×n text of ∂²f/∂v_i∂v_j; '' for numeric entries and ones too long to show. */
  text: string[][];
  tex: string[][];
  /** Which entries are symbolic (the rest are central differences of the gradient). */
  symbolic: boolean[][];
  evaluate(x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>): void;
}

export interface CompiledObjective {
  source: string;
  /** The objective body in mathjs syntax, constants replaced by their values. */
  text: string;
  tex: string;
  /** The parameters being optimized, in the order of the x vector. */
  variables: string[];
  /** Extra inputs (dataset columns) in the order of the data vector; [] for plain objectives. */
  dataColumns: string[];
  constants: Record<string, number>;
  /** One per variable, in variable order. */
  gradient: PartialDerivative[];
  /** `f` in `f(x, y) = …`, when the person named the objective. */
  name?: string;
  f(x: ArrayLike<number>, data?: ArrayLike<number>): number;
  /** Fills out[i] = ∂f/∂variables[i]. */
  grad(x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>): void;
  /** Built on first call (may take longer than parseObjective), then cached. */
  hessian(): Result<Hessian>;
}

export interface ParseOptions {
  /** Explicit parameter list (datasets: ['w', 'b']); other symbols must be data columns or constants. */
  variables?: string[];
  /** Names bound per data row, passed as the `data` array in this order. */
  dataColumns?: string[];
  /**
   * Bound on the simplify-for-display work of one call, in work units (default
   * LIMITS.simplifyWork): counted, not timed, so the same formula always gives the same text.
   */
  simplifyWork?: number;
  /** Older form of the same bound, converted to work units at LIMITS.simplifyWorkPerMs (never timed). */
  timeBudgetMs?: number;
}

/** Parses, checks, differentiates and compiles an objective. Never throws. */
export function parseObjective(source: string, options: ParseOptions = {}): Result<CompiledObjective> {
  try {
    const parsed = parseObjectiveText(source, options);
    if (!parsed.ok) return parsed;
    return ok(buildObjective(parsed.value, options));
  } catch (e) {
    return internalError(e);
  }
}

/** Fast validation for an input box as the person types: no derivative, no compilation. */
export function checkExpression(source: string): Result<{ variables: string[]; text: string }> {
  try {
    const parsed = parseObjectiveText(source);
    if (!parsed.ok) return parsed;
    return ok({ variables: parsed.value.variables, text: toText(parsed.value.body) });
  } catch (e) {
    return internalError(e);
  }
}
