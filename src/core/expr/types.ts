/**
 * The expression layer's public types (re-exported by index.ts). Kept apart so that the modules
 * that build these values (objective.ts) need not import the entry point.
 */
import type { Result } from '../result';

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
  /** One per variable, in variable order (their display texts are made on the first read). */
  gradient: PartialDerivative[];
  /** The i-th entry of `gradient`, making only that one's display text if none has been read yet. */
  partial(i: number): PartialDerivative;
  /** `f` in `f(x, y) = …`, when the person named the objective. */
  name?: string;
  f(x: ArrayLike<number>, data?: ArrayLike<number>): number;
  /** Fills out[i] = ∂f/∂variables[i]. */
  grad(x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>): void;
  /**
   * One function that returns f and fills `out` with ∇f (the same numbers as `f` and `grad`, with
   * the subexpressions they share computed once); compiled on first call, then cached.
   */
  valueAndGradient(): (x: ArrayLike<number>, out: Float64Array, data?: ArrayLike<number>) => number;
  /** Built on first call (may take longer than parseObjective), then cached. */
  hessian(): Result<Hessian>;
}

export interface ParseOptions {
  /** Explicit parameter list (datasets: ['w', 'b']); other symbols must be data columns or constants. */
  variables?: string[];
  /** Names bound per data row, passed as the `data` array in this order. */
  dataColumns?: string[];
}
